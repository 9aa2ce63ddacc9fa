package gen_test

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/comgen/comgen/gen"
	"github.com/comgen/comgen/idl"
)

// loweringIDL has the C constructs whose Go form follows from the Windows
// ABI rather than from taste: structures returned through a hidden pointer,
// C array parameters passed by address, void* buffers counted in bytes.
const loweringIDL = `
import "unknwn.idl";

typedef struct { float x, y; } PT;
typedef void OPAQUE;

enum { E_ANON_FAIL = 0x80041234, S_ANON_OK = 1 };
enum { PLAIN_A = 1, PLAIN_B = 0x200 };

[object, uuid(11111111-2222-3333-4444-555555555558)]
interface ILower : IUnknown
{
    PT GetPoint(void);
    HRESULT SetColor([in] const float color[4]);
    HRESULT GetDigest([out] BYTE digest[16]);
    HRESULT Read([out, size_is(cb)] void *pv, [in] ULONG cb, [out] ULONG *read);
    HRESULT Write([in, size_is(cb)] const void *pv, [in] ULONG cb);
    HRESULT Fill([out] OPAQUE *buffer);
    HRESULT Code([in, size_is(n)] LPCOLESTR text, [in] ULONG n);
}
`

func TestLowering(t *testing.T) {
	t.Parallel()
	files := generateIDL(t, loweringIDL)
	types, methods, server := files["test.go"], files["test_windows.go"], files["test_server_windows.go"]
	for _, want := range []struct{ file, text, why string }{
		{methods, "func (v *ILower) GetPoint() (ret PT)", "a struct result is returned"},
		{methods, "comCall2(v.vtable().GetPoint, uintptr(unsafe.Pointer(v)), uintptr(unsafe.Pointer(&ret)))", "through a hidden pointer after this"},
		{methods, "func (v *ILower) SetColor(color *[4]float32)", "a C array parameter is a pointer to a Go array"},
		{methods, "func (v *ILower) GetDigest() (digest [16]byte, hr HRESULT, err error)", "a fixed [out] array is a result"},
		{methods, "func (v *ILower) Read(pv []byte) (read uint32, hr HRESULT, err error)", "a size_is void* is a byte slice"},
		{methods, "uintptr(uint32(len(pv)))", "its count is the byte length"},
		{methods, "func (v *ILower) Write(pv []byte) (hr HRESULT, err error)", "also for [in]"},
		{methods, "func (v *ILower) Fill(buffer unsafe.Pointer)", "[out] of a type without a layout is caller memory"},
		{methods, "func (v *ILower) Code(text []uint16)", "a counted string is a []uint16"},
		{types, "E_ANON_FAIL HRESULT = 0x80041234", "an unnamed HRESULT enum gives HRESULT constants"},
		{types, "PLAIN_B = 0x200", "an unnamed enum gives constants"},
		{types, "Read(pv []byte, read *uint32) HRESULT", "the Go implementation sees the byte slice too"},
		{server, "_pv = unsafe.Slice((*byte)(pv), cb)", "built from the void pointer"},
		{server, "func serveILowerGetPoint(this *serverObject, hiddenResult *PT) (ret uintptr)", "a Go object receives the hidden result pointer after this"},
		{server, "*hiddenResult = impl.GetPoint()\n\treturn uintptr(unsafe.Pointer(hiddenResult))", "writes the result there and returns the pointer"},
	} {
		if !strings.Contains(want.file, want.text) {
			t.Errorf("%s: missing %q", want.why, want.text)
		}
	}
	typeCheck(t, files)
}

// TestNameCollisions: IDL names Go cannot keep apart give one clear error
// naming both declarations, not a package that does not compile.
func TestNameCollisions(t *testing.T) {
	src := "import \"unknwn.idl\";\ntypedef enum { WithCOM = 1, Other = 2 } CHOICE;\n"
	fsys := fstest.MapFS{"test.idl": {Data: []byte(src)}}
	prog, err := idl.LoadFS(idl.Config{Dirs: []idl.Dir{idl.Builtin}}, idl.Dir{FS: fsys}, "test.idl")
	if err != nil {
		t.Fatal(err)
	}
	_, err = gen.Generate(prog, gen.Options{Package: "x", Inputs: []string{"test.idl"}})
	if err == nil || !strings.Contains(err.Error(), "Go name WithCOM: the runtime support of every generated package and CHOICE (test.idl:2)") ||
		!strings.Contains(err.Error(), "use a shared runtime package") {
		t.Errorf("error = %v", err)
	}
	// With a shared runtime the name is the package's own.
	if _, err := gen.Generate(prog, gen.Options{Package: "x", Inputs: []string{"test.idl"}, Runtime: "example.com/com", TypeCheck: true}); err != nil {
		t.Errorf("with -runtime: %v", err)
	}
}

// TestNameCollisionsUnexported: the unexported helpers of the fixed files
// (com_windows.go's comCall, variant_windows.go's variantArray) and the top-level names
// of the package's own tests are taken too; before, such a package did not
// compile.
func TestNameCollisionsUnexported(t *testing.T) {
	// Constants, not enumerators: an enumerator in lower case is exported (ComCall).
	src := "import \"unknwn.idl\";\nconst int comCall = 1;\nconst int variantArray = 2;\nconst int testServer = 3;\n"
	fsys := fstest.MapFS{"test.idl": {Data: []byte(src)}}
	prog, err := idl.LoadFS(idl.Config{Dirs: []idl.Dir{idl.Builtin}}, idl.Dir{FS: fsys}, "test.idl")
	if err != nil {
		t.Fatal(err)
	}
	_, err = gen.Generate(prog, gen.Options{Package: "x", Inputs: []string{"test.idl"}})
	// testServer is a name of runtime_windows_test.go, which every package
	// that carries the runtime has: the names a template declares are
	// taken whichever of its sections the package gets (testServer's is
	// for packages with Go COM objects; this one has none).
	for _, want := range []string{"Go name comCall: the generated package's fixed code (com_windows.go) and comCall (test.idl:2)",
		"Go name variantArray: the generated package's fixed code (variant_windows.go)",
		"Go name testServer: the generated package's fixed code (runtime_windows_test.go)"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error = %v\nwant %q", err, want)
		}
	}
	// With a shared runtime the runtime's helpers live elsewhere.
	if _, err := gen.Generate(prog, gen.Options{Package: "x", Inputs: []string{"test.idl"}, Runtime: "example.com/com", TypeCheck: true}); err != nil {
		t.Errorf("with -runtime: %v", err)
	}
}

// TestNameCollisionsDerived: the names the package derives from a
// declaration (a coclass's constructor NewFoo, a Go COM object's callback
// serveIFooA per method) are taken as well: before, a constant NewFoo beside
// coclass Foo, or methods a and A, made a package that did not compile.
func TestNameCollisionsDerived(t *testing.T) {
	for _, tc := range []struct{ src, want string }{
		{"const int NewFoo = 1;\n[object, uuid(5b0c2e8a-7d14-4c9e-a1f3-2e6b8d9c4a99)] interface IFoo : IUnknown { HRESULT A(); }\n" +
			"[uuid(5b0c2e8a-7d14-4c9e-a1f3-2e6b8d9c4a98)] coclass Foo { [default] interface IFoo; }\n",
			"Go name NewFoo: NewFoo (test.idl:2) and Foo (test.idl:4), its constructor"},
		{"[object, uuid(5b0c2e8a-7d14-4c9e-a1f3-2e6b8d9c4a97)] interface IFoo : IUnknown { HRESULT a(); HRESULT A(); }\n",
			"Go name IFoo.A: method a of IFoo (test.idl:2) and method A of IFoo (test.idl:2)"},
		{"[object, uuid(5b0c2e8a-7d14-4c9e-a1f3-2e6b8d9c4a95)] interface IFoo : IUnknown { HRESULT IUnknown(); }\n",
			"Go name IFoo.IUnknown: the base interface IUnknown that IFoo embeds and method IUnknown of IFoo (test.idl:2)"},
		{"const int slotsIBar = 2;\n[object, uuid(5b0c2e8a-7d14-4c9e-a1f3-2e6b8d9c4a96)] interface IBar : IUnknown { HRESULT B(); }\n",
			"Go name slotsIBar: slotsIBar (test.idl:2) and IBar (test.idl:3), its vtable"},
		{"const int serveNotImpl2 = 2;\n[object, uuid(5b0c2e8a-7d14-4c9e-a1f3-2e6b8d9c4a94)] interface IBaz : IUnknown { HRESULT V([in] int n, ...); }\n",
			"Go name serveNotImpl2: serveNotImpl2 (test.idl:2) and the E_NOTIMPL callback of methods Go cannot implement"},
	} {
		fsys := fstest.MapFS{"test.idl": {Data: []byte("import \"unknwn.idl\";\n" + tc.src)}}
		prog, err := idl.LoadFS(idl.Config{Dirs: []idl.Dir{idl.Builtin}}, idl.Dir{FS: fsys}, "test.idl")
		if err != nil {
			t.Fatal(err)
		}
		if _, err = gen.Generate(prog, gen.Options{Package: "x", Inputs: []string{"test.idl"}}); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("error = %v\nwant %q", err, tc.want)
		}
	}
}

// TestKeywords: IDL names that are Go keywords get a trailing underscore.
func TestKeywords(t *testing.T) {
	files := generateIDL(t, "import \"unknwn.idl\";\n[object, uuid(11111111-2222-3333-4444-555555555559)]\n"+
		"interface IKw : IUnknown { HRESULT range([in] long type, [in] long func); }\n")
	if m := files["test_windows.go"]; !strings.Contains(m, "func (v *IKw) Range(type_ int32, func_ int32)") {
		t.Errorf("keyword parameters not renamed:\n%s", m)
	}
}

// TestSplit generates wbemcli per IDL file and per interface: the same
// declarations, spread over other files, and each layout type-checks.
func TestSplit(t *testing.T) {
	t.Parallel()
	prog, err := idl.LoadFS(idl.Config{Dirs: []idl.Dir{idl.Builtin}}, idl.Builtin, "wbemcli.idl")
	if err != nil {
		t.Fatal(err)
	}
	decls := func(files []gen.File) map[string]bool {
		out := map[string]bool{}
		for _, f := range files {
			for _, line := range strings.Split(string(f.Src), "\n") {
				if strings.HasPrefix(line, "func ") || strings.HasPrefix(line, "type ") || strings.HasPrefix(line, "var ") {
					out[line] = true
				}
			}
		}
		return out
	}
	whole, err := gen.Generate(prog, gen.Options{Package: "wbemcli", Inputs: []string{"wbemcli.idl"}})
	if err != nil {
		t.Fatal(err)
	}
	want := decls(whole)
	for _, mode := range []string{"idl", "interface"} {
		files, err := gen.Generate(prog, gen.Options{Package: "wbemcli", Inputs: []string{"wbemcli.idl"}, Split: mode, TypeCheck: true})
		if err != nil {
			t.Fatal(err)
		}
		names := map[string]string{}
		for _, f := range files {
			names[f.Name] = string(f.Src)
		}
		switch mode {
		case "idl":
			if _, ok := names["unknwn.go"]; !ok {
				t.Errorf("-split idl: no unknwn.go for IUnknown")
			}
		case "interface":
			if !strings.Contains(names["iwbemcallresult_windows.go"], "func (v *IWbemCallResult) GetCallStatus") {
				t.Errorf("-split interface: GetCallStatus not in iwbemcallresult_windows.go")
			}
		}
		got := decls(files)
		for d := range want {
			if !got[d] {
				t.Errorf("-split %s lost %s", mode, d)
			}
		}
		if len(got) != len(want) {
			t.Errorf("-split %s: %d declarations, %d without", mode, len(got), len(want))
		}
		typeCheck(t, names)
	}
}

// TestGoPredeclaredNames: IDL declarations named as Go's predeclared
// identifiers or as the packages the generated files import are renamed
// with a trailing underscore, so the package builds (before: a struct named
// error hid the type of every err result; enum { false, true } hid the
// constants; a struct named time broke the WMI helper's import).
func TestGoPredeclaredNames(t *testing.T) {
	t.Parallel()
	files := generateIDL(t, "import \"unknwn.idl\";\ntypedef struct { int a; } error;\ntypedef struct { int s; } time;\n"+
		"const int len = 3;\ntypedef enum { false, true } TRUTH;\n"+
		"[object, uuid(11111111-2222-3333-4444-55555555555a)]\ninterface IGo : IUnknown { HRESULT M([in] error *e, [in] time t, [in] TRUTH b, [out] int *string); }\n")
	// Enumerators in lower case are exported (False, True): no longer Go's names.
	for _, want := range []string{"type error_ struct", "type time_ struct", "len_ = 3", "False ", "True "} {
		found := false
		for _, src := range files {
			found = found || strings.Contains(src, want)
		}
		if !found {
			t.Errorf("no %q in the generated files", want)
		}
	}
	if m := files["test_windows.go"]; !strings.Contains(m, "func (v *IGo) M(e *error_, t time_, b TRUTH) (string_ int32, hr HRESULT, err error)") {
		t.Errorf("M's signature:\n%s", m)
	}
	typeCheck(t, files)
}

// TestDollarNames: MIDL takes $ in identifiers, Go does not: it becomes _
// (before, comgen stopped with an internal error).
func TestDollarNames(t *testing.T) {
	t.Parallel()
	files := generateIDL(t, "import \"unknwn.idl\";\n[object, uuid(11111111-2222-3333-4444-55555555555b)]\n"+
		"interface IDol$lar : IUnknown { HRESULT M$x([in] long a$b); }\ntypedef struct { int x$y; } S$T;\n")
	if m := files["test_windows.go"]; !strings.Contains(m, "func (v *IDol_lar) M_x(a_b int32) (hr HRESULT, err error)") {
		t.Errorf("no M_x:\n%s", m)
	}
	if m := files["test.go"]; !strings.Contains(m, "type S_T struct") || !strings.Contains(m, "X_y int32") {
		t.Errorf("no S_T:\n%s", m)
	}
	typeCheck(t, files)
}
