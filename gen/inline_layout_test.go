package gen_test

import (
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/comgen/comgen/gen"
	"github.com/comgen/comgen/idl"
	"github.com/comgen/comgen/idl/idltest"
	"github.com/comgen/comgen/internal/testenv"
)

// widlPath is where Debian's wine64-tools installs widl.
const widlPath = "/usr/lib/wine/widl"

// TestInlineStructsAgainstWidl holds the layout facts of the golden case
// inlinestructs.idl (the members of structs declared inline: fields,
// union arms, an unnamed struct arm, nested ones) to the C header widl
// writes from the same file, compiled with mingw-w64's gcc for 32-bit and
// 64-bit Windows: generated_test.go holds the Go types to the same numbers,
// and go vet compiles it for 386, amd64 and arm64 here, so each accessor's
// type is C's layout of the arm it returns. Wine's
// corpus has such members too (D2D_MATRIX_3X2_F, KSIDENTIFIER,
// REGFILTER2), checked by TestLayoutAgainstWineHeaders.
func TestInlineStructsAgainstWidl(t *testing.T) {
	t.Parallel()
	idltest.Require(t, idltest.WineIDLDir, "libwine-dev")
	idltest.Require(t, widlPath, "wine64-tools")
	src, err := filepath.Abs(filepath.Join("testdata", "golden", "inlinestructs.idl"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if out, err := exec.Command(widlPath, "-h", "-I", idltest.WineIDLDir, "-o", filepath.Join(dir, "inlinestructs.h"), src).CombinedOutput(); err != nil {
		t.Fatalf("widl: %v\n%s", err, out)
	}
	prog, err := idl.Load(wineConfig(idl.NewCache()), src)
	if err != nil {
		t.Fatal(err)
	}
	facts, _, err := ownFacts(prog)
	if err != nil {
		t.Fatal(err)
	}
	u := newUnit("inlinestructs.h", append(wineCArgs(), "-I", dir), "#include <windows.h>", "#include <ole2.h>")
	u.headers = []string{"inlinestructs.h"}
	for _, f := range facts {
		u.add(f, "inlinestructs.idl", "inlinestructs.h")
	}
	// The facts this case is about must be there: members of an inline
	// field, of a nested one, of a named arm, of unnamed arms, of a union's
	// unnamed arm.
	// (cExpr names a struct declared with a tag by its tag: struct MATRIX.)
	for _, want := range []string{"offsetof(struct MATRIX, inner.lo)", "offsetof(struct MATRIX, inner.deep.b)", "offsetof(struct MATRIX, v.pair.y)",
		"offsetof(struct MATRIX, m22)", "offsetof(struct MATRIX, _21)", "offsetof(union WORDS, high)",
		"offsetof(struct MATRIX, v.wide.value)", "offsetof(struct PADDED, inner.b)"} {
		found := false
		for _, f := range u.facts {
			found = found || f.C == want
		}
		if !found {
			t.Errorf("no layout fact %s", want)
		}
	}
	// And the Go types to the same numbers: go vet compiles
	// generated_test.go for each target.
	root := testenv.Module(t)
	files, err := gen.Generate(prog, gen.Options{Package: "inlinestructs", Inputs: []string{"inlinestructs.idl"}})
	if err != nil {
		t.Fatal(err)
	}
	testenv.WriteFiles(t, filepath.Join(root, "inlinestructs"), files)
	for _, arch := range []string{"amd64", "386", "arm64"} {
		if out, err := goVet(root, "windows", arch); err != nil {
			t.Errorf("GOARCH=%s: %v\n%s", arch, err, out)
		}
	}
	for _, c := range mingwCompilers {
		t.Run(c.arch, func(t *testing.T) {
			cc := mingwCC(t, c.cc, c.pkg)
			res, spelled, values := u.check(t, cc, c.arch)
			for i, r := range res {
				f := u.facts[i]
				want := f.Want64
				if c.arch == "386" {
					want = f.Want386
				}
				switch r {
				case factAgrees:
				case factMissing:
					t.Errorf("%s: C has no %s", c.arch, spelled[i])
				default:
					t.Errorf("%s: %s is %s in C, %d in comgen's layout (and Go's, by generated_test.go)", c.arch, spelled[i], values[i], want)
				}
			}
		})
	}
}
