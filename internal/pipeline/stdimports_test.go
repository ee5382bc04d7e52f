package pipeline

import (
	"slices"
	"strconv"
	"testing"

	"github.com/orygen/orygen/internal/emit"
)

// TestStdImportsCoverThePackage: the packages loaded ahead for the type
// check are every one a generated package imports (one it missed would
// still load, later and on the critical path).
func TestStdImportsCoverThePackage(t *testing.T) {
	want := emit.StdImports()
	for _, spec := range []string{"../../specs/features.yaml", "../../specs/wire.yaml", "../../specs/unions.yaml", "../../specs/streaming.yaml"} {
		res, err := Generate(Target{Spec: spec, Package: "p"})
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range res.Files {
			if f.Syntax == nil {
				continue
			}
			for _, im := range f.Syntax.Imports {
				p, _ := strconv.Unquote(im.Path.Value)
				if !slices.Contains(want, p) {
					t.Errorf("%s: %s imports %q, which emit.StdImports leaves out", spec, f.Name, p)
				}
			}
		}
	}
}
