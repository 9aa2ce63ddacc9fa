package winetest_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/comgen/comgen/gen"
	"github.com/comgen/comgen/idl"
	"github.com/comgen/comgen/idl/idltest"
	"github.com/comgen/comgen/internal/testenv"
	"github.com/comgen/comgen/internal/winetest"
	"github.com/comgen/comgen/typelib"
)

// The JSON of testdata/tlboracle's program: what oleaut32's ITypeLib and
// ITypeInfo say about a library (the same types are declared there).
type oracleLib struct {
	File    string
	Error   string
	Name    string
	Doc     string
	GUID    string
	LCID    uint32
	Major   uint16
	Minor   uint16
	SysKind int32
	Flags   uint16
	Types   []*oracleType
}

type oracleType struct {
	Name   string
	Doc    string
	GUID   string
	Kind   int32
	Flags  uint16
	Major  uint16
	Minor  uint16
	CFuncs uint16
	CVars  uint16
	CImpls uint16
	Vft    uint16
	Size   uint32
	Align  uint16
	Alias  string
	Error  string
	Funcs  []*oracleFunc
	Vars   []*oracleVar
	Impls  []*oracleImpl
	Vtable *oracleType
}

type oracleFunc struct {
	Error    string
	MemID    int32
	Names    []string
	Kind     int32
	Invoke   int32
	CallConv int32
	Vft      int16
	Params   int16
	Opt      int16
	Flags    uint16
	Ret      string
	Param    []oracleParam
	DLL      string
	Entry    string
	Ordinal  uint16
}

type oracleParam struct {
	Type    string
	Flags   uint16
	Default string
}

type oracleVar struct {
	Error  string
	MemID  int32
	Name   string
	Kind   int32
	Flags  uint16
	Type   string
	Offset uint32
	Value  string
}

type oracleImpl struct {
	Name  string
	Flags int32
	Error string
}

// oracleBinaries are the Wine binaries whose type libraries oleaut32 and
// the reader both read (file#N is resource N).
var oracleBinaries = []string{"stdole2.tlb", "scrrun.dll", "wshom.ocx", "msxml3.dll", "wbemdisp.dll", "taskschd.dll", "hnetcfg.dll#2", "msi.dll"}

// oracleIDL are Wine IDL files compiled with widl -t for the comparison,
// beside testdata/tlboracle/oracle.idl (a module with DLL entry points, a
// dual interface, defaults of every kind).
var oracleIDL = []string{"wbemdisp.idl", "taskschd.idl", "msxml2.idl", "wuapi.idl"}

// TestTypeLibOracleUnderWine compares the pure-Go reader with a second,
// independent reader: Wine's oleaut32. The program in testdata/tlboracle
// (on bindings generated from Wine's oaidl.idl, without unsafe) loads each
// library with LoadTypeLibEx and dumps what ITypeLib and ITypeInfo say:
// every type info's name, GUID, kind, flags, counts, vtable and instance
// size; every function's MEMBERID, kinds, vtable offset, parameter counts,
// flags, types and default values, its name and its DLL entry; every
// variable's MEMBERID, name, kind, flags, type, offset or value; the
// implemented interfaces with their flags; for a dual interface both its
// dispatch view and its vtable view. The test reads the same files with
// the reader and requires the same facts, where oleaut32 synthesizes what
// the file does not hold in the form oleaut32 gives it (each rule named in
// readerFacts).
func TestTypeLibOracleUnderWine(t *testing.T) {
	t.Parallel()
	w := winetest.Require(t)
	idltest.Require(t, idltest.WineIDLDir, "libwine-dev")
	idltest.Require(t, filepath.Join(wineBinDir, "scrrun.dll"), "wine64")
	const widl = "/usr/lib/wine/widl"
	idltest.Require(t, widl, "wine64-tools")

	// The libraries: Wine's binaries, and widl's output from IDL.
	tmp := t.TempDir()
	var files []string
	for _, b := range oracleBinaries {
		files = append(files, filepath.Join(wineBinDir, b))
	}
	idls := []string{filepath.Join("testdata", "tlboracle", "oracle.idl")}
	for _, f := range oracleIDL {
		idls = append(idls, filepath.Join(idltest.WineIDLDir, f))
	}
	for _, f := range idls {
		abs, err := filepath.Abs(f)
		if err != nil {
			t.Fatal(err)
		}
		out := filepath.Join(tmp, strings.TrimSuffix(filepath.Base(f), ".idl")+".tlb")
		cmd := exec.Command(widl, "-t", "-I", idltest.WineIDLDir, "-o", out, abs)
		cmd.Dir = tmp
		if msg, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("widl -t %s: %v\n%s", f, err, msg)
		}
		files = append(files, out)
	}

	// The program, on Wine's oaidl.idl.
	prog, err := idl.Load(idl.Config{Dirs: []idl.Dir{idl.OSDir(idltest.WineIDLDir)}}, filepath.Join(idltest.WineIDLDir, "oaidl.idl"))
	if err != nil {
		t.Fatal(err)
	}
	gfiles, err := gen.Generate(prog, gen.Options{Package: "oaidl", Inputs: []string{"oaidl.idl"}, Interfaces: []string{"ITypeLib", "ITypeInfo2"}, NoTests: true})
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(testenv.Module(t), "tlboracle")
	writeWithTest(t, dir, gfiles, "testdata/tlboracle/tlboracle_windows_test.go")
	requireNoUnsafe(t, dir, "tlboracle_windows_test.go")
	ctx, cancel := context.WithTimeout(context.Background(), winetest.RunTimeout)
	defer cancel()
	exe := filepath.Join(t.TempDir(), "tlboracle.test.exe")
	if err := winetest.BuildTest(ctx, dir, "amd64", exe); err != nil {
		t.Fatal(err)
	}
	var winFiles []string
	for _, f := range files {
		// LoadTypeLib names resource N of a PE file as file\N.
		file, res := typelib.SplitResource(f)
		p := winePath(file)
		if res > 0 {
			p += `\` + strconv.Itoa(res)
		}
		winFiles = append(winFiles, p)
	}
	jsonFile := filepath.Join(tmp, "oracle.json")
	runCtx, cancelRun := context.WithTimeout(context.Background(), winetest.RunTimeout) // Run may wait for another test's program
	defer cancelRun()
	res := w.Run(runCtx, exe, "-test.v", "-test.run=TestDumpTypeLibs", "-oracle.libs="+strings.Join(winFiles, "|"), "-oracle.out="+winePath(jsonFile))
	data, err := os.ReadFile(jsonFile)
	if err != nil || res.Err != nil {
		t.Fatalf("the oracle program: %v, %v\n--- stdout\n%s\n--- stderr\n%s", res.Err, err, res.Stdout, res.Stderr)
	}
	var libs []*oracleLib
	if err := json.Unmarshal(data, &libs); err != nil {
		t.Fatal(err)
	}
	if len(libs) != len(files) {
		t.Fatalf("the oracle dumped %d libraries, want %d", len(libs), len(files))
	}
	var facts, adjusted int
	for i, ol := range libs {
		name := filepath.Base(files[i])
		t.Run(name, func(t *testing.T) {
			if ol.Error != "" {
				t.Fatalf("oleaut32: %s", ol.Error)
			}
			lib, err := typelib.Open(files[i])
			if err != nil {
				t.Fatal(err)
			}
			if err := lib.Resolve([]string{filepath.Dir(files[i]), wineBinDir}); err != nil {
				t.Logf("resolve: %v", err)
			}
			var adj int
			got, want := readerFacts(lib, &adj), oracleFacts(ol)
			n := compareFacts(t, got, want)
			facts += n
			adjusted += adj
			t.Logf("%s: %d facts compared, %d of the reader's types or the library adjusted to oleaut32's view (readerFacts)", name, n, adj)
		})
	}
	t.Logf("%d libraries, %d facts compared with oleaut32 (%d types or libraries adjusted to its view)", len(libs), facts, adjusted)
}

// winePath is a Linux path as Wine's Z: drive shows it.
func winePath(p string) string {
	abs, err := filepath.Abs(p)
	if err != nil {
		abs = p
	}
	return `Z:` + strings.ReplaceAll(abs, "/", `\`)
}

// compareFacts requires the same facts on both sides and returns how many
// were compared.
func compareFacts(t *testing.T, got, want map[string]string) int {
	t.Helper()
	keys := map[string]bool{}
	for k := range got {
		keys[k] = true
	}
	for k := range want {
		keys[k] = true
	}
	var sorted []string
	for k := range keys {
		sorted = append(sorted, k)
	}
	sort.Strings(sorted)
	errs := 0
	for _, k := range sorted {
		g, gok := got[k]
		o, ook := want[k]
		if gok && ook && g == o {
			continue
		}
		errs++
		if errs <= 40 {
			t.Errorf("%s:\n\treader:    %s\n\toleaut32:  %s", k, show(g, gok), show(o, ook))
		}
	}
	if errs > 40 {
		t.Errorf("%d differences in all", errs)
	}
	return len(keys)
}

func show(s string, ok bool) string {
	if !ok {
		return "(none)"
	}
	return s
}

// The facts, keyed by where they are. Types are written as typeFact does
// on both sides: VARTYPE numbers, "*" for a pointer, SAFEARRAY(...), the
// lower-case name of a user-defined type (names are case-insensitive and
// stored once per library).

func oracleFacts(l *oracleLib) map[string]string {
	m := map[string]string{}
	m["library"] = fmt.Sprintf("%s %s %d.%d sys=%d flags=%#x doc=%q types=%d", l.Name, l.GUID, l.Major, l.Minor, l.SysKind, l.Flags, l.Doc, len(l.Types))
	for i, ty := range l.Types {
		k := fmt.Sprintf("type %d", i)
		if ty.Vtable != nil {
			oracleTypeFacts(m, k+" dispatch-view", ty)
			oracleTypeFacts(m, k, ty.Vtable)
			continue
		}
		oracleTypeFacts(m, k, ty)
	}
	return m
}

func oracleTypeFacts(m map[string]string, k string, ty *oracleType) {
	if ty.Error != "" {
		m[k] = ty.Error
		return
	}
	m[k] = fmt.Sprintf("%s %s kind=%d flags=%#x v%d.%d funcs=%d vars=%d impls=%d vft=%d size=%d align=%d doc=%q alias=%s",
		ty.Name, ty.GUID, ty.Kind, ty.Flags, ty.Major, ty.Minor, ty.CFuncs, ty.CVars, ty.CImpls, ty.Vft, ty.Size, ty.Align, ty.Doc, ty.Alias)
	for i, f := range ty.Funcs {
		fk := fmt.Sprintf("%s func %d", k, i)
		if f.Error != "" {
			m[fk] = f.Error
			continue
		}
		name := ""
		if len(f.Names) > 0 {
			name = f.Names[0]
		}
		m[fk] = fmt.Sprintf("%#x %s kind=%d invoke=%d cc=%d vft=%d params=%d opt=%d flags=%#x ret=%s", uint32(f.MemID), name, f.Kind, f.Invoke, f.CallConv, f.Vft, f.Params, f.Opt, f.Flags, f.Ret)
		if f.DLL != "" || f.Entry != "" || f.Ordinal != 0 {
			m[fk+" entry"] = fmt.Sprintf("%s %q %d", f.DLL, f.Entry, f.Ordinal)
		}
		m[fk+" names"] = strings.Join(f.Names, ",")
		for j, p := range f.Param {
			m[fmt.Sprintf("%s param %d", fk, j)] = fmt.Sprintf("%s flags=%#x default=%s", p.Type, p.Flags, p.Default)
		}
	}
	for i, v := range ty.Vars {
		vk := fmt.Sprintf("%s var %d", k, i)
		if v.Error != "" {
			m[vk] = v.Error
			continue
		}
		m[vk] = fmt.Sprintf("%#x %s kind=%d flags=%#x %s offset=%d value=%s", uint32(v.MemID), v.Name, v.Kind, v.Flags, v.Type, v.Offset, v.Value)
	}
	for i, im := range ty.Impls {
		m[fmt.Sprintf("%s impl %d", k, i)] = fmt.Sprintf("%s flags=%#x %s", strings.ToLower(im.Name), im.Flags, im.Error)
	}
}

// readerFacts are the reader's facts about l, as oleaut32 presents them
// where oleaut32 presents more than the file holds or holds it otherwise
// (each rule below says what and why; they are counted in *adjusted):
//   - TLIBATTR.lcid is the header's second LCID, which widl leaves 0 (the
//     reader's LCID is the first, the library's own): not compared;
//     LIBFLAG_FHASDISKIMAGE is set by oleaut32 on every library it loads
//     from a file;
//   - a pure dispinterface: oleaut32 reports stdole's IDispatch as its one
//     implemented interface and IDispatch's vtable size (7 pointers), and
//     oVft 0 for its functions (they have no vtable slots; the file keeps
//     the compiler's count);
//   - a dual interface: the type info is oleaut32's synthesized dispatch
//     view ("dispatch-view" keys): IUnknown's and IDispatch's functions and
//     every base's first, each FUNC_DISPATCH, [lcid] parameters left out
//     (Invoke passes the LCID), [retval] made the result and
//     an HRESULT result void, IDispatch as the one implemented interface
//     and IDispatch's vtable size, TYPEFLAG_FOLEAUTOMATION cleared; the file's type info is its vtable view
//     (GetRefTypeOfImplType(-1)), which the reader reads as it is;
//   - GetNames finds a function by MEMBERID, so it gives the names of the
//     first function with that MEMBERID (a propput's are its propget's);
//   - GetDllEntry gives ordinal 0xffff for a function without an entry
//     ordinal (the reader's -1).
func readerFacts(l *typelib.Library, adjusted *int) map[string]string {
	m := map[string]string{}
	ptr := 8
	if l.SysKind == typelib.SysWin32 {
		ptr = 4
	}
	m["library"] = fmt.Sprintf("%s %s %d.%d sys=%d flags=%#x doc=%q types=%d", l.Name, l.GUID, l.Major, l.Minor, l.SysKind, l.Flags|typelib.LibHasDiskImage, l.Doc, len(l.Types))
	*adjusted++
	for i, ti := range l.Types {
		k := fmt.Sprintf("type %d", i)
		kind := ti.Kind
		nimpl, vft := len(ti.Impls), ti.VtblSize
		pure := ti.Kind == typelib.KindDispatch && ti.Flags&typelib.TypeDual == 0
		if ti.Kind == typelib.KindDispatch && ti.Flags&typelib.TypeDual != 0 {
			kind = typelib.KindInterface
			dispatchView(m, k+" dispatch-view", ti, ptr)
			*adjusted++
		}
		if pure {
			nimpl, vft = 1, 7*ptr
			m[k+" impl 0"] = "idispatch flags=0x0 "
			*adjusted++
		}
		alias := ""
		if ti.Alias != nil {
			alias = typeFact(ti.Alias)
		}
		m[k] = fmt.Sprintf("%s %s kind=%d flags=%#x v%d.%d funcs=%d vars=%d impls=%d vft=%d size=%d align=%d doc=%q alias=%s",
			ti.Name, ti.GUID, kind, ti.Flags, ti.Major, ti.Minor, len(ti.Funcs), len(ti.Vars), nimpl, vft, ti.Size, ti.Align, ti.Doc, alias)
		for i, f := range ti.Funcs {
			fk := fmt.Sprintf("%s func %d", k, i)
			fvft := f.VtblOffset
			if pure {
				fvft = 0
			}
			funcFacts(m, fk, f, typeFact(f.Ret), f.Params, fvft)
			m[fk+" names"] = namesFact(ti.Funcs, f.MemID)
			if ti.Kind == typelib.KindModule {
				ord := f.EntryOrdinal
				if ord < 0 {
					ord = 0xffff
				}
				m[fk+" entry"] = fmt.Sprintf("%s %q %d", ti.DLLName, f.Entry, ord)
			}
		}
		for i, v := range ti.Vars {
			val, off := "", 0
			if v.Value != nil {
				val = valueFact(*v.Value)
			} else {
				off = v.Offset
			}
			m[fmt.Sprintf("%s var %d", k, i)] = fmt.Sprintf("%#x %s kind=%d flags=%#x %s offset=%d value=%s", uint32(v.MemID), v.Name, v.Kind, v.Flags, typeFact(v.Type), off, val)
		}
		if !pure {
			for i, it := range ti.Impls {
				m[fmt.Sprintf("%s impl %d", k, i)] = fmt.Sprintf("%s flags=%#x ", strings.ToLower(it.Ref.Name()), it.Flags)
			}
		}
	}
	return m
}

func funcFacts(m map[string]string, fk string, f *typelib.Func, ret string, params []*typelib.Param, vft int) {
	m[fk] = fmt.Sprintf("%#x %s kind=%d invoke=%d cc=%d vft=%d params=%d opt=%d flags=%#x ret=%s", uint32(f.MemID), f.Name, f.Kind, f.Invoke, f.CallConv, vft, len(params), f.OptParams, f.Flags, ret)
	for j, p := range params {
		def := ""
		if p.Default != nil && p.Flags&typelib.ParamHasDefault != 0 {
			def = valueFact(*p.Default)
		}
		m[fmt.Sprintf("%s param %d", fk, j)] = fmt.Sprintf("%s flags=%#x default=%s", typeFact(p.Type), p.Flags, def)
	}
}

// namesFact is what GetNames gives for memid: the name and parameter names
// (up to the first unnamed one) of the first function with that MEMBERID.
func namesFact(funcs []*typelib.Func, memid int32) string {
	for _, f := range funcs {
		if f.MemID != memid {
			continue
		}
		names := []string{f.Name}
		for _, p := range f.Params {
			if p.Name == "" {
				break
			}
			names = append(names, p.Name)
		}
		return strings.Join(names, ",")
	}
	return ""
}

// dispatchView writes the facts of the dispatch view oleaut32 synthesizes
// for dual interface ti (see readerFacts).
func dispatchView(m map[string]string, k string, ti *typelib.TypeInfo, ptr int) {
	var chain []*typelib.TypeInfo
	seen := map[*typelib.TypeInfo]bool{}
	for t := ti; t != nil && !seen[t]; {
		seen[t] = true
		chain = append([]*typelib.TypeInfo{t}, chain...)
		if len(t.Impls) == 0 {
			break
		}
		t = t.Impls[0].Ref.Type
	}
	var funcs []*typelib.Func
	for _, t := range chain {
		funcs = append(funcs, t.Funcs...)
	}
	m[k] = fmt.Sprintf("%s %s kind=%d flags=%#x v%d.%d funcs=%d vars=%d impls=%d vft=%d size=%d align=%d doc=%q alias=",
		ti.Name, ti.GUID, typelib.KindDispatch, ti.Flags&^typelib.TypeOleAutomation, ti.Major, ti.Minor, len(funcs), 0, 1, 7*ptr, ti.Size, ti.Align, ti.Doc)
	m[k+" impl 0"] = "idispatch flags=0x0 "
	var view []*typelib.Func
	rets := map[*typelib.Func]string{}
	for _, f := range funcs {
		df := *f
		df.Kind = typelib.FuncDispatch
		rets[&df] = typeFact(f.Ret)
		df.Params = nil
		for _, p := range f.Params {
			if p.Flags&typelib.ParamLCID == 0 {
				df.Params = append(df.Params, p)
			}
		}
		if n := len(df.Params); n > 0 && df.Params[n-1].Flags&typelib.ParamRetval != 0 && df.Params[n-1].Type.VT == typelib.VT_PTR {
			rets[&df] = typeFact(df.Params[n-1].Type.Elem)
			df.Params = df.Params[:n-1]
		} else if f.Ret != nil && f.Ret.VT == typelib.VT_HRESULT {
			rets[&df] = strconv.Itoa(int(typelib.VT_VOID))
		}
		view = append(view, &df)
	}
	for i, f := range view {
		fk := fmt.Sprintf("%s func %d", k, i)
		funcFacts(m, fk, f, rets[f], f.Params, f.VtblOffset)
		m[fk+" names"] = namesFact(view, f.MemID)
	}
}

// typeFact writes a type as the oracle program's typeString does.
func typeFact(td *typelib.TypeDesc) string {
	if td == nil {
		return "-"
	}
	switch td.VT {
	case typelib.VT_PTR:
		return typeFact(td.Elem) + "*"
	case typelib.VT_SAFEARRAY:
		return "SAFEARRAY(" + typeFact(td.Elem) + ")"
	case typelib.VT_CARRAY:
		var first typelib.ArrayDim
		if len(td.Dims) > 0 {
			first = td.Dims[0]
		}
		return fmt.Sprintf("%s[%d dims, %d:%d]", typeFact(td.Elem), len(td.Dims), first.Count, first.Lower)
	case typelib.VT_USERDEFINED:
		return strings.ToLower(td.Ref.Name())
	}
	return strconv.Itoa(int(td.VT))
}

// valueFact writes a constant as the oracle program's valueString does.
func valueFact(v typelib.Value) string {
	var s string
	switch v.VT {
	case typelib.VT_EMPTY, typelib.VT_NULL:
	case typelib.VT_BOOL:
		s = strconv.FormatBool(v.Int != 0)
	case typelib.VT_UI1, typelib.VT_UI2, typelib.VT_UI4, typelib.VT_UI8, typelib.VT_UINT:
		s = strconv.FormatUint(uint64(v.Int), 10)
	case typelib.VT_R4:
		s = strconv.FormatFloat(v.Float, 'g', -1, 32)
	case typelib.VT_R8, typelib.VT_DATE:
		s = strconv.FormatFloat(v.Float, 'g', -1, 64)
	case typelib.VT_BSTR, typelib.VT_LPSTR, typelib.VT_LPWSTR:
		s = strconv.Quote(v.Str)
	default:
		s = strconv.FormatInt(v.Int, 10)
	}
	return fmt.Sprintf("%d %s", v.VT, s)
}

// TestTypeLibModuleUnderWine compiles testdata/tlboracle/oracle.idl with
// widl -t and generates a package from the library (the pure-Go reader):
// the functions of its module block (kernel32's exports) are Go functions,
// which testdata/tlbmodule calls under Wine and checks against Go's own
// view of the process (os.Getpid, os.Getenv). The two functions the
// generator cannot call by name (an entry point by ordinal; an entry string,
// which widl 8 records as "#") are left out with a warning each.
func TestTypeLibModuleUnderWine(t *testing.T) {
	t.Parallel()
	w := winetest.Require(t)
	const widl = "/usr/lib/wine/widl"
	idltest.Require(t, idltest.WineIDLDir, "libwine-dev")
	idltest.Require(t, widl, "wine64-tools")
	tmp := t.TempDir()
	src, err := filepath.Abs(filepath.Join("testdata", "tlboracle", "oracle.idl"))
	if err != nil {
		t.Fatal(err)
	}
	tlb := filepath.Join(tmp, "oracle.tlb")
	cmd := exec.Command(widl, "-t", "-I", idltest.WineIDLDir, "-o", tlb, src)
	cmd.Dir = tmp
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("widl -t: %v\n%s", err, msg)
	}
	lib, err := typelib.Open(tlb)
	if err != nil {
		t.Fatal(err)
	}
	prog, err := lib.Program()
	if err != nil {
		t.Fatal(err)
	}
	var warned []string
	for _, e := range prog.Warnings {
		warned = append(warned, e.Error())
	}
	for _, want := range []string{`function CurrentThread has entry "#"`, "function ByOrdinal is exported by ordinal 5"} {
		if !strings.Contains(strings.Join(warned, "\n"), want) {
			t.Errorf("no warning %q among %q", want, warned)
		}
	}
	dir := generateTypeLib(t, tlb, "oracle")
	writeWithTest(t, dir, nil, "testdata/tlbmodule/tlbmodule_windows_test.go")
	runUnderWine(t, w, dir)
	requireNoUnsafe(t, dir, "tlbmodule_windows_test.go")
}
