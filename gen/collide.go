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
	if g.opt.Runtime == "" {
		for _, n := range runtimeNames {
			owner[n] = runtimeOwner
		}
	}
	for _, n := range wmiHelperNames {
		owner[n] = "the WMI helper"
	}
	// Every other name the fixed files declare, unexported helpers and the
	// package's own tests included.
	tnames := templateNames()
	servers := g.firstServer() != nil
	for file, names := range tnames {
		if g.opt.Runtime != "" && runtimeOnlyTemplate(file) || strings.HasPrefix(file, "server_") && !servers ||
			strings.HasPrefix(file, "wbem_") && !(servers && g.hasAll(wmiNames)) ||
			strings.HasPrefix(file, "propvariant_") && g.propVariant() == nil {
			continue
		}
		for _, n := range names {
			if _, ok := owner[n]; !ok {
				owner[n] = "the generated package's fixed code (" + strings.TrimSuffix(file, ".tmpl") + ")"
			}
		}
	}
	if servers {
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
	claim := func(name, what string) {
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
			if ok, _ := g.serverIface(x); ok {
				claim(implName(x.Name), what)
				claim("New"+goIdent(x.Name), what)
			}
		case *idl.ClassInfo:
			if x.CLSID != nil {
				claim(clsidName(x.Name), what)
			}
		case *idl.EnumInfo:
			if x.Name != "" {
				claim(goIdent(x.Name), what)
			}
			for _, m := range x.Members {
				claim(g.enumMemberName(x, m), what)
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
