package main

import (
	"io"
	"path/filepath"
	"testing"

	"github.com/comgen/comgen/idl/idltest"
)

// BenchmarkCommand is the whole command in the process, as `go generate`
// runs it: flags, loading, generating and writing the package (into the
// same directory each time, so from the second run on every write replaces
// a generated file). The default input is the embedded wbemcli.idl;
// BenchmarkCommandWine reads Wine's, the file `.ci/bench-widl` pairs with
// widl (that script times whole processes).
func BenchmarkCommand(b *testing.B) {
	benchCommand(b, "-o", filepath.Join(b.TempDir(), "wbemcli"))
}

func BenchmarkCommandWine(b *testing.B) {
	idltest.Require(b, idltest.WineIDLDir, "libwine-dev")
	benchCommand(b, "-I", idltest.WineIDLDir, "-I", filepath.Dir(idltest.WineIDLDir), "-o", filepath.Join(b.TempDir(), "x"), "-pkg", "x",
		filepath.Join(idltest.WineIDLDir, "wbemcli.idl"))
}

func benchCommand(b *testing.B, args ...string) {
	b.ReportAllocs()
	for b.Loop() {
		if code := run(args, io.Discard, io.Discard); code != 0 {
			b.Fatalf("comgen %v: exit status %d", args, code)
		}
	}
}

// BenchmarkCommandObjidl is BenchmarkCommandWine on Wine's objidl.idl, the
// larger of the two files .ci/bench-floor times by default.
func BenchmarkCommandObjidl(b *testing.B) {
	idltest.Require(b, idltest.WineIDLDir, "libwine-dev")
	benchCommand(b, "-I", idltest.WineIDLDir, "-I", filepath.Dir(idltest.WineIDLDir), "-o", filepath.Join(b.TempDir(), "x"), "-pkg", "x",
		filepath.Join(idltest.WineIDLDir, "objidl.idl"))
}
