package loader

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestSwagger2Converted(t *testing.T) {
	s, err := Load("../../specs/swagger2.yaml", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Warnings) == 0 || s.Warnings[0].Pointer != "/swagger" || !strings.Contains(s.Warnings[0].Message, "converted to OpenAPI 3.0") {
		t.Fatalf("warnings %v: want the conversion named first", s.Warnings)
	}
	for _, w := range s.Warnings[1:] {
		// common.yaml#/Codes writes items as a list, which is repaired.
		if w.Pointer != "/paths/~1items/get/parameters/6/items" || !strings.HasSuffix(w.Message, "the first is the items' schema") {
			t.Errorf("unexpected warning: %s", w)
		}
	}
	d := s.Doc
	// Parameters in another file keep their Swagger 2.0 types.
	list := d.Paths.Find("/items").Get
	for _, c := range []struct{ name, typ, format, items string }{
		{"since", "string", "date-time", ""}, {"maxPrice", "number", "double", ""}, {"codes", "array", "", "integer"},
	} {
		p := list.Parameters.GetByInAndName("query", c.name)
		if p == nil || p.Schema == nil || p.Schema.Value == nil {
			t.Errorf("parameter %s: no schema", c.name)
			continue
		}
		v := p.Schema.Value
		if !v.Type.Is(c.typ) || v.Format != c.format || (c.items != "" && (v.Items == nil || !v.Items.Value.Type.Is(c.items))) {
			t.Errorf("parameter %s: %v %q; want %s %q (items %s)", c.name, v.Type, v.Format, c.typ, c.format, c.items)
		}
	}
	if r := d.Paths.Find("/items/{itemId}").Delete.Responses.Status(404); r == nil || r.Value == nil || r.Value.Content["application/json"] == nil {
		t.Errorf("a response in another file: %+v", r)
	}
	if len(d.Servers) != 1 || d.Servers[0].URL != "https://warehouse.example.com/api/v3" {
		t.Errorf("servers %v", d.Servers)
	}
	for _, c := range []struct{ path, method, media string }{
		{"/items/{itemId}/photo", "POST", "multipart/form-data"},              // formData with a file
		{"/items/{itemId}/stock", "PUT", "application/x-www-form-urlencoded"}, // formData without
		{"/login", "POST", "application/x-www-form-urlencoded"},
		{"/items", "POST", "application/json"}, // a body parameter
	} {
		op := d.Paths.Find(c.path).GetOperation(c.method)
		if op == nil || op.RequestBody == nil || op.RequestBody.Value.Content[c.media] == nil {
			t.Errorf("%s %s: no %s request body", c.method, c.path, c.media)
		}
	}
	photo := d.Paths.Find("/items/{itemId}/photo").Post.RequestBody.Value.Content["multipart/form-data"].Schema.Value
	if f := photo.Properties["file"]; f == nil || f.Value.Format != "binary" || !f.Value.Type.Is("string") {
		t.Errorf("file parameter: %+v", f)
	}
	if len(photo.Required) != 1 || photo.Required[0] != "file" {
		t.Errorf("required %v", photo.Required)
	}
	if d.Components.Schemas["Item"] == nil || d.Components.SecuritySchemes["oauth"] == nil || d.Components.Parameters["itemId"] == nil {
		t.Error("definitions, securityDefinitions or parameters were not converted")
	}
	if _, err := Load("../../specs/swagger2.yaml", Options{Strict: true}); err == nil || !strings.Contains(err.Error(), "Swagger 2.0") {
		t.Errorf("strict: %v; want the conversion warning as the error", err)
	}
}

func TestSwagger2Errors(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct{ name, doc, want string }{
		{"v12.json", `{"swagger": "1.2", "info": {"title": "t", "version": "1"}, "paths": {}}`,
			`v12.json#/swagger: unsupported Swagger version a string ("1.2")`},
		{"number.yaml", "swagger: 2.0\ninfo: {title: t, version: '1'}\npaths: {}\n", ""},
		{"v3.yaml", "swagger: 3\ninfo: {title: t, version: '1'}\npaths: {}\n",
			`v3.yaml#/swagger: unsupported Swagger version a number (3)`},
		{"bodyform.yaml", "swagger: '2.0'\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    post:\n      parameters:\n" +
			"        - {name: b, in: body, schema: {type: object}}\n        - {name: f, in: formData, type: string}\n" +
			"      responses: {'200': {description: ok}}\n",
			`bodyform.yaml: Swagger 2.0 document does not convert to OpenAPI 3: `},
		{"ok.json", `{"swagger": "2.0", "info": {"title": "t", "version": "1"}, "paths": {}}`, ""},
	} {
		p := filepath.Join(dir, tc.name)
		if err := os.WriteFile(p, []byte(tc.doc), 0o644); err != nil {
			t.Fatal(err)
		}
		_, err := Load(p, Options{})
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("%s: %v", tc.name, err)
		case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
			t.Errorf("%s: error %v; want %q", tc.name, err, tc.want)
		}
	}
}

func TestNodeJSON(t *testing.T) {
	n, _, err := parseYAML([]byte("a: 0x1F\nb: 1_000\nc: +1\nd: .5\ne: [1, 'x', null, true]\nf: {g: -2.5e3}\n"))
	if err != nil {
		t.Fatal(err)
	}
	want := `{"a":31,"b":1000,"c":1,"d":0.5,"e":[1,"x",null,true],"f":{"g":-2.5e3}}`
	if got := string(nodeJSON(n)); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

// TestSwagger2OperationRefs: path items and operations that are $refs (to
// other files, or into the document) are copied in before the conversion,
// which would drop them.
func TestSwagger2OperationRefs(t *testing.T) {
	dir := t.TempDir()
	writeIn(t, dir, "ops.yaml", `list:
  operationId: listPets
  parameters: [{$ref: '#/Limit'}]
  responses:
    '200': {description: ok, schema: {type: array, items: {$ref: 'spec.yaml#/definitions/Pet'}}}
Limit: {name: limit, in: query, type: integer}
item:
  get: {$ref: '#/get'}
get:
  operationId: getPet
  responses: {'200': {description: ok}}
`)
	p := writeIn(t, dir, "spec.yaml", `swagger: "2.0"
info: {title: t, version: "1"}
paths:
  /pets:
    get: {$ref: 'ops.yaml#/list'}
  /pets/one:
    $ref: 'ops.yaml#/item'
  /local:
    get: {$ref: '#/x-ops/local'}
x-ops:
  local:
    operationId: local
    responses: {'200': {description: ok}}
definitions:
  Pet: {type: object, properties: {id: {type: integer}}}
`)
	s, err := Load(p, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for path, id := range map[string]string{"/pets": "listPets", "/pets/one": "getPet", "/local": "local"} {
		if item := s.Doc.Paths.Find(path); item == nil || item.Get == nil || item.Get.OperationID != id {
			t.Errorf("GET %s: want %s", path, id)
		}
	}
	list := s.Doc.Paths.Find("/pets").Get
	if p := list.Parameters.GetByInAndName("query", "limit"); p == nil || p.Schema == nil || !p.Schema.Value.Type.Is("integer") {
		t.Errorf("limit: %+v", p)
	}
	if it := list.Responses.Status(200).Value.Content["application/json"].Schema.Value.Items; it == nil || it.Value.Properties["id"] == nil {
		t.Errorf("items: %+v", it)
	}
}
