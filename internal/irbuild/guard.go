package irbuild

import (
	"fmt"

	"github.com/orygen/orygen/internal/ir"
	"github.com/orygen/orygen/internal/loader"
)

// recoverPanic turns a panic while building the model into a located
// error: a spec must never crash orygen. It names the component or
// operation being built.
func (b *builder) recoverPanic(err *error) {
	if r := recover(); r != nil {
		if e, ok := r.(*loader.Error); ok {
			*err = e // a budget's refusal (budget.go)
			return
		}
		*err = &loader.Error{Diagnostic: loader.Diagnostic{File: b.file, Pointer: b.at,
			Message: fmt.Sprintf("internal error while building the model: %v (please report this, with the spec)", r)}}
	}
}

// checkAliasCycles breaks each cycle of type aliases that refer to
// themselves through arrays, maps and other aliases only (A: {type:
// array, items: {$ref: A}}): Go has no recursive aliases, so `type A =
// []A` would not compile, but `type A []A` does. The first alias of the
// cycle becomes a defined type, with a warning (its values are the same
// JSON; it is another Go type than the slice or map it spells).
func (b *builder) checkAliasCycles() {
	reported := map[ir.Ident]bool{}
	for _, t := range b.types {
		if !isPlainAlias(t) || reported[t.Name] {
			continue
		}
		if path := b.aliasCycle(t.Name, *t.Alias, map[ir.Ident]bool{}); path != nil {
			for _, n := range path {
				reported[n] = true
			}
			t.Defined = true
			b.warnf(t.Pointer, "%s refers to itself through arrays, maps and references alone (%s), which a Go type alias cannot express; %s is a defined type instead",
				t.Name, joinIdents(append([]ir.Ident{t.Name}, path...), " → "), t.Name)
		}
	}
}

func isPlainAlias(t *ir.Type) bool {
	return t != nil && t.Kind == ir.KindAlias && !t.Defined && t.Alias != nil
}

// aliasCycle returns the names from r back to start, if r reaches start
// through slices, maps and plain aliases.
func (b *builder) aliasCycle(start ir.Ident, r ir.TypeRef, seen map[ir.Ident]bool) []ir.Ident {
	switch r.Kind {
	case ir.RefSlice, ir.RefMap, ir.RefNull:
		if r.Elem != nil {
			return b.aliasCycle(start, *r.Elem, seen)
		}
	case ir.RefNamed:
		if r.Name == start {
			return []ir.Ident{start}
		}
		t := b.byName[r.Name]
		if !isPlainAlias(t) || seen[r.Name] {
			return nil
		}
		seen[r.Name] = true
		if p := b.aliasCycle(start, *t.Alias, seen); p != nil {
			return append([]ir.Ident{r.Name}, p...)
		}
	}
	return nil
}
