package emit

import (
	"maps"
	"strings"

	"github.com/dave/jennifer/jen"

	"github.com/orygen/orygen/internal/ir"
)

// shape is what a type reference is once aliases are followed.
type shape int

const (
	shScalar shape = iota // builtin, time or enum
	shStruct
	shUnion
	shSlice
	shMap
	shRaw
)

// model wraps the IR with the look-ups the emitters need; it lives only
// in emit so that the IR stays plain data.
type model struct {
	*ir.API
	pkg    string
	byName ir.TypeIndex
	// The structs and unions with generated JSON codecs (codec), and
	// which halves they have (see codecTypes).
	codec, dec, enc map[ir.Ident]bool
}

func newModel(api *ir.API, pkg string) *model {
	m := &model{API: api, pkg: pkg, byName: api.Index()}
	m.dec, m.enc = codecTypes(m)
	m.codec = maps.Clone(m.dec)
	maps.Copy(m.codec, m.enc)
	return m
}

// keepsUnknown: the struct embeds the runtime's unknownFields, which its
// codecs fill and write back (a struct with a map of additional
// properties keeps undeclared members there instead).
func (m *model) keepsUnknown(t *ir.Type) bool {
	return t.Kind == ir.KindStruct && m.codec[t.Name] && t.Additional == nil
}

// Subject names the API in prose: its title, with "API" appended unless
// the title already ends with it ("Ory Keto API") or names several
// ("Ory APIs", not "Ory APIs API").
func (m *model) Subject() string {
	t := strings.TrimSpace(m.Title)
	if t == "" {
		return "this API"
	}
	l := strings.ToLower(t)
	if strings.HasSuffix(l, "api") || l == "apis" || strings.HasSuffix(l, " apis") {
		return t
	}
	return t + " API"
}

// resolve is ir's Resolve: the reference r stands for once aliases,
// defined types too, are followed.
func (m *model) resolve(r ir.TypeRef) ir.TypeRef { return m.byName.Resolve(r) }

func (m *model) shapeOf(r ir.TypeRef) shape {
	r = m.resolve(r)
	switch r.Kind {
	case ir.RefNamed:
		switch m.byName[r.Name].Kind {
		case ir.KindStruct:
			return shStruct
		case ir.KindUnion:
			return shUnion
		}
		return shScalar
	case ir.RefSlice:
		return shSlice
	case ir.RefMap:
		return shMap
	case ir.RefRaw:
		return shRaw
	case ir.RefBuiltin:
		if r.Builtin == ir.Bytes {
			return shSlice
		}
	}
	return shScalar
}

// goType is the Go type of a reference.
func (m *model) goType(r ir.TypeRef) *jen.Statement {
	switch r.Kind {
	case ir.RefNamed:
		return jen.Id(string(r.Name))
	case ir.RefSlice:
		return jen.Index().Add(m.goType(*r.Elem))
	case ir.RefMap:
		return jen.Map(jen.String()).Add(m.goType(*r.Elem))
	case ir.RefNull:
		return jen.Op("*").Add(m.goType(*r.Elem))
	case ir.RefRaw:
		return jen.Qual(pkgJSON, "RawMessage")
	case ir.RefTime:
		return jen.Qual(pkgTime, "Time")
	}
	switch r.Builtin {
	case ir.Bool:
		return jen.Bool()
	case ir.Int32:
		return jen.Int32()
	case ir.Int64:
		return jen.Int64()
	case ir.Float64:
		return jen.Float64()
	case ir.Bytes:
		return jen.Index().Byte()
	case ir.Upload:
		return jen.Id("Upload")
	}
	return jen.String()
}

// goTypeText is goType as text, for documentation: what rendering and
// formatting goType's statement would give, without doing either.
func (m *model) goTypeText(r ir.TypeRef) string {
	switch r.Kind {
	case ir.RefNamed:
		return string(r.Name)
	case ir.RefSlice:
		return "[]" + m.goTypeText(*r.Elem)
	case ir.RefMap:
		return "map[string]" + m.goTypeText(*r.Elem)
	case ir.RefNull:
		return "*" + m.goTypeText(*r.Elem)
	case ir.RefRaw:
		return "json.RawMessage"
	case ir.RefTime:
		return "time.Time"
	}
	switch r.Builtin {
	case ir.Bool:
		return "bool"
	case ir.Int32:
		return "int32"
	case ir.Int64:
		return "int64"
	case ir.Float64:
		return "float64"
	case ir.Bytes:
		return "[]byte"
	case ir.Upload:
		return "Upload"
	}
	return "string"
}

// fieldType is the Go type and the JSON tag's option of the field's
// Presence.
func (m *model) fieldType(f *ir.Field) (*jen.Statement, string) {
	t := m.goType(f.Type)
	if f.Presence.Pointer() {
		t = jen.Op("*").Add(t)
	}
	if f.Presence.Nullable() {
		t = jen.Id("Nullable").Types(t)
	}
	return t, omitOption(f.Presence)
}

// omitOption is the JSON tag's option that leaves a field of presence p
// out when it holds nothing: omitempty where that is a nil pointer or an
// empty raw value, omitzero where it is a nil slice or map or an unset
// Nullable.
func omitOption(p ir.Presence) string {
	switch p {
	case ir.PresenceOptional, ir.PresenceRaw:
		return ",omitempty"
	case ir.PresenceNilable, ir.PresenceOptionalNullable, ir.PresenceOptionalNullablePointer:
		return ",omitzero"
	}
	return ""
}

// opEmitter writes the functions of one operation, whose parameter and
// variable names ir claimed in its Locals.
type opEmitter struct {
	*model
	op *ir.Operation
	l  ir.Locals
}

func (m *model) forOp(op *ir.Operation) *opEmitter { return &opEmitter{model: m, op: op, l: op.Locals} }

func joinIdents(ids []ir.Ident, sep string) string {
	s := make([]string, len(ids))
	for i, x := range ids {
		s[i] = string(x)
	}
	return strings.Join(s, sep)
}

// id is the identifier ir chose.
func id(x ir.Ident) *jen.Statement { return jen.Id(string(x)) }
