package oracle

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/big"
	"sort"
	"strconv"
	"strings"
	"time"
)

// difference is the first place where the JSON written back differs from
// the JSON given, beyond the normalisations the README lists (Tests):
// key order and spacing, how a number is written (1.0 and 1, 1e2 and 100
// are one value), and how a date-time is written (the same instant).
// At is the JSON pointer of the place; "" means none.
func difference(in, out []byte) (at, detail string, err error) {
	a, err := decode(in)
	if err != nil {
		return "", "", fmt.Errorf("input: %v", err)
	}
	b, err := decode(out)
	if err != nil {
		return "", "", fmt.Errorf("output: %v", err)
	}
	at, detail, _ = firstDiff(a, b, "")
	return at, detail, nil
}

func decode(data []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	if dec.More() {
		return nil, fmt.Errorf("data after the value")
	}
	return v, nil
}

func firstDiff(a, b any, at string) (string, string, bool) {
	switch x := a.(type) {
	case map[string]any:
		y, ok := b.(map[string]any)
		if !ok {
			return at, "object became " + describe(b), true
		}
		keys := make([]string, 0, len(x)+len(y))
		for k := range x {
			keys = append(keys, k)
		}
		for k := range y {
			if _, ok := x[k]; !ok {
				keys = append(keys, k)
			}
		}
		sort.Strings(keys)
		for _, k := range keys {
			p := at + "/" + escape(k)
			xv, inA := x[k]
			yv, inB := y[k]
			switch {
			case !inB:
				return p, describe(xv) + " dropped", true
			case !inA:
				return p, describe(yv) + " added", true
			}
			if p, d, ok := firstDiff(xv, yv, p); ok {
				return p, d, true
			}
		}
		return "", "", false
	case []any:
		y, ok := b.([]any)
		if !ok {
			return at, describe(a) + " became " + describe(b), true
		}
		for i := range min(len(x), len(y)) {
			if p, d, ok := firstDiff(x[i], y[i], at+"/"+strconv.Itoa(i)); ok {
				return p, d, true
			}
		}
		if len(x) != len(y) {
			return at, describe(a) + " became " + describe(b), true
		}
		return "", "", false
	case json.Number:
		y, ok := b.(json.Number)
		if ok && sameNumber(x, y) {
			return "", "", false
		}
	case string:
		y, ok := b.(string)
		if ok && (x == y || sameInstant(x, y)) {
			return "", "", false
		}
	default:
		if a == b {
			return "", "", false
		}
	}
	return at, short(a) + " became " + short(b), true
}

func sameNumber(x, y json.Number) bool {
	if x == y {
		return true
	}
	var rx, ry big.Rat
	if _, ok := rx.SetString(string(x)); !ok {
		return false
	}
	if _, ok := ry.SetString(string(y)); !ok {
		return false
	}
	return rx.Cmp(&ry) == 0
}

// sameInstant: two RFC 3339 date-times naming the same instant, as a
// time.Time writes back 2024-01-02T03:04:05.000Z as 2024-01-02T03:04:05Z.
func sameInstant(x, y string) bool {
	tx, err1 := time.Parse(time.RFC3339Nano, x)
	ty, err2 := time.Parse(time.RFC3339Nano, y)
	return err1 == nil && err2 == nil && tx.Equal(ty)
}

func escape(k string) string {
	return strings.ReplaceAll(strings.ReplaceAll(k, "~", "~0"), "/", "~1")
}

func describe(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case map[string]any:
		return "an object"
	case []any:
		return fmt.Sprintf("an array of %d", len(x))
	case string:
		return "a string"
	case bool:
		return "a boolean"
	case json.Number:
		return "a number"
	}
	return fmt.Sprintf("%T", v)
}

// short is a value as JSON, cut to a readable length.
func short(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	if len(b) > 80 {
		return string(b[:77]) + "..."
	}
	return string(b)
}
