package loader

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// overlayResult applies overlay texts to a spec text and returns the
// document as JSON and the warnings, each as a string.
func overlayResult(t *testing.T, spec string, overlays ...string) (string, []string, error) {
	t.Helper()
	dir := t.TempDir()
	var paths []string
	for i, o := range overlays {
		p := filepath.Join(dir, "o"+string(rune('1'+i))+".yaml")
		if err := os.WriteFile(p, []byte(o), 0o644); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	root, err := parseDocument("spec.yaml", []byte(spec))
	if err != nil {
		t.Fatal(err)
	}
	out, warns, err := applyOverlays(root, paths, Options{})
	var ws []string
	for _, w := range warns {
		ws = append(ws, strings.TrimPrefix(w.String(), dir+string(filepath.Separator)))
	}
	if err != nil {
		return "", ws, err
	}
	return string(out), ws, nil
}

const overlaySpec = `
openapi: 3.0.3
info: {title: t, version: "1"}
paths: {}
components:
  schemas:
    Flow:
      type: object
      required: [id]
      properties:
        state: {description: raw}
        id: {type: string}
        big: {type: integer, enum: [9007199254740993, 0x1F]}
    Other: {type: string}
`

func TestOverlayApply(t *testing.T) {
	for _, tc := range []struct {
		name, overlay, want string
		warns               []string
	}{
		{"merge keeps order, new keys last", `
overlay: 1.0.0
info: {title: o, version: "1"}
actions:
  - target: $.components.schemas.Flow.properties.state
    update: {type: string, enum: [a, b], description: typed}
`, `"state":{"description":"typed","type":"string","enum":["a","b"]}`, nil},
		{"arrays append", `
overlay: 1.0.0
info: {title: o, version: "1"}
actions:
  - target: $.components.schemas.Flow
    update: {required: [state]}
  - target: $.components.schemas.Flow.required
    update: big
`, `"required":["id","state","big"]`, nil},
		{"remove, and numbers kept exact", `
overlay: 1.0.0
info: {title: o, version: "1"}
actions:
  - target: $.components.schemas.Flow.properties.id
    remove: true
  - target: $.components.schemas.Flow.required[?@ == 'id']
    remove: true
`, `"required":[],"properties":{"state":{"description":"raw"},"big":{"type":"integer","enum":[9007199254740993,31]}}`, nil},
		{"filters and several matches", `
overlay: 1.0.0
info: {title: o, version: "1"}
actions:
  - target: $.components.schemas[?@.type == 'string']
    update: {x-seen: true}
`, `"Other":{"type":"string","x-seen":true}`, nil},
		{"a target that matches nothing is a warning", `
overlay: 1.0.0
info: {title: o, version: "1"}
actions:
  - target: $.components.schemas.Flow
    update: {x-a: 1}
  - target: $.components.schemas.Nope
    update: {x-b: 1}
`, `"x-a":1`, []string{"o1.yaml#/actions/1: target matches nothing"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, warns, err := overlayResult(t, overlaySpec, tc.overlay)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(got, tc.want) {
				t.Errorf("result lacks %s:\n%s", tc.want, got)
			}
			if strings.Join(warns, "\n") != strings.Join(tc.warns, "\n") {
				t.Errorf("warnings %q, want %q", warns, tc.warns)
			}
		})
	}
}

func TestOverlayOrder(t *testing.T) {
	// The second overlay sees what the first made.
	got, _, err := overlayResult(t, overlaySpec, `
overlay: 1.0.0
info: {title: o, version: "1"}
actions:
  - target: $.components.schemas
    update: {Added: {type: object}}
`, `
overlay: 1.0.0
info: {title: o, version: "1"}
actions:
  - target: $.components.schemas.Added
    update: {type: string}
`)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(got, `"Other":{"type":"string"},"Added":{"type":"string"}`) {
		t.Errorf("overlays not applied in order:\n%s", got)
	}
}

func TestOverlayErrors(t *testing.T) {
	head := "overlay: 1.0.0\ninfo: {title: o, version: \"1\"}\n"
	for _, tc := range []struct{ overlay, want string }{
		{"info: {}\nactions: []\n", `o1.yaml: not an overlay (no "overlay" field)`},
		{"overlay: 2.0.0\ninfo: {}\nactions: []\n", `o1.yaml#/overlay: overlay version a string ("2.0.0") is not supported (1.0.x is)`},
		{head, "o1.yaml#/actions: an overlay needs a list of actions"},
		{head + "actions:\n  - target: $.a\n", "o1.yaml#/actions/0: an action needs an update or remove: true"},
		{head + "actions:\n  - {target: $.paths, updates: {}}\n", `o1.yaml#/actions/0/updates: unknown action field "updates"`},
		{head + "actions:\n  - {target: 'paths', update: {}}\n", "o1.yaml#/actions/0/target: invalid JSONPath"},
		{head + "actions:\n  - {target: $.paths, update: {}}\n  - {target: $.info.title, update: {a: 1}}\n", "o1.yaml#/actions/1: target $.info.title selects a string at /info/title: an update needs an object or an array"},
		{head + "actions:\n  - {target: $, remove: true}\n", "o1.yaml#/actions/0: target $ selects the whole document"},
		{head + "actions:\n  - {target: $.paths, update: [1]}\n", "o1.yaml#/actions/0: target $.paths selects an object (at /paths): update must be an object, not an array"},
		{head + "actions: [\n", "o1.yaml:3: invalid YAML"},
	} {
		_, _, err := overlayResult(t, overlaySpec, tc.overlay)
		if err == nil {
			t.Errorf("%q: no error, want %s", tc.overlay, tc.want)
			continue
		}
		msg := err.Error()
		if i := strings.Index(msg, "o1.yaml"); i >= 0 {
			msg = msg[i:]
		}
		if !strings.HasPrefix(msg, tc.want) {
			t.Errorf("%q:\n got %s\nwant %s", tc.overlay, msg, tc.want)
		}
	}
}

// TestLoadWithOverlay: the overlaid document goes through the loader, its
// warnings located in the spec, the overlay's in the overlay; strict turns
// an overlay's warning into the error.
func TestLoadWithOverlay(t *testing.T) {
	spec := writeSpec(t, "spec.yaml", overlaySpec)
	ov := filepath.Join(t.TempDir(), "fix.yaml")
	os.WriteFile(ov, []byte(`
overlay: 1.0.0
info: {title: o, version: "1"}
actions:
  - target: $.components.schemas.Flow.properties.state
    update: {$ref: '#/components/schemas/Other'}
  - target: $.nothing
    remove: true
`), 0o644)
	s, err := Load(spec, Options{Overlays: []string{ov}})
	if err != nil {
		t.Fatal(err)
	}
	if got := s.Doc.Components.Schemas["Flow"].Value.Properties["state"].Ref; got != "#/components/schemas/Other" {
		t.Errorf("state's $ref = %q", got)
	}
	if lit, ok := s.NumberLiteral("/components/schemas/Flow/properties/big/enum/0"); !ok || lit != "9007199254740993" {
		t.Errorf("NumberLiteral = %q, %v", lit, ok)
	}
	if len(s.Warnings) != 1 || s.Warnings[0].String() != ov+"#/actions/1: target matches nothing" {
		t.Errorf("warnings: %v", s.Warnings)
	}
	_, err = Load(spec, Options{Overlays: []string{ov}, Strict: true})
	if err == nil || err.Error() != ov+"#/actions/1: target matches nothing" {
		t.Errorf("strict: %v", err)
	}
	// An overlay that breaks the spec: the loader's checks still apply.
	os.WriteFile(ov, []byte(`
overlay: 1.0.0
info: {title: o, version: "1"}
actions:
  - target: $.components.schemas.Flow.properties.state
    update: {$ref: '#/components/schemas/Missing'}
`), 0o644)
	if _, err := Load(spec, Options{Overlays: []string{ov}, Strict: true}); err == nil || !strings.Contains(err.Error(), spec+"#/components/schemas/Flow/properties/state") {
		t.Errorf("broken ref: %v", err)
	}
	if _, err := Load(spec, Options{Overlays: []string{filepath.Join(t.TempDir(), "none.yaml")}}); err == nil || !strings.Contains(err.Error(), "cannot read overlay") {
		t.Errorf("missing overlay: %v", err)
	}
}

// TestOverlayAliasBomb: a YAML spec whose aliases multiply it is refused
// when an overlay would expand it, not built in memory.
func TestOverlayAliasBomb(t *testing.T) {
	var b strings.Builder
	b.WriteString("openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\nx-a0: &a0 [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]\n")
	for i := 1; i <= 9; i++ {
		b.WriteString("x-a" + string(rune('0'+i)) + ": &a" + string(rune('0'+i)) + " [")
		for j := 0; j < 10; j++ {
			if j > 0 {
				b.WriteString(", ")
			}
			b.WriteString("*a" + string(rune('0'+i-1)))
		}
		b.WriteString("]\n")
	}
	// The spec is refused as it is parsed, by the bytes its aliases
	// stand for, before an overlay could copy them out.
	_, err := parseDocument("spec.yaml", []byte(b.String()))
	var se *syntaxError
	if !errors.As(err, &se) || se.line == 0 || !strings.Contains(err.Error(), "excessive aliasing") {
		t.Errorf("err = %v", err)
	}
}
