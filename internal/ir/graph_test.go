package ir

import (
	"reflect"
	"slices"
	"testing"
)

func named(n Ident) TypeRef { return TypeRef{Kind: RefNamed, Name: n} }

func TestResolve(t *testing.T) {
	str := TypeRef{Kind: RefBuiltin, Builtin: String}
	list := TypeRef{Kind: RefSlice, Elem: &str}
	api := &API{Types: []*Type{
		{Name: "A", Kind: KindAlias, Alias: &TypeRef{Kind: RefNamed, Name: "B"}},
		{Name: "B", Kind: KindAlias, Alias: &TypeRef{Kind: RefNamed, Name: "D"}},
		{Name: "D", Kind: KindAlias, Defined: true, Alias: &TypeRef{Kind: RefNamed, Name: "S"}},
		{Name: "S", Kind: KindStruct},
		{Name: "L", Kind: KindAlias, Alias: &list},
		{Name: "M", Kind: KindAlias, Alias: &TypeRef{Kind: RefNamed, Name: "Missing"}},
		{Name: "C1", Kind: KindAlias, Alias: &TypeRef{Kind: RefNamed, Name: "C2"}},
		{Name: "C2", Kind: KindAlias, Defined: true, Alias: &TypeRef{Kind: RefNamed, Name: "C1"}},
	}}
	x := api.Index()
	for _, c := range []struct {
		in               TypeRef
		resolve, unalias TypeRef
		definition       Ident // "" for nil
	}{
		{in: named("A"), resolve: named("S"), unalias: named("D"), definition: "S"},
		{in: named("D"), resolve: named("S"), unalias: named("D"), definition: "S"},
		{in: named("S"), resolve: named("S"), unalias: named("S"), definition: "S"},
		// The last alias stands for what is no name.
		{in: named("L"), resolve: list, unalias: list, definition: "L"},
		{in: named("M"), resolve: named("Missing"), unalias: named("Missing")},
		{in: str, resolve: str, unalias: str},
		// A cycle of aliases: Unalias stops at the defined one, Resolve
		// and Definition give up.
		{in: named("C1"), resolve: named("C1"), unalias: named("C2")},
	} {
		if got := x.Resolve(c.in); !reflect.DeepEqual(got, c.resolve) {
			t.Errorf("Resolve(%v) = %v, want %v", c.in, got, c.resolve)
		}
		if got := x.Unalias(c.in); !reflect.DeepEqual(got, c.unalias) {
			t.Errorf("Unalias(%v) = %v, want %v", c.in, got, c.unalias)
		}
		if c.in.Kind != RefNamed {
			continue
		}
		got := x.Definition(c.in.Name)
		if c.definition == "" && got != nil || c.definition != "" && (got == nil || got.Name != c.definition) {
			t.Errorf("Definition(%s) = %+v, want %q", c.in.Name, got, c.definition)
		}
	}
}

func TestReach(t *testing.T) {
	elem := named("Elem")
	api := &API{Types: []*Type{
		{Name: "Root", Kind: KindStruct, Fields: []*Field{
			{Name: "L", Type: TypeRef{Kind: RefSlice, Elem: &TypeRef{Kind: RefMap, Elem: &elem}}},
			{Name: "U", Type: named("U")},
		}, Additional: &TypeRef{Kind: RefNamed, Name: "Extra"}},
		{Name: "Elem", Kind: KindAlias, Alias: &TypeRef{Kind: RefNamed, Name: "Target"}},
		{Name: "Target", Kind: KindStruct, Fields: []*Field{{Name: "Back", Type: named("Root")}}},
		{Name: "Extra", Kind: KindEnum},
		{Name: "U", Kind: KindUnion, Union: &Union{Variants: []Variant{{Type: "V"}}}},
		{Name: "V", Kind: KindStruct, VariantOf: []Ident{"U", "U2"}},
		{Name: "U2", Kind: KindUnion, Union: &Union{Variants: []Variant{{Type: "V"}, {Type: "W"}}}},
		{Name: "W", Kind: KindStruct},
		{Name: "Apart", Kind: KindStruct, Fields: []*Field{{Name: "R", Type: named("Root")}}},
	}}
	seen := map[Ident]bool{"Extra": true} // already seen: not walked again
	api.Index().Reach(seen, named("Root"), named("Nowhere"), TypeRef{Kind: RefRaw})
	var got []string
	for n := range seen {
		got = append(got, string(n))
	}
	slices.Sort(got)
	want := []string{"Elem", "Extra", "Root", "Target", "U", "U2", "V", "W"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("reached %v, want %v", got, want)
	}
}
