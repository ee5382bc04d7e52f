package clientrt

import (
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
)

// DefaultMaxResponseBytes is how much of a response body a call reads to
// decode it, unless WithMaxResponseBytes says otherwise.
const DefaultMaxResponseBytes = 32 << 20

// MaxErrorBodyBytes is how much of an error response's body an *APIError
// keeps; APIError.Truncated says whether there was more.
const MaxErrorBodyBytes = 64 << 10

// WithMaxResponseBytes sets how many bytes of a success body a call reads
// to decode it (default DefaultMaxResponseBytes); a longer body ends the
// call with a *ResponseTooLargeError, without reading the rest. n <= 0
// removes the limit. Event streams are read as they arrive and are not
// limited; error bodies are cut at MaxErrorBodyBytes.
func WithMaxResponseBytes(n int64) Option { return func(cfg *config) { cfg.maxBody = n } }

// ResponseTooLargeError is a success response whose body is longer than
// the client reads (WithMaxResponseBytes).
type ResponseTooLargeError struct {
	Method     string
	URL        string
	StatusCode int
	Limit      int64
}

// Error names the response and the limit it exceeded.
func (e *ResponseTooLargeError) Error() string {
	return fmt.Sprintf("%s %s: %d response body is longer than %d bytes (WithMaxResponseBytes)", e.Method, e.URL, e.StatusCode, e.Limit)
}

// sentBody is the body of a response to a request the client sent: it
// carries how much of it parseResponse may read and what to redact from
// error messages.
type sentBody struct {
	io.ReadCloser
	limit  int64
	red    redactor
	cancel func() // ends the attempt's timeout (WithAttemptTimeout), if any
}

// Close closes the body and ends the attempt's timeout.
func (b *sentBody) Close() error {
	err := b.ReadCloser.Close()
	if b.cancel != nil {
		b.cancel()
	}
	return err
}

// readLimits are the body limit and redactions of resp: those of the client
// that sent it, or the defaults for a response the caller got elsewhere.
func readLimits(body io.Reader) (limit int64, r redactor) {
	if sb, ok := body.(*sentBody); ok {
		return sb.limit, sb.red
	}
	return DefaultMaxResponseBytes, redactor{}
}

// readBody reads up to limit bytes (all of it if limit <= 0) and reports
// whether there was more. size is the body's Content-Length, -1 if unknown:
// a body of the length it announces is read into one buffer, with a byte to
// spare to see its end.
func readBody(r io.Reader, limit, size int64) ([]byte, bool, error) {
	n := int64(512)
	if size >= 0 {
		n = min(size+1, maxBodyHint)
	}
	if limit > 0 {
		n = min(n, limit+1)
	}
	b := make([]byte, 0, n)
	for {
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)] // grow
		}
		room := b[len(b):cap(b)]
		if limit > 0 && int64(len(b)+len(room)) > limit+1 {
			room = room[:limit+1-int64(len(b))]
		}
		m, err := r.Read(room)
		b = b[:len(b)+m]
		if limit > 0 && int64(len(b)) > limit {
			return b[:limit], true, nil
		}
		if err == io.EOF {
			return b, false, nil
		}
		if err != nil {
			return b, false, err
		}
	}
}

// maxBodyHint caps the buffer a Content-Length makes readBody allocate
// before any of the body has arrived.
const maxBodyHint = 1 << 20

// redactor removes credentials from what error messages show.
type redactor struct {
	secrets   []string // credential values the request carried, longest first
	queryKeys []string // query parameters that carry credentials
	// When secrets is nil, they are those of req and t, listed when a
	// message needs them rather than on every call.
	t   *transport
	req *http.Request
}

// secretList is r.secrets, or the secrets of r.req.
func (r redactor) secretList() []string {
	if r.secrets == nil && r.t != nil && r.req != nil {
		return r.t.secretsOf(r.req)
	}
	return r.secrets
}

// secretQueryKeys are query parameters redacted from every URL an error
// shows, whether or not the spec calls them credentials.
var secretQueryKeys = []string{"access_token", "api_key", "apikey", "api-key", "client_secret", "key", "password", "secret", "session_token", "token"}

const redacted = "REDACTED"

// url is u with the values of credential query parameters replaced.
func (r redactor) url(u *url.URL) string {
	if u == nil {
		return ""
	}
	if u.RawQuery == "" && u.User == nil {
		return r.text(u.String())
	}
	c := *u
	if c.User != nil {
		c.User = url.User(c.User.Username())
	}
	if c.RawQuery != "" {
		q := c.Query()
		changed := false
		for k := range q {
			if r.secretKey(k) {
				for i := range q[k] {
					q[k][i] = redacted
				}
				changed = true
			}
		}
		if changed {
			c.RawQuery = q.Encode()
		}
	}
	return r.text(c.String())
}

func (r redactor) secretKey(k string) bool {
	for _, s := range r.queryKeys {
		if strings.EqualFold(k, s) {
			return true
		}
	}
	for _, s := range secretQueryKeys {
		if strings.EqualFold(k, s) {
			return true
		}
	}
	return false
}

// text replaces every credential value in s.
func (r redactor) text(s string) string {
	for _, v := range r.secretList() {
		if strings.Contains(s, v) {
			s = strings.ReplaceAll(s, v, redacted)
		}
		if e := url.QueryEscape(v); e != v && strings.Contains(s, e) {
			s = strings.ReplaceAll(s, e, redacted)
		}
	}
	return s
}
