package irbuild

import "testing"

func TestRecoverPanic(t *testing.T) {
	b := &builder{file: "spec.yaml", at: "/paths/~1a/get"}
	err := func() (err error) {
		defer b.recoverPanic(&err)
		var m map[string]int
		m["x"]++ // a nil map: panics
		return nil
	}()
	want := "spec.yaml#/paths/~1a/get: internal error while building the model: assignment to entry in nil map (please report this, with the spec)"
	if err == nil || err.Error() != want {
		t.Errorf("err = %v\nwant %s", err, want)
	}
}
