package emit

import (
	"fmt"
	"go/ast"
	"strings"

	"github.com/orygen/orygen/internal/ir"
)

// exampleImports are what the examples may import; each is imported if
// used.
var exampleImports = []string{"context", "encoding/json", "errors", "fmt", "net/http", "net/http/httptest"}

// examples writes example_test.go: godoc examples that construct a client
// against an httptest server, make a call and tell its errors apart, switch
// on a union's variant and walk the pages of a list. They are in the
// package itself, so they need no import path, and are type-checked with
// it.
func (g *generator) examples() {
	g.jobs = append(g.jobs, job{"example_test.go", func() ([]byte, *ast.File, error) {
		var b strings.Builder
		m := g.m
		call, callOp := m.exampleCall(func(op *ir.Operation) bool { return true })
		b.WriteString(`
// ExampleNewClient makes a client for a server (here a test server that
// answers 404 to everything), calls an operation and tells the errors apart.
func ExampleNewClient() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusNotFound)
		fmt.Fprint(w, ` + "`" + `{"error":{"code":404,"message":"no such thing"}}` + "`" + `)
	}))
	defer srv.Close()
	client, err := NewClient(srv.URL, WithUserAgent("example/1.0"))
	if err != nil {
		fmt.Println(err)
		return
	}
`)
		if callOp != nil {
			lhs := "_, err ="
			if len(m.forOp(callOp).results(callOp)) == 1 {
				lhs = "err ="
			}
			fmt.Fprintf(&b, "\t%s %s\n", lhs, call)
			b.WriteString(`	var apiErr *APIError // a declared error status is an *ErrorResponse[T], which unwraps to it
	var transportErr *TransportError
	switch {
	case errors.As(err, &apiErr):
		fmt.Println("status", apiErr.StatusCode)
	case errors.As(err, &transportErr):
		fmt.Println("not sent:", transportErr.Err)
	case err != nil:
		fmt.Println(err)
	}
	// Output: status 404
}
`)
		} else {
			b.WriteString("\t_ = client\n}\n")
		}
		if u := unionExampleOf(m); u != nil {
			fmt.Fprintf(&b, `
// Example_union decodes a %[1]s and switches on its variant; a %[2]q this
// client does not know is kept as a *%[3]s.
func Example_union() {
	var x %[1]s
	if err := json.Unmarshal([]byte(%[4]s), &x); err != nil {
		fmt.Println(err)
		return
	}
	switch v := x.Value.(type) {
`, u.Name, u.Union.Discriminator, u.Union.UnknownName, "`"+jsonObject(u.Union.Discriminator, "an-unknown-kind")+"`")
			for _, v := range u.Union.Variants {
				fmt.Fprintf(&b, "\tcase *%s:\n\t\tfmt.Println(%q)\n", v.Type, v.Type)
			}
			fmt.Fprintf(&b, "\tcase *%s:\n\t\tfmt.Println(\"unknown:\", v.Discriminator)\n\t}\n\t// Output: unknown: an-unknown-kind\n}\n", u.Union.UnknownName)
		}
		iter, pageOp := m.exampleCall(func(op *ir.Operation) bool { return op.Pagination != nil })
		if pageOp != nil {
			body := "[]"
			if pageOp.Pagination.Style == ir.PageBody {
				body = "{}"
			}
			iter = strings.Replace(iter, "."+string(pageOp.Name)+"(", "."+string(pageOp.Pagination.IterName)+"(", 1)
			fmt.Fprintf(&b, `
// Example_paging walks every item of every page; the loop ends at the last
// page, at the first error, or when it breaks.
func Example_paging() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, %q) // one empty page
	}))
	defer srv.Close()
	client, err := NewClient(srv.URL)
	if err != nil {
		fmt.Println(err)
		return
	}
	n := 0
	for _, err := range %s {
		if err != nil {
			fmt.Println(err)
			return
		}
		n++
	}
	fmt.Println(n, "items")
	// Output: 0 items
}
`, body, iter)
		}
		var head strings.Builder
		for _, l := range strings.Split(g.header(), "\n") {
			head.WriteString("// " + l + "\n")
		}
		head.WriteString("\npackage " + g.opts.Package + "\n\nimport (\n")
		for _, imp := range exampleImports {
			name := imp[strings.LastIndex(imp, "/")+1:]
			if strings.Contains(b.String(), name+".") {
				fmt.Fprintf(&head, "\t%q\n", imp)
			}
		}
		head.WriteString(")\n")
		return g.format("example_test.go", []byte(head.String()+b.String()))
	}, false})
}

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

// exampleCall is a call of the first operation that ok accepts and whose
// arguments are easy to write: a GET (or else any method) without a body
// or streamed response, whose path parameters are strings. It returns the
// call's text ("client.Identity.GetIdentity(context.Background(), "id", nil)").
func (m *model) exampleCall(ok func(*ir.Operation) bool) (string, *ir.Operation) {
	for _, getOnly := range []bool{true, false} {
		for _, s := range m.Services {
			for _, op := range s.Operations {
				if !ok(op) || op.Streams || op.Body != nil || (getOnly && op.Method != "GET") {
					continue
				}
				args := []string{"context.Background()"}
				simple := true
				for _, p := range op.PathParams {
					r := m.resolve(p.Type)
					if r.Kind != ir.RefBuiltin || r.Builtin != ir.String {
						simple = false
						break
					}
					args = append(args, `"id"`)
				}
				if !simple {
					continue
				}
				if len(op.Params) > 0 {
					if op.ParamsByValue {
						args = append(args, string(op.ParamsName)+"{}")
					} else {
						args = append(args, "nil")
					}
				}
				return fmt.Sprintf("client.%s.%s(%s)", s.Name, op.Name, strings.Join(args, ", ")), op
			}
		}
	}
	return "", nil
}
