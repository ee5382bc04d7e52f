package main

import (
	"path/filepath"
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
			[]string{"breaking (1):", "  - field Pet.Tag  *string"}, true},
		{"field type changed", "        name: {type: string}", "        name: {type: integer}",
			[]string{"  ~ field Pet.Name  *string → *int64"}, true},
		{"enum value added", "enum: [available, sold]", "enum: [available, sold, reserved]",
			[]string{"non-breaking (1):", `  + const StatusReserved  Status = "reserved"`}, false},
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
