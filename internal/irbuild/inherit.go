package irbuild

import (
	"github.com/getkin/kin-openapi/openapi3"
	"github.com/orygen/orygen/internal/ir"
)

// subtypes finds the component schemas that extend the component base
// through allOf: the variants of a discriminated base schema (the
// polymorphism pattern `Cat: allOf: [$ref: Pet, {...}]`, where Pet has a
// discriminator but no oneOf).
func (b *builder) subtypes(base string) []*openapi3.SchemaRef {
	if b.doc.Components == nil || base == "" {
		return nil
	}
	want := componentPrefix + base
	var out []*openapi3.SchemaRef
	for _, k := range sortedKeys(b.doc.Components.Schemas) {
		sr := b.doc.Components.Schemas[k]
		if sr == nil || sr.Value == nil || sr.Ref != "" {
			continue
		}
		for _, part := range sr.Value.AllOf {
			if part != nil && part.Ref == want {
				out = append(out, &openapi3.SchemaRef{Ref: componentPrefix + k, Value: sr.Value})
				break
			}
		}
	}
	return out
}

// defineInherited models a discriminated base schema as the union of the
// schemas that extend it; without any, it is an ordinary struct.
func (b *builder) defineInherited(t *ir.Type, s *openapi3.Schema, ptr string, depth int) {
	subs := b.subtypes(t.SchemaName)
	if len(subs) == 0 {
		b.defineStruct(t, s, ptr, depth)
		return
	}
	u := *s
	u.OneOf = subs
	b.defineUnion(t, &u, ptr, depth)
}
