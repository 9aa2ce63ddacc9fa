package idl

import (
	"fmt"
	"strings"
)

// Redeclarations across files. A name two files declare (a header two
// imports both carry, a file read twice under two names, a typedef repeated
// behind a guard) is one declaration when both say the same: the first is
// kept. When they differ, keeping the first silently dropped the second (an
// interface with other methods, a struct with other fields): that is an
// error naming both. Within one file a second definition is always an error
// (see add). A declaration of another kind (a typedef where the first is a
// struct) keeps the first, with a warning, as MIDL does.

// redecl is a declaration of a name another file declared first.
type redecl struct{ kept, dup Entity }

// checkRedeclarations compares each recorded redeclaration with the
// declaration kept, once everything is resolved.
func (c *checker) checkRedeclarations() {
	for _, r := range c.redecls {
		if fromBuiltin(r.kept) || fromBuiltin(r.dup) || idlOnlyDecl(r.dup) {
			// comgen's own base files stand in for the SDK's with what the
			// generator needs, and a declaration for MIDL only (inside
			// cpp_quote("#if 0"): msctf.idl's HKL) is not the one C reads.
			continue
		}
		c.resolveEntity(r.dup)
		if why := differs(r.kept, r.dup); why != "" {
			c.errorf(r.dup.Position(), "%s %s declared differently at %s: %s", kindName(r.dup), r.dup.EntityName(), r.kept.Position(), why)
		}
	}
}

func kindName(e Entity) string {
	switch x := e.(type) {
	case *IfaceInfo:
		if x.Dispatch {
			return "dispinterface"
		}
		return "interface"
	case *StructInfo:
		if x.Union {
			return "union"
		}
		return "struct"
	case *EnumInfo:
		return "enum"
	case *AliasInfo:
		return "typedef"
	case *ConstInfo:
		return "constant"
	case *ClassInfo:
		return "coclass"
	}
	return "declaration"
}

// differs says how the declarations a and b of one name and kind differ in
// what the generated code depends on, or "" when they do not.
func differs(a, b Entity) string {
	switch x := a.(type) {
	case *IfaceInfo:
		y := b.(*IfaceInfo)
		switch {
		case x.Forward || y.Forward:
			return ""
		case !sameGUID(x.IID, y.IID):
			return "another uuid"
		case baseName(x) != baseName(y):
			return fmt.Sprintf("base %s, not %s", baseName(y), baseName(x))
		case x.Dispatch != y.Dispatch || x.Object != y.Object:
			return "other attributes"
		case len(x.Methods) != len(y.Methods):
			return fmt.Sprintf("%d methods, not %d", len(y.Methods), len(x.Methods))
		}
		for k, m := range x.Methods {
			if why := methodDiffers(m, y.Methods[k]); why != "" {
				return fmt.Sprintf("method %s: %s", y.Methods[k].Name, why)
			}
		}
	case *StructInfo:
		y := b.(*StructInfo)
		if x.Incomplete || y.Incomplete {
			return ""
		}
		return structDiffers(x, y, map[[2]*StructInfo]bool{})
	case *EnumInfo:
		y := b.(*EnumInfo)
		if x.Incomplete || y.Incomplete {
			return ""
		}
		return enumDiffers(x, y)
	case *AliasInfo:
		if !sameType(x.Type, b.(*AliasInfo).Type, map[[2]*StructInfo]bool{}) {
			return "another type"
		}
	case *ConstInfo:
		y := b.(*ConstInfo)
		switch {
		case x.Unknown != y.Unknown:
			return "one has no value"
		case !x.Unknown && !sameValue(x.Value, y.Value):
			return fmt.Sprintf("value %s, not %s", y.Value, x.Value)
		case x.Type != nil && y.Type != nil && !sameType(x.Type, y.Type, map[[2]*StructInfo]bool{}):
			return "another type"
		}
	case *ClassInfo:
		y := b.(*ClassInfo)
		switch {
		case x.Forward || y.Forward:
			return ""
		case !sameGUID(x.CLSID, y.CLSID):
			return "another uuid"
		case defaultName(x) != defaultName(y):
			return "another default interface"
		}
	}
	return ""
}

func baseName(i *IfaceInfo) string {
	if i.Base == nil {
		return "none"
	}
	return i.Base.Name
}

func defaultName(c *ClassInfo) string {
	if c.Default == nil {
		return ""
	}
	return c.Default.Name
}

func sameGUID(a, b *GUID) bool { return a == nil && b == nil || a != nil && b != nil && *a == *b }

func sameValue(a, b Value) bool {
	return a.Kind == b.Kind && a.Int == b.Int && a.Float == b.Float && a.Str == b.Str && sameGUID(a.GUID, b.GUID)
}

func methodDiffers(a, b *MethodInfo) string {
	switch {
	case a.Name != b.Name:
		return fmt.Sprintf("in the place of %s", a.Name)
	case !sameType(a.Ret, b.Ret, map[[2]*StructInfo]bool{}):
		return "another result type"
	case len(a.Params) != len(b.Params):
		return fmt.Sprintf("%d parameters, not %d", len(b.Params), len(a.Params))
	}
	for k, p := range a.Params {
		q := b.Params[k]
		if p.Dir != q.Dir || p.Retval != q.Retval || p.SizeIs != q.SizeIs || p.SizeDeref != q.SizeDeref || p.SizeLevel != q.SizeLevel ||
			p.LengthIs != q.LengthIs || p.IIDIs != q.IIDIs || !sameType(p.Type, q.Type, map[[2]*StructInfo]bool{}) {
			return fmt.Sprintf("parameter %d differs", k+1)
		}
	}
	return ""
}

func structDiffers(a, b *StructInfo, seen map[[2]*StructInfo]bool) string {
	switch {
	case a.Union != b.Union:
		return "a union and a struct"
	case a.Pack != b.Pack || a.Pack386 != b.Pack386:
		return "another packing"
	case len(a.Fields) != len(b.Fields):
		return fmt.Sprintf("%d fields, not %d", len(b.Fields), len(a.Fields))
	}
	seen[[2]*StructInfo{a, b}] = true
	for k, f := range a.Fields {
		g := b.Fields[k]
		if f.Name != g.Name || f.Bits != g.Bits || !sameType(f.Type, g.Type, seen) {
			name := g.Name
			if name == "" {
				name = fmt.Sprint(k + 1)
			}
			return "field " + name + " differs"
		}
	}
	return ""
}

func enumDiffers(a, b *EnumInfo) string {
	if len(a.Members) != len(b.Members) {
		return fmt.Sprintf("%d enumerators, not %d", len(b.Members), len(a.Members))
	}
	for k, m := range a.Members {
		if n := b.Members[k]; m.Name != n.Name || m.Value != n.Value {
			return fmt.Sprintf("enumerator %s = %d", n.Name, n.Value)
		}
	}
	return ""
}

// sameType reports whether a and b are the same C type: typedefs are
// looked through, base types compared by what they are (long and int are
// one 32-bit integer), named declarations by name, anonymous structs by
// their members.
func sameType(a, b *TypeRef, seen map[[2]*StructInfo]bool) bool {
	a, b = a.Resolve(), b.Resolve()
	if a == nil || b == nil {
		return a == b
	}
	if a.Kind != b.Kind {
		return false
	}
	switch a.Kind {
	case RBasic:
		return basicKey(a.Basic) == basicKey(b.Basic)
	case ROpaque:
		return a.Basic == b.Basic
	case RPointer:
		return sameType(a.Elem, b.Elem, seen)
	case RArray:
		return a.Len == b.Len && sameType(a.Elem, b.Elem, seen)
	case RFunc:
		if a.Func == nil || b.Func == nil {
			return a.Func == b.Func
		}
		if !sameType(a.Func.Ret, b.Func.Ret, seen) || len(a.Func.Params) != len(b.Func.Params) {
			return false
		}
		for k, p := range a.Func.Params {
			if !sameType(p.Type, b.Func.Params[k].Type, seen) {
				return false
			}
		}
		return true
	case RNamed:
		if a.Decl == b.Decl {
			return true
		}
		if fmt.Sprintf("%T", a.Decl) != fmt.Sprintf("%T", b.Decl) {
			return false
		}
		if a.Decl.EntityName() != "" || b.Decl.EntityName() != "" {
			return a.Decl.EntityName() == b.Decl.EntityName()
		}
		switch x := a.Decl.(type) {
		case *StructInfo:
			y := b.Decl.(*StructInfo)
			if seen[[2]*StructInfo{x, y}] {
				return true
			}
			return structDiffers(x, y, seen) == ""
		case *EnumInfo:
			return enumDiffers(x, b.Decl.(*EnumInfo)) == ""
		}
	}
	return false
}

// basicKey names what a base type is: integers by size on both targets and
// sign, others by name.
func basicKey(name string) string {
	r := &TypeRef{Kind: RBasic, Basic: name}
	if size, signed, ok := IntegerType(r); ok {
		return fmt.Sprintf("int%d/%d/%v", size, BasicSize(name, ArchAMD64), signed)
	}
	return strings.TrimPrefix(name, "signed ")
}

// fromBuiltin reports whether e is declared by one of comgen's own base files.
func fromBuiltin(e Entity) bool {
	f := e.DeclFile()
	return f != nil && strings.HasPrefix(f.Name, Builtin.Name+"/")
}

// idlOnlyDecl reports whether e is declared for MIDL only (see IDLOnly).
func idlOnlyDecl(e Entity) bool {
	switch x := e.(type) {
	case *AliasInfo:
		return x.IDLOnly
	case *StructInfo:
		return x.IDLOnly
	}
	return false
}
