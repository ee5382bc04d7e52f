package emit

import (
	"fmt"
	"net/http"

	"github.com/dave/jennifer/jen"

	"github.com/orygen/orygen/internal/ir"
)

// authCase is one security scheme the authentication example shows: the
// operation it calls, whose first alternative a client with only this
// scheme's credential satisfies, and what arrives at the server.
type authCase struct {
	scheme *ir.SecurityScheme
	svc    *ir.Service
	op     *ir.Operation
	args   []jen.Code
	arg    string // the option's argument
	sent   string // the value the server sees
}

// authCases are up to two schemes of the API whose credential an
// operation with simple arguments sends, in the order the API lists them.
func (m *model) authCases() []authCase {
	var out []authCase
	for _, s := range m.Security {
		if len(out) == 2 {
			break
		}
		arg := fmt.Sprintf("example-token-%d", len(out)+1)
		sent := arg
		switch {
		case s.Type == "apiKey" && s.In == "header" && http.CanonicalHeaderKey(s.Param) == "Authorization":
			arg = "Bearer " + arg
			sent = arg
		case s.Type == "apiKey" && (s.In == "header" || s.In == "query" || s.In == "cookie"):
		case s.Type == "http" && s.Scheme == "bearer", s.Type == "oauth2", s.Type == "openIdConnect":
			sent = "Bearer " + arg
		default:
			continue
		}
		svc, op, args := m.exampleCall(func(op *ir.Operation) bool {
			return sendsAlone(op, s.Name) || hasHeaderParam(op, schemeHeader(s))
		})
		if op == nil {
			continue
		}
		out = append(out, authCase{scheme: s, svc: svc, op: op, args: args, arg: arg, sent: sent})
	}
	return out
}

// sendsAlone reports whether a client holding only scheme's credential
// sends it with op as a security requirement (a header parameter it fills
// is the other way, see reach): the runtime applies the first alternative whose
// schemes all have credentials, so that alternative must be scheme alone.
func sendsAlone(op *ir.Operation, scheme string) bool {
	for _, alt := range op.Security {
		switch {
		case len(alt) == 0:
			return false // anonymous comes first: nothing is sent
		case len(alt) == 1 && alt[0] == scheme:
			return true
		}
	}
	return false
}

// authPlace is where a scheme's credential travels, as the example's
// server reads it and prints it.
func authPlace(s *ir.SecurityScheme) (label string, read func(g *jen.Group)) {
	print := func(label string) jen.Code {
		return jen.Qual(pkgFmt, "Println").Call(jen.Lit(label+":"), jen.Id("v"))
	}
	switch {
	case s.Type == "apiKey" && s.In == "query":
		label = "query " + s.Param
		return label, func(g *jen.Group) {
			g.If(jen.Id("v").Op(":=").Id("r").Dot("URL").Dot("Query").Call().Dot("Get").Call(jen.Lit(s.Param)), jen.Id("v").Op("!=").Lit("")).Block(print(label))
		}
	case s.Type == "apiKey" && s.In == "cookie":
		label = "cookie " + s.Param
		return label, func(g *jen.Group) {
			g.If(jen.List(jen.Id("c"), jen.Err()).Op(":=").Id("r").Dot("Cookie").Call(jen.Lit(s.Param)), jen.Err().Op("==").Nil()).Block(
				jen.Qual(pkgFmt, "Println").Call(jen.Lit(label+":"), jen.Id("c").Dot("Value")))
		}
	}
	name := "Authorization"
	if s.Type == "apiKey" {
		name = http.CanonicalHeaderKey(s.Param)
	}
	return name, func(g *jen.Group) {
		g.If(jen.Id("v").Op(":=").Id("r").Dot("Header").Dot("Get").Call(jen.Lit(name)), jen.Id("v").Op("!=").Lit("")).Block(print(name))
	}
}

// exampleAuthentication writes Example_authentication: a client per
// security scheme, made with the scheme's option, calls an operation that
// accepts it, and the test server prints the credential it received.
func (m *model) exampleAuthentication(f *jen.File) {
	cases := m.authCases()
	if len(cases) == 0 {
		return
	}
	f.Comment("Example_authentication supplies credentials with the options of the API's")
	f.Comment("security schemes, one per scheme; a call sends those its operation accepts.")
	f.Func().Id("Example_authentication").Params().BlockFunc(func(g *jen.Group) {
		seen := map[string]bool{}
		for _, c := range cases {
			label, _ := authPlace(c.scheme)
			seen[label] = true
		}
		g.Id("srv").Op(":=").Qual(pkgHTTPTest, "NewServer").Call(jen.Qual(pkgHTTP, "HandlerFunc").Call(
			jen.Func().Params(jen.Id("w").Qual(pkgHTTP, "ResponseWriter"), jen.Id("r").Op("*").Qual(pkgHTTP, "Request")).BlockFunc(func(h *jen.Group) {
				for _, c := range cases {
					label, read := authPlace(c.scheme)
					if !seen[label] {
						continue
					}
					delete(seen, label)
					read(h)
				}
				h.Id("w").Dot("WriteHeader").Call(jen.Qual(pkgHTTP, "StatusUnauthorized"))
			})))
		g.Defer().Id("srv").Dot("Close").Call()
		g.Id("ctx").Op(":=").Qual(pkgContext, "Background").Call()
		var out []string
		for i, c := range cases {
			g.Line()
			op := ":="
			if i > 0 {
				op = "="
			}
			g.List(jen.Id("client"), jen.Err()).Op(op).Id("NewClient").Call(jen.Id("srv").Dot("URL"), jen.Id(string(c.scheme.Option)).Call(jen.Lit(c.arg)))
			g.If(jen.Err().Op("!=").Nil()).Block(printErr()...)
			args := append([]jen.Code{jen.Id("ctx")}, c.args[1:]...)
			call := jen.Id("client").Dot(string(c.svc.Name)).Dot(string(c.op.Name)).Call(args...)
			if len(m.forOp(c.op).results(c.op)) == 1 {
				g.Id("_").Op("=").Add(call).Comment("the test server answers 401")
			} else {
				g.List(jen.Id("_"), jen.Id("_")).Op("=").Add(call).Comment("the test server answers 401")
			}
			label, _ := authPlace(c.scheme)
			out = append(out, label+": "+c.sent)
		}
		g.Line()
		g.Comment("Output:")
		for _, l := range out {
			g.Comment(l)
		}
	})
}

// loginWalk is what Example_nativeLogin needs of an Ory API: the three
// operations of a native login, the session-token option, and the fields
// the walk reads and writes, found by their JSON names so that the
// example prints the names ir gave them.
type loginWalk struct {
	create, update, whoami   *ir.Operation
	createSvc, updateSvc     *ir.Service
	whoamiSvc                *ir.Service
	option                   ir.Ident
	header                   string    // the header the session token travels in
	flowID                   *ir.Field // the login flow's "id"
	body                     ir.Ident  // the update's body union
	variant                  ir.Ident  // its "password" variant
	identifier, password     *ir.Field
	flowParam                ir.Ident // the update's "flow" query parameter
	token                    *ir.Field
	sessionID, active, ident *ir.Field
	identityID               *ir.Field
}

// opByID is the operation of the API with operationId id, and its
// service.
func (m *model) opByID(id string) (*ir.Service, *ir.Operation) {
	for _, s := range m.Services {
		for _, op := range s.Operations {
			if op.ID == id {
				return s, op
			}
		}
	}
	return nil, nil
}

// fieldOf is the field of the struct r names whose JSON name is name, nil
// if r is no struct or has none.
func (m *model) fieldOf(r *ir.TypeRef, name string) *ir.Field {
	if r == nil {
		return nil
	}
	res := m.resolve(*r)
	t := m.byName[res.Name]
	if res.Kind != ir.RefNamed || t == nil || t.Kind != ir.KindStruct {
		return nil
	}
	for _, f := range t.Fields {
		if f.JSONName == name {
			return f
		}
	}
	return nil
}

// isString reports whether f is a plain, required string.
func (m *model) isString(f *ir.Field) bool {
	if f == nil || f.Presence != ir.PresenceValue {
		return false
	}
	r := m.resolve(f.Type)
	return r.Kind == ir.RefBuiltin && r.Builtin == ir.String
}

// nativeLogin finds the login walk in the API (Ory Kratos and the Ory
// Network API have it), or nil.
func (m *model) nativeLogin() *loginWalk {
	w := &loginWalk{}
	w.createSvc, w.create = m.opByID("createNativeLoginFlow")
	w.updateSvc, w.update = m.opByID("updateLoginFlow")
	w.whoamiSvc, w.whoami = m.opByID("toSession")
	for _, s := range m.Security {
		if s.Name == "sessionToken" && s.Type == "apiKey" && s.In == "header" {
			w.option, w.header = s.Option, s.Param
		}
	}
	if w.create == nil || w.update == nil || w.whoami == nil || w.option == "" {
		return nil
	}
	for _, op := range []*ir.Operation{w.create, w.update, w.whoami} {
		if len(op.PathParams) > 0 || op.Success == nil || op.Success.Type == nil || op.ResultName != "" || op.Streams || op.Binary {
			return nil
		}
	}
	if w.create.ParamsByValue || w.whoami.ParamsByValue || !w.update.ParamsByValue || w.update.Body == nil {
		return nil
	}
	w.flowID = m.fieldOf(w.create.Success.Type, "id")
	body := m.resolve(w.update.Body.Type)
	u := m.byName[body.Name]
	if body.Kind != ir.RefNamed || u == nil || u.Kind != ir.KindUnion || u.Union.Discriminator != "method" {
		return nil
	}
	w.body = u.Name
	for _, v := range u.Union.Variants {
		for _, val := range v.Values {
			if val == "password" {
				w.variant = v.Type
			}
		}
	}
	if w.variant == "" {
		return nil
	}
	vref := &ir.TypeRef{Kind: ir.RefNamed, Name: w.variant}
	w.identifier, w.password = m.fieldOf(vref, "identifier"), m.fieldOf(vref, "password")
	for _, p := range w.update.Params {
		if p.Name == "flow" && p.In == ir.InQuery && p.Presence == ir.PresenceValue {
			w.flowParam = p.GoName
		}
	}
	w.token = m.fieldOf(w.update.Success.Type, "session_token")
	w.sessionID = m.fieldOf(w.whoami.Success.Type, "id")
	w.active = m.fieldOf(w.whoami.Success.Type, "active")
	w.ident = m.fieldOf(w.whoami.Success.Type, "identity")
	if w.ident != nil {
		w.identityID = m.fieldOf(&w.ident.Type, "id")
	}
	if !m.isString(w.flowID) || !m.isString(w.identifier) || !m.isString(w.password) || w.flowParam == "" ||
		w.token == nil || w.token.Getter == "" || !m.isString(w.sessionID) || w.active == nil || w.active.Getter == "" ||
		w.ident == nil || w.ident.Getter == "" || !m.isString(w.identityID) {
		return nil
	}
	return w
}

// exampleNativeLogin writes Example_nativeLogin: a native app's password
// login against a test server that plays Kratos, from a new login flow to
// the session its token reads.
func (m *model) exampleNativeLogin(f *jen.File) {
	w := m.nativeLogin()
	if w == nil {
		return
	}
	route := func(op *ir.Operation) string { return string(op.Method) + " " + op.Path }
	f.Comment("Example_nativeLogin walks a native app's login with a password: it starts a")
	f.Comment("login flow, submits the password to it, and reads the session with the")
	f.Comment("session token the login returned. The test server plays Kratos.")
	f.Func().Id("Example_nativeLogin").Params().BlockFunc(func(g *jen.Group) {
		fail := func(status string, body string) []jen.Code {
			return []jen.Code{
				jen.Id("w").Dot("WriteHeader").Call(jen.Qual(pkgHTTP, status)),
				jen.Qual(pkgFmt, "Fprint").Call(jen.Id("w"), rawString(body)),
				jen.Return(),
			}
		}
		session := `{"id":"session-1","active":true,"identity":{"id":"identity-1","schema_id":"default","schema_url":"","traits":{}}}`
		g.Id("srv").Op(":=").Qual(pkgHTTPTest, "NewServer").Call(jen.Qual(pkgHTTP, "HandlerFunc").Call(
			jen.Func().Params(jen.Id("w").Qual(pkgHTTP, "ResponseWriter"), jen.Id("r").Op("*").Qual(pkgHTTP, "Request")).Block(
				jen.Id("w").Dot("Header").Call().Dot("Set").Call(jen.Lit("Content-Type"), jen.Lit("application/json")),
				jen.Switch(jen.Id("r").Dot("Method").Op("+").Lit(" ").Op("+").Id("r").Dot("URL").Dot("Path")).Block(
					jen.Case(jen.Lit(route(w.create))).Block(
						jen.Qual(pkgFmt, "Fprint").Call(jen.Id("w"), rawString(`{"id":"flow-1","type":"api","expires_at":"2030-01-01T00:00:00Z","issued_at":"2030-01-01T00:00:00Z","request_url":"","state":"choose_method","ui":{"action":"","method":"POST","nodes":[]}}`)),
					),
					jen.Case(jen.Lit(route(w.update))).Block(
						jen.Var().Id("body").Map(jen.String()).Any(),
						jen.If(
							jen.Err().Op(":=").Qual(pkgJSON, "NewDecoder").Call(jen.Id("r").Dot("Body")).Dot("Decode").Call(jen.Op("&").Id("body")),
							jen.Err().Op("!=").Nil().Op("||").
								Id("r").Dot("URL").Dot("Query").Call().Dot("Get").Call(jen.Lit("flow")).Op("!=").Lit("flow-1").Op("||").
								Id("body").Index(jen.Lit("method")).Op("!=").Lit("password").Op("||").
								Id("body").Index(jen.Lit("password")).Op("!=").Lit("correct horse"),
						).Block(fail("StatusBadRequest", `{"error":{"code":400,"message":"wrong password"}}`)...),
						jen.Qual(pkgFmt, "Fprint").Call(jen.Id("w"), rawString(`{"session":`+session+`,"session_token":"token-1"}`)),
					),
					jen.Case(jen.Lit(route(w.whoami))).Block(
						jen.If(jen.Id("r").Dot("Header").Dot("Get").Call(jen.Lit(w.header)).Op("!=").Lit("token-1")).Block(
							fail("StatusUnauthorized", `{"error":{"code":401,"message":"no session"}}`)...),
						jen.Qual(pkgFmt, "Fprint").Call(jen.Id("w"), rawString(session)),
					),
					jen.Default().Block(jen.Qual(pkgHTTP, "NotFound").Call(jen.Id("w"), jen.Id("r"))),
				),
			)))
		g.Defer().Id("srv").Dot("Close").Call()
		g.Id("ctx").Op(":=").Qual(pkgContext, "Background").Call()
		g.List(jen.Id("client"), jen.Err()).Op(":=").Id("NewClient").Call(jen.Id("srv").Dot("URL"))
		g.If(jen.Err().Op("!=").Nil()).Block(printErr()...)
		g.Line()
		g.Comment("A native app starts a login flow and submits the user's password to it.")
		params := func(op *ir.Operation) []jen.Code {
			if len(op.Params) > 0 {
				return []jen.Code{jen.Nil()}
			}
			return nil
		}
		g.List(jen.Id("flow"), jen.Err()).Op(":=").Id("client").Dot(string(w.createSvc.Name)).Dot(string(w.create.Name)).Call(
			append([]jen.Code{jen.Id("ctx")}, params(w.create)...)...)
		g.If(jen.Err().Op("!=").Nil()).Block(printErr()...)
		g.List(jen.Id("login"), jen.Err()).Op(":=").Id("client").Dot(string(w.updateSvc.Name)).Dot(string(w.update.Name)).Call(
			jen.Id("ctx"),
			jen.Id(string(w.body)).Values(jen.Dict{jen.Id("Value"): jen.Op("&").Id(string(w.variant)).Values(jen.Dict{
				jen.Id(string(w.identifier.Name)): jen.Lit("ada@example.com"),
				jen.Id(string(w.password.Name)):   jen.Lit("correct horse"),
			})}),
			jen.Id(string(w.update.ParamsName)).Values(jen.Dict{jen.Id(string(w.flowParam)): jen.Id("flow").Dot(string(w.flowID.Name))}),
		)
		g.If(jen.Err().Op("!=").Nil()).Block(printErr()...)
		g.Line()
		g.Comment("The session token authenticates the app's later calls.")
		g.List(jen.Id("client"), jen.Err()).Op("=").Id("NewClient").Call(jen.Id("srv").Dot("URL"), jen.Id(string(w.option)).Call(jen.Id("login").Dot(string(w.token.Getter)).Call()))
		g.If(jen.Err().Op("!=").Nil()).Block(printErr()...)
		g.List(jen.Id("session"), jen.Err()).Op(":=").Id("client").Dot(string(w.whoamiSvc.Name)).Dot(string(w.whoami.Name)).Call(
			append([]jen.Code{jen.Id("ctx")}, params(w.whoami)...)...)
		g.If(jen.Err().Op("!=").Nil()).Block(printErr()...)
		g.Qual(pkgFmt, "Println").Call(
			jen.Id("session").Dot(string(w.sessionID.Name)),
			jen.Id("session").Dot(string(w.active.Getter)).Call(),
			jen.Id("session").Dot(string(w.ident.Getter)).Call().Dot(string(w.identityID.Name)),
		)
		g.Comment("Output: session-1 true identity-1")
	})
}
