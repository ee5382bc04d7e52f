package emit

import (
	"fmt"
	"testing"

	"github.com/orygen/orygen/internal/ir"
)

// goTypeText must say what goType's statement renders as, for every kind
// of reference.
func TestGoTypeText(t *testing.T) {
	named := ir.TypeRef{Kind: ir.RefNamed, Name: "Pet"}
	refs := []ir.TypeRef{
		named,
		{Kind: ir.RefRaw},
		{Kind: ir.RefTime},
		{Kind: ir.RefSlice, Elem: &named},
		{Kind: ir.RefMap, Elem: &ir.TypeRef{Kind: ir.RefSlice, Elem: &ir.TypeRef{Kind: ir.RefRaw}}},
	}
	for _, b := range []ir.Builtin{ir.String, ir.Bool, ir.Int32, ir.Int64, ir.Float64, ir.Bytes, ir.Upload} {
		refs = append(refs, ir.TypeRef{Kind: ir.RefBuiltin, Builtin: b})
	}
	m := &model{}
	for _, r := range refs {
		if got, want := m.goTypeText(r), fmt.Sprintf("%#v", m.goType(r)); got != want {
			t.Errorf("%+v: goTypeText %q, goType renders %q", r, got, want)
		}
	}
}
