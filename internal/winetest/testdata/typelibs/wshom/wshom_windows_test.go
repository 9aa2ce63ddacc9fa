//go:build windows

package wshom

import (
	"os"
	"strings"
	"testing"
)

// TestExpandEnvironmentStrings asks WScript.Shell, through the bindings
// generated from wshom.ocx's type library, to expand a variable the
// process sets, and one it does not.
func TestExpandEnvironmentStrings(t *testing.T) {
	os.Setenv("COMGEN_WSHOM", "from go")
	err := WithCOM(func() error {
		sh, err := NewWshShell()
		if err != nil {
			return err
		}
		defer sh.Release()
		got, _, err := sh.ExpandEnvironmentStrings("[%COMGEN_WSHOM%] [%COMGEN_UNSET_VARIABLE%]")
		if err != nil {
			return err
		}
		if strings.HasSuffix(got, "\x00") {
			// Wine 8's wshom counts ExpandEnvironmentStringsW's terminator
			// into the BSTR's length.
			t.Logf("the BSTR holds a trailing NUL (Wine's wshom)")
			got = strings.TrimSuffix(got, "\x00")
		}
		if want := "[from go] [%COMGEN_UNSET_VARIABLE%]"; got != want {
			t.Errorf("ExpandEnvironmentStrings = %q, want %q", got, want)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
