package contract

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/orygen/orygen/internal/ir"
)

// reachableTypes collects the generated package's named types reachable
// from the services' method signatures, by name.
func (e *env) reachableTypes() map[string]reflect.Type {
	pkg := e.c.apiError.Elem().PkgPath()
	seen := map[reflect.Type]bool{}
	out := map[string]reflect.Type{}
	var walk func(t reflect.Type)
	walk = func(t reflect.Type) {
		if seen[t] {
			return
		}
		seen[t] = true
		if t.PkgPath() == pkg && t.Name() != "" {
			out[t.Name()] = t
		}
		switch t.Kind() {
		case reflect.Pointer, reflect.Slice, reflect.Array:
			walk(t.Elem())
		case reflect.Map:
			walk(t.Key())
			walk(t.Elem())
		case reflect.Struct:
			for i := 0; i < t.NumField(); i++ {
				walk(t.Field(i).Type)
			}
		case reflect.Func:
			for i := 0; i < t.NumIn(); i++ {
				walk(t.In(i))
			}
			for i := 0; i < t.NumOut(); i++ {
				walk(t.Out(i))
			}
		}
	}
	for _, o := range e.ops {
		walk(o.method.Type())
	}
	return out
}

// unions decodes every variant of every discriminated union the spec
// names in components: the value must land in its typed variant (not the
// Unknown one) and re-encode to the same JSON. The operations only ever
// see each union's first variant.
func (e *env) unions(t testing.TB) {
	types := e.reachableTypes()
	checked, unions := 0, 0
	for _, ty := range e.api.Types {
		if ty.Kind != ir.KindUnion || ty.SchemaName == "" {
			continue
		}
		gt, ok := types[string(ty.Name)]
		if !ok {
			continue // no operation uses it
		}
		unions++
		ref := e.doc.Components.Schemas[ty.SchemaName]
		if ref == nil || ref.Value == nil || ref.Value.Discriminator == nil {
			t.Errorf("%s: union %s: no discriminated schema %s", e.c.name, ty.Name, ty.SchemaName)
			continue
		}
		s := ref.Value
		for _, variant := range ty.Union.Variants {
			for _, key := range variant.Values {
				where := e.c.name + " union " + string(ty.Name) + " " + s.Discriminator.PropertyName + "=" + key
				if _, ok := s.Discriminator.Mapping[key]; !ok {
					t.Errorf("%s: the spec's mapping has no %q", where, key)
					continue
				}
				g := synth{all: true}
				v, err := g.variant(s, key, 0)
				if err == nil {
					err = g.check(s, v)
				}
				if err != nil {
					t.Errorf("%s: %v", where, err)
					continue
				}
				data, _ := json.Marshal(v)
				u := reflect.New(gt)
				if err := json.Unmarshal(data, u.Interface()); err != nil {
					t.Errorf("%s: %v\n%s", where, err, data)
					continue
				}
				val := u.Elem().FieldByName("Value")
				if !val.IsValid() || val.IsNil() {
					t.Errorf("%s: decoded to no variant\n%s", where, data)
					continue
				}
				if got := strings.TrimPrefix(e.unqualifiedName(val.Elem().Type()), "*"); got != string(variant.Type) {
					t.Errorf("%s: decoded as %s, want %s\n%s", where, got, variant.Type, data)
					continue
				}
				if d := jsonDiff(v, u.Interface()); d != "" {
					t.Errorf("%s: re-encodes differently (%s)\n%s", where, d, data)
				}
				checked++
			}
		}
	}
	t.Logf("%s: %d variants of %d unions decode to their types", e.c.name, checked, unions)
}

func (e *env) unqualifiedName(t reflect.Type) string {
	return strings.ReplaceAll(t.String(), e.pkg+".", "")
}
