package loader

import "testing"

// specs/openapi31.yaml is valid OpenAPI 3.1: loading it finds nothing to
// warn about (kin-openapi's complaint about components.pathItems, which
// it resolves all the same, is dropped).
func TestOpenAPI31Clean(t *testing.T) {
	s, err := Load("../../specs/openapi31.yaml", Options{Strict: true})
	if err != nil {
		t.Fatal(err)
	}
	if p := s.Doc.Paths.Find("/customers/{customer_id}"); p == nil || p.Get == nil || p.Delete == nil {
		t.Errorf("the path item from components.pathItems did not resolve: %+v", p)
	}
}
