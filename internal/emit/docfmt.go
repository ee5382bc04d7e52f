package emit

import (
	"go/ast"
	"go/token"
	"strings"
	"unicode"
	"unicode/utf8"
)

// go/printer reformats every comment group that starts in column 1 and
// abuts the next token as a doc comment: it parses the text with
// go/doc/comment and prints it back. In jennifer's output nothing is
// indented, so that is every doc comment of the file, fields' included,
// and it was a quarter of the printing time. Nearly all of them are
// already in the form the printer would give them. For those, keepDocs
// moves the recorded position of each comment one column right, which
// the printer does not reformat, and which changes nothing it prints: it
// prints a // comment at the indentation of the code that follows. One
// thing also reads the column: an unindent still pending from the code
// before (a multi-line expression with no closing bracket) is applied to
// a comment only in the column of the next token. So a doc comment after
// a declaration, spec or field that spans lines without ending in a
// bracket is left where it is. The others are left for the printer to
// reformat as before. The output is the same bytes either way; the golden
// files, TestKeepDocsPrintsTheSame and TestKeepDocsChangesNoPackage hold
// it to that.
func keepDocs(f *ast.File, file *token.File, src []byte) {
	// closed: nothing of prev is left for the printer to unindent.
	closed := func(prev ast.Node) bool {
		if prev == nil {
			return true
		}
		end := file.Offset(prev.End())
		if end <= 0 || end > len(src) {
			return false
		}
		if c := src[end-1]; c == '}' || c == ')' {
			return true
		}
		return file.Line(prev.Pos()) == file.Line(prev.End())
	}
	shift := func(g *ast.CommentGroup, prev ast.Node) {
		if g == nil || !closed(prev) || !canonicalDoc(g.List) {
			return
		}
		for _, c := range g.List {
			c.Slash++
		}
	}
	var fields func(*ast.FieldList)
	var typ func(ast.Expr)
	fields = func(l *ast.FieldList) {
		if l == nil {
			return
		}
		var prev ast.Node
		for _, fl := range l.List {
			shift(fl.Doc, prev)
			typ(fl.Type)
			prev = fl
		}
	}
	typ = func(e ast.Expr) {
		switch t := e.(type) {
		case *ast.StructType:
			fields(t.Fields)
		case *ast.InterfaceType:
			fields(t.Methods)
		case *ast.ArrayType:
			typ(t.Elt)
		case *ast.MapType:
			typ(t.Value)
		case *ast.StarExpr:
			typ(t.X)
		}
	}
	var prev ast.Node
	for _, d := range f.Decls {
		switch d := d.(type) {
		case *ast.FuncDecl:
			shift(d.Doc, prev)
		case *ast.GenDecl:
			if d.Tok == token.IMPORT {
				break
			}
			shift(d.Doc, prev)
			var prevSpec ast.Node
			for _, s := range d.Specs {
				switch s := s.(type) {
				case *ast.TypeSpec:
					shift(s.Doc, prevSpec)
					typ(s.Type)
				case *ast.ValueSpec:
					shift(s.Doc, prevSpec)
				}
				prevSpec = s
			}
		}
		prev = d
	}
}

// canonicalDoc reports whether the printer's doc comment reformatting
// (go/doc/comment's parse and print) would give list back unchanged. It
// says so only of plain paragraphs: // lines of text, none indented (a code
// block or list) or a heading, old-style heading or link definition, and
// single blank lines between paragraphs. For anything else it says no,
// which costs only the reformatting.
func canonicalDoc(list []*ast.Comment) bool {
	lines := make([]string, len(list))
	for i, c := range list {
		switch {
		case c.Text == "//":
		case strings.HasPrefix(c.Text, "// "):
			lines[i] = c.Text[3:]
			if lines[i] == "" || !plainLine(lines[i]) {
				return false
			}
		default:
			return false
		}
	}
	for i, l := range lines {
		if l != "" {
			if oldHeading(lines, i) {
				return false
			}
			continue
		}
		if i == 0 || i == len(lines)-1 || lines[i-1] == "" {
			return false
		}
	}
	return true
}

// plainLine: a line of paragraph text, which the doc comment parser
// neither unindents, trims nor reads as a heading, list item, link
// definition or quotes.
func plainLine(l string) bool {
	switch l[0] {
	case '#', '[':
		return false
	}
	first, _ := utf8.DecodeRuneInString(l)
	last, _ := utf8.DecodeLastRuneInString(l)
	if unicode.IsSpace(first) || unicode.IsSpace(last) {
		return false
	}
	// The parser reads `` and '' as typographic quotes.
	if strings.Contains(l, "``") || strings.Contains(l, "''") {
		return false
	}
	for i := 0; i < len(l); i++ {
		if c := l[i]; c < ' ' && c != '\t' || c == 0x7f {
			return false
		}
	}
	return utf8.ValidString(l)
}

// oldHeading is a conservative form of go/doc/comment's test for a
// pre-Go 1.19 implicit heading (a one-line paragraph between blank lines,
// followed by text, that looks like a title), which its printer rewrites
// as a # heading: where that test looks at apostrophes and periods, this
// one says yes.
func oldHeading(all []string, off int) bool {
	if off <= 0 || all[off-1] != "" || off+2 >= len(all) || all[off+1] != "" {
		return false
	}
	line := all[off]
	r, _ := utf8.DecodeRuneInString(line)
	if !unicode.IsLetter(r) || !unicode.IsUpper(r) {
		return false
	}
	r, _ = utf8.DecodeLastRuneInString(line)
	if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
		return false
	}
	return !strings.ContainsAny(line, ";:!?+*/=[]{}_^°&§~%#@<\">\\")
}
