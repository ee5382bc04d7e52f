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

func parse(t *testing.T, fset *token.FileSet, name, src string) *ast.File {
	t.Helper()
	f, err := parser.ParseFile(fset, name, src, parser.SkipObjectResolution)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// TestCheckNamesTheDeclaration: a type error is reported in the top-level
// declaration that holds it, which the pipeline maps back to the spec.
func TestCheckNamesTheDeclaration(t *testing.T) {
	fset := token.NewFileSet()
	files := []*ast.File{
		parse(t, fset, "a.go", "package p\n\nimport \"encoding/json\"\n\ntype Pet struct{ Name string }\n\nfunc (p Pet) MarshalJSON() ([]byte, error) { return json.Marshal(p.Name) }\n"),
		parse(t, fset, "b.go", "package p\n\nfunc buildPets(json string) string {\n\treturn json.Marshal(json)\n}\n"),
	}
	problems, err := Check(fset, files)
	if err != nil {
		t.Fatal(err)
	}
	if len(problems) == 0 {
		t.Fatal("no problem found in a package that does not compile")
	}
	p := problems[0]
	if p.File != "b.go" || p.Line != 4 || p.Decl != "buildPets" || !strings.Contains(p.Message, "Marshal") {
		t.Errorf("problem = %+v", p)
	}
}

func TestCheckPassesAGoodPackage(t *testing.T) {
	fset := token.NewFileSet()
	files := []*ast.File{
		parse(t, fset, "a.go", "package p\n\nimport (\n\t\"context\"\n\t\"net/http\"\n)\n\nfunc Do(ctx context.Context, c *http.Client) (*http.Response, error) {\n\treq, err := http.NewRequestWithContext(ctx, \"GET\", \"/\", nil)\n\tif err != nil {\n\t\treturn nil, err\n\t}\n\treturn c.Do(req)\n}\n"),
	}
	problems, err := Check(fset, files)
	if err != nil || len(problems) != 0 {
		t.Fatalf("problems %v, err %v", problems, err)
	}
}

func TestCheckRefusesNonStandardImports(t *testing.T) {
	fset := token.NewFileSet()
	files := []*ast.File{parse(t, fset, "a.go", "package p\n\nimport \"example.com/x\"\n\nvar _ = x.Y\n")}
	problems, err := Check(fset, files)
	if err == nil && len(problems) == 0 {
		t.Fatal("a non-standard import passed the check")
	}
}

// TestCheckFallsBackToSource: export data this go/types cannot read (a
// go command of another version, a damaged cache) does not stop the
// check; it runs over the standard library's source instead.
func TestCheckFallsBackToSource(t *testing.T) {
	bogus := filepath.Join(t.TempDir(), "fmt.a")
	if err := os.WriteFile(bogus, []byte("not export data"), 0o644); err != nil {
		t.Fatal(err)
	}
	exportMu.Lock()
	if exportFiles == nil {
		exportFiles = readCache()
	}
	saved, had := exportFiles["fmt"]
	exportFiles["fmt"] = bogus
	exportMu.Unlock()
	defer func() {
		exportMu.Lock()
		if had {
			exportFiles["fmt"] = saved
		} else {
			delete(exportFiles, "fmt")
		}
		exportMu.Unlock()
	}()

	fset := token.NewFileSet()
	good := []*ast.File{parse(t, fset, "a.go", "package p\n\nimport \"fmt\"\n\nfunc S(x int) string { return fmt.Sprint(x) }\n")}
	if problems, err := Check(fset, good); err != nil || len(problems) != 0 {
		t.Fatalf("good package: problems %v, err %v", problems, err)
	}
	bad := []*ast.File{parse(t, fset, "b.go", "package p\n\nimport \"fmt\"\n\nfunc S(x int) int { return fmt.Sprint(x) }\n")}
	problems, err := Check(fset, bad)
	if err != nil || len(problems) != 1 || problems[0].Decl != "S" {
		t.Fatalf("bad package: problems %v, err %v", problems, err)
	}
}
