package irbuild

import (
	"testing"

	"github.com/orygen/orygen/internal/ir"
)

// TestPresence: the builder records each field's presence from whether
// it is required, nullable and cyclic and from the form of its type once
// aliases are followed, after free-form union members have become
// structs.
func TestPresence(t *testing.T) {
	spec := `openapi: 3.1.0
info: {title: presence, version: "1"}
paths:
  /things:
    post:
      operationId: createThing
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Thing'}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Shape'}
components:
  schemas:
    Names:
      type: array
      items: {type: string}
    Blob:
      type: object
    Card:
      type: object
      properties:
        kind: {type: string}
    Shape:
      oneOf:
        - {$ref: '#/components/schemas/Card'}
        - {$ref: '#/components/schemas/Blob'}
      discriminator:
        propertyName: kind
        mapping:
          card: '#/components/schemas/Card'
          blob: '#/components/schemas/Blob'
    Thing:
      type: object
      required: [name, raw, list, when, nullName, self, nullSelf]
      properties:
        name: {type: string}
        raw: {}
        list: {type: array, items: {type: string}}
        when: {type: string, format: date-time}
        nullName: {type: [string, "null"]}
        self: {$ref: '#/components/schemas/Thing'}
        nullSelf:
          oneOf: [{$ref: '#/components/schemas/Thing'}, {type: "null"}]
        optName: {type: string}
        optRaw: {}
        optList: {$ref: '#/components/schemas/Names'}
        optMap: {type: object, additionalProperties: {type: integer}}
        optBytes: {type: string, format: binary}
        optNullName: {type: [string, "null"]}
        optNullList: {type: [array, "null"], items: {type: string}}
        optNullSelf:
          oneOf: [{$ref: '#/components/schemas/Thing'}, {type: "null"}]
        optSelf: {$ref: '#/components/schemas/Thing'}
        blob: {$ref: '#/components/schemas/Blob'}
`
	api, _ := buildYAML(t, spec)
	want := map[string]ir.Presence{
		"name":        ir.PresenceValue,
		"raw":         ir.PresenceValue,
		"list":        ir.PresenceValue,
		"when":        ir.PresenceValue,
		"nullName":    ir.PresenceNullable,
		"self":        ir.PresencePointer,
		"nullSelf":    ir.PresenceNullablePointer,
		"optName":     ir.PresenceOptional,
		"optRaw":      ir.PresenceRaw,
		"optList":     ir.PresenceNilable,
		"optMap":      ir.PresenceNilable,
		"optBytes":    ir.PresenceNilable,
		"optNullName": ir.PresenceOptionalNullable,
		"optNullList": ir.PresenceOptionalNullable,
		"optNullSelf": ir.PresenceOptionalNullablePointer,
		"optSelf":     ir.PresenceOptional,
		// Blob was an alias of raw JSON until it became a struct of
		// undeclared properties, to carry Shape's discriminator.
		"blob": ir.PresenceOptional,
	}
	thing := api.Index()["Thing"]
	if thing == nil {
		t.Fatal("no type Thing")
	}
	for _, f := range thing.Fields {
		w, ok := want[f.JSONName]
		if !ok {
			t.Errorf("unexpected field %s", f.JSONName)
			continue
		}
		delete(want, f.JSONName)
		if f.Presence != w {
			t.Errorf("%s: presence %d, want %d", f.JSONName, f.Presence, w)
		}
	}
	for n := range want {
		t.Errorf("no field %s", n)
	}
}
