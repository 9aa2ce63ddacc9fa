//go:build windows

// Package composed uses packages generated with one shared runtime (com)
// and an import mapping: objidl from Wine's objidl.idl, shobjidl from
// shobjidl.idl with objidl's and oaidl's declarations mapped to their
// packages, wmi from the embedded wbemcli.idl. The test runs under Wine
// against shell32, ole32 and wbemprox.
package composed

import (
	"errors"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"unsafe"

	"comgentest/com"
	"comgentest/objidl"
	"comgentest/shobjidl"
	"comgentest/wmi"
)

// unknowns compiles only if the packages share one IUnknown type.
func unknowns(s *objidl.IStream, l *shobjidl.IShellLinkW, w *wmi.IWbemServices) []*com.IUnknown {
	return []*com.IUnknown{&s.IUnknown, &l.IUnknown, &w.IUnknown}
}

var _ = unknowns

// newStream returns ole32's memory stream as objidl's IStream.
func newStream(t *testing.T) *objidl.IStream {
	t.Helper()
	proc := syscall.NewLazyDLL("ole32.dll").NewProc("CreateStreamOnHGlobal")
	var s *objidl.IStream
	r, _, _ := proc.Call(0, 1, uintptr(unsafe.Pointer(&s)))
	if hr := com.HRESULT(uint32(r)); hr.Failed() || s == nil {
		t.Fatalf("CreateStreamOnHGlobal: %v", hr)
	}
	return s
}

// persistStream returns link's IPersistStream, an interface of objidl.
func persistStream(t *testing.T, link *shobjidl.IShellLinkW) *objidl.IPersistStream {
	t.Helper()
	p, err := com.As[objidl.IPersistStream](link)
	if err != nil {
		t.Fatalf("QueryInterface(IID_IPersistStream): %v", err)
	}
	return p
}

// TestShellLinkThroughObjidlStream saves shell32's ShellLink (a shobjidl
// class) through objidl's IPersistStream into ole32's stream, and loads it
// into a second link.
func TestShellLinkThroughObjidlStream(t *testing.T) {
	err := com.WithCOM(func() error {
		const desc = "composed packages"
		link, err := shobjidl.NewShellLink()
		if err != nil {
			t.Fatalf("NewShellLink: %v", err)
		}
		defer link.Release()
		if _, err := link.SetDescription(desc); err != nil {
			t.Fatalf("SetDescription: %v", err)
		}
		stream := newStream(t)
		defer stream.Release()
		ps := persistStream(t, link)
		defer ps.Release()
		if _, err := ps.Save(stream, 1); err != nil {
			t.Fatalf("IPersistStream.Save: %v", err)
		}
		if _, _, err := stream.Seek(objidl.LARGE_INTEGER{}, uint32(objidl.STREAM_SEEK_SET)); err != nil {
			t.Fatalf("Seek: %v", err)
		}
		link2, err := shobjidl.NewShellLink()
		if err != nil {
			t.Fatalf("NewShellLink: %v", err)
		}
		defer link2.Release()
		ps2 := persistStream(t, link2)
		defer ps2.Release()
		if _, err := ps2.Load(stream); err != nil {
			t.Fatalf("IPersistStream.Load: %v", err)
		}
		buf := make([]uint16, 64)
		if _, err := link2.GetDescription(buf); err != nil {
			t.Fatalf("GetDescription: %v", err)
		}
		if got := syscall.UTF16ToString(buf); got != desc {
			t.Errorf("loaded link's description = %q, want %q", got, desc)
		}
		// A failure from shell32 is the runtime's HRESULT: errors.As and
		// errors.Is work with it whichever package's method returned it.
		empty := newStream(t)
		defer empty.Release()
		_, err = ps2.Load(empty)
		var hr com.HRESULT
		if err == nil || !errors.As(err, &hr) || !hr.Failed() {
			t.Errorf("Load from an empty stream: err %v, want a failure HRESULT", err)
		}
		_, err = com.As[wmi.IWbemServices](link)
		if !errors.Is(err, com.E_NOINTERFACE) {
			t.Errorf("QueryInterface(IID_IWbemServices) = %v, want E_NOINTERFACE", err)
		}
		if err != nil && err.Error() != "E_NOINTERFACE (0x80004002)" {
			t.Errorf("E_NOINTERFACE prints as %q", err.Error())
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestStringParameters passes "" where the IDL takes a plain LPCWSTR (an
// empty string, not NULL: shell32's SetPath accepts L"" and refuses NULL)
// and nil and a path where it takes a [unique] one (IPersistFile::Save:
// NULL saves to the file the link remembers).
func TestStringParameters(t *testing.T) {
	err := com.WithCOM(func() error {
		link, err := shobjidl.NewShellLink()
		if err != nil {
			t.Fatalf("NewShellLink: %v", err)
		}
		defer link.Release()
		if _, err := link.SetPath(""); err != nil {
			t.Errorf(`SetPath(""): %v`, err)
		}
		pf, err := com.As[objidl.IPersistFile](link)
		if err != nil {
			t.Fatalf("QueryInterface(IID_IPersistFile): %v", err)
		}
		defer pf.Release()
		// Not t.TempDir: its cleanup (RemoveAll) fails under Wine.
		dir, err := os.MkdirTemp("", "composed")
		if err != nil {
			t.Fatal(err)
		}
		file := filepath.Join(dir, "composed.lnk")
		defer os.Remove(dir)
		defer os.Remove(file)
		if _, err := pf.Save(&file, 1); err != nil {
			t.Fatalf("Save(%q, TRUE): %v", file, err)
		}
		if _, err := os.Stat(file); err != nil {
			t.Errorf("Save wrote no file: %v", err)
		}
		if err := os.Remove(file); err != nil {
			t.Fatal(err)
		}
		if _, err := pf.Save(nil, 0); err != nil {
			t.Errorf("Save(nil): %v", err)
		}
		if _, err := os.Stat(file); err != nil {
			t.Errorf("Save(nil) did not write the remembered file: %v", err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestOutStringIsFreed reads an [out] string ole32 allocates
// (IMoniker::GetDisplayName of a file moniker): the wrapper returns a Go
// string and frees the callee's memory.
func TestOutStringIsFreed(t *testing.T) {
	err := com.WithCOM(func() error {
		ole32 := syscall.NewLazyDLL("ole32.dll")
		const path = `C:\composed\file.txt`
		p16, _ := syscall.UTF16PtrFromString(path)
		var mk *objidl.IMoniker
		r, _, _ := ole32.NewProc("CreateFileMoniker").Call(uintptr(unsafe.Pointer(p16)), uintptr(unsafe.Pointer(&mk)))
		if hr := com.HRESULT(uint32(r)); hr.Failed() || mk == nil {
			t.Fatalf("CreateFileMoniker: %v", hr)
		}
		defer mk.Release()
		var bc *objidl.IBindCtx
		r, _, _ = ole32.NewProc("CreateBindCtx").Call(0, uintptr(unsafe.Pointer(&bc)))
		if hr := com.HRESULT(uint32(r)); hr.Failed() || bc == nil {
			t.Fatalf("CreateBindCtx: %v", hr)
		}
		defer bc.Release()
		name, _, err := mk.GetDisplayName(bc, nil)
		if err != nil || name != path {
			t.Errorf("GetDisplayName = %q, %v; want %q", name, err, path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestHRESULTNamesOfEveryPackage checks that the names of a generated
// package's HRESULT enum (WBEMSTATUS) reach the shared HRESULT type.
func TestHRESULTNamesOfEveryPackage(t *testing.T) {
	if got, want := wmi.WBEM_E_NOT_FOUND.Error(), "WBEM_E_NOT_FOUND (0x80041002)"; got != want {
		t.Errorf("WBEM_E_NOT_FOUND prints as %q, want %q", got, want)
	}
	if got := com.HRESULT(0x80041002).Name(); got != "WBEM_E_NOT_FOUND" {
		t.Errorf("com.HRESULT(0x80041002).Name() = %q", got)
	}
}

// folder is a Go IPersistFolder: shobjidl's interface whose base,
// IPersist, is objidl's.
type folder struct{ initialized bool }

var folderCLSID = com.GUID{Data1: 0x6d1ac3f0, Data2: 0x5c1e, Data3: 0x4b7a, Data4: [8]byte{0x9e, 0x21, 0x44, 0x13, 0x0c, 0x57, 0xa8, 0x02}}

func (f *folder) GetClassID(id *com.GUID) com.HRESULT {
	*id = folderCLSID
	return com.S_OK
}

// Initialize takes a *ITEMIDLIST: shtypes.idl packs it to 1 byte for C (3
// bytes, 4 in Go), which moves none of its members.
func (f *folder) Initialize(pidl *shobjidl.ITEMIDLIST) com.HRESULT {
	f.initialized = pidl == nil
	return com.S_OK
}

// TestGoObjectWithBaseFromAnotherPackage calls a Go IPersistFolder through
// its real vtable, also as objidl's IPersist (a QueryInterface away): the
// base's slots are built in shobjidl, from objidl's IPersistImpl.
func TestGoObjectWithBaseFromAnotherPackage(t *testing.T) {
	before := com.LiveServerObjects()
	impl := &folder{}
	obj := shobjidl.NewIPersistFolder(impl)
	if _, err := obj.Initialize(nil); err != nil || !impl.initialized {
		t.Errorf("Initialize: %v (reached the Go method: %v)", err, impl.initialized)
	}
	if id, _, err := obj.GetClassID(); err != nil || id != folderCLSID {
		t.Errorf("IPersistFolder.GetClassID = %v, %v; want %v", id, err, folderCLSID)
	}
	persist, err := com.As[objidl.IPersist](obj)
	if err != nil {
		t.Fatalf("QueryInterface(IID_IPersist): %v", err)
	}
	if id, _, err := persist.GetClassID(); err != nil || id != folderCLSID {
		t.Errorf("IPersist.GetClassID = %v, %v; want %v", id, err, folderCLSID)
	}
	if n := persist.Release(); n != 1 {
		t.Errorf("Release of the queried IPersist = %d, want 1", n)
	}
	if n := obj.Release(); n != 0 {
		t.Errorf("last Release = %d, want 0", n)
	}
	if got := com.LiveServerObjects(); got != before {
		t.Errorf("live Go COM objects = %d, want %d", got, before)
	}
}
