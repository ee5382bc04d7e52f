package clientrt

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
)

// errNoDiscriminator says an object lacks its union's discriminator.
var errNoDiscriminator = errors.New("discriminator property is missing")

// discriminatorValue returns the string value of the top-level property
// key of the JSON object data, scanning without building any map.
func discriminatorValue(data []byte, key string) (string, error) {
	s := scanner{data: data}
	s.space()
	if !s.eat('{') {
		return "", fmt.Errorf("expected a JSON object, got %s", s.what())
	}
	s.space()
	if s.eat('}') {
		return "", errNoDiscriminator
	}
	for {
		s.space()
		k, err := s.str()
		if err != nil {
			return "", err
		}
		s.space()
		if !s.eat(':') {
			return "", s.syntax()
		}
		s.space()
		if k == key {
			if s.peek() != '"' {
				return "", fmt.Errorf("discriminator %q must be a string, got %s", key, s.what())
			}
			return s.str()
		}
		if err := s.skip(0); err != nil {
			return "", err
		}
		s.space()
		if s.eat(',') {
			continue
		}
		if s.eat('}') {
			return "", errNoDiscriminator
		}
		return "", s.syntax()
	}
}

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
	case c == '[':
		return "an array"
	case c == '"':
		return "a string"
	case c == 't' || c == 'f':
		return "a boolean"
	case c == 'n':
		return "null"
	default:
		return "a number"
	}
}

// str reads a string token and unescapes it only when it has escapes.
func (s *scanner) str() (string, error) {
	if !s.eat('"') {
		return "", s.syntax()
	}
	start, escaped := s.i, false
	for s.i < len(s.data) {
		switch s.data[s.i] {
		case '\\':
			escaped = true
			s.i += 2
			continue
		case '"':
			raw := s.data[start:s.i]
			s.i++
			if !escaped {
				return string(raw), nil
			}
			var out string
			if err := json.Unmarshal(s.data[start-1:s.i], &out); err != nil {
				return "", err
			}
			return out, nil
		}
		s.i++
	}
	return "", s.syntax()
}

// skip passes over one JSON value.
func (s *scanner) skip(depth int) error {
	if depth > 10000 {
		return errors.New("JSON nested too deeply")
	}
	switch c := s.peek(); c {
	case '"':
		_, err := s.str()
		return err
	case '{', '[':
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
				if _, err := s.str(); err != nil {
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
		for s.i < len(s.data) {
			switch s.data[s.i] {
			case ',', '}', ']', ' ', '\t', '\n', '\r':
				if s.i == start {
					return s.syntax()
				}
				return nil
			}
			s.i++
		}
		if s.i == start {
			return s.syntax()
		}
		return nil
	}
}

// marshalVariant encodes v, a JSON object, with key set to value as its
// first property.
func marshalVariant(key, value string, v any) ([]byte, error) {
	body, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	if len(body) < 2 || body[0] != '{' {
		return nil, fmt.Errorf("variant %q does not encode as a JSON object", value)
	}
	out := make([]byte, 0, len(body)+len(key)+len(value)+8)
	out = appendJSONString(append(out, '{'), key)
	out = append(out, ':')
	out = appendJSONString(out, value)
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
