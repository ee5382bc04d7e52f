package emit

import (
	"fmt"
	"net/http"
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
	f.Commentf("%s is the interface %s satisfies, for fakes in tests.", svc.Interface, typ)
	f.Type().Id(svc.Interface).InterfaceFunc(func(g *jen.Group) {
		for _, op := range svc.Operations {
			decl, _ := m.signature(op)
			params := append([]jen.Code{jen.Id("ctx").Qual(pkgContext, "Context")}, decl...)
			params = append(params, jen.Id("opts").Op("...").Id("RequestOption"))
			g.Id(op.Name).Params(params...).Params(m.results(op)...)
			if op.Pagination != nil {
				ip, ret := m.iterSignature(op)
				g.Id(op.Pagination.IterName).Params(ip...).Add(ret)
			}
		}
	})
	f.Line()
	f.Var().Id("_").Id(svc.Interface).Op("=").Parens(jen.Op("*").Id(typ)).Parens(jen.Nil())
	f.Line()
	for _, op := range svc.Operations {
		if len(op.Params) > 0 {
			m.paramsStruct(f, op)
		}
		if op.ResultName != "" {
			m.resultType(f, op)
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
		if strings.HasPrefix(v.GoString(), "*") {
			v = jen.Parens(v) // (*params.Since).Format, not *params.Since.Format
		}
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
	if p.In == ir.InQuery {
		switch sh := m.shapeOf(p.Type); {
		case sh == shStruct || sh == shMap || sh == shRaw:
			// Objects go as deepObject (a[b]=c) or, exploded form style,
			// one parameter per property; anything else as JSON text.
			switch {
			case p.Style == "deepObject":
				g.Id("c").Dot("objectParam").Call(jen.Lit(p.Name), v, jen.True())
				return
			case p.Style == "form" && p.Explode:
				g.Id("c").Dot("objectParam").Call(jen.Lit(p.Name), v, jen.False())
				return
			}
		}
	}
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

// signature is an operation's inputs after ctx: path parameters, body,
// params struct; names are the arguments in the same order.
func (m *model) signature(op *ir.Operation) (decl []jen.Code, names []jen.Code) {
	for _, p := range op.PathParams {
		decl = append(decl, jen.Id(p.ArgName).Add(m.goType(p.Type)))
		names = append(names, jen.Id(p.ArgName))
	}
	if op.Body != nil {
		decl = append(decl, jen.Id("body").Add(m.bodyType(op.Body)))
		names = append(names, jen.Id("body"))
	}
	if len(op.Params) > 0 {
		t := jen.Op("*").Id(paramsType(op))
		if paramsByValue(op) {
			t = jen.Id(paramsType(op))
		}
		decl = append(decl, jen.Id("params").Add(t))
		names = append(names, jen.Id("params"))
	}
	return decl, names
}

// result is the Go type an operation returns besides error, nil if none,
// and whether it is returned by pointer.
func (m *model) result(op *ir.Operation) (*jen.Statement, bool) {
	if op.ResultName != "" {
		return jen.Id(op.ResultName), true
	}
	res := success(op)
	if res == nil {
		return nil, false
	}
	sh := m.shapeOf(*res.Type)
	return m.goType(*res.Type), sh == shStruct || sh == shUnion
}

func (m *model) results(op *ir.Operation) []jen.Code {
	if ir.Streams(op) {
		return []jen.Code{m.eventsSeq(op)}
	}
	out, ptr := m.result(op)
	switch {
	case out == nil:
		return []jen.Code{jen.Error()}
	case ptr:
		return []jen.Code{jen.Op("*").Add(out), jen.Error()}
	}
	return []jen.Code{out, jen.Error()}
}

func buildName(op *ir.Operation) string { return "build" + op.Name }

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
	if e := m.errorDoc(op); e != "" {
		route += "\n\n" + e
	}
	if d := m.noContentDoc(op); d != "" {
		route += "\n\n" + d
	}
	if ir.Streams(op) {
		route += "\n\nIt returns the server-sent events of the response as they arrive. The request is sent when the loop starts; breaking out of the loop closes the stream."
	}
	f.Add(commentBlock(op.Name, strings.Join(text, "\n\n"), op.Deprecated, route))
	decl, names := m.signature(op)
	params := append([]jen.Code{jen.Id("ctx").Qual(pkgContext, "Context")}, decl...)
	params = append(params, jen.Id("opts").Op("...").Id("RequestOption"))
	results := m.results(op)
	out, isPtr := m.result(op)

	f.Func().Params(jen.Id("s").Op("*").Id(svcType)).Id(op.Name).Params(params...).Params(results...).BlockFunc(func(g *jen.Group) {
		if ir.Streams(op) {
			m.eventsMethodBody(g, op, names)
			return
		}
		g.List(jen.Id("resp"), jen.Err()).Op(":=").Id("s").Dot("t").Dot("send").Call(jen.Id("ctx"), jen.Id(buildName(op)).Call(names...), jen.Id("opts"))
		g.If(jen.Err().Op("!=").Nil()).BlockFunc(func(b *jen.Group) {
			switch {
			case out == nil:
				b.Return(jen.Err())
			case isPtr:
				b.Return(jen.Nil(), jen.Err())
			default:
				b.Var().Id("zero").Add(out.Clone())
				b.Return(jen.Id("zero"), jen.Err())
			}
		})
		g.Return(jen.Id(op.ParseName).Call(jen.Id("resp")))
	})
	f.Line()

	// The request, built without sending it.
	f.Commentf("%s builds the request of %s without sending it, for proxies,", op.RequestName, op.Name)
	f.Comment("signing or batching; baseURL is the API's base URL.")
	reqParams := append([]jen.Code{jen.Id("ctx").Qual(pkgContext, "Context"), jen.Id("baseURL").String()}, decl...)
	reqParams = append(reqParams, jen.Id("opts").Op("...").Id("RequestOption"))
	f.Func().Id(op.RequestName).Params(reqParams...).Params(jen.Op("*").Qual(pkgHTTP, "Request"), jen.Error()).Block(
		jen.Return(jen.Id("buildRequest").Call(jen.Id("ctx"), jen.Id("baseURL"), jen.Id(buildName(op)).Call(names...), jen.Id("opts"))),
	)
	f.Line()

	// The unexported builder shared by both.
	f.Func().Id(buildName(op)).Params(decl...).Op("*").Id("call").BlockFunc(func(g *jen.Group) {
		g.Id("c").Op(":=").Id("newCall").Call(jen.Lit(string(op.Method)), m.pathExpr(op))
		for _, p := range op.PathParams {
			if r := m.resolve(p.Type); r.Kind == ir.RefBuiltin && r.Builtin == ir.String {
				// An empty segment would send the request to another endpoint.
				g.If(jen.Id(p.ArgName).Op("==").Lit("")).Block(jen.Id("c").Dot("fail").Call(jen.Id("errEmptyPathParam").Call(jen.Lit(p.Name))))
			}
		}
		m.paramStatements(g, op)
		m.bodyStatements(g, op)
		if ir.Streams(op) {
			g.Id("c").Dot("setHeader").Call(jen.Lit("Accept"), jen.Lit("text/event-stream"))
		}
		if len(op.Security) > 0 {
			g.Id("c").Dot("security").Op("=").Add(securityLit(op.Security))
		}
		m.credentialParams(g, op)
		g.Return(jen.Id("c"))
	})
	f.Line()

	m.parser(f, op)
	if op.Pagination != nil {
		m.iterator(f, svcType, op)
	}
}

func (m *model) iterSignature(op *ir.Operation) ([]jen.Code, *jen.Statement) {
	decl, _ := m.signature(op)
	params := append([]jen.Code{jen.Id("ctx").Qual(pkgContext, "Context")}, decl...)
	params = append(params, jen.Id("opts").Op("...").Id("RequestOption"))
	return params, jen.Qual(pkgIter, "Seq2").Types(m.goType(op.Pagination.Item), jen.Error())
}

// iterator writes <Op>All, which walks every page of a list operation.
func (m *model) iterator(f *jen.File, svcType string, op *ir.Operation) {
	pg := op.Pagination
	_, names := m.signature(op)
	var how string
	switch pg.Style {
	case ir.PageLink:
		how = fmt.Sprintf("following the Link header's rel=\"next\" target and its %q parameter", pg.Token.Name)
	case ir.PageBody:
		how = fmt.Sprintf("passing the response's %s as %q", pg.NextField.JSONName, pg.Token.Name)
	}
	f.Commentf("%s iterates over the items of every page of %s, %s.", pg.IterName, op.Name, how)
	f.Comment("It stops at the first error, which it yields, or when the loop breaks.")
	params, ret := m.iterSignature(op)
	item := m.goType(pg.Item)
	tokenField := jen.Id("p").Dot(pg.Token.GoName)
	f.Func().Params(jen.Id("s").Op("*").Id(svcType)).Id(pg.IterName).Params(params...).Add(ret).BlockFunc(func(g *jen.Group) {
		g.Var().Id("p").Id(paramsType(op))
		if paramsByValue(op) {
			g.Id("p").Op("=").Id("params")
		} else {
			g.If(jen.Id("params").Op("!=").Nil()).Block(jen.Id("p").Op("=").Op("*").Id("params"))
		}
		// A paginated operation has a params struct (the token is a query
		// parameter), and signature puts it last: pass the copy instead.
		call := append([]jen.Code{jen.Id("ctx")}, names[:len(names)-1]...)
		if paramsByValue(op) {
			call = append(call, jen.Id("p"))
		} else {
			call = append(call, jen.Op("&").Id("p"))
		}
		g.Return(jen.Id("pages").Call(jen.Func().Params(jen.Id("token").String()).Params(jen.Index().Add(item), jen.String(), jen.Error()).BlockFunc(func(b *jen.Group) {
			b.If(jen.Id("token").Op("!=").Lit("")).BlockFunc(func(ib *jen.Group) {
				m.setToken(ib, pg.Token, tokenField)
			})
			switch pg.Style {
			case ir.PageLink:
				b.Var().Id("resp").Op("*").Qual(pkgHTTP, "Response")
				b.List(jen.Id("items"), jen.Err()).Op(":=").Id("s").Dot(op.Name).Call(append(call, jen.Id("withResponse").Call(jen.Id("opts"), jen.Op("&").Id("resp")).Op("..."))...)
				b.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Nil(), jen.Lit(""), jen.Err()))
				b.List(jen.Id("next"), jen.Id("_")).Op(":=").Id("NextPageToken").Call(jen.Id("resp"), jen.Lit(pg.Token.Name))
				b.Return(jen.Id("items"), jen.Id("next"), jen.Nil())
			case ir.PageBody:
				b.List(jen.Id("res"), jen.Err()).Op(":=").Id("s").Dot(op.Name).Call(append(call, jen.Id("opts").Op("..."))...)
				b.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Nil(), jen.Lit(""), jen.Err()))
				next := jen.Id("res").Dot(pg.NextField.Name)
				if !pg.NextField.Required {
					b.Id("next").Op(":=").Lit("")
					b.If(next.Clone().Op("!=").Nil()).Block(jen.Id("next").Op("=").Op("*").Add(next.Clone()))
					next = jen.Id("next")
				}
				b.Return(jen.Id("res").Dot(pg.ItemsField), next, jen.Nil())
			}
		})))
	})
	f.Line()
}

// setToken stores the page token in the params struct's token field.
func (m *model) setToken(g *jen.Group, p *ir.Param, field *jen.Statement) {
	r := m.resolve(p.Type)
	isInt := r.Kind == ir.RefBuiltin && (r.Builtin == ir.Int64 || r.Builtin == ir.Int32)
	val := jen.Id("token")
	if isInt {
		g.List(jen.Id("n"), jen.Err()).Op(":=").Qual(pkgStrconv, "ParseInt").Call(jen.Id("token"), jen.Lit(10), jen.Lit(64))
		g.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Nil(), jen.Lit(""), jen.Qual(pkgFmt, "Errorf").Call(jen.Lit("next page %q: %w"), jen.Id("token"), jen.Err())))
		val = m.goType(p.Type).Call(jen.Id("n"))
	} else if r.Kind == ir.RefNamed {
		val = m.goType(p.Type).Call(jen.Id("token"))
	}
	if p.Required {
		g.Add(field).Op("=").Add(val)
		return
	}
	g.Id("v").Op(":=").Add(val)
	g.Add(field).Op("=").Op("&").Id("v")
}

func securityLit(alts [][]string) *jen.Statement {
	return jen.Index().Index().String().ValuesFunc(func(g *jen.Group) {
		for _, alt := range alts {
			g.ValuesFunc(func(a *jen.Group) {
				for _, s := range alt {
					a.Lit(s)
				}
			})
		}
	})
}

// parser writes Parse<Op>Response.
func (m *model) parser(f *jen.File, op *ir.Operation) {
	if ir.Streams(op) {
		m.eventsParser(f, op)
		return
	}
	res := success(op)
	out, ptr := m.result(op)
	f.Commentf("%s reads the response to %s: the result for a success,", op.ParseName, op.Name)
	f.Comment("otherwise an *APIError or, for a status with a declared body, an *ErrorResponse.")
	f.Comment("It reads and closes the body.")
	f.Func().Id(op.ParseName).Params(jen.Id("resp").Op("*").Qual(pkgHTTP, "Response")).Params(m.results(op)...).BlockFunc(func(g *jen.Group) {
		if op.ResultName != "" {
			g.Var().Id("out").Id(op.ResultName)
			g.If(jen.Err().Op(":=").Id("parseResponse").Call(jen.Id("resp"), m.sumDecoder(op), m.errorMapper(op)), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Nil(), jen.Err()))
			g.Id("out").Dot("StatusCode").Op("=").Id("resp").Dot("StatusCode")
			g.Return(jen.Op("&").Id("out"), jen.Nil())
			return
		}
		if res == nil {
			g.Return(jen.Id("parseResponse").Call(jen.Id("resp"), jen.Nil(), m.errorMapper(op)))
			return
		}
		if ptr && res.Kind == ir.BodyJSON {
			m.pointerParser(g, op, res, out)
			return
		}
		g.Var().Id("out").Add(out)
		g.If(jen.Err().Op(":=").Id("parseResponse").Call(jen.Id("resp"), m.decoder(res), m.errorMapper(op)), jen.Err().Op("!=").Nil()).BlockFunc(func(b *jen.Group) {
			if ptr {
				b.Return(jen.Nil(), jen.Err())
			} else {
				b.Return(jen.Id("out"), jen.Err())
			}
		})
		if ptr {
			g.Return(jen.Op("&").Id("out"), jen.Nil())
		} else {
			g.Return(jen.Id("out"), jen.Nil())
		}
	})
	f.Line()
}

// successes are the 2xx responses with a body.
func successes(op *ir.Operation) []*ir.Response {
	var out []*ir.Response
	for _, r := range op.Responses {
		if r.Status >= 200 && r.Status < 300 && r.Type != nil {
			out = append(out, r)
		}
	}
	return out
}

// statusField names a result field after its status: OK, Created, ...
func statusField(code int) string {
	if code == http.StatusOK {
		return "OK"
	}
	if t := http.StatusText(code); t != "" {
		return ir.GoName(t)
	}
	return fmt.Sprintf("Status%d", code)
}

// resultType writes the struct an operation with several success bodies
// returns: one field per status, set for the status received.
func (m *model) resultType(f *jen.File, op *ir.Operation) {
	f.Commentf("%s is the result of %s, which answers with different bodies:", op.ResultName, op.Name)
	f.Comment("the field of the status received is set.")
	f.Type().Id(op.ResultName).StructFunc(func(g *jen.Group) {
		g.Id("StatusCode").Int()
		for _, r := range successes(op) {
			g.Commentf("%s is set for status %d.", statusField(r.Status), r.Status)
			g.Id(statusField(r.Status)).Op("*").Add(m.goType(*r.Type))
		}
	})
	f.Line()
}

func (m *model) sumDecoder(op *ir.Operation) *jen.Statement {
	return jen.Func().Params(jen.Id("status").Int(), jen.Id("data").Index().Byte()).Error().Block(
		jen.Switch(jen.Id("status")).BlockFunc(func(g *jen.Group) {
			for _, r := range successes(op) {
				field := jen.Id("out").Dot(statusField(r.Status))
				g.Case(jen.Lit(r.Status)).BlockFunc(func(c *jen.Group) {
					c.Add(field.Clone()).Op("=").New(m.goType(*r.Type))
					switch r.Kind {
					case ir.BodyJSON:
						c.Return(jen.Qual(pkgJSON, "Unmarshal").Call(jen.Id("data"), field.Clone()))
					case ir.BodyText:
						c.Op("*").Add(field.Clone()).Op("=").String().Parens(jen.Id("data"))
						c.Return(jen.Nil())
					default:
						c.Op("*").Add(field.Clone()).Op("=").Id("data")
						c.Return(jen.Nil())
					}
				})
			}
		}),
		jen.Return(jen.Nil()),
	)
}

// errorResponses are the declared non-2xx responses with a JSON body.
func errorResponses(op *ir.Operation) (byStatus []*ir.Response, def *ir.Response) {
	for _, r := range op.Responses {
		if r.Type == nil || (r.Kind != ir.BodyJSON && r.Kind != ir.BodyText) || (r.Status >= 200 && r.Status < 300) {
			continue
		}
		if r.Status == 0 {
			def = r
			continue
		}
		byStatus = append(byStatus, r)
	}
	return byStatus, def
}

func (m *model) errorDoc(op *ir.Operation) string {
	byStatus, def := errorResponses(op)
	var parts []string
	for _, r := range byStatus {
		parts = append(parts, fmt.Sprintf("%d: *ErrorResponse[%s]", r.Status, m.typeText(*r.Type)))
	}
	if def != nil {
		parts = append(parts, fmt.Sprintf("other statuses: *ErrorResponse[%s]", m.typeText(*def.Type)))
	}
	if len(parts) == 0 {
		return ""
	}
	return "Errors: " + strings.Join(parts, "; ") + "."
}

// typeText is a type's name for documentation.
func (m *model) typeText(r ir.TypeRef) string {
	return fmt.Sprintf("%#v", m.goType(r))
}

// errorMapper is the func that turns an *APIError into the typed error of
// its status, or nil when the operation declares none.
func (m *model) errorMapper(op *ir.Operation) jen.Code {
	byStatus, def := errorResponses(op)
	if len(byStatus) == 0 && def == nil {
		return jen.Nil()
	}
	as := func(r *ir.Response) *jen.Statement {
		if r.Kind == ir.BodyText {
			return jen.Id("asTextErrorResponse").Call(jen.Id("e"))
		}
		args := []jen.Code{jen.Id("e")}
		for _, k := range m.requiredKeys(*r.Type) {
			args = append(args, jen.Lit(k))
		}
		return jen.Id("asErrorResponse").Types(m.goType(*r.Type)).Call(args...)
	}
	return jen.Func().Params(jen.Id("e").Op("*").Id("APIError")).Error().BlockFunc(func(g *jen.Group) {
		if len(byStatus) > 0 {
			g.Switch(jen.Id("e").Dot("StatusCode")).BlockFunc(func(sw *jen.Group) {
				for _, r := range byStatus {
					sw.Case(jen.Lit(r.Status)).Return(as(r))
				}
			})
		}
		if def != nil {
			g.Return(as(def))
		} else {
			g.Return(jen.Id("e"))
		}
	})
}

// requiredKeys are the JSON properties a body must have to be of type r:
// the struct's required fields, or a union's discriminator.
func (m *model) requiredKeys(r ir.TypeRef) []string {
	r = m.resolve(r)
	if r.Kind != ir.RefNamed {
		return nil
	}
	t := m.byName[r.Name]
	switch t.Kind {
	case ir.KindUnion:
		return []string{t.Union.Discriminator}
	case ir.KindStruct:
		var keys []string
		for _, f := range t.Fields {
			if f.Required {
				keys = append(keys, f.JSONName)
			}
		}
		return keys
	}
	return nil
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
	if b.Kind == ir.BodyBinary {
		return jen.Qual(pkgIO, "Reader")
	}
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
	case ir.BodyMultipart:
		set = m.multipart(b)
	default:
		set = jen.Id("c").Dot("setReader").Call(jen.Id("body"), jen.Lit(b.MediaType))
	}
	if b.Kind == ir.BodyJSON && acceptsForm(b) {
		set = jen.Add(set).Line().Id("c").Dot("formOK").Op("=").True()
	}
	switch m.shapeOf(b.Type) {
	case shStruct, shSlice, shMap:
		// A nil body sends no body, not JSON null.
		if b.Kind != ir.BodyText {
			g.If(jen.Id("body").Op("!=").Nil()).Block(set)
			return
		}
	case shRaw:
		g.If(jen.Len(jen.Id("body")).Op(">").Lit(0)).Block(set)
		return
	}
	g.Add(set)
}

func acceptsForm(b *ir.Body) bool {
	for _, mt := range b.Alt {
		if k, _ := ir.MediaKind(mt); k == ir.BodyForm {
			return true
		}
	}
	return false
}

// multipart writes the statements that encode a struct body as
// multipart/form-data: []byte fields as file parts, text-like fields as
// fields, anything else as JSON text.
func (m *model) multipart(b *ir.Body) *jen.Statement {
	r := m.resolve(b.Type)
	var t *ir.Type
	if r.Kind == ir.RefNamed {
		t = m.byName[r.Name]
	}
	if t == nil || t.Kind != ir.KindStruct {
		return jen.Id("c").Dot("setMultipart").Call(jen.Func().Params(jen.Id("mw").Op("*").Id("multipartWriter")).Block(
			jen.Id("mw").Dot("json").Call(jen.Lit("body"), jen.Id("body")),
		))
	}
	return jen.Id("c").Dot("setMultipart").Call(jen.Func().Params(jen.Id("mw").Op("*").Id("multipartWriter")).BlockFunc(func(g *jen.Group) {
		for _, f := range t.Fields {
			v := jen.Id("body").Dot(f.Name)
			write := func(g *jen.Group, v *jen.Statement) {
				fr := m.resolve(f.Type)
				switch {
				case fr.Kind == ir.RefBuiltin && fr.Builtin == ir.Bytes:
					g.Id("mw").Dot("file").Call(jen.Lit(f.JSONName), v)
				case m.shapeOf(f.Type) == shScalar && !f.Nullable:
					g.Id("mw").Dot("field").Call(jen.Lit(f.JSONName), m.format(f.Type, v))
				default:
					g.Id("mw").Dot("json").Call(jen.Lit(f.JSONName), v)
				}
			}
			sh := m.shapeOf(f.Type)
			switch {
			case f.Nullable:
				g.If(v.Clone().Dot("IsSet").Call()).BlockFunc(func(g *jen.Group) { write(g, v.Clone()) })
			case sh == shSlice || sh == shMap || sh == shRaw:
				g.If(jen.Len(v.Clone()).Op(">").Lit(0)).BlockFunc(func(g *jen.Group) { write(g, v.Clone()) })
			case !f.Required || m.cyclic[f]:
				g.If(v.Clone().Op("!=").Nil()).BlockFunc(func(g *jen.Group) { write(g, jen.Op("*").Add(v.Clone())) })
			default:
				write(g, v.Clone())
			}
		}
	}))
}
