package ir

import "github.com/getkin/kin-openapi/openapi3"

// eventData is the type of the data of each event of a text/event-stream
// response: the schema's type when it describes JSON (an object, an
// array, a union...), text when it is a string or there is none.
func (b *builder) eventData(sr *openapi3.SchemaRef, ctx, ptr string) TypeRef {
	if sr == nil || sr.Value == nil {
		return TypeRef{Kind: RefBuiltin, Builtin: String}
	}
	if t := typeOf(sr.Value); t == "string" || (t == "" && sr.Ref == "" && !needsName(sr.Value)) {
		return TypeRef{Kind: RefBuiltin, Builtin: String}
	}
	return b.ref(sr, ctx, ptr, 0)
}

// Streams reports whether an operation's success is a stream of
// server-sent events: its method returns an iterator over them.
func Streams(o *Operation) bool {
	for _, r := range o.Responses {
		if r.Status >= 200 && r.Status < 300 && r.Type != nil {
			return r.Kind == BodyEvents
		}
	}
	return false
}
