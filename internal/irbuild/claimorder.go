package irbuild

import (
	"sort"
	"strings"
	"unicode"
)

// claimOrder orders names for claiming their Go names, so that of two
// names that make the same Go name the more literal one gets it: first a
// name already spelled as its Go name (the schema Foo is Foo; FOO and foo
// get FOO and Foo2), then names of letters, digits, '_' and '-' only
// ("type" before "@type"), then the rest; in sorted order within each.
func claimOrder(keys []string, goName func(string) string) []string {
	type ranked struct {
		key  string
		rank int
	}
	rs := make([]ranked, len(keys))
	for i, k := range keys {
		r := 2
		switch {
		case goName(k) == k:
			r = 0
		case plainName(k):
			r = 1
		}
		rs[i] = ranked{k, r}
	}
	// Ranks are worked out once per name, not per comparison (goName is
	// not cheap, and these lists run to hundreds of names).
	sort.Slice(rs, func(i, j int) bool { return rs[i].key < rs[j].key })
	sort.SliceStable(rs, func(i, j int) bool { return rs[i].rank < rs[j].rank })
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = r.key
	}
	return out
}

func plainName(s string) bool {
	for _, r := range s {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '_' && r != '-' {
			return false
		}
	}
	return true
}

// symbolNames spell the punctuation that makes up some enum values
// ("-", ">=", "*"), which would otherwise leave no word to name them by.
var symbolNames = map[rune]string{
	' ': "Space", '!': "Not", '"': "Quote", '#': "Hash", '$': "Dollar", '%': "Percent", '&': "And",
	'\'': "Apostrophe", '(': "LParen", ')': "RParen", '*': "Star", '+': "Plus", ',': "Comma",
	'-': "Minus", '.': "Dot", '/': "Slash", ':': "Colon", ';': "Semicolon", '<': "Lt", '=': "Eq",
	'>': "Gt", '?': "Question", '@': "At", '[': "LBracket", '\\': "Backslash", ']': "RBracket",
	'^': "Caret", '_': "Underscore", '`': "Backtick", '{': "LBrace", '|': "Or", '}': "RBrace", '~': "Tilde",
}

// enumLabel is what an enum value's constant is named after: the value,
// with a leading sign spelled out ("-created_at" sorts descending:
// MinusCreatedAt, not a second CreatedAt) and a value of punctuation only
// spelled symbol by symbol (">=" → GtEq).
func enumLabel(v string) string {
	if v == "" {
		return "Empty"
	}
	if len(words(v)) == 0 {
		var b strings.Builder
		for _, r := range v {
			if n, ok := symbolNames[r]; ok {
				b.WriteString(n + " ")
			}
		}
		return b.String()
	}
	switch v[0] {
	case '-':
		return "Minus " + v[1:]
	case '+':
		return "Plus " + v[1:]
	}
	return v
}
