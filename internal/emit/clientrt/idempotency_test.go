package clientrt

import (
	"context"
	"net/http"
	"reflect"
	"regexp"
	"sync"
	"testing"
)

// keyServer fails the first attempts of each call with a 503 and records
// the Idempotency-Key of every attempt.
type keyServer struct {
	mu    sync.Mutex
	keys  []string
	fails int // 503s before each success
	seen  int
}

func (k *keyServer) doer() HTTPDoer {
	return DoerFunc(func(r *http.Request) (*http.Response, error) {
		k.mu.Lock()
		defer k.mu.Unlock()
		k.keys = append(k.keys, r.Header.Get("Idempotency-Key"))
		status := http.StatusNoContent
		if k.seen < k.fails {
			status = http.StatusServiceUnavailable
			k.seen++
		} else {
			k.seen = 0
		}
		return &http.Response{StatusCode: status, Header: http.Header{}, Body: http.NoBody, Request: r}, nil
	})
}

var uuidV4 = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)

func TestIdempotencyKeySameAcrossRetriesFreshPerCall(t *testing.T) {
	ks := &keyServer{fails: 2}
	tr := mustTransport(t, "http://api.example", WithHTTPClient(ks.doer()), withIdempotencyKeys("idempotency-key"),
		WithRetry(RetryPolicy{MaxAttempts: 3}))
	for range 2 {
		if err := roundTrip(context.Background(), tr, newCall(Operation{Method: "POST"}, "/x"), nil, nil); err != nil {
			t.Fatal(err)
		}
	}
	if len(ks.keys) != 6 {
		t.Fatalf("%d attempts for two POSTs failing twice each, want 6 (retried without WithRetryUnsafe): %q", len(ks.keys), ks.keys)
	}
	for _, k := range ks.keys {
		if !uuidV4.MatchString(k) {
			t.Fatalf("key %q is not a version 4 UUID", k)
		}
	}
	if ks.keys[0] != ks.keys[1] || ks.keys[1] != ks.keys[2] || ks.keys[3] != ks.keys[4] || ks.keys[4] != ks.keys[5] {
		t.Errorf("a call's attempts sent different keys: %q", ks.keys)
	}
	if ks.keys[0] == ks.keys[3] {
		t.Errorf("two calls shared the key %q", ks.keys[0])
	}
}

func TestIdempotencyKeyOnlyForUnsafeMethods(t *testing.T) {
	ks := &keyServer{}
	tr := mustTransport(t, "http://api.example", WithHTTPClient(ks.doer()), withIdempotencyKeys("Idempotency-Key"))
	for _, m := range []string{"GET", "PUT", "DELETE", "PATCH", "POST"} {
		if err := roundTrip(context.Background(), tr, newCall(Operation{Method: m}, "/x"), nil, nil); err != nil {
			t.Fatal(err)
		}
	}
	if ks.keys[0] != "" || ks.keys[1] != "" || ks.keys[2] != "" || ks.keys[3] == "" || ks.keys[4] == "" {
		t.Errorf("keys by method GET PUT DELETE PATCH POST: %q; want only PATCH and POST to carry one", ks.keys)
	}
}

func TestUnsafeNotRetriedWithoutIdempotencyHeader(t *testing.T) {
	ks := &keyServer{fails: 1}
	tr := mustTransport(t, "http://api.example", WithHTTPClient(ks.doer()), WithRetry(RetryPolicy{MaxAttempts: 3}))
	roundTrip(context.Background(), tr, newCall(Operation{Method: "POST"}, "/x"), nil, nil)
	if !reflect.DeepEqual(ks.keys, []string{""}) {
		t.Fatalf("POST without a configured idempotency header: attempts with keys %q, want one attempt without a key", ks.keys)
	}
}

func TestCallersIdempotencyKeyKept(t *testing.T) {
	ks := &keyServer{fails: 1}
	tr := mustTransport(t, "http://api.example", WithHTTPClient(ks.doer()), withIdempotencyKeys("Idempotency-Key"),
		WithRetry(RetryPolicy{MaxAttempts: 2}))
	err := roundTrip(context.Background(), tr, newCall(Operation{Method: "POST"}, "/x"),
		[]RequestOption{WithRequestHeader("Idempotency-Key", "order-7")}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(ks.keys, []string{"order-7", "order-7"}) {
		t.Errorf("keys %q, want the caller's on both attempts", ks.keys)
	}
}

func TestRequestMiddleware(t *testing.T) {
	var order []string
	mw := func(name string) Middleware {
		return func(next HTTPDoer) HTTPDoer {
			return DoerFunc(func(r *http.Request) (*http.Response, error) {
				order = append(order, name)
				return next.Do(r)
			})
		}
	}
	ks := &keyServer{fails: 1}
	tr := mustTransport(t, "http://api.example", WithHTTPClient(ks.doer()), WithMiddleware(mw("client")),
		WithRetry(RetryPolicy{MaxAttempts: 2}))
	err := roundTrip(context.Background(), tr, newCall(Operation{Method: "GET"}, "/x"),
		[]RequestOption{WithRequestMiddleware(mw("call1"), mw("call2"))}, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"call1", "call2", "client", "call1", "call2", "client"}
	if !reflect.DeepEqual(order, want) {
		t.Errorf("order %q, want %q (per attempt, outside the client's)", order, want)
	}
	order, ks.fails = nil, 0
	if err := roundTrip(context.Background(), tr, newCall(Operation{Method: "GET"}, "/x"), nil, nil); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(order, []string{"client"}) {
		t.Errorf("the next call ran %q; a call's middleware must not stay on the client", order)
	}
}
