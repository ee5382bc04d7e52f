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
func (m *model) pointerParser(g *jen.Group, op *ir.Operation, res *ir.Response, out *jen.Statement) {
	dec := jen.Func().Params(jen.Id("_").Int(), jen.Id("data").Index().Byte()).Error().Block(
		jen.Id("out").Op("=").New(out.Clone()),
		jen.Return(jen.Qual(pkgJSON, "Unmarshal").Call(jen.Id("data"), jen.Id("out"))),
	)
	g.Var().Id("out").Op("*").Add(out)
	g.If(jen.Err().Op(":=").Id("parseResponse").Call(jen.Id("resp"), dec, m.errorMapper(op)), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Nil(), jen.Err()))
	g.Return(jen.Id("out"), jen.Nil())
}

// noContentDoc documents, on a method with a pointer result, what a
// success without a body returns; "" for other methods.
func (m *model) noContentDoc(op *ir.Operation) string {
	if op.ResultName != "" || ir.Streams(op) {
		return ""
	}
	if _, ptr := m.result(op); !ptr {
		return ""
	}
	for _, r := range op.Responses {
		if r.Status >= 200 && r.Status < 300 && r.Type == nil {
			return "A success without a body (a 204) returns a nil result and a nil error."
		}
	}
	return "A success with an empty body returns a nil result and a nil error."
}
