package gen

import (
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/comgen/comgen/idl"
	"github.com/dave/jennifer/jen"
)

// LayoutFact is one number of the C layout the generated package must match:
// a size, a field offset, a vtable slot offset or an enumerator's (or a
// cpp_quote #define constant's) value, on
// windows/386 and on 64-bit Windows (amd64 and arm64 share the LLP64 layout).
// The values come from the IDL and MSVC's layout rules (idl.Layout); the
// generated test file holds the Go types to them at compile time and the
// generator's tests check them against a C compiler and real headers.
type LayoutFact struct {
	C  string // the C expression: sizeof(STATSTG), offsetof(IStreamVtbl, Read), WBEM_E_NOT_FOUND
	Go string // the Go expression, or "" for facts with no Go counterpart
	// NotInGo says why a fact of a Go type has no Go expression (the size of
	// a struct whose C size ends before Go's padding): the test file
	// writes it where the check would be.
	NotInGo  string
	Want386  int64
	Want64   int64
	IsEnum   bool // C is an enumerator compared as a 32-bit value
	TypeName string
	Root     bool // declared in one of the input files (not an import)
}

// LayoutFacts lists the layout facts of what Generate would emit for prog.
func LayoutFacts(prog *idl.Program, opt Options) ([]LayoutFact, error) {
	g, err := newGenerator(prog, opt)
	if err != nil {
		return nil, err
	}
	return g.layoutFacts(), nil
}

func (g *generator) layoutFacts() []LayoutFact {
	var facts []LayoutFact
	for _, e := range g.order {
		ef := g.entityFacts(e)
		for i := range ef {
			ef[i].Root = g.isRoot(e)
		}
		facts = append(facts, ef...)
	}
	return facts
}

func (g *generator) entityFacts(e idl.Entity) []LayoutFact {
	var facts []LayoutFact
	switch x := e.(type) {
	case *idl.IfaceInfo:
		if x.Forward || x.Dispatch || !x.Object {
			return nil
		}
		vt := vtblName(x.Name)
		n := int64(x.VtblLen())
		facts = append(facts, LayoutFact{C: fmt.Sprintf("sizeof(%s)", vt), Go: fmt.Sprintf("unsafe.Sizeof(%s{})", vt),
			Want386: 4 * n, Want64: 8 * n, TypeName: x.Name})
		for _, m := range x.Methods {
			facts = append(facts, LayoutFact{
				C:       fmt.Sprintf("offsetof(%s, %s)", vt, cVtblMember(x, m)),
				Go:      fmt.Sprintf("unsafe.Offsetof(%s{}.%s)", vt, exported(m.Name)),
				Want386: 4 * int64(m.Slot), Want64: 8 * int64(m.Slot), TypeName: x.Name})
		}
	case *idl.StructInfo:
		if x.Name == "" || x.Incomplete || g.structError(x) != nil || wellKnownEntity(x) {
			return nil
		}
		facts = g.structFacts(x)
	case *idl.AliasInfo:
		// A typedef declared for MIDL only stands in for a C type the
		// headers declare: its size is a fact for C alone (Go's is the
		// target's by construction), which the C tests compare.
		if !x.IDLOnly || wellKnownEntity(x) || g.idlOnlyStandIn(x) != "" {
			return nil
		}
		if _, err := g.goType(x.Type); err != nil {
			return nil // no Go form (a placeholder struct): nothing to compare
		}
		sz386, _, err1 := idl.Layout(x.Type, idl.Arch386)
		sz64, _, err2 := idl.Layout(x.Type, idl.ArchAMD64)
		if err1 == nil && err2 == nil {
			facts = append(facts, LayoutFact{C: fmt.Sprintf("sizeof(%s)", x.Name), Want386: sz386, Want64: sz64, TypeName: x.Name})
		}
	case *idl.ConstInfo:
		// A constant read from C header text (cpp_quote #define) has a C
		// counterpart of the same name: its value is a fact to check.
		if x.CppQuote && !x.Unknown && x.Value.Kind == idl.ValInt {
			facts = append(facts, LayoutFact{C: x.Name, Want386: int64(int32(x.Value.Int)), Want64: int64(int32(x.Value.Int)), IsEnum: true, TypeName: x.Name})
		}
	case *idl.EnumInfo:
		if x.Scoped || x.Incomplete {
			return nil // WinRT enumerators have no C name of their own
		}
		for _, m := range x.Members {
			facts = append(facts, LayoutFact{C: m.Name, Want386: int64(int32(m.Value)), Want64: int64(int32(m.Value)), IsEnum: true, TypeName: x.Name})
		}
	}
	return facts
}

func (g *generator) structFacts(s *idl.StructInfo) []LayoutFact {
	off386 := make([]int64, len(s.Fields))
	off64 := make([]int64, len(s.Fields))
	sz386, _, err1 := idl.StructLayout(s, idl.Arch386, off386, 0)
	sz64, _, err2 := idl.StructLayout(s, idl.ArchAMD64, off64, 0)
	if err1 != nil || err2 != nil {
		return nil
	}
	name := goIdent(s.Name)
	size := LayoutFact{C: fmt.Sprintf("sizeof(%s)", s.Name), Go: fmt.Sprintf("unsafe.Sizeof(%s{})", name),
		Want386: sz386, Want64: sz64, TypeName: s.Name}
	if shortStruct(s) {
		// packedError allowed it: a packed struct with a variable-length
		// tail. C's size is checked; Go's cannot equal it.
		p386, err1 := packedSize(s, idl.Arch386)
		p64, err2 := packedSize(s, idl.ArchAMD64)
		if err1 != nil || err2 != nil {
			return nil
		}
		size.Want386, size.Want64, size.Go = p386, p64, ""
		size.NotInGo = fmt.Sprintf("%s is packed and ends in a variable-length member: C's size (%d on 64-bit targets) stops before the padding Go adds after it (%d); the offsets are checked", s.Name, p64, sz64)
	}
	facts := []LayoutFact{size}
	if s.SwitchType != nil {
		return facts // an encapsulated union is an opaque area in Go: only its size is comparable
	}
	names := fieldNames(s)
	for i, f := range s.Fields {
		if s.Union || f.Name == "" || f.IsBitField() {
			continue // a union is an opaque area in Go; C has no offsetof for these (nor Go a field)
		}
		facts = append(facts, LayoutFact{
			C:       fmt.Sprintf("offsetof(%s, %s)", s.Name, f.Name),
			Go:      fmt.Sprintf("unsafe.Offsetof(%s{}.%s)", name, names[i]),
			Want386: off386[i], Want64: off64[i], TypeName: s.Name})
	}
	return g.inlineFacts(facts, s, name, off386, off64)
}

// inlineFacts appends to facts the offsets, from the start of s (declared
// in Go as name), of the members of the structs Go declares inline in it:
// a field of an anonymous struct type (Go's offset of inner.a is
// unsafe.Offsetof(S{}.Inner) + unsafe.Offsetof(S{}.Inner.A)), and a union
// arm of one that an accessor returns (unsafe.Offsetof(S{}.U) +
// unsafe.Offsetof((&S{}).Arm().A)). Only the struct's own size and
// offsets would not hold them to C: they are the inline struct's Go layout.
// C names a member by its path without the anonymous members: offsetof(S,
// inner.a), offsetof(S, a) through an anonymous union and struct.
func (g *generator) inlineFacts(facts []LayoutFact, s *idl.StructInfo, name string, off386, off64 []int64) []LayoutFact {
	fnames := fieldNames(s)
	for i, f := range s.Fields {
		if s.Union || f.IsBitField() {
			continue
		}
		if in := g.inlined(f.Type); in != nil {
			facts = g.memberFacts(facts, s.Name, in, cPath(nil, f.Name), fmt.Sprintf("unsafe.Offsetof(%s{}.%s)", name, fnames[i]),
				name+"{}."+fnames[i], off386[i], off64[i], 0)
		}
	}
	for _, a := range g.structAccessors(s, name) {
		if a.union == nil {
			continue
		}
		arm := a.union.Fields[a.arm]
		in := g.inlined(arm.Type)
		if in == nil {
			continue
		}
		base, at386, at64 := "", int64(0), int64(0)
		var path []string
		if a.field >= 0 {
			base, at386, at64 = fmt.Sprintf("unsafe.Offsetof(%s{}.%s)", name, fnames[a.field]), off386[a.field], off64[a.field]
			path = cPath(nil, s.Fields[a.field].Name)
		}
		facts = g.memberFacts(facts, s.Name, in, cPath(path, arm.Name), base, fmt.Sprintf("(&%s{}).%s()", name, a.name), at386, at64, 0)
	}
	return facts
}

// memberFacts appends to facts the offsets of the members of in, a struct
// declared inline in typeName at C's offsets at386 and at64 (Go's: the
// expression base, "" for 0), whose Go value the selector sel denotes and
// whose C path from typeName is path; and those of the structs declared
// inline in in, in turn.
func (g *generator) memberFacts(facts []LayoutFact, typeName string, in *idl.StructInfo, path []string, base, sel string, at386, at64 int64, depth int) []LayoutFact {
	o386, o64 := make([]int64, len(in.Fields)), make([]int64, len(in.Fields))
	_, _, err1 := idl.StructLayout(in, idl.Arch386, o386, 0)
	_, _, err2 := idl.StructLayout(in, idl.ArchAMD64, o64, 0)
	if err1 != nil || err2 != nil || depth > maxInlineDepth {
		return facts
	}
	names := fieldNames(in)
	for k, m := range in.Fields {
		if m.IsBitField() {
			continue
		}
		p := cPath(path, m.Name)
		goOff := fmt.Sprintf("unsafe.Offsetof(%s.%s)", sel, names[k])
		if base != "" {
			goOff = base + " + " + goOff
		}
		if len(p) > len(path) {
			facts = append(facts, LayoutFact{C: fmt.Sprintf("offsetof(%s, %s)", typeName, strings.Join(p, ".")), Go: goOff,
				Want386: at386 + o386[k], Want64: at64 + o64[k], TypeName: typeName})
		}
		if inner := g.inlined(m.Type); inner != nil {
			facts = g.memberFacts(facts, typeName, inner, p, goOff, sel+"."+names[k], at386+o386[k], at64+o64[k], depth+1)
		}
	}
	return facts
}

// maxInlineDepth bounds how deep structs declared inline (anonymous
// structs, alone or in arrays: inlineDepth) may nest in a struct with a Go
// declaration, and how deep memberFacts follows them: go/types (comgen's
// check, go vet) sizes an anonymous struct type afresh each time it is
// asked, twice per level for a struct whose last field is one, so its work
// doubles with every level; the deepest in Wine's and the SDK's IDL is 2.
const maxInlineDepth = 8

// cPath appends the C name of a member to the path that names it from its
// struct: nothing for an anonymous member (no name, or one of the SDK's
// DUMMYUNIONNAME macros, which are empty for C compilers with anonymous
// members), whose members C names as its container's own.
func cPath(path []string, member string) []string {
	if member == "" || anonymousMacro(member) {
		return path
	}
	return append(slices.Clip(path), member)
}

// anonymousMacro reports whether name is one of the SDK's names for an
// anonymous union or struct member (DUMMYUNIONNAME, DUMMYSTRUCTNAME2...).
func anonymousMacro(name string) bool {
	for _, p := range []string{"DUMMYUNIONNAME", "DUMMYSTRUCTNAME"} {
		if rest, ok := strings.CutPrefix(name, p); ok {
			return strings.Trim(rest, "0123456789") == ""
		}
	}
	return false
}

// layoutChecks adds to the package's test file (testFile) every layout fact
// with a Go counterpart, as a constant index into a one-element array, so a
// Go size or offset that differs from C's is a compile error on the
// architecture it is wrong for. Type-checking the package with its tests for
// windows/386, amd64 and arm64 (go vet does; comgen's own check of what it
// generates does for amd64, and for 386 too without tests: see
// testFileLayout) proves the layouts without running anything. The checks sit in a test file so that a user's go build
// does not compile them; the file is built for those three architectures
// only: they are the ones with Windows COM and the ones the numbers are for.
// It reports whether there was a fact to check.
func (g *generator) layoutChecks(f *jen.File) bool {
	var rows []jen.Code
	for _, fact := range g.layoutFacts() {
		if fact.NotInGo != "" {
			rows = append(rows, jen.Comment(fact.C+": not checked: "+fact.NotInGo))
			continue
		}
		if fact.Go == "" {
			continue
		}
		want := jen.Parens(jen.Lit(int(fact.Want386)).Op("*").Id(layoutOn386).Op("+").Lit(int(fact.Want64)).Op("*").Id(layoutOn64))
		row := jen.Id("_").Op("=").Id("x").Index(jen.Int().Call(jen.Op(fact.Go)).Op("-").Add(want))
		if !readsAsC(fact.Go, fact.C) {
			row.Comment(fact.C) // the C names differ from the Go ones
		}
		rows = append(rows, row)
	}
	if len(rows) == 0 {
		return false
	}
	f.Comment(layoutOn64 + " is 1 on the 64-bit targets (amd64, arm64: the LLP64 layout) and 0 on 386;")
	f.Comment(layoutOn386 + " is the opposite. Each check below picks its column with them.")
	f.Const().Defs(
		jen.Id(layoutOn64).Op("=").Int().Call(jen.Qual(pkgUnsafe, "Sizeof").Call(jen.Uintptr().Call(jen.Lit(0)))).Op("/").Lit(8),
		jen.Id(layoutOn386).Op("=").Lit(1).Op("-").Id(layoutOn64),
	)
	f.Comment("The sizes and offsets of the Go types must equal the C layout of the IDL (MSVC's")
	f.Comment("rules; comgen's own tests check the same numbers against mingw-w64's headers with a")
	f.Comment("C compiler). Each line indexes a one-element array with Go's value minus C's, so a")
	f.Comment("difference does not compile (go vet and go test report it): \"index N out of bounds\"")
	f.Comment("or \"must not be negative\" on a line here names the Go size or offset that is not")
	f.Comment("C's (the C fact is in a comment where its names are not the Go ones).")
	f.Func().Id("_").Params().Block(append([]jen.Code{jen.Var().Id("x").Index(jen.Lit(1)).Struct()}, rows...)...)
	return true
}

// readsAsC reports whether a layout check's Go expression names the C
// fact c by itself: unsafe.Sizeof(T{}) is sizeof(T), and
// unsafe.Offsetof(T{}.F) is offsetof(T, F) or offsetof(T, f) (a field
// exported by upper-casing its first letter).
func readsAsC(goExpr, c string) bool {
	if t, ok := strings.CutPrefix(goExpr, "unsafe.Sizeof("); ok {
		t, ok = strings.CutSuffix(t, "{})")
		return ok && c == "sizeof("+t+")"
	}
	t, ok := strings.CutPrefix(goExpr, "unsafe.Offsetof(")
	if !ok {
		return false
	}
	t, field, ok := strings.Cut(strings.TrimSuffix(t, ")"), "{}.")
	if !ok || field == "" {
		return false
	}
	if c == "offsetof("+t+", "+field+")" {
		return true
	}
	r, n := utf8.DecodeRuneInString(field)
	return c == "offsetof("+t+", "+string(unicode.ToLower(r))+field[n:]+")"
}

// The constants the layout checks select each fact's column with.
const (
	layoutOn64  = "layoutOn64"
	layoutOn386 = "layoutOn386"
)
