package gen_test

import (
	"bufio"
	"bytes"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/comgen/comgen/gen"
	"github.com/comgen/comgen/idl"
	"github.com/comgen/comgen/idl/idltest"
	"github.com/comgen/comgen/internal/testenv"
	"golang.org/x/tools/go/packages"
)

var update = flag.Bool("update", false, "rewrite out/wbemcli from the embedded IDL")

const outDir = "../out/wbemcli"

func generateDefault(t testing.TB) []gen.File {
	t.Helper()
	prog, err := idl.LoadFS(idl.Config{Dirs: []idl.Dir{idl.Builtin}}, idl.Builtin, "wbemcli.idl")
	if err != nil {
		t.Fatal(err)
	}
	files, err := gen.Generate(prog, gen.Options{Package: "wbemcli", Tool: "comgen", Inputs: []string{"wbemcli.idl"}, ImportPath: "github.com/comgen/comgen/out/wbemcli", TypeCheck: true})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// TestOutUpToDate fails when the committed out/wbemcli differs from what the
// generator makes now (run go generate ./... or go test ./gen -update).
func TestOutUpToDate(t *testing.T) {
	files := generateDefault(t)
	want := map[string]bool{}
	for _, f := range files {
		want[f.Name] = true
		path := filepath.Join(outDir, f.Name)
		if *update {
			if err := os.WriteFile(path, f.Src, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		got, err := os.ReadFile(path)
		if err != nil {
			t.Errorf("%s: %v (run go generate ./...)", path, err)
			continue
		}
		if !bytes.Equal(got, f.Src) {
			t.Errorf("%s is stale: run go generate ./...", path)
		}
	}
	ents, _ := os.ReadDir(outDir)
	for _, e := range ents {
		if !want[e.Name()] {
			t.Errorf("%s: not generated any more; remove it", filepath.Join(outDir, e.Name()))
		}
	}
}

// TestDeterministic generates twice and compares byte for byte.
func TestDeterministic(t *testing.T) {
	a, b := generateDefault(t), generateDefault(t)
	if len(a) != len(b) {
		t.Fatal("different file sets")
	}
	for i := range a {
		if a[i].Name != b[i].Name || !bytes.Equal(a[i].Src, b[i].Src) {
			t.Errorf("%s differs between runs", a[i].Name)
		}
	}
}

// TestTypeChecks type-checks out/wbemcli, its own tests included, for every
// Windows target, so the windows-only files are checked too.
func TestTypeChecks(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("type-checks the output for three targets")
	}
	for _, arch := range []string{"amd64", "386", "arm64"} {
		errs, n := typeCheckDir(t, outDir, "windows", arch, true)
		if n != 1 {
			t.Fatalf("GOARCH=%s: %d packages in %s", arch, n, outDir)
		}
		reportTypeErrors(t, "GOARCH="+arch, errs, n)
	}
	// The windows files are among those checked.
	if _, err := os.Stat(filepath.Join(outDir, "wbemcli_windows.go")); err != nil {
		t.Error(err)
	}
	cfg := &packages.Config{Mode: packages.NeedFiles, Dir: outDir, Env: append(os.Environ(), "GOOS=windows", "GOARCH=amd64")}
	pkgs, err := packages.Load(cfg, ".")
	if err != nil || len(pkgs) != 1 || !slices.ContainsFunc(pkgs[0].GoFiles, func(f string) bool { return strings.HasSuffix(f, "wbemcli_windows.go") }) {
		t.Errorf("the windows files were not among those checked: %v", err)
	}
}

// TestGenericHRESULTsMatchWinerror checks the generic COM codes the generator
// knows against mingw-w64's winerror.h, an independent source.
func TestGenericHRESULTsMatchWinerror(t *testing.T) {
	path := filepath.Join(idltest.MingwIncludeDir, "winerror.h")
	idltest.Require(t, path, "mingw-w64-x86-64-dev")
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	def := regexp.MustCompile(`^#define\s+(\w+)\s+_HRESULT_TYPEDEF_\(\s*(0x[0-9A-Fa-f]+)L?\s*\)`)
	plain := regexp.MustCompile(`^#define\s+(S_OK|S_FALSE)\s+\(\(HRESULT\)(0x[0-9A-Fa-f]+)L?\)`)
	values := map[string]uint64{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		m := def.FindStringSubmatch(sc.Text())
		if m == nil {
			m = plain.FindStringSubmatch(sc.Text())
		}
		if m != nil {
			v, _ := strconv.ParseUint(m[2], 0, 32)
			values[m[1]] = v
		}
	}
	checked := 0
	for _, h := range gen.GenericHRESULTs() {
		v, ok := values[h.Name]
		if !ok {
			t.Errorf("%s: not found in winerror.h", h.Name)
			continue
		}
		if uint32(v) != h.Value {
			t.Errorf("%s = %#x, winerror.h has %#x", h.Name, h.Value, v)
		}
		checked++
	}
	t.Logf("checked %d HRESULT values against %s", checked, path)
}

// TestOutAs386 runs the committed packages' tests (those that build outside
// Windows: HRESULT names and conversions) as linux/386 programs, where this
// machine's kernel can execute them. Their layouts are proved for 386 by
// type-checking alone (generated_test.go, see TestTypeChecks); this runs
// code, the layout checks of generated_test.go compiled for 386 included.
func TestOutAs386(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("builds and runs 386 test binaries")
	}
	testenv.Require386(t)
	cmd := exec.Command("go", "test", "-count=1", "./out/...")
	cmd.Dir = testenv.RepoRoot(t)
	cmd.Env = append(os.Environ(), "GOOS=linux", "GOARCH=386", "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("GOARCH=386 go test ./out/...: %v\n%s", err, out)
	}
}
