package clientrt

import (
	"context"
	"errors"
	"io"
	"iter"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"
	"testing/iotest"
	"time"
)

func readAllEvents(t *testing.T, r io.Reader) ([]sseEvent, error) {
	t.Helper()
	s := newSSEReader(r)
	var out []sseEvent
	for {
		ev, err := s.next()
		if err != nil {
			if errors.Is(err, io.EOF) {
				return out, nil
			}
			return out, err
		}
		out = append(out, ev)
	}
}

func TestSSEReader(t *testing.T) {
	for _, tc := range []struct {
		name, in string
		want     []sseEvent
	}{
		{"one event", "data: hello\n\n", []sseEvent{{data: "hello"}}},
		{"multi-line data", "data: first\ndata: second\ndata:third\n\n",
			[]sseEvent{{data: "first\nsecond\nthird"}}},
		{"empty data line", "data\n\n", []sseEvent{{data: ""}}},
		{"data with an empty line inside", "data: a\ndata:\ndata: b\n\n", []sseEvent{{data: "a\n\nb"}}},
		{"only one space after the colon is dropped", "data:  two spaces\n\n", []sseEvent{{data: " two spaces"}}},
		{"colons in the value stay", "data: {\"a\":1}\n\n", []sseEvent{{data: `{"a":1}`}}},
		{"comments", ": keep-alive\ndata: x\n: another\n\n:\n\n", []sseEvent{{data: "x"}}},
		{"event type", "event: chunk\ndata: 1\n\ndata: 2\n\n",
			[]sseEvent{{event: "chunk", data: "1"}, {data: "2"}}},
		{"id persists until changed", "id: 7\ndata: a\n\ndata: b\n\nid: 8\ndata: c\n\nid\ndata: d\n\n",
			[]sseEvent{{id: "7", data: "a"}, {id: "7", data: "b"}, {id: "8", data: "c"}, {id: "", data: "d"}}},
		{"id with NUL is ignored", "id: 1\ndata: a\n\nid: 2\x003\ndata: b\n\n",
			[]sseEvent{{id: "1", data: "a"}, {id: "1", data: "b"}}},
		{"retry", "retry: 1500\ndata: a\n\nretry: soon\ndata: b\n\nretry: 10x\nretry:\ndata: c\n\n",
			[]sseEvent{{retry: 1500 * time.Millisecond, data: "a"}, {retry: 1500 * time.Millisecond, data: "b"}, {retry: 1500 * time.Millisecond, data: "c"}}},
		{"an id or retry without data sets it but is no event", "id: 5\nretry: 20\n\ndata: x\n\n",
			[]sseEvent{{id: "5", retry: 20 * time.Millisecond, data: "x"}}},
		{"event type without data is reset", "event: ping\n\ndata: x\n\n", []sseEvent{{data: "x"}}},
		{"CRLF", "event: a\r\ndata: 1\r\ndata: 2\r\n\r\ndata: 3\r\n\r\n",
			[]sseEvent{{event: "a", data: "1\n2"}, {data: "3"}}},
		{"CR", "data: 1\rdata: 2\r\rdata: 3\r\r", []sseEvent{{data: "1\n2"}, {data: "3"}}},
		{"mixed line ends", "data: 1\r\ndata: 2\rdata: 3\n\r\n", []sseEvent{{data: "1\n2\n3"}}},
		{"byte order mark", "\xef\xbb\xbfdata: x\n\n", []sseEvent{{data: "x"}}},
		{"a byte order mark later is data", "data: x\n\n\xef\xbb\xbfdata: y\n\n", []sseEvent{{data: "x"}}},
		{"unknown fields are ignored", "foo: bar\ndata: x\nDATA: y\n\n", []sseEvent{{data: "x"}}},
		{"field without colon", "data\ndata\n\n", []sseEvent{{data: "\n"}}},
		{"unterminated last event is dropped", "data: x\n\ndata: y\n", []sseEvent{{data: "x"}}},
		{"unterminated last line is dropped", "data: x\n\ndata: y", []sseEvent{{data: "x"}}},
		{"blank lines only", "\n\n\r\n", nil},
		{"empty stream", "", nil},
		{"unicode", "data: grüße ✓\n\n", []sseEvent{{data: "grüße ✓"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := readAllEvents(t, strings.NewReader(tc.in))
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got  %+v\nwant %+v", got, tc.want)
			}
			// The same, a byte at a time: line ends split across reads.
			got, err = readAllEvents(t, iotest.OneByteReader(strings.NewReader(tc.in)))
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("one byte at a time: got  %+v\nwant %+v", got, tc.want)
			}
		})
	}
}

func TestSSEReaderErrors(t *testing.T) {
	boom := errors.New("boom")
	got, err := readAllEvents(t, io.MultiReader(strings.NewReader("data: x\n\ndata: y\n"), iotest.ErrReader(boom)))
	if !errors.Is(err, boom) {
		t.Fatalf("err = %v, want boom", err)
	}
	if len(got) != 1 || got[0].data != "x" {
		t.Fatalf("events before the error = %+v", got)
	}
	long := "data: " + strings.Repeat("x", maxSSELine+1)
	if _, err := readAllEvents(t, strings.NewReader(long)); !errors.Is(err, errSSELineTooLong) {
		t.Fatalf("long line: err = %v", err)
	}
}

// A CR at the end of what has arrived so far ends the line there: the
// event is dispatched without waiting to see whether a LF follows.
func TestSSEReaderDoesNotWaitAfterCR(t *testing.T) {
	pr, pw := io.Pipe()
	go func() { pw.Write([]byte("data: now\r\r")) }()
	s := newSSEReader(pr)
	done := make(chan sseEvent)
	go func() {
		ev, _ := s.next()
		done <- ev
	}()
	select {
	case ev := <-done:
		if ev.data != "now" {
			t.Fatalf("data = %q", ev.data)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the event was not dispatched at its CR")
	}
	pw.Close()
}

type chunk struct {
	Text string `json:"text"`
}

func sseServer(t *testing.T, status int, contentType, body string) *http.Response {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if got := r.Header.Get("Accept"); got != "text/event-stream" {
			t.Errorf("Accept = %q", got)
		}
		w.Header().Set("Content-Type", contentType)
		w.WriteHeader(status)
		io.WriteString(w, body)
	}))
	t.Cleanup(srv.Close)
	req, _ := http.NewRequestWithContext(context.Background(), "GET", srv.URL+"/stream", nil)
	req.Header.Set("Accept", "text/event-stream")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	return resp
}

func TestParseEvents(t *testing.T) {
	resp := sseServer(t, 200, "text/event-stream; charset=utf-8",
		"event: chunk\nid: 1\ndata: {\"text\":\"Hel\"}\n\n: ping\n\nid: 2\ndata: {\"text\":\"lo\"}\n\ndata: [DONE]\n\n")
	var texts, ids []string
	var decodeErrs int
	for ev, err := range parseEvents(resp, jsonEvent[chunk], nil) {
		var de *DecodeError
		if errors.As(err, &de) {
			decodeErrs++
			if string(de.Body) != "[DONE]" || ev.Raw != "[DONE]" {
				t.Errorf("decode error body %q, raw %q", de.Body, ev.Raw)
			}
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		texts = append(texts, ev.Data.Text)
		ids = append(ids, ev.ID)
	}
	if strings.Join(texts, "") != "Hello" || strings.Join(ids, ",") != "1,2" || decodeErrs != 1 {
		t.Fatalf("texts %q ids %q decode errors %d", texts, ids, decodeErrs)
	}
}

func TestParseEventsBreakClosesBody(t *testing.T) {
	closed := false
	resp := &http.Response{StatusCode: 200, Header: http.Header{},
		Body: closeFunc{strings.NewReader("data: a\n\ndata: b\n\n"), func() { closed = true }}}
	n := 0
	for range parseEvents(resp, textEvent, nil) {
		n++
		break
	}
	if n != 1 || !closed {
		t.Fatalf("n = %d, closed = %v", n, closed)
	}
}

type closeFunc struct {
	io.Reader
	close func()
}

func (c closeFunc) Close() error { c.close(); return nil }

func TestParseEventsErrors(t *testing.T) {
	t.Run("status", func(t *testing.T) {
		resp := sseServer(t, 429, "application/json", `{"message":"slow down"}`)
		var errs []error
		for _, err := range parseEvents(resp, textEvent, nil) {
			errs = append(errs, err)
		}
		var ae *APIError
		if len(errs) != 1 || !errors.As(errs[0], &ae) || ae.StatusCode != 429 {
			t.Fatalf("errors = %v", errs)
		}
	})
	t.Run("not an event stream", func(t *testing.T) {
		resp := sseServer(t, 200, "application/json", `{"text":"all at once"}`)
		var errs []error
		for _, err := range parseEvents(resp, jsonEvent[chunk], nil) {
			errs = append(errs, err)
		}
		var de *DecodeError
		if len(errs) != 1 || !errors.As(errs[0], &de) || !strings.Contains(de.Error(), "not text/event-stream") {
			t.Fatalf("errors = %v", errs)
		}
	})
	t.Run("send fails", func(t *testing.T) {
		boom := errors.New("boom")
		var errs []error
		for _, err := range sendEvents(func() (*http.Response, error) { return nil, boom }, func(r *http.Response) iter.Seq2[ServerSentEvent[string], error] {
			return parseEvents(r, textEvent, nil)
		}) {
			errs = append(errs, err)
		}
		if len(errs) != 1 || !errors.Is(errs[0], boom) {
			t.Fatalf("errors = %v", errs)
		}
	})
}
