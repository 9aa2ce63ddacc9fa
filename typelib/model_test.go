package typelib_test

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/comgen/comgen/gen"
	"github.com/comgen/comgen/idl"
	"github.com/comgen/comgen/internal/testenv"
	"github.com/comgen/comgen/typelib"
)

// TestProgramAgainstIDL: for IDL that widl compiles, the model converted
// from the library and the model idl.Load makes of the IDL agree on every
// interface, vtable slot, GUID, enumerator and constant both describe.
func TestProgramAgainstIDL(t *testing.T) {
	total := 0
	for _, f := range idlFiles(t) {
		t.Run(filepath.Base(f), func(t *testing.T) {
			tlb, why := compile(t, f)
			if tlb == "" {
				t.Skipf("widl cannot compile it: %s", why)
			}
			lib, err := typelib.Open(tlb)
			if err != nil {
				t.Fatal(err)
			}
			if err := lib.Resolve([]string{wineBinDir}); err != nil {
				t.Log(err) // stdole2's IUnknown and IDispatch are known without it
			}
			got, err := lib.Program()
			if err != nil {
				t.Fatal(err)
			}
			want, err := idl.Load(wineConfig(), f)
			if err != nil {
				t.Fatal(err)
			}
			total += compareModels(t, got, want)
		})
	}
	t.Logf("%d facts of the two models compared", total)
}

func compareModels(t *testing.T, got, want *idl.Program) int {
	t.Helper()
	n := 0
	eq := func(what string, a, b any) {
		t.Helper()
		n++
		if !strings.EqualFold(fmt.Sprint(a), fmt.Sprint(b)) {
			t.Errorf("%s: from the library %v, from the IDL %v", what, a, b)
		}
	}
	lower := map[string]idl.Entity{}
	for name, e := range want.Scope {
		lower[strings.ToLower(name)] = e
		switch x := e.(type) {
		case *idl.EnumInfo:
			if x.Tag != "" {
				lower[strings.ToLower(x.Tag)] = e
			}
		case *idl.StructInfo:
			if x.Tag != "" {
				lower[strings.ToLower(x.Tag)] = e
			}
		}
	}
	root := got.Roots[0]
	for _, e := range got.Entities {
		if e.DeclFile() != root || strings.HasPrefix(e.EntityName(), "__WIDL_") {
			continue
		}
		w := lower[strings.ToLower(e.EntityName())]
		if w == nil {
			t.Errorf("%s is in the library's model, not the IDL's", e.EntityName())
			continue
		}
		switch x := e.(type) {
		case *idl.IfaceInfo:
			y, ok := w.(*idl.IfaceInfo)
			if !ok {
				t.Errorf("%s: %T in the IDL", x.Name, w)
				continue
			}
			eq(x.Name+" IID", x.IID, y.IID)
			eq(x.Name+" dispinterface", x.Dispatch, y.Dispatch)
			n += compareDispMembers(t, x, y)
			if why := widlRewritesVtable(want, y); why != "" {
				continue
			}
			eq(x.Name+" vtable", x.VtblLen(), y.VtblLen())
			eq(x.Name+" base", baseName(x), baseName(y))
			for k := range min(len(x.Methods), len(y.Methods)) {
				a, b := x.Methods[k], y.Methods[k]
				eq(x.Name+" method", a.Name, b.Name)
				eq(x.Name+"."+a.Name+" slot", a.Slot, b.Slot)
				eq(x.Name+"."+a.Name+" params", len(a.Params), len(b.Params))
				for j := range min(len(a.Params), len(b.Params)) {
					if b.Params[j].Type.Resolve().Kind == idl.RPointer {
						eq(fmt.Sprintf("%s.%s param %d direction", x.Name, a.Name, j), a.Params[j].Dir, b.Params[j].Dir)
					}
					eq(fmt.Sprintf("%s.%s param %d retval", x.Name, a.Name, j), a.Params[j].Retval, b.Params[j].Retval)
				}
			}
		case *idl.ClassInfo:
			y, ok := w.(*idl.ClassInfo)
			if !ok {
				t.Errorf("%s: %T in the IDL", x.Name, w)
				continue
			}
			eq(x.Name+" CLSID", x.CLSID, y.CLSID)
			eq(x.Name+" interfaces", len(x.Members), len(y.Members))
			eq(x.Name+" sources", ifaceNames(x.Sources), ifaceNames(y.Sources))
			if y.Default != nil {
				eq(x.Name+" default", x.Default.Name, y.Default.Name)
			}
		case *idl.EnumInfo:
			y, ok := w.(*idl.EnumInfo)
			if !ok {
				t.Errorf("%s: %T in the IDL", x.Name, w)
				continue
			}
			eq(x.Name+" members", len(x.Members), len(y.Members))
			for k := range min(len(x.Members), len(y.Members)) {
				eq(x.Name+" member", x.Members[k].Name, y.Members[k].Name)
				eq(x.Name+"."+x.Members[k].Name, int32(x.Members[k].Value), int32(y.Members[k].Value))
			}
		case *idl.ConstInfo:
			y, ok := w.(*idl.ConstInfo)
			if !ok {
				t.Errorf("%s: %T in the IDL", x.Name, w)
				continue
			}
			eq(x.Name, constString(x.Value), constString(y.Value))
		case *idl.StructInfo:
			y, ok := w.(*idl.StructInfo)
			if !ok || y.SwitchType != nil {
				continue
			}
			eq(x.Name+" fields", len(x.Fields), len(y.Fields))
		}
	}
	return n
}

// compareDispMembers holds the automation view (a dispinterface's members,
// a dual interface's methods by DISPID) of the library to the IDL's: each
// member's DISPID, invoke kind, parameter count and whether each parameter
// may be left out ([optional] or [defaultvalue]), has a default, is the
// [retval] or the [lcid].
func compareDispMembers(t *testing.T, x, y *idl.IfaceInfo) int {
	t.Helper()
	key := func(m *idl.DispMember) string { return fmt.Sprintf("%s %v", strings.ToLower(m.Name), m.Invoke) }
	want := map[string]*idl.DispMember{}
	for _, m := range y.DispMembers {
		want[key(m)] = m
	}
	n := 1
	if len(x.DispMembers) != len(y.DispMembers) {
		t.Errorf("%s: %d dispatch members from the library, %d from the IDL", x.Name, len(x.DispMembers), len(y.DispMembers))
	}
	for _, a := range x.DispMembers {
		b := want[key(a)]
		if b == nil {
			t.Errorf("%s: dispatch member %s (%v) is not in the IDL", x.Name, a.Name, a.Invoke)
			continue
		}
		n += 3
		if a.DispID != b.DispID || a.Property != b.Property || len(a.Params) != len(b.Params) {
			t.Errorf("%s.%s (%v): DISPID %#x, property %v, %d params from the library; %#x, %v, %d from the IDL",
				x.Name, a.Name, a.Invoke, a.DispID, a.Property, len(a.Params), b.DispID, b.Property, len(b.Params))
			continue
		}
		for j := range a.Params {
			n++
			if a.Params[j].Optional() != b.Params[j].Optional() {
				// The format sets FOPT with a default value: it does not
				// say whether the IDL wrote [optional] beside it.
				t.Errorf("%s.%s param %d: optional %v from the library, %v from the IDL", x.Name, a.Name, j, a.Params[j].Optional(), b.Params[j].Optional())
			}
			for _, f := range []string{"defaultvalue", "retval", "lcid"} {
				n++
				if a.Params[j].Attrs.Has(f) != b.Params[j].Attrs.Has(f) {
					t.Errorf("%s.%s param %d: [%s] %v from the library, %v from the IDL", x.Name, a.Name, j, f, a.Params[j].Attrs.Has(f), b.Params[j].Attrs.Has(f))
				}
			}
		}
	}
	return n
}

func ifaceNames(is []*idl.IfaceInfo) []string {
	var names []string
	for _, i := range is {
		names = append(names, i.Name)
	}
	return names
}

func baseName(i *idl.IfaceInfo) string {
	if i.Base == nil {
		return "-"
	}
	return i.Base.Name
}

// TestGenerateWineBinaries generates a Go package from the type library of
// Wine binaries (a few; all under COMGEN_TYPELIB_ALL) and vets each for
// windows/amd64, 386 and arm64.
func TestGenerateWineBinaries(t *testing.T) {
	if testing.Short() {
		t.Skip("go vet of generated packages takes a while")
	}
	files := wineBinaries(t)
	if os.Getenv(allEnv) == "" {
		files = files[:4] // scrrun, wshom, msxml3, wbemdisp
	}
	mod := testenv.Module(t)
	var pkgs []string
	for i, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		ids, err := typelib.ResourceIDs(f, data)
		if err != nil {
			t.Fatal(err)
		}
		for _, id := range ids {
			name := fmt.Sprintf("%s#%d", f, id)
			lib, err := typelib.Open(name)
			if err != nil {
				t.Error(err)
				continue
			}
			if err := lib.Resolve([]string{wineBinDir}); err != nil {
				t.Logf("%s: %v", name, err)
			}
			prog, err := lib.Program()
			if err != nil {
				t.Errorf("%s: %v", name, err)
				continue
			}
			pkg := fmt.Sprintf("p%d_%d", i, id)
			out, err := gen.Generate(prog, gen.Options{Package: pkg, Inputs: []string{filepath.Base(f)}, TypeCheck: true})
			if err != nil {
				t.Errorf("%s: %v", name, err)
				continue
			}
			testenv.WriteFiles(t, filepath.Join(mod, pkg), out)
			pkgs = append(pkgs, "./"+pkg)
		}
	}
	if len(pkgs) == 0 {
		return
	}
	for _, arch := range []string{"amd64", "386", "arm64"} {
		cmd := exec.Command("go", append([]string{"vet"}, pkgs...)...)
		cmd.Dir = mod
		cmd.Env = append(os.Environ(), "GOOS=windows", "GOARCH="+arch, "CGO_ENABLED=0")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Errorf("GOARCH=%s: go vet: %v\n%s", arch, err, out)
		}
	}
	t.Logf("%d packages generated from %d files and vetted for windows amd64, 386, arm64", len(pkgs), len(files))
}
