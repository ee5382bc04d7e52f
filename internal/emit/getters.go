package emit

import (
	"bytes"
	"go/ast"
	"maps"
	"slices"
	"strings"

	"github.com/orygen/orygen/internal/ir"
)

// hasGetters reports whether any struct has a field with a getter, which
// getters.go is written for.
func (m *model) hasGetters() bool {
	for _, t := range m.Types {
		if t.Kind != ir.KindStruct {
			continue
		}
		for _, fl := range t.Fields {
			if fl.Getter != "" {
				return true
			}
		}
	}
	return false
}

// gettersFile adds getters.go: the nil-safe getters ir named
// (Field.Getter), in their own file so that models.go reads as the types
// alone. A getter of a struct-valued field returns the pointer, so calls
// chain as protobuf's do (x.GetIdentity().GetTraits()) and nothing is
// copied; any other returns the value, or its zero value when the
// receiver or the field is nil.
//
// The file is thousands of functions of two fixed shapes (12,000 lines
// for Ory Network), so it is written as gofmt's text directly rather than
// built with jennifer and printed, which cost a tenth of a run; it is
// parsed for the type check all the same. TestGettersText holds it to
// what jennifer and the printer made of it.
func (g *generator) gettersFile() {
	g.jobs = append(g.jobs, job{"getters.go", func() ([]byte, *ast.File, error) {
		data := g.m.gettersText(g.header(), g.opts.Package)
		_, f, err := g.format("getters.go", data)
		return data, f, err
	}, false})
}

// gettersText is getters.go as gofmt writes it.
func (m *model) gettersText(header, pkg string) []byte {
	var body bytes.Buffer
	imports := map[string]bool{}
	for _, t := range m.Types {
		if t.Kind != ir.KindStruct {
			continue
		}
		for _, fl := range t.Fields {
			if fl.Getter == "" {
				continue
			}
			typ := m.goTypeText(fl.Type)
			refImports(fl.Type, imports)
			recv, getter, name := string(t.Name), string(fl.Getter), string(fl.Name)
			if r := m.resolve(fl.Type); r.Kind == ir.RefNamed && m.byName[r.Name] != nil && m.byName[r.Name].Kind == ir.KindStruct {
				body.WriteString("\n// " + getter + " returns " + name + ", or nil if v is nil.\n")
				body.WriteString("func (v *" + recv + ") " + getter + "() *" + typ + " {\n\tif v == nil {\n\t\treturn nil\n\t}\n\treturn v." + name + "\n}\n")
				continue
			}
			body.WriteString("\n// " + getter + " returns the value of " + name + ", or its zero value if v or v." + name + " is nil.\n")
			body.WriteString("func (v *" + recv + ") " + getter + "() (x " + typ + ") {\n\tif v != nil && v." + name + " != nil {\n\t\tx = *v." + name + "\n\t}\n\treturn x\n}\n")
		}
	}
	var b bytes.Buffer
	b.Grow(body.Len() + 512)
	for _, l := range strings.Split(header, "\n") {
		b.WriteString(strings.TrimRight("// "+l, " \t") + "\n")
	}
	b.WriteString("\npackage " + pkg + "\n")
	paths := slices.Sorted(maps.Keys(imports))
	switch len(paths) {
	case 0:
	case 1:
		b.WriteString("\nimport \"" + paths[0] + "\"\n")
	default:
		b.WriteString("\nimport (\n")
		for _, p := range paths {
			b.WriteString("\t\"" + p + "\"\n")
		}
		b.WriteString(")\n")
	}
	b.Write(body.Bytes())
	return b.Bytes()
}

// refImports adds to set the packages goTypeText(r) names.
func refImports(r ir.TypeRef, set map[string]bool) {
	switch r.Kind {
	case ir.RefSlice, ir.RefMap:
		refImports(*r.Elem, set)
	case ir.RefRaw:
		set[pkgJSON] = true
	case ir.RefTime:
		set[pkgTime] = true
	}
}
