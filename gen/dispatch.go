package gen

// The automation pack: what the runtime support cannot declare because
// IDispatch is not among its types (oaidl.idl declares it): a VT_DISPATCH
// VARIANT from a typed *IDispatch (templates/dispatch_windows.go.tmpl),
// carried by the package that declares IDispatch.
var dispatchPack = &extraPack{
	name:      "dispatch",
	applies:   func(g *generator, f *features) bool { return g.hasAll([]string{"IDispatch"}) },
	templates: func(g *generator) []string { return []string{"dispatch_windows.go.tmpl"} },
	reserved:  []string{"NewVariantDispatch"},
	owner:     "the automation support",
}
