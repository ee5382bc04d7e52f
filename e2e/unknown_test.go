//go:build e2e

package e2e

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"testing"
	"time"

	older "github.com/orygen/orygen/testdata/golden/kratos-v1.3.1-older"
)

// TestUnknownMembersSurvivePUT: a client older than the server (generated
// with specs/overlays/kratos-older.yaml, which removes metadata_admin from
// the identity schemas) reads an identity and writes it back with PUT,
// which replaces the whole identity; metadata_admin, set by a raw admin
// call and unknown to the client, survives on the server.
func TestUnknownMembersSurvivePUT(t *testing.T) {
	_, adminURL := server(t)
	hc := &http.Client{Timeout: 30 * time.Second}
	c, err := older.NewClient(adminURL, older.WithHTTPClient(hc))
	if err != nil {
		t.Fatal(err)
	}
	raw := func(method, path string, body []byte) []byte {
		t.Helper()
		req, err := http.NewRequestWithContext(ctx(t), method, adminURL+path, bytes.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Accept", "application/json")
		resp, err := hc.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		if resp.StatusCode/100 != 2 {
			t.Fatalf("%s %s: %s: %s", method, path, resp.Status, b)
		}
		return b
	}
	// The raw admin call sets metadata_admin, as a newer client would.
	created := raw(http.MethodPost, "/admin/identities", []byte(`{"schema_id":"default","traits":{"email":"`+email("unknown")+`"},"metadata_admin":{"tier":"gold","n":[1,2]}}`))
	var ident struct {
		ID string `json:"id"`
	}
	if err := json.Unmarshal(created, &ident); err != nil || ident.ID == "" {
		t.Fatalf("created identity %s: %v", created, err)
	}
	t.Cleanup(func() { raw(http.MethodDelete, "/admin/identities/"+ident.ID, nil) })

	id, err := c.Identity.GetIdentity(ctx(t), ident.ID, nil)
	if err != nil {
		t.Fatal(describe(err))
	}
	var unknown map[string]json.RawMessage
	if err := json.Unmarshal(id.UnknownJSON(), &unknown); err != nil || unknown["metadata_admin"] == nil {
		t.Fatalf("the typed read kept %s (%v); want metadata_admin among them", id.UnknownJSON(), err)
	}
	body := older.UpdateIdentityBody{SchemaID: id.SchemaID, State: older.UpdateIdentityBodyState("active"), Traits: id.Traits, MetadataPublic: id.MetadataPublic}
	if err := body.SetUnknownJSON(id.UnknownJSON()); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Identity.UpdateIdentity(ctx(t), id.ID, &body); err != nil {
		t.Fatal(describe(err))
	}
	var after struct {
		MetadataAdmin json.RawMessage `json:"metadata_admin"`
	}
	got := raw(http.MethodGet, "/admin/identities/"+ident.ID, nil)
	if err := json.Unmarshal(got, &after); err != nil {
		t.Fatal(err)
	}
	if !jsonEqual(t, after.MetadataAdmin, `{"tier":"gold","n":[1,2]}`) {
		t.Errorf("after the PUT metadata_admin is %s; want {\"tier\":\"gold\",\"n\":[1,2]}", after.MetadataAdmin)
	}
}
