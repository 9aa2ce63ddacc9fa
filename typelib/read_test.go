package typelib_test

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/comgen/comgen/idl"
	"github.com/comgen/comgen/idl/idltest"
	"github.com/comgen/comgen/typelib"
)

// defaultBinaries are the Wine binaries the default run reads.
var defaultBinaries = []string{"scrrun.dll", "wshom.ocx", "msxml3.dll", "wbemdisp.dll", "taskschd.dll", "hnetcfg.dll", "vbscript.dll", "stdole2.tlb", "mshtml.tlb"}

// wineBinaries lists Wine's binaries with an embedded type library: a few,
// or under COMGEN_TYPELIB_ALL every file of the directory that holds the
// bytes MSFT.
func wineBinaries(t *testing.T) []string {
	idltest.Require(t, filepath.Join(wineBinDir, "scrrun.dll"), "wine64")
	var out []string
	if os.Getenv(allEnv) == "" {
		for _, f := range defaultBinaries {
			out = append(out, filepath.Join(wineBinDir, f))
		}
		return out
	}
	ents, err := os.ReadDir(wineBinDir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		ext := strings.ToLower(filepath.Ext(e.Name()))
		if ext != ".dll" && ext != ".ocx" && ext != ".tlb" && ext != ".exe" {
			continue
		}
		data, err := os.ReadFile(filepath.Join(wineBinDir, e.Name()))
		if err == nil && bytes.Contains(data, []byte("MSFT")) {
			out = append(out, filepath.Join(wineBinDir, e.Name()))
		}
	}
	return out
}

// TestWineBinaries reads every TYPELIB resource of Wine's binaries and
// prints each as IDL. Files that hold the bytes MSFT without a TYPELIB
// resource (crypt32, dhcpcsvc, oleaut32) must say so.
func TestWineBinaries(t *testing.T) {
	files := wineBinaries(t)
	var libs, types, funcs, noRes int
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		ids, err := typelib.ResourceIDs(f, data)
		if err != nil {
			t.Errorf("%v", err)
			continue
		}
		if len(ids) == 0 {
			noRes++
			if _, err := typelib.Open(f); err == nil || !strings.Contains(err.Error(), "no TYPELIB resource") {
				t.Errorf("%s has no TYPELIB resource, but Open says %v", f, err)
			}
			continue
		}
		for _, id := range ids {
			name := fmt.Sprintf("%s#%d", f, id)
			start := time.Now()
			lib, err := typelib.Open(name)
			if err != nil {
				t.Errorf("%v", err)
				continue
			}
			if d := time.Since(start); d > time.Second {
				t.Errorf("%s: reading took %v", name, d)
			}
			libs++
			types += len(lib.Types)
			for _, ti := range lib.Types {
				funcs += len(ti.Funcs)
			}
			var b bytes.Buffer
			if err := lib.WriteIDL(&b, nil); err != nil {
				t.Errorf("%s: WriteIDL: %v", name, err)
			}
		}
	}
	t.Logf("%d files: %d libraries (%d type infos, %d functions) read and dumped; %d files hold MSFT but no TYPELIB resource", len(files), libs, types, funcs, noRes)
}

// TestRoundTrip compiles Wine IDL with widl, reads the library, prints it
// as IDL, compiles that with widl again and reads the second library: the
// two must hold the same types, members, GUIDs, DISPIDs, slots, flags and
// values.
func TestRoundTrip(t *testing.T) {
	files := idlFiles(t)
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			if why, ok := roundTripSkips[filepath.Base(f)]; ok {
				t.Skip(why)
			}
			tlb, why := compile(t, f)
			if tlb == "" {
				t.Skipf("widl cannot compile %s: %s", filepath.Base(f), why)
			}
			checkRoundTrip(t, tlb)
		})
	}
}

// TestRoundTripBinaries does the round trip from Wine's binaries.
func TestRoundTripBinaries(t *testing.T) {
	idltest.Require(t, widl, "wine64-tools")
	for _, f := range wineBinaries(t) {
		if why, ok := roundTripSkips[filepath.Base(f)]; ok {
			t.Run(filepath.Base(f), func(t *testing.T) { t.Skip(why) })
			continue
		}
		t.Run(filepath.Base(f), func(t *testing.T) {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			if ids, err := typelib.ResourceIDs(f, data); err == nil && len(ids) == 0 {
				t.Skipf("%s holds the bytes MSFT but no TYPELIB resource (TestWineBinaries checks that Open says so)", filepath.Base(f))
			}
			checkRoundTrip(t, f)
		})
	}
}

// roundTripSkips are the binaries and IDL files whose round trip cannot
// agree, and why.
var roundTripSkips = map[string]string{
	"stdole2.tlb":            "its types are oaidl.idl's, which the dump imports: they are not declared again, so the second library lacks them",
	"stdole32.tlb":           "stdole2.tlb's types under another library (as stdole2.tlb)",
	"olepro32.dll":           "stdole2.tlb's types (OLE_COLOR, OLE_TRISTATE, Font...), which the dump's oaidl.idl and ocidl.idl declare: left out of the dump, they are not in the second library (as stdole2.tlb)",
	"activeds.tlb":           "it declares wtypes.idl's SYSTEMTIME and LARGE_INTEGER, which the dump's oaidl.idl declares: left out of the dump, they are not in the second library",
	"iads.idl":               "activeds.tlb's IDL (as activeds.tlb)",
	"cdosys.idl":             "widl 8 rejects the dump (as msado15.dll: defaultvalue(\"\") on ADO_LONGPTR parameters)",
	"msado15_backcompat.idl": "msado15.dll's IDL (as msado15.dll)",
	"msado15.dll":            "widl 8 rejects the dump (\"string default value applied to non-string type\"): msado15 has defaultvalue(\"\") on ADO_LONGPTR parameters (Wine's oleaut32 fails GetFuncDesc on the same functions)",
}

func checkRoundTrip(t *testing.T, tlb string) {
	t.Helper()
	lib1, err := typelib.Open(tlb)
	if err != nil {
		t.Fatal(err)
	}
	if err := lib1.Resolve([]string{filepath.Dir(tlb), wineBinDir}); err != nil {
		t.Logf("resolve: %v", err)
	}
	declared := oaidlDeclares(t)
	var src bytes.Buffer
	if err := lib1.WriteIDL(&src, &typelib.IDLOptions{Declared: declared}); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	idlFile := filepath.Join(dir, "dump.idl")
	if err := os.WriteFile(idlFile, src.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "dump.tlb")
	cmd := exec.Command(widl, "-t", "-I", idltest.WineIDLDir, "-o", out, idlFile)
	cmd.Dir = dir
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("widl on the dump of %s: %v\n%s", tlb, err, msg)
	}
	lib2, err := typelib.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	if err := lib2.Resolve([]string{wineBinDir}); err != nil {
		t.Logf("resolve: %v", err)
	}
	a, b := summary(lib1, declared), summary(lib2, declared)
	diffs := 0
	for k, v := range a {
		if b[k] != v {
			diffs++
			if diffs <= 20 {
				t.Errorf("%s:\n\tfirst:  %s\n\tsecond: %s", k, v, b[k])
			}
		}
	}
	for k, v := range b {
		if _, ok := a[k]; !ok {
			diffs++
			if diffs <= 20 {
				t.Errorf("%s only in the second library: %s", k, v)
			}
		}
	}
	if diffs > 20 {
		t.Errorf("%d differences in all", diffs)
	}
	t.Logf("%s: %d facts compared", filepath.Base(tlb), len(a))
}

// oaidlDeclares reports the names (and tags) Wine's oaidl.idl and what it
// imports declare: the dump imports it, so must not declare them again.
func oaidlDeclares(t *testing.T) func(string) bool {
	prog, err := idl.Load(wineConfig(), filepath.Join(idltest.WineIDLDir, "oaidl.idl"))
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]bool{}
	for name, e := range prog.Scope {
		names[name] = true
		switch x := e.(type) {
		case *idl.StructInfo:
			names[x.Tag] = true
		case *idl.EnumInfo:
			names[x.Tag] = true
		}
	}
	return func(n string) bool { return names[n] }
}

// summary flattens a library to facts keyed by where they are, with the
// names the library's case-insensitive name table may spell either way in
// lower case. The library's custom data (widl stamps its build time) is
// left out.
//
// An alias that oaidl.idl's imports declare (wtypes.idl's wireHWND, the wire
// type of HWND) stands for its target: widl keeps such an alias in a
// library compiled from IDL that uses HWND, and writes the target from the
// dump, which names the alias.
func summary(l *typelib.Library, declared func(string) bool) map[string]string {
	typeString := func(td *typelib.TypeDesc) string { return typeString(td, declared) }
	m := map[string]string{}
	m["library"] = fmt.Sprintf("%s %s %d.%d lcid=%#x flags=%#x doc=%q helpfile=%q ctx=%#x", l.Name, l.GUID, l.Major, l.Minor, l.LCID, l.Flags, l.Doc, l.HelpFile, l.HelpContext)
	for _, ti := range l.Types {
		if strings.HasPrefix(ti.Name, "__WIDL_") || ti.Kind == typelib.KindAlias && declared(ti.Name) {
			continue
		}
		k := ti.Kind.String() + " " + strings.ToLower(ti.Name)
		m[k] = fmt.Sprintf("%s %s flags=%#x v%d.%d size=%d align=%d vft=%d doc=%q ctx=%#x custom=%v dll=%q alias=%s",
			ti.Name, ti.GUID, ti.Flags, ti.Major, ti.Minor, ti.Size, ti.Align, ti.VtblSize, ti.Doc, ti.HelpContext, custom(ti.Custom), ti.DLLName, typeString(ti.Alias))
		for i, it := range ti.Impls {
			m[fmt.Sprintf("%s impl %d", k, i)] = fmt.Sprintf("%s flags=%#x", strings.ToLower(it.Ref.Name()), it.Flags)
		}
		for i, f := range ti.Funcs {
			fk := fmt.Sprintf("%s func %d", k, i)
			m[fk] = fmt.Sprintf("%#x %s kind=%d invoke=%d cc=%d vft=%d flags=%#x opt=%d ret=%s doc=%q ctx=%#x entry=%q/%d custom=%v",
				uint32(f.MemID), strings.ToLower(f.Name), f.Kind, f.Invoke, f.CallConv, f.VtblOffset, f.Flags, f.OptParams, typeString(f.Ret), f.Doc, f.HelpContext, f.Entry, f.EntryOrdinal, custom(f.Custom))
			for j, p := range f.Params {
				def := "-"
				if p.Default != nil {
					def = p.Default.VT.String() + " " + p.Default.String()
				}
				m[fmt.Sprintf("%s param %d", fk, j)] = fmt.Sprintf("%s %s flags=%#x default=%s custom=%v", strings.ToLower(p.Name), typeString(p.Type), p.Flags, def, custom(p.Custom))
			}
		}
		for i, v := range ti.Vars {
			val := "-"
			if v.Value != nil {
				val = v.Value.VT.String() + " " + v.Value.String()
			}
			m[fmt.Sprintf("%s var %d", k, i)] = fmt.Sprintf("%#x %s kind=%d flags=%#x %s offset=%d value=%s doc=%q", uint32(v.MemID), strings.ToLower(v.Name), v.Kind, v.Flags, typeString(v.Type), v.Offset, val, v.Doc)
		}
	}
	return m
}

// widlGenerated matches widl's names of anonymous types, which name the IDL file.
var widlGenerated = regexp.MustCompile(`__widl_\w+_generated_name`)

// widlAnonymous matches widl's whole name of an anonymous type.
var widlAnonymous = regexp.MustCompile(`(?i)^__widl_\w*generated_name_[0-9a-f]+$`)

func custom(cs []typelib.CustData) string {
	var s []string
	for _, c := range cs {
		s = append(s, c.GUID.String()+"="+c.Value.VT.String()+" "+c.Value.String())
	}
	sort.Strings(s)
	return strings.Join(s, ",")
}

func typeString(td *typelib.TypeDesc, declared func(string) bool) string {
	if td == nil {
		return "-"
	}
	switch td.VT {
	case typelib.VT_PTR:
		return typeString(td.Elem, declared) + "*"
	case typelib.VT_SAFEARRAY:
		return "SAFEARRAY(" + typeString(td.Elem, declared) + ")"
	case typelib.VT_CARRAY:
		return fmt.Sprintf("%s%v", typeString(td.Elem, declared), td.Dims)
	case typelib.VT_USERDEFINED:
		if x := td.Ref.Type; x != nil && x.Kind == typelib.KindAlias && declared(x.Name) {
			if a := x.Alias; a != nil && a.VT == typelib.VT_USERDEFINED && widlAnonymous.MatchString(a.Ref.Name()) {
				// typedef struct {...} GUID: the first library names the
				// alias, the second (from the dump, which oaidl's GUID
				// declares) the struct GUID.
				return strings.ToLower(x.Name)
			}
			return typeString(x.Alias, declared)
		}
		return widlGenerated.ReplaceAllString(strings.ToLower(td.Ref.Name()), "__widl_generated_name")
	}
	return td.VT.String()
}

// TestBadInput: truncated, corrupt and hostile libraries give an error that
// names the file and an offset, never a panic.
func TestBadInput(t *testing.T) {
	tlb := sampleLibrary(t)
	data, err := os.ReadFile(tlb)
	if err != nil {
		t.Fatal(err)
	}
	check := func(name string, b []byte, want string) {
		t.Helper()
		_, err := typelib.Read("bad.tlb", b, 0)
		var te *typelib.Error
		if err == nil || !errors.As(err, &te) || te.File != "bad.tlb" || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: got %v, want an *Error for bad.tlb mentioning %q", name, err, want)
		}
	}
	check("empty", nil, "not a type library")
	check("SLTG", append([]byte("SLTG"), make([]byte, 100)...), "SLTG")
	check("text", []byte("hello, world"), "not a type library")
	check("header only", data[:0x54], "cannot fit")
	// Every truncation fails cleanly (or reads, when what is cut is unused).
	for n := 0; n < len(data); n += 97 {
		if _, err := typelib.Read("bad.tlb", data[:n], 0); err != nil && !strings.HasPrefix(err.Error(), "bad.tlb") {
			t.Errorf("truncated at %d: %v does not name the file", n, err)
		}
	}
	// A huge type info count.
	huge := bytes.Clone(data)
	binary.LittleEndian.PutUint32(huge[0x20:], 0x7fffffff)
	check("huge count", huge, "cannot fit")
	// A type descriptor that points at itself: a pointer to itself.
	cyc := bytes.Clone(data)
	off, n := segment(cyc, 9)
	for i := 0; i+8 <= n; i += 8 {
		if vt := binary.LittleEndian.Uint32(cyc[off+i:]) & 0xfff; vt == 26 {
			binary.LittleEndian.PutUint32(cyc[off+i+4:], uint32(i))
			check("type descriptor cycle", cyc, "cycle")
			break
		}
	}
	// A pointer to a user-defined type written inline, without the
	// reference that names the type.
	inl, found := bytes.Clone(data), false
	for i := 0; i+8 <= n && !found; i += 8 {
		if vt := binary.LittleEndian.Uint32(inl[off+i:]) & 0xfff; vt == 26 && int32(binary.LittleEndian.Uint32(inl[off+i+4:])) < 0 {
			binary.LittleEndian.PutUint32(inl[off+i+4:], 0x801d001d)
			check("inline VT_USERDEFINED", inl, "written inline")
			found = true
		}
	}
	if !found {
		t.Error("no pointer to a type written inline in the sample library")
	}
	// Every single-word corruption of the header, directory and first type
	// infos, and of every 61st word after them: no panic.
	for i := 0; i+4 <= len(data); i += 4 {
		if i > 0x800 && i%(61*4) != 0 {
			continue
		}
		for _, v := range []uint32{0xffffffff, 0x7fffffff, 0x80000000, 0x10000} {
			b := bytes.Clone(data)
			binary.LittleEndian.PutUint32(b[i:], v)
			typelib.Read("bad.tlb", b, 0)
		}
	}
}

// segment returns the offset and length of segment i of a bare MSFT file.
func segment(data []byte, i int) (int, int) {
	ntypes := int(binary.LittleEndian.Uint32(data[0x20:]))
	dir := 0x54 + 4*ntypes
	if binary.LittleEndian.Uint32(data[0x14:])&0x100 != 0 {
		dir += 4
	}
	e := dir + 16*i
	return int(binary.LittleEndian.Uint32(data[e:])), int(binary.LittleEndian.Uint32(data[e+4:]))
}

// msftOnly returns the MSFT library data starts with, up to the end of its
// last segment.
func msftOnly(data []byte) []byte {
	end := 0
	for i := 0; i < 15; i++ {
		off, n := segment(data, i)
		if int32(off) >= 0 && int32(n) > 0 && off+n <= len(data) {
			end = max(end, off+n)
		}
	}
	if end == 0 {
		return data
	}
	return data[:end]
}

// sampleLibrary compiles wbemdisp.idl with widl.
func sampleLibrary(t testing.TB) string {
	idltest.Require(t, idltest.WineIDLDir, "libwine-dev")
	idltest.Require(t, widl, "wine64-tools")
	dir := t.TempDir()
	out := filepath.Join(dir, "wbemdisp.tlb")
	cmd := exec.Command(widl, "-t", "-I", idltest.WineIDLDir, "-o", out, filepath.Join(idltest.WineIDLDir, "wbemdisp.idl"))
	cmd.Dir = dir
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("widl: %v\n%s", err, msg)
	}
	return out
}

// FuzzRead reads arbitrary bytes as a library, seeded with a library widl
// compiles and with the type libraries of a few Wine binaries (as bare
// MSFT data and as the PE files).
func FuzzRead(f *testing.F) {
	if _, err := os.Stat(widl); err == nil {
		if _, err := os.Stat(idltest.WineIDLDir); err == nil {
			if data, err := os.ReadFile(sampleLibrary(f)); err == nil {
				f.Add(data)
			}
		}
	}
	// The libraries alone, cut from the PE files at the end of their last
	// segment, and a small PE file whole: the fuzzer mutates and minimizes
	// every input it finds interesting, which on a whole DLL (scrrun.dll
	// is 1 MB) takes it minutes per input.
	for _, name := range []string{"scrrun.dll", "wshom.ocx", "stdole2.tlb"} {
		data, err := os.ReadFile(filepath.Join(wineBinDir, name))
		if err != nil {
			continue
		}
		if i := bytes.Index(data, []byte("MSFT")); i >= 0 {
			f.Add(msftOnly(data[i:]))
		}
		if len(data) < 64<<10 {
			f.Add(data)
		}
	}
	f.Add([]byte("SLTG"))
	f.Fuzz(func(t *testing.T, data []byte) {
		lib, err := typelib.Read("fuzz.tlb", data, 0)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "fuzz.tlb") {
				t.Fatalf("error does not name the file: %v", err)
			}
			return
		}
		var b bytes.Buffer
		lib.WriteIDL(&b, nil)
	})
}
