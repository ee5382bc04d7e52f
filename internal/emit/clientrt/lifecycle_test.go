package clientrt

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// trackedReader records whether it was read and closed.
type trackedReader struct {
	r      io.Reader
	read   atomic.Bool
	closed atomic.Bool
}

func (tr *trackedReader) Read(p []byte) (int, error) { tr.read.Store(true); return tr.r.Read(p) }
func (tr *trackedReader) Close() error               { tr.closed.Store(true); return nil }

func uploadCall(r io.Reader) *call {
	c := newCall(Operation{Method: "POST"}, "/upload")
	c.setMultipart(func(mw *multipartWriter) {
		mw.field("title", "t")
		mw.upload("file", Upload{Reader: r})
	})
	return c
}

// waitClosed waits for the reader to be closed and for no goroutine to
// be left writing a streamed body.
func waitClosed(t *testing.T, what string, r *trackedReader) {
	t.Helper()
	deadline := time.Now().Add(3 * time.Second)
	for !r.closed.Load() || writerRunning() {
		if time.Now().After(deadline) {
			t.Errorf("%s: reader closed %v, body writer running %v", what, r.closed.Load(), writerRunning())
			return
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// writerRunning reports whether a goroutine of streamParts is alive.
func writerRunning() bool {
	buf := make([]byte, 1<<20)
	return strings.Contains(string(buf[:runtime.Stack(buf, true)]), "clientrt.streamParts.func")
}

// TestUploadClosedOnEveryPath: an Upload's reader is closed, and no
// goroutine is left, whether the call fails before sending (an invalid
// option, a bad base URL, a cancelled context), the HTTPDoer fails without
// reading the body, or the server answers without reading it.
func TestUploadClosedOnEveryPath(t *testing.T) {
	refusing := DoerFunc(func(*http.Request) (*http.Response, error) { return nil, errors.New("refused before the first byte") })
	early := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusRequestEntityTooLarge) // without reading the body
	}))
	defer early.Close()
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	cases := []struct {
		name string
		doer HTTPDoer
		ctx  context.Context
		opts []RequestOption
	}{
		{"header with a newline", nil, context.Background(), []RequestOption{WithRequestHeader("X-A", "a\nb")}},
		{"unparsable base URL", nil, context.Background(), []RequestOption{WithBaseURL("::not a url")}},
		{"form body refused", nil, context.Background(), []RequestOption{WithFormBody()}},
		{"cancelled context", nil, cancelled, nil},
		{"doer fails before the first byte", refusing, context.Background(), nil},
		{"connection refused", http.DefaultClient, context.Background(), []RequestOption{WithBaseURL("http://127.0.0.1:1")}},
		{"server answers without reading", http.DefaultClient, context.Background(), nil},
	}
	for _, tc := range cases {
		r := &trackedReader{r: strings.NewReader(strings.Repeat("x", 1<<20))}
		opts := []Option{WithRetry(RetryPolicy{})}
		if tc.doer != nil {
			opts = append(opts, WithHTTPClient(tc.doer))
		}
		tr := mustTransport(t, early.URL, opts...)
		err := roundTrip(tc.ctx, tr, uploadCall(r), tc.opts, nil)
		if err == nil {
			t.Errorf("%s: no error", tc.name)
		}
		waitClosed(t, tc.name, r)
	}
	// A request built with New…Request and refused keeps nothing open.
	r := &trackedReader{r: strings.NewReader("x")}
	if _, err := buildRequest(context.Background(), "http://h", uploadCall(r), []RequestOption{WithRequestHeader("X", "\r")}); err == nil {
		t.Error("buildRequest: no error")
	}
	waitClosed(t, "buildRequest", r)
	if r.read.Load() {
		t.Error("a refused request read the upload")
	}
}

// TestUploadClosedWhenBodyFails: an Upload beside a field that does not
// encode is closed with the failing call.
func TestUploadClosedWhenBodyFails(t *testing.T) {
	r := &trackedReader{r: strings.NewReader("x")}
	c := newCall(Operation{Method: "POST"}, "/upload")
	c.setMultipart(func(mw *multipartWriter) {
		mw.upload("file", Upload{Reader: r})
		mw.json("meta", func() {})
	})
	if err := roundTrip(context.Background(), mustTransport(t, "http://api.example"), c, nil, nil); err == nil {
		t.Fatal("no error")
	}
	if !r.closed.Load() {
		t.Error("the upload's reader was left open")
	}
}

// TestReaderBodyClosed: an io.Reader body that is an io.Closer is closed
// once read, even when the call then fails.
func TestReaderBodyClosed(t *testing.T) {
	r := &trackedReader{r: strings.NewReader("data")}
	c := newCall(Operation{Method: "PUT"}, "/x")
	c.setReader(r, "application/octet-stream")
	tr := mustTransport(t, "http://api.example")
	if err := roundTrip(context.Background(), tr, c, []RequestOption{WithRequestHeader("X", "\n")}, nil); err == nil {
		t.Error("no error")
	}
	if !r.closed.Load() {
		t.Error("the body's reader was not closed")
	}
}

// stallingServer sends half of a JSON body on its first response, then
// stalls; later responses are whole.
func stallingServer(t *testing.T) (*httptest.Server, *atomic.Int32) {
	var hits atomic.Int32
	const body = `{"ok":true,"pad":"` + "0123456789" + `"}`
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Length", strconvItoa(len(body)))
		if hits.Add(1) == 1 {
			io.WriteString(w, body[:10])
			w.(http.Flusher).Flush()
			select {
			case <-r.Context().Done():
			case <-time.After(5 * time.Second):
			}
			return
		}
		io.WriteString(w, body)
	}))
	t.Cleanup(srv.Close)
	return srv, &hits
}

func strconvItoa(n int) string { b, _ := json.Marshal(n); return string(b) }

// TestAttemptTimeoutCoversBody: a body that stalls half-way is retried
// like a response that stalls before its headers, for a method that may
// be retried and within the budget.
func TestAttemptTimeoutCoversBody(t *testing.T) {
	srv, hits := stallingServer(t)
	tr := mustTransport(t, srv.URL, WithRetry(RetryPolicy{MaxAttempts: 2}))
	var out struct{ OK bool }
	decode := func(_ int, b []byte) error { return json.Unmarshal(b, &out) }
	var got *http.Response
	start := time.Now()
	err := roundTrip(context.Background(), tr, newCall(Operation{Method: "GET"}, "/x"),
		[]RequestOption{WithAttemptTimeout(200 * time.Millisecond), WithResponse(&got)}, decode)
	if err != nil || !out.OK || hits.Load() != 2 {
		t.Fatalf("err %v, ok %v, hits %d; want the second attempt's body", err, out.OK, hits.Load())
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("took %v", d)
	}
	if got == nil || got.StatusCode != 200 {
		t.Errorf("WithResponse: %v", got)
	}
	// A POST is not retried: the stall is its error.
	srv, hits = stallingServer(t)
	tr = mustTransport(t, srv.URL, WithRetry(RetryPolicy{MaxAttempts: 2}))
	err = roundTrip(context.Background(), tr, newCall(Operation{Method: "POST"}, "/x"), []RequestOption{WithAttemptTimeout(100 * time.Millisecond)}, decode)
	var te *TransportError
	if !errors.As(err, &te) || !errors.Is(err, context.DeadlineExceeded) || hits.Load() != 1 {
		t.Errorf("POST: %v after %d hits, want the deadline after 1", err, hits.Load())
	}
	// Out of attempts, or of budget: the stall is the error. The budget
	// is spent before the first attempt's timeout ends, whatever the
	// jittered wait (which may be 0) would be.
	for _, p := range []RetryPolicy{{MaxAttempts: 1}, {MaxAttempts: 3, BaseDelay: time.Second, Budget: 50 * time.Millisecond}} {
		srv, hits = stallingServer(t)
		tr = mustTransport(t, srv.URL, WithRetry(p))
		err = roundTrip(context.Background(), tr, newCall(Operation{Method: "GET"}, "/x"), []RequestOption{WithAttemptTimeout(100 * time.Millisecond)}, decode)
		if !errors.Is(err, context.DeadlineExceeded) || hits.Load() != 1 {
			t.Errorf("policy %+v: %v after %d hits", p, err, hits.Load())
		}
	}
}

// TestCredentialOrigins: a per-call base URL gets the client's credentials
// only on the client's origin, a trusted one, or with WithTrustedBaseURL;
// what the call sets itself goes anywhere.
func TestCredentialOrigins(t *testing.T) {
	other := newRecorder(t, nil)
	own := newRecorder(t, nil)
	creds := []Option{withCredential("bearer", credential{in: "header", name: "Authorization", value: "Bearer tok-1234"}),
		withCredential("q", credential{in: "query", name: "api_key", value: "query-5678"}),
		WithSessionCookie("ory_session=sess-9012")}
	send := func(tr *transport, opts ...RequestOption) *http.Request {
		t.Helper()
		c := newCall(Operation{Method: "GET"}, "/x")
		c.security = [][]string{{"bearer", "q"}}
		c.credParams = []string{"Cookie"}
		if err := roundTrip(context.Background(), tr, c, opts, nil); err != nil {
			t.Fatal(err)
		}
		return other.last.Load()
	}
	hasCreds := func(r *http.Request) bool {
		return r.Header.Get("Authorization") != "" || r.URL.Query().Has("api_key") || r.Header.Get("Cookie") != ""
	}
	tr := mustTransport(t, own.srv.URL, creds...)
	if r := send(tr, WithBaseURL(other.srv.URL)); hasCreds(r) {
		t.Errorf("untrusted origin got credentials: %v %q", r.Header, r.URL.RawQuery)
	}
	if r := send(tr, WithBaseURL(other.srv.URL), WithRequestHeader("Authorization", "Bearer explicit")); r.Header.Get("Authorization") != "Bearer explicit" {
		t.Errorf("the call's own header was not sent: %v", r.Header)
	}
	if r := send(tr, WithTrustedBaseURL(other.srv.URL+"/v2")); r.Header.Get("Authorization") != "Bearer tok-1234" || r.URL.Query().Get("api_key") != "query-5678" || r.Header.Get("Cookie") != "ory_session=sess-9012" {
		t.Errorf("WithTrustedBaseURL: %v %q", r.Header, r.URL.RawQuery)
	}
	tr = mustTransport(t, own.srv.URL, append(creds, WithTrustedOrigins(other.srv.URL))...)
	if r := send(tr, WithBaseURL(other.srv.URL+"/prefix")); r.Header.Get("Authorization") != "Bearer tok-1234" {
		t.Errorf("trusted origin: %v", r.Header)
	}
	// The client's own origin with another path prefix is its own.
	_, port, _ := net.SplitHostPort(strings.TrimPrefix(other.srv.URL, "http://"))
	tr = mustTransport(t, "http://127.0.0.1:"+port+"/v1", creds...)
	if r := send(tr, WithBaseURL(other.srv.URL+"/v2")); r.Header.Get("Authorization") != "Bearer tok-1234" {
		t.Errorf("own origin: %v", r.Header)
	}
	for _, bad := range []string{"not an origin", "https://h/path", "https://u:p@h", "https://h?q=1"} {
		if _, err := newTransport("http://h", []Option{WithTrustedOrigins(bad)}); err == nil {
			t.Errorf("WithTrustedOrigins(%q) accepted", bad)
		}
	}
}
