package main

import (
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/orygen/orygen/internal/apidiff"
)

// TestOryOverlayTypes shows what specs/overlays/ory.yaml changes in the
// Kratos v1.3.1 package: every flow's State becomes its enum type, the
// session-token scheme is declared, and nothing else of the API changes.
func TestOryOverlayTypes(t *testing.T) {
	plain, err := apidiff.ParseDir(filepath.Join(golden, "kratos-v1.3.1"))
	if err != nil {
		t.Fatal(err)
	}
	overlaid, err := apidiff.ParseDir(filepath.Join(golden, "kratos-v1.3.1-overlay"))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range apidiff.Compare(plain, overlaid).Changes {
		got = append(got, c.String())
	}
	var want []string
	for _, flow := range []string{"Login", "Recovery", "Registration", "Settings", "Verification"} {
		want = append(want, fmt.Sprintf("~ field %sFlow.State  json.RawMessage → %sFlowState", flow, flow))
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("the overlay changes\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}

	// The session token: declared by the overlay (not assumed), and
	// offered by the operations that read a session.
	readme := readTestFile(t, filepath.Join(golden, "kratos-v1.3.1-overlay", "README.md"))
	if strings.Contains(readme, "used but not declared") {
		t.Errorf("README still says the session token is not declared")
	}
	svc := readTestFile(t, filepath.Join(golden, "kratos-v1.3.1-overlay", "service_frontend.go"))
	if n := strings.Count(svc, `c.security = [][]string{{"sessionToken"}, {}}`); n != 9 {
		t.Errorf("%d frontend operations take the session token, want 9 (toSession, the session list and revocations, the native login and settings flows)", n)
	}
}

// TestOverlayConfigAndCheck: a target's overlays (relative to the config)
// feed the output, -overlay does the same for one run, and -check sees an
// overlay that changed.
func TestOverlayConfigAndCheck(t *testing.T) {
	dir := t.TempDir()
	rel, err := filepath.Rel(filepath.Join(dir, "conf"), featuresAbs(t))
	if err != nil {
		t.Fatal(err)
	}
	overlay := func(typ string) string {
		return "overlay: 1.0.0\ninfo: {title: zoo fixes, version: '1'}\nactions:\n" +
			"  - target: $.components.schemas.animal.properties.extra\n    update: {type: " + typ + "}\n"
	}
	ov := filepath.Join(dir, "conf", "overlays", "zoo.yaml")
	writeTestFile(t, ov, overlay("string"))
	conf := filepath.Join(dir, "conf", "orygen.yaml")
	writeTestFile(t, conf, "targets:\n  - spec: "+rel+"\n    out: ../gen/zoo\n    overlays: [overlays/zoo.yaml]\n")
	if code, _, stderr := runCLI(t, "-config", conf); code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	models := readTestFile(t, filepath.Join(dir, "gen", "zoo", "models.go"))
	if !regexp.MustCompile(`\tExtra +\*string +`).MatchString(models) {
		t.Errorf("the overlay's type is not in models.go")
	}
	if !strings.Contains(models, "// Source: features.yaml with the overlay zoo.yaml\n") {
		t.Errorf("the header does not name the overlay")
	}
	if code, out, stderr := runCLI(t, "-config", conf, "-check"); code != 0 || out != "" {
		t.Errorf("-check right after generating: exit %d\n%s%s", code, out, stderr)
	}
	// The same run from the command line is current too.
	if code, out, stderr := runCLI(t, "-spec", featuresAbs(t), "-overlay", ov, "-out", filepath.Join(dir, "gen", "zoo"), "-check"); code != 0 || out != "" {
		t.Errorf("-overlay -check: exit %d\n%s%s", code, out, stderr)
	}
	// Without the overlay, the output is stale.
	if code, _, _ := runCLI(t, "-spec", featuresAbs(t), "-out", filepath.Join(dir, "gen", "zoo"), "-check"); code != 1 {
		t.Errorf("-check without the overlay: exit %d, want 1", code)
	}

	// A changed overlay makes the output stale, and -check says how.
	writeTestFile(t, ov, overlay("integer"))
	code, out, _ := runCLI(t, "-config", conf, "-check")
	if code != 1 || !regexp.MustCompile(`-\tExtra +\*string `).MatchString(out) || !regexp.MustCompile(`\+\tExtra +\*int64 `).MatchString(out) {
		t.Errorf("-check after the overlay changed: exit %d, want 1 and a diff of Extra\n%s", code, out)
	}

	// An action that matches nothing is a warning naming the overlay and
	// the action; with -strict, an error.
	writeTestFile(t, ov, overlay("integer")+"  - target: $.components.schemas.nothing\n    update: {type: string}\n")
	code, _, stderr := runCLI(t, "-config", conf)
	if code != 0 || !strings.Contains(stderr, "orygen: warning: "+ov+"#/actions/1: target matches nothing") {
		t.Errorf("exit %d, want 0 and a warning naming the action\n%s", code, stderr)
	}
	if code, _, stderr := runCLI(t, "-config", conf, "-strict"); code != 1 || !strings.Contains(stderr, "orygen: error: "+ov+"#/actions/1: target matches nothing") {
		t.Errorf("-strict: exit %d, want 1 and the error\n%s", code, stderr)
	}

	// -overlay belongs to -spec runs.
	if code, _, _ := runCLI(t, "-config", conf, "-overlay", ov); code != 2 {
		t.Errorf("-config with -overlay: exit %d, want 2", code)
	}
}
