//go:build unix

package outdir

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// holdAt makes the first Write to reach the pause named at stop there
// until release is closed; reached is closed when it does.
func holdAt(t *testing.T, at string) (reached, release chan struct{}) {
	reached, release = make(chan struct{}), make(chan struct{})
	var first atomic.Bool
	old := pause
	pause = func(s string) {
		if s == at && first.CompareAndSwap(false, true) {
			close(reached)
			<-release
		}
	}
	t.Cleanup(func() { pause = old })
	return reached, release
}

// TestSecondWriterWaits: a Write on a directory another Write is staging
// waits for it, rather than "recovering" (removing) the live stage or
// mixing its files with the other's. Each stop of the first Write is
// tried: while staging, after its journal is written, after the commit.
func TestSecondWriterWaits(t *testing.T) {
	for _, at := range []string{"stage a.go", "journal", "commit", "move c.go", "cleanup"} {
		t.Run(at, func(t *testing.T) {
			dir := t.TempDir()
			put(t, dir, withHand(oldSet()))
			reached, release := holdAt(t, at)
			first := newSet()
			second := files("a.go", gen("a.go", "a, second"), "e.go", gen("e.go", "e, second"))
			var wg sync.WaitGroup
			var err1, err2 error
			var done2 atomic.Bool
			wg.Add(2)
			go func() { defer wg.Done(); err1 = Write(dir, first) }()
			<-reached
			go func() { defer wg.Done(); err2 = Write(dir, second); done2.Store(true) }()
			time.Sleep(200 * time.Millisecond)
			if done2.Load() {
				t.Errorf("the second Write finished while the first was stopped at %q (err %v)", at, err2)
			}
			close(release)
			wg.Wait()
			if err1 != nil || err2 != nil {
				t.Fatalf("first: %v; second: %v", err1, err2)
			}
			want := withHand(map[string]string{"a.go": gen("a.go", "a, second"), "e.go": gen("e.go", "e, second")})
			if got := state(t, dir); !reflect.DeepEqual(got, want) {
				t.Errorf("after both:\n got %q\nwant %q", got, want)
			}
		})
	}
}

// TestWaitingIsTold: the second writer is told it waits, and for which
// directory.
func TestWaitingIsTold(t *testing.T) {
	dir := t.TempDir()
	reached, release := holdAt(t, "journal")
	go func() { <-reached; time.Sleep(50 * time.Millisecond); close(release) }()
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { defer wg.Done(); Write(dir, newSet()) }()
	<-reached
	var told []string
	if err := WriteAll([]Target{{dir, files("a.go", gen("a.go", "x"))}}, func(d string) { told = append(told, d) }); err != nil {
		t.Fatal(err)
	}
	wg.Wait()
	if !reflect.DeepEqual(told, []string{dir}) {
		t.Errorf("waiting called with %q, want [%s]", told, dir)
	}
}

// TestWriteAllFailingTarget: when a later target cannot be written, the
// earlier ones are left as they were, and no stage remains anywhere:
// whether the failure is found while planning (a hand-written file in the
// way, an out that is a file) or while staging.
func TestWriteAllFailingTarget(t *testing.T) {
	cases := map[string]func(t *testing.T, d2 string){
		"hand-written file in the way": func(t *testing.T, d2 string) {
			put(t, d2, map[string]string{"z.go": "package p\n"})
		},
		"out is a file": func(t *testing.T, d2 string) {
			os.Remove(d2)
			os.WriteFile(d2, []byte("x"), 0o644)
		},
		"staging fails": func(t *testing.T, d2 string) {
			old := pause
			pause = func(s string) {
				if s == "stage z.go" {
					// Something takes the staged file's name.
					os.Mkdir(filepath.Join(d2, stageName, "z.go"), 0o755)
				}
			}
			t.Cleanup(func() { pause = old })
		},
	}
	for name, breakIt := range cases {
		t.Run(name, func(t *testing.T) {
			root := t.TempDir()
			d1, d2, d3 := filepath.Join(root, "a"), filepath.Join(root, "b"), filepath.Join(root, "c")
			put(t, d1, withHand(oldSet()))
			os.Mkdir(d2, 0o755)
			breakIt(t, d2)
			before1, before2 := state(t, d1), state(t, d2)
			err := WriteAll([]Target{
				{d1, newSet()},
				{d2, files("z.go", gen("z.go", "z"))},
				{d3, newSet()}, // absent: must stay so
			}, nil)
			if err == nil {
				t.Fatal("WriteAll succeeded")
			}
			if got := state(t, d1); !reflect.DeepEqual(got, before1) {
				t.Errorf("the first target changed:\n got %q\nwant %q", got, before1)
			}
			if got := state(t, d2); name != "staging fails" && !reflect.DeepEqual(got, before2) {
				t.Errorf("the failing target changed:\n got %q\nwant %q", got, before2)
			}
			if _, err := os.Stat(d3); !os.IsNotExist(err) {
				t.Errorf("the third target was created: %v", err)
			}
			if st := state(t, d2); st[stageName] != "" {
				t.Errorf("a stage is left in the failing target: %q", st)
			}
		})
	}
}

// TestWriteAllSameDirThroughSymlink: two targets that are one directory
// (one through a symlink) are refused before anything is written.
func TestWriteAllSameDirThroughSymlink(t *testing.T) {
	root := t.TempDir()
	real := filepath.Join(root, "real")
	put(t, real, oldSet())
	link := filepath.Join(root, "link")
	if err := os.Symlink(real, link); err != nil {
		t.Skip(err)
	}
	before := state(t, real)
	err := WriteAll([]Target{{real, newSet()}, {filepath.Join(link, "."), newSet()}}, nil)
	if err == nil || !strings.Contains(err.Error(), "same directory") {
		t.Fatalf("err = %v", err)
	}
	if got := state(t, real); !reflect.DeepEqual(got, before) {
		t.Errorf("changed:\n got %q\nwant %q", got, before)
	}
	// And below a symlinked parent, for a directory not made yet.
	a, b := filepath.Join(real, "sub"), filepath.Join(link, "sub")
	if ra, _ := RealDir(a); ra != mustReal(t, real)+"/sub" {
		t.Errorf("RealDir(%s) = %s", a, ra)
	}
	if rb, _ := RealDir(b); rb != mustReal(t, real)+"/sub" {
		t.Errorf("RealDir(%s) = %s", b, rb)
	}
}

func mustReal(t *testing.T, p string) string {
	r, err := filepath.EvalSymlinks(p)
	if err != nil {
		t.Fatal(err)
	}
	return r
}
