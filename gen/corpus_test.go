package gen_test

import (
	"fmt"
	"go/build/constraint"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/comgen/comgen/gen"
	"github.com/comgen/comgen/idl"
	"github.com/comgen/comgen/idl/idltest"
	"github.com/comgen/comgen/internal/testenv"
	"github.com/comgen/comgen/templates"
)

// wineIDLDirs are where libwine-dev puts its IDL: the Windows SDK's files and
// Wine's own.
var wineIDLDirs = []string{idltest.WineIDLDir, filepath.Dir(idltest.WineIDLDir)}

// The tests of this package that build Go code, run a C compiler or load
// the Wine corpus call t.Parallel: go test runs two of them at a time
// (-parallel is GOMAXPROCS), so that this package, the longest of
// `go test ./...`, keeps two cores busy even when it runs alone. None of them
// changes package state (defence_test.go's breakForTest is set only by a
// test that runs before them).

// wineCache keeps the Wine files parsed for all the tests of the package
// that load them (the corpus, the layout and selection tests): each file is
// parsed once per test process. It is safe for concurrent use.
var wineCache = idl.NewCache()

func wineConfig(cache *idl.Cache) idl.Config {
	var dirs []idl.Dir
	for _, d := range wineIDLDirs {
		dirs = append(dirs, idl.OSDir(d))
	}
	return idl.Config{Dirs: dirs, Cache: cache}
}

// corpusFiles lists the corpus and, for each file another corpus file
// #includes (a fragment, like oledb.idl's parts), its includer.
func corpusFiles(t testing.TB) (files []string, includer map[string]string) {
	for _, d := range wineIDLDirs {
		m, err := filepath.Glob(filepath.Join(d, "*.idl"))
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, m...)
	}
	sort.Strings(files)
	return files, includers(t, files)
}

// includers maps each file that another file of files #includes (a fragment)
// to its includer. Names match without regard to case, as on Windows.
func includers(t testing.TB, files []string) map[string]string {
	include := regexp.MustCompile(`(?m)^\s*#\s*include\s+["<]([^">]+\.idl)[">]`)
	byBase := map[string]string{}
	for _, f := range files {
		byBase[strings.ToLower(filepath.Base(f))] = f
	}
	includer := map[string]string{}
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range include.FindAllStringSubmatch(string(src), -1) {
			if inc, ok := byBase[strings.ToLower(filepath.Base(m[1]))]; ok && inc != f {
				includer[inc] = f
			}
		}
	}
	return includer
}

// TestWineCorpus loads every IDL file of libwine-dev with its imports, generates
// Go for every file that declares COM interfaces, and type-checks all of it for
// windows/amd64 and windows/386. Fragments (files only ever #included by
// another file) are checked as part of their includer, as widl sees them.
func TestWineCorpus(t *testing.T) {
	t.Parallel()
	idltest.Require(t, idltest.WineIDLDir, "libwine-dev")
	if testing.Short() {
		t.Skip("the corpus takes a while")
	}
	start := time.Now()
	files, includer := corpusFiles(t)
	cache := wineCache
	progs := map[string]*idl.Program{}
	var failed []string
	for _, f := range files {
		if includer[f] != "" {
			continue
		}
		prog, err := idl.Load(wineConfig(cache), f)
		if err != nil {
			first, _, _ := strings.Cut(err.Error(), "\n")
			failed = append(failed, first)
			continue
		}
		progs[f] = prog
	}
	fragments := 0
	for f, inc := range includer {
		prog := progs[inc]
		if prog == nil {
			failed = append(failed, fmt.Sprintf("%s: its includer %s did not load", f, filepath.Base(inc)))
			continue
		}
		found := false
		for _, e := range prog.Entities {
			found = found || e.Position().File == f
		}
		if !found {
			failed = append(failed, fmt.Sprintf("%s: nothing of it was declared when %s loaded", f, filepath.Base(inc)))
			continue
		}
		fragments++
	}
	for _, f := range failed {
		t.Errorf("not parsed: %s", f)
	}
	t.Logf("parsed %d of %d files (%d standalone, %d as fragments of their includer) in %v",
		len(progs)+fragments, len(files), len(progs), fragments, time.Since(start).Round(time.Millisecond))
	start = time.Now()

	// Generate every file that declares COM interfaces, one package each.
	root := testenv.Module(t)
	generated := 0
	c := newCensus()
	runtimeTests, runtimeTestsWritten := map[string]bool{}, map[string]bool{}
	tmpls, _ := fs.Glob(templates.FS, "*_test.go.tmpl")
	for _, n := range tmpls {
		runtimeTests[strings.TrimSuffix(n, ".tmpl")] = true
	}
	var toGenerate []string
	for _, f := range files {
		if prog := progs[f]; prog != nil && declaresCOM(prog) {
			toGenerate = append(toGenerate, f)
		}
	}
	// Generate on every CPU (each package is generated on its own; the
	// census is counted under a lock), and write in file order.
	type result struct {
		files []gen.File
		err   error
		done  chan struct{}
	}
	results := make([]result, len(toGenerate))
	for i := range results {
		results[i].done = make(chan struct{})
	}
	var censusMu sync.Mutex
	next := make(chan int)
	go func() {
		for i := range toGenerate {
			next <- i
		}
		close(next)
	}()
	for range runtime.GOMAXPROCS(0) {
		go func() {
			for i := range next {
				f := toGenerate[i]
				r := &results[i]
				r.files, r.err = gen.Generate(progs[f], gen.Options{Package: packageName(f), Inputs: []string{filepath.Base(f)}, TypeCheck: true}) // the check must pass where go vet does
				if r.err == nil {
					censusMu.Lock()
					c.add(r.files)
					censusMu.Unlock()
				}
				close(r.done)
			}
		}()
	}
	for i, f := range toGenerate {
		r := &results[i]
		<-r.done
		gfiles, err := r.files, r.err
		r.files = nil
		if err != nil {
			t.Errorf("%s: generate: %v", f, err)
			continue
		}
		// The runtime support's own tests are the same in every package:
		// type-checking one copy of them is enough.
		var write []gen.File
		for _, gf := range gfiles {
			if runtimeTests[gf.Name] && runtimeTestsWritten[gf.Name] {
				continue
			}
			runtimeTestsWritten[gf.Name] = runtimeTestsWritten[gf.Name] || runtimeTests[gf.Name]
			write = append(write, gf)
		}
		testenv.WriteFiles(t, filepath.Join(root, packageName(f)), write)
		generated++
	}
	t.Logf("generated %d packages in %v", generated, time.Since(start).Round(time.Millisecond))
	// A ratchet: the methods left without a wrapper (float and double
	// returns, WinRT generic instances, [out] arrays of unknown size, ...)
	// may only become fewer. Lower it when a change wraps more. (Raised from
	// 68 to 80 when 13 more files came to generate, 191 -> 204 packages:
	// parameters of types the IDL does not declare, as MIDL accepts them,
	// such as WinRT types a classic file names, have no wrapper. Lowered to
	// 50 when WinRT generic instances became interfaces, 204 -> 213 packages.
	// Raised to 52 when placeholders and #pragma pack structs lost their Go
	// layout: vmr9.idl passes D3DCOLOR, a { char dummy; } placeholder for a
	// DWORD, by value, and bdaiface.idl BDA_MUX_PIDLISTITEM, packed to 2
	// bytes, by value: a wrapper would pass the wrong bytes.)
	// Lowered to 33 when methods without an HRESULT got an err result of
	// their own for arguments they cannot pass (strings with a NUL).
	// Lowered to 21 when buffer sizes came from the enumerator rule
	// (cordebug's Next([in] celt, [out] T values[], [out] pceltFetched)) and
	// arrays the callee allocates with pointer-sized counts (oledb's
	// GetBindings, GetNextRows) became slices.
	// (The packing C-only text gives, oledb.idl's pshpack2.h for 32-bit
	// Windows, takes DBPARAMBINDINFO's by-value wrapper; bdaiface's
	// BDA_MUX_PIDLISTITEM, whose #pragma pack(2) moves nothing, got one.)
	// Lowered to 14 (measured) when vmr9's D3DCOLOR placeholder became the
	// DWORD the C headers declare (idl's placeholderCTypes): cordebug's 13
	// [out] arrays of unknown size and oledb's DBPARAMBINDINFO are left.
	const maxNoWrapper = 14
	if n := total(c.noWrapper); n > maxNoWrapper {
		t.Errorf("%d methods have no Go wrapper, more than the %d before", n, maxNoWrapper)
	}
	// Wrappers that refuse a target: none since floating-point arguments
	// and results go through the runtime's trampolines on arm64 and 386.
	if len(c.refusals) > 0 {
		t.Errorf("wrappers that refuse a target without calling, by target and reason:\n%s", table(c.refusals))
	}
	// The same for Go COM objects: vtable slots answering E_NOTIMPL (methods
	// with floating-point arguments or results, float structures by value...).
	// (Raised from 624 to 713 with the 13 packages above and [odl]
	// interfaces, which are [object] interfaces Go can now implement; 707
	// with the WinRT generic instances; 709 with the same two methods as
	// above; 258 when float and double parameters were received on amd64
	// (assembly stubs) and 386; 138 with structure results (through the
	// hidden pointer), pointer-sized results and 64-bit results (amd64 and
	// arm64); 68 with structures of floats by value (in words on amd64 and
	// 386); 2 with float and double results (XMM0 through the amd64 stubs):
	// vmr9's D3DCOLOR placeholder and bdaiface's packed BDA_MUX_PIDLISTITEM
	// by value. Slots that answer E_NOTIMPL on one target only (floats on
	// arm64, 64-bit and floating-point results on 386) are not counted here.)
	// (The same two, in 2026-12: DBPARAMBINDINFO for BDA_MUX_PIDLISTITEM;
	// then 1, D3DCOLOR being the C headers' DWORD.)
	const maxNotImplSlots = 1
	t.Logf("%d server vtable slots (summed over packages) answer E_NOTIMPL, by reason:\n%s", c.notImpl, table(c.notImplReason))
	if c.notImpl > maxNotImplSlots {
		t.Errorf("%d server vtable slots answer E_NOTIMPL, more than the %d before", c.notImpl, maxNotImplSlots)
	}
	// And those that answer E_NOTIMPL on one target. (arm64: 541 before its
	// float stubs, 57 while they served only methods whose arguments all fit
	// in registers and took no structure by value, none since they place
	// every argument by AAPCS64. 386: 66 methods with 64-bit and
	// floating-point results, EDX:EAX and ST0, which Go's callbacks cannot
	// set, until 386 stubs returned them from a slot the callback writes.)
	const max386Only, maxARM64Only = 0, 0
	t.Logf("server vtable slots that answer E_NOTIMPL on one target: %d on 386, %d on arm64", c.notImpl386, c.notImplARM64)
	if c.notImpl386 > max386Only || c.notImplARM64 > maxARM64Only {
		t.Errorf("server slots answering E_NOTIMPL on 386 (%d) or arm64 (%d) grew past %d and %d", c.notImpl386, c.notImplARM64, max386Only, maxARM64Only)
	}
	t.Logf("methods without a Go wrapper (known unsupported), by reason:\n%s", table(c.noWrapper))
	t.Logf("buffers whose size the IDL's size_is does not give, by where comgen takes it from:\n%s", c.sizedMethods())

	// go vet, as users' CI runs it on their generated packages, for every
	// Windows target (vet's unsafeptr and stdmethods checks among others); it
	// type-checks every package, so type errors fail it too (the corpus is
	// type-checked once, here). arm64 sees the same files as amd64 unless a
	// build constraint or file name tells them apart, and vet's checks for
	// Go code without assembly do not differ between the two 64-bit targets:
	// arm64 is vetted for the packages with a file that is not the same for
	// both (the float stubs of Go COM objects).
	vet := func(arch string, n int, pkgs ...string) {
		start = time.Now()
		cmd := exec.Command("go", append([]string{"vet"}, pkgs...)...)
		cmd.Dir = root
		cmd.Env = append(os.Environ(), "GOOS=windows", "GOARCH="+arch, "CGO_ENABLED=0")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Errorf("GOARCH=%s: go vet: %v\n%s", arch, err, out)
		}
		t.Logf("GOARCH=%s: go vet of %d packages (%v)", arch, n, time.Since(start).Round(time.Millisecond))
	}
	vet("amd64", generated, "./...")
	vet("386", generated, "./...")
	var armPkgs []string
	for _, f := range archSpecific(t, root, "amd64", "arm64") {
		rel, err := filepath.Rel(root, filepath.Dir(f))
		if err != nil {
			t.Fatal(err)
		}
		if p := "./" + filepath.ToSlash(rel); !slices.Contains(armPkgs, p) {
			armPkgs = append(armPkgs, p)
		}
	}
	if len(armPkgs) > 0 {
		vet("arm64", len(armPkgs), armPkgs...)
	}
	t.Logf("GOARCH=arm64: the other %d packages have the same files as for amd64; go vet for amd64 covers them", generated-len(armPkgs))
}

// archSpecific returns the .go files below root that one of the two
// architectures builds and the other does not (by their //go:build line or
// their file name).
func archSpecific(t *testing.T, root, a, b string) []string {
	t.Helper()
	var found []string
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".go") {
			return err
		}
		base := strings.TrimSuffix(strings.TrimSuffix(filepath.Base(p), ".go"), "_test")
		for _, arch := range []string{a, b} {
			if strings.HasSuffix(base, "_"+arch) {
				found = append(found, p)
				return nil
			}
		}
		src, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		for _, line := range strings.Split(string(src), "\n") {
			if strings.HasPrefix(line, "package ") {
				break
			}
			if !constraint.IsGoBuild(line) {
				continue
			}
			expr, err := constraint.Parse(line)
			if err != nil {
				return err
			}
			in := func(arch string) bool {
				return expr.Eval(func(tag string) bool { return tag == "windows" || tag == arch })
			}
			if in(a) != in(b) {
				found = append(found, p)
				return nil
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return found
}

// declaresCOM reports whether the program's own files declare an [object] interface.
func declaresCOM(prog *idl.Program) bool {
	for _, e := range prog.Entities {
		i, ok := e.(*idl.IfaceInfo)
		if ok && i.Object && !i.Forward {
			for _, r := range prog.Roots {
				if i.File == r {
					return true
				}
			}
		}
	}
	return false
}

// packageName makes a Go package name of an IDL file name.
func packageName(file string) string {
	name := pkgIdent(strings.TrimSuffix(filepath.Base(file), ".idl"))
	if strings.HasPrefix(filepath.Dir(file), idltest.WineIDLDir) {
		return name
	}
	return "wine_" + name
}

// pkgIdent makes a Go package name of a file's base name.
func pkgIdent(base string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(base) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
		} else {
			b.WriteRune('_')
		}
	}
	name := b.String()
	if name == "" || name[0] >= '0' && name[0] <= '9' {
		name = "x" + name
	}
	return name
}
