package clientrt

import (
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"unicode/utf8"
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
	limit   int64
	red     redactor
	cancel  func()    // ends the attempt's timeout (WithAttemptTimeout), if any
	c       *call     // the call, which again may send once more
	attempt int       // the attempt this is the response of
	reqBody io.Closer // the request's streamed body, if any: closing it ends its writer
}

// Close closes the body, ends the attempt's timeout and the writer of a
// streamed request body.
func (b *sentBody) Close() error {
	err := b.ReadCloser.Close()
	if b.cancel != nil {
		b.cancel()
	}
	if b.reqBody != nil {
		b.reqBody.Close()
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
	// size and limit may be anything up to math.MaxInt64 (size is what the
	// server announced): each is compared before one is added to it, so
	// that no sum overflows into a negative capacity.
	n := int64(512)
	if size >= 0 {
		n = maxBodyHint
		if size < maxBodyHint {
			n = size + 1
		}
	}
	if limit > 0 && limit < n {
		n = limit + 1
	}
	b := make([]byte, 0, n)
	for {
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)] // grow
		}
		room := b[len(b):cap(b)]
		if limit > 0 && int64(len(room)) > limit-int64(len(b)) {
			room = room[:limit-int64(len(b))+1] // one byte past the limit, to see that there is more
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
	secrets   []string // credential values the request carried, in every form (secretForms), longest first
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

// resolved is r with its secrets listed, for a message that redacts
// several times.
func (r redactor) resolved() redactor {
	if r.secrets == nil && r.t != nil && r.req != nil {
		r.secrets = r.t.secretsOf(r.req)
		if r.secrets == nil {
			r.secrets = []string{}
		}
	}
	return r
}

// secretQueryKeys are query parameters redacted from every URL an error
// shows, whether or not the spec calls them credentials.
var secretQueryKeys = []string{"access_token", "api_key", "apikey", "api-key", "client_secret", "key", "password", "secret", "session_token", "token"}

const redacted = "REDACTED"

// url is u with the values of credential query parameters and its
// userinfo replaced, and credential values wherever they appear.
func (r redactor) url(u *url.URL) string {
	if u == nil {
		return ""
	}
	if u.RawQuery == "" && u.User == nil {
		return r.text(u.String())
	}
	c := *u
	if c.User != nil {
		c.User = url.User(redacted)
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

// text replaces every credential value in s, in every form secretsOf
// lists (as sent, URL-, JSON- and base64-encoded).
func (r redactor) text(s string) string {
	for _, v := range r.secretList() {
		if strings.Contains(s, v) {
			s = strings.ReplaceAll(s, v, redacted)
		}
	}
	return s
}

// clip is the start of s, at most maxLen bytes and then "…", with credentials
// redacted before the cut: a secret the cut would split leaves nothing of
// itself. Only the start of a long s is redacted; what could be the start
// of a secret cut off at its end is dropped with the rest.
func (r redactor) clip(s string, maxLen int) string {
	secrets := r.secretList()
	longest := 0
	if len(secrets) > 0 {
		longest = len(secrets[0]) // longest first
	}
	cut := false
	if len(s) > maxLen+longest+utf8.UTFMax {
		s, cut = s[:maxLen+longest+utf8.UTFMax], true
	}
	s = r.text(s)
	keep := len(s)
	if cut {
		// A secret split by the cut above is a suffix of s shorter than
		// longest, which text left; it goes with the rest, and so does a
		// character split by that cut.
		keep = max(0, min(maxLen, len(s)-longest-utf8.UTFMax))
	} else if len(s) > maxLen {
		keep, cut = maxLen, true
	}
	if !cut {
		return s
	}
	// Drop a character the cut splits in two; leave the rest as sent.
	for i := 1; i < utf8.UTFMax && keep > 0 && !utf8.RuneStart(s[keep]); i++ {
		keep--
	}
	return s[:keep] + "…"
}

// secretForms adds to out the forms in which v may come back in a
// response or an error: as sent, URL-encoded (query and path, either
// case of hex digits), and JSON-escaped (with or without HTML escapes,
// with "/" as "\/" or not).
func secretForms(out []string, v string) []string {
	forms := make([]string, 0, 8)
	add := func(f string) {
		if len(f) >= minSecret && !slices.Contains(forms, f) {
			forms = append(forms, f)
		}
	}
	add(v)
	for _, e := range []string{url.QueryEscape(v), url.PathEscape(v), strings.ReplaceAll(url.QueryEscape(v), "+", "%20")} {
		add(e)
		add(lowerHex(e))
	}
	for _, html := range []bool{true, false} {
		j := jsonEscaped(v, html)
		add(j)
		add(strings.ReplaceAll(j, "/", `\/`))
	}
	return append(out, forms...)
}

// jsonEscaped is v as encoding/json writes it inside a string's quotes,
// with (html) or without SetEscapeHTML; TestJSONEscaped holds it to
// encoding/json. Writing it here spares every program that sends a
// request json.Encoder and its indenter.
func jsonEscaped(v string, html bool) string {
	const hex = "0123456789abcdef"
	b := make([]byte, 0, len(v)+8)
	start := 0
	for i := 0; i < len(v); {
		if c := v[i]; c < utf8.RuneSelf {
			if c >= ' ' && c != '"' && c != '\\' && (!html || c != '<' && c != '>' && c != '&') {
				i++
				continue
			}
			b = append(b, v[start:i]...)
			switch c {
			case '\\', '"':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(v[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b = append(b, v[start:i]...)
			b = append(b, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			b = append(b, v[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hex[r&0xf])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	return string(append(b, v[start:]...))
}

// minSecret is the shortest value redacted: shorter ones would take
// ordinary words out of messages.
const minSecret = 4

// lowerHex is a percent-encoded s with lower-case hex digits.
func lowerHex(s string) string {
	if !strings.Contains(s, "%") {
		return s
	}
	b := []byte(s)
	for i := 0; i+2 < len(b); i++ {
		if b[i] == '%' {
			for j := i + 1; j <= i+2; j++ {
				if b[j] >= 'A' && b[j] <= 'F' {
					b[j] += 'a' - 'A'
				}
			}
		}
	}
	return string(b)
}
