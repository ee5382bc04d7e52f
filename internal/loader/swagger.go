package loader

import (
	"encoding/json"
	"fmt"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi2"
	"github.com/getkin/kin-openapi/openapi2conv"
	"github.com/getkin/kin-openapi/openapi3"
)

// isSwagger2 reports whether a parsed document is Swagger 2.0 (it has
// "swagger" and no "openapi").
func isSwagger2(root *node) bool {
	return root != nil && root.kind == kObject && root.get("swagger") != nil && root.get("openapi") == nil
}

// fromSwagger2 converts a Swagger 2.0 document to OpenAPI 3.0 with
// kin-openapi's openapi2conv: host, basePath and schemes become servers,
// consumes and produces media types, body and formData parameters request
// bodies (a form, or multipart where there is a file), definitions and
// the rest components. It returns the converted document as JSON, parsed,
// and a warning saying that what follows is about the converted document.
func fromSwagger2(g *guard, path string, root *node) ([]byte, *node, []Diagnostic, error) {
	fail := func(ptr, format string, args ...any) ([]byte, *node, []Diagnostic, error) {
		return nil, nil, nil, &Error{Diagnostic{File: path, Pointer: ptr, Message: fmt.Sprintf(format, args...), Class: format}}
	}
	v := root.get("swagger")
	if v.kind == kNumber && (v.str == "2.0" || v.str == "2") {
		v.kind, v.str = kString, "2.0" // swagger: 2.0, unquoted in YAML
	}
	if v.kind != kString || v.str != "2.0" {
		return fail("/swagger", "unsupported Swagger version %s: orygen reads Swagger 2.0 and OpenAPI 3 documents", v.describe())
	}
	if d := inlineSwaggerRefs(g, path, root); d != nil {
		return nil, nil, nil, &Error{*d}
	}
	var warns []Diagnostic
	itemsLists(path, root, "", &warns)
	var doc2 openapi2.T
	if err := json.Unmarshal(nodeJSON(root), &doc2); err != nil {
		return fail("", "Swagger 2.0 document does not load: %s", firstLine(err.Error()))
	}
	doc3, err := toV3Safely(g, path, &doc2)
	if err != nil {
		return fail("", "Swagger 2.0 document does not convert to OpenAPI 3: %s", firstLine(err.Error()))
	}
	out, err := json.Marshal(doc3)
	if err != nil {
		return fail("", "converted Swagger 2.0 document does not encode: %v", err)
	}
	root3, err := parseDocument(path, out)
	if err != nil {
		return fail("", "converted Swagger 2.0 document does not parse: %v", err)
	}
	w := Diagnostic{File: path, Pointer: "/swagger", Message: "a Swagger 2.0 document: converted to OpenAPI 3.0 to generate code; " +
		"other messages point into the converted document (#/definitions/X is #/components/schemas/X there)"}
	return out, root3, append([]Diagnostic{w}, warns...), nil
}

// itemsLists repairs "items" written as a list of schemas (JSON Schema's
// old tuple form, which Swagger 2.0 does not have): its first schema is
// the items' schema (an empty list: any value), with a warning. Values
// that are data (examples, enums, defaults, extensions) are left alone.
func itemsLists(file string, n *node, ptr string, warns *[]Diagnostic) {
	switch n.kind {
	case kArray:
		for i, it := range n.items {
			itemsLists(file, it, ptr+"/"+strconv.Itoa(i), warns)
		}
	case kObject:
		for i, k := range n.keys {
			v := n.vals[i]
			switch {
			case k == "example" || k == "examples" || k == "enum" || k == "default" || k == "x-example" || strings.HasPrefix(k, "x-"):
				continue
			case k == "items" && v.kind == kArray:
				first := &node{kind: kObject}
				if len(v.items) > 0 && v.items[0].kind == kObject {
					first = v.items[0]
				}
				*warns = append(*warns, Diagnostic{File: file, Pointer: ptr + "/items", Message: fmt.Sprintf(
					"items is a list of %d schemas, not a schema; the first is the items' schema", len(v.items))})
				n.vals[i] = first
				v = first
			}
			itemsLists(file, v, ptr+"/"+Escape(k), warns)
		}
	}
}

// toV3Safely runs the conversion, turning a panic in it (seen on some
// malformed documents) into an error. Refs into other files are followed
// as the OpenAPI 3 loader follows them.
func toV3Safely(g *guard, path string, doc2 *openapi2.T) (doc3 *openapi3.T, err error) {
	defer func() {
		if r := recover(); r != nil {
			doc3, err = nil, fmt.Errorf("%v", r)
		}
	}()
	l := newKinLoader(g.readURI)
	abs, aerr := filepath.Abs(path)
	if aerr != nil {
		abs = path
	}
	return openapi2conv.ToV3WithLoader(doc2, l, &url.URL{Path: filepath.ToSlash(abs)})
}

// nodeJSON writes a parsed document as JSON, for the decoders that take
// JSON only.
func nodeJSON(n *node) []byte {
	var b strings.Builder
	writeJSON(&b, n)
	return []byte(b.String())
}

func writeJSON(b *strings.Builder, n *node) {
	if n == nil {
		b.WriteString("null")
		return
	}
	switch n.kind {
	case kNull:
		b.WriteString("null")
	case kBool:
		b.WriteString(n.str)
	case kNumber:
		b.WriteString(jsonNumber(n.str))
	case kString:
		q, _ := json.Marshal(n.str)
		b.Write(q)
	case kArray:
		b.WriteByte('[')
		for i, it := range n.items {
			if i > 0 {
				b.WriteByte(',')
			}
			writeJSON(b, it)
		}
		b.WriteByte(']')
	case kObject:
		b.WriteByte('{')
		for i, k := range n.keys {
			if i > 0 {
				b.WriteByte(',')
			}
			q, _ := json.Marshal(k)
			b.Write(q)
			b.WriteByte(':')
			writeJSON(b, n.vals[i])
		}
		b.WriteByte('}')
	}
}

// jsonNumber writes a number literal (YAML allows 0x1F, 1_000, +1, .5) as
// JSON; what is not a number is kept as a string.
func jsonNumber(s string) string {
	if json.Valid([]byte(s)) {
		return s
	}
	t := strings.ReplaceAll(s, "_", "")
	if i, err := strconv.ParseInt(t, 0, 64); err == nil {
		return strconv.FormatInt(i, 10)
	}
	if f, err := strconv.ParseFloat(t, 64); err == nil {
		if out, err := json.Marshal(f); err == nil {
			return string(out)
		}
	}
	q, _ := json.Marshal(s)
	return string(q)
}

// inlineSwaggerRefs copies into the document the path items, operations,
// parameters and responses that are $refs to other files (operations:
// any $ref): the conversion to OpenAPI 3 converts
// what the document holds, and would leave such a ref naming a Swagger 2.0
// object (a parameter with type: integer and no schema) where OpenAPI 3
// expects its own. The $refs inside a copy are rebased to the document.
func inlineSwaggerRefs(g *guard, path string, root *node) *Diagnostic {
	c := newChecker(path, root)
	c.guard = g
	inline := func(n *node, ptr string) {
		r := n.get("$ref")
		if c.err != nil || n.kind != kObject || r == nil || r.kind != kString || strings.HasPrefix(r.str, "#") {
			return
		}
		tf, tn, _, msg := c.chase(c.root, n, ptr)
		if msg != "" || tf == nil || tn.kind != kObject {
			return // left to the checks after the conversion
		}
		cp := rebase(tn, tf, c.root)
		n.keys, n.vals, n.idx = cp.keys, cp.vals, nil
	}
	list := func(l *node, ptr string) {
		if l != nil && l.kind == kArray {
			for i, p := range l.items {
				inline(p, ptr+"/"+strconv.Itoa(i))
			}
		}
	}
	dict := func(m *node, ptr string) {
		if m != nil && m.kind == kObject {
			for i, k := range m.keys {
				inline(m.vals[i], ptr+"/"+Escape(k))
			}
		}
	}
	dict(root.get("parameters"), "/parameters")
	dict(root.get("responses"), "/responses")
	if paths := root.get("paths"); paths != nil && paths.kind == kObject {
		for i, k := range paths.keys {
			item, iptr := paths.vals[i], "/paths/"+Escape(k)
			inline(item, iptr) // a path item in another file
			if item.kind != kObject {
				continue
			}
			list(item.get("parameters"), iptr+"/parameters")
			for j, m := range item.keys {
				op := item.vals[j]
				if !isMethod(m) || op.kind != kObject {
					continue
				}
				// An operation that is a $ref, even into the document:
				// Swagger 2.0 has no such thing, and the conversion drops it.
				if r := op.get("$ref"); r != nil && r.kind == kString && c.err == nil {
					if tf, tn, _, msg := c.chase(c.root, op, iptr+"/"+m); msg == "" && tf != nil && tn.kind == kObject {
						cp := rebase(tn, tf, c.root)
						op.keys, op.vals, op.idx = cp.keys, cp.vals, nil
					}
				}
				list(op.get("parameters"), iptr+"/"+m+"/parameters")
				dict(op.get("responses"), iptr+"/"+m+"/responses")
			}
		}
	}
	return c.err
}
