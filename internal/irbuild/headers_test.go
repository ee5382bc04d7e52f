package irbuild

import (
	"fmt"
	"strings"
	"testing"

	"github.com/orygen/orygen/internal/ir"
)

// Response headers become Result fields: merged across the successes
// (required only when each success requires it), Content-Type left out,
// typed per schema, and an object schema kept as text with a located
// warning. Without headers an operation keeps its plain result.
func TestResponseHeaders(t *testing.T) {
	api, warns := buildYAML(t, `openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /a:
    post:
      operationId: makeA
      responses:
        '200':
          description: ok
          headers:
            X-Count: {required: true, schema: {type: integer, format: int32}}
            X-Both: {required: true, schema: {type: string}}
            Content-Type: {schema: {type: string}}
            X-Obj: {schema: {type: object}}
            'x"y': {schema: {type: string}}
          content: {application/json: {schema: {type: string}}}
        '201':
          description: created
          headers:
            x-both: {required: true, schema: {type: string}}
            X-When: {schema: {type: string, format: date-time}}
            X-List: {required: true, schema: {type: array, items: {type: number}}}
          content: {application/json: {schema: {type: string}}}
  /b:
    get:
      operationId: getB
      responses:
        '200':
          description: ok
          content: {application/json: {schema: {type: string}}}
`)
	var a, b *ir.Operation
	for _, s := range api.Services {
		for _, o := range s.Operations {
			switch o.ID {
			case "makeA":
				a = o
			case "getB":
				b = o
			}
		}
	}
	var got []string
	for _, h := range a.Headers {
		got = append(got, fmt.Sprintf("%s %s %v %v", h.Name, h.Field, h.Required, describeRef(h.Type)))
	}
	want := []string{
		"X-Both XBoth true builtin0",
		"X-Count XCount false builtin2",
		"X-List XList false slice(builtin4)",
		"X-Obj XObj false builtin0",
		"X-When XWhen false time",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("headers:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if a.ResultName != "MakeAResult" || b.ResultName != "" || b.Headers != nil {
		t.Errorf("results: %q %q %v", a.ResultName, b.ResultName, b.Headers)
	}
	var found bool
	for _, w := range warns {
		if strings.TrimPrefix(w.Pointer, "#") == "/paths/~1a/post/responses/200/headers/X-Obj" && strings.Contains(w.Message, "holds the header's text") {
			found = true
		}
	}
	if !found {
		t.Errorf("no located warning for the object header: %v", warns)
	}
	found = false
	for _, w := range warns {
		if strings.TrimPrefix(w.Pointer, "#") == `/paths/~1a/post/responses/200/headers/x"y` && strings.Contains(w.Message, "left out") {
			found = true
		}
	}
	if !found {
		t.Errorf("no located warning for the header name HTTP cannot carry: %v", warns)
	}
}

func describeRef(r ir.TypeRef) string {
	switch r.Kind {
	case ir.RefBuiltin:
		return fmt.Sprintf("builtin%d", r.Builtin)
	case ir.RefTime:
		return "time"
	case ir.RefSlice:
		return "slice(" + describeRef(*r.Elem) + ")"
	}
	return fmt.Sprintf("kind%d", r.Kind)
}
