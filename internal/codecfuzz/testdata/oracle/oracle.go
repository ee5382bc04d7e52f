// Package oracle is the shared half of codecfuzz's harness: it is copied
// into the temporary module next to the generated packages, and every
// spec's harness_test.go calls Fuzz with its table of type pairs. One
// package, so it is compiled once for all specs.
package oracle

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"
)

// Pair is one generated type: a constructor in the package with codecs
// and one in the package where encoding/json's reflection does the work.
type Pair struct {
	Name        string
	Codec, Refl func() any
	// Disc is the discriminator property of a tagged union; IntDisc says
	// its values are integers.
	Disc    string
	IntDisc bool
	// Variants are a union's variants, for the seeds.
	Variants []Variant
}

// Variant is a union variant: the discriminator values selecting it, and
// a constructor of its reflection-package type.
type Variant struct {
	Tags []string
	Refl func() any
}

// Fuzz adds the seeds and runs the check on every input. samples is a
// folder of JSON documents to seed with ("" for none).
func Fuzz(f *testing.F, pairs []Pair, samples string) {
	start := time.Now()
	n := seeds(f, pairs, samples)
	f.Logf("%d pairs, %d seeds, made in %s", len(pairs), n, time.Since(start).Round(time.Millisecond))
	f.Fuzz(func(t *testing.T, which uint16, data []byte) {
		Check(t, pairs[int(which)%len(pairs)], data)
	})
}

// Check decodes data into both types and compares the decisions, the
// values and the encodings.
func Check(t *testing.T, p Pair, data []byte) {
	t.Helper()
	r := p.Refl()
	errR := protect(func() error { return json.Unmarshal(data, r) })
	if pe, ok := errR.(panicked); ok {
		// The old package panicking is the oracle's own bug: nothing to
		// compare with. (None is known; this keeps a new one visible.)
		t.Skipf("%s: the reflection package panics on %q: %v", p.Name, data, pe.v)
	}
	c1 := p.Codec()
	errC1 := protect(func() error { return json.Unmarshal(data, c1) })
	c2 := p.Codec()
	// A type without a decoder (no response reaches it) decodes by
	// reflection: json.Unmarshal is then its only way.
	errC2 := protect(func() error {
		if u, ok := c2.(json.Unmarshaler); ok {
			return u.UnmarshalJSON(data)
		}
		return json.Unmarshal(data, c2)
	})
	for _, e := range []error{errC1, errC2} {
		if pe, ok := e.(panicked); ok {
			t.Fatalf("%s: the codec panics on %q: %v\n%s", p.Name, data, pe.v, pe.stack)
		}
	}
	if (errR == nil) != (errC1 == nil) || (errR == nil) != (errC2 == nil) {
		t.Fatalf("%s: decisions differ on %q:\n  reflection:       %v\n  codec Unmarshal:  %v\n  codec direct:     %v", p.Name, data, errR, errC1, errC2)
	}
	// The direct call fails with encoding/json's kind of error: a syntax
	// error for an invalid document, whatever the codec met first.
	var seR, seC *json.SyntaxError
	if errR != nil && errors.As(errR, &seR) != errors.As(errC2, &seC) {
		t.Fatalf("%s: on %q the errors are of different kinds:\n  reflection:    %#v\n  codec direct:  %#v", p.Name, data, errR, errC2)
	}
	if errR != nil {
		return
	}
	if d := Diff(r, c1); d != "" {
		t.Fatalf("%s: json.Unmarshal of %q decodes differently: %s", p.Name, data, d)
	}
	if d := Diff(r, c2); d != "" {
		t.Fatalf("%s: UnmarshalJSON of %q decodes differently: %s", p.Name, data, d)
	}

	bR, eR := json.Marshal(r)
	bC, eC := json.Marshal(c1)
	bM, eM := bC, eC // a type without an encoder (no request reaches it)
	if m, ok := c1.(json.Marshaler); ok {
		bM, eM = m.MarshalJSON()
	}
	// json.Marshal of the value, not a pointer: a struct's MarshalJSON
	// has a pointer receiver, so this one goes by reflection (unions and
	// structs with undeclared properties keep value receivers).
	bV, eV := json.Marshal(reflect.ValueOf(c1).Elem().Interface())
	if (eR == nil) != (eC == nil) || (eR == nil) != (eM == nil) || (eR == nil) != (eV == nil) {
		t.Fatalf("%s: after decoding %q, encoding errors differ:\n  reflection:    %v\n  codec Marshal: %v\n  MarshalJSON:   %v\n  Marshal value: %v", p.Name, data, eR, eC, eM, eV)
	}
	if eR != nil {
		return
	}
	// The codec writes back the members a struct does not declare, which
	// reflection drops: what it writes is reflection's encoding once
	// reflection has dropped them again.
	declared := func(b []byte) []byte {
		r := p.Refl()
		if json.Unmarshal(b, r) != nil {
			return nil
		}
		out, _ := json.Marshal(r)
		return out
	}
	same := func(b []byte) bool { return bytes.Equal(bR, b) || bytes.Equal(declared(bR), declared(b)) }
	if !same(bC) || !same(bM) || !same(bV) {
		t.Fatalf("%s: after decoding %q, encodings differ:\n  reflection:    %s\n  codec Marshal: %s\n  MarshalJSON:   %s\n  Marshal value: %s", p.Name, data, bR, bC, bM, bV)
	}

	// What the codec wrote decodes again, to the same value both ways.
	// Where the reflection package cannot decode its own encoding either
	// (an undeclared property whose key folds to a declared one goes to
	// both, and its value may not fit the field), the decisions must
	// agree.
	r2, c3 := p.Refl(), p.Codec()
	errR = json.Unmarshal(bR, r2)
	errC := json.Unmarshal(bC, c3)
	if errC != nil && errR == nil {
		t.Fatalf("%s: decoding %q encodes as %s, which the codec does not decode: %v", p.Name, data, bC, errC)
	}
	if errR != nil && errC == nil {
		t.Fatalf("%s: decoding %q encodes as %s, which only the codec decodes (reflection: %v)", p.Name, data, bC, errR)
	}
	if errR == nil {
		if d := Diff(r2, c3); d != "" {
			t.Fatalf("%s: re-decoding %s (from %q) decodes differently: %s", p.Name, bC, data, d)
		}
	}
	// Nothing is lost: what the codec wrote, read and written again,
	// comes out unchanged, unknown members included (from the second
	// round: a key that folds to a declared one, kept among additional
	// properties too, sets the field from the first).
	if errC == nil {
		b1, err1 := json.Marshal(c3)
		c4 := p.Codec()
		err2 := json.Unmarshal(b1, c4)
		b2, err3 := json.Marshal(c4)
		if err1 != nil || err2 != nil || err3 != nil || !bytes.Equal(b1, b2) {
			t.Fatalf("%s: %s (from %q) re-encodes as %s, then %s (%v, %v, %v)", p.Name, bC, data, b1, b2, err1, err2, err3)
		}
	}
}

type panicked struct {
	v     any
	stack string
}

func (p panicked) Error() string { return fmt.Sprint("panic: ", p.v) }

func protect(f func() error) (err error) {
	defer func() {
		if v := recover(); v != nil {
			buf := make([]byte, 8<<10)
			err = panicked{v, string(buf[:runtime.Stack(buf, false)])}
		}
	}()
	return f()
}

// Diff compares two values of same-shaped types from different packages:
// "" when equal, else where they differ.
func Diff(a, b any) string {
	va, vb := reflect.ValueOf(a), reflect.ValueOf(b)
	c := comparer{pkgA: pkgOf(va.Type()), pkgB: pkgOf(vb.Type()), same: map[[2]reflect.Type]bool{}}
	if d := c.diff(va, vb, 0); d != nil {
		return "$" + d.String()
	}
	return ""
}

// difference is where two values differ: the path to the place, built
// on the way back (only for a failure), and what differs there.
type difference struct {
	path []string // innermost first
	what string
}

func (d *difference) String() string {
	var b strings.Builder
	for i := len(d.path) - 1; i >= 0; i-- {
		b.WriteString(d.path[i])
	}
	return b.String() + ": " + d.what
}

func (d *difference) at(step string) *difference {
	d.path = append(d.path, step)
	return d
}

func differ(format string, args ...any) *difference {
	return &difference{what: fmt.Sprintf(format, args...)}
}

type comparer struct {
	pkgA, pkgB string
	same       map[[2]reflect.Type]bool // type pairs with the same name
}

func pkgOf(t reflect.Type) string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return t.PkgPath()
}

// typeName is a type's name without its package, so that the same
// generated type in both packages has the same name.
func (c *comparer) typeName(t reflect.Type) string {
	s := t.String()
	for _, p := range []string{c.pkgA, c.pkgB} {
		s = strings.ReplaceAll(s, p+".", "")
		s = strings.ReplaceAll(s, p[strings.LastIndex(p, "/")+1:]+".", "")
	}
	return s
}

func (c *comparer) sameType(a, b reflect.Type) bool {
	k := [2]reflect.Type{a, b}
	same, ok := c.same[k]
	if !ok {
		same = c.typeName(a) == c.typeName(b)
		c.same[k] = same
	}
	return same
}

func (c *comparer) diff(a, b reflect.Value, depth int) *difference {
	if depth > 200 {
		return nil
	}
	if a.Kind() != b.Kind() {
		return differ("kind %s vs %s", a.Kind(), b.Kind())
	}
	if !c.sameType(a.Type(), b.Type()) {
		return differ("type %s vs %s", c.typeName(a.Type()), c.typeName(b.Type()))
	}
	switch a.Kind() {
	case reflect.Struct:
		ta, oka := timeOf(a)
		tb, okb := timeOf(b)
		if oka && okb {
			if !ta.Equal(tb) || ta.Location().String() != tb.Location().String() || ta.String() != tb.String() {
				return differ("time %v vs %v", ta, tb)
			}
			return nil
		}
		// Not a time, or not readable as one: walk the fields.
		for i := range a.NumField() {
			if d := c.diff(a.Field(i), b.Field(i), depth+1); d != nil {
				return d.at("." + a.Type().Field(i).Name)
			}
		}
	case reflect.Pointer, reflect.Interface:
		if a.IsNil() != b.IsNil() {
			return differ("nil %v vs %v", a.IsNil(), b.IsNil())
		}
		if a.IsNil() {
			return nil
		}
		return c.diff(a.Elem(), b.Elem(), depth+1)
	case reflect.Slice:
		if a.IsNil() != b.IsNil() {
			return differ("nil slice %v vs %v (len %d, %d)", a.IsNil(), b.IsNil(), a.Len(), b.Len())
		}
		fallthrough
	case reflect.Array:
		if a.Len() != b.Len() {
			return differ("len %d vs %d", a.Len(), b.Len())
		}
		if a.Type().Elem().Kind() == reflect.Uint8 && a.Kind() == reflect.Slice {
			if !bytes.Equal(a.Bytes(), b.Bytes()) {
				return differ("%q vs %q", a.Bytes(), b.Bytes())
			}
			return nil
		}
		for i := range a.Len() {
			if d := c.diff(a.Index(i), b.Index(i), depth+1); d != nil {
				return d.at(fmt.Sprintf("[%d]", i))
			}
		}
	case reflect.Map:
		if a.IsNil() != b.IsNil() {
			return differ("nil map %v vs %v", a.IsNil(), b.IsNil())
		}
		if a.Len() != b.Len() {
			return differ("%d entries vs %d", a.Len(), b.Len())
		}
		if a.Type().Key().Kind() != reflect.String {
			return differ("map key %s not compared", a.Type().Key())
		}
		keys := a.MapKeys()
		sort.Slice(keys, func(i, j int) bool { return keys[i].String() < keys[j].String() })
		for _, k := range keys {
			kb := reflect.New(b.Type().Key()).Elem()
			kb.SetString(k.String())
			vb := b.MapIndex(kb)
			if !vb.IsValid() {
				return differ("key %q missing", k.String())
			}
			if d := c.diff(a.MapIndex(k), vb, depth+1); d != nil {
				return d.at(fmt.Sprintf("[%q]", k.String()))
			}
		}
	case reflect.String:
		if a.String() != b.String() {
			return differ("%q vs %q", a.String(), b.String())
		}
	case reflect.Bool:
		if a.Bool() != b.Bool() {
			return differ("%v vs %v", a.Bool(), b.Bool())
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		if a.Int() != b.Int() {
			return differ("%d vs %d", a.Int(), b.Int())
		}
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		if a.Uint() != b.Uint() {
			return differ("%d vs %d", a.Uint(), b.Uint())
		}
	case reflect.Float32, reflect.Float64:
		if math.Float64bits(a.Float()) != math.Float64bits(b.Float()) {
			return differ("%v vs %v", a.Float(), b.Float())
		}
	default:
		return differ("kind %s not compared", a.Kind())
	}
	return nil
}

// timeOf reads a time.Time, also one reached through unexported fields
// (which reflect lets be read, but not as an interface): through its
// address, when it has one.
func timeOf(v reflect.Value) (time.Time, bool) {
	switch {
	case v.Type() != reflect.TypeFor[time.Time]():
		return time.Time{}, false
	case v.CanInterface():
		return v.Interface().(time.Time), true
	case v.CanAddr():
		return *(*time.Time)(v.Addr().UnsafePointer()), true
	}
	return time.Time{}, false
}

// seeds adds, for every pair, the sample documents its reflection type
// accepts, documents built from its type, and hostile inputs.
func seeds(f *testing.F, pairs []Pair, samples string) int {
	count := 0
	byType := map[reflect.Type]*Pair{}
	for i := range pairs {
		byType[reflect.TypeOf(pairs[i].Refl()).Elem()] = &pairs[i]
	}
	var docs, subs [][]byte
	if samples != "" {
		files, err := filepath.Glob(filepath.Join(samples, "*.json"))
		if err != nil || len(files) == 0 {
			f.Fatalf("no samples in %s: %v", samples, err)
		}
		seen := map[string]bool{}
		for _, file := range files {
			data, err := os.ReadFile(file)
			if err != nil {
				f.Fatal(err)
			}
			docs = append(docs, data)
			for _, s := range subValues(data) {
				if !seen[string(s)] {
					seen[string(s)] = true
					subs = append(subs, s)
				}
			}
		}
	}
	docKeys, subKeys := keysOf(docs), keysOf(subs)
	tried := map[string]bool{} // field types given every hostile value
	for i, p := range pairs {
		which := uint16(i)
		add := func(data []byte) { f.Add(which, data); count++ }
		accepts := func(data []byte) bool { return json.Unmarshal(data, p.Refl()) == nil }
		t := reflect.TypeOf(p.Refl()).Elem()
		fields := jsonFields(t)
		names := map[string]bool{p.Disc: p.Disc != ""}
		for _, fl := range fields {
			names[fl.name] = true
		}
		// The sample documents: those with a property of the type at the
		// top (another decodes to nothing, and there are too many pairs
		// to try each document on each).
		for i, d := range docs {
			if (len(fields) == 0 || keysMatching(docKeys[i], names) > 0) && accepts(d) {
				add(d)
			}
		}
		// The sample values that look most like this type: the most of
		// its property names among their keys.
		type scored struct {
			score int
			data  []byte
		}
		var best []scored
		for i, s := range subs {
			if n := keysMatching(subKeys[i], names); n > 0 && accepts(s) {
				best = append(best, scored{n, s})
			}
		}
		sort.SliceStable(best, func(i, j int) bool { return best[i].score > best[j].score })
		for _, b := range best[:min(4, len(best))] {
			add(b.data)
		}
		for _, mode := range []fillMode{plain, hostile, nulls, empties} {
			g := gen{byType: byType, mode: mode}
			var made [][]byte
			made = append(made, g.value(t, 0))
			for _, v := range p.Variants {
				vt := reflect.TypeOf(v.Refl()).Elem()
				for _, tag := range v.Tags {
					made = append(made, g.variant(vt, p.Disc, tag, p.IntDisc))
				}
				if len(v.Tags) == 0 {
					made = append(made, g.value(vt, 0))
				}
			}
			for _, m := range made {
				add(m)
				if mode == plain {
					// With space between the tokens, which raw JSON
					// kept keeps and encoding compacts.
					var b bytes.Buffer
					if json.Indent(&b, m, " ", "\t") == nil {
						add(b.Bytes())
					}
				}
			}
		}
		if p.Disc != "" && len(p.Variants) > 0 {
			g := gen{byType: byType, mode: plain}
			vt := reflect.TypeOf(p.Variants[0].Refl()).Elem()
			others := []string{"no such variant", `\u0000`}
			if p.IntDisc {
				others = []string{"999", "-0", "1.0", "1e1", "9223372036854775808", `"1"`}
			}
			for _, tag := range others {
				add(g.variant(vt, p.Disc, tag, p.IntDisc))
			}
			disc, tag := jsonString(p.Disc), jsonString(p.Variants[0].Tags[0])
			if p.IntDisc {
				tag = p.Variants[0].Tags[0]
			}
			for _, s := range []string{`{` + disc + `:1}`, `{` + disc + `:null}`, `{` + disc + `:{}}`, `{"a":1}`, `{` + disc + `:` + tag + `,` + disc + `:"zz"}`, `{` + disc + `:"zz",` + disc + `:` + tag + `}`, `{` + disc + `:` + tag + `,` + disc + `:` + tag + `}`} {
				add([]byte(s))
			}
		}
		for _, s := range hostileDocs {
			add(s)
		}
		if i < 8 || len(fields) == 0 {
			// Deep values under a member and an element: a few types
			// suffice, the scanner is the same.
			for _, s := range deepDocs {
				add(s)
			}
		}
		for i, fl := range fields {
			name, k := fl.name, jsonString(fl.name)
			// Every hostile value and every duplicate and case-folded
			// key goes to the first field of each Go type; the codec
			// code is the same for the others, which get a few.
			first := !tried[fl.typ]
			tried[fl.typ] = true
			values, dups := fewValues, []string{`{` + k + `:1,` + k + `:2}`, `{` + k + `:{"a":1},` + k + `:{"b":2}}`}
			if first {
				values = hostileValues
				dups = append(dups,
					`{`+k+`:"a",`+k+`:"b"}`,
					`{`+k+`:[1,2],`+k+`:[3]}`,
					`{`+k+`:[],`+k+`:null}`,
					`{`+k+`:null,`+k+`:{}}`,
				)
			}
			for _, v := range values {
				add([]byte(`{` + k + `:` + v + `}`))
			}
			for _, s := range dups {
				add([]byte(s))
			}
			alts := caseVariants(name)
			if !first {
				alts = alts[:min(1, len(alts))]
			}
			for _, alt := range alts {
				ka := jsonString(alt)
				for _, s := range []string{
					`{` + ka + `:"x"}`, `{` + ka + `:1}`, `{` + ka + `:{}}`, `{` + ka + `:[]}`, `{` + ka + `:null}`,
					`{` + k + `:"x",` + ka + `:"y"}`, `{` + ka + `:"y",` + k + `:"x"}`,
					`{` + k + `:1,` + ka + `:2}`, `{` + ka + `:{"a":1},` + k + `:{"b":2}}`,
				} {
					add([]byte(s))
				}
			}
			if first && i == 0 {
				add([]byte(`{` + k + `:` + nest(9998) + `}`))
				add([]byte(`{` + k + `:` + nest(9999) + `}`))
				add([]byte(`{` + k + `:` + nestObj(9998) + `}`))
				add([]byte(`{` + k + `:` + nestObj(9999) + `}`))
			}
		}
	}
	return count
}

// caseVariants are keys that equal name only case-insensitively.
func caseVariants(name string) []string {
	var out []string
	seen := map[string]bool{name: true}
	for _, s := range []string{
		strings.ToUpper(name),
		strings.ToUpper(name[:1]) + name[1:],
		strings.ReplaceAll(strings.ReplaceAll(name, "s", "ſ"), "k", "\u212a"), // long s and Kelvin sign fold to s and k
		strings.ReplaceAll(strings.ToUpper(name), "S", "ſ"),
		name + "\u0130", // İ: no simple fold to i
	} {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

func nest(n int) string    { return strings.Repeat("[", n) + strings.Repeat("]", n) }
func nestObj(n int) string { return strings.Repeat(`{"a":`, n) + "1" + strings.Repeat("}", n) }

// hostileDocs are whole inputs tried on every type.
var hostileDocs = func() [][]byte {
	var out [][]byte
	for _, s := range []string{
		`null`, ` null `, `{}`, `[]`, `""`, `0`, `true`, `false`, `"x"`, `1.5`, `-0`, `1e400`, `9007199254740993`,
		`{"a":1,"a":2}`, `{"a":{"x":1},"a":{"y":2}}`, `{} x`, `{}}`, `{},`, " \t\r\n{}\r\n\t ", `{`, `[`, `{"a"}`,
		`{"a":1,}`, `[1,]`, `{"a":"\ud800"}`, "{\"a\":\"\xff\"}", "\xef\xbb\xbf{}", `{"\ud800":1}`, "{\"\xff\":1}",
		`nul`, `{"a":nul}`, `{"a":tru}`, `{"a":01}`, `{"a":1.}`, `{"a":1e}`, `{"a":-}`, `{"a":.5}`, `{"a":+1}`,
		`{"a":"\u00"}`, `{"a":"\x"}`, "{\"a\":\"\x01\"}", `{"a":"\u0000"}`, `[null]`, `[{}]`, `"\ud83d\ude00"`,
		nest(10000), nest(10001), nestObj(10000), nestObj(10001),
	} {
		out = append(out, []byte(s))
	}
	return out
}()

// fewValues are tried as the value of the other properties.
var fewValues = []string{`null`, `{}`, `"x"`, `1`, `9007199254740993`, `1e400`, `"\ud800"`, `[]`}

var deepDocs = [][]byte{
	[]byte(`{"a":` + nest(9999) + `}`), []byte(`{"a":` + nest(10000) + `}`),
	[]byte(`[` + nestObj(9999) + `]`), []byte(`[` + nestObj(10000) + `]`),
}

// hostileValues are tried as the value of every property.
var hostileValues = []string{
	`null`, `{}`, `[]`, `""`, `"x"`, `true`, `false`, `0`, `-0`, `-0.0`, `1`, `-1`, `1.5`, `1e2`, `1E+2`, `1e-400`, `1e400`, `-1e400`,
	`9007199254740993`, `-9007199254740993`, `9223372036854775807`, `9223372036854775808`, `-9223372036854775808`, `-9223372036854775809`,
	`18446744073709551616`, `2147483648`, `-2147483649`, `0.1`, `1.7976931348623157e308`, `5e-324`, `123456789012345678901234567890`,
	`"\ud800"`, `"\udc00\ud800"`, `"\ud800\u0041"`, `"\ud83d\ude00"`, `"\ud83dx"`, `"\u0000"`, `"<>&\u2028\u2029"`, "\"\u2028\"",
	`"\"\\\/\b\f\n\r\t"`, "\"\xff\"", "\"\xc3\x28\"", "\"\xed\xa0\x80\"", "\"\xf4\x90\x80\x80\"", `"AQID"`, `"AQI="`, `"AQI"`, `"!!"`,
	`"2024-01-02T03:04:05Z"`, `"2024-01-02T03:04:05.123456789+01:00"`, `"2024-01-02T03:04:05-00:00"`, `"2024-13-02T03:04:05Z"`, `"2024-01-02"`, `"2024-01-02T03:04:05+24:00"`,
	`[null]`, `[1,2,3]`, `["a","b"]`, `[{}]`, `[[]]`, `[1,"a",{},null]`, `{"a":null}`, `{"a":1,"a":2}`, `{"a":{"b":1},"a":{"c":2}}`,
	`{"":1}`, `[256]`, `[-1]`, `[1.5]`, ` 1 `,
}

func jsonString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

type field struct{ name, typ string }

// jsonFields are the JSON property names of a struct type's fields, with
// their Go types.
func jsonFields(t reflect.Type) []field {
	if t.Kind() != reflect.Struct {
		return nil
	}
	var out []field
	for i := range t.NumField() {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		if !f.IsExported() || tag == "-" {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		if name == "" {
			name = f.Name
		}
		out = append(out, field{name, f.Type.String() + "," + opts})
	}
	return out
}

// subValues are the objects and arrays in a document, with their bytes as
// they came.
func subValues(data []byte) [][]byte {
	var out [][]byte
	var walk func(raw json.RawMessage, depth int)
	walk = func(raw json.RawMessage, depth int) {
		raw = bytes.TrimSpace(raw)
		if depth > 64 || len(raw) == 0 {
			return
		}
		switch raw[0] {
		case '{':
			out = append(out, raw)
			var m map[string]json.RawMessage
			if json.Unmarshal(raw, &m) == nil {
				keys := make([]string, 0, len(m))
				for k := range m {
					keys = append(keys, k)
				}
				slices.Sort(keys)
				for _, k := range keys {
					walk(m[k], depth+1)
				}
			}
		case '[':
			out = append(out, raw)
			var a []json.RawMessage
			if json.Unmarshal(raw, &a) == nil {
				for _, x := range a {
					walk(x, depth+1)
				}
			}
		}
	}
	walk(data, 0)
	return out
}

// keysOf are the keys of each object among values (nil for the others).
func keysOf(values [][]byte) []map[string]json.RawMessage {
	out := make([]map[string]json.RawMessage, len(values))
	for i, v := range values {
		json.Unmarshal(v, &out[i]) //nolint:errcheck // nil for a non-object
	}
	return out
}

// keysMatching counts the keys of an object that are names.
func keysMatching(keys map[string]json.RawMessage, names map[string]bool) int {
	n := 0
	for k := range keys {
		if names[k] {
			n++
		}
	}
	return n
}

type fillMode int

const (
	plain   fillMode = iota // ordinary values everywhere
	hostile                 // escapes, invalid UTF-8, big numbers
	nulls                   // null for every property
	empties                 // empty objects and arrays
)

// gen writes a JSON document shaped like a Go type.
type gen struct {
	byType map[reflect.Type]*Pair
	mode   fillMode
}

// variant is a document of the variant type t with the discriminator
// disc set to tag, a number if intDisc.
func (g gen) variant(t reflect.Type, disc, tag string, intDisc bool) []byte {
	body := g.value(t, 1)
	k := jsonString(disc) + ":" + jsonString(tag)
	if intDisc {
		k = jsonString(disc) + ":" + tag
	} else if strings.HasPrefix(tag, `\u`) {
		k = jsonString(disc) + `:"` + tag + `"`
	}
	if len(body) > 1 && body[0] == '{' {
		if string(body) == "{}" {
			return []byte("{" + k + "}")
		}
		return []byte("{" + k + "," + string(body[1:]))
	}
	return []byte("{" + k + "}")
}

func (g gen) value(t reflect.Type, depth int) []byte {
	var b bytes.Buffer
	g.write(&b, t, depth)
	return b.Bytes()
}

func (g gen) write(b *bytes.Buffer, t reflect.Type, depth int) {
	if depth > 5 {
		b.WriteString("null")
		return
	}
	if g.mode == nulls && depth > 0 {
		b.WriteString("null")
		return
	}
	switch t {
	case reflect.TypeFor[time.Time]():
		if g.mode == hostile {
			b.WriteString(`"2024-02-29T23:59:60.999999999-23:59"`)
		} else {
			b.WriteString(`"2024-01-02T03:04:05.5Z"`)
		}
		return
	case reflect.TypeFor[json.RawMessage]():
		if g.mode == hostile {
			b.WriteString(` { "a" : [ 1 , "<\u2028>" , 9007199254740993 , 1e400 ] } `)
		} else {
			b.WriteString(`{"raw":[1,"x",null]}`)
		}
		return
	}
	if p := g.byType[t]; p != nil && len(p.Variants) > 0 && depth > 0 {
		v := p.Variants[0]
		vt := reflect.TypeOf(v.Refl()).Elem()
		if p.Disc != "" {
			b.Write(g.variant(vt, p.Disc, v.Tags[0], p.IntDisc))
		} else {
			g.write(b, vt, depth+1)
		}
		return
	}
	switch t.Kind() {
	case reflect.Pointer:
		g.write(b, t.Elem(), depth)
	case reflect.Struct:
		if strings.HasPrefix(t.Name(), "Nullable[") {
			f, _ := t.FieldByName("value")
			g.write(b, f.Type, depth)
			return
		}
		b.WriteByte('{')
		if g.mode != empties || depth == 0 {
			first := true
			for i := range t.NumField() {
				f := t.Field(i)
				tag := f.Tag.Get("json")
				if !f.IsExported() || tag == "-" {
					continue
				}
				name, _, _ := strings.Cut(tag, ",")
				if name == "" {
					// The map of additional properties: one of them.
					if f.Type.Kind() == reflect.Map {
						name = "extra_property"
						if !first {
							b.WriteByte(',')
						}
						first = false
						b.WriteString(jsonString(name) + ":")
						g.write(b, f.Type.Elem(), depth+1)
					}
					continue
				}
				if !first {
					b.WriteByte(',')
				}
				first = false
				b.WriteString(jsonString(name) + ":")
				g.write(b, f.Type, depth+1)
			}
		}
		b.WriteByte('}')
	case reflect.Slice:
		if t.Elem().Kind() == reflect.Uint8 {
			b.WriteString(`"AQID"`)
			return
		}
		b.WriteByte('[')
		if g.mode != empties {
			g.write(b, t.Elem(), depth+1)
		}
		b.WriteByte(']')
	case reflect.Map:
		b.WriteByte('{')
		if g.mode != empties {
			b.WriteString(`"k<&>":`)
			g.write(b, t.Elem(), depth+1)
		}
		b.WriteByte('}')
	case reflect.String:
		if g.mode == hostile {
			b.WriteString("\"\\ud800 \xff <&> \\u2028 \\ud83d\\ude00 \\\"\\\\\\/\\b\\f\\n\\r\\t\"")
		} else {
			b.WriteString(`"s"`)
		}
	case reflect.Bool:
		b.WriteString("true")
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		if g.mode == hostile && t.Size() == 8 {
			b.WriteString("9007199254740993")
		} else if g.mode == hostile {
			b.WriteString("-2147483648")
		} else {
			b.WriteString("42")
		}
	case reflect.Float32, reflect.Float64:
		if g.mode == hostile {
			b.WriteString("9007199254740993.5e-3")
		} else {
			b.WriteString("1.5")
		}
	case reflect.Interface:
		b.WriteString(`{"any":[1,"x",true,null,{"n":1e300}]}`)
	default:
		b.WriteString("null")
	}
}
