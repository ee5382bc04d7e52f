package irbuild

import (
	"testing"

	"github.com/orygen/orygen/internal/ir"
)

// A union's marker method is claimed in the scope of the package's
// unexported methods: a second claim of the same name gives way, with a
// warning, rather than declaring one method twice on a shared variant.
func TestMarkerClaimed(t *testing.T) {
	b := &builder{file: "spec.yaml"}
	pet := &ir.Type{Name: "Pet"}
	if got := b.claimMarker(pet, "/components/schemas/Pet"); got != "isPet" || len(b.warns) != 0 {
		t.Fatalf("first claim: %s, warnings %v; want isPet and none", got, b.warns)
	}
	if got := b.claimMarker(pet, "/components/schemas/Pet"); got != "isPet2" || len(b.warns) != 1 {
		t.Fatalf("second claim: %s, warnings %v; want isPet2 and one", got, b.warns)
	}
	if !b.markers.taken("decodeJSON") || !b.markers.taken("encodeJSON") {
		t.Errorf("the codec methods are not reserved among the markers")
	}
}
