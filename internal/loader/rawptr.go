package loader

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// markRaw marks the schema an Options.Raw entry names as x-orygen-raw:
// a component schema's name, or a JSON pointer to a schema anywhere in
// the document (#/components/schemas/Pet/properties/extra,
// #/paths/~1pets/post/requestBody/content/multipart~1form-data/schema).
func markRaw(doc *openapi3.T, entry string) error {
	var s *openapi3.Schema
	if strings.HasPrefix(entry, "#/") {
		var err error
		if s, err = pointerSchema(doc, entry); err != nil {
			return err
		}
	} else {
		if doc.Components != nil {
			if sr := doc.Components.Schemas[entry]; sr != nil {
				s = sr.Value
			}
		}
		if s == nil {
			return fmt.Errorf("the spec has no component schema %q", entry)
		}
	}
	if s.Extensions == nil {
		s.Extensions = map[string]any{}
	}
	s.Extensions["x-orygen-raw"] = true
	return nil
}

// pointerSchema finds the schema a JSON pointer names, through
// components, paths, operations, parameters, bodies, responses and the
// keywords of schemas that hold schemas.
func pointerSchema(doc *openapi3.T, ptr string) (*openapi3.Schema, error) {
	var segs []string
	for _, s := range strings.Split(strings.TrimPrefix(ptr, "#/"), "/") {
		segs = append(segs, strings.NewReplacer("~1", "/", "~0", "~").Replace(s))
	}
	fail := func(i int) (*openapi3.Schema, error) {
		return nil, fmt.Errorf("%s: the spec has no schema at %s", ptr, "#/"+strings.Join(strings.Split(strings.TrimPrefix(ptr, "#/"), "/")[:i+1], "/"))
	}
	index := func(i, n int) (int, bool) {
		k, err := strconv.Atoi(segs[i])
		return k, err == nil && k >= 0 && k < n
	}
	var node any = doc
	for i := 0; i < len(segs); i++ {
		seg := segs[i]
		switch n := node.(type) {
		case *openapi3.T:
			switch {
			case seg == "components" && n.Components != nil && i+2 < len(segs) && segs[i+1] == "schemas":
				node, i = n.Components.Schemas[segs[i+2]], i+2
			case seg == "paths" && n.Paths != nil && i+1 < len(segs):
				node, i = n.Paths.Value(segs[i+1]), i+1
			default:
				return fail(i)
			}
		case *openapi3.PathItem:
			if seg == "parameters" {
				node = n.Parameters
			} else {
				node = n.GetOperation(strings.ToUpper(seg))
			}
		case *openapi3.Operation:
			switch seg {
			case "parameters":
				node = n.Parameters
			case "requestBody":
				if n.RequestBody == nil {
					return fail(i)
				}
				node = n.RequestBody.Value
			case "responses":
				if n.Responses == nil || i+1 >= len(segs) {
					return fail(i)
				}
				rr := n.Responses.Value(segs[i+1])
				if rr == nil {
					return fail(i + 1)
				}
				node, i = rr.Value, i+1
			default:
				return fail(i)
			}
		case openapi3.Parameters:
			k, ok := index(i, len(n))
			if !ok || n[k] == nil {
				return fail(i)
			}
			node = n[k].Value
		case *openapi3.Parameter:
			if seg != "schema" {
				return fail(i)
			}
			node = n.Schema
		case *openapi3.RequestBody:
			if seg != "content" || i+1 >= len(segs) {
				return fail(i)
			}
			node, i = n.Content.Get(segs[i+1]), i+1
		case *openapi3.Response:
			if seg != "content" || i+1 >= len(segs) {
				return fail(i)
			}
			node, i = n.Content.Get(segs[i+1]), i+1
		case *openapi3.MediaType:
			if seg != "schema" {
				return fail(i)
			}
			node = n.Schema
		case *openapi3.SchemaRef:
			if n == nil || n.Value == nil {
				return fail(i - 1)
			}
			node = n.Value
			i--
		case *openapi3.Schema:
			var next *openapi3.SchemaRef
			list := map[string]openapi3.SchemaRefs{"allOf": n.AllOf, "oneOf": n.OneOf, "anyOf": n.AnyOf}
			switch {
			case seg == "properties" && i+1 < len(segs):
				next, i = n.Properties[segs[i+1]], i+1
			case seg == "items":
				next = n.Items
			case seg == "additionalProperties":
				next = n.AdditionalProperties.Schema
			case seg == "not":
				next = n.Not
			case list[seg] != nil && i+1 < len(segs):
				if k, ok := index(i+1, len(list[seg])); ok {
					next = list[seg][k]
				}
				i++
			}
			if next == nil {
				return fail(i)
			}
			node = next
		default:
			return fail(i - 1)
		}
		if isNil(node) {
			return fail(i)
		}
	}
	switch n := node.(type) {
	case *openapi3.SchemaRef:
		if n.Value != nil {
			return n.Value, nil
		}
	case *openapi3.Schema:
		return n, nil
	}
	return nil, fmt.Errorf("%s: not a schema", ptr)
}

func isNil(node any) bool {
	switch n := node.(type) {
	case nil:
		return true
	case *openapi3.SchemaRef:
		return n == nil
	case *openapi3.PathItem:
		return n == nil
	case *openapi3.Operation:
		return n == nil
	case *openapi3.Parameter:
		return n == nil
	case *openapi3.RequestBody:
		return n == nil
	case *openapi3.Response:
		return n == nil
	case *openapi3.MediaType:
		return n == nil
	}
	return false
}
