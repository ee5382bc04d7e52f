package irbuild

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/orygen/orygen/internal/ir"
	"github.com/orygen/orygen/internal/loader"
)

// taggedSource is what a discriminated union was made from, kept until
// sealVariants: a variant that turns out not to be a struct makes it an
// untagged union after all, defined from the same schema.
type taggedSource struct {
	schema *openapi3.Schema
	ptr    string
	depth  int
}

// defineUnion models a oneOf/anyOf with a discriminator. A member is
// selected by the mapping's values for it, else by the value its schema
// fixes the property to, else by its x-ms-discriminator-value, else by
// its schema name; an inline member, which
// has no schema name, by its fixed value, else its title (with a
// warning). Mapping entries that name no member are ignored with a
// warning. When nothing says which value selects a member (no member,
// nor the union itself, declares the property; an inline member has
// neither a fixed value nor a title), or a member cannot carry the
// property (it is not an object), the union is an untagged one, told
// apart by shape, with a warning: a value made up for a member would be
// written on the wire.
func (b *builder) defineUnion(t *ir.Type, s *openapi3.Schema, ptr string, depth int) {
	members, kw := s.OneOf, "oneOf"
	if len(members) == 0 {
		members, kw = s.AnyOf, "anyOf"
	}
	disc := s.Discriminator.PropertyName
	// The discriminator property of each member, allOf compositions
	// merged: its fixed value is what the member writes without a
	// mapping, and its type says whether the values are integers.
	prop := func(m *openapi3.SchemaRef) *openapi3.SchemaRef {
		if m == nil || m.Value == nil {
			return nil
		}
		return b.merged(m.Value).Properties[disc]
	}
	declared := s.Properties[disc] != nil
	for _, m := range members {
		declared = declared || prop(m) != nil
	}
	if !declared {
		// The payload carries it all the same: the union reads and
		// writes it (told apart by shape, a member's struct would drop it).
		b.warnf(ptr+"/discriminator", "no member of %s declares the discriminator property %q; the union reads and writes it, and a member is selected by its schema name", t.Name, disc)
	}
	for i, m := range members {
		if m == nil || m.Value == nil || admitsOnlyNull(m) {
			continue
		}
		if kind, ok := jsonKind(b.merged(m.Value)); ok && kind != ir.JSONObject {
			b.warnf(fmt.Sprintf("%s/%s/%d", ptr, kw, i), "member %d of discriminated union %s is a JSON %s, not an object, so it cannot carry the discriminator %q; the members are told apart by their shapes instead",
				i, t.Name, kindName(kind), disc)
			b.defineUntagged(t, s, ptr, depth)
			return
		}
	}
	t.Kind = ir.KindUnion
	u := &ir.Union{Discriminator: disc, Marker: b.claimMarker(t, ptr), Interface: b.claimInterface(t, ptr)}
	for _, m := range members {
		if p := prop(m); p != nil && p.Value != nil {
			if fx, ok := fixedValue(p); (ok && fx.Int) || (!ok && typeOf(p.Value) == "integer") {
				u.IntDiscriminator = true
			}
		}
	}
	byType := map[ir.Ident]*ir.Variant{}
	var order []ir.Ident
	owner := map[string]ir.Ident{}
	addValue := func(typeName ir.Ident, value string) {
		if o, taken := owner[value]; taken {
			if o != typeName {
				b.warnf(ptr, "discriminator value %q selects %s; %s does not get it too", value, o, typeName)
			}
			return
		}
		owner[value] = typeName
		v, ok := byType[typeName]
		if !ok {
			v = &ir.Variant{Type: typeName}
			byType[typeName] = v
			order = append(order, typeName)
		}
		v.Values = append(v.Values, value)
	}
	mapped := map[string]bool{}
	for _, value := range sortedKeys(s.Discriminator.Mapping) {
		ref := s.Discriminator.Mapping[value]
		mref := ref.Ref
		if !strings.Contains(mref, "/") {
			mref = componentPrefix + mref // a bare schema name
		}
		mptr := ptr + "/discriminator/mapping/" + loader.Escape(value)
		var target *openapi3.SchemaRef
		for _, m := range members {
			if m != nil && m.Ref != "" && (m.Ref == mref || strings.HasSuffix(m.Ref, "/"+refBase(mref))) {
				target = m
			}
		}
		if target == nil {
			if name, ok := b.refNames[mref]; ok {
				b.warnf(mptr, "mapping target %q is not a member of the %s; decoded as a variant anyway", mref, kw)
				addValue(name, value)
				mapped[mref] = true
				continue
			}
			b.warnf(mptr, "mapping target %q is not a member of the %s and names no schema of the document; the entry is ignored (members are selected by their fixed values of %q, else their schema names)", mref, kw, disc)
			continue
		}
		tr := b.ref(target, string(t.Name)+b.goName(value), ptr, depth+1)
		b.noteObject(tr.Name, target)
		mapped[target.Ref] = true
		addValue(tr.Name, value)
	}
	listed := map[string]bool{}
	for i, m := range members {
		mptr := fmt.Sprintf("%s/%s/%d", ptr, kw, i)
		if m == nil || m.Value == nil {
			b.warnf(mptr, "member %d of %s has no schema; ignored (its values decode as Unknown%s, kept as they came)", i, t.Name, t.Name)
			continue
		}
		if admitsOnlyNull(m) {
			continue // the union's null: a nil Value, read and written as null
		}
		if _, fixed := fixedValue(prop(m)); m.Ref == "" && !fixed && m.Value.Title == "" {
			// A value made up for it (its position) would be written on
			// the wire and match nothing the API sends.
			b.warnf(mptr, "inline member %d of discriminated union %s neither fixes the discriminator %q to a value nor has a title, so nothing says which value selects it; it is no variant, and its values decode as Unknown%s, kept as they came",
				i, t.Name, disc, t.Name)
			// Read all the same (its type, which nothing uses, is
			// dropped), so that every schema of the document is read.
			b.defineNamed(b.claimSchemaType(string(t.Name)+"Unselected", mptr, fmt.Sprintf("member %d of %s", i, t.Name)), "", &openapi3.SchemaRef{Value: m.Value}, mptr, depth+1)
			continue
		}
		if m.Ref == "" {
			name, value := b.inlineVariant(t.Name, m, prop(m), i, mptr, owner, depth)
			addValue(name, value)
			continue
		}
		if listed[m.Ref] {
			b.warnf(mptr, "%s is listed twice; the duplicate is ignored", m.Ref)
			continue
		}
		listed[m.Ref] = true
		if mapped[m.Ref] {
			continue
		}
		tr := b.ref(m, string(t.Name), ptr, depth+1)
		b.noteObject(tr.Name, m)
		// Without a mapping, a member writes the value its schema fixes
		// the property to, else the value AutoRest's extension names
		// (Azure's specs say so instead of a mapping), else its schema
		// name.
		value := refBase(m.Ref)
		xv, xok := m.Value.Extensions["x-ms-discriminator-value"].(string)
		if fx, ok := fixedValue(prop(m)); ok && owner[fx.Value] == "" {
			value = fx.Value
		} else if xok && xv != "" && owner[xv] == "" {
			value = xv
		} else if u.IntDiscriminator {
			b.warnf(mptr, "%s neither is mapped nor fixes the integer discriminator %q; it is selected by %q, which no integer is", m.Ref, u.Discriminator, value)
		}
		addValue(tr.Name, value)
	}
	for _, name := range order {
		v := byType[name]
		sort.Strings(v.Values)
		u.Variants = append(u.Variants, *v)
		for _, x := range v.Values {
			if _, err := strconv.ParseInt(x, 10, 64); u.IntDiscriminator && err != nil {
				b.warnf(ptr, "discriminator %q is an integer, but %s is selected by %q; the discriminator is read and written as a string", u.Discriminator, v.Type, x)
				u.IntDiscriminator = false
			}
		}
	}
	u.UnknownName = b.claimType("Unknown"+string(t.Name), ptr, "unknown variant of "+string(t.Name))
	t.Union = u
	b.unions = append(b.unions, t)
	if b.tagged == nil {
		b.tagged = map[ir.Ident]taggedSource{}
	}
	b.tagged[t.Name] = taggedSource{s, ptr, depth}
}

// inlineVariant defines the type of an inline member of a discriminated
// union, named after the union and the value that selects it: the value
// its schema fixes the property to, else its title (which defineUnion
// made sure it has), as a $ref member without a mapping is selected by
// its schema name.
func (b *builder) inlineVariant(union ir.Ident, m, prop *openapi3.SchemaRef, i int, ptr string, owner map[string]ir.Ident, depth int) (ir.Ident, string) {
	fx, fixed := fixedValue(prop)
	value := fx.Value
	if (!fixed || owner[value] != "") && m.Value.Title != "" {
		value = m.Value.Title
		b.warnf(ptr, "inline member %d of discriminated union %s does not fix the discriminator to a value of its own; it is selected by its title %q", i, union, value)
	}
	suffix := b.goName(value)
	if !startsUpper(suffix) {
		suffix = "Member" + strconv.Itoa(i)
	}
	name := b.claimSchemaType(shortName(string(union)+suffix), ptr, fmt.Sprintf("member %d of %s", i, union))
	b.defineNamed(name, "", &openapi3.SchemaRef{Value: m.Value}, ptr, depth+1)
	b.noteObject(name, m)
	if b.inlineVariants == nil {
		b.inlineVariants = map[string]ir.Ident{}
	}
	b.inlineVariants[ptr] = name
	return name, value
}

// noteObject records that the variant name is made from a free-form
// object schema ({type: object}, perhaps with additionalProperties):
// sealVariants makes its type a struct of undeclared properties, which
// the union can write its discriminator beside.
func (b *builder) noteObject(name ir.Ident, m *openapi3.SchemaRef) {
	if m == nil || m.Value == nil {
		return
	}
	s := b.merged(m.Value)
	if typeOf(s) == "object" && len(s.Properties) == 0 && !isUnion(s) {
		if b.objectVariants == nil {
			b.objectVariants = map[ir.Ident]bool{}
		}
		b.objectVariants[name] = true
	}
}

// objectStruct makes the type of a free-form object variant (an alias
// of raw JSON or of a map) a struct that keeps every property in its
// AdditionalProperties, which is the same JSON object.
func (b *builder) objectStruct(name ir.Ident) {
	vt := b.byName.Definition(name)
	if vt == nil || vt.Kind != ir.KindAlias || vt.Defined || !b.objectVariants[name] && !b.objectVariants[vt.Name] {
		return
	}
	extra := &ir.TypeRef{Kind: ir.RefRaw}
	switch vt.Alias.Kind {
	case ir.RefMap:
		extra = vt.Alias.Elem
	case ir.RefRaw:
	default:
		return
	}
	vt.Kind, vt.Alias, vt.Additional, vt.AdditionalField = ir.KindStruct, nil, extra, "AdditionalProperties"
}

func startsUpper(s string) bool {
	return s != "" && s[0] >= 'A' && s[0] <= 'Z'
}

// sealVariants drops the discriminator property from each variant struct:
// the union writes it, so a caller can neither forget nor mistype it. A
// discriminated union with a variant that is not a struct (a free-form
// object, a nested union) cannot write the property into it: it becomes
// an untagged union, with a warning.
func (b *builder) sealVariants() {
	for i := 0; i < len(b.unions); i++ {
		ut := b.unions[i]
		bad := ir.Ident("")
		for _, v := range ut.Union.Variants {
			b.objectStruct(v.Type)
		}
		for _, v := range ut.Union.Variants {
			if vt := b.byName.Definition(v.Type); vt == nil || vt.Kind != ir.KindStruct {
				bad = v.Type
				break
			}
		}
		if bad != "" {
			src, ok := b.tagged[ut.Name]
			delete(b.tagged, ut.Name)
			if !ok {
				b.warnf(ut.Pointer, "variant %s of union %s is not an object schema; %s is kept as raw JSON", bad, ut.Name, ut.Name)
				ut.Kind, ut.Union, ut.Alias = ir.KindAlias, nil, &ir.TypeRef{Kind: ir.RefRaw}
				continue
			}
			b.warnf(ut.Pointer, "variant %s of discriminated union %s is not an object schema, so it cannot carry the discriminator %q; the members are told apart by their shapes instead", bad, ut.Name, ut.Union.Discriminator)
			b.defineUntagged(ut, src.schema, src.ptr, src.depth)
			continue
		}
		for _, v := range ut.Union.Variants {
			vt := b.byName.Definition(v.Type)
			vt.VariantOf = append(vt.VariantOf, ut.Name)
			fields := vt.Fields[:0]
			for _, f := range vt.Fields {
				if f.JSONName != ut.Union.Discriminator {
					fields = append(fields, f)
				}
			}
			vt.Fields = fields
		}
	}
}
