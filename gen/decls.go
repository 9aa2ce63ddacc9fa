package gen

import (
	"fmt"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/comgen/comgen/idl"
	"github.com/dave/jennifer/jen"
)

// typesFile renders the declarations that do not call the OS: interface and
// vtable types, IIDs and CLSIDs, enums, constants, structs and typedefs.
func (g *generator) typesFile(ents []idl.Entity) *jen.File {
	f := g.newFile(false)
	for _, e := range ents {
		switch x := e.(type) {
		case *idl.IfaceInfo:
			g.genInterfaceTypes(f, x)
			g.genImplInterface(f, x)
		case *idl.ClassInfo:
			g.genClass(f, x)
		case *idl.EnumInfo:
			g.genEnum(f, x)
		case *idl.ConstInfo:
			g.genConst(f, x)
		case *idl.StructInfo:
			g.genStruct(f, x)
		case *idl.AliasInfo:
			g.genAlias(f, x)
		}
	}
	return f
}

// hexGUID formats GUID fields as hex literals for readability: jennifer renders
// ints in decimal, so the literal is built with jen.Op.
func (g *generator) hexGUID(u *idl.GUID) *jen.Statement {
	var d4 []jen.Code
	for _, b := range u.Data4 {
		d4 = append(d4, jen.Op(fmt.Sprintf("0x%02x", b)))
	}
	return g.rt(rtGUID).Values(jen.Dict{jen.Id("Data1"): jen.Op(fmt.Sprintf("0x%08x", u.Data1)), jen.Id("Data2"): jen.Op(fmt.Sprintf("0x%04x", u.Data2)),
		jen.Id("Data3"): jen.Op(fmt.Sprintf("0x%04x", u.Data3)), jen.Id("Data4"): jen.Index(jen.Lit(8)).Byte().Values(d4...)})
}

func (g *generator) genInterfaceTypes(f *jen.File, i *idl.IfaceInfo) {
	name := goIdent(i.Name)
	if i.IID != nil {
		f.Commentf("%s is the interface ID of %s: {%s}.", iidName(i.Name), name, i.IID)
		f.Var().Id(iidName(i.Name)).Op("=").Add(g.hexGUID(i.IID))
	}
	var lines []string
	if i.Generic != nil {
		lines = append(lines, fmt.Sprintf("%s is the WinRT generic instance %s, which C headers name %s.", name, i.Generic.Written, i.Name), "")
		if i.Doc != "" {
			lines = append(lines, i.Doc, "")
		}
	} else if d := doc(name, i.Doc); d != "" {
		lines = append(lines, d, "")
	} else {
		lines = append(lines, fmt.Sprintf("%s is the COM interface %s.", name, i.Name), "")
	}
	switch {
	case i.Forward:
		lines = append(lines, fmt.Sprintf("%s is only declared in the IDL, not defined: it has no methods here.", name))
	case i.Dispatch:
		lines = append(lines, fmt.Sprintf("%s is a dispinterface: its members are called through IDispatch::Invoke.", name))
	default:
		lines = append(lines, fmt.Sprintf("Its vtable has %d slots; %s lists them in order.", i.VtblLen(), vtblName(i.Name)))
	}
	if i.Generic != nil {
		lines = append(lines, fmt.Sprintf("First used at %s.", shortPos(i.Pos)))
	} else {
		lines = append(lines, fmt.Sprintf("Declared at %s.", shortPos(i.Pos)))
	}
	comments(f, strings.Join(lines, "\n"))
	switch {
	case i.Base != nil:
		f.Type().Id(name).Struct(g.ident(i.Base, goIdent(i.Base.Name)))
	case i.Forward || i.Dispatch:
		if _, ok := g.prog.Scope["IUnknown"]; ok && i.Name != "IUnknown" {
			f.Type().Id(name).Struct(g.rt(rtIUnknown))
		} else {
			f.Type().Id(name).Struct(jen.Id("lpVtbl").Qual(pkgUnsafe, "Pointer"))
		}
		g.genIIDMethod(f, i)
		return
	default:
		f.Type().Id(name).Struct(jen.Id("lpVtbl").Op("*").Id(vtblName(i.Name)))
	}
	// The vtable, in slot order, with the base vtable embedded first.
	var fields []jen.Code
	if i.Base != nil {
		fields = append(fields, g.ident(i.Base, vtblName(i.Base.Name)))
	}
	for _, m := range i.Methods {
		fields = append(fields, jen.Id(exported(m.Name)).Uintptr().Comment(fmt.Sprintf("slot %d", m.Slot)))
	}
	g.genIIDMethod(f, i)
	f.Commentf("%s is the vtable of %s.", vtblName(i.Name), name) // what a vtable is: the package doc
	f.Type().Id(vtblName(i.Name)).Struct(fields...)
	// The accessor reads the object's first word, the vtable pointer, as this
	// interface's vtable. It reads the word rather than IUnknown's field: a
	// base interface may be declared in another package (Options.Map).
	f.Func().Params(jen.Id("v").Op("*").Id(name)).Id("vtable").Params().Op("*").Id(vtblName(i.Name)).Block(
		jen.Return(jen.Parens(jen.Op("*").Id(vtblName(i.Name))).Call(jen.Op("*").Parens(jen.Op("*").Qual(pkgUnsafe, "Pointer")).Call(jen.Qual(pkgUnsafe, "Pointer").Call(jen.Id("v"))))),
	)
}

// genIIDMethod gives interface i's type the method IID, through which the
// runtime's Into, As and CoCreate learn which interface a *T is: every
// interface type declares its own (a derived one must not answer with its
// base's IID), nil when the IDL gives it none (the call is then refused).
func (g *generator) genIIDMethod(f *jen.File, i *idl.IfaceInfo) {
	name := goIdent(i.Name)
	var v jen.Code = jen.Nil()
	if i.IID != nil {
		v = jen.Op("&").Id(iidName(i.Name))
		f.Commentf("%s returns %s, the interface ID of %s.", iidMethod, iidName(i.Name), name) // who uses it: the package doc
	} else {
		f.Commentf("%s returns nil: the IDL gives %s no interface ID (Into, As and CoCreate refuse it).", iidMethod, name)
	}
	f.Func().Params(jen.Op("*").Id(name)).Id(iidMethod).Params().Op("*").Add(g.rt(rtGUID)).Block(jen.Return(v))
}

// iidMethod is the method every interface type has that returns its IID.
const iidMethod = "IID"

// shortPos renders a position without directories, so output does not depend on where files live.
func shortPos(p idl.Pos) string {
	file := p.File
	if i := strings.LastIndex(file, "/"); i >= 0 {
		file = file[i+1:]
	}
	return fmt.Sprintf("%s:%d", file, p.Line)
}

func (g *generator) genClass(f *jen.File, c *idl.ClassInfo) {
	if c.CLSID == nil {
		return
	}
	var lines []string
	lines = append(lines, fmt.Sprintf("%s is the class ID of the coclass %s: {%s}.", clsidName(c.Name), c.Name, c.CLSID))
	if d := strings.TrimSpace(c.Doc); d != "" {
		lines = append(lines, "", d)
	}
	comments(f, strings.Join(lines, "\n"))
	f.Var().Id(clsidName(c.Name)).Op("=").Add(g.hexGUID(c.CLSID))
}

func (g *generator) genEnum(f *jen.File, e *idl.EnumInfo) {
	if e.Name == "" {
		g.genAnonEnum(f, e)
		return
	}
	name := goIdent(e.Name)
	if g.hrEnums[e] {
		comments(f, docOr(name, e.Doc, fmt.Sprintf("%s holds HRESULT values; its constants are HRESULTs.", name)))
		f.Type().Id(name).Op("=").Add(g.rt(rtHRESULT))
		var defs []jen.Code
		for _, m := range e.Members {
			c := jen.Id(g.enumMemberName(e, m)).Add(g.rt(rtHRESULT)).Op("=").Add(hresultLit(m.Value))
			if m.Doc != "" {
				c.Comment(strings.ReplaceAll(m.Doc, "\n", " "))
			}
			defs = append(defs, c)
		}
		f.Const().Defs(defs...)
		return
	}
	// The enumerators are untyped constants: flags combine and pass to the
	// integer parameters that take them (the IDL declares most as LONG or
	// DWORD, not as the enum) without a conversion, as in C. Their value is
	// the C int the compiler stores (0xFFFFFFFF is -1), except for a flags
	// enum whose parameters are declared with an unsigned typedef of its
	// name (enum _SICHINTF {...}; typedef DWORD SICHINTF;): there the values
	// are that typedef's, so SICHINT_ALLFIELDS (0x80000000) passes as a
	// SICHINTF. The enum's type keeps String for values read back.
	flags := g.flagsAlias(e)
	typ, lit := jen.Int32(), enumLit
	if flags != nil {
		typ, lit = jen.Uint32(), flagsLit
	}
	// That enumerators are untyped constants is said once, in the package doc.
	text := fmt.Sprintf("%s is the IDL enum %s.", name, e.Name)
	if flags != nil {
		text = fmt.Sprintf("%s is the IDL enum %s, the flags of %s.", name, e.Name, goIdent(flags.Name))
	}
	comments(f, docOr(name, e.Doc, text))
	f.Type().Id(name).Add(typ)
	var defs []jen.Code
	for _, m := range e.Members {
		if g.runtimeSame[m] {
			continue // the runtime support declares it (see checkCollisions)
		}
		c := jen.Id(g.enumMemberName(e, m)).Op("=").Add(lit(m.Value))
		if m.Doc != "" {
			c.Comment(strings.ReplaceAll(m.Doc, "\n", " "))
		}
		defs = append(defs, c)
	}
	f.Const().Defs(defs...)
	// String returns the first name declared for a value, as stringer does.
	seen := map[uint32]bool{}
	var cases []jen.Code
	for _, m := range e.Members {
		v := uint32(m.Value)
		if seen[v] {
			continue
		}
		seen[v] = true
		var c jen.Code = jen.Id(g.enumMemberName(e, m))
		if g.runtimeSame[m] {
			c = lit(m.Value) // the runtime's constant has a type of its own
		}
		cases = append(cases, jen.Case(c).Block(jen.Return(jen.Lit(m.Name))))
	}
	cases = append(cases, jen.Default().Block(jen.Return(
		jen.Lit(name+"(").Op("+").Qual("strconv", "FormatInt").Call(jen.Int64().Call(jen.Id("e")), jen.Lit(10)).Op("+").Lit(")"))))
	f.Commentf("String returns the name of e, or %s(n) for values without one.", name)
	f.Func().Params(jen.Id("e").Id(name)).Id("String").Params().String().Block(jen.Switch(jen.Id("e")).Block(cases...))
}

// enumMemberName is the Go name of an enumerator. WinRT enums are scoped
// (their members are not global names), so theirs carry the enum's name.
// An enumerator written in lower case (mmdeviceapi's eRender, eConsole) is
// exported with its first letter in upper case (ERender), unless the IDL
// declares that name itself: then it keeps its C name (checkCollisions
// claims the name either way).
func (g *generator) enumMemberName(e *idl.EnumInfo, m *idl.EnumMemberInfo) string {
	if e.Scoped && e.Name != "" {
		return goIdent(e.Name) + "_" + m.Name
	}
	if c := m.Name[0]; 'a' <= c && c <= 'z' {
		up := string(c-'a'+'A') + m.Name[1:]
		if _, taken := g.prog.Scope[up]; !taken {
			return goIdent(up)
		}
	}
	return goIdent(m.Name)
}

// genAnonEnum renders the members of an enum without a name: C int
// constants (HRESULTs when they hold HRESULT values).
func (g *generator) genAnonEnum(f *jen.File, e *idl.EnumInfo) {
	var defs []jen.Code
	for _, m := range e.Members {
		if g.runtimeSame[m] {
			continue // the runtime support declares it (see checkCollisions)
		}
		c := jen.Id(g.enumMemberName(e, m))
		if g.hrEnums[e] {
			c.Add(g.rt(rtHRESULT)).Op("=").Add(hresultLit(m.Value))
		} else {
			c.Op("=").Add(enumLit(m.Value))
		}
		if m.Doc != "" {
			c.Comment(strings.ReplaceAll(m.Doc, "\n", " "))
		}
		defs = append(defs, c)
	}
	if len(defs) > 0 {
		f.Commentf("Constants of an unnamed enum declared at %s.", shortPos(e.Pos))
		f.Const().Defs(defs...)
	}
}

func docOr(name, text, fallback string) string {
	if d := doc(name, text); d != "" {
		return d
	}
	return fallback
}

// flagsAlias returns the unsigned 32-bit typedef that stands for the flags
// enum e in signatures, by the IDL idiom `enum _X {...}; typedef DWORD X;`
// (or tagX), or nil.
func (g *generator) flagsAlias(e *idl.EnumInfo) *idl.AliasInfo {
	for _, prefix := range []string{"_", "tag"} {
		base, ok := strings.CutPrefix(e.Name, prefix)
		if !ok || base == "" {
			continue
		}
		a, ok := g.prog.Scope[base].(*idl.AliasInfo)
		if !ok {
			continue
		}
		if t := a.Type.Resolve(); t.Kind == idl.RBasic && isUnsigned32(t.Basic) {
			return a
		}
	}
	return nil
}

// flagsLit renders the value of a flags enumerator as the unsigned 32-bit
// value its typedef holds, in hex when it is large.
func flagsLit(v int64) *jen.Statement {
	if u := uint32(v); u >= 0x100 {
		return jen.Op(fmt.Sprintf("0x%X", u))
	}
	return jen.Lit(int(uint32(v)))
}

// enumLit renders a C enum value as the int32 the C compiler stores (0xFFFFFFFF is -1),
// in hex when it was large.
func enumLit(v int64) *jen.Statement {
	i := int32(v)
	if i < 0 && i != -1 {
		return jen.Op(fmt.Sprintf("-0x%X", -int64(i))).Comment(fmt.Sprintf("0x%08X", uint32(i)))
	}
	if i >= 0x100 {
		return jen.Op(fmt.Sprintf("0x%X", i))
	}
	return jen.Lit(int(i))
}

// hresultLit renders an HRESULT constant in hex, eight digits for a failure
// code (0x80041002), as winerror.h writes them.
func hresultLit(v int64) *jen.Statement {
	if u := uint32(v); u&0x80000000 != 0 {
		return jen.Op(fmt.Sprintf("0x%08X", u))
	}
	return jen.Op(fmt.Sprintf("0x%X", uint32(v)))
}

func (g *generator) genConst(f *jen.File, c *idl.ConstInfo) {
	if c.Unknown {
		f.Commentf("%s is not generated: its value could not be evaluated.", c.Name)
		return
	}
	if c.Value.Kind == idl.ValGUID {
		src := "declare_guid in the IDL"
		if c.CppQuote {
			src = "DEFINE_GUID in the IDL's C header text"
		}
		comments(f, fmt.Sprintf("%s is %s (%s).", goIdent(c.Name), c.Value.GUID, src))
		f.Var().Id(goIdent(c.Name)).Op("=").Add(g.hexGUID(c.Value.GUID))
		return
	}
	var val jen.Code
	switch c.Value.Kind {
	case idl.ValInt:
		val = jen.Op(constInt(c))
	case idl.ValFloat:
		val = jen.Lit(c.Value.Float)
	case idl.ValString:
		val = jen.Lit(c.Value.Str)
	}
	if c.Doc != "" {
		comments(f, doc(goIdent(c.Name), c.Doc))
	}
	if isHRESULTConst(c) {
		// An HRESULT is one, as the runtime's and the HRESULT enums' are: an
		// untyped integer in its place (const HRESULT E_INVALIDARG =
		// 0x80070057, the generic code's own name) was no error where the
		// runtime returns it as one, and the package did not build.
		f.Const().Id(goIdent(c.Name)).Add(g.rt(rtHRESULT)).Op("=").Add(hresultLit(c.Value.Int))
		return
	}
	if c.Value.Kind == idl.ValInt && c.Hex {
		if s := constInt(c); !strings.HasPrefix(s, "-") {
			u, _ := strconv.ParseUint(s, 10, 64)
			val = jen.Op(fmt.Sprintf("0x%X", u)) // the base the IDL wrote
		}
	}
	f.Const().Id(goIdent(c.Name)).Op("=").Add(val)
}

// isHRESULTConst reports whether the constant c is an HRESULT: declared
// with the type HRESULT or SCODE, or a #define in C header text
// (cpp_quote("#define SCRIPT_E_REPORTED 0x80020101")) whose name follows
// winerror.h's convention (X_E_NAME for a failure, with the severity bit
// set; X_S_NAME for a success code, with a facility and without it) and
// whose value fits 32 bits.
func isHRESULTConst(c *idl.ConstInfo) bool {
	if c.Value.Kind != idl.ValInt || c.Unknown {
		return false
	}
	if !c.CppQuote {
		return c.Type != nil && (isNamed(c.Type, "HRESULT") || isNamed(c.Type, "SCODE"))
	}
	if c.Value.Int < 0 && c.Value.Int < -1<<31 || c.Value.Int > 0xFFFFFFFF {
		return false
	}
	u := uint32(c.Value.Int)
	switch {
	case strings.Contains(c.Name, "_E_") || strings.HasPrefix(c.Name, "E_"):
		return u&0x80000000 != 0
	case strings.Contains(c.Name, "_S_"):
		return u&0x80000000 == 0 && u>>16&0x7FF != 0
	}
	return false
}

// constInt is the Go literal of an integer constant, of its IDL type's
// width and signedness as C has it: const ULONGLONG A = 0xFFFFFFFFFFFFFFFF is
// 18446744073709551615, not -1; const LONG B = 0xFFFFFFFF is -1.
func constInt(c *idl.ConstInfo) string {
	v := c.Value.Int
	r := c.Type.Resolve()
	if r == nil || r.Kind != idl.RBasic || isFloat(r) {
		return strconv.FormatInt(v, 10)
	}
	size := idl.BasicSize(r.Basic, idl.ArchAMD64)
	if size <= 0 || size > 8 || r.Basic == "__int3264" || r.Basic == "unsigned __int3264" {
		return strconv.FormatInt(v, 10)
	}
	bits := uint(8 * size)
	u := uint64(v)
	if bits < 64 {
		u &= 1<<bits - 1
	}
	if isSigned(r.Basic) && u>>(bits-1) == 1 {
		return strconv.FormatInt(int64(u|^(1<<bits-1)), 10) // negative: sign-extended
	}
	return strconv.FormatUint(u, 10)
}

func (g *generator) genStruct(f *jen.File, s *idl.StructInfo) {
	if s.Name == "" {
		return
	}
	name := goIdent(s.Name)
	if s.Incomplete {
		f.Commentf("%s is an incomplete struct in the IDL: use it only behind a pointer.", name)
		f.Type().Id(name).Struct()
		return
	}
	if err := g.structError(s); err != nil {
		f.Commentf("%s is not generated: %v. Pointers to it are unsafe.Pointer.", name, err)
		return
	}
	if g.pad386(s) != nil {
		// Declared twice, in <base>_386.go with explicit padding and in
		// <base>_layout.go for the other targets.
		g.split386 = append(g.split386, s)
	} else {
		fields, _ := g.structFields(s)
		kind := "struct"
		if s.Union {
			kind = "union"
		}
		comments(f, docOr(name, s.Doc, fmt.Sprintf("%s is the C %s %s.", name, kind, s.Name)))
		f.Type().Id(name).Struct(fields...)
	}
	g.genBitAccessors(f, s, name)
	g.genStructAccessors(f, s, name)
}

// pad386 returns the padding windows/386 needs before each field of s (and
// after the last), or nil when there is none. MSVC aligns 8-byte members
// (LONGLONG, DOUBLE, a VARIANT) to 8 bytes inside structures; Go on 386
// aligns them to 4, so the Go declaration needs explicit padding there.
func (g *generator) pad386(s *idl.StructInfo) []int64 {
	if s.Union || s.SwitchType != nil || s.Incomplete {
		return nil
	}
	p, err := g.structPlan(s)
	if err != nil {
		return nil
	}
	size, _, at, err := idl.StructFieldLayout(s, idl.Arch386)
	if err != nil {
		return nil
	}
	pads := make([]int64, len(p.fields)+1)
	var end, goAlign int64 = 0, 1
	any := false
	for i, gf := range p.fields {
		var fsz, fal int64
		off := at[gf.field].Offset
		switch {
		case gf.unit != 0: // a bit-field storage unit: an integer of its size
			fsz, fal = gf.unit, gf.unit
		case gf.align != 0: // a bit-field of width 0: no bytes, its alignment
			fsz, fal = 0, gf.align
			if i == 0 {
				off = 0 // moved to the front (see structPlan)
			}
		default:
			fsz, fal, err = idl.Layout(s.Fields[gf.field].Type, idl.Arch386)
			if err != nil {
				return nil
			}
		}
		al := min(fal, 4) // Go's alignment on 386 never exceeds 4
		goAlign = max(goAlign, al)
		goOff := (end + al - 1) / al * al
		pads[i] = off - goOff
		if pads[i] != 0 {
			any = true
			goOff = off
		}
		end = goOff + fsz
	}
	goSize := (end + goAlign - 1) / goAlign * goAlign
	last := len(p.fields)
	pads[last] = size - goSize
	if pads[last] < 0 {
		pads[last] = 0
	}
	if !any && pads[last] == 0 && !slices.ContainsFunc(p.fields, func(f goField) bool { return f.typ386 != nil }) {
		return nil
	}
	// The padding is then a multiple of 4 ending before the padded fields,
	// after which Go's own alignment keeps the C offsets.
	if pads[last] != 0 {
		pads[last] = size - end
	}
	return pads
}

// layout386Files renders the structures that need explicit padding on 386:
// <base>_386.go declares them with it, <base>_layout.go without, for every
// other target.
func (g *generator) layout386Files() (f386, fOther *jen.File) {
	if len(g.split386) == 0 && len(g.ptrAliases) == 0 && len(g.split386Arms) == 0 {
		return nil, nil
	}
	f386, fOther = g.newFileFor("386"), g.newFileFor("!386")
	for _, a := range g.ptrAliases {
		for _, x := range []struct {
			f      *jen.File
			target *idl.IfaceInfo
			bits   string
		}{{f386, a.i32, "32"}, {fOther, a.i64, "64"}} {
			name, target := goIdent(a.name), goIdent(x.target.Name)
			x.f.Commentf("%s is %s on this architecture, as the C headers' macro makes it for %s-bit code.", name, target, x.bits)
			x.f.Type().Id(name).Op("=").Id(target)
			if x.target.IID != nil {
				x.f.Commentf("%s is %s on this architecture.", iidName(a.name), iidName(x.target.Name))
				x.f.Var().Id(iidName(a.name)).Op("=").Id(iidName(x.target.Name))
			}
		}
	}
	for _, s := range g.split386 {
		name := goIdent(s.Name)
		fields, _ := g.structFields(s)
		kind := "struct"
		comments(fOther, docOr(name, s.Doc, fmt.Sprintf("%s is the C %s %s.", name, kind, s.Name)))
		fOther.Type().Id(name).Struct(fields...)

		padded, _ := g.renderFields(s, true)
		comments(f386, docOr(name, s.Doc, fmt.Sprintf("%s is the C %s %s.", name, kind, s.Name)))
		f386.Comment("On 386 it has explicit padding where MSVC aligns 8-byte members to 8.")
		f386.Type().Id(name).Struct(padded...)
	}
	for _, a := range g.split386Arms {
		a(f386, true)
		a(fOther, false)
	}
	return f386, fOther
}

func (g *generator) genAlias(f *jen.File, a *idl.AliasInfo) {
	name := goIdent(a.Name)
	if isHandleAlias(a) {
		comments(f, docOr(name, a.Doc, fmt.Sprintf("%s is the handle type %s: a value the system gives out, not memory Go reads.", name, a.Name))+
			fmt.Sprintf("\nA conversion makes it one of x/sys/windows' handle types and back (windows.Handle(h), %s(w)), without unsafe.", name))
		f.Type().Id(name).Uintptr()
		return
	}
	t, err := g.goType(a.Type)
	if err != nil {
		f.Commentf("%s is not generated: %v.", name, err)
		return
	}
	// typedef struct X X, or an alias of a type of the same name: nothing to declare.
	if r := a.Type; r.Kind == idl.RNamed && goIdent(r.Decl.EntityName()) == name {
		return
	}
	comments(f, docOr(name, a.Doc, fmt.Sprintf("%s is the IDL typedef %s.", name, a.Name)))
	f.Type().Id(name).Op("=").Add(t)
}

// wantTypedefAlias reports whether the package declares the imported
// typedef a as a Go alias (see importedAliases): one the package's file
// mapping (Options.Map) does not put in another package, with a Go type,
// other than a string pointer (a Go string in the wrappers), a handle (a
// type of its own), a runtime type or a typedef of the same name.
func (g *generator) wantTypedefAlias(a *idl.AliasInfo) bool {
	if g.mappedPath(a) != "" || isHandleAlias(a) || isWellKnown(a.Name) || isStringPtr(a.Type) || g.idlOnlyStandIn(a) != "" {
		return false
	}
	if r := a.Type; r.Kind == idl.RNamed && goIdent(r.Decl.EntityName()) == goIdent(a.Name) {
		return false
	}
	_, err := g.goType(a.Type)
	return err == nil
}

// genTypedefAliases declares the typedefs of imported files the package
// reaches (typedefAliases) as Go aliases of the types they name.
func (g *generator) genTypedefAliases(f *jen.File) {
	for _, a := range g.typedefAliases {
		t, err := g.goType(a.Type)
		if err != nil {
			continue
		}
		name := goIdent(a.Name)
		// Why it is an alias is said once, in the package doc (TemplateData.TypedefAliases).
		comments(f, fmt.Sprintf("%s is the IDL typedef %s of %s.", name, a.Name, path.Base(filepath.ToSlash(a.DeclFile().Name))))
		f.Type().Id(name).Op("=").Add(t)
	}
}

// ptrAlias is an interface the IDL declares twice, for 32-bit and 64-bit
// code (activscp.idl's IActiveScriptParse32 and IActiveScriptParse64, which
// its C header's macro names IActiveScriptParse by pointer size): Go gets
// name as an alias of the one of its architecture, in the per-architecture
// files (layout386Files).
type ptrAlias struct {
	name     string
	i32, i64 *idl.IfaceInfo
}

// findPtrAliases finds the pairs X32 and X64 of interfaces the package
// declares, with the same methods by name, where the IDL declares no X.
func (g *generator) findPtrAliases() []ptrAlias {
	byName := map[string]*idl.IfaceInfo{}
	for _, e := range g.order {
		if i, ok := e.(*idl.IfaceInfo); ok && !i.Forward && g.mappedPath(i) == "" {
			byName[i.Name] = i
		}
	}
	var out []ptrAlias
	for _, e := range g.order {
		i64, ok := e.(*idl.IfaceInfo)
		if !ok || byName[i64.Name] != i64 {
			continue
		}
		stem, ok := strings.CutSuffix(i64.Name, "64")
		base := strings.TrimSuffix(stem, "_") // IActiveScriptParseProcedure2_64
		if !ok || base == "" {
			continue
		}
		i32 := byName[stem+"32"]
		if d, declared := g.prog.Scope[base]; declared && !isMacroName(d) || i32 == nil || len(i32.Methods) != len(i64.Methods) {
			continue
		}
		same := true
		for k, m := range i32.Methods {
			same = same && m.Name == i64.Methods[k].Name
		}
		if same {
			out = append(out, ptrAlias{name: base, i32: i32, i64: i64})
		}
	}
	return out
}

// isMacroName reports whether e is a #define in C header text that names
// another declaration (cpp_quote("#define IActiveScriptParse
// IActiveScriptParse64")): a constant without a value, which Go does not declare.
func isMacroName(e idl.Entity) bool {
	c, ok := e.(*idl.ConstInfo)
	return ok && c.CppQuote && c.Unknown
}
