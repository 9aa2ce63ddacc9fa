package typelib

import (
	"encoding/binary"
	"fmt"
	"math"
	"unicode/utf8"
)

// The MSFT format: a header, the offsets of the type infos, a directory of
// 15 segments (offset, length, two reserved words) and the segments. All
// numbers are little-endian; offsets in the header and type infos are into
// the segments named beside them.

const (
	msftMagic     = 0x5446534d // "MSFT"
	sltgMagic     = 0x47544c53 // "SLTG"
	headerSize    = 0x54
	typeInfoSize  = 0x64
	helpDLLFlag   = 0x100
	numSegments   = 15
	segEntrySize  = 16
	maxTypeDepth  = 64 // nesting of type descriptors (pointer to pointer to ...)
	impInfoSize   = 12
	refRecordSize = 16
	cdGuidSize    = 12
	paramInfoSize = 12
	guidEntrySize = 24
)

// Segments of the directory, in order.
const (
	segTypeInfo = iota
	segImpInfo
	segImpFiles
	segRefTab
	segGUIDHash
	segGUID
	segNameHash
	segName
	segString
	segTypeDesc
	segArrayDesc
	segCustData
	segCDGuids
)

var segNames = [numSegments]string{"type info", "import info", "import file", "reference", "GUID hash", "GUID",
	"name hash", "name", "string", "type descriptor", "array descriptor", "custom data", "custom data GUID", "reserved 0xe", "reserved 0xf"}

type segment struct{ off, len int }

// readFail is what a reader panics with; read recovers it and nothing else.
type readFail struct{ err *Error }

type reader struct {
	file string
	data []byte
	base int64 // offset of data in the file, for errors
	seg  [numSegments]segment
	lib  *Library
	// refs caches references by HREFTYPE, types by index.
	refs    map[int32]*Ref
	imports map[int]*Import // by offset in the import file segment
	// budget bounds the work on descriptors shared many times over.
	budget int
}

func (r *reader) failf(off int, format string, args ...any) {
	panic(readFail{&Error{File: r.file, Offset: r.base + int64(off), Msg: fmt.Sprintf(format, args...)}})
}

func (r *reader) check(off, n int, what string) {
	if off < 0 || n < 0 || off > len(r.data) || len(r.data)-off < n {
		r.failf(max(off, 0), "%s (%d bytes) is outside the library (%d bytes)", what, n, len(r.data))
	}
}

func (r *reader) u32(off int, what string) uint32 {
	r.check(off, 4, what)
	return binary.LittleEndian.Uint32(r.data[off:])
}

func (r *reader) i32(off int, what string) int32 { return int32(r.u32(off, what)) }

func (r *reader) u16(off int, what string) uint16 {
	r.check(off, 2, what)
	return binary.LittleEndian.Uint16(r.data[off:])
}

// in returns the absolute offset of off..off+n in segment s, checked.
func (r *reader) in(s int, off, n int, what string) int {
	sg := r.seg[s]
	if off < 0 || n < 0 || off > sg.len || sg.len-off < n {
		r.failf(sg.off+max(off, 0), "%s at %#x in the %s segment (%d bytes) is outside it", what, off, segNames[s], sg.len)
	}
	return sg.off + off
}

// parseMSFT reads an MSFT library from data, which the file holds at base.
func parseMSFT(file string, data []byte, base int64) (lib *Library, err error) {
	r := &reader{file: file, data: data, base: base, refs: map[int32]*Ref{}, imports: map[int]*Import{}}
	r.budget = 64*len(data) + 1<<16
	defer func() {
		if x := recover(); x != nil {
			f, ok := x.(readFail)
			if !ok {
				panic(x)
			}
			lib, err = nil, f.err
		}
	}()
	r.lib = &Library{File: file}
	r.read()
	return r.lib, nil
}

func (r *reader) read() {
	if len(r.data) < 4 {
		r.failf(0, "not a type library: %d bytes", len(r.data))
	}
	switch binary.LittleEndian.Uint32(r.data) {
	case msftMagic:
	case sltgMagic:
		r.failf(0, "an SLTG type library (the format of 16-bit and some old MIDL libraries): comgen reads only the MSFT format")
	default:
		r.failf(0, "not a type library: it starts with %q, not MSFT", r.data[:4])
	}
	r.check(0, headerSize, "the header")
	h := func(off int) uint32 { return binary.LittleEndian.Uint32(r.data[off:]) }
	lib := r.lib
	varflags := h(0x14)
	lib.SysKind = SysKind(varflags & 0xf)
	lib.LCID = h(0x0c)
	ver := h(0x18)
	lib.Major, lib.Minor = uint16(ver), uint16(ver>>16)
	lib.Flags = LibFlags(h(0x1c))
	ntypes := int(int32(h(0x20)))
	pos := headerSize
	helpDLL := int32(-1)
	if varflags&helpDLLFlag != 0 {
		helpDLL = r.i32(pos, "the help string DLL offset")
		pos += 4
	}
	if ntypes < 0 || ntypes > len(r.data)/typeInfoSize {
		r.failf(0x20, "%d type infos cannot fit in %d bytes", ntypes, len(r.data))
	}
	pos += 4 * ntypes // the offsets of the type infos (not needed: they are contiguous)
	r.check(pos, numSegments*segEntrySize, "the segment directory")
	for i := range r.seg {
		e := pos + i*segEntrySize
		off, n := int(int32(h(e))), int(int32(h(e+4)))
		if off == -1 || n <= 0 {
			r.seg[i] = segment{}
			continue
		}
		if off < 0 || off > len(r.data) || len(r.data)-off < n {
			r.failf(e, "the %s segment (%d bytes at %#x) is outside the library (%d bytes)", segNames[i], n, off, len(r.data))
		}
		r.seg[i] = segment{off, n}
	}
	if r.seg[segTypeInfo].len < ntypes*typeInfoSize {
		r.failf(0x20, "%d type infos do not fit in the type info segment (%d bytes)", ntypes, r.seg[segTypeInfo].len)
	}
	lib.GUID = r.guid(int32(h(0x08)), 0x08)
	lib.Doc = r.str(int32(h(0x24)))
	lib.HelpStringContext = h(0x28)
	lib.HelpContext = h(0x2c)
	lib.Name = r.name(int32(h(0x38)))
	lib.HelpFile = r.str(int32(h(0x3c)))
	lib.Custom = r.custData(int32(h(0x40)))
	if helpDLL != -1 {
		lib.HelpStringDLL = r.str(helpDLL)
	}
	r.readImports()
	if d := int32(h(0x4c)); d != -1 {
		lib.Dispatch = r.ref(d, 0x4c)
	}
	lib.Types = make([]*TypeInfo, ntypes)
	for i := range lib.Types {
		lib.Types[i] = &TypeInfo{Index: i}
	}
	// References to this library's types point at the entries above,
	// which are filled in place.
	for i, t := range lib.Types {
		r.typeInfo(i, t)
	}
}

// readImports reads the import file segment: the libraries referred to.
func (r *reader) readImports() {
	sg := r.seg[segImpFiles]
	for off := 0; off < sg.len; {
		abs := r.in(segImpFiles, off, 14, "an import file entry")
		imp := &Import{}
		imp.GUID = r.guid(r.i32(abs, "an import's GUID"), abs)
		imp.LCID = r.u32(abs+4, "an import's LCID")
		imp.Major = r.u16(abs+8, "an import's version")
		imp.Minor = r.u16(abs+10, "an import's version")
		n := int(r.u16(abs+12, "an import's name length") >> 2)
		at := r.in(segImpFiles, off+14, n, "an import's name")
		imp.Name = decodeString(r.data[at : at+n])
		r.imports[off] = imp
		r.lib.Imports = append(r.lib.Imports, imp)
		off = (off + 14 + n + 3) &^ 3
	}
}

func (r *reader) guid(off int32, from int) GUID {
	if off == -1 {
		return GUID{}
	}
	if off < 0 {
		r.failf(from, "GUID offset %d is negative", off)
	}
	at := r.in(segGUID, int(off), 16, "a GUID")
	var g GUID
	g.Data1 = binary.LittleEndian.Uint32(r.data[at:])
	g.Data2 = binary.LittleEndian.Uint16(r.data[at+4:])
	g.Data3 = binary.LittleEndian.Uint16(r.data[at+6:])
	copy(g.Data4[:], r.data[at+8:at+16])
	return g
}

// name reads an entry of the name table: hash link, hash, length in the low byte, the bytes.
func (r *reader) name(off int32) string {
	if off == -1 {
		return ""
	}
	at := r.in(segName, int(off), 12, "a name")
	n := int(r.data[at+8])
	at = r.in(segName, int(off)+12, n, "a name's text")
	return decodeString(r.data[at : at+n])
}

// str reads an entry of the string table: a 16-bit length, the bytes.
func (r *reader) str(off int32) string {
	if off == -1 {
		return ""
	}
	at := r.in(segString, int(off), 2, "a string")
	n := int(binary.LittleEndian.Uint16(r.data[at:]))
	at = r.in(segString, int(off)+2, n, "a string's text")
	return decodeString(r.data[at : at+n])
}

// decodeString makes a Go string of the library's 8-bit text: UTF-8 when it
// is valid UTF-8 (widl copies its input), Latin-1 otherwise.
func decodeString(b []byte) string {
	if utf8.Valid(b) {
		return string(b)
	}
	rs := make([]rune, len(b))
	for i, c := range b {
		rs[i] = rune(c)
	}
	return string(rs)
}

// custData reads a list of custom data entries.
func (r *reader) custData(off int32) []CustData {
	var out []CustData
	limit := r.seg[segCDGuids].len/cdGuidSize + 1
	for off != -1 {
		if off < 0 {
			r.failf(r.seg[segCDGuids].off, "custom data offset %d is negative", off)
		}
		if len(out) >= limit {
			r.failf(r.seg[segCDGuids].off+int(off), "the custom data list loops")
		}
		at := r.in(segCDGuids, int(off), cdGuidSize, "a custom data entry")
		g := r.guid(r.i32(at, ""), at)
		v := r.value(r.i32(at+4, ""), at+4)
		out = append(out, CustData{GUID: g, Value: v})
		off = r.i32(at+8, "")
	}
	return out
}

// value reads a constant: packed into the word when it is negative (a
// VARTYPE in bits 26-30, a value in bits 0-25), else at that offset in the
// custom data segment: a VARTYPE, then the data.
func (r *reader) value(word int32, from int) Value {
	if word < 0 {
		// The low bits are the value's bytes, read as its type reads
		// them (oleaut32 stores the word in the VARIANT's union): a
		// short -3 is packed as 0xfffd.
		v := Value{VT: VarType(uint32(word) >> 26 & 0x1f)}
		x := uint32(word) & 0x3ffffff
		switch v.VT {
		case VT_I1:
			v.Int = int64(int8(x))
		case VT_UI1:
			v.Int = int64(uint8(x))
		case VT_I2, VT_BOOL:
			v.Int = int64(int16(x))
		case VT_UI2:
			v.Int = int64(uint16(x))
		default:
			v.Int = int64(x)
		}
		return v
	}
	at := r.in(segCustData, int(word), 2, "a value")
	v := Value{VT: VarType(binary.LittleEndian.Uint16(r.data[at:]))}
	data := func(n int) []byte {
		p := r.in(segCustData, int(word)+2, n, "a value's data")
		return r.data[p : p+n]
	}
	switch v.VT {
	case VT_EMPTY, VT_NULL, VT_VOID:
	case VT_I1:
		v.Int = int64(int8(data(1)[0]))
	case VT_UI1:
		v.Int = int64(data(1)[0])
	case VT_I2, VT_BOOL:
		v.Int = int64(int16(binary.LittleEndian.Uint16(data(2))))
	case VT_UI2:
		v.Int = int64(binary.LittleEndian.Uint16(data(2)))
	case VT_I4, VT_INT, VT_ERROR, VT_HRESULT:
		v.Int = int64(int32(binary.LittleEndian.Uint32(data(4))))
	case VT_UI4, VT_UINT:
		v.Int = int64(binary.LittleEndian.Uint32(data(4)))
	case VT_R4:
		v.Float = float64(math.Float32frombits(binary.LittleEndian.Uint32(data(4))))
	case VT_R8, VT_DATE:
		v.Float = math.Float64frombits(binary.LittleEndian.Uint64(data(8)))
	case VT_I8, VT_CY:
		v.Int = int64(binary.LittleEndian.Uint64(data(8)))
	case VT_UI8:
		v.Int = int64(binary.LittleEndian.Uint64(data(8)))
	case VT_BSTR, VT_LPSTR, VT_LPWSTR:
		n := int32(binary.LittleEndian.Uint32(data(4)))
		if n == -1 {
			v.Null = true
			break
		}
		if n < 0 {
			r.failf(at+2, "a string value of %d bytes", n)
		}
		p := r.in(segCustData, int(word)+6, int(n), "a string value")
		v.Str = decodeString(r.data[p : p+int(n)])
	default:
		r.failf(at, "a value of type %s, which a type library cannot hold", v.VT)
	}
	return v
}

// ref returns the reference an HREFTYPE stands for: a multiple of the type
// info size is a type info of this library; with bit 0 set, the rest is an
// offset into the import info segment.
func (r *reader) ref(href int32, from int) *Ref {
	if x, ok := r.refs[href]; ok {
		return x
	}
	ref := &Ref{HRef: href}
	if href&3 == 0 {
		i := int(href) / typeInfoSize
		if href < 0 || int(href)%typeInfoSize != 0 || i >= len(r.lib.Types) {
			r.failf(from, "type reference %#x names no type info of the library (%d)", uint32(href), len(r.lib.Types))
		}
		ref.Type = r.lib.Types[i]
	} else {
		off := int(href &^ 3)
		if href < 0 {
			r.failf(from, "type reference %#x is negative", uint32(href))
		}
		at := r.in(segImpInfo, off, impInfoSize, "an import reference")
		flags := r.u32(at, "")
		imp, ok := r.imports[int(r.i32(at+4, ""))]
		if !ok {
			r.failf(at+4, "import reference names no imported library (offset %#x)", r.u32(at+4, ""))
		}
		ref.Import = imp
		ref.Kind = TypeKind(flags >> 24 & 0xf)
		if flags&0x10000 != 0 {
			ref.ByGUID = true
			ref.GUID = r.guid(r.i32(at+8, ""), at+8)
		} else {
			ref.Index = int(r.i32(at+8, ""))
		}
	}
	r.refs[href] = ref
	return ref
}

// typeDesc decodes an encoded type: negative, a VARTYPE in the low 12
// bits; otherwise an offset into the type descriptor segment, whose entry
// is a VARTYPE (low 16 bits) and the encoded element type, HREFTYPE or
// array descriptor offset.
func (r *reader) typeDesc(enc int32, from int) *TypeDesc {
	return r.typeDescDepth(enc, from, 0)
}

func (r *reader) typeDescDepth(enc int32, from, depth int) *TypeDesc {
	r.budget--
	if r.budget < 0 {
		r.failf(from, "type descriptors take more work than a library of this size can need")
	}
	if enc < 0 {
		td := &TypeDesc{VT: VarType(enc & 0xfff)}
		switch td.VT {
		case VT_PTR, VT_SAFEARRAY, VT_CARRAY, VT_USERDEFINED:
			r.failf(from, "type %#x is a %s written inline, without the type it is made of", uint32(enc), td.VT)
		}
		return td
	}
	if depth > maxTypeDepth {
		r.failf(r.seg[segTypeDesc].off+int(enc), "type descriptors nest deeper than %d: they refer to each other in a cycle", maxTypeDepth)
	}
	if enc%8 != 0 {
		r.failf(from, "type descriptor offset %#x is not a multiple of 8", enc)
	}
	at := r.in(segTypeDesc, int(enc), 8, "a type descriptor")
	vt := VarType(r.u32(at, "") & 0xfff)
	arg := r.i32(at+4, "")
	td := &TypeDesc{VT: vt}
	switch vt {
	case VT_PTR, VT_SAFEARRAY:
		td.Elem = r.typeDescDepth(arg, at+4, depth+1)
	case VT_USERDEFINED:
		td.Ref = r.ref(arg, at+4)
	case VT_CARRAY:
		a := r.in(segArrayDesc, int(arg), 8, "an array descriptor")
		elem := r.i32(a, "")
		dims := int(int16(r.u16(a+4, "")))
		if dims < 0 {
			r.failf(a+4, "an array of %d dimensions", dims)
		}
		b := r.in(segArrayDesc, int(arg)+8, dims*8, "an array's dimensions")
		for i := 0; i < dims; i++ {
			td.Dims = append(td.Dims, ArrayDim{Count: int(r.i32(b+8*i, "")), Lower: int(r.i32(b+8*i+4, ""))})
		}
		td.Elem = r.typeDescDepth(elem, a, depth+1)
	}
	return td
}

// typeInfo reads type info i into t.
func (r *reader) typeInfo(i int, t *TypeInfo) {
	at := r.seg[segTypeInfo].off + i*typeInfoSize
	w := func(off int) int32 { return r.i32(at+off, "a type info") }
	kindWord := uint32(w(0x00))
	t.Kind = TypeKind(kindWord & 0xf)
	if t.Kind > KindUnion {
		r.failf(at, "type info %d has kind %d, which is no TYPEKIND", i, t.Kind)
	}
	t.Align = int(kindWord >> 11 & 0x1f)
	memOffset := int(w(0x04))
	cElem := uint32(w(0x18))
	nfuncs, nvars := int(cElem&0xffff), int(cElem>>16)
	t.GUID = r.guid(w(0x2c), at+0x2c)
	t.Flags = TypeFlags(w(0x30))
	t.Name = r.name(w(0x34))
	ver := uint32(w(0x38))
	t.Major, t.Minor = uint16(ver), uint16(ver>>16)
	t.Doc = r.str(w(0x3c))
	t.HelpStringContext = uint32(w(0x40))
	t.HelpContext = uint32(w(0x44))
	t.Custom = r.custData(w(0x48))
	nimpl := int(int16(r.u16(at+0x4c, "")))
	t.VtblSize = int(int16(r.u16(at+0x4e, "")))
	t.Size = int(w(0x50))
	d1 := w(0x54)
	switch t.Kind {
	case KindModule:
		if d1 != -1 {
			t.DLLName = r.str(d1)
		}
	case KindAlias:
		t.Alias = r.typeDesc(d1, at+0x54)
	case KindCoclass:
		r.implTypes(t, nimpl, d1, at+0x4c)
	case KindInterface, KindDispatch:
		if d1 != -1 {
			t.Impls = []*ImplType{{Ref: r.ref(d1, at+0x54)}}
		}
	}
	if nfuncs+nvars > 0 {
		r.members(t, memOffset, nfuncs, nvars, at+0x04)
	}
}

func (r *reader) implTypes(t *TypeInfo, n int, off int32, from int) {
	limit := r.seg[segRefTab].len/refRecordSize + 1
	if n < 0 || n > limit {
		r.failf(from, "%d implemented interfaces cannot fit in the reference segment", n)
	}
	for k := 0; k < n && off != -1; k++ {
		at := r.in(segRefTab, int(off), refRecordSize, "an implemented interface")
		it := &ImplType{Ref: r.ref(r.i32(at, ""), at), Flags: ImplFlags(r.i32(at+4, ""))}
		it.Custom = r.custData(r.i32(at+8, ""))
		t.Impls = append(t.Impls, it)
		off = r.i32(at+12, "")
	}
}

// members reads the functions and variables of a type info: at offset,
// the length of the records, the records (functions, then variables),
// then for each member its MEMBERID, its name offset and its record's
// offset.
func (r *reader) members(t *TypeInfo, offset, nfuncs, nvars int, from int) {
	n := nfuncs + nvars
	infoLen := int(r.i32(offset, "the member records' length"))
	recs := offset + 4
	if infoLen < 0 {
		r.failf(offset, "member records of %d bytes", infoLen)
	}
	r.check(recs, infoLen, "the member records")
	tables := recs + infoLen
	r.check(tables, 12*n, fmt.Sprintf("the tables of %d members", n))
	memid := func(k int) int32 { return r.i32(tables+4*k, "") }
	nameOff := func(k int) int32 { return r.i32(tables+4*(n+k), "") }
	recOff := func(k int) int {
		o := int(r.i32(tables+4*(2*n+k), ""))
		if o < 0 || o >= infoLen {
			r.failf(tables+4*(2*n+k), "member record offset %#x is outside the records (%d bytes)", o, infoLen)
		}
		return o
	}
	end := recs + infoLen
	for k := 0; k < nfuncs; k++ {
		f := r.funcRecord(recs+recOff(k), end)
		f.MemID = memid(k)
		if no := nameOff(k); no == -1 && k > 0 && isProp(f.Invoke) && isProp(t.Funcs[k-1].Invoke) {
			// The second of a property's get/put pair may share the first's name.
			f.Name = t.Funcs[k-1].Name
		} else {
			f.Name = r.name(no)
		}
		t.Funcs = append(t.Funcs, f)
	}
	for k := nfuncs; k < n; k++ {
		v := r.varRecord(recs+recOff(k), end)
		v.MemID = memid(k)
		v.Name = r.name(nameOff(k))
		t.Vars = append(t.Vars, v)
	}
}

func isProp(k InvokeKind) bool { return k&(InvokePropGet|InvokePropPut|InvokePropPutRef) != 0 }

// funcRecord reads a function record at at (records end at end).
func (r *reader) funcRecord(at, end int) *Func {
	info := r.u32(at, "a function record")
	size := int(info & 0xffff)
	if size < 24 || size > end-at {
		r.failf(at, "a function record of %d bytes (%d remain)", size, end-at)
	}
	f := &Func{Entry: "", EntryOrdinal: -1}
	f.Ret = r.typeDesc(r.i32(at+4, ""), at+4)
	f.Flags = FuncFlags(r.u32(at+8, ""))
	f.VtblOffset = int(int16(r.u16(at+12, ""))) &^ 1
	bits := r.u32(at+16, "")
	f.Kind = FuncKind(bits & 7)
	f.Invoke = InvokeKind(bits >> 3 & 0xf)
	f.CallConv = CallConv(bits >> 8 & 0xf)
	hasCustom, hasDefaults, entryIsOrdinal := bits&0x80 != 0, bits&0x1000 != 0, bits&0x2000 != 0
	nargs := int(int16(r.u16(at+20, "")))
	f.OptParams = int(int16(r.u16(at+22, "")))
	if nargs < 0 {
		r.failf(at+20, "a function of %d parameters", nargs)
	}
	paramsAt := size - nargs*paramInfoSize
	optEnd := paramsAt
	if hasDefaults {
		optEnd -= nargs * 4
	}
	if optEnd < 24 {
		r.failf(at, "a function record of %d bytes cannot hold %d parameters", size, nargs)
	}
	// The optional fields, present as far as the record goes.
	opt := func(k int) (int32, bool) {
		o := 24 + 4*k
		if o+4 > optEnd {
			return 0, false
		}
		return r.i32(at+o, ""), true
	}
	if v, ok := opt(0); ok {
		f.HelpContext = uint32(v)
	}
	if v, ok := opt(1); ok {
		f.Doc = r.str(v)
	}
	if v, ok := opt(2); ok {
		switch {
		case entryIsOrdinal:
			f.EntryOrdinal = int(uint16(v))
		case v != -1 && v != 0:
			f.Entry = r.str(v)
		}
	}
	if v, ok := opt(5); ok {
		f.HelpStringContext = uint32(v)
	}
	if v, ok := opt(6); ok && hasCustom {
		f.Custom = r.custData(v)
	}
	for j := 0; j < nargs; j++ {
		p := at + paramsAt + j*paramInfoSize
		prm := &Param{Type: r.typeDesc(r.i32(p, ""), p), Flags: ParamFlags(r.u32(p+8, ""))}
		prm.Name = r.name(r.i32(p+4, ""))
		if hasDefaults && prm.Flags&ParamHasDefault != 0 {
			d := at + optEnd + 4*j
			v := r.value(r.i32(d, ""), d)
			prm.Default = &v
		}
		if v, ok := opt(7 + j); ok && hasCustom {
			prm.Custom = r.custData(v)
		}
		f.Params = append(f.Params, prm)
	}
	return f
}

// varRecord reads a variable record at at.
func (r *reader) varRecord(at, end int) *Var {
	info := r.u32(at, "a variable record")
	size := int(info & 0xff)
	if size < 20 || size > end-at {
		r.failf(at, "a variable record of %d bytes (%d remain)", size, end-at)
	}
	v := &Var{}
	v.Type = r.typeDesc(r.i32(at+4, ""), at+4)
	v.Flags = VarFlags(r.u32(at+8, ""))
	v.Kind = VarKind(r.u16(at+12, ""))
	word := r.i32(at+16, "")
	if v.Kind == VarConst {
		val := r.value(word, at+16)
		v.Value = &val
	} else {
		v.Offset = int(word)
	}
	opt := func(o int) (int32, bool) {
		if o+4 > size {
			return 0, false
		}
		return r.i32(at+o, ""), true
	}
	if x, ok := opt(20); ok {
		v.HelpContext = uint32(x)
	}
	if x, ok := opt(24); ok {
		v.Doc = r.str(x)
	}
	if x, ok := opt(32); ok {
		v.Custom = r.custData(x)
	}
	if x, ok := opt(36); ok {
		v.HelpStringContext = uint32(x)
	}
	return v
}
