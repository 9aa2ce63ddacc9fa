//go:build windows

package oaidl

import (
	"errors"
	"testing"
)

// clsidDictionary is Scripting.Dictionary's class ID (scrrun.dll).
var clsidDictionary = GUID{0xEE09B103, 0x97E0, 0x11CF, [8]byte{0x97, 0x8F, 0x00, 0xA0, 0x24, 0x63, 0xE0, 0x6F}}

// ctlEKeyAlreadyExists is automation error 457, "this key is already
// associated with an element of this collection", as an HRESULT
// (FACILITY_CONTROL).
const ctlEKeyAlreadyExists = HRESULT(0x800A01C9)

// TestInvokeException calls Scripting.Dictionary's Add twice with one key
// through IDispatch::Invoke. The second Add fails inside the method, and
// oleaut32's ITypeInfo::Invoke, which scrrun's IDispatch is built on,
// reports that as DISP_E_EXCEPTION with the method's error in the
// EXCEPINFO: the wrapper returns it as a *DispatchException, as the error
// too, its BSTRs freed.
func TestInvokeException(t *testing.T) {
	err := WithCOM(func() error {
		d, err := CoCreate[IDispatch](&clsidDictionary, CLSCTX_INPROC_SERVER)
		if err != nil {
			return err
		}
		defer d.Release()
		ids := make([]DISPID, 1)
		var iidNull GUID
		if _, err := d.GetIDsOfNames(&iidNull, []string{"Add"}, 0, ids); err != nil {
			t.Fatalf("GetIDsOfNames(Add): %v", err)
		}
		key, err := NewVariant("key")
		if err != nil {
			return err
		}
		defer key.Clear()
		item, _ := NewVariant(int32(1))
		args := []VARIANT{item, key} // in reverse order
		params := DISPPARAMS{Rgvarg: &args[0], CArgs: 2}
		const dispatchMethod = 1
		res, exc, _, _, err := d.Invoke(ids[0], &iidNull, 0, dispatchMethod, &params)
		if err != nil || exc != nil {
			t.Fatalf("first Add: %v, exception %+v", err, exc)
		}
		res.Clear()
		res, exc, _, hr, err := d.Invoke(ids[0], &iidNull, 0, dispatchMethod, &params)
		res.Clear()
		if hr != DISP_E_EXCEPTION || exc == nil {
			t.Fatalf("second Add: hr %v, exception %+v; want DISP_E_EXCEPTION with one", hr, exc)
		}
		t.Logf("exception: %+v; error: %v", *exc, err)
		var de *DispatchException
		if !errors.As(err, &de) || de != exc {
			t.Errorf("err = %v, want the *DispatchException", err)
		}
		if !errors.Is(err, DISP_E_EXCEPTION) || !errors.Is(err, ctlEKeyAlreadyExists) || exc.SCode != ctlEKeyAlreadyExists {
			t.Errorf("exception %+v: want DISP_E_EXCEPTION with SCode %v", *exc, ctlEKeyAlreadyExists)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
