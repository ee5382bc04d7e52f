package gate

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// BenchmarkCheckNetwork type-checks the golden package of the largest Ory
// spec, the gate's cost on a real run.
func BenchmarkCheckNetwork(b *testing.B) {
	dir := "../../testdata/golden/client-v1.22.40"
	ents, err := os.ReadDir(dir)
	if err != nil {
		b.Fatal(err)
	}
	fset := token.NewFileSet()
	var files []*ast.File
	for _, e := range ents {
		if strings.HasSuffix(e.Name(), ".go") && !strings.HasSuffix(e.Name(), "_test.go") {
			f, err := parser.ParseFile(fset, filepath.Join(dir, e.Name()), nil, parser.ParseComments|parser.SkipObjectResolution)
			if err != nil {
				b.Fatal(err)
			}
			files = append(files, f)
		}
	}
	b.ReportAllocs()
	for b.Loop() {
		problems, err := Check(fset, files)
		if err != nil || len(problems) > 0 {
			b.Fatal(err, problems)
		}
	}
}
