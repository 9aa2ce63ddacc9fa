//go:build windows

package wbemdisp

import (
	"fmt"
	"os"
	"testing"
)

// TestSWbemLocator is WMI through its scripting API, generated from
// wbemdisp.dll's type library: SWbemLocator.ConnectServer, ExecQuery for
// this process (the query's one row), ItemIndex, and the row's properties
// read through Properties_ (the vtable road, which Wine's wbemdisp
// answers; DISPATCH_PROPERTYGET on the object's own dynamic properties is
// E_NOTIMPL in Wine 8), held to what the process knows of itself.
func TestSWbemLocator(t *testing.T) {
	err := WithCOM(func() error {
		loc, err := NewSWbemLocator()
		if err != nil {
			return err
		}
		defer loc.Release()
		svc, _, err := loc.ConnectServer(".", `root\cimv2`, "", "", "", "", 0, nil)
		if err != nil {
			return fmt.Errorf("ConnectServer: %w", err)
		}
		defer svc.Release()
		pid := os.Getpid()
		set, _, err := svc.ExecQuery(fmt.Sprintf("SELECT ProcessId, ParentProcessId FROM Win32_Process WHERE ProcessId = %d", pid), "WQL", 0, nil)
		if err != nil {
			return fmt.Errorf("ExecQuery: %w", err)
		}
		defer set.Release()
		n, _, err := set.Get_Count()
		if err != nil || n != 1 {
			return fmt.Errorf("Count = %d, %v; want this process only", n, err)
		}
		obj, _, err := set.ItemIndex(0)
		if err != nil {
			return fmt.Errorf("ItemIndex(0): %w", err)
		}
		defer obj.Release()
		props, _, err := obj.Get_Properties_()
		if err != nil {
			return fmt.Errorf("Properties_: %w", err)
		}
		defer props.Release()
		for name, want := range map[string]int{"ProcessId": pid, "ParentProcessId": os.Getppid()} {
			p, _, err := props.Item(name, 0)
			if err != nil {
				t.Errorf("Properties_.Item(%s): %v", name, err)
				continue
			}
			v, _, err := p.Get_Value()
			p.Release()
			if err != nil {
				t.Errorf("%s.Value: %v", name, err)
				continue
			}
			if got := fmt.Sprint(v.Value()); got != fmt.Sprint(want) {
				t.Errorf("%s = %s (VT %d), want %d", name, got, v.VT, want)
			}
			v.Clear()
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
