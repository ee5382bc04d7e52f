package irbuild

import (
	"github.com/getkin/kin-openapi/openapi3"

	"github.com/orygen/orygen/internal/loader"
)

// extraProps is what an object says about the properties it does not name,
// and where: additionalProperties, or in JSON Schema 2020-12 (OpenAPI 3.1)
// the one schema of patternProperties (several patterns, or patterns next
// to an additionalProperties schema, are kept as raw JSON), or
// unevaluatedProperties.
func extraProps(s *openapi3.Schema) (openapi3.AdditionalProperties, string) {
	ap := s.AdditionalProperties
	apAllows := ap.Schema != nil || (ap.Has != nil && *ap.Has)
	switch n := len(s.PatternProperties); {
	case n == 1 && !apAllows:
		for k, v := range s.PatternProperties {
			return openapi3.AdditionalProperties{Schema: v}, "/patternProperties/" + loader.Escape(k)
		}
	case n > 0:
		yes := true
		return openapi3.AdditionalProperties{Has: &yes}, ""
	}
	if ap.Schema != nil || ap.Has != nil {
		return ap, "/additionalProperties"
	}
	if u := s.UnevaluatedProperties; u.Schema != nil || u.Has != nil {
		return u, "/unevaluatedProperties"
	}
	return openapi3.AdditionalProperties{}, ""
}

// arrayItems is the schema of an array's elements, and where: items, or
// for a tuple (JSON Schema 2020-12 prefixItems, with no items or items:
// false after them) the schema of its first position when every position
// has the same one type ([lat, lon] of numbers is []float64; a mixed tuple
// stays raw JSON).
func arrayItems(s *openapi3.Schema) (*openapi3.SchemaRef, string) {
	closed := s.Items == nil || (s.Items.Value != nil && s.Items.Value.Always != nil && !*s.Items.Value.Always)
	if len(s.PrefixItems) == 0 || !closed {
		return s.Items, "/items"
	}
	first := s.PrefixItems[0]
	for _, p := range s.PrefixItems {
		if p == nil || p.Ref != "" || p.Value == nil || first.Value == nil || typeOf(p.Value) == "" || typeOf(p.Value) != typeOf(first.Value) ||
			p.Value.Format != first.Value.Format || needsName(p.Value) || typeOf(p.Value) == "object" || typeOf(p.Value) == "array" {
			return nil, "/prefixItems"
		}
	}
	return first, "/prefixItems/0"
}
