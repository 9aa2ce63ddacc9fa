package gen

import (
	"fmt"
	"sort"
	"strings"

	"github.com/comgen/comgen/idl"
	"github.com/dave/jennifer/jen"
)

// Servers: COM objects implemented in Go.
//
// For every [object] interface that derives from IUnknown the generator emits
//   - XImpl, the Go interface a user's type implements (types file), and
//   - NewX(impl) *X, which returns a COM object whose vtable calls impl
//     (windows file), with one syscall.NewCallback per method, made once per
//     interface type when the first object is created.
//
// The object itself, its reference count and QueryInterface live in the
// runtime support (templates/com_windows.go.tmpl).

// serverIface reports whether a Go implementation of i can be generated, and
// if not, why.
func (g *generator) serverIface(i *idl.IfaceInfo) (bool, string) {
	if v, ok := g.serverOK[i]; ok {
		return v.ok, v.why
	}
	ok, why := g.serverIfaceUncached(i)
	g.serverOK[i] = serverVerdict{ok, why}
	return ok, why
}

// serverVerdict memoizes serverIface, which each interface's derived
// interfaces ask again (a chain of n interfaces asked it n^2 times).
type serverVerdict struct {
	ok  bool
	why string
}

func (g *generator) serverIfaceUncached(i *idl.IfaceInfo) (bool, string) {
	if !i.Object || i.Dispatch || i.Forward || i.IID == nil || i.Name == "IUnknown" {
		return false, ""
	}
	seen := map[string]bool{}
	root := i
	for b := i; b != nil; b = b.Base {
		if !g.declared(b) {
			return false, fmt.Sprintf("its base %s is not generated", b.Name)
		}
		for _, m := range b.Methods {
			if b.Name == "IUnknown" {
				continue
			}
			n := methodName(m)
			if seen[n] {
				return false, fmt.Sprintf("two methods in its interface chain are named %s", n)
			}
			seen[n] = true
		}
		root = b
	}
	if root.Name != "IUnknown" {
		return false, ""
	}
	// XImpl embeds the base's BaseImpl: the base must be implementable too
	// (shldisp.idl's FolderItems2 is [object], its base FolderItems is not).
	if b := i.Base; b != nil && b.Name != "IUnknown" {
		if ok, _ := g.serverIface(b); !ok {
			return false, fmt.Sprintf("its base %s cannot be", b.Name)
		}
	}
	for _, n := range []string{implName(i.Name), "New" + goIdent(i.Name)} {
		if _, clash := g.prog.Scope[n]; clash {
			return false, fmt.Sprintf("the IDL declares %s itself", n)
		}
	}
	return true, ""
}

// res386 names the 386 callbacks' pointer to their result's slot (see
// serverMethod.ret386).
const res386 = "res386"

func implName(iface string) string { return goIdent(iface) + "Impl" }

// notImplName names the E_NOTIMPL callback of methods whose arguments take
// words386 words on 386.
func notImplName(words386 int) string { return fmt.Sprintf("serveNotImpl%d", words386) }

// serveName names the callback of method m of interface i.
func serveName(i *idl.IfaceInfo, m *idl.MethodInfo) string {
	return "serve" + goIdent(i.Name) + exported(m.Name)
}

// serverMethod is one method's implementation signature and callback.
type serverMethod struct {
	implParams []jen.Code // parameters of the XImpl method
	implRet    jen.Code   // its result type, nil for none
	cbParams   []jen.Code // callback parameters after this, in C order
	cbParams32 []jen.Code // the same on 386, when 64-bit integers take two words
	pre32      []jen.Code // joins the halves of 64-bit integers on 386
	// perTarget is set when a structure arrives by value: each target then has
	// its own callback (386 in cbParams32, amd64 in cbParams, arm64 below),
	// and pre64/preARM64 rebuild the structures from what arrived.
	perTarget bool
	// plan is where the arguments arrive on each target (plan.go); a
	// method whose arguments or result travel where no callback reads or
	// writes them has stubs (floatstubs.go) that the plan describes too.
	plan *callPlan
	// ret386 returns the result on 386 when a callback cannot (a 64-bit
	// integer, a float or a double): its callback writes it through res386,
	// a pointer to a slot of the method's 386 stub, which loads it into
	// EDX:EAX or ST(0) as ret386Kind says.
	ret386        func(call jen.Code) jen.Code
	ret386Kind    byte // 'w' (64-bit integer), 'f' (float) or 'd' (double)
	pre64         []jen.Code
	cbParamsARM64 []jen.Code
	preARM64      []jen.Code
	pre           []jen.Code // converts callback parameters for the impl call
	zero          []jen.Code // zeroes the [out] values before anything can fail
	callArgs      []jen.Code // arguments of the impl call
	// wrap hands [out] strings to the caller after the impl call (of a
	// method returning an HRESULT), each around the call's result.
	wrap []func(call jen.Code) jen.Code
	ret  func(call jen.Code) jen.Code
}

func (s *serverMethod) wide() bool { return s.cbParams32 != nil }

// Where a method's callback differs by target: own386 and ownARM64 say
// where it has a callback of its own, amd64Stub, stub386 and arm64Stub
// where a stub calls it (the plan's). genSlots and genCallback read these
// alone.

// amd64Stub reports whether the amd64 vtable entry is a stub.
func (s *serverMethod) amd64Stub() bool { return s.plan.amd64Stub() }
func (s *serverMethod) stub386() bool   { return s.plan.stub386 }
func (s *serverMethod) own386() bool    { return s.wide() || s.stub386() }
func (s *serverMethod) ownARM64() bool  { return s.perTarget }
func (s *serverMethod) arm64Stub() bool { return s.plan.arm64Stub() }

// lowerServer maps m to its Go implementation signature: [in] strings become
// Go strings, counted arrays become slices (their count parameter is dropped),
// everything else keeps its C type (pointers for [out] and [in, out]).
func (g *generator) lowerServer(m *idl.MethodInfo) (*serverMethod, error) {
	if r, ok := g.served[m]; ok {
		return r.s, r.err
	}
	s, err := g.lowerServerUncached(m)
	g.served[m] = served{s, err}
	return s, err
}

type served struct {
	s   *serverMethod
	err error
}

// lowerServerUncached builds the callbacks of m in two steps per parameter:
// the words each target's callback receives, by the plan's shape of the
// argument (plan.go), rebuilt into a Go value; and what the implementation
// is given, one case per parameter kind (see model.go).
func (g *generator) lowerServerUncached(m *idl.MethodInfo) (*serverMethod, error) {
	gm := g.method(m)
	s := &serverMethod{plan: gm.plan}
	cb64, cbARM64 := gm.plan.callback(targetAMD64), gm.plan.callback(targetARM64)
	anyWide := false
	var params32 []jen.Code
	for idx, p := range gm.params {
		n := p.cbName
		k := gm.plan.argIndex(idx)
		pa := gm.plan.args[k]
		if p.kind == pUnsupported && p.Dir == idl.In {
			return nil, unsupported{p.why}
		}
		for range cbARM64[k].pad {
			s.cbParamsARM64 = append(s.cbParamsARM64, jen.Id("_").Uintptr()) // an X register the call leaves unused
		}
		// The words, and the Go value n of type vt they make.
		var vt *jen.Statement
		var err error
		switch pa.shape {
		case shFloat, shDouble:
			vt, err = g.serverFloatParam(s, p, n, pa, &params32)
			anyWide = true // 386 has a callback of its own
		case shStruct:
			vt, err = g.serverStructParam(s, p.ParamInfo, n, pa, cb64[k], cbARM64[k], &params32)
			anyWide = true
		case shVarargs:
			// No words of its own: the kind's case below refuses it.
		case shWord, shWide:
			if p.kind == pStructValue { // of unknown size, planned as a word
				_, err := g.structValueType(p.ParamInfo, pa)
				return nil, err
			}
			if p.Type.Resolve().Kind == idl.RArray {
				vt, err = g.paramType(p.Type) // C arrays are passed as pointers
			} else {
				vt, err = g.goType(p.Type)
			}
			if err != nil {
				break
			}
			s.cbParams = append(s.cbParams, jen.Id(n).Add(vt.Clone()))
			s.cbParamsARM64 = append(s.cbParamsARM64, jen.Id(n).Add(vt.Clone()))
			if pa.shape == shWide {
				// Two stack words on 386 (pWide, or a 64-bit pCount).
				anyWide = true
				lo, hi := n+"Lo", n+"Hi"
				params32 = append(params32, jen.List(jen.Id(lo), jen.Id(hi)).Uint32())
				s.pre32 = append(s.pre32, jen.Id(n).Op(":=").Add(vt.Clone()).Call(
					jen.Uint64().Call(jen.Id(lo)).Op("|").Uint64().Call(jen.Id(hi)).Op("<<").Lit(32)))
			} else {
				params32 = append(params32, jen.Id(n).Add(vt.Clone()))
			}
		}
		if err != nil {
			return nil, err
		}
		// What the implementation is given.
		switch p.kind {
		case pVarargs:
			return nil, unsupported{"it takes variable arguments, which a Go callback cannot read"}
		case pCount:
			// The implementation sees the slices, not their length.
		case pInOutCount, pCalleeCount, pOutCalleeArray:
			// The C pointers themselves: the implementation sets the count
			// (and allocates the array with CoTaskMemAlloc).
			s.implParams = append(s.implParams, jen.Id(n).Add(vt.Clone()))
			s.callArgs = append(s.callArgs, jen.Id(n))
		case pSlice:
			if err := g.serverSlice(s, gm, p, vt); err != nil {
				return nil, err
			}
		case pBSTR:
			s.implParams = append(s.implParams, jen.Id(n).String())
			s.callArgs = append(s.callArgs, jen.Id(n).Dot("String").Call())
		case pOptBSTR:
			s.implParams = append(s.implParams, jen.Id(n).Op("*").String()) // nil for NULL, as the client passes it
			s.callArgs = append(s.callArgs, g.rt(rtServerOptBSTR).Call(jen.Id(n)))
		case pString:
			s.implParams = append(s.implParams, jen.Id(n).String())
			s.callArgs = append(s.callArgs, g.rt(rtUTF16PtrToString).Call(jen.Id(n)))
		case pOptString:
			s.implParams = append(s.implParams, jen.Id(n).Op("*").String())
			s.callArgs = append(s.callArgs, g.rt(rtServerOptString).Call(jen.Id(n)))
		case pBool:
			s.implParams = append(s.implParams, jen.Id(n).Bool())
			s.callArgs = append(s.callArgs, jen.Id(n).Op("!=").Lit(0))
		case pStrings:
			// The caller's strings, copied (nil when NULL or none).
			cp := gm.params[p.count]
			cond, count := jen.Id(n).Op("!=").Nil().Op("&&").Id(cp.cbName).Op(">").Lit(0), jen.Id(cp.cbName)
			if cp.kind == pInOutCount {
				cond = jen.Id(n).Op("!=").Nil().Op("&&").Id(cp.cbName).Op("!=").Nil().Op("&&").Op("*").Id(cp.cbName).Op(">").Lit(0)
				count = jen.Op("*").Id(cp.cbName)
			}
			local, ix := "_"+n, "_"+n+"Ref"
			s.implParams = append(s.implParams, jen.Id(n).Index().String())
			s.pre = append(s.pre,
				jen.Var().Id(local).Index().String(),
				jen.If(cond).Block(
					jen.For(jen.List(jen.Id("_"), jen.Id(ix)).Op(":=").Range().Qual(pkgUnsafe, "Slice").Call(jen.Id(n), count)).Block(
						jen.Id(local).Op("=").Append(jen.Id(local), g.rt(rtUTF16PtrToString).Call(jen.Id(ix))))))
			s.callArgs = append(s.callArgs, jen.Id(local))
		case pOutBool:
			// A bool the implementation sets, which the caller gets as the
			// VARIANT_BOOL it asked for.
			local := "_" + n
			s.implParams = append(s.implParams, jen.Id(n).Op("*").Bool())
			s.pre = append(s.pre, jen.Var().Id(local).Bool())
			s.callArgs = append(s.callArgs, jen.Op("&").Id(local))
			s.zero = append(s.zero, g.rt(rtZeroOut).Call(jen.Id(n)))
			s.wrap = append(s.wrap, func(call jen.Code) jen.Code {
				return g.rt(rtServerBoolOut).Call(jen.Id(n), jen.Op("&").Id(local), call)
			})
		case pOptOut:
			s.outPointer(g, p, vt)
		case pWord, pWide, pFuncPtr, pPointer, pFloat, pStructValue:
			// The value, as the callback's words make it.
			s.implParams = append(s.implParams, jen.Id(n).Add(vt.Clone()))
			s.callArgs = append(s.callArgs, jen.Id(n))
		case pOutBSTR, pOutCoTaskString:
			if gm.ret != rHRESULT {
				// Without an HRESULT there is no success to hand the
				// string over on: the C pointer, as below.
				s.outPointer(g, p, vt)
				break
			}
			// A Go string the implementation sets, which the caller gets
			// as the BSTR or task-memory string it frees (the client
			// returns it as a string too).
			local, give := "_"+n, rtServerBSTROut
			if p.kind == pOutCoTaskString {
				give = rtServerCoTaskStrOut
			}
			s.implParams = append(s.implParams, jen.Id(n).Op("*").String())
			s.pre = append(s.pre, jen.Var().Id(local).String())
			s.callArgs = append(s.callArgs, jen.Op("&").Id(local))
			s.zero = append(s.zero, g.rt(rtZeroOut).Call(jen.Id(n)))
			s.wrap = append(s.wrap, func(call jen.Code) jen.Code {
				return g.rt(give).Call(jen.Id(n), jen.Op("&").Id(local), call)
			})
		case pFixedPtr, pOutArray:
			// A pointer to a fixed number of elements: *[N]T, as the
			// client's (a C array parameter is one already).
			if p.Type.Resolve().Kind == idl.RArray {
				s.outPointer(g, p, vt)
				break
			}
			at, err := g.outArrayType(p)
			if err != nil {
				return nil, err
			}
			arr := jen.Parens(jen.Op("*").Add(at.Clone())).Call(jen.Qual(pkgUnsafe, "Pointer").Call(jen.Id(n)))
			s.implParams = append(s.implParams, jen.Id(n).Op("*").Add(at))
			s.callArgs = append(s.callArgs, arr)
			if p.Dir == idl.Out {
				s.zero = append(s.zero, g.rt(rtZeroOut).Call(arr.Clone()))
			}
		case pIIDOut:
			// One IIDOut of the caller's riid and ppv (*ppv NULL first),
			// as the client takes it: the implementation answers with
			// its Set, or stores nothing and fails.
			if p.Dir == idl.In {
				break
			}
			s.implParams = append(s.implParams, jen.Id(n).Add(g.rt(rtIIDOut)))
			ppv := jen.Id(n)
			if !isVoidPtr(p.Type.Resolve().Elem) { // IUnknown **: the same word
				ppv = jen.Parens(jen.Op("*").Qual(pkgUnsafe, "Pointer")).Call(jen.Qual(pkgUnsafe, "Pointer").Call(jen.Id(n)))
			}
			s.callArgs = append(s.callArgs, g.rt(rtNewIIDOut).Call(jen.Id(gm.params[p.pair].cbName), ppv))
			s.zero = append(s.zero, g.rt(rtZeroOut).Call(jen.Id(n)))
		case pOutValue, pOutBuffer, pOutExcepInfo, pInOut, pUnsupported:
			// The C pointer ([out] and [in, out]; pUnsupported is an [out]
			// or [in, out] one here).
			s.outPointer(g, p, vt)
		default:
			panic(fmt.Sprintf("parameter kind %d has no server lowering", p.kind))
		}
	}
	if anyWide {
		s.cbParams32 = params32
	}

	// The result. slotValue, when set, is what a 386 callback writes to its
	// stub's slot (see ret386).
	var slotValue func(call jen.Code) jen.Code
	switch gm.ret {
	case rHRESULT:
		s.implRet = g.rt(rtHRESULT)
		s.ret = func(call jen.Code) jen.Code { return jen.Return(g.rt(rtHRESULTRet).Call(call)) }
	case rVoid:
		s.ret = func(call jen.Code) jen.Code { return jen.Add(call).Line().Return(jen.Lit(0)) }
	default:
		rt, err := g.goType(m.Ret)
		if err != nil {
			return nil, err
		}
		switch gm.ret {
		case rPointer:
			s.implRet = rt
			s.ret = func(call jen.Code) jen.Code {
				return jen.Return(jen.Uintptr().Call(jen.Qual(pkgUnsafe, "Pointer").Call(call)))
			}
		case rWord:
			s.implRet = rt
			s.ret = func(call jen.Code) jen.Code { return jen.Return(jen.Uintptr().Call(call)) }
			if isNamed(m.Ret, "VARIANT_BOOL") {
				// A bool, as the client returns it: VARIANT_TRUE is -1.
				s.implRet = jen.Bool()
				s.ret = func(call jen.Code) jen.Code {
					return jen.If(call).Block(jen.Return(jen.Op("^").Uintptr().Call(jen.Lit(0)))).Line().Return(jen.Lit(0))
				}
			}
		case rStruct:
			// COM methods return a structure through a pointer the caller
			// passes after this, and return that pointer (as MSVC's C++
			// does for every member function; the C headers of widl and
			// mingw-w64 declare it as a parameter: D2D1_SIZE_F *__ret).
			// The client wrappers call them so too (see lower).
			hidden := jen.Id("hiddenResult").Op("*").Add(rt)
			s.cbParams = append([]jen.Code{hidden}, s.cbParams...)
			s.cbParamsARM64 = append([]jen.Code{hidden}, s.cbParamsARM64...)
			if s.cbParams32 != nil {
				s.cbParams32 = append([]jen.Code{hidden}, s.cbParams32...)
			}
			s.implRet = rt
			s.ret = func(call jen.Code) jen.Code {
				return jen.Op("*").Id("hiddenResult").Op("=").Add(call).Line().
					Return(jen.Uintptr().Call(jen.Qual(pkgUnsafe, "Pointer").Call(jen.Id("hiddenResult"))))
			}
		case rFloat:
			// XMM0 on amd64, V0 on arm64 and ST(0) on 386, which the
			// method's stub fills from the callback's RAX or X0, or from the
			// slot the 386 callback writes (see floatstubs.go).
			s.implRet = rt
			bits := "Float64bits"
			s.ret386Kind = 'd'
			if _, size := basicGo(m.Ret.Resolve().Basic); size == 4 {
				bits = "Float32bits"
				s.ret386Kind = 'f'
			}
			basic := m.Ret.Kind == idl.RBasic
			value := func(call jen.Code) jen.Code {
				v := jen.Add(call)
				if !basic { // a typedef (FLOAT): its Go type
					v = jen.Float64().Call(call)
					if bits == "Float32bits" {
						v = jen.Float32().Call(call)
					}
				}
				return jen.Qual("math", bits).Call(v)
			}
			s.ret = func(call jen.Code) jen.Code { return jen.Return(jen.Uintptr().Call(value(call))) }
			slotValue = value
		case rWide:
			// RAX on amd64, X0 on arm64: one word. On 386 the result
			// travels in EDX:EAX, and a callback sets only EAX: the
			// method's 386 stub loads them from the slot the callback
			// writes (see floatstubs.go).
			s.implRet = rt
			s.ret386Kind = 'w'
			s.ret = func(call jen.Code) jen.Code { return jen.Return(jen.Uintptr().Call(call)) }
			slotValue = func(call jen.Code) jen.Code { return call }
		default:
			return nil, unsupported{fmt.Sprintf("its return type %s cannot be returned from a callback", typeString(m.Ret))}
		}
	}
	if slotValue != nil {
		s.ret386 = func(call jen.Code) jen.Code {
			return jen.Op("*").Id(res386).Op("=").Uint64().Call(slotValue(call)).Line().Return(jen.Lit(0))
		}
	}
	return s, nil
}

// outPointer gives the implementation an [out] or [in, out] parameter as
// its C pointer, through which it writes; an [out] value is zeroed before
// anything can fail.
func (s *serverMethod) outPointer(g *generator, p *goParam, ct *jen.Statement) {
	n := p.cbName
	s.implParams = append(s.implParams, jen.Id(n).Add(ct.Clone()))
	s.callArgs = append(s.callArgs, jen.Id(n))
	if p.Dir == idl.Out && p.Type.Kind == idl.RPointer && g.pointee(p.Type) != nil {
		s.zero = append(s.zero, g.rt(rtZeroOut).Call(jen.Id(n)))
	}
}

// serverSlice gives the implementation a counted array as a slice: the
// caller's array (nil when NULL or empty), of the length its count says.
func (g *generator) serverSlice(s *serverMethod, gm *goMethod, p *goParam, ct *jen.Statement) error {
	n, r := p.cbName, p.Type.Resolve()
	cp := gm.params[p.count]
	c := cp.cbName
	local := "_" + n
	elem, err := g.sliceElem(r)
	if err != nil {
		return err
	}
	ptr := jen.Id(n)
	if r.Kind == idl.RArray && r.Len >= 0 {
		ptr = jen.Op("&").Id(n).Index(jen.Lit(0))
	} else if e := r.Elem.Resolve(); e.Kind == idl.RBasic && e.Basic == "void" {
		ptr = jen.Parens(jen.Op("*").Byte()).Call(jen.Id(n))
	}
	s.implParams = append(s.implParams, jen.Id(n).Index().Add(elem.Clone()))
	cond := jen.Id(n).Op("!=").Nil().Op("&&").Id(c).Op(">").Lit(0)
	count := jen.Id(c)
	if cp.kind == pInOutCount {
		// The count the caller passed by pointer.
		cond = jen.Id(n).Op("!=").Nil().Op("&&").Id(c).Op("!=").Nil().Op("&&").Op("*").Id(c).Op(">").Lit(0)
		count = jen.Op("*").Id(c)
	}
	s.pre = append(s.pre,
		jen.Var().Id(local).Index().Add(elem),
		jen.If(cond).Block(
			jen.Id(local).Op("=").Qual(pkgUnsafe, "Slice").Call(ptr, count)))
	s.callArgs = append(s.callArgs, jen.Id(local))
	return nil
}

// serverFloatParam lowers a float or double [in] parameter for the
// callbacks, which receive its bits in words: one on the 64-bit targets
// (where a stub has moved it from the XMM or V register the plan puts it
// in, see floatstubs.go), one or two 4-byte words on 386. It returns the
// value's Go type.
func (g *generator) serverFloatParam(s *serverMethod, p *goParam, n string, pa *planArg, params32 *[]jen.Code) (*jen.Statement, error) {
	t, err := g.goType(p.Type)
	if err != nil {
		return nil, err
	}
	conv := func(v jen.Code) jen.Code { return v } // float32 and float64 are the Go types of float and double
	if p.Type.Kind != idl.RBasic {
		conv = func(v jen.Code) jen.Code { return t.Clone().Call(v) } // a typedef: its Go type
	}
	bits := n + "Bits"
	s.cbParams = append(s.cbParams, jen.Id(bits).Uintptr())
	s.cbParamsARM64 = append(s.cbParamsARM64, jen.Id(bits).Uintptr())
	if pa.shape == shFloat {
		from := jen.Id(n).Op(":=").Add(conv(jen.Qual("math", "Float32frombits").Call(jen.Uint32().Call(jen.Id(bits)))))
		s.pre64 = append(s.pre64, from)
		s.preARM64 = append(s.preARM64, from.Clone())
		*params32 = append(*params32, jen.Id(bits).Uint32())
		s.pre32 = append(s.pre32, jen.Id(n).Op(":=").Add(conv(jen.Qual("math", "Float32frombits").Call(jen.Id(bits)))))
	} else {
		from := jen.Id(n).Op(":=").Add(conv(jen.Qual("math", "Float64frombits").Call(jen.Uint64().Call(jen.Id(bits)))))
		s.pre64 = append(s.pre64, from)
		s.preARM64 = append(s.preARM64, from.Clone())
		lo, hi := n+"Lo", n+"Hi"
		*params32 = append(*params32, jen.List(jen.Id(lo), jen.Id(hi)).Uint32())
		s.pre32 = append(s.pre32, jen.Id(n).Op(":=").Add(conv(jen.Qual("math", "Float64frombits").Call(
			jen.Uint64().Call(jen.Id(lo)).Op("|").Uint64().Call(jen.Id(hi)).Op("<<").Lit(32)))))
	}
	return t, nil
}

// serverStructParam lowers a structure [in] by value for the callbacks: the
// words (or the pointer to a copy) each target's callback receives, as the
// plan pa and the callback layouts x64 and arm say, and each target's
// prologue that rebuilds the Go value n, whose type it returns.
func (g *generator) serverStructParam(s *serverMethod, p *idl.ParamInfo, n string, pa *planArg, x64, arm cbArg, params32 *[]jen.Code) (*jen.Statement, error) {
	gt, err := g.structValueType(p, pa)
	if err != nil {
		return nil, err
	}
	s.perTarget = true
	// words declares the word parameters of one target and the prologue that
	// copies them into an array as large as the structure on every target.
	words := func(params *[]jen.Code, pre *[]jen.Code, count int, elem *jen.Statement, size int64, suffix string) {
		arr := "_" + n + suffix
		var ids []jen.Code
		for k := range count {
			w := fmt.Sprintf("%s%sW%d", n, suffix, k)
			*params = append(*params, jen.Id(w).Add(elem.Clone()))
			ids = append(ids, jen.Id(w))
		}
		*pre = append(*pre,
			jen.Id(arr).Op(":=").Index(jen.Lit(int((pa.most()+size-1)/size))).Add(elem.Clone()).Values(ids...),
			jen.Id(n).Op(":=").Op("*").Parens(jen.Op("*").Add(gt.Clone())).Call(jen.Qual(pkgUnsafe, "Pointer").Call(jen.Op("&").Id(arr))))
	}
	byRef := func(params *[]jen.Code, pre *[]jen.Code) {
		*params = append(*params, jen.Id(n+"Ref").Op("*").Add(gt.Clone()))
		*pre = append(*pre, jen.Id(n).Op(":=").Op("*").Id(n+"Ref"))
	}
	words(params32, &s.pre32, len(pa.x86), jen.Uint32(), 4, "32")
	for _, t := range []struct {
		cb          cbArg
		params, pre *[]jen.Code
	}{{x64, &s.cbParams, &s.pre64}, {arm, &s.cbParamsARM64, &s.preARM64}} {
		if t.cb.ref {
			byRef(t.params, t.pre)
		} else {
			words(t.params, t.pre, t.cb.words, jen.Uint64(), 8, "64")
		}
	}
	return gt, nil
}

// genImplInterface renders XImpl in the types file.
func (g *generator) genImplInterface(f *jen.File, i *idl.IfaceInfo) {
	ok, why := g.serverIface(i)
	if !ok {
		if why != "" {
			f.Commentf("%s cannot be implemented in Go by this package: %s.", goIdent(i.Name), why)
			f.Line()
		}
		return
	}
	name := implName(i.Name)
	var methods []jen.Code
	if i.Base != nil && i.Base.Name != "IUnknown" {
		methods = append(methods, g.ident(i.Base, implName(i.Base.Name)))
	}
	for _, m := range i.Methods {
		s, err := g.lowerServer(m)
		if err != nil {
			continue
		}
		var d []string
		if text := doc(methodName(m), m.Doc); text != "" {
			d = append(d, text)
		}
		sig := jen.Id(methodName(m)).Params(s.implParams...)
		if s.implRet != nil {
			sig.Add(s.implRet)
		}
		for _, line := range d {
			methods = append(methods, jen.Comment(strings.ReplaceAll(line, "\n", " ")))
		}
		methods = append(methods, sig)
	}
	// The rules every XImpl's methods follow (threads, arguments, panics)
	// are said once, in the package doc (doc.go.tmpl).
	commentf(f, "%s is implemented by Go values that act as %s COM objects; New%s\nwraps one in a COM object. The package documentation says how COM calls its methods.",
		name, goIdent(i.Name), goIdent(i.Name))
	if skipped := g.skippedServerMethods(i); len(skipped) > 0 {
		f.Comment("")
		commentf(f, "These methods cannot be implemented in Go and answer E_NOTIMPL: %s.", strings.Join(skipped, "; "))
	}
	f.Type().Id(name).Interface(methods...)
}

func (g *generator) skippedServerMethods(i *idl.IfaceInfo) []string {
	var out []string
	for _, m := range i.Methods {
		if _, err := g.lowerServer(m); err != nil {
			out = append(out, fmt.Sprintf("%s (%v)", methodName(m), err))
		}
	}
	return out
}

// serverFile renders the constructors and callbacks of the implementable
// interfaces among ents (windows only), or nil when there are none. The
// E_NOTIMPL stubs they need are added to stubs.
func (g *generator) serverFile(ents []idl.Entity, stubs map[int]bool) *jen.File {
	f := g.newFile(true)
	n := 0
	for _, e := range ents {
		i, ok := e.(*idl.IfaceInfo)
		if !ok {
			continue
		}
		if ok, _ := g.serverIface(i); !ok {
			continue
		}
		n++
		g.genServer(f, i, stubs)
	}
	if n == 0 {
		return nil
	}
	return f
}

// genStubs adds the E_NOTIMPL callbacks, one per stack size on 386, to f.
func (g *generator) genStubs(f *jen.File, stubs map[int]bool) {
	var words []int
	for w := range stubs {
		words = append(words, w)
	}
	sort.Ints(words)
	for _, w := range words {
		params := []jen.Code{jen.Id("this")}
		for k := 1; k < w; k++ {
			params = append(params, jen.Id(fmt.Sprintf("a%d", k)))
		}
		params[len(params)-1] = jen.Add(params[len(params)-1]).Uintptr()
		f.Commentf("%s answers E_NOTIMPL for a method whose arguments take %d words on 386.", notImplName(w), w)
		f.Func().Id(notImplName(w)).Params(params...).Uintptr().Block(
			jen.Return(g.rt(rtHRESULTRet).Call(g.rt(rtENotImpl))))
	}
}

func (g *generator) genServer(f *jen.File, i *idl.IfaceInfo, stubs map[int]bool) {
	name := goIdent(i.Name)
	// The IIDs QueryInterface answers besides IUnknown's: the interface and its bases.
	var iids []jen.Code
	for b := i; b != nil && b.Name != "IUnknown"; b = b.Base {
		iids = append(iids, jen.Op("&").Add(g.ident(b, iidName(b.Name))))
	}
	f.Var().Id("server"+name).Op("=").Add(g.rt(rtNewServerClass)).Call(jen.Lit(i.Name),
		jen.Index().Op("*").Add(g.rt(rtGUID)).Values(iids...), jen.Id("slots"+name))
	g.genSlots(f, i, stubs)
	commentf(f, "New%s returns a new %s COM object that calls impl; QueryInterface answers IUnknown and %s%s.",
		name, name, name, baseList(i))
	f.Func().Id("New" + name).Params(jen.Id("impl").Id(implName(i.Name))).Op("*").Id(name).Block(
		jen.Return(jen.Parens(jen.Op("*").Id(name)).Call(g.rt(rtNewServer).Call(jen.Id("impl"), jen.Id("server"+name)))))
	g.genCallbacks(f, i)
}

// genCallbacks renders the callbacks of i's own methods that Go can implement.
func (g *generator) genCallbacks(f *jen.File, i *idl.IfaceInfo) {
	for _, m := range i.Methods {
		if s, err := g.lowerServer(m); err == nil {
			g.genCallback(f, i, m, s)
		}
	}
}

// genSlots renders slotsX, which returns the vtable of interface i: the
// base's slots, then one callback per own method. A base declared in another
// generated package (Options.Map) gets its slotsX and callbacks here too,
// once per package: they are unexported there.
func (g *generator) genSlots(f *jen.File, i *idl.IfaceInfo, stubs map[int]bool) {
	name := goIdent(i.Name)
	base := g.rt(rtServerUnknownSlots)
	if i.Base.Name != "IUnknown" {
		base = jen.Id("slots" + goIdent(i.Base.Name))
		if _, ext := g.external[i.Base]; ext && !g.localSlots[i.Base] {
			g.localSlots[i.Base] = true
			g.genSlots(f, i.Base, stubs)
			g.genCallbacks(f, i.Base)
		}
	}
	var slots []jen.Code
	for _, m := range i.Methods {
		slots = append(slots, g.serverSlot(i, m, stubs))
	}
	f.Commentf("slots%s returns the function pointers of %s's vtable in slot order.", name, name)
	f.Func().Id("slots" + name).Params().Index().Uintptr().Block(
		jen.Return(jen.Append(base.Call(),
			jen.Index().Uintptr().Custom(jen.Options{Open: "{", Close: "}", Separator: ",", Multi: true}, slots...).Op("..."))))
}

// serverSlot is the vtable entry of method m: its callback, or each
// target's (see serverMethod.own386), with the amd64 stub where floats need
// it (floatSlot); an E_NOTIMPL stub, whose words on 386 it adds to stubs,
// where Go cannot implement m.
func (g *generator) serverSlot(i *idl.IfaceInfo, m *idl.MethodInfo, stubs map[int]bool) jen.Code {
	name := serveName(i, m)
	notImpl := func() string {
		w := g.method(m).plan.words386()
		stubs[w] = true
		return notImplName(w)
	}
	s, err := g.lowerServer(m)
	if err != nil {
		if g.method(m).plan.varargs {
			// A variadic function is cdecl on 386: its caller pops the
			// arguments.
			return jen.Qual(pkgSyscall, "NewCallbackCDecl").Call(jen.Id(notImpl()))
		}
		return jen.Qual(pkgSyscall, "NewCallback").Call(jen.Id(notImpl()))
	}
	fn386, fnARM64 := name, name
	if s.own386() {
		fn386 = name + "386"
	}
	if s.ownARM64() {
		fnARM64 = name + "ARM64"
	}
	switch {
	case s.amd64Stub() || s.arm64Stub() || s.stub386():
		k := len(g.floatStubs)
		st := floatStub{method: i.Name + "::" + m.Name, xmm: s.plan.xmmMoves(), ret: s.plan.floatRet, args: len(s.plan.args), amd64: s.amd64Stub()}
		if s.arm64Stub() {
			st.arm64 = s.plan.arm64Moves()
		}
		if s.stub386() {
			st.x86 = &x86Call{words: s.plan.words386(), result: s.ret386Kind}
		}
		g.floatStubs = append(g.floatStubs, st)
		return jen.Id(floatSlotName).Call(jen.Lit(k), jen.Id(name), jen.Id(fn386), jen.Id(fnARM64))
	case fn386 == name && fnARM64 == name:
		return jen.Qual(pkgSyscall, "NewCallback").Call(jen.Id(name))
	case s.own386() && fnARM64 == name:
		return g.rt(rtWideCallback).Call(jen.Id(name), jen.Id(fn386))
	}
	return g.rt(rtArchCallback).Call(jen.Id(name), jen.Id(fn386), jen.Id(fnARM64))
}

func baseList(i *idl.IfaceInfo) string {
	var names []string
	for b := i.Base; b != nil && b.Name != "IUnknown"; b = b.Base {
		names = append(names, goIdent(b.Name))
	}
	if len(names) == 0 {
		return ""
	}
	return ", " + strings.Join(names, ", ")
}

// genCallback renders the function COM calls for method m: it finds the Go
// value behind this, converts the arguments and calls the XImpl method.
func (g *generator) genCallback(f *jen.File, i *idl.IfaceInfo, m *idl.MethodInfo, s *serverMethod) {
	fn := serveName(i, m)
	body := func(pre []jen.Code, ret func(jen.Code) jen.Code) []jen.Code {
		b := []jen.Code{jen.Defer().Add(g.rt(rtServerRecover)).Call(jen.Op("&").Id("ret"), jen.Lit(i.Name), jen.Lit(m.Name))}
		if ret == nil {
			ret = s.ret
		} else {
			b = append(b, jen.Op("*").Id(res386).Op("=").Lit(0)) // what the stub returns if the method does not
		}
		b = append(b, pre...) // rebuilds what arrived in pieces (it may dereference a copy's pointer)
		b = append(b, s.zero...)
		b = append(b,
			jen.List(jen.Id("impl"), jen.Id("ok")).Op(":=").Add(g.rt(rtServerImpl)).Call(jen.Id("this")).Assert(g.ident(i, implName(i.Name))),
			jen.If(jen.Op("!").Id("ok")).Block(jen.Return(g.rt(rtHRESULTRet).Call(g.rt(rtEUnexpected)))),
		)
		b = append(b, s.pre...)
		var call jen.Code = jen.Id("impl").Dot(methodName(m)).Call(s.callArgs...)
		for _, w := range s.wrap {
			call = w(call)
		}
		b = append(b, ret(call))
		return b
	}
	params := append([]jen.Code{jen.Id("this").Op("*").Add(g.rt(rtServerObject))}, s.cbParams...)
	f.Commentf("%s is the vtable entry of %s::%s (slot %d).", fn, i.Name, m.Name, m.Slot)
	f.Func().Id(fn).Params(params...).Params(jen.Id("ret").Uintptr()).Block(body(s.pre64, nil)...)
	if s.ownARM64() {
		paramsARM64 := append([]jen.Code{jen.Id("this").Op("*").Add(g.rt(rtServerObject))}, s.cbParamsARM64...)
		f.Commentf("%sARM64 is %s for arm64, where structures by value arrive as arm64 passes them.", fn, fn)
		f.Func().Id(fn + "ARM64").Params(paramsARM64...).Params(jen.Id("ret").Uintptr()).Block(body(s.preARM64, nil)...)
	}
	if s.own386() {
		params32 := []jen.Code{jen.Id("this").Op("*").Add(g.rt(rtServerObject))}
		if s.stub386() {
			params32 = append(params32, jen.Id(res386).Op("*").Uint64())
		}
		pre32 := s.pre32
		if s.wide() {
			params32 = append(params32, s.cbParams32...)
		} else {
			params32 = append(params32, s.cbParams...)
			pre32 = s.pre64
		}
		what := "where arguments arrive in 32-bit stack words (a 64-bit integer or a double in two)"
		if s.stub386() {
			what += ", and its result goes through the slot " + res386 + " points to, as its stub returns it in EDX:EAX or ST(0)"
		}
		f.Commentf("%s386 is %s for 386, %s.", fn, fn, what)
		f.Func().Id(fn + "386").Params(params32...).Params(jen.Id("ret").Uintptr()).Block(body(pre32, s.ret386)...)
	}
}
