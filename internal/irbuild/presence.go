package irbuild

import "github.com/orygen/orygen/internal/ir"

// decidePresence records how each struct field holds its value, once
// every type has its final form (free-form variants made structs, alias
// cycles broken) and the cyclic fields are known: required values are
// plain, optional ones pointers (scalars, structs) or nil-able (slices,
// maps, raw JSON), nullable ones Nullable[T]. Raw JSON is never
// Nullable: it holds a null itself.
func (b *builder) decidePresence(types []*ir.Type) {
	for _, t := range types {
		for _, f := range t.Fields {
			f.Presence = presence(f, b.byName.Resolve(f.Type))
		}
	}
}

// presence is the field's presence, r its type resolved.
func presence(f *ir.Field, r ir.TypeRef) ir.Presence {
	nilable := holdsNull(r) // raw JSON, which also holds one, is decided first
	switch {
	case r.Kind == ir.RefRaw && f.Required:
		return ir.PresenceValue
	case r.Kind == ir.RefRaw:
		return ir.PresenceRaw
	case f.Nullable && f.Required && f.Cyclic:
		return ir.PresenceNullablePointer
	case f.Nullable && f.Required:
		return ir.PresenceNullable
	case f.Nullable && f.Cyclic:
		return ir.PresenceOptionalNullablePointer
	case f.Nullable:
		return ir.PresenceOptionalNullable
	case nilable && f.Required:
		return ir.PresenceValue
	case nilable:
		return ir.PresenceNilable
	case f.Required && f.Cyclic:
		return ir.PresencePointer
	case f.Required:
		return ir.PresenceValue
	}
	return ir.PresenceOptional
}
