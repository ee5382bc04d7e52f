package behavior

import (
	"encoding/json"
	"testing"

	zoo "github.com/orygen/orygen/testdata/golden/features"
	unions "github.com/orygen/orygen/testdata/golden/unions"
)

// animalDoc is a zoo.Animal, a struct only responses hold (it has a
// decoder and no encoder), with unknown members on it and on the
// enclosures nested in it by pointer, slice and Nullable, and fields of
// every kind that encoding/json leaves out or writes by a tag: time,
// Nullable, omitzero map and slice, raw JSON, an enum pointer, a union.
const animalDoc = `{"zz":1,"id":"a1","name":"Leo","diet":{"kind":"meat","kg_per_day":7.5,"bones":true},
 "species":"lion","born_at":"2020-01-02T03:04:05Z","keeper_id":null,"nickname":"<king>","labels":{"b":"2","a":"1"},
 "legs":4,"metadata":{"x" : [1, 2]},"tags":[],"aa":{"k" : "<v>"},
 "enclosure":{"name":"den","u1":"\u2028","twin":{"name":"twin","u2":[]},"children":[{"name":"c","u3":null}],"parent":{"name":"p","u4":{}}},
 "zz":"again"}`

// The bytes json.Marshal writes for animalDoc decoded: each struct's
// fields as encoding/json encodes them by their tags, then its unknown
// members in document order (duplicates kept), compacted and escaped as
// json.Marshal writes raw JSON.
const animalOut = `{"born_at":"2020-01-02T03:04:05Z","diet":{"kind":"meat","kg_per_day":7.5,"bones":true},` +
	`"enclosure":{"children":[{"name":"c","twin":null,"u3":null}],"name":"den","parent":{"name":"p","twin":null,"u4":{}},` +
	`"twin":{"name":"twin","twin":null,"u2":[]},"u1":"\u2028"},` +
	`"id":"a1","keeper_id":null,"labels":{"a":"1","b":"2"},"legs":4,"metadata":{"x":[1,2]},"name":"Leo","nickname":"\u003cking\u003e",` +
	`"species":"lion","tags":[],"zz":1,"aa":{"k":"\u003cv\u003e"},"zz":"again"}`

// TestUnknownMembersMarshalWithoutEncoder: json.Marshal of a struct that
// has no generated encoder writes the unknown members it keeps after its
// fields, however it is reached (a value, a pointer, a slice's element, a
// map's value), and nested ones too; the result decodes to the same.
func TestUnknownMembersMarshalWithoutEncoder(t *testing.T) {
	var a zoo.Animal
	if err := json.Unmarshal([]byte(animalDoc), &a); err != nil {
		t.Fatal(err)
	}
	if a.UnknownJSON() == nil || a.Enclosure == nil || a.Enclosure.UnknownJSON() == nil {
		t.Fatalf("unknown members not kept: %s", a.UnknownJSON())
	}
	for name, v := range map[string]any{"value": a, "pointer": &a} {
		out, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		if string(out) != animalOut {
			t.Errorf("%s:\n got %s\nwant %s", name, out, animalOut)
		}
	}
	for name, v := range map[string]any{
		"slice": []zoo.Animal{a, {}}, "map": map[string]zoo.Animal{"k": a}, "map of pointers": map[string]*zoo.Animal{"k": &a},
	} {
		out, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]string{
			"slice": `[` + animalOut + `,{"diet":null,"id":"","name":"","species":""}]`,
		}[name]
		if want == "" {
			want = `{"k":` + animalOut + `}`
		}
		if string(out) != want {
			t.Errorf("%s:\n got %s\nwant %s", name, out, want)
		}
	}
	// Decoding the output again keeps the same members, and writes the
	// same bytes.
	var b zoo.Animal
	if err := json.Unmarshal([]byte(animalOut), &b); err != nil {
		t.Fatal(err)
	}
	if got, want := string(b.UnknownJSON()), `{"zz":1,"aa":{"k":"\u003cv\u003e"},"zz":"again"}`; got != want {
		t.Errorf("UnknownJSON after a round trip: %s, want %s", got, want)
	}
	if out, _ := json.Marshal(b); string(out) != animalOut {
		t.Errorf("second round trip:\n got %s\nwant %s", out, animalOut)
	}
	// Members set by hand; a struct whose fields are all left out writes
	// its members alone, without a stray comma.
	var e zoo.Enclosure
	if err := e.SetUnknownJSON(json.RawMessage(` { "k" : "v" } `)); err != nil {
		t.Fatal(err)
	}
	if out, err := json.Marshal(e); err != nil || string(out) != `{"name":"","twin":null,"k":"v"}` {
		t.Errorf("SetUnknownJSON: %s (%v)", out, err)
	}
	var j zoo.Job
	if err := j.SetUnknownJSON(json.RawMessage(`{"k":"v"}`)); err != nil {
		t.Fatal(err)
	}
	if out, err := json.Marshal(j); err != nil || string(out) != `{"job_id":"","k":"v"}` {
		t.Errorf("Job: %s (%v)", out, err)
	}
}

// TestUnknownMembersMarshalNotAddressable: a struct with an encoder (a
// request body) writes its unknown members too when json.Marshal reaches
// it where it is not addressable: passed as a value, or a map's value.
func TestUnknownMembersMarshalNotAddressable(t *testing.T) {
	req := unions.ChatRequest{Model: "m", Messages: []unions.ChatMessage{}}
	if err := req.SetUnknownJSON(json.RawMessage(`{"seed":7}`)); err != nil {
		t.Fatal(err)
	}
	const want = `{"messages":[],"model":"m","seed":7}`
	for name, v := range map[string]any{"value": req, "pointer": &req, "map": map[string]unions.ChatRequest{"k": req}} {
		out, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		w := want
		if name == "map" {
			w = `{"k":` + want + `}`
		}
		if string(out) != w {
			t.Errorf("%s: got %s, want %s", name, out, w)
		}
	}
}
