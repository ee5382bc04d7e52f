package contract

import (
	"net/http"
	"reflect"

	oryclient "github.com/orygen/orygen/testdata/golden/client-v1.22.40"
	hydra "github.com/orygen/orygen/testdata/golden/hydra-v26.2.0"
	keto "github.com/orygen/orygen/testdata/golden/keto-v26.2.0"
	kratos131 "github.com/orygen/orygen/testdata/golden/kratos-v1.3.1"
	kratos26 "github.com/orygen/orygen/testdata/golden/kratos-v26.2.0"
	oathkeeper "github.com/orygen/orygen/testdata/golden/oathkeeper-v26.2.0"
)

// specDir holds Ory's specs, read in place.
const specDir = "../../../shared/specs/ory/"

// sessionTokenOverlay declares the sessionToken scheme the specs of
// Kratos and the Network name without declaring; their golden packages
// are generated with it (cmd/orygen's golden test).
var sessionTokenOverlay = []string{"../../specs/overlays/ory-session-token.yaml"}

// specCase ties a spec to its generated package. The functions and values
// are the package's own (each package has its own option types); the rest
// of the test reaches the package by reflection.
type specCase struct {
	name string // spec file without .json, and the golden directory
	want int    // operations in the spec
	// overlays are applied to the spec, as for its golden package.
	overlays []string

	// creds are the credentials the client is made with, by security
	// scheme; basic ones as "user:pass".
	creds map[string]string

	// newClient makes a client with every credential and without
	// retries: each call must be exactly one request.
	newClient    func(base string, hc *http.Client) (any, error)
	formBody     func() any                    // WithFormBody()
	withHeader   func(k, v string) any         // WithRequestHeader(k, v)
	withResponse func(dst **http.Response) any // WithResponse(dst)
	apiError     reflect.Type                  // *APIError
	decodeError  reflect.Type                  // *DecodeError
	transportErr reflect.Type                  // *TransportError
}

func typeOf[T any]() reflect.Type { return reflect.TypeOf((*T)(nil)).Elem() }

var cases = []*specCase{
	{
		name: "client-v1.22.40", want: 166, overlays: sessionTokenOverlay,
		creds: map[string]string{
			"basic": "user:pass", "bearer": "tok-bearer", "oauth2": "tok-oauth2",
			"oryAccessToken": "tok-ory", "oryWorkspaceApiKey": "tok-workspace", "sessionToken": "tok-session",
		},
		newClient: func(base string, hc *http.Client) (any, error) {
			return oryclient.NewClient(base, oryclient.WithHTTPClient(hc), oryclient.WithRetry(oryclient.RetryPolicy{}),
				oryclient.WithBasic("user", "pass"), oryclient.WithBearer("tok-bearer"),
				oryclient.WithOAuth2("tok-oauth2"), oryclient.WithOryAccessToken("tok-ory"),
				oryclient.WithOryWorkspaceAPIKey("tok-workspace"), oryclient.WithSessionToken("tok-session"))
		},
		formBody:     func() any { return oryclient.WithFormBody() },
		withHeader:   func(k, v string) any { return oryclient.WithRequestHeader(k, v) },
		withResponse: func(dst **http.Response) any { return oryclient.WithResponse(dst) },
		apiError:     typeOf[*oryclient.APIError](),
		decodeError:  typeOf[*oryclient.DecodeError](),
		transportErr: typeOf[*oryclient.TransportError](),
	},
	{
		name: "kratos-v1.3.1", want: 53, overlays: sessionTokenOverlay,
		creds: map[string]string{"oryAccessToken": "tok-ory", "sessionToken": "tok-session"},
		newClient: func(base string, hc *http.Client) (any, error) {
			return kratos131.NewClient(base, kratos131.WithHTTPClient(hc), kratos131.WithRetry(kratos131.RetryPolicy{}),
				kratos131.WithOryAccessToken("tok-ory"), kratos131.WithSessionToken("tok-session"))
		},
		formBody:     func() any { return kratos131.WithFormBody() },
		withHeader:   func(k, v string) any { return kratos131.WithRequestHeader(k, v) },
		withResponse: func(dst **http.Response) any { return kratos131.WithResponse(dst) },
		apiError:     typeOf[*kratos131.APIError](),
		decodeError:  typeOf[*kratos131.DecodeError](),
		transportErr: typeOf[*kratos131.TransportError](),
	},
	{
		name: "kratos-v26.2.0", want: 56, overlays: sessionTokenOverlay,
		creds: map[string]string{"oryAccessToken": "tok-ory", "sessionToken": "tok-session"},
		newClient: func(base string, hc *http.Client) (any, error) {
			return kratos26.NewClient(base, kratos26.WithHTTPClient(hc), kratos26.WithRetry(kratos26.RetryPolicy{}),
				kratos26.WithOryAccessToken("tok-ory"), kratos26.WithSessionToken("tok-session"))
		},
		formBody:     func() any { return kratos26.WithFormBody() },
		withHeader:   func(k, v string) any { return kratos26.WithRequestHeader(k, v) },
		withResponse: func(dst **http.Response) any { return kratos26.WithResponse(dst) },
		apiError:     typeOf[*kratos26.APIError](),
		decodeError:  typeOf[*kratos26.DecodeError](),
		transportErr: typeOf[*kratos26.TransportError](),
	},
	{
		name: "hydra-v26.2.0", want: 50,
		creds: map[string]string{"basic": "user:pass", "bearer": "tok-bearer", "oauth2": "tok-oauth2"},
		newClient: func(base string, hc *http.Client) (any, error) {
			return hydra.NewClient(base, hydra.WithHTTPClient(hc), hydra.WithRetry(hydra.RetryPolicy{}),
				hydra.WithBasic("user", "pass"), hydra.WithBearer("tok-bearer"), hydra.WithOAuth2("tok-oauth2"))
		},
		formBody:     func() any { return hydra.WithFormBody() },
		withHeader:   func(k, v string) any { return hydra.WithRequestHeader(k, v) },
		withResponse: func(dst **http.Response) any { return hydra.WithResponse(dst) },
		apiError:     typeOf[*hydra.APIError](),
		decodeError:  typeOf[*hydra.DecodeError](),
		transportErr: typeOf[*hydra.TransportError](),
	},
	{
		name: "keto-v26.2.0", want: 15,
		newClient: func(base string, hc *http.Client) (any, error) {
			return keto.NewClient(base, keto.WithHTTPClient(hc), keto.WithRetry(keto.RetryPolicy{}))
		},
		formBody:     func() any { return keto.WithFormBody() },
		withHeader:   func(k, v string) any { return keto.WithRequestHeader(k, v) },
		withResponse: func(dst **http.Response) any { return keto.WithResponse(dst) },
		apiError:     typeOf[*keto.APIError](),
		decodeError:  typeOf[*keto.DecodeError](),
		transportErr: typeOf[*keto.TransportError](),
	},
	{
		name: "oathkeeper-v26.2.0", want: 7,
		newClient: func(base string, hc *http.Client) (any, error) {
			return oathkeeper.NewClient(base, oathkeeper.WithHTTPClient(hc), oathkeeper.WithRetry(oathkeeper.RetryPolicy{}))
		},
		formBody:     func() any { return oathkeeper.WithFormBody() },
		withHeader:   func(k, v string) any { return oathkeeper.WithRequestHeader(k, v) },
		withResponse: func(dst **http.Response) any { return oathkeeper.WithResponse(dst) },
		apiError:     typeOf[*oathkeeper.APIError](),
		decodeError:  typeOf[*oathkeeper.DecodeError](),
		transportErr: typeOf[*oathkeeper.TransportError](),
	},
}
