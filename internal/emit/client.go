package emit

import "github.com/dave/jennifer/jen"

// client writes the Client type and its constructor.
func (m *model) client(f *jen.File) {
	title := m.Title
	if title == "" {
		title = "this"
	}
	f.Commentf("Client calls the %s API. Its fields group the operations by tag.", title)
	f.Comment("Make one with NewClient; it is safe for concurrent use.")
	f.Type().Id("Client").StructFunc(func(g *jen.Group) {
		for _, s := range m.Services {
			g.Id(s.Name).Op("*").Id(s.TypeName)
		}
		g.Line()
		g.Id("t").Op("*").Id("transport")
	})
	f.Line()
	f.Comment("NewClient returns a Client for the API at baseURL (scheme, host and an optional")
	f.Comment("path prefix). Without WithHTTPClient it sends requests with http.DefaultClient.")
	f.Func().Id("NewClient").Params(jen.Id("baseURL").String(), jen.Id("opts").Op("...").Id("Option")).Params(jen.Op("*").Id("Client"), jen.Error()).Block(
		jen.List(jen.Id("t"), jen.Err()).Op(":=").Id("newTransport").Call(jen.Id("baseURL"), jen.Id("opts")),
		jen.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Nil(), jen.Err())),
		jen.Return(jen.Op("&").Id("Client").Values(jen.DictFunc(func(d jen.Dict) {
			d[jen.Id("t")] = jen.Id("t")
			for _, s := range m.Services {
				d[jen.Id(s.Name)] = jen.Op("&").Id(s.TypeName).Values(jen.Dict{jen.Id("t"): jen.Id("t")})
			}
		})), jen.Nil()),
	)
}
