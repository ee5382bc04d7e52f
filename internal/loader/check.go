package loader

import (
	"errors"
	"fmt"
	"math"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// checker walks a parsed document (and the files its $refs reach) against
// the shapes of OpenAPI objects before kin-openapi sees it, so that a
// mistake is reported with the file and JSON pointer of its place: wrong
// types, $refs that do not resolve or that go round in a circle, and the
// few rules code generation cannot work around. It stops at the first
// problem, in document order.
type checker struct {
	root    *srcFile
	files   map[string]*srcFile // by absolute path
	visited map[visitKey]bool
	err     *Diagnostic
	lenient lenience // dangling schema refs become raw schemas (dangling.go)
}

type srcFile struct {
	name string // as shown in diagnostics: relative to what the user gave
	abs  string
	root *node
}

type visitKey struct {
	n *node
	s *shape
}

func newChecker(name string, root *node) *checker {
	abs, err := filepath.Abs(name)
	if err != nil {
		abs = name
	}
	f := &srcFile{name: name, abs: abs, root: root}
	return &checker{root: f, files: map[string]*srcFile{abs: f}, visited: map[visitKey]bool{}}
}

func (c *checker) failf(f *srcFile, ptr, format string, args ...any) {
	if c.err == nil {
		c.err = &Diagnostic{File: f.name, Pointer: ptr, Message: fmt.Sprintf(format, args...)}
	}
}

// run checks the whole document and returns the first problem, if any.
func (c *checker) run() *Diagnostic {
	f := c.root
	n := f.root
	if n == nil || n.kind == kNull {
		return &Diagnostic{File: f.name, Message: "spec is empty"}
	}
	if n.kind != kObject {
		return &Diagnostic{File: f.name, Message: fmt.Sprintf("not an OpenAPI document: the top level is %s, not an object", n.kind)}
	}
	v := n.get("openapi")
	if v == nil || v.kind == kNull {
		if n.get("swagger") != nil {
			return &Diagnostic{File: f.name, Pointer: "/swagger", Message: "this is a Swagger 2.0 document; orygen reads OpenAPI 3 (convert it first)"}
		}
		return &Diagnostic{File: f.name, Message: "not an OpenAPI 3 document (no \"openapi\" field)"}
	}
	if !v.isScalar() {
		return &Diagnostic{File: f.name, Pointer: "/openapi", Message: fmt.Sprintf("must be a version string such as \"3.0.3\", not %s", v.kind)}
	}
	if v.str != "3" && !strings.HasPrefix(v.str, "3.") {
		return &Diagnostic{File: f.name, Pointer: "/openapi", Message: fmt.Sprintf("unsupported OpenAPI version %q: orygen reads OpenAPI 3 documents", v.str)}
	}
	c.walk(f, n, docShape, "")
	if c.err == nil {
		c.operationIDs()
	}
	return c.err
}

func (c *checker) mismatch(f *srcFile, n *node, s *shape, ptr string) {
	msg := fmt.Sprintf("must be %s, not %s", want(s), n.describe())
	if s.hint != "" {
		msg += ": " + s.hint
	}
	c.failf(f, ptr, "%s", msg)
}

// want says what a shape accepts, for a message.
func want(s *shape) string {
	switch s.kind {
	case sString:
		return "a string"
	case sBool:
		return "true or false"
	case sNumber:
		return "a number"
	case sUint:
		return "a non-negative integer"
	case sBoolNum:
		return "a boolean or a number"
	case sTypes:
		return "a type name or an array of type names"
	case sSchema:
		return "a schema (an object)"
	case sArray:
		return "an array"
	case sObject, sMap:
		return "an object"
	}
	return "a value"
}

// walk checks n against s. A null is taken for an absent field, but not
// as an element of an array or a map, where it stands for nothing.
func (c *checker) walk(f *srcFile, n *node, s *shape, ptr string) {
	if c.err != nil || n == nil || n.kind == kNull {
		return
	}
	if s == schemaShape && c.lenient.on && n.kind == kObject && n.get("$ref") != nil {
		c.patchDangling(f, n, ptr)
	}
	if s.refable && n.kind == kObject && n.get("$ref") != nil {
		tf, tn, tptr, ok := c.follow(f, n, ptr)
		if ok {
			c.walk(tf, tn, s, tptr)
		}
		return
	}
	k := visitKey{n, s}
	if c.visited[k] {
		return
	}
	c.visited[k] = true
	ok := true
	switch s.kind {
	case sString:
		ok = n.isScalar()
	case sBool:
		ok = n.kind == kBool
	case sNumber:
		ok = n.kind == kNumber
	case sUint:
		ok = isUint(n)
	case sBoolNum:
		ok = n.kind == kBool || n.kind == kNumber
	case sTypes:
		ok = n.kind == kString
		if n.kind == kArray {
			ok = true
			for _, it := range n.items {
				ok = ok && it.kind == kString
			}
		}
	case sSchema:
		ok = n.kind == kBool || n.kind == kObject
		if n.kind == kObject {
			c.fields(f, n, s, ptr)
		}
	case sObject:
		ok = n.kind == kObject
		if ok {
			c.fields(f, n, s, ptr)
		}
	case sMap:
		ok = n.kind == kObject
		if ok {
			for i, key := range n.keys {
				c.elem(f, n.vals[i], s.elem, ptr+"/"+Escape(key))
			}
		}
	case sArray:
		ok = n.kind == kArray
		if ok {
			for i, it := range n.items {
				c.elem(f, it, s.elem, ptr+"/"+strconv.Itoa(i))
			}
		}
	}
	if !ok {
		c.mismatch(f, n, s, ptr)
		return
	}
	if s.check != nil && c.err == nil {
		s.check(c, f, n, ptr)
	}
}

// elem checks an element of an array or a map.
func (c *checker) elem(f *srcFile, n *node, s *shape, ptr string) {
	if n.kind == kNull && s.kind != sAny {
		c.mismatch(f, n, s, ptr)
		return
	}
	c.walk(f, n, s, ptr)
}

func (c *checker) fields(f *srcFile, n *node, s *shape, ptr string) {
	for i, key := range n.keys {
		if fs, ok := s.fields[key]; ok {
			c.walk(f, n.vals[i], fs, ptr+"/"+Escape(key))
		}
	}
}

func isUint(n *node) bool {
	if n.kind != kNumber {
		return false
	}
	s := strings.ReplaceAll(n.str, "_", "")
	if _, err := strconv.ParseUint(s, 0, 64); err == nil {
		return true
	}
	x, err := strconv.ParseFloat(s, 64)
	return err == nil && x >= 0 && x == math.Trunc(x) && x <= math.MaxUint64
}

// follow resolves the Reference Object n at ptr, and the references its
// target is in turn, to the first thing that is not a reference.
func (c *checker) follow(f *srcFile, n *node, ptr string) (*srcFile, *node, string, bool) {
	seen := map[string]bool{f.abs + "#" + ptr: true}
	chain := []string{"#" + ptr}
	cf, cn, cptr := f, n, ptr
	for {
		r := cn.get("$ref")
		if r.kind != kString {
			c.failf(cf, cptr+"/$ref", "$ref must be a string, not %s", r.describe())
			return nil, nil, "", false
		}
		tf, tn, tptr, msg := c.resolve(cf, cptr, r.str)
		if c.err != nil {
			return nil, nil, "", false
		}
		if msg != "" {
			c.failf(cf, cptr, "$ref %q does not resolve: %s", r.str, msg)
			return nil, nil, "", false
		}
		chain = append(chain, r.str)
		key := tf.abs + "#" + tptr
		if seen[key] {
			c.failf(f, ptr, "$ref cycle: %s", strings.Join(chain, " → "))
			return nil, nil, "", false
		}
		seen[key] = true
		if tn.kind != kObject || tn.get("$ref") == nil {
			return tf, tn, tptr, true
		}
		cf, cn, cptr = tf, tn, tptr
	}
}

// resolve finds the target of ref, written in file f at ptr. A non-empty
// msg says why it does not resolve; a problem in another file is recorded
// as c.err instead.
func (c *checker) resolve(f *srcFile, ptr, ref string) (tf *srcFile, tn *node, tptr, msg string) {
	filePart, frag, _ := strings.Cut(ref, "#")
	tf = f
	if filePart != "" {
		if u, err := url.Parse(filePart); err == nil && len(u.Scheme) > 1 {
			return nil, nil, "", "orygen follows references to local files only"
		}
		if p, err := url.PathUnescape(filePart); err == nil {
			filePart = p
		}
		tf, msg = c.file(f, ptr, filePart)
		if tf == nil {
			return nil, nil, "", msg
		}
	}
	if p, err := url.PathUnescape(frag); err == nil {
		frag = p
	}
	if frag == "" {
		return tf, tf.root, "", ""
	}
	if frag[0] != '/' {
		return nil, nil, "", fmt.Sprintf("the fragment %q is not a JSON pointer", frag)
	}
	cur, at := tf.root, ""
	for _, tok := range strings.Split(frag[1:], "/") {
		tok = strings.ReplaceAll(strings.ReplaceAll(tok, "~1", "/"), "~0", "~")
		where := "#" + at
		if at == "" {
			where = "the document"
		}
		if tf != f {
			where = tf.name + where
			if at == "" {
				where = tf.name
			}
		}
		switch cur.kind {
		case kObject:
			next := cur.get(tok)
			if next == nil {
				return nil, nil, "", fmt.Sprintf("%s has no %q", where, tok)
			}
			cur = next
		case kArray:
			i, err := strconv.Atoi(tok)
			if err != nil || i < 0 || i >= len(cur.items) || strconv.Itoa(i) != tok {
				return nil, nil, "", fmt.Sprintf("%s has no element %q", where, tok)
			}
			cur = cur.items[i]
		default:
			return nil, nil, "", fmt.Sprintf("%s is %s, which has no %q", where, cur.kind, tok)
		}
		at += "/" + Escape(tok)
	}
	return tf, cur, at, ""
}

// file returns the parsed file rel, named in a $ref in from at ptr.
func (c *checker) file(from *srcFile, ptr, rel string) (*srcFile, string) {
	abs, name := rel, rel
	if !filepath.IsAbs(rel) {
		abs = filepath.Join(filepath.Dir(from.abs), rel)
		name = filepath.Join(filepath.Dir(from.name), rel)
	}
	if f, ok := c.files[abs]; ok {
		return f, ""
	}
	data, err := readRefFile(abs)
	if err != nil {
		var pe *os.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return nil, fmt.Sprintf("cannot read %s: %v", name, err)
	}
	f := &srcFile{name: name, abs: abs}
	root, err := parseDocument(name, data)
	if err != nil {
		var se *syntaxError
		line := 0
		if errors.As(err, &se) {
			line = se.line
		}
		if c.err == nil {
			c.err = &Diagnostic{File: name, Line: line,
				Message: fmt.Sprintf("%s (referenced from %s#%s)", err.Error(), from.name, ptr)}
		}
		return nil, ""
	}
	f.root = root
	c.files[abs] = f
	return f, ""
}

// operationIDs checks that no two operations share an operationId: it
// names the method orygen generates, and a silent rename would change with
// the order of paths.
func (c *checker) operationIDs() {
	f := c.root
	paths := f.root.get("paths")
	if paths == nil || paths.kind != kObject {
		return
	}
	first := map[string]string{}
	for i, path := range paths.keys {
		item, iptr := paths.vals[i], "/paths/"+Escape(path)
		if item.kind == kObject && item.get("$ref") != nil {
			_, target, _, ok := c.follow(f, item, iptr)
			if !ok {
				return
			}
			item = target
		}
		for _, m := range operationKeys {
			op := item.get(m)
			id := op.get("operationId")
			if id == nil || !id.isScalar() || id.str == "" {
				continue
			}
			where := strings.ToUpper(m) + " " + path
			if prev, ok := first[id.str]; ok {
				c.failf(f, iptr+"/"+m+"/operationId", "operationId %q is already used by %s", id.str, prev)
				return
			}
			first[id.str] = where
		}
	}
}

var parameterLocations = map[string]bool{"path": true, "query": true, "header": true, "cookie": true}

func checkParameter(c *checker, f *srcFile, n *node, ptr string) {
	name := n.get("name")
	if name == nil || name.kind == kNull || name.str == "" {
		c.failf(f, ptr, "parameter has no name")
		return
	}
	in := n.get("in")
	if in == nil || in.kind == kNull {
		c.failf(f, ptr, "parameter %q has no \"in\" (path, query, header or cookie)", name.str)
		return
	}
	if !parameterLocations[in.str] {
		c.failf(f, ptr+"/in", "parameter %q has unknown location %q (path, query, header or cookie)", name.str, in.str)
	}
}

func checkDiscriminator(c *checker, f *srcFile, n *node, ptr string) {
	pn := n.get("propertyName")
	if pn == nil || pn.kind == kNull || pn.str == "" {
		c.failf(f, ptr, "discriminator has no propertyName")
		return
	}
	mapping := n.get("mapping")
	if mapping == nil || mapping.kind != kObject {
		return
	}
	for i, value := range mapping.keys {
		target := mapping.vals[i].str
		mptr := ptr + "/mapping/" + Escape(value)
		if strings.ContainsAny(target, "/#") {
			if _, _, _, msg := c.resolve(f, mptr, target); msg != "" {
				c.failf(f, mptr, "mapping target %q does not resolve: %s", target, msg)
			}
		} else if c.root.root.get("components").get("schemas").get(target) == nil {
			c.failf(f, mptr, "mapping target %q is not a schema in #/components/schemas", target)
		}
		if c.err != nil {
			return
		}
	}
}

// maxRefFile bounds the size of a file a $ref names.
const maxRefFile = 256 << 20

// readRefFile reads a file a $ref names: a regular file, so that a spec
// cannot make orygen read a device or a pipe (/dev/zero, /dev/stdin).
func readRefFile(path string) ([]byte, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, errors.New("not a regular file")
	}
	if fi.Size() > maxRefFile {
		return nil, fmt.Errorf("larger than %d MB", maxRefFile>>20)
	}
	return os.ReadFile(path)
}
