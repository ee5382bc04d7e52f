// Package oracle is the round-trip oracle: for a spec, it makes JSON
// instances of every named Go type the spec generates (the spec's own
// examples, and instances synthesised from the schema that touch every
// property, union member, enum value and nullable position), decodes each
// into the generated type, encodes it again, and compares the two as JSON.
// A difference beyond the normalisations the README lists (Tests) is a
// loss: the generated type cannot carry what the schema allows, as when a
// schema became struct{} and every payload came back as {}.
//
// Run (one spec) and RunAll (several) generate each package with
// internal/pipeline into a temporary module, beside a generated main
// package that knows every type and reads the instances from a file, and
// run it with one go command for all the specs: compiling dominates the
// cost, so a type or a spec never gets a build of its own.
package oracle

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/orygen/orygen/internal/ir"
	"github.com/orygen/orygen/internal/pipeline"
)

// Options tune a Run. The zero value is usable.
type Options struct {
	// AllowRoots and Overlays are passed to the generator (pipeline.Target).
	AllowRoots []string
	Overlays   []string
	// ReflectJSON checks the package generated without JSON codecs.
	ReflectJSON bool
	// Dir is where the temporary module is written; "" makes one under
	// os.TempDir, removed when Run returns. A Dir given is left in place,
	// to rerun the harness by hand (go run . instances.json).
	Dir string
	// Go is the go command; "" looks up "go" in PATH.
	Go string
	// Timeout bounds the go command (build and run), which RunAll runs
	// once for all its specs; 0 means 10 minutes.
	Timeout time.Duration
	// MaxInstances bounds the synthesised instances per type (the widest
	// union or enum needs as many as it has members); 0 means 24.
	MaxInstances int

	// edit, when set, rewrites a generated file before it is built: the
	// tests' way to make a package lose data on purpose.
	edit func(name string, data []byte) []byte
}

// Report is what Run found for one spec.
type Report struct {
	Spec string
	// Err says why the oracle could not check the spec (from RunAll; Run
	// returns it).
	Err   error
	Types []TypeReport // sorted by Name
	// Instances is the number of instances round-tripped; Invalid the
	// spec's examples that fail their own schema and were not
	// round-tripped.
	Instances, Invalid int
	// Generate and Check are the time spent generating the package and
	// synthesising instances, and in the go command (a share of it, when
	// RunAll ran several specs in one); CPU is the go command's processor
	// time (the compiler's included), shared the same way.
	Generate, Check, CPU time.Duration
}

// TypeReport is the outcome for one generated type.
type TypeReport struct {
	Name    string // the Go type
	Pointer string // its schema, as ir.Type.Pointer
	// Instances is how many instances were round-tripped.
	Instances int
	// Losses are the instances that did not come back equal.
	Losses []Loss
	// Invalid are the spec's examples not round-tripped because they
	// fail the schema, with the validator's reason.
	Invalid []string
	// Skipped says why the type was not checked at all (its schema could
	// not be found, or no instance could be made); "" when it was.
	Skipped string
}

// Loss is an instance that did not come back equal.
type Loss struct {
	Type   string
	Source string // "synthesised 0", "synthesised nulls", "example at /components/..."
	Stage  string // "decode", "encode", "panic", "decode again", "encode again", "compare", "unstable"
	At     string // JSON pointer of the first difference in the instance ("compare")
	Detail string // the difference, or the error
	Input  string
	Output string
}

func (l Loss) String() string {
	if l.Stage == "compare" {
		return fmt.Sprintf("%s (%s): at %q: %s", l.Type, l.Source, l.At, l.Detail)
	}
	return fmt.Sprintf("%s (%s): %s: %s", l.Type, l.Source, l.Stage, l.Detail)
}

// Losses are every type's losses, by type.
func (r *Report) Losses() []Loss {
	var out []Loss
	for _, t := range r.Types {
		out = append(out, t.Losses...)
	}
	return out
}

// Skipped are the types not checked, as "Name: reason".
func (r *Report) Skipped() []string {
	var out []string
	for _, t := range r.Types {
		if t.Skipped != "" {
			out = append(out, t.Name+": "+t.Skipped)
		}
	}
	return out
}

// instance is one JSON document to round-trip through a type.
type instance struct {
	typ    int // index into Report.Types
	source string
	json   []byte
}

// Run is the oracle over one spec: generate, synthesise, round-trip,
// compare. An error means the oracle could not run (the spec does not
// generate, the go command failed); losses are in the Report.
func Run(spec string, opts Options) (*Report, error) {
	reps, err := RunAll([]string{spec}, opts)
	if err != nil {
		return nil, err
	}
	return reps[0], reps[0].Err
}

// RunAll is Run over several specs with one go command for all of them
// (building the packages together is much cheaper than one by one). A
// spec that does not generate has its Err set and the others go on; if
// the batch does not build, each spec is run on its own, so that one
// spec's failure is its own. The error is for failures of the oracle
// itself (no go command, no temporary directory).
func RunAll(specs []string, opts Options) ([]*Report, error) {
	reps := make([]*Report, len(specs))
	var batch []*specRun
	for i, spec := range specs {
		start := time.Now()
		reps[i] = &Report{Spec: spec}
		res, err := pipeline.Generate(pipeline.Target{Spec: spec, Package: "p", AllowRoots: opts.AllowRoots,
			Overlays: opts.Overlays, ReflectJSON: opts.ReflectJSON})
		if err != nil {
			reps[i].Err = fmt.Errorf("generating %s: %w", spec, err)
			continue
		}
		sr := &specRun{rep: reps[i], res: res}
		sr.instances = collect(res.Spec.Doc, res.API, reps[i], opts)
		reps[i].Generate = time.Since(start)
		batch = append(batch, sr)
	}
	if len(batch) == 0 {
		return reps, nil
	}
	dir := opts.Dir
	if dir == "" {
		var err error
		if dir, err = os.MkdirTemp("", "orygen-oracle-"); err != nil {
			return nil, err
		}
		defer os.RemoveAll(dir)
	}
	start := time.Now()
	results, cpu, err := execute(dir, batch, opts)
	if err != nil && len(batch) > 1 {
		for k, sr := range batch {
			sub := opts
			sub.Dir = filepath.Join(dir, "alone", strconv.Itoa(k))
			start := time.Now()
			results, cpu, err := execute(sub.Dir, []*specRun{sr}, sub)
			sr.rep.Check, sr.rep.CPU = time.Since(start), cpu
			if err != nil {
				sr.rep.Err = fmt.Errorf("%s: %w", sr.rep.Spec, err)
				continue
			}
			sr.judge(results[0])
		}
		return reps, nil
	}
	if err != nil {
		batch[0].rep.Err = fmt.Errorf("%s: %w", batch[0].rep.Spec, err)
		return reps, nil
	}
	took := time.Since(start)
	for i, sr := range batch {
		// The go command's time is shared by the specs, evenly.
		sr.rep.Check = took / time.Duration(len(batch))
		sr.rep.CPU = cpu / time.Duration(len(batch))
		sr.judge(results[i])
	}
	return reps, nil
}

// specRun is one spec's part of a batch.
type specRun struct {
	rep       *Report
	res       *pipeline.Result
	instances []instance
}

func (sr *specRun) judge(results []result) {
	for i, in := range sr.instances {
		judge(sr.rep, in, results[i])
	}
}

// collect makes every type's instances: the spec's examples of its
// schema, then synthesised ones.
func collect(doc *openapi3.T, api *ir.API, rep *Report, opts Options) []instance {
	max := opts.MaxInstances
	if max <= 0 {
		max = 24
	}
	vopts := []openapi3.SchemaValidationOption{openapi3.MultiErrors()}
	if strings.HasPrefix(doc.OpenAPI, "3.1") {
		vopts = append(vopts, openapi3.EnableJSONSchema2020())
	}
	types := append([]*ir.Type(nil), api.Types...)
	sort.Slice(types, func(i, j int) bool { return types[i].Name < types[j].Name })
	bySchema := map[*openapi3.Schema][]int{}
	schemas := make([]*openapi3.Schema, len(types))
	for i, t := range types {
		rep.Types = append(rep.Types, TypeReport{Name: string(t.Name), Pointer: t.Pointer})
		if hasUpload(t) {
			rep.Types[i].Skipped = "a multipart body: its file parts (Upload) are not JSON"
			continue
		}
		s, err := schemaAt(doc, t.Pointer)
		if err != nil {
			rep.Types[i].Skipped = "schema not found: " + err.Error()
			continue
		}
		schemas[i] = s
		bySchema[s] = append(bySchema[s], i)
	}
	var out []instance
	seen := map[string]bool{}
	subs := subtypesOf(doc)
	// Examples are checked against their schema first: a spec's example
	// that its own schema rejects says nothing of the Go type. Synthesised
	// instances are not: they follow the schema's structure, and where
	// they break a rule it is one real documents break too (most often a
	// oneOf whose members overlap, as in the nullable-object idiom), which
	// a generated type must carry all the same.
	add := func(i int, source string, v any, example bool) {
		if example {
			c, err := copyJSON(v)
			if err != nil {
				rep.Types[i].Invalid = append(rep.Types[i].Invalid, source+": "+err.Error())
				rep.Invalid++
				return
			}
			v = undeclared(schemas[i], c, 0)
		}
		data, err := json.Marshal(v)
		if err != nil {
			rep.Types[i].Invalid = append(rep.Types[i].Invalid, source+": "+err.Error())
			rep.Invalid++
			return
		}
		key := fmt.Sprintf("%d\x00%s", i, data)
		if seen[key] {
			return
		}
		seen[key] = true
		if example {
			var nv any
			if nv, err = normalize(v); err == nil {
				err = schemas[i].VisitJSON(nv, vopts...)
			}
			if _, isObject := nv.(map[string]any); err == nil && !isObject && untypedObject(schemas[i]) {
				// irbuild reads a schema with properties and no type as an
				// object (a README normalisation): JSON Schema lets any
				// other value through, but an example that is not an
				// object is a slip of the spec's (a JSON text in a string).
				err = fmt.Errorf("not an object, though the schema has properties")
			}
		}
		if err != nil {
			rep.Types[i].Invalid = append(rep.Types[i].Invalid, fmt.Sprintf("%s: %s", source, firstLine(err.Error())))
			rep.Invalid++
			return
		}
		out = append(out, instance{typ: i, source: source, json: data})
	}
	for _, ex := range mediaExamples(doc) {
		for _, i := range bySchema[ex.schema] {
			add(i, "example at "+ex.at, ex.value, true)
		}
	}
	for i, s := range schemas {
		if s == nil {
			continue
		}
		if s.Example != nil {
			add(i, "example at "+types[i].Pointer, s.Example, true)
		}
		for j, e := range s.Examples {
			add(i, fmt.Sprintf("example %d at %s", j, types[i].Pointer), e, true)
		}
		before := len(out)
		var reasons []string
		widest := 1
		for k := 0; k < widest && k < max; k++ {
			g := &synth{k: k, budget: nodeBudget, subtypes: subs}
			v, err := g.safeGen(s)
			widest = maxInt(widest, g.widest)
			if err != nil {
				reasons = append(reasons, err.Error())
				continue
			}
			add(i, fmt.Sprintf("synthesised %d", k), v, false)
		}
		g := &synth{nulls: true, budget: nodeBudget, subtypes: subs}
		// A null at the top is for the pointer or Nullable around the type
		// to carry (a struct decodes null as nothing), so it is not tried.
		if v, err := g.safeGen(s); err == nil && v != nil {
			add(i, "synthesised nulls", v, false)
		}
		if len(out) == before && len(reasons) > 0 {
			rep.Types[i].Skipped = "no instance: " + reasons[0]
		}
	}
	return out
}

func maxInt(a, b int) int {
	if a > b {
		return a
	}
	return b
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	if len(s) > 300 {
		s = s[:297] + "..."
	}
	return s
}

type mediaExample struct {
	schema *openapi3.Schema
	at     string
	value  any
}

// mediaExamples are the examples of every request and response body's
// media type in the document's operations.
func mediaExamples(doc *openapi3.T) []mediaExample {
	var out []mediaExample
	content := func(c openapi3.Content, at string) {
		for _, mt := range sortedKeys(c) {
			m := c[mt]
			if m == nil || m.Schema == nil || m.Schema.Value == nil || !strings.Contains(mt, "json") {
				continue
			}
			p := at + "/content/" + escape(mt)
			if m.Example != nil {
				out = append(out, mediaExample{m.Schema.Value, p + "/example", m.Example})
			}
			for _, name := range sortedKeys(m.Examples) {
				if e := m.Examples[name]; e != nil && e.Value != nil && e.Value.Value != nil {
					out = append(out, mediaExample{m.Schema.Value, p + "/examples/" + escape(name), e.Value.Value})
				}
			}
		}
	}
	if doc.Paths == nil {
		return nil
	}
	for _, path := range doc.Paths.InMatchingOrder() {
		item := doc.Paths.Value(path)
		for _, method := range sortedKeys(item.Operations()) {
			op := item.Operations()[method]
			at := "/paths/" + escape(path) + "/" + strings.ToLower(method)
			if op.RequestBody != nil && op.RequestBody.Value != nil {
				content(op.RequestBody.Value.Content, at+"/requestBody")
			}
			if op.Responses == nil {
				continue
			}
			for _, code := range sortedKeys(op.Responses.Map()) {
				if r := op.Responses.Value(code); r != nil && r.Value != nil {
					content(r.Value.Content, at+"/responses/"+code)
				}
			}
		}
	}
	return out
}

func sortedKeys[V any](m map[string]V) []string { return slices.Sorted(maps.Keys(m)) }

// result is what the harness reports for one instance.
type result struct {
	Out   string `json:"out"`
	Again string `json:"again"`
	Stage string `json:"stage"`
	Err   string `json:"err"`
}

// execute writes the module and runs the harness over every spec's
// instances; results are by spec, then by instance.
func execute(dir string, batch []*specRun, opts Options) ([][]result, time.Duration, error) {
	goBin := opts.Go
	if goBin == "" {
		var err error
		if goBin, err = exec.LookPath("go"); err != nil {
			return nil, 0, err
		}
	}
	names := make([][]string, len(batch))
	files := map[string][]byte{
		"go.mod": []byte("module " + harnessModule + "\n\ngo 1.24\n"),
	}
	type wire struct {
		Type string          `json:"type"`
		JSON json.RawMessage `json:"json"`
	}
	var ws []wire
	for i, sr := range batch {
		for _, t := range sr.rep.Types {
			names[i] = append(names[i], t.Name)
		}
		for _, f := range sr.res.Files {
			// The runnable examples would only lengthen the build.
			if strings.HasSuffix(f.Name, ".go") && !strings.HasSuffix(f.Name, "_test.go") {
				data := f.Data
				if opts.edit != nil {
					data = opts.edit(f.Name, data)
				}
				files[filepath.Join(fmt.Sprintf("p%d", i), f.Name)] = data
			}
		}
		for _, in := range sr.instances {
			ws = append(ws, wire{fmt.Sprintf("p%d.%s", i, sr.rep.Types[in.typ].Name), in.json})
		}
	}
	main, err := harness(names)
	if err != nil {
		return nil, 0, fmt.Errorf("the harness does not format: %v", err)
	}
	files["main.go"] = main
	if files["instances.json"], err = json.Marshal(ws); err != nil {
		return nil, 0, err
	}
	for name, data := range files {
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return nil, 0, err
		}
		if err := os.WriteFile(path, data, 0o644); err != nil {
			return nil, 0, err
		}
	}
	timeout := opts.Timeout
	if timeout == 0 {
		timeout = 10 * time.Minute
	}
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, goBin, "run", ".", "instances.json")
	cmd.Dir = dir
	// No network: the module needs only the standard library.
	cmd.Env = append(os.Environ(), "GOFLAGS=", "GOWORK=off", "GOPROXY=off", "GOTOOLCHAIN=local")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err = cmd.Run()
	var cpu time.Duration
	if st := cmd.ProcessState; st != nil {
		cpu = st.UserTime() + st.SystemTime()
	}
	if err != nil {
		if errors.Is(ctx.Err(), context.DeadlineExceeded) {
			return nil, 0, fmt.Errorf("go run in %s: timed out after %s", dir, timeout)
		}
		return nil, 0, fmt.Errorf("go run in %s: %v\n%s", dir, err, firstLines(stderr.String(), 30))
	}
	var flat []result
	if err := json.Unmarshal(stdout.Bytes(), &flat); err != nil {
		return nil, 0, fmt.Errorf("reading the harness's output: %v", err)
	}
	if len(flat) != len(ws) {
		return nil, 0, fmt.Errorf("the harness gave %d results for %d instances", len(flat), len(ws))
	}
	out := make([][]result, len(batch))
	for i, sr := range batch {
		out[i], flat = flat[:len(sr.instances)], flat[len(sr.instances):]
	}
	return out, cpu, nil
}

func firstLines(s string, n int) string {
	lines := strings.SplitN(s, "\n", n+1)
	if len(lines) > n {
		lines[n] = "..."
	}
	return strings.Join(lines, "\n")
}

// judge records one instance's outcome.
func judge(rep *Report, in instance, r result) {
	t := &rep.Types[in.typ]
	t.Instances++
	rep.Instances++
	loss := Loss{Type: t.Name, Source: in.source, Input: string(in.json), Output: r.Out}
	switch {
	case r.Stage != "":
		loss.Stage, loss.Detail = r.Stage, r.Err
	case r.Out != r.Again:
		loss.Stage, loss.Detail = "unstable", "a second round trip writes "+r.Again
	default:
		at, detail, err := difference(in.json, []byte(r.Out))
		if err != nil {
			loss.Stage, loss.Detail = "compare", err.Error()
			break
		}
		if detail == "" {
			return
		}
		loss.Stage, loss.At, loss.Detail = "compare", at, detail
	}
	t.Losses = append(t.Losses, loss)
}

// untypedObject: properties and no type, which irbuild makes a struct.
func untypedObject(s *openapi3.Schema) bool {
	return s != nil && (s.Type == nil || len(*s.Type) == 0) && len(s.Properties) > 0
}
