package apidiff

import (
	"fmt"
	"strconv"

	"github.com/orygen/orygen/internal/ir"
)

// Behavior is what a generated package does that its Go API does not
// show: which error each response status of an operation comes back as,
// and which values an enum lists. A declared 410 that disappears from a
// spec changes no signature, yet errors.As(err, &*ErrorResponse[Gone])
// stops matching; it can only be read from the model, so it is known for
// a spec, not for a directory of Go code.
type Behavior struct {
	// Errors maps an operation, by its method ("IdentityService.GetIdentity"),
	// to the Go error of each status it declares outside 2xx ("404",
	// "4XX", "default").
	Errors map[string]map[string]string
	// Enums maps an enum type to its values as JSON ("\"saml\"", "3").
	Enums map[string][]string
}

// apiError is the error of a status with no decodable body.
const apiError = "*APIError"

// FromModel reads the behaviour of the package generated from api.
func FromModel(api *ir.API) *Behavior {
	b := &Behavior{Errors: map[string]map[string]string{}, Enums: map[string][]string{}}
	for _, s := range api.Services {
		for _, o := range s.Operations {
			st := map[string]string{}
			for _, r := range o.Responses {
				key := statusKey(r)
				if r.Status >= 200 && r.Status < 300 {
					continue
				}
				st[key] = apiError
				if r.ErrorBody() {
					st[key] = "*ErrorResponse[" + refText(*r.Type) + "]"
				}
			}
			b.Errors[string(s.TypeName)+"."+string(o.Name)] = st
		}
	}
	for _, t := range api.Types {
		if t.Kind != ir.KindEnum || t.Enum == nil {
			continue
		}
		var vals []string
		for _, v := range t.Enum.Values {
			if t.Enum.Base == ir.String {
				vals = append(vals, strconv.Quote(v.String))
			} else {
				vals = append(vals, v.Int)
			}
		}
		b.Enums[string(t.Name)] = vals
	}
	return b
}

func statusKey(r *ir.Response) string {
	switch {
	case r.Status == 0:
		return "default"
	case r.Range:
		return strconv.Itoa(r.Status/100) + "XX"
	}
	return strconv.Itoa(r.Status)
}

// refText writes a type as the generated package spells it.
func refText(r ir.TypeRef) string {
	switch r.Kind {
	case ir.RefNamed:
		return string(r.Name)
	case ir.RefSlice:
		return "[]" + refText(*r.Elem)
	case ir.RefMap:
		return "map[string]" + refText(*r.Elem)
	case ir.RefNull:
		return "*" + refText(*r.Elem)
	case ir.RefRaw:
		return "json.RawMessage"
	case ir.RefTime:
		return "time.Time"
	}
	return [...]string{"string", "bool", "int32", "int64", "float64", "[]byte", "Upload"}[r.Builtin]
}

// effective is the error a status gets: its own response, else its
// class's ("4XX"), else the default, else a plain *APIError.
func effective(st map[string]string, key string) string {
	if e, ok := st[key]; ok {
		return e
	}
	if len(key) == 3 && key[1:] != "XX" {
		if e, ok := st[key[:1]+"XX"]; ok {
			return e
		}
	}
	if e, ok := st["default"]; ok {
		return e
	}
	return apiError
}

// compareBehavior lists what changed in behaviour from old to new, for
// the operations both have (an operation added or removed is a change of
// the Go API already).
func compareBehavior(old, new *Behavior) []Change {
	var out []Change
	for op, os := range old.Errors {
		ns, ok := new.Errors[op]
		if !ok {
			continue
		}
		keys := map[string]bool{}
		for k := range os {
			keys[k] = true
		}
		for k := range ns {
			keys[k] = true
		}
		for k := range keys {
			oe, ne := effective(os, k), effective(ns, k)
			_, inOld := os[k]
			_, inNew := ns[k]
			c := Change{Object: Object{Kind: KindStatus, Name: op + " " + k, Parent: op}}
			switch {
			case inOld && !inNew:
				c.Kind, c.Old = Removed, oe
			case !inOld && inNew:
				c.Kind, c.New = Added, ne
			case oe != ne:
				c.Kind, c.Old, c.New = Changed, oe, ne
			default:
				continue
			}
			status := "a " + k
			if k == "default" {
				status = "an undeclared status"
			}
			switch {
			case oe == ne:
				c.Note = fmt.Sprintf("%s still gives %s", status, ne)
			case oe == apiError:
				// *ErrorResponse[T] unwraps to the *APIError code matched.
				c.Note = fmt.Sprintf("%s now gives %s, which unwraps to the *APIError it gave", status, ne)
			default:
				c.Breaking = true
				c.Note = fmt.Sprintf("%s now gives %s: errors.As with %s no longer matches it", status, ne, oe)
			}
			out = append(out, c)
		}
	}
	for name, ov := range old.Enums {
		nv, ok := new.Enums[name]
		if !ok {
			continue
		}
		had := map[string]bool{}
		for _, v := range ov {
			had[v] = true
		}
		for _, v := range nv {
			if had[v] {
				continue
			}
			out = append(out, Change{Kind: Added, Object: Object{Kind: KindEnumValue, Name: name, Parent: name}, New: v,
				Note: "wire-compatible: an older client keeps it unchanged; its IsKnown is false"})
		}
	}
	return out
}
