package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/orygen/orygen/internal/apidiff"
)

// runDiff is "orygen diff [-fail-on-breaking] OLD NEW": the changes to the
// generated package's Go API between two specs or two generated
// directories (or one of each). A spec is generated in memory and its Go
// files read like a directory's, so both go through the same comparison.
func runDiff(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("orygen diff", flag.ContinueOnError)
	fs.SetOutput(stderr)
	failOnBreaking := fs.Bool("fail-on-breaking", false, "exit 1 if any change is breaking")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: orygen diff [-fail-on-breaking] OLD NEW")
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
	if len(operands) != 2 {
		fs.Usage()
		return 2
	}
	var apis [2]*apidiff.API
	for i, path := range operands {
		api, err := readAPI(path)
		if err != nil {
			fmt.Fprintln(stderr, "orygen: error:", err)
			return 1
		}
		apis[i] = api
	}
	rep := apidiff.Compare(apis[0], apis[1])
	io.WriteString(stdout, rep.String())
	if *failOnBreaking && rep.Breaking() > 0 {
		return 1
	}
	return 0
}

// readAPI reads the exported API of the package in a directory of Go
// files, or of the package generated from a spec.
func readAPI(path string) (*apidiff.API, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if fi.IsDir() {
		return apidiff.ParseDir(path)
	}
	files, _, err := build(path, "api", false)
	if err != nil {
		return nil, err
	}
	src := map[string][]byte{}
	for _, f := range files {
		if strings.HasSuffix(f.Name, ".go") {
			src[f.Name] = f.Data
		}
	}
	return apidiff.Parse(src)
}
