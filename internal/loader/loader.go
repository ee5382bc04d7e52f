// Package loader reads an OpenAPI document from disk with kin-openapi and
// reports what is wrong with it as located diagnostics. Before kin-openapi
// sees a document, the loader parses it itself (parse.go) and checks its
// shape and its $refs (check.go, shapes.go): a value of the wrong kind is
// repaired with a warning naming the file and JSON pointer (repairs.go),
// and what cannot be read fails with the file and the line or pointer of
// the problem, rather than with an unlocated unmarshalling error from
// kin-openapi. It is lenient about the rest:
// real specs (all of Ory's among them) fail strict validation for reasons
// that do not affect code generation, so validation findings become
// warnings unless the caller asks for strictness.
package loader

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// Diagnostic is a problem located in a spec file.
type Diagnostic struct {
	File    string // path of the spec file as given by the user
	Line    int    // 1-based line, for a file that does not parse; 0 otherwise
	Pointer string // JSON pointer into File, "" when it concerns the whole file
	Message string
	// Class is the message's format before its values were put in, so
	// that a corpus run can count warnings by kind; "" where the message
	// was not made from a format.
	Class string
}

// String renders the diagnostic as one line: file[:line][#pointer]: message.
func (d Diagnostic) String() string {
	s := d.File
	if d.Line > 0 {
		s += ":" + strconv.Itoa(d.Line)
	}
	if d.Pointer != "" {
		s += "#" + d.Pointer
	}
	return oneLine.Replace(s + ": " + d.Message)
}

// oneLine keeps a diagnostic on one line whatever names from the spec it
// quotes.
var oneLine = strings.NewReplacer("\n", `\n`, "\r", `\r`)

// Error is a Diagnostic that stops generation.
type Error struct{ Diagnostic }

func (e *Error) Error() string { return e.Diagnostic.String() }

// Spec is a loaded document with the warnings found while loading it.
type Spec struct {
	Doc      *openapi3.T
	File     string
	Warnings []Diagnostic
	// Size is the length in bytes of the document as loaded (after its
	// overlays, before a Swagger 2.0 conversion): what budgets on the
	// output are measured against.
	Size int64
	// root is the document as orygen parsed it, which keeps number
	// literals as written where kin-openapi has float64s.
	root *node
}

// NumberLiteral returns the number at a JSON pointer of the root
// document as it is written there ("9007199254740993"), which a float64
// could not hold exactly; false if there is no number there.
func (s *Spec) NumberLiteral(ptr string) (string, bool) {
	n := s.root
	if n == nil || !strings.HasPrefix(ptr, "/") {
		return "", false
	}
	for _, tok := range strings.Split(ptr[1:], "/") {
		tok = strings.ReplaceAll(strings.ReplaceAll(tok, "~1", "/"), "~0", "~")
		switch n.kind {
		case kObject:
			n = n.get(tok)
		case kArray:
			i, err := strconv.Atoi(tok)
			if err != nil || i < 0 || i >= len(n.items) {
				return "", false
			}
			n = n.items[i]
		default:
			return "", false
		}
		if n == nil {
			return "", false
		}
	}
	if n.kind != kNumber {
		return "", false
	}
	return n.str, true
}

// Options controls loading.
type Options struct {
	// Strict turns validation findings into an error.
	Strict bool
	// AllowRoots are folders, besides the root spec's own, under which
	// files named by $refs may lie. Any other file is refused, after
	// resolving symlinks and "..".
	AllowRoots []string
	// MaxFileSize is the largest file read, the spec or one a $ref names,
	// in bytes; 0 means DefaultMaxFileSize.
	MaxFileSize int64
	// Overlays are Overlay Specification 1.0 documents applied, in order,
	// to the spec before it is checked and loaded (overlay.go).
	Overlays []string
	// Raw lists schemas marked x-orygen-raw: true once loaded, so they
	// are kept as raw JSON: component schema names, or JSON pointers to
	// schemas anywhere in the document (a config's raw:). One that names
	// no schema is an error.
	Raw []string
}

// Load reads and resolves the spec at path, following relative file refs.
// Every failure is an *Error naming the file and, where there is one, the
// JSON pointer (or, for a file that does not parse, the line) of the
// problem.
func Load(path string, opts Options) (*Spec, error) {
	g := newGuard(path, opts)
	data, err := g.read(path)
	if err != nil {
		return nil, &Error{Diagnostic{File: path, Message: "cannot read spec: " + err.Error()}}
	}
	if len(strings.TrimSpace(string(data))) == 0 {
		return nil, &Error{Diagnostic{File: path, Message: "spec is empty"}}
	}
	var warns []Diagnostic
	if len(opts.Overlays) > 0 {
		// The overlays apply to the document as written (before a
		// Swagger 2.0 conversion); what they make is then the spec.
		root, err := parseDocument(path, data)
		if err != nil {
			return nil, syntaxDiagnostic(path, err)
		}
		var ows []Diagnostic
		data, ows, err = applyOverlays(root, opts.Overlays, opts)
		if err != nil {
			if _, ok := err.(*Error); ok {
				return nil, err
			}
			return nil, &Error{Diagnostic{File: path, Message: err.Error()}}
		}
		warns = append(warns, ows...)
	}
	size := int64(len(data))
	// Parse and check the document ourselves first: kin-openapi reports
	// most mistakes without saying where they are.
	root, src, err := parseDocumentAs(path, data)
	if err != nil {
		return nil, syntaxDiagnostic(path, err)
	}
	swagger := isSwagger2(root)
	if swagger {
		var ws []Diagnostic
		if data, root, ws, err = fromSwagger2(g, path, root); err != nil {
			return nil, err
		}
		warns = append(warns, ws...)
	}
	c := newChecker(path, root)
	c.guard = g
	c.lenient.on = !opts.Strict
	if d := c.run(); d != nil {
		return nil, &Error{*d}
	}
	warns = append(warns, c.lenient.warnings...)
	if opts.Strict && len(warns) > 0 {
		// Every repair warns; with -strict the first is the error.
		return nil, &Error{warns[0]}
	}
	if c.collapseAliases() {
		c.markPatched(c.root)
	}
	// kin-openapi reads the document as we checked it: the tree, written
	// as JSON, if lenient loading patched it; otherwise the file. Where
	// that is the tree we have (JSON, YAML of plain keys and scalars, or
	// anything patched), kin-openapi's model is built from it
	// (kinbuild.go) rather than parsed again.
	patched := c.lenient.patched[c.root]
	if patched && src == fromYAML {
		// The tree shares an alias's node, and kin-openapi reads it
		// written out: a document whose aliases multiply it (a "billion
		// laughs") would not fit in memory. The text itself bounds an
		// honest document's size.
		if limit := 2*len(data) + 1000; treeSize(c.root.root, limit) >= limit {
			return nil, &Error{Diagnostic{File: path, Message: "invalid YAML: document contains excessive aliasing"}}
		}
	}
	err = errNotBuilt
	var doc *openapi3.T
	if patched || (src != fromYAML && !swagger) {
		doc, err = buildDoc(newKinLoader(c.readFile), path, c.root.root, src == fromJSONText && !patched)
	}
	if err == errNotBuilt {
		if patched {
			data = c.patchedRoot()
		}
		doc, err = loadSafely(newKinLoader(c.readFile), path, data)
	}
	if err != nil {
		return nil, &Error{Diagnostic{File: path, Pointer: pointerOf(err.Error()), Message: loadMessage(err.Error())}}
	}
	if doc.OpenAPI == "" {
		return nil, &Error{Diagnostic{File: path, Message: "not an OpenAPI 3 document (no \"openapi\" field)"}}
	}
	for _, entry := range opts.Raw {
		if err := markRaw(doc, entry); err != nil {
			return nil, &Error{Diagnostic{File: path, Message: "raw: " + err.Error()}}
		}
	}
	s := &Spec{Doc: doc, File: path, Warnings: warns, Size: size, root: c.root.root}
	if err := validateSafely(doc); err != nil {
		s.Warnings = append(s.Warnings, dropFalse31(doc, validationDiagnostics(path, err))...)
	}
	// Examples are documentation; a bad one is worth a warning of its own
	// but never a failure, even in strict mode.
	if opts.Strict && len(s.Warnings) > 0 {
		return nil, &Error{s.Warnings[0]}
	}
	return s, nil
}

// syntaxDiagnostic is the error for a file that does not parse.
func syntaxDiagnostic(path string, err error) *Error {
	d := Diagnostic{File: path, Message: err.Error()}
	var se *syntaxError
	if errors.As(err, &se) {
		d.Line = se.line
	}
	return &Error{d}
}

// loadSafely turns a panic inside kin-openapi (seen on some malformed
// documents) into an error so the CLI never crashes on bad input.
// newKinLoader is kin-openapi's loader as orygen uses it: refs into other
// files allowed, read through read (which checks where they point).
func newKinLoader(read openapi3.ReadFromURIFunc) *openapi3.Loader {
	l := openapi3.NewLoader()
	l.IsExternalRefsAllowed = true
	l.ReadFromURIFunc = read
	return l
}

func loadSafely(l *openapi3.Loader, path string, data []byte) (doc *openapi3.T, err error) {
	defer func() {
		if r := recover(); r != nil {
			doc, err = nil, fmt.Errorf("malformed document: %v", r)
		}
	}()
	abs, aerr := filepath.Abs(path)
	if aerr != nil {
		abs = path
	}
	return l.LoadFromDataWithPath(data, &url.URL{Path: filepath.ToSlash(abs)})
}

// validateSafely runs kin-openapi's validation; a panic in it becomes a
// finding like any other.
func validateSafely(doc *openapi3.T) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("validation failed: %v", r)
		}
	}()
	// A pattern is validation only, and written for ECMA-262 (lookaheads,
	// \p{...} classes) that Go's regexp does not compile: not a defect.
	return validateLinear(context.Background(), doc, openapi3.EnableMultiError(), openapi3.DisableExamplesValidation(),
		openapi3.DisableSchemaPatternValidation())
}

// loadMessage shortens kin-openapi's message for a document it cannot
// load: of its "json error: …, yaml error: …" pair the YAML half is the
// one that says something (JSON is tried first on any input).
func loadMessage(msg string) string {
	first := firstLine(msg)
	if rest := strings.TrimPrefix(msg, first); strings.HasSuffix(first, ":") && rest != "" {
		// "unmarshal errors:\n  line 4: …" says what is wrong on its second line.
		first += " " + firstLine(strings.TrimLeft(rest, "\n\r\t "))
	}
	msg = first
	if _, y, ok := strings.Cut(msg, ", yaml error: "); ok && strings.HasPrefix(msg, "failed to unmarshal data: ") {
		msg = y
	}
	for _, p := range []string{"error unmarshaling JSON: ", "while decoding JSON: ", "json: "} {
		msg = strings.TrimPrefix(msg, p)
	}
	if m, ok := strings.CutPrefix(msg, "error converting YAML to JSON: yaml: "); ok {
		msg = "invalid YAML: " + m
	}
	return msg
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
		ptr, msg := locate(e)
		out = append(out, Diagnostic{File: file, Pointer: ptr, Message: msg})
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

// locate finds where a kin-openapi validation finding is, from the
// context its errors are wrapped in, and returns the pointer with the
// message of the finding itself (without that context in prose). Findings
// without such context fall back to pointerOf.
func locate(err error) (ptr, msg string) {
	e := err
walk:
	for e != nil {
		switch t := e.(type) {
		case *openapi3.SectionValidationError:
			ptr += "/" + sectionKeys.key(t.Section)
			e = t.Cause
		case *openapi3.ComponentValidationError:
			ptr += "/" + componentKeys.key(t.Section) + "/" + Escape(t.Name)
			e = t.Cause
		case *openapi3.PathValidationError:
			ptr = "/paths/" + Escape(t.Path)
			e = t.Cause
		case *openapi3.OperationValidationError:
			ptr += "/" + strings.ToLower(t.Method)
			e = t.Cause
		case *openapi3.PathParametersError:
			ptr = "/paths/" + Escape(t.Path) + "/" + strings.ToLower(t.Method)
			break walk
		case *openapi3.PathMustStartWithSlashError:
			ptr = "/paths/" + Escape(t.Path)
			break walk
		default:
			break walk
		}
	}
	if e == nil || ptr == "" || ptr == "/paths" || ptr == "/components" {
		return pointerOf(err.Error()), firstLine(err.Error())
	}
	return ptr, firstLine(e.Error())
}

type keyMap map[string]string

func (m keyMap) key(s string) string {
	if k, ok := m[s]; ok {
		return k
	}
	return s
}

var (
	sectionKeys   = keyMap{"external docs": "externalDocs"}
	componentKeys = keyMap{
		"schema": "schemas", "parameter": "parameters", "header": "headers", "request body": "requestBodies",
		"response": "responses", "security scheme": "securitySchemes", "example": "examples", "link": "links",
		"callback": "callbacks", "path item": "pathItems",
	}
)

var (
	reSchema = regexp.MustCompile(`invalid components: schema "([^"]+)"`)
	rePath   = regexp.MustCompile(`invalid paths: invalid path ([^:]+): invalid operation ([A-Z]+)`)
	reOpPath = regexp.MustCompile(`operation ([A-Z]+) (/\S*) must define`)
	reSlash  = regexp.MustCompile(`path "([^"]*)" does not start with a forward slash`)
	reRef    = regexp.MustCompile(`(?:ref|reference) "?(#?/[^"\s:]*)"?`)
	rePtr    = regexp.MustCompile(`(/(?:paths|components|info|servers|security|tags|webhooks)(?:/[^\s"]*)?)`)
)

// pointerOf recovers a JSON pointer from a kin-openapi message, which
// names locations in prose rather than as pointers.
func pointerOf(msg string) string {
	if m := rePath.FindStringSubmatch(msg); m != nil {
		return "/paths/" + Escape(m[1]) + "/" + strings.ToLower(m[2])
	}
	if m := reOpPath.FindStringSubmatch(msg); m != nil {
		return "/paths/" + Escape(m[2]) + "/" + strings.ToLower(m[1])
	}
	if m := reSlash.FindStringSubmatch(msg); m != nil {
		return "/paths/" + Escape(m[1])
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
