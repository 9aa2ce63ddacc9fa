package gen

import (
	"bytes"
	"fmt"
	"go/build"
	"io"
	"io/fs"
	"strings"

	"github.com/comgen/comgen/templates"
)

// File names. Every file name of a generated package is decided here, once:
// the fixed files (the templates', generated_test.go, ...) have their names,
// and each set of declaration files (one per -split group: base.go,
// base_windows.go, base_server_windows.go, and for the package's first
// group base_386.go and base_layout.go) takes a base that
//   - the go tool reads: go/build ignores files whose name starts with _ or
//     . (an interface _Connection, an input _foo.idl), and reads a name
//     ending in _GOOS, _GOARCH, _GOOS_GOARCH or _test as a build constraint
//     or a test (x_plan9.idl, x_arm64.idl, x_test.idl): such a base gets
//     "_decls" appended, so that nothing follows the name but what comgen
//     means; go/build's own MatchFile decides, not a list of ours;
//   - is unique: none of its files is a fixed file's or another group's
//     (variant.idl would write variant_windows.go, the runtime's): "_decls"
//     is appended, then a number, until they are free.

// fixedFiles are the names of the files a package may carry besides its
// declaration files, whether or not this one does.
var fixedFiles = func() map[string]bool {
	m := map[string]bool{"hresult_names.go": true, WinerrorFile: true, TestFile: true, "server_stubs_windows.go": true}
	for _, arch := range []string{"amd64", "arm64", "386"} {
		m[floatStubsBase+"_windows_"+arch+".go"] = true
		m[floatStubsBase+"_windows_"+arch+".s"] = true
	}
	names, _ := fs.Glob(templates.FS, "*.tmpl")
	for _, n := range names {
		m[strings.TrimSuffix(n, ".tmpl")] = true
	}
	return m
}()

// groupSuffixes are the files of one group of declarations.
var groupSuffixes = []string{".go", "_windows.go", "_server_windows.go", "_automation_windows.go", "_386.go", "_layout.go"}

// fileNamer hands out file name bases (see above).
type fileNamer struct {
	taken map[string]bool // file names
	bases map[string]string
}

func newFileNamer() *fileNamer {
	taken := map[string]bool{}
	for n := range fixedFiles {
		taken[n] = true
	}
	return &fileNamer{taken: taken, bases: map[string]string{}}
}

// base returns the file name base for the group named want (an IDL file's
// or an interface's name), the same for the same want.
func (n *fileNamer) base(want string) string {
	if b, ok := n.bases[want]; ok {
		return b
	}
	s := sanitizeBase(want)
	b := s
	for i := 1; !n.free(b); i++ {
		b = s + "_decls"
		if i > 1 {
			b += fmt.Sprint(i)
		}
	}
	for _, s := range groupSuffixes {
		n.taken[b+s] = true
	}
	n.bases[want] = b
	return b
}

// free reports whether b is a base the go tool reads as meant and whose
// files are not taken.
func (n *fileNamer) free(b string) bool {
	if !plainGoName(b + ".go") {
		return false
	}
	for _, s := range groupSuffixes {
		if n.taken[b+s] {
			return false
		}
	}
	return true
}

// sanitizeBase makes s a file name base of lower-case letters, digits and
// underscores that does not start with an underscore.
func sanitizeBase(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
		} else {
			b.WriteRune('_')
		}
	}
	out := strings.TrimLeft(b.String(), "_")
	if out == "" {
		out = "decls"
	}
	return out
}

// plainGoName reports whether go/build reads the Go file name as a file of
// every target that is no test: it is not ignored (_x.go, .x.go), and it
// matches both windows/amd64 and linux/arm64 (a name constraint for an OS,
// an architecture or both fails one of two targets that share neither).
func plainGoName(name string) bool {
	if strings.HasSuffix(name, "_test.go") {
		return false
	}
	for _, t := range [][2]string{{"windows", "amd64"}, {"linux", "arm64"}} {
		ctx := build.Default
		ctx.GOOS, ctx.GOARCH, ctx.CgoEnabled = t[0], t[1], false
		ctx.BuildTags, ctx.ToolTags = nil, nil
		ctx.OpenFile = func(string) (io.ReadCloser, error) {
			return io.NopCloser(bytes.NewReader([]byte("package p\n"))), nil
		}
		if ok, err := ctx.MatchFile(".", name); err != nil || !ok {
			return false
		}
	}
	return true
}
