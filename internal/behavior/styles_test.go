package behavior

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	styles "github.com/orygen/orygen/testdata/golden/styles"
)

// request is what a styles server saw of one request, raw.
type request struct {
	path, query, header, cookie, accept string
	headers                             http.Header
}

// where picks the part of a request a style table cell describes.
type where func(request) string

var (
	path   where = func(r request) string { return r.path }
	query  where = func(r request) string { return r.query }
	header where = func(r request) string { return r.header }
	cookie where = func(r request) string { return r.cookie }
)

func stylesClient(t *testing.T) (*styles.Client, *[]request) {
	t.Helper()
	var seen []request
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p, q, _ := strings.Cut(r.RequestURI, "?")
		seen = append(seen, request{path: p, query: q, header: r.Header.Get("color"), cookie: r.Header.Get("Cookie"),
			accept: r.Header.Get("Accept"), headers: r.Header.Clone()})
		if r.URL.Path == "/text" {
			w.Header().Set("Content-Type", "text/plain")
			w.Write([]byte("hi"))
			return
		}
		w.WriteHeader(http.StatusNoContent)
	}))
	t.Cleanup(srv.Close)
	c, err := styles.NewClient(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	return c, &seen
}

// reordered is a cell of the table with the members of {R:100, G:200,
// B:150} in the order the generated struct writes them (B, G, R: fields
// are sorted by name), which the table allows ("equal after object-pair
// order").
func reordered(cell string) string {
	return strings.NewReplacer("%5B", "%5B", "R", "B", "B", "R", "100", "150", "150", "100").Replace(cell)
}

// Each cell of OpenAPI's "Style Examples" table (3.0.4, 3.1), sent by
// the generated methods of specs/styles.yaml: the raw path, query,
// header or cookie must be the table's bytes.
func TestStyleTableOnTheWire(t *testing.T) {
	ctx := context.Background()
	cases := []struct {
		name string
		send func(*styles.Client) error
		at   where
		want string
	}{
		{"path matrix explode=false primitive", func(c *styles.Client) error { return c.Styles.PathMatrixFlatPrimitive(ctx, "blue") }, path, "/path/matrix/false/primitive/;color=blue"},
		{"path matrix explode=false array", func(c *styles.Client) error {
			return c.Styles.PathMatrixFlatArray(ctx, []string{"blue", "black", "brown"})
		}, path, "/path/matrix/false/array/;color=blue,black,brown"},
		{"path matrix explode=false object", func(c *styles.Client) error {
			return c.Styles.PathMatrixFlatObject(ctx, styles.Color{R: 100, G: 200, B: 150})
		}, path, "/path/matrix/false/object/;color=R,100,G,200,B,150"},
		{"path matrix explode=true primitive", func(c *styles.Client) error { return c.Styles.PathMatrixExplodePrimitive(ctx, "blue") }, path, "/path/matrix/true/primitive/;color=blue"},
		{"path matrix explode=true array", func(c *styles.Client) error {
			return c.Styles.PathMatrixExplodeArray(ctx, []string{"blue", "black", "brown"})
		}, path, "/path/matrix/true/array/;color=blue;color=black;color=brown"},
		{"path matrix explode=true object", func(c *styles.Client) error {
			return c.Styles.PathMatrixExplodeObject(ctx, styles.Color{R: 100, G: 200, B: 150})
		}, path, "/path/matrix/true/object/;R=100;G=200;B=150"},
		{"path label explode=false primitive", func(c *styles.Client) error { return c.Styles.PathLabelFlatPrimitive(ctx, "blue") }, path, "/path/label/false/primitive/.blue"},
		{"path label explode=false array", func(c *styles.Client) error {
			return c.Styles.PathLabelFlatArray(ctx, []string{"blue", "black", "brown"})
		}, path, "/path/label/false/array/.blue,black,brown"},
		{"path label explode=false object", func(c *styles.Client) error {
			return c.Styles.PathLabelFlatObject(ctx, styles.Color{R: 100, G: 200, B: 150})
		}, path, "/path/label/false/object/.R,100,G,200,B,150"},
		{"path label explode=true primitive", func(c *styles.Client) error { return c.Styles.PathLabelExplodePrimitive(ctx, "blue") }, path, "/path/label/true/primitive/.blue"},
		{"path label explode=true array", func(c *styles.Client) error {
			return c.Styles.PathLabelExplodeArray(ctx, []string{"blue", "black", "brown"})
		}, path, "/path/label/true/array/.blue.black.brown"},
		{"path label explode=true object", func(c *styles.Client) error {
			return c.Styles.PathLabelExplodeObject(ctx, styles.Color{R: 100, G: 200, B: 150})
		}, path, "/path/label/true/object/.R=100.G=200.B=150"},
		{"path simple explode=false primitive", func(c *styles.Client) error { return c.Styles.PathSimpleFlatPrimitive(ctx, "blue") }, path, "/path/simple/false/primitive/blue"},
		{"path simple explode=false array", func(c *styles.Client) error {
			return c.Styles.PathSimpleFlatArray(ctx, []string{"blue", "black", "brown"})
		}, path, "/path/simple/false/array/blue,black,brown"},
		{"path simple explode=false object", func(c *styles.Client) error {
			return c.Styles.PathSimpleFlatObject(ctx, styles.Color{R: 100, G: 200, B: 150})
		}, path, "/path/simple/false/object/R,100,G,200,B,150"},
		{"path simple explode=true primitive", func(c *styles.Client) error { return c.Styles.PathSimpleExplodePrimitive(ctx, "blue") }, path, "/path/simple/true/primitive/blue"},
		{"path simple explode=true array", func(c *styles.Client) error {
			return c.Styles.PathSimpleExplodeArray(ctx, []string{"blue", "black", "brown"})
		}, path, "/path/simple/true/array/blue,black,brown"},
		{"path simple explode=true object", func(c *styles.Client) error {
			return c.Styles.PathSimpleExplodeObject(ctx, styles.Color{R: 100, G: 200, B: 150})
		}, path, "/path/simple/true/object/R=100,G=200,B=150"},
		{"query date-times, required and optional", func(c *styles.Client) error {
			since := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
			return c.Styles.QueryFormTime(ctx, styles.QueryFormTimeParams{At: since.Add(time.Hour), Since: &since})
		}, query, "at=2026-01-02T04%3A04%3A05Z&since=2026-01-02T03%3A04%3A05Z"},
		{"query form explode=false primitive", func(c *styles.Client) error {
			return c.Styles.QueryFormFlatPrimitive(ctx, styles.QueryFormFlatPrimitiveParams{Color: "blue"})
		}, query, "color=blue"},
		{"query form explode=false array", func(c *styles.Client) error {
			return c.Styles.QueryFormFlatArray(ctx, styles.QueryFormFlatArrayParams{Color: []string{"blue", "black", "brown"}})
		}, query, "color=blue,black,brown"},
		{"query form explode=false object", func(c *styles.Client) error {
			return c.Styles.QueryFormFlatObject(ctx, styles.QueryFormFlatObjectParams{Color: styles.Color{R: 100, G: 200, B: 150}})
		}, query, "color=R,100,G,200,B,150"},
		{"query form explode=true primitive", func(c *styles.Client) error {
			return c.Styles.QueryFormExplodePrimitive(ctx, styles.QueryFormExplodePrimitiveParams{Color: "blue"})
		}, query, "color=blue"},
		{"query form explode=true array", func(c *styles.Client) error {
			return c.Styles.QueryFormExplodeArray(ctx, styles.QueryFormExplodeArrayParams{Color: []string{"blue", "black", "brown"}})
		}, query, "color=blue&color=black&color=brown"},
		{"query form explode=true object", func(c *styles.Client) error {
			return c.Styles.QueryFormExplodeObject(ctx, styles.QueryFormExplodeObjectParams{Color: styles.Color{R: 100, G: 200, B: 150}})
		}, query, "R=100&G=200&B=150"},
		{"query spaceDelimited explode=false array", func(c *styles.Client) error {
			return c.Styles.QuerySpaceDelimitedFlatArray(ctx, styles.QuerySpaceDelimitedFlatArrayParams{Color: []string{"blue", "black", "brown"}})
		}, query, "color=blue%20black%20brown"},
		{"query spaceDelimited explode=false object", func(c *styles.Client) error {
			return c.Styles.QuerySpaceDelimitedFlatObject(ctx, styles.QuerySpaceDelimitedFlatObjectParams{Color: styles.Color{R: 100, G: 200, B: 150}})
		}, query, "color=R%20100%20G%20200%20B%20150"},
		{"query pipeDelimited explode=false array", func(c *styles.Client) error {
			return c.Styles.QueryPipeDelimitedFlatArray(ctx, styles.QueryPipeDelimitedFlatArrayParams{Color: []string{"blue", "black", "brown"}})
		}, query, "color=blue%7Cblack%7Cbrown"},
		{"query pipeDelimited explode=false object", func(c *styles.Client) error {
			return c.Styles.QueryPipeDelimitedFlatObject(ctx, styles.QueryPipeDelimitedFlatObjectParams{Color: styles.Color{R: 100, G: 200, B: 150}})
		}, query, "color=R%7C100%7CG%7C200%7CB%7C150"},
		{"query deepObject explode=true object", func(c *styles.Client) error {
			return c.Styles.QueryDeepObjectExplodeObject(ctx, styles.QueryDeepObjectExplodeObjectParams{Color: styles.Color{R: 100, G: 200, B: 150}})
		}, query, "color%5BR%5D=100&color%5BG%5D=200&color%5BB%5D=150"},
		{"header simple explode=false primitive", func(c *styles.Client) error {
			return c.Styles.HeaderSimpleFlatPrimitive(ctx, styles.HeaderSimpleFlatPrimitiveParams{Color: "blue"})
		}, header, "blue"},
		{"header simple explode=false array", func(c *styles.Client) error {
			return c.Styles.HeaderSimpleFlatArray(ctx, styles.HeaderSimpleFlatArrayParams{Color: []string{"blue", "black", "brown"}})
		}, header, "blue,black,brown"},
		{"header simple explode=false object", func(c *styles.Client) error {
			return c.Styles.HeaderSimpleFlatObject(ctx, styles.HeaderSimpleFlatObjectParams{Color: styles.Color{R: 100, G: 200, B: 150}})
		}, header, "R,100,G,200,B,150"},
		{"header simple explode=true primitive", func(c *styles.Client) error {
			return c.Styles.HeaderSimpleExplodePrimitive(ctx, styles.HeaderSimpleExplodePrimitiveParams{Color: "blue"})
		}, header, "blue"},
		{"header simple explode=true array", func(c *styles.Client) error {
			return c.Styles.HeaderSimpleExplodeArray(ctx, styles.HeaderSimpleExplodeArrayParams{Color: []string{"blue", "black", "brown"}})
		}, header, "blue,black,brown"},
		{"header simple explode=true object", func(c *styles.Client) error {
			return c.Styles.HeaderSimpleExplodeObject(ctx, styles.HeaderSimpleExplodeObjectParams{Color: styles.Color{R: 100, G: 200, B: 150}})
		}, header, "R=100,G=200,B=150"},
		{"cookie form explode=false primitive", func(c *styles.Client) error {
			return c.Styles.CookieFormFlatPrimitive(ctx, styles.CookieFormFlatPrimitiveParams{Color: "blue"})
		}, cookie, "color=blue"},
		{"cookie form explode=false array", func(c *styles.Client) error {
			return c.Styles.CookieFormFlatArray(ctx, styles.CookieFormFlatArrayParams{Color: []string{"blue", "black", "brown"}})
		}, cookie, "color=blue,black,brown"},
		{"cookie form explode=false object", func(c *styles.Client) error {
			return c.Styles.CookieFormFlatObject(ctx, styles.CookieFormFlatObjectParams{Color: styles.Color{R: 100, G: 200, B: 150}})
		}, cookie, "color=R,100,G,200,B,150"},
		{"cookie form explode=true primitive", func(c *styles.Client) error {
			return c.Styles.CookieFormExplodePrimitive(ctx, styles.CookieFormExplodePrimitiveParams{Color: "blue"})
		}, cookie, "color=blue"},
		{"cookie form explode=true array", func(c *styles.Client) error {
			return c.Styles.CookieFormExplodeArray(ctx, styles.CookieFormExplodeArrayParams{Color: []string{"blue", "black", "brown"}})
		}, cookie, "color=blue; color=black; color=brown"},
		{"cookie form explode=true object", func(c *styles.Client) error {
			return c.Styles.CookieFormExplodeObject(ctx, styles.CookieFormExplodeObjectParams{Color: styles.Color{R: 100, G: 200, B: 150}})
		}, cookie, "R=100; G=200; B=150"},
	}
	for _, tc := range cases {
		c, seen := stylesClient(t)
		if err := tc.send(c); err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		got := tc.at((*seen)[0])
		if got != tc.want && (!strings.HasSuffix(tc.name, "object") || got != reordered(tc.want)) {
			t.Errorf("%s: sent %q, want %q", tc.name, got, tc.want)
		}
	}
}

// A delimiter inside an item is percent-encoded while the delimiters stay
// literal; a primitive style's defaults (simple in path and header, form
// exploded in query) apply to lists of integers.
func TestStyleDelimitersOnTheWire(t *testing.T) {
	c, seen := stylesClient(t)
	ctx := context.Background()
	err := c.Styles.Delimiters(ctx, []string{"a.b", "c"}, styles.DelimitersParams{
		F: []string{"a", "b,c"}, S: []string{"x y", "z"}, Ck: []string{"1,2", "é;"},
	})
	if err != nil {
		t.Fatal(err)
	}
	r := (*seen)[0]
	if r.path != "/delimiters/.a%2Eb.c" || r.query != "f=a,b%2Cc&s=x%20y%20z" || r.cookie != "ck=1%2C2,%C3%A9%3B" {
		t.Errorf("path %q query %q cookie %q", r.path, r.query, r.cookie)
	}
	if err := c.Styles.StyleDefaults(ctx, []int64{1, 2}, styles.StyleDefaultsParams{IDs: []int64{3, 4}, XIDs: []int64{5, 6}}); err != nil {
		t.Fatal(err)
	}
	r = (*seen)[1]
	if r.path != "/defaults/1,2" || r.query != "ids=3&ids=4" || r.headers.Get("X-Ids") != "5,6" {
		t.Errorf("defaults: path %q query %q header %q", r.path, r.query, r.headers.Get("X-Ids"))
	}
}

// Parameters described by JSON content are sent as their JSON text,
// percent-encoded in the query and as is in a header; allowReserved lets
// reserved characters through; an unset optional parameter is left out.
func TestContentReservedUndefinedOnTheWire(t *testing.T) {
	c, seen := stylesClient(t)
	ctx := context.Background()
	if err := c.Styles.ContentJSON(ctx, styles.ContentJSONParams{Filter: styles.Color{R: 1, G: 2, B: 3}, XFilter: []string{"a", "b c"}}); err != nil {
		t.Fatal(err)
	}
	if err := c.Styles.ContentText(ctx, styles.ContentTextParams{Sid: "MTY=.a/b", Q: "a b=c"}); err != nil {
		t.Fatal(err)
	}
	if err := c.Styles.ContentText(ctx, styles.ContentTextParams{Sid: "a;b", Q: "x"}); err == nil {
		t.Error("a text cookie holding ';': want an error")
	}
	if err := c.Styles.AllowReserved(ctx, styles.AllowReservedParams{Next: "/a/b?c=d&e#f", Plain: "/a/b"}); err != nil {
		t.Fatal(err)
	}
	if err := c.Styles.UndefinedOptional(ctx, nil); err != nil {
		t.Fatal(err)
	}
	if err := c.Styles.UndefinedOptional(ctx, &styles.UndefinedOptionalParams{}); err != nil {
		t.Fatal(err)
	}
	r := (*seen)[0]
	if r.query != "filter=%7B%22B%22%3A3%2C%22G%22%3A2%2C%22R%22%3A1%7D" || r.headers.Get("X-Filter") != `["a","b c"]` {
		t.Errorf("content: query %q header %q", r.query, r.headers.Get("X-Filter"))
	}
	// A cookie described as text is the caller's string as it is
	// (Appendix D); a query one is percent-encoded.
	if r := (*seen)[1]; r.cookie != "sid=MTY=.a/b" || r.query != "q=a%20b%3Dc" {
		t.Errorf("text content: cookie %q query %q", r.cookie, r.query)
	}
	if r := (*seen)[2]; r.query != "next=/a/b?c%3Dd%26e%23f&plain=%2Fa%2Fb" {
		t.Errorf("allowReserved: query %q", r.query)
	}
	for _, r := range (*seen)[3:] {
		if r.query != "" || r.cookie != "" || r.headers.Get("X-H") != "" {
			t.Errorf("unset optional parameters were sent: query %q cookie %q", r.query, r.cookie)
		}
	}
}

// Header parameters named Accept, Authorization and Content-Type are not
// parameters (OpenAPI ignores them); Accept is the media type of the
// response the method decodes.
func TestIgnoredHeadersAndAccept(t *testing.T) {
	c, seen := stylesClient(t)
	ctx := context.Background()
	if err := c.Styles.IgnoredHeaders(ctx, &styles.IgnoredHeadersParams{Q: ptr("x")}); err != nil {
		t.Fatal(err)
	}
	if got, err := c.Styles.TextResult(ctx); err != nil || got != "hi" {
		t.Fatalf("TextResult = %q, %v", got, err)
	}
	if r := (*seen)[0]; r.accept != "application/json" || r.headers.Get("Authorization") != "" {
		t.Errorf("ignored headers: Accept %q Authorization %q", r.accept, r.headers.Get("Authorization"))
	}
	if r := (*seen)[1]; r.accept != "text/plain" {
		t.Errorf("text method sent Accept %q", r.accept)
	}
}
