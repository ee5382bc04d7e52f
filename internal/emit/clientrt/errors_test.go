package clientrt

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestErrorMessages(t *testing.T) {
	inner := errors.New("boom")
	apiErr := &APIError{Method: "GET", URL: "http://h/x", StatusCode: 404, Body: []byte(`{"error":"nope"}`)}
	if got, want := apiErr.Error(), `GET http://h/x: 404 Not Found: nope`; got != want {
		t.Errorf("APIError = %q, want %q", got, want)
	}
	if got, want := (&APIError{Method: "POST", URL: "u", StatusCode: 599}).Error(), "POST u: 599 "; got != want {
		t.Errorf("APIError without body = %q, want %q", got, want)
	}
	de := &DecodeError{Method: "GET", URL: "u", StatusCode: 200, Body: []byte("<html>"), Err: inner}
	if got, want := de.Error(), "GET u: decoding 200 response: boom: <html>"; got != want {
		t.Errorf("DecodeError = %q, want %q", got, want)
	}
	te := &TransportError{Method: "GET", URL: "u", Err: inner}
	if got, want := te.Error(), "GET u: boom"; got != want {
		t.Errorf("TransportError = %q, want %q", got, want)
	}
	if !errors.Is(de, inner) || !errors.Is(te, inner) {
		t.Error("DecodeError and TransportError must unwrap to their cause")
	}

	// errors.As through wrapping, as a caller sees them.
	for _, err := range []error{apiErr, de, te} {
		wrapped := fmt.Errorf("calling: %w", err)
		var a *APIError
		var d *DecodeError
		var tr *TransportError
		n := 0
		if errors.As(wrapped, &a) {
			n++
			if a != apiErr {
				t.Error("errors.As found another *APIError")
			}
		}
		if errors.As(wrapped, &d) {
			n++
			if d != de {
				t.Error("errors.As found another *DecodeError")
			}
		}
		if errors.As(wrapped, &tr) {
			n++
			if tr != te {
				t.Error("errors.As found another *TransportError")
			}
		}
		if n != 1 {
			t.Errorf("%v matches %d of the three error types, want 1", err, n)
		}
	}
	var tr *TransportError
	if !errors.As(&TransportError{Err: context.DeadlineExceeded}, &tr) || !errors.Is(tr, context.DeadlineExceeded) {
		t.Error("TransportError does not unwrap to context.DeadlineExceeded")
	}
}

func TestExcerpt(t *testing.T) {
	if got := (redactor{}).excerpt(nil); got != "" {
		t.Errorf("excerpt(nil) = %q", got)
	}
	short := strings.Repeat("a", 256)
	if got := (redactor{}).excerpt([]byte(short)); got != ": "+short {
		t.Errorf("256 bytes are cut: %q", got)
	}
	long := strings.Repeat("b", 300)
	if got := (redactor{}).excerpt([]byte(long)); got != ": "+long[:256]+"…" {
		t.Errorf("300 bytes: %q", got)
	}
	// A multi-byte character at the cut is dropped whole, not split.
	for shift := 0; shift < 4; shift++ {
		body := strings.Repeat("c", 254+shift) + strings.Repeat("€", 10)
		got := (redactor{}).excerpt([]byte(body))
		if !utf8.ValidString(got) {
			t.Errorf("shift %d: excerpt is not valid UTF-8: %q", shift, got)
		}
		text := strings.TrimSuffix(strings.TrimPrefix(got, ": "), "…")
		if !strings.HasPrefix(body, text) || len(text) > 256 || len(text) < 254 {
			t.Errorf("shift %d: excerpt %q is not the longest whole-character prefix", shift, text)
		}
	}
	// A long body that is not UTF-8 at all still shows its start.
	binary := "\xff\xfe" + strings.Repeat("d", 300)
	if got := (redactor{}).excerpt([]byte(binary)); !strings.HasPrefix(got, ": \xff\xfeddd") || len(got) < 250 {
		t.Errorf("binary body excerpt %q, want its first 256 bytes", got)
	}
	// And an early invalid byte does not cut the excerpt short.
	mixed := "ok \xff " + strings.Repeat("e", 300)
	if got := (redactor{}).excerpt([]byte(mixed)); got != ": "+mixed[:256]+"…" {
		t.Errorf("mixed body excerpt has %d bytes, want 256 + ellipsis", len(got))
	}
	err := &APIError{Method: "GET", URL: "u", StatusCode: 500, Body: []byte(strings.Repeat("x", 10000))}
	if n := len(err.Error()); n > 300 {
		t.Errorf("APIError message of a 10000-byte body has %d bytes", n)
	}
}

func TestErrorResponse(t *testing.T) {
	type genericError struct {
		Error struct {
			Code    int    `json:"code"`
			Message string `json:"message"`
		} `json:"error"`
	}
	base := func(body string) *APIError {
		return &APIError{Method: "GET", URL: "u", StatusCode: 404, Header: http.Header{"X-A": {"1"}}, Body: []byte(body)}
	}

	err := asErrorResponse[genericError](base(`{"error":{"code":404,"message":"gone"}}`), "error")
	var er *ErrorResponse[genericError]
	if !errors.As(err, &er) {
		t.Fatalf("%T %v, want *ErrorResponse", err, err)
	}
	if er.Value.Error.Code != 404 || er.Value.Error.Message != "gone" {
		t.Errorf("Value = %+v", er.Value)
	}
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 404 || apiErr.Header.Get("X-A") != "1" || apiErr.ShapeErr != nil {
		t.Errorf("ErrorResponse does not unwrap to its *APIError: %+v", apiErr)
	}
	if !strings.Contains(err.Error(), "404") {
		t.Errorf("message %q", err)
	}

	for body, shape := range map[string]string{
		`{"other":1}`:      `"error" is missing`,
		`{"error":"text"}`: "cannot unmarshal",
		`<html>`:           "invalid character",
		`[1]`:              "cannot unmarshal",
	} {
		err := asErrorResponse[genericError](base(body), "error")
		if errors.As(err, &er) {
			t.Errorf("%s: want a plain *APIError, got %+v", body, er)
			continue
		}
		if !errors.As(err, &apiErr) || apiErr.ShapeErr == nil || !strings.Contains(apiErr.ShapeErr.Error(), shape) {
			t.Errorf("%s: %v, ShapeErr %v; want one containing %q", body, err, apiErr.ShapeErr, shape)
		}
		if string(apiErr.Body) != body {
			t.Errorf("%s: body not kept: %q", body, apiErr.Body)
		}
	}
	// An empty body is left as it is.
	if err := asErrorResponse[genericError](base(""), "error"); !errors.As(err, &apiErr) || apiErr.ShapeErr != nil || errors.As(err, &er) {
		t.Errorf("empty body: %v", err)
	}
	// Without required properties any decodable body is the shape.
	if err := asErrorResponse[genericError](base(`{}`)); !errors.As(err, &er) {
		t.Errorf("{} without required keys: %v", err)
	}
}

func TestMissingKey(t *testing.T) {
	tests := []struct {
		in   string
		keys []string
		want string
		err  bool
	}{
		{`{"a":1,"b":{"c":2}}`, []string{"a", "b"}, "", false},
		{`{"a":1,"b":{"c":2}}`, []string{"a", "c"}, "c", false},
		{`{"\u0061":1}`, []string{"a"}, "", false},
		{`{}`, []string{"a"}, "a", false},
		{`{}`, nil, "", false},
		{`{"a":null}`, []string{"a"}, "", false},
		{`[]`, []string{"a"}, "", true},
		{`{"a":`, []string{"a"}, "", true},
		{`{"a" 1}`, []string{"a"}, "", true},
	}
	for _, tt := range tests {
		got, err := missingKey([]byte(tt.in), tt.keys)
		if got != tt.want || (err != nil) != tt.err {
			t.Errorf("missingKey(%s, %q) = %q, %v; want %q, error %v", tt.in, tt.keys, got, err, tt.want, tt.err)
		}
	}
}

func TestAuthenticate(t *testing.T) {
	tr := mustTransport(t, "http://example.com",
		withCredential("bearer", credential{in: "header", name: "Authorization", value: "Bearer tok"}),
		withCredential("key", credential{in: "query", name: "api_key", value: "k&1"}),
		withCredential("session", credential{in: "cookie", name: "ory_session", value: "s1"}),
	)
	send := func(alternatives [][]string, opts ...RequestOption) *http.Request {
		t.Helper()
		c := newCall(Operation{Method: "GET"}, "/x")
		c.query.Set("page", "2")
		c.security = alternatives
		req, err := buildRequest(context.Background(), tr.base, c, opts)
		if err != nil {
			t.Fatal(err)
		}
		tr.authenticate(req, c.security)
		return req
	}

	r := send([][]string{{"missing"}, {"bearer"}, {"key"}})
	if r.Header.Get("Authorization") != "Bearer tok" || r.URL.Query().Has("api_key") {
		t.Errorf("first satisfiable alternative: %v %s", r.Header, r.URL)
	}
	r = send([][]string{{"bearer", "missing"}, {"key", "session"}})
	if r.Header.Get("Authorization") != "" || r.URL.Query().Get("api_key") != "k&1" || r.URL.Query().Get("page") != "2" {
		t.Errorf("second alternative: %v %s", r.Header, r.URL)
	}
	if ck, err := r.Cookie("ory_session"); err != nil || ck.Value != "s1" {
		t.Errorf("cookie credential: %v, %v", ck, err)
	}
	r = send([][]string{{"missing"}})
	if len(r.Header.Values("Authorization")) != 0 || r.URL.RawQuery != "page=2" || r.Header.Get("Cookie") != "" {
		t.Errorf("no credentials: %v %s", r.Header, r.URL)
	}
	// A per-call header wins over the client's credential.
	r = send([][]string{{"bearer"}}, WithRequestHeader("Authorization", "Bearer mine"))
	if got := r.Header.Values("Authorization"); len(got) != 1 || got[0] != "Bearer mine" {
		t.Errorf("per-call Authorization: %q", got)
	}
	if got := basicAuth("user", "pa:ss"); got != "Basic dXNlcjpwYTpzcw==" {
		t.Errorf("basicAuth = %q", got)
	}
}
