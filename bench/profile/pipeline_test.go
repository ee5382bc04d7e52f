// Package profile runs orygen's pipeline (loader → ir → emit, without
// writing files) in-process, so that `go test -bench -cpuprofile` shows where
// generation time goes:
//
//	go test ./profile -run '^$' -bench Pipeline -benchtime 10x -cpuprofile cpu.out
//	go tool pprof -top -cum profile.test cpu.out
package profile

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/orygen/orygen/internal/emit"
	"github.com/orygen/orygen/internal/irbuild"
	"github.com/orygen/orygen/internal/loader"
	"github.com/orygen/orygen/internal/pipeline"
	"github.com/orygen/orygen/internal/prune"
)

// specPath finds an Ory spec: $ORY_SPECS/NAME.json, or
// shared/specs/ory/NAME.json in the working directory or one of its parents.
func specPath(tb testing.TB, name string) string {
	if d := os.Getenv("ORY_SPECS"); d != "" {
		return filepath.Join(d, name+".json")
	}
	wd, _ := os.Getwd()
	for d := wd; ; d = filepath.Dir(d) {
		p := filepath.Join(d, "shared", "specs", "ory", name+".json")
		if _, err := os.Stat(p); err == nil {
			return p
		}
		if filepath.Dir(d) == d {
			tb.Skipf("spec %s not found above %s; set ORY_SPECS", name, wd)
		}
	}
}

// spec is $SPEC: an Ory spec's name (client-v1.22.40 if unset) or the
// path of a spec file.
func spec(tb testing.TB) string {
	name := os.Getenv("SPEC")
	if name == "" {
		name = "client-v1.22.40"
	}
	switch filepath.Ext(name) {
	case ".json", ".yaml", ".yml":
		return name
	}
	return specPath(tb, name)
}

func BenchmarkPipeline(b *testing.B) {
	path := spec(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := pipeline.Generate(pipeline.Target{Spec: path, Package: "client", Version: "bench"}); err != nil {
			b.Fatal(err)
		}
	}
}

// The stages one at a time.

func BenchmarkLoad(b *testing.B) {
	path := spec(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := loader.Load(path, loader.Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkIR(b *testing.B) {
	s, err := loader.Load(spec(b), loader.Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := irbuild.Build(s, irbuild.Options{Reserved: emit.Reserved()}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkEmit(b *testing.B) {
	s, err := loader.Load(spec(b), loader.Options{})
	if err != nil {
		b.Fatal(err)
	}
	api, _, err := irbuild.Build(s, irbuild.Options{Reserved: emit.Reserved()})
	if err != nil {
		b.Fatal(err)
	}
	prune.DropOrphans(api)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := emit.Generate(api, emit.Options{Package: "client", Version: "bench"}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSteps is BenchmarkPipeline with the time of each of the
// pipeline's steps (load, build, emit, check) reported as its own metric.
func BenchmarkSteps(b *testing.B) {
	path := spec(b)
	b.ReportAllocs()
	sum := map[string]float64{}
	for b.Loop() {
		res, err := pipeline.Generate(pipeline.Target{Spec: path, Package: "client", Version: "bench"})
		if err != nil {
			b.Fatal(err)
		}
		for k, v := range res.Timings {
			sum[k] += v.Seconds()
		}
	}
	for k, v := range sum {
		b.ReportMetric(v*1e3/float64(b.N), k+"-ms/op")
	}
}
