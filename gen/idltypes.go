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
