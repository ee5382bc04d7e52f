package behavior

import (
	"encoding/json"
	"testing"

	features "github.com/orygen/orygen/testdata/golden/features"
)

// TestVariantKeepsOtherDiscriminators: Herbivore is a variant of Diet (by
// kind) and of NextStep (by action). Each union writes its own
// discriminator and the variant keeps the other one as an undeclared
// member, so neither is lost; decoded on its own, it keeps both. Before,
// the variant skipped every union's discriminator, so a NextStep lost
// its kind.
func TestVariantKeepsOtherDiscriminators(t *testing.T) {
	const in = `{"action":"graze","kind":"plants","plants":["clover"]}`
	for _, c := range []struct {
		name string
		v    any
		want string
	}{
		{"next step", new(features.NextStep), `{"action":"graze","plants":["clover"],"kind":"plants"}`},
		{"diet", new(features.Diet), `{"kind":"plants","plants":["clover"],"action":"graze"}`},
		{"on its own", new(features.Herbivore), `{"plants":["clover"],"action":"graze","kind":"plants"}`},
	} {
		if err := json.Unmarshal([]byte(in), c.v); err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		out, err := json.Marshal(c.v)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if string(out) != c.want {
			t.Errorf("%s:\n got %s\nwant %s", c.name, out, c.want)
		}
	}
	// The union's own discriminator is not kept twice.
	var n features.NextStep
	if err := json.Unmarshal([]byte(in), &n); err != nil {
		t.Fatal(err)
	}
	if got := string(n.Value.(*features.Herbivore).UnknownJSON()); got != `{"kind":"plants"}` {
		t.Errorf("UnknownJSON = %s", got)
	}
}
