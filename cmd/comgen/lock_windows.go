package main

import (
	"os"

	"golang.org/x/sys/windows"
)

// lockDir takes an exclusive lock for output directory dir, waiting while
// another comgen run holds it. The lock is the system's (LockFileEx), so a run
// that dies releases it.
func lockDir(dir string) (unlock func() error, err error) {
	path, err := lockPath(dir)
	if err != nil {
		return nil, err
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, err
	}
	ol := new(windows.Overlapped)
	if err := windows.LockFileEx(windows.Handle(f.Fd()), windows.LOCKFILE_EXCLUSIVE_LOCK, 0, 1, 0, ol); err != nil {
		f.Close()
		return nil, &os.PathError{Op: "lock", Path: path, Err: err}
	}
	return f.Close, nil // closing the handle releases the lock
}
