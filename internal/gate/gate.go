// Package gate type-checks a generated package with go/types before
// anything is written: whatever a spec does to names, a package that would
// not compile never reaches the disk. The standard library's types come
// from the go command's export data, located once and remembered in the
// user's cache directory, so a run costs the check itself.
package gate

import (
	"encoding/json"
	"errors"
	"fmt"
	"go/ast"
	"go/importer"
	"go/token"
	"go/types"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
)

// Problem is a type error, with the top-level declaration it lies in.
type Problem struct {
	File    string // generated file name
	Line    int
	Decl    string // the declaration's name: a type, a func, or Type.Method
	Message string

	file         *ast.File // the tree it is in
	unusedImport bool      // an import nothing uses
}

func (p Problem) String() string {
	return fmt.Sprintf("%s:%d: %s (in %s)", p.File, p.Line, p.Message, p.Decl)
}

// Check type-checks the files of one package. A nil slice and nil error
// mean the package compiles; problems are what would stop it; an error
// means the check itself could not run.
//
// The standard library's types come from the go command's export data.
// If that cannot be had or read (no go command, or one of another Go
// version than orygen's whose export data this go/types cannot read),
// the check runs again over the standard library's source, slower but
// the same check.
func Check(fset *token.FileSet, files []*ast.File) ([]Problem, error) {
	imp, err := stdImporter(fset, imports(files))
	if err == nil {
		problems := check(fset, files, imp)
		if !importFailed(problems) {
			return problems, nil
		}
	}
	problems := check(fset, files, importer.ForCompiler(fset, "source", nil))
	if err != nil && importFailed(problems) {
		return nil, err
	}
	return problems, nil
}

// Warmed is the standard library's types for a Check to come, loaded
// ahead (see Warm).
type Warmed struct {
	done chan struct{}
	pkgs []string // sorted
	imp  types.Importer
	err  error
}

// Warm starts loading, in the background, the export data of the
// standard-library packages pkgs for a check of files parsed into fset:
// work a Check would otherwise begin with, done while the caller is
// still busy on one core.
func Warm(fset *token.FileSet, pkgs []string) *Warmed {
	pkgs = slices.Sorted(slices.Values(pkgs))
	w := &Warmed{done: make(chan struct{}), pkgs: pkgs}
	go func() {
		defer close(w.done)
		w.imp, w.err = stdImporter(fset, pkgs)
		if w.err != nil {
			return
		}
		for _, p := range pkgs {
			if _, err := w.imp.Import(p); err != nil {
				w.err = err
				return
			}
		}
	}()
	return w
}

// CheckWarmed is Check of the files of generated and runtime with the
// packages w loaded (others the files import load as they would in
// Check). If w could not load them, or an import fails with its importer,
// it is Check.
//
// The runtime's files are clientrt's source, compiled and tested on their
// own: the declarations in them are checked with the package, since
// generated code uses them and a generated name could collide with them,
// but the bodies of their (non-generic) functions are not, since only a
// generated package-level name that hides a predeclared one (len, error)
// could change what those mean, and then they are checked too. It saves
// about a sixth of the check. Without the bodies, the packages only they
// use (crypto/tls, for one) need not load: the runtime files' imports of
// packages w did not load are left out. Should that leave out one a
// declaration uses, the check fails, and the answer is then Check's.
func CheckWarmed(w *Warmed, fset *token.FileSet, generated, runtime []*ast.File) ([]Problem, error) {
	files := slices.Concat(generated, runtime)
	if w != nil {
		<-w.done
		if w.err == nil {
			in, skipped := files, map[*ast.File]bool{}
			if !hidesPredeclared(generated) {
				in = slices.Concat(generated, withoutBodies(runtime, w.pkgs, skipped))
			}
			problems := check(fset, in, w.imp)
			problems = slices.DeleteFunc(problems, func(p Problem) bool { return p.unusedImport && skipped[p.file] })
			if len(problems) == 0 || (len(skipped) == 0 && !importFailed(problems)) {
				return problems, nil
			}
		}
	}
	return Check(fset, files)
}

// hidesPredeclared reports whether a package-level name of files is one
// of the universe's.
func hidesPredeclared(files []*ast.File) bool {
	hides := func(id *ast.Ident) bool { return id.Name != "_" && types.Universe.Lookup(id.Name) != nil }
	for _, f := range files {
		for _, d := range f.Decls {
			switch d := d.(type) {
			case *ast.FuncDecl:
				if d.Recv == nil && hides(d.Name) {
					return true
				}
			case *ast.GenDecl:
				for _, sp := range d.Specs {
					switch sp := sp.(type) {
					case *ast.TypeSpec:
						if hides(sp.Name) {
							return true
						}
					case *ast.ValueSpec:
						if slices.ContainsFunc(sp.Names, hides) {
							return true
						}
					}
				}
			}
		}
	}
	return false
}

// withoutBodies is files with the bodies of their non-generic functions
// left out (a generic one must have its body), and their imports of
// packages other than keep (sorted); skipped records the copies.
func withoutBodies(files []*ast.File, keep []string, skipped map[*ast.File]bool) []*ast.File {
	out := make([]*ast.File, len(files))
	for i, f := range files {
		c := *f
		c.Decls = slices.Clone(f.Decls)
		for j, d := range c.Decls {
			switch d := d.(type) {
			case *ast.FuncDecl:
				if d.Body != nil && d.Type.TypeParams == nil {
					short := *d
					short.Body = nil
					c.Decls[j] = &short
				}
			case *ast.GenDecl:
				if d.Tok == token.IMPORT {
					short := *d
					short.Specs = slices.DeleteFunc(slices.Clone(d.Specs), func(s ast.Spec) bool {
						p, err := strconv.Unquote(s.(*ast.ImportSpec).Path.Value)
						_, found := slices.BinarySearch(keep, p)
						return err == nil && !found
					})
					c.Decls[j] = &short
				}
			}
		}
		out[i] = &c
		skipped[&c] = true
	}
	return out
}

func check(fset *token.FileSet, files []*ast.File, imp types.Importer) []Problem {
	var problems []Problem
	conf := types.Config{
		Importer: imp,
		Error: func(err error) {
			te, ok := err.(types.Error)
			if !ok {
				return
			}
			pos := fset.Position(te.Pos)
			problems = append(problems, Problem{File: filepath.Base(pos.Filename), Line: pos.Line,
				Decl: enclosing(files, te.Pos), Message: te.Msg,
				file: fileOf(files, te.Pos), unusedImport: strings.Contains(te.Msg, `" imported`) && strings.HasSuffix(te.Msg, "and not used")})
		},
	}
	conf.Check("generated", fset, files, nil)
	return problems
}

func importFailed(problems []Problem) bool {
	for _, p := range problems {
		if strings.HasPrefix(p.Decl, "import ") {
			return true
		}
	}
	return false
}

// fileOf is the file that holds pos.
func fileOf(files []*ast.File, pos token.Pos) *ast.File {
	for _, f := range files {
		if f.FileStart <= pos && pos <= f.FileEnd {
			return f
		}
	}
	return nil
}

// enclosing names the top-level declaration that holds pos.
func enclosing(files []*ast.File, pos token.Pos) string {
	for _, f := range files {
		if pos < f.Pos() || pos > f.End() {
			continue
		}
		for _, d := range f.Decls {
			if pos < d.Pos() || pos > d.End() {
				continue
			}
			switch d := d.(type) {
			case *ast.FuncDecl:
				if d.Recv != nil && len(d.Recv.List) > 0 {
					return recvName(d.Recv.List[0].Type) + "." + d.Name.Name
				}
				return d.Name.Name
			case *ast.GenDecl:
				for _, s := range d.Specs {
					if pos < s.Pos() || pos > s.End() {
						continue
					}
					switch s := s.(type) {
					case *ast.TypeSpec:
						return s.Name.Name
					case *ast.ValueSpec:
						return s.Names[0].Name
					case *ast.ImportSpec:
						return "import " + s.Path.Value
					}
				}
			}
		}
	}
	return ""
}

func recvName(e ast.Expr) string {
	for {
		switch x := e.(type) {
		case *ast.StarExpr:
			e = x.X
		case *ast.IndexExpr:
			e = x.X
		case *ast.Ident:
			return x.Name
		default:
			return ""
		}
	}
}

func imports(files []*ast.File) []string {
	var out []string
	for _, f := range files {
		for _, im := range f.Imports {
			p := strings.Trim(im.Path.Value, `"`)
			if !slices.Contains(out, p) {
				out = append(out, p)
			}
		}
	}
	slices.Sort(out)
	return out
}

// The export data of standard-library packages: where the go command
// keeps it, found with one `go list -export` for every package asked for
// and remembered in the user cache, keyed by the Go version.
var (
	exportMu    sync.Mutex
	exportFiles map[string]string
)

func stdImporter(fset *token.FileSet, need []string) (types.Importer, error) {
	exportMu.Lock()
	defer exportMu.Unlock()
	if exportFiles == nil {
		exportFiles = readCache()
	}
	var missing []string
	for _, p := range need {
		if f, ok := exportFiles[p]; !ok || !exists(f) {
			missing = append(missing, p)
		}
	}
	if len(missing) > 0 {
		if err := goListExport(missing); err != nil {
			return nil, err
		}
		writeCache(exportFiles)
	}
	files := make(map[string]string, len(exportFiles))
	for k, v := range exportFiles {
		files[k] = v
	}
	return importer.ForCompiler(fset, "gc", func(path string) (io.ReadCloser, error) {
		if f, ok := files[path]; ok {
			return os.Open(f)
		}
		return nil, fmt.Errorf("generated code imports %q, which is not in the standard library", path)
	}), nil
}

func goListExport(pkgs []string) error {
	args := append([]string{"list", "-export", "-json=ImportPath,Export,Standard"}, pkgs...)
	cmd := exec.Command("go", args...)
	cmd.Env = append(os.Environ(), "GOFLAGS=", "GOWORK=off", "GO111MODULE=on")
	cmd.Dir = os.TempDir()
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return fmt.Errorf("type-checking the generated package needs the go command's export data of %s: go list: %v %s",
			strings.Join(pkgs, ", "), err, strings.TrimSpace(stderr.String()))
	}
	dec := json.NewDecoder(strings.NewReader(string(out)))
	for {
		var p struct {
			ImportPath, Export string
			Standard           bool
		}
		if err := dec.Decode(&p); err != nil {
			if errors.Is(err, io.EOF) {
				break
			}
			return fmt.Errorf("go list: %v", err)
		}
		if p.Standard && p.Export != "" {
			exportFiles[p.ImportPath] = p.Export
		}
	}
	return nil
}

func exists(path string) bool {
	st, err := os.Stat(path)
	return err == nil && st.Mode().IsRegular()
}

func cachePath() string {
	dir, err := os.UserCacheDir()
	if err != nil {
		return ""
	}
	return filepath.Join(dir, "orygen", "export-"+runtime.Version()+".json")
}

func readCache() map[string]string {
	m := map[string]string{}
	if p := cachePath(); p != "" {
		if data, err := os.ReadFile(p); err == nil {
			_ = json.Unmarshal(data, &m)
		}
	}
	return m
}

// writeCache is best effort: without it the next run asks go list again.
func writeCache(m map[string]string) {
	p := cachePath()
	if p == "" {
		return
	}
	data, err := json.Marshal(m)
	if err != nil || os.MkdirAll(filepath.Dir(p), 0o755) != nil {
		return
	}
	tmp, err := os.CreateTemp(filepath.Dir(p), ".export-*")
	if err != nil {
		return
	}
	_, werr := tmp.Write(data)
	if cerr := tmp.Close(); werr != nil || cerr != nil || os.Rename(tmp.Name(), p) != nil {
		os.Remove(tmp.Name())
	}
}
