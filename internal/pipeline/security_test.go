package pipeline

import (
	"strings"
	"testing"
)

// The builder assumes nothing of a scheme the spec names but does not
// declare (Kratos' sessionToken): a located warning, and no option. The
// overlay that declares it gives the option.
func TestUndeclaredSchemeNeedsOverlay(t *testing.T) {
	const spec = "../../../shared/specs/ory/kratos-v1.3.1.json"
	res, err := Model(Target{Spec: spec})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range res.API.Security {
		if s.Name == "sessionToken" {
			t.Errorf("without the overlay, the model has the undeclared scheme sessionToken (%s)", s.Option)
		}
	}
	warned := false
	for _, w := range res.Warnings {
		if w.Pointer == "/paths/~1self-service~1settings/post/security/0" && strings.Contains(w.Message, `security scheme "sessionToken" is not declared; ignored`) {
			warned = true
		}
	}
	if !warned {
		t.Errorf("no warning at updateSettingsFlow's security for the undeclared sessionToken; warnings: %v", res.Warnings)
	}

	res, err = Model(Target{Spec: spec, Overlays: []string{"../../specs/overlays/ory-session-token.yaml"}})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, s := range res.API.Security {
		if s.Name == "sessionToken" {
			got = append(got, string(s.Option)+" "+s.Type+" "+s.In+" "+s.Param)
		}
	}
	if want := "WithSessionToken apiKey header X-Session-Token"; strings.Join(got, ";") != want {
		t.Errorf("with the overlay: %q, want %q", got, want)
	}
	for _, w := range res.Warnings {
		if strings.Contains(w.Message, "sessionToken") {
			t.Errorf("with the overlay, a warning: %s", w)
		}
	}
}
