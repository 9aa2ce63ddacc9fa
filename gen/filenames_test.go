package gen_test

import (
	"go/build"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/comgen/comgen/gen"
	"github.com/comgen/comgen/idl"
	"github.com/comgen/comgen/templates"
)

// TestFileNames: whatever the input files and interfaces are named, every
// generated file is one the go tool reads as comgen means it, by go/build's
// own rules, and no two are named alike. Before, an input _foo.idl or
// .foo.idl wrote files the go tool ignores, x_plan9.idl a file only plan9
// builds, -split interface wrote _connection*.go for interface _Connection
// (Wine's msado15_backcompat.idl: "undefined: _ADO"), and variant.idl,
// winerror_names.idl or floatcall.idl an internal error ("two generated
// files are named variant_windows.go").
func TestFileNames(t *testing.T) {
	const ifaces = "import \"unknwn.idl\";\n" +
		"[object, uuid(11111111-2222-3333-4444-555555555501)] interface _Connection : IUnknown { HRESULT Open(); }\n" +
		"[object, uuid(11111111-2222-3333-4444-555555555502)] interface IThing : _Connection { HRESULT Do([in] double d); }\n" +
		"[object, uuid(11111111-2222-3333-4444-555555555503)] interface IThing_server : IUnknown { HRESULT S(); }\n" +
		"[object, uuid(11111111-2222-3333-4444-555555555504)] interface Thing_linux : IUnknown { HRESULT L(); }\n" +
		"typedef struct PACKED { char c; long l; } PACKED;\n"
	for _, name := range []string{"_foo.idl", ".foo.idl", "__.idl", "x_plan9.idl", "x_test.idl", "x_arm64.idl", "x_windows_arm64.idl",
		"x.y_linux.idl", "variant.idl", "com.idl", "server.idl", "hresult_names.idl", "winerror_names.idl", "floatcall.idl",
		"floatstubs.idl", "layout_check.idl", "example.idl", "X Y.idl", "unknwn.idl"} {
		for _, split := range []string{"", "idl", "interface"} {
			src := ifaces
			if name == "unknwn.idl" {
				src = strings.Replace(src, "import \"unknwn.idl\";\n", "", 1) // unknwn.idl itself, one of the builtin files
				src = "import \"wtypes.idl\";\n[object, uuid(00000000-0000-0000-C000-000000000046)] interface IUnknown { HRESULT QueryInterface([in] REFIID riid, [out, iid_is(riid)] void **ppvObject); ULONG AddRef(); ULONG Release(); }\n" + src
			}
			fsys := fstest.MapFS{name: {Data: []byte(src)}}
			prog, err := idl.LoadFS(idl.Config{Dirs: []idl.Dir{idl.Builtin}}, idl.Dir{FS: fsys}, name)
			if err != nil {
				t.Fatal(err)
			}
			files, err := gen.Generate(prog, gen.Options{Package: "x", Inputs: []string{name}, Split: split, TypeCheck: true})
			if err != nil {
				t.Errorf("%s, -split %q: %v", name, split, err)
				continue
			}
			checkFileNames(t, name+", -split "+split, files)
		}
	}
}

// checkFileNames writes files to a directory and holds their names to what
// go/build makes of them for windows/amd64, windows/386 and linux/arm64.
func checkFileNames(t *testing.T, what string, files []gen.File) {
	t.Helper()
	dir := t.TempDir()
	fixed := map[string]bool{"hresult_names.go": true, "winerror_names.go": true, gen.TestFile: true, "server_stubs_windows.go": true}
	tmpls, _ := fs.Glob(templates.FS, "*.tmpl")
	for _, n := range tmpls {
		fixed[strings.TrimSuffix(n, ".tmpl")] = true
	}
	names := map[string]bool{}
	for _, f := range files {
		if names[f.Name] {
			t.Errorf("%s: two files named %s", what, f.Name)
		}
		names[f.Name] = true
		if err := os.WriteFile(filepath.Join(dir, f.Name), f.Src, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, target := range [][2]string{{"windows", "amd64"}, {"windows", "386"}, {"linux", "arm64"}} {
		ctx := build.Default
		ctx.GOOS, ctx.GOARCH, ctx.CgoEnabled = target[0], target[1], false
		p, err := ctx.ImportDir(dir, 0)
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		read := append(append(append(slices.Clone(p.GoFiles), p.TestGoFiles...), p.XTestGoFiles...), p.SFiles...)
		for name := range names {
			// The declaration files: base.go everywhere, base_windows.go
			// and base_server_windows.go on Windows, base_386.go on 386
			// (base_layout.go has a build line of its own).
			if fixed[name] || strings.HasPrefix(name, "floatstubs_windows_") || strings.HasSuffix(name, "_layout.go") {
				continue
			}
			want := true
			switch {
			case strings.HasSuffix(name, "_windows.go"):
				want = target[0] == "windows"
			case strings.HasSuffix(name, "_386.go"):
				want = target[1] == "386"
			}
			if got := slices.Contains(read, name); got != want {
				t.Errorf("%s: %s/%s: go/build reads %s: %v, want %v", what, target[0], target[1], name, got, want)
			}
			test := strings.HasSuffix(name, "_test.go")
			if test != (slices.Contains(p.TestGoFiles, name) || slices.Contains(p.XTestGoFiles, name)) && want {
				t.Errorf("%s: go/build takes %s for a test: %v", what, name, !test)
			}
		}
	}
}
