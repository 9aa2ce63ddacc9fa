package gen_test

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/comgen/comgen/gen"
	"github.com/comgen/comgen/idl"
	"github.com/comgen/comgen/internal/testenv"
	"github.com/comgen/comgen/templates"
)

// Golden tests, one per construct: gen/testdata/golden/<case>.idl (own IDL,
// imports from testdata/golden/imports and the embedded files) generates the
// files committed in gen/testdata/golden/<case>/ — those the IDL's
// declarations produce; the fixed runtime support from templates is left
// out. go test ./gen -run TestGolden -update rewrites them. The generated
// packages, with their runtime, must also type-check for windows/amd64,
// windows/386 and windows/arm64.

// goldenRuntime and goldenOptions are the options of the shared-runtime case: the
// module testenv.Module makes is named comgentest.
const goldenRuntime = "comgentest/com"

var goldenOptions = map[string]gen.Options{
	"shared":   {Runtime: goldenRuntime, Map: map[string]string{"base.idl": "comgentest/base"}},
	"optional": {Optional: []string{"IHost.Parse.item", "IHost.Run.cook*"}},
}

const goldenDir = "testdata/golden"

// goldenGenerate generates package pkg from file (found in dir) with opt.
func goldenGenerate(t *testing.T, dir idl.Dir, file, pkg string, opt gen.Options) []gen.File {
	t.Helper()
	cfg := idl.Config{Dirs: []idl.Dir{idl.OSDir(filepath.Join(goldenDir, "imports")), idl.Builtin}}
	prog, err := idl.LoadFS(cfg, dir, file)
	if err != nil {
		t.Fatal(err)
	}
	opt.Package, opt.Inputs, opt.TypeCheck = pkg, []string{file}, true
	files, err := gen.Generate(prog, opt)
	if err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	return files
}

func TestGolden(t *testing.T) {
	t.Parallel()
	fixed := map[string]bool{}
	tmpls, err := fs.Glob(templates.FS, "*.tmpl")
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range tmpls {
		fixed[strings.TrimSuffix(n, ".tmpl")] = true
	}
	fixed[gen.WinerrorFile] = true // winerror.h's names, the same in every package
	idls, err := filepath.Glob(filepath.Join(goldenDir, "*.idl"))
	if err != nil || len(idls) == 0 {
		t.Fatalf("no golden cases in %s (%v)", goldenDir, err)
	}
	mod := testenv.Module(t)
	for _, path := range idls {
		name := strings.TrimSuffix(filepath.Base(path), ".idl")
		files := goldenGenerate(t, idl.OSDir(goldenDir), filepath.Base(path), name, goldenOptions[name])
		testenv.WriteFiles(t, filepath.Join(mod, name), files)
		t.Run(name, func(t *testing.T) {
			caseDir := filepath.Join(goldenDir, name)
			want := map[string]bool{}
			for _, f := range files {
				if fixed[f.Name] {
					continue
				}
				want[f.Name] = true
				p := filepath.Join(caseDir, f.Name)
				if *update {
					if err := os.MkdirAll(caseDir, 0o755); err != nil {
						t.Fatal(err)
					}
					if err := os.WriteFile(p, f.Src, 0o644); err != nil {
						t.Fatal(err)
					}
					continue
				}
				got, err := os.ReadFile(p)
				if err != nil {
					t.Errorf("%v (go test ./gen -run TestGolden -update writes it)", err)
					continue
				}
				if !bytes.Equal(got, f.Src) {
					t.Errorf("%s differs from what the generator makes now (%s); review the change, then go test ./gen -run TestGolden -update", p, firstDiff(got, f.Src))
				}
			}
			ents, _ := os.ReadDir(caseDir)
			for _, e := range ents {
				if want[e.Name()] {
					continue
				}
				if *update {
					os.Remove(filepath.Join(caseDir, e.Name()))
				} else {
					t.Errorf("%s is not generated any more", filepath.Join(caseDir, e.Name()))
				}
			}
		})
	}
	// What the shared case refers to: the runtime package and base.idl's package.
	testenv.WriteFiles(t, filepath.Join(mod, "com"), goldenGenerate(t, idl.Builtin, "unknwn.idl", "com", gen.Options{WriteRuntime: true}))
	testenv.WriteFiles(t, filepath.Join(mod, "base"), goldenGenerate(t, idl.OSDir(filepath.Join(goldenDir, "imports")), "base.idl", "base", gen.Options{Runtime: goldenRuntime}))
	for _, arch := range []string{"amd64", "386", "arm64"} {
		// With the tests: the layout checks are in generated_test.go.
		errs, n := typeCheckDir(t, mod, "windows", arch, true)
		if want := len(idls) + 2; n != want {
			t.Errorf("windows/%s: %d packages type-checked, want %d", arch, n, want)
		}
		reportTypeErrors(t, "windows/"+arch, errs, n)
	}
}

// firstDiff describes the first line where a and b differ.
func firstDiff(a, b []byte) string {
	al, bl := strings.Split(string(a), "\n"), strings.Split(string(b), "\n")
	for i := range max(len(al), len(bl)) {
		var x, y string
		if i < len(al) {
			x = al[i]
		}
		if i < len(bl) {
			y = bl[i]
		}
		if x != y {
			return fmt.Sprintf("line %d: committed %q, generated %q", i+1, x, y)
		}
	}
	return "same lines"
}
