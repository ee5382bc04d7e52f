package irbuild

import (
	"strings"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/orygen/orygen/internal/ir"
	"github.com/orygen/orygen/internal/loader"
)

// MediaKind classifies a media type; the int ranks which one a client
// prefers (pickContent).
func MediaKind(mt string) (ir.BodyKind, int) {
	mt = baseMediaType(mt)
	switch {
	case mt == "application/json" || strings.HasSuffix(mt, "+json"):
		return ir.BodyJSON, 0
	case mt == "application/x-www-form-urlencoded":
		return ir.BodyForm, 1
	case mt == "multipart/form-data":
		return ir.BodyMultipart, 2
	case mt == "text/event-stream":
		return ir.BodyEvents, 3
	case strings.HasPrefix(mt, "text/"):
		return ir.BodyText, 3
	}
	return ir.BodyBinary, 4
}

// baseMediaType is mt without its parameters, in lower case.
func baseMediaType(mt string) string {
	return strings.ToLower(strings.TrimSpace(strings.SplitN(mt, ";", 2)[0]))
}

// pickContent chooses the media type a client uses: JSON first, then
// form, text and anything else; ties are broken by name.
func pickContent(c openapi3.Content) (string, *openapi3.MediaType) {
	best, rank := "", 99
	for _, mt := range sortedKeys(c) {
		if _, r := MediaKind(mt); r < rank {
			best, rank = mt, r
		}
	}
	if best == "" {
		return "", nil
	}
	return best, c[best]
}

// family is the media-type family a request body kind belongs to: an
// event stream is text.
func family(k ir.BodyKind) ir.BodyKind {
	if k == ir.BodyEvents {
		return ir.BodyText
	}
	return k
}

// familySuffix ends the name of the method that sends a body of the
// family (BodyAlt). JSON is never an alternative: it ranks first.
var familySuffix = map[ir.BodyKind]string{
	ir.BodyForm: "Form", ir.BodyMultipart: "Multipart", ir.BodyText: "Text", ir.BodyBinary: "Binary",
}

// altSuffix is familySuffix, but XML for a binary body offered only in
// XML media types (a Swagger 2.0 spec's application/xml beside JSON),
// which a reader of the API knows by that name.
func altSuffix(body *ir.Body) string {
	f := family(body.Kind)
	if f != ir.BodyBinary {
		return familySuffix[f]
	}
	for _, mt := range append([]string{body.MediaType}, body.Family...) {
		mt = strings.ToLower(strings.TrimSpace(strings.SplitN(mt, ";", 2)[0]))
		if mt != "application/xml" && !strings.HasSuffix(mt, "+xml") {
			return familySuffix[f]
		}
	}
	return "XML"
}

// body reads an operation's request body: the media type pickContent
// ranks first (a form with a file gives way to multipart) is the
// operation's Body, and each other family the document offers is a
// BodyAlt, named later (claimBodyAlts). A form beside JSON with the same
// schema is not a method of its own: WithFormBody re-encodes the JSON
// body, as before alternatives had methods. A form with a file beside
// multipart is none either: a file travels only in multipart.
func (b *builder) body(o *ir.Operation, rb *openapi3.RequestBodyRef, ptr string) *ir.Body {
	if rb.Value == nil {
		return nil
	}
	c := rb.Value.Content
	mt, media := pickContent(c)
	if media == nil {
		return nil
	}
	mt, media = preferMultipart(c, mt, media)
	kind, _ := MediaKind(mt)
	for _, other := range sortedKeys(c) {
		if k, _ := MediaKind(other); family(k) == family(kind) && c[other] != nil && typeRank(other) < typeRank(mt) {
			mt, media = other, c[other]
		}
	}
	kind, _ = MediaKind(mt)
	body := b.mediaBody(o, rb.Value.Required, mt, media, ptr, string(o.Name)+"Body")
	for _, other := range sortedKeys(c) {
		if other != mt {
			body.Alt = append(body.Alt, other)
		}
	}
	// Each other family's plain media type (text/plain,
	// application/octet-stream), else its first specific one by name,
	// else its first media range.
	firsts := map[ir.BodyKind]string{}
	for _, other := range sortedKeys(c) {
		k, _ := MediaKind(other)
		f := family(k)
		if f == family(kind) || c[other] == nil {
			continue
		}
		if firsts[f] == "" || typeRank(other) < typeRank(firsts[f]) {
			firsts[f] = other
		}
	}
	for _, f := range []ir.BodyKind{ir.BodyForm, ir.BodyMultipart, ir.BodyText, ir.BodyBinary} {
		other := firsts[f]
		if other == "" {
			continue
		}
		om := c[other]
		switch {
		case f == ir.BodyForm && kind == ir.BodyJSON && sameSchema(media.Schema, om.Schema):
			body.FormOK = true
			body.FormFields = b.formFields(om, ptr+"/content/"+loader.Escape(other)+"/encoding")
			continue
		case f == ir.BodyForm && (kind == ir.BodyMultipart || firsts[ir.BodyMultipart] != "") && hasFile(om):
			continue
		}
		ctx := string(o.Name) + familySuffix[f] + "Body"
		alt := b.mediaBody(o, rb.Value.Required, other, om, ptr, ctx)
		alt.Family = sameFamily(c, other)
		o.BodyAlts = append(o.BodyAlts, &ir.BodyAlt{Body: alt})
	}
	body.Family = sameFamily(c, mt)
	return body
}

// typeRank orders the media types of a family: the plain one, specific
// ones, ranges.
func typeRank(mt string) int {
	switch base := baseMediaType(mt); {
	case base == "text/plain" || base == "application/octet-stream":
		return 0
	case strings.Contains(base, "*"):
		return 2
	}
	return 1
}

// sameFamily are the media types of c in mt's family, but mt and media
// ranges (no Content-Type can name one).
func sameFamily(c openapi3.Content, mt string) []string {
	k, _ := MediaKind(mt)
	var out []string
	for _, other := range sortedKeys(c) {
		if ok, _ := MediaKind(other); other != mt && family(ok) == family(k) && !strings.Contains(other, "*") {
			out = append(out, other)
		}
	}
	return out
}

// mediaBody is the body of one media type; ctx names an inline schema's
// type.
func (b *builder) mediaBody(o *ir.Operation, required bool, mt string, media *openapi3.MediaType, ptr, ctx string) *ir.Body {
	kind, _ := MediaKind(mt)
	body := &ir.Body{Required: required, MediaType: mt, Kind: kind}
	mptr := ptr + "/content/" + loader.Escape(mt)
	switch kind {
	case ir.BodyJSON, ir.BodyForm, ir.BodyMultipart:
		body.Type = b.ref(media.Schema, ctx, mptr+"/schema", 0)
	case ir.BodyText, ir.BodyEvents:
		body.Kind = ir.BodyText
		body.Type = ir.TypeRef{Kind: ir.RefBuiltin, Builtin: ir.String}
	default:
		body.Type = ir.TypeRef{Kind: ir.RefBuiltin, Builtin: ir.Bytes}
	}
	switch kind {
	case ir.BodyForm:
		body.FormFields = b.formFields(media, mptr+"/encoding")
	case ir.BodyMultipart:
		body.Parts = b.partEncodings(o, media, mptr+"/encoding")
	}
	if strings.Contains(baseMediaType(mt), "*") {
		// A range is no Content-Type: send what it most plainly covers.
		body.Range = mt
		switch body.Kind {
		case ir.BodyText:
			body.MediaType = "text/plain"
		case ir.BodyJSON:
			body.MediaType = "application/json"
		default:
			body.MediaType = "application/octet-stream"
		}
	}
	return body
}

// sameSchema reports whether two media types of a body have one schema.
func sameSchema(a, b *openapi3.SchemaRef) bool {
	switch {
	case a == nil || b == nil:
		return a == b
	case a == b, a.Ref != "" && a.Ref == b.Ref:
		return true
	}
	return a.Value != nil && a.Value == b.Value
}

// partSchema is the schema of the property name of a body, nil if the
// body's schema does not declare it.
func partSchema(media *openapi3.MediaType, name string) *openapi3.Schema {
	if media.Schema == nil || media.Schema.Value == nil {
		return nil
	}
	if p := media.Schema.Value.Properties[name]; p != nil {
		return p.Value
	}
	return nil
}

// structured reports whether a part's schema is an object or a list of
// anything but files: values the client sends as JSON text.
func structured(s *openapi3.Schema) bool {
	switch typeOf(s) {
	case "object":
		return true
	case "array":
		return s.Items == nil || s.Items.Value == nil || s.Items.Value.Format != "binary"
	}
	return false
}

// isFile reports whether the property name of a body's schema is binary.
func isFile(media *openapi3.MediaType, name string) bool {
	if media.Schema == nil || media.Schema.Value == nil {
		return false
	}
	p := media.Schema.Value.Properties[name]
	return p != nil && p.Value != nil && p.Value.Format == "binary"
}

// hasFile reports whether a body's schema has a binary property.
func hasFile(media *openapi3.MediaType) bool {
	if media == nil || media.Schema == nil || media.Schema.Value == nil {
		return false
	}
	for _, p := range media.Schema.Value.Properties {
		if p != nil && p.Value != nil && p.Value.Format == "binary" {
			return true
		}
	}
	return false
}

// preferMultipart: of a body offered as a form and as multipart, a form
// is the client's usual choice, but a file (a binary property) travels
// only in multipart, as Swagger 2.0 documents whose formData has a file
// and consumes both put it.
func preferMultipart(c openapi3.Content, mt string, media *openapi3.MediaType) (string, *openapi3.MediaType) {
	if k, _ := MediaKind(mt); k != ir.BodyForm || !hasFile(media) {
		return mt, media
	}
	for _, other := range sortedKeys(c) {
		if k, _ := MediaKind(other); k == ir.BodyMultipart {
			return other, c[other]
		}
	}
	return mt, media
}

// partEncodings reads the encoding object of a multipart media type: a
// part's contentType (its first specific media type is the part's
// Content-Type; a JSON one sends the value as JSON text) and the headers
// it declares, which the caller sends with WithPartHeader. Content-Type
// among the headers is ignored, as OpenAPI says; style and explode do not
// apply to multipart.
func (b *builder) partEncodings(o *ir.Operation, media *openapi3.MediaType, ptr string) []ir.PartEncoding {
	if media == nil {
		return nil
	}
	var out []ir.PartEncoding
	for _, name := range sortedKeys(media.Encoding) {
		e := media.Encoding[name]
		if e == nil {
			continue
		}
		eptr := ptr + "/" + loader.Escape(name)
		prop := partSchema(media, name)
		if prop == nil && media.Schema != nil && media.Schema.Value != nil && len(media.Schema.Value.Properties) > 0 {
			b.warnf(eptr, "operation %s: the encoding names %q, which is no property of the body; ignored", o.ID, name)
			continue
		}
		p := ir.PartEncoding{Name: name}
		var n int
		for _, ct := range strings.Split(e.ContentType, ",") {
			if ct = strings.TrimSpace(ct); ct == "" {
				continue
			}
			n++
			if p.ContentType == "" && !strings.Contains(baseMediaType(ct), "*") {
				p.ContentType = ct
			}
		}
		if n > 1 || n == 1 && p.ContentType == "" {
			p.Accepts = strings.TrimSpace(e.ContentType)
		}
		if n == 1 && baseMediaType(p.ContentType) == "application/octet-stream" && isFile(media, name) {
			p.ContentType = "" // a file's default
		}
		if k, _ := MediaKind(p.ContentType); p.ContentType != "" && k == ir.BodyJSON {
			p.JSON = true
		}
		if p.ContentType != "" && !p.JSON && prop != nil && structured(prop) {
			// The client writes objects and lists of values only as JSON.
			b.warnf(eptr+"/contentType", "operation %s: part %s (%s) is sent as JSON text without a Content-Type: the client writes no %s", o.ID, name, typeOf(prop), p.ContentType)
			p.ContentType = ""
		}
		for _, hn := range sortedKeys(e.Headers) {
			h := e.Headers[hn]
			if strings.EqualFold(hn, "Content-Type") || h == nil || h.Value == nil {
				continue
			}
			if strings.EqualFold(hn, "Content-Disposition") {
				b.warnf(eptr+"/headers/"+loader.Escape(hn), "operation %s: the Content-Disposition of a multipart part names it; the header is ignored", o.ID)
				continue
			}
			ph := ir.PartHeader{Name: hn, Required: h.Value.Required, Doc: h.Value.Description}
			if s := h.Value.Schema; s != nil && s.Value != nil {
				ph.Schema = typeOf(s.Value)
			}
			p.Headers = append(p.Headers, ph)
		}
		if p.ContentType == "" && p.Accepts == "" && len(p.Headers) == 0 {
			continue
		}
		out = append(out, p)
	}
	return out
}

// claimBodyAlts names the methods of svc's operations that send their
// bodies in another media-type family: the operation's method name and
// the family (UploadMultipart, PutNotesText), after its service's name was
// dropped from the method's front; the package-level names start with
// the operation's full name. A method name the service has already is
// not taken: the alternative takes a number, with a warning.
func (b *builder) claimBodyAlts(svc *ir.Service) {
	used := newNamespace(notMethodNames...)
	for _, o := range svc.Operations {
		used.used[string(o.Name)] = true
		if o.Pagination != nil {
			used.used[string(o.Pagination.IterName)] = true
		}
		if o.Stream != nil {
			used.used[string(o.Stream.Name)] = true
		}
	}
	for _, o := range svc.Operations {
		for _, a := range o.BodyAlts {
			want := string(o.Name) + altSuffix(a.Body)
			name, renamed := used.claim(want)
			if renamed {
				b.warnf(o.Pointer, "operation %s: method name %s for its %s body is taken; using %s", o.ID, want, a.Body.MediaType, name)
			}
			a.Name = name
			full := string(o.FullName) + strings.TrimPrefix(string(name), string(o.Name))
			a.RequestName = b.claimType("New"+full+"Request", o.Pointer, "request builder of "+o.ID+" ("+a.Body.MediaType+")")
			a.BuildName = b.claimType("build"+full, o.Pointer, "request of "+o.ID+" ("+a.Body.MediaType+")")
		}
	}
}

// uploads makes the binary fields of multipart bodies Uploads (and lists
// of them []Upload), so that files are streamed from a reader with a name
// and content type, each a part of its own. A component schema is one
// too when nothing else uses it; one that is also JSON somewhere (a
// response, a field, another body) keeps []byte, which JSON can carry.
func (b *builder) uploads(services []*ir.Service) {
	elsewhere := b.usedOutsideMultipart(services)
	for _, s := range services {
		for _, op := range s.Operations {
			bodies := []*ir.Body{op.Body}
			for _, a := range op.BodyAlts {
				bodies = append(bodies, a.Body)
			}
			for _, body := range bodies {
				if body == nil || body.Kind != ir.BodyMultipart {
					continue
				}
				t := b.resolveNamed(body.Type)
				if t == nil || t.Kind != ir.KindStruct || t.SchemaName != "" && elsewhere[t.Name] {
					continue
				}
				for _, f := range t.Fields {
					if f.Nullable {
						continue
					}
					switch r := &f.Type; {
					case isBytes(*r):
						r.Builtin = ir.Upload
					case r.Kind == ir.RefSlice && isBytes(*r.Elem):
						r.Elem = &ir.TypeRef{Kind: ir.RefBuiltin, Builtin: ir.Upload}
					}
				}
			}
		}
	}
}

func isBytes(r ir.TypeRef) bool { return r.Kind == ir.RefBuiltin && r.Builtin == ir.Bytes }

// resolveNamed is the type r names, through aliases; nil if r names none.
func (b *builder) resolveNamed(r ir.TypeRef) *ir.Type {
	for range 100 {
		if r.Kind != ir.RefNamed {
			return nil
		}
		t := b.byName[r.Name]
		if t == nil || t.Kind != ir.KindAlias || t.Alias == nil {
			return t
		}
		r = *t.Alias
	}
	return nil
}

// usedOutsideMultipart are the types something other than a multipart
// body refers to: a type's field, element, variant or alias, a
// parameter, another body, a response. A multipart body's reference
// through an alias counts as multipart.
func (b *builder) usedOutsideMultipart(services []*ir.Service) map[ir.Ident]bool {
	used := map[ir.Ident]bool{}
	var mark func(r *ir.TypeRef)
	mark = func(r *ir.TypeRef) {
		for r != nil {
			if r.Kind == ir.RefNamed && !used[r.Name] {
				used[r.Name] = true
				if t := b.byName[r.Name]; t != nil && t.Kind == ir.KindAlias {
					mark(t.Alias) // what an alias names is used where it is
				}
			}
			r = r.Elem
		}
	}
	for _, s := range services {
		for _, op := range s.Operations {
			for _, p := range op.PathParams {
				mark(&p.Type)
			}
			for _, p := range op.Params {
				mark(&p.Type)
			}
			bodies := []*ir.Body{op.Body}
			for _, a := range op.BodyAlts {
				bodies = append(bodies, a.Body)
			}
			for _, body := range bodies {
				switch {
				case body == nil:
				case body.Kind == ir.BodyMultipart:
				default:
					mark(&body.Type)
				}
			}
			for _, r := range op.Responses {
				mark(r.Type)
			}
			if op.Stream != nil {
				mark(op.Stream.Response.Type)
			}
		}
	}
	for _, t := range b.types {
		for _, f := range t.Fields {
			mark(&f.Type)
		}
		mark(t.Additional)
		if t.Union != nil {
			for _, v := range t.Union.Variants {
				used[v.Type] = true
			}
		}
	}
	return used
}
