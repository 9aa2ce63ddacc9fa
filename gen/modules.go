package gen

import (
	"strings"

	"github.com/comgen/comgen/idl"
	"github.com/dave/jennifer/jen"
)

// DLL entry points: the functions of IDL module blocks
// ([dllname("ole32.dll")] module M { HRESULT WINAPI F(...); }) are Go
// functions with the wrappers' lowering (model.go, methods.go): a module
// function is a method without this. Their DLLs are loaded with
// windows.NewLazySystemDLL, from the system directory only (no DLL
// planting: the checker refuses a dllname that is not a bare file name).
// comgen's own exports.idl (idl.ModuleInfo.Builtin) adds the everyday ones
// to a package that declares the interface each module is named after.

// genModule renders the functions of mod, and the DLL and procedure
// variables they call through.
func (g *generator) genModule(f *jen.File, mod *idl.ModuleInfo) {
	if len(mod.Funcs) == 0 {
		return
	}
	dll := dllVarName(mod.DLL)
	var vars []jen.Code
	if g.dllDeclared[dll] == nil {
		g.dllDeclared[dll] = mod
		vars = append(vars, jen.Id(dll).Op("=").Qual(pkgWindows, "NewLazySystemDLL").Call(jen.Lit(mod.DLL)))
	}
	for _, m := range mod.Funcs {
		vars = append(vars, jen.Id(procVarName(m)).Op("=").Id(dll).Dot("NewProc").Call(jen.Lit(exportName(m))))
	}
	f.Commentf("The DLL entry points of module %s (%s), loaded from the system directory on first use.", mod.Name, mod.DLL)
	f.Var().Defs(vars...)
	for _, m := range mod.Funcs {
		g.genMethod(f, nil, mod, m)
	}
}

// pkgWindows is golang.org/x/sys/windows, whose NewLazySystemDLL loads DLLs
// from the system directory only.
const pkgWindows = "golang.org/x/sys/windows"

// dllVarName is the variable of the DLL file name dll: dllOle32 for
// "ole32.dll", shared by the modules that name it.
func dllVarName(dll string) string {
	base := strings.ToLower(dll)
	base = strings.TrimSuffix(base, ".dll")
	var b strings.Builder
	b.WriteString("dll")
	up := true
	for _, r := range base {
		switch {
		case r >= 'a' && r <= 'z':
			if up {
				r -= 'a' - 'A'
			}
			b.WriteRune(r)
			up = false
		case r >= '0' && r <= '9':
			b.WriteRune(r)
			up = true
		default:
			b.WriteByte('_')
			up = true
		}
	}
	return b.String()
}

// exportName is the name function m is exported by: its [entry("name")]
// (a type library's entry string), else its own name.
func exportName(m *idl.MethodInfo) string {
	if e, ok := m.Attrs.String("entry"); ok && e != "" {
		return e
	}
	return m.Name
}

// procVarName is the variable of function m's export.
func procVarName(m *idl.MethodInfo) string { return "entry" + goIdent(m.Name) }

// useBuiltinModules selects the modules of comgen's exports.idl whose
// interface (the module's name) this package declares itself: their
// functions come with it (CreateStreamOnHGlobal with IStream).
func (g *generator) useBuiltinModules() {
	for _, e := range g.prog.Entities {
		mod, ok := e.(*idl.ModuleInfo)
		if !ok || !mod.Builtin || len(mod.Funcs) == 0 {
			continue
		}
		anchor, ok := g.prog.Scope[mod.Name].(*idl.IfaceInfo)
		if ok && g.emitted[anchor] && g.mappedPath(anchor) == "" {
			g.use(mod)
		}
	}
}
