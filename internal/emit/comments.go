package emit

import (
	"fmt"
	"strings"

	"github.com/dave/jennifer/jen"
)

// doc writes a doc comment for name: one // line per source line (never a
// /* */ block), the first line starting with the identifier, and a
// Deprecated: paragraph of its own.
func doc(g *jen.Group, name, text string, deprecated bool, extra ...string) {
	lines := docLines(name, text)
	for _, e := range extra {
		if e == "" {
			continue
		}
		if len(lines) > 0 {
			lines = append(lines, "")
		}
		lines = append(lines, strings.Split(e, "\n")...)
	}
	if deprecated {
		if len(lines) > 0 {
			lines = append(lines, "")
		}
		lines = append(lines, "Deprecated: this is marked deprecated in the API description.")
	}
	switch {
	case len(lines) > 0 && strings.HasPrefix(lines[0], "Schema: "):
		// No description: say where the type comes from, as a sentence.
		lines[0] = name + " is the schema " + strings.TrimPrefix(lines[0], "Schema: ") + "."
	case len(lines) > 0 && !strings.HasPrefix(lines[0], name):
		lines[0] = name + ": " + lines[0]
	}
	for _, l := range lines {
		if l == "" {
			// jennifer writes Comment("") as "// ", which the printer
			// would trim; "//" is written as it is.
			g.Comment("//")
			continue
		}
		g.Comment(l)
	}
}

// docLines normalises description text into comment lines: trailing
// spaces and leading/trailing blank lines go, runs of blank lines become
// one, and "*/" cannot occur.
func docLines(name, text string) []string {
	text = strings.ReplaceAll(text, "\r\n", "\n")
	text = strings.ReplaceAll(text, "*/", "* /")
	var out []string
	blank := false
	for _, l := range strings.Split(text, "\n") {
		l = strings.TrimRight(l, " \t")
		if l == "" {
			blank = len(out) > 0
			continue
		}
		if blank {
			out = append(out, "")
			blank = false
		}
		out = append(out, l)
	}
	if len(out) > 0 {
		trimmed := strings.TrimLeft(out[0], " \t")
		word, _, _ := strings.Cut(trimmed, " ")
		if strings.EqualFold(strings.TrimRight(word, ".,:;"), name) {
			out[0] = name + trimmed[len(strings.TrimRight(word, ".,:;")):]
		}
	}
	return out
}

// opSentence turns an operation's summary (or the first line of its
// description) into a Go first sentence that starts with the method's
// name: "Check Who the Current HTTP Session Belongs To" becomes "ToSession
// checks who the current HTTP session belongs to.". A line that does not
// start with an imperative or third-person verb becomes "ToSession calls
// GET /sessions/whoami: <line>".
func opSentence(name, method, path, line string, summary bool) string {
	line = strings.TrimSpace(line)
	if line == "" {
		return fmt.Sprintf("%s calls %s %s.", name, method, path)
	}
	word, rest, _ := strings.Cut(line, " ")
	verb, ok := thirdPerson(word)
	if !ok || rest == "" {
		return fmt.Sprintf("%s calls %s %s: %s", name, method, path, sentence(line))
	}
	if summary && titleCase(rest) {
		rest = lowerTitle(rest)
	}
	out := name + " " + verb + " " + rest
	if summary {
		out = sentence(out)
	}
	return out
}

// sentence ends s with a full stop unless it ends with punctuation.
func sentence(s string) string {
	if s == "" || strings.ContainsAny(s[len(s)-1:], ".!?:") {
		return s
	}
	return s + "."
}

// verbs are imperative verbs that start operation summaries, with their
// third-person forms where adding "s" is wrong.
var verbs = map[string]string{
	"accept": "", "add": "", "batch": "batches", "cancel": "", "change": "", "check": "", "complete": "",
	"create": "", "deactivate": "", "delete": "", "discover": "", "purge": "", "derive": "", "disable": "", "download": "", "enable": "", "exchange": "",
	"expand": "", "export": "", "extend": "", "fetch": "fetches", "find": "", "generate": "", "get": "",
	"import": "", "initialize": "", "initiate": "", "introspect": "", "invalidate": "", "issue": "",
	"list": "", "lookup": "looks up", "manage": "", "patch": "patches", "perform": "", "post": "", "put": "",
	"query": "queries", "read": "", "refresh": "refreshes", "register": "", "reject": "", "remove": "",
	"replace": "", "request": "", "reset": "", "retrieve": "", "return": "", "revoke": "", "rotate": "",
	"search": "searches", "send": "", "set": "", "show": "", "sign": "", "start": "", "submit": "",
	"trust": "", "update": "", "upload": "", "upsert": "", "validate": "", "verify": "verifies", "write": "",
}

// thirdPerson is word, an imperative verb ("Get") or already a third-person
// one ("Gets"), in lower-case third person ("gets").
func thirdPerson(word string) (string, bool) {
	w := strings.ToLower(word)
	if word == "" || word[0] < 'A' || word[0] > 'Z' || strings.ToUpper(word) == word && len(word) > 1 {
		return "", false
	}
	if tp, ok := verbs[w]; ok {
		if tp == "" {
			tp = w + "s"
		}
		return tp, true
	}
	for base, tp := range verbs {
		if tp == "" {
			tp = base + "s"
		}
		if w == tp {
			return w, true
		}
	}
	return "", false
}

// titleCase reports whether most words of s (beyond short ones) start with
// an upper-case letter, as in "Create Login Flow for Browsers".
func titleCase(s string) bool {
	upper, total := 0, 0
	for _, w := range strings.Fields(s) {
		if len(w) <= 3 {
			continue
		}
		total++
		if w[0] >= 'A' && w[0] <= 'Z' {
			upper++
		}
	}
	return total > 0 && upper*3 >= total*2
}

// properNouns keep their capital in a lower-cased title.
var properNouns = map[string]bool{
	"Ory": true, "Kratos": true, "Hydra": true, "Keto": true, "Oathkeeper": true, "Network": true,
	"OAuth": true, "OpenID": true, "Connect": true, "Google": true, "Apple": true, "GitHub": true,
	"Microsoft": true, "Facebook": true, "I": true, "WebAuthn": true, "Passkey": true,
}

// lowerTitle lower-cases the capitalised words of a title ("Login Flow for
// Browsers" → "login flow for browsers"), keeping acronyms (HTTP, JWT,
// OAuth2) and known proper nouns.
func lowerTitle(s string) string {
	words := strings.Split(s, " ")
	for i, w := range words {
		core := strings.TrimRight(w, ".,:;!?)")
		if len(core) < 2 || properNouns[core] || core[0] < 'A' || core[0] > 'Z' {
			continue
		}
		if strings.ToLower(core[1:]) != core[1:] {
			continue // HTTP, OAuth2, WebAuthn
		}
		words[i] = strings.ToLower(core[:1]) + w[1:]
	}
	return strings.Join(words, " ")
}

// typeSentence makes a type's description start the Go way: "A Message's
// Status" becomes "CourierMessageStatus is a message's status.", a
// Title-Case noun phrase "Read Consistency Level" becomes "X is the read
// consistency level.", "State is the identity's state" becomes "X is the
// identity's state", "Contains …" becomes "X contains …", and other text
// "X is described as: text".
func typeSentence(name, text string) string {
	text = strings.TrimLeft(text, " \t\r\n")
	first, rest, _ := strings.Cut(text, "\n")
	first = strings.TrimRight(first, " \t\r")
	word, after, _ := strings.Cut(first, " ")
	if after == "" && strings.EqualFold(strings.TrimRight(word, ".,:;"), name) {
		// A line that is the name alone says nothing; the next one (or
		// the schema's name, which doc writes) does.
		return typeSentence(name, rest)
	}
	if first == "" || strings.EqualFold(strings.TrimRight(word, ".,:;"), name) {
		return text
	}
	title := titleCase(first) && !strings.HasSuffix(first, ".")
	switch {
	case (word == "A" || word == "An" || word == "The") && after != "" && func() bool {
		w2, after2, _ := strings.Cut(after, " ")
		return strings.EqualFold(w2, name) && after2 != ""
	}():
		// "A Duration represents…" for Duration.
		_, after2, _ := strings.Cut(after, " ")
		first = name + " " + after2
	case (word == "A" || word == "An" || word == "The") && after != "":
		if title {
			after = sentence(lowerTitle(after))
		}
		first = name + " is " + strings.ToLower(word) + " " + after
	case title && len(strings.Fields(first)) <= 8 && word[0] >= 'A' && word[0] <= 'Z':
		first = name + " is the " + sentence(lowerTitle(first))
	case subjectVerb(word, after):
		// "State is the identity's state." for IdentityState: the
		// description names the server's own field or type; the Go type
		// takes its place as the subject.
		first = name + " " + after
	case descVerbs[strings.ToLower(word)] && word[0] >= 'A' && word[0] <= 'Z' && after != "":
		// "Contains information on …" for X: "X contains information on …".
		first = name + " " + strings.ToLower(word) + " " + after
	default:
		// Anything else is quoted as it is, after a first word that is
		// the type's name, as godoc and staticcheck (ST1021) expect.
		first = name + " is described as: " + first
	}
	if rest != "" {
		return first + "\n" + rest
	}
	return first
}

// descVerbs are the third-person verbs a description starts with, after a
// subject ("State indicates …") or without one ("Contains …").
var descVerbs = map[string]bool{
	"is": true, "has": true, "are": true, "can": true, "will": true, "must": true, "may": true,
	"indicates": true, "controls": true, "sets": true, "discriminates": true, "defines": true,
	"describes": true, "contains": true, "represents": true, "holds": true, "specifies": true,
	"determines": true, "configures": true, "identifies": true, "allows": true, "enables": true,
	"lists": true, "stores": true, "returns": true, "provides": true, "includes": true,
	"tells": true, "marks": true, "refers": true, "carries": true, "denotes": true, "selects": true,
}

// subjectVerb reports whether a description starts with a Go-style subject,
// an identifier ("State", "`NullValue`") followed by one of descVerbs.
func subjectVerb(word, after string) bool {
	word = strings.Trim(word, "`")
	if word == "" || word[0] < 'A' || word[0] > 'Z' {
		return false
	}
	for _, r := range word {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			return false
		}
	}
	verb, rest, _ := strings.Cut(after, " ")
	return descVerbs[verb] && rest != ""
}
