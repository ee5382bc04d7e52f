package loader

// Overlays (OpenAPI Overlay Specification 1.0): documents of actions, each
// a JSONPath target (RFC 9535) with an update to merge into, or a removal
// of, every node it selects. They are applied in order to the spec as
// parsed, before any check, and the result goes on through the loader as
// if it were the spec's own bytes: every check and location below still
// applies, located in the spec file.
//
// JSONPath is github.com/theory/jsonpath, an RFC 9535 implementation
// without dependencies of its own, run over a generic tree
// (map[string]any, []any, json.Number...). Object key order is not a
// map's to keep, so the tree records it beside the maps and writes the
// document back in its own order, new keys last.

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/theory/jsonpath"
	"github.com/theory/jsonpath/spec"
)

// tree is a document as generic values, with each object's key order.
type tree struct {
	order map[uintptr][]string // by the object's map pointer
	nodes int                  // values made so far, bounded by maxYAMLNodes
	// work is the nodes the JSONPath queries of all actions have visited
	// (or, for a segment, will visit: it is counted before it runs), and
	// the matches they made, bounded by overlayBudget.
	work int64
	// sizes indexes the document: the number of nodes under each object
	// and array, found once and kept until an action changes the document,
	// so that the cost of a recursive descent is known before it runs.
	sizes map[any]int64
}

// overlayBudget bounds the work of all the actions of a target's
// overlays: nodes visited by their JSONPath queries, counted across
// actions. An ordinary overlay does a few thousand; a recursive descent
// (..) costs the size of the document each time, and one nested in a
// filter, the size squared. At about a microsecond a node, the budget is
// some 20 s of work at most: 200 descents through a spec of 100,000 nodes.
const overlayBudget = 20_000_000

// workBudget is overlayBudget, smaller in tests.
var workBudget int64 = overlayBudget

// budgetError is an action whose target would take the overlays past
// the budget.
type budgetError struct{ target string }

func (e *budgetError) Error() string {
	return fmt.Sprintf("target %s would take the overlays past their work budget of %d nodes visited "+
		"(each recursive descent (..) visits the whole document, one nested in a filter the document once for each node)", e.target, workBudget)
}

func errBudget(target string) error { return &budgetError{target} }

// spend counts cost, or fails with the error for target past the budget.
func (t *tree) spend(cost int64, target string) error {
	if cost < 0 || t.work+cost > workBudget {
		return errBudget(target)
	}
	t.work += cost
	return nil
}

// size is the number of nodes in v (1 for a scalar), from the index.
func (t *tree) size(v any) int64 {
	var key any
	switch c := v.(type) {
	case map[string]any:
		key = mapID(c)
	case []any:
		if len(c) == 0 {
			return 1
		}
		key = [2]uintptr{reflect.ValueOf(c).Pointer(), uintptr(len(c))}
	default:
		return 1
	}
	if n, ok := t.sizes[key]; ok {
		return n
	}
	n := int64(1)
	switch c := v.(type) {
	case map[string]any:
		for _, e := range c {
			n += t.size(e)
		}
	case []any:
		for _, e := range c {
			n += t.size(e)
		}
	}
	t.sizes[key] = n
	return n
}

func children(v any) int64 {
	switch c := v.(type) {
	case map[string]any:
		return int64(len(c))
	case []any:
		return int64(len(c))
	}
	return 0
}

// selectorCost is the most nodes sel visits applied to one node with n
// children, in a document of docSize nodes: a filter runs its own
// queries for each child, and each descent (..) or filter ([?) nested in
// it may visit the whole document (counted from the filter's text: a
// string literal that holds ".." only overestimates).
func selectorCost(sel spec.Selector, n, docSize int64) int64 {
	switch f := sel.(type) {
	case spec.Name, spec.Index:
		return 1
	case *spec.FilterSelector:
		text := f.String()
		per := 1 + int64(strings.Count(text, ".."))*docSize + int64(strings.Count(text, "[?"))*docSize
		return n * per
	}
	return n
}

// selectLocated is the query's SelectLocated, one segment at a time, each
// segment's cost counted against the budget before it runs.
func (t *tree) selectLocated(path *jsonpath.Path, doc any) ([]*spec.LocatedNode, error) {
	target := path.String()
	res := []*spec.LocatedNode{{Node: doc}}
	// The document's size only for queries that need it: an ordinary
	// action costs what it selects, not a walk of the document.
	var docSize int64
	if strings.Contains(target, "..") || strings.Contains(target, "?") {
		docSize = t.size(doc)
	}
	for _, seg := range path.Query().Segments() {
		var cost int64
		for _, v := range res {
			var c int64
			if seg.IsDescendant() {
				// Every node under v, and each of its children once.
				for _, sel := range seg.Selectors() {
					c += selectorCost(sel, 1, docSize)
				}
				c *= t.size(v.Node)
			} else {
				n := children(v.Node)
				for _, sel := range seg.Selectors() {
					c += selectorCost(sel, n, docSize)
				}
			}
			if cost += c; cost > workBudget {
				return nil, errBudget(target)
			}
		}
		if err := t.spend(cost+int64(len(res)), target); err != nil {
			return nil, err
		}
		var next []*spec.LocatedNode
		for _, v := range res {
			next = append(next, seg.SelectLocated(v.Node, doc, v.Path)...)
		}
		res = next
	}
	return res, nil
}

func mapID(m map[string]any) uintptr { return reflect.ValueOf(m).Pointer() }

// value converts a parsed node into a fresh generic value. A YAML alias
// becomes a copy each place it appears, so the count bounds the work of a
// document whose aliases multiply it.
func (t *tree) value(n *node) (any, error) {
	t.nodes++
	if t.nodes > maxYAMLNodes {
		return nil, fmt.Errorf("document is too large once its YAML aliases are expanded and its overlays applied")
	}
	switch n.kind {
	case kNull:
		return nil, nil
	case kBool:
		return n.str == "true", nil
	case kNumber:
		// As the Swagger 2.0 conversion writes it (swagger.go): YAML's
		// other forms (0x1F, 1_000) as JSON, integers exact.
		lit := jsonNumber(n.str)
		if strings.HasPrefix(lit, `"`) {
			return n.str, nil
		}
		return json.Number(lit), nil
	case kString:
		return n.str, nil
	case kArray:
		a := make([]any, len(n.items))
		for i, it := range n.items {
			v, err := t.value(it)
			if err != nil {
				return nil, err
			}
			a[i] = v
		}
		return a, nil
	}
	m := make(map[string]any, len(n.keys))
	for i, k := range n.keys {
		v, err := t.value(n.vals[i])
		if err != nil {
			return nil, err
		}
		m[k] = v
	}
	t.order[mapID(m)] = slices.Clone(n.keys)
	return m, nil
}

// write appends v as JSON, objects in their recorded key order.
func (t *tree) write(buf *bytes.Buffer, v any) {
	switch v := v.(type) {
	case nil:
		buf.WriteString("null")
	case bool:
		buf.WriteString(strconv.FormatBool(v))
	case json.Number:
		buf.WriteString(string(v))
	case string:
		b, _ := json.Marshal(v)
		buf.Write(b)
	case []any:
		buf.WriteByte('[')
		for i, it := range v {
			if i > 0 {
				buf.WriteByte(',')
			}
			t.write(buf, it)
		}
		buf.WriteByte(']')
	case map[string]any:
		buf.WriteByte('{')
		for i, k := range t.keys(v) {
			if i > 0 {
				buf.WriteByte(',')
			}
			b, _ := json.Marshal(k)
			buf.Write(b)
			buf.WriteByte(':')
			t.write(buf, v[k])
		}
		buf.WriteByte('}')
	}
}

// keys are m's keys: those recorded in order, then any others sorted.
func (t *tree) keys(m map[string]any) []string {
	var out []string
	seen := map[string]bool{}
	for _, k := range t.order[mapID(m)] {
		if _, ok := m[k]; ok && !seen[k] {
			out = append(out, k)
			seen[k] = true
		}
	}
	if len(out) < len(m) {
		var rest []string
		for k := range m {
			if !seen[k] {
				rest = append(rest, k)
			}
		}
		slices.Sort(rest)
		out = append(out, rest...)
	}
	return out
}

// set gives m the key k, recording it last if it is new.
func (t *tree) set(m map[string]any, k string, v any) {
	if _, ok := m[k]; !ok {
		id := mapID(m)
		t.order[id] = append(t.order[id], k)
	}
	m[k] = v
}

// merge merges update into target as the Overlay Specification says:
// objects merge property by property, recursively; arrays append; any
// other value replaces. It returns the merged value.
func (t *tree) merge(target, update any) any {
	switch tv := target.(type) {
	case map[string]any:
		uv, ok := update.(map[string]any)
		if !ok {
			return update
		}
		for _, k := range t.keys(uv) {
			if old, ok := tv[k]; ok {
				t.set(tv, k, t.merge(old, uv[k]))
			} else {
				t.set(tv, k, uv[k])
			}
		}
		return tv
	case []any:
		if ua, ok := update.([]any); ok {
			return append(tv, ua...)
		}
		return update
	}
	return update
}

// overlayFile is one overlay as read: its path (as the user gave it) and
// its parsed document.
type overlayFile struct {
	path  string
	root  *node
	warns []Diagnostic
}

// reOverlayVersion is the versions of the Overlay Specification orygen
// applies: 1.0.x, x a number as Semantic Versioning writes it.
var reOverlayVersion = regexp.MustCompile(`^1\.0\.(0|[1-9][0-9]*)$`)

// readOverlay reads and parses an overlay file and checks its shape.
func readOverlay(path string, opts Options) (*overlayFile, error) {
	g := newGuard(path, Options{MaxFileSize: opts.MaxFileSize})
	data, err := g.read(path)
	if err != nil {
		return nil, &Error{Diagnostic{File: path, Message: "cannot read overlay: " + err.Error()}}
	}
	root, err := parseDocument(path, data)
	if err != nil {
		return nil, syntaxDiagnostic(path, err)
	}
	fail := func(ptr, format string, args ...any) error {
		return &Error{Diagnostic{File: path, Pointer: ptr, Message: fmt.Sprintf(format, args...), Class: format}}
	}
	if root.kind != kObject {
		return nil, fail("", "an overlay is an object, not %s", root.kind)
	}
	v := root.get("overlay")
	if v == nil {
		return nil, fail("", "not an overlay (no \"overlay\" field)")
	}
	if v.kind != kString || !reOverlayVersion.MatchString(v.str) {
		return nil, fail("/overlay", "overlay version %s is not supported (1.0.x is)", v.describe())
	}
	if info := root.get("info"); info == nil || info.kind != kObject {
		return nil, fail("/info", "an overlay needs an info object (title and version)")
	}
	var warns []Diagnostic
	if e := root.get("extends"); e != nil {
		if e.kind != kString {
			return nil, fail("/extends", "extends is a URL, not %s", e.kind)
		}
		// The spec is the one the target names: an overlay written for
		// another document is applied to this one all the same, which its
		// author should hear of.
		warns = append(warns, Diagnostic{File: path, Pointer: "/extends", Class: "extends is not used",
			Message: fmt.Sprintf("extends is not used: the overlay applies to the spec it is given (not %s)", e.describe())})
	}
	actions := root.get("actions")
	if actions == nil || actions.kind != kArray {
		return nil, fail("/actions", "an overlay needs a list of actions")
	}
	for i, a := range actions.items {
		ptr := "/actions/" + strconv.Itoa(i)
		if a.kind != kObject {
			return nil, fail(ptr, "an action is an object, not %s", a.kind)
		}
		for _, k := range a.keys {
			switch {
			case k == "target", k == "description", k == "update", k == "remove", strings.HasPrefix(k, "x-"):
			default:
				return nil, fail(ptr+"/"+Escape(k), "unknown action field %q (an action has target, description, update and remove)", k)
			}
		}
		tg := a.get("target")
		if tg == nil || tg.kind != kString {
			return nil, fail(ptr+"/target", "an action needs a target, a JSONPath expression")
		}
		if _, err := jsonpath.Parse(tg.str); err != nil {
			return nil, fail(ptr+"/target", "invalid JSONPath: %s", strings.TrimPrefix(err.Error(), "jsonpath: "))
		}
		if r := a.get("remove"); r != nil && r.kind != kBool {
			return nil, fail(ptr+"/remove", "remove is true or false, not %s", r.describe())
		}
		if a.get("update") == nil && !isTrue(a.get("remove")) {
			return nil, fail(ptr, "an action needs an update or remove: true")
		}
	}
	return &overlayFile{path: path, root: root, warns: warns}, nil
}

func isTrue(n *node) bool { return n != nil && n.kind == kBool && n.str == "true" }

// applyOverlays applies the overlays at paths, in order, to the document
// root (parsed from the spec) and returns the result as JSON, with a
// warning for each action that changes nothing.
func applyOverlays(root *node, paths []string, opts Options) ([]byte, []Diagnostic, error) {
	var files []*overlayFile
	for _, p := range paths {
		f, err := readOverlay(p, opts)
		if err != nil {
			return nil, nil, err
		}
		files = append(files, f)
	}
	t := &tree{order: map[uintptr][]string{}, sizes: map[any]int64{}}
	doc, err := t.value(root)
	if err != nil {
		return nil, nil, err
	}
	var warns []Diagnostic
	for _, f := range files {
		warns = append(warns, f.warns...)
		for i, a := range f.root.get("actions").items {
			d := Diagnostic{File: f.path, Pointer: "/actions/" + strconv.Itoa(i)}
			doc, err = t.apply(doc, a, &d)
			if err != nil {
				if be := (*budgetError)(nil); errors.As(err, &be) {
					d.Pointer += "/target"
				}
				d.Message = err.Error()
				return nil, nil, &Error{d}
			}
			if d.Message != "" {
				warns = append(warns, d)
			}
		}
	}
	var buf bytes.Buffer
	t.write(&buf, doc)
	if max := opts.maxFileSize(); int64(buf.Len()) > 4*max {
		return nil, nil, fmt.Errorf("the document with its overlays is larger than 4 times the file size limit")
	}
	return buf.Bytes(), warns, nil
}

func (o Options) maxFileSize() int64 {
	if o.MaxFileSize > 0 {
		return o.MaxFileSize
	}
	return DefaultMaxFileSize
}

// apply runs one action on doc and returns the new document; a warning
// (an action that changes nothing) goes into w.Message.
func (t *tree) apply(doc any, a *node, w *Diagnostic) (any, error) {
	path, err := jsonpath.Parse(a.get("target").str)
	if err != nil {
		return nil, err // checked when read
	}
	located, err := t.selectLocated(path, doc)
	if err != nil {
		return nil, err
	}
	// A node selected twice (tags[0,0], [0,-1] of a one-element array,
	// $..x reaching x along two ways) is acted on once: removed twice, it
	// would take a neighbour with it.
	var matches []*spec.LocatedNode
	seen := map[string]bool{}
	for _, m := range located {
		if k := m.Path.String(); !seen[k] {
			seen[k] = true
			matches = append(matches, m)
		}
	}
	if len(matches) == 0 {
		w.Message = "target matches nothing"
		return doc, nil
	}
	// The document changes: its index no longer holds.
	clear(t.sizes)
	if isTrue(a.get("remove")) {
		if a.get("update") != nil {
			w.Message = "update is ignored: the action removes its target"
		}
		// Last first, so that removing an element leaves the indexes of
		// the other matches in the same array valid.
		locs := slices.Clone([]*spec.LocatedNode(matches))
		slices.SortStableFunc(locs, func(x, y *spec.LocatedNode) int { return y.Path.Compare(x.Path) })
		for _, m := range locs {
			if len(m.Path) == 0 {
				return nil, fmt.Errorf("target %s selects the whole document, which cannot be removed", a.get("target").str)
			}
			removeAt(doc, m.Path)
		}
		return doc, nil
	}
	upd := a.get("update")
	for _, m := range matches {
		switch m.Node.(type) {
		case map[string]any:
			if upd.kind != kObject {
				return nil, fmt.Errorf("target %s selects an object (at %s): update must be an object, not %s", a.get("target").str, m.Path.Pointer(), upd.kind)
			}
		case []any:
		default:
			return nil, fmt.Errorf("target %s selects %s at %s: an update needs an object or an array (target its parent to replace a value)", a.get("target").str, kindOf(m.Node), m.Path.Pointer())
		}
		v, err := t.value(upd) // a fresh copy for each match
		if err != nil {
			return nil, err
		}
		if len(m.Path) == 0 {
			doc = t.mergeInto(doc, v)
			continue
		}
		parent, last, ok := parentOf(doc, m.Path)
		if !ok {
			continue // inside something an earlier match replaced
		}
		switch p := parent.(type) {
		case map[string]any:
			k := string(last.(spec.Name))
			p[k] = t.mergeInto(p[k], v)
		case []any:
			i := int(last.(spec.Index))
			p[i] = t.mergeInto(p[i], v)
		}
	}
	return doc, nil
}

// mergeInto merges an action's update into a matched node: into an
// object, property by property; into an array, as one more element (an
// array update appends its elements).
func (t *tree) mergeInto(target, update any) any {
	if a, ok := target.([]any); ok {
		if ua, ok := update.([]any); ok {
			return append(a, ua...)
		}
		return append(a, update)
	}
	return t.merge(target, update)
}

func kindOf(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case bool:
		return "a boolean"
	case json.Number:
		return "a number"
	case string:
		return "a string"
	}
	return "a value"
}

// parentOf walks doc to the container of the node at path.
func parentOf(doc any, path spec.NormalizedPath) (any, spec.NormalSelector, bool) {
	cur := doc
	for _, sel := range path[:len(path)-1] {
		next, ok := child(cur, sel)
		if !ok {
			return nil, nil, false
		}
		cur = next
	}
	if _, ok := child(cur, path[len(path)-1]); !ok {
		return nil, nil, false
	}
	return cur, path[len(path)-1], true
}

func child(v any, sel spec.NormalSelector) (any, bool) {
	switch s := sel.(type) {
	case spec.Name:
		m, ok := v.(map[string]any)
		if !ok {
			return nil, false
		}
		c, ok := m[string(s)]
		return c, ok
	case spec.Index:
		a, ok := v.([]any)
		if !ok || int(s) < 0 || int(s) >= len(a) {
			return nil, false
		}
		return a[s], true
	}
	return nil, false
}

// removeAt removes the node at path from its parent.
func removeAt(doc any, path spec.NormalizedPath) {
	parent, last, ok := parentOf(doc, path)
	if !ok {
		return
	}
	switch p := parent.(type) {
	case map[string]any:
		delete(p, string(last.(spec.Name)))
	case []any:
		i := int(last.(spec.Index))
		// The array shrinks in place: its parent holds the same backing
		// array, so it must be set there with the new length.
		shrunk := append(p[:i:i], p[i+1:]...)
		setAt(doc, path[:len(path)-1], shrunk)
	}
}

// setAt replaces the node at path (which exists) with v.
func setAt(doc any, path spec.NormalizedPath, v any) {
	if len(path) == 0 {
		return // the root is an object
	}
	parent, last, ok := parentOf(doc, path)
	if !ok {
		return
	}
	switch p := parent.(type) {
	case map[string]any:
		p[string(last.(spec.Name))] = v
	case []any:
		p[int(last.(spec.Index))] = v
	}
}
