// Command orygen generates a Go client package from an OpenAPI document.
//
//	orygen -spec PATH -out DIR [-package NAME] [-strict]
//
// Exit status: 0 on success, 1 on failure, 2 on bad usage.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"unicode"

	"github.com/orygen/orygen/internal/emit"
	"github.com/orygen/orygen/internal/ir"
	"github.com/orygen/orygen/internal/loader"
)

func main() { os.Exit(run(os.Args[1:], os.Stderr)) }

func run(args []string, stderr io.Writer) int {
	fs := flag.NewFlagSet("orygen", flag.ContinueOnError)
	fs.SetOutput(stderr)
	spec := fs.String("spec", "", "OpenAPI document (JSON or YAML)")
	out := fs.String("out", "", "directory to write the Go package into")
	pkg := fs.String("package", "", "Go package name (default: derived from -out)")
	strict := fs.Bool("strict", false, "treat warnings as errors")
	version := fs.Bool("version", false, "print the version and exit")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: orygen -spec PATH -out DIR [-package NAME] [-strict]")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *version {
		fmt.Fprintln(os.Stdout, "orygen", buildVersion())
		return 0
	}
	if *spec == "" || *out == "" || fs.NArg() > 0 {
		fs.Usage()
		return 2
	}
	name := *pkg
	if name == "" {
		name = packageName(*out)
	}
	if !validPackage(name) {
		fmt.Fprintf(stderr, "orygen: %q is not a valid package name; use -package\n", name)
		return 2
	}
	if err := generate(*spec, *out, name, *strict, stderr); err != nil {
		fmt.Fprintln(stderr, "orygen: error:", err)
		return 1
	}
	return 0
}

func generate(specPath, out, pkg string, strict bool, stderr io.Writer) error {
	files, warns, err := build(specPath, pkg, strict)
	for _, w := range warns {
		fmt.Fprintln(stderr, "orygen: warning:", w)
	}
	if err != nil {
		return err
	}
	return emit.Write(out, files)
}

// build runs loader → ir → emit and returns the files without writing
// anything, so that a failure leaves the output directory untouched.
func build(specPath, pkg string, strict bool) ([]emit.File, []loader.Diagnostic, error) {
	spec, err := loader.Load(specPath, loader.Options{Strict: strict})
	if err != nil {
		return nil, nil, err
	}
	api, warns, err := ir.Build(spec, ir.Options{Reserved: emit.Reserved()})
	warns = append(spec.Warnings, warns...)
	if err != nil {
		return nil, warns, err
	}
	if strict && len(warns) > 0 {
		return nil, warns, &loader.Error{Diagnostic: warns[0]}
	}
	files, err := emit.Generate(api, emit.Options{Package: pkg, Version: buildVersion()})
	return files, warns, err
}

func buildVersion() string {
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" {
		return bi.Main.Version
	}
	return "(devel)"
}

// packageName derives a package name from the output directory.
func packageName(dir string) string {
	abs, err := filepath.Abs(dir)
	if err == nil {
		dir = abs
	}
	var b strings.Builder
	for _, r := range strings.ToLower(filepath.Base(dir)) {
		if r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			b.WriteRune(r)
		}
	}
	s := b.String()
	if s == "" || unicode.IsDigit(rune(s[0])) {
		s = "client" + s
	}
	return s
}

func validPackage(name string) bool {
	if name == "" || name == "main" {
		return false
	}
	for i, r := range name {
		if !(r == '_' || unicode.IsLetter(r) || (i > 0 && unicode.IsDigit(r))) {
			return false
		}
	}
	return true
}
