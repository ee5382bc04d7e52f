package oracle

import "github.com/orygen/orygen/internal/ir"

// hasUpload: a struct with a multipart file part (or a list of them),
// which is not JSON.
func hasUpload(t *ir.Type) bool {
	for _, f := range t.Fields {
		r := f.Type
		if r.Kind == ir.RefSlice && r.Elem != nil {
			r = *r.Elem
		}
		if r.Kind == ir.RefBuiltin && r.Builtin == ir.Upload {
			return true
		}
	}
	return false
}
