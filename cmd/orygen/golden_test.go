package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/orygen/orygen/internal/pipeline"
	"github.com/orygen/orygen/internal/testflag"

	"github.com/orygen/orygen/internal/emit"
	"github.com/orygen/orygen/internal/udiff"
)

var update = testflag.Update

const (
	shared = "../../../shared/specs/ory"
	own    = "../../specs"
	golden = "../../testdata/golden"
)

// goldenSpec is one spec whose generated package is committed, with the
// overlays applied to it.
type goldenSpec struct {
	name, path string
	overlays   []string
}

// overlayGoldens are specs generated with overlays of ours.
var overlayGoldens = []goldenSpec{
	{"kratos-v1.3.1-overlay", filepath.Join(shared, "kratos-v1.3.1.json"), []string{filepath.Join(own, "overlays", "ory.yaml")}},
	// A client older than its server: the identity schemas without
	// metadata_admin, for the unknown-member round trip.
	{"kratos-v1.3.1-older", filepath.Join(shared, "kratos-v1.3.1.json"), []string{filepath.Join(own, "overlays", "ory-session-token.yaml"), filepath.Join(own, "overlays", "kratos-older.yaml")}},
}

// specOverlays are the overlays a spec of the directories goldenSpecs
// reads is generated with, as the README's "Overlays" lists them and as
// their users would generate them: the specs that leave info.version
// empty get the overlay naming their release, and those that name the
// sessionToken scheme without declaring it the overlay declaring it
// (orygen assumes nothing of an undeclared scheme). With them, each Ory
// spec generates without a warning (TestOrySpecsQuiet).
var specOverlays = map[string][]string{
	"client-v1.22.40":    {ownOverlay("ory-session-token.yaml")},
	"hydra-v26.2.0":      {ownOverlay("hydra-v26.2.0.yaml")},
	"keto-v26.2.0":       {ownOverlay("keto-v26.2.0.yaml")},
	"kratos-v1.3.1":      {ownOverlay("ory-session-token.yaml"), ownOverlay("kratos-v1.3.1.yaml")},
	"kratos-v26.2.0":     {ownOverlay("ory-session-token.yaml"), ownOverlay("kratos-v26.2.0.yaml")},
	"oathkeeper-v26.2.0": {ownOverlay("oathkeeper-v26.2.0.yaml")},
}

func ownOverlay(name string) string { return filepath.Join(own, "overlays", name) }

// specConfigs are the configs whose first target's options (env,
// idempotency_header) a spec of ours is generated with: the options that
// exist only in a config.
var specConfigs = map[string]string{
	"meta": filepath.Join("..", "..", "testdata", "meta", "orygen.yaml"),
}

// build generates the package of a golden spec.
func (gs goldenSpec) build(pkg string) ([]emit.File, error) {
	t := pipeline.Target{Spec: gs.path, Overlays: gs.overlays, Package: pkg, Version: buildVersion()}
	if path, ok := specConfigs[gs.name]; ok {
		c, err := loadConfig(path)
		if err != nil {
			return nil, err
		}
		t.Env, t.IdempotencyHeader, t.Origin = c.Targets[0].Env, c.Targets[0].IdempotencyHeader, c.Targets[0].Origin
	}
	res, err := pipeline.Generate(t)
	return res.Files, err
}

// goldenSpecs are the six Ory specs and every spec of ours in specs/
// (specs/negative holds inputs that must fail, tested elsewhere).
func goldenSpecs(t *testing.T) []goldenSpec {
	t.Helper()
	var out []goldenSpec
	for _, dir := range []string{shared, own} {
		entries, err := os.ReadDir(dir)
		if err != nil {
			t.Fatalf("reading %s: %v", dir, err)
		}
		for _, e := range entries {
			ext := filepath.Ext(e.Name())
			if e.IsDir() || (ext != ".json" && ext != ".yaml" && ext != ".yml") {
				continue
			}
			name := strings.TrimSuffix(e.Name(), ext)
			out = append(out, goldenSpec{name: name, path: filepath.Join(dir, e.Name()), overlays: specOverlays[name]})
		}
	}
	out = append(out, overlayGoldens...)
	if len(out) < 7 {
		t.Fatalf("found %d specs; want the six Ory specs and at least one of ours", len(out))
	}
	return out
}

// goldenPackage names the package of a golden spec: its name up to the
// first '-' or '.', in lower-case letters and digits.
func goldenPackage(name string) string {
	if i := strings.IndexAny(name, "-."); i > 0 {
		name = name[:i]
	}
	return pipeline.PackageName(name)
}

func TestGolden(t *testing.T) {
	for _, gs := range goldenSpecs(t) {
		t.Run(gs.name, func(t *testing.T) {
			files, err := gs.build(goldenPackage(gs.name))
			if err != nil {
				t.Fatal(err)
			}
			dir := filepath.Join(golden, gs.name)
			if *update {
				if err := pipeline.Write(dir, files); err != nil {
					t.Fatal(err)
				}
				return
			}
			compareDir(t, dir, files)
		})
	}
}

// compareDir fails with a unified diff for each file that differs from
// the committed one, and names missing and extra files.
func compareDir(t *testing.T, dir string, files []emit.File) {
	t.Helper()
	want := map[string]bool{}
	for _, f := range files {
		want[f.Name] = true
		committed, err := os.ReadFile(filepath.Join(dir, f.Name))
		if err != nil {
			t.Errorf("%s: missing golden file (run go test ./cmd/orygen -update)", filepath.Join(dir, f.Name))
			continue
		}
		if !bytes.Equal(committed, f.Data) {
			t.Errorf("%s is stale (run go test ./cmd/orygen -update):\n%s", filepath.Join(dir, f.Name),
				udiff.Diff("golden/"+f.Name, "generated/"+f.Name, string(committed), string(f.Data)))
		}
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if !want[e.Name()] {
			t.Errorf("%s: golden file no longer generated (run go test ./cmd/orygen -update)", filepath.Join(dir, e.Name()))
		}
	}
}

func TestDeterministic(t *testing.T) {
	for _, gs := range goldenSpecs(t) {
		t.Run(gs.name, func(t *testing.T) {
			a, err := gs.build("p")
			if err != nil {
				t.Fatal(err)
			}
			b, err := gs.build("p")
			if err != nil {
				t.Fatal(err)
			}
			if len(a) != len(b) {
				t.Fatalf("file count differs: %d vs %d", len(a), len(b))
			}
			for i := range a {
				if a[i].Name != b[i].Name || !bytes.Equal(a[i].Data, b[i].Data) {
					t.Errorf("%s differs between two runs:\n%s", a[i].Name, udiff.Diff("run1", "run2", string(a[i].Data), string(b[i].Data)))
				}
			}
		})
	}
}

// TestGoldenBuildsAndVets compiles and vets every committed golden package:
// go build ./... skips testdata, so nothing else would.
func TestGoldenBuildsAndVets(t *testing.T) {
	if testing.Short() {
		t.Skip("skipped in -short mode: runs go vet over all golden packages")
	}
	var dirs []string
	for _, gs := range goldenSpecs(t) {
		dirs = append(dirs, "./"+filepath.ToSlash(filepath.Join("testdata/golden", gs.name)))
	}
	sort.Strings(dirs)
	cmd := exec.Command("go", append([]string{"vet"}, dirs...)...)
	cmd.Dir = "../.."
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go vet %s: %v\n%s", strings.Join(dirs, " "), err, out)
	}
}
