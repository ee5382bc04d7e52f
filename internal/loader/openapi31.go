package loader

import (
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// dropFalse31 drops the validation findings kin-openapi makes on valid
// OpenAPI 3.1 documents: it does not know components.pathItems (new in
// 3.1) and reports it as an unknown field, although it resolves refs into
// it.
func dropFalse31(doc *openapi3.T, ds []Diagnostic) []Diagnostic {
	if !doc.IsOpenAPI31OrLater() {
		return ds
	}
	out := ds[:0]
	for _, d := range ds {
		if strings.Contains(d.Message, "extra sibling fields: [pathItems]") {
			continue
		}
		out = append(out, d)
	}
	return out
}
