package clientrt

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
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
// fields, each top-level property as fields names (nil: every property the
// default way):
//   - deepObject: nested keys in brackets, address[city]=x, metadata[k]=v;
//     a list of scalars as expand[]=a&expand[]=b, a list of objects or
//     lists by index, items[0][price]=p;
//   - form with explode false: a list as one field, a,b (space- or
//     pipe-delimited: "a b", a|b); an object as k1,v1,k2,v2;
//   - JSON contentType: the value's JSON text;
//   - otherwise (form, exploded: OpenAPI's default): a list repeats its key
//     and nested objects join keys with dots (traits.email=...), the form
//     Ory's servers read (they name their UI nodes that way).
func formValues(v any, fields map[string]formField) (url.Values, error) {
	top, err := jsonTree(v)
	if err != nil {
		return nil, err
	}
	obj, ok := top.(map[string]any)
	if !ok {
		return nil, errFormShape
	}
	vals := url.Values{}
	for _, k := range sortedKeys(obj) {
		x := obj[k]
		f, ok := fields[k]
		switch {
		case !ok || x == nil:
			flattenForm(vals, k, x)
		case f.json:
			b, err := json.Marshal(x)
			if err != nil {
				return nil, err
			}
			vals.Add(k, string(b))
		case f.style == "deepObject":
			deepForm(vals, k, x)
		case !f.explode:
			vals.Add(k, delimited(x, f.style))
		default:
			flattenForm(vals, k, x)
		}
	}
	return vals, nil
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// scalarText is the text of a JSON scalar, and false for anything else.
func scalarText(x any) (string, bool) {
	switch v := x.(type) {
	case string:
		return v, true
	case json.Number:
		return v.String(), true
	case bool:
		return strconv.FormatBool(v), true
	}
	return "", false
}

// flattenForm writes x under key the default way: lists repeat the key,
// nested objects join keys with dots; null is left out.
func flattenForm(vals url.Values, key string, x any) {
	switch v := x.(type) {
	case []any:
		for _, e := range v {
			flattenForm(vals, key, e)
		}
	case map[string]any:
		for _, k := range sortedKeys(v) {
			flattenForm(vals, key+"."+k, v[k])
		}
	default:
		if s, ok := scalarText(x); ok {
			vals.Add(key, s)
		}
	}
}

// deepForm writes x under key with brackets: objects and maps as
// key[k], lists of scalars as key[], other lists by index, key[0][k].
func deepForm(vals url.Values, key string, x any) {
	switch v := x.(type) {
	case []any:
		allScalar := true
		for _, e := range v {
			if _, ok := scalarText(e); !ok && e != nil {
				allScalar = false
			}
		}
		for i, e := range v {
			if allScalar {
				deepForm(vals, key+"[]", e)
			} else {
				deepForm(vals, key+"["+strconv.Itoa(i)+"]", e)
			}
		}
	case map[string]any:
		for _, k := range sortedKeys(v) {
			deepForm(vals, key+"["+k+"]", v[k])
		}
	default:
		if s, ok := scalarText(x); ok {
			vals.Add(key, s)
		}
	}
}

// delimited is a list or object as one field (form, spaceDelimited or
// pipeDelimited style with explode false): a,b or k1,v1,k2,v2. Values
// that are not scalars are written as JSON text.
func delimited(x any, style string) string {
	sep := ","
	switch style {
	case "spaceDelimited":
		sep = " "
	case "pipeDelimited":
		sep = "|"
	}
	text := func(e any) string {
		if s, ok := scalarText(e); ok {
			return s
		}
		b, _ := json.Marshal(e)
		return string(b)
	}
	var parts []string
	switch v := x.(type) {
	case []any:
		for _, e := range v {
			parts = append(parts, text(e))
		}
	case map[string]any:
		for _, k := range sortedKeys(v) {
			parts = append(parts, k, text(v[k]))
		}
	default:
		return text(x)
	}
	return strings.Join(parts, sep)
}

// objectParam sends an object (or, deepObject, a list) query parameter:
// deepObject with brackets as a form property of that style is written
// (filter[role]=x, filter[tags][]=a, expand[]=a, items[0][id]=x);
// otherwise (form style, exploded) one parameter per property, nested
// keys joined with dots.
func (c *call) objectParam(name string, v any, deep bool) {
	x, err := jsonTree(v)
	if err != nil {
		c.fail(fmt.Errorf("query parameter %s: %w", name, err))
		return
	}
	if deep {
		deepForm(c.query, name, x)
		return
	}
	obj, ok := x.(map[string]any)
	if !ok {
		c.fail(fmt.Errorf("query parameter %s: an exploded form parameter must encode as a JSON object", name))
		return
	}
	for _, k := range sortedKeys(obj) {
		flattenForm(c.query, k, obj[k])
	}
}
