package gate

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"slices"
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

// runtimeSrc stands for the runtime: its imports are used only in bodies.
const runtimeSrc = "package p\n\nimport \"strings\"\n\ntype call struct{ path string }\n\nfunc (c *call) clean() string { return strings.TrimSpace(c.path) + string(rune(len(c.path))) }\n\nfunc first[T any](s []T) T { return s[0] }\n"

// TestCheckWarmedSkipsRuntimeBodies: the runtime's function bodies are
// not checked, and the imports only they use are not reported unused;
// generated code, and what it uses of the runtime, is.
func TestCheckWarmedSkipsRuntimeBodies(t *testing.T) {
	fset := token.NewFileSet()
	gen := parse(t, fset, "a.go", "package p\n\nfunc Path(c *call) string { return c.clean() + first([]string{\"x\"}) }\n")
	rt := parse(t, fset, "runtime_call.go", runtimeSrc)
	problems, err := CheckWarmed(Warm(fset, []string{"strings"}), fset, []*ast.File{gen}, []*ast.File{rt})
	if err != nil || len(problems) != 0 {
		t.Fatalf("problems %v, err %v", problems, err)
	}
	bad := parse(t, fset, "b.go", "package p\n\nfunc Bad(c *call) int { return c.clean() }\n")
	problems, err = CheckWarmed(Warm(fset, []string{"strings"}), fset, []*ast.File{gen, bad}, []*ast.File{rt})
	if err != nil || len(problems) != 1 || problems[0].File != "b.go" {
		t.Fatalf("problems %v, err %v", problems, err)
	}
}

// TestCheckWarmedHiddenPredeclared: a generated package-level name that
// hides a predeclared one changes what the runtime's bodies mean, so they
// are checked then.
func TestCheckWarmedHiddenPredeclared(t *testing.T) {
	fset := token.NewFileSet()
	gen := parse(t, fset, "a.go", "package p\n\nvar len = \"shadow\"\n")
	rt := parse(t, fset, "runtime_call.go", runtimeSrc)
	problems, err := CheckWarmed(Warm(fset, []string{"strings"}), fset, []*ast.File{gen}, []*ast.File{rt})
	if err != nil {
		t.Fatal(err)
	}
	if len(problems) == 0 || problems[0].File != "runtime_call.go" {
		t.Fatalf("the runtime's len(c.path) against a package-level len passed: %v", problems)
	}
}

// runtimeTimeSrc is a runtime file whose declarations use time and whose
// bodies alone use strings.
const runtimeTimeSrc = "package p\n\nimport (\n\t\"strings\"\n\t\"time\"\n)\n\ntype clock struct{ at time.Time }\n\nfunc (c clock) String() string { return strings.ToUpper(c.at.String()) }\n"

// TestCheckWarmedLeavesOutBodyImports: without the runtime's bodies, its
// imports of packages not loaded ahead are left out, and a declaration
// that needs one of them still checks (in full).
func TestCheckWarmedLeavesOutBodyImports(t *testing.T) {
	fset := token.NewFileSet()
	gen := parse(t, fset, "a.go", "package p\n\nfunc Now(c clock) string { return c.String() }\n")
	rt := parse(t, fset, "runtime_clock.go", runtimeTimeSrc)
	skipped := map[*ast.File]bool{}
	short := withoutBodies([]*ast.File{rt}, []string{"time"}, skipped)[0]
	var paths []string
	for _, d := range short.Decls {
		if g, ok := d.(*ast.GenDecl); ok && g.Tok == token.IMPORT {
			for _, s := range g.Specs {
				paths = append(paths, s.(*ast.ImportSpec).Path.Value)
			}
		}
	}
	if !slices.Equal(paths, []string{`"time"`}) || !skipped[short] {
		t.Fatalf("imports left %v", paths)
	}
	if len(rt.Decls[0].(*ast.GenDecl).Specs) != 2 {
		t.Fatal("withoutBodies changed the file it was given")
	}
	for _, warm := range [][]string{{"time"}, {"strings"}, nil} {
		problems, err := CheckWarmed(Warm(fset, warm), fset, []*ast.File{gen}, []*ast.File{rt})
		if err != nil || len(problems) != 0 {
			t.Errorf("warmed %v: problems %v, err %v", warm, problems, err)
		}
	}
	bad := parse(t, fset, "b.go", "package p\n\nfunc Bad(c clock) int { return c.String() }\n")
	problems, err := CheckWarmed(Warm(fset, []string{"strings"}), fset, []*ast.File{bad}, []*ast.File{rt})
	if err != nil || len(problems) != 1 || problems[0].File != "b.go" {
		t.Errorf("a bad file with time left out: problems %v, err %v", problems, err)
	}
}
