package realworld

import (
	"strings"
	"unicode"
)

// Initialisms are the words a Go name writes in one case, as Go's own
// names do (ID, URL, HTTP) plus the ones issue 22 found broken in real
// specs (OAuth, IPv4, VPC, SMS, iOS...), each in its correct form. The
// list is the runner's yardstick; irbuild's own list may differ, and
// code that wants the same yardstick should import this one.
var Initialisms = []string{
	"ACL", "API", "ASCII", "AWS", "CIDR", "CPU", "CSS", "CSV", "DNS", "EOF", "GUID", "HTML", "HTTP", "HTTPS",
	"ID", "IP", "IPv4", "IPv6", "iOS", "JSON", "JWT", "MFA", "OAuth", "OIDC", "PDF", "QPS", "RPC", "SDK", "SLA",
	"SMS", "SMTP", "SQL", "SSH", "SSL", "SSO", "TCP", "TLS", "TTL", "UDP", "UI", "UID", "URI", "URL", "UTF8",
	"UUID", "VM", "VPC", "VPN", "XML", "XMPP", "XSRF", "XSS",
}

// initialismForms maps the lower-case spelling of an initialism, and of
// its plural, to its correct form: "ids" → "IDs".
var initialismForms = func() map[string]string {
	m := map[string]string{}
	for _, w := range Initialisms {
		m[strings.ToLower(w)] = w
		if !strings.HasSuffix(w, "S") {
			m[strings.ToLower(w)+"s"] = w + "s"
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
