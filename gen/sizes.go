package gen

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/comgen/comgen/idl"
)

// How many elements a pointer parameter addresses, decided once per method
// (generator.method) and read by the classifier: the rule of memory safety
// is that no wrapper hands a callee a buffer whose capacity the callee is
// told differently than Go allocated it. A count that bounds a caller's
// buffer is derived from the slice's length (or checked against it), never
// given separately by the user; an array the callee allocates comes back as
// a Go slice, copied and freed.
//
// The size comes from the IDL's size_is/max_is, or where the IDL is silent
// from the SDK's SAL annotations (annotation("_Out_writes_(celt)")), and for
// IDL that has neither (much of Wine's) from two shape rules, each named in
// the method's documentation so that a census can list them:
//   - the enumerator rule: Next([in] ULONG celt, [out] T *rgelt, [out] ULONG
//     *pceltFetched) fills celt elements (mlang's IEnumCodePage, IEnumScript,
//     IEnumRfc1766 declare no size_is);
//   - the pair rule: a pointer followed by the count that bounds it, by
//     value or [in, out] by pointer, recognised by the count's name (cch,
//     cb, count, max_count, size, *_count, pcSrcSize...): DirectWrite's
//     GetClusterMetrics(metrics, max_count, act_count), mlang's
//     ConvertString(..., pSrcStr, pcSrcSize, pDstStr, pcDstSize);
//   - the count-first rule: an [in] count by value just before the pointer
//     it bounds, when the names say so: a count of bytes or characters
//     (cb, cch, cwch) before a pointer to bytes or characters (or void, for
//     bytes), or c<Name>/n<Name> before a pointer named <Name> with a
//     Hungarian prefix: txcoord's GetWhereabouts(cbWhereabouts,
//     rgbWhereabouts, pcbUsed), txdtc's GetPrepareInfo(cbPrepareInfo,
//     pPrepInfo). Without it the wrapper would pass one element where the
//     callee writes as many as the count says.

// sizeSource says where a buffer's size comes from.
type sizeSource int

const (
	srcIDL        sizeSource = iota // size_is or max_is
	srcSAL                          // an SDK SAL annotation
	srcEnumNext                     // the enumerator rule
	srcPair                         // the pair rule
	srcTable                        // knownSizes
	srcCountFirst                   // the count-first rule
)

func (s sizeSource) String() string {
	switch s {
	case srcSAL:
		return "the SAL annotation"
	case srcEnumNext:
		return "comgen's enumerator rule (Next(celt, rgelt, pceltFetched); the IDL gives no size)"
	case srcPair:
		return "comgen's pointer-and-count rule (the IDL gives no size)"
	case srcTable:
		return "comgen's table of sizes the IDL does not give (the method's documentation)"
	case srcCountFirst:
		return "comgen's count-and-pointer rule (the IDL gives no size)"
	}
	return "size_is"
}

// bufSize is how many elements a pointer parameter addresses.
type bufSize struct {
	count int  // the parameter that holds the count (-1: fixed, see n)
	n     int  // a constant count (SAL _Out_writes_(4)), when count is -1
	deref bool // the count is what the count parameter points to ([in, out] *pc)
	level int  // 0: the caller's buffer; 1: an array the callee allocates (T **pp)
	src   sizeSource
	sal   string // the annotation, for srcSAL
	// notOwned, for an array the callee returns (level 1), says why the
	// wrapper neither copies nor frees it (see generator.notOwned), or "".
	notOwned string
}

// bufferSizes returns, per parameter of m, its buffer size or nil.
func bufferSizes(m *idl.MethodInfo) []*bufSize {
	sizes := make([]*bufSize, len(m.Params))
	names := map[string]int{}
	for k, p := range m.Params {
		if p.Name != "" {
			names[p.Name] = k
		}
	}
	for k, p := range m.Params {
		switch {
		case p.SizeIs >= 0:
			sizes[k] = &bufSize{count: p.SizeIs, deref: p.SizeDeref, level: p.SizeLevel, src: srcIDL}
		default:
			sizes[k] = salSize(p, names)
		}
	}
	if m.Name == "Next" && len(m.Params) == 3 && sizes[1] == nil {
		celt, rgelt, fetched := m.Params[0], m.Params[1], m.Params[2]
		if celt.Dir == idl.In && isCount(celt.Type) && rgelt.Dir != idl.In && enumElements(rgelt.Type) &&
			fetched.Dir == idl.Out && isIntegerPtr(fetched.Type) {
			sizes[1] = &bufSize{count: 0, src: srcEnumNext}
		}
	}
	counted := map[int]bool{}
	for _, s := range sizes {
		if s != nil && s.count >= 0 {
			counted[s.count] = true
		}
	}
	if m.Iface != nil {
		for buf, cnt := range knownSizes[m.Iface.Name+"::"+m.Name] {
			deref := strings.HasPrefix(cnt, "*")
			b, okb := names[buf]
			c, okc := names[strings.TrimPrefix(cnt, "*")]
			if okb && okc && sizes[b] == nil && !counted[c] {
				sizes[b] = &bufSize{count: c, deref: deref, src: srcTable}
				counted[c] = true
			}
		}
	}
	if m.Iface != nil && notPairs[m.Iface.Name+"::"+m.Name] {
		return sizes
	}
	for k := 0; k+1 < len(m.Params); k++ {
		p, c := m.Params[k], m.Params[k+1]
		if sizes[k] != nil || sizes[k+1] != nil || counted[k+1] || counted[k] || isStringPtr(p.Type) {
			continue
		}
		byPtr := isIntegerPtr(c.Type) && c.Dir != idl.Out && pairCountPtr.MatchString(c.Name) && !constPointee(p.Type)
		byValue := c.Dir == idl.In && isCount(c.Type) && pairCount.MatchString(c.Name)
		if !byPtr && !byValue || !bufferPointer(p.Type, byteCount.MatchString(c.Name)) || !pairBuffer(p) {
			continue
		}
		if k+2 < len(m.Params) && isVoidPtr(m.Params[k+2].Type) {
			continue // GetHDRMetaData(type, size, data): the count is the next buffer's
		}
		if e := p.Type.Resolve().Elem.Resolve(); e.Kind == idl.RNamed && !elementCount.MatchString(c.Name) {
			if _, isStruct := e.Decl.(*idl.StructInfo); isStruct {
				continue // KsProperty(Property, PropertyLength): a size in bytes of structures
			}
		}
		sizes[k] = &bufSize{count: k + 1, deref: byPtr, src: srcPair}
		counted[k+1] = true
		k++
	}
	for k := 0; k+1 < len(m.Params); k++ {
		if c, p := m.Params[k], m.Params[k+1]; sizes[k] == nil && sizes[k+1] == nil && !counted[k] && !counted[k+1] &&
			countFirst(c, p) {
			sizes[k+1] = &bufSize{count: k, src: srcCountFirst}
			counted[k] = true
			k++
		}
	}
	return sizes
}

var (
	// countFirstUnits matches the names of counts of bytes or characters
	// (cbData, cchName, cwchBuffer): the unit says what the buffer holds.
	countFirstUnits = regexp.MustCompile(`^(cb|cch|cwch)([A-Z_]|$)`)
	// countFirstNamed matches c<Name> and n<Name>, a count of <Name>.
	countFirstNamed = regexp.MustCompile(`^[cn]([A-Z]\w*)$`)
	// hungarianPointer matches a pointer's Hungarian prefix (rgb, pb, psz,
	// pwsz, pwch, lp, rg, p) and captures the name after it.
	hungarianPointer = regexp.MustCompile(`^(?:rgb|rg|pb|pwsz|psz|pwch|pch|lpsz|lpwstr|lp|a|p)([A-Z]\w*)$`)
)

// countFirst reports whether c, an [in] count by value, bounds p, the
// pointer right after it (the count-first rule; see bufferSizes).
func countFirst(c, p *idl.ParamInfo) bool {
	if c.Dir != idl.In || !isCount(c.Type) || !bufferPointer(p.Type, true) || !pairBuffer(p) {
		return false
	}
	if m := countFirstUnits.FindStringSubmatch(c.Name); m != nil {
		if m[1] == "cb" {
			return isByteBuffer(p.Type) // bytes, or void
		}
		e := p.Type.Resolve().Elem.Resolve() // characters: one or two bytes
		return e.Kind == idl.RBasic && e.Basic != "void" && (idl.BasicSize(e.Basic, idl.ArchAMD64) == 1 || idl.BasicSize(e.Basic, idl.ArchAMD64) == 2)
	}
	m := countFirstNamed.FindStringSubmatch(c.Name)
	h := hungarianPointer.FindStringSubmatch(p.Name)
	return m != nil && h != nil && m[1] == h[1] && !isStringPtr(p.Type) && bufferPointer(p.Type, false)
}

// knownSizes are buffers the IDL does not size and no rule reads, each with
// the parameter that counts it (*name: the count it points to), from the
// method's documentation: per method, buffer -> count.
var knownSizes = map[string]map[string]string{
	// A channel hook's buffer: cbDataSize bytes, or *pDataSize bytes (the
	// size on the way in, what was written on the way out).
	"IChannelHook::ClientFillBuffer": {"pDataBuffer": "*pDataSize"},
	"IChannelHook::ServerFillBuffer": {"pDataBuffer": "*pDataSize"},
	"IChannelHook::ClientNotify":     {"pDataBuffer": "cbDataSize"},
	"IChannelHook::ServerNotify":     {"pDataBuffer": "cbDataSize"},
	// Marshal(pvType, dwDestContext, pvDestContext, cbBufferLength, pBuffer,
	// pcbWritten): cbBufferLength is the size of pBuffer, after it (the
	// pair rule would take it for pvDestContext's).
	"ITypeMarshal::Marshal":   {"pBuffer": "cbBufferLength"},
	"ITypeMarshal::Unmarshal": {"pBuffer": "cbBufferLength"},
}

// notPairs are the methods the pair rule misreads, each with its reason:
// the count after the pointer is not the size of what it points to.
var notPairs = map[string]bool{
	"ITypeMarshal::Marshal":     true, // see knownSizes
	"IMalloc::Realloc":          true, // Realloc(pv, cb): cb is the new size, not pv's
	"IMallocSpy::PreRealloc":    true, // PreRealloc(pRequest, cbRequest, ...): likewise
	"IBDA_FDC::GetTableSection": true, // (ULONG *Pid, ULONG MaxBufferSize, ...): the size of SecBuffer, later
}

var (
	// pairCount matches the names of counts by value: Hungarian c<Name>,
	// cb, cch, celt, n<Name>, and count/size/length words.
	pairCount = regexp.MustCompile(`^(c[A-Z]|cb|cch|cwch|celt|n[A-Z]|num_|max_?[cC]ount|[cC]ount$|[sS]ize$|len$|[lL]ength$)|(_count|_size|_len|_length|Count|Size|Length|Len)$`)
	// pairCountPtr matches counts passed by pointer: pc<Name>, pcb, pcch,
	// and p...Size/Length/Count.
	pairCountPtr = regexp.MustCompile(`^(pc[A-Z]|pcb|pcch|pcc[A-Z]|pn[A-Z])|^p\w*(Size|Length|Len|Count)$`)
	// elementCount matches the names of counts of elements (not of bytes).
	elementCount = regexp.MustCompile(`^(c[A-Z]|celt|n[A-Z]|num_|max_?[cC]ount|[cC]ount$)|(_count|Count)$`)
	// scalarOut matches the Hungarian names of pointers to one integer.
	scalarOut = regexp.MustCompile(`^p(c|cb|cch|ul|dw|l|i|u|n|f|v|w|s|h)[A-Z]`)
	// byteCount matches counts of bytes, which may bound a void* buffer.
	byteCount = regexp.MustCompile(`^p?(cb|size|data_size)|[bB]ytes?|[sS]ize$`)
)

// pairBuffer reports whether p may be the buffer of the pair rule: not a
// GUID (REFIID riid, a single value), a VARIANT or a BSTR, not a pointer to one integer by its
// Hungarian name (pulCount, pdwStatus, pvType, pcPatterns), not a description (desc,
// pDesc: one structure, followed by the count of what it describes).
func pairBuffer(p *idl.ParamInfo) bool {
	e := p.Type.Resolve().Elem
	switch {
	case isNamed(e, "GUID"), isNamed(e, "VARIANT"), isNamed(p.Type, "BSTR"):
		return false // single values (ITextRange::MoveWhile(VARIANT *Cset, LONG Count, ...))
	case isInteger(e) && scalarOut.MatchString(p.Name):
		return false
	case e.Resolve().Kind == idl.RNamed && strings.Contains(strings.ToLower(p.Name), "desc"):
		return false
	}
	return true
}

// constPointee reports whether t is a pointer to const (an [in] buffer).
func constPointee(t *idl.TypeRef) bool {
	r := t.Resolve()
	return r.Kind == idl.RPointer && r.Elem.Const
}

// isByteBuffer reports whether t points to bytes or to void.
func isByteBuffer(t *idl.TypeRef) bool {
	e := t.Resolve().Elem.Resolve()
	return e.Kind == idl.RBasic && (e.Basic == "void" || idl.BasicSize(e.Basic, idl.ArchAMD64) == 1)
}

// bufferPointer reports whether t is a pointer a buffer can be: to a type
// with a layout, not a pointer itself (an interface, a string), not a
// function; void* only when voidOK (a byte count bounds it).
func bufferPointer(t *idl.TypeRef, voidOK bool) bool {
	r := t.Resolve()
	if r.Kind != idl.RPointer || handleType(t) != nil {
		return false
	}
	e := r.Elem.Resolve()
	switch {
	case e.Kind == idl.RBasic && e.Basic == "void":
		return voidOK
	case e.Kind == idl.RPointer, e.Kind == idl.RFunc, e.Kind == idl.ROpaque:
		return false
	case e.Kind == idl.RNamed:
		switch d := e.Decl.(type) {
		case *idl.IfaceInfo:
			return false
		case *idl.StructInfo:
			return !d.Incomplete && !d.Placeholder()
		}
	}
	return true
}

// enumElements reports whether t can point to an enumerator's elements:
// values of a type with a layout, or pointers (interfaces, strings).
func enumElements(t *idl.TypeRef) bool {
	r := t.Resolve()
	if r.Kind == idl.RArray && r.Len < 0 {
		r = &idl.TypeRef{Kind: idl.RPointer, Elem: r.Elem} // T x[]: a pointer
		t = r
	}
	if r.Kind != idl.RPointer {
		return false
	}
	if e := r.Elem.Resolve(); e.Kind == idl.RPointer {
		return e.Elem.Kind != idl.RFunc
	}
	return bufferPointer(t, false)
}

// salBuffer matches the SAL annotations that size a buffer parameter:
// _In_reads_(n), _Out_writes_(n), _Out_writes_to_(n, *pc), _Inout_updates_(n),
// their _opt_, _all_, _z_ and _bytes_ forms, and _Outptr_result_buffer_(n)
// (an array the callee allocates).
var salBuffer = regexp.MustCompile(`^_(In_reads|Out_writes|Inout_updates|Outptr(?:_opt)?_result_(?:buffer|bytebuffer))((?:_bytes|_all|_to|_opt|_maybenull|_z|_nullonfailure)*)_\((.*)\)$`)

// salSize reads p's SAL annotation: the count, when it names a sibling
// parameter (n or *pn) or is a constant; other expressions are not used.
func salSize(p *idl.ParamInfo, names map[string]int) *bufSize {
	a := p.Attrs.Get("annotation")
	if a == nil {
		return nil
	}
	for _, arg := range a.Args {
		lit, ok := arg.(*idl.StringLit)
		if !ok {
			continue
		}
		m := salBuffer.FindStringSubmatch(strings.TrimSpace(lit.Value))
		if m == nil {
			continue
		}
		kind, mods, args := m[1], m[2], splitSALArgs(m[3])
		s := &bufSize{count: -1, src: srcSAL, sal: lit.Value}
		if strings.HasPrefix(kind, "Outptr") {
			s.level = 1
		}
		bytes := strings.Contains(mods, "_bytes") || strings.Contains(kind, "bytebuffer")
		if bytes && !bufferPointer(p.Type, true) {
			return nil
		}
		if bytes && s.level == 0 && !isByteBuffer(p.Type) {
			return nil // a count of bytes bounds a buffer of 1-byte elements only (void*, BYTE*)
		}
		if len(args) == 0 {
			return nil
		}
		// The size only: _to_'s second argument, what the callee fills, is
		// an [out] count the wrapper returns as it is.
		var ok1 bool
		if s.count, s.deref, s.n, ok1 = salRef(args[0], names); !ok1 {
			return nil
		}
		if s.count < 0 && (s.level == 1 || s.n <= 0) {
			return nil
		}
		return s
	}
	return nil
}

// splitSALArgs splits an annotation's arguments at the commas outside parentheses.
func splitSALArgs(s string) []string {
	var args []string
	depth, start := 0, 0
	for i, r := range s {
		switch r {
		case '(':
			depth++
		case ')':
			depth--
		case ',':
			if depth == 0 {
				args = append(args, strings.TrimSpace(s[start:i]))
				start = i + 1
			}
		}
	}
	return append(args, strings.TrimSpace(s[start:]))
}

// salRef reads one SAL count: a parameter name, *name, or a small constant.
func salRef(s string, names map[string]int) (param int, deref bool, n int, ok bool) {
	if strings.HasPrefix(s, "*") {
		s, deref = strings.TrimSpace(s[1:]), true
	}
	if k, found := names[s]; found {
		return k, deref, 0, true
	}
	if v, err := strconv.Atoi(s); err == nil && !deref && v > 0 && v <= 1<<16 {
		return -1, false, v, true
	}
	return -1, false, 0, false
}

// sizeDoc says, for the method's documentation, how a buffer's size is
// known where the IDL's size_is does not say it; "" otherwise.
func sizeDoc(p *goParam, params []*goParam) string {
	s := p.size
	if s != nil && s.notOwned != "" {
		return fmt.Sprintf("Buffer size: %s is an array the callee returns, sized by %s, which the wrapper does not copy or free (%s): it is the callee's pointer, as it is.",
			p.name, params[s.count].Name, s.notOwned)
	}
	if s != nil && p.oneElement {
		src := s.src.String()
		if s.src == srcSAL {
			src = "its SAL annotation " + s.sal
		}
		return fmt.Sprintf("Buffer size: %s is sized by %s (from %s), which is not an [in] count Go can set from a slice's length: the wrapper passes exactly one element.",
			p.name, params[s.count].Name, src)
	}
	if s == nil || s.src == srcIDL {
		return ""
	}
	var how string
	switch {
	case s.count < 0:
		how = fmt.Sprintf("%s is an array of %d elements", p.name, s.n)
	case s.level == 1:
		how = fmt.Sprintf("%s is an array the callee allocates, of %s elements", p.name, params[s.count].Name)
	default:
		how = fmt.Sprintf("the callee is told len(%s) as %s", p.name, params[s.count].Name)
	}
	src := s.src.String()
	if s.src == srcSAL {
		src = "the SAL annotation " + s.sal
	}
	return fmt.Sprintf("Buffer size: %s, from %s.", how, src)
}

// retainedBuffers are the [in] buffers that a callee is known to keep after
// the call returns (a method's documentation says so; the IDL cannot):
// "Interface::Method" to the parameter.
var retainedBuffers = map[string]string{
	"IWICStream::InitializeFromMemory": "pbBuffer", // the stream reads the memory for its lifetime
	"IAMMediaTypeSample::SetPointer":   "pBuffer",  // the sample's buffer until it is released
}

// retainDoc says, for the method's documentation, that the callee keeps p.
func retainDoc(i *idl.IfaceInfo, m *idl.MethodInfo, p *goParam) string {
	if retainedBuffers[i.Name+"::"+m.Name] != p.Name {
		return ""
	}
	return fmt.Sprintf("The callee keeps %s after the call returns: pass memory the Go garbage collector does not free, such as a slice from CoTaskMemBytes, and free it only when the callee is done with it.", p.name)
}
