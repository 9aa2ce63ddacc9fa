package gen

import (
	"strings"

	"github.com/comgen/comgen/idl"
)

// Questions about IDL types that the model, the plan and the emitters ask:
// what a type is in C terms (a float, a 64-bit integer, a structure by
// value, a pointer to a count...), answered here once. How a type is
// written in Go is types.go's.

// isStructValue reports whether t is a struct or union by value.
func isStructValue(t *idl.TypeRef) bool {
	r := t.Resolve()
	if r.Kind != idl.RNamed {
		return false
	}
	_, ok := r.Decl.(*idl.StructInfo)
	return ok && !isNamed(t, "BSTR")
}

func isFloat(t *idl.TypeRef) bool {
	r := t.Resolve()
	return r.Kind == idl.RBasic && (r.Basic == "float" || r.Basic == "double" || r.Basic == "float32" || r.Basic == "float64")
}

func typeString(t *idl.TypeRef) string {
	switch t.Kind {
	case idl.RBasic:
		return t.Basic
	case idl.RNamed:
		return t.Decl.EntityName()
	case idl.RPointer:
		return typeString(t.Elem) + "*"
	case idl.RArray:
		return typeString(t.Elem) + "[]"
	case idl.ROpaque:
		return t.Basic
	}
	return "function"
}

// salOptional reports whether p carries a SAL annotation that allows NULL
// (_In_opt_, _Out_opt_, _Inout_opt_...: the SDK's annotation("...")).
func salOptional(p *idl.ParamInfo) bool {
	if a := p.Attrs.Get("annotation"); a != nil {
		for _, arg := range a.Args {
			if s, ok := arg.(*idl.StringLit); ok && strings.Contains(s.Value, "_opt_") {
				return true
			}
		}
	}
	return false
}

// isSigned reports whether the IDL base type name is a signed integer.
func isSigned(name string) bool {
	switch name {
	case "char", "byte", "boolean", "wchar_t", "error_status_t", "uint8", "uint16", "uint32", "uint64", "char16":
		return false
	}
	return !strings.HasPrefix(name, "unsigned")
}

func isPointerish(t *idl.TypeRef) bool {
	r := t.Resolve()
	return r.Kind == idl.RPointer || r.Kind == idl.RArray
}

func isInteger(t *idl.TypeRef) bool {
	r := t.Resolve()
	if r.Kind == idl.RNamed {
		_, isEnum := r.Decl.(*idl.EnumInfo)
		return isEnum
	}
	if r.Kind != idl.RBasic {
		return false
	}
	_, size := basicGo(r.Basic)
	return size > 0 && !isFloat(r)
}

func isWideInt(r *idl.TypeRef) bool {
	if r.Kind != idl.RBasic {
		return false
	}
	_, size := basicGo(r.Basic)
	return size == 8
}

// isExcepInfo reports whether t is automation's EXCEPINFO: the struct of
// that name with its nine fields (wCode ... scode), whose C layout the
// runtime's takeExcepInfo reads.
func isExcepInfo(t *idl.TypeRef) bool {
	if !isNamed(t, "EXCEPINFO") {
		return false
	}
	s, ok := t.Resolve().Decl.(*idl.StructInfo)
	return ok && !s.Union && len(s.Fields) == 9
}

// isPointerSized reports whether r is an integer of the size of a pointer
// (__int3264: INT_PTR, ULONG_PTR, SIZE_T, LRESULT...), one word everywhere.
func isPointerSized(r *idl.TypeRef) bool {
	if r.Kind != idl.RBasic {
		return false
	}
	b, size := basicGo(r.Basic)
	return b != nil && size == 0
}

// isVoidPtr reports whether t is void*.
func isVoidPtr(t *idl.TypeRef) bool {
	r := t.Resolve()
	if r.Kind != idl.RPointer {
		return false
	}
	e := r.Elem.Resolve()
	return e.Kind == idl.RBasic && e.Basic == "void"
}

// isIntegerPtr reports whether t is a pointer to a count.
func isIntegerPtr(t *idl.TypeRef) bool {
	r := t.Resolve()
	return r.Kind == idl.RPointer && isCount(r.Elem)
}

// isCount reports whether t is an integer a count can be: of a fixed size,
// or pointer-sized (DBCOUNTITEM, SIZE_T).
func isCount(t *idl.TypeRef) bool {
	return isInteger(t) || isPointerSized(t.Resolve())
}

// isVarargs reports whether t is C's "...": a method's variable arguments.
func isVarargs(t *idl.TypeRef) bool { return t.Kind == idl.RBasic && t.Basic == "..." }

func isStringName(name string) bool {
	switch name {
	case "LPWSTR", "LPCWSTR", "LPOLESTR", "LPCOLESTR", "PWSTR", "PCWSTR":
		return true
	}
	return false
}

// anyAlias reports whether match holds for the named type t or for any
// typedef it is declared through.
func anyAlias(t *idl.TypeRef, match func(idl.Entity) bool) bool {
	for t != nil && t.Kind == idl.RNamed {
		if match(t.Decl) {
			return true
		}
		a, ok := t.Decl.(*idl.AliasInfo)
		if !ok {
			return false
		}
		t = a.Type
	}
	return false
}

// isStringPtr reports whether t is one of the NUL-terminated UTF-16 string typedefs.
func isStringPtr(t *idl.TypeRef) bool {
	return anyAlias(t, func(e idl.Entity) bool { return isStringName(e.EntityName()) })
}

// isNamed reports whether t is (an alias of) the well-known type name.
func isNamed(t *idl.TypeRef, name string) bool {
	return anyAlias(t, func(e idl.Entity) bool {
		if e.EntityName() == name {
			return true
		}
		s, ok := e.(*idl.StructInfo)
		return ok && wellKnownType(s.Tag) != "" && wellKnownType(s.Tag) == wellKnownType(name)
	})
}

// isHandleAlias reports whether the typedef a declares a Windows handle:
// named as the SDK names its handles (HWND, HGLOBAL, HANDLE: an H and
// capitals; SPSTATEHANDLE, UIA_HWND) and declared as an untyped pointer:
// void* (wtypes.idl's DECLARE_HANDLE and DECLARE_WIREM_HANDLE), a pointer
// to a struct it never defines (mstask.idl's struct _PSP *HPROPSHEETPAGE),
// or another handle (typedef HANDLE HMONITOR). A handle is a value the
// system gives out, never memory Go may read: Go declares it as a named
// integer, type HWND uintptr, which converts to and from x/sys/windows'
// windows.HWND, windows.Handle... without unsafe. Client wrappers and Go
// COM objects read this one predicate.
func isHandleAlias(a *idl.AliasInfo) bool {
	if !isHandleName(a.Name) {
		return false
	}
	if t := a.Type; t.Kind == idl.RNamed {
		if b, ok := t.Decl.(*idl.AliasInfo); ok && isHandleAlias(b) {
			return true
		}
	}
	r := a.Type.Resolve()
	if r.Kind != idl.RPointer {
		return false
	}
	switch e := r.Elem.Resolve(); {
	case e.Kind == idl.RBasic && e.Basic == "void":
		return true
	case e.Kind == idl.RNamed:
		s, ok := e.Decl.(*idl.StructInfo)
		return ok && s.Incomplete
	}
	return false
}

// isHandleName reports whether name is spelt as the SDK spells a handle
// type: HANDLE, H followed by capitals and digits (HWND, HDC, HGLOBAL,
// HMETAFILEPICT), or ending in HANDLE or _HWND (SPSTATEHANDLE, UIA_HWND).
func isHandleName(name string) bool {
	if strings.HasSuffix(name, "HANDLE") || strings.HasSuffix(name, "_HWND") {
		return true
	}
	if len(name) < 2 || name[0] != 'H' {
		return false
	}
	for _, c := range name[1:] {
		if !('A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_') {
			return false
		}
	}
	return true
}

// handleType returns the typedef that makes t a handle (see
// isHandleAlias), the first one of its chain of typedefs, or nil.
func handleType(t *idl.TypeRef) *idl.AliasInfo {
	for t != nil && t.Kind == idl.RNamed {
		a, ok := t.Decl.(*idl.AliasInfo)
		if !ok {
			return nil
		}
		if isHandleAlias(a) {
			return a
		}
		t = a.Type
	}
	return nil
}

// iidOutPairs returns, for each [out, iid_is(riid)] parameter of m that
// receives an interface pointer (void **ppv, IUnknown **ppunk) asked for by
// an [in] REFIID sibling, the index of that sibling, and the reverse: the
// pair is one pIIDOut (see model.go). A riid that sizes or names more than
// one such out makes no pair, nor does an out that sizes gives (see
// bufferSizes): an array of interfaces of one IID (the SDK's
// IEnumObjects::Next: size_is(celt), iid_is(riid)) is a buffer, not the one
// interface an IIDOut receives.
func iidOutPairs(m *idl.MethodInfo, sizes []*bufSize) map[int]int {
	pairs := map[int]int{}
	uses := map[int]int{}
	for _, p := range m.Params {
		if p.IIDIs >= 0 {
			uses[p.IIDIs]++
		}
	}
	for k, p := range m.Params {
		if p.Dir != idl.Out || p.IIDIs < 0 || uses[p.IIDIs] != 1 {
			continue
		}
		if sizes[k] != nil || !isInterfaceOut(p, true) || !isIIDIn(m.Params[p.IIDIs]) {
			continue
		}
		pairs[k], pairs[p.IIDIs] = p.IIDIs, k
	}
	// Without iid_is, the IID_PPV_ARGS convention (windows-rs reads it so
	// too): an [in] IID pointer named for an IID (riid, riidResult),
	// immediately followed by an [out] void** that nothing else names.
	for k := 1; k < len(m.Params); k++ {
		p, riid := m.Params[k], m.Params[k-1]
		if _, done := pairs[k]; done || p.Dir != idl.Out || p.IIDIs >= 0 || uses[k-1] != 0 {
			continue
		}
		if _, done := pairs[k-1]; done {
			continue
		}
		if sizes[k] != nil || !isInterfaceOut(p, false) || !isIIDIn(riid) || !strings.Contains(strings.ToLower(riid.Name), "iid") {
			continue
		}
		pairs[k], pairs[k-1] = k-1, k
	}
	return pairs
}

// isInterfaceOut reports whether p is an [out] void** (or, with typed, an
// [out] pointer to an interface pointer): where a callee stores the
// interface an IID asks for.
func isInterfaceOut(p *idl.ParamInfo, typed bool) bool {
	r := p.Type.Resolve()
	if p.Dir != idl.Out || r.Kind != idl.RPointer || r.Elem.Resolve().Kind != idl.RPointer {
		return false
	}
	e := r.Elem.Resolve().Elem.Resolve()
	return e.Kind == idl.RBasic && e.Basic == "void" || typed && isIface(e)
}

// isIIDIn reports whether p is an [in] pointer to a GUID (REFIID).
func isIIDIn(p *idl.ParamInfo) bool {
	r := p.Type.Resolve()
	return p.Dir == idl.In && r.Kind == idl.RPointer && isNamed(r.Elem, "GUID")
}

// isIface reports whether r is an interface.
func isIface(r *idl.TypeRef) bool {
	_, ok := r.Decl.(*idl.IfaceInfo)
	return r.Kind == idl.RNamed && ok
}
