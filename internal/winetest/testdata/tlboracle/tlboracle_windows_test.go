//go:build windows

package oaidl

import (
	"encoding/json"
	"flag"
	"fmt"
	"math/big"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"
)

// This program is the oleaut32 side of TestTypeLibOracleUnderWine: it loads
// each library named by -oracle.libs with oleaut32's LoadTypeLibEx and
// writes what ITypeLib and ITypeInfo say about it, as JSON, to the file
// -oracle.out. The test compares that with the pure-Go reader's view of the
// same files. The JSON types below are the test's (oracle*): keep them the
// same on both sides.

var (
	libsFlag = flag.String("oracle.libs", "", "libraries to dump, separated by |")
	outFlag  = flag.String("oracle.out", "", "file to write the JSON dump to")
)

type oracleLib struct {
	File    string
	Error   string `json:",omitempty"`
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
	Alias  string `json:",omitempty"`
	Error  string `json:",omitempty"`
	Funcs  []*oracleFunc
	Vars   []*oracleVar
	Impls  []*oracleImpl
	// Vtable is a dual interface's interface view (GetRefTypeOfImplType(-1)).
	Vtable *oracleType `json:",omitempty"`
}

type oracleFunc struct {
	Error    string `json:",omitempty"`
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
	DLL      string `json:",omitempty"`
	Entry    string `json:",omitempty"`
	Ordinal  uint16 `json:",omitempty"`
}

type oracleParam struct {
	Type    string
	Flags   uint16
	Default string `json:",omitempty"`
}

type oracleVar struct {
	Error  string `json:",omitempty"`
	MemID  int32
	Name   string
	Kind   int32
	Flags  uint16
	Type   string
	Offset uint32
	Value  string `json:",omitempty"`
}

type oracleImpl struct {
	Name  string
	Flags int32
	Error string `json:",omitempty"`
}

// regkindNone is REGKIND_NONE: load without registering.
const regkindNone = 2

// memberidNil is MEMBERID_NIL: the type itself in GetDocumentation.
const memberidNil = -1

func TestDumpTypeLibs(t *testing.T) {
	if *libsFlag == "" || *outFlag == "" {
		t.Fatal("run with -oracle.libs and -oracle.out")
	}
	var out []*oracleLib
	err := WithCOM(func() error {
		for _, f := range strings.Split(*libsFlag, "|") {
			out = append(out, dumpLib(f))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	data, err := json.Marshal(out)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(*outFlag, data, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, l := range out {
		t.Logf("%s: %d types %s", l.File, len(l.Types), l.Error)
	}
}

func dumpLib(file string) *oracleLib {
	l := &oracleLib{File: file}
	lib, _, err := LoadTypeLibEx(file, regkindNone)
	if err != nil {
		l.Error = "LoadTypeLibEx: " + err.Error()
		return l
	}
	defer lib.Release()
	if a, _, err := lib.GetLibAttr(); err == nil {
		l.GUID, l.LCID, l.Major, l.Minor, l.SysKind, l.Flags = guidString(a.Guid), a.Lcid, a.WMajorVerNum, a.WMinorVerNum, int32(a.Syskind), a.WLibFlags
		lib.ReleaseTLibAttr(a)
	}
	l.Name, l.Doc, _, _, _, _ = lib.GetDocumentation(memberidNil)
	n := lib.GetTypeInfoCount()
	for i := uint32(0); i < n; i++ {
		ti, _, err := lib.GetTypeInfo(i)
		if err != nil {
			l.Types = append(l.Types, &oracleType{Error: "GetTypeInfo: " + err.Error()})
			continue
		}
		typ := dumpType(ti)
		if typ.Kind == TKIND_DISPATCH && typ.Flags&TYPEFLAG_FDUAL != 0 {
			if h, _, err := ti.GetRefTypeOfImplType(^uint32(0)); err == nil {
				if vt, _, err := ti.GetRefTypeInfo(h); err == nil {
					typ.Vtable = dumpType(vt)
					vt.Release()
				}
			}
		}
		ti.Release()
		l.Types = append(l.Types, typ)
	}
	return l
}

func dumpType(ti *ITypeInfo) *oracleType {
	typ := &oracleType{}
	a, _, err := ti.GetTypeAttr()
	if err != nil {
		typ.Error = "GetTypeAttr: " + err.Error()
		return typ
	}
	typ.GUID, typ.Kind, typ.Flags, typ.Major, typ.Minor = guidString(a.Guid), int32(a.Typekind), a.WTypeFlags, a.WMajorVerNum, a.WMinorVerNum
	typ.CFuncs, typ.CVars, typ.CImpls, typ.Vft, typ.Size, typ.Align = a.CFuncs, a.CVars, a.CImplTypes, a.CbSizeVft, a.CbSizeInstance, a.CbAlignment
	if a.Typekind == TKIND_ALIAS {
		typ.Alias = typeString(ti, &a.TdescAlias)
	}
	ti.ReleaseTypeAttr(a)
	typ.Name, typ.Doc, _, _, _, _ = ti.GetDocumentation(memberidNil)
	for k := uint32(0); k < uint32(typ.CFuncs); k++ {
		typ.Funcs = append(typ.Funcs, dumpFunc(ti, k, typ.Kind))
	}
	for k := uint32(0); k < uint32(typ.CVars); k++ {
		typ.Vars = append(typ.Vars, dumpVar(ti, k))
	}
	for k := uint32(0); k < uint32(typ.CImpls); k++ {
		im := &oracleImpl{}
		im.Flags, _, _ = ti.GetImplTypeFlags(k)
		h, _, err := ti.GetRefTypeOfImplType(k)
		if err == nil {
			im.Name, err = refName(ti, h)
		}
		if err != nil {
			im.Error = err.Error()
		}
		typ.Impls = append(typ.Impls, im)
	}
	return typ
}

func dumpFunc(ti *ITypeInfo, k uint32, kind int32) *oracleFunc {
	f := &oracleFunc{}
	fd, _, err := ti.GetFuncDesc(k)
	if err != nil {
		f.Error = "GetFuncDesc: " + err.Error()
		return f
	}
	defer ti.ReleaseFuncDesc(fd)
	f.MemID, f.Kind, f.Invoke, f.CallConv = fd.Memid, int32(fd.Funckind), int32(fd.Invkind), int32(fd.Callconv)
	f.Vft, f.Params, f.Opt, f.Flags = fd.OVft, fd.CParams, fd.CParamsOpt, fd.WFuncFlags
	f.Ret = typeString(ti, &fd.ElemdescFunc.Tdesc)
	for _, e := range fd.LprgelemdescParamSlice() {
		p := oracleParam{Type: typeString(ti, &e.Tdesc), Flags: e.Paramdesc.WParamFlags}
		if p.Flags&PARAMFLAG_FHASDEFAULT != 0 && e.Paramdesc.Pparamdescex != nil {
			p.Default = valueString(&e.Paramdesc.Pparamdescex.VarDefaultValue)
		}
		f.Param = append(f.Param, p)
	}
	names := make([]BSTR, int(fd.CParams)+1)
	n, _, err := ti.GetNames(fd.Memid, names)
	if err == nil {
		for _, b := range names[:n] {
			f.Names = append(f.Names, b.String())
			b.Free()
		}
	}
	if kind == TKIND_MODULE {
		f.DLL, f.Entry, f.Ordinal, _, _ = ti.GetDllEntry(fd.Memid, fd.Invkind)
	}
	return f
}

func dumpVar(ti *ITypeInfo, k uint32) *oracleVar {
	v := &oracleVar{}
	vd, _, err := ti.GetVarDesc(k)
	if err != nil {
		v.Error = "GetVarDesc: " + err.Error()
		return v
	}
	defer ti.ReleaseVarDesc(vd)
	v.MemID, v.Kind, v.Flags = vd.Memid, int32(vd.Varkind), vd.WVarFlags
	v.Type = typeString(ti, &vd.ElemdescVar.Tdesc)
	if vd.Varkind == VAR_CONST {
		if p := *vd.LpvarValue(); p != nil {
			v.Value = valueString(p)
		}
	} else {
		v.Offset = *vd.OInst()
	}
	v.Name, _, _, _, _, _ = ti.GetDocumentation(vd.Memid)
	return v
}

// typeString writes a type as the test's typeString does on the reader's side.
func typeString(ti *ITypeInfo, td *TYPEDESC) string {
	switch td.Vt {
	case VT_PTR:
		return typeString(ti, *td.Lptdesc()) + "*"
	case VT_SAFEARRAY:
		return "SAFEARRAY(" + typeString(ti, *td.Lptdesc()) + ")"
	case VT_CARRAY:
		// ARRAYDESC.rgbounds is a conformant array (size_is(cDims)) that
		// the bindings declare with one element and no slice accessor:
		// the first dimension and the count are what can be read safely.
		ad := *td.Lpadesc()
		b := ad.Rgbounds[0]
		return fmt.Sprintf("%s[%d dims, %d:%d]", typeString(ti, &ad.TdescElem), ad.CDims, b.Elements, b.LBound)
	case VT_USERDEFINED:
		name, err := refName(ti, *td.Hreftype())
		if err != nil {
			return "?" + err.Error()
		}
		return strings.ToLower(name)
	}
	return strconv.Itoa(int(td.Vt))
}

func refName(ti *ITypeInfo, h HREFTYPE) (string, error) {
	rt, _, err := ti.GetRefTypeInfo(h)
	if err != nil {
		return "", err
	}
	defer rt.Release()
	name, _, _, _, _, err := rt.GetDocumentation(memberidNil)
	return name, err
}

// valueString writes a constant as the test's valueString does.
func valueString(v *VARIANT) string {
	vt := v.VT
	var s string
	switch x := v.Value().(type) {
	case nil:
		s = ""
	case bool:
		s = strconv.FormatBool(x)
	case int8, int16, int32, int64:
		s = fmt.Sprint(x)
	case uint8, uint16, uint32, uint64:
		s = fmt.Sprint(x)
	case float32:
		s = strconv.FormatFloat(float64(x), 'g', -1, 32)
	case float64:
		s = strconv.FormatFloat(x, 'g', -1, 64)
	case string:
		s = strconv.Quote(x)
	case HRESULT:
		s = fmt.Sprint(int32(x))
	case time.Time:
		days := x.Sub(time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)).Hours() / 24
		s = strconv.FormatFloat(days, 'g', -1, 64)
	case *IUnknown:
		s = "object"
		if x == nil {
			s = "0" // as the reader writes a null interface
		}
	case *big.Rat:
		s = new(big.Rat).Mul(x, big.NewRat(10000, 1)).RatString()
	default:
		s = fmt.Sprintf("%T", x)
	}
	return fmt.Sprintf("%d %s", vt, s)
}

func guidString(g GUID) string {
	return fmt.Sprintf("%08X-%04X-%04X-%02X%02X-%02X%02X%02X%02X%02X%02X", g.Data1, g.Data2, g.Data3,
		g.Data4[0], g.Data4[1], g.Data4[2], g.Data4[3], g.Data4[4], g.Data4[5], g.Data4[6], g.Data4[7])
}
