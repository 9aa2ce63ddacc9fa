package gen

import (
	"fmt"
	"strings"

	"github.com/comgen/comgen/idl"
)

// The Go model of a method, between idl.Model and the emitters: each
// parameter's kind (how it crosses between Go and COM) and Go name are
// decided once, here, and read by the client wrapper (lower, in methods.go)
// and by the server stub (lowerServer, in server.go), each with one case per
// kind. Adding a kind is one case in classify and one in each emitter.

// paramKind says how a parameter crosses between Go and COM.
type paramKind int

const (
	pUnsupported paramKind = iota // no Go form: goMethod.why says why

	// [in] parameters.
	pWord        // an integer, enum or other one-word value
	pWide        // a 64-bit integer: one word on 64-bit targets, two on 386
	pFloat       // a float or double: integer words on 386 and amd64, a V register on arm64 (comCallARM64)
	pFuncPtr     // a function pointer, a uintptr
	pPointer     // a pointer or C array other than the below: a Go pointer
	pFixedPtr    // a pointer to a fixed number of elements (SAL _In_reads_(4)): a pointer to a Go array
	pStructValue // a structure or union by value (see abi.go)
	pString      // a NUL-terminated UTF-16 string: a Go string ("" is L"")
	pOptString   // the same where NULL is allowed ([unique], _In_opt_): *string
	pBSTR        // a BSTR: a Go string
	pOptBSTR     // an optional BSTR: *string
	pCount       // an integer that gives the length of slices: taken from them
	pVarargs     // C's variable arguments (...): Go ...uintptr, passed as integer words
	pBool        // a VARIANT_BOOL: a Go bool (VARIANT_TRUE is -1)
	pStrings     // a counted [in] array of NUL-terminated UTF-16 strings (GetIDsOfNames' rgszNames): a []string
	// [in, out] or [in] pointers to counts.
	pInOutCount  // a pointer to the count of slices (size_is(*pc)): set from their length, returned when [in, out]
	pCalleeCount // a pointer to the count of an array the callee allocates (size_is(, *pc)): the slice's length

	// Arrays.
	pSlice // a sized pointer counted by a pCount or pInOutCount parameter: a Go slice both ways

	// [out] parameters.
	pOutValue        // T*: a result of type T
	pOutArray        // a fixed-size C array: a result array
	pOutBuffer       // a pointer to a type without a Go layout: memory the caller passes
	pOutBSTR         // BSTR*: a Go string result; the wrapper frees the BSTR
	pOutCoTaskString // LPWSTR*: a Go string result; the wrapper frees it with CoTaskMemFree
	pOutExcepInfo    // EXCEPINFO*: a *DispatchException result (nil when empty), the BSTRs freed; also err for DISP_E_EXCEPTION
	pOutCalleeArray  // T** with size_is(, *pc): a []T result, copied from the callee's CoTaskMem array, which is freed
	pOutBool         // VARIANT_BOOL*: a bool result
	pOptOut          // an optional [out] T* (-optional): a *T parameter the callee fills (*DispatchException for EXCEPINFO), nil passes NULL

	pInOut // [in, out]: the pointer, both ways

	// A pair: an [in] REFIID riid and the [out, iid_is(riid)] void **ppv it
	// asks for are one IIDOut (the runtime's Into(&p) makes it from a typed
	// variable, whose type gives the IID): both parameters have this kind,
	// goParam.pair naming the other.
	pIIDOut
)

// goParam is one parameter of a goMethod.
type goParam struct {
	*idl.ParamInfo
	name   string // in the client wrapper
	cbName string // in the server callback, which has names of its own (this, impl...)
	kind   paramKind
	why    string // pUnsupported: the reason
	// counts are, for a pCount, pInOutCount or pCalleeCount parameter, the
	// indexes of the buffers it counts; count is, for a pSlice or
	// pOutCalleeArray, the index of the parameter that counts it.
	counts []int
	count  int
	// size is how many elements the parameter addresses (sizes.go), or nil.
	size *bufSize
	// calleeCount is set for a count of an array the callee allocates;
	// inCount for such an array counted by an [in] integer the caller gives.
	calleeCount, inCount bool
	// oneElement is set for a sized pointer whose count Go cannot derive:
	// it is passed as one element (sizeDoc says so).
	oneElement bool
	// pair is, for a pIIDOut, the index of the other parameter of the pair
	// (the riid's for the out, the out's for the riid), or -1.
	pair int
}

// retKind says how a method's result comes back (windows-rs's signature kind).
type retKind int

const (
	rHRESULT retKind = iota // an HRESULT: hr and err
	rVoid                   // nothing
	rStruct                 // a structure, through a hidden pointer after this (MSVC's C++ ABI)
	rFloat                  // float or double: XMM0 on amd64 (Go's r2), D0 on arm64, ST0 on 386 (the trampolines)
	rWide                   // a 64-bit integer: EDX:EAX on 386
	rPointer                // a pointer in the result register
	rWord                   // another integer or enum in the result register
	rOther                  // anything else
)

// goMethod is the model of one method.
type goMethod struct {
	*idl.MethodInfo
	params []*goParam
	ret    retKind
	plan   *callPlan // where each argument travels, per target (plan.go)
}

// classifyRet decides how m's result comes back.
func classifyRet(m *idl.MethodInfo) retKind {
	r := m.Ret.Resolve()
	switch {
	case isNamed(m.Ret, "HRESULT"):
		return rHRESULT
	case m.Ret.Kind == idl.RBasic && m.Ret.Basic == "void":
		return rVoid
	case isStructValue(m.Ret):
		return rStruct
	case handleType(m.Ret) != nil:
		return rWord // a handle: a named integer (isHandleAlias)
	case isFloat(m.Ret):
		return rFloat
	case isInteger(m.Ret) && isWideInt(r):
		return rWide
	case r.Kind == idl.RPointer:
		return rPointer
	case isInteger(r), isPointerSized(r):
		return rWord
	}
	return rOther
}

// method returns the model of m, built once.
func (g *generator) method(m *idl.MethodInfo) *goMethod {
	if gm, ok := g.methods[m]; ok {
		return gm
	}
	gm := &goMethod{MethodInfo: m, ret: classifyRet(m), plan: planCall(m)}
	sizes := bufferSizes(m)
	for k, s := range sizes {
		switch {
		case s != nil && s.level == 1:
			s.notOwned = g.notOwned(m, m.Params[k])
		case s != nil && isPointerish(m.Params[k].Type):
			if _, err := g.sliceElem(m.Params[k].Type.Resolve()); err != nil {
				// Elements without a Go layout (a non-portable union: the
				// SDK's D3D12_RESOURCE_BARRIER) make no slice: the pointer
				// is unsafe.Pointer, as an unsized one is, and the count
				// stays the caller's.
				sizes[k] = nil
			}
		}
	}
	counts := derivedCounts(m, sizes)
	countOf := map[int]int{}
	for c, ps := range counts {
		for _, s := range ps {
			countOf[s] = c
		}
	}
	pn := newParamNamer()
	pairs := iidOutPairs(m, sizes)
	for k, p := range m.Params {
		pname := p.Name
		if isVarargs(p.Type) {
			pname = "args" // C's "..." has no name
		}
		name, cbName := pn.claim(g.paramName(pname, k))
		gp := &goParam{ParamInfo: p, name: name, cbName: cbName, count: -1, size: sizes[k], pair: -1}
		if o, ok := pairs[k]; ok {
			gp.pair = o
		}
		if c, ok := countOf[k]; ok {
			gp.count = c
		}
		gp.counts = counts[k]
		if gp.counts != nil {
			gp.calleeCount = sizes[gp.counts[0]].level == 1
		}
		if s := sizes[k]; s != nil && s.level == 1 && s.count >= 0 && !s.deref {
			c := m.Params[s.count]
			gp.inCount = c.Dir == idl.In && isCount(c.Type)
		}
		gp.kind, gp.why = g.classify(p, gp)
		if gp.kind == pOutBool && gm.ret != rHRESULT {
			gp.kind = pOutValue // no success to hand a bool over on: the VARIANT_BOOL itself
		}
		gm.params = append(gm.params, gp)
	}
	g.methods[m] = gm
	return gm
}

// derivedCounts maps each parameter whose value Go derives from the buffers
// it counts to those buffers' indexes: an [in] integer that bounds caller
// buffers (pCount), an [in, out] or [in] pointer to one (pInOutCount), and a
// pointer to the count of an array the callee allocates (pCalleeCount).
func derivedCounts(m *idl.MethodInfo, sizes []*bufSize) map[int][]int {
	counts := map[int][]int{}
	level := map[int]int{} // a count serves buffers of one level only
	for k, s := range sizes {
		if s == nil || s.count < 0 || !isPointerish(m.Params[k].Type) {
			continue
		}
		c := m.Params[s.count]
		var ok bool
		switch {
		case s.notOwned != "":
			// Not an array the wrapper copies and frees: its count stays a parameter.
		case s.level == 0 && !s.deref:
			ok = c.Dir == idl.In && isCount(c.Type)
		case s.level == 0:
			ok = c.Dir != idl.Out && isIntegerPtr(c.Type)
		case s.level == 1 && s.deref:
			ok = c.Dir != idl.In && isIntegerPtr(c.Type)
		}
		if l, seen := level[s.count]; !ok || seen && l != s.level {
			continue
		}
		level[s.count] = s.level
		counts[s.count] = append(counts[s.count], k)
	}
	return counts
}

// notOwned says why the array the callee returns through parameter p of m
// (size_is(, *pc)) is not one the wrapper may copy and free with
// CoTaskMemFree, or "". The marshalling rule that [out] memory is the
// caller's holds for methods that can be remoted: a [local] method's (or
// interface's) pointer may point into the callee's own memory, as may a
// [wire_marshal] type's (the SDK's IWICBitmapLock::GetDataPointer returns
// a pointer into the bitmap); and elements without a Go type cannot be copied.
func (g *generator) notOwned(m *idl.MethodInfo, p *idl.ParamInfo) string {
	if m.Attrs.Has("local") || m.Iface != nil && m.Iface.Local {
		return "the method is [local]: the memory the callee returns need not be the caller's to free"
	}
	r := p.Type.Resolve()
	if r.Kind != idl.RPointer && r.Kind != idl.RArray || r.Elem.Resolve().Kind != idl.RPointer {
		return ""
	}
	elem := r.Elem.Resolve().Elem
	wireMarshal := func(e idl.Entity) bool { a, ok := e.(*idl.AliasInfo); return ok && a.Attrs.Has("wire_marshal") }
	if anyAlias(r.Elem, wireMarshal) || anyAlias(elem, wireMarshal) {
		return "its type is [wire_marshal]: the memory the callee returns need not be the caller's to free"
	}
	if isStringPtr(elem) {
		return ""
	}
	if _, err := g.goType(elem); err != nil {
		return "its elements have no Go type"
	}
	return ""
}

// paramNamer keeps a method's parameter names apart: from each other (hr
// and hr_, which paramName makes of hr; an unnamed parameter, p0, beside
// one named p0) and from the names the wrappers and callbacks derive from
// them (_n, _n32, nLo, nHi, nBits, nRef, n32W0: see methods.go, server.go,
// abi.go). A name that would meet another gets "_" appended. Every check
// is a map lookup per prefix of the name: linear in the names' length.
type paramNamer struct {
	taken    map[string]bool // names and callback names given
	prefixes map[string]bool // every prefix of those
	under    map[string]bool // every prefix of those after their leading _
}

func newParamNamer() *paramNamer {
	return &paramNamer{taken: map[string]bool{}, prefixes: map[string]bool{}, under: map[string]bool{}}
}

// derivedSuffixes are what the wrappers append to a parameter's name.
var derivedSuffixes = []string{"Lo", "Hi", "Bits", "Ref"}

// free reports whether n neither is nor derives from nor is derived from a
// name given.
func (pn *paramNamer) free(n string) bool {
	if pn.taken[n] || pn.under[n] || pn.prefixes[n+"32W"] || pn.prefixes[n+"64W"] {
		return false
	}
	for _, s := range derivedSuffixes {
		if pn.taken[n+s] || strings.HasSuffix(n, s) && pn.taken[strings.TrimSuffix(n, s)] {
			return false
		}
	}
	if rest, ok := strings.CutPrefix(n, "_"); ok {
		for i := 1; i <= len(rest); i++ {
			if pn.taken[rest[:i]] {
				return false
			}
		}
	}
	for _, w := range []string{"32W", "64W"} {
		if i := strings.LastIndex(n, w); i > 0 && pn.taken[n[:i]] {
			return false
		}
	}
	return true
}

func (pn *paramNamer) add(n string) {
	pn.taken[n] = true
	for i := 1; i <= len(n); i++ {
		pn.prefixes[n[:i]] = true
	}
	if rest, ok := strings.CutPrefix(n, "_"); ok {
		for i := 1; i <= len(rest); i++ {
			pn.under[rest[:i]] = true
		}
	}
}

// claim gives a parameter that would be named n its wrapper name and its
// callback name (which also avoids the callbacks' own names).
func (pn *paramNamer) claim(n string) (name, cbName string) {
	for {
		cb := n
		if cbReserved[cb] {
			cb += "_"
		}
		if pn.free(n) && (cb == n || pn.free(cb)) {
			pn.add(n)
			pn.add(cb)
			return n, cb
		}
		n += "_"
	}
}

// cbReserved are the names a server callback declares itself.
var cbReserved = map[string]bool{"this": true, "impl": true, "ret": true, "ok": true, "hiddenResult": true, res386: true}

// classify decides a parameter's kind.
func (g *generator) classify(p *idl.ParamInfo, gp *goParam) (paramKind, string) {
	if isVarargs(p.Type) {
		return pVarargs, ""
	}
	if gp.pair >= 0 && gp.counts == nil && gp.size == nil {
		return pIIDOut, ""
	}
	r := p.Type.Resolve()
	switch {
	case gp.counts != nil && r.Kind != idl.RPointer:
		return pCount, ""
	case gp.counts != nil && gp.calleeCount:
		return pCalleeCount, ""
	case gp.counts != nil:
		return pInOutCount, ""
	}
	pointerish := r.Kind == idl.RPointer || r.Kind == idl.RArray
	sized := gp.size != nil && gp.size.level == 0 && gp.size.count >= 0
	if gp.size != nil && gp.size.notOwned != "" {
		gp.oneElement = true // the callee's pointer, as it is (sizeDoc says why)
	}
	if sized && gp.count < 0 {
		// A count Go cannot set from the slice (an [out] count: Wine's evr9.idl
		// sizes GetAvailableVideoProcessorModes' GUID **modes by *count): the
		// wrapper passes exactly one element, and says so.
		sized, gp.oneElement = false, true
	}
	if p.Dir == idl.In && handleType(p.Type) != nil {
		return pWord, "" // a handle: a named integer (isHandleAlias)
	}
	if p.Dir == idl.Out && g.optionalOut(p) && r.Kind == idl.RPointer && gp.size == nil {
		if _, err := g.goType(r.Elem); err == nil && !isNamed(r.Elem, "BSTR") && !isStringPtr(r.Elem) {
			return pOptOut, "" // the caller's variable, or nil for NULL
		}
	}
	switch p.Dir {
	case idl.InOut:
		if pointerish && sized {
			return pSlice, "" // _Inout_updates_(n): the caller's buffer, both ways
		}
		if r.Kind == idl.RPointer && gp.size != nil && gp.size.count < 0 && gp.size.level == 0 {
			return pFixedPtr, ""
		}
		return pInOut, ""
	case idl.Out:
		switch {
		case !pointerish:
			return pUnsupported, fmt.Sprintf("[out] parameter %s is not a pointer", p.Name)
		case gp.size != nil && gp.size.level == 1 && gp.size.notOwned == "":
			if e := r.Elem.Resolve(); r.Kind != idl.RPointer && !(r.Kind == idl.RArray && r.Len < 0) || e.Kind != idl.RPointer || gp.size.count < 0 {
				return pUnsupported, fmt.Sprintf("[out] parameter %s is an array the callee allocates, of a form comgen does not read", p.Name)
			}
			if gp.count < 0 && !gp.inCount {
				return pUnsupported, fmt.Sprintf("[out] parameter %s is an array the callee allocates, whose count comgen cannot read", p.Name)
			}
			return pOutCalleeArray, ""
		case sized:
			return pSlice, ""
		case gp.size != nil && gp.size.count < 0 && r.Kind == idl.RPointer:
			return pOutArray, "" // SAL _Out_writes_(4): a fixed-size array
		case r.Kind == idl.RArray && r.Len < 0:
			return pUnsupported, fmt.Sprintf("[out] parameter %s is an array of unknown size", p.Name)
		case r.Kind == idl.RArray:
			return pOutArray, ""
		case isNamed(r.Elem, "BSTR"):
			return pOutBSTR, ""
		case isStringPtr(r.Elem):
			return pOutCoTaskString, ""
		case isExcepInfo(r.Elem):
			return pOutExcepInfo, ""
		case isNamed(r.Elem, "VARIANT_BOOL"):
			return pOutBool, ""
		}
		if _, err := g.goType(r.Elem); err != nil && g.pointee(r) == nil && r.Elem.Kind != idl.RFunc {
			return pOutBuffer, ""
		}
		return pOutValue, ""
	}
	switch {
	case isNamed(p.Type, "BSTR"):
		if g.optionalParam(p) {
			return pOptBSTR, ""
		}
		return pBSTR, ""
	case isStringPtr(p.Type) && gp.size == nil:
		if g.optionalParam(p) {
			return pOptString, ""
		}
		return pString, ""
	case isNamed(p.Type, "VARIANT_BOOL"):
		return pBool, ""
	case pointerish && sized && r.Kind == idl.RPointer && isStringPtr(r.Elem) && gp.count >= 0:
		return pStrings, ""
	case pointerish && sized:
		return pSlice, ""
	case r.Kind == idl.RPointer && gp.size != nil && gp.size.count < 0 && gp.size.level == 0:
		return pFixedPtr, ""
	case r.Kind == idl.RPointer && r.Elem.Kind == idl.RFunc:
		return pFuncPtr, ""
	case pointerish:
		return pPointer, ""
	case r.Kind == idl.RBasic && isFloat(r):
		return pFloat, ""
	case r.Kind == idl.RBasic:
		if _, size := basicGo(r.Basic); size == 8 {
			return pWide, ""
		}
		return pWord, ""
	case r.Kind == idl.RNamed:
		switch r.Decl.(type) {
		case *idl.EnumInfo:
			return pWord, ""
		case *idl.StructInfo:
			return pStructValue, ""
		}
	}
	if _, err := g.paramType(p.Type); err != nil {
		return pUnsupported, err.Error() // a type without a Go form says which
	}
	return pUnsupported, fmt.Sprintf("parameter %s has unsupported type %s", p.Name, typeString(p.Type))
}
