package prune

import (
	"slices"

	"github.com/orygen/orygen/internal/ir"
)

// Prune keeps the operations for which keep returns true and drops the
// rest, then the services left without operations and the types no kept
// operation reaches: from its parameters, bodies, responses and
// pagination, along the type graph as ir's TypeIndex.Reach follows it.
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

	var refs []ir.TypeRef
	for _, n := range roots {
		refs = append(refs, ir.TypeRef{Kind: ir.RefNamed, Name: n})
	}
	add := func(r *ir.TypeRef) {
		if r != nil {
			refs = append(refs, *r)
		}
	}
	for _, s := range api.Services {
		for _, o := range s.Operations {
			for _, p := range o.PathParams {
				add(&p.Type)
			}
			for _, p := range o.Params {
				add(&p.Type)
			}
			if o.Body != nil {
				add(&o.Body.Type)
			}
			for _, a := range o.BodyAlts {
				add(&a.Body.Type)
			}
			for _, r := range o.Responses {
				add(r.Type)
			}
			if o.Stream != nil {
				add(o.Stream.Response.Type)
			}
			if pg := o.Pagination; pg != nil {
				add(&pg.Item)
				if pg.Token != nil {
					add(&pg.Token.Type)
				}
				if pg.NextField != nil {
					add(&pg.NextField.Type)
				}
			}
		}
	}
	reached := map[ir.Ident]bool{}
	api.Index().Reach(reached, refs...)

	types := api.Types[:0]
	for _, t := range api.Types {
		if reached[t.Name] {
			types = append(types, t)
		}
	}
	clear(api.Types[len(types):])
	api.Types = types
}
