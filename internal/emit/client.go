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
	defaults := []jen.Code{jen.Id("WithUserAgent").Call(jen.Lit(userAgent))}
	if h := m.IdempotencyHeader; h != "" {
		f.Comment("")
		f.Commentf("Each call of an unsafe method (POST, PATCH) sends a fresh key in the %s", h)
		f.Comment("header, the same on every retry of the call, so that the server carries it out")
		f.Comment("once; such calls are therefore retried as idempotent ones are, without")
		f.Commentf("WithRetryUnsafe. A call that sets %s itself (WithRequestHeader) sends its own key.", h)
		defaults = append(defaults, jen.Id("withIdempotencyKeys").Call(jen.Lit(h)))
	}
	f.Func().Id("NewClient").Params(jen.Id("baseURL").String(), jen.Id("opts").Op("...").Id("Option")).Params(jen.Op("*").Id("Client"), jen.Error()).Block(
		jen.List(jen.Id("t"), jen.Err()).Op(":=").Id("newTransport").Call(jen.Id("baseURL"), jen.Append(jen.Index().Id("Option").Values(defaults...), jen.Id("opts").Op("..."))),
		jen.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Nil(), jen.Err())),
		jen.Return(jen.Op("&").Id("Client").Values(jen.DictFunc(func(d jen.Dict) {
			d[jen.Id("t")] = jen.Id("t")
			for _, s := range m.Services {
				d[jen.Id(string(s.Name))] = jen.Op("&").Id(string(s.TypeName)).Values(jen.Dict{jen.Id("t"): jen.Id("t")})
			}
		})), jen.Nil()),
	)
	m.env(f)
}

// env writes WithEnv and NewClientFromEnv, which read what the config's
// env names.
func (m *model) env(f *jen.File) {
	e := m.Env
	if e == nil {
		return
	}
	f.Line()
	doc := []string{fmt.Sprintf("%s sets the client's credentials from the environment:", e.Option)}
	for _, c := range e.Creds {
		doc = append(doc, fmt.Sprintf("  - %s: %s (security scheme %q)", c.Var, c.Scheme.Option, c.Scheme.Name))
	}
	if len(e.Creds) == 0 {
		doc = append(doc, "  none is configured, and it sets nothing.")
	}
	doc = append(doc, "", "A variable that is unset or empty sets nothing. Options after it override it.")
	for _, l := range doc {
		f.Comment(l)
	}
	f.Func().Id(string(e.Option)).Params().Id("Option").Block(
		jen.Return(jen.Func().Params(jen.Id("cfg").Op("*").Id("config")).BlockFunc(func(g *jen.Group) {
			for _, c := range e.Creds {
				g.If(jen.Id("v").Op(":=").Qual(pkgOS, "Getenv").Call(jen.Lit(c.Var)), jen.Id("v").Op("!=").Lit("")).Block(
					jen.Id(string(c.Scheme.Option)).Call(jen.Id("v")).Call(jen.Id("cfg")))
			}
		})),
	)
	if e.FromEnv == "" {
		return
	}
	f.Line()
	f.Commentf("%s returns a Client for the API at the base URL in %s, with", e.FromEnv, e.BaseURL)
	f.Commentf("the credentials %s reads; opts come after them and override them.", e.Option)
	f.Commentf("It fails when %s is unset or empty.", e.BaseURL)
	f.Func().Id(string(e.FromEnv)).Params(jen.Id("opts").Op("...").Id("Option")).Params(jen.Op("*").Id("Client"), jen.Error()).Block(
		jen.Id("baseURL").Op(":=").Qual(pkgOS, "Getenv").Call(jen.Lit(e.BaseURL)),
		jen.If(jen.Id("baseURL").Op("==").Lit("")).Block(
			jen.Return(jen.Nil(), jen.Qual(pkgErrors, "New").Call(jen.Lit(string(e.FromEnv)+": "+e.BaseURL+" is not set")))),
		jen.Return(jen.Id("NewClient").Call(jen.Id("baseURL"), jen.Append(jen.Index().Id("Option").Values(jen.Id(string(e.Option)).Call()), jen.Id("opts").Op("...")).Op("..."))),
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
