package main

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/comgen/comgen/idl/idltest"
)

// BenchmarkBatchWine is one -batch run over ten of Wine's IDL files that
// import each other (each job its own package, self-contained), in the
// process: compare with ten BenchmarkCommandWine-like runs, or with widl
// per file through .ci/bench-batch, which times whole processes.
func BenchmarkBatchWine(b *testing.B) {
	idltest.Require(b, idltest.WineIDLDir, "libwine-dev")
	dir := b.TempDir()
	jobs := filepath.Join(dir, "jobs.txt")
	f, err := os.Create(jobs)
	if err != nil {
		b.Fatal(err)
	}
	for i, name := range []string{"objidl", "oaidl", "ocidl", "oleidl", "propidl", "wbemcli", "urlmon", "servprov", "docobj", "activscp"} {
		fmt.Fprintf(f, "-o %q -pkg p%d %q\n", filepath.Join(dir, name), i, filepath.Join(idltest.WineIDLDir, name+".idl"))
	}
	if err := f.Close(); err != nil {
		b.Fatal(err)
	}
	benchCommand(b, "-I", idltest.WineIDLDir, "-I", filepath.Dir(idltest.WineIDLDir), "-batch", jobs)
}
