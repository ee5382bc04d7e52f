package oracle

import (
	"encoding/json"
	"fmt"
	"math"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// synth makes JSON values (in the shapes encoding/json decodes into an
// any) of a schema, to be decoded into the schema's Go type. Unlike the
// contract tests' synthesiser, which makes one minimal valid request, it
// aims to touch every part of the schema: every property, every oneOf and
// anyOf member, every enum value, every type of a multi-type schema, each
// nullable position as null once, an extra key wherever
// additionalProperties allows one, and one element in every array.
//
// Each choice point (a union's members, an enum's values, a multi-type's
// types) picks choice k mod its number of choices, so instances k = 0, 1,
// ... up to the widest choice point cover every choice; a last instance
// sets every nullable position to null.
type synth struct {
	k     int  // which choice every choice point picks (k mod its choices)
	nulls bool // nullable positions below the top are null
	// budget is the number of values left before optional content
	// (optional properties, array elements, extra keys) is left out: deep
	// or recursive schemas stay small.
	budget int
	widest int // the most choices a choice point met had
	// subtypes are the schemas extending a discriminated base schema
	// through allOf (the polymorphism irbuild reads as a union), and
	// expanding the bases being expanded now: a subtype's allOf reaches
	// its base again, which is then the plain base.
	subtypes  map[*openapi3.Schema]openapi3.SchemaRefs
	expanding map[*openapi3.Schema]bool
}

// subtypesOf maps each component schema with a discriminator and no
// oneOf or anyOf to the component schemas whose allOf refers to it.
func subtypesOf(doc *openapi3.T) map[*openapi3.Schema]openapi3.SchemaRefs {
	out := map[*openapi3.Schema]openapi3.SchemaRefs{}
	if doc.Components == nil {
		return out
	}
	const prefix = "#/components/schemas/"
	for _, k := range sortedKeys(doc.Components.Schemas) {
		sr := doc.Components.Schemas[k]
		if sr == nil || sr.Value == nil || sr.Ref != "" {
			continue
		}
		for _, part := range sr.Value.AllOf {
			if part == nil || part.Value == nil || !strings.HasPrefix(part.Ref, prefix) {
				continue
			}
			base := part.Value
			if base.Discriminator == nil || base.Discriminator.PropertyName == "" || len(unionMembers(base)) > 0 {
				continue
			}
			out[base] = append(out[base], &openapi3.SchemaRef{Ref: prefix + k, Value: sr.Value})
			break
		}
	}
	return out
}

const (
	// softDepth: below it, optional content is left out.
	softDepth = 12
	// hardDepth: a schema whose required properties nest deeper has no
	// finite instance worth making.
	hardDepth = 64
	// nodeBudget is each instance's budget; past it, required content
	// may still take overBudget more values (a schema that requires
	// itself twice over would otherwise double at every level).
	nodeBudget = 400
	overBudget = 20000
)

// Fixed values, in the forms the generated types write back unchanged.
const (
	sampleTime  = "2024-01-02T03:04:05Z"
	sampleDate  = "2024-01-02"
	sampleUUID  = "9f425a8d-7efc-4768-8f23-7647a74fdf13"
	sampleEmail = "user@example.com"
	sampleURI   = "https://example.com/a"
	extraKey    = "oracleExtraKey"
)

func (g *synth) pick(n int) int {
	if n > g.widest {
		g.widest = n
	}
	if n <= 1 {
		return 0
	}
	return g.k % n
}

// safeGen is an instance of a type's schema. A panic is the oracle's
// bug, reported as the reason there is no instance rather than ending a
// run over a whole corpus.
func (g *synth) safeGen(s *openapi3.Schema) (v any, err error) {
	defer func() {
		if p := recover(); p != nil {
			v, err = nil, fmt.Errorf("the synthesiser panicked (a bug in internal/oracle): %v", p)
		}
	}()
	return g.gen(&openapi3.SchemaRef{Value: s}, 0)
}

func (g *synth) gen(sr *openapi3.SchemaRef, depth int) (any, error) {
	if sr == nil || sr.Value == nil {
		return g.freeForm(), nil
	}
	if depth > hardDepth {
		return nil, fmt.Errorf("required properties nest deeper than %d levels", hardDepth)
	}
	if g.budget < -overBudget {
		return nil, fmt.Errorf("required properties alone make more than %d values", nodeBudget+overBudget)
	}
	g.budget--
	s := sr.Value
	if g.nulls && depth > 0 && nullable(s) {
		return nil, nil
	}
	if s.Const != nil {
		return normalize(s.Const)
	}
	if vals := typedValues(s, nonNullValues(s.Enum)); len(vals) > 0 {
		return normalize(vals[g.pick(len(vals))])
	}
	if members := unionMembers(s); len(members) > 0 {
		return g.union(s, members, depth)
	}
	if subs := g.subtypes[s]; len(subs) > 0 && !g.expanding[s] {
		if g.expanding == nil {
			g.expanding = map[*openapi3.Schema]bool{}
		}
		g.expanding[s] = true
		defer delete(g.expanding, s)
		u := *s
		u.OneOf = subs
		return g.union(&u, subs, depth)
	}
	if len(s.AllOf) > 0 {
		return g.allOf(s, depth)
	}
	return g.typed(s, depth)
}

// typed is a value of a schema without const, enum or composition.
func (g *synth) typed(s *openapi3.Schema, depth int) (any, error) {
	types := typesOf(s)
	t := ""
	if len(types) > 0 {
		t = types[g.pick(len(types))]
	}
	switch t {
	case "object":
		return g.object(s, depth)
	case "array":
		return g.array(s, depth)
	case "string":
		return g.str(s), nil
	case "integer":
		return g.number(s, true), nil
	case "number":
		return g.number(s, false), nil
	case "boolean":
		return true, nil
	case "null":
		return nil, nil
	}
	return g.freeForm(), nil
}

// typesOf are the JSON types a schema allows, null last, with the type
// its other keywords imply when it names none.
func typesOf(s *openapi3.Schema) []string {
	var out []string
	null := false
	for _, t := range s.Type.Slice() {
		if t == "null" {
			null = true
			continue
		}
		out = append(out, t)
	}
	if len(out) == 0 && !null {
		switch {
		case len(s.Properties) > 0 || s.AdditionalProperties.Schema != nil || s.AdditionalProperties.Has != nil || len(s.Required) > 0:
			out = []string{"object"}
		case s.Items != nil || len(s.PrefixItems) > 0:
			out = []string{"array"}
		}
	}
	if len(out) == 0 && null {
		out = []string{"null"}
	}
	return out
}

// unconstrained: a schema that allows any value (it may still describe
// it), as an allOf member that only adds a description.
func unconstrained(s *openapi3.Schema) bool {
	return len(typesOf(s)) == 0 && s.Const == nil && len(s.Enum) == 0 && len(s.AllOf) == 0 &&
		len(s.OneOf) == 0 && len(s.AnyOf) == 0 && !s.Nullable
}

// nullable says whether a schema takes null.
func nullable(s *openapi3.Schema) bool {
	if s.Nullable || s.Type.IncludesNull() {
		return true
	}
	for _, e := range s.Enum {
		if e == nil {
			return true
		}
	}
	return nullableParts(s, 0)
}

// nullableParts: a union with a member that takes null, or an allOf
// whose members all do.
func nullableParts(s *openapi3.Schema, depth int) bool {
	if depth > hardDepth {
		return false
	}
	for _, m := range append(append(openapi3.SchemaRefs{}, s.OneOf...), s.AnyOf...) {
		if m != nil && m.Value != nil && (isNull(m.Value) || m.Value.Nullable || m.Value.Type.IncludesNull() || nullableParts(m.Value, depth+1)) {
			return true
		}
	}
	if len(s.AllOf) == 0 {
		return false
	}
	for _, m := range s.AllOf {
		if m == nil || m.Value == nil || !(m.Value.Nullable || m.Value.Type.IncludesNull() || nullableParts(m.Value, depth+1)) {
			return false
		}
	}
	return true
}

// isNull: a schema that only takes null ({type: null}, {enum: [null]}).
func isNull(s *openapi3.Schema) bool {
	if ts := s.Type.Slice(); len(ts) == 1 && ts[0] == "null" {
		return true
	}
	return len(s.Enum) == 1 && s.Enum[0] == nil
}

// typedValues are the enum values of the schema's declared types: an
// enum [169, 32] on a string schema admits no value, and the instance
// is then a plain string.
func typedValues(s *openapi3.Schema, vals []any) []any {
	types := typesOf(s)
	if s.Type == nil || len(types) == 0 {
		return vals
	}
	var out []any
	for _, v := range vals {
		for _, t := range types {
			if jsonType(v, t) {
				out = append(out, v)
				break
			}
		}
	}
	if len(out) == 0 && len(types) == 1 && types[0] == "integer" && len(vals) > 0 {
		// An integer with string values only is a string enum, as
		// irbuild repairs it: the values are what the wire carries.
		for _, v := range vals {
			if _, ok := v.(string); !ok {
				return nil
			}
		}
		return vals
	}
	return out
}

// jsonType says whether a value (as YAML or JSON decoding made it) is
// of a JSON Schema type.
func jsonType(v any, t string) bool {
	n, err := normalize(v)
	if err != nil {
		return false
	}
	switch x := n.(type) {
	case string:
		return t == "string"
	case bool:
		return t == "boolean"
	case float64:
		return t == "number" || t == "integer" && x == math.Trunc(x)
	case []any:
		return t == "array"
	case map[string]any:
		return t == "object"
	}
	return false
}

func nonNullValues(vals []any) []any {
	var out []any
	for _, v := range vals {
		if v != nil {
			out = append(out, v)
		}
	}
	return out
}

// unionMembers are a oneOf's or anyOf's members but those that only take
// null (which the nulls instance covers).
func unionMembers(s *openapi3.Schema) openapi3.SchemaRefs {
	var out openapi3.SchemaRefs
	all := append(append(openapi3.SchemaRefs{}, s.OneOf...), s.AnyOf...)
	for _, m := range all {
		if m != nil && m.Value != nil && isNull(m.Value) {
			continue
		}
		if len(all) == 2 && m != nil && m.Ref == "" && m.Value != nil && nullableFreeForm(m.Value) {
			// The nullable-object idiom ({oneOf: [{$ref: X}, {type:
			// object, nullable: true}]}) says "X or null": its free-form
			// member stands for the null, which the nulls instance covers.
			continue
		}
		out = append(out, m)
	}
	return out
}

// nullableFreeForm: {type: object, nullable: true} and nothing that
// shapes it.
func nullableFreeForm(s *openapi3.Schema) bool {
	return s.Nullable && s.Type != nil && s.Type.Is("object") && len(s.Properties) == 0 &&
		s.AdditionalProperties.Schema == nil && len(s.AllOf)+len(s.OneOf)+len(s.AnyOf) == 0 && len(s.Enum) == 0
}

// freeKey is the one key of a free-form object's instance.
const freeKey = "oracleFreeKey"

func (g *synth) freeForm() any {
	return map[string]any{freeKey: "value"}
}

// isFreeForm: an instance freeForm made.
func isFreeForm(v any) bool {
	m, ok := v.(map[string]any)
	_, has := m[freeKey]
	return ok && len(m) == 1 && has
}

func (g *synth) union(s *openapi3.Schema, members openapi3.SchemaRefs, depth int) (any, error) {
	i := g.pick(len(members))
	m := members[i]
	v, err := g.gen(m, depth+1)
	if err != nil {
		return nil, err
	}
	if d := s.Discriminator; d != nil && d.PropertyName != "" {
		if obj, ok := v.(map[string]any); ok {
			setDiscriminator(obj, d, m)
		}
	}
	// Properties beside the union apply to every member.
	if len(s.Properties) > 0 || len(s.AllOf) > 0 {
		base := *s
		base.OneOf, base.AnyOf, base.Discriminator = nil, nil, nil
		bv, err := g.gen(&openapi3.SchemaRef{Value: &base}, depth)
		if err != nil {
			return nil, err
		}
		return merge(bv, v), nil
	}
	return v, nil
}

// setDiscriminator sets the discriminator property of a union member's
// value as irbuild reads it: its mapping key, else the value its schema
// fixes the property to (which the member's value holds already), else
// its x-ms-discriminator-value, else the name of the schema it refers to.
func setDiscriminator(obj map[string]any, d *openapi3.Discriminator, m *openapi3.SchemaRef) {
	p := propSchema(m, d.PropertyName, 0)
	integer := p != nil && p.Type.Is("integer")
	for _, k := range sortedKeys(d.Mapping) {
		target := d.Mapping[k].Ref
		if m.Ref != "" && (target == m.Ref || "#/components/schemas/"+target == m.Ref) {
			obj[d.PropertyName] = k
			if n, err := strconv.ParseInt(k, 10, 64); err == nil && integer {
				obj[d.PropertyName] = float64(n)
			}
			return
		}
	}
	if p != nil && (p.Const != nil || len(p.Enum) == 1) {
		return
	}
	if m.Ref == "" {
		return
	}
	if xv, ok := m.Value.Extensions["x-ms-discriminator-value"].(string); ok && xv != "" {
		obj[d.PropertyName] = xv
		return
	}
	ref := m.Ref[strings.LastIndexByte(m.Ref, '/')+1:]
	obj[d.PropertyName] = strings.TrimSuffix(strings.TrimSuffix(strings.TrimSuffix(ref, ".yaml"), ".yml"), ".json")
}

// propSchema is the schema of property name in sr or its allOf members.
func propSchema(sr *openapi3.SchemaRef, name string, depth int) *openapi3.Schema {
	if sr == nil || sr.Value == nil || depth > hardDepth {
		return nil
	}
	if p := sr.Value.Properties[name]; p != nil && p.Value != nil {
		return p.Value
	}
	for _, m := range sr.Value.AllOf {
		if p := propSchema(m, name, depth+1); p != nil {
			return p
		}
	}
	return nil
}

// part is a value of an allOf member: a discriminated base stays the
// plain base there (the schema with the allOf is its subtype).
func (g *synth) part(m *openapi3.SchemaRef, depth int) (any, error) {
	if m == nil || m.Value == nil || len(g.subtypes[m.Value]) == 0 || g.expanding[m.Value] {
		return g.gen(m, depth)
	}
	if g.expanding == nil {
		g.expanding = map[*openapi3.Schema]bool{}
	}
	g.expanding[m.Value] = true
	defer delete(g.expanding, m.Value)
	return g.gen(m, depth)
}

func (g *synth) allOf(s *openapi3.Schema, depth int) (any, error) {
	base := *s
	base.AllOf = nil
	var out any
	have := false
	if len(base.Properties) > 0 || base.AdditionalProperties.Schema != nil || base.AdditionalProperties.Has != nil {
		v, err := g.gen(&openapi3.SchemaRef{Value: &base}, depth)
		if err != nil {
			return nil, err
		}
		out, have = v, true
	}
	for _, m := range s.AllOf {
		if m != nil && m.Value != nil && unconstrained(m.Value) {
			// Only a description or the like: it adds nothing to the value.
			continue
		}
		v, err := g.part(m, depth+1)
		if err != nil {
			return nil, err
		}
		out, have = merge(out, v), true
	}
	if !have {
		// The members only describe: the value is the schema's own.
		return g.gen(&openapi3.SchemaRef{Value: &base}, depth)
	}
	return out, nil
}

// merge joins the values of two schemas that must both hold: objects
// merge; otherwise the later value stands (both are the same scalar type,
// or no value satisfies both).
func merge(a, b any) any {
	// A free-form object beside a described one is that one: its key
	// would be undeclared there.
	switch {
	case isFreeForm(a) && b != nil:
		return b
	case isFreeForm(b) && a != nil:
		return a
	}
	ao, ok1 := a.(map[string]any)
	bo, ok2 := b.(map[string]any)
	if !ok1 || !ok2 {
		return b
	}
	for k, v := range bo {
		if old, ok := ao[k]; ok {
			ao[k] = merge(old, v)
			continue
		}
		ao[k] = v
	}
	return ao
}

func (g *synth) optional(depth int) bool { return g.budget > 0 && depth < softDepth }

func (g *synth) object(s *openapi3.Schema, depth int) (any, error) {
	obj := map[string]any{}
	required := map[string]bool{}
	for _, r := range s.Required {
		required[r] = true
	}
	names := make([]string, 0, len(s.Properties))
	for n := range s.Properties {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, name := range names {
		if !required[name] && !g.optional(depth) {
			continue
		}
		v, err := g.gen(s.Properties[name], depth+1)
		if err != nil {
			if required[name] {
				return nil, fmt.Errorf("%s: %w", name, err)
			}
			continue
		}
		obj[name] = v
	}
	// A required property the schema does not declare is left out: a
	// struct keeps declared properties only (in an allOf, another member
	// may declare it, and gives it there).
	ap := s.AdditionalProperties
	switch {
	case ap.Schema != nil && g.optional(depth):
		if v, err := g.gen(ap.Schema, depth+1); err == nil {
			obj[extraKey] = v
		}
	case ap.Has != nil && *ap.Has && g.optional(depth):
		obj[extraKey] = "extra-value"
	case len(s.Properties) == 0 && ap.Has == nil && ap.Schema == nil && len(s.PatternProperties) == 0 && len(obj) == 0:
		// A free-form object.
		obj[freeKey] = "value"
	}
	return obj, nil
}

func (g *synth) array(s *openapi3.Schema, depth int) (any, error) {
	out := []any{}
	for _, p := range s.PrefixItems {
		v, err := g.gen(p, depth+1)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	n := int(s.MinItems)
	if n < 1 && g.optional(depth) {
		n = 1
	}
	if s.MaxItems != nil && n > int(*s.MaxItems) {
		n = int(*s.MaxItems)
	}
	if len(s.PrefixItems) > 0 && s.Items == nil {
		n = len(out)
	}
	for len(out) < n {
		v, err := g.gen(s.Items, depth+1)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
		if s.UniqueItems && n > 1 {
			// Distinct elements: vary through the choice points.
			g.k++
		}
	}
	return out, nil
}

// patternCandidates are tried when a pattern rejects the default value.
var patternCandidates = []string{"value", "a", "A", "1", "abc", "1s", "ab-cd", "a1", "1.0.0", "+12345678901", "AB"}

func (g *synth) str(s *openapi3.Schema) any {
	v := "value"
	switch s.Format {
	case "date-time":
		v = sampleTime
	case "date":
		v = sampleDate
	case "uuid":
		v = sampleUUID
	case "email":
		v = sampleEmail
	case "uri", "url":
		v = sampleURI
	case "byte", "binary":
		// Base64, which a []byte reads and writes.
		v = "aGVsbG8="
	}
	if s.Pattern != "" {
		if ex, ok := s.Example.(string); ok && s.VisitJSON(ex) == nil {
			return ex
		}
		if re, err := regexp.Compile(s.Pattern); err == nil && !re.MatchString(v) {
			for _, c := range patternCandidates {
				if re.MatchString(c) {
					v = c
					break
				}
			}
		}
	}
	for uint64(len(v)) < s.MinLength {
		v += "x"
	}
	if s.MaxLength != nil && uint64(len(v)) > *s.MaxLength {
		v = v[:*s.MaxLength]
	}
	return v
}

// number is 1 for an integer and 1.5 for a number (so that a number read
// into an integer type shows), moved into the schema's bounds.
func (g *synth) number(s *openapi3.Schema, integer bool) any {
	v := 1.5
	if integer {
		v = 1
	}
	if s.Min != nil && v <= *s.Min {
		v = *s.Min
		if s.ExclusiveMin.IsTrue() {
			v++
		}
	}
	if s.ExclusiveMin.Value != nil && v <= *s.ExclusiveMin.Value {
		v = *s.ExclusiveMin.Value + 1
	}
	if s.Max != nil && v >= *s.Max {
		v = *s.Max
		if s.ExclusiveMax.IsTrue() {
			v--
		}
	}
	if s.ExclusiveMax.Value != nil && v >= *s.ExclusiveMax.Value {
		v = *s.ExclusiveMax.Value - 1
	}
	if m := s.MultipleOf; m != nil && *m > 0 {
		v = *m * math.Ceil(v / *m)
	}
	if integer {
		v = math.Round(v)
	}
	return v
}

// normalize turns any JSON-like value (as YAML or JSON decoding made it)
// into what encoding/json decodes into an any, as a deep copy.
func normalize(v any) (any, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	var out any
	err = json.Unmarshal(b, &out)
	return out, err
}
