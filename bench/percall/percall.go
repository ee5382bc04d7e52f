// Package percall measures what one API call costs end to end, as
// middleware makes it on every request of a user's service: a Keto
// permission check (checkPermission) and a Kratos session check
// (toSession), each against an httptest server on loopback, made with
// orygen's generated client, with github.com/ory/client-go and with a
// hand-written net/http + encoding/json call.
//
// The hand-written calls are what a careful person writes without an SDK:
// build the URL, set the headers, send with the same *http.Client, check
// the status, decode the body (json.NewDecoder) into structs of their own
// that keep every field of the response.
package percall

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"time"

	cg "github.com/ory/client-go"
	"github.com/orygen/orygen/bench/decode"
	keto "github.com/orygen/orygen/testdata/golden/keto-v26.2.0"
	kratos "github.com/orygen/orygen/testdata/golden/kratos-v1.3.1"
)

// The request each call makes: the tuple a middleware checks, and the
// session token the user's request carried.
const (
	Namespace = "Document"
	Object    = "doc-9c618a8c"
	Relation  = "view"
	SubjectID = "7c81c730-240c-40c0-a44b-d0d622aac700"
	Token     = "ory_st_h2T0bAxOm4mKCb1fJxRZ3rWbQCMVfVX3"
)

// Server serves the two endpoints with fixed responses: Keto's
// {"allowed":true}, and Kratos's recorded whoami response (headers and
// body, ../shared/kratos/samples/whoami.*). It checks each request carries
// what the call must send, and answers 400 or 401 otherwise.
type Server struct {
	*httptest.Server
	Session []byte // the whoami body
}

// NewServer starts the server; Close it when done.
func NewServer() (*Server, error) {
	dir, err := decode.SamplesDir()
	if err != nil {
		return nil, err
	}
	session, err := os.ReadFile(filepath.Join(dir, "whoami.json"))
	if err != nil {
		return nil, err
	}
	allowed := []byte(`{"allowed":true}`)
	sessionLen := fmt.Sprint(len(session))
	s := &Server{Session: session}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		switch r.URL.Path {
		case "/relation-tuples/check/openapi":
			q := r.URL.Query()
			if q.Get("namespace") != Namespace || q.Get("object") != Object || q.Get("relation") != Relation || q.Get("subject_id") != SubjectID {
				w.WriteHeader(http.StatusBadRequest)
				return
			}
			h["Content-Type"] = []string{"application/json; charset=utf-8"}
			h["Content-Length"] = []string{"16"}
			w.Write(allowed)
		case "/sessions/whoami":
			if r.Header.Get("X-Session-Token") != Token {
				h["Content-Type"] = []string{"application/json; charset=utf-8"}
				w.WriteHeader(http.StatusUnauthorized)
				io.WriteString(w, `{"error":{"code":401,"status":"Unauthorized","message":"No valid session credentials found in the request."}}`)
				return
			}
			h["Cache-Control"] = []string{"private, no-cache, no-store, must-revalidate"}
			h["Content-Type"] = []string{"application/json; charset=utf-8"}
			h["Vary"] = []string{"Cookie"}
			h["X-Kratos-Authenticated-Identity-Id"] = []string{SubjectID}
			h["Content-Length"] = []string{sessionLen}
			w.Write(session)
		default:
			http.NotFound(w, r)
		}
	}))
	return s, nil
}

// HTTPClient is the client every implementation sends with: keep-alive
// connections to the server, as a long-running service has.
func (s *Server) HTTPClient() *http.Client {
	tr := &http.Transport{MaxIdleConnsPerHost: 16, IdleConnTimeout: time.Minute}
	return &http.Client{Transport: tr, Timeout: 10 * time.Second}
}

// Impl is one way of making the two calls. Check reports whether the
// subject may view the object; WhoAmI returns the session's identity id.
type Impl struct {
	Name   string
	Check  func(ctx context.Context) (bool, error)
	WhoAmI func(ctx context.Context, token string) (string, error)
}

// Impls builds the implementations against s, each with its own
// *http.Client of the same settings.
func Impls(s *Server) ([]Impl, error) {
	og, err := orygen(s)
	if err != nil {
		return nil, err
	}
	return []Impl{og, clientGo(s), hand(s)}, nil
}

func orygen(s *Server) (Impl, error) {
	k, err := keto.NewClient(s.URL, keto.WithHTTPClient(s.HTTPClient()))
	if err != nil {
		return Impl{}, err
	}
	kr, err := kratos.NewClient(s.URL, kratos.WithHTTPClient(s.HTTPClient()))
	if err != nil {
		return Impl{}, err
	}
	return Impl{
		Name: "orygen",
		Check: func(ctx context.Context) (bool, error) {
			ns, obj, rel, sub := Namespace, Object, Relation, SubjectID
			res, err := k.Permission.CheckPermission(ctx, &keto.CheckPermissionParams{
				Namespace: &ns, Object: &obj, Relation: &rel, SubjectID: &sub})
			if err != nil {
				return false, err
			}
			return res.Allowed, nil
		},
		WhoAmI: func(ctx context.Context, token string) (string, error) {
			sess, err := kr.Frontend.ToSession(ctx, &kratos.ToSessionParams{XSessionToken: &token})
			if err != nil {
				return "", err
			}
			if sess.Identity == nil {
				return "", errors.New("no identity")
			}
			return sess.Identity.ID, nil
		},
	}, nil
}

func clientGo(s *Server) Impl {
	cfg := cg.NewConfiguration()
	cfg.Servers = cg.ServerConfigurations{{URL: s.URL}}
	cfg.HTTPClient = s.HTTPClient()
	c := cg.NewAPIClient(cfg)
	return Impl{
		Name: "client-go",
		Check: func(ctx context.Context) (bool, error) {
			res, _, err := c.PermissionAPI.CheckPermission(ctx).Namespace(Namespace).Object(Object).
				Relation(Relation).SubjectId(SubjectID).Execute()
			if err != nil {
				return false, err
			}
			return res.Allowed, nil
		},
		WhoAmI: func(ctx context.Context, token string) (string, error) {
			sess, _, err := c.FrontendAPI.ToSession(ctx).XSessionToken(token).Execute()
			if err != nil {
				return "", err
			}
			if sess.Identity == nil {
				return "", errors.New("no identity")
			}
			return sess.Identity.Id, nil
		},
	}
}

// HandSession is a session as a hand-written client declares it: every
// field of the response, free-form JSON kept raw.
type HandSession struct {
	ID                          string               `json:"id"`
	Active                      *bool                `json:"active,omitempty"`
	ExpiresAt                   *time.Time           `json:"expires_at,omitempty"`
	AuthenticatedAt             *time.Time           `json:"authenticated_at,omitempty"`
	AuthenticatorAssuranceLevel *string              `json:"authenticator_assurance_level,omitempty"`
	AuthenticationMethods       []HandAuthMethod     `json:"authentication_methods,omitempty"`
	IssuedAt                    *time.Time           `json:"issued_at,omitempty"`
	Identity                    *decode.FlatIdentity `json:"identity,omitempty"`
	Devices                     []HandDevice         `json:"devices,omitempty"`
	Tokenized                   *string              `json:"tokenized,omitempty"`
}

type HandAuthMethod struct {
	Method       *string    `json:"method,omitempty"`
	AAL          *string    `json:"aal,omitempty"`
	CompletedAt  *time.Time `json:"completed_at,omitempty"`
	Organization *string    `json:"organization,omitempty"`
	Provider     *string    `json:"provider,omitempty"`
}

type HandDevice struct {
	ID        string  `json:"id"`
	IPAddress *string `json:"ip_address,omitempty"`
	UserAgent *string `json:"user_agent,omitempty"`
	Location  *string `json:"location,omitempty"`
}

// HandAPIError is a non-2xx response of the hand-written calls.
type HandAPIError struct {
	Status int
	Body   []byte
}

func (e *HandAPIError) Error() string { return fmt.Sprintf("status %d: %s", e.Status, e.Body) }

func hand(s *Server) Impl {
	hc := s.HTTPClient()
	base := s.URL
	get := func(ctx context.Context, u string, header http.Header, out any) error {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
		if err != nil {
			return err
		}
		for k, v := range header {
			req.Header[k] = v
		}
		req.Header.Set("Accept", "application/json")
		resp, err := hc.Do(req)
		if err != nil {
			return err
		}
		defer resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			b, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
			return &HandAPIError{Status: resp.StatusCode, Body: b}
		}
		return json.NewDecoder(resp.Body).Decode(out)
	}
	return Impl{
		Name: "hand",
		Check: func(ctx context.Context) (bool, error) {
			q := url.Values{"namespace": {Namespace}, "object": {Object}, "relation": {Relation}, "subject_id": {SubjectID}}
			var out struct {
				Allowed bool `json:"allowed"`
			}
			if err := get(ctx, base+"/relation-tuples/check/openapi?"+q.Encode(), nil, &out); err != nil {
				return false, err
			}
			return out.Allowed, nil
		},
		WhoAmI: func(ctx context.Context, token string) (string, error) {
			var out HandSession
			if err := get(ctx, base+"/sessions/whoami", http.Header{"X-Session-Token": {token}}, &out); err != nil {
				return "", err
			}
			if out.Identity == nil {
				return "", errors.New("no identity")
			}
			return out.Identity.ID, nil
		},
	}
}
