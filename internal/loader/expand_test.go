package loader

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// smallExpandLimit lowers the expansion limit for a test, so that bombs
// a few MiB in size stand for far more than it.
func smallExpandLimit(t *testing.T) {
	old := expandLimit
	expandLimit = 4 << 20
	t.Cleanup(func() { expandLimit = old })
}

// scalarBomb is YAML whose one large string is named by many aliases:
// small as text, n*size bytes as JSON.
func scalarBomb(key string, size, n int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: &big %s\n", key, strings.Repeat("x", size))
	b.WriteString("x-copies:\n")
	for i := 0; i < n; i++ {
		b.WriteString("  - *big\n")
	}
	return b.String()
}

// mergeBomb is YAML with a mapping of keys keys merged (<<) into n others.
func mergeBomb(keys, n int) string {
	var b strings.Builder
	b.WriteString("x-base: &base\n")
	for i := 0; i < keys; i++ {
		fmt.Fprintf(&b, "  k%d: %s\n", i, strings.Repeat("v", 40))
	}
	b.WriteString("x-merged:\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "  m%d: {<<: *base}\n", i)
	}
	return b.String()
}

const bombHead = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\n"

// wantExpansionError: err is a located (file and line) refusal of a
// document that expands past the limit.
func wantExpansionError(t *testing.T, err error, file string) {
	t.Helper()
	var le *Error
	if !errors.As(err, &le) {
		t.Fatalf("err = %v, want a located *Error", err)
	}
	if le.File != file || le.Line == 0 || !strings.Contains(le.Message, "excessive aliasing") {
		t.Fatalf("err = %v, want %s:LINE: … excessive aliasing …", err, file)
	}
}

// TestExpansionBombs: aliases of a large scalar and repeated merge keys
// are refused by the bytes they expand to, located, on every path a YAML
// document takes into the loader: the spec as kin-openapi would read it
// unpatched, the spec with an overlay, a file a $ref names, an overlay.
func TestExpansionBombs(t *testing.T) {
	smallExpandLimit(t)
	bombs := map[string]string{
		"scalar": scalarBomb("x-big", 64<<10, 200), // 64 KiB × 200 = 12.5 MiB
		"merge":  mergeBomb(200, 1000),             // 200 keys of ~50 bytes × 1000 = 9.5 MiB
	}
	for name, bomb := range bombs {
		t.Run(name, func(t *testing.T) {
			if len(bomb) > 1<<20 {
				t.Fatalf("the bomb's text is %d bytes: it should be small", len(bomb))
			}
			dir := t.TempDir()
			write := func(name, s string) string {
				p := filepath.Join(dir, name)
				if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
					t.Fatal(err)
				}
				return p
			}
			spec := write("spec.yaml", bombHead+bomb)
			_, err := Load(spec, Options{})
			wantExpansionError(t, err, spec)

			ov := write("ov.yaml", "overlay: 1.0.0\ninfo: {title: o, version: '1'}\nactions:\n  - {target: $.info, update: {x: 1}}\n")
			_, err = Load(spec, Options{Overlays: []string{ov}})
			wantExpansionError(t, err, spec)

			write("big.yaml", bomb)
			refd := write("refd.yaml", bombHead+"components:\n  schemas:\n    A: {$ref: 'big.yaml#/x-copies'}\n")
			_, err = Load(refd, Options{})
			var le *Error
			if !errors.As(err, &le) || le.Line == 0 || !strings.HasSuffix(le.File, "big.yaml") || !strings.Contains(le.Message, "excessive aliasing") {
				t.Errorf("a $ref'd bomb: %v", err)
			}

			plain := write("plain.yaml", bombHead)
			badOv := write("bad-ov.yaml", "overlay: 1.0.0\ninfo: {title: o, version: '1'}\nactions:\n  - {target: $.info, update: {x: 1}}\n"+bomb)
			_, err = Load(plain, Options{Overlays: []string{badOv}})
			wantExpansionError(t, err, badOv)
		})
	}
}

// TestExpansionHonest: a document as large as the bomb, written out with
// no aliases, and a few aliases of small values, are not refused.
func TestExpansionHonest(t *testing.T) {
	smallExpandLimit(t)
	var b strings.Builder
	b.WriteString(bombHead + "x-list:\n")
	for i := 0; i < 20000; i++ { // ~1 MiB as JSON
		fmt.Fprintf(&b, "  - {name: item%d, value: %s}\n", i, strings.Repeat("v", 20))
	}
	b.WriteString("x-a: &a {b: 1}\nx-c: *a\nx-d: {<<: *a, e: 2}\n")
	if _, err := parseDocument("honest.yaml", []byte(b.String())); err != nil {
		t.Fatal(err)
	}
}

// TestNonJSONNumbers: YAML numbers JSON has no form for are a located
// error in the spec and in a file a $ref names; YAML's other number
// forms load.
func TestNonJSONNumbers(t *testing.T) {
	dir := t.TempDir()
	for _, v := range []string{".inf", "-.inf", ".Inf", "+.INF", ".nan", ".NaN"} {
		spec := filepath.Join(dir, "spec.yaml")
		doc := bombHead + "components:\n  schemas:\n    A:\n      type: number\n      maximum: " + v + "\n"
		os.WriteFile(spec, []byte(doc), 0o644)
		_, err := Load(spec, Options{})
		var le *Error
		if !errors.As(err, &le) || le.File != spec || le.Line != 8 || !strings.Contains(le.Message, "is not a number JSON can hold") {
			t.Errorf("%s: err = %v, want %s:8: … not a number JSON can hold", v, err, spec)
		}
		ref := filepath.Join(dir, "ref.yaml")
		os.WriteFile(filepath.Join(dir, "other.yaml"), []byte("B:\n  type: number\n  minimum: "+v+"\n"), 0o644)
		os.WriteFile(ref, []byte(bombHead+"components:\n  schemas:\n    A: {$ref: 'other.yaml#/B'}\n"), 0o644)
		_, err = Load(ref, Options{})
		if !errors.As(err, &le) || !strings.HasSuffix(le.File, "other.yaml") || le.Line != 3 {
			t.Errorf("%s in a $ref'd file: err = %v, want other.yaml:3", v, err)
		}
	}
	for _, v := range []string{"0x1F", "0o17", "1_000", "+12", "1.5e3", "12"} {
		spec := filepath.Join(dir, "ok.yaml")
		os.WriteFile(spec, []byte(bombHead+"components:\n  schemas:\n    A:\n      type: number\n      maximum: "+v+"\n"), 0o644)
		if _, err := Load(spec, Options{}); err != nil {
			t.Errorf("%s: %v", v, err)
		}
	}
}
