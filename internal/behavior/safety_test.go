package behavior

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	kratos "github.com/orygen/orygen/testdata/golden/kratos-v1.3.1"
	stream "github.com/orygen/orygen/testdata/golden/streaming"
)

const sessionJSON = `{"id":"s1","identity":{"id":"i1","schema_id":"default","schema_url":"u","traits":{}}}`

// captured records the requests a server got.
type captured struct {
	mu   sync.Mutex
	reqs []*http.Request
	body []string
}

func (c *captured) add(r *http.Request) {
	b, _ := io.ReadAll(r.Body)
	c.mu.Lock()
	defer c.mu.Unlock()
	c.reqs = append(c.reqs, r)
	c.body = append(c.body, string(b))
}

func (c *captured) n() int { c.mu.Lock(); defer c.mu.Unlock(); return len(c.reqs) }

// elsewhere is another origin, which must never see the caller's secrets.
func elsewhere(t *testing.T) (*httptest.Server, *captured) {
	var got captured
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got.add(r)
		io.WriteString(w, sessionJSON)
	}))
	t.Cleanup(srv.Close)
	return srv, &got
}

func redirector(t *testing.T, status int, target func(r *http.Request) string, also http.HandlerFunc) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if to := target(r); to != "" {
			http.Redirect(w, r, to, status)
			return
		}
		also(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestCrossOriginRedirectStripsCredentials(t *testing.T) {
	other, got := elsewhere(t)
	for _, status := range []int{301, 302, 303, 307, 308} {
		src := redirector(t, status, func(r *http.Request) string { return other.URL + "/sessions/whoami" }, nil)
		hc := &http.Client{Timeout: 5 * time.Second}
		c, err := kratos.NewClient(src.URL, kratos.WithHTTPClient(hc), kratos.WithSessionToken("client-token-1234"),
			kratos.WithOryAccessToken("Bearer admin-key-5678"), kratos.WithSessionCookie("ory_kratos_session=cookie-9876"))
		if err != nil {
			t.Fatal(err)
		}
		param := "param-token-4321"
		sess, err := c.Frontend.ToSession(context.Background(), &kratos.ToSessionParams{XSessionToken: &param},
			kratos.WithRequestHeader("X-Custom", "custom-secret"), kratos.WithCSRFToken("csrf-1111"))
		if err != nil || sess == nil || sess.ID != "s1" {
			t.Fatalf("%d: %v %v", status, sess, err)
		}
		if hc.CheckRedirect != nil {
			t.Fatal("the caller's http.Client was changed")
		}
		r := got.reqs[len(got.reqs)-1]
		for k := range r.Header {
			switch k {
			case "Accept", "User-Agent", "Accept-Encoding":
			default:
				t.Errorf("%d: header %s=%q reached another origin", status, k, r.Header.Get(k))
			}
		}
	}
}

func TestCrossOriginRedirectNeverResendsBody(t *testing.T) {
	other, got := elsewhere(t)
	for _, status := range []int{307, 308} {
		src := redirector(t, status, func(r *http.Request) string { return other.URL + "/self-service/login" }, nil)
		c, _ := kratos.NewClient(src.URL)
		_, err := c.Frontend.UpdateLoginFlow(context.Background(),
			kratos.UpdateLoginFlowBody{Value: &kratos.UpdateLoginFlowWithPasswordMethod{Identifier: "ada@example.com", Password: "pw-secret"}},
			kratos.UpdateLoginFlowParams{Flow: "f1"})
		var apiErr *kratos.APIError
		if !errors.As(err, &apiErr) || apiErr.StatusCode != status {
			t.Fatalf("%d: %v, want the redirect as an *APIError", status, err)
		}
		if loc := apiErr.Location(); loc == nil || loc.String() != other.URL+"/self-service/login" {
			t.Errorf("%d: Location() = %v", status, loc)
		}
	}
	if got.n() != 0 {
		t.Errorf("the other origin got %d requests: %q", got.n(), got.body)
	}
}

func TestSameOriginRedirectKeepsCredentials(t *testing.T) {
	var seen atomic.Value
	var src *httptest.Server
	src = redirector(t, 307, func(r *http.Request) string {
		if r.URL.Path == "/sessions/whoami" {
			return "/sessions/whoami2"
		}
		return ""
	}, func(w http.ResponseWriter, r *http.Request) {
		seen.Store(r.Header.Clone())
		io.WriteString(w, sessionJSON)
	})
	c, _ := kratos.NewClient(src.URL, kratos.WithSessionToken("tok-1234"))
	if _, err := c.Frontend.ToSession(context.Background(), nil, kratos.WithRequestHeader("X-Custom", "v")); err != nil {
		t.Fatal(err)
	}
	h := seen.Load().(http.Header)
	if h.Get("X-Session-Token") != "tok-1234" || h.Get("X-Custom") != "v" {
		t.Errorf("same-origin redirect lost headers: %v", h)
	}
}

func TestWithSameOriginRedirects(t *testing.T) {
	other, got := elsewhere(t)
	src := redirector(t, 302, func(r *http.Request) string { return other.URL + "/x" }, nil)
	c, _ := kratos.NewClient(src.URL, kratos.WithSameOriginRedirects())
	_, err := c.Frontend.ToSession(context.Background(), nil)
	var apiErr *kratos.APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 302 || apiErr.Location().String() != other.URL+"/x" {
		t.Fatalf("%v", err)
	}
	if got.n() != 0 {
		t.Errorf("followed a cross-origin redirect")
	}
}

func TestBoundedReads(t *testing.T) {
	big := `{"id":"s1","identity":{"id":"i1","schema_id":"default","schema_url":"u","traits":{"x":"` + strings.Repeat("a", 100<<10) + `"}}}`
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/sessions/whoami" {
			io.WriteString(w, big)
			return
		}
		w.WriteHeader(503)
		io.WriteString(w, `{"error":{"message":"`+strings.Repeat("b", 200<<10)+`"}}`)
	}))
	defer srv.Close()
	c, _ := kratos.NewClient(srv.URL, kratos.WithMaxResponseBytes(64<<10), kratos.WithRetry(kratos.RetryPolicy{}))
	_, err := c.Frontend.ToSession(context.Background(), nil)
	var tooLarge *kratos.ResponseTooLargeError
	if !errors.As(err, &tooLarge) || tooLarge.Limit != 64<<10 || tooLarge.StatusCode != 200 {
		t.Fatalf("%T %v", err, err)
	}
	// The default limit lets it through.
	c2, _ := kratos.NewClient(srv.URL)
	if s, err := c2.Frontend.ToSession(context.Background(), nil); err != nil || s == nil {
		t.Fatal(err)
	}
	_, err = c.Metadata.IsAlive(context.Background())
	var apiErr *kratos.APIError
	if !errors.As(err, &apiErr) || !apiErr.Truncated || len(apiErr.Body) != kratos.MaxErrorBodyBytes {
		t.Fatalf("%T %v", err, err)
	}
	if msg := err.Error(); !strings.Contains(msg, "body cut at") || len(msg) > 4096 {
		t.Errorf("message of a cut body: %.300s (%d bytes)", msg, len(msg))
	}
}

func TestStreamsAreNotLimited(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/event-stream")
		for i := 0; i < 100; i++ {
			fmt.Fprintf(w, "data: {\"id\":\"c%d\",\"text\":\"%s\"}\n\n", i, strings.Repeat("x", 100))
		}
	}))
	defer srv.Close()
	sc, _ := stream.NewClient(srv.URL+"/v2", stream.WithMaxResponseBytes(64))
	n := 0
	for _, err := range sc.Completions.CreateCompletion(context.Background(), &stream.CompletionRequest{Prompt: "hi"}) {
		if err != nil {
			t.Fatal(err)
		}
		n++
	}
	if n != 100 {
		t.Errorf("%d events", n)
	}
}

func TestPagingEnds(t *testing.T) {
	for _, tt := range []struct {
		name string
		next func(n int64) string
		want error
		max  int64
	}{
		{"empty pages with fresh tokens", func(n int64) string { return fmt.Sprint(n) }, kratos.ErrEmptyPages, kratos.MaxEmptyPages},
		{"a token again", func(n int64) string { return fmt.Sprint(n % 3) }, kratos.ErrRepeatedPage, 4},
	} {
		var count atomic.Int64
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			n := count.Add(1)
			w.Header().Set("Link", fmt.Sprintf(`</admin/identities?page_token=t%s>; rel="next"`, tt.next(n)))
			io.WriteString(w, `[]`)
		}))
		c, _ := kratos.NewClient(srv.URL)
		var last error
		for _, err := range c.Identity.ListIdentitiesAll(context.Background(), nil) {
			last = err
		}
		srv.Close()
		var pe *kratos.PageError
		if !errors.Is(last, tt.want) || !errors.As(last, &pe) || count.Load() > tt.max {
			t.Errorf("%s: %v after %d requests", tt.name, last, count.Load())
		}
	}
}

func TestRetryAfterIsBounded(t *testing.T) {
	for _, ra := range []string{"9223372037", "99999999999999999999999", "999999"} {
		srv, count := flaky(t, 1, 503, http.Header{"Retry-After": {ra}}, nil)
		c, _ := kratos.NewClient(srv.URL, kratos.WithRetry(kratos.RetryPolicy{MaxAttempts: 2, MaxDelay: 200 * time.Millisecond}))
		start := time.Now()
		_, err := c.Metadata.IsAlive(context.Background())
		if d := time.Since(start); err != nil || count.Load() != 2 || d < 190*time.Millisecond || d > 3*time.Second {
			t.Errorf("Retry-After %s: %d requests in %v, %v; want the wait capped at MaxDelay, never 0", ra, count.Load(), d, err)
		}
	}
	// A wait past the context's deadline is not taken.
	srv, count := flaky(t, 1, 503, http.Header{"Retry-After": {"2"}}, nil)
	c, _ := kratos.NewClient(srv.URL, kratos.WithRetry(patient))
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	start := time.Now()
	_, err := c.Metadata.IsAlive(ctx)
	var apiErr *kratos.APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 503 || count.Load() != 1 || time.Since(start) > 500*time.Millisecond {
		t.Errorf("past the deadline: %d requests in %v, %v", count.Load(), time.Since(start), err)
	}
}

func TestUnhealableNotRetried(t *testing.T) {
	var count atomic.Int64
	srv, _ := flaky(t, 0, 0, nil, nil)
	c, _ := kratos.NewClient(srv.URL, kratos.WithRetry(fast), kratos.WithHTTPClient(kratos.DoerFunc(func(r *http.Request) (*http.Response, error) {
		count.Add(1)
		return http.DefaultClient.Do(r)
	})))
	_, err := c.Metadata.IsAlive(context.Background(), kratos.WithRequestHeader("X-A", "a\x01b"))
	if err == nil || count.Load() != 0 {
		t.Errorf("invalid header value: %d attempts, %v", count.Load(), err)
	}
	count.Store(0)
	c, _ = kratos.NewClient(srv.URL, kratos.WithRetry(fast), kratos.WithHTTPClient(kratos.DoerFunc(func(r *http.Request) (*http.Response, error) {
		count.Add(1)
		r.URL.Scheme = "gopher"
		return http.DefaultClient.Do(r)
	})))
	if _, err := c.Metadata.IsAlive(context.Background()); err == nil || count.Load() != 1 {
		t.Errorf("unsupported scheme: %d attempts, %v", count.Load(), err)
	}
	for name, opt := range map[string]kratos.Option{
		"WithSessionToken":   kratos.WithSessionToken("tok\r\nX-Evil: 1"),
		"WithOryAccessToken": kratos.WithOryAccessToken("Bearer a\nb"),
		"WithSessionCookie":  kratos.WithSessionCookie("a=b\r\n"),
	} {
		if _, err := kratos.NewClient(srv.URL, opt); err == nil {
			t.Errorf("%s with CR/LF: NewClient succeeded", name)
		}
	}
}

func TestReadableRedactedErrors(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/sessions/whoami":
			w.WriteHeader(401)
			fmt.Fprintf(w, `{"error":{"code":401,"status":"Unauthorized","id":"session_inactive","reason":"No valid session credentials found (got %s).","message":"The request could not be authorized"}}`, r.Header.Get("X-Session-Token"))
		case "/self-service/login":
			w.WriteHeader(400)
			io.WriteString(w, `{"id":"f1","type":"api","expires_at":"2030-01-01T00:00:00Z","issued_at":"2020-01-01T00:00:00Z","request_url":"u","state":"choose_method","ui":{"action":"a","method":"POST","nodes":[],"messages":[{"id":4000006,"text":"The provided credentials are invalid, check for spelling mistakes in your password or username, email address, or phone number.","type":"error"}]}}`)
		}
	}))
	defer srv.Close()
	c, _ := kratos.NewClient(srv.URL, kratos.WithSessionToken("very-secret-token"))
	_, err := c.Frontend.ToSession(context.Background(), nil)
	msg := fmt.Sprint(err)
	if !strings.Contains(msg, "The request could not be authorized") || !strings.Contains(msg, "session_inactive") || strings.Contains(msg, "very-secret-token") {
		t.Errorf("401: %s", msg)
	}
	_, err = c.Frontend.UpdateLoginFlow(context.Background(),
		kratos.UpdateLoginFlowBody{Value: &kratos.UpdateLoginFlowWithPasswordMethod{Identifier: "a", Password: "b"}},
		kratos.UpdateLoginFlowParams{Flow: "f1"})
	if msg := fmt.Sprint(err); !strings.Contains(msg, "The provided credentials are invalid") || !strings.Contains(msg, "4000006") {
		t.Errorf("400 flow: %s", msg)
	}
	var flowErr *kratos.ErrorResponse[kratos.LoginFlow]
	if !errors.As(err, &flowErr) {
		t.Errorf("400 flow: %T, want the typed flow", err)
	}
}

func TestNoContentIsNil(t *testing.T) {
	status := 204
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(status)
		if status == 200 {
			io.WriteString(w, sessionJSON)
		}
	}))
	defer srv.Close()
	c, _ := kratos.NewClient(srv.URL)
	s, err := c.Identity.ExtendSession(context.Background(), "s1")
	if s != nil || err != nil {
		t.Errorf("204: %+v, %v; want nil, nil", s, err)
	}
	status = 200
	s, err = c.Identity.ExtendSession(context.Background(), "s1")
	if s == nil || s.ID != "s1" || err != nil {
		t.Errorf("200: %+v, %v", s, err)
	}
}

func TestSessionCredentialsFillHeaderParams(t *testing.T) {
	var last atomic.Value
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		last.Store(r.Header.Clone())
		switch r.URL.Path {
		case "/sessions":
			io.WriteString(w, `[]`)
		case "/self-service/settings/api":
			w.WriteHeader(401)
		default:
			io.WriteString(w, sessionJSON)
		}
	}))
	defer srv.Close()
	hdr := func() http.Header { return last.Load().(http.Header) }
	c, _ := kratos.NewClient(srv.URL, kratos.WithSessionToken("tok-1"), kratos.WithSessionCookie("ory_kratos_session=c1"))
	ctx := context.Background()
	if _, err := c.Frontend.ToSession(ctx, nil); err != nil || hdr().Get("X-Session-Token") != "tok-1" || hdr().Get("Cookie") != "ory_kratos_session=c1" {
		t.Errorf("ToSession: %v %v", hdr(), err)
	}
	mine := "tok-2"
	if _, err := c.Frontend.ToSession(ctx, &kratos.ToSessionParams{XSessionToken: &mine}); err != nil || hdr().Get("X-Session-Token") != "tok-2" {
		t.Errorf("explicit param: %v %v", hdr(), err)
	}
	if _, err := c.Frontend.ToSession(ctx, nil, kratos.WithCookie("a=b")); err != nil || hdr().Get("Cookie") != "a=b" {
		t.Errorf("WithCookie: %v %v", hdr(), err)
	}
	c.Frontend.CreateNativeSettingsFlow(ctx, nil)
	if hdr().Get("X-Session-Token") != "tok-1" {
		t.Errorf("CreateNativeSettingsFlow: %v", hdr())
	}
	if _, err := c.Frontend.ListMySessions(ctx, nil); err != nil || hdr().Get("X-Session-Token") != "tok-1" {
		t.Errorf("ListMySessions: %v %v", hdr(), err)
	}
	// An operation without the parameter does not get it.
	c.Metadata.IsAlive(ctx)
	if hdr().Get("X-Session-Token") != "" || hdr().Get("Cookie") != "" {
		t.Errorf("IsAlive: %v", hdr())
	}
}
