//go:build windows

package oracle

import (
	"os"
	"testing"
)

// TestModuleFunctions calls kernel32's exports through the functions
// generated from the module block of a type library (widl -t of
// testdata/tlboracle/oracle.idl, read by the pure-Go reader): their
// results are checked against Go's own view of the process.
func TestModuleFunctions(t *testing.T) {
	if got := GetCurrentProcessId(); int(got) != os.Getpid() {
		t.Errorf("GetCurrentProcessId() = %d, os.Getpid() = %d", got, os.Getpid())
	}
	if GetCurrentThreadId() == 0 {
		t.Errorf("GetCurrentThreadId() = 0")
	}
	// SetEnvironmentVariableW changes the process environment, which Go's
	// os.Getenv reads from Windows on every call.
	ok, err := SetEnvironmentVariableW("COMGEN_TLBMODULE", "from a type library")
	if err != nil || ok == 0 {
		t.Fatalf("SetEnvironmentVariableW = %d, %v", ok, err)
	}
	if v := os.Getenv("COMGEN_TLBMODULE"); v != "from a type library" {
		t.Errorf("os.Getenv after SetEnvironmentVariableW = %q", v)
	}
	// A string with a NUL cannot be passed: the call is not made.
	if _, err := SetEnvironmentVariableW("COMGEN_TLBMODULE", "a\x00b"); err == nil {
		t.Errorf("SetEnvironmentVariableW with a NUL in the value succeeded")
	}
	t1 := GetTickCount()
	t2 := GetTickCount()
	if t2 < t1 {
		t.Errorf("GetTickCount went back: %d, then %d", t1, t2)
	}
}
