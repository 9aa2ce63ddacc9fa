//go:build windows

package scrrun

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestFileSystemObject drives Scripting.FileSystemObject through the
// bindings generated from scrrun.dll's type library: path helpers, a text
// file created, written and read back (os agrees on its content), and a
// missing file.
func TestFileSystemObject(t *testing.T) {
	err := WithCOM(func() error {
		fso, err := NewFileSystemObject()
		if err != nil {
			return err
		}
		defer fso.Release()
		if p, _, err := fso.BuildPath(`C:\dir`, "name.txt"); err != nil || p != `C:\dir\name.txt` {
			t.Errorf("BuildPath = %q, %v", p, err)
		}
		if n, _, err := fso.GetExtensionName(`C:\dir\name.txt`); err != nil || n != "txt" {
			t.Errorf("GetExtensionName = %q, %v", n, err)
		}
		if n, _, err := fso.GetBaseName(`C:\dir\name.txt`); err != nil || n != "name" {
			t.Errorf("GetBaseName = %q, %v", n, err)
		}
		tmp, _, err := fso.GetSpecialFolder(TemporaryFolder)
		if err != nil {
			return err
		}
		dir, _, err := tmp.Get_Path()
		tmp.Release()
		if err != nil {
			return err
		}
		if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
			t.Errorf("the temporary folder %q is not a directory: %v", dir, err)
		}
		name := filepath.Join(dir, "comgen-scrrun.txt")
		defer os.Remove(name)
		ts, _, err := fso.CreateTextFile(name, true, false) // overwrite, ASCII
		if err != nil {
			return err
		}
		for _, line := range []string{"first", "second"} {
			if _, err := ts.WriteLine(line); err != nil {
				t.Errorf("WriteLine: %v", err)
			}
		}
		ts.Close()
		ts.Release()
		data, err := os.ReadFile(name)
		if err != nil || string(data) != "first\r\nsecond\r\n" {
			t.Errorf("the file holds %q (%v), want the two lines", data, err)
		}
		if ok, _, err := fso.FileExists(name); err != nil || !ok {
			t.Errorf("FileExists(%s) = %v, %v", name, ok, err)
		}
		ts, _, err = fso.OpenTextFile(name, ForReading, false, TristateFalse)
		if err != nil {
			return err
		}
		all, _, err := ts.ReadAll()
		ts.Close()
		ts.Release()
		if err != nil || all != "first\r\nsecond\r\n" {
			t.Errorf("ReadAll = %q, %v", all, err)
		}
		if _, _, err := fso.GetFile(filepath.Join(dir, "comgen-no-such-file")); err == nil {
			t.Errorf("GetFile of a missing file succeeded")
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestDictionary drives Scripting.Dictionary: VARIANT keys and items,
// Count, Exists, Item, and Keys as a SAFEARRAY of VARIANTs.
func TestDictionary(t *testing.T) {
	err := WithCOM(func() error {
		d, err := NewDictionary()
		if err != nil {
			return err
		}
		defer d.Release()
		for i, k := range []string{"alpha", "beta", "gamma"} {
			key, err := NewVariant(k)
			if err != nil {
				return err
			}
			item := NewVariantInt32(int32(i * 10))
			_, err = d.Add(&key, &item)
			key.Clear()
			if err != nil {
				return err
			}
		}
		if n, _, err := d.Get_Count(); err != nil || n != 3 {
			t.Errorf("Count = %d, %v", n, err)
		}
		key, _ := NewVariant("beta")
		defer key.Clear()
		if ok, _, err := d.Exists(&key); err != nil || !ok {
			t.Errorf("Exists(beta) = %v, %v", ok, err)
		}
		item, _, err := d.Get_Item(&key)
		if err != nil || item.Value() != int32(10) {
			t.Errorf("Item(beta) = %v, %v", item.Value(), err)
		}
		item.Clear()
		keys, _, err := d.Keys()
		if err != nil {
			return err
		}
		defer keys.Clear()
		got, ok := keys.Value().([]any)
		var names []string
		for _, k := range got {
			names = append(names, k.(string))
		}
		slices.Sort(names)
		if !ok || strings.Join(names, ",") != "alpha,beta,gamma" {
			t.Errorf("Keys = %v", keys.Value())
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
