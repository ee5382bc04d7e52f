package loader

import (
	"strings"
	"testing"
)

// specs/bundled.yaml is written as bundlers write: path items are $refs
// to files, descriptions $refs to strings in another file; a description
// that is not a string (a tag's, or one a $ref points to) is a warning.
func TestBundledDescriptions(t *testing.T) {
	spec, err := Load("../../specs/bundled.yaml", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if d := spec.Doc.Info.Description; !strings.Contains(d, "bundlers write") {
		t.Errorf("info description %q: want the text the $ref points to", d)
	}
	if d := spec.Doc.Tags[0].Description; d != "Virtual machines." {
		t.Errorf("tag description %q", d)
	}
	if op := spec.Doc.Paths.Value("/v2/droplets").Post; op == nil || op.Description != "Creates a droplet." {
		t.Errorf("operation description of a path item in another file: %+v", op)
	}
	var msgs []string
	for _, w := range spec.Warnings {
		msgs = append(msgs, w.String())
	}
	all := strings.Join(msgs, "\n")
	for _, want := range []string{
		"bundled.yaml#/tags/1/description: description is not a string but an object; dropped",
		`droplets.yaml#/get/description: description is a $ref "../descriptions.yaml#/not_a_string" to an object, not a string; dropped`,
	} {
		if !strings.Contains(all, want) {
			t.Errorf("no warning %q in\n%s", want, all)
		}
	}
	if _, err := Load("../../specs/bundled.yaml", Options{Strict: true}); err == nil {
		t.Error("-strict: a dropped description is an error")
	}
}
