package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"
)

// tinySpec is a small spec whose generated package differs with name.
func tinySpec(name string) string {
	return `openapi: 3.0.3
info: {title: ` + name + `, version: "1"}
paths:
  /` + strings.ToLower(name) + `:
    get:
      operationId: get` + name + `
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/` + name + `'}
components:
  schemas:
    ` + name + `:
      type: object
      properties:
        id: {type: string}
        ` + strings.ToLower(name) + `Count: {type: integer}
`
}

// dirFiles is every entry under dir (hidden ones too, so that a stage
// left behind shows) with its contents.
func dirFiles(t *testing.T, dir string) string {
	t.Helper()
	var lines []string
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		if d.IsDir() {
			lines = append(lines, rel+"/")
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		lines = append(lines, fmt.Sprintf("%s %q", rel, data))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(lines)
	return strings.Join(lines, "\n")
}

// TestConcurrentRunsOneOut: pairs of orygen processes run at once on one
// -out, from two specs; after each pair the directory holds exactly one
// complete generation (one of the two, with nothing else), each run
// exits 0, and -check finds the survivor current.
func TestConcurrentRunsOneOut(t *testing.T) {
	if testing.Short() {
		t.Skip("skipped in -short mode: builds the binary and runs it 100 times")
	}
	tmp := t.TempDir()
	bin := filepath.Join(tmp, "orygen")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	specs := []string{filepath.Join(tmp, "a.yaml"), filepath.Join(tmp, "b.yaml")}
	writeTestFile(t, specs[0], tinySpec("Alpha"))
	writeTestFile(t, specs[1], tinySpec("Beta"))
	out := filepath.Join(tmp, "out", "pkg")
	// The two complete generations, each made alone.
	var want [2]string
	for i, s := range specs {
		ref := filepath.Join(tmp, fmt.Sprintf("ref%d", i), "pkg")
		if b, err := exec.Command(bin, "-spec", s, "-out", ref).CombinedOutput(); err != nil {
			t.Fatalf("%s: %v\n%s", s, err, b)
		}
		want[i] = dirFiles(t, ref)
	}
	if want[0] == want[1] {
		t.Fatal("the two specs generate the same package")
	}
	last := -1
	for pair := 0; pair < 50; pair++ {
		var wg sync.WaitGroup
		var errs [2]error
		var stderr [2]bytes.Buffer
		for i, s := range specs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				cmd := exec.Command(bin, "-spec", s, "-out", out)
				cmd.Stderr = &stderr[i]
				errs[i] = cmd.Run()
			}()
		}
		wg.Wait()
		for i := range specs {
			if errs[i] != nil {
				t.Fatalf("pair %d, run %d: %v\n%s", pair, i, errs[i], stderr[i].String())
			}
			if s := stderr[i].String(); s != "" && !strings.HasPrefix(s, "orygen: waiting for another orygen run writing ") {
				t.Errorf("pair %d, run %d: stderr %q", pair, i, s)
			}
		}
		switch got := dirFiles(t, out); got {
		case want[0]:
			last = 0
		case want[1]:
			last = 1
		default:
			t.Fatalf("pair %d: the directory holds neither generation:\n%s", pair, got)
		}
	}
	if b, err := exec.Command(bin, "-check", "-spec", specs[last], "-out", out).CombinedOutput(); err != nil {
		t.Errorf("-check of the last generation: %v\n%s", err, b)
	}
}

// TestConfigFailingTargetLeavesOthers: with -config, a target that cannot
// be written (its out is a file, or a file of the user's is where a
// generated one goes) leaves every other target's directory as it was,
// the ones listed before it too.
func TestConfigFailingTargetLeavesOthers(t *testing.T) {
	dir := t.TempDir()
	writeTestFile(t, filepath.Join(dir, "a.yaml"), tinySpec("Alpha"))
	writeTestFile(t, filepath.Join(dir, "b.yaml"), tinySpec("Beta"))
	first := filepath.Join(dir, "first")
	if code, _, stderr := runCLI(t, "-spec", filepath.Join(dir, "b.yaml"), "-out", first); code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	for name, breakIt := range map[string]func(second string){
		"out is a file": func(second string) { writeTestFile(t, second, "not a directory\n") },
		"file in the way": func(second string) {
			writeTestFile(t, filepath.Join(second, "client.go"), "package second\n\n// mine\n")
		},
	} {
		t.Run(name, func(t *testing.T) {
			second := filepath.Join(dir, strings.ReplaceAll(name, " ", "-"))
			breakIt(second)
			fresh := filepath.Join(dir, "fresh-"+strings.ReplaceAll(name, " ", "-"))
			cfg := filepath.Join(dir, strings.ReplaceAll(name, " ", "-")+".yaml")
			writeTestFile(t, cfg, fmt.Sprintf("targets:\n  - {spec: a.yaml, out: first, package: first}\n  - {spec: a.yaml, out: %s}\n  - {spec: a.yaml, out: %s}\n",
				filepath.Base(fresh), filepath.Base(second)))
			before := dirState(t, first)
			code, _, stderr := runCLI(t, "-config", cfg)
			if code != 1 || !strings.Contains(stderr, "orygen: error: ") {
				t.Fatalf("exit %d, want 1\n%s", code, stderr)
			}
			if dirState(t, first) != before {
				t.Errorf("the first target's directory changed although a later one failed")
			}
			if _, err := os.Stat(fresh); !os.IsNotExist(err) {
				t.Errorf("a target that did not exist was created: %v", err)
			}
		})
	}
}

// TestConfigSymlinkedTargets: two targets whose out directories are one
// directory through a symlink are refused before anything is generated.
func TestConfigSymlinkedTargets(t *testing.T) {
	dir := t.TempDir()
	writeTestFile(t, filepath.Join(dir, "a.yaml"), tinySpec("Alpha"))
	if err := os.MkdirAll(filepath.Join(dir, "real"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("real", filepath.Join(dir, "link")); err != nil {
		t.Skip(err)
	}
	for _, outs := range [][2]string{{"real/pkg", "link/pkg"}, {"real", "link"}} {
		cfg := filepath.Join(dir, "orygen.yaml")
		writeTestFile(t, cfg, fmt.Sprintf("targets:\n  - {spec: a.yaml, out: %s, package: p}\n  - {spec: a.yaml, out: %s, package: p}\n", outs[0], outs[1]))
		code, _, stderr := runCLI(t, "-config", cfg)
		if code != 1 || !strings.Contains(stderr, "have the same out directory") {
			t.Errorf("%v: exit %d, want 1 naming the shared directory\n%s", outs, code, stderr)
		}
		if entries, _ := os.ReadDir(filepath.Join(dir, "real")); len(entries) > 0 && outs[0] == "real" {
			t.Errorf("%v: written: %v", outs, entries)
		}
	}
}

// TestOutputBudget: an allOf chain whose every link adds a property of its
// own repeats each inherited field in every struct, quadratic in the
// chain's length: it is refused by the output budget, with a located
// error, before the memory is spent; a chain of a few hundred links is
// generated as before.
func TestOutputBudget(t *testing.T) {
	dir := t.TempDir()
	chain := func(n int) string {
		i := 0
		doc := chainSpec(n, func(next string) any {
			i++
			return map[string]any{"allOf": []any{map[string]any{"$ref": next},
				map[string]any{"type": "object", "properties": map[string]any{fmt.Sprintf("p%d", i): map[string]any{"type": "string"}}}}}
		})
		data, err := json.Marshal(doc)
		if err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(dir, fmt.Sprintf("chain%d.json", n))
		writeTestFile(t, p, string(data))
		return p
	}
	big := chain(3000) // 4.5 million fields
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	start := time.Now()
	code, _, stderr := runCLI(t, "-spec", big, "-out", filepath.Join(dir, "big"))
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	if code != 1 || !regexp.MustCompile(`^orygen: error: `+regexp.QuoteMeta(big)+`#/components/schemas/S\d+: the package would have more than \d+ struct fields, the output budget`).MatchString(stderr) {
		t.Fatalf("exit %d, want 1 with the output budget's located error\n%s", code, stderr)
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 2<<30 {
		t.Errorf("refused after allocating %d MiB", alloc>>20)
	}
	t.Logf("refused in %v", time.Since(start))
	if _, err := os.Stat(filepath.Join(dir, "big")); !os.IsNotExist(err) {
		t.Errorf("written: %v", err)
	}
	small := chain(300) // 45,000 fields
	if code, _, stderr := runCLI(t, "-spec", small, "-out", filepath.Join(dir, "small")); code != 0 {
		t.Fatalf("a 300-link chain: exit %d\n%s", code, stderr)
	}
}
