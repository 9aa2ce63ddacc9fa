//go:build unix

package idl

import "syscall"

// oNonblock opens a file without blocking: a FIFO put in place of a regular
// file between a check and the open does not hang the reader.
const oNonblock = syscall.O_NONBLOCK
