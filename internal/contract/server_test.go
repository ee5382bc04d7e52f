package contract

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy/pathpattern"
)

func init() {
	// kin-openapi's own form decoder accepts only a plain object whose
	// object-valued properties have a deepObject encoding; Kratos' update*Flow
	// form bodies are discriminated oneOfs with free-form object properties
	// (traits, transient_payload). This decoder reads such a form the way
	// Ory's servers do and the client writes it (the variant picked by its
	// discriminator field, nested objects as dotted keys traits.email=...,
	// arrays as repeated keys) and hands the object to openapi3filter, which
	// validates it against the schema as usual.
	openapi3filter.RegisterBodyDecoder("application/x-www-form-urlencoded", formBodyDecoder)
}

func formBodyDecoder(body io.Reader, _ http.Header, ref *openapi3.SchemaRef, _ openapi3filter.EncodingFn) (any, error) {
	b, err := io.ReadAll(body)
	if err != nil {
		return nil, err
	}
	vals, err := url.ParseQuery(string(b))
	if err != nil {
		return nil, err
	}
	s, err := formSchema(ref.Value, vals)
	if err != nil {
		return nil, err
	}
	used := map[string]bool{}
	obj, err := decodeFormObject(vals, "", s, used)
	if err != nil {
		return nil, err
	}
	// Fields no property declares are kept as strings, so that the schema
	// (additionalProperties) decides about them.
	for k, v := range vals {
		if !used[k] && !strings.Contains(k, ".") {
			obj[k] = v[0]
		}
	}
	return obj, nil
}

// formSchema resolves a discriminated oneOf to the variant the form's
// discriminator field names.
func formSchema(s *openapi3.Schema, vals url.Values) (*openapi3.Schema, error) {
	if d := s.Discriminator; d != nil && len(s.OneOf) > 0 {
		key := vals.Get(d.PropertyName)
		if key == "" {
			return nil, fmt.Errorf("form has no discriminator field %q", d.PropertyName)
		}
		m := memberOf(s, key)
		if m == nil {
			return nil, fmt.Errorf("form discriminator %s=%q names no variant", d.PropertyName, key)
		}
		return m.Value, nil
	}
	return s, nil
}

// properties collects the properties of s and of its allOf members.
func properties(s *openapi3.Schema) openapi3.Schemas {
	out := openapi3.Schemas{}
	for _, m := range s.AllOf {
		if m.Value != nil {
			for k, v := range properties(m.Value) {
				out[k] = v
			}
		}
	}
	for k, v := range s.Properties {
		out[k] = v
	}
	return out
}

func decodeFormObject(vals url.Values, prefix string, s *openapi3.Schema, used map[string]bool) (map[string]any, error) {
	obj := map[string]any{}
	props := properties(s)
	for _, name := range sortedKeys(props) {
		p := props[name].Value
		key := name
		if prefix != "" {
			key = prefix + "." + name
		}
		switch {
		case p.Type.Is("array"):
			if vs, ok := vals[key]; ok {
				used[key] = true
				arr := []any{}
				for _, x := range vs {
					v, err := formScalar(x, p.Items.Value)
					if err != nil {
						return nil, fmt.Errorf("%s: %w", key, err)
					}
					arr = append(arr, v)
				}
				obj[name] = arr
			}
		case p.Type.Is("object") || p.Type == nil:
			sub := key + "."
			has := false
			for k := range vals {
				if strings.HasPrefix(k, sub) {
					has = true
				}
			}
			if vs, ok := vals[key]; ok && p.Type == nil {
				used[key] = true
				obj[name] = vs[0]
				continue
			}
			if !has {
				continue
			}
			if len(properties(p)) == 0 {
				obj[name] = freeForm(vals, key, used)
				continue
			}
			v, err := decodeFormObject(vals, key, p, used)
			if err != nil {
				return nil, err
			}
			obj[name] = v
		default:
			if vs, ok := vals[key]; ok {
				used[key] = true
				v, err := formScalar(vs[0], p)
				if err != nil {
					return nil, fmt.Errorf("%s: %w", key, err)
				}
				obj[name] = v
			}
		}
	}
	return obj, nil
}

// freeForm reads the a.b.c=v keys under key as nested objects of strings.
func freeForm(vals url.Values, key string, used map[string]bool) map[string]any {
	out := map[string]any{}
	for k, vs := range vals {
		if !strings.HasPrefix(k, key+".") {
			continue
		}
		used[k] = true
		path := strings.Split(strings.TrimPrefix(k, key+"."), ".")
		m := out
		for _, p := range path[:len(path)-1] {
			next, ok := m[p].(map[string]any)
			if !ok {
				next = map[string]any{}
				m[p] = next
			}
			m = next
		}
		m[path[len(path)-1]] = vs[0]
	}
	return out
}

func formScalar(x string, s *openapi3.Schema) (any, error) {
	switch {
	case s == nil:
		return x, nil
	case s.Type.Is("integer"), s.Type.Is("number"):
		return strconv.ParseFloat(x, 64)
	case s.Type.Is("boolean"):
		return strconv.ParseBool(x)
	}
	return x, nil
}

// router finds the operation of a request with kin-openapi's legacy path
// matcher. legacy.NewRouter would first run doc.Validate, which the Ory
// specs fail for reasons that do not matter here, so the routes are added
// to the matcher directly, as NewRouter does. It matches the escaped path:
// a path parameter containing an escaped "/" stays one segment.
//
// The matcher's {name} runs to the next "/", so it cannot route templates
// with text after a parameter in the same segment (the Ory Network API's
// /v2alpha1/admin/apiKeys/{key_id}:revoke); those go to a regexp per
// template, tried when the matcher finds nothing.
type router struct {
	doc   *openapi3.T
	root  *pathpattern.Node
	mixed []mixedRoute
}

type mixedRoute struct {
	re    *regexp.Regexp
	names []string
	route *routers.Route
}

var reParam = regexp.MustCompile(`\{([^}]+)\}`)

func newRouter(doc *openapi3.T) (*router, error) {
	rt := &router{doc: doc, root: &pathpattern.Node{}}
	for _, path := range doc.Paths.InMatchingOrder() {
		item := doc.Paths.Value(path)
		for method, op := range item.Operations() {
			route := &routers.Route{Spec: doc, Path: path, PathItem: item, Method: method, Operation: op}
			if regexp.MustCompile(`\}[^/]`).MatchString(path) {
				var names []string
				expr := "^" + regexp.QuoteMeta(method+" ")
				last := 0
				for _, m := range reParam.FindAllStringSubmatchIndex(path, -1) {
					expr += regexp.QuoteMeta(path[last:m[0]]) + "([^/]+?)"
					names = append(names, path[m[2]:m[3]])
					last = m[1]
				}
				expr += regexp.QuoteMeta(path[last:]) + "$"
				rt.mixed = append(rt.mixed, mixedRoute{re: regexp.MustCompile(expr), names: names, route: route})
				continue
			}
			if err := rt.root.Add(method+" "+path, route, nil); err != nil {
				return nil, err
			}
		}
	}
	return rt, nil
}

func (rt *router) find(r *http.Request) (*routers.Route, map[string]string, error) {
	key := r.Method + " " + r.URL.EscapedPath()
	var route *routers.Route
	var names, values []string
	if node, vs := rt.root.Match(key); node != nil {
		if rr, ok := node.Value.(*routers.Route); ok {
			route, values = rr, vs
			for _, n := range node.VariableNames {
				names = append(names, strings.TrimSuffix(n, "*"))
			}
		}
	}
	if route == nil {
		for _, m := range rt.mixed {
			if sub := m.re.FindStringSubmatch(key); sub != nil {
				route, names, values = m.route, m.names, sub[1:]
				break
			}
		}
	}
	if route == nil {
		return nil, nil, fmt.Errorf("no route for %s", key)
	}
	params := map[string]string{}
	for i, v := range values {
		u, err := url.PathUnescape(v)
		if err != nil {
			return nil, nil, err
		}
		params[names[i]] = u
	}
	return route, params, nil
}

// auth checks that the request carries the credential the client was
// given for the scheme: an openapi3filter.AuthenticationFunc.
func (c *specCase) auth(_ context.Context, in *openapi3filter.AuthenticationInput) error {
	r := in.RequestValidationInput.Request
	name, ss := in.SecuritySchemeName, in.SecurityScheme
	want := c.creds[name]
	var got string
	switch {
	case ss.Type == "http" && strings.EqualFold(ss.Scheme, "basic"):
		u, p, _ := r.BasicAuth()
		got = u + ":" + p
	case ss.Type == "http" || ss.Type == "oauth2" || ss.Type == "openIdConnect":
		got, want = r.Header.Get("Authorization"), "Bearer "+want
	case ss.Type == "apiKey" && ss.In == "header":
		got = r.Header.Get(ss.Name)
		// An operation may also declare the header as a parameter (Kratos'
		// X-Session-Token); a value the caller gives it wins over the
		// client's credential.
		if got != "" && got != want && declaresHeader(in.RequestValidationInput.Route, ss.Name) {
			return nil
		}
	case ss.Type == "apiKey" && ss.In == "query":
		got = r.URL.Query().Get(ss.Name)
	case ss.Type == "apiKey" && ss.In == "cookie":
		if ck, err := r.Cookie(ss.Name); err == nil {
			got = ck.Value
		}
	default:
		return fmt.Errorf("scheme %s: type %s not handled by the test", name, ss.Type)
	}
	if got != want {
		return fmt.Errorf("scheme %s: credential %q, want %q", name, got, want)
	}
	return nil
}

func declaresHeader(route *routers.Route, name string) bool {
	for _, group := range []openapi3.Parameters{route.PathItem.Parameters, route.Operation.Parameters} {
		for _, p := range group {
			if p.Value != nil && p.Value.In == "header" && http.CanonicalHeaderKey(p.Value.Name) == http.CanonicalHeaderKey(name) {
				return true
			}
		}
	}
	return false
}

func (c *specCase) filterOptions() *openapi3filter.Options {
	return &openapi3filter.Options{
		ExcludeRequestBody: false,
		MultiError:         true,
		AuthenticationFunc: c.auth,
		// The checks after validation must see the request as sent, not
		// with the spec's defaults filled in.
		SkipSettingDefaults:     true,
		SchemaValidationOptions: []openapi3.SchemaValidationOption{openapi3.WithStringFormatValidators(formatValidators)},
	}
}

// received is one request as the server saw it.
type received struct {
	req    *http.Request
	body   []byte
	route  *routers.Route
	params map[string]string
	input  *openapi3filter.RequestValidationInput
}

// server is an httptest handler that routes and validates every request
// and answers with whatever the current exchange says.
type server struct {
	c  *specCase
	rt *router

	mu      sync.Mutex
	answer  func(w http.ResponseWriter, rec *received) // nil: fail the request
	got     []*received
	invalid []string // request validation failures
	notes   []string // other problems the exchange found
}

func (s *server) expect(answer func(w http.ResponseWriter, rec *received)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.answer, s.got, s.invalid, s.notes = answer, nil, nil, nil
}

func (s *server) take() (got []*received, invalid, notes []string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	got, invalid, notes = s.got, s.invalid, s.notes
	s.answer, s.got, s.invalid, s.notes = nil, nil, nil, nil
	return got, invalid, notes
}

func (s *server) note(problems ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.notes = append(s.notes, problems...)
}

func (s *server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		http.Error(w, err.Error(), 500)
		return
	}
	rec := &received{req: r, body: body}
	var problems []string
	rec.route, rec.params, err = s.rt.find(r)
	if err != nil {
		problems = append(problems, err.Error())
	} else {
		r.Body = io.NopCloser(bytes.NewReader(body))
		rec.input = &openapi3filter.RequestValidationInput{
			Request: r, PathParams: rec.params, Route: rec.route, Options: s.c.filterOptions(),
		}
		if err := openapi3filter.ValidateRequest(r.Context(), rec.input); err != nil {
			problems = append(problems, "request does not match the spec: "+flatten(err))
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
	}
	s.mu.Lock()
	s.got = append(s.got, rec)
	s.invalid = append(s.invalid, problems...)
	answer := s.answer
	s.mu.Unlock()
	if answer == nil {
		http.Error(w, "unexpected request", http.StatusTeapot)
		return
	}
	answer(w, rec)
}

func flatten(err error) string {
	var me openapi3.MultiError
	if errors.As(err, &me) {
		parts := make([]string, 0, len(me))
		for _, e := range me {
			parts = append(parts, flatten(e))
		}
		sort.Strings(parts)
		return strings.Join(parts, " | ")
	}
	return strings.ReplaceAll(err.Error(), "\n", " ")
}

// reply is a response the server sends.
type reply struct {
	status int
	header http.Header
	body   []byte
}

func (rp *reply) write(w http.ResponseWriter) {
	for k, v := range rp.header {
		w.Header()[k] = v
	}
	w.WriteHeader(rp.status)
	w.Write(rp.body)
}

// validateReply runs openapi3filter.ValidateResponse on a reply the test
// synthesized, checking the test's own generator.
func validateReply(c *specCase, rec *received, rp *reply) error {
	if rec.input == nil {
		return errors.New("request was not routed")
	}
	in := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: rec.input,
		Status:                 rp.status,
		Header:                 rp.header,
		Body:                   io.NopCloser(bytes.NewReader(rp.body)),
		Options:                &openapi3filter.Options{MultiError: true, IncludeResponseStatus: true, SchemaValidationOptions: []openapi3.SchemaValidationOption{openapi3.WithStringFormatValidators(formatValidators)}},
	}
	return openapi3filter.ValidateResponse(context.Background(), in)
}
