package clientrt

import (
	"bytes"
	"reflect"
	"strings"
	"unsafe"
)

// Detach makes the value *v holds share no memory with the response body
// it was decoded from. Decoding is fast because strings and raw JSON are
// slices of one copy of the body, so a value kept alive keeps that copy
// alive: ten small values kept from 10 MB responses hold 100 MB. Detach
// copies every string, raw JSON value and byte slice v reaches (through
// pointers, slices, maps, unions and Nullable) into memory of its own.
// It walks the whole value by reflection: call it on the values you keep,
// not on every response.
func Detach[T any](v *T) {
	if v != nil {
		detach(reflect.ValueOf(v).Elem())
	}
}

// ownPkg is the generated package: its structs (Nullable, unions, unknown
// members) are walked, unexported fields too; other packages' structs
// (time.Time) hold nothing of a body.
var ownPkg = reflect.TypeFor[jsonDecoder]().PkgPath()

func detach(v reflect.Value) {
	switch v.Kind() {
	case reflect.String:
		if v.Len() > 0 {
			v.SetString(strings.Clone(v.String()))
		}
	case reflect.Slice:
		if v.IsNil() {
			return
		}
		if v.Type().Elem().Kind() == reflect.Uint8 {
			v.SetBytes(bytes.Clone(v.Bytes()))
			return
		}
		for i := range v.Len() {
			detach(v.Index(i))
		}
	case reflect.Array:
		for i := range v.Len() {
			detach(v.Index(i))
		}
	case reflect.Pointer:
		if !v.IsNil() {
			detach(v.Elem())
		}
	case reflect.Interface:
		if v.IsNil() {
			return
		}
		if e := v.Elem(); e.Kind() == reflect.Pointer {
			detach(e)
		} else {
			c := reflect.New(e.Type()).Elem()
			c.Set(e)
			detach(c)
			v.Set(c)
		}
	case reflect.Map:
		if v.IsNil() {
			return
		}
		m := reflect.MakeMapWithSize(v.Type(), v.Len())
		for it := v.MapRange(); it.Next(); {
			k := reflect.New(v.Type().Key()).Elem()
			k.Set(it.Key())
			detach(k)
			e := reflect.New(v.Type().Elem()).Elem()
			e.Set(it.Value())
			detach(e)
			m.SetMapIndex(k, e)
		}
		v.Set(m)
	case reflect.Struct:
		if v.Type().PkgPath() != ownPkg {
			return
		}
		for i := range v.NumField() {
			f := v.Field(i)
			if !f.CanSet() {
				// An unexported field (a union's tag, a Nullable's
				// value): v is addressable, Detach having a pointer.
				f = reflect.NewAt(f.Type(), unsafe.Pointer(f.UnsafeAddr())).Elem()
			}
			detach(f)
		}
	}
}
