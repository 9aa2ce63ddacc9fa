package gen

import (
	"fmt"
	"sort"
	"strings"

	"github.com/comgen/comgen/idl"
)

// checkCollisions reports Go names that two declarations would both take
// (IDL names differing only in what Go cannot keep apart, or an IDL name
// equal to a runtime name). Go would refuse the package; this says which
// declarations clash, so one can be excluded or renamed.
func (g *generator) checkCollisions() error {
	const runtimeOwner = "the runtime support of every generated package"
	owner := map[string]string{}
	if g.feat.runtime {
		for _, n := range runtimeNames {
			owner[n] = runtimeOwner
		}
	}
	for _, p := range extraPacks {
		for _, n := range p.reserved {
			owner[n] = p.owner
		}
	}
	// Every other name the fixed files the package carries declare,
	// unexported helpers and the package's own tests included. Whether the
	// wrappers call through the floating-point trampolines is not known
	// yet (features.floatCalls): their names are reserved wherever the
	// package could carry them.
	tnames := templateNames()
	for _, file := range g.feat.templates(g, true) {
		for _, n := range tnames[file] {
			if _, ok := owner[n]; !ok {
				owner[n] = "the generated package's fixed code (" + strings.TrimSuffix(file, ".tmpl") + ")"
			}
		}
	}
	if g.feat.server != nil {
		// The float stub files (floatstubs.go), for as many stubs as there
		// could be: one per method.
		n := 0
		for _, e := range g.order {
			if i, ok := e.(*idl.IfaceInfo); ok {
				n += len(i.Methods)
			}
		}
		for _, name := range floatStubNames(n) {
			owner[name] = "the generated package's float stubs (" + floatStubsBase + "_windows_amd64.go)"
		}
	}
	var clashes []string
	withRuntime := false // a clash with the runtime support: -runtime avoids it
	drop := map[idl.Entity]bool{}
	var cur idl.Entity        // the declaration whose names are claimed
	dlls := map[string]bool{} // DLL variables, shared by the modules of one DLL
	claim := func(name, what string) {
		if cur != nil && g.goDecls[name] == nil {
			g.goDecls[name] = cur
		}
		if prev, ok := owner[name]; ok && prev != what {
			clashes = append(clashes, fmt.Sprintf("Go name %s: %s and %s", name, prev, what))
			withRuntime = withRuntime || prev == runtimeOwner
			return
		}
		owner[name] = what
	}
	describe := func(e idl.Entity) string {
		return fmt.Sprintf("%s (%s)", e.EntityName(), shortPos(e.Position()))
	}
	for _, e := range g.order {
		cur = e
		what := describe(e)
		switch x := e.(type) {
		case *idl.IfaceInfo:
			claim(goIdent(x.Name), what)
			if !x.Forward && !x.Dispatch {
				claim(vtblName(x.Name), what)
			}
			if x.IID != nil {
				claim(iidName(x.Name), what)
			}
			for _, n := range g.sinkNames(x) {
				claim(n, what+", its event sink")
			}
			if ok, _ := g.serverIface(x); ok {
				claim(implName(x.Name), what)
				claim("New"+goIdent(x.Name), what)
				// The server file's own names for it (server.go).
				claim("server"+goIdent(x.Name), what+", its Go COM object class")
				claim("slots"+goIdent(x.Name), what+", its vtable")
				for _, m := range x.Methods {
					for _, suffix := range []string{"", "386", "ARM64"} {
						claim(serveName(x, m)+suffix, fmt.Sprintf("%s, the callback of its method %s (%s)", what, m.Name, shortPos(m.Pos)))
					}
					if _, err := g.lowerServer(m); err != nil {
						// Shared by every such method of as many 386 words.
						n := notImplName(g.method(m).plan.words386())
						if prev := owner[n]; !strings.HasPrefix(prev, "the E_NOTIMPL callback") {
							claim(n, "the E_NOTIMPL callback of methods Go cannot implement")
						}
					}
				}
			}
		case *idl.ModuleInfo:
			for _, m := range x.Funcs {
				w := fmt.Sprintf("function %s of module %s (%s)", m.Name, x.Name, shortPos(m.Pos))
				claim(goIdent(m.Name), w)
				claim(procVarName(m), w+", its export")
			}
			if len(x.Funcs) > 0 {
				if _, ok := owner[dllVarName(x.DLL)]; !ok || !dlls[dllVarName(x.DLL)] {
					claim(dllVarName(x.DLL), fmt.Sprintf("the DLL %s of module %s", x.DLL, x.Name))
					dlls[dllVarName(x.DLL)] = true
				}
			}
		case *idl.ClassInfo:
			if x.CLSID != nil {
				claim(clsidName(x.Name), what)
			}
			if x.CLSID != nil && x.Default != nil && x.Default.IID != nil && g.declared(x.Default) {
				claim("New"+goIdent(x.Name), what+", its constructor") // genConstructor's
				claim("New"+goIdent(x.Name)+constructorWith, what+", its constructor")
			}
		case *idl.EnumInfo:
			if x.Name != "" {
				claim(goIdent(x.Name), what)
			}
			for _, m := range x.Members {
				n := g.enumMemberName(x, m)
				if v, ok := runtimeConstValues()[n]; ok && owner[n] == runtimeOwner && uint32(v) == uint32(m.Value) {
					// The runtime's own declaration of it (wtypes.idl's
					// VT_BOOL, CLSCTX_INPROC_SERVER): the same constant.
					g.runtimeSame[m] = true
					continue
				}
				claim(n, what)
			}
		case *idl.StructInfo:
			if x.Name != "" && !x.Incomplete {
				claim(goIdent(x.Name), what)
			}
		case *idl.ConstInfo:
			if x.CppQuote {
				// C header text yields: it is generated only when it evaluates
				// and nothing else (nor a generic HRESULT) takes its name.
				// cpp_quote constants come after every IDL declaration.
				_, taken := owner[goIdent(x.Name)]
				if x.Unknown || taken || isGenericHRESULT(x.Name) {
					drop[x] = true
					continue
				}
			}
			if !x.Unknown {
				claim(goIdent(x.Name), what)
			}
		}
	}
	// The interfaces named by pointer size (IActiveScriptParse for
	// IActiveScriptParse32 and 64): an alias, and its IID, where free.
	for _, a := range g.findPtrAliases() {
		if _, taken := owner[goIdent(a.name)]; taken {
			continue
		}
		if _, taken := owner[iidName(a.name)]; taken {
			continue
		}
		cur = a.i64
		what := fmt.Sprintf("%s, the alias of %s and %s by pointer size", a.name, a.i32.Name, a.i64.Name)
		claim(goIdent(a.name), what)
		claim(iidName(a.name), what)
		g.ptrAliases = append(g.ptrAliases, a)
	}
	// The typedefs of imported files the declarations reach, as aliases
	// where their names are free (a user's name for what the wrappers
	// take: DISPID, LCID).
	for _, a := range g.importedAliases {
		if !g.wantTypedefAlias(a) {
			continue
		}
		if _, taken := owner[goIdent(a.Name)]; taken {
			continue
		}
		cur = a
		claim(goIdent(a.Name), fmt.Sprintf("%s (%s), a typedef of an imported file", a.Name, shortPos(a.Position())))
		g.typedefAliases = append(g.typedefAliases, a)
	}
	// Within each interface: its methods' Go names (a and A are both A),
	// and the field that embeds its base (a method named IUnknown).
	for _, e := range g.order {
		i, ok := e.(*idl.IfaceInfo)
		if !ok || i.Forward || i.Dispatch {
			continue
		}
		members := map[string]string{iidMethod: "the method " + iidMethod + " every interface type has"}
		if i.Base != nil {
			members[goIdent(i.Base.Name)] = fmt.Sprintf("the base interface %s that %s embeds", i.Base.Name, i.Name)
		}
		for _, m := range i.Methods {
			what := fmt.Sprintf("method %s of %s (%s)", m.Name, i.Name, shortPos(m.Pos))
			if i.Base != nil && exported(m.Name) == vtblName(i.Base.Name) {
				// Its slot in the vtable struct, which embeds the base's.
				clashes = append(clashes, fmt.Sprintf("Go name %s.%s: the base vtable %s that %s embeds and %s",
					vtblName(i.Name), exported(m.Name), vtblName(i.Base.Name), vtblName(i.Name), what))
				continue
			}
			if prev, ok := members[methodName(m)]; ok {
				clashes = append(clashes, fmt.Sprintf("Go name %s.%s: %s and %s", goIdent(i.Name), methodName(m), prev, what))
				continue
			}
			members[methodName(m)] = what
		}
	}
	g.taken = owner
	if len(drop) > 0 {
		kept := g.order[:0]
		for _, e := range g.order {
			if drop[e] {
				delete(g.emitted, e)
			} else {
				kept = append(kept, e)
			}
		}
		g.order = kept
	}
	if len(clashes) == 0 {
		return nil
	}
	sort.Strings(clashes)
	hint := "use -exclude, or one package per IDL file"
	if withRuntime {
		// WTypes.Idl declares VT_EMPTY, WTypesbase.Idl CLSCTX_INPROC_SERVER:
		// with a shared runtime package they are the package's own names.
		hint = "use a shared runtime package (-write-runtime, then -runtime), or -exclude"
	}
	return fmt.Errorf("declarations collide in Go (%s):\n\t%s", hint, strings.Join(clashes, "\n\t"))
}
