//go:build windows

package msxml

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestDOMDocumentVariantByValue saves a document with save(VARIANT) and
// loads it into another with load(VARIANT): msxml3 reads the file name from
// a VARIANT passed by value (by reference to a copy on amd64, on the stack
// on 386), through the generated wrappers.
func TestDOMDocumentVariantByValue(t *testing.T) {
	// Not t.TempDir: its cleanup (RemoveAll) uses a call Wine 8 does not implement.
	path := filepath.Join(os.TempDir(), fmt.Sprintf("comgen-msxml-%d.xml", os.Getpid()))
	defer os.Remove(path)
	err := WithCOM(func() error {
		doc, err := NewDOMDocument()
		if err != nil {
			return err
		}
		defer doc.Release()
		if ok, _, err := doc.LoadXML("<books><book id=\"1\">Go</book></books>"); err != nil || !ok {
			t.Fatalf("loadXML = %v, %v", ok, err)
		}
		dest, err := NewVariantString(path)
		if err != nil {
			return err
		}
		defer dest.Clear()
		if _, err := doc.Save(dest); err != nil {
			t.Fatalf("save(VARIANT %q): %v", path, err)
		}
		src, err := os.ReadFile(path)
		if err != nil || !strings.Contains(string(src), `<book id="1">Go</book>`) {
			t.Fatalf("saved file: %q, %v", src, err)
		}

		other, err := NewDOMDocument()
		if err != nil {
			return err
		}
		defer other.Release()
		ok, _, err := other.Load(dest)
		if err != nil || !ok {
			t.Fatalf("load(VARIANT %q) = %v, %v", path, ok, err)
		}
		root, _, err := other.Get_documentElement()
		if err != nil || root == nil {
			t.Fatalf("documentElement: %v", err)
		}
		defer root.Release()
		if text, _, err := root.Get_text(); err != nil || text != "Go" {
			t.Errorf("loaded text = %q, %v; want Go", text, err)
		}
		// A VARIANT that is not a file name: load fails instead of crashing.
		if ok, _, _ := other.Load(NewVariantInt32(42)); ok {
			t.Error("load(VARIANT 42) succeeded")
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestNodeListEnumVARIANTNext enumerates msxml3's node list through its
// IEnumVARIANT (Wine's code): Next(3) fills exactly the three elements it is
// given (the [local] method's size comes from RemoteNext) and leaves the
// element after them alone; the last call answers S_FALSE with the rest.
func TestNodeListEnumVARIANTNext(t *testing.T) {
	err := WithCOM(func() error {
		doc, err := NewDOMDocument()
		if err != nil {
			return err
		}
		defer doc.Release()
		if ok, _, err := doc.LoadXML("<a><b>1</b><b>2</b><b>3</b><b>4</b><b>5</b></a>"); err != nil || !ok {
			t.Fatalf("loadXML = %v, %v", ok, err)
		}
		list, _, err := doc.SelectNodes("//b")
		if err != nil {
			t.Fatalf("selectNodes: %v", err)
		}
		defer list.Release()
		unk, _, err := list.Get__newEnum()
		if err != nil || unk == nil {
			t.Fatalf("_newEnum: %v", err)
		}
		defer unk.Release()
		e, err := As[IEnumVARIANT](unk)
		if err != nil {
			t.Fatalf("QueryInterface(IEnumVARIANT): %v", err)
		}
		defer e.Release()

		buf := make([]VARIANT, 4)
		buf[3] = NewVariantInt32(77)
		n, hr, err := e.Next(buf[:3])
		if err != nil || hr != S_OK || n != 3 {
			t.Fatalf("Next(3) = %d, %v, %v; want 3, S_OK", n, hr, err)
		}
		for i := range 3 {
			if buf[i].VT != VT_DISPATCH {
				t.Errorf("element %d has VARTYPE %d, want VT_DISPATCH", i, buf[i].VT)
			}
			buf[i].Clear()
		}
		if buf[3].VT != VT_I4 || buf[3].Value() != int32(77) {
			t.Errorf("Next(3) wrote past its three elements: the fourth is %d %v", buf[3].VT, buf[3].Value())
		}
		n, hr, err = e.Next(buf[:3])
		if err != nil || hr != S_FALSE || n != 2 {
			t.Errorf("Next(3) at the end = %d, %v, %v; want 2, S_FALSE", n, hr, err)
		}
		for i := range n {
			buf[i].Clear()
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
