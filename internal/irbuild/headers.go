package irbuild

import (
	"net/http"
	"sort"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/orygen/orygen/internal/ir"
	"github.com/orygen/orygen/internal/loader"
)

// responseHeaders reads the headers the 2xx responses of op declare, for
// the fields of its Result. A header declared by several successes is
// one field, typed by the first (by status); Content-Type, which OpenAPI
// says to ignore, is none.
func (b *builder) responseHeaders(o *ir.Operation, op *openapi3.Operation, ptr string) {
	if op.Responses == nil || o.Streams || (o.Success != nil && o.Success.Kind == ir.BodyBinary) {
		return
	}
	m := op.Responses.Map()
	byKey := map[string]*ir.ResponseHeader{}
	successes := 0
	declared := map[string]int{} // successes declaring each header
	for _, code := range sortedKeys(m) {
		status, _, ok := parseStatus(code)
		rr := m[code]
		if !ok || status < 200 || status >= 300 || rr == nil || rr.Value == nil {
			continue
		}
		successes++
		for _, name := range sortedKeys(rr.Value.Headers) {
			key := http.CanonicalHeaderKey(name)
			hr := rr.Value.Headers[name]
			if key == "Content-Type" || hr == nil || hr.Value == nil {
				continue
			}
			hptr := ptr + "/responses/" + loader.Escape(code) + "/headers/" + loader.Escape(name)
			if !headerToken(name) {
				b.warnf(hptr, "operation %s: response header %q is not a header name HTTP can carry; left out", o.ID, name)
				continue
			}
			declared[key]++
			if h := byKey[key]; h != nil {
				h.Required = h.Required && hr.Value.Required
				continue
			}
			h := &ir.ResponseHeader{Name: name, Required: hr.Value.Required, Doc: hr.Value.Description,
				Type: b.headerType(o, name, hr.Value, hptr)}
			byKey[key] = h
			o.Headers = append(o.Headers, h)
		}
	}
	for _, h := range o.Headers {
		// A success that does not declare it need not send it.
		if declared[http.CanonicalHeaderKey(h.Name)] < successes || h.Type.Kind == ir.RefSlice {
			h.Required = false
		}
	}
	sort.Slice(o.Headers, func(i, j int) bool {
		return http.CanonicalHeaderKey(o.Headers[i].Name) < http.CanonicalHeaderKey(o.Headers[j].Name)
	})
}

// headerType is the Go type a header's schema parses into: a scalar, a
// date-time, or a list of scalars. Any other schema (an object, a
// content map) is kept as the header's text, with a warning.
func (b *builder) headerType(o *ir.Operation, name string, h *openapi3.Header, ptr string) ir.TypeRef {
	str := ir.TypeRef{Kind: ir.RefBuiltin, Builtin: ir.String}
	if h.Schema == nil || h.Schema.Value == nil {
		if h.Content != nil {
			b.warnf(ptr, "operation %s: response header %s has a content map, which orygen does not parse; its field holds the header's text", o.ID, name)
		}
		return str
	}
	s := h.Schema.Value
	if s.Type.Is("array") {
		if s.Items != nil && s.Items.Value != nil {
			if elem, ok := scalarHeader(s.Items.Value); ok {
				return ir.TypeRef{Kind: ir.RefSlice, Elem: &elem}
			}
		}
		b.warnf(ptr, "operation %s: response header %s is a list of items that are not scalars; its field holds the header's text", o.ID, name)
		return str
	}
	if t, ok := scalarHeader(s); ok {
		return t
	}
	b.warnf(ptr, "operation %s: response header %s has a schema orygen does not parse in a header (an object or a union); its field holds the header's text", o.ID, name)
	return str
}

// scalarHeader is the type of a scalar header schema.
func scalarHeader(s *openapi3.Schema) (ir.TypeRef, bool) {
	bt := func(k ir.Builtin) (ir.TypeRef, bool) { return ir.TypeRef{Kind: ir.RefBuiltin, Builtin: k}, true }
	switch {
	case s.Type.Is("string") && strings.EqualFold(s.Format, "date-time"):
		return ir.TypeRef{Kind: ir.RefTime}, true
	case s.Type.Is("string"):
		return bt(ir.String)
	case s.Type.Is("integer") && s.Format == "int32":
		return bt(ir.Int32)
	case s.Type.Is("integer"):
		return bt(ir.Int64)
	case s.Type.Is("number"):
		return bt(ir.Float64)
	case s.Type.Is("boolean"):
		return bt(ir.Bool)
	}
	return ir.TypeRef{}, false
}

// headerToken reports whether name is an HTTP field name (RFC 9110's
// token), which a response can carry.
func headerToken(name string) bool {
	for _, r := range name {
		if !('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9' || strings.ContainsRune("!#$%&'*+-.^_`|~", r)) {
			return false
		}
	}
	return name != ""
}
