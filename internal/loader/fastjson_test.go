package loader

import (
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// sameAsTokens checks that whatever parseJSONFast accepts, parseJSONTokens
// accepts as the same tree.
func sameAsTokens(t *testing.T, name string, data []byte) bool {
	t.Helper()
	fast, ok := parseJSONFast(data)
	slow, err := parseJSONTokens(data)
	if !ok {
		return false
	}
	if err != nil {
		t.Errorf("%s: the fast parser accepts what encoding/json refuses (%v): %q", name, err, clip(data))
	} else if !reflect.DeepEqual(fast, slow) {
		t.Errorf("%s: the trees differ: %q", name, clip(data))
	}
	return true
}

func clip(b []byte) []byte {
	if len(b) > 200 {
		return b[:200]
	}
	return b
}

func TestParseJSONFastMatches(t *testing.T) {
	n := 0
	for _, dir := range []string{"../../specs", "../../testdata", "../../../shared/specs/ory"} {
		_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || filepath.Ext(p) != ".json" {
				return nil
			}
			data, err := os.ReadFile(p)
			if err == nil && sameAsTokens(t, p, data) {
				n++
			}
			return nil
		})
	}
	if n < 10 {
		t.Fatalf("only %d JSON files parsed by the fast parser", n)
	}
	for _, s := range []string{
		`{}`, `[]`, ` {"a" : [1, -0, 0.5e+3, 1E-2, true, false, null, "x"] } `,
		`"\u00e9\ud83d\ude00\n\"\\\/"`, `"é"`, `{"a":1,"b":{"a":2}}`, `-1.25e10`,
	} {
		if !sameAsTokens(t, s, []byte(s)) {
			t.Errorf("%s: not parsed", s)
		}
	}
	// What the fast parser does not take on, it declines, and the loader
	// falls back: syntax errors, duplicate keys, deep nesting, invalid
	// UTF-8, a byte order mark.
	for _, s := range []string{
		`{"a":1,"a":2}`, `01`, `1.`, `.5`, `1e`, `-`, `+1`, `tru`, `nul`, `[1,]`, `{"a":1,}`,
		`{"a" 1}`, `[1 2]`, `"a` + "\x01" + `"`, "\"\xff\"", `"\ud800"` + "x", `{} {}`, `"\x"`, `[`, `{`,
		strings.Repeat("[", maxNesting+2) + strings.Repeat("]", maxNesting+2), "\xef\xbb\xbf{}",
	} {
		if _, ok := parseJSONFast([]byte(s)); ok {
			t.Errorf("%q: the fast parser took it on", s)
		}
	}
	dup := `{`
	for i := 0; i < 40; i++ {
		dup += `"k` + strings.Repeat("x", i) + `":1,`
	}
	if _, ok := parseJSONFast([]byte(dup + `"kxxx":2}`)); ok {
		t.Error("a duplicate key in a large object went unnoticed")
	}
}

func FuzzParseJSONFast(f *testing.F) {
	for _, s := range []string{`{"a":[1,2,{"b":null}]}`, `"\u0041\n"`, `[-0.5e3,true]`, `{"a":1,"a":2}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		sameAsTokens(t, "fuzz", data)
	})
}
