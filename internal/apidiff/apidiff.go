// Package apidiff compares the exported Go API of two versions of a
// package, read from source with go/parser: types, struct fields,
// methods, interface methods, functions, constants and variables. Each
// difference is marked breaking or not by Go's compatibility rules: code
// that compiled against the old package may not compile against the new
// one.
//
// It reads syntax only, without type checking, so that it works on any
// generated package without its dependencies; type expressions are
// compared as written, which for generated code (one package, gofmt'ed)
// is the same thing.
package apidiff

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"os"

	"github.com/orygen/orygen/internal/loader"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// Kind is what an object of the API is.
type Kind int

const (
	KindType Kind = iota
	KindField
	KindMethod
	KindFunc
	KindConst
	KindVar
	// KindStatus and KindEnumValue are behaviour (Behavior), not Go API:
	// a response status of an operation, a value of an enum.
	KindStatus
	KindEnumValue
)

func (k Kind) String() string {
	return [...]string{"type", "field", "method", "func", "const", "var", "status", "enum value"}[k]
}

// Object is one exported name of a package.
type Object struct {
	Kind Kind
	// Name is the object's name, qualified by its type for fields and
	// methods: "Identity", "Identity.Traits", "IdentityAPI.GetIdentity".
	Name string
	// Parent is the type a field or method belongs to, "" otherwise.
	Parent string
	// Desc is what has to stay the same for the object to be unchanged:
	// a type's kind or underlying type, a field's type, a signature, a
	// constant's type and value.
	Desc string
	// Open is set on a method of an interface that code outside the
	// package can implement (it has no unexported methods): adding one
	// breaks those implementations.
	Open bool
}

func (o Object) key() string { return o.Kind.String() + " " + o.Name }

// API is the exported surface of a package.
type API struct {
	Objects map[string]Object // by kind and name
	// Behavior is set when the package was generated from a spec here
	// (FromModel); a directory of Go code has none.
	Behavior *Behavior
}

// ParseDir reads the package's API from the Go files in dir (test files
// excluded).
func ParseDir(dir string) (*API, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	files := map[string][]byte{}
	for _, e := range entries {
		n := e.Name()
		if e.IsDir() || !strings.HasSuffix(n, ".go") || strings.HasSuffix(n, "_test.go") {
			continue
		}
		// Through the CLI's one file guard: a FIFO or device named x.go
		// fails instead of hanging or filling memory.
		data, err := loader.ReadInput(filepath.Join(dir, n), 0)
		if err != nil {
			return nil, err
		}
		files[n] = data
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("%s: no Go files", dir)
	}
	return Parse(files)
}

// Parse reads the package's API from its source files, by file name.
func Parse(files map[string][]byte) (*API, error) {
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	fset := token.NewFileSet()
	api := &API{Objects: map[string]Object{}}
	var asts []*ast.File
	for _, n := range names {
		if !strings.HasSuffix(n, ".go") || strings.HasSuffix(n, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, n, files[n], parser.SkipObjectResolution)
		if err != nil {
			return nil, err
		}
		asts = append(asts, f)
	}
	// Types first, so that methods know whether their receiver is exported.
	for _, f := range asts {
		for _, d := range f.Decls {
			if gd, ok := d.(*ast.GenDecl); ok && gd.Tok == token.TYPE {
				for _, sp := range gd.Specs {
					api.addType(sp.(*ast.TypeSpec))
				}
			}
		}
	}
	for _, f := range asts {
		for _, d := range f.Decls {
			switch d := d.(type) {
			case *ast.FuncDecl:
				api.addFunc(d)
			case *ast.GenDecl:
				if d.Tok == token.CONST || d.Tok == token.VAR {
					api.addValues(d)
				}
			}
		}
	}
	return api, nil
}

func (api *API) add(o Object) { api.Objects[o.key()] = o }

func (api *API) addType(ts *ast.TypeSpec) {
	if !ts.Name.IsExported() {
		return
	}
	name := ts.Name.Name
	if ts.TypeParams != nil {
		// Type expressions only: a field may have a type parameter's name.
		pos := positional(ts.TypeParams)
		renameIn(ts.TypeParams, pos)
		switch t := ts.Type.(type) {
		case *ast.StructType:
			for _, f := range t.Fields.List {
				renameIn(f.Type, pos)
			}
		case *ast.InterfaceType:
			for _, m := range t.Methods.List {
				renameIn(m.Type, pos)
			}
		default:
			renameIn(t, pos)
		}
	}
	desc := typeParams(ts.TypeParams)
	switch t := ts.Type.(type) {
	case *ast.StructType:
		if ts.Assign.IsValid() {
			desc += "= " + types.ExprString(t)
			break
		}
		desc += "struct"
		for _, f := range t.Fields.List {
			typ := types.ExprString(f.Type)
			if len(f.Names) == 0 {
				// An embedded field is named after its type.
				if n := embeddedName(f.Type); ast.IsExported(n) {
					api.add(Object{Kind: KindField, Name: name + "." + n, Parent: name, Desc: "embedded " + typ})
				}
				continue
			}
			for _, fn := range f.Names {
				if fn.IsExported() {
					api.add(Object{Kind: KindField, Name: name + "." + fn.Name, Parent: name, Desc: typ})
				}
			}
		}
	case *ast.InterfaceType:
		if ts.Assign.IsValid() {
			desc += "= " + types.ExprString(t)
			break
		}
		sealed := false
		for _, m := range t.Methods.List {
			for _, n := range m.Names {
				sealed = sealed || !n.IsExported()
			}
		}
		desc += "interface"
		if sealed {
			desc += " (sealed: only this package implements it)"
		}
		for _, m := range t.Methods.List {
			if len(m.Names) == 0 {
				n := embeddedName(m.Type)
				api.add(Object{Kind: KindMethod, Name: name + "." + n, Parent: name,
					Desc: "embedded " + types.ExprString(m.Type), Open: !sealed})
				continue
			}
			ft, _ := m.Type.(*ast.FuncType)
			for _, n := range m.Names {
				if n.IsExported() && ft != nil {
					api.add(Object{Kind: KindMethod, Name: name + "." + n.Name, Parent: name,
						Desc: signature(nil, ft), Open: !sealed})
				}
			}
		}
	default:
		if ts.Assign.IsValid() {
			desc += "= "
		}
		desc += types.ExprString(t)
	}
	api.add(Object{Kind: KindType, Name: name, Desc: desc})
}

func (api *API) addFunc(fd *ast.FuncDecl) {
	if !fd.Name.IsExported() {
		return
	}
	if fd.Recv == nil || len(fd.Recv.List) == 0 {
		if fd.Type.TypeParams != nil {
			renameIn(fd.Type, positional(fd.Type.TypeParams))
		}
		api.add(Object{Kind: KindFunc, Name: fd.Name.Name, Desc: signature(fd.Type.TypeParams, fd.Type)})
		return
	}
	recv := fd.Recv.List[0].Type
	ptr := ""
	if st, ok := recv.(*ast.StarExpr); ok {
		recv, ptr = st.X, "*"
	}
	base := embeddedName(recv)
	if !ast.IsExported(base) {
		return
	}
	// A generic receiver names its type parameters: N[T].
	var tparams []ast.Expr
	switch x := recv.(type) {
	case *ast.IndexExpr:
		tparams = []ast.Expr{x.Index}
	case *ast.IndexListExpr:
		tparams = x.Indices
	}
	pos := map[string]string{}
	for i, e := range tparams {
		if id, ok := e.(*ast.Ident); ok {
			pos[id.Name] = "$" + strconv.Itoa(i)
		}
	}
	renameIn(fd.Type, pos)
	api.add(Object{Kind: KindMethod, Name: base + "." + fd.Name.Name, Parent: base,
		Desc: "(" + ptr + base + ") " + signature(nil, fd.Type)})
}

func (api *API) addValues(gd *ast.GenDecl) {
	kind := KindVar
	if gd.Tok == token.CONST {
		kind = KindConst
	}
	// In a const group, a spec without values repeats the previous type
	// and values with the next iota.
	var lastType ast.Expr
	var lastValues []ast.Expr
	for iota, sp := range gd.Specs {
		vs := sp.(*ast.ValueSpec)
		typ, values, implicit := vs.Type, vs.Values, false
		if kind == KindConst && typ == nil && len(values) == 0 {
			typ, values, implicit = lastType, lastValues, true
		}
		lastType, lastValues = typ, values
		for i, n := range vs.Names {
			if !n.IsExported() {
				continue
			}
			var parts []string
			if typ != nil {
				parts = append(parts, types.ExprString(typ))
			}
			if i < len(values) && (kind == KindConst || typ == nil) {
				v := "= " + types.ExprString(values[i])
				if implicit || strings.Contains(v, "iota") {
					v += " (iota " + strconv.Itoa(iota) + ")"
				}
				parts = append(parts, v)
			}
			api.add(Object{Kind: kind, Name: n.Name, Desc: strings.Join(parts, " ")})
		}
	}
}

// embeddedName is the name of the type in an embedded field or a
// receiver: T, *T, pkg.T, T[P] all give T.
func embeddedName(e ast.Expr) string {
	for {
		switch x := e.(type) {
		case *ast.StarExpr:
			e = x.X
		case *ast.IndexExpr:
			e = x.X
		case *ast.IndexListExpr:
			e = x.X
		case *ast.SelectorExpr:
			return x.Sel.Name
		case *ast.Ident:
			return x.Name
		default:
			return types.ExprString(e)
		}
	}
}

// signature writes a function type without parameter names, which are
// not part of its API.
func signature(tparams *ast.FieldList, ft *ast.FuncType) string {
	var b strings.Builder
	b.WriteString("func")
	b.WriteString(typeParams(tparams))
	b.WriteString("(")
	b.WriteString(strings.Join(fieldTypes(ft.Params), ", "))
	b.WriteString(")")
	res := fieldTypes(ft.Results)
	switch len(res) {
	case 0:
	case 1:
		b.WriteString(" " + res[0])
	default:
		b.WriteString(" (" + strings.Join(res, ", ") + ")")
	}
	return b.String()
}

func fieldTypes(fl *ast.FieldList) []string {
	if fl == nil {
		return nil
	}
	var out []string
	for _, f := range fl.List {
		t := types.ExprString(f.Type)
		for range max(len(f.Names), 1) {
			out = append(out, t)
		}
	}
	return out
}

// typeParams writes a type parameter list by its constraints: [T any] is
// written "[any] ".
func typeParams(fl *ast.FieldList) string {
	if fl == nil || len(fl.List) == 0 {
		return ""
	}
	var parts []string
	for _, f := range fl.List {
		for range max(len(f.Names), 1) {
			parts = append(parts, types.ExprString(f.Type))
		}
	}
	return "[" + strings.Join(parts, ", ") + "] "
}

// positional maps the names of type parameters to their positions, $0,
// $1, ...: not identifiers, so they cannot collide with a type's name.
func positional(fl *ast.FieldList) map[string]string {
	pos := map[string]string{}
	for _, f := range fl.List {
		for _, n := range f.Names {
			pos[n.Name] = "$" + strconv.Itoa(len(pos))
		}
	}
	return pos
}

// renameIn renames the identifiers in n that pos maps, so that renaming a
// type parameter is not a change.
func renameIn(n ast.Node, pos map[string]string) {
	if len(pos) == 0 || n == nil {
		return
	}
	ast.Inspect(n, func(x ast.Node) bool {
		if id, ok := x.(*ast.Ident); ok {
			if p, ok := pos[id.Name]; ok {
				id.Name = p
			}
		}
		return true
	})
}
