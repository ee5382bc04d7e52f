package realworld

import (
	"bufio"
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/orygen/orygen/internal/loader"
	_ "github.com/orygen/orygen/internal/testflag"
)

// TestMain lets the test binary be its own runner's child.
func TestMain(m *testing.M) {
	MaybeChild()
	os.Exit(m.Run())
}

// selfRunner runs children as this test binary, which runs no test when
// it is one.
func selfRunner(t *testing.T) Runner {
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	return Runner{Exe: exe, Args: []string{"-test.run=^$"}, Workers: 2, Timeout: 3 * time.Minute, MaxRSS: 4 << 30}
}

// required: CI must run the sample, not skip it.
func required() bool { return os.Getenv("CI") != "" || os.Getenv("ORYGEN_REALWORLD_REQUIRE") != "" }

// TestCISample generates and type-checks a fixed sample of the corpus
// (testdata/ci-sample.txt), each spec in a child process: a regression on
// real specs shows at once. The full run is `make realworld`.
func TestCISample(t *testing.T) {
	if testing.Short() {
		t.Skip("skipped in -short mode (make test): make test-long runs the sample")
	}
	corpus := Corpus{Dir: DefaultCache()}
	if err := corpus.Check(); err != nil {
		if required() {
			t.Fatalf("CI or ORYGEN_REALWORLD_REQUIRE is set: %v", err)
		}
		t.Skipf("%v (set ORYGEN_REALWORLD_REQUIRE=1 to make this an error)", err)
	}
	ids := sampleIDs(t)
	all, err := corpus.Specs()
	if err != nil {
		t.Fatal(err)
	}
	var specs []Spec
	for _, id := range ids {
		i := slices.IndexFunc(all, func(s Spec) bool { return s.ID == id })
		if i < 0 {
			t.Fatalf("the sample's spec %s is not in the corpus", id)
		}
		specs = append(specs, all[i])
	}
	for _, r := range selfRunner(t).Run(specs, nil) {
		if r.Outcome != OK {
			t.Errorf("%s: %s: %s", r.ID, r.Outcome, r.Error)
		}
	}
}

func sampleIDs(t *testing.T) []string {
	data, err := os.ReadFile(filepath.Join("testdata", "ci-sample.txt"))
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		if l := strings.TrimSpace(sc.Text()); l != "" && !strings.HasPrefix(l, "#") {
			ids = append(ids, l)
		}
	}
	if len(ids) < 30 {
		t.Fatalf("the CI sample has %d specs; it should have about 40", len(ids))
	}
	return ids
}

// TestChild runs the project's own spec through the child protocol, with
// the build and vet of the written package.
func TestChild(t *testing.T) {
	spec, err := filepath.Abs("../../specs/features.yaml")
	if err != nil {
		t.Fatal(err)
	}
	res := selfRunner(t).Run([]Spec{{ID: "features.yaml", Path: spec}}, map[string]bool{"features.yaml": true})[0]
	if res.Outcome != OK || res.Error != "" {
		t.Fatalf("outcome %s: %s", res.Outcome, res.Error)
	}
	if res.Operations == 0 || res.Types == 0 || res.Lines == 0 || res.Names.Exported == 0 || res.MaxRSSMiB <= 0 {
		t.Errorf("facts missing: %+v", res)
	}
	if res.BuildVet == nil || !res.BuildVet.OK {
		t.Errorf("build+vet: %+v", res.BuildVet)
	}
}

// TestRunnerSurvives: a child that dies, hangs, grows or prints nothing
// useful is a result, not the end of the run.
func TestRunnerSurvives(t *testing.T) {
	for _, tc := range []struct {
		script string
		r      Runner
		want   Outcome
		msg    string
	}{
		{"kill -9 $$", Runner{}, Crash, "signal: killed"},
		{"echo 'panic: boom' >&2; exit 2", Runner{}, Crash, "panic: boom"},
		{"echo not json", Runner{}, Crash, "no result"},
		{"sleep 10", Runner{Timeout: 300 * time.Millisecond}, Timeout, "no result after 300ms"},
		{"sleep 10", Runner{MaxRSS: 1}, Crash, "killed: resident memory over"},
	} {
		r := tc.r
		r.Exe, r.Args = "/bin/sh", []string{"-c", tc.script}
		start := time.Now()
		res := r.Run([]Spec{{ID: "x", Path: "x"}}, nil)[0]
		if res.Outcome != tc.want || !strings.Contains(res.Error, tc.msg) {
			t.Errorf("%s: %s %q, want %s with %q", tc.script, res.Outcome, res.Error, tc.want, tc.msg)
		}
		if time.Since(start) > 5*time.Second {
			t.Errorf("%s: the runner waited %s", tc.script, time.Since(start))
		}
	}
}

func TestBrokenInitialisms(t *testing.T) {
	for ident, want := range map[string][]string{
		"RedirectUris":     {"Uris"},
		"ClientURI":        nil,
		"UserIds":          {"Ids"},
		"UserIDs":          nil,
		"OauthToken":       {"Oauth"},
		"OAuthToken":       nil,
		"Oauth2Token":      {"Oauth2"},
		"Ipv4Address":      {"Ipv4"},
		"IPv4Address":      nil,
		"VpcId":            {"Vpc", "Id"},
		"IOSApp":           nil,
		"AppIos":           {"Ios"},
		"HttpJsonApi":      {"Http", "Json", "Api"},
		"HTTPServer":       nil,
		"Identity":         nil,
		"SendSms":          {"Sms"},
		"PdfUrl":           {"Pdf", "Url"},
		"Utf8Text":         {"Utf8"},
		"API_Key":          nil,
		"LogUnifiedAPISms": {"Sms"},
	} {
		if got := BrokenInitialisms(ident); !slices.Equal(got, want) {
			t.Errorf("BrokenInitialisms(%s) = %q, want %q", ident, got, want)
		}
	}
}

func TestNameStats(t *testing.T) {
	st := nameStats([]string{"DateCreated", "DateCreated2", "ItemsN0", "S3Bucket", "V2", "UserId", strings.Repeat("Long", 16)})
	if st.Exported != 7 || st.NumericSuffix != 1 || st.NumericSuffixEx[0] != "DateCreated2" ||
		st.PointerIndex != 1 || st.Long != 1 || st.BrokenInitialisms != 1 || st.BrokenWords["Id"] != 1 {
		t.Errorf("%+v", st)
	}
}

func TestClass(t *testing.T) {
	if c := Class(loader.Diagnostic{Message: `operation "x": 3 things`, Class: "operation %q: %d things"}); c != "operation %q: %d things" {
		t.Errorf("with a format: %q", c)
	}
	a := Class(loader.Diagnostic{Message: `value "a" at /paths/~1x is not 12 but 'b'`})
	b := Class(loader.Diagnostic{Message: `value "other" at /components/y is not 7 but 'c'`})
	if a != b || a != "value %q at %s is not %d but %q" {
		t.Errorf("normalised: %q and %q", a, b)
	}
	for msg, want := range map[string]string{
		"media type application/json has 2 examples":                "media type application/json has %d examples",
		`default: value is not one of the allowed values ["a","b"]`: "default: value is not one of the allowed values […]",
		`string doesn't match the format "date-time"`:               "string doesn't match the format %q",
		"validation failed due to: at '': got array, want string":   "validation failed due to: at %q: got array, want string",
	} {
		if c := Class(loader.Diagnostic{Message: msg}); c != want {
			t.Errorf("Class(%q) = %q, want %q", msg, c, want)
		}
	}
	if c := Class(loader.Diagnostic{Message: "/paths: must be an object", Class: "%s"}); c != "%s: must be an object" {
		t.Errorf("a bare format: %q", c)
	}
}

// TestReport: the same results give the same REALWORLD.md, whatever
// order they come in.
func TestReport(t *testing.T) {
	results := []Result{
		{ID: "a.json", childResult: childResult{Outcome: OK, Seconds: 1, RawRefs: 3, Names: nameStats([]string{"RedirectUris", "Foo", "Foo2"}),
			Warnings: []WarningClass{{Class: "w %q", Count: 2, Example: "#/x: w \"1\""}}}, WallSeconds: 1.5, MaxRSSMiB: 30, BuildVet: &BuildVet{OK: true}},
		{ID: "b.json", childResult: childResult{Outcome: LoadBuild, Error: "b.json: broken",
			Warnings: []WarningClass{{Class: "w %q", Count: 1, Example: "#/y: w \"2\""}}}, WallSeconds: 0.5, MaxRSSMiB: 20},
		{ID: GitHubID, childResult: childResult{Outcome: OK, Operations: 9}, BuildVet: &BuildVet{Error: "vet: x.go:1: bad"}},
	}
	render := func(rs []Result) string {
		var b bytes.Buffer
		rep := &Report{Commit: "abc", Packages: []string{"p@1"}, Results: rs, BuildVetN: 1}
		if err := rep.Markdown(&b); err != nil {
			t.Fatal(err)
		}
		return b.String()
	}
	md := render(results)
	if md != render(results) {
		t.Error("two renderings differ")
	}
	for _, want := range []string{
		"| generate | 2 | 3 | 66.7 % |", "| type-check (the gate) | 2 | 3 |", "| go build + go vet | 1 | 2 |",
		"| `b.json` | model | b.json: broken |", "| 3 | 2 | `w %q` | a.json#/x: w \"1\" |",
		"build/vet failed: vet: x.go:1: bad", "| `Uris` | 1 | `URIs` |", "`Foo2` (a.json)",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("report lacks %q:\n%s", want, md)
		}
	}
	var b bytes.Buffer
	before := &Report{Commit: "old", Results: []Result{{ID: "a.json", childResult: childResult{Outcome: LoadBuild}}, {ID: "gone.json", childResult: childResult{Outcome: OK}}}}
	if err := (&Report{Results: results, Before: before}).Markdown(&b); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"## Changes since `old`\n\n4 specs changed outcome.", "| `a.json` | model | ok |", "| `gone.json` | ok | absent |",
		"| `" + GitHubID + "` | absent | ok, build/vet failed | vet: x.go:1: bad |", "| 1 | `model: b.json: broken` | `b.json` |"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("report with -compare lacks %q:\n%s", want, b.String())
		}
	}
}
