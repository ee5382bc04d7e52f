package behavior

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	zoo "github.com/orygen/orygen/testdata/golden/features"
)

// TestOperationContextUserAgentAndLogger: middleware reads the operation
// from the request's context; the default User-Agent names the package and
// orygen; WithLogger logs at debug level without the bearer token.
func TestOperationContextUserAgentAndLogger(t *testing.T) {
	var ua atomic.Value
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ua.Store(r.Header.Get("User-Agent"))
		fmt.Fprint(w, `{"id":"a1","name":"Leo","species":"lion"}`)
	}))
	defer srv.Close()
	var ops []zoo.Operation
	mw := func(next zoo.HTTPDoer) zoo.HTTPDoer {
		return zoo.DoerFunc(func(r *http.Request) (*http.Response, error) {
			if op, ok := zoo.OperationFrom(r.Context()); ok {
				ops = append(ops, op)
			}
			return next.Do(r)
		})
	}
	var logs bytes.Buffer
	log := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	c, err := zoo.NewClient(srv.URL, zoo.WithMiddleware(mw), zoo.WithLogger(log), zoo.WithBearer("secret-token-1"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Animals.GetAnimal(context.Background(), "a1", nil); err != nil {
		t.Fatal(err)
	}
	want := zoo.Operation{ID: "getAnimal", Method: "GET", Path: "/animals/{animal_id}"}
	if len(ops) != 1 || ops[0] != want {
		t.Errorf("operations seen: %+v, want %+v", ops, want)
	}
	if got := ua.Load().(string); !strings.HasPrefix(got, "features orygen/") {
		t.Errorf("default User-Agent %q", got)
	}
	if !strings.Contains(logs.String(), "operation=getAnimal") || strings.Contains(logs.String(), "secret-token-1") {
		t.Errorf("log:\n%s", logs.String())
	}
	c, _ = zoo.NewClient(srv.URL, zoo.WithUserAgent("mine/1"))
	c.Animals.GetAnimal(context.Background(), "a1", nil)
	if got := ua.Load().(string); got != "mine/1" {
		t.Errorf("WithUserAgent: %q", got)
	}
}

// TestPerCallOptions: a call's own retry policy, attempt timeout and base
// URL.
func TestPerCallOptions(t *testing.T) {
	var hits atomic.Int32
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if hits.Add(1) == 1 {
			select {
			case <-r.Context().Done():
			case <-time.After(5 * time.Second):
			}
			return
		}
		fmt.Fprint(w, `{"id":"a1","name":"Leo","species":"lion"}`)
	}))
	defer slow.Close()
	c, err := zoo.NewClient("http://127.0.0.1:1", zoo.WithRetry(zoo.RetryPolicy{}))
	if err != nil {
		t.Fatal(err)
	}
	a, err := c.Animals.GetAnimal(context.Background(), "a1", nil,
		zoo.WithBaseURL(slow.URL), zoo.WithAttemptTimeout(100*time.Millisecond), zoo.WithRequestRetry(zoo.RetryPolicy{MaxAttempts: 2}))
	if err != nil || a == nil || hits.Load() != 2 {
		t.Fatalf("got %+v, %v after %d attempts", a, err, hits.Load())
	}
	if p := zoo.Ptr("x"); *p != "x" {
		t.Fatal("Ptr")
	}
}
