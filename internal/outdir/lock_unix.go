//go:build unix

package outdir

import (
	"errors"
	"os"
	"syscall"
)

// lockDir takes a lock on the directory dir (which exists), exclusive or
// shared, and returns what releases it. The lock is flock(2) on the
// directory itself, not on a file in it: it leaves nothing behind in a
// directory users commit, and the kernel drops it when the process dies,
// so a killed run never leaves a lock to clear by hand. If another
// process holds it, waiting is called before blocking until it is free.
func lockDir(dir string, exclusive bool, waiting func(dir string)) (func(), error) {
	f, err := os.Open(dir)
	if err != nil {
		return nil, err
	}
	how := syscall.LOCK_SH
	if exclusive {
		how = syscall.LOCK_EX
	}
	fd := int(f.Fd())
	err = flock(fd, how|syscall.LOCK_NB)
	if errors.Is(err, syscall.EWOULDBLOCK) {
		if waiting != nil {
			waiting(dir)
		}
		err = flock(fd, how)
	}
	if err != nil {
		f.Close()
		return nil, &os.PathError{Op: "lock", Path: dir, Err: err}
	}
	return func() { f.Close() }, nil
}

func flock(fd, how int) error {
	for {
		if err := syscall.Flock(fd, how); !errors.Is(err, syscall.EINTR) {
			return err
		}
	}
}
