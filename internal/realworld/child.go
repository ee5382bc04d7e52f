package realworld

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/orygen/orygen/internal/loader"
	"github.com/orygen/orygen/internal/pipeline"
)

// childEnv carries a child's request. A runner starts itself (the
// realworld command, or the test binary) with it set; MaybeChild, called
// first thing in main or TestMain, then does the work and exits.
const childEnv = "ORYGEN_REALWORLD_CHILD"

type request struct {
	Spec     string `json:"spec"`
	WriteDir string `json:"write_dir,omitempty"` // write the package here too (for go build/vet)
}

// Outcome says how far a spec got.
type Outcome string

const (
	OK        Outcome = "ok"        // generated and type-checked
	LoadBuild Outcome = "model"     // the loader or the builder stopped (the spec, as orygen sees it)
	Emit      Outcome = "emit"      // the emitter failed: orygen's bug
	Gate      Outcome = "typecheck" // generated, but the gate's type check failed: orygen's bug
	Crash     Outcome = "crash"     // the child died (panic, fatal error, killed for memory)
	Timeout   Outcome = "timeout"
)

// WarningClass is one class of warning within one spec.
type WarningClass struct {
	Class   string `json:"class"`
	Count   int    `json:"count"`
	Example string `json:"example"` // the first one, located
}

// childResult is what a child prints on stdout.
type childResult struct {
	Outcome Outcome `json:"outcome"`
	Error   string  `json:"error,omitempty"`
	// ErrorClass is the error's class, as a warning's (Class).
	ErrorClass string         `json:"error_class,omitempty"`
	Warnings   []WarningClass `json:"warnings,omitempty"`
	// Seconds is the time inside pipeline.Generate, without the
	// process's start.
	Seconds    float64   `json:"seconds"`
	RawRefs    int       `json:"raw_refs"`
	Types      int       `json:"types"`
	Operations int       `json:"operations"`
	Lines      int       `json:"lines"`
	Names      NameStats `json:"names"`
}

// MaybeChild runs the request in the environment, if there is one, and
// exits; otherwise it returns at once.
func MaybeChild() {
	raw := os.Getenv(childEnv)
	if raw == "" {
		return
	}
	var req request
	if err := json.Unmarshal([]byte(raw), &req); err != nil {
		fmt.Fprintln(os.Stderr, "realworld child: bad request:", err)
		os.Exit(3)
	}
	res := generate(req)
	if err := json.NewEncoder(os.Stdout).Encode(res); err != nil {
		os.Exit(3)
	}
	os.Exit(0)
}

func generate(req request) childResult {
	start := time.Now()
	res, err := pipeline.Generate(pipeline.Target{Spec: req.Spec, Package: "p", Version: "realworld"})
	out := childResult{Seconds: time.Since(start).Seconds(), Outcome: OK}
	out.Warnings = classify(req.Spec, res.Warnings)
	if res.API != nil {
		names, raw := modelFacts(res.API)
		out.RawRefs, out.Types = raw, len(res.API.Types)
		for _, s := range res.API.Services {
			out.Operations += len(s.Operations)
		}
		out.Names = nameStats(names)
	}
	switch {
	case err != nil && res.API == nil:
		out.Outcome = LoadBuild
	case err != nil && res.Timings["check"] > 0:
		out.Outcome = Gate
	case err != nil:
		out.Outcome = Emit
	}
	if err != nil {
		var le *loader.Error
		if errors.As(err, &le) {
			out.Error, out.ErrorClass = located(req.Spec, le.Diagnostic), Class(le.Diagnostic)
		} else {
			// The spec's own path is the result's ID: leave it out.
			out.Error = firstLine(strings.TrimPrefix(strings.TrimPrefix(err.Error(), req.Spec), ": "))
			out.ErrorClass = normalize(out.Error)
		}
		return out
	}
	for _, f := range res.Files {
		out.Lines += strings.Count(string(f.Data), "\n")
	}
	if req.WriteDir != "" {
		if err := pipeline.Write(req.WriteDir, res.Files); err != nil {
			out.Outcome, out.Error = Emit, "write: "+err.Error()
		}
	}
	return out
}

// classify groups warnings by class, sorted by class. The example leaves
// out the spec's own path, which the result's ID names.
func classify(spec string, ws []loader.Diagnostic) []WarningClass {
	var out []WarningClass
	at := map[string]int{}
	for _, w := range ws {
		c := Class(w)
		i, ok := at[c]
		if !ok {
			i = len(out)
			at[c] = i
			out = append(out, WarningClass{Class: c, Example: located(spec, w)})
		}
		out[i].Count++
	}
	slices.SortStableFunc(out, func(a, b WarningClass) int { return strings.Compare(a.Class, b.Class) })
	return out
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(strings.TrimSpace(s), "\n")
	if len(s) > 400 {
		s = s[:400] + "…"
	}
	return s
}

// located is a diagnostic on one line, without the spec's own path (the
// result's ID says it) and with a pointer past 160 characters cut in
// its middle: a schema nested a thousand times deep has a pointer that
// long.
func located(spec string, d loader.Diagnostic) string {
	if d.File == spec {
		d.File = ""
	}
	if len(d.Pointer) > 160 {
		d.Pointer = d.Pointer[:80] + "…" + d.Pointer[len(d.Pointer)-80:]
	}
	return firstLine(strings.TrimPrefix(d.String(), ": "))
}
