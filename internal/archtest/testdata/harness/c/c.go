// Package c is an IFloats object written in C and compiled by gcc: each
// method records the arguments it received, as the target's C calling
// convention delivered them, for the test to compare with what it passed.
package c

/*
#include <stdint.h>
#include <stdlib.h>

#if defined(__i386__)
#define STDMETHOD __attribute__((stdcall))
#else
#define STDMETHOD
#endif

typedef struct { float x, y, z; } VEC3;
typedef struct { double re, im; } DPAIR;
// As Windows lays it out on 386 too (MSVC aligns a long long to 8 bytes in a
// structure; i386 Linux to 4): 16 bytes, four stack words.
typedef struct { long long a __attribute__((aligned(8))); int b; } WIDE;

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

// IEnumWide and IBuffers: each fills every element it is told of, and
// records the counts it was told.
typedef struct BufObj { const void *vtbl; } BufObj;
static uint32_t told[4];
static int32_t STDMETHOD bufqi(BufObj *o, const void *iid, void **out) { *out = 0; return (int32_t)0x80004002; }
static uint32_t STDMETHOD bufaddref(BufObj *o) { return 2; }
static uint32_t STDMETHOD bufrelease(BufObj *o) { return 1; }
static int32_t STDMETHOD next(BufObj *o, uint32_t celt, WIDE *rgelt, uint32_t *fetched) {
	told[0] = celt;
	for (uint32_t i = 0; i < celt; i++) { rgelt[i].a = 1000 + i; rgelt[i].b = -(int)i; }
	*fetched = celt;
	return 0;
}
static int32_t STDMETHOD find(BufObj *o, DPAIR *found, int16_t *ids, uint16_t *pc) {
	told[0] = *pc;
	for (uint16_t i = 0; i < *pc; i++) { found[i].re = i + 0.5; found[i].im = -1.0 * i; ids[i] = (int16_t)(7 * i + 1); }
	if (*pc > 0) *pc -= 1; // found one fewer than there was room for
	return 0;
}
static int32_t STDMETHOD metrics(BufObj *o, VEC3 *items, uint32_t max_count, uint32_t *actual) {
	told[0] = max_count;
	for (uint32_t i = 0; i < max_count; i++) { items[i].x = i; items[i].y = 2.0f * i; items[i].z = 0.25f; }
	*actual = max_count;
	return 0;
}
static int allocated;
static int32_t STDMETHOD alloc_(BufObj *o, uint32_t n, uint32_t *pc, WIDE **items) {
	told[0] = n;
	*items = malloc(n * sizeof(WIDE));
	allocated++;
	for (uint32_t i = 0; i < n; i++) { (*items)[i].a = (long long)i << 33; (*items)[i].b = (int)i; }
	*pc = n;
	return 0;
}
static void freeMem(void *p) { free(p); allocated--; }
static const void *enumVtbl[] = {bufqi, bufaddref, bufrelease, next};
static const void *bufVtbl[] = {bufqi, bufaddref, bufrelease, find, metrics, alloc_};
static BufObj enumObj = {enumVtbl}, bufObj = {bufVtbl};
static void *enumObject(void) { return &enumObj; }
static void *bufObject(void) { return &bufObj; }
static uint32_t toldCount(void) { return told[0]; }
static int allocations(void) { return allocated; }

// What an arm64 float stub hands its target: the words a Go callback would
// read, the first eight from X0-X7 and the rest from the stack (as AAPCS64
// passes a function's integer arguments after the eighth). target records
// them and returns wordret.
#define NWORDS 24
static uint64_t words[NWORDS], wordret;
static uint64_t target(uint64_t w0, uint64_t w1, uint64_t w2, uint64_t w3,
	uint64_t w4, uint64_t w5, uint64_t w6, uint64_t w7, uint64_t w8, uint64_t w9,
	uint64_t w10, uint64_t w11, uint64_t w12, uint64_t w13, uint64_t w14, uint64_t w15,
	uint64_t w16, uint64_t w17, uint64_t w18, uint64_t w19, uint64_t w20, uint64_t w21,
	uint64_t w22, uint64_t w23) {
	uint64_t w[NWORDS] = {w0, w1, w2, w3, w4, w5, w6, w7, w8, w9, w10, w11, w12, w13,
		w14, w15, w16, w17, w18, w19, w20, w21, w22, w23};
	for (int i = 0; i < NWORDS; i++) words[i] = w[i];
	return wordret;
}
static uintptr_t targetPC(void) { return (uintptr_t)target; }

// What a 386 stub hands its target: the method's words with a pointer to
// the result's slot after this (stdcall: the target pops them all). The
// targets record the words, without the slot's address, and write the
// 64-bit slotret into the slot.
static uint64_t slotret;
static void setSlotret(uint64_t v) { slotret = v; }
static uint32_t STDMETHOD target386x4(uintptr_t w0, uint64_t *res, uintptr_t w1, uintptr_t w2) {
	words[0] = w0; words[1] = w1; words[2] = w2;
	*res = slotret;
	return 0;
}
static uint32_t STDMETHOD target386x6(uintptr_t w0, uint64_t *res, uintptr_t w1, uintptr_t w2, uintptr_t w3, uintptr_t w4) {
	words[0] = w0; words[1] = w1; words[2] = w2; words[3] = w3; words[4] = w4;
	*res = slotret;
	return 0;
}
// savedProbe calls the stub fn as Scale (float, int) returns float, with
// the registers AAPCS64 says a callee keeps (X19-X28, D8-D15) set to known
// values, and returns a bit per register that came back changed (bit n for
// Xn, bit n-8 for Dn).
static uint32_t savedProbe(uintptr_t fn, void *obj) {
#if defined(__aarch64__)
	register uint64_t x19 __asm__("x19") = 0x1919191919191919ULL;
	register uint64_t x20 __asm__("x20") = 0x2020202020202020ULL;
	register uint64_t x21 __asm__("x21") = 0x2121212121212121ULL;
	register uint64_t x22 __asm__("x22") = 0x2222222222222222ULL;
	register uint64_t x23 __asm__("x23") = 0x2323232323232323ULL;
	register uint64_t x24 __asm__("x24") = 0x2424242424242424ULL;
	register uint64_t x25 __asm__("x25") = 0x2525252525252525ULL;
	register uint64_t x26 __asm__("x26") = 0x2626262626262626ULL;
	register uint64_t x27 __asm__("x27") = 0x2727272727272727ULL;
	register uint64_t x28 __asm__("x28") = 0x2828282828282828ULL;
	register double d8 __asm__("d8") = 8.25;
	register double d9 __asm__("d9") = 9.25;
	register double d10 __asm__("d10") = 10.25;
	register double d11 __asm__("d11") = 11.25;
	register double d12 __asm__("d12") = 12.25;
	register double d13 __asm__("d13") = 13.25;
	register double d14 __asm__("d14") = 14.25;
	register double d15 __asm__("d15") = 15.25;
	__asm__ volatile("" : "+r"(x19), "+r"(x20), "+r"(x21), "+r"(x22), "+r"(x23), "+r"(x24), "+r"(x25), "+r"(x26), "+r"(x27), "+r"(x28));
	__asm__ volatile("" : "+w"(d8), "+w"(d9), "+w"(d10), "+w"(d11), "+w"(d12), "+w"(d13), "+w"(d14), "+w"(d15));
	((float (*)(void *, float, int))fn)(obj, 1.0f, 2);
	__asm__ volatile("" : "+r"(x19), "+r"(x20), "+r"(x21), "+r"(x22), "+r"(x23), "+r"(x24), "+r"(x25), "+r"(x26), "+r"(x27), "+r"(x28));
	__asm__ volatile("" : "+w"(d8), "+w"(d9), "+w"(d10), "+w"(d11), "+w"(d12), "+w"(d13), "+w"(d14), "+w"(d15));
	uint32_t bad = 0;
	if (x19 != 0x1919191919191919ULL) bad |= 1u << 19;
	if (x20 != 0x2020202020202020ULL) bad |= 1u << 20;
	if (x21 != 0x2121212121212121ULL) bad |= 1u << 21;
	if (x22 != 0x2222222222222222ULL) bad |= 1u << 22;
	if (x23 != 0x2323232323232323ULL) bad |= 1u << 23;
	if (x24 != 0x2424242424242424ULL) bad |= 1u << 24;
	if (x25 != 0x2525252525252525ULL) bad |= 1u << 25;
	if (x26 != 0x2626262626262626ULL) bad |= 1u << 26;
	if (x27 != 0x2727272727272727ULL) bad |= 1u << 27;
	if (x28 != 0x2828282828282828ULL) bad |= 1u << 28;
	if (d8 != 8.25) bad |= 1u << 0;
	if (d9 != 9.25) bad |= 1u << 1;
	if (d10 != 10.25) bad |= 1u << 2;
	if (d11 != 11.25) bad |= 1u << 3;
	if (d12 != 12.25) bad |= 1u << 4;
	if (d13 != 13.25) bad |= 1u << 5;
	if (d14 != 14.25) bad |= 1u << 6;
	if (d15 != 15.25) bad |= 1u << 7;
	return bad;
#else
	return 0;
#endif
}

// stackDelta386 calls the stdcall function fn returning a float or double
// (in ST(0), which it then drops) with the n words at a, and returns by how
// many bytes it left ESP below where it was before the words were pushed:
// 0 when the callee popped exactly its words.
static int stackDelta386(uintptr_t fn, const uint32_t *a, int n) {
#if defined(__i386__)
	int delta;
	__asm__ volatile(
		"movl %%esp, %%esi\n\t"
		"1:\n\t"
		"testl %%ecx, %%ecx\n\t"
		"jz 2f\n\t"
		"pushl -4(%%edi,%%ecx,4)\n\t"
		"decl %%ecx\n\t"
		"jmp 1b\n\t"
		"2:\n\t"
		"call *%%edx\n\t"
		"fstp %%st(0)\n\t"
		"movl %%esi, %%eax\n\t"
		"subl %%esp, %%eax\n\t"
		"movl %%esi, %%esp\n\t"
		: "=a"(delta), "+c"(n), "+D"(a), "+d"(fn)
		:
		: "esi", "memory", "cc");
	return delta;
#else
	return -1;
#endif
}
static uintptr_t target386PC(int n) {
	switch (n) {
	case 4: return (uintptr_t)target386x4;
	case 6: return (uintptr_t)target386x6;
	}
	return 0;
}
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
static int32_t callMany(uintptr_t stub, void *this, const double *d, const int *i, float f) {
	return ((int32_t (STDMETHOD *)(void *, double, double, double, double, double, double,
		double, double, double, int, int, int, int, int, int, int, int, float))stub)(this,
		d[0], d[1], d[2], d[3], d[4], d[5], d[6], d[7], d[8],
		i[0], i[1], i[2], i[3], i[4], i[5], i[6], i[7], f);
}
static int32_t callHfa(uintptr_t stub, void *this, VEC3 v, double w, DPAIR p) {
	return ((int32_t (STDMETHOD *)(void *, VEC3, double, DPAIR))stub)(this, v, w, p);
}
static int32_t callHfaSpill(uintptr_t stub, void *this, const double *a, VEC3 v, float after) {
	return ((int32_t (STDMETHOD *)(void *, double, double, double, double, double, double,
		VEC3, float))stub)(this, a[0], a[1], a[2], a[3], a[4], a[5], v, after);
}
static int32_t callPairSpill(uintptr_t stub, void *this, const int *i, WIDE w, int after, float f) {
	return ((int32_t (STDMETHOD *)(void *, int, int, int, int, int, int, WIDE, int, float))stub)(this,
		i[0], i[1], i[2], i[3], i[4], i[5], w, after, f);
}

static void *object(void) { obj.vtbl = &vtbl; return &obj; }
static int recorded(void) { return nrec; }
static double record(int i) { return rec[i]; }
static uintptr_t call1(uintptr_t fn, uintptr_t a) { return ((uintptr_t (*)(uintptr_t))fn)(a); }
// callN calls the C function at fn with the n words at a, by the target's C
// convention for n integer arguments (stdcall on 386, as COM methods are),
// as syscall.SyscallN does on Windows. A 64-bit result comes back whole
// (EDX:EAX on 386).
static uint64_t callN(uintptr_t fn, const uintptr_t *a, int n) {
	typedef uintptr_t w;
	switch (n) {
	case 1: return ((uint64_t (STDMETHOD *)(w))fn)(a[0]);
	case 2: return ((uint64_t (STDMETHOD *)(w, w))fn)(a[0], a[1]);
	case 3: return ((uint64_t (STDMETHOD *)(w, w, w))fn)(a[0], a[1], a[2]);
	case 4: return ((uint64_t (STDMETHOD *)(w, w, w, w))fn)(a[0], a[1], a[2], a[3]);
	case 5: return ((uint64_t (STDMETHOD *)(w, w, w, w, w))fn)(a[0], a[1], a[2], a[3], a[4]);
	case 6: return ((uint64_t (STDMETHOD *)(w, w, w, w, w, w))fn)(a[0], a[1], a[2], a[3], a[4], a[5]);
	case 7: return ((uint64_t (STDMETHOD *)(w, w, w, w, w, w, w))fn)(a[0], a[1], a[2], a[3], a[4], a[5], a[6]);
	case 8: return ((uint64_t (STDMETHOD *)(w, w, w, w, w, w, w, w))fn)(a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7]);
	case 9: return ((uint64_t (STDMETHOD *)(w, w, w, w, w, w, w, w, w))fn)(a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8]);
	case 10: return ((uint64_t (STDMETHOD *)(w, w, w, w, w, w, w, w, w, w))fn)(a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9]);
	case 11: return ((uint64_t (STDMETHOD *)(w, w, w, w, w, w, w, w, w, w, w))fn)(a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9], a[10]);
	case 12: return ((uint64_t (STDMETHOD *)(w, w, w, w, w, w, w, w, w, w, w, w))fn)(a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9], a[10], a[11]);
	case 13: return ((uint64_t (STDMETHOD *)(w, w, w, w, w, w, w, w, w, w, w, w, w))fn)(a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9], a[10], a[11], a[12]);
	case 14: return ((uint64_t (STDMETHOD *)(w, w, w, w, w, w, w, w, w, w, w, w, w, w))fn)(a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9], a[10], a[11], a[12], a[13]);
	case 15: return ((uint64_t (STDMETHOD *)(w, w, w, w, w, w, w, w, w, w, w, w, w, w, w))fn)(a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9], a[10], a[11], a[12], a[13], a[14]);
	case 16: return ((uint64_t (STDMETHOD *)(w, w, w, w, w, w, w, w, w, w, w, w, w, w, w, w))fn)(a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9], a[10], a[11], a[12], a[13], a[14], a[15]);
	case 17: return ((uint64_t (STDMETHOD *)(w, w, w, w, w, w, w, w, w, w, w, w, w, w, w, w, w))fn)(a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9], a[10], a[11], a[12], a[13], a[14], a[15], a[16]);
	case 18: return ((uint64_t (STDMETHOD *)(w, w, w, w, w, w, w, w, w, w, w, w, w, w, w, w, w, w))fn)(a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9], a[10], a[11], a[12], a[13], a[14], a[15], a[16], a[17]);
	case 19: return ((uint64_t (STDMETHOD *)(w, w, w, w, w, w, w, w, w, w, w, w, w, w, w, w, w, w, w))fn)(a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9], a[10], a[11], a[12], a[13], a[14], a[15], a[16], a[17], a[18]);
	case 20: return ((uint64_t (STDMETHOD *)(w, w, w, w, w, w, w, w, w, w, w, w, w, w, w, w, w, w, w, w))fn)(a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9], a[10], a[11], a[12], a[13], a[14], a[15], a[16], a[17], a[18], a[19]);
	case 21: return ((uint64_t (STDMETHOD *)(w, w, w, w, w, w, w, w, w, w, w, w, w, w, w, w, w, w, w, w, w))fn)(a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9], a[10], a[11], a[12], a[13], a[14], a[15], a[16], a[17], a[18], a[19], a[20]);
	case 22: return ((uint64_t (STDMETHOD *)(w, w, w, w, w, w, w, w, w, w, w, w, w, w, w, w, w, w, w, w, w, w))fn)(a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9], a[10], a[11], a[12], a[13], a[14], a[15], a[16], a[17], a[18], a[19], a[20], a[21]);
	case 23: return ((uint64_t (STDMETHOD *)(w, w, w, w, w, w, w, w, w, w, w, w, w, w, w, w, w, w, w, w, w, w, w))fn)(a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9], a[10], a[11], a[12], a[13], a[14], a[15], a[16], a[17], a[18], a[19], a[20], a[21], a[22]);
	case 24: return ((uint64_t (STDMETHOD *)(w, w, w, w, w, w, w, w, w, w, w, w, w, w, w, w, w, w, w, w, w, w, w, w))fn)(a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9], a[10], a[11], a[12], a[13], a[14], a[15], a[16], a[17], a[18], a[19], a[20], a[21], a[22], a[23]);
	case 25: return ((uint64_t (STDMETHOD *)(w, w, w, w, w, w, w, w, w, w, w, w, w, w, w, w, w, w, w, w, w, w, w, w, w))fn)(a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9], a[10], a[11], a[12], a[13], a[14], a[15], a[16], a[17], a[18], a[19], a[20], a[21], a[22], a[23], a[24]);
	case 26: return ((uint64_t (STDMETHOD *)(w, w, w, w, w, w, w, w, w, w, w, w, w, w, w, w, w, w, w, w, w, w, w, w, w, w))fn)(a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9], a[10], a[11], a[12], a[13], a[14], a[15], a[16], a[17], a[18], a[19], a[20], a[21], a[22], a[23], a[24], a[25]);
	case 27: return ((uint64_t (STDMETHOD *)(w, w, w, w, w, w, w, w, w, w, w, w, w, w, w, w, w, w, w, w, w, w, w, w, w, w, w))fn)(a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9], a[10], a[11], a[12], a[13], a[14], a[15], a[16], a[17], a[18], a[19], a[20], a[21], a[22], a[23], a[24], a[25], a[26]);
	case 28: return ((uint64_t (STDMETHOD *)(w, w, w, w, w, w, w, w, w, w, w, w, w, w, w, w, w, w, w, w, w, w, w, w, w, w, w, w))fn)(a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9], a[10], a[11], a[12], a[13], a[14], a[15], a[16], a[17], a[18], a[19], a[20], a[21], a[22], a[23], a[24], a[25], a[26], a[27]);
	case 29: return ((uint64_t (STDMETHOD *)(w, w, w, w, w, w, w, w, w, w, w, w, w, w, w, w, w, w, w, w, w, w, w, w, w, w, w, w, w))fn)(a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9], a[10], a[11], a[12], a[13], a[14], a[15], a[16], a[17], a[18], a[19], a[20], a[21], a[22], a[23], a[24], a[25], a[26], a[27], a[28]);
	case 30: return ((uint64_t (STDMETHOD *)(w, w, w, w, w, w, w, w, w, w, w, w, w, w, w, w, w, w, w, w, w, w, w, w, w, w, w, w, w, w))fn)(a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9], a[10], a[11], a[12], a[13], a[14], a[15], a[16], a[17], a[18], a[19], a[20], a[21], a[22], a[23], a[24], a[25], a[26], a[27], a[28], a[29]);
	case 31: return ((uint64_t (STDMETHOD *)(w, w, w, w, w, w, w, w, w, w, w, w, w, w, w, w, w, w, w, w, w, w, w, w, w, w, w, w, w, w, w))fn)(a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9], a[10], a[11], a[12], a[13], a[14], a[15], a[16], a[17], a[18], a[19], a[20], a[21], a[22], a[23], a[24], a[25], a[26], a[27], a[28], a[29], a[30]);
	case 32: return ((uint64_t (STDMETHOD *)(w, w, w, w, w, w, w, w, w, w, w, w, w, w, w, w, w, w, w, w, w, w, w, w, w, w, w, w, w, w, w, w))fn)(a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9], a[10], a[11], a[12], a[13], a[14], a[15], a[16], a[17], a[18], a[19], a[20], a[21], a[22], a[23], a[24], a[25], a[26], a[27], a[28], a[29], a[30], a[31]);
	}
	abort(); // more words than the harness calls with
}
*/
import "C"

import (
	"unsafe"

	"archharness/floats"
)

func init() {
	floats.Free = func(p unsafe.Pointer) { C.freeMem(p) }
	floats.CallC = func(fn, a1 uintptr) uintptr { return uintptr(C.call1(C.uintptr_t(fn), C.uintptr_t(a1))) }
	floats.CallN = func(fn uintptr, args []uintptr) (r1, r2 uintptr) {
		var a *C.uintptr_t
		if len(args) > 0 {
			a = (*C.uintptr_t)(unsafe.Pointer(&args[0]))
		}
		r := uint64(C.callN(C.uintptr_t(fn), a, C.int(len(args))))
		if unsafe.Sizeof(uintptr(0)) == 4 {
			return uintptr(uint32(r)), uintptr(r >> 32) // EAX, EDX
		}
		return uintptr(r), 0
	}
}

// TargetPC is the address of the C function that stands for a Go callback
// behind an arm64 float stub.
func TargetPC() uintptr { return uintptr(C.targetPC()) }

// Target386PC is the address of the C function that stands for a Go
// callback of n words (the slot's address included) behind a 386 stub.
func Target386PC(n int) uintptr { return uintptr(C.target386PC(C.int(n))) }

// SavedProbe calls the arm64 stub fn of Scale with the callee-saved
// registers set, and returns a bit per register the call changed (bit n:
// Xn for n >= 19, D(n+8) for n < 8).
func SavedProbe(fn uintptr, obj unsafe.Pointer) uint32 {
	return uint32(C.savedProbe(C.uintptr_t(fn), obj))
}

// StackDelta386 calls the stub fn with words as a 386 caller does and
// returns how many bytes the stub left on the stack (0: it popped its words).
func StackDelta386(fn uintptr, words ...uint32) int {
	return int(C.stackDelta386(C.uintptr_t(fn), (*C.uint32_t)(unsafe.Pointer(&words[0])), C.int(len(words))))
}

// SetSlotRet sets the value a 386 target writes into the result's slot.
func SetSlotRet(v uint64) { C.setSlotret(C.uint64_t(v)) }

// Words returns the words the stub's target received.
func Words() [C.NWORDS]uint64 {
	var w [C.NWORDS]uint64
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
func CallMany(stub uintptr, this unsafe.Pointer, d [9]float64, i [8]int32, f float32) int32 {
	var cd [9]C.double
	var ci [8]C.int
	for k := range d {
		cd[k] = C.double(d[k])
	}
	for k := range i {
		ci[k] = C.int(i[k])
	}
	return int32(C.callMany(C.uintptr_t(stub), this, &cd[0], &ci[0], C.float(f)))
}
func CallHfa(stub uintptr, this unsafe.Pointer, v floats.VEC3, w float64, p floats.DPAIR) int32 {
	return int32(C.callHfa(C.uintptr_t(stub), this, C.VEC3{x: C.float(v.X), y: C.float(v.Y), z: C.float(v.Z)},
		C.double(w), C.DPAIR{re: C.double(p.Re), im: C.double(p.Im)}))
}
func CallHfaSpill(stub uintptr, this unsafe.Pointer, a [6]float64, v floats.VEC3, after float32) int32 {
	var ca [6]C.double
	for k := range a {
		ca[k] = C.double(a[k])
	}
	return int32(C.callHfaSpill(C.uintptr_t(stub), this, &ca[0],
		C.VEC3{x: C.float(v.X), y: C.float(v.Y), z: C.float(v.Z)}, C.float(after)))
}
func CallPairSpill(stub uintptr, this unsafe.Pointer, i [6]int32, w floats.WIDE, after int32, f float32) int32 {
	var ci [6]C.int
	for k := range i {
		ci[k] = C.int(i[k])
	}
	return int32(C.callPairSpill(C.uintptr_t(stub), this, &ci[0], C.WIDE{a: C.longlong(w.A), b: C.int(w.B)}, C.int(after), C.float(f)))
}

// Object returns the C object.
func Object() *floats.IFloats { return (*floats.IFloats)(C.object()) }

// EnumObject and BufObject return the C objects that fill buffers.
func EnumObject() *floats.IEnumWide { return (*floats.IEnumWide)(C.enumObject()) }
func BufObject() *floats.IBuffers   { return (*floats.IBuffers)(C.bufObject()) }

// Told is the count the last buffer method was told.
func Told() uint32 { return uint32(C.toldCount()) }

// Allocations is the number of arrays Alloc made that are not freed.
func Allocations() int { return int(C.allocations()) }

// Recorded returns what the last method called recorded: 1 if this was the
// object, then its arguments in order.
func Recorded() []float64 {
	out := make([]float64, int(C.recorded()))
	for i := range out {
		out[i] = float64(C.record(C.int(i)))
	}
	return out
}
