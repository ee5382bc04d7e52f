package main

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// The hostile-names property test (issue 13): specs generated from fixed
// seeds, full of names from the classes below in every position a name
// can take (schemas, properties, path/query/header/cookie parameters,
// operationIds, tags, enum values, discriminator values, union variants).
// For each: exit 0 ⇒ the package builds and vets (all packages are built
// in one module); exit ≠ 0 ⇒ a located "orygen: error: " line, no panic.
//
//	go test ./cmd/orygen -run TestHostileNames -v
//	ORYGEN_HOSTILE_SPECS=500 go test ./cmd/orygen -run TestHostileNames   # more seeds
//	ORYGEN_HOSTILE_SEEDS=7,19 go test ./cmd/orygen -run TestHostileNames -v  # these seeds; logs their specs
//
// Each seed makes the same spec on every run and machine (math/rand/v2's
// PCG with fixed seeds, and no map iteration on the way).

var hostileNameClasses = []struct {
	class string
	names []string
}{
	{"keyword", []string{"break", "case", "chan", "const", "continue", "default", "defer", "else", "fallthrough",
		"for", "func", "go", "goto", "if", "import", "interface", "map", "package", "range", "return", "select",
		"struct", "switch", "type", "var"}},
	{"predeclared", []string{"string", "error", "len", "nil", "true", "false", "any", "iota", "int", "bool",
		"byte", "rune", "cap", "make", "new", "append", "copy", "delete", "panic", "recover", "print", "close",
		"clear", "min", "max", "complex", "uintptr", "comparable", "float64", "int64"}},
	{"import", []string{"json", "http", "context", "fmt", "strings", "url", "time", "io", "iter", "strconv",
		"bytes", "errors", "bufio", "mime", "multipart"}},
	{"runtime", []string{"transport", "call", "newCall", "buildRequest", "pathEscape", "jsonParam",
		"parseResponse", "withResponse", "asErrorResponse", "errEmptyPathParam", "multipartWriter", "pages",
		"authenticate", "config", "credential", "newTransport", "marshalVariant", "isJSONNull", "hasKey",
		"baseURL", "request", "APIError", "ErrorResponse", "Nullable", "RequestOption", "DecodeError",
		"TransportError", "ServerSentEvent", "Client", "NewClient", "Option", "HTTPDoer", "Middleware",
		"RetryPolicy", "NextPageToken", "WithHTTPClient", "WithRetry", "WithResponse", "NewNullable"}},
	{"local", []string{"ctx", "opts", "body", "params", "c", "resp", "err", "out", "p", "token", "s", "x",
		"parts", "n", "v", "next", "items", "e", "data", "status", "zero", "mw", "t", "res", "req", "r"}},
	{"method", []string{"MarshalJSON", "UnmarshalJSON", "String", "IsKnown", "Value", "AdditionalProperties",
		"Raw", "Discriminator", "IsSet", "IsNull", "Get", "Error", "Unwrap"}},
	{"unicode", []string{"Über", "日本", "ñandú", "Ωmega", "ǅemal", "straße", "café", "naïve"}},
	{"digits", []string{"1st", "2fa", "3d", "404", "7", "0x10", "1_000"}},
	{"punct", []string{"$$$", "_", "__", "-", "x-", "-x", "a.b", "a b", "@type", "$ref"}},
}

// casingVariants of a base make names that collide after casing.
func casingVariant(r *rand.Rand, base []string) string {
	switch r.IntN(6) {
	case 0:
		return strings.Join(base, "_")
	case 1:
		return strings.Join(base, "-")
	case 2:
		return strings.ToUpper(strings.Join(base, "_"))
	case 3:
		return strings.Join(base, " ")
	}
	var b strings.Builder
	for i, w := range base {
		if i > 0 || r.IntN(2) == 0 {
			w = strings.ToUpper(w[:1]) + w[1:]
		}
		b.WriteString(w)
	}
	return b.String()
}

var casingBases = [][]string{{"foo", "bar"}, {"http", "client"}, {"new", "call"}, {"build", "request"}, {"api", "error"}, {"path", "escape"}}

// hostileName picks a name and its class; ascii restricts to names that
// can be header or cookie names.
func hostileName(r *rand.Rand, ascii bool) (string, string) {
	for {
		var name, class string
		switch k := r.IntN(len(hostileNameClasses) + 2); {
		case k < len(hostileNameClasses):
			c := hostileNameClasses[k]
			name, class = c.names[r.IntN(len(c.names))], c.class
		case k == len(hostileNameClasses):
			name, class = casingVariant(r, casingBases[r.IntN(len(casingBases))]), "casing"
		default:
			name, class = strings.Repeat("long_name_", 20+r.IntN(10)), "long"
		}
		if ascii && (class == "unicode" || strings.ContainsAny(name, " $@.")) {
			continue
		}
		return name, class
	}
}

// nameSet hands out distinct names (distinct as written: collisions after
// cleaning are the point).
type nameSet struct {
	r     *rand.Rand
	used  map[string]bool
	notes *[]string
}

func (s nameSet) pick(where string, ascii bool) string {
	for {
		n, class := hostileName(s.r, ascii)
		if !s.used[n] {
			s.used[n] = true
			*s.notes = append(*s.notes, fmt.Sprintf("%s %q (%s)", where, shortName(n), class))
			return n
		}
	}
}

func shortName(n string) string {
	if len(n) > 24 {
		return n[:12] + "…" + strconv.Itoa(len(n))
	}
	return n
}

func schemaRef(name string) map[string]any {
	return map[string]any{"$ref": "#/components/schemas/" + strings.NewReplacer("~", "~0", "/", "~1").Replace(name)}
}

// hostileSpec makes the spec of one seed and a summary of its names.
func hostileSpec(seed uint64) (map[string]any, []string) {
	r := rand.New(rand.NewPCG(seed, 0x6f727967656e))
	var notes []string
	schemaNames := nameSet{r, map[string]bool{}, &notes}
	schemas := map[string]any{}
	var order []string // schema names in creation order, to pick refs deterministically
	// Objects with hostile property names.
	for range 2 + r.IntN(3) {
		name := schemaNames.pick("schema", false)
		props := map[string]any{}
		pn := nameSet{r, map[string]bool{}, &notes}
		var required []any
		for range 2 + r.IntN(4) {
			p := pn.pick("property of "+shortName(name), false)
			var s any
			switch k := r.IntN(5); {
			case k == 0 && len(order) > 0:
				s = schemaRef(order[r.IntN(len(order))])
			case k == 1:
				s = map[string]any{"type": "integer", "format": "int64"}
			case k == 2:
				s = map[string]any{"type": "array", "items": map[string]any{"type": "string"}}
			case k == 3:
				s = map[string]any{"type": "string", "nullable": true}
			default:
				s = map[string]any{"type": "string"}
			}
			props[p] = s
			if r.IntN(3) == 0 {
				required = append(required, p)
			}
		}
		obj := map[string]any{"type": "object", "properties": props}
		if len(required) > 0 {
			obj["required"] = required
		}
		if r.IntN(3) == 0 {
			obj["additionalProperties"] = map[string]any{"type": "string"}
		}
		schemas[name] = obj
		order = append(order, name)
	}
	// A string enum of hostile values.
	enumName := schemaNames.pick("enum", false)
	ev := nameSet{r, map[string]bool{}, &notes}
	var values []any
	for range 3 + r.IntN(4) {
		values = append(values, ev.pick("enum value", false))
	}
	schemas[enumName] = map[string]any{"type": "string", "enum": values}
	order = append(order, enumName)
	// A discriminated union: hostile union, variant, discriminator property and values.
	unionName := schemaNames.pick("union", false)
	prop := nameSet{r, map[string]bool{}, &notes}.pick("discriminator property", false)
	dv := nameSet{r, map[string]bool{}, &notes}
	mapping := map[string]any{}
	var variants []any
	for range 2 + r.IntN(2) {
		v := schemaNames.pick("variant", false)
		schemas[v] = map[string]any{"type": "object", "required": []any{prop}, "properties": map[string]any{
			prop: map[string]any{"type": "string"}, "name": map[string]any{"type": "string"}}}
		variants = append(variants, schemaRef(v))
		mapping[dv.pick("discriminator value", false)] = schemaRef(v)["$ref"]
	}
	schemas[unionName] = map[string]any{"oneOf": variants, "discriminator": map[string]any{"propertyName": prop, "mapping": mapping}}
	order = append(order, unionName)

	// Operations with hostile parameters, operationIds and tags.
	opNames := nameSet{r, map[string]bool{}, &notes}
	tagNames := nameSet{r, map[string]bool{}, &notes}
	var tags []string
	for len(tags) < 2 {
		// A tag names a file; the corpus's tag-long.yaml covers long
		// ones, which would stop most seeds before the build.
		if n, class := hostileName(r, false); len(n) <= 64 && !tagNames.used[n] {
			tagNames.used[n] = true
			notes = append(notes, fmt.Sprintf("tag %q (%s)", n, class))
			tags = append(tags, n)
		}
	}
	paths := map[string]any{}
	for i := range 2 + r.IntN(3) {
		path := fmt.Sprintf("/r%d", i)
		var params []any
		pn := nameSet{r, map[string]bool{}, &notes}
		for range r.IntN(3) {
			n := pn.pick("path param", true)
			path += "/{" + n + "}"
			params = append(params, map[string]any{"name": n, "in": "path", "required": true, "schema": map[string]any{"type": "string"}})
		}
		for _, in := range []string{"query", "header", "cookie"} {
			used := map[string]bool{}
			for range r.IntN(3) {
				n, _ := hostileName(r, in != "query")
				if used[n] {
					continue
				}
				used[n] = true
				notes = append(notes, fmt.Sprintf("%s param %q", in, shortName(n)))
				var s any = map[string]any{"type": "string"}
				if r.IntN(3) == 0 {
					s = schemaRef(enumName)
				}
				params = append(params, map[string]any{"name": n, "in": in, "required": r.IntN(3) == 0, "schema": s})
			}
		}
		op := map[string]any{
			"operationId": opNames.pick("operationId", false),
			"tags":        []any{tags[r.IntN(len(tags))]},
			"responses": map[string]any{
				"200":     map[string]any{"description": "ok", "content": map[string]any{"application/json": map[string]any{"schema": schemaRef(order[r.IntN(len(order))])}}},
				"default": map[string]any{"description": "error", "content": map[string]any{"application/json": map[string]any{"schema": schemaRef(order[0])}}},
			},
		}
		if len(params) > 0 {
			op["parameters"] = params
		}
		method := "get"
		if r.IntN(2) == 0 {
			method = "post"
			op["requestBody"] = map[string]any{"required": true, "content": map[string]any{"application/json": map[string]any{"schema": schemaRef(order[r.IntN(len(order))])}}}
		}
		paths[path] = map[string]any{method: op}
	}
	return map[string]any{
		"openapi":    "3.0.3",
		"info":       map[string]any{"title": "hostile names", "version": "1"},
		"servers":    []any{map[string]any{"url": "https://api.example.com"}},
		"paths":      paths,
		"components": map[string]any{"schemas": schemas},
	}, notes
}

// hostileSeeds: ORYGEN_HOSTILE_SEEDS lists seeds to run; otherwise seeds
// 1…ORYGEN_HOSTILE_SPECS (default 30).
func hostileSeeds(t *testing.T) (seeds []uint64, verbose bool) {
	if s := os.Getenv("ORYGEN_HOSTILE_SEEDS"); s != "" {
		for _, f := range strings.Split(s, ",") {
			n, err := strconv.ParseUint(strings.TrimSpace(f), 10, 64)
			if err != nil {
				t.Fatalf("ORYGEN_HOSTILE_SEEDS: %v", err)
			}
			seeds = append(seeds, n)
		}
		return seeds, true
	}
	n := 30
	if s := os.Getenv("ORYGEN_HOSTILE_SPECS"); s != "" {
		var err error
		if n, err = strconv.Atoi(s); err != nil || n < 1 {
			t.Fatalf("ORYGEN_HOSTILE_SPECS=%q: want a positive number", s)
		}
	}
	for i := range n {
		seeds = append(seeds, uint64(i+1))
	}
	return seeds, false
}

func TestHostileNames(t *testing.T) {
	hostileGate(t)
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	seeds, verbose := hostileSeeds(t)
	bin := buildOrygenBinary(t, root)
	mod := newHostileModule(t, "hostilenames")
	specs := t.TempDir()
	var runs []*hostileRun
	for _, seed := range seeds {
		doc, notes := hostileSpec(seed)
		data, err := json.MarshalIndent(doc, "", "  ")
		if err != nil {
			t.Fatal(err)
		}
		spec := filepath.Join(specs, fmt.Sprintf("seed%d.json", seed))
		if err := os.WriteFile(spec, data, 0o644); err != nil {
			t.Fatal(err)
		}
		if verbose {
			t.Logf("seed %d:\n%s", seed, data)
		}
		r := &hostileRun{
			label:    fmt.Sprintf("seed %d (rerun: ORYGEN_HOSTILE_SEEDS=%d)", seed, seed),
			why:      strings.Join(notes, ", "),
			pkgDir:   filepath.Join(mod, fmt.Sprintf("seed%d", seed)),
			anyExit:  true,
			specFile: spec,
		}
		r.args = []string{"-spec", spec, "-out", r.pkgDir, "-package", "p"}
		runs = append(runs, r)
	}
	runHostile(bin, specs, runs)
	buildAndVet(t, mod, runs)
	generated := 0
	for _, r := range runs {
		if r.code == 0 && !r.timedOut {
			generated++
		}
	}
	t.Logf("%d of %d specs generated; the others failed with a located error or are reported below", generated, len(runs))
	reportHostile(t, runs)
}

// FuzzHostileNames checks the same property for any seed, without the
// build (one go build per input is too slow for fuzzing): generation must
// not panic or hang, and a failure must be one located line.
//
//	go test ./cmd/orygen -run '^$' -fuzz '^FuzzHostileNames$' -fuzztime 60s
func FuzzHostileNames(f *testing.F) {
	for seed := range uint64(8) {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, seed uint64) {
		doc, _ := hostileSpec(seed)
		data, err := json.Marshal(doc)
		if err != nil {
			t.Fatal(err)
		}
		checkBuild(t, data)
	})
}
