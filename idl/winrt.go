package idl

import (
	"crypto/sha1"
	"encoding/binary"
	"fmt"
	"strconv"
	"strings"
)

// WinRT generics. A generic interface or delegate (interface IVector<T>,
// delegate EventHandler<T>) has no vtable of its own; each instance the IDL
// uses or lists in a declare block (IVector<HSTRING>) is an interface of its
// own, which this file builds:
//
//   - its name is MIDL's C name (__FIVector_1_HSTRING; see instanceName);
//   - its methods are the generic's with the type parameters replaced by the
//     arguments;
//   - its IID is derived from the generic's PIID and the arguments' type
//     signatures by the WinRT algorithm (see pinterfaceIID).
//
// Generics the program does not declare come from the built-in
// winrt_generics.idl, as MIDL takes them from the Windows metadata.

// GenericInstance describes an interface that instantiates a WinRT generic.
type GenericInstance struct {
	Generic   string     // the generic's qualified name: Windows.Foundation.Collections.IVector
	Args      []*TypeRef // the type arguments, as the methods see them
	Written   string     // as IDL spells it: Windows.Foundation.Collections.IVector<HSTRING>
	Signature string     // the WinRT type signature the IID is derived from
}

// genericDef is a generic interface or delegate declaration.
type genericDef struct {
	decl *Interface
	name string // qualified
	file *File
	ns   string // the namespace it is declared in, with a trailing dot
}

// typeArg is a resolved type argument of a generic instance.
type typeArg struct {
	ref     *TypeRef
	sig     string // WinRT type signature
	mangled string // its part of MIDL's instance name
	written string // IDL spelling
}

// declareGeneric records a generic declaration. A generic declared by the
// program hides the built-in one of that name.
func (c *checker) declareGeneric(d *Interface, ns string) {
	if d.Forward {
		return
	}
	name := ns + d.Name
	if c.generics == nil {
		c.generics = map[string]*genericDef{}
	}
	if old, ok := c.generics[name]; ok {
		if old.decl.Pos != d.Pos && !isBuiltinFile(c.file) {
			c.errorf(d.Pos, "generic %s already declared at %s", name, old.decl.Pos)
		}
		return
	}
	g := &genericDef{decl: d, name: name, file: c.file, ns: ns}
	c.generics[name] = g
	if short := d.Name; short != name {
		if _, taken := c.generics[short]; !taken {
			c.generics[short] = g
		}
	}
}

func isBuiltinFile(f *File) bool { return f != nil && f.Name == builtinGenericsName }

// builtinGenerics is the built-in file of WinRT generics (see load.go), and
// builtinGenericsName its display name.
const builtinGenerics = "winrt_generics.idl"

var builtinGenericsName = Builtin.display(builtinGenerics)

// builtinExports is comgen's built-in file of everyday DLL entry points
// (CreateStreamOnHGlobal, LoadTypeLib, SHCreateItemFromParsingName...),
// loaded after every program: a function of it is checked only when the
// program declares every type it names, and generated only in a package
// that declares the interfaces it takes or returns (see gen's modules.go).
const builtinExports = "exports.idl"

var builtinExportsName = Builtin.display(builtinExports)

func isBuiltinExports(f *File) bool { return f != nil && f.Name == builtinExportsName }

// lookupGeneric finds the generic a qualified or short name refers to.
func (c *checker) lookupGeneric(name string) *genericDef {
	g, _ := lookupQualified(c.generics, name)
	return g
}

// instantiate returns the interface for generic instance t (a TName with
// type arguments), building it the first time.
func (c *checker) instantiate(t *Type) *TypeRef {
	g := c.lookupGeneric(t.Name)
	if g == nil {
		c.errorf(t.Pos, "unknown generic %s", t.Name)
		return &TypeRef{Kind: ROpaque, Basic: t.String()}
	}
	if len(t.Args) != len(g.decl.TypeParams) {
		c.errorf(t.Pos, "generic %s takes %d type arguments, found %d", g.name, len(g.decl.TypeParams), len(t.Args))
		return &TypeRef{Kind: ROpaque, Basic: t.String()}
	}
	args := make([]*typeArg, len(t.Args))
	for k, a := range t.Args {
		args[k] = c.typeArg(a)
		if args[k] == nil {
			return &TypeRef{Kind: ROpaque, Basic: t.String()}
		}
	}
	name := instanceName(g, args)
	if i, ok := c.instances[name]; ok {
		return &TypeRef{Kind: RNamed, Decl: i}
	}
	var sigs, written []string
	inst := &GenericInstance{Generic: g.name}
	for _, a := range args {
		sigs = append(sigs, a.sig)
		written = append(written, a.written)
		inst.Args = append(inst.Args, a.ref)
	}
	inst.Written = g.name + "<" + strings.Join(written, ", ") + ">"
	piid := c.uuid(g.decl.Attrs, g.decl.Pos, "generic "+g.name)
	if piid == nil {
		return &TypeRef{Kind: ROpaque, Basic: t.String()}
	}
	inst.Signature = "pinterface(" + guidSignature(piid) + ";" + strings.Join(sigs, ";") + ")"
	i := &IfaceInfo{
		Declared: Declared{Name: name, Pos: t.Pos, File: c.file, Doc: docOf(g.decl.Comment, g.decl.Attrs)},
		Attrs:    g.decl.Attrs, Object: true, WinRT: true, Delegate: g.decl.Delegate,
		IID: pinterfaceIID(inst.Signature), Generic: inst,
	}
	if c.instances == nil {
		c.instances = map[string]*IfaceInfo{}
		c.bindings = map[*IfaceInfo]map[string]*typeArg{}
	}
	c.instances[name] = i
	bind := map[string]*typeArg{}
	for k, p := range g.decl.TypeParams {
		bind[p] = args[k]
	}
	c.bindings[i] = bind
	c.source(i, g.decl)
	c.m.Entities = append(c.m.Entities, i)
	c.m.Scope[name] = i
	inParams := c.inParams
	c.inParams = false // the instance's own parameters say for themselves
	c.resolveEntity(i)
	c.inParams = inParams
	return &TypeRef{Kind: RNamed, Decl: i}
}

// typeArg resolves one type argument of an instance.
func (c *checker) typeArg(t *Type) *typeArg {
	base := t
	for base.Kind == TPointer {
		base = base.Elem
	}
	a := &typeArg{ref: c.typeRef(t), written: t.String()}
	if base.Kind == TName && len(base.Args) == 0 {
		if b, ok := c.subst[base.Name]; ok {
			a.sig, a.mangled, a.written = b.sig, b.mangled, b.written
			return a
		}
		e, _ := lookupQualified(c.m.Scope, base.Name)
		if k, ok := e.(*ClassInfo); ok && k.Runtime {
			// A runtime class stands for its default interface in the
			// vtable, but keeps its own name in signatures and C names.
			def, err := c.signature(a.ref)
			if k.Default == nil || err != nil {
				c.errorf(t.Pos, "runtime class %s has no default interface: it cannot be a type argument", k.Name)
				return nil
			}
			a.sig = "rc(" + k.Name + ";" + def + ")"
			a.mangled = mangle(k.Name)
			return a
		}
	}
	if a.ref.Kind == ROpaque {
		return nil // reported by typeRef
	}
	var err error
	if a.sig, err = c.signature(a.ref); err != nil {
		c.errorf(t.Pos, "type argument %s: %v", t, err)
		return nil
	}
	a.mangled = c.mangled(a.ref)
	return a
}

// lookupQualified finds name in m as written, or else, for a qualified name
// (A.B.C, A::C), by its last component: WinRT declarations are registered
// under their short names too.
func lookupQualified[V any](m map[string]V, name string) (V, bool) {
	if v, ok := m[name]; ok {
		return v, true
	}
	if k := strings.LastIndexAny(name, ".:"); k >= 0 {
		v, ok := m[name[k+1:]]
		return v, ok
	}
	var zero V
	return zero, false
}

// instanceName is MIDL's C name of an instance: __F, the generic's last
// name component (with an I before a delegate's, except the delegates of
// Windows.Foundation.Collections, whose C++ templates are named without it),
// the number of arguments, and each argument's mangled name, all joined by _.
func instanceName(g *genericDef, args []*typeArg) string {
	short := g.decl.Name
	if k := strings.LastIndexAny(short, ".:"); k >= 0 {
		short = short[k+1:]
	}
	if g.decl.Delegate && g.ns != "Windows.Foundation.Collections." {
		short = "I" + short
	}
	var b strings.Builder
	b.WriteString("__F")
	b.WriteString(short)
	b.WriteString("_")
	b.WriteString(strconv.Itoa(len(args)))
	for _, a := range args {
		b.WriteString("_")
		b.WriteString(a.mangled)
	}
	return b.String()
}

// mangle turns a qualified name into its part of an instance name: each _
// becomes __z and each dot __C (Windows.Foundation.Uri is
// Windows__CFoundation__CUri, __int64 is __z__zint64), except that the
// namespace Windows.Foundation.Collections is __F (its IPropertySet is
// __F__CIPropertySet), as in MIDL's headers.
func mangle(name string) string {
	name = strings.ReplaceAll(name, "_", "__z")
	if rest, ok := strings.CutPrefix(name, "Windows.Foundation.Collections."); ok {
		name = "__F." + rest
	}
	return strings.ReplaceAll(name, ".", "__C")
}

// mangled is the instance-name part of a resolved argument type.
func (c *checker) mangled(t *TypeRef) string {
	for t != nil {
		switch t.Kind {
		case RPointer:
			t = t.Elem
			continue
		case RBasic:
			if f, ok := fundamentals[t.Basic]; ok {
				return f.mangled
			}
			return mangle(t.Basic)
		case RNamed:
			switch d := t.Decl.(type) {
			case *AliasInfo:
				if f, ok := namedFundamentals[d.Name]; ok {
					return f.mangled
				}
				if namesAggregate(d) {
					return mangle(d.Name)
				}
				t = d.Type
				continue
			case *IfaceInfo:
				if d.Generic != nil {
					return d.Name
				}
				name := d.Name
				if d.Delegate {
					k := strings.LastIndex(name, ".") + 1
					name = name[:k] + "I" + name[k:]
				}
				return mangle(name)
			}
			if f, ok := namedFundamentals[t.Decl.EntityName()]; ok {
				return f.mangled
			}
			return mangle(t.Decl.EntityName())
		}
		break
	}
	return "?"
}

// fundamental is a WinRT fundamental type: its signature and its part of
// MIDL's instance names.
type fundamental struct{ sig, mangled string }

var (
	fInt8    = fundamental{"i1", "INT8"}
	fUInt8   = fundamental{"u1", "byte"}
	fInt16   = fundamental{"i2", "short"}
	fUInt16  = fundamental{"u2", "UINT16"}
	fInt32   = fundamental{"i4", "int"}
	fUInt32  = fundamental{"u4", "UINT32"}
	fInt64   = fundamental{"i8", "__z__zint64"}
	fUInt64  = fundamental{"u8", "UINT64"}
	fSingle  = fundamental{"f4", "float"}
	fDouble  = fundamental{"f8", "double"}
	fBoolean = fundamental{"b1", "boolean"}
	fChar16  = fundamental{"c2", "WCHAR"}
)

// fundamentals maps C base types to WinRT fundamental types.
var fundamentals = map[string]fundamental{
	"char": fInt8, "signed char": fInt8, "small": fInt8, "__int8": fInt8, "int8": fInt8,
	"unsigned char": fUInt8, "byte": fUInt8, "unsigned small": fUInt8, "unsigned __int8": fUInt8, "uint8": fUInt8,
	"short": fInt16, "__int16": fInt16, "int16": fInt16,
	"unsigned short": fUInt16, "unsigned __int16": fUInt16, "uint16": fUInt16,
	"int": fInt32, "long": fInt32, "__int32": fInt32, "int32": fInt32,
	"unsigned int": fUInt32, "unsigned long": fUInt32, "unsigned __int32": fUInt32, "uint32": fUInt32,
	"hyper": fInt64, "long long": fInt64, "__int64": fInt64, "int64": fInt64,
	"unsigned hyper": fUInt64, "unsigned long long": fUInt64, "unsigned __int64": fUInt64, "uint64": fUInt64,
	"float": fSingle, "float32": fSingle, "double": fDouble, "float64": fDouble,
	"boolean": fBoolean, "wchar_t": fChar16, "char16": fChar16,
}

// namedFundamentals are the declared names that stand for a WinRT
// fundamental type whatever C type declares them.
var namedFundamentals = map[string]fundamental{
	"HSTRING":      {"string", "HSTRING"},
	"GUID":         {"g16", "GUID"},
	"_GUID":        {"g16", "GUID"},
	"IInspectable": {"cinterface(IInspectable)", "IInspectable"},
	"boolean":      fBoolean,
	"WCHAR":        fChar16,
}

// signature returns the WinRT type signature of a resolved type argument.
func (c *checker) signature(t *TypeRef) (string, error) {
	return c.sigOf(t, 0)
}

func (c *checker) sigOf(t *TypeRef, depth int) (string, error) {
	if depth > 100 {
		return "", fmt.Errorf("a structure contains itself")
	}
	for t != nil && t.Kind == RPointer {
		t = t.Elem
	}
	if t == nil {
		return "", fmt.Errorf("no type")
	}
	switch t.Kind {
	case RBasic:
		if f, ok := fundamentals[t.Basic]; ok {
			return f.sig, nil
		}
	case RNamed:
		if f, ok := namedFundamentals[t.Decl.EntityName()]; ok {
			return f.sig, nil
		}
		switch d := t.Decl.(type) {
		case *AliasInfo:
			c.resolveEntity(d)
			if namesAggregate(d) {
				// typedef struct Point Point; in a WinRT namespace: the
				// struct's WinRT name is the typedef's qualified one.
				s, err := c.sigOf(d.Type, depth+1)
				if agg, ok := d.Type.Decl.(interface{ EntityName() string }); ok && err == nil {
					s = strings.Replace(s, "("+agg.EntityName()+";", "("+d.Name+";", 1)
				}
				return s, err
			}
			return c.sigOf(d.Type, depth+1)
		case *IfaceInfo:
			switch {
			case d.Generic != nil:
				return d.Generic.Signature, nil
			case d.IID == nil:
				c.resolveEntity(d)
				if d.IID == nil {
					return "", fmt.Errorf("interface %s has no uuid", d.Name)
				}
			}
			if d.Delegate {
				return "delegate(" + guidSignature(d.IID) + ")", nil
			}
			return guidSignature(d.IID), nil
		case *EnumInfo:
			under := "i4"
			if d.Attrs.Has("flags") {
				under = "u4"
			}
			return "enum(" + d.Name + ";" + under + ")", nil
		case *StructInfo:
			c.resolveEntity(d)
			parts := []string{d.Name}
			for _, f := range d.Fields {
				s, err := c.sigOf(f.Type, depth+1)
				if err != nil {
					return "", err
				}
				parts = append(parts, s)
			}
			return "struct(" + strings.Join(parts, ";") + ")", nil
		}
	}
	return "", fmt.Errorf("%s has no WinRT type signature", typeString(t))
}

// namesAggregate reports whether a is a WinRT typedef of a struct or an enum,
// whose qualified name is the type's WinRT name.
func namesAggregate(a *AliasInfo) bool {
	if a.Type == nil || a.Type.Kind != RNamed || !strings.Contains(a.Name, ".") {
		return false
	}
	switch a.Type.Decl.(type) {
	case *StructInfo, *EnumInfo:
		return true
	}
	return false
}

// guidSignature is a GUID as type signatures write it: {lower-case, braced}.
func guidSignature(g *GUID) string {
	return "{" + strings.ToLower(fmt.Sprintf("%08x-%04x-%04x-%02x%02x-%02x%02x%02x%02x%02x%02x", g.Data1, g.Data2, g.Data3,
		g.Data4[0], g.Data4[1], g.Data4[2], g.Data4[3], g.Data4[4], g.Data4[5], g.Data4[6], g.Data4[7])) + "}"
}

// winrtPinterfaceNamespace is the namespace GUID of parameterized interface
// IDs, 11f47ad5-7b73-42c0-abae-878b1e16adee, in network byte order.
var winrtPinterfaceNamespace = [16]byte{0x11, 0xf4, 0x7a, 0xd5, 0x7b, 0x73, 0x42, 0xc0, 0xab, 0xae, 0x87, 0x8b, 0x1e, 0x16, 0xad, 0xee}

// pinterfaceIID derives an instance's IID from its type signature as WinRT
// does (a name-based, version 5 UUID): SHA-1 over the namespace GUID's bytes
// and the signature in UTF-8; the first 16 bytes of the hash, read in
// network byte order, with the version (5) in the high nibble of Data3 and
// the RFC 4122 variant in the top bits of Data4[0].
func pinterfaceIID(signature string) *GUID {
	h := sha1.New()
	h.Write(winrtPinterfaceNamespace[:])
	h.Write([]byte(signature))
	sum := h.Sum(nil)
	g := &GUID{
		Data1: binary.BigEndian.Uint32(sum[0:4]),
		Data2: binary.BigEndian.Uint16(sum[4:6]),
		Data3: binary.BigEndian.Uint16(sum[6:8])&0x0fff | 0x5000,
	}
	copy(g.Data4[:], sum[8:16])
	g.Data4[0] = g.Data4[0]&0x3f | 0x80
	return g
}
