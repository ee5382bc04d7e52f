package contract

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"testing"

	kratos "github.com/orygen/orygen/testdata/golden/kratos-v1.3.1"
)

// emailOf is code under test that depends on kratos.IdentityAPI rather than
// on the concrete service, so that a test can hand it a fake.
func emailOf(ctx context.Context, api kratos.IdentityAPI, id string) (string, error) {
	ident, err := api.GetIdentity(ctx, id, nil)
	var notFound *kratos.ErrorResponse[kratos.ErrorGeneric]
	if errors.As(err, &notFound) && notFound.StatusCode == 404 {
		return "", fmt.Errorf("no identity %s: %w", id, errNoIdentity)
	}
	if err != nil {
		return "", err
	}
	var traits struct {
		Email string `json:"email"`
	}
	if err := json.Unmarshal(ident.Traits, &traits); err != nil {
		return "", err
	}
	return traits.Email, nil
}

var errNoIdentity = errors.New("no such identity")

// fakeIdentities implements kratos.IdentityAPI. It embeds the interface, so
// the methods a test does not need exist (and panic if called), and
// overrides GetIdentity.
type fakeIdentities struct {
	kratos.IdentityAPI
	byID  map[string]*kratos.Identity
	calls int
}

var _ kratos.IdentityAPI = (*fakeIdentities)(nil)

func (f *fakeIdentities) GetIdentity(_ context.Context, id string, _ *kratos.GetIdentityParams, _ ...kratos.RequestOption) (*kratos.Identity, error) {
	f.calls++
	if ident, ok := f.byID[id]; ok {
		return ident, nil
	}
	// What the real client returns for Kratos' 404.
	return nil, &kratos.ErrorResponse[kratos.ErrorGeneric]{
		APIError: &kratos.APIError{Method: "GET", URL: "/admin/identities/" + id, StatusCode: 404, Body: []byte(`{"error":{"code":404,"message":"Not Found"}}`)},
		Value:    kratos.ErrorGeneric{Error: kratos.GenericError{Code: ptr[int64](404), Message: "Not Found"}},
	}
}

func TestFakeIdentityAPI(t *testing.T) {
	fake := &fakeIdentities{byID: map[string]*kratos.Identity{
		"id-1": {ID: "id-1", SchemaID: "default", Traits: json.RawMessage(`{"email":"user@example.com"}`)},
	}}
	ctx := context.Background()

	email, err := emailOf(ctx, fake, "id-1")
	if err != nil || email != "user@example.com" {
		t.Errorf("emailOf(id-1) = %q, %v", email, err)
	}
	if _, err := emailOf(ctx, fake, "id-2"); !errors.Is(err, errNoIdentity) {
		t.Errorf("emailOf(id-2): %v, want errNoIdentity", err)
	}
	if fake.calls != 2 {
		t.Errorf("%d calls to the fake", fake.calls)
	}

	// The real service satisfies the same interface.
	c, err := kratos.NewClient("https://auth.example.com")
	if err != nil {
		t.Fatal(err)
	}
	var _ kratos.IdentityAPI = c.Identity
}
