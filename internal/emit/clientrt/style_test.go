package clientrt

import (
	"context"
	"math/rand"
	"net/url"
	"reflect"
	"strings"
	"testing"
)

type rgb struct {
	R int `json:"R"`
	G int `json:"G"`
	B int `json:"B"`
}

var (
	blue   = scalarParam("blue")
	colors = listParam([]string{"blue", "black", "brown"})
)

func color() paramValue { return anyParam(rgb{100, 200, 150}) }

// The "Style Examples" table of OpenAPI 3.0.4 and 3.1, cell by cell.
func TestStyleExamplesTable(t *testing.T) {
	path := []struct {
		st      paramStyle
		explode bool
		want    [3]string // primitive, array, object
	}{
		{styleMatrix, false, [3]string{";color=blue", ";color=blue,black,brown", ";color=R,100,G,200,B,150"}},
		{styleMatrix, true, [3]string{";color=blue", ";color=blue;color=black;color=brown", ";R=100;G=200;B=150"}},
		{styleLabel, false, [3]string{".blue", ".blue,black,brown", ".R,100,G,200,B,150"}},
		{styleLabel, true, [3]string{".blue", ".blue.black.brown", ".R=100.G=200.B=150"}},
		{styleSimple, false, [3]string{"blue", "blue,black,brown", "R,100,G,200,B,150"}},
		{styleSimple, true, [3]string{"blue", "blue,black,brown", "R=100,G=200,B=150"}},
	}
	for _, c := range path {
		for i, v := range []paramValue{blue, colors, color()} {
			if got := pathParam("color", c.st, c.explode, v); got != c.want[i] {
				t.Errorf("path style %d explode %v value %d: %q, want %q", c.st, c.explode, i, got, c.want[i])
			}
		}
	}
	query := []struct {
		st      paramStyle
		explode bool
		want    [3]string // "" where the table says n/a
	}{
		{styleForm, false, [3]string{"color=blue", "color=blue,black,brown", "color=R,100,G,200,B,150"}},
		{styleForm, true, [3]string{"color=blue", "color=blue&color=black&color=brown", "R=100&G=200&B=150"}},
		{styleSpaceDelimited, false, [3]string{"", "color=blue%20black%20brown", "color=R%20100%20G%20200%20B%20150"}},
		{stylePipeDelimited, false, [3]string{"", "color=blue%7Cblack%7Cbrown", "color=R%7C100%7CG%7C200%7CB%7C150"}},
		{styleDeepObject, true, [3]string{"", "", "color%5BR%5D=100&color%5BG%5D=200&color%5BB%5D=150"}},
	}
	for _, c := range query {
		for i, v := range []paramValue{blue, colors, color()} {
			if c.want[i] == "" {
				continue
			}
			call := newCall(Operation{Method: "GET"}, "/")
			call.queryParam("color", c.st, c.explode, false, v)
			if got := call.query.Encode(); got != c.want[i] {
				t.Errorf("query style %d explode %v value %d: %q, want %q", c.st, c.explode, i, got, c.want[i])
			}
		}
	}
	header := map[bool][3]string{
		false: {"blue", "blue,black,brown", "R,100,G,200,B,150"},
		true:  {"blue", "blue,black,brown", "R=100,G=200,B=150"},
	}
	cookie := map[bool][3]string{
		false: {"color=blue", "color=blue,black,brown", "color=R,100,G,200,B,150"},
		true:  {"color=blue", "color=blue; color=black; color=brown", "R=100; G=200; B=150"},
	}
	for _, explode := range []bool{false, true} {
		for i, v := range []paramValue{blue, colors, color()} {
			c := newCall(Operation{Method: "GET"}, "/")
			c.headerParam("X-Color", explode, v)
			c.cookieParam("color", explode, v)
			if got := c.header.Get("X-Color"); got != header[explode][i] {
				t.Errorf("header explode %v value %d: %q, want %q", explode, i, got, header[explode][i])
			}
			if got := c.header.Get("Cookie"); got != cookie[explode][i] {
				t.Errorf("cookie explode %v value %d: %q, want %q", explode, i, got, cookie[explode][i])
			}
		}
	}
}

// A delimiter inside an item is encoded, the delimiter itself is not, so
// ["a","b,c"] and ["a","b","c"] differ.
func TestDelimiterInItem(t *testing.T) {
	c := newCall(Operation{Method: "GET"}, "/")
	c.queryParam("x", styleForm, false, false, listParam([]string{"a", "b,c"}))
	c.queryParam("y", styleForm, false, false, listParam([]string{"a", "b", "c"}))
	if got, want := c.query.Encode(), "x=a,b%2Cc&y=a,b,c"; got != want {
		t.Errorf("%q, want %q", got, want)
	}
	if got, want := pathParam("p", styleLabel, true, listParam([]string{"a.b", ".."})), ".a%2Eb.%2E%2E"; got != want {
		t.Errorf("label: %q, want %q", got, want)
	}
	if got := pathParam("p", styleSimple, false, scalarParam("..")); got != "%2E%2E" {
		t.Errorf("dot-dot: %q", got)
	}
}

func TestAllowReserved(t *testing.T) {
	c := newCall(Operation{Method: "GET"}, "/")
	c.queryParam("r", styleForm, true, true, scalarParam("a/b?c:d@e!$'()*,;%41 #[]&=+é"))
	c.queryParam("s", styleForm, true, false, scalarParam("a/b"))
	if got, want := c.query.Encode(), "r=a/b?c:d@e!$'()*,;%41%20%23%5B%5D%26%3D%2B%C3%A9&s=a%2Fb"; got != want {
		t.Errorf("%q, want %q", got, want)
	}
}

// A credential in the query is added without re-encoding the parameters'
// literal delimiters.
func TestQueryCredentialKeepsDelimiters(t *testing.T) {
	if got, want := setRawQuery("a=x,y&key=old", "key", "n w"), "a=x,y&key=n%20w"; got != want {
		t.Errorf("%q, want %q", got, want)
	}
	c := newCall(Operation{Method: "GET"}, "/")
	c.queryParam("a", styleForm, false, false, listParam([]string{"x", "y"}))
	req, err := c.request(context.Background(), "http://h", &callConfig{})
	if err != nil {
		t.Fatal(err)
	}
	if req.URL.RawQuery != "a=x,y" {
		t.Errorf("raw query %q", req.URL.RawQuery)
	}
}

// Random lists and objects of strings full of delimiters, '%', spaces and
// non-ASCII, serialized by each unambiguous style, parse back by the
// specification's rules (split on the literal delimiters, then
// percent-decode) to the same values.
func TestStyleRoundTripProperty(t *testing.T) {
	rnd := rand.New(rand.NewSource(23))
	alphabet := []string{"a", "Z", "0", ",", "|", " ", ";", ".", "=", "&", "#", "%", "+", "/", "?", "[", "]", "é", "日", "~", "-"}
	word := func() string {
		var b strings.Builder
		for n := rnd.Intn(6); n >= 0; n-- {
			b.WriteString(alphabet[rnd.Intn(len(alphabet))])
		}
		return b.String()
	}
	unescape := func(t *testing.T, s string) string {
		u, err := url.PathUnescape(s)
		if err != nil {
			t.Fatalf("unescape %q: %v", s, err)
		}
		return u
	}
	splitDecode := func(t *testing.T, s, sep string) []string {
		var out []string
		for _, p := range strings.Split(s, sep) {
			out = append(out, unescape(t, p))
		}
		return out
	}
	for i := 0; i < 500; i++ {
		n := 1 + rnd.Intn(4)
		items := make([]string, n)
		for j := range items {
			items[j] = word()
		}
		obj := make([]string, 0, 2*n)
		seen := map[string]bool{}
		for len(obj) < 2*n {
			k := word()
			if k == "" || seen[k] {
				continue
			}
			seen[k] = true
			obj = append(obj, k, word())
		}
		list := listParam(items)
		ov := paramValue{kind: valObject, items: obj}

		// form, not exploded: name=a,b (the name first, then the list).
		c := newCall(Operation{Method: "GET"}, "/")
		c.queryParam("n", styleForm, false, false, list)
		c.queryParam("o", styleForm, false, false, ov)
		parts := c.query
		if len(parts) != 2 || !strings.HasPrefix(parts[0], "n=") || !strings.HasPrefix(parts[1], "o=") {
			t.Fatalf("form pieces %q", parts)
		}
		if got := splitDecode(t, parts[0][2:], ","); !reflect.DeepEqual(got, items) {
			t.Fatalf("form list %q: %q, want %q", parts[0], got, items)
		}
		if got := splitDecode(t, parts[1][2:], ","); !reflect.DeepEqual(got, obj) {
			t.Fatalf("form object %q: %q, want %q", parts[1], got, obj)
		}
		// form, exploded: one piece per item, or per member.
		c = newCall(Operation{Method: "GET"}, "/")
		c.queryParam("n", styleForm, true, false, list)
		q, err := url.ParseQuery(strings.ReplaceAll(c.query.Encode(), "+", "%2B"))
		if err != nil || !reflect.DeepEqual(q["n"], items) {
			t.Fatalf("exploded form %q: %q (%v), want %q", c.query.Encode(), q["n"], err, items)
		}
		c = newCall(Operation{Method: "GET"}, "/")
		c.queryParam("o", styleForm, true, false, ov)
		var pairs []string
		for _, p := range c.query {
			k, v, _ := strings.Cut(p, "=")
			pairs = append(pairs, unescape(t, k), unescape(t, v))
		}
		if !reflect.DeepEqual(pairs, obj) {
			t.Fatalf("exploded form object %q: %q, want %q", c.query, pairs, obj)
		}
		// simple, label, matrix in a path.
		if got := splitDecode(t, pathParam("p", styleSimple, false, list), ","); !reflect.DeepEqual(got, items) {
			t.Fatalf("simple: %q, want %q", got, items)
		}
		lbl := pathParam("p", styleLabel, true, list)
		if !strings.HasPrefix(lbl, ".") {
			t.Fatalf("label %q", lbl)
		}
		if got := splitDecode(t, lbl[1:], "."); !reflect.DeepEqual(got, items) {
			t.Fatalf("label %q: %q, want %q", lbl, got, items)
		}
		mx := pathParam("p", styleMatrix, true, list)
		var mitems []string
		for _, p := range strings.Split(mx, ";")[1:] {
			k, v, _ := strings.Cut(p, "=")
			if k != "p" {
				t.Fatalf("matrix %q: name %q", mx, k)
			}
			mitems = append(mitems, unescape(t, v))
		}
		if !reflect.DeepEqual(mitems, items) {
			t.Fatalf("matrix %q: %q, want %q", mx, mitems, items)
		}
		// simple, exploded object: k=v,k=v.
		var sp []string
		for _, p := range strings.Split(pathParam("p", styleSimple, true, ov), ",") {
			k, v, _ := strings.Cut(p, "=")
			sp = append(sp, unescape(t, k), unescape(t, v))
		}
		if !reflect.DeepEqual(sp, obj) {
			t.Fatalf("simple object: %q, want %q", sp, obj)
		}
		// cookie, form: the value splits on its literal commas.
		c = newCall(Operation{Method: "GET"}, "/")
		c.cookieParam("ck", false, list)
		ck := c.header.Get("Cookie")
		if !strings.HasPrefix(ck, "ck=") {
			t.Fatalf("cookie %q", ck)
		}
		if got := splitDecode(t, ck[3:], ","); !reflect.DeepEqual(got, items) {
			t.Fatalf("cookie %q: %q, want %q", ck, got, items)
		}
	}
}

// A redirect to another origin drops the credential pieces of the query
// and keeps the others' bytes; a value JSON cannot encode fails the call.
func TestRawQueryEditsAndErrors(t *testing.T) {
	if got, want := dropRawQuery("a=x,y&api_key=s&b=%2C&api%5Fkey=t", []string{"api_key"}), "a=x,y&b=%2C"; got != want {
		t.Errorf("dropRawQuery: %q, want %q", got, want)
	}
	c := newCall(Operation{Method: "GET"}, "/")
	c.queryParam("f", styleForm, true, false, jsonValue(func() {}))
	if c.err == nil || !strings.Contains(c.err.Error(), "query parameter f") {
		t.Errorf("err %v, want one naming the parameter", c.err)
	}
	c = newCall(Operation{Method: "GET"}, "/")
	c.cookieParam("bad name", false, scalarParam("x"))
	if c.err == nil {
		t.Error("a cookie name with a space: want an error")
	}
}
