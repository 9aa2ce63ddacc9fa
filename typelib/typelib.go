// Package typelib reads COM type libraries in the MSFT format that MIDL and
// widl write: bare .tlb files and the TYPELIB resources of PE files (DLL,
// OCX, EXE, and .tlb files that are PE images), 32- and 64-bit. It is
// written in Go alone and reads on any OS: it does not call oleaut32.
//
// Read returns a Library: every type info (enums, records, modules,
// interfaces, dispinterfaces, coclasses, aliases, unions) with its
// functions, variables, implemented interfaces, GUIDs, help strings and
// custom data. References to types of other libraries (stdole2's IDispatch)
// are recorded as an Import and the GUID or index the library names them
// by; Library.Resolve finds the imported libraries in a list of
// directories and names those types.
//
// Every offset and count read from the file is checked against the data
// before it is used: a truncated, corrupt or hostile file gives an *Error
// naming the file and the offset, never a panic, and memory in proportion
// to the file's size.
package typelib

import (
	"fmt"
	"strings"

	"github.com/comgen/comgen/idl"
)

// GUID is a COM GUID in its in-memory layout: the IDL front end's, so
// that what a library and an IDL file say compare as they are.
type GUID = idl.GUID

// SysKind is the target a library was compiled for.
type SysKind int

// System kinds.
const (
	SysWin16 SysKind = iota
	SysWin32
	SysMac
	SysWin64
)

func (s SysKind) String() string {
	switch s {
	case SysWin16:
		return "win16"
	case SysWin32:
		return "win32"
	case SysMac:
		return "mac"
	case SysWin64:
		return "win64"
	}
	return fmt.Sprintf("syskind(%d)", int(s))
}

// Library is a type library as read.
type Library struct {
	// File is the name the library was read from, with "#N" when it is
	// resource N of a PE file.
	File string
	// Resource is the TYPELIB resource ID in a PE file (0 for a bare .tlb).
	Resource int

	Name              string
	GUID              GUID
	LCID              uint32
	Major, Minor      uint16
	SysKind           SysKind
	Flags             LibFlags
	Doc               string // helpstring
	HelpFile          string
	HelpContext       uint32
	HelpStringContext uint32
	HelpStringDLL     string
	Custom            []CustData

	Types   []*TypeInfo
	Imports []*Import
	// Dispatch is the reference to IDispatch the library holds (widl and
	// MIDL record where stdole's IDispatch is), or nil.
	Dispatch *Ref
}

// Import is another type library whose types this one refers to.
type Import struct {
	Name         string // its file name as recorded (stdole2.tlb)
	GUID         GUID
	LCID         uint32
	Major, Minor uint16
	// Lib is the library once Resolve found it, or nil.
	Lib *Library
}

// TypeKind is the kind of a type info (TYPEKIND).
type TypeKind int

// Type kinds.
const (
	KindEnum TypeKind = iota
	KindRecord
	KindModule
	KindInterface
	KindDispatch
	KindCoclass
	KindAlias
	KindUnion
)

func (k TypeKind) String() string {
	names := [...]string{"enum", "record", "module", "interface", "dispatch", "coclass", "alias", "union"}
	if k >= 0 && int(k) < len(names) {
		return names[k]
	}
	return fmt.Sprintf("typekind(%d)", int(k))
}

// TypeInfo is one type of the library.
type TypeInfo struct {
	Index             int
	Kind              TypeKind
	Name              string
	GUID              GUID
	Flags             TypeFlags
	Major, Minor      uint16
	Doc               string
	HelpContext       uint32
	HelpStringContext uint32
	Custom            []CustData
	// Size is cbSizeInstance: the size of a record, union or alias
	// target, the pointer size for an interface.
	Size int
	// Align is cbAlignment.
	Align int
	// VtblSize is cbSizeVft, in bytes, as the file records it.
	VtblSize int

	Funcs []*Func
	Vars  []*Var
	// Impls are a coclass's interfaces, or an interface's base (one entry),
	// or the interface a dispinterface is the dispatch view of (a dual
	// interface, or dispinterface X { interface Y; }).
	Impls []*ImplType
	// Alias is the type an alias stands for.
	Alias *TypeDesc
	// DLLName is a module's DLL.
	DLLName string
}

// ImplType is an interface a coclass implements, or an interface's base.
type ImplType struct {
	Ref    *Ref
	Flags  ImplFlags
	Custom []CustData
}

// Func is a function of an interface, dispinterface or module.
type Func struct {
	MemID    int32 // the DISPID
	Name     string
	Kind     FuncKind
	Invoke   InvokeKind
	CallConv CallConv
	// VtblOffset is oVft: the byte offset of the function's vtable slot.
	VtblOffset        int
	Flags             FuncFlags
	Ret               *TypeDesc
	Params            []*Param
	OptParams         int // cParamsOpt: how many trailing parameters are a vararg SAFEARRAY (-1) or optional
	Doc               string
	HelpContext       uint32
	HelpStringContext uint32
	// Entry is a module function's DLL entry point name, or "" when
	// EntryOrdinal names it (or it has none).
	Entry        string
	EntryOrdinal int
	Custom       []CustData
}

// Param is a function parameter.
type Param struct {
	Name    string
	Type    *TypeDesc
	Flags   ParamFlags
	Default *Value // when Flags has ParamHasDefault
	Custom  []CustData
}

// Var is a record or union field, an enumerator, a module constant, or a
// dispinterface property.
type Var struct {
	MemID int32
	Name  string
	Kind  VarKind
	Flags VarFlags
	Type  *TypeDesc
	// Offset is a field's byte offset in its record (VarPerInstance).
	Offset int
	// Value is a constant's value (VarConst).
	Value             *Value
	Doc               string
	HelpContext       uint32
	HelpStringContext uint32
	Custom            []CustData
}

// CustData is a custom attribute: custom(guid, value).
type CustData struct {
	GUID  GUID
	Value Value
}

// VarType is a VARTYPE.
type VarType uint16

// VARTYPEs the format uses.
const (
	VT_EMPTY       VarType = 0
	VT_NULL        VarType = 1
	VT_I2          VarType = 2
	VT_I4          VarType = 3
	VT_R4          VarType = 4
	VT_R8          VarType = 5
	VT_CY          VarType = 6
	VT_DATE        VarType = 7
	VT_BSTR        VarType = 8
	VT_DISPATCH    VarType = 9
	VT_ERROR       VarType = 10
	VT_BOOL        VarType = 11
	VT_VARIANT     VarType = 12
	VT_UNKNOWN     VarType = 13
	VT_DECIMAL     VarType = 14
	VT_I1          VarType = 16
	VT_UI1         VarType = 17
	VT_UI2         VarType = 18
	VT_UI4         VarType = 19
	VT_I8          VarType = 20
	VT_UI8         VarType = 21
	VT_INT         VarType = 22
	VT_UINT        VarType = 23
	VT_VOID        VarType = 24
	VT_HRESULT     VarType = 25
	VT_PTR         VarType = 26
	VT_SAFEARRAY   VarType = 27
	VT_CARRAY      VarType = 28
	VT_USERDEFINED VarType = 29
	VT_LPSTR       VarType = 30
	VT_LPWSTR      VarType = 31
	VT_RECORD      VarType = 36
	VT_INT_PTR     VarType = 37
	VT_UINT_PTR    VarType = 38
	VT_FILETIME    VarType = 64
	VT_BLOB        VarType = 65
	VT_STREAM      VarType = 66
	VT_STORAGE     VarType = 67
	VT_CLSID       VarType = 72
)

var vtNames = map[VarType]string{
	VT_EMPTY: "VT_EMPTY", VT_NULL: "VT_NULL", VT_I2: "VT_I2", VT_I4: "VT_I4", VT_R4: "VT_R4", VT_R8: "VT_R8",
	VT_CY: "VT_CY", VT_DATE: "VT_DATE", VT_BSTR: "VT_BSTR", VT_DISPATCH: "VT_DISPATCH", VT_ERROR: "VT_ERROR",
	VT_BOOL: "VT_BOOL", VT_VARIANT: "VT_VARIANT", VT_UNKNOWN: "VT_UNKNOWN", VT_DECIMAL: "VT_DECIMAL",
	VT_I1: "VT_I1", VT_UI1: "VT_UI1", VT_UI2: "VT_UI2", VT_UI4: "VT_UI4", VT_I8: "VT_I8", VT_UI8: "VT_UI8",
	VT_INT: "VT_INT", VT_UINT: "VT_UINT", VT_VOID: "VT_VOID", VT_HRESULT: "VT_HRESULT", VT_PTR: "VT_PTR",
	VT_SAFEARRAY: "VT_SAFEARRAY", VT_CARRAY: "VT_CARRAY", VT_USERDEFINED: "VT_USERDEFINED",
	VT_LPSTR: "VT_LPSTR", VT_LPWSTR: "VT_LPWSTR", VT_RECORD: "VT_RECORD", VT_INT_PTR: "VT_INT_PTR",
	VT_UINT_PTR: "VT_UINT_PTR", VT_FILETIME: "VT_FILETIME", VT_BLOB: "VT_BLOB", VT_STREAM: "VT_STREAM",
	VT_STORAGE: "VT_STORAGE", VT_CLSID: "VT_CLSID",
}

func (v VarType) String() string {
	if s, ok := vtNames[v]; ok {
		return s
	}
	return fmt.Sprintf("VT(%d)", uint16(v))
}

// TypeDesc is a type as the library describes it (TYPEDESC).
type TypeDesc struct {
	VT VarType
	// Elem is what a VT_PTR points to, a VT_SAFEARRAY's element type, a
	// VT_CARRAY's element type.
	Elem *TypeDesc
	// Dims are a VT_CARRAY's dimensions.
	Dims []ArrayDim
	// Ref is a VT_USERDEFINED type.
	Ref *Ref
}

// ArrayDim is one dimension of a C array.
type ArrayDim struct {
	Count int
	Lower int
}

// Ref is a reference to a type info (an HREFTYPE): of this library, or of
// an imported one.
type Ref struct {
	// HRef is the HREFTYPE as stored.
	HRef int32
	// Type is the referenced type info of this library, or of an imported
	// library once Resolve found it.
	Type *TypeInfo
	// Import is the library an external reference names (nil for a type
	// of this library).
	Import *Import
	// GUID is the imported type's GUID when the reference names it by
	// GUID (ByGUID); otherwise Index is its index in the imported library.
	GUID   GUID
	ByGUID bool
	Index  int
	// Kind is the imported type's kind as the reference records it.
	Kind TypeKind
}

// Name returns the referenced type's name, or a description of an
// unresolved import.
func (r *Ref) Name() string {
	if r.Type != nil {
		return r.Type.Name
	}
	if r.Import != nil {
		if r.ByGUID {
			if n, ok := wellKnown[r.GUID]; ok {
				return n
			}
			return fmt.Sprintf("%s:{%s}", r.Import.Name, r.GUID)
		}
		return fmt.Sprintf("%s:#%d", r.Import.Name, r.Index)
	}
	return fmt.Sprintf("href(%#x)", uint32(r.HRef))
}

// wellKnown names the types of stdole2.tlb (and stdole32.tlb) that
// libraries refer to most, by GUID: the dump and the model name them
// without reading stdole2.
var wellKnown = map[GUID]string{
	{Data1: 0x00000000, Data2: 0x0000, Data3: 0x0000, Data4: [8]byte{0xC0, 0, 0, 0, 0, 0, 0, 0x46}}:                   "IUnknown",
	{Data1: 0x00020400, Data2: 0x0000, Data3: 0x0000, Data4: [8]byte{0xC0, 0, 0, 0, 0, 0, 0, 0x46}}:                   "IDispatch",
	{Data1: 0x00020404, Data2: 0x0000, Data3: 0x0000, Data4: [8]byte{0xC0, 0, 0, 0, 0, 0, 0, 0x46}}:                   "IEnumVARIANT",
	{Data1: 0xBEF6E002, Data2: 0xA874, Data3: 0x101A, Data4: [8]byte{0x8B, 0xBA, 0x00, 0xAA, 0x00, 0x30, 0x0C, 0xAB}}: "IFont",
	{Data1: 0xBEF6E003, Data2: 0xA874, Data3: 0x101A, Data4: [8]byte{0x8B, 0xBA, 0x00, 0xAA, 0x00, 0x30, 0x0C, 0xAB}}: "FontDisp",
	{Data1: 0x7BF80980, Data2: 0xBF32, Data3: 0x101A, Data4: [8]byte{0x8B, 0xBB, 0x00, 0xAA, 0x00, 0x30, 0x0C, 0xAB}}: "IPicture",
	{Data1: 0x7BF80981, Data2: 0xBF32, Data3: 0x101A, Data4: [8]byte{0x8B, 0xBB, 0x00, 0xAA, 0x00, 0x30, 0x0C, 0xAB}}: "PictureDisp",
}

// WellKnownName returns the name of a stdole type with GUID g, or "".
func WellKnownName(g GUID) string { return wellKnown[g] }

// Value is a constant: a VAR_CONST's value, a parameter's default value,
// custom data.
type Value struct {
	VT    VarType
	Int   int64   // integer types, VT_BOOL, VT_ERROR, VT_HRESULT, VT_CY (in units of 1/10000)
	Float float64 // VT_R4, VT_R8, VT_DATE
	Str   string  // VT_BSTR, VT_LPSTR, VT_LPWSTR
	Null  bool    // a null VT_BSTR
}

func (v Value) String() string {
	switch v.VT {
	case VT_R4, VT_R8, VT_DATE:
		return fmt.Sprint(v.Float)
	case VT_BSTR, VT_LPSTR, VT_LPWSTR:
		if v.Null {
			return "NULL"
		}
		return quote(v.Str)
	case VT_EMPTY, VT_NULL:
		return "0"
	case VT_UI1, VT_UI2, VT_UI4, VT_UI8, VT_UINT, VT_ERROR, VT_HRESULT:
		if v.Int >= 0x8000 {
			return fmt.Sprintf("0x%x", uint64(v.Int))
		}
	}
	return fmt.Sprint(v.Int)
}

func quote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\%03o`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// FuncKind is a FUNCKIND.
type FuncKind int

// Function kinds.
const (
	FuncVirtual FuncKind = iota
	FuncPureVirtual
	FuncNonVirtual
	FuncStatic
	FuncDispatch
)

// InvokeKind is an INVOKEKIND.
type InvokeKind int

// Invoke kinds.
const (
	InvokeFunc        InvokeKind = 1
	InvokePropGet     InvokeKind = 2
	InvokePropPut     InvokeKind = 4
	InvokePropPutRef  InvokeKind = 8
	invokeKindAllBits            = 0xF
)

// CallConv is a CALLCONV.
type CallConv int

// Calling conventions.
const (
	CCFastcall CallConv = 0
	CCCdecl    CallConv = 1
	CCPascal   CallConv = 2
	CCMacPasc  CallConv = 3
	CCStdcall  CallConv = 4
	CCSyscall  CallConv = 6
)

// VarKind is a VARKIND.
type VarKind int

// Variable kinds.
const (
	VarPerInstance VarKind = iota
	VarStatic
	VarConst
	VarDispatch
)

// ParamFlags are PARAMFLAGs.
type ParamFlags uint16

// Parameter flags.
const (
	ParamIn         ParamFlags = 0x1
	ParamOut        ParamFlags = 0x2
	ParamLCID       ParamFlags = 0x4
	ParamRetval     ParamFlags = 0x8
	ParamOpt        ParamFlags = 0x10
	ParamHasDefault ParamFlags = 0x20
	ParamHasCustom  ParamFlags = 0x40
)

// ImplFlags are IMPLTYPEFLAGs.
type ImplFlags int32

// Implemented-interface flags.
const (
	ImplDefault       ImplFlags = 0x1
	ImplSource        ImplFlags = 0x2
	ImplRestricted    ImplFlags = 0x4
	ImplDefaultVtable ImplFlags = 0x8
)

// TypeFlags are TYPEFLAGs.
type TypeFlags uint32

// Type flags.
const (
	TypeAppObject     TypeFlags = 0x1
	TypeCanCreate     TypeFlags = 0x2
	TypeLicensed      TypeFlags = 0x4
	TypePreDeclID     TypeFlags = 0x8
	TypeHidden        TypeFlags = 0x10
	TypeControl       TypeFlags = 0x20
	TypeDual          TypeFlags = 0x40
	TypeNonExtensible TypeFlags = 0x80
	TypeOleAutomation TypeFlags = 0x100
	TypeRestricted    TypeFlags = 0x200
	TypeAggregatable  TypeFlags = 0x400
	TypeReplaceable   TypeFlags = 0x800
	TypeDispatchable  TypeFlags = 0x1000
	TypeReverseBind   TypeFlags = 0x2000
	TypeProxy         TypeFlags = 0x4000
)

// FuncFlags are FUNCFLAGs.
type FuncFlags uint16

// Function flags.
const (
	FuncRestricted       FuncFlags = 0x1
	FuncSource           FuncFlags = 0x2
	FuncBindable         FuncFlags = 0x4
	FuncRequestEdit      FuncFlags = 0x8
	FuncDisplayBind      FuncFlags = 0x10
	FuncDefaultBind      FuncFlags = 0x20
	FuncHidden           FuncFlags = 0x40
	FuncUsesGetLastError FuncFlags = 0x80
	FuncDefaultCollelem  FuncFlags = 0x100
	FuncUIDefault        FuncFlags = 0x200
	FuncNonBrowsable     FuncFlags = 0x400
	FuncReplaceable      FuncFlags = 0x800
	FuncImmediateBind    FuncFlags = 0x1000
)

// VarFlags are VARFLAGs.
type VarFlags uint16

// Variable flags.
const (
	VarReadOnly       VarFlags = 0x1
	VarSource         VarFlags = 0x2
	VarBindable       VarFlags = 0x4
	VarRequestEdit    VarFlags = 0x8
	VarDisplayBind    VarFlags = 0x10
	VarDefaultBind    VarFlags = 0x20
	VarHidden         VarFlags = 0x40
	VarRestricted     VarFlags = 0x80
	VarDefaultCollele VarFlags = 0x100
	VarUIDefault      VarFlags = 0x200
	VarNonBrowsable   VarFlags = 0x400
	VarReplaceable    VarFlags = 0x800
	VarImmediateBind  VarFlags = 0x1000
)

// LibFlags are LIBFLAGs.
type LibFlags uint16

// Library flags.
const (
	LibRestricted   LibFlags = 0x1
	LibControl      LibFlags = 0x2
	LibHidden       LibFlags = 0x4
	LibHasDiskImage LibFlags = 0x8
)

// Error is a failure to read a library: the file and the offset of the
// data that is wrong.
type Error struct {
	File   string
	Offset int64 // -1 when the error is not about one place
	Msg    string
}

func (e *Error) Error() string {
	if e.Offset < 0 {
		return e.File + ": " + e.Msg
	}
	return fmt.Sprintf("%s: offset %#x: %s", e.File, e.Offset, e.Msg)
}
