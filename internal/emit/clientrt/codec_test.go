package clientrt

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode"
)

// The hand-written decoder and encoder against encoding/json, the oracle:
// the same documents accepted and rejected, the same values decoded (into
// fresh and into already filled values), the same bytes written.

// plainT is decoded and encoded by encoding/json; codecT, the same struct,
// by its generated-style methods, written the way the emitter writes them.
type plainT struct {
	ID   string           `json:"id"`
	Tags []string         `json:"tags"`
	N    *int64           `json:"n,omitempty"`
	F    float64          `json:"f"`
	B    *bool            `json:"b,omitempty"`
	I32  int32            `json:"i32"`
	M    map[string]int64 `json:"m"`
	Raw  json.RawMessage  `json:"raw"`
	Data []byte           `json:"data"`
	Kids []plainT         `json:"kids"`
	Kid  *plainT          `json:"kid,omitempty"`
	S    *string          `json:"s,omitempty"`
	When *time.Time       `json:"when,omitempty"`
	Opt  Nullable[string] `json:"opt,omitzero"`
	K    string           `json:"k"`
	Uni  string           `json:"ǆx"`
	Ints []int64          `json:"ints"`
}

type codecT plainT

func decPlainT(p *plainT, d *jsonDecoder) { (*codecT)(p).decodeJSON(d) }

func encPlainT(p *plainT, b []byte, e *jsonEncoder) []byte { return (*codecT)(p).encodeJSON(b, e) }

// codecNames are codecT's member names, sorted, as the generated table
// holds them.
var codecNames = []string{"b", "data", "f", "i32", "id", "ints", "k", "kid", "kids", "m", "n", "opt", "raw", "s", "tags", "when", "ǆx"}

func (v *codecT) decodeJSON(d *jsonDecoder) {
	for more := d.object(v); more; more = d.next() {
		switch d.field(codecNames) {
		case 0:
			decBoolPtr(&v.B, d)
		case 1:
			decBytes(&v.Data, d)
		case 2:
			decFloat(&v.F, d)
		case 3:
			decInt(&v.I32, d)
		case 4:
			decStr(&v.ID, d)
		case 5:
			decSlice(&v.Ints, d, decInt[int64])
		case 6:
			decStr(&v.K, d)
		case 7:
			if d.null() {
				v.Kid = nil
			} else {
				if v.Kid == nil {
					v.Kid = new(plainT)
				}
				decPlainT(v.Kid, d)
			}
		case 8:
			decSlice(&v.Kids, d, decPlainT)
		case 9:
			decMap(&v.M, d, decInt[int64])
		case 10:
			decIntPtr(&v.N, d)
		case 11:
			decNullable(&v.Opt, d, decStr[string])
		case 12:
			decRaw(&v.Raw, d)
		case 13:
			decStrPtr(&v.S, d)
		case 14:
			decSlice(&v.Tags, d, decStr[string])
		case 15:
			decTimePtr(&v.When, d)
		case 16:
			decStr(&v.Uni, d)
		default:
			d.skip()
		}
	}
}

func (v *codecT) encodeJSON(b []byte, e *jsonEncoder) []byte {
	b = e.open(b)
	b = e.key(b, `"id":`)
	b = encStr(b, v.ID, e)
	b = e.key(b, `"tags":`)
	b = encSlice(b, v.Tags, e, encStr[string])
	b = optional(b, e, `"n":`, v.N, encInt[int64])
	b = e.key(b, `"f":`)
	b = encFloat(b, v.F, e)
	b = optional(b, e, `"b":`, v.B, encBool[bool])
	b = e.key(b, `"i32":`)
	b = encInt(b, v.I32, e)
	b = e.key(b, `"m":`)
	b = encMap(b, v.M, e, encInt[int64])
	b = e.key(b, `"raw":`)
	b = encRaw(b, v.Raw, e)
	b = e.key(b, `"data":`)
	b = encBytes(b, v.Data, e)
	b = e.key(b, `"kids":`)
	b = encObjects(b, v.Kids, e, encPlainT)
	if v.Kid != nil {
		b = e.key(b, `"kid":`)
		b = encPlainT(v.Kid, b, e)
	}
	b = optional(b, e, `"s":`, v.S, encStr[string])
	b = optional(b, e, `"when":`, v.When, encTime)
	if !v.Opt.IsZero() {
		b = e.key(b, `"opt":`)
		b = encNullable(b, v.Opt, e, encStr[string])
	}
	b = e.key(b, `"k":`)
	b = encStr(b, v.K, e)
	b = e.key(b, `"ǆx":`)
	b = encStr(b, v.Uni, e)
	b = e.key(b, `"ints":`)
	b = encSlice(b, v.Ints, e, encInt[int64])
	return e.close(b)
}

// skipT has no fields: every member is skipped.
type skipT struct{}

func (v *skipT) decodeJSON(d *jsonDecoder) {
	for more := d.object(v); more; more = d.next() {
		d.skip()
	}
}

// prefilled is what values are decoded into besides their zero value, to
// see that null leaves them, slices are reused and maps added to.
const prefilled = `{"id":"prev","tags":["a","b","c"],"n":7,"f":1.5,"b":true,"i32":3,"m":{"k":1,"z":2},
	"raw":[1],"data":"AQI=","kids":[{"id":"k0","tags":["x"]},{"id":"k1","n":1}],"kid":{"id":"kid","kids":[]},
	"s":"sp","when":"2020-01-02T03:04:05Z","opt":"o","k":"kk","ǆx":"u","ints":[1,2,3,4,5]}`

// compare decodes data by encoding/json into the value init makes and by
// dec into another: both must fail or both give the same value.
func compare[T any](t *testing.T, what string, data []byte, init func() T, dec func(*T, *jsonDecoder)) (T, bool) {
	t.Helper()
	want, got := init(), init()
	werr := json.Unmarshal(data, &want)
	gerr := unmarshalWith(data, &got, dec)
	if gerr != nil {
		_ = gerr.Error() // it must not panic
	}
	if (werr == nil) != (gerr == nil) {
		t.Fatalf("%s: %q: encoding/json error %v, jsonDecoder error %v", what, data, werr, gerr)
	}
	sameKind(t, what, data, werr, gerr)
	if werr == nil && !reflect.DeepEqual(want, got) {
		t.Fatalf("%s: %q: encoding/json decodes\n%#v\njsonDecoder\n%#v", what, data, want, got)
	}
	return got, werr == nil
}

// sameKind: an error is of the kind encoding/json's is, a
// *json.SyntaxError (with its message and offset) or a
// *json.UnmarshalTypeError.
func sameKind(t *testing.T, what string, data []byte, werr, gerr error) {
	t.Helper()
	var wse, gse *json.SyntaxError
	if errors.As(werr, &wse) != errors.As(gerr, &gse) || wse != nil && (wse.Error() != gse.Error() || wse.Offset != gse.Offset) {
		t.Fatalf("%s: %q: encoding/json error %#v, jsonDecoder error %#v", what, data, werr, gerr)
	}
	var wte, gte *json.UnmarshalTypeError
	if errors.As(werr, &wte) != errors.As(gerr, &gte) {
		t.Fatalf("%s: %q: encoding/json error %#v, jsonDecoder error %#v", what, data, werr, gerr)
	}
}

// TestStrRun: the first byte at or after each offset that ends a plain
// run, as a byte at a time finds it, wherever it falls in a word.
func TestStrRun(t *testing.T) {
	stop := func(c byte, ascii bool) bool {
		return c == '"' || c == '\\' || c < 0x20 || ascii && c >= 0x80
	}
	for _, special := range []byte{'"', '\\', 0, 0x1f, 0x80, 0xc3, 0xff, ' ', 0x7f, '!', '#', '[', ']', 'a'} {
		for at := 0; at < 20; at++ {
			b := []byte(strings.Repeat("x", 20))
			b[at] = special
			for from := 0; from < len(b); from++ {
				for _, ascii := range []bool{false, true} {
					want := from
					for want < len(b) && !stop(b[want], ascii) {
						want++
					}
					if got := strRun(b, from, ascii); got != want {
						t.Fatalf("strRun(%q, %d, %v) = %d; want %d", b, from, ascii, got, want)
					}
				}
			}
		}
	}
}

func zero[T any]() T { var v T; return v }

func ptrTo[T any](v T) *T { return &v }

func checkString(t *testing.T, data []byte) {
	compare(t, "string", data, zero[string], decStr[string])
	compare(t, "string (filled)", data, func() string { return "prev" }, decStr[string])
	compare(t, "*string", data, zero[*string], decStrPtr)
	compare(t, "*string (filled)", data, func() *string { return ptrTo("prev") }, decStrPtr)
	compare(t, "*string by decPtr", data, zero[*string], func(p **string, d *jsonDecoder) { decPtr(p, d, decStr[string]) })
	compare(t, "[]byte", data, zero[[]byte], decBytes)
	compare(t, "[]byte (filled)", data, func() []byte { return []byte{9} }, decBytes)
}

func checkNumbers(t *testing.T, data []byte) {
	compare(t, "int64", data, zero[int64], decInt[int64])
	compare(t, "int64 (filled)", data, func() int64 { return -5 }, decInt[int64])
	compare(t, "int32", data, zero[int32], decInt[int32])
	compare(t, "*int64", data, func() *int64 { return ptrTo[int64](3) }, decIntPtr)
	compare(t, "bool", data, func() bool { return true }, decBool[bool])
	compare(t, "*bool", data, zero[*bool], decBoolPtr)
	// float64 by bits: DeepEqual has -0 equal to 0.
	var want, got float64 = 2.5, 2.5
	werr := json.Unmarshal(data, &want)
	gerr := unmarshalWith(data, &got, decFloat[float64])
	if (werr == nil) != (gerr == nil) {
		t.Fatalf("float64: %q: encoding/json error %v, jsonDecoder error %v", data, werr, gerr)
	}
	if werr == nil && math.Float64bits(want) != math.Float64bits(got) {
		t.Fatalf("float64: %q: encoding/json decodes %v, jsonDecoder %v", data, want, got)
	}
}

func checkRaw(t *testing.T, data []byte) {
	compare(t, "RawMessage", data, zero[json.RawMessage], decRaw)
	compare(t, "*RawMessage", data, zero[*json.RawMessage], func(p **json.RawMessage, d *jsonDecoder) { decPtr(p, d, decRaw) })
	compare(t, "time.Time", data, zero[time.Time], decTime)
	// Skipping checks as much as json.Valid does.
	d := jsonDecoder{data: data}
	d.space()
	d.skip()
	if err := d.finish(); (err == nil) != json.Valid(data) {
		t.Fatalf("skip: %q: json.Valid %v, jsonDecoder error %v", data, json.Valid(data), err)
	}
	for _, wrap := range []string{`{"x":%}`, `{"x":1,"y":%,"z":2}`, `[%]`, ` { "x" : % } `} {
		doc := []byte(strings.Replace(wrap, "%", string(data), 1))
		var want struct{}
		werr := json.Unmarshal(doc, &want)
		gerr := unmarshalJSON(doc, &skipT{})
		if (werr == nil) != (gerr == nil) {
			t.Fatalf("skip: %q: encoding/json error %v, jsonDecoder error %v", doc, werr, gerr)
		}
	}
}

func checkSliceMap(t *testing.T, data []byte) {
	filled := func() []string { return []string{"a", "b", "c", "d"}[:1] } // reused past its length
	compare(t, "[]string", data, zero[[]string], func(p *[]string, d *jsonDecoder) { decSlice(p, d, decStr[string]) })
	compare(t, "[]string (filled)", data, filled, func(p *[]string, d *jsonDecoder) { decSlice(p, d, decStr[string]) })
	compare(t, "[]int64", data, func() []int64 { return []int64{1, 2, 3} }, func(p *[]int64, d *jsonDecoder) { decSlice(p, d, decInt[int64]) })
	compare(t, "[]*string", data, func() []*string { return []*string{ptrTo("p")} }, func(p *[]*string, d *jsonDecoder) { decSlice(p, d, decStrPtr) })
	compare(t, "[][]string", data, func() [][]string { return [][]string{{"a", "b"}} }, func(p *[][]string, d *jsonDecoder) {
		decSlice(p, d, func(p *[]string, d *jsonDecoder) { decSlice(p, d, decStr[string]) })
	})
	compare(t, "map[string]string", data, zero[map[string]string], func(p *map[string]string, d *jsonDecoder) { decMap(p, d, decStr[string]) })
	compare(t, "map[string]string (filled)", data, func() map[string]string { return map[string]string{"a": "old", "q": "q"} },
		func(p *map[string]string, d *jsonDecoder) { decMap(p, d, decStr[string]) })
	compare(t, "map[string]*int64", data, zero[map[string]*int64], func(p *map[string]*int64, d *jsonDecoder) { decMap(p, d, decIntPtr) })
	compare(t, "map[string][]string", data, func() map[string][]string { return map[string][]string{"a": {"x", "y"}} },
		func(p *map[string][]string, d *jsonDecoder) {
			decMap(p, d, func(p *[]string, d *jsonDecoder) { decSlice(p, d, decStr[string]) })
		})
	compare(t, "[]RawMessage", data, zero[[]json.RawMessage], func(p *[]json.RawMessage, d *jsonDecoder) { decSlice(p, d, decRaw) })
	compare(t, "map[string]RawMessage", data, zero[map[string]json.RawMessage], func(p *map[string]json.RawMessage, d *jsonDecoder) { decMap(p, d, decRaw) })
	compare(t, "[]*time.Time", data, zero[[]*time.Time], func(p *[]*time.Time, d *jsonDecoder) { decSlice(p, d, decTimePtr) })
	compare(t, "[][]byte", data, func() [][]byte { return [][]byte{{1, 2, 3}} }, func(p *[][]byte, d *jsonDecoder) { decSlice(p, d, decBytes) })
	compare(t, "Nullable[string]", data, zero[Nullable[string]], func(p *Nullable[string], d *jsonDecoder) { decNullable(p, d, decStr[string]) })
	compare(t, "Nullable[[]int64]", data, zero[Nullable[[]int64]], func(p *Nullable[[]int64], d *jsonDecoder) {
		decNullable(p, d, func(p *[]int64, d *jsonDecoder) { decSlice(p, d, decInt[int64]) })
	})
}

func checkStruct(t *testing.T, data []byte) {
	for _, filled := range []bool{false, true} {
		init := func() plainT {
			var v plainT
			if filled {
				if err := json.Unmarshal([]byte(prefilled), &v); err != nil {
					panic(err)
				}
			}
			return v
		}
		want, got := init(), init()
		werr := json.Unmarshal(data, &want)
		gerr := unmarshalJSON(data, (*codecT)(&got))
		if (werr == nil) != (gerr == nil) {
			t.Fatalf("struct (filled %v): %q: encoding/json error %v, jsonDecoder error %v", filled, data, werr, gerr)
		}
		if werr != nil {
			continue
		}
		if !reflect.DeepEqual(want, got) {
			t.Fatalf("struct (filled %v): %q: encoding/json decodes\n%+v\njsonDecoder\n%+v", filled, data, want, got)
		}
		// Encoding what was decoded.
		wenc, werr := json.Marshal(&want)
		genc, gerr := marshalJSON((*codecT)(&got))
		if (werr == nil) != (gerr == nil) || !bytes.Equal(wenc, genc) {
			t.Fatalf("struct (filled %v): %q encodes by json.Marshal as\n%s (%v)\nby jsonEncoder as\n%s (%v)", filled, data, wenc, werr, genc, gerr)
		}
	}
}

func checkEncodeString(t *testing.T, s string) {
	want, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	if got := appendString([]byte("x"), s); !bytes.Equal(got[1:], want) {
		t.Fatalf("string %q: json.Marshal %s, appendString %s", s, want, got[1:])
	}
	m := map[string]string{s: s, "k" + s: ""}
	want, _ = json.Marshal(m)
	var e jsonEncoder
	if got := encMap(nil, m, &e, encStr[string]); !bytes.Equal(got, want) {
		t.Fatalf("map %q: json.Marshal %s, encMap %s", m, want, got)
	}
}

func checkEncodeFloat(t *testing.T, f float64) {
	want, werr := json.Marshal(f)
	var e jsonEncoder
	got := encFloat([]byte("["), f, &e)
	if (werr == nil) != (e.err == nil) || werr == nil && !bytes.Equal(got[1:], want) {
		t.Fatalf("float %v (%#x): json.Marshal %s (%v), encFloat %s (%v)", f, math.Float64bits(f), want, werr, got[1:], e.err)
	}
	n := int64(math.Float64bits(f))
	want, _ = json.Marshal(n)
	n32 := int32(n)
	want32, _ := json.Marshal(n32)
	got = encInt(encInt(nil, n, &e), n32, &e)
	if !bytes.Equal(got, append(want, want32...)) {
		t.Fatalf("ints %d %d: json.Marshal %s%s, encInt %s", n, n32, want, want32, got)
	}
}

func checkCompact(t *testing.T, data []byte) {
	for _, raw := range []json.RawMessage{data, nil} {
		want, werr := json.Marshal(raw)
		var e jsonEncoder
		got := encRaw([]byte("{"), raw, &e)
		if (werr == nil) != (e.err == nil) || werr == nil && !bytes.Equal(got[1:], want) {
			t.Fatalf("RawMessage %q: json.Marshal %s (%v), encRaw %s (%v)", raw, want, werr, got[1:], e.err)
		}
	}
	b := []byte(data)
	want, _ := json.Marshal(b)
	var e jsonEncoder
	if got := encBytes(nil, b, &e); !bytes.Equal(got, want) {
		t.Fatalf("[]byte %q: json.Marshal %s, encBytes %s", b, want, got)
	}
}

func checkEncodeTime(t *testing.T, sec, nsec int64, offset int32) {
	tm := time.Unix(sec, nsec).In(time.FixedZone("", int(offset%(100*3600))))
	want, werr := json.Marshal(tm)
	var e jsonEncoder
	got := encTime(nil, tm, &e)
	if (werr == nil) != (e.err == nil) || werr == nil && !bytes.Equal(got, want) {
		t.Fatalf("time %v: json.Marshal %s (%v), encTime %s (%v)", tm, want, werr, got, e.err)
	}
}

func nest(open, mid, close string, n int) string {
	return strings.Repeat(open, n) + mid + strings.Repeat(close, n)
}

// decodeSeeds are the nasty cases, every decoding check runs on each.
var decodeSeeds = []string{
	``, ` `, `null`, ` null `, `nul`, `nulll`, `true`, `false`, `tru`, `True`, `"x"`, `""`, ` "x" `, `"x"y`, `"x" "y"`,
	`"\u00e9\ud83d\ude00"`, `"\ud83d"`, `"\ude00"`, `"\ud83d\u0041"`, `"\ud83dx"`, `"\ud83d\ud83d\ude00"`, `"\uDEAD\uBEEF"`,
	`"\u12"`, `"\u12g4"`, `"\x"`, `"\'"`, `"\/\b\f\n\r\t\"\\"`, `"\u0000"`, "\"a\x00b\"", "\"a\x1fb\"", "\"\x7f\"",
	"\"\xff\"", "\"\xc3\"", "\"\xc3\xa9\"", "\"\xed\xa0\x80\"", "\"\xef\xbf\xbd\"", "\"\xe2\x80\xa8\"", `"\`, `"abc`, `"\"`,
	`0`, `-0`, `-0.0`, `01`, `-01`, `1.`, `.5`, `1e`, `1e+`, `1E-2`, `1e400`, `-1e400`, `1e-400`, `4.9e-324`, `1.7976931348623157e308`,
	`9007199254740993`, `-9007199254740993`, `9223372036854775807`, `9223372036854775808`, `-9223372036854775808`,
	`-9223372036854775809`, `2147483647`, `2147483648`, `-2147483648`, `-2147483649`, `1.0`, `1e2`, `100`, `-`, `+1`,
	`0x10`, `Infinity`, `NaN`, `1 2`, `1,`, `"AQID"`, `"AQI="`, `"AQI"`, `"A=="`, "\"AQ\nID\"", `"!!"`, `"\u0041QID"`,
	`[1,2,255]`, `[256]`, `[-1]`, `[]`, `[null]`, `[1,]`, `[,1]`, `[1 2]`, `[`, `]`, `[[]]`, `["a",null,"c"]`, `["a","b","c","d","e","f"]`,
	`[1,"a"]`, ` [ 1 , 2 ] `, "[\t1\n,\r2]", `{}`, `{"a":"b"}`, `{"a":null}`, `{"a":"b","a":"c"}`, `{"a":["x"],"a":["y","z"]}`,
	`{"a":1,}`, `{,}`, `{"a"}`, `{"a":}`, `{"a" "b"}`, `{"a":1 "b":2}`, `{1:2}`, `{"a":1}}`, `{"\u0061":"esc"}`, "{\"\xff\":1}",
	`{"a":{"b":[1,{"c":null}]}}`, `{"k":9223372036854775807,"z":null}`, `{"a":[null,["q"]]}`, `{"a":[]}`,
	`"2006-01-02T15:04:05Z"`, `"2006-01-02T15:04:05.999999999+07:00"`, `"2006-01-02"`, `"0000-01-01T00:00:00Z"`, `"2006-01-02T15:04:05+24:00"`,
	`{"id":"a","tags":["x"],"n":1}`, `{"ID":"up","Tags":null,"N":null}`, `{"id":"a","Id":"b","iD":"c"}`,
	`{"ſ":"long s","K":"kelvin","İd":"dotted","ıd":"dotless"}`, `{"Ǆx":"dz","ǅX":"Dz"}`, `{"i32":2147483648}`, `{"i32":-2147483648}`,
	`{"n":9007199254740993,"f":-0,"b":false,"m":{"a":1,"a":2,"b":null},"data":"AQI=","raw": [ 1 , "<" ] }`,
	`{"kids":[{"id":"x"},null,{}],"kid":null,"s":null,"when":null,"opt":null}`, `{"kids":[],"tags":[],"ints":[],"m":{}}`,
	`{"kid":{"kid":{"kid":{"id":"deep"}}}}`, `[null, [1] ,"AQI=",{"a" : 1}]`, `["2006-01-02T15:04:05Z",null]`, `[[1,null,3],[256]]`, `[[null,2]]`, `{"when":"2006-01-02T15:04:05Z","opt":"v","raw":null}`, `{"when":"bad"}`,
	`{"data":[1,2,3]}`, `{"data":null}`, `{"data":"AQI"}`, `{"tags":"x"}`, `{"n":"1"}`, `{"f":1e400}`, `{"n":1.5}`, `{"m":[]}`,
	`{"ints":[1,2],"ints":[null,null,null,null,null,null]}`, `{"tags":["p","q","r"],"tags":["x"],"tags":[null,null,null]}`,
	`{"kids":[{"id":"a","tags":["1","2"]}],"kids":[{"id":null,"tags":[null]}]}`, `{"x":{"y":[1,2,{"z":"\ud800"}]}}`,
	`{"x":tru}`, `{"x":"\q"}`, `{"x":[1,]}`, `{"x":1} x`, `{"x":1}{}`, ` {"id" : "a" , "tags" : [ "b" ] } `,
	`{"opt":"x","opt":null}`, `{"opt":null,"opt":"y"}`, `{"raw":{"a" : [1, 2]},"raw":"x"}`,
	nest("[", "", "]", 10000), nest("[", "", "]", 10001), nest("[", `"x"`, "]", 9999), nest(`{"a":`, "1", "}", 10000), nest(`{"a":`, "1", "}", 10001),
	`{"x":` + nest("[", "", "]", 9999) + `}`, `{"x":` + nest("[", "", "]", 10000) + `}`,
	`{"kids":[` + nest(`{"kid":`, "{}", "}", 9997) + `]}`, `{"kids":[` + nest(`{"kid":`, "{}", "}", 9998) + `]}`,
	// Strings longer than the eight bytes strRun looks at at once: the byte
	// that ends the plain run at each place in a word.
	`"` + strings.Repeat("a", 40) + "\xc3\xa9" + `"`, `"` + strings.Repeat("a", 40) + "\xff" + `"`, `"` + strings.Repeat("a", 41) + "\xed\xa0\x80b" + `"`,
	`"` + strings.Repeat("b", 9) + `\"` + strings.Repeat("c", 17) + `"`, `"` + strings.Repeat("d", 8) + `\\"`, `"` + strings.Repeat("e", 15) + "\x1f" + `x"`,
	`"` + strings.Repeat("f", 23) + `\u00e9` + strings.Repeat("g", 30) + `"`, `"` + strings.Repeat("h", 31) + "\x7f" + `"`, `"` + strings.Repeat("i", 16),
	`{"` + strings.Repeat("k", 20) + `":"` + strings.Repeat("v", 33) + `","id":"` + strings.Repeat("w", 8) + "\xf0\x9f\x98\x80" + `"}`,
	// Keys member reads itself (plain, up to 16 bytes) and the ones it
	// leaves to str.
	`{"` + strings.Repeat("k", 16) + `":1,"id":"a"}`, `{"` + strings.Repeat("k", 17) + `":1,"id":"a"}`, `{"i\u0064":"esc","k":"x"}`,
	"{\"i\x7fd\":1,\"id\":\"del\"}", "{\"\xc7\x86x\":\"uni\"}", "{\"i\x01\":1}", `{"id"  :  "a" , "k":"b"}`, `{"id"` + "\n:\t" + `"a"}`,
	`{"id":"a",` + "\r\n" + `"k":"b"}`, `{"id":"a",}`, `{"id":"a"`, `{"id"`, `{"id":`, `{"id"x:1}`, `{"` + strings.Repeat("k", 20),
	`{"m":{"a":` + nest("[", "", "]", 9998) + `}}`, `[` + nest(`{"a":`, "null", "}", 9999) + `]`, `[` + nest(`{"a":`, "null", "}", 10000) + `]`,
}

func TestDecodeCases(t *testing.T) {
	for _, s := range decodeSeeds {
		name := s
		if len(name) > 40 {
			name = name[:40]
		}
		t.Run(name, func(t *testing.T) {
			data := []byte(s)
			checkString(t, data)
			checkNumbers(t, data)
			checkRaw(t, data)
			checkSliceMap(t, data)
			checkStruct(t, data)
			checkCompact(t, data)
		})
	}
}

var encodeStringSeeds = []string{
	"", "plain", "<script>&</script>", "\u2028\u2029", "\b\f\n\r\t", "\x00\x01\x1f\x7f", `"\/`, "\xff", "\xc3", "\xed\xa0\x80",
	"é😀", "\ufffd", "a\xffb\xe2\x80", "\xe2\x80\xa8x", "ǅ",
}

var floatSeeds = []float64{
	0, math.Copysign(0, -1), 1, -1, 0.1, 1e-6, 9.999999e-7, 1e-7, 1e20, 1e21, 123456789e13, 1e100, -1e-100, 5e-324, math.MaxFloat64,
	math.SmallestNonzeroFloat64, 1 << 53, 1<<53 + 2, 0.000001234, math.Inf(1), math.Inf(-1), math.NaN(), 1e-10, 2.5e-8,
}

func TestEncodeCases(t *testing.T) {
	for _, s := range encodeStringSeeds {
		checkEncodeString(t, s)
	}
	for _, f := range floatSeeds {
		checkEncodeFloat(t, f)
	}
	for _, s := range decodeSeeds {
		checkCompact(t, []byte(s))
	}
	for _, tm := range [][3]int64{{0, 0, 0}, {1e9, 1, 3600}, {-62135596800, 0, -1}, {253402300799, 999999999, 0}, {253402300800, 0, 0}, {-62135596801, 0, 0}, {1e9, 5e8, -37800}} {
		checkEncodeTime(t, tm[0], tm[1], int32(tm[2]))
	}
}

func addDecodeSeeds(f *testing.F) {
	for _, s := range decodeSeeds {
		if len(s) < 1000 {
			f.Add([]byte(s))
		}
	}
}

func FuzzDecodeString(f *testing.F) {
	addDecodeSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) { checkString(t, data) })
}

func FuzzDecodeNumbers(f *testing.F) {
	addDecodeSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) { checkNumbers(t, data) })
}

func FuzzDecodeRaw(f *testing.F) {
	addDecodeSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) { checkRaw(t, data) })
}

func FuzzDecodeSliceMap(f *testing.F) {
	addDecodeSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) { checkSliceMap(t, data) })
}

func FuzzDecodeStruct(f *testing.F) {
	addDecodeSeeds(f)
	f.Add([]byte(prefilled))
	f.Fuzz(func(t *testing.T, data []byte) { checkStruct(t, data) })
}

func FuzzEncodeString(f *testing.F) {
	for _, s := range encodeStringSeeds {
		f.Add(s)
	}
	f.Fuzz(checkEncodeString)
}

func FuzzEncodeFloat(f *testing.F) {
	for _, x := range floatSeeds {
		f.Add(x)
	}
	f.Fuzz(checkEncodeFloat)
}

func FuzzCompact(f *testing.F) {
	addDecodeSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) { checkCompact(t, data) })
}

func FuzzEncodeTime(f *testing.F) {
	f.Add(int64(0), int64(0), int32(0))
	f.Add(int64(253402300800), int64(0), int32(0))
	f.Add(int64(1e9), int64(123456789), int32(-37800))
	f.Fuzz(checkEncodeTime)
}

// foldT has names whose runes have interesting case-folding orbits, in
// the order of their bytes, as generated structs have their fields (the
// first of two names a key folds to is the field declared first).
// Seventeen names, more than field searches in order, so it bisects them;
// foldSmallT has few enough to be searched in order.
type foldPlain struct {
	ID      string `json:"ID"`
	A1      string `json:"a1"`
	A2      string `json:"a2"`
	A3      string `json:"a3"`
	A4      string `json:"a4"`
	A5      string `json:"a5"`
	Id      string `json:"id"`
	K       string `json:"k"`
	S       string `json:"s"`
	Strase  string `json:"straße"`
	Micro   string `json:"µ"`
	Dotless string `json:"ı"`
	Dz      string `json:"ǆx"`
	Iota    string `json:"ΐ"`
	Ohm     string `json:"Ω"`
	Sigma   string `json:"σς"`
	Sharp   string `json:"ẞ"`
}

type foldT foldPlain

var foldNames = []string{"ID", "a1", "a2", "a3", "a4", "a5", "id", "k", "s", "straße", "µ", "ı", "ǆx", "ΐ", "Ω", "σς", "ẞ"}

func (v *foldT) decodeJSON(d *jsonDecoder) {
	fields := []*string{&v.ID, &v.A1, &v.A2, &v.A3, &v.A4, &v.A5, &v.Id, &v.K, &v.S, &v.Strase, &v.Micro, &v.Dotless, &v.Dz, &v.Iota, &v.Ohm, &v.Sigma, &v.Sharp}
	for more := d.object(v); more; more = d.next() {
		if i := d.field(foldNames); i >= 0 {
			decStr(fields[i], d)
		} else {
			d.skip()
		}
	}
}

type foldSmallPlain struct {
	ID string `json:"ID"`
	Id string `json:"id"`
	K  string `json:"k"`
	S  string `json:"s"`
}

type foldSmallT foldSmallPlain

var foldSmallNames = []string{"ID", "id", "k", "s"}

func (v *foldSmallT) decodeJSON(d *jsonDecoder) {
	fields := []*string{&v.ID, &v.Id, &v.K, &v.S}
	for more := d.object(v); more; more = d.next() {
		if i := d.field(foldSmallNames); i >= 0 {
			decStr(fields[i], d)
		} else {
			d.skip()
		}
	}
}

// foldVariants are s with each rune replaced by the others of its
// case-folding orbit, and some near misses.
func foldVariants(s string) []string {
	out := []string{""}
	for _, r := range s {
		orbit := []rune{r}
		for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
			orbit = append(orbit, f)
		}
		orbit = append(orbit, unicode.ToUpper(unicode.ToLower(r)), unicode.ToLower(unicode.ToUpper(r)), unicode.ToTitle(r))
		var next []string
		for _, p := range out {
			for _, o := range orbit {
				next = append(next, p+string(o))
			}
		}
		out = next
	}
	return append(out, strings.ToUpper(s), strings.ToLower(s), s+"x", s[:len(s)-1], "İ", "i", "I", "ss", "SS", "ſ", "K", "K")
}

func checkFold(t *testing.T, data []byte) {
	var want, got foldPlain
	werr := json.Unmarshal(data, &want)
	gerr := unmarshalJSON(data, (*foldT)(&got))
	if (werr == nil) != (gerr == nil) || werr == nil && want != got {
		t.Fatalf("%s: encoding/json %+v (%v), jsonDecoder %+v (%v)", data, want, werr, got, gerr)
	}
	var wantSmall, gotSmall foldSmallPlain
	werr = json.Unmarshal(data, &wantSmall)
	gerr = unmarshalJSON(data, (*foldSmallT)(&gotSmall))
	if (werr == nil) != (gerr == nil) || werr == nil && wantSmall != gotSmall {
		t.Fatalf("%s: encoding/json %+v (%v), jsonDecoder %+v (%v)", data, wantSmall, werr, gotSmall, gerr)
	}
}

func TestFoldKeys(t *testing.T) {
	var all []byte
	all = append(all, '{')
	n := 0
	for _, name := range foldNames {
		for _, k := range foldVariants(name) {
			key, _ := json.Marshal(k)
			checkFold(t, []byte(`{`+string(key)+`:"v"}`))
			if n > 0 {
				all = append(all, ',')
			}
			all = fmt.Appendf(all, `%s:"%d"`, key, n)
			n++
		}
	}
	all = append(all, '}')
	checkFold(t, all)
}

func FuzzFoldKeys(f *testing.F) {
	for _, name := range foldNames {
		for _, k := range foldVariants(name) {
			f.Add(k)
		}
	}
	f.Fuzz(func(t *testing.T, key string) {
		k, _ := json.Marshal(key)
		checkFold(t, []byte(`{`+string(k)+`:"v","id":"w",`+string(k)+`:"x"}`))
	})
}

// TestOwnSpanBlocks: raw values are copied into blocks of the decoder's
// own: each holds its bytes, no more capacity than length (an append to
// one cannot write over the next), and none shares the input.
func TestOwnSpanBlocks(t *testing.T) {
	var elems []string
	for i := range 300 {
		elems = append(elems, fmt.Sprintf(`{"k":%q}`, strings.Repeat("x", i%37)))
	}
	elems = append(elems, `"`+strings.Repeat("y", 3000)+`"`, `1`, `null`)
	data := []byte("[" + strings.Join(elems, ",") + "]")
	var got []json.RawMessage
	if err := unmarshalWith(data, &got, func(p *[]json.RawMessage, d *jsonDecoder) { decSlice(p, d, decRaw) }); err != nil {
		t.Fatal(err)
	}
	for i := range data {
		data[i] = '!'
	}
	if len(got) != len(elems) {
		t.Fatalf("%d values; want %d", len(got), len(elems))
	}
	for i, r := range got {
		if string(r) != elems[i] || cap(r) != len(r) {
			t.Fatalf("value %d: %q (cap %d); want %q", i, r, cap(r), elems[i])
		}
	}
	_ = append(got[0], "junk"...)
	if string(got[1]) != elems[1] {
		t.Fatalf("an append to one raw value changed the next: %q", got[1])
	}
}

func TestParseInt(t *testing.T) {
	for _, s := range []string{"0", "-0", "7", "-7", "1070002", "999999999999999999", "-999999999999999999",
		"1000000000000000000", "9223372036854775807", "-9223372036854775808", "9223372036854775808", "1.5", "1e2", "-", ""} {
		want, werr := strconv.ParseInt(s, 10, 64)
		got, gerr := parseInt(s)
		if got != want || (werr == nil) != (gerr == nil) {
			t.Errorf("parseInt(%q) = %d, %v; strconv says %d, %v", s, got, gerr, want, werr)
		}
	}
}

// TestFieldMemory: field's memory of where a key matched is only a first
// guess: tables of the same size with the key elsewhere, or not at all,
// or only by folding, still get their own answer.
func TestFieldMemory(t *testing.T) {
	a := []string{"id", "name", "type"}
	b := []string{"name", "type", "zz"}
	c := []string{"a", "b", "c"}
	f := []string{"NAME", "x", "y"}
	d := jsonDecoder{}
	for round := range 3 {
		for _, tc := range []struct {
			names  []string
			key    string
			want   int
			folded bool
		}{
			{a, "name", 1, false}, {b, "name", 0, false}, {c, "name", -1, false}, {f, "name", 0, true},
			{a, "type", 2, false}, {b, "type", 1, false}, {a, "Type", 2, true}, {b, "zz", 2, false}, {a, "zz", -1, false},
			{a, "", -1, false}, {b, "name", 0, false}, {f, "NAME", 0, false},
		} {
			d.key = tc.key
			if got := d.field(tc.names); got != tc.want || d.folded != tc.folded {
				t.Fatalf("round %d: field(%q) in %q = %d (folded %v); want %d (%v)", round, tc.key, tc.names, got, d.folded, tc.want, tc.folded)
			}
		}
	}
}
