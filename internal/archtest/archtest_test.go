package archtest

import (
	"bytes"
	"fmt"
	"io/fs"
	"maps"
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
)

// target is one architecture the harness is built for.
type target struct {
	goarch  string
	cc      string // the cross C compiler (Debian package in pkg)
	sysroot string // its libraries, for qemu -L
	qemu    string
	env     []string // for the program under qemu
	pkgs    string
}

var (
	arm64 = target{"arm64", "aarch64-linux-gnu-gcc", "/usr/aarch64-linux-gnu", "qemu-aarch64", nil, "gcc-aarch64-linux-gnu libc6-dev-arm64-cross qemu-user"}
	// Go's linux/386 programs crash under Debian 12's qemu-i386 (7.2) when
	// the runtime preempts a goroutine with a signal ("bad g in signal
	// handler"); without asynchronous preemption they run.
	i386 = target{"386", "i686-linux-gnu-gcc", "/usr/i686-linux-gnu", "qemu-i386", []string{"GODEBUG=asyncpreemptoff=1"}, "gcc-i686-linux-gnu libc6-dev-i386-cross qemu-user"}
)

// require skips (or, under CI=true, fails) t unless tg's tools are installed.
func (tg target) require(t *testing.T) {
	t.Helper()
	var missing []string
	for _, tool := range []string{tg.cc, tg.qemu} {
		if _, err := exec.LookPath(tool); err != nil {
			missing = append(missing, tool)
		}
	}
	if _, err := os.Stat(filepath.Join(tg.sysroot, "lib")); err != nil {
		missing = append(missing, tg.sysroot)
	}
	if len(missing) == 0 {
		return
	}
	msg := strings.Join(missing, ", ") + " missing: install the Debian packages " + tg.pkgs + " (.ci/install-deps does)"
	if os.Getenv("CI") == "true" {
		t.Fatal(msg)
	}
	t.Skip(msg)
}

// harness writes the test module: the package generated from
// testdata/floats.idl, as Linux code (its client wrappers, types and the
// runtime's floating-point calls; _windows dropped from the names and the
// build lines), with testdata/harness's stand-ins for the rest of the
// runtime and the C object.
func harness(t *testing.T) string {
	t.Helper()
	prog, err := idl.Load(idl.Config{Dirs: []idl.Dir{idl.Builtin}}, "testdata/floats.idl")
	if err != nil {
		t.Fatal(err)
	}
	files, err := gen.Generate(prog, gen.Options{Package: "floats", Inputs: []string{"floats.idl"}})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	write := func(name string, src []byte) {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, src, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("go.mod", []byte("module archharness\n\ngo 1.24\n"))
	// The generated files the client wrappers need; everything else of the
	// runtime calls Windows.
	keep := map[string]string{
		"floats.go": "floats.go", "floats_layout.go": "floats_layout.go", "floats_386.go": "floats_386.go",
		"floats_windows.go": "floats_calls.go", "com.go": "com.go", "hresult.go": "hresult.go",
		"hresult_names.go": "hresult_names.go", "winerror_names.go": "winerror_names.go", "variant_other.go": "variant_other.go",
		"floatcall_windows.go": "floatcall.go", "floatcall_windows_asm.go": "floatcall_asm.go",
		"floatcall_windows_arm64.s": "floatcall_arm64.s", "floatcall_windows_386.s": "floatcall_386.s",
		"floatstubs_windows_arm64.go": "floatstubs_arm64.go", "floatstubs_windows_arm64.s": "floatstubs_arm64.s",
		"floatstubs_windows_386.go": "floatstubs_386.go", "floatstubs_windows_386.s": "floatstubs_386.s",
	}
	found := 0
	index := map[string]int{}
	for _, f := range files {
		name, ok := keep[f.Name]
		if !ok {
			continue
		}
		found++
		src := bytes.Replace(f.Src, []byte("\n//go:build windows\n"), []byte("\n"), 1)
		src = bytes.Replace(src, []byte("\n//go:build windows && "), []byte("\n//go:build "), 1)
		if f.Name == "floatstubs_windows_arm64.go" || f.Name == "floatstubs_windows_386.go" {
			// floatSlot makes Go callbacks, which Linux has not: the test
			// aims the stubs at C functions itself (ServerStub).
			src = bytes.Replace(src, []byte("\t\"syscall\"\n"), nil, 1)
			src = bytes.ReplaceAll(src, []byte("syscall.NewCallback("), []byte("newCallback("))
			maps.Copy(index, stubIndex(t, f.Src))
		}
		write(filepath.Join("floats", name), src)
	}
	// StubIndex: the stub number of each method with an arm64 or 386 stub,
	// from the comments of the stubs' declarations.
	var ib strings.Builder
	ib.WriteString("package floats\n\nvar StubIndex = map[string]int{\n")
	for _, m := range slices.Sorted(maps.Keys(index)) {
		fmt.Fprintf(&ib, "\t%q: %d,\n", m, index[m])
	}
	ib.WriteString("}\n")
	write("floats/stubindex.go", []byte(ib.String()))
	if found != len(keep) {
		t.Fatalf("the generator wrote %d of the %d files the harness takes", found, len(keep))
	}
	err = fs.WalkDir(os.DirFS("testdata/harness"), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		src, err := os.ReadFile(filepath.Join("testdata/harness", p))
		if err == nil {
			write(p, src)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

// stubIndex maps the methods of the float stubs declared in src
// (floatstubs_windows_arm64.go or _386.go) to their numbers.
func stubIndex(t *testing.T, src []byte) map[string]int {
	t.Helper()
	index := map[string]int{}
	re := regexp.MustCompile(`// floatStub(\d+) is the vtable entry of IFloats::(\w+) on (?:arm64|386)`)
	for _, m := range re.FindAllSubmatch(src, -1) {
		k, _ := strconv.Atoi(string(m[1]))
		index[string(m[2])] = k
	}
	if len(index) == 0 {
		t.Fatal("a floatstubs file declares no stubs")
	}
	return index
}

// build builds the harness's test binary for tg. (The generated files are
// vetted for their Windows targets by gen's corpus tests; the harness's
// Linux copies are not vetted again.)
func (tg target) build(t *testing.T, dir string) string {
	t.Helper()
	env := append(os.Environ(), "GOOS=linux", "GOARCH="+tg.goarch, "CGO_ENABLED=1", "CC="+tg.cc, "GOFLAGS=-mod=mod")
	run := func(args ...string) {
		t.Helper()
		cmd := exec.Command("go", args...)
		cmd.Dir, cmd.Env = dir, env
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("GOARCH=%s go %s: %v\n%s", tg.goarch, strings.Join(args, " "), err, out)
		}
	}
	bin := filepath.Join(dir, "c."+tg.goarch)
	run("test", "-c", "-o", bin, "./c")
	return bin
}

// run runs the harness's test binary bin under qemu and checks that want
// cases passed.
func (tg target) run(t *testing.T, bin string, want int) {
	t.Helper()
	cmd := exec.Command(tg.qemu, "-L", tg.sysroot, bin, "-test.v")
	cmd.Env = append(os.Environ(), tg.env...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%s: %v\n%s", strings.Join(cmd.Args, " "), err, out)
	}
	// Every case ran (a harness that compiled none would pass).
	if n := strings.Count(string(out), "--- PASS"); n != want {
		t.Fatalf("%d cases passed under %s, want %d:\n%s", n, tg.qemu, want, out)
	}
	t.Logf("%s", out)
}

// TestFloatCallsARM64 calls the generated wrappers of testdata/floats.idl as
// linux/arm64 code on the C object of testdata/harness/c under qemu: floats
// and doubles in V registers and spilled to the stack, HFAs in V registers
// and spilled whole, a 16-byte composite that may not start in X7, and
// float, double and integer results; it calls the Go COM objects' arm64
// float stubs from C (server_arm64_test.go); and canaries check that the
// buffers C fills are the Go slices' lengths (buffers_test.go).
func TestFloatCallsARM64(t *testing.T) {
	t.Parallel() // the two targets build (the standard library for each, cold) and run side by side
	arm64.require(t)
	arm64.run(t, arm64.build(t, harness(t)), 21)
}

// TestFloatCalls386 runs the same client cases as linux/386 code: stdcall
// methods taking floats, doubles (two stack words) and structures by value
// in stack words, and float and double results in x87's ST0 through the
// runtime's comCallX87; it calls the Go COM objects' 386 stubs for
// float and double results from C (server_386_test.go); and the buffer
// canaries (buffers_test.go).
func TestFloatCalls386(t *testing.T) {
	t.Parallel() // the two targets build (the standard library for each, cold) and run side by side
	i386.require(t)
	i386.run(t, i386.build(t, harness(t)), 15)
}
