package contract

import (
	"encoding/json"
	"fmt"
	"net/url"
	"regexp"
	"sort"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// synth makes a JSON value (in the shapes encoding/json decodes into an
// any) that satisfies a schema: the schema's example when it is valid,
// otherwise required properties only, the first enum value, valid formats,
// and for a discriminated oneOf the first mapping entry with its
// discriminator set. Every value it returns has been checked against its
// schema, so the generator checks itself.
type synth struct {
	request bool // a request value: no readOnly properties; else no writeOnly ones
	all     bool // optional properties too (down to allDepth)
	param   bool // a parameter value: arrays get two items
	// name prefixes plain strings, e.g. "id" gives "id-1".
	name string
}

const (
	maxDepth = 24
	allDepth = 3
)

// fixed values for the formats the Ory specs use.
const (
	sampleTime  = "2024-01-02T03:04:05Z"
	sampleDate  = "2024-01-02"
	sampleUUID  = "9f425a8d-7efc-4768-8f23-7647a74fdf13"
	sampleUUID2 = "0b7c1e52-4ad2-4a8e-9d5e-1c2f1f2b8b3a"
	sampleEmail = "user@example.com"
	sampleURI   = "https://example.com/cb"
)

// formatValidators are checked on top of kin-openapi's own (date,
// date-time, byte), so that the client's uuids, emails and URIs are
// checked too. They are passed per validation, never registered globally.
var formatValidators = map[string]openapi3.StringFormatValidator{
	"uuid":  openapi3.NewRegexpFormatValidator(openapi3.FormatOfStringForUUIDOfRFC9562),
	"uuid4": openapi3.NewRegexpFormatValidator(openapi3.FormatOfStringForUUIDOfRFC9562),
	"email": openapi3.NewRegexpFormatValidator(openapi3.FormatOfStringForEmail),
	"uri": openapi3.NewCallbackValidator(func(s string) error {
		u, err := url.Parse(s)
		if err != nil {
			return err
		}
		if u.Scheme == "" {
			return fmt.Errorf("%q is not an absolute URI", s)
		}
		return nil
	}),
}

func schemaOpts(request bool) []openapi3.SchemaValidationOption {
	opts := []openapi3.SchemaValidationOption{openapi3.MultiErrors(), openapi3.WithStringFormatValidators(formatValidators)}
	if request {
		return append(opts, openapi3.VisitAsRequest())
	}
	return append(opts, openapi3.VisitAsResponse())
}

func (g synth) check(s *openapi3.Schema, v any) error {
	return s.VisitJSON(v, schemaOpts(g.request)...)
}

// value synthesizes a value of ref and checks it.
func (g synth) value(ref *openapi3.SchemaRef) (any, error) {
	v, err := g.gen(ref, 0)
	if err != nil {
		return nil, err
	}
	if ref != nil && ref.Value != nil {
		if err := g.check(ref.Value, v); err != nil {
			return nil, fmt.Errorf("synthesized value %s does not satisfy its own schema: %w", compact(v), err)
		}
	}
	return v, nil
}

func (g synth) gen(ref *openapi3.SchemaRef, depth int) (any, error) {
	if ref == nil || ref.Value == nil {
		return map[string]any{}, nil
	}
	if depth > maxDepth {
		return nil, fmt.Errorf("schema nests deeper than %d required levels (%s)", maxDepth, ref.Ref)
	}
	s := ref.Value
	if s.Example != nil {
		if ex, err := normalize(s.Example); err == nil && g.check(s, ex) == nil {
			return ex, nil
		}
	}
	for _, e := range s.Enum {
		if e != nil {
			return normalize(e)
		}
	}
	switch {
	case len(s.AllOf) > 0:
		return g.allOf(s, depth)
	case len(s.OneOf) > 0:
		return g.oneOf(s, s.OneOf, depth)
	case len(s.AnyOf) > 0:
		return g.oneOf(s, s.AnyOf, depth)
	}
	t := s.Type
	switch {
	case t.Is("object") || (t == nil && (len(s.Properties) > 0 || len(s.Required) > 0)):
		return g.object(s, depth)
	case t.Is("array"):
		return g.array(s, depth)
	case t.Is("string"):
		return g.str(s, 0)
	case t.Is("integer"), t.Is("number"):
		return g.number(s), nil
	case t.Is("boolean"):
		return true, nil
	}
	// Untyped: free-form JSON.
	return g.freeForm(depth), nil
}

// freeForm is a free-form object: empty, or with all, one entry (an empty
// object cannot travel in a form).
func (g synth) freeForm(depth int) map[string]any {
	if g.all && depth < allDepth {
		return map[string]any{"key-1": "value-1"}
	}
	return map[string]any{}
}

func (g synth) object(s *openapi3.Schema, depth int) (any, error) {
	obj := map[string]any{}
	required := map[string]bool{}
	for _, r := range s.Required {
		required[r] = true
	}
	for _, name := range sortedKeys(s.Properties) {
		p := s.Properties[name]
		if p == nil || p.Value == nil {
			continue
		}
		if g.request && p.Value.ReadOnly || !g.request && p.Value.WriteOnly {
			continue
		}
		if !required[name] && !(g.all && depth < allDepth) {
			continue
		}
		if !required[name] && p.Value.Nullable && depth%2 == 1 {
			// An explicit null for Nullable[T] (at even depths a value).
			obj[name] = nil
			continue
		}
		v, err := g.gen(p, depth+1)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		obj[name] = v
	}
	// Required properties the schema does not describe.
	for _, r := range s.Required {
		if _, ok := obj[r]; !ok && s.Properties[r] == nil {
			obj[r] = "value-1"
		}
	}
	if len(s.Properties) == 0 && s.AdditionalProperties.Has == nil && s.AdditionalProperties.Schema == nil {
		for k, v := range g.freeForm(depth) {
			obj[k] = v
		}
	}
	if ap := s.AdditionalProperties.Schema; ap != nil && uint64(len(obj)) < s.MinProps {
		v, err := g.gen(ap, depth+1)
		if err != nil {
			return nil, err
		}
		obj["key-1"] = v
	}
	return obj, nil
}

func (g synth) array(s *openapi3.Schema, depth int) (any, error) {
	n := int(s.MinItems)
	if g.param && n < 2 {
		n = 2
	}
	if g.all && depth < allDepth && n < 1 {
		n = 1
	}
	if s.MaxItems != nil && n > int(*s.MaxItems) {
		n = int(*s.MaxItems)
	}
	out := []any{}
	for i := 0; i < n; i++ {
		var v any
		var err error
		if s.Items != nil && s.Items.Value != nil && len(s.Items.Value.Enum) > 0 {
			v, err = normalize(s.Items.Value.Enum[i%len(s.Items.Value.Enum)])
		} else if s.Items != nil && s.Items.Value != nil && s.Items.Value.Type.Is("string") {
			v, err = g.str(s.Items.Value, i)
		} else if s.Items != nil && s.Items.Value != nil && s.Items.Value.Type.Is("integer") {
			v = g.number(s.Items.Value) + float64(i)
		} else {
			v, err = g.gen(s.Items, depth+1)
		}
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}

// durationLike are tried on patterns (all of Ory's are Go durations).
var patternCandidates = []string{"1s", "1h", "-1", "value-1", "a"}

func (g synth) str(s *openapi3.Schema, i int) (any, error) {
	var v string
	switch s.Format {
	case "date-time":
		v = sampleTime
	case "date":
		v = sampleDate
	case "uuid", "uuid4":
		v = [...]string{sampleUUID, sampleUUID2}[i%2]
	case "email":
		v = sampleEmail
	case "uri", "url":
		v = sampleURI
	case "byte":
		v = "aGVsbG8="
	default:
		name := g.name
		if name == "" {
			name = "value"
		}
		v = fmt.Sprintf("%s-%d", name, i+1)
	}
	if s.Pattern != "" {
		re, err := regexp.Compile(s.Pattern)
		if err != nil {
			return nil, fmt.Errorf("pattern %q: %w", s.Pattern, err)
		}
		if !re.MatchString(v) {
			found := false
			for _, c := range patternCandidates {
				if re.MatchString(c) {
					v, found = c, true
					break
				}
			}
			if !found {
				return nil, fmt.Errorf("no candidate matches pattern %q", s.Pattern)
			}
		}
	}
	for uint64(len(v)) < s.MinLength {
		v += "x"
	}
	if s.MaxLength != nil && uint64(len(v)) > *s.MaxLength {
		v = v[:*s.MaxLength]
	}
	return v, nil
}

func (g synth) number(s *openapi3.Schema) float64 {
	v := 1.0
	if s.Min != nil && v < *s.Min {
		v = *s.Min
		if s.ExclusiveMin.IsTrue() {
			v++
		}
	}
	if s.Max != nil && v > *s.Max {
		v = *s.Max
		if s.ExclusiveMax.IsTrue() {
			v--
		}
	}
	return v
}

func (g synth) allOf(s *openapi3.Schema, depth int) (any, error) {
	base := *s
	base.AllOf = nil
	var out any
	if base.Type != nil || len(base.Properties) > 0 {
		v, err := g.gen(openapi3.NewSchemaRef("", &base), depth)
		if err != nil {
			return nil, err
		}
		out = v
	}
	for _, m := range s.AllOf {
		v, err := g.gen(m, depth+1)
		if err != nil {
			return nil, err
		}
		mo, ok := v.(map[string]any)
		oo, ok2 := out.(map[string]any)
		switch {
		case out == nil:
			out = v
		case ok && ok2:
			for k, x := range mo {
				oo[k] = x
			}
		default:
			return nil, fmt.Errorf("allOf mixes an object with %s", compact(v))
		}
	}
	return out, nil
}

// oneOf picks, for a discriminator, the first mapping entry (by name) and
// sets its value; otherwise the first member whose value satisfies the
// whole schema.
func (g synth) oneOf(s *openapi3.Schema, members openapi3.SchemaRefs, depth int) (any, error) {
	if d := s.Discriminator; d != nil && len(d.Mapping) > 0 {
		key := sortedKeys(d.Mapping)[0]
		return g.variant(s, key, depth)
	}
	var errs []string
	for _, m := range members {
		v, err := g.gen(m, depth+1)
		if err != nil {
			errs = append(errs, err.Error())
			continue
		}
		if err := g.check(s, v); err != nil {
			errs = append(errs, err.Error())
			continue
		}
		return v, nil
	}
	return nil, fmt.Errorf("no member of oneOf/anyOf gives a valid value: %s", strings.Join(errs, "; "))
}

// variant synthesizes the member of a discriminated union named by the
// mapping key, with the discriminator set to key.
func (g synth) variant(s *openapi3.Schema, key string, depth int) (any, error) {
	d := s.Discriminator
	m := memberOf(s, key)
	if m == nil {
		return nil, fmt.Errorf("discriminator mapping %q: no such oneOf member %s", key, d.Mapping[key].Ref)
	}
	v, err := g.gen(m, depth+1)
	if err != nil {
		return nil, err
	}
	obj, ok := v.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("variant %q is not an object", key)
	}
	obj[d.PropertyName] = key
	return obj, nil
}

// memberOf resolves a discriminator mapping entry to its oneOf member.
func memberOf(s *openapi3.Schema, key string) *openapi3.SchemaRef {
	ref := s.Discriminator.Mapping[key].Ref
	for _, m := range append(append(openapi3.SchemaRefs{}, s.OneOf...), s.AnyOf...) {
		if m.Ref == ref {
			return m
		}
	}
	return nil
}

// normalize turns any JSON-ish value into what encoding/json decodes into
// an any (map[string]any, []any, float64, ...), as a deep copy.
func normalize(v any) (any, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	var out any
	err = json.Unmarshal(b, &out)
	return out, err
}

func compact(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprintf("%v", v)
	}
	if len(b) > 400 {
		return string(b[:400]) + "…"
	}
	return string(b)
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
