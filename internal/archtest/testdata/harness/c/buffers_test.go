package c

import (
	"testing"

	"archharness/floats"
)

// Canaries for buffers a C callee fills: each wrapper must tell the callee
// the Go slice's length, so elements past the slice (in the same backing
// array) keep their guard values. Before the counts were derived from the
// slices, Next(celt) was handed one WIDE for celt, and Find's [in, out]
// count was whatever the caller said.

const guardA = 0x5a5a5a5a5a5a5a5a

func TestEnumNextCanary(t *testing.T) {
	backing := make([]floats.WIDE, 8)
	for i := range backing {
		backing[i] = floats.WIDE{A: guardA, B: -99}
	}
	fetched, _, err := EnumObject().Next(backing[:3])
	if err != nil || fetched != 3 || Told() != 3 {
		t.Fatalf("Next(3 elements) = %d, %v; the C side was told %d", fetched, err, Told())
	}
	for i, w := range backing {
		switch {
		case i < 3 && (w.A != int64(1000+i) || w.B != int32(-i)):
			t.Errorf("element %d = %+v, want {%d %d}", i, w, 1000+i, -i)
		case i >= 3 && (w.A != guardA || w.B != -99):
			t.Errorf("guard element %d was written: %+v", i, w)
		}
	}
}

func TestFindCanary(t *testing.T) {
	found := make([]floats.DPAIR, 6)
	ids := make([]int16, 6)
	for i := range found {
		found[i], ids[i] = floats.DPAIR{Re: -7, Im: -7}, -7
	}
	n, _, err := BufObject().Find(found[:4], ids[:4])
	if err != nil || Told() != 4 || n != 3 {
		t.Fatalf("Find(4 elements) = %d, %v; told %d (want 3 found of 4)", n, err, Told())
	}
	for i := range found {
		if i < 4 && (found[i].Re != float64(i)+0.5 || ids[i] != int16(7*i+1)) || i >= 4 && (found[i].Re != -7 || ids[i] != -7) {
			t.Errorf("element %d: %+v, %d", i, found[i], ids[i])
		}
	}
	// Slices of different lengths for one count are refused without a call.
	if _, hr, err := BufObject().Find(found[:2], ids[:3]); err == nil {
		t.Errorf("Find with 2 and 3 elements = %v, nil; want E_INVALIDARG", hr)
	}
	// A count that does not fit the USHORT is refused, not truncated.
	big := make([]floats.DPAIR, 1<<16+1)
	if _, hr, err := BufObject().Find(big, make([]int16, len(big))); err == nil {
		t.Errorf("Find with %d elements = %v, nil; want E_INVALIDARG", len(big), hr)
	}
}

func TestPairCanary(t *testing.T) {
	backing := make([]floats.VEC3, 5)
	for i := range backing {
		backing[i] = floats.VEC3{X: -1, Y: -1, Z: -1}
	}
	var actual uint32
	if _, err := BufObject().Metrics(backing[:2], &actual); err != nil || Told() != 2 || actual != 2 {
		t.Fatalf("Metrics(2 elements): %v, told %d, actual %d", err, Told(), actual)
	}
	for i, v := range backing {
		if i < 2 && (v.X != float32(i) || v.Y != 2*float32(i) || v.Z != 0.25) || i >= 2 && v != (floats.VEC3{X: -1, Y: -1, Z: -1}) {
			t.Errorf("element %d: %+v", i, v)
		}
	}
}

func TestCalleeArray(t *testing.T) {
	before := Allocations()
	items, _, err := BufObject().Alloc(3)
	if err != nil || len(items) != 3 {
		t.Fatalf("Alloc(3) = %v, %v", items, err)
	}
	for i, w := range items {
		if w.A != int64(i)<<33 || w.B != int32(i) {
			t.Errorf("items[%d] = %+v", i, w)
		}
	}
	if n := Allocations() - before; n != 0 {
		t.Errorf("%d arrays the callee allocated were not freed", n)
	}
}
