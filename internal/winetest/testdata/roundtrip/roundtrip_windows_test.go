//go:build windows

package roundtrip

import (
	"runtime"
	"slices"
	"syscall"
	"testing"
	"unsafe"
)

// impl records what arrives through the vtable.
type impl struct {
	pings   []int32
	wide    [3]any
	float   float32
	floats  [6]any
	first   [3]any
	items   []*IUnknown
	nothing int
}

func (s *impl) Ping(x int32) HRESULT { s.pings = append(s.pings, x); return S_FALSE }

func (s *impl) Wide(a int64, b int32, c uint64) HRESULT {
	s.wide = [3]any{a, b, c}
	return S_OK
}

func (s *impl) Float(f float32) HRESULT { s.float = f; return S_OK }

func (s *impl) Floats(a float32, b float64, c int32, d float32, e float64, f float32, sum *float64) HRESULT {
	s.floats = [6]any{a, b, c, d, e, f}
	*sum = float64(a) + b + float64(c) + float64(d) + e + float64(f)
	return S_OK
}

func (s *impl) FirstFloats(x float64, y float32, z float64, r *float64) HRESULT {
	s.first = [3]any{x, y, z}
	*r = x * float64(y)
	return S_OK
}

func (s *impl) Items(items []*IUnknown, done *uint32) HRESULT {
	s.items = slices.Clone(items)
	*done = uint32(len(items))
	return S_OK
}

func (s *impl) Names(name, other string, res *string) HRESULT {
	*res = name + "|" + other // the callback hands it over as a BSTR
	return S_OK
}

func (s *impl) Fill(values []int32) HRESULT {
	for i := range values {
		values[i] = int32(i * i)
	}
	return S_OK
}

// Next fills every element it is given: the [local] method's size comes from
// its [call_as] twin, so the slice holds exactly celt elements.
func (s *impl) Next(vals []int32, fetched *uint32) HRESULT {
	for i := range vals {
		vals[i] = int32(100 + i)
	}
	*fetched = uint32(len(vals))
	return S_OK
}

// Fail fails without writing its other [out] values: the stub must have
// zeroed them; the string it sets must not reach the caller, as it failed.
func (s *impl) Fail(obj **IUnknown, n *int32, str *string) HRESULT {
	*str = "not for a failed call"
	return E_FAIL
}

// Structs adds up every field it receives by value, and the word after them.
func (s *impl) Structs(p Pair8, t Triple12, b Big24, g GUID, last int32, sum *int64) HRESULT {
	*sum = int64(p.A) + int64(p.B) + int64(t.A) + int64(t.B) + int64(t.C) + b.A + b.B + b.C +
		int64(g.Data1) + int64(g.Data2) + int64(g.Data3) + int64(g.Data4[0]) + int64(g.Data4[7]) + int64(last)
	return S_OK
}

// LateStruct receives a 12-byte structure after six words (on arm64 it would
// start in X7 and goes to the stack instead).
func (s *impl) LateStruct(a1, a2, a3, a4, a5, a6 int32, t Triple12, sum *int64) HRESULT {
	*sum = int64(a1+a2+a3+a4+a5+a6) + 1000*int64(t.A) + 100*int64(t.B) + 10*int64(t.C)
	return S_OK
}

func (s *impl) Count() uint32 { return 42 }

// Triple returns a 64-bit integer (RAX on amd64).
func (s *impl) Triple(x int64) int64 { return 3 * x }

// Point receives structures of floats by value (in a register and by
// reference on amd64, in SIMD registers on arm64) and a float after them.
func (s *impl) Point(p PointF, scale float32, rc RectD, r *float64) HRESULT {
	*r = float64(p.X*scale+p.Y) + rc.L + rc.T*10 + rc.R*100 + rc.B*1000
	return S_OK
}

// Ratio and Scaled return floating-point values (in XMM0), Scaled with
// arguments on the stack after four in registers.
func (s *impl) Ratio(a, b int32) float64 { return float64(a) / float64(b) }

func (s *impl) Scaled(x float32, a, b, c int32, d float64, e float32) float32 {
	return x*float32(a) + float32(b) + float32(c)*10 + float32(d)*100 + e
}

// MakePair and MakeBig return structures (through the pointer the caller
// passes after this).
func (s *impl) MakePair(a, b int32) Pair8 { return Pair8{A: a, B: b} }

func (s *impl) MakeBig(a int64, scale float64) Big24 {
	return Big24{A: a, B: int64(float64(a) * scale), C: -a}
}

// Origin receives a structure of floats alone: in an integer register on
// amd64 (no stub), in S0 and S1 on arm64 (its stub stores them in a word).
func (s *impl) Origin(p PointF, r *float64) HRESULT {
	*r = float64(p.X)*10 + float64(p.Y)
	return S_OK
}

// Blend returns a 64-bit integer after a float parameter (XMM1 on amd64,
// through the stub; EDX:EAX on 386, through the 386 stub).
func (s *impl) Blend(a float32, b int64) int64 { return int64(a*4) + b }

// Word returns a pointer-sized integer.
func (s *impl) Word(x uintptr) uintptr { return ^x }

func (s *impl) Nothing() { s.nothing++ }

// Label sees an optional string as nil or a *string, and sets an [out]
// string that the caller receives in task memory it frees.
func (s *impl) Label(prefix *string, label *string) HRESULT {
	switch {
	case prefix == nil:
		*label = "none"
		return S_FALSE
	case *prefix == "nul":
		*label = "a\x00b" // a C string cannot hold it: E_INVALIDARG
		return S_OK
	}
	*label = *prefix + "-label ✓"
	return S_OK
}

func TestRoundTrip(t *testing.T) {
	s := &impl{}
	obj := NewITest(s)
	defer func() {
		if n := obj.Release(); n != 0 {
			t.Errorf("last Release = %d", n)
		}
		if LiveServerObjects() != 0 {
			t.Errorf("LiveServerObjects = %d", LiveServerObjects())
		}
	}()

	if hr, err := obj.Ping(7); hr != S_FALSE || err != nil {
		t.Errorf("Ping = %v, %v; want S_FALSE, nil", hr, err)
	}
	// Through the base interface, as a caller holding only ITestBase would.
	base, err := As[ITestBase](obj)
	if err != nil {
		t.Fatal(err)
	}
	base.Ping(-8)
	base.Release()
	if !slices.Equal(s.pings, []int32{7, -8}) {
		t.Errorf("Ping saw %v, want [7 -8]", s.pings)
	}

	if _, err := obj.Wide(-5, 9, 1<<40|3); err != nil {
		t.Error(err)
	}
	if s.wide != [3]any{int64(-5), int32(9), uint64(1<<40 | 3)} {
		t.Errorf("Wide saw %v", s.wide)
	}

	// Floating-point arguments, through the generated wrappers (Go's
	// SyscallN passes each of the first four in both registers) and from C
	// (caller.c, built by mingw-w64: a prototyped call passes them in XMM
	// registers only), which the stubs of floatstubs_windows_amd64.s move.
	if _, err := obj.Float(1.5); err != nil || s.float != 1.5 {
		t.Errorf("Float(1.5): %v; impl saw %v", err, s.float)
	}
	wantFloats := [6]any{float32(1.5), 2.25, int32(7), float32(3.5), -4.125, float32(0.0625)}
	const wantSum = 1.5 + 2.25 + 7 + 3.5 - 4.125 + 0.0625
	if sum, _, err := obj.Floats(1.5, 2.25, 7, 3.5, -4.125, 0.0625); err != nil || sum != wantSum || s.floats != wantFloats {
		t.Errorf("Floats: %v, %v; impl saw %v", sum, err, s.floats)
	}
	wantFirst := [3]any{0.5, float32(-8), 1e100}
	if r, _, err := obj.FirstFloats(0.5, -8, 1e100); err != nil || r != -4 || s.first != wantFirst {
		t.Errorf("FirstFloats: %v, %v; impl saw %v", r, err, s.first)
	}
	*s = impl{pings: s.pings, wide: s.wide}
	caller := syscall.MustLoadDLL("caller.dll")
	defer caller.Release()
	vt := obj.vtable()
	if hr, _, _ := caller.MustFindProc("callFloat").Call(uintptr(unsafe.Pointer(obj)), vt.Float); HRESULT(hr) != S_OK || s.float != 1.5 {
		t.Errorf("Float from C: %v; impl saw %v", HRESULT(hr), s.float)
	}
	if got := obj.Triple(-1 << 40); got != -3<<40 {
		t.Errorf("Triple(-1<<40) = %d, want %d", got, int64(-3<<40))
	}
	if got := obj.Word(0x1234); got != ^uintptr(0x1234) {
		t.Errorf("Word(0x1234) = %#x", got)
	}
	if p := obj.MakePair(3, -4); p != (Pair8{3, -4}) {
		t.Errorf("MakePair(3, -4) = %+v", p)
	}
	var cPair Pair8
	if r, _, _ := caller.MustFindProc("callMakePair").Call(uintptr(unsafe.Pointer(obj)), vt.MakePair, uintptr(unsafe.Pointer(&cPair))); r != uintptr(unsafe.Pointer(&cPair)) || cPair != (Pair8{3, -4}) {
		t.Errorf("MakePair from C: returned %#x (want %p), %+v", r, &cPair, cPair)
	}
	var cBig Big24
	if r, _, _ := caller.MustFindProc("callMakeBig").Call(uintptr(unsafe.Pointer(obj)), vt.MakeBig, uintptr(unsafe.Pointer(&cBig))); r != uintptr(unsafe.Pointer(&cBig)) || cBig != (Big24{1 << 40, 1 << 41, -1 << 40}) {
		t.Errorf("MakeBig from C: returned %#x (want %p), %+v", r, &cBig, cBig)
	}
	const wantPoint = 1.5*4 - 2 + 1 + 20 + 300 + 4000
	rc := RectD{L: 1, T: 2, R: 3, B: 4}
	if r, _, err := obj.Point(PointF{X: 1.5, Y: -2}, 4, rc); err != nil || r != wantPoint {
		t.Errorf("Point: %v, %v; want %v", r, err, wantPoint)
	}
	var cPoint float64
	if hr, _, _ := caller.MustFindProc("callPoint").Call(uintptr(unsafe.Pointer(obj)), vt.Point, uintptr(unsafe.Pointer(&cPoint))); HRESULT(hr) != S_OK || cPoint != wantPoint {
		t.Errorf("Point from C: %v, %v; want %v", HRESULT(hr), cPoint, wantPoint)
	}
	if got := obj.Ratio(1, 8); got != 0.125 {
		t.Errorf("Ratio(1, 8) = %v", got)
	}
	const wantScaled = float32(1.5*2 + 3 + 4*10 + 0.25*100 + 0.5)
	if got := obj.Scaled(1.5, 2, 3, 4, 0.25, 0.5); got != wantScaled {
		t.Errorf("Scaled = %v, want %v", got, wantScaled)
	}
	if r, _, err := obj.Origin(PointF{X: 2.5, Y: -0.25}); err != nil || r != 24.75 {
		t.Errorf("Origin: %v, %v; want 24.75", r, err)
	}
	var cOrigin float64
	if hr, _, _ := caller.MustFindProc("callOrigin").Call(uintptr(unsafe.Pointer(obj)), vt.Origin, uintptr(unsafe.Pointer(&cOrigin))); HRESULT(hr) != S_OK || cOrigin != 24.75 {
		t.Errorf("Origin from C: %v, %v; want 24.75", HRESULT(hr), cOrigin)
	}
	if got := obj.Blend(1.5, 1<<40); got != 6+1<<40 {
		t.Errorf("Blend(1.5, 1<<40) = %d, want %d", got, int64(6+1<<40))
	}
	var cBlend int64
	caller.MustFindProc("callBlend").Call(uintptr(unsafe.Pointer(obj)), vt.Blend, uintptr(unsafe.Pointer(&cBlend)))
	if cBlend != 6+1<<40 {
		t.Errorf("Blend from C = %d, want %d", cBlend, int64(6+1<<40))
	}
	var cRatio float64
	caller.MustFindProc("callRatio").Call(uintptr(unsafe.Pointer(obj)), vt.Ratio, uintptr(unsafe.Pointer(&cRatio)))
	if cRatio != 0.125 {
		t.Errorf("Ratio from C = %v", cRatio)
	}
	var cScaled float32
	caller.MustFindProc("callScaled").Call(uintptr(unsafe.Pointer(obj)), vt.Scaled, uintptr(unsafe.Pointer(&cScaled)))
	if cScaled != wantScaled {
		t.Errorf("Scaled from C = %v, want %v", cScaled, wantScaled)
	}
	var cSum float64
	if hr, _, _ := caller.MustFindProc("callFloats").Call(uintptr(unsafe.Pointer(obj)), vt.Floats, uintptr(unsafe.Pointer(&cSum))); HRESULT(hr) != S_OK || cSum != wantSum || s.floats != wantFloats {
		t.Errorf("Floats from C: %v, sum %v; impl saw %v, want %v", HRESULT(hr), cSum, s.floats, wantFloats)
	}
	var cR float64
	if hr, _, _ := caller.MustFindProc("callFirstFloats").Call(uintptr(unsafe.Pointer(obj)), vt.FirstFloats, uintptr(unsafe.Pointer(&cR))); HRESULT(hr) != S_OK || cR != -4 || s.first != wantFirst {
		t.Errorf("FirstFloats from C: %v, %v; impl saw %v, want %v", HRESULT(hr), cR, s.first, wantFirst)
	}

	a, b := NewITestBase(&impl{}), NewITestBase(&impl{})
	defer a.Release()
	defer b.Release()
	in := []*IUnknown{(*IUnknown)(unsafe.Pointer(a)), (*IUnknown)(unsafe.Pointer(b))}
	done, _, err := obj.Items(in)
	if err != nil || done != 2 || !slices.Equal(s.items, in) {
		t.Errorf("Items = %d, %v; impl saw %v, want %v", done, err, s.items, in)
	}
	if _, _, err := obj.Items(nil); err != nil || len(s.items) != 0 {
		t.Errorf("Items(nil): %v, impl saw %v", err, s.items)
	}

	res, _, err := obj.Names("héllo", "wörld ✓")
	if err != nil || res != "héllo|wörld ✓" {
		t.Errorf("Names = %q, %v", res, err)
	}

	vals := make([]int32, 5)
	if _, err := obj.Fill(vals); err != nil || !slices.Equal(vals, []int32{0, 1, 4, 9, 16}) {
		t.Errorf("Fill = %v, %v", vals, err)
	}

	// Next(3) hands the callee three elements and gets three back; the element
	// after them is never written.
	buf := make([]int32, 4)
	fetched, _, err := obj.Next(buf[:3])
	if err != nil || fetched != 3 || !slices.Equal(buf, []int32{100, 101, 102, 0}) {
		t.Errorf("Next(3) = %d, %v; buffer %v", fetched, err, buf)
	}

	// Through the raw vtable with garbage in the [out] values, as a C caller
	// that did not initialise them: a failing method leaves them zero.
	garbageObj := (*IUnknown)(unsafe.Pointer(uintptr(0xdeadbeef)))
	garbageN := int32(-1)
	garbageS := BSTR{p: (*uint16)(unsafe.Pointer(uintptr(0xbadf00d)))}
	r, _, _ := syscall.SyscallN(obj.vtable().Fail, uintptr(unsafe.Pointer(obj)),
		uintptr(unsafe.Pointer(&garbageObj)), uintptr(unsafe.Pointer(&garbageN)), uintptr(unsafe.Pointer(&garbageS)))
	if HRESULT(uint32(r)) != E_FAIL || garbageObj != nil || garbageN != 0 || garbageS.Ptr() != nil {
		t.Errorf("Fail = %v; [out] values after it: %p %d %p, want nil 0 nil", HRESULT(uint32(r)), garbageObj, garbageN, garbageS.Ptr())
	}

	// Structures by value, through the client wrapper and the callback.
	g := GUID{Data1: 1 << 20, Data2: 2, Data3: 3, Data4: [8]byte{4, 0, 0, 0, 0, 0, 0, 5}}
	sum, _, err := obj.Structs(Pair8{A: 1, B: 2}, Triple12{A: 10, B: 20, C: 30}, Big24{A: 1 << 40, B: -7, C: 100}, g, 9)
	if want := int64(1+2+10+20+30) + 1<<40 - 7 + 100 + 1<<20 + 2 + 3 + 4 + 5 + 9; err != nil || sum != want {
		t.Errorf("Structs = %d, %v; want %d", sum, err, want)
	}
	if sum, _, err := obj.LateStruct(1, 2, 3, 4, 5, 6, Triple12{A: 7, B: 8, C: 9}); err != nil || sum != 21+7000+800+90 {
		t.Errorf("LateStruct = %d, %v; want %d", sum, err, 21+7000+800+90)
	}

	if n := obj.Count(); n != 42 {
		t.Errorf("Count = %d, want 42", n)
	}
	if label, hr, err := obj.Label(nil); err != nil || hr != S_FALSE || label != "none" {
		t.Errorf("Label(nil) = %q, %v, %v; want none, S_FALSE", label, hr, err)
	}
	prefix := "héllo"
	if label, _, err := obj.Label(&prefix); err != nil || label != "héllo-label ✓" {
		t.Errorf("Label(héllo) = %q, %v", label, err)
	}
	prefix = "nul"
	if label, hr, _ := obj.Label(&prefix); hr != E_INVALIDARG || label != "" {
		t.Errorf("Label(nul) = %q, %v; want E_INVALIDARG and no string", label, hr)
	}

	obj.Nothing()
	obj.Nothing()
	if s.nothing != 2 {
		t.Errorf("Nothing ran %d times, want 2", s.nothing)
	}
}

// TestVarargs calls a C object's method with variable arguments: an int, a
// string pointer and a negative int after the format, read by va_arg.
func TestVarargs(t *testing.T) {
	caller := syscall.MustLoadDLL("caller.dll")
	defer caller.Release()
	p, _, _ := caller.MustFindProc("newVarargs").Call()
	obj := (*IVarargs)(*(*unsafe.Pointer)(unsafe.Pointer(&p))) // C's static object
	word, err := syscall.UTF16PtrFromString("wörld")
	if err != nil {
		t.Fatal(err)
	}
	minus3 := int32(-3)
	if _, err := obj.Format("%d|%ls|%d", 7, uintptr(unsafe.Pointer(word)), uintptr(minus3)); err != nil {
		t.Fatal(err)
	}
	runtime.KeepAlive(word)
	r, _, _ := caller.MustFindProc("varargsFormatted").Call()
	got := UTF16PtrToString(*(**uint16)(unsafe.Pointer(&r)))
	if want := "7|wörld|-3"; got != want {
		t.Errorf("Format wrote %q, want %q", got, want)
	}
}
