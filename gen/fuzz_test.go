package gen_test

import (
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/comgen/comgen/gen"
	"github.com/comgen/comgen/idl"
	"github.com/comgen/comgen/idl/idltest"
)

// fuzzCache keeps the imports the fuzzed files share (Wine's objidl.idl,
// oaidl.idl...) parsed across inputs.
var fuzzCache = sync.OnceValue(idl.NewCache)

// FuzzGenerate runs the pipeline on arbitrary IDL: load, generate, and the
// type check of what was generated (Options.TypeCheck, the last line of
// defence). Input errors are fine; a panic, an internal error (Go that does
// not type-check, two files of one name) or seconds spent on one input are
// crashers. Seeded with small inline files and, when fuzzing, the files of
// libwine-dev's IDL corpus (read where installed, not copied here); found
// crashers are kept in testdata/fuzz/FuzzGenerate.
func FuzzGenerate(f *testing.F) {
	for _, seed := range []string{
		"import \"unknwn.idl\";\n[object, uuid(12345678-1234-1234-1234-123456789012)]\ninterface IThing : IUnknown { HRESULT Do([in] long n, [out, retval] long *res); HRESULT S([in] BSTR s, [in, size_is(n)] byte *b, [in] ULONG n); }\n",
		"import \"unknwn.idl\";\ntypedef enum E { A = 1, B = A << 3, C = 0xFFFFFFFF } E;\ntypedef struct S { E e; char c[4]; union { long l; double d; } u; int bits : 3; } S;\nconst long X = (1 + 2) * 3;\nconst HRESULT E_X = 0x80040001;\n" +
			"[object, uuid(12345678-1234-1234-1234-123456789013)] interface _I : IUnknown { HRESULT M([in] S s, [in] float f, [in] double d, [out] S *o); double D(); }\n",
		"import \"oaidl.idl\";\n[uuid(12345678-1234-1234-1234-123456789014)] library L { [uuid(12345678-1234-1234-1234-123456789015)] coclass C { [default] interface IDispatch; } }\n",
		"import \"unknwn.idl\";\n[object, uuid(12345678-1234-1234-1234-123456789016)] interface IA : IUnknown { HRESULT a([in] int hr, [in] int, [in] int p0); }\n" +
			"[object, uuid(12345678-1234-1234-1234-123456789017)] interface IB : IA { HRESULT b([out, size_is(, *n)] int **p, [out] ULONG *n); }\n",
		"namespace N { [uuid(12345678-1234-1234-1234-123456789018)] delegate HRESULT D([in] int x); }\n",
		"import \"unknwn.idl\";\ntypedef struct M { union { struct { float a; float b; }; struct { long x; LONGLONG y; } w; double d; }; struct { short s; struct { char c; long l; } deep; } in; } M;\n" +
			"typedef union U { struct { short lo; short hi; }; long all; } U;\n[object, uuid(12345678-1234-1234-1234-123456789019)] interface IM : IUnknown { HRESULT T([in, out] M *m, [in] U *u); }\n",
	} {
		f.Add([]byte(seed))
	}
	fuzzing := flag.Lookup("test.fuzz").Value.String() != ""
	if fuzzing {
		// COMGEN_FUZZ_SEED_BYTES caps the size of the Wine files taken as
		// seeds (64 KB by default): the fuzzer first runs every seed, which
		// for all of them takes about two minutes.
		limit := 64 << 10
		if n, err := strconv.Atoi(os.Getenv("COMGEN_FUZZ_SEED_BYTES")); err == nil {
			limit = n
		}
		matches, _ := filepath.Glob(filepath.Join(idltest.WineIDLDir, "*.idl"))
		for _, m := range matches {
			if b, err := os.ReadFile(m); err == nil && len(b) < limit {
				f.Add(b)
			}
		}
	}
	var dirs []idl.Dir
	for _, d := range wineIDLDirs {
		if _, err := os.Stat(d); err == nil {
			dirs = append(dirs, idl.OSDir(d))
		}
	}
	dirs = append(dirs, idl.Builtin)
	f.Fuzz(func(t *testing.T, src []byte) {
		start := time.Now()
		fsys := fstest.MapFS{"fuzz.idl": {Data: src}}
		prog, err := idl.LoadFS(idl.Config{Dirs: dirs, Cache: fuzzCache()}, idl.Dir{FS: fsys}, "fuzz.idl")
		if err == nil {
			for _, split := range []string{"", "interface"} {
				_, err := gen.Generate(prog, gen.Options{Package: "fuzz", Inputs: []string{"fuzz.idl"}, Split: split, TypeCheck: true})
				if err != nil && strings.Contains(err.Error(), "internal error") {
					t.Fatalf("-split %q: %v", split, err)
				}
			}
		}
		if d := time.Since(start); d > 20*time.Second {
			t.Fatalf("input took %v", d)
		}
	})
}
