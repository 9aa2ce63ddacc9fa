// Package winetest runs Windows test binaries under Wine, so that the
// generated bindings make real COM calls on Linux: Wine's ole32, oleaut32 and
// WMI provider (wbemprox) answer them.
//
// It needs Debian's wine64 (the loader at /usr/lib/wine/wine64) and
// gcc-mingw-w64-x86-64 (to build one helper DLL, see prng.go). Without them a
// test calling Require is skipped with a message naming the missing package,
// except under CI=true, where it fails: CI must run these tests.
package winetest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// Wine is a ready Wine installation with a throwaway prefix.
type Wine struct {
	Loader     string // the wine64 loader
	Server     string // wineserver
	Prefix     string // WINEPREFIX, removed when the test ends
	mingwCC    string
	scratchDir string
}

// tool is a program a test needs and the Debian package that has it.
type tool struct {
	candidates []string
	pkg        string
}

var (
	loaderTool = tool{[]string{"/usr/lib/wine/wine64", "wine64"}, "wine64"}
	serverTool = tool{[]string{"/usr/lib/wine/wineserver", "/usr/lib/wine/wineserver64", "wineserver"}, "wine64"}
	mingwTool  = tool{[]string{"x86_64-w64-mingw32-gcc"}, "gcc-mingw-w64-x86-64"}
)

func (tl tool) find() (string, error) {
	for _, c := range tl.candidates {
		if p, err := exec.LookPath(c); err == nil {
			return p, nil
		}
	}
	return "", fmt.Errorf("%s not found: install the Debian package %s (bash .ci/install-deps does)", tl.candidates[0], tl.pkg)
}

// Require returns a Wine with a fresh prefix for t, or skips t (fails it under
// CI=true) when Wine or mingw-w64 is missing.
func Require(t testing.TB) *Wine {
	t.Helper()
	w := &Wine{}
	var missing []string
	for _, x := range []struct {
		dst *string
		tl  tool
	}{{&w.Loader, loaderTool}, {&w.Server, serverTool}, {&w.mingwCC, mingwTool}} {
		p, err := x.tl.find()
		if err != nil {
			missing = append(missing, err.Error())
		}
		*x.dst = p
	}
	if len(missing) > 0 {
		msg := strings.Join(missing, "; ")
		if os.Getenv("CI") == "true" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	w.scratchDir = t.TempDir()
	template, err := templatePrefix(w)
	if err != nil {
		t.Fatal(err)
	}
	w.Prefix = filepath.Join(w.scratchDir, "prefix")
	if err := copyPrefix(template, w.Prefix); err != nil {
		t.Fatalf("copying the Wine prefix: %v", err)
	}
	t.Cleanup(func() {
		// Stop this prefix's wineserver so no process outlives the test.
		cmd := exec.Command(w.Server, "-k")
		cmd.Env = w.env()
		cmd.Run()
	})
	return w
}

func (w *Wine) env() []string {
	return append(programEnv(), "WINEPREFIX="+w.Prefix, "WINEDEBUG=-all", "WINEDLLOVERRIDES=mscoree,mshtml=")
}

// programEnv is this process's environment without the garbage collector's
// settings (GOGC, GOMEMLIMIT), which Wine would pass on to the Go programs it
// runs: .ci/run sets them for the go command, the compiler, vet and the
// test processes, while the programs under Wine, whose tests measure the
// memory they commit, run with Go's defaults, as on Windows.
func programEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "GOGC=") && !strings.HasPrefix(kv, "GOMEMLIMIT=") {
			env = append(env, kv)
		}
	}
	return env
}

var (
	templateOnce sync.Once
	templateDir  string
	templateErr  error
)

// templatePrefix makes, once per test process, an initialised Wine prefix that
// Go programs can run in. It lives in the user's cache directory, keyed by the
// Wine version, so that later runs only copy it (about 1 s instead of 10 s).
func templatePrefix(w *Wine) (string, error) {
	templateOnce.Do(func() {
		templateDir, templateErr = makeTemplate(w)
	})
	return templateDir, templateErr
}

func makeTemplate(w *Wine) (string, error) {
	version, err := exec.Command(w.Loader, "--version").Output()
	if err != nil {
		return "", fmt.Errorf("%s --version: %v", w.Loader, err)
	}
	cache, err := os.UserCacheDir()
	if err != nil {
		cache = os.TempDir()
	}
	key := strings.Map(func(r rune) rune {
		if r == '.' || r == '-' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' {
			return r
		}
		return '_'
	}, strings.TrimSpace(string(version)))
	dir := filepath.Join(cache, "comgen", "wineprefix-"+key+"-"+prngVersion)
	if _, err := os.Stat(filepath.Join(dir, "drive_c", "windows", "system32", "bcryptprimitives.dll")); err == nil {
		return dir, nil
	}
	if err := os.MkdirAll(filepath.Dir(dir), 0o755); err != nil {
		return "", err
	}
	tmp, err := os.MkdirTemp(filepath.Dir(dir), "new-prefix-")
	if err != nil {
		return "", err
	}
	defer os.RemoveAll(tmp)
	prefix := filepath.Join(tmp, "prefix")
	env := append(programEnv(), "WINEPREFIX="+prefix, "WINEDEBUG=-all", "WINEDLLOVERRIDES=mscoree,mshtml=")
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	boot := exec.CommandContext(ctx, w.Loader, "wineboot", "--init")
	boot.Env = env
	if out, err := boot.CombinedOutput(); err != nil {
		return "", fmt.Errorf("wineboot --init: %v\n%s", err, out)
	}
	wait := exec.CommandContext(ctx, w.Server, "-w")
	wait.Env = env
	if out, err := wait.CombinedOutput(); err != nil {
		return "", fmt.Errorf("wineserver -w: %v\n%s", err, out)
	}
	dll := filepath.Join(prefix, "drive_c", "windows", "system32", "bcryptprimitives.dll")
	if err := buildPRNG(ctx, w.mingwCC, tmp, dll); err != nil {
		return "", err
	}
	if err := os.Rename(prefix, dir); err != nil {
		if _, statErr := os.Stat(dir); statErr == nil {
			return dir, nil // another test process made it first
		}
		return "", err
	}
	return dir, nil
}

// sharedExt are the extensions of the files of a prefix that Wine only
// loads: the PE modules and data files wineboot installed under drive_c
// (630 of the prefix's 690 MB). copyPrefix links them instead of copying.
var sharedExt = map[string]bool{
	".dll": true, ".exe": true, ".nls": true, ".sys": true, ".drv": true, ".ocx": true, ".cpl": true,
	".acm": true, ".tlb": true, ".msstyles": true, ".ds": true, ".com": true, ".ax": true,
}

// copyPrefix makes dst a prefix of its own with the contents of the template
// prefix src, as cp -a would, but for the files Wine only loads (sharedExt,
// under drive_c), which it hard-links where it can: a test's programs and
// its wineserver write the registry files, the directories and their own
// files, never a module wineboot installed. Copying all of it was 0.7 GB
// and about a second of CPU time per test.
func copyPrefix(src, dst string) error {
	return filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, p)
		if err != nil {
			return err
		}
		to := filepath.Join(dst, rel)
		info, err := d.Info()
		if err != nil {
			return err
		}
		switch {
		case d.IsDir():
			return os.Mkdir(to, info.Mode().Perm())
		case d.Type()&fs.ModeSymlink != 0:
			target, err := os.Readlink(p)
			if err != nil {
				return err
			}
			return os.Symlink(target, to)
		case !d.Type().IsRegular():
			return fmt.Errorf("%s: not a regular file, directory or symbolic link", p)
		}
		if strings.HasPrefix(rel, "drive_c"+string(filepath.Separator)) && sharedExt[strings.ToLower(filepath.Ext(p))] {
			if os.Link(p, to) == nil {
				return nil
			}
			// Another file system: copy.
		}
		return copyFile(p, to, info)
	})
}

// copyFile copies the regular file src, whose FileInfo is info, to dst with
// its mode and modification time.
func copyFile(src, dst string, info fs.FileInfo) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, info.Mode().Perm())
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	if err := out.Close(); err != nil {
		return err
	}
	return os.Chtimes(dst, info.ModTime(), info.ModTime())
}

// BuildDLL compiles the C source src into the DLL dst with mingw-w64.
func (w *Wine) BuildDLL(ctx context.Context, src, dst string) error {
	return buildDLL(ctx, w.mingwCC, dst, src)
}

// buildDLL runs the mingw-w64 compiler cc to link the DLL dst from args
// (sources, a .def file, libraries).
func buildDLL(ctx context.Context, cc, dst string, args ...string) error {
	out, err := exec.CommandContext(ctx, cc, append([]string{"-shared", "-O2", "-o", dst}, args...)...).CombinedOutput()
	if err != nil {
		return fmt.Errorf("building %s: %v\n%s", filepath.Base(dst), err, out)
	}
	return nil
}

// Result is the output of a program run under Wine.
type Result struct {
	Stdout, Stderr string
	Err            error // from exec: a non-zero exit or a timeout
	// KilledAfterPass: the program printed its final PASS and was killed
	// while exiting (see killedAfterPass); Err is nil.
	KilledAfterPass bool
}

// running lets one Wine program run at a time in a test process: tests
// that run in parallel build their programs side by side, but each program
// runs alone, as when the tests ran one after another (a test that measures
// memory or time under Wine sees no other Wine program beside it).
var running sync.Mutex

// Run runs the Windows program exe with args under Wine and returns its
// output, waiting first until no other program of this process runs under
// Wine (ctx bounds the wait too). Do not rely on the exit status alone:
// wine64 exits 0 without output for programs it cannot load (a 386 binary,
// for one).
func (w *Wine) Run(ctx context.Context, exe string, args ...string) Result {
	running.Lock()
	defer running.Unlock()
	if err := ctx.Err(); err != nil {
		return Result{Err: fmt.Errorf("waiting to run %s under Wine: %w", filepath.Base(exe), err)}
	}
	cmd := exec.CommandContext(ctx, w.Loader, append([]string{exe}, args...)...)
	cmd.Env = w.env()
	cmd.Dir = filepath.Dir(exe)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	res := Result{Stdout: stdout.String(), Stderr: stderr.String(), Err: err}
	if ctx.Err() == nil && killedAfterPass(err, res.Stdout) {
		res.Err, res.KilledAfterPass = nil, true
	}
	return res
}

// killedAfterPass reports whether err is the exit of a Go test program that
// printed its final PASS and was then killed with SIGKILL. wineserver does
// that to a process whose Windows threads have all ended (os.Exit(0) after
// PASS) but whose Unix process has not gone within a second (its exit
// timer, start_sigkill_timer in server/process.c): on a loaded machine, with
// CI's nice, a run whose every test passed failed with "signal: killed".
// A program still running tests, or one that failed (FAIL, not PASS, is its
// last line), is not taken for one that exited.
func killedAfterPass(err error, stdout string) bool {
	var exit *exec.ExitError
	if !errors.As(err, &exit) {
		return false
	}
	ws, ok := exit.Sys().(syscall.WaitStatus)
	if !ok || !ws.Signaled() || ws.Signal() != syscall.SIGKILL {
		return false
	}
	lines := strings.Split(strings.TrimRight(stdout, "\r\n"), "\n")
	return strings.TrimRight(lines[len(lines)-1], "\r") == "PASS"
}
