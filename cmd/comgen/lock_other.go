//go:build !unix && !windows

package main

import "os"

// lockFile does nothing where the system has no file locks comgen knows of.
func lockFile(f *os.File) error { return nil }
