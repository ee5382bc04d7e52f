package irbuild

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/orygen/orygen/internal/ir"
	"github.com/orygen/orygen/internal/loader"
)

// TestErrorMapsAreShared: operations that declare the same error bodies
// share one mapper; a status whose body is the default's has no case.
func TestErrorMapsAreShared(t *testing.T) {
	spec := `openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /a:
    get:
      operationId: a
      responses:
        "200": {description: ok}
        "400": {description: bad, content: {application/json: {schema: {$ref: "#/components/schemas/Err"}}}}
        default: {description: err, content: {application/json: {schema: {$ref: "#/components/schemas/Err"}}}}
  /b:
    get:
      operationId: b
      responses:
        "200": {description: ok}
        default: {description: err, content: {application/json: {schema: {$ref: "#/components/schemas/Err"}}}}
  /c:
    get:
      operationId: c
      responses:
        "200": {description: ok}
        "404": {description: missing, content: {application/json: {schema: {$ref: "#/components/schemas/Missing"}}}}
        default: {description: err, content: {application/json: {schema: {$ref: "#/components/schemas/Err"}}}}
  /d:
    get:
      operationId: d
      responses:
        "200": {description: ok}
        "500": {description: no body}
  /e:
    get:
      operationId: e
      responses:
        "200": {description: ok}
        "500": {description: err, content: {application/json: {schema: {$ref: "#/components/schemas/Err"}}}}
components:
  schemas:
    Err: {type: object, properties: {error: {type: string}}}
    Missing: {type: object, properties: {id: {type: string}}}
`
	api, _ := buildYAML(t, spec)
	got := map[string]string{}
	cases := map[string]int{}
	for _, o := range api.Services[0].Operations {
		if o.Errors != nil {
			got[o.ID] = string(o.Errors.Name)
			cases[o.ID] = len(o.Errors.Cases)
		}
	}
	want := map[string]string{"a": "errorsAsErr", "b": "errorsAsErr", "c": "errorsOfC", "e": "errorsOfE"}
	if len(got) != len(want) {
		t.Fatalf("mappers %v, want %v", got, want)
	}
	for id, n := range want {
		if got[id] != n {
			t.Errorf("%s: mapper %q, want %q", id, got[id], n)
		}
	}
	if cases["a"] != 0 || cases["c"] != 1 || cases["e"] != 1 {
		t.Errorf("cases %v", cases)
	}
	if len(api.ErrorMaps) != 3 || api.ErrorMaps[0].Name != "errorsAsErr" || api.ErrorMaps[0].Param != "e" {
		t.Errorf("API.ErrorMaps %+v", api.ErrorMaps)
	}
}

// TestDecodeGivesWayToAPathParameter: the parser's decode variable is
// claimed after the path parameters, so a parameter called "decode" keeps
// its name, with no warning (-strict would fail on one).
func TestDecodeGivesWayToAPathParameter(t *testing.T) {
	spec := `openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /a/{decode}:
    get:
      operationId: getA
      parameters: [{name: decode, in: path, required: true, schema: {type: string}}]
      responses: {"200": {description: ok, content: {application/json: {schema: {type: string}}}}}
`
	api, warns := buildYAML(t, spec)
	o := api.Services[0].Operations[0]
	if o.PathParams[0].ArgName != "decode" || o.Locals.Decode != "decode2" || len(warns) != 0 {
		t.Errorf("argument %s, decode variable %s, warnings %v", o.PathParams[0].ArgName, o.Locals.Decode, warns)
	}
}

// TestRepeatedRangeIgnored: "4XX" and "4xx" are one range; the second is
// ignored with a warning (two would be two default clauses).
func TestRepeatedRangeIgnored(t *testing.T) {
	api, warns := buildYAML(t, `openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /a:
    get:
      operationId: a
      responses:
        "2XX": {description: ok, content: {application/json: {schema: {type: string}}}}
        "2xx": {description: ok, content: {application/json: {schema: {type: integer}}}}
        "4XX": {description: bad, content: {application/json: {schema: {type: string}}}}
        "4xx": {description: bad, content: {application/json: {schema: {type: integer}}}}
`)
	o := api.Services[0].Operations[0]
	if len(o.Responses) != 2 || len(warns) != 2 || !strings.Contains(warns[0].Message, "repeats") {
		t.Errorf("responses %d, warnings %v", len(o.Responses), warns)
	}
}

// buildYAML builds the model of a spec written out to a file.
func buildYAML(t *testing.T, spec string) (*ir.API, []loader.Diagnostic) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "spec.yaml")
	if err := os.WriteFile(path, []byte(spec), 0o644); err != nil {
		t.Fatal(err)
	}
	s, err := loader.Load(path, loader.Options{})
	if err != nil {
		t.Fatal(err)
	}
	api, warns, err := Build(s, Options{})
	if err != nil {
		t.Fatal(err)
	}
	return api, warns
}
