package orygenotel

import (
	"sync"
	"weak"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/trace"
)

// maxTrackedCalls bounds the calls the middleware remembers. A generated
// runtime does not tell a middleware which attempt of a call is its last,
// so a call is remembered, by a weak pointer that keeps nothing alive, in
// case another attempt follows. Calls the garbage collector has taken are
// forgotten first; past the bound, live ones at random, which at worst
// leaves a later retry of theirs without its resend count, event and link.
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
// last one got. A call is a weak pointer to its runtime's operation (each
// call has its own): it equals only the weak pointers made from the same
// call, even after the call is collected and its memory reused.
type attempts struct {
	mu    sync.Mutex
	max   int
	calls map[weak.Pointer[byte]]*callState
}

type callState struct {
	sent int
	last attempt
}

func newAttempts(max int) *attempts {
	return &attempts{max: max, calls: map[weak.Pointer[byte]]*callState{}}
}

// next counts a new attempt of call and returns what the one before it
// got and how many went before it.
func (a *attempts) next(call weak.Pointer[byte]) (attempt, int) {
	a.mu.Lock()
	defer a.mu.Unlock()
	s, ok := a.calls[call]
	if !ok {
		if len(a.calls) >= a.max {
			a.forget()
		}
		s = &callState{}
		a.calls[call] = s
	}
	s.sent++
	return s.last, s.sent - 1
}

// done records what an attempt of call got.
func (a *attempts) done(call weak.Pointer[byte], got attempt) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if s, ok := a.calls[call]; ok {
		s.last = got
	}
}

// forget drops the calls that are gone, then, if too many are left, live
// ones until a quarter of the room is free.
func (a *attempts) forget() {
	for k := range a.calls {
		if k.Value() == nil {
			delete(a.calls, k)
		}
	}
	if len(a.calls) < a.max {
		return
	}
	for k := range a.calls {
		if len(a.calls) < a.max*3/4 {
			break
		}
		delete(a.calls, k)
	}
}
