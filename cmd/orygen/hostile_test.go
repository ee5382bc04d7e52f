package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// The hostile corpus (issue 13): specs/hostile holds small specs of our own
// that attack the generator (names that collide with Go keywords,
// predeclared identifiers, imported packages, the runtime's and the
// emitted code's own names; path templates that change the host; $refs to
// devices and files outside the spec's folder; huge integers; reserved
// headers; bad -package names). specs/hostile/expected.json gives each
// its outcome as issue 13 demands it, not as today's code behaves:
//
//   - exit 0: generates, and the package builds and vets;
//
//   - exit 1: a located error, `error` being a substring of an
//     "orygen: error: " line (the file and the JSON pointer), nothing written;
//
//   - forbid: a string (the content of a file that must not be read or
//     quoted) that may appear neither on stderr nor in the output;
//
//   - exit 2: a usage error, `error` a substring of stderr.
//
//     go test ./cmd/orygen -run 'TestHostile' -v
//     ORYGEN_HOSTILE_RUN='^path-' go test ./cmd/orygen -run '^TestHostile$'  # the cases matching a regexp
const hostileDir = "specs/hostile"

// hostileTimeout bounds one run of orygen; running longer is a failure.
const hostileTimeout = 20 * time.Second

type hostileCase struct {
	Spec    string   `json:"spec"`              // file in specs/hostile, or folder/file for a multi-file case
	Args    []string `json:"args,omitempty"`    // extra flags: -strict, -package NAME
	Exit    int      `json:"exit"`              // 0, 1 or 2
	Error   string   `json:"error,omitempty"`   // exit 1: substring of an error line; exit 2: of stderr
	Warning string   `json:"warning,omitempty"` // exit 0: substring of a warning line
	Output  string   `json:"output,omitempty"`  // exit 0: substring of some generated file
	Forbid  string   `json:"forbid,omitempty"`  // must appear neither in stderr nor in anything written
	Why     string   `json:"why"`
}

type hostileCorpus struct {
	Support []string      `json:"support"` // entries of specs/hostile that are not cases (files cases refer to)
	Cases   []hostileCase `json:"cases"`
}

func readHostileCorpus(t *testing.T) hostileCorpus {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(hostileDir, "expected.json"))
	if err != nil {
		t.Fatal(err)
	}
	var c hostileCorpus
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&c); err != nil {
		t.Fatalf("%s/expected.json: %v", hostileDir, err)
	}
	return c
}

// hostileGate skips the slow hostile tests in -short mode only.
func hostileGate(t *testing.T) {
	t.Helper()
	if testing.Short() {
		t.Skip("skipped in -short mode: builds orygen and the generated packages")
	}
}

// TestHostileCorpusIsComplete: every entry of specs/hostile is a listed
// case (or support for one), every listed case exists, every expectation
// is well-formed, and there are at least 100 cases. Not gated: it checks
// the corpus, not the generator.
func TestHostileCorpusIsComplete(t *testing.T) {
	t.Chdir("../..")
	c := readHostileCorpus(t)
	if len(c.Cases) < 100 {
		t.Errorf("expected.json has %d cases; want at least 100", len(c.Cases))
	}
	covered := map[string]bool{"expected.json": true}
	for _, s := range c.Support {
		covered[s] = true
		if _, err := os.Lstat(filepath.Join(hostileDir, s)); err != nil {
			t.Errorf("support entry %s: %v", s, err)
		}
	}
	seen := map[string]bool{}
	for _, hc := range c.Cases {
		if seen[hc.Spec] {
			t.Errorf("%s is listed twice", hc.Spec)
		}
		seen[hc.Spec] = true
		covered[strings.Split(hc.Spec, "/")[0]] = true
		if info, err := os.Stat(filepath.Join(hostileDir, hc.Spec)); err != nil || !info.Mode().IsRegular() {
			t.Errorf("expected.json lists %s, which is not a file (%v)", hc.Spec, err)
		}
		if hc.Why == "" {
			t.Errorf("%s: no why", hc.Spec)
		}
		switch hc.Exit {
		case 0:
			if hc.Error != "" {
				t.Errorf("%s: exit 0 with an error", hc.Spec)
			}
		case 1:
			// The file of the problem and, within it, the JSON pointer
			// (a referenced file that is not a schema has none).
			if !strings.HasPrefix(hc.Error, hostileDir+"/") || !strings.Contains(hc.Error, "#/") && !strings.Contains(hc.Spec, "/") {
				t.Errorf("%s: a failing case needs the file and JSON pointer of the problem (%s/…#/…), got %q", hc.Spec, hostileDir, hc.Error)
			}
		case 2:
			if hc.Error == "" {
				t.Errorf("%s: a usage error needs a substring of its message", hc.Spec)
			}
		default:
			t.Errorf("%s: exit %d; want 0, 1 or 2", hc.Spec, hc.Exit)
		}
		if hc.Exit != 0 && (hc.Warning != "" || hc.Output != "") {
			t.Errorf("%s: warning and output are for cases that generate", hc.Spec)
		}
	}
	entries, err := os.ReadDir(hostileDir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if !covered[e.Name()] {
			t.Errorf("%s/%s is neither a listed case nor a support entry in expected.json", hostileDir, e.Name())
		}
	}
}

// hostileRun is one run of orygen and what came of it.
type hostileRun struct {
	label    string   // the case, as failures name it
	why      string   // what the case is about
	args     []string // orygen's arguments
	pkgDir   string   // sub-package of the shared module, for runs that should generate
	exit     int      // expected exit code
	error    string   // expected error substring (exit 1: of an error line; exit 2: of stderr)
	warning  string
	output   string
	forbid   string
	anyExit  bool // property test: exit 0 or a located error, both fine
	specFile string

	code     int
	stderr   string
	timedOut bool
	elapsed  time.Duration
	problems []string // one line each
}

func (r *hostileRun) fail(format string, args ...any) {
	r.problems = append(r.problems, fmt.Sprintf(format, args...))
}

// buildOrygenBinary builds cmd/orygen into a temporary directory, once
// per test.
func buildOrygenBinary(t *testing.T, repoRoot string) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "orygen")
	cmd := exec.Command("go", "build", "-o", bin, "./cmd/orygen")
	cmd.Dir = repoRoot
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build ./cmd/orygen: %v\n%s", err, out)
	}
	return bin
}

// newHostileModule makes an empty module with no requirements.
func newHostileModule(t *testing.T, name string) string {
	t.Helper()
	mod := filepath.Join(t.TempDir(), "mod")
	if err := os.MkdirAll(mod, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(mod, "go.mod"), []byte("module example.com/"+name+"\n\ngo 1.24\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	return mod
}

// runHostile runs every case through the binary, two at a time (the
// machine is shared), each under hostileTimeout, from dir.
func runHostile(bin, dir string, runs []*hostileRun) {
	var wg sync.WaitGroup
	next := make(chan *hostileRun)
	for range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for r := range next {
				runOne(bin, dir, r)
			}
		}()
	}
	for _, r := range runs {
		next <- r
	}
	close(next)
	wg.Wait()
}

func runOne(bin, dir string, r *hostileRun) {
	ctx, cancel := context.WithTimeout(context.Background(), hostileTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, r.args...)
	cmd.Dir = dir
	cmd.WaitDelay = 2 * time.Second
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	cmd.Stdout = &stderr
	start := time.Now()
	err := cmd.Run()
	r.elapsed = time.Since(start)
	r.stderr = stderr.String()
	var ee *exec.ExitError
	switch {
	case ctx.Err() != nil:
		r.timedOut = true
		r.fail("did not finish within %v (hangs or is too slow)", hostileTimeout)
		return
	case errors.As(err, &ee):
		r.code = ee.ExitCode()
	case err != nil:
		r.fail("cannot run orygen: %v", err)
		return
	}
	// A Go panic starts a line with "panic: " and dumps goroutines; a
	// warning about an operation named "panic" does neither.
	if strings.HasPrefix(r.stderr, "panic: ") || strings.Contains(r.stderr, "\npanic: ") || strings.Contains(r.stderr, "\ngoroutine ") {
		r.fail("panicked: %s", firstLine(afterString(r.stderr, "panic:")))
		return
	}
	errLines, warnLines := classify(r.stderr)
	if r.anyExit {
		switch {
		case r.code == 0:
		case r.code == 1 && len(errLines) > 0 && located(errLines[len(errLines)-1]):
		case len(errLines) > 0:
			r.fail("exit %d with an error that names no spec file: %s", r.code, oneLine(errLines[len(errLines)-1]))
		default:
			r.fail("exit %d without an \"orygen: error: \" line: %s", r.code, oneLine(r.stderr))
		}
		return
	}
	if r.code != r.exit {
		detail := oneLine(r.stderr)
		if len(errLines) > 0 {
			detail = errLines[len(errLines)-1]
		}
		r.fail("exit %d, want %d: %s", r.code, r.exit, detail)
	} else {
		switch r.exit {
		case 0:
			if len(errLines) > 0 {
				r.fail("exit 0 but stderr has an error: %s", errLines[0])
			}
			if r.warning != "" && !anyContains(warnLines, r.warning) {
				r.fail("no warning contains %q (warnings: %s)", r.warning, oneLine(strings.Join(warnLines, " | ")))
			}
			if r.output != "" && !dirContains(r.pkgDir, r.output) {
				r.fail("no generated file contains %q", r.output)
			}
		case 1:
			if !anyContains(errLines, r.error) {
				r.fail("no error line contains %q: %s", r.error, oneLine(strings.Join(errLines, " | ")))
			}
		case 2:
			if !strings.Contains(r.stderr, r.error) {
				r.fail("usage message lacks %q: %s", r.error, oneLine(r.stderr))
			}
		}
		if r.exit != 0 {
			if entries, err := os.ReadDir(r.pkgDir); err == nil && len(entries) > 0 {
				r.fail("a failed run wrote %d entries into -out", len(entries))
			}
		}
	}
	if r.forbid != "" {
		if strings.Contains(r.stderr, r.forbid) {
			r.fail("stderr echoes file content %q: %s", r.forbid, oneLine(r.stderr))
		}
		if dirContains(r.pkgDir, r.forbid) {
			r.fail("the generated package contains %q, read from a file it must not read", r.forbid)
		}
	}
}

// generated reports whether a run produced a package to build.
func (r *hostileRun) generated() bool {
	return !r.timedOut && r.code == 0 && len(r.problems) == 0 && (r.exit == 0 || r.anyExit)
}

// buildAndVet builds and vets every generated package of the runs in one
// module, with one go build and one go vet, and records the first
// compiler or vet message of each failing package on its run.
func buildAndVet(t *testing.T, mod string, runs []*hostileRun) {
	t.Helper()
	byPkg := map[string]*hostileRun{}
	n := 0
	for _, r := range runs {
		if r.generated() {
			rel, err := filepath.Rel(mod, r.pkgDir)
			if err != nil {
				t.Fatal(err)
			}
			byPkg[filepath.ToSlash(rel)] = r
			n++
		}
	}
	if n == 0 {
		return
	}
	modPath := strings.TrimPrefix(strings.SplitN(readTestFileQuiet(filepath.Join(mod, "go.mod")), "\n", 2)[0], "module ")
	for _, step := range []string{"build", "vet"} {
		cmd := exec.Command("go", step, "./...")
		cmd.Dir = mod
		cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOTOOLCHAIN=local")
		start := time.Now()
		out, err := cmd.CombinedOutput()
		t.Logf("go %s ./... over %d packages: %v", step, n, time.Since(start).Round(time.Second))
		if err == nil {
			continue
		}
		attributed := false
		var cur *hostileRun
		seen := map[*hostileRun]bool{}
		for _, l := range strings.Split(string(out), "\n") {
			if strings.HasPrefix(l, "# ") {
				p := strings.Trim(strings.TrimPrefix(l, "# "), "[]")
				p = strings.Fields(p)[0]
				cur = byPkg[strings.TrimPrefix(strings.TrimPrefix(p, modPath), "/")]
				continue
			}
			if l == "" {
				continue
			}
			// Diagnostics start with the package's directory when go
			// prints relative paths; use it when there was no header.
			if c := byPkg[strings.SplitN(strings.TrimPrefix(strings.TrimPrefix(l, "vet: "), "./"), "/", 2)[0]]; c != nil {
				cur = c
			}
			if cur == nil || seen[cur] {
				continue
			}
			if step == "vet" && len(cur.problems) > 0 {
				continue // already failed to build
			}
			seen[cur] = true
			attributed = true
			cur.fail("go %s: %s", step, oneLine(l))
		}
		if !attributed {
			t.Errorf("go %s ./... failed and no package could be named:\n%s", step, out)
		}
	}
}

// reportHostile writes one line per failing run, and a count.
func reportHostile(t *testing.T, runs []*hostileRun) {
	t.Helper()
	failed := 0
	for _, r := range runs {
		if len(r.problems) == 0 {
			continue
		}
		failed++
		t.Errorf("FAIL %s: %s  [why: %s]", r.label, strings.Join(r.problems, "; "), r.why)
	}
	if failed > 0 {
		t.Logf("%d of %d cases fail", failed, len(runs))
	} else {
		t.Logf("all %d cases pass", len(runs))
	}
}

// TestHostile runs the corpus, plus three cost cases generated here (long
// chains of aliases, allOf and property references), each with a timeout;
// the packages that generate are built and vetted together in one module.
func TestHostile(t *testing.T) {
	hostileGate(t)
	t.Chdir("../..")
	root, _ := os.Getwd()
	corpus := readHostileCorpus(t)
	bin := buildOrygenBinary(t, root)
	mod := newHostileModule(t, "hostile")
	failed := filepath.Join(t.TempDir(), "failed") // -out of cases that must fail
	var runs []*hostileRun
	var only *regexp.Regexp
	if s := os.Getenv("ORYGEN_HOSTILE_RUN"); s != "" {
		var err error
		if only, err = regexp.Compile(s); err != nil {
			t.Fatalf("ORYGEN_HOSTILE_RUN: %v", err)
		}
	}
	for i, hc := range corpus.Cases {
		if only != nil && !only.MatchString(hc.Spec) {
			continue
		}
		r := &hostileRun{label: hc.Spec, why: hc.Why, exit: hc.Exit, error: hc.Error,
			warning: hc.Warning, output: hc.Output, forbid: hc.Forbid}
		r.pkgDir = filepath.Join(mod, fmt.Sprintf("h%03d", i))
		if hc.Exit != 0 {
			r.pkgDir = filepath.Join(failed, fmt.Sprintf("h%03d", i))
		}
		r.args = append([]string{"-spec", filepath.Join(hostileDir, hc.Spec), "-out", r.pkgDir}, hc.Args...)
		runs = append(runs, r)
	}
	gen := t.TempDir()
	for i, c := range []struct {
		name, why string
		doc       map[string]any
	}{
		{"alias-chain-3000", "3,000 schemas, each a $ref to the next: linear cost", chainSpec(3000, func(next string) any { return map[string]any{"$ref": next} })},
		{"allof-chain-3000", "3,000 schemas, each allOf the next plus a property: linear cost", chainSpec(3000, func(next string) any {
			return map[string]any{"allOf": []any{map[string]any{"$ref": next}, map[string]any{"type": "object", "properties": map[string]any{"p": map[string]any{"type": "string"}}}}}
		})},
		{"property-chain-2000", "2,000 objects, each with a property referring to the next: linear cost", chainSpec(2000, func(next string) any {
			return map[string]any{"type": "object", "properties": map[string]any{"next": map[string]any{"$ref": next}}}
		})},
	} {
		if only != nil && !only.MatchString(c.name) {
			continue
		}
		spec := filepath.Join(gen, c.name+".json")
		data, err := json.Marshal(c.doc)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(spec, data, 0o644); err != nil {
			t.Fatal(err)
		}
		r := &hostileRun{label: "(generated) " + c.name, why: c.why, pkgDir: filepath.Join(mod, fmt.Sprintf("g%d", i))}
		r.args = []string{"-spec", spec, "-out", r.pkgDir}
		runs = append(runs, r)
	}
	runHostile(bin, root, runs)
	buildAndVet(t, mod, runs)
	reportHostile(t, runs)
}

// chainSpec is a spec whose one operation returns S0, where S0 … S(n-1)
// each refer to the next by link and the last is a plain object.
func chainSpec(n int, link func(next string) any) map[string]any {
	schemas := map[string]any{}
	for i := range n - 1 {
		schemas[fmt.Sprintf("S%d", i)] = link(fmt.Sprintf("#/components/schemas/S%d", i+1))
	}
	schemas[fmt.Sprintf("S%d", n-1)] = map[string]any{"type": "object", "properties": map[string]any{"end": map[string]any{"type": "string"}}}
	return map[string]any{
		"openapi": "3.0.3",
		"info":    map[string]any{"title": "chain", "version": "1"},
		"paths": map[string]any{"/chain": map[string]any{"get": map[string]any{
			"operationId": "getChain",
			"responses": map[string]any{"200": map[string]any{"description": "ok", "content": map[string]any{
				"application/json": map[string]any{"schema": map[string]any{"$ref": "#/components/schemas/S0"}}}}},
		}}},
		"components": map[string]any{"schemas": schemas},
	}
}

func classify(stderr string) (errs, warns []string) {
	for _, l := range strings.Split(stderr, "\n") {
		switch {
		case strings.HasPrefix(l, "orygen: error: "):
			errs = append(errs, l)
		case strings.HasPrefix(l, "orygen: warning: "):
			warns = append(warns, l)
		}
	}
	return errs, warns
}

// located reports whether an error line names a file (a .json, .yaml or
// .yml path), as every error about a spec must.
func located(line string) bool {
	for _, ext := range []string{".json", ".yaml", ".yml"} {
		if strings.Contains(line, ext+"#/") || strings.Contains(line, ext+":") {
			return true
		}
	}
	return false
}

func anyContains(lines []string, sub string) bool {
	for _, l := range lines {
		if strings.Contains(l, sub) {
			return true
		}
	}
	return false
}

// dirContains reports whether any file under dir contains sub.
func dirContains(dir, sub string) bool {
	found := false
	_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || found || !d.Type().IsRegular() {
			return nil
		}
		if data, err := os.ReadFile(p); err == nil && bytes.Contains(data, []byte(sub)) {
			found = true
		}
		return nil
	})
	return found
}

func readTestFileQuiet(p string) string {
	data, _ := os.ReadFile(p)
	return string(data)
}

func firstLine(s string) string {
	return strings.TrimSpace(strings.SplitN(strings.TrimSpace(s), "\n", 2)[0])
}

func afterString(s, sep string) string {
	if i := strings.Index(s, sep); i >= 0 {
		return s[i:]
	}
	return s
}

// oneLine shortens output to one readable line.
func oneLine(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > 300 {
		s = s[:300] + "…"
	}
	if s == "" {
		return "(nothing on stderr)"
	}
	return s
}
