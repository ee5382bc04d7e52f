package loader

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestOperationRefs: operations written as $refs (to a file, a fragment
// of one, a place in the document, inside a path item in another file)
// are there, with the $refs inside them resolved from their own files.
func TestOperationRefs(t *testing.T) {
	s, err := Load("../../specs/oprefs.yaml", Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range s.Warnings {
		t.Errorf("unexpected warning: %s", w)
	}
	d := s.Doc
	for _, c := range []struct{ path, method, id string }{
		{"/pets", "GET", "listPets"}, {"/pets", "POST", "createPet"}, {"/stores", "GET", "listStores"},
		{"/pets/{petId}", "GET", "getPet"}, {"/pets/{petId}", "DELETE", "deletePet"},
	} {
		item := d.Paths.Find(c.path)
		if item == nil || item.GetOperation(c.method) == nil || item.GetOperation(c.method).OperationID != c.id {
			t.Errorf("%s %s: want operation %s", c.method, c.path, c.id)
		}
	}
	list := d.Paths.Find("/pets").Get
	if p := list.Parameters.GetByInAndName("query", "limit"); p == nil || p.Schema == nil || p.Schema.Value.Format != "int32" {
		t.Errorf("listPets: limit from ../common/parameters.yaml: %+v", p)
	}
	items := list.Responses.Status(200).Value.Content["application/json"].Schema.Value.Items
	abs, _ := filepath.Abs("../../specs/oprefs/schemas/pet.yaml")
	if items == nil || items.RefPath() == nil || items.RefPath().Path != filepath.ToSlash(abs) || items.Value.Properties["name"] == nil {
		t.Errorf("listPets: items %+v; want the schema of %s", items, abs)
	}
	get := d.Paths.Find("/pets/{petId}").Get
	if p := get.Parameters.GetByInAndName("query", "verbose"); p == nil {
		t.Errorf("getPet: verbose, a #/Verbose in ops/pets.yaml, is missing")
	}
	if e := get.Responses.Status(404); e == nil || e.Value == nil || e.Value.Content["application/json"].Schema.Value.Properties["message"] == nil {
		t.Errorf("getPet: 404 from ../common/responses.yaml: %+v", e)
	}
}

func TestRebaseRef(t *testing.T) {
	from := &srcFile{abs: "/r/api/ops/list.yaml"}
	to := &srcFile{abs: "/r/api/spec.yaml"}
	for ref, want := range map[string]string{
		"#/Limit":                          "ops/list.yaml#/Limit",
		"../schemas/pet.yaml":              "schemas/pet.yaml",
		"../schemas/pet.yaml#/Pet":         "schemas/pet.yaml#/Pet",
		"../spec.yaml#/components/x":       "#/components/x",
		"../../common/e.yaml":              "../common/e.yaml",
		"https://example.com/x.yaml#/A":    "https://example.com/x.yaml#/A",
		"other%20file.yaml#/A":             "ops/other%20file.yaml#/A",
		"/abs/elsewhere.yaml#/A":           "../../abs/elsewhere.yaml#/A",
		"sub/op.yaml#/paths/~1a~1{id}/get": "ops/sub/op.yaml#/paths/~1a~1{id}/get",
	} {
		if got := rebaseRef(ref, from, to); got != want {
			t.Errorf("rebaseRef(%q) = %q; want %q", ref, got, want)
		}
	}
}

// TestOperationRefCycle: an operation whose callback holds the operation
// itself is copied once, and the copy inside it left out with a warning.
func TestOperationRefCycle(t *testing.T) {
	p := writeSpec(t, "spec.yaml", `openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /a:
    post:
      $ref: '#/x-ops/a'
x-ops:
  a:
    operationId: a
    responses:
      '200': {description: ok}
    callbacks:
      again:
        '{$request.body#/url}':
          post:
            $ref: '#/x-ops/a'
`)
	s, err := Load(p, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Warnings) == 0 || !strings.Contains(s.Warnings[0].Message, "is an operation that contains itself; left out") {
		t.Errorf("warnings %v", s.Warnings)
	}
	if s.Doc.Paths.Find("/a").Post == nil {
		t.Error("the operation is lost")
	}
}

// TestYAMLIntegerForms: hex, octal, underscores and a plus sign are the
// integers they stand for, where orygen reads literals.
func TestYAMLIntegerForms(t *testing.T) {
	p := writeSpec(t, "spec.yaml", "openapi: 3.0.3\ninfo: {title: t, version: \"1\"}\npaths: {}\ncomponents:\n  schemas:\n    L: {type: integer, minimum: 0x10, enum: [0x1F, 0o17, 1_000, +12, 18446744073709551615, 1.5e3]}\n")
	s, err := Load(p, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for i, want := range []string{"31", "15", "1000", "12", "18446744073709551615", "1.5e3"} {
		if got, _ := s.NumberLiteral("/components/schemas/L/enum/" + string(rune('0'+i))); got != want {
			t.Errorf("enum %d: %q; want %q", i, got, want)
		}
	}
	if m := s.Doc.Components.Schemas["L"].Value.Min; m == nil || *m != 16 {
		t.Errorf("minimum %v; want 16", m)
	}
}
