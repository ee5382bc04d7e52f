package orygenotel

import (
	"runtime"
	"testing"
	"weak"
)

// A call is known by its weak pointer: attempts of the same call count
// up, another call starts at 0, calls the collector took are forgotten
// before live ones, and the map stays within its bound.
func TestAttemptsForgetCollectedCallsFirst(t *testing.T) {
	a := newAttempts(3)
	live1, live2 := new([32]byte), new([32]byte)
	k1 := weak.Make(&live1[0])
	if _, n := a.next(k1); n != 0 {
		t.Fatalf("first attempt: %d sent before, want 0", n)
	}
	a.done(k1, attempt{status: 503})
	if prev, n := a.next(weak.Make(&live1[0])); n != 1 || prev.status != 503 {
		t.Fatalf("second attempt: %d before, previous %+v; want 1, 503", n, prev)
	}
	k2 := weak.Make(&live2[0])
	if _, n := a.next(k2); n != 0 {
		t.Fatalf("another call: %d before, want 0", n)
	}
	func() {
		gone := new([32]byte)
		a.next(weak.Make(&gone[0]))
	}()
	runtime.GC()
	runtime.GC()
	live3 := new([32]byte)
	a.next(weak.Make(&live3[0])) // full: the collected call goes, the live ones stay
	for i, k := range []weak.Pointer[byte]{k1, k2, weak.Make(&live3[0])} {
		if _, ok := a.calls[k]; !ok {
			t.Errorf("live call %d forgotten", i+1)
		}
	}
	if len(a.calls) != 3 {
		t.Errorf("%d calls remembered, want 3", len(a.calls))
	}
	live4 := new([32]byte)
	a.next(weak.Make(&live4[0])) // full of live calls: some go
	if len(a.calls) > 3 {
		t.Errorf("%d calls remembered, want at most 3", len(a.calls))
	}
	if _, ok := a.calls[weak.Make(&live4[0])]; !ok {
		t.Error("the new call is not remembered")
	}
	runtime.KeepAlive(live1)
	runtime.KeepAlive(live2)
	runtime.KeepAlive(live3)
	runtime.KeepAlive(live4)
}
