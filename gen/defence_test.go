package gen

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/comgen/comgen/idl"
)

// TestTypeCheckNamesIDL: Go that does not type-check (here made so by
// removing a declaration the rest uses) is an internal error naming the
// IDL declarations it came from, and Generate returns no files.
func TestTypeCheckNamesIDL(t *testing.T) {
	src := "import \"unknwn.idl\";\ntypedef struct S { long a; } S;\n[object, uuid(11111111-2222-3333-4444-555555555555)]\ninterface IThing : IUnknown { HRESULT Do([in] S s); }\n"
	prog, err := idl.LoadFS(idl.Config{Dirs: []idl.Dir{idl.Builtin}}, idl.Dir{FS: fstest.MapFS{"test.idl": {Data: []byte(src)}}}, "test.idl")
	if err != nil {
		t.Fatal(err)
	}
	opt := Options{Package: "x", Inputs: []string{"test.idl"}, TypeCheck: true}
	if _, err := Generate(prog, opt); err != nil {
		t.Fatalf("the package does not type-check unbroken: %v", err)
	}
	defer func() { breakForTest = nil }()
	for _, tc := range []struct {
		file, old, new string
		want           []string
	}{
		{"test.go", "type S struct", "type S_removed struct", []string{"test.idl:2:9: struct S: test.go:", "undefined: S"}},
		{"test_windows.go", "v.vtable().Do", "v.vtable().Done", []string{"test.idl:4:39: method Do of interface IThing: test_windows.go:", "has no field or method Done"}},
		// A layout fact the Go types break: the check of generated_test.go,
		// which the type check takes from the test file.
		{TestFile, "IThingVtbl{}.Do))-(12*layoutOn386+24*layoutOn64)", "IThingVtbl{}.Do))-(12*layoutOn386+32*layoutOn64)", []string{TestFile + ":", "IThingVtbl{}.Do", "must not be negative"}},
	} {
		breakForTest = func(files []File) []File {
			var out []File
			for _, f := range files {
				if f.Name == tc.file {
					f.Src = []byte(strings.Replace(string(f.Src), tc.old, tc.new, 1))
				}
				out = append(out, f)
			}
			return out
		}
		files, err := Generate(prog, opt)
		if files != nil {
			t.Error("Generate returned files with its error")
		}
		for _, want := range append(tc.want, "internal error: the generated package does not type-check") {
			if err == nil || !strings.Contains(err.Error(), want) {
				t.Errorf("error %v\nlacks %q", err, want)
			}
		}
	}
	// Without tests the package carries no layout checks; Generate still
	// holds the Go types to them, for 386 too (with its tests, go vet
	// compiles them for 386 in the user's tree).
	opt.NoTests = true
	if files, err := Generate(prog, opt); files != nil || err == nil || !strings.Contains(err.Error(), "must not be negative") {
		t.Errorf("NoTests: a broken layout fact gave %d files and error %v", len(files), err)
	}
	breakForTest = func(files []File) []File {
		var out []File
		for _, f := range files {
			if f.Name == TestFile {
				f.Src = []byte(strings.Replace(string(f.Src), "IThingVtbl{}.Do))-(12*layoutOn386+24*layoutOn64)", "IThingVtbl{}.Do))-(16*layoutOn386+24*layoutOn64)", 1))
			}
			out = append(out, f)
		}
		return out
	}
	if files, err := Generate(prog, opt); files != nil || err == nil || !strings.Contains(err.Error(), "windows/386: "+TestFile) || !strings.Contains(err.Error(), "must not be negative") {
		t.Errorf("NoTests: a layout fact broken for 386 only gave %d files and error %v", len(files), err)
	}
	opt.NoTests = false
	if _, err := Generate(prog, opt); err != nil {
		t.Errorf("with tests, a layout fact broken for 386 is go vet's to find, not an error of Generate (which checks amd64): %v", err)
	}
}
