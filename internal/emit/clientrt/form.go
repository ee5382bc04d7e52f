package clientrt

import (
	"bytes"
	"encoding/json"
	"errors"
	"slices"
)

var errFormShape = errors.New("a form body must encode as a JSON object")

// formField is how one top-level property of a form body is written, as
// the media type's encoding object says. Properties it does not name are
// written the default way (see formValues).
type formField struct {
	style   string // "form", "deepObject", "spaceDelimited" or "pipeDelimited"
	explode bool
	json    bool // the encoding's contentType is JSON: the value is sent as JSON text
}

// jsonTree is v's JSON encoding, decoded into maps, slices and
// json.Numbers, so that field names follow the JSON names and unions carry
// their discriminator.
func jsonTree(v any) (any, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var top any
	if err := dec.Decode(&top); err != nil {
		return nil, err
	}
	return top, nil
}

// formValues encodes v, which must encode as a JSON object, as form
// fields (escaped name=value pieces, top-level properties in sorted
// order), each top-level property as fields names (nil: every property
// the default way), with the styles parameters use (style.go):
//   - deepObject: nested keys in brackets, address[city]=x, metadata[k]=v;
//     a list of scalars as expand[]=a&expand[]=b, a list of objects or
//     lists by index, items[0][price]=p;
//   - form with explode false: a list as one field, a,b (space- or
//     pipe-delimited: "a b", a|b); an object as k1,v1,k2,v2; the
//     delimiter is literal and a delimiter inside an item is encoded;
//   - JSON contentType: the value's JSON text;
//   - otherwise (form, exploded: OpenAPI's default): a list repeats its key
//     and nested objects join keys with dots (traits.email=...), the form
//     Ory's servers read (they name their UI nodes that way): a deliberate
//     deviation from the exploded form style, which has no rule for
//     nested objects.
func formValues(v any, fields map[string]formField) (queryList, error) {
	top, err := jsonTree(v)
	if err != nil {
		return nil, err
	}
	obj, ok := top.(map[string]any)
	if !ok {
		return nil, errFormShape
	}
	var vals queryList
	add := func(p string) { vals = append(vals, p) }
	for _, k := range sortedKeys(obj) {
		x := obj[k]
		f, ok := fields[k]
		switch {
		case !ok || x == nil:
			flattenForm(add, k, x)
		case f.json:
			b, err := json.Marshal(x)
			if err != nil {
				return nil, err
			}
			add(escapeForm(k) + "=" + escapeForm(string(b)))
		case f.style == "deepObject":
			styled(k, styleDeepObject, true, treeValue(x), escapeForm, "%20", add)
		case !f.explode:
			styled(k, formStyleNamed(f.style), false, treeValue(x), escapeForm, "%20", add)
		default:
			flattenForm(add, k, x)
		}
	}
	return vals, nil
}

// formStyleNamed is the style of a form property's encoding entry.
func formStyleNamed(s string) paramStyle {
	switch s {
	case "spaceDelimited":
		return styleSpaceDelimited
	case "pipeDelimited":
		return stylePipeDelimited
	}
	return styleForm
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// flattenForm writes x under key the default way: lists repeat the key,
// nested objects join keys with dots; null is left out.
func flattenForm(add func(string), key string, x any) {
	switch v := x.(type) {
	case []any:
		for _, e := range v {
			flattenForm(add, key, e)
		}
	case map[string]any:
		for _, k := range sortedKeys(v) {
			flattenForm(add, key+"."+k, v[k])
		}
	case nil:
	default:
		add(escapeForm(key) + "=" + escapeForm(itemText(x)))
	}
}
