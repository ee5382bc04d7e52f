package clientrt

import (
	"encoding/base64"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strings"
)

// credential is how one security scheme's secret travels.
type credential struct {
	in    string // header, query or cookie
	name  string
	value string
}

// withCredential stores the credential of a security scheme; operations
// that accept the scheme send it, and a header credential also fills the
// header parameter of the same name wherever an operation has one. A value
// that cannot be sent (CR, LF or NUL in a header, an invalid cookie value)
// makes NewClient fail.
func withCredential(scheme string, cr credential) Option {
	return func(cfg *config) {
		if err := cr.check(); err != nil {
			cfg.fail(fmt.Errorf("credential %s: %w", scheme, err))
			return
		}
		cfg.creds[scheme] = cr
	}
}

func (cr credential) check() error {
	switch cr.in {
	case "cookie":
		ck := &http.Cookie{Name: cr.name, Value: cr.value}
		if err := ck.Valid(); err != nil {
			return err
		}
		return checkHeaderValue("Cookie", cr.value)
	case "query":
		return nil
	}
	return checkHeaderValue(cr.name, cr.value)
}

// WithSessionCookie sends cookie (e.g. "ory_kratos_session=…", as a browser
// sent it) as the Cookie header parameter of every operation that declares
// one (for Ory Kratos: toSession, the browser flows, logout), unless the
// call sets that parameter or uses WithCookie. Other operations do not send
// it. A value with CR, LF or NUL makes NewClient fail.
func WithSessionCookie(cookie string) Option {
	return func(cfg *config) {
		if err := checkHeaderValue("Cookie", cookie); err != nil {
			cfg.fail(fmt.Errorf("WithSessionCookie: %w", err))
			return
		}
		cfg.sessionCookie = cookie
	}
}

func basicAuth(username, password string) string {
	return "Basic " + base64.StdEncoding.EncodeToString([]byte(username+":"+password))
}

// bearer is the Authorization value of a bearer token; a token that
// already starts with "Bearer " is used as it is, not sent as
// "Bearer Bearer …".
func bearer(token string) string {
	if len(token) > 7 && strings.EqualFold(token[:7], "bearer ") {
		return token
	}
	return "Bearer " + token
}

// queryCredentials are the names of the query parameters that carry
// credentials, sorted.
func queryCredentials(creds map[string]credential) []string {
	var out []string
	for _, cr := range creds {
		if cr.in == "query" {
			out = append(out, cr.name)
		}
	}
	sort.Strings(out)
	return out
}

// authenticate applies the first of the operation's security alternatives
// for which every scheme has a credential. With none, the request goes out
// without credentials and the server decides.
func (t *transport) authenticate(req *http.Request, alternatives [][]string) {
	for _, alt := range alternatives {
		ok := true
		for _, s := range alt {
			if _, have := t.creds[s]; !have {
				ok = false
				break
			}
		}
		if !ok {
			continue
		}
		for _, s := range alt {
			cr := t.creds[s]
			switch cr.in {
			case "query":
				// Set in the raw query, so that the parameters' literal
				// delimiters are not re-encoded.
				req.URL.RawQuery = setRawQuery(req.URL.RawQuery, cr.name, cr.value)
			case "cookie":
				req.AddCookie(&http.Cookie{Name: cr.name, Value: cr.value})
			default:
				if req.Header.Get(cr.name) == "" {
					req.Header.Set(cr.name, cr.value)
				}
			}
		}
		return
	}
}

// fillCredentialParams fills the credential-carrying header parameters the
// operation declares (credParams: X-Session-Token, Authorization, Cookie…)
// and the call left unset, from the client's header credentials and
// WithSessionCookie. A parameter the call sets wins.
func (t *transport) fillCredentialParams(req *http.Request, credParams []string) {
	for _, name := range credParams {
		if req.Header.Get(name) != "" {
			continue
		}
		if strings.EqualFold(name, "Cookie") {
			if t.sessionCookie != "" {
				req.Header.Set("Cookie", t.sessionCookie)
			}
			continue
		}
		for _, scheme := range sortedSchemes(t.creds) {
			if cr := t.creds[scheme]; cr.in == "header" && strings.EqualFold(cr.name, name) {
				req.Header.Set(name, cr.value)
				break
			}
		}
	}
}

func sortedSchemes(creds map[string]credential) []string {
	out := make([]string, 0, len(creds))
	for k := range creds {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// sensitiveHeaders carry credentials whatever the spec says.
var sensitiveHeaders = []string{"Authorization", "Cookie", "X-Session-Token", "Proxy-Authorization", "X-Api-Key", "X-Csrf-Token"}

// secretsOf lists the credential values req carries, for redaction from
// error messages and logs: its sensitive and credential headers (cookie
// values one by one, the user and password of Basic authorization), query
// credentials, the userinfo of its URL, and the client's own credentials
// and session cookie. Each comes in every form secretForms lists.
func (t *transport) secretsOf(req *http.Request) []string {
	var raw []string
	add := func(v string) {
		v = strings.TrimSpace(v)
		if len(v) >= minSecret && !slices.Contains(raw, v) {
			raw = append(raw, v)
		}
	}
	// addAuth adds a header value, the token after its scheme, and for
	// Basic the user and password it encodes.
	addAuth := func(v string) {
		add(v)
		scheme, token, ok := strings.Cut(strings.TrimSpace(v), " ")
		if !ok {
			return
		}
		add(token)
		if strings.EqualFold(scheme, "Basic") {
			if dec, err := base64.StdEncoding.DecodeString(strings.TrimSpace(token)); err == nil {
				user, pass, _ := strings.Cut(string(dec), ":")
				add(string(dec))
				add(user)
				add(pass)
			}
		}
	}
	addCookies := func(v string) {
		add(v)
		for _, kv := range strings.Split(v, ";") {
			if _, val, ok := strings.Cut(kv, "="); ok {
				add(strings.Trim(strings.TrimSpace(val), `"`))
			}
		}
	}
	addUser := func(u *url.URL) {
		if u == nil || u.User == nil {
			return
		}
		add(u.User.Username())
		if p, ok := u.User.Password(); ok {
			add(p)
			add(u.User.String())
			addAuth(basicAuth(u.User.Username(), p)) // how net/http sends it
		}
	}
	fromHeader := func(h string) {
		for _, v := range req.Header.Values(h) {
			if strings.EqualFold(h, "Cookie") {
				addCookies(v)
			} else {
				addAuth(v)
			}
		}
	}
	for _, h := range sensitiveHeaders {
		fromHeader(h)
	}
	for _, cr := range t.creds {
		if cr.in == "header" {
			fromHeader(cr.name)
		}
		addAuth(cr.value)
	}
	if t.sessionCookie != "" {
		addCookies(t.sessionCookie)
	}
	addUser(req.URL)
	if bu, err := url.Parse(t.base); err == nil {
		addUser(bu)
	}
	var out []string
	for _, v := range raw {
		out = secretForms(out, v)
	}
	// Longest first, so that a value containing another is replaced whole:
	// a stable insertion sort (the lists are short), which links less
	// than slices.SortStableFunc's merge sort.
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && len(out[j-1]) < len(out[j]); j-- {
			out[j-1], out[j] = out[j], out[j-1]
		}
	}
	return slices.Compact(out)
}
