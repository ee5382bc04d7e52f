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
	if d.Class != "" {
		return oneLine(d.Class)
	}
	return normalize(d.Message)
}

var (
	quoted  = regexp.MustCompile(`"(?:[^"\\]|\\.)*"|'[^']*'|` + "`[^`]*`")
	numbers = regexp.MustCompile(`\b[0-9]+(\.[0-9]+)?\b`)
	// JSON pointers, unquoted, in kin-openapi's messages (but not the
	// slash of a media type).
	pointers = regexp.MustCompile(`(^|\s)#?/[^\s:;,]*`)
)

func normalize(msg string) string {
	msg = quoted.ReplaceAllString(msg, "%q")
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
