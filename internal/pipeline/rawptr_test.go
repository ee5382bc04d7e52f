package pipeline

import (
	"strings"
	"testing"
)

// A config's raw: takes JSON pointers to inline schemas, and a mark on a
// nullable wrapper or a multipart field gives raw JSON that builds.
func TestRawPointers(t *testing.T) {
	target := Target{Spec: "testdata/rawptr.yaml", Package: "rawptr", Raw: []string{
		"#/components/schemas/Pet/properties/extra",
		"#/paths/~1pets/post/requestBody/content/multipart~1form-data/schema/properties/shape",
	}}
	res, err := Generate(target)
	if err != nil {
		t.Fatal(err)
	}
	var models string
	for _, f := range res.Files {
		if f.Name == "models.go" {
			models = string(f.Data)
		}
	}
	for _, want := range []string{"Extra json.RawMessage", "Shape json.RawMessage"} {
		if !strings.Contains(models, want) {
			t.Errorf("models.go lacks %q:\n%s", want, models)
		}
	}

	for ptr, msg := range map[string]string{
		"#/components/schemas/Pet/properties/nope": `no schema at #/components/schemas/Pet/properties/nope`,
		"#/components/schemas/Cat":                 `no schema at #/components/schemas/Cat`,
		"#/paths/~1dogs/post":                      `no schema at #/paths/~1dogs`,
		"#/paths/~1pets/post":                      `not a schema`,
		"Cat":                                      `no component schema "Cat"`,
	} {
		target.Raw = []string{ptr}
		if _, err := Model(target); err == nil || !strings.Contains(err.Error(), msg) {
			t.Errorf("raw: [%s]: error %v, want one containing %q", ptr, err, msg)
		}
	}
}
