//go:build unix

package main

import (
	"os"
	"syscall"
)

// lockDir takes an exclusive lock for output directory dir, waiting while
// another comgen run holds it. The lock is the kernel's (flock), so a run that
// dies releases it.
func lockDir(dir string) (unlock func() error, err error) {
	path, err := lockPath(dir)
	if err != nil {
		return nil, err
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, err
	}
	for {
		err = syscall.Flock(int(f.Fd()), syscall.LOCK_EX)
		if err != syscall.EINTR {
			break
		}
	}
	if err != nil {
		f.Close()
		return nil, &os.PathError{Op: "lock", Path: path, Err: err}
	}
	return f.Close, nil // closing the file releases the lock
}
