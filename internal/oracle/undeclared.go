package oracle

import (
	"bytes"
	"encoding/json"

	"github.com/getkin/kin-openapi/openapi3"
)

// undeclared leaves out of an example the properties its schema does
// not declare where the schema says nothing of additionalProperties: a
// generated struct keeps only declared properties unless
// additionalProperties asks for more (README, Tests: a normalisation).
// Below a oneOf or anyOf, where the member is not known, it leaves the
// value as it is. v is changed in place; it comes from copyJSON.
func undeclared(s *openapi3.Schema, v any, depth int) any {
	if s == nil || depth > hardDepth {
		return v
	}
	switch x := v.(type) {
	case map[string]any:
		if len(s.OneOf) > 0 || len(s.AnyOf) > 0 {
			return v
		}
		props := properties(s, 0)
		ap, declared := additional(s, 0)
		if len(props) == 0 && !declared {
			return v
		}
		for k, val := range x {
			switch {
			case props[k] != nil:
				x[k] = undeclared(props[k].Value, val, depth+1)
			case ap != nil:
				x[k] = undeclared(ap, val, depth+1)
			case !declared:
				delete(x, k)
			}
		}
	case []any:
		items := s.Items
		for i := range x {
			if i < len(s.PrefixItems) {
				if p := s.PrefixItems[i]; p != nil {
					x[i] = undeclared(p.Value, x[i], depth+1)
				}
				continue
			}
			if items != nil {
				x[i] = undeclared(items.Value, x[i], depth+1)
			}
		}
	}
	return v
}

// additional is the additionalProperties schema of s or its allOf
// members, and whether any of them declares additionalProperties.
func additional(s *openapi3.Schema, depth int) (*openapi3.Schema, bool) {
	if depth > hardDepth {
		return nil, false
	}
	ap := s.AdditionalProperties
	if ap.Schema != nil {
		return ap.Schema.Value, true
	}
	if ap.Has != nil {
		return nil, true
	}
	for _, m := range s.AllOf {
		if m != nil && m.Value != nil {
			if a, ok := additional(m.Value, depth+1); ok {
				return a, true
			}
		}
	}
	return nil, false
}

// copyJSON is a deep copy of a JSON-like value as encoding/json decodes
// it, numbers kept exact as json.Number.
func copyJSON(v any) (any, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var out any
	err = dec.Decode(&out)
	return out, err
}
