//go:build unix

package main

import (
	"os"
	"syscall"
)

// lockFile takes an exclusive lock on f, waiting while another process holds
// it. The lock is the kernel's (flock): a run that dies releases it.
func lockFile(f *os.File) error {
	for {
		err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX)
		if err != syscall.EINTR {
			return err
		}
	}
}
