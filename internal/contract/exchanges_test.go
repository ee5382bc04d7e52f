package contract

import (
	"bytes"
	"fmt"
	"net/url"
	"reflect"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/orygen/orygen/internal/ir"
	"github.com/orygen/orygen/internal/irbuild"
)

func parseForm(body []byte) (url.Values, error) {
	vals, err := url.ParseQuery(string(body))
	if err != nil {
		return nil, fmt.Errorf("form body does not parse: %v: %s", err, body)
	}
	return vals, nil
}

// goType renders an IR type reference the way reflect prints the Go type,
// without the generated package's qualifier.
func goType(r *ir.TypeRef) string {
	switch r.Kind {
	case ir.RefNamed:
		return string(r.Name)
	case ir.RefBuiltin:
		if names := []string{"string", "bool", "int32", "int64", "float64", "[]uint8"}; int(r.Builtin) < len(names) {
			return names[r.Builtin]
		}
	case ir.RefSlice:
		return "[]" + goType(r.Elem)
	case ir.RefMap:
		return "map[string]" + goType(r.Elem)
	case ir.RefRaw:
		return "json.RawMessage"
	case ir.RefTime:
		return "time.Time"
	}
	return fmt.Sprintf("?%d", r.Kind)
}

// errorResponse names an *ErrorResponse[T] of the generated package as
// "ErrorResponse[T]", T without the package qualifier.
func (e *env) errorResponse(t reflect.Type) (string, bool) {
	if t.Kind() != reflect.Pointer || t.Elem().Kind() != reflect.Struct || t.Elem().PkgPath() != e.c.apiError.Elem().PkgPath() ||
		!strings.HasPrefix(t.Elem().Name(), "ErrorResponse[") {
		return "", false
	}
	f, ok := t.Elem().FieldByName("Value")
	if !ok {
		return "", false
	}
	return "ErrorResponse[" + e.unqualifiedName(f.Type) + "]", true
}

// errorShapes answers every declared non-2xx status, and default, with a
// body of the declared shape: the error must be *ErrorResponse[T] with the
// declared T (or *APIError when no body is declared), with status and raw
// body. Then with a body of the wrong shape: a plain *APIError that keeps
// the body and says why in ShapeErr.
func (o *opCase) errorShapes(t testing.TB) {
	t.Helper()
	for _, r := range o.op.Responses {
		if r.Status >= 200 && r.Status < 300 {
			continue
		}
		wireStatus := r.Status
		if wireStatus == 0 {
			wireStatus = o.defaultStatus()
		}
		where := fmt.Sprintf("%s: %d response", o.label, wireStatus)
		if r.Status == 0 {
			where += " (default)"
		}
		rp, sent, err := o.makeReply(r, wireStatus, true)
		if err != nil {
			t.Errorf("%s: %v", where, err)
			continue
		}
		a, err := o.args(argOpts{full: true})
		if err != nil {
			t.Errorf("%s: %v", where, err)
			continue
		}
		out := o.do(exchange{what: "declared errors", args: a, reply: rp, validate: true})
		callErr, got, problems := out.err, out.got, out.problems()
		for _, p := range problems {
			t.Errorf("%s: %s", where, p)
		}
		if len(got) != 1 {
			t.Errorf("%s: the server got %d requests, want 1", where, len(got))
		}
		ae, ok := asValue(callErr, o.e.c.apiError)
		if !ok {
			t.Errorf("%s: got %T %v, want an error that unwraps to %v", where, callErr, callErr, o.e.c.apiError)
			continue
		}
		fields := ae.Elem()
		if st := int(fields.FieldByName("StatusCode").Int()); st != wireStatus {
			t.Errorf("%s: APIError.StatusCode %d", where, st)
		}
		if b := fields.FieldByName("Body").Bytes(); !bytes.Equal(b, rp.body) {
			t.Errorf("%s: APIError.Body %q, want %q", where, b, rp.body)
		}
		et := reflect.TypeOf(callErr)
		if r.Type != nil && r.Kind == ir.BodyText {
			// A text body: an *ErrorResponse[string] holding the text.
			name, ok := o.e.errorResponse(et)
			if !ok || name != "ErrorResponse[string]" {
				t.Errorf("%s: text body declared, got %v, want *ErrorResponse[string]", where, et)
			} else if v := reflect.ValueOf(callErr).Elem().FieldByName("Value").String(); v != string(rp.body) {
				t.Errorf("%s: ErrorResponse[string].Value %q, want %q", where, v, rp.body)
			}
			continue
		}
		if sent == nil || r.Type == nil || r.Kind != ir.BodyJSON {
			// No body: the *APIError's Body is all there is.
			if et != o.e.c.apiError {
				t.Errorf("%s: no JSON body declared, got %v, want %v", where, et, o.e.c.apiError)
			}
			continue
		}
		wantName := "ErrorResponse[" + goType(r.Type) + "]"
		if name, ok := o.e.errorResponse(et); !ok || name != wantName {
			shape := fields.FieldByName("ShapeErr").Interface()
			t.Errorf("%s: got %v, want *%s (ShapeErr: %v)\nbody: %s", where, et, wantName, shape, rp.body)
			continue
		}
		value := reflect.ValueOf(callErr).Elem().FieldByName("Value")
		if d := jsonDiff(sent, value.Interface()); d != "" {
			t.Errorf("%s: ErrorResponse.Value re-encodes differently (%s)\nbody: %s", where, d, rp.body)
		}

		// The wrong shape: an object without the declared required properties.
		if req := topRequired(o.specResponse(r.Status), r.MediaType); len(req) > 0 && r.Kind == ir.BodyJSON {
			wrong := &reply{status: wireStatus, header: rp.header, body: []byte(`{"unexpected":"shape"}`)}
			a, _ := o.args(argOpts{full: true})
			callErr := o.do(exchange{what: "wrong-shape errors", args: a, reply: wrong}).err
			if reflect.TypeOf(callErr) != o.e.c.apiError {
				t.Errorf("%s with a body lacking %v: got %T, want a plain %v", where, req, callErr, o.e.c.apiError)
				continue
			}
			f := reflect.ValueOf(callErr).Elem()
			if !bytes.Equal(f.FieldByName("Body").Bytes(), wrong.body) || f.FieldByName("ShapeErr").IsNil() {
				t.Errorf("%s with a body of the wrong shape: Body %q, ShapeErr %v", where, f.FieldByName("Body").Bytes(), f.FieldByName("ShapeErr"))
			}
		}
	}
}

// topRequired lists the required top-level properties of a response's
// object schema (through allOf), nil for unions and non-objects.
func topRequired(resp *openapi3.Response, mediaType string) []string {
	if resp == nil {
		return nil
	}
	media := resp.Content.Get(mediaType)
	if media == nil || media.Schema == nil || media.Schema.Value == nil {
		return nil
	}
	var req []string
	var walk func(s *openapi3.Schema)
	walk = func(s *openapi3.Schema) {
		if len(s.OneOf) > 0 || len(s.AnyOf) > 0 {
			return
		}
		req = append(req, s.Required...)
		for _, m := range s.AllOf {
			if m.Value != nil {
				walk(m.Value)
			}
		}
	}
	walk(media.Schema.Value)
	return req
}

// decodeError answers a 2xx that declares a JSON body with invalid JSON:
// the error must be a *DecodeError keeping the body.
func (o *opCase) decodeError(t testing.TB) {
	t.Helper()
	for _, r := range o.op.Responses {
		if r.Status < 200 || r.Status > 299 || r.Status == 204 || r.Kind != ir.BodyJSON || r.Type == nil {
			continue
		}
		where := fmt.Sprintf("%s: %d response with invalid JSON", o.label, r.Status)
		rp := &reply{status: r.Status, header: map[string][]string{"Content-Type": {r.MediaType}}, body: []byte(`{"broken": `)}
		a, err := o.args(argOpts{full: true})
		if err != nil {
			t.Errorf("%s: %v", where, err)
			return
		}
		callErr := o.do(exchange{what: "invalid JSON", args: a, reply: rp}).err
		de, ok := asValue(callErr, o.e.c.decodeError)
		if !ok {
			t.Errorf("%s: got %T %v, want %v", where, callErr, callErr, o.e.c.decodeError)
			continue
		}
		if b := de.Elem().FieldByName("Body").Bytes(); !bytes.Equal(b, rp.body) {
			t.Errorf("%s: DecodeError.Body %q, want %q", where, b, rp.body)
		}
		if st := de.Elem().FieldByName("StatusCode").Int(); int(st) != r.Status {
			t.Errorf("%s: DecodeError.StatusCode %d", where, st)
		}
	}
}

// escapeIDs must each arrive as one path segment, unchanged.
var escapeIDs = []string{"../admin", "a/b?c", "..", "x y#z%2F"}

// pathEscaping calls operations with string path parameters with ids that
// would change the path if not escaped.
func (o *opCase) pathEscaping(t testing.TB) {
	t.Helper()
	if len(o.op.PathParams) == 0 {
		return
	}
	for i, p := range o.op.PathParams {
		if o.method.Type().In(1+i).Kind() != reflect.String {
			return
		}
		if sp := o.param(ir.InPath, p.Name); sp == nil || sp.Schema == nil || len(sp.Schema.Value.Enum) > 0 {
			return // an enum: its values are fixed
		}
	}
	r := o.firstResponse()
	for _, id := range escapeIDs {
		where := fmt.Sprintf("%s: path parameters %q", o.label, id)
		path := map[string]string{}
		for _, p := range o.op.PathParams {
			path[p.Name] = id
		}
		a, err := o.args(argOpts{path: path})
		if err != nil {
			t.Errorf("%s: %v", where, err)
			return
		}
		rp, _, err := o.makeReply(r, r.Status, false)
		if err != nil {
			t.Errorf("%s: %v", where, err)
			return
		}
		out := o.do(exchange{what: "path escaping", args: a, reply: rp, check: func(rec *received) []string {
			var probs []string
			if rec.route == nil || rec.route.Operation != o.spec {
				return nil // reported by do
			}
			for _, p := range o.op.PathParams {
				if rec.params[p.Name] != id {
					probs = append(probs, fmt.Sprintf("path parameter %s arrived as %q in %s", p.Name, rec.params[p.Name], rec.req.URL.EscapedPath()))
				}
			}
			if n, want := strings.Count(rec.req.URL.EscapedPath(), "/"), strings.Count(o.op.Path, "/"); n != want {
				probs = append(probs, fmt.Sprintf("path %s has %d segments, the template %d", rec.req.URL.EscapedPath(), n, want))
			}
			return probs
		}})
		if len(out.got) != 1 {
			t.Errorf("%s: the server got %d requests", where, len(out.got))
			continue
		}
		// The ids are not valid values (uuids, ...): request validation
		// failures are expected; where the request went is what counts.
		for _, p := range out.notes {
			t.Errorf("%s: %s", where, p)
		}
	}
}

// firstResponse is the response a plain call gets: the first 2xx, else
// the first declared one.
func (o *opCase) firstResponse() *ir.Response {
	for _, r := range o.op.Responses {
		if r.Status >= 200 && r.Status < 300 {
			return r
		}
	}
	return o.op.Responses[0]
}

// crlf would split a header if sent.
const crlf = "a\r\nX-Injected: 1"

// headerCRLF sets each string header parameter to a value with CR/LF: the
// call must fail before sending anything. So must WithRequestHeader.
func (o *opCase) headerCRLF(t testing.TB) {
	t.Helper()
	var headers []string
	for _, p := range o.op.Params {
		if p.In == ir.InHeader && p.Type.Kind == ir.RefBuiltin && p.Type.Builtin == ir.String {
			headers = append(headers, p.Name)
		}
	}
	for _, h := range headers {
		where := fmt.Sprintf("%s: header parameter %s with CR/LF", o.label, h)
		a, err := o.args(argOpts{header: map[string]string{h: crlf}})
		if err != nil {
			t.Errorf("%s: %v", where, err)
			continue
		}
		o.noRequest(t, where, a)
	}
	a, err := o.args(argOpts{opts: []any{o.e.c.withHeader("X-Test", crlf)}})
	if err != nil {
		t.Errorf("%s: %v", o.label, err)
		return
	}
	o.noRequest(t, o.label+": WithRequestHeader with CR/LF", a)
}

func (o *opCase) noRequest(t testing.TB, where string, a *callArgs) {
	t.Helper()
	rp := &reply{status: 500}
	out := o.do(exchange{what: "CR/LF headers", args: a, reply: rp})
	callErr, got := out.err, out.got
	if callErr == nil {
		t.Errorf("%s: no error", where)
	}
	if o.as(callErr, o.e.c.apiError) || o.as(callErr, o.e.c.transportErr) {
		t.Errorf("%s: got %T %v, want an error before sending", where, callErr, callErr)
	}
	if len(got) != 0 {
		t.Errorf("%s: %d requests reached the server: %s", where, len(got), describe(got))
	}
}

// formVariants calls each operation that accepts a JSON or a form body
// (Kratos' update*Flow) once per variant of its union body, or once with
// its plain body, in each encoding, every property set; the server checks
// the discriminator and the variant's fields.
func (o *opCase) formVariants(t testing.TB) {
	t.Helper()
	b := o.op.Body
	if b == nil || b.Kind != ir.BodyJSON {
		return
	}
	formOK := false
	for _, alt := range b.Alt {
		if k, _ := irbuild.MediaKind(alt); k == ir.BodyForm {
			formOK = true
		}
	}
	if !formOK {
		return
	}
	schema := o.requestSchema(b.MediaType)
	type variant struct {
		label string
		value any
		disc  string // discriminator=value
	}
	var variants []variant
	g := synth{request: true, all: true}
	if d := schema.Value.Discriminator; d != nil && len(d.Mapping) > 0 {
		for _, key := range sortedKeys(d.Mapping) {
			v, err := g.variant(schema.Value, key, 0)
			if err == nil {
				err = g.check(schema.Value, v)
			}
			if err != nil {
				t.Errorf("%s: variant %s: %v", o.label, key, err)
				continue
			}
			variants = append(variants, variant{d.PropertyName + "=" + key, v, d.PropertyName + "=" + key})
		}
	} else {
		v, err := g.value(schema)
		if err != nil {
			t.Errorf("%s: body: %v", o.label, err)
			return
		}
		variants = append(variants, variant{"the body", v, ""})
	}
	r := o.firstResponse()
	for _, vr := range variants {
		v := vr.value
		for _, form := range []bool{false, true} {
			where := fmt.Sprintf("%s: %s as JSON", o.label, vr.label)
			var opts []any
			if form {
				where = fmt.Sprintf("%s: %s as a form", o.label, vr.label)
				opts = append(opts, o.e.c.formBody())
			}
			a, err := o.args(argOpts{body: v, opts: opts})
			if err != nil {
				t.Errorf("%s: %v", where, err)
				continue
			}
			rp, _, err := o.makeReply(r, r.Status, false)
			if err != nil {
				t.Errorf("%s: %v", where, err)
				continue
			}
			out := o.do(exchange{what: "JSON/form bodies", args: a, reply: rp, validate: o.validatable(r.Status),
				check: func(rec *received) []string {
					ct := rec.req.Header.Get("Content-Type")
					if form != strings.HasPrefix(ct, "application/x-www-form-urlencoded") {
						return []string{fmt.Sprintf("Content-Type %q", ct)}
					}
					return checkBody(rec, v, vr.disc)
				}})
			callErr, got := out.err, out.got
			for _, p := range out.problems() {
				t.Errorf("%s: %s\nrequest: %s", where, p, describe(got))
			}
			if r.Status < 300 && callErr != nil {
				t.Errorf("%s: %v", where, callErr)
			}
		}
	}
}
