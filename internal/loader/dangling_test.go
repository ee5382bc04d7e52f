package loader

import (
	"strings"
	"testing"
)

// Dangling schema refs: lenient loading keeps each as a raw schema with a
// warning naming file and pointer; strict loading fails on the first.
func TestDanglingSchemaRefs(t *testing.T) {
	const spec = "../../specs/dangling-refs.yaml"
	s, err := Load(spec, Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		spec + `#/paths/~1orders~1{id}/get/parameters/1/schema: $ref "#/components/schemas/OrderFilter" does not resolve`,
		spec + `#/components/schemas/Order/properties/customer: $ref "#/components/schemas/Customer" does not resolve`,
		spec + `#/components/schemas/OrderLine/properties/product: $ref "#/definitions/Product" does not resolve: the document has no "definitions"`,
		spec + `#/components/schemas/Shipping: $ref "#/components/schemas/ShippingV2" does not resolve`,
		`../../specs/dangling/address.yaml#/Address/properties/geo: $ref "#/Geo" does not resolve`,
		spec + `#/paths/~1orders~1{id}/get/responses/404/content/application~1json/schema: $ref "#/components/schemas/ErrorV1" does not resolve`,
		spec + `#/paths/~1orders~1{id}~1invoice/get/responses/200/content/application~1json/schema: $ref "#/components/schemas/Invoice" does not resolve`,
	}
	if len(s.Warnings) != len(want) {
		t.Errorf("%d warnings, want %d:", len(s.Warnings), len(want))
	}
	for i, w := range s.Warnings {
		if i >= len(want) || !strings.HasPrefix(w.String(), want[i]) || !strings.HasSuffix(w.String(), "; its values are kept as raw JSON") {
			t.Errorf("warning %d: %s", i, w)
		}
	}
	order := s.Doc.Components.Schemas["Order"].Value
	cust := order.Properties["customer"].Value
	if cust == nil || cust.Extensions["x-orygen-raw"] != true || cust.Description == "" {
		t.Errorf("customer: %+v; want a raw schema that keeps its description", cust)
	}
	if addr := order.Properties["address"].Value; addr == nil || addr.Properties["geo"].Value.Extensions["x-orygen-raw"] != true {
		t.Errorf("a dangling ref in another file was not patched: %+v", addr)
	}
	if sh := s.Doc.Components.Schemas["Shipping"].Value; sh == nil || sh.Extensions["x-orygen-raw"] != true {
		t.Errorf("Shipping: %+v", sh)
	}

	_, err = Load(spec, Options{Strict: true})
	if err == nil || !strings.HasPrefix(err.Error(), want[0]) {
		t.Fatalf("strict: %v; want %s", err, want[0])
	}
	if strings.Contains(err.Error(), "raw JSON") {
		t.Errorf("strict: %v", err)
	}
}
