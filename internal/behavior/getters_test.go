package behavior

import (
	"encoding/json"
	"reflect"
	"testing"
	"time"

	kratos "github.com/orygen/orygen/testdata/golden/kratos-v1.3.1"
	names "github.com/orygen/orygen/testdata/golden/names"
)

// The getters of optional fields return the zero value on a nil receiver
// or a nil field, and chain through struct-valued fields.
func TestGettersNilSafe(t *testing.T) {
	var nilSession *kratos.Session
	if nilSession.GetActive() || nilSession.GetIdentity() != nil || !nilSession.GetExpiresAt().IsZero() {
		t.Error("a nil *Session's getters do not return zero values")
	}
	if got := nilSession.GetIdentity().GetState(); got != "" {
		t.Errorf("nil chain: GetIdentity().GetState() = %q", got)
	}

	var empty kratos.Session // every optional field nil
	if empty.GetActive() || empty.GetIdentity() != nil || empty.GetAuthenticatorAssuranceLevel() != "" {
		t.Error("an empty Session's getters do not return zero values")
	}
	if got := empty.GetIdentity().GetState(); got != "" {
		t.Errorf("nil field chain: GetIdentity().GetState() = %q", got)
	}

	var s kratos.Session
	in := `{"id":"s1","active":true,"expires_at":"2030-01-02T03:04:05Z","authenticator_assurance_level":"aal2",` +
		`"identity":{"id":"i1","schema_id":"default","schema_url":"u","traits":{},"state":"inactive"}}`
	if err := json.Unmarshal([]byte(in), &s); err != nil {
		t.Fatal(err)
	}
	if !s.GetActive() {
		t.Error("GetActive() = false for active: true")
	}
	if want := time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC); !s.GetExpiresAt().Equal(want) {
		t.Errorf("GetExpiresAt() = %v, want %v", s.GetExpiresAt(), want)
	}
	if s.GetAuthenticatorAssuranceLevel() != kratos.AuthenticatorAssuranceLevelAAL2 {
		t.Errorf("GetAuthenticatorAssuranceLevel() = %q", s.GetAuthenticatorAssuranceLevel())
	}
	// A struct-valued field's getter hands out the field's own pointer.
	if s.GetIdentity() != s.Identity || s.GetIdentity().GetState() != kratos.IdentityStateInactive {
		t.Errorf("GetIdentity() = %p (field %p), state %q", s.GetIdentity(), s.Identity, s.GetIdentity().GetState())
	}
	// A getter reads, it never sets: the field stays nil.
	empty.GetActive()
	if empty.Active != nil {
		t.Error("GetActive set the field")
	}
	// A getter returns a copy: changing it leaves the field as it was.
	f := false
	s.Active = &f
	if s.GetActive() {
		t.Error("GetActive() does not follow the field")
	}
}

// A field named like another's getter keeps its name; the other field
// goes without a getter rather than taking a numbered one, and a schema
// named like the runtime's JSON helper gives way to it.
func TestGetterNameTaken(t *testing.T) {
	label, other := "l", "g"
	x := &names.Toggle{Label: &label, GetActive: &other}
	if x.GetLabel() != "l" || x.GetGetActive() != "g" {
		t.Errorf("GetLabel() = %q, GetGetActive() = %q", x.GetLabel(), x.GetGetActive())
	}
	typ := reflect.TypeOf(x)
	for _, m := range []string{"GetActive2", "GetActive"} {
		if _, ok := typ.MethodByName(m); ok {
			t.Errorf("*Toggle has a method %s", m)
		}
	}
	var want []string
	for i := range typ.NumMethod() {
		want = append(want, typ.Method(i).Name)
	}
	if !reflect.DeepEqual(want, []string{"GetGetActive", "GetLabel"}) {
		t.Errorf("*Toggle's methods: %v", want)
	}

	raw, err := names.JSON(names.JSONModel{Value: &label})
	if err != nil || string(raw) != `{"value":"l"}` {
		t.Errorf("names.JSON = %s, %v", raw, err)
	}
	back, err := names.DecodeJSON[names.JSONModel](raw)
	if err != nil || back.GetValue() != "l" {
		t.Errorf("names.DecodeJSON = %+v, %v", back, err)
	}
}
