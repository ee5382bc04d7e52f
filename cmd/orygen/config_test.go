package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// runCLI runs the CLI in-process and returns its exit code, stdout and
// stderr.
func runCLI(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var o, e bytes.Buffer
	code = runIO(args, &o, &e)
	return code, o.String(), e.String()
}

func writeTestFile(t *testing.T, path, data string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

func readTestFile(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// featuresAbs is specs/features.yaml as an absolute path, for configs in
// temporary directories.
func featuresAbs(t *testing.T) string {
	t.Helper()
	p, err := filepath.Abs(filepath.Join(own, "features.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// TestConfigTargets generates two targets from one config: the whole zoo,
// and the keepers operations alone with a renamed schema and an extra
// initialism. Paths are relative to the config file, not to the working
// directory.
func TestConfigTargets(t *testing.T) {
	dir := t.TempDir()
	rel, err := filepath.Rel(dir, featuresAbs(t))
	if err != nil {
		t.Fatal(err)
	}
	writeTestFile(t, filepath.Join(dir, "conf", "orygen.yaml"), `
targets:
  - spec: `+filepath.Join("..", rel)+`
    out: ../gen/zoo
  - spec: `+filepath.Join("..", rel)+`
    out: ../gen/keepers
    package: keepers
    include:
      tags: [keepers]
      operations: [health]
    exclude:
      operations: [UpdateRota]
    names:
      keeper: ZooKeeper
`)
	code, _, stderr := runCLI(t, "-config", filepath.Join(dir, "conf", "orygen.yaml"))
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	zoo := readTestFile(t, filepath.Join(dir, "gen", "zoo", "models.go"))
	if !strings.Contains(zoo, "\npackage zoo\n") || !strings.Contains(zoo, "type Keeper struct") {
		t.Errorf("zoo/models.go is not the full package")
	}
	kp := filepath.Join(dir, "gen", "keepers")
	models := readTestFile(t, filepath.Join(kp, "models.go"))
	for _, want := range []string{"\npackage keepers\n", "type ZooKeeper struct", "type Animal struct", "type Diet struct", "type HealthResponse struct"} {
		if !strings.Contains(models+readTestFile(t, filepath.Join(kp, "unions.go")), want) {
			t.Errorf("keepers package lacks %q", want)
		}
	}
	for _, gone := range []string{"type Keeper struct", "type Meal struct", "type UpdateRotaBody struct", "type JSONPatch struct", "type VisitLog struct"} {
		if strings.Contains(models, gone) {
			t.Errorf("keepers/models.go has %q, which no selected operation reaches", gone)
		}
	}
	if _, err := os.Stat(filepath.Join(kp, "service_animals.go")); err == nil {
		t.Errorf("keepers has service_animals.go; the animals tag was not selected")
	}
	svc := readTestFile(t, filepath.Join(kp, "service_keepers.go"))
	if !strings.Contains(svc, ") GetKeeper(") || strings.Contains(svc, "UpdateRota") {
		t.Errorf("service_keepers.go: want GetKeeper and no UpdateRota:\n%s", svc)
	}
	// The same config with -check: current.
	if code, out, stderr := runCLI(t, "-config", filepath.Join(dir, "conf", "orygen.yaml"), "-check"); code != 0 || out != "" {
		t.Errorf("-check right after generating: exit %d\n%s%s", code, out, stderr)
	}

	if testing.Short() {
		return
	}
	// The pruned package compiles and vets on its own.
	writeTestFile(t, filepath.Join(dir, "gen", "go.mod"), "module example.com/gen\n\ngo 1.24\n")
	for _, args := range [][]string{{"build", "./..."}, {"vet", "./..."}} {
		cmd := exec.Command("go", args...)
		cmd.Dir = filepath.Join(dir, "gen")
		cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOTOOLCHAIN=local")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("go %s: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
}

// TestConfigInitialismsAndNames checks the two naming options on names
// the zoo spec has: an extra initialism and a schema override, which the
// names derived from the schema (its inline types) follow.
func TestConfigInitialismsAndNames(t *testing.T) {
	dir := t.TempDir()
	writeTestFile(t, filepath.Join(dir, "orygen.yaml"), `
targets:
  - spec: `+featuresAbs(t)+`
    out: zoo
    names:
      animal: Beast
      jsonPatch: PatchOp
    initialisms: [KG]
`)
	code, _, stderr := runCLI(t, "-config", filepath.Join(dir, "orygen.yaml"))
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	models := readTestFile(t, filepath.Join(dir, "zoo", "models.go"))
	enums := readTestFile(t, filepath.Join(dir, "zoo", "enums.go"))
	for _, want := range []string{"type Beast struct", "type PatchOp struct", "KGPerDay float64"} {
		if !strings.Contains(models, want) {
			t.Errorf("models.go lacks %q", want)
		}
	}
	for _, want := range []string{"type BeastStatus string", "type PatchOpOp string"} {
		if !strings.Contains(enums, want) {
			t.Errorf("enums.go lacks %q", want)
		}
	}
	if strings.Contains(models, "type Animal struct") || strings.Contains(models, "KgPerDay") {
		t.Errorf("models.go still has the default names")
	}
	// The package-level default is untouched by a run with options.
	files, _, err := build(filepath.Join(own, "features.yaml"), "p", false)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if f.Name == "models.go" && !strings.Contains(string(f.Data), "KgPerDay float64") {
			t.Errorf("a run with initialisms changed the names of a later run without")
		}
	}
}

func TestConfigErrors(t *testing.T) {
	spec := featuresAbs(t)
	meta, err := filepath.Abs(filepath.Join("..", "..", "specs", "meta.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, config string
		args         []string // beside -config
		code         int
		want         string // in stderr
	}{
		{"empty", "", nil, 1, "no targets"},
		{"no targets", "targets: []\n", nil, 1, "no targets"},
		{"unknown key", "targets:\n  - spec: " + spec + "\n    out: x\n    pakage: y\n", nil, 1, "pakage"},
		{"no out", "targets:\n  - spec: " + spec + "\n", nil, 1, "spec and out are required"},
		{"bad package", "targets:\n  - {spec: " + spec + ", out: x, package: 1x}\n", nil, 1, "not a valid package name"},
		{"bad name", "targets:\n  - {spec: " + spec + ", out: x, names: {animal: beast}}\n", nil, 1, "not an exported Go identifier"},
		{"unknown schema", "targets:\n  - {spec: " + spec + ", out: x, names: {animals: Beast}}\n", nil, 1, `no component schema "animals"`},
		{"bad initialism", "targets:\n  - {spec: " + spec + ", out: x, initialisms: [a-b]}\n", nil, 1, "initialisms"},
		{"unknown tag", "targets:\n  - {spec: " + spec + ", out: x, include: {tags: [keeper]}}\n", nil, 1, `no operation is tagged "keeper"`},
		{"unknown operation", "targets:\n  - {spec: " + spec + ", out: x, exclude: {operations: [getAnimals]}}\n", nil, 1, `"getAnimals"`},
		{"nothing left", "targets:\n  - {spec: " + spec + ", out: x, exclude: {tags: [animals, keepers, default]}}\n", nil, 1, "no operations"},
		{"same out", "targets:\n  - {spec: " + spec + ", out: x}\n  - {spec: " + spec + ", out: ./x/}\n", nil, 1, "same out directory"},
		{"missing spec", "targets:\n  - {spec: nope.yaml, out: x}\n", nil, 1, "nope.yaml"},
		{"with -spec", "targets:\n  - {spec: " + spec + ", out: x}\n", []string{"-spec", spec}, 2, "cannot be combined"},
		{"with -out", "targets:\n  - {spec: " + spec + ", out: x}\n", []string{"-out", "y"}, 2, "cannot be combined"},
		{"with -package", "targets:\n  - {spec: " + spec + ", out: x}\n", []string{"-package", "y"}, 2, "cannot be combined"},
		{"env unknown scheme", "targets:\n  - {spec: " + spec + ", out: x}\n  - {spec: " + meta + ", out: y,\n     env: {base_url: U, oryToken: T}}\n", nil, 1,
			`orygen.yaml:3: targets[1]: env: "oryToken" is neither base_url nor a security scheme of ` + meta + ` (it declares apiKey, basicAuth, oryAccessToken)`},
		{"env basic auth", "targets:\n  - {spec: " + meta + ", out: x, env: {basicAuth: T}}\n", nil, 1, `orygen.yaml:2: targets[0]: env: security scheme "basicAuth" is HTTP basic authentication`},
		{"env bad variable", "targets:\n  - {spec: " + meta + ", out: x, env: {base_url: 'A-B'}}\n", nil, 1, `orygen.yaml:2: targets[0]: env: base_url: "A-B" is not an environment variable name`},
		{"env not a map", "targets:\n  - {spec: " + meta + ", out: x, env: [A]}\n", nil, 1, "line 2"},
		{"bad idempotency header", "targets:\n  - {spec: " + meta + ", out: x, idempotency_header: 'Idempotency Key'}\n", nil, 1, `orygen.yaml:2: targets[0]: idempotency_header: "Idempotency Key" is not a header name`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			cfg := filepath.Join(dir, "orygen.yaml")
			writeTestFile(t, cfg, tc.config)
			code, _, stderr := runCLI(t, append([]string{"-config", cfg}, tc.args...)...)
			if code != tc.code || !strings.Contains(stderr, tc.want) {
				t.Errorf("exit %d, want %d; stderr should contain %q:\n%s", code, tc.code, tc.want, stderr)
			}
			if _, err := os.Stat(filepath.Join(dir, "x")); err == nil {
				t.Errorf("a failed run created the output directory")
			}
		})
	}
	if code, _, _ := runCLI(t, "-config", filepath.Join(t.TempDir(), "missing.yaml")); code != 1 {
		t.Errorf("missing config: exit %d, want 1", code)
	}
}

// TestConfigRaw: a oneOf whose variants cannot be told apart generates a
// union that keeps its JSON, with a warning naming the variants and the
// way out (an error under -strict); listing the schema under raw in the
// config keeps it as raw JSON instead.
func TestConfigRaw(t *testing.T) {
	dir := t.TempDir()
	writeTestFile(t, filepath.Join(dir, "spec.yaml"), `openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /x:
    get:
      operationId: getX
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/shape'}
components:
  schemas:
    shape:
      oneOf:
        - {type: object, properties: {r: {type: number}}}
        - {type: object, properties: {w: {type: number}}}
`)
	code, _, stderr := runCLI(t, "-spec", filepath.Join(dir, "spec.yaml"), "-out", filepath.Join(dir, "a"))
	if code != 0 || !strings.Contains(stderr, "warning") || !strings.Contains(stderr, "cannot be told apart") {
		t.Fatalf("an ambiguous oneOf: exit %d\n%s", code, stderr)
	}
	if !strings.Contains(stderr, "x-orygen-raw") {
		t.Errorf("the warning does not say how to resolve it:\n%s", stderr)
	}
	if models := readTestFile(t, filepath.Join(dir, "a", "unions.go")); !strings.Contains(models, "func (u Shape) AsObject() (ShapeObject, error)") {
		t.Errorf("no accessors on the fallback union:\n%s", models)
	}
	code, _, stderr = runCLI(t, "-strict", "-spec", filepath.Join(dir, "spec.yaml"), "-out", filepath.Join(dir, "s"))
	if code != 1 || !strings.Contains(stderr, "cannot be told apart") {
		t.Fatalf("an ambiguous oneOf under -strict: exit %d\n%s", code, stderr)
	}
	writeTestFile(t, filepath.Join(dir, "orygen.yaml"), "targets:\n  - {spec: spec.yaml, out: b, raw: [shape]}\n")
	code, _, stderr = runCLI(t, "-config", filepath.Join(dir, "orygen.yaml"))
	if code != 0 {
		t.Fatalf("with raw: [shape]: exit %d\n%s", code, stderr)
	}
	if models := readTestFile(t, filepath.Join(dir, "b", "models.go")); !strings.Contains(models, "type Shape = json.RawMessage") {
		t.Errorf("shape is not raw JSON:\n%s", models)
	}
	writeTestFile(t, filepath.Join(dir, "bad.yaml"), "targets:\n  - {spec: spec.yaml, out: c, raw: [shapes]}\n")
	if code, _, stderr = runCLI(t, "-config", filepath.Join(dir, "bad.yaml")); code != 1 || !strings.Contains(stderr, `no component schema "shapes"`) {
		t.Errorf("unknown raw schema: exit %d\n%s", code, stderr)
	}
}
