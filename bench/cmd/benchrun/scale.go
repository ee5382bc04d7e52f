package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// synthSpec writes a spec that is the Network spec plus copies-1 copies of
// all its component schemas and paths, renamed: schema NAME becomes NAMEC<i>,
// path /p becomes /c<i>/p, operationId op becomes opC<i>, and every
// "#/components/schemas/NAME…" string inside a copy (a $ref or a
// discriminator mapping) points to the copy's own schema. Other components
// (responses, parameters, security schemes) are shared.
func synthSpec(src, dst string, copies int) (schemas, paths int, err error) {
	b, err := os.ReadFile(src)
	if err != nil {
		return 0, 0, err
	}
	var doc map[string]any
	if err := json.Unmarshal(b, &doc); err != nil {
		return 0, 0, err
	}
	comps, _ := doc["components"].(map[string]any)
	origSchemas, _ := comps["schemas"].(map[string]any)
	origPaths, _ := doc["paths"].(map[string]any)
	if origSchemas == nil || origPaths == nil {
		return 0, 0, fmt.Errorf("%s: no components.schemas or paths", src)
	}
	schemasOut := map[string]any{}
	pathsOut := map[string]any{}
	for k, v := range origSchemas {
		schemasOut[k] = v
	}
	for k, v := range origPaths {
		pathsOut[k] = v
	}
	for i := 1; i < copies; i++ {
		suffix := "C" + strconv.Itoa(i)
		for k, v := range origSchemas {
			schemasOut[k+suffix] = rename(v, suffix)
		}
		for k, v := range origPaths {
			item := rename(v, suffix).(map[string]any)
			for _, op := range item {
				if o, ok := op.(map[string]any); ok {
					if id, ok := o["operationId"].(string); ok {
						o["operationId"] = id + suffix
					}
				}
			}
			pathsOut["/c"+strconv.Itoa(i)+k] = item
		}
	}
	comps["schemas"] = schemasOut
	doc["paths"] = pathsOut
	out, err := json.Marshal(doc)
	if err != nil {
		return 0, 0, err
	}
	return len(schemasOut), len(pathsOut), os.WriteFile(dst, out, 0o644)
}

const schemaRef = "#/components/schemas/"

// rename deep-copies v, pointing schema references to the copy's schemas.
func rename(v any, suffix string) any {
	switch x := v.(type) {
	case map[string]any:
		m := make(map[string]any, len(x))
		for k, e := range x {
			m[k] = rename(e, suffix)
		}
		return m
	case []any:
		s := make([]any, len(x))
		for i, e := range x {
			s[i] = rename(e, suffix)
		}
		return s
	case string:
		if rest, ok := strings.CutPrefix(x, schemaRef); ok {
			name, more, _ := strings.Cut(rest, "/")
			r := schemaRef + name + suffix
			if more != "" {
				r += "/" + more
			}
			return r
		}
		return x
	}
	return v
}

func (e *env) scaling(t *table) error {
	var factors []int
	for _, f := range strings.Split(*scaleFlag, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 1 {
			return fmt.Errorf("-scale: bad factor %q", f)
		}
		factors = append(factors, n)
	}
	dir := filepath.Join(e.work, "scale")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	type point struct {
		k        int
		size     int64
		tm       timing
		schemas  int
		paths    int
		outLines int
	}
	var pts []point
	for _, k := range factors {
		spec := filepath.Join(dir, fmt.Sprintf("network-x%d.json", k))
		ns, np, err := synthSpec(filepath.Join(e.specs, networkSpec+".json"), spec, k)
		if err != nil {
			return err
		}
		fi, _ := os.Stat(spec)
		out := filepath.Join(dir, fmt.Sprintf("out-x%d", k))
		n := *scaleRuns
		if k > 10 {
			n = 1
		}
		var ss []sample
		for i := 0; i < n; i++ {
			s, err := measure(e.genCmd("orygen", spec, out))
			if err != nil {
				return err
			}
			ss = append(ss, s)
		}
		lines, _, _ := countLines(out, nil)
		p := point{k: k, size: fi.Size(), tm: summarizeSamples(ss), schemas: ns, paths: np, outLines: lines}
		pts = append(pts, p)
		fmt.Printf("  x%-4d spec %6.1f MB, %6d schemas, %5d paths → %8d lines; wall %s, CPU %s, peak RSS %s (%d run(s))\n",
			k, float64(p.size)/1e6, ns, np, lines, p.tm.wall, p.tm.cpu, mb(p.tm.rss.median), n)
		_ = os.RemoveAll(out)
		_ = os.Remove(spec)
	}
	if err := e.chains(t, dir); err != nil {
		return err
	}
	if len(pts) < 2 {
		return nil
	}
	base := pts[0]
	for _, p := range pts[1:] {
		f := float64(p.k) / float64(base.k)
		label := fmt.Sprintf("scaling x%d vs x%d, per copy", p.k, base.k)
		t.add(label+", wall", fmt.Sprintf("%.2f s", p.tm.wall.median), fmt.Sprintf("%.2f s × %.0f", base.tm.wall.median, f), "linear", p.tm.wall.median/(f*base.tm.wall.median), "")
		t.add(label+", CPU", fmt.Sprintf("%.2f s", p.tm.cpu.median), fmt.Sprintf("%.2f s × %.0f", base.tm.cpu.median, f), "linear", p.tm.cpu.median/(f*base.tm.cpu.median), "≤ linear")
		t.add(label+", peak RSS", mb(p.tm.rss.median), fmt.Sprintf("%s × %.0f", mb(base.tm.rss.median), f), "linear", p.tm.rss.median/(f*base.tm.rss.median), "≤ linear")
	}
	return nil
}

// chainSpec writes a spec of n component schemas A0…A(n-1) in a chain of
// one shape: "alias" (Ai: {$ref: Ai+1}), "allOf" (Ai: {allOf: [{$ref:
// Ai+1}]}) or "property" (Ai: {properties: {next: {$ref: Ai+1}}}); the
// last is an object and GET /a returns A0. Each once took time quadratic
// (or worse) in n to generate.
func chainSpec(dst, shape string, n int) error {
	var b strings.Builder
	b.WriteString(`{"openapi":"3.0.3","info":{"title":"t","version":"1"},"paths":{"/a":{"get":{"operationId":"getA","responses":{"200":{"description":"ok","content":{"application/json":{"schema":{"$ref":"#/components/schemas/A0"}}}}}}}},"components":{"schemas":{`)
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		next := fmt.Sprintf(`{"$ref":"#/components/schemas/A%d"}`, i+1)
		switch {
		case i == n-1:
			fmt.Fprintf(&b, `"A%d":{"type":"object","properties":{"x":{"type":"string"}}}`, i)
		case shape == "alias":
			fmt.Fprintf(&b, `"A%d":%s`, i, next)
		case shape == "allOf":
			fmt.Fprintf(&b, `"A%d":{"allOf":[%s]}`, i, next)
		default:
			fmt.Fprintf(&b, `"A%d":{"type":"object","properties":{"next":%s}}`, i, next)
		}
	}
	b.WriteString("}}}\n")
	return os.WriteFile(dst, []byte(b.String()), 0o644)
}

// chains times generation from the chain specs, end to end.
func (e *env) chains(t *table, dir string) error {
	for _, c := range []struct {
		shape  string
		n      int
		target float64 // seconds
	}{{"alias", 10000, 2}, {"allOf", 3000, 2}, {"property", 2000, 2}} {
		spec := filepath.Join(dir, fmt.Sprintf("chain-%s-%d.json", c.shape, c.n))
		if err := chainSpec(spec, c.shape, c.n); err != nil {
			return err
		}
		out := filepath.Join(dir, "out-chain-"+c.shape)
		s, err := measure(e.genCmd("orygen", spec, out))
		if err != nil {
			return err
		}
		wall := s.wall.Seconds()
		fmt.Printf("  chain of %d %s links: wall %.2f s, peak RSS %s\n", c.n, c.shape, wall, mbBytes(s.rssKB<<10))
		label := fmt.Sprintf("chain of %d %s links, wall", c.n, c.shape)
		t.add(label, fmt.Sprintf("%.2f s", wall), fmt.Sprintf("%.0f s", c.target), "target", wall/c.target, "≤ 1")
		_ = os.RemoveAll(out)
		_ = os.Remove(spec)
	}
	return nil
}
