package percall

import (
	"context"
	"testing"
	"time"
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

// BenchmarkPaired makes the call with every implementation in turn in each
// iteration, rotating which goes first, and times each call on its own: on
// a busy machine the implementations then share every busy spell, and
// their times compare better than those of BenchmarkCall's separate runs.
// It reports ns/op of each implementation as <name>-ns/op (the plain ns/op
// is of all of them together); allocations are BenchmarkCall's.
func BenchmarkPaired(b *testing.B) {
	ctx := context.Background()
	impls := setup(b)
	calls := []struct {
		name string
		call func(Impl) error
	}{
		{"keto_check", func(im Impl) error { _, err := im.Check(ctx); return err }},
		{"kratos_whoami", func(im Impl) error { _, err := im.WhoAmI(ctx, Token); return err }},
	}
	for _, c := range calls {
		b.Run(c.name, func(b *testing.B) {
			total := make([]time.Duration, len(impls))
			n, i := 0, 0
			for b.Loop() {
				for j := range impls {
					k := (i + j) % len(impls)
					start := time.Now()
					if err := c.call(impls[k]); err != nil {
						b.Fatal(impls[k].Name, err)
					}
					total[k] += time.Since(start)
				}
				i++
				n++
			}
			for k, im := range impls {
				b.ReportMetric(float64(total[k].Nanoseconds())/float64(n), im.Name+"-ns/op")
			}
		})
	}
}
