package loader

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

func TestPointerOf(t *testing.T) {
	for _, tc := range []struct{ msg, want string }{
		{`invalid paths: invalid path /pets/{id}: invalid operation GET: parameter can't have 'in' value "body"`, "/paths/~1pets~1{id}/get"},
		{`invalid components: schema "a/b~c": found unresolved ref: "#/components/schemas/X"`, "/components/schemas/a~1b~0c"},
		{`invalid info: value of version must be a non-empty string`, "/info"},
		{`error resolving reference "#/components/schemas/Foo": map key "Foo" not found`, "/components/schemas/Foo"},
		{`operation GET /pets/{id} must define exactly all path parameters (missing: [id])`, "/paths/~1pets~1{id}/get"},
		{`invalid paths: operation DELETE /a/b must define exactly all path parameters (missing: [x])`, "/paths/~1a~1b/delete"},
		{`path "pets" does not start with a forward slash (/)`, "/paths/pets"},
		{`security requirement /paths/~1a/get/security/0/key refers to undefined security scheme "key"`, "/paths/~1a/get/security/0/key"},
		{`failed to unmarshal data: json error: unexpected end of JSON input`, ""},
		{``, ""},
	} {
		if got := pointerOf(tc.msg); got != tc.want {
			t.Errorf("pointerOf(%q) = %q, want %q", tc.msg, got, tc.want)
		}
	}
}

func TestEscape(t *testing.T) {
	for in, want := range map[string]string{"": "", "a": "a", "/a/b": "~1a~1b", "~1": "~01", "a~/": "a~0~1"} {
		if got := Escape(in); got != want {
			t.Errorf("Escape(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestDiagnosticString(t *testing.T) {
	for _, tc := range []struct {
		d    Diagnostic
		want string
	}{
		{Diagnostic{File: "a.yaml", Message: "spec is empty"}, "a.yaml: spec is empty"},
		{Diagnostic{File: "a.yaml", Line: 3, Message: "invalid YAML: x"}, "a.yaml:3: invalid YAML: x"},
		{Diagnostic{File: "a.yaml", Pointer: "/paths/~1a", Message: "m"}, "a.yaml#/paths/~1a: m"},
		{Diagnostic{File: "a.yaml", Pointer: "/paths/a\nb", Message: "operation x\ny"}, `a.yaml#/paths/a\nb: operation x\ny`},
	} {
		if got := tc.d.String(); got != tc.want {
			t.Errorf("%#v.String() = %q, want %q", tc.d, got, tc.want)
		}
	}
}

// writeSpec writes a spec into a temporary directory and returns its path.
func writeSpec(t *testing.T, name, text string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// warnSpec loads with a validation finding that does not stop code
// generation: an empty info.version.
const warnSpec = `openapi: 3.0.3
info: {title: t, version: ""}
paths:
  /pets:
    get:
      operationId: listPets
      responses:
        200: {description: ok}
`

func TestValidationWarningsLenient(t *testing.T) {
	p := writeSpec(t, "spec.yaml", warnSpec)
	s, err := Load(p, Options{})
	if err != nil {
		t.Fatalf("lenient load failed: %v", err)
	}
	want := []Diagnostic{
		{File: p, Pointer: "/info", Message: "value of version must be a non-empty string"},
	}
	if len(s.Warnings) != len(want) {
		t.Fatalf("warnings:\n%v\nwant:\n%v", s.Warnings, want)
	}
	for i := range want {
		if s.Warnings[i] != want[i] {
			t.Errorf("warning %d = %#v, want %#v", i, s.Warnings[i], want[i])
		}
	}
}

func TestValidationWarningsStrict(t *testing.T) {
	p := writeSpec(t, "spec.yaml", warnSpec)
	_, err := Load(p, Options{Strict: true})
	var le *Error
	if !errors.As(err, &le) {
		t.Fatalf("strict load: err = %v, want a *loader.Error", err)
	}
	if want := p + "#/info: value of version must be a non-empty string"; err.Error() != want {
		t.Errorf("strict load: %q, want %q", err, want)
	}
	clean := writeSpec(t, "clean.yaml", strings.Replace(strings.Replace(warnSpec, `version: ""`, `version: "1"`, 1), "  pets:", "  /pets:", 1))
	s, err := Load(clean, Options{Strict: true})
	if err != nil {
		t.Fatalf("strict load of a clean spec: %v", err)
	}
	if len(s.Warnings) != 0 {
		t.Errorf("clean spec has warnings: %v", s.Warnings)
	}
}

// TestLoadErrors covers what the checker reports that the negative corpus
// in specs/negative does not: YAML features that must keep working, and
// refs that must not be read.
func TestLoadErrors(t *testing.T) {
	const head = "openapi: 3.0.3\ninfo: {title: t, version: \"1\"}\n"
	for _, tc := range []struct {
		name, text string
		want       string // "" = loads; else the error after the file name (strict, for a $ref that lenient loading repairs)
	}{
		{"merge key", head + "paths: {}\ncomponents:\n  schemas:\n    Base: &base {type: object, properties: {a: {type: string}}}\n    Derived:\n      <<: *base\n      description: d\n", ""},
		{"integer response code", head + "paths:\n  /a:\n    get:\n      responses:\n        200: {description: ok}\n", ""},
		{"json duplicate key", "{\"openapi\": \"3.0.3\", \"info\": {\"title\": \"t\", \"version\": \"1\"},\n\"paths\": [], \"paths\": {}}", `:2: invalid JSON: key "paths" is defined twice`},
		{"3.1 boolean schema", "openapi: 3.1.0\ninfo: {title: t, version: \"1\"}\npaths: {}\ncomponents:\n  schemas:\n    Any: true\n", ""},

		{"ref to a directory", head + "paths: {}\ncomponents:\n  schemas:\n    A: {$ref: '.'}\n", ""}, // checked below
		{"fragment not a pointer", head + "paths: {}\ncomponents:\n  schemas:\n    A: {$ref: '#A'}\n",
			`#/components/schemas/A: $ref "#A" does not resolve: the fragment "A" is not a JSON pointer`},
		{"ref into an array", head + "paths:\n  /a:\n    get:\n      parameters:\n        - {name: a, in: query, schema: {type: string}}\n        - $ref: '#/paths/~1a/get/parameters/5'\n      responses: {}\n",
			`#/paths/~1a/get/parameters/1: $ref "#/paths/~1a/get/parameters/5" does not resolve: #/paths/~1a/get/parameters has no element "5"`},
		{"ref through a scalar", head + "paths: {}\ncomponents:\n  schemas:\n    A: {$ref: '#/info/title/x'}\n",
			`#/components/schemas/A: $ref "#/info/title/x" does not resolve: #/info/title is a string, which has no "x"`},
		{"parameter without in", head + "paths: {}\ncomponents:\n  parameters:\n    p: {name: p, schema: {type: string}}\n",
			`#/components/parameters/p: parameter "p" has no "in" (path, query, header or cookie)`},
		{"openapi is an object", "openapi: {version: 3}\ninfo: {title: t, version: \"1\"}\npaths: {}\n",
			`#/openapi: must be a version string such as "3.0.3", not an object`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := writeSpec(t, "spec.yaml", tc.text)
			// Lenient loading repairs these; they are errors with -strict.
			repaired := strings.Contains(tc.want, "does not resolve") || strings.Contains(tc.want, `has no "in"`)
			_, err := Load(p, Options{Strict: repaired})
			switch {
			case tc.name == "ref to a directory":
				want := p + `#/components/schemas/A: $ref "." does not resolve: cannot read ` + filepath.Dir(p) + ": is a directory"
				if err == nil || err.Error() != want {
					t.Errorf("err = %v\nwant %s", err, want)
				}
			case tc.want == "" && err != nil:
				t.Errorf("unexpected error: %v", err)
			case tc.want != "" && (err == nil || err.Error() != p+tc.want):
				t.Errorf("err = %v\nwant %s", err, p+tc.want)
			}
		})
	}
}

func TestRefToDevice(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no /dev/zero")
	}
	p := writeSpec(t, "spec.yaml", "openapi: 3.0.3\ninfo: {title: t, version: \"1\"}\npaths: {}\ncomponents:\n  schemas:\n    A: {$ref: '/dev/zero'}\n")
	_, err := Load(p, Options{})
	want := p + `#/components/schemas/A: $ref "/dev/zero" does not resolve: cannot read /dev/zero: ` + outsideMsg
	if err == nil || err.Error() != want {
		t.Errorf("err = %v\nwant %s", err, want)
	}
	// Allowed by its folder, it is still not a regular file.
	_, err = Load(p, Options{AllowRoots: []string{"/dev"}})
	want = p + `#/components/schemas/A: $ref "/dev/zero" does not resolve: cannot read /dev/zero: not a regular file`
	if err == nil || err.Error() != want {
		t.Errorf("err = %v\nwant %s", err, want)
	}
}

// TestParseSyntaxLines: a file that does not parse is reported with the
// line of the problem, in the syntax the file is written in.
func TestParseSyntaxLines(t *testing.T) {
	for _, tc := range []struct{ name, text, want string }{
		{"a.json", "{\n  \"openapi\": \"3.0.3\",\n  \"info\": {\"title\": \"t\" \"version\": \"1\"}\n}\n", `:3: invalid JSON: invalid character '"' after object key:value pair`},
		{"a.yaml", "openapi: 3.0.3\ninfo:\n  title: t\n  - version\n", ":2: invalid YAML: did not find expected key"},
		{"a.yaml", "openapi: 3.0.3\ninfo: {title: t}\ninfo: {title: u}\n", `:3: invalid YAML: mapping key "info" is defined twice`},
	} {
		p := writeSpec(t, tc.name, tc.text)
		_, err := Load(p, Options{})
		if err == nil || err.Error() != p+tc.want {
			t.Errorf("%q: err = %v\nwant %s", tc.text, err, p+tc.want)
		}
	}
}
