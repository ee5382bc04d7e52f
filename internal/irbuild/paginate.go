package irbuild

import (
	"github.com/getkin/kin-openapi/openapi3"
	"github.com/orygen/orygen/internal/ir"
)

// Pagination detection rules, in order:
//
//  1. An x-orygen-pagination extension on the operation declares it:
//     {token_param: NAME} (next page in the Link header) or
//     {token_param: NAME, items: FIELD, next_token: FIELD} (in the body).
//  2. A GET with a query parameter page_token whose success body is an
//     array: the next page is in the Link header (Ory's keyset style).
//  3. A GET with a query parameter page_token whose success body is an
//     object with a string next_page_token and exactly one array field:
//     the next token is in the body (Keto's style).
//  4. A GET with an integer query parameter page (and no page_token) whose
//     success body is an array: the next page number is in the Link
//     header (the legacy page/per_page style).
func (b *builder) pagination(o *ir.Operation, op *openapi3.Operation, names *namespace) *ir.Pagination {
	ext, _ := op.Extensions["x-orygen-pagination"].(map[string]any)
	if o.Method != "GET" && ext == nil {
		return nil
	}
	var res *ir.Response
	for _, r := range o.Responses {
		if r.Status >= 200 && r.Status < 300 && r.Type != nil && r.Kind == ir.BodyJSON {
			res = r
			break
		}
	}
	if res == nil {
		return nil
	}
	tokenName, itemsName, nextName := "page_token", "", "next_page_token"
	if ext != nil {
		tokenName, _ = ext["token_param"].(string)
		itemsName, _ = ext["items"].(string)
		if n, ok := ext["next_token"].(string); ok {
			nextName = n
		}
	}
	token := b.queryParam(o, tokenName)
	if token == nil && ext == nil {
		if page := b.queryParam(o, "page"); page != nil && isIntParam(b, page) {
			token = page
		}
	}
	if token == nil {
		if ext != nil {
			b.warnf(o.Pointer, "x-orygen-pagination: operation %s has no query parameter %q; not paginated", o.ID, tokenName)
		}
		return nil
	}
	p := &ir.Pagination{Token: token}
	if o.ResultName != "" {
		p.ResultField = res.Field
	}
	body := b.byName.Unalias(*res.Type)
	switch {
	case body.Kind == ir.RefSlice && itemsName == "":
		p.Style, p.Item = ir.PageLink, *body.Elem
	case body.Kind == ir.RefNamed && b.byName[body.Name] != nil && b.byName[body.Name].Kind == ir.KindStruct:
		st := b.byName[body.Name]
		var items []*ir.Field
		for _, f := range st.Fields {
			if f.JSONName == nextName && b.byName.Unalias(f.Type).Kind == ir.RefBuiltin && b.byName.Unalias(f.Type).Builtin == ir.String {
				p.NextField = f
			}
			if b.byName.Unalias(f.Type).Kind == ir.RefSlice && (itemsName == "" || f.JSONName == itemsName) {
				items = append(items, f)
			}
		}
		if p.NextField == nil || len(items) != 1 {
			if ext != nil {
				b.warnf(o.Pointer, "x-orygen-pagination: cannot find the items (%q) and next token (%q) fields of %s; not paginated", itemsName, nextName, st.Name)
			}
			return nil
		}
		p.Style, p.ItemsField, p.Item = ir.PageBody, items[0].Name, *b.byName.Unalias(items[0].Type).Elem
	default:
		return nil
	}
	p.IterName, _ = names.claim(string(o.Name) + "All")
	return p
}

func (b *builder) queryParam(o *ir.Operation, name string) *ir.Param {
	for _, p := range o.Params {
		if p.In == ir.InQuery && p.Name == name {
			return p
		}
	}
	return nil
}

func isIntParam(b *builder, p *ir.Param) bool {
	r := b.byName.Unalias(p.Type)
	return r.Kind == ir.RefBuiltin && (r.Builtin == ir.Int64 || r.Builtin == ir.Int32)
}
