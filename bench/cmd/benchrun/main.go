// Command benchrun measures orygen side by side with oapi-codegen v2 and
// github.com/ory/client-go, and prints one table of ratios. `make bench`
// runs it from bench/. Everything it compares against comes from the Go
// module proxy at run time; everything it writes goes to a temporary
// directory.
//
//	go run ./cmd/benchrun [-runs 7] [-compile-runs 5] [-scale 1,10,100] [-keep] [-only generation,decode,percall]
package main

import (
	"bufio"
	"bytes"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/orygen/orygen/bench/decode"
)

var (
	runs        = flag.Int("runs", 7, "generation runs per tool and spec (medians)")
	compileRuns = flag.Int("compile-runs", 5, "compiles per package (medians)")
	benchCount  = flag.Int("count", 5, "go test -count for the decode benchmarks (medians)")
	benchTime   = flag.String("benchtime", "1s", "go test -benchtime for the decode benchmarks")
	scaleFlag   = flag.String("scale", "1,10", "copies of the Network spec for the scaling runs; empty to skip (x100, 73.5 MB, is over the loader's 64 MiB limit on a spec file)")
	scaleRuns   = flag.Int("scale-runs", 3, "runs per scale factor up to x10 (x100 and more run once)")
	oapiVersion = flag.String("oapi-codegen", "latest", "version of github.com/oapi-codegen/oapi-codegen/v2 to install")
	keep        = flag.Bool("keep", false, "keep the work directory")
	workFlag    = flag.String("work", "", "work directory (default: a new temporary one)")
	onlyFlag    = flag.String("only", "", "run only these in-process steps, comma-separated: generation, decode, percall (for a quick look; no size, compile or scaling)")
)

const (
	networkSpec = "client-v1.22.40"
	kratosSpec  = "kratos-v26.2.0"
	clientGo    = "github.com/ory/client-go"
	clientGoVer = "v1.22.40"
	oapiModule  = "github.com/oapi-codegen/oapi-codegen/v2"
)

type env struct {
	root    string // the repository (main module)
	bench   string // bench/
	specs   string // ../shared/specs/ory
	work    string
	bin     string
	goBin   string
	oapiVer string
}

func main() {
	flag.Parse()
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "benchrun:", err)
		os.Exit(1)
	}
}

func run() error {
	e, err := setup()
	if err != nil {
		return err
	}
	if !*keep && *workFlag == "" {
		defer os.RemoveAll(e.work)
	}
	var t table
	load0 := loadAvg()
	machine(e)
	if *onlyFlag != "" {
		for _, s := range strings.Split(*onlyFlag, ",") {
			switch strings.TrimSpace(s) {
			case "decode":
				step("decode and encode benchmarks (go test -bench in bench/decode)")
				if err := e.decodeBench(&t); err != nil {
					return err
				}
			case "generation":
				step("building orygen and installing oapi-codegen " + *oapiVersion)
				if err := e.buildTools(); err != nil {
					return err
				}
				step(fmt.Sprintf("generation time: %d interleaved runs per tool and spec", *runs))
				gen, err := e.generation()
				if err != nil {
					return err
				}
				addGeneration(&t, gen)
			case "percall":
				step("per-call cost (go test -bench in bench/percall)")
				if err := e.perCallBench(&t); err != nil {
					return err
				}
			default:
				return fmt.Errorf("-only: unknown step %q (generation, decode, percall)", s)
			}
		}
		fmt.Printf("\nload average before %s, after %s (nproc %d)\n", load0, loadAvg(), runtime.NumCPU())
		t.print()
		return nil
	}

	step("building orygen and installing oapi-codegen " + *oapiVersion)
	if err := e.buildTools(); err != nil {
		return err
	}

	step(fmt.Sprintf("generation time: %d interleaved runs per tool and spec", *runs))
	gen, err := e.generation()
	if err != nil {
		return err
	}
	addGeneration(&t, gen)

	step("orygen's stages in-process (go test -bench in bench/profile)")
	if err := e.stages(); err != nil {
		return err
	}

	step("size of the generated package for " + networkSpec)
	pk, err := e.packages()
	if err != nil {
		return err
	}
	for _, p := range pk {
		fmt.Printf("  %-13s %7d lines of Go in %3d files  (%s)\n", p.name, p.lines, p.files, p.dir)
	}
	og, oc, cg := pk[0], pk[1], pk[2]
	t.add("lines of Go", strconv.Itoa(og.lines), strconv.Itoa(cg.lines), "client-go", float64(og.lines)/float64(cg.lines), "")
	t.add("lines of Go", strconv.Itoa(og.lines), strconv.Itoa(oc.lines), "oapi-codegen", float64(og.lines)/float64(oc.lines), "≤ 60,000 lines")

	step(fmt.Sprintf("compile time of the package alone, dependencies warm: %d interleaved runs", *compileRuns))
	if err := e.compileTimes(pk); err != nil {
		return err
	}
	t.add("compile package, wall", og.compile.wall.String(), oc.compile.wall.String(), "oapi-codegen", og.compile.wall.median/oc.compile.wall.median, "≤ 1.00")
	t.add("compile package, wall", og.compile.wall.String(), cg.compile.wall.String(), "client-go", og.compile.wall.median/cg.compile.wall.median, "")
	t.add("compile package, CPU", og.compile.cpu.String(), oc.compile.cpu.String(), "oapi-codegen", og.compile.cpu.median/oc.compile.cpu.median, "≤ 1.00")

	step("size a one-call program adds over a net/http-only one")
	std, err := e.binarySizes(pk)
	if err != nil {
		return err
	}
	for _, strip := range []bool{false, true} {
		label := "binary added"
		if strip {
			label += ", -s -w"
		}
		base := std.size[strip]
		o := og.bin[strip] - base
		for _, p := range []*pkg{oc, cg} {
			target := ""
			if p == oc {
				target = "≤ 0.5 MB added"
			}
			t.add(label, mbBytes(o), mbBytes(p.bin[strip]-base), p.name, float64(o)/float64(p.bin[strip]-base), target)
		}
	}

	step("decode and encode benchmarks (go test -bench in bench/decode)")
	if err := e.decodeBench(&t); err != nil {
		return err
	}

	step("data loss: decode → encode → compare as JSON values")
	loss, err := dataLoss()
	if err != nil {
		return err
	}
	lost := 0
	for _, l := range loss {
		t.notes = append(t.notes, l.line)
		if l.impl == "orygen" && l.diffs > 0 {
			lost += l.diffs
		}
	}
	t.add("data loss, orygen (both flows)", fmt.Sprintf("%d differences", lost), "0", "none", float64(lost), "≤ 0 differences")

	step("per-call cost: Keto checkPermission and Kratos toSession against httptest (go test -bench in bench/percall)")
	if err := e.perCallBench(&t); err != nil {
		return err
	}

	if strings.TrimSpace(*scaleFlag) != "" {
		step("scaling: copies of the Network spec with renamed schemas and paths")
		if err := e.scaling(&t); err != nil {
			return err
		}
	}

	fmt.Printf("\nload average before %s, after %s (nproc %d): timings on a shared machine are noisy; medians (min–max) shown.\n",
		load0, loadAvg(), runtime.NumCPU())
	t.print()
	return nil
}

// --- environment --------------------------------------------------------

func setup() (*env, error) {
	wd, err := os.Getwd()
	if err != nil {
		return nil, err
	}
	e := &env{}
	for d := wd; ; d = filepath.Dir(d) {
		if b, err := os.ReadFile(filepath.Join(d, "go.mod")); err == nil && bytes.HasPrefix(b, []byte("module github.com/orygen/orygen\n")) {
			e.root = d
			break
		}
		if filepath.Dir(d) == d {
			return nil, fmt.Errorf("run from the orygen repository (no go.mod of github.com/orygen/orygen above %s)", wd)
		}
	}
	e.bench = filepath.Join(e.root, "bench")
	e.specs = os.Getenv("ORY_SPECS")
	if e.specs == "" {
		e.specs = filepath.Join(filepath.Dir(e.root), "shared", "specs", "ory")
	}
	if _, err := os.Stat(filepath.Join(e.specs, networkSpec+".json")); err != nil {
		return nil, fmt.Errorf("Ory specs not found in %s (set ORY_SPECS): %w", e.specs, err)
	}
	if *workFlag != "" {
		e.work = *workFlag
		err = os.MkdirAll(e.work, 0o755)
	} else {
		e.work, err = os.MkdirTemp("", "orygen-bench-")
	}
	if err != nil {
		return nil, err
	}
	e.bin = filepath.Join(e.work, "bin")
	e.goBin = "go"
	if p, err := exec.LookPath("go"); err == nil {
		e.goBin = p
	} else if _, err := os.Stat("/usr/local/go/bin/go"); err == nil {
		e.goBin = "/usr/local/go/bin/go"
	}
	return e, os.MkdirAll(e.bin, 0o755)
}

func machine(e *env) {
	model := "unknown"
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, l := range strings.Split(string(b), "\n") {
			if k, v, ok := strings.Cut(l, ":"); ok && strings.TrimSpace(k) == "model name" {
				model = strings.TrimSpace(v)
				break
			}
		}
	}
	out, _ := e.goCmd(e.root, nil, "version").Output()
	fmt.Printf("machine: nproc %d, CPU %s, %s", runtime.NumCPU(), model, out)
	fmt.Printf("work directory: %s\n", e.work)
}

func loadAvg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "?"
	}
	return strings.Join(f[:3], " ")
}

func step(s string) { fmt.Printf("\n== %s\n", s) }

func (e *env) goCmd(dir string, extraEnv []string, args ...string) *exec.Cmd {
	c := exec.Command(e.goBin, args...)
	c.Dir = dir
	c.Env = append(os.Environ(), extraEnv...)
	return c
}

// runOut runs c and returns its combined output, failing with it.
func runOut(c *exec.Cmd) ([]byte, error) {
	out, err := c.CombinedOutput()
	if err != nil {
		return out, fmt.Errorf("%s: %v\n%s", strings.Join(c.Args, " "), err, out)
	}
	return out, nil
}

func (e *env) buildTools() error {
	if _, err := runOut(e.goCmd(e.root, nil, "build", "-o", filepath.Join(e.bin, "orygen"), "./cmd/orygen")); err != nil {
		return err
	}
	if _, err := runOut(e.goCmd(e.work, []string{"GOBIN=" + e.bin, "GOFLAGS=-mod=mod"},
		"install", oapiModule+"/cmd/oapi-codegen@"+*oapiVersion)); err != nil {
		return err
	}
	out, err := runOut(exec.Command(filepath.Join(e.bin, "oapi-codegen"), "-version"))
	if err != nil {
		return err
	}
	lines := strings.Fields(string(out))
	if len(lines) > 0 {
		e.oapiVer = lines[len(lines)-1]
	}
	fmt.Printf("  orygen from %s; oapi-codegen %s\n", e.root, e.oapiVer)
	return nil
}

// --- measurements ---------------------------------------------------------

// stat is the median and range of a set of samples.
type stat struct {
	median, min, max float64
	unit             string
}

func summarize(xs []float64, unit string) stat {
	s := slices.Clone(xs)
	sort.Float64s(s)
	if len(s) == 0 {
		return stat{unit: unit}
	}
	m := s[len(s)/2]
	if len(s)%2 == 0 {
		m = (s[len(s)/2-1] + s[len(s)/2]) / 2
	}
	return stat{median: m, min: s[0], max: s[len(s)-1], unit: unit}
}

func (s stat) String() string {
	switch s.unit {
	case "s":
		return fmt.Sprintf("%.3f s (%.3f–%.3f)", s.median, s.min, s.max)
	}
	return fmt.Sprintf("%.4g %s", s.median, s.unit)
}

type sample struct {
	wall, cpu time.Duration
	rssKB     int64
}

// measure runs c and returns its wall time, CPU time (user+system of the
// process and its waited-for children) and peak resident memory.
func measure(c *exec.Cmd) (sample, error) {
	var stderr bytes.Buffer
	c.Stdout = io.Discard
	c.Stderr = &stderr
	start := time.Now()
	err := c.Run()
	wall := time.Since(start)
	if err != nil {
		return sample{}, fmt.Errorf("%s: %v\n%s", strings.Join(c.Args, " "), err, tail(stderr.String(), 2000))
	}
	ps := c.ProcessState
	var rss int64
	if ru, ok := ps.SysUsage().(*syscall.Rusage); ok {
		rss = ru.Maxrss
	}
	return sample{wall: wall, cpu: ps.UserTime() + ps.SystemTime(), rssKB: rss}, nil
}

func tail(s string, n int) string {
	if len(s) > n {
		return "…" + s[len(s)-n:]
	}
	return s
}

type timing struct{ wall, cpu, rss stat }

func summarizeSamples(ss []sample) timing {
	var w, c, r []float64
	for _, s := range ss {
		w = append(w, s.wall.Seconds())
		c = append(c, s.cpu.Seconds())
		r = append(r, float64(s.rssKB)*1024)
	}
	return timing{summarize(w, "s"), summarize(c, "s"), summarize(r, "B")}
}

func (e *env) genCmd(tool, spec, outDir string) *exec.Cmd {
	specPath := filepath.Join(e.specs, spec+".json")
	if filepath.IsAbs(spec) {
		specPath = spec
	}
	switch tool {
	case "orygen":
		return exec.Command(filepath.Join(e.bin, "orygen"), "-spec", specPath, "-out", outDir, "-package", "client")
	case gogcTool:
		// The same binary with the collector running 4× less often: what a
		// debug.SetGCPercent(400) in orygen's main would buy.
		c := exec.Command(filepath.Join(e.bin, "orygen"), "-spec", specPath, "-out", outDir, "-package", "client")
		c.Env = append(os.Environ(), "GOGC=400")
		return c
	default:
		// -response-type-suffix: without it oapi-codegen's output for the
		// Network spec does not compile (BatchPatchIdentitiesResponse and
		// four other names are declared twice).
		return exec.Command(filepath.Join(e.bin, "oapi-codegen"), "-generate", "types,client",
			"-response-type-suffix", "Resp", "-package", "oc", "-o", filepath.Join(outDir, "oc.go"), specPath)
	}
}

func (e *env) genDir(tool, spec string) string { return filepath.Join(e.work, "gen", tool, spec) }

// gogcTool is orygen run with GOGC=400, an experiment for the profile.
const gogcTool = "orygen GOGC=400"

func (e *env) generation() (map[string]map[string]timing, error) {
	res := map[string]map[string]timing{}
	for _, spec := range []string{networkSpec, kratosSpec} {
		tools := []string{"orygen", "oapi-codegen"}
		if spec == networkSpec {
			tools = append(tools, gogcTool)
		}
		samples := map[string][]sample{}
		for _, tool := range tools { // warm-up: page cache, output directory
			if err := os.MkdirAll(e.genDir(tool, spec), 0o755); err != nil {
				return nil, err
			}
			if _, err := measure(e.genCmd(tool, spec, e.genDir(tool, spec))); err != nil {
				return nil, err
			}
		}
		for i := 0; i < *runs; i++ {
			order := slices.Clone(tools)
			if i%2 == 1 {
				slices.Reverse(order)
			}
			for _, tool := range order {
				s, err := measure(e.genCmd(tool, spec, e.genDir(tool, spec)))
				if err != nil {
					return nil, err
				}
				samples[tool] = append(samples[tool], s)
			}
		}
		res[spec] = map[string]timing{}
		for _, tool := range tools {
			tm := summarizeSamples(samples[tool])
			res[spec][tool] = tm
			fmt.Printf("  %-16s %-15s wall %s  CPU %s  peak RSS %s\n", spec, tool, tm.wall, tm.cpu, mb(tm.rss.median))
		}
	}
	return res, nil
}

// pkg is a generated (or downloaded) client package inside a probe module.
type pkg struct {
	name       string
	dir        string // where its sources are
	lines      int
	files      int
	probe      string // a module that builds it and a one-call program
	importPath string
	mainSrc    string
	compile    timing
	bin        map[bool]int64 // stripped → size
}

func countLines(dir string, skip func(rel string) bool) (lines, files int, err error) {
	err = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		if d.IsDir() {
			if rel != "." && skip != nil && skip(rel+"/") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(p, ".go") || (skip != nil && skip(rel)) {
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		lines += bytes.Count(b, []byte("\n"))
		files++
		return nil
	})
	return
}

const probeGoMod = "module example.com/probe\n\ngo 1.24\n"

func (e *env) packages() ([]*pkg, error) {
	// orygen: the package generated above, in a module of its own.
	og := &pkg{name: "orygen", importPath: "example.com/probe/client", probe: filepath.Join(e.work, "probe-orygen")}
	og.dir = filepath.Join(og.probe, "client")
	if err := copyDir(e.genDir("orygen", networkSpec), og.dir); err != nil {
		return nil, err
	}
	og.mainSrc = `package main

import (
	"context"
	"fmt"
	"os"

	client "example.com/probe/client"
)

func main() {
	c, err := client.NewClient(os.Args[1])
	if err != nil {
		panic(err)
	}
	flow, err := c.Frontend.CreateNativeLoginFlow(context.Background(), nil)
	if err != nil {
		panic(err)
	}
	fmt.Println(flow.ID)
}
`
	// oapi-codegen: its output and the runtime module it needs.
	oc := &pkg{name: "oapi-codegen", importPath: "example.com/probe/oc", probe: filepath.Join(e.work, "probe-oapi-codegen")}
	oc.dir = filepath.Join(oc.probe, "oc")
	if err := copyDir(e.genDir("oapi-codegen", networkSpec), oc.dir); err != nil {
		return nil, err
	}
	oc.mainSrc = `package main

import (
	"context"
	"fmt"
	"os"

	"example.com/probe/oc"
)

func main() {
	c, err := oc.NewClientWithResponses(os.Args[1])
	if err != nil {
		panic(err)
	}
	r, err := c.CreateNativeLoginFlowWithResponse(context.Background(), &oc.CreateNativeLoginFlowParams{})
	if err != nil {
		panic(err)
	}
	fmt.Println(r.JSON200.Id)
}
`
	// client-go from the module cache.
	cg := &pkg{name: "client-go", importPath: clientGo, probe: filepath.Join(e.work, "probe-client-go")}
	cg.mainSrc = `package main

import (
	"context"
	"fmt"
	"os"

	client "github.com/ory/client-go"
)

func main() {
	cfg := client.NewConfiguration()
	cfg.Servers = client.ServerConfigurations{{URL: os.Args[1]}}
	flow, _, err := client.NewAPIClient(cfg).FrontendAPI.CreateNativeLoginFlow(context.Background()).Execute()
	if err != nil {
		panic(err)
	}
	fmt.Println(flow.Id)
}
`
	all := []*pkg{og, oc, cg}
	for _, p := range all {
		if err := os.MkdirAll(filepath.Join(p.probe, "main"), 0o755); err != nil {
			return nil, err
		}
		if err := os.WriteFile(filepath.Join(p.probe, "main", "main.go"), []byte(p.mainSrc), 0o644); err != nil {
			return nil, err
		}
		gomod := probeGoMod
		if p == cg {
			gomod += "\nrequire " + clientGo + " " + clientGoVer + "\n"
		}
		if err := os.WriteFile(filepath.Join(p.probe, "go.mod"), []byte(gomod), 0o644); err != nil {
			return nil, err
		}
		if p != og { // fetch what the package needs from the module proxy
			if _, err := runOut(e.goCmd(p.probe, []string{"GOFLAGS=-mod=mod"}, "mod", "tidy")); err != nil {
				return nil, err
			}
		}
	}
	out, err := runOut(e.goCmd(cg.probe, nil, "list", "-m", "-f", "{{.Dir}}", clientGo))
	if err != nil {
		return nil, err
	}
	cg.dir = strings.TrimSpace(string(out))
	for _, p := range all {
		skip := func(rel string) bool { return strings.HasSuffix(rel, "_test.go") }
		if p == cg { // client-go's own tests live in test/ and api/
			skip = func(rel string) bool {
				return strings.HasSuffix(rel, "_test.go") || strings.HasPrefix(rel, "test/") || strings.HasPrefix(rel, "api/")
			}
		}
		if p.lines, p.files, err = countLines(p.dir, skip); err != nil {
			return nil, err
		}
	}
	return all, nil
}

func copyDir(src, dst string) error {
	if err := os.MkdirAll(dst, 0o755); err != nil {
		return err
	}
	ents, err := os.ReadDir(src)
	if err != nil {
		return err
	}
	for _, ent := range ents {
		if ent.IsDir() || !strings.HasSuffix(ent.Name(), ".go") {
			continue
		}
		b, err := os.ReadFile(filepath.Join(src, ent.Name()))
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dst, ent.Name()), b, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// compileTimes times the compiler on each package alone. `go list -export
// -deps` builds (or finds in the build cache) every dependency and prints
// the export data of each; an importcfg naming those lets the compiler be run
// directly on the package's files, as `go build` runs it, but with nothing
// cached for the package itself and no go-command overhead. The flags are
// those `go build -x` shows: -p, -lang, -complete, -c (the compiler's
// backend concurrency, min(4, GOMAXPROCS)), -nolocalimports, -importcfg,
// -pack.
func (e *env) compileTimes(all []*pkg) error {
	toolDir, err := runOut(e.goCmd(e.root, nil, "env", "GOTOOLDIR"))
	if err != nil {
		return err
	}
	compiler := filepath.Join(strings.TrimSpace(string(toolDir)), "compile")
	cmds := map[*pkg][]string{}
	for _, p := range all {
		out, err := runOut(e.goCmd(p.probe, nil, "list", "-export", "-deps", "-f",
			"{{if .Export}}packagefile {{.ImportPath}}={{.Export}}{{end}}", p.importPath))
		if err != nil {
			return err
		}
		var cfg []string
		for _, l := range strings.Split(string(out), "\n") {
			if l != "" && !strings.HasPrefix(l, "packagefile "+p.importPath+"=") {
				cfg = append(cfg, l)
			}
		}
		cfgPath := filepath.Join(p.probe, "importcfg")
		if err := os.WriteFile(cfgPath, []byte(strings.Join(cfg, "\n")+"\n"), 0o644); err != nil {
			return err
		}
		info, err := runOut(e.goCmd(p.probe, nil, "list", "-f",
			"{{.Dir}}\n{{with .Module}}{{.GoVersion}}{{end}}\n{{join .GoFiles \" \"}}\n{{len .SFiles}}{{len .CgoFiles}}", p.importPath))
		if err != nil {
			return err
		}
		f := strings.Split(strings.TrimSpace(string(info)), "\n")
		if len(f) < 4 || f[3] != "00" {
			return fmt.Errorf("%s: unexpected go list output (assembly or cgo?): %q", p.importPath, info)
		}
		lang := f[1]
		if lang == "" {
			lang = "1.24"
		}
		if strings.Count(lang, ".") > 1 { // go1.24.0 → go1.24
			lang = lang[:strings.LastIndex(lang, ".")]
		}
		args := []string{"-o", filepath.Join(p.probe, "pkg.a"), "-p", p.importPath, "-lang=go" + lang,
			"-complete", fmt.Sprintf("-c=%d", min(4, runtime.GOMAXPROCS(0))), "-nolocalimports",
			"-importcfg", cfgPath, "-pack"}
		for _, g := range strings.Fields(f[2]) {
			args = append(args, filepath.Join(f[0], g))
		}
		cmds[p] = args
	}
	samples := map[*pkg][]sample{}
	for i := -1; i < *compileRuns; i++ { // i == -1: warm-up
		order := slices.Clone(all)
		if i%2 == 1 {
			slices.Reverse(order)
		}
		for _, p := range order {
			s, err := measure(exec.Command(compiler, cmds[p]...))
			if err != nil {
				return err
			}
			if i >= 0 {
				samples[p] = append(samples[p], s)
			}
		}
	}
	for _, p := range all {
		p.compile = summarizeSamples(samples[p])
		fmt.Printf("  %-13s compile wall %s  CPU %s  peak RSS %s\n", p.name, p.compile.wall, p.compile.cpu, mb(p.compile.rss.median))
	}
	return nil
}

type stdProgram struct{ size map[bool]int64 }

const stdMain = `package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
)

func main() {
	req, err := http.NewRequestWithContext(context.Background(), http.MethodGet, os.Args[1]+"/self-service/login/api", nil)
	if err != nil {
		panic(err)
	}
	req.Header.Set("Accept", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		panic(err)
	}
	defer resp.Body.Close()
	var flow struct {
		ID string ` + "`json:\"id\"`" + `
	}
	if err := json.NewDecoder(resp.Body).Decode(&flow); err != nil {
		panic(err)
	}
	fmt.Println(flow.ID)
}
`

// binarySizes builds each one-call program and a net/http-only one, with
// and without -ldflags=-s -w.
func (e *env) binarySizes(all []*pkg) (*stdProgram, error) {
	stdDir := filepath.Join(e.work, "probe-std")
	if err := os.MkdirAll(filepath.Join(stdDir, "main"), 0o755); err != nil {
		return nil, err
	}
	if err := os.WriteFile(filepath.Join(stdDir, "go.mod"), []byte(probeGoMod), 0o644); err != nil {
		return nil, err
	}
	if err := os.WriteFile(filepath.Join(stdDir, "main", "main.go"), []byte(stdMain), 0o644); err != nil {
		return nil, err
	}
	build := func(dir string, strip bool) (int64, error) {
		out := filepath.Join(dir, "prog")
		args := []string{"build", "-o", out}
		if strip {
			args = append(args, "-ldflags=-s -w")
		}
		if _, err := runOut(e.goCmd(dir, nil, append(args, "./main")...)); err != nil {
			return 0, err
		}
		fi, err := os.Stat(out)
		if err != nil {
			return 0, err
		}
		return fi.Size(), nil
	}
	std := &stdProgram{size: map[bool]int64{}}
	for _, strip := range []bool{false, true} {
		n, err := build(stdDir, strip)
		if err != nil {
			return nil, err
		}
		std.size[strip] = n
		for _, p := range all {
			if p.bin == nil {
				p.bin = map[bool]int64{}
			}
			if p.bin[strip], err = build(p.probe, strip); err != nil {
				return nil, err
			}
		}
	}
	fmt.Printf("  %-13s %10s %10s\n", "program", "size", "-s -w")
	fmt.Printf("  %-13s %10d %10d\n", "net/http only", std.size[false], std.size[true])
	for _, p := range all {
		fmt.Printf("  %-13s %10d %10d   adds %s / %s\n", p.name, p.bin[false], p.bin[true],
			mbBytes(p.bin[false]-std.size[false]), mbBytes(p.bin[true]-std.size[true]))
	}
	return std, nil
}

var benchLine = regexp.MustCompile(`^Benchmark(\S+?)(?:-\d+)?\s+\d+\s+([\d.]+) ns/op(?:\s+[\d.]+ MB/s)?\s+(\d+) B/op\s+(\d+) allocs/op`)

type benchRes struct {
	ns, bytes, allocs stat
	metrics           map[string]stat // custom metrics (b.ReportMetric), by unit
}

// benchMetric is one custom metric of a benchmark line: value and unit.
var benchName = regexp.MustCompile(`^Benchmark(\S+?)(?:-\d+)?$`)

var benchMetric = regexp.MustCompile(`\s([\d.]+) ([A-Za-z][\w.-]*-ns/op)`)

// goBench runs the benchmarks of pkg (-count, -benchtime) and prints and
// returns the medians of each.
func (e *env) goBench(pkg string) (map[string]benchRes, error) {
	args := []string{"test", "-run", "^$", "-bench", ".", "-benchmem",
		"-count", strconv.Itoa(*benchCount), "-benchtime", *benchTime, "./" + pkg}
	out, err := runOut(e.goCmd(e.bench, nil, args...))
	if err != nil {
		return nil, err
	}
	// The encoding/json/v2 rows need GOEXPERIMENT=jsonv2 (Go 1.25 and
	// later), in a run of their own: the experiment also rebuilds
	// encoding/json on top of v2, which would change every other row.
	if pkg == "decode" {
		v2 := slices.Clone(args)
		v2[4] = "/jsonv2$"
		more, err := runOut(e.goCmd(e.bench, []string{"GOEXPERIMENT=jsonv2"}, v2...))
		if err != nil {
			fmt.Println("  (no encoding/json/v2 rows: this Go has no GOEXPERIMENT=jsonv2)")
		} else {
			out = append(out, more...)
		}
	}
	raw := filepath.Join(e.work, pkg+"-bench.txt")
	_ = os.WriteFile(raw, out, 0o644)
	ns, by, al := map[string][]float64{}, map[string][]float64{}, map[string][]float64{}
	extra := map[string]map[string][]float64{}
	var names []string
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		line := sc.Text()
		for _, mm := range benchMetric.FindAllStringSubmatch(line, -1) {
			line = strings.Replace(line, mm[0], "", 1) // leaves the standard columns for benchLine
			bm := benchName.FindStringSubmatch(strings.Fields(line)[0])
			if bm == nil {
				continue
			}
			if extra[bm[1]] == nil {
				extra[bm[1]] = map[string][]float64{}
			}
			v, _ := strconv.ParseFloat(mm[1], 64)
			extra[bm[1]][mm[2]] = append(extra[bm[1]][mm[2]], v)
		}
		m := benchLine.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		name := m[1]
		if _, ok := ns[name]; !ok {
			names = append(names, name)
		}
		f := func(s string) float64 { v, _ := strconv.ParseFloat(s, 64); return v }
		ns[name] = append(ns[name], f(m[2]))
		by[name] = append(by[name], f(m[3]))
		al[name] = append(al[name], f(m[4]))
	}
	if len(names) == 0 {
		return nil, fmt.Errorf("no benchmark results in the output of go test:\n%s", out)
	}
	res := map[string]benchRes{}
	fmt.Printf("  %-40s %12s %10s %9s   (medians of %d; raw output: %s)\n", "benchmark", "ns/op", "B/op", "allocs/op", *benchCount, raw)
	for _, n := range names {
		r := benchRes{ns: summarize(ns[n], "ns"), bytes: summarize(by[n], "B"), allocs: summarize(al[n], "allocs")}
		fmt.Printf("  %-40s %12.0f %10.0f %9.0f\n", n, r.ns.median, r.bytes.median, r.allocs.median)
		if len(extra[n]) > 0 {
			r.metrics = map[string]stat{}
			units := make([]string, 0, len(extra[n]))
			for u := range extra[n] {
				units = append(units, u)
			}
			sort.Strings(units)
			for _, u := range units {
				r.metrics[u] = summarize(extra[n][u], "ns")
				fmt.Printf("  %-40s %12.0f\n", "  "+u, r.metrics[u].median)
			}
		}
		res[n] = r
	}
	return res, nil
}

func (e *env) decodeBench(t *table) error {
	res, err := e.goBench("decode")
	if err != nil {
		return err
	}
	p, err := payloads()
	if err == nil {
		fmt.Printf("  payloads: login flow %d bytes, %d nodes; settings flow %d bytes, %d nodes\n",
			len(p.Login), decode.NodeCount(p.Login), len(p.Settings), decode.NodeCount(p.Settings))
	}
	for _, group := range []string{"Decode/login", "Decode/settings", "Encode/login_body", "Encode/identity_body"} {
		o, ok := res[group+"/orygen"]
		if !ok {
			continue
		}
		label := strings.ToLower(strings.ReplaceAll(group, "_", " "))
		label = strings.Replace(label, "/", " ", 1)
		for _, peer := range []string{"client-go", "flat", "goccy", "sonic", "jsonv2"} {
			r, ok := res[group+"/"+peer]
			if !ok {
				continue
			}
			// Issue 8's targets against client-go; issue 15's against
			// the flat structs (decode ≤ 0.5×, encode ≤ 1.0×).
			nsT, alT := "", ""
			switch {
			case strings.HasPrefix(group, "Decode") && peer == "client-go":
				nsT, alT = "≤ 0.10 (10× faster)", "≤ 0.05 (20× fewer)"
			case strings.HasPrefix(group, "Decode") && peer == "flat":
				nsT, alT = "≤ 0.50", "≤ 0.50"
			case peer == "flat":
				nsT, alT = "≤ 1.00", "≤ 1.00"
			case peer == "goccy":
				// Issue 25: decode and encode no slower than the fastest
				// general library, with unknown members kept.
				nsT = "≤ 1.00"
			}
			t.add(label+", ns/op", fmt.Sprintf("%.0f", o.ns.median), fmt.Sprintf("%.0f", r.ns.median), peer, o.ns.median/r.ns.median, nsT)
			t.add(label+", allocs/op", fmt.Sprintf("%.0f", o.allocs.median), fmt.Sprintf("%.0f", r.allocs.median), peer, o.allocs.median/r.allocs.median, alT)
			t.add(label+", B/op", fmt.Sprintf("%.0f", o.bytes.median), fmt.Sprintf("%.0f", r.bytes.median), peer, o.bytes.median/r.bytes.median, "")
		}
	}
	return nil
}

func payloads() (*decode.Payloads, error) {
	dir, err := decode.SamplesDir()
	if err != nil {
		return nil, err
	}
	return decode.LoadPayloads(dir)
}

// lossLine is the data-loss verdict of one decoder on one flow.
type lossLine struct {
	impl  string
	diffs int
	line  string
}

func dataLoss() ([]lossLine, error) {
	p, err := payloads()
	if err != nil {
		return nil, err
	}
	var notes []lossLine
	for _, impl := range decode.Impls {
		for _, f := range []struct {
			name    string
			payload []byte
			newV    func() any
		}{{"login", p.Login, impl.Login}, {"settings", p.Settings, impl.Settings}} {
			diffs, err := decode.RoundTrip(f.payload, f.newV, impl.Direct)
			if err != nil {
				diffs = []string{err.Error()}
			}
			n := len(diffs)
			verdict := "no data lost"
			if len(diffs) > 0 {
				verdict = fmt.Sprintf("%d difference(s): %s", len(diffs), strings.Join(diffs, "; "))
			}
			line := fmt.Sprintf("data loss, %s flow, %s: %s", f.name, impl.Name, verdict)
			fmt.Println("  " + line)
			notes = append(notes, lossLine{impl.Name, n, line})
		}
	}
	return notes, nil
}

// --- table ------------------------------------------------------------------

type row struct {
	measure, orygen, peer, peerName, target string
	ratio                                   float64
}

type table struct {
	rows  []row
	notes []string
}

func (t *table) add(measure, orygen, peer, peerName string, ratio float64, target string) {
	t.rows = append(t.rows, row{measure, orygen, peer, peerName, target, ratio})
}

func verdict(r row) string {
	tg := r.target
	if tg == "" {
		return ""
	}
	limit := -1.0
	if m := regexp.MustCompile(`^≤ ([\d.,]+)`).FindStringSubmatch(tg); m != nil {
		limit, _ = strconv.ParseFloat(strings.ReplaceAll(m[1], ",", ""), 64)
	}
	var ok bool
	switch {
	case strings.Contains(tg, "lines"):
		n, _ := strconv.ParseFloat(r.orygen, 64)
		ok = n <= limit
	case strings.Contains(tg, "MB added"):
		ok = strings.HasSuffix(r.orygen, "MB") && parseMB(r.orygen) <= limit
	case strings.Contains(tg, "differences"):
		ok = r.ratio <= limit
	case strings.Contains(tg, "linear"):
		ok = r.ratio <= 1.15
	default:
		ok = r.ratio <= limit
	}
	if ok {
		return "met"
	}
	return "MISSED"
}

func parseMB(s string) float64 {
	v, _ := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(s), " MB"), 64)
	return v
}

func (t *table) print() {
	fmt.Println("\nratio = orygen / peer (lower is better for orygen)")
	cols := []string{"measure", "orygen", "peer", "peer value", "ratio", "target", "verdict"}
	w := make([]int, len(cols))
	cells := [][]string{cols}
	for _, r := range t.rows {
		cells = append(cells, []string{r.measure, r.orygen, r.peerName, r.peer, fmt.Sprintf("%.3f", r.ratio), r.target, verdict(r)})
	}
	for _, c := range cells {
		for i, s := range c {
			w[i] = max(w[i], len([]rune(s)))
		}
	}
	for i, c := range cells {
		var b strings.Builder
		b.WriteString("|")
		for j, s := range c {
			pad := w[j] - len([]rune(s))
			if j == 4 { // numbers right-aligned
				b.WriteString(" " + strings.Repeat(" ", pad) + s + " |")
			} else {
				b.WriteString(" " + s + strings.Repeat(" ", pad) + " |")
			}
		}
		fmt.Println(b.String())
		if i == 0 {
			b.Reset()
			b.WriteString("|")
			for j := range c {
				b.WriteString(strings.Repeat("-", w[j]+2) + "|")
			}
			fmt.Println(b.String())
		}
	}
	for _, n := range t.notes {
		fmt.Println("  " + n)
	}
	var met, missed []string
	for _, r := range t.rows {
		switch verdict(r) {
		case "met":
			met = append(met, r.measure+" vs "+r.peerName)
		case "MISSED":
			missed = append(missed, fmt.Sprintf("%s vs %s: %.3f, target %s", r.measure, r.peerName, r.ratio, r.target))
		}
	}
	fmt.Printf("\ntargets: %d met, %d missed\n", len(met), len(missed))
	for _, m := range missed {
		fmt.Println("  MISSED  " + m)
	}
}

func mb(bytes float64) string { return fmt.Sprintf("%.1f MB", bytes/1e6) }

func mbBytes(n int64) string { return fmt.Sprintf("%.2f MB", float64(n)/1e6) }

// stages times loader, ir and emit in-process on the Network spec.
func (e *env) stages() error {
	out, err := runOut(e.goCmd(e.bench, nil, "test", "-run", "^$", "-bench", ".", "-benchmem", "-benchtime", "10x", "./profile"))
	if err != nil {
		return err
	}
	re := regexp.MustCompile(`^Benchmark(\S+?)(?:-\d+)?\s+\d+\s+([\d.]+) ns/op\s+(\d+) B/op\s+(\d+) allocs/op`)
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		if m := re.FindStringSubmatch(sc.Text()); m != nil {
			ns, _ := strconv.ParseFloat(m[2], 64)
			b, _ := strconv.ParseFloat(m[3], 64)
			fmt.Printf("  %-9s %7.3f s/op %8.1f MB/op %9s allocs/op\n", m[1], ns/1e9, b/1e6, m[4])
		}
	}
	return nil
}

// addGeneration puts the generation timings into the table, with the
// target for the Network spec.
func addGeneration(t *table, gen map[string]map[string]timing) {
	for _, spec := range []string{networkSpec, kratosSpec} {
		o, c := gen[spec]["orygen"], gen[spec]["oapi-codegen"]
		target := ""
		if spec == networkSpec {
			target = "≤ 0.40"
		}
		t.add("generate "+spec+", wall", o.wall.String(), c.wall.String(), "oapi-codegen", o.wall.median/c.wall.median, target)
		t.add("generate "+spec+", CPU", o.cpu.String(), c.cpu.String(), "oapi-codegen", o.cpu.median/c.cpu.median, target)
		t.add("generate "+spec+", peak RSS", mb(o.rss.median), mb(c.rss.median), "oapi-codegen", o.rss.median/c.rss.median, "")
		if g, ok := gen[spec][gogcTool]; ok {
			t.add("generate "+spec+", wall, GOGC=400", g.wall.String(), c.wall.String(), "oapi-codegen", g.wall.median/c.wall.median, "")
		}
	}
}
