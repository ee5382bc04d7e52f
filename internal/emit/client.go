package emit

import (
	"fmt"
	"strings"

	"github.com/dave/jennifer/jen"
)

// client writes the Client type and its constructor.
func (m *model) client(f *jen.File, userAgent string) {
	f.Commentf("Client calls the %s. Its fields group the operations by tag.", m.Subject())
	f.Comment("Make one with NewClient; it is safe for concurrent use.")
	f.Type().Id("Client").StructFunc(func(g *jen.Group) {
		for _, s := range m.Services {
			g.Id(string(s.Name)).Op("*").Id(string(s.TypeName))
		}
		g.Line()
		g.Id("t").Op("*").Id("transport")
	})
	f.Line()
	m.auth(f)
	f.Comment("NewClient returns a Client for the API at baseURL (scheme, host and an optional")
	f.Comment("path prefix). Without WithHTTPClient it sends requests with http.DefaultClient;")
	f.Commentf("without WithUserAgent its User-Agent is %q.", userAgent)
	f.Func().Id("NewClient").Params(jen.Id("baseURL").String(), jen.Id("opts").Op("...").Id("Option")).Params(jen.Op("*").Id("Client"), jen.Error()).Block(
		jen.List(jen.Id("t"), jen.Err()).Op(":=").Id("newTransport").Call(jen.Id("baseURL"), jen.Append(jen.Index().Id("Option").Values(jen.Id("WithUserAgent").Call(jen.Lit(userAgent))), jen.Id("opts").Op("..."))),
		jen.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Nil(), jen.Err())),
		jen.Return(jen.Op("&").Id("Client").Values(jen.DictFunc(func(d jen.Dict) {
			d[jen.Id("t")] = jen.Id("t")
			for _, s := range m.Services {
				d[jen.Id(string(s.Name))] = jen.Op("&").Id(string(s.TypeName)).Values(jen.Dict{jen.Id("t"): jen.Id("t")})
			}
		})), jen.Nil()),
	)
}

// auth writes one client option per security scheme.
func (m *model) auth(f *jen.File) {
	for _, s := range m.Security {
		cred := func(in, name string, value jen.Code) jen.Code {
			return jen.Return(jen.Id("withCredential").Call(jen.Lit(s.Name), jen.Id("credential").Values(jen.Dict{
				jen.Id("in"): jen.Lit(in), jen.Id("name"): jen.Lit(name), jen.Id("value"): value,
			})))
		}
		var doc []string
		if s.Doc != "" {
			doc = append(doc, s.Doc)
		}
		doc = append(doc, m.reach(s))
		docText := fmt.Sprintf("authenticates the operations that accept the %q security scheme", s.Name)
		switch {
		case s.Type == "http" && s.Scheme == "basic":
			f.Add(commentBlock(string(s.Option), fmt.Sprintf("%s %s with HTTP basic authentication.", s.Option, docText), false, doc...))
			f.Func().Id(string(s.Option)).Params(jen.List(jen.Id("username"), jen.Id("password")).String()).Id("Option").Block(
				cred("header", "Authorization", jen.Id("basicAuth").Call(jen.Id("username"), jen.Id("password"))))
		case s.Type == "http" || s.Type == "oauth2" || s.Type == "openIdConnect":
			extra := ""
			if s.Type != "http" {
				extra = " For tokens that refresh, pass an *http.Client that carries them (e.g. from golang.org/x/oauth2) to WithHTTPClient instead."
			}
			f.Add(commentBlock(string(s.Option), fmt.Sprintf("%s %s by sending token as a bearer token (a token that already starts with \"Bearer \" is sent as it is).%s", s.Option, docText, extra), false, doc...))
			f.Func().Id(string(s.Option)).Params(jen.Id("token").String()).Id("Option").Block(
				cred("header", "Authorization", jen.Id("bearer").Call(jen.Id("token"))))
		case s.Type == "apiKey":
			how := fmt.Sprintf("%s %s by sending key in the %s %q.", s.Option, docText, s.In, s.Param)
			if s.In == "header" && strings.EqualFold(s.Param, "Authorization") {
				how += ` key is the header's whole value, sent as it is: for a bearer token, "Bearer "+token.`
			}
			f.Add(commentBlock(string(s.Option), how, false, doc...))
			f.Func().Id(string(s.Option)).Params(jen.Id("key").String()).Id("Option").Block(
				cred(s.In, s.Param, jen.Id("key")))
		default:
			continue
		}
		f.Line()
	}
}
