//go:build windows

package nullable

import (
	"errors"
	"testing"
)

// Facts about Wine's components (their registrations), declared here as
// the test's own: JScript's and Scripting.Dictionary's class IDs, and
// WbemContext's.
var (
	clsidJScript     = GUID{0xf414c260, 0x6ac0, 0x11cf, [8]byte{0xb6, 0xd1, 0x00, 0xaa, 0x00, 0xbb, 0xbb, 0x58}}
	clsidDictionary  = GUID{0xEE09B103, 0x97E0, 0x11CF, [8]byte{0x97, 0x8F, 0x00, 0xA0, 0x24, 0x63, 0xE0, 0x6F}}
	clsidWbemContext = GUID{0x674B6698, 0xEE92, 0x11D0, [8]byte{0xAD, 0x71, 0x00, 0xC0, 0x4F, 0xD8, 0xFD, 0xFF}}
)

// dispatchMethod is DISPATCH_METHOD (oleauto.h), Invoke's flag for a call.
const dispatchMethod = 1

// site is the host's IActiveScriptSite, in Go: it counts the script
// errors JScript reports to it.
type site struct{ errors int }

func (s *site) GetLCID(plcid *uint32) HRESULT { return E_NOTIMPL }
func (s *site) GetItemInfo(name string, mask uint32, unk **IUnknown, ti **ITypeInfo) HRESULT {
	return TYPE_E_ELEMENTNOTFOUND // winerror.h's code, by its Go name
}
func (s *site) GetDocVersionString(v *string) HRESULT                  { return E_NOTIMPL }
func (s *site) OnScriptTerminate(res *VARIANT, exc *EXCEPINFO) HRESULT { return S_OK }
func (s *site) OnStateChange(state SCRIPTSTATE) HRESULT                { return S_OK }
func (s *site) OnScriptError(e *IActiveScriptError) HRESULT            { s.errors++; return S_OK }
func (s *site) OnEnterScript() HRESULT                                 { return S_OK }
func (s *site) OnLeaveScript() HRESULT                                 { return S_OK }

// newScript starts a JScript engine with a Go site: IActiveScriptParse is
// the name that is right on this architecture (IActiveScriptParse64 on
// amd64, as activscp.h's macro says).
func newScript(t *testing.T, s *site) (*IActiveScript, *IActiveScriptParse) {
	script, err := CoCreate[IActiveScript](&clsidJScript, CLSCTX_INPROC_SERVER)
	if err != nil {
		t.Fatalf("CoCreate(JScript): %v", err)
	}
	parse, err := As[IActiveScriptParse](script)
	if err != nil {
		t.Fatalf("QueryInterface(IActiveScriptParse): %v", err)
	}
	obj := NewIActiveScriptSite(s)
	defer obj.Release()
	if _, err := script.SetScriptSite(obj); err != nil {
		t.Fatalf("SetScriptSite: %v", err)
	}
	if _, err := parse.InitNew(); err != nil {
		t.Fatalf("InitNew: %v", err)
	}
	if _, err := script.SetScriptState(SCRIPTSTATE_STARTED); err != nil {
		t.Fatalf("SetScriptState(STARTED): %v", err)
	}
	return script, parse
}

// TestJScriptGlobalContext: ParseScriptText with a NULL item name (nil: the
// global context) runs; "" is a named item JScript does not know. A NULL
// result pointer parses a statement; an expression's result comes back in
// the caller's VARIANT. GetScriptDispatch(nil) gives the global object, whose
// names GetIDsOfNames takes as Go strings, and Invoke runs with NULL for
// the exception and argument-error pointers.
func TestJScriptGlobalContext(t *testing.T) {
	err := WithCOM(func() error {
		s := &site{}
		script, parse := newScript(t, s)
		defer script.Release()
		defer parse.Release()
		defer script.Close()

		if _, err := parse.ParseScriptText("var base = 40; function add(a, b) { return a + b; }", nil, nil, nil, 0, 0, 0, nil, nil); err != nil {
			t.Fatalf("ParseScriptText(statements, NULL item name): %v", err)
		}
		empty := ""
		if hr, err := parse.ParseScriptText("1", &empty, nil, nil, 0, 0, 0, nil, nil); err == nil {
			t.Errorf(`ParseScriptText with item name "" = %v; want a failure (no item of that name)`, hr)
		} else {
			t.Logf(`item name "": %v`, err)
		}
		var res VARIANT
		if _, err := parse.ParseScriptText("add(base, 2)", nil, nil, nil, 0, 0, SCRIPTTEXT_ISEXPRESSION, &res, nil); err != nil {
			t.Fatalf("ParseScriptText(expression): %v", err)
		}
		if v := res.Value(); v != int32(42) {
			t.Errorf("add(base, 2) = %v (%T); want int32 42", v, v)
		}
		res.Clear()

		global, _, err := script.GetScriptDispatch(nil)
		if err != nil || global == nil {
			t.Fatalf("GetScriptDispatch(NULL): %v", err)
		}
		defer global.Release()
		var iidNull GUID
		ids := make([]int32, 1)
		if _, err := global.GetIDsOfNames(&iidNull, []string{"add"}, 0, ids); err != nil {
			t.Fatalf("GetIDsOfNames(add): %v", err)
		}
		two, one := NewVariantInt32(2), NewVariantInt32(1)
		args := []VARIANT{two, one} // in reverse order: add(1, 2)
		params := DISPPARAMS{Rgvarg: &args[0], CArgs: 2}
		out, _, err := global.Invoke(ids[0], &iidNull, 0, dispatchMethod, &params, nil, nil)
		if err != nil {
			t.Fatalf("Invoke(add, NULL EXCEPINFO, NULL puArgErr): %v", err)
		}
		if v := out.Value(); v != int32(3) {
			t.Errorf("add(1, 2) through Invoke = %v; want 3", v)
		}
		out.Clear()

		// A name the object does not have: winerror.h's code, by its Go name.
		_, err = global.GetIDsOfNames(&iidNull, []string{"add", "noSuchName"}, 0, make([]int32, 2))
		if !errors.Is(err, DISP_E_UNKNOWNNAME) {
			t.Errorf("GetIDsOfNames(noSuchName) = %v; want DISP_E_UNKNOWNNAME", err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestJScriptErrors: a script that throws is reported to the site's
// OnScriptError, and ParseScriptText (and Invoke of a function that throws)
// answers activscp.idl's SCRIPT_E_REPORTED (a cpp_quote #define, an HRESULT
// with its name).
func TestJScriptErrors(t *testing.T) {
	err := WithCOM(func() error {
		s := &site{}
		script, parse := newScript(t, s)
		defer script.Release()
		defer parse.Release()
		defer script.Close()

		hr, err := parse.ParseScriptText("function fail() { throw new Error('from Go'); } fail();", nil, nil, nil, 0, 0, 0, nil, nil)
		if !errors.Is(err, SCRIPT_E_REPORTED) || s.errors != 1 {
			t.Errorf("throwing script: %v (%v), %d errors reported; want SCRIPT_E_REPORTED and 1", err, hr, s.errors)
		}
		if got := SCRIPT_E_REPORTED.String(); got != "SCRIPT_E_REPORTED (0x80020101)" {
			t.Errorf("SCRIPT_E_REPORTED.String() = %q", got)
		}

		global, _, err := script.GetScriptDispatch(nil)
		if err != nil {
			t.Fatalf("GetScriptDispatch(NULL): %v", err)
		}
		defer global.Release()
		var iidNull GUID
		ids := make([]int32, 1)
		if _, err := global.GetIDsOfNames(&iidNull, []string{"fail"}, 0, ids); err != nil {
			t.Fatalf("GetIDsOfNames(fail): %v", err)
		}
		// Through Invoke, with a site that took the error, the same code.
		var params DISPPARAMS
		res, _, err := global.Invoke(ids[0], &iidNull, 0, dispatchMethod, &params, nil, nil)
		res.Clear()
		if !errors.Is(err, SCRIPT_E_REPORTED) || s.errors != 2 {
			t.Errorf("Invoke(fail) = %v, %d errors reported; want SCRIPT_E_REPORTED and 2", err, s.errors)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestWbemContextNullName: wbemprox's IWbemContext refuses a NULL name
// (WBEM_E_INVALID_PARAMETER), as Wine's own WMI tests expect, and keeps a
// named value.
func TestWbemContextNullName(t *testing.T) {
	err := WithCOM(func() error {
		ctx, err := CoCreate[IWbemContext](&clsidWbemContext, CLSCTX_INPROC_SERVER)
		if err != nil {
			t.Fatalf("CoCreate(WbemContext): %v", err)
		}
		defer ctx.Release()
		v := NewVariantInt32(7)
		if _, err := ctx.SetValue(nil, 0, &v); !errors.Is(err, WBEM_E_INVALID_PARAMETER) {
			t.Errorf("SetValue(NULL) = %v; want WBEM_E_INVALID_PARAMETER", err)
		}
		if _, _, err := ctx.GetValue(nil, 0); !errors.Is(err, WBEM_E_INVALID_PARAMETER) {
			t.Errorf("GetValue(NULL) = %v; want WBEM_E_INVALID_PARAMETER", err)
		}
		name := "answer"
		if _, err := ctx.SetValue(&name, 0, &v); err != nil {
			t.Fatalf("SetValue(answer): %v", err)
		}
		got, _, err := ctx.GetValue(&name, 0)
		if err != nil {
			t.Fatalf("GetValue(answer): %v", err)
		}
		defer got.Clear()
		if x := got.Value(); x != int32(7) {
			t.Errorf("GetValue(answer) = %v; want 7", x)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestDictionaryExists: IDictionary.Exists's [out, retval] VARIANT_BOOL is
// a Go bool, both ways of the answer; Invoke's EXCEPINFO is the caller's
// DispatchException, or skipped with nil.
func TestDictionaryExists(t *testing.T) {
	err := WithCOM(func() error {
		d, err := CoCreate[IDictionary](&clsidDictionary, CLSCTX_INPROC_SERVER)
		if err != nil {
			t.Fatalf("CoCreate(Dictionary): %v", err)
		}
		defer d.Release()
		key, err := NewVariantString("go")
		if err != nil {
			return err
		}
		defer key.Clear()
		item := NewVariantInt32(1)
		if _, err := d.Add(&key, &item); err != nil {
			t.Fatalf("Add: %v", err)
		}
		// Add again through IDispatch::Invoke: the key exists, and scrrun
		// raises an exception: DISP_E_EXCEPTION, with it in the caller's
		// DispatchException when one is passed, the code alone otherwise.
		var iidNull GUID
		ids := make([]int32, 1)
		if _, err := d.GetIDsOfNames(&iidNull, []string{"Add"}, 0, ids); err != nil {
			t.Fatalf("GetIDsOfNames(Add): %v", err)
		}
		args := []VARIANT{item, key} // in reverse order
		params := DISPPARAMS{Rgvarg: &args[0], CArgs: 2}
		var exc DispatchException
		var argErr uint32
		res, hr, err := d.Invoke(ids[0], &iidNull, 0, dispatchMethod, &params, &exc, &argErr)
		res.Clear()
		var de *DispatchException
		if hr != DISP_E_EXCEPTION || !errors.As(err, &de) || de != &exc || exc.SCode == 0 && exc.Code == 0 {
			t.Errorf("Invoke(Add, same key) = %v, %v, %+v; want DISP_E_EXCEPTION in the caller's DispatchException", hr, err, exc)
		}
		res, hr, err = d.Invoke(ids[0], &iidNull, 0, dispatchMethod, &params, nil, nil)
		res.Clear()
		if hr != DISP_E_EXCEPTION || !errors.Is(err, DISP_E_EXCEPTION) {
			t.Errorf("Invoke(Add, same key, NULL EXCEPINFO) = %v, %v; want DISP_E_EXCEPTION", hr, err)
		}
		if ok, _, err := d.Exists(&key); err != nil || !ok {
			t.Errorf("Exists(go) = %v, %v; want true", ok, err)
		}
		other, _ := NewVariantString("c")
		defer other.Clear()
		if ok, _, err := d.Exists(&other); err != nil || ok {
			t.Errorf("Exists(c) = %v, %v; want false", ok, err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
