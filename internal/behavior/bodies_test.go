package behavior

import (
	"bytes"
	"context"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"reflect"
	"sort"
	"strings"
	"sync"
	"testing"

	bodies "github.com/orygen/orygen/testdata/golden/bodies"
)

// sentRequest is one request as the server read it.
type sentRequest struct {
	method, path, query, contentType string
	body                             []byte
}

// bodiesServer records each request and answers with status (then 201
// with a note), or for 503 once first, to see a retry.
func bodiesServer(t *testing.T, failFirst bool) (*bodies.Client, func() []sentRequest) {
	t.Helper()
	var mu sync.Mutex
	var seen []sentRequest
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		seen = append(seen, sentRequest{r.Method, r.URL.Path, r.URL.RawQuery, r.Header.Get("Content-Type"), b})
		n := len(seen)
		mu.Unlock()
		if failFirst && n == 1 {
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusCreated)
		io.WriteString(w, `{"title":"ok"}`)
	}))
	t.Cleanup(srv.Close)
	c, err := bodies.NewClient(srv.URL+"/v1", bodies.WithRetry(bodies.RetryPolicy{MaxAttempts: 2}))
	if err != nil {
		t.Fatal(err)
	}
	return c, func() []sentRequest {
		mu.Lock()
		defer mu.Unlock()
		return append([]sentRequest(nil), seen...)
	}
}

// gotPart is a part of a multipart body: every header it has, and its
// bytes.
type gotPart struct {
	header map[string]string
	body   string
}

// readParts parses a multipart/form-data request strictly: the
// Content-Type names the boundary, the body starts with it and ends with
// the closing one, and each part's headers and bytes are returned.
func readParts(t *testing.T, r sentRequest) []gotPart {
	t.Helper()
	mt, params, err := mime.ParseMediaType(r.contentType)
	if err != nil || mt != "multipart/form-data" || params["boundary"] == "" {
		t.Fatalf("Content-Type %q: want multipart/form-data with a boundary (%v)", r.contentType, err)
	}
	boundary := params["boundary"]
	if !bytes.HasPrefix(r.body, []byte("--"+boundary+"\r\n")) || !bytes.HasSuffix(r.body, []byte("\r\n--"+boundary+"--\r\n")) {
		t.Fatalf("body does not open and close with boundary %q:\n%s", boundary, r.body)
	}
	mr := multipart.NewReader(bytes.NewReader(r.body), boundary)
	var out []gotPart
	for {
		p, err := mr.NextRawPart() // no decoding of Content-Transfer-Encoding
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatalf("reading parts: %v\n%s", err, r.body)
		}
		b, err := io.ReadAll(p)
		if err != nil {
			t.Fatal(err)
		}
		h := map[string]string{}
		for k, v := range p.Header {
			h[k] = strings.Join(v, "|")
		}
		out = append(out, gotPart{header: h, body: string(b)})
	}
}

func checkParts(t *testing.T, got, want []gotPart) {
	t.Helper()
	if !reflect.DeepEqual(got, want) {
		t.Errorf("parts:\n%s\nwant:\n%s", showParts(got), showParts(want))
	}
}

func showParts(ps []gotPart) string {
	var b strings.Builder
	for _, p := range ps {
		var keys []string
		for k := range p.header {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			b.WriteString(k + ": " + p.header[k] + "\n")
		}
		b.WriteString("  " + p.body + "\n")
	}
	return b.String()
}

func cd(v string) map[string]string { return map[string]string{"Content-Disposition": v} }

func with(h map[string]string, kv ...string) map[string]string {
	out := map[string]string{}
	for k, v := range h {
		out[k] = v
	}
	for i := 0; i < len(kv); i += 2 {
		out[kv[i]] = kv[i+1]
	}
	return out
}

// A multipart body whose schema is a component is its struct, each
// property a part: its binary properties are Uploads (a list of them a
// part each), and the encoding object's contentType sets a part's
// Content-Type (JSON: the value's JSON text; a file's: unless the Upload
// names one); an encoding header is sent with WithPartHeader.
func TestMultipartComponentPartsOnTheWire(t *testing.T) {
	c, seen := bodiesServer(t, false)
	note, err := c.Documents.UploadDocument(context.Background(), &bodies.DocumentUpload{
		Title: "Hello, \"world\"",
		Count: ptr[int64](3),
		File:  bodies.Upload{Name: "a.png", Reader: strings.NewReader("\x89PNG\r\n")},
		Attachments: []bodies.Upload{
			{Name: "one.txt", Reader: strings.NewReader("one")},
			{Name: "two.txt", ContentType: "text/plain", Reader: strings.NewReader("two")},
		},
		Meta:   &bodies.Note{Title: "T"},
		Labels: []string{"a", "b"},
	}, bodies.WithPartHeader("file", "X-Checksum", "abc123"))
	if err != nil {
		t.Fatal(err)
	}
	if note == nil || note.Title != "ok" {
		t.Fatalf("result %+v", note)
	}
	reqs := seen()
	if len(reqs) != 1 || reqs[0].method != "POST" || reqs[0].path != "/v1/documents" {
		t.Fatalf("requests %+v", reqs)
	}
	checkParts(t, readParts(t, reqs[0]), []gotPart{
		{with(cd(`form-data; name="attachments"; filename="one.txt"`), "Content-Type", "application/octet-stream"), "one"},
		{with(cd(`form-data; name="attachments"; filename="two.txt"`), "Content-Type", "text/plain"), "two"},
		{with(cd(`form-data; name="count"`), "Content-Type", "application/json"), "3"},
		{with(cd(`form-data; name="file"; filename="a.png"`), "Content-Type", "image/png", "X-Checksum", "abc123"), "\x89PNG\r\n"},
		{cd(`form-data; name="labels"`), `["a","b"]`},
		{with(cd(`form-data; name="meta"`), "Content-Type", "application/json"), `{"title":"T"}`},
		{with(cd(`form-data; name="title"`), "Content-Type", "text/plain; charset=utf-8"), `Hello, "world"`},
	})
}

// The Upload's own ContentType wins over the encoding object's, and
// optional parts left out are not sent.
func TestMultipartUploadContentTypeWins(t *testing.T) {
	c, seen := bodiesServer(t, false)
	_, err := c.Documents.UploadDocument(context.Background(), &bodies.DocumentUpload{
		Title: "x",
		File:  bodies.Upload{ContentType: "image/jpeg", Reader: strings.NewReader("JPEG")},
	})
	if err != nil {
		t.Fatal(err)
	}
	checkParts(t, readParts(t, seen()[0]), []gotPart{
		{with(cd(`form-data; name="file"; filename="file"`), "Content-Type", "image/jpeg"), "JPEG"},
		{with(cd(`form-data; name="title"`), "Content-Type", "text/plain; charset=utf-8"), "x"},
	})
}

// A multipart component that is also JSON elsewhere keeps []byte, sent as
// a file part held in memory, so the request can be retried; a part
// header goes with every attempt, and Content-Type from WithPartHeader
// replaces the part's own.
func TestMultipartBytesPartRetriedWithPartHeaders(t *testing.T) {
	c, seen := bodiesServer(t, true)
	_, err := c.Documents.PutAvatar(context.Background(), &bodies.Avatar{Image: []byte("GIF89a"), Alt: ptr("me")},
		bodies.WithPartHeader("image", "X-Trace", "t1"), bodies.WithPartHeader("alt", "Content-Type", "text/plain"))
	if err != nil {
		t.Fatal(err)
	}
	reqs := seen()
	if len(reqs) != 2 {
		t.Fatalf("%d requests, want 2 (a retry after 503)", len(reqs))
	}
	if reqs[0].contentType != reqs[1].contentType || !bytes.Equal(reqs[0].body, reqs[1].body) {
		t.Errorf("the retry sent another body:\n%s %s\n%s %s", reqs[0].contentType, reqs[0].body, reqs[1].contentType, reqs[1].body)
	}
	for _, r := range reqs {
		if r.method != "PUT" || r.path != "/v1/avatars" {
			t.Errorf("request %s %s", r.method, r.path)
		}
		checkParts(t, readParts(t, r), []gotPart{
			{with(cd(`form-data; name="alt"`), "Content-Type", "text/plain"), "me"},
			{with(cd(`form-data; name="image"; filename="image"`), "Content-Type", "application/octet-stream", "X-Trace", "t1"), "GIF89a"},
		})
	}
}

// WithPartHeader fails a call without a multipart body, and refuses
// Content-Disposition and a header value that would split the part.
func TestWithPartHeaderRefusals(t *testing.T) {
	c, seen := bodiesServer(t, false)
	ctx := context.Background()
	for _, tc := range []struct {
		name string
		call func() error
		want string
	}{
		{"not multipart", func() error {
			_, err := c.Notes.CreateNote(ctx, &bodies.Note{Title: "x"}, nil, bodies.WithPartHeader("title", "X-A", "1"))
			return err
		}, "no multipart/form-data body"},
		{"disposition", func() error {
			_, err := c.Documents.PutAvatar(ctx, &bodies.Avatar{Image: []byte("x")}, bodies.WithPartHeader("image", "content-disposition", "x"))
			return err
		}, "Content-Disposition"},
		{"CRLF", func() error {
			_, err := c.Documents.PutAvatar(ctx, &bodies.Avatar{Image: []byte("x")}, bodies.WithPartHeader("image", "X-A", "a\r\nX-B: b"))
			return err
		}, "CR, LF or NUL"},
	} {
		err := tc.call()
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want one containing %q", tc.name, err, tc.want)
		}
	}
	if n := len(seen()); n != 0 {
		t.Errorf("%d requests sent, want none", n)
	}
}

// Text bodies are strings and other media types readers, sent with the
// document's media type exactly; a JSON media type other than
// application/json is sent as named; a media range is sent as the type
// it most plainly covers.
func TestRawBodiesOnTheWire(t *testing.T) {
	c, seen := bodiesServer(t, false)
	ctx := context.Background()
	if err := c.Documents.ImportCSV(ctx, "a,b\r\n1,\"x,y\"\r\n"); err != nil {
		t.Fatal(err)
	}
	if err := c.Notes.PutNoteXML(ctx, "n/1", strings.NewReader(`<note><title>x</title></note>`)); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Notes.PatchNote(ctx, "n1", &bodies.Note{Title: "x"}); err != nil {
		t.Fatal(err)
	}
	if err := c.Blobs.PutBlob(ctx, bytes.NewReader([]byte{0, 1, 2, 0xff})); err != nil {
		t.Fatal(err)
	}
	if err := c.Blobs.PutText(ctx, "héllo"); err != nil {
		t.Fatal(err)
	}
	want := []sentRequest{
		{"POST", "/v1/imports", "", "text/csv", []byte("a,b\r\n1,\"x,y\"\r\n")},
		{"PUT", "/v1/notes/n/1", "", "application/xml", []byte(`<note><title>x</title></note>`)},
		{"PATCH", "/v1/notes/n1", "", "application/merge-patch+json", []byte(`{"title":"x"}`)},
		{"PUT", "/v1/blobs", "", "application/octet-stream", []byte{0, 1, 2, 0xff}},
		{"PUT", "/v1/texts", "", "text/plain", []byte("héllo")},
	}
	checkRequests(t, seen(), want)
}

func checkRequests(t *testing.T, got, want []sentRequest) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%d requests, want %d: %+v", len(got), len(want), got)
	}
	for i := range want {
		g, w := got[i], want[i]
		if g.method != w.method || g.path != w.path || g.query != w.query || g.contentType != w.contentType || !bytes.Equal(g.body, w.body) {
			t.Errorf("request %d:\n%s %s?%s %s\n%q\nwant\n%s %s?%s %s\n%q", i, g.method, g.path, g.query, g.contentType, g.body, w.method, w.path, w.query, w.contentType, w.body)
		}
	}
}

// An operation offering five media types has a method per family, each
// sending its own bytes with the same parameters: JSON (and a form with
// the same schema through WithFormBody), multipart, text (another text
// type through WithRequestHeader) and binary. A form with a schema of its
// own is a method of its own.
func TestOneMethodPerMediaTypeFamily(t *testing.T) {
	c, seen := bodiesServer(t, false)
	ctx := context.Background()
	params := &bodies.CreateNoteParams{Draft: ptr(true)}
	note := &bodies.Note{Title: "T&1", Body: ptr("b")}
	calls := []func() error{
		func() error { _, err := c.Notes.CreateNote(ctx, note, params); return err },
		func() error { _, err := c.Notes.CreateNote(ctx, note, params, bodies.WithFormBody()); return err },
		func() error { _, err := c.Notes.CreateNoteMultipart(ctx, note, params); return err },
		func() error { _, err := c.Notes.CreateNoteText(ctx, "plain", params); return err },
		func() error {
			_, err := c.Notes.CreateNoteText(ctx, "# md", params, bodies.WithRequestHeader("Content-Type", "text/markdown"))
			return err
		},
		func() error {
			_, err := c.Notes.CreateNoteBinary(ctx, strings.NewReader("\x00raw"), params)
			return err
		},
		func() error { return c.Notes.CreateTag(ctx, note) },
		func() error {
			return c.Notes.CreateTagForm(ctx, &bodies.CreateTagFormBody{Label: "a b", Colors: []string{"red", "blue"}})
		},
	}
	for i, call := range calls {
		if err := call(); err != nil {
			t.Fatalf("call %d: %v", i, err)
		}
	}
	reqs := seen()
	if len(reqs) != len(calls) {
		t.Fatalf("%d requests, want %d", len(reqs), len(calls))
	}
	mp := reqs[2]
	checkParts(t, readParts(t, mp), []gotPart{
		{cd(`form-data; name="body"`), "b"},
		{cd(`form-data; name="title"`), "T&1"},
	})
	mp.contentType, mp.body = "multipart", nil // checked above
	reqs[2] = mp
	checkRequests(t, reqs, []sentRequest{
		{"POST", "/v1/notes", "draft=true", "application/json", []byte(`{"body":"b","title":"T\u00261"}`)},
		{"POST", "/v1/notes", "draft=true", "application/x-www-form-urlencoded", []byte("body=b&title=T%261")},
		{"POST", "/v1/notes", "draft=true", "multipart", nil},
		{"POST", "/v1/notes", "draft=true", "text/plain", []byte("plain")},
		{"POST", "/v1/notes", "draft=true", "text/markdown", []byte("# md")},
		{"POST", "/v1/notes", "draft=true", "application/octet-stream", []byte("\x00raw")},
		{"POST", "/v1/tags", "", "application/json", []byte(`{"body":"b","title":"T\u00261"}`)},
		{"POST", "/v1/tags", "", "application/x-www-form-urlencoded", []byte("colors=red&colors=blue&label=a+b")},
	})
}

// The alternative methods are part of the service's interface, and build
// their requests without sending them like any method.
func TestMediaTypeMethodsInInterfaceAndBuilders(t *testing.T) {
	var api bodies.NotesAPI = (*bodies.NotesService)(nil)
	_ = api.CreateNoteText
	req, err := bodies.NewCreateNoteBinaryRequest(context.Background(), "https://h.example/v1", strings.NewReader("xyz"), nil)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(req.Body)
	if req.Method != "POST" || req.URL.String() != "https://h.example/v1/notes" || req.Header.Get("Content-Type") != "application/octet-stream" || string(b) != "xyz" {
		t.Errorf("request %s %s %q %q", req.Method, req.URL, req.Header.Get("Content-Type"), b)
	}
}
