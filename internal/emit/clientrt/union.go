package clientrt

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"unicode/utf8"
)

// errNoDiscriminator says an object lacks its union's discriminator.
var errNoDiscriminator = errors.New("discriminator property is missing")

// discriminatorValue returns the string value of the top-level property
// key of the JSON object data, scanning without building any map. Like
// encoding/json, it takes the last of duplicate keys and rejects invalid
// JSON anywhere in data, not only before the discriminator.
// It walks the object by hand rather than with members: a closure here
// would move the scanner to the heap, an allocation per union value.
func discriminatorValue(data []byte, key string) (string, error) {
	s := scanner{data: data}
	s.space()
	if !s.eat('{') {
		return "", fmt.Errorf("expected a JSON object, got %s", s.what())
	}
	var (
		value string
		found bool
		bad   error // set when the last occurrence of key is not a string
	)
	s.space()
	if !s.eat('}') {
		for {
			s.space()
			match, err := s.keyIs(key)
			if err != nil {
				return "", err
			}
			s.space()
			if !s.eat(':') {
				return "", s.syntax()
			}
			s.space()
			if match {
				found = true
				if s.peek() == '"' {
					v, err := s.str()
					if err != nil {
						return "", err
					}
					value, bad = v, nil
				} else {
					bad = fmt.Errorf("discriminator %q must be a string, got %s", key, s.what())
					if err := s.skip(2); err != nil {
						return "", err
					}
				}
			} else if err := s.skip(2); err != nil {
				return "", err
			}
			s.space()
			if s.eat(',') {
				continue
			}
			if s.eat('}') {
				break
			}
			return "", s.syntax()
		}
	}
	s.space()
	if s.i != len(s.data) {
		return "", s.syntax()
	}
	switch {
	case bad != nil:
		return "", bad
	case !found:
		return "", errNoDiscriminator
	}
	return value, nil
}

// members walks the members of the JSON object at the scanner: member is
// called at each key and must read the key, the colon and the value.
func (s *scanner) members(member func(*scanner) error) error {
	s.space()
	if !s.eat('{') {
		return fmt.Errorf("expected a JSON object, got %s", s.what())
	}
	s.space()
	if s.eat('}') {
		return nil
	}
	for {
		s.space()
		if err := member(s); err != nil {
			return err
		}
		s.space()
		if s.eat(',') {
			continue
		}
		if s.eat('}') {
			return nil
		}
		return s.syntax()
	}
}

// colon reads the ':' after a key and the space around it.
func (s *scanner) colon() error {
	s.space()
	if !s.eat(':') {
		return s.syntax()
	}
	s.space()
	return nil
}

// maxDepth is how deeply encoding/json lets arrays and objects nest.
const maxDepth = 10000

type scanner struct {
	data []byte
	i    int
}

func (s *scanner) space() {
	for s.i < len(s.data) {
		switch s.data[s.i] {
		case ' ', '\t', '\n', '\r':
			s.i++
		default:
			return
		}
	}
}

func (s *scanner) peek() byte {
	if s.i < len(s.data) {
		return s.data[s.i]
	}
	return 0
}

func (s *scanner) eat(c byte) bool {
	if s.peek() == c && s.i < len(s.data) {
		s.i++
		return true
	}
	return false
}

func (s *scanner) syntax() error {
	return fmt.Errorf("invalid JSON at offset %d", s.i)
}

func (s *scanner) what() string {
	switch c := s.peek(); {
	case s.i >= len(s.data):
		return "end of input"
	case c == '{':
		return "an object"
	case c == '[':
		return "an array"
	case c == '"':
		return "a string"
	case c == 't' || c == 'f':
		return "a boolean"
	case c == 'n':
		return "null"
	case c == '-' || c >= '0' && c <= '9':
		return "a number"
	default:
		return "invalid JSON"
	}
}

// str reads a string token and decodes it as encoding/json does (escapes,
// invalid UTF-8 replaced by U+FFFD) only when it needs decoding.
func (s *scanner) str() (string, error) {
	raw, plain, err := s.rawStr()
	if err != nil {
		return "", err
	}
	if plain {
		return string(raw), nil
	}
	var out string
	if err := json.Unmarshal(raw, &out); err != nil {
		return "", err
	}
	return out, nil
}

// rawStr reads a string token without allocating. With plain true, raw is
// its content (no escapes, valid UTF-8); otherwise raw is the whole quoted
// token, for json.Unmarshal to decode.
func (s *scanner) rawStr() (raw []byte, plain bool, err error) {
	if !s.eat('"') {
		return nil, false, s.syntax()
	}
	start, escaped := s.i, false
	for s.i < len(s.data) {
		switch c := s.data[s.i]; {
		case c == '\\':
			escaped = true
			s.i += 2
			continue
		case c == '"':
			content := s.data[start:s.i]
			s.i++
			if !escaped && utf8.Valid(content) {
				return content, true, nil
			}
			return s.data[start-1 : s.i], false, nil
		case c < 0x20:
			return nil, false, s.syntax()
		}
		s.i++
	}
	return nil, false, s.syntax()
}

// skipStr passes over a string token, checking it as encoding/json's
// scanner does: escapes and control characters, not UTF-8, which a
// string may hold invalid.
func (s *scanner) skipStr() error {
	if !s.eat('"') {
		return s.syntax()
	}
	data := s.data
	for i := strRun(data, s.i, false); i < len(data); i = strRun(data, i+1, false) {
		switch c := data[i]; {
		case c == '"':
			s.i = i + 1
			return nil
		case c == '\\':
			i++
			if i >= len(data) {
				break
			}
			switch data[i] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
			case 'u':
				if len(data)-i <= 4 || !isHex(data[i+1]) || !isHex(data[i+2]) || !isHex(data[i+3]) || !isHex(data[i+4]) {
					s.i = i
					return s.syntax()
				}
				i += 4
			default:
				s.i = i
				return s.syntax()
			}
		case c < 0x20:
			s.i = i
			return s.syntax()
		}
	}
	s.i = len(data)
	return s.syntax()
}

// keyIs reads a key and reports whether it equals key, allocating only
// for keys with escapes.
func (s *scanner) keyIs(key string) (bool, error) {
	raw, plain, err := s.rawStr()
	if err != nil || plain {
		return err == nil && string(raw) == key, err
	}
	var k string
	if err := json.Unmarshal(raw, &k); err != nil {
		return false, err
	}
	return k == key, nil
}

// skip passes over one JSON value; depth is the nesting depth an array or
// object there would have.
func (s *scanner) skip(depth int) error {
	switch c := s.peek(); c {
	case '"':
		return s.skipStr()
	case '{', '[':
		if depth > maxDepth {
			return errNestedTooDeeply
		}
		closer := byte('}')
		if c == '[' {
			closer = ']'
		}
		s.i++
		s.space()
		if s.eat(closer) {
			return nil
		}
		for {
			s.space()
			if c == '{' {
				if err := s.skipStr(); err != nil {
					return err
				}
				s.space()
				if !s.eat(':') {
					return s.syntax()
				}
				s.space()
			}
			if err := s.skip(depth + 1); err != nil {
				return err
			}
			s.space()
			if s.eat(',') {
				continue
			}
			if s.eat(closer) {
				return nil
			}
			return s.syntax()
		}
	default:
		start := s.i
	loop:
		for s.i < len(s.data) {
			switch s.data[s.i] {
			case ',', '}', ']', ' ', '\t', '\n', '\r':
				break loop
			}
			s.i++
		}
		if !validLiteral(s.data[start:s.i]) {
			return fmt.Errorf("invalid JSON at offset %d", start)
		}
		return nil
	}
}

// validLiteral reports whether b is true, false, null or a JSON number.
func validLiteral(b []byte) bool {
	switch string(b) {
	case "true", "false", "null":
		return true
	}
	digits := func(i int) int {
		for i < len(b) && b[i] >= '0' && b[i] <= '9' {
			i++
		}
		return i
	}
	i := 0
	if i < len(b) && b[i] == '-' {
		i++
	}
	switch {
	case i < len(b) && b[i] == '0':
		i++
	case i < len(b) && b[i] >= '1' && b[i] <= '9':
		i = digits(i)
	default:
		return false
	}
	if i < len(b) && b[i] == '.' {
		j := digits(i + 1)
		if j == i+1 {
			return false
		}
		i = j
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		i++
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		j := digits(i)
		if j == i {
			return false
		}
		i = j
	}
	return i == len(b)
}

// marshalVariant encodes v, a JSON object, with key set to value as its
// first property.
func marshalVariant(key, value string, v any) ([]byte, error) {
	return marshalVariantJSON(key, appendJSONString(nil, value), v)
}

// marshalVariantNumber is marshalVariant for an integer discriminator:
// digits are written as a JSON number.
func marshalVariantNumber(key, digits string, v any) ([]byte, error) {
	return marshalVariantJSON(key, []byte(digits), v)
}

func marshalVariantJSON(key string, value []byte, v any) ([]byte, error) {
	body, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	if len(body) < 2 || body[0] != '{' {
		return nil, fmt.Errorf("variant %s does not encode as a JSON object", value)
	}
	out := make([]byte, 0, len(body)+len(key)+len(value)+8)
	out = appendJSONString(append(out, '{'), key)
	out = append(out, ':')
	out = append(out, value...)
	if len(body) > 2 {
		out = append(out, ',')
	}
	return append(out, body[1:]...), nil
}

func appendJSONString(dst []byte, s string) []byte {
	b, _ := json.Marshal(s)
	return append(dst, b...)
}

// isJSONNull reports whether data is the JSON literal null.
func isJSONNull(data []byte) bool {
	s := scanner{data: data}
	s.space()
	if !bytes.HasPrefix(data[s.i:], []byte("null")) {
		return false
	}
	s.i += 4
	s.space()
	return s.i == len(data)
}

// missingKey returns the first of keys that is not a top-level property of
// the JSON object data.
func missingKey(data []byte, keys []string) (string, error) {
	if len(keys) == 0 {
		return "", nil
	}
	seen := make(map[string]bool, len(keys))
	s := scanner{data: data}
	err := s.members(func(s *scanner) error {
		k, err := s.str()
		if err != nil {
			return err
		}
		seen[k] = true
		if err := s.colon(); err != nil {
			return err
		}
		return s.skip(0)
	})
	if err != nil {
		return "", err
	}
	for _, k := range keys {
		if !seen[k] {
			return k, nil
		}
	}
	return "", nil
}

// jsonKindOf is the kind of the JSON value in data, by its first byte:
// 'o'bject, 'a'rray, 's'tring, 'n'umber, 'b'oolean, or 0.
func jsonKindOf(data []byte) byte {
	s := scanner{data: data}
	s.space()
	switch c := s.peek(); {
	case c == '{':
		return 'o'
	case c == '[':
		return 'a'
	case c == '"':
		return 's'
	case c == 't' || c == 'f':
		return 'b'
	case c == '-' || (c >= '0' && c <= '9'):
		return 'n'
	}
	return 0
}

// hasKey reports whether the JSON object data has the top-level property
// key. It runs for every untagged union value, so it walks the object by
// hand, allocating nothing.
func hasKey(data []byte, key string) bool {
	s := scanner{data: data}
	s.space()
	if !s.eat('{') {
		return false
	}
	s.space()
	if s.eat('}') {
		return false
	}
	for {
		s.space()
		match, err := s.keyIs(key)
		if err != nil || s.colon() != nil {
			return false
		}
		if match {
			return true
		}
		if s.skip(2) != nil {
			return false
		}
		s.space()
		if !s.eat(',') {
			return false
		}
	}
}

// decodeExtra stores in *dst the properties of the JSON object data that
// are not in known, decoded as V.
func decodeExtra[V any](data []byte, dst *map[string]V, typeName string, known []string) error {
	var all map[string]json.RawMessage
	if err := json.Unmarshal(data, &all); err != nil {
		return err
	}
	for _, k := range known {
		delete(all, k)
	}
	if len(all) == 0 {
		*dst = nil
		return nil
	}
	out := make(map[string]V, len(all))
	for k, raw := range all {
		var v V
		if err := json.Unmarshal(raw, &v); err != nil {
			return fmt.Errorf("%s: property %q: %w", typeName, k, err)
		}
		out[k] = v
	}
	*dst = out
	return nil
}

// appendExtra adds the entries of extra to the encoded JSON object obj.
func appendExtra[V any](obj []byte, extra map[string]V) ([]byte, error) {
	more, err := json.Marshal(extra)
	if err != nil {
		return nil, err
	}
	if len(obj) < 2 || len(more) <= 2 {
		return obj, nil
	}
	out := make([]byte, 0, len(obj)+len(more))
	out = append(out, obj[:len(obj)-1]...)
	if len(obj) > 2 {
		out = append(out, ',')
	}
	return append(out, more[1:]...), nil
}

// fieldRaw returns the raw JSON value of the top-level property key of
// the JSON object data (the last, if it occurs more than once, as
// encoding/json reads it).
func fieldRaw(data []byte, key string) (raw []byte, found bool, err error) {
	s := scanner{data: data}
	return s.objectField(key, 1)
}

// fieldIs reports whether the JSON object data has the property key set
// to the string want.
func fieldIs(data []byte, key, want string) bool {
	raw, found, err := fieldRaw(data, key)
	if err != nil || !found || len(raw) < 2 || raw[0] != '"' {
		return false
	}
	s := scanner{data: raw}
	got, err := s.str()
	return err == nil && got == want
}

// fieldIsInt reports whether the JSON object data has the property key
// set to the integer whose decimal digits are want.
func fieldIsInt(data []byte, key, want string) bool {
	raw, found, err := fieldRaw(data, key)
	if err != nil || !found {
		return false
	}
	got, err := strconv.ParseInt(string(raw), 10, 64)
	return err == nil && strconv.FormatInt(got, 10) == want
}

// discriminatorNumber returns the value of the integer discriminator key
// of the JSON object data as decimal digits.
func discriminatorNumber(data []byte, key string) (string, error) {
	raw, found, err := fieldRaw(data, key)
	switch {
	case err != nil:
		return "", err
	case !found:
		return "", errNoDiscriminator
	}
	n, err := strconv.ParseInt(string(raw), 10, 64)
	if err != nil {
		s := scanner{data: raw}
		return "", fmt.Errorf("discriminator %q must be an integer, got %s", key, s.what())
	}
	return strconv.FormatInt(n, 10), nil
}

// objectField checks the object at the scanner and moves past it,
// returning the raw value of its property key (the last, if it occurs
// more than once, as encoding/json reads it). depth is the object's
// nesting depth.
func (s *scanner) objectField(key string, depth int) (raw []byte, found bool, err error) {
	if depth > maxDepth {
		return nil, false, errors.New("json: exceeded max depth")
	}
	err = s.members(func(s *scanner) error {
		match, err := s.keyIs(key)
		if err != nil {
			return err
		}
		if err := s.colon(); err != nil {
			return err
		}
		start := s.i
		if err := s.skip(depth + 1); err != nil {
			return err
		}
		if match {
			raw, found = s.data[start:s.i], true
		}
		return nil
	})
	return raw, found, err
}

// errNestedTooDeeply is the scanner's error for a value nested past
// maxDepth.
var errNestedTooDeeply = errors.New("JSON nested too deeply")

// syntaxError is json.Unmarshal's error for data, which is not valid
// JSON: a *json.SyntaxError, with its message and offset.
func syntaxError(data []byte) error {
	var v any
	return json.Unmarshal(data, &v)
}
