package main

import "fmt"

// perCallBench runs bench/percall: one Keto permission check and one Kratos
// toSession per iteration against an httptest server, made by orygen's
// client, client-go and a hand-written net/http + encoding/json call, all
// in the same go test process. Times come from BenchmarkPaired, which
// alternates the implementations call by call (so a busy spell of the
// machine hits all of them); allocations and bytes from BenchmarkCall,
// which runs each on its own. Issue 15's target: orygen ≤ 1.1× the
// hand-written call in ns/op and allocs/op.
func (e *env) perCallBench(t *table) error {
	res, err := e.goBench("percall")
	if err != nil {
		return err
	}
	for _, c := range []struct{ bench, label string }{
		{"keto_check", "per call, Keto checkPermission"},
		{"kratos_whoami", "per call, Kratos toSession"},
	} {
		o, ok := res["Call/"+c.bench+"/orygen"]
		paired := res["Paired/"+c.bench].metrics
		if !ok || paired["orygen-ns/op"].median == 0 {
			return fmt.Errorf("no result for orygen in %s", c.bench)
		}
		on := paired["orygen-ns/op"]
		for _, peer := range []string{"hand", "client-go"} {
			r, ok := res["Call/"+c.bench+"/"+peer]
			rn := paired[peer+"-ns/op"]
			if !ok || rn.median == 0 {
				continue
			}
			name, target := peer, ""
			if peer == "hand" {
				name, target = "hand-written", "≤ 1.10"
			}
			t.add(c.label+", ns/op", nsRange(on), nsRange(rn), name, on.median/rn.median, target)
			t.add(c.label+", allocs/op", fmt.Sprintf("%.0f", o.allocs.median), fmt.Sprintf("%.0f", r.allocs.median), name, o.allocs.median/r.allocs.median, target)
			t.add(c.label+", B/op", fmt.Sprintf("%.0f", o.bytes.median), fmt.Sprintf("%.0f", r.bytes.median), name, o.bytes.median/r.bytes.median, "")
		}
	}
	return nil
}

// nsRange is a median and range of nanoseconds, e.g. "136200 (129000–146000)".
func nsRange(s stat) string { return fmt.Sprintf("%.0f (%.0f–%.0f)", s.median, s.min, s.max) }
