package irbuild

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/orygen/orygen/internal/ir"
)

// kwClass says what a schema keyword does to the Go type of a schema.
type kwClass int

const (
	// validation keywords constrain or describe values that the Go type
	// of the other keywords already holds: ignoring one can only make the
	// type accept more, never lose data. The client leaves them to the
	// server (docs use title and description).
	validation kwClass = iota + 1
	// shaping keywords decide which JSON values, and which parts of them,
	// the Go type must hold. Each one a schema carries is represented by
	// the Go form the builder chooses, or the schema is kept as raw JSON
	// with a warning.
	shaping
	// shapingIfShaped are applicators whose subschemas shape the value
	// only when one of them carries a shaping keyword: an anyOf of
	// {required: [a]} and {required: [b]} ("at least one of") or a
	// then: {required: [x]} only validates.
	shapingIfShaped
)

// schemaKeywords sorts every keyword of a Schema Object: JSON Schema
// 2020-12 (core, applicator, unevaluated, validation, format, content and
// meta-data vocabularies), the draft-07 and 2019-09 keywords specs still
// write, and OpenAPI 3.0.4's and 3.1's own. A keyword not listed (nor an
// x- extension) is an unknown keyword, which JSON Schema treats as an
// annotation.
var schemaKeywords = map[string]kwClass{
	// Core. $defs/definitions hold schemas used only through $ref, which
	// are read where referenced; the identifiers and anchors name a
	// schema; the dynamic and recursive refs are refs.
	"$ref":             shaping,
	"$dynamicRef":      shaping,
	"$recursiveRef":    shaping,
	"$schema":          validation,
	"$id":              validation,
	"$anchor":          validation,
	"$dynamicAnchor":   validation,
	"$recursiveAnchor": validation,
	"$vocabulary":      validation,
	"$comment":         validation,
	"$defs":            validation,
	"definitions":      validation,

	// Applicators. not and if can only exclude values (if selects which
	// of then/else applies); contains and propertyNames constrain
	// elements and keys the type holds anyway.
	"allOf":                 shapingIfShaped,
	"anyOf":                 shapingIfShaped,
	"oneOf":                 shapingIfShaped,
	"not":                   validation,
	"if":                    validation,
	"then":                  shapingIfShaped,
	"else":                  shapingIfShaped,
	"dependentSchemas":      shapingIfShaped,
	"dependencies":          shapingIfShaped, // draft-07: dependentSchemas and dependentRequired in one
	"prefixItems":           shaping,
	"items":                 shaping,
	"additionalItems":       shaping, // draft 2019-09 and before: items after a tuple
	"contains":              validation,
	"properties":            shaping,
	"patternProperties":     shaping,
	"additionalProperties":  shaping, // false only forbids; see shapingKeywords
	"propertyNames":         validation,
	"unevaluatedItems":      shaping,
	"unevaluatedProperties": shaping,

	// Validation vocabulary. type, enum and const decide the kind and
	// the values; the rest bound values of that kind.
	"type":              shaping,
	"enum":              shaping,
	"const":             shaping,
	"multipleOf":        validation,
	"maximum":           validation,
	"exclusiveMaximum":  validation,
	"minimum":           validation,
	"exclusiveMinimum":  validation,
	"maxLength":         validation,
	"minLength":         validation,
	"pattern":           validation,
	"maxItems":          validation,
	"minItems":          validation,
	"uniqueItems":       validation,
	"maxContains":       validation,
	"minContains":       validation,
	"maxProperties":     validation,
	"minProperties":     validation,
	"required":          validation,
	"dependentRequired": validation,

	// format picks the Go type where the builder maps it (date-time,
	// int32, binary); any other format is a string, number... as its
	// type says.
	"format": validation,

	// Content: a string's encoding and media type, and the schema of the
	// decoded content, which the client does not decode.
	"contentEncoding":  validation,
	"contentMediaType": validation,
	"contentSchema":    validation,

	// Meta-data.
	"title":       validation,
	"description": validation,
	"default":     validation,
	"deprecated":  validation,
	"readOnly":    validation,
	"writeOnly":   validation,
	"examples":    validation,

	// OpenAPI's own: nullable (3.0) adds null to the values;
	// discriminator picks a oneOf/anyOf member or a subtype.
	"nullable":        shaping,
	"discriminator":   shaping,
	"xml":             validation,
	"externalDocs":    validation,
	"example":         validation,
	"allowEmptyValue": validation, // kin-openapi's Schema has it; a parameter's, in fact
}

// shapingKeywords lists the shaping keywords schema s carries, sorted, as
// the document writes them: kin-openapi's Schema has a field for every
// keyword of OpenAPI 3.0 and 3.1, and the loader puts every other key it
// reads into Extensions.
func shapingKeywords(s *openapi3.Schema) []string {
	if s == nil {
		return nil
	}
	out := directKeywords(s)
	add := func(kw string, present bool) {
		if present {
			out = append(out, kw)
		}
	}
	add("allOf", anyShapedIn(s, s.AllOf))
	add("oneOf", anyShapedIn(s, s.OneOf))
	add("anyOf", anyShapedIn(s, s.AnyOf))
	add("then", shaped(s.Then))
	add("else", shaped(s.Else))
	deps := false
	for _, d := range s.DependentSchemas {
		deps = deps || shaped(d)
	}
	add("dependentSchemas", deps)
	sort.Strings(out)
	return out
}

// directKeywords are the shaping keywords of s that are not applicators
// of subschemas (whose shape depends on their members').
func directKeywords(s *openapi3.Schema) []string {
	var out []string
	add := func(kw string, present bool) {
		if present {
			out = append(out, kw)
		}
	}
	add("type", s.Type != nil && len(*s.Type) > 0)
	add("properties", len(s.Properties) > 0)
	add("items", s.Items != nil)
	add("prefixItems", len(s.PrefixItems) > 0)
	add("additionalProperties", allows(s.AdditionalProperties))
	add("patternProperties", len(s.PatternProperties) > 0)
	add("unevaluatedProperties", allows(s.UnevaluatedProperties))
	add("unevaluatedItems", allows(s.UnevaluatedItems))
	add("enum", len(s.Enum) > 0)
	add("const", s.Const != nil)
	add("nullable", s.Nullable)
	add("discriminator", s.Discriminator != nil)
	add("$dynamicRef", s.DynamicRef != "")
	for k, v := range s.Extensions {
		switch schemaKeywords[k] {
		case shaping:
			if b, ok := v.(bool); !ok || b { // additionalItems: false only forbids
				out = append(out, k)
			}
		case shapingIfShaped:
			if m, ok := v.(map[string]any); ok {
				for _, sub := range m {
					if genericShaped(sub) {
						out = append(out, k)
						break
					}
				}
			}
		}
	}
	return out
}

// hasShape reports whether s carries a shaping keyword, as
// shapingKeywords would list one, visiting each subschema at most once.
func hasShape(s *openapi3.Schema) bool {
	if s == nil {
		return false
	}
	if len(directKeywords(s)) > 0 || anyShapedIn(s, s.AllOf) || anyShapedIn(s, s.OneOf) || anyShapedIn(s, s.AnyOf) ||
		shaped(s.Then) || shaped(s.Else) {
		return true
	}
	for _, d := range s.DependentSchemas {
		if shaped(d) {
			return true
		}
	}
	return false
}

// allows: an additionalProperties-like keyword that admits something
// (a schema, or true); false only forbids.
func allows(ap openapi3.AdditionalProperties) bool {
	return ap.Schema != nil || (ap.Has != nil && *ap.Has)
}

func shaped(sr *openapi3.SchemaRef) bool {
	return sr != nil && (sr.Ref != "" || hasShape(sr.Value))
}

func anyShaped(list openapi3.SchemaRefs) bool { return anyShapedIn(nil, list) }

// anyShapedIn reports whether a member of the applicator list of parent
// has a shape of its own. A member inside a typed parent that only
// narrows what the parent declares adds none: it restates the type
// ({type: object, maxProperties: 0} beside {required: [a]} in an
// object's anyOf), constrains properties or items the parent has
// (the value must satisfy both, so the parent's Go type holds it), says
// additionalProperties: true, or has a type the parent excludes (it
// never matches).
func anyShapedIn(parent *openapi3.Schema, list openapi3.SchemaRefs) bool {
	for _, m := range list {
		if shaped(m) && !(parent != nil && m.Ref == "" && narrows(parent, m.Value)) {
			return true
		}
	}
	return false
}

// narrows: see anyShapedIn. A member with applicators of its own is not
// looked into.
func narrows(parent, m *openapi3.Schema) bool {
	pt := typeOf(parent)
	if parent.Type == nil || pt == "" {
		return false
	}
	if mt := typeOf(m); m.Type != nil && mt != "" && mt != pt && !(pt == "number" && mt == "integer") {
		return true // excluded by the parent's type
	}
	if len(m.AllOf)+len(m.OneOf)+len(m.AnyOf)+len(m.DependentSchemas) > 0 || m.Then != nil || m.Else != nil {
		return false
	}
	for _, kw := range directKeywords(m) {
		switch kw {
		case "type":
			if !m.Type.Is(pt) {
				return false
			}
		case "properties":
			for k := range m.Properties {
				if _, ok := parent.Properties[k]; !ok {
					return false
				}
			}
		case "items":
			if parent.Items == nil {
				return false
			}
		case "additionalProperties":
			if m.AdditionalProperties.Schema != nil {
				return false
			}
		default:
			return false
		}
	}
	return true
}

// genericShaped is shaped for a schema kin-openapi kept as a decoded JSON
// value (a keyword it has no field for, such as draft-07 dependencies).
func genericShaped(v any) bool {
	m, ok := v.(map[string]any)
	if !ok {
		return false
	}
	for k, sub := range m {
		switch schemaKeywords[k] {
		case shaping:
			if k == "additionalProperties" || k == "unevaluatedProperties" || k == "unevaluatedItems" {
				if b, ok := sub.(bool); ok && !b {
					continue
				}
			}
			return true
		case shapingIfShaped:
			if list, ok := sub.([]any); ok {
				for _, x := range list {
					if genericShaped(x) {
						return true
					}
				}
			} else if genericShaped(sub) {
				return true
			}
		}
	}
	return false
}

// A form is what the builder makes of a schema: the Go shape the
// keywords it represents end up in.
type form int

const (
	formRaw    form = iota + 1 // raw JSON holds any value: every keyword is represented
	formPass                   // the schema is its one shaped member (allOf, or a oneOf/anyOf of one, or of one and null)
	formStruct                 // properties and extra properties; allOf members merged
	formEnum                   // typed constants, from enum/const or a oneOf of consts
	formUnion                  // a oneOf/anyOf, discriminated or told apart by kind and properties
	formSlice                  // items, or a tuple of one type
	formMap                    // additionalProperties, patternProperties or unevaluatedProperties
	formScalar                 // string, integer, number, boolean (and time, bytes by format)
	formMerged                 // a member of an allOf merged into a struct: its properties are the struct's
	formRef                    // a $ref to a named type, defined where the builder first read its target
	formAllOf                  // a member of an allOf of a scalar or array type, beside the one that defines it
)

var formNames = map[form]string{formRaw: "raw JSON", formPass: "its member", formStruct: "struct", formEnum: "enum",
	formUnion: "union", formSlice: "slice", formMap: "map", formScalar: "scalar", formAllOf: "allOf member", formRef: "named type", formMerged: "merged allOf member"}

// formKeywords are the shaping keywords each form represents, besides
// type (represented when the form is of that JSON type, see typeFits).
// nullable is represented by the field or Nullable wrapper around the
// type.
var formKeywords = map[form][]string{
	formPass:   {"allOf", "oneOf", "anyOf", "nullable"},
	formStruct: {"properties", "additionalProperties", "patternProperties", "unevaluatedProperties", "allOf", "nullable", "discriminator"},
	formEnum:   {"enum", "const", "oneOf", "anyOf", "nullable"},
	formUnion:  {"oneOf", "anyOf", "discriminator", "nullable"},
	formSlice:  {"items", "prefixItems", "nullable"},
	formMap:    {"additionalProperties", "patternProperties", "unevaluatedProperties", "nullable"},
	formScalar: {"enum", "const", "nullable"},
	formAllOf:  {"allOf", "nullable"},
	formMerged: {"properties", "additionalProperties", "patternProperties", "unevaluatedProperties", "allOf", "nullable", "discriminator"},
}

// ledgerEntry is what the builder made of one schema object it read.
type ledgerEntry struct {
	Pointer     string
	Form        form
	Present     []string // shaping keywords the schema carries
	Represented []string // those the form represents
	Dropped     []string // those it does not: none, or the builder lost data
}

// ledger collects the builder's entries, for the keyword accounting test.
type ledger struct {
	entries map[*openapi3.Schema][]ledgerEntry
}

// represents sorts the shaping keywords s carries into those a form f of
// JSON type kind ("" for any) represents, besides those in also
// (represented some other way the caller knows of), and those it drops.
// Keywords that do not apply to the one type s names (items of a string)
// are represented by any form.
func represents(s *openapi3.Schema, f form, kind string, also ...string) (present, rep, dropped []string) {
	present = shapingKeywords(s)
	for _, kw := range present {
		ok := f == formRaw || contains(formKeywords[f], kw) || contains(also, kw) || vacuous(s, kw) || valuesHeld(s, f, kw)
		if kw == "type" && f != formRaw {
			ok = typeFits(s, kind)
		}
		if ok {
			rep = append(rep, kw)
		} else {
			dropped = append(dropped, kw)
		}
	}
	return present, rep, dropped
}

// valuesHeld: an enum or const of arrays on a slice, or of objects on a
// map, only picks values the Go type holds. So does one on an array or
// object type none of whose values is of that type (enum: [EU, US] on
// an array of strings): it allows no value at all, a spec's slip for the
// items' enum.
func valuesHeld(s *openapi3.Schema, f form, kw string) bool {
	vals := s.Enum
	if kw == "const" {
		vals = []any{s.Const}
	} else if kw != "enum" {
		return false
	}
	if t := typeOf(s); s.Type != nil && (t == "array" || t == "object") {
		none := true
		for _, v := range vals {
			switch v.(type) {
			case []any:
				none = none && t != "array"
			case map[string]any:
				none = none && t != "object"
			}
		}
		if none {
			return true
		}
	}
	for _, v := range vals {
		switch v.(type) {
		case []any:
			if f != formSlice {
				return false
			}
		case map[string]any:
			if f != formMap {
				return false
			}
		default:
			return false
		}
	}
	return true
}

var (
	objectKeywords = []string{"properties", "additionalProperties", "patternProperties", "unevaluatedProperties", "dependentSchemas", "dependencies"}
	arrayKeywords  = []string{"items", "prefixItems", "additionalItems", "unevaluatedItems"}
)

// vacuous: kw applies only to objects or only to arrays, and s allows one
// other JSON type only.
func vacuous(s *openapi3.Schema, kw string) bool {
	if s.Type == nil || len(*s.Type) == 0 {
		return false
	}
	switch t := typeOf(s); {
	case t == "":
		return false
	case contains(objectKeywords, kw):
		return t != "object"
	case contains(arrayKeywords, kw):
		return t != "array"
	}
	return false
}

// account records that the schema s at ptr becomes the given form (of
// JSON type kind, "" if any), and reports whether that form represents
// every shaping keyword s carries, besides those in also. If not, it
// warns, naming the keywords: the caller keeps the schema as raw JSON
// instead, which is recorded so.
func (b *builder) account(ptr string, s *openapi3.Schema, f form, kind string, also ...string) bool {
	_, rep, dropped := represents(s, f, kind, also...)
	if len(dropped) > 0 {
		what := "schema"
		if s.Title != "" {
			what = fmt.Sprintf("schema %q", s.Title)
		}
		beside := ""
		if len(rep) > 0 {
			beside = " beside " + quoteList(rep)
		}
		b.warnf(ptr, "%s carries %s%s, which no Go %s represents (a narrower type would lose data); kept as raw JSON",
			what, quoteList(dropped), beside, formNames[f])
		b.stats.Unrepresented++
		b.record(ptr, s, formRaw, "")
		return false
	}
	b.record(ptr, s, f, kind, also...)
	return true
}

// record counts a schema read as form f and notes it in the ledger.
func (b *builder) record(ptr string, s *openapi3.Schema, f form, kind string, also ...string) {
	b.stats.Schemas++
	if f == formRaw {
		b.stats.Raw++
	}
	if b.ledger != nil {
		present, rep, dropped := represents(s, f, kind, also...)
		b.ledger.entries[s] = append(b.ledger.entries[s], ledgerEntry{ptr, f, present, rep, dropped})
	}
}

// raw accounts a schema kept as raw JSON and returns its type.
func (b *builder) raw(ptr string, s *openapi3.Schema) ir.TypeRef {
	if s != nil {
		b.record(ptr, s, formRaw, "")
	}
	return ir.TypeRef{Kind: ir.RefRaw}
}

// typeFits reports whether s's type keyword is represented by a form of
// JSON type kind ("" for a form of any type): s names one non-null type
// (null is the nullable wrapper's), and it is kind.
func typeFits(s *openapi3.Schema, kind string) bool {
	t := typeOf(s)
	if t == "" {
		// No type, or several non-null ones.
		n := 0
		if s.Type != nil {
			for _, x := range *s.Type {
				if x != "null" {
					n++
				}
			}
		}
		return n == 0
	}
	return kind == "" || t == kind || (kind == "number" && t == "integer")
}

// soleMember is the member a schema stands for, when it is only a
// wrapper around one: an allOf whose other members only validate or
// document, a oneOf/anyOf of one member, or of one member and null
// (OpenAPI 3.1's {type: null}, or 3.0's nullable-object idiom
// {type: object, nullable: true} with nothing else). Its other shaping
// keywords must be ones a wrapper represents (the combinator, nullable,
// a type the member agrees with). The pointer is the member's.
func soleMember(s *openapi3.Schema, ptr string) (m *openapi3.SchemaRef, mptr string, null, ok bool) {
	kw := ""
	switch {
	case len(s.AllOf) > 0 && len(s.OneOf) == 0 && len(s.AnyOf) == 0:
		for i, x := range s.AllOf {
			if !shaped(x) {
				continue
			}
			if x.Ref == "" && x.Value != nil && onlyNullable(x.Value) {
				null = true // allOf: [{nullable: true}, {$ref: X}]
				continue
			}
			if m != nil {
				return nil, "", false, false
			}
			m, mptr = x, fmt.Sprintf("%s/allOf/%d", ptr, i)
		}
		kw = "allOf"
	case len(s.AllOf) == 0 && (len(s.OneOf) == 0) != (len(s.AnyOf) == 0):
		members, name := s.OneOf, "oneOf"
		if len(members) == 0 {
			members, name = s.AnyOf, "anyOf"
		}
		if s.Discriminator != nil || !anyShaped(members) {
			return nil, "", false, false
		}
		for i, x := range members {
			if x != nil && x.Ref == "" && x.Value != nil && nullPlaceholder(x.Value) && len(members) == 2 {
				null = true
				continue
			}
			if m != nil {
				return nil, "", false, false
			}
			m, mptr = x, fmt.Sprintf("%s/%s/%d", ptr, name, i)
		}
		kw = name
	}
	if m == nil || m.Value == nil {
		return nil, "", false, false
	}
	for _, k := range shapingKeywords(s) {
		switch k {
		case kw, "nullable":
		case "type":
			if t := typeOf(s); t != "" && t != "object" && typeOf(m.Value) != "" && typeOf(m.Value) != t {
				return nil, "", false, false
			}
			if !typeFits(s, "") {
				return nil, "", false, false
			}
		default:
			return nil, "", false, false
		}
	}
	return m, mptr, null, true
}

// onlyNullable: {nullable: true} and nothing else that shapes.
func onlyNullable(s *openapi3.Schema) bool {
	kws := shapingKeywords(s)
	return len(kws) == 1 && kws[0] == "nullable"
}

// nullPlaceholder: {type: null}, or {type: object, nullable: true} with no
// other shaping keyword, which OpenAPI 3.0 specs write beside a $ref in a
// oneOf to say "this or null".
func nullPlaceholder(s *openapi3.Schema) bool {
	if isNullType(s) {
		return true
	}
	if !s.Nullable || typeOf(s) != "object" {
		return false
	}
	for _, k := range shapingKeywords(s) {
		if k != "type" && k != "nullable" {
			return false
		}
	}
	return true
}

// String lists a ledger entry, for test failures.
func (e ledgerEntry) String() string {
	return fmt.Sprintf("%s: %s of [%s], represents [%s]", e.Pointer, formNames[e.Form], strings.Join(e.Present, " "), strings.Join(e.Represented, " "))
}

// unionHolds lists the keywords beside a oneOf/anyOf that its variants
// represent: properties, when every member (allOf merged) declares each
// of them too, or it is the discriminator, which the union writes.
func (b *builder) unionHolds(s *openapi3.Schema) []string {
	members := s.OneOf
	if len(members) == 0 {
		members = s.AnyOf
	}
	disc := ""
	if s.Discriminator != nil {
		disc = s.Discriminator.PropertyName
	}
	for p := range s.Properties {
		if p == disc {
			continue
		}
		for _, m := range members {
			if m == nil || m.Value == nil {
				return nil
			}
			if isNullType(m.Value) {
				continue
			}
			if _, ok := b.merged(m.Value).Properties[p]; !ok {
				return nil
			}
		}
	}
	return []string{"properties"}
}

// refSiblings are the keywords written beside a $ref, which kin-openapi
// keeps aside (its model applies only annotations to the target) but
// writes back out.
func refSiblings(sr *openapi3.SchemaRef) map[string]any {
	if sr == nil || sr.Ref == "" {
		return nil
	}
	out, err := sr.MarshalYAML()
	m, ok := out.(map[string]any)
	if err != nil || !ok || len(m) <= 1 {
		return nil
	}
	// As JSON values: kin-openapi writes some as its own types.
	data, err := json.Marshal(m)
	var generic map[string]any
	if err != nil || json.Unmarshal(data, &generic) != nil {
		return m
	}
	return generic
}

// nullSibling: nullable: true or a type with "null" beside a $ref. In
// OpenAPI 3.0 siblings of a $ref are to be ignored, but specs write
// nullable there to mean it, and accepting null as well loses nothing.
func nullSibling(sr *openapi3.SchemaRef) bool {
	sib := refSiblings(sr)
	if n, _ := sib["nullable"].(bool); n {
		return true
	}
	switch t := sib["type"].(type) {
	case string:
		return t == "null"
	case []any:
		for _, x := range t {
			if x == "null" {
				return true
			}
		}
	}
	return false
}

// refShapingSiblings lists the shaping keywords beside a $ref in an
// OpenAPI 3.1 document (where they constrain the target, and may add to
// what it allows) that the target's type does not represent: all but
// nullable, a type with null (the field is Nullable) and a type the target
// has anyway.
func (b *builder) refShapingSiblings(sr *openapi3.SchemaRef) []string {
	if !b.doc.IsOpenAPI31OrLater() {
		return nil
	}
	var out []string
	for k, v := range refSiblings(sr) {
		switch k {
		case "$ref", "nullable":
			continue
		case "type":
			if typeRestated(v, sr.Value) {
				continue
			}
		}
		switch schemaKeywords[k] {
		case shaping:
			out = append(out, k)
		case shapingIfShaped:
			if genericShaped(map[string]any{k: v}) {
				out = append(out, k)
			}
		}
	}
	sort.Strings(out)
	return out
}

// typeRestated: a type keyword whose non-null types are at most the
// target's one type.
func typeRestated(v any, target *openapi3.Schema) bool {
	var ts []string
	switch t := v.(type) {
	case string:
		ts = []string{t}
	case []any:
		for _, x := range t {
			s, _ := x.(string)
			ts = append(ts, s)
		}
	}
	for _, t := range ts {
		if t != "null" && (target == nil || t != typeOf(target)) {
			return false
		}
	}
	return true
}
