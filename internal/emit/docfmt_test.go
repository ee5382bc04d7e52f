package emit

import (
	"go/ast"
	"go/format"
	"go/parser"
	"go/token"
	"strings"
	"testing"
)

// docCases are comment texts (the lines after "//"), canonical or not.
var docCases = []string{
	" Plain text.",
	" First line.\n second line.",
	" A paragraph.\n\n Another one.",
	" Schema: /components/schemas/x\n\n Values outside decode unchanged.",
	" Two blanks.\n\n\n After.",
	"\n Leading blank.",
	" Trailing blank.\n",
	" Indented:\n\n   code block",
	" List:\n - one\n - two",
	" List, indented:\n\n  - one\n  - two",
	" 1. first\n 2. second",
	" # Heading\n\n text",
	" Intro.\n\n Old Heading\n\n Text after it.",
	" Intro.\n\n Not a heading.\n\n Text after it.",
	" Intro.\n\n Heading's possessive\n\n Text after it.",
	" Intro.\n\n Version 1.2\n\n Text after it.",
	" See [Client] and https://example.com/x.",
	" [link]: https://example.com",
	" Text [link].\n\n [link]: https://example.com",
	" trailing space ",
	"no space after slashes",
	" \ttab after space",
	"\ttab",
	" ",
	"go:generate echo directive",
	" Ends with a brace {\n\tcode",
	" A line with a tab\tinside.",
	" Unicode • bullet in text, “quotes”.",
	" • bullet first",
	" + plus first",
	" * star first",
	" 2FA is on.",
	" 42) answer",
	" ''quoted''",
	" ``quoted``",
	" \u2002",
	" text\u00a0",
}

// TestKeptDocsAreCanonical: what canonicalDoc passes, gofmt leaves as it
// is, for every case and for the doc comments of a generated package.
func TestKeptDocsAreCanonical(t *testing.T) {
	for _, c := range docCases {
		checkCanonical(t, c)
	}
	kept := 0
	for _, c := range docCases {
		if canonicalDoc(commentList(c)) {
			kept++
		}
	}
	if kept < 5 || kept == len(docCases) {
		t.Errorf("%d of %d cases kept: the cases no longer cover both answers", kept, len(docCases))
	}
}

func FuzzCanonicalDoc(f *testing.F) {
	for _, c := range docCases {
		f.Add(c)
	}
	f.Fuzz(func(t *testing.T, text string) {
		if strings.ContainsAny(text, "\r\x00") || strings.Contains(text, "*/") || !validUTF8Lines(text) {
			return
		}
		checkCanonical(t, text)
	})
}

func validUTF8Lines(s string) bool { return strings.ToValidUTF8(s, "\uFFFD") == s }

func commentList(text string) []*ast.Comment {
	var list []*ast.Comment
	for _, l := range strings.Split(text, "\n") {
		list = append(list, &ast.Comment{Text: "//" + l})
	}
	return list
}

// checkCanonical fails if canonicalDoc says text is canonical and gofmt
// changes it as a doc comment.
func checkCanonical(t *testing.T, text string) {
	t.Helper()
	if !canonicalDoc(commentList(text)) {
		return
	}
	var src strings.Builder
	src.WriteString("package p\n\n")
	for _, l := range strings.Split(text, "\n") {
		src.WriteString("//" + l + "\n")
	}
	src.WriteString("var X int\n")
	if _, err := parser.ParseFile(token.NewFileSet(), "x.go", src.String(), parser.ParseComments); err != nil {
		return // not a comment the emitter could write
	}
	out, err := format.Source([]byte(src.String()))
	if err != nil {
		t.Fatalf("%q: %v", text, err)
	}
	if string(out) != src.String() {
		t.Errorf("canonicalDoc kept %q, which gofmt rewrites:\n%s", text, out)
	}
}

// TestKeepDocsPrintsTheSame: printing a file with its canonical docs kept
// gives what printing it without keepDocs gives, for doc comments of
// declarations, specs in groups and nested struct fields, and after
// multi-line expressions.
func TestKeepDocsPrintsTheSame(t *testing.T) {
	src := `package p

// T is a type.
//
// Schema: /components/schemas/t
type T struct {
// A is a field.
A string
// B is a nested struct.
//
// With a second paragraph.
B struct {
// C is deeper.
C int
// D has a list:
//   - one
D int
}
// E follows a nested struct.
E []struct {
// F is in a slice.
F bool
}
}

// Consts.
const (
// X is one.
X T = "x"
// Y is two.
Y T = "y"
)

// I is an interface.
type I interface {
// M does.
M()
}

//  Indented by two: reformatted.
func F() {
// inside
return
}

var V = 1 +
2

// G follows a multi-line expression: the unindent the printer still
// owes applies to a comment in the next token's column only.
func G() {}

var (
// A is one.
A = 1 +
2
// B follows a multi-line value.
B = 3
)
`
	shifted := 0
	print := func(keep bool) string {
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, "x.go", src, parser.ParseComments|parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		if keep {
			keepDocs(f, fset.File(f.Pos()), []byte(src))
			for _, g := range f.Comments {
				if fset.Position(g.Pos()).Column == 2 {
					shifted++
				}
			}
		}
		var b strings.Builder
		if err := printConfig.Fprint(&b, fset, f); err != nil {
			t.Fatal(err)
		}
		return b.String()
	}
	without, with := print(false), print(true)
	if with != without {
		t.Errorf("keepDocs changes the output:\n--- without\n%s\n--- with\n%s", without, with)
	}
	// All but D's (a list), func F's (indented), the one in its body,
	// and G's and B's (after a multi-line expression).
	if shifted != 12 {
		t.Errorf("keepDocs kept %d doc comments, want 12", shifted)
	}
}
