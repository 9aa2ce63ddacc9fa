package gen

import (
	"fmt"
	"path"
	"strings"

	"github.com/comgen/comgen/idl"
)

// Parameters that may be NULL. The IDL says so with [unique] or [ptr] (a
// top-level pointer is [ref] otherwise) or the SDK's SAL annotations
// (_In_opt_, _Out_opt_); where it is silent (Wine's activscp.idl does not
// mark ParseScriptText's item name, nor wbemcli.idl SetValue's name), the
// user names the parameters with -optional Interface.Method.Parameter
// (Options.Optional). An [in] pointer is a Go pointer already (nil is
// NULL); what changes is:
//
//   - an [in] string (BSTR, LPCWSTR) becomes a *string: nil passes NULL;
//   - an [out] value (T*, not a string, EXCEPINFO or array) becomes a *T
//     parameter instead of a result: the caller's variable, which the
//     callee fills, or nil to pass NULL (x/sys/windows' idiom).
//
// SAL marks an [out] optional for thousands of SDK methods whose callers
// want the value: only -optional makes an [out] a parameter.

// optionalParam reports whether the [in] parameter p may be NULL:
// [unique], [ptr], a SAL _opt_ annotation, or named by -optional.
func (g *generator) optionalParam(p *idl.ParamInfo) bool {
	return p.Attrs.Has("unique") || p.Attrs.Has("ptr") || salOptional(p) || g.optional[p]
}

// optionalOut reports whether the [out] parameter p is one the caller
// may skip: named by -optional.
func (g *generator) optionalOut(p *idl.ParamInfo) bool {
	return g.optional[p]
}

// resolveOptional reads Options.Optional: each entry is
// Interface.Method.Parameter, each part a glob pattern (path.Match),
// matched against the interfaces of the input files and their imports. A
// pattern that names no interface, method or parameter, or a parameter
// that is not a pointer, is an error saying which.
func (g *generator) resolveOptional() error {
	g.optional = map[*idl.ParamInfo]bool{}
	for _, spec := range g.opt.Optional {
		parts := strings.Split(spec, ".")
		if len(parts) != 3 || parts[0] == "" || parts[1] == "" || parts[2] == "" {
			return fmt.Errorf("-optional %q: expected Interface.Method.Parameter", spec)
		}
		for _, pat := range parts {
			if _, err := path.Match(pat, ""); err != nil {
				return fmt.Errorf("-optional %q: bad pattern %q: %v", spec, pat, err)
			}
		}
		var ifaces, methods, params int
		for _, e := range g.prog.Entities {
			i, ok := e.(*idl.IfaceInfo)
			if !ok || i.Forward {
				continue
			}
			if ok, _ := path.Match(parts[0], i.Name); !ok {
				continue
			}
			ifaces++
			for _, m := range i.Methods {
				if ok, _ := path.Match(parts[1], m.Name); !ok {
					continue
				}
				methods++
				for _, p := range m.Params {
					if ok, _ := path.Match(parts[2], p.Name); !ok {
						continue
					}
					if r := p.Type.Resolve(); r.Kind != idl.RPointer {
						return fmt.Errorf("-optional %q: parameter %s of %s::%s (%s) is not a pointer, so it cannot be NULL", spec, p.Name, i.Name, m.Name, shortPos(p.Pos))
					}
					params++
					g.optional[p] = true
				}
			}
		}
		switch {
		case ifaces == 0:
			return fmt.Errorf("-optional %q: no interface %s in the input files or their imports", spec, parts[0])
		case methods == 0:
			return fmt.Errorf("-optional %q: interface %s has no method %s", spec, parts[0], parts[1])
		case params == 0:
			return fmt.Errorf("-optional %q: method %s.%s has no parameter %s", spec, parts[0], parts[1], parts[2])
		}
	}
	return nil
}
