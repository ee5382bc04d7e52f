package pipeline

import (
	"go/ast"
	"go/token"
	"path"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/orygen/orygen/internal/emit"
)

// TestStdImportsCoverThePackage: the packages loaded ahead for the type
// check are every one it needs: those the generated files import, and
// those the runtime files' declarations use (the check leaves the
// runtime's non-generic function bodies out, and the imports only they
// use). One it missed would make the check fail and start over in full.
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
			runtime := strings.HasPrefix(f.Name, "runtime_")
			used := declQualifiers(f.Syntax)
			for _, im := range f.Syntax.Imports {
				p, _ := strconv.Unquote(im.Path.Value)
				name := path.Base(p)
				if p == "math/rand/v2" {
					name = "rand"
				}
				if runtime && !used[name] {
					continue
				}
				if !slices.Contains(want, p) {
					t.Errorf("%s: %s imports %q, which emit.StdImports leaves out", spec, f.Name, p)
				}
			}
		}
	}
}

// declQualifiers are the X of every X.Sel in f outside the bodies of
// non-generic functions, which the check leaves out.
func declQualifiers(f *ast.File) map[string]bool {
	used := map[string]bool{}
	visit := func(n ast.Node) {
		ast.Inspect(n, func(n ast.Node) bool {
			if s, ok := n.(*ast.SelectorExpr); ok {
				if id, ok := s.X.(*ast.Ident); ok {
					used[id.Name] = true
				}
			}
			return true
		})
	}
	for _, d := range f.Decls {
		switch d := d.(type) {
		case *ast.FuncDecl:
			visit(d.Type)
			if d.Recv != nil {
				visit(d.Recv)
			}
			if d.Type.TypeParams != nil && d.Body != nil {
				visit(d.Body)
			}
		case *ast.GenDecl:
			if d.Tok != token.IMPORT {
				visit(d)
			}
		}
	}
	return used
}
