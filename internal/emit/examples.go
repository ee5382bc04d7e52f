package emit

import (
	"fmt"
	"strings"

	"github.com/dave/jennifer/jen"

	"github.com/orygen/orygen/internal/ir"
)

// exampleImports are what the examples may import (the type check loads
// them beforehand).
var exampleImports = []string{pkgContext, pkgJSON, pkgErrors, pkgFmt, pkgHTTP, pkgHTTPTest}

const pkgHTTPTest = "net/http/httptest"

// examples writes example_test.go: godoc examples that construct a client
// against an httptest server, make a call and tell its errors apart, switch
// on a union's variant and walk the pages of a list. They are in the
// package itself, so they need no import path, and are type-checked with
// it.
func (g *generator) examples() {
	g.goFile("example_test.go", func(f *jen.File) {
		m := g.m
		m.exampleNewClient(f)
		m.exampleAuthentication(f)
		m.exampleNativeLogin(f)
		if u := unionExampleOf(m); u != nil {
			exampleUnion(f, u)
		}
		if svc, op, args := m.exampleCall(func(op *ir.Operation) bool { return op.Pagination != nil }); op != nil {
			body := "[]"
			if op.Pagination.Style == ir.PageBody {
				body = "{}"
			}
			examplePaging(f, jen.Id("client").Dot(string(svc.Name)).Dot(string(op.Pagination.IterName)).Call(args...), body)
		}
	})
}

// exampleServer is srv, a test server whose handler runs reply, closed
// when the example returns, and client, a client for it made with opts.
func exampleServer(g *jen.Group, reply []jen.Code, opts ...jen.Code) {
	g.Id("srv").Op(":=").Qual(pkgHTTPTest, "NewServer").Call(jen.Qual(pkgHTTP, "HandlerFunc").Call(
		jen.Func().Params(jen.Id("w").Qual(pkgHTTP, "ResponseWriter"), jen.Id("r").Op("*").Qual(pkgHTTP, "Request")).Block(reply...)))
	g.Defer().Id("srv").Dot("Close").Call()
	g.List(jen.Id("client"), jen.Err()).Op(":=").Id("NewClient").Call(append([]jen.Code{jen.Id("srv").Dot("URL")}, opts...)...)
	g.If(jen.Err().Op("!=").Nil()).Block(printErr()...)
}

// printErr prints err and returns.
func printErr() []jen.Code {
	return []jen.Code{jen.Qual(pkgFmt, "Println").Call(jen.Err()), jen.Return()}
}

func (m *model) exampleNewClient(f *jen.File) {
	f.Comment("ExampleNewClient makes a client for a server (here a test server that")
	f.Comment("answers 404 to everything), calls an operation and tells the errors apart.")
	f.Func().Id("ExampleNewClient").Params().BlockFunc(func(g *jen.Group) {
		exampleServer(g, []jen.Code{
			jen.Id("w").Dot("Header").Call().Dot("Set").Call(jen.Lit("Content-Type"), jen.Lit("application/json")),
			jen.Id("w").Dot("WriteHeader").Call(jen.Qual(pkgHTTP, "StatusNotFound")),
			jen.Qual(pkgFmt, "Fprint").Call(jen.Id("w"), rawString(`{"error":{"code":404,"message":"no such thing"}}`)),
		}, jen.Id("WithUserAgent").Call(jen.Lit("example/1.0")))
		svc, op, args := m.exampleCall(func(*ir.Operation) bool { return true })
		if op == nil {
			g.Id("_").Op("=").Id("client")
			return
		}
		call := jen.Id("client").Dot(string(svc.Name)).Dot(string(op.Name)).Call(args...)
		if len(m.forOp(op).results(op)) == 1 {
			g.Err().Op("=").Add(call)
		} else {
			g.List(jen.Id("_"), jen.Err()).Op("=").Add(call)
		}
		g.Var().Id("apiErr").Op("*").Id("APIError").Comment("a declared error status is an *ErrorResponse[T], which unwraps to it")
		g.Var().Id("transportErr").Op("*").Id("TransportError")
		g.Switch().Block(
			jen.Case(jen.Qual(pkgErrors, "As").Call(jen.Err(), jen.Op("&").Id("apiErr"))).Block(
				jen.Qual(pkgFmt, "Println").Call(jen.Lit("status"), jen.Id("apiErr").Dot("StatusCode"))),
			jen.Case(jen.Qual(pkgErrors, "As").Call(jen.Err(), jen.Op("&").Id("transportErr"))).Block(
				jen.Qual(pkgFmt, "Println").Call(jen.Lit("not sent:"), jen.Id("transportErr").Dot("Err"))),
			jen.Case(jen.Err().Op("!=").Nil()).Block(
				jen.Qual(pkgFmt, "Println").Call(jen.Err())),
		)
		g.Comment("Output: status 404")
	})
}

func exampleUnion(f *jen.File, u *ir.Type) {
	f.Commentf("Example_union decodes a %s and switches on its variant; a %q this", u.Name, u.Union.Discriminator)
	f.Commentf("client does not know is kept as a *%s.", u.Union.UnknownName)
	f.Func().Id("Example_union").Params().BlockFunc(func(g *jen.Group) {
		g.Var().Id("x").Id(string(u.Name))
		g.If(
			jen.Err().Op(":=").Qual(pkgJSON, "Unmarshal").Call(jen.Index().Byte().Call(rawString(jsonObject(u.Union.Discriminator, "an-unknown-kind"))), jen.Op("&").Id("x")),
			jen.Err().Op("!=").Nil(),
		).Block(printErr()...)
		g.Switch(jen.Id("v").Op(":=").Id("x").Dot("Value").Assert(jen.Type())).BlockFunc(func(s *jen.Group) {
			for _, v := range u.Union.Variants {
				s.Case(jen.Op("*").Id(string(v.Type))).Block(jen.Qual(pkgFmt, "Println").Call(jen.Lit(string(v.Type))))
			}
			s.Case(jen.Op("*").Id(string(u.Union.UnknownName))).Block(
				jen.Qual(pkgFmt, "Println").Call(jen.Lit("unknown:"), jen.Id("v").Dot("Discriminator")))
		})
		g.Comment("Output: unknown: an-unknown-kind")
	})
}

// examplePaging walks the pages of iter, served one empty page (body).
func examplePaging(f *jen.File, iter *jen.Statement, body string) {
	f.Comment("Example_paging walks every item of every page; the loop ends at the last")
	f.Comment("page, at the first error, or when it breaks.")
	f.Func().Id("Example_paging").Params().BlockFunc(func(g *jen.Group) {
		exampleServer(g, []jen.Code{
			jen.Id("w").Dot("Header").Call().Dot("Set").Call(jen.Lit("Content-Type"), jen.Lit("application/json")),
			jen.Qual(pkgFmt, "Fprint").Call(jen.Id("w"), jen.Lit(body)).Comment("one empty page"),
		})
		g.Id("n").Op(":=").Lit(0)
		g.For(jen.List(jen.Id("_"), jen.Err()).Op(":=").Range().Add(iter)).Block(
			jen.If(jen.Err().Op("!=").Nil()).Block(printErr()...),
			jen.Id("n").Op("++"),
		)
		g.Qual(pkgFmt, "Println").Call(jen.Id("n"), jen.Lit("items"))
		g.Comment("Output: 0 items")
	})
}

// rawString is s as a raw string literal, which jennifer does not write:
// JSON reads better without escaped quotes. s holds no backquote.
func rawString(s string) jen.Code { return jen.Op("`" + s + "`") }

// jsonObject is {"key":"value"} as JSON text.
func jsonObject(key, value string) string {
	return fmt.Sprintf("{%s:%s}", jsonString(key), jsonString(value))
}

func jsonString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r < 0x20 || r == '`':
			fmt.Fprintf(&b, "\\u%04x", r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// unionExampleOf is the first discriminated union, if any.
func unionExampleOf(m *model) *ir.Type {
	for _, t := range m.Types {
		if t.Kind == ir.KindUnion && t.Union.Discriminator != "" {
			return t
		}
	}
	return nil
}

// exampleCall finds the first operation that ok accepts and whose
// arguments are easy to write: a GET (or else any method) without a body
// or streamed response, whose path parameters are strings. It returns the
// operation, its service and the arguments of a call (context.Background(),
// "id" for each path parameter, the params struct).
func (m *model) exampleCall(ok func(*ir.Operation) bool) (*ir.Service, *ir.Operation, []jen.Code) {
	for _, getOnly := range []bool{true, false} {
		for _, s := range m.Services {
			for _, op := range s.Operations {
				if !ok(op) || op.Streams || op.Body != nil || (getOnly && op.Method != "GET") {
					continue
				}
				args := []jen.Code{jen.Qual(pkgContext, "Background").Call()}
				simple := true
				for _, p := range op.PathParams {
					r := m.resolve(p.Type)
					if r.Kind != ir.RefBuiltin || r.Builtin != ir.String {
						simple = false
						break
					}
					args = append(args, jen.Lit("id"))
				}
				if !simple {
					continue
				}
				if len(op.Params) > 0 {
					if op.ParamsByValue {
						args = append(args, jen.Id(string(op.ParamsName)).Values())
					} else {
						args = append(args, jen.Nil())
					}
				}
				return s, op, args
			}
		}
	}
	return nil, nil, nil
}
