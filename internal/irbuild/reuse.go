package irbuild

import (
	"encoding/json"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/orygen/orygen/internal/ir"
)

// sameAsComponent finds the component schema an inline schema repeats
// word for word (generators that bundle a spec often copy a component
// into every place that uses it): the inline schema takes the
// component's type instead of a new one with a numbered name.
func (b *builder) sameAsComponent(s *openapi3.Schema) (ir.Ident, bool) {
	if b.doc.Components == nil || len(b.doc.Components.Schemas) == 0 {
		return "", false
	}
	if b.shapes == nil {
		b.shapes = map[string]string{}
		for _, k := range sortedKeys(b.doc.Components.Schemas) {
			sr := b.doc.Components.Schemas[k]
			if sr == nil || sr.Ref != "" || sr.Value == nil || !needsName(sr.Value) {
				continue
			}
			if key, ok := shapeKey(sr.Value); ok {
				if _, dup := b.shapes[key]; !dup {
					b.shapes[key] = k
				}
			}
		}
	}
	key, ok := shapeKey(s)
	if !ok {
		return "", false
	}
	k, ok := b.shapes[key]
	if !ok || b.doc.Components.Schemas[k].Value == s {
		// The component itself, being defined.
		return "", false
	}
	name, ok := b.refNames[componentPrefix+k]
	return name, ok
}

// shapeKey is the schema as JSON, its references written as references.
func shapeKey(s *openapi3.Schema) (string, bool) {
	data, err := json.Marshal(s)
	if err != nil {
		return "", false
	}
	return string(data), true
}
