package outdir

import (
	"bufio"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strconv"
	"testing"
	"time"
)

// The kill tests run Write or Recover in a child process (this test
// binary, running TestHelperProcess) and kill it with SIGKILL, either at a
// chosen step (the child kills itself from the pause hook, so every step
// is hit without relying on timing) or after a random delay (which also
// lands inside a step, for instance half-way through writing a file).

const (
	envMode   = "ORYGEN_OUTDIR_HELPER"      // "write" or "recover"
	envDir    = "ORYGEN_OUTDIR_DIR"         // the output directory
	envKillAt = "ORYGEN_OUTDIR_KILL_AT"     // the child kills itself at this pause (1-based)
	envSlow   = "ORYGEN_OUTDIR_SLOW"        // sleep up to this many microseconds at each pause
	envNoSync = "ORYGEN_OUTDIR_NOSYNC"      // skip fsync, which a kill does not need, for speed
	handWrite = "package p\n\n// " + goHead // mentions the header, on its second line
)

func oldSet() map[string]string {
	return map[string]string{
		"a.go": gen("a.go", "a, old"), "b.go": gen("b.go", "b, the same"), "gone.go": gen("gone.go", "stale"),
		"README.md": gen("README.md", "old"),
	}
}

func newSet() []File {
	return files("a.go", gen("a.go", "a, new"), "b.go", gen("b.go", "b, the same"), "c.go", gen("c.go", "c, new"),
		"README.md", gen("README.md", "new"), "d.go", gen("d.go", "d, new"))
}

func hand() map[string]string {
	return map[string]string{"hand.go": handWrite, "notes.txt": "mine\n"}
}

// withHand returns set plus the hand-written files.
func withHand(set map[string]string) map[string]string {
	out := hand()
	for n, d := range set {
		out[n] = d
	}
	return out
}

func TestHelperProcess(t *testing.T) {
	mode := os.Getenv(envMode)
	if mode == "" {
		t.Skip("run by the kill tests")
	}
	killAt, _ := strconv.Atoi(os.Getenv(envKillAt))
	slow, _ := strconv.Atoi(os.Getenv(envSlow))
	noSync = os.Getenv(envNoSync) == "1"
	n := 0
	pause = func(string) {
		n++
		if n == killAt {
			p, _ := os.FindProcess(os.Getpid())
			p.Kill()
			select {}
		}
		if slow > 0 {
			time.Sleep(time.Duration(rand.IntN(slow)) * time.Microsecond)
		}
	}
	fmt.Println("ready")
	var err error
	switch mode {
	case "write":
		err = Write(os.Getenv(envDir), newSet())
	case "recover":
		err = Recover(os.Getenv(envDir))
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(3)
	}
	os.Exit(0)
}

// helper says how to run the helper process.
type helper struct {
	mode   string        // "write" or "recover"
	killAt int           // > 0: the child kills itself at this pause
	slow   int           // microseconds, at most, to sleep at each pause
	noSync bool          // skip fsync
	delay  time.Duration // >= 0: kill the child this long after it is ready
}

// child runs the helper on dir. It reports whether the child was killed
// (false: it finished) and how long it ran after it was ready.
func child(t *testing.T, dir string, h helper) (killed bool, ran time.Duration) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperProcess$")
	cmd.Env = append(os.Environ(), envMode+"="+h.mode, envDir+"="+dir,
		envKillAt+"="+strconv.Itoa(h.killAt), envSlow+"="+strconv.Itoa(h.slow))
	if h.noSync {
		cmd.Env = append(cmd.Env, envNoSync+"=1")
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr limitedBuffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(stdout)
	if !sc.Scan() || sc.Text() != "ready" {
		cmd.Process.Kill()
		cmd.Wait()
		t.Fatalf("helper did not start: %q %s", sc.Text(), stderr.String())
	}
	ready := time.Now()
	if h.delay >= 0 {
		time.Sleep(h.delay)
		cmd.Process.Kill()
	}
	for sc.Scan() {
	}
	err = cmd.Wait()
	ran = time.Since(ready)
	var exit *exec.ExitError
	switch {
	case err == nil:
		return false, ran
	case errors.As(err, &exit) && !exit.Exited():
		return true, ran // killed by a signal
	default:
		t.Fatalf("helper failed: %v\n%s", err, stderr.String())
		return false, ran
	}
}

type limitedBuffer struct{ b []byte }

func (l *limitedBuffer) Write(p []byte) (int, error) {
	if len(l.b) < 1<<16 {
		l.b = append(l.b, p...)
	}
	return len(p), nil
}
func (l *limitedBuffer) String() string { return string(l.b) }

// checkConsistent fails unless dir holds exactly the old or exactly the
// new set, plus the untouched hand-written files and nothing else.
func checkConsistent(t *testing.T, dir, what string) (isNew bool) {
	t.Helper()
	got := state(t, dir)
	want := map[string]string{}
	for _, f := range newSet() {
		want[f.Name] = string(f.Data)
	}
	switch {
	case reflect.DeepEqual(got, withHand(oldSet())):
		return false
	case reflect.DeepEqual(got, withHand(want)):
		return true
	}
	t.Fatalf("%s: the directory holds neither the old nor the new set:\n%q", what, got)
	return false
}

// committed reports whether dir has a committed journal.
func committed(dir string) bool {
	_, err := os.Stat(filepath.Join(dir, stageName, journalName))
	return err == nil
}

// checkVisible fails unless dir, without its stage, holds exactly the
// old or the new set: what anyone sees when no journal is committed
// (before the commit, or after the switch and before the cleanup).
func checkVisible(t *testing.T, dir, what string) {
	t.Helper()
	got := state(t, dir)
	delete(got, stageName)
	want := map[string]string{}
	for _, f := range newSet() {
		want[f.Name] = string(f.Data)
	}
	if !reflect.DeepEqual(got, withHand(oldSet())) && !reflect.DeepEqual(got, withHand(want)) {
		t.Fatalf("%s: no journal, but the files are neither the old nor the new set:\n%q", what, got)
	}
}

func prepare(t *testing.T) string {
	dir := filepath.Join(t.TempDir(), "out")
	put(t, dir, withHand(oldSet()))
	return dir
}

// TestKillAtEveryStep kills Write at each of its steps in turn and checks
// that, before the commit, the files are still the old ones, and that
// after Recover the directory holds exactly the old or the new set. Where
// the kill left a committed journal, Recover itself is killed at each of
// its steps too, before a last Recover.
func TestKillAtEveryStep(t *testing.T) {
	if testing.Short() {
		t.Skip("starts many processes")
	}
	sawOld, sawNew := false, false
	for at := 1; ; at++ {
		dir := prepare(t)
		if killed, _ := child(t, dir, helper{mode: "write", killAt: at, noSync: true, delay: -1}); !killed {
			if !checkConsistent(t, dir, "Write finished") {
				t.Fatal("Write finished but left the old set")
			}
			if !sawOld || !sawNew {
				t.Errorf("the steps never left an old (%v) or a new (%v) set", sawOld, sawNew)
			}
			t.Logf("Write has %d steps", at-1)
			return
		}
		if !committed(dir) {
			checkVisible(t, dir, fmt.Sprintf("killed at step %d", at))
		} else {
			for rat := 1; ; rat++ {
				rdir := prepare(t)
				child(t, rdir, helper{mode: "write", killAt: at, noSync: true, delay: -1})
				killed, _ := child(t, rdir, helper{mode: "recover", killAt: rat, noSync: true, delay: -1})
				if err := Recover(rdir); err != nil {
					t.Fatalf("Write killed at step %d, Recover at step %d: Recover: %v", at, rat, err)
				}
				if !checkConsistent(t, rdir, fmt.Sprintf("Write killed at step %d, Recover at %d", at, rat)) {
					t.Fatalf("Write killed at step %d after its commit, Recover at %d: rolled back", at, rat)
				}
				if !killed {
					break
				}
			}
		}
		if err := Recover(dir); err != nil {
			t.Fatalf("killed at step %d: Recover: %v", at, err)
		}
		if checkConsistent(t, dir, fmt.Sprintf("killed at step %d", at)) {
			sawNew = true
		} else {
			sawOld = true
		}
		if at > 1000 {
			t.Fatal("Write never finishes")
		}
	}
}

// TestKillAtRandomTimes kills Write after a random delay, many times,
// with the child slowed down at each step in most runs so that kills
// spread over all phases. How the kills fall is logged, not asserted.
func TestKillAtRandomTimes(t *testing.T) {
	iterations := 200
	if testing.Short() {
		iterations = 20
	}
	// Every fourth run is at full speed with fsync; the others skip
	// fsync (a kill loses nothing a file system has been given) and sleep
	// at each step, so that many iterations are quick and their kills
	// spread over every phase. Delays are drawn from up to the time a
	// Write takes here; this only aims the kills, it decides nothing.
	modes := []helper{{mode: "write"}, {mode: "write", noSync: true, slow: 200}}
	spans := make([]time.Duration, len(modes))
	for m, h := range modes {
		h.delay = -1
		_, spans[m] = child(t, prepare(t), h)
	}
	outcomes := map[string]int{}
	for i := range iterations {
		dir := prepare(t)
		m := min(i%4, 1)
		h := modes[m]
		h.delay = time.Duration(rand.Int64N(int64(spans[m]) + 1))
		killed, _ := child(t, dir, h)
		delay := h.delay
		was := "no stage"
		if committed(dir) {
			was = "journal"
		} else if _, err := os.Lstat(filepath.Join(dir, stageName)); err == nil {
			was = "stage without journal"
		}
		if !committed(dir) {
			checkVisible(t, dir, fmt.Sprintf("iteration %d", i))
		}
		if err := Recover(dir); err != nil {
			t.Fatalf("iteration %d: Recover: %v", i, err)
		}
		isNew := checkConsistent(t, dir, fmt.Sprintf("iteration %d (delay %v)", i, delay))
		if !killed {
			was = "not killed"
			if !isNew {
				t.Fatalf("iteration %d: Write finished, but the old set is there", i)
			}
		}
		outcomes[fmt.Sprintf("%s → %s", was, map[bool]string{false: "old", true: "new"}[isNew])]++
	}
	t.Logf("a Write takes about %v (with fsync) and %v (slowed); outcomes: %v", spans[0], spans[1], outcomes)
}
