package behavior

import (
	"encoding/json"
	"testing"

	unions "github.com/orygen/orygen/testdata/golden/unions"
)

// TestUnknownMembersRoundTrip: members a struct does not declare are kept
// raw, in document order (duplicates too), on the struct they were sent
// in, and written back after its fields, compacted; a tagged variant's
// discriminator is the union's and is not kept twice.
func TestUnknownMembersRoundTrip(t *testing.T) {
	in := `{"zeta" : [1, 2],"role":"user","content":"hi","alpha":{"b" : true},"zeta":"again","<x>":null}`
	var m unions.ChatMessage
	if err := json.Unmarshal([]byte(in), &m); err != nil {
		t.Fatal(err)
	}
	u, ok := m.Value.(*unions.UserMessage)
	if !ok {
		t.Fatalf("variant %T", m.Value)
	}
	if got, want := string(u.UnknownJSON()), `{"zeta" : [1, 2],"alpha":{"b" : true},"zeta":"again","<x>":null}`; got != want {
		t.Errorf("UnknownJSON = %s; want %s", got, want)
	}
	out, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"role":"user","content":"hi","zeta":[1,2],"alpha":{"b":true},"zeta":"again","\u003cx\u003e":null}`; string(out) != want {
		t.Errorf("re-encoded\n got %s\nwant %s", out, want)
	}

	// Nested: a variant struct inside a request body; the body keeps its
	// own members set with SetUnknownJSON.
	req := unions.ChatRequest{Model: "m", Messages: []unions.ChatMessage{m}}
	if err := req.SetUnknownJSON(json.RawMessage(`{"seed": 7}`)); err != nil {
		t.Fatal(err)
	}
	out, err = json.Marshal(&req)
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"messages":[{"role":"user","content":"hi","zeta":[1,2],"alpha":{"b":true},"zeta":"again","\u003cx\u003e":null}],"model":"m","seed":7}`; string(out) != want {
		t.Errorf("nested\n got %s\nwant %s", out, want)
	}
	for _, bad := range []string{`[1]`, `{"a":}`, `"x"`} {
		if err := req.SetUnknownJSON(json.RawMessage(bad)); err == nil {
			t.Errorf("SetUnknownJSON(%s) accepted", bad)
		}
	}
	if err := req.SetUnknownJSON(nil); err != nil || req.UnknownJSON() != nil {
		t.Errorf("SetUnknownJSON(nil): %v, left %s", err, req.UnknownJSON())
	}
}

// TestUnknownMembersOnly: a struct whose fields are all left out writes
// its unknown members alone, without a stray comma; decoding again
// replaces the members of the earlier decode, and a struct without any
// has none.
func TestUnknownMembersOnly(t *testing.T) {
	var c unions.Card
	if err := json.Unmarshal([]byte(`{"id":"c1","brand":"x"}`), &c); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(`{"new":1,"id":"c2"}`), &c); err != nil {
		t.Fatal(err)
	}
	if got := string(c.UnknownJSON()); got != `{"new":1}` {
		t.Errorf("after a second decode: %s", got)
	}
	var e unions.Card
	if err := e.SetUnknownJSON(json.RawMessage(` {"k":"v"} `)); err != nil {
		t.Fatal(err)
	}
	out, err := json.Marshal(&e)
	if err != nil {
		t.Fatal(err)
	}
	if string(out) != `{"id":"","k":"v"}` {
		t.Errorf("got %s", out)
	}
	var c3 unions.Card
	if err := json.Unmarshal([]byte(`{"id":"c3","last4":"4242"}`), &c3); err != nil {
		t.Fatal(err)
	}
	if raw := c3.UnknownJSON(); raw != nil {
		t.Errorf("no unknown members, got %s", raw)
	}
	if err := e.SetUnknownJSON(json.RawMessage(`{}`)); err != nil {
		t.Fatal(err)
	}
	if out, _ := json.Marshal(&e); string(out) != `{"id":""}` {
		t.Errorf("empty object: %s", out)
	}
}
