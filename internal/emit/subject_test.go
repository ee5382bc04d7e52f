package emit

import (
	"testing"

	"github.com/orygen/orygen/internal/ir"
)

// The README's first line and the Client's doc name the API once: the
// Ory Network's spec is titled "Ory APIs", which once read "Ory APIs API".
func TestSubject(t *testing.T) {
	for title, want := range map[string]string{
		"":              "this API",
		"Ory APIs":      "Ory APIs",
		"Ory Keto API":  "Ory Keto API",
		"Pet Clinic":    "Pet Clinic API",
		"apis":          "apis",
		"Rapid Transit": "Rapid Transit API",
		"Ory Apiserver": "Ory Apiserver API",
		"  Spaced API ": "Spaced API",
	} {
		m := &model{API: &ir.API{Title: title}}
		if got := m.Subject(); got != want {
			t.Errorf("Subject of %q = %q, want %q", title, got, want)
		}
	}
}
