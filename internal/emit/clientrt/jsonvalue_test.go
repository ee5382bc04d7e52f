package clientrt

import (
	"encoding/json"
	"math"
	"testing"
)

func TestJSONEncodesFreeFormValues(t *testing.T) {
	for _, c := range []struct {
		v    any
		want string
	}{
		{map[string]any{"email": "ada@example.com", "age": 36}, `{"age":36,"email":"ada@example.com"}`},
		{[]string{"a", "<b>"}, `["a","\u003cb\u003e"]`},
		{nil, `null`},
		{json.RawMessage(`{ "kept" : true }`), `{"kept":true}`},
		{struct {
			Name string `json:"name"`
		}{"x"}, `{"name":"x"}`},
	} {
		got, err := JSON(c.v)
		if err != nil {
			t.Fatalf("JSON(%#v): %v", c.v, err)
		}
		if string(got) != c.want {
			t.Errorf("JSON(%#v) = %s, want %s", c.v, got, c.want)
		}
	}
}

func TestJSONReportsUnencodableValues(t *testing.T) {
	for _, v := range []any{math.NaN(), make(chan int), map[bool]int{true: 1}} {
		if got, err := JSON(v); err == nil || got != nil {
			t.Errorf("JSON(%T) = %q, %v; want nil and an error", v, got, err)
		}
	}
}

func TestDecodeJSON(t *testing.T) {
	type traits struct {
		Email string `json:"email"`
		Age   int    `json:"age"`
	}
	got, err := DecodeJSON[traits](json.RawMessage(`{"email":"ada@example.com","age":36,"other":1}`))
	if err != nil || got != (traits{"ada@example.com", 36}) {
		t.Errorf("DecodeJSON = %+v, %v", got, err)
	}
	m, err := DecodeJSON[map[string]int](json.RawMessage(`{"a":1}`))
	if err != nil || len(m) != 1 || m["a"] != 1 {
		t.Errorf("DecodeJSON map = %v, %v", m, err)
	}
	// A value of the wrong shape is an error and a zero T, not a half-filled one.
	got, err = DecodeJSON[traits](json.RawMessage(`{"email":"x","age":"old"}`))
	if err == nil || got != (traits{}) {
		t.Errorf("DecodeJSON of a wrong-typed member = %+v, %v; want zero and an error", got, err)
	}
	for _, raw := range []json.RawMessage{nil, {}, json.RawMessage(`{`)} {
		if _, err := DecodeJSON[traits](raw); err == nil {
			t.Errorf("DecodeJSON(%q): no error", raw)
		}
	}
	// JSON and DecodeJSON round-trip.
	raw, err := JSON(traits{"b", 2})
	if err != nil {
		t.Fatal(err)
	}
	if back, err := DecodeJSON[traits](raw); err != nil || back != (traits{"b", 2}) {
		t.Errorf("round trip = %+v, %v", back, err)
	}
}

// TestPtrTakesTheDeclaredType documents why Ptr(int64(7)) is written out:
// a pointer of the field's own type is what an optional field takes.
func TestPtrTakesTheDeclaredType(t *testing.T) {
	var field *int64 = Ptr(int64(7))
	if *field != 7 {
		t.Fatal(*field)
	}
	var f2 *int64 = Ptr[int64](8)
	if *f2 != 8 {
		t.Fatal(*f2)
	}
}
