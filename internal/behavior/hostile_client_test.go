package behavior

import (
	"bufio"
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	kratos "github.com/orygen/orygen/testdata/golden/kratos-v1.3.1"
	stream "github.com/orygen/orygen/testdata/golden/streaming"
)

// Issue 24's generated-client classes, against the golden packages.

// rawResponse answers every request with raw as read off the wire.
func rawResponse(raw string) kratos.HTTPDoer {
	return kratos.DoerFunc(func(req *http.Request) (*http.Response, error) {
		return http.ReadResponse(bufio.NewReader(strings.NewReader(raw)), req)
	})
}

func TestGoldenHugeContentLength(t *testing.T) {
	c, _ := kratos.NewClient("http://kratos.example", kratos.WithHTTPClient(rawResponse(
		"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 9223372036854775807\r\n\r\n{}")))
	_, err := c.Frontend.ToSession(context.Background(), nil)
	var te *kratos.TransportError
	if !errors.As(err, &te) {
		t.Fatalf("want a *TransportError for the short body, got %v", err)
	}
}

// closeTracker is a user's Upload reader.
type closeTracker struct {
	io.Reader
	closed atomic.Bool
}

func (c *closeTracker) Close() error { c.closed.Store(true); return nil }

func TestGoldenUploadClosedOnFailure(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		t.Errorf("a refused call reached the server: %s", r.URL)
	}))
	defer srv.Close()
	c, _ := stream.NewClient(srv.URL, stream.WithBearer("tok"))
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	for name, tc := range map[string]struct {
		ctx  context.Context
		opts []stream.RequestOption
	}{
		"header with a newline": {context.Background(), []stream.RequestOption{stream.WithRequestHeader("X-Note", "a\r\nInjected: 1")}},
		"unparsable base URL":   {context.Background(), []stream.RequestOption{stream.WithBaseURL("://nope")}},
		"cancelled context":     {cancelled, nil},
	} {
		r := &closeTracker{Reader: strings.NewReader("content")}
		body := &stream.PostFilesBody{File: stream.Upload{Name: "f", Reader: r}, Purpose: stream.PostFilesBodyPurposeBatch}
		if _, err := c.Files.PostFiles(tc.ctx, body, tc.opts...); err == nil {
			t.Errorf("%s: no error", name)
		}
		deadline := time.Now().Add(3 * time.Second)
		for !r.closed.Load() && time.Now().Before(deadline) {
			time.Sleep(5 * time.Millisecond)
		}
		if !r.closed.Load() {
			t.Errorf("%s: the upload's reader was left open", name)
		}
	}
}

func TestGoldenEventTooLarge(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/event-stream")
		line := []byte("data: " + strings.Repeat("z", 4096) + "\n")
		for n := 0; n <= stream.MaxEventBytes/4096+10; n++ {
			if _, err := w.Write(line); err != nil {
				return
			}
		}
	}))
	defer srv.Close()
	c, _ := stream.NewClient(srv.URL)
	var last error
	n := 0
	for _, err := range c.Completions.CreateCompletion(context.Background(), &stream.CompletionRequest{Prompt: "p"}) {
		n++
		last = err
	}
	var tooLarge *stream.EventTooLargeError
	if n != 1 || !errors.As(last, &tooLarge) || tooLarge.Limit != stream.MaxEventBytes {
		t.Fatalf("%d results, last %v; want one error wrapping *EventTooLargeError", n, last)
	}
}

func TestGoldenBaseURLCredentials(t *testing.T) {
	other, got := elsewhere(t)
	own := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, sessionJSON) }))
	defer own.Close()
	ctx := context.Background()
	c, _ := kratos.NewClient(own.URL, kratos.WithSessionToken("secret-session-token"), kratos.WithSessionCookie("ory_kratos_session=secret-cookie"))
	if _, err := c.Frontend.ToSession(ctx, nil, kratos.WithBaseURL(other.URL)); err != nil {
		t.Fatal(err)
	}
	r := got.reqs[got.n()-1]
	if r.Header.Get("X-Session-Token") != "" || r.Header.Get("Cookie") != "" {
		t.Errorf("an untrusted per-call base URL got the client's credentials: %v", r.Header)
	}
	c, _ = kratos.NewClient(own.URL, kratos.WithSessionToken("secret-session-token"), kratos.WithTrustedOrigins(other.URL))
	if _, err := c.Frontend.ToSession(ctx, nil, kratos.WithBaseURL(other.URL+"/eu")); err != nil {
		t.Fatal(err)
	}
	if r := got.reqs[got.n()-1]; r.Header.Get("X-Session-Token") != "secret-session-token" {
		t.Errorf("a trusted origin did not get the credentials: %v", r.Header)
	}
}

func TestGoldenAttemptTimeoutCoversBody(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if hits.Add(1) == 1 {
			w.Header().Set("Content-Length", "500")
			io.WriteString(w, sessionJSON[:20])
			w.(http.Flusher).Flush()
			select {
			case <-r.Context().Done():
			case <-time.After(5 * time.Second):
			}
			return
		}
		io.WriteString(w, sessionJSON)
	}))
	defer srv.Close()
	c, _ := kratos.NewClient(srv.URL)
	s, err := c.Frontend.ToSession(context.Background(), nil, kratos.WithAttemptTimeout(200*time.Millisecond))
	if err != nil || s == nil || s.ID != "s1" || hits.Load() != 2 {
		t.Fatalf("session %+v, err %v, %d attempts; want the second attempt's session", s, err, hits.Load())
	}
}

func TestGoldenInertAndRedactedErrors(t *testing.T) {
	const token = "tok/secret+value"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusUnauthorized)
		// The token JSON-escaped with "\/", then a forged log line.
		io.WriteString(w, `{"error":{"message":"bad token tok\/secret+value\u001b[2J\nlevel=ERROR msg=forged"}}`)
	}))
	defer srv.Close()
	c, _ := kratos.NewClient(srv.URL, kratos.WithSessionToken(token))
	_, err := c.Frontend.ToSession(context.Background(), nil)
	if err == nil {
		t.Fatal("no error")
	}
	msg := err.Error()
	if strings.Contains(msg, "secret+value") || strings.Contains(msg, `tok\/secret`) {
		t.Errorf("the token shows: %q", msg)
	}
	if strings.ContainsAny(msg, "\x1b\n") || !strings.Contains(msg, `\x1b[2J\nlevel=ERROR`) {
		t.Errorf("server text is not inert: %q", msg)
	}
}
