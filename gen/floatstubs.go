package gen

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/dave/jennifer/jen"
)

// Server methods with float or double parameters or results (see
// serverFloatParam), or, on arm64, structures of floats by value: their
// vtable entries are small assembly stubs, one per method and target. On
// amd64 a stub copies the XMM registers of the float arguments among the
// first four into the integer registers syscall.NewCallback's callbacks
// read, then jumps to the callback. On arm64, where floats travel in V
// registers counted apart from the X ones, a stub stores every argument
// from where AAPCS64 put it into the words the callback reads (X0-X7, then
// the stack), then calls it (see arm64Moves). A float result is moved from
// the callback's integer result register to XMM0 (amd64) or D0 (arm64) by
// a stub that calls the callback instead of jumping to it. On 386, where a
// callback sets only EAX, a method with a 64-bit or floating-point result
// has a stub that calls the callback with a pointer to a slot for the
// result and loads it into EDX:EAX or ST(0) (see x86FloatStubs). The files:
//
//	floatstubs_windows_amd64.s   the stubs, and functions that return their addresses
//	floatstubs_windows_amd64.go  their declarations, the callbacks they jump to, floatSlot
//	floatstubs_windows_arm64.s   the same for arm64
//	floatstubs_windows_arm64.go
//	floatstubs_windows_386.s     the same for 386 (64-bit and floating-point results)
//	floatstubs_windows_386.go

// The names the stub files declare, the package's own (lower case; the
// collision check reserves them).
const (
	floatStubsBase = "floatstubs"
	floatSlotName  = "floatSlot"
	floatTargets   = "floatTargets"
	floatStubAddrs = "floatStubAddrs"
	floatStubsMu   = "floatStubsMu"
)

// floatStub is one server method with floating-point parameters or results,
// or structures of floats by value.
type floatStub struct {
	method string     // IFoo::Bar, for the comments
	xmm    []int      // amd64 positions (1 to 3) of arguments in XMM registers (the plan's xmmMoves)
	ret    bool       // it returns a float or double: in XMM0 or D0, from the callback's RAX or X0
	args   int        // the arguments a call passes, this included
	amd64  bool       // it has an amd64 stub (a structure of floats alone needs none)
	arm64  *arm64Call // its arm64 stub, if it needs one
	x86    *x86Call   // its 386 stub, if it needs one (a 64-bit or floating-point result)
}

// amd64 integer registers of argument positions 1 to 3, and the XMM
// registers of the same positions (position 0 is this, never a float).
var (
	amd64IntRegs = [4]string{"CX", "DX", "R8", "R9"}
	amd64XMMRegs = [4]string{"X0", "X1", "X2", "X3"}
)

func floatStubName(k int) string     { return fmt.Sprintf("floatStub%d", k) }
func floatStubAddrName(k int) string { return fmt.Sprintf("floatStub%dAddr", k) }

// floatStubNames are the package-level names the float stub files declare
// for n stubs.
func floatStubNames(n int) []string {
	names := []string{floatSlotName, floatTargets, floatStubAddrs, floatStubsMu}
	for k := range n {
		names = append(names, floatStubName(k), floatStubAddrName(k))
	}
	return names
}

// floatStubFiles renders the files, or nothing when no server method has
// floating-point parameters or results.
func (g *generator) floatStubFiles() (goFiles map[string]*jen.File, asm []File) {
	if len(g.floatStubs) == 0 {
		return nil, nil
	}
	goFiles = map[string]*jen.File{
		floatStubsBase + "_windows_amd64.go": g.floatStubGo("amd64", "fn", func(st floatStub) bool { return st.amd64 },
			"the stub, which jumps to fn's callback with the floating-point arguments where\nfn reads them"),
		floatStubsBase + "_windows_arm64.go": g.floatStubGo("arm64", "fnARM64", func(st floatStub) bool { return st.arm64 != nil },
			"the stub, which hands fnARM64's callback the arguments where it reads them"),
		floatStubsBase + "_windows_386.go": g.floatStubGo("386", "fn386", func(st floatStub) bool { return st.x86 != nil },
			"the stub, which calls fn386's callback with a pointer to a slot for the result\nand returns it from there in EDX:EAX or ST(0)"),
	}
	// Sorted by name, as Generate returns its files.
	return goFiles, []File{g.amd64FloatStubs(), g.x86FloatStubs(), g.arm64FloatStubs()}
}

// stubAsm starts an assembly file of stubs.
func (g *generator) stubAsm() *bytes.Buffer {
	var b bytes.Buffer
	fmt.Fprintf(&b, "%s\n\n", g.header())
	b.WriteString("#include \"textflag.h\"\n")
	return &b
}

// stubAddr renders floatStubKAddr, which returns the address of stub k, in
// the target's assembly: mov and reg move a pointer of size bytes.
func stubAddr(b *bytes.Buffer, k int, mov, reg string, size int) {
	fmt.Fprintf(b, "\nTEXT ·%s(SB), NOSPLIT, $0-%d\n", floatStubAddrName(k), size)
	fmt.Fprintf(b, "\t%s $·%s(SB), %s\n", mov, floatStubName(k), reg)
	fmt.Fprintf(b, "\t%s %s, ret+0(FP)\n\tRET\n", mov, reg)
}

// amd64FloatStubs renders floatstubs_windows_amd64.s: for each method with
// an amd64 stub, the moves of its XMM arguments and the jump to (or, for a
// float result, the call of) its callback.
func (g *generator) amd64FloatStubs() File {
	b := g.stubAsm()
	for k, st := range g.floatStubs {
		if !st.amd64 {
			continue
		}
		var moves, said []string // the instructions, and what they do
		for _, pos := range st.xmm {
			moves = append(moves, fmt.Sprintf("\tMOVQ %s, %s\n", amd64XMMRegs[pos], amd64IntRegs[pos]))
			said = append(said, fmt.Sprintf("%s to %s", amd64XMMRegs[pos], amd64IntRegs[pos]))
		}
		what := "no float among the first four arguments"
		if len(said) > 0 {
			what = strings.Join(said, ", ")
		}
		if !st.ret {
			fmt.Fprintf(b, "\n// %s: %s (%s), then the callback in %s[%d].\n", floatStubName(k), st.method, what, floatTargets, k)
		} else {
			fmt.Fprintf(b, "\n// %s: %s (%s), then a call of the callback in %s[%d] with the\n"+
				"// arguments on the stack copied below, and its result, in AX, to X0.\n", floatStubName(k), st.method, what, floatTargets, k)
		}
		fmt.Fprintf(b, "TEXT ·%s(SB), NOSPLIT|NOFRAME, $0-0\n", floatStubName(k))
		b.WriteString(strings.Join(moves, ""))
		if !st.ret {
			fmt.Fprintf(b, "\tMOVQ ·%s+%d(SB), AX\n", floatTargets, 8*k)
			b.WriteString("\tJMP AX\n")
		} else {
			// A frame for the call: the callee's 32-byte home area, then the
			// stack arguments (the 5th on), copied from the caller's frame
			// above the return address and home area; its size keeps SP
			// 16-byte aligned at the CALL (it is 8 mod 16 on entry).
			stack := max(st.args-4, 0)
			frame := 32 + 8*stack
			if frame%16 == 0 {
				frame += 8
			}
			fmt.Fprintf(b, "\tSUBQ $%d, SP\n", frame)
			for j := range stack {
				fmt.Fprintf(b, "\tMOVQ %d(SP), R10\n\tMOVQ R10, %d(SP)\n", frame+8+32+8*j, 32+8*j)
			}
			fmt.Fprintf(b, "\tMOVQ ·%s+%d(SB), AX\n", floatTargets, 8*k)
			b.WriteString("\tCALL AX\n\tMOVQ AX, X0\n")
			fmt.Fprintf(b, "\tADDQ $%d, SP\n\tRET\n", frame)
		}
		stubAddr(b, k, "MOVQ", "AX", 8)
	}
	return File{Name: floatStubsBase + "_windows_amd64.s", Src: b.Bytes()}
}

// floatStubGo renders floatstubs_windows_<arch>.go: the declarations of the
// stubs of arch's assembly file (the methods has selects), floatTargets, and
// floatSlot, which returns the vtable entry of the server method with float
// stub k: what slotDoc says, or the callback cb itself where arch needs no
// stub for the method.
func (g *generator) floatStubGo(arch, cb string, has func(floatStub) bool, slotDoc string) *jen.File {
	n := len(g.floatStubs)
	f := g.newFile(true)
	comments(f, fmt.Sprintf("%s holds the callbacks the stubs of %s_windows_%s.s call, set by %s.", floatTargets, floatStubsBase, arch, floatSlotName))
	f.Var().Defs(
		jen.Id(floatTargets).Index(jen.Lit(n)).Uintptr(),
		jen.Id(floatStubsMu).Qual("sync", "Mutex"),
	)
	var addrs []jen.Code
	for k, st := range g.floatStubs {
		if !has(st) {
			addrs = append(addrs, jen.Nil())
			continue
		}
		comments(f, fmt.Sprintf("%s is the vtable entry of %s on %s. Windows calls it; Go never does.", floatStubName(k), st.method, arch))
		f.Func().Id(floatStubName(k)).Params()
		comments(f, fmt.Sprintf("%s returns the address of %s.", floatStubAddrName(k), floatStubName(k)))
		f.Func().Id(floatStubAddrName(k)).Params().Uintptr()
		addrs = append(addrs, jen.Id(floatStubAddrName(k)))
	}
	f.Var().Id(floatStubAddrs).Op("=").Index(jen.Lit(n)).Func().Params().Uintptr().Values(addrs...)
	comments(f, fmt.Sprintf("%s returns the vtable entry on %s of the server method with float stub k:\n%s;\nor %s's callback itself where the method needs no stub here.", floatSlotName, arch, slotDoc, cb))
	var params []jen.Code
	for _, p := range []string{"fn", "fn386", "fnARM64"} {
		if p != cb {
			p = "_"
		}
		params = append(params, jen.Id(p))
	}
	k, fn := jen.Id("k"), jen.Id(cb)
	f.Func().Id(floatSlotName).Params(k.Clone().Int(), jen.List(params...).Any()).Uintptr().Block(
		jen.If(jen.Id(floatStubAddrs).Index(k.Clone()).Op("==").Nil()).Block(
			jen.Return(jen.Qual(pkgSyscall, "NewCallback").Call(fn.Clone()))),
		jen.Id(floatStubsMu).Dot("Lock").Call(),
		jen.Defer().Id(floatStubsMu).Dot("Unlock").Call(),
		jen.If(jen.Id(floatTargets).Index(k.Clone()).Op("==").Lit(0)).Block(
			jen.Id(floatTargets).Index(k.Clone()).Op("=").Qual(pkgSyscall, "NewCallback").Call(fn.Clone())),
		jen.Return(jen.Id(floatStubAddrs).Index(k.Clone()).Call()),
	)
	return f
}

// x86Call is what a 386 stub does for a method whose result a callback
// cannot return: the callee pops words stack words (this included), and the
// result is a 64-bit integer ('w', EDX:EAX), a float ('f') or a double ('d'),
// both in ST(0).
type x86Call struct {
	words  int
	result byte
}

// x86FloatStubs renders floatstubs_windows_386.s. On entry the stack holds
// the return address and the method's words (stdcall: the callee pops
// them). A stub makes room for the result's 8-byte slot and a copy of the
// words with the slot's address after this (the callback's res386), calls
// the callback (a stdcall function too: it pops its words), loads the
// result from the slot into EDX:EAX or ST(0), and returns, popping the
// method's words.
func (g *generator) x86FloatStubs() File {
	b := g.stubAsm()
	for k, st := range g.floatStubs {
		c := st.x86
		if c == nil {
			continue
		}
		out := 4 * (c.words + 1) // the callback's words
		frame := out + 8         // and the slot above them
		result := map[byte]string{'w': "EDX:EAX", 'f': "ST(0), a float", 'd': "ST(0), a double"}[c.result]
		fmt.Fprintf(b, "\n// %s: %s, %d words: a call of the callback in %s[%d] with the\n"+
			"// address of the result's slot after this, and the result, in %s.\n", floatStubName(k), st.method, c.words, floatTargets, k, result)
		fmt.Fprintf(b, "TEXT ·%s(SB), NOSPLIT|NOFRAME, $0-0\n", floatStubName(k))
		fmt.Fprintf(b, "\tSUBL $%d, SP\n", frame)
		fmt.Fprintf(b, "\tMOVL %d(SP), AX\n\tMOVL AX, 0(SP)\n", frame+4) // this
		fmt.Fprintf(b, "\tLEAL %d(SP), AX\n\tMOVL AX, 4(SP)\n", out)     // the slot
		for j := 1; j < c.words; j++ {
			fmt.Fprintf(b, "\tMOVL %d(SP), AX\n\tMOVL AX, %d(SP)\n", frame+4+4*j, 4+4*j)
		}
		fmt.Fprintf(b, "\tMOVL ·%s+%d(SB), AX\n\tCALL AX\n", floatTargets, 4*k)
		switch c.result { // the callback popped its words: the slot is at 0(SP)
		case 'w':
			b.WriteString("\tMOVL 0(SP), AX\n\tMOVL 4(SP), DX\n")
		case 'f':
			b.WriteString("\tFMOVF 0(SP), F0\n")
		case 'd':
			b.WriteString("\tFMOVD 0(SP), F0\n")
		}
		// The return address moves above the method's words, which RET
		// then leaves behind (as the runtime's callbacks return), so that
		// every CALL still has its RET.
		fmt.Fprintf(b, "\tADDL $8, SP\n\tPOPL CX\n\tADDL $%d, SP\n\tPUSHL CX\n\tRET\n", 4*c.words)
		stubAddr(b, k, "MOVL", "AX", 4)
	}
	return File{Name: floatStubsBase + "_windows_386.s", Src: b.Bytes()}
}

// arm64FloatStubs renders floatstubs_windows_arm64.s. Each stub saves the
// frame pointer and link register, makes room for the callback's words
// (eight at least) and for D8-D15, stores each argument there from where
// the caller put it (arm64Moves), loads words 0-7 into X0-X7, leaves the
// rest at the stack pointer, where the callback reads its stack arguments,
// and calls it; its result comes back in X0 (and goes to D0 for a float or
// double result). The stub changes no callee-saved register but X29/X30,
// which it restores: the callback's address is loaded through R16 (a load
// of a global straight into a register goes through the assembler's R27),
// and D8-D15 are saved around the call, as Go's callbacks do not keep them.
func (g *generator) arm64FloatStubs() File {
	b := g.stubAsm()
	for k, st := range g.floatStubs {
		c := st.arm64
		if c == nil {
			continue
		}
		// Below the saved X29/X30 (at X29): D8-D15 (64 bytes), then the
		// callback's words from SP.
		words := 8 * max(c.words, 8)
		words += words % 16
		frame := words + 64
		var stores []string
		for _, m := range c.moves {
			switch m.from {
			case 'x':
				stores = append(stores, fmt.Sprintf("\tMOVD R%d, %d(RSP)\n", m.reg, m.to))
			case 'v':
				op := "FMOVD"
				if m.width == 4 {
					op = "FMOVS"
				}
				stores = append(stores, fmt.Sprintf("\t%s F%d, %d(RSP)\n", op, m.reg, m.to))
			case 's': // the caller's stack slots, above the saved X29/X30
				stores = append(stores, fmt.Sprintf("\tMOVD %d(R29), R17\n\tMOVD R17, %d(RSP)\n", 16+8*m.reg, m.to))
			}
		}
		result := ""
		if st.ret {
			result = ", and its result, in X0, to D0"
		}
		fmt.Fprintf(b, "\n// %s: %s, %d words: a call of the callback in %s[%d]%s.\n", floatStubName(k), st.method, c.words, floatTargets, k, result)
		fmt.Fprintf(b, "TEXT ·%s(SB), NOSPLIT|NOFRAME, $0-0\n", floatStubName(k))
		fmt.Fprintf(b, "\tSTP.W (R29, R30), -16(RSP)\n\tMOVD RSP, R29\n\tSUB $%d, RSP\n", frame)
		b.WriteString("\tFSTPD (F8, F9), -64(R29)\n\tFSTPD (F10, F11), -48(R29)\n\tFSTPD (F12, F13), -32(R29)\n\tFSTPD (F14, F15), -16(R29)\n")
		b.WriteString(strings.Join(stores, ""))
		b.WriteString("\tLDP 0(RSP), (R0, R1)\n\tLDP 16(RSP), (R2, R3)\n\tLDP 32(RSP), (R4, R5)\n\tLDP 48(RSP), (R6, R7)\n")
		b.WriteString("\tADD $64, RSP\n")
		fmt.Fprintf(b, "\tMOVD $·%s+%d(SB), R16\n\tMOVD (R16), R16\n\tCALL (R16)\n", floatTargets, 8*k)
		if st.ret {
			b.WriteString("\tFMOVD R0, F0\n")
		}
		b.WriteString("\tFLDPD -64(R29), (F8, F9)\n\tFLDPD -48(R29), (F10, F11)\n\tFLDPD -32(R29), (F12, F13)\n\tFLDPD -16(R29), (F14, F15)\n")
		b.WriteString("\tMOVD R29, RSP\n\tLDP.P 16(RSP), (R29, R30)\n\tRET\n")
		stubAddr(b, k, "MOVD", "R0", 8)
	}
	return File{Name: floatStubsBase + "_windows_arm64.s", Src: b.Bytes()}
}
