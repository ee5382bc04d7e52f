//go:build e2e

package e2e

import (
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	kratos "github.com/orygen/orygen/testdata/golden/kratos-v1.3.1"
)

// TestNativeAppSessionTokenOnly is a native app that configures the session
// token once, with WithSessionToken, and passes no X-Session-Token parameter
// anywhere: whoami, settings, listing and revoking its sessions, logout.
func TestNativeAppSessionTokenOnly(t *testing.T) {
	pubURL, _ := server(t)
	pub := newClient(t, pubURL, nil)
	addr := email("token-only")
	reg := registerNative(t, pub, addr, password)
	tok := *reg.SessionToken
	app := newClient(t, pubURL, nil, kratos.WithSessionToken(tok))

	s := must(app.Frontend.ToSession(ctx(t), nil))(t)
	if s == nil || s.ID != reg.Session.ID {
		t.Fatalf("whoami with WithSessionToken only: %+v, want session %s", s, reg.Session.ID)
	}

	flow := must(app.Frontend.CreateNativeSettingsFlow(ctx(t), nil))(t)
	if flow.Identity.ID != reg.Identity.ID {
		t.Fatalf("settings flow for %s, want %s", flow.Identity.ID, reg.Identity.ID)
	}
	got := must(app.Frontend.UpdateSettingsFlow(ctx(t),
		kratos.UpdateSettingsFlowBody{Value: &kratos.UpdateSettingsFlowWithProfileMethod{
			Traits: rawJSON(t, map[string]any{"email": addr, "name": map[string]string{"first": "Grace", "last": "Hopper"}})}},
		kratos.UpdateSettingsFlowParams{Flow: flow.ID}))(t)
	if string(got.State) != `"success"` {
		t.Errorf("settings state %s", got.State)
	}
	must(app.Frontend.GetSettingsFlow(ctx(t), kratos.GetSettingsFlowParams{ID: flow.ID}))(t)

	// A second session of the same identity, then list and revoke it.
	other := must(loginNative(t, pub, addr, password))(t)
	mine := must(app.Frontend.ListMySessions(ctx(t), nil))(t)
	found := false
	for _, x := range mine {
		found = found || x.ID == other.Session.ID
	}
	if !found {
		t.Fatalf("ListMySessions: %d sessions without the second one %s", len(mine), other.Session.ID)
	}
	check(t, app.Frontend.DisableMySession(ctx(t), other.Session.ID, nil))
	for _, x := range must(app.Frontend.ListMySessions(ctx(t), nil))(t) {
		if x.ID == other.Session.ID {
			t.Errorf("session %s still listed after DisableMySession", x.ID)
		}
	}
	third := must(loginNative(t, pub, addr, password))(t)
	res := must(app.Frontend.DisableMyOtherSessions(ctx(t), nil))(t)
	if res == nil || res.Count == nil || *res.Count < 1 {
		t.Errorf("DisableMyOtherSessions: %+v", res)
	}
	if _, err := pub.Frontend.ToSession(ctx(t), &kratos.ToSessionParams{XSessionToken: third.SessionToken}); err == nil {
		t.Error("the third session survived DisableMyOtherSessions")
	}

	check(t, app.Frontend.PerformNativeLogout(ctx(t), &kratos.PerformNativeLogoutBody{SessionToken: tok}))
	_, err := app.Frontend.ToSession(ctx(t), nil)
	wantGeneric(t, err, 401)
	if msg := err.Error(); strings.Contains(msg, tok) || !strings.Contains(msg, "401") {
		t.Errorf("whoami after logout: %s", msg)
	}
	t.Logf("whoami after logout: %v", err)
}

// TestBrowserFlowBehindSameOriginRedirect puts the public API behind a
// proxy that moved it to /v2 and answers the old paths with 307 on the same
// origin: the client follows, keeping cookies, the CSRF token and the body.
func TestBrowserFlowBehindSameOriginRedirect(t *testing.T) {
	pubURL, _ := server(t)
	target, _ := url.Parse(pubURL)
	rp := httputil.NewSingleHostReverseProxy(target)
	var redirects atomic.Int32
	proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if rest, ok := strings.CutPrefix(r.URL.Path, "/v2"); ok {
			r.URL.Path = rest
			rp.ServeHTTP(w, r)
			return
		}
		redirects.Add(1)
		u := *r.URL
		u.Path = "/v2" + r.URL.Path
		http.Redirect(w, r, u.String(), http.StatusTemporaryRedirect)
	}))
	defer proxy.Close()

	pub := newClient(t, pubURL, nil)
	addr := email("redirected-browser")
	registerNative(t, pub, addr, password)

	jar, err := cookiejar.New(nil)
	check(t, err)
	browser := newClient(t, proxy.URL, &http.Client{Jar: jar, Timeout: 30 * time.Second})
	flow := must(browser.Frontend.CreateBrowserLoginFlow(ctx(t), nil))(t)
	csrf := csrfToken(t, flow.UI)
	login := must(browser.Frontend.UpdateLoginFlow(ctx(t),
		kratos.UpdateLoginFlowBody{Value: &kratos.UpdateLoginFlowWithPasswordMethod{CSRFToken: &csrf, Identifier: addr, Password: password}},
		kratos.UpdateLoginFlowParams{Flow: flow.ID}))(t)
	if login.Session.Identity == nil || decodeTraits(t, login.Session.Identity.Traits).Email != addr {
		t.Fatalf("login through redirects: %+v", login.Session)
	}
	s := must(browser.Frontend.ToSession(ctx(t), nil))(t)
	if s.ID != login.Session.ID {
		t.Errorf("whoami with the jar's cookie: %s, want %s", s.ID, login.Session.ID)
	}
	if redirects.Load() < 3 {
		t.Errorf("%d redirects: the test did not go through them", redirects.Load())
	}
}
