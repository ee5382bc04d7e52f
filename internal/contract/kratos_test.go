package contract

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/orygen/orygen/internal/loader"
	kratos "github.com/orygen/orygen/testdata/golden/kratos-v1.3.1"
)

// The tests in this file spell out, for one client, what TestContract
// checks generically through reflection: errors.As for each error shape,
// decode and transport errors, form bodies, the request builders and
// parsers.

var (
	kratosDocOnce sync.Once
	kratosDoc     *openapi3.T
	kratosDocErr  error
)

// kratosSchema is a component schema of the Kratos v1.3.1 spec.
func kratosSchema(t *testing.T, name string) *openapi3.Schema {
	t.Helper()
	kratosDocOnce.Do(func() {
		spec, err := loader.Load(specDir+"kratos-v1.3.1.json", loader.Options{})
		if err != nil {
			kratosDocErr = err
			return
		}
		kratosDoc = spec.Doc
	})
	if kratosDocErr != nil {
		t.Fatal(kratosDocErr)
	}
	s := kratosDoc.Components.Schemas[name]
	if s == nil || s.Value == nil {
		t.Fatalf("no schema %s", name)
	}
	return s.Value
}

// valid checks that a hand-written body has the shape the spec declares,
// so that the tests below answer with what a real server may send.
func valid(t *testing.T, schema, body string) string {
	t.Helper()
	var v any
	if err := json.Unmarshal([]byte(body), &v); err != nil {
		t.Fatal(err)
	}
	if err := kratosSchema(t, schema).VisitJSON(v, schemaOpts(false)...); err != nil {
		t.Fatalf("the test's %s body does not match the spec: %v", schema, err)
	}
	return body
}

// kratosServer answers every request with status and body, and records
// the requests.
type kratosServer struct {
	*httptest.Server
	mu   sync.Mutex
	reqs []*http.Request
	body [][]byte
}

func newKratos(t *testing.T, status int, body string) (*kratos.Client, *kratosServer) {
	t.Helper()
	ks := &kratosServer{}
	ks.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		ks.mu.Lock()
		ks.reqs, ks.body = append(ks.reqs, r), append(ks.body, b)
		ks.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		io.WriteString(w, body)
	}))
	t.Cleanup(ks.Close)
	c, err := kratos.NewClient(ks.URL, kratos.WithRetry(kratos.RetryPolicy{}))
	if err != nil {
		t.Fatal(err)
	}
	return c, ks
}

const (
	flowID     = "9f425a8d-7efc-4768-8f23-7647a74fdf13"
	loginFlow  = `{"id":"` + flowID + `","type":"browser","expires_at":"2024-01-02T03:34:05Z","issued_at":"2024-01-02T03:04:05Z","request_url":"https://auth.example.com/self-service/login/browser","state":"choose_method","ui":{"action":"https://auth.example.com/self-service/login?flow=` + flowID + `","method":"POST","nodes":[{"type":"input","group":"password","attributes":{"node_type":"input","name":"identifier","type":"text","disabled":false},"messages":[{"id":4000006,"text":"The provided credentials are invalid, check for spelling mistakes in your password or username, email address, or phone number.","type":"error"}],"meta":{}}]}}`
	errGeneric = `{"error":{"code":410,"status":"Gone","message":"The self-service flow expired","reason":"The flow expired 1.00 minutes ago, initialize a new one."}}`
	errBrowser = `{"error":{"error":{"code":422,"message":"browser location change required"}},"redirect_browser_to":"https://auth.example.com/self-service/login/browser"}`
)

func passwordLogin() kratos.UpdateLoginFlowBody {
	return kratos.UpdateLoginFlowBody{Value: &kratos.UpdateLoginFlowWithPasswordMethod{
		Identifier: "user@example.com", Password: "secret", CSRFToken: ptr("csrf-1"),
	}}
}

func ptr[T any](v T) *T { return &v }

// TestErrorsAsDeclaredShapes answers UpdateLoginFlow with each declared
// non-2xx status and a body of its declared shape.
func TestErrorsAsDeclaredShapes(t *testing.T) {
	ctx := context.Background()
	params := kratos.UpdateLoginFlowParams{Flow: flowID}

	t.Run("400 loginFlow", func(t *testing.T) {
		c, _ := newKratos(t, 400, valid(t, "loginFlow", loginFlow))
		_, err := c.Frontend.UpdateLoginFlow(ctx, passwordLogin(), params)
		var flowErr *kratos.ErrorResponse[kratos.LoginFlow]
		if !errors.As(err, &flowErr) {
			t.Fatalf("got %T %v, want *ErrorResponse[LoginFlow]", err, err)
		}
		if flowErr.StatusCode != 400 || flowErr.Value.ID != flowID || string(flowErr.Body) != loginFlow {
			t.Errorf("status %d, flow %q, body %s", flowErr.StatusCode, flowErr.Value.ID, flowErr.Body)
		}
		msgs := flowErr.Value.UI.Nodes[0].Messages
		if len(msgs) != 1 || msgs[0].ID != 4000006 {
			t.Errorf("the validation message is lost: %+v", msgs)
		}
		if _, ok := flowErr.Value.UI.Nodes[0].Attributes.Value.(*kratos.UINodeInputAttributes); !ok {
			t.Errorf("node attributes decoded as %T", flowErr.Value.UI.Nodes[0].Attributes.Value)
		}
		var apiErr *kratos.APIError
		if !errors.As(err, &apiErr) || apiErr.StatusCode != 400 || apiErr.ShapeErr != nil {
			t.Errorf("*ErrorResponse does not unwrap to its *APIError: %+v", apiErr)
		}
	})

	t.Run("410 errorGeneric", func(t *testing.T) {
		c, _ := newKratos(t, 410, valid(t, "errorGeneric", errGeneric))
		_, err := c.Frontend.UpdateLoginFlow(ctx, passwordLogin(), params)
		var gone *kratos.ErrorResponse[kratos.ErrorGeneric]
		if !errors.As(err, &gone) {
			t.Fatalf("got %T %v, want *ErrorResponse[ErrorGeneric]", err, err)
		}
		if gone.StatusCode != 410 || gone.Value.Error.Message != "The self-service flow expired" {
			t.Errorf("status %d, message %q", gone.StatusCode, gone.Value.Error.Message)
		}
	})

	t.Run("422 errorBrowserLocationChangeRequired", func(t *testing.T) {
		c, _ := newKratos(t, 422, valid(t, "errorBrowserLocationChangeRequired", errBrowser))
		_, err := c.Frontend.UpdateLoginFlow(ctx, passwordLogin(), params)
		var redirect *kratos.ErrorResponse[kratos.ErrorBrowserLocationChangeRequired]
		if !errors.As(err, &redirect) {
			t.Fatalf("got %T %v, want *ErrorResponse[ErrorBrowserLocationChangeRequired]", err, err)
		}
		if redirect.Value.RedirectBrowserTo == nil || *redirect.Value.RedirectBrowserTo != "https://auth.example.com/self-service/login/browser" {
			t.Errorf("redirect_browser_to: %v", redirect.Value.RedirectBrowserTo)
		}
	})

	t.Run("500 default errorGeneric", func(t *testing.T) {
		c, _ := newKratos(t, 500, errGeneric)
		_, err := c.Frontend.UpdateLoginFlow(ctx, passwordLogin(), params)
		var other *kratos.ErrorResponse[kratos.ErrorGeneric]
		if !errors.As(err, &other) || other.StatusCode != 500 {
			t.Fatalf("got %T %v, want *ErrorResponse[ErrorGeneric] with status 500", err, err)
		}
	})
}

// TestErrorOfTheWrongShape: Kratos answers 400 with errorGeneric where the
// spec declares registrationFlow. The error is a plain *APIError that keeps
// status and body and says why the body is not a registrationFlow.
func TestErrorOfTheWrongShape(t *testing.T) {
	c, _ := newKratos(t, 400, valid(t, "errorGeneric", errGeneric))
	body := kratos.UpdateRegistrationFlowBody{Value: &kratos.UpdateRegistrationFlowWithPasswordMethod{
		Password: "secret", Traits: json.RawMessage(`{"email":"user@example.com"}`),
	}}
	_, err := c.Frontend.UpdateRegistrationFlow(context.Background(), body, kratos.UpdateRegistrationFlowParams{Flow: flowID})
	var flowErr *kratos.ErrorResponse[kratos.RegistrationFlow]
	if errors.As(err, &flowErr) {
		t.Fatalf("an errorGeneric body decoded as a RegistrationFlow: %+v", flowErr.Value)
	}
	var apiErr *kratos.APIError
	if !errors.As(err, &apiErr) {
		t.Fatalf("got %T %v, want *APIError", err, err)
	}
	if apiErr.StatusCode != 400 || string(apiErr.Body) != errGeneric || apiErr.ShapeErr == nil {
		t.Errorf("status %d, body %s, ShapeErr %v", apiErr.StatusCode, apiErr.Body, apiErr.ShapeErr)
	}
}

// TestDecodeAndTransportErrors: invalid JSON on 200 is a *DecodeError with
// the body; a closed server is a *TransportError; neither is an *APIError.
func TestDecodeAndTransportErrors(t *testing.T) {
	ctx := context.Background()
	c, ks := newKratos(t, 200, `{"id": "x", "traits": `)
	_, err := c.Identity.GetIdentity(ctx, flowID, nil)
	var decErr *kratos.DecodeError
	if !errors.As(err, &decErr) || string(decErr.Body) != `{"id": "x", "traits": ` || decErr.StatusCode != 200 {
		t.Fatalf("got %T %v, want *DecodeError with the body", err, err)
	}
	var apiErr *kratos.APIError
	if errors.As(err, &apiErr) {
		t.Errorf("a decode error is also an *APIError")
	}

	ks.Close()
	_, err = c.Identity.GetIdentity(ctx, flowID, nil)
	var trErr *kratos.TransportError
	if !errors.As(err, &trErr) {
		t.Fatalf("got %T %v, want *TransportError", err, err)
	}
	if errors.As(err, &apiErr) || errors.As(err, &decErr) {
		t.Errorf("a transport error is also an API or decode error")
	}
}

// TestLoginFormBody sends the password method as a form: the form carries
// the discriminator and the variant's fields.
func TestLoginFormBody(t *testing.T) {
	c, ks := newKratos(t, 200, `{"session":{"id":"`+flowID+`"}}`)
	_, err := c.Frontend.UpdateLoginFlow(context.Background(), passwordLogin(), kratos.UpdateLoginFlowParams{Flow: flowID}, kratos.WithFormBody())
	if err != nil {
		t.Fatal(err)
	}
	r, body := ks.reqs[0], ks.body[0]
	if ct := r.Header.Get("Content-Type"); ct != "application/x-www-form-urlencoded" {
		t.Errorf("Content-Type %q", ct)
	}
	form, err := url.ParseQuery(string(body))
	if err != nil {
		t.Fatal(err)
	}
	want := url.Values{"method": {"password"}, "identifier": {"user@example.com"}, "password": {"secret"}, "csrf_token": {"csrf-1"}}
	if form.Encode() != want.Encode() {
		t.Errorf("form %s, want %s", form.Encode(), want.Encode())
	}
	if r.URL.Query().Get("flow") != flowID {
		t.Errorf("flow %q", r.URL.Query().Get("flow"))
	}

	// An operation without a form body refuses WithFormBody.
	if _, err := c.Identity.GetIdentity(context.Background(), flowID, nil, kratos.WithFormBody()); err == nil {
		t.Errorf("GetIdentity accepted WithFormBody")
	}
}

// TestRequestBuilderAndParser builds GetIdentity's request without sending
// it, sends it by hand and parses the response.
func TestRequestBuilderAndParser(t *testing.T) {
	ctx := context.Background()
	_, ks := newKratos(t, 200, valid(t, "identity", `{"id":"`+flowID+`","schema_id":"default","schema_url":"https://auth.example.com/schemas/default","traits":{"email":"user@example.com"}}`))
	req, err := kratos.NewGetIdentityRequest(ctx, ks.URL+"/prefix/", "../admin", &kratos.GetIdentityParams{
		IncludeCredential: []kratos.GetIdentityIncludeCredentialItem{kratos.GetIdentityIncludeCredentialItemPassword, kratos.GetIdentityIncludeCredentialItemOIDC},
	})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := req.URL.EscapedPath(), "/prefix/admin/identities/..%2Fadmin"; got != want {
		t.Errorf("path %s, want %s", got, want)
	}
	if got := req.URL.Query()["include_credential"]; len(got) != 2 || got[0] != "password" || got[1] != "oidc" {
		t.Errorf("include_credential %q", got)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	id, err := kratos.ParseGetIdentityResponse(resp)
	if err != nil {
		t.Fatal(err)
	}
	if id.ID != flowID || string(id.Traits) != `{"email":"user@example.com"}` {
		t.Errorf("identity %+v", id)
	}
}
