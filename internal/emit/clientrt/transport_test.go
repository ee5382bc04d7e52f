package clientrt

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
)

// roundTrip sends c through t and parses the response, as a generated
// method does.
func roundTrip(ctx context.Context, t *transport, c *call, opts []RequestOption, decode func(int, []byte) error) error {
	resp, err := t.send(ctx, c, opts)
	if err != nil {
		return err
	}
	return parseResponse(resp, decode, nil)
}

func mustTransport(t *testing.T, base string, opts ...Option) *transport {
	t.Helper()
	tr, err := newTransport(base, opts)
	if err != nil {
		t.Fatalf("newTransport(%q): %v", base, err)
	}
	return tr
}

// recorder is a server that keeps the last request it got.
type recorder struct {
	srv   *httptest.Server
	hits  atomic.Int32
	last  atomic.Pointer[http.Request]
	body  atomic.Pointer[[]byte]
	reply http.HandlerFunc
}

func newRecorder(t *testing.T, reply http.HandlerFunc) *recorder {
	rec := &recorder{reply: reply}
	rec.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		rec.body.Store(&b)
		rec.last.Store(r)
		rec.hits.Add(1)
		if rec.reply != nil {
			rec.reply(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{}`)
	}))
	t.Cleanup(rec.srv.Close)
	return rec
}

func TestNewTransportBaseURL(t *testing.T) {
	good := map[string]string{
		"http://example.com":              "http://example.com",
		"http://example.com/":             "http://example.com",
		"https://example.com:8443/api/v1": "https://example.com:8443/api/v1",
		"https://example.com/api/v1/":     "https://example.com/api/v1",
		"http://127.0.0.1:4433":           "http://127.0.0.1:4433",
		"http://[::1]:4433/":              "http://[::1]:4433",
		"http://example.com/a%2Fb/":       "http://example.com/a%2Fb",
		"http://example.com/a b":          "http://example.com/a%20b",
		"http://user:pw@example.com/":     "http://user:pw@example.com",
	}
	for in, want := range good {
		tr, err := newTransport(in, nil)
		if err != nil {
			t.Errorf("newTransport(%q): %v", in, err)
			continue
		}
		if tr.base != want {
			t.Errorf("newTransport(%q).base = %q, want %q", in, tr.base, want)
		}
	}
	for _, in := range []string{
		"",
		"example.com",
		"example.com/api",
		"localhost:4433",
		"/api",
		"http://",
		"http:///path",
		"http://example.com?x=1",
		"http://example.com/?",
		"http://example.com?",
		"http://example.com#frag",
		"http://exa mple.com",
		"http://[::1",
		"http://example.com/%zz",
		"://example.com",
		"mailto:someone@example.com",
	} {
		if tr, err := newTransport(in, nil); err == nil {
			t.Errorf("newTransport(%q) = base %q, want an error", in, tr.base)
		}
		if _, err := buildRequest(context.Background(), in, newCall(Operation{Method: "GET"}, "/x"), nil); err == nil {
			t.Errorf("buildRequest(%q): want an error", in)
		}
	}
}

func TestBasePathPrefixKept(t *testing.T) {
	rec := newRecorder(t, nil)
	for _, base := range []string{rec.srv.URL + "/api/v1", rec.srv.URL + "/api/v1/"} {
		tr := mustTransport(t, base)
		c := newCall(Operation{Method: "GET"}, "/identities/"+pathEscape("a b"))
		c.query.Set("page_size", "2")
		if err := roundTrip(context.Background(), tr, c, nil, nil); err != nil {
			t.Fatal(err)
		}
		r := rec.last.Load()
		if got := r.URL.EscapedPath(); got != "/api/v1/identities/a%20b" {
			t.Errorf("base %q: server saw path %q", base, got)
		}
		if got := r.URL.RawQuery; got != "page_size=2" {
			t.Errorf("base %q: server saw query %q", base, got)
		}
	}
}

func TestPathEscape(t *testing.T) {
	rec := newRecorder(t, nil)
	tr := mustTransport(t, rec.srv.URL+"/api/")
	for _, in := range []string{
		"plain", "../admin", "..", ".", "...", "./", "a/b?c", "a/../b", "%", "%2F", "%2e%2e", "a#b", "a;b", "a,b", "a b", "a+b",
		"?", "#", "/", "//", "\\..\\", "é", "日本語", "😀", "\x00", "\x7f", "\r\n", "\xff\xfe", "a&b=c", "@:$!*'()",
	} {
		seg := pathEscape(in)
		if strings.ContainsAny(seg, "/?#") {
			t.Errorf("pathEscape(%q) = %q: contains a path or URL delimiter", in, seg)
		}
		if seg == "." || seg == ".." {
			t.Errorf("pathEscape(%q) = %q: a dot segment", in, seg)
		}
		if back, err := url.PathUnescape(seg); err != nil || back != in {
			t.Errorf("pathEscape(%q) = %q, which unescapes to %q, %v", in, seg, back, err)
		}
		c := newCall(Operation{Method: "GET"}, "/items/"+seg+"/tail")
		if err := roundTrip(context.Background(), tr, c, nil, nil); err != nil {
			t.Errorf("GET for %q: %v", in, err)
			continue
		}
		r := rec.last.Load()
		wantPath := "/api/items/" + seg + "/tail"
		if got := r.RequestURI; got != wantPath {
			t.Errorf("%q: server got request URI %q, want %q", in, got, wantPath)
		}
		if got := r.URL.EscapedPath(); got != wantPath {
			t.Errorf("%q: server's EscapedPath %q, want %q", in, got, wantPath)
		}
		if r.URL.RawPath != "" && r.URL.RawPath != wantPath {
			t.Errorf("%q: server's RawPath %q, want %q", in, r.URL.RawPath, wantPath)
		}
		if r.URL.RawQuery != "" || r.URL.Fragment != "" {
			t.Errorf("%q: server got query %q fragment %q", in, r.URL.RawQuery, r.URL.Fragment)
		}
		parts := strings.Split(strings.TrimPrefix(r.URL.EscapedPath(), "/api/items/"), "/")
		if len(parts) != 2 || parts[1] != "tail" {
			t.Errorf("%q: server sees segments %q, want one segment then tail", in, parts)
			continue
		}
		if back, err := url.PathUnescape(parts[0]); err != nil || back != in {
			t.Errorf("%q: server's segment %q unescapes to %q, %v", in, parts[0], back, err)
		}
	}
}

// refusingDoer fails the test if a request reaches it.
func refusingDoer(t *testing.T, sent *atomic.Int32) HTTPDoer {
	return DoerFunc(func(r *http.Request) (*http.Response, error) {
		sent.Add(1)
		t.Errorf("request was sent: %s %s %v", r.Method, r.URL, r.Header)
		return nil, errors.New("must not be sent")
	})
}

func TestHeaderInjectionRejected(t *testing.T) {
	bad := []string{"a\r\nX-Evil: 1", "a\nb", "a\rb", "a\x00b", "\r\n", "x\r\n\r\nGET / HTTP/1.1"}
	for _, v := range bad {
		var sent atomic.Int32
		tr := mustTransport(t, "http://example.com", WithHTTPClient(refusingDoer(t, &sent)))

		c := newCall(Operation{Method: "GET"}, "/x")
		c.setHeader("X-Param", v)
		if err := roundTrip(context.Background(), tr, c, nil, nil); err == nil || !strings.Contains(err.Error(), "X-Param") {
			t.Errorf("setHeader(%q): err %v, want one naming the header", v, err)
		}
		for name, opt := range map[string]RequestOption{
			"WithRequestHeader value": WithRequestHeader("X-Extra", v),
			"WithRequestHeader name":  WithRequestHeader("X-Extra"+v, "ok"),
			"WithCookie":              WithCookie("session=" + v),
			"WithCSRFToken":           WithCSRFToken(v),
		} {
			err := roundTrip(context.Background(), tr, newCall(Operation{Method: "GET"}, "/x"), []RequestOption{opt}, nil)
			if err == nil {
				t.Errorf("%s with %q: want an error", name, v)
			}
			var te *TransportError
			if errors.As(err, &te) {
				t.Errorf("%s with %q: %v is a TransportError, want a refusal before sending", name, v, err)
			}
			if _, err := buildRequest(context.Background(), "http://example.com", newCall(Operation{Method: "GET"}, "/x"), []RequestOption{opt}); err == nil {
				t.Errorf("buildRequest with %s %q: want an error", name, v)
			}
		}
		if _, err := newTransport("http://example.com", []Option{WithUserAgent("ua" + v), WithHTTPClient(refusingDoer(t, &sent))}); err == nil {
			t.Errorf("WithUserAgent(%q): want an error", "ua"+v)
		}
		if n := sent.Load(); n != 0 {
			t.Errorf("%q: %d requests sent", v, n)
		}
	}

	// The same through a real server: nothing arrives.
	rec := newRecorder(t, nil)
	tr := mustTransport(t, rec.srv.URL)
	c := newCall(Operation{Method: "GET"}, "/x")
	c.setHeader("X-Param", "a\r\nX-Evil: 1")
	if err := roundTrip(context.Background(), tr, c, nil, nil); err == nil {
		t.Error("want an error")
	}
	if err := roundTrip(context.Background(), tr, newCall(Operation{Method: "GET"}, "/x"), []RequestOption{WithRequestHeader("X-A", "b\nc")}, nil); err == nil {
		t.Error("want an error")
	}
	if n := rec.hits.Load(); n != 0 {
		t.Errorf("server got %d requests", n)
	}

	// Ordinary values pass, and the first error of a call is kept.
	c = newCall(Operation{Method: "GET"}, "/x")
	c.setHeader("X-Ok", "a b\tc é")
	if c.err != nil {
		t.Errorf("setHeader of an ordinary value: %v", c.err)
	}
	c.setHeader("X-Bad1", "\n")
	c.setHeader("X-Bad2", "\n")
	if c.err == nil || !strings.Contains(c.err.Error(), "X-Bad1") {
		t.Errorf("first error not kept: %v", c.err)
	}
}

func TestCookies(t *testing.T) {
	c := newCall(Operation{Method: "GET"}, "/x")
	c.cookieParam("a", true, scalarParam("1"))
	c.cookieParam("b", true, scalarParam("two"))
	// Values are percent-encoded, so none can end the cookie or split
	// the header.
	c.cookieParam("c", true, scalarParam("a;b\r\n\"x\" y"))
	if got := c.header.Get("Cookie"); got != "a=1; b=two; c=a%3Bb%0D%0A%22x%22%20y" {
		t.Errorf("Cookie = %q", got)
	}
	if c.err != nil {
		t.Fatal(c.err)
	}
	for _, name := range []string{"bad name", "a;b", "", "n\r\n"} {
		c := newCall(Operation{Method: "GET"}, "/x")
		c.cookieParam(name, true, scalarParam("v"))
		if c.err == nil {
			t.Errorf("cookieParam(%q): want an error", name)
		}
	}
}

func TestFormValues(t *testing.T) {
	type inner struct {
		B string `json:"b"`
		C []int  `json:"c,omitempty"`
	}
	type body struct {
		S       string          `json:"s"`
		Empty   string          `json:"empty"`
		Int     int64           `json:"int"`
		Big     int64           `json:"big"`
		Float   float64         `json:"float"`
		Raw     json.RawMessage `json:"raw"`
		T       bool            `json:"t"`
		F       bool            `json:"f"`
		List    []string        `json:"list"`
		Nums    []float64       `json:"nums"`
		Nested  inner           `json:"nested"`
		Objs    []inner         `json:"objs"`
		Nil     *string         `json:"nil"`
		Null    Nullable[int]   `json:"null"`
		Absent  Nullable[int]   `json:"absent,omitzero"`
		Omitted string          `json:"omitted,omitempty"`
		Special string          `json:"a&b=c"`
		Map     map[string]any  `json:"map"`
		NoList  []string        `json:"no_list"`
	}
	v := body{
		S: "x y&z=ü", Int: -7, Big: 9007199254740993, Float: 0.1, Raw: json.RawMessage(`1.50`),
		T: true, List: []string{"a", "b", "a"}, Nums: []float64{1e21, 2.5},
		Nested: inner{B: "bee", C: []int{1, 2}}, Objs: []inner{{B: "one"}, {B: "two"}},
		Null: Null[int](), Special: "&=", Map: map[string]any{"k": map[string]any{"deep": nil, "x": "y"}, "n": nil},
	}
	got, err := formValues(v, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := url.Values{
		"s":        {"x y&z=ü"},
		"empty":    {""},
		"int":      {"-7"},
		"big":      {"9007199254740993"},
		"float":    {"0.1"},
		"raw":      {"1.50"},
		"t":        {"true"},
		"f":        {"false"},
		"list":     {"a", "b", "a"},
		"nums":     {"1e+21", "2.5"},
		"nested.b": {"bee"},
		"nested.c": {"1", "2"},
		"objs.b":   {"one", "two"},
		"a&b=c":    {"&="},
		"map.k.x":  {"y"},
	}
	// The encoding round-trips through a form parser.
	parsed, err := url.ParseQuery(got.Encode())
	if err != nil || !reflect.DeepEqual(parsed, want) {
		t.Errorf("ParseQuery(Encode()) = %v, %v", parsed, err)
	}

	// A map body, and an empty one.
	if got, err := formValues(map[string]string{"a": "1"}, nil); err != nil || got.Encode() != "a=1" {
		t.Errorf("formValues(map) = %v, %v", got, err)
	}
	if got, err := formValues(struct{}{}, nil); err != nil || len(got) != 0 {
		t.Errorf("formValues(struct{}{}) = %v, %v", got, err)
	}
	// Anything that is not an object is an error.
	for _, v := range []any{nil, "s", 1, []string{"a"}, (*body)(nil), json.RawMessage(`[1]`)} {
		if got, err := formValues(v, nil); err == nil {
			t.Errorf("formValues(%#v) = %v, want an error", v, got)
		}
	}
	if _, err := formValues(map[string]any{"f": func() {}}, nil); err == nil {
		t.Error("formValues with a func: want the json.Marshal error")
	}
}

func TestFormBodyRequest(t *testing.T) {
	type body struct {
		Method string `json:"method"`
		Code   string `json:"code"`
	}
	rec := newRecorder(t, nil)
	tr := mustTransport(t, rec.srv.URL)

	c := newCall(Operation{Method: "POST"}, "/login")
	c.setForm(body{Method: "code", Code: "12 34"})
	if err := roundTrip(context.Background(), tr, c, nil, nil); err != nil {
		t.Fatal(err)
	}
	r := rec.last.Load()
	if ct := r.Header.Get("Content-Type"); ct != "application/x-www-form-urlencoded" {
		t.Errorf("Content-Type %q", ct)
	}
	if got := string(*rec.body.Load()); got != "code=12+34&method=code" {
		t.Errorf("body %q", got)
	}

	// WithFormBody re-encodes a JSON body when the operation allows it.
	c = newCall(Operation{Method: "POST"}, "/login")
	c.asForm = (*call).setForm
	c.setJSON(body{Method: "password"})
	if err := roundTrip(context.Background(), tr, c, []RequestOption{WithFormBody()}, nil); err != nil {
		t.Fatal(err)
	}
	if ct := rec.last.Load().Header.Get("Content-Type"); ct != "application/x-www-form-urlencoded" {
		t.Errorf("WithFormBody: Content-Type %q", ct)
	}
	if got := string(*rec.body.Load()); got != "code=&method=password" {
		t.Errorf("WithFormBody: body %q", got)
	}
	// ... and refuses when it does not.
	c = newCall(Operation{Method: "POST"}, "/login")
	c.setJSON(body{Method: "password"})
	hits := rec.hits.Load()
	if err := roundTrip(context.Background(), tr, c, []RequestOption{WithFormBody()}, nil); err == nil {
		t.Error("WithFormBody on a JSON-only operation: want an error")
	}
	if rec.hits.Load() != hits {
		t.Error("WithFormBody on a JSON-only operation: request was sent")
	}
	// A body that is no object fails before sending.
	c = newCall(Operation{Method: "POST"}, "/login")
	c.setForm([]int{1})
	if err := roundTrip(context.Background(), tr, c, nil, nil); !errors.Is(err, errFormShape) {
		t.Errorf("form of an array: %v, want errFormShape", err)
	}
}

func TestSendAndParse(t *testing.T) {
	type thing struct {
		Name string `json:"name"`
	}
	rec := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Request-Id", "rid-"+r.URL.Path)
		switch r.URL.Path {
		case "/ok":
			w.Header().Set("Content-Type", "application/json")
			io.WriteString(w, `{"name":"n"}`)
		case "/created":
			w.WriteHeader(http.StatusCreated)
			io.WriteString(w, `{"name":"c"}`)
		case "/nocontent":
			w.WriteHeader(http.StatusNoContent)
		case "/blank":
			io.WriteString(w, " \n")
		case "/notfound":
			w.WriteHeader(http.StatusNotFound)
			io.WriteString(w, `{"error":{"code":404,"message":"not found"}}`)
		case "/redirect-status":
			w.WriteHeader(http.StatusNotModified)
		case "/teapot-empty":
			w.WriteHeader(http.StatusTeapot)
		case "/garbage":
			io.WriteString(w, `<html>oops</html>`)
		case "/wrongshape":
			io.WriteString(w, `{"name":5}`)
		}
	})
	tr := mustTransport(t, rec.srv.URL)
	ctx := context.Background()

	var got thing
	decode := func(status int, body []byte) error { return json.Unmarshal(body, &got) }

	if err := roundTrip(ctx, tr, newCall(Operation{Method: "GET"}, "/ok"), nil, decode); err != nil || got.Name != "n" {
		t.Errorf("/ok: %+v, %v", got, err)
	}
	var status int
	decodeStatus := func(s int, body []byte) error { status = s; return json.Unmarshal(body, &got) }
	if err := roundTrip(ctx, tr, newCall(Operation{Method: "POST"}, "/created"), nil, decodeStatus); err != nil || got.Name != "c" || status != 201 {
		t.Errorf("/created: %+v, status %d, %v", got, status, err)
	}
	for _, p := range []string{"/nocontent", "/blank"} {
		called := false
		err := roundTrip(ctx, tr, newCall(Operation{Method: "DELETE"}, p), nil, func(int, []byte) error { called = true; return errors.New("no") })
		if err != nil || called {
			t.Errorf("%s: err %v, decode called %v", p, err, called)
		}
	}
	// No decoder: a body is read and dropped.
	if err := roundTrip(ctx, tr, newCall(Operation{Method: "GET"}, "/ok"), nil, nil); err != nil {
		t.Errorf("/ok without decode: %v", err)
	}

	// Non-2xx: *APIError with everything.
	var resp *http.Response
	err := roundTrip(ctx, tr, newCall(Operation{Method: "GET"}, "/notfound"), []RequestOption{WithResponse(&resp)}, decode)
	var apiErr *APIError
	if !errors.As(err, &apiErr) {
		t.Fatalf("/notfound: %T %v, want *APIError", err, err)
	}
	if apiErr.StatusCode != 404 || apiErr.Method != "GET" || apiErr.URL != rec.srv.URL+"/notfound" ||
		string(apiErr.Body) != `{"error":{"code":404,"message":"not found"}}` || apiErr.Header.Get("X-Request-Id") != "rid-/notfound" {
		t.Errorf("/notfound: %+v", apiErr)
	}
	if !strings.Contains(err.Error(), "404 Not Found") || !strings.Contains(err.Error(), "not found") {
		t.Errorf("/notfound message %q", err)
	}
	if resp == nil || resp.StatusCode != 404 || resp.Header.Get("X-Request-Id") != "rid-/notfound" {
		t.Errorf("WithResponse: %+v", resp)
	}
	var de *DecodeError
	var te *TransportError
	if errors.As(err, &de) || errors.As(err, &te) {
		t.Errorf("/notfound: %v is also a DecodeError or TransportError", err)
	}
	for _, p := range []string{"/redirect-status", "/teapot-empty"} {
		err := roundTrip(ctx, tr, newCall(Operation{Method: "GET"}, p), nil, decode)
		if !errors.As(err, &apiErr) || len(apiErr.Body) != 0 {
			t.Errorf("%s: %v", p, err)
		}
	}

	// Undecodable 2xx: *DecodeError keeping the body.
	for _, p := range []string{"/garbage", "/wrongshape"} {
		resp = nil
		err := roundTrip(ctx, tr, newCall(Operation{Method: "GET"}, p), []RequestOption{WithResponse(&resp)}, decode)
		if !errors.As(err, &de) {
			t.Fatalf("%s: %T %v, want *DecodeError", p, err, err)
		}
		if de.StatusCode != 200 || de.Method != "GET" || !strings.HasSuffix(de.URL, p) || len(de.Body) == 0 || de.Header.Get("X-Request-Id") != "rid-"+p || de.Err == nil {
			t.Errorf("%s: %+v", p, de)
		}
		var jsonErr *json.SyntaxError
		var typeErr *json.UnmarshalTypeError
		if !errors.As(err, &jsonErr) && !errors.As(err, &typeErr) {
			t.Errorf("%s: DecodeError does not unwrap to the json error: %v", p, de.Err)
		}
		if resp == nil || resp.StatusCode != 200 {
			t.Errorf("%s: WithResponse not set", p)
		}
		if errors.As(err, &apiErr) {
			t.Errorf("%s: DecodeError is also an APIError", p)
		}
	}
	if string(de.Body) != `{"name":5}` {
		t.Errorf("DecodeError.Body = %q", de.Body)
	}

	// A declared error shape replaces the *APIError.
	resp2, err := tr.send(ctx, newCall(Operation{Method: "GET"}, "/notfound"), nil)
	if err != nil {
		t.Fatal(err)
	}
	err = parseResponse(resp2, decode, func(e *APIError) error { return &TransportError{Err: e} })
	if !errors.As(err, &te) || !errors.As(err, &apiErr) || apiErr.StatusCode != 404 {
		t.Errorf("errs callback: %v", err)
	}
}

func TestTransportErrors(t *testing.T) {
	// Connection refused: a port that was just listening.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	tr := mustTransport(t, "http://"+addr)
	var resp *http.Response
	err = roundTrip(context.Background(), tr, newCall(Operation{Method: "GET"}, "/x"), []RequestOption{WithResponse(&resp)}, nil)
	var te *TransportError
	if !errors.As(err, &te) {
		t.Fatalf("refused: %T %v, want *TransportError", err, err)
	}
	if te.Method != "GET" || te.URL != "http://"+addr+"/x" || te.Err == nil {
		t.Errorf("refused: %+v", te)
	}
	if !errors.Is(err, syscall.ECONNREFUSED) {
		t.Errorf("refused: %v does not unwrap to ECONNREFUSED", err)
	}
	var opErr *net.OpError
	if !errors.As(err, &opErr) {
		t.Errorf("refused: %v does not unwrap to *net.OpError", err)
	}
	if resp != nil {
		t.Errorf("WithResponse set on a transport error")
	}
	var apiErr *APIError
	var de *DecodeError
	if errors.As(err, &apiErr) || errors.As(err, &de) {
		t.Errorf("refused: %v is also an APIError or DecodeError", err)
	}

	// A cancelled context.
	rec := newRecorder(t, nil)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	err = roundTrip(ctx, mustTransport(t, rec.srv.URL), newCall(Operation{Method: "GET"}, "/x"), nil, nil)
	if !errors.As(err, &te) || !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}

	// A body that fails while being read.
	broken := DoerFunc(func(r *http.Request) (*http.Response, error) {
		return &http.Response{StatusCode: 200, Header: http.Header{}, Body: io.NopCloser(&failingReader{}), Request: r}, nil
	})
	err = roundTrip(context.Background(), mustTransport(t, "http://example.com", WithHTTPClient(broken)), newCall(Operation{Method: "GET"}, "/x"), nil, nil)
	if !errors.As(err, &te) || !errors.Is(err, errBrokenBody) || te.Method != "GET" || te.URL != "http://example.com/x" {
		t.Errorf("broken body: %v", err)
	}
}

var errBrokenBody = errors.New("broken body")

type failingReader struct{ n int }

func (f *failingReader) Read(p []byte) (int, error) {
	if f.n == 0 {
		f.n++
		return copy(p, `{"a":`), nil
	}
	return 0, errBrokenBody
}

func TestRequestHeaders(t *testing.T) {
	rec := newRecorder(t, nil)
	ctx := context.Background()

	tr := mustTransport(t, rec.srv.URL, WithUserAgent("orygen-test/1.0"))
	c := newCall(Operation{Method: "PUT"}, "/x")
	c.setJSON(map[string]int{"a": 1})
	c.setHeader("X-Param", "p")
	if err := roundTrip(ctx, tr, c, []RequestOption{WithRequestHeader("X-Extra", "e"), WithCSRFToken("tok"), WithCookie("s=1")}, nil); err != nil {
		t.Fatal(err)
	}
	r := rec.last.Load()
	for k, want := range map[string]string{
		"User-Agent":   "orygen-test/1.0",
		"Accept":       "application/json",
		"Content-Type": "application/json",
		"X-Param":      "p",
		"X-Extra":      "e",
		"X-Csrf-Token": "tok",
		"Cookie":       "s=1",
	} {
		if got := r.Header.Get(k); got != want {
			t.Errorf("header %s = %q, want %q", k, got, want)
		}
	}
	if r.Method != "PUT" || string(*rec.body.Load()) != `{"a":1}` {
		t.Errorf("request %s body %q", r.Method, *rec.body.Load())
	}

	// A per-call header beats the client's User-Agent and the default Accept.
	if err := roundTrip(ctx, tr, newCall(Operation{Method: "GET"}, "/x"), []RequestOption{WithRequestHeader("User-Agent", "mine"), WithRequestHeader("Accept", "text/plain")}, nil); err != nil {
		t.Fatal(err)
	}
	if r := rec.last.Load(); r.Header.Get("User-Agent") != "mine" || r.Header.Get("Accept") != "text/plain" {
		t.Errorf("override: User-Agent %q Accept %q", r.Header.Get("User-Agent"), r.Header.Get("Accept"))
	}

	// Without WithUserAgent, Go's default is left alone; a GET has no body.
	if err := roundTrip(ctx, mustTransport(t, rec.srv.URL), newCall(Operation{Method: "GET"}, "/x"), nil, nil); err != nil {
		t.Fatal(err)
	}
	if r := rec.last.Load(); !strings.HasPrefix(r.Header.Get("User-Agent"), "Go-http-client/") || r.Header.Get("Content-Type") != "" || r.ContentLength != 0 {
		t.Errorf("defaults: User-Agent %q Content-Type %q length %d", r.Header.Get("User-Agent"), r.Header.Get("Content-Type"), r.ContentLength)
	}

	// A raw body keeps its content type.
	c = newCall(Operation{Method: "POST"}, "/x")
	c.setRaw([]byte("raw bytes"), "application/octet-stream")
	if err := roundTrip(ctx, tr, c, nil, nil); err != nil {
		t.Fatal(err)
	}
	if r := rec.last.Load(); r.Header.Get("Content-Type") != "application/octet-stream" || string(*rec.body.Load()) != "raw bytes" {
		t.Errorf("raw: %q %q", r.Header.Get("Content-Type"), *rec.body.Load())
	}

	// A body that cannot be encoded fails before sending.
	hits := rec.hits.Load()
	c = newCall(Operation{Method: "POST"}, "/x")
	c.setJSON(map[string]any{"f": func() {}})
	if err := roundTrip(ctx, tr, c, nil, nil); err == nil || !strings.Contains(err.Error(), "encoding request body") {
		t.Errorf("unencodable body: %v", err)
	}
	if rec.hits.Load() != hits {
		t.Error("unencodable body was sent")
	}
}

func TestMiddlewareOrder(t *testing.T) {
	var order []string
	mw := func(name string) Middleware {
		return func(next HTTPDoer) HTTPDoer {
			return DoerFunc(func(r *http.Request) (*http.Response, error) {
				order = append(order, name+" in")
				r.Header.Add("X-Chain", name)
				resp, err := next.Do(r)
				order = append(order, name+" out")
				return resp, err
			})
		}
	}
	var sawChain []string
	final := DoerFunc(func(r *http.Request) (*http.Response, error) {
		order = append(order, "doer")
		sawChain = r.Header.Values("X-Chain")
		return &http.Response{StatusCode: 204, Header: http.Header{}, Body: http.NoBody, Request: r}, nil
	})
	tr := mustTransport(t, "http://example.com", WithMiddleware(mw("first"), mw("second")), WithHTTPClient(final), WithMiddleware(mw("third")))
	if err := roundTrip(context.Background(), tr, newCall(Operation{Method: "GET"}, "/x"), nil, nil); err != nil {
		t.Fatal(err)
	}
	want := []string{"first in", "second in", "third in", "doer", "third out", "second out", "first out"}
	if !reflect.DeepEqual(order, want) {
		t.Errorf("order %q, want %q", order, want)
	}
	if !reflect.DeepEqual(sawChain, []string{"first", "second", "third"}) {
		t.Errorf("doer saw X-Chain %q", sawChain)
	}
}

func TestBuildRequest(t *testing.T) {
	c := newCall(Operation{Method: "PATCH"}, "/identities/"+pathEscape("../x"))
	c.query.Add("q", "a b")
	c.query.Add("q", "&")
	c.setJSON([]int{1})
	req, err := buildRequest(context.Background(), "https://example.com/base/", c, []RequestOption{WithRequestHeader("X-A", "1")})
	if err != nil {
		t.Fatal(err)
	}
	if got := req.URL.String(); got != "https://example.com/base/identities/..%2Fx?q=a%20b&q=%26" {
		t.Errorf("URL %q", got)
	}
	if req.Method != "PATCH" || req.Header.Get("X-A") != "1" || req.Header.Get("Content-Type") != "application/json" {
		t.Errorf("request %s %v", req.Method, req.Header)
	}
	b, _ := io.ReadAll(req.Body)
	if string(b) != "[1]" {
		t.Errorf("body %q", b)
	}
	// A failed call reports its first error.
	c = newCall(Operation{Method: "GET"}, "/x")
	c.fail(errors.New("first"))
	c.fail(errors.New("second"))
	if _, err := buildRequest(context.Background(), "https://example.com", c, nil); err == nil || err.Error() != "first" {
		t.Errorf("failed call: %v", err)
	}
	// A bad method is an error, not a panic.
	if _, err := buildRequest(context.Background(), "https://example.com", newCall(Operation{Method: "BAD METHOD"}, "/x"), nil); err == nil {
		t.Error("bad method: want an error")
	}
}

func TestJSONParam(t *testing.T) {
	for v, want := range map[any]string{"s": `"s"`, 1: `1`, true: `true`} {
		if got := jsonParam(v); got != want {
			t.Errorf("jsonParam(%v) = %q, want %q", v, got, want)
		}
	}
	if got := jsonParam([]string{"a"}); got != `["a"]` {
		t.Errorf("jsonParam(slice) = %q", got)
	}
	if got := jsonParam(func() {}); got != "" {
		t.Errorf("jsonParam(func) = %q", got)
	}
}

func TestFormEncodingStyles(t *testing.T) {
	type item struct {
		Price string `json:"price"`
		Qty   int    `json:"qty,omitempty"`
	}
	type body struct {
		Address  map[string]any    `json:"address"`
		Metadata map[string]string `json:"metadata"`
		Items    []item            `json:"items"`
		Expand   []string          `json:"expand"`
		Tags     []string          `json:"tags"`
		Pipes    []string          `json:"pipes"`
		Point    map[string]int    `json:"point"`
		Extra    map[string]any    `json:"extra"`
		Nested   map[string]any    `json:"nested"`
		Plain    []string          `json:"plain"`
	}
	v := body{
		Address:  map[string]any{"city": "Berlin", "geo": map[string]any{"lat": 1.5}},
		Metadata: map[string]string{"order": "7", "a b": "c&d"},
		Items:    []item{{Price: "p1", Qty: 2}, {Price: "p2"}},
		Expand:   []string{"customer", "invoice"},
		Tags:     []string{"x", "y"},
		Pipes:    []string{"x", "y"},
		Point:    map[string]int{"y": 2, "x": 1},
		Extra:    map[string]any{"k": []int{1}},
		Nested:   map[string]any{"a": map[string]any{"b": "c"}},
		Plain:    []string{"p", "q"},
	}
	fields := map[string]formField{
		"address":  {style: "deepObject", explode: true},
		"metadata": {style: "deepObject", explode: true},
		"items":    {style: "deepObject", explode: true},
		"expand":   {style: "deepObject", explode: true},
		"tags":     {style: "form"},
		"pipes":    {style: "pipeDelimited"},
		"point":    {style: "form"},
		"extra":    {json: true},
		"plain":    {style: "form", explode: true},
	}
	got, err := formValues(v, fields)
	if err != nil {
		t.Fatal(err)
	}
	want := "address%5Bcity%5D=Berlin&address%5Bgeo%5D%5Blat%5D=1.5" +
		"&expand%5B%5D=customer&expand%5B%5D=invoice" +
		"&extra=%7B%22k%22%3A%5B1%5D%7D" +
		"&items%5B0%5D%5Bprice%5D=p1&items%5B0%5D%5Bqty%5D=2&items%5B1%5D%5Bprice%5D=p2" +
		"&metadata%5Ba+b%5D=c%26d&metadata%5Border%5D=7" +
		"&nested.a.b=c&pipes=x%7Cy&plain=p&plain=q&point=x,1,y,2&tags=x,y"
	if enc := got.Encode(); enc != want {
		t.Errorf("formValues =\n%s\nwant\n%s", enc, want)
	}
}

func TestObjectQueryParams(t *testing.T) {
	v := map[string]any{"role": "admin", "name": map[string]any{"first": "Ada"}, "tags": []string{"a", "b"}}
	c := newCall(Operation{Method: "GET"}, "/x")
	c.queryParam("filter", styleDeepObject, true, false, anyParam(v))
	if got, want := c.query.Encode(), "filter%5Bname%5D%5Bfirst%5D=Ada&filter%5Brole%5D=admin&filter%5Btags%5D%5B%5D=a&filter%5Btags%5D%5B%5D=b"; got != want {
		t.Errorf("deepObject: %s, want %s", got, want)
	}
	c = newCall(Operation{Method: "GET"}, "/x")
	c.queryParam("expand", styleDeepObject, true, false, anyParam([]string{"a", "b"}))
	c.queryParam("items", styleDeepObject, true, false, anyParam([]map[string]any{{"id": "i1"}, {"id": "i2", "tags": []string{"t"}}}))
	if got, want := c.query.Encode(), "expand%5B%5D=a&expand%5B%5D=b&items%5B0%5D%5Bid%5D=i1&items%5B1%5D%5Bid%5D=i2&items%5B1%5D%5Btags%5D%5B%5D=t"; got != want {
		t.Errorf("deepObject lists: %s, want %s", got, want)
	}
	c = newCall(Operation{Method: "GET"}, "/x")
	c.queryParam("filter", styleForm, true, false, anyParam(map[string]any{"role": "admin", "n": 2}))
	if got, want := c.query.Encode(), "n=2&role=admin"; got != want {
		t.Errorf("form explode: %s, want %s", got, want)
	}
}

func TestMultipartBody(t *testing.T) {
	c := newCall(Operation{Method: "POST"}, "/upload")
	c.setMultipart(func(mw *multipartWriter) {
		mw.field("name", "photo")
		mw.file("file", []byte{0, 1, 2})
		mw.json("meta", map[string]int{"w": 1})
	})
	req, err := c.request(context.Background(), "http://h", &callConfig{})
	if err != nil {
		t.Fatal(err)
	}
	if err := req.ParseMultipartForm(1 << 20); err != nil {
		t.Fatal(err)
	}
	f, _, err := req.FormFile("file")
	if err != nil {
		t.Fatal(err)
	}
	data, _ := io.ReadAll(f)
	if req.FormValue("name") != "photo" || req.FormValue("meta") != `{"w":1}` || !bytes.Equal(data, []byte{0, 1, 2}) {
		t.Errorf("parts: name=%q meta=%q file=%v", req.FormValue("name"), req.FormValue("meta"), data)
	}
}
