package loader

import (
	"errors"
	"fmt"
	"io/fs"
	"math"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
)

// checker walks a parsed document (and the files its $refs reach) against
// the shapes of OpenAPI objects before kin-openapi sees it, so that a
// mistake is reported with the file and JSON pointer of its place. Values
// of the wrong kind are repaired in the tree, with a warning (repairs.go);
// $refs that do not resolve or that go round in a circle, and the few
// rules code generation cannot work around, are errors: it stops at the
// first, in document order.
type checker struct {
	root    *srcFile
	guard   *guard              // reads the files $refs name
	files   map[string]*srcFile // by absolute path
	visited map[visitKey]verdict
	err     *Diagnostic
	// followed memoizes follow: the end of the chain of refs starting at
	// each Reference Object already followed.
	followed map[*node]target
	lenient  lenience // dangling schema refs become raw schemas (dangling.go)
	refs     refRepair
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
	return &checker{root: f, guard: newGuard(name, Options{}), files: map[string]*srcFile{abs: f}, visited: map[visitKey]verdict{}}
}

func (c *checker) failf(f *srcFile, ptr, format string, args ...any) {
	if c.err == nil {
		c.err = &Diagnostic{File: f.name, Pointer: ptr, Message: fmt.Sprintf(format, args...), Class: format}
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
	c.repairPathKeys()
	c.repairRefs()
	c.walk(f, n, docShape, "", inField, nil)
	if c.err == nil {
		c.pathTemplates()
	}
	if c.err == nil {
		c.operationIDs()
	}
	return c.err
}

// describe names what n, in file f, is for a message. A value is quoted
// only from the spec the user named: a file a $ref names may be anything
// under the spec's folder (a token, a key), and its content must not end
// up in a log.
func (c *checker) describe(f *srcFile, n *node) string {
	if f != c.root {
		return n.kind.String()
	}
	return n.describe()
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

// walk checks n against s and repairs what does not fit (repairs.go),
// in place; it says whether n is to be dropped from the object or list
// holding it. A null is repaired like any other value of the wrong kind,
// except where any JSON value is allowed.
func (c *checker) walk(f *srcFile, n *node, s *shape, ptr string, at place, outer *shape) verdict {
	if c.err != nil || n == nil || (n.kind == kNull && s.kind == sAny) {
		return keep
	}
	if s == schemaShape && c.lenient.on && n.kind == kObject && n.get("$ref") != nil {
		c.patchDangling(f, n, ptr)
	}
	if s.refable && n.kind == kObject && n.get("$ref") != nil {
		if c.wrongKindRef(f, n, s, ptr) {
			return c.walk(f, n, s, ptr, at, outer)
		}
		tf, tn, tptr, ok := c.follow(f, n, ptr)
		if ok {
			c.walk(tf, tn, s, tptr, atTarget, nil)
		}
		return keep
	}
	k := visitKey{n, s}
	if v, seen := c.visited[k]; seen {
		return v
	}
	c.visited[k] = keep // until decided: a YAML alias may lead back here
	v := keep
	if !c.fits(f, n, s, ptr) {
		v = c.repair(&spot{f: f, n: n, s: s, ptr: ptr, at: at, outer: outer})
		if v == keep {
			// Checked again: a repair may leave a value to another
			// (the one member of a list taken for a schema may be a
			// component's name). Each leaves a value of the kind its
			// shape wants, or a smaller one.
			delete(c.visited, k)
			return c.walk(f, n, s, ptr, at, outer)
		}
	}
	c.visited[k] = v
	if v == keep && s.check != nil && c.err == nil {
		s.check(c, f, n, ptr)
	}
	return v
}

// fits reports whether n is of a kind s allows, and checks (and
// repairs) what n holds against s.
func (c *checker) fits(f *srcFile, n *node, s *shape, ptr string) bool {
	switch s.kind {
	case sString:
		return n.kind == kString
	case sBool:
		return n.kind == kBool
	case sNumber:
		return n.kind == kNumber
	case sUint:
		return isUint(n)
	case sBoolNum:
		return n.kind == kBool || n.kind == kNumber
	case sTypes:
		if n.kind == kArray {
			for _, it := range n.items {
				if it.kind != kString {
					return false
				}
			}
			return true
		}
		return n.kind == kString
	case sSchema:
		if n.kind == kObject {
			c.liftRequired(f, n, ptr)
			c.fields(f, n, s, ptr)
		}
		return n.kind == kBool || n.kind == kObject
	case sObject:
		if n.kind == kObject {
			c.fields(f, n, s, ptr)
		}
		return n.kind == kObject
	case sMap:
		if n.kind != kObject {
			return false
		}
		var gone []string
		for i, key := range n.keys {
			if s.ext && strings.HasPrefix(key, "x-") {
				continue
			}
			if c.walk(f, n.vals[i], s.elem, ptr+"/"+Escape(key), inMember, s) == drop {
				gone = append(gone, key)
			}
		}
		for _, key := range gone {
			n.remove(key)
		}
		return true
	case sArray:
		if n.kind != kArray {
			return false
		}
		kept, dropped := n.items[:0:0], false
		for i, it := range n.items {
			if c.walk(f, it, s.elem, ptr+"/"+strconv.Itoa(i), inMember, s) == drop {
				dropped = true
				continue
			}
			kept = append(kept, it)
		}
		if dropped {
			n.items = kept
		}
		return true
	}
	return true
}

// fields checks the fields of an object against s, dropping those a
// repair drops.
func (c *checker) fields(f *srcFile, n *node, s *shape, ptr string) {
	var gone []string
	for i, key := range n.keys {
		fs, ok := s.fields[key]
		if !ok {
			continue
		}
		v, kptr := n.vals[i], ptr+"/"+Escape(key)
		var d verdict
		if key == "description" && fs == strShape && (v.kind == kObject || v.kind == kArray) {
			d = c.description(f, v, kptr)
		} else {
			d = c.walk(f, v, fs, kptr, inField, nil)
		}
		if d == drop {
			gone = append(gone, key)
		}
	}
	for _, key := range gone {
		n.remove(key)
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

type target struct {
	f   *srcFile
	n   *node
	ptr string
}

// follow resolves the Reference Object n at ptr, and the references its
// target is in turn, to the first thing that is not a reference.
func (c *checker) follow(f *srcFile, n *node, ptr string) (*srcFile, *node, string, bool) {
	if t, ok := c.followed[n]; ok {
		return t.f, t.n, t.ptr, true
	}
	seen := map[string]bool{f.abs + "#" + ptr: true}
	chain := []string{"#" + ptr}
	refs := []*node{n}
	cf, cn, cptr := f, n, ptr
	for {
		r := cn.get("$ref")
		if r.kind != kString {
			c.failf(cf, cptr+"/$ref", "$ref must be a string, not %s", c.describe(cf, r))
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
		t, done := c.followed[tn]
		if !done && (tn.kind != kObject || tn.get("$ref") == nil) {
			t, done = target{tf, tn, tptr}, true
		}
		if done {
			if c.followed == nil {
				c.followed = map[*node]target{}
			}
			for _, r := range refs {
				c.followed[r] = t
			}
			return t.f, t.n, t.ptr, true
		}
		refs = append(refs, tn)
		cf, cn, cptr = tf, tn, tptr
	}
}

// resolve finds the target of ref, written in file f at ptr. A non-empty
// msg says why it does not resolve: its target is not there (a file that
// does not exist, a name a file lacks), which lenient loading repairs. A
// file that may not be read (remote, outside the roots, not a regular
// file, too large) or does not parse is recorded as c.err instead.
func (c *checker) resolve(f *srcFile, ptr, ref string) (tf *srcFile, tn *node, tptr, msg string) {
	filePart, frag, _ := strings.Cut(ref, "#")
	tf = f
	if filePart != "" {
		if u, err := url.Parse(filePart); err == nil && (len(u.Scheme) > 1 || u.Host != "") {
			c.failf(f, ptr, "$ref %q does not resolve: orygen follows references to local files only", ref)
			return nil, nil, "", ""
		}
		if p, err := url.PathUnescape(filePart); err == nil {
			filePart = p
		}
		tf, msg = c.file(f, ptr, ref, filePart)
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

// file returns the parsed file rel, named in ref in from at ptr.
func (c *checker) file(from *srcFile, ptr, ref, rel string) (*srcFile, string) {
	abs, name := rel, rel
	if !filepath.IsAbs(rel) {
		abs = filepath.Join(filepath.Dir(from.abs), rel)
		name = filepath.Join(filepath.Dir(from.name), rel)
	}
	if f, ok := c.files[abs]; ok {
		return f, ""
	}
	data, err := c.guard.read(abs)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Sprintf("cannot read %s: %v", name, err)
	}
	if err != nil {
		var out *outsideError
		if errors.As(err, &out) && out.real != abs {
			name += " (a link to " + out.real + ")"
		}
		c.failf(from, ptr, "$ref %q does not resolve: cannot read %s: %v", ref, name, err)
		return nil, ""
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

func checkDiscriminator(c *checker, f *srcFile, n *node, ptr string) {
	pn := n.get("propertyName")
	if pn == nil || pn.kind == kNull || pn.str == "" {
		if !c.lenient.on {
			c.failf(f, ptr, "discriminator has no propertyName")
			return
		}
		// Without the property, nothing says which member a value is:
		// the union is told apart by its members' shapes, as one without
		// a discriminator is.
		c.lenient.warnings = append(c.lenient.warnings, Diagnostic{File: f.name, Pointer: ptr,
			Message: "discriminator has no propertyName; ignored (the members are told apart by their shapes)"})
		n.kind, n.str, n.keys, n.vals, n.items, n.idx = kNull, "", nil, nil, nil, nil
		c.markPatched(f)
		return
	}
	mapping := n.get("mapping")
	if mapping == nil || mapping.kind != kObject {
		return
	}
	keys, vals := mapping.keys[:0:0], mapping.vals[:0:0]
	for i, value := range mapping.keys {
		target := mapping.vals[i].str
		mptr := ptr + "/mapping/" + Escape(value)
		why := ""
		if strings.ContainsAny(target, "/#") {
			if _, _, _, msg := c.resolve(f, mptr, target); msg != "" {
				why = fmt.Sprintf("mapping target %q does not resolve: %s", target, msg)
			}
		} else if c.root.root.get("components").get("schemas").get(target) == nil {
			why = fmt.Sprintf("mapping target %q is not a schema in #/components/schemas", target)
		}
		if c.err != nil {
			return
		}
		if why == "" {
			keys, vals = append(keys, value), append(vals, mapping.vals[i])
			continue
		}
		if !c.lenient.on {
			c.failf(f, mptr, "%s", why)
			return
		}
		// A mapping only names which member a value selects; without the
		// entry, a member is selected by the value its schema fixes the
		// property to, or else by its schema name.
		c.lenient.warnings = append(c.lenient.warnings, Diagnostic{File: f.name, Pointer: mptr,
			Message: why + "; the entry is ignored (members are selected by their fixed values of the property, else their schema names)"})
	}
	if len(keys) < len(mapping.keys) {
		mapping.keys, mapping.vals, mapping.idx = keys, vals, nil
		c.markPatched(f)
	}
}

// description takes a description given as a $ref (as bundlers write
// them: description: {$ref: ./texts.yaml#/intro}) as the string it points
// to; a description that is, or points to, anything but a string is
// dropped with a warning: it is documentation, not a reason to stop.
func (c *checker) description(f *srcFile, n *node, ptr string) verdict {
	drop := func(why string) verdict {
		c.warnf(f, ptr, "description %s; dropped", why)
		c.markPatched(f)
		return drop
	}
	r := n.get("$ref")
	if n.kind != kObject || r == nil {
		return drop("is not a string but " + c.describe(f, n))
	}
	if r.kind != kString {
		return drop("is a $ref that is not a string")
	}
	tf, tn, _, msg := c.resolve(f, ptr, r.str)
	switch {
	case c.err != nil:
		return keep
	case msg != "":
		return drop(fmt.Sprintf("is a $ref %q that does not resolve: %s", r.str, msg))
	case !tn.isScalar():
		return drop(fmt.Sprintf("is a $ref %q to %s, not a string", r.str, c.describe(tf, tn)))
	}
	n.set(str(tn.str))
	c.markPatched(f)
	return keep
}
