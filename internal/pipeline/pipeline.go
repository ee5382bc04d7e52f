// Package pipeline is orygen's one way from a spec to a package on disk:
// load → build → prune → emit → check → write. The CLI, the tests and
// the benchmarks all call it, so none of them can skip a step.
package pipeline

import (
	"errors"
	"fmt"
	"go/ast"
	"go/token"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/orygen/orygen/internal/emit"
	"github.com/orygen/orygen/internal/gate"
	"github.com/orygen/orygen/internal/ir"
	"github.com/orygen/orygen/internal/irbuild"
	"github.com/orygen/orygen/internal/loader"
	"github.com/orygen/orygen/internal/outdir"
	"github.com/orygen/orygen/internal/prune"
)

// Target is one package to generate: what a config file's target or the
// command line's flags say.
type Target struct {
	Spec        string            `yaml:"spec"`
	Out         string            `yaml:"out"`
	Package     string            `yaml:"package"`
	Strict      bool              `yaml:"strict"`
	Include     Selector          `yaml:"include"`
	Exclude     Selector          `yaml:"exclude"`
	Names       map[string]string `yaml:"names"`
	Initialisms []string          `yaml:"initialisms"`
	// Raw lists schemas kept as raw JSON, as if marked with
	// x-orygen-raw: true: component schema names, or JSON pointers to
	// inline schemas (#/components/schemas/Pet/properties/extra). The way
	// out for a schema orygen cannot type, without editing a vendor's spec.
	Raw []string `yaml:"raw"`
	// AllowRoots are folders besides the spec's own that its $refs may
	// read from.
	AllowRoots []string `yaml:"allow_roots"`
	// Overlays are OpenAPI Overlay 1.0 documents applied, in order, to
	// the spec before it loads: the way to fix a vendor's spec without
	// forking it.
	Overlays []string `yaml:"overlays"`
	// Version is orygen's version, recorded in the generated headers.
	Version string `yaml:"-"`
	// ReflectJSON generates no JSON codecs (see emit.Options): encoding
	// and decoding are left to encoding/json's reflection, for a package
	// that is smaller and faster to compile and generate but slower to
	// decode. The codec tests use it as their oracle.
	ReflectJSON bool `yaml:"reflect_json"`
	// Env names the environment variables the package reads its
	// configuration from, generating WithEnv and NewClientFromEnv: the
	// key base_url, or a security scheme's name, → the variable.
	Env map[string]string `yaml:"env"`
	// IdempotencyHeader is the header in which each call of an unsafe
	// method sends a fresh key, which makes it safe to retry.
	IdempotencyHeader string `yaml:"idempotency_header"`
	// Origin is where the target was configured ("orygen.yaml:12"), for
	// the errors about its settings; "" names the spec instead.
	Origin string `yaml:"-"`
}

// Selector picks operations by their first tag or by operation (its
// operationId or its Go name).
type Selector struct {
	Tags       []string `yaml:"tags"`
	Operations []string `yaml:"operations"`
}

func (s Selector) empty() bool { return len(s.Tags) == 0 && len(s.Operations) == 0 }

func (s Selector) has(svc *ir.Service, op *ir.Operation) bool {
	return slices.Contains(s.Tags, svc.Tag) || slices.Contains(s.Operations, op.ID) || slices.Contains(s.Operations, string(op.Name)) || slices.Contains(s.Operations, string(op.FullName))
}

// Result is a generated package, not yet written.
type Result struct {
	Spec     *loader.Spec
	API      *ir.API
	Files    []emit.File
	Warnings []loader.Diagnostic
	// Notes are naming decisions orygen made on its own (irbuild's
	// Options.Note): nothing to act on, so not warnings; orygen -v prints
	// them.
	Notes []loader.Diagnostic
	// Timings says how long each step took, for the benchmarks.
	Timings map[string]time.Duration
}

func (r *Result) step(name string, start time.Time) { r.Timings[name] += time.Since(start) }

// Model runs the steps up to the model: load, build and prune. Warnings
// come back even with an error; with Strict, a warning is the error.
func Model(t Target) (*Result, error) {
	res := &Result{Timings: map[string]time.Duration{}}
	start := time.Now()
	spec, err := loader.Load(t.Spec, loader.Options{Strict: t.Strict, AllowRoots: t.AllowRoots, Overlays: t.Overlays, Raw: t.Raw})
	res.step("load", start)
	if err != nil {
		return res, err
	}
	res.Spec = spec
	res.Warnings = spec.Warnings

	start = time.Now()
	api, warns, err := irbuild.Build(spec, irbuild.Options{Reserved: emit.Reserved(), Names: t.Names, Initialisms: t.Initialisms,
		Note: func(d loader.Diagnostic) { res.Notes = append(res.Notes, d) },
		Env:  t.Env, EnvOrigin: t.Origin, IdempotencyHeader: t.IdempotencyHeader})
	res.step("build", start)
	res.Warnings = append(res.Warnings, warns...)
	if err != nil {
		return res, err
	}
	// Sealing the unions leaves the inline types of the discriminators
	// they took out of their variants unused.
	prune.DropOrphans(api)
	api.SpecName += overlayNote(t.Overlays)
	if t.Strict && len(res.Warnings) > 0 {
		return res, &loader.Error{Diagnostic: res.Warnings[0]}
	}

	if !t.Include.empty() || !t.Exclude.empty() {
		if err := checkSelectors(t, api); err != nil {
			return res, err
		}
		prune.Prune(api, func(s *ir.Service, o *ir.Operation) bool {
			return (t.Include.empty() || t.Include.has(s, o)) && !t.Exclude.has(s, o)
		})
		if len(api.Services) == 0 {
			return res, fmt.Errorf("%s: include and exclude leave no operations", t.Spec)
		}
	}
	res.API = api
	return res, nil
}

// Generate runs every step but the write: Model, then emit and the type
// check. Files is set only when all of them succeed.
func Generate(t Target) (*Result, error) {
	if err := ValidatePackage(t.Package); err != nil {
		return &Result{Timings: map[string]time.Duration{}}, err
	}
	// The standard library's types for the type check load on the other
	// core while this one loads the spec.
	fset := token.NewFileSet()
	warm := gate.Warm(fset, emit.StdImports())
	res, err := Model(t)
	if err != nil {
		return res, err
	}
	start := time.Now()
	// The type check runs while the emitter formats the files it parsed.
	var checkTime time.Duration
	checkTrees := func(generated, runtime []*ast.File) error {
		defer func(start time.Time) { checkTime = time.Since(start) }(time.Now())
		return check(t, res.API, fset, generated, runtime, warm)
	}
	files, err := emit.Generate(res.API, emit.Options{Package: t.Package, Version: t.Version, Fset: fset, Check: checkTrees, ReflectJSON: t.ReflectJSON})
	res.step("emit", start.Add(checkTime))
	res.Timings["check"] += checkTime
	var ce *emit.CheckError
	if errors.As(err, &ce) {
		return res, ce.Err
	}
	if err != nil {
		return res, fmt.Errorf("%s: internal error: %v (please report this, with the spec)", t.Spec, err)
	}
	res.Files = files
	return res, nil
}

// check is the last gate: the package is type-checked as the go command
// would compile it. A failure is orygen's bug, reported at the spec
// location that produced the declaration, and nothing is written.
func check(t Target, api *ir.API, fset *token.FileSet, generated, runtime []*ast.File, warm *gate.Warmed) error {
	problems, err := gate.CheckWarmed(warm, fset, generated, runtime)
	if err != nil {
		return fmt.Errorf("%s: %v", t.Spec, err)
	}
	if len(problems) == 0 {
		return nil
	}
	where := declPointers(api)
	p := problems[0]
	decl, _, _ := strings.Cut(p.Decl, ".")
	ptr := where[decl]
	more := ""
	if len(problems) > 1 {
		more = fmt.Sprintf(" (and %d more)", len(problems)-1)
	}
	return &loader.Error{Diagnostic: loader.Diagnostic{File: t.Spec, Pointer: ptr,
		Message: fmt.Sprintf("internal error: the generated package would not compile: %s%s; nothing was written (please report this, with the spec)", p, more)}}
}

// declPointers maps each package-level name the model declares to the
// place in the spec it comes from.
func declPointers(api *ir.API) map[string]string {
	m := map[string]string{}
	for _, t := range api.Types {
		m[string(t.Name)] = t.Pointer
		if t.Enum != nil {
			for _, v := range t.Enum.Values {
				m[string(v.Name)] = t.Pointer
			}
		}
		if t.Union != nil {
			m[string(t.Union.Interface)] = t.Pointer
			m[string(t.Union.UnknownName)] = t.Pointer
		}
	}
	for _, s := range api.Services {
		m[string(s.TypeName)], m[string(s.Interface)] = "/tags", "/tags"
		for _, o := range s.Operations {
			for _, n := range []ir.Ident{o.ParamsName, o.RequestName, o.ParseName, o.BuildName, o.ResultName} {
				if n != "" {
					m[string(n)] = o.Pointer
				}
			}
		}
	}
	for _, s := range api.Security {
		m[string(s.Option)] = "/components/securitySchemes"
	}
	return m
}

// overlayNote names the overlays after the spec in the generated
// headers and docs: " with the overlay ory.yaml".
func overlayNote(overlays []string) string {
	if len(overlays) == 0 {
		return ""
	}
	names := make([]string, len(overlays))
	for i, o := range overlays {
		names[i] = filepath.Base(o)
	}
	if len(names) == 1 {
		return " with the overlay " + names[0]
	}
	return " with the overlays " + strings.Join(names, ", ")
}

// checkSelectors fails on a tag or operation that matches nothing: a
// typo would otherwise silently drop (or keep) operations.
func checkSelectors(t Target, api *ir.API) error {
	tags, ops := map[string]bool{}, map[string]bool{}
	for _, s := range api.Services {
		tags[s.Tag] = true
		for _, o := range s.Operations {
			ops[o.ID], ops[string(o.Name)], ops[string(o.FullName)] = true, true, true
		}
	}
	for _, sel := range []struct {
		name string
		s    Selector
	}{{"include", t.Include}, {"exclude", t.Exclude}} {
		for _, tag := range sel.s.Tags {
			if !tags[tag] {
				return fmt.Errorf("%s: %s.tags: no operation is tagged %q", t.Spec, sel.name, tag)
			}
		}
		for _, op := range sel.s.Operations {
			if !ops[op] {
				return fmt.Errorf("%s: %s.operations: no operation has the operationId or Go name %q", t.Spec, sel.name, op)
			}
		}
	}
	return nil
}

// Write puts a generated package into dir, all or nothing, even if the
// process is killed on the way (see outdir).
func Write(dir string, files []emit.File) error { return outdir.Write(dir, OutFiles(files)) }

// WriteAll writes files[i] into dirs[i], all or nothing (outdir.WriteAll):
// a target that cannot be written leaves the others as they were. Each
// directory is locked while it is written; waiting, if not nil, is told
// of a directory another run is writing before this one waits for it.
func WriteAll(dirs []string, files [][]emit.File, waiting func(dir string)) error {
	ts := make([]outdir.Target, len(dirs))
	for i, d := range dirs {
		ts[i] = outdir.Target{Dir: d, Files: OutFiles(files[i])}
	}
	return outdir.WriteAll(ts, waiting)
}

// OutFiles are the files as outdir takes them.
func OutFiles(files []emit.File) []outdir.File {
	out := make([]outdir.File, len(files))
	for i, f := range files {
		out[i] = outdir.File{Name: f.Name, Data: f.Data}
	}
	return out
}
