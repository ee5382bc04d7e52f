package irbuild

import (
	"testing"

	"github.com/orygen/orygen/internal/ir"
)

// TestGetters: only optional pointer fields get a getter, named Get plus
// the field; a name a field, the undeclared-properties map or an earlier
// getter holds leaves the field without one instead of numbering it.
func TestGetters(t *testing.T) {
	spec := `openapi: 3.0.3
info: {title: getters, version: "1"}
paths: {}
components:
  schemas:
    Thing:
      type: object
      required: [id]
      additionalProperties: {type: string}
      properties:
        id: {type: string}
        active: {type: boolean}
        get_active: {type: string}
        additional_properties: {type: integer}
        tags: {type: array, items: {type: string}}
        note: {type: string, nullable: true}
        raw: {}
        owner: {$ref: '#/components/schemas/Owner'}
    Owner:
      type: object
      properties:
        name: {type: string}
`
	api, _ := buildYAML(t, spec)
	thing := api.Index()["Thing"]
	got := map[string]ir.Ident{}
	for _, f := range thing.Fields {
		got[f.JSONName] = f.Getter
	}
	want := map[string]ir.Ident{
		"id":                    "", // required: a value
		"active":                "", // GetActive is get_active's field
		"get_active":            "GetGetActive",
		"additional_properties": "GetAdditionalPropertiesField",
		"tags":                  "", // a nil slice reads as empty
		"note":                  "", // Nullable[T] has Get
		"raw":                   "", // raw JSON
		"owner":                 "GetOwner",
	}
	for k, w := range want {
		if got[k] != w {
			t.Errorf("%s: getter %q, want %q", k, got[k], w)
		}
	}
	if thing.AdditionalField != "AdditionalProperties" {
		t.Errorf("AdditionalField = %q", thing.AdditionalField)
	}
}
