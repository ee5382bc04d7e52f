package irbuild

import (
	"fmt"
	"strings"

	"github.com/orygen/orygen/internal/ir"
)

// servers lists the document's servers with each URL's variables filled
// in with their defaults.
func (b *builder) servers() []ir.Server {
	var out []ir.Server
	for i, s := range b.doc.Servers {
		if s == nil || s.URL == "" {
			continue
		}
		srv := ir.Server{URL: s.URL, Description: s.Description}
		def := s.URL
		seen := map[string]bool{}
		for _, m := range reTemplate.FindAllStringSubmatch(s.URL, -1) {
			name := m[1]
			if seen[name] {
				continue
			}
			seen[name] = true
			v := ir.ServerVariable{Name: name}
			if sv := s.Variables[name]; sv != nil {
				v.Default, v.Enum, v.Description = sv.Default, sv.Enum, sv.Description
			} else {
				b.warnf(fmt.Sprintf("/servers/%d/url", i), "server variable {%s} is not declared; its default is empty", name)
			}
			def = strings.ReplaceAll(def, "{"+name+"}", v.Default)
			srv.Variables = append(srv.Variables, v)
		}
		srv.Default = def
		out = append(out, srv)
	}
	return out
}
