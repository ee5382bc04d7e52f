package realworld

import (
	"regexp"
	"strings"

	"github.com/orygen/orygen/internal/loader"
)

// Class is the kind of a warning: the format it was made from when the
// code that made it says so (loader.Diagnostic.Class), else its message
// with the values a spec puts in it replaced (quoted text by %q, numbers
// by %d), so that one defect in a thousand places is one class.
func Class(d loader.Diagnostic) string {
	if d.Class != "" && !bare(d.Class) {
		return oneLine(d.Class)
	}
	return normalize(d.Message)
}

// bare is a format that says nothing by itself ("%s", "%s: %s"): the
// message it was given is the class then.
func bare(format string) bool {
	return len(strings.Fields(verbs.ReplaceAllString(format, " "))) < 2
}

// Canonical collapses the lists in a class ("one of [%q,%q,%q]") so that
// lists of different lengths are one class; the report applies it to
// the classes a run recorded.
func Canonical(class string) string { return lists.ReplaceAllString(class, "[…]") }

var (
	// A single quote opens a quotation only after a space or a
	// punctuation mark: not the one of "doesn't".
	quoted  = regexp.MustCompile(`"(?:[^"\\]|\\.)*"|(^|[\s(:=,\[])'[^']*'|` + "`[^`]*`")
	verbs   = regexp.MustCompile(`%[-+# 0-9.]*[a-zA-Z]|[^\pL\s]`)
	lists   = regexp.MustCompile(`\[[^\[\]]*\]`)
	numbers = regexp.MustCompile(`\b[0-9]+(\.[0-9]+)?\b`)
	// JSON pointers, unquoted, in kin-openapi's messages (but not the
	// slash of a media type).
	pointers = regexp.MustCompile(`(^|\s)#?/[^\s:;,]*`)
)

func normalize(msg string) string {
	msg = quoted.ReplaceAllStringFunc(msg, func(q string) string {
		// Keep the character before a single-quoted text.
		if q[0] != '"' && q[0] != '\'' && q[0] != '`' {
			return q[:1] + "%q"
		}
		return "%q"
	})
	msg = Canonical(msg)
	msg = pointers.ReplaceAllString(msg, "${1}%s")
	msg = numbers.ReplaceAllString(msg, "%d")
	return oneLine(msg)
}

// oneLine keeps a class on one line of the report, and short.
func oneLine(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > 200 {
		s = s[:200] + "…"
	}
	return s
}
