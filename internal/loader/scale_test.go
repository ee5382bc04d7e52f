package loader

import (
	"fmt"
	"os"
	"strings"
	"testing"
)

// chainSpec is a spec of n component schemas A0…A(n-1) in a chain, of one
// of the shapes that were once superlinear to load: "alias" (Ai: {$ref:
// Ai+1}), "allOf" (Ai: {allOf: [{$ref: Ai+1}]}) or "property" (Ai has a
// property that is a $ref to Ai+1). The last is an object; GET /a returns
// A0.
func chainSpec(shape string, n int) string {
	var b strings.Builder
	b.WriteString(`{"openapi":"3.0.3","info":{"title":"t","version":"1"},"paths":{"/a":{"get":{"operationId":"getA","responses":{"200":{"description":"ok","content":{"application/json":{"schema":{"$ref":"#/components/schemas/A0"}}}}}}}},"components":{"schemas":{`)
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		next := fmt.Sprintf(`{"$ref":"#/components/schemas/A%d"}`, i+1)
		switch {
		case i == n-1:
			fmt.Fprintf(&b, `"A%d":{"type":"object","properties":{"x":{"type":"string"}}}`, i)
		case shape == "alias":
			fmt.Fprintf(&b, `"A%d":%s`, i, next)
		case shape == "allOf":
			fmt.Fprintf(&b, `"A%d":{"allOf":[%s]}`, i, next)
		case shape == "property":
			fmt.Fprintf(&b, `"A%d":{"type":"object","properties":{"next":%s}}`, i, next)
		}
	}
	b.WriteString("}}}\n")
	return b.String()
}

// TestLongChains loads each shape and checks that every link still leads
// where the spec says (an alias to the end of its chain, which is the
// same Go type). It asserts no timing; BenchmarkAliasChain measures.
func TestLongChains(t *testing.T) {
	for _, tc := range []struct {
		shape string
		n     int
	}{{"alias", 10000}, {"allOf", 3000}, {"property", 2000}} {
		t.Run(tc.shape, func(t *testing.T) {
			p := writeSpec(t, "spec.json", chainSpec(tc.shape, tc.n))
			s, err := Load(p, Options{Strict: true})
			if err != nil {
				t.Fatal(err)
			}
			schemas := s.Doc.Components.Schemas
			if len(schemas) != tc.n {
				t.Fatalf("%d schemas, want %d", len(schemas), tc.n)
			}
			last := schemas[fmt.Sprintf("A%d", tc.n-1)].Value
			for i := 0; i < tc.n-1; i++ {
				r := schemas[fmt.Sprintf("A%d", i)]
				switch tc.shape {
				case "alias":
					if r.Value != last {
						t.Fatalf("A%d does not resolve to A%d", i, tc.n-1)
					}
				case "allOf":
					if r.Value.AllOf[0].Value != schemas[fmt.Sprintf("A%d", i+1)].Value {
						t.Fatalf("A%d.allOf[0] is not A%d", i, i+1)
					}
				case "property":
					if r.Value.Properties["next"].Value != schemas[fmt.Sprintf("A%d", i+1)].Value {
						t.Fatalf("A%d.next is not A%d", i, i+1)
					}
				}
			}
		})
	}
}

func BenchmarkAliasChain(b *testing.B) {
	dir := b.TempDir()
	p := dir + "/spec.json"
	if err := writeFile(p, chainSpec("alias", 10000)); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := Load(p, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

func writeFile(p, text string) error { return os.WriteFile(p, []byte(text), 0o644) }
