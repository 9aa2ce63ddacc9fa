package c

import (
	"math"
	"testing"
	"unsafe"

	"archharness/floats"
)

// The server side on 386: a method whose float, double or 64-bit result a
// Go callback cannot return (it sets only EAX) has a stub
// (floatstubs_windows_386.s), which is called from C as Windows calls a
// vtable entry (stdcall), hands its target (a C function standing for the
// Go callback, stdcall too) the method's words with the address of a
// result slot after this, and returns what the target wrote there in ST(0)
// or EDX:EAX, popping the method's words.

var this386 = unsafe.Pointer(Object())

// stub386 returns method's 386 stub, aimed at the C target of n words.
func stub386(t *testing.T, method string, n int) uintptr {
	t.Helper()
	s := floats.ServerStub(method, Target386PC(n))
	if s == 0 {
		t.Fatalf("%s has no 386 stub", method)
	}
	return s
}

func checkWords386(t *testing.T, method string, want ...uint32) {
	t.Helper()
	got := Words()
	if uint32(got[0]) != uint32(uintptr(this386)) {
		t.Errorf("%s: word 0 (this) = %#x, want %#x", method, got[0], uintptr(this386))
	}
	for i, w := range want {
		if uint32(got[i+1]) != w {
			t.Errorf("%s: word %d = %#x, want %#x", method, i+1, uint32(got[i+1]), w)
		}
	}
}

// Scale(float x, int n) returns a float: three words, 3 + 1 for the target.
func TestServer386Scale(t *testing.T) {
	SetSlotRet(uint64(math.Float32bits(7.5)))
	if got := CallScale(stub386(t, "Scale", 4), this386, 2.5, -3); got != 7.5 {
		t.Errorf("Scale returned %v through the stub, want 7.5", got)
	}
	checkWords386(t, "Scale", math.Float32bits(2.5), 0xfffffffd)
}

// Sum(double a, float b, LONG c) returns a double: a takes two words.
func TestServer386Sum(t *testing.T) {
	SetSlotRet(math.Float64bits(-6.25))
	a := math.Float64bits(1.25)
	if got := CallSum(stub386(t, "Sum", 6), this386, 1.25, 2.5, -10); got != -6.25 {
		t.Errorf("Sum returned %v through the stub, want -6.25", got)
	}
	checkWords386(t, "Sum", uint32(a), uint32(a>>32), math.Float32bits(2.5), 0xfffffff6)
}

// A stdcall callee pops its words: the stub pops the method's, whatever the
// callback popped of its own.
func TestServer386Pops(t *testing.T) {
	SetSlotRet(0)
	scale := stub386(t, "Scale", 4)
	if d := StackDelta386(scale, uint32(uintptr(this386)), math.Float32bits(1), 2); d != 0 {
		t.Errorf("Scale's stub left ESP %d bytes off", d)
	}
	a := math.Float64bits(1)
	sum := stub386(t, "Sum", 6)
	if d := StackDelta386(sum, uint32(uintptr(this386)), uint32(a), uint32(a>>32), math.Float32bits(2), 3); d != 0 {
		t.Errorf("Sum's stub left ESP %d bytes off", d)
	}
}
