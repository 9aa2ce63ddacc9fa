package gen_test

import (
	"regexp"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/comgen/comgen/gen"
	"github.com/comgen/comgen/idl"
)

// TestHostileNames: IDL names beside the package's own and each other's
// give Go that builds or a clear error naming both declarations. Before,
// const HRESULT E_INVALIDARG = 0x80070057 (winerror's own value) made the
// runtime's `return E_INVALIDARG` an untyped int, struct fields a and A
// were both A, parameters hr and hr_ both hr_, an unnamed parameter beside
// one named p0 both p0: packages that did not build, with exit 0.
func TestHostileNames(t *testing.T) {
	t.Parallel()
	spaces := regexp.MustCompile(` +`)
	files := generateIDL(t, `import "unknwn.idl";
const HRESULT E_INVALIDARG = 0x80070057;
const HRESULT MY_E_FAIL = 0x80004005;
typedef struct { int a; } error;
typedef struct { int s; } time;
const int len = 3;
typedef enum { false, true } TRUTH;
typedef struct { int a; int A; int A_; int anon3; int; } FIELDS;
[object, uuid(11111111-2222-3333-4444-55555555555c)]
interface IHostile : IUnknown {
    HRESULT Hr([in] long hr, [in] long hr_);
    HRESULT P0([in] long, [in] long p0);
    HRESULT Out([out] long *p1, [out] long *);
    HRESULT Derived([in] long _a, [in] long a, [in] double aBits, [in] double aLo, [in] long impl, [in] long impl_);
    HRESULT Go([in] error *e, [in] time t, [in] TRUTH b, [in] FIELDS f);
}
`)
	for _, want := range []string{"const E_INVALIDARG HRESULT = 0x80070057", "const MY_E_FAIL HRESULT = 0x80004005",
		"\tA int32\n\tA_ int32\n\tA__ int32\n", "func (v *IHostile) Hr(hr_ int32, hr__ int32)", "func (v *IHostile) P0(p0 int32, p0_ int32)",
		"func (v *IHostile) Out() (p1 int32, p1_ int32,"} {
		found := false
		for _, src := range files {
			found = found || strings.Contains(spaces.ReplaceAllString(src, " "), want) // gofmt's alignment aside
		}
		if !found {
			t.Errorf("no %q in the generated files", want)
		}
	}
	typeCheck(t, files)

	for _, tc := range []struct{ src, want string }{
		{"HRESULT foo(); HRESULT Foo();", "Go name IX.Foo: method foo of IX (test.idl:2) and method Foo of IX (test.idl:2)"},
		{"HRESULT IUnknown();", "Go name IX.IUnknown: the base interface IUnknown that IX embeds and method IUnknown of IX (test.idl:2)"},
		{"HRESULT IUnknownVtbl();", "Go name IXVtbl.IUnknownVtbl: the base vtable IUnknownVtbl that IXVtbl embeds and method IUnknownVtbl of IX (test.idl:2)"},
	} {
		src := "import \"unknwn.idl\";\n[object, uuid(11111111-2222-3333-4444-55555555555d)] interface IX : IUnknown { " + tc.src + " }\n"
		prog, err := idl.LoadFS(idl.Config{Dirs: []idl.Dir{idl.Builtin}}, idl.Dir{FS: fstest.MapFS{"test.idl": {Data: []byte(src)}}}, "test.idl")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := gen.Generate(prog, gen.Options{Package: "x", Inputs: []string{"test.idl"}, TypeCheck: true}); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v\nwant %q", tc.src, err, tc.want)
		}
	}
}
