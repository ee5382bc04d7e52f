package irbuild

import (
	"encoding/json"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/orygen/orygen/internal/ir"
)

// sameAsComponent finds the component schema an inline schema repeats
// word for word (generators that bundle a spec often copy a component
// into every place that uses it): the inline schema takes the
// component's type instead of a new one with a numbered name.
//
// Word for word is shapeKey, JSON, which is dear to write for every schema
// (a twentieth of a large spec's generation); only the components whose
// shapeHint matches s's are compared, which equal keys imply.
func (b *builder) sameAsComponent(s *openapi3.Schema) (ir.Ident, bool) {
	if b.doc.Components == nil || len(b.doc.Components.Schemas) == 0 {
		return "", false
	}
	if b.shapes == nil {
		b.shapes = map[string][]*shapeEntry{}
		for _, k := range sortedKeys(b.doc.Components.Schemas) {
			sr := b.doc.Components.Schemas[k]
			if sr == nil || sr.Ref != "" || sr.Value == nil || !needsName(sr.Value) {
				continue
			}
			h := shapeHint(sr.Value)
			b.shapes[h] = append(b.shapes[h], &shapeEntry{name: k, schema: sr.Value})
		}
	}
	candidates := b.shapes[shapeHint(s)]
	if len(candidates) == 0 {
		return "", false
	}
	key, ok := shapeKey(s)
	if !ok {
		return "", false
	}
	// The first component in name order with s's key, as a map from key
	// to name filled in that order would hold.
	for _, c := range candidates {
		if !c.done {
			c.key, c.ok = shapeKey(c.schema)
			c.done = true
		}
		if !c.ok || c.key != key {
			continue
		}
		if b.doc.Components.Schemas[c.name].Value == s {
			// The component itself, being defined.
			return "", false
		}
		name, ok := b.refNames[componentPrefix+c.name]
		return name, ok
	}
	return "", false
}

// shapeEntry is a component schema and, once written, its shapeKey.
type shapeEntry struct {
	name   string
	schema *openapi3.Schema
	key    string
	ok     bool // shapeKey succeeded
	done   bool // key and ok are set
}

// shapeHint is a digest of what shapeKey writes, cheap to compute: two
// schemas with the same key have the same properties (by name) and as many
// allOf, oneOf, anyOf and enum members.
func shapeHint(s *openapi3.Schema) string {
	var b strings.Builder
	for _, n := range []int{len(s.AllOf), len(s.OneOf), len(s.AnyOf), len(s.Enum), len(s.Properties)} {
		b.WriteString(strconv.Itoa(n))
		b.WriteByte(',')
	}
	for _, k := range sortedKeys(s.Properties) {
		b.WriteString(strconv.Quote(k))
	}
	return b.String()
}

// shapeKey is the schema as JSON, its references written as references.
func shapeKey(s *openapi3.Schema) (string, bool) {
	data, err := json.Marshal(s)
	if err != nil {
		return "", false
	}
	return string(data), true
}
