package behavior

import (
	"encoding/json"
	"fmt"
	"reflect"
	"testing"

	o31 "github.com/orygen/orygen/testdata/golden/openapi31"
)

// OpenAPI 3.1 schemas at run time: type arrays with "null", const,
// patternProperties kept beside the fields, a tuple of numbers, and a
// oneOf told apart by const values.
func TestOpenAPI31Schemas(t *testing.T) {
	in := `{"id":"cus_1","object":"customer","email":null,"created":1700000000,"name":"Ada",` +
		`"address":{"coordinates":[52.52,13.405]},"currency":null,"x_region":"eu"}`
	var c o31.Customer
	if err := json.Unmarshal([]byte(in), &c); err != nil {
		t.Fatal(err)
	}
	if !c.Email.IsNull() || c.Object != "customer" || c.AdditionalProperties["x_region"] != "eu" || !c.Currency.IsNull() {
		t.Errorf("decoded %+v", c)
	}
	if name, ok := c.Name.Get(); !ok || name != "Ada" {
		t.Errorf("name %v %v", name, ok)
	}
	if len(c.Address.Coordinates) != 2 || c.Address.Coordinates[1] != 13.405 {
		t.Errorf("coordinates %v", c.Address.Coordinates)
	}
	out, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	var a, b map[string]any
	json.Unmarshal([]byte(in), &a)
	json.Unmarshal(out, &b)
	if len(a) != len(b) || b["x_region"] != "eu" || b["email"] != nil {
		t.Errorf("re-encoded %s", out)
	}

	for in, want := range map[string]string{
		`{"type":"invoice.paid","invoice":{"id":"in_1","status":"paid","total":100}}`: "*openapi31.InvoicePaidEvent",
		`{"type":"customer.deleted","customer_id":"cus_1"}`:                           "*openapi31.CustomerDeletedEvent",
		`{"type":"charge.failed"}`:                                                    "*openapi31.UnknownEvent",
	} {
		var e o31.Event
		if err := json.Unmarshal([]byte(in), &e); err != nil {
			t.Fatalf("%s: %v", in, err)
		}
		if got := fmt.Sprintf("%T", e.Value); got != want {
			t.Errorf("%s decoded as %s, want %s", in, got, want)
		}
		out, err := json.Marshal(e)
		if err != nil || !jsonEqual(out, []byte(in)) {
			t.Errorf("%s re-encoded as %s, %v", in, out, err)
		}
	}
}

func jsonEqual(a, b []byte) bool {
	var x, y any
	if json.Unmarshal(a, &x) != nil || json.Unmarshal(b, &y) != nil {
		return false
	}
	return reflect.DeepEqual(x, y)
}
