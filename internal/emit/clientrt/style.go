package clientrt

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
)

// paramStyle is an OpenAPI serialization style. The generator decides
// which one a parameter or form property uses (ir.Style, with its
// legality table); the runtime only writes it.
type paramStyle uint8

const (
	styleSimple paramStyle = iota
	styleForm
	styleMatrix
	styleLabel
	styleSpaceDelimited
	stylePipeDelimited
	styleDeepObject
)

// Value shapes of a paramValue.
const (
	valScalar = iota
	valList
	valObject
)

// paramValue is a parameter's value as the styles see it: a scalar's
// text, a list's items, or an object's names and values in order
// (struct fields in declaration order, map keys sorted, as JSON writes
// them). Items that are themselves lists or objects are their JSON text:
// OpenAPI leaves nesting beyond one level to the implementation, and
// deepObject, which does nest, reads tree instead.
type paramValue struct {
	kind  uint8
	text  string
	items []string // list items, or an object's name, value, name, value...
	tree  any      // the JSON tree, for deepObject
	err   error
}

// scalarParam is a value with a plain text form (string, number, bool,
// time, enum), formatted by the generated code without reflection.
func scalarParam(s string) paramValue { return paramValue{kind: valScalar, text: s} }

// listParam is a list of scalars, formatted by the generated code.
func listParam(items []string) paramValue { return paramValue{kind: valList, items: items} }

// anyParam is any other value, read through its JSON encoding so that
// names are the JSON names and unions carry their discriminator.
func anyParam(v any) paramValue {
	b, err := json.Marshal(v)
	if err != nil {
		return paramValue{err: err}
	}
	tree, err := orderedTree(b)
	if err != nil {
		return paramValue{err: err}
	}
	return treeValue(tree)
}

// treeValue is a decoded JSON value (ordered, or from a map, whose keys
// are taken sorted) as a paramValue.
func treeValue(tree any) paramValue {
	pv := paramValue{tree: tree}
	switch x := tree.(type) {
	case []any:
		pv.kind = valList
		for _, e := range x {
			pv.items = append(pv.items, itemText(e))
		}
	case *object:
		pv.kind = valObject
		for _, m := range x.members {
			pv.items = append(pv.items, m.name, itemText(m.value))
		}
	case map[string]any:
		pv.kind = valObject
		for _, k := range sortedKeys(x) {
			pv.items = append(pv.items, k, itemText(x[k]))
		}
	default:
		pv.text = itemText(x)
	}
	return pv
}

// object is a JSON object with its members in the order of the text.
type object struct{ members []member }

type member struct {
	name  string
	value any
}

// orderedTree decodes JSON text into scalars (string, json.Number, bool,
// nil), []any and *object, keeping the order of object members.
func orderedTree(b []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var read func() (any, error)
	read = func() (any, error) {
		tok, err := dec.Token()
		if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case json.Delim:
			if t == '[' {
				list := []any{}
				for dec.More() {
					e, err := read()
					if err != nil {
						return nil, err
					}
					list = append(list, e)
				}
				_, err := dec.Token()
				return list, err
			}
			o := &object{}
			for dec.More() {
				k, err := dec.Token()
				if err != nil {
					return nil, err
				}
				v, err := read()
				if err != nil {
					return nil, err
				}
				o.members = append(o.members, member{k.(string), v})
			}
			_, err := dec.Token()
			return o, err
		}
		return tok, nil
	}
	return read()
}

// itemText is a tree value's text in a delimited list: a scalar's text,
// JSON text for anything else ("" for null).
func itemText(x any) string {
	switch v := x.(type) {
	case nil:
		return ""
	case string:
		return v
	case json.Number:
		return v.String()
	case bool:
		return strconv.FormatBool(v)
	}
	b, _ := json.Marshal(plainTree(x))
	return string(b)
}

// plainTree turns *object back into something json.Marshal writes in the
// same member order.
func plainTree(x any) any {
	switch v := x.(type) {
	case []any:
		out := make([]any, len(v))
		for i, e := range v {
			out[i] = plainTree(e)
		}
		return out
	case *object:
		var b bytes.Buffer
		b.WriteByte('{')
		for i, m := range v.members {
			if i > 0 {
				b.WriteByte(',')
			}
			k, _ := json.Marshal(m.name)
			e, _ := json.Marshal(plainTree(m.value))
			b.Write(k)
			b.WriteByte(':')
			b.Write(e)
		}
		b.WriteByte('}')
		return json.RawMessage(b.Bytes())
	}
	return x
}

// escaper percent-encodes a name or a value for where it travels.
type escaper func(string) string

const upperHex = "0123456789ABCDEF"

// escapeExcept percent-encodes every byte of s but the unreserved
// characters of RFC 3986 and those keep lets through.
func escapeExcept(s string, keep func(byte) bool) string {
	n := 0
	for i := 0; i < len(s); i++ {
		if !unreserved(s[i]) && !keep(s[i]) {
			n++
		}
	}
	if n == 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 2*n)
	for i := 0; i < len(s); i++ {
		c := s[i]
		if unreserved(c) || keep(c) {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(upperHex[c>>4])
		b.WriteByte(upperHex[c&15])
	}
	return b.String()
}

func unreserved(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '.' || c == '_' || c == '~'
}

func keepNone(byte) bool { return false }

// escapeStrict is RFC 6570's simple expansion: everything but the
// unreserved characters is percent-encoded, so no delimiter of any style
// can hide in a value.
func escapeStrict(s string) string { return escapeExcept(s, keepNone) }

// escapeLabel also encodes '.', the label style's delimiter.
func escapeLabel(s string) string {
	return strings.ReplaceAll(escapeStrict(s), ".", "%2E")
}

// escapeReserved is allowReserved: the reserved characters of RFC 3986
// and percent-encoded triples pass unchanged, except those a query
// cannot carry literally ('#', '[', ']') or that mean something in it
// ('&', '=', '+'), which the specification (Appendix C) still has encoded.
func escapeReserved(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]):
			b.WriteString(s[i : i+3])
			i += 2
		case unreserved(c) || strings.IndexByte(":/?@!$'()*,;", c) >= 0:
			b.WriteByte(c)
		default:
			b.WriteByte('%')
			b.WriteByte(upperHex[c>>4])
			b.WriteByte(upperHex[c&15])
		}
	}
	return b.String()
}

// escapeNone is for headers, which are never percent-encoded (OpenAPI's
// Appendix D); CR, LF and NUL are refused by setHeader instead.
func escapeNone(s string) string { return s }

// escapeForm is application/x-www-form-urlencoded, as a form body is
// written: a space is '+', and '+' itself is encoded.
func escapeForm(s string) string {
	return strings.ReplaceAll(escapeExcept(s, func(c byte) bool { return c == ' ' }), " ", "+")
}

// joinEscaped escapes each of items and joins them with sep.
func joinEscaped(items []string, sep string, esc escaper) string {
	var b strings.Builder
	for i, it := range items {
		if i > 0 {
			b.WriteString(sep)
		}
		b.WriteString(esc(it))
	}
	return b.String()
}

// pairsEscaped writes an object's members as name=value joined by sep.
func pairsEscaped(items []string, sep string, esc escaper) string {
	var b strings.Builder
	for i := 0; i+1 < len(items); i += 2 {
		if i > 0 {
			b.WriteString(sep)
		}
		b.WriteString(esc(items[i]))
		b.WriteByte('=')
		b.WriteString(esc(items[i+1]))
	}
	return b.String()
}

// simpleStyle is the simple style (path and header parameters): blue,
// blue,black,brown, and an object as R,100,G,200,B,150 or, exploded,
// R=100,G=200,B=150.
func simpleStyle(v paramValue, explode bool, esc escaper) string {
	switch v.kind {
	case valList:
		return joinEscaped(v.items, ",", esc)
	case valObject:
		if explode {
			return pairsEscaped(v.items, ",", esc)
		}
		return joinEscaped(v.items, ",", esc)
	}
	return esc(v.text)
}

// labelStyle is the label style (path): .blue, .blue,black,brown or,
// exploded, .blue.black.brown; an object as .R,100,G,200 or .R=100.G=200.
func labelStyle(v paramValue, explode bool, esc escaper) string {
	sep := ","
	if explode {
		sep = "."
	}
	switch v.kind {
	case valList:
		return "." + joinEscaped(v.items, sep, esc)
	case valObject:
		if explode {
			return "." + pairsEscaped(v.items, ".", esc)
		}
		return "." + joinEscaped(v.items, ",", esc)
	}
	return "." + esc(v.text)
}

// matrixStyle is the matrix style (path): ;color=blue, ;color=blue,black
// or, exploded, ;color=blue;color=black; an object as ;color=R,100,G,200
// or ;R=100;G=200. An empty scalar is ;color.
func matrixStyle(name string, v paramValue, explode bool, esc escaper) string {
	n := esc(name)
	switch v.kind {
	case valList:
		if explode {
			var b strings.Builder
			for _, it := range v.items {
				b.WriteString(";" + n + "=" + esc(it))
			}
			return b.String()
		}
		return ";" + n + "=" + joinEscaped(v.items, ",", esc)
	case valObject:
		if explode {
			return ";" + pairsEscaped(v.items, ";", esc)
		}
		return ";" + n + "=" + joinEscaped(v.items, ",", esc)
	}
	if v.text == "" {
		return ";" + n
	}
	return ";" + n + "=" + esc(v.text)
}

// formStyle is the form style (query, cookie, form body), as name=value
// pieces: color=blue; color=blue,black,brown or, exploded,
// color=blue, color=black...; an object as color=R,100,G,200 or,
// exploded, R=100, G=200. The other query styles build on it: the
// delimited ones join a list with another delimiter (sep, already
// escaped), and both, exploded, are the exploded form style.
func formStyle(name string, v paramValue, explode bool, sep string, esc escaper, add func(string)) {
	n := esc(name)
	switch v.kind {
	case valList:
		if explode {
			for _, it := range v.items {
				add(n + "=" + esc(it))
			}
			return
		}
		if len(v.items) > 0 {
			add(n + "=" + joinEscaped(v.items, sep, esc))
		}
	case valObject:
		if explode {
			for i := 0; i+1 < len(v.items); i += 2 {
				add(esc(v.items[i]) + "=" + esc(v.items[i+1]))
			}
			return
		}
		if len(v.items) > 0 {
			add(n + "=" + joinEscaped(v.items, sep, esc))
		}
	default:
		add(n + "=" + esc(v.text))
	}
}

// deepObjectStyle writes x under key with brackets (encoded, as RFC 3986
// has them in a query): objects and maps as key[k], lists of scalars as
// key[], other lists by index, key[0][k]; null is left out.
func deepObjectStyle(key string, x any, esc escaper, add func(string)) {
	switch v := x.(type) {
	case []any:
		allScalar := true
		for _, e := range v {
			switch e.(type) {
			case []any, *object, map[string]any:
				allScalar = false
			}
		}
		for i, e := range v {
			if allScalar {
				deepObjectStyle(key+"%5B%5D", e, esc, add)
			} else {
				deepObjectStyle(key+"%5B"+strconv.Itoa(i)+"%5D", e, esc, add)
			}
		}
	case *object:
		for _, m := range v.members {
			deepObjectStyle(key+"%5B"+esc(m.name)+"%5D", m.value, esc, add)
		}
	case map[string]any:
		for _, k := range sortedKeys(v) {
			deepObjectStyle(key+"%5B"+esc(k)+"%5D", v[k], esc, add)
		}
	case nil:
	default:
		add(key + "=" + esc(itemText(x)))
	}
}

// styled writes v in style st as name=value pieces of a query or a form
// body, escaped with esc; space is how the encoding writes a space.
func styled(name string, st paramStyle, explode bool, v paramValue, esc escaper, space string, add func(string)) {
	switch st {
	case styleDeepObject:
		tree := v.tree
		switch {
		case tree != nil:
		case v.kind == valList:
			l := make([]any, len(v.items))
			for i, it := range v.items {
				l[i] = it
			}
			tree = l
		default:
			tree = v.text
		}
		deepObjectStyle(esc(name), tree, esc, add)
	case styleSpaceDelimited:
		formStyle(name, v, explode, space, esc, add)
	case stylePipeDelimited:
		formStyle(name, v, explode, "%7C", esc, add)
	default:
		formStyle(name, v, explode, ",", esc, add)
	}
}

// queryList is a query string being built: name=value pieces, each
// already escaped, in the order the parameters were added (the
// generator's order), so that a style's delimiters stay literal, which
// url.Values.Encode cannot do.
type queryList []string

// Add appends name=value, both escaped.
func (q *queryList) Add(name, value string) {
	*q = append(*q, escapeStrict(name)+"="+escapeStrict(value))
}

// Set replaces every piece named name with name=value.
func (q *queryList) Set(name, value string) {
	q.del(escapeStrict(name))
	q.Add(name, value)
}

func (q *queryList) del(escName string) {
	kept := (*q)[:0]
	for _, p := range *q {
		if k, _, _ := strings.Cut(p, "="); k != escName {
			kept = append(kept, p)
		}
	}
	*q = kept
}

// Encode is the query string.
func (q queryList) Encode() string { return strings.Join(q, "&") }

// setRawQuery sets the query parameter name of a raw query string to
// value, leaving every other piece as it is.
func setRawQuery(raw, name, value string) string {
	var q queryList
	if raw != "" {
		q = strings.Split(raw, "&")
	}
	q.Set(name, value)
	return q.Encode()
}

// dropRawQuery removes from a raw query string the pieces whose name,
// decoded, is one of names, leaving every other piece as it is.
func dropRawQuery(raw string, names []string) string {
	var kept []string
	for _, p := range strings.Split(raw, "&") {
		k, _, _ := strings.Cut(p, "=")
		if dk, err := url.QueryUnescape(k); err == nil && slices.Contains(names, dk) {
			continue
		}
		kept = append(kept, p)
	}
	return strings.Join(kept, "&")
}

// jsonValue is a parameter described by JSON content: its JSON text, as
// one value.
func jsonValue(v any) paramValue {
	b, err := json.Marshal(v)
	if err != nil {
		return paramValue{err: err}
	}
	return paramValue{kind: valScalar, text: string(b)}
}

// queryParam adds a query parameter in style st (allowReserved: reserved
// characters are sent as they are).
func (c *call) queryParam(name string, st paramStyle, explode, allowReserved bool, v paramValue) {
	if v.err != nil {
		c.fail(paramError("query", name, v.err))
		return
	}
	esc := escaper(escapeStrict)
	if allowReserved {
		esc = escapeReserved
	}
	styled(name, st, explode, v, esc, "%20", func(p string) { c.query = append(c.query, p) })
}

// queryScalar is queryParam of a scalar in the form, spaceDelimited or
// pipeDelimited style, escaped strictly: name=value, whatever the style and
// explode. The generated code calls it for such parameters, the most
// common, so that a program calling only operations with them does not
// link styled and every style's encoder.
func (c *call) queryScalar(name, value string) {
	c.query = append(c.query, escapeStrict(name)+"="+escapeStrict(value))
}

// headerParam sets a header parameter in the simple style, the only one
// headers have; nothing is percent-encoded.
func (c *call) headerParam(name string, explode bool, v paramValue) {
	if v.err != nil {
		c.fail(paramError("header", name, v.err))
		return
	}
	c.setHeader(name, simpleStyle(v, explode, escapeNone))
}

// cookieParam adds a cookie parameter in the form style, as OpenAPI's
// examples write it without the "?" (Appendix D leaves the choice to the
// implementation): color=blue, color=blue,black,brown; exploded, each
// piece is a cookie of its own (color=blue; color=black), since cookies
// are delimited by "; ", never "&". Names and values are percent-encoded
// as RFC 6570 form expansion does, which also keeps them within RFC
// 6265's cookie-octets; the comma delimiter stays literal.
func (c *call) cookieParam(name string, explode bool, v paramValue) {
	if v.err != nil {
		c.fail(paramError("cookie", name, v.err))
		return
	}
	if !validCookieName(name) {
		c.fail(paramError("cookie", name, errCookieName))
		return
	}
	formStyle(name, v, explode, ",", escapeStrict, func(p string) { c.addCookiePair(p) })
}

// cookieText adds a cookie parameter described by text content: the
// value is the caller's string, sent as it is, which Appendix D
// recommends for cookies; one that is no valid cookie value (a space, a
// comma, a quote, ';', a control character) fails the call.
func (c *call) cookieText(name, value string) {
	if err := (&http.Cookie{Name: name, Value: value}).Valid(); err != nil || strings.ContainsAny(value, " ,") {
		if err == nil {
			err = errCookieValue
		}
		c.fail(paramError("cookie", name, err))
		return
	}
	c.addCookiePair(name + "=" + value)
}

var errCookieValue = errors.New("value is not made of cookie octets")

// pathParam is a path parameter in style st (simple, label or matrix),
// escaped so that no value, not even "..", can change which path the
// request goes to.
func pathParam(name string, st paramStyle, explode bool, v paramValue) string {
	var s string
	switch st {
	case styleLabel:
		s = labelStyle(v, explode, escapeLabel)
	case styleMatrix:
		s = matrixStyle(name, v, explode, escapeStrict)
	default:
		s = simpleStyle(v, explode, escapeStrict)
	}
	if s == "." || s == ".." {
		return strings.ReplaceAll(s, ".", "%2E")
	}
	return s
}

func paramError(in, name string, err error) error {
	return &paramErr{in: in, name: name, err: err}
}

type paramErr struct {
	in, name string
	err      error
}

func (e *paramErr) Error() string { return e.in + " parameter " + e.name + ": " + e.err.Error() }
func (e *paramErr) Unwrap() error { return e.err }

var errCookieName = errors.New("not a valid cookie name")

func validCookieName(name string) bool {
	return (&http.Cookie{Name: name}).Valid() == nil
}
