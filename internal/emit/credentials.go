package emit

import (
	"fmt"
	"strings"

	"github.com/dave/jennifer/jen"

	"github.com/orygen/orygen/internal/ir"
)

// Credentials set on the client reach the operations that accept their
// security scheme and, because specs under-declare security (Ory's declare
// the session token almost nowhere), every operation with a header
// parameter that carries the same credential: the runtime's
// fillCredentialParams fills those the call leaves unset.

// credentialHeader reports whether a header parameter named name carries a
// credential the client may hold: Cookie (WithSessionCookie),
// Authorization, or the header of an apiKey scheme.
func (m *model) credentialHeader(name string) bool {
	if strings.EqualFold(name, "Cookie") || strings.EqualFold(name, "Authorization") {
		return true
	}
	for _, s := range m.Security {
		if s.Type == "apiKey" && s.In == "header" && strings.EqualFold(s.Param, name) {
			return true
		}
	}
	return false
}

// credentialParams writes c.credParams = []string{...}: the operation's
// credential-carrying header parameters, for the runtime to fill.
func (o *opEmitter) credentialParams(g *jen.Group, op *ir.Operation) {
	var names []jen.Code
	for _, p := range op.Params {
		if p.In == ir.InHeader && o.credentialHeader(p.Name) {
			names = append(names, jen.Lit(p.Name))
		}
	}
	if len(names) > 0 {
		g.Add(id(o.l.Call)).Dot("credParams").Op("=").Index().String().Values(names...)
	}
}

// schemeHeader is the header a scheme's credential travels in, "" if not
// a header.
func schemeHeader(s *ir.SecurityScheme) string {
	switch {
	case s.Type == "apiKey" && s.In == "header":
		return s.Param
	case s.Type == "http" || s.Type == "oauth2" || s.Type == "openIdConnect":
		return "Authorization"
	}
	return ""
}

// reach says which operations send the credential of scheme s: those that
// accept the scheme, and those with a header parameter it fills.
func (m *model) reach(s *ir.SecurityScheme) string {
	header := schemeHeader(s)
	var names []string
	total := 0
	for _, svc := range m.Services {
		for _, op := range svc.Operations {
			total++
			if acceptsScheme(op, s.Name) || hasHeaderParam(op, header) {
				names = append(names, string(svc.Name)+"."+string(op.Name))
			}
		}
	}
	switch {
	case len(names) == 0:
		return "No operation of this API sends it."
	case len(names) == total:
		return "Every operation sends it."
	}
	text := fmt.Sprintf("It is sent by %d operation", len(names))
	if len(names) > 1 {
		text += "s"
	}
	if header != "" {
		text += fmt.Sprintf(" (those that accept the scheme, and those with a header parameter %q the call leaves unset)", header)
	}
	return text + ":\n" + wrapList(names)
}

func acceptsScheme(op *ir.Operation, scheme string) bool {
	for _, alt := range op.Security {
		for _, s := range alt {
			if s == scheme {
				return true
			}
		}
	}
	return false
}

func hasHeaderParam(op *ir.Operation, name string) bool {
	if name == "" {
		return false
	}
	for _, p := range op.Params {
		if p.In == ir.InHeader && strings.EqualFold(p.Name, name) {
			return true
		}
	}
	return false
}

// wrapList joins names with commas into lines of about 80 characters.
func wrapList(names []string) string {
	var b strings.Builder
	line := 0
	for i, n := range names {
		item := n
		if i < len(names)-1 {
			item += ","
		} else {
			item += "."
		}
		if line > 0 && line+1+len(item) > 80 {
			b.WriteString("\n")
			line = 0
		}
		if line > 0 {
			b.WriteString(" ")
			line++
		}
		b.WriteString(item)
		line += len(item)
	}
	return b.String()
}
