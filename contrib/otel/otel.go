// Package orygenotel traces the requests of orygen-generated clients with
// OpenTelemetry, without the generated packages depending on anything but
// the standard library.
//
// It works with every generated package without importing any: the
// middleware has the method set of a generated package's HTTPDoer, and it
// finds the operation a request belongs to under the context key every
// generated runtime uses for it (see the runtime's operation.go). Plug it
// in with the package's WithMiddleware:
//
//	mw := orygenotel.NewMiddleware()
//	c, err := kratos.NewClient(url, kratos.WithMiddleware(func(next kratos.HTTPDoer) kratos.HTTPDoer { return mw(next) }))
//
// or, with no adapter, as the transport of the client's *http.Client:
//
//	kratos.WithHTTPClient(&http.Client{Transport: orygenotel.NewTransport(nil)})
//
// A span covers one attempt of a call, from sending it to the end of its
// response body: a retry is a new span, as the OpenTelemetry HTTP
// conventions ask, with http.request.resend_count set, a "retry" event
// saying what the attempt before it got, and a link to that attempt's
// span. Spans are named after the operation ID.
package orygenotel

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"weak"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/propagation"
	semconv "go.opentelemetry.io/otel/semconv/v1.43.0"
	"go.opentelemetry.io/otel/trace"
)

// ScopeName is the instrumentation scope of the spans.
const ScopeName = "github.com/orygen/orygen/contrib/otel"

// Doer sends HTTP requests. A generated package's HTTPDoer has the same
// method set, so values of either convert to the other implicitly.
type Doer interface {
	Do(*http.Request) (*http.Response, error)
}

// Option configures the middleware.
type Option func(*config)

type config struct {
	provider    trace.TracerProvider
	propagators propagation.TextMapPropagator
	sensitive   map[string]bool
}

// WithTracerProvider sets where spans go instead of otel's global
// provider.
func WithTracerProvider(p trace.TracerProvider) Option {
	return func(c *config) { c.provider = p }
}

// WithPropagators sets how the trace context is written into request
// headers instead of otel's global propagator.
func WithPropagators(p propagation.TextMapPropagator) Option {
	return func(c *config) { c.propagators = p }
}

// WithSensitiveQueryParams names query parameters whose values url.full
// must not show, besides the defaults (signatures and the usual names of
// keys and tokens). Name the query parameter an API key travels in here
// when the API description puts one in the query. Names match without
// regard to case.
func WithSensitiveQueryParams(names ...string) Option {
	return func(c *config) {
		for _, n := range names {
			c.sensitive[strings.ToLower(n)] = true
		}
	}
}

// defaultSensitive are query parameters whose values are credentials in
// common APIs: the OpenTelemetry conventions' list (presigned URLs) and
// the usual names of API keys and tokens.
var defaultSensitive = []string{
	"awsaccesskeyid", "signature", "sig", "x-goog-signature", "x-amz-signature", "x-amz-security-token",
	"api_key", "apikey", "api-key", "key", "access_token", "token", "id_token", "refresh_token",
	"client_secret", "password", "secret", "session_token", "code",
}

// tracer is one configured middleware: what it sends spans to, and the
// calls whose next attempt it expects (to count and link retries).
type tracer struct {
	cfg   config
	tr    trace.Tracer
	calls *attempts
}

func newTracer(opts []Option) *tracer {
	cfg := config{sensitive: map[string]bool{}}
	for _, n := range defaultSensitive {
		cfg.sensitive[n] = true
	}
	for _, o := range opts {
		o(&cfg)
	}
	if cfg.provider == nil {
		cfg.provider = otel.GetTracerProvider()
	}
	if cfg.propagators == nil {
		cfg.propagators = otel.GetTextMapPropagator()
	}
	return &tracer{cfg: cfg, tr: cfg.provider.Tracer(ScopeName), calls: newAttempts(maxTrackedCalls)}
}

// NewMiddleware returns a middleware for a generated client's
// WithMiddleware, which wraps every attempt the client sends in a span.
// Adapt it to the package's Middleware type with a function literal:
//
//	func(next pkg.HTTPDoer) pkg.HTTPDoer { return mw(next) }
func NewMiddleware(opts ...Option) func(Doer) Doer {
	t := newTracer(opts)
	return func(next Doer) Doer {
		return doerFunc(func(req *http.Request) (*http.Response, error) { return t.send(req, next.Do) })
	}
}

// NewTransport returns an http.RoundTripper that traces each request base
// sends (http.DefaultTransport when base is nil), for the Transport of the
// *http.Client a generated client is given with WithHTTPClient. Unlike the
// middleware, it sees each redirect as a request of its own.
func NewTransport(base http.RoundTripper, opts ...Option) http.RoundTripper {
	if base == nil {
		base = http.DefaultTransport
	}
	t := newTracer(opts)
	return roundTripperFunc(func(req *http.Request) (*http.Response, error) { return t.send(req, base.RoundTrip) })
}

type doerFunc func(*http.Request) (*http.Response, error)

func (f doerFunc) Do(r *http.Request) (*http.Response, error) { return f(r) }

type roundTripperFunc func(*http.Request) (*http.Response, error)

func (f roundTripperFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// send traces one attempt: it starts the span, writes the trace context
// into a copy of the request's headers (the caller's request is not
// changed), sends it and ends the span with the end of the response body,
// so that the span covers reading it too.
func (t *tracer) send(req *http.Request, next func(*http.Request) (*http.Response, error)) (*http.Response, error) {
	ctx := req.Context()
	op, call, tracked := operationOf(ctx)
	name := op.id
	if name == "" {
		name = req.Method // what the HTTP conventions name a span without a route
	}
	attrs := t.requestAttrs(req, op)
	var prev attempt
	resend := 0
	if tracked {
		prev, resend = t.calls.next(call)
		if resend > 0 {
			attrs = append(attrs, semconv.HTTPRequestResendCount(resend))
		}
	}
	startOpts := []trace.SpanStartOption{trace.WithSpanKind(trace.SpanKindClient), trace.WithAttributes(attrs...)}
	if prev.span.IsValid() {
		startOpts = append(startOpts, trace.WithLinks(trace.Link{SpanContext: prev.span}))
	}
	ctx, span := t.tr.Start(ctx, name, startOpts...)
	if resend > 0 {
		span.AddEvent(prev.event(), trace.WithAttributes(prev.attrs(resend)...))
	}

	out := req.Clone(ctx)
	t.cfg.propagators.Inject(ctx, propagation.HeaderCarrier(out.Header))
	resp, err := next(out)
	if err != nil {
		et := errorType(err)
		span.SetAttributes(semconv.ErrorTypeKey.String(et))
		t.recordError(span, req, err, et)
		span.SetStatus(codes.Error, et)
		span.End()
		if tracked {
			t.calls.done(call, attempt{span: span.SpanContext(), errType: et})
		}
		return resp, err
	}
	span.SetAttributes(semconv.HTTPResponseStatusCode(resp.StatusCode))
	if resp.StatusCode >= 400 {
		code := strconv.Itoa(resp.StatusCode)
		span.SetAttributes(semconv.ErrorTypeKey.String(code))
		span.SetStatus(codes.Error, "HTTP "+code)
	}
	if tracked {
		t.calls.done(call, attempt{span: span.SpanContext(), status: resp.StatusCode})
	}
	if resp.Body == nil || resp.Body == http.NoBody {
		span.End()
		return resp, nil
	}
	resp.Body = &tracedBody{ReadCloser: resp.Body, span: span, t: t, req: req, call: call, tracked: tracked, status: resp.StatusCode}
	return resp, nil
}

// requestAttrs are the HTTP client conventions' request attributes.
func (t *tracer) requestAttrs(req *http.Request, op operation) []attribute.KeyValue {
	attrs := make([]attribute.KeyValue, 0, 8)
	attrs = append(attrs, method(req.Method)...)
	if req.URL != nil {
		attrs = append(attrs, semconv.URLFull(t.redactURL(req.URL)))
		if h := req.URL.Hostname(); h != "" {
			attrs = append(attrs, semconv.ServerAddress(h))
		}
		if p := port(req.URL); p > 0 {
			attrs = append(attrs, semconv.ServerPort(p))
		}
	}
	if op.path != "" {
		attrs = append(attrs, semconv.URLTemplate(op.path))
	}
	return attrs
}

// method is http.request.method as the conventions want it: one of the
// known methods, or _OTHER with the original beside it.
func method(m string) []attribute.KeyValue {
	switch m {
	case http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch,
		http.MethodDelete, http.MethodOptions, http.MethodConnect, http.MethodTrace, "QUERY":
		return []attribute.KeyValue{semconv.HTTPRequestMethodKey.String(m)}
	case "":
		return []attribute.KeyValue{semconv.HTTPRequestMethodGet} // net/http sends GET
	}
	return []attribute.KeyValue{semconv.HTTPRequestMethodOther, semconv.HTTPRequestMethodOriginal(m)}
}

func port(u *url.URL) int {
	if p := u.Port(); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil {
			return 0
		}
		return n
	}
	switch strings.ToLower(u.Scheme) {
	case "http":
		return 80
	case "https":
		return 443
	}
	return 0
}

// redacted replaces credentials in url.full and error messages.
const redacted = "REDACTED"

// redactURL is u as url.full shows it: a user name and password become
// REDACTED:REDACTED, the value of every sensitive query parameter REDACTED,
// and the fragment, which is never sent, is dropped.
func (t *tracer) redactURL(u *url.URL) string {
	c := *u
	c.Fragment, c.RawFragment = "", ""
	if c.User != nil {
		c.User = url.UserPassword(redacted, redacted)
	}
	if c.RawQuery != "" {
		parts := strings.Split(c.RawQuery, "&")
		for i, p := range parts {
			k, _, hasValue := strings.Cut(p, "=")
			name, err := url.QueryUnescape(k)
			if err != nil {
				name = k
			}
			if hasValue && t.cfg.sensitive[strings.ToLower(name)] {
				parts[i] = k + "=" + redacted
			}
		}
		c.RawQuery = strings.Join(parts, "&")
	}
	return c.String()
}

// recordError records err as the span's exception, with the request's URL
// in its message redacted as url.full is: net/http's errors quote the
// whole URL, query credentials included.
func (t *tracer) recordError(span trace.Span, req *http.Request, err error, errType string) {
	msg := err.Error()
	if req.URL != nil {
		red := t.redactURL(req.URL)
		// net/http quotes the URL as it is, or (*http.Client's
		// *url.Error) with the password masked its own way; neither
		// hides query credentials.
		raws := []string{req.URL.String(), req.URL.Redacted()}
		var ue *url.Error
		if errors.As(err, &ue) {
			raws = append(raws, ue.URL)
		}
		for _, raw := range raws {
			if raw != "" {
				msg = strings.ReplaceAll(msg, raw, red)
			}
		}
		if pw, ok := req.URL.User.Password(); ok && pw != "" {
			msg = strings.ReplaceAll(msg, pw, redacted)
		}
	}
	span.AddEvent(semconv.ExceptionEventName, trace.WithAttributes(
		semconv.ExceptionTypeKey.String(errType), semconv.ExceptionMessageKey.String(msg)))
}

// errorType is error.type for a failure to send: the type of the error
// under net/http's *url.Error, which only says which request failed.
func errorType(err error) string {
	var ue *url.Error
	if errors.As(err, &ue) && ue.Err != nil {
		err = ue.Err
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return "timeout"
	}
	if errors.Is(err, context.Canceled) {
		return "canceled"
	}
	if errors.Is(err, io.ErrUnexpectedEOF) {
		return "unexpected_eof" // its type, *errors.errorString, says nothing
	}
	return semconv.ErrorType(err).Value.AsString()
}

// tracedBody ends the attempt's span when the body is read to its end,
// fails, or is closed, whichever comes first.
type tracedBody struct {
	io.ReadCloser
	span    trace.Span
	t       *tracer
	req     *http.Request
	call    weak.Pointer[byte]
	tracked bool
	status  int
	once    sync.Once
}

func (b *tracedBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	if err != nil {
		b.end(err)
	}
	return n, err
}

func (b *tracedBody) Close() error {
	err := b.ReadCloser.Close()
	b.end(nil)
	return err
}

func (b *tracedBody) end(err error) {
	b.once.Do(func() {
		if err != nil && err != io.EOF {
			et := errorType(err)
			b.span.SetAttributes(semconv.ErrorTypeKey.String(et))
			b.t.recordError(b.span, b.req, err, et)
			b.span.SetStatus(codes.Error, et)
			if b.tracked {
				// The runtime may send the call again for a body
				// cut short; its retry event says why.
				b.t.calls.done(b.call, attempt{span: b.span.SpanContext(), status: b.status, errType: et})
			}
		}
		b.span.End()
	})
}

// operation is what a generated runtime says about the call a request
// belongs to.
type operation struct{ id, path string }

// operationKey is the key every generated runtime stores the operation
// under; the type is unnamed, so this is the same key (see the runtime's
// operation.go).
type operationKey = struct{ OrygenOperation struct{} }

// operationOf reads the operation of ctx, and whether there is one, with
// a weak pointer to it: each call has its own operation, so the pointer
// tells a call's attempts apart from other calls'. The fields are read by
// name, so that an Operation that gains fields still works.
func operationOf(ctx context.Context) (operation, weak.Pointer[byte], bool) {
	v := ctx.Value(operationKey{})
	if v == nil {
		return operation{}, weak.Pointer[byte]{}, false
	}
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Pointer || rv.IsNil() || rv.Elem().Kind() != reflect.Struct {
		return operation{}, weak.Pointer[byte]{}, false
	}
	s := rv.Elem()
	f := fieldsOf(s.Type())
	if f == nil {
		return operation{}, weak.Pointer[byte]{}, false
	}
	op := operation{id: s.Field(f[0]).String(), path: s.Field(f[1]).String()}
	// The type of the pointer is the generated package's, which this
	// package cannot name; a weak pointer compares by object and offset,
	// which a *byte at the same address keeps.
	return op, weak.Make((*byte)(rv.UnsafePointer())), true
}

var fieldCache sync.Map // reflect.Type → []int (ID, Path), or nil

// fieldsOf is the index of the string fields ID and Path of an operation
// struct, or nil if it lacks one. (The method is the request's.)
func fieldsOf(t reflect.Type) []int {
	if f, ok := fieldCache.Load(t); ok {
		return f.([]int)
	}
	var idx []int
	for _, name := range []string{"ID", "Path"} {
		sf, ok := t.FieldByName(name)
		if !ok || sf.Type.Kind() != reflect.String || len(sf.Index) != 1 || !sf.IsExported() {
			idx = nil
			break
		}
		idx = append(idx, sf.Index[0])
	}
	fieldCache.Store(t, idx)
	return idx
}
