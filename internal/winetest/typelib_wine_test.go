package winetest_test

import (
	"fmt"
	"path/filepath"
	"testing"

	"github.com/comgen/comgen/gen"
	"github.com/comgen/comgen/idl"
	"github.com/comgen/comgen/idl/idltest"
	"github.com/comgen/comgen/internal/testenv"
	"github.com/comgen/comgen/internal/winetest"
	"github.com/comgen/comgen/typelib"
)

// wineBinDir holds Wine's Windows-side binaries, whose type libraries the
// bindings below are generated from.
const wineBinDir = "/usr/lib/x86_64-linux-gnu/wine/x86_64-windows"

// TestTypeLibBindingsUnderWine generates a package from the type library
// embedded in each of Wine's binaries below (no IDL: the pure-Go reader)
// and runs the user programs of testdata/typelibs/<pkg> with it under
// Wine, written without unsafe (UnsafeUses checks):
//   - scrrun: Scripting.FileSystemObject (paths, a text file written and
//     read back, a missing file) and Scripting.Dictionary (VARIANT keys,
//     Count, Exists, Keys as a SAFEARRAY);
//   - wshom: WScript.Shell's ExpandEnvironmentStrings against the process
//     environment;
//   - wbemdisp: WbemScripting.SWbemLocator's ConnectServer and ExecQuery,
//     the objects' properties read through Properties_, compared with the
//     process's own facts;
//   - msi: WindowsInstaller.Installer, a pure dispinterface, through the
//     typed dispatch methods (Version, CreateRecord, a Record's
//     StringData/IntegerData properties with arguments, Environment, an
//     exception as *DispatchException);
//   - msxml3: DOMDocument's [source] XMLDOMDocumentEvents connected with
//     AdviseXMLDOMDocumentEvents through msxml3's own connection point.
func TestTypeLibBindingsUnderWine(t *testing.T) {
	t.Parallel()
	w := winetest.Require(t)
	for _, c := range []struct{ pkg, file string }{
		{"scrrun", "scrrun.dll"},
		{"wshom", "wshom.ocx"},
		{"wbemdisp", "wbemdisp.dll"},
		{"msi", "msi.dll"},
		{"msxml3", "msxml3.dll"},
	} {
		t.Run(c.pkg, func(t *testing.T) {
			dir := filepath.Join("testdata", "typelibs", c.pkg)
			programs, err := filepath.Glob(filepath.Join(dir, "*_windows_test.go"))
			if err != nil || len(programs) == 0 {
				t.Fatalf("no programs in %s: %v", dir, err)
			}
			out := generateTypeLib(t, filepath.Join(wineBinDir, c.file), c.pkg)
			writeWithTest(t, out, nil, programs[0])
			runUnderWine(t, w, out)
			var names []string
			for _, p := range programs {
				names = append(names, filepath.Base(p))
			}
			uses, err := winetest.UnsafeUses(out, names...)
			if err != nil {
				t.Fatal(err)
			}
			for _, u := range uses {
				t.Errorf("a user program needs unsafe: %s", u)
			}
		})
	}
}

// generateTypeLib generates package pkg from the type library of file
// into the test module and returns its directory.
func generateTypeLib(t *testing.T, file, pkg string) string {
	t.Helper()
	lib, err := typelib.Open(file)
	if err != nil {
		t.Skipf("%v (is Wine's wine64 package installed?)", err)
	}
	if err := lib.Resolve([]string{wineBinDir}); err != nil {
		t.Log(err)
	}
	prog, err := lib.Program()
	if err != nil {
		t.Fatal(err)
	}
	files, err := gen.Generate(prog, gen.Options{Package: pkg, Inputs: []string{filepath.Base(file)}, TypeCheck: true})
	if err != nil {
		t.Fatal(fmt.Errorf("%s: %v", file, err))
	}
	dir := filepath.Join(testenv.Module(t), pkg)
	testenv.WriteFiles(t, dir, files)
	return dir
}

// TestGoEventSourceUnderWine generates testdata/events/events.idl (a
// [source] dispinterface and the connection-point interfaces of Wine's
// ocidl.idl) and runs testdata/events under Wine: a Go event source fires
// typed events through IDispatch::Invoke, from another thread, into a
// generated sink connected with AdviseDTickerEvents (see the program).
func TestGoEventSourceUnderWine(t *testing.T) {
	t.Parallel()
	w := winetest.Require(t)
	idltest.Require(t, idltest.WineIDLDir, "libwine-dev")
	prog, err := idl.Load(idl.Config{Dirs: []idl.Dir{idl.OSDir(idltest.WineIDLDir)}}, "testdata/events/events.idl")
	if err != nil {
		t.Fatal(err)
	}
	files, err := gen.Generate(prog, gen.Options{Package: "events", Inputs: []string{"events.idl"}, TypeCheck: true})
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(testenv.Module(t), "events")
	writeWithTest(t, dir, files, "testdata/events/events_windows_test.go")
	runUnderWine(t, w, dir)
	uses, err := winetest.UnsafeUses(dir, "events_windows_test.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range uses {
		t.Errorf("a user program needs unsafe: %s", u)
	}
}
