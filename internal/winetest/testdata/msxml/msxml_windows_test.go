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
		if ok, _, err := doc.LoadXML("<books><book id=\"1\">Go</book></books>"); err != nil || ok == 0 {
			t.Fatalf("loadXML = %d, %v", ok, err)
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
		if err != nil || ok == 0 {
			t.Fatalf("load(VARIANT %q) = %d, %v", path, ok, err)
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
		if ok, _, _ := other.Load(NewVariantInt32(42)); ok != 0 {
			t.Error("load(VARIANT 42) succeeded")
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
