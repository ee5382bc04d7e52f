package clientrt

import (
	"bytes"
	"encoding/json"
	"reflect"
	"testing"
)

func TestNullableStates(t *testing.T) {
	var absent Nullable[string]
	if v, ok := absent.Get(); ok || v != "" || absent.IsNull() || absent.IsSet() || !absent.IsZero() {
		t.Errorf("zero Nullable: Get = %q, %v; IsNull %v IsSet %v IsZero %v", v, ok, absent.IsNull(), absent.IsSet(), absent.IsZero())
	}
	null := Null[string]()
	if v, ok := null.Get(); ok || v != "" || !null.IsNull() || !null.IsSet() || null.IsZero() {
		t.Errorf("Null(): Get = %q, %v; IsNull %v IsSet %v IsZero %v", v, ok, null.IsNull(), null.IsSet(), null.IsZero())
	}
	set := NewNullable("x")
	if v, ok := set.Get(); !ok || v != "x" || set.IsNull() || !set.IsSet() || set.IsZero() {
		t.Errorf("NewNullable(x): Get = %q, %v; IsNull %v IsSet %v IsZero %v", v, ok, set.IsNull(), set.IsSet(), set.IsZero())
	}
	// A set zero value is still set, not absent or null.
	zero := NewNullable(0)
	if v, ok := zero.Get(); !ok || v != 0 || zero.IsNull() || !zero.IsSet() || zero.IsZero() {
		t.Errorf("NewNullable(0): Get = %d, %v; IsNull %v IsSet %v IsZero %v", v, ok, zero.IsNull(), zero.IsSet(), zero.IsZero())
	}
}

type nullableFields struct {
	S Nullable[string]         `json:"s,omitzero"`
	I Nullable[int64]          `json:"i,omitzero"`
	M Nullable[map[string]any] `json:"m,omitzero"`
	L Nullable[[]int]          `json:"l,omitzero"`
	// Without omitzero an absent value has to be written, as null.
	Plain Nullable[bool] `json:"plain"`
}

func TestNullableInStruct(t *testing.T) {
	tests := []struct {
		name string
		v    nullableFields
		json string
	}{
		{"absent", nullableFields{}, `{"plain":null}`},
		{"null", nullableFields{S: Null[string](), I: Null[int64](), M: Null[map[string]any](), L: Null[[]int](), Plain: Null[bool]()},
			`{"s":null,"i":null,"m":null,"l":null,"plain":null}`},
		{"values", nullableFields{S: NewNullable("a\"b"), I: NewNullable(int64(-9007199254740993)), M: NewNullable(map[string]any{"k": "v"}),
			L: NewNullable([]int{1, 2}), Plain: NewNullable(false)},
			`{"s":"a\"b","i":-9007199254740993,"m":{"k":"v"},"l":[1,2],"plain":false}`},
		{"zero values", nullableFields{S: NewNullable(""), I: NewNullable(int64(0)), M: NewNullable(map[string]any{}), L: NewNullable([]int{}), Plain: NewNullable(false)},
			`{"s":"","i":0,"m":{},"l":[],"plain":false}`},
		{"mixed", nullableFields{S: NewNullable("x"), I: Null[int64]()}, `{"s":"x","i":null,"plain":null}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := json.Marshal(tt.v)
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tt.json {
				t.Fatalf("Marshal = %s, want %s", got, tt.json)
			}
			var back nullableFields
			if err := json.Unmarshal(got, &back); err != nil {
				t.Fatal(err)
			}
			// Plain has no omitzero, so absent comes back as null.
			want := tt.v
			if !want.Plain.IsSet() {
				want.Plain = Null[bool]()
			}
			if !reflect.DeepEqual(back, want) {
				t.Fatalf("round trip of %s = %+v, want %+v", got, back, want)
			}
		})
	}
}

func TestNullableUnmarshal(t *testing.T) {
	var v nullableFields
	if err := json.Unmarshal([]byte(`{"s":"x","i":null}`), &v); err != nil {
		t.Fatal(err)
	}
	if s, ok := v.S.Get(); !ok || s != "x" {
		t.Errorf("s = %q, %v; want x", s, ok)
	}
	if !v.I.IsNull() {
		t.Error("i: want null")
	}
	if v.M.IsSet() || v.L.IsSet() || v.Plain.IsSet() {
		t.Error("m, l, plain: want absent")
	}

	// Null after a value clears the value.
	n := NewNullable("old")
	if err := json.Unmarshal([]byte(" null "), &n); err != nil {
		t.Fatal(err)
	}
	if s, ok := n.Get(); ok || s != "" || !n.IsNull() {
		t.Errorf("after null: Get = %q, %v; IsNull %v", s, ok, n.IsNull())
	}
	// A value after null sets it.
	if err := json.Unmarshal([]byte(`"new"`), &n); err != nil {
		t.Fatal(err)
	}
	if s, ok := n.Get(); !ok || s != "new" {
		t.Errorf("after value: Get = %q, %v", s, ok)
	}
	// UnmarshalJSON called directly sees null with surrounding space too.
	if err := n.UnmarshalJSON([]byte("\n null\t")); err != nil || !n.IsNull() {
		t.Errorf("UnmarshalJSON(space null space): err %v, IsNull %v", err, n.IsNull())
	}

	// A wrong type is an error and does not set the value.
	var i Nullable[int64]
	for _, in := range []string{`"1"`, `1.5`, `1e400`, `true`, `{}`, `99999999999999999999`} {
		if err := json.Unmarshal([]byte(in), &i); err == nil {
			t.Errorf("Nullable[int64] from %s: want an error", in)
		}
		if i.IsSet() {
			t.Errorf("Nullable[int64] from %s: set after an error", in)
		}
	}
	var s struct {
		S Nullable[string] `json:"s"`
	}
	if err := json.Unmarshal([]byte(`{"s":1}`), &s); err == nil {
		t.Error(`Nullable[string] from {"s":1}: want an error`)
	}
}

// A Nullable inside a slice or map, where omitzero does not apply.
func TestNullableInContainers(t *testing.T) {
	in := []Nullable[int64]{{}, Null[int64](), NewNullable(int64(7))}
	got, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != `[null,null,7]` {
		t.Fatalf("Marshal = %s", got)
	}
	var back []Nullable[int64]
	if err := json.Unmarshal(got, &back); err != nil {
		t.Fatal(err)
	}
	want := []Nullable[int64]{Null[int64](), Null[int64](), NewNullable(int64(7))}
	if !reflect.DeepEqual(back, want) {
		t.Fatalf("round trip = %+v, want %+v", back, want)
	}
}

type nullableWrap[T any] struct {
	V Nullable[T] `json:"v,omitzero"`
}

// nullableRoundTrip checks Nullable[T] against data: decoding it agrees
// with decoding into *T, and decode → encode → decode is stable, both bare
// and as an omitzero struct field.
func nullableRoundTrip[T any](t *testing.T, data []byte) {
	t.Helper()
	var n Nullable[T]
	err := json.Unmarshal(data, &n)
	var p *T
	perr := json.Unmarshal(data, &p)
	if (err == nil) != (perr == nil) {
		t.Fatalf("%T from %q: error %v, but into *T: %v", n, data, err, perr)
	}
	if err == nil {
		v, ok := n.Get()
		if (p == nil) != n.IsNull() || (p != nil && (!ok || !reflect.DeepEqual(v, *p))) {
			t.Fatalf("%T from %q = %+v; *T decodes %#v", n, data, n, p)
		}
		enc, err := json.Marshal(n)
		if err != nil {
			t.Fatalf("Marshal(%+v): %v", n, err)
		}
		if n.IsNull() && string(enc) != "null" {
			t.Fatalf("null encodes as %s", enc)
		}
		var again Nullable[T]
		if err := json.Unmarshal(enc, &again); err != nil {
			t.Fatalf("%T from its own encoding %s: %v", n, enc, err)
		}
		if !reflect.DeepEqual(again, n) {
			t.Fatalf("%T: %q decodes to %+v, encodes as %s, decodes to %+v", n, data, n, enc, again)
		}
		enc2, err := json.Marshal(again)
		if err != nil || !bytes.Equal(enc, enc2) {
			t.Fatalf("%T: encoding not stable: %s then %s (%v)", n, enc, enc2, err)
		}
	}

	// data as a whole object with the Nullable as an omitzero field.
	var w nullableWrap[T]
	if err := json.Unmarshal(data, &w); err != nil {
		return
	}
	enc, err := json.Marshal(w)
	if err != nil {
		t.Fatalf("Marshal(%+v): %v", w, err)
	}
	switch {
	case w.V.IsZero():
		if string(enc) != "{}" {
			t.Fatalf("absent field encodes as %s, want {}", enc)
		}
	case w.V.IsNull():
		if string(enc) != `{"v":null}` {
			t.Fatalf("null field encodes as %s, want {\"v\":null}", enc)
		}
	}
	var w2 nullableWrap[T]
	if err := json.Unmarshal(enc, &w2); err != nil {
		t.Fatalf("%T from its own encoding %s: %v", w, enc, err)
	}
	if !reflect.DeepEqual(w2, w) {
		t.Fatalf("%T: %q decodes to %+v, encodes as %s, decodes to %+v", w, data, w, enc, w2)
	}
}

func TestNullableRoundTripCases(t *testing.T) {
	for _, in := range []string{
		`null`, ` null `, `""`, `"x"`, `"\u00e9\ud83d\ude00"`, "\"\xff\"", `0`, `-1`, `9223372036854775807`, `-9223372036854775808`,
		`9223372036854775808`, `1.0`, `{}`, `{"a":null}`, `{"a":{"b":[1,"2",true,null]}}`, `[]`, `true`,
		`{"v":null}`, `{"v":"s"}`, `{"v":12}`, `{"v":{"k":1.5}}`, `{"V":"case"}`, `{"other":1}`, `{"v":null,"v":"later"}`,
		`{"v":"first","v":null}`, `{"v":{"a":1},"v":{"b":2}}`,
	} {
		t.Run(in, func(t *testing.T) {
			nullableRoundTrip[string](t, []byte(in))
			nullableRoundTrip[int64](t, []byte(in))
			nullableRoundTrip[map[string]any](t, []byte(in))
		})
	}
}

func FuzzNullable(f *testing.F) {
	for _, s := range []string{
		`null`, `""`, `"x"`, `0`, `-42`, `9223372036854775807`, `1.5`, `{}`, `{"a":[1,null,"b"]}`, `[]`,
		`{"v":null}`, `{"v":"s"}`, `{"v":7}`, `{"v":{"k":true}}`, `{}`, `{"x":1}`,
	} {
		f.Add([]byte(s))
	}
	// Values from real responses: each one bare and as the field v.
	seen := map[string]bool{}
	for _, sm := range kratosSamples(f) {
		eachValue(sm.data, func(v []byte) {
			if len(seen) >= 300 || seen[string(v)] {
				return
			}
			seen[string(v)] = true
			f.Add(v)
			f.Add([]byte(`{"v":` + string(v) + `}`))
		})
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		nullableRoundTrip[string](t, data)
		nullableRoundTrip[int64](t, data)
		nullableRoundTrip[map[string]any](t, data)
	})
}
