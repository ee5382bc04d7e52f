package irbuild

import (
	"fmt"
	"slices"
	"strings"

	"github.com/orygen/orygen/internal/loader"
)

// EnvBaseURL is the env key of the variable holding the base URL; every
// other key names a security scheme.
const EnvBaseURL = "base_url"

// checkEnv refuses env keys that are neither base_url nor a security
// scheme of the spec, and schemes no single variable can supply: the
// package would otherwise read a variable for nothing, silently. where
// names the config target that asked (the spec's file when none did).
func checkEnv(env map[string]string, where string, spec *loader.Spec) error {
	if len(env) == 0 {
		return nil
	}
	if where == "" {
		where = spec.File
	}
	var names []string
	if c := spec.Doc.Components; c != nil {
		for name, sr := range c.SecuritySchemes {
			if sr != nil && sr.Value != nil {
				names = append(names, name)
			}
		}
	}
	slices.Sort(names)
	for _, k := range slices.Sorted(func(yield func(string) bool) {
		for k := range env {
			if !yield(k) {
				return
			}
		}
	}) {
		if k == EnvBaseURL {
			continue
		}
		if !slices.Contains(names, k) {
			known := "it declares none"
			if len(names) > 0 {
				known = "it declares " + strings.Join(names, ", ")
			}
			return fmt.Errorf("%s: env: %q is neither base_url nor a security scheme of %s (%s)", where, k, spec.File, known)
		}
		v := spec.Doc.Components.SecuritySchemes[k].Value
		switch {
		case v.Type == "http" && strings.EqualFold(v.Scheme, "basic"):
			return fmt.Errorf("%s: env: security scheme %q is HTTP basic authentication, which takes a username and a password, not one variable", where, k)
		case v.Type == "http", v.Type == "oauth2", v.Type == "openIdConnect", v.Type == "apiKey":
		default:
			return fmt.Errorf("%s: env: security scheme %q (type %q) has no client option to set from a variable", where, k, v.Type)
		}
	}
	return nil
}
