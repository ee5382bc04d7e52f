package loader

import (
	"errors"
	"fmt"
	"net/url"
	"path/filepath"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// lenience is the checker's state for lenient loading: a schema $ref to a
// place its document does not have (#/components/schemas/Owner, with no
// Owner) is replaced by a schema that keeps its values as raw JSON, with a
// warning, so that one broken ref does not stop a whole client from being
// generated. With -strict it stays an error.
type lenience struct {
	on       bool
	warnings []Diagnostic
	patched  map[*srcFile]bool // files whose tree was changed
	done     map[*node]bool    // refs whose chain patchDangling has followed
}

// patchDangling follows the chain of schema refs starting at n and, if a
// ref in it points at something that is not there (a name its document
// lacks, a file that does not exist, a fragment that is no JSON pointer),
// turns that ref into a raw schema: its sibling keywords stay, "$ref"
// goes, "x-orygen-raw" says to keep the values as json.RawMessage. A ref
// whose chain ends at an object of another kind (a parameter, a response)
// is repaired by wrongKind. Files that may not be read, or do not parse,
// stay errors (resolve).
func (c *checker) patchDangling(f *srcFile, n *node, ptr string) {
	if c.lenient.done == nil {
		c.lenient.done = map[*node]bool{}
	}
	// A node seen before, from this chain or an earlier one, has had the
	// rest of its chain looked at: stopping there keeps a long chain of
	// aliases linear rather than quadratic.
	start, sf, sptr := n, f, ptr
	inChain := map[*node]bool{}
	chain := []string{"#" + ptr}
	for n != nil && n.kind == kObject && !c.lenient.done[n] {
		c.lenient.done[n] = true
		inChain[n] = true
		r := n.get("$ref")
		if r == nil || r.kind != kString {
			return
		}
		tf, tn, tptr, msg := c.resolve(f, ptr, r.str)
		if c.err != nil {
			return
		}
		if msg != "" {
			c.patchRef(f, n, ptr, r.str, "does not resolve: "+msg)
			return
		}
		if tn.kind != kObject || tn.get("$ref") == nil {
			c.schemaWrongKind(f, n, ptr, r.str, tf, tn, tptr)
			return
		}
		chain = append(chain, r.str)
		if inChain[tn] {
			// A ring of refs names no schema: the first is cut.
			c.patchRef(sf, start, sptr, start.get("$ref").str, "is a $ref cycle ("+strings.Join(chain, " → ")+")")
			return
		}
		f, n, ptr = tf, tn, tptr
	}
}

// patchRef makes the schema ref n a raw schema, with a warning saying why
// ("does not resolve: …").
func (c *checker) patchRef(f *srcFile, n *node, ptr, ref, why string) {
	c.lenient.warnings = append(c.lenient.warnings, Diagnostic{File: f.name, Pointer: ptr,
		Message: fmt.Sprintf("$ref %q %s; its values are kept as raw JSON", ref, why), Class: "$ref %q %s; its values are kept as raw JSON"})
	keys, vals := n.keys[:0:0], n.vals[:0:0]
	for i, k := range n.keys {
		if k != "$ref" && k != "x-orygen-raw" {
			keys, vals = append(keys, k), append(vals, n.vals[i])
		}
	}
	n.keys = append(keys, "x-orygen-raw", "x-orygen-dangling-ref")
	n.idx = nil
	n.vals = append(vals, &node{kind: kBool, str: "true"}, &node{kind: kString, str: ref})
	c.markPatched(f)
}

// markPatched records that f's tree was changed, so that kin-openapi
// reads it as changed.
func (c *checker) markPatched(f *srcFile) {
	if c.lenient.patched == nil {
		c.lenient.patched = map[*srcFile]bool{}
	}
	c.lenient.patched[f] = true
}

// patchedRoot returns the root document as JSON when lenient loading
// changed it, and nil otherwise.
func (c *checker) patchedRoot() []byte {
	if !c.lenient.patched[c.root] {
		return nil
	}
	return nodeJSON(c.root.root)
}

// readFile reads the files $refs name as kin-openapi loads them: as
// patched, for files lenient loading changed.
func (c *checker) readFile(l *openapi3.Loader, u *url.URL) ([]byte, error) {
	f := c.files[filepath.FromSlash(u.Path)]
	if f != nil && c.lenient.patched[f] {
		return nodeJSON(f.root), nil
	}
	data, err := c.guard.readURI(l, u)
	if err != nil || f != nil {
		return data, err
	}
	// A file the checker did not reach is parsed here all the same, so
	// that its YAML aliases are bounded (by the bytes they expand to)
	// before kin-openapi expands them.
	// Only that: its other defects are kin-openapi's to report, as they
	// were.
	if _, err := parseDocument(u.Path, data); errors.Is(err, errExpansion) {
		if d := syntaxDiagnostic(u.Path, err); d.Line > 0 {
			return nil, fmt.Errorf("%s:%d: %s", u.Path, d.Line, d.Message)
		}
		return nil, err
	}
	return data, nil
}
