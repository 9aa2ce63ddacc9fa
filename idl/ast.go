package idl

import "strings"

// This file defines the syntax tree that Parse builds. It is close to the source:
// names are not resolved and expressions are not evaluated (see Check for that).

// A Node is anything with a source position.
type Node interface{ Position() Pos }

// File is one parsed IDL file.
type File struct {
	Name  string // display name, used in positions
	Decls []Decl
	// Generics is set when the file declares or uses a WinRT generic.
	Generics bool
	// Defines are the object-like #defines of the C headers the file
	// includes (for a .h file, its own), in order.
	Defines []*Macro
	// Headers are the C headers (.h files) the file imports: their
	// constants are the file's, as a header has no package of its own.
	Headers []*File
}

// Attr is one attribute in a [...] list, e.g. uuid(...), in, size_is(n), helpstring("...").
type Attr struct {
	Pos  Pos
	Name string
	Args []Expr // nil without parentheses; an empty argument (as in size_is(,n)) is nil
	// HasParens distinguishes "x" from "x()".
	HasParens bool
}

// Attrs is an attribute list.
type Attrs []*Attr

// Get returns the first attribute named name (case-sensitive, as MIDL), or nil.
func (a Attrs) Get(name string) *Attr {
	for _, x := range a {
		if x.Name == name {
			return x
		}
	}
	return nil
}

// Has reports whether the list has an attribute named name.
func (a Attrs) Has(name string) bool { return a.Get(name) != nil }

// String returns the first argument of attribute name if it is a string literal.
func (a Attrs) String(name string) (string, bool) {
	x := a.Get(name)
	if x == nil || len(x.Args) == 0 {
		return "", false
	}
	if s, ok := x.Args[0].(*StringLit); ok {
		return s.Value, true
	}
	return "", false
}

// Decl is a top-level or nested declaration.
type Decl interface {
	Node
	declNode()
}

// Import is `import "a.idl", "b.idl";`.
type Import struct {
	Pos   Pos
	Files []*StringLit
}

// ImportLib is `importlib("stdole2.tlb");`.
type ImportLib struct {
	Pos  Pos
	Name string
}

// CppQuote is `cpp_quote("...")`, text meant for the C header.
type CppQuote struct {
	Pos  Pos
	Text string
}

// GuidDecl is MIDL's `declare_guid(NAME, uuid);`: a GUID constant, as C
// headers declare with DEFINE_GUID.
type GuidDecl struct {
	Pos  Pos
	Name string
	GUID *GUID
}

// Pragma is a `midl_pragma ...` or `#pragma ...` line, kept for completeness.
type Pragma struct {
	Pos  Pos
	Text string
}

// Interface is `[attrs] interface Name : Base { ... }` or a forward declaration `interface Name;`.
// Dispinterfaces use the same node with Dispatch set.
type Interface struct {
	Pos      Pos
	Attrs    Attrs
	Name     string
	Base     string // "" when none
	BasePos  Pos
	Forward  bool
	Dispatch bool
	Methods  []*Method
	Props    []*Field // dispinterface properties
	Decls    []Decl   // typedefs, consts and cpp_quotes declared inside the interface body
	Comment  string   // the comment block right before the declaration, if any
	// DispBase is the interface named by `interface X;` inside a dispinterface.
	DispBase string
	// Delegate is set for a WinRT delegate: an IUnknown-derived interface whose
	// only method, Invoke, has the delegate's signature.
	Delegate bool
	// TypeParams are the parameters of a WinRT generic (interface IVector<T>,
	// delegate EventHandler<T>): only its instances have vtables.
	TypeParams []string
	// Requires lists the interfaces a WinRT interface requires (requires A, B<T>).
	Requires []*Type
}

// Method is a method of an interface, or a function in a module.
type Method struct {
	Pos      Pos
	Attrs    Attrs
	Ret      *Type
	CallConv string // STDMETHODCALLTYPE, __stdcall, ... ("" when absent)
	Name     string
	Params   []*Param
	Comment  string
}

// Param is one method parameter.
type Param struct {
	Pos   Pos
	Attrs Attrs
	Type  *Type
	Name  string // may be "" in prototypes
}

// Coclass is `[attrs] coclass Name { [default] interface X; ... }`.
type Coclass struct {
	Pos     Pos
	Attrs   Attrs
	Name    string
	Forward bool
	Members []*CoclassMember
	Comment string
	Runtime bool   // a WinRT runtimeclass (no CLSID; activated by name)
	Base    string // the runtimeclass it derives from, if any
}

// CoclassMember is one interface listed in a coclass.
type CoclassMember struct {
	Pos      Pos
	Attrs    Attrs
	Name     string
	Dispatch bool
	// Args are the type arguments of a WinRT generic instance (interface IMap<K, V>;).
	Args []*Type
}

// Declare is a WinRT `declare { interface IVector<HSTRING>; ... }` block: the
// generic instances it lists are instantiated as if used.
type Declare struct {
	Pos       Pos
	Instances []*Type
}

// Library is `[attrs] library Name { ... }`.
type Library struct {
	Pos   Pos
	Attrs Attrs
	Name  string
	Decls []Decl
}

// Module is `[attrs] module Name { functions and constants }`.
type Module struct {
	Pos     Pos
	Attrs   Attrs
	Name    string
	Methods []*Method
	Decls   []Decl
}

// Namespace is a WinRT `namespace A.B { ... }`.
type Namespace struct {
	Pos   Pos
	Name  string
	Decls []Decl
}

// Other is a declaration the back ends skip: WinRT runtimeclass, apicontract,
// delegate, attribute declarations. It is parsed so that the rest of the file is not lost.
type Other struct {
	Pos   Pos
	Attrs Attrs
	Kind  string // "runtimeclass", "apicontract", "delegate", "attribute", ...
	Name  string
	// Method is the signature of a delegate.
	Method *Method
}

// Typedef is `typedef [attrs] T a, *b, c[4];`.
type Typedef struct {
	Pos     Pos
	Attrs   Attrs
	Names   []*Declarator
	Comment string
}

// Declarator is one name declared with its full type.
type Declarator struct {
	Pos  Pos
	Name string
	Type *Type
}

// Const is `const T Name = expr;`.
type Const struct {
	Pos     Pos
	Type    *Type
	Name    string
	Value   Expr
	Comment string
}

// TypeDecl is a standalone `struct S {...};`, `enum E {...};` or `union U {...};`,
// or a forward declaration `struct S;`.
type TypeDecl struct {
	Pos     Pos
	Attrs   Attrs
	Type    *Type
	Comment string
}

// Declaration is a variable or function prototype outside interfaces (rare in IDL).
type Declaration struct {
	Pos   Pos
	Attrs Attrs
	Names []*Declarator
}

func (d *Import) Position() Pos      { return d.Pos }
func (d *ImportLib) Position() Pos   { return d.Pos }
func (d *CppQuote) Position() Pos    { return d.Pos }
func (d *GuidDecl) Position() Pos    { return d.Pos }
func (d *Pragma) Position() Pos      { return d.Pos }
func (d *Interface) Position() Pos   { return d.Pos }
func (d *Coclass) Position() Pos     { return d.Pos }
func (d *Library) Position() Pos     { return d.Pos }
func (d *Module) Position() Pos      { return d.Pos }
func (d *Namespace) Position() Pos   { return d.Pos }
func (d *Other) Position() Pos       { return d.Pos }
func (d *Declare) Position() Pos     { return d.Pos }
func (d *Typedef) Position() Pos     { return d.Pos }
func (d *Const) Position() Pos       { return d.Pos }
func (d *TypeDecl) Position() Pos    { return d.Pos }
func (d *Declaration) Position() Pos { return d.Pos }
func (m *Method) Position() Pos      { return m.Pos }
func (p *Param) Position() Pos       { return p.Pos }

func (*Import) declNode()      {}
func (*ImportLib) declNode()   {}
func (*CppQuote) declNode()    {}
func (*GuidDecl) declNode()    {}
func (*Pragma) declNode()      {}
func (*Interface) declNode()   {}
func (*Coclass) declNode()     {}
func (*Library) declNode()     {}
func (*Module) declNode()      {}
func (*Namespace) declNode()   {}
func (*Other) declNode()       {}
func (*Declare) declNode()     {}
func (*Typedef) declNode()     {}
func (*Const) declNode()       {}
func (*TypeDecl) declNode()    {}
func (*Declaration) declNode() {}

// TypeKind classifies a Type.
type TypeKind int

// Type kinds.
const (
	TName    TypeKind = iota // a base type ("unsigned long") or a named type ("BSTR")
	TPointer                 // Elem*
	TArray                   // Elem[Len]
	TStruct                  // struct {...} or struct Tag
	TUnion                   // union {...} or union Tag
	TEnum                    // enum {...} or enum Tag
	TFunc                    // function type (from function-pointer declarators)
)

// Type is a type expression as written.
type Type struct {
	Pos   Pos
	Kind  TypeKind
	Name  string // TName: canonical base-type words or identifier; TStruct/TUnion/TEnum: tag
	Const bool
	Elem  *Type // TPointer, TArray; TFunc: return type
	Len   Expr  // TArray: nil for [] and [*]
	// PtrAttrs are attributes that apply to this level of pointer (from typedef/param attrs).
	Def    *Aggregate // TStruct/TUnion/TEnum with a body
	Params []*Param   // TFunc
	// SafeArrayOf is the element type of SAFEARRAY(T), which is written as a SAFEARRAY*.
	SafeArrayOf *Type
	// Args are the type arguments of a WinRT generic instance: IVector<HSTRING>
	// is a TName "IVector" with one argument.
	Args []*Type
}

// IsBase reports whether t names a C base type such as "long" or "unsigned char".
func (t *Type) IsBase() bool { return t.Kind == TName && baseTypes[t.Name] }

func (t *Type) Position() Pos { return t.Pos }

// String renders the type in C-like syntax, for messages.
func (t *Type) String() string {
	if t == nil {
		return "<nil>"
	}
	c := ""
	if t.Const {
		c = "const "
	}
	switch t.Kind {
	case TPointer:
		return t.Elem.String() + "*"
	case TArray:
		return t.Elem.String() + "[]"
	case TStruct:
		return c + "struct " + t.Name
	case TUnion:
		return c + "union " + t.Name
	case TEnum:
		return c + "enum " + t.Name
	case TFunc:
		return t.Elem.String() + "(*)(...)"
	}
	if len(t.Args) > 0 {
		args := make([]string, len(t.Args))
		for i, a := range t.Args {
			args[i] = a.String()
		}
		return c + t.Name + "<" + strings.Join(args, ", ") + ">"
	}
	return c + t.Name
}

// Aggregate is the body of a struct, union or enum.
type Aggregate struct {
	Pos     Pos
	Fields  []*Field      // struct and union
	Members []*EnumMember // enum
	// Encapsulated unions: union U switch (long kind) u { case 1: ... }.
	SwitchType *Type
	SwitchName string
	UnionName  string
	// Pack is the #pragma pack in effect at the body (0: the default).
	Pack int
}

// Field is a struct field or union arm.
type Field struct {
	Pos     Pos
	Attrs   Attrs
	Name    string // "" for an anonymous struct/union member or an unnamed bit-field
	Type    *Type
	Bits    Expr   // the width of a bit-field (UINT flag : 1), or nil
	Cases   []Expr // union arm labels (case X:); nil with Default for default:
	Default bool
	Comment string
}

// EnumMember is one enumerator.
type EnumMember struct {
	Pos     Pos
	Name    string
	Value   Expr // nil: previous + 1
	Comment string
}

// Expr is a constant expression.
type Expr interface {
	Node
	exprNode()
}

// Expression nodes.
type (
	IntLit struct {
		Pos  Pos
		Text string
	}
	FloatLit struct {
		Pos  Pos
		Text string
	}
	StringLit struct {
		Pos   Pos
		Value string
		Wide  bool
	}
	CharLit struct {
		Pos   Pos
		Value string
	}
	UUIDLit struct {
		Pos  Pos
		Text string
	}
	Ident struct {
		Pos  Pos
		Name string
	}
	Unary struct {
		Pos Pos
		Op  string // - + ~ ! * &
		X   Expr
	}
	Binary struct {
		Pos  Pos
		Op   string
		X, Y Expr
	}
	Cond struct {
		Pos     Pos
		C, X, Y Expr
	}
	Cast struct {
		Pos  Pos
		Type *Type
		X    Expr
	}
	SizeOf struct {
		Pos  Pos
		Type *Type
	}
	Member struct { // x.y, x->y
		Pos   Pos
		X     Expr
		Arrow bool
		Name  string
	}
	Index struct {
		Pos  Pos
		X, I Expr
	}
	Call struct { // f(args), as in attribute arguments such as custom(...)
		Pos  Pos
		Fun  Expr
		Args []Expr
	}
	TypeExpr struct { // a type where an expression is allowed: switch_type(unsigned long)
		Pos  Pos
		Type *Type
	}
)

func (e *IntLit) Position() Pos    { return e.Pos }
func (e *FloatLit) Position() Pos  { return e.Pos }
func (e *StringLit) Position() Pos { return e.Pos }
func (e *CharLit) Position() Pos   { return e.Pos }
func (e *UUIDLit) Position() Pos   { return e.Pos }
func (e *Ident) Position() Pos     { return e.Pos }
func (e *Unary) Position() Pos     { return e.Pos }
func (e *Binary) Position() Pos    { return e.Pos }
func (e *Cond) Position() Pos      { return e.Pos }
func (e *Cast) Position() Pos      { return e.Pos }
func (e *SizeOf) Position() Pos    { return e.Pos }
func (e *Member) Position() Pos    { return e.Pos }
func (e *Index) Position() Pos     { return e.Pos }
func (e *Call) Position() Pos      { return e.Pos }
func (e *TypeExpr) Position() Pos  { return e.Pos }

func (*IntLit) exprNode()    {}
func (*FloatLit) exprNode()  {}
func (*StringLit) exprNode() {}
func (*CharLit) exprNode()   {}
func (*UUIDLit) exprNode()   {}
func (*Ident) exprNode()     {}
func (*Unary) exprNode()     {}
func (*Binary) exprNode()    {}
func (*Cond) exprNode()      {}
func (*Cast) exprNode()      {}
func (*SizeOf) exprNode()    {}
func (*Member) exprNode()    {}
func (*Index) exprNode()     {}
func (*Call) exprNode()      {}
func (*TypeExpr) exprNode()  {}

// baseTypes are the canonical spellings of C/IDL base types that the parser produces.
var baseTypes = map[string]bool{
	"void": true, "char": true, "signed char": true, "unsigned char": true, "small": true, "unsigned small": true,
	"byte": true, "boolean": true, "short": true, "unsigned short": true, "int": true, "unsigned int": true,
	"long": true, "unsigned long": true, "long long": true, "unsigned long long": true, "hyper": true,
	"unsigned hyper": true, "__int8": true, "unsigned __int8": true, "__int16": true, "unsigned __int16": true,
	"__int32": true, "unsigned __int32": true, "__int64": true, "unsigned __int64": true, "__int3264": true,
	"unsigned __int3264": true, "float": true, "double": true, "wchar_t": true, "handle_t": true,
	"error_status_t": true, "int8": true, "uint8": true, "int16": true, "uint16": true, "int32": true,
	"uint32": true, "int64": true, "uint64": true, "float32": true, "float64": true, "char16": true,
}

// typeWords are the keywords that combine into base type names.
var typeWords = map[string]bool{
	"signed": true, "unsigned": true, "char": true, "short": true, "int": true, "long": true, "small": true,
	"hyper": true, "__int8": true, "__int16": true, "__int32": true, "__int64": true, "__int3264": true,
	"float": true, "double": true, "void": true, "byte": true, "boolean": true, "wchar_t": true,
	"handle_t": true, "error_status_t": true,
}

// canonicalBase turns a sequence of type words into one canonical spelling:
// "unsigned long int" -> "unsigned long", "signed int" -> "int", "long int" -> "long".
func canonicalBase(words []string) string {
	unsigned, signed := false, false
	var rest []string
	for _, w := range words {
		switch w {
		case "unsigned":
			unsigned = true
		case "signed":
			signed = true
		default:
			rest = append(rest, w)
		}
	}
	// "short int", "long int", "long long int" drop the int.
	if len(rest) > 1 && rest[len(rest)-1] == "int" {
		rest = rest[:len(rest)-1]
	}
	base := strings.Join(rest, " ")
	if base == "" {
		base = "int"
	}
	if unsigned {
		return "unsigned " + base
	}
	if signed && base == "char" {
		return "signed char"
	}
	return base
}
