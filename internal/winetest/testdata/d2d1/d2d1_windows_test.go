//go:build windows

package d2d1

import (
	"syscall"
	"testing"
	"unsafe"
)

// TestFloatResults creates a stroke style in Wine's d2d1 (C code) with
// chosen floating-point properties and reads them back through methods that
// return FLOAT (in XMM0 on amd64): the generated wrappers must read the
// float result register, not the integer one.
func TestFloatResults(t *testing.T) {
	var factory *ID2D1Factory
	r, _, _ := syscall.NewLazyDLL("d2d1.dll").NewProc("D2D1CreateFactory").Call(
		0, // D2D1_FACTORY_TYPE_SINGLE_THREADED
		uintptr(unsafe.Pointer(&IID_ID2D1Factory)), 0, uintptr(unsafe.Pointer(&factory)))
	if hr := HRESULT(uint32(r)); hr.Failed() || factory == nil {
		t.Fatalf("D2D1CreateFactory: %v", hr)
	}
	defer factory.Release()
	props := D2D1_STROKE_STYLE_PROPERTIES{MiterLimit: 7.25, DashStyle: D2D1_DASH_STYLE_CUSTOM, DashOffset: -1.5, LineJoin: D2D1_LINE_JOIN_MITER}
	dashes := []float32{1, 2.5, 4}
	ss, _, err := factory.CreateStrokeStyle(&props, dashes)
	if err != nil {
		t.Fatalf("CreateStrokeStyle: %v", err)
	}
	defer ss.Release()
	if got := ss.GetMiterLimit(); got != 7.25 {
		t.Errorf("GetMiterLimit = %v, want 7.25", got)
	}
	if got := ss.GetDashOffset(); got != -1.5 {
		t.Errorf("GetDashOffset = %v, want -1.5", got)
	}
	if got := ss.GetLineJoin(); got != D2D1_LINE_JOIN_MITER {
		t.Errorf("GetLineJoin = %v", got)
	}
	if n := ss.GetDashesCount(); n != 3 {
		t.Fatalf("GetDashesCount = %d, want 3", n)
	}
	back := make([]float32, 3)
	ss.GetDashes(back)
	if back[0] != 1 || back[1] != 2.5 || back[2] != 4 {
		t.Errorf("GetDashes = %v, want %v", back, dashes)
	}
}
