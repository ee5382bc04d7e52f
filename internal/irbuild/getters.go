package irbuild

import "github.com/orygen/orygen/internal/ir"

// claimGetters names the nil-safe getters of each struct's optional
// pointer fields, once their presence is decided: Get plus the field's
// name. A getter shares the struct's method set with its fields, its
// JSON methods and the map of undeclared properties, so a name that one
// of those (or an earlier getter) holds leaves the field without a
// getter rather than giving it a numbered one, GetActive2, that reads as
// a second field. The field itself is still there to read.
func (b *builder) claimGetters(types []*ir.Type) {
	for _, t := range types {
		if t.Kind != ir.KindStruct {
			continue
		}
		taken := newNamespace("MarshalJSON", "UnmarshalJSON")
		if t.AdditionalField != "" {
			taken.used[string(t.AdditionalField)] = true
		}
		for _, f := range t.Fields {
			taken.used[string(f.Name)] = true
		}
		for _, f := range t.Fields {
			if f.Presence != ir.PresenceOptional {
				continue
			}
			want := "Get" + string(f.Name)
			if taken.taken(want) {
				continue
			}
			f.Getter, _ = taken.claim(want)
		}
	}
}
