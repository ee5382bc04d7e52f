package clientrt

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"
)

// APIError is a response with a status the operation does not declare as
// a success. It keeps the status, headers and the first MaxErrorBodyBytes
// of the body. Its message shows the API's own message when the body has
// one (Ory's error.message and error.reason, OAuth2's error_description, a
// flow's UI messages with their ids), otherwise the start of the body;
// credentials the request carried are redacted from it and from URL.
type APIError struct {
	Method     string
	URL        string
	StatusCode int
	Header     http.Header
	Body       []byte
	// Truncated is set when the body was longer than MaxErrorBodyBytes
	// and Body holds only its start.
	Truncated bool
	// ShapeErr says why the body is not the shape the operation declares
	// for this status, when it declares one; nil otherwise.
	ShapeErr error

	redact redactor
}

// Error describes the status and the API's own message, with credentials
// redacted (before the message is cut, so that a cut leaves no part of
// one) and control characters from the response escaped.
func (e *APIError) Error() string {
	red := e.redact.resolved()
	detail := ""
	if msg := bodyMessage(e.Body); msg != "" {
		detail = ": " + red.clip(msg, maxMessage)
	} else {
		detail = red.excerpt(e.Body)
	}
	if e.Truncated {
		detail += fmt.Sprintf(" (body cut at %d bytes)", len(e.Body))
	}
	return inert(red.text(fmt.Sprintf("%s %s: %d %s%s", e.Method, e.URL, e.StatusCode, http.StatusText(e.StatusCode), detail)))
}

// Location is the target of a redirect (a 3xx with a Location header),
// resolved against the request's URL; nil for any other response. A
// redirect the client did not follow (WithSameOriginRedirects, or a body
// that would have gone to another origin) is returned as an *APIError.
func (e *APIError) Location() *url.URL {
	if e.StatusCode < 300 || e.StatusCode > 399 {
		return nil
	}
	loc := e.Header.Get("Location")
	if loc == "" {
		return nil
	}
	target, err := url.Parse(loc)
	if err != nil {
		return nil
	}
	if base, err := url.Parse(e.URL); err == nil {
		target = base.ResolveReference(target)
	}
	// The server may echo a credential in its Location (a query
	// parameter, userinfo): the target is redacted as e.URL is, and keeps
	// no userinfo at all, which a caller following it would send.
	red, err := url.Parse(e.redact.url(target))
	if err != nil {
		return nil
	}
	red.User = nil
	return red
}

// bodyMessage is the human-readable message of an error body, "" if it
// has none this client knows.
func bodyMessage(b []byte) string {
	i := 0
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\r' || b[i] == '\n') {
		i++
	}
	if i == len(b) || b[i] != '{' {
		return ""
	}
	var v struct {
		Error            json.RawMessage `json:"error"`
		ErrorDescription string          `json:"error_description"`
		Message          string          `json:"message"`
		UI               *struct {
			Messages []uiText `json:"messages"`
			Nodes    []struct {
				Attributes struct {
					Name string `json:"name"`
				} `json:"attributes"`
				Messages []uiText `json:"messages"`
			} `json:"nodes"`
		} `json:"ui"`
	}
	if json.Unmarshal(b, &v) != nil {
		return ""
	}
	var parts []string
	if len(v.Error) > 0 {
		var ge struct {
			ID      string `json:"id"`
			Message string `json:"message"`
			Reason  string `json:"reason"`
		}
		var s string
		switch {
		case json.Unmarshal(v.Error, &ge) == nil && (ge.Message != "" || ge.Reason != ""):
			msg := ge.Message
			if ge.Reason != "" && ge.Reason != ge.Message {
				if msg != "" {
					msg += ": "
				}
				msg += ge.Reason
			}
			if ge.ID != "" {
				msg += " [" + ge.ID + "]"
			}
			parts = append(parts, msg)
		case json.Unmarshal(v.Error, &s) == nil && s != "":
			if v.ErrorDescription != "" {
				s += ": " + v.ErrorDescription
			}
			parts = append(parts, s)
		}
	}
	if v.UI != nil {
		for _, m := range v.UI.Messages {
			parts = append(parts, m.String())
		}
		for _, n := range v.UI.Nodes {
			for _, m := range n.Messages {
				if n.Attributes.Name != "" {
					parts = append(parts, n.Attributes.Name+": "+m.String())
				} else {
					parts = append(parts, m.String())
				}
			}
		}
	}
	if len(parts) == 0 && v.Message != "" {
		parts = append(parts, v.Message)
	}
	// Not cut here: the caller redacts credentials, then cuts (maxMessage).
	return strings.Join(parts, "; ")
}

// maxMessage is how much of the API's own message an error shows.
const maxMessage = 1024

// uiText is a message of an Ory flow's UI.
type uiText struct {
	ID   int64  `json:"id"`
	Text string `json:"text"`
}

func (m uiText) String() string {
	if m.ID == 0 {
		return m.Text
	}
	return m.Text + " [" + strconv.FormatInt(m.ID, 10) + "]"
}

// DecodeError is a response whose body does not match its declared shape.
// It keeps the raw body so that nothing the server said is lost.
type DecodeError struct {
	Method     string
	URL        string
	StatusCode int
	Header     http.Header
	Body       []byte
	Err        error

	redact redactor
}

// Error says which response did not decode and why, with credentials redacted.
func (e *DecodeError) Error() string {
	red := e.redact.resolved()
	return inert(red.text(fmt.Sprintf("%s %s: decoding %d response: %v%s", e.Method, e.URL, e.StatusCode, e.Err, red.excerpt(e.Body))))
}

// Unwrap returns the decoding error.
func (e *DecodeError) Unwrap() error { return e.Err }

// TransportError is a failure to send the request or to read the response.
// Credentials the request carried are redacted from its message and URL.
type TransportError struct {
	Method string
	URL    string
	Err    error

	redact redactor
}

// Error says which request failed and why, with credentials redacted.
func (e *TransportError) Error() string {
	return inert(e.redact.text(fmt.Sprintf("%s %s: %v", e.Method, e.URL, e.Err)))
}

// Unwrap returns the error of the HTTP client.
func (e *TransportError) Unwrap() error { return e.Err }

// maxExcerpt is how much of a body without a known message an error shows.
const maxExcerpt = 256

// excerpt is the start of a body, for error messages, with credentials
// redacted before it is cut.
func (r redactor) excerpt(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	return ": " + r.clip(string(b), maxExcerpt)
}

// inert is s with what a terminal or a log reader would act on escaped:
// control characters (ESC, CR, LF, NUL, DEL, C1), Unicode line separators
// and bidirectional overrides, and bytes that are not UTF-8. Error
// messages pass server text through it, so that a response cannot forge a
// log line or drive a terminal.
func inert(s string) string {
	i := 0
	for i < len(s) && s[i] >= ' ' && s[i] < 0x7f {
		i++
	}
	if i == len(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 16)
	b.WriteString(s[:i])
	for i < len(s) {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < ' ' || r == 0x7f:
			fmt.Fprintf(&b, `\x%02x`, r)
		case unsafeRune(r):
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}

// unsafeRune reports the non-ASCII runes inert escapes: C1 controls, line
// and paragraph separators, and the marks that reorder text.
func unsafeRune(r rune) bool {
	switch {
	case r >= 0x80 && r <= 0x9f, r == 0x2028, r == 0x2029, r == 0x200e, r == 0x200f, r == 0x061c,
		r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069, r == 0xfeff:
		return true
	}
	return false
}

// ErrorResponse is a non-2xx response the operation declares, decoded into
// its declared shape T. It unwraps to the *APIError, which keeps status,
// headers and raw body.
type ErrorResponse[T any] struct {
	*APIError
	Value T
}

// Unwrap returns the underlying *APIError.
func (e *ErrorResponse[T]) Unwrap() error { return e.APIError }

// asErrorResponse decodes e's body as T if it has the declared shape: it
// decodes and has every required top-level property. Otherwise e stays a
// plain *APIError, with ShapeErr saying why.
func asErrorResponse[T any](e *APIError, required ...string) error {
	if len(e.Body) == 0 {
		return e
	}
	var v T
	if err := json.Unmarshal(e.Body, &v); err != nil {
		e.ShapeErr = err
		return e
	}
	if missing, err := missingKey(e.Body, required); err != nil || missing != "" {
		if err == nil {
			err = fmt.Errorf("property %q is missing", missing)
		}
		e.ShapeErr = err
		return e
	}
	return &ErrorResponse[T]{APIError: e, Value: v}
}

// asTextErrorResponse is the typed error of a status declared with a text
// body: the text is the value.
func asTextErrorResponse(e *APIError) error {
	return &ErrorResponse[string]{APIError: e, Value: string(e.Body)}
}
