// Package c is an IFloats object written in C and compiled by gcc: each
// method records the arguments it received, as the target's C calling
// convention delivered them, for the test to compare with what it passed.
package c

/*
#include <stdint.h>

#if defined(__i386__)
#define STDMETHOD __attribute__((stdcall))
#else
#define STDMETHOD
#endif

typedef struct { float x, y, z; } VEC3;
typedef struct { double re, im; } DPAIR;
typedef struct { long long a; int b; } WIDE;

typedef struct Obj { const struct Vtbl *vtbl; } Obj;
static Obj obj;

static double rec[32];
static int nrec;
static void put(double v) { if (nrec < 32) rec[nrec++] = v; }
static void start(Obj *o) { nrec = 0; put(o == &obj); }

static int32_t STDMETHOD qi(Obj *o, const void *iid, void **out) { *out = 0; return (int32_t)0x80004002; }
static uint32_t STDMETHOD addref(Obj *o) { return 2; }
static uint32_t STDMETHOD release(Obj *o) { return 1; }

static int32_t STDMETHOD mixed(Obj *o, float a, long long b, double c, int d, float e) {
	start(o); put(a); put((double)b); put(c); put(d); put(e);
	return 1;
}
static int32_t STDMETHOD many(Obj *o, double d1, double d2, double d3, double d4, double d5,
	double d6, double d7, double d8, double d9, int i1, int i2, int i3, int i4, int i5,
	int i6, int i7, int i8, float f) {
	start(o);
	put(d1); put(d2); put(d3); put(d4); put(d5); put(d6); put(d7); put(d8); put(d9);
	put(i1); put(i2); put(i3); put(i4); put(i5); put(i6); put(i7); put(i8); put(f);
	return 0;
}
static int32_t STDMETHOD hfa(Obj *o, VEC3 v, double w, DPAIR p) {
	start(o); put(v.x); put(v.y); put(v.z); put(w); put(p.re); put(p.im);
	return 0;
}
static int32_t STDMETHOD hfaSpill(Obj *o, double a1, double a2, double a3, double a4,
	double a5, double a6, VEC3 v, float after) {
	start(o); put(a1); put(a2); put(a3); put(a4); put(a5); put(a6);
	put(v.x); put(v.y); put(v.z); put(after);
	return 0;
}
static int32_t STDMETHOD pairSpill(Obj *o, int i1, int i2, int i3, int i4, int i5, int i6,
	WIDE w, int after, float f) {
	start(o); put(i1); put(i2); put(i3); put(i4); put(i5); put(i6);
	put((double)w.a); put(w.b); put(after); put(f);
	return 0;
}
static float STDMETHOD scale(Obj *o, float x, int n) { start(o); put(x); put(n); return x * (float)n; }
static double STDMETHOD sum(Obj *o, double a, float b, int32_t c) { start(o); put(a); put(b); put(c); return a + b + c; }
static int32_t STDMETHOD round_(Obj *o, double x) { start(o); put(x); return (int32_t)(x + 0.5); }

static const struct Vtbl {
	void *qi, *addref, *release, *mixed, *many, *hfa, *hfaSpill, *pairSpill, *scale, *sum, *round;
} vtbl = {qi, addref, release, mixed, many, hfa, hfaSpill, pairSpill, scale, sum, round_};

// What an arm64 float stub hands its target: the eight words a Go callback
// would read from X0-X7. target records them and returns wordret.
static uint64_t words[8], wordret;
static uint64_t target(uint64_t w0, uint64_t w1, uint64_t w2, uint64_t w3,
	uint64_t w4, uint64_t w5, uint64_t w6, uint64_t w7) {
	words[0] = w0; words[1] = w1; words[2] = w2; words[3] = w3;
	words[4] = w4; words[5] = w5; words[6] = w6; words[7] = w7;
	return wordret;
}
static uintptr_t targetPC(void) { return (uintptr_t)target; }
static uint64_t word(int i) { return words[i]; }
static void setWordret(uint64_t w) { wordret = w; }

// Calls of a stub as Windows would call the vtable entry (the IDL's types).
static int32_t callMixed(uintptr_t stub, void *this, float a, long long b, double c, int d, float e) {
	return ((int32_t (STDMETHOD *)(void *, float, long long, double, int, float))stub)(this, a, b, c, d, e);
}
static float callScale(uintptr_t stub, void *this, float x, int n) {
	return ((float (STDMETHOD *)(void *, float, int))stub)(this, x, n);
}
static double callSum(uintptr_t stub, void *this, double a, float b, int32_t c) {
	return ((double (STDMETHOD *)(void *, double, float, int32_t))stub)(this, a, b, c);
}
static int32_t callRound(uintptr_t stub, void *this, double x) {
	return ((int32_t (STDMETHOD *)(void *, double))stub)(this, x);
}

static void *object(void) { obj.vtbl = &vtbl; return &obj; }
static int recorded(void) { return nrec; }
static double record(int i) { return rec[i]; }
static uintptr_t call1(uintptr_t fn, uintptr_t a) { return ((uintptr_t (*)(uintptr_t))fn)(a); }
*/
import "C"

import (
	"unsafe"

	"archharness/floats"
)

func init() {
	floats.CallC = func(fn, a1 uintptr) uintptr { return uintptr(C.call1(C.uintptr_t(fn), C.uintptr_t(a1))) }
}

// TargetPC is the address of the C function that stands for a Go callback
// behind an arm64 float stub.
func TargetPC() uintptr { return uintptr(C.targetPC()) }

// Words returns the eight words the stub's target received.
func Words() [8]uint64 {
	var w [8]uint64
	for i := range w {
		w[i] = uint64(C.word(C.int(i)))
	}
	return w
}

// SetWordRet sets the word the target returns.
func SetWordRet(w uint64) { C.setWordret(C.uint64_t(w)) }

// The vtable calls of the stubs, from C.
func CallMixed(stub uintptr, this unsafe.Pointer, a float32, b int64, c float64, d int32, e float32) int32 {
	return int32(C.callMixed(C.uintptr_t(stub), this, C.float(a), C.longlong(b), C.double(c), C.int(d), C.float(e)))
}
func CallScale(stub uintptr, this unsafe.Pointer, x float32, n int32) float32 {
	return float32(C.callScale(C.uintptr_t(stub), this, C.float(x), C.int(n)))
}
func CallSum(stub uintptr, this unsafe.Pointer, a float64, b float32, c int32) float64 {
	return float64(C.callSum(C.uintptr_t(stub), this, C.double(a), C.float(b), C.int32_t(c)))
}
func CallRound(stub uintptr, this unsafe.Pointer, x float64) int32 {
	return int32(C.callRound(C.uintptr_t(stub), this, C.double(x)))
}

// Object returns the C object.
func Object() *floats.IFloats { return (*floats.IFloats)(C.object()) }

// Recorded returns what the last method called recorded: 1 if this was the
// object, then its arguments in order.
func Recorded() []float64 {
	out := make([]float64, int(C.recorded()))
	for i := range out {
		out[i] = float64(C.record(C.int(i)))
	}
	return out
}
