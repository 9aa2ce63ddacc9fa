package typelib

import (
	"fmt"
	"io"
	"path/filepath"
	"strings"
)

// WriteIDL prints l as IDL that widl and MIDL compile back into an
// equivalent library (what OleView shows): a library block that imports
// oaidl.idl (and ocidl.idl when it refers to stdole2's IFontDisp and the
// like) and stdole2.tlb, forward declarations of its interfaces, its
// enums, records, unions and aliases in an order that declares each before
// its use, then its interfaces (bases first), dispinterfaces, coclasses and
// modules. A dual interface is written as an interface with [dual].
//
// opt may be nil. Types that opt.Declared reports the imported IDL
// declares already (wtypes.idl's SYSTEMTIME in taskschd's library) are
// not declared again: widl would stop at the redefinition.
func (l *Library) WriteIDL(w io.Writer, opt *IDLOptions) error {
	if opt == nil {
		opt = &IDLOptions{}
	}
	d := &dumper{lib: l, state: map[*TypeInfo]int{}, written: map[string]*TypeInfo{}, opt: opt}
	d.printf("// Type library %s, read by comgen.\n\n", filepath.Base(l.File))
	imports := opt.Imports
	if imports == nil {
		imports = []string{"oaidl.idl"}
		if l.usesOCIDL() {
			imports = append(imports, "ocidl.idl")
		}
	}
	for _, i := range imports {
		d.printf("import %s;\n", quote(i))
	}
	d.printf("\n")
	var attrs []string
	attrs = append(attrs, "uuid("+strings.ToLower(l.GUID.String())+")")
	attrs = append(attrs, fmt.Sprintf("version(%d.%d)", l.Major, l.Minor))
	attrs = append(attrs, fmt.Sprintf("lcid(%#x)", l.LCID))
	attrs = append(attrs, docAttrs(l.Doc, l.HelpContext, l.HelpStringContext)...)
	if l.HelpFile != "" {
		attrs = append(attrs, "helpfile("+quote(l.HelpFile)+")")
	}
	if l.HelpStringDLL != "" {
		attrs = append(attrs, "helpstringdll("+quote(l.HelpStringDLL)+")")
	}
	for _, f := range []struct {
		bit  LibFlags
		name string
	}{{LibRestricted, "restricted"}, {LibControl, "control"}, {LibHidden, "hidden"}} {
		if l.Flags&f.bit != 0 {
			attrs = append(attrs, f.name)
		}
	}
	d.attrs("", attrs)
	d.printf("library %s\n{\n", l.Name)
	for _, imp := range l.Imports {
		if imp.GUID != l.GUID {
			d.printf("    importlib(%s);\n", quote(imp.Name))
		}
	}
	d.printf("\n")
	for _, t := range l.Types {
		if (t.Kind == KindInterface || t.Kind == KindDispatch) && opt.Declared != nil && opt.Declared(t.Name) {
			d.state[t] = 2 // the imported IDL declares it (IUnknown)
			continue
		}
		switch {
		case t.Kind == KindInterface || t.Kind == KindDispatch && t.Flags&TypeDual != 0:
			d.printf("    interface %s;\n", t.Name)
		case t.Kind == KindDispatch:
			d.printf("    dispinterface %s;\n", t.Name)
		}
	}
	for _, t := range l.Types {
		switch t.Kind {
		case KindEnum, KindRecord, KindUnion, KindAlias:
			d.typedef(t)
		}
	}
	for _, t := range l.Types {
		if t.Kind == KindInterface || t.Kind == KindDispatch {
			d.iface(t)
		}
	}
	for _, t := range l.Types {
		switch t.Kind {
		case KindCoclass:
			d.coclass(t)
		case KindModule:
			d.module(t)
		}
	}
	d.printf("}\n")
	if d.err != nil {
		return d.err
	}
	_, err := io.WriteString(w, d.w.String())
	return err
}

// ocidlNames are the types of stdole2.tlb that ocidl.idl declares (and
// oaidl.idl does not): a library that refers to them is written with
// ocidl.idl imported too, since widl does not take types from an
// importlib'd library by name.
var ocidlNames = map[string]bool{"IFont": true, "IFontDisp": true, "IPicture": true, "IPictureDisp": true}

// usesOCIDL reports whether a type of l refers to one of ocidlNames in
// another library.
func (l *Library) usesOCIDL() bool {
	for _, t := range l.Types {
		for _, r := range l.refsOf(t) {
			if r.Import != nil && ocidlNames[r.Name()] {
				return true
			}
		}
	}
	return false
}

// IDLOptions adjust WriteIDL.
type IDLOptions struct {
	// Imports are the IDL files the dump imports (nil: oaidl.idl).
	Imports []string
	// Declared reports whether the imported IDL declares a type of this
	// name (or tag) already; nil: none.
	Declared func(name string) bool
}

type dumper struct {
	opt   *IDLOptions
	lib   *Library
	w     strings.Builder
	err   error
	state map[*TypeInfo]int // 1 while being written, 2 once written, 3 declared by the imports
	// written are the typedefs written, by name.
	written map[string]*TypeInfo
}

func (d *dumper) printf(format string, args ...any) { fmt.Fprintf(&d.w, format, args...) }

func (d *dumper) attrs(indent string, attrs []string) {
	if len(attrs) == 0 {
		return
	}
	d.printf("%s[\n", indent)
	for i, a := range attrs {
		sep := ","
		if i == len(attrs)-1 {
			sep = ""
		}
		d.printf("%s    %s%s\n", indent, a, sep)
	}
	d.printf("%s]\n", indent)
}

func docAttrs(doc string, ctx, strCtx uint32) []string {
	var out []string
	if doc != "" {
		out = append(out, "helpstring("+quote(doc)+")")
	}
	if ctx != 0 {
		out = append(out, fmt.Sprintf("helpcontext(%#x)", ctx))
	}
	if strCtx != 0 {
		out = append(out, fmt.Sprintf("helpstringcontext(%#x)", strCtx))
	}
	return out
}

func custAttrs(cs []CustData) []string {
	var out []string
	for _, c := range cs {
		out = append(out, fmt.Sprintf("custom(%s, %s)", strings.ToLower(c.GUID.String()), c.Value))
	}
	return out
}

var typeFlagNames = []struct {
	bit  TypeFlags
	name string
}{
	{TypeAppObject, "appobject"}, {TypeLicensed, "licensed"}, {TypePreDeclID, "predeclid"}, {TypeHidden, "hidden"},
	{TypeControl, "control"}, {TypeDual, "dual"}, {TypeNonExtensible, "nonextensible"}, {TypeOleAutomation, "oleautomation"},
	{TypeRestricted, "restricted"}, {TypeAggregatable, "aggregatable"}, {TypeReplaceable, "replaceable"},
	{TypeProxy, "proxy"},
}

func (d *dumper) typeAttrs(t *TypeInfo) []string {
	var attrs []string
	if t.GUID != (GUID{}) {
		attrs = append(attrs, "uuid("+strings.ToLower(t.GUID.String())+")")
	}
	if t.Major != 0 || t.Minor != 0 {
		attrs = append(attrs, fmt.Sprintf("version(%d.%d)", t.Major, t.Minor))
	}
	attrs = append(attrs, docAttrs(t.Doc, t.HelpContext, t.HelpStringContext)...)
	for _, f := range typeFlagNames {
		if t.Flags&f.bit == 0 || f.bit == TypeOleAutomation && t.Kind != KindInterface && t.Flags&TypeDual == 0 {
			continue
		}
		if f.bit == TypeDual && t.Kind != KindDispatch {
			continue
		}
		attrs = append(attrs, f.name)
	}
	if t.Kind == KindCoclass && t.Flags&TypeCanCreate == 0 {
		attrs = append(attrs, "noncreatable")
	}
	return append(attrs, custAttrs(t.Custom)...)
}

// typeName returns the IDL spelling of td, with the declarator name (and
// array bounds) placed: "long x[4]", "IFoo* p".
func (d *dumper) decl(td *TypeDesc, name string) string {
	var dims string
	for td != nil && td.VT == VT_CARRAY {
		for _, dm := range td.Dims {
			dims += fmt.Sprintf("[%d]", dm.Count)
		}
		td = td.Elem
	}
	s := d.typeName(td)
	if name != "" {
		s += " " + name
	}
	return s + dims
}

var basicIDL = map[VarType]string{
	VT_I2: "short", VT_I4: "long", VT_R4: "float", VT_R8: "double", VT_CY: "CURRENCY", VT_DATE: "DATE",
	VT_BSTR: "BSTR", VT_DISPATCH: "IDispatch*", VT_ERROR: "SCODE", VT_BOOL: "VARIANT_BOOL", VT_VARIANT: "VARIANT",
	VT_UNKNOWN: "IUnknown*", VT_DECIMAL: "DECIMAL", VT_I1: "char", VT_UI1: "unsigned char", VT_UI2: "unsigned short",
	VT_UI4: "unsigned long", VT_I8: "__int64", VT_UI8: "unsigned __int64", VT_INT: "int", VT_UINT: "unsigned int",
	VT_VOID: "void", VT_HRESULT: "HRESULT", VT_LPSTR: "LPSTR", VT_LPWSTR: "LPWSTR", VT_INT_PTR: "INT_PTR",
	VT_UINT_PTR: "UINT_PTR", VT_FILETIME: "FILETIME", VT_CLSID: "CLSID",
}

func (d *dumper) typeName(td *TypeDesc) string {
	if td == nil {
		return "void"
	}
	switch td.VT {
	case VT_PTR:
		return d.typeName(td.Elem) + "*"
	case VT_SAFEARRAY:
		return "SAFEARRAY(" + d.typeName(td.Elem) + ")"
	case VT_CARRAY:
		return d.decl(td, "") // an array nested where C cannot write one: rare, let widl say
	case VT_USERDEFINED:
		r := td.Ref
		if r.Type != nil && r.Import == nil {
			switch r.Type.Kind {
			case KindRecord:
				if d.state[r.Type] != 2 {
					return "struct " + r.Type.Name
				}
			case KindUnion:
				if d.state[r.Type] != 2 {
					return "union " + r.Type.Name
				}
			case KindEnum:
				if d.state[r.Type] == 3 {
					return "enum " + r.Type.Name
				}
			}
		}
		return r.Name()
	}
	if s, ok := basicIDL[td.VT]; ok {
		return s
	}
	d.err = fmt.Errorf("%s: type %s has no IDL spelling", d.lib.File, td.VT)
	return td.VT.String()
}

// deps writes the typedefs td refers to before the one being written.
func (d *dumper) deps(td *TypeDesc) {
	for ; td != nil; td = td.Elem {
		if td.Ref != nil && td.Ref.Import == nil && td.Ref.Type != nil {
			switch td.Ref.Type.Kind {
			case KindEnum, KindRecord, KindUnion, KindAlias:
				if td.VT == VT_USERDEFINED {
					d.typedef(td.Ref.Type)
				}
			}
		}
	}
}

func (d *dumper) typedef(t *TypeInfo) {
	if d.state[t] != 0 {
		return
	}
	if d.opt.Declared != nil && d.opt.Declared(t.Name) {
		d.state[t] = 3 // referred to by tag: struct X, enum X
		return
	}
	if prev := d.written[t.Name]; prev != nil && prev.Kind == t.Kind {
		// widl writes an alias once per use in some libraries
		// (uianimation's UI_ANIMATION_KEYFRAME, three times): IDL
		// declares a name once.
		d.state[t] = 2
		d.printf("\n    // %s: type info %d repeats type info %d, left out\n", t.Name, t.Index, prev.Index)
		return
	}
	d.written[t.Name] = t
	d.state[t] = 1
	for _, v := range t.Vars {
		d.deps(v.Type)
	}
	d.deps(t.Alias)
	d.printf("\n")
	attrs := d.typeAttrs(t)
	switch t.Kind {
	case KindAlias:
		attrs = append([]string{"public"}, attrs...)
		d.printf("    typedef [%s] %s;\n", strings.Join(attrs, ", "), d.decl(t.Alias, t.Name))
	case KindEnum:
		d.printf("    typedef %senum %s {\n", bracket(attrs), t.Name)
		for i, v := range t.Vars {
			sep := ","
			if i == len(t.Vars)-1 {
				sep = ""
			}
			val := "0"
			if v.Value != nil {
				val = v.Value.String()
			}
			d.printf("        %s%s = %s%s\n", bracket(append(docAttrs(v.Doc, v.HelpContext, v.HelpStringContext), custAttrs(v.Custom)...)), v.Name, val, sep)
		}
		d.printf("    } %s;\n", t.Name)
	case KindRecord, KindUnion:
		kw := "struct"
		if t.Kind == KindUnion {
			kw = "union"
		}
		d.printf("    typedef %s%s %s {\n", bracket(attrs), kw, t.Name)
		for _, v := range t.Vars {
			d.printf("        %s%s;\n", bracket(append(docAttrs(v.Doc, v.HelpContext, v.HelpStringContext), custAttrs(v.Custom)...)), d.decl(v.Type, v.Name))
		}
		d.printf("    } %s;\n", t.Name)
	}
	d.state[t] = 2
}

func bracket(attrs []string) string {
	if len(attrs) == 0 {
		return ""
	}
	return "[" + strings.Join(attrs, ", ") + "] "
}

func (d *dumper) iface(t *TypeInfo) {
	if d.state[t] != 0 {
		return
	}
	d.state[t] = 1
	dual := t.Kind == KindDispatch && t.Flags&TypeDual != 0
	var base *TypeInfo
	if len(t.Impls) > 0 && t.Impls[0].Ref.Type != nil && t.Impls[0].Ref.Import == nil {
		base = t.Impls[0].Ref.Type
		d.iface(base)
	}
	d.printf("\n")
	attrs := d.typeAttrs(t)
	if t.Kind == KindInterface || dual {
		attrs = append([]string{"odl"}, attrs...)
		d.attrs("    ", attrs)
		d.printf("    interface %s", t.Name)
		if len(t.Impls) > 0 {
			d.printf(" : %s", t.Impls[0].Ref.Name())
		}
		d.printf(" {\n")
		for _, f := range t.Funcs {
			d.fn(f, false)
		}
		d.printf("    };\n")
		d.state[t] = 2
		return
	}
	d.attrs("    ", attrs)
	d.printf("    dispinterface %s {\n", t.Name)
	if len(t.Impls) > 0 && t.Impls[0].Ref.Name() != "IDispatch" {
		d.printf("        interface %s;\n", t.Impls[0].Ref.Name())
	} else {
		d.printf("    properties:\n")
		for _, v := range t.Vars {
			attrs := []string{fmt.Sprintf("id(%s)", memid(v.MemID))}
			if v.Flags&VarReadOnly != 0 {
				attrs = append(attrs, "readonly")
			}
			attrs = append(attrs, varFlagAttrs(v.Flags)...)
			attrs = append(attrs, docAttrs(v.Doc, v.HelpContext, v.HelpStringContext)...)
			attrs = append(attrs, custAttrs(v.Custom)...)
			d.printf("        %s%s;\n", bracket(attrs), d.decl(v.Type, v.Name))
		}
		d.printf("    methods:\n")
		for _, f := range t.Funcs {
			d.fn(f, true)
		}
	}
	d.printf("    };\n")
	d.state[t] = 2
}

func memid(id int32) string {
	if id < 0 || id >= 0x10000 {
		return fmt.Sprintf("%#x", uint32(id))
	}
	return fmt.Sprint(id)
}

var funcFlagNames = []struct {
	bit  FuncFlags
	name string
}{
	{FuncRestricted, "restricted"}, {FuncSource, "source"}, {FuncBindable, "bindable"}, {FuncRequestEdit, "requestedit"},
	{FuncDisplayBind, "displaybind"}, {FuncDefaultBind, "defaultbind"}, {FuncHidden, "hidden"},
	{FuncUsesGetLastError, "usesgetlasterror"}, {FuncDefaultCollelem, "defaultcollelem"}, {FuncUIDefault, "uidefault"},
	{FuncNonBrowsable, "nonbrowsable"}, {FuncReplaceable, "replaceable"}, {FuncImmediateBind, "immediatebind"},
}

func varFlagAttrs(f VarFlags) []string {
	var out []string
	for _, n := range funcFlagNames {
		if n.bit != FuncRestricted && FuncFlags(f)&n.bit != 0 {
			out = append(out, n.name)
		}
	}
	if f&VarRestricted != 0 {
		out = append(out, "restricted")
	}
	return out
}

func (d *dumper) fn(f *Func, dispatch bool) {
	var attrs []string
	if f.MemID>>16 != 0x6000 && f.MemID>>16 != 0x6001 || dispatch {
		attrs = append(attrs, fmt.Sprintf("id(%s)", memid(f.MemID)))
	}
	switch f.Invoke {
	case InvokePropGet:
		attrs = append(attrs, "propget")
	case InvokePropPut:
		attrs = append(attrs, "propput")
	case InvokePropPutRef:
		attrs = append(attrs, "propputref")
	}
	for _, n := range funcFlagNames {
		if f.Flags&n.bit != 0 {
			attrs = append(attrs, n.name)
		}
	}
	if f.OptParams == -1 {
		attrs = append(attrs, "vararg")
	}
	if f.Entry != "" {
		attrs = append(attrs, "entry("+quote(f.Entry)+")")
	} else if f.EntryOrdinal >= 0 {
		attrs = append(attrs, fmt.Sprintf("entry(%d)", f.EntryOrdinal))
	}
	attrs = append(attrs, docAttrs(f.Doc, f.HelpContext, f.HelpStringContext)...)
	attrs = append(attrs, custAttrs(f.Custom)...)
	cc := ""
	switch f.CallConv {
	case CCCdecl:
		cc = "__cdecl "
	case CCPascal:
		cc = "__pascal "
	case CCFastcall:
		cc = "__fastcall "
	}
	// cParamsOpt counts the parameters written [optional]: those without a
	// default value must be, and as many with one as remain, the last ones.
	needOpt := f.OptParams
	for _, p := range f.Params {
		if p.Flags&ParamOpt != 0 && p.Default == nil {
			needOpt--
		}
	}
	optWithDefault := map[int]bool{}
	for i := len(f.Params) - 1; i >= 0 && needOpt > 0; i-- {
		if p := f.Params[i]; p.Flags&ParamOpt != 0 && p.Default != nil {
			optWithDefault[i] = true
			needOpt--
		}
	}
	var params []string
	for i, p := range f.Params {
		var pa []string
		for _, fl := range []struct {
			bit  ParamFlags
			name string
		}{{ParamIn, "in"}, {ParamOut, "out"}, {ParamLCID, "lcid"}, {ParamRetval, "retval"}, {ParamOpt, "optional"}} {
			if p.Flags&fl.bit != 0 && !(fl.bit == ParamOpt && p.Default != nil && !optWithDefault[i]) {
				// [defaultvalue] implies [optional]; [optional] written
				// too counts the parameter in cParamsOpt.
				pa = append(pa, fl.name)
			}
		}
		if p.Default != nil {
			pa = append(pa, "defaultvalue("+p.Default.String()+")")
		}
		pa = append(pa, custAttrs(p.Custom)...)
		name := p.Name
		if name == "" {
			name = fmt.Sprintf("p%d", i)
		}
		params = append(params, bracket(pa)+d.decl(p.Type, name))
	}
	ps := strings.Join(params, ", ")
	if ps == "" {
		ps = "void"
	}
	d.printf("        %s%s %s%s(%s);\n", bracket(attrs), d.typeName(f.Ret), cc, f.Name, ps)
}

func (d *dumper) coclass(t *TypeInfo) {
	d.printf("\n")
	d.attrs("    ", d.typeAttrs(t))
	d.printf("    coclass %s {\n", t.Name)
	for _, it := range t.Impls {
		var a []string
		for _, f := range []struct {
			bit  ImplFlags
			name string
		}{{ImplDefault, "default"}, {ImplSource, "source"}, {ImplRestricted, "restricted"}, {ImplDefaultVtable, "defaultvtable"}} {
			if it.Flags&f.bit != 0 {
				a = append(a, f.name)
			}
		}
		a = append(a, custAttrs(it.Custom)...)
		kw := "interface"
		if it.Ref.Type != nil && it.Ref.Type.Kind == KindDispatch && it.Ref.Type.Flags&TypeDual == 0 {
			kw = "dispinterface"
		}
		d.printf("        %s%s %s;\n", bracket(a), kw, it.Ref.Name())
	}
	d.printf("    };\n")
}

func (d *dumper) module(t *TypeInfo) {
	d.printf("\n")
	attrs := d.typeAttrs(t)
	if t.DLLName != "" {
		attrs = append([]string{"dllname(" + quote(t.DLLName) + ")"}, attrs...)
	}
	d.attrs("    ", attrs)
	d.printf("    module %s {\n", t.Name)
	for _, v := range t.Vars {
		val := "0"
		if v.Value != nil {
			val = v.Value.String()
		}
		d.printf("        %sconst %s = %s;\n", bracket(docAttrs(v.Doc, v.HelpContext, v.HelpStringContext)), d.decl(v.Type, v.Name), val)
	}
	for _, f := range t.Funcs {
		d.fn(f, false)
	}
	d.printf("    };\n")
}
