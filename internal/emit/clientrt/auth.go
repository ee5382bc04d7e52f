package clientrt

import (
	"encoding/base64"
	"net/http"
)

// credential is how one security scheme's secret travels.
type credential struct {
	in    string // header, query or cookie
	name  string
	value string
}

// withCredential stores the credential of a security scheme; operations
// that accept the scheme send it.
func withCredential(scheme string, cr credential) Option {
	return func(cfg *config) { cfg.creds[scheme] = cr }
}

func basicAuth(username, password string) string {
	return "Basic " + base64.StdEncoding.EncodeToString([]byte(username+":"+password))
}

// authenticate applies the first of the operation's security alternatives
// for which every scheme has a credential. With none, the request goes out
// without credentials and the server decides.
func (t *transport) authenticate(req *http.Request, alternatives [][]string) {
	for _, alt := range alternatives {
		ok := true
		for _, s := range alt {
			if _, have := t.creds[s]; !have {
				ok = false
				break
			}
		}
		if !ok {
			continue
		}
		for _, s := range alt {
			cr := t.creds[s]
			switch cr.in {
			case "query":
				q := req.URL.Query()
				q.Set(cr.name, cr.value)
				req.URL.RawQuery = q.Encode()
			case "cookie":
				req.AddCookie(&http.Cookie{Name: cr.name, Value: cr.value})
			default:
				if req.Header.Get(cr.name) == "" {
					req.Header.Set(cr.name, cr.value)
				}
			}
		}
		return
	}
}
