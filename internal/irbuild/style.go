package irbuild

import (
	"fmt"
	"slices"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/orygen/orygen/internal/ir"
	"github.com/orygen/orygen/internal/loader"
)

// ignoredHeaders are the header parameters OpenAPI says to ignore, with
// where the client takes each header from instead.
var ignoredHeaders = map[string]string{
	"Accept":        "the client sends the media types of the responses it decodes",
	"Content-Type":  "the body's media type sets it",
	"Authorization": "the security schemes set it (WithBearer, WithBasic, an API key option)",
}

// pendingParam is a parameter whose style and presence wait for its type
// to be complete.
type pendingParam struct {
	param         *ir.Param
	style         string
	explode       *bool
	allowReserved bool
	ptr, op       string
}

// valueShape is the shape of a value as the style tables know it.
type valueShape int

const (
	shapePrimitive valueShape = iota
	shapeArray
	shapeObject
	shapeAny // raw JSON or a union: known only when the value is
)

func (s valueShape) String() string {
	return [...]string{"a primitive", "an array", "an object", "any value"}[s]
}

// where is a place a style can be used: a parameter location, or a
// property of a form body (encoding object).
type where int

const (
	inPath where = iota
	inQuery
	inHeader
	inCookie
	formBody
)

func (w where) String() string {
	return [...]string{"path parameter", "query parameter", "header parameter", "cookie parameter", "form body property"}[w]
}

func whereOf(in ir.In) where {
	return [...]where{inPath, inQuery, inHeader, inCookie}[in]
}

// styleRule is one row of OpenAPI's "Style Values" and "Style Examples"
// tables (3.0.4 and 3.1): where a style is defined, for which value
// shapes, and with which explode values.
type styleRule struct {
	where  []where
	shapes []valueShape
	// explode is the only explode value the examples define, if one
	// (deepObject: true; the delimited styles: false).
	explode *bool
}

var (
	yes = true
	no  = false
)

// styleRules is the one legality table: every style decision of
// parameters and form properties goes through legalStyle, which reads it.
var styleRules = map[ir.Style]styleRule{
	ir.StyleMatrix:         {where: []where{inPath}, shapes: []valueShape{shapePrimitive, shapeArray, shapeObject}},
	ir.StyleLabel:          {where: []where{inPath}, shapes: []valueShape{shapePrimitive, shapeArray, shapeObject}},
	ir.StyleSimple:         {where: []where{inPath, inHeader}, shapes: []valueShape{shapePrimitive, shapeArray, shapeObject}},
	ir.StyleForm:           {where: []where{inQuery, inCookie, formBody}, shapes: []valueShape{shapePrimitive, shapeArray, shapeObject}},
	ir.StyleSpaceDelimited: {where: []where{inQuery, formBody}, shapes: []valueShape{shapeArray, shapeObject}, explode: &no},
	ir.StylePipeDelimited:  {where: []where{inQuery, formBody}, shapes: []valueShape{shapeArray, shapeObject}, explode: &no},
	ir.StyleDeepObject:     {where: []where{inQuery, formBody}, shapes: []valueShape{shapeObject}, explode: &yes},
}

var styleNames = map[string]ir.Style{
	"simple": ir.StyleSimple, "form": ir.StyleForm, "matrix": ir.StyleMatrix, "label": ir.StyleLabel,
	"spaceDelimited": ir.StyleSpaceDelimited, "pipeDelimited": ir.StylePipeDelimited, "deepObject": ir.StyleDeepObject,
}

// defaultStyle is OpenAPI's default style of a location.
func defaultStyle(w where) ir.Style {
	if w == inPath || w == inHeader {
		return ir.StyleSimple
	}
	return ir.StyleForm
}

// legalStyle decides the style and explode of a parameter or form
// property from the spec's style and explode (explode defaults to true
// for form only), the place and the value's shape. What the tables leave
// undefined is replaced, with a warning naming the fallback:
//   - a style unknown, or not defined where it is used: the place's
//     default style (simple in path and header, form elsewhere);
//   - spaceDelimited or pipeDelimited exploded: the exploded form style,
//     the key repeated (color=blue&color=black), which is what the
//     exploded styles would write;
//   - spaceDelimited, pipeDelimited or deepObject with a primitive: the
//     form style (color=blue);
//   - deepObject not exploded: exploded;
//   - deepObject with an array: kept, as key[]=a&key[]=b (objects in it
//     by index, key[0][k]=v), the bracket convention Stripe-like APIs
//     read.
func (b *builder) legalStyle(w where, key, name string, explode *bool, shape valueShape, ptr, what string) (ir.Style, bool) {
	st, known := styleNames[name]
	if name == "" {
		st, known = defaultStyle(w), true
	}
	rule := styleRules[st]
	if !known || !slices.Contains(rule.where, w) {
		def := defaultStyle(w)
		if !known {
			b.warnf(ptr, "%s: style %q is not an OpenAPI style; sent in the %s style, the default of a %s", what, name, def, w)
		} else {
			b.warnf(ptr, "%s: style %q is not defined for a %s; sent in the %s style, its default", what, name, w, def)
		}
		st, rule = def, styleRules[def]
	}
	ex := st == ir.StyleForm
	if explode != nil {
		ex = *explode
	}
	if shape != shapeAny && !slices.Contains(rule.shapes, shape) {
		switch {
		case st == ir.StyleDeepObject && shape == shapeArray:
			b.warnf(ptr, "%s: OpenAPI defines the deepObject style for objects only; the array is sent as %s[]=a&%s[]=b", what, key, key)
		default:
			b.warnf(ptr, "%s: OpenAPI does not define the %s style for %s; sent in the form style (name=value)", what, st, shape)
			return ir.StyleForm, ex
		}
	}
	if rule.explode != nil && ex != *rule.explode {
		switch st {
		case ir.StyleDeepObject:
			b.warnf(ptr, "%s: OpenAPI defines the deepObject style exploded only; sent exploded", what)
			ex = true
		default:
			b.warnf(ptr, "%s: OpenAPI does not define the %s style exploded; sent in the exploded form style (the name repeated)", what, st)
			return ir.StyleForm, true
		}
	}
	return st, ex
}

// decideParams decides each parameter's style, explode and presence once
// every type is complete, so that shapes are known.
func (b *builder) decideParams() {
	for _, pp := range b.pendingParams {
		p := pp.param
		what := fmt.Sprintf("operation %s: %s parameter %q", pp.op, p.In, p.Name)
		shape := b.valueShape(p.Type)
		if p.JSON {
			// Content-based: the JSON text is one value, escaped for
			// where it travels.
			shape = shapePrimitive
		}
		p.Style, p.Explode = b.legalStyle(whereOf(p.In), p.Name, pp.style, pp.explode, shape, pp.ptr, what)
		if pp.allowReserved {
			if p.In == ir.InQuery {
				p.AllowReserved = true
			} else {
				b.warnf(pp.ptr, "%s: allowReserved applies to query parameters only; ignored", what)
			}
		}
		switch {
		case p.Required || p.In == ir.InPath:
			p.Presence = ir.PresenceValue
		case b.emptyable(p.Type):
			p.Presence = ir.PresenceNilable
		default:
			p.Presence = ir.PresenceOptional
		}
	}
	b.pendingParams = nil
}

// followAliases follows named aliases, defined types included, to the
// reference they stand for.
func (b *builder) followAliases(r ir.TypeRef) ir.TypeRef {
	for i := 0; i < maxDepth && r.Kind == ir.RefNamed; i++ {
		t := b.byName[r.Name]
		if t == nil || t.Kind != ir.KindAlias {
			return r
		}
		r = *t.Alias
	}
	return r
}

// emptyable: an optional value of this type is left out when empty (a
// slice, []byte, a map or raw JSON, which have a nil) rather than
// through a pointer.
func (b *builder) emptyable(r ir.TypeRef) bool {
	return holdsNull(b.followAliases(r))
}

func (b *builder) valueShape(r ir.TypeRef) valueShape {
	r = b.followAliases(r)
	switch r.Kind {
	case ir.RefSlice:
		return shapeArray
	case ir.RefMap:
		return shapeObject
	case ir.RefRaw:
		return shapeAny
	case ir.RefNamed:
		if t := b.byName[r.Name]; t != nil {
			switch t.Kind {
			case ir.KindStruct:
				return shapeObject
			case ir.KindUnion:
				return shapeAny
			}
		}
	}
	return shapePrimitive
}

// contentParam reads a parameter described by content instead of a
// schema: a JSON media type's value is sent as its JSON text, a text one
// as the string given; any other is a string, with a warning.
func (b *builder) contentParam(o *ir.Operation, param *ir.Param, p *openapi3.Parameter, pptr string) {
	mt, media := pickContent(p.Content)
	if len(p.Content) > 1 {
		b.warnf(pptr+"/content", "operation %s: parameter %q has %d media types; the first, %s, is used", o.ID, p.Name, len(p.Content), mt)
	}
	base := strings.ToLower(strings.TrimSpace(strings.SplitN(mt, ";", 2)[0]))
	param.Content = mt
	switch {
	case base == "application/json" || strings.HasSuffix(base, "+json"):
		param.JSON = true
		if media != nil && media.Schema != nil {
			param.Type = withoutNull(b.ref(media.Schema, string(o.Name)+b.goName(p.Name), pptr+"/content/"+loader.Escape(mt)+"/schema", 0))
			return
		}
		param.Type = ir.TypeRef{Kind: ir.RefRaw}
	case strings.HasPrefix(base, "text/"):
		param.Type = ir.TypeRef{Kind: ir.RefBuiltin, Builtin: ir.String}
	default:
		b.warnf(pptr+"/content", "operation %s: parameter %q is described as %s, which the client cannot write; sent as the string given", o.ID, p.Name, mt)
		param.Type = ir.TypeRef{Kind: ir.RefBuiltin, Builtin: ir.String}
	}
}

// accept is the Accept header of an operation: the media types of the
// success responses the method decodes, in status order ("" when that is
// application/json alone, which the runtime sends by default). The event
// stream of a StreamAlt is asked for by its own method.
func accept(o *ir.Operation) string {
	switch {
	case o.Streams:
		return "text/event-stream"
	case o.Binary:
		return o.Success.MediaType
	}
	var types []string
	for _, r := range o.Responses {
		if r.Status < 200 || r.Status >= 300 || r.Type == nil || r.MediaType == "" {
			continue
		}
		if !slices.Contains(types, r.MediaType) {
			types = append(types, r.MediaType)
		}
	}
	if len(types) == 1 && types[0] == "application/json" || len(types) == 0 {
		return ""
	}
	return strings.Join(types, ", ")
}
