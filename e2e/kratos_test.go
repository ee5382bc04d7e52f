//go:build e2e

package e2e

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	kratos "github.com/orygen/orygen/testdata/golden/kratos-v1.3.1"
)

// Message ids of Kratos v1.3.1 (github.com/ory/kratos/text).
const (
	msgInvalidCredentials = 4000006 // ErrorValidationInvalidCredentials
	msgDuplicate          = 4000007 // ErrorValidationDuplicateCredentials
	msgInvalidFormat      = 4000001 // ErrorValidationGeneric ("... is not valid "email"")
	msgSettingsSaved      = 1050001 // InfoSelfServiceSettingsUpdateSuccess
)

func TestNativeRegistration(t *testing.T) {
	pub, _ := clients(t)
	addr := email("native-reg")

	flow := must(pub.Frontend.CreateNativeRegistrationFlow(ctx(t), nil))(t)
	if flow.Type != "api" || flow.ID == "" {
		t.Fatalf("flow type %q id %q, want an api flow", flow.Type, flow.ID)
	}
	// v1.3.1 starts with the profile step (traits only); the password method
	// is accepted all the same.
	for _, name := range []string{"traits.email", "csrf_token", "method"} {
		if _, ok := inputNode(flow.UI, name); !ok {
			t.Errorf("registration flow has no input node %q", name)
		}
	}

	var resp *http.Response
	reg := must(pub.Frontend.UpdateRegistrationFlow(ctx(t),
		kratos.UpdateRegistrationFlowBody{Value: &kratos.UpdateRegistrationFlowWithPasswordMethod{
			Password: password,
			Traits:   rawJSON(t, map[string]string{"email": addr}),
		}},
		kratos.UpdateRegistrationFlowParams{Flow: flow.ID}, kratos.WithResponse(&resp)))(t)

	if reg.Identity.ID == "" || decodeTraits(t, reg.Identity.Traits).Email != addr {
		t.Errorf("identity %q with traits %s, want email %s", reg.Identity.ID, reg.Identity.Traits, addr)
	}
	if reg.SessionToken == nil || *reg.SessionToken == "" {
		t.Fatal("no session_token: the session hook is configured, so a native registration must return one")
	}
	if reg.Session == nil {
		t.Fatal("no session")
	}
	if reg.Session.ID == "" || reg.Session.Active == nil || !*reg.Session.Active {
		t.Errorf("session %q active=%v, want an active session", reg.Session.ID, deref(reg.Session.Active))
	}
	if reg.Session.Identity == nil || reg.Session.Identity.ID != reg.Identity.ID {
		t.Errorf("session identity %+v, want %s", reg.Session.Identity, reg.Identity.ID)
	}
	tok, ok := sessionTokenContinue(reg.ContinueWith)
	if !ok {
		t.Fatalf("continue_with has no *kratos.ContinueWithSetOrySessionToken among %d items: %#v", len(reg.ContinueWith), reg.ContinueWith)
	}
	if tok != *reg.SessionToken {
		t.Errorf("continue_with ory_session_token %q != session_token %q", tok, *reg.SessionToken)
	}
	for _, c := range resp.Cookies() {
		if c.Name == "ory_kratos_session" {
			t.Errorf("a native flow must not set the session cookie; got %s", c)
		}
	}

	t.Run("same identifier again is the typed 400 with the registration flow", func(t *testing.T) {
		flow := must(pub.Frontend.CreateNativeRegistrationFlow(ctx(t), nil))(t)
		_, err := pub.Frontend.UpdateRegistrationFlow(ctx(t),
			kratos.UpdateRegistrationFlowBody{Value: &kratos.UpdateRegistrationFlowWithPasswordMethod{
				Password: password, Traits: rawJSON(t, map[string]string{"email": addr}),
			}},
			kratos.UpdateRegistrationFlowParams{Flow: flow.ID})
		er := wantError[kratos.RegistrationFlow](t, err, 400)
		if er.Value.ID != flow.ID {
			t.Errorf("400 carries flow %q, want %q", er.Value.ID, flow.ID)
		}
		m, ok := hasMessage(er.Value.UI, msgDuplicate, kratos.UITextTypeError)
		if !ok {
			t.Fatalf("no error message %d among %+v", msgDuplicate, messages(er.Value.UI))
		}
		t.Logf("duplicate: %d %q", m.ID, m.Text)
	})

	t.Run("an invalid email is the typed 400 with a node message", func(t *testing.T) {
		flow := must(pub.Frontend.CreateNativeRegistrationFlow(ctx(t), nil))(t)
		_, err := pub.Frontend.UpdateRegistrationFlow(ctx(t),
			kratos.UpdateRegistrationFlowBody{Value: &kratos.UpdateRegistrationFlowWithPasswordMethod{
				Password: password, Traits: rawJSON(t, map[string]string{"email": "not-an-email"}),
			}},
			kratos.UpdateRegistrationFlowParams{Flow: flow.ID})
		er := wantError[kratos.RegistrationFlow](t, err, 400)
		for _, n := range er.Value.UI.Nodes {
			if a, ok := n.Attributes.Value.(*kratos.UINodeInputAttributes); ok && a.Name == "traits.email" {
				if len(n.Messages) == 0 || n.Messages[0].Type != kratos.UITextTypeError {
					t.Fatalf("traits.email node has no error message: %+v", n.Messages)
				}
				t.Logf("invalid email: %d %q", n.Messages[0].ID, n.Messages[0].Text)
				return
			}
		}
		t.Fatal("no traits.email node in the 400 flow")
	})

	t.Run("unknown and malformed flow ids", func(t *testing.T) {
		body := kratos.UpdateRegistrationFlowBody{Value: &kratos.UpdateRegistrationFlowWithPasswordMethod{
			Password: password, Traits: rawJSON(t, map[string]string{"email": email("nobody")}),
		}}
		// An unknown flow is a 404 errorGeneric, as declared.
		_, err := pub.Frontend.UpdateRegistrationFlow(ctx(t), body,
			kratos.UpdateRegistrationFlowParams{Flow: "00000000-0000-4000-8000-000000000000"})
		wantGeneric(t, err, 404)
		// A malformed flow id is a 400 errorGeneric where the spec declares the
		// registration flow for 400: the client must not pretend it is one.
		_, err = pub.Frontend.UpdateRegistrationFlow(ctx(t), body, kratos.UpdateRegistrationFlowParams{Flow: "not-a-uuid"})
		var typed *kratos.ErrorResponse[kratos.RegistrationFlow]
		if errors.As(err, &typed) {
			t.Fatalf("a 400 errorGeneric became *ErrorResponse[RegistrationFlow]: %s", typed.Body)
		}
		var ae *kratos.APIError
		if !errors.As(err, &ae) || ae.StatusCode != 400 {
			t.Fatalf("want a plain *APIError 400, got %v", describe(err))
		}
		if ae.ShapeErr == nil {
			t.Errorf("APIError.ShapeErr is nil; want the reason the body is not a registration flow")
		}
		var g kratos.ErrorGeneric
		if err := json.Unmarshal(ae.Body, &g); err != nil || g.Error.Code == nil || *g.Error.Code != 400 {
			t.Errorf("400 body is not an errorGeneric with code 400: %s (%v)", ae.Body, err)
		}
		t.Logf("malformed flow id: plain *APIError, ShapeErr: %v", ae.ShapeErr)
	})
}

func TestNativeLogin(t *testing.T) {
	pub, _ := clients(t)
	addr := email("native-login")
	reg := registerNative(t, pub, addr, password)

	flow := must(pub.Frontend.CreateNativeLoginFlow(ctx(t), nil))(t)
	if flow.Type != "api" {
		t.Fatalf("login flow type %q, want api", flow.Type)
	}

	_, err := pub.Frontend.UpdateLoginFlow(ctx(t),
		kratos.UpdateLoginFlowBody{Value: &kratos.UpdateLoginFlowWithPasswordMethod{Identifier: addr, Password: "wrong " + password}},
		kratos.UpdateLoginFlowParams{Flow: flow.ID})
	er := wantError[kratos.LoginFlow](t, err, 400)
	if er.Value.ID != flow.ID {
		t.Errorf("400 carries login flow %q, want %q", er.Value.ID, flow.ID)
	}
	m, ok := hasMessage(er.Value.UI, msgInvalidCredentials, kratos.UITextTypeError)
	if !ok || !strings.Contains(m.Text, "credentials are invalid") {
		t.Fatalf("want error message %d about invalid credentials; messages: %+v", msgInvalidCredentials, messages(er.Value.UI))
	}
	if a, ok := inputNode(er.Value.UI, "identifier"); !ok || string(a.Value) != string(rawJSON(t, addr)) {
		t.Errorf("identifier node does not echo %s: %+v", addr, a)
	}
	t.Logf("wrong password: 400 with flow %s and message %d %q", er.Value.ID, m.ID, m.Text)

	// The same flow accepts the right password afterwards.
	ok2 := must(pub.Frontend.UpdateLoginFlow(ctx(t),
		kratos.UpdateLoginFlowBody{Value: &kratos.UpdateLoginFlowWithPasswordMethod{Identifier: addr, Password: password}},
		kratos.UpdateLoginFlowParams{Flow: flow.ID}))(t)
	if ok2.SessionToken == nil || *ok2.SessionToken == "" {
		t.Fatal("login returned no session_token")
	}
	if *ok2.SessionToken == *reg.SessionToken {
		t.Error("login returned the registration's session token; want a new session")
	}
	s := ok2.Session
	if s.Identity == nil || s.Identity.ID != reg.Identity.ID {
		t.Fatalf("login session identity %+v, want %s", s.Identity, reg.Identity.ID)
	}
	if s.Active == nil || !*s.Active || s.AuthenticatorAssuranceLevel == nil || *s.AuthenticatorAssuranceLevel != kratos.AuthenticatorAssuranceLevelAAL1 {
		t.Errorf("session active=%v aal=%v, want active aal1", deref(s.Active), deref(s.AuthenticatorAssuranceLevel))
	}
	if len(s.AuthenticationMethods) == 0 || s.AuthenticationMethods[0].Method == nil ||
		*s.AuthenticationMethods[0].Method != kratos.SessionAuthenticationMethodMethodPassword {
		t.Errorf("authentication_methods %+v, want password", s.AuthenticationMethods)
	}
	// Kratos v1.3.1 sends "continue_with": null here; the spec says array.
	if tok, ok := sessionTokenContinue(ok2.ContinueWith); ok && tok != *ok2.SessionToken {
		t.Errorf("continue_with token %q != session_token", tok)
	}
	t.Logf("login: session %s, %d continue_with items", s.ID, len(ok2.ContinueWith))

	t.Run("unknown identifier is the same 400", func(t *testing.T) {
		_, err := loginNative(t, pub, email("nobody"), password)
		er := wantError[kratos.LoginFlow](t, err, 400)
		if _, ok := hasMessage(er.Value.UI, msgInvalidCredentials, kratos.UITextTypeError); !ok {
			t.Errorf("messages %+v, want %d", messages(er.Value.UI), msgInvalidCredentials)
		}
	})
}

func TestWhoami(t *testing.T) {
	pubURL, _ := server(t)
	pub := newClient(t, pubURL, nil)
	reg := registerNative(t, pub, email("whoami"), password)
	tok := *reg.SessionToken

	var resp *http.Response
	s := must(pub.Frontend.ToSession(ctx(t), &kratos.ToSessionParams{XSessionToken: &tok}, kratos.WithResponse(&resp)))(t)
	if s.ID != reg.Session.ID {
		t.Errorf("whoami session %s, want %s", s.ID, reg.Session.ID)
	}
	if s.Identity == nil || s.Identity.ID != reg.Identity.ID {
		t.Fatalf("whoami identity %+v, want %s", s.Identity, reg.Identity.ID)
	}
	if got := resp.Header.Get("X-Kratos-Authenticated-Identity-Id"); got != reg.Identity.ID {
		t.Errorf("X-Kratos-Authenticated-Identity-Id %q, want %s", got, reg.Identity.ID)
	}
	if s.ExpiresAt == nil || !s.ExpiresAt.After(time.Now()) {
		t.Errorf("expires_at %v is not in the future", deref(s.ExpiresAt))
	}

	// The same token as "Authorization: Bearer", set per call.
	s2 := must(pub.Frontend.ToSession(ctx(t), nil, kratos.WithRequestHeader("Authorization", "Bearer "+tok)))(t)
	if s2.ID != s.ID {
		t.Errorf("bearer whoami session %s, want %s", s2.ID, s.ID)
	}

	_, err := pub.Frontend.ToSession(ctx(t), nil)
	g := wantGeneric(t, err, 401)
	t.Logf("whoami without a token: 401 %q (reason %q)", g.Message, deref(g.Reason))

	bogus := "ory_st_this_token_does_not_exist"
	_, err = pub.Frontend.ToSession(ctx(t), &kratos.ToSessionParams{XSessionToken: &bogus})
	wantGeneric(t, err, 401)
}

func TestSettingsFlow(t *testing.T) {
	pubURL, _ := server(t)
	pub := newClient(t, pubURL, nil)
	addr := email("settings")
	reg := registerNative(t, pub, addr, password)
	tok := *reg.SessionToken

	// Without a session there is no settings flow.
	_, err := pub.Frontend.CreateNativeSettingsFlow(ctx(t), nil)
	wantGeneric(t, err, 401)

	flow := must(pub.Frontend.CreateNativeSettingsFlow(ctx(t), &kratos.CreateNativeSettingsFlowParams{XSessionToken: &tok}))(t)
	if flow.Type != "api" || flow.Identity.ID != reg.Identity.ID {
		t.Fatalf("settings flow type %q identity %s, want api for %s", flow.Type, flow.Identity.ID, reg.Identity.ID)
	}

	// Profile: add a name.
	newTraits := rawJSON(t, map[string]any{"email": addr, "name": map[string]string{"first": "Ada", "last": "Lovelace"}})
	got := must(pub.Frontend.UpdateSettingsFlow(ctx(t),
		kratos.UpdateSettingsFlowBody{Value: &kratos.UpdateSettingsFlowWithProfileMethod{Traits: newTraits}},
		kratos.UpdateSettingsFlowParams{Flow: flow.ID, XSessionToken: &tok}))(t)
	if string(got.State) != `"success"` {
		t.Errorf("settings state %s, want \"success\"", got.State)
	}
	if tr := decodeTraits(t, got.Identity.Traits); tr.Name == nil || tr.Name.First != "Ada" || tr.Name.Last != "Lovelace" {
		t.Errorf("traits after profile update: %s", got.Identity.Traits)
	}
	if _, ok := hasMessage(got.UI, msgSettingsSaved, kratos.UITextTypeSuccess); !ok {
		t.Errorf("no success message %d: %+v", msgSettingsSaved, messages(got.UI))
	}

	// An invalid email is the typed 400 carrying the settings flow.
	flow = must(pub.Frontend.CreateNativeSettingsFlow(ctx(t), &kratos.CreateNativeSettingsFlowParams{XSessionToken: &tok}))(t)
	_, err = pub.Frontend.UpdateSettingsFlow(ctx(t),
		kratos.UpdateSettingsFlowBody{Value: &kratos.UpdateSettingsFlowWithProfileMethod{Traits: rawJSON(t, map[string]string{"email": "nope"})}},
		kratos.UpdateSettingsFlowParams{Flow: flow.ID, XSessionToken: &tok})
	er := wantError[kratos.SettingsFlow](t, err, 400)
	if er.Value.ID != flow.ID || len(messages(er.Value.UI)) == 0 {
		t.Errorf("400 settings flow %s (want %s) with messages %+v", er.Value.ID, flow.ID, messages(er.Value.UI))
	}

	// Password, sending the token through the client's WithSessionToken
	// option (the operation's security scheme) instead of the parameter.
	withTok := newClient(t, pubURL, nil, kratos.WithSessionToken(tok))
	flow = must(pub.Frontend.CreateNativeSettingsFlow(ctx(t), &kratos.CreateNativeSettingsFlowParams{XSessionToken: &tok}))(t)
	newPassword := "a brand new " + password
	got = must(withTok.Frontend.UpdateSettingsFlow(ctx(t),
		kratos.UpdateSettingsFlowBody{Value: &kratos.UpdateSettingsFlowWithPasswordMethod{Password: newPassword}},
		kratos.UpdateSettingsFlowParams{Flow: flow.ID}))(t)
	if string(got.State) != `"success"` {
		t.Errorf("settings state after password change %s, want \"success\"", got.State)
	}

	_, err = loginNative(t, pub, addr, password)
	wantError[kratos.LoginFlow](t, err, 400)
	must(loginNative(t, pub, addr, newPassword))(t)
}

func TestLogoutAPI(t *testing.T) {
	pub, _ := clients(t)
	reg := registerNative(t, pub, email("logout"), password)
	tok := *reg.SessionToken

	must(pub.Frontend.ToSession(ctx(t), &kratos.ToSessionParams{XSessionToken: &tok}))(t)
	var resp *http.Response
	check(t, pub.Frontend.PerformNativeLogout(ctx(t), &kratos.PerformNativeLogoutBody{SessionToken: tok}, kratos.WithResponse(&resp)))
	if resp.StatusCode != http.StatusNoContent {
		t.Errorf("logout status %d, want 204", resp.StatusCode)
	}
	_, err := pub.Frontend.ToSession(ctx(t), &kratos.ToSessionParams{XSessionToken: &tok})
	wantGeneric(t, err, 401)

	// A token that never existed is refused.
	err = pub.Frontend.PerformNativeLogout(ctx(t), &kratos.PerformNativeLogoutBody{SessionToken: "ory_st_never_issued"})
	g := wantGeneric(t, err, 403)
	t.Logf("logout with an unknown token: 403 %q", g.Message)
}

// TestBrowserFlows drives the browser flows as a server-side app would: a
// cookie jar, Accept: application/json (the client's default), the CSRF token
// from the csrf_token ui node, and form-urlencoded bodies.
func TestBrowserFlows(t *testing.T) {
	pubURL, _ := server(t)
	browser, jar := newBrowser(t, pubURL)
	base, _ := url.Parse(pubURL)
	addr := email("browser")
	cookieNamed := func(prefix string) *http.Cookie {
		for _, c := range jar.Cookies(base) {
			if strings.HasPrefix(c.Name, prefix) {
				return c
			}
		}
		return nil
	}

	var resp *http.Response
	flow := must(browser.Frontend.CreateBrowserRegistrationFlow(ctx(t), nil, kratos.WithResponse(&resp)))(t)
	if flow.Type != "browser" {
		t.Fatalf("flow type %q, want browser", flow.Type)
	}
	csrf := csrfToken(t, flow.UI)
	if cookieNamed("csrf_token") == nil {
		t.Fatalf("no anti-CSRF cookie in the jar; Set-Cookie: %q", resp.Header.Values("Set-Cookie"))
	}

	t.Run("no CSRF token is the typed 403", func(t *testing.T) {
		_, err := browser.Frontend.UpdateRegistrationFlow(ctx(t),
			kratos.UpdateRegistrationFlowBody{Value: &kratos.UpdateRegistrationFlowWithPasswordMethod{
				Password: password, Traits: rawJSON(t, map[string]string{"email": addr}),
			}},
			kratos.UpdateRegistrationFlowParams{Flow: flow.ID})
		g := wantGeneric(t, err, 403)
		if g.ID == nil || *g.ID != "security_csrf_violation" {
			t.Errorf("error.id %v, want security_csrf_violation", deref(g.ID))
		}
		// The spec declares details with no properties and
		// additionalProperties: false; the server sends docs, hint and reject_reason.
		var details map[string]any
		if err := json.Unmarshal(g.Details, &details); err != nil || details["hint"] == nil {
			t.Errorf("error.details %s: want an object with a hint (%v)", g.Details, err)
		}
	})

	t.Run("the X-CSRF-Token header alone (WithCSRFToken)", func(t *testing.T) {
		// Its own browser, so that a success does not sign in the main one.
		other, _ := newBrowser(t, pubURL)
		f := must(other.Frontend.CreateBrowserRegistrationFlow(ctx(t), nil))(t)
		_, err := other.Frontend.UpdateRegistrationFlow(ctx(t),
			kratos.UpdateRegistrationFlowBody{Value: &kratos.UpdateRegistrationFlowWithPasswordMethod{
				Password: password, Traits: rawJSON(t, map[string]string{"email": email("browser-header")}),
			}},
			kratos.UpdateRegistrationFlowParams{Flow: f.ID}, kratos.WithCSRFToken(csrfToken(t, f.UI)))
		if err == nil {
			t.Log("the server accepted the CSRF token in the X-CSRF-Token header alone")
			return
		}
		g := wantGeneric(t, err, 403)
		t.Logf("Kratos v1.3.1 refuses the X-CSRF-Token header without csrf_token in the body: 403 %s", deref(g.ID))
	})

	var reg *kratos.SuccessfulNativeRegistration
	t.Run("registration, form-urlencoded with csrf_token in the body", func(t *testing.T) {
		body := kratos.UpdateRegistrationFlowBody{Value: &kratos.UpdateRegistrationFlowWithPasswordMethod{
			CSRFToken: &csrf,
			Password:  password,
			Traits:    rawJSON(t, map[string]string{"email": addr}),
		}}
		params := kratos.UpdateRegistrationFlowParams{Flow: flow.ID}
		// The form fields of the traits must be named like the flow's ui
		// nodes (traits.email): that is what the server decodes.
		req := must(kratos.NewUpdateRegistrationFlowRequest(ctx(t), pubURL, body, params, kratos.WithFormBody()))(t)
		raw, err := io.ReadAll(req.Body)
		check(t, err)
		form, err := url.ParseQuery(string(raw))
		check(t, err)
		for k := range form {
			if _, ok := inputNode(flow.UI, k); !ok && strings.HasPrefix(k, "traits") {
				t.Errorf("form field %q is not the name of any ui node of the flow (Kratos names it %q); body sent: %s",
					k, "traits.email", raw)
			}
		}
		var resp *http.Response
		reg = must(browser.Frontend.UpdateRegistrationFlow(ctx(t), body, params, kratos.WithFormBody(), kratos.WithResponse(&resp)))(t)
		if ct := resp.Request.Header.Get("Content-Type"); ct != "application/x-www-form-urlencoded" {
			t.Errorf("request Content-Type %q, want form-urlencoded", ct)
		}
		checkBrowserRegistration(t, reg, resp, addr)
	})
	if reg == nil {
		// Keep going with a JSON body, so that one client bug does not hide
		// the rest of the browser flow.
		t.Run("registration, JSON with csrf_token in the body (after the form body failed)", func(t *testing.T) {
			var resp *http.Response
			reg = must(browser.Frontend.UpdateRegistrationFlow(ctx(t),
				kratos.UpdateRegistrationFlowBody{Value: &kratos.UpdateRegistrationFlowWithPasswordMethod{
					CSRFToken: &csrf,
					Password:  password,
					Traits:    rawJSON(t, map[string]string{"email": addr}),
				}},
				kratos.UpdateRegistrationFlowParams{Flow: flow.ID}, kratos.WithResponse(&resp)))(t)
			checkBrowserRegistration(t, reg, resp, addr)
		})
	}
	if reg == nil || cookieNamed("ory_kratos_session") == nil {
		t.Fatal("browser registration failed; the rest of the browser flow needs its session")
	}

	// whoami with the jar's cookies, and with them passed explicitly.
	s := must(browser.Frontend.ToSession(ctx(t), nil))(t)
	if s.Identity == nil || s.Identity.ID != reg.Identity.ID {
		t.Fatalf("cookie whoami identity %+v, want %s", s.Identity, reg.Identity.ID)
	}
	var parts []string
	for _, c := range jar.Cookies(base) {
		parts = append(parts, c.Name+"="+c.Value)
	}
	cookieHeader := strings.Join(parts, "; ")
	plain := newClient(t, pubURL, nil)
	if s := must(plain.Frontend.ToSession(ctx(t), &kratos.ToSessionParams{Cookie: &cookieHeader}))(t); s.ID != reg.Session.ID {
		t.Errorf("whoami with the Cookie parameter: session %s, want %s", s.ID, reg.Session.ID)
	}
	if s := must(plain.Frontend.ToSession(ctx(t), nil, kratos.WithCookie(cookieHeader)))(t); s.ID != reg.Session.ID {
		t.Errorf("whoami with WithCookie: session %s, want %s", s.ID, reg.Session.ID)
	}

	logout := func(t *testing.T) {
		lf := must(browser.Frontend.CreateBrowserLogoutFlow(ctx(t), nil))(t)
		if lf.LogoutToken == "" || !strings.Contains(lf.LogoutURL, lf.LogoutToken) {
			t.Fatalf("logout flow %+v", lf)
		}
		var resp *http.Response
		check(t, browser.Frontend.UpdateLogoutFlow(ctx(t), &kratos.UpdateLogoutFlowParams{Token: &lf.LogoutToken}, kratos.WithResponse(&resp)))
		if resp.StatusCode != http.StatusNoContent {
			t.Errorf("browser logout status %d, want 204", resp.StatusCode)
		}
		_, err := browser.Frontend.ToSession(ctx(t), nil)
		wantGeneric(t, err, 401)
	}
	login := func(t *testing.T, form bool) {
		lf := must(browser.Frontend.CreateBrowserLoginFlow(ctx(t), nil))(t)
		if lf.Type != "browser" {
			t.Fatalf("login flow type %q", lf.Type)
		}
		csrf := csrfToken(t, lf.UI)
		var resp *http.Response
		opts := []kratos.RequestOption{kratos.WithResponse(&resp)}
		if form {
			opts = append(opts, kratos.WithFormBody())
		}
		ok := must(browser.Frontend.UpdateLoginFlow(ctx(t),
			kratos.UpdateLoginFlowBody{Value: &kratos.UpdateLoginFlowWithPasswordMethod{Identifier: addr, Password: password, CSRFToken: &csrf}},
			kratos.UpdateLoginFlowParams{Flow: lf.ID}, opts...))(t)
		if ok.Session.Identity == nil || ok.Session.Identity.ID != reg.Identity.ID {
			t.Fatalf("browser login session identity %+v, want %s", ok.Session.Identity, reg.Identity.ID)
		}
		if ok.SessionToken != nil {
			t.Errorf("a browser login returned a session token")
		}
		if !setsCookie(resp, "ory_kratos_session") {
			t.Errorf("browser login did not set the session cookie; Set-Cookie: %q", resp.Header.Values("Set-Cookie"))
		}
		s := must(browser.Frontend.ToSession(ctx(t), nil))(t)
		if s.ID != ok.Session.ID {
			t.Errorf("whoami after login: session %s, want %s", s.ID, ok.Session.ID)
		}
	}
	t.Run("logout", logout)
	t.Run("login, form-urlencoded", func(t *testing.T) { login(t, true) })
	t.Run("logout again", logout)
	t.Run("login, JSON", func(t *testing.T) { login(t, false) })
}

// newBrowser is a client with its own cookie jar that does not follow
// redirects: with Accept: application/json a browser flow answers without
// one, so a redirect means something went wrong and must surface.
func newBrowser(t *testing.T, pubURL string) (*kratos.Client, *cookiejar.Jar) {
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	hc := &http.Client{
		Jar:           jar,
		Timeout:       30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	return newClient(t, pubURL, hc), jar
}

func setsCookie(resp *http.Response, name string) bool {
	for _, c := range resp.Cookies() {
		if c.Name == name && c.Value != "" {
			return true
		}
	}
	return false
}

func checkBrowserRegistration(t *testing.T, reg *kratos.SuccessfulNativeRegistration, resp *http.Response, addr string) {
	t.Helper()
	if reg.SessionToken != nil {
		t.Errorf("a browser flow returned a session token")
	}
	if reg.Session == nil || reg.Session.Identity == nil || reg.Session.Identity.ID != reg.Identity.ID {
		t.Fatalf("browser registration session %+v, want one for %s", reg.Session, reg.Identity.ID)
	}
	if tr := decodeTraits(t, reg.Identity.Traits); tr.Email != addr {
		t.Errorf("registered traits %s, want email %s", reg.Identity.Traits, addr)
	}
	if !setsCookie(resp, "ory_kratos_session") {
		t.Errorf("no session cookie after registration; Set-Cookie: %q", resp.Header.Values("Set-Cookie"))
	}
	redirect := false
	for _, c := range reg.ContinueWith {
		if r, ok := c.Value.(*kratos.ContinueWithRedirectBrowserTo); ok {
			redirect = r.RedirectBrowserTo != ""
		}
	}
	if !redirect {
		t.Errorf("continue_with has no typed redirect_browser_to: %#v", reg.ContinueWith)
	}
}

func TestAdminIdentities(t *testing.T) {
	pubURL, adminURL := server(t)
	pub, admin := newClient(t, pubURL, nil), newClient(t, adminURL, nil)

	t.Run("create 1000, list them all with ListIdentitiesAll and by Link rel=next", func(t *testing.T) {
		const total, workers = 1000, 16
		prefix := "bulk-" + runID + "-"
		jobs := make(chan int)
		var (
			mu  sync.Mutex
			ids = map[string]string{} // id -> email
			wg  sync.WaitGroup
		)
		bulkCtx := ctx(t)
		var failures atomic.Int64
		start := time.Now()
		for range workers {
			wg.Go(func() {
				for i := range jobs {
					addr := prefix + strconv.Itoa(i) + "@e2e.example.com"
					id, err := admin.Identity.CreateIdentity(bulkCtx, &kratos.CreateIdentityBody{
						SchemaID: "default",
						Traits:   json.RawMessage(`{"email":"` + addr + `"}`),
					})
					if err != nil {
						if failures.Add(1) <= 5 {
							t.Errorf("create %s: %v", addr, describe(err))
						}
						continue
					}
					mu.Lock()
					if prev, dup := ids[id.ID]; dup {
						t.Errorf("id %s returned for %s and %s", id.ID, prev, addr)
					}
					ids[id.ID] = addr
					mu.Unlock()
				}
			})
		}
		for i := range total {
			jobs <- i
		}
		close(jobs)
		wg.Wait()
		if n := failures.Load(); n > 0 {
			t.Fatalf("%d of %d creations failed", n, total)
		}
		if len(ids) != total {
			t.Fatalf("created %d identities, want %d", len(ids), total)
		}
		t.Logf("created %d identities with %d workers in %v", total, workers, time.Since(start).Round(time.Millisecond))

		// The generated iterator, 100 per page; a middleware counts its requests.
		var requests atomic.Int64
		counted := newClient(t, adminURL, nil, kratos.WithMiddleware(func(next kratos.HTTPDoer) kratos.HTTPDoer {
			return kratos.DoerFunc(func(r *http.Request) (*http.Response, error) {
				requests.Add(1)
				return next.Do(r)
			})
		}))
		start = time.Now()
		viaIter := map[string]bool{}
		mine := 0
		for id, err := range counted.Identity.ListIdentitiesAll(ctx(t), &kratos.ListIdentitiesParams{PageSize: ptr(int64(100))}) {
			if err != nil {
				t.Fatalf("ListIdentitiesAll after %d identities: %v", len(viaIter), describe(err))
			}
			if viaIter[id.ID] {
				t.Fatalf("ListIdentitiesAll yields identity %s twice", id.ID)
			}
			viaIter[id.ID] = true
			if want, ok := ids[id.ID]; ok {
				mine++
				if got := decodeTraits(t, id.Traits).Email; got != want {
					t.Errorf("identity %s lists email %s, want %s", id.ID, got, want)
				}
			}
		}
		if mine != total {
			t.Fatalf("ListIdentitiesAll yields %d of the %d identities created (%d in all)", mine, total, len(viaIter))
		}
		if min := int64(len(viaIter)+99) / 100; requests.Load() < min {
			t.Errorf("ListIdentitiesAll made %d requests for %d identities at 100 per page, want at least %d", requests.Load(), len(viaIter), min)
		}
		t.Logf("ListIdentitiesAll: %d identities (%d of this run's bulk) in %d requests, %v",
			len(viaIter), mine, requests.Load(), time.Since(start).Round(time.Millisecond))

		// The same by hand, following Link rel="next" with this package's own
		// RFC 8288 parser, and checking kratos.NextPageToken agrees.
		seen := map[string]bool{}
		pages := 0
		params := &kratos.ListIdentitiesParams{PageSize: ptr(int64(100))}
		for {
			var resp *http.Response
			page := must(admin.Identity.ListIdentities(ctx(t), params, kratos.WithResponse(&resp)))(t)
			pages++
			if len(page) > 100 {
				t.Fatalf("page %d has %d identities, page_size is 100", pages, len(page))
			}
			for _, id := range page {
				if seen[id.ID] {
					t.Fatalf("identity %s listed twice (page %d)", id.ID, pages)
				}
				seen[id.ID] = true
			}
			token, size, ok := nextPage(t, resp)
			if gen, genOK := kratos.NextPageToken(resp, "page_token"); gen != token || genOK != ok {
				t.Errorf("kratos.NextPageToken = %q, %v; the Link header %q says %q, %v", gen, genOK, resp.Header.Values("Link"), token, ok)
			}
			if !ok {
				break
			}
			if size != 100 {
				t.Errorf("next link page_size %d, want 100", size)
			}
			params = &kratos.ListIdentitiesParams{PageSize: ptr(size), PageToken: ptr(token)}
			if pages > total {
				t.Fatal("more pages than identities: the server loops")
			}
		}
		if len(seen) != len(viaIter) {
			t.Errorf("by hand: %d identities on %d pages; ListIdentitiesAll: %d", len(seen), pages, len(viaIter))
		}
		for id := range viaIter {
			if !seen[id] {
				t.Errorf("identity %s yielded by ListIdentitiesAll but not listed by hand", id)
			}
		}
		t.Logf("by hand: %d identities on %d pages", len(seen), pages)

		// Without parameters the server uses its default page size.
		var resp *http.Response
		first := must(admin.Identity.ListIdentities(ctx(t), nil, kratos.WithResponse(&resp)))(t)
		if len(first) == 0 || len(first) > 250 {
			t.Errorf("default first page has %d identities, want 1..250", len(first))
		}
		if _, _, ok := nextPage(t, resp); !ok {
			t.Errorf("no next link with %d identities on the server; Link: %q", len(seen), resp.Header.Values("Link"))
		}
		t.Logf("default page: %d identities; X-Total-Count %q", len(first), resp.Header.Get("X-Total-Count"))

	})

	t.Run("create, get, patch, update, delete, and the typed errors", func(t *testing.T) {
		addr := email("crud")
		created := must(admin.Identity.CreateIdentity(ctx(t), &kratos.CreateIdentityBody{
			SchemaID:       "default",
			State:          ptr(kratos.CreateIdentityBodyStateActive),
			Traits:         rawJSON(t, map[string]any{"email": addr, "name": map[string]string{"first": "Ada", "last": "Lovelace"}}),
			MetadataPublic: rawJSON(t, map[string]string{"plan": "free"}),
			MetadataAdmin:  rawJSON(t, map[string]string{"note": "made by orygen e2e"}),
			Credentials: &kratos.IdentityWithCredentials{Password: &kratos.IdentityWithCredentialsPassword{
				Config: &kratos.IdentityWithCredentialsPasswordConfig{Password: ptr(password)},
			}},
		}))(t)
		if created.ID == "" || created.SchemaID != "default" || created.State == nil || *created.State != kratos.IdentityStateActive {
			t.Fatalf("created identity %+v", created)
		}
		if !jsonEqual(t, created.MetadataPublic, `{"plan":"free"}`) {
			t.Errorf("metadata_public %s", created.MetadataPublic)
		}

		// The imported password works on the public API.
		li := must(loginNative(t, pub, addr, password))(t)
		if li.Session.Identity == nil || li.Session.Identity.ID != created.ID {
			t.Errorf("login with the imported password: identity %+v, want %s", li.Session.Identity, created.ID)
		}

		got := must(admin.Identity.GetIdentity(ctx(t), created.ID, &kratos.GetIdentityParams{
			IncludeCredential: []kratos.GetIdentityIncludeCredentialItem{kratos.GetIdentityIncludeCredentialItemPassword},
		}))(t)
		pw, ok := got.Credentials["password"]
		if !ok || len(pw.Identifiers) != 1 || pw.Identifiers[0] != addr {
			t.Errorf("password credentials %+v, want identifier %s", pw, addr)
		}
		if !jsonEqual(t, got.MetadataAdmin, `{"note":"made by orygen e2e"}`) {
			t.Errorf("metadata_admin %s", got.MetadataAdmin)
		}
		byIdentifier := must(admin.Identity.ListIdentities(ctx(t), &kratos.ListIdentitiesParams{CredentialsIdentifier: &addr}))(t)
		if len(byIdentifier) != 1 || byIdentifier[0].ID != created.ID {
			t.Errorf("credentials_identifier=%s lists %d identities", addr, len(byIdentifier))
		}

		patched := must(admin.Identity.PatchIdentity(ctx(t), created.ID, kratos.JSONPatchDocument{
			{Op: "replace", Path: "/traits/name/first", Value: rawJSON(t, "Grace")},
			{Op: "add", Path: "/metadata_public/plan", Value: rawJSON(t, "pro")},
		}))(t)
		if tr := decodeTraits(t, patched.Traits); tr.Name == nil || tr.Name.First != "Grace" || tr.Name.Last != "Lovelace" {
			t.Errorf("traits after patch: %s", patched.Traits)
		}
		if !jsonEqual(t, patched.MetadataPublic, `{"plan":"pro"}`) {
			t.Errorf("metadata_public after patch: %s", patched.MetadataPublic)
		}
		_, err := admin.Identity.PatchIdentity(ctx(t), created.ID, kratos.JSONPatchDocument{
			{Op: "replace", Path: "/traits/email", Value: rawJSON(t, "not an email")},
		})
		g := wantGeneric(t, err, 400)
		t.Logf("patch to an invalid email: 400 %q (reason %q)", g.Message, deref(g.Reason))

		newAddr := email("crud-updated")
		updated := must(admin.Identity.UpdateIdentity(ctx(t), created.ID, &kratos.UpdateIdentityBody{
			SchemaID:       "default",
			State:          kratos.UpdateIdentityBodyStateInactive,
			Traits:         rawJSON(t, map[string]string{"email": newAddr}),
			MetadataPublic: rawJSON(t, map[string]string{"plan": "enterprise"}),
		}))(t)
		if updated.State == nil || *updated.State != kratos.IdentityStateInactive {
			t.Errorf("state after update %v, want inactive", deref(updated.State))
		}
		if tr := decodeTraits(t, updated.Traits); tr.Email != newAddr || tr.Name != nil {
			t.Errorf("traits after update: %s", updated.Traits)
		}
		again := must(admin.Identity.GetIdentity(ctx(t), created.ID, nil))(t)
		if decodeTraits(t, again.Traits).Email != newAddr || again.State == nil || *again.State != kratos.IdentityStateInactive {
			t.Errorf("get after update: state %v traits %s", deref(again.State), again.Traits)
		}

		// 409: another identity with the same identifier.
		other := email("crud-other")
		must(admin.Identity.CreateIdentity(ctx(t), &kratos.CreateIdentityBody{SchemaID: "default", Traits: rawJSON(t, map[string]string{"email": other})}))(t)
		_, err = admin.Identity.CreateIdentity(ctx(t), &kratos.CreateIdentityBody{SchemaID: "default", Traits: rawJSON(t, map[string]string{"email": other})})
		g = wantGeneric(t, err, 409)
		if g.Reason == nil || !strings.Contains(*g.Reason, "conflicts") {
			t.Errorf("409 reason %v", deref(g.Reason))
		}
		_, err = admin.Identity.UpdateIdentity(ctx(t), created.ID, &kratos.UpdateIdentityBody{
			SchemaID: "default", State: kratos.UpdateIdentityBodyStateActive, Traits: rawJSON(t, map[string]string{"email": other}),
		})
		wantGeneric(t, err, 409)

		// 400: traits that do not match the schema.
		_, err = admin.Identity.CreateIdentity(ctx(t), &kratos.CreateIdentityBody{SchemaID: "default", Traits: rawJSON(t, map[string]string{"email": "x"})})
		wantGeneric(t, err, 400)

		var resp *http.Response
		check(t, admin.Identity.DeleteIdentity(ctx(t), created.ID, kratos.WithResponse(&resp)))
		if resp.StatusCode != http.StatusNoContent {
			t.Errorf("delete status %d, want 204", resp.StatusCode)
		}
		_, err = admin.Identity.GetIdentity(ctx(t), created.ID, nil)
		g = wantGeneric(t, err, 404)
		t.Logf("get after delete: 404 %q", g.Message)
		wantGeneric(t, admin.Identity.DeleteIdentity(ctx(t), created.ID), 404)
		_, err = admin.Identity.PatchIdentity(ctx(t), created.ID, kratos.JSONPatchDocument{{Op: "replace", Path: "/state", Value: rawJSON(t, "active")}})
		wantGeneric(t, err, 404)
		_, err = admin.Identity.UpdateIdentity(ctx(t), created.ID, &kratos.UpdateIdentityBody{
			SchemaID: "default", State: kratos.UpdateIdentityBodyStateActive, Traits: rawJSON(t, map[string]string{"email": email("gone")}),
		})
		wantGeneric(t, err, 404)
	})
}

func TestAdminSessions(t *testing.T) {
	pubURL, adminURL := server(t)
	pub := newClient(t, pubURL, nil)
	var rec recorder
	admin := newClient(t, adminURL, nil, kratos.WithMiddleware(rec.middleware))

	addr := email("sessions")
	reg := registerNative(t, pub, addr, password)
	li := must(loginNative(t, pub, addr, password))(t)
	mySessions := map[string]bool{reg.Session.ID: true, li.Session.ID: true}

	// all lists every session with ListSessionsAll, 10 per page, and returns
	// the raw JSON of each one too, from the bodies of the pages.
	all := func(t *testing.T, expand []kratos.ListSessionsExpandItem) ([]kratos.Session, []json.RawMessage) {
		t.Helper()
		rec.take()
		var out []kratos.Session
		for s, err := range admin.Identity.ListSessionsAll(ctx(t), &kratos.ListSessionsParams{Expand: expand, PageSize: ptr(int64(10))}) {
			if err != nil {
				t.Fatalf("ListSessionsAll after %d sessions: %v", len(out), describe(err))
			}
			out = append(out, s)
		}
		bodies := rec.take()
		var raw []json.RawMessage
		for _, b := range bodies {
			var items []json.RawMessage
			if err := json.Unmarshal(b, &items); err != nil {
				t.Fatalf("page %s: %v", b, err)
			}
			raw = append(raw, items...)
		}
		if len(raw) != len(out) {
			t.Fatalf("ListSessionsAll yields %d sessions; the %d pages hold %d", len(out), len(bodies), len(raw))
		}
		if len(out) > 10 && len(bodies) < 2 {
			t.Errorf("%d sessions in %d request(s) at page_size 10", len(out), len(bodies))
		}
		for i := range out {
			var head struct{ ID string }
			if err := json.Unmarshal(raw[i], &head); err != nil || head.ID != out[i].ID {
				t.Fatalf("session %d: yielded %s, page holds %s", i, out[i].ID, raw[i])
			}
		}
		return out, raw
	}

	t.Run("without expand: identity is null", func(t *testing.T) {
		sessions, raw := all(t, nil)
		found := 0
		for i, s := range sessions {
			var obj map[string]json.RawMessage
			if err := json.Unmarshal(raw[i], &obj); err != nil {
				t.Fatal(err)
			}
			if v, ok := obj["identity"]; ok && string(v) != "null" {
				t.Errorf("session %s: identity %s without expand", s.ID, v)
			}
			if s.Identity != nil {
				t.Errorf("session %s decoded with an identity although the server sent %s", s.ID, obj["identity"])
			}
			if mySessions[s.ID] {
				found++
				if string(obj["identity"]) != "null" {
					t.Logf("note: identity is %q rather than null", obj["identity"])
				}
			}
		}
		if found != len(mySessions) {
			t.Fatalf("found %d of this test's %d sessions among %d", found, len(mySessions), len(sessions))
		}
		t.Logf("%d sessions without expand", len(sessions))
	})

	t.Run("with expand=identity,devices", func(t *testing.T) {
		sessions, _ := all(t, []kratos.ListSessionsExpandItem{kratos.ListSessionsExpandItemIdentity, kratos.ListSessionsExpandItemDevices})
		found := 0
		for _, s := range sessions {
			if s.Identity == nil {
				t.Errorf("session %s without identity despite expand", s.ID)
				continue
			}
			if mySessions[s.ID] {
				found++
				if s.Identity.ID != reg.Identity.ID {
					t.Errorf("session %s identity %s, want %s", s.ID, s.Identity.ID, reg.Identity.ID)
				}
				if len(s.Devices) == 0 {
					t.Errorf("session %s has no devices despite expand", s.ID)
				}
			}
		}
		if found != len(mySessions) {
			t.Fatalf("found %d of this test's %d sessions", found, len(mySessions))
		}
	})

	t.Run("identity sessions, get, disable", func(t *testing.T) {
		list := must(admin.Identity.ListIdentitySessions(ctx(t), reg.Identity.ID, nil))(t)
		if len(list) != len(mySessions) {
			t.Errorf("identity has %d sessions, want %d", len(list), len(mySessions))
		}
		for _, s := range list {
			if !mySessions[s.ID] {
				t.Errorf("unexpected session %s", s.ID)
			}
		}
		s := must(admin.Identity.GetSession(ctx(t), li.Session.ID, &kratos.GetSessionParams{
			Expand: []kratos.GetSessionExpandItem{kratos.GetSessionExpandItemIdentity},
		}))(t)
		if s.Identity == nil || s.Identity.ID != reg.Identity.ID {
			t.Errorf("get session identity %+v", s.Identity)
		}
		check(t, admin.Identity.DisableSession(ctx(t), li.Session.ID))
		_, err := pub.Frontend.ToSession(ctx(t), &kratos.ToSessionParams{XSessionToken: li.SessionToken})
		wantGeneric(t, err, 401)
		// The other session still works.
		must(pub.Frontend.ToSession(ctx(t), &kratos.ToSessionParams{XSessionToken: reg.SessionToken}))(t)
		active := must(admin.Identity.ListIdentitySessions(ctx(t), reg.Identity.ID, &kratos.ListIdentitySessionsParams{Active: ptr(true)}))(t)
		if len(active) != 1 || active[0].ID != reg.Session.ID {
			t.Errorf("active sessions %d, want only %s", len(active), reg.Session.ID)
		}
		_, err = admin.Identity.GetSession(ctx(t), "00000000-0000-4000-8000-000000000000", nil)
		wantGeneric(t, err, 404)
	})
}

func TestParseLinks(t *testing.T) {
	// Shapes Kratos sends, and RFC 8288 details it does not use.
	links, err := parseLinks([]string{
		`</admin/identities?page_size=25&page_token=00000000-0000-0000-0000-000000000000>; rel="first",</admin/identities?page_size=25&page_token=57f7a7ce>; rel="next"`,
		`<https://x.example/a,b>; title="a \"quoted\", string"; REL=prev ; rel=ignored, <c>;rel="Next other"`,
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []link{
		{"/admin/identities?page_size=25&page_token=00000000-0000-0000-0000-000000000000", map[string]string{"rel": "first"}},
		{"/admin/identities?page_size=25&page_token=57f7a7ce", map[string]string{"rel": "next"}},
		{"https://x.example/a,b", map[string]string{"title": `a "quoted", string`, "rel": "prev"}},
		{"c", map[string]string{"rel": "Next other"}},
	}
	if len(links) != len(want) {
		t.Fatalf("got %d links: %+v", len(links), links)
	}
	for i := range want {
		if links[i].Target != want[i].Target || len(links[i].Params) != len(want[i].Params) {
			t.Errorf("link %d: %+v, want %+v", i, links[i], want[i])
			continue
		}
		for k, v := range want[i].Params {
			if links[i].Params[k] != v {
				t.Errorf("link %d param %s = %q, want %q", i, k, links[i].Params[k], v)
			}
		}
	}
	resp := &http.Response{Header: http.Header{"Link": {`<a>; rel=first, <c?page_token=t>; rel="next other"`}},
		Request: &http.Request{URL: &url.URL{Scheme: "http", Host: "h:1", Path: "/admin/b", RawQuery: "page_size=5"}}}
	u, ok, err := relLink(resp, "NEXT")
	if err != nil || !ok || u.String() != "http://h:1/admin/c?page_token=t" {
		t.Errorf("relLink next = %v %v %v", u, ok, err)
	}
	for _, bad := range []string{`no-brackets; rel=next`, `<a; rel=next`, `<a>; rel="open`, `<a> junk`} {
		if _, err := parseLinks([]string{bad}); err == nil {
			t.Errorf("parseLinks(%q) accepted it", bad)
		}
	}
}

func jsonEqual(t *testing.T, got json.RawMessage, want string) bool {
	t.Helper()
	var a, b any
	if err := json.Unmarshal(got, &a); err != nil {
		return false
	}
	if err := json.Unmarshal([]byte(want), &b); err != nil {
		t.Fatal(err)
	}
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	return string(ja) == string(jb)
}
