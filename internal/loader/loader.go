// Package loader reads an OpenAPI document from disk with kin-openapi and
// reports what is wrong with it as located diagnostics. It is lenient by
// default: real specs (all of Ory's among them) fail strict validation for
// reasons that do not affect code generation, so validation findings become
// warnings unless the caller asks for strictness.
package loader

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// Diagnostic is a problem located in a spec file.
type Diagnostic struct {
	File    string // path of the spec file as given by the user
	Pointer string // JSON pointer into File, "" when it concerns the whole file
	Message string
}

func (d Diagnostic) String() string {
	if d.Pointer == "" {
		return d.File + ": " + d.Message
	}
	return d.File + "#" + d.Pointer + ": " + d.Message
}

// Error is a Diagnostic that stops generation.
type Error struct{ Diagnostic }

func (e *Error) Error() string { return e.Diagnostic.String() }

// Spec is a loaded document with the warnings found while loading it.
type Spec struct {
	Doc      *openapi3.T
	File     string
	Warnings []Diagnostic
}

// Options controls loading.
type Options struct {
	// Strict turns validation findings into an error.
	Strict bool
}

// Load reads and resolves the spec at path, following relative file refs.
func Load(path string, opts Options) (*Spec, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		var pe *os.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return nil, &Error{Diagnostic{File: path, Message: "cannot read spec: " + err.Error()}}
	}
	if len(strings.TrimSpace(string(data))) == 0 {
		return nil, &Error{Diagnostic{File: path, Message: "spec is empty"}}
	}
	l := openapi3.NewLoader()
	l.IsExternalRefsAllowed = true
	doc, err := loadSafely(l, path)
	if err != nil {
		return nil, &Error{Diagnostic{File: path, Pointer: pointerOf(err.Error()), Message: firstLine(err.Error())}}
	}
	if doc.OpenAPI == "" {
		return nil, &Error{Diagnostic{File: path, Message: "not an OpenAPI 3 document (no \"openapi\" field)"}}
	}
	s := &Spec{Doc: doc, File: path}
	if err := doc.Validate(context.Background(), openapi3.EnableMultiError(), openapi3.DisableExamplesValidation()); err != nil {
		s.Warnings = append(s.Warnings, validationDiagnostics(path, err)...)
	}
	// Examples are documentation; a bad one is worth a warning of its own
	// but never a failure, even in strict mode.
	if opts.Strict && len(s.Warnings) > 0 {
		return nil, &Error{s.Warnings[0]}
	}
	return s, nil
}

// loadSafely turns a panic inside kin-openapi (seen on some malformed
// documents) into an error so the CLI never crashes on bad input.
func loadSafely(l *openapi3.Loader, path string) (doc *openapi3.T, err error) {
	defer func() {
		if r := recover(); r != nil {
			doc, err = nil, fmt.Errorf("malformed document: %v", r)
		}
	}()
	abs, aerr := filepath.Abs(path)
	if aerr != nil {
		abs = path
	}
	return l.LoadFromFile(abs)
}

func validationDiagnostics(file string, err error) []Diagnostic {
	var errs []error
	var me openapi3.MultiError
	if errors.As(err, &me) {
		errs = me
	} else {
		errs = []error{err}
	}
	out := make([]Diagnostic, 0, len(errs))
	for _, e := range errs {
		msg := e.Error()
		out = append(out, Diagnostic{File: file, Pointer: pointerOf(msg), Message: firstLine(msg)})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Pointer < out[j].Pointer })
	return out
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	return strings.TrimSpace(s)
}

var (
	reSchema = regexp.MustCompile(`invalid components: schema "([^"]+)"`)
	rePath   = regexp.MustCompile(`invalid paths: invalid path ([^:]+): invalid operation ([A-Z]+)`)
	reRef    = regexp.MustCompile(`(?:ref|reference) "?(#?/[^"\s:]*)"?`)
	rePtr    = regexp.MustCompile(`(/(?:paths|components|info|servers|security|tags|webhooks)(?:/[^\s"]*)?)`)
)

// pointerOf recovers a JSON pointer from a kin-openapi message, which
// names locations in prose rather than as pointers.
func pointerOf(msg string) string {
	if m := rePath.FindStringSubmatch(msg); m != nil {
		return "/paths/" + Escape(m[1]) + "/" + strings.ToLower(m[2])
	}
	if m := reSchema.FindStringSubmatch(msg); m != nil {
		return "/components/schemas/" + Escape(m[1])
	}
	if strings.HasPrefix(msg, "invalid info") {
		return "/info"
	}
	if m := reRef.FindStringSubmatch(msg); m != nil {
		return strings.TrimPrefix(m[1], "#")
	}
	if m := rePtr.FindStringSubmatch(msg); m != nil {
		return m[1]
	}
	return ""
}

// Escape escapes one JSON pointer token (RFC 6901).
func Escape(tok string) string {
	return strings.ReplaceAll(strings.ReplaceAll(tok, "~", "~0"), "/", "~1")
}
