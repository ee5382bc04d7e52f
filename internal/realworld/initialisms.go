package realworld

import (
	"strings"
	"unicode"

	"github.com/orygen/orygen/internal/irbuild"
)

// initialismForms maps the lower-case spelling of an initialism, and of
// its plural, to its correct form: "ids" → "IDs". The list is the
// generator's own (irbuild.Initialisms), so that the report and the
// names it checks share one yardstick; a spelling that starts in lower
// case (iOS) counts in either case.
var initialismForms = func() map[string]string {
	m := map[string]string{}
	for lw, w := range irbuild.Initialisms() {
		m[lw] = w
		if !strings.HasSuffix(w, "S") && !strings.HasSuffix(w, "s") {
			if _, ok := m[lw+"s"]; !ok {
				m[lw+"s"] = w + "s"
			}
		}
	}
	return m
}()

// BrokenInitialisms returns the words of a Go identifier that spell an
// initialism in mixed case ("Uris" in RedirectUris, "Oauth" in
// OauthToken, "Ipv4" in Ipv4Address). A word all in upper case (the
// leading IOS of an exported name) is not broken: Go has no other way to
// write it there.
func BrokenInitialisms(ident string) []string {
	var broken []string
	for _, w := range words(ident) {
		// Oauth2 is the initialism Oauth and a version; IPv4 is one word.
		stem := w
		want, ok := initialismForms[strings.ToLower(w)]
		if !ok {
			stem = strings.TrimRightFunc(w, unicode.IsDigit)
			want, ok = initialismForms[strings.ToLower(stem)]
		}
		if !ok || stem == want || stem == strings.ToUpper(stem) {
			continue
		}
		broken = append(broken, w)
	}
	return broken
}

// words splits a Go identifier into its camel-case words, digits staying
// with the word before them: "RedirectUris" → Redirect Uris,
// "HTTPServer" → HTTP Server, "Ipv4Address" → Ipv4 Address, "IPv4" → I
// Pv4 (which is why a correct mixed-case initialism is never reported).
func words(ident string) []string {
	rs := []rune(ident)
	var out []string
	start := 0
	for i := 1; i < len(rs); i++ {
		prev, cur := rs[i-1], rs[i]
		split := false
		switch {
		case cur == '_':
			split = true
		case unicode.IsUpper(cur) && (unicode.IsLower(prev) || unicode.IsDigit(prev)):
			split = true
		case unicode.IsUpper(cur) && unicode.IsUpper(prev) && i+1 < len(rs) && unicode.IsLower(rs[i+1]):
			split = true
		}
		if split {
			if w := strings.Trim(string(rs[start:i]), "_"); w != "" {
				out = append(out, w)
			}
			start = i
		}
	}
	if w := strings.Trim(string(rs[start:]), "_"); w != "" {
		out = append(out, w)
	}
	return out
}
