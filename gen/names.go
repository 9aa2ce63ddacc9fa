package gen

import (
	"go/token"
	"go/types"
	"slices"
	"strings"
	"unicode"

	"github.com/comgen/comgen/idl"
)

// All naming decisions live here.

// scopeSeparators turns WinRT's qualified names into one Go identifier. It
// is built once: goIdent runs for every name of every file.
var scopeSeparators = strings.NewReplacer(".", "_", "::", "_")

// instanceParts shortens MIDL's C names of WinRT generic instances
// (__FIIterable_1___FIKeyValuePair_2_HSTRING_Windows__CFoundation__CUri):
// nested instances, namespace dots (__C) and escaped underscores (__z)
// become one underscore each.
var instanceParts = strings.NewReplacer("___F", "_F", "__C", "_", "__z", "_")

// goIdent returns a Go identifier for an IDL name: IDL names are kept as they
// are (IWbemServices, WBEM_E_NOT_FOUND), dots of WinRT names become
// underscores, Go keywords get a trailing underscore, and a WinRT generic
// instance drops the leading underscores of its C name (to be exported):
// __FIVector_1_HSTRING is FIVector_1_HSTRING, IVector<Windows.Foundation.Uri>
// is FIVector_1_Windows_Foundation_Uri.
func goIdent(name string) string {
	n := goName(name)
	if types.Universe.Lookup(n) != nil || importedNames[n] {
		// Go's predeclared names (typedef struct {...} error; const int len;
		// enum { false, true }) and the packages generated files import
		// (time, math...): declared at package level, they would hide what
		// the generated code means by them.
		return n + "_"
	}
	return n
}

// importedNames are the names of the packages generated files import.
var importedNames = map[string]bool{
	"context": true, "errors": true, "fmt": true, "log": true, "math": true, "big": true, "os": true,
	"filepath": true, "reflect": true, "runtime": true, "debug": true, "strconv": true, "strings": true,
	"sync": true, "atomic": true, "syscall": true, "testing": true, "time": true, "utf16": true,
	"unsafe": true, "windows": true, "iter": true, "slices": true,
}

// goName is goIdent without the renaming of Go's own names: the base of
// exported names, which never collide with them.
func goName(name string) string {
	if strings.HasPrefix(name, "__F") {
		return instanceParts.Replace(name[2:])
	}
	if strings.Contains(name, ".") || strings.Contains(name, "::") {
		name = scopeSeparators.Replace(name)
	}
	if strings.Contains(name, "$") {
		// MIDL takes $ in identifiers; Go does not. A name that then equals
		// another is a collision, reported as such.
		name = strings.ReplaceAll(name, "$", "_")
	}
	if token.IsKeyword(name) {
		return name + "_"
	}
	return name
}

// exported returns an exported Go identifier for a method name.
func exported(name string) string {
	if token.IsKeyword(name) {
		return strings.ToUpper(name[:1]) + name[1:] // Range, not Range_: exported names are never keywords
	}
	name = goName(name)
	r := []rune(name)
	if len(r) > 0 && !unicode.IsUpper(r[0]) {
		if unicode.IsLower(r[0]) {
			r[0] = unicode.ToUpper(r[0])
		} else {
			return "X" + name
		}
	}
	return string(r)
}

// paramName returns a Go parameter name for an IDL parameter name. A name
// that is also a package-level name (msinkaut.idl's Data([in] XFORM XFORM))
// gets a trailing underscore: the parameter would hide the type or constant
// the wrapper's body refers to.
func (g *generator) paramName(name string, i int) string {
	n := paramNameOf(name, i)
	if _, taken := g.prog.Scope[n]; taken {
		return n + "_"
	}
	if isWellKnown(n) || slices.Contains(runtimeNames, n) {
		return n + "_"
	}
	return n
}

func paramNameOf(name string, i int) string {
	if name == "" {
		return "p" + string(rune('0'+i%10))
	}
	n := goIdent(name)
	switch n {
	case "hr", "err", "v", "r1", "r2", "f0", "ret",
		pkgSyscall, pkgUnsafe, pkgMath, pkgRuntime: // names the wrappers use
		return n + "_"
	}
	return n // goIdent renamed Go's predeclared names (dwrite's CreateTextLayout(string, len, ...))
}

// vtblName is the Go name of an interface's vtable struct.
func vtblName(iface string) string { return goIdent(iface) + "Vtbl" }

// cVtblMember is the name of m's slot in the C vtable struct of i (in
// layout facts): a method whose name a base interface's method has too (a
// C++ overload: IDWriteTextLayout::GetFontCollection) is Iface_Method
// there, as widl writes it, since a C struct has one member of a name.
func cVtblMember(i *idl.IfaceInfo, m *idl.MethodInfo) string {
	if i.Base != nil {
		for _, b := range i.Base.AllMethods() {
			if b.Name == m.Name {
				return i.Name + "_" + m.Name
			}
		}
	}
	return m.Name
}

// iidName and clsidName name the GUID variables, as the C headers do.
func iidName(iface string) string   { return "IID_" + goIdent(iface) }
func clsidName(class string) string { return "CLSID_" + goIdent(class) }

// vetMethods are the method names go vet's stdmethods check holds to the
// signatures of the standard library's interfaces (io.ByteReader,
// json.Marshaler, ...). The value is the Go type a first parameter must have
// for vet to check the method at all ("" for names it always checks).
var vetMethods = map[string]string{
	"As": "", "GobDecode": "", "GobEncode": "", "Is": "", "MarshalJSON": "", "MarshalXML": "",
	"ReadByte": "", "ReadRune": "", "UnmarshalJSON": "", "UnmarshalXML": "", "UnreadByte": "",
	"UnreadRune": "", "Unwrap": "", "WriteByte": "",
	"Seek": "int64", "Format": "fmt.State", "ReadFrom": "io.Reader", "Scan": "fmt.ScanState", "WriteTo": "io.Writer",
}

// methodName is the Go name of m's wrapper and of its XImpl method: the IDL
// name exported, with "_" appended (as protoc-gen-go does for names that
// clash) when go vet would read it as a standard method with the wrong
// signature: IMultiMediaStream::Seek(STREAM_TIME) is not io.Seeker's Seek.
func methodName(m *idl.MethodInfo) string {
	n := exported(m.Name)
	first, ok := vetMethods[n]
	if !ok {
		return n
	}
	switch first {
	case "":
		return n + "_"
	case "int64": // the only one of those types a COM parameter can have
		if len(m.Params) > 0 {
			if r := m.Params[0].Type.Resolve(); r.Kind == idl.RBasic {
				switch r.Basic {
				case "hyper", "__int64", "long long", "int64": // Go's int64 (see basicGo)
					return n + "_"
				}
			}
		}
	}
	return n
}

// bitAccessorNames names the methods of p's bit-fields: the bit-field's
// exported name reads it and Set with that name writes it
// (DWRITE_CLUSTER_METRICS's isNewline: IsNewline, SetIsNewline). A name a
// field of the Go struct or an earlier method has, or one go vet holds to
// a standard method's signature (Unwrap, ReadByte...), gets "_" appended.
func bitAccessorNames(p *structPlan) {
	taken := map[string]bool{}
	for _, f := range p.fields {
		taken[f.name] = true
	}
	claim := func(n string) string {
		if first, ok := vetMethods[n]; ok && first == "" {
			n += "_"
		}
		for taken[n] {
			n += "_"
		}
		taken[n] = true
		return n
	}
	for i := range p.bits {
		b := &p.bits[i]
		b.get = claim(b.name)
		b.set = claim("Set" + b.name)
	}
}
