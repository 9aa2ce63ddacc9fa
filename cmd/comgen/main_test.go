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
	tests := []struct {
		name    string
		args    []string
		code    int
		stderr  string
		outFile string
	}{
		{"help", []string{"-h"}, 0, "", ""},
		{"bad flag", []string{"-nope"}, 2, "flag provided but not defined", ""},
		{"bad package", []string{"-pkg", "a-b"}, 2, "not a Go identifier", ""},
		{"bad input", []string{"-o", dir, "-pkg", "x", bad}, 1, filepath.ToSlash(bad) + ":2:9: unknown type NOPE", ""},
		{"missing file", []string{"-o", dir, "-pkg", "x", filepath.Join(dir, "none.idl")}, 1, "cannot read input", ""},
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
