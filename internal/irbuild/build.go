package irbuild

import (
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/orygen/orygen/internal/ir"
	"github.com/orygen/orygen/internal/loader"
)

// Options tunes the model.
type Options struct {
	// Reserved names are package-level identifiers the emitter defines
	// itself; spec-derived names avoid them.
	Reserved []string
	// Names overrides the Go names of component schemas: schema name →
	// Go name. A name the spec has no component schema of is an error.
	Names map[string]string
	// Initialisms are extra words written in capitals in Go names, spelled
	// as they should appear ("SMS", "OTel").
	Initialisms []string
	// Note, when set, receives the naming decisions orygen makes on its
	// own where names collide and that the user has nothing to act on (a
	// schema whose Go name is taken by another that only names a plain
	// type, a path parameter's local Go name): not warnings, since no
	// spec or config change is asked for, but worth a -v line.
	Note func(loader.Diagnostic)
	// Env names the environment variables the package reads (base_url,
	// or a security scheme's name → the variable), as checked by the
	// pipeline; nil generates no WithEnv.
	Env map[string]string
	// IdempotencyHeader is the header of the key sent with each call of
	// an unsafe method; "" sends none.
	IdempotencyHeader string
	// EnvOrigin names where Env was written (a config's target), for its
	// errors.
	EnvOrigin string
	// ledger, when set, records what became of each schema object read
	// (the keyword accounting test).
	ledger *ledger
}

type builder struct {
	doc      *openapi3.T
	spec     *loader.Spec
	file     string
	ns       *namespace
	markers  *namespace          // the union marker methods (claimMarker)
	refNames map[string]ir.Ident // $ref → Go type name
	byName   ir.TypeIndex
	types    []*ir.Type
	unions   []*ir.Type
	// tagged are the discriminated unions' schemas, until sealVariants;
	// inlineVariants the types of their inline members, by pointer, which
	// an untagged union made from the same schema reuses.
	tagged         map[ir.Ident]taggedSource
	inlineVariants map[string]ir.Ident
	objectVariants map[ir.Ident]bool // made from free-form object schemas (noteObject)
	// expanding are the inline schemas being made, up the stack (inlineOnce).
	expanding map[*openapi3.Schema]bool
	warns     []loader.Diagnostic
	errs      []loader.Diagnostic
	at        string            // pointer of the component or operation being built, for recoverPanic
	names     map[string]string // Options.Names
	runtime   map[string]bool   // Options.Reserved
	// inlined are component schemas that are only another name for a
	// plain type and whose Go name was taken: their uses take that type.
	inlined map[string]bool
	extra   map[string]string // Options.Initialisms, lower-case → spelling
	goNames map[string]string // goName's results: the same property names recur across schemas
	// shapes groups the component schemas sameAsComponent may match by
	// their shapeHint, in name order; their shapeKeys are written as they
	// are first needed.
	shapes map[string][]*shapeEntry
	stats  ir.SchemaStats
	// fields counts the struct fields made so far, against fieldBudget.
	fields int
	ledger *ledger // Options.ledger
	// allOfDrops memoizes memberDrops for objects.
	allOfDrops map[*openapi3.Schema][]allOfDrop
	// pendingParams wait for every type to be complete, when their
	// style and presence are decided (decideParams).
	pendingParams []pendingParam

	// note is Options.Note.
	note func(loader.Diagnostic)
}

// Build turns a loaded spec into the model. Warnings are problems worked
// around; the error, if any, is a *loader.Error naming the first problem
// that could not be. The model may hold inline types nothing uses any
// more (those of the discriminators sealVariants takes out of their
// variants): prune.DropOrphans removes them, as the pipeline does.
func Build(spec *loader.Spec, opts Options) (_ *ir.API, _ []loader.Diagnostic, err error) {
	b := &builder{
		doc:      spec.Doc,
		spec:     spec,
		file:     spec.File,
		ns:       newNamespace(opts.Reserved...),
		refNames: map[string]ir.Ident{},
		byName:   map[ir.Ident]*ir.Type{},
		names:    opts.Names,
		extra:    map[string]string{},
		runtime:  map[string]bool{},
		inlined:  map[string]bool{},
		ledger:   opts.ledger,
		note:     opts.Note,
	}
	for _, r := range opts.Reserved {
		b.runtime[r] = true
	}
	defer b.recoverPanic(&err)
	for _, k := range slices.Sorted(maps.Keys(opts.Names)) {
		if spec.Doc.Components == nil || spec.Doc.Components.Schemas[k] == nil {
			return nil, nil, &loader.Error{Diagnostic: loader.Diagnostic{File: spec.File, Message: fmt.Sprintf("names: the spec has no component schema %q", k)}}
		}
	}
	if err := checkEnv(opts.Env, opts.EnvOrigin, spec); err != nil {
		return nil, nil, err
	}
	for _, w := range opts.Initialisms {
		b.extra[strings.ToLower(w)] = w
	}
	api := &ir.API{SpecName: filepath.Base(spec.File)}
	if info := spec.Doc.Info; info != nil {
		api.Title, api.Version, api.Description = info.Title, info.Version, info.Description
	}
	api.Servers = b.servers()
	b.declareComponents()
	api.Security = b.securitySchemes()
	api.Services = b.services(api.Security)
	b.warnWebhooks()
	b.uploads(api.Services)
	for _, s := range api.Security {
		s.Option = b.claimType("With"+b.goName(s.Name), "/components/securitySchemes/"+loader.Escape(s.Name), "security scheme "+s.Name)
	}
	api.Env = b.env(opts.Env, api.Security)
	api.IdempotencyHeader = opts.IdempotencyHeader
	b.sealVariants()
	b.claimJSONNames()
	b.checkAliasCycles()
	b.decideParams()
	b.findCycles(b.types)
	b.decidePresence(b.types)
	b.claimGetters(b.types)
	api.ErrorMaps = b.errorMaps(api)
	b.claimLocals(api)
	sort.Slice(b.types, func(i, j int) bool { return b.types[i].Name < b.types[j].Name })
	api.Types = b.types
	api.Schemas = b.stats
	if len(b.errs) > 0 {
		return nil, b.warns, &loader.Error{Diagnostic: b.errs[0]}
	}
	return api, b.warns, nil
}

// claimJSONNames names each struct's array of member names, after every
// type has its name (so a type never loses its name to one), in the
// order of the types' names.
func (b *builder) claimJSONNames() {
	var structs []*ir.Type
	for _, t := range b.types {
		if t.Kind == ir.KindStruct {
			structs = append(structs, t)
		}
	}
	sort.Slice(structs, func(i, j int) bool { return structs[i].Name < structs[j].Name })
	for _, t := range structs {
		t.JSONNames = b.claimType("json"+string(t.Name)+"Names", t.Pointer, "the JSON names of "+string(t.Name))
	}
}

func (b *builder) warnf(ptr, format string, args ...any) {
	b.warns = append(b.warns, loader.Diagnostic{File: b.file, Pointer: ptr, Message: fmt.Sprintf(format, args...), Class: format})
}

// notef records a naming decision (Options.Note); it is not a warning, so
// -strict does not fail on it.
func (b *builder) notef(ptr, format string, args ...any) {
	if b.note != nil {
		b.note(loader.Diagnostic{File: b.file, Pointer: ptr, Message: fmt.Sprintf(format, args...), Class: format})
	}
}

func (b *builder) fail(ptr, format string, args ...any) {
	b.errs = append(b.errs, loader.Diagnostic{File: b.file, Pointer: ptr, Message: fmt.Sprintf(format, args...), Class: format})
}

// transportHeaders are the headers net/http sets from the request itself:
// a value given for one would be ignored or overridden.
var transportHeaders = map[string]bool{"Host": true, "Content-Length": true, "Content-Type": true, "Transfer-Encoding": true}

// notMethodNames are method names go vet expects to have the signature
// of a standard interface (MarshalJSON, String...): an operation of that
// Go name takes a suffix.
var notMethodNames = []string{"Format", "GobDecode", "GobEncode", "MarshalJSON", "MarshalXML", "MarshalText", "Peek",
	"ReadByte", "ReadFrom", "ReadRune", "Scan", "Seek", "String", "Error", "UnmarshalJSON", "UnmarshalXML", "UnmarshalText",
	"UnreadByte", "UnreadRune", "WriteByte", "WriteTo"}

var methods = []string{"GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE"}

// services collects operations by their first tag.
func (b *builder) services(schemes []*ir.SecurityScheme) []*ir.Service {
	byTag := map[string]*ir.Service{}
	tagDocs := map[string]string{}
	for _, t := range b.doc.Tags {
		if t != nil {
			tagDocs[t.Name] = t.Description
		}
	}
	opNames := newNamespace(notMethodNames...)
	if b.doc.Paths == nil {
		return nil
	}
	paths := b.doc.Paths.Map()
	var streams []*ir.Operation
	for _, path := range sortedKeys(paths) {
		item := paths[path]
		if item == nil {
			continue
		}
		for _, m := range methods {
			op := item.GetOperation(m)
			if op == nil {
				continue
			}
			ptr := "/paths/" + loader.Escape(path) + "/" + strings.ToLower(m)
			b.at = ptr
			o := b.operation(path, m, item, op, ptr, opNames, schemes)
			if o == nil {
				continue
			}
			tag := "default"
			if len(op.Tags) > 0 {
				tag = op.Tags[0]
			}
			svc := byTag[tag]
			if svc == nil {
				svc = &ir.Service{Tag: tag, Doc: tagDocs[tag]}
				byTag[tag] = svc
			}
			svc.Operations = append(svc.Operations, o)
			if o.Stream != nil {
				streams = append(streams, o)
			}
		}
	}
	// The event-stream methods are named after every operation, so that
	// an operation the spec names CreateXStream keeps its name.
	for _, o := range streams {
		want := string(o.Name) + "Stream"
		name, renamed := opNames.claim(want)
		if renamed {
			b.warnf(o.Pointer, "operation %s: event-stream method name %s is taken; using %s", o.ID, want, name)
		}
		o.Stream.Name = name
		o.Stream.RequestName = b.claimType("New"+string(name)+"Request", o.Pointer, "request builder of "+o.ID+" (events)")
		o.Stream.ParseName = b.claimType("Parse"+string(name)+"Response", o.Pointer, "response parser of "+o.ID+" (events)")
	}
	var out []*ir.Service
	svcNames := newNamespace()
	for _, tag := range claimOrder(sortedKeys(byTag), b.goName) {
		svc := byTag[tag]
		name, renamed := svcNames.claim(b.goName(tag))
		if renamed {
			b.warnf("/tags", "service name %s of tag %q is taken; using %s", b.goName(tag), tag, name)
		}
		svc.Name = name
		svc.Words = b.snake(string(name))
		svc.TypeName = b.claimType(string(svc.Name)+"Service", "/tags", "tag "+tag)
		svc.Interface = b.claimType(string(svc.Name)+"API", "/tags", "tag "+tag)
		b.dropStutter(svc)
		sort.Slice(svc.Operations, func(i, j int) bool { return svc.Operations[i].Name < svc.Operations[j].Name })
		b.claimBodyAlts(svc)
		out = append(out, svc)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// dropStutter names each method of svc without the service's name in
// front, in any case (Droplets.Create, not Droplets.DropletsCreate;
// VPCs.List, not VPCs.VpcsList) when the rest is a
// name of its own (an upper-case start: OAuth2Authorize → Authorize, but
// not Petition → ition) that no other method of the service has or would
// have: the operations' full names, their iterators' and the names vet
// reserves are taken first, then the shortened names in sorted order. The
// package-level names keep the full name (NewDropletsCreateRequest), so
// two services may both have a Create.
func (b *builder) dropStutter(svc *ir.Service) {
	prefix := string(svc.Name)
	used := newNamespace(notMethodNames...)
	ops := append([]*ir.Operation(nil), svc.Operations...)
	sort.Slice(ops, func(i, j int) bool { return ops[i].FullName < ops[j].FullName })
	for _, o := range ops {
		used.used[string(o.FullName)] = true
		if o.Pagination != nil {
			used.used[string(o.Pagination.IterName)] = true
		}
	}
	for _, o := range ops {
		// The prefix as the service's name, in any case (VpcsList in VPCs).
		full := string(o.FullName)
		if len(full) <= len(prefix) || !strings.EqualFold(full[:len(prefix)], prefix) {
			continue
		}
		rest := full[len(prefix):]
		if r, _ := utf8.DecodeRuneInString(rest); !unicode.IsUpper(r) {
			continue
		}
		iter := rest + "All"
		if used.used[rest] || (o.Pagination != nil && used.used[iter]) {
			continue
		}
		used.used[rest] = true
		o.Name = ir.Ident(rest)
		if o.Pagination != nil {
			used.used[iter] = true
			o.Pagination.IterName = ir.Ident(iter)
		}
	}
}

var reTemplate = regexp.MustCompile(`\{([^}]+)\}`)

func (b *builder) operation(path, method string, item *openapi3.PathItem, op *openapi3.Operation, ptr string, opNames *namespace, schemes []*ir.SecurityScheme) *ir.Operation {
	id := op.OperationID
	if id == "" {
		id = synthID(method, path)
	}
	name, renamed := opNames.claim(b.goName(id))
	if renamed {
		b.warnf(ptr, "operation name %s is taken; using %s", b.goName(id), name)
	}
	o := &ir.Operation{
		ID: id, Name: name, FullName: name, Method: ir.Method(method), Path: path, Pointer: ptr,
		Summary: op.Summary, Description: op.Description, Deprecated: op.Deprecated,
	}
	if v, ok := op.Extensions["x-ory-ratelimit-bucket"].(string); ok {
		o.RateLimit = v
	}
	b.params(o, item.Parameters, op.Parameters, ptr)
	for _, p := range o.Params {
		o.ParamsByValue = o.ParamsByValue || p.Required
	}
	if len(o.Params) > 0 {
		o.ParamsName = b.claimType(string(o.Name)+"Params", ptr, "parameters of "+o.ID)
	}
	o.RequestName = b.claimType("New"+string(o.Name)+"Request", ptr, "request builder of "+o.ID)
	o.ParseName = b.claimType("Parse"+string(o.Name)+"Response", ptr, "response parser of "+o.ID)
	if op.RequestBody != nil {
		if b.dropBody(o, op.RequestBody) {
			why := "HTTP gives it no meaning, and servers and proxies may refuse it"
			if method == "DELETE" {
				why = "it declares nothing to send"
			}
			b.warnf(ptr+"/requestBody", "operation %s: the request body of a %s is left out: %s", o.ID, method, why)
		} else {
			o.Body = b.body(o, op.RequestBody, ptr+"/requestBody")
		}
	}
	b.responses(o, op, ptr)
	o.Success = success(o)
	o.Streams = o.Success != nil && o.Success.Kind == ir.BodyEvents
	b.warnCallbacksLinks(o, op, ptr)
	b.responseHeaders(o, op, ptr)
	if (distinctSuccesses(o) > 1 || len(o.Headers) > 0) && !o.Streams {
		o.ResultName = b.claimType(string(o.Name)+"Result", ptr, "result of "+o.ID)
		b.resultFields(o)
	}
	o.Binary = o.Success != nil && o.Success.Kind == ir.BodyBinary && o.ResultName == ""
	o.Accept = accept(o)
	o.BuildName = b.claimType("build"+string(o.Name), ptr, "request of "+o.ID)
	o.Security = b.security(op, ptr, schemes)
	if !o.Streams {
		o.Pagination = b.pagination(o, op, opNames)
	}
	return o
}

// synthID names an operation that has no operationId from its method and
// path: GET /users/{id}/keys → getUsersByIdKeys.
func synthID(method, path string) string {
	parts := []string{strings.ToLower(method)}
	for _, seg := range strings.Split(path, "/") {
		if seg == "" {
			continue
		}
		if m := reTemplate.FindStringSubmatch(seg); m != nil && m[0] == seg {
			parts = append(parts, "by", m[1])
			continue
		}
		parts = append(parts, seg)
	}
	return strings.Join(parts, "_")
}

func (b *builder) params(o *ir.Operation, shared, own openapi3.Parameters, ptr string) {
	type key struct{ in, name string }
	var list []*openapi3.Parameter
	idx := map[key]int{}
	for _, group := range []openapi3.Parameters{shared, own} {
		for _, pr := range group {
			if pr == nil || pr.Value == nil {
				continue
			}
			k := key{pr.Value.In, pr.Value.Name}
			if i, ok := idx[k]; ok {
				list[i] = pr.Value
				continue
			}
			idx[k] = len(list)
			list = append(list, pr.Value)
		}
	}
	fields := newNamespace()
	byName := map[string]*ir.Param{}
	for i, p := range list {
		pptr := fmt.Sprintf("%s/parameters/%d", ptr, i)
		in, ok := map[string]ir.In{"path": ir.InPath, "query": ir.InQuery, "header": ir.InHeader, "cookie": ir.InCookie}[p.In]
		if !ok {
			// The loader leaves such parameters out; one that still gets
			// here (a model built otherwise) is left out too.
			b.warnf(pptr, "operation %s: parameter %q has unknown location %q; left out", o.ID, p.Name, p.In)
			continue
		}
		if in == ir.InHeader && ignoredHeaders[http.CanonicalHeaderKey(p.Name)] != "" {
			b.warnf(pptr, "operation %s: a header parameter named %q is ignored, as OpenAPI says: %s", o.ID, p.Name, ignoredHeaders[http.CanonicalHeaderKey(p.Name)])
			continue
		}
		if in == ir.InHeader && transportHeaders[http.CanonicalHeaderKey(p.Name)] {
			b.warnf(pptr, "operation %s: header parameter %q is set by the HTTP client itself (from the URL or the body); the parameter is left out", o.ID, p.Name)
			continue
		}
		param := &ir.Param{Name: p.Name, In: in, Required: p.Required || in == ir.InPath, Doc: p.Description,
			Deprecated: p.Deprecated}
		switch {
		case p.Schema != nil:
			param.Type = withoutNull(b.ref(p.Schema, string(o.Name)+b.goName(p.Name), pptr+"/schema", 0))
			if p.Schema.Value != nil && p.Schema.Value.Default != nil {
				d, _ := json.Marshal(p.Schema.Value.Default)
				param.Default = string(d)
			}
		case len(p.Content) > 0:
			b.contentParam(o, param, p, pptr)
		default:
			b.warnf(pptr, "operation %s: parameter %q has neither schema nor content; sent as a string", o.ID, p.Name)
			param.Type = ir.TypeRef{Kind: ir.RefBuiltin, Builtin: ir.String}
		}
		b.pendingParams = append(b.pendingParams, pendingParam{param: param, style: p.Style, explode: p.Explode,
			allowReserved: p.AllowReserved, ptr: pptr, op: o.ID})
		if in == ir.InPath {
			// Its argument name is claimed with the operation's locals,
			// once every package-level name is known (claimLocals).
			byName[p.Name] = param
			continue
		}
		param.GoName, _ = fields.claim(b.goName(p.Name))
		o.Params = append(o.Params, param)
	}
	inPath := map[string]bool{}
	for _, m := range reTemplate.FindAllStringSubmatch(o.Path, -1) {
		if inPath[m[1]] {
			b.warnf(ptr, "operation %s: path template names {%s} twice; the one parameter fills each place", o.ID, m[1])
			continue
		}
		inPath[m[1]] = true
		p := byName[m[1]]
		if p == nil {
			// As the loader repairs it: a required string.
			b.warnf(ptr, "operation %s: path template {%s} has no path parameter; declared as a required string", o.ID, m[1])
			p = &ir.Param{Name: m[1], In: ir.InPath, Required: true, Style: ir.StyleSimple,
				Type: ir.TypeRef{Kind: ir.RefBuiltin, Builtin: ir.String}}
			byName[m[1]] = p
		}
		o.PathParams = append(o.PathParams, p)
	}
	sort.SliceStable(o.Params, func(i, j int) bool {
		if o.Params[i].In != o.Params[j].In {
			return o.Params[i].In < o.Params[j].In
		}
		return o.Params[i].Name < o.Params[j].Name
	})
}

// formFields reads the encoding object of a form media type: a property
// it names with a style, explode or a JSON contentType is written that
// way (style defaults to form; explode to true for form, as OpenAPI
// says). Entries that say nothing of these keep the default encoding.
func (b *builder) formFields(media *openapi3.MediaType, ptr string) []ir.FormField {
	if media == nil {
		return nil
	}
	var out []ir.FormField
	for _, name := range sortedKeys(media.Encoding) {
		e := media.Encoding[name]
		if e == nil {
			continue
		}
		ct := strings.ToLower(strings.TrimSpace(strings.SplitN(e.ContentType, ";", 2)[0]))
		isJSON := ct == "application/json" || strings.HasSuffix(ct, "+json")
		if e.Style == "" && e.Explode == nil && !isJSON {
			continue
		}
		f := ir.FormField{Name: name, JSON: isJSON}
		f.Style, f.Explode = b.legalStyle(formBody, name, e.Style, e.Explode, shapeAny, ptr+"/"+loader.Escape(name), fmt.Sprintf("form property %q", name))
		out = append(out, f)
	}
	return out
}

func (b *builder) responses(o *ir.Operation, op *openapi3.Operation, ptr string) {
	if op.Responses == nil {
		return
	}
	m := op.Responses.Map()
	codes := sortedKeys(m)
	primary := true
	ranges := map[int]string{}
	for _, code := range codes {
		rr := m[code]
		rptr := ptr + "/responses/" + loader.Escape(code)
		status, isRange, ok := parseStatus(code)
		if !ok {
			b.warnf(rptr, "operation %s: response code %q is not a status; ignored", o.ID, code)
			continue
		}
		if isRange {
			// "4XX" and "4xx" are one range.
			if first, dup := ranges[status]; dup {
				b.warnf(rptr, "operation %s: response code %q repeats %q; ignored", o.ID, code, first)
				continue
			}
			ranges[status] = code
		}
		r := &ir.Response{Status: status, Range: isRange}
		if rr == nil || rr.Value == nil {
			continue
		}
		if rr.Value.Description != nil {
			r.Description = *rr.Value.Description
		}
		content := rr.Value.Content
		var events *ir.Response
		if status >= 200 && status < 300 && primary && len(content) > 1 {
			// An event stream beside another media type is the other
			// method's (StreamAlt); this one returns the other.
			rest := openapi3.Content{}
			for mt, media := range content {
				if k, _ := MediaKind(mt); k == ir.BodyEvents && events == nil && media != nil {
					ectx := string(o.Name) + "ResponseEvent"
					t := b.eventData(media.Schema, ectx, rptr+"/content/"+loader.Escape(mt)+"/schema")
					events = &ir.Response{Status: status, Description: r.Description, MediaType: mt, Kind: ir.BodyEvents, Type: &t}
					continue
				}
				rest[mt] = media
			}
			if events != nil {
				content = rest
				o.Stream = &ir.StreamAlt{Response: events}
			}
		}
		if mt, media := pickContent(content); media != nil {
			r.MediaType = mt
			r.Kind, _ = MediaKind(mt)
			ctx := string(o.Name) + "Response"
			switch {
			case status == 0:
				ctx = string(o.Name) + "DefaultResponse"
			case status >= 300 || !primary:
				ctx += strconv.Itoa(status)
			}
			var t ir.TypeRef
			switch r.Kind {
			case ir.BodyJSON:
				t = b.ref(media.Schema, ctx, rptr+"/content/"+loader.Escape(mt)+"/schema", 0)
			case ir.BodyText:
				t = ir.TypeRef{Kind: ir.RefBuiltin, Builtin: ir.String}
			case ir.BodyEvents:
				t = b.eventData(media.Schema, ctx+"Event", rptr+"/content/"+loader.Escape(mt)+"/schema")
			default:
				t = ir.TypeRef{Kind: ir.RefBuiltin, Builtin: ir.Bytes}
			}
			r.Type = &t
			if status >= 200 && status < 300 {
				primary = false
			}
		}
		o.Responses = append(o.Responses, r)
	}
	sort.SliceStable(o.Responses, func(i, j int) bool {
		a, c := o.Responses[i].Status, o.Responses[j].Status
		if a == 0 || c == 0 {
			return c == 0 && a != 0
		}
		if a == c {
			return !o.Responses[i].Range && o.Responses[j].Range
		}
		return a < c
	})
}

// dropBody reports whether a request body is left out: on GET and HEAD
// always; on DELETE when it declares nothing to send (no schema, or an
// object without properties), as payment APIs' DELETE operations do, while
// a DELETE body with content is kept (Kratos' performNativeLogout sends
// the session token that way).
func (b *builder) dropBody(o *ir.Operation, rb *openapi3.RequestBodyRef) bool {
	switch o.Method {
	case "GET", "HEAD":
		return true
	case "DELETE":
	default:
		return false
	}
	if rb.Value == nil {
		return true
	}
	for _, media := range rb.Value.Content {
		if media == nil || media.Schema == nil || media.Schema.Value == nil {
			continue
		}
		s := media.Schema.Value
		empty := typeOf(s) == "object" && len(s.Properties) == 0 && len(s.AllOf) == 0 && len(s.OneOf) == 0 && len(s.AnyOf) == 0 &&
			(s.AdditionalProperties.Has == nil || !*s.AdditionalProperties.Has) && s.AdditionalProperties.Schema == nil
		if !empty {
			return false
		}
	}
	return true
}

// parseStatus reads "200", "2XX" (as 200) or "default" (as 0).
func parseStatus(code string) (status int, isRange, ok bool) {
	if code == "default" {
		return 0, false, true
	}
	if len(code) == 3 && (code[1:] == "XX" || code[1:] == "xx") && code[0] >= '1' && code[0] <= '5' {
		return int(code[0]-'0') * 100, true, true
	}
	n, err := strconv.Atoi(code)
	if err != nil || n < 100 || n > 599 {
		return 0, false, false
	}
	return n, false, true
}

func (b *builder) securitySchemes() []*ir.SecurityScheme {
	var out []*ir.SecurityScheme
	if b.doc.Components == nil {
		return nil
	}
	for _, name := range sortedKeys(b.doc.Components.SecuritySchemes) {
		sr := b.doc.Components.SecuritySchemes[name]
		if sr == nil || sr.Value == nil {
			continue
		}
		v := sr.Value
		out = append(out, &ir.SecurityScheme{Name: name, Type: v.Type,
			Scheme: strings.ToLower(v.Scheme), In: v.In, Param: v.Name, Doc: v.Description})
	}
	return out
}

func (b *builder) security(op *openapi3.Operation, ptr string, schemes []*ir.SecurityScheme) [][]string {
	reqs := op.Security
	if reqs == nil {
		reqs = &b.doc.Security
	}
	known := map[string]bool{}
	for _, s := range schemes {
		known[s.Name] = true
	}
	var out [][]string
	for i, req := range *reqs {
		var set []string
		for _, name := range sortedKeys(req) {
			if !known[name] {
				// What an undeclared scheme would be is a guess (Ory's
				// sessionToken is an X-Session-Token header; its overlay
				// declares it), so the requirement is dropped: the
				// alternative asks for no credential of it.
				b.warnf(fmt.Sprintf("%s/security/%d", ptr, i), "security scheme %q is not declared; ignored: this alternative asks for no credential of it (declare the scheme in components.securitySchemes, e.g. with an overlay, to send one)", name)
				continue
			}
			set = append(set, name)
		}
		out = append(out, set)
	}
	return out
}

// distinctSuccesses counts the different body types of 2xx responses.
func distinctSuccesses(o *ir.Operation) int {
	seen := map[string]bool{}
	for _, r := range o.Responses {
		if r.Status >= 200 && r.Status < 300 && r.Type != nil {
			seen[fmt.Sprintf("%d/%#v", r.Kind, *r.Type)] = true
		}
	}
	return len(seen)
}

// env names the functions that read the configuration from the
// environment; keys that name no scheme were refused by checkEnv.
func (b *builder) env(vars map[string]string, schemes []*ir.SecurityScheme) *ir.Env {
	if len(vars) == 0 {
		return nil
	}
	e := &ir.Env{Option: b.claimType("WithEnv", "/components/securitySchemes", "the option reading the environment")}
	if v, ok := vars[EnvBaseURL]; ok {
		e.BaseURL = v
		e.FromEnv = b.claimType("NewClientFromEnv", "/servers", "the constructor reading the environment")
	}
	for _, s := range schemes {
		if v, ok := vars[s.Name]; ok {
			e.Creds = append(e.Creds, ir.EnvCred{Var: v, Scheme: s})
		}
	}
	sort.SliceStable(e.Creds, func(i, j int) bool { return e.Creds[i].Var < e.Creds[j].Var })
	return e
}
