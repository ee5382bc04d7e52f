package loader

import (
	"context"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// Work on long chains of references is kept linear here, where
// kin-openapi's would not be: it resolves a $ref to a $ref to … again
// for each link (a chain of n aliases costs it n² lookups, each of which
// scans the components), and it validates each component schema with a
// fresh set of visited schemas, so a chain of n schemas that refer to the
// next is validated n²/2 times.

// collapseAliases rewrites, in the root document, each component schema
// that is only a $ref to another component schema that is only a $ref
// (A: {$ref: B}, B: {$ref: C}, C: {type: object}) to refer to the end of
// its chain (A: {$ref: C}). Go type aliases make A, B and C the same type
// either way. It reports whether it changed anything. The checker has
// already rejected cycles.
func (c *checker) collapseAliases() bool {
	schemas := c.root.root.get("components").get("schemas")
	if schemas == nil || schemas.kind != kObject {
		return false
	}
	const prefix = "#/components/schemas/"
	// alias returns the target of a pure alias in this document, or "".
	alias := func(n *node) string {
		if n == nil || n.kind != kObject || len(n.keys) != 1 || n.keys[0] != "$ref" || n.vals[0].kind != kString {
			return ""
		}
		r := n.vals[0].str
		if !strings.HasPrefix(r, prefix) || strings.Contains(r[len(prefix):], "/") || strings.ContainsAny(r, "%~") {
			return ""
		}
		return r[len(prefix):]
	}
	end := map[string]string{} // alias name → the schema its chain ends at
	changed := false
	for i, name := range schemas.keys {
		var chain []string
		cur := name
		for {
			if e, ok := end[cur]; ok {
				cur = e
				break
			}
			next := alias(schemas.get(cur))
			if next == "" || len(chain) > len(schemas.keys) {
				break
			}
			chain = append(chain, cur)
			cur = next
		}
		for _, a := range chain {
			end[a] = cur
		}
		if n := schemas.vals[i]; alias(n) != "" && alias(n) != cur {
			n.vals[0] = &node{kind: kString, str: prefix + cur}
			changed = true
		}
	}
	return changed
}

// validateLinear runs kin-openapi's validation with every reference to a
// component schema cut for its duration (the component is validated as a
// component, once), and puts the references back.
func validateLinear(ctx context.Context, doc *openapi3.T, opts ...openapi3.ValidationOption) error {
	if doc.Components != nil && len(doc.Components.Schemas) > 0 {
		restore := cutComponentRefs(doc.Components.Schemas)
		defer restore()
	}
	return doc.Validate(ctx, opts...)
}

// cutComponentRefs replaces, inside the component schemas, the value of
// each reference to a component schema with an empty schema, and returns
// a function that undoes it.
func cutComponentRefs(components openapi3.Schemas) func() {
	stub := &openapi3.Schema{}
	type cut struct {
		r *openapi3.SchemaRef
		v *openapi3.Schema
	}
	var cuts []cut
	seen := map[*openapi3.Schema]bool{}
	var visitRef func(r *openapi3.SchemaRef)
	var visit func(s *openapi3.Schema)
	visitRef = func(r *openapi3.SchemaRef) {
		if r == nil || r.Value == nil {
			return
		}
		if name, ok := strings.CutPrefix(r.Ref, "#/components/schemas/"); ok {
			if t := components[name]; t != nil && t.Value == r.Value {
				cuts = append(cuts, cut{r, r.Value})
				r.Value = stub
				return
			}
		}
		visit(r.Value)
	}
	visitMap := func(m openapi3.Schemas) {
		for _, r := range m {
			visitRef(r)
		}
	}
	visit = func(s *openapi3.Schema) {
		if s == nil || seen[s] {
			return
		}
		seen[s] = true
		for _, list := range []openapi3.SchemaRefs{s.OneOf, s.AnyOf, s.AllOf, s.PrefixItems} {
			for _, r := range list {
				visitRef(r)
			}
		}
		for _, r := range []*openapi3.SchemaRef{s.Not, s.Items, s.AdditionalProperties.Schema, s.Contains,
			s.PropertyNames, s.If, s.Then, s.Else, s.ContentSchema, s.UnevaluatedItems.Schema, s.UnevaluatedProperties.Schema} {
			visitRef(r)
		}
		for _, m := range []openapi3.Schemas{s.Properties, s.PatternProperties, s.DependentSchemas, s.Defs} {
			visitMap(m)
		}
	}
	for _, r := range components {
		if r != nil {
			visit(r.Value) // the component itself stays; refs inside it are cut
		}
	}
	return func() {
		for _, c := range cuts {
			c.r.Value = c.v
		}
	}
}
