package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"

	"github.com/comgen/comgen/idl"
	"github.com/comgen/comgen/typelib"
)

// typeLibDirs are where the libraries a type library imports (stdole2.tlb)
// are looked for: the library's own directory, the -I directories, and the
// system's (System32 on Windows; Wine's Windows-side binaries on Linux).
func typeLibDirs(name string, incs []string) []string {
	file, _ := typelib.SplitResource(name)
	dirs := append([]string{filepath.Dir(file)}, incs...)
	if runtime.GOOS == "windows" {
		if root := os.Getenv("SystemRoot"); root != "" {
			dirs = append(dirs, filepath.Join(root, "System32"))
		}
	} else {
		for _, d := range []string{"/usr/lib/x86_64-linux-gnu/wine/x86_64-windows", "/usr/lib/wine/x86_64-windows"} {
			if fi, err := os.Stat(d); err == nil && fi.IsDir() {
				dirs = append(dirs, d)
			}
		}
	}
	return dirs
}

// openTypeLib reads a type library and resolves its imports, warning about
// the ones it cannot find.
func openTypeLib(name string, incs []string, stderr io.Writer) (*typelib.Library, error) {
	lib, err := typelib.Open(name)
	if err != nil {
		return nil, err
	}
	if err := lib.Resolve(typeLibDirs(name, incs)); err != nil {
		fmt.Fprintf(stderr, "%s: warning: %v\n", name, err)
	}
	return lib, nil
}

// loadTypeLib reads a type library into the model IDL input gives.
func loadTypeLib(name string, incs []string, stderr io.Writer) (*idl.Program, error) {
	lib, err := openTypeLib(name, incs, stderr)
	if err != nil {
		return nil, err
	}
	return lib.Program()
}

// printIDL prints a type library as IDL (-idl).
func printIDL(name string, incs []string, stdout, stderr io.Writer) int {
	lib, err := openTypeLib(name, incs, stderr)
	if err != nil {
		fmt.Fprintf(stderr, "comgen: %v\n", err)
		return 1
	}
	if err := lib.WriteIDL(stdout, nil); err != nil {
		fmt.Fprintf(stderr, "comgen: %v\n", err)
		return 1
	}
	return 0
}
