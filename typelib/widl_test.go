package typelib_test

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/comgen/comgen/idl"
	"github.com/comgen/comgen/idl/idltest"
	"github.com/comgen/comgen/typelib"
)

// widl is where Debian's wine64-tools installs widl.
const widl = "/usr/lib/wine/widl"

// wineBinDir holds Wine's Windows-side binaries (wine64).
const wineBinDir = "/usr/lib/x86_64-linux-gnu/wine/x86_64-windows"

// allEnv, set to a non-empty value, makes the tests that read Wine's files
// take all of them (every IDL file with a library block, every binary with
// a type library) instead of a few.
const allEnv = "COMGEN_TYPELIB_ALL"

// defaultIDL are the IDL files the default run compiles with widl.
var defaultIDL = []string{"wbemdisp.idl", "taskschd.idl", "msxml2.idl", "wuapi.idl"}

// idlFiles returns the Wine IDL files with a library block that the test
// compiles: a few, or all of them under COMGEN_TYPELIB_ALL.
func idlFiles(t *testing.T) []string {
	idltest.Require(t, idltest.WineIDLDir, "libwine-dev")
	idltest.Require(t, widl, "wine64-tools")
	if os.Getenv(allEnv) == "" {
		var out []string
		for _, f := range defaultIDL {
			out = append(out, filepath.Join(idltest.WineIDLDir, f))
		}
		return out
	}
	all, err := filepath.Glob(filepath.Join(idltest.WineIDLDir, "*.idl"))
	if err != nil {
		t.Fatal(err)
	}
	lib := regexp.MustCompile(`(?m)^\s*library\s+\w+`)
	var out []string
	for _, f := range all {
		src, err := os.ReadFile(f)
		if err == nil && lib.Match(src) {
			out = append(out, f)
		}
	}
	return out
}

// compile runs widl -t on an IDL file into a temporary directory and returns
// the .tlb, or "" with widl's complaint when widl cannot compile it.
func compile(t *testing.T, file string) (string, string) {
	t.Helper()
	dir := t.TempDir()
	out := filepath.Join(dir, strings.TrimSuffix(filepath.Base(file), ".idl")+".tlb")
	cmd := exec.Command(widl, "-t", "-I", idltest.WineIDLDir, "-I", filepath.Dir(idltest.WineIDLDir), "-o", out, file)
	cmd.Dir = dir
	msg, err := cmd.CombinedOutput()
	if err != nil {
		return "", fmt.Sprintf("%v: %s", err, lastLine(string(msg)))
	}
	return out, ""
}

func lastLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.LastIndexByte(s, '\n'); i >= 0 {
		return s[i+1:]
	}
	return s
}

func wineConfig() idl.Config {
	return idl.Config{Dirs: []idl.Dir{idl.OSDir(idltest.WineIDLDir), idl.OSDir(filepath.Dir(idltest.WineIDLDir)), idl.Builtin}}
}

// TestWidlAgainstIDL compiles Wine IDL files with widl -t and checks that
// what the reader finds in each library is what the IDL says, as idl.Load
// reads it: every GUID, vtable slot and size, DISPID, member and parameter
// name, enumerator and constant value, record field offset and size; and
// that every declaration of the library block is in the library.
func TestWidlAgainstIDL(t *testing.T) {
	files := idlFiles(t)
	compiled, skipped := 0, 0
	var facts int
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			tlb, why := compile(t, f)
			if tlb == "" {
				skipped++
				t.Logf("widl cannot compile %s (a widl 8 limit, see the notes): %s", filepath.Base(f), why)
				return
			}
			compiled++
			lib, err := typelib.Open(tlb)
			if err != nil {
				t.Fatal(err)
			}
			prog, err := idl.Load(wineConfig(), f)
			if err != nil {
				t.Fatalf("idl.Load: %v", err)
			}
			facts += compareWithIDL(t, lib, prog)
		})
	}
	t.Logf("%d IDL files compiled by widl and compared (%d facts), %d widl cannot compile", compiled, facts, skipped)
}

// compareWithIDL checks lib against prog and returns how many facts it compared.
func compareWithIDL(t *testing.T, lib *typelib.Library, prog *idl.Program) int {
	t.Helper()
	n := 0
	eq := func(what string, got, want any) {
		t.Helper()
		n++
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("%s: library has %v, IDL has %v", what, got, want)
		}
	}
	// A library stores each name once, in the spelling of its first use
	// (the name table is case-insensitive): names compare without case.
	eqName := func(what string, got, want string) {
		t.Helper()
		n++
		if !strings.EqualFold(got, want) {
			t.Errorf("%s: library has %v, IDL has %v", what, got, want)
		}
	}
	lower := map[string]idl.Entity{}
	for name, e := range prog.Scope {
		lower[strings.ToLower(name)] = e
	}
	ptr := 4
	if lib.SysKind == typelib.SysWin64 {
		ptr = 8
	}
	byTag := map[string]idl.Entity{}
	for _, e := range prog.Entities {
		switch x := e.(type) {
		case *idl.EnumInfo:
			if x.Tag != "" {
				byTag[x.Tag] = x
			}
		case *idl.StructInfo:
			if x.Tag != "" {
				byTag[x.Tag] = x
			}
		}
	}
	ast := astDecls(prog)
	ev := func(a *idl.Attr) int64 { return evalInt(t, prog, a) }
	for _, ti := range lib.Types {
		if strings.HasPrefix(ti.Name, "__WIDL_") {
			continue // widl's name for an anonymous union (of an encapsulated union): the IDL has none
		}
		e := prog.Scope[ti.Name]
		if e == nil {
			e = lower[strings.ToLower(ti.Name)]
		}
		if x, ok := byTag[ti.Name]; ok && (ti.Kind == typelib.KindEnum || ti.Kind == typelib.KindRecord || ti.Kind == typelib.KindUnion) {
			e = x
		}
		if e == nil {
			t.Errorf("%s %s is in the library, not in the IDL", ti.Kind, ti.Name)
			continue
		}
		where := ti.Kind.String() + " " + ti.Name
		switch ti.Kind {
		case typelib.KindInterface, typelib.KindDispatch:
			i, ok := e.(*idl.IfaceInfo)
			if !ok {
				t.Errorf("%s is a %T in the IDL", where, e)
				continue
			}
			eq(where+" IID", ti.GUID, guidOf(i.IID))
			if ti.Kind == typelib.KindInterface || ti.Flags&typelib.TypeDual != 0 {
				eq(where+" dispinterface", false, i.Dispatch)
				if why := widlRewritesVtable(prog, i); why != "" {
					t.Logf("%s: vtable not compared: %s", where, why)
					continue
				}
				eq(where+" vtable slots", ti.VtblSize/ptr, i.VtblLen())
				eq(where+" methods", len(ti.Funcs), len(i.Methods))
				decl, _ := ast[i.Name].(*idl.Interface)
				for k, f := range ti.Funcs {
					if k >= len(i.Methods) {
						break
					}
					m := i.Methods[k]
					w := where + "." + m.Name
					eqName(w+" name", propName(f), m.Name)
					eq(w+" slot", f.VtblOffset/ptr, m.Slot)
					if a := m.Attrs.Get("id"); a != nil {
						eq(w+" DISPID", int64(f.MemID), ev(a))
					}
					eq(w+" params", len(f.Params), len(m.Params))
					for j := range min(len(f.Params), len(m.Params)) {
						if (f.Params[j].Name != "" || !lastPut(f, j)) && m.Params[j].Name != "" {
							// The value of a property put has no name in a
							// library; widl names a parameter the IDL leaves unnamed.
							eqName(fmt.Sprintf("%s param %d name", w, j), f.Params[j].Name, m.Params[j].Name)
						}
						eq(fmt.Sprintf("%s param %d retval", w, j), f.Params[j].Flags&typelib.ParamRetval != 0, m.Params[j].Retval)
						if m.Params[j].Type.Resolve().Kind == idl.RPointer {
							// The model reads [out] on a parameter that is not a pointer
							// (mshtml's MoveToContent) as [in]; the library keeps [out].
							eq(fmt.Sprintf("%s param %d out", w, j), f.Params[j].Flags&typelib.ParamOut != 0, m.Params[j].Dir != idl.In)
						}
					}
					_ = decl
				}
				continue
			}
			eq(where+" dispinterface", true, i.Dispatch)
			decl, ok := ast[i.Name].(*idl.Interface)
			if !ok {
				t.Errorf("%s: no dispinterface declaration in the IDL", where)
				continue
			}
			if decl.DispBase != "" {
				eq(where+" wraps", ti.Impls[0].Ref.Name(), decl.DispBase)
				continue
			}
			eq(where+" methods", len(ti.Funcs), len(decl.Methods))
			for k := range min(len(ti.Funcs), len(decl.Methods)) {
				f, m := ti.Funcs[k], decl.Methods[k]
				eqName(where+" method name", f.Name, m.Name)
				eq(where+"."+m.Name+" DISPID", int64(f.MemID), ev(m.Attrs.Get("id")))
				eq(where+"."+m.Name+" params", len(f.Params), len(m.Params))
			}
			eq(where+" properties", len(ti.Vars), len(decl.Props))
			for k := range min(len(ti.Vars), len(decl.Props)) {
				v, p := ti.Vars[k], decl.Props[k]
				eqName(where+" property name", v.Name, p.Name)
				eq(where+"."+p.Name+" DISPID", int64(v.MemID), ev(p.Attrs.Get("id")))
			}
		case typelib.KindEnum:
			en, ok := e.(*idl.EnumInfo)
			if !ok {
				t.Errorf("%s is a %T in the IDL", where, e)
				continue
			}
			eq(where+" members", len(ti.Vars), len(en.Members))
			for k := range min(len(ti.Vars), len(en.Members)) {
				eqName(where+" member name", ti.Vars[k].Name, en.Members[k].Name)
				eq(where+"."+en.Members[k].Name, int32(ti.Vars[k].Value.Int), int32(en.Members[k].Value))
			}
		case typelib.KindRecord, typelib.KindUnion:
			s, ok := e.(*idl.StructInfo)
			if !ok {
				t.Errorf("%s is a %T in the IDL", where, e)
				continue
			}
			if s.SwitchType != nil {
				// An encapsulated union is a record in the library: the
				// discriminator and an anonymous union of the arms.
				eq(where+" fields", len(ti.Vars), 2)
				continue
			}
			eq(where+" fields", len(ti.Vars), len(s.Fields))
			arch := idl.ArchAMD64
			if ptr == 4 {
				arch = idl.Arch386
			}
			size, _, layout, err := idl.StructFieldLayout(s, arch)
			if err != nil {
				t.Errorf("%s: layout: %v", where, err)
				continue
			}
			if last := s.Fields[len(s.Fields)-1].Type.Resolve(); last.Kind != idl.RArray || last.Len >= 0 {
				// A conformant array (byte abData[]) has no size in a library.
				eq(where+" size", ti.Size, size)
			}
			for k := range min(len(ti.Vars), len(s.Fields)) {
				eqName(where+" field name", ti.Vars[k].Name, s.Fields[k].Name)
				if k < len(layout) {
					eq(where+"."+s.Fields[k].Name+" offset", ti.Vars[k].Offset, layout[k].Offset)
				}
			}
		case typelib.KindCoclass:
			c, ok := e.(*idl.ClassInfo)
			if !ok {
				t.Errorf("%s is a %T in the IDL", where, e)
				continue
			}
			eq(where+" CLSID", ti.GUID, guidOf(c.CLSID))
			eq(where+" interfaces", len(ti.Impls), len(c.Members))
			decl, _ := ast[c.Name].(*idl.Coclass)
			// Without a [default], the first interface that is not a
			// [source] is the default (widl and MIDL mark it so).
			// So is the first [source] interface among the sources.
			implicit := map[int]bool{}
			if decl != nil {
				for _, source := range []bool{false, true} {
					first, explicit := -1, false
					for k, m := range decl.Members {
						if m.Attrs.Has("source") != source {
							continue
						}
						explicit = explicit || m.Attrs.Has("default")
						if first < 0 {
							first = k
						}
					}
					if !explicit && first >= 0 {
						implicit[first] = true
					}
				}
			}
			for k := range min(len(ti.Impls), len(c.Members)) {
				eqName(where+" interface", ti.Impls[k].Ref.Name(), c.Members[k].Name)
				if decl != nil && k < len(decl.Members) {
					eq(where+" "+c.Members[k].Name+" [default]", ti.Impls[k].Flags&typelib.ImplDefault != 0, decl.Members[k].Attrs.Has("default") || implicit[k])
					eq(where+" "+c.Members[k].Name+" [source]", ti.Impls[k].Flags&typelib.ImplSource != 0, decl.Members[k].Attrs.Has("source"))
				}
			}
		case typelib.KindAlias:
			// typedef [public] enum tagX {...} X is an alias X of the
			// enum tagX in a library; the model names the enum X.
			switch x := e.(type) {
			case *idl.AliasInfo:
			case *idl.EnumInfo:
				eq(where+" aliases", aliasTarget(ti), x.Tag)
			case *idl.StructInfo:
				eq(where+" aliases", aliasTarget(ti), x.Tag)
			default:
				t.Errorf("%s is a %T in the IDL", where, e)
			}
			n++
		case typelib.KindModule:
			for _, v := range ti.Vars {
				c, ok := prog.Scope[v.Name].(*idl.ConstInfo)
				if !ok {
					t.Errorf("%s: constant %s is not a constant of the IDL", where, v.Name)
					continue
				}
				eq(where+"."+v.Name, v.Value.String(), constString(c.Value))
			}
		}
	}
	// Every declaration of the library block is in the library.
	have := map[string]bool{}
	for _, ti := range lib.Types {
		have[strings.ToLower(ti.Name)] = true
	}
	for _, name := range libraryBlockNames(prog) {
		n++
		if !have[strings.ToLower(name)] {
			t.Errorf("%s is declared in the IDL's library block, not in the library", name)
		}
	}
	return n
}

// aliasTarget names what an alias of a tagged type stands for: its tag, or
// "" for widl's name of an anonymous enum, struct or union.
func aliasTarget(ti *typelib.TypeInfo) string {
	if ti.Alias == nil || ti.Alias.Ref == nil {
		return fmt.Sprint(ti.Alias)
	}
	if n := ti.Alias.Ref.Name(); !strings.HasPrefix(n, "__WIDL_") {
		return n
	}
	return ""
}

// widlRewritesVtable says why the library's vtable of i is not the IDL's,
// or "": widl leaves [local] methods out of a type library, and writes the
// [call_as] method in the place of the local one it stands for.
func widlRewritesVtable(prog *idl.Program, i *idl.IfaceInfo) string {
	for x := i; x != nil; x = x.Base {
		for _, m := range x.Methods {
			if m.Attrs.Has("local") {
				return x.Name + "." + m.Name + " is [local]"
			}
		}
	}
	return callAs(prog, i)
}

// callAs reports a method of i or its bases that a [call_as] method stands in for.
func callAs(prog *idl.Program, i *idl.IfaceInfo) string {
	for x := i; x != nil; x = x.Base {
		for _, f := range prog.Files {
			for _, d := range allDecls(f.Decls) {
				if it, ok := d.(*idl.Interface); ok && it.Name == x.Name {
					for _, m := range it.Methods {
						if m.Attrs.Has("call_as") {
							return x.Name + "." + m.Name + " is the [call_as] of a local method"
						}
					}
				}
			}
		}
	}
	return ""
}

func allDecls(ds []idl.Decl) []idl.Decl {
	var out []idl.Decl
	for _, d := range ds {
		out = append(out, d)
		if l, ok := d.(*idl.Library); ok {
			out = append(out, allDecls(l.Decls)...)
		}
	}
	return out
}

// lastPut reports whether parameter j is the value of a property put.
func lastPut(f *typelib.Func, j int) bool {
	return j == len(f.Params)-1 && (f.Invoke == typelib.InvokePropPut || f.Invoke == typelib.InvokePropPutRef)
}

func propName(f *typelib.Func) string {
	switch f.Invoke {
	case typelib.InvokePropGet:
		return "get_" + f.Name
	case typelib.InvokePropPut:
		return "put_" + f.Name
	case typelib.InvokePropPutRef:
		return "putref_" + f.Name
	}
	return f.Name
}

func guidOf(g *idl.GUID) typelib.GUID {
	if g == nil {
		return typelib.GUID{}
	}
	return typelib.GUID{Data1: g.Data1, Data2: g.Data2, Data3: g.Data3, Data4: g.Data4}
}

func constString(v idl.Value) string {
	switch v.Kind {
	case idl.ValString:
		return fmt.Sprintf("%q", v.Str)
	case idl.ValFloat:
		return fmt.Sprint(v.Float)
	}
	if v.Int >= 0x8000 {
		return fmt.Sprintf("0x%x", uint64(v.Int))
	}
	return fmt.Sprint(v.Int)
}

// astDecls maps the names of interfaces, dispinterfaces and coclasses of the
// root files to their declarations (the model has no dispinterface members).
func astDecls(prog *idl.Program) map[string]idl.Decl {
	out := map[string]idl.Decl{}
	var walk func([]idl.Decl)
	walk = func(ds []idl.Decl) {
		for _, d := range ds {
			switch x := d.(type) {
			case *idl.Interface:
				if !x.Forward {
					out[x.Name] = x
				}
			case *idl.Coclass:
				if !x.Forward {
					out[x.Name] = x
				}
			case *idl.Library:
				walk(x.Decls)
			}
		}
	}
	for _, f := range prog.Roots {
		walk(f.Decls)
	}
	return out
}

// libraryBlockNames lists what the root files' library blocks declare.
func libraryBlockNames(prog *idl.Program) []string {
	var out []string
	for _, f := range prog.Roots {
		for _, d := range f.Decls {
			l, ok := d.(*idl.Library)
			if !ok {
				continue
			}
			for _, d := range l.Decls {
				switch x := d.(type) {
				case *idl.Interface:
					if !x.Forward {
						out = append(out, x.Name)
					}
				case *idl.Coclass:
					if !x.Forward {
						out = append(out, x.Name)
					}
				case *idl.Module:
					out = append(out, x.Name)
				}
			}
		}
	}
	sort.Strings(out)
	return out
}

// evalInt evaluates an attribute's one integer argument (id(5),
// id(DISPID_VALUE), id(-4)) with the IDL's constants.
func evalInt(t *testing.T, prog *idl.Program, a *idl.Attr) int64 {
	t.Helper()
	if a == nil || len(a.Args) != 1 {
		t.Errorf("attribute %v: want one argument", a)
		return -1 << 40
	}
	var ev func(e idl.Expr) int64
	ev = func(e idl.Expr) int64 {
		switch x := e.(type) {
		case *idl.IntLit:
			v, err := idl.ParseInt(x.Text)
			if err != nil {
				t.Error(err)
			}
			return int64(int32(v))
		case *idl.Unary:
			switch x.Op {
			case "-":
				return -ev(x.X)
			case "+":
				return ev(x.X)
			}
		case *idl.Binary:
			switch x.Op {
			case "+":
				return ev(x.X) + ev(x.Y)
			case "-":
				return ev(x.X) - ev(x.Y)
			case "|":
				return ev(x.X) | ev(x.Y)
			}
		case *idl.Ident:
			switch c := prog.Scope[x.Name].(type) {
			case *idl.ConstInfo:
				return int64(int32(c.Value.Int))
			case *idl.EnumMemberInfo:
				return int64(int32(c.Value))
			}
		}
		t.Errorf("%s: cannot evaluate %T", a.Pos, e)
		return -1 << 40
	}
	return ev(a.Args[0])
}
