package outdir

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
)

const (
	journalName   = "journal"
	journalHeader = "orygen outdir journal v1"
	journalEnd    = "end"
)

// step is one line of the journal: move a staged file into dir, or
// remove a file of an earlier run from dir. Both are idempotent, so
// Recover can redo a journal from its start however far it had got.
type step struct {
	op   string // "move" or "remove"
	name string
}

// pause is called between the steps of a Write or Recover; tests set it
// to slow them down or to kill the process at a chosen point.
var pause = func(string) {}

// noSync skips fsync, for tests that kill processes but not machines.
var noSync = false

// stage writes the new files into the stage, and the journal beside it
// under a temporary name: everything that can fail before the commit.
// It leaves dir itself untouched.
func stage(dir string, changes []Change) ([]step, error) {
	st := filepath.Join(dir, stageName)
	if err := os.Mkdir(st, 0o755); err != nil {
		return nil, err
	}
	var moves, removes []step
	for _, c := range changes {
		if c.Kind == Removed {
			removes = append(removes, step{"remove", c.Name})
			continue
		}
		pause("stage " + c.Name)
		if err := writeSynced(filepath.Join(st, c.Name), c.New); err != nil {
			return nil, err
		}
		moves = append(moves, step{"move", c.Name})
	}
	steps := append(moves, removes...)
	var j bytes.Buffer
	fmt.Fprintln(&j, journalHeader)
	for _, s := range steps {
		fmt.Fprintln(&j, s.op, s.name)
	}
	fmt.Fprintln(&j, journalEnd)
	// Staged files must be durable before the journal that points at them.
	if err := syncDir(st); err != nil {
		return nil, err
	}
	pause("journal")
	tmp := filepath.Join(st, journalName+".tmp")
	if err := writeSynced(tmp, j.Bytes()); err != nil {
		return nil, err
	}
	return steps, nil
}

// commit commits to the switch of a staged dir by giving the journal its
// name: from then on Recover finishes the switch rather than undo it.
func commit(dir string) error {
	st := filepath.Join(dir, stageName)
	pause("commit")
	if err := os.Rename(filepath.Join(st, journalName+".tmp"), filepath.Join(st, journalName)); err != nil {
		return err
	}
	return syncDir(st)
}

// Recover brings dir back to a consistent state after a Write that was
// interrupted (killed, or failed after its commit point): with a journal,
// it finishes the switch to the new files; without one, it removes the
// incomplete stage and temporary files an older orygen left behind. It
// does nothing when dir is consistent or does not exist.
func Recover(dir string) error {
	if exists, err := isDirOrAbsent(dir); err != nil || !exists {
		return err
	}
	// Only the holder of the lock touches a stage: without it, a stage
	// may be another live run's, half written.
	unlock, err := lockDir(dir, true, nil)
	if err != nil {
		return err
	}
	defer unlock()
	return recoverLocked(dir)
}

// recoverLocked is Recover for a dir that exists and whose lock is held.
func recoverLocked(dir string) error {
	st := filepath.Join(dir, stageName)
	jpath := filepath.Join(st, journalName)
	data, err := os.ReadFile(jpath)
	if err == nil {
		steps, err := parseJournal(data)
		if err != nil {
			return fmt.Errorf("%s: %w", jpath, err)
		}
		return finish(dir, steps)
	}
	if !errors.Is(err, fs.ErrNotExist) && isDir(st) {
		return err // a stage whose journal cannot be read: do not guess
	}
	if err := os.RemoveAll(st); err != nil {
		return err
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	for _, e := range entries {
		// emit.Write, which this package replaced, left temporaries named so.
		if n := e.Name(); strings.HasPrefix(n, ".orygen-") && strings.HasSuffix(n, ".tmp") && e.Type().IsRegular() {
			if err := os.Remove(filepath.Join(dir, n)); err != nil && !errors.Is(err, fs.ErrNotExist) {
				return err
			}
		}
	}
	return nil
}

func isDir(path string) bool {
	fi, err := os.Lstat(path)
	return err == nil && fi.IsDir()
}

func parseJournal(data []byte) ([]step, error) {
	sc := bufio.NewScanner(bytes.NewReader(data))
	if !sc.Scan() || sc.Text() != journalHeader {
		return nil, errors.New("not an orygen journal")
	}
	var steps []step
	for sc.Scan() {
		line := sc.Text()
		if line == journalEnd {
			return steps, nil
		}
		op, name, _ := strings.Cut(line, " ")
		// Names are checked again so that a damaged journal cannot reach
		// outside dir.
		if (op != "move" && op != "remove") || !validName(name) {
			return nil, fmt.Errorf("bad journal line %q", line)
		}
		steps = append(steps, step{op, name})
	}
	return nil, errors.New("journal is incomplete")
}

// finish carries out a committed journal, then deletes it and the stage.
func finish(dir string, steps []step) error {
	st := filepath.Join(dir, stageName)
	for _, s := range steps {
		pause(s.op + " " + s.name)
		dst := filepath.Join(dir, s.name)
		switch s.op {
		case "move":
			src := filepath.Join(st, s.name)
			if _, err := os.Lstat(src); errors.Is(err, fs.ErrNotExist) {
				continue // moved before the interruption
			}
			// Write checked this already; Recover may run much later.
			if _, err := readOurs(dst); err != nil && !errors.Is(err, fs.ErrNotExist) {
				return err
			}
			if err := os.Rename(src, dst); err != nil {
				return err
			}
		case "remove":
			if _, err := readOurs(dst); err != nil {
				continue // removed before the interruption, or no longer orygen's
			}
			if err := os.Remove(dst); err != nil && !errors.Is(err, fs.ErrNotExist) {
				return err
			}
		}
	}
	// The switch must be durable before the journal that would redo it goes.
	if err := syncDir(dir); err != nil {
		return err
	}
	pause("uncommit")
	if err := os.Remove(filepath.Join(st, journalName)); err != nil {
		return err
	}
	pause("cleanup")
	return os.RemoveAll(st)
}

func writeSynced(path string, data []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if err == nil && !noSync {
		err = f.Sync()
	}
	return errors.Join(err, f.Close())
}

func syncDir(path string) error {
	if runtime.GOOS == "windows" || noSync {
		return nil // directories cannot be opened for syncing there
	}
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	err = f.Sync()
	return errors.Join(err, f.Close())
}

// isDirOrAbsent reports whether dir exists, and fails if it is something
// other than a directory.
func isDirOrAbsent(dir string) (bool, error) {
	fi, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return false, nil
	case err != nil:
		return false, err
	case !fi.IsDir():
		return false, fmt.Errorf("%s exists and is not a directory", dir)
	}
	return true, nil
}
