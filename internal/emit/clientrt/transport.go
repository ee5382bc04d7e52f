package clientrt

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// HTTPDoer sends HTTP requests; *http.Client is one. An *http.Client from
// golang.org/x/oauth2 carries OAuth2 tokens.
type HTTPDoer interface {
	Do(*http.Request) (*http.Response, error)
}

// DoerFunc adapts a function to HTTPDoer.
type DoerFunc func(*http.Request) (*http.Response, error)

// Do calls f.
func (f DoerFunc) Do(r *http.Request) (*http.Response, error) { return f(r) }

// Middleware wraps the HTTPDoer that sends every request.
type Middleware func(HTTPDoer) HTTPDoer

// Option configures a Client.
type Option func(*config)

type config struct {
	doer           HTTPDoer
	userAgent      string
	middleware     []Middleware
	creds          map[string]credential
	retry          RetryPolicy
	sameOriginOnly bool
	maxBody        int64
	sessionCookie  string
	logger         requestLogger
	trusted        []*url.URL // WithTrustedOrigins
	err            error      // the first invalid option, which NewClient returns
	// idempotencyHeader carries a key made by newKey per call of an
	// unsafe method (withIdempotencyKeys); "" sends none.
	idempotencyHeader string
	newKey            func() string
}

// fail records the first error of an option.
func (cfg *config) fail(err error) {
	if cfg.err == nil {
		cfg.err = err
	}
}

// WithHTTPClient sends requests with c instead of http.DefaultClient.
// An *http.Client is not changed: the client sends with a copy of it whose
// CheckRedirect first keeps credentials from other origins (see
// WithSameOriginRedirects), then calls c's own CheckRedirect. Another
// HTTPDoer is used as it is and must follow redirects safely itself.
func WithHTTPClient(c HTTPDoer) Option { return func(cfg *config) { cfg.doer = c } }

// WithUserAgent sets the User-Agent header of every request, instead of
// the default, which names the generated package and orygen's version.
func WithUserAgent(ua string) Option { return func(cfg *config) { cfg.userAgent = ua } }

// WithMiddleware wraps the HTTPDoer; the first middleware is outermost.
func WithMiddleware(m ...Middleware) Option {
	return func(cfg *config) { cfg.middleware = append(cfg.middleware, m...) }
}

// WithRequestMiddleware wraps the HTTPDoer for one call, outside the
// client's middleware (WithMiddleware): it sees each attempt's request
// before them and their response after them. The first middleware is
// outermost.
func WithRequestMiddleware(m ...Middleware) RequestOption {
	return func(cc *callConfig) { cc.middleware = append(cc.middleware, m...) }
}

// RequestOption changes one call.
type RequestOption func(*callConfig)

type callConfig struct {
	edits          []func(*http.Request) error
	response       **http.Response
	form           bool
	retryUnsafe    bool
	retry          *RetryPolicy
	attemptTimeout time.Duration
	baseURL        string
	partHeaders    []partHeader // WithPartHeader
	trustBase      bool         // WithTrustedBaseURL: the client's credentials go to baseURL
	middleware     []Middleware // WithRequestMiddleware
}

// WithRequestRetry sets the retry policy of one call, instead of the
// client's (WithRetry); WithRequestRetry(RetryPolicy{}) sends it once.
// Non-idempotent methods still need WithRetryUnsafe to retry.
func WithRequestRetry(p RetryPolicy) RequestOption {
	return func(cc *callConfig) { cc.retry = &p }
}

// WithAttemptTimeout limits each attempt of one call to d, reading the
// response body included; an attempt that runs out of time, before the
// headers or in the middle of a body the method reads whole, counts as a
// failure to connect, which the retry policy may retry (within its
// attempts and budget, for a method that may be retried). A binary body or
// an event stream, which the caller reads, is cut at d and not retried.
// The context's own deadline still bounds the whole call. 0 means no
// limit.
func WithAttemptTimeout(d time.Duration) RequestOption {
	return func(cc *callConfig) { cc.attemptTimeout = d }
}

// WithBaseURL sends one call to baseURL (scheme, host and an optional
// path prefix) instead of the client's, e.g. to a regional endpoint.
// The client's credentials (its security options and WithSessionCookie)
// go with it only when baseURL's origin (scheme, host and port) is the
// client's own base URL's or one WithTrustedOrigins names; to any other
// origin the call goes without them, so that a URL taken from untrusted
// data cannot collect a token. WithTrustedBaseURL vouches for one call's
// origin instead. Headers and cookies the call itself sets
// (WithRequestHeader, WithCookie, parameters) are sent either way.
func WithBaseURL(baseURL string) RequestOption {
	return func(cc *callConfig) { cc.baseURL, cc.trustBase = baseURL, false }
}

// WithTrustedBaseURL is WithBaseURL for an origin the caller vouches for:
// the client's credentials go with the call whatever baseURL's origin.
func WithTrustedBaseURL(baseURL string) RequestOption {
	return func(cc *callConfig) { cc.baseURL, cc.trustBase = baseURL, true }
}

// WithTrustedOrigins names origins (scheme://host[:port], e.g.
// "https://eu.api.example") besides the base URL's to which per-call base
// URLs (WithBaseURL) may take the client's credentials. A value that is
// not an origin (no scheme or host; a path, query or userinfo) makes
// NewClient fail.
func WithTrustedOrigins(origins ...string) Option {
	return func(cfg *config) {
		for _, o := range origins {
			u, err := url.Parse(o)
			if err != nil || u.Scheme == "" || u.Host == "" || u.User != nil || strings.Trim(u.Path, "/") != "" || u.RawQuery != "" || u.Fragment != "" {
				cfg.fail(fmt.Errorf("WithTrustedOrigins: %q is not an origin (scheme://host[:port])", o))
				return
			}
			cfg.trusted = append(cfg.trusted, u)
		}
	}
}

// sendsCredentials reports whether a per-call base URL may receive the
// client's credentials: its origin is the client's or a trusted one.
func (t *transport) sendsCredentials(base string) bool {
	u, err := url.Parse(base)
	if err != nil {
		return false
	}
	if own, err := url.Parse(t.base); err == nil && sameOrigin(own, u) {
		return true
	}
	for _, o := range t.trusted {
		if sameOrigin(o, u) {
			return true
		}
	}
	return false
}

// WithFormBody sends the request body as application/x-www-form-urlencoded
// instead of JSON, for operations that accept both with the same schema
// (one whose form has a schema of its own has a …Form method instead). A
// union body carries its discriminator as a form field like any other.
func WithFormBody() RequestOption {
	return func(cc *callConfig) { cc.form = true }
}

// WithCookie sends cookie as the Cookie header, e.g. the one a browser sent
// to your server, for Ory's browser flows.
func WithCookie(cookie string) RequestOption { return WithRequestHeader("Cookie", cookie) }

// WithCSRFToken sends the anti-CSRF token of a browser flow in the
// X-CSRF-Token header. Ory Kratos v1.3.1 ignores that header on its
// update*Flow endpoints: there, put the token in the body's csrf_token.
func WithCSRFToken(token string) RequestOption { return WithRequestHeader("X-CSRF-Token", token) }

// WithRequestHeader sets a header on one request.
func WithRequestHeader(key, value string) RequestOption {
	return func(cc *callConfig) {
		cc.edits = append(cc.edits, func(r *http.Request) error {
			if err := checkHeaderValue(key, value); err != nil {
				return err
			}
			r.Header.Set(key, value)
			return nil
		})
	}
}

// WithResponse stores the *http.Response of the call in dst, for its
// status, headers and cookies. Its body has already been read and closed.
func WithResponse(dst **http.Response) RequestOption {
	return func(cc *callConfig) { cc.response = dst }
}

type transport struct {
	base          string // scheme://host/prefix without a trailing slash
	doer          HTTPDoer
	userAgent     string
	uaHeader      []string // userAgent as a header value, shared by every request
	creds         map[string]credential
	queryKeys     []string // the query parameters credentials travel in, sorted
	retry         RetryPolicy
	maxBody       int64
	sessionCookie string
	logger        requestLogger
	trusted       []*url.URL // origins besides base's that per-call base URLs may send credentials to
	// idempotencyHeader is the header of the key newKey makes for each
	// call of an unsafe method, in canonical form; "" sends none.
	idempotencyHeader string
	newKey            func() string
}

// cleanBase checks a base URL and drops its trailing slash.
func cleanBase(baseURL string) (string, error) {
	u, err := url.Parse(baseURL)
	if err != nil {
		return "", fmt.Errorf("base URL: %w", err)
	}
	if u.Scheme == "" || u.Host == "" {
		return "", fmt.Errorf("base URL %q: need scheme and host", baseURL)
	}
	if u.RawQuery != "" || u.ForceQuery || u.Fragment != "" {
		return "", fmt.Errorf("base URL %q: must not have a query or fragment", baseURL)
	}
	return strings.TrimSuffix(u.String(), "/"), nil
}

func newTransport(baseURL string, opts []Option) (*transport, error) {
	base, err := cleanBase(baseURL)
	if err != nil {
		return nil, err
	}
	cfg := config{doer: http.DefaultClient, creds: map[string]credential{}, retry: DefaultRetryPolicy, maxBody: DefaultMaxResponseBytes}
	for _, o := range opts {
		o(&cfg)
	}
	if cfg.err != nil {
		return nil, cfg.err
	}
	if err := checkHeaderValue("User-Agent", cfg.userAgent); err != nil {
		return nil, err
	}
	doer := cfg.doer
	if hc, ok := doer.(*http.Client); ok && hc != nil {
		doer = guardRedirects(hc, cfg.sameOriginOnly, queryCredentials(cfg.creds))
	}
	for i := len(cfg.middleware) - 1; i >= 0; i-- {
		doer = cfg.middleware[i](doer)
	}
	return &transport{base: base, doer: doer, userAgent: cfg.userAgent, uaHeader: constHeader(cfg.userAgent),
		creds: cfg.creds, queryKeys: queryCredentials(cfg.creds), retry: cfg.retry,
		maxBody: cfg.maxBody, sessionCookie: cfg.sessionCookie, logger: cfg.logger, trusted: cfg.trusted,
		idempotencyHeader: cfg.idempotencyHeader, newKey: cfg.newKey}, nil
}

// call is a request being put together by a generated method.
type call struct {
	op          Operation // the operation, recorded in each request's context
	method      string
	path        string    // already escaped
	query       queryList // escaped name=value pieces, in order
	header      http.Header
	body        []byte
	hasBody     bool
	contentType string
	// stream makes a multipart body streamed from Upload readers, instead
	// of body. asForm re-encodes value as a form (setForm), for an
	// operation that accepts a form body too. Both are funcs set by the
	// operations that need them, so that a program calling none links
	// neither the multipart writer nor the form encoder.
	stream     func() io.ReadCloser
	discard    func() // closes the Upload readers of stream when it will not be sent
	value      any    // the body before encoding, kept to re-encode as a form
	asForm     func(*call, any)
	formFields map[string]formField // how the spec's encoding object says to write form properties
	security   [][]string
	credParams []string // credential-carrying header parameters the operation declares
	err        error
	sent       sentBody  // the body of the response send returns, kept here to save an allocation
	run        sendState // what send's attempts share

	// parts are a multipart body's parts (setMultipart), kept to add
	// WithPartHeader's headers; partsHeaded once they have them. reencode
	// is encodeParts, set with parts: request calls addPartHeaders for
	// every operation, and a direct call would link the multipart writer
	// into programs that send no multipart body.
	parts       []part
	partsHeaded bool
	reencode    func(*call, bool)
}

// newCall starts the request of op; path is op's path with its parameters
// filled in and escaped. The header map is made by the first setHeader.
func newCall(op Operation, path string) *call {
	return &call{op: op, method: op.Method, path: path}
}

func (c *call) fail(err error) {
	if c.err == nil {
		c.err = err
	}
}

// setHeader sets a header parameter, refusing values that would split
// the header.
func (c *call) setHeader(name, value string) {
	if err := checkHeaderValue(name, value); err != nil {
		c.fail(err)
		return
	}
	if c.header == nil {
		c.header = http.Header{}
	}
	c.header.Set(name, value)
}

// addCookiePair adds name=value, already escaped, to the Cookie header.
func (c *call) addCookiePair(pair string) {
	if prev := c.header.Get("Cookie"); prev != "" {
		c.header.Set("Cookie", prev+"; "+pair)
		return
	}
	if c.header == nil {
		c.header = http.Header{}
	}
	c.header.Set("Cookie", pair)
}

// checkHeaderValue refuses what net/http would refuse to send, which no
// retry can mend: a name that is not a token, a value with a control
// character other than tab (CR, LF and NUL would split the header).
func checkHeaderValue(name, value string) error {
	if strings.ContainsAny(name, "\r\n\x00") {
		return fmt.Errorf("header name %q contains CR, LF or NUL", name)
	}
	if name == "" || strings.IndexFunc(name, func(r rune) bool { return r <= ' ' || r >= 0x7f || strings.ContainsRune("\"(),/:;<=>?@[\\]{}", r) }) >= 0 {
		return fmt.Errorf("header name %q is not a valid token", name)
	}
	if strings.ContainsAny(value, "\r\n\x00") {
		return fmt.Errorf("header %s: value contains CR, LF or NUL", name)
	}
	for i := 0; i < len(value); i++ {
		if b := value[i]; (b < ' ' && b != '\t') || b == 0x7f {
			return fmt.Errorf("header %s: value contains control character %#x", name, b)
		}
	}
	return nil
}

// checkHeaders checks every header of a request about to be sent.
func checkHeaders(h http.Header) error {
	for k, vs := range h {
		for _, v := range vs {
			if err := checkHeaderValue(k, v); err != nil {
				return err
			}
		}
	}
	return nil
}

func (c *call) setJSON(v any) {
	b, err := encodeBody(v)
	if err != nil {
		c.fail(fmt.Errorf("encoding request body: %w", err))
		return
	}
	c.body, c.hasBody, c.contentType, c.value = b, true, "application/json", v
}

func (c *call) setForm(v any) {
	vals, err := formValues(v, c.formFields)
	if err != nil {
		c.fail(fmt.Errorf("encoding request body: %w", err))
		return
	}
	c.body, c.hasBody, c.contentType = []byte(vals.Encode()), true, "application/x-www-form-urlencoded"
}

// setJSONAs is setJSON for a JSON media type the spec names other than
// application/json (application/merge-patch+json), sent as named.
func (c *call) setJSONAs(v any, contentType string) {
	c.setJSON(v)
	if c.err == nil {
		c.contentType = contentType
	}
}

func (c *call) setRaw(b []byte, contentType string) {
	c.body, c.hasBody, c.contentType = b, true, contentType
}

func (c *call) request(ctx context.Context, base string, cc *callConfig) (*http.Request, error) {
	if cc.form {
		if c.asForm == nil {
			return nil, errors.New("WithFormBody: this operation does not accept a form body")
		}
		c.asForm(c, c.value)
	}
	if len(cc.partHeaders) > 0 && c.err == nil {
		if err := c.addPartHeaders(cc.partHeaders); err != nil {
			return nil, err
		}
	}
	if c.err != nil {
		return nil, c.err
	}
	u := base + c.path
	if len(c.query) > 0 {
		u = base + c.path + "?" + c.query.Encode() // one concatenation
	}
	// A streamed body is not started here: attachStream starts it once
	// nothing else can fail.
	var body io.Reader
	if c.hasBody && c.stream == nil {
		body = bytes.NewReader(c.body)
	}
	req, err := http.NewRequestWithContext(withOperation(ctx, &c.op), c.method, u, body)
	if err != nil {
		return nil, err
	}
	for k, v := range c.header {
		req.Header[k] = v
	}
	switch c.contentType {
	case "":
	case "application/json":
		req.Header["Content-Type"] = contentTypeJSON
	default:
		req.Header.Set("Content-Type", c.contentType)
	}
	if req.Header.Get("Accept") == "" {
		req.Header["Accept"] = acceptJSON
	}
	for _, edit := range cc.edits {
		if err := edit(req); err != nil {
			return nil, err
		}
	}
	return req, nil
}

// Header values every request of a kind carries, shared rather than
// allocated per request. Their capacity is their length, so that
// appending to one (Header.Add) copies it; Header.Set replaces them.
var (
	acceptJSON      = constHeader("application/json")
	contentTypeJSON = constHeader("application/json")
)

func constHeader(v string) []string { return []string{v}[:1:1] }

// callOptions applies the options of one call.
func callOptions(opts []RequestOption) callConfig {
	cc := new(callConfig)
	for _, o := range opts {
		o(cc)
	}
	return *cc
}

// attachStream starts the streamed body of req, if c has one: last, so
// that the goroutine writing it starts only for a request that will be
// sent.
func (c *call) attachStream(req *http.Request) {
	if c.stream != nil {
		req.Body = c.stream() // ContentLength stays 0: unknown, with a body
	}
}

// abandon closes what the call holds of the caller's (Upload readers) when
// it fails before its body is started.
func (c *call) abandon() {
	if c.discard != nil {
		c.discard()
	}
}

// buildRequest is the request of c against baseURL, for the exported
// New...Request helpers.
func buildRequest(ctx context.Context, baseURL string, c *call, opts []RequestOption) (*http.Request, error) {
	req, err := c.build(ctx, baseURL, opts)
	if err != nil {
		c.abandon()
		return nil, err
	}
	c.attachStream(req)
	return req, nil
}

func (c *call) build(ctx context.Context, baseURL string, opts []RequestOption) (*http.Request, error) {
	base, err := cleanBase(baseURL)
	if err != nil {
		return nil, err
	}
	cc := callOptions(opts)
	if cc.baseURL != "" {
		if base, err = cleanBase(cc.baseURL); err != nil {
			return nil, fmt.Errorf("WithBaseURL: %w", err)
		}
	}
	return c.request(ctx, base, &cc)
}

// sendState is what the attempts of one send share. It lives in the call,
// so that reading a body can send the call again (sentBody.again).
type sendState struct {
	t      *transport
	ctx    context.Context
	cc     callConfig
	policy RetryPolicy
	base   string
	creds  bool // the client's credentials go with the call (sendsCredentials)
	start  time.Time
	doer   HTTPDoer // the client's, inside the call's WithRequestMiddleware
	// key is the call's idempotency key, sent on every attempt; "" for
	// none.
	key string
}

// send builds c, applies credentials and options, and sends it, retrying
// as the policy allows. Every attempt builds a fresh request, so bodies are
// replayed whole; a body streamed from an Upload is sent once, and its
// readers are closed on every path. A request with an invalid header is
// refused before it is sent, and is not retried.
func (t *transport) send(ctx context.Context, c *call, opts []RequestOption) (*http.Response, error) {
	s := &c.run
	*s = sendState{t: t, ctx: ctx, policy: t.retry, base: t.base, creds: true, doer: t.doer}
	if len(opts) > 0 {
		s.cc = callOptions(opts)
	}
	if s.cc.retry != nil {
		s.policy = *s.cc.retry
	}
	for i := len(s.cc.middleware) - 1; i >= 0; i-- {
		s.doer = s.cc.middleware[i](s.doer)
	}
	if t.newKey != nil && !idempotent(c.method) {
		// A key makes repeating the call safe: the server carries it
		// out once.
		s.key = t.newKey()
	}
	if (!idempotent(c.method) && !s.cc.retryUnsafe && s.key == "") || c.stream != nil {
		s.policy.MaxAttempts = 1
	}
	if s.cc.baseURL != "" {
		b, err := cleanBase(s.cc.baseURL)
		if err != nil {
			c.abandon()
			return nil, fmt.Errorf("WithBaseURL: %w", err)
		}
		s.base = b
		s.creds = s.cc.trustBase || t.sendsCredentials(b)
	}
	s.start = time.Now()
	return c.attempt(1)
}

// attempt sends attempt n of the call, and the attempts after it that the
// policy allows.
func (c *call) attempt(n int) (*http.Response, error) {
	s := &c.run
	t, ctx := s.t, s.ctx
	for attempt := n; ; attempt++ {
		actx, cancel := ctx, context.CancelFunc(func() {})
		if s.cc.attemptTimeout > 0 {
			actx, cancel = context.WithTimeout(ctx, s.cc.attemptTimeout)
		}
		req, err := c.request(actx, s.base, &s.cc)
		if err != nil {
			cancel()
			c.abandon()
			return nil, err
		}
		if t.userAgent != "" && req.Header.Get("User-Agent") == "" {
			req.Header["User-Agent"] = t.uaHeader
		}
		if s.key != "" && len(req.Header[t.idempotencyHeader]) == 0 {
			// A key the caller set (WithRequestHeader) is the call's.
			req.Header[t.idempotencyHeader] = []string{s.key}
		}
		if s.creds {
			t.authenticate(req, c.security)
			t.fillCredentialParams(req, c.credParams)
		}
		if err := checkHeaders(req.Header); err != nil {
			cancel()
			c.abandon()
			return nil, err
		}
		// What to redact from errors is worked out only when an error
		// shows it (from req, which the client does not change), or here
		// when logging needs it.
		red := redactor{queryKeys: t.queryKeys, t: t, req: req}
		if c.stream != nil {
			// Everything that can fail before sending has passed, but for
			// the context: only now does the writer of the body start.
			if err := actx.Err(); err != nil {
				cancel()
				c.abandon()
				return nil, transportError(c.method, req, red, err)
			}
			c.attachStream(req)
		}
		var sent time.Time
		logging := t.logger != nil && t.logger.enabled(ctx)
		if logging {
			red = redactor{secrets: t.secretsOf(req), queryKeys: t.queryKeys}
			t.logger.request(ctx, req, c.op, attempt, red)
			sent = time.Now()
		}
		resp, err := s.doer.Do(req)
		if logging {
			t.logger.response(ctx, req, c.op, attempt, red, resp, err, time.Since(sent))
		}
		retry := attempt < s.policy.MaxAttempts && ctx.Err() == nil &&
			((err != nil && retryableError(err)) || (err == nil && retryableStatus(resp.StatusCode)))
		var wait time.Duration
		if retry {
			wait, retry = s.policy.wait(ctx, attempt, resp, s.start, time.Now())
		}
		if !retry {
			if err != nil {
				c.endStream(req)
				cancel()
				return nil, transportError(c.method, req, red, err)
			}
			sb := &c.sent
			if sb.c != nil {
				sb = new(sentBody) // c.sent is the body of an earlier attempt, still being parsed
			}
			*sb = sentBody{ReadCloser: resp.Body, limit: t.maxBody, red: red, cancel: cancel, c: c, attempt: attempt}
			if c.stream != nil {
				sb.reqBody = req.Body
			}
			resp.Body = sb
			if s.cc.response != nil {
				*s.cc.response = resp
			}
			return resp, nil
		}
		if resp != nil {
			drain(resp)
		}
		c.endStream(req)
		cancel()
		if err := sleep(ctx, wait); err != nil {
			return nil, transportError(c.method, req, red, err)
		}
	}
}

// endStream closes the streamed body of req, which ends the goroutine that
// writes it (and so closes the Upload readers) whether or not the HTTPDoer
// closed it.
func (c *call) endStream(req *http.Request) {
	if c.stream != nil && req.Body != nil {
		req.Body.Close()
	}
}

// again sends the call once more when reading the body of its attempt
// failed with err (a stall past WithAttemptTimeout, a connection lost
// mid-body) and the policy would have retried that failure before the
// headers: within its attempts and budget, for a method that may be
// retried. It returns the new attempt's response or error, or false to
// keep err.
func (b *sentBody) again(resp *http.Response, err error) (*http.Response, error, bool) {
	c := b.c
	if c == nil {
		return nil, nil, false
	}
	s := &c.run
	if b.attempt >= s.policy.MaxAttempts || s.ctx.Err() != nil || !retryableError(err) {
		return nil, nil, false
	}
	wait, ok := s.policy.wait(s.ctx, b.attempt, resp, s.start, time.Now())
	if !ok {
		return nil, nil, false
	}
	b.Close()
	if sleep(s.ctx, wait) != nil {
		return nil, nil, false
	}
	next, err := c.attempt(b.attempt + 1)
	return next, err, true
}

// transportError is err as a *TransportError, with credentials redacted
// from its URL (and from the URL net/http's *url.Error shows).
func transportError(method string, req *http.Request, red redactor, err error) *TransportError {
	u := red.url(req.URL)
	var ue *url.Error
	if asError(err, &ue) {
		ue.URL = u
	}
	return &TransportError{Method: method, URL: u, Err: err, redact: red}
}

// parseResponse reads and closes resp's body, hands a 2xx body to decode,
// and turns any other status into an *APIError, which errs may replace
// with the typed error the operation declares for that status. A success
// body is read up to the client's limit (WithMaxResponseBytes; past it,
// a *ResponseTooLargeError), an error body up to MaxErrorBodyBytes. A body
// that fails half-way sends the call again when the policy allows
// (sentBody.again).
func parseResponse(resp *http.Response, decode func(status int, body []byte) error, errs func(*APIError) error) error {
	limit, red := readLimits(resp.Body)
	defer resp.Body.Close()
	// The method and redacted URL errors show, worked out only for an error.
	where := func() (method, u string) {
		if resp.Request != nil {
			return resp.Request.Method, red.url(resp.Request.URL)
		}
		return "", ""
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		body, cut, err := readBody(resp.Body, MaxErrorBodyBytes, resp.ContentLength)
		if err != nil {
			if next, nerr, ok := readAgain(resp, err); ok {
				if nerr != nil {
					return nerr
				}
				return parseResponse(next, decode, errs)
			}
		}
		method, u := where()
		if err != nil {
			return &TransportError{Method: method, URL: u, Err: err, redact: red}
		}
		e := &APIError{Method: method, URL: u, StatusCode: resp.StatusCode, Header: resp.Header, Body: body, Truncated: cut, redact: red}
		if errs != nil {
			return errs(e)
		}
		return e
	}
	if decode != nil && isEventStream(resp.Header.Get("Content-Type")) {
		// Not read: a stream may not end. The operation's ...Stream method,
		// if it has one, reads it.
		method, u := where()
		return &DecodeError{Method: method, URL: u, StatusCode: resp.StatusCode, Header: resp.Header, Err: errEventStream, redact: red}
	}
	body, cut, err := readBody(resp.Body, limit, resp.ContentLength)
	if err != nil {
		if next, nerr, ok := readAgain(resp, err); ok {
			if nerr != nil {
				return nerr
			}
			return parseResponse(next, decode, errs)
		}
		method, u := where()
		return &TransportError{Method: method, URL: u, Err: err, redact: red}
	}
	if decode == nil {
		return nil // a body the operation does not declare, within the limit or not
	}
	if cut {
		method, u := where()
		return &ResponseTooLargeError{Method: method, URL: u, StatusCode: resp.StatusCode, Limit: limit}
	}
	if len(bytes.TrimSpace(body)) == 0 {
		return nil // decode is not called: a pointer result stays nil
	}
	if err := decode(resp.StatusCode, body); err != nil {
		method, u := where()
		return &DecodeError{Method: method, URL: u, StatusCode: resp.StatusCode, Header: resp.Header, Body: body, Err: err, redact: red}
	}
	return nil
}

// readAgain is sentBody.again for a response the client sent.
func readAgain(resp *http.Response, err error) (*http.Response, error, bool) {
	if sb, ok := resp.Body.(*sentBody); ok {
		return sb.again(resp, err)
	}
	return nil, nil, false
}

// errEventStream is the DecodeError of a method that expects a document
// and gets an event stream.
var errEventStream = errors.New("the response is an event stream (text/event-stream): call the operation's ...Stream method, or do not ask the API to stream")

func isEventStream(contentType string) bool {
	mt, _, _ := strings.Cut(contentType, ";")
	return strings.EqualFold(strings.TrimSpace(mt), "text/event-stream")
}

// errEmptyPathParam refuses an empty path parameter, which would send the
// request to another endpoint (/identities/ instead of /identities/{id}).
func errEmptyPathParam(name string) error {
	return fmt.Errorf("path parameter %s is empty", name)
}

// pathEscape is a scalar path parameter in the simple style, the common
// case, which the generated code writes without building a paramValue.
func pathEscape(s string) string {
	return pathParam("", styleSimple, false, scalarParam(s))
}

// jsonParam is how a parameter without a plain text form is sent: as its
// JSON encoding.
func jsonParam(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return ""
	}
	return string(b)
}
