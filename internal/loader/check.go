package loader

import (
	"errors"
	"fmt"
	"math"
	"net/url"
	"path/filepath"
	"sort"
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
	guard   *guard              // reads the files $refs name
	files   map[string]*srcFile // by absolute path
	visited map[visitKey]bool
	err     *Diagnostic
	// followed memoizes follow: the end of the chain of refs starting at
	// each Reference Object already followed.
	followed map[*node]target
	lenient  lenience // dangling schema refs become raw schemas (dangling.go)
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
	return &checker{root: f, guard: newGuard(name, Options{}), files: map[string]*srcFile{abs: f}, visited: map[visitKey]bool{}}
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
		c.pathTemplates()
	}
	if c.err == nil {
		c.operationIDs()
	}
	return c.err
}

func (c *checker) mismatch(f *srcFile, n *node, s *shape, ptr string) {
	msg := fmt.Sprintf("must be %s, not %s", want(s), c.describe(f, n))
	if s.hint != "" {
		msg += ": " + s.hint
	}
	c.failf(f, ptr, "%s", msg)
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
		if key == "description" && s.fields[key] == strShape {
			c.description(f, n.vals[i], ptr+"/description")
			continue
		}
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
	data, err := c.guard.read(abs)
	if err != nil {
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

// pathTemplates checks each path of the document: it starts with "/",
// its braces pair up, and each {name} in it is non-empty, appears once,
// and is declared as a path parameter of every operation, which declares
// no path parameter the template lacks. A path that breaks these would
// send requests elsewhere than the spec says (a path without "/" changes
// the host: ".attacker.example/x") or generate code that does not build.
func (c *checker) pathTemplates() {
	f := c.root
	paths := f.root.get("paths")
	if paths == nil || paths.kind != kObject {
		return
	}
	for i, path := range paths.keys {
		iptr := "/paths/" + Escape(path)
		names, msg := templateNames(path)
		if msg != "" {
			c.failf(f, iptr, "%s", msg)
			return
		}
		item, itf, itptr := paths.vals[i], f, iptr
		if item.kind == kObject && item.get("$ref") != nil {
			tf, target, tptr, ok := c.follow(f, item, iptr)
			if !ok {
				return
			}
			item, itf, itptr = target, tf, tptr
		}
		if item.kind != kObject {
			continue
		}
		common := c.pathParams(itf, item.get("parameters"), itptr+"/parameters")
		for _, m := range operationKeys {
			op := item.get(m)
			if op == nil || op.kind != kObject {
				continue
			}
			declared := map[string]paramAt{}
			for k, v := range common {
				declared[k] = v
			}
			for k, v := range c.pathParams(itf, op.get("parameters"), itptr+"/"+m+"/parameters") {
				declared[k] = v
			}
			if c.err != nil {
				return
			}
			what := "operation " + strings.ToUpper(m) + " " + path
			if id := op.get("operationId"); id != nil && id.isScalar() && id.str != "" {
				what = "operation " + id.str
			}
			for _, name := range names {
				if _, ok := declared[name]; !ok {
					c.failf(itf, itptr+"/"+m, "%s: path template {%s} has no path parameter", what, name)
					return
				}
			}
			for _, name := range sortedKeys(declared) {
				if !contains(names, name) {
					p := declared[name]
					c.failf(p.f, p.ptr, "%s: path parameter %q is not in the path template %s", what, name, path)
					return
				}
			}
		}
	}
}

type paramAt struct {
	f   *srcFile
	ptr string
}

// pathParams returns the path parameters of a parameters list, by name.
func (c *checker) pathParams(f *srcFile, list *node, ptr string) map[string]paramAt {
	out := map[string]paramAt{}
	if list == nil || list.kind != kArray {
		return out
	}
	for i, p := range list.items {
		pf, pptr := f, ptr+"/"+strconv.Itoa(i)
		if p.kind == kObject && p.get("$ref") != nil {
			tf, tn, tptr, ok := c.follow(f, p, pptr)
			if !ok {
				return out
			}
			_, _ = tf, tptr // the message points at the use, in the path's file
			p = tn
		}
		if in := p.get("in"); in != nil && in.str == "path" {
			if name := p.get("name"); name != nil && name.isScalar() {
				out[name.str] = paramAt{pf, pptr}
			}
		}
	}
	return out
}

// templateNames returns the parameter names of a path template, or a
// message saying what is wrong with it.
func templateNames(path string) (names []string, msg string) {
	if !strings.HasPrefix(path, "/") {
		return nil, `path must start with "/"`
	}
	if strings.HasPrefix(path, "//") {
		// Joined to a base URL, "//host/x" names another host.
		return nil, `path must not start with "//"`
	}
	seen := map[string]bool{}
	for rest := path; rest != ""; {
		open, close := strings.IndexByte(rest, '{'), strings.IndexByte(rest, '}')
		switch {
		case open < 0 && close < 0:
			return names, ""
		case close >= 0 && (open < 0 || close < open):
			return nil, `path template has a "}" without a "{"`
		}
		rest = rest[open+1:]
		end := strings.IndexAny(rest, "{}")
		if end < 0 || rest[end] == '{' {
			return nil, `path template has a "{" without a "}"`
		}
		name := rest[:end]
		if name == "" {
			return nil, "path template has an empty parameter name {}"
		}
		if seen[name] {
			return nil, fmt.Sprintf("path template names {%s} twice", name)
		}
		seen[name] = true
		names = append(names, name)
		rest = rest[end+1:]
	}
	return names, ""
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// description takes a description given as a $ref (as bundlers write
// them: description: {$ref: ./texts.yaml#/intro}) as the string it points
// to; a description that is, or points to, anything but a string is
// dropped with a warning: it is documentation, not a reason to stop.
func (c *checker) description(f *srcFile, n *node, ptr string) {
	if n == nil || n.kind == kNull || n.isScalar() {
		return
	}
	drop := func(why string) {
		c.lenient.warnings = append(c.lenient.warnings, Diagnostic{File: f.name, Pointer: ptr,
			Message: "description " + why + "; dropped"})
		n.kind, n.str, n.keys, n.vals, n.items, n.idx = kNull, "", nil, nil, nil, nil
		c.markPatched(f)
	}
	r := n.get("$ref")
	if n.kind != kObject || r == nil {
		drop("is not a string but " + c.describe(f, n))
		return
	}
	if r.kind != kString {
		drop("is a $ref that is not a string")
		return
	}
	tf, tn, _, msg := c.resolve(f, ptr, r.str)
	switch {
	case c.err != nil:
		return
	case msg != "":
		drop(fmt.Sprintf("is a $ref %q that does not resolve: %s", r.str, msg))
	case !tn.isScalar():
		drop(fmt.Sprintf("is a $ref %q to %s, not a string", r.str, c.describe(tf, tn)))
	default:
		n.kind, n.str, n.keys, n.vals, n.items, n.idx = kString, tn.str, nil, nil, nil, nil
		c.markPatched(f)
	}
}
