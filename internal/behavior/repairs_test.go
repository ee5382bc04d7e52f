package behavior

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	repairs "github.com/orygen/orygen/testdata/golden/repairs-unions"
)

// The repairs of specs/repairs-unions.yaml keep every value they decode:
// each union and odd field below decodes to the variant its repair
// promises, and the whole box re-encodes to the JSON it came from.
func TestRepairedUnionsKeepData(t *testing.T) {
	cases := []struct {
		field, json, variant string
	}{
		// Mapping entries ignored: the members' fixed values and names select.
		{"shape", `{"kind":"circle","radius":2}`, "*repairs.Circle"},
		{"shape", `{"kind":"square","side":3}`, "*repairs.Square"},
		{"shape", `{"kind":"triangle","sides":3}`, "*repairs.UnknownShape"},
		// Inline members: by fixed value, else title; else by shape.
		{"event", `{"type":"created","at":"noon"}`, "*repairs.EventCreated"},
		{"event", `{"type":"deleted","reason":"spam"}`, "*repairs.EventDeleted"},
		{"unvalued", `{"type":"Page","title":"T"}`, "*repairs.Page"},
		{"unvalued", `{"count":4,"type":"anything"}`, "*repairs.UnknownUnvalued"},
		// A discriminator no member declares: read and written by the union.
		{"unclaimed", `{"species":"Page","title":"Intro"}`, "*repairs.Page"},
		{"unclaimed", `{"text":"hi","species":"Note"}`, "*repairs.Note"},
		// Discriminated unions that fell back to shapes.
		{"scalar_variant", `"plain label"`, "*repairs.ScalarVariantLabel"},
		{"scalar_variant", `{"title":"T"}`, "*repairs.Page"},
		// A free-form object variant keeps every property beside the
		// discriminator.
		{"free_variant", `{"kind":"card","body":"b"}`, "*repairs.Card"},
		{"free_variant", `{"kind":"Blob","any":{"nested":[1,true,null]}}`, "*repairs.Blob"},
		{"unnamed_property", `{"title":"P"}`, "*repairs.Page"},
		{"unnamed_property", `12`, "*repairs.UnnamedPropertyNumber"},
		// Free-form object and date-time variants.
		{"loose", `{"a":{"b":[1,2]},"c":"d"}`, "*repairs.LooseObject"},
		{"loose", `["x","y"]`, "*repairs.LooseArray"},
		{"loose", `7`, "*repairs.LooseNumber"},
		{"stamp", `"2024-02-29T12:30:00Z"`, "*repairs.StampString"},
		{"stamp", `1700000000`, "*repairs.StampNumber"},
		{"choice", `"x"`, "*repairs.ChoiceLabel"},
	}
	for _, c := range cases {
		in := `{"` + c.field + `":` + c.json + `}`
		var box repairs.Box
		if err := json.Unmarshal([]byte(in), &box); err != nil {
			t.Errorf("%s: %v", in, err)
			continue
		}
		if got := typeName(boxValue(t, &box, c.field)); got != c.variant {
			t.Errorf("%s decoded as %s, want %s", in, got, c.variant)
		}
		if got := mustJSON(t, box); !sameJSON(t, got, in) {
			t.Errorf("%s re-encoded as %s", in, got)
		}
	}
}

func boxValue(t *testing.T, b *repairs.Box, field string) any {
	t.Helper()
	switch field {
	case "shape":
		s, _ := b.Shape.Get()
		return s.Value
	case "event":
		return b.Event.Value
	case "unvalued":
		return b.Unvalued.Value
	case "unclaimed":
		return b.Unclaimed.Value
	case "scalar_variant":
		return b.ScalarVariant.Value
	case "free_variant":
		return b.FreeVariant.Value
	case "unnamed_property":
		return b.UnnamedProperty.Value
	case "loose":
		return b.Loose.Value
	case "stamp":
		return b.Stamp.Value
	case "choice":
		c, _ := b.Choice.Get()
		return c.Value
	}
	t.Fatalf("no field %s", field)
	return nil
}

// Raw JSON and odd names round-trip too: the untyped union, the
// schema's inner copy of itself, properties no struct tag can name.
func TestRepairedFieldsKeepData(t *testing.T) {
	in := `{"untyped_member":{"anything":[1,"two"]},` +
		`"filter":{"field":"a","not":{"field":"b","negated":true,"not":{"field":"c","not":{"x":1}}}},` +
		`"odd_names":{"2'":5,"enabled\"":true,"a,b":"c","plain":"p"},"code":"anything","choice":null,"shape":null,` +
		`"forest":{"oak":[{"ash":[]},{}],"elm":[]}}`
	var box repairs.Box
	if err := json.Unmarshal([]byte(in), &box); err != nil {
		t.Fatal(err)
	}
	if box.OddNames == nil || box.OddNames.N2 != 5 || box.OddNames.Enabled == nil || !*box.OddNames.Enabled ||
		box.OddNames.AB == nil || *box.OddNames.AB != "c" {
		t.Errorf("odd names decoded as %+v", box.OddNames)
	}
	if box.Filter == nil || box.Filter.Not == nil || box.Filter.Not.Negated == nil || !*box.Filter.Not.Negated ||
		!sameJSON(t, string(box.Filter.Not.Not), `{"field":"c","not":{"x":1}}`) {
		t.Errorf("filter decoded as %+v", box.Filter)
	}
	if len(box.Forest["oak"]) != 2 || box.Forest["oak"][0]["ash"] == nil {
		t.Errorf("forest decoded as %v", box.Forest)
	}
	if !box.Choice.IsNull() || !box.Shape.IsNull() {
		t.Errorf("choice: null decoded as %+v", box.Choice)
	}
	if got := mustJSON(t, box); !sameJSON(t, got, in) {
		t.Errorf("re-encoded as %s", got)
	}
}

// A free-form object or date-time variant built by the caller is sent as
// JSON: not base64, not an empty struct.
func TestRawAndTimeVariantsAreSentAsJSON(t *testing.T) {
	var sent string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		sent = string(b)
		w.Header().Set("Content-Type", "application/json")
		w.Write(b)
	}))
	t.Cleanup(srv.Close)
	c, err := repairs.NewClient(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	when := time.Date(2024, 2, 29, 12, 30, 0, 0, time.UTC)
	obj := repairs.LooseObject(`{"k":[1,2]}`)
	stamp := repairs.StampString(when)
	blob := repairs.Blob{AdditionalProperties: map[string]json.RawMessage{"free": json.RawMessage(`true`)}}
	box := &repairs.Box{
		Loose:       &repairs.Loose{Value: &obj},
		Stamp:       &repairs.Stamp{Value: &stamp},
		FreeVariant: &repairs.FreeVariant{Value: &blob},
	}
	got, err := c.Default.PutBox(context.Background(), box)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"free_variant":{"kind":"Blob","free":true},"loose":{"k":[1,2]},"stamp":"2024-02-29T12:30:00Z"}`
	if !sameJSON(t, sent, want) {
		t.Errorf("sent %s, want %s", sent, want)
	}
	if b, ok := got.FreeVariant.Value.(*repairs.Blob); !ok || len(b.AdditionalProperties) != 1 {
		t.Errorf("free variant came back as %#v (the discriminator is the union's, not a kept property)", got.FreeVariant.Value)
	}
	if o, ok := got.Loose.Value.(*repairs.LooseObject); !ok || !sameJSON(t, string(*o), `{"k":[1,2]}`) {
		t.Errorf("loose came back as %#v", got.Loose.Value)
	}
	if s, ok := got.Stamp.Value.(*repairs.StampString); !ok || !time.Time(*s).Equal(when) {
		t.Errorf("stamp came back as %#v", got.Stamp.Value)
	}
	// encoding/json on the variants themselves, as a caller may use them.
	for _, c := range []struct {
		v    any
		want string
	}{{obj, `{"k":[1,2]}`}, {stamp, `"2024-02-29T12:30:00Z"`}, {&blob, `{"free":true}`}} {
		if b, err := json.Marshal(c.v); err != nil || !sameJSON(t, string(b), c.want) {
			t.Errorf("json.Marshal(%T) = %s, %v; want %s", c.v, b, err, c.want)
		}
	}
	var back repairs.LooseObject
	if err := json.Unmarshal([]byte(`{"z":null}`), &back); err != nil || string(back) != `{"z":null}` {
		t.Errorf("json.Unmarshal into LooseObject: %q, %v", back, err)
	}
}
