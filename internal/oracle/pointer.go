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
		return nilIf(x.GetOperation(strings.ToUpper(tok))), nil
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

func schemaStep(s *openapi3.Schema, tok string) (any, error) {
	switch tok {
	case "properties":
		return s.Properties, nil
	case "patternProperties":
		return s.PatternProperties, nil
	case "$defs":
		return s.Defs, nil
	case "dependentSchemas":
		return s.DependentSchemas, nil
	case "items":
		return nilIf(s.Items), nil
	case "additionalProperties":
		return nilIf(s.AdditionalProperties.Schema), nil
	case "unevaluatedProperties":
		return nilIf(s.UnevaluatedProperties.Schema), nil
	case "unevaluatedItems":
		return nilIf(s.UnevaluatedItems.Schema), nil
	case "allOf":
		return s.AllOf, nil
	case "oneOf":
		return s.OneOf, nil
	case "anyOf":
		return s.AnyOf, nil
	case "prefixItems":
		return s.PrefixItems, nil
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
