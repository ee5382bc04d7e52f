package behavior

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"

	names "github.com/orygen/orygen/testdata/golden/names"
)

// Properties whose names collide after case conversion, are Go keywords,
// start with digits or signs, or are not ASCII each keep their own field
// and their own JSON name.
func TestHostileFieldNames(t *testing.T) {
	in := `{"$ref":"r","+1":1,"-1":-1,"1st":"first","2fa_enabled":true,"@id":"i","@type":"at-type",` +
		`"UserID":"U","func":"f","package":"p","range":3,"type":"bot","userId":"camel","user_id":"snake",` +
		`"x-rate-limit":10,"ëmail":"e","名前":"n","status":"-1"}`
	var u names.User
	if err := json.Unmarshal([]byte(in), &u); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ got, want any }{
		{*u.Ref, "r"}, {*u.N12, int64(1)}, {*u.N1, int64(-1)}, {*u.N1st, "first"}, {*u.N2faEnabled, true},
		{*u.ID, "i"}, {*u.Type2, "at-type"}, {*u.Type, names.UserTypeBot}, {*u.UserID, "U"},
		{u.UserID2, "camel"}, {u.UserID3, "snake"}, {*u.Func, "f"}, {*u.Package, "p"}, {*u.Range, int64(3)},
		{*u.XRateLimit, int64(10)}, {*u.Ëmail, "e"}, {*u.X名前, "n"}, {*u.Status, names.StatusMinus1},
	} {
		if c.got != c.want {
			t.Errorf("got %v, want %v", c.got, c.want)
		}
	}
	out, err := json.Marshal(u)
	if err != nil {
		t.Fatal(err)
	}
	var a, b map[string]any
	json.Unmarshal([]byte(in), &a)
	json.Unmarshal(out, &b)
	if len(a) != len(b) {
		t.Fatalf("re-encoded %s", out)
	}
	for k, v := range a {
		if bv, ok := b[k]; !ok || bv != v {
			t.Errorf("%q: %v became %v", k, v, bv)
		}
	}
}

// Keyword and digit path parameters, and query and header parameters
// named like Go keywords or with brackets and dots, go where they belong.
func TestHostileParamNames(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.Method {
		case "DELETE":
			if r.URL.EscapedPath() != "/packages/a%2Fb/7/true" {
				t.Errorf("path %s", r.URL.EscapedPath())
			}
			w.WriteHeader(http.StatusNoContent)
		case "GET":
			q := r.URL.Query()
			if q.Get("type") != "t" || q.Get("func") != "f" || q.Get("page[size]") != "5" || q.Get("filter.name") != "n" ||
				q.Get("x-request-id") != "q" || r.Header.Get("X-Request-ID") != "h" {
				t.Errorf("query %s, header %q", r.URL.RawQuery, r.Header.Get("X-Request-ID"))
			}
			if c, err := r.Cookie("session-id"); err != nil || c.Value != "s" {
				t.Errorf("cookie %v %v", c, err)
			}
			w.Write([]byte(`{"userId":"u","user_id":"u"}`))
		}
	}))
	defer srv.Close()
	c, err := names.NewClient(srv.URL, names.WithAPIKey("k"))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if err := c.UserAccounts.Delete(ctx, "a/b", 7, true); err != nil {
		t.Fatal(err)
	}
	s := func(v string) *string { return &v }
	size := int64(5)
	_, err = c.UserAccounts.GetUserV2(ctx, "9f425a8d-7efc-4768-8f23-7647a74fdf13", &names.GetUserV2Params{
		Type: s("t"), Func: s("f"), PageSize: &size, FilterName: s("n"), XRequestID: s("h"), XRequestID2: s("q"), SessionID: s("s"),
	})
	if err != nil {
		t.Fatal(err)
	}
	// Services whose tags would make file names the go command treats as
	// test-only or platform-only files are in the package all the same.
	var _ names.TestAPI = c.Test
	var _ names.IOSAPI = c.IOS
	var _ names.UserAccounts2API = c.UserAccounts2
}
