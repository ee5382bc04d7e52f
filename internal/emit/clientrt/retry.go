package clientrt

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"io"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// RetryPolicy says when and how a request is sent again: after a failure
// to connect or a 429, 502, 503 or 504, with exponential backoff and full
// jitter, honouring Retry-After (seconds or an HTTP date). Only idempotent
// methods (GET, HEAD, OPTIONS, PUT, DELETE) retry unless a call opts in
// with WithRetryUnsafe, or the client sends idempotency keys (see
// NewClient), which make every call safe to repeat.
//
// Every wait, Retry-After included, is at most MaxDelay (a minute when
// MaxDelay is 0); a Retry-After too large to represent counts as that
// maximum, never as "now". A wait that would end past the Budget or the
// context's deadline is not taken: the call returns the last response (or
// error) at once. Errors no retry can mend are not retried: a certificate
// the client does not trust, an unsupported scheme or malformed URL, a
// header net/http refuses, a redirect the client's CheckRedirect refused.
type RetryPolicy struct {
	MaxAttempts int           // including the first; 1 or less turns retries off
	BaseDelay   time.Duration // the first backoff; it doubles each attempt
	MaxDelay    time.Duration // cap of every wait, Retry-After included; 0 is a minute
	Budget      time.Duration // total time for all attempts and waits; 0 is no limit
}

// defaultMaxWait caps waits when a policy sets no MaxDelay.
const defaultMaxWait = time.Minute

// DefaultRetryPolicy is what a Client uses unless told otherwise.
var DefaultRetryPolicy = RetryPolicy{MaxAttempts: 3, BaseDelay: 200 * time.Millisecond, MaxDelay: 5 * time.Second, Budget: 30 * time.Second}

// WithRetry sets the client's retry policy; WithRetry(RetryPolicy{}) turns
// retries off.
func WithRetry(p RetryPolicy) Option { return func(cfg *config) { cfg.retry = p } }

// WithRetryUnsafe lets this call retry although its method is not
// idempotent (e.g. a POST the caller knows is safe to repeat).
func WithRetryUnsafe() RequestOption { return func(cc *callConfig) { cc.retryUnsafe = true } }

func idempotent(method string) bool {
	switch method {
	case http.MethodGet, http.MethodHead, http.MethodOptions, http.MethodPut, http.MethodDelete, http.MethodTrace:
		return true
	}
	return false
}

func retryableStatus(code int) bool {
	switch code {
	case http.StatusTooManyRequests, http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return true
	}
	return false
}

func (p RetryPolicy) maxWait() time.Duration {
	if p.MaxDelay > 0 {
		return p.MaxDelay
	}
	return defaultMaxWait
}

// backoff is the wait before attempt n+1: Retry-After if the response
// has one, otherwise a random duration up to BaseDelay·2^(n-1); either is
// capped at maxWait.
func (p RetryPolicy) backoff(n int, resp *http.Response, now time.Time) time.Duration {
	ceiling := p.maxWait()
	if resp != nil {
		if d, ok := retryAfter(resp.Header.Get("Retry-After"), now); ok {
			return min(d, ceiling)
		}
	}
	d := p.BaseDelay
	if d <= 0 {
		return 0
	}
	for i := 1; i < n && d < ceiling; i++ {
		if d > ceiling/2 {
			d = ceiling // doubling would pass the cap, or overflow
			break
		}
		d *= 2
	}
	d = min(d, ceiling)
	if d == forever {
		return time.Duration(rand.Int64N(int64(d))) // d+1 would overflow
	}
	return time.Duration(rand.Int64N(int64(d) + 1))
}

// wait is the backoff before attempt n+1, and whether to take it: not
// when it would end past the budget (counted from start) or the context's
// deadline.
func (p RetryPolicy) wait(ctx context.Context, n int, resp *http.Response, start, now time.Time) (time.Duration, bool) {
	d := p.backoff(n, resp, now)
	// Compared by subtraction: d may be near the largest Duration, and a
	// sum would overflow (Sub saturates).
	if p.Budget > 0 && d > p.Budget-now.Sub(start) {
		return 0, false
	}
	if dl, ok := ctx.Deadline(); ok && d >= dl.Sub(now) {
		return 0, false
	}
	return d, true
}

// forever stands for a Retry-After too large to represent.
const forever = time.Duration(1<<63 - 1)

// retryAfter reads a Retry-After value: delay-seconds or an HTTP-date.
// A number of seconds that overflows a time.Duration is forever.
func retryAfter(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if strings.Trim(v, "0123456789") == "" {
		s, err := strconv.ParseInt(v, 10, 64)
		if err != nil || s > int64(forever/time.Second) {
			return forever, true
		}
		return time.Duration(s) * time.Second, true
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(t.Sub(now), 0), true
	}
	return 0, false
}

// errRedirectRefused marks an error of the caller's CheckRedirect, which
// is not retried.
type errRedirectRefused struct{ err error }

func (e errRedirectRefused) Error() string { return e.err.Error() }
func (e errRedirectRefused) Unwrap() error { return e.err }

// retryableError reports whether a failure to send might not happen again:
// not for an untrusted certificate, a refused redirect, or a request
// net/http refuses to send (bad scheme or host, invalid header or method).
func retryableError(err error) bool {
	var (
		verify   *tls.CertificateVerificationError
		unknown  x509.UnknownAuthorityError
		hostname x509.HostnameError
		invalid  x509.CertificateInvalidError
		redirect errRedirectRefused
	)
	if asError(err, &verify) || asError(err, &unknown) || asError(err, &hostname) || asError(err, &invalid) ||
		asError(err, &redirect) || errors.Is(err, errTooManyRedirects) {
		return false
	}
	msg := err.Error()
	for _, s := range []string{"unsupported protocol scheme", "no Host in request URL", "invalid header field", "invalid method", "http: nil Request"} {
		if strings.Contains(msg, s) {
			return false
		}
	}
	return true
}

// asError is errors.As for a target of a concrete error type T, walking
// err's tree as errors.As does: the first error that is a T, or whose As
// method takes target, ends the walk. errors.As finds out with reflection
// (internal/reflectlite), which would add ~20 kB to every program that
// sends a request.
func asError[T error](err error, target *T) bool {
	for err != nil {
		if e, ok := err.(T); ok {
			*target = e
			return true
		}
		if x, ok := err.(interface{ As(any) bool }); ok && x.As(target) {
			return true
		}
		switch x := err.(type) {
		case interface{ Unwrap() error }:
			err = x.Unwrap()
		case interface{ Unwrap() []error }:
			for _, e := range x.Unwrap() {
				if e != nil && asError(e, target) {
					return true
				}
			}
			return false
		default:
			return false
		}
	}
	return false
}

// drain reads what is left of a body we will not use, so that the
// connection can be reused, and closes it.
func drain(resp *http.Response) {
	io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<16))
	resp.Body.Close()
}

// sleep waits d or until ctx is done.
func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
