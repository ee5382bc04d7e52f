package main

import (
	"encoding/json"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

const petsSpec = `openapi: 3.0.3
info: {title: Pets, version: "1"}
paths:
  /pets:
    get:
      operationId: listPets
      tags: [pets]
      parameters:
        - {name: limit, in: query, schema: {type: integer}}
      responses:
        '200':
          description: Pets.
          content:
            application/json:
              schema: {type: array, items: {$ref: '#/components/schemas/Pet'}}
  /pets/{id}:
    get:
      operationId: getPet
      tags: [pets]
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
      responses:
        '200':
          description: A pet.
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Pet'}
components:
  schemas:
    Pet:
      type: object
      required: [id]
      properties:
        id: {type: string}
        name: {type: string}
        tag: {type: string}
        status: {$ref: '#/components/schemas/Status'}
    Status:
      type: string
      enum: [available, sold]
`

// TestDiffSpecPairs runs orygen diff on hand-made pairs of specs.
func TestDiffSpecPairs(t *testing.T) {
	dir := t.TempDir()
	old := filepath.Join(dir, "old.yaml")
	writeTestFile(t, old, petsSpec)
	for _, tc := range []struct {
		name     string
		from, to string   // replaced in petsSpec
		want     []string // lines of the report
		breaking bool
	}{
		{"field removed", "        tag: {type: string}\n", "",
			[]string{"breaking (2):", "  - method Pet.GetTag  (*Pet) func() string", "  - field Pet.Tag  *string"}, true},
		{"field type changed", "        name: {type: string}", "        name: {type: integer}",
			[]string{"  ~ field Pet.Name  *string → *int64"}, true},
		{"enum value added", "enum: [available, sold]", "enum: [available, sold, reserved]",
			[]string{"non-breaking (2):", `  + const StatusReserved  Status = "reserved"`,
				`  + enum value Status  "reserved"  [wire-compatible: an older client keeps it unchanged; its IsKnown is false]`}, false},
		{"query parameter added", "        - {name: limit, in: query, schema: {type: integer}}\n",
			"        - {name: limit, in: query, schema: {type: integer}}\n        - {name: offset, in: query, schema: {type: integer}}\n",
			[]string{"  + field ListPetsParams.Offset  *int64"}, false},
		{"operation renamed", "operationId: getPet", "operationId: fetchPet",
			[]string{
				"  - method PetsAPI.GetPet  func(context.Context, string, ...RequestOption) (*Pet, error)",
				"  - method PetsService.GetPet  (*PetsService) func(context.Context, string, ...RequestOption) (*Pet, error)",
				"  - func NewGetPetRequest  func(context.Context, string, string, ...RequestOption) (*http.Request, error)",
				"  + method PetsAPI.FetchPet  func(context.Context, string, ...RequestOption) (*Pet, error)  [breaks implementations of PetsAPI that do not embed it]",
				"  + method PetsService.FetchPet  (*PetsService) func(context.Context, string, ...RequestOption) (*Pet, error)",
			}, true},
		{"required field made optional", "      required: [id]\n", "",
			[]string{"  ~ field Pet.ID  string → *string"}, true},
		{"schema renamed", "$ref: '#/components/schemas/Status'}\n    Status:", "$ref: '#/components/schemas/State'}\n    State:",
			[]string{"  ~ field Pet.Status  *Status → *State", "  - type Status  string", "  + type State  string"}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if !strings.Contains(petsSpec, tc.from) {
				t.Fatalf("petsSpec has no %q", tc.from)
			}
			newSpec := filepath.Join(t.TempDir(), "new.yaml")
			writeTestFile(t, newSpec, strings.Replace(petsSpec, tc.from, tc.to, 1))
			code, out, stderr := runCLI(t, "diff", old, newSpec)
			if code != 0 {
				t.Fatalf("exit %d\n%s", code, stderr)
			}
			for _, w := range tc.want {
				if !hasReportLine(out, w) {
					t.Errorf("no line %q in:\n%s", w, out)
				}
			}
			if strings.HasPrefix(out, "breaking (") != tc.breaking {
				t.Errorf("breaking: want %v:\n%s", tc.breaking, out)
			}
			wantCode := 0
			if tc.breaking {
				wantCode = 1
			}
			if code, _, _ := runCLI(t, "diff", "-fail-on-breaking", old, newSpec); code != wantCode {
				t.Errorf("-fail-on-breaking: exit %d, want %d", code, wantCode)
			}
			if code, _, _ := runCLI(t, "diff", old, newSpec, "-fail-on-breaking"); code != wantCode {
				t.Errorf("-fail-on-breaking after the operands: exit %d, want %d", code, wantCode)
			}
		})
	}
}

func hasReportLine(report, line string) bool {
	for _, l := range strings.Split(report, "\n") {
		if l == line {
			return true
		}
	}
	return false
}

// TestDiffDirs: a generated directory reads as the same API as the spec
// it came from, and directories and specs mix.
func TestDiffDirs(t *testing.T) {
	dir := t.TempDir()
	old := filepath.Join(dir, "old.yaml")
	writeTestFile(t, old, petsSpec)
	newSpec := filepath.Join(dir, "new.yaml")
	writeTestFile(t, newSpec, strings.Replace(petsSpec, "        tag: {type: string}\n", "", 1))
	oldDir, newDir := filepath.Join(dir, "oldpkg"), filepath.Join(dir, "newpkg")
	for _, g := range [][2]string{{old, oldDir}, {newSpec, newDir}} {
		if code, _, stderr := runCLI(t, "-spec", g[0], "-out", g[1]); code != 0 {
			t.Fatalf("generate: exit %d\n%s", code, stderr)
		}
	}
	if code, out, _ := runCLI(t, "diff", oldDir, old); code != 0 || out != "no changes to the Go API\n" {
		t.Errorf("a directory against its own spec: exit %d\n%s", code, out)
	}
	_, want, _ := runCLI(t, "diff", old, newSpec)
	for _, pair := range [][2]string{{oldDir, newDir}, {oldDir, newSpec}, {old, newDir}} {
		if _, got, _ := runCLI(t, "diff", pair[0], pair[1]); got != want {
			t.Errorf("diff %s %s:\n%s\nwant (from the specs):\n%s", pair[0], pair[1], got, want)
		}
	}
}

func TestDiffUsage(t *testing.T) {
	spec := filepath.Join(own, "features.yaml")
	for _, tc := range []struct {
		args []string
		code int
	}{
		{[]string{"diff"}, 2},
		{[]string{"diff", spec}, 2},
		{[]string{"diff", spec, spec, spec}, 2},
		{[]string{"diff", "-nope", spec, spec}, 2},
		{[]string{"diff", spec, "does-not-exist.yaml"}, 1},
		{[]string{"diff", spec, t.TempDir()}, 1}, // no Go files
		{[]string{"diff", spec, spec}, 0},
	} {
		if code, _, stderr := runCLI(t, tc.args...); code != tc.code {
			t.Errorf("orygen %s: exit %d, want %d\n%s", strings.Join(tc.args, " "), code, tc.code, stderr)
		}
	}
}

// TestDiffKratos compares the clients of Kratos v1.3.1 and v26.2.0.
func TestDiffKratos(t *testing.T) {
	old, cur := filepath.Join(shared, "kratos-v1.3.1.json"), filepath.Join(shared, "kratos-v26.2.0.json")
	code, out, stderr := runCLI(t, "diff", "-fail-on-breaking", old, cur)
	if code != 1 {
		t.Fatalf("exit %d, want 1 (the upgrade breaks things)\n%s", code, stderr)
	}
	for _, want := range []string{
		// breaking
		"  ~ method FrontendService.CreateNativeVerificationFlow  (*FrontendService) func(context.Context, ...RequestOption) (*VerificationFlow, error) → (*FrontendService) func(context.Context, *CreateNativeVerificationFlowParams, ...RequestOption) (*VerificationFlow, error)",
		`  - const SessionAuthenticationMethodMethodV06LegacySession  SessionAuthenticationMethodMethod = "v0.6_legacy_session"`,
		"  ~ field IdentitySchemaContainer.ID  *string → string",
		// not breaking
		"  + field Identity.ExternalID  *string",
		`  + const IdentityCredentialsTypeSAML  IdentityCredentialsType = "saml"`,
		"  + method IdentityService.GetIdentityByExternalID  (*IdentityService) func(context.Context, string, *GetIdentityByExternalIDParams, ...RequestOption) (*Identity, error)",
		"  + type UINodeDivisionAttributes  struct",
	} {
		if !hasReportLine(out, want) {
			t.Errorf("no line %q", want)
		}
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	t.Log(lines[len(lines)-1])
	if t.Failed() {
		t.Logf("report:\n%s", out)
	}
}

// gonesSpec declares error statuses of its own (410 Gone), a class (5XX)
// and a default, each with its own body type.
const gonesSpec = `openapi: 3.0.3
info: {title: Gones, version: "1"}
paths:
  /things/{id}:
    get:
      operationId: getThing
      tags: [things]
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
      responses:
        '200':
          description: A thing.
          content: {application/json: {schema: {$ref: '#/components/schemas/Thing'}}}
        '410':
          description: Gone.
          content: {application/json: {schema: {$ref: '#/components/schemas/Gone'}}}
        '5XX':
          description: Server trouble.
          content: {application/json: {schema: {$ref: '#/components/schemas/Trouble'}}}
        default:
          description: Anything else.
          content: {application/json: {schema: {$ref: '#/components/schemas/Problem'}}}
components:
  schemas:
    Thing: {type: object, properties: {id: {type: string}}}
    Gone: {type: object, properties: {since: {type: string}}}
    Trouble: {type: object, properties: {retry: {type: integer}}}
    Problem: {type: object, properties: {message: {type: string}}}
`

// TestDiffBehavior: changes the Go API does not show, to which error a
// response status decodes, are reported; a change that makes errors.As
// with the old type stop matching is breaking.
func TestDiffBehavior(t *testing.T) {
	dir := t.TempDir()
	old := filepath.Join(dir, "old.yaml")
	writeTestFile(t, old, gonesSpec)
	const gone410 = "        '410':\n          description: Gone.\n          content: {application/json: {schema: {$ref: '#/components/schemas/Gone'}}}\n"
	const dflt = "        default:\n          description: Anything else.\n          content: {application/json: {schema: {$ref: '#/components/schemas/Problem'}}}\n"
	for _, tc := range []struct {
		name     string
		from, to string
		want     string
		breaking bool
	}{
		{"declared status removed", gone410, "",
			"  - status ThingsService.GetThing 410  *ErrorResponse[Gone]  [a 410 now gives *ErrorResponse[Problem]: errors.As with *ErrorResponse[Gone] no longer matches it]", true},
		{"status and default removed", gone410 + "        '5XX':", "        '5XX':",
			"  - status ThingsService.GetThing 410  *ErrorResponse[Gone]  [a 410 now gives *ErrorResponse[Problem]: errors.As with *ErrorResponse[Gone] no longer matches it]", true},
		{"status body changed", "schema: {$ref: '#/components/schemas/Gone'}", "schema: {$ref: '#/components/schemas/Problem'}",
			"  ~ status ThingsService.GetThing 410  *ErrorResponse[Gone] → *ErrorResponse[Problem]  [a 410 now gives *ErrorResponse[Problem]: errors.As with *ErrorResponse[Gone] no longer matches it]", true},
		{"status declared over the default", gone410, gone410 + "        '404':\n          description: Missing.\n          content: {application/json: {schema: {$ref: '#/components/schemas/Gone'}}}\n",
			"  + status ThingsService.GetThing 404  *ErrorResponse[Gone]  [a 404 now gives *ErrorResponse[Gone]: errors.As with *ErrorResponse[Problem] no longer matches it]", true},
		{"body lost", "        '5XX':\n          description: Server trouble.\n          content: {application/json: {schema: {$ref: '#/components/schemas/Trouble'}}}\n",
			"        '5XX':\n          description: Server trouble.\n",
			"  ~ status ThingsService.GetThing 5XX  *ErrorResponse[Trouble] → *APIError  [a 5XX now gives *APIError: errors.As with *ErrorResponse[Trouble] no longer matches it]", true},
		{"default removed", dflt, "",
			"  - status ThingsService.GetThing default  *ErrorResponse[Problem]  [an undeclared status now gives *APIError: errors.As with *ErrorResponse[Problem] no longer matches it]", true},
		{"default with the 410's type", "schema: {$ref: '#/components/schemas/Problem'}", "schema: {$ref: '#/components/schemas/Gone'}",
			"  ~ status ThingsService.GetThing default  *ErrorResponse[Problem] → *ErrorResponse[Gone]  [an undeclared status now gives *ErrorResponse[Gone]: errors.As with *ErrorResponse[Problem] no longer matches it]", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if !strings.Contains(gonesSpec, tc.from) {
				t.Fatalf("gonesSpec has no %q", tc.from)
			}
			newSpec := filepath.Join(t.TempDir(), "new.yaml")
			writeTestFile(t, newSpec, strings.Replace(gonesSpec, tc.from, tc.to, 1))
			code, out, stderr := runCLI(t, "diff", "-fail-on-breaking", old, newSpec)
			if !hasReportLine(out, tc.want) {
				t.Errorf("no line %q in:\n%s%s", tc.want, out, stderr)
			}
			if want := map[bool]int{true: 1, false: 0}[tc.breaking]; code != want {
				t.Errorf("exit %d, want %d\n%s", code, want, stderr)
			}
		})
	}

	// Without a default, a status that gains a body only adds to what the
	// *APIError it gave carries: not breaking.
	noDefault := strings.Replace(gonesSpec, dflt, "", 1)
	writeTestFile(t, old, noDefault)
	newSpec := filepath.Join(dir, "new.yaml")
	writeTestFile(t, newSpec, strings.Replace(noDefault, gone410, gone410+"        '409':\n          description: Conflict.\n          content: {application/json: {schema: {$ref: '#/components/schemas/Problem'}}}\n", 1))
	code, out, _ := runCLI(t, "diff", "-fail-on-breaking", old, newSpec)
	const want = "  + status ThingsService.GetThing 409  *ErrorResponse[Problem]  [a 409 now gives *ErrorResponse[Problem], which unwraps to the *APIError it gave]"
	if code != 0 || !hasReportLine(out, want) || !strings.HasPrefix(out, "non-breaking (") {
		t.Errorf("exit %d, want 0 and %q, nothing breaking, in:\n%s", code, want, out)
	}

	// A directory of Go code has no model: the statuses are not compared,
	// and stderr says so.
	pkg := filepath.Join(dir, "pkg")
	if code, _, stderr := runCLI(t, "-spec", old, "-out", pkg); code != 0 {
		t.Fatalf("generate: exit %d\n%s", code, stderr)
	}
	code, out, stderr := runCLI(t, "diff", pkg, newSpec)
	if code != 0 || strings.Contains(out, "status") || !strings.Contains(stderr, "is Go code: response statuses and enum values are compared between specs only") {
		t.Errorf("directory against spec: exit %d\n%s\nstderr:\n%s", code, out, stderr)
	}
}

// TestDiffJSON: -json writes the same report for programs.
func TestDiffJSON(t *testing.T) {
	dir := t.TempDir()
	old, newSpec := filepath.Join(dir, "old.yaml"), filepath.Join(dir, "new.yaml")
	writeTestFile(t, old, petsSpec)
	writeTestFile(t, newSpec, strings.Replace(strings.Replace(petsSpec, "        tag: {type: string}\n", "", 1), "enum: [available, sold]", "enum: [available, sold, reserved]", 1))
	code, out, stderr := runCLI(t, "diff", "-json", "-fail-on-breaking", old, newSpec)
	if code != 1 {
		t.Fatalf("exit %d, want 1\n%s", code, stderr)
	}
	type change struct {
		Change, Kind, Name, Parent, Old, New, Note string
		Breaking                                   bool
	}
	var rep struct {
		Breaking         int
		NonBreaking      int `json:"non_breaking"`
		Added            int
		Removed          int
		Changed          int
		BehaviorCompared bool `json:"behavior_compared"`
		Changes          []change
	}
	dec := json.NewDecoder(strings.NewReader(out))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&rep); err != nil {
		t.Fatalf("%v in:\n%s", err, out)
	}
	want := []change{
		{Change: "removed", Kind: "method", Name: "Pet.GetTag", Parent: "Pet", Old: "(*Pet) func() string", Breaking: true},
		{Change: "removed", Kind: "field", Name: "Pet.Tag", Parent: "Pet", Old: "*string", Breaking: true},
		{Change: "added", Kind: "enum value", Name: "Status", Parent: "Status", New: `"reserved"`, Note: "wire-compatible: an older client keeps it unchanged; its IsKnown is false"},
		{Change: "added", Kind: "const", Name: "StatusReserved", New: `Status = "reserved"`},
	}
	if !reflect.DeepEqual(rep.Changes, want) || rep.Breaking != 2 || rep.NonBreaking != 2 || rep.Added != 2 || rep.Removed != 2 || rep.Changed != 0 || !rep.BehaviorCompared {
		t.Errorf("got %+v\nwant changes %+v", rep, want)
	}
	// No changes: an empty list, not null.
	if _, out, _ := runCLI(t, "diff", "-json", old, old); !strings.Contains(out, `"changes": []`) {
		t.Errorf("no changes:\n%s", out)
	}
}

// TestDiffConfig: with -config, both specs are generated as the target
// is: its overlays, include/exclude and names apply to both sides.
func TestDiffConfig(t *testing.T) {
	dir := t.TempDir()
	old := filepath.Join(dir, "old.yaml")
	writeTestFile(t, old, petsSpec)
	// The new spec drops the tag (breaking), makes the name an integer,
	// and changes listPets, which the target excludes.
	newSpec := filepath.Join(dir, "new.yaml")
	writeTestFile(t, newSpec, strings.NewReplacer("        tag: {type: string}\n", "",
		"        name: {type: string}", "        name: {type: integer}",
		"        - {name: limit, in: query, schema: {type: integer}}\n", "        - {name: limit, in: query, schema: {type: string}}\n").Replace(petsSpec))
	// The target's overlay makes the name a string again, on both sides.
	writeTestFile(t, filepath.Join(dir, "fix.yaml"), `overlay: 1.0.0
info: {title: fix, version: 1.0.0}
actions:
  - target: $.components.schemas.Pet.properties.name
    update: {type: string}
`)
	writeTestFile(t, filepath.Join(dir, "orygen.yaml"), `targets:
  - spec: old.yaml
    out: pets
    include: {operations: [getPet]}
    names: {Pet: Animal}
    overlays: [fix.yaml]
  - spec: old.yaml
    out: other
`)
	cfg := filepath.Join(dir, "orygen.yaml")
	_, plain, _ := runCLI(t, "diff", old, newSpec)
	for _, w := range []string{"  - field Pet.Tag  *string", "  ~ field Pet.Name  *string → *int64", "  ~ field ListPetsParams.Limit  *int64 → *string"} {
		if !hasReportLine(plain, w) {
			t.Fatalf("without -config, no line %q in:\n%s", w, plain)
		}
	}
	for _, args := range [][]string{
		{"diff", "-config", cfg, "-target", "pets", old, newSpec},
		{"diff", "-config", cfg, "-target", "pets", newSpec}, // OLD is the target's spec
		{"diff", newSpec, "-target", "pets", "-config", cfg},
	} {
		code, out, stderr := runCLI(t, args...)
		if code != 0 {
			t.Fatalf("%v: exit %d\n%s", args, code, stderr)
		}
		// The field's getter goes with it.
		const want = "breaking (2):\n  - method Animal.GetTag  (*Animal) func() string\n  - field Animal.Tag  *string\n2 breaking, 0 non-breaking changes (0 added, 2 removed, 0 changed)\n"
		if out != want {
			t.Errorf("%v:\n%s\nwant only the tag, named Animal, with the overlay's name and listPets excluded:\n%s", args, out, want)
		}
	}
	for _, tc := range []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"diff", "-config", cfg, old, newSpec}, 1, "has 2 targets: name one with -target"},
		{[]string{"diff", "-config", cfg, "-target", "nope", old, newSpec}, 1, `no target "nope"`},
		{[]string{"diff", "-target", "pets", old, newSpec}, 2, "-target needs -config"},
		{[]string{"diff", "-config", filepath.Join(dir, "missing.yaml"), old, newSpec}, 1, "missing.yaml"},
	} {
		code, _, stderr := runCLI(t, tc.args...)
		if code != tc.code || !strings.Contains(stderr, tc.msg) {
			t.Errorf("%v: exit %d, want %d with %q\n%s", tc.args, code, tc.code, tc.msg, stderr)
		}
	}
}
