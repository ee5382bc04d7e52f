package clientrt

import "testing"

// Code per type or tables? The generated decoders pick a field with a
// switch on the key, written out per type; the alternative is one table
// per type (key → setter) walked by shared code. This pair decodes the
// same node-attributes-like object both ways (go test -bench Dispatch);
// BENCHMARKS.md reports the ratio and the choice.

type dispatchT struct {
	Name, Type, Autocomplete, Label, Pattern, NodeType string
	Required, Disabled                                 *bool
	MaxLength                                          *int64
	Value                                              []byte
}

const dispatchDoc = `{"name":"identifier","type":"text","value":"ada@example.com","required":true,
"disabled":false,"autocomplete":"username webauthn","label":"ID","pattern":"^.+$",
"maxlength":64,"node_type":"input","unknown":{"a":[1,2,3]}}`

func (v *dispatchT) decodeSwitch(d *jsonDecoder) {
	for more := d.object(); more; more = d.next() {
	field:
		switch d.key {
		case "name":
			decStr(&v.Name, d)
		case "type":
			decStr(&v.Type, d)
		case "value":
			decRawBytes(&v.Value, d)
		case "required":
			decBoolPtr(&v.Required, d)
		case "disabled":
			decBoolPtr(&v.Disabled, d)
		case "autocomplete":
			decStr(&v.Autocomplete, d)
		case "label":
			decStr(&v.Label, d)
		case "pattern":
			decStr(&v.Pattern, d)
		case "maxlength":
			decIntPtr(&v.MaxLength, d)
		case "node_type":
			decStr(&v.NodeType, d)
		default:
			if d.refold(dispatchFold) {
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

// dispatchFold is refold's list, a constant in generated code.
var dispatchFold = foldList(dispatchNames...)

var dispatchNames = []string{"name", "type", "value", "required", "disabled", "autocomplete", "label", "pattern", "maxlength", "node_type"}

func (v *dispatchT) decodeTable(d *jsonDecoder) {
	for more := d.object(); more; more = d.next() {
		fn := dispatchTable[d.key]
		if fn == nil && d.refold(dispatchFold) {
			fn = dispatchTable[d.key]
		}
		if fn == nil {
			d.skip()
			continue
		}
		fn(v, d)
	}
}

func TestDispatchAgree(t *testing.T) {
	var a, b dispatchT
	d1 := jsonDecoder{data: []byte(dispatchDoc)}
	a.decodeSwitch(&d1)
	d2 := jsonDecoder{data: []byte(dispatchDoc)}
	b.decodeTable(&d2)
	if d1.finish() != nil || d2.finish() != nil || a.Name != b.Name || a.NodeType != "input" || b.NodeType != "input" || *a.MaxLength != *b.MaxLength || string(a.Value) != string(b.Value) {
		t.Fatalf("switch %+v (%v), table %+v (%v)", a, d1.err, b, d2.err)
	}
}

func BenchmarkDispatch(b *testing.B) {
	data := []byte(dispatchDoc)
	b.Run("switch", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			var v dispatchT
			d := jsonDecoder{data: data}
			v.decodeSwitch(&d)
			if d.finish() != nil {
				b.Fatal(d.err)
			}
		}
	})
	b.Run("table", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			var v dispatchT
			d := jsonDecoder{data: data}
			v.decodeTable(&d)
			if d.finish() != nil {
				b.Fatal(d.err)
			}
		}
	})
}
