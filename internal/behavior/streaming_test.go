package behavior

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	stream "github.com/orygen/orygen/testdata/golden/streaming"
)

func streamServer(t *testing.T, h http.HandlerFunc) *stream.Client {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	c, err := stream.NewClient(srv.URL+"/v2", stream.WithBearer("tok"))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// The events of a text/event-stream response arrive one by one, before
// the response ends: the server waits for the client to have seen the
// first chunk before it sends the second.
func TestEventStreamIterator(t *testing.T) {
	seen := make(chan struct{})
	c := streamServer(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/v2/completions" || r.Method != "POST" {
			t.Errorf("%s %s", r.Method, r.URL.Path)
		}
		if got := r.Header.Get("Accept"); got != "text/event-stream" {
			t.Errorf("Accept = %q", got)
		}
		var req stream.CompletionRequest
		if err := json.NewDecoder(r.Body).Decode(&req); err != nil || req.Prompt != "hi" {
			t.Errorf("body %+v, %v", req, err)
		}
		w.Header().Set("Content-Type", "text/event-stream")
		fmt.Fprint(w, ": connected\r\n\r\nid: 1\r\ndata: {\"id\":\"c1\",\"text\":\"Hel\"}\r\n\r\n")
		w.(http.Flusher).Flush()
		select {
		case <-seen:
		case <-time.After(5 * time.Second):
			t.Error("the client did not see the first event before the stream went on")
		}
		fmt.Fprint(w, "id: 2\r\nevent: chunk\r\ndata: {\"id\":\"c1\",\"text\":\"lo\",\r\ndata:  \"finish_reason\":\"stop\"}\r\n\r\n")
	})
	var text strings.Builder
	var last stream.ServerSentEvent[stream.CompletionChunk]
	n := 0
	for ev, err := range c.Completions.CreateCompletion(context.Background(), &stream.CompletionRequest{Prompt: "hi"}) {
		if err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			close(seen)
		}
		n++
		text.WriteString(ev.Data.Text)
		last = ev
	}
	if n != 2 || text.String() != "Hello" {
		t.Fatalf("%d events, text %q", n, text.String())
	}
	if reason, ok := last.Data.FinishReason.Get(); last.ID != "2" || last.Event != "chunk" || !ok || reason != stream.CompletionChunkFinishReasonStop {
		t.Errorf("last event %+v", last)
	}
}

func TestEventStreamErrors(t *testing.T) {
	c := streamServer(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/v2/completions":
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusTooManyRequests)
			fmt.Fprint(w, `{"message":"slow down","type":"rate_limit"}`)
		case "/v2/jobs/j1/logs":
			w.Header().Set("Content-Type", "text/event-stream")
			fmt.Fprint(w, "data: {\"ts\":\"2024-01-02T03:04:05Z\",\"line\":\"start\"}\n\ndata: not json\n\ndata: {\"ts\":\"2024-01-02T03:04:06Z\",\"line\":\"done\",\"level\":\"info\"}\n\n")
		}
	})
	var errs []error
	for _, err := range c.Completions.CreateCompletion(context.Background(), &stream.CompletionRequest{Prompt: "x"}) {
		errs = append(errs, err)
	}
	var er *stream.ErrorResponse[stream.Error]
	if len(errs) != 1 || !errors.As(errs[0], &er) || er.Value.Message != "slow down" || er.StatusCode != 429 {
		t.Fatalf("errors %v", errs)
	}

	var lines []string
	var decodeErrs int
	for ev, err := range c.Jobs.GetJobsByJobIDLogs(context.Background(), "j1", nil) {
		var de *stream.DecodeError
		if errors.As(err, &de) {
			decodeErrs++
			if string(de.Body) != "not json" {
				t.Errorf("decode error keeps %q", de.Body)
			}
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		lines = append(lines, ev.Data.Line)
	}
	if strings.Join(lines, ",") != "start,done" || decodeErrs != 1 {
		t.Fatalf("lines %q, %d decode errors", lines, decodeErrs)
	}
}

// Breaking out of the loop closes the stream: the server sees its client
// go away while it still has events to send.
func TestEventStreamBreak(t *testing.T) {
	gone := make(chan struct{})
	c := streamServer(t, func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Last-Event-ID") != "41" {
			t.Errorf("Last-Event-ID = %q", r.Header.Get("Last-Event-ID"))
		}
		w.Header().Set("Content-Type", "text/event-stream")
		for i := 42; ; i++ {
			if _, err := fmt.Fprintf(w, "id: %d\ndata: line %d\ndata: more\n\n", i, i); err != nil {
				close(gone)
				return
			}
			w.(http.Flusher).Flush()
			select {
			case <-r.Context().Done():
				close(gone)
				return
			case <-time.After(time.Millisecond):
			}
		}
	})
	last := "41"
	var got []string
	for ev, err := range c.Jobs.GetEvents(context.Background(), &stream.GetEventsParams{LastEventID: &last}) {
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, ev.ID+"="+ev.Data)
		if len(got) == 3 {
			break
		}
	}
	if strings.Join(got, "|") != "42=line 42\nmore|43=line 43\nmore|44=line 44\nmore" {
		t.Fatalf("events %q", got)
	}
	select {
	case <-gone:
	case <-time.After(5 * time.Second):
		t.Fatal("the stream stayed open after the loop broke")
	}
}

// Operations without operationId, a multipart upload, an octet-stream
// download and deepObject query parameters.
func TestFilesWithoutOperationIDs(t *testing.T) {
	c := streamServer(t, func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.Method == "POST" && r.URL.Path == "/v2/files":
			if err := r.ParseMultipartForm(1 << 20); err != nil {
				t.Fatalf("not multipart: %v", err)
			}
			f, _, err := r.FormFile("file")
			if err != nil {
				t.Fatal(err)
			}
			data, _ := io.ReadAll(f)
			if string(data) != "\x00\x01bytes" || r.FormValue("purpose") != "batch" {
				t.Errorf("upload %q %v", data, r.MultipartForm.Value)
			}
			fmt.Fprint(w, `{"id":"f1","bytes":7,"purpose":"batch"}`)
		case r.Method == "GET" && r.URL.Path == "/v2/files":
			q := r.URL.Query()
			if q.Get("filter[status]") != "processed" || q.Get("filter[purpose]") != "batch" || q.Get("page[size]") != "10" {
				t.Errorf("query %q", r.URL.RawQuery)
			}
			fmt.Fprint(w, `[{"id":"f1","bytes":7,"purpose":"batch","status":"processed"}]`)
		case r.Method == "GET" && r.URL.Path == "/v2/files/f1/content":
			if r.Header.Get("Range") != "bytes=0-2" {
				t.Errorf("Range %q", r.Header.Get("Range"))
			}
			w.Header().Set("Content-Type", "application/octet-stream")
			w.WriteHeader(http.StatusPartialContent)
			w.Write([]byte{0, 1, 'b'})
		default:
			t.Errorf("unexpected %s %s", r.Method, r.URL)
		}
	})
	ctx := context.Background()
	f, err := c.Files.PostFiles(ctx, &stream.PostFilesBody{File: stream.Upload{Name: "data.bin", Reader: strings.NewReader("\x00\x01bytes")}, Purpose: stream.PostFilesBodyPurposeBatch})
	if err != nil || f.ID != "f1" {
		t.Fatalf("upload: %+v, %v", f, err)
	}
	status, purpose, size := stream.GetFilesFilterStatusProcessed, "batch", int64(10)
	list, err := c.Files.GetFiles(ctx, &stream.GetFilesParams{
		Filter: &stream.GetFilesFilter{Status: &status, Purpose: &purpose},
		Page:   &stream.GetFilesPage{Size: &size},
	})
	if err != nil || len(list) != 1 {
		t.Fatalf("list: %+v, %v", list, err)
	}
	rng := "bytes=0-2"
	bin, err := c.Files.GetFilesByFileIDContent(ctx, "f1", &stream.GetFilesByFileIDContentParams{Range: &rng})
	if err != nil {
		t.Fatalf("download: %v", err)
	}
	data, err := io.ReadAll(bin)
	bin.Close()
	if err != nil || string(data) != "\x00\x01b" {
		t.Fatalf("download: %q, %v", data, err)
	}
}

// Thirty levels of oneOf nested in oneOf are one union of thirty
// variants, each told apart by its own required property.
func TestDeepUnion(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want any
	}{
		{`{"k01":"a"}`, &stream.DeepUnionK01{}},
		{`{"k17":"a"}`, &stream.DeepUnionK17{}},
		{`{"k30":"a"}`, &stream.DeepUnionK30{}},
		{`{"k31":"a"}`, &stream.UnknownDeepUnion{}},
	} {
		var u stream.DeepUnion
		if err := json.Unmarshal([]byte(tc.in), &u); err != nil {
			t.Fatalf("%s: %v", tc.in, err)
		}
		if fmt.Sprintf("%T", u.Value) != fmt.Sprintf("%T", tc.want) {
			t.Errorf("%s decoded as %T, want %T", tc.in, u.Value, tc.want)
		}
		out, err := json.Marshal(u)
		if err != nil || string(out) != tc.in {
			t.Errorf("%s re-encoded as %s, %v", tc.in, out, err)
		}
	}
	// A filter nested thirty levels deep through its properties.
	in := strings.Repeat(`{"all":[`, 29) + `{"all":["leaf"]}` + strings.Repeat(`]}`, 29)
	var f stream.Filter
	if err := json.Unmarshal([]byte(in), &f); err != nil {
		t.Fatal(err)
	}
	out, err := json.Marshal(f)
	if err != nil || string(out) != in {
		t.Fatalf("re-encoded as %s, %v", out, err)
	}
	if _, ok := f.Value.(*stream.FilterAll); !ok {
		t.Fatalf("top level is %T", f.Value)
	}
}
