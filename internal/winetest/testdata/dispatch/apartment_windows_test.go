//go:build windows

package oaidl

import "testing"

// dictionary is Scripting.Dictionary driven through IDispatch, with the
// DISPIDs of its methods looked up once.
type dictionary struct {
	d   *IDispatch
	ids map[string]DISPID
}

func newDictionary(t *testing.T) *dictionary {
	t.Helper()
	p, err := CoCreate[IDispatch](&clsidDictionary, CLSCTX_INPROC_SERVER)
	if err != nil {
		t.Fatalf("CoCreate(Scripting.Dictionary): %v", err)
	}
	d := &dictionary{d: p, ids: map[string]DISPID{}}
	for _, n := range []string{"Add", "Item", "RemoveAll", "Count"} {
		ids := make([]DISPID, 1)
		var iidNull GUID
		if _, err := d.d.GetIDsOfNames(&iidNull, []string{n}, 0, ids); err != nil {
			t.Fatalf("GetIDsOfNames(%s): %v", n, err)
		}
		d.ids[n] = ids[0]
	}
	return d
}

// call invokes method (or property get) name with args in their Go order.
func (d *dictionary) call(name string, flags uint16, args ...VARIANT) (VARIANT, error) {
	rev := make([]VARIANT, len(args))
	for i, a := range args {
		rev[len(args)-1-i] = a
	}
	var params DISPPARAMS
	if len(rev) > 0 {
		params = DISPPARAMS{Rgvarg: &rev[0], CArgs: uint32(len(rev))}
	}
	var iidNull GUID
	res, _, _, _, err := d.d.Invoke(d.ids[name], &iidNull, 0, flags, &params)
	return res, err
}

const (
	dispatchMethod      = 1
	dispatchPropertyGet = 2
)

// TestSTAByRef creates Scripting.Dictionary (an apartment-threaded class)
// in a single-threaded apartment (WithSTA) and hands it VT_BYREF arguments
// from ByRef: the dictionary copies keys and items with what they refer to
// (VariantCopyInd), so looking the key up by value finds the item as a
// plain VT_I4, and the values of VT_INT, VT_UINT and raw VT_DATE variants
// come back with their tags.
func TestSTAByRef(t *testing.T) {
	err := WithSTA(func() error {
		// The thread is in a single-threaded apartment: asking for the
		// multithreaded one is RPC_E_CHANGED_MODE (and needs no CoUninitialize).
		if hr := CoInitializeEx(COINIT_MULTITHREADED); hr != RPC_E_CHANGED_MODE {
			t.Errorf("CoInitializeEx(MTA) inside WithSTA = %v, want RPC_E_CHANGED_MODE", hr)
			if !hr.Failed() {
				CoUninitialize()
			}
		}
		d := newDictionary(t)
		defer d.d.Release()

		kb, err := NewBSTR("answer")
		if err != nil {
			return err
		}
		key := NewByRef(kb)
		defer key.Free()
		item := NewByRef(int32(42))
		defer item.Free()
		if res, err := d.call("Add", dispatchMethod, key.Variant(), item.Variant()); err != nil {
			t.Fatalf("Add(byref key, byref item): %v", err)
		} else {
			res.Clear()
		}
		item.Set(7) // the dictionary holds a copy, not the reference
		k, _ := NewVariant("answer")
		defer k.Clear()
		res, err := d.call("Item", dispatchPropertyGet, k)
		if err != nil {
			t.Fatalf("Item: %v", err)
		}
		if res.VT != VT_I4 || res.Value() != int32(42) {
			t.Errorf("Item(answer) = %v %v, want VT_I4 42", res.VT, res.Value())
		}
		res.Clear()

		for i, v := range []VARIANT{NewVariantInt(-5), NewVariantUint(4000000000), NewVariantOADate(45000.5)} {
			kv := NewVariantInt32(int32(100 + i))
			if res, err := d.call("Add", dispatchMethod, kv, v); err != nil {
				t.Fatalf("Add(%d, VT %v): %v", 100+i, v.VT, err)
			} else {
				res.Clear()
			}
			got, err := d.call("Item", dispatchPropertyGet, kv)
			if err != nil {
				t.Fatalf("Item(%d): %v", 100+i, err)
			}
			if got.VT != v.VT || got.Value() != v.Value() {
				t.Errorf("Item(%d) = %v %v, want %v %v", 100+i, got.VT, got.Value(), v.VT, v.Value())
			}
			got.Clear()
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// goDispatch is a Go IDispatch that answers nothing but counts its final release.
type goDispatch struct{ released *int }

func (goDispatch) GetTypeInfoCount(pctinfo *uint32) HRESULT        { *pctinfo = 0; return S_OK }
func (goDispatch) GetTypeInfo(uint32, uint32, **ITypeInfo) HRESULT { return E_NOTIMPL }
func (goDispatch) GetIDsOfNames(*GUID, []string, uint32, []DISPID) HRESULT {
	return E_NOTIMPL
}
func (goDispatch) Invoke(DISPID, *GUID, uint32, uint16, *DISPPARAMS, *VARIANT, *EXCEPINFO, *uint32) HRESULT {
	return DISP_E_MEMBERNOTFOUND
}
func (g goDispatch) FinalRelease() { *g.released++ }

// TestDispatchVariantOwnership stores a Go IDispatch in the dictionary as
// a VT_DISPATCH item (NewVariantDispatch): scrrun keeps its own reference,
// hands the object back as VT_DISPATCH, and releases it on RemoveAll, the
// last reference, so the object's FinalRelease runs exactly once.
func TestDispatchVariantOwnership(t *testing.T) {
	live := LiveServerObjects()
	released := 0
	err := WithSTA(func() error {
		d := newDictionary(t)
		defer d.d.Release()
		obj := NewIDispatch(goDispatch{&released})
		v := NewVariantDispatch(obj)
		obj.Release() // the VARIANT holds the only reference now
		key := NewVariantInt32(1)
		if res, err := d.call("Add", dispatchMethod, key, v); err != nil {
			t.Fatalf("Add: %v", err)
		} else {
			res.Clear()
		}
		v.Clear() // the dictionary's reference remains
		if released != 0 {
			t.Fatalf("released while the dictionary holds the object")
		}
		got, err := d.call("Item", dispatchPropertyGet, key)
		if err != nil {
			t.Fatalf("Item: %v", err)
		}
		if got.VT != VT_DISPATCH || got.Value() != any(&obj.IUnknown) {
			t.Errorf("Item = %v %v, want VT_DISPATCH %p", got.VT, got.Value(), &obj.IUnknown)
		}
		got.Clear()
		if res, err := d.call("RemoveAll", dispatchMethod); err != nil {
			t.Fatalf("RemoveAll: %v", err)
		} else {
			res.Clear()
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if released != 1 || LiveServerObjects() != live {
		t.Errorf("FinalRelease ran %d times, %d live objects (before: %d); want once, as before", released, LiveServerObjects(), live)
	}
}

// querier answers QueryInterface for a Go COM object: a tear-off IDispatch
// made on each request, or a refusal of every interface.
type querier struct {
	refuse   bool
	panics   bool
	tearOffs int
}

func (q *querier) QueryInterface(iid GUID) (*IUnknown, bool) {
	switch {
	case q.panics:
		panic("QueryInterface")
	case q.refuse:
		return nil, true
	case iid == IID_IDispatch:
		q.tearOffs++
		return &NewIDispatch(goDispatch{new(int)}).IUnknown, true
	}
	return nil, false
}

// querierDispatch is a Go IDispatch that takes part in its QueryInterface.
type querierDispatch struct {
	goDispatch
	*querier
}

// TestQuerier calls QueryInterface through the vtables of Go COM objects
// (the callbacks COM callers reach) whose implementations are Queriers:
// a tear-off answered by NewIUnknown's object, IUnknown always the object
// itself (COM's identity rule), interfaces refused although implemented,
// and a panic answered with E_NOINTERFACE; every object released.
func TestQuerier(t *testing.T) {
	live := LiveServerObjects()
	saved := ServerPanicHandler
	defer func() { ServerPanicHandler = saved }()
	panics := 0
	ServerPanicHandler = func(string, string, any, []byte) { panics++ }
	err := WithCOM(func() error {
		q := &querier{}
		unk := NewIUnknown(q)
		tear, err := As[IDispatch](unk)
		if err != nil || q.tearOffs != 1 {
			t.Fatalf("QueryInterface(IDispatch) of NewIUnknown = %v, %d tear-offs", err, q.tearOffs)
		}
		if _, _, err := tear.GetTypeInfoCount(); err != nil {
			t.Errorf("tear-off GetTypeInfoCount: %v", err)
		}
		self, err := As[IUnknown](unk)
		if err != nil || self != unk {
			t.Errorf("QueryInterface(IUnknown) = %p, %v; want the object %p", self, err, unk)
		} else {
			unk.Release()
		}
		var ti *ITypeInfo
		if hr, _ := unk.QueryInterface(Into(&ti)); hr != E_NOINTERFACE || ti != nil {
			t.Errorf("QueryInterface(ITypeInfo) = %v, want E_NOINTERFACE", hr)
		}
		if n := tear.Release(); n != 0 {
			t.Errorf("tear-off Release = %d, want 0", n)
		}
		if n := unk.Release(); n != 0 {
			t.Errorf("Release = %d, want 0", n)
		}

		rq := &querier{refuse: true}
		obj := NewIDispatch(querierDispatch{goDispatch{new(int)}, rq})
		var d *IDispatch
		if hr, _ := obj.QueryInterface(Into(&d)); hr != E_NOINTERFACE || d != nil {
			t.Errorf("refused QueryInterface(IDispatch) = %v, want E_NOINTERFACE", hr)
		}
		if u, err := As[IUnknown](obj); err != nil {
			t.Errorf("QueryInterface(IUnknown) of a refusing object: %v", err)
		} else {
			u.Release()
		}
		rq.refuse, rq.panics = false, true
		if hr, _ := obj.QueryInterface(Into(&d)); hr != E_NOINTERFACE || panics != 1 {
			t.Errorf("panicking QueryInterface = %v with %d panics handled, want E_NOINTERFACE and 1", hr, panics)
		}
		obj.Release()
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n := LiveServerObjects(); n != live {
		t.Errorf("%d live Go COM objects, want %d", n, live)
	}
}
