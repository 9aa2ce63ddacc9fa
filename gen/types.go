package gen

import (
	"fmt"
	"slices"

	"github.com/comgen/comgen/idl"
	"github.com/dave/jennifer/jen"
)

// wellKnownType maps IDL type names that the runtime support defines itself
// (with the C layout) to the runtime's name, or "" (see also wellKnownName).
func wellKnownType(name string) string {
	switch name {
	case "BSTR":
		return rtBSTR
	case "VARIANT", "VARIANTARG", "tagVARIANT":
		return rtVARIANT
	case "SAFEARRAY", "tagSAFEARRAY":
		return rtSAFEARRAY
	case "SAFEARRAYBOUND", "tagSAFEARRAYBOUND":
		return rtSAFEARRAYBOUND
	case "GUID", "IID", "CLSID", "FMTID", "_GUID", "UUID":
		return rtGUID
	case "HRESULT", "SCODE":
		return rtHRESULT
	case "VARTYPE":
		return rtVARTYPE
	}
	return ""
}

// isWellKnown reports whether the IDL type name has a Go type of its own in
// the runtime support (or is a UTF-16 string pointer).
func isWellKnown(name string) bool { return wellKnownType(name) != "" || isStringName(name) }

// wellKnownName returns the Go type of a well-known IDL type name, or nil.
func (g *generator) wellKnownName(name string) *jen.Statement {
	if n := wellKnownType(name); n != "" {
		return g.rt(n)
	}
	if isStringName(name) {
		return jen.Op("*").Uint16()
	}
	return nil
}

// pointee returns the element type of the C pointer type t (Kind RPointer)
// when Go declares it as a typed pointer to that element, or nil when Go has
// no type to point to: void*, function pointers (uintptr) and pointers to
// structures without a Go layout (unsafe.Pointer).
func (g *generator) pointee(t *idl.TypeRef) *idl.TypeRef {
	e := t.Elem
	if e.Kind == idl.RFunc {
		return nil
	}
	if anyAlias(e, func(d idl.Entity) bool { a, ok := d.(*idl.AliasInfo); return ok && g.idlOnlyStandIn(a) != "" }) {
		return nil // a stand-in for a C type of another size: unsafe.Pointer
	}
	if r := e.Resolve(); r.Kind == idl.RBasic && r.Basic == "void" {
		return nil // void *p, or typedef void X; X *p
	} else if r.Kind == idl.RNamed {
		if s, ok := r.Decl.(*idl.StructInfo); ok && !wellKnownEntity(s) {
			if s.Incomplete && !g.declared(s) || g.structError(s) != nil {
				return nil
			}
		}
	}
	return e
}

func wellKnownEntity(e idl.Entity) bool {
	if isWellKnown(e.EntityName()) {
		return true
	}
	if s, ok := e.(*idl.StructInfo); ok && s.Tag != "" && isWellKnown(s.Tag) {
		return true
	}
	return false
}

// basicGo maps C base types to Go types (Windows data models: long is 32 bits).
func basicGo(name string) (*jen.Statement, int) {
	if isUnsigned32(name) {
		return jen.Uint32(), 4
	}
	switch name {
	case "char", "unsigned char", "byte", "boolean", "unsigned small", "__int8", "unsigned __int8", "uint8":
		return jen.Byte(), 1
	case "signed char", "small", "int8":
		return jen.Int8(), 1
	case "short", "__int16", "int16":
		return jen.Int16(), 2
	case "unsigned short", "wchar_t", "unsigned __int16", "uint16", "char16":
		return jen.Uint16(), 2
	case "int", "long", "__int32", "int32":
		return jen.Int32(), 4
	case "hyper", "__int64", "long long", "int64":
		return jen.Int64(), 8
	case "unsigned hyper", "unsigned __int64", "unsigned long long", "uint64":
		return jen.Uint64(), 8
	case "float", "float32":
		return jen.Float32(), 4
	case "double", "float64":
		return jen.Float64(), 8
	case "__int3264":
		return jen.Int(), 0
	case "unsigned __int3264", "handle_t":
		return jen.Uintptr(), 0
	}
	return nil, 0
}

// isUnsigned32 reports whether the IDL base type name is a 32-bit unsigned integer.
func isUnsigned32(name string) bool {
	switch name {
	case "unsigned int", "unsigned long", "unsigned __int32", "error_status_t", "uint32":
		return true
	}
	return false
}

// goType returns the Go type for t.
func (g *generator) goType(t *idl.TypeRef) (*jen.Statement, error) {
	switch t.Kind {
	case idl.RBasic:
		if b, _ := basicGo(t.Basic); b != nil {
			return b, nil
		}
		return nil, fmt.Errorf("type %s has no Go equivalent by value", t.Basic)
	case idl.RPointer:
		e := g.pointee(t)
		if e == nil {
			if t.Elem.Kind == idl.RFunc {
				return jen.Uintptr(), nil
			}
			return jen.Qual(pkgUnsafe, "Pointer"), nil // void*, or a pointer to an opaque struct
		}
		inner, err := g.goType(e)
		if err != nil {
			return nil, err
		}
		return jen.Op("*").Add(inner), nil
	case idl.RArray:
		inner, err := g.goType(t.Elem)
		if err != nil {
			return nil, err
		}
		return arrayOf(t, inner), nil
	case idl.RFunc:
		return jen.Uintptr(), nil
	case idl.ROpaque:
		// A name the IDL uses without declaring it, which MIDL writes into
		// the C header as an external definition (segment.idl's
		// OLE_XPOS_PIXELS, from the type library stdole2.tlb it imports).
		return nil, fmt.Errorf("type %s is not declared by the IDL read (MIDL takes it as an external definition; an importlib'd type library may declare it)", t.Basic)
	case idl.RNamed:
		if w := g.wellKnownName(t.Decl.EntityName()); w != nil {
			return w, nil
		}
		switch d := t.Decl.(type) {
		case *idl.AliasInfo:
			if isHandleAlias(d) {
				if g.declared(d) {
					return g.ident(d, goIdent(d.Name)), nil
				}
				return jen.Uintptr(), nil
			}
			if why := g.idlOnlyStandIn(d); why != "" {
				return nil, fmt.Errorf("type %s has no Go layout: the IDL declares it for MIDL only, as a stand-in for %s", d.Name, why)
			}
			if g.emitted[d] {
				if err := g.aliasError(d); err != nil {
					return nil, err // the alias is not declared either
				}
				return jen.Id(goIdent(d.Name)), nil
			}
			return g.goType(d.Type)
		case *idl.EnumInfo:
			if d.Name == "" || !g.declared(d) {
				return jen.Int32(), nil
			}
			if g.hrEnums[d] {
				return g.rt(rtHRESULT), nil
			}
			return g.ident(d, goIdent(d.Name)), nil
		case *idl.StructInfo:
			if wellKnownEntity(d) {
				return g.wellKnownName(d.Tag), nil
			}
			if err := g.structError(d); err != nil {
				return nil, err
			}
			if d.Name == "" || !g.declared(d) {
				if g.inlineNeeds386(d) {
					// fieldType declares it twice where it can.
					return nil, fmt.Errorf("struct %s, declared inline here, needs explicit padding on 386 (MSVC aligns 8-byte members to 8, Go to 4), which only the field of a struct or a union arm can declare", structLabel(d))
				}
				return g.inlineStruct(d)
			}
			return g.ident(d, goIdent(d.Name)), nil
		case *idl.IfaceInfo:
			return g.ident(d, goIdent(d.Name)), nil
		}
	}
	return nil, fmt.Errorf("unsupported type")
}

// arrayOf is the Go type of the array t of elements of Go type elem: a
// pointer to them for an array of unknown size.
func arrayOf(t *idl.TypeRef, elem *jen.Statement) *jen.Statement {
	if t.Len < 0 {
		return jen.Op("*").Add(elem)
	}
	return jen.Index(jen.Lit(int(t.Len))).Add(elem)
}

// aliasError reports why the emitted typedef a has no Go type (that of
// the type it names), or nil. It is memoized: each typedef of a chain of
// typedefs (typedef T0 T1; typedef T1 T2; ...) asked it again of every
// typedef before it, quadratic in the chain's length.
func (g *generator) aliasError(a *idl.AliasInfo) error {
	if err, done := g.aliasErr[a]; done {
		return err
	}
	_, err := g.goType(a.Type)
	g.aliasErr[a] = err
	return err
}

// structError reports why s has no Go declaration with its C layout (a
// union whose size does not scale with the pointer size, a field of such a
// type, ...), or nil. Values of such a type cannot be used; pointers to it
// become unsafe.Pointer.
func (g *generator) structError(s *idl.StructInfo) error {
	if err, done := g.structErr[s]; done {
		return err
	}
	if s.Placeholder() {
		err := fmt.Errorf("struct %s has no Go layout: the IDL declares it for MIDL only, as a placeholder for the C headers' type", s.Name)
		g.structErr[s] = err
		return err
	}
	if why := idlOnlyStandIns[s.Name]; s.IDLOnly && why != "" {
		err := fmt.Errorf("struct %s has no Go layout: the IDL declares it for MIDL only, as a stand-in for %s", s.Name, why)
		g.structErr[s] = err
		return err
	}
	g.structErr[s] = nil // a struct that contains a pointer to itself is fine
	if err := packedError(s); err != nil {
		g.structErr[s] = err
		return err
	}
	_, err := g.structFields(s)
	if err != nil {
		err = fmt.Errorf("struct %s has no Go layout: %v", structLabel(s), err)
	}
	g.structErr[s] = err
	return err
}

// paramType is the Go type of a parameter: C arrays are passed by pointer,
// so a fixed-size array parameter is a pointer to a Go array.
func (g *generator) paramType(t *idl.TypeRef) (*jen.Statement, error) {
	r := t.Resolve()
	if r.Kind != idl.RArray {
		return g.goType(t)
	}
	if r.Len < 0 {
		e, err := g.goType(r.Elem)
		if err != nil {
			return nil, err
		}
		return jen.Op("*").Add(e), nil
	}
	a, err := g.goType(r)
	if err != nil {
		return nil, err
	}
	return jen.Op("*").Add(a), nil
}

// sliceElem is the Go element type of a size_is pointer or array: bytes for void*.
func (g *generator) sliceElem(r *idl.TypeRef) (*jen.Statement, error) {
	if e := r.Elem.Resolve(); e.Kind == idl.RBasic && e.Basic == "void" {
		return jen.Byte(), nil
	}
	return g.goType(r.Elem)
}

// structLabel names s in a message: its name, or "<anonymous>".
func structLabel(s *idl.StructInfo) string {
	if s.Name == "" {
		return "<anonymous>"
	}
	return s.Name
}

// inlineStruct renders an anonymous struct or union type.
func (g *generator) inlineStruct(s *idl.StructInfo) (*jen.Statement, error) {
	fields, err := g.structFields(s)
	if err != nil {
		return nil, err
	}
	return jen.Struct(fields...), nil
}

// structFields renders the fields of a struct's Go declaration (see
// structPlan) for the targets other than 386.
func (g *generator) structFields(s *idl.StructInfo) ([]jen.Code, error) {
	return g.renderFields(s, false)
}

// renderFields renders the fields of s's Go declaration, for windows/386
// (for386: with the padding pad386 gives, and the fields' types there) or
// for the other targets.
func (g *generator) renderFields(s *idl.StructInfo, for386 bool) ([]jen.Code, error) {
	p, err := g.structPlan(s)
	if err != nil {
		return nil, err
	}
	var pads []int64
	if for386 {
		pads = g.pad386(s)
	}
	var fields []jen.Code
	pad := func(n int64) {
		if n > 0 {
			fields = append(fields, jen.Id("_").Index(jen.Lit(int(n))).Byte())
		}
	}
	for i, f := range p.fields {
		typ := f.typ
		if pads != nil {
			pad(pads[i])
		}
		if for386 && f.typ386 != nil {
			typ = f.typ386
		}
		fld := jen.Id(f.name).Add(typ)
		if f.comment != "" {
			fld.Comment(f.comment)
		}
		fields = append(fields, fld)
	}
	if pads != nil {
		pad(pads[len(p.fields)])
	}
	return fields, nil
}

// packedError returns an error for a struct whose C layout is packed (by
// #pragma pack, or by the C-only text of a cpp_quote'd pshpackN.h: see
// idl.StructInfo.Pack) differently from the layout Go gives it: a Go struct
// always aligns its fields naturally. A packing that moves nothing (oledb's
// DBPROPSET on 386: a pointer, a ULONG and a GUID are where they would be
// anyway) leaves the Go layout C's; mmreg.h's WAVEFORMATEX, 18 bytes under
// pack(1), has none, and pointers to it are unsafe.Pointer. A packing that
// moves no member and only drops the padding after a variable-length tail
// (shtypes.idl's SHITEMID { WORD cb; BYTE abID[1]; }, 3 bytes in C and 4 in
// Go, and ITEMIDLIST, which holds one) leaves the members where C has them:
// such a struct is a header read in place through a pointer, never an
// element of a C array, so it keeps its Go layout (see variableTail; the
// layout check holds its offsets to C's and says why its size is not).
func packedError(s *idl.StructInfo) error {
	for _, t := range []struct {
		arch idl.Arch
		pack int
	}{{idl.ArchAMD64, s.Pack}, {idl.Arch386, s.Pack386}} {
		if t.pack == 0 || int64(t.pack) >= t.arch.MaxAlign {
			continue
		}
		size, psize, natural, packed, err := packedLayouts(s, t.arch, t.pack)
		if err != nil || !slices.Equal(natural, packed) || size != psize && !variableTail(s) {
			return fmt.Errorf("struct %s has no Go layout: it is packed to %d bytes on %s (by #pragma pack, or for C by a cpp_quote'd pshpack%d.h), which moves its members from where Go puts them", s.Name, t.pack, t.arch.Name, t.pack)
		}
	}
	return nil
}

// packedLayouts lays s out on arch naturally (as Go does) and packed to pack
// bytes (as C does).
func packedLayouts(s *idl.StructInfo, arch idl.Arch, pack int) (size, psize int64, natural, packed []idl.FieldLayout, err error) {
	size, _, natural, err = idl.StructFieldLayout(s, arch)
	if err != nil {
		return
	}
	packedArch := arch
	packedArch.MaxAlign = int64(pack)
	psize, _, packed, err = idl.StructFieldLayout(s, packedArch)
	return
}

// packedSize is the C size of s on arch: with its packing when it has one
// (packedError has allowed it only where the packing drops the padding after
// a variable-length tail), else its natural size.
func packedSize(s *idl.StructInfo, arch idl.Arch) (int64, error) {
	pack := s.Pack
	if arch.Name == idl.Arch386.Name {
		pack = s.Pack386
	}
	if pack == 0 || int64(pack) >= arch.MaxAlign {
		size, _, err := idl.StructLayout(s, arch, nil, 0)
		return size, err
	}
	_, psize, _, _, err := packedLayouts(s, arch, pack)
	return psize, err
}

// shortStruct reports whether s's C size is smaller than its Go size: a
// packed struct with a variable-length tail (see packedError). Such a struct
// cannot be passed by value (the calling convention goes by the size) nor be
// an element of an array or a member before another.
func shortStruct(s *idl.StructInfo) bool {
	if s.Pack == 0 && s.Pack386 == 0 {
		return false // C lays it out as Go does
	}
	for _, arch := range []idl.Arch{idl.Arch386, idl.ArchAMD64} {
		size, _, err1 := idl.StructLayout(s, arch, nil, 0)
		psize, err2 := packedSize(s, arch)
		if err1 == nil && err2 == nil && psize != size {
			return true
		}
	}
	return false
}

// shortStructIn returns the short struct (see shortStruct) t is, or an
// array of, or nil.
func shortStructIn(t *idl.TypeRef) *idl.StructInfo {
	r := t.Resolve()
	if r.Kind == idl.RArray {
		r = r.Elem.Resolve()
	}
	if s, ok := r.Decl.(*idl.StructInfo); ok && r.Kind == idl.RNamed && shortStruct(s) {
		return s
	}
	return nil
}

// variableTail reports whether a struct ends in a variable-length member:
// C's one-element array at the end (BYTE abID[1]) that the allocation
// extends, or a struct that itself ends in one. Such a struct's C size counts
// only the first element; the record is longer.
func variableTail(s *idl.StructInfo) bool {
	if s.Union || len(s.Fields) == 0 {
		return false
	}
	last := s.Fields[len(s.Fields)-1]
	if last.IsBitField() {
		return false
	}
	r := last.Type.Resolve()
	switch r.Kind {
	case idl.RArray:
		return r.Len == 1
	case idl.RNamed:
		if inner, ok := r.Decl.(*idl.StructInfo); ok && inner != s {
			return variableTail(inner)
		}
	}
	return false
}

// idlOnlyStandIns are the typedefs (and structs) Wine's IDL declares for MIDL only (inside
// cpp_quote("#if 0")) whose C type, declared by the C headers, has another
// size: found by the corpus's C layout test (TestLayoutAgainstWineHeaders,
// which compares every IDL-only typedef's size with C's). Values of them
// have no Go form; pointers to them are unsafe.Pointer.
var idlOnlyStandIns = map[string]string{
	"D2D1_PIXEL_FORMAT":     "d2d1's 8-byte struct (wincodec.idl: DWORD*; WICImageParameters' members after it were 4 bytes off on 386)",
	"IDirect3DDevice9":      "a Direct3D 9 interface (dxva2api.idl: DWORD)",
	"IDirect3DSurface9":     "a Direct3D 9 interface (dxva2api.idl: DWORD)",
	"IDirectDraw7":          "a DirectDraw interface (strmif.idl: DWORD)",
	"IDirectDrawSurface7":   "a DirectDraw interface (strmif.idl: DWORD)",
	"SPNOTIFYCALLBACK":      "a function type (sapi.idl: a pointer)",
	"IMAGE_DEBUG_DIRECTORY": "a 28-byte struct (corsym.idl: SIZE_T)",
	// Structs: Wine's audioclient, sapi, xapo and xaudio2 IDL declare these
	// without mmreg.h's 1-byte packing (18 and 40 bytes in C, 20 and 44 so).
	"WAVEFORMATEX":         "mmreg.h's struct, packed to 1 byte",
	"WAVEFORMATEXTENSIBLE": "mmreg.h's struct, packed to 1 byte",
}

// idlOnlyStandIn says what C type the IDL-only typedef a stands in for,
// when its size differs from the IDL's; "" otherwise.
func (g *generator) idlOnlyStandIn(a *idl.AliasInfo) string {
	if !a.IDLOnly {
		return ""
	}
	return idlOnlyStandIns[a.Name]
}
