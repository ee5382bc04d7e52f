package oracle

import "github.com/orygen/orygen/internal/ir"

// sealed maps each struct that is a discriminated union's variant, and is
// used nowhere but as that variant, to the discriminator properties its
// unions write for it. Such a struct has no field for the property (the
// union writes it, so a caller cannot forget it), so decoded on its own it
// leaves the property out, which the oracle does not count as a loss. A
// variant struct that a field, body, response or parameter also uses on
// its own gets no such allowance: there, the property is lost.
func sealed(api *ir.API) map[ir.Ident][]string {
	alone := map[ir.Ident]bool{}
	var mark func(r *ir.TypeRef)
	mark = func(r *ir.TypeRef) {
		for r != nil {
			if r.Kind == ir.RefNamed {
				alone[r.Name] = true
			}
			r = r.Elem
		}
	}
	for _, t := range api.Types {
		for _, f := range t.Fields {
			mark(&f.Type)
		}
		mark(t.Alias)
		mark(t.Additional)
	}
	for _, s := range api.Services {
		for _, o := range s.Operations {
			if o.Body != nil {
				mark(&o.Body.Type)
			}
			for _, r := range o.Responses {
				mark(r.Type)
			}
			for _, p := range append(append([]*ir.Param(nil), o.PathParams...), o.Params...) {
				mark(&p.Type)
			}
		}
	}
	byName := api.Index()
	out := map[ir.Ident][]string{}
	for _, t := range api.Types {
		if len(t.VariantOf) == 0 || alone[t.Name] {
			continue
		}
		for _, u := range t.VariantOf {
			if ut := byName[u]; ut != nil && ut.Union != nil && ut.Union.Discriminator != "" {
				out[t.Name] = append(out[t.Name], ut.Union.Discriminator)
			}
		}
	}
	return out
}

// hasUpload: a struct with a multipart file part (or a list of them),
// which is not JSON.
func hasUpload(t *ir.Type) bool {
	for _, f := range t.Fields {
		r := f.Type
		if r.Kind == ir.RefSlice && r.Elem != nil {
			r = *r.Elem
		}
		if r.Kind == ir.RefBuiltin && r.Builtin == ir.Upload {
			return true
		}
	}
	return false
}
