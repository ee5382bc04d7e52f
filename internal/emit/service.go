package emit

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/dave/jennifer/jen"

	"github.com/orygen/orygen/internal/ir"
)

// service writes one service: its type, its params structs and a method
// per operation.
func (m *model) service(f *jen.File, svc *ir.Service) {
	typ := svc.TypeName
	f.Add(commentBlock(string(typ), fmt.Sprintf("%s groups the operations tagged %q.", typ, svc.Tag), false, svc.Doc))
	f.Type().Id(string(typ)).Struct(jen.Id("t").Op("*").Id("transport"))
	f.Line()
	f.Commentf("%s is the interface %s satisfies, for fakes in tests.", svc.Interface, typ)
	f.Type().Id(string(svc.Interface)).InterfaceFunc(func(g *jen.Group) {
		for _, op := range svc.Operations {
			o := m.forOp(op)
			decl, _ := o.signature(op)
			params := append([]jen.Code{jen.Id(string(o.l.Ctx)).Qual(pkgContext, "Context")}, decl...)
			params = append(params, jen.Id(string(o.l.Opts)).Op("...").Id("RequestOption"))
			g.Id(string(op.Name)).Params(params...).Params(o.results(op)...)
			if op.Pagination != nil {
				ip, ret := o.iterSignature(op)
				g.Id(string(op.Pagination.IterName)).Params(ip...).Add(ret)
			}
			if op.Stream != nil {
				g.Id(string(op.Stream.Name)).Params(params...).Params(o.eventsSeq(op.Stream.Response))
			}
			o.bodyAltSignatures(g, op)
		}
	})
	f.Line()
	f.Var().Id("_").Id(string(svc.Interface)).Op("=").Parens(jen.Op("*").Id(string(typ))).Parens(jen.Nil())
	f.Line()
	for _, op := range svc.Operations {
		o := m.forOp(op)
		if len(op.Params) > 0 {
			o.paramsStruct(f, op)
		}
		if op.ResultName != "" {
			o.resultType(f, op)
		}
		o.method(f, typ, op)
	}
}

func (o *opEmitter) paramsStruct(f *jen.File, op *ir.Operation) {
	name := op.ParamsName
	f.Commentf("%s holds the query, header and cookie parameters of %s.", name, op.Name)
	f.Comment("Required ones are values; optional ones are nil when not sent.")
	f.Type().Id(string(name)).StructFunc(func(g *jen.Group) {
		for i, p := range op.Params {
			if i > 0 {
				g.Line()
			}
			extra := fmt.Sprintf("Sent as %s parameter %q.", p.In, p.Name)
			if p.Default != "" {
				extra += " The server's default is " + p.Default + "."
			}
			doc(g, string(p.GoName), p.Doc, p.Deprecated, extra)
			g.Id(string(p.GoName)).Add(o.paramType(p))
		}
	})
	f.Line()
}

func (o *opEmitter) paramType(p *ir.Param) *jen.Statement {
	t := o.goType(p.Type)
	if p.Presence == ir.PresenceOptional {
		return jen.Op("*").Add(t)
	}
	return t
}

// styleIdent names the runtime's constant for a style.
func styleIdent(s ir.Style) *jen.Statement {
	return jen.Id("style" + strings.ToUpper(s.String()[:1]) + s.String()[1:])
}

// format is the expression that turns v of type r into a parameter string.
func (o *opEmitter) format(r ir.TypeRef, v *jen.Statement) *jen.Statement {
	// A statement grows in place: v is the caller's, used again after.
	v = v.Clone()
	r = o.resolve(r)
	switch r.Kind {
	case ir.RefTime:
		if strings.HasPrefix(v.GoString(), "*") {
			v = jen.Parens(v) // (*params.Since).Format, not *params.Since.Format
		}
		return v.Dot("Format").Call(jen.Qual(pkgTime, "RFC3339Nano"))
	case ir.RefNamed:
		t := o.byName[r.Name]
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

// paramValue is the runtime's view of p's value v, for the style
// functions: a scalar or a list of scalars formatted here without
// reflection, anything else through its JSON encoding, and a parameter
// described by JSON content as its JSON text.
//
// ptr points to the value: structs and unions marshal through their
// pointer-receiver MarshalJSON.
func (o *opEmitter) paramValue(g *jen.Group, p *ir.Param, v, ptr *jen.Statement) *jen.Statement {
	if sh := o.shapeOf(p.Type); sh == shStruct || sh == shUnion {
		v = ptr
	}
	if p.JSON {
		return jen.Id("jsonValue").Call(v)
	}
	if o.plainText(p.Type) {
		return jen.Id("scalarParam").Call(o.format(p.Type, v))
	}
	if t := p.Type; t.Kind == ir.RefSlice && t.Elem.Kind == ir.RefBuiltin && t.Elem.Builtin == ir.String {
		return jen.Id("listParam").Call(v)
	}
	if o.scalarList(p) {
		r := o.resolve(p.Type)
		g.Id(string(o.l.Parts)).Op(":=").Make(jen.Index().String(), jen.Lit(0), jen.Len(v))
		g.For(jen.List(jen.Id("_"), jen.Id(string(o.l.Elem))).Op(":=").Range().Add(v)).Block(
			jen.Id(string(o.l.Parts)).Op("=").Append(jen.Id(string(o.l.Parts)), o.format(*r.Elem, jen.Id(string(o.l.Elem)))),
		)
		return jen.Id("listParam").Call(jen.Id(string(o.l.Parts)))
	}
	return jen.Id("anyParam").Call(v)
}

// plainText: format writes values of r without JSON.
func (o *opEmitter) plainText(r ir.TypeRef) bool {
	r = o.resolve(r)
	switch r.Kind {
	case ir.RefTime:
		return true
	case ir.RefNamed:
		t := o.byName[r.Name]
		return t != nil && t.Kind == ir.KindEnum
	case ir.RefBuiltin:
		switch r.Builtin {
		case ir.String, ir.Bool, ir.Int32, ir.Int64, ir.Float64:
			return true
		}
	}
	return false
}

// scalarList: p's value is a list of scalars other than a []string,
// which paramValue formats with statements of its own.
func (o *opEmitter) scalarList(p *ir.Param) bool {
	r := o.resolve(p.Type)
	if t := p.Type; t.Kind == ir.RefSlice && t.Elem.Kind == ir.RefBuiltin && t.Elem.Builtin == ir.String {
		return false
	}
	return !p.JSON && r.Kind == ir.RefSlice && o.plainText(*r.Elem)
}

// setParam writes the statements that put p (held in v, pointed to by
// ptr) on the call, in the style irbuild decided; scoped: g is a block of
// p's own, where its locals cannot clash.
func (o *opEmitter) setParam(g *jen.Group, p *ir.Param, v, ptr *jen.Statement, scoped bool) {
	put := func(g *jen.Group) {
		call := jen.Id(string(o.l.Call))
		val := o.paramValue(g, p, v, ptr)
		switch p.In {
		case ir.InHeader:
			g.Add(call.Dot("headerParam").Call(jen.Lit(p.Name), jen.Lit(p.Explode), val))
		case ir.InCookie:
			if p.Content != "" && !p.JSON {
				// Described as text: the caller's string is the cookie's value.
				g.Add(call.Dot("cookieText").Call(jen.Lit(p.Name), o.format(p.Type, v)))
				return
			}
			g.Add(call.Dot("cookieParam").Call(jen.Lit(p.Name), jen.Lit(p.Explode), val))
		default:
			if !p.JSON && !p.AllowReserved && p.Style != ir.StyleDeepObject && o.plainText(p.Type) {
				// What queryParam does with a scalar in any of these
				// styles, without styled: a program whose operations have
				// only such parameters links none of the other styles.
				g.Add(call.Dot("queryScalar").Call(jen.Lit(p.Name), o.format(p.Type, v)))
				return
			}
			g.Add(call.Dot("queryParam").Call(jen.Lit(p.Name), styleIdent(p.Style), jen.Lit(p.Explode), jen.Lit(p.AllowReserved), val))
		}
	}
	if o.scalarList(p) && !scoped {
		g.BlockFunc(put) // its own scope for the list's locals
		return
	}
	put(g)
}

// signature is an operation's inputs after ctx: path parameters, body,
// params struct; names are the arguments in the same order.
func (o *opEmitter) signature(op *ir.Operation) (decl []jen.Code, names []jen.Code) {
	return o.signatureWith(op, op.Body)
}

// signatureWith is op's signature with body b (a BodyAlt's) for its own.
func (o *opEmitter) signatureWith(op *ir.Operation, b *ir.Body) (decl []jen.Code, names []jen.Code) {
	for _, p := range op.PathParams {
		decl = append(decl, jen.Id(string(p.ArgName)).Add(o.goType(p.Type)))
		names = append(names, jen.Id(string(p.ArgName)))
	}
	if b != nil {
		decl = append(decl, jen.Id(string(o.l.Body)).Add(o.bodyType(b)))
		names = append(names, jen.Id(string(o.l.Body)))
	}
	if len(op.Params) > 0 {
		t := jen.Op("*").Id(string(op.ParamsName))
		if op.ParamsByValue {
			t = jen.Id(string(op.ParamsName))
		}
		decl = append(decl, jen.Id(string(o.l.Params)).Add(t))
		names = append(names, jen.Id(string(o.l.Params)))
	}
	return decl, names
}

// result is the Go type an operation returns besides error, nil if none,
// and whether it is returned by pointer.
func (o *opEmitter) result(op *ir.Operation) (*jen.Statement, bool) {
	if op.ResultName != "" {
		return jen.Id(string(op.ResultName)), true
	}
	res := op.Success
	if res == nil {
		return nil, false
	}
	if op.Binary {
		return jen.Id("BinaryResponse"), true
	}
	sh := o.shapeOf(*res.Type)
	return o.goType(*res.Type), sh == shStruct || sh == shUnion
}

func (o *opEmitter) results(op *ir.Operation) []jen.Code {
	if op.Streams {
		return []jen.Code{o.eventsSeq(op.Success)}
	}
	out, ptr := o.result(op)
	switch {
	case out == nil:
		return []jen.Code{jen.Error()}
	case ptr:
		return []jen.Code{jen.Op("*").Add(out), jen.Error()}
	}
	return []jen.Code{out, jen.Error()}
}

func (o *opEmitter) method(f *jen.File, svcType ir.Ident, op *ir.Operation) {
	var text []string
	if op.Summary != "" {
		text = append(text, opSentence(string(op.Name), string(op.Method), op.Path, op.Summary, true))
	}
	if op.Description != "" && op.Description != op.Summary {
		d := op.Description
		if len(text) == 0 {
			first, rest, _ := strings.Cut(strings.TrimSpace(strings.ReplaceAll(d, "\r\n", "\n")), "\n")
			if w, _, _ := strings.Cut(first, " "); !strings.EqualFold(strings.TrimRight(w, ".,:;"), string(op.Name)) {
				first = opSentence(string(op.Name), string(op.Method), op.Path, first, false)
			}
			d = first
			if rest != "" {
				d += "\n" + rest
			}
		}
		text = append(text, d)
	}
	if len(text) == 0 {
		text = append(text, opSentence(string(op.Name), string(op.Method), op.Path, "", true))
	}
	route := fmt.Sprintf("%s %s", op.Method, op.Path)
	if op.RateLimit != "" {
		route += "\n\nRate limit bucket: " + op.RateLimit + "."
	}
	if e := o.errorDoc(op); e != "" {
		route += "\n\n" + e
	}
	if d := o.noContentDoc(op); d != "" {
		route += "\n\n" + d
	}
	if op.Streams {
		route += "\n\nIt returns the server-sent events of the response as they arrive. The request is sent when the loop starts; breaking out of the loop closes the stream."
	}
	if op.Binary {
		route += "\n\nIt returns the " + op.Success.MediaType + " body unread, with its content type; the caller reads and closes it."
	}
	if op.Stream != nil {
		route += "\n\n" + string(op.Stream.Name) + " asks for the same response as server-sent events."
	}
	route += o.bodyDoc(op)
	f.Add(commentBlock(string(op.Name), strings.Join(text, "\n\n"), op.Deprecated, route))
	decl, names := o.signature(op)
	o.sendingMethod(f, svcType, op, op.Name, op.RequestName, decl, id(op.BuildName).Call(names...))

	// The unexported builder shared by both.
	f.Func().Id(string(op.BuildName)).Params(decl...).Op("*").Id("call").BlockFunc(func(g *jen.Group) {
		o.callStatements(g, op, op.Body)
	})
	f.Line()

	o.parser(f, op)
	if op.Pagination != nil {
		o.iterator(f, svcType, op)
	}
	if op.Stream != nil {
		o.streamMethod(f, svcType, op)
	}
	for _, a := range op.BodyAlts {
		o.bodyAltMethod(f, svcType, op, a)
	}
}

// callStatements build op's call with body b, the operation's or a
// BodyAlt's, and return it.
func (o *opEmitter) callStatements(g *jen.Group, op *ir.Operation, b *ir.Body) {
	g.Id(string(o.l.Call)).Op(":=").Id("newCall").Call(jen.Id("Operation").Values(
		jen.Id("ID").Op(":").Lit(op.ID), jen.Id("Method").Op(":").Lit(string(op.Method)), jen.Id("Path").Op(":").Lit(op.Path)), o.pathExpr(op))
	for _, p := range op.PathParams {
		if r := o.resolve(p.Type); r.Kind == ir.RefBuiltin && r.Builtin == ir.String {
			// An empty segment would send the request to another endpoint.
			g.If(jen.Id(string(p.ArgName)).Op("==").Lit("")).Block(jen.Id(string(o.l.Call)).Dot("fail").Call(jen.Id("errEmptyPathParam").Call(jen.Lit(p.Name))))
		}
	}
	o.paramStatements(g, op)
	o.bodyStatements(g, b)
	if op.Accept != "" {
		g.Id(string(o.l.Call)).Dot("setHeader").Call(jen.Lit("Accept"), jen.Lit(op.Accept))
	}
	if len(op.Security) > 0 {
		g.Id(string(o.l.Call)).Dot("security").Op("=").Add(securityLit(op.Security))
	}
	o.credentialParams(g, op)
	g.Return(jen.Id(string(o.l.Call)))
}

func (o *opEmitter) iterSignature(op *ir.Operation) ([]jen.Code, *jen.Statement) {
	decl, _ := o.signature(op)
	params := append([]jen.Code{jen.Id(string(o.l.Ctx)).Qual(pkgContext, "Context")}, decl...)
	params = append(params, jen.Id(string(o.l.Opts)).Op("...").Id("RequestOption"))
	return params, jen.Qual(pkgIter, "Seq2").Types(o.goType(op.Pagination.Item), jen.Error())
}

// iterator writes <Op>All, which walks every page of a list operation.
func (o *opEmitter) iterator(f *jen.File, svcType ir.Ident, op *ir.Operation) {
	pg := op.Pagination
	_, names := o.signature(op)
	var how string
	switch pg.Style {
	case ir.PageLink:
		how = fmt.Sprintf("following the Link header's rel=\"next\" target and its %q parameter", pg.Token.Name)
	case ir.PageBody:
		how = fmt.Sprintf("passing the response's %s as %q", pg.NextField.JSONName, pg.Token.Name)
	}
	f.Commentf("%s iterates over the items of every page of %s, %s.", pg.IterName, op.Name, how)
	f.Comment("It stops at the first error, which it yields, or when the loop breaks.")
	params, ret := o.iterSignature(op)
	item := o.goType(pg.Item)
	tokenField := jen.Id(string(o.l.Page)).Dot(string(pg.Token.GoName))
	f.Func().Params(jen.Id(string(o.l.Recv)).Op("*").Id(string(svcType))).Id(string(pg.IterName)).Params(params...).Add(ret).BlockFunc(func(g *jen.Group) {
		if op.ParamsByValue {
			g.Id(string(o.l.Page)).Op(":=").Id(string(o.l.Params))
		} else {
			g.Var().Id(string(o.l.Page)).Id(string(op.ParamsName))
			g.If(jen.Id(string(o.l.Params)).Op("!=").Nil()).Block(jen.Id(string(o.l.Page)).Op("=").Op("*").Id(string(o.l.Params)))
		}
		// A paginated operation has a params struct (the token is a query
		// parameter), and signature puts it last: pass the copy instead.
		call := append([]jen.Code{jen.Id(string(o.l.Ctx))}, names[:len(names)-1]...)
		if op.ParamsByValue {
			call = append(call, jen.Id(string(o.l.Page)))
		} else {
			call = append(call, jen.Op("&").Id(string(o.l.Page)))
		}
		g.Return(jen.Id("pages").Call(jen.Func().Params(jen.Id(string(o.l.Token)).String()).Params(jen.Index().Add(item), jen.String(), jen.Error()).BlockFunc(func(b *jen.Group) {
			b.If(jen.Id(string(o.l.Token)).Op("!=").Lit("")).BlockFunc(func(ib *jen.Group) {
				o.setToken(ib, pg.Token, tokenField)
			})
			switch pg.Style {
			case ir.PageLink:
				b.Var().Id(string(o.l.Resp)).Op("*").Qual(pkgHTTP, "Response")
				got := o.l.Items
				if pg.ResultField != "" {
					got = o.l.Out
				}
				b.List(jen.Id(string(got)), jen.Id(string(o.l.Err))).Op(":=").Id(string(o.l.Recv)).Dot(string(op.Name)).Call(append(call, jen.Id("withResponse").Call(jen.Id(string(o.l.Opts)), jen.Op("&").Id(string(o.l.Resp))).Op("..."))...)
				b.If(jen.Id(string(o.l.Err)).Op("!=").Nil()).Block(jen.Return(jen.Nil(), jen.Lit(""), jen.Id(string(o.l.Err))))
				if pg.ResultField != "" {
					// A success without the page's body is an empty page.
					b.Var().Id(string(o.l.Items)).Index().Add(item.Clone())
					b.If(id(o.l.Out).Dot(string(pg.ResultField)).Op("!=").Nil()).Block(
						id(o.l.Items).Op("=").Op("*").Add(id(o.l.Out).Dot(string(pg.ResultField))))
				}
				b.List(jen.Id(string(o.l.Next)), jen.Id("_")).Op(":=").Id("NextPageToken").Call(jen.Id(string(o.l.Resp)), jen.Lit(pg.Token.Name))
				b.Return(jen.Id(string(o.l.Items)), jen.Id(string(o.l.Next)), jen.Nil())
			case ir.PageBody:
				got := o.l.Res
				if pg.ResultField != "" {
					got = o.l.Out
				}
				b.List(jen.Id(string(got)), jen.Id(string(o.l.Err))).Op(":=").Id(string(o.l.Recv)).Dot(string(op.Name)).Call(append(call, jen.Id(string(o.l.Opts)).Op("..."))...)
				b.If(jen.Id(string(o.l.Err)).Op("!=").Nil()).Block(jen.Return(jen.Nil(), jen.Lit(""), jen.Id(string(o.l.Err))))
				if pg.ResultField != "" {
					// A success without the page's body is the last page.
					b.Id(string(o.l.Res)).Op(":=").Add(id(o.l.Out).Dot(string(pg.ResultField)))
					b.If(id(o.l.Res).Op("==").Nil()).Block(jen.Return(jen.Nil(), jen.Lit(""), jen.Nil()))
				}
				next := jen.Id(string(o.l.Res)).Dot(string(pg.NextField.Name))
				switch {
				case pg.NextField.Presence.Nullable():
					// A null or absent token is the last page's, as "" is.
					b.List(jen.Id(string(o.l.Next)), jen.Id("_")).Op(":=").Add(next.Clone()).Dot("Get").Call()
					next = jen.Id(string(o.l.Next))
				case pg.NextField.Presence.Pointer():
					b.Id(string(o.l.Next)).Op(":=").Lit("")
					b.If(next.Clone().Op("!=").Nil()).Block(jen.Id(string(o.l.Next)).Op("=").Op("*").Add(next.Clone()))
					next = jen.Id(string(o.l.Next))
				}
				b.Return(jen.Id(string(o.l.Res)).Dot(string(pg.ItemsField)), next, jen.Nil())
			}
		})))
	})
	f.Line()
}

// setToken stores the page token in the params struct's token field.
func (o *opEmitter) setToken(g *jen.Group, p *ir.Param, field *jen.Statement) {
	r := o.resolve(p.Type)
	isInt := r.Kind == ir.RefBuiltin && (r.Builtin == ir.Int64 || r.Builtin == ir.Int32)
	val := jen.Id(string(o.l.Token))
	if isInt {
		g.List(jen.Id(string(o.l.Num)), jen.Id(string(o.l.Err))).Op(":=").Qual(pkgStrconv, "ParseInt").Call(jen.Id(string(o.l.Token)), jen.Lit(10), jen.Lit(64))
		g.If(jen.Id(string(o.l.Err)).Op("!=").Nil()).Block(jen.Return(jen.Nil(), jen.Lit(""), jen.Qual(pkgFmt, "Errorf").Call(jen.Lit("next page %q: %w"), jen.Id(string(o.l.Token)), jen.Id(string(o.l.Err)))))
		val = o.goType(p.Type).Call(jen.Id(string(o.l.Num)))
	} else if r.Kind == ir.RefNamed {
		val = o.goType(p.Type).Call(jen.Id(string(o.l.Token)))
	}
	if p.Presence != ir.PresenceOptional {
		g.Add(field).Op("=").Add(val)
		return
	}
	g.Id(string(o.l.Val)).Op(":=").Add(val)
	g.Add(field).Op("=").Op("&").Id(string(o.l.Val))
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
func (o *opEmitter) parser(f *jen.File, op *ir.Operation) {
	if op.Streams {
		o.eventsParser(f, op, op.Name, op.ParseName, op.Success)
		return
	}
	res := op.Success
	out, ptr := o.result(op)
	if op.Binary {
		f.Commentf("%s reads the response to %s: for a success, the body unread", op.ParseName, op.Name)
		f.Comment("with its content type, which the caller closes; otherwise an *APIError or, for a")
		f.Comment("status with a declared body, an *ErrorResponse (it then reads and closes the body).")
		f.Func().Id(string(op.ParseName)).Params(jen.Id(string(o.l.Resp)).Op("*").Qual(pkgHTTP, "Response")).Params(o.results(op)...).Block(
			jen.Return(jen.Id("parseBinary").Call(jen.Id(string(o.l.Resp)), o.errorMapper(op))),
		)
		f.Line()
		return
	}
	f.Commentf("%s reads the response to %s: the result for a success,", op.ParseName, op.Name)
	f.Comment("otherwise an *APIError or, for a status with a declared body, an *ErrorResponse.")
	f.Comment("It reads and closes the body.")
	f.Func().Id(string(op.ParseName)).Params(jen.Id(string(o.l.Resp)).Op("*").Qual(pkgHTTP, "Response")).Params(o.results(op)...).BlockFunc(func(g *jen.Group) {
		if op.ResultName != "" {
			g.Var().Id(string(o.l.Out)).Id(string(op.ResultName))
			var dec jen.Code = jen.Nil()
			if len(successes(op)) > 0 {
				dec = o.decodeVar(g, o.sumDecoder(op))
			}
			g.If(jen.Id(string(o.l.Err)).Op(":=").Id("parseResponse").Call(jen.Id(string(o.l.Resp)), dec, o.errorMapper(op)), jen.Id(string(o.l.Err)).Op("!=").Nil()).Block(jen.Return(jen.Nil(), jen.Id(string(o.l.Err))))
			g.Id(string(o.l.Out)).Dot("StatusCode").Op("=").Id(string(o.l.Resp)).Dot("StatusCode")
			o.headerStatements(g, op)
			g.Return(jen.Op("&").Id(string(o.l.Out)), jen.Nil())
			return
		}
		if res == nil {
			g.Return(jen.Id("parseResponse").Call(jen.Id(string(o.l.Resp)), jen.Nil(), o.errorMapper(op)))
			return
		}
		if ptr && res.Kind == ir.BodyJSON {
			o.pointerParser(g, op, res, out)
			return
		}
		g.Var().Id(string(o.l.Out)).Add(out)
		dec := o.decodeVar(g, o.decoder(res))
		g.If(jen.Id(string(o.l.Err)).Op(":=").Id("parseResponse").Call(jen.Id(string(o.l.Resp)), dec, o.errorMapper(op)), jen.Id(string(o.l.Err)).Op("!=").Nil()).BlockFunc(func(b *jen.Group) {
			if ptr {
				b.Return(jen.Nil(), jen.Id(string(o.l.Err)))
			} else {
				b.Return(jen.Id(string(o.l.Out)), jen.Id(string(o.l.Err)))
			}
		})
		if ptr {
			g.Return(jen.Op("&").Id(string(o.l.Out)), jen.Nil())
		} else {
			g.Return(jen.Id(string(o.l.Out)), jen.Nil())
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

// resultType writes the struct an operation with several success bodies
// returns: one field per status, set for the status received.
func (o *opEmitter) resultType(f *jen.File, op *ir.Operation) {
	if len(op.Headers) == 0 {
		f.Commentf("%s is the result of %s, which answers with different bodies:", op.ResultName, op.Name)
		f.Comment("the field of the status received is set.")
	} else {
		f.Commentf("%s is the result of %s: the body, in the field of the status", op.ResultName, op.Name)
		f.Comment("received, and the response headers the API declares.")
	}
	f.Type().Id(string(op.ResultName)).StructFunc(func(g *jen.Group) {
		g.Id("StatusCode").Int()
		for _, r := range successes(op) {
			if r.Range {
				g.Commentf("%s is set for a %s status without a field of its own.", r.Field, statusText(r))
			} else {
				g.Commentf("%s is set for status %d.", r.Field, r.Status)
			}
			g.Id(string(r.Field)).Op("*").Add(o.goType(*r.Type))
		}
		o.headerFields(g, op)
	})
	f.Line()
}

func (o *opEmitter) sumDecoder(op *ir.Operation) *jen.Statement {
	// With a range there is a default clause, and every path returns.
	end := jen.Return(jen.Nil())
	if slices.ContainsFunc(successes(op), func(r *ir.Response) bool { return r.Range }) {
		end = jen.Null()
	}
	return jen.Func().Params(jen.Id(string(o.l.Status)).Int(), jen.Id(string(o.l.Data)).Index().Byte()).Error().Block(
		jen.Switch(jen.Id(string(o.l.Status))).BlockFunc(func(g *jen.Group) {
			for _, r := range successes(op) {
				field := jen.Id(string(o.l.Out)).Dot(string(r.Field))
				var clause *jen.Statement
				if r.Range {
					// Every status here is a 2xx: the range takes those
					// without a case of their own.
					clause = g.Default()
				} else {
					clause = g.Case(jen.Lit(r.Status))
				}
				clause.BlockFunc(func(c *jen.Group) {
					c.Add(field.Clone()).Op("=").New(o.goType(*r.Type))
					switch r.Kind {
					case ir.BodyJSON:
						c.Return(jen.Id("unmarshalWith").Call(jen.Id(string(o.l.Data)), field.Clone(), o.decFn(*r.Type)))
					case ir.BodyText:
						c.Op("*").Add(field.Clone()).Op("=").String().Parens(jen.Id(string(o.l.Data)))
						c.Return(jen.Nil())
					default:
						c.Op("*").Add(field.Clone()).Op("=").Id(string(o.l.Data))
						c.Return(jen.Nil())
					}
				})
			}
		}),
		end,
	)
}

// errorResponses are the declared non-2xx responses with a JSON body.
func errorResponses(op *ir.Operation) (byStatus []*ir.Response, def *ir.Response) {
	for _, r := range op.Responses {
		if !r.ErrorBody() {
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

func (o *opEmitter) errorDoc(op *ir.Operation) string {
	byStatus, def := errorResponses(op)
	var parts []string
	for _, r := range byStatus {
		parts = append(parts, fmt.Sprintf("%s: *ErrorResponse[%s]", statusText(r), o.typeText(*r.Type)))
	}
	if def != nil {
		parts = append(parts, fmt.Sprintf("other statuses: *ErrorResponse[%s]", o.typeText(*def.Type)))
	}
	if len(parts) == 0 {
		return ""
	}
	return "Errors: " + strings.Join(parts, "; ") + "."
}

// statusText is r's status as the document writes it: 404, or 4XX.
func statusText(r *ir.Response) string {
	if r.Range {
		return fmt.Sprintf("%dXX", r.Status/100)
	}
	return strconv.Itoa(r.Status)
}

// typeText is a type's name for documentation.
func (o *opEmitter) typeText(r ir.TypeRef) string { return o.goTypeText(r) }

// errorMapper is the func that turns an *APIError into the typed error of
// its status, or nil when the operation declares none.
// errorMappers writes the functions that map an *APIError to the error
// body its status declares, which operations share (ir.ErrorMap).
func (m *model) errorMappers(f *jen.File) {
	for _, em := range m.ErrorMaps {
		o := &opEmitter{model: m}
		e := jen.Id(string(em.Param))
		as := func(r *ir.Response) *jen.Statement {
			if r.Kind == ir.BodyText {
				return jen.Id("asTextErrorResponse").Call(e)
			}
			args := []jen.Code{e}
			for _, k := range o.requiredKeys(*r.Type) {
				args = append(args, jen.Lit(k))
			}
			return jen.Id("asErrorResponse").Types(o.goType(*r.Type)).Call(args...)
		}
		// Statuses with the same body share a case.
		cases := func(sw *jen.Group, rs []*ir.Response, label func(*ir.Response) jen.Code) {
			var order []string
			labels := map[string][]jen.Code{}
			first := map[string]*ir.Response{}
			for _, r := range rs {
				k := fmt.Sprintf("%d %s", r.Kind, o.goTypeText(*r.Type))
				if first[k] == nil {
					first[k] = r
					order = append(order, k)
				}
				labels[k] = append(labels[k], label(r))
			}
			for _, k := range order {
				sw.Case(labels[k]...).Return(as(first[k]))
			}
		}
		if em.Default != nil {
			f.Commentf("%s returns %s as the *ErrorResponse its status declares; %s.", em.Name, em.Param, m.errorMapUsers(em))
		} else {
			f.Commentf("%s returns %s as the *ErrorResponse its status declares, or as it is for", em.Name, em.Param)
			f.Commentf("another status; %s.", m.errorMapUsers(em))
		}
		f.Func().Id(string(em.Name)).Params(e.Clone().Op("*").Id("APIError")).Error().BlockFunc(func(g *jen.Group) {
			if len(em.Cases) > 0 {
				g.Switch(e.Clone().Dot("StatusCode")).BlockFunc(func(sw *jen.Group) {
					cases(sw, em.Cases, func(r *ir.Response) jen.Code { return jen.Lit(r.Status) })
				})
			}
			if len(em.Ranges) > 0 {
				g.Switch(e.Clone().Dot("StatusCode").Op("/").Lit(100)).BlockFunc(func(sw *jen.Group) {
					cases(sw, em.Ranges, func(r *ir.Response) jen.Code { return jen.Lit(r.Status / 100) })
				})
			}
			if em.Default != nil {
				g.Return(as(em.Default))
			} else {
				g.Return(e)
			}
		})
		f.Line()
	}
}

// errorMapUsers says which operations use em.
func (m *model) errorMapUsers(em *ir.ErrorMap) string {
	var names []string
	for _, s := range m.Services {
		for _, op := range s.Operations {
			if op.Errors == em {
				names = append(names, string(op.ParseName))
				if op.Stream != nil {
					names = append(names, string(op.Stream.ParseName))
				}
			}
		}
	}
	switch {
	case len(names) > 3:
		return fmt.Sprintf("%d response parsers use it", len(names))
	case len(names) == 1:
		return names[0] + " uses it"
	}
	return strings.Join(names, " and ") + " use it"
}

// errorMapper is what a parser passes for op's error mapper.
func (o *opEmitter) errorMapper(op *ir.Operation) jen.Code {
	if op.Errors == nil {
		return jen.Nil()
	}
	return jen.Id(string(op.Errors.Name))
}

// decodeVar declares a parser's decoder dec as a variable of g and
// returns its name to pass. go/printer lays out a call whose arguments
// span lines by printing each argument a second time to measure it:
// function literals passed inline were a fifth of the printing of the
// service files.
func (o *opEmitter) decodeVar(g *jen.Group, dec jen.Code) jen.Code {
	g.Id(string(o.l.Decode)).Op(":=").Add(dec)
	return jen.Id(string(o.l.Decode))
}

// requiredKeys are the JSON properties a body must have to be of type r:
// the struct's required fields, or a union's discriminator.
func (o *opEmitter) requiredKeys(r ir.TypeRef) []string {
	r = o.resolve(r)
	if r.Kind != ir.RefNamed {
		return nil
	}
	t := o.byName[r.Name]
	switch t.Kind {
	case ir.KindUnion:
		if t.Union.Discriminator == "" {
			return nil
		}
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

func (o *opEmitter) decoder(res *ir.Response) *jen.Statement {
	var body jen.Code
	switch res.Kind {
	case ir.BodyJSON:
		body = jen.Return(jen.Id("unmarshalWith").Call(jen.Id(string(o.l.Data)), jen.Op("&").Id(string(o.l.Out)), o.decFn(*res.Type)))
	case ir.BodyText:
		body = jen.Id(string(o.l.Out)).Op("=").String().Parens(jen.Id(string(o.l.Data))).Line().Return(jen.Nil())
	default:
		body = jen.Id(string(o.l.Out)).Op("=").Id(string(o.l.Data)).Line().Return(jen.Nil())
	}
	return jen.Func().Params(jen.Id("_").Int(), jen.Id(string(o.l.Data)).Index().Byte()).Error().Block(body)
}

// pathExpr concatenates the path template with escaped parameters.
func (o *opEmitter) pathExpr(op *ir.Operation) *jen.Statement {
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
		parts = append(parts, o.pathValue(p))
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

// pathValue is the expression of a path parameter's text in its style.
// A scalar in the simple style, the common case, is escaped directly; a
// list of scalars is formatted in a closure, to stay an expression.
func (o *opEmitter) pathValue(p *ir.Param) *jen.Statement {
	v := jen.Id(string(p.ArgName))
	ptr := jen.Op("&").Id(string(p.ArgName))
	if !p.JSON && p.Style == ir.StyleSimple && o.plainText(p.Type) {
		return jen.Id("pathEscape").Call(o.format(p.Type, v))
	}
	put := func(val *jen.Statement) *jen.Statement {
		return jen.Id("pathParam").Call(jen.Lit(p.Name), styleIdent(p.Style), jen.Lit(p.Explode), val)
	}
	if o.scalarList(p) {
		return jen.Func().Params().String().BlockFunc(func(f *jen.Group) {
			f.Return(put(o.paramValue(f, p, v, ptr)))
		}).Call()
	}
	return put(o.paramValue(nil, p, v, ptr))
}

func (o *opEmitter) paramStatements(g *jen.Group, op *ir.Operation) {
	if len(op.Params) == 0 {
		return
	}
	stmts := jen.BlockFunc(func(b *jen.Group) {
		for _, p := range op.Params {
			v := jen.Id(string(o.l.Params)).Dot(string(p.GoName))
			switch p.Presence {
			case ir.PresenceOptional:
				b.If(v.Clone().Op("!=").Nil()).BlockFunc(func(ib *jen.Group) {
					o.setParam(ib, p, jen.Op("*").Add(v.Clone()), v.Clone(), true)
				})
			case ir.PresenceNilable:
				b.If(jen.Len(v.Clone()).Op(">").Lit(0)).BlockFunc(func(ib *jen.Group) {
					o.setParam(ib, p, v.Clone(), v.Clone(), true)
				})
			default:
				o.setParam(b, p, v.Clone(), jen.Op("&").Add(v.Clone()), false)
			}
		}
	})
	if op.ParamsByValue {
		g.Add(stmts)
		return
	}
	g.If(jen.Id(string(o.l.Params)).Op("!=").Nil()).Add(stmts)
}

func (o *opEmitter) bodyType(b *ir.Body) *jen.Statement {
	if b.Kind == ir.BodyBinary {
		return jen.Qual(pkgIO, "Reader")
	}
	if o.shapeOf(b.Type) == shStruct {
		return jen.Op("*").Add(o.goType(b.Type))
	}
	return o.goType(b.Type)
}

func (o *opEmitter) bodyStatements(g *jen.Group, b *ir.Body) {
	if b == nil {
		return
	}
	var set *jen.Statement
	switch b.Kind {
	case ir.BodyJSON:
		body := jen.Id(string(o.l.Body))
		if o.shapeOf(b.Type) == shUnion && o.encodes(b.Type) {
			// A union is passed by value; its encoder takes a pointer.
			body = jen.Op("&").Add(body)
		}
		set = jen.Id(string(o.l.Call)).Dot("setJSON").Call(body)
		if b.MediaType != "application/json" {
			// Sent as the document names it (application/merge-patch+json).
			set = jen.Id(string(o.l.Call)).Dot("setJSONAs").Call(body, jen.Lit(b.MediaType))
		}
	case ir.BodyForm:
		set = jen.Id(string(o.l.Call)).Dot("setForm").Call(jen.Id(string(o.l.Body)))
	case ir.BodyText:
		set = jen.Id(string(o.l.Call)).Dot("setRaw").Call(jen.Index().Byte().Parens(jen.Id(string(o.l.Body))), jen.Lit(b.MediaType))
	case ir.BodyMultipart:
		set = o.multipart(b)
	default:
		set = jen.Id(string(o.l.Call)).Dot("setReader").Call(jen.Id(string(o.l.Body)), jen.Lit(b.MediaType))
	}
	if b.FormOK {
		// The form encoder as a func: linked only with such operations.
		set = jen.Add(set).Line().Id(string(o.l.Call)).Dot("asForm").Op("=").Parens(jen.Op("*").Id("call")).Dot("setForm")
	}
	if len(b.FormFields) > 0 && (b.Kind == ir.BodyForm || b.FormOK) {
		// The form media type's encoding object, set before setForm.
		set = jen.Id(string(o.l.Call)).Dot("formFields").Op("=").Map(jen.String()).Id("formField").Values(jen.DictFunc(func(d jen.Dict) {
			for _, f := range b.FormFields {
				fields := jen.Dict{jen.Id("style"): jen.Lit(f.Style.String())}
				if f.Explode {
					fields[jen.Id("explode")] = jen.True()
				}
				if f.JSON {
					fields[jen.Id("json")] = jen.True()
				}
				d[jen.Lit(f.Name)] = jen.Values(fields)
			}
		})).Line().Add(set)
	}
	switch o.shapeOf(b.Type) {
	case shStruct, shSlice, shMap:
		// A nil body sends no body, not JSON null.
		if b.Kind != ir.BodyText {
			g.If(jen.Id(string(o.l.Body)).Op("!=").Nil()).Block(set)
			return
		}
	case shRaw:
		g.If(jen.Len(jen.Id(string(o.l.Body))).Op(">").Lit(0)).Block(set)
		return
	}
	g.Add(set)
}

// multipart writes the statements that encode a struct body as
// multipart/form-data: Upload and []byte fields as file parts (a list of
// Uploads as a part each), text-like fields as fields, anything else as
// JSON text; the encoding object's content types as partWriter says.
func (o *opEmitter) multipart(b *ir.Body) *jen.Statement {
	r := o.resolve(b.Type)
	var t *ir.Type
	if r.Kind == ir.RefNamed {
		t = o.byName[r.Name]
	}
	if t == nil || t.Kind != ir.KindStruct {
		return jen.Id(string(o.l.Call)).Dot("setMultipart").Call(jen.Func().Params(jen.Id(string(o.l.Writer)).Op("*").Id("multipartWriter")).Block(
			jen.Id(string(o.l.Writer)).Dot("json").Call(jen.Lit("body"), jen.Id(string(o.l.Body))),
		))
	}
	enc := map[string]ir.PartEncoding{}
	for _, p := range b.Parts {
		enc[p.Name] = p
	}
	return jen.Id(string(o.l.Call)).Dot("setMultipart").Call(jen.Func().Params(jen.Id(string(o.l.Writer)).Op("*").Id("multipartWriter")).BlockFunc(func(g *jen.Group) {
		for _, f := range t.Fields {
			v := jen.Id(string(o.l.Body)).Dot(string(f.Name))
			write := func(g *jen.Group, v *jen.Statement) { o.partWriter(g, f, enc[f.JSONName], v) }
			// What is sent follows the field's presence, as its JSON does:
			// an empty raw value, slice or map, an unset Nullable and a
			// nil pointer send no part.
			switch p := f.Presence; {
			case p == ir.PresenceRaw || p == ir.PresenceNilable:
				g.If(jen.Len(v.Clone()).Op(">").Lit(0)).BlockFunc(func(g *jen.Group) { write(g, v.Clone()) })
			case p.Nullable():
				g.If(v.Clone().Dot("IsSet").Call()).BlockFunc(func(g *jen.Group) { write(g, v.Clone()) })
			case p.Pointer():
				g.If(v.Clone().Op("!=").Nil()).BlockFunc(func(g *jen.Group) { write(g, jen.Op("*").Add(v.Clone())) })
			default:
				write(g, v.Clone())
			}
		}
	}))
}

// sendingMethod writes a method of the service named name that sends the
// call build makes and parses the response with op's parser (an event
// stream's iterator when op streams), and its exported request builder
// requestName; decl are their parameters after ctx. The operation's method
// and each body alternative's are written by it.
func (o *opEmitter) sendingMethod(f *jen.File, svcType ir.Ident, op *ir.Operation, name, requestName ir.Ident, decl []jen.Code, build *jen.Statement) {
	params := append([]jen.Code{jen.Id(string(o.l.Ctx)).Qual(pkgContext, "Context")}, decl...)
	params = append(params, jen.Id(string(o.l.Opts)).Op("...").Id("RequestOption"))
	out, isPtr := o.result(op)
	f.Func().Params(jen.Id(string(o.l.Recv)).Op("*").Id(string(svcType))).Id(string(name)).Params(params...).Params(o.results(op)...).BlockFunc(func(g *jen.Group) {
		if op.Streams {
			o.eventsMethodBody(g, op.ParseName, build.Clone())
			return
		}
		g.List(jen.Id(string(o.l.Resp)), jen.Id(string(o.l.Err))).Op(":=").Id(string(o.l.Recv)).Dot("t").Dot("send").Call(jen.Id(string(o.l.Ctx)), build.Clone(), jen.Id(string(o.l.Opts)))
		g.If(jen.Id(string(o.l.Err)).Op("!=").Nil()).BlockFunc(func(b *jen.Group) {
			switch {
			case out == nil:
				b.Return(jen.Id(string(o.l.Err)))
			case isPtr:
				b.Return(jen.Nil(), jen.Id(string(o.l.Err)))
			default:
				b.Var().Id(string(o.l.Zero)).Add(out.Clone())
				b.Return(jen.Id(string(o.l.Zero)), jen.Id(string(o.l.Err)))
			}
		})
		g.Return(jen.Id(string(op.ParseName)).Call(jen.Id(string(o.l.Resp))))
	})
	f.Line()

	// The request, built without sending it.
	f.Commentf("%s builds the request of %s without sending it, for proxies,", requestName, name)
	f.Comment("signing or batching; baseURL is the API's base URL.")
	reqParams := append([]jen.Code{jen.Id(string(o.l.Ctx)).Qual(pkgContext, "Context"), jen.Id(string(o.l.BaseURL)).String()}, decl...)
	reqParams = append(reqParams, jen.Id(string(o.l.Opts)).Op("...").Id("RequestOption"))
	f.Func().Id(string(requestName)).Params(reqParams...).Params(jen.Op("*").Qual(pkgHTTP, "Request"), jen.Error()).Block(
		jen.Return(jen.Id("buildRequest").Call(jen.Id(string(o.l.Ctx)), jen.Id(string(o.l.BaseURL)), build.Clone(), jen.Id(string(o.l.Opts)))),
	)
	f.Line()
}
