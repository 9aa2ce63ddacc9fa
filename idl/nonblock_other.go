//go:build !unix

package idl

// oNonblock is 0 where opening a file cannot block on a FIFO this way.
const oNonblock = 0
