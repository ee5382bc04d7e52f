package apidiff

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func parse(t *testing.T, src string) *API {
	t.Helper()
	api, err := Parse(map[string][]byte{"a.go": []byte("package p\n\n" + src)})
	if err != nil {
		t.Fatal(err)
	}
	return api
}

func TestCompare(t *testing.T) {
	for _, tc := range []struct {
		name     string
		old, new string
		want     []string // Change.String(), in order
		breaking int
	}{
		{"identical", "type T struct{ A int }", "type T struct {\n\tA int // a comment\n}", nil, 0},
		{"field added", "type T struct{ A int }", "type T struct{ A int; B *string }",
			[]string{"+ field T.B  *string"}, 0},
		{"field removed", "type T struct{ A, B int }", "type T struct{ A int }",
			[]string{"- field T.B  int"}, 1},
		{"field type changed", "type T struct{ A *int }", "type T struct{ A int }",
			[]string{"~ field T.A  *int → int"}, 1},
		{"unexported ignored", "type T struct{ a int }\nfunc f() {}\ntype u int\nfunc (u) M() {}", "type T struct{ b string }", nil, 0},
		{"type removed, its fields not listed", "type T struct{ A int }\nfunc (T) M() {}", "",
			[]string{"- type T  struct"}, 1},
		{"type added, its fields not listed", "", "type T struct{ A int }\nfunc (*T) M() {}",
			[]string{"+ type T  struct"}, 0},
		{"struct became alias", "type T struct{ A int }", "type T = string",
			[]string{"~ type T  struct → = string"}, 1},
		{"underlying type changed", "type T string", "type T int64",
			[]string{"~ type T  string → int64"}, 1},
		{"const added", `type E string; const (EA E = "a")`, `type E string; const (EA E = "a"; EB E = "b")`,
			[]string{`+ const EB  E = "b"`}, 0},
		{"const value changed", `const C = 1`, `const C = 2`,
			[]string{"~ const C  = 1 → = 2"}, 1},
		{"iota", "const (A int = iota; B)", "const (X int = iota; A; B)",
			[]string{"~ const A  int = iota (iota 0) → int = iota (iota 1)", "~ const B  int = iota (iota 1) → int = iota (iota 2)", "+ const X  int = iota (iota 0)"}, 2},
		{"parameter names do not matter", "func F(a int, b string) (n int, err error)", "func F(x int, y string) (int, error)", nil, 0},
		{"parameter added", "func F(a int)", "func F(a int, opts ...string)",
			[]string{"~ func F  func(int) → func(int, ...string)"}, 1},
		{"receiver became a pointer", "type T int\nfunc (T) M() {}", "type T int\nfunc (*T) M() {}",
			[]string{"~ method T.M  (T) func() → (*T) func()"}, 1},
		{"method on a generic type", "type N[T any] struct{}\nfunc (n N[T]) Get() T {}", "type N[V any] struct{}\nfunc (n N[V]) Get() V {}\nfunc (n *N[V]) Set(V) {}",
			[]string{"+ method N.Set  (*N) func($0)"}, 0},
		{"type parameters renamed", "type N[T any] struct{ T T; U []T }\nfunc F[T any](T) T {}", "type N[V any] struct{ T V; U []V }\nfunc F[X any](X) X {}", nil, 0},
		{"type parameter constraint changed", "type N[T any] struct{ V T }", "type N[T comparable] struct{ V T }",
			[]string{"~ type N  [any] struct → [comparable] struct"}, 1},
		{"method added to an open interface", "type I interface{ A() }", "type I interface{ A(); B() error }",
			[]string{"+ method I.B  func() error  [breaks implementations of I that do not embed it]"}, 1},
		{"method added to a sealed interface", "type I interface{ A(); isI() }", "type I interface{ A(); B(); isI() }",
			[]string{"+ method I.B  func()"}, 0},
		{"interface sealed", "type I interface{ A() }", "type I interface{ A(); isI() }",
			[]string{"~ type I  interface → interface (sealed: only this package implements it)"}, 1},
		{"var", "var V int", "var V string\nvar W = 1",
			[]string{"~ var V  int → string", "+ var W  = 1"}, 1},
		{"embedded field", "type T struct{ *U }; type U struct{}", "type T struct{ U }; type U struct{}",
			[]string{"~ field T.U  embedded *U → embedded U"}, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rep := Compare(parse(t, tc.old), parse(t, tc.new))
			var got []string
			for _, c := range rep.Changes {
				got = append(got, c.String())
			}
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("changes:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
			if rep.Breaking() != tc.breaking {
				t.Errorf("%d breaking, want %d", rep.Breaking(), tc.breaking)
			}
		})
	}
}

func TestReportString(t *testing.T) {
	rep := Compare(parse(t, "type T struct{ A, B int }"), parse(t, "type T struct{ A int; C int }"))
	want := "breaking (1):\n  - field T.B  int\nnon-breaking (1):\n  + field T.C  int\n1 breaking, 1 non-breaking changes (1 added, 1 removed, 0 changed)\n"
	if got := rep.String(); got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
	if got := Compare(parse(t, ""), parse(t, "")).String(); got != "no changes to the Go API\n" {
		t.Errorf("no changes: %q", got)
	}
}

func TestParseDir(t *testing.T) {
	dir := t.TempDir()
	for name, src := range map[string]string{
		"a.go":      "package p\n\ntype A struct{}\n",
		"b.go":      "package p\n\nfunc (A) M() {}\n",
		"a_test.go": "package p\n\nfunc TestX() {}\n",
		"notes.txt": "not Go",
	} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	api, err := ParseDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for k := range api.Objects {
		keys = append(keys, k)
	}
	if len(keys) != 2 || api.Objects["type A"].Desc != "struct" || api.Objects["method A.M"].Desc != "(A) func()" {
		t.Errorf("objects: %v", api.Objects)
	}
	if _, err := ParseDir(t.TempDir()); err == nil {
		t.Errorf("a directory without Go files parsed")
	}
	if _, err := Parse(map[string][]byte{"x.go": []byte("package p\nfunc {")}); err == nil {
		t.Errorf("a syntax error parsed")
	}
}
