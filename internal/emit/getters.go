package emit

import (
	"github.com/dave/jennifer/jen"

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

// getters writes the nil-safe getters ir named (Field.Getter), in their
// own file so that models.go reads as the types alone. A getter of a
// struct-valued field returns the pointer, so calls chain as protobuf's
// do (x.GetIdentity().GetTraits()) and nothing is copied; any other
// returns the value, or its zero value when the receiver or the field is
// nil.
func (m *model) getters(f *jen.File) {
	for _, t := range m.Types {
		if t.Kind != ir.KindStruct {
			continue
		}
		for _, fl := range t.Fields {
			if fl.Getter == "" {
				continue
			}
			recv := jen.Id("v").Op("*").Id(string(t.Name))
			field := jen.Id("v").Dot(string(fl.Name))
			if r := m.resolve(fl.Type); r.Kind == ir.RefNamed && m.byName[r.Name] != nil && m.byName[r.Name].Kind == ir.KindStruct {
				f.Commentf("%s returns %s, or nil if v is nil.", fl.Getter, fl.Name)
				f.Func().Params(recv).Id(string(fl.Getter)).Params().Op("*").Add(m.goType(fl.Type)).Block(
					jen.If(jen.Id("v").Op("==").Nil()).Block(jen.Return(jen.Nil())),
					jen.Return(field),
				)
				f.Line()
				continue
			}
			f.Commentf("%s returns the value of %s, or its zero value if v or v.%s is nil.", fl.Getter, fl.Name, fl.Name)
			f.Func().Params(recv).Id(string(fl.Getter)).Params().Params(jen.Id("x").Add(m.goType(fl.Type))).Block(
				jen.If(jen.Id("v").Op("!=").Nil().Op("&&").Add(field).Op("!=").Nil()).Block(
					jen.Id("x").Op("=").Op("*").Add(field),
				),
				jen.Return(jen.Id("x")),
			)
			f.Line()
		}
	}
}
