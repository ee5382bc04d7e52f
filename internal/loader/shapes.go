package loader

// A shape is what the OpenAPI specification allows at a place in the
// document: enough of it to find, with a JSON pointer, the mistakes that
// would otherwise surface as an unlocated unmarshalling error from
// kin-openapi ("cannot unmarshal array into field T.paths"), and to
// repair them (repairs.go). Keys a shape does not name (extensions,
// fields of newer versions) are not checked; TestShapesCoverKin checks
// that every field kin-openapi decodes into a typed Go value is named.
type shape struct {
	kind   shapeKind
	fields map[string]*shape // sObject
	elem   *shape            // sMap, sArray
	// refable: the object may be a Reference Object ({$ref: ...}), which
	// is then followed and the target checked against the shape instead.
	refable bool
	// check runs after the shape's own checks pass, for rules across
	// fields.
	check func(c *checker, f *srcFile, n *node, ptr string)
	// hint is added to a type mismatch.
	hint string

	// What the repairs (repairs.go) need to know of a place:
	//
	// compose: a list of alternatives or parts (oneOf, anyOf, allOf),
	// from which a member that is not a schema is dropped rather than
	// read as any JSON value.
	compose bool
	// unreadable: what a boolean that reads as neither true nor false is
	// taken as ("true" for nullable, the wider type); "" drops it.
	unreadable string
	// mainField: an object that may be given as just the value of this
	// field (Swagger 2.0's discriminator: kind is {propertyName: kind}; an
	// example given as its value).
	mainField string
	// ext: the map's keys starting with "x-" are extensions, not
	// members (Paths, Responses, Callback).
	ext bool
	// what names the kind of object a place holds ("a parameter"), for
	// the places a $ref may point at; a $ref to a place of another kind
	// is repaired (wrongKindRef).
	what string
	// needed: the document needs the place (info, paths, responses), so
	// a value of the wrong kind becomes an empty one rather than absent.
	needed bool
}

type shapeKind int

const (
	sAny shapeKind = iota
	sObject
	sMap
	sArray
	sString  // a string
	sBool    // true or false
	sNumber  // a number
	sUint    // a non-negative integer
	sTypes   // a string, or an array of strings (OpenAPI 3.1)
	sBoolNum // a boolean (3.0) or a number (3.1): exclusiveMinimum/Maximum
	sSchema  // a Schema Object, or a boolean (JSON Schema's true/false)
)

var (
	anyShape    = &shape{kind: sAny}
	strShape    = &shape{kind: sString}
	boolShape   = &shape{kind: sBool}
	numShape    = &shape{kind: sNumber}
	uintShape   = &shape{kind: sUint}
	strsShape   = &shape{kind: sArray, elem: strShape}
	strMapShape = &shape{kind: sMap, elem: strShape}
)

func obj(fields map[string]*shape) *shape { return &shape{kind: sObject, fields: fields} }
func refObj(fields map[string]*shape) *shape {
	return &shape{kind: sObject, fields: fields, refable: true}
}
func mapOf(s *shape) *shape   { return &shape{kind: sMap, elem: s} }
func arrayOf(s *shape) *shape { return &shape{kind: sArray, elem: s} }

// The shapes of OpenAPI 3.0/3.1 objects; recursive ones are filled in by
// init.
var (
	schemaShape    = &shape{kind: sSchema, refable: true}
	parameterShape = refObj(nil)
	headerShape    = refObj(nil)
	mediaTypeShape = obj(nil)
	responseShape  = refObj(nil)
	requestShape   = refObj(nil)
	pathItemShape  = refObj(nil)
	operationShape = obj(nil)
	exampleShape   = &shape{kind: sObject, refable: true, mainField: "value", fields: map[string]*shape{
		"summary": strShape, "description": strShape, "value": anyShape, "externalValue": strShape,
	}}
	linkShape     = refObj(nil)
	callbackShape = &shape{kind: sMap, refable: true, ext: true}
	docShape      = obj(nil)
)

var (
	externalDocsShape = &shape{kind: sObject, mainField: "url", fields: map[string]*shape{"url": strShape, "description": strShape}}
	serverShape       = &shape{kind: sObject, mainField: "url", fields: map[string]*shape{
		"url": strShape, "description": strShape,
		"variables": mapOf(obj(map[string]*shape{"enum": strsShape, "default": strShape, "description": strShape})),
	}}
	serversShape     = arrayOf(serverShape)
	securityReqShape = arrayOf(mapOf(strsShape))
	oauthFlowShape   = obj(map[string]*shape{
		"authorizationUrl": strShape, "tokenUrl": strShape, "refreshUrl": strShape, "scopes": strMapShape,
	})
	securitySchemeShape = refObj(map[string]*shape{
		"type": strShape, "description": strShape, "name": strShape, "in": strShape, "scheme": strShape,
		"bearerFormat": strShape, "openIdConnectUrl": strShape,
		"flows": obj(map[string]*shape{
			"implicit": oauthFlowShape, "password": oauthFlowShape,
			"clientCredentials": oauthFlowShape, "authorizationCode": oauthFlowShape,
		}),
	})
	encodingShape = obj(map[string]*shape{
		"contentType": strShape, "headers": mapOf(headerShape), "style": strShape,
		"explode": boolShape, "allowReserved": boolShape,
	})
	contentShape = mapOf(mediaTypeShape)
)

func init() {
	for s, what := range map[*shape]string{
		schemaShape: "a schema", parameterShape: "a parameter", headerShape: "a header",
		mediaTypeShape: "a media type", responseShape: "a response", requestShape: "a request body",
		pathItemShape: "a path item", operationShape: "an operation", exampleShape: "an example",
		linkShape: "a link", callbackShape: "a callback", securitySchemeShape: "a security scheme",
	} {
		s.what = what
	}
	schemas := mapOf(schemaShape)
	schemaList := arrayOf(schemaShape)
	alternatives := &shape{kind: sArray, elem: schemaShape, compose: true}
	schemaShape.fields = map[string]*shape{
		"oneOf": alternatives, "anyOf": alternatives, "allOf": alternatives, "not": schemaShape,
		"type": {kind: sTypes}, "title": strShape, "format": strShape, "description": strShape,
		"enum": arrayOf(anyShape), "externalDocs": externalDocsShape,
		"uniqueItems": boolShape, "exclusiveMinimum": {kind: sBoolNum}, "exclusiveMaximum": {kind: sBoolNum},
		"nullable": {kind: sBool, unreadable: "true"}, "readOnly": boolShape, "writeOnly": boolShape, "deprecated": boolShape,
		"xml": obj(map[string]*shape{
			"name": strShape, "namespace": strShape, "prefix": strShape, "attribute": boolShape, "wrapped": boolShape,
		}),
		"minimum": numShape, "maximum": numShape, "multipleOf": numShape,
		"minLength": uintShape, "maxLength": uintShape, "pattern": strShape,
		"minItems": uintShape, "maxItems": uintShape, "items": schemaShape,
		"required":   {kind: sArray, elem: strShape, hint: "required lists property names and belongs on the object schema"},
		"properties": schemas, "minProperties": uintShape, "maxProperties": uintShape,
		"additionalProperties": schemaShape,
		"discriminator": {kind: sObject, fields: map[string]*shape{"propertyName": strShape, "mapping": strMapShape},
			check: checkDiscriminator, mainField: "propertyName"},
		"examples": arrayOf(anyShape), "prefixItems": schemaList, "allowEmptyValue": boolShape, "contains": schemaShape,
		"minContains": uintShape, "maxContains": uintShape, "patternProperties": schemas,
		"dependentSchemas": schemas, "propertyNames": schemaShape, "unevaluatedItems": schemaShape,
		"unevaluatedProperties": schemaShape, "if": schemaShape, "then": schemaShape, "else": schemaShape,
		"dependentRequired": mapOf(strsShape), "$defs": schemas, "$schema": strShape, "$comment": strShape,
		"$id": strShape, "$anchor": strShape, "$dynamicRef": strShape, "$dynamicAnchor": strShape,
		"contentMediaType": strShape, "contentEncoding": strShape, "contentSchema": schemaShape,
	}

	examples := mapOf(exampleShape)
	paramFields := func(withNameIn bool) map[string]*shape {
		m := map[string]*shape{
			"description": strShape, "style": strShape, "explode": boolShape, "allowEmptyValue": boolShape,
			"allowReserved": boolShape, "deprecated": boolShape, "required": boolShape, "schema": schemaShape,
			"example": anyShape, "examples": examples, "content": contentShape,
		}
		if withNameIn {
			m["name"], m["in"] = strShape, strShape
		}
		return m
	}
	parameterShape.fields = paramFields(true)
	parameterShape.check = checkParameter
	// A header has no name or in, but kin-openapi decodes them (a Header
	// is a Parameter) and fails on a value of the wrong kind.
	headerShape.fields = paramFields(true)

	mediaTypeShape.fields = map[string]*shape{
		"schema": schemaShape, "itemSchema": schemaShape, "example": anyShape, "examples": examples, "encoding": mapOf(encodingShape),
	}
	responseShape.mainField = "description"
	responseShape.fields = map[string]*shape{
		"description": strShape, "headers": mapOf(headerShape), "content": contentShape, "links": mapOf(linkShape),
	}
	linkShape.fields = map[string]*shape{
		"operationRef": strShape, "operationId": strShape, "description": strShape,
		"parameters": mapOf(anyShape), "server": serverShape,
	}
	requestShape.fields = map[string]*shape{"description": strShape, "content": contentShape, "required": boolShape}

	callbackShape.elem = pathItemShape
	operationShape.fields = map[string]*shape{
		"tags": strsShape, "summary": strShape, "description": strShape, "externalDocs": externalDocsShape,
		"operationId": strShape, "parameters": arrayOf(parameterShape), "requestBody": requestShape,
		"responses": {kind: sMap, elem: responseShape, needed: true, ext: true}, "callbacks": mapOf(callbackShape), "deprecated": boolShape,
		"security": securityReqShape, "servers": serversShape,
	}
	pathItemShape.fields = map[string]*shape{
		"summary": strShape, "description": strShape, "servers": serversShape,
		"parameters": arrayOf(parameterShape),
	}
	for _, m := range operationKeys {
		pathItemShape.fields[m] = operationShape
	}
	// Methods orygen does not generate, which kin-openapi decodes all the
	// same.
	pathItemShape.fields["connect"] = operationShape
	pathItemShape.fields["query"] = operationShape
	pathItemShape.fields["additionalOperations"] = mapOf(operationShape)

	docShape.fields = map[string]*shape{
		"openapi": strShape, "jsonSchemaDialect": strShape,
		"info": {kind: sObject, needed: true, mainField: "title", fields: map[string]*shape{
			"title": strShape, "summary": strShape, "description": strShape, "termsOfService": strShape,
			"version": strShape,
			"contact": obj(map[string]*shape{"name": strShape, "url": strShape, "email": strShape}),
			"license": obj(map[string]*shape{"name": strShape, "url": strShape, "identifier": strShape}),
		}},
		"servers": serversShape, "paths": {kind: sMap, elem: pathItemShape, needed: true, ext: true}, "webhooks": mapOf(pathItemShape),
		"components": obj(map[string]*shape{
			"schemas": schemas, "responses": mapOf(responseShape), "parameters": mapOf(parameterShape),
			"examples": examples, "requestBodies": mapOf(requestShape), "headers": mapOf(headerShape),
			"securitySchemes": mapOf(securitySchemeShape), "links": mapOf(linkShape),
			"callbacks": mapOf(callbackShape), "pathItems": mapOf(pathItemShape),
		}),
		"security": securityReqShape,
		"tags": arrayOf(obj(map[string]*shape{
			"name": strShape, "description": strShape, "externalDocs": externalDocsShape,
		})),
		"externalDocs": externalDocsShape,
	}
}

// operationKeys are the methods of a Path Item, in the order orygen
// visits them.
var operationKeys = []string{"get", "put", "post", "delete", "options", "head", "patch", "trace"}
