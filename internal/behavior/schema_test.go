package behavior

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"

	zoo "github.com/orygen/orygen/testdata/golden/features"
	kratos "github.com/orygen/orygen/testdata/golden/kratos-v1.3.1"
)

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatalf("encoding %T: %v", v, err)
	}
	return string(b)
}

func TestDiscriminatedUnion(t *testing.T) {
	cases := []struct {
		in   string
		want string // Go type of Value
		out  string // re-encoding
	}{
		{`{"kind":"meat","kg_per_day":3.5}`, "*features.Carnivore", `{"kind":"meat","kg_per_day":3.5}`},
		{`{"kg_per_day":1,"kind":"meat"}`, "*features.Carnivore", `{"kind":"meat","kg_per_day":1}`},
		{`{"plants":["bamboo"],"kind":"plants"}`, "*features.Herbivore", `{"kind":"plants","plants":["bamboo"]}`},
		{`{"kind":"both"}`, "*features.Omnivore", `{"kind":"both"}`},
		// Two mapping values select Omnivore: the one read is written back.
		{`{"kind":"everything","favourite":"figs"}`, "*features.Omnivore", `{"kind":"everything","favourite":"figs"}`},
		{`{"kind":"photosynthesis","lux":5}`, "*features.UnknownDiet", `{"kind":"photosynthesis","lux":5}`},
	}
	for _, c := range cases {
		var d zoo.Diet
		if err := json.Unmarshal([]byte(c.in), &d); err != nil {
			t.Errorf("%s: %v", c.in, err)
			continue
		}
		if got := typeName(d.Value); got != c.want {
			t.Errorf("%s decoded as %s, want %s", c.in, got, c.want)
		}
		if got := mustJSON(t, d); got != c.out {
			t.Errorf("%s re-encoded as %s, want %s", c.in, got, c.out)
		}
	}
	for in, wantErr := range map[string]string{
		`{"kg_per_day":1}`:                    "discriminator property is missing",
		`["meat"]`:                            "expected a JSON object, got an array",
		`{"kind":4}`:                          `discriminator "kind" must be a string`,
		`{"kind":"meat","kg_per_day":"lots"}`: "Diet meat",
	} {
		var d zoo.Diet
		err := json.Unmarshal([]byte(in), &d)
		if err == nil || !strings.Contains(err.Error(), wantErr) {
			t.Errorf("%s: error %v, want one containing %q", in, err, wantErr)
		}
	}
}

func TestUnionWritesDiscriminator(t *testing.T) {
	// The caller cannot set the discriminator: the variant has no field for
	// it, and the union writes the value its mapping names.
	got := mustJSON(t, zoo.Diet{Value: &zoo.Herbivore{Plants: []string{"grass"}}})
	if got != `{"kind":"plants","plants":["grass"]}` {
		t.Errorf("diet: %s", got)
	}
	// The same variant type in another union gets that union's property.
	got = mustJSON(t, zoo.NextStep{Value: &zoo.Herbivore{}})
	if got != `{"action":"graze"}` {
		t.Errorf("next step: %s", got)
	}
	if got := mustJSON(t, zoo.Diet{}); got != "null" {
		t.Errorf("empty union: %s", got)
	}
	if _, err := json.Marshal(zoo.Diet{Value: &zoo.UnknownDiet{}}); err == nil {
		t.Error("an unknown variant without raw JSON must not encode")
	}
}

func TestUntaggedUnion(t *testing.T) {
	for in, want := range map[string]string{
		`"ACME"`:                            "*features.SponsorString",
		`{"vat_id":"DE1","name":"ACME"}`:    "*features.Company",
		`{"name":"Ada","first_name":"Ada"}`: "*features.Person",
		`["a","b"]`:                         "*features.SponsorArray",
		`{"name":"nobody"}`:                 "*features.UnknownSponsor",
		`42`:                                "*features.UnknownSponsor",
	} {
		var s zoo.Sponsor
		if err := json.Unmarshal([]byte(in), &s); err != nil {
			t.Errorf("%s: %v", in, err)
			continue
		}
		if got := typeName(s.Value); got != want {
			t.Errorf("%s decoded as %s, want %s", in, got, want)
		}
		if got := mustJSON(t, s); !sameJSON(t, got, in) {
			t.Errorf("%s re-encoded as %s", in, got)
		}
	}
	var h zoo.Habitat
	if err := json.Unmarshal([]byte(`{"temperature":30,"climate":"tropical"}`), &h); err != nil {
		t.Fatal(err)
	}
	if tr, ok := h.Value.(*zoo.HabitatTropical); !ok || tr.Temperature != 30 {
		t.Errorf("habitat decoded as %#v", h.Value)
	}
	if got := mustJSON(t, zoo.Habitat{Value: &zoo.HabitatPolar{}}); got != `{"climate":"polar"}` {
		t.Errorf("habitat encoded as %s", got)
	}
}

func TestAdditionalProperties(t *testing.T) {
	in := `{"visitor":"Ann","sponsor":"ACME","tickets":3,"children":2}`
	var v zoo.VisitLog
	if err := json.Unmarshal([]byte(in), &v); err != nil {
		t.Fatal(err)
	}
	if v.Visitor != "Ann" || len(v.AdditionalProperties) != 2 || v.AdditionalProperties["tickets"] != 3 {
		t.Fatalf("decoded %+v", v)
	}
	if got := mustJSON(t, v); !sameJSON(t, got, in) {
		t.Errorf("re-encoded as %s", got)
	}
	if err := json.Unmarshal([]byte(`{"visitor":"Ann","tickets":"three"}`), &v); err == nil || !strings.Contains(err.Error(), `"tickets"`) {
		t.Errorf("a mistyped additional property must fail naming it, got %v", err)
	}
}

func TestNullableTriState(t *testing.T) {
	// "An absent field inherits; a present field, even empty, overrides."
	for _, c := range []struct {
		body zoo.UpdateRotaBody
		want string
	}{
		{zoo.UpdateRotaBody{}, `{}`},
		{zoo.UpdateRotaBody{Monday: zoo.Null[string]()}, `{"monday":null}`},
		{zoo.UpdateRotaBody{Monday: zoo.NewNullable("")}, `{"monday":""}`},
		{zoo.UpdateRotaBody{Tuesday: zoo.NewNullable("off")}, `{"tuesday":"off"}`},
	} {
		got := mustJSON(t, c.body)
		if got != c.want {
			t.Errorf("encoded %s, want %s", got, c.want)
		}
		var back zoo.UpdateRotaBody
		if err := json.Unmarshal([]byte(got), &back); err != nil {
			t.Fatal(err)
		}
		if again := mustJSON(t, back); again != got {
			t.Errorf("round trip changed %s into %s", got, again)
		}
	}
	var back zoo.UpdateRotaBody
	_ = json.Unmarshal([]byte(`{"monday":null,"tuesday":"x"}`), &back)
	if !back.Monday.IsNull() || back.Tuesday.IsNull() || !back.Tuesday.IsSet() {
		t.Errorf("decoded %+v", back)
	}
	if v, ok := back.Tuesday.Get(); !ok || v != "x" {
		t.Errorf("Get = %q, %v", v, ok)
	}
}

func TestOptionalPresence(t *testing.T) {
	var a zoo.Animal
	in := `{"id":"1","name":"Leo","species":"lion","diet":{"kind":"both"},"tags":[],"weight":0}`
	if err := json.Unmarshal([]byte(in), &a); err != nil {
		t.Fatal(err)
	}
	if a.Tags == nil || len(a.Tags) != 0 || a.Weight == nil || *a.Weight != 0 || a.Legs != nil {
		t.Errorf("presence lost: tags=%#v weight=%v legs=%v", a.Tags, a.Weight, a.Legs)
	}
	if got := mustJSON(t, a); !sameJSON(t, got, in) {
		t.Errorf("re-encoded as %s", got)
	}
}

func TestEnumKeepsUnknownValues(t *testing.T) {
	var a zoo.Animal
	in := `{"id":"1","name":"Rex","species":"t-rex","legs":3,"diet":{"kind":"meat","kg_per_day":90}}`
	if err := json.Unmarshal([]byte(in), &a); err != nil {
		t.Fatal(err)
	}
	if a.Species.IsKnown() || a.Species != "t-rex" || a.Legs.IsKnown() || !zoo.SpeciesLion.IsKnown() || !zoo.SpeciesEmpty.IsKnown() {
		t.Errorf("species %q known=%v, legs %v", a.Species, a.Species.IsKnown(), *a.Legs)
	}
	if got := mustJSON(t, a); !sameJSON(t, got, in) {
		t.Errorf("re-encoded as %s", got)
	}
}

func TestUINodeAttributesEveryVariant(t *testing.T) {
	for in, want := range map[string]string{
		`{"node_type":"input","name":"password","type":"password","disabled":false}`:                                                          "*kratos.UINodeInputAttributes",
		`{"node_type":"text","id":"t","text":{"id":1,"text":"hi","type":"info"}}`:                                                             "*kratos.UINodeTextAttributes",
		`{"node_type":"img","id":"i","src":"data:","width":1,"height":1}`:                                                                     "*kratos.UINodeImageAttributes",
		`{"node_type":"a","id":"a","href":"/x","title":{"id":1,"text":"x","type":"info"}}`:                                                    "*kratos.UINodeAnchorAttributes",
		`{"node_type":"script","id":"s","src":"/s.js","async":true,"crossorigin":"","integrity":"","referrerpolicy":"","type":"","nonce":""}`: "*kratos.UINodeScriptAttributes",
		`{"node_type":"div","id":"d"}`: "*kratos.UnknownUINodeAttributes",
	} {
		var a kratos.UINodeAttributes
		if err := json.Unmarshal([]byte(in), &a); err != nil {
			t.Errorf("%s: %v", in, err)
			continue
		}
		if got := typeName(a.Value); got != want {
			t.Errorf("%s decoded as %s, want %s", in, got, want)
		}
		if got := mustJSON(t, a); !sameJSON(t, got, in) {
			t.Errorf("%s re-encoded as %s", in, got)
		}
	}
}

func typeName(v any) string {
	if v == nil {
		return "nil"
	}
	return fmt.Sprintf("%T", v)
}

func sameJSON(t *testing.T, a, b string) bool {
	t.Helper()
	var x, y any
	if err := json.Unmarshal([]byte(a), &x); err != nil {
		t.Fatalf("%s: %v", a, err)
	}
	if err := json.Unmarshal([]byte(b), &y); err != nil {
		t.Fatalf("%s: %v", b, err)
	}
	return mustJSON(t, x) == mustJSON(t, y)
}

func asErr[T error](err error, target *T) bool { return errors.As(err, target) }

// TestDiscriminatedBase: a base schema with a discriminator that others
// extend with allOf is the union of its extensions.
func TestDiscriminatedBase(t *testing.T) {
	for in, want := range map[string]string{
		`{"visitor_type":"member","name":"Ada","member_since":"2024-01-02T03:04:05Z"}`: "*features.Member",
		`{"visitor_type":"guest","name":"Bo","ticket":"T1"}`:                           "*features.Guest",
		`{"visitor_type":"vip","name":"Cy"}`:                                           "*features.UnknownVisitor",
	} {
		var v zoo.Visitor
		if err := json.Unmarshal([]byte(in), &v); err != nil {
			t.Errorf("%s: %v", in, err)
			continue
		}
		if got := typeName(v.Value); got != want {
			t.Errorf("%s decoded as %s, want %s", in, got, want)
		}
		if got := mustJSON(t, v); !sameJSON(t, got, in) {
			t.Errorf("%s re-encoded as %s", in, got)
		}
	}
}
