package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzCommand runs the whole command on arbitrary input: whatever the bytes,
// comgen exits 0 or 1 with positioned diagnostics, never panics, never
// overflows its stack (that kills the fuzzer) and never reports an internal
// error.
func FuzzCommand(f *testing.F) {
	for _, seed := range []string{
		"import \"unknwn.idl\";\n[object, uuid(12345678-1234-1234-1234-123456789012)]\ninterface IThing : IUnknown { HRESULT Do([in] long n, [out, retval] long *res); HRESULT S([in] BSTR s, [in, size_is(n)] byte *b, [in] ULONG n); }\n",
		"typedef enum E { A = 1, B = A << 3, C = 0xFFFFFFFF } E;\ntypedef struct S { E e; char c[4]; union { long l; double d; } u; } S;\nconst long X = (1 + 2) * 3;\n",
		"#define F(a, b) a ## b\n#define G(x) #x\nconst long F(X, Y) = 3;\ncpp_quote(\"#define Z 1\")\n",
		"import \"oaidl.idl\";\n[uuid(12345678-1234-1234-1234-123456789013)] library L { [uuid(12345678-1234-1234-1234-123456789014)] coclass C { [default] interface IDispatch; } }\n",
		"namespace N { [uuid(12345678-1234-1234-1234-123456789015)] delegate HRESULT D([in] int x); }\n",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		dir := t.TempDir()
		in := filepath.Join(dir, "in.idl")
		if err := os.WriteFile(in, src, 0o644); err != nil {
			t.Fatal(err)
		}
		var stdout, stderr bytes.Buffer
		code := run([]string{"-I", dir, "-o", filepath.Join(dir, "out"), "-pkg", "x", in}, &stdout, &stderr)
		if code != 0 && code != 1 {
			t.Fatalf("exit %d: %s", code, stderr.String())
		}
		if strings.Contains(stderr.String(), "internal error") {
			t.Fatalf("internal error:\n%s", stderr.String())
		}
		if code == 1 && !strings.HasPrefix(stderr.String(), filepath.ToSlash(in)+":") && !strings.HasPrefix(stderr.String(), "comgen: ") {
			t.Fatalf("the first diagnostic names no position:\n%s", stderr.String())
		}
	})
}
