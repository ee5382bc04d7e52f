package realworld

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/orygen/orygen/internal/oracle"
)

// OracleRun is the round-trip oracle (internal/oracle) over a sample of
// the specs that generated: the "oracle" field of the -json file.
type OracleRun struct {
	// Seed and N drew the sample (Pick) among the specs that came out ok.
	Seed uint64 `json:"seed"`
	N    int    `json:"n"`
	// Error is why oracle.RunAll failed as a whole; Specs is then empty.
	Error   string       `json:"error,omitempty"`
	Seconds float64      `json:"seconds"`
	Specs   []OracleSpec `json:"specs"` // by ID
}

// OracleSpec is the oracle's outcome for one spec.
type OracleSpec struct {
	ID        string `json:"id"`
	Types     int    `json:"types"` // the generated types checked (not skipped)
	Instances int    `json:"instances"`
	Invalid   int    `json:"invalid,omitempty"` // examples failing their own schema
	Losses    int    `json:"losses"`
	// FirstLosses are the first maxLosses losses (oracle.Loss.String,
	// a long source shortened, at most maxLossLen bytes).
	FirstLosses []string `json:"first_losses,omitempty"`
	Skipped     int      `json:"skipped"`         // types not checked
	Error       string   `json:"error,omitempty"` // its first maxErrLines lines
}

// maxLosses bounds the losses kept per spec; maxLossLen one's length.
const (
	maxLosses   = 3
	maxLossLen  = 500
	maxErrLines = 5
)

// OracleTimeout bounds RunOracle's go command (one for the whole sample).
const OracleTimeout = 20 * time.Minute

// RunOracle runs the oracle, in one oracle.RunAll, over n specs drawn
// with seed among those whose result is ok; nil when n ≤ 0 or none is.
func RunOracle(specs []Spec, results []Result, n int, seed uint64, timeout time.Duration) *OracleRun {
	if n <= 0 {
		return nil
	}
	ok := map[string]bool{}
	for _, r := range results {
		if r.Outcome == OK {
			ok[r.ID] = true
		}
	}
	var cands []Spec
	for _, s := range specs {
		if ok[s.ID] {
			cands = append(cands, s)
		}
	}
	if len(cands) == 0 {
		return nil
	}
	sample := Pick(cands, n, seed)
	paths := make([]string, len(sample))
	for i, s := range sample {
		paths[i] = s.Path
	}
	run := &OracleRun{Seed: seed, N: n}
	start := time.Now()
	// The oracle generates in this process: a panic there is the
	// oracle's failure, not the end of the run.
	reps, err := func() (reps []*oracle.Report, err error) {
		defer func() {
			if r := recover(); r != nil {
				err = fmt.Errorf("oracle.RunAll panicked: %v", r)
			}
		}()
		return oracle.RunAll(paths, oracle.Options{Timeout: timeout})
	}()
	run.Seconds = time.Since(start).Seconds()
	if err != nil {
		run.Error = err.Error()
		return run
	}
	for i, rep := range reps {
		run.Specs = append(run.Specs, oracleSpec(sample[i].ID, rep))
	}
	slices.SortFunc(run.Specs, func(a, b OracleSpec) int { return strings.Compare(a.ID, b.ID) })
	return run
}

func oracleSpec(id string, rep *oracle.Report) OracleSpec {
	o := OracleSpec{ID: id, Instances: rep.Instances, Invalid: rep.Invalid, Skipped: len(rep.Skipped())}
	if rep.Err != nil {
		// The first lines: after "go run …: exit status 1" come the
		// go command's first error lines.
		lines := strings.Split(strings.TrimSpace(rep.Err.Error()), "\n")
		o.Error = strings.Join(lines[:min(maxErrLines, len(lines))], "\n")
	}
	for _, t := range rep.Types {
		if t.Skipped == "" {
			o.Types++
		}
	}
	losses := rep.Losses()
	o.Losses = len(losses)
	for _, l := range losses[:min(maxLosses, len(losses))] {
		// An example's source is a long JSON pointer: its middle goes
		// first, so that the difference itself is kept.
		if len(l.Source) > 100 {
			l.Source = strings.ToValidUTF8(l.Source[:50]+"…"+l.Source[len(l.Source)-40:], "")
		}
		s := strings.TrimSpace(l.String())
		if len(s) > maxLossLen {
			s = strings.ToValidUTF8(s[:maxLossLen], "") + "…"
		}
		o.FirstLosses = append(o.FirstLosses, s)
	}
	return o
}

// oracle writes the "Round-trip oracle" section.
func (p *printer) oracle(o *OracleRun) {
	p.f("## Round-trip oracle\n\n")
	if o.Error != "" {
		p.f("The oracle (`internal/oracle`) did not run on its sample of %d specs (seed %d): %s\n\n", o.N, o.Seed, cell(firstLine(o.Error)))
		return
	}
	clean, instances, types, ran := 0, 0, 0, 0
	var lossy, failed []OracleSpec
	for _, s := range o.Specs {
		instances += s.Instances
		types += s.Types
		switch {
		case s.Error != "":
			failed = append(failed, s)
		case s.Losses > 0:
			ran++
			lossy = append(lossy, s)
		default:
			ran++
			clean++
		}
	}
	p.f("The oracle (`internal/oracle`: instances of every generated type, from the spec's examples and its schemas, decoded and re-encoded by the generated package and compared as JSON) over %d specs drawn with seed %d among those that came out ok, in %s: ", len(o.Specs), o.Seed, seconds(o.Seconds))
	p.f("%d checked, %d with no loss, %d with losses, %d it could not run; %d types, %d instances.\n\n", ran, clean, len(lossy), len(failed), types, instances)
	if len(lossy) > 0 {
		slices.SortStableFunc(lossy, func(a, b OracleSpec) int { return cmp.Compare(b.Losses, a.Losses) })
		p.f("| spec | losses | instances | first loss |\n|---|---:|---:|---|\n")
		for _, s := range lossy {
			first := ""
			if len(s.FirstLosses) > 0 {
				first = s.FirstLosses[0]
			}
			p.f("| %s | %d | %d | %s |\n", code(s.ID), s.Losses, s.Instances, cell(first))
		}
		p.f("\n")
	}
	if len(failed) > 0 {
		p.f("Specs the oracle could not run:\n\n| spec | error |\n|---|---|\n")
		for _, s := range failed {
			p.f("| %s | %s |\n", code(s.ID), cell(firstLine(s.Error)))
		}
		p.f("\n")
	}
}
