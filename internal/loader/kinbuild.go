package loader

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"
)

// kin-openapi reads a document with encoding/json, and each of its types
// decodes its part twice (the fields, then everything again into a map for
// the extensions), nested: a schema four levels down is decoded some ten
// times. That was most of the loading time. The loader has the document
// parsed already, so buildDoc builds kin-openapi's model from that tree
// instead, doing what kin-openapi's UnmarshalJSON methods do, and then
// lets kin-openapi resolve the $refs as its loader would.
//
// It does so only where the result is certainly the same: anything it
// does not handle itself in exactly kin-openapi's way (a null, a key that
// encoding/json would match to a field case-insensitively, a number it
// could not read, a type this file does not know) goes to kin-openapi's
// own decoding, for that part of the document (types with unexported
// state, or rarely used ones) or for the whole document (anything
// suspicious, so that kin-openapi reports the error it always reported).
// TestBuildDocMatchesKin compares the two on every spec in the repository.

// errNotBuilt means the document is left to kin-openapi's loader.
var errNotBuilt = errors.New("document not built from the tree")

// buildDoc returns kin-openapi's model of root, the document at path, with
// its $refs resolved by l. errNotBuilt means the caller should load the
// document with kin-openapi instead; any other error is kin-openapi's.
// fromJSON says the tree was parsed from JSON (number literals are JSON's).
func buildDoc(l *openapi3.Loader, path string, root *node, fromJSON bool) (doc *openapi3.T, err error) {
	if root == nil || root.kind != kObject {
		return nil, errNotBuilt
	}
	var paths, components *node
	stub := &node{kind: kObject}
	for i, k := range root.keys {
		switch {
		case k == "paths":
			paths = root.vals[i]
		case k == "components":
			components = root.vals[i]
		case strings.EqualFold(k, "paths"), strings.EqualFold(k, "components"), strings.EqualFold(k, "webhooks"):
			// webhooks may refer to components, which the stub lacks.
			return nil, errNotBuilt
		default:
			stub.keys = append(stub.keys, k)
			stub.vals = append(stub.vals, root.vals[i])
		}
	}
	b := &builder{fromJSON: fromJSON}
	var p *openapi3.Paths
	if paths != nil {
		if p, err = b.paths(paths); err != nil {
			return nil, errNotBuilt
		}
	}
	var c *openapi3.Components
	if components != nil {
		c = new(openapi3.Components)
		if err := b.value(components, reflect.ValueOf(c).Elem()); err != nil {
			return nil, errNotBuilt
		}
	}
	// The rest (info, servers, tags, security, extensions) is small and
	// has no $refs: kin-openapi's loader reads it, which also registers
	// the document and its location for the resolution of $refs.
	doc, err = loadSafely(l, path, nodeJSON(stub))
	if err != nil {
		return nil, errNotBuilt
	}
	doc.Paths, doc.Components = p, c
	if err := resolveSafely(l, path, doc); err != nil {
		return nil, err
	}
	return doc, nil
}

// resolveSafely resolves the $refs of doc as kin-openapi's loader does
// after decoding, turning a panic into an error.
func resolveSafely(l *openapi3.Loader, path string, doc *openapi3.T) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("malformed document: %v", r)
		}
	}()
	abs, aerr := filepath.Abs(path)
	if aerr != nil {
		abs = path
	}
	return l.ResolveRefsIn(doc, &url.URL{Path: filepath.ToSlash(abs)})
}

type builder struct {
	fromJSON bool
	// delegated caches, per type, whether kin-openapi decodes it
	// (reflect's Implements is slow enough to matter per value).
	delegated map[reflect.Type]bool
}

// refFields are the indexes of Ref and Value in the Ref types.
var refFields = sync.OnceValue(func() map[reflect.Type][2]int {
	m := map[reflect.Type][2]int{}
	for _, t := range []reflect.Type{schemaRefType, parameterRefType, requestBodyRefType, responseRefType} {
		r, _ := t.FieldByName("Ref")
		v, _ := t.FieldByName("Value")
		m[t] = [2]int{r.Index[0], v.Index[0]}
	}
	return m
})

var (
	unmarshalerType = reflect.TypeFor[json.Unmarshaler]()
	anyType         = reflect.TypeFor[any]()

	schemaRefType      = reflect.TypeFor[openapi3.SchemaRef]()
	parameterRefType   = reflect.TypeFor[openapi3.ParameterRef]()
	requestBodyRefType = reflect.TypeFor[openapi3.RequestBodyRef]()
	responseRefType    = reflect.TypeFor[openapi3.ResponseRef]()
	pathsType          = reflect.TypeFor[openapi3.Paths]()
	responsesType      = reflect.TypeFor[openapi3.Responses]()
	typesType          = reflect.TypeFor[openapi3.Types]()
	boolSchemaType     = reflect.TypeFor[openapi3.BoolSchema]()
)

// structInfo is what decoding a kin-openapi object type needs: its fields
// by JSON name. Each of these types' UnmarshalJSON decodes the fields,
// then puts every other key into Extensions (it deletes exactly the
// field names from a map of all keys).
type structInfo struct {
	fields map[string]int
	names  []string
	ext    int // index of Extensions
}

// nativeStructs are the types built here; their UnmarshalJSON is the
// field decode plus extensions described above (checked against
// kin-openapi by the tests).
var nativeStructs = sync.OnceValue(func() map[reflect.Type]*structInfo {
	m := map[reflect.Type]*structInfo{}
	for _, t := range []reflect.Type{
		reflect.TypeFor[openapi3.Components](),
		reflect.TypeFor[openapi3.PathItem](),
		reflect.TypeFor[openapi3.Operation](),
		reflect.TypeFor[openapi3.Parameter](),
		reflect.TypeFor[openapi3.RequestBody](),
		reflect.TypeFor[openapi3.Response](),
		reflect.TypeFor[openapi3.MediaType](),
		reflect.TypeFor[openapi3.Schema](),
	} {
		si := &structInfo{fields: map[string]int{}, ext: -1}
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			if f.Anonymous {
				panic("kinbuild: embedded field in " + t.String())
			}
			if f.Name == "Extensions" {
				si.ext = i
				continue
			}
			if !f.IsExported() {
				continue
			}
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if name == "-" {
				continue
			}
			if name == "" {
				name = f.Name
			}
			si.fields[name] = i
			si.names = append(si.names, name)
		}
		if si.ext < 0 {
			panic("kinbuild: no Extensions in " + t.String())
		}
		m[t] = si
	}
	return m
})

// foldCollides reports whether encoding/json would match key to one of
// names case-insensitively (key itself is not one of them).
func foldCollides(key string, names []string) bool {
	for _, n := range names {
		if strings.EqualFold(key, n) {
			return true
		}
	}
	return false
}

// value decodes n into v (addressable) as encoding/json and kin-openapi's
// UnmarshalJSON methods would.
func (b *builder) value(n *node, v reflect.Value) error {
	t := v.Type()
	if n.kind == kNull && t != anyType {
		// encoding/json leaves most things alone for null, but not all
		// (Operation.responses): not worth the cases.
		return errNotBuilt
	}
	switch t {
	case schemaRefType:
		return b.ref(n, v, []string{"$ref"})
	case parameterRefType, requestBodyRefType, responseRefType:
		return b.ref(n, v, []string{"$ref", "summary", "description"})
	case pathsType:
		p, err := b.paths(n)
		if err != nil {
			return err
		}
		v.Set(reflect.ValueOf(p).Elem())
		return nil
	case responsesType:
		return b.responses(n, v.Addr().Interface().(*openapi3.Responses))
	case typesType:
		switch n.kind {
		case kString:
			v.Set(reflect.ValueOf(openapi3.Types{n.str}))
			return nil
		case kArray:
			ts := make(openapi3.Types, len(n.items))
			for i, it := range n.items {
				if it.kind != kString {
					return errNotBuilt
				}
				ts[i] = it.str
			}
			v.Set(reflect.ValueOf(ts))
			return nil
		}
		return errNotBuilt
	case boolSchemaType:
		bs := v.Addr().Interface().(*openapi3.BoolSchema)
		switch n.kind {
		case kBool:
			h := n.str == "true"
			bs.Has = &h
			return nil
		case kObject:
			if len(n.keys) == 0 {
				bs.Schema = &openapi3.SchemaRef{Value: &openapi3.Schema{}}
				return nil
			}
			bs.Schema = new(openapi3.SchemaRef)
			return b.value(n, reflect.ValueOf(bs.Schema).Elem())
		}
		return errNotBuilt
	}
	if si := nativeStructs()[t]; si != nil {
		return b.object(n, v, si)
	}
	d, ok := b.delegated[t]
	if !ok {
		d = t.Kind() != reflect.Pointer && reflect.PointerTo(t).Implements(unmarshalerType)
		if b.delegated == nil {
			b.delegated = map[reflect.Type]bool{}
		}
		b.delegated[t] = d
	}
	if d {
		return b.delegate(n, v)
	}
	switch t.Kind() {
	case reflect.Pointer:
		p := reflect.New(t.Elem())
		if err := b.value(n, p.Elem()); err != nil {
			return err
		}
		v.Set(p)
		return nil
	case reflect.String:
		if n.kind != kString {
			return errNotBuilt
		}
		v.SetString(n.str)
		return nil
	case reflect.Bool:
		if n.kind != kBool {
			return errNotBuilt
		}
		v.SetBool(n.str == "true")
		return nil
	case reflect.Float64:
		f, err := b.float(n)
		if err != nil {
			return err
		}
		v.SetFloat(f)
		return nil
	case reflect.Uint64:
		if n.kind != kNumber {
			return errNotBuilt
		}
		u, err := strconv.ParseUint(b.number(n), 10, 64)
		if err != nil || u > 1<<53 {
			// kin-openapi decodes paths and responses through
			// map[string]any, which rounds such an integer to a float64
			// (or refuses it): the document is left to it.
			return errNotBuilt
		}
		v.SetUint(u)
		return nil
	case reflect.Interface:
		if t != anyType {
			return errNotBuilt
		}
		x, err := b.generic(n)
		if err != nil {
			return err
		}
		if x != nil {
			v.Set(reflect.ValueOf(x))
		}
		return nil
	case reflect.Slice:
		if n.kind != kArray {
			return errNotBuilt
		}
		s := reflect.MakeSlice(t, len(n.items), len(n.items))
		for i, it := range n.items {
			if err := b.value(it, s.Index(i)); err != nil {
				return err
			}
		}
		v.Set(s)
		return nil
	case reflect.Map:
		if n.kind != kObject || t.Key().Kind() != reflect.String {
			return errNotBuilt
		}
		m := reflect.MakeMapWithSize(t, len(n.keys))
		for i, k := range n.keys {
			e := reflect.New(t.Elem()).Elem()
			if err := b.value(n.vals[i], e); err != nil {
				return err
			}
			m.SetMapIndex(reflect.ValueOf(k).Convert(t.Key()), e)
		}
		v.Set(m)
		return nil
	}
	return errNotBuilt
}

// object decodes one of the native struct types: fields by name, the
// other keys into Extensions.
func (b *builder) object(n *node, v reflect.Value, si *structInfo) error {
	if n.kind != kObject {
		return errNotBuilt
	}
	var ext map[string]any
	for i, k := range n.keys {
		f, ok := si.fields[k]
		if !ok {
			if foldCollides(k, si.names) {
				return errNotBuilt
			}
			x, err := b.generic(n.vals[i])
			if err != nil {
				return err
			}
			if ext == nil {
				ext = map[string]any{}
			}
			ext[k] = x
			continue
		}
		if err := b.value(n.vals[i], v.Field(f)); err != nil {
			return err
		}
	}
	if ext != nil {
		v.Field(si.ext).Set(reflect.ValueOf(ext))
	}
	return nil
}

// ref decodes a SchemaRef, ParameterRef, RequestBodyRef or ResponseRef:
// a bare {"$ref": "…"}, or the value itself. A $ref with anything beside
// it goes to kin-openapi (it keeps the siblings in unexported fields).
func (b *builder) ref(n *node, v reflect.Value, refNames []string) error {
	if n.kind != kObject {
		return b.delegate(n, v)
	}
	for i, k := range n.keys {
		if k == "$ref" {
			r := n.vals[i]
			if len(n.keys) != 1 || r.kind != kString || r.str == "" {
				return b.delegate(n, v)
			}
			v.Field(refFields()[v.Type()][0]).SetString(r.str)
			return nil
		}
		if foldCollides(k, refNames[:1]) {
			return errNotBuilt
		}
	}
	val := v.Field(refFields()[v.Type()][1])
	p := reflect.New(val.Type().Elem())
	if err := b.value(n, p.Elem()); err != nil {
		return err
	}
	val.Set(p)
	return nil
}

// paths is Paths.UnmarshalJSON: x- keys are extensions, the others path
// items.
func (b *builder) paths(n *node) (*openapi3.Paths, error) {
	if n.kind != kObject {
		return nil, errNotBuilt
	}
	p := openapi3.NewPathsWithCapacity(len(n.keys))
	p.Extensions = map[string]any{}
	for i, k := range n.keys {
		if strings.HasPrefix(k, "x-") {
			x, err := b.generic(n.vals[i])
			if err != nil {
				return nil, err
			}
			p.Extensions[k] = x
			continue
		}
		item := new(openapi3.PathItem)
		if err := b.value(n.vals[i], reflect.ValueOf(item).Elem()); err != nil {
			return nil, err
		}
		p.Set(k, item)
	}
	return p, nil
}

// responses is Responses.UnmarshalJSON, like paths.
func (b *builder) responses(n *node, r *openapi3.Responses) error {
	if n.kind != kObject {
		return errNotBuilt
	}
	*r = *openapi3.NewResponsesWithCapacity(len(n.keys))
	r.Extensions = map[string]any{}
	for i, k := range n.keys {
		if strings.HasPrefix(k, "x-") {
			x, err := b.generic(n.vals[i])
			if err != nil {
				return err
			}
			r.Extensions[k] = x
			continue
		}
		ref := new(openapi3.ResponseRef)
		if err := b.value(n.vals[i], reflect.ValueOf(ref).Elem()); err != nil {
			return err
		}
		r.Set(k, ref)
	}
	return nil
}

// delegate has kin-openapi decode n into v, for the types not built here.
func (b *builder) delegate(n *node, v reflect.Value) error {
	if err := json.Unmarshal(nodeJSON(n), v.Addr().Interface()); err != nil {
		return errNotBuilt
	}
	return nil
}

// number is n's literal as kin-openapi reads it: as written in JSON, or
// as the loader writes a YAML number for kin-openapi.
func (b *builder) number(n *node) string {
	if b.fromJSON {
		return n.str
	}
	return jsonNumber(n.str)
}

func (b *builder) float(n *node) (float64, error) {
	if n.kind != kNumber {
		return 0, errNotBuilt
	}
	f, err := strconv.ParseFloat(b.number(n), 64)
	if err != nil {
		return 0, errNotBuilt
	}
	return f, nil
}

// generic is n decoded into an any, as encoding/json does.
func (b *builder) generic(n *node) (any, error) {
	switch n.kind {
	case kNull:
		return nil, nil
	case kBool:
		return n.str == "true", nil
	case kString:
		return n.str, nil
	case kNumber:
		return b.float(n)
	case kArray:
		s := make([]any, len(n.items))
		for i, it := range n.items {
			x, err := b.generic(it)
			if err != nil {
				return nil, err
			}
			s[i] = x
		}
		return s, nil
	case kObject:
		m := make(map[string]any, len(n.keys))
		for i, k := range n.keys {
			x, err := b.generic(n.vals[i])
			if err != nil {
				return nil, err
			}
			m[k] = x
		}
		return m, nil
	}
	return nil, errNotBuilt
}
