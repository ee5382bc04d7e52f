package main

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestDocAudit: every exported identifier of every golden package (types,
// functions, methods of exported types, constants, variables) has a doc
// comment, and a function's or method's starts with its name.
func TestDocAudit(t *testing.T) {
	dirs, err := os.ReadDir(golden)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range dirs {
		if !d.IsDir() {
			continue
		}
		var missing []string
		files, _ := filepath.Glob(filepath.Join(golden, d.Name(), "*.go"))
		for _, path := range files {
			if strings.HasSuffix(path, "_test.go") {
				continue
			}
			f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.ParseComments)
			if err != nil {
				t.Fatal(err)
			}
			missing = append(missing, undocumented(f, filepath.Base(path))...)
		}
		if len(missing) > 0 {
			t.Errorf("%s: %d exported identifiers without a doc comment (or one not starting with the name):\n  %s",
				d.Name(), len(missing), strings.Join(missing, "\n  "))
		}
	}
}

func undocumented(f *ast.File, file string) []string {
	var out []string
	for _, decl := range f.Decls {
		switch d := decl.(type) {
		case *ast.FuncDecl:
			if !d.Name.IsExported() {
				continue
			}
			name := d.Name.Name
			if d.Recv != nil {
				recv := d.Recv.List[0].Type
				if s, ok := recv.(*ast.StarExpr); ok {
					recv = s.X
				}
				if ix, ok := recv.(*ast.IndexExpr); ok {
					recv = ix.X
				}
				id, ok := recv.(*ast.Ident)
				if !ok || !id.IsExported() {
					continue
				}
				name = id.Name + "." + name
			}
			if d.Doc == nil || !strings.HasPrefix(d.Doc.Text(), d.Name.Name+" ") {
				out = append(out, file+": "+name)
			}
		case *ast.GenDecl:
			for _, sp := range d.Specs {
				switch s := sp.(type) {
				case *ast.TypeSpec:
					if s.Name.IsExported() && d.Doc == nil && s.Doc == nil {
						out = append(out, file+": type "+s.Name.Name)
					}
				case *ast.ValueSpec:
					for _, n := range s.Names {
						if n.IsExported() && s.Doc == nil && (d.Doc == nil || len(d.Specs) > 1) {
							out = append(out, file+": "+n.Name)
						}
					}
				}
			}
		}
	}
	return out
}

// TestGoldenExamples runs the godoc examples of every golden package: each
// has example_test.go, and its examples' output is what they say.
func TestGoldenExamples(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go test on every golden package")
	}
	dirs, _ := filepath.Glob(filepath.Join(golden, "*", "example_test.go"))
	entries, _ := os.ReadDir(golden)
	if len(dirs) == 0 || len(dirs) != len(entries) {
		t.Fatalf("%d of %d golden packages have example_test.go", len(dirs), len(entries))
	}
	cmd := exec.Command("go", "test", "-count=1", "-run", "^Example", "./...")
	cmd.Dir = golden
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go test of the golden examples: %v\n%s", err, out)
	}
}
