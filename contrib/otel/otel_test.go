package orygenotel_test

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	orygenotel "github.com/orygen/orygen/contrib/otel"
	"github.com/orygen/orygen/contrib/otel/internal/features"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/propagation"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"
)

// setup is a tracer provider recording into memory, and the options that
// send the middleware's spans there and propagate W3C trace context.
func setup(t *testing.T) (*tracetest.InMemoryExporter, *sdktrace.TracerProvider, []orygenotel.Option) {
	t.Helper()
	exp := tracetest.NewInMemoryExporter()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSyncer(exp))
	t.Cleanup(func() { _ = tp.Shutdown(context.Background()) })
	return exp, tp, []orygenotel.Option{orygenotel.WithTracerProvider(tp), orygenotel.WithPropagators(propagation.TraceContext{})}
}

func attrs(s tracetest.SpanStub) map[attribute.Key]attribute.Value {
	m := map[attribute.Key]attribute.Value{}
	for _, kv := range s.Attributes {
		m[kv.Key] = kv.Value
	}
	return m
}

func eventAttrs(e sdktrace.Event) map[attribute.Key]attribute.Value {
	m := map[attribute.Key]attribute.Value{}
	for _, kv := range e.Attributes {
		m[kv.Key] = kv.Value
	}
	return m
}

// want checks that span s has exactly the attributes in w (as strings);
// a key mapped to "" must be absent.
func want(t *testing.T, s tracetest.SpanStub, w map[string]string) {
	t.Helper()
	got := attrs(s)
	for k, v := range w {
		a, ok := got[attribute.Key(k)]
		switch {
		case v == "" && ok:
			t.Errorf("span %q: %s = %s, want it absent", s.Name, k, a.Emit())
		case v != "" && !ok:
			t.Errorf("span %q: %s missing, want %s", s.Name, k, v)
		case v != "" && a.Emit() != v:
			t.Errorf("span %q: %s = %s, want %s", s.Name, k, a.Emit(), v)
		}
	}
}

// The middleware in a generated client: one span per attempt named after
// the operation ID, the HTTP client attributes, errors for 5xx, and each
// retry a new span with resend count, a "retry" event and a link to the
// attempt before; the trace context reaches the server.
func TestMiddlewareRetriesOfGeneratedClient(t *testing.T) {
	exp, tp, opts := setup(t)
	var mu sync.Mutex
	var parents []string
	n := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		parents = append(parents, r.Header.Get("Traceparent"))
		n++
		if n < 3 {
			w.Header().Set("Retry-After", "0")
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"status":"ok"}`)
	}))
	defer srv.Close()

	mw := orygenotel.NewMiddleware(opts...)
	c, err := features.NewClient(srv.URL,
		features.WithMiddleware(func(next features.HTTPDoer) features.HTTPDoer { return mw(next) }),
		features.WithRetry(features.RetryPolicy{MaxAttempts: 3, BaseDelay: time.Millisecond}))
	if err != nil {
		t.Fatal(err)
	}
	ctx, parent := tp.Tracer("test").Start(context.Background(), "parent")
	got, err := c.Default.Health(ctx)
	parent.End()
	if err != nil || got.Status == nil || *got.Status != "ok" {
		t.Fatalf("Health = %+v, %v", got, err)
	}

	spans := exp.GetSpans()
	if len(spans) != 4 { // three attempts and the parent
		t.Fatalf("got %d spans, want 4: %v", len(spans), spans.Snapshots())
	}
	attempts := spans[:3]
	u, _ := strings.CutPrefix(srv.URL, "http://")
	host, port, _ := net.SplitHostPort(u)
	for i, s := range attempts {
		if s.Name != "health" || s.SpanKind != trace.SpanKindClient {
			t.Errorf("attempt %d: span %q kind %v, want \"health\", client", i+1, s.Name, s.SpanKind)
		}
		if s.Parent.SpanID() != parent.SpanContext().SpanID() || s.SpanContext.TraceID() != parent.SpanContext().TraceID() {
			t.Errorf("attempt %d: not a child of the caller's span", i+1)
		}
		wantParent := fmt.Sprintf("00-%s-%s-01", s.SpanContext.TraceID(), s.SpanContext.SpanID())
		if parents[i] != wantParent {
			t.Errorf("attempt %d: server saw traceparent %q, want %q", i+1, parents[i], wantParent)
		}
		w := map[string]string{
			"http.request.method": "GET", "url.full": srv.URL + "/health", "server.address": host,
			"server.port": port, "url.template": "/health",
		}
		if i < 2 {
			w["http.response.status_code"], w["error.type"] = "503", "503"
			if s.Status.Code != codes.Error {
				t.Errorf("attempt %d: status %v, want Error", i+1, s.Status)
			}
		} else {
			w["http.response.status_code"], w["error.type"] = "200", ""
			if s.Status.Code != codes.Unset {
				t.Errorf("attempt %d: status %v, want Unset", i+1, s.Status)
			}
		}
		if i == 0 {
			w["http.request.resend_count"] = ""
			if len(s.Events) != 0 || len(s.Links) != 0 {
				t.Errorf("first attempt: events %v, links %v, want none", s.Events, s.Links)
			}
			continue
		}
		w["http.request.resend_count"] = strconv.Itoa(i)
		if len(s.Events) != 1 || s.Events[0].Name != "retry" {
			t.Fatalf("attempt %d: events %v, want one retry", i+1, s.Events)
		}
		ea := eventAttrs(s.Events[0])
		if ea[orygenotel.AttemptKey].AsInt64() != int64(i+1) || ea[orygenotel.PreviousStatusKey].AsInt64() != 503 {
			t.Errorf("attempt %d: retry event %v", i+1, s.Events[0].Attributes)
		}
		if len(s.Links) != 1 || s.Links[0].SpanContext.SpanID() != attempts[i-1].SpanContext.SpanID() {
			t.Errorf("attempt %d: links %v, want the attempt before", i+1, s.Links)
		}
		want(t, s, w)
	}
}

// Two calls of the same operation are two calls: the second is not a
// resend of the first.
func TestSeparateCallsAreNotRetries(t *testing.T) {
	exp, _, opts := setup(t)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `{}`)
	}))
	defer srv.Close()
	mw := orygenotel.NewMiddleware(opts...)
	c, err := features.NewClient(srv.URL, features.WithMiddleware(func(next features.HTTPDoer) features.HTTPDoer { return mw(next) }))
	if err != nil {
		t.Fatal(err)
	}
	for range 2 {
		if _, err := c.Default.Health(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	spans := exp.GetSpans()
	if len(spans) != 2 {
		t.Fatalf("got %d spans, want 2", len(spans))
	}
	for _, s := range spans {
		want(t, s, map[string]string{"http.request.resend_count": "", "http.response.status_code": "200"})
		if len(s.Events) != 0 || len(s.Links) != 0 {
			t.Errorf("events %v, links %v, want none", s.Events, s.Links)
		}
	}
}

// As the transport of WithHTTPClient, with no adapter: the operation is
// found all the same, a 4xx is an error with its status as error.type, and
// the span ends with the body the client reads.
func TestTransportInGeneratedClient(t *testing.T) {
	exp, _, opts := setup(t)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusNotFound)
		fmt.Fprint(w, `{"message":"no such animal"}`)
	}))
	defer srv.Close()
	c, err := features.NewClient(srv.URL, features.WithHTTPClient(&http.Client{Transport: orygenotel.NewTransport(nil, opts...)}))
	if err != nil {
		t.Fatal(err)
	}
	inc := features.GetAnimalInclude("keepers")
	_, err = c.Animals.GetAnimal(context.Background(), "a 1", &features.GetAnimalParams{Include: &inc})
	if err == nil {
		t.Fatal("GetAnimal succeeded against a 404")
	}
	spans := exp.GetSpans()
	if len(spans) != 1 {
		t.Fatalf("got %d spans, want 1 (ended once the client read the body)", len(spans))
	}
	s := spans[0]
	if s.Name != "getAnimal" || s.Status.Code != codes.Error {
		t.Errorf("span %q status %v, want getAnimal, Error", s.Name, s.Status)
	}
	want(t, s, map[string]string{
		"http.request.method": "GET", "url.full": srv.URL + "/animals/a%201?include=keepers",
		"url.template": "/animals/{animal_id}", "http.response.status_code": "404", "error.type": "404",
	})
}

// A failure to send is recorded: error.type, an exception event whose
// message shows the URL redacted as url.full does, and status Error. The
// transport sees net/http's bare error; the middleware, over an
// *http.Client, its *url.Error, which quotes the URL.
func TestSendErrorRedacted(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	addr := srv.URL
	srv.Close() // nothing listens there now
	raw := strings.Replace(addr, "http://", "http://ada:hunter2@", 1) + "/v1/things?api_key=s3cret&page=2&x-custom-key=k3y&Signature=abc#frag"
	wantURL := strings.Replace(addr, "http://", "http://REDACTED:REDACTED@", 1) + "/v1/things?api_key=REDACTED&page=2&x-custom-key=REDACTED&Signature=REDACTED"

	for _, tc := range []struct {
		name      string
		send      func(opts []orygenotel.Option, req *http.Request) error
		quotesURL bool
	}{
		{"transport", func(opts []orygenotel.Option, req *http.Request) error {
			_, err := (&http.Client{Transport: orygenotel.NewTransport(nil, opts...)}).Do(req)
			return err
		}, false},
		{"middleware", func(opts []orygenotel.Option, req *http.Request) error {
			_, err := orygenotel.NewMiddleware(opts...)(&http.Client{}).Do(req)
			return err
		}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			exp, _, opts := setup(t)
			req, err := http.NewRequest(http.MethodGet, raw, nil)
			if err != nil {
				t.Fatal(err)
			}
			err = tc.send(append(opts, orygenotel.WithSensitiveQueryParams("X-Custom-Key")), req)
			if err == nil {
				t.Fatal("request to a closed server succeeded")
			}
			if !strings.Contains(err.Error(), "s3cret") {
				t.Errorf("the caller's error changed: %v", err)
			}
			spans := exp.GetSpans()
			if len(spans) != 1 {
				t.Fatalf("got %d spans, want 1", len(spans))
			}
			s := spans[0]
			if s.Name != "GET" {
				t.Errorf("span name %q, want GET (no operation)", s.Name)
			}
			want(t, s, map[string]string{"url.full": wantURL, "http.response.status_code": "", "url.template": ""})
			if et := attrs(s)["error.type"].AsString(); et != "*net.OpError" {
				t.Errorf("error.type = %q, want *net.OpError", et)
			}
			if s.Status.Code != codes.Error || len(s.Events) != 1 || s.Events[0].Name != "exception" {
				t.Fatalf("status %v events %v, want Error and one exception", s.Status, s.Events)
			}
			msg := eventAttrs(s.Events[0])["exception.message"].AsString()
			for _, secret := range []string{"hunter2", "s3cret", "k3y", "abc", "frag"} {
				if strings.Contains(msg, secret) {
					t.Errorf("exception.message shows %q: %s", secret, msg)
				}
			}
			if tc.quotesURL && !strings.Contains(msg, wantURL) {
				t.Errorf("exception.message = %q, want the redacted URL in it", msg)
			}
			if !strings.Contains(msg, "connection refused") {
				t.Errorf("exception.message = %q, want the cause", msg)
			}
		})
	}
}

// The middleware sends a copy: the request the runtime handed it keeps
// its headers.
func TestRequestNotChanged(t *testing.T) {
	_, _, opts := setup(t)
	mw := orygenotel.NewMiddleware(opts...)
	var seen http.Header
	next := doer(func(r *http.Request) (*http.Response, error) {
		seen = r.Header
		return &http.Response{StatusCode: 204, Body: http.NoBody, Request: r}, nil
	})
	req := httptest.NewRequest(http.MethodGet, "http://example.test/x", nil)
	if _, err := mw(next).Do(req); err != nil {
		t.Fatal(err)
	}
	if req.Header.Get("Traceparent") != "" || seen.Get("Traceparent") == "" {
		t.Errorf("traceparent on the caller's request %q, on the sent one %q", req.Header.Get("Traceparent"), seen.Get("Traceparent"))
	}
}

type doer func(*http.Request) (*http.Response, error)

func (f doer) Do(r *http.Request) (*http.Response, error) { return f(r) }

// A body cut short ends its attempt's span with the error; the runtime
// sends the call again, and that attempt's retry event says what the one
// before got: a 200 whose body failed.
func TestBodyCutShortThenRetried(t *testing.T) {
	exp, _, opts := setup(t)
	var mu sync.Mutex
	n := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		n++
		first := n == 1
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		if first {
			w.Header().Set("Content-Length", "100")
			fmt.Fprint(w, `{"status":`) // then the server closes the connection, short of 100 bytes
			return
		}
		fmt.Fprint(w, `{"status":"ok"}`)
	}))
	defer srv.Close()
	mw := orygenotel.NewMiddleware(opts...)
	c, err := features.NewClient(srv.URL,
		features.WithMiddleware(func(next features.HTTPDoer) features.HTTPDoer { return mw(next) }),
		features.WithRetry(features.RetryPolicy{MaxAttempts: 2, BaseDelay: time.Millisecond}))
	if err != nil {
		t.Fatal(err)
	}
	got, err := c.Default.Health(context.Background())
	if err != nil || got.Status == nil || *got.Status != "ok" {
		t.Fatalf("Health = %+v, %v", got, err)
	}
	spans := exp.GetSpans()
	if len(spans) != 2 {
		t.Fatalf("got %d spans, want 2", len(spans))
	}
	first, second := spans[0], spans[1]
	want(t, first, map[string]string{"http.response.status_code": "200", "error.type": "unexpected_eof"})
	if first.Status.Code != codes.Error || len(first.Events) != 1 || first.Events[0].Name != "exception" {
		t.Errorf("first attempt: status %v events %v, want Error and an exception", first.Status, first.Events)
	}
	want(t, second, map[string]string{"http.response.status_code": "200", "error.type": "", "http.request.resend_count": "1"})
	if len(second.Events) != 1 || second.Events[0].Name != "retry" {
		t.Fatalf("second attempt: events %v, want one retry", second.Events)
	}
	ea := eventAttrs(second.Events[0])
	if ea[orygenotel.PreviousStatusKey].AsInt64() != 200 || ea[orygenotel.PreviousErrorTypeKey].AsString() != "unexpected_eof" {
		t.Errorf("retry event %v, want previous 200 and unexpected_eof", second.Events[0].Attributes)
	}
}
