package clientrt

import (
	"errors"
	"fmt"
	"iter"
	"net/http"
	"net/url"
	"strings"
)

// MaxEmptyPages is how many pages in a row may be empty, each naming a next
// page, before an iterator gives up with a *PageError wrapping
// ErrEmptyPages.
const MaxEmptyPages = 10

// The reasons a pagination iterator stops with a *PageError.
var (
	// ErrRepeatedPage: the server named a next page (token or link) that
	// the iteration has already fetched, which would loop forever.
	ErrRepeatedPage = errors.New("the next page was already fetched")
	// ErrEmptyPages: MaxEmptyPages pages in a row had no items but named a
	// next page.
	ErrEmptyPages = errors.New("too many empty pages in a row")
)

// PageError ends a pagination iterator whose server would keep it going
// forever. Page is the number of pages fetched (from 1), Token the next
// page the server named. It unwraps to ErrRepeatedPage or ErrEmptyPages.
type PageError struct {
	Page  int
	Token string
	Err   error
}

// Error names the page and what went wrong.
func (e *PageError) Error() string {
	return fmt.Sprintf("pagination stopped after page %d (next %q): %v", e.Page, e.Token, e.Err)
}

// Unwrap returns ErrRepeatedPage or ErrEmptyPages.
func (e *PageError) Unwrap() error { return e.Err }

// pages iterates over the items of successive pages. fetch returns a page's
// items and the token of the next page, "" after the last one. The
// iteration stops after the last page; at the first error, which it
// yields; when the caller breaks out of the loop; or with a *PageError
// when the server names a page already fetched, or MaxEmptyPages empty
// pages in a row each name a next page.
func pages[T any](fetch func(token string) ([]T, string, error)) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		var zero T
		token := ""
		seen := map[string]bool{"": true}
		empty := 0
		for page := 1; ; page++ {
			items, next, err := fetch(token)
			if err != nil {
				yield(zero, err)
				return
			}
			for _, it := range items {
				if !yield(it, nil) {
					return
				}
			}
			if next == "" {
				return
			}
			if len(items) == 0 {
				empty++
			} else {
				empty = 0
			}
			switch {
			case seen[next]:
				yield(zero, &PageError{Page: page, Token: next, Err: ErrRepeatedPage})
				return
			case empty >= MaxEmptyPages:
				yield(zero, &PageError{Page: page, Token: next, Err: ErrEmptyPages})
				return
			}
			seen[next] = true
			token = next
		}
	}
}

// withResponse adds a WithResponse option to a copy of opts.
func withResponse(opts []RequestOption, dst **http.Response) []RequestOption {
	return append(append(make([]RequestOption, 0, len(opts)+1), opts...), WithResponse(dst))
}

// NextPageToken returns the value of the query parameter param in the
// target of the response's Link header with rel="next" (RFC 8288), for
// APIs that paginate with Link headers. Get the response with WithResponse.
func NextPageToken(resp *http.Response, param string) (string, bool) {
	if resp == nil {
		return "", false
	}
	for _, l := range parseLinks(resp.Header.Values("Link")) {
		if !l.has("next") {
			continue
		}
		u, err := url.Parse(l.target)
		if err != nil {
			return "", false
		}
		v := u.Query().Get(param)
		return v, v != ""
	}
	return "", false
}

type link struct {
	target string
	rels   []string
}

func (l link) has(rel string) bool {
	for _, r := range l.rels {
		if strings.EqualFold(r, rel) {
			return true
		}
	}
	return false
}

// parseLinks reads Link header values: comma-separated link-values
// `<target>; param=value; param="quoted, value"`, where rel may list
// several space-separated relation types.
func parseLinks(values []string) []link {
	var out []link
	for _, v := range values {
		for len(v) > 0 {
			v = strings.TrimLeft(v, " \t,")
			if !strings.HasPrefix(v, "<") {
				// Not a link-value: skip to the next comma.
				i := strings.IndexByte(v, ',')
				if i < 0 {
					break
				}
				v = v[i+1:]
				continue
			}
			end := strings.IndexByte(v, '>')
			if end < 0 {
				break
			}
			l := link{target: v[1:end]}
			v = v[end+1:]
			sawRel := false
			for {
				v = strings.TrimLeft(v, " \t")
				if !strings.HasPrefix(v, ";") {
					break
				}
				v = strings.TrimLeft(v[1:], " \t")
				name, val, rest := linkParam(v)
				v = rest
				// Only the first rel parameter counts (RFC 8288, 3.3).
				if strings.EqualFold(name, "rel") && !sawRel {
					l.rels = append(l.rels, strings.Fields(val)...)
					sawRel = true
				}
			}
			out = append(out, l)
		}
	}
	return out
}

// linkParam reads one name[=value] parameter; value may be a quoted string.
func linkParam(s string) (name, value, rest string) {
	i := strings.IndexAny(s, "=;,")
	if i < 0 {
		return strings.TrimSpace(s), "", ""
	}
	name = strings.TrimSpace(s[:i])
	if s[i] != '=' {
		return name, "", s[i:]
	}
	s = strings.TrimLeft(s[i+1:], " \t")
	if strings.HasPrefix(s, `"`) {
		var b strings.Builder
		for j := 1; j < len(s); j++ {
			switch s[j] {
			case '\\':
				if j+1 < len(s) {
					j++
					b.WriteByte(s[j])
				}
			case '"':
				return name, b.String(), s[j+1:]
			default:
				b.WriteByte(s[j])
			}
		}
		return name, b.String(), ""
	}
	j := strings.IndexAny(s, ";,")
	if j < 0 {
		return name, strings.TrimSpace(s), ""
	}
	return name, strings.TrimSpace(s[:j]), s[j:]
}
