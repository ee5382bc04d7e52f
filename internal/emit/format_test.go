package emit_test

import (
	"bytes"
	"strings"
	"testing"

	"golang.org/x/tools/imports"

	"github.com/orygen/orygen/internal/emit"
	"github.com/orygen/orygen/internal/pipeline"
	_ "github.com/orygen/orygen/internal/testflag"
)

// TestGoimportsHasNothingToDo: the emitter formats with go/format only,
// relying on jennifer to write complete, sorted imports; goimports must
// leave every generated file as it is.
func TestGoimportsHasNothingToDo(t *testing.T) {
	for _, spec := range []string{"../../specs/features.yaml", "../../../shared/specs/ory/client-v1.22.40.json"} {
		res, err := pipeline.Generate(pipeline.Target{Spec: spec, Package: "p"})
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range res.Files {
			if !strings.HasSuffix(f.Name, ".go") {
				continue
			}
			out, err := imports.Process(f.Name, f.Data, &imports.Options{Comments: true, TabIndent: true, TabWidth: 8, FormatOnly: false})
			if err != nil {
				t.Fatalf("%s %s: %v", spec, f.Name, err)
			}
			if !bytes.Equal(out, f.Data) {
				t.Errorf("%s %s: goimports would change it", spec, f.Name)
			}
		}
	}
}

// TestFormatErrorShowsSource: code that does not format fails with the
// lines around the error.
func TestFormatErrorShowsSource(t *testing.T) {
	_, err := emit.FormatForTest("x.go", []byte("package p\n\nfunc f() {\n\tx :=\n}\n"))
	if err == nil || !strings.Contains(err.Error(), "    4  \tx :=") {
		t.Fatalf("err %v", err)
	}
}

// TestRuntimeNeedsNoFormatting: the runtime files are copied into the
// package without going through the printer, so they must be exactly what
// gofmt makes of them.
func TestRuntimeNeedsNoFormatting(t *testing.T) {
	names, got, formatted, err := emit.RuntimeForTest()
	if err != nil {
		t.Fatal(err)
	}
	if len(names) == 0 {
		t.Fatal("no runtime files")
	}
	for i, n := range names {
		if !bytes.Equal(got[i], formatted[i]) {
			t.Errorf("%s: gofmt would change it (run gofmt -w internal/emit/clientrt)", n)
		}
	}
}
