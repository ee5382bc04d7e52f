package irbuild

import (
	"fmt"
	"net/http"

	"github.com/orygen/orygen/internal/ir"
)

// importNames are the package names the generated files import. A local
// of the same name would hide the package from the code after it.
var importNames = []string{"bytes", "context", "errors", "fmt", "http", "io", "iter", "json", "mime", "multipart",
	"slices", "strconv", "strings", "sync", "textproto", "time", "url", "utf8", "rand", "math"}

// claimLocals names the parameters and variables of every operation's
// functions in one scope per operation: every package-level name (types,
// functions, the runtime's, the options) and every imported package name
// are taken first, so no local can hide one that the function refers to;
// then the fixed locals, then the path parameters, which give way with a
// numeric suffix ("ctx" → ctx2).
func (b *builder) claimLocals(api *ir.API) {
	// The package's names and the imports' are the scope every
	// operation's locals nest in.
	outer := b.ns.nested(importNames...)
	for _, s := range api.Services {
		for _, o := range s.Operations {
			scope := outer.nested()
			l := &o.Locals
			for _, c := range []struct {
				id   *ir.Ident
				want string
			}{
				{&l.Ctx, "ctx"}, {&l.Opts, "opts"}, {&l.Body, "body"}, {&l.Params, "params"}, {&l.BaseURL, "baseURL"},
				{&l.Recv, "s"}, {&l.Call, "c"}, {&l.Resp, "resp"}, {&l.Err, "err"}, {&l.Out, "out"}, {&l.Zero, "zero"},
				{&l.Parts, "parts"}, {&l.Elem, "x"}, {&l.Page, "p"}, {&l.Token, "token"}, {&l.Items, "items"},
				{&l.Next, "next"}, {&l.Num, "n"}, {&l.Val, "v"}, {&l.Res, "res"}, {&l.Status, "status"},
				{&l.Data, "data"}, {&l.APIErr, "e"}, {&l.Writer, "mw"},
			} {
				*c.id, _ = scope.claim(c.want)
			}
			for _, p := range o.PathParams {
				want := b.localName(p.Name)
				got, renamed := scope.claim(want)
				if renamed {
					// A parameter's local name is not part of the API.
					b.notef(o.Pointer, "operation %s: path parameter %q is named %s in Go: %s is taken", o.ID, p.Name, got, want)
				}
				p.ArgName = got
			}
			// Only a response parser declares it, and a parser has no
			// path parameters: it gives way to them without a word.
			l.Decode, _ = scope.claim("decode")
		}
	}
}

// resultFields names the fields of an operation's Result struct after
// the statuses they hold: OK, Created, ...
func (b *builder) resultFields(o *ir.Operation) {
	fields := newNamespace("StatusCode")
	for _, r := range o.Responses {
		if r.Status < 200 || r.Status >= 300 || r.Type == nil {
			continue
		}
		want := fmt.Sprintf("Status%d", r.Status)
		switch t := http.StatusText(r.Status); {
		case r.Range:
			want = fmt.Sprintf("Status%dXX", r.Status/100)
		case r.Status == http.StatusOK:
			want = "OK"
		case t != "":
			want = b.goName(t)
		}
		r.Field, _ = fields.claim(want)
	}
	for _, h := range o.Headers {
		h.Field, _ = fields.claim(b.goName(h.Name))
	}
}

// findCycles marks required (or nullable) struct-valued fields that would
// make a type contain itself by value; those become pointers.
func (b *builder) findCycles(types []*ir.Type) {
	for _, t := range types {
		if t.Kind != ir.KindStruct {
			continue
		}
		for _, f := range t.Fields {
			if target, ok := b.valueStruct(f); ok && b.reaches(target, t.Name, map[ir.Ident]bool{}) {
				f.Cyclic = true
			}
		}
	}
}

// valueStruct reports the struct a field holds by value, if any.
func (b *builder) valueStruct(f *ir.Field) (ir.Ident, bool) {
	if !f.Required && !f.Nullable {
		return "", false
	}
	r := b.byName.Resolve(f.Type)
	if r.Kind != ir.RefNamed || b.byName[r.Name] == nil || b.byName[r.Name].Kind != ir.KindStruct {
		return "", false
	}
	return r.Name, true
}

func (b *builder) reaches(from, to ir.Ident, seen map[ir.Ident]bool) bool {
	if from == to {
		return true
	}
	if seen[from] {
		return false
	}
	seen[from] = true
	for _, f := range b.byName[from].Fields {
		if next, ok := b.valueStruct(f); ok && b.reaches(next, to, seen) {
			return true
		}
	}
	return false
}

// claimInterface names the sealed interface a union's Value holds. It is
// claimed after every component schema, so a schema "PetVariant" beside
// a union "Pet" keeps its name and the interface takes another.
func (b *builder) claimInterface(t *ir.Type, ptr string) ir.Ident {
	return b.claimType(string(t.Name)+"Variant", ptr, "the variants of "+string(t.Name))
}

// claimMarker names the unexported method that seals a union's
// interface. Every variant type carries it beside the markers of the
// other unions it is in and its codec methods, so markers are claimed in
// one scope of the package's unexported methods.
func (b *builder) claimMarker(t *ir.Type, ptr string) ir.Ident {
	if b.markers == nil {
		b.markers = newNamespace(codecMethods...)
	}
	want := "is" + string(t.Name)
	got, renamed := b.markers.claim(want)
	if renamed {
		b.warnf(ptr, "Go name %s of the marker method of %s is taken; using %s", want, t.Name, got)
	}
	return got
}

// codecMethods are the unexported methods the emitter gives the types
// that have JSON codecs.
var codecMethods = []string{"decodeJSON", "encodeJSON"}
