package gen

import (
	"fmt"
	"strings"

	"github.com/comgen/comgen/idl"
	"github.com/dave/jennifer/jen"
)

// methodsFile renders the vtable-calling wrappers (windows only).
func (g *generator) methodsFile(ents []idl.Entity) *jen.File {
	f := g.newFile(true)
	for _, e := range ents {
		switch x := e.(type) {
		case *idl.IfaceInfo:
			for _, m := range x.Methods {
				g.genMethod(f, x, nil, m)
			}
		case *idl.ClassInfo:
			g.genConstructor(f, x)
		case *idl.ModuleInfo:
			g.genModule(f, x)
		case *idl.StructInfo:
			g.genFreeStrings(f, x)
		}
	}
	return f
}

// usesFloatCalls reports whether a client wrapper among ents calls through
// the runtime's floating-point trampolines (comCallARM64, comCallX87) on a
// target: what the plan says of the methods that have a wrapper.
func (g *generator) usesFloatCalls(ents []idl.Entity) bool {
	for _, e := range ents {
		var ms []*idl.MethodInfo
		switch x := e.(type) {
		case *idl.IfaceInfo:
			ms = x.Methods
		case *idl.ModuleInfo:
			ms = x.Funcs
		}
		for _, m := range ms {
			plan := g.method(m).plan
			if !plan.floatCall(targetARM64) && !plan.floatCall(target386) || !g.hasWrapper(m) {
				continue
			}
			for _, t := range []string{targetARM64, target386} {
				if plan.floatCall(t) && plan.refused(t) == "" {
					return true
				}
			}
		}
	}
	return false
}

// hasWrapper reports whether genMethod gives m a wrapper: its parameters
// lower, and its result has a Go type.
func (g *generator) hasWrapper(m *idl.MethodInfo) bool {
	if _, err := g.lower(m); err != nil {
		return false
	}
	switch g.method(m).ret {
	case rHRESULT, rVoid:
		return true
	}
	_, err := g.goType(m.Ret)
	return err == nil
}

// lowering is a method's Go signature and call, built parameter by parameter
// (the mkwinsyscall model: each parameter contributes its fragments).
type lowering struct {
	params  []jen.Code // Go parameters
	results []jen.Code // Go named results before hr/err
	pre     []jen.Code // statements before the call
	args    []arg      // syscall arguments after the this pointer
	post    []jen.Code // statements after the call
	afterHR []jen.Code // statements after hr and err are set (methods returning HRESULT)
	// varargs names the ...uintptr parameter of C's variable arguments,
	// whose words the call appends to the plan's; keepAlive are the locals
	// such a call must keep alive until it returns.
	varargs   string
	keepAlive []string
	// errOnly is set for a method that does not return an HRESULT: when
	// an argument cannot be converted (a string with a NUL...), its wrapper
	// returns that as an err result of its own, without calling; checks
	// is set when some argument has such a check.
	errOnly, checks bool
}

// arg is one argument's value as the client wrapper passes it: one word
// (code), a 64-bit value (wide, a uint64 expression), or a structure's
// copies (st). Where its words travel is the plan's (plan.go).
type arg struct {
	code jen.Code
	wide jen.Code
	st   *structCopy
}

// structCopy names the copies of a structure passed by value: word arrays
// of 4 and 8 bytes, as large as the structure on every target, and the Go
// value, whose address a target that passes it by reference takes.
type structCopy struct{ value, w32, w64 string }

// word renders the word that slot s of a carries on target.
func (a arg) word(target string, s slot) jen.Code {
	switch {
	case s.ref:
		return ptrArg(jen.Op("&").Id(a.st.value))
	case a.st != nil && (target == target386 || s.width == 4):
		return jen.Uintptr().Call(jen.Id(a.st.w32).Index(jen.Lit(s.off / 4)))
	case a.st != nil:
		return jen.Uintptr().Call(jen.Id(a.st.w64).Index(jen.Lit(s.off / 8)))
	case a.wide != nil && target == target386 && s.off == 0:
		return jen.Uintptr().Call(jen.Uint32().Call(a.wide))
	case a.wide != nil && target == target386:
		return jen.Uintptr().Call(jen.Parens(a.wide).Op(">>").Lit(32))
	case a.wide != nil:
		return jen.Uintptr().Call(a.wide)
	}
	return a.code
}

type unsupported struct{ why string }

func (u unsupported) Error() string { return u.why }

// genMethod renders the wrapper of method m of interface i, or, with i nil,
// of function m of module mod (a DLL entry point: no this pointer).
func (g *generator) genMethod(f *jen.File, i *idl.IfaceInfo, mod *idl.ModuleInfo, m *idl.MethodInfo) {
	name := methodName(m)
	var recv, what string
	if i != nil {
		recv = goIdent(i.Name)
		what = fmt.Sprintf("%s.%s (slot %d)", recv, name, m.Slot)
	} else {
		name = goIdent(m.Name)
		what = fmt.Sprintf("%s (%s)", name, mod.DLL)
	}
	l, err := g.lower(m)
	if err != nil {
		if i == nil {
			f.Commentf("%s has no Go wrapper: %v.", what, err)
		} else {
			f.Commentf("%s has no Go wrapper: %v. To call it, pass (*(**%s)(unsafe.Pointer(v))).%s and v to syscall.SyscallN.",
				what, err, vtblName(i.Name), name)
		}
		f.Line()
		return
	}
	gm := g.method(m)
	if i == nil && gm.ret == rStruct {
		f.Commentf("%s has no Go wrapper: it returns a structure by value.", what)
		f.Line()
		return
	}
	retHR, retVoid, retStruct := gm.ret == rHRESULT, gm.ret == rVoid, gm.ret == rStruct
	retFloat, retWide := gm.ret == rFloat, gm.ret == rWide
	results := append([]jen.Code{}, l.results...)
	var retType *jen.Statement
	switch gm.ret {
	case rHRESULT:
		results = append(results, jen.Id("hr").Add(g.rt(rtHRESULT)), jen.Id("err").Error())
	case rVoid:
	case rStruct:
		// COM methods return structures through a hidden pointer after this
		// (MSVC's C++ ABI; widl's C headers declare it as __ret).
		rt, err := g.goType(m.Ret)
		if err != nil {
			f.Commentf("%s has no Go wrapper: %v.", what, err)
			f.Line()
			return
		}
		results = append(results, jen.Id("ret").Add(rt))
		l.args = append([]arg{{code: ptrArg(jen.Op("&").Id("ret"))}}, l.args...)
	default:
		rt, err := g.goType(m.Ret)
		if err != nil || gm.ret == rOther { // rOther: an interface by value, say (widl takes IA N();)
			f.Commentf("%s has no Go wrapper: its return type %s cannot be read from a syscall.", what, typeString(m.Ret))
			f.Line()
			return
		}
		retType = rt
		if isNamed(m.Ret, "VARIANT_BOOL") {
			retType = jen.Bool() // convertRet: VARIANT_TRUE is -1
		}
		results = append(results, jen.Id("ret").Add(retType.Clone()))
	}
	if l.checks && !retHR {
		results = append(results, jen.Id("err").Error())
	}
	// Results that need more than r1: a floating-point value (see plan.go:
	// XMM0 on amd64 is Go's r2; arm64's D0 and 386's ST0 are read by the
	// trampoline of comCallARM64 and comCallX87), and a 64-bit integer
	// (EDX:EAX on 386).
	single := false // a float, not a double
	if retFloat {
		sz, _, _ := idl.Layout(m.Ret, idl.ArchAMD64)
		single = sz == 4
	}
	fn := func() jen.Code { return jen.Id("v").Dot("vtable").Call().Dot(exported(m.Name)) }
	this := func() jen.Code { return jen.Uintptr().Call(jen.Qual(pkgUnsafe, "Pointer").Call(jen.Id("v"))) }
	// Where the arguments travel is the plan's; all are this and l.args.
	plan := gm.plan
	all := append([]arg{{code: this()}}, l.args...)
	if i == nil {
		fn = func() jen.Code { return jen.Id(procVarName(m)).Dot("Addr").Call() }
		all = l.args
	}
	words := func(target string, ws []word) []jen.Code {
		var out []jen.Code
		for _, w := range ws {
			if w.pad {
				out = append(out, jen.Uintptr().Call(jen.Lit(0))) // a register left unused
				continue
			}
			out = append(out, all[w.arg].word(target, w.s))
		}
		return out
	}
	why := plan.refused
	// Documentation: the IDL's comment, the slot, and how results come back.
	var docs []string
	if d := doc(name, m.Doc); d != "" {
		docs = append(docs, d, "")
	}
	if i != nil {
		docs = append(docs, fmt.Sprintf("%s calls %s::%s, vtable slot %d.", name, i.Name, m.Name, m.Slot))
	} else {
		docs = append(docs, fmt.Sprintf("%s calls %s, exported by %s, which is loaded from the Windows system directory on the first call; the call panics when the DLL or the export is missing there, as x/sys/windows's functions do.",
			name, exportName(m), mod.DLL))
	}
	for _, p := range gm.params {
		if d := sizeDoc(p, gm.params); d != "" {
			docs = append(docs, d)
		}
		if i == nil {
			continue
		}
		if d := retainDoc(i, m, p); d != "" {
			docs = append(docs, d)
		}
	}
	docs = append(docs, g.untypedDocs(gm)...)
	if l.varargs != "" {
		docs = append(docs, fmt.Sprintf("The variable arguments (%s) are passed after the others as integer words, as C passes integers and pointers to a variadic function; a pointer among them must point to memory that stays put during the call.", l.varargs))
	}
	// How hr and err divide the HRESULT is said once, in the package doc.
	if !retHR && l.checks {
		docs = append(docs, "err is set, and the method not called, when an argument cannot be passed (a string containing NUL, slices of different lengths for one count).")
	}
	for _, t := range targets {
		if w := why(t); w != "" {
			if retHR {
				docs = append(docs, fmt.Sprintf("On %s it returns E_NOTIMPL without calling: %s.", t, w))
			} else {
				docs = append(docs, fmt.Sprintf("On %s it panics without calling: %s.", t, w))
			}
		}
	}
	comments(f, strings.Join(docs, "\n"))
	body := append([]jen.Code{}, l.pre...)
	// setFloat sets ret from a result register's bits.
	setFloat := func(bits jen.Code) jen.Code {
		v := jen.Qual(pkgMath, "Float64frombits").Call(jen.Uint64().Call(bits))
		if single {
			v = jen.Qual(pkgMath, "Float32frombits").Call(jen.Uint32().Call(bits))
		}
		return jen.Id("ret").Op("=").Add(retType.Clone()).Call(v)
	}
	// call is the statements that call the method on target and set r1
	// (and r2), or ret for a floating-point result.
	call := func(target string) []jen.Code {
		switch {
		case plan.floatCall(target) && target == targetARM64:
			classes, ws := plan.classWords()
			c := g.rt(rtComCallARM64).Call(append([]jen.Code{fn(), jen.Lit(classes)}, words(target, ws)...)...)
			switch {
			case retFloat:
				return []jen.Code{jen.List(jen.Id("_"), jen.Id("f0")).Op(":=").Add(c), setFloat(jen.Id("f0"))}
			case retVoid || retStruct:
				return []jen.Code{c}
			}
			return []jen.Code{jen.List(jen.Id("r1"), jen.Id("_")).Op("=").Add(c)}
		case plan.floatCall(target) && target == target386:
			c := g.rt(rtComCallX87).Call(append([]jen.Code{fn()}, words(target, plan.callWords(target))...)...)
			return []jen.Code{jen.List(jen.Id("_"), jen.Id("_"), jen.Id("f0")).Op(":=").Add(c),
				jen.Id("ret").Op("=").Add(retType.Clone()).Call(jen.Id("f0"))}
		}
		args := append([]jen.Code{fn()}, words(target, plan.callWords(target))...)
		if l.varargs != "" {
			// Through the variadic comCall, the fixed words and then the
			// caller's: comCall(fn, append([]uintptr{this, ...}, args...)...).
			list := jen.Append(jen.Index().Uintptr().Values(args[1:]...), jen.Id(l.varargs).Op("..."))
			var c []jen.Code
			cc := g.rt(rtComCall)
			if retVoid {
				c = append(c, cc.Call(args[0], list.Op("...")))
			} else {
				c = append(c, jen.List(jen.Id("r1"), jen.Id("_")).Op("=").Add(cc).Call(args[0], list.Op("...")))
			}
			for _, v := range l.keepAlive {
				c = append(c, jen.Qual(pkgRuntime, "KeepAlive").Call(jen.Id(v)))
			}
			return c
		}
		// Through the runtime's comCall, whose //go:uintptrescapes keeps the
		// memory the arguments point to off the goroutine's stack; one of a
		// fixed arity where there is one, which allocates nothing itself.
		cc := g.rt(comCallName(len(args) - 1))
		switch {
		case retVoid || retStruct:
			return []jen.Code{cc.Call(args...)}
		case retFloat:
			return []jen.Code{jen.List(jen.Id("_"), jen.Id("r2")).Op(":=").Add(cc).Call(args...), setFloat(jen.Id("r2"))}
		case retWide:
			return []jen.Code{jen.List(jen.Id("r1"), jen.Id("r2")).Op("=").Add(cc).Call(args...)}
		}
		return []jen.Code{jen.List(jen.Id("r1"), jen.Id("_")).Op("=").Add(cc).Call(args...)}
	}
	// refuse is the body of a target that cannot pass the arguments.
	refuse := func(target string) jen.Code {
		if retHR {
			return jen.Block(jen.Id("hr").Op("=").Add(g.rt(rtENotImpl)), jen.Id("err").Op("=").Id("hr"), jen.Return())
		}
		return jen.Panic(jen.Lit(fmt.Sprintf("%s is not supported on %s: %s", strings.TrimPrefix(recv+"."+name, "."), target, why(target))))
	}
	switch {
	case retWide:
		body = append(body, jen.Var().List(jen.Id("r1"), jen.Id("r2")).Uintptr())
	case !retVoid && !retStruct && !retFloat:
		body = append(body, jen.Var().Id("r1").Uintptr())
	}
	switch {
	case plan.perTarget():
		// The targets pass structures by value and floating-point values
		// differently; runtime.GOARCH is a constant, so only one case is compiled in.
		var cases []jen.Code
		for _, t := range targets {
			c := jen.Case(jen.Lit(t))
			if t == targetAMD64 {
				c = jen.Default()
			}
			if why(t) != "" {
				cases = append(cases, c.Add(refuse(t)))
			} else {
				cases = append(cases, c.Block(call(t)...))
			}
		}
		body = append(body, jen.Switch(jen.Qual(pkgRuntime, "GOARCH")).Block(cases...))
	case plan.wide():
		// 64-bit values take one register on 64-bit targets and two stack words on 386.
		body = append(body, jen.If(jen.Qual(pkgUnsafe, "Sizeof").Call(jen.Uintptr().Call(jen.Lit(0))).Op("==").Lit(8)).
			Block(call(targetAMD64)...).Else().Block(call(target386)...))
	default:
		body = append(body, call(targetAMD64)...)
	}
	body = append(body, l.post...)
	switch {
	case retHR:
		body = append(body, jen.Id("hr").Op("=").Add(g.rt(rtHRESULTFromSyscall)).Call(jen.Id("r1")),
			jen.Id("err").Op("=").Id("hr").Dot("Err").Call())
		body = append(body, l.afterHR...)
		body = append(body, jen.Return())
	case retVoid || retStruct:
		body = append(body, jen.Return())
	case retFloat:
		body = append(body, jen.Return())
	case retWide:
		body = append(body,
			jen.If(jen.Qual(pkgUnsafe, "Sizeof").Call(jen.Uintptr().Call(jen.Lit(0))).Op("==").Lit(4)).Block(
				jen.Id("ret").Op("=").Add(retType.Clone()).Call(jen.Uint64().Call(jen.Id("r1")).Op("|").Uint64().Call(jen.Id("r2")).Op("<<").Lit(32)),
			).Else().Block(jen.Id("ret").Op("=").Add(retType.Clone()).Call(jen.Id("r1"))),
			jen.Return())
	default:
		body = append(body, jen.Id("ret").Op("=").Add(g.convertRet(retType, m.Ret)), jen.Return())
	}
	if i == nil {
		f.Func().Id(name).Params(l.params...).Params(results...).Block(body...)
		return
	}
	f.Func().Params(jen.Id("v").Op("*").Id(recv)).Id(name).Params(l.params...).Params(results...).Block(body...)
}

// convertRet converts the raw r1 to the declared return type.
func (g *generator) convertRet(rt *jen.Statement, t *idl.TypeRef) jen.Code {
	r := t.Resolve()
	if isNamed(t, "VARIANT_BOOL") {
		return jen.Int16().Call(jen.Id("r1")).Op("!=").Lit(0)
	}
	if r.Kind == idl.RPointer && handleType(t) == nil { // a handle is an integer
		// The result points to memory COM owns, never the Go heap; reading the
		// register's word as a pointer (rather than converting the uintptr)
		// says so, and keeps go vet's unsafeptr check quiet.
		word := jen.Op("*").Parens(jen.Op("*").Qual(pkgUnsafe, "Pointer")).Call(jen.Qual(pkgUnsafe, "Pointer").Call(jen.Op("&").Id("r1")))
		if g.pointee(r) == nil && r.Elem.Kind != idl.RFunc {
			return word // void* and opaque pointers are unsafe.Pointer (typedefs are Go aliases)
		}
		return jen.Parens(rt.Clone()).Call(word)
	}
	return rt.Clone().Call(jen.Id("r1"))
}

// failWith is the early-return used by parameter conversions: the HRESULT
// code as hr and err, or as err alone in a method that does not return an
// HRESULT (see lowering.errOnly).
func (g *generator) failWith(l *lowering, code string) jen.Code {
	l.checks = true
	if l.errOnly {
		return jen.Block(jen.Id("err").Op("=").Add(g.rt(code)), jen.Return())
	}
	return jen.Block(jen.Id("hr").Op("=").Add(g.rt(code)), jen.Id("err").Op("=").Id("hr"), jen.Return())
}

// lower builds the Go signature and call of m: one case per parameter kind
// (see model.go).
func (g *generator) lower(m *idl.MethodInfo) (*lowering, error) {
	gm := g.method(m)
	l := &lowering{errOnly: gm.ret != rHRESULT}
	for k, p := range gm.params {
		n := p.name
		var err error
		switch p.kind {
		case pUnsupported:
			return nil, unsupported{p.why}
		case pCount:
			// The count comes from the first slice; the others must have the same length.
			var gt *jen.Statement
			if gt, err = g.goType(p.Type); err == nil {
				first := g.countCheck(l, gm, p, p.Type)
				if gm.plan.param(k).shape == shWide { // two words on 386
					l.args = append(l.args, arg{wide: jen.Uint64().Call(jen.Len(jen.Id(first)))})
				} else {
					l.args = append(l.args, arg{code: jen.Uintptr().Call(gt.Call(jen.Len(jen.Id(first))))})
				}
			}
		case pInOutCount:
			// The count the callee reads is the slices' length; an [in, out]
			// count comes back as a result (the elements the callee filled).
			var gt *jen.Statement
			if gt, err = g.goType(p.Type.Resolve().Elem); err == nil {
				first := g.countCheck(l, gm, p, p.Type.Resolve().Elem)
				v := n
				if p.Dir == idl.InOut {
					l.results = append(l.results, jen.Id(n).Add(gt.Clone()))
					l.pre = append(l.pre, jen.Id(n).Op("=").Add(gt).Call(jen.Len(jen.Id(first))))
				} else {
					v = "_" + n
					l.pre = append(l.pre, jen.Id(v).Op(":=").Add(gt).Call(jen.Len(jen.Id(first))))
				}
				l.args = append(l.args, arg{code: ptrArg(jen.Op("&").Id(v))})
			}
		case pCalleeCount:
			// The count of an array the callee allocates: the result slice's length.
			var gt *jen.Statement
			if gt, err = g.goType(p.Type.Resolve().Elem); err == nil {
				l.pre = append(l.pre, jen.Var().Id("_"+n).Add(gt))
				l.args = append(l.args, arg{code: ptrArg(jen.Op("&").Id("_" + n))})
			}
		case pOutCalleeArray:
			err = g.calleeArray(l, gm, p)
		case pFixedPtr:
			var at *jen.Statement
			if at, err = g.outArrayType(p); err == nil {
				l.params = append(l.params, jen.Id(n).Op("*").Add(at))
				l.args = append(l.args, arg{code: ptrArg(jen.Id(n))})
			}
		case pString, pOptString, pBSTR, pOptBSTR:
			g.stringIn(l, p)
		case pSlice:
			err = g.sliceParam(l, p.Type.Resolve(), n)
		case pWord, pWide, pFloat, pFuncPtr, pPointer, pStructValue:
			err = g.lowerIn(l, p, gm.plan.param(k))
		case pBool:
			// VARIANT_TRUE is -1, VARIANT_FALSE 0 (a C short).
			l.params = append(l.params, jen.Id(n).Bool())
			l.pre = append(l.pre, jen.Var().Id("_"+n).Int16(), jen.If(jen.Id(n)).Block(jen.Id("_"+n).Op("=").Lit(-1)))
			l.args = append(l.args, arg{code: jen.Uintptr().Call(jen.Id("_" + n))})
		case pStrings:
			// Each string converted, in an array of pointers the callee reads.
			v, ix := "_"+n, "_"+n+"Ref"
			l.params = append(l.params, jen.Id(n).Index().String())
			l.pre = append(l.pre,
				jen.Id(v).Op(":=").Make(jen.Index().Op("*").Uint16(), jen.Len(jen.Id(n))),
				jen.For(jen.Id(ix).Op(":=").Range().Id(n)).Block(
					jen.If(jen.List(jen.Id(v).Index(jen.Id(ix)), jen.Id("err")).Op("=").Add(g.rt(rtUTF16Ptr)).Call(jen.Id(n).Index(jen.Id(ix))), jen.Id("err").Op("!=").Nil()).Add(g.failWith(l, rtEInvalidArg))))
			l.args = append(l.args, arg{code: ptrArg(jen.Qual(pkgUnsafe, "SliceData").Call(jen.Id(v)))})
		case pOutBool:
			v := "_" + n
			l.results = append(l.results, jen.Id(n).Bool())
			l.pre = append(l.pre, jen.Var().Id(v).Int16())
			l.args = append(l.args, arg{code: ptrArg(jen.Op("&").Id(v))})
			l.post = append(l.post, jen.Id(n).Op("=").Id(v).Op("!=").Lit(0))
		case pOptOut:
			// The caller's variable, or nil for NULL.
			var elem *jen.Statement
			if elem, err = g.goType(p.Type.Resolve().Elem); err == nil && isExcepInfo(p.Type.Resolve().Elem) {
				// An EXCEPINFO the wrapper reads into the caller's
				// *DispatchException (its BSTRs freed); with
				// DISP_E_EXCEPTION it is the error too.
				v, ex := "_"+n, "_"+n+"Ref"
				l.params = append(l.params, jen.Id(n).Op("*").Add(g.rt(rtDispatchException)))
				l.pre = append(l.pre, jen.Var().Id(v).Op("*").Add(elem), jen.Var().Id(ex).Op("*").Add(g.rt(rtDispatchException)),
					jen.If(jen.Id(n).Op("!=").Nil()).Block(jen.Id(v).Op("=").New(elem.Clone())))
				l.args = append(l.args, arg{code: ptrArg(jen.Id(v))})
				l.post = append(l.post, jen.If(jen.Id(v).Op("!=").Nil()).Block(
					jen.Id(ex).Op("=").Add(g.rt(rtTakeExcepInfo)).Call(jen.Qual(pkgUnsafe, "Pointer").Call(jen.Id(v))),
					jen.If(jen.Id(ex).Op("!=").Nil()).Block(jen.Op("*").Id(n).Op("=").Op("*").Id(ex))))
				l.afterHR = append(l.afterHR, jen.If(jen.Id(ex).Op("!=").Nil().Op("&&").Id("hr").Op("==").Add(g.rt(rtDispEException))).Block(
					jen.Id("err").Op("=").Id(n)))
			} else if err == nil {
				l.params = append(l.params, jen.Id(n).Op("*").Add(elem))
				l.args = append(l.args, arg{code: ptrArg(jen.Id(n))})
			}
		case pVarargs:
			// The words after the others, as given (the plan refuses
			// methods whose other arguments are not integer words).
			if why := gm.plan.variadicRefused(); why != "" {
				return nil, unsupported{why}
			}
			// The call goes through the variadic comCall with a slice of
			// words, where //go:uintptrescapes does not reach: the other
			// arguments may hold no pointer to Go memory the caller could
			// have on its stack (strings are copies the wrapper makes and
			// keeps alive).
			for _, q := range gm.params[:k] {
				switch q.kind {
				case pWord, pFuncPtr, pBSTR, pOptBSTR, pBool:
				case pString, pOptString:
					l.keepAlive = append(l.keepAlive, "_"+q.name)
				default:
					return nil, unsupported{fmt.Sprintf("it takes variable arguments after parameter %s, a pointer the call could not keep in place", q.Name)}
				}
			}
			l.params = append(l.params, jen.Id(n).Op("...").Uintptr())
			l.varargs = n
		case pOutArray:
			var at *jen.Statement
			if at, err = g.outArrayType(p); err == nil {
				l.results = append(l.results, jen.Id(n).Add(at))
				l.args = append(l.args, arg{code: ptrArg(jen.Op("&").Id(n))})
			}
		case pOutBSTR:
			// A string the callee allocates comes back as a Go string; the
			// wrapper frees the callee's memory: a BSTR, or a string pointer
			// from CoTaskMemAlloc (COM's rule for [out] pointers).
			g.takenString(l, n, g.rt(rtBSTR), rtTakeBSTR)
		case pOutCoTaskString:
			g.takenString(l, n, jen.Op("*").Uint16(), rtTakeCoTaskString)
		case pOutExcepInfo:
			// The exception as Go values; its BSTRs are freed. With
			// DISP_E_EXCEPTION it is the error too (errors.As finds it).
			var local *jen.Statement
			if local, err = g.goType(p.Type.Resolve().Elem); err == nil {
				v := "_" + n
				l.results = append(l.results, jen.Id(n).Op("*").Add(g.rt(rtDispatchException)))
				l.pre = append(l.pre, jen.Var().Id(v).Add(local))
				l.args = append(l.args, arg{code: ptrArg(jen.Op("&").Id(v))})
				l.post = append(l.post, jen.Id(n).Op("=").Add(g.rt(rtTakeExcepInfo)).Call(jen.Qual(pkgUnsafe, "Pointer").Call(jen.Op("&").Id(v))))
				l.afterHR = append(l.afterHR, jen.If(jen.Id(n).Op("!=").Nil().Op("&&").Id("hr").Op("==").Add(g.rt(rtDispEException))).Block(
					jen.Id("err").Op("=").Id(n)))
			}
		case pIIDOut:
			// The pair is one IIDOut, named after the out: the riid is
			// its IID, the out where the callee stores the pointer.
			if p.Dir == idl.In {
				l.args = append(l.args, arg{code: ptrArg(jen.Id(gm.params[p.pair].name).Dot(iidMethod).Call())})
				break
			}
			l.params = append(l.params, jen.Id(n).Add(g.rt(rtIIDOut)))
			ptr := g.rt(rtIIDOutPtr).Call(jen.Id(n))
			l.pre = append(l.pre, jen.If(jen.Id(n).Dot(iidMethod).Call().Op("==").Nil().Op("||").Add(ptr).Op("==").Nil()).Add(g.failWith(l, rtEInvalidArg)))
			l.args = append(l.args, arg{code: ptrArg(ptr.Clone())})
		case pOutBuffer:
			// A buffer of a type without a Go layout (typedef void X; an
			// incomplete struct): the caller passes memory for the callee to fill.
			l.params = append(l.params, jen.Id(n).Qual(pkgUnsafe, "Pointer"))
			l.args = append(l.args, arg{code: jen.Uintptr().Call(jen.Id(n))})
		case pOutValue:
			var elem *jen.Statement
			if elem, err = g.goType(p.Type.Resolve().Elem); err == nil {
				l.results = append(l.results, jen.Id(n).Add(elem))
				l.args = append(l.args, arg{code: ptrArg(jen.Op("&").Id(n))})
			}
		case pInOut:
			var gt *jen.Statement
			if gt, err = g.paramType(p.Type); err == nil {
				l.params = append(l.params, jen.Id(n).Add(gt))
				l.args = append(l.args, arg{code: ptrArg(jen.Id(n))})
			}
		default:
			panic(fmt.Sprintf("parameter kind %d has no client lowering", p.kind))
		}
		if err != nil {
			return nil, err
		}
	}
	return l, nil
}

// countCheck adds the checks of a count Go derives from the slices p counts:
// they must have one length, and it must fit the count's C type ct (a
// USHORT count of 70,000 elements would tell the callee 4,464). It returns
// the name of the slice whose length is the count.
func (g *generator) countCheck(l *lowering, gm *goMethod, p *goParam, ct *idl.TypeRef) string {
	first := gm.params[p.counts[0]].name
	for _, other := range p.counts[1:] {
		l.pre = append(l.pre, jen.If(jen.Len(jen.Id(gm.params[other].name)).Op("!=").Len(jen.Id(first))).Add(g.failWith(l, rtEInvalidArg)))
	}
	r := ct.Resolve()
	size := int64(4) // an enum
	if r.Kind == idl.RBasic {
		_, s := basicGo(r.Basic)
		size = int64(s)
	}
	if size > 0 && size < 8 {
		limit := uint64(1)<<(8*size) - 1
		if r.Kind != idl.RBasic || isSigned(r.Basic) {
			limit >>= 1
		}
		l.pre = append(l.pre, jen.If(jen.Uint64().Call(jen.Len(jen.Id(first))).Op(">").Op(fmt.Sprintf("%#x", limit))).Add(g.failWith(l, rtEInvalidArg)))
	}
	return first
}

// outArrayType is the Go type of a pOutArray result: the C array's, or an
// array of the SAL annotation's constant count (_Out_writes_(4) FLOAT *p).
func (g *generator) outArrayType(p *goParam) (*jen.Statement, error) {
	r := p.Type.Resolve()
	if r.Kind == idl.RArray {
		return g.goType(r)
	}
	e, err := g.goType(r.Elem)
	if err != nil {
		return nil, err
	}
	return jen.Index(jen.Lit(p.size.n)).Add(e), nil
}

// calleeArray lowers an array the callee allocates (size_is(, *pc) on T **pp)
// to a []T result: the wrapper copies the elements and frees the callee's
// memory with CoTaskMemFree (COM's rule for [out] pointers), so the caller
// can neither pass NULL for it nor leak it. Strings in it are copied and
// freed too; interface pointers are the caller's to Release.
func (g *generator) calleeArray(l *lowering, gm *goMethod, p *goParam) error {
	n, v := p.name, "_"+p.name
	elemRef := p.Type.Resolve().Elem.Resolve().Elem
	var count jen.Code
	switch c := gm.params[p.size.count]; {
	case p.count >= 0:
		count = jen.Int().Call(jen.Id("_" + gm.params[p.count].name)) // what the callee wrote
	case c.kind == pCount:
		count = jen.Len(jen.Id(gm.params[c.counts[0]].name)) // an [in] count the slices it bounds give
	default:
		count = jen.Int().Call(jen.Id(c.name)) // an [in] count the caller gives
	}
	if isStringPtr(elemRef) {
		l.results = append(l.results, jen.Id(n).Index().String())
		l.pre = append(l.pre, jen.Var().Id(v).Op("*").Op("*").Uint16())
		l.post = append(l.post, jen.Id(n).Op("=").Add(g.rt(rtTakeCoTaskStrings)).Call(jen.Id(v), count))
	} else {
		elem, err := g.goType(elemRef)
		if err != nil {
			return err
		}
		l.results = append(l.results, jen.Id(n).Index().Add(elem.Clone()))
		l.pre = append(l.pre, jen.Var().Id(v).Op("*").Add(elem))
		l.post = append(l.post, jen.Id(n).Op("=").Add(g.rt(rtTakeCoTaskArray)).Call(jen.Id(v), count))
	}
	l.args = append(l.args, arg{code: ptrArg(jen.Op("&").Id(v))})
	return nil
}

func ptrArg(x jen.Code) jen.Code {
	return jen.Uintptr().Call(jen.Qual(pkgUnsafe, "Pointer").Call(x))
}

// stringIn lowers an [in] string: a Go string, or *string where NULL is
// allowed (nil is NULL); "" is an empty string, never NULL.
func (g *generator) stringIn(l *lowering, p *goParam) {
	n, local := p.name, "_"+p.name
	bstr := p.kind == pBSTR || p.kind == pOptBSTR
	conv, fail, ptr := g.rt(rtUTF16Ptr), rtEInvalidArg, jen.Id(local)
	if bstr {
		conv, fail, ptr = g.rt(rtNewBSTR), rtEOutOfMemory, jen.Id(local).Dot("Ptr").Call()
	}
	if p.kind == pString || p.kind == pBSTR {
		l.params = append(l.params, jen.Id(n).String())
		l.pre = append(l.pre,
			jen.List(jen.Id(local), jen.Id("err")).Op(":=").Add(conv).Call(jen.Id(n)),
			jen.If(jen.Id("err").Op("!=").Nil()).Add(g.failWith(l, fail)))
	} else {
		l.params = append(l.params, jen.Id(n).Op("*").String())
		var zero jen.Code = jen.Op("*").Uint16()
		if bstr {
			zero = g.rt(rtBSTR)
		}
		l.pre = append(l.pre,
			jen.Var().Id(local).Add(zero),
			jen.If(jen.Id(n).Op("!=").Nil()).Block(
				jen.If(jen.List(jen.Id(local), jen.Err()).Op("=").Add(conv).Call(jen.Op("*").Id(n)), jen.Err().Op("!=").Nil()).Add(g.failWith(l, fail))))
	}
	if bstr {
		l.pre = append(l.pre, jen.Defer().Id(local).Dot("Free").Call())
	}
	l.args = append(l.args, arg{code: ptrArg(ptr)})
}

// lowerIn lowers an [in] value passed in registers or on the stack; pa is
// its plan.
func (g *generator) lowerIn(l *lowering, p *goParam, pa *planArg) error {
	n := p.name
	gt, err := g.paramType(p.Type)
	if err != nil {
		return err
	}
	switch p.kind {
	case pStructValue:
		return g.structArg(l, p.ParamInfo, n, pa)
	case pFuncPtr:
		l.args = append(l.args, arg{code: jen.Id(n)})
	case pPointer:
		l.args = append(l.args, arg{code: ptrArg(jen.Id(n))})
	case pFloat:
		// The bits, in an integer word or a floating-point register as the
		// plan says (a double's in two words on 386).
		if pa.shape == shFloat {
			l.args = append(l.args, arg{code: jen.Uintptr().Call(jen.Qual(pkgMath, "Float32bits").Call(jen.Id(n)))})
		} else {
			l.args = append(l.args, arg{wide: jen.Qual(pkgMath, "Float64bits").Call(jen.Id(n))})
		}
	case pWide:
		l.args = append(l.args, arg{wide: jen.Uint64().Call(jen.Id(n))})
	case pWord:
		l.args = append(l.args, arg{code: jen.Uintptr().Call(jen.Id(n))})
	}
	l.params = append(l.params, jen.Id(n).Add(gt))
	return nil
}

// takenString returns [out] parameter n as a Go string: the callee writes a
// value of type local, which the runtime helper take converts and frees.
func (g *generator) takenString(l *lowering, n string, local jen.Code, take string) {
	v := "_" + n
	l.results = append(l.results, jen.Id(n).String())
	l.pre = append(l.pre, jen.Var().Id(v).Add(local))
	l.args = append(l.args, arg{code: ptrArg(jen.Op("&").Id(v))})
	l.post = append(l.post, jen.Id(n).Op("=").Add(g.rt(take)).Call(jen.Id(v)))
}

// sliceParam lowers a size_is pointer parameter of type r to a Go slice n.
func (g *generator) sliceParam(l *lowering, r *idl.TypeRef, n string) error {
	elem, err := g.sliceElem(r)
	if err != nil {
		return err
	}
	l.params = append(l.params, jen.Id(n).Index().Add(elem))
	l.args = append(l.args, arg{code: ptrArg(jen.Qual(pkgUnsafe, "SliceData").Call(jen.Id(n)))})
	return nil
}

// genConstructor renders NewX for a coclass with a default interface, and
// NewXWith, which takes the CLSCTX (where the object may run) from the caller.
func (g *generator) genConstructor(f *jen.File, c *idl.ClassInfo) {
	if c.CLSID == nil || c.Default == nil || c.Default.IID == nil || !g.declared(c.Default) {
		return
	}
	iface := goIdent(c.Default.Name)
	name := "New" + goIdent(c.Name)
	with := name + constructorWith
	commentf(f, "%s creates a %s object (CoCreateInstance of %s, in-process or local server)\nand returns its %s interface. Release it when done. %s chooses the server.",
		name, c.Name, clsidName(c.Name), iface, with)
	f.Func().Id(name).Params().Params(jen.Op("*").Add(g.ident(c.Default, iface)), jen.Error()).Block(
		jen.Return(jen.Id(with).Call(g.rt(rtClsctxInproc).Op("|").Add(g.rt(rtClsctxLocal)))))
	commentf(f, "%s creates a %s object (CoCreateInstance of %s) where clsctx allows\n(CLSCTX_INPROC_SERVER, CLSCTX_LOCAL_SERVER, CLSCTX_ALL...) and returns its %s interface.\nRelease it when done.",
		with, c.Name, clsidName(c.Name), iface)
	f.Func().Id(with).Params(jen.Id("clsctx").Uint32()).Params(jen.Op("*").Add(g.ident(c.Default, iface)), jen.Error()).Block(
		jen.Return(g.rt(rtCoCreate).Index(g.ident(c.Default, iface)).Call(jen.Op("&").Id(clsidName(c.Name)), jen.Id("clsctx"))))
}

// constructorWith ends the name of the constructor that takes a CLSCTX.
const constructorWith = "With"

// structArg lowers an [in] structure (or union) passed by value: it declares
// word arrays holding a copy of it, large enough on every target, from which
// each target takes the words its plan pa says.
func (g *generator) structArg(l *lowering, p *idl.ParamInfo, n string, pa *planArg) error {
	gt, err := g.structValueType(p, pa)
	if err != nil {
		return err
	}
	l.params = append(l.params, jen.Id(n).Add(gt.Clone()))
	st := &structCopy{value: n, w32: "_" + n + "32", w64: "_" + n + "64"}
	// The copies: a Go value of the struct's type stored at the start of a
	// word array at least as large (and as aligned) on every target.
	copyInto := func(arr string, words int64, elem *jen.Statement) {
		l.pre = append(l.pre,
			jen.Var().Id(arr).Index(jen.Lit(int(words))).Add(elem),
			jen.Op("*").Parens(jen.Op("*").Add(gt.Clone())).Call(jen.Qual(pkgUnsafe, "Pointer").Call(jen.Op("&").Id(arr))).Op("=").Id(n))
	}
	copyInto(st.w32, (pa.most()+3)/4, jen.Uint32())
	if pa.needs64() {
		copyInto(st.w64, (pa.most()+7)/8, jen.Uint64())
	}
	l.args = append(l.args, arg{st: st})
	return nil
}

// structValueType returns the Go type of the structure p passes by value,
// planned as pa, or why it cannot be passed: it has no Go layout, or its
// size is unknown (pa.err).
func (g *generator) structValueType(p *idl.ParamInfo, pa *planArg) (*jen.Statement, error) {
	s := p.Type.Resolve().Decl.(*idl.StructInfo)
	if err := g.structError(s); err != nil && !wellKnownEntity(s) { // VARIANT, GUID...: the runtime's types
		return nil, unsupported{fmt.Sprintf("parameter %s passes the struct %s by value, which has no Go layout (%v)", p.Name, s.Name, err)}
	}
	if shortStruct(s) {
		return nil, unsupported{fmt.Sprintf("parameter %s passes the struct %s by value, whose C size (packed, with a variable-length tail) is not its Go size", p.Name, s.Name)}
	}
	if pa.err != nil {
		return nil, pa.err
	}
	return g.goType(p.Type)
}
