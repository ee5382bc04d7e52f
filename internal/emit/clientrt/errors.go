package clientrt

import (
	"fmt"
	"net/http"
	"unicode/utf8"
)

// APIError is a response with a status the operation does not declare as
// a success. It keeps everything the server sent.
type APIError struct {
	Method     string
	URL        string
	StatusCode int
	Header     http.Header
	Body       []byte
}

func (e *APIError) Error() string {
	return fmt.Sprintf("%s %s: %d %s%s", e.Method, e.URL, e.StatusCode, http.StatusText(e.StatusCode), excerpt(e.Body))
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
}

func (e *DecodeError) Error() string {
	return fmt.Sprintf("%s %s: decoding %d response: %v%s", e.Method, e.URL, e.StatusCode, e.Err, excerpt(e.Body))
}

func (e *DecodeError) Unwrap() error { return e.Err }

// TransportError is a failure to send the request or to read the response.
type TransportError struct {
	Method string
	URL    string
	Err    error
}

func (e *TransportError) Error() string { return fmt.Sprintf("%s %s: %v", e.Method, e.URL, e.Err) }

func (e *TransportError) Unwrap() error { return e.Err }

// excerpt is the start of a body, for error messages.
func excerpt(b []byte) string {
	const max = 256
	if len(b) == 0 {
		return ""
	}
	if len(b) > max {
		b = b[:max]
		for len(b) > 0 && !utf8.Valid(b) {
			b = b[:len(b)-1]
		}
		return ": " + string(b) + "…"
	}
	return ": " + string(b)
}
