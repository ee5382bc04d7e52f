package emit

import (
	"encoding/json"
	"slices"
	"strconv"
	"strings"

	"github.com/dave/jennifer/jen"

	"github.com/orygen/orygen/internal/ir"
)

// The JSON codecs: structs and unions get decodeJSON and encodeJSON
// methods over the runtime's jsonDecoder and jsonEncoder (decode.go,
// encode.go in clientrt), and UnmarshalJSON/MarshalJSON that call them,
// each half where the client uses it (codecTypes). The code is one line
// or two per field: the per-kind work lives in the runtime's value
// decoders and encoders, which the fields name. What the compiler makes
// of it sets the package's compile time, so the shapes are chosen for
// little machine code: a decoder switches on the key's index among the
// struct's sorted names (a jump table, not a search of string
// comparisons), encoders take pointers (a value receiver costs a wrapper
// per type and a copy per call), and a struct type is a type argument of
// a generic helper only for slices of it. BENCHMARKS.md has the numbers
// and why code per type was chosen over tables.

// Names the codec code uses: fixed method names on the generated types
// (unexported, so no property can take them) and the locals of those
// methods, which only ever meet package-level names the runtime and the
// spec's exported types use.
const (
	decodeMethod = "decodeJSON"
	encodeMethod = "encodeJSON"
)

// codecs writes the JSON methods of every struct and union.
func (m *model) codecs(f *jen.File) {
	for _, t := range m.Types {
		switch {
		case t.Kind == ir.KindStruct && m.codec[t.Name]:
			m.structCodec(f, t, m.dec[t.Name], m.enc[t.Name])
		case t.Kind == ir.KindUnion && t.Union.Fallback:
			m.fallbackCodec(f, t)
		case t.Kind == ir.KindUnion && t.Union.Discriminator != "":
			m.taggedCodec(f, t)
		case t.Kind == ir.KindUnion:
			m.untaggedCodec(f, t)
		}
	}
}

// codecTypes decides which structs and unions get codecs, and which
// halves. A struct whose fields do not all encode as JSON (an Upload is
// a multipart file) keeps encoding/json. Of the others, a type gets a
// decoder if a response body reaches it, an encoder if a request body
// does: the half nobody calls is not generated, and json.Unmarshal or
// json.Marshal of such a type goes through encoding/json with the same
// result (its fields' tags say what the codec would do). The unknown
// members a struct keeps are read by its decoder only; a struct without
// an encoder writes them back by a small MarshalJSON (unknownMarshal).
// A union and a struct that keeps undeclared properties in a map write
// JSON their fields do not say, so they get both halves, and so does
// everything they hold.
func codecTypes(m *model) (dec, enc map[ir.Ident]bool) {
	jsonOK := map[ir.Ident]bool{}
	for _, t := range m.Types {
		switch t.Kind {
		case ir.KindUnion:
			jsonOK[t.Name] = true
		case ir.KindStruct:
			jsonOK[t.Name] = m.structJSON(t)
		}
	}
	// A type gets a half when a body of that direction reaches it; the
	// unions ir's Reach adds for a variant struct are in both anyway.
	dec, enc = map[ir.Ident]bool{}, map[ir.Ident]bool{}
	for _, t := range m.Types {
		if t.Kind == ir.KindUnion || t.Kind == ir.KindStruct && (t.Additional != nil || hasNoTag(t)) {
			ref := ir.TypeRef{Kind: ir.RefNamed, Name: t.Name}
			m.byName.Reach(dec, ref)
			m.byName.Reach(enc, ref)
		}
	}
	for _, s := range m.Services {
		for _, o := range s.Operations {
			if o.Body != nil && o.Body.Kind == ir.BodyJSON {
				m.byName.Reach(enc, o.Body.Type)
			}
			for _, r := range o.Responses {
				if r.Type != nil {
					m.byName.Reach(dec, *r.Type)
				}
			}
			if o.Stream != nil && o.Stream.Response.Type != nil {
				m.byName.Reach(dec, *o.Stream.Response.Type)
			}
		}
	}
	for _, set := range []map[ir.Ident]bool{dec, enc} {
		for n := range set {
			t := m.byName[n]
			if !jsonOK[n] || t.Kind != ir.KindStruct && t.Kind != ir.KindUnion {
				delete(set, n)
			}
		}
	}
	return dec, enc
}

// keepExtra keeps the member at the decoder among a struct's undeclared
// properties, unless it is the discriminator of the union decoding the
// struct as its variant: the union writes that itself.
func (m *model) keepExtra(t *ir.Type) *jen.Statement {
	return m.unlessSealed(t, jen.Id("keepExtra").Call(jen.Op("&").Id("extra"), dv))
}

// keepUnknown keeps the member at the decoder among the struct's unknown
// members, unless it is the discriminator of the union decoding the
// struct as its variant (the union writes that itself), or skips it
// where the struct keeps none.
func (m *model) keepUnknown(t *ir.Type) *jen.Statement {
	if !m.keepsUnknown(t) {
		return jen.Id("d").Dot("skip").Call()
	}
	return m.unlessSealed(t, jen.Id("d").Dot("unknown").Call(jen.Op("&").Id("v").Dot("unknownFields")))
}

// unlessSealed is keep, or for a variant of a tagged union a skip of the
// member the union read as its discriminator (unionKeyLocal, taken from
// the decoder when the variant starts). The same struct decoded on its
// own, or by a union of another discriminator, keeps that member: a
// variant of two unions, or one a schema also names directly, loses
// neither discriminator.
func (m *model) unlessSealed(t *ir.Type, keep *jen.Statement) *jen.Statement {
	if !m.takesSealed(t) {
		return keep
	}
	return jen.If(jen.Id("d").Dot("key").Op("==").Id(unionKeyLocal)).Block(
		jen.Id("d").Dot("sealed").Call(),
	).Else().Block(keep)
}

// unionKeyLocal is the local of a variant's decoder that holds the
// discriminator its union read.
const unionKeyLocal = "unionKey"

// takesSealed: t's decoder takes the discriminator its union read (it is
// a variant of a tagged union, and keeps undeclared members).
func (m *model) takesSealed(t *ir.Type) bool {
	return t.Kind == ir.KindStruct && len(m.sealedKeys(t)) > 0 && (m.keepsUnknown(t) || t.Additional != nil)
}

// sealedKeys are the discriminators of the unions t is a variant of,
// sorted, once each.
func (m *model) sealedKeys(t *ir.Type) []string {
	var keys []string
	for _, u := range t.VariantOf {
		if ut := m.byName[u]; ut != nil && ut.Union != nil && ut.Union.Discriminator != "" && !slices.Contains(keys, ut.Union.Discriminator) {
			keys = append(keys, ut.Union.Discriminator)
		}
	}
	slices.Sort(keys)
	return keys
}

// hasNoTag reports whether a struct has a field no struct tag can name
// (ir.Field.NoTag), which only its codecs read and write.
func hasNoTag(t *ir.Type) bool {
	for _, f := range t.Fields {
		if f.NoTag {
			return true
		}
	}
	return false
}

// keepTaglessInExtras: a struct with a NoTag field whose JSON the codecs
// do not do (with -reflect-json) is left to encoding/json, which cannot
// name that property; the property is kept in its map of undeclared
// properties (raw JSON, unless the map's values are of the field's
// type), not in a field. (Otherwise such a struct has both codec halves,
// or holds an Upload and is written as multipart, by JSON name.) The
// model gets changed copies of those types; the API it was given is not
// touched.
func (m *model) keepTaglessInExtras() {
	var types []*ir.Type
	for i, t := range m.Types {
		if t.Kind != ir.KindStruct || !hasNoTag(t) || m.dec[t.Name] && m.enc[t.Name] || !m.structJSON(t) {
			continue
		}
		if types == nil {
			types = slices.Clone(m.Types)
		}
		c := *t
		c.Fields = nil
		fits := t.Additional != nil
		for _, f := range t.Fields {
			if !f.NoTag {
				c.Fields = append(c.Fields, f)
				continue
			}
			fits = fits && sameRef(f.Type, *t.Additional)
		}
		if !fits {
			c.Additional = &ir.TypeRef{Kind: ir.RefRaw}
		}
		types[i] = &c
		m.byName[t.Name] = &c
	}
	if types != nil {
		api := *m.API
		api.Types = types
		m.API = &api
	}
}

func sameRef(a, b ir.TypeRef) bool {
	if a.Kind != b.Kind || a.Name != b.Name || a.Builtin != b.Builtin || (a.Elem == nil) != (b.Elem == nil) {
		return false
	}
	return a.Elem == nil || sameRef(*a.Elem, *b.Elem)
}

// structJSON reports whether all of a struct's fields encode as JSON (an
// Upload is a multipart file).
func (m *model) structJSON(t *ir.Type) bool {
	seen := map[ir.Ident]bool{}
	all := t.Additional == nil || m.jsonable(*t.Additional, seen)
	for _, f := range t.Fields {
		all = all && m.jsonable(f.Type, seen)
	}
	return all
}

// jsonable: r holds no Upload. An alias seen before (a defined type that
// holds itself, type A []A) has been looked at already.
func (m *model) jsonable(r ir.TypeRef, seen map[ir.Ident]bool) bool {
	switch r.Kind {
	case ir.RefBuiltin:
		return r.Builtin != ir.Upload
	case ir.RefSlice, ir.RefMap, ir.RefNull:
		return m.jsonable(*r.Elem, seen)
	case ir.RefNamed:
		if t := m.byName[r.Name]; t != nil && t.Kind == ir.KindAlias && !seen[r.Name] {
			seen[r.Name] = true
			return m.jsonable(*t.Alias, seen)
		}
	}
	return true
}

// jsonKey is a member's key as encoding/json writes it, with the colon.
func jsonKey(name string) string {
	b, _ := json.Marshal(name) // a string always encodes
	return string(b) + ":"
}

func marshalString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

var (
	dv = jen.Id("d")
	ev = jen.Id("e")
	bv = jen.Id("b")
)

// encParams are an encoder's parameters and results: it appends to b,
// keeping an error in e.
func encParams(g *jen.Statement) *jen.Statement {
	return g.Params(jen.Id("b").Index().Byte(), jen.Id("e").Op("*").Id("jsonEncoder")).Index().Byte()
}

// setB is b = x: a statement of an encoder.
func setB(x jen.Code) *jen.Statement { return jen.Id("b").Op("=").Add(x) }

// keyCall writes a member's key: b = e.key(b, key).
func keyCall(key jen.Code) *jen.Statement { return setB(jen.Id("e").Dot("key").Call(bv, key)) }

// marshalMethods are the exported methods, which go through the codec.
// MarshalJSON of a struct whose JSON its tags say in full has a pointer
// receiver, as encodeJSON does: a value receiver makes the compiler write
// a pointer wrapper of it for every type, and json.Marshal of a struct
// value that is not addressable (a map's value, a value passed as is)
// encodes by reflection to the same bytes. A union, and a struct that
// keeps unknown members or undeclared properties, writes JSON no
// reflection would, so its MarshalJSON takes a value: json.Marshal finds
// it however it is reached. (That is every struct with an encoder while
// structs keep unknown members.)
func marshalMethods(f *jen.File, name string, recv string, byValue, dec, enc bool) {
	switch {
	case !enc:
	case byValue:
		f.Comment("MarshalJSON encodes " + name + " as JSON.")
		f.Func().Params(jen.Id(recv).Id(name)).Id("MarshalJSON").Params().Params(jen.Index().Byte(), jen.Error()).Block(
			jen.Id("e").Op(":=").Id("newEncoder").Call(),
			jen.Id("e").Dot("buf").Op("=").Id(recv).Dot(encodeMethod).Call(jen.Id("e").Dot("buf"), ev),
			jen.Return(jen.Id("e").Dot("result").Call()),
		)
		f.Line()
	default:
		f.Comment("MarshalJSON encodes " + name + " as JSON.")
		f.Func().Params(jen.Id(recv).Op("*").Id(name)).Id("MarshalJSON").Params().Params(jen.Index().Byte(), jen.Error()).Block(
			jen.Return(jen.Id("marshalJSON").Call(jen.Id(recv))),
		)
		f.Line()
	}
	if dec {
		f.Comment("UnmarshalJSON decodes JSON into " + name + ".")
		f.Func().Params(jen.Id(recv).Op("*").Id(name)).Id("UnmarshalJSON").Params(jen.Id("data").Index().Byte()).Error().Block(
			jen.Return(jen.Id("unmarshalJSON").Call(jen.Id("data"), jen.Id(recv))),
		)
		f.Line()
	}
}

// unknownMarshal writes MarshalJSON for a struct that keeps unknown
// members but has no encoder (no request body reaches it): json.Marshal
// of a response read and written back, or stored, must not drop them.
// A full encoder per such struct would cost as much code again as the
// decoders (some 12,000 lines on client-v1.22.40); this is four lines.
// It converts the value to a local type without methods, which
// encoding/json encodes by the fields' tags, as it did the struct (so it
// cannot recurse), and the runtime writes the members before the closing
// brace. The receiver is a value, so that json.Marshal finds the method
// however the struct is reached: a map's values are not addressable.
func unknownMarshal(f *jen.File, name string) {
	f.Comment("MarshalJSON encodes " + name + " as json.Marshal encodes its fields, followed by")
	f.Comment("the unknown members it keeps (see UnknownJSON).")
	f.Func().Params(jen.Id("v").Id(name)).Id("MarshalJSON").Params().Params(jen.Index().Byte(), jen.Error()).Block(
		jen.Type().Id("fields").Id(name),
		jen.Return(jen.Id("marshalUnknown").Call(jen.Id("fields").Call(jen.Id("v")), jen.Id("v").Dot("unknownFields"))),
	)
	f.Line()
}

// structCodec writes a struct's methods, and for its decoder the array
// of its member names, sorted: the decoder switches on the index of a key
// among them (an array of its own, so that a program links the names of
// the structs it decodes only).
func (m *model) structCodec(f *jen.File, t *ir.Type, dec, enc bool) {
	name := string(t.Name)
	marshalMethods(f, name, "v", t.Additional != nil || hasNoTag(t) || m.keepsUnknown(t), dec, enc)
	if !enc && m.keepsUnknown(t) {
		unknownMarshal(f, name)
	}
	if !dec {
		m.structEncoder(f, t)
		return
	}

	fields := slices.Clone(t.Fields)
	slices.SortStableFunc(fields, func(a, b *ir.Field) int { return strings.Compare(a.JSONName, b.JSONName) })
	table := jen.Id(string(t.JSONNames)).Index(jen.Op(":"))
	f.Func().Params(jen.Id("v").Op("*").Id(name)).Id(decodeMethod).Params(jen.Id("d").Op("*").Id("jsonDecoder")).BlockFunc(func(g *jen.Group) {
		if m.takesSealed(t) {
			g.Id(unionKeyLocal).Op(":=").Id("d").Dot("takeUnionKey").Call()
		}
		if t.Additional != nil {
			g.Var().Id("extra").Map(jen.String()).Qual(pkgJSON, "RawMessage")
		}
		// The struct's pointer names its type in a mismatch's error.
		start := jen.Id("d").Dot("object").Call(jen.Id("v"))
		if m.keepsUnknown(t) {
			start = jen.Id("d").Dot("fields").Call(jen.Op("&").Id("v").Dot("unknownFields"), jen.Id("v"))
		}
		g.For(jen.Id("more").Op(":=").Add(start), jen.Id("more"), jen.Id("more").Op("=").Id("d").Dot("next").Call()).BlockFunc(func(loop *jen.Group) {
			if len(fields) == 0 {
				if t.Additional != nil {
					loop.Add(m.keepExtra(t))
				} else {
					loop.Add(m.keepUnknown(t))
				}
				return
			}
			sw := jen.Id("d").Dot("field").Call(table)
			def := m.keepUnknown(t)
			if t.Additional != nil {
				// A key that matches a field only case-insensitively goes
				// to both, as encoding/json and the declared keys the
				// extras leave out have it.
				loop.Id("i").Op(":=").Add(sw)
				loop.If(jen.Id("i").Op("<").Lit(0).Op("||").Id("d").Dot("folded")).Block(
					jen.Id("at").Op(":=").Id("d").Dot("i"),
					m.keepExtra(t),
					jen.If(jen.Id("i").Op("<").Lit(0)).Block(jen.Continue()),
					jen.Id("d").Dot("i").Op("=").Id("at"),
				)
				sw, def = jen.Id("i"), nil
			}
			loop.Switch(sw).BlockFunc(func(sw *jen.Group) {
				for i, fl := range fields {
					sw.Case(jen.Lit(i)).Comment(strconv.Quote(fl.JSONName)).Line().Add(m.decodeField(fl))
				}
				if def != nil {
					sw.Default().Add(def)
				}
			})
		})
		if t.Additional != nil {
			g.Id("setExtra").Types(m.goType(*t.Additional)).Call(jen.Op("&").Id("v").Dot(string(t.AdditionalField)), jen.Id("extra"), dv, m.decFn(*t.Additional), jen.Lit(name))
		}
	})
	f.Line()
	if len(fields) > 0 {
		f.Var().Id(string(t.JSONNames)).Op("=").Index(jen.Op("...")).String().ValuesFunc(func(g *jen.Group) {
			for _, fl := range fields {
				g.Lit(fl.JSONName)
			}
		})
		f.Line()
	}
	if enc {
		m.structEncoder(f, t)
	}
}

func (m *model) structEncoder(f *jen.File, t *ir.Type) {
	encParams(f.Func().Params(jen.Id("v").Op("*").Id(string(t.Name))).Id(encodeMethod)).BlockFunc(func(g *jen.Group) {
		g.Add(setB(jen.Id("e").Dot("open").Call(bv)))
		for _, fl := range t.Fields {
			m.encodeField(g, fl)
		}
		if t.Additional != nil {
			g.Add(setB(jen.Id("encMembers").Types(m.goType(*t.Additional)).Call(bv, ev, jen.Id("v").Dot(string(t.AdditionalField)), m.encFn(*t.Additional))))
		}
		if m.keepsUnknown(t) {
			g.Return(jen.Id("e").Dot("end").Call(bv, jen.Id("v").Dot("unknownFields")))
		} else {
			g.Return(jen.Id("e").Dot("close").Call(bv))
		}
	})
	f.Line()
}

// decodeField is the statement that decodes the member at the decoder
// into the field.
func (m *model) decodeField(fl *ir.Field) *jen.Statement {
	pr := fl.Presence
	p := jen.Op("&").Id("v").Dot(string(fl.Name))
	switch {
	case pr.Nullable():
		fn, typ := m.decFn(fl.Type), m.goType(fl.Type)
		if pr.Pointer() {
			fn, typ = m.decPtrFn(fl.Type), jen.Op("*").Add(m.goType(fl.Type))
		}
		return jen.Id("decNullable").Types(typ).Call(p, dv, fn)
	case pr.Pointer():
		if special := m.decPtrSpecial(fl.Type); special != "" {
			return jen.Id(special).Call(p, dv)
		}
		if m.decodes(fl.Type) {
			// Written out rather than a generic decPtr: that would be
			// instantiated once per struct type.
			v := jen.Id("v").Dot(string(fl.Name))
			return jen.If(jen.Id("d").Dot("null").Call()).Block(
				v.Clone().Op("=").Nil(),
			).Else().Block(
				jen.If(v.Clone().Op("==").Nil()).Block(v.Clone().Op("=").New(m.goType(fl.Type))),
				v.Clone().Dot(decodeMethod).Call(dv),
			)
		}
		return jen.Id("decPtr").Types(m.goType(fl.Type)).Call(p, dv, m.decFn(fl.Type))
	}
	return m.decCall(fl.Type, jen.Id("v").Dot(string(fl.Name)), p)
}

// decodes tells whether r is (an alias of) a struct or union with a
// generated decoder, encodes whether with an encoder.
func (m *model) decodes(r ir.TypeRef) bool { return m.in(m.dec, r) }

func (m *model) encodes(r ir.TypeRef) bool { return m.in(m.enc, r) }

func (m *model) in(set map[ir.Ident]bool, r ir.TypeRef) bool {
	r = m.same(r)
	return r.Kind == ir.RefNamed && set[r.Name]
}

// decCall decodes into the value of type r that val names and p points
// to, calling the decoder directly where one is known.
func (m *model) decCall(r ir.TypeRef, val, p *jen.Statement) *jen.Statement {
	if b, named, ok := m.scalarBase(r); ok && plainDec[b] != "" {
		if named {
			p = jen.Parens(jen.Op("*").Add(builtinType(b))).Parens(p)
		}
		return jen.Id(plainDec[b]).Call(p, dv)
	}
	if m.decodes(r) {
		return val.Dot(decodeMethod).Call(dv)
	}
	res := m.same(r)
	switch res.Kind {
	case ir.RefSlice:
		return jen.Id("decSlice").Types(m.goType(*res.Elem)).Call(p, dv, m.decFn(*res.Elem))
	case ir.RefMap:
		return jen.Id("decMap").Types(m.goType(*res.Elem)).Call(p, dv, m.decFn(*res.Elem))
	}
	return m.decFn(r).Call(p, dv)
}

// decPtrSpecial is the slab-allocating decoder for a pointer to a plain
// string, bool, int64 or time.Time.
func (m *model) decPtrSpecial(r ir.TypeRef) string {
	r = m.same(r)
	switch {
	case r.Kind == ir.RefTime:
		return "decTimePtr"
	case r.Kind != ir.RefBuiltin:
		return ""
	case r.Builtin == ir.String:
		return "decStrPtr"
	case r.Builtin == ir.Bool:
		return "decBoolPtr"
	case r.Builtin == ir.Int64:
		return "decIntPtr"
	}
	return ""
}

// decPtrFn is a decoder of *T for r of type T.
func (m *model) decPtrFn(r ir.TypeRef) *jen.Statement {
	return jen.Func().Params(jen.Id("p").Op("**").Add(m.goType(r)), jen.Id("d").Op("*").Id("jsonDecoder")).Block(
		jen.Id("decPtr").Types(m.goType(r)).Call(jen.Id("p"), dv, m.decFn(r)),
	)
}

// decFn is the decoder of a value of type r: a func(*T, *jsonDecoder).
func (m *model) decFn(r ir.TypeRef) *jen.Statement {
	switch r.Kind {
	case ir.RefNamed:
		t := m.byName[r.Name]
		name := jen.Id(string(r.Name))
		switch {
		case t == nil:
		case m.dec[t.Name]:
			return jen.Parens(jen.Op("*").Id(string(r.Name))).Dot(decodeMethod)
		case t.Kind == ir.KindEnum && t.Enum.Base == ir.Int64:
			return jen.Id("decInt").Types(name)
		case t.Kind == ir.KindEnum:
			return jen.Id("decStr").Types(name)
		case t.Kind == ir.KindAlias && !t.Defined:
			return m.decFn(*t.Alias)
		case t.Kind == ir.KindAlias && t.Alias.Kind == ir.RefBuiltin:
			if fn := scalarDec(t.Alias.Builtin); fn != "" {
				return jen.Id(fn).Types(name)
			}
		}
		return jen.Id("decStd").Types(name)
	case ir.RefBuiltin:
		if fn := plainDec[r.Builtin]; fn != "" {
			return jen.Id(fn)
		}
		if fn := scalarDec(r.Builtin); fn != "" {
			return jen.Id(fn).Types(m.goType(r))
		}
		if r.Builtin == ir.Bytes {
			return jen.Id("decBytes")
		}
		return jen.Id("decStd").Types(m.goType(r))
	case ir.RefSlice:
		return jen.Func().Params(jen.Id("p").Op("*").Add(m.goType(r)), jen.Id("d").Op("*").Id("jsonDecoder")).Block(
			jen.Id("decSlice").Types(m.goType(*r.Elem)).Call(jen.Id("p"), dv, m.decFn(*r.Elem)),
		)
	case ir.RefMap:
		return jen.Func().Params(jen.Id("p").Op("*").Add(m.goType(r)), jen.Id("d").Op("*").Id("jsonDecoder")).Block(
			jen.Id("decMap").Types(m.goType(*r.Elem)).Call(jen.Id("p"), dv, m.decFn(*r.Elem)),
		)
	case ir.RefNull:
		return m.decPtrFn(*r.Elem)
	case ir.RefRaw:
		return jen.Id("decRaw")
	case ir.RefTime:
		return jen.Id("decTime")
	}
	return jen.Id("decStd").Types(m.goType(r))
}

// The non-generic decoders and encoders of the builtins (see decString in
// clientrt): calls of generic functions make the type check slower.
var (
	plainDec   = map[ir.Builtin]string{ir.String: "decString", ir.Bool: "decBoolean", ir.Int64: "decInt64", ir.Float64: "decFloat64"}
	plainEnc   = map[ir.Builtin]string{ir.String: "encString", ir.Bool: "encBoolean", ir.Int64: "encInt64", ir.Float64: "encFloat64"}
	plainOpt   = map[ir.Builtin]string{ir.String: "optString", ir.Bool: "optBool", ir.Int64: "optInt64"}
	plainField = map[ir.Builtin]string{ir.String: "fieldString", ir.Bool: "fieldBool", ir.Int64: "fieldInt64"}
)

// base is scalarBase's builtin, or -1 for other types.
func (m *model) base(r ir.TypeRef) ir.Builtin {
	if b, _, ok := m.scalarBase(r); ok {
		return b
	}
	return -1
}

// scalarBase is the builtin a reference's Go type has as its underlying
// type (a builtin, a string or integer enum, a defined scalar), and
// whether the Go type is another, named one that needs converting.
func (m *model) scalarBase(r ir.TypeRef) (ir.Builtin, bool, bool) {
	switch u := m.resolve(r); u.Kind {
	case ir.RefNamed:
		if t := m.byName[u.Name]; t != nil && t.Kind == ir.KindEnum {
			return t.Enum.Base, true, true
		}
	case ir.RefBuiltin:
		// A defined type on the way is a Go type of its own.
		return u.Builtin, m.same(r).Kind == ir.RefNamed, true
	}
	return 0, false, false
}

// optScalar is the encoder of an optional (pointer) member of a builtin
// base type, or "".
func (m *model) optScalar(r ir.TypeRef) string {
	if b, _, ok := m.scalarBase(r); ok {
		return plainOpt[b]
	}
	if m.same(r).Kind == ir.RefTime {
		return "optTime"
	}
	return ""
}

func builtinType(b ir.Builtin) *jen.Statement {
	return (&model{}).goType(ir.TypeRef{Kind: ir.RefBuiltin, Builtin: b})
}

func scalarDec(b ir.Builtin) string {
	switch b {
	case ir.String:
		return "decStr"
	case ir.Bool:
		return "decBool"
	case ir.Int32, ir.Int64:
		return "decInt"
	case ir.Float64:
		return "decFloat"
	}
	return ""
}

func scalarEnc(b ir.Builtin) string {
	switch b {
	case ir.String:
		return "encStr"
	case ir.Bool:
		return "encBool"
	case ir.Int32, ir.Int64:
		return "encInt"
	case ir.Float64:
		return "encFloat"
	}
	return ""
}

// encFn is the encoder of a value of type r: a func(T, *jsonEncoder).
func (m *model) encFn(r ir.TypeRef) *jen.Statement {
	switch r.Kind {
	case ir.RefNamed:
		t := m.byName[r.Name]
		name := jen.Id(string(r.Name))
		switch {
		case t == nil:
		case m.enc[t.Name]:
			// For a map's values and a Nullable's: the value's address is
			// taken here, where it does not escape.
			return encFunc(jen.Id("x").Id(string(r.Name)), jen.Id("x").Dot(encodeMethod).Call(bv, ev))
		case t.Kind == ir.KindEnum && t.Enum.Base == ir.Int64:
			return jen.Id("encInt").Types(name)
		case t.Kind == ir.KindEnum:
			return jen.Id("encStr").Types(name)
		case t.Kind == ir.KindAlias && !t.Defined:
			return m.encFn(*t.Alias)
		case t.Kind == ir.KindAlias && t.Alias.Kind == ir.RefBuiltin:
			if fn := scalarEnc(t.Alias.Builtin); fn != "" {
				return jen.Id(fn).Types(name)
			}
		}
		return jen.Id("encStd").Types(name)
	case ir.RefBuiltin:
		if fn := plainEnc[r.Builtin]; fn != "" {
			return jen.Id(fn)
		}
		if fn := scalarEnc(r.Builtin); fn != "" {
			return jen.Id(fn).Types(m.goType(r))
		}
		if r.Builtin == ir.Bytes {
			return jen.Id("encBytes")
		}
		return jen.Id("encStd").Types(m.goType(r))
	case ir.RefSlice:
		return encFunc(jen.Id("s").Add(m.goType(r)), m.encSlice(*r.Elem, jen.Id("s")))
	case ir.RefMap:
		return encFunc(jen.Id("m").Add(m.goType(r)), jen.Id("encMap").Types(m.goType(*r.Elem)).Call(bv, jen.Id("m"), ev, m.encFn(*r.Elem)))
	case ir.RefNull:
		return m.encPtrFn(*r.Elem)
	case ir.RefRaw:
		return jen.Id("encRaw")
	case ir.RefTime:
		return jen.Id("encTime")
	}
	return jen.Id("encStd").Types(m.goType(r))
}

// encFunc is an encoder of one value, the parameter param, that returns
// the expression x: a func(b []byte, param, e *jsonEncoder) []byte.
func encFunc(param jen.Code, x jen.Code) *jen.Statement {
	return jen.Func().Params(jen.Id("b").Index().Byte(), param, jen.Id("e").Op("*").Id("jsonEncoder")).Index().Byte().Block(jen.Return(x))
}

// encPtrFn is an encoder of *T for r of type T.
func (m *model) encPtrFn(r ir.TypeRef) *jen.Statement {
	return encFunc(jen.Id("p").Op("*").Add(m.goType(r)), m.encPtr(r, jen.Id("p")))
}

// encPtr is b with the value p points to, or null, appended.
func (m *model) encPtr(r ir.TypeRef, p *jen.Statement) *jen.Statement {
	if m.encodes(r) {
		return jen.Id("encObject").Call(bv, ev, p, p.Clone().Op("==").Nil())
	}
	return jen.Id("encPtr").Types(m.goType(r)).Call(bv, p, ev, m.encFn(r))
}

// encSlice is b with the slice s of elements of type elem appended: a
// slice of structs or unions by their encoders, which take a pointer.
func (m *model) encSlice(elem ir.TypeRef, s *jen.Statement) *jen.Statement {
	if m.encodes(elem) {
		return jen.Id("encObjects").Types(m.goType(elem)).Call(bv, s, ev, jen.Parens(jen.Op("*").Add(m.goType(elem))).Dot(encodeMethod))
	}
	return jen.Id("encSlice").Types(m.goType(elem)).Call(bv, s, ev, m.encFn(elem))
}

// encCall is b with the value of type r that val names appended, calling
// the encoder directly where one is known.
func (m *model) encCall(r ir.TypeRef, val *jen.Statement) *jen.Statement {
	if b, named, ok := m.scalarBase(r); ok && plainEnc[b] != "" {
		if named {
			val = builtinType(b).Parens(val)
		}
		return jen.Id(plainEnc[b]).Call(bv, val, ev)
	}
	if m.encodes(r) {
		return val.Dot(encodeMethod).Call(bv, ev)
	}
	res := m.same(r)
	switch res.Kind {
	case ir.RefSlice:
		return m.encSlice(*res.Elem, val)
	case ir.RefMap:
		return jen.Id("encMap").Types(m.goType(*res.Elem)).Call(bv, val, ev, m.encFn(*res.Elem))
	}
	return m.encFn(r).Call(bv, val, ev)
}

// encodeField writes the member of one field, leaving it out as its
// omitempty or omitzero says.
func (m *model) encodeField(g *jen.Group, fl *ir.Field) {
	pr := fl.Presence
	key := jen.Lit(jsonKey(fl.JSONName))
	v := jen.Id("v").Dot(string(fl.Name))
	res := m.same(fl.Type)
	switch {
	case pr.Nullable():
		inner, innerT := m.encFn(fl.Type), m.goType(fl.Type)
		if pr.Pointer() {
			inner, innerT = m.encPtrFn(fl.Type), jen.Op("*").Add(m.goType(fl.Type))
		}
		if pr.Optional() {
			g.Add(setB(jen.Id("optNullable").Types(innerT).Call(bv, ev, key, v, inner)))
			break
		}
		g.Add(keyCall(key))
		g.Add(setB(jen.Id("encNullable").Types(innerT).Call(bv, v, ev, inner)))
	case pr.Pointer() && pr.Optional() && m.optScalar(fl.Type) != "":
		b, named, _ := m.scalarBase(fl.Type)
		if named {
			v = jen.Parens(jen.Op("*").Add(builtinType(b))).Parens(v)
		}
		if fn := m.optScalar(fl.Type); fn == "optTime" {
			g.Add(setB(jen.Id(fn).Call(bv, ev, key, v)))
		} else {
			g.Add(setB(jen.Id(fn).Call(bv, key, v)))
		}
	case pr.Pointer() && pr.Optional() && m.encodes(fl.Type):
		g.If(v.Clone().Op("!=").Nil()).Block(
			keyCall(key),
			setB(v.Clone().Dot(encodeMethod).Call(bv, ev)),
		)
	case pr.Pointer() && pr.Optional():
		g.Add(setB(jen.Id("optional").Types(m.goType(fl.Type)).Call(bv, ev, key, v, m.encFn(fl.Type))))
	case pr.Pointer():
		g.Add(keyCall(key))
		g.Add(setB(m.encPtr(fl.Type, v)))
	case !pr.Optional() && plainField[m.base(fl.Type)] != "":
		b, named, _ := m.scalarBase(fl.Type)
		if named {
			v = builtinType(b).Parens(v)
		}
		g.Add(setB(jen.Id(plainField[b]).Call(bv, key, v)))
	case !pr.Optional():
		g.Add(keyCall(key))
		g.Add(setB(m.encCall(fl.Type, v)))
	case res.Kind == ir.RefSlice && m.encodes(*res.Elem):
		g.If(v.Clone().Op("!=").Nil()).Block(
			keyCall(key),
			setB(m.encSlice(*res.Elem, v.Clone())),
		)
	case res.Kind == ir.RefSlice:
		g.Add(setB(jen.Id("optSlice").Types(m.goType(*res.Elem)).Call(bv, ev, key, v, m.encFn(*res.Elem))))
	case res.Kind == ir.RefMap:
		g.Add(setB(jen.Id("optMap").Types(m.goType(*res.Elem)).Call(bv, ev, key, v, m.encFn(*res.Elem))))
	case res.Kind == ir.RefRaw:
		g.Add(setB(jen.Id("optRaw").Call(bv, ev, key, v)))
	default:
		cond := v.Clone().Op("!=").Nil()
		if pr == ir.PresenceRaw {
			cond = jen.Len(v.Clone()).Op("!=").Lit(0)
		}
		g.If(cond).Block(
			keyCall(key),
			setB(m.encCall(fl.Type, v.Clone())),
		)
	}
}

// same is ir's Unalias: the reference names the same Go type as r,
// aliases (type X = Y) followed and defined types (type X Y) not.
func (m *model) same(r ir.TypeRef) ir.TypeRef { return m.byName.Unalias(r) }

// variantDecode decodes the variant v from the decoder into Value.
func (m *model) variantDecode(g *jen.Group, v ir.Variant, recv string) {
	ref := ir.TypeRef{Kind: ir.RefNamed, Name: v.Type}
	g.Id("x").Op(":=").New(jen.Id(string(v.Type)))
	g.Add(m.decCall(ref, jen.Id("x"), jen.Id("x")))
	g.Id(recv).Dot("Value").Op("=").Id("x")
}

// taggedCodec: a union told apart by its discriminator property.
func (m *model) taggedCodec(f *jen.File, t *ir.Type) {
	u := t.Union
	name := string(t.Name)
	marshalMethods(f, name, "u", true, true, true)
	disc := "discriminator"
	if u.IntDiscriminator {
		disc = "numberDiscriminator"
	}
	shared := sharedValues(u)
	// A string discriminator is guessed, and the variant decoded on the
	// guess kept when it is confirmed (tag, confirmed, in the runtime);
	// otherwise the loop decodes the object again, with the value found.
	guess := !u.IntDiscriminator
	body := jen.Switch(jen.Id("tag")).BlockFunc(func(g *jen.Group) {
		for _, v := range u.Variants {
			var vals []jen.Code
			for _, val := range v.Values {
				vals = append(vals, jen.Lit(val))
			}
			g.Case(vals...).BlockFunc(func(c *jen.Group) {
				if vt := m.byName[v.Type]; vt != nil && m.takesSealed(vt) {
					c.Id("d").Dot("unionKey").Op("=").Lit(u.Discriminator)
				}
				m.variantDecode(c, v, "u")
				c.Id("d").Dot("within").Call(jen.Lit(name + " " + v.Values[0]))
				if len(v.Values) > 1 {
					c.Id("u").Dot("tag").Op("=").Id("tag")
				}
			})
		}
		g.Default().Block(
			jen.Id("u").Dot("Value").Op("=").Op("&").Id(string(u.UnknownName)).Values(jen.Dict{
				jen.Id("Discriminator"): jen.Id("tag"),
				jen.Id("Raw"):           jen.Id("d").Dot("ownSpan").Call(),
			}),
		)
	})
	f.Func().Params(jen.Id("u").Op("*").Id(name)).Id(decodeMethod).Params(jen.Id("d").Op("*").Id("jsonDecoder")).BlockFunc(func(g *jen.Group) {
		g.If(jen.Id("d").Dot("null").Call()).Block(jen.Id("u").Dot("Value").Op("=").Nil(), jen.Return())
		if !guess {
			g.List(jen.Id("tag"), jen.Id("ok")).Op(":=").Id("d").Dot(disc).Call(jen.Lit(u.Discriminator))
			g.If(jen.Op("!").Id("ok")).Block(jen.Return())
			g.Add(body)
			return
		}
		// A rejected guess leaves nothing of its decode in u.
		g.Id("old").Op(":=").Op("*").Id("u")
		g.Var().Id("guess").Id("tagGuess")
		g.For().Block(
			jen.List(jen.Id("tag"), jen.Id("ok")).Op(":=").Id("d").Dot("tag").Call(jen.Lit(u.Discriminator), jen.Op("&").Id("guess")),
			jen.If(jen.Op("!").Id("ok")).Block(jen.Op("*").Id("u").Op("=").Id("old"), jen.Return()),
			body,
			jen.If(jen.Id("d").Dot("confirmed").Call(jen.Op("&").Id("guess"))).Block(jen.Return()),
			jen.Op("*").Id("u").Op("=").Id("old"),
		)
	})
	f.Line()
	discKey := func(val string) string {
		if u.IntDiscriminator {
			return jsonKey(u.Discriminator) + val
		}
		return jsonKey(u.Discriminator) + marshalString(val)
	}
	isNil := jen.Id("x").Op("==").Nil()
	encParams(f.Func().Params(jen.Id("u").Op("*").Id(name)).Id(encodeMethod)).Block(
		jen.Switch(jen.Id("x").Op(":=").Id("u").Dot("Value").Assert(jen.Type())).BlockFunc(func(g *jen.Group) {
			g.Case(jen.Nil()).Add(setB(jen.Id("e").Dot("null").Call(bv)))
			for _, v := range u.Variants {
				if len(v.Values) == 1 || !shared {
					g.Case(jen.Op("*").Id(string(v.Type))).Add(setB(jen.Id("encVariant").Call(bv, ev, jen.Id("x"), isNil, jen.Lit(discKey(v.Values[0])))))
					continue
				}
				// Write back the value that was decoded, if it selects this
				// variant; otherwise the first one.
				g.Case(jen.Op("*").Id(string(v.Type))).BlockFunc(func(c *jen.Group) {
					c.Id("key").Op(":=").Lit(discKey(v.Values[0]))
					c.Switch(jen.Id("u").Dot("tag")).BlockFunc(func(s *jen.Group) {
						for _, val := range v.Values[1:] {
							s.Case(jen.Lit(val)).Id("key").Op("=").Lit(discKey(val))
						}
					})
					c.Add(setB(jen.Id("encVariant").Call(bv, ev, jen.Id("x"), isNil, jen.Id("key"))))
				})
			}
			g.Case(jen.Op("*").Id(string(u.UnknownName))).Add(unknownEncode(name))
			g.Default().Id("e").Dot("fail").Call(jen.Qual(pkgFmt, "Errorf").Call(jen.Lit(name+": unexpected variant %T"), jen.Id("u").Dot("Value")))
		}),
		jen.Return(bv),
	)
	f.Line()
}

// unknownEncode writes an unknown variant's JSON back; it must have some.
func unknownEncode(name string) *jen.Statement {
	return jen.If(jen.Id("x").Op("==").Nil().Op("||").Len(jen.Id("x").Dot("Raw")).Op("==").Lit(0)).Block(
		jen.Id("e").Dot("fail").Call(jen.Qual(pkgErrors, "New").Call(jen.Lit(name + ": unknown variant without raw JSON"))),
	).Else().Block(setB(jen.Id("encRaw").Call(bv, jen.Id("x").Dot("Raw"), ev)))
}

// untaggedCodec: a union told apart by the JSON's kind and properties,
// decided on the value's bytes before the variant decodes them.
func (m *model) untaggedCodec(f *jen.File, t *ir.Type) {
	u := t.Union
	name := string(t.Name)
	marshalMethods(f, name, "u", true, true, true)
	decodeInto := func(g *jen.Group, v ir.Variant) {
		m.variantDecode(g, v, "u")
		g.Id("d").Dot("within").Call(jen.Lit(name + " as " + string(v.Type)))
		g.Return()
	}
	f.Func().Params(jen.Id("u").Op("*").Id(name)).Id(decodeMethod).Params(jen.Id("d").Op("*").Id("jsonDecoder")).Block(
		jen.If(jen.Id("d").Dot("null").Call()).Block(jen.Id("u").Dot("Value").Op("=").Nil(), jen.Return()),
		jen.Id("at").Op(":=").Id("d").Dot("i"),
		jen.Id("data").Op(":=").Id("d").Dot("span").Call(),
		jen.If(jen.Id("d").Dot("err").Op("!=").Nil()).Block(jen.Return()),
		jen.Id("d").Dot("i").Op("=").Id("at"),
		untaggedDispatch(u, decodeInto),
		jen.Id("u").Dot("Value").Op("=").Op("&").Id(string(u.UnknownName)).Values(jen.Dict{
			jen.Id("Raw"): jen.Id("d").Dot("ownSpan").Call(),
		}),
	)
	f.Line()
	encParams(f.Func().Params(jen.Id("u").Op("*").Id(name)).Id(encodeMethod)).Block(
		jen.Switch(jen.Id("x").Op(":=").Id("u").Dot("Value").Assert(jen.Type())).BlockFunc(func(g *jen.Group) {
			g.Case(jen.Nil()).Add(setB(jen.Id("e").Dot("null").Call(bv)))
			for _, v := range u.Variants {
				g.Case(jen.Op("*").Id(string(v.Type))).Add(setB(m.encPtr(ir.TypeRef{Kind: ir.RefNamed, Name: v.Type}, jen.Id("x"))))
			}
			g.Case(jen.Op("*").Id(string(u.UnknownName))).Add(unknownEncode(name))
			g.Default().Id("e").Dot("fail").Call(jen.Qual(pkgFmt, "Errorf").Call(jen.Lit(name+": unexpected variant %T"), jen.Id("u").Dot("Value")))
		}),
		jen.Return(bv),
	)
	f.Line()
}

// fallbackCodec: a union that keeps its JSON decodes through its own
// UnmarshalJSON and writes the JSON back compacted, as json.Marshal did.
func (m *model) fallbackCodec(f *jen.File, t *ir.Type) {
	name := string(t.Name)
	f.Func().Params(jen.Id("u").Op("*").Id(name)).Id(decodeMethod).Params(jen.Id("d").Op("*").Id("jsonDecoder")).Block(
		jen.If(jen.Id("b").Op(":=").Id("d").Dot("span").Call(), jen.Id("d").Dot("err").Op("==").Nil()).Block(
			jen.Id("d").Dot("err").Op("=").Id("u").Dot("UnmarshalJSON").Call(jen.Id("b")),
		),
	)
	f.Line()
	encParams(f.Func().Params(jen.Id("u").Op("*").Id(name)).Id(encodeMethod)).Block(
		jen.Return(jen.Id("encRaw").Call(bv, jen.Id("u").Dot("raw"), ev)),
	)
	f.Line()
}
