package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"sort"
	"strings"
	"testing"
)

// The negative corpus: specs/negative holds one broken spec per file, and
// specs/negative/expected.json says what orygen must do with each (run
// from the repository root, so paths in messages read specs/negative/…).
const negativeDir = "specs/negative"

type negativeCase struct {
	Spec    string   `json:"spec"`              // file in specs/negative
	Args    []string `json:"args,omitempty"`    // extra flags, e.g. -strict
	Exit    int      `json:"exit"`              // 1: must fail; 0: must generate
	Error   string   `json:"error,omitempty"`   // exit 1: the exact error line
	Warning string   `json:"warning,omitempty"` // a substring of a warning line
	Why     string   `json:"why"`               // what is broken, for readers
}

func readNegativeCases(t *testing.T) []negativeCase {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(negativeDir, "expected.json"))
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Cases []negativeCase `json:"cases"`
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&doc); err != nil {
		t.Fatalf("expected.json: %v", err)
	}
	if len(doc.Cases) < 30 {
		t.Fatalf("expected.json has %d cases; want at least 30", len(doc.Cases))
	}
	return doc.Cases
}

// TestNegativeCorpusIsComplete: every spec in specs/negative has an
// expectation and every expectation a spec, so a case cannot be added or
// lost silently.
func TestNegativeCorpusIsComplete(t *testing.T) {
	t.Chdir("../..")
	cases := readNegativeCases(t)
	listed := map[string]bool{}
	for _, c := range cases {
		listed[c.Spec] = true
		if _, err := os.Stat(filepath.Join(negativeDir, c.Spec)); err != nil {
			t.Errorf("expected.json lists %s: %v", c.Spec, err)
		}
		switch {
		case c.Exit == 1 && (c.Error == "" || !strings.HasPrefix(c.Error, "orygen: error: ")):
			t.Errorf("%s: a failing case needs the exact error line, starting with \"orygen: error: \"", c.Spec)
		case c.Exit == 0 && (c.Error != "" || c.Warning == ""):
			t.Errorf("%s: a case that generates needs a warning and no error", c.Spec)
		case c.Exit != 0 && c.Exit != 1:
			t.Errorf("%s: exit %d; want 0 or 1", c.Spec, c.Exit)
		}
	}
	entries, err := os.ReadDir(negativeDir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if !e.IsDir() && e.Name() != "expected.json" && !listed[e.Name()] {
			t.Errorf("%s/%s has no entry in expected.json", negativeDir, e.Name())
		}
	}
}

// TestNegative runs the CLI on each case, into an output directory that
// already holds a file of the user's and files of an earlier orygen run.
// A failing case must exit 1 with exactly the expected error line as the
// only error (warnings may precede it), and leave the directory byte for
// byte as it was. A case that generates must exit 0 with the expected
// warning; its package must build (TestNegativeGeneratedBuilds).
func TestNegative(t *testing.T) {
	t.Chdir("../..")
	for _, c := range readNegativeCases(t) {
		t.Run(c.Spec, func(t *testing.T) {
			out := seededOutDir(t, t.TempDir())
			args := append([]string{"-spec", filepath.Join(negativeDir, c.Spec), "-out", out, "-package", "p"}, c.Args...)
			checkRun(t, args, out, c.Exit, c.Error, c.Warning)
		})
	}
}

// TestNegativeNoSpec covers what has no spec file to go in the corpus: a
// spec that does not exist or is a directory (exit 1), and bad usage
// (exit 2). None may touch the output directory.
func TestNegativeNoSpec(t *testing.T) {
	t.Chdir("../..")
	for _, tc := range []struct {
		name  string
		args  []string // -out DIR is added
		exit  int
		error string // exit 1: the exact error line; exit 2: the start of a line of the output
	}{
		{"missing spec", []string{"-spec", "specs/negative/no-such-spec.yaml"}, 1,
			"orygen: error: specs/negative/no-such-spec.yaml: cannot read spec: no such file or directory"},
		{"spec is a directory", []string{"-spec", "specs/negative/refs"}, 1,
			"orygen: error: specs/negative/refs: cannot read spec: is a directory"},
		{"no spec", nil, 2, "usage: orygen "},
		{"unknown flag", []string{"-spec", "specs/features.yaml", "-nope"}, 2, "flag provided but not defined: -nope"},
		{"stray argument", []string{"-spec", "specs/features.yaml", "extra"}, 2, "usage: orygen "},
		{"bad package", []string{"-spec", "specs/features.yaml", "-package", "9lives"}, 2,
			`orygen: -package: "9lives" is not a valid package name: not a Go identifier`},
		{"bad package, broken spec", []string{"-spec", "specs/negative/empty.yaml", "-package", "main"}, 2,
			`orygen: -package: "main" is not a valid package name: a main package is a command, not a library`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out := seededOutDir(t, t.TempDir())
			args := append([]string{"-out", out}, tc.args...)
			if tc.exit == 2 {
				stderr, code := runCatching(t, args)
				if code != 2 {
					t.Fatalf("exit %d, want 2\n%s", code, stderr)
				}
				if !hasLinePrefix(stderr, tc.error) {
					t.Errorf("output lacks a line starting %q:\n%s", tc.error, stderr)
				}
				assertSnapshot(t, out)
				return
			}
			checkRun(t, args, out, tc.exit, tc.error, "")
		})
	}
}

// checkRun runs the CLI and checks exit code, stderr and the output
// directory as TestNegative describes.
func checkRun(t *testing.T, args []string, out string, exit int, wantErr, wantWarn string) {
	t.Helper()
	stderr, code := runCatching(t, args)
	if code != exit {
		t.Fatalf("exit %d, want %d\nstderr:\n%s", code, exit, stderr)
	}
	var errs, warns []string
	for _, l := range strings.Split(strings.TrimSuffix(stderr, "\n"), "\n") {
		switch {
		case l == "":
		case strings.HasPrefix(l, "orygen: error: "):
			errs = append(errs, l)
		case strings.HasPrefix(l, "orygen: warning: "):
			warns = append(warns, l)
		default:
			t.Errorf("stderr line is neither an error nor a warning: %q", l)
		}
	}
	if exit == 1 {
		if len(errs) != 1 || errs[0] != wantErr {
			t.Errorf("error lines:\n  %s\nwant exactly:\n  %s", strings.Join(errs, "\n  "), wantErr)
		}
		if !strings.HasSuffix(strings.TrimSuffix(stderr, "\n"), wantErr) {
			t.Errorf("the error is not the last line of stderr:\n%s", stderr)
		}
		assertSnapshot(t, out)
	} else {
		if len(errs) > 0 {
			t.Errorf("unexpected errors:\n%s", strings.Join(errs, "\n"))
		}
		assertGenerated(t, out)
	}
	if wantWarn != "" {
		found := false
		for _, w := range warns {
			found = found || strings.Contains(w, wantWarn)
		}
		if !found {
			t.Errorf("no warning contains %q; warnings:\n%s", wantWarn, strings.Join(warns, "\n"))
		}
	}
}

// runCatching runs the CLI; a panic fails the test with its stack instead
// of ending the test binary.
func runCatching(t *testing.T, args []string) (stderr string, code int) {
	t.Helper()
	var buf bytes.Buffer
	func() {
		defer func() {
			if r := recover(); r != nil {
				t.Fatalf("orygen %s panicked: %v\n%s", strings.Join(args, " "), r, debug.Stack())
			}
		}()
		code = run(args, &buf)
	}()
	s := buf.String()
	if strings.Contains(s, "panic") || strings.Contains(s, "goroutine ") {
		t.Errorf("stderr mentions a panic:\n%s", s)
	}
	return s, code
}

func hasLinePrefix(s, prefix string) bool {
	for _, l := range strings.Split(s, "\n") {
		if strings.HasPrefix(l, prefix) {
			return true
		}
	}
	return false
}

// The seeded output directory: a file of the user's, which orygen never
// touches, and two files an earlier orygen run wrote: one it generates
// again and one it no longer does.
var seed = map[string]string{
	"NOTES.txt":       "hand-written notes; orygen must never touch this file\n",
	"client.go":       "// Code generated by orygen (devel). DO NOT EDIT.\n// Source: old.yaml\n\npackage p\n\n// an earlier run's client\n",
	"service_gone.go": "// Code generated by orygen (devel). DO NOT EDIT.\n// Source: old.yaml\n\npackage p\n\n// an operation the spec no longer has\n",
}

// snapshots holds each seeded directory's state as written.
var snapshots = map[string]string{}

func seededOutDir(t *testing.T, dir string) string {
	t.Helper()
	for name, data := range seed {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	snapshots[dir] = snapshot(t, dir)
	return dir
}

// snapshot renders everything in dir (names, modes, contents, including
// hidden and temporary files) as text to compare.
func snapshot(t *testing.T, dir string) string {
	t.Helper()
	var b strings.Builder
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		fmt.Fprintf(&b, "%s %v\n", rel, info.Mode())
		if d.Type().IsRegular() {
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			fmt.Fprintf(&b, "%q\n", data)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func assertSnapshot(t *testing.T, dir string) {
	t.Helper()
	if got := snapshot(t, dir); got != snapshots[dir] {
		t.Errorf("output directory changed by a failed run:\nbefore:\n%s\nafter:\n%s", snapshots[dir], got)
	}
}

// assertGenerated checks a directory after a successful run: the user's
// file is intact, the stale generated file is gone, the package is there
// and no temporary file is left.
func assertGenerated(t *testing.T, dir string) {
	t.Helper()
	if data, err := os.ReadFile(filepath.Join(dir, "NOTES.txt")); err != nil || string(data) != seed["NOTES.txt"] {
		t.Errorf("NOTES.txt was changed or removed (err %v)", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "service_gone.go")); !os.IsNotExist(err) {
		t.Errorf("service_gone.go, generated by an earlier run, was not removed (err %v)", err)
	}
	if data, err := os.ReadFile(filepath.Join(dir, "client.go")); err != nil || string(data) == seed["client.go"] {
		t.Errorf("client.go was not regenerated (err %v)", err)
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".") {
			t.Errorf("left behind: %s", e.Name())
		}
	}
}

// TestNegativeGeneratedBuilds checks the "warning + working code" half of
// the corpus: each case that generates does so into one module, which
// must build and vet.
func TestNegativeGeneratedBuilds(t *testing.T) {
	if testing.Short() {
		t.Skip("skipped in -short mode: builds the generated packages")
	}
	t.Chdir("../..")
	mod := t.TempDir()
	if err := os.WriteFile(filepath.Join(mod, "go.mod"), []byte("module example.com/negative\n\ngo 1.24\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var pkgs []string
	for i, c := range readNegativeCases(t) {
		if c.Exit != 0 {
			continue
		}
		pkg := fmt.Sprintf("case%02d", i)
		args := append([]string{"-spec", filepath.Join(negativeDir, c.Spec), "-out", filepath.Join(mod, pkg)}, c.Args...)
		if stderr, code := runCatching(t, args); code != 0 {
			t.Fatalf("%s: exit %d\n%s", c.Spec, code, stderr)
		}
		pkgs = append(pkgs, pkg+" ("+c.Spec+")")
	}
	sort.Strings(pkgs)
	for _, args := range [][]string{{"build", "./..."}, {"vet", "./..."}} {
		cmd := exec.Command("go", args...)
		cmd.Dir = mod
		cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOTOOLCHAIN=local")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("go %s over %s: %v\n%s", strings.Join(args, " "), strings.Join(pkgs, ", "), err, out)
		}
	}
}
