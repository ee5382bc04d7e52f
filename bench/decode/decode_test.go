package decode

import (
	"encoding/json"
	"sync"
	"testing"
)

var (
	payloadsOnce sync.Once
	payloads     *Payloads
	payloadsErr  error
)

func load(tb testing.TB) *Payloads {
	payloadsOnce.Do(func() {
		dir, err := SamplesDir()
		if err != nil {
			payloadsErr = err
			return
		}
		payloads, payloadsErr = LoadPayloads(dir)
	})
	if payloadsErr != nil {
		tb.Skip("payloads:", payloadsErr)
	}
	return payloads
}

func BenchmarkDecode(b *testing.B) {
	p := load(b)
	for _, flow := range []struct {
		name    string
		payload []byte
	}{{"login", p.Login}, {"settings", p.Settings}} {
		for _, impl := range Impls {
			newV := impl.Login
			if flow.name == "settings" {
				newV = impl.Settings
			}
			b.Run(flow.name+"/"+impl.Name, func(b *testing.B) { BenchDecode(b, impl.Name, flow.payload, newV, impl.Direct) })
		}
	}
}

func BenchmarkEncode(b *testing.B) {
	for _, body := range Bodies() {
		b.Run(body.Name+"/"+body.Impl, func(b *testing.B) { BenchEncode(b, body.Impl, body.Value, body.Impl == "orygen") })
	}
}

// TestRoundTrip reports which decoders lose data; it fails only when
// orygen's types do.
func TestRoundTrip(t *testing.T) {
	p := load(t)
	for _, impl := range Impls {
		for _, f := range []struct {
			name    string
			payload []byte
			newV    func() any
		}{{"login", p.Login, impl.Login}, {"settings", p.Settings, impl.Settings}} {
			diffs, err := RoundTrip(f.payload, f.newV, impl.Direct)
			if err != nil {
				t.Errorf("%s %s: %v", impl.Name, f.name, err)
				continue
			}
			for _, d := range diffs {
				t.Logf("%s %s: %s", impl.Name, f.name, d)
			}
			if impl.Name == "orygen" && len(diffs) > 0 {
				t.Errorf("orygen loses data on the %s flow", f.name)
			}
		}
	}
}

// TestBodiesAgree checks that the three encodings of each body are the same
// JSON value.
func TestBodiesAgree(t *testing.T) {
	first := map[string][]byte{}
	for _, body := range Bodies() {
		out, err := json.Marshal(body.Value)
		if err != nil {
			t.Fatalf("%s %s: %v", body.Impl, body.Name, err)
		}
		if ref, ok := first[body.Name]; ok {
			diffs, err := DiffJSON(ref, out)
			if err != nil {
				t.Fatal(err)
			}
			for _, d := range diffs {
				t.Errorf("%s %s differs from orygen's: %s", body.Impl, body.Name, d)
			}
		} else {
			first[body.Name] = out
			t.Logf("%s: %s", body.Name, out)
		}
	}
}
