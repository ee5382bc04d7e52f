package clientrt

import (
	"bytes"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"math/bits"
	"reflect"
	"strconv"
	"strings"
	"time"
	"unicode/utf16"
	"unicode/utf8"
)

// The generated types decode themselves over jsonDecoder instead of
// through encoding/json's reflection. The decisions are encoding/json's:
// the same documents are accepted and rejected (syntax anywhere, trailing
// data, nesting deeper than 10000, numbers that do not fit), object keys
// match a field exactly or else case-insensitively, duplicate keys decode
// into the same field again, null leaves a struct, string, number or bool
// as it was and sets a pointer, slice or map to nil, and strings have
// their escapes decoded with invalid UTF-8 replaced by U+FFFD. What
// differs: decoding stops at the first error of any kind (encoding/json
// goes on after a type mismatch, so the partly filled value differs; the
// kind of error does not: a *json.SyntaxError for an invalid document, a
// *json.UnmarshalTypeError, without Struct and Field, for a mismatch), and
// decoded strings share one copy of the input, so a value keeps that
// copy alive (Detach copies them out). Members a struct does not declare
// are kept (unknown.go), where encoding/json drops them.

// jsonDecoder reads one JSON document. Errors are sticky: after the first,
// every read is a no-op and the generated loops end.
type jsonDecoder struct {
	data  []byte
	i     int
	depth int
	err   error
	key   string // the key of the member being read, set by object and next
	keyAt int    // where that member starts (its key's quote), for unknownFields

	folded bool       // field matched key by case folding only
	seen   [256]uint8 // field's memory of where keys matched: index+1 by a hash

	seal   seal // the discriminator a union decodes a variant on a guess of
	unions int  // unions being decoded: only the outermost guesses

	// unionKey is the discriminator of the union whose variant decodes
	// next, set by the union and taken by the variant (takeUnionKey): the
	// variant skips that member, which the union writes back, and keeps
	// every other one, a discriminator of another union included.
	unionKey string

	src string // string(data), made at the first string or number read: strings are its substrings
	raw []byte // the block RawMessages are copied into (ownSpan)

	// Slabs that optional scalars are allocated from, many to an allocation.
	strs  []string
	bools []bool
	ints  []int64
	times []time.Time
}

// jsonDecodable is a generated type that decodes itself.
type jsonDecodable interface{ decodeJSON(d *jsonDecoder) }

// unmarshalJSON decodes data, one JSON document, into v.
func unmarshalJSON(data []byte, v jsonDecodable) error {
	d := jsonDecoder{data: data}
	d.space()
	v.decodeJSON(&d)
	return d.finish()
}

// unmarshalWith decodes data into *p with decode, a generated function.
func unmarshalWith[T any](data []byte, p *T, decode func(*T, *jsonDecoder)) error {
	d := jsonDecoder{data: data}
	d.space()
	decode(p, &d)
	return d.finish()
}

func (d *jsonDecoder) finish() error {
	if d.err == nil {
		d.space()
		if d.i < len(d.data) {
			d.fail("after top-level value")
		}
	}
	if d.err != nil && !json.Valid(d.data) {
		// encoding/json checks the whole document before it decodes
		// anything: an invalid one fails with its *json.SyntaxError,
		// whatever else came first. Only failures pay for this.
		return syntaxError(d.data)
	}
	return d.err
}

// SyntaxError or mismatch: the first one wins.
func (d *jsonDecoder) fail(context string) {
	if d.err != nil {
		return
	}
	if d.i >= len(d.data) {
		d.err = fmt.Errorf("json: unexpected end of JSON input")
		return
	}
	d.err = fmt.Errorf("json: invalid character %s %s (offset %d)", quoteByte(d.data[d.i]), context, d.i)
}

func quoteByte(c byte) string {
	if c == '\'' {
		return `'\''`
	}
	if c == '"' {
		return `'"'`
	}
	s := strconv.Quote(string(rune(c)))
	return "'" + s[1:len(s)-1] + "'"
}

// mismatchOf is mismatch for the type p points to: generic decoders
// call it rather than instantiate reflect.TypeFor for every type.
//
//go:noinline
func (d *jsonDecoder) mismatchOf(p any) {
	want := reflect.TypeFor[struct{}]() // for a caller with no Go type to name
	if p != nil {
		want = reflect.TypeOf(p).Elem()
	}
	d.mismatch(want)
}

// opening reads what starts the value of a decSlice or decMap: true at
// the open bracket or brace c, which it leaves to be read; false after
// null (reporting it) or a value of another kind (an error naming the
// type p points to). Out of the generic functions, it is compiled once.
//
//go:noinline
func (d *jsonDecoder) opening(c byte, p any) (open, null bool) {
	switch d.peek() {
	case c:
		return true, false
	case 'n':
		return false, d.literal("null")
	}
	d.mismatchOf(p)
	return false, false
}

// mismatch records that the value at the decoder cannot go into a Go
// value of type want, after checking that it is valid JSON. want must not
// be nil: UnmarshalTypeError.Error calls its String method.
func (d *jsonDecoder) mismatch(want reflect.Type) {
	start := d.i
	what := kindName(d.peek())
	d.skip()
	if d.err == nil {
		d.err = &json.UnmarshalTypeError{Value: what, Type: want, Offset: int64(start)}
	}
}

func kindName(c byte) string {
	switch {
	case c == '{':
		return "object"
	case c == '[':
		return "array"
	case c == '"':
		return "string"
	case c == 't' || c == 'f':
		return "bool"
	case c == 'n':
		return "null"
	}
	return "number"
}

func (d *jsonDecoder) space() {
	for d.i < len(d.data) {
		switch d.data[d.i] {
		case ' ', '\t', '\n', '\r':
			d.i++
		default:
			return
		}
	}
}

func (d *jsonDecoder) peek() byte {
	if d.i < len(d.data) {
		return d.data[d.i]
	}
	return 0
}

// literal reads the keyword lit (true, false, null) at the decoder.
func (d *jsonDecoder) literal(lit string) bool {
	if len(d.data)-d.i >= len(lit) && string(d.data[d.i:d.i+len(lit)]) == lit {
		d.i += len(lit)
		return true
	}
	// Find where the keyword goes wrong, for the offset.
	for j := 0; j < len(lit) && d.i < len(d.data) && d.data[d.i] == lit[j]; j++ {
		d.i++
	}
	d.fail("in literal " + lit)
	return false
}

// null reads a null if one is next; the decoder is at a value.
func (d *jsonDecoder) null() bool {
	if d.err != nil || d.peek() != 'n' {
		return false
	}
	return d.literal("null")
}

// object starts reading the object at the decoder: false for null (read)
// or an empty object, or after an error; true with key set at the first
// member, the colon read.
func (d *jsonDecoder) object(of any) bool {
	if d.err != nil {
		return false
	}
	switch d.peek() {
	case '{':
	case 'n':
		d.literal("null")
		return false
	default:
		d.mismatchOf(of)
		return false
	}
	d.i++
	d.depth++
	if d.depth > maxDepth {
		d.err = errors.New("json: exceeded max depth")
		return false
	}
	d.space()
	if d.peek() == '}' {
		d.i++
		d.depth--
		return false
	}
	return d.member()
}

// next moves to the next member of the object being read: false at its
// end or after an error.
func (d *jsonDecoder) next() bool {
	if d.err != nil {
		return false
	}
	d.space()
	switch d.peek() {
	case ',':
		d.i++
		if d.i < len(d.data) && d.data[d.i] <= ' ' {
			d.space()
		}
		return d.member()
	case '}':
		d.i++
		d.depth--
		return false
	}
	d.fail("after object key:value pair")
	return false
}

func (d *jsonDecoder) member() bool {
	data, i := d.data, d.i
	if i >= len(data) || data[i] != '"' {
		d.fail("looking for beginning of object key string")
		return false
	}
	d.keyAt = i
	// Most keys are short and plain: read them a byte at a time here, and
	// leave the rest to str.
	j := i + 1
	for j < len(data) && j-i <= 16 && plainKey[data[j]] {
		j++
	}
	if j < len(data) && data[j] == '"' {
		d.key, i = d.substr(i+1, j), j+1
	} else {
		k, ok := d.str()
		if !ok {
			return false
		}
		d.key, i = k, d.i
	}
	if i < len(data) && data[i] == ':' {
		i++
	} else {
		d.i = i
		d.space()
		if d.peek() != ':' {
			d.fail("after object key")
			return false
		}
		i = d.i + 1
	}
	d.i = i
	if i < len(data) && data[i] <= ' ' {
		d.space()
	}
	return true
}

// plainKey marks the bytes member reads a key of without str.
var plainKey = func() (t [256]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

// field is the index in names, a struct's member names in sorted order,
// of the member whose key was just read: the name equal to it, or else
// the first equal to it under Unicode case folding, as encoding/json
// matches keys; -1 for none. folded reports a match by folding only (a
// struct that keeps its undeclared properties keeps that key as one of
// them too). names is the struct's array of names in the generated
// package, so that its decoder switches on a small integer rather than on
// the key: a jump table is a fraction of the code of a string switch, and
// the package compiles that much faster.
//
//go:noinline
func (d *jsonDecoder) field(names []string) int {
	k := d.key
	d.folded = false
	// The objects of a document repeat their keys (a list of nodes): the
	// index a key last matched, remembered by a hash of the key and the
	// size of the table, is tried first. A stale or colliding entry only
	// fails the comparison.
	var h uint
	if len(k) > 0 {
		x := uint(len(names))*0x9e3779b1 ^ uint(len(k))*0x85ebca6b ^ uint(k[0])<<8 ^ uint(k[len(k)/2])<<16 ^ uint(k[len(k)-1])*0xc2b2ae35
		h = (x >> 7) % uint(len(d.seen))
		if i := int(d.seen[h]) - 1; i >= 0 && i < len(names) && names[i] == k {
			return i
		}
	}
	if len(names) <= 16 {
		for i, n := range names {
			if n == k {
				if i < 255 {
					d.seen[h] = uint8(i + 1)
				}
				return i
			}
		}
	} else {
		lo, hi := 0, len(names)
		for lo < hi {
			m := int(uint(lo+hi) >> 1)
			if names[m] < k {
				lo = m + 1
			} else {
				hi = m
			}
		}
		if lo < len(names) && names[lo] == k {
			if lo < 255 {
				d.seen[h] = uint8(lo + 1)
			}
			return lo
		}
	}
	for i, n := range names {
		// Names whose first bytes are ASCII and differ in more than case
		// cannot fold equal: most keys no name matches (a variant's
		// discriminator, an unknown member) are told so without folding.
		if len(k) > 0 && len(n) > 0 && k[0]|n[0] < utf8.RuneSelf && k[0]|0x20 != n[0]|0x20 {
			continue
		}
		if foldEqual(k, n) {
			d.folded = true
			return i
		}
	}
	return -1
}

// foldEqual is how encoding/json's folded names compare: as
// strings.EqualFold does.
func foldEqual(a, b string) bool { return strings.EqualFold(a, b) }

// array starts reading the array at the decoder, like object: true at
// the first element.
func (d *jsonDecoder) array() bool {
	if d.err != nil {
		return false
	}
	d.i++ // '['
	d.depth++
	if d.depth > maxDepth {
		d.err = errors.New("json: exceeded max depth")
		return false
	}
	d.space()
	if d.peek() == ']' {
		d.i++
		d.depth--
		return false
	}
	return true
}

// nextElem moves past the element just read: true at the next one.
func (d *jsonDecoder) nextElem() bool {
	if d.err != nil {
		return false
	}
	d.space()
	switch d.peek() {
	case ',':
		d.i++
		d.space()
		return true
	case ']':
		d.i++
		d.depth--
		return false
	}
	d.fail("after array element")
	return false
}

// skip passes over one value, checking it.
func (d *jsonDecoder) skip() {
	if d.err != nil {
		return
	}
	s := scanner{data: d.data, i: d.i}
	if err := s.skip(d.depth + 1); err != nil {
		d.i = s.i
		if err == errNestedTooDeeply {
			d.err = errors.New("json: exceeded max depth")
			return
		}
		d.fail("in value")
		return
	}
	d.i = s.i
}

// span passes over one value and returns its bytes, which alias the input.
func (d *jsonDecoder) span() []byte {
	start := d.i
	d.skip()
	if d.err != nil {
		return nil
	}
	return d.data[start:d.i]
}

// ownSpan is span, copied into memory the decoder allocates in blocks
// for the raw values of one document (and never writes again): a
// RawMessage does not hold the caller's input, and a few small ones do
// not cost a copy of all of it.
func (d *jsonDecoder) ownSpan() json.RawMessage {
	start := d.i
	d.skip()
	if d.err != nil {
		return nil
	}
	n := d.i - start
	if cap(d.raw)-len(d.raw) < n {
		// Each block is twice the last, and no larger than what is left
		// of the input, which bounds what raw values can still take.
		size := max(2*cap(d.raw), 512, n)
		size = min(size, max(len(d.data)-start, n))
		d.raw = make([]byte, 0, size)
	}
	at := len(d.raw)
	d.raw = append(d.raw, d.data[start:d.i]...)
	return d.raw[at:len(d.raw):len(d.raw)]
}

// strRun is the index of the first byte at or after i in b that ends a
// run of bytes a string token holds as they are: a quote, a backslash, a
// control character, or, with ascii, a byte of a multi-byte character
// (whose UTF-8 must be checked). Eight bytes are looked at a time: most
// of a JSON document is strings, and most of its time is spent here.
func strRun(b []byte, i int, ascii bool) int {
	const (
		ones = 0x0101010101010101
		high = 0x8080808080808080
	)
	var stopHigh uint64
	if ascii {
		stopHigh = high
	}
	for ; i+8 <= len(b); i += 8 {
		x := binary.LittleEndian.Uint64(b[i:])
		q := x ^ (ones * '"')
		e := x ^ (ones * '\\')
		// A byte is flagged where it is zero in q or e, or below 0x20 in
		// x; a borrow can flag a byte above a flagged one, never below,
		// so the lowest flag is exact.
		m := ((q-ones)&^q | (e-ones)&^e | (x-ones*0x20)&^x) & high
		m |= x & stopHigh
		if m != 0 {
			return i + bits.TrailingZeros64(m)/8
		}
	}
	for ; i < len(b); i++ {
		c := b[i]
		if c == '"' || c == '\\' || c < 0x20 || ascii && c >= utf8.RuneSelf {
			break
		}
	}
	return i
}

// str reads a string token: a substring of the input copy when it has no
// escapes and is valid UTF-8, else decoded as encoding/json does.
func (d *jsonDecoder) str() (string, bool) {
	start := d.i + 1
	i := strRun(d.data, start, true)
	if i < len(d.data) && d.data[i] == '"' {
		d.i = i + 1
		return d.substr(start, i), true
	}
	// Escapes, control characters or non-ASCII: check the token, then
	// decode it unless it is valid UTF-8 without escapes. The ASCII run
	// before i needs no UTF-8 check.
	escaped, from := false, i
	for ; i < len(d.data); i++ {
		c := d.data[i]
		switch {
		case c == '"':
			d.i = i + 1
			if !escaped && utf8.Valid(d.data[from:i]) {
				return d.substr(start, i), true
			}
			return unquote(d.data[start:i]), true
		case c == '\\':
			escaped = true
			i++
			if i >= len(d.data) {
				d.i = i
				d.fail("in string")
				return "", false
			}
			switch d.data[i] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
			case 'u':
				for j := 1; j <= 4; j++ {
					if i+j >= len(d.data) || !isHex(d.data[i+j]) {
						d.i = i + j
						d.fail("in \\u hexadecimal character escape")
						return "", false
					}
				}
				i += 4
			default:
				d.i = i
				d.fail("in string escape code")
				return "", false
			}
		case c < 0x20:
			d.i = i
			d.fail("in string literal")
			return "", false
		}
	}
	d.i = i
	d.fail("in string literal")
	return "", false
}

func (d *jsonDecoder) substr(i, j int) string {
	if d.src == "" {
		d.src = string(d.data)
	}
	return d.src[i:j]
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// unquote decodes the content of a checked string token: escapes, and
// U+FFFD for invalid UTF-8 and for surrogates that do not pair.
func unquote(s []byte) string {
	b := make([]byte, 0, len(s)+utf8.UTFMax)
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '\\':
			e := s[i+1]
			i += 2
			switch e {
			case 'b':
				b = append(b, '\b')
			case 'f':
				b = append(b, '\f')
			case 'n':
				b = append(b, '\n')
			case 'r':
				b = append(b, '\r')
			case 't':
				b = append(b, '\t')
			case 'u':
				r := hex4(s[i:])
				i += 4
				if utf16.IsSurrogate(r) {
					if i+6 <= len(s) && s[i] == '\\' && s[i+1] == 'u' {
						if pair := utf16.DecodeRune(r, hex4(s[i+2:])); pair != utf8.RuneError {
							b = utf8.AppendRune(b, pair)
							i += 6
							break
						}
					}
					r = utf8.RuneError
				}
				b = utf8.AppendRune(b, r)
			default: // " \ /
				b = append(b, e)
			}
		case c < utf8.RuneSelf:
			b = append(b, c)
			i++
		default:
			r, n := utf8.DecodeRune(s[i:])
			if r == utf8.RuneError && n == 1 {
				b = append(b, "\uFFFD"...)
			} else {
				b = append(b, s[i:i+n]...)
			}
			i += n
		}
	}
	return string(b)
}

func hex4(s []byte) rune {
	var r rune
	for _, c := range s[:4] {
		switch {
		case '0' <= c && c <= '9':
			c -= '0'
		case 'a' <= c && c <= 'f':
			c = c - 'a' + 10
		default:
			c = c - 'A' + 10
		}
		r = r<<4 | rune(c)
	}
	return r
}

// number reads a number token and returns it, checked against JSON's
// grammar.
func (d *jsonDecoder) number() (string, bool) {
	start, i := d.i, d.i
	b := d.data
	if i < len(b) && b[i] == '-' {
		i++
	}
	switch {
	case i < len(b) && b[i] == '0':
		i++
	case i < len(b) && '1' <= b[i] && b[i] <= '9':
		for i++; i < len(b) && '0' <= b[i] && b[i] <= '9'; i++ {
		}
	default:
		d.i = i
		d.fail("in numeric literal")
		return "", false
	}
	if i < len(b) && b[i] == '.' {
		i++
		if i >= len(b) || b[i] < '0' || b[i] > '9' {
			d.i = i
			d.fail("after decimal point in numeric literal")
			return "", false
		}
		for ; i < len(b) && '0' <= b[i] && b[i] <= '9'; i++ {
		}
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		i++
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		if i >= len(b) || b[i] < '0' || b[i] > '9' {
			d.i = i
			d.fail("in exponent of numeric literal")
			return "", false
		}
		for ; i < len(b) && '0' <= b[i] && b[i] <= '9'; i++ {
		}
	}
	d.i = i
	return d.substr(start, i), true
}

// parseInt is strconv.ParseInt(s, 10, 64) for s, a checked JSON number:
// up to 18 digits cannot overflow and are added up here, as most are.
func parseInt(s string) (int64, error) {
	t := s
	if len(t) > 0 && t[0] == '-' {
		t = t[1:]
	}
	if len(t) == 0 || len(t) > 18 {
		return strconv.ParseInt(s, 10, 64)
	}
	var n int64
	for i := 0; i < len(t); i++ {
		c := t[i]
		if c < '0' || c > '9' {
			return strconv.ParseInt(s, 10, 64)
		}
		n = n*10 + int64(c-'0')
	}
	if len(t) < len(s) {
		n = -n
	}
	return n, nil
}

// The value decoders: each reads one value into *p, the way encoding/json
// decodes into a Go value of that type.

func decStr[T ~string](p *T, d *jsonDecoder) {
	switch d.peek() {
	case '"':
		if s, ok := d.str(); ok {
			*p = T(s)
		}
	case 'n':
		d.literal("null")
	default:
		d.mismatchOf(p)
	}
}

func decBool[T ~bool](p *T, d *jsonDecoder) {
	switch d.peek() {
	case 't':
		if d.literal("true") {
			*p = true
		}
	case 'f':
		if d.literal("false") {
			*p = false
		}
	case 'n':
		d.literal("null")
	default:
		d.mismatchOf(p)
	}
}

func decInt[T ~int64 | ~int32](p *T, d *jsonDecoder) {
	c := d.peek()
	if c == 'n' {
		d.literal("null")
		return
	}
	if c != '-' && (c < '0' || c > '9') {
		d.mismatchOf(p)
		return
	}
	start := d.i
	s, ok := d.number()
	if !ok {
		return
	}
	n, err := parseInt(s)
	if err != nil || int64(T(n)) != n {
		d.err = &json.UnmarshalTypeError{Value: "number " + s, Type: reflect.TypeOf(p).Elem(), Offset: int64(start)}
		return
	}
	*p = T(n)
}

func decFloat[T ~float64](p *T, d *jsonDecoder) {
	c := d.peek()
	if c == 'n' {
		d.literal("null")
		return
	}
	if c != '-' && (c < '0' || c > '9') {
		d.mismatchOf(p)
		return
	}
	start := d.i
	s, ok := d.number()
	if !ok {
		return
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		d.err = &json.UnmarshalTypeError{Value: "number " + s, Type: reflect.TypeOf(p).Elem(), Offset: int64(start)}
		return
	}
	*p = T(f)
}

// decBytes reads base64, or an array of bytes, as encoding/json does for
// []byte.
func decBytes(p *[]byte, d *jsonDecoder) {
	switch d.peek() {
	case '"':
		s, ok := d.str()
		if !ok {
			return
		}
		b := make([]byte, base64.StdEncoding.DecodedLen(len(s)))
		n, err := base64.StdEncoding.Decode(b, []byte(s))
		if err != nil {
			d.err = err
			return
		}
		*p = b[:n]
	case 'n':
		d.literal("null")
		*p = nil
	case '[':
		// encoding/json also takes an array of numbers 0 to 255.
		decSlice(p, d, decByte)
	default:
		d.mismatch(reflect.TypeFor[[]byte]())
	}
}

// decByte reads an element of a []byte given as an array.
func decByte(p *byte, d *jsonDecoder) {
	c := d.peek()
	if c == 'n' {
		d.literal("null")
		return
	}
	if c != '-' && (c < '0' || c > '9') {
		d.mismatch(reflect.TypeFor[byte]())
		return
	}
	start := d.i
	s, ok := d.number()
	if !ok {
		return
	}
	n, err := strconv.ParseUint(s, 10, 8)
	if err != nil {
		d.err = &json.UnmarshalTypeError{Value: "number " + s, Type: reflect.TypeFor[byte](), Offset: int64(start)}
		return
	}
	*p = byte(n)
}

// decRaw keeps the value as it came (null included), as json.RawMessage does.
//
//go:noinline
func decRaw(p *json.RawMessage, d *jsonDecoder) {
	if v := d.ownSpan(); d.err == nil {
		*p = v
	}
}

// decTime decodes by time.Time's own UnmarshalJSON.
//
//go:noinline
func decTime(p *time.Time, d *jsonDecoder) {
	start := d.i
	d.skip()
	if d.err == nil {
		if err := p.UnmarshalJSON(d.data[start:d.i]); err != nil {
			d.err = err
		}
	}
}

// decStd decodes by encoding/json: for the types without a generated
// decoder.
func decStd[T any](p *T, d *jsonDecoder) {
	if b := d.span(); d.err == nil {
		if err := json.Unmarshal(b, p); err != nil {
			d.err = err
		}
	}
}

// slab hands out one element of *s, allocating them sixteen at a time.
func slab[T any](s *[]T) *T {
	if len(*s) == cap(*s) {
		*s = make([]T, 0, 16)
	}
	*s = (*s)[:len(*s)+1]
	return &(*s)[len(*s)-1]
}

// decPtr decodes into *p, allocating it if nil; null makes it nil.
//
//go:noinline
func decPtr[T any](p **T, d *jsonDecoder, dec func(*T, *jsonDecoder)) {
	if d.null() {
		*p = nil
		return
	}
	if *p == nil {
		*p = new(T)
	}
	dec(*p, d)
}

// slabbed decodes into *p, allocating it from slab s if nil; null makes
// it nil.
func slabbed[T any](p **T, d *jsonDecoder, s *[]T, dec func(*T, *jsonDecoder)) {
	if d.null() {
		*p = nil
		return
	}
	if *p == nil {
		*p = slab(s)
	}
	dec(*p, d)
}

//go:noinline
func decStrPtr(p **string, d *jsonDecoder) { slabbed(p, d, &d.strs, decStr[string]) }

//go:noinline
func decBoolPtr(p **bool, d *jsonDecoder) { slabbed(p, d, &d.bools, decBool[bool]) }

//go:noinline
func decIntPtr(p **int64, d *jsonDecoder) { slabbed(p, d, &d.ints, decInt[int64]) }

//go:noinline
func decTimePtr(p **time.Time, d *jsonDecoder) { slabbed(p, d, &d.times, decTime) }

// decSlice decodes an array into *p, reusing its elements as
// encoding/json does; an empty array gives an empty, non-nil slice.
func decSlice[T any](p *[]T, d *jsonDecoder, dec func(*T, *jsonDecoder)) {
	if open, null := d.opening('[', p); !open {
		if null {
			*p = nil
		}
		return
	}
	s := *p
	i := 0
	for more := d.array(); more; more = d.nextElem() {
		switch {
		case i < len(s):
		case i < cap(s):
			s = s[:i+1]
		default:
			var zero T
			s = append(s, zero)
		}
		dec(&s[i], d)
		i++
	}
	if d.err != nil {
		return
	}
	if i == 0 {
		*p = []T{}
		return
	}
	*p = s[:i]
}

// decMap decodes an object into *p, adding to the map it holds.
func decMap[V any](p *map[string]V, d *jsonDecoder, dec func(*V, *jsonDecoder)) {
	if open, null := d.opening('{', p); !open {
		if null {
			*p = nil
		}
		return
	}
	if *p == nil {
		*p = map[string]V{}
	}
	for more := d.object(nil); more; more = d.next() { // opening saw the brace
		k := d.key
		var v V
		dec(&v, d)
		if d.err == nil {
			(*p)[k] = v
		}
	}
}

// decNullable records null or decodes the value.
//
//go:noinline
func decNullable[T any](p *Nullable[T], d *jsonDecoder, dec func(*T, *jsonDecoder)) {
	if d.null() {
		var zero T
		p.value, p.state = zero, 1
		return
	}
	dec(&p.value, d)
	if d.err == nil {
		p.state = 2
	}
}

// within says in which union variant an error happened.
func (d *jsonDecoder) within(what string) {
	if d.err != nil {
		d.err = fmt.Errorf("%s: %w", what, d.err)
	}
}

// A union's decoder decodes the variant its discriminator names, which
// usually comes after other members (Kratos writes node_type in the
// middle). Looking for it first (memberAt) reads the object twice, so the
// decoder guesses: the value after the first "key": ahead names the
// variant to decode, and the variant's decoder, which passes each member
// named key it does not declare to sealed, notes where the last one at its
// own level is. If that one holds the guessed value, the variant decoded
// is the one the object names; if not (or the decode failed), the decoder
// goes back to the start of the object and decodes it again with the value
// memberAt finds. The result is the same either way: only a good guess is
// kept, and the second decode starts from the same state.

// seal is the discriminator of the variant being decoded on a guess: key,
// the level of the variant's members, and where the value of the last
// member named key was found there (-1 for none yet).
type seal struct {
	key   string
	depth int
	at    int
}

// tagGuess is a union decoder's state between tag and confirmed.
type tagGuess struct {
	tag          string
	start, depth int
	outer        seal // the seal of an enclosing variant, restored after
	unions       int  // d.unions before this union, restored after
	state        uint8
}

const (
	tagGuessing = 1 // decoding the variant the guess names
	tagSure     = 2 // decoding the variant memberAt found
)

// tag is the discriminator value to decode the object at the decoder with:
// first a guess, then (after confirmed rejected it, or when there is none)
// the value memberAt finds.
//
// Only a union that no other union's decode encloses guesses: a rejected
// guess decodes the object twice, and guesses at every level of unions
// nested in each other could multiply that to 2ⁿ; inner unions look
// first, as all did before, so the cost stays at most twice that.
func (d *jsonDecoder) tag(key string, g *tagGuess) (string, bool) {
	if g.state == 0 {
		g.unions = d.unions
		d.unions++
		if g.unions == 0 && d.err == nil {
			if t, ok := d.guessTag(key); ok {
				g.tag, g.start, g.depth, g.outer, g.state = t, d.i, d.depth, d.seal, tagGuessing
				d.seal = seal{key: key, depth: d.depth + 1, at: -1}
				return t, true
			}
		}
	}
	g.state = tagSure
	return d.discriminator(key)
}

// confirmed reports whether the variant just decoded is the one the
// object names. If not, it rewinds the decoder to the start of the object,
// for the union to decode it again with tag.
func (d *jsonDecoder) confirmed(g *tagGuess) bool {
	// Unions inside this one's second decode still do not guess.
	d.unions = g.unions + 1
	if g.state != tagGuessing {
		d.unions = g.unions
		return true
	}
	key, at := d.seal.key, d.seal.at
	d.seal = g.outer
	g.state = tagSure
	if d.err == nil {
		end := d.i
		if at < 0 {
			// The variant did not note it (it declares a field of that
			// name, or is not a struct): look in the object, now checked.
			d.i = g.start
			at = d.memberAt(key)
		}
		if at >= 0 && d.data[at] == '"' {
			d.i = at
			if t, ok := d.str(); ok && t == g.tag {
				d.i, d.unions = end, g.unions
				return true
			}
		}
	}
	d.i, d.depth, d.err = g.start, g.depth, nil
	return false
}

// sealed passes over the member at the decoder, a discriminator of a union
// its struct is a variant of, noting where its value is for confirmed.
//
//go:noinline
func (d *jsonDecoder) sealed() {
	if d.depth == d.seal.depth && d.key == d.seal.key {
		d.seal.at = d.i
	}
	d.skip()
}

// guessTag is the value after the first "key": ahead of the decoder when
// it is a plain string: quick to find, and right when the object has the
// key once, at its own level (confirmed checks that).
func (d *jsonDecoder) guessTag(key string) (string, bool) {
	data := d.data
	if d.i >= len(data) || data[d.i] != '{' || key == "" {
		return "", false
	}
	// The look is bounded: past the object it would read its siblings,
	// and objects without the key plain (escaped, or missing) would each
	// read the rest of the input.
	limit := min(len(data), d.i+guessWindow)
	for from := d.i + 1; from < limit; {
		p := bytes.Index(data[from:limit], []byte(key))
		if p < 0 {
			return "", false
		}
		p += from
		from = p + 1
		end := p + len(key)
		if data[p-1] != '"' || end >= len(data) || data[end] != '"' {
			continue
		}
		i := end + 1
		for i < len(data) && isSpace(data[i]) {
			i++
		}
		if i >= len(data) || data[i] != ':' {
			continue
		}
		for i++; i < len(data) && isSpace(data[i]); i++ {
		}
		if i >= len(data) || data[i] != '"' {
			return "", false
		}
		j := strRun(data, i+1, true)
		if j >= len(data) || data[j] != '"' {
			return "", false
		}
		return d.substr(i+1, j), true
	}
	return "", false
}

// guessWindow is how far ahead guessTag looks for the discriminator: a
// union's object whose discriminator comes later is read twice.
const guessWindow = 2048

// discriminator finds the string value of the property key of the object
// at the decoder without moving past it; the decoder then reads the
// object with the variant it names, and that read checks the object.
func (d *jsonDecoder) discriminator(key string) (string, bool) {
	at := d.memberAt(key)
	if at < 0 {
		return "", false
	}
	if d.data[at] != '"' {
		s := scanner{data: d.data, i: at}
		d.err = fmt.Errorf("discriminator %q must be a string, got %s", key, s.what())
		return "", false
	}
	saved := d.i
	d.i = at
	v, ok := d.str()
	d.i = saved
	return v, ok
}

// takeUnionKey returns the discriminator the enclosing union read for the
// object about to be decoded, and clears it so that no object inside
// sees it: "" when the object is decoded on its own.
func (d *jsonDecoder) takeUnionKey() string {
	k := d.unionKey
	d.unionKey = ""
	return k
}

// numberDiscriminator is discriminator for an integer property: its value
// as decimal digits.
func (d *jsonDecoder) numberDiscriminator(key string) (string, bool) {
	at := d.memberAt(key)
	if at < 0 {
		return "", false
	}
	end := at
	for end < len(d.data) && isNumberByte(d.data[end]) {
		end++
	}
	n, err := strconv.ParseInt(string(d.data[at:end]), 10, 64)
	if err != nil {
		s := scanner{data: d.data, i: at}
		d.err = fmt.Errorf("discriminator %q must be an integer, got %s", key, s.what())
		return "", false
	}
	return strconv.FormatInt(n, 10), true
}

func isNumberByte(c byte) bool {
	return '0' <= c && c <= '9' || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E'
}

// memberAt is where the value of the last member named key of the object
// at the decoder starts, or -1 with the error set when it has none. A
// union's discriminator usually comes after other members (Kratos sorts
// them), so its value is looked for before the object is read; the look
// follows quotes and brackets only and checks nothing, because the read
// that follows checks every byte of the object: whatever this finds in an
// invalid document, decoding it fails, and finish then returns
// encoding/json's error for it. It allocates only for a key with escapes
// or non-ASCII bytes.
func (d *jsonDecoder) memberAt(key string) int {
	if d.err != nil {
		return -1
	}
	data, i := d.data, d.i
	if i >= len(data) || data[i] != '{' {
		s := scanner{data: data, i: i}
		d.err = fmt.Errorf("expected a JSON object, got %s", s.what())
		return -1
	}
	found, depth := -1, 0
scan:
	for ; i < len(data); i++ {
		switch data[i] {
		case '{', '[':
			depth++
		case '}', ']':
			depth--
			if depth == 0 {
				break scan
			}
		case '"':
			start := i + 1
			for i = strRun(data, start, false); i < len(data) && data[i] != '"'; i = strRun(data, i, false) {
				if data[i] == '\\' {
					i++
				}
				i++
			}
			if i >= len(data) {
				break scan
			}
			if depth != 1 {
				continue
			}
			j := i + 1
			for j < len(data) && isSpace(data[j]) {
				j++
			}
			if j >= len(data) || data[j] != ':' || !keyEqual(data[start-1:i+1], key) {
				continue
			}
			for j++; j < len(data) && isSpace(data[j]); j++ {
			}
			if j < len(data) {
				found = j
			}
		}
	}
	if found < 0 {
		d.err = errNoDiscriminator
	}
	return found
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// keyEqual reports whether the string token tok, unchecked, decodes to
// key. Only a token with escapes or non-ASCII bytes needs decoding (its
// invalid UTF-8 becomes U+FFFD), and an invalid one equals no key.
func keyEqual(tok []byte, key string) bool {
	content := tok[1 : len(tok)-1]
	plain := true
	for _, c := range content {
		if c == '\\' || c >= utf8.RuneSelf {
			plain = false
			break
		}
	}
	if plain {
		return string(content) == key
	}
	var k string
	return json.Unmarshal(tok, &k) == nil && k == key
}

// keepExtra keeps the member at the decoder, a property a struct does not
// declare, as raw JSON; the last of duplicate keys wins.
func keepExtra(p *map[string]json.RawMessage, d *jsonDecoder) {
	k := d.key
	raw := d.ownSpan()
	if d.err != nil {
		return
	}
	if *p == nil {
		*p = map[string]json.RawMessage{}
	}
	(*p)[k] = raw
}

// setExtra decodes the kept properties into a struct's map of them; none
// leaves it nil. They are decoded at the end, as encoding/json would
// decode each key's last value only.
func setExtra[V any](p *map[string]V, kept map[string]json.RawMessage, d *jsonDecoder, dec func(*V, *jsonDecoder), typeName string) {
	if d.err != nil {
		return
	}
	if len(kept) == 0 {
		*p = nil
		return
	}
	out := make(map[string]V, len(kept))
	for k, raw := range kept {
		var v V
		if err := unmarshalWith(raw, &v, dec); err != nil {
			d.err = fmt.Errorf("%s: property %q: %w", typeName, k, err)
			return
		}
		out[k] = v
	}
	*p = out
}

// Non-generic forms of the commonest decoders: generated code calls these
// (converting a named string type's pointer to *string) because a call
// of a generic function costs the type check an instantiation each time,
// and the type check is part of every generation.

//go:noinline
func decString(p *string, d *jsonDecoder) { decStr(p, d) }

//go:noinline
func decBoolean(p *bool, d *jsonDecoder) { decBool(p, d) }

//go:noinline
func decInt64(p *int64, d *jsonDecoder) { decInt(p, d) }

//go:noinline
func decFloat64(p *float64, d *jsonDecoder) { decFloat(p, d) }
