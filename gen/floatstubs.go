package gen

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/dave/jennifer/jen"
)

// Server methods with float or double parameters (see serverFloatParam):
// on amd64 their vtable entries are small assembly stubs, one per method,
// that copy the XMM registers of the float arguments among the first four
// into the integer registers syscall.NewCallback's callbacks read, then
// jump to the callback. On arm64 the stubs move each float argument from
// its V register into the X register of its position, and the integer
// arguments after it up (see arm64StubFits). A float result is moved from
// the callback's integer result register to XMM0 (amd64) or D0 (arm64) by
// a stub that calls the callback instead of jumping to it. The files:
//
//	floatstubs_windows_amd64.s   the stubs, and functions that return their addresses
//	floatstubs_windows_amd64.go  their declarations, the callbacks they jump to, floatSlot
//	floatstubs_windows_arm64.s   the same for arm64 (the methods arm64StubFits)
//	floatstubs_windows_arm64.go
//	floatstubs_windows_other.go  floatSlot for 386
//
// The names below are the package's own (lower case; the collision check
// reserves them).

const (
	floatStubsBase = "floatstubs"
	floatSlotName  = "floatSlot"
	floatTargets   = "floatTargets"
	floatStubAddrs = "floatStubAddrs"
	floatStubsMu   = "floatStubsMu"
)

// floatStub is one server method with floating-point parameters.
type floatStub struct {
	method string // IFoo::Bar, for the comments
	floats []int  // C positions of its float and double parameters (this is 0)
	ret    bool   // it returns a float or double: in XMM0, from the callback's RAX
	args   int    // the arguments a call passes, this included
	arm64  bool   // it has an arm64 stub
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
	n := len(g.floatStubs)
	if n == 0 {
		return nil, nil
	}
	amd64Go := g.newFile(true)
	// amd64: the stubs' declarations and floatSlot.
	comments(amd64Go, fmt.Sprintf("%s holds the callbacks the stubs of %s_windows_amd64.s jump to, set by %s.", floatTargets, floatStubsBase, floatSlotName))
	amd64Go.Var().Defs(
		jen.Id(floatTargets).Index(jen.Lit(n)).Uintptr(),
		jen.Id(floatStubsMu).Qual("sync", "Mutex"),
	)
	var addrs []jen.Code
	for k, st := range g.floatStubs {
		comments(amd64Go, fmt.Sprintf("%s is the vtable entry of %s on amd64. Windows calls it; Go never does.", floatStubName(k), st.method))
		amd64Go.Func().Id(floatStubName(k)).Params()
		comments(amd64Go, fmt.Sprintf("%s returns the address of %s.", floatStubAddrName(k), floatStubName(k)))
		amd64Go.Func().Id(floatStubAddrName(k)).Params().Uintptr()
		addrs = append(addrs, jen.Id(floatStubAddrName(k)))
	}
	amd64Go.Var().Id(floatStubAddrs).Op("=").Index(jen.Lit(n)).Func().Params().Uintptr().Values(addrs...)
	comments(amd64Go, fmt.Sprintf("%s returns the vtable entry of the server method with float stub k: the stub,\n"+
		"which jumps to fn's callback with the floating-point arguments where fn reads them.\n"+
		"(fn386 and notImpl serve the other targets.)", floatSlotName))
	k, fn := jen.Id("k"), jen.Id("fn")
	amd64Go.Func().Id(floatSlotName).Params(k.Clone().Int(), jen.List(fn.Clone(), jen.Id("fn386"), jen.Id("notImpl")).Any()).Uintptr().Block(
		jen.Id(floatStubsMu).Dot("Lock").Call(),
		jen.Defer().Id(floatStubsMu).Dot("Unlock").Call(),
		jen.If(jen.Id(floatTargets).Index(k.Clone()).Op("==").Lit(0)).Block(
			jen.Id(floatTargets).Index(k.Clone()).Op("=").Qual(pkgSyscall, "NewCallback").Call(fn.Clone())),
		jen.Return(jen.Id(floatStubAddrs).Index(k.Clone()).Call()),
	)

	// 386.
	otherGo := jen.NewFile(g.opt.Package)
	otherGo.HeaderComment(g.header())
	otherGo.HeaderComment("//go:build windows && !amd64 && !arm64")
	comments(otherGo, fmt.Sprintf("%s returns the vtable entry of a server method with floating-point\n"+
		"parameters on 386, where they arrive in stack words: fn386's callback.", floatSlotName))
	otherGo.Func().Id(floatSlotName).Params(jen.Id("_").Int(), jen.List(jen.Id("_"), jen.Id("fn386"), jen.Id("_")).Any()).Uintptr().Block(
		jen.Return(jen.Qual(pkgSyscall, "NewCallback").Call(jen.Id("fn386"))),
	)

	// arm64: stubs for the methods whose arguments all fit in registers.
	arm64Go := g.newFile(true)
	comments(arm64Go, fmt.Sprintf("%s holds the callbacks the stubs of %s_windows_arm64.s jump to, set by %s.", floatTargets, floatStubsBase, floatSlotName))
	arm64Go.Var().Defs(
		jen.Id(floatTargets).Index(jen.Lit(n)).Uintptr(),
		jen.Id(floatStubsMu).Qual("sync", "Mutex"),
	)
	var addrsARM64 []jen.Code
	for k, st := range g.floatStubs {
		if !st.arm64 {
			addrsARM64 = append(addrsARM64, jen.Nil())
			continue
		}
		comments(arm64Go, fmt.Sprintf("%s is the vtable entry of %s on arm64. Windows calls it; Go never does.", floatStubName(k), st.method))
		arm64Go.Func().Id(floatStubName(k)).Params()
		comments(arm64Go, fmt.Sprintf("%s returns the address of %s.", floatStubAddrName(k), floatStubName(k)))
		arm64Go.Func().Id(floatStubAddrName(k)).Params().Uintptr()
		addrsARM64 = append(addrsARM64, jen.Id(floatStubAddrName(k)))
	}
	arm64Go.Var().Id(floatStubAddrs).Op("=").Index(jen.Lit(n)).Func().Params().Uintptr().Values(addrsARM64...)
	comments(arm64Go, fmt.Sprintf("%s returns the vtable entry of the server method with float stub k: the\n"+
		"stub, which moves the floating-point arguments where fn's callback reads them,\n"+
		"or, for a method with no arm64 stub (see its Impl's doc comment), notImpl's.", floatSlotName))
	arm64Go.Func().Id(floatSlotName).Params(k.Clone().Int(), jen.List(fn.Clone(), jen.Id("_"), jen.Id("notImpl")).Any()).Uintptr().Block(
		jen.If(jen.Id(floatStubAddrs).Index(k.Clone()).Op("==").Nil()).Block(
			jen.Return(jen.Qual(pkgSyscall, "NewCallback").Call(jen.Id("notImpl")))),
		jen.Id(floatStubsMu).Dot("Lock").Call(),
		jen.Defer().Id(floatStubsMu).Dot("Unlock").Call(),
		jen.If(jen.Id(floatTargets).Index(k.Clone()).Op("==").Lit(0)).Block(
			jen.Id(floatTargets).Index(k.Clone()).Op("=").Qual(pkgSyscall, "NewCallback").Call(fn.Clone())),
		jen.Return(jen.Id(floatStubAddrs).Index(k.Clone()).Call()),
	)
	if asmARM64 := g.arm64FloatStubs(); asmARM64 != nil {
		asm = append(asm, *asmARM64)
	}
	goFiles = map[string]*jen.File{
		floatStubsBase + "_windows_amd64.go": amd64Go,
		floatStubsBase + "_windows_arm64.go": arm64Go,
		floatStubsBase + "_windows_other.go": otherGo,
	}

	// The stubs.
	var b bytes.Buffer
	fmt.Fprintf(&b, "// %s\n\n", g.header())
	b.WriteString("#include \"textflag.h\"\n")
	for k, st := range g.floatStubs {
		var moves, said []string // the instructions, and what they do
		for _, pos := range st.floats {
			if pos < 4 {
				moves = append(moves, fmt.Sprintf("\tMOVQ %s, %s\n", amd64XMMRegs[pos], amd64IntRegs[pos]))
				said = append(said, fmt.Sprintf("%s to %s", amd64XMMRegs[pos], amd64IntRegs[pos]))
			}
		}
		what := "no float among the first four arguments"
		if len(said) > 0 {
			what = strings.Join(said, ", ")
		}
		if !st.ret {
			fmt.Fprintf(&b, "\n// %s: %s (%s), then the callback in %s[%d].\n", floatStubName(k), st.method, what, floatTargets, k)
		} else {
			fmt.Fprintf(&b, "\n// %s: %s (%s), then a call of the callback in %s[%d] with the\n"+
				"// arguments on the stack copied below, and its result, in AX, to X0.\n", floatStubName(k), st.method, what, floatTargets, k)
		}
		fmt.Fprintf(&b, "TEXT ·%s(SB), NOSPLIT|NOFRAME, $0-0\n", floatStubName(k))
		b.WriteString(strings.Join(moves, ""))
		if !st.ret {
			fmt.Fprintf(&b, "\tMOVQ ·%s+%d(SB), AX\n", floatTargets, 8*k)
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
			fmt.Fprintf(&b, "\tSUBQ $%d, SP\n", frame)
			for j := range stack {
				fmt.Fprintf(&b, "\tMOVQ %d(SP), R10\n\tMOVQ R10, %d(SP)\n", frame+8+32+8*j, 32+8*j)
			}
			fmt.Fprintf(&b, "\tMOVQ ·%s+%d(SB), AX\n", floatTargets, 8*k)
			b.WriteString("\tCALL AX\n\tMOVQ AX, X0\n")
			fmt.Fprintf(&b, "\tADDQ $%d, SP\n\tRET\n", frame)
		}
		fmt.Fprintf(&b, "\nTEXT ·%s(SB), NOSPLIT, $0-8\n", floatStubAddrName(k))
		fmt.Fprintf(&b, "\tMOVQ $·%s(SB), AX\n", floatStubName(k))
		b.WriteString("\tMOVQ AX, ret+0(FP)\n\tRET\n")
	}
	asm = append(asm, File{Name: floatStubsBase + "_windows_amd64.s", Src: b.Bytes()})
	return goFiles, asm
}

// arm64FloatStubs renders floatstubs_windows_arm64.s, or nil when no method
// has an arm64 stub. Argument k of a stub's method is in V(floats before k)
// when it is a float and in X(k - floats before k) otherwise (all fit in
// registers: arm64StubFits); the callback reads it from Xk. The moves go
// from the last position down, so that no X register is overwritten before
// it is read (an integer argument only ever moves up).
func (g *generator) arm64FloatStubs() *File {
	var b bytes.Buffer
	fmt.Fprintf(&b, "// %s\n\n", g.header())
	b.WriteString("#include \"textflag.h\"\n")
	some := false
	for k, st := range g.floatStubs {
		if !st.arm64 {
			continue
		}
		some = true
		isFloat := map[int]bool{}
		for _, pos := range st.floats {
			isFloat[pos] = true
		}
		var moves, said []string
		for pos := st.args - 1; pos > 0; pos-- {
			before := 0 // float arguments before pos
			for q := range pos {
				if isFloat[q] {
					before++
				}
			}
			switch {
			case isFloat[pos]:
				moves = append(moves, fmt.Sprintf("\tFMOVD F%d, R%d\n", before, pos))
				said = append(said, fmt.Sprintf("V%d to X%d", before, pos))
			case before > 0:
				moves = append(moves, fmt.Sprintf("\tMOVD R%d, R%d\n", pos-before, pos))
				said = append(said, fmt.Sprintf("X%d to X%d", pos-before, pos))
			}
		}
		what := "no argument moves"
		if len(said) > 0 {
			what = strings.Join(said, ", ")
		}
		if !st.ret {
			fmt.Fprintf(&b, "\n// %s: %s (%s), then the callback in %s[%d].\n", floatStubName(k), st.method, what, floatTargets, k)
			fmt.Fprintf(&b, "TEXT ·%s(SB), NOSPLIT|NOFRAME, $0-0\n", floatStubName(k))
			b.WriteString(strings.Join(moves, ""))
			fmt.Fprintf(&b, "\tMOVD ·%s+%d(SB), R16\n\tJMP (R16)\n", floatTargets, 8*k)
		} else {
			fmt.Fprintf(&b, "\n// %s: %s (%s), then a call of the callback in %s[%d], in a\n"+
				"// frame that saves the link register, and its result, in X0, to D0.\n", floatStubName(k), st.method, what, floatTargets, k)
			fmt.Fprintf(&b, "TEXT ·%s(SB), NOSPLIT|NOFRAME, $0-0\n", floatStubName(k))
			b.WriteString("\tSTP.W (R29, R30), -16(RSP)\n\tMOVD RSP, R29\n")
			b.WriteString(strings.Join(moves, ""))
			fmt.Fprintf(&b, "\tMOVD ·%s+%d(SB), R16\n\tCALL (R16)\n", floatTargets, 8*k)
			b.WriteString("\tFMOVD R0, F0\n\tLDP.P 16(RSP), (R29, R30)\n\tRET\n")
		}
		fmt.Fprintf(&b, "\nTEXT ·%s(SB), NOSPLIT, $0-8\n", floatStubAddrName(k))
		fmt.Fprintf(&b, "\tMOVD $·%s(SB), R0\n", floatStubName(k))
		b.WriteString("\tMOVD R0, ret+0(FP)\n\tRET\n")
	}
	if !some {
		return nil
	}
	return &File{Name: floatStubsBase + "_windows_arm64.s", Src: b.Bytes()}
}
