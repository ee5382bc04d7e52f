package behavior

import (
	"bufio"
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

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

// rawReply is a 200 with the given header lines (each ending in CRLF)
// and a JSON body.
func rawReply(headers, body string) string {
	return "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n" + headers +
		"Content-Length: " + strconv.Itoa(len(body)) + "\r\n\r\n" + body
}

// The headers a success declares are parsed per their schemas into the
// Result, beside the body: integers, a date-time, a boolean, strings, and
// simple-style lists over several field lines.
func TestResponseHeadersTyped(t *testing.T) {
	srv := newRawServer(t, rawReply("X-Total-Count: 42\r\n"+
		"Link: </v1/orders?page=2>; rel=\"next\"\r\n"+
		"X-RateLimit-Remaining: 7\r\n"+
		"X-RateLimit-Reset: 2026-12-07T22:30:00.5Z\r\n"+
		"X-Sampled: true\r\n"+
		"X-Tags: a, b\r\nX-Tags: c\r\n"+
		"X-Shards: 1,2,,3\r\n", `[{"id":"o1"}]`))
	c, err := meta.NewClient("http://" + srv.addr)
	if err != nil {
		t.Fatal(err)
	}
	res, err := c.Orders.ListOrders(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.StatusCode != 200 || res.OK == nil || len(*res.OK) != 1 || (*res.OK)[0].ID != "o1" {
		t.Fatalf("body: %+v", res)
	}
	if res.XTotalCount != 42 {
		t.Errorf("XTotalCount %d", res.XTotalCount)
	}
	if res.Link == nil || *res.Link != `</v1/orders?page=2>; rel="next"` {
		t.Errorf("Link %v", res.Link)
	}
	if res.XRateLimitRemaining == nil || *res.XRateLimitRemaining != 7 {
		t.Errorf("XRateLimitRemaining %v", res.XRateLimitRemaining)
	}
	if want := time.Date(2026, 12, 7, 22, 30, 0, 5e8, time.UTC); res.XRateLimitReset == nil || !res.XRateLimitReset.Equal(want) {
		t.Errorf("XRateLimitReset %v, want %v", res.XRateLimitReset, want)
	}
	if res.XSampled == nil || !*res.XSampled {
		t.Errorf("XSampled %v", res.XSampled)
	}
	if !reflect.DeepEqual(res.XTags, []string{"a", "b", "c"}) {
		t.Errorf("XTags %q", res.XTags)
	}
	if !reflect.DeepEqual(res.XShards, []int64{1, 2, 3}) {
		t.Errorf("XShards %v", res.XShards)
	}
}

// Optional headers that are absent are nil; a required one that is
// absent, or a value its schema refuses, is the call's error.
func TestResponseHeadersMissingAndMalformed(t *testing.T) {
	for _, tc := range []struct {
		name, headers, want string
	}{
		{"only the required", "X-Total-Count: 0\r\n", ""},
		{"required missing", "", "response header X-Total-Count is missing"},
		{"not an integer", "X-Total-Count: 4x\r\n", `response header X-Total-Count: "4x": strconv.ParseInt: parsing "4x": invalid syntax`},
		{"int32 overflow", "X-Total-Count: 1\r\nX-RateLimit-Remaining: 2147483648\r\n", `response header X-RateLimit-Remaining: "2147483648": strconv.ParseInt: parsing "2147483648": value out of range`},
		{"not a boolean", "X-Total-Count: 1\r\nX-Sampled: yes\r\n", `response header X-Sampled: "yes": not true or false`},
		{"not a date-time", "X-Total-Count: 1\r\nX-RateLimit-Reset: Mon, 07 Dec 2026 22:30:00 GMT\r\n", `response header X-RateLimit-Reset: "Mon, 07 Dec 2026 22:30:00 GMT": parsing time`},
		{"list item", "X-Total-Count: 1\r\nX-Shards: 1, two\r\n", `response header X-Shards: "1, two": strconv.ParseInt: parsing "two": invalid syntax`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := newRawServer(t, rawReply(tc.headers, `[]`))
			c, err := meta.NewClient("http://" + srv.addr)
			if err != nil {
				t.Fatal(err)
			}
			res, err := c.Orders.ListOrders(context.Background(), nil)
			if tc.want == "" {
				if err != nil || res.XTotalCount != 0 || res.Link != nil || res.XRateLimitReset != nil || res.XSampled != nil || res.XTags != nil || res.XShards != nil {
					t.Fatalf("%+v %v", res, err)
				}
				return
			}
			var he *meta.HeaderError
			if !errors.As(err, &he) || !strings.HasPrefix(err.Error(), tc.want) || res != nil {
				t.Fatalf("got %v (%T), result %v; want an error starting %q", err, err, res, tc.want)
			}
		})
	}
}

// A success without a body still returns its declared headers, and an
// error status returns the error, not a Result.
func TestHeadersWithoutBodyAndOnErrors(t *testing.T) {
	srv := newRawServer(t, "HTTP/1.1 204 No Content\r\nX-Request-Id: req-9\r\n\r\n",
		"HTTP/1.1 404 Not Found\r\nX-Request-Id: req-10\r\nContent-Length: 0\r\n\r\n")
	c, err := meta.NewClient("http://" + srv.addr)
	if err != nil {
		t.Fatal(err)
	}
	res, err := c.Orders.DeleteOrder(context.Background(), "o1")
	if err != nil || res.StatusCode != 204 || res.XRequestID == nil || *res.XRequestID != "req-9" {
		t.Fatalf("204: %+v %v", res, err)
	}
	res, err = c.Orders.DeleteOrder(context.Background(), "o1")
	var apiErr *meta.APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 404 || res != nil {
		t.Fatalf("404: %+v %v", res, err)
	}
}

// The iterators of operations with headers read the page from the
// Result: Link pagination and a body's next token.
func TestPagesOfResults(t *testing.T) {
	srv := newRawServer(t,
		rawReply("Link: </events?page_token=p2>; rel=\"next\"\r\nX-Total-Count: 3\r\n", `["a","b"]`),
		rawReply("X-Total-Count: 3\r\n", `["c"]`),
		rawReply("", `{"items":["x"],"next_page_token":"n2"}`),
		rawReply("", `{"items":["y"]}`))
	c, err := meta.NewClient("http://" + srv.addr)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for v, err := range c.Events.ListEventsAll(context.Background(), nil) {
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, v)
	}
	for v, err := range c.Events.ListAuditsAll(context.Background(), nil) {
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, v)
	}
	if !reflect.DeepEqual(got, []string{"a", "b", "c", "x", "y"}) {
		t.Errorf("items %q", got)
	}
	reqs := srv.requests()
	if len(reqs) != 4 || !strings.HasPrefix(reqs[1], "GET /events?page_token=p2 ") || !strings.HasPrefix(reqs[3], "GET /audits?page_token=n2 ") {
		t.Errorf("requests:\n%s", strings.Join(reqs, "\n"))
	}
}
