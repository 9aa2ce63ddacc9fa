// Package testenv has helpers for the repository's tests that build Go code
// of their own: a throwaway module outside the source tree for generated
// packages, and whether this machine can run 32-bit (linux/386) programs.
package testenv

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/comgen/comgen/gen"
	"golang.org/x/mod/modfile"
)

// NoExec386Env, set to a non-empty value, makes Can386 answer no whatever the
// machine can do: it lets the path taken on machines whose kernel cannot
// execute 32-bit programs be tested on one that can.
const NoExec386Env = "COMGEN_NO_386_EXEC"

// RepoRoot returns the directory of the comgen module (the one holding the
// go.mod of github.com/comgen/comgen), found upwards from the working
// directory, which go test sets to the package's directory.
func RepoRoot(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("testenv: no go.mod above the working directory")
		}
		dir = parent
	}
}

// Module creates a Go module in a fresh temporary directory (removed when the
// test ends, and never inside the source tree, so an interrupted test leaves
// nothing behind). Its go.mod requires comgen, replaced by this checkout (for
// code that imports out/wbemcli), and everything comgen's go.mod requires at
// the same versions (golang.org/x/sys for generated packages); its go.sum is
// comgen's. It returns the directory; generated packages go in it or below.
func Module(t testing.TB) string {
	t.Helper()
	root := RepoRoot(t)
	mf := modFile(t, root)
	var b strings.Builder
	b.WriteString("module comgentest\n\n")
	if mf.Go != nil {
		fmt.Fprintf(&b, "go %s\n\n", mf.Go.Version)
	}
	fmt.Fprintf(&b, "require %s v0.0.0\n", mf.Module.Mod.Path)
	for _, r := range mf.Require {
		fmt.Fprintf(&b, "require %s %s\n", r.Mod.Path, r.Mod.Version)
	}
	fmt.Fprintf(&b, "\nreplace %s => %s\n", mf.Module.Mod.Path, root)
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	sum, err := os.ReadFile(filepath.Join(root, "go.sum"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "go.sum"), sum, 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// GoVersion returns the go line of comgen's go.mod: the lowest Go version
// the tool and the code it generates support, which a user's module may
// declare (see TestREADMESetUp).
func GoVersion(t testing.TB) string {
	t.Helper()
	mf := modFile(t, RepoRoot(t))
	if mf.Go == nil {
		t.Fatal("testenv: comgen's go.mod has no go line")
	}
	return mf.Go.Version
}

// modFile parses the go.mod in root.
func modFile(t testing.TB, root string) *modfile.File {
	t.Helper()
	src, err := os.ReadFile(filepath.Join(root, "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	mf, err := modfile.ParseLax("go.mod", src, nil)
	if err != nil {
		t.Fatal(err)
	}
	return mf
}

// WriteFiles writes generated files into dir, creating it.
func WriteFiles(t testing.TB, dir string, files []gen.File) {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if err := os.WriteFile(filepath.Join(dir, f.Name), f.Src, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

var can386 struct {
	once sync.Once
	err  error
}

// Can386 reports whether this machine can execute linux/386 programs, by
// building and running a tiny one once per process. Whether it can is a
// property of the kernel (32-bit emulation) that no package can install, so
// tests that need it skip, even under CI=true. NoExec386Env forces "no".
func Can386() error {
	if os.Getenv(NoExec386Env) != "" {
		return fmt.Errorf("%s is set", NoExec386Env)
	}
	if runtime.GOOS != "linux" || runtime.GOARCH != "amd64" && runtime.GOARCH != "386" {
		return fmt.Errorf("linux/386 programs run only on linux/amd64 or linux/386, not %s/%s", runtime.GOOS, runtime.GOARCH)
	}
	can386.once.Do(func() { can386.err = probe386() })
	return can386.err
}

func probe386() error {
	dir, err := os.MkdirTemp("", "comgen-386-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	const prog = "package main\n\nfunc main() { println(\"386 runs\") }\n"
	if err := os.WriteFile(filepath.Join(dir, "main.go"), []byte(prog), 0o644); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module probe\n"), 0o644); err != nil {
		return err
	}
	exe := filepath.Join(dir, "probe")
	build := exec.Command("go", "build", "-o", exe, ".")
	build.Dir = dir
	build.Env = append(os.Environ(), "GOOS=linux", "GOARCH=386", "CGO_ENABLED=0", "GOFLAGS=")
	if out, err := build.CombinedOutput(); err != nil {
		return fmt.Errorf("building a linux/386 program: %v\n%s", err, out)
	}
	out, err := exec.Command(exe).CombinedOutput()
	if err != nil {
		return fmt.Errorf("this kernel cannot execute linux/386 programs (%v)", err)
	}
	if !bytes.Contains(out, []byte("386 runs")) {
		return errors.New("a linux/386 program ran but printed nothing")
	}
	return nil
}

// Require386 skips t, saying why, unless this machine can run linux/386
// programs (see Can386). It skips under CI=true too: no install step can give
// a kernel 32-bit support.
func Require386(t testing.TB) {
	t.Helper()
	if err := Can386(); err != nil {
		t.Skipf("cannot run 32-bit programs here: %v", err)
	}
}
