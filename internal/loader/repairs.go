package loader

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
)

// The repairs: what the loader does with a value whose JSON kind is not
// one the OpenAPI specification allows at its place (the shapes in
// shapes.go). A spec's defect does not stop generation: the checker
// rewrites the loader's tree, which is what kin-openapi's model is then
// built from (or, where the builder leaves it, reads as JSON), and warns,
// saying what was found, where (file and JSON pointer) and what was done.
// Under -strict the first warning is the error. Only input that cannot be
// read (a syntax error, an empty file, a top level that is not an
// OpenAPI object) or is unsafe to read (size, depth and alias bombs,
// files outside the allowed roots) stays an error.
//
// The table is read in order: the first rule whose wanted shape and
// found kind match and whose fix applies is the repair. README.md lists
// each rule's doc (TestRepairsDocumented).
var repairs = []repair{
	{wants(sAny), kinds(kNull),
		"`null` (where the place is not free-form JSON): absent; as a member of a list, dropped; a map's null schema is the empty schema and a security requirement's null scopes are `[]`",
		fixNull},
	{wants(sString), kinds(kBool, kNumber),
		"a number or boolean where a string is wanted (`pattern: 123`): its text, `\"123\"`",
		fixText},
	{wants(sBool), kinds(kString, kNumber),
		"a string or number that reads as a boolean (`\"yes\"`, `\"true\"`, `off`, `1`… in any case) where a boolean is wanted: that boolean",
		fixBool},
	{wants(sBool), anyKind,
		"any other value where a boolean is wanted: `nullable` is true (the wider type), any other boolean is dropped (its default)",
		fixBoolDefault},
	{wants(sNumber, sUint, sBoolNum), anyKind,
		"a validation-only number (`minimum`, `minLength`, `maxItems`, `exclusiveMinimum`…) of the wrong kind, negative or fractional: dropped",
		fixValidationOnly},
	{wants(sTypes), kinds(kArray),
		"a `type` list with non-string members: a null member is `\"null\"`, others are dropped (and `type` with them if none is left)",
		fixTypeList},
	{wants(sSchema), kinds(kString),
		"a string where a schema is wanted that names a schema of `#/components/schemas` (`schema: Pet`), in the root document: a `$ref` to it",
		fixSchemaName},
	{wants(sSchema), kinds(kString),
		"a string where a schema is wanted that is a JSON type name (`schema: string`): a schema of that type",
		fixSchemaType},
	{wants(sSchema), kinds(kArray),
		"an array of one value where a schema is wanted (`items: [{type: string}]`, `items: [Pet]`): that value, itself repaired as a schema",
		fixSchemaOfOne},
	{wants(sSchema), anyKind,
		"any other value where a schema is wanted: as a member of `oneOf`/`anyOf`/`allOf`, dropped; elsewhere the empty schema (any JSON value: raw JSON in Go)",
		fixSchemaOther},
	{wants(sObject), kinds(kString, kNumber, kBool, kArray),
		"a string where an object with one main field is wanted (`discriminator: kind`, `externalDocs: URL`, a server URL, `info: Title`, a response `\"200\": OK`): an object with that field (`propertyName`, `url`, `title`, `description`); an example given as its value (any JSON but an object): `{value: …}`",
		fixObjectFromValue},
	{wants(sArray), kinds(kString, kNumber, kBool, kObject),
		"a single value where a list of such values is wanted (`required: name`, `tags: pets`, `servers: {url: …}`, `allOf: {$ref: …}`): a one-element list",
		fixOneElement},
	{wants(sAny), anyKind,
		"anything else of the wrong kind (`properties: name`, `paths: [...]`, `responses` as a list): dropped; where the document needs the place (`info`, `paths`, `responses`) or a `$ref` points at it, an empty object",
		fixDrop},
}

// A property's `required: true` (JSON Schema draft 3, and Swagger
// writers that follow it) is lifted into its object's list; see
// liftRequired.
const liftRequiredDoc = "`required: true` on a property (JSON Schema draft 3): the property is listed in its object's `required`; `required: false` there is dropped"

// A $ref to a place of another kind than the one wanted (a schema's
// $ref to a parameter) is repaired by wrongKindRef.
const wrongKindRefDoc = "a `$ref` in the root document to a place of another kind (a schema's `$ref` to a parameter, a header, a media type, or a response or request body with one media type): a copy of that place's schema; otherwise a copy of the place, checked as the kind wanted"

type repair struct {
	want  shapeKinds
	found nodeKinds
	doc   string // for README's table of repairs
	// fix repairs x.n, returning what it did, for the warning ("taken as
	// ..."), and whether n is to be dropped from its parent; ok false
	// means the rule does not apply after all, and the next one is
	// tried. A kept n is checked again against x.s.
	fix func(c *checker, x *spot) (done string, v verdict, ok bool)
}

type (
	shapeKinds uint32
	nodeKinds  uint8
)

// wants is the set of shape kinds a rule is for; sAny stands for every
// kind.
func wants(ks ...shapeKind) shapeKinds {
	var s shapeKinds
	for _, k := range ks {
		if k == sAny {
			return ^shapeKinds(0)
		}
		s |= 1 << k
	}
	return s
}

func kinds(ks ...nodeKind) nodeKinds {
	var s nodeKinds
	for _, k := range ks {
		s |= 1 << k
	}
	return s
}

var anyKind = ^nodeKinds(0)

func (s shapeKinds) has(k shapeKind) bool { return s&(1<<k) != 0 }
func (s nodeKinds) has(k nodeKind) bool   { return s&(1<<k) != 0 }

// verdict is what becomes of a value after its check: kept (as it is, or
// as repaired in place), or dropped from the object or list holding it.
type verdict bool

const (
	keep verdict = false
	drop verdict = true
)

// place is where a value sits in its parent.
type place int

const (
	inField  place = iota // the value of an object's field
	inMember              // an element of an array or a value of a map
	atTarget              // the target of a $ref: it can be changed, not dropped
)

// spot is a value that does not fit its shape, and where it is.
type spot struct {
	f     *srcFile
	n     *node
	s     *shape
	ptr   string
	at    place
	outer *shape // for a member: the array or map shape holding it
}

// repair applies the first rule of the table that fits n, warns, and
// says whether n is to be dropped.
func (c *checker) repair(x *spot) verdict {
	found, was := c.describe(x.f, x.n), x.n.kind
	for _, r := range repairs {
		if !r.want.has(x.s.kind) || !r.found.has(x.n.kind) {
			continue
		}
		done, v, ok := r.fix(c, x)
		if !ok {
			continue
		}
		if v == drop && x.at == atTarget {
			x.n.set(emptyOf(x.s))
			v, done = keep, "taken as empty"
		}
		msg := fmt.Sprintf("must be %s, not %s", want(x.s), found)
		if x.s.hint != "" && was != kNull {
			msg += ": " + x.s.hint
		}
		c.warnf(x.f, x.ptr, "%s; %s", msg, done)
		c.markPatched(x.f)
		return v
	}
	// The last rule applies to everything.
	panic("loader: no repair for " + x.n.kind.String())
}

// warnf records a repair: the warning's class is its format.
func (c *checker) warnf(f *srcFile, ptr, format string, args ...any) {
	c.lenient.warnings = append(c.lenient.warnings, Diagnostic{File: f.name, Pointer: ptr, Message: fmt.Sprintf(format, args...), Class: format})
}

// set makes n a copy of m.
func (n *node) set(m *node) {
	n.kind, n.str, n.keys, n.vals, n.items, n.idx = m.kind, m.str, m.keys, m.vals, m.items, nil
}

// emptyOf is the empty value of a shape: what a place the document needs
// holds when what was there is dropped.
func emptyOf(s *shape) *node {
	switch s.kind {
	case sArray:
		return &node{kind: kArray}
	case sString:
		return &node{kind: kString}
	}
	return &node{kind: kObject}
}

func str(s string) *node { return &node{kind: kString, str: s} }

// quoted is s, quoted, for a message about the spec the user named; a
// file a $ref reaches is not quoted (see describe).
func (c *checker) quoted(f *srcFile, s string) string {
	if f != c.root || len(s) > 40 || strings.ContainsAny(s, "\n\r") {
		return "its text"
	}
	return strconv.Quote(s)
}

func fixNull(c *checker, x *spot) (string, verdict, bool) {
	if x.at != inMember {
		if x.s.needed {
			x.n.set(emptyOf(x.s))
			return "taken as empty", keep, true
		}
		return "taken as absent", drop, true
	}
	switch {
	case x.s.kind == sSchema && !x.outer.compose:
		x.n.set(&node{kind: kObject})
		return "taken as the empty schema (any JSON value)", keep, true
	case x.s.kind == sArray:
		x.n.set(&node{kind: kArray})
		return "taken as an empty list", keep, true
	}
	if x.outer.compose {
		return "dropped from the list", drop, true
	}
	return "dropped", drop, true
}

func fixText(c *checker, x *spot) (string, verdict, bool) {
	x.n.kind = kString
	return "taken as the string " + c.quoted(x.f, x.n.str), keep, true
}

// booleanWords are the strings and numbers read as booleans: YAML 1.1's
// words, which YAML 1.2 readers take for strings, and 0 and 1.
var booleanWords = map[string]bool{
	"true": true, "yes": true, "y": true, "on": true, "1": true,
	"false": false, "no": false, "n": false, "off": false, "0": false,
}

func fixBool(c *checker, x *spot) (string, verdict, bool) {
	b, ok := booleanWords[strings.ToLower(strings.TrimSpace(x.n.str))]
	if !ok {
		return "", keep, false
	}
	x.n.set(&node{kind: kBool, str: strconv.FormatBool(b)})
	return "taken as " + x.n.str, keep, true
}

func fixBoolDefault(c *checker, x *spot) (string, verdict, bool) {
	if x.s.unreadable != "" {
		x.n.set(&node{kind: kBool, str: x.s.unreadable})
		return "taken as " + x.s.unreadable + ", the wider reading", keep, true
	}
	return "dropped (false)", drop, true
}

func fixValidationOnly(c *checker, x *spot) (string, verdict, bool) {
	return "dropped (it only constrains values, which the client leaves to the server)", drop, true
}

func fixTypeList(c *checker, x *spot) (string, verdict, bool) {
	var items []*node
	for _, it := range x.n.items {
		switch it.kind {
		case kString:
			items = append(items, it)
		case kNull:
			items = append(items, str("null"))
		}
	}
	if len(items) == 0 {
		return "dropped (any JSON value)", drop, true
	}
	x.n.items = items
	names := make([]string, len(items))
	for i, it := range items {
		names[i] = strconv.Quote(it.str)
	}
	return "taken as [" + strings.Join(names, ", ") + "]", keep, true
}

func fixSchemaName(c *checker, x *spot) (string, verdict, bool) {
	if x.f != c.root || c.root.root.get("components").get("schemas").get(x.n.str) == nil {
		return "", keep, false
	}
	ref := "#/components/schemas/" + Escape(x.n.str)
	x.n.set(&node{kind: kObject, keys: []string{"$ref"}, vals: []*node{str(ref)}})
	return fmt.Sprintf("taken as {$ref: %q}", ref), keep, true
}

// jsonTypes are the type names of JSON Schema.
var jsonTypes = map[string]bool{"string": true, "integer": true, "number": true, "boolean": true, "object": true, "array": true}

func fixSchemaType(c *checker, x *spot) (string, verdict, bool) {
	if !jsonTypes[x.n.str] {
		return "", keep, false
	}
	x.n.set(&node{kind: kObject, keys: []string{"type"}, vals: []*node{str(x.n.str)}})
	return fmt.Sprintf("taken as {type: %s}", x.n.vals[0].str), keep, true
}

func fixSchemaOfOne(c *checker, x *spot) (string, verdict, bool) {
	if len(x.n.items) != 1 || x.n.items[0].kind == kNull || x.n.items[0].kind == kArray {
		return "", keep, false
	}
	x.n.set(x.n.items[0])
	return "taken as its one member", keep, true
}

func fixSchemaOther(c *checker, x *spot) (string, verdict, bool) {
	if x.at == inMember && x.outer.compose {
		return "dropped from the list", drop, true
	}
	x.n.set(&node{kind: kObject})
	return "taken as the empty schema (any JSON value)", keep, true
}

func fixObjectFromValue(c *checker, x *spot) (string, verdict, bool) {
	main := x.s.fields[x.s.mainField]
	if main == nil || !(main.kind == sAny || main.kind == sString && x.n.kind == kString) {
		return "", keep, false
	}
	v := &node{}
	v.set(x.n)
	x.n.set(&node{kind: kObject, keys: []string{x.s.mainField}, vals: []*node{v}})
	if v.kind == kString {
		return fmt.Sprintf("taken as {%s: %s}", x.s.mainField, c.quoted(x.f, v.str)), keep, true
	}
	return fmt.Sprintf("taken as {%s: …}", x.s.mainField), keep, true
}

func fixOneElement(c *checker, x *spot) (string, verdict, bool) {
	e := x.s.elem
	fits := false
	switch x.n.kind {
	case kString:
		fits = e.kind == sString || e.kind == sAny || e.mainField != ""
	case kNumber, kBool:
		fits = e.kind == sAny
	case kObject:
		// Not where any value is wanted: an object of examples in a
		// schema's examples (a media type's map of them, misplaced) is
		// no example itself.
		fits = e.kind == sObject || e.kind == sMap || e.kind == sSchema
	}
	if !fits {
		return "", keep, false
	}
	one := &node{}
	one.set(x.n)
	x.n.set(&node{kind: kArray, items: []*node{one}})
	if one.kind == kString {
		if q := c.quoted(x.f, one.str); q != "its text" {
			return "taken as [" + q + "]", keep, true
		}
	}
	return "taken as a list of that one value", keep, true
}

func fixDrop(c *checker, x *spot) (string, verdict, bool) {
	if x.s.needed && x.at != inMember {
		x.n.set(emptyOf(x.s))
		return "taken as empty", keep, true
	}
	return "dropped", drop, true
}

// liftRequired moves `required: true|false` from the properties of the
// object schema n (JSON Schema draft 3's way of saying which are
// required) into n's own required list, before the properties are
// checked (where a boolean required is not a list of names).
func (c *checker) liftRequired(f *srcFile, n *node, ptr string) {
	props := n.get("properties")
	if props == nil || props.kind != kObject {
		return
	}
	for i, name := range props.keys {
		p := props.vals[i]
		r := p.get("required")
		if r == nil || r.kind != kBool || p.get("$ref") != nil {
			continue
		}
		rptr := ptr + "/properties/" + Escape(name) + "/required"
		p.remove("required")
		c.markPatched(f)
		if r.str == "false" {
			c.warnf(f, rptr, "required: false on a property (JSON Schema draft 3); dropped")
			continue
		}
		list := n.get("required")
		switch {
		case list == nil:
			list = &node{kind: kArray}
			n.keys, n.vals, n.idx = append(n.keys, "required"), append(n.vals, list), nil
		case list.kind != kArray:
			c.warnf(f, rptr, "required: true on a property (JSON Schema draft 3); dropped, as the object's required is not a list")
			continue
		}
		if !hasString(list.items, name) {
			list.items = append(list.items, str(name))
		}
		c.warnf(f, rptr, "required: true on a property (JSON Schema draft 3); taken as listed in the object's required")
	}
}

func hasString(items []*node, s string) bool {
	for _, it := range items {
		if it.kind == kString && it.str == s {
			return true
		}
	}
	return false
}

// remove deletes key from an object.
func (n *node) remove(key string) {
	for i, k := range n.keys {
		if k == key {
			n.keys = append(n.keys[:i:i], n.keys[i+1:]...)
			n.vals = append(n.vals[:i:i], n.vals[i+1:]...)
			n.idx = nil
			return
		}
	}
}

// wrongKindRef repairs the Reference Object n, at ptr in f, where s is
// wanted, when it points at a place of the root document that holds
// another kind of object (kin-openapi refuses it: "expecting ref to
// schema object"). Where a schema is wanted and the place has one (a
// parameter's, a header's, a media type's, a response's or request
// body's one media type's), n refers to that schema; otherwise n becomes
// a copy of the place, checked as s (a response's $ref to a schema
// {description: …}). It reports whether it changed n.
func (c *checker) wrongKindRef(f *srcFile, n *node, s *shape, ptr string) bool {
	r := n.get("$ref")
	if s.what == "" || f != c.root || r.kind != kString || !strings.HasPrefix(r.str, "#/") {
		return false
	}
	ts := shapeAt(r.str[1:])
	if ts == nil || ts.what == "" || ts.what == s.what {
		return false
	}
	_, tn, _, msg := c.resolve(f, ptr, r.str)
	if c.err != nil || msg != "" || tn.kind != kObject || tn.get("$ref") != nil {
		return false
	}
	var done string
	if ref, sn := schemaWithin(r.str, tn, ts); s == schemaShape && sn != nil {
		// A copy, not a $ref to it: a type named after where it is used
		// rather than after a pointer into a parameter.
		if treeSize(sn, maxRefCopy) < maxRefCopy {
			n.set(sn.clone())
			done = fmt.Sprintf("taken as a copy of %s", ref)
		} else {
			n.set(&node{kind: kObject, keys: []string{"$ref"}, vals: []*node{str(ref)}})
			done = fmt.Sprintf("taken as {$ref: %q}", ref)
		}
	} else if treeSize(tn, maxRefCopy) < maxRefCopy {
		n.set(tn.clone())
		done = "taken as a copy of it"
	} else {
		n.set(emptyOf(s))
		done = "taken as empty"
	}
	c.warnf(f, ptr, "$ref %q points at %s, not %s; %s", r.str, ts.what, s.what, done)
	c.markPatched(f)
	return true
}

// maxRefCopy bounds the copy wrongKindRef makes, so that many $refs to
// one large place cannot multiply the document.
const maxRefCopy = 10_000

// schemaWithin is the schema a place of kind ts at ref holds (tn), and
// its pointer: a parameter's, a header's or a media type's, or that of a
// response's or request body's only media type; nil if none.
func schemaWithin(ref string, tn *node, ts *shape) (string, *node) {
	if _, ok := ts.fields["schema"]; ok && tn.get("schema") != nil {
		return ref + "/schema", tn.get("schema")
	}
	if _, ok := ts.fields["content"]; ok {
		content := tn.get("content")
		if content != nil && content.kind == kObject && len(content.keys) == 1 && content.vals[0].get("schema") != nil {
			return ref + "/content/" + Escape(content.keys[0]) + "/schema", content.vals[0].get("schema")
		}
	}
	return "", nil
}

// shapeAt is the shape of the place a JSON pointer names in an OpenAPI
// document, or nil where the table does not say (an extension, a key
// OpenAPI does not define).
func shapeAt(ptr string) *shape {
	if p, err := url.PathUnescape(ptr); err == nil {
		ptr = p
	}
	if !strings.HasPrefix(ptr, "/") {
		return nil
	}
	cur := docShape
	for _, tok := range strings.Split(ptr[1:], "/") {
		tok = strings.ReplaceAll(strings.ReplaceAll(tok, "~1", "/"), "~0", "~")
		switch cur.kind {
		case sObject, sSchema:
			cur = cur.fields[tok]
		case sMap:
			if cur.ext && strings.HasPrefix(tok, "x-") {
				return nil
			}
			cur = cur.elem
		case sArray:
			cur = cur.elem
		default:
			return nil
		}
		if cur == nil {
			return nil
		}
	}
	return cur
}

// clone is a deep copy of n.
func (n *node) clone() *node {
	m := &node{kind: n.kind, str: n.str, keys: append([]string(nil), n.keys...)}
	for _, v := range n.vals {
		m.vals = append(m.vals, v.clone())
	}
	for _, it := range n.items {
		m.items = append(m.items, it.clone())
	}
	return m
}
