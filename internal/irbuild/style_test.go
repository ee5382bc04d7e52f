package irbuild

import (
	"testing"

	"github.com/orygen/orygen/internal/ir"
)

// Every combination of place, style name, explode and shape: the cells
// the specification's tables define keep their style and explode without
// a warning; every other one is warned about and falls back to a
// combination the tables define.
func TestLegalStyleTable(t *testing.T) {
	defined := map[[4]string]bool{}
	for _, c := range []struct {
		where  where
		style  string
		shapes []valueShape
		ex     []bool
	}{
		{inPath, "matrix", []valueShape{shapePrimitive, shapeArray, shapeObject}, []bool{false, true}},
		{inPath, "label", []valueShape{shapePrimitive, shapeArray, shapeObject}, []bool{false, true}},
		{inPath, "simple", []valueShape{shapePrimitive, shapeArray, shapeObject}, []bool{false, true}},
		{inHeader, "simple", []valueShape{shapePrimitive, shapeArray, shapeObject}, []bool{false, true}},
		{inQuery, "form", []valueShape{shapePrimitive, shapeArray, shapeObject}, []bool{false, true}},
		{inCookie, "form", []valueShape{shapePrimitive, shapeArray, shapeObject}, []bool{false, true}},
		{inQuery, "spaceDelimited", []valueShape{shapeArray, shapeObject}, []bool{false}},
		{inQuery, "pipeDelimited", []valueShape{shapeArray, shapeObject}, []bool{false}},
		{inQuery, "deepObject", []valueShape{shapeObject}, []bool{true}},
	} {
		for _, sh := range c.shapes {
			for _, ex := range c.ex {
				defined[[4]string{c.where.String(), c.style, sh.String(), map[bool]string{true: "t", false: "f"}[ex]}] = true
			}
		}
	}
	names := []string{"matrix", "label", "simple", "form", "spaceDelimited", "pipeDelimited", "deepObject", "csv"}
	for _, w := range []where{inPath, inQuery, inHeader, inCookie} {
		for _, name := range names {
			for _, sh := range []valueShape{shapePrimitive, shapeArray, shapeObject} {
				for _, ex := range []bool{false, true} {
					b := &builder{file: "spec.yaml"}
					st, gotEx := b.legalStyle(w, "color", name, &ex, sh, "/p", "color")
					key := [4]string{w.String(), name, sh.String(), map[bool]string{true: "t", false: "f"}[ex]}
					if defined[key] {
						if len(b.warns) != 0 || st.String() != name || gotEx != ex {
							t.Errorf("%v: got %v explode %v, warnings %v; want it kept silently", key, st, gotEx, b.warns)
						}
						continue
					}
					if len(b.warns) == 0 {
						t.Errorf("%v: no warning", key)
					}
					fallback := [4]string{w.String(), st.String(), sh.String(), map[bool]string{true: "t", false: "f"}[gotEx]}
					arrayBrackets := st == ir.StyleDeepObject && sh == shapeArray && w == inQuery
					if !defined[fallback] && !arrayBrackets {
						t.Errorf("%v: falls back to %v, which the tables do not define either", key, fallback)
					}
				}
			}
		}
	}
	// Defaults: simple in path and header, form (exploded) in query and cookie.
	for w, want := range map[where][2]any{inPath: {ir.StyleSimple, false}, inHeader: {ir.StyleSimple, false}, inQuery: {ir.StyleForm, true}, inCookie: {ir.StyleForm, true}} {
		b := &builder{file: "spec.yaml"}
		st, ex := b.legalStyle(w, "color", "", nil, shapeArray, "/p", "color")
		if st != want[0] || ex != want[1] || len(b.warns) != 0 {
			t.Errorf("%v default: %v explode %v (warnings %v), want %v", w, st, ex, b.warns, want)
		}
	}
}
