package idl_test

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/comgen/comgen/idl"
	"github.com/comgen/comgen/idl/idltest"
)

// norm renders a parameter type in a form that does not depend on how the
// IDL spells it: typedefs are followed down to sized base types, except for
// the COM types whose identity matters (BSTR, VARIANT, SAFEARRAY, GUID, HRESULT).
func norm(t *idl.TypeRef) string {
	switch t.Kind {
	case idl.RBasic:
		if t.Basic == "void" {
			return "void"
		}
		sign := "int"
		if strings.HasPrefix(t.Basic, "unsigned") || t.Basic == "byte" || t.Basic == "wchar_t" || t.Basic == "boolean" || t.Basic == "char" {
			sign = "uint"
		}
		return fmt.Sprintf("%s%d", sign, 8*idl.BasicSize(t.Basic, idl.ArchAMD64))
	case idl.RPointer:
		return norm(t.Elem) + "*"
	case idl.RArray:
		return norm(t.Elem) + "[]"
	case idl.RNamed:
		switch d := t.Decl.(type) {
		case *idl.AliasInfo:
			switch d.Name {
			case "BSTR", "VARIANT", "SAFEARRAY", "GUID", "IID", "HRESULT":
				return d.Name
			}
			return norm(d.Type)
		case *idl.EnumInfo:
			return "int32"
		}
		return t.Decl.EntityName()
	}
	return "?"
}

func rootDecls(p *idl.Program) (ifaces map[string]*idl.IfaceInfo, enums map[string]int64) {
	ifaces, enums = map[string]*idl.IfaceInfo{}, map[string]int64{}
	for _, e := range p.Entities {
		if e.DeclFile() != p.Roots[0] {
			continue
		}
		switch x := e.(type) {
		case *idl.IfaceInfo:
			if !x.Forward {
				ifaces[x.Name] = x
			}
		case *idl.EnumInfo:
			for _, m := range x.Members {
				enums[m.Name] = m.Value
			}
		}
	}
	return ifaces, enums
}

// TestBuiltinMatchesWine checks our own wbemcli.idl against Wine's, an
// independent transcription of the same interfaces: every interface Wine
// declares must be ours too, with the same IID, base, methods in the same
// vtable order, and the same parameter types; every enumerator the same value.
func TestBuiltinMatchesWine(t *testing.T) {
	wineFile := filepath.Join(idltest.WineIDLDir, "wbemcli.idl")
	idltest.Require(t, wineFile, "libwine-dev")
	wine, err := idl.Load(idl.Config{Dirs: []idl.Dir{idl.OSDir(idltest.WineIDLDir)}}, wineFile)
	if err != nil {
		t.Fatalf("Wine's wbemcli.idl: %v", err)
	}
	ours, err := idl.LoadFS(idl.Config{Dirs: []idl.Dir{idl.Builtin}}, idl.Builtin, "wbemcli.idl")
	if err != nil {
		t.Fatalf("builtin wbemcli.idl: %v", err)
	}
	wi, we := rootDecls(wine)
	oi, oe := rootDecls(ours)
	if len(wi) < 15 {
		t.Fatalf("Wine's wbemcli.idl declares %d interfaces; expected at least 15", len(wi))
	}
	for name, w := range wi {
		o, ok := oi[name]
		if !ok {
			t.Errorf("interface %s: declared by Wine, missing from ours", name)
			continue
		}
		if fmt.Sprint(w.IID) != fmt.Sprint(o.IID) {
			t.Errorf("%s: IID %v, Wine has %v", name, o.IID, w.IID)
		}
		if (w.Base == nil) != (o.Base == nil) || w.Base != nil && w.Base.Name != o.Base.Name {
			t.Errorf("%s: base differs", name)
		}
		if len(w.Methods) != len(o.Methods) {
			t.Errorf("%s: %d methods, Wine has %d", name, len(o.Methods), len(w.Methods))
			continue
		}
		for k, wm := range w.Methods {
			om := o.Methods[k]
			if wm.Name != om.Name || wm.Slot != om.Slot {
				t.Errorf("%s slot %d: %s, Wine has %s at slot %d", name, om.Slot, om.Name, wm.Name, wm.Slot)
				continue
			}
			if len(wm.Params) != len(om.Params) {
				t.Errorf("%s::%s: %d parameters, Wine has %d", name, om.Name, len(om.Params), len(wm.Params))
				continue
			}
			for j, wp := range wm.Params {
				op := om.Params[j]
				if norm(wp.Type) != norm(op.Type) {
					t.Errorf("%s::%s parameter %d (%s): type %s, Wine has %s", name, om.Name, j, op.Name, norm(op.Type), norm(wp.Type))
				}
				if wp.Dir != op.Dir {
					// The SDK marks optional outputs [in, out, unique]; Wine simplifies some to [out].
					t.Logf("%s::%s parameter %s: direction [%s], Wine has [%s]", name, om.Name, op.Name, op.Dir, wp.Dir)
				}
			}
		}
	}
	for name, v := range we {
		if ov, ok := oe[name]; !ok {
			t.Errorf("enumerator %s: declared by Wine, missing from ours", name)
		} else if int32(ov) != int32(v) {
			t.Errorf("enumerator %s = %#x, Wine has %#x", name, ov, v)
		}
	}
	t.Logf("compared %d interfaces and %d enumerators with Wine's wbemcli.idl", len(wi), len(we))
}

// TestLocalMethodsTakeRemoteSizes checks, on Wine's own IDL, that [local]
// methods whose C signature leaves an array unsized get the size their
// [call_as] twin declares for marshalling (IEnumVARIANT::Next writes celt
// VARIANTs; only RemoteNext says so), so wrappers hand the callee a buffer of
// the size it writes.
func TestLocalMethodsTakeRemoteSizes(t *testing.T) {
	idltest.Require(t, idltest.WineIDLDir, "libwine-dev")
	cases := []struct{ file, iface, method, param, size string }{
		{"oaidl.idl", "IEnumVARIANT", "Next", "rgVar", "celt"},
		{"objidl.idl", "IEnumUnknown", "Next", "rgelt", "celt"},
		{"objidl.idl", "IEnumString", "Next", "rgelt", "celt"},
		{"objidl.idl", "IEnumMoniker", "Next", "rgelt", "celt"},
		{"objidl.idl", "ISequentialStream", "Read", "pv", "cb"},
		{"objidl.idl", "ISequentialStream", "Write", "pv", "cb"},
	}
	progs := map[string]*idl.Program{}
	cache := idl.NewCache()
	for _, c := range cases {
		p := progs[c.file]
		if p == nil {
			var err error
			p, err = idl.Load(idl.Config{Dirs: []idl.Dir{idl.OSDir(idltest.WineIDLDir)}, Cache: cache}, filepath.Join(idltest.WineIDLDir, c.file))
			if err != nil {
				t.Fatal(err)
			}
			progs[c.file] = p
		}
		i, ok := p.Scope[c.iface].(*idl.IfaceInfo)
		if !ok {
			t.Fatalf("%s: no interface %s", c.file, c.iface)
		}
		var m *idl.MethodInfo
		for _, x := range i.Methods {
			if x.Name == c.method {
				m = x
			}
		}
		if m == nil || !m.Attrs.Has("local") {
			t.Fatalf("%s.%s: not a [local] method of %s", c.iface, c.method, c.file)
		}
		found := false
		for _, pa := range m.Params {
			if pa.Name != c.param {
				continue
			}
			found = true
			if pa.SizeIs < 0 || m.Params[pa.SizeIs].Name != c.size {
				t.Errorf("%s.%s: parameter %s is not sized by %s (SizeIs %d)", c.iface, c.method, c.param, c.size, pa.SizeIs)
			}
		}
		if !found {
			t.Errorf("%s.%s has no parameter %s", c.iface, c.method, c.param)
		}
	}
}

// TestBuiltinHasEveryWbemcliEnumerator checks the embedded wbemcli.idl
// against mingw-w64's wbemcli.h, an independent header: every enumerator the
// header declares in a typedef enum (341 of them) is declared by ours with
// the same value.
func TestBuiltinHasEveryWbemcliEnumerator(t *testing.T) {
	path := filepath.Join(idltest.MingwIncludeDir, "wbemcli.h")
	idltest.Require(t, path, "mingw-w64-x86-64-dev")
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	prog, err := idl.LoadFS(idl.Config{Dirs: []idl.Dir{idl.Builtin}}, idl.Builtin, "wbemcli.idl")
	if err != nil {
		t.Fatal(err)
	}
	ours := map[string]int64{}
	for _, e := range prog.Entities {
		if en, ok := e.(*idl.EnumInfo); ok {
			for _, m := range en.Members {
				ours[m.Name] = m.Value
			}
		}
	}
	block := regexp.MustCompile(`(?s)typedef enum \w+\s*\{(.*?)\}\s*\w+\s*;`)
	member := regexp.MustCompile(`(\w+)\s*=\s*(-?(?:0x[0-9a-fA-F]+|\d+))`)
	n := 0
	for _, b := range block.FindAllStringSubmatch(string(src), -1) {
		for _, m := range member.FindAllStringSubmatch(b[1], -1) {
			n++
			want, err := strconv.ParseInt(m[2], 0, 64)
			if err != nil {
				t.Fatalf("%s = %s: %v", m[1], m[2], err)
			}
			got, ok := ours[m[1]]
			switch {
			case !ok:
				t.Errorf("%s (= %s in wbemcli.h) is not declared by the embedded wbemcli.idl", m[1], m[2])
			case uint32(got) != uint32(want):
				t.Errorf("%s = %#x, wbemcli.h says %s", m[1], uint32(got), m[2])
			}
		}
	}
	if n < 300 {
		t.Fatalf("read only %d enumerators from %s", n, path)
	}
	t.Logf("%d enumerators of mingw-w64's wbemcli.h are in the embedded wbemcli.idl", n)
}
