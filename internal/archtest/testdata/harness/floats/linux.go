// The part of the generated runtime that the wrappers need on Linux, where
// archtest runs them under qemu-user: comCall1 runs the trampoline through
// CallC (set by package c, which calls it from C on the system stack as
// syscall.SyscallN does on Windows). The other calls are not made here.

package floats

// CallC calls the C function at fn with one argument.
var CallC func(fn, a1 uintptr) uintptr

// comCall1 is //go:uintptrescapes as the runtime's is: what a1 points to
// (the trampoline's frame) is moved to the heap, where a growing goroutine
// stack cannot move it from under the C code. (A run without it once lost
// TestMixed's result while its arguments arrived: what a stack move between
// filling the frame and the C call would do.)
//
//go:uintptrescapes
func comCall1(fn, a1 uintptr) (r1, r2 uintptr) { return CallC(fn, a1), 0 }

// newCallback stands for syscall.NewCallback in the generated floatSlot,
// which the test does not call (it sets the stubs' targets itself).
func newCallback(fn any) uintptr { panic("archtest: no Go callbacks on Linux") }

func notHere() (r1, r2 uintptr) { panic("archtest: only calls through the trampoline are made") }

func comCall(fn uintptr, args ...uintptr) (r1, r2 uintptr)         { return notHere() }
func comCall2(fn, a1, a2 uintptr) (r1, r2 uintptr)                 { return notHere() }
func comCall3(fn, a1, a2, a3 uintptr) (r1, r2 uintptr)             { return notHere() }
func comCall4(fn, a1, a2, a3, a4 uintptr) (r1, r2 uintptr)         { return notHere() }
func comCall5(fn, a1, a2, a3, a4, a5 uintptr) (r1, r2 uintptr)     { return notHere() }
func comCall6(fn, a1, a2, a3, a4, a5, a6 uintptr) (r1, r2 uintptr) { return notHere() }
func comCall7(fn, a1, a2, a3, a4, a5, a6, a7 uintptr) (r1, r2 uintptr) {
	return notHere()
}
func comCall8(fn, a1, a2, a3, a4, a5, a6, a7, a8 uintptr) (r1, r2 uintptr) {
	return notHere()
}
func comCall9(fn, a1, a2, a3, a4, a5, a6, a7, a8, a9 uintptr) (r1, r2 uintptr) {
	return notHere()
}
func comCall10(fn, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10 uintptr) (r1, r2 uintptr) {
	return notHere()
}
func comCall11(fn, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11 uintptr) (r1, r2 uintptr) {
	return notHere()
}
func comCall12(fn, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12 uintptr) (r1, r2 uintptr) {
	return notHere()
}
