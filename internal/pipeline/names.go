package pipeline

import (
	"fmt"
	"go/token"
	"go/types"
	"path/filepath"
	"strings"
	"unicode"
)

// ValidatePackage says why name cannot name a generated package, if it
// cannot: it must be an identifier, and not a keyword, "_", "main" (a
// command, not a library) or a predeclared identifier.
func ValidatePackage(name string) error {
	switch {
	case name == "":
		return fmt.Errorf("the package name is empty")
	case !token.IsIdentifier(name):
		return fmt.Errorf("%q is not a valid package name: not a Go identifier", name)
	case name == "_":
		return fmt.Errorf("%q is not a valid package name: the blank identifier", name)
	case name == "main":
		return fmt.Errorf("%q is not a valid package name: a main package is a command, not a library", name)
	case predeclared(name):
		return fmt.Errorf("%q is not a valid package name: it is predeclared in Go", name)
	}
	return nil
}

// PackageName derives a package name from an output directory: its last
// element in lower-case ASCII letters and digits.
func PackageName(dir string) string {
	if abs, err := filepath.Abs(dir); err == nil {
		dir = abs
	}
	var b strings.Builder
	for _, r := range strings.ToLower(filepath.Base(dir)) {
		if r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			b.WriteRune(r)
		}
	}
	s := b.String()
	if s == "" || unicode.IsDigit(rune(s[0])) || token.IsKeyword(s) || predeclared(s) || s == "main" {
		s = "client" + s
	}
	return s
}

// predeclared reports whether name is one of Go's predeclared identifiers
// (types, constants, nil, builtin functions). A package of such a name
// builds, but in every importer the identifier would then mean the
// package instead.
func predeclared(name string) bool { return types.Universe.Lookup(name) != nil }
