package loader

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// Paths, parameters and operationIds: the rules code generation needs
// (a path is a URL path whose {names} are path parameters; operationIds
// are unique), and, in lenient loading, the repair of each way real specs
// break them. With -strict each stays an error.

var parameterLocations = map[string]bool{"path": true, "query": true, "header": true, "cookie": true}

// parameterProblem says what makes the Parameter Object n unusable, with
// the pointer suffix of the place, or "".
func parameterProblem(n *node) (suffix, msg string) {
	name := n.get("name")
	if name == nil || name.kind == kNull || name.str == "" {
		return "", "parameter has no name"
	}
	in := n.get("in")
	if in == nil || in.kind == kNull {
		return "", fmt.Sprintf("parameter %q has no \"in\" (path, query, header or cookie)", name.str)
	}
	if !parameterLocations[in.str] {
		return "/in", fmt.Sprintf("parameter %q has unknown location %q (path, query, header or cookie)", name.str, in.str)
	}
	return "", ""
}

func checkParameter(c *checker, f *srcFile, n *node, ptr string) {
	if suffix, msg := parameterProblem(n); msg != "" {
		c.failf(f, ptr+suffix, "%s", msg)
	}
}

// badParameter reports, once per object, whether the parameter n (not a
// reference) is left out in lenient loading, with a warning.
func (c *checker) badParameter(f *srcFile, n *node, ptr string) bool {
	if !c.lenient.on || n.kind != kObject {
		return false
	}
	if bad, ok := c.refs.badParam[n]; ok {
		return bad
	}
	suffix, msg := parameterProblem(n)
	c.refs.badParam[n] = msg != ""
	if msg != "" {
		c.warnf(f, ptr+suffix, "%s; the parameter is left out", msg)
	}
	return msg != ""
}

// repairPathKeys repairs the keys of paths that are no path templates
// as written: "//x" (which, joined to a base URL, names another host) is
// read as "/x"; "/x?a={a}" is the path "/x" with the query parameter a
// (declared as one if the spec declares it as a path parameter or not at
// all). Where the repaired key is already a path, the operations of the
// two are merged.
func (c *checker) repairPathKeys() {
	f := c.root
	paths := f.root.get("paths")
	if !c.lenient.on || paths == nil || paths.kind != kObject {
		return
	}
	at := map[string]int{}
	for i, k := range paths.keys {
		at[k] = i
	}
	var drops []int
	for i := 0; i < len(paths.keys); i++ {
		key, item := paths.keys[i], paths.vals[i]
		if strings.HasPrefix(key, "x-") {
			continue
		}
		iptr := "/paths/" + Escape(key)
		nk := key
		if !strings.HasPrefix(nk, "/") {
			// Appended to a server URL, ".evil.example/x" would name
			// another host: the path starts with a slash, as it must.
			nk = "/" + nk
			c.warnf(f, iptr, "path %q does not start with \"/\"; read as %q", key, nk)
		}
		if strings.HasPrefix(nk, "//") {
			nk = "/" + strings.TrimLeft(nk, "/")
			c.warnf(f, iptr, "path %q starts with \"//\" (another host, joined to a server URL); read as %q", key, nk)
		}
		var query []string
		if base, q, ok := strings.Cut(nk, "?"); ok {
			query = braceNames(q)
			nk = base
			msg := fmt.Sprintf("path %q has a query string; the path is %q", key, nk)
			switch len(query) {
			case 0:
			case 1:
				msg += " and {" + query[0] + "} a query parameter"
			default:
				msg += " and {" + strings.Join(query, "}, {") + "} query parameters"
			}
			c.warnf(f, iptr, "%s", msg)
		}
		if nk == key {
			continue
		}
		c.markPatched(f)
		if item.kind == kObject && item.get("$ref") != nil {
			tf, tn, _, msg := c.chase(f, item, iptr)
			if msg != "" || tf == nil || tn.kind != kObject {
				continue // the walk reports it
			}
			item = rebase(tn, tf, f)
			paths.vals[i] = item
		}
		if item.kind != kObject {
			continue
		}
		c.queryParams(item, query)
		if j, ok := at[nk]; ok && j != i {
			c.mergePathItem(paths.vals[j], item, nk, iptr)
			drops = append(drops, i)
			continue
		}
		delete(at, key)
		at[nk] = i
		paths.keys[i] = nk
		paths.idx = nil
	}
	if len(drops) > 0 {
		removeKeys(paths, drops)
	}
}

// braceNames returns the {names} in s.
func braceNames(s string) []string {
	var out []string
	for {
		open := strings.IndexByte(s, '{')
		if open < 0 {
			return out
		}
		end := strings.IndexByte(s[open:], '}')
		if end < 0 {
			return out
		}
		if name := s[open+1 : open+end]; name != "" {
			out = append(out, name)
		}
		s = s[open+end+1:]
	}
}

// queryParams makes each of names a query parameter of the path item:
// declared as a path parameter, it becomes a query parameter; declared
// nowhere, an optional string query parameter of the path item.
func (c *checker) queryParams(item *node, names []string) {
	declared := map[string]bool{}
	lists := []*node{item.get("parameters")}
	for i, k := range item.keys {
		if isMethod(k) && item.vals[i].kind == kObject {
			lists = append(lists, item.vals[i].get("parameters"))
		}
	}
	for _, list := range lists {
		if list == nil || list.kind != kArray {
			continue
		}
		for _, p := range list.items {
			name, in := p.get("name"), p.get("in")
			if name == nil || !name.isScalar() || !contains(names, name.str) {
				continue
			}
			if in != nil && in.str == "path" {
				in.str = "query"
			}
			declared[name.str] = true
		}
	}
	for _, name := range names {
		if declared[name] {
			continue
		}
		list := item.get("parameters")
		if list == nil || list.kind != kArray {
			list = &node{kind: kArray}
			setKey(item, "parameters", list)
		}
		list.items = append(list.items, &node{kind: kObject, keys: []string{"name", "in", "schema"}, vals: []*node{
			{kind: kString, str: name}, {kind: kString, str: "query"},
			{kind: kObject, keys: []string{"type"}, vals: []*node{{kind: kString, str: "string"}}},
		}})
	}
}

// setKey sets key in the object n.
func setKey(n *node, key string, v *node) {
	for i, k := range n.keys {
		if k == key {
			n.vals[i] = v
			return
		}
	}
	n.keys, n.vals, n.idx = append(n.keys, key), append(n.vals, v), nil
}

func isMethod(k string) bool { return contains(operationKeys, k) }

// mergePathItem moves the operations of from (at fptr) into into, the
// path item of path, each with the path item's parameters it does not declare itself;
// a method both have stays into's, with a warning.
func (c *checker) mergePathItem(into, from *node, path, fptr string) {
	iptr := "/paths/" + Escape(path)
	if into.kind == kObject && into.get("$ref") != nil {
		tf, tn, _, msg := c.chase(c.root, into, iptr)
		if msg != "" || tf == nil || tn.kind != kObject {
			return
		}
		cp := rebase(tn, tf, c.root)
		into.keys, into.vals, into.idx = cp.keys, cp.vals, nil
	}
	if into.kind != kObject {
		return
	}
	common := from.get("parameters")
	for i, m := range from.keys {
		if !isMethod(m) {
			continue
		}
		if into.get(m) != nil {
			c.warnf(c.root, fptr+"/"+m, "%s %s is defined twice (once with a query string in the path); the first is kept", strings.ToUpper(m), path)
			continue
		}
		op := from.vals[i]
		if common != nil && common.kind == kArray && len(common.items) > 0 && op.kind == kObject {
			own := op.get("parameters")
			if own == nil || own.kind != kArray {
				own = &node{kind: kArray}
				setKey(op, "parameters", own)
			}
			have := map[string]bool{}
			for _, p := range own.items {
				have[p.get("in").str+" "+p.get("name").str] = true
			}
			for _, p := range common.items {
				if !have[p.get("in").str+" "+p.get("name").str] {
					own.items = append(own.items, p)
				}
			}
		}
		// Both path items' own parameters now apply to it.
		if ip := into.get("parameters"); ip != nil && ip.kind == kArray && len(ip.items) > 0 {
			c.warnf(c.root, fptr+"/"+m, "%s moves to path %s, whose path item parameters apply to it too", strings.ToUpper(m), path)
		}
		into.keys, into.vals, into.idx = append(into.keys, m), append(into.vals, op), nil
	}
}

// operationIDs checks that no two operations share an operationId: it
// names the method orygen generates. In lenient loading, the later one
// (paths and methods as the document orders them) loses it and is named
// from its method and path, with a warning.
func (c *checker) operationIDs() {
	f := c.root
	paths := f.root.get("paths")
	if paths == nil || paths.kind != kObject {
		return
	}
	first := map[string]string{}
	for i, path := range paths.keys {
		item, itf, iptr := paths.vals[i], f, "/paths/"+Escape(path)
		if item.kind == kObject && item.get("$ref") != nil {
			tf, target, tptr, ok := c.follow(f, item, iptr)
			if !ok {
				return
			}
			item, itf, iptr = target, tf, tptr
		}
		if item.kind != kObject {
			continue
		}
		for j, m := range item.keys {
			op := item.vals[j]
			if !isMethod(m) || op.kind != kObject {
				continue
			}
			id := op.get("operationId")
			if id == nil || !id.isScalar() || id.str == "" {
				continue
			}
			where := strings.ToUpper(m) + " " + path
			prev, ok := first[id.str]
			if !ok {
				first[id.str] = where
				continue
			}
			if !c.lenient.on {
				c.failf(itf, iptr+"/"+m+"/operationId", "operationId %q is already used by %s", id.str, prev)
				return
			}
			c.warnf(itf, iptr+"/"+m+"/operationId", "operationId %q is already used by %s; this operation is named from its method and path instead", id.str, prev)
			for k, key := range op.keys {
				if key == "operationId" {
					removeKeys(op, []int{k})
					break
				}
			}
			c.markPatched(itf)
		}
	}
}

// pathTemplates checks each path of the document: it starts with "/",
// its braces pair up, and each {name} in it is non-empty, appears once,
// and is declared as a path parameter of every operation, which declares
// no path parameter the template lacks. A path that breaks these would
// send requests elsewhere than the spec says (a path without "/" changes
// the host: ".attacker.example/x") or generate code that does not build.
// In lenient loading, a {name} no parameter declares is declared (a
// required string), and a path parameter the template lacks is left out,
// each with a warning.
func (c *checker) pathTemplates() {
	f := c.root
	paths := f.root.get("paths")
	if paths == nil || paths.kind != kObject {
		return
	}
	for i, path := range paths.keys {
		if strings.HasPrefix(path, "x-") {
			continue
		}
		iptr := "/paths/" + Escape(path)
		names, msg := templateNames(path)
		if msg != "" {
			c.failf(f, iptr, "%s", msg)
			return
		}
		item, itf, itptr := paths.vals[i], f, iptr
		if item.kind == kObject && item.get("$ref") != nil {
			tf, target, tptr, ok := c.follow(f, item, iptr)
			if !ok {
				return
			}
			item, itf, itptr = target, tf, tptr
		}
		if item.kind != kObject {
			continue
		}
		for j, m := range item.keys {
			op := item.vals[j]
			if !isMethod(m) || op.kind != kObject {
				continue
			}
			// Read again for each operation: a repair may have changed it.
			common := c.pathParams(itf, item.get("parameters"), itptr+"/parameters")
			declared := map[string]paramAt{}
			for k, v := range common {
				declared[k] = v
			}
			for k, v := range c.pathParams(itf, op.get("parameters"), itptr+"/"+m+"/parameters") {
				declared[k] = v
			}
			if c.err != nil {
				return
			}
			what := "operation " + strings.ToUpper(m) + " " + path
			if id := op.get("operationId"); id != nil && id.isScalar() && id.str != "" {
				what = "operation " + id.str
			}
			for _, name := range names {
				if _, ok := declared[name]; ok {
					continue
				}
				if !c.lenient.on {
					c.failf(itf, itptr+"/"+m, "%s: path template {%s} has no path parameter", what, name)
					return
				}
				c.warnf(itf, itptr+"/"+m, "%s: path template {%s} has no path parameter; declared as a required string", what, name)
				list := op.get("parameters")
				if list == nil || list.kind != kArray {
					list = &node{kind: kArray}
					setKey(op, "parameters", list)
				}
				list.items = append(list.items, &node{kind: kObject, keys: []string{"name", "in", "required", "schema"}, vals: []*node{
					{kind: kString, str: name}, {kind: kString, str: "path"}, {kind: kBool, str: "true"},
					{kind: kObject, keys: []string{"type"}, vals: []*node{{kind: kString, str: "string"}}},
				}})
				c.markPatched(itf)
			}
			for _, name := range sortedKeys(declared) {
				if contains(names, name) {
					continue
				}
				p := declared[name]
				if !c.lenient.on {
					c.failf(p.f, p.ptr, "%s: path parameter %q is not in the path template %s", what, name, path)
					return
				}
				c.warnf(p.f, p.ptr, "%s: path parameter %q is not in the path template %s; left out", what, name, path)
				for k, it := range p.list.items {
					if it == p.n {
						p.list.items = append(p.list.items[:k:k], p.list.items[k+1:]...)
						break
					}
				}
				c.markPatched(p.f)
			}
		}
	}
}

type paramAt struct {
	f    *srcFile
	ptr  string
	list *node // the parameters list, and the entry in it
	n    *node
}

// pathParams returns the path parameters of a parameters list, by name.
func (c *checker) pathParams(f *srcFile, list *node, ptr string) map[string]paramAt {
	out := map[string]paramAt{}
	if list == nil || list.kind != kArray {
		return out
	}
	for i, p := range list.items {
		pptr, entry := ptr+"/"+strconv.Itoa(i), p
		if p.kind == kObject && p.get("$ref") != nil {
			_, tn, _, ok := c.follow(f, p, pptr)
			if !ok {
				return out
			}
			p = tn // the message points at the use, in the path's file
		}
		if in := p.get("in"); in != nil && in.str == "path" {
			if name := p.get("name"); name != nil && name.isScalar() {
				out[name.str] = paramAt{f, pptr, list, entry}
			}
		}
	}
	return out
}

// templateNames returns the parameter names of a path template, or a
// message saying what is wrong with it.
func templateNames(path string) (names []string, msg string) {
	if !strings.HasPrefix(path, "/") {
		return nil, `path must start with "/"`
	}
	if strings.HasPrefix(path, "//") {
		// Joined to a base URL, "//host/x" names another host.
		return nil, `path must not start with "//"`
	}
	seen := map[string]bool{}
	for rest := path; rest != ""; {
		open, close := strings.IndexByte(rest, '{'), strings.IndexByte(rest, '}')
		switch {
		case open < 0 && close < 0:
			return names, ""
		case close >= 0 && (open < 0 || close < open):
			return nil, `path template has a "}" without a "{"`
		}
		rest = rest[open+1:]
		end := strings.IndexAny(rest, "{}")
		if end < 0 || rest[end] == '{' {
			return nil, `path template has a "{" without a "}"`
		}
		name := rest[:end]
		if name == "" {
			return nil, "path template has an empty parameter name {}"
		}
		if seen[name] {
			// The one parameter fills every place that names it.
			rest = rest[end+1:]
			continue
		}
		seen[name] = true
		names = append(names, name)
		rest = rest[end+1:]
	}
	return names, ""
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
