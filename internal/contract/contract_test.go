// Package contract checks every generated Ory client against its spec: an
// httptest server routes and validates each request with kin-openapi's
// openapi3filter and answers with a response synthesized from the spec
// (and validated too), which the client must decode.
package contract

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/orygen/orygen/internal/ir"
	"github.com/orygen/orygen/internal/irbuild"
	"github.com/orygen/orygen/internal/pipeline"
)

// TestContract calls every operation of every Ory spec through the
// generated client, one parallel subtest per spec.
func TestContract(t *testing.T) {
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t, c, nil)
			e.run(t)
		})
	}
}

// env is one spec with its server and client.
type env struct {
	c      *specCase
	api    *ir.API
	doc    *openapi3.T
	srv    *server
	hs     *httptest.Server
	client reflect.Value // *Client
	pkg    string        // the package's name, as reflect prints its types
	ops    []*opCase

	exercised map[string]bool // operationIds whose request reached the server and passed validation
	calls     map[string]int  // calls made, by exchange kind
}

// opCase is one operation: its IR, its spec object and its Go method.
type opCase struct {
	e      *env
	svc    *ir.Service
	op     *ir.Operation
	item   *openapi3.PathItem
	spec   *openapi3.Operation
	method reflect.Value
	label  string
}

func newEnv(t *testing.T, c *specCase, transport http.RoundTripper) *env {
	t.Helper()
	res, err := pipeline.Model(pipeline.Target{Spec: specDir + c.name + ".json", Overlays: c.overlays})
	if err != nil {
		t.Fatal(err)
	}
	spec, api := res.Spec, res.API
	doc := spec.Doc
	// Requests go to the httptest server's root.
	doc.Servers = nil
	rt, err := newRouter(doc)
	if err != nil {
		t.Fatal(err)
	}
	e := &env{c: c, api: api, doc: doc, exercised: map[string]bool{}, calls: map[string]int{}}
	e.srv = &server{c: c, rt: rt}
	e.hs = httptest.NewServer(e.srv)
	t.Cleanup(e.hs.Close)
	hc := &http.Client{
		Timeout:   10 * time.Second,
		Transport: transport, // nil: http.DefaultTransport
		// Declared redirects (302, 303) are answers, not something to follow.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	cl, err := c.newClient(e.hs.URL, hc)
	if err != nil {
		t.Fatal(err)
	}
	e.client = reflect.ValueOf(cl)
	e.pkg = strings.SplitN(strings.TrimPrefix(e.client.Type().String(), "*"), ".", 2)[0]

	// Count the spec's operations from the document itself.
	n := 0
	for _, path := range doc.Paths.InMatchingOrder() {
		n += len(doc.Paths.Value(path).Operations())
	}
	if n != c.want {
		t.Errorf("%s declares %d operations, want %d", c.name, n, c.want)
	}

	irOps := 0
	for _, svc := range api.Services {
		irOps += len(svc.Operations)
		fv := e.client.Elem().FieldByName(string(svc.Name))
		if !fv.IsValid() {
			t.Errorf("%s: Client has no field %s for tag %q", c.name, svc.Name, svc.Tag)
			continue
		}
		methods := len(svc.Operations)
		for _, op := range svc.Operations {
			if op.Pagination != nil {
				methods++ // the iterator, <Op>All
				if !fv.MethodByName(string(op.Pagination.IterName)).IsValid() {
					t.Errorf("%s: %s has no iterator %s", c.name, fv.Type(), op.Pagination.IterName)
				}
			}
		}
		if got := fv.Type().NumMethod(); got != methods {
			t.Errorf("%s: %s has %d methods, want %d for its %d operations", c.name, fv.Type(), got, methods, len(svc.Operations))
		}
		for _, op := range svc.Operations {
			o := &opCase{e: e, svc: svc, op: op,
				label: fmt.Sprintf("%s %s.%s (%s, %s %s)", c.name, svc.Name, op.Name, op.ID, op.Method, op.Path)}
			o.item = doc.Paths.Value(op.Path)
			if o.item != nil {
				o.spec = o.item.GetOperation(string(op.Method))
			}
			if o.spec == nil {
				t.Errorf("%s: %s: not in the document", c.name, o.label)
				continue
			}
			// The method is the operationId's Go name, less the service's
			// name in front (OAuth2.Authorize for oAuth2Authorize).
			if string(op.FullName) != irbuild.GoName(op.ID) || !strings.HasSuffix(string(op.FullName), string(op.Name)) {
				t.Errorf("%s: %s: method %s (%s) is not the Go name of operationId %s (%s)", c.name, o.label, op.Name, op.FullName, op.ID, irbuild.GoName(op.ID))
			}
			o.method = fv.MethodByName(string(op.Name))
			if !o.method.IsValid() {
				t.Errorf("%s: %s: %s has no method %s", c.name, o.label, fv.Type(), op.Name)
				continue
			}
			e.ops = append(e.ops, o)
		}
	}
	if irOps != n {
		t.Errorf("%s: the IR has %d operations, the document %d", c.name, irOps, n)
	}
	return e
}

func (e *env) run(t *testing.T) {
	for _, o := range e.ops {
		t.Run(string(o.op.Name), func(t *testing.T) {
			t.Helper()
			o.contract(t)
			o.errorShapes(t)
			o.decodeError(t)
			o.pathEscaping(t)
			o.headerCRLF(t)
			o.formVariants(t)
		})
	}
	t.Run("unions", func(t *testing.T) { e.unions(t) })

	// Every operation must have been exercised.
	var missing []string
	for _, o := range e.ops {
		if !e.exercised[o.op.ID] {
			missing = append(missing, o.label)
		}
	}
	if len(missing) > 0 {
		t.Errorf("%s: %d of %d operations not exercised: %s", e.c.name, len(missing), e.c.want, strings.Join(missing, "; "))
	}
	var kinds []string
	for _, k := range sortedKeys(e.calls) {
		kinds = append(kinds, fmt.Sprintf("%s %d", k, e.calls[k]))
	}
	t.Logf("%s: %d of %d operations exercised; calls: %s", e.c.name, len(e.exercised), e.c.want, strings.Join(kinds, ", "))
	if len(e.exercised) != e.c.want {
		t.Errorf("%s: exercised %d operations, want %d", e.c.name, len(e.exercised), e.c.want)
	}

	// With the server gone, every call is a *TransportError.
	e.hs.Close()
	for _, o := range e.ops {
		a, err := o.args(argOpts{})
		if err != nil {
			t.Errorf("%s: %v", o.label, err)
			continue
		}
		_, callErr := o.call(a.vals)
		if !o.as(callErr, e.c.transportErr) {
			t.Errorf("%s: with the server closed: got %T %v, want %v", o.label, callErr, callErr, e.c.transportErr)
		}
	}
}

// argOpts says how to build the arguments of one call.
type argOpts struct {
	full   bool              // optional parameters and properties too
	path   map[string]string // path parameter values by wire name
	header map[string]string // header parameter values by wire name
	body   any               // the body as JSON, instead of a synthesized one
	opts   []any             // RequestOptions
}

// callArgs are the arguments of one call and what the server should see.
type callArgs struct {
	vals []reflect.Value
	body any // the JSON value the body was made from; nil when none is sent
	// wire values of the parameters, for scalars and arrays of scalars
	params map[ir.In]map[string][]string
}

func (o *opCase) param(in ir.In, name string) *openapi3.Parameter {
	var found *openapi3.Parameter
	for _, group := range []openapi3.Parameters{o.item.Parameters, o.spec.Parameters} {
		for _, p := range group {
			if p.Value != nil && p.Value.In == in.String() && p.Value.Name == name {
				found = p.Value
			}
		}
	}
	return found
}

// requestSchema is the schema of the body media type the client sends.
func (o *opCase) requestSchema(mediaType string) *openapi3.SchemaRef {
	if o.spec.RequestBody == nil || o.spec.RequestBody.Value == nil {
		return nil
	}
	if mt := o.spec.RequestBody.Value.Content.Get(mediaType); mt != nil {
		return mt.Schema
	}
	return nil
}

func (o *opCase) args(a argOpts) (*callArgs, error) {
	mt := o.method.Type()
	want := 1 + len(o.op.PathParams) + 1
	if o.op.Body != nil {
		want++
	}
	if len(o.op.Params) > 0 {
		want++
	}
	if mt.NumIn() != want || !mt.IsVariadic() {
		return nil, fmt.Errorf("method %s has signature %s; the operation has %d path parameters, body %v, %d other parameters",
			o.op.Name, mt, len(o.op.PathParams), o.op.Body != nil, len(o.op.Params))
	}
	out := &callArgs{params: map[ir.In]map[string][]string{}}
	out.vals = append(out.vals, reflect.ValueOf(context.Background()))
	i := 1
	for _, p := range o.op.PathParams {
		at := mt.In(i)
		i++
		v := reflect.New(at).Elem()
		if s, ok := a.path[p.Name]; ok {
			if at.Kind() != reflect.String {
				return nil, fmt.Errorf("path parameter %s is a %s, not a string", p.Name, at)
			}
			v.SetString(s)
		} else {
			sp := o.param(ir.InPath, p.Name)
			if sp == nil {
				return nil, fmt.Errorf("path parameter %s not in the spec", p.Name)
			}
			jv, err := synth{request: true, name: p.Name}.value(sp.Schema)
			if err != nil {
				return nil, fmt.Errorf("path parameter %s: %w", p.Name, err)
			}
			if err := setJSON(v, jv); err != nil {
				return nil, fmt.Errorf("path parameter %s: %w", p.Name, err)
			}
		}
		out.vals = append(out.vals, v)
	}
	if b := o.op.Body; b != nil {
		at := mt.In(i)
		i++
		nilable := at.Kind() == reflect.Pointer || at.Kind() == reflect.Slice || at.Kind() == reflect.Map
		jv := a.body
		if jv == nil && (b.Required || a.full || !nilable) {
			var err error
			jv, err = synth{request: true, all: a.full}.value(o.requestSchema(b.MediaType))
			if err != nil {
				return nil, fmt.Errorf("body: %w", err)
			}
		}
		if jv == nil {
			out.vals = append(out.vals, reflect.Zero(at))
		} else {
			v := reflect.New(at).Elem()
			if err := setJSON(v, jv); err != nil {
				return nil, fmt.Errorf("body %s into %s: %w", compact(jv), at, err)
			}
			out.vals = append(out.vals, v)
			out.body = jv
		}
	}
	if len(o.op.Params) > 0 {
		at := mt.In(i)
		st := at
		if at.Kind() == reflect.Pointer {
			st = at.Elem()
		}
		pv := reflect.New(st).Elem()
		set := 0
		for _, p := range o.op.Params {
			hv, override := a.header[p.Name]
			override = override && p.In == ir.InHeader
			if !p.Required && !a.full && !override {
				continue
			}
			f := pv.FieldByName(string(p.GoName))
			if !f.IsValid() {
				return nil, fmt.Errorf("%s has no field %s for %s parameter %q", st, p.GoName, p.In, p.Name)
			}
			set++
			if override {
				switch {
				case f.Kind() == reflect.String:
					f.SetString(hv)
				case f.Kind() == reflect.Pointer && f.Type().Elem().Kind() == reflect.String:
					f.Set(reflect.New(f.Type().Elem()))
					f.Elem().SetString(hv)
				default:
					return nil, fmt.Errorf("header %s is a %s", p.Name, f.Type())
				}
				continue
			}
			sp := o.param(p.In, p.Name)
			if sp == nil {
				return nil, fmt.Errorf("%s parameter %s not in the spec", p.In, p.Name)
			}
			jv, err := synth{request: true, param: true, name: p.Name}.value(sp.Schema)
			if err != nil {
				return nil, fmt.Errorf("%s parameter %s: %w", p.In, p.Name, err)
			}
			if err := setJSON(f, jv); err != nil {
				return nil, fmt.Errorf("%s parameter %s: %w", p.In, p.Name, err)
			}
			if w, ok := wire(jv, p.In); ok {
				if out.params[p.In] == nil {
					out.params[p.In] = map[string][]string{}
				}
				out.params[p.In][p.Name] = w
			}
		}
		if at.Kind() == reflect.Pointer {
			if set == 0 {
				out.vals = append(out.vals, reflect.Zero(at))
			} else {
				out.vals = append(out.vals, pv.Addr())
			}
		} else {
			out.vals = append(out.vals, pv)
		}
	}
	for _, opt := range a.opts {
		out.vals = append(out.vals, reflect.ValueOf(opt))
	}
	return out, nil
}

// wire is how a parameter value travels: query arrays repeat their key,
// header arrays are joined with commas.
func wire(v any, in ir.In) ([]string, bool) {
	scalar := func(x any) (string, bool) {
		switch x := x.(type) {
		case string:
			return x, true
		case float64:
			return strconv.FormatFloat(x, 'f', -1, 64), true
		case bool:
			return strconv.FormatBool(x), true
		}
		return "", false
	}
	if arr, ok := v.([]any); ok {
		var out []string
		for _, x := range arr {
			s, ok := scalar(x)
			if !ok {
				return nil, false
			}
			out = append(out, s)
		}
		if in != ir.InQuery {
			return []string{strings.Join(out, ",")}, true
		}
		return out, true
	}
	s, ok := scalar(v)
	return []string{s}, ok
}

func setJSON(dst reflect.Value, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return json.Unmarshal(b, dst.Addr().Interface())
}

// call calls the method and returns its result (invalid when it has none)
// and error.
func (o *opCase) call(args []reflect.Value) (reflect.Value, error) {
	outs := o.method.Call(args)
	var err error
	if ev := outs[len(outs)-1]; !ev.IsNil() {
		err = ev.Interface().(error)
	}
	if len(outs) == 2 {
		return outs[0], err
	}
	return reflect.Value{}, err
}

// as is errors.As with a target of type target (e.g. *APIError); it
// returns the target's value on success.
func (o *opCase) as(err error, target reflect.Type) bool {
	_, ok := asValue(err, target)
	return ok
}

func asValue(err error, target reflect.Type) (reflect.Value, bool) {
	if err == nil {
		return reflect.Value{}, false
	}
	p := reflect.New(target)
	if !errors.As(err, p.Interface()) {
		return reflect.Value{}, false
	}
	return p.Elem(), true
}

// exchange is one call and the server's side of it.
type exchange struct {
	what  string // the kind of exchange, for the statistics
	args  *callArgs
	reply *reply
	// validate: the reply is one the spec allows and must be validated.
	validate bool
	// check is run by the server on the request.
	check func(rec *received) []string
}

// outcome is what an exchange gave.
type outcome struct {
	res     reflect.Value // the result, invalid for methods without one
	err     error
	got     []*received
	invalid []string // request validation failures
	notes   []string // routing, request contents, the test's own reply
}

// problems are all the server found.
func (out *outcome) problems() []string {
	return append(append([]string{}, out.invalid...), out.notes...)
}

// do runs an exchange: the server routes the request, validates it, runs
// x.check, validates the reply if asked and sends it.
func (o *opCase) do(x exchange) *outcome {
	o.e.calls[x.what]++
	o.e.srv.expect(func(w http.ResponseWriter, rec *received) {
		var probs []string
		if rec.route == nil || rec.route.Operation != o.spec {
			got := "nothing"
			if rec.route != nil {
				got = rec.route.Method + " " + rec.route.Path
			}
			probs = append(probs, fmt.Sprintf("request %s %s was routed to %s", rec.req.Method, rec.req.URL.EscapedPath(), got))
		}
		if x.check != nil {
			probs = append(probs, x.check(rec)...)
		}
		if x.validate && rec.input != nil {
			if err := validateReply(o.e.c, rec, x.reply); err != nil {
				probs = append(probs, "the test's own reply does not match the spec: "+flatten(err))
			}
		}
		o.e.srv.note(probs...)
		x.reply.write(w)
	})
	out := &outcome{}
	out.res, out.err = o.call(x.args.vals)
	out.got, out.invalid, out.notes = o.e.srv.take()
	return out
}

// status picks a status for "default": one the operation does not declare.
func (o *opCase) defaultStatus() int {
	declared := map[int]bool{}
	for _, r := range o.op.Responses {
		declared[r.Status] = true
	}
	for _, s := range []int{500, 502, 503, 418, 599} {
		if !declared[s] {
			return s
		}
	}
	return 599
}

// specResponse is the spec's response object for an IR response.
func (o *opCase) specResponse(status int) *openapi3.Response {
	var rr *openapi3.ResponseRef
	if status == 0 {
		rr = o.spec.Responses.Default()
	} else {
		rr = o.spec.Responses.Status(status)
		if rr == nil {
			rr = o.spec.Responses.Value(strconv.Itoa(status/100) + "XX")
		}
	}
	if rr == nil {
		return nil
	}
	return rr.Value
}

// makeReply synthesizes the response r declares (for default, sent with
// status); with all, every property down to allDepth is set, so that
// nested types and unions are decoded too, returning the JSON value of its body (nil if none).
func (o *opCase) makeReply(r *ir.Response, status int, all bool) (*reply, any, error) {
	rp := &reply{status: status, header: http.Header{}}
	resp := o.specResponse(r.Status)
	if resp == nil {
		return nil, nil, fmt.Errorf("status %d not in the spec", r.Status)
	}
	for _, name := range sortedKeys(resp.Headers) {
		h := resp.Headers[name]
		if h.Value == nil || h.Value.Schema == nil {
			continue
		}
		v, err := synth{param: true, name: name}.value(h.Value.Schema)
		if err != nil {
			return nil, nil, fmt.Errorf("response header %s: %w", name, err)
		}
		w, _ := wire(v, ir.InHeader)
		rp.header.Set(name, strings.Join(w, ","))
	}
	if status >= 300 && status < 400 && rp.header.Get("Location") == "" {
		rp.header.Set("Location", "https://example.com/next")
	}
	if r.MediaType == "" {
		return rp, nil, nil
	}
	if status == http.StatusNoContent {
		if !o.hasQuirk(bodyOn204) {
			return nil, nil, fmt.Errorf("the spec declares a %s body for 204 No Content", r.MediaType)
		}
		return rp, nil, nil
	}
	media := resp.Content.Get(r.MediaType)
	if media == nil || media.Schema == nil {
		rp.header.Set("Content-Type", r.MediaType)
		return rp, nil, nil
	}
	v, err := synth{all: all}.value(media.Schema)
	if err != nil {
		return nil, nil, fmt.Errorf("%d response: %w", r.Status, err)
	}
	rp.header.Set("Content-Type", r.MediaType)
	if s, ok := v.(string); ok && r.Kind == ir.BodyText {
		rp.body = []byte(s)
	} else {
		rp.body, _ = json.Marshal(v)
	}
	return rp, v, nil
}

// validatable says whether the reply the test sends for status can pass
// openapi3filter.ValidateResponse.
func (o *opCase) validatable(status int) bool {
	return !(status == http.StatusNoContent && o.hasQuirk(bodyOn204))
}

// contract runs each declared 2xx response, with required arguments only
// and with every argument, and checks the request and the decoded result.
func (o *opCase) contract(t testing.TB) {
	success := 0
	for _, r := range o.op.Responses {
		if r.Status < 200 || r.Status > 299 {
			continue
		}
		success++
		for _, full := range []bool{false, true} {
			o.success(t, r, full)
		}
	}
	if success == 0 {
		// Only redirects (hydra's oAuth2Authorize, revokeOidcSession, ...):
		// the declared redirect is the answer; it surfaces as *APIError.
		for _, r := range o.op.Responses {
			if r.Status >= 300 && r.Status < 400 {
				for _, full := range []bool{false, true} {
					o.success(t, r, full)
				}
			}
		}
	}
}

func (o *opCase) success(t testing.TB, r *ir.Response, full bool) {
	t.Helper()
	variant := "required arguments"
	if full {
		variant = "all arguments"
	}
	rp, sent, err := o.makeReply(r, r.Status, full)
	if err != nil {
		t.Errorf("%s: %v", o.label, err)
		return
	}
	var resp *http.Response
	a, err := o.args(argOpts{full: full, opts: []any{o.e.c.withResponse(&resp)}})
	if err != nil {
		t.Errorf("%s: %s: %v", o.label, variant, err)
		return
	}
	out := o.do(exchange{
		what: "2xx/3xx responses", args: a, reply: rp, validate: o.validatable(r.Status),
		check: func(rec *received) []string { return o.checkRequest(rec, a, full) },
	})
	res, callErr, got, problems := out.res, out.err, out.got, out.problems()
	where := fmt.Sprintf("%s: %d response, %s", o.label, r.Status, variant)
	if len(got) != 1 {
		t.Errorf("%s: the server got %d requests, want 1", where, len(got))
	}
	for _, p := range problems {
		t.Errorf("%s: %s", where, p)
	}
	if len(got) == 1 && len(problems) == 0 {
		o.e.exercised[o.op.ID] = true
	}
	if r.Status >= 300 {
		ae, ok := asValue(callErr, o.e.c.apiError)
		switch {
		case !ok:
			t.Errorf("%s: got %T %v, want %v", where, callErr, callErr, o.e.c.apiError)
		case reflect.TypeOf(callErr) != o.e.c.apiError:
			t.Errorf("%s: got %T, want a plain %v for a redirect without a body", where, callErr, o.e.c.apiError)
		case ae.Elem().FieldByName("Header").Interface().(http.Header).Get("Location") == "":
			t.Errorf("%s: the error lost the Location header", where)
		}
		return
	}
	if callErr != nil {
		t.Errorf("%s: %v\nrequest: %s\nresponse: %d %s", where, callErr, describe(got), rp.status, rp.body)
		return
	}
	if resp == nil || resp.StatusCode != r.Status {
		t.Errorf("%s: WithResponse did not give the %d response", where, r.Status)
	}
	if sent == nil {
		return
	}
	if !res.IsValid() {
		t.Errorf("%s: the method returns no result, but the %d response has a body %s", where, r.Status, compact(sent))
		return
	}
	if diff := jsonDiff(sent, res.Interface()); diff != "" {
		t.Errorf("%s: the result re-encodes differently from the response (%s)\nresponse: %s", where, diff, rp.body)
	}
	if u := o.e.unknownVariant(res, "result", 0); u != "" {
		t.Errorf("%s: %s\nresponse: %s", where, u, rp.body)
	}
}

// unknownVariant finds a union that decoded into its Unknown… variant:
// every discriminator the test sends is one the spec declares.
func (e *env) unknownVariant(v reflect.Value, path string, depth int) string {
	if depth > 64 || !v.IsValid() {
		return ""
	}
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return ""
		}
		return e.unknownVariant(v.Elem(), path, depth+1)
	case reflect.Struct:
		t := v.Type()
		if t.PkgPath() != e.c.apiError.Elem().PkgPath() {
			return ""
		}
		if strings.HasPrefix(t.Name(), "Unknown") {
			return fmt.Sprintf("%s decoded as %s: a discriminator the client does not know", path, t.Name())
		}
		for i := 0; i < t.NumField(); i++ {
			if t.Field(i).IsExported() {
				if u := e.unknownVariant(v.Field(i), path+"."+t.Field(i).Name, depth+1); u != "" {
					return u
				}
			}
		}
	case reflect.Slice, reflect.Array:
		if v.Type().Elem().Kind() == reflect.Uint8 {
			return ""
		}
		for i := 0; i < v.Len(); i++ {
			if u := e.unknownVariant(v.Index(i), fmt.Sprintf("%s[%d]", path, i), depth+1); u != "" {
				return u
			}
		}
	case reflect.Map:
		for _, k := range v.MapKeys() {
			if u := e.unknownVariant(v.MapIndex(k), fmt.Sprintf("%s[%v]", path, k), depth+1); u != "" {
				return u
			}
		}
	}
	return ""
}

// checkRequest compares what the server received with what the call set.
func (o *opCase) checkRequest(rec *received, a *callArgs, full bool) []string {
	var probs []string
	r := rec.req
	if full {
		q := r.URL.Query()
		for name, want := range a.params[ir.InQuery] {
			if got := q[name]; strings.Join(got, "\x00") != strings.Join(want, "\x00") {
				probs = append(probs, fmt.Sprintf("query parameter %s: got %q, want %q", name, got, want))
			}
		}
		for name, want := range a.params[ir.InHeader] {
			if got := r.Header.Values(name); strings.Join(got, ",") != want[0] {
				probs = append(probs, fmt.Sprintf("header parameter %s: got %q, want %q", name, got, want[0]))
			}
		}
		for name, want := range a.params[ir.InCookie] {
			ck, err := r.Cookie(name)
			if err != nil || ck.Value != want[0] {
				probs = append(probs, fmt.Sprintf("cookie parameter %s: got %v, want %q", name, ck, want[0]))
			}
		}
	}
	if !full {
		// Optional parameters left nil are not sent, defaults included.
		for _, p := range o.op.Params {
			if p.Required {
				continue
			}
			switch p.In {
			case ir.InQuery:
				if _, ok := r.URL.Query()[p.Name]; ok {
					probs = append(probs, fmt.Sprintf("optional query parameter %s was sent though not set: %s", p.Name, r.URL.RawQuery))
				}
			case ir.InHeader:
				if v := r.Header.Get(p.Name); v != "" && !o.credentialHeader(p.Name) {
					probs = append(probs, fmt.Sprintf("optional header parameter %s was sent though not set: %q", p.Name, v))
				}
			case ir.InCookie:
				if _, err := r.Cookie(p.Name); err == nil {
					probs = append(probs, fmt.Sprintf("optional cookie parameter %s was sent though not set", p.Name))
				}
			}
		}
	}
	if a.body == nil {
		if len(rec.body) > 0 {
			probs = append(probs, fmt.Sprintf("no body was set, but one was sent: %s", rec.body))
		}
		return probs
	}
	probs = append(probs, checkBody(rec, a.body, "")...)
	return probs
}

// credentialHeader says whether a security scheme of the operation travels
// in the header name (then the client's credential may fill it).
func (o *opCase) credentialHeader(name string) bool {
	// A header credential of the client also fills the header parameter of
	// the same name of every operation, whatever its security says.
	for _, ss := range o.e.api.Security {
		if ss.Type == "apiKey" && ss.In == "header" && http.CanonicalHeaderKey(ss.Param) == http.CanonicalHeaderKey(name) {
			return true
		}
	}
	for _, alt := range o.op.Security {
		for _, scheme := range alt {
			for _, ss := range o.e.api.Security {
				if ss.Name != scheme {
					continue
				}
				if ss.In == "header" && http.CanonicalHeaderKey(ss.Param) == http.CanonicalHeaderKey(name) ||
					ss.Type != "apiKey" && http.CanonicalHeaderKey(name) == "Authorization" {
					return true
				}
			}
		}
	}
	return false
}

// checkBody checks that the body carries exactly the JSON value the call
// was made with, as JSON or as a form (with discriminator key=value).
func checkBody(rec *received, want any, discriminator string) []string {
	ct := rec.req.Header.Get("Content-Type")
	switch {
	case strings.HasPrefix(ct, "application/json"):
		var got any
		if err := json.Unmarshal(rec.body, &got); err != nil {
			return []string{fmt.Sprintf("JSON body does not decode: %v: %s", err, rec.body)}
		}
		if d := jsonDiff(want, got); d != "" {
			return []string{fmt.Sprintf("JSON body differs from the value set (%s): %s", d, rec.body)}
		}
	case strings.HasPrefix(ct, "application/x-www-form-urlencoded"):
		vals, err := parseForm(rec.body)
		if err != nil {
			return []string{err.Error()}
		}
		wantVals := map[string][]string{}
		obj, ok := want.(map[string]any)
		if !ok {
			return []string{fmt.Sprintf("form body for a non-object %s", compact(want))}
		}
		for k, v := range obj {
			flattenForm(wantVals, k, v)
		}
		var probs []string
		if discriminator != "" {
			if d := strings.SplitN(discriminator, "=", 2); vals.Get(d[0]) != d[1] {
				probs = append(probs, fmt.Sprintf("form body lacks the discriminator %s: %s", discriminator, rec.body))
			}
		}
		for _, k := range sortedKeys(wantVals) {
			if g, w := vals[k], wantVals[k]; strings.Join(g, "\x00") != strings.Join(w, "\x00") {
				probs = append(probs, fmt.Sprintf("form field %s: got %q, want %q", k, g, w))
			}
		}
		for _, k := range sortedKeys(vals) {
			if _, ok := wantVals[k]; !ok {
				probs = append(probs, fmt.Sprintf("form field %s=%q was not set", k, vals[k]))
			}
		}
		return probs
	case strings.HasPrefix(ct, "text/plain"):
		if s, ok := want.(string); !ok || s != string(rec.body) {
			return []string{fmt.Sprintf("text body %q, want %s", rec.body, compact(want))}
		}
	default:
		return []string{fmt.Sprintf("body with Content-Type %q", ct)}
	}
	return nil
}

func flattenForm(vals map[string][]string, key string, x any) {
	switch v := x.(type) {
	case nil:
	case string:
		vals[key] = append(vals[key], v)
	case float64:
		vals[key] = append(vals[key], strconv.FormatFloat(v, 'f', -1, 64))
	case bool:
		vals[key] = append(vals[key], strconv.FormatBool(v))
	case []any:
		for _, e := range v {
			flattenForm(vals, key, e)
		}
	case map[string]any:
		for k, e := range v {
			flattenForm(vals, key+"."+k, e)
		}
	}
}

// jsonDiff compares two values by their JSON encodings and describes the
// first difference ("" when equal).
func jsonDiff(want, got any) string {
	w, err := normalize(want)
	if err != nil {
		return err.Error()
	}
	g, err := normalize(got)
	if err != nil {
		return "encoding the Go value: " + err.Error()
	}
	return diffAt("$", w, g)
}

func diffAt(path string, w, g any) string {
	switch wv := w.(type) {
	case map[string]any:
		gv, ok := g.(map[string]any)
		if !ok {
			return fmt.Sprintf("%s: got %s, want %s", path, compact(g), compact(w))
		}
		keys := map[string]bool{}
		for k := range wv {
			keys[k] = true
		}
		for k := range gv {
			keys[k] = true
		}
		ks := make([]string, 0, len(keys))
		for k := range keys {
			ks = append(ks, k)
		}
		sort.Strings(ks)
		for _, k := range ks {
			x, inW := wv[k]
			y, inG := gv[k]
			switch {
			case !inG:
				return fmt.Sprintf("%s.%s: missing, want %s", path, k, compact(x))
			case !inW:
				return fmt.Sprintf("%s.%s: got %s, want it absent", path, k, compact(y))
			}
			if d := diffAt(path+"."+k, x, y); d != "" {
				return d
			}
		}
		return ""
	case []any:
		gv, ok := g.([]any)
		if !ok || len(gv) != len(wv) {
			return fmt.Sprintf("%s: got %s, want %s", path, compact(g), compact(w))
		}
		for i := range wv {
			if d := diffAt(fmt.Sprintf("%s[%d]", path, i), wv[i], gv[i]); d != "" {
				return d
			}
		}
		return ""
	}
	if !reflect.DeepEqual(w, g) {
		return fmt.Sprintf("%s: got %s, want %s", path, compact(g), compact(w))
	}
	return ""
}

func describe(got []*received) string {
	var parts []string
	for _, rec := range got {
		parts = append(parts, fmt.Sprintf("%s %s %v %s", rec.req.Method, rec.req.URL.RequestURI(), rec.req.Header, rec.body))
	}
	return strings.Join(parts, "\n")
}
