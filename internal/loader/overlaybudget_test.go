package loader

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
)

const ovHead = "overlay: 1.0.0\ninfo: {title: o, version: '1'}\n"

// TestOverlayDuplicateSelection: a node one action selects twice is
// acted on once: a removal takes no neighbour, an array update appends
// once.
func TestOverlayDuplicateSelection(t *testing.T) {
	spec := "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ntags: [{name: a}, {name: b}, {name: c}]\n"
	for _, tc := range []struct{ target, action, want string }{
		{"$.tags[0,0]", "remove: true", `"tags":[{"name":"b"},{"name":"c"}]`},
		{"$.tags[0,-3]", "remove: true", `"tags":[{"name":"b"},{"name":"c"}]`},
		{"$.tags[1,1,-2]", "remove: true", `"tags":[{"name":"a"},{"name":"c"}]`},
		{"$['tags','tags']", "update: [{name: z}]", `"tags":[{"name":"a"},{"name":"b"},{"name":"c"},{"name":"z"}]`},
		{"$.tags[0,0]", "update: {x: [1]}", `"tags":[{"name":"a","x":[1]},{"name":"b"},{"name":"c"}]`},
	} {
		out, _, err := overlayResult(t, spec, ovHead+"actions:\n  - target: \""+tc.target+"\"\n    "+tc.action+"\n")
		if err != nil {
			t.Errorf("%s: %v", tc.target, err)
			continue
		}
		if !strings.Contains(out, tc.want) {
			t.Errorf("%s %s:\n got %s\nwant %s", tc.target, tc.action, out, tc.want)
		}
	}
}

// TestOverlayExtendsAndVersion: extends is a warning that it is not used;
// the overlay version must be a 1.0.x version.
func TestOverlayExtendsAndVersion(t *testing.T) {
	spec := "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\n"
	_, warns, err := overlayResult(t, spec, "overlay: 1.0.0\nextends: https://example.com/other.yaml\ninfo: {title: o, version: '1'}\nactions:\n  - {target: $.info, update: {x: 1}}\n")
	if err != nil || len(warns) != 1 || !strings.Contains(warns[0], "o1.yaml#/extends: extends is not used") {
		t.Errorf("extends: err %v, warnings %q", err, warns)
	}
	for _, v := range []string{"1.0.0", "1.0.1", "1.0.12"} {
		if _, _, err := overlayResult(t, spec, "overlay: "+v+"\ninfo: {title: o, version: '1'}\nactions:\n  - {target: $.info, update: {x: 1}}\n"); err != nil {
			t.Errorf("version %s: %v", v, err)
		}
	}
	for _, v := range []string{"1.0.", "1.0.x", "1.0.01", "1.0.0-", "1.0.1.2", "1.0.1 ", "1.0.-1", "1.1.0", "'1.0'"} {
		_, _, err := overlayResult(t, spec, "overlay: \""+v+"\"\ninfo: {title: o, version: '1'}\nactions:\n  - {target: $.info, update: {x: 1}}\n")
		if err == nil || !strings.Contains(err.Error(), "#/overlay: overlay version") {
			t.Errorf("version %q: err %v, want a located refusal", v, err)
		}
	}
}

// bigSpec is a spec of about n schemas with a few nodes each.
func bigSpec(n int) string {
	var b strings.Builder
	b.WriteString("openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "    S%d: {type: object, description: d, properties: {a: {type: string}, b: {type: integer}}}\n", i)
	}
	return b.String()
}

// wantBudgetError: err is the budget's error, located at the target of
// action i of the first overlay.
func wantBudgetError(t *testing.T, err error, i int) {
	t.Helper()
	var le *Error
	if !errors.As(err, &le) || !strings.HasSuffix(le.File, "o1.yaml") || le.Pointer != fmt.Sprintf("/actions/%d/target", i) ||
		!strings.Contains(le.Message, "work budget") {
		t.Fatalf("err = %v, want the work budget's error at o1.yaml#/actions/%d/target", err, i)
	}
}

// TestOverlayQuadraticJSONPath: a recursive descent nested in a filter
// visits the document once for each node; on a document of some 20,000
// nodes it is refused, at once, before it runs.
func TestOverlayQuadraticJSONPath(t *testing.T) {
	spec := bigSpec(2000)
	for _, target := range []string{"$..[?@..type]", "$..*[?$..description]", "$..[?@[?@[?@.type]]]"} {
		start := time.Now()
		_, _, err := overlayResult(t, spec, ovHead+"actions:\n  - {target: $.info, update: {x: 1}}\n  - target: '"+target+"'\n    update: {x-seen: true}\n")
		wantBudgetError(t, err, 1)
		if d := time.Since(start); d > 3*time.Second {
			t.Errorf("%s: refused after %v", target, d)
		}
	}
	// A single descent with a filter of the node's own fields is linear.
	if _, _, err := overlayResult(t, spec, ovHead+"actions:\n  - target: '$..[?@.type == \"integer\"]'\n    update: {format: int64}\n"); err != nil {
		t.Errorf("a linear descent: %v", err)
	}
}

// TestOverlayManyActions: thousands of actions each descending through
// the whole document are refused by their total; thousands of ordinary
// actions are fast.
func TestOverlayManyActions(t *testing.T) {
	old := workBudget
	workBudget = 2_000_000 // reached after some 120 of the actions, not 1,200
	t.Cleanup(func() { workBudget = old })
	spec := bigSpec(2000)
	var b strings.Builder
	b.WriteString(ovHead + "actions:\n")
	for i := 0; i < 5000; i++ {
		b.WriteString("  - {target: '$..properties', update: {}}\n")
	}
	_, _, err := overlayResult(t, spec, b.String())
	var le *Error
	if !errors.As(err, &le) || !strings.Contains(le.Message, "work budget") || !strings.HasSuffix(le.Pointer, "/target") {
		t.Fatalf("err = %v, want the work budget's error", err)
	}

	b.Reset()
	b.WriteString(ovHead + "actions:\n")
	for i := 0; i < 5000; i++ {
		fmt.Fprintf(&b, "  - {target: '$.components.schemas.S%d', update: {x-n: %d}}\n", i%2000, i)
		fmt.Fprintf(&b, "  - {target: '$.components.schemas.Missing%d', update: {x-n: %d}}\n", i, i)
	}
	start := time.Now()
	if _, _, err := overlayResult(t, spec, b.String()); err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("10,000 ordinary actions took %v", d)
	}
}
