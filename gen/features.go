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
	// extras are the optional packs (extraPacks) the package carries.
	extras []*extraPack
	// floatCalls is set when a client wrapper calls comCallARM64 or
	// comCallX87 (floatcall_windows*): Generate sets it from the methods'
	// call plans (usesFloatCalls) once the declarations are grouped into
	// files, before any is built. checkCollisions, which runs before,
	// reserves the names of those files wherever they could be carried.
	floatCalls bool
}

// extraPack is an optional part of the fixed files: templates a package
// carries when its declarations call for them. The generic core knows
// each only through this hook (the WMI helper: wmi.go).
type extraPack struct {
	// name is the pack's key in TemplateData.Extras, which the templates
	// test ({{if .Extras.wmi}}).
	name string
	// applies reports whether the package carries the pack; the features
	// other than the packs are decided when it is called.
	applies func(g *generator, f *features) bool
	// templates are the pack's template files in a package that carries it.
	templates func(g *generator) []string
	// reserved are names of the pack's API that IDL declarations take in
	// no package, whether or not it carries the pack (owner says whose
	// they are in the collision error).
	reserved []string
	owner    string
}

// extraPacks are the optional packs, in the order their templates are written.
var extraPacks = []*extraPack{dispatchPack, automationPack, wmiPack}

// The fixed files of the runtime support, by the feature that brings them.
var (
	// runtimeTemplates are the runtime support proper, which a package
	// that uses a shared runtime package (Options.Runtime) does not carry.
	// Their tests, and the Go COM object runtime's where the package has
	// it, are one file (runtime_windows_test.go; the package's own facts
	// are TestFile).
	runtimeTemplates = []string{"com.go.tmpl", "hresult.go.tmpl", "com_windows.go.tmpl", "variant_windows.go.tmpl", "variant_other.go.tmpl",
		"runtime_windows_test.go.tmpl"}
	// serverTemplates are the Go COM object runtime (its tests are in
	// runtime_windows_test.go).
	serverTemplates = []string{"server_windows.go.tmpl"}
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
	for _, p := range extraPacks {
		if p.applies(g, f) {
			f.extras = append(f.extras, p)
		}
	}
	return f
}

// templates lists the template files the package is written with, in the
// order they are written. floatCalls stands for f.floatCalls: the
// collision check, which runs before the wrappers say whether they make
// floating-point calls, passes true.
func (f *features) templates(g *generator, floatCalls bool) []string {
	// A package that uses a shared runtime carries none of it: only its
	// documentation, PROPVARIANT's methods and the extras.
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
	for _, p := range f.extras {
		names = append(names, p.templates(g)...)
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
