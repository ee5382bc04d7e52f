package loader

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"regexp"
	"strconv"
	"strings"

	yaml "github.com/oasdiff/yaml3"
)

// node is a parsed JSON or YAML value: the same tree for both, so that
// the structural checks in check.go see a document the way kin-openapi
// will, but can say where a problem is.
type node struct {
	kind  nodeKind
	str   string   // scalar text: the string, the number literal, "true"/"false"
	keys  []string // object keys in document order
	vals  []*node  // object values, parallel to keys
	items []*node  // array elements
	// idx indexes keys, built on the first lookup in a large object so
	// that resolving many refs into one (#/components/schemas/…) is not
	// quadratic; whatever changes keys resets it.
	idx map[string]int
	// size is the node's length written as JSON with YAML aliases
	// expanded, as parsed from YAML (0 from JSON, and not kept up to date
	// by repairs): what the expansion limit counts.
	size int64
}

type nodeKind int

const (
	kNull nodeKind = iota
	kBool
	kNumber
	kString
	kObject
	kArray
)

func (k nodeKind) String() string {
	return [...]string{"null", "a boolean", "a number", "a string", "an object", "an array"}[k]
}

// get returns the value of key in an object, or nil.
func (n *node) get(key string) *node {
	if n == nil || n.kind != kObject {
		return nil
	}
	if len(n.keys) > 8 {
		if n.idx == nil {
			n.idx = make(map[string]int, len(n.keys))
			for i, k := range n.keys {
				if _, dup := n.idx[k]; !dup {
					n.idx[k] = i
				}
			}
		}
		if i, ok := n.idx[key]; ok {
			return n.vals[i]
		}
		return nil
	}
	for i, k := range n.keys {
		if k == key {
			return n.vals[i]
		}
	}
	return nil
}

func (n *node) isScalar() bool { return n.kind == kBool || n.kind == kNumber || n.kind == kString }

// describe names what a node is for a message: its kind, and the value
// of a short scalar.
func (n *node) describe() string {
	if n.isScalar() && len(n.str) <= 40 && !strings.ContainsAny(n.str, "\n\r") {
		if n.kind == kString {
			return fmt.Sprintf("%s (%s)", n.kind, strconv.Quote(n.str))
		}
		return fmt.Sprintf("%s (%s)", n.kind, n.str)
	}
	return n.kind.String()
}

// maxNesting bounds the depth of a document: no real spec comes near it,
// and it keeps recursion over the tree (here and in kin-openapi) cheap.
const maxNesting = 500

// syntaxError is a document that does not parse; line is 1-based, 0 when
// unknown.
type syntaxError struct {
	line int
	msg  string
	err  error // a sentinel it stands for, if any
}

func (e *syntaxError) Error() string { return e.msg }
func (e *syntaxError) Unwrap() error { return e.err }

var errTrailing = errors.New("invalid JSON: more data after the document")

// looksLikeJSON reports whether data is meant as JSON: it starts with a
// brace or bracket, or the file is named .json.
func looksLikeJSON(name string, data []byte) bool {
	t := bytes.TrimLeft(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")), " \t\r\n")
	if len(t) > 0 && (t[0] == '{' || t[0] == '[') {
		return true
	}
	return strings.HasSuffix(strings.ToLower(name), ".json")
}

// parseDocument parses data as JSON or YAML, as kin-openapi does: JSON
// first, then YAML (which JSON mostly is). When both fail, the error is
// the one for the syntax the file looks like it is written in.
func parseDocument(name string, data []byte) (*node, error) {
	n, _, err := parseDocumentAs(name, data)
	return n, err
}

// maxExpanded is the most bytes a document may stand for once its YAML
// aliases and merge keys are expanded, written as JSON (which is how
// kin-openapi and the overlays read it): twice the file size limit, room
// for an honest document at the limit (JSON quotes what YAML leaves
// bare), and nothing like what an alias bomb would make.
const maxExpanded = 2 * DefaultMaxFileSize

// expandLimit is maxExpanded, smaller in tests.
var expandLimit int64 = maxExpanded

// parseDocumentAs is parseDocument, also saying whether the document was
// read as JSON.
func parseDocumentAs(name string, data []byte) (n *node, src docSource, err error) {
	jn, jerr := parseJSON(data)
	if jerr == nil {
		return jn, fromJSONText, nil
	}
	if errors.Is(jerr, errTrailing) {
		// Valid JSON followed by more: YAML would read it as something
		// else entirely.
		return nil, fromYAML, jerr
	}
	yn, plain, yerr := parseYAML(data)
	if yerr == nil {
		if plain {
			return yn, fromPlainYAML, nil
		}
		return yn, fromYAML, nil
	}
	var se *syntaxError
	if looksLikeJSON(name, data) && errors.As(jerr, &se) {
		return nil, fromYAML, jerr
	}
	return nil, fromYAML, yerr
}

// plainNumber: s is a JSON number literal of a finite float64.
func plainNumber(s string) bool {
	if !json.Valid([]byte(s)) || strings.ContainsAny(s, "\"[]{}ntf") {
		return false
	}
	f, err := strconv.ParseFloat(s, 64)
	return err == nil && !math.IsInf(f, 0)
}

// docSource is what a document's tree was read from.
type docSource int

const (
	fromYAML      docSource = iota // YAML with a key or scalar of another type
	fromPlainYAML                  // YAML of string keys and core-typed scalars
	fromJSONText
)

func parseJSON(data []byte) (*node, error) {
	if n, ok := parseJSONFast(data); ok {
		return n, nil
	}
	return parseJSONTokens(data)
}

// parseJSONTokens is parseJSON through encoding/json's token decoder:
// slower, but the one that words the errors.
func parseJSONTokens(data []byte) (*node, error) {
	dec := &jsonDecoder{json.NewDecoder(bytes.NewReader(data)), data}
	dec.UseNumber()
	n, err := jsonValue(dec, 0)
	if err == nil {
		if _, terr := dec.Token(); terr != io.EOF {
			return nil, &syntaxError{line: lineAt(data, dec.InputOffset()), msg: errTrailing.Error(), err: errTrailing}
		}
		return n, nil
	}
	var se *syntaxError
	if errors.As(err, &se) {
		return nil, err
	}
	var jse *json.SyntaxError
	if errors.As(err, &jse) {
		return nil, &syntaxError{line: lineAt(data, jse.Offset), msg: "invalid JSON: " + strings.TrimPrefix(jse.Error(), "json: ")}
	}
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return nil, &syntaxError{line: lineAt(data, int64(len(data))), msg: "invalid JSON: unexpected end of input"}
	}
	return nil, &syntaxError{msg: "invalid JSON: " + err.Error()}
}

// jsonDecoder is a token decoder that can tell the line it is at.
type jsonDecoder struct {
	*json.Decoder
	data []byte
}

func jsonValue(dec *jsonDecoder, depth int) (*node, error) {
	if depth > maxNesting {
		return nil, &syntaxError{msg: fmt.Sprintf("document nests deeper than %d levels", maxNesting)}
	}
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	switch t := tok.(type) {
	case json.Delim:
		switch t {
		case '{':
			n := &node{kind: kObject}
			idx := map[string]int{}
			for dec.More() {
				kt, err := dec.Token()
				if err != nil {
					return nil, err
				}
				k, _ := kt.(string)
				if _, ok := idx[k]; ok {
					// encoding/json would keep the last, YAML (kin-openapi's
					// fallback) refuses: either way one of them is lost.
					return nil, &syntaxError{line: lineAt(dec.data, dec.InputOffset()), msg: fmt.Sprintf("invalid JSON: key %q is defined twice", k)}
				}
				v, err := jsonValue(dec, depth+1)
				if err != nil {
					return nil, err
				}
				idx[k] = len(n.keys)
				n.keys = append(n.keys, k)
				n.vals = append(n.vals, v)
			}
			if _, err := dec.Token(); err != nil {
				return nil, err
			}
			return n, nil
		case '[':
			n := &node{kind: kArray}
			for dec.More() {
				v, err := jsonValue(dec, depth+1)
				if err != nil {
					return nil, err
				}
				n.items = append(n.items, v)
			}
			if _, err := dec.Token(); err != nil {
				return nil, err
			}
			return n, nil
		}
		return nil, fmt.Errorf("unexpected %q", t)
	case string:
		return &node{kind: kString, str: t}, nil
	case json.Number:
		return &node{kind: kNumber, str: t.String()}, nil
	case bool:
		return &node{kind: kBool, str: strconv.FormatBool(t)}, nil
	case nil:
		return &node{kind: kNull}, nil
	}
	return nil, fmt.Errorf("unexpected token %v", tok)
}

// lineAt is the 1-based line of byte offset off.
func lineAt(data []byte, off int64) int {
	if off > int64(len(data)) {
		off = int64(len(data))
	}
	if off < 0 {
		off = 0
	}
	return bytes.Count(data[:off], []byte("\n")) + 1
}

var reYAMLLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// parseYAML reads a YAML document into a tree; plain says it has no
// aliases, its keys are all strings and its scalars all of YAML's core
// types (null, bool, JSON-style numbers, str): the documents kin-openapi's
// model can be built from the tree (kinbuild.go) with the result its own
// YAML reading gives.
func parseYAML(data []byte) (n *node, plain bool, err error) {
	// The YAML parser is a port of libyaml; a panic in it is a parse
	// failure, not a crash.
	defer func() {
		if r := recover(); r != nil {
			n, plain, err = nil, false, &syntaxError{msg: fmt.Sprintf("invalid YAML: %v", r)}
		}
	}()
	var doc yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return &node{kind: kNull}, false, nil
		}
		msg := strings.TrimPrefix(firstLine(err.Error()), "yaml: ")
		line := 0
		if m := reYAMLLine.FindStringSubmatch(firstLine(err.Error())); m != nil {
			line, _ = strconv.Atoi(m[1])
			msg = m[2]
			if tabIndented(data, line) {
				msg += " (a tab in the indentation: YAML indents with spaces)"
			}
		}
		return nil, false, &syntaxError{line: line, msg: "invalid YAML: " + msg}
	}
	c := &yamlConv{seen: map[*yaml.Node]*node{}, limit: expandLimit}
	root := &doc
	if root.Kind == yaml.DocumentNode {
		if len(root.Content) == 0 {
			return &node{kind: kNull}, false, nil
		}
		root = root.Content[0]
	}
	n, err = c.convert(root, 0)
	return n, err == nil && !c.odd, err
}

// tabIndented reports whether line (1-based) or the one before it starts
// with a tab; libyaml reports a tab where it finds it, which may be the
// end of the previous line's token.
func tabIndented(data []byte, line int) bool {
	lines := bytes.Split(data, []byte("\n"))
	for _, l := range []int{line, line - 1} {
		if l < 1 || l > len(lines) {
			continue
		}
		ws := lines[l-1][:len(lines[l-1])-len(bytes.TrimLeft(lines[l-1], " \t"))]
		if bytes.IndexByte(ws, '\t') >= 0 {
			return true
		}
	}
	return false
}

type yamlConv struct {
	seen  map[*yaml.Node]*node // anchors: an alias shares the converted node
	count int
	odd   bool // a key that is not a string, or a scalar of another type
	// limit bounds each node's size (node.size): an alias adds its
	// anchor's size without copying it, so a document that would expand
	// past limit is refused while the tree is still the size of its text.
	limit int64
}

// tooLarge is the error for a document that expands past c.limit.
func (c *yamlConv) tooLarge(line int, size int64) error {
	return &syntaxError{line: line, msg: fmt.Sprintf("invalid YAML: document contains excessive aliasing: more than %s as JSON once its aliases and merge keys (<<) are expanded (here: %s)",
		byteSize(c.limit), byteSize(size)), err: errExpansion}
}

// errExpansion marks the error of a document that expands past the limit.
var errExpansion = errors.New("document expands past the limit")

// byteSize writes n bytes for a message.
func byteSize(n int64) string {
	if n >= 1<<20 && n%(1<<20) == 0 {
		return fmt.Sprintf("%d MiB", n>>20)
	}
	if n >= 1<<20 {
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	}
	return fmt.Sprintf("%d bytes", n)
}

// sized records n's expanded size and checks it against the limit.
func (c *yamlConv) sized(n *node, size int64, line int) (*node, error) {
	if size > c.limit {
		return nil, c.tooLarge(line, size)
	}
	n.size = size
	return n, nil
}

// scalarSize is a scalar's length written as JSON: its text, quoted for
// a string (escapes aside).
func scalarSize(n *node) int64 {
	switch n.kind {
	case kString:
		return int64(len(n.str)) + 2
	case kNull:
		return 4
	}
	return int64(len(n.str))
}

// maxYAMLNodes bounds the work of converting a document whose aliases
// multiply it (a "billion laughs"); it counts nodes as visited, so shared
// anchors are converted once.
const maxYAMLNodes = 5_000_000

func (c *yamlConv) convert(y *yaml.Node, depth int) (*node, error) {
	if depth > maxNesting {
		return nil, &syntaxError{line: y.Line, msg: fmt.Sprintf("document nests deeper than %d levels", maxNesting)}
	}
	if y.Kind == yaml.AliasNode {
		if y.Alias == nil {
			return nil, &syntaxError{line: y.Line, msg: "invalid YAML: unknown anchor"}
		}
		// The tree shares an alias's node; kin-openapi's model copies
		// it, which aliases of aliases make exponential (a "billion
		// laughs"): kin-openapi's own YAML reading has limits for that.
		c.odd = true
		y = y.Alias
	}
	if n, ok := c.seen[y]; ok {
		if n == nil {
			return nil, &syntaxError{line: y.Line, msg: "invalid YAML: an anchor contains an alias of itself"}
		}
		return n, nil
	}
	c.count++
	if c.count > maxYAMLNodes {
		return nil, &syntaxError{line: y.Line, msg: "invalid YAML: document is too large"}
	}
	c.seen[y] = nil // in progress
	n, err := c.convertNew(y, depth)
	if err != nil {
		return nil, err
	}
	if n.isScalar() || n.kind == kNull {
		if n, err = c.sized(n, scalarSize(n), y.Line); err != nil {
			return nil, err
		}
	}
	c.seen[y] = n
	return n, nil
}

func (c *yamlConv) convertNew(y *yaml.Node, depth int) (*node, error) {
	switch y.Kind {
	case yaml.DocumentNode:
		if len(y.Content) == 0 {
			return &node{kind: kNull}, nil
		}
		return c.convert(y.Content[0], depth)
	case yaml.ScalarNode:
		switch y.ShortTag() {
		case "!!null":
			return &node{kind: kNull}, nil
		case "!!bool":
			var b bool
			if err := y.Decode(&b); err != nil {
				c.odd = true
				return &node{kind: kString, str: y.Value}, nil
			}
			return &node{kind: kBool, str: strconv.FormatBool(b)}, nil
		case "!!int", "!!float":
			if plainNumber(y.Value) {
				return &node{kind: kNumber, str: y.Value}, nil
			}
			if y.ShortTag() == "!!float" {
				var f float64
				if err := y.Decode(&f); err == nil && (math.IsInf(f, 0) || math.IsNaN(f)) {
					// kin-openapi reads YAML by converting it to JSON,
					// which has no such number: its error names neither
					// the file nor the line.
					return nil, &syntaxError{line: y.Line, msg: fmt.Sprintf("invalid YAML: %s is not a number JSON can hold (an OpenAPI document is JSON; quote it to make it a string)", strconv.Quote(y.Value))}
				}
			}
			c.odd = true // 0x1F, 1_000: kin-openapi's YAML reading converts them
			return &node{kind: kNumber, str: yamlInt(y)}, nil
		case "!!str":
		default:
			c.odd = true // !!timestamp, !!binary, a tag of the document's own
		}
		return &node{kind: kString, str: y.Value}, nil
	case yaml.SequenceNode:
		n := &node{kind: kArray}
		size := int64(2)
		for _, it := range y.Content {
			v, err := c.convert(it, depth+1)
			if err != nil {
				return nil, err
			}
			n.items = append(n.items, v)
			if size += v.size + 1; size > c.limit {
				return nil, c.tooLarge(it.Line, size)
			}
		}
		return c.sized(n, size, y.Line)
	case yaml.MappingNode:
		n := &node{kind: kObject}
		idx := map[string]int{}
		var merges []*node
		size := int64(2)
		add := func(k string, v *node, line int) error {
			if size += int64(len(k)) + 4 + v.size; size > c.limit {
				return c.tooLarge(line, size)
			}
			return nil
		}
		for i := 0; i+1 < len(y.Content); i += 2 {
			ky, vy := y.Content[i], y.Content[i+1]
			if ky.Kind == yaml.AliasNode && ky.Alias != nil {
				c.odd = true
				ky = ky.Alias
			}
			if ky.Kind != yaml.ScalarNode {
				return nil, &syntaxError{line: ky.Line, msg: "invalid YAML: a mapping key must be a scalar"}
			}
			v, err := c.convert(vy, depth+1)
			if err != nil {
				return nil, err
			}
			if ky.ShortTag() == "!!merge" {
				merges = append(merges, v)
				continue
			}
			if ky.ShortTag() != "!!str" {
				c.odd = true // kin-openapi's YAML reading spells such a key its own way, or refuses it
			}
			k := ky.Value
			if _, ok := idx[k]; ok {
				return nil, &syntaxError{line: ky.Line, msg: fmt.Sprintf("invalid YAML: mapping key %q is defined twice", k)}
			}
			idx[k] = len(n.keys)
			n.keys = append(n.keys, k)
			n.vals = append(n.vals, v)
			if err := add(k, v, ky.Line); err != nil {
				return nil, err
			}
		}
		// "<<: *base" adds the keys of base that the mapping does not have.
		for _, m := range merges {
			srcs := []*node{m}
			if m.kind == kArray {
				srcs = m.items
			}
			for _, s := range srcs {
				if s.kind != kObject {
					return nil, &syntaxError{line: y.Line, msg: "invalid YAML: a merge key (<<) needs a mapping"}
				}
				for j, k := range s.keys {
					if _, ok := idx[k]; !ok {
						// Counted before it is copied: a mapping merged into
						// many others is copied into each.
						if err := add(k, s.vals[j], y.Line); err != nil {
							return nil, err
						}
						idx[k] = len(n.keys)
						n.keys = append(n.keys, k)
						n.vals = append(n.vals, s.vals[j])
					}
				}
			}
		}
		return c.sized(n, size, y.Line)
	}
	return nil, &syntaxError{line: y.Line, msg: "invalid YAML: unexpected node"}
}

// yamlInt writes a YAML integer in another form (0x1F, 0o17, 1_000, +12)
// as the decimal it stands for, the form the rest of orygen reads a
// number literal in (enum values keep their digits); anything else (a
// float, an integer beyond 64 bits) is returned as written.
func yamlInt(y *yaml.Node) string {
	if y.ShortTag() != "!!int" {
		return y.Value
	}
	var i int64
	if err := y.Decode(&i); err == nil {
		return strconv.FormatInt(i, 10)
	}
	var u uint64
	if err := y.Decode(&u); err == nil {
		return strconv.FormatUint(u, 10)
	}
	return y.Value
}

// treeSize counts the nodes of n as JSON would write them, up to limit.
func treeSize(n *node, limit int) int {
	c := 1
	for _, v := range append(n.vals, n.items...) {
		if c >= limit {
			break
		}
		c += treeSize(v, limit-c)
	}
	return c
}
