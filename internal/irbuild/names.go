package irbuild

import (
	"go/token"
	"go/types"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/orygen/orygen/internal/ir"
)

// initialisms are written in capitals in Go names (Go's own convention,
// the ones Ory's APIs are full of, and those public specs use most). A
// plural keeps its "s" in lower case (IDs, URIs). A spelling that starts
// in lower case is written with a capital where it starts a name.
var initialisms = map[string]string{
	"aal": "AAL", "acl": "ACL", "acls": "ACLs", "api": "API", "apis": "APIs", "arn": "ARN", "ascii": "ASCII", "aws": "AWS",
	"cdn": "CDN", "cidr": "CIDR", "cidrs": "CIDRs", "cpu": "CPU", "cpus": "CPUs", "css": "CSS", "csv": "CSV",
	"csrf": "CSRF", "db": "DB", "dns": "DNS", "eof": "EOF", "etag": "ETag", "ftp": "FTP", "gpu": "GPU", "guid": "GUID",
	"html": "HTML", "http": "HTTP", "https": "HTTPS", "iban": "IBAN", "id": "ID", "ids": "IDs", "imap": "IMAP",
	"ios": "IOS", "ip": "IP", "ips": "IPs", "ipv4": "IPv4", "ipv6": "IPv6", "json": "JSON",
	"jwk": "JWK", "jwks": "JWKS", "jwt": "JWT", "mfa": "MFA", "mms": "MMS", "oauth": "OAuth", "oauth1": "OAuth1",
	"oauth2": "OAuth2", "oidc": "OIDC", "otp": "OTP", "pdf": "PDF", "qps": "QPS", "ram": "RAM", "rpc": "RPC",
	"saml": "SAML", "scim": "SCIM", "sdk": "SDK", "sdks": "SDKs", "sftp": "SFTP", "sku": "SKU", "skus": "SKUs",
	"sla": "SLA", "sms": "SMS", "smtp": "SMTP", "sql": "SQL", "ssh": "SSH", "ssl": "SSL", "sso": "SSO",
	"tcp": "TCP", "tls": "TLS", "totp": "TOTP", "ttl": "TTL", "udp": "UDP", "ui": "UI", "uid": "UID",
	"uids": "UIDs", "uri": "URI", "uris": "URIs", "url": "URL", "urls": "URLs", "utf8": "UTF8", "uuid": "UUID",
	"uuids": "UUIDs", "vm": "VM", "vms": "VMs", "vpc": "VPC", "vpcs": "VPCs", "vpn": "VPN", "xml": "XML",
	"xmpp": "XMPP", "xsrf": "XSRF", "xss": "XSS",
}

// initialism spells a lower-case word that is an initialism, its plural
// (ARNs, PDFs) or one followed by digits (API2, HTTP2, SMS77).
func initialism(lw string, extra map[string]string) (string, bool) {
	if v, ok := extra[lw]; ok {
		return v, true
	}
	if v, ok := initialisms[lw]; ok {
		return v, true
	}
	if stem, ok := strings.CutSuffix(lw, "s"); ok && len(stem) > 1 {
		if v, ok := initialisms[stem]; ok && !strings.HasSuffix(v, "s") && !strings.HasSuffix(v, "S") {
			return v + "s", true
		}
	}
	if stem := strings.TrimRight(lw, "0123456789"); stem != lw && stem != "" {
		if v, ok := initialism(stem, extra); ok {
			return v + lw[len(stem):], true
		}
	}
	return "", false
}

// Initialisms returns the built-in initialisms, lower-case word →
// spelling, for reports that check generated names against them.
func Initialisms() map[string]string {
	out := make(map[string]string, len(initialisms))
	for k, v := range initialisms {
		out[k] = v
	}
	return out
}

// words splits an identifier-ish string into words at punctuation, at
// lower-to-upper changes, and before the last capital of a run of capitals
// followed by a lower-case letter ("HTTPServer" → HTTP, Server), unless
// that letter is a plural "s" ending the word ("VPCs", "IDs").
func words(s string) []string {
	var out []string
	var cur []rune
	flush := func() {
		if len(cur) > 0 {
			out = append(out, string(cur))
			cur = cur[:0]
		}
	}
	rs := []rune(s)
	for i, r := range rs {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			flush()
			continue
		}
		if len(cur) > 0 && unicode.IsUpper(r) {
			prev := cur[len(cur)-1]
			nextLower := i+1 < len(rs) && unicode.IsLower(rs[i+1]) && !pluralS(rs, i+1)
			if unicode.IsLower(prev) || unicode.IsDigit(prev) || (unicode.IsUpper(prev) && nextLower) {
				flush()
			}
		}
		cur = append(cur, r)
	}
	flush()
	return out
}

// comparisons are the operators that end query parameter names in some
// APIs (date_created<, amount>=): each is read as a word, so that the
// name says what it filters by, and is not told from its neighbours by
// a number (DateCreated2).
var comparisons = []struct{ op, word string }{
	{"<=", "Lte"}, {">=", "Gte"}, {"!=", "Ne"}, {"<", "Lt"}, {">", "Gt"}, {"=", "Eq"},
}

// nameWords is words, with a trailing comparison operator as a word.
func nameWords(s string) []string {
	for _, c := range comparisons {
		if rest, ok := strings.CutSuffix(s, c.op); ok && !strings.ContainsAny(rest, "<>=!") {
			return append(words(rest), c.word)
		}
	}
	return words(s)
}

// pluralS reports whether rs[i] is an "s" that ends a word after a run of
// capitals: the plural of an all-caps word ("VPCs"), not the start of the
// next word ("HTTPServer").
func pluralS(rs []rune, i int) bool {
	if rs[i] != 's' || i < 2 || !unicode.IsUpper(rs[i-2]) {
		return false
	}
	return i+1 == len(rs) || !unicode.IsLower(rs[i+1])
}

// shouting reports whether s is written in capitals throughout, in more
// than one word ("KEY_STATUS_ACTIVE") or in one too long for an
// abbreviation ("ANDROID"): its words are then written the usual way
// (KeyStatusActive, Android). Elsewhere an all-caps word is an
// abbreviation written as Go writes one (IOS, ACH, VPCs).
func shouting(s string, ws []string) bool {
	if len(ws) == 0 || (len(ws) == 1 && utf8.RuneCountInString(ws[0]) <= maxAbbrev) {
		return false
	}
	for _, r := range s {
		if unicode.IsLower(r) {
			return false
		}
	}
	return true
}

// maxAbbrev is the longest word written alone in capitals that is taken
// for an abbreviation (IOS, SCIM, HTTPS).
const maxAbbrev = 5

// GoName turns any string into an exported Go identifier.
func GoName(s string) string { return goName(s, nil) }

// goName is GoName with extra initialisms (lower-case word → spelling),
// which take precedence over the built-in ones.
func goName(s string, extra map[string]string) string {
	ws := nameWords(s)
	return joinWords(ws, shouting(s, ws), extra)
}

// joinWords writes words as an exported Go name; loud says the source was
// all capitals (see shouting).
func joinWords(ws []string, loud bool, extra map[string]string) string {
	return joinWordsAt(ws, loud, extra, true)
}

// joinWordsAt is joinWords for words that start the name (start) or
// continue it.
func joinWordsAt(ws []string, loud bool, extra map[string]string, start bool) string {
	var b strings.Builder
	for i, w := range ws {
		lw := strings.ToLower(w)
		v, ok := initialism(lw, extra)
		if ok {
			if i == 0 && start {
				// An exported name cannot start in lower case (iOS).
				r, n := utf8.DecodeRuneInString(v)
				v = string(unicode.ToUpper(r)) + v[n:]
			}
			b.WriteString(v)
			continue
		}
		if loud && isUpperWord(w) {
			w = lw
		}
		r, n := utf8.DecodeRuneInString(w)
		b.WriteRune(unicode.ToUpper(r))
		b.WriteString(w[n:])
	}
	name := b.String()
	if name == "" {
		return "X"
	}
	if r, _ := utf8.DecodeRuneInString(name); unicode.IsDigit(r) {
		return "N" + name
	}
	if r, _ := utf8.DecodeRuneInString(name); !unicode.IsUpper(r) {
		// A letter without case (e.g. CJK) cannot start an exported name.
		return "X" + name
	}
	return name
}

// LocalName turns any string into an unexported Go identifier that is not
// a keyword or a predeclared name.
func LocalName(s string) string { return localName(s, nil) }

func localName(s string, extra map[string]string) string {
	ws := nameWords(s)
	if len(ws) == 0 {
		return "x"
	}
	first := strings.ToLower(ws[0])
	rest := joinWordsAt(ws[1:], shouting(s, ws), extra, false)
	if len(ws) == 1 {
		rest = ""
	}
	name := first + rest
	if r, _ := utf8.DecodeRuneInString(name); unicode.IsDigit(r) {
		name = "n" + name
	}
	if token.IsKeyword(name) || types.Universe.Lookup(name) != nil {
		name += "_"
	}
	return name
}

func isUpperWord(w string) bool {
	if utf8.RuneCountInString(w) < 2 {
		return false
	}
	for _, r := range w {
		if unicode.IsLower(r) {
			return false
		}
	}
	return true
}

// namespace hands out unique names deterministically: the first claimant
// gets the plain name, later ones a numeric suffix. A scope nested in
// another (an operation's locals in the package) also avoids every name
// of its parent, without copying them.
type namespace struct {
	used   map[string]bool
	parent *namespace
}

// nested is a new scope inside ns, with its own reserved names.
func (ns *namespace) nested(reserved ...string) *namespace {
	inner := newNamespace(reserved...)
	inner.parent = ns
	return inner
}

func (ns *namespace) taken(name string) bool {
	for s := ns; s != nil; s = s.parent {
		if s.used[name] {
			return true
		}
	}
	return false
}

func newNamespace(reserved ...string) *namespace {
	ns := &namespace{used: map[string]bool{}}
	for _, r := range reserved {
		ns.used[r] = true
	}
	return ns
}

// claim returns name or, if taken, name2, name3...; renamed reports whether
// the name had to change.
func (ns *namespace) claim(name string) (got ir.Ident, renamed bool) {
	if !ns.taken(name) {
		ns.used[name] = true
		return ir.Ident(name), false
	}
	for i := 2; ; i++ {
		n := name + strconv.Itoa(i)
		if !ns.taken(n) {
			ns.used[n] = true
			return ir.Ident(n), true
		}
	}
}

// goName and localName are GoName and LocalName with the builder's extra
// initialisms.
func (b *builder) goName(s string) string {
	if n, ok := b.goNames[s]; ok {
		return n
	}
	n := goName(s, b.extra)
	if b.goNames == nil {
		b.goNames = map[string]string{}
	}
	b.goNames[s] = n
	return n
}

func (b *builder) localName(s string) string { return localName(s, b.extra) }

func joinIdents(ids []ir.Ident, sep string) string {
	s := make([]string, len(ids))
	for i, id := range ids {
		s[i] = string(id)
	}
	return strings.Join(s, sep)
}

// snake writes a Go name in lower-case words joined by "_", keeping
// together the words an initialism spans (OAuth2 → oauth2, not o_auth_2)
// and the digits of a word (V2Users → v2_users).
func (b *builder) snake(name string) string {
	ws := words(name)
	var out []string
	for i := 0; i < len(ws); i++ {
		w := strings.ToLower(ws[i])
		// The longest run of words that spells one initialism.
		for j := len(ws); j > i+1; j-- {
			joined := strings.ToLower(strings.Join(ws[i:j], ""))
			if _, ok := initialisms[joined]; ok || b.extra[joined] != "" {
				w, i = joined, j-1
				break
			}
		}
		out = append(out, w)
	}
	return strings.Join(out, "_")
}
