package c

import (
	"math"
	"testing"
	"unsafe"

	"archharness/floats"
)

// The server side: the generated arm64 float stubs (floatstubs_windows_arm64.s)
// are called from C as Windows calls a vtable entry, and hand their target (a
// C function standing for the Go callback) the arguments as words, the first
// eight in X0-X7 and the rest on the stack, a float or double as its bits and
// a structure by value as the words of its memory image (or a pointer); a
// float result returned as a word must reach the C caller in S0/D0. The
// words a callback receives are those of the generated Impl callbacks'
// parameters (see the serve...ARM64 functions), written out here.

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
// 32-bit argument (a float's bits, an int) or the last 4 bytes of a
// structure, whose upper half AAPCS64 leaves unspecified and the callback
// does not read.
type word struct {
	v     uint64
	low32 bool
}

func w64(v uint64) word  { return word{v: v} }
func w32(v uint32) word  { return word{v: uint64(v), low32: true} }
func f64(v float64) word { return w64(math.Float64bits(v)) }
func f32(v float32) word { return w32(math.Float32bits(v)) }

// f32x2 is the word of two floats side by side in memory.
func f32x2(lo, hi float32) word {
	return w64(uint64(math.Float32bits(lo)) | uint64(math.Float32bits(hi))<<32)
}

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

// Nine doubles (V0-V7 and a stack slot), eight ints after this (X1-X7 and
// a stack slot), a float in a stack slot: 19 words, 11 of them on the
// callback's stack.
func TestServerMany(t *testing.T) {
	SetWordRet(0)
	d := [9]float64{1.5, -2, 3.25, 4, -5.5, 6, 7.125, -8, 9.5}
	i := [8]int32{11, -12, 13, 14, 15, -16, 17, 18}
	if hr := CallMany(stub(t, "Many"), this, d, i, -19.25); hr != 0 {
		t.Errorf("Many returned %d through the stub, want 0", hr)
	}
	var want []word
	for _, v := range d {
		want = append(want, f64(v))
	}
	for _, v := range i {
		want = append(want, w32(uint32(v)))
	}
	want = append(want, f32(-19.25))
	checkWords(t, "Many", want...)
}

// Structures of floats in V registers, one member in each: VEC3 (S0-S2)
// becomes two words of its memory image, DPAIR (D4, D5) two.
func TestServerHfa(t *testing.T) {
	SetWordRet(0)
	if hr := CallHfa(stub(t, "Hfa"), this, floats.VEC3{X: 1.5, Y: -2.5, Z: 3.75}, 4.5, floats.DPAIR{Re: -5.5, Im: 6.25}); hr != 0 {
		t.Errorf("Hfa returned %d through the stub, want 0", hr)
	}
	checkWords(t, "Hfa", f32x2(1.5, -2.5), f32(3.75), f64(4.5), f64(-5.5), f64(6.25))
}

// Six doubles leave two V registers, too few for VEC3: it goes on the stack
// as it lies in memory, and no V register is used after it (the float too
// goes on the stack).
func TestServerHfaSpill(t *testing.T) {
	SetWordRet(0)
	a := [6]float64{1, -2, 3, -4, 5, -6.5}
	if hr := CallHfaSpill(stub(t, "HfaSpill"), this, a, floats.VEC3{X: 7.5, Y: 8.5, Z: -9.5}, 10.25); hr != 0 {
		t.Errorf("HfaSpill returned %d through the stub, want 0", hr)
	}
	var want []word
	for _, v := range a {
		want = append(want, f64(v))
	}
	want = append(want, f32x2(7.5, 8.5), f32(-9.5), f32(10.25))
	checkWords(t, "HfaSpill", want...)
}

// With X0-X6 taken, the 16-byte WIDE goes on the stack (X7 stays unused),
// the int after it too; the float in V0. The stub hands the callback its
// words one argument after the other: no word for the unused X7.
func TestServerPairSpill(t *testing.T) {
	SetWordRet(0)
	i := [6]int32{1, 2, -3, 4, 5, 6}
	if hr := CallPairSpill(stub(t, "PairSpill"), this, i, floats.WIDE{A: -1 << 40, B: 77}, -8, 9.75); hr != 0 {
		t.Errorf("PairSpill returned %d through the stub, want 0", hr)
	}
	var want []word
	for _, v := range i {
		want = append(want, w32(uint32(v)))
	}
	want = append(want, w64(uint64(1<<64-1<<40)), w32(77), w32(uint32(0xfffffff8)), f32(9.75))
	checkWords(t, "PairSpill", want...)
}

// A stub changes no register its caller keeps across calls (X19-X28,
// D8-D15; AAPCS64): not R27, which the assembler uses to load a global, and
// not D8-D15, which Go's callbacks do not save.
func TestServerSavedRegisters(t *testing.T) {
	SetWordRet(uint64(math.Float32bits(2)))
	if bad := SavedProbe(stub(t, "Scale"), this); bad != 0 {
		for n := range 32 {
			if bad&(1<<n) == 0 {
				continue
			}
			if n >= 19 {
				t.Errorf("the stub changed X%d", n)
			} else {
				t.Errorf("the stub changed D%d", n+8)
			}
		}
	}
}
