//go:build windows

package msi

import (
	"errors"
	"os"
	"strings"
	"testing"
)

// clsidInstaller is WindowsInstaller.Installer's class (its type library
// declares the dispinterface, not the class).
var clsidInstaller = GUID{Data1: 0x000c1090, Data4: [8]byte{0xc0, 0, 0, 0, 0, 0, 0, 0x46}}

// TestInstallerDispatch drives msi's Installer and Record, pure
// dispinterfaces, through the typed methods generated from msi.dll's type
// library: each one calls IDispatch::Invoke by the library's DISPID, Wine's
// msi dispatches it by its own table. Methods with results of several
// kinds (string, integer, object), property gets and puts with an index
// argument, and a failure.
func TestInstallerDispatch(t *testing.T) {
	err := WithCOM(func() error {
		in, err := CoCreate[Installer](&clsidInstaller, CLSCTX_INPROC_SERVER)
		if err != nil {
			return err
		}
		defer in.Release()
		// The library declares Version a method, Wine's msi serves it as a
		// property: DISPATCH_METHOD|DISPATCH_PROPERTYGET reaches it either way.
		ver, err := in.Version()
		if err != nil || strings.Count(ver, ".") < 2 {
			t.Errorf("Version = %q, %v; want a dotted version", ver, err)
		}
		os.Setenv("COMGEN_MSI", "set by go")
		// Wine 8's msi answers Environment with an empty string: the call,
		// a property get with an argument, is what is checked here.
		if v, err := in.Get_Environment("COMGEN_MSI"); err != nil {
			t.Errorf("Environment(COMGEN_MSI) = %q, %v", v, err)
		} else {
			t.Logf("Environment(COMGEN_MSI) = %q", v)
		}
		rec, err := in.CreateRecord(3)
		if err != nil {
			return err
		}
		defer rec.Release()
		if n, err := rec.Get_FieldCount(); err != nil || n != 3 {
			t.Errorf("FieldCount = %d, %v; want 3", n, err)
		}
		if err := rec.Put_StringData(1, "hello, record"); err != nil {
			t.Errorf("StringData(1) = ...: %v", err)
		}
		if err := rec.Put_IntegerData(2, 4242); err != nil {
			t.Errorf("IntegerData(2) = ...: %v", err)
		}
		if s, err := rec.Get_StringData(1); err != nil || s != "hello, record" {
			t.Errorf("StringData(1) = %q, %v", s, err)
		}
		if n, err := rec.Get_IntegerData(2); err != nil || n != 4242 {
			t.Errorf("IntegerData(2) = %d, %v", n, err)
		}
		if s, err := rec.Get_StringData(2); err != nil || s != "4242" {
			t.Errorf("StringData(2) = %q, %v; want the integer as text", s, err)
		}
		_, err = in.OpenDatabase(`C:\comgen\no-such.msi`, int32(0))
		var x *DispatchException
		switch {
		case err == nil:
			t.Errorf("OpenDatabase of a missing file succeeded")
		case errors.As(err, &x):
			t.Logf("OpenDatabase: an exception: %v", x)
		default:
			t.Logf("OpenDatabase: %v", err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
