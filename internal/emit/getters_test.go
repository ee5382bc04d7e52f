package emit

import (
	"bytes"
	"fmt"
	"go/token"
	"testing"

	"github.com/dave/jennifer/jen"

	"github.com/orygen/orygen/internal/ir"
	"github.com/orygen/orygen/internal/irbuild"
	"github.com/orygen/orygen/internal/loader"
)

// gettersJen is how getters.go was written before gettersText: with
// jennifer, then parsed and printed as every generated file is. It is the
// oracle TestGettersText holds the text to.
func (m *model) gettersJen(f *jen.File) {
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

func gettersBothWays(t *testing.T, api *ir.API, pkg string) (text, printed []byte) {
	t.Helper()
	g := &generator{m: newModel(api, pkg), opts: Options{Package: pkg, Version: "v1.2.3", Fset: token.NewFileSet()}}
	f := jen.NewFile(pkg)
	f.NoFormat = true
	g.headerComments(f)
	g.m.gettersJen(f)
	var buf bytes.Buffer
	if err := f.Render(&buf); err != nil {
		t.Fatal(err)
	}
	_, syntax, err := g.format("getters.go", buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	printed, err = g.print(syntax)
	if err != nil {
		t.Fatal(err)
	}
	return g.m.gettersText(g.header(), pkg), printed
}

// TestGettersText: getters.go written as text is byte for byte what
// jennifer and the printer make of the same getters, for every kind of
// field type and import, and for specs' models.
func TestGettersText(t *testing.T) {
	str := ir.TypeRef{Kind: ir.RefBuiltin, Builtin: ir.String}
	raw := ir.TypeRef{Kind: ir.RefRaw}
	tm := ir.TypeRef{Kind: ir.RefTime}
	opt := func(name string, r ir.TypeRef) *ir.Field {
		return &ir.Field{Name: ir.Ident(name), Type: r, Presence: ir.PresenceOptional, Getter: ir.Ident("Get" + name)}
	}
	cases := map[string][]ir.TypeRef{
		"none": {str},
		"time": {str, tm},
		"json": {raw},
		"both": {{Kind: ir.RefSlice, Elem: &raw}, {Kind: ir.RefMap, Elem: &tm}},
	}
	for name, refs := range cases {
		inner := &ir.Type{Name: "Inner", Kind: ir.KindStruct, Fields: []*ir.Field{opt("S", str)}}
		outer := &ir.Type{Name: "Outer", Kind: ir.KindStruct, Fields: []*ir.Field{opt("In", ir.TypeRef{Kind: ir.RefNamed, Name: "Inner"})}}
		for i, r := range refs {
			outer.Fields = append(outer.Fields, opt(fmt.Sprintf("F%d", i), r))
		}
		for _, b := range []ir.Builtin{ir.Bool, ir.Int32, ir.Int64, ir.Float64, ir.Bytes} {
			outer.Fields = append(outer.Fields, opt(fmt.Sprintf("B%d", b), ir.TypeRef{Kind: ir.RefBuiltin, Builtin: b}))
		}
		api := &ir.API{SpecName: "spec.yaml (overlay: a.yaml)", Types: []*ir.Type{inner, outer}}
		text, printed := gettersBothWays(t, api, "p"+name)
		if !bytes.Equal(text, printed) {
			t.Errorf("%s: text\n%s\nprinted\n%s", name, text, printed)
		}
	}
	for _, spec := range []string{"../../specs/features.yaml", "../../specs/swagger2.yaml"} {
		s, err := loader.Load(spec, loader.Options{})
		if err != nil {
			t.Fatal(err)
		}
		api, _, err := irbuild.Build(s, irbuild.Options{Reserved: Reserved()})
		if err != nil {
			t.Fatal(err)
		}
		text, printed := gettersBothWays(t, api, "zoo")
		if !bytes.Equal(text, printed) {
			t.Errorf("%s: the text differs from the printed getters", spec)
		}
	}
}
