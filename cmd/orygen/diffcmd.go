package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/orygen/orygen/internal/apidiff"
	"github.com/orygen/orygen/internal/pipeline"
)

// runDiff is "orygen diff [-fail-on-breaking] [-json] [-config FILE
// [-target NAME]] OLD NEW": the changes to the generated package's Go API
// between two specs or two generated directories (or one of each), and,
// between two specs, the behaviour that API does not show (which error a
// status gives, enum values). A spec is generated in memory and its Go
// files read like a directory's, so both go through the same comparison.
// With -config, both specs are generated as the config's target is:
// its overlays, include/exclude, names, initialisms and raw schemas.
func runDiff(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("orygen diff", flag.ContinueOnError)
	fs.SetOutput(stderr)
	failOnBreaking := fs.Bool("fail-on-breaking", false, "exit 1 if any change is breaking")
	asJSON := fs.Bool("json", false, "print the report as JSON")
	config := fs.String("config", "", "generate both specs as this config's target is (overlays, include/exclude, names...); with one operand, OLD is the target's spec")
	targetName := fs.String("target", "", "the config's target, by its out directory or package (needed when it has several)")
	quiet := fs.Bool("quiet", false, "do not print warnings")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: orygen diff [-fail-on-breaking] [-json] [-quiet] OLD NEW")
		fmt.Fprintln(stderr, "       orygen diff -config FILE [-target NAME] [-fail-on-breaking] [-json] [-quiet] [OLD] NEW")
		fmt.Fprintln(stderr, "OLD and NEW are OpenAPI documents or directories of generated Go code.")
		fs.PrintDefaults()
	}
	// Flags may come before, between or after the two operands.
	var operands []string
	for {
		if err := fs.Parse(args); err != nil {
			return 2
		}
		if fs.NArg() == 0 {
			break
		}
		operands = append(operands, fs.Arg(0))
		args = fs.Args()[1:]
	}
	if *targetName != "" && *config == "" {
		fmt.Fprintln(stderr, "orygen diff: -target needs -config")
		fs.Usage()
		return 2
	}
	tmpl := pipeline.Target{Package: "api"}
	if *config != "" {
		t, err := diffTarget(*config, *targetName)
		if err != nil {
			fmt.Fprintln(stderr, "orygen: error:", err)
			return 1
		}
		tmpl = t
		if len(operands) == 1 {
			operands = append([]string{t.Spec}, operands...)
		}
	}
	if len(operands) != 2 {
		fs.Usage()
		return 2
	}
	var apis [2]*apidiff.API
	for i, path := range operands {
		api, err := readAPI(path, tmpl, *quiet, stderr)
		if err != nil {
			fmt.Fprintln(stderr, "orygen: error:", err)
			return 1
		}
		if api.Behavior == nil {
			fmt.Fprintf(stderr, "orygen diff: note: %s is Go code: response statuses and enum values are compared between specs only\n", path)
		}
		apis[i] = api
	}
	rep := apidiff.Compare(apis[0], apis[1])
	if *asJSON {
		data, err := rep.JSON()
		if err != nil {
			fmt.Fprintln(stderr, "orygen: error:", err)
			return 1
		}
		stdout.Write(data)
	} else {
		io.WriteString(stdout, rep.String())
	}
	if *failOnBreaking && rep.Breaking() > 0 {
		return 1
	}
	return 0
}

// diffTarget is the config's target that diff generates both specs as.
func diffTarget(path, name string) (pipeline.Target, error) {
	c, err := loadConfig(path)
	if err != nil {
		return pipeline.Target{}, err
	}
	var found []pipeline.Target
	for _, t := range c.Targets {
		if name == "" || name == t.Package || name == filepath.Base(t.Out) || filepath.Clean(name) == filepath.Clean(t.Out) {
			found = append(found, t)
		}
	}
	switch {
	case len(found) == 1:
		return found[0], nil
	case name == "":
		return pipeline.Target{}, fmt.Errorf("%s has %d targets: name one with -target (its out directory or package)", path, len(c.Targets))
	case len(found) == 0:
		return pipeline.Target{}, fmt.Errorf("%s: no target %q (by out directory or package)", path, name)
	}
	return pipeline.Target{}, fmt.Errorf("%s: %d targets match %q: name one by its out directory", path, len(found), name)
}

// readAPI reads the exported API of the package in a directory of Go
// files, or of the package generated from a spec as tmpl says, with its
// behaviour.
func readAPI(path string, tmpl pipeline.Target, quiet bool, stderr io.Writer) (*apidiff.API, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if fi.IsDir() {
		return apidiff.ParseDir(path)
	}
	t := tmpl
	t.Spec = path
	t.Version = buildVersion()
	if t.Package == "" {
		t.Package = "api"
	}
	res, err := pipeline.Generate(t)
	if !quiet {
		for _, w := range res.Warnings {
			fmt.Fprintln(stderr, "orygen: warning:", w)
		}
	}
	if err != nil {
		return nil, err
	}
	src := map[string][]byte{}
	for _, f := range res.Files {
		if strings.HasSuffix(f.Name, ".go") {
			src[f.Name] = f.Data
		}
	}
	api, err := apidiff.Parse(src)
	if err != nil {
		return nil, err
	}
	api.Behavior = apidiff.FromModel(res.API)
	return api, nil
}
