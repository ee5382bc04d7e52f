package irbuild

import (
	"encoding/json"
	"fmt"
	"math"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"unicode"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/orygen/orygen/internal/ir"
	"github.com/orygen/orygen/internal/loader"
)

const componentPrefix = "#/components/schemas/"

// maxDepth bounds inline nesting, as a safety net: refs are named before
// they are defined, so a cycle through them ends at the name, and a
// document nests at most a few hundred levels (the loader's bound). A
// filter expression nested thirty levels deep takes about 120.
const maxDepth = 1000

// declareComponents claims a Go name for every component schema, in sorted
// order so that collisions resolve the same way on every run.
func (b *builder) declareComponents() {
	if b.doc.Components == nil {
		return
	}
	keys := sortedKeys(b.doc.Components.Schemas)
	// Names overridden by Options.Names are claimed first: the user's
	// choice wins a collision.
	for _, overridden := range []bool{true, false} {
		for _, k := range claimOrder(keys, b.goName) {
			name, ok := b.names[k]
			if ok != overridden {
				continue
			}
			if !ok {
				name = b.goName(k)
			}
			ptr := "/components/schemas/" + loader.Escape(k)
			if !ok && b.ns.used[name] && plainAlias(b.doc.Components.Schemas[k]) {
				// Another schema (or the runtime) has the name: rather
				// than a second exported alias (NullTime2 beside
				// NullTime), the uses of this one take its type.
				b.inlined[componentPrefix+k] = true
				b.notef(ptr, "Go name %s of %q is taken; the schema only names a plain type, which its uses take instead", name, k)
				continue
			}
			b.refNames[componentPrefix+k] = b.claimSchemaType(name, ptr, k)
		}
	}
	b.claimExternalComponents(keys)
	for _, k := range keys {
		if b.inlined[componentPrefix+k] {
			continue
		}
		sr := b.doc.Components.Schemas[k]
		ptr := "/components/schemas/" + loader.Escape(k)
		b.at = ptr
		b.defineNamed(b.refNames[componentPrefix+k], k, sr, ptr, 0)
	}
}

// An inline type's name, made of its parents' names and its property's,
// longer than maxInlineName is shortened to at most shortInlineName.
const (
	maxInlineName   = 60
	shortInlineName = 56
)

// shortName shortens a long inline type name readably and the same way
// every run: the first words (the schema it is in) and the last ones (the
// property it is), up to shortInlineName characters in all, the words between dropped.
// Two names that shorten alike are told apart as any collision is.
func shortName(name string) string {
	if len(name) <= maxInlineName {
		return name
	}
	ws := goWords(name)
	head, tail := 0, len(ws)
	n := 0
	for head < tail && n+len(ws[head]) <= shortInlineName/2 {
		n += len(ws[head])
		head++
	}
	if head == 0 {
		head, n = 1, len(ws[0])
	}
	for tail > head && n+len(ws[tail-1]) <= shortInlineName {
		n += len(ws[tail-1])
		tail--
	}
	if tail == len(ws) && head < len(ws) {
		// One very long word last: keep it cut.
		return (strings.Join(ws[:head], "") + ws[len(ws)-1])[:shortInlineName]
	}
	return strings.Join(ws[:head], "") + strings.Join(ws[tail:], "")
}

// goWords splits a Go name into its words without losing a letter
// (words drops punctuation, which a Go name has none of but '_').
func goWords(name string) []string {
	var out []string
	start := 0
	rs := []rune(name)
	for i := 1; i < len(rs); i++ {
		if unicode.IsUpper(rs[i]) && (unicode.IsLower(rs[i-1]) || unicode.IsDigit(rs[i-1]) ||
			(unicode.IsUpper(rs[i-1]) && i+1 < len(rs) && unicode.IsLower(rs[i+1]))) {
			out = append(out, string(rs[start:i]))
			start = i
		}
	}
	return append(out, string(rs[start:]))
}

// plainAlias reports whether a component schema is only another name for
// a type Go has without it: a string, number, time, list or map of such,
// not a ref, a struct, an enum or a union.
func plainAlias(sr *openapi3.SchemaRef) bool {
	if sr == nil || sr.Ref != "" || sr.Value == nil {
		return false
	}
	s := sr.Value
	if inner, ok := stripNull(s); ok {
		if inner.Ref != "" || inner.Value == nil {
			return false
		}
		s = inner.Value
	}
	if needsName(s) || s.Discriminator != nil || len(s.AllOf) > 0 || s.Extensions["x-orygen-raw"] != nil {
		return false
	}
	switch typeOf(s) {
	case "string", "integer", "number", "boolean":
		return true
	}
	return false
}

// claimSchemaType claims the Go name of a type made from a schema. A
// name the client runtime has (ErrorResponse, Client, Nullable...) is
// the runtime's: the schema's type takes a suffix that reads as what it
// is (ErrorResponseBody, ClientModel) rather than a number.
func (b *builder) claimSchemaType(want, ptr, what string) ir.Ident {
	if !b.runtime[want] {
		return b.claimType(want, ptr, what)
	}
	alt := want + "Model"
	for _, s := range []string{"Response", "Request", "Error"} {
		if strings.HasSuffix(want, s) {
			alt = want + "Body"
		}
	}
	got, _ := b.ns.claim(alt)
	b.warnf(ptr, "Go name %s of %q is the client runtime's own %s; using %s", want, what, want, got)
	return got
}

func (b *builder) claimType(want, ptr, what string) ir.Ident {
	got, renamed := b.ns.claim(want)
	if renamed {
		b.warnf(ptr, "Go name %s of %q is taken; using %s", want, what, got)
	}
	return got
}

// ref turns a schema reference into a type reference, defining named
// types for refs and for inline schemas that need a name (ctx).
func (b *builder) ref(sr *openapi3.SchemaRef, ctx, ptr string, depth int) ir.TypeRef {
	if sr == nil {
		return ir.TypeRef{Kind: ir.RefRaw}
	}
	if depth > maxDepth {
		// A schema that contains itself inline (through an allOf or a
		// file it is copied from) never ends: past the limit, its values
		// are kept as they came.
		b.warnf(ptr, "schema nesting deeper than %d levels (a reference cycle outside components?); kept as raw JSON", maxDepth)
		return ir.TypeRef{Kind: ir.RefRaw}
	}
	if sr.Ref != "" {
		if extra := b.refShapingSiblings(sr); len(extra) > 0 {
			b.warnf(ptr, "$ref %s has %s beside it, which the target's type does not represent (a narrower type would lose data); kept as raw JSON",
				sr.Ref, quoteList(extra))
			b.stats.Unrepresented++
			return b.raw(ptr, sr.Value)
		}
		key := b.refKey(sr)
		if name, ok := b.refNames[key]; ok {
			if b.ledger != nil && sr.Value != nil {
				// The named type is the target's, read where it is defined.
				b.ledger.entries[sr.Value] = append(b.ledger.entries[sr.Value], ledgerEntry{Pointer: ptr, Form: formRef})
			}
			return ir.TypeRef{Kind: ir.RefNamed, Name: name}
		}
		if b.inlined[key] && sr.Value != nil {
			return b.inline(sr.Value, ctx, ptr, depth+1)
		}
		if sr.Value == nil {
			b.fail(ptr, "unresolved reference %q", sr.Ref)
			return ir.TypeRef{Kind: ir.RefRaw}
		}
		// A ref into another file, or to a non-component location: the
		// target gets a type named after the last segment of the ref.
		name := b.claimSchemaType(b.goName(refTypeName(sr.Ref)), ptr, sr.Ref)
		b.refNames[key] = name
		b.defineNamed(name, "", sr, ptr, depth+1)
		return ir.TypeRef{Kind: ir.RefNamed, Name: name}
	}
	return b.inlineOnce(sr.Value, ctx, ptr, depth)
}

// inlineOnce is inline, for a schema that is not already being made
// inline further up: one that contains itself other than through a
// named type (Expr: {properties: {not: {allOf: [$ref: Expr, ...]}}},
// whose allOf copies Expr into itself) would never end, and its inner
// occurrence keeps its values as raw JSON instead.
func (b *builder) inlineOnce(s *openapi3.Schema, ctx, ptr string, depth int) ir.TypeRef {
	if s == nil {
		return b.inline(s, ctx, ptr, depth)
	}
	if b.expanding[s] {
		b.warnf(ptr, "schema contains itself (through allOf or inline copies, not a $ref to a named schema), and a Go type cannot spell that out; kept as raw JSON here")
		return ir.TypeRef{Kind: ir.RefRaw}
	}
	if b.expanding == nil {
		b.expanding = map[*openapi3.Schema]bool{}
	}
	b.expanding[s] = true
	defer delete(b.expanding, s)
	return b.inline(s, ctx, ptr, depth)
}

func refBase(ref string) string {
	if i := strings.IndexByte(ref, '#'); i >= 0 && i < len(ref)-1 {
		frag := ref[i+1:]
		return frag[strings.LastIndexByte(frag, '/')+1:]
	}
	base := strings.TrimSuffix(ref, "#")
	base = base[strings.LastIndexByte(base, '/')+1:]
	if j := strings.LastIndexByte(base, '.'); j > 0 {
		base = base[:j]
	}
	return base
}

// structural are the segments of a JSON pointer into a document that
// name its structure, not a schema: a type is not named after them.
var structural = map[string]bool{
	"components": true, "schemas": true, "definitions": true, "$defs": true, "paths": true, "properties": true,
	"allOf": true, "oneOf": true, "anyOf": true, "not": true, "additionalProperties": true, "patternProperties": true,
	"prefixItems": true, "schema": true, "content": true, "responses": true, "parameters": true, "requestBody": true,
	"headers": true, "get": true, "put": true, "post": true, "delete": true, "patch": true, "head": true,
	"options": true, "trace": true,
}

// refTypeName is the name a type defined by a $ref outside the
// components takes: the last named place of its pointer (bundlers point
// a second use of an inline schema at the first one, deep in an
// operation), never an index or a keyword ("…/allOf/0" is not N0, and
// "…/actions/items" is ActionsItem, not Items).
func refTypeName(ref string) string {
	i := strings.IndexByte(ref, '#')
	if i < 0 || i == len(ref)-1 {
		return refBase(ref)
	}
	segs := strings.Split(strings.TrimPrefix(ref[i+1:], "/"), "/")
	suffix := ""
	for j := len(segs) - 1; j >= 0; j-- {
		seg := strings.ReplaceAll(strings.ReplaceAll(segs[j], "~1", "/"), "~0", "~")
		if u, err := url.PathUnescape(seg); err == nil {
			seg = u
		}
		switch {
		case seg == "items":
			suffix = " item" + suffix
		case seg == "" || structural[seg] || strings.Contains(seg, "/") && j > 0 && segs[j-1] == "content":
		case strings.Trim(seg, "0123456789") == "" || strings.Trim(seg, "0123456789xX") == "":
			// An index, or a response status (200, 4XX).
		default:
			return seg + suffix
		}
	}
	return refBase(ref)
}

// needsName reports whether an inline schema becomes a named type.
func needsName(s *openapi3.Schema) bool {
	if isUnion(s) || len(s.AllOf) > 1 {
		return true
	}
	if len(enumValues(s)) > 0 && (typeOf(s) == "string" || typeOf(s) == "integer") {
		return true
	}
	// Properties of a schema of another type than object do not apply.
	return len(s.Properties) > 0 && !vacuous(s, "properties")
}

func (b *builder) inline(s *openapi3.Schema, ctx, ptr string, depth int) ir.TypeRef {
	if s == nil {
		return ir.TypeRef{Kind: ir.RefRaw}
	}
	if raw, _ := s.Extensions["x-orygen-raw"].(bool); raw {
		// Before the nullable wrapper is looked through: the mark is on
		// the wrapper, and raw JSON holds a null itself.
		return b.raw(ptr, s)
	}
	if m, mptr, _, ok := soleMember(s, ptr); ok {
		b.account(ptr, s, formPass, "")
		return b.ref(m, ctx, mptr, depth+1)
	}
	if needsName(s) || len(s.AllOf) > 0 {
		if name, ok := b.sameAsComponent(s); ok {
			// Read as a $ref to the component: its keywords are
			// accounted where the component is defined.
			if b.ledger != nil {
				b.ledger.entries[s] = append(b.ledger.entries[s], ledgerEntry{Pointer: ptr, Form: formRef})
			}
			return ir.TypeRef{Kind: ir.RefNamed, Name: name}
		}
		name := b.claimSchemaType(shortName(ctx), ptr, ctx)
		b.defineNamed(name, "", &openapi3.SchemaRef{Value: s}, ptr, depth+1)
		return ir.TypeRef{Kind: ir.RefNamed, Name: name}
	}
	scalar := func(r ir.TypeRef) ir.TypeRef {
		if !b.account(ptr, s, formScalar, typeOf(s)) {
			return ir.TypeRef{Kind: ir.RefRaw}
		}
		return r
	}
	switch typeOf(s) {
	case "string":
		switch s.Format {
		case "date-time":
			return scalar(ir.TypeRef{Kind: ir.RefTime})
		case "binary":
			return scalar(ir.TypeRef{Kind: ir.RefBuiltin, Builtin: ir.Bytes})
		}
		return scalar(ir.TypeRef{Kind: ir.RefBuiltin, Builtin: ir.String})
	case "integer":
		if s.Format == "int32" {
			return scalar(ir.TypeRef{Kind: ir.RefBuiltin, Builtin: ir.Int32})
		}
		return scalar(ir.TypeRef{Kind: ir.RefBuiltin, Builtin: ir.Int64})
	case "number":
		return scalar(ir.TypeRef{Kind: ir.RefBuiltin, Builtin: ir.Float64})
	case "boolean":
		return scalar(ir.TypeRef{Kind: ir.RefBuiltin, Builtin: ir.Bool})
	case "array":
		if !b.account(ptr, s, formSlice, "array") {
			return ir.TypeRef{Kind: ir.RefRaw}
		}
		items, at := arrayItems(s)
		elem := b.element(items, ctx+"Item", ptr+at, depth+1)
		return ir.TypeRef{Kind: ir.RefSlice, Elem: &elem}
	case "object", "":
		if ap, at := extraProps(s); ap.Schema != nil {
			if !b.account(ptr, s, formMap, "object") {
				return ir.TypeRef{Kind: ir.RefRaw}
			}
			elem := b.element(ap.Schema, ctx+"Value", ptr+at, depth+1)
			return ir.TypeRef{Kind: ir.RefMap, Elem: &elem}
		}
	}
	// Free-form objects, untyped schemas and multi-type schemas keep their
	// JSON as it came: nothing is thrown away.
	return b.raw(ptr, s)
}

// defineNamed fills in the named type name from schema sr.
func (b *builder) defineNamed(name ir.Ident, schemaName string, sr *openapi3.SchemaRef, ptr string, depth int) {
	t := &ir.Type{Name: name, SchemaName: schemaName, Pointer: ptr}
	b.types = append(b.types, t)
	b.byName[name] = t
	s := sr.Value
	if s == nil {
		b.fail(ptr, "unresolved reference %q", sr.Ref)
		t.Kind, t.Alias = ir.KindAlias, &ir.TypeRef{Kind: ir.RefRaw}
		return
	}
	t.Doc = schemaDoc(s)
	t.Deprecated = s.Deprecated
	if sr.Ref != "" && schemaName != "" && b.refNames[b.refKey(sr)] != name {
		// A component that is only a ref to another one.
		target := b.ref(sr, string(name), ptr, depth+1)
		t.Kind, t.Alias = ir.KindAlias, &target
		return
	}
	if raw, _ := s.Extensions["x-orygen-raw"].(bool); raw {
		t.Kind, t.Alias = ir.KindAlias, &ir.TypeRef{Kind: ir.RefRaw}
		b.raw(ptr, s)
		return
	}
	b.defineBody(t, s, ptr, depth)
}

// defineBody fills in the named type t from schema s, the schema it is
// named after or, through wrappers, the one member that schema stands for.
func (b *builder) defineBody(t *ir.Type, s *openapi3.Schema, ptr string, depth int) {
	name := t.Name
	// An allOf around a $ref to an object is a struct of its own (a
	// subtype adding nothing is still a subtype); around a union, or
	// inline, it is that member.
	if m, mptr, _, ok := soleMember(s, ptr); ok && (len(s.AllOf) == 0 || m.Ref == "" || isUnion(m.Value)) {
		b.account(ptr, s, formPass, "")
		if m.Ref == "" && depth < maxDepth {
			b.defineBody(t, m.Value, mptr, depth+1)
			return
		}
		target := b.ref(m, string(name)+"Value", mptr, depth+1)
		t.Kind, t.Alias = ir.KindAlias, &target
		return
	}
	rawUnless := func(ok bool) bool {
		if !ok {
			t.Kind, t.Alias = ir.KindAlias, &ir.TypeRef{Kind: ir.RefRaw}
		}
		return ok
	}
	switch {
	case isConstOneOf(s):
		if rawUnless(b.account(ptr, s, formEnum, "")) {
			b.defineConstEnum(t, s, ptr)
		}
	case isUnion(s) && s.Discriminator != nil:
		if rawUnless(b.account(ptr, s, formUnion, "", b.unionHolds(s)...)) {
			b.defineUnion(t, s, ptr, depth)
		}
	case isUnion(s):
		if rawUnless(b.account(ptr, s, formUnion, "", b.unionHolds(s)...)) {
			b.defineUntagged(t, s, ptr, depth)
		}
	case s.Discriminator != nil && len(s.AllOf) == 0:
		if rawUnless(b.account(ptr, s, formStruct, "object")) {
			b.defineInherited(t, s, ptr, depth)
		}
	case len(s.AllOf) > 0:
		b.defineAllOf(t, s, ptr, depth)
	case len(enumValues(s)) > 0 && (typeOf(s) == "string" || typeOf(s) == "integer"):
		if rawUnless(b.account(ptr, s, formEnum, typeOf(s))) {
			b.defineEnum(t, s, ptr)
		}
	case len(s.Properties) > 0 && !vacuous(s, "properties"):
		if rawUnless(b.account(ptr, s, formStruct, "object")) {
			b.defineStruct(t, s, ptr, depth)
		}
	default:
		target := b.inline(s, string(name)+"Value", ptr, depth+1)
		t.Kind, t.Alias = ir.KindAlias, &target
	}
}

func (b *builder) defineStruct(t *ir.Type, s *openapi3.Schema, ptr string, depth int) {
	b.spendFields(len(s.Properties), ptr)
	t.Kind = ir.KindStruct
	switch ap, at := extraProps(s); {
	case ap.Schema != nil:
		r := b.element(ap.Schema, string(t.Name)+"Value", ptr+at, depth+1)
		t.Additional = &r
	case ap.Has != nil && *ap.Has, narrowingExtras(s):
		t.Additional = &ir.TypeRef{Kind: ir.RefRaw}
	}
	req := map[string]bool{}
	for _, r := range s.Required {
		req[r] = true
	}
	// A struct's methods share its fields' names: a property
	// "MarshalJSON" must not become a field of the name (a struct may get
	// the JSON methods of a codec, or its undeclared properties' map).
	// UnknownJSON and SetUnknownJSON are the methods of the unknown
	// members every struct with codecs embeds.
	reserved := []string{"MarshalJSON", "UnmarshalJSON", "UnknownJSON", "SetUnknownJSON"}
	// A property whose name no struct tag can carry is kept, without
	// codecs, in the map of undeclared properties, which is named then
	// even if the schema has none.
	untaggable := false
	for pn := range s.Properties {
		untaggable = untaggable || !jsonTagName(pn)
	}
	if t.Additional != nil || untaggable {
		reserved = append(reserved, "AdditionalProperties")
		t.AdditionalField = "AdditionalProperties"
	}
	fns := newNamespace(reserved...)
	fieldNames := map[string]ir.Ident{}
	for _, pn := range claimOrder(sortedKeys(s.Properties), b.goName) {
		want := b.goName(pn)
		if want == "AdditionalProperties" && t.AdditionalField != "" {
			want += "Field"
		}
		fname, renamed := fns.claim(want)
		if renamed {
			b.warnf(ptr+"/properties/"+loader.Escape(pn), "field name of %q collides after case conversion; using %s", pn, fname)
		}
		fieldNames[pn] = fname
	}
	for _, pn := range sortedKeys(s.Properties) {
		ps := s.Properties[pn]
		fptr := ptr + "/properties/" + loader.Escape(pn)
		if !jsonTagName(pn) {
			b.warnf(fptr, "property name %q cannot be written in a Go struct tag; the generated codecs read and write field %s by that name (with -reflect-json, which has encoding/json do it, the property is kept in %s.%s instead)",
				pn, fieldNames[pn], t.Name, t.AdditionalField)
		}
		f := &ir.Field{
			Name:     fieldNames[pn],
			JSONName: pn,
			NoTag:    !jsonTagName(pn),
			Required: req[pn],
			Nullable: isNullable(ps),
			Type:     b.ref(ps, string(t.Name)+b.goName(pn), fptr, depth+1),
		}
		if ps.Value != nil {
			f.Doc = schemaDoc(ps.Value)
			f.Deprecated = ps.Value.Deprecated
			f.ReadOnly = ps.Value.ReadOnly
		}
		t.Fields = append(t.Fields, f)
	}
}

// defineAllOf makes an allOf of objects one struct. An allOf of one
// primitive type is that type; members of different types describe no
// value at all, so they are kept as raw JSON with a warning rather than
// becoming an empty struct.
func (b *builder) defineAllOf(t *ir.Type, s *openapi3.Schema, ptr string, depth int) {
	kinds := map[string]*openapi3.SchemaRef{}
	var collect func(x *openapi3.Schema, d int)
	collect = func(x *openapi3.Schema, d int) {
		if x == nil || d > maxDepth {
			return
		}
		if k := typeOf(x); k != "" && k != "object" {
			if kinds[k] == nil {
				kinds[k] = &openapi3.SchemaRef{Value: x}
			}
		} else if len(x.Properties) > 0 || k == "object" {
			kinds["object"] = &openapi3.SchemaRef{Value: x}
		}
		for _, sub := range x.AllOf {
			if sub != nil {
				collect(sub.Value, d+1)
			}
		}
	}
	collect(s, 0)
	switch {
	case len(kinds) > 1:
		names := sortedKeys(kinds)
		b.warnf(ptr, "allOf combines schemas of different types (%s), which no value can satisfy; %s is kept as raw JSON", strings.Join(names, ", "), t.Name)
		t.Kind, t.Alias = ir.KindAlias, &ir.TypeRef{Kind: ir.RefRaw}
		b.raw(ptr, s)
		b.rawMembers(ptr, s)
	case len(kinds) == 1 && kinds["object"] == nil:
		for k, only := range kinds {
			if !b.accountAllOf(t, s, ptr, k, only.Value) {
				return
			}
			var target ir.TypeRef
			if len(only.Value.AllOf) == 0 {
				target = b.inline(only.Value, string(t.Name)+"Value", ptr, depth+1)
			} else {
				// Its own allOf is the one being defined.
				c := *only.Value
				c.AllOf = nil
				target = b.inline(&c, string(t.Name)+"Value", ptr, depth+1)
				if b.ledger != nil {
					b.ledger.entries[only.Value] = append(b.ledger.entries[only.Value], b.ledger.entries[&c]...)
				}
			}
			t.Kind, t.Alias = ir.KindAlias, &target
		}
	default:
		if b.accountAllOf(t, s, ptr, "object", nil) {
			b.defineStruct(t, b.mergeAllOf(s), ptr, depth)
		}
	}
}

// accountAllOf accounts an allOf composition and each member in it, at
// any depth, as merged into one type of JSON type kind: an object's
// members give it their properties and extra properties; of a scalar's,
// only is the member that defines the type (accounted by inline), the
// others may only name the type. A member keyword nothing represents
// (a oneOf beside the other members, say) makes t raw JSON with a
// warning.
func (b *builder) accountAllOf(t *ir.Type, s *openapi3.Schema, ptr, kind string, only *openapi3.Schema) bool {
	own := formStruct
	if kind != "object" {
		own = formAllOf
	}
	var drops []allOfDrop
	if s != only {
		if _, _, dropped := represents(s, own, kind); len(dropped) > 0 {
			drops = append(drops, allOfDrop{"", quoteList(dropped)})
		}
	}
	for i, sub := range s.AllOf {
		if sub == nil {
			continue
		}
		rel := fmt.Sprintf("/allOf/%d", i)
		for _, d := range b.memberDrops(sub.Value, ptr+rel, kind, only, 1) {
			drops = append(drops, allOfDrop{rel + d.at, d.kws})
		}
	}
	if len(drops) == 0 {
		b.record(ptr, s, own, kind)
		return true
	}
	var parts []string
	for _, d := range drops {
		parts = append(parts, d.kws+" at "+ptr+d.at)
	}
	b.warnf(ptr, "allOf members carry %s, which merging them into one %s does not represent (a narrower type would lose data); %s is kept as raw JSON",
		strings.Join(parts, ", "), kind, t.Name)
	b.stats.Unrepresented++
	t.Kind, t.Alias = ir.KindAlias, &ir.TypeRef{Kind: ir.RefRaw}
	b.raw(ptr, s)
	b.rawMembers(ptr, s)
	return false
}

// allOfDrop is what an allOf member carries that merging does not
// represent: keywords, at a pointer relative to the member.
type allOfDrop struct{ at, kws string }

// memberDrops accounts the allOf member x at xptr and its own members,
// and returns what merging them into one type of JSON type kind drops.
// For objects it is worked out once per member: a chain of allOf links
// costs each link once, not once per schema that reaches it.
func (b *builder) memberDrops(x *openapi3.Schema, xptr, kind string, only *openapi3.Schema, d int) []allOfDrop {
	if x == nil || d > maxDepth {
		return nil
	}
	memo := kind == "object"
	if memo {
		if ds, ok := b.allOfDrops[x]; ok {
			return ds
		}
		if b.allOfDrops == nil {
			b.allOfDrops = map[*openapi3.Schema][]allOfDrop{}
		}
		b.allOfDrops[x] = nil // a cycle ends here
	}
	var out []allOfDrop
	for i, sub := range x.AllOf {
		if sub == nil {
			continue
		}
		rel := fmt.Sprintf("/allOf/%d", i)
		for _, dr := range b.memberDrops(sub.Value, xptr+rel, kind, only, d+1) {
			out = append(out, allOfDrop{rel + dr.at, dr.kws})
		}
	}
	if x != only {
		f := formMerged
		if kind != "object" {
			f = formAllOf
		}
		if _, _, dropped := represents(x, f, kind); len(dropped) > 0 {
			out = append(out, allOfDrop{"", quoteList(dropped)})
			b.record(xptr, x, formRaw, "") // inside the raw JSON of every allOf it is in
		} else {
			b.record(xptr, x, f, kind)
		}
	}
	if memo {
		b.allOfDrops[x] = out
	}
	return out
}

// rawMembers notes in the ledger that the members of an allOf kept as raw
// JSON are in it (they are not read on their own).
func (b *builder) rawMembers(ptr string, s *openapi3.Schema) {
	if b.ledger == nil {
		return
	}
	var walk func(x *openapi3.Schema, xptr string, d int)
	walk = func(x *openapi3.Schema, xptr string, d int) {
		for i, sub := range x.AllOf {
			if sub != nil && sub.Value != nil && d < maxDepth {
				mptr := fmt.Sprintf("%s/allOf/%d", xptr, i)
				b.ledger.entries[sub.Value] = append(b.ledger.entries[sub.Value], ledgerEntry{Pointer: mptr, Form: formRaw})
				walk(sub.Value, mptr, d+1)
			}
		}
	}
	walk(s, ptr, 0)
}

// mergeAllOf combines the members of an allOf (and the schema's own
// properties) into one object schema. The first schema (itself, then its
// members in order) that says what other properties are allowed says it
// for the whole.
func (b *builder) mergeAllOf(s *openapi3.Schema) *openapi3.Schema {
	m := &openapi3.Schema{Properties: openapi3.Schemas{}, Description: s.Description, Deprecated: s.Deprecated}
	extra := false
	var add func(x *openapi3.Schema, depth int)
	add = func(x *openapi3.Schema, depth int) {
		if x == nil || depth > maxDepth {
			return
		}
		if !extra && (x.AdditionalProperties.Schema != nil || x.AdditionalProperties.Has != nil || len(x.PatternProperties) > 0 ||
			x.UnevaluatedProperties.Schema != nil || x.UnevaluatedProperties.Has != nil) {
			extra = true
			m.AdditionalProperties, m.PatternProperties, m.UnevaluatedProperties = x.AdditionalProperties, x.PatternProperties, x.UnevaluatedProperties
		}
		for _, sub := range x.AllOf {
			if sub != nil {
				add(sub.Value, depth+1)
			}
		}
		for k, v := range x.Properties {
			if old, ok := m.Properties[k]; ok && old != v && compound(old) {
				// A value satisfies both: an object in one and another
				// object in the other has the properties of both.
				// Null satisfies both when each admits it.
				m.Properties[k] = &openapi3.SchemaRef{Value: &openapi3.Schema{AllOf: openapi3.SchemaRefs{old, v}, Extensions: mergedMark,
					Nullable: isNullable(old) && isNullable(v)}}
				continue
			}
			m.Properties[k] = v
		}
		m.Required = append(m.Required, x.Required...)
	}
	add(s, 0)
	return m
}

// mergedMark marks the allOf mergeAllOf makes of a property two members
// declare (for the keyword accounting test: each merge makes another).
var mergedMark = map[string]any{"x-orygen-merged": true}

// compound: an object schema with properties of its own (or an allOf of
// some). Of two schemas of one property in an allOf, the later stands
// for the earlier when that is a scalar or array; two objects are merged,
// so that the properties of both are kept.
func compound(sr *openapi3.SchemaRef) bool {
	if sr == nil || sr.Value == nil {
		return false
	}
	return len(sr.Value.Properties) > 0 || len(sr.Value.AllOf) > 0
}

func isConstOneOf(s *openapi3.Schema) bool {
	_, ok := constOneOf(s)
	return ok
}

// defineConstEnum makes OpenAPI 3.1's oneOf of consts an enum whose
// constants carry the members' descriptions.
func (b *builder) defineConstEnum(t *ir.Type, s *openapi3.Schema, ptr string) {
	typ, _ := constOneOf(s)
	members, kw := s.OneOf, "oneOf"
	if len(members) == 0 {
		members, kw = s.AnyOf, "anyOf"
	}
	syn := &openapi3.Schema{Type: &openapi3.Types{typ}}
	var ptrs []string
	docs := map[string]string{}
	for i, m := range members {
		if isNullType(m.Value) {
			continue
		}
		mptr := fmt.Sprintf("%s/%s/%d", ptr, kw, i)
		if m.Value.Const != nil {
			syn.Enum = append(syn.Enum, m.Value.Const)
			ptrs = append(ptrs, mptr+"/const")
		} else {
			syn.Enum = append(syn.Enum, m.Value.Enum[0])
			ptrs = append(ptrs, mptr+"/enum/0")
		}
		fx, _ := fixedValue(m)
		if _, ok := docs[fx.Value]; !ok {
			docs[fx.Value] = schemaDoc(m.Value)
		}
	}
	b.defineEnumAt(t, syn, ptr, func(i int) string { return ptrs[i] })
	for i, v := range t.Enum.Values {
		key := v.String
		if t.Enum.Base == ir.Int64 {
			key = v.Int
		}
		t.Enum.Values[i].Doc = docs[key]
	}
}

func (b *builder) defineEnum(t *ir.Type, s *openapi3.Schema, ptr string) {
	b.defineEnumAt(t, s, ptr, func(i int) string { return fmt.Sprintf("%s/enum/%d", ptr, i) })
}

// defineEnumAt defines an enum whose i-th value the document writes at
// the pointer at(i).
func (b *builder) defineEnumAt(t *ir.Type, s *openapi3.Schema, ptr string, at func(int) string) {
	t.Kind = ir.KindEnum
	e := &ir.Enum{Base: ir.String}
	if typeOf(s) == "integer" {
		e.Base = ir.Int64
		if vals := enumValues(s); len(vals) > 0 && allStrings(vals) {
			// type: integer with enum: [Primary, Secondary] (generators
			// of enums "not modelled as strings" write it): no value is
			// both, and the values are what the wire carries.
			b.warnf(ptr, "%s is an integer whose enum values are all strings; it is a string enum", t.Name)
			e.Base = ir.String
		}
	}
	// Integers as written in the document: kin-openapi's float64 holds
	// them exactly only up to 2^53.
	literals := map[float64]string{}
	for i, v := range s.Enum {
		if x, ok := v.(float64); ok {
			if lit, ok := b.spec.NumberLiteral(at(i)); ok {
				literals[x] = lit
			}
		}
	}
	if x, ok := s.Const.(float64); ok {
		if lit, ok := b.spec.NumberLiteral(ptr + "/const"); ok {
			literals[x] = lit
		}
	}
	for _, v := range enumValues(s) {
		var ev ir.EnumValue
		var label string
		switch x := v.(type) {
		case string:
			if e.Base != ir.String {
				b.warnf(ptr, "enum value %q is not an integer; ignored", x)
				continue
			}
			ev.String, label = x, enumLabel(x)
		case float64:
			if e.Base != ir.Int64 || x != math.Trunc(x) {
				b.warnf(ptr, "enum value %v does not match type %s; ignored", x, typeOf(s))
				continue
			}
			lit, ok := literals[x]
			if !ok {
				lit = strconv.FormatFloat(x, 'f', -1, 64)
			}
			n, err := strconv.ParseInt(lit, 10, 64)
			if err != nil {
				b.warnf(ptr, "enum value %s does not fit in an int64; ignored (the enum keeps its other values)", lit)
				continue
			}
			ev.Int = strconv.FormatInt(n, 10)
			label = ev.Int
			if n < 0 {
				label = "Minus" + label[1:]
			}
		default:
			b.warnf(ptr, "enum value %v of type %T ignored", v, v)
			continue
		}
		ev.Name = b.claimType(string(t.Name)+b.goName(label), ptr, fmt.Sprint(v))
		e.Values = append(e.Values, ev)
	}
	t.Enum = e
}

// isUnion: a oneOf or anyOf some member of which has a shape; one whose
// members only validate ({required: [a]}, {required: [b]}: "at least one
// of") is no union.
func isUnion(s *openapi3.Schema) bool { return anyShapedIn(s, s.OneOf) || anyShapedIn(s, s.AnyOf) }

// stripNull recognises OpenAPI 3.1's {oneOf|anyOf: [X, {type: null}]}.
func stripNull(s *openapi3.Schema) (*openapi3.SchemaRef, bool) {
	members := s.OneOf
	if len(members) == 0 {
		members = s.AnyOf
	}
	if len(members) != 2 || len(s.Properties) > 0 {
		return nil, false
	}
	for i, m := range members {
		if m.Value != nil && m.Value.Type != nil && m.Value.Type.Is("null") {
			return members[1-i], true
		}
	}
	return nil, false
}

// typeOf is the schema's one non-null type, or "" when it has none or
// several.
func typeOf(s *openapi3.Schema) string {
	if s.Type == nil || len(*s.Type) == 0 {
		return impliedType(s)
	}
	var found string
	for _, t := range *s.Type {
		if t == "null" {
			continue
		}
		if found != "" {
			return ""
		}
		found = t
	}
	return found
}

// impliedType is the type of a schema without "type" whose const or enum
// values all have one ({const: "invoice.paid"} is a string), or "".
func impliedType(s *openapi3.Schema) string {
	vals := enumValues(s)
	if s.Const != nil {
		vals = []any{s.Const}
	}
	found := ""
	for _, v := range vals {
		var t string
		switch x := v.(type) {
		case string:
			t = "string"
		case bool:
			t = "boolean"
		case float64:
			t = "number"
			if x == math.Trunc(x) {
				t = "integer"
			}
		default:
			return ""
		}
		switch {
		case found == "" || found == t:
			found = t
		case (found == "integer" && t == "number") || (found == "number" && t == "integer"):
			found = "number"
		default:
			return ""
		}
	}
	return found
}

func isNullable(sr *openapi3.SchemaRef) bool {
	if sr == nil || sr.Value == nil {
		return false
	}
	s := sr.Value
	if s.Nullable || (s.Type != nil && s.Type.Includes("null")) || nullSibling(sr) {
		return true
	}
	if _, ok := stripNull(s); ok {
		return true
	}
	for d := 0; d < maxDepth; d++ {
		m, _, null, ok := soleMember(s, "")
		if !ok {
			break
		}
		if null {
			return true
		}
		s = m.Value
		if s.Nullable || (s.Type != nil && s.Type.Includes("null")) {
			return true
		}
	}
	return nullMember(s)
}

func enumValues(s *openapi3.Schema) []any {
	if c, ok := s.Const.(float64); ok && len(s.Enum) == 0 && c == math.Trunc(c) {
		// An integer const is an enum of one value: its constant keeps
		// the value exactly as written.
		return []any{c}
	}
	out := make([]any, 0, len(s.Enum))
	seen := map[string]bool{}
	for _, v := range s.Enum {
		if v == nil {
			continue
		}
		k, _ := json.Marshal(v)
		if seen[string(k)] {
			continue
		}
		seen[string(k)] = true
		out = append(out, v)
	}
	return out
}

func schemaDoc(s *openapi3.Schema) string {
	if s.Title == "" && s.Description == "" {
		// allOf: [{$ref: X}, {description: ...}] documents the use of X.
		for _, m := range s.AllOf {
			if m != nil && m.Ref == "" && m.Value != nil && !shaped(m) {
				if doc := schemaDoc(m.Value); doc != "" {
					return doc
				}
			}
		}
	}
	switch {
	case s.Title != "" && s.Description != "" && !strings.HasPrefix(s.Description, s.Title):
		return s.Title + "\n\n" + s.Description
	case s.Description != "":
		return s.Description
	}
	return s.Title
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// jsonTagName reports whether encoding/json accepts name in a struct tag
// (its isValidTag): otherwise it silently uses the Go field name instead.
func jsonTagName(name string) bool {
	if name == "" {
		return false
	}
	for _, c := range name {
		if !strings.ContainsRune("!#$%&()*+-./:;<=>?@[]^_{|}~ ", c) && !unicode.IsLetter(c) && !unicode.IsDigit(c) {
			return false
		}
	}
	return true
}

func allStrings(vals []any) bool {
	for _, v := range vals {
		if _, ok := v.(string); !ok {
			return false
		}
	}
	return true
}

// narrowingExtras: a member of the oneOf/anyOf beside a struct's
// properties (one that only narrows them) allows properties the struct
// does not declare, so the struct keeps them.
func narrowingExtras(s *openapi3.Schema) bool {
	for _, m := range append(append(openapi3.SchemaRefs{}, s.OneOf...), s.AnyOf...) {
		if m != nil && m.Ref == "" && m.Value != nil && m.Value.AdditionalProperties.Has != nil && *m.Value.AdditionalProperties.Has {
			return true
		}
	}
	return false
}
