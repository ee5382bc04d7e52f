package irbuild

import (
	"github.com/getkin/kin-openapi/openapi3"
	"github.com/orygen/orygen/internal/ir"
)

// eventData is the type of the data of each event of a text/event-stream
// response: the schema's type when it describes JSON (an object, an
// array, a union...), text when it is a string or there is none.
func (b *builder) eventData(sr *openapi3.SchemaRef, ctx, ptr string) ir.TypeRef {
	if sr == nil || sr.Value == nil {
		return ir.TypeRef{Kind: ir.RefBuiltin, Builtin: ir.String}
	}
	if t := typeOf(sr.Value); t == "string" || (t == "" && sr.Ref == "" && !needsName(sr.Value)) {
		return ir.TypeRef{Kind: ir.RefBuiltin, Builtin: ir.String}
	}
	return b.ref(sr, ctx, ptr, 0)
}

// success is the first 2xx response with a body, which the method
// returns; nil when there is none.
func success(o *ir.Operation) *ir.Response {
	for _, r := range o.Responses {
		if r.Status >= 200 && r.Status < 300 && r.Type != nil {
			return r
		}
	}
	return nil
}
