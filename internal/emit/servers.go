package emit

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"github.com/orygen/orygen/internal/ir"
)

// serverDoc is a server as the package documentation lists it.
type serverDoc struct {
	URL   string   // with variables at their defaults
	Notes []string // the description, and what the variables are
}

// serverDocs describes the document's servers for the package doc and
// README: NewClient takes the base URL, and these say what it may be.
func serverDocs(api *ir.API) []serverDoc {
	var out []serverDoc
	for _, s := range api.Servers {
		d := serverDoc{URL: s.Default}
		if desc := oneLineText(s.Description); desc != "" {
			d.Notes = append(d.Notes, desc)
		}
		if len(s.Variables) > 0 {
			var vars []string
			for _, v := range s.Variables {
				t := fmt.Sprintf("{%s} is %s", v.Name, strconv.Quote(v.Default))
				var others []string
				for _, e := range v.Enum {
					if e != v.Default {
						others = append(others, strconv.Quote(e))
					}
				}
				if len(others) > 0 {
					t += " (or " + strings.Join(others, ", ") + ")"
				}
				if desc := oneLineText(v.Description); desc != "" {
					t += " — " + strings.TrimSuffix(desc, ".")
				}
				vars = append(vars, t)
			}
			d.Notes = append(d.Notes, "From "+s.URL+", where "+strings.Join(vars, "; ")+".")
		}
		out = append(out, d)
	}
	return out
}

// defaultBaseURL is the first server's URL when it is absolute, for the
// README's example; a placeholder otherwise.
func defaultBaseURL(api *ir.API) string {
	if len(api.Servers) > 0 {
		if u, err := url.Parse(api.Servers[0].Default); err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" {
			return api.Servers[0].Default
		}
	}
	return "https://api.example.com"
}

// oneLineText joins the lines of a description.
func oneLineText(s string) string { return strings.Join(strings.Fields(s), " ") }
