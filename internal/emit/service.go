package emit

import (
	"fmt"
	"strings"

	"github.com/dave/jennifer/jen"

	"github.com/orygen/orygen/internal/ir"
)

// service writes one service: its type, its params structs and a method
// per operation.
func (m *model) service(f *jen.File, svc *ir.Service) {
	typ := svc.TypeName
	f.Add(commentBlock(typ, fmt.Sprintf("%s groups the operations tagged %q.", typ, svc.Tag), false, svc.Doc))
	f.Type().Id(typ).Struct(jen.Id("t").Op("*").Id("transport"))
	f.Line()
	for _, op := range svc.Operations {
		if len(op.Params) > 0 {
			m.paramsStruct(f, op)
		}
		m.method(f, typ, op)
	}
}

func paramsType(op *ir.Operation) string { return op.ParamsName }

// paramsByValue: an operation with a required query, header or cookie
// parameter takes its params struct by value, so it cannot be left out.
func paramsByValue(op *ir.Operation) bool {
	for _, p := range op.Params {
		if p.Required {
			return true
		}
	}
	return false
}

func (m *model) paramsStruct(f *jen.File, op *ir.Operation) {
	name := paramsType(op)
	f.Commentf("%s holds the query, header and cookie parameters of %s.", name, op.Name)
	f.Comment("Required ones are values; optional ones are nil when not sent.")
	f.Type().Id(name).StructFunc(func(g *jen.Group) {
		for i, p := range op.Params {
			if i > 0 {
				g.Line()
			}
			extra := fmt.Sprintf("Sent as %s parameter %q.", p.In, p.Name)
			if p.Default != "" {
				extra += " The server's default is " + p.Default + "."
			}
			doc(g, p.GoName, p.Doc, p.Deprecated, extra)
			g.Id(p.GoName).Add(m.paramType(p))
		}
	})
	f.Line()
}

func (m *model) paramType(p *ir.Param) *jen.Statement {
	t := m.goType(p.Type)
	if p.Required || p.In == ir.InPath {
		return t
	}
	switch m.shapeOf(p.Type) {
	case shSlice, shMap, shRaw:
		return t
	}
	return jen.Op("*").Add(t)
}

// format is the expression that turns v of type r into a parameter string.
func (m *model) format(r ir.TypeRef, v *jen.Statement) *jen.Statement {
	r = m.resolve(r)
	switch r.Kind {
	case ir.RefTime:
		return v.Dot("Format").Call(jen.Qual(pkgTime, "RFC3339Nano"))
	case ir.RefNamed:
		t := m.byName[r.Name]
		if t.Kind == ir.KindEnum {
			if t.Enum.Base == ir.Int64 {
				return jen.Qual(pkgStrconv, "FormatInt").Call(jen.Int64().Parens(v), jen.Lit(10))
			}
			return jen.String().Parens(v)
		}
	case ir.RefBuiltin:
		switch r.Builtin {
		case ir.String:
			return v
		case ir.Bool:
			return jen.Qual(pkgStrconv, "FormatBool").Call(v)
		case ir.Int32, ir.Int64:
			return jen.Qual(pkgStrconv, "FormatInt").Call(jen.Int64().Parens(v), jen.Lit(10))
		case ir.Float64:
			return jen.Qual(pkgStrconv, "FormatFloat").Call(v, jen.LitRune('g'), jen.Lit(-1), jen.Lit(64))
		}
	}
	return jen.Id("jsonParam").Call(v)
}

// setParam writes the statements that put p (held in v) on the call.
func (m *model) setParam(g *jen.Group, p *ir.Param, v *jen.Statement) {
	r := m.resolve(p.Type)
	if r.Kind == ir.RefSlice && m.shapeOf(*r.Elem) == shScalar {
		elem := *r.Elem
		if p.In == ir.InQuery && p.Explode {
			g.For(jen.List(jen.Id("_"), jen.Id("x")).Op(":=").Range().Add(v)).Block(
				jen.Id("c").Dot("query").Dot("Add").Call(jen.Lit(p.Name), m.format(elem, jen.Id("x"))),
			)
			return
		}
		g.Block(
			jen.Id("parts").Op(":=").Make(jen.Index().String(), jen.Lit(0), jen.Len(v)),
			jen.For(jen.List(jen.Id("_"), jen.Id("x")).Op(":=").Range().Add(v)).Block(
				jen.Id("parts").Op("=").Append(jen.Id("parts"), m.format(elem, jen.Id("x"))),
			),
			m.put(p, jen.Qual(pkgStrings, "Join").Call(jen.Id("parts"), jen.Lit(","))),
		)
		return
	}
	g.Add(m.put(p, m.format(p.Type, v)))
}

func (m *model) put(p *ir.Param, s *jen.Statement) *jen.Statement {
	switch p.In {
	case ir.InHeader:
		return jen.Id("c").Dot("setHeader").Call(jen.Lit(p.Name), s)
	case ir.InCookie:
		return jen.Id("c").Dot("addCookie").Call(jen.Lit(p.Name), s)
	}
	return jen.Id("c").Dot("query").Dot("Set").Call(jen.Lit(p.Name), s)
}

// success is the first 2xx response with a body, which the method returns.
func success(op *ir.Operation) *ir.Response {
	for _, r := range op.Responses {
		if r.Status >= 200 && r.Status < 300 && r.Type != nil {
			return r
		}
	}
	return nil
}

func (m *model) method(f *jen.File, svcType string, op *ir.Operation) {
	var text []string
	if op.Summary != "" {
		text = append(text, op.Summary)
	}
	if op.Description != "" && op.Description != op.Summary {
		text = append(text, op.Description)
	}
	route := fmt.Sprintf("%s %s", op.Method, op.Path)
	if op.RateLimit != "" {
		route += "\n\nRate limit bucket: " + op.RateLimit + "."
	}
	f.Add(commentBlock(op.Name, strings.Join(text, "\n\n"), op.Deprecated, route))

	params := []jen.Code{jen.Id("ctx").Qual(pkgContext, "Context")}
	for _, p := range op.PathParams {
		params = append(params, jen.Id(p.ArgName).Add(m.goType(p.Type)))
	}
	if op.Body != nil {
		params = append(params, jen.Id("body").Add(m.bodyType(op.Body)))
	}
	if len(op.Params) > 0 {
		if paramsByValue(op) {
			params = append(params, jen.Id("params").Id(paramsType(op)))
		} else {
			params = append(params, jen.Id("params").Op("*").Id(paramsType(op)))
		}
	}
	params = append(params, jen.Id("opts").Op("...").Id("RequestOption"))

	res := success(op)
	var results []jen.Code
	var outType *jen.Statement
	returnsPtr := false
	if res != nil {
		outType = m.goType(*res.Type)
		sh := m.shapeOf(*res.Type)
		returnsPtr = sh == shStruct || sh == shUnion
		if returnsPtr {
			results = append(results, jen.Op("*").Add(outType.Clone()))
		} else {
			results = append(results, outType.Clone())
		}
	}
	results = append(results, jen.Error())

	f.Func().Params(jen.Id("s").Op("*").Id(svcType)).Id(op.Name).Params(params...).Params(results...).BlockFunc(func(g *jen.Group) {
		g.Id("c").Op(":=").Id("newCall").Call(jen.Lit(string(op.Method)), m.pathExpr(op))
		m.paramStatements(g, op)
		m.bodyStatements(g, op)
		if res == nil {
			g.Return(jen.Id("s").Dot("t").Dot("do").Call(jen.Id("ctx"), jen.Id("c"), jen.Id("opts"), jen.Nil()))
			return
		}
		g.Var().Id("out").Add(outType)
		g.Err().Op(":=").Id("s").Dot("t").Dot("do").Call(jen.Id("ctx"), jen.Id("c"), jen.Id("opts"), m.decoder(res))
		zero := jen.Id("out")
		if returnsPtr {
			zero = jen.Nil()
		}
		g.If(jen.Err().Op("!=").Nil()).Block(jen.Return(zero, jen.Err()))
		if returnsPtr {
			g.Return(jen.Op("&").Id("out"), jen.Nil())
		} else {
			g.Return(jen.Id("out"), jen.Nil())
		}
	})
	f.Line()
}

func (m *model) decoder(res *ir.Response) *jen.Statement {
	var body jen.Code
	switch res.Kind {
	case ir.BodyJSON:
		body = jen.Return(jen.Qual(pkgJSON, "Unmarshal").Call(jen.Id("data"), jen.Op("&").Id("out")))
	case ir.BodyText:
		body = jen.Id("out").Op("=").String().Parens(jen.Id("data")).Line().Return(jen.Nil())
	default:
		body = jen.Id("out").Op("=").Id("data").Line().Return(jen.Nil())
	}
	return jen.Func().Params(jen.Id("_").Int(), jen.Id("data").Index().Byte()).Error().Block(body)
}

// pathExpr concatenates the path template with escaped parameters.
func (m *model) pathExpr(op *ir.Operation) *jen.Statement {
	byName := map[string]*ir.Param{}
	for _, p := range op.PathParams {
		byName[p.Name] = p
	}
	var parts []jen.Code
	rest := op.Path
	for {
		i := strings.IndexByte(rest, '{')
		j := strings.IndexByte(rest, '}')
		if i < 0 || j < i {
			break
		}
		if i > 0 {
			parts = append(parts, jen.Lit(rest[:i]))
		}
		p := byName[rest[i+1:j]]
		parts = append(parts, jen.Id("pathEscape").Call(m.format(p.Type, jen.Id(p.ArgName))))
		rest = rest[j+1:]
	}
	if rest != "" || len(parts) == 0 {
		parts = append(parts, jen.Lit(rest))
	}
	expr := jen.Add(parts[0])
	for _, p := range parts[1:] {
		expr = expr.Op("+").Add(p)
	}
	return expr
}

func (m *model) paramStatements(g *jen.Group, op *ir.Operation) {
	if len(op.Params) == 0 {
		return
	}
	stmts := jen.BlockFunc(func(b *jen.Group) {
		for _, p := range op.Params {
			v := jen.Id("params").Dot(p.GoName)
			optionalPtr := !p.Required && m.shapeOf(p.Type) != shSlice && m.shapeOf(p.Type) != shMap && m.shapeOf(p.Type) != shRaw
			switch {
			case optionalPtr:
				b.If(v.Clone().Op("!=").Nil()).BlockFunc(func(ib *jen.Group) {
					m.setParam(ib, p, jen.Op("*").Add(v.Clone()))
				})
			case !p.Required:
				b.If(jen.Len(v.Clone()).Op(">").Lit(0)).BlockFunc(func(ib *jen.Group) {
					m.setParam(ib, p, v.Clone())
				})
			default:
				m.setParam(b, p, v.Clone())
			}
		}
	})
	if paramsByValue(op) {
		g.Add(stmts)
		return
	}
	g.If(jen.Id("params").Op("!=").Nil()).Add(stmts)
}

func (m *model) bodyType(b *ir.Body) *jen.Statement {
	if m.shapeOf(b.Type) == shStruct {
		return jen.Op("*").Add(m.goType(b.Type))
	}
	return m.goType(b.Type)
}

func (m *model) bodyStatements(g *jen.Group, op *ir.Operation) {
	b := op.Body
	if b == nil {
		return
	}
	var set *jen.Statement
	switch b.Kind {
	case ir.BodyJSON:
		set = jen.Id("c").Dot("setJSON").Call(jen.Id("body"))
	case ir.BodyForm:
		set = jen.Id("c").Dot("setForm").Call(jen.Id("body"))
	case ir.BodyText:
		set = jen.Id("c").Dot("setRaw").Call(jen.Index().Byte().Parens(jen.Id("body")), jen.Lit(b.MediaType))
	default:
		set = jen.Id("c").Dot("setRaw").Call(jen.Id("body"), jen.Lit(b.MediaType))
	}
	if m.shapeOf(b.Type) == shStruct {
		g.If(jen.Id("body").Op("!=").Nil()).Block(set)
		return
	}
	g.Add(set)
}
