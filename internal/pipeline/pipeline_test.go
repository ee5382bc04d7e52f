package pipeline

import (
	"testing"
	"time"
)

// BenchmarkCheckShare measures the last gate against the rest of a run
// on the largest Ory spec: the check/total metric is its share.
func BenchmarkCheckShare(b *testing.B) {
	var check, total time.Duration
	for b.Loop() {
		res, err := Generate(Target{Spec: "../../../shared/specs/ory/client-v1.22.40.json", Package: "client"})
		if err != nil {
			b.Fatal(err)
		}
		for k, d := range res.Timings {
			total += d
			if k == "check" {
				check += d
			}
		}
	}
	b.ReportMetric(float64(check)/float64(total), "check/total")
}

func TestValidatePackage(t *testing.T) {
	for name, ok := range map[string]bool{"kratos": true, "client2": true, "_": false, "type": false, "string": false,
		"nil": false, "iota": false, "main": false, "9lives": false, "": false, "a-b": false} {
		if err := ValidatePackage(name); (err == nil) != ok {
			t.Errorf("ValidatePackage(%q) = %v", name, err)
		}
	}
	for dir, want := range map[string]string{"out/zoo": "zoo", "out/Kratos-Client": "kratosclient", "x/type": "clienttype", "x/9": "client9"} {
		if got := PackageName(dir); got != want {
			t.Errorf("PackageName(%q) = %q, want %q", dir, got, want)
		}
	}
}
