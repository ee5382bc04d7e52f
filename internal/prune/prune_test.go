package prune

import (
	"reflect"
	"testing"

	"github.com/orygen/orygen/internal/ir"
)

func TestPrune(t *testing.T) {
	named := func(n ir.Ident) ir.TypeRef { return ir.TypeRef{Kind: ir.RefNamed, Name: n} }
	sliceOf := func(n ir.Ident) *ir.TypeRef { e := named(n); return &ir.TypeRef{Kind: ir.RefSlice, Elem: &e} }
	mapOf := func(n ir.Ident) *ir.TypeRef { e := named(n); return &ir.TypeRef{Kind: ir.RefMap, Elem: &e} }
	types := []*ir.Type{
		{Name: "Alias", Kind: ir.KindAlias, Alias: sliceOf("Aliased")},
		{Name: "Aliased", Kind: ir.KindStruct},
		{Name: "Body", Kind: ir.KindStruct, Fields: []*ir.Field{{Name: "U", Type: named("Union")}}},
		{Name: "Extra", Kind: ir.KindStruct},
		{Name: "Item", Kind: ir.KindStruct},
		{Name: "Only", Kind: ir.KindStruct}, // only the dropped operation uses it
		{Name: "Param", Kind: ir.KindEnum},  // a query parameter's type
		{Name: "PathArg", Kind: ir.KindAlias, Alias: &ir.TypeRef{Kind: ir.RefBuiltin}},
		{Name: "Resp", Kind: ir.KindStruct, Additional: mapOf("Extra"), Fields: []*ir.Field{{Name: "A", Type: named("Alias")}}},
		{Name: "Sibling", Kind: ir.KindStruct, VariantOf: []ir.Ident{"Union2"}},
		{Name: "Union", Kind: ir.KindUnion, Union: &ir.Union{Variants: []ir.Variant{{Type: "Variant"}}}},
		{Name: "Union2", Kind: ir.KindUnion, Union: &ir.Union{Variants: []ir.Variant{{Type: "Variant"}, {Type: "Sibling"}}}},
		{Name: "Unused", Kind: ir.KindStruct},
		{Name: "Variant", Kind: ir.KindStruct, VariantOf: []ir.Ident{"Union", "Union2"}},
	}
	resp := named("Resp")
	only := named("Only")
	keep := &ir.Operation{
		Name:       "Keep",
		PathParams: []*ir.Param{{Name: "id", Type: named("PathArg")}},
		Params:     []*ir.Param{{Name: "p", Type: named("Param")}},
		Body:       &ir.Body{Type: named("Body")},
		Responses:  []*ir.Response{{Status: 200, Type: &resp}},
		Pagination: &ir.Pagination{Item: named("Item")},
	}
	drop := &ir.Operation{Name: "Drop", Responses: []*ir.Response{{Status: 200, Type: &only}}}
	kept, dropped := &ir.ErrorMap{Name: "errorsAsResp"}, &ir.ErrorMap{Name: "errorsOfDrop"}
	keep.Errors, drop.Errors = kept, dropped
	api := &ir.API{
		Services: []*ir.Service{
			{Name: "A", Tag: "a", Operations: []*ir.Operation{drop, keep}},
			{Name: "B", Tag: "b", Operations: []*ir.Operation{{Name: "AlsoDrop"}}},
		},
		Types:     types,
		ErrorMaps: []*ir.ErrorMap{kept, dropped},
	}
	Prune(api, func(s *ir.Service, o *ir.Operation) bool { return o.Name == "Keep" })

	if len(api.Services) != 1 || api.Services[0].Name != "A" || !reflect.DeepEqual(api.Services[0].Operations, []*ir.Operation{keep}) {
		t.Errorf("services: %+v", api.Services)
	}
	var got []string
	for _, ty := range api.Types {
		got = append(got, string(ty.Name))
	}
	want := []string{"Alias", "Aliased", "Body", "Extra", "Item", "Param", "PathArg", "Resp", "Sibling", "Union", "Union2", "Variant"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("types:\n got %v\nwant %v", got, want)
	}

	if !reflect.DeepEqual(api.ErrorMaps, []*ir.ErrorMap{kept}) {
		t.Errorf("error maps: %+v", api.ErrorMaps)
	}

	Prune(api, func(*ir.Service, *ir.Operation) bool { return false })
	if len(api.Services) != 0 || len(api.Types) != 0 || len(api.ErrorMaps) != 0 {
		t.Errorf("keeping nothing left %d services, %d types and %d error maps", len(api.Services), len(api.Types), len(api.ErrorMaps))
	}
}
