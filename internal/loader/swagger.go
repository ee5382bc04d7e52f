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
func fromSwagger2(g *guard, path string, root *node) ([]byte, *node, Diagnostic, error) {
	fail := func(ptr, format string, args ...any) ([]byte, *node, Diagnostic, error) {
		return nil, nil, Diagnostic{}, &Error{Diagnostic{File: path, Pointer: ptr, Message: fmt.Sprintf(format, args...), Class: format}}
	}
	v := root.get("swagger")
	if v.kind == kNumber && (v.str == "2.0" || v.str == "2") {
		v.kind, v.str = kString, "2.0" // swagger: 2.0, unquoted in YAML
	}
	if v.kind != kString || v.str != "2.0" {
		return fail("/swagger", "unsupported Swagger version %s: orygen reads Swagger 2.0 and OpenAPI 3 documents", v.describe())
	}
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
	return out, root3, w, nil
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
