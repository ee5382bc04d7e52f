package loader

import (
	"encoding/json"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
)

// TestShapesCoverKin: every field kin-openapi decodes into a typed Go
// value is named by the shape of its object, with a kind that fits the
// Go type, so that no value of the wrong kind reaches kin-openapi
// unrepaired (where it would stop the run with "cannot unmarshal number
// into field Schema.pattern of type string").
func TestShapesCoverKin(t *testing.T) {
	info := docShape.fields["info"]
	components := docShape.fields["components"]
	flows := securitySchemeShape.fields["flows"]
	for _, p := range []struct {
		s *shape
		v any
	}{
		{docShape, openapi3.T{}}, {info, openapi3.Info{}},
		{info.fields["contact"], openapi3.Contact{}}, {info.fields["license"], openapi3.License{}},
		{components, openapi3.Components{}}, {docShape.fields["tags"].elem, openapi3.Tag{}},
		{serverShape, openapi3.Server{}}, {serverShape.fields["variables"].elem, openapi3.ServerVariable{}},
		{externalDocsShape, openapi3.ExternalDocs{}},
		{pathItemShape, openapi3.PathItem{}}, {operationShape, openapi3.Operation{}},
		{parameterShape, openapi3.Parameter{}}, {headerShape, openapi3.Header{}},
		{requestShape, openapi3.RequestBody{}}, {responseShape, openapi3.Response{}},
		{mediaTypeShape, openapi3.MediaType{}}, {encodingShape, openapi3.Encoding{}},
		{linkShape, openapi3.Link{}}, {exampleShape, openapi3.Example{}},
		{securitySchemeShape, openapi3.SecurityScheme{}}, {flows, openapi3.OAuthFlows{}},
		{oauthFlowShape, openapi3.OAuthFlow{}},
		{schemaShape, openapi3.Schema{}}, {schemaShape.fields["discriminator"], openapi3.Discriminator{}},
		{schemaShape.fields["xml"], openapi3.XML{}},
	} {
		checkShapeCovers(t, p.s, reflect.TypeOf(p.v))
	}
}

func checkShapeCovers(t *testing.T, s *shape, typ reflect.Type) {
	t.Helper()
	for i := 0; i < typ.NumField(); i++ {
		f := typ.Field(i)
		if f.Anonymous {
			checkShapeCovers(t, s, f.Type)
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" || !f.IsExported() || f.Type.Kind() == reflect.Interface || (name == "$ref" && s.refable) {
			continue
		}
		fs := s.fields[name]
		if fs == nil {
			t.Errorf("kin-openapi decodes %s.%s into %s; its shape does not name %q", typ.Name(), f.Name, f.Type, name)
			continue
		}
		if !shapeFitsType(fs, f.Type) {
			t.Errorf("%s.%s is %s; its shape %q is kind %d", typ.Name(), f.Name, f.Type, name, fs.kind)
		}
	}
}

// shapeFitsType: every value s accepts decodes into t.
func shapeFitsType(s *shape, t reflect.Type) bool {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t {
	case reflect.TypeFor[openapi3.SchemaRef](), reflect.TypeFor[openapi3.BoolSchema](), reflect.TypeFor[openapi3.AdditionalProperties]():
		return s.kind == sSchema
	case reflect.TypeFor[openapi3.Types]():
		return s.kind == sTypes
	case reflect.TypeFor[openapi3.ExclusiveBound]():
		return s.kind == sBoolNum
	case reflect.TypeFor[openapi3.Paths](), reflect.TypeFor[openapi3.Responses](), reflect.TypeFor[openapi3.Callback]():
		return s.kind == sMap
	case reflect.TypeFor[openapi3.MappingRef]():
		return s.kind == sString
	}
	switch t.Kind() {
	case reflect.String:
		return s.kind == sString
	case reflect.Bool:
		return s.kind == sBool
	case reflect.Float64:
		return s.kind == sNumber
	case reflect.Uint64:
		return s.kind == sUint
	case reflect.Slice:
		return s.kind == sArray && shapeFitsType(s.elem, t.Elem())
	case reflect.Map:
		return s.kind == sMap && shapeFitsType(s.elem, t.Elem())
	case reflect.Struct:
		if t.Name() == "ParameterRef" || t.Name() == "HeaderRef" || t.Name() == "ResponseRef" ||
			t.Name() == "RequestBodyRef" || t.Name() == "ExampleRef" || t.Name() == "LinkRef" ||
			t.Name() == "SecuritySchemeRef" || t.Name() == "CallbackRef" {
			return s.refable
		}
		return s.kind == sObject
	case reflect.Interface:
		return true
	}
	return false
}

// checkRepaired runs the checker over a YAML document and returns its
// warnings (pointer: message) and the repaired tree as JSON.
func checkRepaired(t *testing.T, doc string) (warns []string, tree string) {
	t.Helper()
	root, err := parseDocument("spec.yaml", []byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	c := newChecker("spec.yaml", root)
	c.lenient.on = true
	if d := c.run(); d != nil {
		t.Fatalf("error: %s", d)
	}
	for _, w := range c.lenient.warnings {
		warns = append(warns, w.Pointer+": "+w.Message)
	}
	return warns, string(nodeJSON(root))
}

// TestRepairs: each repair of the table, on a small document: the
// warning it gives and the value it leaves.
func TestRepairs(t *testing.T) {
	const head = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\n"
	for _, tc := range []struct {
		name string
		doc  string // components.schemas.S unless it starts with "openapi"
		warn string // the warnings, one a line: pointer: message
		want string // components.schemas.S afterwards (or the document), as JSON
	}{
		{"null field", "{type: object, properties: null}",
			"/components/schemas/S/properties: must be an object, not null; taken as absent", `{"type":"object"}`},
		{"null property schema", "{properties: {a: ~}}",
			"/components/schemas/S/properties/a: must be a schema (an object), not null; taken as the empty schema (any JSON value)", `{"properties":{"a":{}}}`},
		{"null in oneOf", "{oneOf: [~, {type: string}]}",
			"/components/schemas/S/oneOf/0: must be a schema (an object), not null; dropped from the list", `{"oneOf":[{"type":"string"}]}`},
		{"null scopes", head + "security: [{api: ~}]\n",
			"/security/0/api: must be an array, not null; taken as an empty list", ""},
		{"number pattern", "{type: string, pattern: 123}",
			`/components/schemas/S/pattern: must be a string, not a number (123); taken as the string "123"`, `{"type":"string","pattern":"123"}`},
		{"boolean title", "{title: true}",
			`/components/schemas/S/title: must be a string, not a boolean (true); taken as the string "true"`, `{"title":"true"}`},
		{"yes", "{nullable: 'Yes'}",
			`/components/schemas/S/nullable: must be true or false, not a string ("Yes"); taken as true`, `{"nullable":true}`},
		{"unreadable nullable", "{nullable: maybe}",
			`/components/schemas/S/nullable: must be true or false, not a string ("maybe"); taken as true, the wider reading`, `{"nullable":true}`},
		{"unreadable readOnly", "{readOnly: [x]}",
			`/components/schemas/S/readOnly: must be true or false, not an array; dropped (false)`, `{}`},
		{"negative minLength", "{minLength: -1}",
			"/components/schemas/S/minLength: must be a non-negative integer, not a number (-1); dropped (it only constrains values, which the client leaves to the server)", `{}`},
		{"fractional maxItems", "{maxItems: 1.5}",
			"/components/schemas/S/maxItems: must be a non-negative integer, not a number (1.5); dropped (it only constrains values, which the client leaves to the server)", `{}`},
		{"string minimum", "{minimum: '3'}",
			`/components/schemas/S/minimum: must be a number, not a string ("3"); dropped (it only constrains values, which the client leaves to the server)`, `{}`},
		{"null type member", "{type: [string, ~]}",
			`/components/schemas/S/type: must be a type name or an array of type names, not an array; taken as ["string", "null"]`, `{"type":["string","null"]}`},
		{"number type member", "{type: [string, 1]}",
			`/components/schemas/S/type: must be a type name or an array of type names, not an array; taken as ["string"]`, `{"type":["string"]}`},
		{"object type", "{type: {a: 1}}",
			`/components/schemas/S/type: must be a type name or an array of type names, not an object; dropped`, `{}`},
		{"schema named", "{properties: {pet: Pet}}\n    Pet: {type: object}",
			`/components/schemas/S/properties/pet: must be a schema (an object), not a string ("Pet"); taken as {$ref: "#/components/schemas/Pet"}`, `{"properties":{"pet":{"$ref":"#/components/schemas/Pet"}}}`},
		{"schema not named", "{properties: {pet: Pet}}",
			`/components/schemas/S/properties/pet: must be a schema (an object), not a string ("Pet"); taken as the empty schema (any JSON value)`, `{"properties":{"pet":{}}}`},
		{"schema type name", "{items: string}",
			`/components/schemas/S/items: must be a schema (an object), not a string ("string"); taken as {type: string}`, `{"items":{"type":"string"}}`},
		{"items of one", "{items: [{type: string}]}",
			`/components/schemas/S/items: must be a schema (an object), not an array; taken as its one member`, `{"items":{"type":"string"}}`},
		{"items of two", "{items: [{type: string}, {type: integer}]}",
			`/components/schemas/S/items: must be a schema (an object), not an array; taken as the empty schema (any JSON value)`, `{"items":{}}`},
		{"number in allOf", "{allOf: [5, {type: object}]}",
			`/components/schemas/S/allOf/0: must be a schema (an object), not a number (5); dropped from the list`, `{"allOf":[{"type":"object"}]}`},
		{"discriminator string", "{oneOf: [{type: object}], discriminator: kind}",
			`/components/schemas/S/discriminator: must be an object, not a string ("kind"); taken as {propertyName: "kind"}`, `{"oneOf":[{"type":"object"}],"discriminator":{"propertyName":"kind"}}`},
		{"required string", "{type: object, required: name}",
			`/components/schemas/S/required: must be an array, not a string ("name"): required lists property names and belongs on the object schema; taken as ["name"]`, `{"type":"object","required":["name"]}`},
		{"required boolean", "{type: object, required: true}",
			`/components/schemas/S/required: must be an array, not a boolean (true): required lists property names and belongs on the object schema; dropped`, `{"type":"object"}`},
		{"allOf object", "{allOf: {type: object}}",
			`/components/schemas/S/allOf: must be an array, not an object; taken as a list of that one value`, `{"allOf":[{"type":"object"}]}`},
		{"enum scalar", "{enum: a}",
			`/components/schemas/S/enum: must be an array, not a string ("a"); taken as ["a"]`, `{"enum":["a"]}`},
		{"properties string", "{type: object, properties: name}",
			`/components/schemas/S/properties: must be an object, not a string ("name"); dropped`, `{"type":"object"}`},
		{"draft 3 required", "{type: object, properties: {a: {type: string, required: true}, b: {required: false}}}",
			"/components/schemas/S/properties/a/required: required: true on a property (JSON Schema draft 3); taken as listed in the object's required\n" +
				"/components/schemas/S/properties/b/required: required: false on a property (JSON Schema draft 3); dropped",
			`{"type":"object","properties":{"a":{"type":"string"},"b":{}},"required":["a"]}`},
		{"paths array", "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: [{/a: {}}]\n",
			"/paths: must be an object, not an array; taken as empty", `{"openapi":"3.0.3","info":{"title":"t","version":"1"},"paths":{}}`},
		{"info string", "openapi: 3.0.3\ninfo: t\npaths: {}\n",
			`/info: must be an object, not a string ("t"); taken as {title: "t"}`, `{"openapi":"3.0.3","info":{"title":"t"},"paths":{}}`},
		{"info array", "openapi: 3.0.3\ninfo: [t]\npaths: {}\n",
			`/info: must be an object, not an array; taken as empty`, `{"openapi":"3.0.3","info":{},"paths":{}}`},
		{"response string", "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {/a: {get: {responses: {'200': OK}}}}\n",
			`/paths/~1a/get/responses/200: must be an object, not a string ("OK"); taken as {description: "OK"}`,
			`{"openapi":"3.0.3","info":{"title":"t","version":"1"},"paths":{"/a":{"get":{"responses":{"200":{"description":"OK"}}}}}}`},
		{"responses list", "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {/a: {get: {responses: [{'200': {description: ok}}]}}}\n",
			`/paths/~1a/get/responses: must be an object, not an array; taken as empty`,
			`{"openapi":"3.0.3","info":{"title":"t","version":"1"},"paths":{"/a":{"get":{"responses":{}}}}}`},
		{"servers string", "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\nservers: https://api.example\n",
			"/servers: must be an array, not a string (\"https://api.example\"); taken as [\"https://api.example\"]\n" +
				"/servers/0: must be an object, not a string (\"https://api.example\"); taken as {url: \"https://api.example\"}",
			`{"openapi":"3.0.3","info":{"title":"t","version":"1"},"paths":{},"servers":[{"url":"https://api.example"}]}`},
		{"parameter string", "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {/a: {get: {parameters: [q], responses: {}}}}\n",
			`/paths/~1a/get/parameters/0: must be an object, not a string ("q"); dropped`,
			`{"openapi":"3.0.3","info":{"title":"t","version":"1"},"paths":{"/a":{"get":{"parameters":[],"responses":{}}}}}`},
		{"example value", "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {/a: {get: {parameters: [{name: q, in: query, examples: {one: 1, two: ~}}], responses: {}}}}\n",
			"/paths/~1a/get/parameters/0/examples/one: must be an object, not a number (1); taken as {value: …}\n" +
				"/paths/~1a/get/parameters/0/examples/two: must be an object, not null; dropped",
			`{"openapi":"3.0.3","info":{"title":"t","version":"1"},"paths":{"/a":{"get":{"parameters":[{"name":"q","in":"query","examples":{"one":{"value":1}}}],"responses":{}}}}}`},
		{"schema examples object", "{examples: {one: {value: 1}}}",
			"/components/schemas/S/examples: must be an array, not an object; dropped", `{}`},
		{"responses extension", "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {/a: {get: {responses: {x-note: text, '200': {description: ok}}}}}\n",
			"", `{"openapi":"3.0.3","info":{"title":"t","version":"1"},"paths":{"/a":{"get":{"responses":{"x-note":"text","200":{"description":"ok"}}}}}}`},
		{"schema ref to a parameter", "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {/a: {get: {parameters: [{name: q, in: query, schema: {type: integer}}], responses: {'200': {description: ok, content: {application/json: {schema: {$ref: '#/paths/~1a/get/parameters/0'}}}}}}}}\n",
			`/paths/~1a/get/responses/200/content/application~1json/schema: $ref "#/paths/~1a/get/parameters/0" is to a parameter, not a schema; it stands for the parameter's schema (#/paths/~1a/get/parameters/0/schema)`, ""},
		{"schema ref to a response", "{$ref: '#/components/responses/R'}\n  responses:\n    R: {description: r, content: {text/plain: {schema: {type: string}}}}",
			// The references' repair (refs.go) runs first: raw JSON.
			`/components/schemas/S: $ref "#/components/responses/R" is to a response, not a schema; its values are kept as raw JSON`,
			`{"x-orygen-dangling-ref":"#/components/responses/R","x-orygen-raw":true}`},
		{"response ref to a schema", "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {/a: {get: {responses: {'400': {$ref: '#/components/schemas/Bad'}}}}}\ncomponents: {schemas: {Bad: {description: bad}}}\n",
			`/paths/~1a/get/responses/400: $ref "#/components/schemas/Bad" is to a schema, not a response; the response is left out`,
			`{"openapi":"3.0.3","info":{"title":"t","version":"1"},"paths":{"/a":{"get":{"responses":{}}}},"components":{"schemas":{"Bad":{"description":"bad"}}}}`},
		{"parameter required no", "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {/a: {get: {parameters: [{name: q, in: query, required: 'no'}], responses: {}}}}\n",
			`/paths/~1a/get/parameters/0/required: must be true or false, not a string ("no"); taken as false`,
			`{"openapi":"3.0.3","info":{"title":"t","version":"1"},"paths":{"/a":{"get":{"parameters":[{"name":"q","in":"query","required":false}],"responses":{}}}}}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			doc := tc.doc
			if !strings.HasPrefix(doc, "openapi") {
				doc = head + "components:\n  schemas:\n    S: " + doc + "\n"
			}
			warns, tree := checkRepaired(t, doc)
			if got := strings.Join(warns, "\n"); got != tc.warn {
				t.Errorf("warnings:\n%s\nwant:\n%s", got, tc.warn)
			}
			if tc.want == "" {
				return
			}
			var got any
			if err := json.Unmarshal([]byte(tree), &got); err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(tc.doc, "openapi") {
				got = got.(map[string]any)["components"].(map[string]any)["schemas"].(map[string]any)["S"]
			}
			g, _ := json.Marshal(got)
			var w any
			if err := json.Unmarshal([]byte(tc.want), &w); err != nil {
				t.Fatal(err)
			}
			wb, _ := json.Marshal(w)
			if string(g) != string(wb) {
				t.Errorf("repaired:\n  %s\nwant:\n  %s", g, wb)
			}
			// What a repair leaves passes the checks without a warning.
			if again, _ := checkRepaired(t, tree); len(again) != 0 {
				t.Errorf("the repaired document warns again: %v", again)
			}
		})
	}
}

// TestRepairsReachKin: the repaired tree is what kin-openapi's model is
// made of, also for YAML with aliases (which, unrepaired, kin-openapi
// reads itself), and under -strict the first repair is the error.
func TestRepairsReachKin(t *testing.T) {
	for name, doc := range map[string]string{
		"plain.yaml": "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    S: {type: string, pattern: 123}\n",
		"alias.yaml": "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    S: &s {type: string, pattern: 123}\n    T: *s\n",
		"doc.json":   `{"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {}, "components": {"schemas": {"S": {"type": "string", "pattern": 123}}}}`,
	} {
		p := writeSpec(t, name, doc)
		s, err := Load(p, Options{})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if got := s.Doc.Components.Schemas["S"].Value.Pattern; got != "123" {
			t.Errorf("%s: pattern %q", name, got)
		}
		want := p + `#/components/schemas/S/pattern: must be a string, not a number (123); taken as the string "123"`
		if len(s.Warnings) == 0 || s.Warnings[0].String() != want {
			t.Errorf("%s: warnings %v", name, s.Warnings)
		}
		if _, err := Load(p, Options{Strict: true}); err == nil || err.Error() != want {
			t.Errorf("%s: strict: %v", name, err)
		}
	}
}

// TestRepairsDocumented: README's table of repairs has every rule.
func TestRepairsDocumented(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range append(repairs, repair{doc: liftRequiredDoc}, repair{doc: wrongKindRefDoc}) {
		if !strings.Contains(string(readme), "| "+r.doc+" |") {
			t.Errorf("README.md lacks the repair %q", r.doc)
		}
	}
}

// FuzzRepair: for any JSON document, checking never panics, and the
// document it repairs passes the checks again without a warning.
func FuzzRepair(f *testing.F) {
	head := `{"openapi":"3.1.0","info":{"title":"t","version":"1"},`
	for _, s := range []string{
		head + `"paths":[1]}`,
		head + `"paths":{"/a":{"get":{"parameters":["q",null,{"name":"q","in":"query","required":"yes","schema":"string"}],"responses":[1]}}}}`,
		head + `"paths":{},"components":{"schemas":{"S":{"type":[1,null,"string"],"properties":{"a":null,"b":"S","c":{"required":true}},"required":"a","oneOf":[null,5,{"allOf":{"$ref":"#/components/schemas/S"}}],"items":[{}],"pattern":1e3,"minLength":-0.5,"nullable":"x","discriminator":7}}}}`,
		head + `"security":[{"a":null}],"servers":"x","tags":[null,"t"],"info":null}`,
		head + `"paths":{"/a":{"get":{"responses":{"200":"OK","201":5,"202":null}}}},"externalDocs":3}`,
		head + `"paths":{"/a":{"get":{"parameters":[{"name":"q","in":"query","schema":{"type":"integer"}}],"responses":{"200":{"description":"ok","content":{"a/b":{"schema":{"$ref":"#/paths/~1a/get/parameters/0"}}}},"400":{"$ref":"#/components/schemas/S"}}}}},"components":{"schemas":{"S":{"description":"x","items":["S"]}}}}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 16<<10 {
			return
		}
		root, err := parseJSON(data)
		if err != nil || root.kind != kObject || isSwagger2(root) {
			return
		}
		c := newChecker("fuzz.json", root)
		c.lenient.on = true
		if c.run() != nil || len(c.files) > 1 {
			return
		}
		again, err := parseJSON(nodeJSON(root))
		if err != nil {
			t.Fatalf("the repaired tree does not parse: %v", err)
		}
		c2 := newChecker("fuzz.json", again)
		c2.lenient.on = true
		if d := c2.run(); d != nil {
			t.Fatalf("the repaired tree fails: %s", d)
		}
		if len(c2.lenient.warnings) > 0 {
			t.Fatalf("the repaired tree warns: %v", c2.lenient.warnings)
		}
	})
}
