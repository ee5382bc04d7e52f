package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCheckIgnoresVersion: output that differs from a run only in the
// orygen version it names (header lines, the default User-Agent) is
// current for -check, with a note; any other difference is still stale.
func TestCheckIgnoresVersion(t *testing.T) {
	spec := filepath.Join(own, "features.yaml")
	out := filepath.Join(t.TempDir(), "zoo")
	if code, _, stderr := runCLI(t, "-spec", spec, "-out", out); code != 0 {
		t.Fatalf("generate: exit %d\n%s", code, stderr)
	}
	// Pretend a release wrote it.
	files, _ := filepath.Glob(filepath.Join(out, "*"))
	rewrote := 0
	for _, f := range files {
		data, _ := os.ReadFile(f)
		s := strings.ReplaceAll(string(data), "orygen (devel). DO NOT EDIT.", "orygen v1.4.0. DO NOT EDIT.")
		s = strings.ReplaceAll(s, " orygen/devel\"", " orygen/v1.4.0\"")
		if s != string(data) {
			rewrote++
			os.WriteFile(f, []byte(s), 0o644)
		}
	}
	if rewrote < 5 {
		t.Fatalf("only %d files name the version", rewrote)
	}
	client, _ := os.ReadFile(filepath.Join(out, "client.go"))
	if !strings.Contains(string(client), `"zoo orygen/v1.4.0"`) {
		t.Fatalf("client.go does not carry the version in its User-Agent:\n%s", client)
	}
	code, stdout, stderr := runCLI(t, "-spec", spec, "-out", out, "-check")
	if code != 0 || stdout != "" || !strings.Contains(stderr, "note:") || !strings.Contains(stderr, "v1.4.0") {
		t.Errorf("version-only difference: exit %d, stdout %q, stderr %q; want 0 and a note", code, stdout, stderr)
	}
	// A real change next to it is still stale.
	models := filepath.Join(out, "models.go")
	data, _ := os.ReadFile(models)
	os.WriteFile(models, append(data, []byte("\n// edited\n")...), 0o644)
	if code, stdout, _ := runCLI(t, "-spec", spec, "-out", out, "-check"); code != 1 || !strings.Contains(stdout, "edited") {
		t.Errorf("edited file: exit %d, want 1 with a diff\n%s", code, stdout)
	}
}

// TestQuiet: -quiet hides warnings, never errors.
func TestQuiet(t *testing.T) {
	spec := filepath.Join(own, "dangling-refs.yaml")
	out := filepath.Join(t.TempDir(), "p")
	code, _, stderr := runCLI(t, "-spec", spec, "-out", out)
	if code != 0 || !strings.Contains(stderr, "warning:") {
		t.Fatalf("without -quiet: exit %d, stderr %q; want warnings", code, stderr)
	}
	code, _, stderr = runCLI(t, "-spec", spec, "-out", out, "-quiet")
	if code != 0 || stderr != "" {
		t.Errorf("-quiet: exit %d, stderr %q; want nothing", code, stderr)
	}
	code, _, stderr = runCLI(t, "-spec", spec, "-out", out, "-quiet", "-strict")
	if code != 1 || !strings.Contains(stderr, "error:") {
		t.Errorf("-quiet -strict: exit %d, stderr %q; want the error", code, stderr)
	}
	cfg := filepath.Join(t.TempDir(), "orygen.yaml")
	abs, _ := filepath.Abs(spec)
	os.WriteFile(cfg, []byte("targets:\n  - spec: "+abs+"\n    out: q\n"), 0o644)
	if code, _, stderr := runCLI(t, "-config", cfg, "-quiet"); code != 0 || stderr != "" {
		t.Errorf("-config -quiet: exit %d, stderr %q", code, stderr)
	}
}

// TestReflectJSON: -reflect-json (reflect_json: in a config) leaves out
// the codecs, and only them; the codec tests (internal/codecfuzz) build
// and compare both kinds of output.
func TestReflectJSON(t *testing.T) {
	spec := filepath.Join(own, "features.yaml")
	with, without := filepath.Join(t.TempDir(), "p"), filepath.Join(t.TempDir(), "p")
	if code, _, stderr := runCLI(t, "-spec", spec, "-out", with, "-quiet"); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if code, _, stderr := runCLI(t, "-spec", spec, "-out", without, "-quiet", "-reflect-json"); code != 0 {
		t.Fatalf("-reflect-json: exit %d: %s", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(with, "codecs.go")); err != nil {
		t.Errorf("the default output has no codecs.go: %v", err)
	}
	if _, err := os.Stat(filepath.Join(without, "codecs.go")); !os.IsNotExist(err) {
		t.Errorf("-reflect-json wrote codecs.go (%v)", err)
	}
	models, _ := os.ReadFile(filepath.Join(without, "models.go"))
	if strings.Contains(string(models), "decodeJSON") || !strings.Contains(string(models), "type Animal struct") {
		t.Errorf("-reflect-json: models.go has codec methods, or lost its types")
	}
	cfg := filepath.Join(t.TempDir(), "orygen.yaml")
	abs, _ := filepath.Abs(spec)
	os.WriteFile(cfg, []byte("targets:\n  - spec: "+abs+"\n    out: r\n    reflect_json: true\n"), 0o644)
	if code, _, stderr := runCLI(t, "-config", cfg, "-quiet"); code != 0 {
		t.Fatalf("reflect_json: exit %d: %s", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(filepath.Dir(cfg), "r", "codecs.go")); !os.IsNotExist(err) {
		t.Errorf("reflect_json: true wrote codecs.go (%v)", err)
	}
}
