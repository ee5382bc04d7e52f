package oracle

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/orygen/orygen/internal/ir"
	"github.com/orygen/orygen/internal/pipeline"
	_ "github.com/orygen/orygen/internal/testflag"
)

const orySpecs = "../../../shared/specs/ory"

// knownLosses are the losses the oracle finds today, each a bug in the
// generator that another change is to fix, keyed "spec Type at" (the
// JSON pointer of the first difference) or "spec Type stage". A loss not
// listed fails the test, and so does an entry that no longer happens:
// drop it then.
var knownLosses = map[string]string{}

// allowedSkips are the reasons a type may go unchecked.
var allowedSkips = []string{"a multipart body: its file parts (Upload) are not JSON"}

// TestRoundTripSpecs runs the oracle over every spec in specs/ and the
// Ory specs, in one go command.
func TestRoundTripSpecs(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a package per spec")
	}
	specs, err := filepath.Glob("../../specs/*.yaml")
	if err != nil || len(specs) < 10 {
		t.Fatalf("specs/*.yaml: %d specs, %v", len(specs), err)
	}
	ory, _ := filepath.Glob(filepath.Join(orySpecs, "*.json"))
	if len(ory) == 0 {
		if os.Getenv("CI") != "" || os.Getenv("ORYGEN_REQUIRE_SHARED") != "" {
			t.Fatalf("no Ory specs in %s (CI or ORYGEN_REQUIRE_SHARED is set)", orySpecs)
		}
		t.Logf("no Ory specs in %s; checking specs/ only", orySpecs)
	}
	specs = append(specs, ory...)
	reps, err := RunAll(specs, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var wall, cpu time.Duration
	for _, rep := range reps {
		wall, cpu = wall+rep.Check, cpu+rep.CPU
	}
	t.Logf("%d specs: go run took %s, %s of CPU", len(reps), wall.Round(time.Millisecond), cpu.Round(time.Millisecond))
	seen := map[string]bool{}
	for _, rep := range reps {
		name := filepath.Base(rep.Spec)
		if rep.Err != nil {
			t.Errorf("%s: %v", name, rep.Err)
			continue
		}
		t.Logf("%s: %d types, %d instances (and %d invalid examples, not checked), %s generating",
			name, len(rep.Types), rep.Instances, rep.Invalid, rep.Generate.Round(time.Millisecond))
		if rep.Instances == 0 {
			t.Errorf("%s: no instance checked", name)
		}
		for _, ty := range rep.Types {
			if ty.Skipped != "" && !slices.Contains(allowedSkips, ty.Skipped) {
				t.Errorf("%s: %s not checked: %s", name, ty.Name, ty.Skipped)
			}
		}
		for _, l := range rep.Losses() {
			key := lossKey(name, l)
			if _, ok := knownLosses[key]; ok {
				seen[key] = true
				continue
			}
			t.Errorf("%s: %s\n  in:  %s\n  out: %s", name, l, l.Input, l.Output)
		}
	}
	for key, why := range knownLosses {
		if !seen[key] {
			t.Errorf("known loss %q (%s) no longer happens: drop it from knownLosses", key, why)
		}
	}
}

func lossKey(spec string, l Loss) string {
	if l.Stage == "compare" {
		return spec + " " + l.Type + " " + l.At
	}
	return spec + " " + l.Type + " " + l.Stage
}

// TestFindsAllOfOneOf: the nullable-object idiom allOf: [{oneOf: [...]}]
// once generated struct{}. Whatever the generator makes of it, the
// oracle must agree with the type: a loss while it has no fields, none
// once it carries the owner.
func TestFindsAllOfOneOf(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a package")
	}
	spec := "testdata/allof-oneof.yaml"
	res, err := pipeline.Model(pipeline.Target{Spec: spec})
	if err != nil {
		t.Fatal(err)
	}
	var empty bool
	for _, ty := range res.API.Types {
		if ty.Name == "MaybeOwner" {
			empty = ty.Kind == ir.KindStruct && len(ty.Fields) == 0 && ty.Additional == nil
		}
	}
	rep, err := Run(spec, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var lost []string
	for _, l := range rep.Losses() {
		lost = append(lost, l.String())
	}
	t.Logf("MaybeOwner is an empty struct: %v; losses:\n%s", empty, strings.Join(lost, "\n"))
	if empty {
		for _, want := range []string{`MaybeOwner (synthesised 0): at "/email": a string dropped`, `Pet (synthesised 0): at "/owner/email": a string dropped`} {
			if !slices.Contains(lost, want) {
				t.Errorf("MaybeOwner is struct{}, but the oracle does not report %s", want)
			}
		}
	} else if len(lost) > 0 {
		t.Errorf("MaybeOwner carries the owner now, but the oracle reports losses")
	}
}

// TestFindsSabotage makes a field of a generated package drop out of
// JSON (its tag becomes "-"), which the oracle must report where it is.
func TestFindsSabotage(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a package")
	}
	edited := false
	opts := Options{ReflectJSON: true, edit: func(name string, data []byte) []byte {
		if name != "models.go" {
			return data
		}
		out := bytes.Replace(data, []byte("`json:\"email,omitempty\"`"), []byte("`json:\"-\"`"), 1)
		edited = edited || !bytes.Equal(out, data)
		return out
	}}
	rep, err := Run("testdata/allof-oneof.yaml", opts)
	if err != nil {
		t.Fatal(err)
	}
	if !edited {
		t.Fatal("no field tagged email,omitempty in models.go to sabotage")
	}
	var got []string
	for _, l := range rep.Losses() {
		if l.Type == "Owner" {
			got = append(got, l.String())
		}
	}
	want := `Owner (synthesised 0): at "/email": a string dropped`
	if !slices.Contains(got, want) {
		t.Errorf("Owner's email no longer reaches JSON, yet the oracle reports %q, not %q", got, want)
	}
}

func TestDifference(t *testing.T) {
	for _, c := range []struct {
		in, out, at, detail string
	}{
		{in: `{"a":1,"b":[true]}`, out: `{"b":[true],"a":1}`},
		{in: `{"a":1.0,"b":1e2}`, out: `{"a":1,"b":100}`},
		{in: `{"t":"2024-01-02T03:04:05.000Z"}`, out: `{"t":"2024-01-02T03:04:05Z"}`},
		{in: `{"t":"2024-01-02T05:04:05+02:00"}`, out: `{"t":"2024-01-02T03:04:05Z"}`},
		{in: `{"t":"2024-01-02T03:04:05Z"}`, out: `{"t":"2024-01-02T03:04:06Z"}`, at: "/t", detail: `"2024-01-02T03:04:05Z" became "2024-01-02T03:04:06Z"`},
		{in: `{"a":{"b":1,"c":2}}`, out: `{}`, at: "/a", detail: "an object dropped"},
		{in: `{"a":{"b":1,"c":2}}`, out: `{"a":{"b":1}}`, at: "/a/c", detail: "a number dropped"},
		{in: `{"a":null}`, out: `{}`, at: "/a", detail: "null dropped"},
		{in: `{}`, out: `{"a":""}`, at: "/a", detail: "a string added"},
		{in: `{"a/b~":1.5}`, out: `{"a/b~":1}`, at: "/a~1b~0", detail: "1.5 became 1"},
		{in: `[1,2]`, out: `[1]`, at: "", detail: "an array of 2 became an array of 1"},
		{in: `{"kind":"x","a":1}`, out: `{"a":1}`, at: "/kind", detail: "a string dropped"},
		{in: `"x"`, out: `{}`, at: "", detail: `"x" became {}`},
	} {
		at, detail, err := difference([]byte(c.in), []byte(c.out))
		if err != nil {
			t.Errorf("%s vs %s: %v", c.in, c.out, err)
			continue
		}
		if at != c.at || detail != c.detail {
			t.Errorf("%s vs %s: at %q: %q; want at %q: %q", c.in, c.out, at, detail, c.at, c.detail)
		}
	}
}

// TestSynthCovers: the instances of one schema take every union member,
// every enum value, null at every nullable place, and an extra key where
// additionalProperties allows one.
func TestSynthCovers(t *testing.T) {
	res, err := pipeline.Model(pipeline.Target{Spec: "testdata/cover.yaml"})
	if err != nil {
		t.Fatal(err)
	}
	rep := &Report{}
	instances := collect(res.Spec.Doc, res.API, rep, Options{})
	var all []string
	for _, in := range instances {
		if rep.Types[in.typ].Name == "Cover" {
			all = append(all, fmt.Sprintf("%s %s", in.source, in.json))
		}
	}
	text := strings.Join(all, "\n")
	t.Logf("instances of Cover:\n%s", text)
	for _, want := range []string{
		`"shape":{"radius":1.5}`, `"shape":{"side":1}`, `"shape":"value"`, // every member
		`"colour":"red"`, `"colour":"green"`, `"colour":"blue"`, // every enum value
		`"note":null`, `"tags":["value"]`, `"oracleExtraKey":1`, `"count":1,`,
		`"pet":{"meows":true,"type":"cat"}`, `"pet":{"barks":true,"type":"dog"}`, // discriminator values
		`example at /components/schemas/Cover {"colour":"red","count":2}`,
	} {
		if !strings.Contains(text, want) {
			t.Errorf("no instance has %s", want)
		}
	}
	for _, inv := range rep.Types {
		if len(inv.Invalid) > 0 {
			t.Errorf("%s: invalid instances: %s", inv.Name, inv.Invalid)
		}
	}
}

func TestUndeclared(t *testing.T) {
	res, err := pipeline.Model(pipeline.Target{Spec: "testdata/cover.yaml"})
	if err != nil {
		t.Fatal(err)
	}
	s := res.Spec.Doc.Components.Schemas["Cover"].Value
	in := map[string]any{"colour": "red", "stray": 1, "extra": map[string]any{"k": 2},
		"tags": []any{"a"}, "pet": map[string]any{"type": "cat", "whiskers": 3}}
	c, _ := copyJSON(in)
	got := short(undeclared(s, c, 0))
	// stray is not declared; extra's keys are its additionalProperties;
	// pet is a oneOf, whose member is not known, so it stays whole.
	want := `{"colour":"red","extra":{"k":2},"pet":{"type":"cat","whiskers":3},"tags":["a"]}`
	if got != want {
		t.Errorf("got %s, want %s", got, want)
	}
}
