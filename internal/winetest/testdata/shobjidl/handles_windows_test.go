//go:build windows

package shobjidl

import (
	"testing"

	"golang.org/x/sys/windows"
)

// clsidDictionary is Scripting.Dictionary's class ID (scrrun.dll).
var clsidDictionary = GUID{0xEE09B103, 0x97E0, 0x11CF, [8]byte{0x97, 0x8F, 0x00, 0xA0, 0x24, 0x63, 0xE0, 0x6F}}

// window is a Go IOleWindow that answers with the desktop window.
type window struct{}

func (window) GetWindow(phwnd *HWND) HRESULT {
	*phwnd = HWND(windows.GetDesktopWindow()) // from x/sys: a conversion, no unsafe
	return 0
}
func (window) ContextSensitiveHelp(int32) HRESULT { return 0 }

// TestHandleAsInteger: IOleWindow.GetWindow returns an HWND, a named
// integer. Through a real vtable, the Go object stores user32's desktop
// window; the caller converts it back to windows.HWND and user32 agrees it
// is a window.
func TestHandleAsInteger(t *testing.T) {
	err := WithCOM(func() error {
		w := NewIOleWindow(window{})
		defer w.Release()
		h, _, err := w.GetWindow()
		if err != nil {
			return err
		}
		if want := windows.GetDesktopWindow(); windows.HWND(h) != want || !windows.IsWindow(windows.HWND(h)) {
			t.Errorf("GetWindow = %#x, want the desktop window %#x", h, want)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// dispatch is a Go IDispatch whose Invoke reads its arguments through
// DISPPARAMS.RgvargSlice.
type dispatch struct{ got []any }

func (*dispatch) GetTypeInfoCount(n *uint32) HRESULT { *n = 0; return 0 }
func (*dispatch) GetTypeInfo(uint32, uint32, **ITypeInfo) HRESULT {
	return E_NOTIMPL
}
func (*dispatch) GetIDsOfNames(*GUID, []string, uint32, []int32) HRESULT {
	return E_NOTIMPL
}
func (d *dispatch) Invoke(id int32, riid *GUID, lcid uint32, flags uint16, p *DISPPARAMS, res *VARIANT, exc *EXCEPINFO, argErr *uint32) HRESULT {
	for _, v := range p.RgvargSlice() {
		d.got = append(d.got, v.Value())
	}
	return 0
}

// TestDispatchArgs: a Go IDispatch reads the arguments the caller passed
// (in reverse order, as IDispatch::Invoke takes them) as a slice.
func TestDispatchArgs(t *testing.T) {
	err := WithCOM(func() error {
		impl := &dispatch{}
		d := NewIDispatch(impl)
		defer d.Release()
		s, err := NewVariant("two")
		if err != nil {
			return err
		}
		defer s.Clear()
		args := []VARIANT{s, NewVariantInt32(1)}
		var iidNull GUID
		res, _, _, _, err := d.Invoke(1, &iidNull, 0, 1, &DISPPARAMS{Rgvarg: &args[0], CArgs: uint32(len(args))})
		res.Clear()
		if err != nil {
			return err
		}
		if len(impl.got) != 2 || impl.got[0] != "two" || impl.got[1] != int32(1) {
			t.Errorf("Invoke saw %#v, want [two 1]", impl.got)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestFuncDescParams reads oleaut32's description of Scripting.Dictionary's
// Add (scrrun's type library: HRESULT Add([in] VARIANT *Key, [in] VARIANT
// *Item)) through FUNCDESC.LprgelemdescParamSlice and TYPEDESC's union
// accessors: two parameters, each VT_PTR to VT_VARIANT.
func TestFuncDescParams(t *testing.T) {
	err := WithCOM(func() error {
		d, err := CoCreate[IDispatch](&clsidDictionary, CLSCTX_INPROC_SERVER)
		if err != nil {
			return err
		}
		defer d.Release()
		ti, _, err := d.GetTypeInfo(0, 0)
		if err != nil {
			return err
		}
		defer ti.Release()
		ids := make([]int32, 1)
		if _, err := d.GetIDsOfNames(&GUID{}, []string{"Add"}, 0, ids); err != nil {
			return err
		}
		for i := uint32(0); ; i++ {
			fd, _, err := ti.GetFuncDesc(i)
			if err != nil {
				t.Fatalf("no FUNCDESC for Add's DISPID %d: %v", ids[0], err)
			}
			if fd.Memid != ids[0] {
				ti.ReleaseFuncDesc(fd)
				continue
			}
			params := fd.LprgelemdescParamSlice()
			if len(params) != 2 || int(fd.CParams) != len(params) {
				t.Errorf("Add has %d parameters (cParams %d), want 2", len(params), fd.CParams)
			}
			for k, e := range params {
				if e.Tdesc.Vt != VT_PTR {
					t.Errorf("parameter %d: vt %d, want VT_PTR", k, e.Tdesc.Vt)
					continue
				}
				if to := *e.Tdesc.Lptdesc(); to == nil || to.Vt != VT_VARIANT {
					t.Errorf("parameter %d: VT_PTR to %+v, want VT_VARIANT", k, to)
				}
			}
			ti.ReleaseFuncDesc(fd)
			return nil
		}
	})
	if err != nil {
		t.Fatal(err)
	}
}
