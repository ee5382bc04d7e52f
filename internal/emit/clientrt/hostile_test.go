package clientrt

import (
	"bufio"
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"
)

// rawDoer answers every request with raw, read as an HTTP/1.1 response
// the way net/http's transport reads one off the wire.
func rawDoer(raw []byte) HTTPDoer {
	return DoerFunc(func(req *http.Request) (*http.Response, error) {
		if req.Body != nil {
			io.Copy(io.Discard, req.Body)
			req.Body.Close()
		}
		return http.ReadResponse(bufio.NewReader(bytes.NewReader(raw)), req)
	})
}

// TestHugeContentLength: the length a server announces is not trusted to
// size a buffer, up to math.MaxInt64.
func TestHugeContentLength(t *testing.T) {
	for _, cl := range []string{"9223372036854775807", "9223372036854775806", "1099511627776"} {
		raw := "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + cl + "\r\n\r\n{}"
		for _, limit := range []int64{0, DefaultMaxResponseBytes, 1<<63 - 1} {
			tr := mustTransport(t, "http://api.example", WithHTTPClient(rawDoer([]byte(raw))), WithMaxResponseBytes(limit))
			resp, err := tr.send(context.Background(), newCall(Operation{Method: "GET"}, "/x"), nil)
			if err != nil {
				t.Fatal(err)
			}
			err = parseResponse(resp, func(int, []byte) error { return nil }, nil)
			var te *TransportError
			if !errors.As(err, &te) || !errors.Is(err, io.ErrUnexpectedEOF) {
				t.Errorf("Content-Length %s, limit %d: %v, want the short body as a *TransportError", cl, limit, err)
			}
		}
	}
}

// TestBackoffNoOverflow: waits near the largest Duration neither panic
// nor turn negative, and are not taken past the budget or deadline.
func TestBackoffNoOverflow(t *testing.T) {
	now := time.Now()
	p := RetryPolicy{BaseDelay: time.Hour, MaxDelay: forever, Budget: time.Minute}
	for n := 1; n < 80; n++ {
		if d := p.backoff(n, nil, now); d < 0 {
			t.Fatalf("attempt %d: wait %v", n, d)
		}
	}
	resp := &http.Response{Header: http.Header{"Retry-After": {"99999999999999999999"}}}
	if d := p.backoff(1, resp, now); d != forever {
		t.Errorf("Retry-After past the largest Duration: %v", d)
	}
	if _, ok := p.wait(context.Background(), 1, resp, now.Add(-time.Second), now); ok {
		t.Error("a wait of forever fits a budget of a minute")
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Hour)
	defer cancel()
	if _, ok := (RetryPolicy{MaxDelay: forever}).wait(ctx, 1, resp, now, now); ok {
		t.Error("a wait of forever fits the context's deadline")
	}
}

// TestEventTooLarge: data lines without the blank line that ends an
// event stop the stream at MaxEventBytes, with a typed error.
func TestEventTooLarge(t *testing.T) {
	line := "data: " + strings.Repeat("d", 1000) + "\n"
	body := strings.Repeat(line, MaxEventBytes/1000+10) + "\n"
	resp := &http.Response{StatusCode: 200, Header: http.Header{"Content-Type": {"text/event-stream"}},
		Body: io.NopCloser(strings.NewReader(body)), Request: &http.Request{Method: "GET", URL: &url.URL{Scheme: "http", Host: "h"}}}
	n := 0
	var got error
	for _, err := range parseEvents(resp, textEvent, nil) {
		n++
		got = err
	}
	var tooLarge *EventTooLargeError
	var te *TransportError
	if n != 1 || !errors.As(got, &te) || !errors.As(got, &tooLarge) || tooLarge.Limit != MaxEventBytes {
		t.Fatalf("%d results, last %v; want one *TransportError wrapping *EventTooLargeError", n, got)
	}
	// An event just under the limit is delivered.
	r := newSSEReader(strings.NewReader("event: e\ndata: " + strings.Repeat("x", 50) + "\ndata: y\n\n"))
	r.limit = len("e") + 50 + 1 + 1
	if ev, err := r.next(); err != nil || len(ev.data) != 52 {
		t.Fatalf("event at the limit: %q %v", ev.data, err)
	}
	r = newSSEReader(strings.NewReader("event: e\ndata: " + strings.Repeat("x", 50) + "\ndata: yz\n\n"))
	r.limit = len("e") + 50 + 1 + 1
	if _, err := r.next(); !errors.As(err, &tooLarge) {
		t.Fatalf("event one byte past the limit: %v", err)
	}
	// A retry field too large to represent is capped, not negative.
	r = newSSEReader(strings.NewReader("retry: 99999999999999999999999\ndata: x\n\n"))
	if ev, err := r.next(); err != nil || ev.retry <= 0 {
		t.Fatalf("retry %v, err %v", ev.retry, err)
	}
}

// TestRedactedBeforeCut: a secret the excerpt's cut would split leaves no
// part of itself in the message, and neither does the API's message.
func TestRedactedBeforeCut(t *testing.T) {
	const secret = "S3CRET-abcdefghijklmnop"
	red := redactor{secrets: secretForms(nil, secret)}
	for pad := maxExcerpt - len(secret); pad <= maxExcerpt; pad++ {
		body := strings.Repeat("x", pad) + secret + strings.Repeat("y", 400)
		e := &APIError{Method: "GET", URL: "http://h/x", StatusCode: 500, Body: []byte(body), redact: red}
		if msg := e.Error(); strings.Contains(msg, secret[:5]) {
			t.Fatalf("pad %d: %q shows the secret's start", pad, msg)
		}
		de := &DecodeError{Method: "GET", URL: "http://h/x", StatusCode: 200, Body: []byte(body), Err: errors.New("bad"), redact: red}
		if msg := de.Error(); strings.Contains(msg, secret[:5]) {
			t.Fatalf("pad %d: %q shows the secret's start", pad, msg)
		}
	}
	for pad := maxMessage - len(secret); pad <= maxMessage; pad++ {
		body, _ := json.Marshal(map[string]string{"message": strings.Repeat("m", pad) + secret + strings.Repeat("n", 100)})
		e := &APIError{Method: "GET", URL: "http://h/x", StatusCode: 400, Body: body, redact: red}
		if msg := e.Error(); strings.Contains(msg, secret[:5]) {
			t.Fatalf("message pad %d: %q shows the secret's start", pad, msg)
		}
	}
}

// TestRedactionForms: a server that echoes every credential of the request,
// in every encoding, gets none of them into err.Error() or the log.
func TestRedactionForms(t *testing.T) {
	const (
		token   = "tok/en+1234&<x>"
		user    = "basic-user"
		pass    = "basic/pass+word"
		urlUser = "url-user"
		urlPass = "url/pass%word"
		session = "sess/ion+value"
		apiKey  = "key/value 99"
	)
	secrets := []string{token, user, pass, urlUser, urlPass, session, apiKey,
		base64.StdEncoding.EncodeToString([]byte(user + ":" + pass))}
	echo := func(r *http.Request) string {
		var b strings.Builder
		for _, v := range []string{r.Header.Get("Authorization"), r.Header.Get("Cookie"), r.URL.RawQuery, r.URL.String()} {
			b.WriteString(v + " | ")
		}
		for _, s := range secrets {
			j, _ := json.Marshal(s)
			b.WriteString(string(j) + " " + strings.ReplaceAll(string(j), "/", `\/`) + " " + url.QueryEscape(s) + " " + url.PathEscape(s) + " " + strings.ToLower(url.QueryEscape(s)) + " | ")
		}
		return b.String()
	}
	for _, status := range []int{400, 200} {
		doer := DoerFunc(func(r *http.Request) (*http.Response, error) {
			body := echo(r)
			h := http.Header{"Content-Type": {"application/json"}, "X-Echo": {body}}
			return &http.Response{StatusCode: status, Header: h, Request: r, Body: io.NopCloser(strings.NewReader(body))}, nil
		})
		var logBuf bytes.Buffer
		log := slog.New(slog.NewTextHandler(&logBuf, &slog.HandlerOptions{Level: slog.LevelDebug}))
		tr := mustTransport(t, "https://"+urlUser+":"+url.QueryEscape(urlPass)+"@api.example/v1", WithHTTPClient(doer), WithLogger(log),
			withCredential("bearer", credential{in: "header", name: "Authorization", value: "Bearer " + token}),
			withCredential("basic", credential{in: "header", name: "Authorization", value: basicAuth(user, pass)}),
			withCredential("key", credential{in: "query", name: "k", value: apiKey}),
			WithSessionCookie("ory_session="+session), WithRetry(RetryPolicy{}))
		for _, scheme := range []string{"bearer", "basic", "key"} {
			c := newCall(Operation{Method: "GET"}, "/x")
			c.security = [][]string{{scheme}}
			c.credParams = []string{"Cookie"}
			err := roundTrip(context.Background(), tr, c, nil, func(int, []byte) error { return errors.New("no") })
			if err == nil {
				t.Fatal("no error")
			}
			msg := err.Error()
			for _, s := range secrets {
				for _, form := range []string{s, url.QueryEscape(s), url.PathEscape(s)} {
					if strings.Contains(msg, form) || strings.Contains(logBuf.String(), form) {
						t.Errorf("status %d, scheme %s: %q shows %q\nlog: %s", status, scheme, msg, form, logBuf.String())
					}
				}
			}
		}
	}
}

// TestInertServerText: control characters a response sends are escaped in
// err.Error() and in the log, whatever the error type.
func TestInertServerText(t *testing.T) {
	const evil = "\x1b[2J\r\nlevel=ERROR msg=forged\x00\u202e\x7f\x9b"
	check := func(what, s string) {
		t.Helper()
		for _, r := range s {
			if r < ' ' || r == 0x7f || unsafeRune(r) {
				t.Errorf("%s: %q carries control character %U", what, s, r)
				return
			}
		}
	}
	bodies := []string{evil, `{"error":{"message":"` + strings.ReplaceAll(strings.ReplaceAll(evil, "\x1b", `\u001b`), "\r\n", `\r\n`) + `"}}`}
	for _, body := range bodies {
		check("APIError", (&APIError{Method: "GET", URL: "u", StatusCode: 500, Body: []byte(body)}).Error())
		check("DecodeError", (&DecodeError{Method: "GET", URL: "u", StatusCode: 200, Body: []byte(body), Err: errors.New(evil)}).Error())
		check("TransportError", (&TransportError{Method: "GET", URL: "u", Err: errors.New(evil)}).Error())
	}
	// Through a client that logs, with a custom handler that prints
	// values as they are.
	var logBuf bytes.Buffer
	log := slog.New(rawHandler{&logBuf})
	raw := "HTTP/1.1 500 Oops\r\nX-Evil: a\u202eb\r\nContent-Length: " + strconv.Itoa(len(evil)) + "\r\n\r\n" + evil
	tr := mustTransport(t, "http://api.example", WithHTTPClient(rawDoer([]byte(raw))), WithLogger(log), WithRetry(RetryPolicy{}))
	err := roundTrip(context.Background(), tr, newCall(Operation{Method: "GET"}, "/x"), nil, nil)
	if err == nil {
		t.Fatal("no error")
	}
	check("err.Error()", err.Error())
	if !strings.Contains(err.Error(), `\x1b[2J\r\nlevel=ERROR`) {
		t.Errorf("escaped text missing: %q", err.Error())
	}
	check("log", strings.ReplaceAll(logBuf.String(), "\n", " "))
	if !strings.Contains(logBuf.String(), `a\u202eb`) {
		t.Errorf("log lacks the escaped header: %s", logBuf.String())
	}
}

// rawHandler writes every attribute as it is, one record per line, as a
// careless handler would.
type rawHandler struct{ w io.Writer }

func (h rawHandler) Enabled(context.Context, slog.Level) bool { return true }
func (h rawHandler) Handle(_ context.Context, r slog.Record) error {
	io.WriteString(h.w, r.Message)
	r.Attrs(func(a slog.Attr) bool {
		io.WriteString(h.w, " "+a.Key+"="+a.Value.String())
		return true
	})
	io.WriteString(h.w, "\n")
	return nil
}
func (h rawHandler) WithAttrs([]slog.Attr) slog.Handler { return h }
func (h rawHandler) WithGroup(string) slog.Handler      { return h }

// TestLocationRedacted: a redirect target that echoes a credential does
// not hand it back through APIError.Location.
func TestLocationRedacted(t *testing.T) {
	red := redactor{secrets: secretForms(nil, "query-secret-1"), queryKeys: []string{"k"}}
	e := &APIError{Method: "GET", URL: "http://h/x", StatusCode: 302, redact: red,
		Header: http.Header{"Location": {"https://user:pw@other.example/p/query-secret-1?k=query-secret-1&token=t0ken&q=1"}}}
	loc := e.Location()
	if loc == nil {
		t.Fatal("no location")
	}
	s := loc.String()
	for _, bad := range []string{"query-secret-1", "t0ken", "pw@", "user:"} {
		if strings.Contains(s, bad) {
			t.Errorf("Location %s shows %q", s, bad)
		}
	}
	if loc.Host != "other.example" || loc.Query().Get("q") != "1" || loc.User != nil {
		t.Errorf("Location %s lost its target", s)
	}
}

// FuzzResponse: whatever bytes a server sends as its response (status
// line, headers, body), no path of the client panics, and every error
// message is inert.
func FuzzResponse(f *testing.F) {
	for _, s := range []string{
		"HTTP/1.1 200 OK\r\nContent-Length: 9223372036854775807\r\n\r\n{}",
		"HTTP/1.1 503 x\r\nRetry-After: 99999999999999999999\r\n\r\n",
		"HTTP/1.1 302 Found\r\nLocation: http://u:p@h/%zz\r\n\r\n",
		"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n\r\nretry: 99999999999999999999\ndata: x\n\n",
		"HTTP/1.1 200 OK\r\nLink: <http://h/?page=2>; rel=next\r\nContent-Type: application/octet-stream\r\n\r\n\x00\x01",
		"HTTP/1.1 400 Bad\r\nContent-Type: application/json\r\n\r\n{\"error\":{\"message\":\"\\u001b[2J\"}}",
		"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nffffffffffffffff\r\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		var logBuf bytes.Buffer
		log := slog.New(slog.NewTextHandler(&logBuf, &slog.HandlerOptions{Level: slog.LevelDebug}))
		tr, err := newTransport("http://api.example", []Option{WithHTTPClient(rawDoer(raw)), WithLogger(log),
			WithRetry(RetryPolicy{MaxAttempts: 2, MaxDelay: time.Millisecond, Budget: 10 * time.Millisecond}),
			withCredential("k", credential{in: "header", name: "X-Key", value: "fuzz-secret"})})
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		checkErr := func(err error) {
			if err == nil {
				return
			}
			msg := err.Error()
			if inert(msg) != msg {
				t.Fatalf("message not inert: %q", msg)
			}
			var ae *APIError
			if errors.As(err, &ae) {
				ae.Location()
			}
		}
		send := func() *http.Response {
			c := newCall(Operation{Method: "GET"}, "/x")
			c.security = [][]string{{"k"}}
			resp, err := tr.send(ctx, c, []RequestOption{WithAttemptTimeout(time.Second)})
			checkErr(err)
			return resp
		}
		if resp := send(); resp != nil {
			checkErr(parseResponse(resp, func(_ int, b []byte) error {
				var v any
				return json.Unmarshal(b, &v)
			}, func(e *APIError) error { return asErrorResponse[map[string]any](e, "error") }))
			NextPageToken(resp, "page")
		}
		if resp := send(); resp != nil {
			b, err := parseBinary(resp, nil)
			checkErr(err)
			if b != nil {
				io.Copy(io.Discard, io.LimitReader(b, 1<<20))
				b.Close()
			}
		}
		if resp := send(); resp != nil {
			for _, err := range parseEvents(resp, jsonEvent[map[string]any], nil) {
				checkErr(err)
			}
		}
	})
}

// FuzzRedaction: a secret, whatever its bytes and wherever the server
// echoes it in the body (as sent, JSON-escaped, URL-encoded), does not
// appear in any of those forms in err.Error() or the log.
func FuzzRedaction(f *testing.F) {
	f.Add("tok/en+1234", 250, uint8(0), true)
	f.Add("p@ss:w\"rd<>", 1020, uint8(1), false)
	f.Add("€uro-secret", 255, uint8(2), true)
	f.Fuzz(func(t *testing.T, secret string, pad int, form uint8, jsonMsg bool) {
		secret = strings.TrimSpace(secret)
		if len(secret) < minSecret || len(secret) > 200 || checkHeaderValue("X-Key", secret) != nil || pad < 0 || pad > 3000 {
			return
		}
		forms := secretForms(nil, secret)
		echoed := forms[int(form)%len(forms)]
		var body []byte
		if jsonMsg {
			body = []byte(`{"message":"` + strings.Repeat("m", pad) + echoed + `"}`)
		} else {
			body = []byte(strings.Repeat("x", pad) + echoed + strings.Repeat("y", 300))
		}
		doer := DoerFunc(func(r *http.Request) (*http.Response, error) {
			return &http.Response{StatusCode: 401, Header: http.Header{"X-Echo": {string(body)}}, Request: r, Body: io.NopCloser(bytes.NewReader(body))}, nil
		})
		var logBuf bytes.Buffer
		log := slog.New(rawHandler{&logBuf})
		tr, err := newTransport("http://api.example", []Option{WithHTTPClient(doer), WithLogger(log), WithRetry(RetryPolicy{}),
			withCredential("k", credential{in: "header", name: "X-Key", value: secret})})
		if err != nil {
			return
		}
		c := newCall(Operation{Method: "GET"}, "/x")
		c.security = [][]string{{"k"}}
		err = roundTrip(context.Background(), tr, c, nil, nil)
		if err == nil {
			t.Fatal("no error")
		}
		// The marker itself may hold a short secret ("DACT"): it is
		// taken out before looking.
		msg := strings.ReplaceAll(err.Error(), redacted, "\x00")
		logged := strings.ReplaceAll(logBuf.String(), redacted, "\x00")
		for _, f := range forms {
			if strings.Contains(msg, f) || strings.Contains(msg, inert(f)) {
				t.Fatalf("message shows %q: %q", f, msg)
			}
			if strings.Contains(logged, f) || strings.Contains(logged, inert(f)) {
				t.Fatalf("log shows %q: %s", f, logged)
			}
		}
	})
}
