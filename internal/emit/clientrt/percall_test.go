package clientrt

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

func TestRequestRetryOverridesClientPolicy(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.WriteHeader(http.StatusServiceUnavailable)
	}))
	defer srv.Close()
	tr := mustTransport(t, srv.URL, WithRetry(RetryPolicy{}))
	err := roundTrip(context.Background(), tr, newCall(Operation{Method: "GET"}, "/x"),
		[]RequestOption{WithRequestRetry(RetryPolicy{MaxAttempts: 3})}, nil)
	if err == nil || hits.Load() != 3 {
		t.Fatalf("per-call policy of 3 attempts: %d hits, err %v", hits.Load(), err)
	}
	hits.Store(0)
	tr = mustTransport(t, srv.URL, WithRetry(RetryPolicy{MaxAttempts: 4}))
	roundTrip(context.Background(), tr, newCall(Operation{Method: "GET"}, "/x"), []RequestOption{WithRequestRetry(RetryPolicy{})}, nil)
	if hits.Load() != 1 {
		t.Fatalf("WithRequestRetry(RetryPolicy{}) sent %d times, want 1", hits.Load())
	}
}

func TestAttemptTimeoutRetries(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if hits.Add(1) == 1 {
			select { // the first attempt hangs past its timeout
			case <-r.Context().Done():
			case <-time.After(5 * time.Second):
			}
			return
		}
		io.WriteString(w, `{"ok":true}`)
	}))
	defer srv.Close()
	tr := mustTransport(t, srv.URL, WithRetry(RetryPolicy{MaxAttempts: 2}))
	var out struct{ OK bool }
	start := time.Now()
	err := roundTrip(context.Background(), tr, newCall(Operation{Method: "GET"}, "/x"),
		[]RequestOption{WithAttemptTimeout(100 * time.Millisecond)}, func(_ int, b []byte) error { return json.Unmarshal(b, &out) })
	if err != nil || !out.OK || hits.Load() != 2 {
		t.Fatalf("err %v, ok %v, hits %d", err, out.OK, hits.Load())
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Fatalf("took %v: the attempt timeout did not cut the first attempt", d)
	}
	// Without retries, the timeout is the call's error.
	hits.Store(0)
	err = roundTrip(context.Background(), tr, newCall(Operation{Method: "GET"}, "/x"),
		[]RequestOption{WithAttemptTimeout(50 * time.Millisecond), WithRequestRetry(RetryPolicy{})}, nil)
	var te *TransportError
	if !errors.As(err, &te) || !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("want a *TransportError for the deadline, got %v", err)
	}
}

func TestWithBaseURL(t *testing.T) {
	other := newRecorder(t, nil)
	tr := mustTransport(t, "http://127.0.0.1:1/never", withCredential("bearer", credential{in: "header", name: "Authorization", value: "Bearer tok-1234"}))
	err := roundTrip(context.Background(), tr, newCall(Operation{Method: "GET"}, "/x"), []RequestOption{WithBaseURL(other.srv.URL + "/prefix/")}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if r := other.last.Load(); r.URL.Path != "/prefix/x" {
		t.Errorf("path %q, want /prefix/x", r.URL.Path)
	}
	if err := roundTrip(context.Background(), tr, newCall(Operation{Method: "GET"}, "/x"), []RequestOption{WithBaseURL("not a url")}, nil); err == nil || !strings.Contains(err.Error(), "WithBaseURL") {
		t.Errorf("bad base URL: %v", err)
	}
	req, err := buildRequest(context.Background(), "http://a.example", newCall(Operation{Method: "GET"}, "/x"), []RequestOption{WithBaseURL("http://b.example/v2")})
	if err != nil || req.URL.String() != "http://b.example/v2/x" {
		t.Errorf("buildRequest: %v %v", req, err)
	}
}

func TestOperationFromMiddleware(t *testing.T) {
	rec := newRecorder(t, nil)
	var seen Operation
	var ok bool
	mw := func(next HTTPDoer) HTTPDoer {
		return DoerFunc(func(r *http.Request) (*http.Response, error) {
			seen, ok = OperationFrom(r.Context())
			return next.Do(r)
		})
	}
	tr := mustTransport(t, rec.srv.URL, WithMiddleware(mw))
	op := Operation{ID: "getIdentity", Method: "GET", Path: "/identities/{id}"}
	if err := roundTrip(context.Background(), tr, newCall(op, "/identities/x"), nil, nil); err != nil {
		t.Fatal(err)
	}
	if !ok || seen != op {
		t.Errorf("OperationFrom = %+v, %v; want %+v", seen, ok, op)
	}
	if _, ok := OperationFrom(context.Background()); ok {
		t.Error("OperationFrom of a bare context reports an operation")
	}
	req, _ := buildRequest(context.Background(), "http://h", newCall(op, "/identities/x"), nil)
	if got, _ := OperationFrom(req.Context()); got != op {
		t.Errorf("built request: %+v", got)
	}
}

func TestLoggerRedacts(t *testing.T) {
	rec := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		http.SetCookie(w, &http.Cookie{Name: "ory_session", Value: "cookie-secret-value"})
		io.WriteString(w, `{}`)
	})
	var buf bytes.Buffer
	log := slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	tr := mustTransport(t, rec.srv.URL, WithLogger(log), withCredential("bearer", credential{in: "header", name: "Authorization", value: "Bearer bearer-secret-value"}),
		withCredential("q", credential{in: "query", name: "api_key", value: "query-secret-value"}))
	c := newCall(Operation{ID: "listThings", Method: "GET", Path: "/things"}, "/things")
	c.security = [][]string{{"bearer"}, {"q"}}
	c.setHeader("X-Session-Token", "session-secret-value")
	if err := roundTrip(context.Background(), tr, c, []RequestOption{WithCookie("a=cookie-in-value")}, nil); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, want := range []string{"http request", "http response", "operation=listThings", "status=200", "level=DEBUG"} {
		if !strings.Contains(out, want) {
			t.Errorf("log lacks %q:\n%s", want, out)
		}
	}
	for _, secret := range []string{"bearer-secret-value", "session-secret-value", "cookie-secret-value", "cookie-in-value", "query-secret-value"} {
		if strings.Contains(out, secret) {
			t.Errorf("log shows %q:\n%s", secret, out)
		}
	}
	// Not at info level.
	buf.Reset()
	tr = mustTransport(t, rec.srv.URL, WithLogger(slog.New(slog.NewTextHandler(&buf, nil))))
	roundTrip(context.Background(), tr, newCall(Operation{Method: "GET"}, "/x"), nil, nil)
	if buf.Len() != 0 {
		t.Errorf("logged above debug level: %s", buf.String())
	}
}

// onceReader fails if it is read after reaching EOF: a retried upload
// would read it again.
type onceReader struct {
	r      io.Reader
	closed bool
}

func (o *onceReader) Read(p []byte) (int, error) { return o.r.Read(p) }
func (o *onceReader) Close() error               { o.closed = true; return nil }

func TestUploadStreams(t *testing.T) {
	var hits atomic.Int32
	type got struct{ name, ctype, filename, content, field string }
	var g got
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		if r.ContentLength != -1 {
			t.Errorf("Content-Length %d: the body was buffered, not streamed", r.ContentLength)
		}
		f, h, err := r.FormFile("file")
		if err != nil {
			t.Error(err)
			return
		}
		b, _ := io.ReadAll(f)
		g = got{h.Filename, h.Header.Get("Content-Type"), h.Filename, string(b), r.FormValue("title")}
		w.WriteHeader(http.StatusServiceUnavailable) // would be retried, were the body replayable
	}))
	defer srv.Close()
	tr := mustTransport(t, srv.URL, WithRetry(RetryPolicy{MaxAttempts: 3}))
	content := &onceReader{r: strings.NewReader(strings.Repeat("x", 1<<20))}
	c := newCall(Operation{Method: "PUT"}, "/upload")
	c.setMultipart(func(mw *multipartWriter) {
		mw.field("title", "report")
		mw.upload("file", Upload{Name: "report.pdf", ContentType: "application/pdf", Reader: content})
	})
	err := roundTrip(context.Background(), tr, c, nil, nil)
	var ae *APIError
	if !errors.As(err, &ae) || ae.StatusCode != 503 {
		t.Fatalf("want the 503, got %v", err)
	}
	if hits.Load() != 1 {
		t.Errorf("an upload was sent %d times; a streamed body is sent once", hits.Load())
	}
	if g.filename != "report.pdf" || g.ctype != "application/pdf" || len(g.content) != 1<<20 || g.field != "report" {
		t.Errorf("server saw %q %q %d bytes, title %q", g.filename, g.ctype, len(g.content), g.field)
	}
	if !content.closed {
		t.Error("the upload's reader was not closed")
	}
	// Defaults: the field's name and application/octet-stream.
	c = newCall(Operation{Method: "POST"}, "/upload")
	c.setMultipart(func(mw *multipartWriter) { mw.upload("file", Upload{Reader: strings.NewReader("hi")}) })
	roundTrip(context.Background(), tr, c, nil, nil)
	if g.filename != "file" || g.ctype != "application/octet-stream" || g.content != "hi" {
		t.Errorf("defaults: %+v", g)
	}
}

func TestPtr(t *testing.T) {
	p := Ptr("a")
	q := Ptr(int64(3))
	if *p != "a" || *q != 3 {
		t.Fatal(*p, *q)
	}
}
