package clientrt

import (
	"context"
	"io"
	"math/rand/v2"
	"net/http"
	"strconv"
	"time"
)

// RetryPolicy says when and how a request is sent again: after a failure
// to connect or a 429, 502, 503 or 504, with exponential backoff and full
// jitter, honouring Retry-After (seconds or an HTTP date). Only idempotent
// methods (GET, HEAD, OPTIONS, PUT, DELETE) retry unless a call opts in
// with WithRetryUnsafe.
type RetryPolicy struct {
	MaxAttempts int           // including the first; 1 or less turns retries off
	BaseDelay   time.Duration // the first backoff; it doubles each attempt
	MaxDelay    time.Duration // cap of one backoff (not of Retry-After)
	Budget      time.Duration // total time for all attempts and waits; 0 is no limit
}

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

// backoff is the wait before attempt n+1: Retry-After if the response
// has one, otherwise a random duration up to BaseDelay·2^(n-1), capped.
func (p RetryPolicy) backoff(n int, resp *http.Response, now time.Time) time.Duration {
	if resp != nil {
		if d, ok := retryAfter(resp.Header.Get("Retry-After"), now); ok {
			return d
		}
	}
	d := p.BaseDelay << (n - 1)
	if d <= 0 || (p.MaxDelay > 0 && d > p.MaxDelay) {
		d = p.MaxDelay
	}
	if d <= 0 {
		return 0
	}
	return time.Duration(rand.Int64N(int64(d) + 1))
}

// retryAfter reads a Retry-After value: delay-seconds or an HTTP-date.
func retryAfter(v string, now time.Time) (time.Duration, bool) {
	if v == "" {
		return 0, false
	}
	if s, err := strconv.Atoi(v); err == nil && s >= 0 {
		return time.Duration(s) * time.Second, true
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(t.Sub(now), 0), true
	}
	return 0, false
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
