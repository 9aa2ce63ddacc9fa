//go:build windows

package shobjidl

import (
	"bytes"
	"errors"
	"strings"
	"testing"
)

// A user's program on the bindings generated from Wine's shobjidl.idl,
// without unsafe: DLL entry points that come with the package's interfaces
// (comgen's built-in exports.idl), typed interface results through Into, As
// and CoCreate, and a constructor that takes a CLSCTX. Every component
// called is Wine's own (ole32, oleaut32, shell32, propsys).

func TestStreamOnHGlobal(t *testing.T) {
	err := WithCOM(func() error {
		s, _, err := CreateStreamOnHGlobal(0, 1)
		if err != nil {
			return err
		}
		defer s.Release()
		data := []byte("written through ole32's HGLOBAL stream")
		n, _, err := s.Write(data)
		if err != nil || n != uint32(len(data)) {
			t.Fatalf("Write = %d, %v; want %d", n, err, len(data))
		}
		pos, _, err := s.Seek(LARGE_INTEGER{QuadPart: 8}, 0) // STREAM_SEEK_SET
		if err != nil || pos.QuadPart != 8 {
			t.Fatalf("Seek(8) = %d, %v", pos.QuadPart, err)
		}
		buf := make([]byte, 64)
		n, _, err = s.Read(buf)
		if err != nil || !bytes.Equal(buf[:n], data[8:]) {
			t.Fatalf("Read = %q, %v; want %q", buf[:n], err, data[8:])
		}
		h, _, err := GetHGlobalFromStream(s)
		if err != nil || h == 0 {
			t.Fatalf("GetHGlobalFromStream = %v, %v", h, err)
		}
		// A refused interface: a stream is no shell item.
		if item, err := As[IShellItem](s); item != nil || !errors.Is(err, E_NOINTERFACE) {
			t.Fatalf("As[IShellItem](stream) = %v, %v; want nil, E_NOINTERFACE", item, err)
		}
		// A granted one: the stream's IUnknown, then IStream again from it.
		unk, err := As[IUnknown](s)
		if err != nil {
			t.Fatalf("As[IUnknown](stream): %v", err)
		}
		defer unk.Release()
		var again *IStream
		if _, err := unk.QueryInterface(Into(&again)); err != nil || again == nil {
			t.Fatalf("QueryInterface(Into(&IStream)) = %v, %v", again, err)
		}
		defer again.Release()
		if _, _, err := again.Seek(LARGE_INTEGER{}, 0); err != nil {
			t.Fatalf("Seek through the queried IStream: %v", err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestLoadTypeLib(t *testing.T) {
	err := WithCOM(func() error {
		lib, _, err := LoadTypeLib("stdole2.tlb")
		if err != nil {
			return err
		}
		defer lib.Release()
		// stdole2.tlb describes 42 types under Wine (notes/wine-com.md).
		if n := lib.GetTypeInfoCount(); n < 10 {
			t.Fatalf("stdole2.tlb has %d types, want the standard OLE types", n)
		}
		if _, _, err := LoadTypeLib("no-such-library.tlb"); err == nil {
			t.Fatalf("LoadTypeLib of a missing file succeeded")
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestShellItem(t *testing.T) {
	err := WithCOM(func() error {
		var item *IShellItem
		if _, err := SHCreateItemFromParsingName(`C:\windows`, nil, Into(&item)); err != nil {
			return err
		}
		defer item.Release()
		name, _, err := item.GetDisplayName(SIGDN_FILESYSPATH)
		if err != nil || !strings.EqualFold(name, `C:\windows`) {
			t.Fatalf("GetDisplayName = %q, %v; want C:\\windows", name, err)
		}
		parent, _, err := item.GetParent()
		if err != nil {
			t.Fatalf("GetParent: %v", err)
		}
		defer parent.Release()
		// Typed result of an iid_is [out] of a method: the parent's IShellItem2.
		item2, err := As[IShellItem2](parent)
		if err != nil {
			t.Fatalf("As[IShellItem2]: %v", err)
		}
		defer item2.Release()
		if pn, _, err := item2.GetDisplayName(SIGDN_FILESYSPATH); err != nil || !strings.EqualFold(pn, `C:\`) {
			t.Fatalf("parent GetDisplayName = %q, %v; want C:\\", pn, err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestPropertyStore(t *testing.T) {
	err := WithCOM(func() error {
		var store *IPropertyStore
		if _, err := PSCreateMemoryPropertyStore(Into(&store)); err != nil {
			return err
		}
		defer store.Release()
		if n, _, err := store.GetCount(); err != nil || n != 0 {
			t.Fatalf("GetCount of a new store = %d, %v; want 0", n, err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestCoCreateWithContext(t *testing.T) {
	err := WithCOM(func() error {
		link, err := NewShellLinkWith(CLSCTX_INPROC_SERVER)
		if err != nil {
			return err
		}
		link.Release()
		link, err = CoCreate[IShellLinkW](&CLSID_ShellLink, CLSCTX_INPROC_SERVER)
		if err != nil {
			return err
		}
		defer link.Release()
		if _, err := link.SetDescription("typed all the way"); err != nil {
			t.Fatalf("SetDescription: %v", err)
		}
		// shell32's ShellLink is an in-process server only.
		if l, err := NewShellLinkWith(CLSCTX_LOCAL_SERVER); err == nil {
			l.Release()
			t.Fatalf("NewShellLinkWith(CLSCTX_LOCAL_SERVER) succeeded; ShellLink has no local server")
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
