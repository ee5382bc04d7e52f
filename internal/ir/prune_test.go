package ir

import (
	"reflect"
	"testing"
)

func TestPrune(t *testing.T) {
	named := func(n string) TypeRef { return TypeRef{Kind: RefNamed, Name: n} }
	sliceOf := func(n string) *TypeRef { e := named(n); return &TypeRef{Kind: RefSlice, Elem: &e} }
	mapOf := func(n string) *TypeRef { e := named(n); return &TypeRef{Kind: RefMap, Elem: &e} }
	types := []*Type{
		{Name: "Alias", Kind: KindAlias, Alias: sliceOf("Aliased")},
		{Name: "Aliased", Kind: KindStruct},
		{Name: "Body", Kind: KindStruct, Fields: []*Field{{Name: "U", Type: named("Union")}}},
		{Name: "Extra", Kind: KindStruct},
		{Name: "Item", Kind: KindStruct},
		{Name: "Only", Kind: KindStruct}, // only the dropped operation uses it
		{Name: "Param", Kind: KindEnum},  // a query parameter's type
		{Name: "PathArg", Kind: KindAlias, Alias: &TypeRef{Kind: RefBuiltin}},
		{Name: "Resp", Kind: KindStruct, Additional: mapOf("Extra"), Fields: []*Field{{Name: "A", Type: named("Alias")}}},
		{Name: "Sibling", Kind: KindStruct, VariantOf: []string{"Union2"}},
		{Name: "Union", Kind: KindUnion, Union: &Union{Variants: []Variant{{Type: "Variant"}}}},
		{Name: "Union2", Kind: KindUnion, Union: &Union{Variants: []Variant{{Type: "Variant"}, {Type: "Sibling"}}}},
		{Name: "Unused", Kind: KindStruct},
		{Name: "Variant", Kind: KindStruct, VariantOf: []string{"Union", "Union2"}},
	}
	resp := named("Resp")
	only := named("Only")
	keep := &Operation{
		Name:       "Keep",
		PathParams: []*Param{{Name: "id", Type: named("PathArg")}},
		Params:     []*Param{{Name: "p", Type: named("Param")}},
		Body:       &Body{Type: named("Body")},
		Responses:  []*Response{{Status: 200, Type: &resp}},
		Pagination: &Pagination{Item: named("Item")},
	}
	drop := &Operation{Name: "Drop", Responses: []*Response{{Status: 200, Type: &only}}}
	api := &API{
		Services: []*Service{
			{Name: "A", Tag: "a", Operations: []*Operation{drop, keep}},
			{Name: "B", Tag: "b", Operations: []*Operation{{Name: "AlsoDrop"}}},
		},
		Types: types,
	}
	Prune(api, func(s *Service, o *Operation) bool { return o.Name == "Keep" })

	if len(api.Services) != 1 || api.Services[0].Name != "A" || !reflect.DeepEqual(api.Services[0].Operations, []*Operation{keep}) {
		t.Errorf("services: %+v", api.Services)
	}
	var got []string
	for _, ty := range api.Types {
		got = append(got, ty.Name)
	}
	want := []string{"Alias", "Aliased", "Body", "Extra", "Item", "Param", "PathArg", "Resp", "Sibling", "Union", "Union2", "Variant"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("types:\n got %v\nwant %v", got, want)
	}

	Prune(api, func(*Service, *Operation) bool { return false })
	if len(api.Services) != 0 || len(api.Types) != 0 {
		t.Errorf("keeping nothing left %d services and %d types", len(api.Services), len(api.Types))
	}
}
