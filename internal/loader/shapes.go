package loader

// A shape is what the OpenAPI specification allows at a place in the
// document: enough of it to catch, with a JSON pointer, the mistakes that
// would otherwise surface as an unlocated unmarshalling error from
// kin-openapi ("cannot unmarshal array into field T.paths"). Keys a shape
// does not name (extensions, fields of newer versions) are not checked.
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
}

type shapeKind int

const (
	sAny shapeKind = iota
	sObject
	sMap
	sArray
	sString  // any scalar: kin-openapi turns YAML numbers and booleans into strings
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
	exampleShape   = &shape{kind: sAny, refable: true}
	linkShape      = refObj(map[string]*shape{"operationRef": strShape, "operationId": strShape, "description": strShape})
	callbackShape  = &shape{kind: sMap, refable: true}
	docShape       = obj(nil)
)

var (
	externalDocsShape = obj(map[string]*shape{"url": strShape, "description": strShape})
	serverShape       = obj(map[string]*shape{
		"url": strShape, "description": strShape,
		"variables": mapOf(obj(map[string]*shape{"enum": strsShape, "default": strShape, "description": strShape})),
	})
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
	schemas := mapOf(schemaShape)
	schemaList := arrayOf(schemaShape)
	schemaShape.fields = map[string]*shape{
		"oneOf": schemaList, "anyOf": schemaList, "allOf": schemaList, "not": schemaShape,
		"type": {kind: sTypes}, "title": strShape, "format": strShape, "description": strShape,
		"enum": arrayOf(anyShape), "externalDocs": externalDocsShape,
		"uniqueItems": boolShape, "exclusiveMinimum": {kind: sBoolNum}, "exclusiveMaximum": {kind: sBoolNum},
		"nullable": boolShape, "readOnly": boolShape, "writeOnly": boolShape, "deprecated": boolShape,
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
			check: checkDiscriminator},
		"examples": arrayOf(anyShape), "prefixItems": schemaList, "contains": schemaShape,
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
	headerShape.fields = paramFields(false)

	mediaTypeShape.fields = map[string]*shape{
		"schema": schemaShape, "example": anyShape, "examples": examples, "encoding": mapOf(encodingShape),
	}
	responseShape.fields = map[string]*shape{
		"description": strShape, "headers": mapOf(headerShape), "content": contentShape, "links": mapOf(linkShape),
	}
	requestShape.fields = map[string]*shape{"description": strShape, "content": contentShape, "required": boolShape}

	callbackShape.elem = pathItemShape
	operationShape.fields = map[string]*shape{
		"tags": strsShape, "summary": strShape, "description": strShape, "externalDocs": externalDocsShape,
		"operationId": strShape, "parameters": arrayOf(parameterShape), "requestBody": requestShape,
		"responses": mapOf(responseShape), "callbacks": mapOf(callbackShape), "deprecated": boolShape,
		"security": securityReqShape, "servers": serversShape,
	}
	pathItemShape.fields = map[string]*shape{
		"summary": strShape, "description": strShape, "servers": serversShape,
		"parameters": arrayOf(parameterShape),
	}
	for _, m := range operationKeys {
		pathItemShape.fields[m] = operationShape
	}

	docShape.fields = map[string]*shape{
		"openapi": strShape, "jsonSchemaDialect": strShape,
		"info": obj(map[string]*shape{
			"title": strShape, "summary": strShape, "description": strShape, "termsOfService": strShape,
			"version": strShape,
			"contact": obj(map[string]*shape{"name": strShape, "url": strShape, "email": strShape}),
			"license": obj(map[string]*shape{"name": strShape, "url": strShape, "identifier": strShape}),
		}),
		"servers": serversShape, "paths": mapOf(pathItemShape), "webhooks": mapOf(pathItemShape),
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
