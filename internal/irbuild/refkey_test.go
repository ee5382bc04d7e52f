package irbuild

import (
	"sort"
	"strings"
	"testing"

	"github.com/orygen/orygen/internal/ir"
	"github.com/orygen/orygen/internal/loader"
)

// specs/multifile.yaml refers to the same files from files in different
// folders (./multifile/schemas/pet.yaml, ../schemas/pet.yaml,
// ../../pet.yaml): each schema is one type, named after its file or its
// JSON-pointer fragment, and nothing is renamed.
func TestMultiFileRefsAreOneTypeEach(t *testing.T) {
	spec, err := loader.Load("../../specs/multifile.yaml", loader.Options{})
	if err != nil {
		t.Fatal(err)
	}
	api, warns, err := Build(spec, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range warns {
		t.Errorf("warning: %s", w)
	}
	var types []string
	for _, ty := range api.Types {
		types = append(types, string(ty.Name))
	}
	sort.Strings(types)
	want := "Address Detail Error NewPet Owner Pet PetStatus Tag Vaccination"
	if got := strings.Join(types, " "); got != want {
		t.Errorf("types %s\nwant  %s", got, want)
	}
	var ops []string
	for _, s := range api.Services {
		for _, o := range s.Operations {
			ops = append(ops, string(s.Name)+"."+string(o.Name))
		}
	}
	// Path items from a YAML file, from a JSON file under a key, and from
	// another document's paths through an escaped JSON pointer.
	want = "Owners.GetOwner Owners.ListOwnerPets Pets.CreatePet Pets.DeletePet Pets.GetPet Pets.ListPets"
	if got := strings.Join(ops, " "); got != want {
		t.Errorf("operations %s\nwant       %s", got, want)
	}
	for _, ty := range api.Types {
		if ty.Kind == ir.KindAlias {
			t.Errorf("%s is an alias of %v: every ref to a file should name the type itself", ty.Name, ty.Alias)
		}
	}
}
