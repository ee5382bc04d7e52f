package realworld

import (
	"cmp"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
)

// Report is a whole run: what the -json dump holds and what REALWORLD.md
// is written from.
type Report struct {
	Commit   string   `json:"commit"`   // orygen's, "+dirty" when the tree had changes
	Packages []string `json:"packages"` // the corpus packages and versions
	Command  string   `json:"command"`
	Workers  int      `json:"workers"`
	Timeout  string   `json:"timeout"`
	// BuildVetSeed and BuildVetN pick the build+vet sample.
	BuildVetSeed uint64 `json:"build_vet_seed"`
	BuildVetN    int    `json:"build_vet_n"`
	// Resumed counts the results taken from an earlier, stopped run
	// (-partial): WallSeconds does not include their time.
	Resumed     int      `json:"resumed,omitempty"`
	WallSeconds float64  `json:"wall_seconds"`
	Results     []Result `json:"results"` // by ID
	// Oracle is the round-trip oracle over a sample (-oracle), if run.
	Oracle *OracleRun `json:"oracle,omitempty"`
	// Before is an earlier run to compare with (-compare), if any.
	Before *Report `json:"-"`
}

// changes lists the specs whose outcome, or build+vet, differs from an
// earlier run's, and those only one run has.
func (p *printer) changes(before *Report, rs []Result) {
	old := map[string]Result{}
	for _, r := range before.Results {
		old[r.ID] = r
	}
	state := func(r Result) string {
		s := string(r.Outcome)
		if r.BuildVet != nil && !r.BuildVet.OK {
			s += ", build/vet failed"
		}
		return s
	}
	type change struct{ id, was, now, why string }
	var list []change
	for _, r := range rs {
		o, ok := old[r.ID]
		delete(old, r.ID)
		why := r.Error
		if r.Outcome == OK && r.BuildVet != nil {
			why = r.BuildVet.Error
		}
		switch {
		case !ok:
			list = append(list, change{r.ID, "absent", state(r), why})
		case state(o) != state(r):
			list = append(list, change{r.ID, state(o), state(r), why})
		}
	}
	for _, id := range slices.Sorted(maps.Keys(old)) {
		list = append(list, change{id, state(old[id]), "absent", ""})
	}
	p.f("## Changes since %s\n\n%d specs changed outcome.\n\n", code(before.Commit), len(list))
	if len(list) == 0 {
		return
	}
	p.f("| spec | before | now | error now |\n|---|---|---|---|\n")
	for _, c := range list {
		p.f("| %s | %s | %s | %s |\n", code(c.id), c.was, c.now, cell(c.why))
	}
	p.f("\n")
}

// Top is how many rows the report's ranked tables show.
const Top = 20

// Markdown writes the report as REALWORLD.md.
func (rep *Report) Markdown(w io.Writer) error {
	p := &printer{w: w}
	rs := rep.Results
	p.f("# orygen on real-world specs\n\n")
	p.f("Written by `make realworld` (`go run ./internal/realworld/cmd/realworld`); do not edit. ")
	p.f("orygen %s on %s; %d specs, %d workers, %s per spec, wall time %s.\n\n",
		code(rep.Commit), strings.Join(codes(rep.Packages), " and "), len(rs), rep.Workers, rep.Timeout, seconds(rep.WallSeconds))
	if rep.Resumed > 0 {
		p.f("%d of the results were taken from an earlier run (`-partial`), whose commit may differ; the wall time is this run's only.\n\n", rep.Resumed)
	}
	p.f("Command: %s\n\n", code(rep.Command))

	count := func(ok func(Result) bool) int {
		n := 0
		for _, r := range rs {
			if ok(r) {
				n++
			}
		}
		return n
	}
	generated := count(func(r Result) bool { return r.Outcome == OK || r.Outcome == Gate })
	checked := count(func(r Result) bool { return r.Outcome == OK })
	bvTried := count(func(r Result) bool { return r.BuildVet != nil })
	bvOK := count(func(r Result) bool { return r.BuildVet != nil && r.BuildVet.OK })
	p.f("## Summary\n\n| | specs | of | |\n|---|---:|---:|---:|\n")
	p.f("| generate | %d | %d | %s |\n", generated, len(rs), pct(generated, len(rs)))
	p.f("| type-check (the gate) | %d | %d | %s |\n", checked, len(rs), pct(checked, len(rs)))
	p.f("| go build + go vet | %d | %d | %s |\n\n", bvOK, bvTried, pct(bvOK, bvTried))
	if bvTried > 0 || rep.BuildVetN > 0 {
		p.f("go build + go vet run, each in a fresh module, on the specs that generate among %d drawn with seed %d, and on GitHub's (when selected).\n\n", rep.BuildVetN, rep.BuildVetSeed)
	}
	for _, r := range rs {
		if r.ID == GitHubID {
			p.f("GitHub's REST description (%s): %s", code(GitHubID), r.Outcome)
			if r.Error != "" {
				p.f(" (%s)", cell(r.Error))
			}
			if r.BuildVet != nil {
				bv := "build and vet ok"
				if !r.BuildVet.OK {
					bv = "build/vet failed: " + r.BuildVet.Error
				}
				p.f("; %s (%s)", bv, seconds(r.BuildVet.Seconds))
			}
			p.f("; %d operations, %d types, %d lines, %s, %.0f MiB.\n\n", r.Operations, r.Types, r.Lines, seconds(r.WallSeconds), r.MaxRSSMiB)
		}
	}
	p.f("| outcome | specs |\n|---|---:|\n")
	byOutcome := map[Outcome]int{}
	for _, r := range rs {
		byOutcome[r.Outcome]++
	}
	for _, o := range []Outcome{OK, LoadBuild, Emit, Gate, Crash, Timeout} {
		p.f("| %s | %d |\n", o, byOutcome[o])
	}
	p.f("\n")

	if rep.Before != nil {
		p.changes(rep.Before, rs)
	}
	p.failures(rs)
	if rep.Oracle != nil {
		p.oracle(rep.Oracle)
	}
	p.warnings(rs)
	p.raw(rs)
	p.slowest(rs)
	p.names(rs)
	return p.err
}

func (p *printer) failures(rs []Result) {
	var fails []Result
	for _, r := range rs {
		if r.Outcome != OK {
			fails = append(fails, r)
		}
	}
	slices.SortStableFunc(fails, func(a, b Result) int { return cmp.Compare(a.Outcome, b.Outcome) })
	p.f("## Failures (%d)\n\n", len(fails))
	type agg struct {
		class, first string
		n            int
	}
	classes := map[string]*agg{}
	for _, r := range fails {
		c := r.ErrorClass
		if c == "" || bare(c) {
			c = normalize(r.Error)
		}
		c = string(r.Outcome) + ": " + Canonical(c)
		if classes[c] == nil {
			classes[c] = &agg{class: c, first: r.ID}
		}
		classes[c].n++
	}
	byClass := slices.Collect(maps.Values(classes))
	slices.SortFunc(byClass, func(a, b *agg) int { return cmp.Or(cmp.Compare(b.n, a.n), strings.Compare(a.class, b.class)) })
	if len(byClass) > 0 {
		p.f("By class (the error's format, as for warnings):\n\n| specs | class | first spec |\n|---:|---|---|\n")
		for _, a := range byClass {
			p.f("| %d | %s | %s |\n", a.n, code(a.class), code(a.first))
		}
		p.f("\n")
	}
	if len(fails) > 0 {
		p.f("| spec | outcome | first error line |\n|---|---|---|\n")
		for _, r := range fails {
			p.f("| %s | %s | %s |\n", code(r.ID), r.Outcome, cell(r.Error))
		}
		p.f("\n")
	}
	var bv []Result
	for _, r := range rs {
		if r.BuildVet != nil && !r.BuildVet.OK {
			bv = append(bv, r)
		}
	}
	p.f("### go build / go vet failures (%d)\n\n", len(bv))
	if len(bv) > 0 {
		p.f("| spec | first error line |\n|---|---|\n")
		for _, r := range bv {
			p.f("| %s | %s |\n", code(r.ID), cell(r.BuildVet.Error))
		}
		p.f("\n")
	}
}

func (p *printer) warnings(rs []Result) {
	type agg struct {
		class          string
		count, specs   int
		example, first string
	}
	all := map[string]*agg{}
	total, with := 0, 0
	for _, r := range rs {
		if len(r.Warnings) > 0 {
			with++
		}
		for _, w := range r.Warnings {
			c := Canonical(w.Class)
			a := all[c]
			if a == nil {
				a = &agg{class: c, example: w.Example, first: r.ID}
				all[c] = a
			}
			a.count += w.Count
			a.specs++
			total += w.Count
		}
	}
	list := slices.Collect(maps.Values(all))
	slices.SortFunc(list, func(a, b *agg) int {
		return cmp.Or(cmp.Compare(b.count, a.count), cmp.Compare(b.specs, a.specs), strings.Compare(a.class, b.class))
	})
	p.f("## Warnings by class\n\n%d warnings in %d classes, in %d specs. A class is the format the warning was made from (or its message with quoted values and numbers replaced); the example is its first occurrence in ID order.\n\n", total, len(list), with)
	if len(list) == 0 {
		return
	}
	p.f("| warnings | specs | class | example |\n|---:|---:|---|---|\n")
	for _, a := range list {
		ex := a.first + ": " + a.example
		if strings.HasPrefix(a.example, "#") {
			ex = a.first + a.example
		}
		p.f("| %d | %d | %s | %s |\n", a.count, a.specs, code(a.class), cell(ex))
	}
	p.f("\n")
}

func (p *printer) raw(rs []Result) {
	total, with := 0, 0
	for _, r := range rs {
		total += r.RawRefs
		if r.RawRefs > 0 {
			with++
		}
	}
	p.f("## Raw JSON\n\n%d raw-JSON type references (`ir.RefRaw`: fields, elements, bodies kept as raw JSON) in %d specs. The %d specs with the most:\n\n", total, with, Top)
	top := ranked(rs, func(r Result) float64 { return float64(r.RawRefs) })
	p.f("| spec | raw JSON | types | operations |\n|---|---:|---:|---:|\n")
	for _, r := range top {
		if r.RawRefs > 0 {
			p.f("| %s | %d | %d | %d |\n", code(r.ID), r.RawRefs, r.Types, r.Operations)
		}
	}
	p.f("\n")
}

func (p *printer) slowest(rs []Result) {
	p.f("## Slowest specs\n\nWall time of the child process (start, load, build, emit, type check; the pipeline's own share in brackets) and its peak resident memory.\n\n")
	p.f("| spec | wall | pipeline | peak memory | outcome | lines |\n|---|---:|---:|---:|---|---:|\n")
	for _, r := range ranked(rs, func(r Result) float64 { return r.WallSeconds }) {
		p.f("| %s | %s | %s | %.0f MiB | %s | %d |\n", code(r.ID), seconds(r.WallSeconds), seconds(r.Seconds), r.MaxRSSMiB, r.Outcome, r.Lines)
	}
	p.f("\n### Most memory\n\n| spec | peak memory | wall | outcome |\n|---|---:|---:|---|\n")
	for _, r := range ranked(rs, func(r Result) float64 { return r.MaxRSSMiB })[:min(10, len(rs))] {
		p.f("| %s | %.0f MiB | %s | %s |\n", code(r.ID), r.MaxRSSMiB, seconds(r.WallSeconds), r.Outcome)
	}
	p.f("\n")
}

func (p *printer) names(rs []Result) {
	type stat struct {
		name  string
		why   string
		count func(NameStats) (int, []string)
	}
	stats := []stat{
		{"numeric suffix", "a name ending in digits whose stem the package declares too (Foo2 beside Foo)",
			func(s NameStats) (int, []string) { return s.NumericSuffix, s.NumericSuffixEx }},
		{"pointer index", "a word N0, N14: a JSON pointer's index made a name",
			func(s NameStats) (int, []string) { return s.PointerIndex, s.PointerIndexEx }},
		{fmt.Sprintf("over %d characters", LongName), "",
			func(s NameStats) (int, []string) { return s.Long, s.LongEx }},
		{"broken initialism", "a mixed-case initialism of the generator's list (irbuild.Initialisms): Uris, Id, Oauth",
			func(s NameStats) (int, []string) { return s.BrokenInitialisms, s.BrokenEx }},
	}
	exported := 0
	for _, r := range rs {
		exported += r.Names.Exported
	}
	p.f("## Names\n\nOver the %d exported names the generated packages declare (every `ir.Ident` of the model). Examples come from the specs with the most.\n\n", exported)
	p.f("| statistic | names | specs | examples |\n|---|---:|---:|---|\n")
	for _, s := range stats {
		total, specs := 0, 0
		for _, r := range rs {
			if n, _ := s.count(r.Names); n > 0 {
				total += n
				specs++
			}
		}
		var ex []string
		for _, r := range ranked(rs, func(r Result) float64 { n, _ := s.count(r.Names); return float64(n) })[:min(3, len(rs))] {
			_, e := s.count(r.Names)
			for _, n := range e[:min(3, len(e))] {
				ex = append(ex, code(n)+" ("+r.ID+")")
			}
		}
		label := s.name
		if s.why != "" {
			label += ": " + s.why
		}
		p.f("| %s | %d | %d | %s |\n", cell(label), total, specs, cell(strings.Join(ex, ", ")))
	}
	words := map[string]int{}
	for _, r := range rs {
		for w, n := range r.Names.BrokenWords {
			words[w] += n
		}
	}
	list := slices.Collect(maps.Keys(words))
	slices.SortFunc(list, func(a, b string) int { return cmp.Or(cmp.Compare(words[b], words[a]), strings.Compare(a, b)) })
	p.f("\nBroken initialisms by spelling (the %d most frequent):\n\n| spelling | names | should read |\n|---|---:|---|\n", min(30, len(list)))
	for _, w := range list[:min(30, len(list))] {
		p.f("| %s | %d | %s |\n", code(w), words[w], code(correct(w)))
	}
	p.f("\n")
}

// correct is the right spelling of a broken initialism word.
func correct(w string) string {
	if c, ok := initialismForms[strings.ToLower(w)]; ok {
		return c
	}
	stem := strings.TrimRight(w, "0123456789")
	return initialismForms[strings.ToLower(stem)] + w[len(stem):]
}

// ranked is the Top results with the highest key, ties by ID.
func ranked(rs []Result, key func(Result) float64) []Result {
	s := slices.Clone(rs)
	slices.SortStableFunc(s, func(a, b Result) int { return cmp.Or(cmp.Compare(key(b), key(a)), strings.Compare(a.ID, b.ID)) })
	return s[:min(Top, len(s))]
}

type printer struct {
	w   io.Writer
	err error
}

func (p *printer) f(format string, args ...any) {
	if p.err == nil {
		_, p.err = fmt.Fprintf(p.w, format, args...)
	}
}

func pct(n, of int) string {
	if of == 0 {
		return "–"
	}
	return fmt.Sprintf("%.1f %%", 100*float64(n)/float64(of))
}

func seconds(s float64) string { return fmt.Sprintf("%.1f s", s) }

// code is s as inline code in a table cell.
func code(s string) string {
	if s == "" {
		return ""
	}
	return "`" + strings.ReplaceAll(strings.ReplaceAll(s, "`", "'"), "|", `\|`) + "`"
}

func codes(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = code(s)
	}
	return out
}

// cell is s as plain text in a table cell.
func cell(s string) string {
	r := strings.NewReplacer("|", `\|`, "<", "&lt;", ">", "&gt;", "\n", " ")
	return r.Replace(s)
}
