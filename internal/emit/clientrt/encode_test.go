package clientrt

import (
	"encoding/json"
	"strings"
	"testing"
)

// Benchmarks of the encoder's inner loops, on the kinds of values request
// bodies hold (bench/decode has the whole bodies, against other libraries).

func BenchmarkAppendString(b *testing.B) {
	buf := make([]byte, 0, 256)
	for b.Loop() {
		buf = appendString(buf[:0], "alice@example.com")
		buf = appendString(buf, "correct horse battery staple")
		buf = appendString(buf, "default")
	}
}

func BenchmarkCompactJSON(b *testing.B) {
	raw := []byte(`{"email":"alice@example.com","name":{"first":"Alice","last":"A"},"newsletter":true}`)
	buf := make([]byte, 0, 256)
	for b.Loop() {
		buf, _ = compactJSON(buf[:0], raw)
	}
}

// TestEncodeFastPaths: the string escaper and the raw-JSON compactor skip
// plain ASCII eight bytes at a time; every byte that needs a look, at
// every offset from those eight-byte steps and after long plain runs,
// comes out as encoding/json writes it.
func TestEncodeFastPaths(t *testing.T) {
	specials := []string{
		`"`, `\`, "<", ">", "&", "\x00", "\x1f", "\n", "\t", "\x7f", // ASCII to escape, or not
		"\xff", "\xc3", "\xe2\x80", "\xed\xa0\x80", "a\xffb", // invalid UTF-8: \ufffd (strings), as is (raw)
		"\u2028", "\u2029", "\u2027", "\u202a", "é", "😀", // the separators escaped, other runes as they are
		"=", "?", "$", "'", "[", "]", "^", "|", "~", ";", "@", // neighbours of the SWAR's byte pairs, plain
	}
	for _, sp := range specials {
		for pre := 0; pre <= 24; pre++ {
			for _, post := range []int{0, 1, 7, 8, 9, 17} {
				s := strings.Repeat("a", pre) + sp + strings.Repeat("z", post)
				checkEncodeString(t, s)
				checkEncodeString(t, s+s)
				// In raw JSON: as a string's content where it is one
				// (a lone quote or backslash would end or escape it).
				if sp != `"` && sp != `\` {
					checkCompact(t, []byte(`["`+s+`",{"`+s+`":"`+s+`"}]`))
				}
			}
		}
	}
}

// rawVariant encodes as raw JSON, without opening an object of its own,
// as a union that keeps its JSON does.
type rawVariant struct{ raw string }

func (v *rawVariant) encodeJSON(b []byte, e *jsonEncoder) []byte {
	return encRaw(b, json.RawMessage(v.raw), e)
}

// TestEncVariantRaw: a variant that writes raw JSON gets the
// discriminator moved in front of its members; one that is not an object
// is an error.
func TestEncVariantRaw(t *testing.T) {
	for raw, want := range map[string]string{`{"a" : 1}`: `{"k":"v","a":1}`, ` { } `: `{"k":"v"}`, `[1]`: ""} {
		var e jsonEncoder
		got := encVariant([]byte("["), &e, &rawVariant{raw}, false, `"k":"v"`)
		if want == "" {
			if e.err == nil {
				t.Errorf("%s: no error, wrote %s", raw, got)
			}
		} else if string(got[1:]) != want || e.err != nil || e.disc != "" {
			t.Errorf("%s: got %s (%v), want %s", raw, got[1:], e.err, want)
		}
	}
}
