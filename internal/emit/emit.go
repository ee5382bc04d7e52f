// Package emit writes the Go package for an ir.API: Go source built with
// jennifer, one file per concern, formatted and byte-for-byte
// deterministic, plus the hand-written runtime (see clientrt) and the
// package's README from templates.
package emit

import (
	"bytes"
	"embed"
	"fmt"
	"go/ast"
	gofmt "go/format"
	"go/parser"
	"go/printer"
	"go/token"
	"hash/crc32"
	"io/fs"
	"maps"
	"path"
	"regexp"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"text/template"

	"github.com/dave/jennifer/jen"

	"github.com/orygen/orygen/internal/ir"
	"github.com/orygen/orygen/templates"
)

//go:embed clientrt/*.go
var runtimeFS embed.FS

// Options says how to write the package.
type Options struct {
	Package string // Go package name
	Version string // orygen's version, recorded in the header
	// Fset, if set, receives the positions of every Go file's syntax
	// tree, which File.Syntax keeps for the type check.
	Fset *token.FileSet
	// ReflectJSON leaves JSON to encoding/json's reflection, as orygen
	// did before it generated codecs: the oracle the codecs are tested
	// against.
	ReflectJSON bool
	// Check, if set, is given the syntax trees of the Go files (sorted by
	// file name) as soon as they are parsed, and runs while they are
	// formatted: the files written for this spec, then the runtime's,
	// which are clientrt's source, compiled and tested on their own. Its
	// error is Generate's, as a *CheckError, unless rendering itself
	// failed.
	Check func(generated, runtime []*ast.File) error
}

// File is one generated file.
type File struct {
	Name string
	Data []byte
	// Syntax is a Go file's tree as parsed for formatting (nil for other
	// files), kept so the package can be type-checked without parsing
	// it again.
	Syntax *ast.File
}

// Reserved lists the package-level names the emitter defines itself, so
// that ir can keep spec-derived names clear of them.
func Reserved() []string {
	// The examples in example_test.go are package-level functions too.
	names := []string{"Client", "NewClient", "ExampleNewClient", "Example_paging", "Example_union",
		"Example_authentication", "Example_nativeLogin"}
	for _, rf := range runtimeFiles() {
		names = append(names, rf.names...)
	}
	sort.Strings(names)
	return names
}

type runtimeFile struct {
	name        string
	src         []byte
	names       []string // its package-level names
	declImports []string // the paths its declarations use, non-generic bodies aside
	parsed      rtParsed // its declarations, for pruning
}

// runtimeFiles are the runtime's files with their names, read and parsed
// once per process (Reserved and every Generate need them). What parsing
// and type-checking them finds is in rtTable, computed when orygen is
// built (see TestPruneTableFresh): doing it in every run cost a tenth of
// the generation of a large spec. A file the table does not describe as it
// is (clientrt changed and the table was not regenerated) is analysed here,
// so the output never depends on the table being fresh.
//
//go:generate go test -run TestPruneTableFresh -update
var runtimeFiles = sync.OnceValue(func() []runtimeFile {
	out := readRuntime()
	if fromTable(out, rtTable) {
		return out
	}
	analyzeRuntime(out)
	return out
})

// readRuntime reads the runtime's files: names and sources only.
func readRuntime() []runtimeFile {
	var out []runtimeFile
	entries, _ := fs.ReadDir(runtimeFS, "clientrt")
	for _, e := range entries {
		n := e.Name()
		if strings.HasSuffix(n, "_test.go") || n == "doc.go" {
			continue
		}
		src, _ := runtimeFS.ReadFile("clientrt/" + n)
		out = append(out, runtimeFile{name: n, src: src})
	}
	return out
}

// analyzeRuntime sets the names and the parsed declarations of files from
// their sources.
func analyzeRuntime(files []runtimeFile) {
	srcs := make([][]byte, len(files))
	for i := range files {
		files[i].names, files[i].declImports = topLevelNames(files[i].src)
		srcs[i] = files[i].src
	}
	for i, p := range parseRuntimes(srcs) {
		files[i].parsed = p
	}
}

// rtTableFile is what analyzeRuntime finds in one runtime file, recorded
// with the file's size and checksum so that a stale entry is noticed.
type rtTableFile struct {
	name        string
	size        int
	sum         uint32 // crc32 (IEEE) of the source
	names       []string
	declImports []string
	parsed      rtParsed
}

// fromTable fills files from table if it describes every one of them as
// it is, and reports whether it did.
func fromTable(files []runtimeFile, table []rtTableFile) bool {
	if len(table) != len(files) {
		return false
	}
	for i, rf := range files {
		t := table[i]
		if t.name != rf.name || t.size != len(rf.src) || t.sum != crc32.ChecksumIEEE(rf.src) {
			return false
		}
	}
	for i := range files {
		t := table[i]
		files[i].names, files[i].declImports, files[i].parsed = t.names, t.declImports, t.parsed
	}
	return true
}

// StdImports are the standard-library packages the type check of a
// generated package needs, which it loads ahead: those the example and
// the generated files may import, and those the runtime's declarations
// use. The check leaves out the bodies of the runtime's functions (see
// gate.CheckWarmed), and with them the packages only they use, such as
// crypto/tls: loading those was half the loading.
func StdImports() []string {
	set := map[string]bool{}
	for _, p := range slices.Concat(exampleImports, generatedImports) {
		set[p] = true
	}
	for _, rf := range runtimeFiles() {
		for _, p := range rf.declImports {
			set[p] = true
		}
	}
	return slices.Sorted(maps.Keys(set))
}

// topLevelNames are the package-level names of a runtime file, and the
// imports its declarations use outside the bodies of non-generic
// functions.
func topLevelNames(src []byte) (names, declImports []string) {
	f, err := parser.ParseFile(token.NewFileSet(), "", src, parser.SkipObjectResolution)
	if err != nil {
		panic("clientrt does not parse: " + err.Error()) // it is compiled with orygen itself
	}
	used := map[string]bool{}
	for _, d := range f.Decls {
		switch d := d.(type) {
		case *ast.FuncDecl:
			if d.Recv == nil {
				names = append(names, d.Name.Name)
			}
			// The check keeps a generic function's body (see
			// gate.CheckWarmed), and so what it uses.
			body := d.Body
			if d.Type.TypeParams == nil {
				d.Body = nil
			}
			qualifiers(d, used)
			d.Body = body
		case *ast.GenDecl:
			if d.Tok != token.IMPORT {
				qualifiers(d, used)
			}
			for _, sp := range d.Specs {
				switch sp := sp.(type) {
				case *ast.TypeSpec:
					names = append(names, sp.Name.Name)
				case *ast.ValueSpec:
					for _, n := range sp.Names {
						names = append(names, n.Name)
					}
				}
			}
		}
	}
	for _, im := range f.Imports {
		p, _ := strconv.Unquote(im.Path.Value)
		name := path.Base(p)
		if im.Name != nil {
			name = im.Name.Name
		} else if len(name) > 1 && name[0] == 'v' && strings.Trim(name[1:], "0123456789") == "" {
			name = path.Base(path.Dir(p)) // math/rand/v2 is rand
		}
		if used[name] {
			declImports = append(declImports, p)
		}
	}
	return names, declImports
}

// qualifiers adds to used the X of every X.Sel in n.
func qualifiers(n ast.Node, used map[string]bool) {
	ast.Inspect(n, func(n ast.Node) bool {
		if s, ok := n.(*ast.SelectorExpr); ok {
			if id, ok := s.X.(*ast.Ident); ok {
				used[id.Name] = true
			}
		}
		return true
	})
}

// Generate renders the package for api. Files are rendered concurrently
// (jennifer and formatting dominate the run time) and returned sorted by
// name, so the output does not depend on scheduling.
func Generate(api *ir.API, o Options) ([]File, error) {
	m := newModel(api, o.Package)
	if o.ReflectJSON {
		m.codec, m.dec, m.enc = map[ir.Ident]bool{}, map[ir.Ident]bool{}, map[ir.Ident]bool{}
	}
	m.keepTaglessInExtras()
	if o.Fset == nil {
		o.Fset = token.NewFileSet()
	}
	g := &generator{m: m, opts: o}
	g.goFile("client.go", func(f *jen.File) { m.client(f, UserAgent(o.Package, o.Version)) })
	g.goFile("models.go", m.models)
	if m.has(ir.KindEnum) {
		g.goFile("enums.go", m.enums)
	}
	if m.has(ir.KindUnion) {
		g.goFile("unions.go", m.unions)
	}
	if m.hasGetters() {
		g.gettersFile()
	}
	if !o.ReflectJSON {
		g.goFile("codecs.go", m.codecs)
	}
	if len(m.ErrorMaps) > 0 {
		g.goFile("errormaps.go", m.errorMappers)
	}
	files := serviceFiles(m.Services)
	for _, s := range m.Services {
		svc := s
		g.goFile(files[svc], func(f *jen.File) { m.service(f, svc) })
	}
	for _, rf := range runtimeFiles() {
		if rf.name == "sse.go" && !m.streams() {
			continue // only APIs with text/event-stream responses need it
		}
		if rf.name == "binary.go" && !m.binary() {
			continue // only APIs with binary responses need it
		}
		if rf.name == "unknown.go" && !slices.ContainsFunc(m.Types, m.keepsUnknown) {
			continue // with -reflect-json no struct keeps unknown members
		}
		g.rtFiles = append(g.rtFiles, rf)
	}
	g.docFile()
	g.examples()
	g.readme()
	return g.run()
}

// job renders one file: its bytes and, for a Go file, its syntax tree.
// A Go file rendered with nil bytes is printed from its tree afterwards
// (see format).
type job struct {
	name    string
	render  func() ([]byte, *ast.File, error)
	runtime bool // a runtime file, copied from clientrt
}

// CheckError is the error of Options.Check.
type CheckError struct{ Err error }

func (e *CheckError) Error() string { return e.Err.Error() }
func (e *CheckError) Unwrap() error { return e.Err }

// run renders every file, then prints the Go files from their trees while
// Options.Check looks at the same trees (it needs no printed bytes, and
// the two together keep both cores busy).
func (g *generator) run() ([]File, error) {
	files := make([]File, len(g.jobs))
	errs := make([]error, len(g.jobs))
	parallel(len(g.jobs), func(i int) {
		j := g.jobs[i]
		data, syntax, err := j.render()
		files[i], errs[i] = File{Name: j.name, Data: data, Syntax: syntax}, err
	})
	for i, j := range g.jobs {
		if errs[i] != nil {
			return nil, fmt.Errorf("%s: %w", j.name, errs[i])
		}
	}
	// The runtime's files come second: what they keep depends on what the
	// generated files use.
	var generated []*ast.File
	for _, f := range files {
		if f.Syntax != nil {
			generated = append(generated, f.Syntax)
		}
	}
	pruned := pruneCuts(g.rtFiles, generated)
	n := len(g.jobs)
	for _, rf := range g.rtFiles {
		if pf, ok := pruned[rf.name]; ok {
			rf.src = pf.src
			g.runtimeJob(rf, pf.cut)
		}
	}
	files = append(files, make([]File, len(g.jobs)-n)...)
	errs = append(errs, make([]error, len(g.jobs)-n)...)
	parallel(len(g.jobs)-n, func(i int) {
		j := g.jobs[n+i]
		data, syntax, err := j.render()
		files[n+i], errs[n+i] = File{Name: j.name, Data: data, Syntax: syntax}, err
	})
	for i, j := range g.jobs {
		if errs[i] != nil {
			return nil, fmt.Errorf("%s: %w", j.name, errs[i])
		}
	}
	sorted := make([]int, len(files))
	for i := range sorted {
		sorted[i] = i
	}
	sort.Slice(sorted, func(a, b int) bool { return files[sorted[a]].Name < files[sorted[b]].Name })
	checked := make(chan error, 1)
	if g.opts.Check != nil {
		var generated, runtime []*ast.File
		for _, i := range sorted {
			switch {
			case files[i].Syntax == nil:
			case g.jobs[i].runtime:
				runtime = append(runtime, files[i].Syntax)
			default:
				generated = append(generated, files[i].Syntax)
			}
		}
		go func() { checked <- g.opts.Check(generated, runtime) }()
	} else {
		checked <- nil
	}
	parallel(len(files), func(i int) {
		if files[i].Data == nil && files[i].Syntax != nil {
			files[i].Data, errs[i] = g.print(files[i].Syntax)
		}
	})
	checkErr := <-checked
	for i, j := range g.jobs {
		if errs[i] != nil {
			return nil, fmt.Errorf("%s: %w", j.name, errs[i])
		}
	}
	if checkErr != nil {
		return nil, &CheckError{checkErr}
	}
	out := make([]File, len(files))
	for k, i := range sorted {
		out[k] = files[i]
	}
	return out, nil
}

// parallel runs f(0) … f(n-1), as many at a time as there are cores.
func parallel(n int, f func(i int)) {
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			f(i)
		}()
	}
	wg.Wait()
}

func (m *model) has(k ir.Kind) bool {
	for _, t := range m.Types {
		if t.Kind == k {
			return true
		}
	}
	return false
}

type generator struct {
	m    *model
	opts Options
	jobs []job
	// rtFiles are the runtime files the package may need, pruned to what
	// the generated files reach once those are rendered (see pruneRuntime).
	rtFiles []runtimeFile
}

func (g *generator) header() string {
	return fmt.Sprintf("Code generated by orygen %s. DO NOT EDIT.\nSource: %s", version(g.opts.Version), g.m.SpecName)
}

func version(v string) string {
	if v == "" {
		return "(devel)"
	}
	return v
}

// UserAgent is the default User-Agent of a generated package: its name
// and orygen's version, e.g. "kratos orygen/v1.2.0" ("orygen/devel" for a
// development build).
func UserAgent(pkg, orygenVersion string) string {
	return pkg + " orygen/" + uaVersion(version(orygenVersion))
}

// uaVersion is a version as a User-Agent product version: a token.
func uaVersion(v string) string {
	v = strings.Map(func(r rune) rune {
		if r > ' ' && r < 0x7f && !strings.ContainsRune("\"(),/:;<=>?@[\\]{}", r) {
			return r
		}
		return -1
	}, v)
	if v == "" {
		return "devel"
	}
	return v
}

// headerRe matches the header line that names orygen's version.
var headerRe = regexp.MustCompile(`(?m)^(//|<!--) Code generated by orygen (.*)\. DO NOT EDIT\.`)

// WithoutVersion is data with orygen's version taken out wherever the
// generator wrote it (the header line, the default User-Agent), so that
// output of two orygen versions compares equal when nothing else differs.
// It also returns the version the header names.
func WithoutVersion(data []byte) ([]byte, string) {
	m := headerRe.FindSubmatch(data)
	if m == nil {
		return data, ""
	}
	v := string(m[2])
	out := bytes.Replace(data, []byte("orygen "+v+"."), []byte("orygen VERSION."), 1)
	out = bytes.ReplaceAll(out, []byte(" orygen/"+uaVersion(v)+`"`), []byte(` orygen/VERSION"`))
	return out, v
}

// headerComments writes the header one line per comment: jennifer turns a
// multi-line comment into a /* */ block.
func (g *generator) headerComments(f *jen.File) {
	for _, l := range strings.Split(g.header(), "\n") {
		f.HeaderComment(l)
	}
}

func (g *generator) goFile(name string, fill func(*jen.File)) {
	g.jobs = append(g.jobs, job{name, func() ([]byte, *ast.File, error) {
		f := jen.NewFile(g.opts.Package)
		// Formatting happens once, in format; jennifer would do it too.
		f.NoFormat = true
		g.headerComments(f)
		fill(f)
		// The parser copies what it keeps, so the rendered text's buffer
		// can serve the next file: the largest are 0.5 MB.
		buf := renderBufs.Get().(*bytes.Buffer)
		defer renderBufs.Put(buf)
		buf.Reset()
		if err := f.Render(buf); err != nil {
			return nil, nil, fmt.Errorf("generated code does not render: %v", err)
		}
		return g.format(name, buf.Bytes())
	}, false})
}

// keepDocComments turns keepDocs on; a test turns it off to compare.
var keepDocComments = true

var renderBufs = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// format parses src for gofmt, which run then applies (print): it returns
// no bytes yet, and the syntax tree, which also serves the type check
// (one parse serves both). jennifer writes every import, sorted, in one
// group, so goimports (which the first versions ran here) has nothing to
// add; plain go/format is a third faster and leaves x/tools out of the
// generator's build. A test checks goimports would not change the output.
func (g *generator) format(name string, src []byte) ([]byte, *ast.File, error) {
	f, err := parser.ParseFile(g.opts.Fset, name, src, parser.ParseComments|parser.SkipObjectResolution)
	if err != nil {
		return nil, nil, fmt.Errorf("generated code does not parse: %v\n%s", err, numbered(src, err))
	}
	if keepDocComments {
		keepDocs(f, g.opts.Fset.File(f.Pos()), src)
	}
	return nil, f, nil
}

// print formats a parsed file as gofmt does.
func (g *generator) print(f *ast.File) ([]byte, error) {
	var buf bytes.Buffer
	// Indentation makes the output a little longer than the source.
	size := int(f.FileEnd - f.FileStart)
	buf.Grow(size + size/4)
	var err error
	// A file set of this file alone: the printer looks positions up all
	// the time, and in the shared set, which files printing concurrently
	// take turns in, each look-up would search every file.
	fset := token.NewFileSet()
	fset.AddExistingFiles(g.opts.Fset.File(f.Pos()))
	if importsSorted(f) {
		// What go/format does, without its detour: for a file with an
		// import block it prints the file, parses the result again, sorts
		// the imports and prints that. With the imports already sorted the
		// second pass reprints gofmt's own output, which gofmt leaves as it
		// is, so printing once gives the same bytes at half the cost.
		err = printConfig.Fprint(&buf, fset, f)
	} else {
		err = gofmt.Node(&buf, fset, f)
	}
	if err != nil {
		return nil, fmt.Errorf("generated code does not format: %v", err)
	}
	return buf.Bytes(), nil
}

// printConfig is go/format's printer configuration; 1<<30 is its
// (unexported) mode bit that normalizes number literals.
var printConfig = printer.Config{Mode: printer.UseSpaces | printer.TabIndent | 1<<30, Tabwidth: 8}

// importsSorted reports whether every import block of f is sorted by path
// without duplicates, so that ast.SortImports would leave it as it is.
func importsSorted(f *ast.File) bool {
	for _, d := range f.Decls {
		d, ok := d.(*ast.GenDecl)
		if !ok || d.Tok != token.IMPORT {
			break
		}
		prev := ""
		for i, s := range d.Specs {
			p, err := strconv.Unquote(s.(*ast.ImportSpec).Path.Value)
			if err != nil || (i > 0 && p <= prev) {
				return false
			}
			prev = p
		}
	}
	return true
}

// numbered shows the lines around the position an error names.
func numbered(src []byte, err error) string {
	lines := strings.Split(string(src), "\n")
	line := 0
	if m := reLineCol.FindStringSubmatch(err.Error()); m != nil {
		line, _ = strconv.Atoi(m[1])
	}
	var b strings.Builder
	for i := max(line-5, 1); i <= min(line+5, len(lines)); i++ {
		fmt.Fprintf(&b, "%5d  %s\n", i, lines[i-1])
	}
	return b.String()
}

// reLineCol finds "line:column:" in a go/format error.
var reLineCol = regexp.MustCompile(`(\d+):\d+:`)

func (g *generator) runtime(rf runtimeFile) { g.runtimeJob(rf, false) }

// runtimeJob copies rf, whose source is cut when the pruner removed
// declarations from it: that is printed from the tree the type check gets
// (one parse), like a generated file. The printer trims trailing blanks
// from comment lines, which the header copied as text keeps; with such a
// header (never in practice) a cut file is formatted first, as it always
// was, so that every runtime file keeps the header as it is.
func (g *generator) runtimeJob(rf runtimeFile, cut bool) {
	g.jobs = append(g.jobs, job{"runtime_" + rf.name, func() ([]byte, *ast.File, error) {
		header := strings.Split(g.header(), "\n")
		printed := cut
		for _, l := range header {
			printed = printed && strings.TrimRight(l, " \t") == l
		}
		src := rf.src
		if cut && !printed {
			var err error
			if src, err = gofmt.Source(src); err != nil {
				return nil, nil, fmt.Errorf("runtime_%s after pruning: %w", rf.name, err)
			}
		}
		i := bytes.Index(src, []byte("package clientrt"))
		if i < 0 {
			return nil, nil, fmt.Errorf("runtime file %s has no package clause", rf.name)
		}
		var b strings.Builder
		b.Grow(len(src) + 256)
		for _, l := range header {
			b.WriteString("// " + l + "\n")
		}
		b.WriteString("\npackage " + g.opts.Package)
		b.Write(src[i+len("package clientrt"):])
		// The runtime is gofmt-clean (TestRuntimeNeedsNoFormatting), and
		// comment lines and a package name do not change its layout: parse
		// it for the type check, but print nothing unless it was cut.
		data := []byte(b.String())
		_, f, err := g.format("runtime_"+rf.name, data)
		if printed {
			return nil, f, err
		}
		return data, f, err
	}, true})
}

// templateData is what templates see.
type templateData struct {
	*model
	Package string
	Example *example
	Union   *unionExample
	// ServerDocs are the document's servers; BaseURL is the first one's
	// URL, or a placeholder, for examples.
	ServerDocs []serverDoc
	BaseURL    string
}

type unionExample struct {
	Name        string
	UnknownName string
	Variants    []ir.Variant
}

type example struct{ Service, Method, Args string }

func (g *generator) data() templateData {
	d := templateData{model: g.m, Package: g.opts.Package, ServerDocs: serverDocs(g.m.API), BaseURL: defaultBaseURL(g.m.API)}
	for _, t := range g.m.Types {
		if t.Kind == ir.KindUnion && t.Union.Discriminator != "" {
			d.Union = &unionExample{Name: string(t.Name), UnknownName: string(t.Union.UnknownName), Variants: t.Union.Variants}
			break
		}
	}
	for _, s := range g.m.Services {
		for _, op := range s.Operations {
			if op.Method == "GET" && op.Body == nil && len(op.PathParams) <= 1 && !op.Streams {
				args := ""
				if len(op.PathParams) == 1 {
					args = `, "id"`
				}
				if len(op.Params) > 0 {
					if op.ParamsByValue {
						args += ", " + g.opts.Package + "." + string(op.ParamsName) + "{}"
					} else {
						args += ", nil"
					}
				}
				d.Example = &example{Service: string(s.Name), Method: string(op.Name), Args: args}
				return d
			}
		}
	}
	return d
}

func (g *generator) render(name string) ([]byte, error) {
	t, err := template.ParseFS(templates.FS, name)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := t.Execute(&buf, g.data()); err != nil {
		return nil, fmt.Errorf("template %s: %v", name, err)
	}
	return buf.Bytes(), nil
}

func (g *generator) docFile() {
	g.jobs = append(g.jobs, job{"doc.go", func() ([]byte, *ast.File, error) {
		text, err := g.render("doc.tmpl")
		if err != nil {
			return nil, nil, err
		}
		f := jen.NewFile(g.opts.Package)
		f.NoFormat = true
		g.headerComments(f)
		for _, l := range strings.Split(strings.TrimRight(string(text), "\n"), "\n") {
			if l = strings.TrimRight(l, " "); l == "" {
				l = "//" // as in doc: jennifer writes "" as "// "
			}
			f.PackageComment(l)
		}
		var buf bytes.Buffer
		if err := f.Render(&buf); err != nil {
			return nil, nil, err
		}
		return g.format("doc.go", buf.Bytes())
	}, false})
}

func (g *generator) readme() {
	g.jobs = append(g.jobs, job{"README.md", func() ([]byte, *ast.File, error) {
		data, err := g.render("README.md.tmpl")
		return data, nil, err
	}, false})
}
