package orygenotel

import (
	"sync"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/trace"
)

// maxTrackedCalls bounds the calls the middleware remembers. A generated
// runtime does not tell a middleware which attempt of a call is the last,
// so a call is remembered after each attempt in case another follows; the
// oldest is forgotten past this many, which at worst leaves a late retry
// without its resend count, event and link.
const maxTrackedCalls = 4096

// attempt is what an attempt of a call got, for the one after it.
type attempt struct {
	span    trace.SpanContext
	status  int    // the response status, or 0 after errType
	errType string // error.type of a failure to send
}

// event is the name of the span event that opens a resend: "redirect"
// after a redirect response (seen only by NewTransport), "retry" after
// anything else.
func (a attempt) event() string {
	if a.status >= 300 && a.status < 400 {
		return "redirect"
	}
	return "retry"
}

// Attributes of the event that opens a resend.
const (
	// AttemptKey is the ordinal of the attempt, from 1.
	AttemptKey = attribute.Key("orygen.attempt")
	// PreviousStatusKey is the response status of the attempt before.
	PreviousStatusKey = attribute.Key("orygen.previous.http.response.status_code")
	// PreviousErrorTypeKey is error.type of the attempt before, when it
	// failed to get a response.
	PreviousErrorTypeKey = attribute.Key("orygen.previous.error.type")
)

func (a attempt) attrs(resend int) []attribute.KeyValue {
	out := []attribute.KeyValue{AttemptKey.Int(resend + 1)}
	if a.status != 0 {
		out = append(out, PreviousStatusKey.Int(a.status))
	}
	if a.errType != "" {
		out = append(out, PreviousErrorTypeKey.String(a.errType))
	}
	return out
}

// attempts remembers, per call, how many attempts went out and what the
// last one got. A call is its runtime's operation pointer, which stays
// alive (and so unique) while it is a key here.
type attempts struct {
	mu    sync.Mutex
	max   int
	calls map[any]*callState
	order []any // keys, oldest first, for forgetting
}

type callState struct {
	sent int
	last attempt
}

func newAttempts(max int) *attempts {
	return &attempts{max: max, calls: map[any]*callState{}}
}

// next counts a new attempt of call and returns what the one before it
// got and how many went before it.
func (a *attempts) next(call any) (attempt, int) {
	a.mu.Lock()
	defer a.mu.Unlock()
	s, ok := a.calls[call]
	if !ok {
		s = &callState{}
		a.calls[call] = s
		a.order = append(a.order, call)
		a.forget()
	}
	s.sent++
	return s.last, s.sent - 1
}

// done records what an attempt of call got.
func (a *attempts) done(call any, got attempt) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if s, ok := a.calls[call]; ok {
		s.last = got
	}
}

// forget drops the oldest calls past the bound.
func (a *attempts) forget() {
	for len(a.order) > a.max {
		delete(a.calls, a.order[0])
		a.order[0] = nil
		a.order = a.order[1:]
	}
	if cap(a.order) > 4*a.max && len(a.order) <= a.max {
		a.order = append([]any(nil), a.order...) // let the dropped prefix go
	}
}
