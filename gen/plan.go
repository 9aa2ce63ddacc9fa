package gen

import (
	"fmt"

	"github.com/comgen/comgen/idl"
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
// with the classes of the plan's slots, and an assembly trampoline.
//
// Results: an integer or pointer comes back in RAX/X0 (EAX, with EDX for 64
// bits, on 386); a float or double in XMM0 (amd64: Go's syscall path returns
// it as r2), D0/S0 (arm64: comCallARM64) and x87's ST0 (386: comCallX87).
// COM methods return structures through a hidden pointer after this.

//
// Each rule above is applied once, by planCall: a method's callPlan says,
// for every C argument (this and the hidden result pointer included) and
// every target, which register or stack slot each piece of it occupies.
// The client wrappers (methods.go), the server callbacks (server.go) and
// the assembly stubs (floatstubs.go) read that plan and decide nothing
// about the conventions themselves.

// Targets of the generated wrappers; the 64-bit ones share their layout.
const (
	target386   = "386"
	targetAMD64 = "amd64"
	targetARM64 = "arm64"
)

// targets are the generated code's targets, in the order its per-target
// switches list them.
var targets = []string{target386, targetARM64, targetAMD64}

// shape is what an argument is, as far as the conventions care.
type shape int

const (
	shWord    shape = iota // an integer of at most 32 bits, a pointer, a pointer-sized integer: one word
	shWide                 // a 64-bit integer: one word on 64-bit targets, two stack words on 386
	shFloat                // a float
	shDouble               // a double
	shStruct               // a structure or union by value
	shVarargs              // C's "...": words the caller adds after the others, as integers
)

// argShape returns the shape of an argument of C type t.
func argShape(t *idl.TypeRef) shape {
	r := t.Resolve()
	switch {
	case r.Kind == idl.RBasic && isFloat(r):
		if _, size := basicGo(r.Basic); size == 4 {
			return shFloat
		}
		return shDouble
	case isWideInt(r):
		return shWide
	case isStructValue(t):
		return shStruct
	}
	return shWord
}

// passKind is how one target passes a structure by value.
type passKind int

const (
	passWords     passKind = iota // in integer words: 4-byte stack slots on 386, one register on 64-bit targets
	passPair                      // in two consecutive registers (arm64, 9 to 16 bytes)
	passRef                       // as a pointer to a copy the caller owns
	passFloatRegs                 // in floating-point registers (arm64 HFA): through comCallARM64
)

// slot is one piece of an argument on one target: where it travels and
// which bytes of the argument's value it holds.
type slot struct {
	at    byte // 'x' an integer register, 'v' a floating-point register, 's' a stack slot
	n     int  // the register's number (amd64: the argument's position), or the stack slot's
	width int  // bytes of the value it holds: 4 or 8
	off   int  // their offset in the argument's value (a structure's memory image)
	ref   bool // it holds a pointer to a copy of the argument instead
}

// planArg is one C argument of a call and its slots on each target.
type planArg struct {
	shape shape
	// Structures: their sizes, how the 64-bit targets pass them, and, for
	// a homogeneous floating-point aggregate, its members and their size.
	size386, size64 int64
	amd64, arm64    passKind
	hfa, hfaWidth   int
	x86, x64, a64   []slot // 386, amd64 and arm64
	// err says why the argument cannot be passed (a structure by value of
	// unknown size, planned as one word).
	err error
}

// slots returns a's slots on target.
func (a *planArg) slots(target string) []slot {
	switch target {
	case target386:
		return a.x86
	case targetAMD64:
		return a.x64
	}
	return a.a64
}

// most is a structure's largest size over the targets: word arrays of this
// size hold a copy on every one of them.
func (a *planArg) most() int64 { return max(a.size386, a.size64) }

// needs64 reports whether a structure travels as 64-bit words (not only by
// reference) on some 64-bit target.
func (a *planArg) needs64() bool { return a.amd64 != passRef || a.arm64 != passRef }

// callPlan is where every argument of a call of one method travels: args
// are this, the hidden result pointer (for a structure result), then the
// parameters, in C order.
type callPlan struct {
	args []*planArg
	// floatRet is set for a float or double result, which returns in XMM0,
	// D0 and ST(0): no callback can set those.
	floatRet bool
	// hidden is set when args[1] is the hidden result pointer.
	hidden bool
	// noThis is set for a DLL function (a module's): no this pointer
	// comes first.
	noThis bool
	// varargs is set when the last argument is C's "...", which has no
	// slots of its own (see variadicRefused).
	varargs bool
	// stub386 is set when the method's 386 vtable entry is a stub: a
	// callback sets only EAX, and a 64-bit or floating-point result
	// returns in EDX:EAX or ST(0).
	stub386 bool
}

// argIndex returns the index in args of the method's parameter k: after
// this and the hidden result pointer.
func (p *callPlan) argIndex(k int) int {
	switch {
	case p.noThis:
		return k
	case p.hidden:
		return k + 2
	}
	return k + 1
}

// param returns the plan of the method's parameter k.
func (p *callPlan) param(k int) *planArg { return p.args[p.argIndex(k)] }

// planCall applies the conventions above to a call of m. A structure by
// value whose size is unknown is planned as one word, and its err says so.
func planCall(m *idl.MethodInfo) *callPlan {
	p := &callPlan{floatRet: isFloat(m.Ret)}
	p.stub386 = p.floatRet || isInteger(m.Ret) && isWideInt(m.Ret.Resolve())
	if m.Iface == nil {
		// A DLL function: the same conventions without a this pointer
		// (WINAPI is stdcall on 386, which syscall.SyscallN calls as it
		// calls methods; a structure result is not planned for one).
		p.noThis = true
	} else {
		p.args = append(p.args, &planArg{shape: shWord}) // this
	}
	if isStructValue(m.Ret) && !p.noThis {
		p.hidden = true
		p.args = append(p.args, &planArg{shape: shWord})
	}
	for _, prm := range m.Params {
		a := &planArg{shape: shWord}
		switch {
		case isVarargs(prm.Type):
			// Its words are known only at the call: they follow the others,
			// in integer registers and stack slots as integers (for a
			// variadic function Windows passes even floating-point values
			// so, and the 386 caller pops what it pushed: cdecl).
			a.shape = shVarargs
			p.varargs = true
		case prm.Type.Resolve().Kind != idl.RArray: // C arrays are passed as pointers
			a.shape = argShape(prm.Type)
		}
		if a.shape == shStruct {
			if err := a.structSizes(prm); err != nil {
				a.shape, a.err = shWord, err
			}
		}
		p.args = append(p.args, a)
	}
	p.place386()
	p.placeAMD64()
	p.placeARM64()
	return p
}

// structSizes sets a structure argument's sizes and how each target passes it.
func (a *planArg) structSizes(p *idl.ParamInfo) error {
	s := p.Type.Resolve().Decl.(*idl.StructInfo)
	var err1, err2 error
	a.size386, _, err1 = idl.Layout(p.Type, idl.Arch386)
	a.size64, _, err2 = idl.Layout(p.Type, idl.ArchAMD64)
	if err1 != nil || err2 != nil || a.size386 == 0 || a.size64 == 0 {
		return unsupported{fmt.Sprintf("parameter %s passes the struct %s by value, whose size is unknown", p.Name, s.Name)}
	}
	switch a.size64 {
	case 1, 2, 4, 8:
		a.amd64 = passWords
	default:
		a.amd64 = passRef
	}
	n, width := hfaShape(s)
	switch {
	case n > 0:
		a.arm64, a.hfa, a.hfaWidth = passFloatRegs, n, int(width)
	case a.size64 <= 8:
		a.arm64 = passWords
	case a.size64 <= 16:
		a.arm64 = passPair
	default:
		a.arm64 = passRef
	}
	return nil
}

// words386 is the number of 4-byte stack words an argument of shape sh
// (and, for a structure, of size size) takes on 386.
func words386(sh shape, size int64) int {
	switch sh {
	case shWide, shDouble:
		return 2
	case shStruct:
		return int((size + 3) / 4)
	}
	return 1
}

// place386 places every argument on the stack, in 4-byte slots, in order.
func (p *callPlan) place386() {
	n := 0
	for _, a := range p.args {
		if a.shape == shVarargs {
			continue
		}
		for k := range words386(a.shape, a.size386) {
			a.x86 = append(a.x86, slot{at: 's', n: n, width: 4, off: 4 * k})
			n++
		}
	}
}

// placeAMD64 places one 8-byte word per argument, the first four in
// registers (XMM for floating-point values), the rest on the stack;
// structures of other sizes than 1, 2, 4 and 8 bytes by reference.
func (p *callPlan) placeAMD64() {
	for pos, a := range p.args {
		if a.shape == shVarargs {
			continue
		}
		s := slot{at: 'x', n: pos, width: 8}
		switch a.shape {
		case shFloat:
			s.at, s.width = 'v', 4
		case shDouble:
			s.at = 'v'
		case shStruct:
			s.ref = a.amd64 == passRef
		}
		if pos >= 4 {
			s.at, s.n = 's', pos-4
		}
		a.x64 = []slot{s}
	}
}

// placeARM64 places the arguments by AAPCS64: X and V registers counted
// apart (NGRN, NSRN), then the stack (NSAA, in 8-byte slots).
func (p *callPlan) placeARM64() {
	ngrn, nsrn, nsaa := 0, 0, 0
	stack := func(a *planArg, width, off int) {
		a.a64 = append(a.a64, slot{at: 's', n: nsaa, width: width, off: off})
		nsaa++
	}
	for _, a := range p.args {
		switch {
		case a.shape == shVarargs:
		case a.shape == shFloat || a.shape == shDouble:
			width := 8
			if a.shape == shFloat {
				width = 4
			}
			if nsrn < 8 {
				a.a64 = []slot{{at: 'v', n: nsrn, width: width}}
				nsrn++
			} else {
				stack(a, width, 0)
			}
		case a.shape == shStruct && a.arm64 == passFloatRegs:
			// One member per V register when that many are left; otherwise
			// no V register is used from then on and the aggregate goes on
			// the stack as it lies in memory.
			if nsrn+a.hfa <= 8 {
				for k := range a.hfa {
					a.a64 = append(a.a64, slot{at: 'v', n: nsrn + k, width: a.hfaWidth, off: k * a.hfaWidth})
				}
				nsrn += a.hfa
				continue
			}
			nsrn = 8
			for k := range int((a.size64 + 7) / 8) {
				stack(a, 8, 8*k)
			}
		case a.shape == shStruct && a.arm64 == passPair:
			// Two consecutive X registers, never X7 and the stack: when
			// only X7 is left, no X register is used from then on.
			if ngrn+2 <= 8 {
				a.a64 = []slot{{at: 'x', n: ngrn, width: 8}, {at: 'x', n: ngrn + 1, width: 8, off: 8}}
				ngrn += 2
				continue
			}
			ngrn = 8
			stack(a, 8, 0)
			stack(a, 8, 8)
		default: // a word, a 64-bit integer, a structure in one word or by reference
			ref := a.shape == shStruct && a.arm64 == passRef
			if ngrn < 8 {
				a.a64 = []slot{{at: 'x', n: ngrn, width: 8, ref: ref}}
				ngrn++
			} else {
				a.a64 = []slot{{at: 's', n: nsaa, width: 8, ref: ref}}
				nsaa++
			}
		}
	}
}

// perTarget reports whether the targets pass the arguments or the result
// differently beyond a 64-bit value's two words on 386: a structure by
// value, a floating-point argument or result.
func (p *callPlan) perTarget() bool {
	for _, a := range p.args {
		if a.shape == shStruct || a.shape == shFloat || a.shape == shDouble {
			return true
		}
	}
	return p.floatRet
}

// wide reports whether some argument takes two words on 386.
func (p *callPlan) wide() bool {
	for _, a := range p.args {
		if a.shape == shWide || a.shape == shDouble {
			return true
		}
	}
	return false
}

// variadicRefused says why a call with variable arguments cannot be made
// as the plan's words followed by them, or "": where an argument before them
// or the result travels other than in integer words (Windows passes even the
// fixed floating-point arguments of a variadic arm64 function in integer
// registers, which the plan does not model).
func (p *callPlan) variadicRefused() string {
	if !p.varargs {
		return ""
	}
	for _, a := range p.args {
		if a.shape != shWord && a.shape != shVarargs {
			return "it takes variable arguments after a floating-point, 64-bit or structure argument"
		}
	}
	if p.floatRet || p.stub386 || p.hidden {
		return "it takes variable arguments and returns a floating-point, 64-bit or structure value"
	}
	return ""
}

// floatRegs reports whether some argument travels in a floating-point
// register on target (amd64: XMM0-XMM3; arm64: V0-V7).
func (p *callPlan) floatRegs(target string) bool {
	for _, a := range p.args {
		for _, s := range a.slots(target) {
			if s.at == 'v' {
				return true
			}
		}
	}
	return false
}

// stackSlots is the number of stack slots the arguments take on target.
func (p *callPlan) stackSlots(target string) int {
	n := 0
	for _, a := range p.args {
		for _, s := range a.slots(target) {
			if s.at == 's' {
				n++
			}
		}
	}
	return n
}

// words386 is the number of 4-byte stack words the arguments take on 386,
// this included: what a stdcall callee pops.
func (p *callPlan) words386() int { return p.stackSlots(target386) }

// floatFrameStack is the size of floatFrame.stack in the runtime
// (templates/floatcall_windows.go.tmpl): the most stack words a call through
// comCallARM64 or comCallX87 can pass.
const floatFrameStack = 64

// floatCall reports whether a client call on target goes through the
// runtime's floating-point trampolines: on arm64 when something travels in
// a V register or the result comes back in D0, on 386 for a result in ST(0).
func (p *callPlan) floatCall(target string) bool {
	switch target {
	case targetARM64:
		return p.floatRet || p.floatRegs(targetARM64)
	case target386:
		return p.floatRet
	}
	return false
}

// refused says why a client call cannot be made on target, or "".
func (p *callPlan) refused(target string) string {
	if !p.floatCall(target) {
		return ""
	}
	if n := p.stackSlots(target); n > floatFrameStack {
		return fmt.Sprintf("its arguments take %d stack words, more than the %d of a floating-point call", n, floatFrameStack)
	}
	return ""
}

// word is one word a call passes: slot s of argument arg, or, where pad is
// set, a word nothing travels in.
type word struct {
	arg int
	s   slot
	pad bool
}

// callWords lists the words a direct call on target passes, in the order
// syscall.SyscallN (and a callback) takes them: the integer registers, then
// the stack slots. On arm64 an X register left unused before the stack
// (X7, when a pair does not fit) is a pad. A call with floating-point
// registers on arm64 goes through comCallARM64 instead (see classWords).
func (p *callPlan) callWords(target string) []word {
	var out []word
	for k, a := range p.args {
		for _, s := range a.slots(target) {
			if target == targetARM64 {
				at := s.n
				if s.at == 's' {
					at = 8 + s.n
				}
				for len(out) < at {
					out = append(out, word{pad: true})
				}
			}
			out = append(out, word{arg: k, s: s})
		}
	}
	return out
}

// classWords lists the words of a call through comCallARM64 in argument
// order, and the class of each ('x', 'v' or 's'), which its trampoline
// places in the next register of that class or the next stack slot.
func (p *callPlan) classWords() (classes string, words []word) {
	var b []byte
	for k, a := range p.args {
		for _, s := range a.a64 {
			b = append(b, s.at)
			words = append(words, word{arg: k, s: s})
		}
	}
	return string(b), words
}

// Server callbacks. syscall.NewCallback's callbacks read their arguments as
// words: the integer registers, then the stack. Where arguments travel
// elsewhere (XMM on amd64, V registers on arm64) or the result must
// (XMM0, D0, ST(0), or EDX:EAX on 386), the method's vtable entry is an
// assembly stub (floatstubs.go) that the plan describes too.

// amd64Stub reports whether the method's amd64 vtable entry is a stub:
// floating-point arguments among the first four, which travel in XMM
// registers, or a floating-point result.
func (p *callPlan) amd64Stub() bool { return p.floatRet || p.floatRegs(targetAMD64) }

// arm64Stub reports whether the method's arm64 vtable entry is a stub:
// something travels in a V register, or the result must leave in D0.
func (p *callPlan) arm64Stub() bool { return p.floatRet || p.floatRegs(targetARM64) }

// xmmMoves are the amd64 argument positions (1 to 3) whose value an amd64
// stub copies from an XMM register to the integer register a callback reads.
func (p *callPlan) xmmMoves() []int {
	var out []int
	for pos, a := range p.args {
		if len(a.x64) == 1 && a.x64[0].at == 'v' {
			out = append(out, pos)
		}
	}
	return out
}

// cbArg is how one argument arrives among a server callback's words on
// one target: words of them, after pad words the callback skips.
type cbArg struct {
	pad, words int
	ref        bool // the words are a pointer to a copy
}

// callback lays out the words of a method's callback on target: on 386 and
// amd64 the call's own words; on arm64 without a stub the same as a direct
// call (callWords, pads included), and with a stub each argument's words
// one after the other, a floating-point aggregate's as its memory image.
func (p *callPlan) callback(target string) []cbArg {
	out := make([]cbArg, len(p.args))
	if target == targetARM64 && p.arm64Stub() {
		for k, a := range p.args {
			out[k] = cbArg{words: len(a.a64), ref: len(a.a64) == 1 && a.a64[0].ref}
			if a.shape == shStruct && a.arm64 == passFloatRegs {
				out[k].words = int((a.size64 + 7) / 8)
			}
		}
		return out
	}
	pads := 0
	for _, w := range p.callWords(target) {
		if w.pad {
			pads++
			continue
		}
		c := &out[w.arg]
		if c.words == 0 {
			c.pad, pads = pads, 0
		}
		c.words++
		c.ref = w.s.ref
	}
	return out
}

// arm64Move is one step of an arm64 stub: the value the caller put in an
// X register, a V register or a stack slot, stored at byte offset to of
// the words the stub hands the callback.
type arm64Move struct {
	from  byte // 'x', 'v' or 's' (a stack slot, 8 bytes)
	reg   int  // the register's number, or the stack slot's
	width int  // bytes: 4 or 8 for 'v', 8 otherwise
	to    int
}

// arm64Call is what an arm64 stub does for one method: it stores each
// argument where the callback reads it (words 0-7 in X0-X7, the rest in
// stack slots, as syscall.NewCallback's callbacks read any arguments) from
// where AAPCS64 put it.
type arm64Call struct {
	moves []arm64Move
	words int // the callback's words, this included
}

// arm64Moves lays out the arm64 stub of the plan: each argument's slots
// stored at their offsets within the argument's callback words.
func (p *callPlan) arm64Moves() *arm64Call {
	c := &arm64Call{}
	cb := p.callback(targetARM64)
	for k, a := range p.args {
		for _, s := range a.a64 {
			width := 8
			if s.at == 'v' {
				width = s.width
			}
			c.moves = append(c.moves, arm64Move{from: s.at, reg: s.n, width: width, to: 8*c.words + s.off})
		}
		c.words += cb[k].words
	}
	return c
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
