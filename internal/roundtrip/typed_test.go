package roundtrip

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	kratos "github.com/orygen/orygen/testdata/golden/kratos-v1.3.1"
)

func decodeSample(t *testing.T, name string, v any) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(samples, name+".json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, v); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
}

// TestUnionsDecodeToTypedVariants checks that the server's unions land in
// their typed variants, not in the unknown one.
func TestUnionsDecodeToTypedVariants(t *testing.T) {
	var reg kratos.SuccessfulNativeRegistration
	decodeSample(t, "reg_submit_ok", &reg)
	var token *kratos.ContinueWithSetOrySessionToken
	for _, cw := range reg.ContinueWith {
		if v, ok := cw.Value.(*kratos.ContinueWithSetOrySessionToken); ok {
			token = v
		}
	}
	if token == nil || token.OrySessionToken == "" || reg.SessionToken == nil || token.OrySessionToken != *reg.SessionToken {
		t.Fatalf("continue_with has no set_ory_session_token variant matching session_token: %+v", reg.ContinueWith)
	}

	var flow kratos.LoginFlow
	decodeSample(t, "login_flow_create", &flow)
	inputs := 0
	for _, n := range flow.UI.Nodes {
		switch a := n.Attributes.Value.(type) {
		case *kratos.UINodeInputAttributes:
			inputs++
			if a.Name == "" {
				t.Errorf("input node without a name: %+v", a)
			}
		case *kratos.UnknownUINodeAttributes:
			t.Errorf("node type %q decoded as unknown", a.Discriminator)
		}
	}
	if inputs < 3 {
		t.Errorf("login flow has %d input nodes; the recording has csrf_token, identifier and password", inputs)
	}
}

// TestDecodeEncodeDecodeStable re-decodes the re-encoded bodies: the second
// encoding must equal the first byte for byte.
func TestDecodeEncodeDecodeStable(t *testing.T) {
	for name, mk := range map[string]func() any{
		"login_flow_create":     func() any { return new(kratos.LoginFlow) },
		"settings_flow_api":     func() any { return new(kratos.SettingsFlow) },
		"reg_submit_ok":         func() any { return new(kratos.SuccessfulNativeRegistration) },
		"admin_list_sessions":   func() any { return new([]kratos.Session) },
		"admin_create_identity": func() any { return new(kratos.Identity) },
	} {
		v1 := mk()
		decodeSample(t, name, v1)
		b1, err := json.Marshal(v1)
		if err != nil {
			t.Fatal(err)
		}
		v2 := mk()
		if err := json.Unmarshal(b1, v2); err != nil {
			t.Fatalf("%s: re-decoding: %v", name, err)
		}
		b2, _ := json.Marshal(v2)
		if string(b1) != string(b2) {
			t.Errorf("%s: encoding changes after a round trip:\n%s\n%s", name, b1, b2)
		}
	}
}
