package emit

import (
	"fmt"
	"go/ast"
	gofmt "go/format"
	"go/parser"
	"go/token"
	"go/types"
	"maps"
	"path"
	"slices"
	"strconv"
	"strings"
)

// The runtime is copied per declaration: a generated package gets the
// runtime's exported API (the options and types its documentation names,
// the same in every package) and whatever the generated files and that API
// reach, and nothing else. Codecs are decided per type; without this, every
// package would also carry the helpers only other packages use (multipart,
// the encoders of kinds it does not have, credentials of schemes it does not
// declare), which staticcheck reports as unused.
//
// Reachability needs no type check per package and errs on the side of
// keeping. A package-level declaration is kept when kept code has an
// identifier of its name that is not a local (the parser's per-file
// resolution tells) nor a selected, field or method name. A method or an
// unexported struct field is kept when kept code selects it on its type:
// in the runtime as the one type check of clientrt resolves it (see
// rtTypes), in generated code when the operand is a parameter of that
// type or a local set from a runtime function returning it (see
// genQualified). A selector neither resolves, an interface's method and a
// composite literal's key still keep every member of that name (and a
// type ever written without keys keeps all its fields).

// rtDecl is one unit the pruner keeps or drops: a function, a method, a
// type or var spec, or a whole const block (iota ties its specs together).
type rtDecl struct {
	names   []string // the package-level names it declares (none for a method)
	recv    string   // a method's receiver type
	method  string   // a method's name
	owner   string   // a struct field's type
	field   string   // a struct field's name
	refs    []string // the identifiers in it that may name a package-level declaration
	sels    []string // the names it selects (x.name), keys and interface methods
	unkeyed []string // the types it writes as composite literals without keys
	// qsels are selectors on a variable of a known runtime type (a
	// parameter or receiver declared T or *T): T.name, which keeps T's
	// method only, not every method of that name.
	qsels [][2]string
	// exact are the members the type check resolved (see rtTypes): the
	// declaring type and the name, promotion already followed.
	exact  [][2]string
	embeds bool     // a struct type with embedded fields: its selectors may be promoted
	quals  []string // the X of every X.Sel in it: the imports it may use
	cut    [2]int   // the bytes that go with it: doc comment to end of line
	group  int      // its parenthesised declaration, if it shares one, else -1
	blank  bool     // var _ = …: an assertion, kept when all it names are
}

// normalized is d with its lists, which the pruner reads as sets, sorted
// and without repeats: what rtTable records, and the same whether d comes
// from it or from parsing.
func (d rtDecl) normalized() rtDecl {
	set := func(xs []string) []string {
		if len(xs) == 0 {
			return nil
		}
		slices.Sort(xs)
		return slices.Compact(xs)
	}
	pairs := func(xs [][2]string) [][2]string {
		if len(xs) == 0 {
			return nil
		}
		slices.SortFunc(xs, func(a, b [2]string) int {
			if c := strings.Compare(a[0], b[0]); c != 0 {
				return c
			}
			return strings.Compare(a[1], b[1])
		})
		return slices.Compact(xs)
	}
	d.refs, d.sels, d.unkeyed, d.quals = set(d.refs), set(d.sels), set(d.unkeyed), set(d.quals)
	d.qsels, d.exact = pairs(d.qsels), pairs(d.exact)
	return d
}

type rtImport struct {
	name string // the name the file uses for it
	cut  [2]int
}

// rtGroup is a parenthesised var or type declaration split into specs: when
// all of them go, the declaration goes, parentheses and doc comment too.
type rtGroup struct {
	cut   [2]int
	specs []int
}

type rtParsed struct {
	decls   []rtDecl
	imports []rtImport
	groups  []rtGroup
	// importDecl is the whole import declaration, dropped when no import
	// is left.
	importDecl [2]int
	hasImports bool
	// results maps each function of the file whose one result is a
	// runtime type T or *T to T.
	results map[string]string
}

// parseRuntime splits one runtime file into the units the pruner decides
// on, type-checked on its own (see parseRuntimes).
func parseRuntime(src []byte) rtParsed {
	return parseRuntimes([][]byte{src})[0]
}

// rtTypes is what go/types says of the runtime package: the selections
// and uses it resolved, and the struct type each field belongs to.
//
// The runtime is type-checked once per process, without the standard
// library (an importer that finds nothing: loading it would cost more than
// the pruning it serves). An expression whose type involves the standard
// library is then invalid and its selectors are not resolved; those stay
// by name. What is resolved is exact: x.m where x is a runtime type keeps
// that type's m (or the embedded type's that declares it), not every m.
type rtTypes struct {
	info   *types.Info
	owners map[*types.Var]string // field → its named struct type
}

// member is the runtime type and member name obj (a field or a concrete
// method) resolves to, ok false when it is none of those (an interface's
// method, which any type may implement, or something unresolved).
func (t *rtTypes) member(obj types.Object) (typ, name string, ok bool) {
	switch obj := obj.(type) {
	case *types.Var:
		if o, found := t.owners[obj]; found {
			return o, obj.Name(), true
		}
	case *types.Func:
		sig, _ := obj.Type().(*types.Signature)
		if sig == nil || sig.Recv() == nil {
			return "", "", false
		}
		rt := sig.Recv().Type()
		if p, isPtr := rt.(*types.Pointer); isPtr {
			rt = p.Elem()
		}
		n, isNamed := rt.(*types.Named)
		if !isNamed || types.IsInterface(n) || n.Obj().Pkg() == nil || n.Obj().Parent() != n.Obj().Pkg().Scope() {
			return "", "", false
		}
		return n.Obj().Name(), obj.Name(), true
	}
	return "", "", false
}

// parseRuntimes parses the files of the runtime package, type-checks them
// together (see rtTypes) and splits each into units.
func parseRuntimes(srcs [][]byte) []rtParsed {
	fset := token.NewFileSet()
	files := make([]*ast.File, len(srcs))
	for i, src := range srcs {
		f, err := parser.ParseFile(fset, "", src, parser.ParseComments)
		if err != nil {
			panic("clientrt does not parse: " + err.Error()) // it is compiled with orygen itself
		}
		files[i] = f
	}
	ti := &rtTypes{info: &types.Info{Selections: map[*ast.SelectorExpr]*types.Selection{}, Uses: map[*ast.Ident]types.Object{}}, owners: map[*types.Var]string{}}
	conf := types.Config{
		Importer: noImporter{},
		Error:    func(error) {}, // the standard library's names are all unknown
	}
	pkg, _ := conf.Check("clientrt", fset, files, ti.info)
	if pkg != nil {
		for _, n := range pkg.Scope().Names() {
			tn, ok := pkg.Scope().Lookup(n).(*types.TypeName)
			if !ok {
				continue
			}
			if st, ok := tn.Type().Underlying().(*types.Struct); ok {
				for i := range st.NumFields() {
					ti.owners[st.Field(i)] = n
				}
			}
		}
	}
	out := make([]rtParsed, len(srcs))
	for i, src := range srcs {
		out[i] = parseRuntimeFile(fset, files[i], src, ti)
		out[i].results = map[string]string{}
		for _, d := range files[i].Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Recv != nil || fd.Type.TypeParams != nil || pkg == nil {
				continue
			}
			fn, ok := pkg.Scope().Lookup(fd.Name.Name).(*types.Func)
			if !ok {
				continue
			}
			res := fn.Type().(*types.Signature).Results()
			if res.Len() != 1 {
				continue
			}
			t := res.At(0).Type()
			if p, ok := t.(*types.Pointer); ok {
				t = p.Elem()
			}
			if n, ok := t.(*types.Named); ok && n.Obj().Pkg() == pkg && n.Obj().Parent() == pkg.Scope() {
				out[i].results[fd.Name.Name] = n.Obj().Name()
			}
		}
	}
	return out
}

type noImporter struct{}

func (noImporter) Import(path string) (*types.Package, error) {
	return nil, fmt.Errorf("%s: not loaded", path)
}

func parseRuntimeFile(fset *token.FileSet, f *ast.File, src []byte, ti *rtTypes) rtParsed {
	off := func(p token.Pos) int { return fset.Position(p).Offset }
	// span runs from the doc comment (or the node) to the end of the node's
	// last line, so that a trailing comment goes with it.
	span := func(doc *ast.CommentGroup, from, to token.Pos) [2]int {
		s := off(from)
		if doc != nil {
			s = off(doc.Pos())
		}
		e := off(to)
		// The rest of the line goes too if it is only a comment: a field
		// of a one-line struct leaves the brace after it.
		rest, _, _ := strings.Cut(string(src[e:]), "\n")
		if t := strings.TrimSpace(rest); t == "" || strings.HasPrefix(t, "//") {
			e += len(rest)
			if e < len(src) {
				e++
			}
		}
		return [2]int{s, e}
	}
	var p rtParsed
	var unit func(n ast.Node, d rtDecl)
	// fields makes each field of a struct type its own unit, so that a
	// field no kept code uses goes, and with it what its type names.
	fields := func(ts *ast.TypeSpec) map[ast.Node]bool {
		st, ok := ts.Type.(*ast.StructType)
		if !ok || st.Fields == nil {
			return nil
		}
		skip := map[ast.Node]bool{}
		for _, fl := range st.Fields.List {
			if len(fl.Names) != 1 || ast.IsExported(fl.Names[0].Name) {
				continue // embedded fields and x, y T stay with the type
			}
			skip[fl] = true
			unit(fl, rtDecl{group: -1, owner: ts.Name.Name, field: fl.Names[0].Name, cut: span(fl.Doc, fl.Pos(), fl.End())})
		}
		return skip
	}
	unit = func(n ast.Node, d rtDecl) {
		var skip map[ast.Node]bool
		selected := map[*ast.Ident]bool{}
		// A struct field's or a method's own name names no package-level
		// declaration.
		ast.Inspect(n, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.StructType:
				for _, fl := range n.Fields.List {
					for _, nm := range fl.Names {
						selected[nm] = true
					}
					if len(fl.Names) == 0 {
						d.embeds = true
					}
				}
			case *ast.FuncDecl:
				if n.Recv != nil {
					selected[n.Name] = true
				}
			case *ast.InterfaceType:
				for _, m := range n.Methods.List {
					for _, nm := range m.Names {
						selected[nm] = true
					}
				}
			}
			return true
		})
		if fl, ok := n.(*ast.Field); ok {
			for _, nm := range fl.Names {
				selected[nm] = true
			}
		}
		switch n := n.(type) {
		case *ast.TypeSpec:
			skip = fields(n)
		case *ast.GenDecl:
			skip = map[ast.Node]bool{}
			for _, sp := range n.Specs {
				if ts, ok := sp.(*ast.TypeSpec); ok {
					maps.Copy(skip, fields(ts))
				}
			}
		}
		ast.Inspect(n, func(n ast.Node) bool {
			if skip[n] {
				return false
			}
			switch n := n.(type) {
			case *ast.Ident:
				if !selected[n] && (n.Obj == nil || f.Scope.Lookup(n.Name) == n.Obj) {
					d.refs = append(d.refs, n.Name)
				}
			case *ast.SelectorExpr:
				if id, ok := n.X.(*ast.Ident); ok {
					d.quals = append(d.quals, id.Name)
				}
				if sel := ti.info.Selections[n]; sel != nil && sel.Kind() != types.MethodExpr {
					if t, m, ok := ti.member(sel.Obj()); ok {
						d.exact = append(d.exact, [2]string{t, m})
						selected[n.Sel] = true
						return true
					}
				}
				if t := paramType(n.X); t != "" {
					d.qsels = append(d.qsels, [2]string{t, n.Sel.Name})
				} else {
					d.sels = append(d.sels, n.Sel.Name)
				}
				selected[n.Sel] = true // not a package-level name
			case *ast.KeyValueExpr:
				if id, ok := n.Key.(*ast.Ident); ok {
					if t, m, ok := ti.member(ti.info.Uses[id]); ok {
						d.exact = append(d.exact, [2]string{t, m})
					} else {
						d.sels = append(d.sels, id.Name)
					}
				}
			case *ast.InterfaceType:
				for _, m := range n.Methods.List {
					for _, nm := range m.Names {
						d.sels = append(d.sels, nm.Name)
					}
				}
			case *ast.CompositeLit:
				if len(n.Elts) > 0 {
					if _, keyed := n.Elts[0].(*ast.KeyValueExpr); !keyed {
						if t := recvName(n.Type); t != "" {
							d.unkeyed = append(d.unkeyed, t)
						}
					}
				}
			}
			return true
		})
		p.decls = append(p.decls, d.normalized())
	}
	for _, decl := range f.Decls {
		switch decl := decl.(type) {
		case *ast.FuncDecl:
			d := rtDecl{group: -1, cut: span(decl.Doc, decl.Pos(), decl.End())}
			if decl.Recv != nil && len(decl.Recv.List) == 1 {
				d.recv, d.method = recvName(decl.Recv.List[0].Type), decl.Name.Name
			} else {
				d.names = []string{decl.Name.Name}
			}
			unit(decl, d)
		case *ast.GenDecl:
			switch {
			case decl.Tok == token.IMPORT:
				p.hasImports = true
				p.importDecl = span(decl.Doc, decl.Pos(), decl.End())
				for _, sp := range decl.Specs {
					is := sp.(*ast.ImportSpec)
					ip, _ := strconv.Unquote(is.Path.Value)
					name := path.Base(ip)
					if is.Name != nil {
						name = is.Name.Name
					} else if len(name) > 1 && name[0] == 'v' && strings.Trim(name[1:], "0123456789") == "" {
						name = path.Base(path.Dir(ip)) // math/rand/v2 is rand
					}
					p.imports = append(p.imports, rtImport{name: name, cut: span(is.Doc, is.Pos(), is.End())})
				}
			case decl.Tok == token.CONST || !decl.Lparen.IsValid() || len(decl.Specs) == 1:
				d := rtDecl{group: -1, cut: span(decl.Doc, decl.Pos(), decl.End())}
				d.names, d.blank = specNames(decl.Specs)
				unit(decl, d)
			default:
				g := rtGroup{cut: span(decl.Doc, decl.Pos(), decl.End())}
				for _, sp := range decl.Specs {
					var doc *ast.CommentGroup
					switch sp := sp.(type) {
					case *ast.ValueSpec:
						doc = sp.Doc
					case *ast.TypeSpec:
						doc = sp.Doc
					}
					d := rtDecl{group: len(p.groups), cut: span(doc, sp.Pos(), sp.End())}
					d.names, d.blank = specNames([]ast.Spec{sp})
					g.specs = append(g.specs, len(p.decls))
					unit(sp, d)
				}
				p.groups = append(p.groups, g)
			}
		}
	}
	return p
}

// specNames are the names a declaration's specs declare; blank says they
// are all _.
func specNames(specs []ast.Spec) (names []string, blank bool) {
	blank = true
	for _, sp := range specs {
		switch sp := sp.(type) {
		case *ast.TypeSpec:
			names = append(names, sp.Name.Name)
			blank = false
		case *ast.ValueSpec:
			for _, n := range sp.Names {
				if n.Name != "_" {
					names = append(names, n.Name)
					blank = false
				}
			}
		}
	}
	return names, blank
}

// recvName is the type name of a method's receiver: T in T, *T, T[K], *T[K].
func recvName(e ast.Expr) string {
	for {
		switch x := e.(type) {
		case *ast.StarExpr:
			e = x.X
		case *ast.IndexExpr:
			e = x.X
		case *ast.IndexListExpr:
			e = x.X
		case *ast.ParenExpr:
			e = x.X
		case *ast.Ident:
			return x.Name
		default:
			return ""
		}
	}
}

// pruneCuts returns, per runtime file name, the source to copy: the
// declarations that the generated files (their identifiers are uses) and
// the runtime's exported API reach. A file left with no declaration is
// absent from the map. A cut file is not formatted yet: the generator
// parses it once, for the type check, and prints that tree (see
// generator.runtime), rather than formatting it here and parsing the
// result again.
func pruneCuts(files []runtimeFile, generated []*ast.File) map[string]prunedFile {
	embeds, qsels, rtNames := map[string]bool{}, map[[2]string]bool{}, map[string]bool{}
	results := map[string]string{}
	for _, rf := range files {
		maps.Copy(results, rf.parsed.results)
		for _, d := range rf.parsed.decls {
			for _, n := range d.names {
				rtNames[n] = true
			}
			if d.embeds {
				for _, n := range d.names {
					embeds[n] = true
				}
			}
		}
	}
	// The generated files' identifiers all count as package-level names
	// (they were parsed without resolution); their selectors, keys and
	// interface methods as methods and fields, a selector on a parameter
	// of a runtime type as that type's (see genQualified).
	used, sels, unkeyed := map[string]bool{}, map[string]bool{}, map[string]bool{}
	for _, f := range generated {
		qualified := genQualified(f, results)
		// A selected name, a method's and a struct field's own name is no
		// use of a package-level name (the parent is visited first).
		member := map[*ast.Ident]bool{}
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.Ident:
				if !member[n] {
					used[n.Name] = true
				}
			case *ast.FuncDecl:
				if n.Recv != nil {
					member[n.Name] = true
				}
			case *ast.StructType:
				for _, fl := range n.Fields.List {
					for _, nm := range fl.Names {
						member[nm] = true
					}
				}
			case *ast.SelectorExpr:
				member[n.Sel] = true
				// Only a runtime type's own selectors: a generated type
				// may embed one and promote its methods.
				if t, ok := qualified[n]; ok && rtNames[t] && !embeds[t] {
					qsels[[2]string{t, n.Sel.Name}] = true
				} else {
					sels[n.Sel.Name] = true
				}
			case *ast.KeyValueExpr:
				if id, ok := n.Key.(*ast.Ident); ok {
					sels[id.Name] = true
				}
			case *ast.InterfaceType:
				for _, m := range n.Methods.List {
					for _, nm := range m.Names {
						sels[nm.Name] = true
						member[nm] = true
					}
				}
			case *ast.CompositeLit:
				if t := recvName(n.Type); t != "" && len(n.Elts) > 0 {
					if _, keyed := n.Elts[0].(*ast.KeyValueExpr); !keyed {
						unkeyed[t] = true
					}
				}
			}
			return true
		})
	}
	kept := make([][]bool, len(files))
	keptType := map[string]bool{}
	keep := func(fi, di int) {
		d := files[fi].parsed.decls[di]
		kept[fi][di] = true
		for _, r := range d.refs {
			used[r] = true
		}
		for _, r := range d.sels {
			sels[r] = true
		}
		for _, q := range d.qsels {
			if embeds[q[0]] {
				sels[q[1]] = true // perhaps promoted from an embedded type
			} else {
				qsels[q] = true
			}
		}
		for _, q := range d.exact {
			qsels[q] = true
		}
		for _, r := range d.unkeyed {
			unkeyed[r] = true
		}
		for _, n := range d.names {
			keptType[n] = true // types and values alike; only types have methods
		}
	}
	for fi := range files {
		kept[fi] = make([]bool, len(files[fi].parsed.decls))
	}
	for changed := true; changed; {
		changed = false
		for fi, rf := range files {
			for di, d := range rf.parsed.decls {
				if kept[fi][di] || d.blank {
					continue
				}
				reach := false
				switch {
				case d.method != "":
					reach = keptType[d.recv] && (ast.IsExported(d.method) || sels[d.method] || qsels[[2]string{d.recv, d.method}])
				case d.field != "":
					reach = keptType[d.owner] && (sels[d.field] || qsels[[2]string{d.owner, d.field}] || unkeyed[d.owner])
				default:
					for _, n := range d.names {
						if ast.IsExported(n) || used[n] {
							reach = true
						}
					}
				}
				if reach {
					keep(fi, di)
					changed = true
				}
			}
		}
	}
	// An assertion (var _ I = (*T)(nil)) stays when everything of the
	// runtime it names does.
	declared := map[string]bool{}
	for _, rf := range files {
		for _, d := range rf.parsed.decls {
			for _, n := range d.names {
				declared[n] = true
			}
		}
	}
	for fi, rf := range files {
		for di, d := range rf.parsed.decls {
			if !d.blank {
				continue
			}
			all := true
			for _, r := range d.refs {
				if declared[r] && !keptType[r] {
					all = false
				}
			}
			kept[fi][di] = all
		}
	}
	out := map[string]prunedFile{}
	for fi, rf := range files {
		if src, cut, ok := cutRuntime(rf, kept[fi]); ok {
			out[rf.name] = prunedFile{src, cut}
		}
	}
	return out
}

// prunedFile is a runtime file as the pruner leaves it: cut is true when
// declarations or imports were removed, and src then awaits gofmt (the
// blank lines and the alignment around what went).
type prunedFile struct {
	src []byte
	cut bool
}

// pruneRuntime is pruneCuts with every cut file formatted: the source to
// copy of each runtime file left with a declaration.
func pruneRuntime(files []runtimeFile, generated []*ast.File) (map[string][]byte, error) {
	out := map[string][]byte{}
	for name, pf := range pruneCuts(files, generated) {
		src := pf.src
		if pf.cut {
			var err error
			if src, err = gofmt.Source(src); err != nil {
				return nil, fmt.Errorf("runtime_%s after pruning: %w", name, err)
			}
		}
		out[name] = src
	}
	return out, nil
}

// cutRuntime removes from a runtime file what is not kept, and the imports
// only that used; cut is false when nothing was removed, ok when nothing is
// left.
func cutRuntime(rf runtimeFile, kept []bool) (src []byte, cut, ok bool) {
	p := rf.parsed
	quals := map[string]bool{}
	var cuts [][2]int
	for di, d := range p.decls {
		if kept[di] {
			ok = true
			for _, q := range d.quals {
				quals[q] = true
			}
		} else if d.group < 0 {
			cuts = append(cuts, d.cut)
		}
	}
	if !ok {
		return nil, false, false
	}
	for _, g := range p.groups {
		any := false
		for _, di := range g.specs {
			any = any || kept[di]
		}
		if !any {
			cuts = append(cuts, g.cut)
			continue
		}
		for _, di := range g.specs {
			if !kept[di] {
				cuts = append(cuts, p.decls[di].cut)
			}
		}
	}
	if p.hasImports {
		var drop [][2]int
		for _, im := range p.imports {
			if !quals[im.name] && im.name != "_" && im.name != "." {
				drop = append(drop, im.cut)
			}
		}
		if len(drop) == len(p.imports) {
			cuts = append(cuts, p.importDecl)
		} else {
			cuts = append(cuts, drop...)
		}
	}
	if len(cuts) == 0 {
		return rf.src, false, true
	}
	slices.SortFunc(cuts, func(a, b [2]int) int { return a[0] - b[0] })
	var b []byte
	at := 0
	for _, c := range cuts {
		if c[0] < at { // inside a cut already (cannot happen with the spans above)
			c[0] = at
		}
		if c[1] <= at {
			continue
		}
		b = append(b, rf.src[at:c[0]]...)
		at = c[1]
	}
	b = append(b, rf.src[at:]...)
	return b, true, true
}

// paramType is the runtime type T of x in x.name when x is a parameter,
// receiver or variable declared T or *T, or set to T{…} or &T{…} where it
// is declared (the parser's resolution tells), else "".
func paramType(x ast.Expr) string {
	id, ok := x.(*ast.Ident)
	if !ok || id.Obj == nil || id.Obj.Kind != ast.Var {
		return ""
	}
	var t ast.Expr
	switch decl := id.Obj.Decl.(type) {
	case *ast.Field:
		t = decl.Type
	case *ast.ValueSpec: // var x T, var x = T{…}
		t = decl.Type
		if t == nil && len(decl.Values) == len(decl.Names) {
			for i, n := range decl.Names {
				if n == id || n.Name == id.Name {
					t = litType(decl.Values[i])
				}
			}
		}
	case *ast.AssignStmt: // x := T{…}, x := &T{…}
		if len(decl.Lhs) == len(decl.Rhs) {
			for i, l := range decl.Lhs {
				if l, ok := l.(*ast.Ident); ok && l.Name == id.Name {
					t = litType(decl.Rhs[i])
				}
			}
		}
	}
	if t == nil {
		return ""
	}
	if st, ok := t.(*ast.StarExpr); ok {
		t = st.X
	}
	if tid, ok := t.(*ast.Ident); ok && tid.Obj == nil || ok && tid.Obj.Kind == ast.Typ {
		return tid.Name
	}
	return ""
}

// litType is T of the composite literal T{…} or &T{…}, else nil.
func litType(e ast.Expr) ast.Expr {
	if u, ok := e.(*ast.UnaryExpr); ok && u.Op == token.AND {
		e = u.X
	}
	if cl, ok := e.(*ast.CompositeLit); ok {
		return cl.Type
	}
	return nil
}

// genQualified finds, in a generated file parsed without resolution, the
// selectors x.name where x is a parameter or receiver of the enclosing
// function declared T or *T, and no declaration in the function's body
// (a nested function's parameters included) reuses x's name: their T.
// So too where x is declared once, by x := f(…), f a runtime function
// whose one result is T or *T (results) and no name in the function is f.
func genQualified(f *ast.File, results map[string]string) map[*ast.SelectorExpr]string {
	out := map[*ast.SelectorExpr]string{}
	for _, decl := range f.Decls {
		fd, ok := decl.(*ast.FuncDecl)
		if !ok || fd.Body == nil {
			continue
		}
		params := map[string]string{}
		var lists []*ast.FieldList
		if fd.Recv != nil {
			lists = append(lists, fd.Recv)
		}
		lists = append(lists, fd.Type.Params)
		for _, fl := range lists {
			for _, p := range fl.List {
				t := p.Type
				if st, ok := t.(*ast.StarExpr); ok {
					t = st.X
				}
				id, ok := t.(*ast.Ident)
				if !ok {
					continue
				}
				for _, n := range p.Names {
					params[n.Name] = id.Name
				}
			}
		}
		// Every name the signature declares, of any type: x := f(…) must
		// not shadow one of them, nor f be one.
		paramNames := map[string]bool{}
		for _, fl := range []*ast.FieldList{fd.Recv, fd.Type.Params, fd.Type.Results} {
			if fl == nil {
				continue
			}
			for _, p := range fl.List {
				for _, n := range p.Names {
					paramNames[n.Name] = true
				}
			}
		}
		// x := f(…) as a statement of the body itself: its scope is the
		// rest of the body, where the selectors on x after it are.
		count := map[string]int{}
		assigned := map[string]*ast.AssignStmt{}
		for _, st := range fd.Body.List {
			if as, ok := st.(*ast.AssignStmt); ok && as.Tok == token.DEFINE && len(as.Lhs) == 1 && len(as.Rhs) == 1 {
				if id, ok := as.Lhs[0].(*ast.Ident); ok {
					assigned[id.Name] = as
				}
			}
		}
		ast.Inspect(fd.Body, func(n ast.Node) bool {
			var declared []*ast.Ident
			switch n := n.(type) {
			case *ast.AssignStmt:
				if n.Tok == token.DEFINE {
					for _, l := range n.Lhs {
						if id, ok := l.(*ast.Ident); ok {
							declared = append(declared, id)
						}
					}
				}
			case *ast.RangeStmt:
				if n.Tok == token.DEFINE {
					for _, e := range []ast.Expr{n.Key, n.Value} {
						if id, ok := e.(*ast.Ident); ok {
							declared = append(declared, id)
						}
					}
				}
			case *ast.ValueSpec:
				declared = n.Names
			case *ast.Field:
				declared = n.Names
			}
			for _, id := range declared {
				delete(params, id.Name)
				count[id.Name]++
			}
			return true
		})
		after := map[string]token.Pos{} // where a local's scope starts
		for x, as := range assigned {
			call, ok := as.Rhs[0].(*ast.CallExpr)
			if !ok {
				continue
			}
			fn, ok := call.Fun.(*ast.Ident)
			if !ok || count[x] != 1 || count[fn.Name] != 0 || results[fn.Name] == "" || paramNames[x] || paramNames[fn.Name] {
				continue
			}
			params[x] = results[fn.Name]
			after[x] = as.End()
		}
		ast.Inspect(fd.Body, func(n ast.Node) bool {
			if se, ok := n.(*ast.SelectorExpr); ok {
				if id, ok := se.X.(*ast.Ident); ok {
					if t, ok := params[id.Name]; ok && se.Pos() >= after[id.Name] {
						out[se] = t
					}
				}
			}
			return true
		})
	}
	return out
}
