package gen

import (
	"github.com/comgen/comgen/idl"
)

// features is what a package carries besides the Go of its own
// declarations: the fixed files (templates) it is written with, and so the
// names those files take. newFeatures decides it once, when the
// declarations are selected and before any file is built; templateFiles
// writes the files it lists and checkCollisions reserves their names.
type features struct {
	// runtime is set when the package carries the runtime support proper
	// (runtimeTemplates): it uses no shared runtime package
	// (Options.Runtime). A shared runtime package itself carries it.
	runtime bool
	// writeRuntime is set in a shared runtime package (Options.WriteRuntime),
	// which carries the floating-point calls whatever its wrappers call.
	writeRuntime bool
	// server is the first interface deriving from IUnknown that Go can
	// implement, which the generated server tests use; nil when the
	// package has no Go COM objects, and so no server support.
	server *idl.IfaceInfo
	// propVariant is set when the package declares PROPVARIANT with a
	// VARIANT's layout: propvariant_windows.go gives it methods.
	propVariant bool
	// wmi is set when the package has what the WMI helper
	// (wbem_windows.go) and its tests use: the wbemcli interfaces, classes
	// and enumerators, and Go COM objects.
	wmi bool
	// floatCalls is set when a client wrapper calls comCallARM64 or
	// comCallX87 (floatcall_windows*). It is the one feature not known
	// before the files are built: Generate copies it from g.floatCalls,
	// which the client wrappers set as methods.go builds them, before it
	// writes the fixed files. Until then it is false, and checkCollisions
	// reserves the names of those files wherever they could be carried.
	floatCalls bool
}

// The fixed files of the runtime support, by the feature that brings them.
var (
	// runtimeTemplates are the runtime support proper, which a package
	// that uses a shared runtime package (Options.Runtime) does not carry.
	runtimeTemplates = []string{"com.go.tmpl", "hresult.go.tmpl", "com_windows.go.tmpl", "variant_windows.go.tmpl",
		"variant_windows_test.go.tmpl", "com_windows_test.go.tmpl"}
	// serverTemplates are the Go COM object runtime and its tests.
	serverTemplates = []string{"server_windows.go.tmpl", "server_windows_test.go.tmpl"}
	// floatCallTemplates are the runtime's calls through floating-point
	// registers (comCallARM64, comCallX87) and their assembly trampolines.
	floatCallTemplates = []string{"floatcall_windows.go.tmpl", "floatcall_windows_asm.go.tmpl",
		"floatcall_windows_arm64.s.tmpl", "floatcall_windows_386.s.tmpl"}
)

// newFeatures decides what the package carries (see features) from the
// selected declarations and the options.
func (g *generator) newFeatures() *features {
	f := &features{runtime: g.opt.Runtime == "", writeRuntime: g.opt.WriteRuntime, server: g.firstServer(),
		propVariant: g.propVariant() != nil}
	f.wmi = f.server != nil && g.hasAll(wmiNames)
	return f
}

// templates lists the template files the package is written with, in the
// order they are written. floatCalls stands for f.floatCalls: the
// collision check, which runs before the wrappers say whether they make
// floating-point calls, passes true.
func (f *features) templates(g *generator, floatCalls bool) []string {
	// A package that uses a shared runtime carries none of it: only its
	// documentation, PROPVARIANT's methods and the WMI helper.
	names := []string{"doc.go.tmpl"}
	if f.runtime {
		names = append(names, runtimeTemplates...)
		if f.server != nil {
			names = append(names, serverTemplates...)
		}
	}
	if f.propVariant {
		names = append(names, "propvariant_windows.go.tmpl")
	}
	if f.wmi {
		names = append(names, "wbem_windows.go.tmpl", "wbem_windows_test.go.tmpl")
		if g.opt.ImportPath != "" {
			names = append(names, "example_windows_test.go.tmpl")
		}
	}
	// The floating-point call trampolines: where the wrappers call them, and
	// in a shared runtime package, which cannot know whether they will.
	if f.runtime && floatCalls || f.writeRuntime {
		names = append(names, floatCallTemplates...)
	}
	return names
}

// propVariant returns the PROPVARIANT this package declares (propidl.idl's,
// with a VARIANT's layout), which propvariant_windows.go gives methods, or nil.
func (g *generator) propVariant() *idl.StructInfo {
	for _, e := range g.order {
		s, ok := e.(*idl.StructInfo)
		if !ok || s.Name != "PROPVARIANT" || s.Incomplete || g.structError(s) != nil {
			continue
		}
		size64, _, err64 := idl.StructLayout(s, idl.ArchAMD64, nil, 0)
		size32, _, err32 := idl.StructLayout(s, idl.Arch386, nil, 0)
		if err64 == nil && err32 == nil && size64 == 24 && size32 == 16 {
			return s
		}
	}
	return nil
}

// firstServer returns the first interface deriving from IUnknown that Go
// can implement (the generated server tests use it), or nil: a package
// without one carries no server support.
func (g *generator) firstServer() *idl.IfaceInfo {
	for _, e := range g.order {
		if i, ok := e.(*idl.IfaceInfo); ok && i.Base != nil && i.Base.Name == "IUnknown" {
			if ok, _ := g.serverIface(i); ok {
				return i
			}
		}
	}
	return nil
}
