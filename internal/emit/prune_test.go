package emit

import (
	"go/ast"
	gofmt "go/format"
	"go/parser"
	"go/token"
	"strings"
	"testing"

	"github.com/orygen/orygen/internal/ir"
)

const pruneA = `package clientrt

import (
	"errors"
	"strings"
)

// Option is exported API: it stays whatever the package uses.
type Option func(*config)

type config struct {
	name   string
	unused int // no kept code reads it
	Open   bool
}

// WithName sets the name.
func WithName(n string) Option { return func(c *config) { c.name = clean(n) } }

func clean(s string) string { return strings.TrimSpace(s) }

//go:noinline
func multipartOnly() error { return errors.New("x") }

type helper struct{ n int }

func (h *helper) used() int   { return h.n }
func (h *helper) unused() int { return h.n * 2 }

// Size is an exported method of an unexported type nobody reaches.
func (d dropped) Size() int { return 0 }

type dropped struct{}

const (
	kindA = iota
	kindB
)

var (
	keptVar    = 1
	droppedVar = multipartOnly
)

func local() int {
	// byte and clean here are locals or builtins, not the runtime's.
	clean := 2
	return clean + keptVar
}
`

const pruneB = `package clientrt

import "io"

func onlyB(r io.Reader) {}
`

func parseGenerated(t *testing.T, src string) *ast.File {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), "gen.go", src, parser.SkipObjectResolution)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func TestPruneRuntime(t *testing.T) {
	files := []runtimeFile{
		{name: "a.go", src: []byte(pruneA), parsed: parseRuntime([]byte(pruneA))},
		{name: "b.go", src: []byte(pruneB), parsed: parseRuntime([]byte(pruneB))},
	}
	gen := parseGenerated(t, `package p

func use() int {
	var h helper
	_ = kindA
	return h.used() + local()
}
`)
	out, err := pruneRuntime(files, []*ast.File{gen})
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := out["b.go"]; ok {
		t.Errorf("b.go has nothing reachable but was kept:\n%s", out["b.go"])
	}
	a := string(out["a.go"])
	for _, want := range []string{
		"type Option func(*config)", "func WithName(", "func clean(", "name string", "Open bool",
		"type helper struct", "func (h *helper) used()", "kindB", "keptVar", "func local()", `"strings"`,
	} {
		if !strings.Contains(a, want) {
			t.Errorf("pruned a.go lacks %q:\n%s", want, a)
		}
	}
	for _, gone := range []string{
		"multipartOnly", "go:noinline", "unused", "dropped", "droppedVar", `"errors"`,
	} {
		if strings.Contains(a, gone) {
			t.Errorf("pruned a.go still has %q:\n%s", gone, a)
		}
	}
	formatted, err := gofmt.Source(out["a.go"])
	if err != nil || string(formatted) != a {
		t.Errorf("pruned a.go is not gofmt-clean (%v):\n%s", err, a)
	}
	again, _ := pruneRuntime(files, []*ast.File{gen})
	if string(again["a.go"]) != a {
		t.Error("pruning is not deterministic")
	}
}

// TestPruneRuntimeKeepsUnkeyedFields: a struct written without keys keeps
// every field, or the literal would no longer compile.
func TestPruneRuntimeKeepsUnkeyedFields(t *testing.T) {
	src := "package clientrt\n\ntype pair struct {\n\ta int\n\tb int\n}\n\nfunc mk() pair { return pair{1, 2} }\n"
	files := []runtimeFile{{name: "a.go", src: []byte(src), parsed: parseRuntime([]byte(src))}}
	out, err := pruneRuntime(files, []*ast.File{parseGenerated(t, "package p\n\nvar _ = mk()\n")})
	if err != nil {
		t.Fatal(err)
	}
	if string(out["a.go"]) != src {
		t.Errorf("got\n%s\nwant\n%s", out["a.go"], src)
	}
}

// TestPruneRuntimeQualifiedMethods: a selector on a parameter of a known
// type keeps that type's method only, not another type's of the same name.
func TestPruneRuntimeQualifiedMethods(t *testing.T) {
	src := `package clientrt

type enc struct{}

func (e *enc) byte() {}

type dec struct{}

func (d *dec) byte() {}

func run(e *enc, d *dec) { e.byte() }
`
	files := []runtimeFile{{name: "a.go", src: []byte(src), parsed: parseRuntime([]byte(src))}}
	out, err := pruneRuntime(files, []*ast.File{parseGenerated(t, "package p\n\nvar _ = run\n")})
	if err != nil {
		t.Fatal(err)
	}
	got := string(out["a.go"])
	if !strings.Contains(got, "func (e *enc) byte()") || strings.Contains(got, "func (d *dec) byte()") {
		t.Errorf("want enc.byte kept and dec.byte dropped:\n%s", got)
	}
	// The same from generated code, whose parameters are known too, unless
	// the body declares the name again.
	for _, c := range []struct{ gen, want, gone string }{
		{"package p\n\nfunc f(d *dec, e *enc) { d.byte() }\n", "func (d *dec) byte()", "func (e *enc) byte()"},
		{"package p\n\nfunc f(d *dec) { d.byte(); { d := &enc{}; _ = d } }\n", "func (e *enc) byte()", ""},
	} {
		out, err := pruneRuntime(files, []*ast.File{parseGenerated(t, c.gen)})
		if err != nil {
			t.Fatal(err)
		}
		got := string(out["a.go"])
		if !strings.Contains(got, c.want) || c.gone != "" && strings.Contains(got, c.gone) {
			t.Errorf("%s: want %q kept, %q dropped:\n%s", c.gen, c.want, c.gone, got)
		}
	}
}

// TestRuntimeExportedOnly: with no generated file at all, the exported
// API alone still prunes to a runtime that parses (its own uses hold).
func TestRuntimeExportedOnly(t *testing.T) {
	out, err := pruneRuntime(runtimeFiles(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(out) == 0 {
		t.Fatal("the runtime's exported API kept nothing")
	}
	for name, src := range out {
		if _, err := parser.ParseFile(token.NewFileSet(), name, src, 0); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}

// TestPruneRuntimeResolvedMembers: the runtime's own selectors are
// resolved by the type check (a local whose type comes from a call, a
// struct field, a method promoted from an embedded type), generated x :=
// f(…) gives x f's result type, and a selected name in generated code
// is no use of the package-level name; a method called through an
// interface still keeps every method of its name.
func TestPruneRuntimeResolvedMembers(t *testing.T) {
	src := `package clientrt

type enc struct{}

func (e *enc) fail() {}

func (e *enc) what() {}

type dec struct{}

func (d *dec) fail() {}

func (d *dec) what() {}

func (d *dec) call() {}

type object struct{}

type inner struct{}

func (inner) deep() {}

type outer struct{ inner }

type caller interface{ call() }

func newEnc() *enc { return &enc{} }

func newDec() *dec { return &dec{} }

func run() { e := newEnc(); e.fail(); var o outer; o.deep() }

func via(c caller) { c.call() }
`
	files := []runtimeFile{{name: "a.go", src: []byte(src), parsed: parseRuntime([]byte(src))}}
	gen := "package p\n\nvar _ = run\n\nvar _ = via\n\nfunc f() { d := newDec(); d.what(); d.object() }\n"
	out, err := pruneRuntime(files, []*ast.File{parseGenerated(t, gen)})
	if err != nil {
		t.Fatal(err)
	}
	got := string(out["a.go"])
	for _, want := range []string{"func (e *enc) fail()", "func (d *dec) what()", "func (inner) deep()", "func (d *dec) call()"} {
		if !strings.Contains(got, want) {
			t.Errorf("want %q kept:\n%s", want, got)
		}
	}
	for _, gone := range []string{"func (d *dec) fail()", "func (e *enc) what()", "type object"} {
		if strings.Contains(got, gone) {
			t.Errorf("want %q dropped:\n%s", gone, got)
		}
	}
}

// TestCutRuntimePrintedAsFormatted: a cut runtime file printed from the
// tree the type check gets is what formatting the cut source and copying
// it gave, for every runtime file the exported API alone leaves cut; with
// a header the printer would trim, it is formatted first, as before.
func TestCutRuntimePrintedAsFormatted(t *testing.T) {
	files := runtimeFiles()
	pruned := pruneCuts(files, nil)
	for _, spec := range []string{"spec.yaml", "spec.yaml \t"} {
		g := &generator{m: newModel(&ir.API{SpecName: spec}, "p"), opts: Options{Package: "p", Fset: token.NewFileSet()}}
		n := 0
		for _, rf := range files {
			pf, ok := pruned[rf.name]
			if !ok || !pf.cut {
				continue
			}
			n++
			formatted, err := gofmt.Source(pf.src)
			if err != nil {
				t.Fatal(err)
			}
			_, body, _ := strings.Cut(string(formatted), "package clientrt")
			want := "// Code generated by orygen (devel). DO NOT EDIT.\n// Source: " + spec + "\n\npackage p" + body
			rf.src = pf.src
			g.jobs = nil
			g.runtimeJob(rf, true)
			data, f, err := g.jobs[0].render()
			if err == nil && data == nil {
				data, err = g.print(f)
			}
			if err != nil {
				t.Fatal(err)
			}
			if string(data) != want {
				t.Errorf("%q %s: printed from the tree, not as formatted", spec, rf.name)
			}
		}
		if n < 5 {
			t.Fatalf("only %d runtime files cut", n)
		}
	}
}
