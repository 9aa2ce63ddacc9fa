package idl

import "strings"

// The checked model: what the back ends read. Names are resolved, constants
// evaluated and vtables laid out; nothing here refers to tokens.

// Entity is a named, checked declaration.
type Entity interface {
	EntityName() string
	Position() Pos
	DeclFile() *File
}

// Declared holds what every entity has.
type Declared struct {
	Name string
	Pos  Pos
	File *File
	Doc  string // source comment and/or helpstring
}

func (d *Declared) EntityName() string { return d.Name }
func (d *Declared) Position() Pos      { return d.Pos }
func (d *Declared) DeclFile() *File    { return d.File }

// Model is the checked program.
type Model struct {
	// Entities in declaration order across files (imports first).
	Entities []Entity
	// Lookup by name.
	Scope map[string]Entity
	// Warnings are diagnostics that did not stop the check (widl accepts the input).
	Warnings ErrorList
}

// IfaceInfo is a checked COM interface.
type IfaceInfo struct {
	Declared
	Attrs   Attrs
	IID     *GUID // nil when the interface has no uuid (local, non-object interfaces)
	Base    *IfaceInfo
	Methods []*MethodInfo // own methods in vtable order (call_as methods excluded)
	// DispMembers are the automation view: a dispinterface's methods and
	// properties, a dual interface's methods by DISPID (see DispMember).
	DispMembers []*DispMember
	Dispatch    bool // dispinterface: calls go through IDispatch::Invoke
	Delegate    bool // a WinRT delegate (MIDL's C name puts an I before its last name component)
	Object      bool // [object]: a COM interface with a vtable
	Local       bool
	WinRT       bool
	// Forward is true when only a forward declaration was seen.
	Forward bool
	// Generic is set for an instance of a WinRT generic (IVector<HSTRING>),
	// which is named as MIDL names it in C (__FIVector_1_HSTRING).
	Generic *GenericInstance
	// Requires lists the interfaces a WinRT interface requires its
	// implementations to provide as well (not part of its vtable).
	Requires []*IfaceInfo
}

// VtblLen is the number of vtable slots, inherited ones included.
func (i *IfaceInfo) VtblLen() int {
	n := len(i.Methods)
	if i.Base != nil {
		n += i.Base.VtblLen()
	}
	return n
}

// AllMethods returns inherited methods first, then own ones: the vtable in slot order.
func (i *IfaceInfo) AllMethods() []*MethodInfo {
	var all []*MethodInfo
	if i.Base != nil {
		all = i.Base.AllMethods()
	}
	return append(all, i.Methods...)
}

// MethodInfo is a checked method.
type MethodInfo struct {
	Declared
	Attrs  Attrs
	Slot   int // vtable index: inherited methods first, IUnknown::QueryInterface is 0
	Ret    *TypeRef
	Params []*ParamInfo
	Iface  *IfaceInfo
}

// Direction of a parameter.
type Direction int

// Parameter directions.
const (
	In Direction = iota
	Out
	InOut
)

func (d Direction) String() string { return [...]string{"in", "out", "in, out"}[d] }

// ParamInfo is a checked parameter.
type ParamInfo struct {
	Name   string
	Pos    Pos
	Attrs  Attrs
	Dir    Direction
	Retval bool
	Type   *TypeRef
	// SizeIs is the parameter named by size_is/max_is, when it is a sibling parameter (-1 otherwise).
	SizeIs int
	// SizeDeref is set when the count is what SizeIs points to
	// (size_is(*pcFound): an [in, out] or [out] count).
	SizeDeref bool
	// SizeLevel is the pointer level the size applies to: 0 for the
	// parameter itself (size_is(n): the caller's buffer), 1 for the pointer
	// it points to (size_is(, *pc) on T **pp: an array the callee allocates).
	SizeLevel int
	// LengthIs is the parameter named by length_is, when it is a sibling parameter (-1 otherwise).
	LengthIs int
	// LengthDeref is set when the length is what LengthIs points to.
	LengthDeref bool
	// IIDIs is the parameter named by iid_is (-1 otherwise).
	IIDIs int
}

// TypeRef is a resolved type.
type TypeRef struct {
	Kind  RefKind
	Basic string // RBasic: canonical base name ("long", "unsigned short", "void", ...)
	Decl  Entity // RNamed: *AliasInfo, *EnumInfo, *StructInfo, *IfaceInfo
	Elem  *TypeRef
	Len   int64 // RArray: element count, or -1 for a conformant array
	Const bool
	// Params of a function type.
	Func *FuncInfo
}

// FuncInfo is the signature of a function pointer type.
type FuncInfo struct {
	Ret    *TypeRef
	Params []*ParamInfo
}

// RefKind classifies a TypeRef.
type RefKind int

// TypeRef kinds.
const (
	RBasic RefKind = iota
	RNamed
	RPointer
	RArray
	RFunc
	ROpaque // a type the back end cannot see into (WinRT generic instances)
)

// Resolve follows aliases to the underlying type.
func (t *TypeRef) Resolve() *TypeRef {
	for t != nil && t.Kind == RNamed {
		a, ok := t.Decl.(*AliasInfo)
		if !ok {
			return t
		}
		t = a.Type
	}
	return t
}

// Name returns the declared name for RNamed types, or "".
func (t *TypeRef) Name() string {
	if t.Kind == RNamed {
		return t.Decl.EntityName()
	}
	return ""
}

// AliasInfo is a typedef.
type AliasInfo struct {
	Declared
	Attrs Attrs
	Type  *TypeRef
	// IDLOnly is set for a typedef C never reads (see StructInfo.IDLOnly):
	// a stand-in for MIDL, whose C type the headers declare, of a size the
	// IDL may not give (wincodec.idl: typedef DWORD *D2D1_PIXEL_FORMAT, an
	// 8-byte struct in C).
	IDLOnly bool
}

// EnumInfo is an enum (named by its typedef name, or by its tag).
type EnumInfo struct {
	Declared
	Attrs   Attrs
	Tag     string
	Members []*EnumMemberInfo
	// Incomplete is true while only the tag was seen (typedef enum X X; before enum X {...}).
	Incomplete bool
	// Scoped is set for WinRT enums, whose members are named through the enum.
	Scoped bool
}

// EnumMemberInfo is one enumerator with its value.
type EnumMemberInfo struct {
	Declared
	Value int64
}

// StructInfo is a struct or union.
type StructInfo struct {
	Declared
	Attrs  Attrs
	Tag    string
	Union  bool
	Fields []*FieldInfo
	// Incomplete is true for a struct that is declared but never defined.
	Incomplete bool
	// IDLOnly is true for a declaration C never reads: it sits between
	// cpp_quote("#if 0") and cpp_quote("#endif"), for MIDL, and the C headers
	// declare the name themselves, with a layout the IDL may not give (Wine's
	// shtypes.idl: typedef struct { int dummy; } WIN32_FIND_DATAW).
	IDLOnly bool
	// Pack is the #pragma pack in effect where the body is (0: the default,
	// 8 on Windows), or the tighter packing C-only text gives it (see
	// checker.cppPack), on the 64-bit targets; Pack386 is the same on 386
	// (oledb.idl packs to 2 bytes for 32-bit C only). StructLayout does not
	// apply them: see gen.
	Pack, Pack386 int
	// Switch describes an encapsulated union's discriminator.
	SwitchType *TypeRef
	SwitchName string
}

// Placeholder reports whether s stands in for a type of the C headers: a
// struct or union C never reads (IDLOnly) whose one member is a dummy
// (Wine's shtypes.idl: typedef struct { int dummy; } WIN32_FIND_DATAW, which
// the checker replaces with the C struct: placeholderCStructs; vmr9.idl's
// D3DCOLOR, a DWORD in C, is read as that: placeholderCTypes). MIDL
// needs some declaration of the name; the layout is the C header's, so Go
// must not allocate one of the IDL's size for a callee to fill. IDL-only
// declarations with real members (wtypes.idl's LARGE_INTEGER, oaidl.idl's
// EXCEPINFO, audioclient.idl's WAVEFORMATEX) keep their layout: the
// mingw-w64 layout test holds every IDL-only struct of the Wine corpus
// that is not a placeholder to the C headers.
func (s *StructInfo) Placeholder() bool {
	return s.IDLOnly && !s.Incomplete && len(s.Fields) == 1 && strings.Contains(strings.ToLower(s.Fields[0].Name), "dummy")
}

// FieldInfo is a struct field or union arm.
type FieldInfo struct {
	Name  string // "" for an anonymous struct or union member, or an unnamed bit-field
	Pos   Pos
	Attrs Attrs
	Type  *TypeRef
	Doc   string
	// Bits is the width of a bit-field (UINT16 isNewline : 1 has 1), or -1
	// for a field that is not one. An unnamed bit-field of width 0 ends
	// the storage unit (see StructFieldLayout).
	Bits int
}

// IsBitField reports whether f is a bit-field.
func (f *FieldInfo) IsBitField() bool { return f.Bits >= 0 }

// IntegerType reports whether t is an integer type a bit-field may have: a
// base integer type, a typedef of one (UINT16, BOOL) or an enum, with its
// size in bytes and whether its values are signed. An enum is signed when
// one of its enumerators is negative, as gcc has it (MSVC's enums are
// always int); pointer-sized integers (__int3264) report their 386 size.
func IntegerType(t *TypeRef) (size int64, signed, ok bool) {
	r := t.Resolve()
	if r == nil {
		return 0, false, false
	}
	switch r.Kind {
	case RNamed:
		e, isEnum := r.Decl.(*EnumInfo)
		if !isEnum {
			return 0, false, false
		}
		for _, m := range e.Members {
			if m.Value < 0 {
				return 4, true, true
			}
		}
		return 4, false, true
	case RBasic:
		switch r.Basic {
		case "float", "double", "float32", "float64", "handle_t", "void":
			return 0, false, false
		case "unsigned char", "byte", "boolean", "unsigned small", "unsigned __int8", "uint8",
			"unsigned short", "wchar_t", "unsigned __int16", "uint16", "char16",
			"unsigned int", "unsigned long", "unsigned __int32", "error_status_t", "uint32",
			"unsigned hyper", "unsigned __int64", "unsigned long long", "uint64", "unsigned __int3264":
			signed = false
		default:
			signed = true
		}
		size = BasicSize(r.Basic, Arch386)
		return size, signed, size > 0
	}
	return 0, false, false
}

// ConstInfo is a const declaration, or an enumerator, as a named value.
type ConstInfo struct {
	Declared
	Type  *TypeRef
	Value Value
	// Unknown is set when the value could not be evaluated (see Model.Warnings).
	Unknown bool
	// CppQuote is set for a constant read from C header text in a cpp_quote
	// (a #define or DEFINE_GUID): generated only when it evaluates and its Go
	// name is not taken by any other declaration (see idl/cppquote.go).
	CppQuote bool
	// Hex is set when the value is written as a hexadecimal literal (maybe
	// negated or cast): generated code writes it in hex too.
	Hex bool
}

// ModuleInfo is a checked `[dllname("ole32.dll")] module M { ... }`: the
// functions a DLL exports (its constants are ConstInfos of their own).
type ModuleInfo struct {
	Declared
	Attrs Attrs
	// DLL is the dllname, a bare file name ("" for a module that declares
	// constants only, as the SDK's dllname("<no entry points>") ones).
	DLL string
	// Funcs are the functions, in declaration order: MethodInfos without
	// an interface (Iface nil, Slot -1), called without a this pointer.
	Funcs []*MethodInfo
	// Builtin is set for the modules of comgen's own exports.idl (see
	// BuiltinExports): functions everyday COM code needs, checked only
	// where the program declares every type they name.
	Builtin bool
}

// ClassInfo is a coclass.
type ClassInfo struct {
	Declared
	Attrs   Attrs
	CLSID   *GUID
	Members []*IfaceInfo
	Default *IfaceInfo
	// Sources are the [source] interfaces among Members, the events an
	// object of the class fires: the [default, source] one first.
	Sources []*IfaceInfo
	// Runtime is set for a WinRT runtimeclass: used as a type, it stands for
	// its default interface.
	Runtime bool
	// Forward is true when only `coclass X;` or `runtimeclass X;` was seen.
	Forward bool
}
