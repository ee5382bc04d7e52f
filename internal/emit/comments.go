package emit

import (
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
			g.Comment("")
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
