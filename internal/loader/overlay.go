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
	"fmt"
	"reflect"
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
	path string
	root *node
}

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
	if v.kind != kString || !(v.str == "1.0.0" || strings.HasPrefix(v.str, "1.0.")) {
		return nil, fail("/overlay", "overlay version %s is not supported (1.0.x is)", v.describe())
	}
	if info := root.get("info"); info == nil || info.kind != kObject {
		return nil, fail("/info", "an overlay needs an info object (title and version)")
	}
	if root.get("extends") != nil {
		// The spec is the one the target names; an overlay that names
		// another document would be applied to the wrong one unnoticed.
		if e := root.get("extends"); e.kind != kString {
			return nil, fail("/extends", "extends is a URL, not %s", e.kind)
		}
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
	return &overlayFile{path: path, root: root}, nil
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
	t := &tree{order: map[uintptr][]string{}}
	doc, err := t.value(root)
	if err != nil {
		return nil, nil, err
	}
	var warns []Diagnostic
	for _, f := range files {
		for i, a := range f.root.get("actions").items {
			d := Diagnostic{File: f.path, Pointer: "/actions/" + strconv.Itoa(i)}
			doc, err = t.apply(doc, a, &d)
			if err != nil {
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
	matches := path.SelectLocated(doc)
	if len(matches) == 0 {
		w.Message = "target matches nothing"
		return doc, nil
	}
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
