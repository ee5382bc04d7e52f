package clientrt

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// HeaderError is a response header the spec declares that a success
// lacks (when required) or whose value does not parse as its schema
// says. The call returns it instead of a result: the response broke the
// API's contract, as a body that does not decode does.
type HeaderError struct {
	Name  string
	Value string // "" when missing
	Err   error
}

// Error names the header, its value and what is wrong with it.
func (e *HeaderError) Error() string {
	if e.Value == "" && e.Err == errHeaderMissing {
		return "response header " + e.Name + " is missing"
	}
	return fmt.Sprintf("response header %s: %q: %v", e.Name, e.Value, e.Err)
}

// Unwrap is the parse error (a *strconv.NumError, a *time.ParseError...).
func (e *HeaderError) Unwrap() error { return e.Err }

var errHeaderMissing = errors.New("missing")

// headerText is a header's field lines joined as one value, as HTTP
// allows a list to be sent (RFC 9110, section 5.3); false when absent.
func headerText(h http.Header, name string) (string, bool) {
	vs := h.Values(name)
	if len(vs) == 0 {
		return "", false
	}
	return strings.Join(vs, ", "), true
}

// optionalHeader is the header parsed by parse, nil when absent.
func optionalHeader[T any](h http.Header, name string, parse func(string) (T, error)) (*T, error) {
	s, ok := headerText(h, name)
	if !ok {
		return nil, nil
	}
	v, err := parse(s)
	if err != nil {
		return nil, &HeaderError{Name: name, Value: s, Err: err}
	}
	return &v, nil
}

// requiredHeader is the header parsed by parse; its absence is an error.
func requiredHeader[T any](h http.Header, name string, parse func(string) (T, error)) (T, error) {
	p, err := optionalHeader(h, name, parse)
	if err == nil && p == nil {
		err = &HeaderError{Name: name, Err: errHeaderMissing}
	}
	if err != nil {
		var zero T
		return zero, err
	}
	return *p, nil
}

// listHeader is a simple-style list: comma-separated items, each parsed
// by parse, over all of the header's field lines; nil when absent.
func listHeader[T any](h http.Header, name string, parse func(string) (T, error)) ([]T, error) {
	s, ok := headerText(h, name)
	if !ok {
		return nil, nil
	}
	var out []T
	for item := range strings.SplitSeq(s, ",") {
		item = strings.TrimSpace(item)
		if item == "" {
			continue // an empty element, which RFC 9110 says to ignore
		}
		v, err := parse(item)
		if err != nil {
			return nil, &HeaderError{Name: name, Value: s, Err: err}
		}
		out = append(out, v)
	}
	return out, nil
}

func headerString(s string) (string, error) { return s, nil }

func headerInt64(s string) (int64, error) { return strconv.ParseInt(strings.TrimSpace(s), 10, 64) }

func headerInt32(s string) (int32, error) {
	v, err := strconv.ParseInt(strings.TrimSpace(s), 10, 32)
	return int32(v), err
}

func headerFloat64(s string) (float64, error) {
	return strconv.ParseFloat(strings.TrimSpace(s), 64)
}

// headerBool takes JSON's spellings only, as a boolean schema does.
func headerBool(s string) (bool, error) {
	switch strings.TrimSpace(s) {
	case "true":
		return true, nil
	case "false":
		return false, nil
	}
	return false, errors.New("not true or false")
}

func headerTime(s string) (time.Time, error) {
	return time.Parse(time.RFC3339Nano, strings.TrimSpace(s))
}
