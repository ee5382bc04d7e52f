package oracle

import (
	"go/parser"
	"go/token"
	"testing"
)

// A generated package with no type to try (a spec of operations only) is
// imported blank: Go refuses an import that is not used, and the harness
// of the whole batch would not build.
func TestHarnessImportsTypelessPackageBlank(t *testing.T) {
	src, err := harness([][]string{{"Pet"}, nil})
	if err != nil {
		t.Fatal(err)
	}
	f, err := parser.ParseFile(token.NewFileSet(), "main.go", src, parser.ImportsOnly)
	if err != nil {
		t.Fatalf("%v in:\n%s", err, src)
	}
	got := map[string]string{}
	for _, im := range f.Imports {
		if im.Name != nil {
			got[im.Path.Value] = im.Name.Name
		}
	}
	if got[`"oraclemod/p0"`] != "p0" || got[`"oraclemod/p1"`] != "_" {
		t.Errorf("imports %v, want p0 named and p1 blank", got)
	}
}
