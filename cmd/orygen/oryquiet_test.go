package main

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/orygen/orygen/internal/loader"
	"github.com/orygen/orygen/internal/pipeline"
)

// orySpecs are the six Ory specs of the golden set.
var orySpecs = []string{"client-v1.22.40", "hydra-v26.2.0", "keto-v26.2.0", "kratos-v1.3.1", "kratos-v26.2.0", "oathkeeper-v26.2.0"}

// TestOrySpecsQuiet: each Ory spec, generated with the overlays the README
// pairs it with (specOverlays), gives no warning at all, even with
// -strict; and each overlay is needed: without its overlays the spec
// warns. The naming decisions orygen makes on its own (NullTime beside
// nullTime) are notes, not warnings.
func TestOrySpecsQuiet(t *testing.T) {
	for _, name := range orySpecs {
		t.Run(name, func(t *testing.T) {
			spec := filepath.Join(shared, name+".json")
			overlays, ok := specOverlays[name]
			if !ok {
				t.Fatalf("specOverlays has no entry for %s", name)
			}
			res, err := pipeline.Model(pipeline.Target{Spec: spec, Overlays: overlays, Strict: true})
			if err != nil {
				t.Fatalf("with %v: %v", overlays, err)
			}
			for _, w := range res.Warnings {
				t.Errorf("with %v: warning: %s", overlays, w)
			}
			bare, err := pipeline.Model(pipeline.Target{Spec: spec})
			if err != nil {
				t.Fatal(err)
			}
			if len(bare.Warnings) == 0 {
				t.Errorf("without overlays %s gives no warning: its overlays %v are not needed", name, overlays)
			}
		})
	}
}

// A collision orygen resolves by itself is a note that -v prints and that
// neither -strict nor the default output treat as a warning.
func TestNamingNotes(t *testing.T) {
	spec := filepath.Join(shared, "kratos-v1.3.1.json")
	res, err := pipeline.Model(pipeline.Target{Spec: spec, Overlays: specOverlays["kratos-v1.3.1"]})
	if err != nil {
		t.Fatal(err)
	}
	const nullTime = `Go name NullTime of "nullTime" is taken`
	if !slices.ContainsFunc(res.Notes, func(n loader.Diagnostic) bool { return strings.Contains(n.String(), nullTime) }) {
		t.Errorf("notes %v lack %q", res.Notes, nullTime)
	}
	args := []string{"-spec", spec, "-package", "kratos", "-strict"}
	for _, o := range specOverlays["kratos-v1.3.1"] {
		args = append(args, "-overlay", o)
	}
	for _, verbose := range []bool{false, true} {
		a := append(slices.Clone(args), "-out", filepath.Join(t.TempDir(), "kratos"))
		if verbose {
			a = append(a, "-v")
		}
		var stderr bytes.Buffer
		if code := runIO(a, os.Stdout, &stderr); code != 0 {
			t.Fatalf("-v=%v: exit %d: %s", verbose, code, stderr.String())
		}
		got := stderr.String()
		if strings.Contains(got, "warning") {
			t.Errorf("-v=%v: a warning: %s", verbose, got)
		}
		if has := strings.Contains(got, "orygen: note: "+spec+"#/components/schemas/nullTime: "+nullTime); has != verbose {
			t.Errorf("-v=%v: stderr %q; want the note printed only with -v", verbose, got)
		}
	}
}

// The README's table of which overlays go with which Ory spec is the one
// the golden packages and TestOrySpecsQuiet use.
func TestReadmeOverlayTable(t *testing.T) {
	readme := readTestFile(t, "../../README.md")
	for _, name := range orySpecs {
		prefix := "| `" + name + ".json`"
		i := strings.Index(readme, prefix)
		if i < 0 {
			t.Errorf("README's overlay table has no row for %s", name)
			continue
		}
		row := readme[i:]
		row = row[:strings.IndexByte(row, '\n')]
		cell := strings.Split(row, "|")[2]
		cell, _, _ = strings.Cut(cell, ";") // an alternative follows
		var want []string
		for _, o := range specOverlays[name] {
			want = append(want, "`"+filepath.Base(o)+"`")
		}
		if got := strings.TrimSpace(cell); got != strings.Join(want, ", ") {
			t.Errorf("README pairs %s with %s; the golden packages use %s", name, got, strings.Join(want, ", "))
		}
	}
}
