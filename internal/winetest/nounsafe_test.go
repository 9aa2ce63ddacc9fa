package winetest_test

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/comgen/comgen/gen"
	"github.com/comgen/comgen/idl"
	"github.com/comgen/comgen/internal/testenv"
	"github.com/comgen/comgen/internal/winetest"
)

// TestUnsafeUses checks the check the user programs under Wine pass: an
// import of "unsafe" and a conversion of an unsafe.Pointer are reported, in
// the files asked about only; other conversions are not.
func TestUnsafeUses(t *testing.T) {
	prog, err := idl.LoadFS(idl.Config{Dirs: []idl.Dir{idl.Builtin}}, idl.OSDir("testdata/roundtrip"), "test.idl")
	if err != nil {
		t.Fatal(err)
	}
	files, err := gen.Generate(prog, gen.Options{Package: "roundtrip", Inputs: []string{"test.idl"}})
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(testenv.Module(t), "roundtrip")
	files = append(files,
		gen.File{Name: "bad_windows_test.go", Src: []byte("package roundtrip\n\nimport \"unsafe\"\n\nvar p unsafe.Pointer\n\nvar _ = (*GUID)(p)\n")},
		gen.File{Name: "good_windows_test.go", Src: []byte("package roundtrip\n\nvar _ = uint32(HRESULT(1))\n\nvar _ = (*GUID)(nil)\n")})
	testenv.WriteFiles(t, dir, files)
	got, err := winetest.UnsafeUses(dir, "bad_windows_test.go", "good_windows_test.go")
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || !strings.Contains(got[0], `bad_windows_test.go:3:8: imports "unsafe"`) ||
		!strings.Contains(got[1], "bad_windows_test.go:7:9: converts an unsafe.Pointer to *") {
		t.Errorf("UnsafeUses = %q, want the import and the conversion in bad_windows_test.go", got)
	}
	if _, err := winetest.UnsafeUses(dir, "missing_test.go"); err == nil {
		t.Error("UnsafeUses found a file the package does not have")
	}
}
