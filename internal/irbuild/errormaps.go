package irbuild

import (
	"fmt"
	"sort"
	"strings"

	"github.com/orygen/orygen/internal/ir"
)

// errorMaps gives each operation that declares an error body (a JSON or
// text body for a status outside 2xx) the function that maps an
// *APIError to it, one function for all operations that declare the
// same: most operations of a spec share a handful. A status whose body is
// the one that applies without it (its range's, or the default's) needs no
// case of its own. The function is named for the
// body when it has one only ("errorsAsErrorGeneric"), else for the first
// operation, in service order, that uses it ("errorsOfGetLoginFlow").
// They are written to errormaps.go.
func (b *builder) errorMaps(api *ir.API) []*ir.ErrorMap {
	byKey := map[string]*ir.ErrorMap{}
	var maps []*ir.ErrorMap
	outer := b.ns.nested(importNames...)
	for _, s := range api.Services {
		for _, o := range s.Operations {
			m := errorMapOf(o)
			if m == nil {
				continue
			}
			key := m.key()
			if seen, ok := byKey[key]; ok {
				o.Errors = seen
				continue
			}
			want := "errorsOf" + string(o.Name)
			if len(m.Cases) == 0 && len(m.Ranges) == 0 && m.Default.Type.Kind == ir.RefNamed && m.Default.Kind == ir.BodyJSON {
				want = "errorsAs" + string(m.Default.Type.Name)
			}
			em := &ir.ErrorMap{Cases: m.Cases, Ranges: m.Ranges, Default: m.Default}
			em.Name = b.claimType(want, o.Pointer, "error mapper of "+o.ID)
			em.Param, _ = outer.nested(string(em.Name)).claim("e")
			byKey[key] = em
			o.Errors = em
			maps = append(maps, em)
		}
	}
	sort.Slice(maps, func(i, j int) bool { return maps[i].Name < maps[j].Name })
	return maps
}

// pendingMap is an operation's error statuses before they are named.
type pendingMap struct {
	Cases, Ranges []*ir.Response
	Default       *ir.Response
}

// errorMapOf keeps the statuses whose body is not the one that would
// apply without them: a range's body unless it is the default's, and an
// exact status's unless it is its range's or, without a range, the
// default's.
func errorMapOf(o *ir.Operation) *pendingMap {
	m := &pendingMap{}
	ranges := map[int]*ir.Response{}
	var cases []*ir.Response
	for _, r := range o.Responses {
		if !r.ErrorBody() {
			continue
		}
		switch {
		case r.Status == 0:
			m.Default = r
		case r.Range:
			ranges[r.Status/100] = r
		default:
			cases = append(cases, r)
		}
	}
	same := func(a, b *ir.Response) bool {
		return b != nil && a.Kind == b.Kind && typeKey(a.Type) == typeKey(b.Type)
	}
	for _, r := range o.Responses {
		if r.Range && ranges[r.Status/100] == r && !same(r, m.Default) {
			m.Ranges = append(m.Ranges, r)
		}
	}
	for _, r := range cases {
		fallback := m.Default
		if rg := ranges[r.Status/100]; rg != nil {
			fallback = rg
		}
		if !same(r, fallback) {
			m.Cases = append(m.Cases, r)
		}
	}
	if len(m.Cases) == 0 && len(m.Ranges) == 0 && m.Default == nil {
		return nil
	}
	return m
}

func (m *pendingMap) key() string {
	var b strings.Builder
	for _, r := range m.Cases {
		fmt.Fprintf(&b, "%d %d %s;", r.Status, r.Kind, typeKey(r.Type))
	}
	for _, r := range m.Ranges {
		fmt.Fprintf(&b, "%dXX %d %s;", r.Status/100, r.Kind, typeKey(r.Type))
	}
	if m.Default != nil {
		fmt.Fprintf(&b, "default %d %s", m.Default.Kind, typeKey(m.Default.Type))
	}
	return b.String()
}

// typeKey spells a type reference, one spelling per type.
func typeKey(r *ir.TypeRef) string {
	if r == nil {
		return ""
	}
	return fmt.Sprintf("%d(%s %d %s)", r.Kind, r.Name, r.Builtin, typeKey(r.Elem))
}
