package emit_test

import (
	"bytes"
	"os"
	"testing"

	"github.com/orygen/orygen/internal/emit"
	"github.com/orygen/orygen/internal/pipeline"
)

// TestKeepDocsChangesNoPackage: every file of the packages generated
// from the project's specs (and Ory's, when they are beside it) is the
// same with keepDocs as without.
func TestKeepDocsChangesNoPackage(t *testing.T) {
	specs := []string{"../../specs/features.yaml", "../../specs/wire.yaml", "../../specs/unions.yaml",
		"../../specs/streaming.yaml", "../../specs/names.yaml", "../../specs/bundled.yaml"}
	for _, ory := range []string{"client-v1.22.40", "kratos-v26.2.0", "hydra-v26.2.0"} {
		if p := "../../../shared/specs/ory/" + ory + ".json"; fileExists(p) {
			specs = append(specs, p)
		}
	}
	for _, spec := range specs {
		with, err := pipeline.Generate(pipeline.Target{Spec: spec, Package: "p"})
		if err != nil {
			t.Fatal(err)
		}
		undo := emit.SetKeepDocs(false)
		without, err := pipeline.Generate(pipeline.Target{Spec: spec, Package: "p"})
		undo()
		if err != nil {
			t.Fatal(err)
		}
		if len(with.Files) != len(without.Files) {
			t.Fatalf("%s: %d files against %d", spec, len(with.Files), len(without.Files))
		}
		for i, f := range with.Files {
			if !bytes.Equal(f.Data, without.Files[i].Data) {
				t.Errorf("%s: %s differs with keepDocs", spec, f.Name)
			}
		}
	}
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}
