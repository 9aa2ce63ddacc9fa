// The part of the generated runtime that the wrappers need on Linux, where
// archtest runs them under qemu-user: comCall1 runs the floating-point
// trampoline through CallC, and comCall and comCallN call a method with
// integer words through CallN (both set by package c, which calls from C on
// the system stack as syscall.SyscallN does on Windows).

package floats

import "unsafe"

// Free frees memory the C object allocated: what CoTaskMemFree is on Windows.
var Free func(p unsafe.Pointer)

// takeCoTaskArray is the runtime's, freeing with Free.
func takeCoTaskArray[T any](p *T, n int) []T {
	if p == nil {
		return nil
	}
	var s []T
	if n > 0 {
		s = make([]T, n)
		copy(s, unsafe.Slice(p, n))
	}
	Free(unsafe.Pointer(p))
	return s
}

// CallC calls the C function at fn with one argument.
var CallC func(fn, a1 uintptr) uintptr

// CallN calls the C function at fn with args as its integer arguments (by
// stdcall on 386) and returns its result: EAX and EDX on 386, X0 on arm64.
var CallN func(fn uintptr, args []uintptr) (r1, r2 uintptr)

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

// The others are //go:uintptrescapes too, for the copies of structures
// passed by reference.

//go:uintptrescapes
func comCall(fn uintptr, args ...uintptr) (r1, r2 uintptr) { return CallN(fn, args) }

//go:uintptrescapes
func comCall2(fn, a1, a2 uintptr) (r1, r2 uintptr) {
	return CallN(fn, []uintptr{a1, a2})
}

//go:uintptrescapes
func comCall3(fn, a1, a2, a3 uintptr) (r1, r2 uintptr) {
	return CallN(fn, []uintptr{a1, a2, a3})
}

//go:uintptrescapes
func comCall4(fn, a1, a2, a3, a4 uintptr) (r1, r2 uintptr) {
	return CallN(fn, []uintptr{a1, a2, a3, a4})
}

//go:uintptrescapes
func comCall5(fn, a1, a2, a3, a4, a5 uintptr) (r1, r2 uintptr) {
	return CallN(fn, []uintptr{a1, a2, a3, a4, a5})
}

//go:uintptrescapes
func comCall6(fn, a1, a2, a3, a4, a5, a6 uintptr) (r1, r2 uintptr) {
	return CallN(fn, []uintptr{a1, a2, a3, a4, a5, a6})
}

//go:uintptrescapes
func comCall7(fn, a1, a2, a3, a4, a5, a6, a7 uintptr) (r1, r2 uintptr) {
	return CallN(fn, []uintptr{a1, a2, a3, a4, a5, a6, a7})
}

//go:uintptrescapes
func comCall8(fn, a1, a2, a3, a4, a5, a6, a7, a8 uintptr) (r1, r2 uintptr) {
	return CallN(fn, []uintptr{a1, a2, a3, a4, a5, a6, a7, a8})
}

//go:uintptrescapes
func comCall9(fn, a1, a2, a3, a4, a5, a6, a7, a8, a9 uintptr) (r1, r2 uintptr) {
	return CallN(fn, []uintptr{a1, a2, a3, a4, a5, a6, a7, a8, a9})
}

//go:uintptrescapes
func comCall10(fn, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10 uintptr) (r1, r2 uintptr) {
	return CallN(fn, []uintptr{a1, a2, a3, a4, a5, a6, a7, a8, a9, a10})
}

//go:uintptrescapes
func comCall11(fn, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11 uintptr) (r1, r2 uintptr) {
	return CallN(fn, []uintptr{a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11})
}

//go:uintptrescapes
func comCall12(fn, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12 uintptr) (r1, r2 uintptr) {
	return CallN(fn, []uintptr{a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12})
}
