package behavior

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"runtime"
	"sync/atomic"
	"testing"
	"time"

	kratos "github.com/orygen/orygen/testdata/golden/kratos-v1.3.1"
)

// flaky answers the first n requests with status (and header h), then 200.
func flaky(t *testing.T, n int, status int, h http.Header, seen func(*http.Request, []byte)) (*httptest.Server, *atomic.Int64) {
	var count atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		if seen != nil {
			seen(r, body)
		}
		if count.Add(1) <= int64(n) {
			for k, v := range h {
				w.Header()[k] = v
			}
			w.WriteHeader(status)
			fmt.Fprint(w, `{"error":{"message":"try later"}}`)
			return
		}
		fmt.Fprint(w, `{"id":"x","schema_id":"s","schema_url":"u","traits":{},"status":"ok"}`)
	}))
	t.Cleanup(srv.Close)
	return srv, &count
}

var fast = kratos.RetryPolicy{MaxAttempts: 3, BaseDelay: time.Millisecond, MaxDelay: 5 * time.Millisecond, Budget: 10 * time.Second}

// patient waits as long as a Retry-After of a few seconds asks.
var patient = kratos.RetryPolicy{MaxAttempts: 3, BaseDelay: time.Millisecond, MaxDelay: 3 * time.Second, Budget: 10 * time.Second}

func TestRetryAfterSeconds(t *testing.T) {
	srv, count := flaky(t, 1, 503, http.Header{"Retry-After": {"1"}}, nil)
	c, _ := kratos.NewClient(srv.URL, kratos.WithRetry(patient))
	start := time.Now()
	if _, err := c.Metadata.IsAlive(context.Background()); err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); count.Load() != 2 || d < time.Second {
		t.Errorf("%d requests in %v; want 2, the second after Retry-After: 1", count.Load(), d)
	}
}

func TestRetryAfterDate(t *testing.T) {
	when := time.Now().Add(2 * time.Second).UTC().Format(http.TimeFormat)
	srv, count := flaky(t, 1, 429, http.Header{"Retry-After": {when}}, nil)
	c, _ := kratos.NewClient(srv.URL, kratos.WithRetry(patient))
	start := time.Now()
	if _, err := c.Metadata.IsAlive(context.Background()); err != nil {
		t.Fatal(err)
	}
	// HTTP dates have one-second resolution.
	if d := time.Since(start); count.Load() != 2 || d < 900*time.Millisecond {
		t.Errorf("%d requests in %v; want 2, the second at %s", count.Load(), d, when)
	}
}

func TestRetryReplaysBody(t *testing.T) {
	var bodies []string
	srv, count := flaky(t, 2, 502, nil, func(_ *http.Request, b []byte) { bodies = append(bodies, string(b)) })
	c, _ := kratos.NewClient(srv.URL, kratos.WithRetry(fast))
	_, err := c.Identity.UpdateIdentity(context.Background(), "x", &kratos.UpdateIdentityBody{SchemaID: "s", State: "active", Traits: []byte(`{"email":"a@b.c"}`)})
	if err != nil {
		t.Fatal(err)
	}
	if count.Load() != 3 || bodies[0] == "" || bodies[0] != bodies[1] || bodies[1] != bodies[2] {
		t.Errorf("%d attempts with bodies %q", count.Load(), bodies)
	}
}

func TestNoRetryOfPOST(t *testing.T) {
	srv, count := flaky(t, 1, 503, nil, nil)
	c, _ := kratos.NewClient(srv.URL, kratos.WithRetry(fast))
	_, err := c.Identity.CreateIdentity(context.Background(), &kratos.CreateIdentityBody{SchemaID: "s", Traits: []byte(`{}`)})
	var apiErr *kratos.APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 503 || count.Load() != 1 {
		t.Fatalf("POST: %d requests, err %v", count.Load(), err)
	}
	// Opting in for one call retries it.
	if _, err := c.Identity.CreateIdentity(context.Background(), &kratos.CreateIdentityBody{SchemaID: "s", Traits: []byte(`{}`)}, kratos.WithRetryUnsafe()); err != nil || count.Load() != 2 {
		t.Fatalf("POST with WithRetryUnsafe: %d requests, err %v", count.Load(), err)
	}
}

func TestRetriesOff(t *testing.T) {
	srv, count := flaky(t, 1, 503, nil, nil)
	c, _ := kratos.NewClient(srv.URL, kratos.WithRetry(kratos.RetryPolicy{}))
	if _, err := c.Metadata.IsAlive(context.Background()); err == nil || count.Load() != 1 {
		t.Fatalf("%d requests, err %v", count.Load(), err)
	}
}

func TestCancelDuringBackoff(t *testing.T) {
	srv, count := flaky(t, 5, 503, http.Header{"Retry-After": {"30"}}, nil)
	c, _ := kratos.NewClient(srv.URL, kratos.WithRetry(kratos.RetryPolicy{MaxAttempts: 5, Budget: time.Minute}))
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(100*time.Millisecond, cancel)
	start := time.Now()
	_, err := c.Metadata.IsAlive(ctx)
	var te *kratos.TransportError
	if !errors.Is(err, context.Canceled) || !errors.As(err, &te) || time.Since(start) > 2*time.Second || count.Load() != 1 {
		t.Fatalf("after %v and %d requests: %v", time.Since(start), count.Load(), err)
	}
}

func TestBudgetStopsRetries(t *testing.T) {
	srv, count := flaky(t, 5, 503, http.Header{"Retry-After": {"30"}}, nil)
	c, _ := kratos.NewClient(srv.URL, kratos.WithRetry(kratos.RetryPolicy{MaxAttempts: 5, Budget: 5 * time.Second}))
	start := time.Now()
	_, err := c.Metadata.IsAlive(context.Background())
	var apiErr *kratos.APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 503 || count.Load() != 1 || time.Since(start) > time.Second {
		t.Fatalf("a Retry-After beyond the budget must end retrying at once: %d requests, %v, %v", count.Load(), time.Since(start), err)
	}
}

func TestRetryOnConnectionError(t *testing.T) {
	var count atomic.Int64
	doer := kratos.DoerFunc(func(r *http.Request) (*http.Response, error) {
		if count.Add(1) == 1 {
			return nil, &net.OpError{Op: "dial", Err: errors.New("connection refused")}
		}
		return http.DefaultClient.Do(r)
	})
	srv, _ := flaky(t, 0, 0, nil, nil)
	c, _ := kratos.NewClient(srv.URL, kratos.WithRetry(fast), kratos.WithHTTPClient(doer))
	if _, err := c.Metadata.IsAlive(context.Background()); err != nil || count.Load() != 2 {
		t.Fatalf("%d attempts, %v", count.Load(), err)
	}
}

// TestNoLeaks sends 10,000 requests, a tenth of them answered 503 then
// retried: connections are reused and no goroutine is left behind.
func TestNoLeaks(t *testing.T) {
	if testing.Short() {
		t.Skip("skipped in -short mode: 10,000 requests")
	}
	var conns, count atomic.Int64
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if count.Add(1)%10 == 0 {
			w.WriteHeader(503)
			fmt.Fprint(w, `{"error":{"message":"busy"}}`)
			return
		}
		fmt.Fprint(w, `{"status":"ok"}`)
	}))
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			conns.Add(1)
		}
	}
	srv.Start()
	defer srv.Close()
	hc := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 4}}
	c, _ := kratos.NewClient(srv.URL, kratos.WithHTTPClient(hc), kratos.WithRetry(kratos.RetryPolicy{MaxAttempts: 2}))
	before := runtime.NumGoroutine()
	for i := 0; i < 10000; i++ {
		if _, err := c.Metadata.IsAlive(context.Background()); err != nil {
			var apiErr *kratos.APIError
			if !errors.As(err, &apiErr) || apiErr.StatusCode != 503 {
				t.Fatal(err)
			}
		}
	}
	hc.CloseIdleConnections()
	time.Sleep(50 * time.Millisecond)
	if g := runtime.NumGoroutine(); g > before+2 {
		t.Errorf("goroutines: %d before, %d after", before, g)
	}
	if conns.Load() > 4 {
		t.Errorf("%d connections for sequential requests: bodies are not drained", conns.Load())
	}
}
