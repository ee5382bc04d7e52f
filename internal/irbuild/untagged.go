package irbuild

import (
	"fmt"
	"sort"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/orygen/orygen/internal/ir"
)

// defineUntagged models a oneOf/anyOf without a discriminator. How to tell
// its variants apart is decided here, once: by JSON kind, then among
// objects by a required property unique to one variant, or by a property
// every object variant fixes to a different value (which makes it a
// discriminated union after all). If neither works, generation fails: a
// client must never guess at run time.
func (b *builder) defineUntagged(t *ir.Type, s *openapi3.Schema, ptr string, depth int) {
	members, kw := s.OneOf, "oneOf"
	if len(members) == 0 {
		members, kw = s.AnyOf, "anyOf"
	}
	type member struct {
		name   ir.Ident
		kind   ir.JSONKind
		schema *openapi3.Schema
	}
	var ms []member
	for i, fm := range flattenMembers(members, ptr+"/"+kw, 0) {
		m, mptr := fm.ref, fm.ptr
		if m == nil || m.Value == nil {
			b.fail(mptr, "unresolved %s member", kw)
			return
		}
		kind, ok := jsonKind(m.Value)
		if !ok {
			b.fail(mptr, "%s member %d of %s has no single JSON type; give it a type, or mark %s with x-orygen-raw: true (or list it under raw: in the config) to keep it as raw JSON", kw, i, t.Name, t.Name)
			return
		}
		name := b.variantType(string(t.Name), m, kind, i, mptr, depth)
		ms = append(ms, member{name, kind, m.Value})
	}
	// A shared property fixed to a distinct value in every object variant
	// is a discriminator the spec did not name.
	if prop, values, ok := implicitDiscriminator(func() []*openapi3.Schema {
		var out []*openapi3.Schema
		for _, m := range ms {
			if m.kind != ir.JSONObject {
				return nil
			}
			out = append(out, m.schema)
		}
		return out
	}()); ok {
		t.Kind = ir.KindUnion
		u := &ir.Union{Discriminator: prop, Marker: "is" + t.Name, Interface: b.claimInterface(t, ptr)}
		for i, m := range ms {
			u.Variants = append(u.Variants, ir.Variant{Type: m.name, Values: []string{values[i]}})
		}
		u.UnknownName = b.claimType("Unknown"+string(t.Name), ptr, "unknown variant of "+string(t.Name))
		t.Union = u
		b.unions = append(b.unions, t)
		return
	}
	byKind := map[ir.JSONKind][]int{}
	for i, m := range ms {
		byKind[m.kind] = append(byKind[m.kind], i)
	}
	u := &ir.Union{Marker: "is" + t.Name, Interface: b.claimInterface(t, ptr)}
	variants := make([]ir.Variant, len(ms))
	for kind, idx := range byKind {
		if len(idx) == 1 {
			variants[idx[0]] = ir.Variant{Type: ms[idx[0]].name, Match: ir.Match{Kind: kind}}
			continue
		}
		if kind != ir.JSONObject {
			b.fail(ptr, "%s variants %s are all JSON %ss and cannot be told apart; add a discriminator, or mark %s with x-orygen-raw: true (or list it under raw: in the config) to keep it as raw JSON",
				t.Name, names(ms, idx, func(m member) string { return string(m.name) }), kindName(kind), t.Name)
			return
		}
		fallback := -1
		for _, i := range idx {
			key := uniqueRequired(ms[i].schema, idx, i, func(j int) *openapi3.Schema { return ms[j].schema })
			if key == "" {
				if fallback >= 0 {
					b.fail(ptr, "%s variants %s and %s are objects with no required property unique to either; add a discriminator, or mark %s with x-orygen-raw: true (or list it under raw: in the config) to keep it as raw JSON",
						t.Name, ms[fallback].name, ms[i].name, t.Name)
					return
				}
				fallback = i
			}
			variants[i] = ir.Variant{Type: ms[i].name, Match: ir.Match{Kind: ir.JSONObject, Key: key}}
		}
	}
	u.Variants = variants
	u.UnknownName = b.claimType("Unknown"+string(t.Name), ptr, "unknown variant of "+string(t.Name))
	t.Kind, t.Union = ir.KindUnion, u
}

// variantType names the Go type of an untagged union's member: a ref keeps
// its type unless that is an alias, which cannot carry the union's marker
// method; inline members and aliases get a defined type named after the
// union and the member's kind.
func (b *builder) variantType(union string, m *openapi3.SchemaRef, kind ir.JSONKind, i int, ptr string, depth int) ir.Ident {
	if m.Ref != "" && (needsName(m.Value) || (isUnion(m.Value) && m.Value.Discriminator != nil)) {
		// The ref's own type is a struct, enum or union, which can carry
		// the marker method. (Its definition may come later; the schema
		// says what it will be.)
		return b.ref(m, union, ptr, depth+1).Name
	}
	suffix := map[ir.JSONKind]string{ir.JSONObject: "Object", ir.JSONArray: "Array", ir.JSONString: "String", ir.JSONNumber: "Number", ir.JSONBool: "Bool"}[kind]
	if m.Ref != "" {
		suffix = b.goName(refBase(m.Ref))
	} else if kind == ir.JSONObject {
		// An inline object fixing a required property to one value is
		// best named by that value (e.g. HabitatPolar).
		req := append([]string(nil), m.Value.Required...)
		sort.Strings(req)
		for _, r := range req {
			if v, ok := fixedString(m.Value.Properties[r]); ok {
				suffix = b.goName(v)
				break
			}
		}
		// Otherwise by its first required property ({required: [token]}
		// → UnionToken), which tells it apart more often than not.
		if suffix == "Object" && len(req) > 0 {
			suffix = b.goName(req[0])
		}
	}
	name := b.claimType(union+suffix, ptr, fmt.Sprintf("member %d of %s", i, union))
	if kind == ir.JSONObject && m.Ref == "" && len(m.Value.Properties) > 0 {
		b.defineNamed(name, "", &openapi3.SchemaRef{Value: m.Value}, ptr, depth+1)
		return name
	}
	target := b.inline(m.Value, string(name)+"Value", ptr, depth+1)
	if m.Ref != "" {
		target = b.ref(m, string(name), ptr, depth+1)
	}
	t := &ir.Type{Name: name, Pointer: ptr, Kind: ir.KindAlias, Alias: &target, Defined: true, Doc: schemaDoc(m.Value)}
	b.types = append(b.types, t)
	b.byName[name] = t
	return name
}

// flatMember is a member of an untagged union after flattening, with the
// pointer of its place in the document.
type flatMember struct {
	ref *openapi3.SchemaRef
	ptr string
}

// flattenMembers replaces each inline member that is itself only an
// untagged oneOf/anyOf ({oneOf: [A, {oneOf: [B, C]}]}) by its members, at
// any depth: the union of unions is one union, and its members each have
// a JSON type where the nested union as a whole has none.
func flattenMembers(members openapi3.SchemaRefs, ptr string, depth int) []flatMember {
	var out []flatMember
	for i, m := range members {
		mptr := fmt.Sprintf("%s/%d", ptr, i)
		if depth < maxDepth && m != nil && m.Ref == "" && m.Value != nil && isBareUnion(m.Value) {
			inner, kw := m.Value.OneOf, "oneOf"
			if len(inner) == 0 {
				inner, kw = m.Value.AnyOf, "anyOf"
			}
			out = append(out, flattenMembers(inner, mptr+"/"+kw, depth+1)...)
			continue
		}
		out = append(out, flatMember{m, mptr})
	}
	return out
}

// isBareUnion: a oneOf or anyOf without a discriminator, a type or
// properties of its own.
func isBareUnion(s *openapi3.Schema) bool {
	return isUnion(s) && s.Discriminator == nil && s.Type == nil && len(s.Properties) == 0 &&
		len(s.AllOf) == 0 && (len(s.OneOf) == 0 || len(s.AnyOf) == 0)
}

func jsonKind(s *openapi3.Schema) (ir.JSONKind, bool) {
	switch typeOf(s) {
	case "object":
		return ir.JSONObject, true
	case "array":
		return ir.JSONArray, true
	case "string":
		return ir.JSONString, true
	case "integer", "number":
		return ir.JSONNumber, true
	case "boolean":
		return ir.JSONBool, true
	case "":
		if len(s.Properties) > 0 || len(s.AllOf) > 0 {
			return ir.JSONObject, true
		}
	}
	return 0, false
}

func kindName(k ir.JSONKind) string {
	return map[ir.JSONKind]string{ir.JSONObject: "object", ir.JSONArray: "array", ir.JSONString: "string", ir.JSONNumber: "number", ir.JSONBool: "boolean"}[k]
}

func names[T any](ms []T, idx []int, name func(T) string) string {
	var out []string
	for _, i := range idx {
		out = append(out, name(ms[i]))
	}
	return strings.Join(out, ", ")
}

// uniqueRequired is a required property of member i that no other object
// member declares at all, the first in sorted order.
func uniqueRequired(s *openapi3.Schema, idx []int, i int, schema func(int) *openapi3.Schema) string {
	req := append([]string(nil), s.Required...)
	sort.Strings(req)
	for _, r := range req {
		unique := true
		for _, j := range idx {
			if j == i {
				continue
			}
			if _, ok := schema(j).Properties[r]; ok {
				unique = false
				break
			}
		}
		if unique {
			return r
		}
	}
	return ""
}

// implicitDiscriminator finds a property every object schema requires and
// fixes (const or a one-value enum) to a string distinct from the others.
func implicitDiscriminator(objects []*openapi3.Schema) (string, []string, bool) {
	if len(objects) < 2 {
		return "", nil, false
	}
	for _, prop := range sortedKeys(objects[0].Properties) {
		values := make([]string, 0, len(objects))
		seen := map[string]bool{}
		ok := true
		for _, o := range objects {
			p := o.Properties[prop]
			v, fixed := fixedString(p)
			if !fixed || seen[v] || !contains(o.Required, prop) {
				ok = false
				break
			}
			seen[v] = true
			values = append(values, v)
		}
		if ok {
			return prop, values, true
		}
	}
	return "", nil, false
}

func fixedString(p *openapi3.SchemaRef) (string, bool) {
	if p == nil || p.Value == nil {
		return "", false
	}
	if c, ok := p.Value.Const.(string); ok {
		return c, true
	}
	if vals := enumValues(p.Value); len(vals) == 1 {
		v, ok := vals[0].(string)
		return v, ok
	}
	return "", false
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
