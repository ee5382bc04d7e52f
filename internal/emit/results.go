package emit

import (
	"fmt"

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

// headerFields declares the Result's fields of the response headers.
func (o *opEmitter) headerFields(g *jen.Group, op *ir.Operation) {
	for _, h := range op.Headers {
		var text string
		switch {
		case h.Type.Kind == ir.RefSlice:
			text = fmt.Sprintf("%s holds the comma-separated items of the %s header, nil when it is absent.", h.Field, h.Name)
		case h.Required:
			text = fmt.Sprintf("%s holds the %s header, which every success sends.", h.Field, h.Name)
		default:
			text = fmt.Sprintf("%s holds the %s header, nil when it is absent.", h.Field, h.Name)
		}
		doc(g, string(h.Field), text, false, h.Doc)
		t := o.headerType(h.Type)
		if !h.Required && h.Type.Kind != ir.RefSlice {
			t = jen.Op("*").Add(t)
		}
		g.Id(string(h.Field)).Add(t)
	}
}

// headerType is the Go type of a header of type r.
func (o *opEmitter) headerType(r ir.TypeRef) *jen.Statement {
	if r.Kind == ir.RefSlice {
		return jen.Index().Add(o.headerType(*r.Elem))
	}
	return o.goType(r)
}

// headerParser names the runtime function that parses a header item of
// type r.
func headerParser(r ir.TypeRef) string {
	if r.Kind == ir.RefTime {
		return "headerTime"
	}
	switch r.Builtin {
	case ir.Bool:
		return "headerBool"
	case ir.Int32:
		return "headerInt32"
	case ir.Int64:
		return "headerInt64"
	case ir.Float64:
		return "headerFloat64"
	}
	return "headerString"
}

// headerStatements parse the response headers into the Result, after its
// body: a header that is missing (when required) or does not parse is the
// call's error.
func (o *opEmitter) headerStatements(g *jen.Group, op *ir.Operation) {
	if len(op.Headers) == 0 {
		return
	}
	l := o.l
	g.Var().Id(string(l.Err)).Error()
	for _, h := range op.Headers {
		fn, parse := "optionalHeader", headerParser(h.Type)
		switch {
		case h.Type.Kind == ir.RefSlice:
			fn, parse = "listHeader", headerParser(*h.Type.Elem)
		case h.Required:
			fn = "requiredHeader"
		}
		g.If(jen.List(jen.Id(string(l.Out)).Dot(string(h.Field)), id(l.Err)).Op("=").Id(fn).Call(
			id(l.Resp).Dot("Header"), jen.Lit(h.Name), jen.Id(parse)), id(l.Err).Op("!=").Nil()).Block(
			jen.Return(jen.Nil(), id(l.Err)))
	}
}
