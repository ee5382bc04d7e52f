package realworld

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/orygen/orygen/internal/oracle"
)

// TestOracleReport: the oracle's section of REALWORLD.md, from a fake
// result, and the same after a trip through the -json file (-from).
func TestOracleReport(t *testing.T) {
	rep := &oracle.Report{
		Instances: 7,
		Types: []oracle.TypeReport{
			{Name: "Pet", Instances: 4, Losses: []oracle.Loss{
				{Type: "Pet", Source: "synthesised 0", Stage: "compare", At: "/name", Detail: "lost"},
				{Type: "Pet", Source: "synthesised nulls", Stage: "decode", Detail: "json: bad\nmore"},
			}},
			{Name: "Tag", Instances: 3, Losses: []oracle.Loss{
				{Type: "Tag", Source: "example at /components/schemas/Tag/example", Stage: "encode", Detail: "x"},
				{Type: "Tag", Source: "synthesised 1", Stage: "encode", Detail: "y"},
			}},
			{Name: "Odd", Skipped: "no schema"},
		},
	}
	lossy := oracleSpec("lossy.json", rep)
	if lossy.Types != 2 || lossy.Instances != 7 || lossy.Losses != 4 || len(lossy.FirstLosses) != 3 || lossy.Skipped != 1 {
		t.Errorf("oracleSpec = %+v", lossy)
	}
	failed := oracleSpec("failed.json", &oracle.Report{Err: errors.New("failed.json: go run in /tmp/x: exit status 1\np0/a.go:1: syntax error")})
	run := &OracleRun{Seed: 24, N: 3, Seconds: 2, Specs: []OracleSpec{
		failed, lossy, {ID: "clean.json", Types: 5, Instances: 10},
	}}
	render := func(rep *Report) string {
		var b bytes.Buffer
		if err := rep.Markdown(&b); err != nil {
			t.Fatal(err)
		}
		return b.String()
	}
	md := render(&Report{Commit: "abc", Results: []Result{{ID: "clean.json", childResult: childResult{Outcome: OK}}}, Oracle: run})
	for _, want := range []string{
		"## Round-trip oracle\n\n",
		"over 3 specs drawn with seed 24",
		"2 checked, 1 with no loss, 1 with losses, 1 it could not run; 7 types, 17 instances.",
		"| `lossy.json` | 4 | 7 | Pet (synthesised 0): at \"/name\": lost |",
		"| `failed.json` | failed.json: go run in /tmp/x: exit status 1 |",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("report lacks %q:\n%s", want, md)
		}
	}
	if strings.Contains(md, "syntax error") {
		t.Errorf("the error's first line only:\n%s", md)
	}

	// -from: the same report from the JSON file.
	data, err := json.Marshal(&Report{Commit: "abc", Results: []Result{{ID: "clean.json", childResult: childResult{Outcome: OK}}}, Oracle: run})
	if err != nil {
		t.Fatal(err)
	}
	var back Report
	if err := json.Unmarshal(data, &back); err != nil {
		t.Fatal(err)
	}
	if again := render(&back); again != md {
		t.Errorf("the report from JSON differs:\n%s\nwant:\n%s", again, md)
	}

	// The oracle failed as a whole; none ran; -oracle 0.
	md = render(&Report{Oracle: &OracleRun{Seed: 1, N: 40, Error: "no go command\ndetails"}})
	if !strings.Contains(md, "did not run on its sample of 40 specs (seed 1): no go command\n") {
		t.Errorf("report lacks the oracle's failure:\n%s", md)
	}
	if md := render(&Report{}); strings.Contains(md, "Round-trip oracle") {
		t.Errorf("a section without an oracle run:\n%s", md)
	}
}

// TestRunOracleNone: no oracle run without a sample.
func TestRunOracleNone(t *testing.T) {
	specs := []Spec{{ID: "a.json", Path: "/nowhere/a.json"}}
	if o := RunOracle(specs, []Result{{ID: "a.json", childResult: childResult{Outcome: OK}}}, 0, 1, 0); o != nil {
		t.Errorf("-oracle 0 ran: %+v", o)
	}
	if o := RunOracle(specs, []Result{{ID: "a.json", childResult: childResult{Outcome: LoadBuild}}}, 3, 1, 0); o != nil {
		t.Errorf("ran on specs that did not come out ok: %+v", o)
	}
}
