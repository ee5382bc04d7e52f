package behavior

import (
	"encoding/json"
	"testing"

	kw "github.com/orygen/orygen/testdata/golden/keywords"
	kw31 "github.com/orygen/orygen/testdata/golden/keywords31"
)

// TestNullableObjectIdiom: OpenAPI 3.0's allOf: [{oneOf: [{$ref: X},
// {type: object, nullable: true}]}] is a nullable X. It used to be an
// empty struct, which decoded any payload and wrote back {}.
func TestNullableObjectIdiom(t *testing.T) {
	for _, in := range []string{
		`{"name":"Ada","address":{"city":"Paris","zip":"75001"},"billing":{"city":"Lyon"}}`,
		`{"name":"Ada","address":null,"billing":null}`,
		`{"name":"Ada"}`,
		`{"name":"Ada","shipping":{"city":"Nice"},"rating":null}`,
		`{"name":"Ada","rating":4}`,
		`{"name":"Ada","previous":null}`,
		`{"name":"Ada","previous":{"city":"Bern"}}`,
	} {
		var o kw.Owner
		if err := json.Unmarshal([]byte(in), &o); err != nil {
			t.Fatalf("%s: %v", in, err)
		}
		out, err := json.Marshal(&o)
		if err != nil || !jsonEqual(out, []byte(in)) {
			t.Errorf("%s re-encoded as %s, %v", in, out, err)
		}
	}
	var o kw.Owner
	if err := json.Unmarshal([]byte(`{"name":"Ada","address":{"city":"Paris"}}`), &o); err != nil {
		t.Fatal(err)
	}
	if a, ok := o.Address.Get(); !ok || a.City != "Paris" {
		t.Errorf("address %+v %v", a, ok)
	}
}

// TestKeywordShapes: schemas the builder represents round-trip, and
// those it cannot represent keep their JSON whole.
func TestKeywordShapes(t *testing.T) {
	in := `{"contact":{"email":"a@example.com"},"check":{"name":"build","status":"completed","conclusion":"success"},` +
		`"labelled":{"city":"Oslo","label":"home","floor":"3"},` +
		`"mixed":{"city":"Rome","a":"x"},"widened":{"id":"w1","code":7},"guarded":"g","wrapped":["a","b"],"listed":["x"],"regions":["EU"]}`
	var s kw.Shapes
	if err := json.Unmarshal([]byte(in), &s); err != nil {
		t.Fatal(err)
	}
	if s.Labelled.AdditionalProperties["floor"] != "3" || s.Check.Name != "build" || *s.Contact.Email != "a@example.com" {
		t.Errorf("decoded %+v", s)
	}
	out, err := json.Marshal(&s)
	if err != nil || !jsonEqual(out, []byte(in)) {
		t.Errorf("re-encoded as %s, %v", out, err)
	}

	in31 := `{"point":[1.5,2],"pair":["a",1],"either":3,"conditional":{"kind":"card","card":"4242"},` +
		`"conditional_shape":{"kind":"card","card":"4242"},"dependent":{"card":"4242","billing":"x"},` +
		`"counted":{"total":2,"a":1},"headers":{"x-a":"b"},"fixed":{"version":1},"mixed_enum":"one",` +
		`"node":{"next":{"next":null}},"payload":"{}","excluded":"e","legacy":{"card":"1","billing":"2"},` +
		`"base_or_null":null,"base_extended":{"id":"b","extra":2}}`
	var s31 kw31.Shapes
	if err := json.Unmarshal([]byte(in31), &s31); err != nil {
		t.Fatal(err)
	}
	out, err = json.Marshal(&s31)
	if err != nil || !jsonEqual(out, []byte(in31)) {
		t.Errorf("3.1 re-encoded as %s, %v", out, err)
	}
}
