package clientrt

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"sync"
	"time"
	"unicode/utf8"
)

// The generated types encode themselves over jsonEncoder, writing the
// bytes json.Marshal writes for them: fields in declaration order,
// omitempty and omitzero as encoding/json reads them, map keys sorted,
// strings escaped for HTML, floats formatted alike, raw JSON compacted and
// checked.
//
// Every encoder takes the bytes written so far and returns them with its
// value appended, as strconv's Append functions do; only an error is
// kept in the jsonEncoder. The buffer lives in the callers' registers and
// stack, not in a heap object: a slice stored through a pointer costs a
// write barrier at each store while the garbage collector marks, which
// made encoding several times slower whenever a collection ran.

// jsonEncoder holds an encoding's error, which is sticky, and between
// encodings the buffer the pool keeps.
type jsonEncoder struct {
	buf  []byte
	err  error
	disc string // a union's discriminator member, for open to write
}

// jsonEncodable is a generated type that encodes itself.
type jsonEncodable interface {
	encodeJSON(b []byte, e *jsonEncoder) []byte
}

// The helpers that generated code calls once per field are not inlined
// (each has a go:noinline directive): inlined at every field of every
// type, they made the generated functions several times larger and the
// package several times slower to compile (client-v1.22.40: 10.4 s against
// oapi-codegen's 5.8 s) for a call's worth of run time per field.
//
// The scalar encoders take their value, the generated types' encoders a
// pointer (encodeJSON has a pointer receiver: a value receiver would
// copy the struct at every call and make the compiler write a pointer
// wrapper of each). Nothing keeps the pointer, so a struct encoded from
// the stack stays there.

// encoders are reused: encoding then allocates only the result.
var encoders = sync.Pool{New: func() any { return &jsonEncoder{buf: make([]byte, 0, 1024)} }}

// marshalJSON encodes v as json.Marshal would.
func marshalJSON(v jsonEncodable) ([]byte, error) {
	e := newEncoder()
	e.buf = v.encodeJSON(e.buf, e)
	return e.result()
}

func newEncoder() *jsonEncoder { return encoders.Get().(*jsonEncoder) }

// result returns a copy of what was written, and the encoder to the pool.
func (e *jsonEncoder) result() ([]byte, error) {
	var out []byte
	err := e.err
	if err == nil {
		out = slices.Clone(e.buf)
	}
	if cap(e.buf) <= 64<<10 {
		e.buf, e.err, e.disc = e.buf[:0], nil, ""
		encoders.Put(e)
	}
	return out, err
}

// encodeBody encodes a request body: by the generated encoder when the
// value has one, else by encoding/json.
func encodeBody(v any) ([]byte, error) {
	if x, ok := v.(jsonEncodable); ok {
		return marshalJSON(x)
	}
	return json.Marshal(v)
}

func (e *jsonEncoder) fail(err error) {
	if e.err == nil {
		e.err = err
	}
}

// open starts an object; key writes a member's key, given as its encoded
// form with the colon; close ends the object.
// open and close are not inlined either: every generated encoder calls
// both once.
//
//go:noinline
func (e *jsonEncoder) open(b []byte) []byte {
	b = append(b, '{')
	if e.disc != "" {
		b = append(b, e.disc...)
		e.disc = ""
	}
	return b
}

//go:noinline
func (e *jsonEncoder) key(b []byte, k string) []byte { return appendKey(b, k) }

func appendKey(b []byte, k string) []byte {
	if b[len(b)-1] != '{' {
		b = append(b, ',')
	}
	return append(b, k...)
}

//go:noinline
func (e *jsonEncoder) close(b []byte) []byte { return append(b, '}') }

func (e *jsonEncoder) null(b []byte) []byte { return append(b, "null"...) }

// optional writes a member whose pointer is not nil.
//
//go:noinline
func optional[T any](b []byte, e *jsonEncoder, key string, p *T, enc func([]byte, T, *jsonEncoder) []byte) []byte {
	if p != nil {
		b = enc(appendKey(b, key), *p, e)
	}
	return b
}

// optSlice writes a member whose slice is not nil (omitzero).
//
//go:noinline
func optSlice[T any](b []byte, e *jsonEncoder, key string, s []T, enc func([]byte, T, *jsonEncoder) []byte) []byte {
	if s != nil {
		b = encSlice(appendKey(b, key), s, e, enc)
	}
	return b
}

// optMap writes a member whose map is not nil (omitzero).
//
//go:noinline
func optMap[V any](b []byte, e *jsonEncoder, key string, m map[string]V, enc func([]byte, V, *jsonEncoder) []byte) []byte {
	if m != nil {
		b = encMap(appendKey(b, key), m, e, enc)
	}
	return b
}

// optRaw writes a member whose raw JSON is not empty (omitempty).
//
//go:noinline
func optRaw(b []byte, e *jsonEncoder, key string, raw json.RawMessage) []byte {
	if len(raw) != 0 {
		b = encRaw(appendKey(b, key), raw, e)
	}
	return b
}

// optNullable writes a member that is set or null (omitzero).
//
//go:noinline
func optNullable[T any](b []byte, e *jsonEncoder, key string, n Nullable[T], enc func([]byte, T, *jsonEncoder) []byte) []byte {
	if n.state != 0 {
		b = encNullable(appendKey(b, key), n, e, enc)
	}
	return b
}

func encStr[T ~string](b []byte, v T, _ *jsonEncoder) []byte { return appendString(b, string(v)) }

func encBool[T ~bool](b []byte, v T, _ *jsonEncoder) []byte { return strconv.AppendBool(b, bool(v)) }

func encInt[T ~int64 | ~int32](b []byte, v T, _ *jsonEncoder) []byte {
	return strconv.AppendInt(b, int64(v), 10)
}

// encFloat formats as encoding/json does: the shortest representation,
// in exponent form below 1e-6 and from 1e21 on.
func encFloat[T ~float64](b []byte, v T, e *jsonEncoder) []byte {
	f := float64(v)
	if math.IsInf(f, 0) || math.IsNaN(f) {
		e.fail(&json.UnsupportedValueError{Str: strconv.FormatFloat(f, 'g', -1, 64)})
		return b
	}
	format := byte('f')
	if a := math.Abs(f); a != 0 && (a < 1e-6 || a >= 1e21) {
		format = 'e'
	}
	b = strconv.AppendFloat(b, f, format, -1, 64)
	if format == 'e' {
		// e-07 is written e-7.
		if n := len(b); n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
			b[n-2] = b[n-1]
			b = b[:n-1]
		}
	}
	return b
}

//go:noinline
func encBytes(b []byte, v []byte, _ *jsonEncoder) []byte {
	if v == nil {
		return append(b, "null"...)
	}
	b = append(b, '"')
	b = base64.StdEncoding.AppendEncode(b, v)
	return append(b, '"')
}

// encRaw writes raw JSON compacted, as encoding/json writes a
// json.RawMessage: null when nil, an error when not valid JSON.
//
//go:noinline
func encRaw(b []byte, v json.RawMessage, e *jsonEncoder) []byte {
	if v == nil {
		return append(b, "null"...)
	}
	return e.compact(b, v)
}

// compact appends raw as compactJSON does, failing as encoding/json
// fails on an invalid json.RawMessage.
func (e *jsonEncoder) compact(b, raw []byte) []byte {
	out, err := compactJSON(b, raw)
	if err != nil {
		e.fail(fmt.Errorf("json: error calling MarshalJSON for type json.RawMessage: %w", err))
		return b
	}
	return out
}

// compactJSON appends src, which must be one JSON value, without the
// space between tokens and with <, >, &, U+2028 and U+2029 in strings
// escaped: what json.Marshal writes for a json.RawMessage. It checks and
// copies in one pass, appending runs of bytes rather than bytes, so raw
// JSON that is compact already (the usual case: it was read from a
// response, or written by json.Marshal) is checked and copied whole.
// What it accepts is what encoding/json accepts: the RFC 8259 grammar,
// nesting at most maxDepth deep, and any bytes but control characters in
// strings (invalid UTF-8 included, copied as it is).
func compactJSON(dst, src []byte) ([]byte, error) {
	var small [64]byte
	stack := small[:0] // the closers of the open arrays and objects
	i, start, n := 0, 0, len(src)
	var what string // the fault, when the loops break
loop:
	for {
		// A value starts at i.
		if i < n && src[i] <= ' ' {
			dst, i, start = passSpace(dst, src, i, start)
		}
		if i >= n {
			what = "looking for beginning of value"
			break
		}
		switch c := src[i]; {
		case c == '"':
			if i, dst, start = compactString(dst, src, i, start); i < 0 {
				i, what = -i, "in string literal"
				break loop
			}
		case c == '{' || c == '[':
			if len(stack) >= maxDepth {
				return dst, errNestedTooDeeply
			}
			closer := c + 2 // } and ] follow { and [ two apart
			stack = append(stack, closer)
			i++
			if i < n && src[i] <= ' ' {
				dst, i, start = passSpace(dst, src, i, start)
			}
			if i < n && src[i] == closer {
				i++
				stack = stack[:len(stack)-1]
				break
			}
			if c == '[' {
				continue
			}
			if i, dst, start, what = compactKey(dst, src, i, start); what != "" {
				break loop
			}
			continue
		case c == 't':
			if n-i < 4 || string(src[i:i+4]) != "true" {
				what = "in literal true"
				break loop
			}
			i += 4
		case c == 'f':
			if n-i < 5 || string(src[i:i+5]) != "false" {
				what = "in literal false"
				break loop
			}
			i += 5
		case c == 'n':
			if n-i < 4 || string(src[i:i+4]) != "null" {
				what = "in literal null"
				break loop
			}
			i += 4
		case c == '-' || c >= '0' && c <= '9':
			if i = number(src, i); i < 0 {
				i, what = -i, "in numeric literal"
				break loop
			}
		default:
			what = "looking for beginning of value"
			break loop
		}
		// A value ended at i: what follows closes arrays and objects,
		// separates a value from the next, or ends the document.
		for {
			if i < n && src[i] <= ' ' {
				dst, i, start = passSpace(dst, src, i, start)
			}
			if len(stack) == 0 {
				if i < n {
					what = "after top-level value"
					break loop
				}
				return append(dst, src[start:]...), nil
			}
			if i >= n {
				break loop
			}
			closer := stack[len(stack)-1]
			if src[i] == closer {
				i++
				stack = stack[:len(stack)-1]
				continue
			}
			if src[i] != ',' {
				what = "after array element or object value"
				break loop
			}
			i++
			if closer == '}' {
				if i, dst, start, what = compactKey(dst, src, i, start); what != "" {
					break loop
				}
			}
			continue loop
		}
	}
	if i >= n {
		return dst, errors.New("unexpected end of JSON input")
	}
	return dst, fmt.Errorf("invalid character %q %s at offset %d", src[i], what, i)
}

// passSpace passes over the space at src[i], copying what came before.
func passSpace(dst, src []byte, i, start int) ([]byte, int, int) {
	if !isSpace(src[i]) {
		return dst, i, start
	}
	dst = append(dst, src[start:i]...)
	for i++; i < len(src) && isSpace(src[i]); i++ {
	}
	return dst, i, i
}

// compactKey passes over an object's key and its colon, from src[i]; what
// is the fault, if any.
func compactKey(dst, src []byte, i, start int) (int, []byte, int, string) {
	n := len(src)
	if i < n && src[i] <= ' ' {
		dst, i, start = passSpace(dst, src, i, start)
	}
	if i >= n || src[i] != '"' {
		return i, dst, start, "looking for beginning of object key string"
	}
	if i, dst, start = compactString(dst, src, i, start); i < 0 {
		return -i, dst, start, "in string literal"
	}
	if i < n && src[i] <= ' ' {
		dst, i, start = passSpace(dst, src, i, start)
	}
	if i >= n || src[i] != ':' {
		return i, dst, start, "after object key"
	}
	return i + 1, dst, start, ""
}

// compactString passes over the string token at src[i], copying as
// compactJSON does: it returns the index after it (or minus the index of
// the fault), dst and the start of the bytes not yet copied.
func compactString(dst, src []byte, i, start int) (int, []byte, int) {
	n := len(src)
	for i++; ; {
		// Strings in documents are mostly short: a byte at a time by a
		// table beats eight at a time with the words' set-up.
		for i < n && !rawStop[src[i]] {
			i++
		}
		if i >= n {
			return -i, dst, start
		}
		switch c := src[i]; {
		case c == '"':
			return i + 1, dst, start
		case c == '\\':
			if i+1 >= n {
				return -(i + 1), dst, start
			}
			switch src[i+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				i += 2
			case 'u':
				for j := i + 2; j < i+6; j++ {
					if j >= n || !hexDigit(src[j]) {
						return -j, dst, start
					}
				}
				i += 6
			default:
				return -(i + 1), dst, start
			}
		case c < ' ':
			return -i, dst, start
		case c == '<' || c == '>' || c == '&':
			dst = append(dst, src[start:i]...)
			dst = append(dst, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
			i++
			start = i
		case c == 0xE2 && i+2 < n && src[i+1] == 0x80 && src[i+2]&^1 == 0xA8:
			dst = append(dst, src[start:i]...)
			dst = append(dst, '\\', 'u', '2', '0', '2', hexDigits[src[i+2]&0xF])
			i += 3
			start = i
		default: // other bytes from 0x80 on, copied as they are
			i++
		}
	}
}

// rawStop marks the bytes compactString looks at in a string: the ones
// that end it or escape, control characters, the ones to escape for HTML
// and the first byte of U+2028 and U+2029; other bytes are copied as they
// are.
var rawStop = func() (t [256]bool) {
	for c := range 256 {
		t[c] = c < ' ' || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' || c == 0xE2
	}
	return t
}()

func hexDigit(c byte) bool { return c >= '0' && c <= '9' || c|0x20 >= 'a' && c|0x20 <= 'f' }

// number passes over the number at src[i], returning the index after it
// or minus the index of the fault.
func number(src []byte, i int) int {
	n := len(src)
	digits := func(i int) int {
		for i < n && src[i] >= '0' && src[i] <= '9' {
			i++
		}
		return i
	}
	if src[i] == '-' {
		i++
	}
	switch {
	case i < n && src[i] == '0':
		i++
	case i < n && src[i] >= '1' && src[i] <= '9':
		i = digits(i + 1)
	default:
		return -i
	}
	if i < n && src[i] == '.' {
		if i++; i >= n || src[i] < '0' || src[i] > '9' {
			return -i
		}
		i = digits(i)
	}
	if i < n && src[i]|0x20 == 'e' {
		if i++; i < n && (src[i] == '+' || src[i] == '-') {
			i++
		}
		if i >= n || src[i] < '0' || src[i] > '9' {
			return -i
		}
		i = digits(i)
	}
	return i
}

// plainRun is the index of the first byte from s[i] on that a JSON
// string cannot hold as it is when escaping for HTML (a byte below 0x20,
// " \\ < > &, or one from 0x80 on, which starts UTF-8 to look at), or
// len(s). It reads eight bytes at a time.
func plainRun(s string, i int) int {
	const lo, hi = 0x0101010101010101, 0x8080808080808080
	for ; i+8 <= len(s); i += 8 {
		t := s[i : i+8]
		x := uint64(t[0]) | uint64(t[1])<<8 | uint64(t[2])<<16 | uint64(t[3])<<24 |
			uint64(t[4])<<32 | uint64(t[5])<<40 | uint64(t[6])<<48 | uint64(t[7])<<56
		// A byte of y is zero just where the byte of x is one of the
		// pair: " and & differ in bit 2 only, < and > in bit 1. A test
		// for a zero byte, (y-lo)&^y&hi, is exact on bytes below 0x80,
		// and so is the one for a byte below 0x20.
		y1 := x | 4*lo ^ '&'*lo
		y2 := x | 2*lo ^ '>'*lo
		y3 := x ^ '\\'*lo
		if (x|(y1-lo)&^y1|(y2-lo)&^y2|(y3-lo)&^y3|(x-' '*lo)&^x)&hi != 0 {
			break
		}
	}
	for i < len(s) && stringPlain[s[i]] {
		i++
	}
	return i
}

//go:noinline
func encTime(b []byte, v time.Time, e *jsonEncoder) []byte {
	out, err := v.AppendText(append(b, '"'))
	if err != nil {
		e.fail(fmt.Errorf("json: error calling MarshalJSON for type time.Time: %w", err))
		return b
	}
	return append(out, '"')
}

// encStd encodes by encoding/json: for the types without a generated
// encoder.
func encStd[T any](b []byte, v T, e *jsonEncoder) []byte {
	out, err := json.Marshal(v)
	if err != nil {
		e.fail(err)
		return b
	}
	return append(b, out...)
}

// encPtr writes null for a nil pointer.
//
//go:noinline
func encPtr[T any](b []byte, p *T, e *jsonEncoder, enc func([]byte, T, *jsonEncoder) []byte) []byte {
	if p == nil {
		return append(b, "null"...)
	}
	return enc(b, *p, e)
}

func encSlice[T any](b []byte, s []T, e *jsonEncoder, enc func([]byte, T, *jsonEncoder) []byte) []byte {
	if s == nil {
		return append(b, "null"...)
	}
	b = append(b, '[')
	for i := range s {
		if i > 0 {
			b = append(b, ',')
		}
		b = enc(b, s[i], e)
	}
	return append(b, ']')
}

func encMap[V any](b []byte, m map[string]V, e *jsonEncoder, enc func([]byte, V, *jsonEncoder) []byte) []byte {
	if m == nil {
		return append(b, "null"...)
	}
	b = e.open(b)
	b = encMembers(b, e, m, enc)
	return e.close(b)
}

// encMembers writes the entries of m as members of the object being
// written, keys sorted: a map's entries, or a struct's undeclared
// properties after its fields.
func encMembers[V any](b []byte, e *jsonEncoder, m map[string]V, enc func([]byte, V, *jsonEncoder) []byte) []byte {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		if b[len(b)-1] != '{' {
			b = append(b, ',')
		}
		b = appendString(b, k)
		b = append(b, ':')
		b = enc(b, m[k], e)
	}
	return b
}

// encNullable writes null unless a value is set.
//
//go:noinline
func encNullable[T any](b []byte, n Nullable[T], e *jsonEncoder, enc func([]byte, T, *jsonEncoder) []byte) []byte {
	if n.state != 2 {
		return append(b, "null"...)
	}
	return enc(b, n.value, e)
}

const hexDigits = "0123456789abcdef"

// stringPlain marks the bytes a JSON string holds as they are when
// escaping for HTML: ASCII from 0x20 on but for " \\ < > &. (Bytes from
// 0x80 on are UTF-8, looked at rune by rune.)
var stringPlain = func() (t [256]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		t[c] = c != '"' && c != '\\' && c != '<' && c != '>' && c != '&'
	}
	return t
}()

// appendString writes s as a JSON string the way encoding/json does with
// HTML escaping: <, >, & and the line and paragraph separators as \u
// escapes, invalid UTF-8 as \ufffd. Runs of bytes that need no escape
// are appended whole, found eight bytes at a time.
func appendString(b []byte, s string) []byte {
	if i := plainRun(s, 0); i < len(s) {
		return appendEscaped(b, s, i)
	}
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"')
}

// appendEscaped is appendString for s whose first i bytes are plain.
func appendEscaped(b []byte, s string, i int) []byte {
	b = append(b, '"')
	start := 0
	for {
		if i = plainRun(s, i); i >= len(s) {
			break
		}
		c := s[i]
		if c < utf8.RuneSelf {
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xF])
		default:
			i += n
			continue
		}
		i += n
		start = i
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// encVariant writes a union's variant x with key, the encoded
// discriminator member, first; isNil says x is a nil pointer. The
// variant's encoder writes the key when it opens its object, the first
// thing a struct's encoder does: the member is not moved in afterwards.
//
//go:noinline
func encVariant(b []byte, e *jsonEncoder, x jsonEncodable, isNil bool, key string) []byte {
	if isNil {
		e.fail(errors.New("json: nil union variant"))
		return b
	}
	at := len(b)
	e.disc = key
	b = x.encodeJSON(b, e)
	if e.disc != "" {
		// Not a struct's encoder: raw JSON a union kept, say.
		e.disc = ""
		b = e.insertMember(b, at, key)
	}
	return b
}

// insertMember puts key, an encoded key and value, first in the object
// that starts at b[at].
func (e *jsonEncoder) insertMember(b []byte, at int, key string) []byte {
	if e.err != nil {
		return b
	}
	if at >= len(b) || b[at] != '{' {
		e.fail(errors.New("json: union variant does not encode as a JSON object"))
		return b
	}
	n := len(key)
	empty := len(b)-at == 2
	if !empty {
		n++
	}
	end := len(b)
	b = append(b, key...) // grows b by n
	if !empty {
		b = append(b, ',')
	}
	copy(b[at+1+n:], b[at+1:end])
	copy(b[at+1:], key)
	if !empty {
		b[at+1+len(key)] = ','
	}
	return b
}

// encObject writes x, a pointer to a generated type, or null when isNil.
//
//go:noinline
func encObject(b []byte, e *jsonEncoder, x jsonEncodable, isNil bool) []byte {
	if isNil {
		return append(b, "null"...)
	}
	return x.encodeJSON(b, e)
}

// encObjects writes a slice of generated types, whose encoders take a
// pointer to the element. It is instantiated for every such type, so the
// punctuation is written by calls.
func encObjects[T any](b []byte, s []T, e *jsonEncoder, enc func(*T, []byte, *jsonEncoder) []byte) []byte {
	if s == nil {
		return e.null(b)
	}
	b = e.byte(b, '[')
	for i := range s {
		if i > 0 {
			b = e.byte(b, ',')
		}
		b = enc(&s[i], b, e)
	}
	return e.byte(b, ']')
}

//go:noinline
func (e *jsonEncoder) byte(b []byte, c byte) []byte { return append(b, c) }

// Non-generic forms of the commonest encoders (see decString).

//go:noinline
func encString(b []byte, v string, _ *jsonEncoder) []byte { return appendString(b, v) }

//go:noinline
func encBoolean(b []byte, v bool, _ *jsonEncoder) []byte { return strconv.AppendBool(b, v) }

//go:noinline
func encInt64(b []byte, v int64, _ *jsonEncoder) []byte { return strconv.AppendInt(b, v, 10) }

//go:noinline
func encFloat64(b []byte, v float64, e *jsonEncoder) []byte { return encFloat(b, v, e) }

// optString writes a member whose *string is not nil.
//
//go:noinline
func optString(b []byte, key string, p *string) []byte {
	if p != nil {
		b = appendString(appendKey(b, key), *p)
	}
	return b
}

//go:noinline
func optBool(b []byte, key string, p *bool) []byte {
	if p != nil {
		b = strconv.AppendBool(appendKey(b, key), *p)
	}
	return b
}

//go:noinline
func optInt64(b []byte, key string, p *int64) []byte {
	if p != nil {
		b = strconv.AppendInt(appendKey(b, key), *p, 10)
	}
	return b
}

//go:noinline
func optTime(b []byte, e *jsonEncoder, key string, p *time.Time) []byte {
	if p != nil {
		b = encTime(appendKey(b, key), *p, e)
	}
	return b
}

// fieldString writes a member that is always present: one call in
// generated code instead of two.
//
//go:noinline
func fieldString(b []byte, key string, v string) []byte {
	return appendString(appendKey(b, key), v)
}

//go:noinline
func fieldBool(b []byte, key string, v bool) []byte {
	return strconv.AppendBool(appendKey(b, key), v)
}

//go:noinline
func fieldInt64(b []byte, key string, v int64) []byte {
	return strconv.AppendInt(appendKey(b, key), v, 10)
}

// marshalUnknown is MarshalJSON for a struct that keeps unknown members
// but has no generated encoder (no request body holds it): fields is the
// struct converted to a type without methods, which json.Marshal encodes
// by its fields' tags as it would the struct, and u the members, which
// are written after the fields, compacted, as the encoder writes them.
func marshalUnknown(fields any, u unknownFields) ([]byte, error) {
	b, err := json.Marshal(fields)
	if err != nil || u.raw == nil {
		return b, err
	}
	var e jsonEncoder
	b = e.end(b[:len(b)-1], u)
	if e.err != nil {
		return nil, e.err
	}
	return b, nil
}
