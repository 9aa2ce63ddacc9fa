package gen

import (
	"fmt"
	"slices"
	"strings"

	"github.com/comgen/comgen/idl"
)

// What stays unsafe.Pointer in a wrapper's signature, and why. Every other
// pointer is typed: interfaces, strings, structs with a Go layout, handles
// (named integers), sized buffers (slices), PIDLs (*ITEMIDLIST). What is
// left is a pointer the IDL gives Go no type for; each wrapper says so in
// its documentation, one line per such parameter or result, with one of
// the reasons below (TestUntypedPointersRatchet counts them over Wine's
// everyday IDL files).
//
// Reserved pointers (IStorage::OpenStream's reserved1, documented "must be
// NULL") stay in the signature: the vtable has them, a later version of
// the interface may give them a meaning, and passing nil needs no unsafe.
// They are documented as reserved.

// untypedReason is why a pointer has no Go type.
type untypedReason string

const (
	untypedIIDIs    untypedReason = "iid_is"         // an interface whose IID another parameter gives
	untypedReserved untypedReason = "reserved"       // a reserved pointer: pass nil
	untypedVoid     untypedReason = "void*"          // void* with no size the IDL or a rule gives
	untypedLayout   untypedReason = "no Go layout"   // a struct packed or declared so that Go cannot lay it out
	untypedUndef    untypedReason = "undefined type" // a struct the IDL declares but never defines
	untypedStandIn  untypedReason = "stand-in"       // a type the IDL declares for MIDL only, of another size in C
)

// untypedReasons lists the reasons in the order the documentation and the
// ratchet use.
var untypedReasons = []untypedReason{untypedIIDIs, untypedReserved, untypedVoid, untypedLayout, untypedUndef, untypedStandIn}

// untypedPointer returns the first pointer level of t that Go declares as
// unsafe.Pointer (a pointer with no pointee: see pointee), or nil when t's
// Go type has none. Handles (named integers) and function pointers
// (uintptr) are not pointers to Go.
func (g *generator) untypedPointer(t *idl.TypeRef) *idl.TypeRef {
	for depth := 0; t != nil && depth < 8; depth++ {
		if handleType(t) != nil {
			return nil
		}
		r := t.Resolve()
		switch r.Kind {
		case idl.RPointer:
			if r.Elem.Kind == idl.RFunc {
				return nil
			}
			if g.pointee(r) == nil {
				return r
			}
			t = r.Elem
		case idl.RArray:
			t = r.Elem
		default:
			return nil
		}
	}
	return nil
}

// untypedParam says why parameter p of a wrapper is (or holds) an
// unsafe.Pointer, or "" when its Go type is typed throughout. The kinds
// that give a pointer a Go form of their own (slices, strings, arrays the
// callee allocates) are looked at through that form: a sized void* is a
// []byte.
func (g *generator) untypedParam(p *goParam, params []*goParam) (untypedReason, string) {
	t := p.Type
	switch p.kind {
	case pUnsupported, pWord, pWide, pFloat, pFuncPtr, pCount, pVarargs, pInOutCount, pCalleeCount,
		pString, pOptString, pBSTR, pOptBSTR, pOutBSTR, pOutCoTaskString, pOutExcepInfo, pStructValue, pIIDOut:
		return "", ""
	case pSlice, pFixedPtr, pOutArray:
		t = t.Resolve().Elem // the elements
		if e := t.Resolve(); e.Kind == idl.RBasic && e.Basic == "void" {
			return "", "" // bytes
		}
	case pOutCalleeArray:
		t = t.Resolve().Elem.Resolve().Elem
	}
	u := g.untypedPointer(t)
	if u == nil {
		return "", ""
	}
	lower := strings.ToLower(p.Name)
	switch {
	case p.IIDIs >= 0 && p.IIDIs < len(params):
		return untypedIIDIs, "an interface of the type the IID " + params[p.IIDIs].name + " names (iid_is): Go cannot know it when compiling"
	case strings.Contains(lower, "reserved"), p.Dir == idl.In && reservedParams[p.Name]:
		return untypedReserved, "reserved: pass nil"
	case iidBefore(p, params) != "":
		return untypedIIDIs, "an interface of the type the IID " + iidBefore(p, params) + " names (an IID before it, as IID_PPV_ARGS passes them; the IDL has no iid_is): Go cannot know it when compiling"
	}
	return g.untypedElem(u, p.size != nil)
}

// untypedElem says why the pointer u has no pointee.
func (g *generator) untypedElem(u *idl.TypeRef, sized bool) (untypedReason, string) {
	e := u.Elem
	var standIn string
	anyAlias(e, func(d idl.Entity) bool {
		if a, ok := d.(*idl.AliasInfo); ok && standIn == "" {
			if why := g.idlOnlyStandIn(a); why != "" {
				standIn = fmt.Sprintf("the IDL declares %s for MIDL only, as a stand-in for %s", a.Name, why)
			}
		}
		return false
	})
	if standIn != "" {
		return untypedStandIn, standIn
	}
	r := e.Resolve()
	if r.Kind == idl.RNamed {
		if s, ok := r.Decl.(*idl.StructInfo); ok {
			if s.Incomplete {
				return untypedUndef, fmt.Sprintf("it points to %s, which the IDL declares and never defines", typeString(e))
			}
			if err := g.structError(s); err != nil {
				return untypedLayout, fmt.Sprintf("it points to %s: %v", typeString(e), err)
			}
		}
	}
	if sized {
		return untypedVoid, "void* sized by a count Go cannot take from a slice's length"
	}
	return untypedVoid, "void* with no size in the IDL"
}

// untypedDocs are the documentation lines of m's wrapper for its untyped
// pointers (see untypedParam), with the result's.
func (g *generator) untypedDocs(gm *goMethod) []string {
	var docs []string
	for _, p := range gm.params {
		if why, text := g.untypedParam(p, gm.params); why != "" {
			docs = append(docs, untypedLine(p.name, why, text))
		}
	}
	if gm.ret == rPointer {
		if u := g.untypedPointer(gm.Ret); u != nil {
			why, text := g.untypedElem(u, false)
			docs = append(docs, untypedLine("ret", why, text))
		}
	}
	return docs
}

// untypedLine is one documentation line: TestUntypedPointersRatchet reads
// "Untyped: <name> is unsafe.Pointer (<reason>)".
func untypedLine(name string, why untypedReason, text string) string {
	return fmt.Sprintf("Untyped: %s is unsafe.Pointer (%s): %s.", name, why, text)
}

// reservedParams are [in] pointers the documentation reserves (must be
// NULL) that are not named so: IMarshal's, IStdMarshalInfo's and
// ITypeMarshal's pvDestContext, IViewObject's pvAspect.
var reservedParams = map[string]bool{"pvDestContext": true, "pvAspect": true}

// iidBefore returns the Go name of the IID parameter (REFIID riid) before
// p, an [out] void**, or right before p, an [in] void*
// (IMarshal::MarshalInterface's riid, pv), or "".
func iidBefore(p *goParam, params []*goParam) string {
	r := p.Type.Resolve()
	if r.Kind != idl.RPointer {
		return ""
	}
	e := r.Elem.Resolve()
	at := slices.Index(params, p)
	from := 0
	switch {
	case p.Dir == idl.Out && e.Kind == idl.RPointer && e.Elem.Resolve().Kind == idl.RBasic && e.Elem.Resolve().Basic == "void":
	case p.Dir == idl.In && e.Kind == idl.RBasic && e.Basic == "void" && at > 0:
		from = at - 1
	default:
		return ""
	}
	for _, q := range params[from:at] {
		if r := q.Type.Resolve(); q.Dir == idl.In && r.Kind == idl.RPointer && isNamed(r.Elem, "GUID") && strings.Contains(strings.ToLower(q.Name), "iid") {
			return q.name
		}
	}
	return ""
}
