package clientrt

import (
	"context"
	"errors"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestBearer(t *testing.T) {
	for in, want := range map[string]string{"tok": "Bearer tok", "Bearer tok": "Bearer tok", "bearer tok": "bearer tok", "Bearer": "Bearer Bearer"} {
		if got := bearer(in); got != want {
			t.Errorf("bearer(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestRetryAfterNeverNow(t *testing.T) {
	now := time.Now()
	p := RetryPolicy{MaxDelay: time.Second}
	for _, v := range []string{"9223372037", "99999999999999999999999999", "999999"} {
		resp := &http.Response{Header: http.Header{"Retry-After": {v}}}
		if d := p.backoff(1, resp, now); d != time.Second {
			t.Errorf("Retry-After %s: wait %v, want MaxDelay", v, d)
		}
	}
	if d := (RetryPolicy{}).backoff(1, &http.Response{Header: http.Header{"Retry-After": {"999999"}}}, now); d != defaultMaxWait {
		t.Errorf("no MaxDelay: wait %v, want %v", d, defaultMaxWait)
	}
	if d := (RetryPolicy{BaseDelay: time.Hour, MaxDelay: time.Second}).backoff(70, nil, now); d < 0 || d > time.Second {
		t.Errorf("exponential backoff not capped: %v", d)
	}
	// A wait past the budget is not taken.
	if _, ok := (RetryPolicy{Budget: time.Second, MaxDelay: 5 * time.Second}).wait(context.Background(), 1,
		&http.Response{Header: http.Header{"Retry-After": {"3"}}}, now, now); ok {
		t.Error("wait past the budget taken")
	}
}

func TestRedaction(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	tr := mustTransport(t, "http://"+addr, withCredential("key", credential{in: "query", name: "k", value: "query-secret-1"}),
		withCredential("tok", credential{in: "header", name: "X-Token", value: "header-secret-2"}), WithRetry(RetryPolicy{}))
	c := newCall(Operation{Method: "GET"}, "/x")
	c.security = [][]string{{"key", "tok"}}
	c.query.Set("access_token", "heuristic-secret-3")
	err = roundTrip(context.Background(), tr, c, nil, nil)
	var te *TransportError
	if !errors.As(err, &te) {
		t.Fatalf("%T %v", err, err)
	}
	for _, s := range []string{"query-secret-1", "heuristic-secret-3"} {
		if strings.Contains(err.Error(), s) || strings.Contains(te.URL, s) {
			t.Errorf("%s in %q / %q", s, err, te.URL)
		}
	}
	// A server that echoes the token.
	rec := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(403)
		w.Write([]byte(`{"error":{"message":"bad token ` + r.Header.Get("X-Token") + `"}}`))
	})
	tr = mustTransport(t, rec.srv.URL, withCredential("tok", credential{in: "header", name: "X-Token", value: "header-secret-2"}))
	c = newCall(Operation{Method: "GET"}, "/x")
	c.security = [][]string{{"tok"}}
	err = roundTrip(context.Background(), tr, c, nil, nil)
	if err == nil || strings.Contains(err.Error(), "header-secret-2") || !strings.Contains(err.Error(), "bad token REDACTED") {
		t.Errorf("echoed token: %v", err)
	}
}

func TestBodyMessage(t *testing.T) {
	for body, want := range map[string]string{
		`{"error":{"message":"m","reason":"r","id":"x"}}`:                                                                                          "m: r [x]",
		`{"error":"invalid_client","error_description":"Client authentication failed"}`:                                                            "invalid_client: Client authentication failed",
		`{"ui":{"messages":[{"id":4000006,"text":"bad"}],"nodes":[{"attributes":{"name":"password"},"messages":[{"id":4000005,"text":"weak"}]}]}}`: "bad [4000006]; password: weak [4000005]",
		`{"message":"plain"}`: "plain",
		`[1]`:                 "",
		`not json`:            "",
	} {
		if got := bodyMessage([]byte(body)); got != want {
			t.Errorf("bodyMessage(%s) = %q, want %q", body, got, want)
		}
	}
}

func TestPagesEnd(t *testing.T) {
	n := 0
	for _, err := range pages(func(token string) ([]int, string, error) {
		n++
		return []int{1}, "same", nil
	}) {
		if err != nil {
			if !errors.Is(err, ErrRepeatedPage) || n != 2 {
				t.Errorf("%v after %d pages", err, n)
			}
		}
	}
}

func TestCredentialChecked(t *testing.T) {
	for _, cr := range []credential{{in: "header", name: "X", value: "a\nb"}, {in: "cookie", name: "c", value: "a;b\r\n"}} {
		if _, err := newTransport("http://x", []Option{withCredential("s", cr)}); err == nil {
			t.Errorf("%+v accepted", cr)
		}
	}
}
