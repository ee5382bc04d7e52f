package realworld

import (
	"reflect"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/orygen/orygen/internal/ir"
)

// LongName is the length past which a Go name counts as too long
// (issue 22: "names stay under about 60 characters").
const LongName = 60

// maxExamples bounds the names kept per statistic and spec: the counts
// are exact, the examples only show what the count is made of.
const maxExamples = 10

// NameStats are counts over the exported identifiers a spec's package
// declares, with a few examples of each.
type NameStats struct {
	Exported          int      `json:"exported"`
	NumericSuffix     int      `json:"numeric_suffix"` // Foo2 where Foo is declared too
	NumericSuffixEx   []string `json:"numeric_suffix_examples,omitempty"`
	PointerIndex      int      `json:"pointer_index"` // a word N0, N14: a JSON pointer's index
	PointerIndexEx    []string `json:"pointer_index_examples,omitempty"`
	Long              int      `json:"long"` // over LongName characters
	LongEx            []string `json:"long_examples,omitempty"`
	BrokenInitialisms int      `json:"broken_initialisms"` // names with a mixed-case initialism
	BrokenEx          []string `json:"broken_initialism_examples,omitempty"`
	// BrokenWords counts the broken spellings themselves (Uris, Id...)
	// over all names.
	BrokenWords map[string]int `json:"broken_words,omitempty"`
}

// modelFacts walks the model by reflection, so that a field added to ir
// is counted without changing this file: every ir.Ident (exported ones
// are the package's API) and every raw-JSON type reference.
func modelFacts(api *ir.API) (names []string, raw int) {
	seen := map[uintptr]bool{}
	set := map[string]bool{}
	identType := reflect.TypeFor[ir.Ident]()
	refType := reflect.TypeFor[ir.TypeRef]()
	var walk func(v reflect.Value)
	walk = func(v reflect.Value) {
		switch v.Kind() {
		case reflect.Pointer:
			if v.IsNil() || seen[v.Pointer()] {
				return
			}
			seen[v.Pointer()] = true
			walk(v.Elem())
		case reflect.Interface:
			if !v.IsNil() {
				walk(v.Elem())
			}
		case reflect.Struct:
			if v.Type() == refType && ir.RefKind(v.FieldByName("Kind").Int()) == ir.RefRaw {
				raw++
			}
			for i := range v.NumField() {
				if v.Type().Field(i).IsExported() {
					walk(v.Field(i))
				}
			}
		case reflect.Slice, reflect.Array:
			for i := range v.Len() {
				walk(v.Index(i))
			}
		case reflect.Map:
			for it := v.MapRange(); it.Next(); {
				walk(it.Value())
			}
		case reflect.String:
			if v.Type() == identType {
				if s := v.String(); s != "" {
					if r, _ := utf8.DecodeRuneInString(s); unicode.IsUpper(r) {
						set[s] = true
					}
				}
			}
		}
	}
	walk(reflect.ValueOf(api))
	names = make([]string, 0, len(set))
	for n := range set {
		names = append(names, n)
	}
	slices.Sort(names)
	return names, raw
}

// pointerIndex finds a word made of N and digits: the index of a JSON
// pointer (allOf/0 → N0) turned into a name.
var pointerIndex = regexp.MustCompile(`(^|[a-z0-9])N[0-9]+([A-Z]|$)`)

// nameStats computes NameStats over a package's exported names (sorted).
func nameStats(names []string) NameStats {
	st := NameStats{Exported: len(names), BrokenWords: map[string]int{}}
	declared := map[string]bool{}
	for _, n := range names {
		declared[n] = true
	}
	add := func(n *int, ex *[]string, name string) {
		*n++
		if len(*ex) < maxExamples {
			*ex = append(*ex, name)
		}
	}
	for _, n := range names {
		if stem := strings.TrimRightFunc(n, unicode.IsDigit); stem != n && declared[stem] {
			add(&st.NumericSuffix, &st.NumericSuffixEx, n)
		}
		if pointerIndex.MatchString(n) {
			add(&st.PointerIndex, &st.PointerIndexEx, n)
		}
		if len(n) > LongName {
			add(&st.Long, &st.LongEx, n)
		}
		if b := BrokenInitialisms(n); len(b) > 0 {
			add(&st.BrokenInitialisms, &st.BrokenEx, n)
			for _, w := range b {
				st.BrokenWords[w]++
			}
		}
	}
	if len(st.BrokenWords) == 0 {
		st.BrokenWords = nil
	}
	return st
}
