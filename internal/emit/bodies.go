package emit

import (
	"fmt"
	"strings"

	"github.com/dave/jennifer/jen"

	"github.com/orygen/orygen/internal/ir"
)

// bodyAltSignatures adds the methods of op's other body media types to
// its service's interface.
func (o *opEmitter) bodyAltSignatures(g *jen.Group, op *ir.Operation) {
	for _, a := range op.BodyAlts {
		decl, _ := o.signatureWith(op, a.Body)
		params := append([]jen.Code{jen.Id(string(o.l.Ctx)).Qual(pkgContext, "Context")}, decl...)
		params = append(params, jen.Id(string(o.l.Opts)).Op("...").Id("RequestOption"))
		g.Id(string(a.Name)).Params(params...).Params(o.results(op)...)
	}
}

// bodyDoc is what op's method says of its request body: its other
// media types' methods, and what bodyText says.
func (o *opEmitter) bodyDoc(op *ir.Operation) string {
	var parts []string
	for _, a := range op.BodyAlts {
		parts = append(parts, fmt.Sprintf("%s sends the body as %s.", a.Name, a.Body.MediaType))
	}
	if t := bodyText(op.Body); t != "" {
		parts = append(parts, t)
	}
	if len(parts) == 0 {
		return ""
	}
	return "\n\n" + strings.Join(parts, "\n")
}

// bodyText documents what a body's media type leaves to the caller: the
// Content-Type sent for a media range, and the parts' content types and
// headers from the encoding object.
func bodyText(b *ir.Body) string {
	if b == nil {
		return ""
	}
	var s []string
	if b.Range != "" {
		s = append(s, fmt.Sprintf("The API accepts %s; the body is sent as %s unless WithRequestHeader sets another Content-Type.", b.Range, b.MediaType))
	}
	if len(b.Family) > 0 && b.Kind != ir.BodyJSON {
		s = append(s, fmt.Sprintf("The API also accepts %s: WithRequestHeader(\"Content-Type\", …) sends the body as that.", strings.Join(b.Family, ", ")))
	}
	for _, p := range b.Parts {
		switch {
		case p.Accepts != "" && p.ContentType != "":
			s = append(s, fmt.Sprintf("Part %s may be %s; it is sent as %s unless its Upload names another.", p.Name, p.Accepts, p.ContentType))
		case p.Accepts != "":
			s = append(s, fmt.Sprintf("Part %s may be %s: name its type in its Upload.", p.Name, p.Accepts))
		}
		for _, h := range p.Headers {
			what := h.Schema
			if h.Required {
				what = strings.TrimPrefix(what+", required", ", ")
			}
			if what != "" {
				what = " (" + what + ")"
			}
			line := fmt.Sprintf("Part %s takes the header %s%s, sent with WithPartHeader(%q, %q, value)", p.Name, h.Name, what, p.Name, h.Name)
			if d := strings.TrimSpace(h.Doc); d != "" {
				line += ": " + strings.TrimRight(d, ".")
			}
			s = append(s, line+".")
		}
	}
	return strings.Join(s, "\n")
}

// bodyAltMethod writes the method that sends op's body in another media
// type, its request builder and its unexported builder; it returns what
// op returns, through op's parser.
func (o *opEmitter) bodyAltMethod(f *jen.File, svcType ir.Ident, op *ir.Operation, a *ir.BodyAlt) {
	text := fmt.Sprintf("%s is %s sending its request body as %s.", a.Name, op.Name, a.Body.MediaType)
	if t := bodyText(a.Body); t != "" {
		text += "\n\n" + t
	}
	f.Add(commentBlock(string(a.Name), text, op.Deprecated, fmt.Sprintf("%s %s", op.Method, op.Path)))
	decl, names := o.signatureWith(op, a.Body)
	o.sendingMethod(f, svcType, op, a.Name, a.RequestName, decl, id(a.BuildName).Call(names...))
	f.Func().Id(string(a.BuildName)).Params(decl...).Op("*").Id("call").BlockFunc(func(g *jen.Group) {
		o.callStatements(g, op, a.Body)
	})
	f.Line()
}

// partWriter is the multipartWriter call that writes v, the value of
// field f, as the part the encoding e describes (zero: the default).
func (o *opEmitter) partWriter(g *jen.Group, f *ir.Field, e ir.PartEncoding, v *jen.Statement) {
	mw := jen.Id(string(o.l.Writer))
	name := jen.Lit(f.JSONName)
	ct := jen.Lit(e.ContentType)
	fr := o.resolve(f.Type)
	switch {
	case fr.Kind == ir.RefBuiltin && fr.Builtin == ir.Bytes && e.ContentType != "" && !e.JSON:
		g.Add(mw).Dot("fileAs").Call(name, ct, v)
	case fr.Kind == ir.RefBuiltin && fr.Builtin == ir.Bytes && !e.JSON:
		g.Add(mw).Dot("file").Call(name, v)
	case fr.Kind == ir.RefBuiltin && fr.Builtin == ir.Upload && e.ContentType != "":
		g.Add(mw).Dot("uploadAs").Call(name, ct, v)
	case fr.Kind == ir.RefBuiltin && fr.Builtin == ir.Upload:
		g.Add(mw).Dot("upload").Call(name, v)
	case fr.Kind == ir.RefSlice && fr.Elem.Kind == ir.RefBuiltin && fr.Elem.Builtin == ir.Upload:
		// A list of files: a part each, under the one name.
		x := jen.Id(string(o.l.Elem))
		call := mw.Clone().Dot("upload").Call(name, x.Clone())
		if e.ContentType != "" {
			call = mw.Clone().Dot("uploadAs").Call(name, ct, x.Clone())
		}
		g.For(jen.List(jen.Id("_"), x.Clone()).Op(":=").Range().Add(v)).Block(call)
	case e.JSON:
		g.Add(mw).Dot("jsonAs").Call(name, ct, v)
	case o.shapeOf(f.Type) == shScalar && !f.Nullable && e.ContentType != "":
		g.Add(mw).Dot("fieldAs").Call(name, ct, o.format(f.Type, v))
	case o.shapeOf(f.Type) == shScalar && !f.Nullable:
		g.Add(mw).Dot("field").Call(name, o.format(f.Type, v))
	default:
		g.Add(mw).Dot("json").Call(name, v)
	}
}
