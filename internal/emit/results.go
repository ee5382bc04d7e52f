package emit

import (
	"github.com/dave/jennifer/jen"

	"github.com/orygen/orygen/internal/ir"
)

// A method whose success is a struct or union returns a pointer to it; a
// success without a body (a 204, or an empty 200) returns nil with a nil
// error, never a zero value that looks like data.

// pointerParser writes the body of Parse<Op>Response for a pointer result:
// out stays nil unless the decoder runs, which it does only for a body.
func (o *opEmitter) pointerParser(g *jen.Group, op *ir.Operation, res *ir.Response, out *jen.Statement) {
	l := o.l
	decode := jen.Qual(pkgJSON, "Unmarshal").Call(id(l.Data), id(l.Out))
	if o.decodes(*res.Type) {
		// The type's own decoder checks the whole document, so
		// encoding/json's validation pass before UnmarshalJSON is not
		// needed.
		decode = jen.Id("unmarshalJSON").Call(id(l.Data), id(l.Out))
	}
	dec := jen.Func().Params(jen.Id("_").Int(), id(l.Data).Index().Byte()).Error().Block(
		id(l.Out).Op("=").New(out.Clone()),
		jen.Return(decode),
	)
	g.Var().Add(id(l.Out)).Op("*").Add(out)
	g.If(id(l.Err).Op(":=").Id("parseResponse").Call(id(l.Resp), o.decodeVar(g, dec), o.errorMapper(op)), id(l.Err).Op("!=").Nil()).Block(jen.Return(jen.Nil(), id(l.Err)))
	g.Return(id(l.Out), jen.Nil())
}

// noContentDoc documents, on a method with a pointer result, what a
// success without a body returns; "" for other methods.
func (o *opEmitter) noContentDoc(op *ir.Operation) string {
	if op.ResultName != "" || op.Streams || op.Binary {
		return ""
	}
	if _, ptr := o.result(op); !ptr {
		return ""
	}
	for _, r := range op.Responses {
		if r.Status >= 200 && r.Status < 300 && r.Type == nil {
			return "A success without a body (a 204) returns a nil result and a nil error."
		}
	}
	return "A success with an empty body returns a nil result and a nil error."
}
