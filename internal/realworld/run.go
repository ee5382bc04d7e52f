package realworld

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// Result is one spec's run.
type Result struct {
	ID string `json:"id"`
	childResult
	WallSeconds float64 `json:"wall_seconds"` // the child's whole life
	MaxRSSMiB   float64 `json:"max_rss_mib"`  // the child's peak resident memory
	// BuildVet is go build + go vet of the written package, for the
	// specs of the sample that generated.
	BuildVet *BuildVet `json:"build_vet,omitempty"`
}

// BuildVet is the outcome of go build and go vet in a fresh module.
type BuildVet struct {
	OK      bool    `json:"ok"`
	Error   string  `json:"error,omitempty"` // "build: …" or "vet: …", first line
	Seconds float64 `json:"seconds"`
}

// Runner runs specs, each in a child process.
type Runner struct {
	// Exe and Args start a child: a binary that calls MaybeChild first.
	Exe  string
	Args []string
	// Workers run at once (2 by default: the machine's cores).
	Workers int
	// Timeout stops one spec; BuildTimeout one go build or go vet.
	Timeout, BuildTimeout time.Duration
	// MaxRSS kills a child whose resident memory grows past it (bytes;
	// 0 for no limit): one spec must not take the machine down.
	MaxRSS int64
	// Log gets a line per spec that does not come out ok, and progress.
	Log io.Writer
	// Each, if set, is called with every result as it comes (under a
	// lock): a run that is stopped keeps what it did.
	Each func(Result)
}

// Run runs specs, with go build + go vet on those in buildVet, and
// returns their results in the order of specs. The largest files start
// first, so that the run does not end waiting on one big spec.
func (r Runner) Run(specs []Spec, buildVet map[string]bool) []Result {
	workers := max(r.Workers, 1)
	order := make([]int, len(specs))
	size := make([]int64, len(specs))
	for i, s := range specs {
		order[i] = i
		if fi, err := os.Stat(s.Path); err == nil {
			size[i] = fi.Size()
		}
	}
	slices.SortStableFunc(order, func(a, b int) int { return int(size[b] - size[a]) })
	results := make([]Result, len(specs))
	next := make(chan int)
	var wg sync.WaitGroup
	var mu sync.Mutex
	done := 0
	start := time.Now()
	for range workers {
		wg.Go(func() {
			for i := range next {
				res := r.one(specs[i], buildVet[specs[i].ID])
				results[i] = res
				mu.Lock()
				done++
				r.progress(done, len(specs), start, res)
				if r.Each != nil {
					r.Each(res)
				}
				mu.Unlock()
			}
		})
	}
	for _, i := range order {
		next <- i
	}
	close(next)
	wg.Wait()
	return results
}

func (r Runner) progress(done, total int, start time.Time, res Result) {
	if r.Log == nil {
		return
	}
	if res.Outcome != OK || (res.BuildVet != nil && !res.BuildVet.OK) {
		msg := res.Error
		if res.Outcome == OK {
			msg = res.BuildVet.Error
		}
		fmt.Fprintf(r.Log, "realworld: %s: %s: %s\n", res.ID, res.Outcome, msg)
	}
	if done%100 == 0 || done == total {
		fmt.Fprintf(r.Log, "realworld: %d/%d specs in %s\n", done, total, time.Since(start).Round(time.Second))
	}
}

func (r Runner) one(s Spec, buildVet bool) Result {
	req := request{Spec: s.Path}
	var tmp string
	if buildVet {
		var err error
		if tmp, err = os.MkdirTemp("", "orygen-realworld-*"); err != nil {
			return Result{ID: s.ID, childResult: childResult{Outcome: Crash, Error: err.Error()}}
		}
		defer os.RemoveAll(tmp)
		req.WriteDir = filepath.Join(tmp, "p")
	}
	res := r.child(s.ID, req)
	if buildVet && res.Outcome == OK {
		res.BuildVet = r.buildVet(req.WriteDir)
	}
	return res
}

// child runs one request in a child process and reads its result.
func (r Runner) child(id string, req request) Result {
	res := Result{ID: id}
	timeout := orDefault(r.Timeout, 5*time.Minute)
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	data, _ := json.Marshal(req)
	cmd := exec.CommandContext(ctx, r.Exe, r.Args...)
	cmd.Env = append(os.Environ(), childEnv+"="+string(data))
	var stdout bytes.Buffer
	stderr := &capped{max: 64 << 10}
	cmd.Stdout, cmd.Stderr = &stdout, stderr
	// The child leads its own process group, and a kill reaches anything
	// it started; WaitDelay stops Wait from waiting on pipes a survivor
	// still holds.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return killGroup(cmd.Process) }
	cmd.WaitDelay = 2 * time.Second
	start := time.Now()
	if err := cmd.Start(); err != nil {
		res.Outcome, res.Error = Crash, "start: "+err.Error()
		return res
	}
	overMemory := make(chan bool, 1)
	stop := make(chan struct{})
	go r.watchMemory(cmd.Process, stop, overMemory)
	err := cmd.Wait()
	close(stop)
	res.WallSeconds = time.Since(start).Seconds()
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		res.MaxRSSMiB = float64(ru.Maxrss) / 1024 // Linux reports KiB
	}
	killedForMemory := <-overMemory
	switch {
	case killedForMemory:
		res.Outcome, res.Error = Crash, fmt.Sprintf("killed: resident memory over %d MiB", r.MaxRSS>>20)
	case ctx.Err() != nil:
		res.Outcome, res.Error = Timeout, fmt.Sprintf("no result after %s", timeout)
	case err != nil:
		res.Outcome, res.Error = Crash, crashLine(stderr.String(), err)
	default:
		if jerr := json.Unmarshal(stdout.Bytes(), &res.childResult); jerr != nil {
			res.Outcome, res.Error = Crash, "no result: "+crashLine(stderr.String(), jerr)
		}
	}
	return res
}

// watchMemory kills the child when its resident memory passes MaxRSS,
// and reports whether it did.
func (r Runner) watchMemory(p *os.Process, stop <-chan struct{}, killed chan<- bool) {
	if r.MaxRSS <= 0 {
		killed <- false
		return
	}
	tick := time.NewTicker(100 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case <-stop:
			killed <- false
			return
		case <-tick.C:
			if rss(p.Pid) > r.MaxRSS {
				killGroup(p)
				<-stop
				killed <- true
				return
			}
		}
	}
}

func killGroup(p *os.Process) error { return syscall.Kill(-p.Pid, syscall.SIGKILL) }

// rss is a process's resident memory in bytes, from /proc (0 if unknown).
func rss(pid int) int64 {
	f, err := os.Open("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "VmRSS:"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
			return kb << 10
		}
	}
	return 0
}

// crashLine is the line of a dead child's stderr that says why: the
// panic or fatal error, else the first line, else the exit status.
func crashLine(stderr string, err error) string {
	lines := strings.Split(stderr, "\n")
	for _, l := range lines {
		if strings.HasPrefix(l, "panic:") || strings.HasPrefix(l, "fatal error:") || strings.HasPrefix(l, "runtime:") {
			return firstLine(l)
		}
	}
	for _, l := range lines {
		if strings.TrimSpace(l) != "" {
			return firstLine(l)
		}
	}
	return err.Error()
}

// buildVet runs go mod init, go build and go vet in dir, as a user of
// the package would.
func (r Runner) buildVet(dir string) *BuildVet {
	bv := &BuildVet{}
	start := time.Now()
	defer func() { bv.Seconds = time.Since(start).Seconds() }()
	for _, step := range [][]string{{"mod", "init", "example.com/realworld/p"}, {"build", "./..."}, {"vet", "./..."}} {
		if out, err := r.goCmd(dir, step...); err != nil {
			bv.Error = step[0] + ": " + firstError(out, err)
			return bv
		}
	}
	bv.OK = true
	return bv
}

func (r Runner) goCmd(dir string, args ...string) (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), orDefault(r.BuildTimeout, 10*time.Minute))
	defer cancel()
	cmd := exec.CommandContext(ctx, "go", args...)
	cmd.Dir = dir
	// The package must build alone: no workspace, no module download.
	cmd.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS=", "GOPROXY=off", "GOTOOLCHAIN=local")
	out, err := cmd.CombinedOutput()
	if ctx.Err() != nil {
		err = errors.New("timed out")
	}
	return string(out), err
}

// firstError is the first line of go's output that is not a "# package"
// header.
func firstError(out string, err error) string {
	for l := range strings.SplitSeq(out, "\n") {
		if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "# ") && !strings.HasPrefix(l, "go: creating new go.mod") {
			return firstLine(l)
		}
	}
	return err.Error()
}

func orDefault(d, def time.Duration) time.Duration {
	if d > 0 {
		return d
	}
	return def
}

// capped keeps the first max bytes written to it.
type capped struct {
	max int
	buf bytes.Buffer
}

func (c *capped) Write(p []byte) (int, error) {
	if room := c.max - c.buf.Len(); room > 0 {
		c.buf.Write(p[:min(len(p), room)])
	}
	return len(p), nil
}

func (c *capped) String() string { return c.buf.String() }
