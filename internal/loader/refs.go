package loader

import (
	"fmt"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
)

// Reference Objects other than schemas. kin-openapi resolves $refs on path
// items, parameters, responses, request bodies, headers, examples, links,
// callbacks and security schemes, but not on an Operation Object: a spec
// that writes each operation as {$ref: ops/listPets.yaml} would lose them
// all. And a $ref of any of these kinds that does not resolve, or that
// points at an object of another kind, stops kin-openapi's loader. Before
// the walk, repairRefs goes over every place such a reference may stand,
// in the root document and in every file the references reach:
//   - an operation that is a $ref is replaced by a copy of its target, with
//     the $refs inside the copy rewritten to mean, from where the copy now
//     sits, what they meant in the target's file;
//   - a $ref that does not resolve (or goes round in a circle), or that
//     points at an object of another kind, is left out with a warning;
//   - the others stay for kin-openapi, which resolves them; repairRefs
//     goes into their targets for the references there.
//
// Schema references are repaired as the walk meets them (patchDangling,
// schemaWrongKind).

// refKinds names the kinds of objects a reference may stand for, for
// messages.
var refKinds = map[*shape]string{
	parameterShape: "parameter", headerShape: "header", responseShape: "response", requestShape: "request body",
	pathItemShape: "path item", operationShape: "operation", exampleShape: "example", linkShape: "link",
	callbackShape: "callback", securitySchemeShape: "security scheme", schemaShape: "schema",
	mediaTypeShape: "media type",
}

// aKind is kindName with its article.
func aKind(s *shape) string {
	k := kindName(s)
	if strings.ContainsRune("aeiou", rune(k[0])) {
		return "an " + k
	}
	return "a " + k
}

func kindName(s *shape) string {
	if k, ok := refKinds[s]; ok {
		return k
	}
	return "object"
}

// refRepair is the state of repairRefs.
type refRepair struct {
	seen     map[visitKey]bool
	inlining map[string]bool // operations being copied, against a copy that holds itself
	badParam map[*node]bool  // parameters looked at: whether each is left out
}

// repairRefs repairs the references of the document (see above).
func (c *checker) repairRefs() {
	c.refs = refRepair{seen: map[visitKey]bool{}, inlining: map[string]bool{}, badParam: map[*node]bool{}}
	c.refsIn(c.root, c.root.root, docShape, "")
}

// refsIn repairs the references in n, of shape s, at ptr in f. It reports
// whether n is to be left out of its parent.
func (c *checker) refsIn(f *srcFile, n *node, s *shape, ptr string) (drop bool) {
	if c.err != nil || n == nil || s == schemaShape || (n.kind != kObject && n.kind != kArray) {
		return false
	}
	if (s.refable || s == operationShape) && n.kind == kObject && n.get("$ref") != nil {
		return c.refObject(f, n, s, ptr)
	}
	if s == parameterShape && c.badParameter(f, n, ptr) {
		return true
	}
	k := visitKey{n, s}
	if c.refs.seen[k] {
		return false
	}
	c.refs.seen[k] = true
	switch {
	case s.kind == sArray && n.kind == kArray:
		kept := n.items[:0:0]
		for i, it := range n.items {
			if !c.refsIn(f, it, s.elem, ptr+"/"+strconv.Itoa(i)) {
				kept = append(kept, it)
			}
		}
		if len(kept) != len(n.items) {
			n.items = kept
			c.markPatched(f)
		}
	case (s.kind == sMap || s.kind == sObject) && n.kind == kObject:
		var drops []int
		for i, key := range n.keys {
			es := s.elem
			if s.kind == sObject {
				es = s.fields[key]
			}
			if es != nil && c.refsIn(f, n.vals[i], es, ptr+"/"+Escape(key)) {
				drops = append(drops, i)
			}
		}
		if len(drops) > 0 {
			removeKeys(n, drops)
			c.markPatched(f)
		}
	}
	return false
}

// removeKeys removes the entries at the indexes drops (ascending) from
// the object n.
func removeKeys(n *node, drops []int) {
	keys, vals := n.keys[:0:0], n.vals[:0:0]
	j := 0
	for i := range n.keys {
		if j < len(drops) && drops[j] == i {
			j++
			continue
		}
		keys, vals = append(keys, n.keys[i]), append(vals, n.vals[i])
	}
	n.keys, n.vals, n.idx = keys, vals, nil
}

// refObject handles n, a Reference Object standing for an object of shape
// s.
func (c *checker) refObject(f *srcFile, n *node, s *shape, ptr string) (drop bool) {
	r := n.get("$ref")
	if r.kind != kString {
		return false // the walk reports it
	}
	tf, tn, tptr, msg := c.chase(f, n, ptr)
	switch {
	case c.err != nil:
		return false
	case msg != "":
		if !c.lenient.on {
			return false // the walk reports it
		}
		c.warnf(f, ptr, "$ref %q does not resolve: %s; the %s is left out", r.str, msg, kindName(s))
		return true
	}
	if ks := c.kindAt(tf, tptr); ks != nil && ks != s && !(s == callbackShape && ks == pathItemShape) {
		if !c.lenient.on {
			return false
		}
		c.warnf(f, ptr, "$ref %q is to %s, not %s; the %s is left out", r.str, aKind(ks), aKind(s), kindName(s))
		return true
	}
	if s != operationShape {
		return c.refsIn(tf, tn, s, tptr)
	}
	// An operation: copied here, for kin-openapi does not follow the ref.
	key := tf.abs + "#" + tptr
	if c.refs.inlining[key] {
		c.warnf(f, ptr, "$ref %q is an operation that contains itself; left out", r.str)
		return true
	}
	cp := rebase(tn, tf, f)
	if cp.kind != kObject {
		return false // the walk reports it
	}
	n.keys, n.vals, n.idx = cp.keys, cp.vals, nil
	c.markPatched(f)
	c.refs.inlining[key] = true
	c.refsIn(f, n, s, ptr)
	delete(c.refs.inlining, key)
	return false
}

// chase follows the Reference Object n at ptr, and its target if that is
// a reference too, to the first object that is not one. msg says why the
// chain does not resolve; with neither a target nor msg, the chain has a
// malformed $ref (or c.err is set), which the walk reports.
func (c *checker) chase(f *srcFile, n *node, ptr string) (tf *srcFile, tn *node, tptr, msg string) {
	seen := map[string]bool{f.abs + "#" + ptr: true}
	chain := []string{"#" + ptr}
	cf, cn, cptr := f, n, ptr
	for {
		r := cn.get("$ref")
		if r.kind != kString {
			return nil, nil, "", ""
		}
		tf, tn, tptr, msg = c.resolve(cf, cptr, r.str)
		if c.err != nil || msg != "" {
			return nil, nil, "", msg
		}
		chain = append(chain, r.str)
		key := tf.abs + "#" + tptr
		if seen[key] {
			return nil, nil, "", "it is a $ref cycle: " + strings.Join(chain, " → ")
		}
		seen[key] = true
		if tn.kind != kObject || tn.get("$ref") == nil {
			return tf, tn, tptr, ""
		}
		cf, cn, cptr = tf, tn, tptr
	}
}

// kindAt returns the shape of the object at ptr in f, known when f is an
// OpenAPI document (the root, or a file with "openapi" that a $ref names)
// and the pointer goes through places whose shape the specification
// fixes; nil otherwise (a file of bare schemas or parameters, an
// extension).
func (c *checker) kindAt(f *srcFile, ptr string) *shape {
	if f != c.root && f.root.get("openapi") == nil {
		return nil
	}
	if ptr == "" {
		return docShape
	}
	s := docShape
	for _, tok := range strings.Split(ptr[1:], "/") {
		tok = strings.ReplaceAll(strings.ReplaceAll(tok, "~1", "/"), "~0", "~")
		switch s.kind {
		case sObject, sSchema:
			s = s.fields[tok]
		case sMap, sArray:
			s = s.elem
		default:
			return nil
		}
		if s == nil {
			return nil
		}
	}
	return s
}

// schemaWrongKind repairs a schema $ref (n, at ptr in f) whose chain ends
// at tn, at tptr in tf, when that is not a schema: a parameter, header or
// media type stands for its schema; anything else leaves raw JSON.
func (c *checker) schemaWrongKind(f *srcFile, n *node, ptr, ref string, tf *srcFile, tn *node, tptr string) {
	ks := c.kindAt(tf, tptr)
	if ks == nil || ks == schemaShape || ks.kind == sSchema {
		return
	}
	switch ks {
	case parameterShape, headerShape, mediaTypeShape:
		if sch := tn.get("schema"); sch != nil && (sch.kind == kObject || sch.kind == kBool) {
			to := refTo(f, tf, tptr+"/schema")
			c.warnf(f, ptr, "$ref %q is to %s, not a schema; it stands for the %s's schema (%s)", ref, aKind(ks), kindName(ks), to)
			for i, k := range n.keys {
				if k == "$ref" {
					n.vals[i] = &node{kind: kString, str: to}
				}
			}
			c.markPatched(f)
			return
		}
	}
	c.patchRef(f, n, ptr, ref, fmt.Sprintf("is to %s, not a schema", aKind(ks)))
}

// refTo writes a $ref, to be read in file from, to ptr in file to.
func refTo(from, to *srcFile, ptr string) string {
	frag := "#" + escapeFragment(ptr)
	if from == to || from.abs == to.abs {
		return frag
	}
	rel, err := filepath.Rel(filepath.Dir(from.abs), to.abs)
	if err != nil {
		rel = to.abs
	}
	return escapeFile(filepath.ToSlash(rel)) + frag
}

// escapeFragment escapes what a URL fragment may not hold as it is; the
// rest of a JSON pointer stays readable.
func escapeFragment(ptr string) string {
	return strings.NewReplacer("%", "%25", " ", "%20", "#", "%23", "{", "%7B", "}", "%7D", `"`, "%22").Replace(ptr)
}

func escapeFile(p string) string {
	return strings.NewReplacer("%", "%25", " ", "%20", "#", "%23", "?", "%3F").Replace(p)
}

// rebase copies n, a value in file from, for a place in file to: each
// $ref (and discriminator mapping) in it that names a place in a file is
// rewritten to name the same place from to.
func rebase(n *node, from, to *srcFile) *node {
	if n == nil {
		return nil
	}
	cp := &node{kind: n.kind, str: n.str}
	for _, it := range n.items {
		cp.items = append(cp.items, rebase(it, from, to))
	}
	for i, k := range n.keys {
		v := n.vals[i]
		switch {
		case k == "$ref" && v.kind == kString:
			v = &node{kind: kString, str: rebaseRef(v.str, from, to)}
		case k == "mapping" && v.kind == kObject:
			m := &node{kind: kObject}
			for j, mk := range v.keys {
				mv := v.vals[j]
				if mv.kind == kString && strings.ContainsAny(mv.str, "/#") {
					mv = &node{kind: kString, str: rebaseRef(mv.str, from, to)}
				}
				m.keys, m.vals = append(m.keys, mk), append(m.vals, mv)
			}
			v = m
		default:
			v = rebase(v, from, to)
		}
		cp.keys, cp.vals = append(cp.keys, k), append(cp.vals, v)
	}
	return cp
}

// rebaseRef rewrites ref, written in from, to mean the same from to.
func rebaseRef(ref string, from, to *srcFile) string {
	if from.abs == to.abs {
		return ref
	}
	filePart, frag, hasFrag := strings.Cut(ref, "#")
	if u, err := url.Parse(filePart); err == nil && len(u.Scheme) > 1 {
		return ref
	}
	abs := from.abs
	if filePart != "" {
		p := filePart
		if up, err := url.PathUnescape(p); err == nil {
			p = up
		}
		if filepath.IsAbs(p) {
			abs = p
		} else {
			abs = filepath.Join(filepath.Dir(from.abs), p)
		}
	}
	out := ""
	if abs != to.abs {
		rel, err := filepath.Rel(filepath.Dir(to.abs), abs)
		if err != nil {
			rel = abs
		}
		out = escapeFile(filepath.ToSlash(rel))
	}
	if hasFrag || out == "" {
		out += "#" + frag
	}
	return out
}
