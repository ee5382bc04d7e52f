package percall

import (
	"context"
	"testing"
)

func setup(tb testing.TB) []Impl {
	s, err := NewServer()
	if err != nil {
		tb.Skip(err)
	}
	tb.Cleanup(s.Close)
	impls, err := Impls(s)
	if err != nil {
		tb.Fatal(err)
	}
	return impls
}

// TestCalls checks every implementation gets the same answers, and that a
// wrong token is an error for each.
func TestCalls(t *testing.T) {
	ctx := context.Background()
	for _, im := range setup(t) {
		ok, err := im.Check(ctx)
		if err != nil || !ok {
			t.Errorf("%s: check = %v, %v", im.Name, ok, err)
		}
		id, err := im.WhoAmI(ctx, Token)
		if err != nil || id != SubjectID {
			t.Errorf("%s: whoami = %q, %v", im.Name, id, err)
		}
		if _, err := im.WhoAmI(ctx, "wrong"); err == nil {
			t.Errorf("%s: whoami with a wrong token succeeded", im.Name)
		}
	}
}

// BenchmarkCall makes each call in a loop, one at a time, as middleware
// does on every request of a service.
func BenchmarkCall(b *testing.B) {
	ctx := context.Background()
	impls := setup(b)
	for _, im := range impls {
		b.Run("keto_check/"+im.Name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if ok, err := im.Check(ctx); err != nil || !ok {
					b.Fatal(ok, err)
				}
			}
		})
	}
	for _, im := range impls {
		b.Run("kratos_whoami/"+im.Name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := im.WhoAmI(ctx, Token); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
