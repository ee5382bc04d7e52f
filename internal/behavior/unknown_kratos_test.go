package behavior

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"testing"

	older "github.com/orygen/orygen/testdata/golden/kratos-v1.3.1-older"
)

// TestUnknownMembersSurvivePUT: a client older than its server (the
// identity schemas without metadata_admin, specs/overlays/kratos-older.yaml)
// reads an identity and PUTs it back, as make e2e does against a real
// Kratos; metadata_admin, which the client never declared, is in the body
// the server gets. The server here answers with the recorded Kratos
// identity when ../shared has it, else with one of the same shape.
func TestUnknownMembersSurvivePUT(t *testing.T) {
	identity := []byte(`{"id":"2a20c2b2-8592-4161-8209-31f8f2b581cc","schema_id":"default","schema_url":"http://127.0.0.1:4433/schemas/ZGVmYXVsdA","state":"active","traits":{"email":"a@example.com"},"metadata_public":{"n":0},"metadata_admin":{"secret":true},"created_at":"2026-11-22T02:40:13.389103Z"}`)
	if b, err := os.ReadFile("../../../shared/kratos/samples/admin_get_identity_with_creds.json"); err == nil {
		identity = b
	}
	var put []byte
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPut {
			put, _ = io.ReadAll(r.Body)
		}
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.Write(identity)
	}))
	defer srv.Close()
	c, err := older.NewClient(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	id, err := c.Identity.GetIdentity(ctx, "2a20c2b2-8592-4161-8209-31f8f2b581cc", nil)
	if err != nil {
		t.Fatal(err)
	}
	var unknown map[string]json.RawMessage
	if err := json.Unmarshal(id.UnknownJSON(), &unknown); err != nil {
		t.Fatalf("UnknownJSON %s: %v", id.UnknownJSON(), err)
	}
	if got := string(unknown["metadata_admin"]); got != `{"secret":true}` {
		t.Fatalf("metadata_admin kept as %q; unknown members %s", got, id.UnknownJSON())
	}
	body := older.UpdateIdentityBody{SchemaID: id.SchemaID, State: older.UpdateIdentityBodyState("active"), Traits: id.Traits, MetadataPublic: id.MetadataPublic}
	if err := body.SetUnknownJSON(id.UnknownJSON()); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Identity.UpdateIdentity(ctx, id.ID, &body); err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(put, []byte(`"metadata_admin":{"secret":true}`)) {
		t.Errorf("the PUT body lost metadata_admin: %s", put)
	}
}
