package ir

import (
	"fmt"
	"strings"

	"github.com/orygen/orygen/internal/loader"
)

// recoverPanic turns a panic while building the model into a located
// error: a spec must never crash orygen. It names the component or
// operation being built.
func (b *builder) recoverPanic(err *error) {
	if r := recover(); r != nil {
		*err = &loader.Error{Diagnostic: loader.Diagnostic{File: b.file, Pointer: b.at,
			Message: fmt.Sprintf("internal error while building the model: %v (please report this, with the spec)", r)}}
	}
}

// checkAliasCycles fails a type alias that refers to itself through
// arrays, maps and other aliases only (A: {type: array, items: {$ref: A}}):
// Go has no recursive aliases, so `type A = []A` would not compile.
func (b *builder) checkAliasCycles() {
	reported := map[string]bool{}
	for _, t := range b.types {
		if !isPlainAlias(t) || reported[t.Name] {
			continue
		}
		if path := b.aliasCycle(t.Name, *t.Alias, map[string]bool{}); path != nil {
			for _, n := range path {
				reported[n] = true
			}
			b.fail(t.Pointer, "%s refers to itself through arrays, maps and references alone (%s), which a Go type alias cannot express",
				t.Name, strings.Join(append([]string{t.Name}, path...), " → "))
		}
	}
}

func isPlainAlias(t *Type) bool {
	return t != nil && t.Kind == KindAlias && !t.Defined && t.Alias != nil
}

// aliasCycle returns the names from r back to start, if r reaches start
// through slices, maps and plain aliases.
func (b *builder) aliasCycle(start string, r TypeRef, seen map[string]bool) []string {
	switch r.Kind {
	case RefSlice, RefMap:
		if r.Elem != nil {
			return b.aliasCycle(start, *r.Elem, seen)
		}
	case RefNamed:
		if r.Name == start {
			return []string{start}
		}
		t := b.byName[r.Name]
		if !isPlainAlias(t) || seen[r.Name] {
			return nil
		}
		seen[r.Name] = true
		if p := b.aliasCycle(start, *t.Alias, seen); p != nil {
			return append([]string{r.Name}, p...)
		}
	}
	return nil
}
