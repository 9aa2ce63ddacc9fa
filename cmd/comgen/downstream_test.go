package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/comgen/comgen/idl/idltest"
	"github.com/comgen/comgen/internal/testenv"
)

// The tests that build modules with the go command call t.Parallel: go test
// runs two at a time (-parallel is GOMAXPROCS), so that the single-threaded
// steps of one (go mod tidy, go generate, compiling one large package) leave
// the other core to the other.

// TestDownstreamModule uses comgen the way its users do: a fresh module
// outside this repository with comgen as a tool (a replace points at this
// checkout), one //go:generate go tool comgen line, go generate, then go vet
// and go build for windows and comgen -check, as a CI job there would.
func TestDownstreamModule(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("builds a module")
	}
	const ifaceIDL = `
[object, uuid(7c1e0f4a-3b2d-4e59-9a61-0d2c8e5f4b%02d)]
interface %s : %s
{
    HRESULT %s([in] long x, [out] BSTR *text);
}
`
	cases := []struct {
		name  string
		gen   string            // the go:generate arguments after the command
		files map[string]string // extra files of the module
		want  string            // a declaration the generated package must have
	}{
		{"embedded default", "-o wmi -pkg wmi", nil, "func NewWbemLocator()"},
		{"SDK-style directory", "-I idl -o thing -pkg thing idl/derived.idl", map[string]string{
			"idl/base.idl":    "import \"unknwn.idl\";\n" + fmtIDL(ifaceIDL, 1, "IBase", "IUnknown", "Base"),
			"idl/derived.idl": "import \"base.idl\";\nimport \"oaidl.idl\";\n" + fmtIDL(ifaceIDL, 2, "IDerived", "IBase", "Derived"),
		}, "func (v *IDerived) Derived(x int32)"},
		{"own IDL on wbemcli", "-o mine -pkg mine mine.idl", map[string]string{
			"mine.idl": "import \"unknwn.idl\";\nimport \"wbemcli.idl\";\n" + fmtIDL(ifaceIDL, 3, "IMySink", "IWbemObjectSink", "Extra"),
		}, "type IMySinkImpl interface"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			dir, write, goCmd := userModule(t)
			write("generate.go", "package user\n\n//go:generate go tool comgen "+c.gen+"\n")
			for name, src := range c.files {
				write(name, src)
			}
			goCmd(nil, "mod", "tidy")
			goCmd(nil, "generate", "./...")
			goCmd(nil, "mod", "tidy") // the generated code imports golang.org/x/sys/windows
			keepsGoLine(t, filepath.Join(dir, "go.mod"), testenv.GoVersion(t))
			for _, arch := range []string{"amd64", "386"} {
				env := []string{"GOOS=windows", "GOARCH=" + arch}
				goCmd(env, "vet", "./...")
				goCmd(env, "build", "./...")
			}
			goCmd(nil, append([]string{"tool", "comgen", "-check"}, strings.Fields(c.gen)...)...)
			found := false
			filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
				if err == nil && !d.IsDir() && strings.HasSuffix(p, ".go") {
					src, _ := os.ReadFile(p)
					found = found || strings.Contains(string(src), c.want)
				}
				return nil
			})
			if !found {
				t.Errorf("no generated file declares %q", c.want)
			}
		})
	}
}

// TestDownstreamComposedPackages generates, in a fresh module and with go
// generate, a shared runtime package and four packages that use it and each
// other: Wine's objidl.idl, oaidl.idl (objidl mapped) and shobjidl.idl
// (objidl and oaidl mapped), and the embedded wbemcli.idl. A file of the
// module uses them together (one IUnknown, one HRESULT); everything vets and
// builds for windows amd64, 386 and arm64, -check agrees, and only the
// runtime package declares the COM base types.
func TestDownstreamComposedPackages(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("builds a module")
	}
	idltest.Require(t, idltest.WineIDLDir, "libwine-dev")
	dir, write, goCmd := userModule(t)
	wine := filepath.ToSlash(idltest.WineIDLDir)
	const rt = "-runtime example.com/user/com"
	const mObjidl = " -M objidl.idl=example.com/user/objidl"
	const mOaidl = " -M oaidl.idl=example.com/user/oaidl"
	lines := []string{
		"-write-runtime -o com",
		rt + " -I " + wine + " -o objidl " + wine + "/objidl.idl",
		rt + mObjidl + " -I " + wine + " -o oaidl " + wine + "/oaidl.idl",
		rt + mObjidl + mOaidl + " -I " + wine + " -o shobjidl " + wine + "/shobjidl.idl",
		rt + mObjidl + mOaidl + " -o wmi -pkg wmi",
	}
	var gen strings.Builder
	gen.WriteString("package user\n\n")
	for _, l := range lines {
		gen.WriteString("//go:" + "generate go tool comgen " + l + "\n")
	}
	write("generate.go", gen.String())
	goCmd(nil, "mod", "tidy")
	goCmd(nil, "generate", "./...")
	// Code that compiles only when the packages share the runtime's types.
	write("use_windows.go", `package user

import (
	"errors"

	"example.com/user/com"
	"example.com/user/objidl"
	"example.com/user/oaidl"
	"example.com/user/shobjidl"
	"example.com/user/wmi"
)

// Unknowns returns the IUnknown of interfaces of four packages.
func Unknowns(s *objidl.IStream, d *oaidl.IDispatch, l *shobjidl.IShellLinkW, w *wmi.IWbemServices) []*com.IUnknown {
	return []*com.IUnknown{&s.IUnknown, &d.IUnknown, &l.IUnknown, &w.IUnknown}
}

// Save passes objidl's IStream to a shobjidl interface's objidl base method.
func Save(l *shobjidl.IShellLinkW, s *objidl.IStream) error {
	ps, err := com.As[objidl.IPersistStream](l)
	if err != nil {
		return err
	}
	defer ps.Release()
	_, err = ps.Save(s, 1)
	if errors.Is(err, wmi.WBEM_E_NOT_FOUND) || errors.Is(err, com.E_FAIL) {
		return nil
	}
	return err
}

// Enumerators are untyped: WMI's flags and WBEM_INFINITE pass to LONG
// parameters, a flags enum's high bit to its DWORD typedef (SICHINTF,
// FILEOPENDIALOGOPTIONS), a CIM_ value to a CIMTYPE, all without conversions.
func Flags(svc *wmi.IWbemServices, a, b *shobjidl.IShellItem, d *shobjidl.IFileDialog) error {
	rows, _, err := svc.ExecQuery("WQL", "SELECT Name FROM Win32_Process", wmi.WBEM_FLAG_FORWARD_ONLY|wmi.WBEM_FLAG_RETURN_IMMEDIATELY, nil)
	if err != nil {
		return err
	}
	defer rows.Release()
	objs := make([]*wmi.IWbemClassObject, 1)
	if _, _, err := rows.Next(wmi.WBEM_INFINITE, objs); err != nil {
		return err
	}
	var t wmi.CIMTYPE = wmi.CIM_STRING | wmi.CIM_FLAG_ARRAY
	_ = wmi.CIMTYPE_ENUMERATION(t).String()
	if _, _, err := a.Compare(b, shobjidl.SICHINT_ALLFIELDS|shobjidl.SICHINT_CANONICAL); err != nil {
		return err
	}
	_, err = d.SetOptions(shobjidl.FOS_SUPPORTSTREAMABLEITEMS | shobjidl.FOS_FORCEFILESYSTEM)
	return err
}
`)
	goCmd(nil, "mod", "tidy")
	for _, arch := range []string{"amd64", "386", "arm64"} {
		env := []string{"GOOS=windows", "GOARCH=" + arch}
		goCmd(env, "vet", "./...")
		goCmd(env, "build", "./...")
	}
	goCmd(nil, "vet", "./...") // the non-Windows files of every package
	for _, l := range lines {
		goCmd(nil, append([]string{"tool", "comgen", "-check"}, strings.Fields(l)...)...)
	}
	// The COM base types are declared once, in the runtime package.
	base := regexp.MustCompile(`(?m)^type (HRESULT|GUID|BSTR|VARIANT|IUnknown) `)
	found := map[string][]string{}
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".go") {
			src, _ := os.ReadFile(p)
			for _, m := range base.FindAllStringSubmatch(string(src), -1) {
				rel, _ := filepath.Rel(dir, p)
				found[m[1]] = append(found[m[1]], filepath.ToSlash(rel))
			}
		}
		return nil
	})
	for _, name := range []string{"HRESULT", "GUID", "BSTR", "VARIANT", "IUnknown"} {
		if len(found[name]) != 1 || !strings.HasPrefix(found[name][0], "com/") {
			t.Errorf("type %s is declared in %v, want once, in com/", name, found[name])
		}
	}
}

// userModule makes a fresh module outside this repository as a user's: what
// `go get -tool github.com/comgen/comgen/cmd/comgen` writes, with a replace
// to this checkout instead of a download, declaring the lowest Go version
// comgen supports (its own go line), built by the local toolchain. It returns its directory, a
// function that writes a file into it and one that runs the go command there
// (failing the test on an error).
func userModule(t *testing.T) (dir string, write func(name, src string), goCmd func(env []string, args ...string) string) {
	t.Helper()
	repo, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	dir = t.TempDir()
	write = func(name, src string) {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	goCmd = func(env []string, args ...string) string {
		cmd := exec.Command("go", args...)
		cmd.Dir = dir
		cmd.Env = append(append(os.Environ(), "GOTOOLCHAIN=local"), env...)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("go %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		return string(out)
	}
	write("go.mod", "module example.com/user\n\ngo "+testenv.GoVersion(t)+"\n\ntool github.com/comgen/comgen/cmd/comgen\n\nrequire github.com/comgen/comgen v0.0.0\n\nreplace github.com/comgen/comgen => "+repo+"\n")
	sum, err := os.ReadFile(filepath.Join(repo, "go.sum"))
	if err != nil {
		t.Fatal(err)
	}
	write("go.sum", string(sum))
	return dir, write, goCmd
}

func fmtIDL(format string, n int, name, base, method string) string {
	return fmt.Sprintf(format, n, name, base, method)
}
