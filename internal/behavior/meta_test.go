package behavior

import (
	"bufio"
	"context"
	"io"
	"net"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"

	meta "github.com/orygen/orygen/testdata/golden/meta"
)

// rawServer reads each request's bytes as they came off the connection
// and answers with the next of replies, raw bytes too (the last one
// again once they run out), so that tests see the exact header bytes both
// ways.
type rawServer struct {
	addr string
	mu   sync.Mutex
	reqs []string
}

func newRawServer(t *testing.T, replies ...string) *rawServer {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &rawServer{addr: ln.Addr().String()}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			go s.serve(conn, replies)
		}
	}()
	return s
}

func (s *rawServer) serve(conn net.Conn, replies []string) {
	defer conn.Close()
	br := bufio.NewReader(conn)
	for {
		var head strings.Builder
		n := 0
		for {
			line, err := br.ReadString('\n')
			if err != nil {
				return
			}
			head.WriteString(line)
			if v, ok := strings.CutPrefix(line, "Content-Length: "); ok {
				n, _ = strconv.Atoi(strings.TrimSpace(v))
			}
			if line == "\r\n" {
				break
			}
		}
		body := make([]byte, n)
		if _, err := io.ReadFull(br, body); err != nil {
			return
		}
		s.mu.Lock()
		s.reqs = append(s.reqs, head.String()+string(body))
		i := min(len(s.reqs), len(replies)) - 1
		s.mu.Unlock()
		if _, err := io.WriteString(conn, replies[i]); err != nil {
			return
		}
	}
}

func (s *rawServer) requests() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.reqs...)
}

const (
	reply503     = "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nRetry-After: 0\r\n\r\n"
	replyCreated = "HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nContent-Length: 11\r\n\r\n{\"id\":\"o1\"}"
)

var keyHeader = regexp.MustCompile(`(?m)^Idempotency-Key: ([0-9a-f-]{36})\r$`)

// A POST of a package whose config names idempotency_header sends a key,
// the same on its retry after a 503, another on the next call; without
// WithRetryUnsafe it is retried all the same.
func TestIdempotencyKeyOnTheWire(t *testing.T) {
	srv := newRawServer(t, reply503, replyCreated, replyCreated)
	c, err := meta.NewClient("http://"+srv.addr+"/v1", meta.WithOryAccessToken("tok"),
		meta.WithRetry(meta.RetryPolicy{MaxAttempts: 2}))
	if err != nil {
		t.Fatal(err)
	}
	for range 2 {
		if _, err := c.Orders.CreateOrder(context.Background(), &meta.Order{ID: "o1"}); err != nil {
			t.Fatal(err)
		}
	}
	reqs := srv.requests()
	if len(reqs) != 3 {
		t.Fatalf("%d requests for two POSTs, the first answered 503 once; want 3", len(reqs))
	}
	var keys []string
	for i, r := range reqs {
		m := keyHeader.FindStringSubmatch(r)
		if m == nil {
			t.Fatalf("request %d has no Idempotency-Key:\n%s", i, r)
		}
		keys = append(keys, m[1])
		want := "POST /v1/orders HTTP/1.1\r\n" +
			"Host: " + srv.addr + "\r\n" +
			"User-Agent: meta orygen/devel\r\n" +
			"Content-Length: 11\r\n" +
			"Accept: application/json\r\n" +
			"Authorization: Bearer tok\r\n" +
			"Content-Type: application/json\r\n" +
			"Idempotency-Key: " + m[1] + "\r\n" +
			"Accept-Encoding: gzip\r\n\r\n" +
			`{"id":"o1"}`
		if r != want {
			t.Errorf("request %d:\n%q\nwant\n%q", i, r, want)
		}
	}
	if keys[0] != keys[1] {
		t.Errorf("the retry sent key %s, the first attempt %s", keys[1], keys[0])
	}
	if keys[1] == keys[2] {
		t.Errorf("two calls sent the same key %s", keys[1])
	}
}

// Safe and idempotent methods send no key, and a PATCH does.
func TestIdempotencyKeyByMethod(t *testing.T) {
	srv := newRawServer(t, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 11\r\n\r\n{\"id\":\"o1\"}")
	c, err := meta.NewClient("http://" + srv.addr)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if _, err := c.Orders.GetOrder(ctx, "o1"); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Orders.UpdateOrder(ctx, "o1", &meta.Order{ID: "o1"}); err != nil {
		t.Fatal(err)
	}
	reqs := srv.requests()
	if keyHeader.MatchString(reqs[0]) || !keyHeader.MatchString(reqs[1]) {
		t.Errorf("GET then PATCH:\n%s\n%s\nwant a key on the PATCH only", reqs[0], reqs[1])
	}
}

// NewClientFromEnv reads the base URL and WithEnv the credentials from
// the variables the config names.
func TestClientFromEnv(t *testing.T) {
	srv := newRawServer(t, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 11\r\n\r\n{\"id\":\"o1\"}")
	t.Setenv("ORDERS_URL", "")
	if _, err := meta.NewClientFromEnv(); err == nil || err.Error() != "NewClientFromEnv: ORDERS_URL is not set" {
		t.Fatalf("without ORDERS_URL: %v", err)
	}
	t.Setenv("ORDERS_URL", "http://"+srv.addr+"/base")
	t.Setenv("ORDERS_TOKEN", "from-env")
	t.Setenv("ORDERS_API_KEY", "key-from-env")
	c, err := meta.NewClientFromEnv()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Orders.GetOrder(context.Background(), "o1"); err != nil {
		t.Fatal(err)
	}
	// An option after WithEnv wins.
	c, err = meta.NewClientFromEnv(meta.WithOryAccessToken("explicit"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Orders.GetOrder(context.Background(), "o1"); err != nil {
		t.Fatal(err)
	}
	reqs := srv.requests()
	for i, tok := range []string{"from-env", "explicit"} {
		want := "GET /base/orders/o1 HTTP/1.1\r\n" +
			"Host: " + srv.addr + "\r\n" +
			"User-Agent: meta orygen/devel\r\n" +
			"Accept: application/json\r\n" +
			"Authorization: Bearer " + tok + "\r\n" +
			"Accept-Encoding: gzip\r\n\r\n"
		if reqs[i] != want {
			t.Errorf("request %d:\n%q\nwant\n%q", i, reqs[i], want)
		}
	}
	// WithEnv alone, on a client made with NewClient: an empty variable
	// sets nothing.
	t.Setenv("ORDERS_TOKEN", "")
	c, err = meta.NewClient("http://"+srv.addr, meta.WithEnv())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Orders.GetOrder(context.Background(), "o1"); err != nil {
		t.Fatal(err)
	}
	if got := srv.requests()[2]; strings.Contains(got, "Authorization") {
		t.Errorf("an empty ORDERS_TOKEN sent a credential:\n%s", got)
	}
}

// WithRequestMiddleware wraps one call's attempts.
func TestRequestMiddlewareOnOneCall(t *testing.T) {
	srv := newRawServer(t, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 11\r\n\r\n{\"id\":\"o1\"}")
	c, err := meta.NewClient("http://" + srv.addr)
	if err != nil {
		t.Fatal(err)
	}
	tag := func(next meta.HTTPDoer) meta.HTTPDoer {
		return meta.DoerFunc(func(r *http.Request) (*http.Response, error) {
			r.Header.Set("X-Call", "tagged")
			return next.Do(r)
		})
	}
	ctx := context.Background()
	if _, err := c.Orders.GetOrder(ctx, "o1", meta.WithRequestMiddleware(tag)); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Orders.GetOrder(ctx, "o1"); err != nil {
		t.Fatal(err)
	}
	reqs := srv.requests()
	if !strings.Contains(reqs[0], "\r\nX-Call: tagged\r\n") || strings.Contains(reqs[1], "X-Call") {
		t.Errorf("X-Call on the first call only:\n%s\n%s", reqs[0], reqs[1])
	}
}
