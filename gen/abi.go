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
// windows/arm64 (AAPCS64, which Windows follows for non-variadic calls):
// integer arguments go in X0-X7 and floating-point ones in V0-V7 (a float in
// the low 32 bits, S), each class counted apart (NGRN, NSRN); an argument
// whose class has no register left goes in the next 8-byte stack slot, in
// argument order. A composite of at most 16 bytes goes in one or two
// consecutive X registers; when two are needed and only X7 is left, no X
// register is used from then on (NGRN = 8) and the composite goes on the
// stack. Larger composites are passed as a pointer to a copy. A homogeneous
// floating-point aggregate (HFA: one to four members, all float or all
// double) goes one member per V register when that many are left; otherwise
// no V register is used from then on (NSRN = 8) and the aggregate is copied
// to the stack as it lies in memory. syscall.SyscallN loads X registers and
// stack slots only, so a call with anything in V registers, or a
// floating-point result (D0/S0), goes through the runtime's comCallARM64
// with a plan arm64Plan computes here, and an assembly trampoline.
//
// Results: an integer or pointer comes back in RAX/X0 (EAX, with EDX for 64
// bits, on 386); a float or double in XMM0 (amd64: Go's syscall path returns
// it as r2), D0/S0 (arm64: comCallARM64) and x87's ST0 (386: comCallX87).
// COM methods return structures through a hidden pointer after this.

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
	passFloatRegs                 // in floating-point registers (arm64 HFA): through comCallARM64
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
			// One member per V register (arm64Plan), or the copy's words
			// on the stack when too few are left.
			n, size := hfaShape(sp.st)
			for k := range n {
				if size == 4 {
					a.fp = append(a.fp, jen.Uintptr().Call(jen.Id(w32).Index(jen.Lit(k))))
				} else {
					a.fp = append(a.fp, word64(k))
				}
			}
			a.words[t.name] = nil
			for k := range (sp.size64 + 7) / 8 {
				a.words[t.name] = append(a.words[t.name], word64(int(k)))
			}
			need64 = true
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
	n, _ := hfaShape(s)
	return n > 0
}

// hfaShape returns the number of members of s and their size (4 or 8) when
// s is a homogeneous floating-point aggregate, and 0 otherwise. The members
// lie one after the other from offset 0 (floats and doubles need no padding
// among their own kind).
func hfaShape(s *idl.StructInfo) (n int, size int64) {
	if s.Union || s.SwitchType != nil {
		return 0, 0
	}
	var walk func(t *idl.TypeRef) bool
	walk = func(t *idl.TypeRef) bool {
		r := t.Resolve()
		switch {
		case r.Kind == idl.RBasic && isFloat(r):
			_, sz := basicGo(r.Basic)
			if size != 0 && size != int64(sz) {
				return false
			}
			size = int64(sz)
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
			return 0, 0
		}
	}
	return n, size
}

// arm64Plan places this (X0) and args by the rules above for comCallARM64:
// the plan (a byte per word: 'x' the next X register, 'v' the next V
// register, 's' the next stack slot) and the words in order.
func arm64Plan(this jen.Code, args []arg) (plan string, words []jen.Code, err error) {
	b := []byte{'x'}
	words = []jen.Code{this}
	ngrn, nsrn, stack := 1, 0, 0
	put := func(class byte, ws ...jen.Code) {
		for _, w := range ws {
			b = append(b, class)
			words = append(words, w)
			if class == 's' {
				stack++
			}
		}
	}
	for _, a := range args {
		switch {
		case a.fp != nil:
			if nsrn+len(a.fp) <= 8 {
				put('v', a.fp...)
				nsrn += len(a.fp)
				continue
			}
			nsrn = 8
			if ws := a.words[targetARM64]; ws != nil {
				put('s', ws...) // an HFA, as it lies in memory
			} else {
				put('s', a.fp...)
			}
		case a.words != nil:
			ws := a.words[targetARM64]
			if ngrn+len(ws) <= 8 {
				put('x', ws...)
				ngrn += len(ws)
				continue
			}
			ngrn = 8
			put('s', ws...)
		default:
			w := a.code
			if a.wide != nil {
				w = jen.Uintptr().Call(a.wide)
			}
			if ngrn < 8 {
				put('x', w)
				ngrn++
			} else {
				put('s', w)
			}
		}
	}
	if stack > floatFrameStack {
		return "", nil, fmt.Errorf("its arguments take %d stack words, more than the %d of a floating-point call", stack, floatFrameStack)
	}
	return string(b), words, nil
}

// floatFrameStack is the size of floatFrame.stack in the runtime
// (templates/floatcall_windows.go.tmpl): the most stack words a call through
// comCallARM64 or comCallX87 can pass.
const floatFrameStack = 64

// needsFloatCall reports whether args need comCallARM64 on arm64 (something
// goes in a V register).
func needsFloatCall(args []arg) bool {
	for _, a := range args {
		if a.fp != nil {
			return true
		}
	}
	return false
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
		if a.words != nil || a.fp != nil || len(a.refuse) > 0 {
			return true
		}
	}
	return false
}

// arm64In is how a group of a server callback's words arrives on arm64, by
// the rules above: in gp X registers (an integer, a pointer, a structure in
// one word or a pair), in fp V registers (a float or double, or an HFA's
// members, each of width bytes), or not at all (pad: a word the callback
// skips). words is the number of callback words it fills: an HFA fills the
// words of its memory image.
type arm64In struct {
	gp, fp int
	width  int
	words  int
	pad    bool
}

// arm64Move is one step of an arm64 float stub: the value the caller put in
// an X register, a V register or a stack slot, stored at byte offset to of
// the words the stub hands the callback.
type arm64Move struct {
	from  byte // 'x', 'v' or 's' (a stack slot, 8 bytes)
	reg   int  // the register's number, or the stack slot's
	width int  // bytes: 4 or 8 for 'v', 8 otherwise
	to    int
}

// arm64Call is what an arm64 float stub does for one method: it stores each
// argument where the callback reads it (words 0-7 in X0-X7, the rest in
// stack slots, as syscall.NewCallback's callbacks read any arguments) from
// where AAPCS64 put it.
type arm64Call struct {
	moves []arm64Move
	words int // the callback's words, this included
}

// arm64Moves places this (X0) and the groups in, in order, by AAPCS64, and
// says where each piece goes among the callback's words.
func arm64Moves(in []arm64In) *arm64Call {
	c := &arm64Call{moves: []arm64Move{{from: 'x', reg: 0, width: 8, to: 0}}, words: 1}
	ngrn, nsrn, nsaa := 1, 0, 0
	stack := func(n int) {
		for k := range n {
			c.moves = append(c.moves, arm64Move{from: 's', reg: nsaa, width: 8, to: 8 * (c.words + k)})
			nsaa++
		}
	}
	for _, a := range in {
		switch {
		case a.pad:
		case a.fp > 0 && nsrn+a.fp <= 8:
			for k := range a.fp {
				c.moves = append(c.moves, arm64Move{from: 'v', reg: nsrn + k, width: a.width, to: 8*c.words + k*a.width})
			}
			nsrn += a.fp
		case a.fp > 0:
			nsrn = 8
			stack(a.words) // an HFA as it lies in memory, a float in a slot of its own
		case ngrn+a.gp <= 8:
			for k := range a.gp {
				c.moves = append(c.moves, arm64Move{from: 'x', reg: ngrn + k, width: 8, to: 8 * (c.words + k)})
			}
			ngrn += a.gp
		default:
			ngrn = 8
			stack(a.gp)
		}
		c.words += a.words
	}
	return c
}
