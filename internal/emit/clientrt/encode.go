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

// jsonEncoder appends one JSON document to buf. Errors are sticky.
type jsonEncoder struct {
	buf []byte
	err error
}

// jsonEncodable is a generated type that encodes itself.
type jsonEncodable interface{ encodeJSON(e *jsonEncoder) }

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
	v.encodeJSON(e)
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
		e.buf, e.err = e.buf[:0], nil
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
func (e *jsonEncoder) open() { e.buf = append(e.buf, '{') }

//go:noinline
func (e *jsonEncoder) key(k string) {
	if e.buf[len(e.buf)-1] != '{' {
		e.buf = append(e.buf, ',')
	}
	e.buf = append(e.buf, k...)
}

//go:noinline
func (e *jsonEncoder) close() { e.buf = append(e.buf, '}') }

func (e *jsonEncoder) null() { e.buf = append(e.buf, "null"...) }

// variant puts key, an encoded key and value, first in the object that
// starts at buf[at]: how a union writes its discriminator into the
// variant's encoding.
func (e *jsonEncoder) variant(at int, key string) {
	if e.err != nil {
		return
	}
	if at >= len(e.buf) || e.buf[at] != '{' {
		e.fail(errors.New("json: union variant does not encode as a JSON object"))
		return
	}
	n := len(key)
	empty := e.buf[len(e.buf)-2] == '{' && len(e.buf)-at == 2
	if !empty {
		n++
	}
	e.buf = slices.Insert(e.buf, at+1, make([]byte, n)...)
	copy(e.buf[at+1:], key)
	if !empty {
		e.buf[at+1+len(key)] = ','
	}
}

// optional writes a member whose pointer is not nil.
//
//go:noinline
func optional[T any](e *jsonEncoder, key string, p *T, enc func(T, *jsonEncoder)) {
	if p != nil {
		e.key(key)
		enc(*p, e)
	}
}

// optSlice writes a member whose slice is not nil (omitzero).
//
//go:noinline
func optSlice[T any](e *jsonEncoder, key string, s []T, enc func(T, *jsonEncoder)) {
	if s != nil {
		e.key(key)
		encSlice(s, e, enc)
	}
}

// optMap writes a member whose map is not nil (omitzero).
//
//go:noinline
func optMap[V any](e *jsonEncoder, key string, m map[string]V, enc func(V, *jsonEncoder)) {
	if m != nil {
		e.key(key)
		encMap(m, e, enc)
	}
}

// optRaw writes a member whose raw JSON is not empty (omitempty).
//
//go:noinline
func optRaw(e *jsonEncoder, key string, raw json.RawMessage) {
	if len(raw) != 0 {
		e.key(key)
		encRaw(raw, e)
	}
}

// optNullable writes a member that is set or null (omitzero).
//
//go:noinline
func optNullable[T any](e *jsonEncoder, key string, n Nullable[T], enc func(T, *jsonEncoder)) {
	if n.state != 0 {
		e.key(key)
		encNullable(n, e, enc)
	}
}

func encStr[T ~string](v T, e *jsonEncoder) { e.buf = appendString(e.buf, string(v)) }

func encBool[T ~bool](v T, e *jsonEncoder) { e.buf = strconv.AppendBool(e.buf, bool(v)) }

func encInt[T ~int64 | ~int32](v T, e *jsonEncoder) { e.buf = strconv.AppendInt(e.buf, int64(v), 10) }

// encFloat formats as encoding/json does: the shortest representation,
// in exponent form below 1e-6 and from 1e21 on.
func encFloat[T ~float64](v T, e *jsonEncoder) {
	f := float64(v)
	if math.IsInf(f, 0) || math.IsNaN(f) {
		e.fail(&json.UnsupportedValueError{Str: strconv.FormatFloat(f, 'g', -1, 64)})
		return
	}
	format := byte('f')
	if a := math.Abs(f); a != 0 && (a < 1e-6 || a >= 1e21) {
		format = 'e'
	}
	b := strconv.AppendFloat(e.buf, f, format, -1, 64)
	if format == 'e' {
		// e-07 is written e-7.
		if n := len(b); n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
			b[n-2] = b[n-1]
			b = b[:n-1]
		}
	}
	e.buf = b
}

//go:noinline
func encBytes(v []byte, e *jsonEncoder) {
	if v == nil {
		e.null()
		return
	}
	e.buf = append(e.buf, '"')
	e.buf = base64.StdEncoding.AppendEncode(e.buf, v)
	e.buf = append(e.buf, '"')
}

// encRaw writes raw JSON compacted, as encoding/json writes a
// json.RawMessage: null when nil, an error when not valid JSON.
//
//go:noinline
func encRaw(v json.RawMessage, e *jsonEncoder) {
	if v == nil {
		e.null()
		return
	}
	e.compact(v)
}

// compact appends raw without the space between tokens, escaping <, >, &,
// U+2028 and U+2029 in strings; raw must be one valid JSON value.
func (e *jsonEncoder) compact(raw []byte) {
	s := scanner{data: raw}
	s.space()
	if err := s.skip(1); err != nil {
		e.fail(fmt.Errorf("json: error calling MarshalJSON for type json.RawMessage: %w", err))
		return
	}
	s.space()
	if s.i != len(raw) {
		e.fail(errors.New("json: error calling MarshalJSON for type json.RawMessage: invalid JSON after the value"))
		return
	}
	b := e.buf
	inStr := false
	start := 0
	for i := 0; i < len(raw); i++ {
		c := raw[i]
		if inStr {
			switch {
			case c == '\\':
				i++
			case c == '"':
				inStr = false
			case c == '<' || c == '>' || c == '&':
				b = append(b, raw[start:i]...)
				b = append(b, `\u00`...)
				b = append(b, hexDigits[c>>4], hexDigits[c&0xF])
				start = i + 1
			case c == 0xE2 && i+2 < len(raw) && raw[i+1] == 0x80 && raw[i+2]&^1 == 0xA8:
				b = append(b, raw[start:i]...)
				b = append(b, `\u202`...)
				b = append(b, hexDigits[raw[i+2]&0xF])
				i += 2
				start = i + 1
			}
			continue
		}
		switch c {
		case '"':
			inStr = true
		case ' ', '\t', '\n', '\r':
			b = append(b, raw[start:i]...)
			start = i + 1
		}
	}
	e.buf = append(b, raw[start:]...)
}

//go:noinline
func encTime(v time.Time, e *jsonEncoder) {
	b, err := v.AppendText(append(e.buf, '"'))
	if err != nil {
		e.fail(fmt.Errorf("json: error calling MarshalJSON for type time.Time: %w", err))
		return
	}
	e.buf = append(b, '"')
}

// encStd encodes by encoding/json: for the types without a generated
// encoder.
func encStd[T any](v T, e *jsonEncoder) {
	b, err := json.Marshal(v)
	if err != nil {
		e.fail(err)
		return
	}
	e.buf = append(e.buf, b...)
}

// encPtr writes null for a nil pointer.
//
//go:noinline
func encPtr[T any](p *T, e *jsonEncoder, enc func(T, *jsonEncoder)) {
	if p == nil {
		e.null()
		return
	}
	enc(*p, e)
}

func encSlice[T any](s []T, e *jsonEncoder, enc func(T, *jsonEncoder)) {
	if s == nil {
		e.null()
		return
	}
	e.buf = append(e.buf, '[')
	for i := range s {
		if i > 0 {
			e.buf = append(e.buf, ',')
		}
		enc(s[i], e)
	}
	e.buf = append(e.buf, ']')
}

func encMap[V any](m map[string]V, e *jsonEncoder, enc func(V, *jsonEncoder)) {
	if m == nil {
		e.null()
		return
	}
	e.open()
	encMembers(e, m, enc)
	e.close()
}

// encMembers writes the entries of m as members of the object being
// written, keys sorted: a map's entries, or a struct's undeclared
// properties after its fields.
func encMembers[V any](e *jsonEncoder, m map[string]V, enc func(V, *jsonEncoder)) {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		if e.buf[len(e.buf)-1] != '{' {
			e.buf = append(e.buf, ',')
		}
		e.buf = appendString(e.buf, k)
		e.buf = append(e.buf, ':')
		enc(m[k], e)
	}
}

// encNullable writes null unless a value is set.
//
//go:noinline
func encNullable[T any](n Nullable[T], e *jsonEncoder, enc func(T, *jsonEncoder)) {
	if n.state != 2 {
		e.null()
		return
	}
	enc(n.value, e)
}

const hexDigits = "0123456789abcdef"

// safeInString marks the ASCII bytes a JSON string holds as they are when
// escaping for HTML.
var safeInString = func() (t [utf8.RuneSelf]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		t[c] = c != '"' && c != '\\' && c != '<' && c != '>' && c != '&'
	}
	return t
}()

// appendString writes s as a JSON string the way encoding/json does with
// HTML escaping: <, >, & and the line and paragraph separators as \u
// escapes, invalid UTF-8 as \ufffd.
func appendString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if safeInString[c] {
				i++
				continue
			}
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
// discriminator member, first; isNil says x is a nil pointer.
//
//go:noinline
func encVariant(e *jsonEncoder, x jsonEncodable, isNil bool, key string) {
	if isNil {
		e.fail(errors.New("json: nil union variant"))
		return
	}
	at := len(e.buf)
	x.encodeJSON(e)
	e.variant(at, key)
}

// encObject writes x, a pointer to a generated type, or null when isNil.
//
//go:noinline
func encObject(e *jsonEncoder, x jsonEncodable, isNil bool) {
	if isNil {
		e.null()
		return
	}
	x.encodeJSON(e)
}

// encObjects writes a slice of generated types, whose encoders take a
// pointer to the element. It is instantiated for every such type, so the
// punctuation is written by calls.
func encObjects[T any](s []T, e *jsonEncoder, enc func(*T, *jsonEncoder)) {
	if s == nil {
		e.null()
		return
	}
	e.byte('[')
	for i := range s {
		if i > 0 {
			e.byte(',')
		}
		enc(&s[i], e)
	}
	e.byte(']')
}

//go:noinline
func (e *jsonEncoder) byte(c byte) { e.buf = append(e.buf, c) }

// Non-generic forms of the commonest encoders (see decString).

//go:noinline
func encString(v string, e *jsonEncoder) { e.buf = appendString(e.buf, v) }

//go:noinline
func encBoolean(v bool, e *jsonEncoder) { e.buf = strconv.AppendBool(e.buf, v) }

//go:noinline
func encInt64(v int64, e *jsonEncoder) { e.buf = strconv.AppendInt(e.buf, v, 10) }

//go:noinline
func encFloat64(v float64, e *jsonEncoder) { encFloat(v, e) }

// optString writes a member whose *string is not nil.
//
//go:noinline
func optString(e *jsonEncoder, key string, p *string) {
	if p != nil {
		e.key(key)
		e.buf = appendString(e.buf, *p)
	}
}

//go:noinline
func optBool(e *jsonEncoder, key string, p *bool) {
	if p != nil {
		e.key(key)
		e.buf = strconv.AppendBool(e.buf, *p)
	}
}

//go:noinline
func optInt64(e *jsonEncoder, key string, p *int64) {
	if p != nil {
		e.key(key)
		e.buf = strconv.AppendInt(e.buf, *p, 10)
	}
}

//go:noinline
func optTime(e *jsonEncoder, key string, p *time.Time) {
	if p != nil {
		e.key(key)
		encTime(*p, e)
	}
}

// fieldString writes a member that is always present: one call in
// generated code instead of two.
//
//go:noinline
func fieldString(e *jsonEncoder, key string, v string) {
	e.key(key)
	e.buf = appendString(e.buf, v)
}

//go:noinline
func fieldBool(e *jsonEncoder, key string, v bool) {
	e.key(key)
	e.buf = strconv.AppendBool(e.buf, v)
}

//go:noinline
func fieldInt64(e *jsonEncoder, key string, v int64) {
	e.key(key)
	e.buf = strconv.AppendInt(e.buf, v, 10)
}
