package irbuild

import (
	"github.com/getkin/kin-openapi/openapi3"

	"github.com/orygen/orygen/internal/ir"
)

// element is the type of a list item or map value from schema sr. When
// the schema allows null and the Go type cannot hold one, it is a
// pointer (ir.RefNull): a null item stays nil instead of decoding to the
// zero value and being written back as "" or 0.
func (b *builder) element(sr *openapi3.SchemaRef, ctx, ptr string, depth int) ir.TypeRef {
	r := b.ref(sr, ctx, ptr, depth)
	if !isNullable(sr) || holdsNull(r) {
		return r
	}
	return ir.TypeRef{Kind: ir.RefNull, Elem: &r}
}

// holdsNull: r's Go type has a nil of its own, which encoding/json reads
// and writes as null.
func holdsNull(r ir.TypeRef) bool {
	switch r.Kind {
	case ir.RefSlice, ir.RefMap, ir.RefRaw, ir.RefNull:
		return true
	}
	return r.Kind == ir.RefBuiltin && r.Builtin == ir.Bytes
}

// withoutNull is r with its elements' pointers taken off: a parameter's
// style serialization has no null, so its list items are plain values.
func withoutNull(r ir.TypeRef) ir.TypeRef {
	switch {
	case r.Kind == ir.RefNull:
		return withoutNull(*r.Elem)
	case r.Elem != nil:
		e := withoutNull(*r.Elem)
		r.Elem = &e
	}
	return r
}
