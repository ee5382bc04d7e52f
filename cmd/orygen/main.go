// Command orygen generates a Go client package from an OpenAPI document.
//
//	orygen -spec PATH -out DIR [-package NAME] [-overlay FILE]... [-strict] [-check] [-quiet] [-v]
//	orygen -config FILE [-strict] [-check] [-quiet] [-v]
//	orygen diff [-fail-on-breaking] [-json] [-quiet] [-config FILE [-target NAME]] [OLD] NEW
//
// Exit status: 0 on success, 1 on failure, 2 on bad usage.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strings"

	"github.com/orygen/orygen/internal/emit"
	"github.com/orygen/orygen/internal/loader"
	"github.com/orygen/orygen/internal/pipeline"
)

func main() {
	// A run is short and allocates a lot; collecting less often saves about
	// a quarter of the CPU time for some 30 MB more memory (BENCHMARKS.md).
	debug.SetGCPercent(400)
	os.Exit(runIO(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stderr io.Writer) int { return runIO(args, os.Stdout, stderr) }

func runIO(args []string, stdout, stderr io.Writer) int {
	if len(args) > 0 && args[0] == "diff" {
		return runDiff(args[1:], stdout, stderr)
	}
	fs := flag.NewFlagSet("orygen", flag.ContinueOnError)
	fs.SetOutput(stderr)
	spec := fs.String("spec", "", "OpenAPI document (JSON or YAML)")
	out := fs.String("out", "", "directory to write the Go package into")
	pkg := fs.String("package", "", "Go package name (default: derived from -out)")
	strict := fs.Bool("strict", false, "treat warnings as errors")
	version := fs.Bool("version", false, "print the version and exit")
	config := fs.String("config", "", "YAML file of targets to generate, instead of -spec, -out and -package")
	var roots rootList
	fs.Var(&roots, "allow-root", "a folder besides the spec's own that $refs may read from (repeatable)")
	var overlays rootList
	fs.Var(&overlays, "overlay", "an OpenAPI Overlay 1.0 document applied to the spec before it loads (repeatable, in order)")
	check := fs.Bool("check", false, "write nothing; exit 1 with a diff if the output is not up to date (a difference only in orygen's version is a note, exit 0)")
	quiet := fs.Bool("quiet", false, "do not print warnings (errors are always printed)")
	verbose := fs.Bool("v", false, "also print notes: names orygen chose itself where two collided (nothing to act on)")
	reflectJSON := fs.Bool("reflect-json", false, "generate no JSON codecs: leave JSON to encoding/json's reflection (a smaller package, faster to compile; slower to decode and encode)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: orygen -spec PATH -out DIR [-package NAME] [-overlay FILE]... [-strict] [-check] [-quiet] [-v] [-reflect-json]")
		fmt.Fprintln(stderr, "       orygen -config FILE [-strict] [-check] [-quiet] [-v] [-reflect-json]")
		fmt.Fprintln(stderr, "       orygen diff [-fail-on-breaking] [-json] [-quiet] [-config FILE [-target NAME]] [OLD] NEW")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *version {
		fmt.Fprintln(stdout, "orygen", buildVersion())
		return 0
	}
	if *config != "" {
		if *spec != "" || *out != "" || *pkg != "" || len(overlays) > 0 || fs.NArg() > 0 {
			fmt.Fprintln(stderr, "orygen: -config cannot be combined with -spec, -out, -package or -overlay (list a target's overlays: in the config)")
			fs.Usage()
			return 2
		}
		c, err := loadConfig(*config)
		if err != nil {
			fmt.Fprintln(stderr, "orygen: error:", err)
			return 1
		}
		for i := range c.Targets {
			c.Targets[i].Strict = c.Targets[i].Strict || *strict
			c.Targets[i].AllowRoots = append(c.Targets[i].AllowRoots, roots...)
			c.Targets[i].ReflectJSON = c.Targets[i].ReflectJSON || *reflectJSON
		}
		return generate(c.Targets, *check, *quiet, *verbose && !*quiet, stdout, stderr)
	}
	if *spec == "" || *out == "" || fs.NArg() > 0 {
		fs.Usage()
		return 2
	}
	name := *pkg
	if name == "" {
		name = pipeline.PackageName(*out)
	}
	if err := pipeline.ValidatePackage(name); err != nil {
		fmt.Fprintf(stderr, "orygen: -package: %v\n", err)
		return 2
	}
	return generate([]target{{Spec: *spec, Out: *out, Package: name, Strict: *strict, AllowRoots: roots, Overlays: overlays, ReflectJSON: *reflectJSON}}, *check, *quiet, *verbose && !*quiet, stdout, stderr)
}

// generate builds every target and only then, if all succeeded, writes
// them (or, with check, compares them with what is on disk), so that a
// failure leaves every output directory untouched.
func generate(targets []target, check, quiet, verbose bool, stdout, stderr io.Writer) int {
	built := make([][]emit.File, len(targets))
	failed := false
	for i, t := range targets {
		t.Version = buildVersion()
		res, err := pipeline.Generate(t)
		for _, w := range res.Warnings {
			if !quiet {
				fmt.Fprintln(stderr, "orygen: warning:", w)
			}
		}
		for _, n := range res.Notes {
			if verbose {
				fmt.Fprintln(stderr, "orygen: note:", n)
			}
		}
		if err != nil {
			fmt.Fprintln(stderr, "orygen: error:", err)
			failed = true
		}
		built[i] = res.Files
	}
	if failed {
		return 1
	}
	if check {
		return checkTargets(targets, built, stdout, stderr)
	}
	dirs := make([]string, len(targets))
	for i, t := range targets {
		dirs[i] = t.Out
	}
	waiting := func(dir string) {
		fmt.Fprintf(stderr, "orygen: waiting for another orygen run writing %s to finish\n", dir)
	}
	if err := pipeline.WriteAll(dirs, built, waiting); err != nil {
		fmt.Fprintln(stderr, "orygen: error:", err)
		return 1
	}
	return 0
}

func buildVersion() string {
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" {
		return bi.Main.Version
	}
	return "(devel)"
}

// build runs the pipeline on one spec without writing anything.
func build(specPath, pkg string, strict bool) ([]emit.File, []loader.Diagnostic, error) {
	res, err := pipeline.Generate(pipeline.Target{Spec: specPath, Package: pkg, Strict: strict, Version: buildVersion()})
	return res.Files, res.Warnings, err
}

// rootList collects the -allow-root and -overlay flags.
type rootList []string

func (r *rootList) String() string { return strings.Join(*r, ",") }

func (r *rootList) Set(v string) error {
	if v == "" {
		return errors.New("empty path")
	}
	*r = append(*r, v)
	return nil
}
