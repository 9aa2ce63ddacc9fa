package gen

import (
	"fmt"

	"github.com/comgen/comgen/idl"
	"github.com/dave/jennifer/jen"
)

// LayoutFact is one number of the C layout the generated package must match:
// a size, a field offset, a vtable slot offset or an enumerator's value, on
// windows/386 and on 64-bit Windows (amd64 and arm64 share the LLP64 layout).
// The values come from the IDL and MSVC's layout rules (idl.Layout); the
// generated layout_test.go checks the Go types against them and the
// generator's tests check them against a C compiler and real headers.
type LayoutFact struct {
	C        string // the C expression: sizeof(STATSTG), offsetof(IStreamVtbl, Read), WBEM_E_NOT_FOUND
	Go       string // the Go expression, or "" for facts with no Go counterpart
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
				C:       fmt.Sprintf("offsetof(%s, %s)", vt, m.Name),
				Go:      fmt.Sprintf("unsafe.Offsetof(%s{}.%s)", vt, exported(m.Name)),
				Want386: 4 * int64(m.Slot), Want64: 8 * int64(m.Slot), TypeName: x.Name})
		}
	case *idl.StructInfo:
		if x.Name == "" || x.Incomplete || g.structError(x) != nil || wellKnownEntity(x) {
			return nil
		}
		facts = g.structFacts(x)
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
	facts := []LayoutFact{{C: fmt.Sprintf("sizeof(%s)", s.Name), Go: fmt.Sprintf("unsafe.Sizeof(%s{})", name),
		Want386: sz386, Want64: sz64, TypeName: s.Name}}
	if s.Union || s.SwitchType != nil {
		return facts // a union is an opaque area in Go: only its size is comparable
	}
	for i, f := range s.Fields {
		if f.Name == "" {
			continue
		}
		facts = append(facts, LayoutFact{
			C:       fmt.Sprintf("offsetof(%s, %s)", s.Name, f.Name),
			Go:      fmt.Sprintf("unsafe.Offsetof(%s{}.%s)", name, exported(f.Name)),
			Want386: off386[i], Want64: off64[i], TypeName: s.Name})
	}
	return facts
}

// layoutTestFile renders layout_test.go: the Go side of the layout facts,
// checked with unsafe.Sizeof/Offsetof on whatever GOARCH runs the test.
func (g *generator) layoutTestFile() *jen.File {
	f := jen.NewFile(g.opt.Package)
	f.HeaderComment(g.header())
	var rows []jen.Code
	for _, fact := range g.layoutFacts() {
		if fact.Go == "" {
			continue
		}
		rows = append(rows, jen.Values(jen.Lit(fact.C), jen.Op(fact.Go), jen.Lit(int(fact.Want386)), jen.Lit(int(fact.Want64))))
	}
	if len(rows) == 0 {
		return nil
	}
	f.Comment("TestLayout checks the sizes and offsets of the Go types against the C layout")
	f.Comment("of the IDL (MSVC's rules; the generator's tests check the same numbers against")
	f.Comment("mingw-w64's headers with a C compiler). It runs on the GOARCH of the test binary:")
	f.Comment("386 and the 64-bit targets each have their column.")
	f.Func().Id("TestLayout").Params(jen.Id("t").Op("*").Qual("testing", "T")).Block(
		jen.Id("is64").Op(":=").Qual(pkgUnsafe, "Sizeof").Call(jen.Uintptr().Call(jen.Lit(0))).Op("==").Lit(8),
		jen.For(jen.List(jen.Id("_"), jen.Id("c")).Op(":=").Range().Index().Struct(
			jen.Id("c").String(),
			jen.Id("got").Uintptr(),
			jen.List(jen.Id("want386"), jen.Id("want64")).Uintptr(),
		).Custom(jen.Options{Open: "{", Close: "}", Separator: ",", Multi: true}, rows...)).Block(
			jen.Id("want").Op(":=").Id("c").Dot("want386"),
			jen.If(jen.Id("is64")).Block(jen.Id("want").Op("=").Id("c").Dot("want64")),
			jen.If(jen.Id("c").Dot("got").Op("!=").Id("want")).Block(
				jen.Id("t").Dot("Errorf").Call(jen.Lit("%s = %d in Go, %d in C"), jen.Id("c").Dot("c"), jen.Id("c").Dot("got"), jen.Id("want")),
			),
		),
	)
	return f
}
