package gen

import (
	"fmt"
	"slices"
	"strings"

	"github.com/comgen/comgen/idl"
	"github.com/dave/jennifer/jen"
)

// Accessors for what a Go struct declaration cannot say itself: the arrays
// a struct points to with their count in another field (size_is,
// length_is: DISPPARAMS's rgvarg of cArgs VARIANTs), and the arms of a
// union, which Go declares as an opaque area (TYPEDESC's lptdesc, lpadesc,
// hreftype). Each is a method that converts inside generated code, so that
// users need no unsafe, and go vet has nothing to say about either side.

// structMethods are the names of the methods the fixed runtime files
// declare on generated structs, which accessors must not take.
var structMethods = map[string][]string{"PROPVARIANT": {"Clear", "Value"}}

// accessorNamer gives the accessors of one struct names that no field, no
// bit-field accessor and no other accessor of it has.
type accessorNamer map[string]bool

func (g *generator) newAccessorNamer(s *idl.StructInfo) accessorNamer {
	taken := g.fieldNamer(s)
	if len(g.calleeStrings(s)) > 0 {
		taken.claim(freeStrings)
	}
	return taken
}

// fieldNamer is an accessorNamer that has claimed the names of s's fields
// and bit-field accessors and the fixed files' methods on it.
func (g *generator) fieldNamer(s *idl.StructInfo) accessorNamer {
	taken := accessorNamer{}
	if !s.Union { // a union's Go declaration has its area alone
		for _, n := range fieldNames(s) {
			taken[n] = true
		}
	}
	if p, err := g.structPlan(s); err == nil {
		for _, f := range p.fields {
			taken[f.name] = true
		}
		for _, b := range p.bits {
			taken[b.name], taken["Set"+b.name] = true, true
		}
	}
	for _, n := range structMethods[s.Name] {
		taken[n] = true
	}
	return taken
}

func (a accessorNamer) claim(n string) string {
	for a[n] {
		n += "_"
	}
	a[n] = true
	return n
}

// arrayCount returns the index of the field of s that counts field f's
// elements (length_is, else size_is, naming a sibling integer field), or -1.
func arrayCount(s *idl.StructInfo, f *idl.FieldInfo) int {
	for _, attr := range []string{"length_is", "size_is"} {
		a := f.Attrs.Get(attr)
		if a == nil || len(a.Args) != 1 {
			continue
		}
		id, ok := a.Args[0].(*idl.Ident)
		if !ok {
			return -1
		}
		for i, c := range s.Fields {
			if c.Name == id.Name && !c.IsBitField() && isCount(c.Type) {
				return i
			}
		}
		return -1
	}
	return -1
}

// structAccessor is one accessor method of a struct, decided once (its name
// included) for the emitter (genStructAccessors) and for the layout facts
// of the arms' members (inlineFacts).
type structAccessor struct {
	name  string
	field int // the index in s.Fields of the counted pointer or of the union field; -1: s is the union
	// A slice accessor: the count's index in s.Fields, the element type, and
	// the pointer as the slice's first element.
	count int
	elem  *jen.Statement
	ptr   *jen.Statement
	// An arm accessor: the union, the arm's index in its Fields, its Go type
	// (and on 386 where that differs: see fieldType).
	union  *idl.StructInfo
	arm    int
	typ    *jen.Statement
	typ386 *jen.Statement
}

// structAccessors decides the accessors of s, a struct or union declared in
// Go as name: a slice accessor for each counted pointer field, and an arm
// accessor for each arm of s itself (a union) or of an anonymous union
// among its fields. Nil when s has no Go declaration.
func (g *generator) structAccessors(s *idl.StructInfo, name string) []structAccessor {
	if s.Incomplete || s.SwitchType != nil || g.structError(s) != nil {
		return nil
	}
	names := g.newAccessorNamer(s)
	if s.Union {
		return g.armAccessors(s, -1, names)
	}
	var acc []structAccessor
	fnames := fieldNames(s)
	for i, fld := range s.Fields {
		if fld.IsBitField() {
			continue
		}
		if u, ok := fld.Type.Resolve().Decl.(*idl.StructInfo); ok && fld.Type.Resolve().Kind == idl.RNamed && u.Union && u.SwitchType == nil && g.inlineUnion(u) {
			acc = append(acc, g.armAccessors(u, i, names)...)
			continue
		}
		c := arrayCount(s, fld)
		r := fld.Type.Resolve()
		if c < 0 || r.Kind != idl.RPointer || r.Elem.Kind == idl.RFunc || handleType(fld.Type) != nil {
			continue
		}
		elem, err := g.sliceElem(r)
		if err != nil {
			continue
		}
		ptr := jen.Id("p").Dot(fnames[i])
		if g.pointee(r) == nil {
			if e := r.Elem.Resolve(); e.Kind != idl.RBasic || e.Basic != "void" {
				continue // elements without a Go type
			}
			ptr = jen.Parens(jen.Op("*").Byte()).Call(ptr) // void*: bytes
		}
		acc = append(acc, structAccessor{name: names.claim(fnames[i] + "Slice"), field: i, count: c, elem: elem, ptr: ptr})
	}
	return acc
}

// armAccessors decides an accessor for each arm of the union u, the field
// field of the struct (-1: u itself) that has the accessors: each named
// arm, and each unnamed arm of an inline struct type (C reaches its members
// as the union's own: D2D_MATRIX_3X2_F's m11), named as the SDK's headers
// name it for C compilers without anonymous members (DUMMYSTRUCTNAME).
func (g *generator) armAccessors(u *idl.StructInfo, field int, names accessorNamer) []structAccessor {
	var acc []structAccessor
	armNames := fieldNames(u)
	for j, arm := range u.Fields {
		if arm.IsBitField() {
			continue
		}
		if arm.Name == "" {
			in := g.inlined(arm.Type)
			if in == nil || slices.ContainsFunc(in.Fields, (*idl.FieldInfo).IsBitField) {
				continue // a union, or a struct whose bit-fields Go reaches only in the package
			}
		}
		r := arm.Type.Resolve()
		if r.Kind == idl.RPointer && r.Elem.Kind != idl.RFunc && handleType(arm.Type) == nil && g.pointee(r) == nil {
			continue // an untyped pointer: the area itself says as much
		}
		t, err := g.fieldType(arm.Type, false)
		var t386 *jen.Statement
		if err == nil && g.needs386Padding(arm.Type) {
			t386, err = g.fieldType(arm.Type, true)
		}
		if err != nil {
			continue
		}
		name := exported(arm.Name)
		if arm.Name == "" {
			name = armNames[j]
		}
		acc = append(acc, structAccessor{name: names.claim(name), field: field, union: u, arm: j, typ: t, typ386: t386})
	}
	return acc
}

// genStructAccessors writes the accessors of s (declared in Go as name):
// see structAccessors.
func (g *generator) genStructAccessors(f *jen.File, s *idl.StructInfo, name string) {
	fnames := fieldNames(s)
	for _, a := range g.structAccessors(s, name) {
		if a.union != nil {
			area, what := jen.Code(jen.Id("p")), name
			if a.field >= 0 {
				area, what = jen.Op("&").Id("p").Dot(fnames[a.field]), name+"."+fnames[a.field]
			}
			arm := a.union.Fields[a.arm]
			cases, armName := "", "the arm "+arm.Name
			if c := arm.Attrs.Get("case"); c != nil && exprList(c.Args) != "" {
				cases = " (the arm for case " + exprList(c.Args) + ")"
			}
			if arm.Name == "" {
				armName, cases = "the unnamed struct arm", cases+" (C reaches its members as the union's own)"
			}
			// How arms are read and written: the package doc (TemplateData.UnionArms).
			g.unionArms = true
			doc := fmt.Sprintf("%s returns a pointer to %s of the union %s%s.", a.name, armName, what, cases)
			write := func(f *jen.File, typ *jen.Statement) {
				commentf(f, "%s", doc)
				f.Func().Params(jen.Id("p").Op("*").Id(name)).Id(a.name).Params().Op("*").Add(typ.Clone()).Block(
					jen.Return(jen.Parens(jen.Op("*").Add(typ.Clone())).Call(jen.Qual(pkgUnsafe, "Pointer").Call(area))),
				)
			}
			if a.typ386 == nil {
				write(f, a.typ)
				continue
			}
			// The arm's struct is padded on 386: the accessor is declared
			// twice, as the structs layout386Files declares.
			g.split386Arms = append(g.split386Arms, func(f *jen.File, for386 bool) {
				if for386 {
					write(f, a.typ386)
				} else {
					write(f, a.typ)
				}
			})
			continue
		}
		fld, cnt := s.Fields[a.field], jen.Id("p").Dot(fnames[a.count])
		commentf(f, "%s returns the array %s points to, of %s elements (%s), as a slice\nthat shares its memory (nil when %s is NULL or the count is not positive).",
			a.name, fld.Name, s.Fields[a.count].Name, attrString(fld), fld.Name)
		f.Func().Params(jen.Id("p").Op("*").Id(name)).Id(a.name).Params().Index().Add(a.elem).Block(
			jen.If(jen.Id("p").Dot(fnames[a.field]).Op("==").Nil().Op("||").Add(cnt.Clone()).Op("<=").Lit(0)).Block(jen.Return(jen.Nil())),
			jen.Return(jen.Qual(pkgUnsafe, "Slice").Call(a.ptr, cnt)),
		)
	}
}

// inlineUnion reports whether Go declares the union u inline in the struct
// that has it as a field (an anonymous union), where its arms need the
// struct's accessors.
func (g *generator) inlineUnion(u *idl.StructInfo) bool {
	return u.Name == "" || !g.declared(u)
}

// attrString renders the size attribute of f for the documentation.
func attrString(f *idl.FieldInfo) string {
	for _, attr := range []string{"length_is", "size_is"} {
		if a := f.Attrs.Get(attr); a != nil && len(a.Args) == 1 {
			if id, ok := a.Args[0].(*idl.Ident); ok {
				return fmt.Sprintf("%s(%s)", attr, id.Name)
			}
		}
	}
	return ""
}

// exprList renders the case labels of a union arm for the documentation:
// names and numbers as written; other expressions are left out.
func exprList(args []idl.Expr) string {
	var s []string
	for _, a := range args {
		switch x := a.(type) {
		case *idl.Ident:
			s = append(s, x.Name)
		case *idl.IntLit:
			s = append(s, x.Text)
		}
	}
	return strings.Join(s, ", ")
}

// freeStrings is the name of the method that frees the strings a callee
// allocated in a struct's fields (see genFreeStrings).
const freeStrings = "FreeStrings"

// calleeStrings returns the indexes of the string fields (LPWSTR, LPOLESTR)
// of s when a method of the input fills an s the caller passes ([out] or
// [in, out] s*): by COM's rules the callee allocates those strings with
// CoTaskMemAlloc and the caller frees them (IKnownFolder::
// GetFolderDefinition's KNOWNFOLDER_DEFINITION, which C frees with
// FreeKnownFolderDefinitionFields). Nil for any other struct: the strings
// of one the caller fills are the caller's.
func (g *generator) calleeStrings(s *idl.StructInfo) []int {
	if s.Union || s.Incomplete || g.structError(s) != nil || !g.filledByCallee()[s] {
		return nil
	}
	var idx []int
	for i, f := range s.Fields {
		if f.Name != "" && !f.IsBitField() && isStringPtr(f.Type) {
			idx = append(idx, i)
		}
	}
	return idx
}

// filledByCallee returns the structs some method of the input takes as an
// [out] or [in, out] pointer (made once).
func (g *generator) filledByCallee() map[*idl.StructInfo]bool {
	if g.outStructs != nil {
		return g.outStructs
	}
	g.outStructs = map[*idl.StructInfo]bool{}
	for _, e := range g.prog.Model.Entities {
		i, ok := e.(*idl.IfaceInfo)
		if !ok {
			continue
		}
		for _, m := range i.Methods {
			for _, p := range m.Params {
				if p.Dir == idl.In {
					continue
				}
				if r := p.Type.Resolve(); r.Kind == idl.RPointer {
					if e := r.Elem.Resolve(); e.Kind == idl.RNamed {
						if s, ok := e.Decl.(*idl.StructInfo); ok {
							g.outStructs[s] = true
						}
					}
				}
			}
		}
	}
	return g.outStructs
}

// genFreeStrings writes, for a struct a callee fills with strings of its
// own (see calleeStrings), a method that frees them with CoTaskMemFree and
// sets the fields to nil: the typed form of C's
// FreeKnownFolderDefinitionFields. (The wrappers return such a struct as
// it is, its string fields *uint16, read with UTF16PtrToString.)
func (g *generator) genFreeStrings(f *jen.File, s *idl.StructInfo) {
	idx := g.calleeStrings(s)
	if len(idx) == 0 || s.Name == "" || !g.declared(s) {
		return
	}
	name := goIdent(s.Name)
	fnames := fieldNames(s)
	var cs []string
	var body []jen.Code
	for _, i := range idx {
		cs = append(cs, fnames[i])
		body = append(body,
			jen.If(jen.Id("p").Dot(fnames[i]).Op("!=").Nil()).Block(
				g.rt("CoTaskMemFree").Call(jen.Qual(pkgUnsafe, "Pointer").Call(jen.Id("p").Dot(fnames[i]))),
				jen.Id("p").Dot(fnames[i]).Op("=").Nil(),
			))
	}
	m := g.fieldNamer(s).claim(freeStrings)
	commentf(f, "%s frees the strings a method filled p's string fields with (the callee\nallocates them with CoTaskMemAlloc, the caller frees them) and sets the fields to nil:\n%s.\nCall it once on a %s a method filled, after reading the strings\n(UTF16PtrToString); never on one whose strings Go made.",
		m, strings.Join(cs, ", "), name)
	f.Func().Params(jen.Id("p").Op("*").Id(name)).Id(m).Params().Block(body...)
}
