package irbuild

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"unicode"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/orygen/orygen/internal/ir"
)

// defineUntagged models a oneOf/anyOf without a discriminator. How to tell
// its variants apart is decided here, once: by JSON kind, then among
// objects by a property fixed to a value no other variant allows, or by a
// required property unique to one variant. A property every object
// variant requires and fixes to a different value makes it a
// discriminated union after all. If nothing tells some variants apart,
// the union is a Fallback one (a warning): it keeps the JSON it reads,
// picks the first variant that matches, and offers accessors for each.
func (b *builder) defineUntagged(t *ir.Type, s *openapi3.Schema, ptr string, depth int) {
	members, kw := s.OneOf, "oneOf"
	if len(members) == 0 {
		members, kw = s.AnyOf, "anyOf"
	}
	type member struct {
		name   ir.Ident
		kind   ir.JSONKind
		schema *openapi3.Schema // with allOf compositions merged
	}
	var ms []member
	flat, _ := flattenMembers(members, ptr+"/"+kw, 0, map[string]bool{})
	memberKinds := make([]ir.JSONKind, len(flat))
	for i, fm := range flat {
		// A member that may be any JSON value, or one of several kinds,
		// cannot be told apart from the others by its shape: the union
		// keeps its JSON as it came, which loses no value.
		why := "has no schema"
		ok := fm.ref != nil && fm.ref.Value != nil
		if ok {
			memberKinds[i], ok = jsonKind(fm.ref.Value)
			why = "has no single JSON type"
		}
		if !ok {
			b.warnf(fm.ptr, "%s member %d of %s %s, so nothing tells its values from the other members'; %s is kept as raw JSON (give the member a type to decode it)", kw, i, t.Name, why, t.Name)
			t.Kind, t.Union, t.Alias = ir.KindAlias, nil, &ir.TypeRef{Kind: ir.RefRaw}
			return
		}
	}
	// A discriminated union that fell back to this keeps the names it
	// claimed.
	var iface, unknown ir.Ident
	if t.Union != nil {
		iface, unknown = t.Union.Interface, t.Union.UnknownName
	}
	claimIface := func() ir.Ident {
		if iface == "" {
			iface = b.claimInterface(t, ptr)
		}
		return iface
	}
	claimUnknown := func() ir.Ident {
		if unknown == "" {
			unknown = b.claimType("Unknown"+string(t.Name), ptr, "unknown variant of "+string(t.Name))
		}
		return unknown
	}
	for i, fm := range flat {
		name := b.variantType(string(t.Name), fm.ref, memberKinds[i], i, fm.ptr, depth)
		ms = append(ms, member{name, memberKinds[i], b.merged(fm.ref.Value)})
	}
	// A shared property every object variant requires and fixes to a
	// distinct value is a discriminator the spec did not name.
	if prop, values, isInt, ok := implicitDiscriminator(func() []*openapi3.Schema {
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
		u := &ir.Union{Discriminator: prop, IntDiscriminator: isInt, Marker: b.claimMarker(t, ptr), Interface: claimIface()}
		for i, m := range ms {
			u.Variants = append(u.Variants, ir.Variant{Type: m.name, Values: []string{values[i]}})
		}
		u.UnknownName = claimUnknown()
		t.Union = u
		b.unions = append(b.unions, t)
		return
	}
	byKind := map[ir.JSONKind][]int{}
	var kinds []ir.JSONKind
	for i, m := range ms {
		if _, ok := byKind[m.kind]; !ok {
			kinds = append(kinds, m.kind)
		}
		byKind[m.kind] = append(byKind[m.kind], i)
	}
	u := &ir.Union{Marker: b.claimMarker(t, ptr), Interface: claimIface()}
	variants := make([]ir.Variant, len(ms))
	ambiguous := ""
	memberName := func(m member) string { return string(m.name) }
	schemaOf := func(j int) *openapi3.Schema { return ms[j].schema }
	for _, kind := range kinds {
		idx := byKind[kind]
		if len(idx) == 1 {
			variants[idx[0]] = ir.Variant{Type: ms[idx[0]].name, Match: ir.Match{Kind: kind}}
			continue
		}
		if kind != ir.JSONObject {
			if ambiguous == "" {
				ambiguous = fmt.Sprintf("%s variants %s are all JSON %ss", t.Name, names(ms, idx, memberName), kindName(kind))
			}
			continue
		}
		fallback := -1
		for _, i := range idx {
			v := ir.Variant{Type: ms[i].name, Match: ir.Match{Kind: ir.JSONObject}}
			if fx, ok := uniqueFixed(idx, i, schemaOf); ok {
				v.Match.Fixed = []ir.Fixed{fx}
			} else if key := uniqueRequired(ms[i].schema, idx, i, schemaOf); key != "" {
				v.Match.Key = key
			} else if fallback >= 0 {
				if ambiguous == "" {
					ambiguous = fmt.Sprintf("%s variants %s and %s are objects with no required property or fixed value unique to either", t.Name, ms[fallback].name, ms[i].name)
				}
			} else {
				fallback = i
			}
			variants[i] = v
		}
	}
	u.UnknownName = claimUnknown()
	t.Kind, t.Union = ir.KindUnion, u
	if ambiguous == "" {
		u.Variants = variants
		return
	}
	// Nothing tells some variants apart: keep the JSON as read, and pick
	// the first variant, in document order, that it satisfies.
	b.warnf(ptr, "%s and cannot be told apart; %s keeps the JSON it decodes and writes it back unchanged, its Value is the first variant (in document order) whose required properties and fixed values the JSON has, and As/From methods convert to and from each variant (add a discriminator to decide; mark %s with x-orygen-raw: true to keep it as raw JSON)",
		ambiguous, t.Name, t.Name)
	u.Fallback = true
	methods := newNamespace("raw", "value", "MarshalJSON", "UnmarshalJSON")
	u.ValueMethod, _ = methods.claim("Value")
	for _, m := range ms {
		short := strings.TrimPrefix(string(m.name), string(t.Name))
		if short == "" || !unicode.IsUpper([]rune(short)[0]) {
			short = string(m.name)
		}
		v := ir.Variant{Type: m.name, Match: ir.Match{Kind: m.kind}}
		if m.kind == ir.JSONObject {
			v.Match.Required = sortedUnique(m.schema.Required)
			for _, p := range sortedKeys(m.schema.Properties) {
				if fx, ok := fixedValue(m.schema.Properties[p]); ok {
					fx.Key = p
					v.Match.Fixed = append(v.Match.Fixed, fx)
				}
			}
		}
		v.As, _ = methods.claim("As" + short)
		v.From, _ = methods.claim("From" + short)
		u.Variants = append(u.Variants, v)
	}
}

// merged is s with its allOf composition merged into one object schema,
// or s itself when it has none.
func (b *builder) merged(s *openapi3.Schema) *openapi3.Schema {
	if len(s.AllOf) == 0 {
		return s
	}
	return b.mergeAllOf(s)
}

func sortedUnique(list []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, x := range list {
		if !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	sort.Strings(out)
	return out
}

// uniqueFixed is a property member i fixes to a value that no other object
// member allows: each other member fixes it to another value or does not
// declare it. The first in sorted order.
func uniqueFixed(idx []int, i int, schema func(int) *openapi3.Schema) (ir.Fixed, bool) {
	s := schema(i)
	for _, p := range sortedKeys(s.Properties) {
		fx, ok := fixedValue(s.Properties[p])
		if !ok {
			continue
		}
		unique := true
		for _, j := range idx {
			if j == i {
				continue
			}
			other, declared := schema(j).Properties[p]
			if !declared {
				continue
			}
			ofx, fixed := fixedValue(other)
			if !fixed || ofx.Value == fx.Value {
				unique = false
				break
			}
		}
		if unique {
			fx.Key = p
			return fx, true
		}
	}
	return ir.Fixed{}, false
}

// variantType names the Go type of an untagged union's member: a ref keeps
// its type unless that is an alias, which cannot carry the union's marker
// method; inline members and aliases get a defined type named after the
// union and the member's kind.
func (b *builder) variantType(union string, m *openapi3.SchemaRef, kind ir.JSONKind, i int, ptr string, depth int) ir.Ident {
	if name, ok := b.inlineVariants[ptr]; ok && m.Ref == "" {
		// Defined when this was a discriminated union: a struct keeps
		// its type; anything else becomes a defined type, to carry the
		// marker method.
		if t := b.byName[name]; t != nil && t.Kind == ir.KindAlias {
			t.Defined = true
		}
		return name
	}
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
		ms := b.merged(m.Value)
		req := append([]string(nil), ms.Required...)
		sort.Strings(req)
		for _, r := range append(req, sortedKeys(ms.Properties)...) {
			if v, ok := fixedString(ms.Properties[r]); ok {
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
	if kind == ir.JSONObject && m.Ref == "" && (len(m.Value.Properties) > 0 || len(m.Value.AllOf) > 0) {
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

// flattenMembers replaces each member that is itself only an untagged
// oneOf/anyOf ({oneOf: [A, {oneOf: [B, C]}]}, inline or a $ref) by its
// members, at any depth: the union of unions is one union, and its
// members each have a JSON type where the nested union as a whole has
// none. {type: "null"} members are dropped (a union's null is no
// variant) and reported in nullable; a $ref listed again is dropped.
// seen holds the refs already listed or being flattened, so a cycle of
// unions ends.
func flattenMembers(members openapi3.SchemaRefs, ptr string, depth int, seen map[string]bool) (out []flatMember, nullable bool) {
	for i, m := range members {
		mptr := fmt.Sprintf("%s/%d", ptr, i)
		if m != nil && m.Ref != "" {
			if seen[m.Ref] {
				continue
			}
			seen[m.Ref] = true
		}
		if admitsOnlyNull(m) {
			nullable = true
			continue
		}
		if depth < maxDepth && m != nil && m.Value != nil && isBareUnion(m.Value) {
			if _, ok := constOneOf(m.Value); !ok {
				inner, kw := m.Value.OneOf, "oneOf"
				if len(inner) == 0 {
					inner, kw = m.Value.AnyOf, "anyOf"
				}
				more, null := flattenMembers(inner, mptr+"/"+kw, depth+1, seen)
				out, nullable = append(out, more...), nullable || null
				continue
			}
		}
		out = append(out, flatMember{m, mptr})
	}
	return out, nullable
}

// isNullType: {type: "null"} and nothing else.
func isNullType(s *openapi3.Schema) bool {
	return s.Type != nil && len(*s.Type) == 1 && s.Type.Is("null") && len(s.Properties) == 0 && !isUnion(s)
}

// admitsOnlyNull: a member that is {type: "null"}, or a schema, inline or
// a $ref, whose enum lists null alone.
func admitsOnlyNull(m *openapi3.SchemaRef) bool {
	return m != nil && m.Value != nil && (m.Ref == "" && isNullType(m.Value) || onlyNull(m.Value))
}

// onlyNull: a schema whose enum lists null alone ({enum: [null]}, as
// some generators write a nullable choice's null), inline or a $ref.
func onlyNull(s *openapi3.Schema) bool {
	if len(s.Enum) == 0 || len(s.Properties) > 0 || isUnion(s) {
		return false
	}
	for _, v := range s.Enum {
		if v != nil {
			return false
		}
	}
	return true
}

// nullMember reports whether a oneOf/anyOf lists {type: "null"} among
// its members (directly, or in a nested untagged union), or a member
// that admits null itself.
func nullMember(s *openapi3.Schema) bool {
	if !isUnion(s) {
		return false
	}
	members := s.OneOf
	if len(members) == 0 {
		members = s.AnyOf
	}
	out, nullable := flattenMembers(members, "", 0, map[string]bool{})
	for _, m := range out {
		// A member that admits null ({type: string, nullable: true})
		// makes the union admit it: null is no variant, so it is the
		// field's (Nullable) or the item's (a nil pointer).
		if m.ref == nil || m.ref.Value == nil {
			continue
		}
		if v := m.ref.Value; v.Nullable || v.Type != nil && v.Type.Includes("null") {
			nullable = true
		}
	}
	return nullable
}

// constOneOf recognises OpenAPI 3.1's enum with documented values: a
// oneOf/anyOf whose members are each {const: v, description: ...} (or an
// enum of one value), of one type, string or integer, and perhaps
// {type: "null"}. It returns that type.
func constOneOf(s *openapi3.Schema) (string, bool) {
	if !isUnion(s) || s.Discriminator != nil || len(s.Properties) > 0 || len(s.AllOf) > 0 {
		return "", false
	}
	members := s.OneOf
	if len(members) == 0 {
		members = s.AnyOf
	}
	typ, consts := "", 0
	for _, m := range members {
		if m == nil || m.Value == nil {
			return "", false
		}
		if isNullType(m.Value) {
			continue
		}
		fx, ok := fixedValue(m)
		if !ok || len(m.Value.Properties) > 0 || isUnion(m.Value) || len(m.Value.AllOf) > 0 {
			return "", false
		}
		t := "string"
		if fx.Int {
			t = "integer"
		}
		if typ != "" && typ != t {
			return "", false
		}
		typ = t
		consts++
	}
	return typ, consts > 0
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
		if typ, ok := constOneOf(s); ok {
			if typ == "integer" {
				return ir.JSONNumber, true
			}
			return ir.JSONString, true
		}
		if len(s.Properties) > 0 || len(s.AllOf) > 0 || (isUnion(s) && s.Discriminator != nil) {
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
// fixes (const or a one-value enum) to a value distinct from the others,
// all strings or all integers.
func implicitDiscriminator(objects []*openapi3.Schema) (string, []string, bool, bool) {
	if len(objects) < 2 {
		return "", nil, false, false
	}
	for _, prop := range sortedKeys(objects[0].Properties) {
		values := make([]string, 0, len(objects))
		seen := map[string]bool{}
		ok, isInt := true, false
		for i, o := range objects {
			fx, fixed := fixedValue(o.Properties[prop])
			if !fixed || seen[fx.Value] || !contains(o.Required, prop) || (i > 0 && fx.Int != isInt) {
				ok = false
				break
			}
			isInt = fx.Int
			seen[fx.Value] = true
			values = append(values, fx.Value)
		}
		if ok {
			return prop, values, isInt, true
		}
	}
	return "", nil, false, false
}

func fixedString(p *openapi3.SchemaRef) (string, bool) {
	fx, ok := fixedValue(p)
	if !ok || fx.Int {
		return "", false
	}
	return fx.Value, true
}

// fixedValue is the one value a property schema allows (const, or an enum
// of one value), when that is a string or an integer. Its Key is unset.
func fixedValue(p *openapi3.SchemaRef) (ir.Fixed, bool) {
	if p == nil || p.Value == nil {
		return ir.Fixed{}, false
	}
	v := p.Value.Const
	if v == nil {
		vals := p.Value.Enum
		if len(vals) != 1 {
			return ir.Fixed{}, false
		}
		v = vals[0]
	}
	switch x := v.(type) {
	case string:
		return ir.Fixed{Value: x}, true
	case float64:
		if x == math.Trunc(x) && math.Abs(x) < 1<<63 {
			return ir.Fixed{Value: strconv.FormatFloat(x, 'f', -1, 64), Int: true}, true
		}
	}
	return ir.Fixed{}, false
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// isBareUnion: a oneOf or anyOf without a discriminator, a type or
// properties of its own.
func isBareUnion(s *openapi3.Schema) bool {
	return isUnion(s) && s.Discriminator == nil && s.Type == nil && len(s.Properties) == 0 &&
		len(s.AllOf) == 0 && (len(s.OneOf) == 0 || len(s.AnyOf) == 0)
}
