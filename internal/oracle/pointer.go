package oracle

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// schemaAt finds the schema at a JSON pointer of the loaded document, as
// irbuild records them in ir.Type.Pointer: a path through the document's
// objects, where a $ref met on the way is followed to its target (a
// schema referenced from another file is recorded where it is used).
func schemaAt(doc *openapi3.T, ptr string) (*openapi3.Schema, error) {
	if ptr == "" || ptr[0] != '/' {
		return nil, fmt.Errorf("pointer %q does not start with /", ptr)
	}
	var cur any = doc
	for _, raw := range strings.Split(ptr[1:], "/") {
		tok := unescape(raw)
		next, err := step(cur, tok)
		if err != nil {
			return nil, fmt.Errorf("%s: at %q: %v", ptr, tok, err)
		}
		if next == nil {
			return nil, fmt.Errorf("%s: nothing at %q", ptr, tok)
		}
		cur = next
	}
	switch x := cur.(type) {
	case *openapi3.SchemaRef:
		if x.Value == nil {
			return nil, fmt.Errorf("%s: unresolved $ref %q", ptr, x.Ref)
		}
		return x.Value, nil
	case *openapi3.Schema:
		return x, nil
	}
	return nil, fmt.Errorf("%s: a %T, not a schema", ptr, cur)
}

func unescape(tok string) string {
	return strings.ReplaceAll(strings.ReplaceAll(tok, "~1", "/"), "~0", "~")
}

// step goes one token down from cur. Nil pointers come back as a nil any,
// so that the caller sees "nothing there".
func step(cur any, tok string) (any, error) {
	switch x := cur.(type) {
	case *openapi3.T:
		switch tok {
		case "paths":
			return nilIf(x.Paths), nil
		case "components":
			return nilIf(x.Components), nil
		case "webhooks":
			return x.Webhooks, nil
		}
	case map[string]*openapi3.PathItem:
		return nilIf(x[tok]), nil
	case *openapi3.Paths:
		return nilIf(x.Value(tok)), nil
	case *openapi3.Callback:
		return nilIf(x.Value(tok)), nil
	case *openapi3.PathItem:
		if tok == "parameters" {
			return x.Parameters, nil
		}
		op := x.GetOperation(strings.ToUpper(tok))
		if op == nil {
			return nil, nil
		}
		return operationIn{x, op}, nil
	case operationIn:
		if tok == "parameters" {
			return mergedParams(x.item.Parameters, x.op.Parameters), nil
		}
		return step(x.op, tok)
	case *openapi3.Operation:
		switch tok {
		case "requestBody":
			if x.RequestBody == nil {
				return nil, nil
			}
			return nilIf(x.RequestBody.Value), nil
		case "responses":
			return nilIf(x.Responses), nil
		case "parameters":
			return x.Parameters, nil
		case "callbacks":
			return x.Callbacks, nil
		}
	case openapi3.Callbacks:
		if r := x[tok]; r != nil {
			return nilIf(r.Value), nil
		}
		return nil, nil
	case *openapi3.RequestBody:
		if tok == "content" {
			return x.Content, nil
		}
	case *openapi3.Responses:
		if r := x.Value(tok); r != nil {
			return nilIf(r.Value), nil
		}
		return nil, nil
	case *openapi3.Response:
		switch tok {
		case "content":
			return x.Content, nil
		case "headers":
			return x.Headers, nil
		}
	case openapi3.Content:
		return nilIf(x[tok]), nil
	case *openapi3.MediaType:
		if tok == "schema" {
			return nilIf(x.Schema), nil
		}
	case openapi3.Parameters:
		i, err := strconv.Atoi(tok)
		if err != nil || i < 0 || i >= len(x) || x[i] == nil {
			return nil, fmt.Errorf("no parameter %s", tok)
		}
		return nilIf(x[i].Value), nil
	case *openapi3.Parameter:
		switch tok {
		case "schema":
			return nilIf(x.Schema), nil
		case "content":
			return x.Content, nil
		}
	case openapi3.Headers:
		if h := x[tok]; h != nil && h.Value != nil {
			return &h.Value.Parameter, nil
		}
		return nil, nil
	case *openapi3.Components:
		switch tok {
		case "schemas":
			return x.Schemas, nil
		case "requestBodies":
			return x.RequestBodies, nil
		case "responses":
			return x.Responses, nil
		case "parameters":
			return x.Parameters, nil
		case "headers":
			return x.Headers, nil
		case "callbacks":
			return x.Callbacks, nil
		}
	case openapi3.RequestBodies:
		if r := x[tok]; r != nil {
			return nilIf(r.Value), nil
		}
		return nil, nil
	case openapi3.ResponseBodies:
		if r := x[tok]; r != nil {
			return nilIf(r.Value), nil
		}
		return nil, nil
	case openapi3.ParametersMap:
		if r := x[tok]; r != nil {
			return nilIf(r.Value), nil
		}
		return nil, nil
	case openapi3.Schemas:
		return nilIf(x[tok]), nil
	case openapi3.SchemaRefs:
		i, err := strconv.Atoi(tok)
		if err != nil || i < 0 || i >= len(x) {
			return nil, fmt.Errorf("no member %s", tok)
		}
		return nilIf(x[i]), nil
	case *openapi3.SchemaRef:
		if x.Value == nil {
			return nil, fmt.Errorf("unresolved $ref %q", x.Ref)
		}
		return step(x.Value, tok)
	case *openapi3.Schema:
		return schemaStep(x, tok)
	}
	return nil, fmt.Errorf("cannot step into a %T", cur)
}

// operationIn is an operation with its path item, whose parameters it
// shares.
type operationIn struct {
	item *openapi3.PathItem
	op   *openapi3.Operation
}

// mergedParams are an operation's parameters as irbuild numbers them in
// its pointers: the path item's, then the operation's own, one of the
// same location and name replacing the other in place.
func mergedParams(shared, own openapi3.Parameters) openapi3.Parameters {
	type key struct{ in, name string }
	var list openapi3.Parameters
	idx := map[key]int{}
	for _, group := range []openapi3.Parameters{shared, own} {
		for _, pr := range group {
			if pr == nil || pr.Value == nil {
				continue
			}
			k := key{pr.Value.In, pr.Value.Name}
			if i, ok := idx[k]; ok {
				list[i] = pr
				continue
			}
			idx[k] = len(list)
			list = append(list, pr)
		}
	}
	return list
}

// properties are a schema's properties with those of its allOf members,
// which irbuild records under the schema that merges them; the schema's
// own come first.
func properties(s *openapi3.Schema, depth int) openapi3.Schemas {
	if len(s.AllOf) == 0 || depth > hardDepth {
		return s.Properties
	}
	out := openapi3.Schemas{}
	for i := len(s.AllOf) - 1; i >= 0; i-- {
		if m := s.AllOf[i]; m != nil && m.Value != nil {
			for k, v := range properties(m.Value, depth+1) {
				out[k] = v
			}
		}
	}
	for k, v := range s.Properties {
		out[k] = v
	}
	return out
}

// schemaStep goes one keyword down from a schema; a keyword the schema
// lacks is looked for in its allOf members, where irbuild finds it for a
// schema that only adds a description to a $ref (allOf: [{$ref: List},
// {description: ...}] records List's items under the schema's /items).
func schemaStep(s *openapi3.Schema, tok string) (any, error) {
	next, err := ownStep(s, tok)
	if err != nil || next != nil {
		return next, err
	}
	for _, m := range s.AllOf {
		if m == nil || m.Value == nil {
			continue
		}
		if next, err := schemaStep(m.Value, tok); err == nil && next != nil {
			return next, nil
		}
	}
	return nil, nil
}

func ownStep(s *openapi3.Schema, tok string) (any, error) {
	switch tok {
	case "properties":
		return nilIfEmpty(properties(s, 0)), nil
	case "patternProperties":
		return nilIfEmpty(s.PatternProperties), nil
	case "$defs":
		return nilIfEmpty(s.Defs), nil
	case "dependentSchemas":
		return nilIfEmpty(s.DependentSchemas), nil
	case "items":
		return nilIf(s.Items), nil
	case "additionalProperties":
		return nilIf(s.AdditionalProperties.Schema), nil
	case "unevaluatedProperties":
		return nilIf(s.UnevaluatedProperties.Schema), nil
	case "unevaluatedItems":
		return nilIf(s.UnevaluatedItems.Schema), nil
	case "allOf":
		return nilIfNone(s.AllOf), nil
	case "oneOf":
		return nilIfNone(s.OneOf), nil
	case "anyOf":
		return nilIfNone(s.AnyOf), nil
	case "prefixItems":
		return nilIfNone(s.PrefixItems), nil
	case "not":
		return nilIf(s.Not), nil
	case "contains":
		return nilIf(s.Contains), nil
	case "propertyNames":
		return nilIf(s.PropertyNames), nil
	case "if":
		return nilIf(s.If), nil
	case "then":
		return nilIf(s.Then), nil
	case "else":
		return nilIf(s.Else), nil
	}
	return nil, fmt.Errorf("no schema keyword %q", tok)
}

// nilIf turns a typed nil pointer into an untyped nil.
func nilIf[T any](p *T) any {
	if p == nil {
		return nil
	}
	return p
}

func nilIfEmpty(m openapi3.Schemas) any {
	if len(m) == 0 {
		return nil
	}
	return m
}

func nilIfNone(l openapi3.SchemaRefs) any {
	if len(l) == 0 {
		return nil
	}
	return l
}
