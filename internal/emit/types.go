package emit

import (
	"strings"

	"github.com/dave/jennifer/jen"

	"github.com/orygen/orygen/internal/ir"
)

// shape is what a type reference is once aliases are followed.
type shape int

const (
	shScalar shape = iota // builtin, time or enum
	shStruct
	shUnion
	shSlice
	shMap
	shRaw
)

// model wraps the IR with the look-ups the emitters need; it lives only
// in emit so that the IR stays plain data.
type model struct {
	*ir.API
	pkg    string
	byName map[string]*ir.Type
	cyclic map[*ir.Field]bool // required struct fields that must be pointers
}

func newModel(api *ir.API, pkg string) *model {
	m := &model{API: api, pkg: pkg, byName: map[string]*ir.Type{}, cyclic: map[*ir.Field]bool{}}
	for _, t := range api.Types {
		m.byName[t.Name] = t
	}
	m.findCycles()
	return m
}

// Subject names the API in prose: its title, with "API" appended unless
// the title already ends with it.
func (m *model) Subject() string {
	t := strings.TrimSpace(m.Title)
	switch {
	case t == "":
		return "this API"
	case strings.HasSuffix(strings.ToLower(t), "api"):
		return t
	}
	return t + " API"
}

// resolve follows named aliases to a non-alias reference.
func (m *model) resolve(r ir.TypeRef) ir.TypeRef {
	for i := 0; i < 64 && r.Kind == ir.RefNamed; i++ {
		t := m.byName[r.Name]
		if t == nil || t.Kind != ir.KindAlias {
			return r
		}
		r = *t.Alias
	}
	return r
}

func (m *model) shapeOf(r ir.TypeRef) shape {
	r = m.resolve(r)
	switch r.Kind {
	case ir.RefNamed:
		switch m.byName[r.Name].Kind {
		case ir.KindStruct:
			return shStruct
		case ir.KindUnion:
			return shUnion
		}
		return shScalar
	case ir.RefSlice:
		return shSlice
	case ir.RefMap:
		return shMap
	case ir.RefRaw:
		return shRaw
	case ir.RefBuiltin:
		if r.Builtin == ir.Bytes {
			return shSlice
		}
	}
	return shScalar
}

// goType is the Go type of a reference.
func (m *model) goType(r ir.TypeRef) *jen.Statement {
	switch r.Kind {
	case ir.RefNamed:
		return jen.Id(r.Name)
	case ir.RefSlice:
		return jen.Index().Add(m.goType(*r.Elem))
	case ir.RefMap:
		return jen.Map(jen.String()).Add(m.goType(*r.Elem))
	case ir.RefRaw:
		return jen.Qual(pkgJSON, "RawMessage")
	case ir.RefTime:
		return jen.Qual(pkgTime, "Time")
	}
	switch r.Builtin {
	case ir.Bool:
		return jen.Bool()
	case ir.Int32:
		return jen.Int32()
	case ir.Int64:
		return jen.Int64()
	case ir.Float64:
		return jen.Float64()
	case ir.Bytes:
		return jen.Index().Byte()
	}
	return jen.String()
}

// findCycles marks required struct-valued fields that would make a type
// contain itself; those become pointers.
func (m *model) findCycles() {
	for _, t := range m.Types {
		if t.Kind != ir.KindStruct {
			continue
		}
		for _, f := range t.Fields {
			if target, ok := m.valueStruct(f); ok && m.reaches(target, t.Name, map[string]bool{}) {
				m.cyclic[f] = true
			}
		}
	}
}

// valueStruct reports the struct a field embeds by value, if any.
func (m *model) valueStruct(f *ir.Field) (string, bool) {
	// Required fields hold the struct by value, and so does Nullable[T].
	if !f.Required && !f.Nullable {
		return "", false
	}
	r := m.resolve(f.Type)
	if r.Kind != ir.RefNamed || m.byName[r.Name].Kind != ir.KindStruct {
		return "", false
	}
	return r.Name, true
}

func (m *model) reaches(from, to string, seen map[string]bool) bool {
	if from == to {
		return true
	}
	if seen[from] {
		return false
	}
	seen[from] = true
	for _, f := range m.byName[from].Fields {
		if next, ok := m.valueStruct(f); ok && m.reaches(next, to, seen) {
			return true
		}
	}
	return false
}

// fieldType chooses how presence is represented: required values are
// plain, optional ones pointers (scalars, structs) or nil-able (slices,
// maps, raw JSON), nullable ones Nullable[T].
func (m *model) fieldType(f *ir.Field) (*jen.Statement, string) {
	t := m.goType(f.Type)
	sh := m.shapeOf(f.Type)
	switch {
	case sh == shRaw:
		if f.Required {
			return t, ""
		}
		return t, ",omitempty"
	case f.Nullable:
		if m.cyclic[f] {
			t = jen.Op("*").Add(t)
		}
		n := jen.Id("Nullable").Types(t)
		if f.Required {
			return n, ""
		}
		return n, ",omitzero"
	case sh == shSlice || sh == shMap:
		if f.Required {
			return t, ""
		}
		return t, ",omitzero"
	case f.Required && !m.cyclic[f]:
		return t, ""
	case f.Required:
		return jen.Op("*").Add(t), ""
	}
	return jen.Op("*").Add(t), ",omitempty"
}
