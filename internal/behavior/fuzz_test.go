package behavior

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	zoo "github.com/orygen/orygen/testdata/golden/features"
	kratos "github.com/orygen/orygen/testdata/golden/kratos-v1.3.1"
)

// unionSeeds are the union-typed objects in the recorded Kratos responses:
// every ui node's attributes and every continue_with entry.
func unionSeeds(f *testing.F) {
	files, _ := filepath.Glob("../../../shared/kratos/samples/*.json")
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			continue
		}
		var doc struct {
			UI struct {
				Nodes []struct {
					Attributes json.RawMessage `json:"attributes"`
				} `json:"nodes"`
			} `json:"ui"`
			ContinueWith []json.RawMessage `json:"continue_with"`
		}
		if json.Unmarshal(data, &doc) != nil {
			continue
		}
		for _, n := range doc.UI.Nodes {
			f.Add([]byte(n.Attributes))
		}
		for _, c := range doc.ContinueWith {
			f.Add([]byte(c))
		}
	}
	for _, s := range []string{`{"kind":"meat","kg_per_day":1}`, `"x"`, `[1]`, `{"vat_id":"v"}`, `null`, `{}`, `{"node_type":"\u0069nput"}`} {
		f.Add([]byte(s))
	}
}

// FuzzUnions: whatever the input, decoding never panics, and what decodes
// re-encodes to JSON that decodes to the same encoding again.
func FuzzUnions(f *testing.F) {
	unionSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, mk := range []func() any{
			func() any { return new(kratos.UINodeAttributes) },
			func() any { return new(kratos.ContinueWith) },
			func() any { return new(kratos.UpdateLoginFlowBody) },
			func() any { return new(zoo.Diet) },
			func() any { return new(zoo.Sponsor) },
			func() any { return new(zoo.VisitLog) },
			func() any { return new(zoo.UpdateRotaBody) },
		} {
			v := mk()
			if json.Unmarshal(data, v) != nil {
				continue
			}
			b1, err := json.Marshal(v)
			if err != nil {
				t.Fatalf("%T decoded %q but does not encode: %v", v, data, err)
			}
			w := mk()
			if err := json.Unmarshal(b1, w); err != nil {
				t.Fatalf("%T: re-decoding %s: %v", v, b1, err)
			}
			b2, err := json.Marshal(w)
			if err != nil || !bytes.Equal(b1, b2) {
				t.Fatalf("%T: unstable: %s then %s (%v)", v, b1, b2, err)
			}
		}
	})
}
