package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestRun(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.idl")
	os.WriteFile(bad, []byte("import \"unknwn.idl\";\ntypedef NOPE X;\n"), 0o644)
	good := filepath.Join(dir, "good.idl")
	os.WriteFile(good, []byte("import \"unknwn.idl\";\n[object, uuid(12345678-1234-1234-1234-123456789012)]\ninterface IThing : IUnknown { HRESULT Do([in] long n, [out] long *res); }\n"), 0o644)
	huge := filepath.Join(dir, "huge.idl")
	if err := os.WriteFile(huge, []byte("/* */"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(huge, 65<<20); err != nil { // sparse: costs no disk
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		args    []string
		code    int
		stderr  string
		outFile string
	}{
		{"help", []string{"-h"}, 0, "", ""},
		{"bad flag", []string{"-nope"}, 2, "flag provided but not defined", ""},
		{"bad package", []string{"-pkg", "a-b"}, 2, "not a valid Go package name", ""},
		{"keyword package", []string{"-o", dir, "-pkg", "type"}, 2, `package name "type" is not a valid Go package name`, ""},
		{"init package", []string{"-o", dir, "-pkg", "init"}, 2, `package name "init" cannot be the name of an importable package`, ""},
		{"main package", []string{"-o", dir, "-pkg", "main"}, 2, `package name "main" cannot be the name of an importable package`, ""},
		{"missing -I", []string{"-I", filepath.Join(dir, "nonexistent"), "-o", dir, "-pkg", "x", good}, 2, "nonexistent: not a directory", ""},
		{"empty -D", []string{"-D", "", "-o", dir, "-pkg", "x", good}, 2, `-D "": expected name`, ""},
		{"bad -D", []string{"-D", "=1", "-o", dir, "-pkg", "x", good}, 2, `-D "=1": expected name`, ""},
		{"-interfaces matching nothing", []string{"-interfaces", "IThing,INope*", "-o", dir, "-pkg", "x", good}, 1, `-interfaces pattern "INope*" matches no interface`, ""},
		{"-exclude matching nothing", []string{"-exclude", "INope", "-o", dir, "-pkg", "x", good}, 1, `-exclude pattern "INope" matches no interface`, ""},
		{"input over 64 MiB", []string{"-o", dir, "-pkg", "x", huge}, 1, "huge.idl: cannot read input: file larger than 64 MiB", ""},
		{"-sdk anywhere", []string{"-sdk", "-o", filepath.Join(dir, "not-a.go-name")}, 0, "", ""},
		{"bad input", []string{"-o", dir, "-pkg", "x", bad}, 1, filepath.ToSlash(bad) + ":2:9: unknown type NOPE", ""},
		{"missing file", []string{"-o", dir, "-pkg", "x", filepath.Join(dir, "none.idl")}, 1, "cannot read input", ""},
		{"-M without -runtime", []string{"-M", "objidl.idl=example.com/a", "-o", dir, "-pkg", "x", good}, 2, "-M needs -runtime", ""},
		{"-M without =", []string{"-runtime", "example.com/com", "-M", "objidl.idl", "-o", dir, "-pkg", "x", good}, 2, `-M "objidl.idl": expected file.idl=importpath`, ""},
		{"-M with a directory", []string{"-runtime", "example.com/com", "-M", "a/objidl.idl=example.com/x", "-o", dir, "-pkg", "x", good}, 2, "expected file.idl=importpath", ""},
		{"-M bad import path", []string{"-runtime", "example.com/com", "-M", "objidl.idl=example.com/a b", "-o", dir, "-pkg", "x", good}, 2, "valid import path", ""},
		{"-M twice", []string{"-runtime", "example.com/com", "-M", "objidl.idl=example.com/a", "-M", "ObjIdl.idl=example.com/b", "-o", dir, "-pkg", "x", good}, 2, "mapped to both", ""},
		{"-M of an input", []string{"-runtime", "example.com/com", "-M", "good.idl=example.com/a", "-o", dir, "-pkg", "x", good}, 1, "is an input file of this package", ""},
		{"bad -runtime", []string{"-runtime", "example.com/a b", "-o", dir, "-pkg", "x", good}, 2, `-runtime "example.com/a b"`, ""},
		{"-runtime and -write-runtime", []string{"-runtime", "example.com/com", "-write-runtime", "-o", dir, "-pkg", "x"}, 2, "exclude each other", ""},
		{"-write-runtime with input", []string{"-write-runtime", "-o", dir, "-pkg", "x", good}, 2, "takes no input file", ""},
		{"-write-runtime", []string{"-write-runtime", "-o", filepath.Join(dir, "com")}, 0, "", "com/unknwn_windows.go"},
		{"-runtime", []string{"-runtime", "example.com/m/com", "-o", filepath.Join(dir, "shared"), good}, 0, "", "shared/good_windows.go"},
		{"default", []string{"-o", filepath.Join(dir, "wbem"), "-pkg", "wbem"}, 0, "", "wbem/wbemcli_windows.go"},
		{"own idl", []string{"-o", filepath.Join(dir, "thing"), good}, 0, "", "thing/good_windows.go"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := run(tt.args, &stdout, &stderr)
			if code != tt.code {
				t.Errorf("exit %d, want %d; stderr: %s", code, tt.code, stderr.String())
			}
			if !strings.Contains(stderr.String(), tt.stderr) {
				t.Errorf("stderr %q does not contain %q", stderr.String(), tt.stderr)
			}
			if tt.outFile != "" {
				if _, err := os.Stat(filepath.Join(dir, tt.outFile)); err != nil {
					t.Errorf("output: %v", err)
				}
			}
		})
	}
}

// TestInterfacesFromImports: -interfaces selects interfaces declared in a file
// the input imports, not only in the input itself.
func TestInterfacesFromImports(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "base.idl"), []byte("import \"unknwn.idl\";\n[object, uuid(11111111-1234-1234-1234-123456789012)]\ninterface IBase : IUnknown { HRESULT A(); }\n[object, uuid(22222222-1234-1234-1234-123456789012)]\ninterface IOther : IUnknown { HRESULT B(); }\n"), 0o644)
	top := filepath.Join(dir, "top.idl")
	os.WriteFile(top, []byte("import \"base.idl\";\n[object, uuid(33333333-1234-1234-1234-123456789012)]\ninterface ITop : IUnknown { HRESULT C(); }\n"), 0o644)
	out := filepath.Join(dir, "x")
	var stdout, stderr bytes.Buffer
	if code := run([]string{"-o", out, "-interfaces", "ITop,IBase", top}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	src, _ := os.ReadFile(filepath.Join(out, "top.go"))
	for _, want := range []string{"type ITop struct", "type IBase struct"} {
		if !strings.Contains(string(src), want) {
			t.Errorf("top.go lacks %q", want)
		}
	}
	if strings.Contains(string(src), "type IOther struct") {
		t.Error("IOther was generated although -interfaces does not name it")
	}
}

// TestEndlessInput: a device that never ends (/dev/zero) is refused once 64
// MiB were read, instead of being read forever.
func TestEndlessInput(t *testing.T) {
	if _, err := os.Stat("/dev/zero"); err != nil {
		t.Skip("no /dev/zero")
	}
	var stdout, stderr bytes.Buffer
	code := run([]string{"-o", t.TempDir(), "-pkg", "x", "/dev/zero"}, &stdout, &stderr)
	if code != 1 || !strings.Contains(stderr.String(), "/dev/zero: cannot read input: file larger than 64 MiB") {
		t.Errorf("exit %d, stderr %q", code, stderr.String())
	}
}
