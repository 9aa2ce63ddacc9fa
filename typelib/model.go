package typelib

import (
	"embed"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/comgen/comgen/idl"
)

//go:embed tlbbase.idl
var baseFS embed.FS

var baseDir = idl.Dir{Name: "<typelib>", FS: baseFS}

// Program converts l into the checked model the generator reads, as if it
// were an IDL file named after the library's file: its interfaces with
// their vtable methods (a dual interface's vtable view), dispinterfaces
// (Dispatch, without vtable methods, as idl.Load has them), coclasses,
// enums, records, unions, aliases, and the constants and DLL functions
// (see module) of its modules. The
// automation types its VARTYPEs stand for (BSTR, VARIANT, IDispatch, ...)
// come from the embedded oaidl.idl and a small base beside it; a type of
// the library with the name of one of those (stdole2's IUnknown) is that
// one. Positions are the file and the type info's index + 1 as the line.
// Call Resolve first for types of imported libraries beyond stdole's
// IUnknown and IDispatch.
func (l *Library) Program() (*idl.Program, error) {
	prog, err := idl.LoadFS(idl.Config{Dirs: []idl.Dir{baseDir, idl.Builtin}}, baseDir, "tlbbase.idl")
	if err != nil {
		return nil, fmt.Errorf("typelib: the base IDL: %v", err)
	}
	c := &converter{lib: l, prog: prog, ents: map[*TypeInfo]idl.Entity{}, file: &idl.File{Name: filepath.Base(l.File)}}
	c.ptr = 8
	if l.SysKind == SysWin32 || l.SysKind == SysWin16 {
		c.ptr = 4
	}
	prog.Roots = []*idl.File{c.file}
	prog.Files = append(prog.Files, c.file)
	// Shells first: references between types may go either way.
	for _, t := range l.Types {
		c.declare(t)
	}
	for _, t := range l.Types {
		c.define(t)
	}
	if len(c.errs) > 0 {
		return nil, c.errs
	}
	if err := c.checkCycles(); err != nil {
		return nil, err
	}
	return prog, nil
}

type converter struct {
	lib  *Library
	prog *idl.Program
	file *idl.File
	ents map[*TypeInfo]idl.Entity
	ptr  int
	errs idl.ErrorList
}

func (c *converter) pos(t *TypeInfo) idl.Pos {
	return idl.Pos{File: c.file.Name, Line: t.Index + 1, Col: 1}
}

func (c *converter) errorf(t *TypeInfo, format string, args ...any) {
	c.errs.Add(c.pos(t), format, args...)
}

func (c *converter) warnf(t *TypeInfo, format string, args ...any) {
	c.prog.Warnings.Add(c.pos(t), format, args...)
}

func (c *converter) declared(t *TypeInfo) idl.Declared {
	return idl.Declared{Name: t.Name, Pos: c.pos(t), File: c.file, Doc: t.Doc}
}

func guidPtr(g GUID) *idl.GUID {
	if g == (GUID{}) {
		return nil
	}
	return &g
}

func (c *converter) declare(t *TypeInfo) {
	if e, ok := c.prog.Scope[t.Name]; ok {
		// stdole2's IUnknown, IDispatch, GUID...: the base declares them.
		c.ents[t] = e
		return
	}
	var e idl.Entity
	switch t.Kind {
	case KindEnum:
		e = &idl.EnumInfo{Declared: c.declared(t), Tag: t.Name}
	case KindRecord, KindUnion:
		e = &idl.StructInfo{Declared: c.declared(t), Tag: t.Name, Union: t.Kind == KindUnion}
	case KindAlias:
		e = &idl.AliasInfo{Declared: c.declared(t)}
	case KindInterface:
		e = &idl.IfaceInfo{Declared: c.declared(t), IID: guidPtr(t.GUID), Object: true}
	case KindDispatch:
		e = &idl.IfaceInfo{Declared: c.declared(t), IID: guidPtr(t.GUID), Object: true, Dispatch: t.Flags&TypeDual == 0}
	case KindCoclass:
		e = &idl.ClassInfo{Declared: c.declared(t), CLSID: guidPtr(t.GUID)}
	case KindModule:
		return // its constants are declared when it is defined
	default:
		c.errorf(t, "type info %s of kind %s", t.Name, t.Kind)
		return
	}
	c.ents[t] = e
	c.add(e)
}

func (c *converter) add(e idl.Entity) {
	c.prog.Entities = append(c.prog.Entities, e)
	c.prog.Scope[e.EntityName()] = e
}

func (c *converter) define(t *TypeInfo) {
	switch e := c.ents[t].(type) {
	case *idl.EnumInfo:
		if e.File != c.file {
			return
		}
		for _, v := range t.Vars {
			m := &idl.EnumMemberInfo{Declared: idl.Declared{Name: v.Name, Pos: c.pos(t), File: c.file, Doc: v.Doc}}
			if v.Value != nil {
				m.Value = int64(int32(v.Value.Int))
			}
			e.Members = append(e.Members, m)
		}
	case *idl.StructInfo:
		if e.File != c.file {
			return
		}
		for _, v := range t.Vars {
			e.Fields = append(e.Fields, &idl.FieldInfo{Name: v.Name, Pos: c.pos(t), Type: c.typeRef(t, v.Type), Doc: v.Doc, Bits: -1})
		}
	case *idl.AliasInfo:
		if e.File != c.file {
			return
		}
		e.Type = c.typeRef(t, t.Alias)
	case *idl.IfaceInfo:
		if e.File != c.file {
			return
		}
		c.iface(t, e)
	case *idl.ClassInfo:
		if e.File != c.file {
			return
		}
		for _, it := range t.Impls {
			i, ok := c.refEntity(t, it.Ref).(*idl.IfaceInfo)
			if !ok {
				continue
			}
			e.Members = append(e.Members, i)
			if it.Flags&ImplSource != 0 {
				idl.AddSource(e, i, it.Flags&ImplDefault != 0)
			}
			if it.Flags&ImplDefault != 0 && it.Flags&ImplSource == 0 && e.Default == nil {
				e.Default = i
			}
		}
		if e.Default == nil && len(e.Members) > 0 {
			for k, it := range t.Impls {
				if it.Flags&ImplSource == 0 && k < len(e.Members) {
					e.Default = e.Members[k]
					break
				}
			}
		}
	case nil:
		if t.Kind != KindModule {
			return
		}
		for _, v := range t.Vars {
			if v.Value == nil {
				continue
			}
			if _, dup := c.prog.Scope[v.Name]; dup {
				c.warnf(t, "constant %s of module %s has the name of another declaration: left out", v.Name, t.Name)
				continue
			}
			k := &idl.ConstInfo{Declared: idl.Declared{Name: v.Name, Pos: c.pos(t), File: c.file, Doc: v.Doc}, Type: c.typeRef(t, v.Type), Value: constValue(*v.Value)}
			c.add(k)
		}
		c.module(t)
	}
}

// module converts the DLL functions of a module into an idl.ModuleInfo, as
// a [dllname("x.dll")] module block of IDL is: Go functions that call the
// DLL's exports. A function is left out, with a warning, when it cannot
// be called by name: an entry point by ordinal (golang.org/x/sys/windows
// loads procedures by name), an entry string that is no export name (widl
// 8 writes "#" for every entry string), a calling convention other than
// stdcall or cdecl, or a DLL name that is not a bare file name (DLLs are
// loaded from the system directory only, as idl requires of IDL).
func (c *converter) module(t *TypeInfo) {
	if len(t.Funcs) == 0 {
		return
	}
	if !idl.BareDLLName(t.DLLName) {
		c.warnf(t, "module %s: its DLL %q is not a bare file name (such as \"ole32.dll\"): its %d functions are not generated", t.Name, t.DLLName, len(t.Funcs))
		return
	}
	mod := &idl.ModuleInfo{Declared: c.declared(t), DLL: t.DLLName,
		Attrs: idl.Attrs{c.attr(t, "dllname", &idl.StringLit{Pos: c.pos(t), Value: t.DLLName})}}
	seen := map[string]bool{}
	for _, f := range t.Funcs {
		export := f.Name
		switch {
		case f.Entry == "" && f.EntryOrdinal >= 0:
			c.warnf(t, "module %s: function %s is exported by ordinal %d, which is not loaded by name: left out", t.Name, f.Name, f.EntryOrdinal)
			continue
		case f.Entry != "" && !exportName(f.Entry):
			c.warnf(t, "module %s: function %s has entry %q, which is not an export name: left out", t.Name, f.Name, f.Entry)
			continue
		case f.Entry != "":
			export = f.Entry
		}
		if f.CallConv != CCStdcall && f.CallConv != CCCdecl {
			c.warnf(t, "module %s: function %s has calling convention %d (not stdcall or cdecl): left out", t.Name, f.Name, f.CallConv)
			continue
		}
		if f.Invoke != InvokeFunc || seen[f.Name] {
			c.warnf(t, "module %s: %s is a property or appears twice: left out", t.Name, f.Name)
			continue
		}
		seen[f.Name] = true
		attrs := idl.Attrs{}
		if export != f.Name {
			attrs = append(attrs, c.attr(t, "entry", &idl.StringLit{Pos: c.pos(t), Value: export}))
		}
		mod.Funcs = append(mod.Funcs, &idl.MethodInfo{Declared: idl.Declared{Name: f.Name, Pos: c.pos(t), File: c.file, Doc: f.Doc},
			Attrs: attrs, Slot: -1, Ret: c.typeRef(t, f.Ret), Params: c.params(t, f)})
	}
	if len(mod.Funcs) > 0 {
		c.prog.Entities = append(c.prog.Entities, mod)
	}
}

// exportName reports whether s can be the name of a DLL export: a C
// identifier, or a decorated name (_f@8, ?f@@...) of printable ASCII.
func exportName(s string) bool {
	if s == "" || s[0] == '#' {
		return false
	}
	for _, r := range s {
		if r <= ' ' || r > '~' {
			return false
		}
	}
	return true
}

func constValue(v Value) idl.Value {
	switch v.VT {
	case VT_R4, VT_R8, VT_DATE:
		return idl.Value{Kind: idl.ValFloat, Float: v.Float}
	case VT_BSTR, VT_LPSTR, VT_LPWSTR:
		return idl.Value{Kind: idl.ValString, Str: v.Str}
	}
	return idl.Value{Int: v.Int}
}

// iface fills in an interface: its base and, unless it is a pure
// dispinterface, its vtable methods, slots checked against the library's
// vtable offsets (a gap, where a library leaves out [local] methods, is
// filled with a placeholder slot).
func (c *converter) iface(t *TypeInfo, e *idl.IfaceInfo) {
	if e.Dispatch {
		e.Base, _ = c.prog.Scope["IDispatch"].(*idl.IfaceInfo)
		c.dispMembers(t, e)
		return
	}
	if t.Flags&TypeDual != 0 {
		e.Attrs = append(e.Attrs, c.attr(t, "dual"))
		defer c.dispMembers(t, e)
	}
	if len(t.Impls) > 0 {
		b, ok := c.refEntity(t, t.Impls[0].Ref).(*idl.IfaceInfo)
		if !ok {
			c.errorf(t, "base of interface %s is %s, not an interface", t.Name, t.Impls[0].Ref.Name())
			return
		}
		if b == e {
			c.errorf(t, "interface %s inherits from itself", t.Name)
			return
		}
		e.Base = b
	}
	first := 0
	if e.Base != nil {
		// The base's methods may not be known yet: count its slots from
		// the library, where the vtable size is recorded.
		first = c.baseSlots(t)
	}
	seen := map[string]bool{}
	for _, f := range t.Funcs {
		slot := f.VtblOffset / c.ptr
		next := first + len(e.Methods)
		if slot < next {
			c.errorf(t, "method %s of %s is at vtable slot %d, before slot %d", f.Name, t.Name, slot, next)
			return
		}
		for ; next < slot; next++ {
			c.warnf(t, "%s: vtable slot %d is not in the library (a [local] method left out): a placeholder", t.Name, next)
			e.Methods = append(e.Methods, &idl.MethodInfo{Declared: idl.Declared{Name: fmt.Sprintf("Reserved%d", next), Pos: c.pos(t), File: c.file},
				Slot: next, Iface: e, Ret: &idl.TypeRef{Kind: idl.RNamed, Decl: c.prog.Scope["HRESULT"]}})
		}
		name := methodName(f)
		if seen[name] {
			c.errorf(t, "method %s of %s appears twice", name, t.Name)
			return
		}
		seen[name] = true
		m := &idl.MethodInfo{Declared: idl.Declared{Name: name, Pos: c.pos(t), File: c.file, Doc: f.Doc}, Attrs: c.funcAttrs(t, f), Slot: slot, Iface: e, Ret: c.typeRef(t, f.Ret),
			Params: c.params(t, f)}
		e.Methods = append(e.Methods, m)
	}
}

// baseSlots counts the vtable slots of t's base from the library.
func (c *converter) baseSlots(t *TypeInfo) int {
	seen := map[*TypeInfo]bool{}
	for b := t.Impls[0].Ref; ; {
		bt := b.Type
		if bt == nil || b.Import != nil && bt.Kind != KindInterface && bt.Kind != KindDispatch {
			if i, ok := c.refEntity(t, b).(*idl.IfaceInfo); ok && i.File != c.file {
				return i.VtblLen()
			}
			return 0
		}
		if i, ok := c.ents[bt].(*idl.IfaceInfo); ok && i.File != c.file {
			return i.VtblLen() // a base the base IDL declares (IDispatch)
		}
		if seen[bt] {
			c.errorf(t, "interface %s: its bases inherit from each other in a cycle", t.Name)
			return 0
		}
		seen[bt] = true
		return bt.VtblSize / c.ptr
	}
}

// refEntity returns the entity a reference names.
func (c *converter) refEntity(t *TypeInfo, r *Ref) idl.Entity {
	if r.Type != nil {
		if e, ok := c.ents[r.Type]; ok {
			return e
		}
		if e, ok := c.prog.Scope[r.Type.Name]; ok {
			return e
		}
	}
	if e, ok := c.prog.Scope[r.Name()]; ok {
		return e
	}
	if r.Import != nil && (r.Kind == KindInterface || r.Kind == KindDispatch) {
		// An interface of a library not found: IUnknown stands in for it.
		c.warnf(t, "%s: interface %s of the imported library %s is not found (see Resolve): IUnknown stands in for it", t.Name, r.Name(), r.Import.Name)
		return c.prog.Scope["IUnknown"]
	}
	c.errorf(t, "%s: type %s is not found (an imported library: see Resolve)", t.Name, r.Name())
	return nil
}

var basicNames = map[VarType]string{
	VT_I2: "short", VT_I4: "long", VT_R4: "float", VT_R8: "double", VT_I1: "char", VT_UI1: "unsigned char",
	VT_UI2: "unsigned short", VT_UI4: "unsigned long", VT_I8: "__int64", VT_UI8: "unsigned __int64",
	VT_INT: "int", VT_UINT: "unsigned int", VT_VOID: "void", VT_INT_PTR: "__int3264", VT_UINT_PTR: "unsigned __int3264",
}

var namedVT = map[VarType]string{
	VT_BSTR: "BSTR", VT_CY: "CY", VT_DATE: "DATE", VT_ERROR: "SCODE", VT_BOOL: "VARIANT_BOOL", VT_VARIANT: "VARIANT",
	VT_DECIMAL: "DECIMAL", VT_HRESULT: "HRESULT", VT_LPSTR: "LPSTR", VT_LPWSTR: "LPWSTR", VT_FILETIME: "FILETIME",
	VT_CLSID: "GUID",
}

func (c *converter) named(name string) *idl.TypeRef {
	e, ok := c.prog.Scope[name]
	if !ok {
		c.errs.Add(idl.Pos{File: c.file.Name}, "internal error: the base IDL does not declare %s", name)
		return &idl.TypeRef{Kind: idl.RBasic, Basic: "void"}
	}
	return &idl.TypeRef{Kind: idl.RNamed, Decl: e}
}

func (c *converter) typeRef(t *TypeInfo, td *TypeDesc) *idl.TypeRef {
	if td == nil {
		return &idl.TypeRef{Kind: idl.RBasic, Basic: "void"}
	}
	if b, ok := basicNames[td.VT]; ok {
		return &idl.TypeRef{Kind: idl.RBasic, Basic: b}
	}
	if n, ok := namedVT[td.VT]; ok {
		return c.named(n)
	}
	switch td.VT {
	case VT_DISPATCH:
		return &idl.TypeRef{Kind: idl.RPointer, Elem: c.named("IDispatch")}
	case VT_UNKNOWN:
		return &idl.TypeRef{Kind: idl.RPointer, Elem: c.named("IUnknown")}
	case VT_SAFEARRAY:
		return &idl.TypeRef{Kind: idl.RPointer, Elem: c.named("SAFEARRAY")}
	case VT_PTR:
		return &idl.TypeRef{Kind: idl.RPointer, Elem: c.typeRef(t, td.Elem)}
	case VT_CARRAY:
		elem := c.typeRef(t, td.Elem)
		for i := len(td.Dims) - 1; i >= 0; i-- {
			n := int64(td.Dims[i].Count)
			if n == 0 {
				n = -1 // a conformant array (byte abData[]), which compilers record with 0 elements
			}
			elem = &idl.TypeRef{Kind: idl.RArray, Elem: elem, Len: n}
		}
		return elem
	case VT_USERDEFINED:
		if e := c.refEntity(t, td.Ref); e != nil {
			return &idl.TypeRef{Kind: idl.RNamed, Decl: e}
		}
		return &idl.TypeRef{Kind: idl.RBasic, Basic: "void"}
	}
	c.errorf(t, "%s: type %s has no IDL equivalent", t.Name, td.VT)
	return &idl.TypeRef{Kind: idl.RBasic, Basic: "void"}
}

// checkCycles finds aliases that stand for each other and records that
// contain each other by value, which no layout can have.
func (c *converter) checkCycles() error {
	var errs idl.ErrorList
	for _, e := range c.prog.Entities {
		a, ok := e.(*idl.AliasInfo)
		if !ok || a.File != c.file {
			continue
		}
		seen := map[idl.Entity]bool{}
		for t := a.Type; t != nil && t.Kind == idl.RNamed; {
			x, ok := t.Decl.(*idl.AliasInfo)
			if !ok {
				break
			}
			if seen[x] {
				errs.Add(a.Pos, "alias %s stands for itself through %s", a.Name, x.Name)
				break
			}
			seen[x] = true
			t = x.Type
		}
	}
	if len(errs) > 0 {
		return errs
	}
	for _, e := range c.prog.Entities {
		s, ok := e.(*idl.StructInfo)
		if !ok || s.File != c.file {
			continue
		}
		if _, _, err := idl.Layout(&idl.TypeRef{Kind: idl.RNamed, Decl: s}, idl.ArchAMD64); err != nil && strings.Contains(err.Error(), "deeply") {
			errs.Add(s.Pos, "record %s contains itself", s.Name)
		}
	}
	if len(errs) > 0 {
		return errs
	}
	return nil
}
