package emit

import (
	"fmt"
	"net/http"

	"github.com/dave/jennifer/jen"

	"github.com/orygen/orygen/internal/ir"
)

// authCase is one security scheme the authentication example shows: the
// operation it calls, whose first alternative a client with only this
// scheme's credential satisfies, and what arrives at the server.
type authCase struct {
	scheme *ir.SecurityScheme
	svc    *ir.Service
	op     *ir.Operation
	args   []jen.Code
	arg    string // the option's argument
	sent   string // the value the server sees
}

// authCases are up to two schemes of the API whose credential an
// operation with simple arguments sends, in the order the API lists them.
func (m *model) authCases() []authCase {
	var out []authCase
	for _, s := range m.Security {
		if len(out) == 2 {
			break
		}
		arg := fmt.Sprintf("example-token-%d", len(out)+1)
		sent := arg
		switch {
		case s.Type == "apiKey" && s.In == "header" && http.CanonicalHeaderKey(s.Param) == "Authorization":
			arg = "Bearer " + arg
			sent = arg
		case s.Type == "apiKey" && (s.In == "header" || s.In == "query" || s.In == "cookie"):
		case s.Type == "http" && s.Scheme == "bearer", s.Type == "oauth2", s.Type == "openIdConnect":
			sent = "Bearer " + arg
		default:
			continue
		}
		svc, op, args := m.exampleCall(func(op *ir.Operation) bool {
			return sendsAlone(op, s.Name) || hasHeaderParam(op, schemeHeader(s))
		})
		if op == nil {
			continue
		}
		out = append(out, authCase{scheme: s, svc: svc, op: op, args: args, arg: arg, sent: sent})
	}
	return out
}

// sendsAlone reports whether a client holding only scheme's credential
// sends it with op as a security requirement (a header parameter it fills
// is the other way, see reach): the runtime applies the first alternative whose
// schemes all have credentials, so that alternative must be scheme alone.
func sendsAlone(op *ir.Operation, scheme string) bool {
	for _, alt := range op.Security {
		switch {
		case len(alt) == 0:
			return false // anonymous comes first: nothing is sent
		case len(alt) == 1 && alt[0] == scheme:
			return true
		}
	}
	return false
}

// authPlace is where a scheme's credential travels, as the example's
// server reads it and prints it.
func authPlace(s *ir.SecurityScheme) (label string, read func(g *jen.Group)) {
	print := func(label string) jen.Code {
		return jen.Qual(pkgFmt, "Println").Call(jen.Lit(label+":"), jen.Id("v"))
	}
	switch {
	case s.Type == "apiKey" && s.In == "query":
		label = "query " + s.Param
		return label, func(g *jen.Group) {
			g.If(jen.Id("v").Op(":=").Id("r").Dot("URL").Dot("Query").Call().Dot("Get").Call(jen.Lit(s.Param)), jen.Id("v").Op("!=").Lit("")).Block(print(label))
		}
	case s.Type == "apiKey" && s.In == "cookie":
		label = "cookie " + s.Param
		return label, func(g *jen.Group) {
			g.If(jen.List(jen.Id("c"), jen.Err()).Op(":=").Id("r").Dot("Cookie").Call(jen.Lit(s.Param)), jen.Err().Op("==").Nil()).Block(
				jen.Qual(pkgFmt, "Println").Call(jen.Lit(label+":"), jen.Id("c").Dot("Value")))
		}
	}
	name := "Authorization"
	if s.Type == "apiKey" {
		name = http.CanonicalHeaderKey(s.Param)
	}
	return name, func(g *jen.Group) {
		g.If(jen.Id("v").Op(":=").Id("r").Dot("Header").Dot("Get").Call(jen.Lit(name)), jen.Id("v").Op("!=").Lit("")).Block(print(name))
	}
}

// exampleAuthentication writes Example_authentication: a client per
// security scheme, made with the scheme's option, calls an operation that
// accepts it, and the test server prints the credential it received.
func (m *model) exampleAuthentication(f *jen.File) {
	cases := m.authCases()
	if len(cases) == 0 {
		return
	}
	f.Comment("Example_authentication supplies credentials with the options of the API's")
	f.Comment("security schemes, one per scheme; a call sends those its operation accepts.")
	f.Func().Id("Example_authentication").Params().BlockFunc(func(g *jen.Group) {
		seen := map[string]bool{}
		for _, c := range cases {
			label, _ := authPlace(c.scheme)
			seen[label] = true
		}
		g.Id("srv").Op(":=").Qual(pkgHTTPTest, "NewServer").Call(jen.Qual(pkgHTTP, "HandlerFunc").Call(
			jen.Func().Params(jen.Id("w").Qual(pkgHTTP, "ResponseWriter"), jen.Id("r").Op("*").Qual(pkgHTTP, "Request")).BlockFunc(func(h *jen.Group) {
				for _, c := range cases {
					label, read := authPlace(c.scheme)
					if !seen[label] {
						continue
					}
					delete(seen, label)
					read(h)
				}
				h.Id("w").Dot("WriteHeader").Call(jen.Qual(pkgHTTP, "StatusUnauthorized"))
			})))
		g.Defer().Id("srv").Dot("Close").Call()
		g.Id("ctx").Op(":=").Qual(pkgContext, "Background").Call()
		var out []string
		for i, c := range cases {
			g.Line()
			op := ":="
			if i > 0 {
				op = "="
			}
			g.List(jen.Id("client"), jen.Err()).Op(op).Id("NewClient").Call(jen.Id("srv").Dot("URL"), jen.Id(string(c.scheme.Option)).Call(jen.Lit(c.arg)))
			g.If(jen.Err().Op("!=").Nil()).Block(printErr()...)
			args := append([]jen.Code{jen.Id("ctx")}, c.args[1:]...)
			call := jen.Id("client").Dot(string(c.svc.Name)).Dot(string(c.op.Name)).Call(args...)
			if len(m.forOp(c.op).results(c.op)) == 1 {
				g.Id("_").Op("=").Add(call).Comment("the test server answers 401")
			} else {
				g.List(jen.Id("_"), jen.Id("_")).Op("=").Add(call).Comment("the test server answers 401")
			}
			label, _ := authPlace(c.scheme)
			out = append(out, label+": "+c.sent)
		}
		g.Line()
		g.Comment("Output:")
		for _, l := range out {
			g.Comment(l)
		}
	})
}
