package irbuild

import (
	"path/filepath"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// refKey identifies what a schema $ref points at, whichever file the ref
// is written in: ../schemas/pet.yaml in one file and
// ./multifile/schemas/pet.yaml in another are one schema, and one type.
// Refs into the spec file itself keep their "#/..." form, the form
// component names are registered under; refs into other files are keyed
// by the absolute location the loader resolved them to.
func (b *builder) refKey(sr *openapi3.SchemaRef) string {
	u := sr.RefPath()
	if u == nil || sr.Ref == "" {
		return sr.Ref
	}
	root, err := filepath.Abs(b.file)
	inRoot := err == nil && u.Path == filepath.ToSlash(root)
	if strings.HasPrefix(sr.Ref, "#") && (inRoot || u.Path == "") {
		return sr.Ref
	}
	// kin-openapi sometimes keeps the '#' in the fragment (on refs it
	// meets again through a cycle).
	frag := "#" + strings.TrimPrefix(u.Fragment, "#")
	if frag == "#" {
		frag = ""
	}
	if inRoot {
		return frag
	}
	return u.Path + frag
}

// claimExternalComponents makes a component that is only a $ref into
// another file (Pet: {$ref: ./schemas/pet.yaml}) the type of that file's
// schema, so that every other ref to the file names it too, instead of
// an alias Pet = Pet2.
func (b *builder) claimExternalComponents(keys []string) {
	for _, k := range keys {
		sr := b.doc.Components.Schemas[k]
		if sr == nil || sr.Ref == "" || strings.HasPrefix(sr.Ref, "#") {
			continue
		}
		key := b.refKey(sr)
		if _, ok := b.refNames[key]; !ok {
			b.refNames[key] = b.refNames[componentPrefix+k]
		}
	}
}
