package contract

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
)

// recorder is a testing.TB that keeps the failures it is told about
// instead of failing, so that a test can check that the harness fails.
type recorder struct {
	testing.TB
	mu   sync.Mutex
	errs []string
}

func (r *recorder) Helper() {}

func (r *recorder) Errorf(format string, args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.errs = append(r.errs, fmt.Sprintf(format, args...))
}

func (r *recorder) Logf(string, ...any) {}

// tamper is an http.RoundTripper that changes requests or responses on
// their way, standing in for a broken generated client.
type tamper struct {
	req  func(*http.Request)
	resp func(*http.Response)
}

func (tp tamper) RoundTrip(r *http.Request) (*http.Response, error) {
	if tp.req != nil {
		r = r.Clone(r.Context())
		tp.req(r)
	}
	resp, err := http.DefaultTransport.RoundTrip(r)
	if err == nil && tp.resp != nil {
		tp.resp(resp)
	}
	return resp, err
}

func editReq(r *http.Request, edit func([]byte) []byte) {
	if r.Body == nil {
		return
	}
	b, _ := io.ReadAll(r.Body)
	r.Body.Close()
	b = edit(b)
	r.Body, r.ContentLength = io.NopCloser(bytes.NewReader(b)), int64(len(b))
}

func editBody(resp *http.Response, edit func([]byte) []byte) {
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	b = edit(b)
	resp.Body = io.NopCloser(bytes.NewReader(b))
	resp.ContentLength = int64(len(b))
	resp.Header.Del("Content-Length")
}

// TestHarnessCatchesBrokenClients runs the contract checks of a few
// Kratos operations through a transport that breaks what a buggy client
// could break; each check must report it.
func TestHarnessCatchesBrokenClients(t *testing.T) {
	kratosCase := cases[1]
	if kratosCase.name != "kratos-v1.3.1" {
		t.Fatalf("cases[1] is %s", kratosCase.name)
	}
	for _, tc := range []struct {
		name  string
		op    string
		tp    tamper
		check func(o *opCase, t testing.TB)
		want  string
	}{
		{
			name: "query parameters dropped", op: "ListIdentities",
			tp:    tamper{req: func(r *http.Request) { r.URL.RawQuery = "" }},
			check: (*opCase).contract, want: "query parameter",
		},
		{
			name: "required query parameter dropped", op: "GetLoginFlow",
			tp:    tamper{req: func(r *http.Request) { r.URL.RawQuery = "" }},
			check: (*opCase).contract, want: "request does not match the spec",
		},
		{
			name: "credential not sent", op: "GetIdentity",
			tp:    tamper{req: func(r *http.Request) { r.Header.Del("Authorization") }},
			check: (*opCase).contract, want: "security requirements failed",
		},
		{
			name: "path not escaped", op: "GetIdentity",
			tp:    tamper{req: func(r *http.Request) { r.URL.RawPath = strings.ReplaceAll(r.URL.RawPath, "%2F", "/") }},
			check: (*opCase).pathEscaping, want: "routed to",
		},
		{
			name: "body field lost", op: "CreateIdentity",
			tp: tamper{req: func(r *http.Request) {
				editReq(r, func(b []byte) []byte { return bytes.Replace(b, []byte(`"schema_id":`), []byte(`"schema":`), 1) })
			}},
			check: (*opCase).contract, want: "request does not match the spec",
		},
		{
			name: "form without its discriminator", op: "UpdateLoginFlow",
			tp: tamper{req: func(r *http.Request) {
				if r.Header.Get("Content-Type") != "application/x-www-form-urlencoded" {
					return
				}
				editReq(r, func(b []byte) []byte { return bytes.Replace(b, []byte("method="), []byte("m="), 1) })
			}},
			check: (*opCase).formVariants, want: "discriminator",
		},
		{
			name: "response field decoded wrong", op: "GetIdentity",
			tp: tamper{resp: func(resp *http.Response) {
				editBody(resp, func(b []byte) []byte { return bytes.Replace(b, []byte(`"schema_id"`), []byte(`"schema_idx"`), 1) })
			}},
			check: (*opCase).contract, want: "re-encodes differently",
		},
		{
			name: "error shape lost", op: "UpdateLoginFlow",
			tp: tamper{resp: func(resp *http.Response) {
				if resp.StatusCode == 400 {
					editBody(resp, func([]byte) []byte { return []byte(`{"error":{"message":"x"}}`) })
				}
			}},
			check: (*opCase).errorShapes, want: "want *ErrorResponse[LoginFlow]",
		},
		{
			name: "union variant unknown", op: "GetLoginFlow",
			tp: tamper{resp: func(resp *http.Response) {
				editBody(resp, func(b []byte) []byte {
					return bytes.ReplaceAll(b, []byte(`"node_type":"a"`), []byte(`"node_type":"zz"`))
				})
			}},
			check: (*opCase).contract, want: "a discriminator the client does not know",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, kratosCase, tc.tp)
			var o *opCase
			for _, x := range e.ops {
				if string(x.op.Name) == tc.op {
					o = x
				}
			}
			if o == nil {
				t.Fatalf("no operation %s", tc.op)
			}
			rec := &recorder{TB: t}
			tc.check(o, rec)
			for _, msg := range rec.errs {
				if strings.Contains(msg, tc.want) {
					return
				}
			}
			t.Errorf("the harness did not report %q; it reported:\n%s", tc.want, strings.Join(rec.errs, "\n"))
		})
	}
}

// TestOwnRepliesAreValidated: a reply that does not match the spec is
// reported, so the synthesizer cannot silently drift from the spec.
func TestOwnRepliesAreValidated(t *testing.T) {
	e := newEnv(t, cases[1], nil)
	for _, o := range e.ops {
		if o.op.Name != "GetIdentity" {
			continue
		}
		a, err := o.args(argOpts{})
		if err != nil {
			t.Fatal(err)
		}
		broken := &reply{status: 200, header: http.Header{"Content-Type": {"application/json"}}, body: []byte(`{"id":1}`)}
		out := o.do(exchange{args: a, reply: broken, validate: true})
		for _, n := range out.notes {
			if strings.Contains(n, "the test's own reply does not match the spec") {
				return
			}
		}
		t.Fatalf("an invalid reply went unnoticed: %q", out.notes)
	}
	t.Fatal("no GetIdentity")
}

// TestSynthRefusesWhatItCannotSatisfy: the synthesizer fails rather than
// return a value its schema rejects.
func TestSynthRefusesWhatItCannotSatisfy(t *testing.T) {
	s := &openapi3.Schema{Type: &openapi3.Types{"string"}, Pattern: "^zz[0-9]$"}
	if v, err := (synth{}).value(openapi3.NewSchemaRef("", s)); err == nil {
		t.Errorf("synthesized %v for pattern %s", v, s.Pattern)
	}
	s = &openapi3.Schema{Type: &openapi3.Types{"string"}, Format: "date-time", Example: "yesterday"}
	v, err := (synth{}).value(openapi3.NewSchemaRef("", s))
	if err != nil || v != sampleTime {
		t.Errorf("an invalid example was used: %v, %v", v, err)
	}
}
