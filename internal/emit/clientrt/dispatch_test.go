package clientrt

import (
	"reflect"
	"testing"
)

// How a generated decoder picks the field of a key. Three ways, decoding
// the same node-attributes-like object (go test -bench Dispatch):
//   - index: what orygen generates, a switch on the key's index in the
//     struct's sorted names (jsonDecoder.field), compiled to a jump table;
//   - string: a switch on the key itself, compiled to a search of string
//     comparisons written out in every decoder (orygen's first codecs);
//   - table: a map from key to a setter per field, walked by shared code.
//
// BENCHMARKS.md reports the ratios and the choice.

type dispatchT struct {
	Name, Type, Autocomplete, Label, Pattern, NodeType string
	Required, Disabled                                 *bool
	MaxLength                                          *int64
	Value                                              []byte
}

const dispatchDoc = `{"name":"identifier","type":"text","value":"ada@example.com","required":true,
"disabled":false,"autocomplete":"username webauthn","label":"ID","pattern":"^.+$",
"maxlength":64,"node_type":"input","unknown":{"a":[1,2,3]}}`

// dispatchNames are the member names, sorted, as the generated table has them.
var dispatchNames = []string{"autocomplete", "disabled", "label", "maxlength", "name", "node_type", "pattern", "required", "type", "value"}

func (v *dispatchT) decodeIndex(d *jsonDecoder) {
	for more := d.object(v); more; more = d.next() {
		switch d.field(dispatchNames) {
		case 0:
			decStr(&v.Autocomplete, d)
		case 1:
			decBoolPtr(&v.Disabled, d)
		case 2:
			decStr(&v.Label, d)
		case 3:
			decIntPtr(&v.MaxLength, d)
		case 4:
			decStr(&v.Name, d)
		case 5:
			decStr(&v.NodeType, d)
		case 6:
			decStr(&v.Pattern, d)
		case 7:
			decBoolPtr(&v.Required, d)
		case 8:
			decStr(&v.Type, d)
		case 9:
			decRawBytes(&v.Value, d)
		default:
			d.skip()
		}
	}
}

func (v *dispatchT) decodeString(d *jsonDecoder) {
	for more := d.object(v); more; more = d.next() {
	field:
		switch d.key {
		case "autocomplete":
			decStr(&v.Autocomplete, d)
		case "disabled":
			decBoolPtr(&v.Disabled, d)
		case "label":
			decStr(&v.Label, d)
		case "maxlength":
			decIntPtr(&v.MaxLength, d)
		case "name":
			decStr(&v.Name, d)
		case "node_type":
			decStr(&v.NodeType, d)
		case "pattern":
			decStr(&v.Pattern, d)
		case "required":
			decBoolPtr(&v.Required, d)
		case "type":
			decStr(&v.Type, d)
		case "value":
			decRawBytes(&v.Value, d)
		default:
			if i := d.field(dispatchNames); i >= 0 {
				d.key = dispatchNames[i]
				goto field
			}
			d.skip()
		}
	}
}

func decRawBytes(p *[]byte, d *jsonDecoder) {
	if v := d.ownSpan(); d.err == nil {
		*p = v
	}
}

// dispatchTable is what a table-driven codec would generate per type
// instead of the switch: one entry per field, shared walking code.
var dispatchTable = map[string]func(*dispatchT, *jsonDecoder){
	"name":         func(v *dispatchT, d *jsonDecoder) { decStr(&v.Name, d) },
	"type":         func(v *dispatchT, d *jsonDecoder) { decStr(&v.Type, d) },
	"value":        func(v *dispatchT, d *jsonDecoder) { decRawBytes(&v.Value, d) },
	"required":     func(v *dispatchT, d *jsonDecoder) { decBoolPtr(&v.Required, d) },
	"disabled":     func(v *dispatchT, d *jsonDecoder) { decBoolPtr(&v.Disabled, d) },
	"autocomplete": func(v *dispatchT, d *jsonDecoder) { decStr(&v.Autocomplete, d) },
	"label":        func(v *dispatchT, d *jsonDecoder) { decStr(&v.Label, d) },
	"pattern":      func(v *dispatchT, d *jsonDecoder) { decStr(&v.Pattern, d) },
	"maxlength":    func(v *dispatchT, d *jsonDecoder) { decIntPtr(&v.MaxLength, d) },
	"node_type":    func(v *dispatchT, d *jsonDecoder) { decStr(&v.NodeType, d) },
}

func (v *dispatchT) decodeTable(d *jsonDecoder) {
	for more := d.object(v); more; more = d.next() {
		fn := dispatchTable[d.key]
		if fn == nil {
			if i := d.field(dispatchNames); i >= 0 {
				fn = dispatchTable[dispatchNames[i]]
			}
		}
		if fn == nil {
			d.skip()
			continue
		}
		fn(v, d)
	}
}

var dispatchWays = []struct {
	name   string
	decode func(*dispatchT, *jsonDecoder)
}{
	{"index", (*dispatchT).decodeIndex},
	{"string", (*dispatchT).decodeString},
	{"table", (*dispatchT).decodeTable},
}

func TestDispatchAgree(t *testing.T) {
	docs := []string{dispatchDoc, `{"NAME":"a","Node_Type":"b","MaxLength":3,"nope":1}`}
	for _, doc := range docs {
		var first dispatchT
		for i, w := range dispatchWays {
			var v dispatchT
			d := jsonDecoder{data: []byte(doc)}
			w.decode(&v, &d)
			if err := d.finish(); err != nil {
				t.Fatalf("%s: %s: %v", w.name, doc, err)
			}
			if v.NodeType == "" || v.MaxLength == nil {
				t.Fatalf("%s: %s: decoded %+v", w.name, doc, v)
			}
			if i == 0 {
				first = v
				continue
			}
			if !reflect.DeepEqual(v, first) {
				t.Fatalf("%s: %s: %+v, index: %+v", w.name, doc, v, first)
			}
		}
	}
}

func BenchmarkDispatch(b *testing.B) {
	data := []byte(dispatchDoc)
	for _, w := range dispatchWays {
		b.Run(w.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				var v dispatchT
				d := jsonDecoder{data: data}
				w.decode(&v, &d)
				if d.finish() != nil {
					b.Fatal(d.err)
				}
			}
		})
	}
}
