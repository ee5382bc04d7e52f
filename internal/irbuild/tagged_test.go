package irbuild

import (
	"reflect"
	"strings"
	"testing"

	"github.com/orygen/orygen/internal/ir"
	"github.com/orygen/orygen/internal/loader"
)

// TestUnionRepairs: each defect of specs/repairs-unions.yaml gets the
// repair the README lists, with a warning located at it.
func TestUnionRepairs(t *testing.T) {
	s, err := loader.Load("../../specs/repairs-unions.yaml", loader.Options{})
	if err != nil {
		t.Fatal(err)
	}
	api, warns, err := Build(s, Options{})
	if err != nil {
		t.Fatal(err)
	}
	byName := map[ir.Ident]*ir.Type{}
	for _, ty := range api.Types {
		byName[ty.Name] = ty
	}
	values := func(name ir.Ident) map[ir.Ident][]string {
		ty := byName[name]
		if ty == nil || ty.Kind != ir.KindUnion {
			t.Fatalf("%s is not a union: %+v", name, ty)
		}
		out := map[ir.Ident][]string{}
		for _, v := range ty.Union.Variants {
			out[v.Type] = v.Values
		}
		return out
	}
	if got, want := values("Shape"), map[ir.Ident][]string{"Circle": {"circle"}, "Square": {"square"}}; !reflect.DeepEqual(got, want) {
		t.Errorf("Shape variants %v, want %v", got, want)
	}
	if got, want := values("Event"), map[ir.Ident][]string{"EventCreated": {"created"}, "EventDeleted": {"deleted"}}; !reflect.DeepEqual(got, want) {
		t.Errorf("Event variants %v, want %v", got, want)
	}
	if got, want := values("Unclaimed"), map[ir.Ident][]string{"Page": {"Page"}, "Note": {"Note"}}; !reflect.DeepEqual(got, want) {
		t.Errorf("Unclaimed variants %v, want %v", got, want)
	}
	if got, want := values("Unvalued"), map[ir.Ident][]string{"Page": {"Page"}}; !reflect.DeepEqual(got, want) {
		t.Errorf("Unvalued variants %v, want %v", got, want)
	}
	if got, want := values("FreeVariant"), map[ir.Ident][]string{"Card": {"card"}, "Blob": {"Blob"}}; !reflect.DeepEqual(got, want) {
		t.Errorf("FreeVariant variants %v, want %v", got, want)
	}
	if blob := byName["Blob"]; blob == nil || blob.Kind != ir.KindStruct || blob.Additional == nil {
		t.Errorf("Blob: want a struct of undeclared properties, got %+v", blob)
	}
	for _, name := range []ir.Ident{"ScalarVariant", "UnnamedProperty"} {
		if ty := byName[name]; ty == nil || ty.Kind != ir.KindUnion || ty.Union.Discriminator != "" {
			t.Errorf("%s: want an untagged union, got %+v", name, ty)
		}
	}
	if ty := byName["UntypedMember"]; ty == nil || ty.Kind != ir.KindAlias || ty.Alias.Kind != ir.RefRaw {
		t.Errorf("UntypedMember: want raw JSON, got %+v", ty)
	}
	for _, ty := range []ir.Ident{"LooseObject", "StampString", "Forest"} {
		if v := byName[ty]; v == nil || !v.Defined {
			t.Errorf("%s: want a defined type, got %+v", ty, v)
		}
	}
	if not := fieldOf(byName["FilterNot"], "not"); not == nil || not.Type.Kind != ir.RefRaw {
		t.Errorf("Filter's inner copy of itself: want raw JSON, got %+v", not)
	}
	odd := byName["OddNames"]
	for _, name := range []string{"2'", `enabled"`, "a,b"} {
		if f := fieldOf(odd, name); f == nil || !f.NoTag {
			t.Errorf("OddNames %q: want a NoTag field, got %+v", name, f)
		}
	}
	if f := fieldOf(odd, "plain"); f == nil || f.NoTag {
		t.Errorf("OddNames plain: %+v", f)
	}
	if odd != nil && odd.AdditionalField != "AdditionalProperties" {
		t.Errorf("OddNames has no name for its extras: %q", odd.AdditionalField)
	}
	for _, name := range []string{"choice", "shape"} {
		if f := fieldOf(byName["Box"], name); f == nil || !f.Nullable {
			t.Errorf("Box %s ({enum: [null]} member): want nullable, got %+v", name, f)
		}
	}
	for _, at := range []string{
		"/components/schemas/Shape/discriminator/mapping/triangle",
		"/components/schemas/Shape/discriminator/mapping/hexagon",
		"/components/schemas/Shape/discriminator/mapping/ellipse",
		"/components/schemas/Shape/discriminator/mapping/square_side",
		"/components/schemas/Event/oneOf/1",
		"/components/schemas/Unvalued/oneOf/1",
		"/components/schemas/Unclaimed/discriminator",
		"/components/schemas/ScalarVariant/oneOf/1",
		"/components/schemas/UntypedMember/oneOf/1",
		"/components/schemas/UnnamedProperty/discriminator",
		"/components/schemas/Filter/properties/not/properties/not",
		"/components/schemas/OddNames/properties/a,b",
		"/components/schemas/Forest",
	} {
		found := false
		for _, w := range append(s.Warnings, warns...) {
			found = found || w.Pointer == at
		}
		if !found {
			t.Errorf("no warning at %s", at)
		}
	}
	for _, w := range append(s.Warnings, warns...) {
		if strings.Contains(w.Message, "regexp") {
			t.Errorf("a pattern was compiled: %s", w.Message)
		}
	}
}

func fieldOf(t *ir.Type, json string) *ir.Field {
	if t == nil {
		return nil
	}
	for _, f := range t.Fields {
		if f.JSONName == json {
			return f
		}
	}
	return nil
}

// TestAzureDiscriminatorValue: a subtype of a discriminated base that
// names its value with AutoRest's x-ms-discriminator-value is selected
// by that value, not by its schema name; the value a subtype's schema
// fixes comes first, and the schema name is left for a subtype naming
// neither.
func TestAzureDiscriminatorValue(t *testing.T) {
	api, _ := buildYAML(t, `
openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /d:
    get:
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Destination'}
components:
  schemas:
    Destination:
      type: object
      discriminator: {propertyName: kind}
      required: [kind]
      properties:
        kind: {type: string}
    DiskDestination:
      x-ms-discriminator-value: ManagedDisk
      allOf: [{$ref: '#/components/schemas/Destination'}]
      properties:
        group: {type: string}
    AccountDestination:
      allOf: [{$ref: '#/components/schemas/Destination'}]
      properties:
        account: {type: string}
    FixedDestination:
      x-ms-discriminator-value: Ignored
      allOf:
        - {$ref: '#/components/schemas/Destination'}
        - properties:
            kind: {type: string, enum: [Fixed]}
`)
	var u *ir.Union
	for _, ty := range api.Types {
		if ty.Name == "Destination" {
			u = ty.Union
		}
	}
	if u == nil {
		t.Fatal("Destination is not a union")
	}
	got := map[string]string{}
	for _, v := range u.Variants {
		got[string(v.Type)] = strings.Join(v.Values, ",")
	}
	want := map[string]string{"DiskDestination": "ManagedDisk", "AccountDestination": "AccountDestination", "FixedDestination": "Fixed"}
	for k, w := range want {
		if got[k] != w {
			t.Errorf("%s selected by %q; want %q (all: %v)", k, got[k], w, got)
		}
	}
}
