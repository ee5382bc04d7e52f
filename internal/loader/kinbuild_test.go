package loader

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// TestBuildDocMatchesKin: for every spec in the repository (and Ory's, if
// they are there), the model buildDoc makes from the tree is the one
// kin-openapi's loader makes from the same document, $refs resolved,
// errors included: from its text for JSON and plain YAML, and for other
// YAML from the JSON the loader writes for kin-openapi when it patches
// one.
func TestBuildDocMatchesKin(t *testing.T) {
	var files []string
	for _, dir := range []string{"../../specs", "../../testdata", "../../../shared/specs/ory"} {
		_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return nil
			}
			if ext := filepath.Ext(p); ext == ".json" || ext == ".yaml" || ext == ".yml" {
				if !strings.Contains(p, "/golden/") {
					files = append(files, p)
				}
			}
			return nil
		})
	}
	built, fellBack := 0, 0
	for _, p := range files {
		data, err := os.ReadFile(p)
		if err != nil || len(data) > 8<<20 {
			continue
		}
		switch compareWithKin(t, p, data) {
		case "built":
			built++
		case "fell back":
			fellBack++
		}
	}
	t.Logf("%d documents built and compared, %d left to kin-openapi", built, fellBack)
	if built == 0 {
		t.Fatal("no document built")
	}
}

// compareWithKin builds the document at p both ways and reports a
// difference; it says whether buildDoc built it ("built"), left it to
// kin-openapi ("fell back") or the document is not one to compare ("").
func compareWithKin(t *testing.T, p string, data []byte) string {
	t.Helper()
	root, src, err := parseDocumentAs(p, data)
	if err != nil || root.kind != kObject || isSwagger2(root) {
		return ""
	}
	if src != fromJSONText && treeSize(root, 1e6) >= 1e6 {
		return "" // a YAML alias bomb, which the loader refuses
	}
	if src == fromYAML {
		// kin-openapi reads such YAML itself, unless the loader patched
		// it: compare with the JSON the loader then writes.
		data = nodeJSON(root)
	}
	g := newGuard(p, Options{AllowRoots: []string{"../.."}})
	want, werr := loadSafely(newKinLoader(g.readURI), p, data)
	got, gerr := buildDoc(newKinLoader(g.readURI), p, root, src == fromJSONText)
	if errors.Is(gerr, errNotBuilt) {
		return "fell back"
	}
	if (werr == nil) != (gerr == nil) || (werr != nil && werr.Error() != gerr.Error()) {
		t.Errorf("%s: kin-openapi: %v; built: %v", p, werr, gerr)
	} else if werr == nil && !reflect.DeepEqual(want, got) {
		t.Errorf("%s: the built model differs from kin-openapi's", p)
	}
	return "built"
}

// TestBuildDocMatchesKinOnOddInput: documents nobody here wrote may hold
// what ours do not. kin-openapi decodes paths and responses through
// map[string]any, so an integer beyond 2^53 there is rounded (or, past
// uint64's range after rounding, refused); nulls, $ref siblings, boolean
// schemas and keys differing only in case must come out the same too.
func TestBuildDocMatchesKinOnOddInput(t *testing.T) {
	head := `{"openapi":"3.0.3","info":{"title":"t","version":"1"},`
	docs := map[string]string{
		"big maxLength in a parameter": head + `"paths":{"/a":{"get":{"parameters":[{"name":"q","in":"query","schema":{"type":"string","maxLength":9007199254740993}}],"responses":{"200":{"description":"ok"}}}}}}`,
		"max uint64 in a response":     head + `"paths":{"/a":{"get":{"responses":{"200":{"description":"ok","content":{"application/json":{"schema":{"type":"array","maxItems":18446744073709551615}}}}}}}}}`,
		"big maxLength in components":  head + `"paths":{},"components":{"schemas":{"S":{"type":"string","maxLength":9007199254740993}}}}`,
		"nulls":                        head + `"paths":{"/a":{"get":{"description":null,"responses":{"200":{"description":"ok"}}}}},"components":{"schemas":{"S":{"type":"object","default":null,"example":null}}}}`,
		"ref siblings and booleans":    head + `"paths":{},"components":{"schemas":{"A":{"type":"object","additionalProperties":true},"B":{"$ref":"#/components/schemas/A","description":"x"},"C":{"type":"object","properties":{"x":true}}}}}`,
		"keys differing in case":       head + `"paths":{},"components":{"schemas":{"S":{"type":"object","properties":{"id":{"type":"string"},"ID":{"type":"integer"}},"Type":"x"}}}}`,
		"big numbers in examples":      head + `"paths":{"/a":{"get":{"parameters":[{"name":"q","in":"query","example":123456789012345678901234567890,"schema":{"type":"integer","minimum":-9007199254740993,"maximum":1e400}}],"responses":{"200":{"description":"ok"}}}}}}`,
	}
	for name, doc := range docs {
		t.Run(name, func(t *testing.T) {
			compareWithKin(t, "odd.json", []byte(doc))
		})
	}
}

// FuzzBuildDocMatchesKin: for any JSON document, buildDoc builds what
// kin-openapi's loader builds, fails as it fails, or leaves the document
// to it. (Both read $refs through the guard, which follows no remote one.)
func FuzzBuildDocMatchesKin(f *testing.F) {
	head := `{"openapi":"3.0.3","info":{"title":"t","version":"1"},`
	for _, s := range []string{
		head + `"paths":{}}`,
		head + `"paths":{"/a/{id}":{"parameters":[{"name":"id","in":"path","required":true,"schema":{"type":"string"}}],"get":{"responses":{"200":{"description":"ok","content":{"application/json":{"schema":{"$ref":"#/components/schemas/S"}}}}}}}},"components":{"schemas":{"S":{"type":"object","properties":{"a":{"type":"integer","maximum":9007199254740993},"b":{"oneOf":[{"type":"string"},{"type":"number"}]}}}}}}`,
		head + `"paths":{"/a":{"post":{"requestBody":{"content":{"application/json":{"schema":{"type":"array","items":{"$ref":"#/components/schemas/S"}}}}},"responses":{"default":{"$ref":"#/components/responses/E"}}}}},"components":{"schemas":{"S":{"allOf":[{"$ref":"#/components/schemas/T"}],"nullable":true},"T":{"type":"object","additionalProperties":{"type":"string"}}},"responses":{"E":{"description":"e"}}}}`,
		head + `"paths":{"/a":{"get":{"description":null,"responses":{"200":{"description":"ok","headers":{"Link":{"schema":{"type":"string"}}}}}}}},"components":{"schemas":{"S":{"type":"object","default":null,"example":{"x":[1,2.5e300,-0]}}}}}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 16<<10 {
			return
		}
		compareWithKin(t, "fuzz.json", data)
	})
}

// FuzzBuildDocMatchesKinYAML: for any YAML document the loader builds
// from its tree (plain keys and scalars, passing the checks, not
// patched), buildDoc builds what kin-openapi's loader builds from the
// YAML text, fails as it fails, or leaves the document to it.
func FuzzBuildDocMatchesKinYAML(f *testing.F) {
	head := "openapi: 3.0.3\ninfo: {title: t, version: '1'}\n"
	for _, s := range []string{
		head + "paths: {}\n",
		head + "paths:\n  /a:\n    get:\n      parameters:\n        - {name: q, in: query, schema: {type: integer, maximum: 0x1F, minimum: -1_000}}\n      responses:\n        '200': {description: ok}\n",
		head + "paths: {}\ncomponents:\n  schemas:\n    S:\n      type: object\n      properties:\n        a: &a {type: string, enum: [yes, no, on, off, ~, 2001-12-14]}\n        b: *a\n        c: {<<: *a, format: date}\n",
		head + "paths: {}\ncomponents:\n  schemas:\n    S: {type: number, maximum: .inf, default: 1e3, example: 0o17}\n    T: {type: string, description: |\n        two\n        lines\n      }\n",
		head + "paths: {}\ncomponents:\n  schemas:\n    S: {type: object, properties: {1: {type: string}, !!str 2: {type: string}, 'id': {type: string}, ID: {type: integer}}}\n",
		"openapi: 3.A\n&000000000:\n00000000:0000: #0\n", // a null key, which kin-openapi refuses
		"openapi: 3.A\nA:000000: {A: .inf}",              // an infinity, which kin-openapi refuses
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 16<<10 {
			return
		}
		root, src, err := parseDocumentAs("fuzz.yaml", data)
		if err != nil || src != fromPlainYAML || root.kind != kObject || isSwagger2(root) || treeSize(root, 1e5) >= 1e5 {
			return
		}
		// As Load does: what its checks refuse or patch never gets here.
		c := newChecker("fuzz.yaml", root)
		c.lenient.on = true
		if c.run() != nil || c.collapseAliases() || c.lenient.patched[c.root] {
			return
		}
		g := newGuard("fuzz.yaml", Options{AllowRoots: []string{"../.."}})
		want, werr := loadSafely(newKinLoader(g.readURI), "fuzz.yaml", data)
		got, gerr := buildDoc(newKinLoader(g.readURI), "fuzz.yaml", root, false)
		if errors.Is(gerr, errNotBuilt) {
			return
		}
		if (werr == nil) != (gerr == nil) || (werr != nil && werr.Error() != gerr.Error()) {
			t.Errorf("kin-openapi: %v; built: %v", werr, gerr)
		} else if werr == nil && !reflect.DeepEqual(want, got) {
			t.Errorf("the built model differs from kin-openapi's")
		}
	})
}

// TestYAMLAliasesGoToKin: YAML with aliases is read by kin-openapi, whose
// limits refuse an alias bomb; the tree, which shares an alias's node,
// would be copied out into kin-openapi's model exponentially.
func TestYAMLAliasesGoToKin(t *testing.T) {
	data, err := os.ReadFile("../../specs/negative/yaml-alias-bomb.yaml")
	if err != nil {
		t.Fatal(err)
	}
	// Refused by the bytes it stands for, at its line, before anything
	// (orygen's tree or kin-openapi) expands it.
	if _, _, err := parseDocumentAs("bomb.yaml", data); err == nil || !strings.Contains(err.Error(), "aliasing") {
		t.Fatalf("err %v", err)
	}
	_, err = Load("../../specs/negative/yaml-alias-bomb.yaml", Options{})
	var le *Error
	if !errors.As(err, &le) || le.Line == 0 || !strings.Contains(err.Error(), "aliasing") {
		t.Fatalf("err %v", err)
	}
	if _, src, _ := parseDocumentAs("a.yaml", []byte("openapi: 3.0.3\nx-a: &a {b: 1}\nx-c: *a\n")); src != fromYAML {
		t.Errorf("a document with an alias is %v", src)
	}
	if _, src, _ := parseDocumentAs("a.yaml", []byte("openapi: 3.0.3\nx-a: {b: 1}\n")); src != fromPlainYAML {
		t.Errorf("a plain document is %v", src)
	}
}

// TestPatchedAliasBombRefused: a YAML alias bomb that lenient loading
// patches (here for a dangling $ref) is refused, not written out for
// kin-openapi until memory runs out.
func TestPatchedAliasBombRefused(t *testing.T) {
	bomb, err := os.ReadFile("../../specs/negative/yaml-alias-bomb.yaml")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	p := filepath.Join(dir, "bomb.yaml")
	doc := string(bomb) + "components:\n  schemas:\n    S: {$ref: '#/components/schemas/Missing'}\n"
	if err := os.WriteFile(p, []byte(doc), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = Load(p, Options{})
	if err == nil || !strings.Contains(err.Error(), "excessive aliasing") {
		t.Fatalf("err %v", err)
	}
}
