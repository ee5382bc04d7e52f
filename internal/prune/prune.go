package prune

import (
	"slices"

	"github.com/orygen/orygen/internal/ir"
)

// Prune keeps the operations for which keep returns true and drops the
// rest, then the services left without operations and the types no kept
// operation reaches. Types are reached through parameters, bodies,
// responses and pagination items, and from a type through its fields,
// additional properties, alias target, union variants and the unions a
// struct is a variant of (the union writes that struct's discriminator).
// Names are not changed: a pruned package spells every name it keeps as
// the full one does.
func Prune(api *ir.API, keep func(*ir.Service, *ir.Operation) bool) { prune(api, keep, nil) }

// DropOrphans removes the inline types nothing uses any more: those
// named for a discriminator property that sealVariants took out of its
// variant structs (the union writes it). Every component schema keeps its
// type.
func DropOrphans(api *ir.API) {
	var roots []ir.Ident
	for _, t := range api.Types {
		if t.SchemaName != "" {
			roots = append(roots, t.Name)
		}
	}
	prune(api, func(*ir.Service, *ir.Operation) bool { return true }, roots)
}

func prune(api *ir.API, keep func(*ir.Service, *ir.Operation) bool, roots []ir.Ident) {
	byName := make(map[ir.Ident]*ir.Type, len(api.Types))
	for _, t := range api.Types {
		byName[t.Name] = t
	}
	reached := map[ir.Ident]bool{}
	var queue []ir.Ident
	for _, r := range roots {
		reach(reached, &queue, r)
	}
	var visit func(r *ir.TypeRef)
	visit = func(r *ir.TypeRef) {
		for ; r != nil; r = r.Elem {
			if r.Kind == ir.RefNamed {
				reach(reached, &queue, r.Name)
			}
		}
	}

	services := api.Services[:0]
	for _, s := range api.Services {
		ops := s.Operations[:0]
		for _, o := range s.Operations {
			if keep(s, o) {
				ops = append(ops, o)
			}
		}
		clear(s.Operations[len(ops):])
		s.Operations = ops
		if len(ops) > 0 {
			services = append(services, s)
		}
	}
	clear(api.Services[len(services):])
	api.Services = services
	used := map[*ir.ErrorMap]bool{}
	for _, s := range api.Services {
		for _, o := range s.Operations {
			used[o.Errors] = true
		}
	}
	api.ErrorMaps = slices.DeleteFunc(api.ErrorMaps, func(m *ir.ErrorMap) bool { return !used[m] })

	for _, s := range api.Services {
		for _, o := range s.Operations {
			for _, p := range o.PathParams {
				visit(&p.Type)
			}
			for _, p := range o.Params {
				visit(&p.Type)
			}
			if o.Body != nil {
				visit(&o.Body.Type)
			}
			for _, a := range o.BodyAlts {
				visit(&a.Body.Type)
			}
			for _, r := range o.Responses {
				visit(r.Type)
			}
			if o.Stream != nil {
				visit(o.Stream.Response.Type)
			}
			if pg := o.Pagination; pg != nil {
				visit(&pg.Item)
				if pg.Token != nil {
					visit(&pg.Token.Type)
				}
				if pg.NextField != nil {
					visit(&pg.NextField.Type)
				}
			}
		}
	}
	for len(queue) > 0 {
		t := byName[queue[0]]
		queue = queue[1:]
		if t == nil {
			continue
		}
		for _, f := range t.Fields {
			visit(&f.Type)
		}
		visit(t.Additional)
		visit(t.Alias)
		if t.Union != nil {
			for _, v := range t.Union.Variants {
				reach(reached, &queue, v.Type)
			}
		}
		for _, u := range t.VariantOf {
			reach(reached, &queue, u)
		}
	}

	types := api.Types[:0]
	for _, t := range api.Types {
		if reached[t.Name] {
			types = append(types, t)
		}
	}
	clear(api.Types[len(types):])
	api.Types = types
}

func reach(reached map[ir.Ident]bool, queue *[]ir.Ident, name ir.Ident) {
	if !reached[name] {
		reached[name] = true
		*queue = append(*queue, name)
	}
}
