package clientrt

import (
	"encoding/json"
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
	// ShapeErr says why the body is not the shape the operation declares
	// for this status, when it declares one; nil otherwise.
	ShapeErr error
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
		// Drop a character the cut split in two; leave the rest as sent.
		for i := len(b) - 1; i >= 0 && i >= len(b)-utf8.UTFMax; i-- {
			if utf8.RuneStart(b[i]) {
				if !utf8.FullRune(b[i:]) {
					b = b[:i]
				}
				break
			}
		}
		return ": " + string(b) + "…"
	}
	return ": " + string(b)
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
