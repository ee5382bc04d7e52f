package irbuild

import (
	"sort"
	"strings"
	"testing"

	"github.com/orygen/orygen/internal/loader"
)

// Methods drop their service's name (Droplets.Create, VPCs.List) while
// the package-level names keep the full one (NewDropletsCreateRequest).
func TestNoStutter(t *testing.T) {
	spec, err := loader.Load("../../specs/bundled.yaml", loader.Options{})
	if err != nil {
		t.Fatal(err)
	}
	api, _, err := Build(spec, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, s := range api.Services {
		for _, o := range s.Operations {
			got = append(got, string(s.Name)+"."+string(o.Name)+"/"+string(o.RequestName))
		}
	}
	sort.Strings(got)
	want := "Droplets.Create/NewDropletsCreateRequest Droplets.Destroy/NewDropletsDestroyRequest " +
		"Droplets.Get/NewDropletsGetRequest Droplets.List/NewDropletsListRequest VPCs.List/NewVPCsListRequest"
	if g := strings.Join(got, " "); g != want {
		t.Errorf("got  %s\nwant %s", g, want)
	}
}
