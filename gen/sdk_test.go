package gen_test

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/comgen/comgen/gen"
	"github.com/comgen/comgen/idl"
	"github.com/comgen/comgen/internal/testenv"
)

// The Windows SDK's own IDL (the MIDL dialect) is read from the directory
// named by COMGEN_WINSDK_DIR, which holds the SDK's um/, shared/ and winrt/
// include folders: "Windows Kits/10/Include/<version>" of an installed SDK,
// or generation/WinSDK/RecompiledIdlHeaders of microsoft/win32metadata. On
// Windows the newest installed Windows Kit is used when it is not set.
// Without either, the SDK tests skip. The SDK's files are never copied into
// this repository.
func sdkDir(t testing.TB) string {
	t.Helper()
	if d := os.Getenv("COMGEN_WINSDK_DIR"); d != "" {
		return d
	}
	if runtime.GOOS == "windows" {
		base := filepath.Join(os.Getenv("ProgramFiles(x86)"), "Windows Kits", "10", "Include")
		if ents, err := os.ReadDir(base); err == nil {
			var versions []string
			for _, e := range ents {
				if e.IsDir() && strings.HasPrefix(e.Name(), "10.") {
					versions = append(versions, e.Name())
				}
			}
			sort.Strings(versions)
			if len(versions) > 0 {
				return filepath.Join(base, versions[len(versions)-1])
			}
		}
	}
	t.Skip("no Windows SDK: set COMGEN_WINSDK_DIR to a directory with the SDK's um/, shared/ and winrt/ IDL")
	return ""
}

func sdkConfig(dir string, cache *idl.Cache) idl.Config {
	return idl.Config{Cache: cache, Dirs: []idl.Dir{idl.OSDir(filepath.Join(dir, "um")), idl.OSDir(filepath.Join(dir, "shared")),
		idl.OSDir(filepath.Join(dir, "winrt"))}}
}

// sdkIDLFiles lists the IDL files of the SDK's um/, shared/ and winrt/;
// COMGEN_SDK_FILES, a glob on the base name, narrows the list (to look at one
// file's result quickly).
func sdkIDLFiles(t testing.TB, dir string) []string {
	t.Helper()
	only := os.Getenv("COMGEN_SDK_FILES")
	var files []string
	for _, sub := range []string{"um", "shared", "winrt"} {
		ents, err := os.ReadDir(filepath.Join(dir, sub))
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range ents {
			if ok, _ := filepath.Match(strings.ToLower(only), strings.ToLower(e.Name())); only != "" && !ok {
				continue
			}
			if strings.EqualFold(filepath.Ext(e.Name()), ".idl") {
				files = append(files, filepath.Join(dir, sub, e.Name()))
			}
		}
	}
	return files
}

// findCI finds name in dir ignoring case, as Windows does (WbemCli.Idl).
func findCI(t testing.TB, dir, name string) string {
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		if strings.EqualFold(e.Name(), name) {
			return filepath.Join(dir, e.Name())
		}
	}
	t.Fatalf("%s not found in %s", name, dir)
	return ""
}

// TestSDKWbemCli generates Go from the SDK's own WbemCli.Idl and compares
// every vtable (slot order and count) and every enumerator value with WbemCli.h,
// the header MIDL made from it, which sits beside it; then type-checks the
// output for windows/amd64 and 386.
func TestSDKWbemCli(t *testing.T) {
	dir := sdkDir(t)
	um := filepath.Join(dir, "um")
	prog, err := idl.Load(sdkConfig(dir, nil), findCI(t, um, "wbemcli.idl"))
	if err != nil {
		t.Fatal(err)
	}
	header, err := os.ReadFile(findCI(t, um, "wbemcli.h"))
	if err != nil {
		t.Fatal(err)
	}
	vtbls := midlVtables(string(header))
	ifaces := 0
	for _, e := range prog.Entities {
		i, ok := e.(*idl.IfaceInfo)
		if !ok || i.Forward || i.DeclFile() != prog.Roots[0] {
			continue
		}
		var ours []string
		for _, m := range i.AllMethods() {
			ours = append(ours, m.Name)
		}
		theirs, ok := vtbls[i.Name]
		if !ok {
			t.Errorf("%s: no %sVtbl in WbemCli.h", i.Name, i.Name)
			continue
		}
		if strings.Join(ours, " ") != strings.Join(theirs, " ") {
			t.Errorf("%s vtable:\n ours %v\n MIDL %v", i.Name, ours, theirs)
		}
		ifaces++
		delete(vtbls, i.Name)
	}
	for name := range vtbls {
		t.Errorf("WbemCli.h has %sVtbl, which the generator did not see", name)
	}
	t.Logf("%d interfaces have the vtables of MIDL's WbemCli.h", ifaces)

	enums, unparsed := midlEnumerators(string(header))
	checked := 0
	for _, e := range prog.Entities {
		en, ok := e.(*idl.EnumInfo)
		if !ok {
			continue
		}
		for _, m := range en.Members {
			want, ok := enums[m.Name]
			if !ok {
				continue
			}
			if int32(m.Value) != int32(want) {
				t.Errorf("%s = %#x, WbemCli.h says %#x", m.Name, uint32(m.Value), uint32(want))
			}
			checked++
			delete(enums, m.Name)
		}
	}
	for name := range enums {
		t.Errorf("WbemCli.h has enumerator %s, which the generator did not see", name)
	}
	t.Logf("%d enumerator values agree with WbemCli.h (%d there not plain numbers)", checked, unparsed)
	if ifaces == 0 || checked == 0 {
		t.Fatal("nothing compared")
	}

	files, err := gen.Generate(prog, gen.Options{Package: "wbemcli", Inputs: []string{"WbemCli.Idl"}})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, f := range files {
		out[f.Name] = string(f.Src)
	}
	typeCheck(t, out)
}

var (
	vtblBlock = regexp.MustCompile(`(?s)typedef struct (\w+)Vtbl\s*\{\s*BEGIN_INTERFACE(.*?)END_INTERFACE\s*\}\s*\w+Vtbl;`)
	vtblSlot  = regexp.MustCompile(`\(\s*(?:STDMETHODCALLTYPE|__stdcall)\s*\*\s*(\w+)\s*\)`)
	cppIface  = regexp.MustCompile(`(?s)MIDL_INTERFACE\("[^"]*"\)(?:\s*#[^\n]*|\s*DEPRECATED\([^\n]*\))*\s*(\w+)\s*:\s*public\s+\w+\s*\{(.*?)\n\s*\};`)
	cppMethod = regexp.MustCompile(`virtual\s+[\w\s\*]+?STDMETHODCALLTYPE\s+(\w+)\s*\(`)
	cComment  = regexp.MustCompile(`(?s)/\*.*?\*/|//[^\n]*`)
	enumBlock = regexp.MustCompile(`(?s)enum\s+\w*\s*\{([^}]*)\}`)
	enumItem  = regexp.MustCompile(`^\s*(\w+)\s*=\s*(.+?)\s*$`)
)

// midlCppMethods reads the C++ interface declarations of a MIDL header:
// interface name (without namespace) -> its own methods in order. MIDL writes
// some WinRT interfaces (deprecated contracts) for C++ only.
func midlCppMethods(h string) map[string][]string {
	out := map[string][]string{}
	for _, m := range cppIface.FindAllStringSubmatch(h, -1) {
		var ms []string
		for _, x := range cppMethod.FindAllStringSubmatch(m[2], -1) {
			ms = append(ms, x[1])
		}
		out[m[1]] = ms
	}
	return out
}

// midlVtables reads the C vtable structs of a MIDL header: interface -> methods in slot order.
func midlVtables(h string) map[string][]string {
	out := map[string][]string{}
	for _, m := range vtblBlock.FindAllStringSubmatch(h, -1) {
		// A slot is a function pointer at the struct's top level; one inside
		// a method's parameter list (IViewObjectEx::Draw's pfnContinue) is not.
		body := cComment.ReplaceAllStringFunc(m[2], func(c string) string { return strings.Repeat(" ", len(c)) })
		var slots []string
		for _, s := range vtblSlot.FindAllStringSubmatchIndex(body, -1) {
			if strings.Count(body[:s[0]], "(") == strings.Count(body[:s[0]], ")") {
				slots = append(slots, body[s[2]:s[3]])
			}
		}
		out[m[1]] = slots
	}
	return out
}

// A generic instance's IID is in MIDL's C++ declarations: the last
// __declspec(uuid(...)) before typedef IVector<HSTRING> __FIVector_1_HSTRING_t;
var (
	midlInstanceTypedef = regexp.MustCompile(`typedef [^;]* (__F\w+)_t;`)
	midlUUID            = regexp.MustCompile(`__declspec\(uuid\("([0-9a-fA-F-]{36})"\)\)`)
)

// usedInstances returns the generic instances that the root file's own
// declarations use, directly or through other instances (their methods,
// the interfaces they require, the interfaces a runtime class implements).
func usedInstances(prog *idl.Program) map[*idl.IfaceInfo]bool {
	used := map[*idl.IfaceInfo]bool{}
	var visitIface func(i *idl.IfaceInfo)
	var visitType func(t *idl.TypeRef)
	structs := map[*idl.StructInfo]bool{}
	visitType = func(t *idl.TypeRef) {
		for t != nil && (t.Kind == idl.RPointer || t.Kind == idl.RArray) {
			t = t.Elem
		}
		if t != nil && t.Kind == idl.RNamed {
			switch d := t.Decl.(type) {
			case *idl.IfaceInfo:
				if d.Generic != nil {
					visitIface(d)
				}
			case *idl.AliasInfo:
				visitType(d.Type)
			case *idl.StructInfo:
				if !structs[d] {
					structs[d] = true
					for _, f := range d.Fields {
						visitType(f.Type)
					}
				}
			}
		}
	}
	visitIface = func(i *idl.IfaceInfo) {
		if i.Generic != nil {
			if used[i] {
				return
			}
			used[i] = true
			for _, a := range i.Generic.Args {
				visitType(a)
			}
		}
		for _, m := range i.Methods {
			visitType(m.Ret)
			for _, p := range m.Params {
				visitType(p.Type)
			}
		}
		for _, r := range i.Requires {
			visitIface(r)
		}
	}
	for _, e := range prog.Entities {
		if e.DeclFile() != prog.Roots[0] {
			continue
		}
		switch x := e.(type) {
		case *idl.IfaceInfo:
			if x.Generic == nil {
				visitIface(x)
			}
		case *idl.ClassInfo:
			for _, m := range x.Members {
				if m.Generic != nil {
					visitIface(m)
				}
			}
		case *idl.StructInfo:
			visitType(&idl.TypeRef{Kind: idl.RNamed, Decl: x})
		}
	}
	return used
}

// midlEnumerators reads the enumerators with literal values of a MIDL header.
func midlEnumerators(h string) (map[string]int64, int) {
	out := map[string]int64{}
	unparsed := 0
	for _, b := range enumBlock.FindAllStringSubmatch(h, -1) {
		for _, item := range strings.Split(b[1], ",") {
			m := enumItem.FindStringSubmatch(item)
			if m == nil {
				continue
			}
			v, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSuffix(m[2], "L"), "l"), 0, 64)
			if err != nil {
				if u, uerr := strconv.ParseUint(m[2], 0, 64); uerr == nil {
					v = int64(u)
				} else {
					unparsed++
					continue
				}
			}
			out[m[1]] = v
		}
	}
	return out, unparsed
}

// TestSDKCorpus loads every IDL file of the SDK's um/, shared/ and winrt/
// folders and generates Go for each, reporting how many succeed and grouping
// the first error of each failure.
func TestSDKCorpus(t *testing.T) {
	dir := sdkDir(t)
	if testing.Short() {
		t.Skip("the SDK corpus takes minutes")
	}
	files := sdkIDLFiles(t, dir)
	includer := includers(t, files)
	cache := idl.NewCache()
	classes := map[string][]string{}
	okFile := map[string]bool{}
	for _, path := range files {
		if includer[path] != "" {
			continue
		}
		prog, err := idl.Load(sdkConfig(dir, cache), path)
		if err == nil {
			// With comgen's own type check, as the command runs: a file
			// whose Go does not type-check is an internal error here (the
			// SDK's ShObjIdl_core.idl was one, IEnumObjects::Next).
			_, err = gen.Generate(prog, gen.Options{Package: "x", Inputs: []string{filepath.Base(path)}, TypeCheck: true})
		}
		if err != nil {
			first, _, _ := strings.Cut(err.Error(), "\n")
			class := first
			if i := strings.Index(first, ": "); i >= 0 && strings.Contains(first[:i], ":") {
				class = first[i+2:]
			}
			class = regexp.MustCompile(`"[^"]*"|\b[A-Z_][A-Za-z0-9_]*[a-z0-9_][A-Za-z0-9_]*\b`).ReplaceAllString(class, "X")
			classes[class] = append(classes[class], filepath.Base(path)+": "+first)
			continue
		}
		okFile[path] = true
	}
	for _, sub := range []string{"um", "shared", "winrt"} {
		total, ok, frag := 0, 0, 0
		for _, path := range files {
			if filepath.Base(filepath.Dir(path)) != sub {
				continue
			}
			total++
			if inc := includer[path]; inc != "" {
				frag++
				if okFile[inc] {
					ok++
				}
				continue
			}
			if okFile[path] {
				ok++
			}
		}
		t.Logf("%s: %d of %d IDL files generate (%d of them fragments, counted through their includer)", sub, ok, total, frag)
	}
	var keys []string
	for k := range classes {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if len(classes[keys[i]]) != len(classes[keys[j]]) {
			return len(classes[keys[i]]) > len(classes[keys[j]])
		}
		return keys[i] < keys[j]
	})
	for _, k := range keys {
		t.Logf("%4d  %s\n        e.g. %s", len(classes[k]), k, classes[k][0])
		if strings.Contains(k, "internal error") {
			// What the SDK does not give (imports, types) is the input's;
			// an internal error is always comgen's.
			t.Errorf("%d SDK files end in an internal error:\n%s", len(classes[k]), strings.Join(classes[k], "\n"))
		}
	}
}

// TestBuiltinMatchesSDK holds our embedded wbemcli.idl to the SDK: every
// interface the SDK's WbemCli.h lays out must be in it, with MIDL's vtable
// (slot order and count) and the SDK IDL's IID.
func TestBuiltinMatchesSDK(t *testing.T) {
	dir := sdkDir(t)
	um := filepath.Join(dir, "um")
	sdk, err := idl.Load(sdkConfig(dir, nil), findCI(t, um, "wbemcli.idl"))
	if err != nil {
		t.Fatal(err)
	}
	header, err := os.ReadFile(findCI(t, um, "wbemcli.h"))
	if err != nil {
		t.Fatal(err)
	}
	ours, err := idl.LoadFS(idl.Config{Dirs: []idl.Dir{idl.Builtin}}, idl.Builtin, "wbemcli.idl")
	if err != nil {
		t.Fatal(err)
	}
	vtbls := midlVtables(string(header))
	matched := 0
	for name, slots := range vtbls {
		i, ok := ours.Scope[name].(*idl.IfaceInfo)
		if !ok || i.Forward {
			t.Errorf("the embedded wbemcli.idl lacks %s", name)
			continue
		}
		var got []string
		for _, m := range i.AllMethods() {
			got = append(got, m.Name)
		}
		if strings.Join(got, " ") != strings.Join(slots, " ") {
			t.Errorf("%s vtable:\n ours %v\n MIDL %v", name, got, slots)
		}
		if s, ok := sdk.Scope[name].(*idl.IfaceInfo); !ok || s.IID == nil || i.IID == nil || *s.IID != *i.IID {
			t.Errorf("%s: IID %v, the SDK says %v", name, i.IID, s.IID)
		}
		matched++
	}
	t.Logf("%d of the SDK's %d wbemcli interfaces match the embedded IDL", matched, len(vtbls))
}

// TestSDKVtables loads every SDK IDL file that has the header MIDL generated
// from it beside it (um/, shared/, winrt/) and compares each interface the
// file declares with MIDL's vtable struct: the same methods in the same slot
// order. Every vtable MIDL declares must be one of ours, or be a kind comgen
// does not emit, which is counted by kind (WinRT generic instances such as
// __FIIterable_1_HSTRING). A file that does not load fails the test unless an
// imported or included file is absent from the SDK copy (logged).
func TestSDKVtables(t *testing.T) {
	dir := sdkDir(t)
	if testing.Short() {
		t.Skip("the SDK corpus takes minutes")
	}
	files := sdkIDLFiles(t, dir)
	includer := includers(t, files)
	headers := map[string]string{} // lower-case path without extension -> header path
	for _, sub := range []string{"um", "shared", "winrt"} {
		ents, _ := os.ReadDir(filepath.Join(dir, sub))
		for _, e := range ents {
			if strings.EqualFold(filepath.Ext(e.Name()), ".h") {
				p := filepath.Join(dir, sub, e.Name())
				headers[strings.ToLower(strings.TrimSuffix(p, filepath.Ext(p)))] = p
			}
		}
	}
	// A generic instance is declared in the header of each file that uses
	// it (under an include guard); its IID is in the C++ part.
	midlInstances, midlPIIDs := map[string][]string{}, map[string]string{}
	headerInstances := map[string]map[string]bool{} // header -> the instances it declares (C or C++)
	for _, hp := range headers {
		h, err := os.ReadFile(hp)
		if err != nil {
			t.Fatal(err)
		}
		declares := map[string]bool{}
		for name, slots := range midlVtables(string(h)) {
			if strings.HasPrefix(name, "__F") {
				midlInstances[name] = slots
				declares[name] = true
			}
		}
		// The C++ part declares every instance; the C part (the vtables)
		// leaves some out.
		for _, m := range midlInstanceTypedef.FindAllStringSubmatchIndex(string(h), -1) {
			name := string(h[m[2]:m[3]])
			declares[name] = true
			before := string(h[max(0, m[0]-2000):m[0]])
			if u := midlUUID.FindAllStringSubmatch(before, -1); u != nil {
				midlPIIDs[name] = u[len(u)-1][1]
			}
		}
		headerInstances[hp] = declares
	}
	cache := idl.NewCache()
	var compared, matched, fileCount, notInHeader, dispOnly, cppOnly int
	var instances, instancesVtbl, instancesIID, declaredOnly, usedNotDeclared, declaredNowhere int
	instanceSeen := map[string]bool{}
	absent := map[string]int{} // kind -> vtables MIDL declares that comgen does not emit
	var failures, missingInputs []string
	for _, path := range files {
		if includer[path] != "" {
			continue
		}
		hp, ok := headers[strings.ToLower(strings.TrimSuffix(path, filepath.Ext(path)))]
		if !ok {
			continue
		}
		h, err := os.ReadFile(hp)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(h), "__REQUIRED_RPCNDR_H_VERSION__") { // not MIDL's output: a C header the IDL includes
			continue
		}
		prog, err := idl.Load(sdkConfig(dir, cache), path)
		if err != nil {
			first, _, _ := strings.Cut(err.Error(), "\n")
			if strings.Contains(first, "cannot find imported file") || strings.Contains(first, "cannot find included file") {
				missingInputs = append(missingInputs, first)
			} else {
				failures = append(failures, first)
			}
			continue
		}
		fileCount++
		theirs := midlVtables(string(h))
		var cpp map[string][]string
		if strings.Contains(string(h), "MIDL_INTERFACE") {
			cpp = midlCppMethods(string(h))
		}
		// The generic instances MIDL declares in this header: those the
		// file's own declarations use, with what they use in turn.
		used := usedInstances(prog)
		midlHas := headerInstances[hp]
		for _, e := range prog.Entities {
			i, ok := e.(*idl.IfaceInfo)
			if !ok || i.Generic == nil || !used[i] && i.DeclFile() != prog.Roots[0] {
				continue
			}
			delete(theirs, i.Name)
			if !midlHas[i.Name] {
				if used[i] {
					usedNotDeclared++ // required by one MIDL declares, say: MIDL declares it with the files that use it
				} else {
					declaredOnly++ // listed in a declare block only
				}
			}
			delete(midlHas, i.Name)
			want, hasVtbl := midlInstances[i.Name]
			iid, hasIID := midlPIIDs[i.Name]
			if !hasVtbl && !hasIID {
				if !used[i] {
					// Listed in a declare block and used by no SDK file: no
					// header declares it, so there is nothing to compare.
					declaredNowhere++
					continue
				}
				if len(failures) < 50 {
					failures = append(failures, fmt.Sprintf("%s: %s (%s) is in no MIDL header", filepath.Base(path), i.Name, i.Generic.Written))
				}
				continue
			}
			if instanceSeen[i.Name] {
				continue
			}
			instanceSeen[i.Name] = true
			instances++
			if hasVtbl {
				instancesVtbl++
				var ours []string
				for _, m := range i.AllMethods() {
					ours = append(ours, m.Name)
				}
				if strings.Join(ours, " ") != strings.Join(want, " ") && len(failures) < 50 {
					failures = append(failures, fmt.Sprintf("%s: %s vtable:\n\tours %v\n\tMIDL %v", filepath.Base(path), i.Name, ours, want))
				}
			}
			if hasIID {
				instancesIID++
				if g, err := idl.ParseGUID(iid); err != nil || *g != *i.IID {
					failures = append(failures, fmt.Sprintf("%s: %s IID %v, MIDL's header says %s (signature %s)", filepath.Base(path), i.Name, i.IID, iid, i.Generic.Signature))
				}
			}
		}
		for name := range midlHas {
			if len(failures) < 50 {
				failures = append(failures, fmt.Sprintf("%s: MIDL declares the generic instance %s, which comgen does not emit", filepath.Base(path), name))
			}
			absent["WinRT generic instance"]++
		}
		for _, e := range prog.Entities {
			i, ok := e.(*idl.IfaceInfo)
			if !ok || i.Forward || i.Base == nil && !i.Object || i.DeclFile() != prog.Roots[0] || i.Generic != nil {
				continue // an RPC interface (no [object]) has no vtable
			}
			methods := i.AllMethods()
			if i.Dispatch {
				if i.Base == nil {
					continue
				}
				methods = i.Base.AllMethods() // a dispinterface's vtable is IDispatch's
			}
			cname := i.Name
			if i.Delegate { // MIDL names delegate Windows.Foundation.X's C interface IX
				k := strings.LastIndex(cname, ".") + 1
				cname = cname[:k] + "I" + cname[k:]
			}
			if strings.Contains(cname, ".") {
				cname = "__x_ABI_C" + strings.ReplaceAll(cname, ".", "_C")
			}
			want, ok := theirs[cname]
			if !ok && i.Dispatch {
				dispOnly++ // declared in the type library only
				continue
			}
			if !ok {
				// Declared for C++ only: compare the interface's own methods.
				short := cname[strings.LastIndex(cname, "_C")+2:]
				if !strings.Contains(cname, "_C") {
					short = cname
				}
				if own, isCpp := cpp[short]; isCpp {
					var ours []string
					for _, m := range i.Methods {
						ours = append(ours, m.Name)
					}
					compared++
					cppOnly++
					if strings.Join(ours, " ") == strings.Join(own, " ") {
						matched++
					} else if len(failures) < 50 {
						failures = append(failures, fmt.Sprintf("%s: %s methods:\n\tours %v\n\tMIDL (C++) %v", filepath.Base(path), i.Name, ours, own))
					}
					continue
				}
			}
			if !ok {
				if notInHeader < 10 {
					t.Logf("%s: %s has no vtable in MIDL's header", filepath.Base(path), i.Name)
				}
				notInHeader++
				continue
			}
			delete(theirs, cname)
			compared++
			var ours []string
			for _, m := range methods {
				ours = append(ours, m.Name)
			}
			if strings.Join(ours, " ") == strings.Join(want, " ") {
				matched++
			} else if len(failures) < 50 {
				failures = append(failures, fmt.Sprintf("%s: %s vtable:\n\tours %v\n\tMIDL %v", filepath.Base(path), i.Name, ours, want))
			}
		}
		for name := range theirs {
			switch {
			case strings.HasPrefix(name, "__F"):
				// counted above, from the C++ part's list
			default:
				if len(failures) < 50 {
					failures = append(failures, fmt.Sprintf("%s: MIDL declares %sVtbl, which comgen does not emit", filepath.Base(path), name))
				}
				absent["unexplained"]++
			}
		}
	}
	t.Logf("%d files with a MIDL header loaded: %d of %d vtables compared equal MIDL's (%d of them declared for C++ only, compared by their own methods); %d dispinterfaces have no C vtable there (type library only)", fileCount, matched, compared, cppOnly, dispOnly)
	t.Logf("WinRT generic instances: %d distinct ones emitted, %d compared with MIDL's C vtables, %d with the IID of MIDL's C++ declarations; beyond what each file's header declares, %d listed in a declare block of the file and %d used by the file (through one it requires, say) are emitted too; %d listed in declare blocks are in no header (MIDL declares an instance only with a file that uses it)", instances, instancesVtbl, instancesIID, declaredOnly, usedNotDeclared, declaredNowhere)
	if notInHeader > 0 {
		t.Errorf("%d [object] interfaces are not in their file's MIDL header", notInHeader)
	}
	for kind, n := range absent {
		t.Logf("%d vtables MIDL declares are not emitted: %s", n, kind)
	}
	for _, m := range missingInputs {
		t.Logf("not loaded, an input is absent from this SDK copy: %s", m)
	}
	for _, f := range failures {
		t.Error(f)
	}
	if compared == 0 {
		t.Fatal("no vtable compared")
	}
}

// TestSDKPackagesVet generates a package from every SDK IDL file that loads
// (self-contained, one package each) and runs go vet over all of them for
// windows/amd64, 386 and arm64. A file may fail to generate only with a collision error
// that names the runtime support (WTypes.Idl's VT_*; with -runtime they
// generate). It takes minutes beyond the other SDK tests, so it runs only
// when COMGEN_SDK_VET=1 as well:
//
//	COMGEN_WINSDK_DIR=... COMGEN_SDK_VET=1 go test ./gen -run TestSDKPackagesVet -timeout 60m
func TestSDKPackagesVet(t *testing.T) {
	dir := sdkDir(t)
	if os.Getenv("COMGEN_SDK_VET") != "1" {
		t.Skip("set COMGEN_SDK_VET=1 to vet a package per SDK file (several minutes)")
	}
	files := sdkIDLFiles(t, dir)
	includer := includers(t, files)
	cache := idl.NewCache()
	root := testenv.Module(t)
	generated := 0
	c := newCensus()
	var shared []string // files whose names clash with the runtime's: -runtime
	for _, path := range files {
		if includer[path] != "" {
			continue
		}
		prog, err := idl.Load(sdkConfig(dir, cache), path)
		if err != nil {
			continue // TestSDKVtables reports files that do not load
		}
		pkg := pkgIdent(strings.TrimSuffix(filepath.Base(path), filepath.Ext(path)))
		out, err := gen.Generate(prog, gen.Options{Package: pkg, Inputs: []string{filepath.Base(path)}})
		if err != nil {
			if !strings.Contains(err.Error(), "use a shared runtime package") {
				t.Errorf("%s: %v", filepath.Base(path), err)
			}
			shared = append(shared, filepath.Base(path))
			continue
		}
		testenv.WriteFiles(t, filepath.Join(root, pkg), out)
		c.add(out)
		generated++
	}
	// What the generator could not do, as over Wine's corpus (TestWineCorpus),
	// by reason. Ratchets: the counts may only become fewer.
	if len(shared) > 0 {
		t.Logf("%d files declare a name of the runtime support and generate only with a shared runtime package (-runtime): %s", len(shared), strings.Join(shared, ", "))
	}
	t.Logf("%d methods without a Go wrapper, by reason:\n%s", total(c.noWrapper), table(c.noWrapper))
	t.Logf("%d server vtable slots answer E_NOTIMPL on every target, by reason (methods):\n%s", c.notImpl, table(c.notImplReason))
	t.Logf("buffers whose size the IDL's size_is does not give, by where comgen takes it from:\n%s", c.sizedMethods())
	t.Logf("server vtable slots that answer E_NOTIMPL on one target: %d on 386, %d on arm64", c.notImpl386, c.notImplARM64)
	if len(c.refusals) > 0 {
		t.Errorf("wrappers that refuse a target without calling, by target and reason:\n%s", table(c.refusals))
	}
	if c.notImpl386 > 0 || c.notImplARM64 > 0 {
		t.Errorf("server slots answer E_NOTIMPL on 386 (%d) or arm64 (%d) alone", c.notImpl386, c.notImplARM64)
	}
	// Measured on win32metadata's copy (generation/WinSDK/RecompiledIdlHeaders): 17
	// methods without a wrapper and 13 E_NOTIMPL slots, each for a reason
	// logged above (unions without a portable layout, #pragma pack
	// structures, types the IDL never declares, varargs, [out] arrays of
	// unknown size). 10 and 5 since sized pointers whose elements have no
	// Go layout stay unsafe.Pointer (VSS_OBJECT_PROP, __WTS_PROPERTY_VALUE,
	// D3D12_RESOURCE_BARRIER...) and a packing that moves nothing keeps the
	// layout: types the IDL never declares (OLE_XPOS_PIXELS, FOLDER),
	// varargs, and [out] arrays of unknown size are left. 9 since C's
	// variable arguments are a kind of their own (ApoLog's wrapper).
	const maxNoWrapper, maxNotImpl = 9, 5
	if n := total(c.noWrapper); n > maxNoWrapper || c.notImpl > maxNotImpl {
		t.Errorf("%d methods without a wrapper and %d E_NOTIMPL slots, more than the %d and %d before", n, c.notImpl, maxNoWrapper, maxNotImpl)
	}
	for _, arch := range []string{"amd64", "386", "arm64"} {
		start := time.Now()
		cmd := exec.Command("go", "vet", "./...")
		cmd.Dir = root
		cmd.Env = append(os.Environ(), "GOOS=windows", "GOARCH="+arch, "CGO_ENABLED=0")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Errorf("GOARCH=%s: go vet: %v\n%s", arch, err, out)
		}
		t.Logf("GOARCH=%s: go vet (%v)", arch, time.Since(start).Round(time.Second))
	}
	t.Logf("%d SDK packages generated and vetted for windows amd64, 386 and arm64", generated)
}
