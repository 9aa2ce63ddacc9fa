package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/comgen/comgen/internal/testenv"
	"golang.org/x/mod/modfile"
	"golang.org/x/mod/module"
	"golang.org/x/mod/zip"
)

// TestREADMESetUp runs the README's set-up lines, in the order written, in a
// fresh module whose own code imports the package comgen will generate and
// golang.org/x/sys/windows before it exists:
//
//	go get -tool github.com/comgen/comgen/cmd/comgen
//	go generate ./... && go mod tidy
//
// then builds it for windows. The module declares the lowest Go version
// comgen supports (the go line of comgen's own go.mod), and keeps it: adding
// the tool and tidying must not raise its go line or add a toolchain line,
// and the generated package must build and vet (stdversion: no standard
// library API newer than that line) there. comgen is served as a published module by a
// file proxy made from this checkout; every other module comes from the
// local module cache (as a second file proxy), into a throwaway module cache,
// so the test needs no network and leaves nothing in the user's caches.
func TestREADMESetUp(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("builds a module")
	}
	if _, err := exec.LookPath("sh"); err != nil {
		t.Skip("runs the README's lines with sh, which is not installed")
	}
	repo, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("go", "env", "GOMODCACHE").Output()
	if err != nil {
		t.Fatal(err)
	}
	localCache := filepath.Join(strings.TrimSpace(string(out)), "cache", "download")
	tmp := t.TempDir()

	// The file proxy: github.com/comgen/comgen at v0.0.1, this checkout.
	const version = "v0.0.1"
	mv := module.Version{Path: "github.com/comgen/comgen", Version: version}
	at := filepath.Join(tmp, "proxy", "github.com", "comgen", "comgen", "@v")
	if err := os.MkdirAll(at, 0o755); err != nil {
		t.Fatal(err)
	}
	zf, err := os.Create(filepath.Join(at, version+".zip"))
	if err != nil {
		t.Fatal(err)
	}
	if err := zip.CreateFromDir(zf, mv, repo); err != nil { // the working tree, as the other tests see it
		t.Fatal(err)
	}
	zf.Close()
	gomod, err := os.ReadFile(filepath.Join(repo, "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	info, _ := json.Marshal(map[string]string{"Version": version, "Time": "2026-01-01T00:00:00Z"})
	for name, data := range map[string][]byte{"list": []byte(version + "\n"), version + ".info": info, version + ".mod": gomod} {
		if err := os.WriteFile(filepath.Join(at, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}

	goVersion := testenv.GoVersion(t)
	// The user's module: the go:generate line of the README and code that
	// uses what it will generate.
	dir := filepath.Join(tmp, "user")
	files := map[string]string{
		"go.mod": "module example.com/user\n\ngo " + goVersion + "\n",
		// The file with the go:generate line uses what it will generate
		// before it is there; a windows file uses x/sys as well.
		// (The directive is split so that go generate in this repository
		// does not read it as one of this file's.)
		"generate.go": `package main

//go:` + `generate go tool comgen -o wmi -pkg wmi

import "example.com/user/wmi"

// notFound is a name from the generated package that builds on every OS.
var notFound = wmi.WBEM_E_NOT_FOUND
`,
		"main_windows.go": `package main

import (
	"fmt"

	"example.com/user/wmi"
	"golang.org/x/sys/windows"
)

func main() {
	err := wmi.WithCOM(func() error {
		loc, err := wmi.NewWbemLocator()
		if err != nil {
			return err
		}
		defer loc.Release()
		return nil
	})
	fmt.Println(err, notFound, windows.GetCurrentProcessId())
}
`,
		"main_other.go": "//go:build !windows\n\npackage main\n\nfunc main() { _ = notFound }\n",
	}
	for name, src := range files {
		if err := os.MkdirAll(filepath.Join(dir, filepath.Dir(name)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	env := []string{
		"GOPROXY=file://" + filepath.ToSlash(filepath.Join(tmp, "proxy")) + ",file://" + filepath.ToSlash(localCache) + ",off",
		"GOSUMDB=off", "GOFLAGS=-modcacherw", "GOMODCACHE=" + filepath.Join(tmp, "modcache"),
		"GOTOOLCHAIN=local", "GOWORK=off",
	}
	run := func(extra []string, line string) string {
		t.Helper()
		cmd := exec.Command("sh", "-c", line)
		cmd.Dir = dir
		cmd.Env = append(append(os.Environ(), env...), extra...)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("%s: %v\n%s", line, err, out)
		}
		return string(out)
	}
	// The README's lines, as written.
	run(nil, "go get -tool github.com/comgen/comgen/cmd/comgen")
	keepsGoLine(t, filepath.Join(dir, "go.mod"), goVersion)
	run(nil, "go generate ./... && go mod tidy")
	keepsGoLine(t, filepath.Join(dir, "go.mod"), goVersion)
	for _, arch := range []string{"amd64", "386", "arm64"} {
		run([]string{"GOOS=windows", "GOARCH=" + arch}, "go vet ./... && go build ./...")
	}
	run(nil, "go tool comgen -check -o wmi -pkg wmi")
	// The published version is comgen's version, in -version and in the
	// generated files.
	if out := run(nil, "go tool comgen -version"); out != "comgen "+version+"\n" {
		t.Errorf("go tool comgen -version printed %q, want %q", out, "comgen "+version+"\n")
	}
	src, err := os.ReadFile(filepath.Join(dir, "wmi", "wbemcli.go"))
	if err != nil {
		t.Fatal(err)
	}
	if want := "DO NOT EDIT.\n// versions: comgen " + version + "\n"; !strings.Contains(string(src), want) {
		t.Errorf("wmi/wbemcli.go does not start with the versions line %q:\n%s", want, src[:min(len(src), 200)])
	}
}

// keepsGoLine fails the test unless the go.mod at path still declares go
// version want and no toolchain: what a user who adds comgen keeps.
func keepsGoLine(t *testing.T, path, want string) {
	t.Helper()
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	mf, err := modfile.ParseLax(path, src, nil)
	if err != nil {
		t.Fatal(err)
	}
	if mf.Go == nil || mf.Go.Version != want || mf.Toolchain != nil {
		t.Fatalf("the user's go.mod no longer declares go %s alone:\n%s", want, src)
	}
}

// TestREADMEGoVersion: the Go version the README and the package
// documentation promise users is the go line of go.mod, which
// TestREADMESetUp gives the user's module; raising it (a dependency that
// needs a newer Go) must change the promise too.
func TestREADMEGoVersion(t *testing.T) {
	goVersion := testenv.GoVersion(t)
	release := strings.Join(strings.SplitN(goVersion, ".", 3)[:2], ".") // 1.24.0 -> 1.24
	for file, want := range map[string]string{
		"README.md":         "comgen's `go.mod` declares `go " + goVersion + "`",
		"cmd/comgen/doc.go": "comgen and the code it generates need Go " + release + " or later",
	} {
		src, err := os.ReadFile(filepath.Join(testenv.RepoRoot(t), file))
		if err != nil {
			t.Fatal(err)
		}
		text := strings.Join(strings.Fields(strings.ReplaceAll(string(src), "\n//", "\n")), " ")
		if !strings.Contains(text, want) {
			t.Errorf("%s does not say %q (go.mod's go line is %s)", file, want, goVersion)
		}
	}
}
