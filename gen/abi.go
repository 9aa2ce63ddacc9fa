package gen

import (
	"fmt"

	"github.com/comgen/comgen/idl"
	"github.com/dave/jennifer/jen"
)

// How Windows passes arguments, per target, as far as the generated wrappers
// rely on it. syscall.SyscallN takes a list of machine words and places them
// as the target's C calling convention places integer arguments; everything
// below is about which words to give it.
//
// windows/386 (stdcall, MSVC): every argument is pushed on the stack in
// 4-byte slots, right to left; a 64-bit integer or double takes two slots
// (low word first); a structure by value is copied onto the stack whole,
// rounded up to 4 bytes. The callee pops the arguments.
//
// windows/amd64 (the x64 convention): the first four arguments go in RCX,
// RDX, R8, R9 (or XMM0-XMM3 for floating-point ones), the rest in 8-byte
// stack slots. Go's syscall path loads the first four words into both the
// integer and the XMM registers, so a float's bits passed as a word arrive
// where the callee looks. A structure of 1, 2, 4 or 8 bytes is passed as
// that integer; any other size is passed as a pointer to a copy the caller
// owns (the callee may change the copy).
//
// windows/arm64 (AAPCS64): integer arguments go in X0-X7, then 8-byte stack
// slots; floating-point arguments go in V0-V7, which syscall.SyscallN never
// loads, so wrappers refuse them on arm64 (E_NOTIMPL) instead of passing
// garbage. A composite of at most 16 bytes goes in one or two consecutive X
// registers; when two are needed and only X7 is left, X7 stays unused and
// the composite goes on the stack. Larger composites are passed as a
// pointer to a copy. A homogeneous floating-point aggregate (one to four
// members, all float or all double) goes in V registers: refused as well.

// Targets of the generated wrappers; the 64-bit ones share their layout.
const (
	target386   = "386"
	targetAMD64 = "amd64"
	targetARM64 = "arm64"
)

// passKind is how one target passes a structure by value.
type passKind int

const (
	passWords     passKind = iota // in integer words: 4-byte stack slots on 386, one register on 64-bit targets
	passPair                      // in two consecutive registers (arm64, 9 to 16 bytes)
	passRef                       // as a pointer to a copy the caller owns
	passFloatRegs                 // in floating-point registers (arm64 HFA): not possible through syscall
)

// structPass is the one classification of a structure passed by value that
// the client wrappers and the Go COM object callbacks both read.
type structPass struct {
	st              *idl.StructInfo
	goType          *jen.Statement
	size386, size64 int64
	amd64, arm64    passKind
}

// most is the structure's largest size over the targets: word arrays of this
// size hold a copy on every one of them.
func (sp *structPass) most() int64 { return max(sp.size386, sp.size64) }

// classifyStruct classifies the structure p passes by value, following the
// rules at the top of this file.
func (g *generator) classifyStruct(p *idl.ParamInfo) (*structPass, error) {
	s := p.Type.Resolve().Decl.(*idl.StructInfo)
	if err := g.structError(s); err != nil && !wellKnownEntity(s) { // VARIANT, GUID...: the runtime's types
		return nil, unsupported{fmt.Sprintf("parameter %s passes the struct %s by value, which has no Go layout (%v)", p.Name, s.Name, err)}
	}
	sp := &structPass{st: s}
	var err1, err2 error
	sp.size386, _, err1 = idl.Layout(p.Type, idl.Arch386)
	sp.size64, _, err2 = idl.Layout(p.Type, idl.ArchAMD64)
	if err1 != nil || err2 != nil || sp.size386 == 0 || sp.size64 == 0 {
		return nil, unsupported{fmt.Sprintf("parameter %s passes the struct %s by value, whose size is unknown", p.Name, s.Name)}
	}
	gt, err := g.goType(p.Type)
	if err != nil {
		return nil, err
	}
	sp.goType = gt
	switch sp.size64 {
	case 1, 2, 4, 8:
		sp.amd64 = passWords
	default:
		sp.amd64 = passRef
	}
	switch {
	case isHFA(s):
		sp.arm64 = passFloatRegs
	case sp.size64 <= 8:
		sp.arm64 = passWords
	case sp.size64 <= 16:
		sp.arm64 = passPair
	default:
		sp.arm64 = passRef
	}
	return sp, nil
}

// structArg lowers an [in] structure (or union) passed by value: it declares
// word arrays holding a copy of it (large enough on every target) and gives
// each target the words its convention passes.
func (g *generator) structArg(l *lowering, p *idl.ParamInfo, n string) error {
	sp, err := g.classifyStruct(p)
	if err != nil {
		return err
	}
	gt := sp.goType
	l.params = append(l.params, jen.Id(n).Add(gt.Clone()))
	w32, w64 := "_"+n+"32", "_"+n+"64"
	a := arg{words: map[string][]jen.Code{}, refuse: map[string]string{}}
	// The copies: a Go value of the struct's type stored at the start of a
	// word array at least as large (and as aligned) on every target.
	copyInto := func(arr string, words int64, elem *jen.Statement) {
		l.pre = append(l.pre,
			jen.Var().Id(arr).Index(jen.Lit(int(words))).Add(elem),
			jen.Op("*").Parens(jen.Op("*").Add(gt.Clone())).Call(jen.Qual(pkgUnsafe, "Pointer").Call(jen.Op("&").Id(arr))).Op("=").Id(n))
	}
	copyInto(w32, (sp.most()+3)/4, jen.Uint32())
	for k := int64(0); k < (sp.size386+3)/4; k++ {
		a.words[target386] = append(a.words[target386], jen.Uintptr().Call(jen.Id(w32).Index(jen.Lit(int(k)))))
	}
	word64 := func(k int) jen.Code { return jen.Uintptr().Call(jen.Id(w64).Index(jen.Lit(k))) }
	byRef := []jen.Code{ptrArg(jen.Op("&").Id(n))}
	need64 := false
	for _, t := range []struct {
		name string
		kind passKind
	}{{targetAMD64, sp.amd64}, {targetARM64, sp.arm64}} {
		switch t.kind {
		case passWords:
			a.words[t.name] = []jen.Code{word64(0)}
			need64 = true
		case passPair:
			a.words[t.name] = []jen.Code{word64(0), word64(1)}
			a.pair = true
			need64 = true
		case passRef:
			a.words[t.name] = byRef
		case passFloatRegs:
			a.refuse[t.name] = fmt.Sprintf("parameter %s passes the floating-point structure %s, which %s passes in floating-point registers", p.Name, sp.st.Name, t.name)
		}
	}
	if need64 {
		copyInto(w64, (sp.most()+7)/8, jen.Uint64())
	}
	l.args = append(l.args, a)
	return nil
}

// isHFA reports whether s is a homogeneous floating-point aggregate: one to
// four members in all, every one a float or every one a double (nested
// structures and arrays counted by their members).
func isHFA(s *idl.StructInfo) bool {
	if s.Union || s.SwitchType != nil {
		return false
	}
	var kind string
	n := 0
	var walk func(t *idl.TypeRef) bool
	walk = func(t *idl.TypeRef) bool {
		r := t.Resolve()
		switch {
		case r.Kind == idl.RBasic && isFloat(r):
			_, size := basicGo(r.Basic)
			k := fmt.Sprint(size)
			if kind != "" && kind != k {
				return false
			}
			kind = k
			n++
			return n <= 4
		case r.Kind == idl.RArray && r.Len > 0:
			for range r.Len {
				if !walk(r.Elem) {
					return false
				}
			}
			return true
		case r.Kind == idl.RNamed:
			if inner, ok := r.Decl.(*idl.StructInfo); ok && !inner.Union && inner.SwitchType == nil {
				for _, f := range inner.Fields {
					if !walk(f.Type) {
						return false
					}
				}
				return true
			}
		}
		return false
	}
	for _, f := range s.Fields {
		if !walk(f.Type) {
			return false
		}
	}
	return n > 0
}

// targetArgs returns the words of args for one target: wide (64-bit) values
// split in two on 386, structures as the target passes them, with arm64's
// rule that a two-register composite never starts in X7. first is the
// number of words before args (the this pointer).
func targetArgs(target string, args []arg, first int) []jen.Code {
	var out []jen.Code
	for _, a := range args {
		switch {
		case a.words != nil:
			ws := a.words[target]
			if target == targetARM64 && a.pair && first+len(out) == 7 {
				out = append(out, jen.Uintptr().Call(jen.Lit(0))) // X7 stays unused
			}
			out = append(out, ws...)
		case a.wide == nil:
			out = append(out, a.code)
		case target == target386:
			out = append(out, jen.Uintptr().Call(jen.Uint32().Call(a.wide)), jen.Uintptr().Call(jen.Parens(a.wide).Op(">>").Lit(32)))
		default:
			out = append(out, jen.Uintptr().Call(a.wide))
		}
	}
	return out
}

// refused returns why args cannot be passed on target ("" when they can).
func refused(target string, args []arg) string {
	for _, a := range args {
		if why := a.refuse[target]; why != "" {
			return why
		}
	}
	return ""
}

// perTarget reports whether args need more than the 64-bit/386 split.
func perTarget(args []arg) bool {
	for _, a := range args {
		if a.words != nil || len(a.refuse) > 0 {
			return true
		}
	}
	return false
}
