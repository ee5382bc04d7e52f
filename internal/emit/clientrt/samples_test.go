package clientrt

import (
	"bytes"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"testing"
)

// kratosSamplesDir holds responses recorded from a real Kratos server. It
// lies outside the repository; tests that need it skip without it, and the
// fuzz targets fall back to their literal seeds.
const kratosSamplesDir = "../../../../shared/kratos/samples"

type sample struct {
	name string
	data []byte
}

// kratosSamples returns the JSON samples, sorted by name, or nothing when
// the directory is missing.
func kratosSamples(tb testing.TB) []sample {
	tb.Helper()
	paths, err := filepath.Glob(filepath.Join(kratosSamplesDir, "*.json"))
	if err != nil {
		tb.Fatal(err)
	}
	sort.Strings(paths)
	var out []sample
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			tb.Fatal(err)
		}
		out = append(out, sample{name: filepath.Base(p), data: data})
	}
	return out
}

// eachObject calls fn for every JSON object in data, the outermost one
// included, with its raw bytes and its keys in the order they appear.
func eachObject(data []byte, fn func(obj []byte, keys []string)) {
	data = bytes.TrimSpace(data)
	if len(data) == 0 {
		return
	}
	switch data[0] {
	case '{':
		dec := json.NewDecoder(bytes.NewReader(data))
		if _, err := dec.Token(); err != nil {
			return
		}
		var keys []string
		var values []json.RawMessage
		for dec.More() {
			tok, err := dec.Token()
			if err != nil {
				return
			}
			var v json.RawMessage
			if err := dec.Decode(&v); err != nil {
				return
			}
			keys = append(keys, tok.(string))
			values = append(values, v)
		}
		fn(data, keys)
		for _, v := range values {
			eachObject(v, fn)
		}
	case '[':
		var elems []json.RawMessage
		if json.Unmarshal(data, &elems) != nil {
			return
		}
		for _, e := range elems {
			eachObject(e, fn)
		}
	}
}

// eachValue calls fn for every JSON value in data, data included.
func eachValue(data []byte, fn func(v []byte)) {
	data = bytes.TrimSpace(data)
	fn(data)
	if len(data) == 0 {
		return
	}
	switch data[0] {
	case '{':
		var m map[string]json.RawMessage
		if json.Unmarshal(data, &m) != nil {
			return
		}
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			eachValue(m[k], fn)
		}
	case '[':
		var elems []json.RawMessage
		if json.Unmarshal(data, &elems) != nil {
			return
		}
		for _, e := range elems {
			eachValue(e, fn)
		}
	}
}
