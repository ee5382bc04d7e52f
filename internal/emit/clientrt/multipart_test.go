package clientrt

import (
	"context"
	"io"
	"mime"
	"mime/multipart"
	"strings"
	"testing"
)

// rawParts reads the parts of req's multipart body: each part's headers
// (one line per header, sorted by net/textproto) and bytes.
func rawParts(t *testing.T, c *call, cc *callConfig) []string {
	t.Helper()
	req, err := c.request(context.Background(), "http://h", cc)
	if err != nil {
		t.Fatal(err)
	}
	c.attachStream(req)
	_, params, err := mime.ParseMediaType(req.Header.Get("Content-Type"))
	if err != nil {
		t.Fatal(err)
	}
	mr := multipart.NewReader(req.Body, params["boundary"])
	var out []string
	for {
		p, err := mr.NextRawPart()
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(p)
		var hs []string
		for _, k := range []string{"Content-Disposition", "Content-Type", "X-A"} {
			if v, ok := p.Header[k]; ok {
				hs = append(hs, k+"="+strings.Join(v, ","))
			}
		}
		out = append(out, strings.Join(hs, " ")+" | "+string(b))
	}
}

// The encoding object's content types: a field or JSON part gets a
// Content-Type header, a file's replaces application/octet-stream unless
// the Upload names one; WithPartHeader's headers go with every part of
// their name, held in memory or streamed.
func TestTypedPartsAndPartHeaders(t *testing.T) {
	fill := func(mw *multipartWriter) {
		mw.fieldAs("title", "text/plain; charset=utf-8", "hi")
		mw.jsonAs("n", "application/json", 3)
		mw.fileAs("raw", "image/gif", []byte("GIF"))
		mw.field("plain", "p")
	}
	want := []string{
		`Content-Disposition=form-data; name="title" Content-Type=text/plain; charset=utf-8 X-A=1 | hi`,
		`Content-Disposition=form-data; name="n" Content-Type=application/json | 3`,
		`Content-Disposition=form-data; name="raw"; filename="raw" Content-Type=image/gif X-A=2 | GIF`,
		`Content-Disposition=form-data; name="plain" | p`,
	}
	cc := &callConfig{partHeaders: []partHeader{{"title", "x-a", "1"}, {"raw", "X-A", "2"}, {"absent", "X-A", "3"}}}
	c := newCall(Operation{Method: "POST"}, "/u")
	c.setMultipart(fill)
	if got := rawParts(t, c, cc); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("in memory:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	c = newCall(Operation{Method: "POST"}, "/u")
	c.setMultipart(func(mw *multipartWriter) {
		fill(mw)
		mw.uploadAs("up", "image/png", Upload{Reader: strings.NewReader("PNG")})
		mw.uploadAs("up", "image/png", Upload{ContentType: "image/webp", Reader: strings.NewReader("WEBP")})
	})
	cc.partHeaders = append(cc.partHeaders, partHeader{"up", "X-A", "4"})
	want = append(want,
		`Content-Disposition=form-data; name="up"; filename="up" Content-Type=image/png X-A=4 | PNG`,
		`Content-Disposition=form-data; name="up"; filename="up" Content-Type=image/webp X-A=4 | WEBP`)
	if got := rawParts(t, c, cc); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("streamed:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if c.stream == nil {
		t.Error("a body with Uploads is not streamed")
	}
}
