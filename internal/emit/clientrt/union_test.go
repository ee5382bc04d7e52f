package clientrt

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestDiscriminatorValue(t *testing.T) {
	deep := func(n int) string {
		return `{"a":` + strings.Repeat("[", n) + strings.Repeat("]", n) + `,"type":"x"}`
	}
	tests := []struct {
		name string
		in   string
		key  string
		want string
		// err: "" means success, "missing" means errNoDiscriminator, any
		// other value is a substring of the error (or "any").
		err string
	}{
		{name: "only", in: `{"type":"a"}`, key: "type", want: "a"},
		{name: "first", in: `{"type":"a","x":1,"y":"z"}`, key: "type", want: "a"},
		{name: "middle", in: `{"x":1,"type":"b","y":[1,2]}`, key: "type", want: "b"},
		{name: "last", in: `{"x":{"y":2},"z":null,"type":"c"}`, key: "type", want: "c"},
		{name: "empty value", in: `{"type":""}`, key: "type", want: ""},
		{name: "empty key", in: `{"":"e","type":"f"}`, key: "", want: "e"},
		{name: "nested object has key", in: `{"inner":{"type":"wrong"},"type":"right"}`, key: "type", want: "right"},
		{name: "nested only", in: `{"inner":{"type":"wrong"}}`, key: "type", err: "missing"},
		{name: "array of objects has key", in: `{"list":[{"type":"wrong"},"type"],"type":"right"}`, key: "type", want: "right"},
		{name: "string value contains key", in: `{"note":"\"type\":\"wrong\"","type":"right"}`, key: "type", want: "right"},
		{name: "string value contains braces", in: `{"note":"}{][,:","type":"right"}`, key: "type", want: "right"},
		{name: "braces before key", in: `{"a":{},"b":[],"c":{"d":[{}]},"type":"right"}`, key: "type", want: "right"},
		{name: "string ends with escaped backslash", in: `{"a":"x\\","type":"right"}`, key: "type", want: "right"},
		{name: "escaped key", in: `{"\u0074ype":"a"}`, key: "type", want: "a"},
		{name: "escaped key upper hex", in: `{"\u0054\u0059PE":"a"}`, key: "TYPE", want: "a"},
		{name: "escaped value", in: `{"type":"\u0041\"b\\\/\n"}`, key: "type", want: "A\"b\\/\n"},
		{name: "escaped surrogate pair", in: `{"type":"\ud83d\ude00"}`, key: "type", want: "😀"},
		{name: "key with quote", in: `{"a\"b":"v"}`, key: `a"b`, want: "v"},
		{name: "unicode key and value", in: `{"tÿpe":"wert ✓"}`, key: "tÿpe", want: "wert ✓"},
		{name: "key is case sensitive", in: `{"Type":"a"}`, key: "type", err: "missing"},
		{name: "whitespace everywhere", in: " \t\r\n{ \n\"x\" \t: \r[ 1 , { } ] ,\n \"type\" \t:\n \"w\" \r\n} \n", key: "type", want: "w"},
		{name: "numbers of every form", in: `{"a":-0.5e+10,"b":0,"c":1E-2,"d":-12,"type":"n"}`, key: "type", want: "n"},
		{name: "literals", in: `{"a":true,"b":false,"c":null,"type":"l"}`, key: "type", want: "l"},
		{name: "duplicate key takes last like encoding/json", in: `{"type":"first","type":"last"}`, key: "type", want: "last"},
		{name: "duplicate key last not string", in: `{"type":"first","type":1}`, key: "type", err: "must be a string"},
		{name: "duplicate key last string", in: `{"type":1,"type":"last"}`, key: "type", want: "last"},
		{name: "invalid utf8 value like encoding/json", in: "{\"type\":\"a\xffb\"}", key: "type", want: "a\ufffdb"},
		{name: "invalid utf8 key like encoding/json", in: "{\"\xff\":\"v\"}", key: "\ufffd", want: "v"},
		{name: "deep but allowed", in: deep(9999), key: "type", want: "x"},

		{name: "empty object", in: `{}`, key: "type", err: "missing"},
		{name: "empty object with space", in: ` { } `, key: "type", err: "missing"},
		{name: "missing", in: `{"a":"type","b":{"type":"x"}}`, key: "type", err: "missing"},

		{name: "number discriminator", in: `{"type":1}`, key: "type", err: "must be a string, got a number"},
		{name: "null discriminator", in: `{"type":null}`, key: "type", err: "must be a string, got null"},
		{name: "bool discriminator", in: `{"type":true}`, key: "type", err: "must be a string, got a boolean"},
		{name: "object discriminator", in: `{"type":{"a":"b"}}`, key: "type", err: "must be a string, got an object"},
		{name: "array discriminator", in: `{"type":["a"]}`, key: "type", err: "must be a string, got an array"},

		{name: "array", in: `[{"type":"a"}]`, key: "type", err: "got an array"},
		{name: "string", in: `"type"`, key: "type", err: "got a string"},
		{name: "number", in: `42`, key: "type", err: "got a number"},
		{name: "null", in: `null`, key: "type", err: "got null"},
		{name: "bool", in: `false`, key: "type", err: "got a boolean"},
		{name: "empty", in: ``, key: "type", err: "got end of input"},
		{name: "only space", in: " \n\t", key: "type", err: "got end of input"},
		{name: "garbage", in: `<html>`, key: "type", err: "invalid JSON"},

		{name: "truncated after brace", in: `{`, key: "type", err: "any"},
		{name: "truncated in key", in: `{"ty`, key: "type", err: "any"},
		{name: "truncated after key", in: `{"type"`, key: "type", err: "any"},
		{name: "truncated after colon", in: `{"type":`, key: "type", err: "any"},
		{name: "truncated in value", in: `{"type":"ab`, key: "type", err: "any"},
		{name: "truncated after value", in: `{"type":"ab"`, key: "type", err: "any"},
		{name: "truncated after comma", in: `{"type":"ab",`, key: "type", err: "any"},
		{name: "truncated in later member", in: `{"type":"ab","x":[1,2`, key: "type", err: "any"},
		{name: "truncated in escape", in: `{"type":"ab\`, key: "type", err: "any"},
		{name: "truncated nested before key", in: `{"a":{"b":[1,`, key: "type", err: "any"},
		{name: "trailing garbage", in: `{"type":"a"} x`, key: "type", err: "any"},
		{name: "two objects", in: `{"type":"a"}{}`, key: "type", err: "any"},
		{name: "trailing comma", in: `{"type":"a",}`, key: "type", err: "any"},
		{name: "leading comma", in: `{,"type":"a"}`, key: "type", err: "any"},
		{name: "missing comma", in: `{"x":1 "type":"a"}`, key: "type", err: "any"},
		{name: "missing colon", in: `{"type" "a"}`, key: "type", err: "any"},
		{name: "unquoted key", in: `{type:"a"}`, key: "type", err: "any"},
		{name: "single quotes", in: `{'type':'a'}`, key: "type", err: "any"},
		{name: "bad literal before", in: `{"x":tru,"type":"a"}`, key: "type", err: "any"},
		{name: "bad literal after", in: `{"type":"a","x":nul}`, key: "type", err: "any"},
		{name: "bad number", in: `{"x":01,"type":"a"}`, key: "type", err: "any"},
		{name: "bad number exponent", in: `{"type":"a","x":1e}`, key: "type", err: "any"},
		{name: "bad number fraction", in: `{"type":"a","x":1.}`, key: "type", err: "any"},
		{name: "plus number", in: `{"type":"a","x":+1}`, key: "type", err: "any"},
		{name: "literal glued to string", in: `{"x":1"y","type":"a"}`, key: "type", err: "any"},
		{name: "bad escape in value", in: `{"type":"\x"}`, key: "type", err: "any"},
		{name: "bad unicode escape", in: `{"type":"\u00zz"}`, key: "type", err: "any"},
		{name: "bad escape after", in: `{"type":"a","x":"\q"}`, key: "type", err: "any"},
		{name: "control char in value", in: "{\"type\":\"a\nb\"}", key: "type", err: "any"},
		{name: "control char in key", in: "{\"ty\tpe\":\"a\"}", key: "ty\tpe", err: "any"},
		{name: "mismatched brackets", in: `{"x":[1},"type":"a"}`, key: "type", err: "any"},
		{name: "too deep", in: deep(10000), key: "type", err: "nested too deeply"},
		{name: "far too deep", in: `{"a":` + strings.Repeat("[", 100000), key: "type", err: "any"},
		{name: "byte order mark", in: "\xef\xbb\xbf{\"type\":\"a\"}", key: "type", err: "any"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := discriminatorValue([]byte(tt.in), tt.key)
			switch tt.err {
			case "":
				if err != nil || got != tt.want {
					t.Fatalf("discriminatorValue(%.60q, %q) = %q, %v; want %q", tt.in, tt.key, got, err, tt.want)
				}
			case "missing":
				if !errors.Is(err, errNoDiscriminator) {
					t.Fatalf("discriminatorValue(%.60q, %q) = %q, %v; want errNoDiscriminator", tt.in, tt.key, got, err)
				}
			default:
				if err == nil {
					t.Fatalf("discriminatorValue(%.60q, %q) = %q, nil; want an error", tt.in, tt.key, got)
				}
				if errors.Is(err, errNoDiscriminator) {
					t.Fatalf("discriminatorValue(%.60q, %q): got errNoDiscriminator, want another error", tt.in, tt.key)
				}
				if tt.err != "any" && !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("discriminatorValue(%.60q, %q) error %q, want it to contain %q", tt.in, tt.key, err, tt.err)
				}
			}
			// Whatever the scanner says must be what encoding/json says.
			checkDiscriminatorAgainstJSON(t, []byte(tt.in), tt.key, got, err)
		})
	}
}

// jsonDiscriminator is the oracle: what encoding/json makes of data. It
// reports errNoDiscriminator for an object without key, and another error
// for invalid JSON, a non-object or a non-string value.
func jsonDiscriminator(data []byte, key string) (string, error) {
	if !json.Valid(data) {
		return "", errors.New("invalid JSON")
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(data, &m); err != nil || m == nil {
		return "", errors.New("not an object")
	}
	raw, ok := m[key]
	if !ok {
		return "", errNoDiscriminator
	}
	var s string
	if len(raw) == 0 || raw[0] != '"' {
		return "", errors.New("not a string")
	}
	if err := json.Unmarshal(raw, &s); err != nil {
		return "", err
	}
	return s, nil
}

// checkDiscriminatorAgainstJSON fails t unless got, err from
// discriminatorValue(data, key) agree with encoding/json. encoding/json
// takes the last of duplicate keys, and so does the scanner.
func checkDiscriminatorAgainstJSON(t *testing.T, data []byte, key, got string, err error) {
	t.Helper()
	want, wantErr := jsonDiscriminator(data, key)
	switch {
	case wantErr == nil:
		if err != nil || got != want {
			t.Fatalf("discriminatorValue(%.80q, %q) = %q, %v; encoding/json says %q", data, key, got, err, want)
		}
	case errors.Is(wantErr, errNoDiscriminator):
		if !errors.Is(err, errNoDiscriminator) {
			t.Fatalf("discriminatorValue(%.80q, %q) = %q, %v; encoding/json finds no such key", data, key, got, err)
		}
	default:
		if err == nil || errors.Is(err, errNoDiscriminator) {
			t.Fatalf("discriminatorValue(%.80q, %q) = %q, %v; encoding/json says %v", data, key, got, err, wantErr)
		}
	}
}

func TestDiscriminatorValueKratosSamples(t *testing.T) {
	samples := kratosSamples(t)
	if len(samples) == 0 {
		t.Skip("no Kratos samples in " + kratosSamplesDir)
	}
	objects := 0
	for _, sm := range samples {
		name, data := sm.name, sm.data
		eachObject(data, func(obj []byte, keys []string) {
			objects++
			for _, k := range append(keys, "no such key", "node_type") {
				got, err := discriminatorValue(obj, k)
				t.Run(name, func(t *testing.T) { checkDiscriminatorAgainstJSON(t, obj, k, got, err) })
			}
		})
	}
	if objects < 100 {
		t.Fatalf("only %d objects in the Kratos samples; the walk is broken", objects)
	}
}

func FuzzDiscriminator(f *testing.F) {
	for _, s := range []struct{ data, key string }{
		{`{"type":"a"}`, "type"},
		{`{"x":1,"type":"b"}`, "type"},
		{`{"x":{"type":"no"},"type":"yes"}`, "type"},
		{`{"\u0074ype":"\u0041"}`, "type"},
		{`{"type":1}`, "type"},
		{`{"type":"a","type":"b"}`, "type"},
		{`{}`, "type"},
		{`[]`, "type"},
		{`null`, "type"},
		{`{"type":"a`, "type"},
		{"{\"\xff\":\"\xfe\"}", "\ufffd"},
		{` { "a" : [ 1.5e3 , true , null ] , "node_type" : "input" } `, "node_type"},
	} {
		f.Add([]byte(s.data), s.key)
	}
	// Real responses: every object in them, with each discriminator-like
	// property of it as the key.
	seen := map[string]bool{}
	for _, sm := range kratosSamples(f) {
		data := sm.data
		f.Add(data, "node_type")
		eachObject(data, func(obj []byte, keys []string) {
			for _, k := range keys {
				if (k == "type" || k == "node_type" || k == "id") && !seen[string(obj)+"\x00"+k] && len(seen) < 300 {
					seen[string(obj)+"\x00"+k] = true
					f.Add(obj, k)
				}
			}
		})
	}
	f.Fuzz(func(t *testing.T, data []byte, key string) {
		got, err := discriminatorValue(data, key)
		checkDiscriminatorAgainstJSON(t, data, key, got, err)
	})
}

func TestMarshalVariant(t *testing.T) {
	type variant struct {
		Name  string            `json:"name"`
		Count int               `json:"count,omitempty"`
		Tags  map[string]string `json:"tags,omitempty"`
	}
	tests := []struct {
		name       string
		key, value string
		v          any
		want       string
	}{
		{"fields", "type", "a", variant{Name: "n", Count: 2}, `{"type":"a","name":"n","count":2}`},
		{"pointer", "type", "a", &variant{Name: "n"}, `{"type":"a","name":"n"}`},
		{"empty struct", "type", "empty", struct{}{}, `{"type":"empty"}`},
		{"empty map", "node_type", "x", map[string]int{}, `{"node_type":"x"}`},
		{"escaping", "ty\"pe", "a\\b\n<&>\u2028", variant{Name: "q\"\x01", Tags: map[string]string{"k\"": "v\\"}},
			`{"ty\"pe":"a\\b\n\u003c\u0026\u003e\u2028","name":"q\"\u0001","tags":{"k\"":"v\\"}}`},
		{"unicode", "typ", "wert ✓", map[string]string{"ü": "ß"}, `{"typ":"wert ✓","ü":"ß"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := marshalVariant(tt.key, tt.value, tt.v)
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tt.want {
				t.Fatalf("marshalVariant = %s\nwant           %s", got, tt.want)
			}
			if !json.Valid(got) {
				t.Fatalf("marshalVariant = %s: not valid JSON", got)
			}
			if !bytes.HasPrefix(got, append([]byte("{"), mustJSON(t, tt.key)...)) {
				t.Fatalf("marshalVariant = %s: discriminator is not first", got)
			}
			d, err := discriminatorValue(got, tt.key)
			if err != nil || d != tt.value {
				t.Fatalf("discriminatorValue of marshalVariant output = %q, %v; want %q", d, err, tt.value)
			}
		})
	}
	for _, v := range []any{nil, 1, "s", []int{1}, json.RawMessage(`[]`), (*struct{})(nil)} {
		if got, err := marshalVariant("type", "a", v); err == nil {
			t.Errorf("marshalVariant(%#v) = %s, nil; want an error for a non-object", v, got)
		}
	}
	if _, err := marshalVariant("type", "a", func() {}); err == nil {
		t.Error("marshalVariant of a func: want the json.Marshal error")
	}
}

func mustJSON(t testing.TB, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestIsJSONNull(t *testing.T) {
	for in, want := range map[string]bool{
		"null":         true,
		" null":        true,
		"null \n\t\r":  true,
		"\n null \n":   true,
		"":             false,
		" ":            false,
		"nul":          false,
		"nulll":        false,
		"null x":       false,
		"Null":         false,
		"NULL":         false,
		`"null"`:       false,
		"[null]":       false,
		"{}":           false,
		"0":            false,
		"false":        false,
		"null,":        false,
		"\x00null":     false,
		"null\x00":     false,
		"\u00a0null":   false,
		"nullnull":     false,
		"n":            false,
		"null null":    false,
		"  \t  null  ": true,
	} {
		if got := isJSONNull([]byte(in)); got != want {
			t.Errorf("isJSONNull(%q) = %v, want %v", in, got, want)
		}
		if want && !utf8.ValidString(in) {
			t.Errorf("bad test input %q", in)
		}
	}
	if isJSONNull(nil) {
		t.Error("isJSONNull(nil) = true")
	}
}

// decoderDiscriminator runs the decoder's discriminator on data, one
// document, as a generated union does, reading the object afterwards (as
// the variant would, here by skipping it): the tag, and finish's error.
func decoderDiscriminator(data []byte, key string) (string, error) {
	d := jsonDecoder{data: data}
	d.space()
	start := d.i
	tag, ok := d.discriminator(key)
	if ok {
		if d.i != start {
			return "", fmt.Errorf("discriminator moved the decoder from %d to %d", start, d.i)
		}
		d.skip()
	}
	return tag, d.finish()
}

// checkDecoderDiscriminator: the decoder's discriminator, whose look for
// the key checks nothing, finds what the checking scanner finds in every
// valid document, and every invalid one fails with encoding/json's
// *json.SyntaxError.
func checkDecoderDiscriminator(t *testing.T, data []byte, key string) {
	t.Helper()
	got, err := decoderDiscriminator(data, key)
	if !json.Valid(data) {
		var se *json.SyntaxError
		if !errors.As(err, &se) {
			t.Fatalf("discriminator(%.80q, %q) = %q, %v on invalid JSON; want a *json.SyntaxError", data, key, got, err)
		}
		return
	}
	want, wantErr := discriminatorValue(data, key)
	if fmt.Sprint(err) != fmt.Sprint(wantErr) || err == nil && got != want {
		t.Fatalf("discriminator(%.80q, %q) = %q, %v; the scanner says %q, %v", data, key, got, err, want, wantErr)
	}
}

var decoderDiscriminatorSeeds = []struct{ data, key string }{
	{`{"node_type":"input","name":"a"}`, "node_type"},                                                // first
	{`{"name":"a","value":"x","node_type":"input"}`, "node_type"},                                    // last
	{`{"name":"a\"node_type\":\"no","node_type":"yes"}`, "node_type"},                                // an escaped quote before it
	{`{"name":"a\\","node_type":"yes"}`, "node_type"},                                                // an escaped backslash ending a value
	{`{"x":{"node_type":"no"},"y":["node_type",{"node_type":"no"}],"node_type":"yes"}`, "node_type"}, // nested ones are not it
	{`{"x":"node_type","node_type":"yes"}`, "node_type"},                                             // a value equal to the key
	{`{"node_type":"a","node_type":"b"}`, "node_type"},                                               // the last wins
	{`{"node\u005ftype":"esc"}`, "node_type"},                                                        // an escaped key
	{`{"node_typ\u0065":"\u0041\ud83d\ude00"}`, "node_type"},                                         // escaped key and value
	{"{\"\xff\":\"x\"}", "\ufffd"},                                                                   // a key with invalid UTF-8
	{"{\"k\":\"a\xffb\"}", "k"},                                                                      // a value with invalid UTF-8, replaced
	{`{"Node_Type":"folded"}`, "node_type"},                                                          // no case folding for the tag
	{` { "a" : [ 1.5e3 , true , null ] , "node_type" : "input" } `, "node_type"},
	{`{"node_type":1}`, "node_type"},
	{`{"node_type":null}`, "node_type"},
	{`{"node_type":{}}`, "node_type"},
	{`{}`, "node_type"},
	{`[]`, "node_type"},
	{`"node_type"`, "node_type"},
	{`{"node_type":"a"`, "node_type"},
	{`{"node_type":"a",}`, "node_type"},
	{`{"node_type":"a" "b":1}`, "node_type"},
	{`{"node_type":`, "node_type"},
	{`{"node_type":"a\q"}`, "node_type"},
	{`{"x":"\u12"} `, "node_type"},
	{`{"node_type":"a"}]`, "node_type"},
	{`{"x":[}],"node_type":"a"}`, "node_type"},
	{`{"x":"` + "\x01" + `","node_type":"a"}`, "node_type"},
	{`{"node_type":"a"} x`, "node_type"},
}

func TestDecoderDiscriminator(t *testing.T) {
	for _, s := range decoderDiscriminatorSeeds {
		checkDecoderDiscriminator(t, []byte(s.data), s.key)
	}
	// Exact results, so that a broken oracle cannot hide a broken look.
	for _, c := range []struct{ data, want string }{
		{`{"node_type":"input","name":"a"}`, "input"},
		{`{"name":"a","value":"x","node_type":"input"}`, "input"},
		{`{"name":"a\"node_type\":\"no","node_type":"yes"}`, "yes"},
		{`{"name":"a\\","node_type":"yes"}`, "yes"},
		{`{"x":{"node_type":"no"},"y":["node_type",{"node_type":"no"}],"node_type":"yes"}`, "yes"},
		{`{"node_type":"a","node_type":"b"}`, "b"},
		{`{"node\u005ftype":"esc"}`, "esc"},
		{`{"node_type":"\u0041\ud83d\ude00"}`, "A\U0001F600"},
		{"{\"node_type\":\"a\xffb\"}", "a\ufffdb"},
	} {
		got, err := decoderDiscriminator([]byte(c.data), "node_type")
		if err != nil || got != c.want {
			t.Errorf("discriminator(%q) = %q, %v; want %q", c.data, got, err, c.want)
		}
	}
	for _, c := range []struct{ data, want string }{
		{`{"Node_Type":"folded"}`, errNoDiscriminator.Error()},
		{`{"node_type":1}`, `discriminator "node_type" must be a string, got a number`},
		{`[]`, `expected a JSON object, got an array`},
	} {
		if _, err := decoderDiscriminator([]byte(c.data), "node_type"); fmt.Sprint(err) != c.want {
			t.Errorf("discriminator(%q): error %v; want %s", c.data, err, c.want)
		}
	}
}

func FuzzDecoderDiscriminator(f *testing.F) {
	for _, s := range decoderDiscriminatorSeeds {
		f.Add([]byte(s.data), s.key)
	}
	for _, sm := range kratosSamples(f) {
		f.Add(sm.data, "node_type")
	}
	f.Fuzz(checkDecoderDiscriminator)
}

func TestDecoderNumberDiscriminator(t *testing.T) {
	for _, c := range []struct{ data, want, err string }{
		{`{"kind":7,"x":"a"}`, "7", ""},
		{`{"x":"a","kind":-12}`, "-12", ""},
		{`{"kind":1,"kind":2}`, "2", ""},
		{`{"kind":1.5}`, "", `discriminator "kind" must be an integer, got a number`},
		{`{"kind":"7"}`, "", `discriminator "kind" must be an integer, got a string`},
		{`{"kind":99999999999999999999}`, "", `discriminator "kind" must be an integer, got a number`},
		{`{"x":1}`, "", errNoDiscriminator.Error()},
	} {
		d := jsonDecoder{data: []byte(c.data)}
		got, ok := d.numberDiscriminator("kind")
		if ok {
			d.skip()
		}
		err := d.finish()
		if got != c.want || fmt.Sprint(err) != cmp.Or(c.err, "<nil>") {
			t.Errorf("numberDiscriminator(%s) = %q, %v; want %q, %s", c.data, got, err, c.want, c.err)
		}
	}
}
