package irbuild

import (
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/orygen/orygen/internal/loader"
)

// corpusDir is where make realworld unpacks the public specs.
func corpusDir() string {
	home, _ := os.UserHomeDir()
	return filepath.Join(home, ".cache", "orygen-realworld", "dir", "package", "api")
}

// TestKeywordAccounting builds every spec in specs/ and a fixed sample of
// the real-world corpus, and fails if a shaping keyword was dropped
// unaccounted: a schema read into a form that does not represent one of
// its shaping keywords (rather than made raw JSON with a warning), or a
// shaped schema in a place its parent's form reads that the builder
// never read.
func TestKeywordAccounting(t *testing.T) {
	specs, err := filepath.Glob("../../specs/*.yaml")
	if err != nil || len(specs) == 0 {
		t.Fatalf("no specs: %v", err)
	}
	t.Run("specs", func(t *testing.T) {
		for _, p := range specs {
			checkAccounting(t, p, true)
		}
	})
	t.Run("corpus", func(t *testing.T) {
		if testing.Short() {
			t.Skip("skipped in -short mode (make test): make test-long checks the corpus sample")
		}
		dir := corpusDir()
		if _, err := os.Stat(dir); err != nil {
			t.Skipf("the real-world corpus is missing (%s; make realworld fetches it): only specs/ was checked", dir)
		}
		var all []string
		_ = filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
			if err == nil && !d.IsDir() && strings.HasSuffix(p, ".json") {
				all = append(all, p)
			}
			return nil
		})
		sort.Strings(all)
		n := 40
		if v, err := strconv.Atoi(os.Getenv("ORYGEN_KEYWORD_SAMPLE")); err == nil && v > 0 {
			n = v
		}
		step := max(1, len(all)/n)
		tried, built := 0, 0
		for i := 0; i < len(all); i += step {
			tried++
			if checkAccounting(t, all[i], false) {
				built++
			}
		}
		t.Logf("%d of %d sampled corpus specs built and were checked (the others fail to load or build, for other reasons)", built, tried)
	})
}

// checkAccounting builds one spec with a ledger and checks it. A corpus
// spec that does not load or build is someone else's class of failure
// and is skipped; one of ours must build.
func checkAccounting(t *testing.T, path string, mustBuild bool) bool {
	t.Helper()
	spec, err := loader.Load(path, loader.Options{})
	if err != nil {
		if mustBuild && !strings.Contains(path, "dangling") {
			t.Errorf("%s: %v", path, err)
		}
		return false
	}
	l := &ledger{entries: map[*openapi3.Schema][]ledgerEntry{}}
	api, warns, err := Build(spec, Options{ledger: l})
	if err != nil {
		if mustBuild {
			t.Errorf("%s: %v", path, err)
		}
		return false
	}
	name := filepath.Base(path)
	if api.Schemas.Unrepresented > 0 {
		t.Logf("%s: %d schema reads, %d raw JSON, %d of them for an unrepresented keyword", name, api.Schemas.Schemas, api.Schemas.Raw, api.Schemas.Unrepresented)
	}
	unrepresented := 0
	for _, w := range warns {
		if strings.Contains(w.Message, "which no Go") || strings.Contains(w.Message, "does not represent") {
			unrepresented++
		}
	}
	if api.Schemas.Unrepresented != unrepresented {
		t.Errorf("%s: Schemas.Unrepresented is %d, but %d warnings say a keyword is not represented", name, api.Schemas.Unrepresented, unrepresented)
	}
	if api.Schemas.Raw < api.Schemas.Unrepresented || api.Schemas.Schemas < api.Schemas.Raw {
		t.Errorf("%s: inconsistent counts %+v", name, api.Schemas)
	}
	for s, es := range l.entries {
		for _, e := range es {
			if len(e.Dropped) > 0 {
				t.Errorf("%s: %s drops %s unaccounted", name, e, strings.Join(e.Dropped, ", "))
			}
			if e.Form == formRaw {
				continue
			}
			for _, c := range childrenRead(s, e.Form, e.Pointer) {
				checkRead(t, name, l, c.ref, c.ptr, 0)
			}
		}
	}
	if spec.Doc.Components != nil {
		for k, sr := range spec.Doc.Components.Schemas {
			if sr == nil || sr.Value == nil || sr.Ref != "" || plainAlias(sr) || !shaped(sr) {
				continue
			}
			if len(l.entries[sr.Value]) == 0 {
				t.Errorf("%s: component schema %q was never read", name, k)
			}
		}
	}
	return true
}

type child struct {
	ref *openapi3.SchemaRef
	ptr string
}

// childrenRead are the subschemas a schema read as form f has read in
// turn, as the builder defines each form.
func childrenRead(s *openapi3.Schema, f form, ptr string) []child {
	var out []child
	list := func(kw string, rs openapi3.SchemaRefs) {
		for i, r := range rs {
			out = append(out, child{r, ptr + "/" + kw + "/" + strconv.Itoa(i)})
		}
	}
	switch f {
	case formStruct:
		if s.Discriminator != nil && len(s.AllOf) == 0 {
			// A discriminated base: its subtypes, which merge it, read
			// its properties (or stand for them with their own).
			return nil
		}
		if len(s.AllOf) > 0 {
			// Members are accounted as merged; the struct has the
			// merged properties.
			s = (&builder{}).mergeAllOf(s)
		}
		for _, k := range sortedKeys(s.Properties) {
			out = append(out, child{s.Properties[k], ptr + "/properties/" + loader.Escape(k)})
		}
		if ap, at := extraProps(s); ap.Schema != nil {
			out = append(out, child{ap.Schema, ptr + at})
		}
	case formUnion:
		if isUnion(s) {
			list("oneOf", s.OneOf)
			list("anyOf", s.AnyOf)
		}
	case formPass:
		if m, mptr, _, ok := soleMember(s, ptr); ok {
			out = append(out, child{m, mptr})
		}
	case formSlice:
		if items, at := arrayItems(s); items != nil {
			out = append(out, child{items, ptr + at})
		}
	case formMap:
		if ap, at := extraProps(s); ap.Schema != nil {
			out = append(out, child{ap.Schema, ptr + at})
		}
	}
	return out
}

// checkRead fails a shaped subschema the builder never read. A null
// member is the wrapper's nullability; a union nested in a union is
// flattened into it, its members read instead.
func checkRead(t *testing.T, name string, l *ledger, r *openapi3.SchemaRef, ptr string, depth int) {
	t.Helper()
	if r == nil || r.Value == nil || !shaped(r) || len(l.entries[r.Value]) > 0 || depth > 50 {
		return
	}
	s := r.Value
	if nullPlaceholder(s) || onlyNullable(s) {
		return // the wrapper's nullability
	}
	if s.Extensions["x-orygen-merged"] != nil {
		for i, m := range s.AllOf {
			checkRead(t, name, l, m, ptr+"/allOf/"+strconv.Itoa(i), depth+1)
		}
		return
	}
	if isBareUnion(s) {
		for i, m := range s.OneOf {
			checkRead(t, name, l, m, ptr+"/oneOf/"+strconv.Itoa(i), depth+1)
		}
		for i, m := range s.AnyOf {
			checkRead(t, name, l, m, ptr+"/anyOf/"+strconv.Itoa(i), depth+1)
		}
		return
	}
	if r.Ref != "" && plainAlias(r) {
		return // a plain alias taken by its uses: read there
	}
	t.Errorf("%s: %s carries %s but was never read", name, ptr, strings.Join(shapingKeywords(s), ", "))
}

// TestKeywordTable: every field of kin-openapi's Schema is a keyword the
// table sorts, so a keyword kin-openapi learns cannot go unclassified.
func TestKeywordTable(t *testing.T) {
	for name := range nativeSchemaFields() {
		if _, ok := schemaKeywords[name]; !ok {
			t.Errorf("schema keyword %q is not in schemaKeywords", name)
		}
	}
	for kw, c := range schemaKeywords {
		if c != validation && c != shaping && c != shapingIfShaped {
			t.Errorf("%s: bad class %d", kw, c)
		}
	}
}

func nativeSchemaFields() map[string]bool {
	out := map[string]bool{}
	typ := reflect.TypeFor[openapi3.Schema]()
	for i := 0; i < typ.NumField(); i++ {
		name, _, _ := strings.Cut(typ.Field(i).Tag.Get("json"), ",")
		if name != "" && name != "-" {
			out[name] = true
		}
	}
	return out
}
