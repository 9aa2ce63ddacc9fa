package c

import (
	"math"
	"testing"
	"unsafe"

	"archharness/floats"
)

// The server side: the generated arm64 float stubs (floatstubs_windows_arm64.s)
// are called from C as Windows calls a vtable entry, and hand their target (a
// C function standing for the Go callback) the arguments as eight words in
// X0-X7, a float or double as its bits; a float result returned as a word
// must reach the C caller in S0/D0.

// stub returns method's stub, aimed at the C target.
func stub(t *testing.T, method string) uintptr {
	t.Helper()
	s := floats.ServerStub(method, TargetPC())
	if s == 0 {
		t.Fatalf("%s has no arm64 float stub", method)
	}
	return s
}

var this = unsafe.Pointer(Object())

// word is what a word should hold: all 64 bits, or only the low 32 for a
// 32-bit argument (a float's bits, an int), whose upper half AAPCS64 leaves
// unspecified and the callback does not read.
type word struct {
	v     uint64
	low32 bool
}

func w64(v uint64) word { return word{v: v} }
func w32(v uint32) word { return word{v: uint64(v), low32: true} }

func checkWords(t *testing.T, method string, want ...word) {
	t.Helper()
	got := Words()
	if got[0] != uint64(uintptr(this)) {
		t.Errorf("%s: word 0 (this) = %#x, want %#x", method, got[0], uintptr(this))
	}
	for i, w := range want {
		g := got[i+1]
		if w.low32 {
			g = uint64(uint32(g))
		}
		if g != w.v {
			t.Errorf("%s: word %d = %#x, want %#x", method, i+1, g, w.v)
		}
	}
}

func TestServerMixed(t *testing.T) {
	SetWordRet(1)
	if hr := CallMixed(stub(t, "Mixed"), this, 1.5, 1<<40+3, -2.25, -7, 0.125); hr != 1 {
		t.Errorf("Mixed returned %d through the stub, want 1", hr)
	}
	checkWords(t, "Mixed", w32(math.Float32bits(1.5)), w64(1<<40+3), w64(math.Float64bits(-2.25)),
		w32(0xfffffff9), w32(math.Float32bits(0.125)))
}

func TestServerScale(t *testing.T) {
	SetWordRet(uint64(math.Float32bits(7.5)))
	if got := CallScale(stub(t, "Scale"), this, 2.5, 3); got != 7.5 {
		t.Errorf("Scale returned %v through the stub, want 7.5", got)
	}
	checkWords(t, "Scale", w32(math.Float32bits(2.5)), w32(3))
}

func TestServerSum(t *testing.T) {
	SetWordRet(math.Float64bits(-6.25))
	if got := CallSum(stub(t, "Sum"), this, 1.25, 2.5, -10); got != -6.25 {
		t.Errorf("Sum returned %v through the stub, want -6.25", got)
	}
	checkWords(t, "Sum", w64(math.Float64bits(1.25)), w32(math.Float32bits(2.5)), w32(0xfffffff6))
}

func TestServerRound(t *testing.T) {
	SetWordRet(42)
	if got := CallRound(stub(t, "Round"), this, 41.75); got != 42 {
		t.Errorf("Round returned %v through the stub, want 42", got)
	}
	checkWords(t, "Round", w64(math.Float64bits(41.75)))
}

// Methods whose arguments do not all fit in registers, or that take a
// structure by value, have no arm64 stub (they answer E_NOTIMPL there).
func TestServerNoStub(t *testing.T) {
	for _, m := range []string{"Many", "Hfa", "HfaSpill", "PairSpill"} {
		if floats.ServerStub(m, TargetPC()) != 0 {
			t.Errorf("%s has an arm64 float stub; its arguments cannot all be moved to X registers", m)
		}
	}
}
