package emit

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/dave/jennifer/jen"

	"github.com/orygen/orygen/internal/ir"
)

// models writes every struct and alias.
func (m *model) models(f *jen.File) {
	for _, t := range m.Types {
		switch t.Kind {
		case ir.KindStruct:
			m.structType(f, t)
		case ir.KindAlias:
			f.Add(commentBlock(string(t.Name), typeSentence(string(t.Name), t.Doc), t.Deprecated, schemaRef(t)))
			if t.Defined {
				f.Type().Id(string(t.Name)).Add(m.goType(*t.Alias))
			} else {
				f.Type().Id(string(t.Name)).Op("=").Add(m.goType(*t.Alias))
			}
			f.Line()
			if t.Defined {
				switch r := m.resolve(*t.Alias); r.Kind {
				case ir.RefNamed:
					if tt := m.byName[r.Name]; tt != nil && (tt.Kind == ir.KindStruct || tt.Kind == ir.KindUnion) {
						convertJSON(f, t.Name, r.Name)
					}
				case ir.RefRaw:
					delegateJSON(f, t.Name, pkgJSON, "RawMessage", "returns the JSON "+string(t.Name)+" holds, or null if it holds none", "keeps a copy of the JSON")
				case ir.RefTime:
					delegateJSON(f, t.Name, pkgTime, "Time", "writes the time in RFC 3339 format", "reads a time in RFC 3339 format")
				}
			}
		}
	}
}

// delegateJSON gives a defined type of json.RawMessage or time.Time (a
// union's variant that is any JSON object, or a date-time) the JSON
// methods of the type it is defined from, which a defined type does not
// inherit: encoding/json would take a RawMessage for bytes, written in
// base64, and a Time for a struct without fields.
func delegateJSON(f *jen.File, name ir.Ident, path, typ, marshal, unmarshal string) {
	f.Comment("MarshalJSON " + marshal + ".")
	f.Func().Params(jen.Id("x").Id(string(name))).Id("MarshalJSON").Params().Params(jen.Index().Byte(), jen.Error()).Block(
		jen.Return(jen.Qual(path, typ).Parens(jen.Id("x")).Dot("MarshalJSON").Call()),
	)
	f.Line()
	f.Comment("UnmarshalJSON " + unmarshal + ".")
	f.Func().Params(jen.Id("x").Op("*").Id(string(name))).Id("UnmarshalJSON").Params(jen.Id("data").Index().Byte()).Error().Block(
		jen.Return(jen.Parens(jen.Op("*").Qual(path, typ)).Parens(jen.Id("x")).Dot("UnmarshalJSON").Call(jen.Id("data"))),
	)
	f.Line()
}

// convertJSON gives a defined type of a struct or union (a union's
// variant that is a free-form object, made a struct of its properties)
// the JSON of the type it is defined from, whose methods it does not
// inherit: encoding/json would skip its AdditionalProperties.
func convertJSON(f *jen.File, name, from ir.Ident) {
	f.Comment("MarshalJSON encodes " + string(name) + " as " + string(from) + ".")
	f.Func().Params(jen.Id("x").Id(string(name))).Id("MarshalJSON").Params().Params(jen.Index().Byte(), jen.Error()).Block(
		jen.Id("v").Op(":=").Id(string(from)).Call(jen.Id("x")),
		jen.Return(jen.Qual(pkgJSON, "Marshal").Call(jen.Op("&").Id("v"))),
	)
	f.Line()
	f.Comment("UnmarshalJSON decodes JSON as " + string(from) + ".")
	f.Func().Params(jen.Id("x").Op("*").Id(string(name))).Id("UnmarshalJSON").Params(jen.Id("data").Index().Byte()).Error().Block(
		jen.Return(jen.Qual(pkgJSON, "Unmarshal").Call(jen.Id("data"), jen.Parens(jen.Op("*").Id(string(from))).Parens(jen.Id("x")))),
	)
	f.Line()
}

func schemaRef(t *ir.Type) string {
	if t.Pointer != "" {
		return "Schema: " + t.Pointer
	}
	return ""
}

// commentBlock renders a doc comment as a standalone statement.
func commentBlock(name, text string, deprecated bool, extra ...string) *jen.Statement {
	return jen.CustomFunc(jen.Options{Separator: "\n"}, func(g *jen.Group) { doc(g, name, text, deprecated, extra...) })
}

func (m *model) structType(f *jen.File, t *ir.Type) {
	extra := []string{schemaRef(t)}
	if len(t.VariantOf) > 0 {
		extra = append(extra, fmt.Sprintf("%s is a variant of %s; the union writes its discriminator.", t.Name, joinIdents(t.VariantOf, ", ")))
	}
	f.Add(commentBlock(string(t.Name), typeSentence(string(t.Name), t.Doc), t.Deprecated, extra...))
	f.Type().Id(string(t.Name)).StructFunc(func(g *jen.Group) {
		for i, fl := range t.Fields {
			if i > 0 && (fl.Doc != "" || fl.Deprecated) {
				g.Line()
			}
			doc(g, string(fl.Name), fl.Doc, fl.Deprecated)
			typ, opt := m.fieldType(fl)
			name := fl.JSONName
			if name == "-" && opt == "" {
				name = "-," // encoding/json's spelling of a property named "-"
			}
			tag := name + opt
			if fl.NoTag {
				// No tag can name it: encoding/json leaves the field to
				// the codecs, which write it by its JSON name.
				tag = "-"
				if fl.Doc == "" && !fl.Deprecated {
					g.Commentf("%s is the property %s.", fl.Name, strconv.Quote(fl.JSONName))
				}
			}
			g.Id(string(fl.Name)).Add(typ).Tag(map[string]string{"json": tag})
		}
		if t.Additional != nil {
			g.Line()
			g.Comment("AdditionalProperties holds the properties not declared above, as sent.")
			g.Id(string(t.AdditionalField)).Map(jen.String()).Add(m.goType(*t.Additional)).Tag(map[string]string{"json": "-"})
		}
		if m.keepsUnknown(t) {
			if len(t.Fields) > 0 {
				g.Line()
			}
			g.Comment("Members the schema does not declare, kept and written back: see UnknownJSON.")
			g.Id("unknownFields")
		}
	})
	f.Line()
	if t.Additional != nil && !m.codec[t.Name] {
		m.additionalMethods(f, t)
	}
}

// additionalMethods decode and encode a struct's undeclared properties.
func (m *model) additionalMethods(f *jen.File, t *ir.Type) {
	var known []jen.Code
	for _, fl := range t.Fields {
		known = append(known, jen.Lit(fl.JSONName))
	}
	for _, k := range m.sealedKeys(t) {
		known = append(known, jen.Lit(k)) // written by the union
	}
	f.Comment("UnmarshalJSON decodes the declared properties into their fields and keeps the rest")
	f.Comment("in AdditionalProperties.")
	f.Func().Params(jen.Id("x").Op("*").Id(string(t.Name))).Id("UnmarshalJSON").Params(jen.Id("data").Index().Byte()).Error().Block(
		jen.Type().Id("plain").Id(string(t.Name)),
		jen.If(jen.Err().Op(":=").Qual(pkgJSON, "Unmarshal").Call(jen.Id("data"), jen.Parens(jen.Op("*").Id("plain")).Parens(jen.Id("x"))), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err())),
		jen.Return(jen.Id("decodeExtra").Call(jen.Id("data"), jen.Op("&").Id("x").Dot(string(t.AdditionalField)), jen.Lit(string(t.Name)), jen.Index().String().Values(known...))),
	)
	f.Line()
	f.Comment("MarshalJSON encodes the fields and then AdditionalProperties.")
	f.Func().Params(jen.Id("x").Id(string(t.Name))).Id("MarshalJSON").Params().Params(jen.Index().Byte(), jen.Error()).Block(
		jen.Type().Id("plain").Id(string(t.Name)),
		jen.List(jen.Id("b"), jen.Err()).Op(":=").Qual(pkgJSON, "Marshal").Call(jen.Id("plain").Parens(jen.Id("x"))),
		jen.If(jen.Err().Op("!=").Nil().Op("||").Len(jen.Id("x").Dot(string(t.AdditionalField))).Op("==").Lit(0)).Block(jen.Return(jen.Id("b"), jen.Err())),
		jen.Return(jen.Id("appendExtra").Call(jen.Id("b"), jen.Id("x").Dot(string(t.AdditionalField)))),
	)
	f.Line()
}

// enums writes each enum type, its constants and IsKnown.
func (m *model) enums(f *jen.File) {
	for _, t := range m.Types {
		if t.Kind != ir.KindEnum {
			continue
		}
		base := jen.String()
		if t.Enum.Base == ir.Int64 {
			base = jen.Int64()
		}
		f.Add(commentBlock(string(t.Name), typeSentence(string(t.Name), t.Doc), t.Deprecated, schemaRef(t),
			"Values outside the constants below decode and re-encode unchanged; IsKnown tells them apart."))
		f.Type().Id(string(t.Name)).Add(base)
		f.Line()
		if len(t.Enum.Values) > 0 {
			f.Const().DefsFunc(func(g *jen.Group) {
				for i, v := range t.Enum.Values {
					if v.Doc != "" {
						if i > 0 {
							g.Line()
						}
						doc(g, string(v.Name), v.Doc, false)
					}
					if t.Enum.Base == ir.Int64 {
						g.Commentf("%s is the %s value %s.", v.Name, t.Name, v.Int)
					} else {
						g.Commentf("%s is the %s value %q.", v.Name, t.Name, v.String)
					}
					if t.Enum.Base == ir.Int64 {
						g.Id(string(v.Name)).Id(string(t.Name)).Op("=").Op(v.Int)
					} else {
						g.Id(string(v.Name)).Id(string(t.Name)).Op("=").Lit(v.String)
					}
				}
			})
		}
		f.Comment(fmt.Sprintf("IsKnown reports whether v is one of the values the API description lists."))
		f.Func().Params(jen.Id("v").Id(string(t.Name))).Id("IsKnown").Params().Bool().BlockFunc(func(g *jen.Group) {
			if len(t.Enum.Values) == 0 {
				g.Return(jen.False())
				return
			}
			g.Switch(jen.Id("v")).Block(
				jen.CaseFunc(func(c *jen.Group) {
					for _, v := range t.Enum.Values {
						c.Id(string(v.Name))
					}
				}).Block(jen.Return(jen.True())),
			)
			g.Return(jen.False())
		})
		f.Line()
	}
}

// unions writes each discriminated union: a wrapper struct holding a
// sealed interface, the marker methods, the unknown-variant type and the
// JSON methods.
func (m *model) unions(f *jen.File) {
	for _, t := range m.Types {
		if t.Kind != ir.KindUnion {
			continue
		}
		u := t.Union
		iface := u.Interface
		if u.Fallback {
			m.fallbackUnion(f, t)
			continue
		}
		var names []string
		for _, v := range u.Variants {
			names = append(names, "*"+string(v.Type))
		}
		names = append(names, "*"+string(u.UnknownName))
		how := fmt.Sprintf("told apart by the %q property", u.Discriminator)
		if u.Discriminator == "" {
			how = "told apart by their JSON shape"
		}
		f.Add(commentBlock(string(t.Name), typeSentence(string(t.Name), t.Doc), t.Deprecated, schemaRef(t),
			fmt.Sprintf("Value is one of %s, %s. Use a type switch on Value.", strings.Join(names, ", "), how)))
		f.Type().Id(string(t.Name)).StructFunc(func(g *jen.Group) {
			g.Id("Value").Id(string(iface))
			if sharedValues(u) {
				g.Comment("tag is the discriminator value decoded, for variants several values select.")
				g.Id("tag").String()
			}
		})
		f.Line()
		f.Commentf("%s is implemented by the variants of %s only.", iface, t.Name)
		f.Type().Id(string(iface)).Interface(jen.Id(string(u.Marker)).Params())
		f.Line()
		for _, v := range u.Variants {
			f.Func().Params(jen.Op("*").Id(string(v.Type))).Id(string(u.Marker)).Params().Block()
		}
		f.Func().Params(jen.Op("*").Id(string(u.UnknownName))).Id(string(u.Marker)).Params().Block()
		f.Line()
		if u.Discriminator == "" {
			f.Commentf("%s is a %s of a shape none of its variants has. It keeps the JSON as it came and encodes it unchanged.", u.UnknownName, t.Name)
		} else {
			f.Commentf("%s is a %s whose %q this client does not know. It keeps the JSON as it came and encodes it unchanged.", u.UnknownName, t.Name, u.Discriminator)
		}
		f.Type().Id(string(u.UnknownName)).Struct(
			jen.Id("Discriminator").String(),
			jen.Id("Raw").Qual(pkgJSON, "RawMessage"),
		)
		f.Line()
		if !m.codec[t.Name] {
			m.unionMarshal(f, t)
			m.unionUnmarshal(f, t)
		}
	}
}

func (m *model) unionMarshal(f *jen.File, t *ir.Type) {
	u := t.Union
	if u.Discriminator == "" {
		m.untaggedMarshal(f, t)
		return
	}
	f.Commentf("MarshalJSON encodes the variant with its %q set.", u.Discriminator)
	f.Func().Params(jen.Id("u").Id(string(t.Name))).Id("MarshalJSON").Params().Params(jen.Index().Byte(), jen.Error()).Block(
		jen.Switch(jen.Id("v").Op(":=").Id("u").Dot("Value").Assert(jen.Type())).BlockFunc(func(g *jen.Group) {
			g.Case(jen.Nil()).Return(jen.Index().Byte().Parens(jen.Lit("null")), jen.Nil())
			for _, v := range u.Variants {
				if len(v.Values) > 1 {
					// Write back the value that was decoded, if it selects
					// this variant; otherwise the first one.
					g.Case(jen.Op("*").Id(string(v.Type))).BlockFunc(func(c *jen.Group) {
						c.Id("tag").Op(":=").Lit(v.Values[0])
						var vals []jen.Code
						for _, x := range v.Values[1:] {
							vals = append(vals, jen.Lit(x))
						}
						c.Switch(jen.Id("u").Dot("tag")).Block(jen.Case(vals...).Block(jen.Id("tag").Op("=").Id("u").Dot("tag")))
						c.Return(jen.Id(marshalVariantFunc(u)).Call(jen.Lit(u.Discriminator), jen.Id("tag"), jen.Id("v")))
					})
					continue
				}
				g.Case(jen.Op("*").Id(string(v.Type))).Return(jen.Id(marshalVariantFunc(u)).Call(jen.Lit(u.Discriminator), jen.Lit(v.Values[0]), jen.Id("v")))
			}
			g.Case(jen.Op("*").Id(string(u.UnknownName))).Block(
				jen.If(jen.Len(jen.Id("v").Dot("Raw")).Op("==").Lit(0)).Block(
					jen.Return(jen.Nil(), jen.Qual(pkgFmt, "Errorf").Call(jen.Lit(string(t.Name)+": unknown variant without raw JSON"))),
				),
				jen.Return(jen.Id("v").Dot("Raw"), jen.Nil()),
			)
		}),
		jen.Return(jen.Nil(), jen.Qual(pkgFmt, "Errorf").Call(jen.Lit(string(t.Name)+": unexpected variant %T"), jen.Id("u").Dot("Value"))),
	)
	f.Line()
}

func (m *model) unionUnmarshal(f *jen.File, t *ir.Type) {
	u := t.Union
	if u.Discriminator == "" {
		m.untaggedUnmarshal(f, t)
		return
	}
	f.Commentf("UnmarshalJSON reads %q and decodes the variant it names; unknown values become *%s.", u.Discriminator, u.UnknownName)
	f.Func().Params(jen.Id("u").Op("*").Id(string(t.Name))).Id("UnmarshalJSON").Params(jen.Id("data").Index().Byte()).Error().Block(
		jen.If(jen.Id("isJSONNull").Call(jen.Id("data"))).Block(
			jen.Id("u").Dot("Value").Op("=").Nil(),
			jen.Return(jen.Nil()),
		),
		jen.List(jen.Id("d"), jen.Err()).Op(":=").Id(discriminatorFunc(u)).Call(jen.Id("data"), jen.Lit(u.Discriminator)),
		jen.If(jen.Err().Op("!=").Nil()).Block(
			jen.Return(jen.Qual(pkgFmt, "Errorf").Call(jen.Lit(string(t.Name)+": %w"), jen.Err())),
		),
		jen.Switch(jen.Id("d")).BlockFunc(func(g *jen.Group) {
			for _, v := range u.Variants {
				var vals []jen.Code
				for _, val := range v.Values {
					vals = append(vals, jen.Lit(val))
				}
				g.Case(vals...).Block(
					jen.Id("v").Op(":=").New(jen.Id(string(v.Type))),
					jen.If(jen.Err().Op(":=").Qual(pkgJSON, "Unmarshal").Call(jen.Id("data"), jen.Id("v")), jen.Err().Op("!=").Nil()).Block(
						jen.Return(jen.Qual(pkgFmt, "Errorf").Call(jen.Lit(string(t.Name)+" "+v.Values[0]+": %w"), jen.Err())),
					),
					jen.Id("u").Dot("Value").Op("=").Id("v"),
					jen.Do(func(st *jen.Statement) {
						if len(v.Values) > 1 {
							st.Id("u").Dot("tag").Op("=").Id("d")
						}
					}),
				)
			}
			g.Default().Block(
				jen.Id("u").Dot("Value").Op("=").Op("&").Id(string(u.UnknownName)).Values(jen.Dict{
					jen.Id("Discriminator"): jen.Id("d"),
					jen.Id("Raw"):           jen.Append(jen.Qual(pkgJSON, "RawMessage").Parens(jen.Nil()), jen.Id("data").Op("...")),
				}),
			)
		}),
		jen.Return(jen.Nil()),
	)
	f.Line()
}

func (m *model) untaggedMarshal(f *jen.File, t *ir.Type) {
	u := t.Union
	f.Comment("MarshalJSON encodes the variant held in Value.")
	f.Func().Params(jen.Id("u").Id(string(t.Name))).Id("MarshalJSON").Params().Params(jen.Index().Byte(), jen.Error()).Block(
		jen.Switch(jen.Id("v").Op(":=").Id("u").Dot("Value").Assert(jen.Type())).BlockFunc(func(g *jen.Group) {
			g.Case(jen.Nil()).Return(jen.Index().Byte().Parens(jen.Lit("null")), jen.Nil())
			for _, v := range u.Variants {
				g.Case(jen.Op("*").Id(string(v.Type))).Return(jen.Qual(pkgJSON, "Marshal").Call(jen.Parens(jen.Op("*").Id(string(v.Type))).Parens(jen.Id("v"))))
			}
			g.Case(jen.Op("*").Id(string(u.UnknownName))).Return(jen.Id("v").Dot("Raw"), jen.Nil())
		}),
		jen.Return(jen.Nil(), jen.Qual(pkgFmt, "Errorf").Call(jen.Lit(string(t.Name)+": unexpected variant %T"), jen.Id("u").Dot("Value"))),
	)
	f.Line()
}

// untaggedUnmarshal dispatches on the JSON kind and, among objects, on the
// required property that only one variant has; the rules were settled at
// generation time.
func (m *model) untaggedUnmarshal(f *jen.File, t *ir.Type) {
	u := t.Union
	decodeInto := func(g *jen.Group, v ir.Variant) {
		g.Id("v").Op(":=").New(jen.Id(string(v.Type)))
		g.If(jen.Err().Op(":=").Qual(pkgJSON, "Unmarshal").Call(jen.Id("data"), jen.Id("v")), jen.Err().Op("!=").Nil()).Block(
			jen.Return(jen.Qual(pkgFmt, "Errorf").Call(jen.Lit(string(t.Name)+" as "+string(v.Type)+": %w"), jen.Err())),
		)
		g.Id("u").Dot("Value").Op("=").Id("v")
		g.Return(jen.Nil())
	}
	f.Commentf("UnmarshalJSON picks the variant by the JSON value's kind and, for objects, by a")
	f.Commentf("property fixed to a value or a required property only one variant has; anything")
	f.Commentf("else becomes *%s.", u.UnknownName)
	f.Func().Params(jen.Id("u").Op("*").Id(string(t.Name))).Id("UnmarshalJSON").Params(jen.Id("data").Index().Byte()).Error().Block(
		jen.If(jen.Id("isJSONNull").Call(jen.Id("data"))).Block(
			jen.Id("u").Dot("Value").Op("=").Nil(),
			jen.Return(jen.Nil()),
		),
		untaggedDispatch(u, decodeInto),
		jen.Id("u").Dot("Value").Op("=").Op("&").Id(string(u.UnknownName)).Values(jen.Dict{
			jen.Id("Raw"): jen.Append(jen.Qual(pkgJSON, "RawMessage").Parens(jen.Nil()), jen.Id("data").Op("...")),
		}),
		jen.Return(jen.Nil()),
	)
	f.Line()
}

// untaggedDispatch is an untagged union's choice of variant, decided at
// generation time: by the JSON kind of data and, among objects, by a
// property fixed to a value, then a required property only one variant
// has, then the variant that takes the objects no other claims. The
// reflection-based UnmarshalJSON and the codec both use it.
func untaggedDispatch(u *ir.Union, decodeInto func(*jen.Group, ir.Variant)) *jen.Statement {
	kinds, byKind := variantsByKind(u)
	return jen.Switch(jen.Id("jsonKindOf").Call(jen.Id("data"))).BlockFunc(func(g *jen.Group) {
		for _, k := range kinds {
			vs := byKind[k]
			g.Case(jen.LitRune(rune(k))).BlockFunc(func(c *jen.Group) {
				var fallback *ir.Variant
				for _, v := range vs {
					if len(v.Match.Fixed) > 0 {
						c.If(fixedTest(v.Match.Fixed[0])).BlockFunc(func(b *jen.Group) { decodeInto(b, v) })
					}
				}
				for i := range vs {
					v := vs[i]
					if len(v.Match.Fixed) > 0 {
						continue
					}
					if v.Match.Key == "" {
						fallback = &vs[i]
						continue
					}
					c.If(jen.Id("hasKey").Call(jen.Id("data"), jen.Lit(v.Match.Key))).BlockFunc(func(b *jen.Group) { decodeInto(b, v) })
				}
				if fallback != nil {
					decodeInto(c, *fallback)
				}
			})
		}
	})
}

// sharedValues reports whether some variant of u is selected by several
// discriminator values, whose union must then remember which one it read.
func sharedValues(u *ir.Union) bool {
	for _, v := range u.Variants {
		if len(v.Values) > 1 {
			return true
		}
	}
	return false
}

func marshalVariantFunc(u *ir.Union) string {
	if u.IntDiscriminator {
		return "marshalVariantNumber"
	}
	return "marshalVariant"
}

func discriminatorFunc(u *ir.Union) string {
	if u.IntDiscriminator {
		return "discriminatorNumber"
	}
	return "discriminatorValue"
}

// fixedTest is the condition that the JSON object data has the fixed
// value x.
func fixedTest(x ir.Fixed) *jen.Statement {
	if x.Int {
		return jen.Id("fieldIsInt").Call(jen.Id("data"), jen.Lit(x.Key), jen.Lit(x.Value))
	}
	return jen.Id("fieldIs").Call(jen.Id("data"), jen.Lit(x.Key), jen.Lit(x.Value))
}

// fallbackUnion writes an untagged union whose variants nothing tells
// apart: it keeps the JSON it decoded and writes it back byte for byte;
// ValueMethod returns the first variant, in document order, whose kind,
// required properties and fixed values the JSON has; As and From convert
// to and from each variant.
func (m *model) fallbackUnion(f *jen.File, t *ir.Type) {
	u := t.Union
	name, iface, unknown := string(t.Name), string(u.Interface), string(u.UnknownName)
	var names []string
	for _, v := range u.Variants {
		names = append(names, "*"+string(v.Type))
	}
	names = append(names, "*"+unknown)
	f.Add(commentBlock(name, typeSentence(name, t.Doc), t.Deprecated, schemaRef(t),
		fmt.Sprintf("Its variants (%s) cannot be told apart by their shape alone, so %s keeps the JSON it decodes and MarshalJSON writes it back, compacted as json.Marshal would. "+
			"%s returns the variant decoding picked: the first, in the API description's order, whose JSON kind, required properties and fixed values the JSON has (%s when none has). "+
			"The As methods decode the JSON as any variant; the From methods replace it with a variant's encoding.",
			joinStrings(names[:len(names)-1]), name, u.ValueMethod, "*"+unknown)))
	f.Type().Id(name).Struct(
		jen.Id("raw").Qual(pkgJSON, "RawMessage"),
		jen.Id("value").Id(iface),
	)
	f.Line()
	f.Commentf("%s is implemented by the variants of %s only.", iface, name)
	f.Type().Id(iface).Interface(jen.Id(string(u.Marker)).Params())
	f.Line()
	for _, v := range u.Variants {
		f.Func().Params(jen.Op("*").Id(string(v.Type))).Id(string(u.Marker)).Params().Block()
	}
	f.Func().Params(jen.Op("*").Id(unknown)).Id(string(u.Marker)).Params().Block()
	f.Line()
	f.Commentf("%s is a %s that matches none of its variants. Raw is the JSON as it came.", unknown, name)
	f.Type().Id(unknown).Struct(jen.Id("Raw").Qual(pkgJSON, "RawMessage"))
	f.Line()
	f.Commentf("%s returns the variant decoding picked (nil for null or an empty %s). Changing it", u.ValueMethod, name)
	f.Commentf("does not change what MarshalJSON writes: use a From method for that.")
	f.Func().Params(jen.Id("u").Id(name)).Id(string(u.ValueMethod)).Params().Id(iface).Block(jen.Return(jen.Id("u").Dot("value")))
	f.Line()
	for _, v := range u.Variants {
		vt := string(v.Type)
		f.Commentf("%s decodes the JSON %s holds as %s.", v.As, name, vt)
		f.Func().Params(jen.Id("u").Id(name)).Id(string(v.As)).Params().Params(jen.Id(vt), jen.Error()).Block(
			jen.Var().Id("v").Id(vt),
			jen.If(jen.Id("u").Dot("raw").Op("==").Nil()).Block(
				jen.Return(jen.Id("v"), jen.Qual(pkgFmt, "Errorf").Call(jen.Lit(name+" is empty"))),
			),
			jen.Err().Op(":=").Qual(pkgJSON, "Unmarshal").Call(jen.Id("u").Dot("raw"), jen.Op("&").Id("v")),
			jen.Return(jen.Id("v"), jen.Err()),
		)
		f.Line()
		f.Commentf("%s makes %s hold v.", v.From, name)
		f.Func().Params(jen.Id("u").Op("*").Id(name)).Id(string(v.From)).Params(jen.Id("v").Id(vt)).Error().Block(
			jen.List(jen.Id("b"), jen.Err()).Op(":=").Qual(pkgJSON, "Marshal").Call(jen.Op("&").Id("v")),
			jen.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err())),
			jen.List(jen.Id("u").Dot("raw"), jen.Id("u").Dot("value")).Op("=").List(jen.Id("b"), jen.Op("&").Id("v")),
			jen.Return(jen.Nil()),
		)
		f.Line()
	}
	doc := "MarshalJSON writes the JSON decoded or given to a From method, unchanged."
	marshal := []jen.Code{
		jen.If(jen.Id("u").Dot("raw").Op("==").Nil()).Block(jen.Return(jen.Index().Byte().Parens(jen.Lit("null")), jen.Nil())),
		jen.Return(jen.Id("u").Dot("raw"), jen.Nil()),
	}
	if m.codec[t.Name] {
		// Through the codec, which compacts and escapes as json.Marshal
		// does: raw JSON given to a From method may have space or <, >
		// and &, and MarshalJSON must return json.Marshal's bytes.
		doc = "MarshalJSON writes the JSON decoded or given to a From method, compacted as json.Marshal writes it."
		marshal = []jen.Code{
			jen.Id("e").Op(":=").Id("newEncoder").Call(),
			jen.Id("e").Dot("buf").Op("=").Id("u").Dot(encodeMethod).Call(jen.Id("e").Dot("buf"), ev),
			jen.Return(jen.Id("e").Dot("result").Call()),
		}
	}
	f.Comment(doc)
	f.Func().Params(jen.Id("u").Id(name)).Id("MarshalJSON").Params().Params(jen.Index().Byte(), jen.Error()).Block(marshal...)
	f.Line()
	kinds, byKind := variantsByKind(u)
	f.Comment("UnmarshalJSON keeps data and decodes the first variant, in the API description's")
	f.Commentf("order, whose kind, required properties and fixed values data has; else *%s.", unknown)
	f.Func().Params(jen.Id("u").Op("*").Id(name)).Id("UnmarshalJSON").Params(jen.Id("data").Index().Byte()).Error().Block(
		jen.If(jen.Op("!").Qual(pkgJSON, "Valid").Call(jen.Id("data"))).Block(
			jen.Return(jen.Id("syntaxError").Call(jen.Id("data"))),
		),
		jen.If(jen.Id("isJSONNull").Call(jen.Id("data"))).Block(
			jen.List(jen.Id("u").Dot("raw"), jen.Id("u").Dot("value")).Op("=").List(jen.Nil(), jen.Nil()),
			jen.Return(jen.Nil()),
		),
		// Without the space around the value, as json.Unmarshal passes
		// it: UnmarshalJSON called directly keeps the same JSON.
		jen.Id("data").Op("=").Qual(pkgBytes, "TrimSpace").Call(jen.Id("data")),
		jen.Id("u").Dot("raw").Op("=").Append(jen.Qual(pkgJSON, "RawMessage").Parens(jen.Nil()), jen.Id("data").Op("...")),
		jen.Switch(jen.Id("jsonKindOf").Call(jen.Id("data"))).BlockFunc(func(g *jen.Group) {
			for _, k := range kinds {
				g.Case(jen.LitRune(rune(k))).BlockFunc(func(c *jen.Group) {
					for _, v := range byKind[k] {
						var conds []jen.Code
						for _, key := range v.Match.Required {
							conds = append(conds, jen.Id("hasKey").Call(jen.Id("data"), jen.Lit(key)))
						}
						for _, x := range v.Match.Fixed {
							// An optional fixed property may be absent.
							conds = append(conds, jen.Parens(jen.Op("!").Id("hasKey").Call(jen.Id("data"), jen.Lit(x.Key)).Op("||").Add(fixedTest(x))))
						}
						try := []jen.Code{
							jen.Id("v").Op(":=").New(jen.Id(string(v.Type))),
							jen.If(jen.Qual(pkgJSON, "Unmarshal").Call(jen.Id("data"), jen.Id("v")).Op("==").Nil()).Block(
								jen.Id("u").Dot("value").Op("=").Id("v"),
								jen.Return(jen.Nil()),
							),
						}
						if len(conds) == 0 {
							c.Block(try...)
							continue
						}
						c.If(jen.Add(andAll(conds))).Block(try...)
					}
				})
			}
		}),
		jen.Id("u").Dot("value").Op("=").Op("&").Id(unknown).Values(jen.Dict{jen.Id("Raw"): jen.Id("u").Dot("raw")}),
		jen.Return(jen.Nil()),
	)
	f.Line()
}

func andAll(conds []jen.Code) *jen.Statement {
	st := jen.Add(conds[0])
	for _, c := range conds[1:] {
		st = st.Op("&&").Add(c)
	}
	return st
}

func joinStrings(s []string) string { return strings.Join(s, ", ") }

// variantsByKind groups a union's variants by the JSON kind that selects
// them, the kinds in order of their first variant.
func variantsByKind(u *ir.Union) ([]ir.JSONKind, map[ir.JSONKind][]ir.Variant) {
	byKind := map[ir.JSONKind][]ir.Variant{}
	var kinds []ir.JSONKind
	for _, v := range u.Variants {
		if _, ok := byKind[v.Match.Kind]; !ok {
			kinds = append(kinds, v.Match.Kind)
		}
		byKind[v.Match.Kind] = append(byKind[v.Match.Kind], v)
	}
	return kinds, byKind
}
