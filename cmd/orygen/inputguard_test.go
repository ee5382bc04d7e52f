//go:build unix

package main

import (
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"
)

// runCLITimeout is runCLI that fails the test, rather than hanging it,
// if the run does not end within d.
func runCLITimeout(t *testing.T, d time.Duration, args ...string) (int, string) {
	t.Helper()
	type result struct {
		code   int
		stderr string
	}
	done := make(chan result, 1)
	go func() {
		code, _, stderr := runCLI(t, args...)
		done <- result{code, stderr}
	}()
	select {
	case r := <-done:
		return r.code, r.stderr
	case <-time.After(d):
		t.Fatalf("orygen %s did not finish within %v", strings.Join(args, " "), d)
	}
	return 0, ""
}

// TestConfigInputGuard: the config is read as a spec file is, so that a
// device is not read until memory runs out, a FIFO is not waited on, a
// directory is refused, and YAML aliases are bounded by the bytes they
// expand to, each a clear error naming the file.
func TestConfigInputGuard(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo.yaml")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skip("no FIFOs here:", err)
	}
	for _, path := range []string{"/dev/zero", fifo, dir} {
		code, stderr := runCLITimeout(t, 20*time.Second, "-config", path)
		if code != 1 || !strings.Contains(stderr, "orygen: error: "+path+": cannot read config: ") {
			t.Errorf("-config %s: exit %d, stderr %q", path, code, stderr)
		}
	}

	// A merge key repeated: small as text, far more than the limit once
	// yaml.v3 expands it into the names maps.
	var b strings.Builder
	b.WriteString("x-base: &base\n")
	for i := 0; i < 2000; i++ {
		fmt.Fprintf(&b, "  S%d: N%s\n", i, strings.Repeat("x", 200))
	}
	b.WriteString("targets:\n")
	for i := 0; i < 400; i++ {
		fmt.Fprintf(&b, "  - {spec: a.yaml, out: o%d, names: {<<: *base}}\n", i)
	}
	cfg := filepath.Join(dir, "bomb.yaml")
	writeTestFile(t, cfg, b.String())
	code, stderr := runCLITimeout(t, 60*time.Second, "-config", cfg)
	if code != 1 || !regexp.MustCompile(`^orygen: error: `+regexp.QuoteMeta(cfg)+`:\d+: invalid YAML: document contains excessive aliasing`).MatchString(stderr) {
		t.Errorf("alias bomb config: exit %d, stderr %q", code, stderr)
	}
}
