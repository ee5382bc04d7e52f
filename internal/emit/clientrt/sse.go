package clientrt

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"iter"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// ServerSentEvent is one event of a text/event-stream response
// (server-sent events, as the HTML standard defines them), its data
// decoded as T.
type ServerSentEvent[T any] struct {
	// Event is the event's type (its "event" field), "" when it has none,
	// which the standard calls "message".
	Event string
	// ID is the last event ID the stream has set (an "id" field of this
	// event or an earlier one). Send it in the Last-Event-ID header to
	// resume after this event, where the API supports it.
	ID string
	// Retry is the reconnection delay the stream last asked for (a
	// "retry" field), 0 if it has not.
	Retry time.Duration
	// Data is the event's data, decoded.
	Data T
	// Raw is the event's data as sent: its "data" lines joined with "\n".
	Raw string
}

// maxSSELine bounds one line of an event stream, so that a stream without
// line breaks cannot take all memory.
const maxSSELine = 16 << 20

var errSSELineTooLong = fmt.Errorf("event stream: a line is longer than %d bytes", maxSSELine)

// MaxEventBytes bounds one event of an event stream: its data lines
// together, with the line breaks that join them, and its type. A stream
// that sends more before the blank line that ends an event stops with a
// *TransportError wrapping an *EventTooLargeError.
const MaxEventBytes = 16 << 20

// EventTooLargeError stops an event stream whose event is longer than
// MaxEventBytes (Limit).
type EventTooLargeError struct {
	Limit int
}

// Error names the limit.
func (e *EventTooLargeError) Error() string {
	return fmt.Sprintf("event stream: an event is longer than %d bytes (MaxEventBytes)", e.Limit)
}

// sseEvent is one event as read, before its data is decoded.
type sseEvent struct {
	event, id, data string
	retry           time.Duration
}

// sseReader reads the events of a stream: lines end with CRLF, LF or CR;
// a line starting with ':' is a comment; "field: value" lines set the
// event's fields; a blank line ends the event.
type sseReader struct {
	r       *bufio.Reader
	limit   int  // MaxEventBytes, lower in tests
	started bool // the byte order mark, if any, is behind us
	skipLF  bool // the last line ended with CR: a LF right after it is part of that line end
	id      string
	retry   time.Duration
}

func newSSEReader(r io.Reader) *sseReader {
	return &sseReader{r: bufio.NewReader(r), limit: MaxEventBytes}
}

// line reads one line without its line end. At the end of the stream it
// returns io.EOF, also for a last line that has no line end.
func (s *sseReader) line() (string, error) {
	if !s.started {
		s.started = true
		if b, err := s.r.Peek(3); err == nil && string(b) == "\xef\xbb\xbf" {
			_, _ = s.r.Discard(3)
		}
	}
	var buf []byte
	for {
		c, err := s.r.ReadByte()
		if err != nil {
			return "", err
		}
		if s.skipLF {
			s.skipLF = false
			if c == '\n' {
				continue
			}
		}
		switch c {
		case '\n':
			return string(buf), nil
		case '\r':
			s.skipLF = true
			return string(buf), nil
		}
		if len(buf) >= maxSSELine {
			return "", errSSELineTooLong
		}
		buf = append(buf, c)
	}
}

// next returns the next event, or io.EOF when the stream ends. An event
// the stream does not end with a blank line is dropped, as the standard
// says, and so is one without data.
func (s *sseReader) next() (sseEvent, error) {
	var data strings.Builder
	hasData := false
	event := ""
	for {
		line, err := s.line()
		if err != nil {
			return sseEvent{}, err
		}
		if line == "" {
			if !hasData {
				event = ""
				continue
			}
			return sseEvent{event: event, id: s.id, data: data.String(), retry: s.retry}, nil
		}
		if line[0] == ':' {
			continue
		}
		field, value, found := strings.Cut(line, ":")
		if found {
			value = strings.TrimPrefix(value, " ")
		}
		switch field {
		case "event":
			if len(value)+data.Len() > s.limit {
				return sseEvent{}, &EventTooLargeError{Limit: s.limit}
			}
			event = value
		case "data":
			if len(event)+data.Len()+1+len(value) > s.limit {
				return sseEvent{}, &EventTooLargeError{Limit: s.limit}
			}
			if hasData {
				data.WriteByte('\n')
			}
			data.WriteString(value)
			hasData = true
		case "id":
			if !strings.Contains(value, "\x00") {
				s.id = value
			}
		case "retry":
			if ms, ok := asciiDigits(value); ok {
				s.retry = time.Duration(ms) * time.Millisecond
			}
		}
	}
}

// maxRetryMillis caps a stream's retry field (about 146 years), so that
// it converts to a time.Duration without overflow.
const maxRetryMillis = int64(time.Duration(1<<62) / time.Millisecond)

// asciiDigits parses a retry value: ASCII digits only, capped rather than
// overflowing.
func asciiDigits(s string) (int64, bool) {
	if s == "" {
		return 0, false
	}
	var n int64
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
		if n < maxRetryMillis {
			n = n*10 + int64(s[i]-'0')
		}
	}
	// One more digit may have gone past the cap; past it, n times a
	// millisecond would overflow.
	return min(n, maxRetryMillis), true
}

// jsonEvent decodes an event's data as JSON: by the type's generated
// decoder when it has one, without encoding/json's validation pass.
func jsonEvent[T any](data string) (T, error) {
	var v T
	if x, ok := any(&v).(jsonDecodable); ok {
		// data is already a string: the decoder's strings are its
		// substrings, without a second copy.
		d := jsonDecoder{data: []byte(data), src: data}
		d.space()
		x.decodeJSON(&d)
		return v, d.finish()
	}
	err := json.Unmarshal([]byte(data), &v)
	return v, err
}

// textEvent keeps an event's data as text.
func textEvent(data string) (string, error) { return data, nil }

// acceptEvents asks for the event stream of an operation whose success is
// also offered in another media type.
func acceptEvents(c *call) *call {
	c.setHeader("Accept", "text/event-stream")
	return c
}

// sendEvents sends the request when the loop starts and yields the events
// of its response; a failure to send is yielded as the only error.
func sendEvents[T any](send func() (*http.Response, error), parse func(*http.Response) iter.Seq2[ServerSentEvent[T], error]) iter.Seq2[ServerSentEvent[T], error] {
	return func(yield func(ServerSentEvent[T], error) bool) {
		resp, err := send()
		if err != nil {
			yield(ServerSentEvent[T]{}, err)
			return
		}
		for ev, err := range parse(resp) {
			if !yield(ev, err) {
				return
			}
		}
	}
}

// parseEvents yields the events of a text/event-stream response as they
// arrive, and closes the body when the stream ends or the loop breaks. A
// status other than 2xx is yielded as the operation's error, a response
// that is not an event stream as a *DecodeError, an event whose data does
// not decode as a *DecodeError holding that data (the loop may go on to
// the next event), and a failure to read as a *TransportError, which ends
// the stream.
func parseEvents[T any](resp *http.Response, decode func(string) (T, error), errs func(*APIError) error) iter.Seq2[ServerSentEvent[T], error] {
	return func(yield func(ServerSentEvent[T], error) bool) {
		var zero ServerSentEvent[T]
		if resp.StatusCode < 200 || resp.StatusCode > 299 {
			yield(zero, parseResponse(resp, nil, errs))
			return
		}
		_, red := readLimits(resp.Body)
		defer resp.Body.Close()
		method, u := "", ""
		if resp.Request != nil {
			method = resp.Request.Method
			u = red.url(resp.Request.URL)
		}
		if ct := resp.Header.Get("Content-Type"); ct != "" {
			if mt, _, err := mime.ParseMediaType(ct); err != nil || mt != "text/event-stream" {
				body, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
				yield(zero, &DecodeError{Method: method, URL: u, StatusCode: resp.StatusCode, Header: resp.Header, Body: body,
					Err: fmt.Errorf("the response is %s, not text/event-stream", strconv.Quote(ct)), redact: red})
				return
			}
		}
		r := newSSEReader(resp.Body)
		for {
			ev, err := r.next()
			if errors.Is(err, io.EOF) {
				return
			}
			if err != nil {
				yield(zero, &TransportError{Method: method, URL: u, Err: err, redact: red})
				return
			}
			out := ServerSentEvent[T]{Event: ev.event, ID: ev.id, Retry: ev.retry, Raw: ev.data}
			v, err := decode(ev.data)
			if err != nil {
				err = &DecodeError{Method: method, URL: u, StatusCode: resp.StatusCode, Header: resp.Header, Body: []byte(ev.data), Err: err, redact: red}
			}
			out.Data = v
			if !yield(out, err) {
				return
			}
		}
	}
}
