package clientrt

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"
)

// A union decoded on a guess of its discriminator (tag, confirmed, sealed)
// against the same union decoded after looking for it (discriminator),
// written as the emitter writes both: the same values and errors for
// every document.

type guessA struct {
	Name string
	N    int64
	Kids []guessU
	unknownFields
}

var guessANames = []string{"kids", "n", "name"}

func (v *guessA) decodeJSON(d *jsonDecoder) {
	for more := d.fields(&v.unknownFields, v); more; more = d.next() {
		switch d.field(guessANames) {
		case 0:
			decSlice(&v.Kids, d, (*guessU).decodeJSON)
		case 1:
			decInt(&v.N, d)
		case 2:
			decStr(&v.Name, d)
		default:
			switch d.key {
			case "t":
				d.sealed()
			default:
				d.unknown(&v.unknownFields)
			}
		}
	}
}

// guessB declares a field whose name folds to the discriminator's, so it
// never notes the discriminator: confirmed has to look.
type guessB struct {
	T    string
	Flag bool
	unknownFields
}

var guessBNames = []string{"T", "flag"}

func (v *guessB) decodeJSON(d *jsonDecoder) {
	for more := d.fields(&v.unknownFields, v); more; more = d.next() {
		switch d.field(guessBNames) {
		case 0:
			decStr(&v.T, d)
		case 1:
			decBool(&v.Flag, d)
		default:
			switch d.key {
			case "t":
				d.sealed()
			default:
				d.unknown(&v.unknownFields)
			}
		}
	}
}

type guessOther struct {
	Discriminator string
	Raw           json.RawMessage
}

type guessU struct {
	Value any
	tag   string
}

func (u *guessU) variants(d *jsonDecoder, tag string) {
	switch tag {
	case "a", "a2":
		x := new(guessA)
		x.decodeJSON(d)
		u.Value = x
		d.within("guessU a")
		u.tag = tag
	case "b":
		x := new(guessB)
		x.decodeJSON(d)
		u.Value = x
		d.within("guessU b")
	default:
		u.Value = &guessOther{Discriminator: tag, Raw: d.ownSpan()}
	}
}

func (u *guessU) decodeJSON(d *jsonDecoder) {
	if d.null() {
		u.Value = nil
		return
	}
	old := *u
	var guess tagGuess
	for {
		tag, ok := d.tag("t", &guess)
		if !ok {
			*u = old
			return
		}
		u.variants(d, tag)
		if d.confirmed(&guess) {
			return
		}
		*u = old
	}
}

// decodeLooking is the union's decoder without the guess.
func (u *guessU) decodeLooking(d *jsonDecoder) {
	if d.null() {
		u.Value = nil
		return
	}
	tag, ok := d.discriminator("t")
	if !ok {
		return
	}
	u.variants(d, tag)
}

func checkGuess(t *testing.T, data []byte) {
	t.Helper()
	// Kids decode by guessing in both, so compare one level and slices of
	// unions, each from a filled value.
	filled := func() guessU { return guessU{Value: &guessB{T: "prev"}, tag: "x"} }
	want, got := filled(), filled()
	werr := unmarshalWith(data, &want, (*guessU).decodeLooking)
	gerr := unmarshalWith(data, &got, (*guessU).decodeJSON)
	if fmt.Sprint(werr) != fmt.Sprint(gerr) || !reflect.DeepEqual(want, got) {
		t.Fatalf("%q: guessing gives %s (tag %q), %v; looking gives %s (tag %q), %v", data, dump(got.Value), got.tag, gerr, dump(want.Value), want.tag, werr)
	}
	var ws, gs []guessU
	werr = unmarshalWith(data, &ws, func(p *[]guessU, d *jsonDecoder) { decSlice(p, d, (*guessU).decodeLooking) })
	gerr = unmarshalWith(data, &gs, func(p *[]guessU, d *jsonDecoder) { decSlice(p, d, (*guessU).decodeJSON) })
	if fmt.Sprint(werr) != fmt.Sprint(gerr) || !reflect.DeepEqual(ws, gs) {
		t.Fatalf("%q as a slice: guessing gives %v, %v; looking gives %v, %v", data, gs, gerr, ws, werr)
	}
}

var guessSeeds = []string{
	`{"t":"a","name":"x"}`,                                                 // first
	`{"name":"x","n":2,"t":"a"}`,                                           // last
	` { "name" : "x" , "t" : "a" } `,                                       // spaces
	`{"t":"a","name":"x","t":"b"}`,                                         // the first is not the last
	`{"t":"b","name":"x","t":"a"}`,                                         // the first is not the last
	`{"x":{"t":"b"},"t":"a"}`,                                              // a nested one first
	`{"x":["t",{"t":"b"}],"name":"y","t":"a"}`,                             // nested ones first
	`{"x":"\"t\":\"b\"","t":"a"}`,                                          // in a string first
	`{"T":"q","t":"b","flag":true}`,                                        // a variant that declares it
	`{"t":"a2","name":"x"}`,                                                // several values select a variant
	`{"t":"a","t":"a2"}`,                                                   // the same variant, by another value
	`{"t":"zzz","name":"x"}`,                                               // no variant
	`{"\u0074":"a","name":"x"}`,                                            // escaped
	`{"t":"\u0061","name":"x"}`,                                            // escaped value
	`{"t":"a","extra":[1,{"t":"b"}],"name":"x"}`,                           // unknown members kept
	`{"t":"a","kids":[{"t":"b","T":"q"},{"name":"y","t":"a"},{"t":"zz"}]}`, // nested unions
	`{"kids":[{"name":"y","t":"b"}],"t":"a"}`,                              // a nested union's first
	`{"t":1}`, `{"t":"a","t":1}`, `{"t":null}`, `{}`, `{"name":"x"}`, `[]`, `"t"`, `null`,
	`{"name":1,"t":"a"}`, `{"flag":1,"t":"b"}`, // a mismatch in the variant
	`{"t":"a","name":"x"`, `{"t":"a",}`, `{"t":"a" "n":1}`, `{"t":"a","name":"x\q"}`, `{"t":"a"}x`, `{"t":"a`, `{"t":`,
	`[{"n":1},{"t":"a"}]`,               // the first object has no discriminator; the second does
	`[{"n":1,"t":"b"},{"t":"a","n":2}]`, // one after another
	`[{"x":{"t":"a"}},{"t":"b"}]`,       // only nested, then a sibling
	`[{"t":"a","name":"p"},{"t":"b"},{"t":"a","n":1,"t":"b"},{"t":"q"},null]`,
}

func TestGuessedUnion(t *testing.T) {
	for _, s := range guessSeeds {
		checkGuess(t, []byte(s))
	}
	// Exact values, so that a broken reference cannot hide a broken guess.
	var u guessU
	if err := unmarshalJSON([]byte(`{"t":"a","name":"x","t":"b","flag":true}`), &u); err != nil {
		t.Fatal(err)
	}
	if b, ok := u.Value.(*guessB); !ok || !b.Flag || string(b.UnknownJSON()) != `{"name":"x"}` {
		t.Fatalf("guessed wrong and kept it: %#v", u.Value)
	}
	u = guessU{}
	if err := unmarshalJSON([]byte(`{"name":"x","t":"a2"}`), &u); err != nil {
		t.Fatal(err)
	}
	if a, ok := u.Value.(*guessA); !ok || a.Name != "x" || u.tag != "a2" {
		t.Fatalf("got %#v, tag %q", u.Value, u.tag)
	}
	u = guessU{Value: &guessB{T: "prev"}}
	if err := unmarshalJSON([]byte(`{"t":"a","t":1}`), &u); err == nil || u.Value.(*guessB).T != "prev" {
		t.Fatalf("a rejected guess changed the union: %#v, %v", u.Value, err)
	}
}

func dump(v any) string {
	switch x := v.(type) {
	case *guessA:
		return fmt.Sprintf("A %+v unknown %s", *x, x.UnknownJSON())
	case *guessB:
		return fmt.Sprintf("B %+v unknown %s", *x, x.UnknownJSON())
	}
	return fmt.Sprintf("%#v", v)
}

func FuzzGuessedUnion(f *testing.F) {
	for _, s := range guessSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(checkGuess)
}

// TestGuessNestedCost: unions nested in unions, each guessing wrong (the
// first "t" ahead is its innermost child's), decode in time linear in the
// nesting, as looking first does, not twice the time per level.
func TestGuessNestedCost(t *testing.T) {
	const levels = 24
	doc := `{"t":"a2"}` // the same variant as the levels above, by another value: both decodes recurse
	for range levels {
		doc = `{"kids":[` + doc + `],"t":"a"}`
	}
	start := time.Now()
	checkGuess(t, []byte(doc))
	if el := time.Since(start); el > time.Second {
		t.Fatalf("%d nested unions took %v", levels, el)
	}
	var u guessU
	if err := unmarshalJSON([]byte(doc), &u); err != nil {
		t.Fatal(err)
	}
	n := 0
	for a, ok := u.Value.(*guessA); ok; {
		n++
		if len(a.Kids) == 0 {
			if u.tag != "a" || a.Name != "" {
				t.Fatalf("outermost tag %q", u.tag)
			}
			break
		}
		a, ok = a.Kids[0].Value.(*guessA)
	}
	if n != levels+1 {
		t.Fatalf("%d levels of a; want %d", n, levels+1)
	}
}

// TestGuessLookBounded: objects whose discriminator the look cannot see
// (escaped) do not each make it read the rest of the input.
func TestGuessLookBounded(t *testing.T) {
	const n = 200000
	doc := "[" + strings.Repeat(`{"\u0074":"a","n":1},`, n-1) + `{"\u0074":"a","n":1}]`
	start := time.Now()
	var got []guessU
	if err := unmarshalWith([]byte(doc), &got, func(p *[]guessU, d *jsonDecoder) { decSlice(p, d, (*guessU).decodeJSON) }); err != nil {
		t.Fatal(err)
	}
	if el := time.Since(start); el > 2*time.Second {
		t.Fatalf("%d unions with an escaped discriminator took %v", n, el)
	}
	if len(got) != n || got[n-1].Value.(*guessA).N != 1 {
		t.Fatalf("decoded %d", len(got))
	}
}
