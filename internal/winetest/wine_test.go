package winetest_test

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/comgen/comgen/gen"
	"github.com/comgen/comgen/idl"
	"github.com/comgen/comgen/idl/idltest"
	"github.com/comgen/comgen/internal/testenv"
	"github.com/comgen/comgen/internal/winetest"
)

// The tests that build Go programs call t.Parallel: go test runs two at a
// time (-parallel is GOMAXPROCS), so that one builds while the other's
// program runs under Wine; Wine.Run runs one program at a time.

// generatedPackages are the committed generated packages whose tests run
// under Wine (the generator emits tests that need Windows: Go COM objects,
// and for WMI bindings the end-to-end calls into WMI).
var generatedPackages = []string{"../../out/wbemcli"}

// TestGeneratedTestsUnderWine cross-compiles the generated packages' tests for
// windows/amd64 and runs them under Wine: real COM, and WMI from Wine's
// wbemprox. Every test the package declares for Windows must report PASS.
func TestGeneratedTestsUnderWine(t *testing.T) {
	t.Parallel()
	w := winetest.Require(t)
	for _, dir := range generatedPackages {
		t.Run(filepath.Base(dir), func(t *testing.T) { runUnderWine(t, w, dir) })
	}
}

// TestRoundTripUnderWine generates a package from testdata/roundtrip/test.idl
// (methods of every shape: 64-bit and float arguments, counted arrays in and
// out, strings, non-HRESULT results) and runs roundtrip_windows_test.go with
// it under Wine: Go calls a Go COM object through its real vtable, so each
// callback must read its arguments as the generated wrapper passes them.
func TestRoundTripUnderWine(t *testing.T) {
	t.Parallel()
	w := winetest.Require(t)
	prog, err := idl.LoadFS(idl.Config{Dirs: []idl.Dir{idl.Builtin}}, idl.OSDir("testdata/roundtrip"), "test.idl")
	if err != nil {
		t.Fatal(err)
	}
	files, err := gen.Generate(prog, gen.Options{Package: "roundtrip", Inputs: []string{"test.idl"}})
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(testenv.Module(t), "roundtrip")
	writeWithTest(t, dir, files, "testdata/roundtrip/roundtrip_windows_test.go")
	src, err := filepath.Abs("testdata/roundtrip/caller.c")
	if err != nil {
		t.Fatal(err)
	}
	runUnderWineWith(t, w, dir, func(ctx context.Context, exeDir string) error {
		// Beside the test program, where LoadDLL("caller.dll") finds it.
		return w.BuildDLL(ctx, src, filepath.Join(exeDir, "caller.dll"))
	})
}

// TestIStreamUnderWine generates Wine's objidl.idl and runs
// testdata/istream with it under Wine: IStream's methods that take
// LARGE_INTEGER and ULARGE_INTEGER by value, and Read/Write, against ole32's
// memory stream.
func TestIStreamUnderWine(t *testing.T) {
	t.Parallel()
	runWineIDLTest(t, "objidl.idl", "objidl", "testdata/istream/istream_windows_test.go")
}

// TestMSXMLUnderWine generates Wine's msxml2.idl and runs testdata/msxml
// with it under Wine: msxml3's DOMDocument load and save, which take a
// VARIANT by value.
// With -interfaces, the package also declares IEnumVARIANT (from the
// imported oaidl.idl) for msxml3's node-list enumerator.
func TestMSXMLUnderWine(t *testing.T) {
	t.Parallel()
	runWineIDLTest(t, "msxml2.idl", "msxml", "testdata/msxml/msxml_windows_test.go", "IXMLDOMDocument*", "IEnumVARIANT")
}

// TestShobjidlProgramsUnderWine generates Wine's shobjidl.idl and runs the
// programs in testdata/shobjidl with it under Wine, each written as a user
// would, without unsafe (UnsafeUses checks):
//   - entry: DLL entry points from comgen's built-in exports.idl
//     (CreateStreamOnHGlobal, LoadTypeLib, SHCreateItemFromParsingName,
//     PSCreateMemoryPropertyStore), typed interface results (Out, As,
//     CoCreate) and a constructor with a chosen CLSCTX, against ole32,
//     oleaut32, shell32 and propsys;
//   - handles: an HWND from IOleWindow.GetWindow converted to x/sys/windows'
//     HWND (user32 agrees it is a window), a Go IDispatch reading DISPPARAMS
//     through its slice accessor, and oleaut32's FUNCDESC for scrrun's
//     Dictionary.Add read through the parameter slice and TYPEDESC's union
//     accessors;
//   - calleemem: shell32's ShellLink fills a WIN32_FIND_DATAW, PIDLs are
//     *ITEMIDLIST both ways (known folder -> SetIDList -> GetIDList -> known
//     folder) freed with FreeCoTaskMem, and KNOWNFOLDER_DEFINITION's strings
//     are freed by FreeStrings.
func TestShobjidlProgramsUnderWine(t *testing.T) {
	t.Parallel()
	runUserPrograms(t, "shobjidl.idl", "shobjidl", "testdata/shobjidl")
}

// TestDispatchUnderWine generates IDispatch from Wine's oaidl.idl and runs
// testdata/dispatch with it under Wine: IDispatch::Invoke on scrrun's
// Scripting.Dictionary, whose failure comes back as an EXCEPINFO.
func TestDispatchUnderWine(t *testing.T) {
	t.Parallel()
	runUserPrograms(t, "oaidl.idl", "oaidl", "testdata/dispatch", "IDispatch")
}

// TestPropVariantUnderWine generates IPropertyStore (and so PROPVARIANT)
// from Wine's propsys.idl and runs testdata/propvariant with it under Wine:
// PROPVARIANT kinds against ole32 and propsys, and (with a Go IMallocSpy)
// that clearing them frees every block of task memory.
func TestPropVariantUnderWine(t *testing.T) {
	t.Parallel()
	runWineIDLTest(t, "propsys.idl", "propsys", "testdata/propvariant/propvariant_windows_test.go", "IPropertyStore", "IMallocSpy")
}

// TestFloatResultsUnderWine generates Wine's d2d1.idl and runs
// testdata/d2d1 with it under Wine: methods returning FLOAT, answered by
// Wine's d2d1.
func TestFloatResultsUnderWine(t *testing.T) {
	t.Parallel()
	runWineIDLTest(t, "d2d1.idl", "d2d1", "testdata/d2d1/d2d1_windows_test.go")
}

// TestBuffersUnderWine generates one package from testdata/buffers/buffers.idl
// (it imports Wine's oaidl.idl, mlang.idl, shobjidl.idl and dwrite.idl; only
// the interfaces the calls need are selected) and runs
// testdata/buffers/buffers_windows_test.go under Wine: buffers a callee
// writes (ITypeLib::FindName, IEnumCodePage::Next, IEnumRfc1766::Next,
// IMultiLanguage2::ConvertString*, IKnownFolderManager::GetFolderIds,
// IDWriteTextLayout::GetClusterMetrics), sized by the slices' lengths,
// against oleaut32, mlang, shell32 and dwrite, with guards after each slice.
func TestBuffersUnderWine(t *testing.T) {
	t.Parallel()
	w := winetest.Require(t)
	idltest.Require(t, idltest.WineIDLDir, "libwine-dev")
	prog, err := idl.Load(idl.Config{Dirs: []idl.Dir{idl.OSDir(idltest.WineIDLDir)}}, "testdata/buffers/buffers.idl")
	if err != nil {
		t.Fatal(err)
	}
	files, err := gen.Generate(prog, gen.Options{Package: "buffers", Inputs: []string{"buffers.idl"}, Interfaces: []string{
		"ITypeLib", "IMultiLanguage2", "IEnumCodePage", "IEnumRfc1766", "IKnownFolderManager",
		"IDWriteFactory", "IDWriteTextLayout", "IMallocSpy"}})
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(testenv.Module(t), "buffers")
	writeWithTest(t, dir, files, "testdata/buffers/buffers_windows_test.go")
	runUnderWine(t, w, dir)
}

// TestNullableUnderWine generates testdata/nullable/nullable.idl (which
// imports Wine's activscp.idl and wbemcli.idl) with -optional naming the
// parameters Wine's IDL does not mark, and runs testdata/nullable under
// Wine: JScript with a NULL item name and GetScriptDispatch(NULL),
// GetIDsOfNames with Go strings, Invoke without EXCEPINFO, SCRIPT_E_REPORTED
// and DISP_E_UNKNOWNNAME through errors.Is, IWbemContext's NULL name, and
// Scripting.Dictionary's Exists as a bool.
func TestNullableUnderWine(t *testing.T) {
	t.Parallel()
	w := winetest.Require(t)
	idltest.Require(t, idltest.WineIDLDir, "libwine-dev")
	prog, err := idl.Load(idl.Config{Dirs: []idl.Dir{idl.OSDir(idltest.WineIDLDir)}}, "testdata/nullable/nullable.idl")
	if err != nil {
		t.Fatal(err)
	}
	files, err := gen.Generate(prog, gen.Options{Package: "nullable", Inputs: []string{"nullable.idl"},
		Interfaces: []string{"IActiveScript", "IActiveScriptParse32", "IActiveScriptParse64", "IActiveScriptSite", "IWbemContext", "IDictionary", "IDispatch"},
		Optional: []string{"IActiveScriptParse*.ParseScriptText.pstrItemName", "IActiveScriptParse*.ParseScriptText.pstrDelimiter",
			"IActiveScriptParse*.ParseScriptText.pvarResult", "IActiveScriptParse*.ParseScriptText.pexcepinfo",
			"IActiveScript.GetScriptDispatch.pstrItemName", "IDispatch.Invoke.pExcepInfo", "IDispatch.Invoke.puArgErr",
			"IWbemContext.?etValue.wszName"},
		NoTests: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if strings.HasSuffix(f.Name, "_test.go") {
			t.Errorf("NoTests: %s is generated", f.Name)
		}
	}
	dir := filepath.Join(testenv.Module(t), "nullable")
	writeWithTest(t, dir, files, "testdata/nullable/nullable_windows_test.go")
	runUnderWine(t, w, dir)
	requireNoUnsafe(t, dir, "nullable_windows_test.go")
}

// TestComposedPackagesUnderWine generates, into one module, a shared runtime
// package (com), Wine's objidl.idl and shobjidl.idl into packages of their own
// (shobjidl's references to objidl's and oaidl's declarations go to those
// packages) and the embedded wbemcli.idl, all with that runtime, and runs
// testdata/composed (a package that uses them together) and the wmi
// package's own generated tests under Wine.
func TestComposedPackagesUnderWine(t *testing.T) {
	t.Parallel()
	w := winetest.Require(t)
	idltest.Require(t, idltest.WineIDLDir, "libwine-dev")
	mod := testenv.Module(t)
	const rt = "comgentest/com"
	mapped := map[string]string{"objidl.idl": "comgentest/objidl", "oaidl.idl": "comgentest/oaidl"}
	wine := idl.Config{Dirs: []idl.Dir{idl.OSDir(idltest.WineIDLDir), idl.Builtin}}
	for _, p := range []struct {
		pkg     string
		builtin bool // the embedded IDL, else Wine's
		file    string
		opt     gen.Options
	}{
		{"com", true, "unknwn.idl", gen.Options{WriteRuntime: true}},
		{"objidl", false, "objidl.idl", gen.Options{Runtime: rt}},
		{"oaidl", false, "oaidl.idl", gen.Options{Runtime: rt, Map: map[string]string{"objidl.idl": mapped["objidl.idl"]}}},
		{"shobjidl", false, "shobjidl.idl", gen.Options{Runtime: rt, Map: mapped}},
		{"wmi", true, "wbemcli.idl", gen.Options{Runtime: rt, Map: mapped, ImportPath: "comgentest/wmi"}},
	} {
		var prog *idl.Program
		var err error
		if p.builtin {
			prog, err = idl.LoadFS(idl.Config{Dirs: []idl.Dir{idl.Builtin}}, idl.Builtin, p.file)
		} else {
			prog, err = idl.Load(wine, filepath.Join(idltest.WineIDLDir, p.file))
		}
		if err != nil {
			t.Fatal(err)
		}
		p.opt.Package, p.opt.Inputs = p.pkg, []string{p.file}
		files, err := gen.Generate(prog, p.opt)
		if err != nil {
			t.Fatalf("%s: %v", p.pkg, err)
		}
		testenv.WriteFiles(t, filepath.Join(mod, p.pkg), files)
	}
	writeWithTest(t, filepath.Join(mod, "composed"), nil, "testdata/composed/composed_windows_test.go")
	// The wmi package's tests ran in full in TestGeneratedTestsUnderWine,
	// on the same code in its self-contained form: here -test.short shortens
	// their leak loops (10,000 iterations to 1,000).
	t.Run("composed", func(t *testing.T) { runUnderWine(t, w, filepath.Join(mod, "composed")) })
	t.Run("wmi", func(t *testing.T) { runUnderWineWith(t, w, filepath.Join(mod, "wmi"), nil, "-test.short") })
}

// runUserPrograms is runWineIDLTest for the *_windows_test.go programs in
// dir, which must use the generated bindings without unsafe: no import of
// it, no conversion of an unsafe.Pointer (winetest.UnsafeUses).
func runUserPrograms(t *testing.T, idlFile, pkg, dir string, interfaces ...string) {
	t.Helper()
	programs, err := filepath.Glob(filepath.Join(dir, "*_windows_test.go"))
	if err != nil || len(programs) == 0 {
		t.Fatalf("no programs in %s: %v", dir, err)
	}
	out := runWineIDLTest(t, idlFile, pkg, programs[0], interfaces...)
	var names []string
	for _, p := range programs {
		names = append(names, filepath.Base(p))
	}
	requireNoUnsafe(t, out, names...)
}

// requireNoUnsafe fails t when one of the programs (base names of test
// files) of the package in dir needs unsafe (winetest.UnsafeUses).
func requireNoUnsafe(t *testing.T, dir string, programs ...string) {
	t.Helper()
	uses, err := winetest.UnsafeUses(dir, programs...)
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range uses {
		t.Errorf("a user program needs unsafe: %s", u)
	}
}

// runWineIDLTest generates package pkg from Wine's IDL file idlFile (only
// the interfaces named, when some are), adds the test file (and the other
// *_windows_test.go files beside it) and runs the package's tests under
// Wine. It returns the package's directory.
func runWineIDLTest(t *testing.T, idlFile, pkg, testFile string, interfaces ...string) string {
	t.Helper()
	w := winetest.Require(t)
	idltest.Require(t, idltest.WineIDLDir, "libwine-dev")
	prog, err := idl.Load(idl.Config{Dirs: []idl.Dir{idl.OSDir(idltest.WineIDLDir)}}, filepath.Join(idltest.WineIDLDir, idlFile))
	if err != nil {
		t.Fatal(err)
	}
	files, err := gen.Generate(prog, gen.Options{Package: pkg, Inputs: []string{idlFile}, Interfaces: interfaces})
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(testenv.Module(t), pkg)
	writeWithTest(t, dir, files, testFile)
	runUnderWine(t, w, dir)
	return dir
}

// writeWithTest writes the generated files, the test file testFile and the
// other *_windows_test.go files beside it into dir.
func writeWithTest(t *testing.T, dir string, files []gen.File, testFile string) {
	t.Helper()
	tests, err := filepath.Glob(filepath.Join(filepath.Dir(testFile), "*_windows_test.go"))
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(tests, testFile) {
		tests = append(tests, testFile)
	}
	for _, f := range tests {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, gen.File{Name: filepath.Base(f), Src: src})
	}
	testenv.WriteFiles(t, dir, files)
}

// runUnderWine cross-compiles the tests of the package in dir for
// windows/amd64, runs them under Wine and requires a PASS from every test the
// package declares for Windows.
func runUnderWine(t *testing.T, w *winetest.Wine, dir string) {
	t.Helper()
	runUnderWineWith(t, w, dir, nil)
}

// runUnderWineWith is runUnderWine with prepare, when not nil, run before
// the test program with the directory it is built in, and args added to the
// test program's flags.
func runUnderWineWith(t *testing.T, w *winetest.Wine, dir string, prepare func(ctx context.Context, exeDir string) error, args ...string) {
	t.Helper()
	want, err := winetest.TestNames(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(want) == 0 {
		t.Fatalf("%s declares no tests for windows", dir)
	}
	ctx, cancel := context.WithTimeout(context.Background(), winetest.RunTimeout)
	defer cancel()
	exe := filepath.Join(t.TempDir(), filepath.Base(dir)+".test.exe")
	if err := winetest.BuildTest(ctx, dir, "amd64", exe); err != nil {
		t.Fatal(err)
	}
	if prepare != nil {
		if err := prepare(ctx, filepath.Dir(exe)); err != nil {
			t.Fatal(err)
		}
	}
	// The run has a budget of its own: Run may first wait for another
	// test's program (tests build in parallel, programs run one at a time).
	runCtx, cancelRun := context.WithTimeout(context.Background(), winetest.RunTimeout)
	defer cancelRun()
	res := w.Run(runCtx, exe, append([]string{"-test.v", "-test.count=1", "-test.timeout=4m"}, args...)...)
	rep := winetest.ParseTestOutput(res.Stdout)
	if res.KilledAfterPass {
		t.Logf("wine %s: killed by wineserver while exiting after its PASS", filepath.Base(exe))
	}
	fail := res.Err != nil || !rep.Finished || len(rep.Failed) > 0 || len(rep.Skipped) > 0
	for _, name := range want {
		if !slices.Contains(rep.Passed, name) {
			t.Errorf("%s did not report PASS under Wine", name)
			fail = true
		}
	}
	if fail || testing.Verbose() {
		t.Logf("wine %s -test.v: %v\n--- stdout\n%s\n--- stderr\n%s", filepath.Base(exe), res.Err, res.Stdout, res.Stderr)
	}
	if fail {
		t.Errorf("tests under Wine: %d passed, failed %v, skipped %v, finished %v, run error %v",
			len(rep.Passed), rep.Failed, rep.Skipped, rep.Finished, res.Err)
	}
}

// TestGeneratedTestsBuildFor386 compiles the same tests for windows/386, which
// Wine here cannot run (no 32-bit loader): the 386 code paths (64-bit
// arguments split into two words, stdcall callbacks) must at least build.
func TestGeneratedTestsBuildFor386(t *testing.T) {
	t.Parallel()
	for _, dir := range generatedPackages {
		exe := filepath.Join(t.TempDir(), "x.exe")
		if err := winetest.BuildTest(context.Background(), dir, "386", exe); err != nil {
			t.Error(err)
		}
		if _, err := os.Stat(exe); err != nil {
			t.Error(err)
		}
	}
}

func TestParseTestOutput(t *testing.T) {
	out := "=== RUN   TestA\n--- PASS: TestA (0.00s)\n=== RUN   TestB\n    x_test.go:1: boom\n--- FAIL: TestB (0.01s)\r\n" +
		"=== RUN   TestC\n--- SKIP: TestC (0.00s)\n    --- PASS: TestC/sub (0.00s)\nFAIL\n"
	r := winetest.ParseTestOutput(out)
	if !slices.Equal(r.Passed, []string{"TestA", "TestC/sub"}) || !slices.Equal(r.Failed, []string{"TestB"}) ||
		!slices.Equal(r.Skipped, []string{"TestC"}) || r.Finished {
		t.Errorf("ParseTestOutput = %+v", r)
	}
	if r := winetest.ParseTestOutput("--- PASS: TestA (0.00s)\nPASS\n"); !r.Finished {
		t.Error("final PASS not seen")
	}
}
