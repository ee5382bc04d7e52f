package clientrt

import (
	"errors"
	"net/http"
	"net/url"
	"strings"
)

// WithSameOriginRedirects makes the client follow only redirects that stay
// on the scheme, host and port of the request. A redirect elsewhere is not
// followed: the method returns the 3xx response as an *APIError, whose
// Location method gives the target.
//
// Without this option a redirect to another origin is followed, but
// carries nothing the client added: every header except Accept and
// User-Agent is dropped (credentials, header parameters such as
// X-Session-Token, WithRequestHeader, WithCookie and cookies), query
// credentials are removed from the target, and a 307 or 308 that would
// resend the request body there is not followed (its 3xx is returned).
// Same-origin redirects keep everything, as the Go http.Client does.
//
// This applies when requests go through an *http.Client (the default, or
// one passed to WithHTTPClient).
func WithSameOriginRedirects() Option { return func(cfg *config) { cfg.sameOriginOnly = true } }

// keptAcrossOrigins are the only request headers a cross-origin redirect
// carries: they say nothing about the caller.
var keptAcrossOrigins = map[string]bool{"Accept": true, "User-Agent": true, "Accept-Language": true}

// errTooManyRedirects is http.Client's own limit, which a CheckRedirect of
// ours replaces when the caller's client has none.
var errTooManyRedirects = errors.New("stopped after 10 redirects")

// guardRedirects returns a shallow copy of hc whose CheckRedirect keeps
// the request's credentials on its origin, then defers to hc's own.
func guardRedirects(hc *http.Client, sameOriginOnly bool, queryKeys []string) *http.Client {
	c := *hc
	next := hc.CheckRedirect
	c.CheckRedirect = func(req *http.Request, via []*http.Request) error {
		if len(via) > 0 && leftOrigin(req, via) {
			if sameOriginOnly || (req.Body != nil && req.Body != http.NoBody) {
				return http.ErrUseLastResponse
			}
			stripForOtherOrigin(req, queryKeys)
		}
		if next != nil {
			if err := next(req, via); err != nil && err != http.ErrUseLastResponse {
				return errRedirectRefused{err}
			} else if err != nil {
				return err
			}
			return nil
		}
		if len(via) >= 10 {
			return errTooManyRedirects
		}
		return nil
	}
	return &c
}

// leftOrigin reports whether the redirect chain has been, or is now, on
// another origin than the first request. http.Client copies the first
// request's headers onto every hop, so once the chain has left, every
// later hop is stripped too, even one that comes back.
func leftOrigin(req *http.Request, via []*http.Request) bool {
	first := via[0].URL
	if !sameOrigin(first, req.URL) {
		return true
	}
	for _, r := range via[1:] {
		if !sameOrigin(first, r.URL) {
			return true
		}
	}
	return false
}

func stripForOtherOrigin(req *http.Request, queryKeys []string) {
	for k := range req.Header {
		if !keptAcrossOrigins[http.CanonicalHeaderKey(k)] {
			delete(req.Header, k)
		}
	}
	if len(queryKeys) > 0 && req.URL.RawQuery != "" {
		// Only the credentials' pieces go; the rest keeps its bytes (a
		// re-encoding would escape the parameters' literal delimiters).
		req.URL.RawQuery = dropRawQuery(req.URL.RawQuery, queryKeys)
	}
}

// sameOrigin compares scheme, host and port (an absent port is the
// scheme's default).
func sameOrigin(a, b *url.URL) bool {
	return strings.EqualFold(a.Scheme, b.Scheme) && strings.EqualFold(a.Hostname(), b.Hostname()) && port(a) == port(b)
}

func port(u *url.URL) string {
	if p := u.Port(); p != "" {
		return p
	}
	switch strings.ToLower(u.Scheme) {
	case "http":
		return "80"
	case "https":
		return "443"
	}
	return ""
}
