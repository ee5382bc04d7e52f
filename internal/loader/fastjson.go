package loader

import (
	"encoding/json"
	"unicode/utf8"
)

// parseJSONFast parses a JSON document into the same tree as parseJSON,
// in one pass over the bytes instead of through encoding/json's token
// decoder (which was most of the loader's own time). It reports false for
// anything it does not take on itself, well-formed or not: a syntax error,
// a duplicate key, too deep a nesting, invalid UTF-8. parseJSON then
// parses the document again and says what is wrong, as it always did.
func parseJSONFast(data []byte) (*node, bool) {
	p := &fastParser{s: string(data)}
	p.ws()
	n, ok := p.value(0)
	if !ok {
		return nil, false
	}
	p.ws()
	if p.i != len(p.s) {
		return nil, false
	}
	return n, true
}

type fastParser struct {
	s string // the document; scalars are substrings of it
	i int
}

func (p *fastParser) ws() {
	for p.i < len(p.s) {
		switch p.s[p.i] {
		case ' ', '\t', '\n', '\r':
			p.i++
		default:
			return
		}
	}
}

func (p *fastParser) value(depth int) (*node, bool) {
	if depth > maxNesting || p.i >= len(p.s) {
		return nil, false
	}
	switch c := p.s[p.i]; {
	case c == '{':
		return p.object(depth)
	case c == '[':
		return p.array(depth)
	case c == '"':
		s, ok := p.str()
		if !ok {
			return nil, false
		}
		return &node{kind: kString, str: s}, true
	case c == 't':
		return p.literal("true", &node{kind: kBool, str: "true"})
	case c == 'f':
		return p.literal("false", &node{kind: kBool, str: "false"})
	case c == 'n':
		return p.literal("null", &node{kind: kNull})
	case c == '-' || (c >= '0' && c <= '9'):
		return p.number()
	}
	return nil, false
}

func (p *fastParser) literal(lit string, n *node) (*node, bool) {
	if len(p.s)-p.i < len(lit) || p.s[p.i:p.i+len(lit)] != lit {
		return nil, false
	}
	p.i += len(lit)
	return n, true
}

func (p *fastParser) object(depth int) (*node, bool) {
	p.i++ // {
	n := &node{kind: kObject}
	var seen map[string]bool
	p.ws()
	if p.i < len(p.s) && p.s[p.i] == '}' {
		p.i++
		return n, true
	}
	for {
		p.ws()
		if p.i >= len(p.s) || p.s[p.i] != '"' {
			return nil, false
		}
		k, ok := p.str()
		if !ok {
			return nil, false
		}
		// A duplicate key is an error parseJSON words.
		if len(n.keys) < 16 {
			for _, o := range n.keys {
				if o == k {
					return nil, false
				}
			}
		} else {
			if seen == nil {
				seen = make(map[string]bool, 2*len(n.keys))
				for _, o := range n.keys {
					seen[o] = true
				}
			}
			if seen[k] {
				return nil, false
			}
			seen[k] = true
		}
		p.ws()
		if p.i >= len(p.s) || p.s[p.i] != ':' {
			return nil, false
		}
		p.i++
		p.ws()
		v, ok := p.value(depth + 1)
		if !ok {
			return nil, false
		}
		n.keys = append(n.keys, k)
		n.vals = append(n.vals, v)
		p.ws()
		if p.i >= len(p.s) {
			return nil, false
		}
		switch p.s[p.i] {
		case ',':
			p.i++
		case '}':
			p.i++
			return n, true
		default:
			return nil, false
		}
	}
}

func (p *fastParser) array(depth int) (*node, bool) {
	p.i++ // [
	n := &node{kind: kArray}
	p.ws()
	if p.i < len(p.s) && p.s[p.i] == ']' {
		p.i++
		return n, true
	}
	for {
		p.ws()
		v, ok := p.value(depth + 1)
		if !ok {
			return nil, false
		}
		n.items = append(n.items, v)
		p.ws()
		if p.i >= len(p.s) {
			return nil, false
		}
		switch p.s[p.i] {
		case ',':
			p.i++
		case ']':
			p.i++
			return n, true
		default:
			return nil, false
		}
	}
}

// str reads a string at p.i (the opening quote). Strings with escapes are
// decoded by encoding/json, so they come out exactly as parseJSON has them.
func (p *fastParser) str() (string, bool) {
	start := p.i
	p.i++
	escaped, ascii := false, true
	for p.i < len(p.s) {
		c := p.s[p.i]
		switch {
		case c == '"':
			p.i++
			raw := p.s[start:p.i]
			if escaped {
				var s string
				if err := json.Unmarshal([]byte(raw), &s); err != nil {
					return "", false
				}
				return s, true
			}
			body := raw[1 : len(raw)-1]
			if !ascii && !utf8.ValidString(body) {
				return "", false // encoding/json would replace the bad bytes
			}
			return body, true
		case c == '\\':
			escaped = true
			p.i += 2
		case c < 0x20:
			return "", false
		default:
			if c >= 0x80 {
				ascii = false
			}
			p.i++
		}
	}
	return "", false
}

// number reads a number literal as JSON's grammar has it.
func (p *fastParser) number() (*node, bool) {
	start := p.i
	if p.s[p.i] == '-' {
		p.i++
	}
	digits := func() int {
		d := 0
		for p.i < len(p.s) && p.s[p.i] >= '0' && p.s[p.i] <= '9' {
			p.i++
			d++
		}
		return d
	}
	if p.i < len(p.s) && p.s[p.i] == '0' {
		p.i++
	} else if digits() == 0 {
		return nil, false
	}
	if p.i < len(p.s) && p.s[p.i] == '.' {
		p.i++
		if digits() == 0 {
			return nil, false
		}
	}
	if p.i < len(p.s) && (p.s[p.i] == 'e' || p.s[p.i] == 'E') {
		p.i++
		if p.i < len(p.s) && (p.s[p.i] == '+' || p.s[p.i] == '-') {
			p.i++
		}
		if digits() == 0 {
			return nil, false
		}
	}
	return &node{kind: kNumber, str: p.s[start:p.i]}, true
}
