package gen_test

import (
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/comgen/comgen/gen"
	"github.com/comgen/comgen/idl"
	"github.com/comgen/comgen/idl/idltest"
)

// TestOptionalErrors: an -optional entry that names no interface, method
// or parameter, or a parameter that cannot be NULL, is an error saying which.
func TestOptionalErrors(t *testing.T) {
	src := `import "unknwn.idl";
[object, uuid(5b0e7c2a-91d4-4f3b-8a62-0c7e4d19a8f4)]
interface IHost : IUnknown { HRESULT Parse([in] LPCWSTR code, [in] LPCWSTR item, [in] DWORD flags); }
`
	prog, err := idl.LoadFS(idl.Config{Dirs: []idl.Dir{idl.Builtin}}, idl.Dir{FS: fstest.MapFS{"test.idl": {Data: []byte(src)}}}, "test.idl")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ spec, want string }{
		{"IHost.Parse", `-optional "IHost.Parse": expected Interface.Method.Parameter`},
		{"INope.Parse.item", `-optional "INope.Parse.item": no interface INope`},
		{"IHost.Pars.item", `-optional "IHost.Pars.item": interface IHost has no method Pars`},
		{"IHost.Parse.name", `-optional "IHost.Parse.name": method IHost.Parse has no parameter name`},
		{"IHost.Parse.flags", `-optional "IHost.Parse.flags": parameter flags of IHost::Parse (test.idl:3) is not a pointer`},
		{"IHost.Parse.[", `bad pattern`},
	} {
		_, err := gen.Generate(prog, gen.Options{Package: "x", Inputs: []string{"test.idl"}, Optional: []string{c.spec}})
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("-optional %s: error = %v, want %q", c.spec, err, c.want)
		}
	}
	files, err := gen.Generate(prog, gen.Options{Package: "x", Inputs: []string{"test.idl"}, Optional: []string{"IH*.Parse.it*"}, TypeCheck: true})
	if err != nil {
		t.Fatal(err)
	}
	if src := fileSrc(files, "test_windows.go"); !strings.Contains(src, "Parse(code string, item *string, flags uint32)") {
		t.Errorf("IHost.Parse with an optional item:\n%s", src)
	}
}

func fileSrc(files []gen.File, name string) string {
	for _, f := range files {
		if f.Name == name {
			return string(f.Src)
		}
	}
	return ""
}

// TestSelectionAgainstWine: -interfaces keeps what the named interfaces
// reach. The expected sets are read from Wine's IDL by hand: objidl.idl's
// IStream derives from ISequentialStream (from IUnknown) and its methods
// mention only IStream itself and structures (STATSTG, ULARGE_INTEGER...);
// mlang.idl's coclass CMultiLanguage answers IMultiLanguage2 without
// listing it, and CMLangConvertCharset's default IMLangConvertCharset is
// what IMultiLanguage2.CreateConvertCharset returns.
func TestSelectionAgainstWine(t *testing.T) {
	t.Parallel()
	idltest.Require(t, idltest.WineIDLDir, "libwine-dev")
	cfg := idl.Config{Dirs: []idl.Dir{idl.OSDir(idltest.WineIDLDir)}}
	ifaceRE := regexp.MustCompile(`(?m)^var IID_(\w+) = `)
	for _, c := range []struct {
		file, iface string
		ifaces      []string
		has, hasNot []string
	}{
		{"objidl.idl", "IStream", []string{"ISequentialStream", "IStream", "IUnknown"}, nil, []string{"IID_IMoniker", "IID_IStorage"}},
		{"mlang.idl", "IMultiLanguage2", nil, []string{"CLSID_CMultiLanguage", "func NewCMLangConvertCharset("}, []string{"func NewCMultiLanguage("}},
	} {
		prog, err := idl.Load(cfg, filepath.Join(idltest.WineIDLDir, c.file))
		if err != nil {
			t.Fatal(err)
		}
		files, err := gen.Generate(prog, gen.Options{Package: "x", Inputs: []string{c.file}, Interfaces: []string{c.iface}, TypeCheck: true})
		if err != nil {
			t.Fatalf("%s -interfaces %s: %v", c.file, c.iface, err)
		}
		var all strings.Builder
		var got []string
		for _, f := range files {
			all.Write(f.Src)
			for _, m := range ifaceRE.FindAllStringSubmatch(string(f.Src), -1) {
				got = append(got, m[1])
			}
		}
		slices.Sort(got)
		if c.ifaces != nil && !slices.Equal(got, c.ifaces) {
			t.Errorf("%s -interfaces %s: interfaces %v, want %v", c.file, c.iface, got, c.ifaces)
		}
		for _, s := range c.has {
			if !strings.Contains(all.String(), s) {
				t.Errorf("%s -interfaces %s: no %s", c.file, c.iface, s)
			}
		}
		for _, s := range c.hasNot {
			if strings.Contains(all.String(), s) {
				t.Errorf("%s -interfaces %s: %s is there", c.file, c.iface, s)
			}
		}
	}
}
