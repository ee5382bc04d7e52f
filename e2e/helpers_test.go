//go:build e2e

package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	kratos "github.com/orygen/orygen/testdata/golden/kratos-v1.3.1"
)

// server returns the public and admin base URLs of the Kratos under test, or
// skips the test with the reason and the way to run it.
func server(t *testing.T) (public, admin string) {
	t.Helper()
	public = os.Getenv("ORYGEN_E2E_KRATOS")
	if public == "" {
		t.Skip("ORYGEN_E2E_KRATOS is not set, so there is no Kratos v1.3.1 server to test against: " +
			"run `make e2e` (builds, starts and stops one), or start one with `e2e/kratos.sh start` and set " +
			"ORYGEN_E2E_KRATOS=http://127.0.0.1:4433 ORYGEN_E2E_KRATOS_ADMIN=http://127.0.0.1:4434")
	}
	admin = os.Getenv("ORYGEN_E2E_KRATOS_ADMIN")
	if admin == "" {
		t.Fatal("ORYGEN_E2E_KRATOS is set but ORYGEN_E2E_KRATOS_ADMIN is not")
	}
	return public, admin
}

func ctx(t *testing.T) context.Context {
	c, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	t.Cleanup(cancel)
	return c
}

// newClient is a client for base that sends with hc (a fresh *http.Client
// with a timeout when nil).
func newClient(t *testing.T, base string, hc *http.Client, opts ...kratos.Option) *kratos.Client {
	t.Helper()
	if hc == nil {
		hc = &http.Client{Timeout: 30 * time.Second}
	}
	c, err := kratos.NewClient(base, append([]kratos.Option{kratos.WithHTTPClient(hc), kratos.WithUserAgent("orygen-e2e")}, opts...)...)
	if err != nil {
		t.Fatalf("NewClient(%q): %v", base, err)
	}
	return c
}

func clients(t *testing.T) (public, admin *kratos.Client) {
	pub, adm := server(t)
	return newClient(t, pub, nil), newClient(t, adm, nil)
}

var (
	runID   = fmt.Sprintf("%x", time.Now().UnixNano()&0xffffffff)
	counter atomic.Int64
)

// email is an address no other test of this run uses.
func email(kind string) string {
	return fmt.Sprintf("%s-%s-%d@e2e.example.com", kind, runID, counter.Add(1))
}

const password = "correct horse battery staple 42"

func ptr[T any](v T) *T { return &v }

func rawJSON(t *testing.T, v any) json.RawMessage {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

type traits struct {
	Email string `json:"email"`
	Name  *struct {
		First string `json:"first,omitempty"`
		Last  string `json:"last,omitempty"`
	} `json:"name,omitempty"`
}

func decodeTraits(t *testing.T, raw json.RawMessage) traits {
	t.Helper()
	var tr traits
	if err := json.Unmarshal(raw, &tr); err != nil {
		t.Fatalf("traits %s: %v", raw, err)
	}
	return tr
}

// wantError checks that err is the typed error the operation declares for
// status, with its body decoded as T, and returns it.
func wantError[T any](t *testing.T, err error, status int) *kratos.ErrorResponse[T] {
	t.Helper()
	if err == nil {
		t.Fatalf("want a %d error, got success", status)
	}
	var er *kratos.ErrorResponse[T]
	if !errors.As(err, &er) {
		var ae *kratos.APIError
		if errors.As(err, &ae) {
			t.Fatalf("want *kratos.ErrorResponse[%s] with status %d, got %s with status %d (ShapeErr %v), body %s",
				typeName[T](), status, errType(err), ae.StatusCode, ae.ShapeErr, ae.Body)
		}
		t.Fatalf("want *kratos.ErrorResponse[%s] (status %d), got %T: %v", typeName[T](), status, err, err)
	}
	if er.StatusCode != status {
		t.Fatalf("want status %d, got %d: %s", status, er.StatusCode, er.Body)
	}
	if er.APIError == nil || len(er.Body) == 0 {
		t.Fatalf("ErrorResponse without the raw body: %+v", er)
	}
	return er
}

func typeName[T any]() string { return "kratos." + reflect.TypeFor[T]().Name() }

// errType names err's type with the package's short name.
func errType(err error) string {
	return strings.ReplaceAll(reflect.TypeOf(err).String(), "github.com/orygen/orygen/testdata/golden/kratos-v1%2e3%2e1", "kratos")
}

// wantGeneric checks a typed errorGeneric with the given status, and that
// its decoded code agrees with the status line.
func wantGeneric(t *testing.T, err error, status int) kratos.GenericError {
	t.Helper()
	er := wantError[kratos.ErrorGeneric](t, err, status)
	g := er.Value.Error
	if g.Code == nil || *g.Code != int64(status) {
		t.Errorf("error.code = %v, want %d (body %s)", deref(g.Code), status, er.Body)
	}
	if g.Message == "" {
		t.Errorf("error.message is empty (body %s)", er.Body)
	}
	return g
}

func deref[T any](p *T) any {
	if p == nil {
		return nil
	}
	return *p
}

// must(call(...))(t) is the result of call, or a fatal error that says
// what kind of error it was.
func must[T any](v T, err error) func(*testing.T) T {
	return func(t *testing.T) T {
		t.Helper()
		if err != nil {
			t.Fatalf("%v", describe(err))
		}
		return v
	}
}

func check(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatalf("%v", describe(err))
	}
}

// describe names the error type, so that a failure says whether the server
// refused (APIError), the client could not decode (DecodeError) or the
// request did not go out.
func describe(err error) string {
	var de *kratos.DecodeError
	if errors.As(err, &de) {
		return fmt.Sprintf("*kratos.DecodeError (the client could not decode what the server sent): %v\nfull body: %s", de.Err, de.Body)
	}
	var ae *kratos.APIError
	if errors.As(err, &ae) {
		return fmt.Sprintf("%s: %v\nfull body: %s", errType(err), err, ae.Body)
	}
	return fmt.Sprintf("%T: %v", err, err)
}

// inputNode finds the input node called name.
func inputNode(ui kratos.UIContainer, name string) (*kratos.UINodeInputAttributes, bool) {
	for _, n := range ui.Nodes {
		if a, ok := n.Attributes.Value.(*kratos.UINodeInputAttributes); ok && a.Name == name {
			return a, true
		}
	}
	return nil, false
}

// csrfToken is the value of the hidden input node csrf_token.
func csrfToken(t *testing.T, ui kratos.UIContainer) string {
	t.Helper()
	a, ok := inputNode(ui, "csrf_token")
	if !ok {
		t.Fatalf("no csrf_token node among %d ui nodes", len(ui.Nodes))
	}
	var v string
	if err := json.Unmarshal(a.Value, &v); err != nil || v == "" {
		t.Fatalf("csrf_token node value %s: not a non-empty string (%v)", a.Value, err)
	}
	return v
}

// messages are the flow's messages and every node's.
func messages(ui kratos.UIContainer) []kratos.UIText {
	out := append([]kratos.UIText(nil), ui.Messages...)
	for _, n := range ui.Nodes {
		out = append(out, n.Messages...)
	}
	return out
}

func hasMessage(ui kratos.UIContainer, id int64, typ kratos.UITextType) (kratos.UIText, bool) {
	for _, m := range messages(ui) {
		if m.ID == id && m.Type == typ {
			return m, true
		}
	}
	return kratos.UIText{}, false
}

// sessionToken is the session token carried by the typed
// set_ory_session_token continue_with variant, if any.
func sessionTokenContinue(cw []kratos.ContinueWith) (string, bool) {
	for _, c := range cw {
		if v, ok := c.Value.(*kratos.ContinueWithSetOrySessionToken); ok {
			return v.OrySessionToken, true
		}
	}
	return "", false
}

// registerNative registers a new identity through the native (API) flow.
func registerNative(t *testing.T, c *kratos.Client, addr, pw string) *kratos.SuccessfulNativeRegistration {
	t.Helper()
	flow := must(c.Frontend.CreateNativeRegistrationFlow(ctx(t), nil))(t)
	return must(c.Frontend.UpdateRegistrationFlow(ctx(t),
		kratos.UpdateRegistrationFlowBody{Value: &kratos.UpdateRegistrationFlowWithPasswordMethod{
			Password: pw,
			Traits:   rawJSON(t, map[string]string{"email": addr}),
		}},
		kratos.UpdateRegistrationFlowParams{Flow: flow.ID}))(t)
}

// loginNative signs in through a fresh native login flow.
func loginNative(t *testing.T, c *kratos.Client, addr, pw string) (*kratos.SuccessfulNativeLogin, error) {
	t.Helper()
	flow := must(c.Frontend.CreateNativeLoginFlow(ctx(t), nil))(t)
	return c.Frontend.UpdateLoginFlow(ctx(t),
		kratos.UpdateLoginFlowBody{Value: &kratos.UpdateLoginFlowWithPasswordMethod{Identifier: addr, Password: pw}},
		kratos.UpdateLoginFlowParams{Flow: flow.ID})
}

// recorder keeps the raw bodies of the responses, for assertions on what
// the typed model cannot tell apart (absent versus null).
type recorder struct {
	mu     sync.Mutex
	bodies [][]byte
}

func (r *recorder) middleware(next kratos.HTTPDoer) kratos.HTTPDoer {
	return kratos.DoerFunc(func(req *http.Request) (*http.Response, error) {
		resp, err := next.Do(req)
		if err != nil {
			return resp, err
		}
		b, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			return nil, err
		}
		r.mu.Lock()
		r.bodies = append(r.bodies, b)
		r.mu.Unlock()
		resp.Body = io.NopCloser(bytes.NewReader(b))
		return resp, nil
	})
}

// take returns the bodies recorded since the last take.
func (r *recorder) take() [][]byte {
	r.mu.Lock()
	defer r.mu.Unlock()
	b := r.bodies
	r.bodies = nil
	return b
}

// link is one link-value of an RFC 8288 Link header.
type link struct {
	Target string
	Params map[string]string // names lower-cased; rel kept as sent
}

// parseLinks parses Link header values (RFC 8288 section 3): comma-separated
// link-values, each a URI-Reference in angle brackets followed by
// ;-separated parameters whose values are tokens or quoted strings.
func parseLinks(headers []string) ([]link, error) {
	var out []link
	for _, h := range headers {
		s := h
		for {
			s = strings.TrimLeft(s, " \t,")
			if s == "" {
				break
			}
			if s[0] != '<' {
				return nil, fmt.Errorf("link-value does not start with '<': %q", s)
			}
			end := strings.IndexByte(s, '>')
			if end < 0 {
				return nil, fmt.Errorf("unterminated URI-Reference in %q", s)
			}
			l := link{Target: s[1:end], Params: map[string]string{}}
			s = s[end+1:]
			for {
				s = strings.TrimLeft(s, " \t")
				if s == "" || s[0] == ',' {
					break
				}
				if s[0] != ';' {
					return nil, fmt.Errorf("expected ';' or ',' in %q", s)
				}
				s = strings.TrimLeft(s[1:], " \t")
				i := strings.IndexAny(s, "=;, \t")
				if i < 0 {
					i = len(s)
				}
				name := strings.ToLower(s[:i])
				if name == "" {
					return nil, fmt.Errorf("empty parameter name in %q", h)
				}
				s = strings.TrimLeft(s[i:], " \t")
				val := ""
				if strings.HasPrefix(s, "=") {
					s = strings.TrimLeft(s[1:], " \t")
					var err error
					val, s, err = paramValue(s)
					if err != nil {
						return nil, fmt.Errorf("parameter %s in %q: %w", name, h, err)
					}
				}
				if _, dup := l.Params[name]; !dup { // RFC 8288: only the first occurrence counts
					l.Params[name] = val
				}
			}
			out = append(out, l)
		}
	}
	return out, nil
}

// paramValue reads a token or a quoted-string and returns it and the rest.
func paramValue(s string) (string, string, error) {
	if !strings.HasPrefix(s, `"`) {
		i := strings.IndexAny(s, ";, \t")
		if i < 0 {
			i = len(s)
		}
		return s[:i], s[i:], nil
	}
	var b strings.Builder
	for i := 1; i < len(s); i++ {
		switch s[i] {
		case '\\':
			if i+1 >= len(s) {
				return "", "", errors.New("backslash at the end of a quoted string")
			}
			i++
			b.WriteByte(s[i])
		case '"':
			return b.String(), s[i+1:], nil
		default:
			b.WriteByte(s[i])
		}
	}
	return "", "", errors.New("unterminated quoted string")
}

// relLink is the target of the first link whose rel includes rel (relation
// types compare case-insensitively), resolved against the request URL,
// which is the link context of a response (RFC 8288 section 3.2).
func relLink(resp *http.Response, rel string) (*url.URL, bool, error) {
	links, err := parseLinks(resp.Header.Values("Link"))
	if err != nil {
		return nil, false, err
	}
	for _, l := range links {
		for _, r := range strings.Fields(l.Params["rel"]) {
			if strings.EqualFold(r, rel) {
				ref, err := url.Parse(l.Target)
				if err != nil {
					return nil, false, fmt.Errorf("link target %q: %w", l.Target, err)
				}
				return resp.Request.URL.ResolveReference(ref), true, nil
			}
		}
	}
	return nil, false, nil
}

// nextPage is the page_token and page_size of the rel="next" link of a list
// response, checked to point back at the same path and host.
func nextPage(t *testing.T, resp *http.Response) (token string, size int64, ok bool) {
	t.Helper()
	if resp == nil {
		t.Fatal("WithResponse did not store the response")
	}
	next, ok, err := relLink(resp, "next")
	if err != nil {
		t.Fatalf("Link header %q: %v", resp.Header.Values("Link"), err)
	}
	if !ok {
		return "", 0, false
	}
	if next.Host != resp.Request.URL.Host || next.Path != resp.Request.URL.Path {
		t.Fatalf("next link %s leaves %s", next, resp.Request.URL)
	}
	q := next.Query()
	token = q.Get("page_token")
	if token == "" {
		t.Fatalf("next link %s has no page_token", next)
	}
	if s := q.Get("page_size"); s != "" {
		if _, err := fmt.Sscan(s, &size); err != nil {
			t.Fatalf("next link %s: page_size %q: %v", next, s, err)
		}
	}
	return token, size, true
}
