package ir

// TypeIndex finds an API's named types by name, and answers the two
// questions about the graph they make that the builder, the pruner and
// the emitters all ask: what a reference stands for once aliases are
// followed (Resolve, Unalias, Definition), and which types a reference
// leads to (Reach). The builder fills one as it declares types; Index
// makes one for a finished API.
type TypeIndex map[Ident]*Type

// Index indexes the API's types by name.
func (a *API) Index() TypeIndex {
	x := make(TypeIndex, len(a.Types))
	for _, t := range a.Types {
		x[t.Name] = t
	}
	return x
}

// Resolve follows the aliases r names, defined types (type X Y) as well
// as aliases (type X = Y), to the reference they stand for: the form of
// r's values, which is what JSON and the wire see. It stops at a struct,
// enum or union, at a reference that names no type (a slice, a map, a
// builtin...), and at a name the index lacks.
func (x TypeIndex) Resolve(r TypeRef) TypeRef {
	r, _ = x.follow(r, true)
	return r
}

// Unalias is Resolve stopping at defined types: the reference it returns
// names the same Go type as r, which Go code may assign without a
// conversion (a defined type is a Go type of its own, to carry methods).
func (x TypeIndex) Unalias(r TypeRef) TypeRef {
	r, _ = x.follow(r, false)
	return r
}

// Definition is the named type that name stands for, following aliases
// as Resolve does: the struct, enum or union at the end of its aliases,
// or the last alias when that one stands for a slice, map or builtin. It
// is nil when a name on the way has no type, or the aliases go round.
func (x TypeIndex) Definition(name Ident) *Type {
	_, t := x.follow(TypeRef{Kind: RefNamed, Name: name}, true)
	return t
}

// follow is the one walk along aliases. It returns where it stopped and
// the named type it stopped at, or the last alias it passed when it
// stopped at a reference that is no name. A chain longer than the index
// has types goes round a cycle of aliases (the builder makes one of them
// a defined type, which only Unalias stops at): follow gives up there
// and returns r as it was, with no type.
func (x TypeIndex) follow(r TypeRef, throughDefined bool) (TypeRef, *Type) {
	var last *Type
	at := r
	for range len(x) + 1 {
		if at.Kind != RefNamed {
			return at, last
		}
		t := x[at.Name]
		if t == nil || t.Kind != KindAlias || t.Defined && !throughDefined || t.Alias == nil {
			return at, t
		}
		last, at = t, *t.Alias
	}
	return r, nil
}

// Reach adds to seen every named type of the index that one of roots
// leads to and seen lacks, and those they lead to in turn: through
// slice and map elements, an alias's target, a struct's fields and
// undeclared properties, a union's variants, and the unions a struct is
// a variant of (the union writes that struct's discriminator and seals
// it with its marker method). A name the index lacks is not added.
func (x TypeIndex) Reach(seen map[Ident]bool, roots ...TypeRef) {
	stack := make([]*TypeRef, 0, len(roots))
	for i := range roots {
		stack = append(stack, &roots[i])
	}
	for len(stack) > 0 {
		r := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		for ; r != nil && r.Kind != RefNamed; r = r.Elem {
		}
		if r == nil {
			continue
		}
		t := x[r.Name]
		if t == nil || seen[t.Name] {
			continue
		}
		seen[t.Name] = true
		for _, f := range t.Fields {
			stack = append(stack, &f.Type)
		}
		stack = append(stack, t.Additional, t.Alias)
		if t.Union != nil {
			for _, v := range t.Union.Variants {
				stack = append(stack, &TypeRef{Kind: RefNamed, Name: v.Type})
			}
		}
		for _, u := range t.VariantOf {
			stack = append(stack, &TypeRef{Kind: RefNamed, Name: u})
		}
	}
}
