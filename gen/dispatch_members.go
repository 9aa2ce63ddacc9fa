package gen

import (
	"fmt"
	"strings"

	"github.com/comgen/comgen/idl"
	"github.com/dave/jennifer/jen"
)

// Typed automation: the members of a dispinterface (idl.DispMember) as Go
// methods that call IDispatch::Invoke by DISPID, and for each [source]
// dispinterface of a coclass an event sink, a Go IDispatch whose Invoke
// calls typed callbacks by DISPID. The runtime part is
// templates/automation_windows.go.tmpl (the automation pack).

// automationPack carries the invoke helpers, the event sink object and
// Advise, in a package that declares IDispatch and generates typed
// dispatch members or event sinks.
var automationPack = &extraPack{
	name: "automation",
	applies: func(g *generator, f *features) bool {
		return g.hasAll([]string{"IDispatch", "EXCEPINFO"}) && f.server != nil && g.hasAutomation()
	},
	templates: func(g *generator) []string { return []string{"automation_windows.go.tmpl"} },
	reserved:  []string{"Advise", "Connection"},
	owner:     "the automation support",
}

// hasAutomation reports whether a declaration of the package has typed
// dispatch members or an event sink.
func (g *generator) hasAutomation() bool {
	for _, e := range g.order {
		switch x := e.(type) {
		case *idl.IfaceInfo:
			if dispatchIface(x) {
				return true
			}
		case *idl.ClassInfo:
			for _, s := range x.Sources {
				if dispatchIface(s) {
					return true
				}
			}
		}
	}
	return false
}

// dispatchIface reports whether i is a dispinterface with members: its Go
// type gets typed methods, and as a [source] an event sink.
func dispatchIface(i *idl.IfaceInfo) bool {
	return i.Dispatch && !i.Forward && len(i.DispMembers) > 0
}

// dispKind is how a value crosses IDispatch::Invoke.
type dispKind int

const (
	dispScalar  dispKind = iota // a Go value of a VARIANT type: converted with VariantChangeType and Value
	dispObject                  // an interface pointer
	dispVariant                 // a VARIANT as it is (in: any)
	dispByRef                   // an [out] or [in, out] pointer: *ByRef[T]
)

// dispType is the Go side of a dispatch argument or result.
type dispType struct {
	kind dispKind
	// in is the parameter's Go type, out the result's (nil: as in).
	in, out *jen.Statement
	// value is the Go type the VARIANT's Value gives (int32 for an enum),
	// cast to in when that is a named type.
	value *jen.Statement
	cast  bool
	vt    string // the VARTYPE the value is converted to
	// iface is the interface of a dispObject, dispatch whether it derives
	// from IDispatch (VT_DISPATCH).
	iface    *idl.IfaceInfo
	dispatch bool
}

var dispBasic = map[string]struct {
	goType string
	vt     string
}{
	"short": {"int16", "VT_I2"}, "long": {"int32", "VT_I4"}, "int": {"int32", "VT_I4"},
	"unsigned short": {"uint16", "VT_UI2"}, "unsigned long": {"uint32", "VT_UI4"}, "unsigned int": {"uint32", "VT_UI4"},
	"char": {"int8", "VT_I1"}, "small": {"int8", "VT_I1"}, "unsigned char": {"uint8", "VT_UI1"}, "byte": {"uint8", "VT_UI1"},
	"hyper": {"int64", "VT_I8"}, "__int64": {"int64", "VT_I8"}, "unsigned hyper": {"uint64", "VT_UI8"}, "unsigned __int64": {"uint64", "VT_UI8"},
	"float": {"float32", "VT_R4"}, "double": {"float64", "VT_R8"},
}

// dispTypeOf lowers an automation type, or says why it has no dispatch form.
func (g *generator) dispTypeOf(t *idl.TypeRef) (*dispType, error) {
	scalar := func(goType *jen.Statement, vt string) *dispType {
		return &dispType{kind: dispScalar, in: goType, value: goType, vt: vt}
	}
	// Named automation types before aliases are followed.
	for x := t; x != nil && x.Kind == idl.RNamed; {
		switch x.Decl.EntityName() {
		case "BSTR":
			return scalar(jen.String(), "VT_BSTR"), nil
		case "VARIANT_BOOL":
			return scalar(jen.Bool(), "VT_BOOL"), nil
		case "DATE":
			return scalar(jen.Qual("time", "Time"), "VT_DATE"), nil
		case "HRESULT", "SCODE":
			return scalar(g.rt(rtHRESULT), "VT_ERROR"), nil
		case "VARIANT", "CY", "DECIMAL":
			return &dispType{kind: dispVariant, in: jen.Any(), out: g.rt(rtVARIANT)}, nil
		}
		a, ok := x.Decl.(*idl.AliasInfo)
		if !ok {
			break
		}
		x = a.Type
	}
	r := t.Resolve()
	switch r.Kind {
	case idl.RBasic:
		if b, ok := dispBasic[r.Basic]; ok {
			return scalar(jen.Id(b.goType), b.vt), nil
		}
	case idl.RNamed:
		if _, ok := r.Decl.(*idl.EnumInfo); ok {
			goT, err := g.goType(r)
			if err != nil {
				return nil, err
			}
			return &dispType{kind: dispScalar, in: goT, value: jen.Int32(), cast: true, vt: "VT_I4"}, nil
		}
	case idl.RPointer:
		e := r.Elem.Resolve()
		if isNamed(r.Elem, "VARIANT") {
			// An [in] VARIANT*: passed by value, which the callee's
			// DispInvoke takes for it as Visual Basic passes it.
			return &dispType{kind: dispVariant, in: jen.Any(), out: g.rt(rtVARIANT)}, nil
		}
		if e.Kind == idl.RNamed {
			if i, ok := e.Decl.(*idl.IfaceInfo); ok {
				dt := &dispType{kind: dispObject, iface: i, dispatch: derivesFrom(i, "IDispatch")}
				switch {
				case i.Name == "IUnknown":
					dt.in = jen.Op("*").Add(g.rt(rtIUnknown))
				case g.declared(i):
					dt.in = jen.Op("*").Add(g.ident(i, goIdent(i.Name)))
				case dt.dispatch:
					dt.iface, dt.in = g.prog.Scope["IDispatch"].(*idl.IfaceInfo), jen.Op("*").Id("IDispatch")
				default:
					dt.iface, dt.in = g.prog.Scope["IUnknown"].(*idl.IfaceInfo), jen.Op("*").Add(g.rt(rtIUnknown))
				}
				return dt, nil
			}
			if s, ok := e.Decl.(*idl.StructInfo); ok && s.Name == "SAFEARRAY" || e.Decl.EntityName() == "SAFEARRAY" {
				return &dispType{kind: dispVariant, in: jen.Any(), out: g.rt(rtVARIANT)}, nil
			}
		}
		return nil, fmt.Errorf("a pointer to %s has no VARIANT form", typeString(r.Elem))
	}
	return nil, fmt.Errorf("type %s has no VARIANT form", typeString(t))
}

// derivesFrom reports whether i is, or derives from, the interface named base.
func derivesFrom(i *idl.IfaceInfo, base string) bool {
	for n := 0; i != nil && n < 1000; i, n = i.Base, n+1 {
		if i.Name == base || i.Dispatch && base == "IDispatch" {
			return true
		}
	}
	return false
}

// dispByRefType lowers an [out] or [in, out] pointer that is not the
// [retval]: a *ByRef[T] whose VT_BYREF tag is the pointee's automation
// type, for the VARIANT types a ByRef holds.
func (g *generator) dispByRefType(t *idl.TypeRef) (*dispType, error) {
	r := t.Resolve()
	if r.Kind != idl.RPointer {
		return nil, fmt.Errorf("an [out] parameter of type %s", typeString(t))
	}
	var elem *jen.Statement
	for x := r.Elem; x != nil && x.Kind == idl.RNamed && elem == nil; {
		switch x.Decl.EntityName() {
		case "BSTR":
			elem = g.rt(rtBSTR)
		case "VARIANT":
			elem = g.rt(rtVARIANT)
		case "VARIANT_BOOL", "DATE", "CY", "DECIMAL":
			return nil, fmt.Errorf("a by-reference %s (ByRef has no VT_%s)", x.Decl.EntityName(), x.Decl.EntityName())
		}
		a, ok := x.Decl.(*idl.AliasInfo)
		if !ok {
			break
		}
		x = a.Type
	}
	if elem == nil {
		e := r.Elem.Resolve()
		switch {
		case e.Kind == idl.RBasic && dispBasic[e.Basic].goType != "":
			elem = jen.Id(dispBasic[e.Basic].goType)
		case e.Kind == idl.RPointer && e.Elem.Resolve().Kind == idl.RNamed && e.Elem.Resolve().Decl.EntityName() == "IUnknown":
			elem = jen.Op("*").Add(g.rt(rtIUnknown))
		default:
			return nil, fmt.Errorf("a by-reference %s has no ByRef form", typeString(r.Elem))
		}
	}
	return &dispType{kind: dispByRef, in: jen.Op("*").Id("ByRef").Types(elem)}, nil
}

// dispSig is a member's Go signature: its arguments (in order, [lcid] and
// [retval] left out) and its result.
type dispSig struct {
	params []dispParam
	result *dispType // nil: none
}

type dispParam struct {
	name     string
	t        *dispType
	optional bool // an [optional] VARIANT: nil leaves it out
}

// dispSignature lowers member m read with invoke kind k (a property is read
// with InvokePropGet and written with InvokePropPut).
func (g *generator) dispSignature(m *idl.DispMember, k idl.InvokeKind) (*dispSig, error) {
	s := &dispSig{}
	if m.Property {
		t, err := g.dispTypeOf(m.Ret)
		if err != nil {
			return nil, err
		}
		if k == idl.InvokePropGet {
			s.result = t
		} else {
			s.params = append(s.params, dispParam{name: "value", t: t})
		}
		return s, nil
	}
	ret := m.Ret.Resolve()
	if !(ret.Kind == idl.RBasic && ret.Basic == "void") && !isNamed(m.Ret, "HRESULT") {
		t, err := g.dispTypeOf(m.Ret)
		if err != nil {
			return nil, fmt.Errorf("result: %v", err)
		}
		s.result = t
	}
	names := map[string]bool{"v": true, "x": true, "err": true}
	for k, p := range m.Params {
		if p.Attrs.Has("lcid") {
			continue
		}
		if p.Retval {
			if s.result != nil || k != len(m.Params)-1 || p.Type.Resolve().Kind != idl.RPointer {
				return nil, fmt.Errorf("[retval] %s is not the last parameter of a member returning HRESULT", p.Name)
			}
			t, err := g.dispTypeOf(p.Type.Resolve().Elem)
			if err != nil {
				return nil, fmt.Errorf("result: %v", err)
			}
			s.result = t
			continue
		}
		var t *dispType
		var err error
		if p.Dir != idl.In {
			t, err = g.dispByRefType(p.Type)
		} else {
			t, err = g.dispTypeOf(p.Type)
		}
		if err != nil {
			return nil, fmt.Errorf("parameter %s: %v", p.Name, err)
		}
		name := g.paramName(p.Name, k)
		for names[name] {
			name += "_"
		}
		names[name] = true
		s.params = append(s.params, dispParam{name: name, t: t, optional: p.Optional() && t.kind == dispVariant})
	}
	return s, nil
}

// dispMethodName is the Go name of member m read with kind k: the name for
// a method, Get_X, Put_X and PutRef_X for a property's accessors (as the
// vtable wrappers of a dual interface name them).
func dispMethodName(m *idl.DispMember, k idl.InvokeKind) string {
	switch k {
	case idl.InvokePropGet:
		return exported("get_" + m.Name)
	case idl.InvokePropPut:
		return exported("put_" + m.Name)
	case idl.InvokePropPutRef:
		return exported("putref_" + m.Name)
	}
	return exported(m.Name)
}

// dispAccessors lists member m's Go methods: one per invoke kind (a
// property's getter and, unless it is read-only, its setter).
func dispAccessors(m *idl.DispMember) []idl.InvokeKind {
	if !m.Property {
		return []idl.InvokeKind{m.Invoke}
	}
	if m.ReadOnly {
		return []idl.InvokeKind{idl.InvokePropGet}
	}
	return []idl.InvokeKind{idl.InvokePropGet, idl.InvokePropPut}
}

// dispNames gives each Go method of i's members a name no method of the
// type has already (IDispatch's, IID, another member's).
func dispNames(i *idl.IfaceInfo) map[*idl.DispMember]map[idl.InvokeKind]string {
	taken := map[string]bool{"QueryInterface": true, "AddRef": true, "Release": true, "GetTypeInfoCount": true,
		"GetTypeInfo": true, "GetIDsOfNames": true, "Invoke": true, "IID": true}
	out := map[*idl.DispMember]map[idl.InvokeKind]string{}
	for _, m := range i.DispMembers {
		out[m] = map[idl.InvokeKind]string{}
		for _, k := range dispAccessors(m) {
			n := dispMethodName(m, k)
			for taken[n] {
				n += "_"
			}
			taken[n] = true
			out[m][k] = n
		}
	}
	return out
}

// automationFile declares the typed dispatch members and event sinks of
// ents, or is nil when they have none.
func (g *generator) automationFile(ents []idl.Entity) *jen.File {
	if !g.hasExtra(automationPack) {
		return nil
	}
	f := g.newFile(true)
	n := 0
	for _, e := range ents {
		if x, ok := e.(*idl.IfaceInfo); ok && dispatchIface(x) {
			g.genDispMembers(f, x)
			n++
		}
	}
	// A sink per [source] dispinterface of the group's classes, declared
	// with the group that declares the interface.
	for _, e := range ents {
		if i, ok := e.(*idl.IfaceInfo); ok && g.isSource(i) {
			g.genSink(f, i)
			n++
		}
	}
	if n == 0 {
		return nil
	}
	return f
}

// hasExtra reports whether the package carries pack p.
func (g *generator) hasExtra(p *extraPack) bool {
	for _, x := range g.feat.extras {
		if x == p {
			return true
		}
	}
	return false
}

// isSource reports whether dispinterface i is a [source] of a coclass the
// package declares.
func (g *generator) isSource(i *idl.IfaceInfo) bool {
	if !dispatchIface(i) || !g.emitted[i] {
		return false
	}
	for _, e := range g.order {
		if c, ok := e.(*idl.ClassInfo); ok {
			for _, s := range c.Sources {
				if s == i {
					return true
				}
			}
		}
	}
	return false
}

// genDispMembers declares the Go methods of dispinterface i's members.
func (g *generator) genDispMembers(f *jen.File, i *idl.IfaceInfo) {
	recv := goIdent(i.Name)
	names := dispNames(i)
	var skipped []string
	for _, m := range i.DispMembers {
		for _, k := range dispAccessors(m) {
			sig, err := g.dispSignature(m, k)
			if err != nil {
				skipped = append(skipped, fmt.Sprintf("%s (%v): %v", m.Name, k, err))
				continue
			}
			g.genDispMethod(f, recv, names[m][k], m, k, sig)
		}
	}
	if len(skipped) > 0 {
		comment(f, fmt.Sprintf("Members of %s without a typed method (call them with Invoke):", i.Name))
		for _, s := range skipped {
			f.Comment("  - " + s)
		}
		f.Line()
	}
}

var dispFlags = map[idl.InvokeKind]string{idl.InvokeFunc: "dispMethod", idl.InvokePropGet: "dispPropGet",
	idl.InvokePropPut: "dispPropPut", idl.InvokePropPutRef: "dispPropPutRef"}

// genDispMethod declares one typed dispatch call.
func (g *generator) genDispMethod(f *jen.File, recv, name string, m *idl.DispMember, k idl.InvokeKind, sig *dispSig) {
	var params, args []jen.Code
	for _, p := range sig.params {
		params = append(params, jen.Id(p.name).Add(p.t.in))
		args = append(args, g.dispArg(p))
	}
	flags := jen.Id(dispFlags[k])
	if k == idl.InvokePropGet || k == idl.InvokeFunc && sig.result != nil {
		// What Visual Basic and the script engines pass when they read a
		// value: objects whose Invoke takes a property as a method or the
		// other way round (Wine's msi and wbemdisp) answer it too.
		flags = jen.Id("dispMethod").Op("|").Id("dispPropGet")
	}
	call := append([]jen.Code{jen.Op("&").Id("v").Dot("IDispatch"), jen.Lit(int(m.DispID)), flags}, args...)
	var body []jen.Code
	var results *jen.Statement
	r := sig.result
	switch {
	case r == nil:
		results = jen.Error()
		body = append(body, jen.Return(jen.Id("dispatchCall").Call(call...)))
	case r.kind == dispObject:
		results = jen.Params(r.in, jen.Error())
		body = append(body, jen.Return(jen.Id("dispatchObject").Types(g.dispElem(r)).Call(call...)))
	case r.kind == dispVariant:
		results = jen.Params(r.out, jen.Error())
		body = append(body, jen.Return(jen.Id("dispatchInvoke").Call(call...)))
	case r.cast:
		results = jen.Params(r.in, jen.Error())
		vcall := append([]jen.Code{call[0], call[1], call[2], g.rt(r.vt)}, call[3:]...)
		body = append(body, jen.List(jen.Id("x"), jen.Err()).Op(":=").Id("dispatchValue").Types(r.value).Call(vcall...),
			jen.Return(jen.Add(r.in).Call(jen.Id("x")), jen.Err()))
	default:
		results = jen.Params(r.in, jen.Error())
		vcall := append([]jen.Code{call[0], call[1], call[2], g.rt(r.vt)}, call[3:]...)
		body = append(body, jen.Return(jen.Id("dispatchValue").Types(r.value).Call(vcall...)))
	}
	doc := fmt.Sprintf("%s calls %s::%s through IDispatch::Invoke (DISPID %s, %s).", name, m.Iface.Name, m.Name, dispIDString(m.DispID), k)
	if k == idl.InvokePropGet || k == idl.InvokeFunc && sig.result != nil {
		doc += "\nIt asks with DISPATCH_METHOD|DISPATCH_PROPERTYGET, as Visual Basic does to read a value."
	}
	if d := strings.TrimSpace(m.Doc); d != "" {
		doc += "\n" + d
	}
	if hasOptional(sig) {
		doc += "\nA nil optional argument is left out (DISP_E_PARAMNOTFOUND), as COM expects."
	}
	if r != nil && (r.kind == dispObject || r.kind == dispVariant) {
		doc += "\nThe result is the caller's to release (Release, or Clear for a VARIANT)."
	}
	doc += "\nAn exception the member raises is a *DispatchException."
	comment(f, doc)
	f.Func().Params(jen.Id("v").Op("*").Id(recv)).Id(name).Params(params...).Add(results).Block(body...)
	f.Line()
}

func hasOptional(s *dispSig) bool {
	for _, p := range s.params {
		if p.optional {
			return true
		}
	}
	return false
}

func dispIDString(id int32) string {
	if id < 0 {
		return fmt.Sprintf("%d", id)
	}
	return fmt.Sprintf("%#x", id)
}

// dispElem is the interface type a dispObject points to.
func (g *generator) dispElem(t *dispType) *jen.Statement {
	switch {
	case t.iface == nil || t.iface.Name == "IUnknown":
		return g.rt(rtIUnknown)
	case t.iface.Name == "IDispatch":
		return jen.Id("IDispatch")
	}
	return g.ident(t.iface, goIdent(t.iface.Name))
}

// dispArg is the argument dispatchInvoke is given for p.
func (g *generator) dispArg(p dispParam) jen.Code {
	x := jen.Id(p.name)
	switch {
	case p.t.kind == dispObject && p.t.dispatch && !(p.t.iface != nil && p.t.iface.Name == "IDispatch"):
		return jen.Id("dispDispatch").Call(x)
	case p.t.kind == dispObject && !p.t.dispatch && !(p.t.iface != nil && p.t.iface.Name == "IUnknown"):
		return jen.Id("dispInterface").Call(x)
	case p.t.kind == dispScalar && p.t.cast:
		return jen.Int32().Call(x)
	case p.optional:
		return jen.Id("dispOptional").Call(x)
	}
	return x
}

// sinkNames are the package-level Go names the event sink of i takes,
// when it has one (see collide.go).
func (g *generator) sinkNames(i *idl.IfaceInfo) []string {
	if !g.hasExtra(automationPack) || !g.isSource(i) {
		return nil
	}
	return []string{sinkName(i), "New" + sinkName(i), "Advise" + goIdent(i.Name), "sinkClass" + goIdent(i.Name)}
}

// comment writes text as // lines (jen writes a multi-line comment as /* */).
func comment(f *jen.File, text string) {
	for _, l := range strings.Split(text, "\n") {
		f.Comment(l)
	}
}

// sinkName is the Go name of the event sink of dispinterface i.
func sinkName(i *idl.IfaceInfo) string { return goIdent(i.Name) + "Sink" }

// genSink declares the event sink of [source] dispinterface i: a struct
// of typed callbacks, its dispatch by DISPID, a constructor of its Go COM
// object and Advise.
func (g *generator) genSink(f *jen.File, i *idl.IfaceInfo) {
	name := sinkName(i)
	class := "sinkClass" + goIdent(i.Name)
	var fields []jen.Code
	var cases []jen.Code
	used := map[string]bool{}
	for _, m := range i.DispMembers {
		if m.Property || m.Invoke != idl.InvokeFunc {
			continue
		}
		fname := exported(m.Name)
		for used[fname] {
			fname += "_"
		}
		var params, args []jen.Code
		ok := true
		pos := 0
		for k, p := range m.Params {
			if p.Attrs.Has("lcid") || p.Retval {
				continue
			}
			pname := g.paramName(p.Name, k)
			var pt *jen.Statement
			var arg jen.Code
			t, err := g.dispTypeOf(p.Type)
			switch {
			case p.Dir != idl.In || err != nil && p.Type.Resolve().Kind == idl.RPointer:
				// By reference: the VARIANT as the source passed it.
				pt, arg = jen.Op("*").Add(g.rt(rtVARIANT)), jen.Id("sinkVariant").Call(jen.Id("args"), jen.Lit(pos))
			case err != nil:
				ok = false
			case t.kind == dispVariant:
				pt, arg = jen.Op("*").Add(g.rt(rtVARIANT)), jen.Id("sinkVariant").Call(jen.Id("args"), jen.Lit(pos))
			case t.kind == dispObject:
				pt, arg = jen.Op("*").Add(g.rt(rtIUnknown)), jen.Id("sinkObject").Call(jen.Id("args"), jen.Lit(pos))
			default:
				pt = t.in
				arg = jen.Id("sinkArg").Types(t.value).Call(jen.Id("args"), jen.Lit(pos), g.rt(t.vt))
				if t.cast {
					arg = jen.Add(t.in).Call(arg)
				}
			}
			if !ok {
				break
			}
			params = append(params, jen.Id(pname).Add(pt))
			args = append(args, arg)
			pos++
		}
		if !ok {
			continue
		}
		used[fname] = true
		doc := fmt.Sprintf("%s is called for %s::%s (DISPID %s); nil ignores it.", fname, i.Name, m.Name, dispIDString(m.DispID))
		if d := strings.TrimSpace(m.Doc); d != "" {
			doc += " " + d
		}
		fields = append(fields, jen.Comment(doc), jen.Id(fname).Func().Params(params...))
		cases = append(cases, jen.Case(jen.Lit(int(m.DispID))).Block(
			jen.If(jen.Id("s").Dot(fname).Op("!=").Nil()).Block(jen.Id("s").Dot(fname).Call(args...)),
		))
	}
	cases = append(cases, jen.Default().Block(jen.Return(jen.Id("dispEMemberNotFound"))))
	comment(f, fmt.Sprintf("%s receives the events of %s, a [source] dispinterface: set the callbacks\n"+
		"of the events wanted, make its COM object with New%s and connect that to\n"+
		"an object with Advise%s. A callback runs on the thread the source fires\n"+
		"on, which may not be the goroutine that connected it: it must be safe for\n"+
		"that, and the fields must not change once the sink is connected.", name, i.Name, name, goIdent(i.Name)))
	f.Type().Id(name).Struct(fields...)
	f.Line()
	f.Var().Id(class).Op("=").Id("newSinkClass").Call(jen.Lit(i.Name), jen.Op("&").Id(iidName(i.Name)))
	f.Line()
	comment(f, fmt.Sprintf("New%s returns the Go COM object of s: an IDispatch that answers\n"+
		"QueryInterface for %s, with a reference count of 1 (Release it when done).", name, i.Name))
	f.Func().Id("New" + name).Params(jen.Id("s").Op("*").Id(name)).Op("*").Add(g.rt(rtIUnknown)).Block(
		jen.Return(jen.Parens(jen.Op("*").Add(g.rt(rtIUnknown))).Call(g.rt(rtNewServer).Call(jen.Id("s"), jen.Id(class)))),
	)
	f.Line()
	f.Comment("dispInvoke calls the callback of member id (see dispSink).")
	f.Func().Params(jen.Id("s").Op("*").Id(name)).Id("dispInvoke").Params(jen.Id("id").Int32(), jen.Id("args").Index().Add(g.rt(rtVARIANT))).Add(g.rt(rtHRESULT)).Block(
		jen.Switch(jen.Id("id")).Block(cases...),
		jen.Return(jen.Lit(0)),
	)
	f.Line()
	comment(f, fmt.Sprintf("Advise%s connects the event sink s to source's connection point for\n"+
		"%s: s's COM object is made and handed to the source, which holds it until\n"+
		"Unadvise on the result.", goIdent(i.Name), i.Name))
	f.Func().Id("Advise"+goIdent(i.Name)).Params(
		jen.Id("source").Interface(jen.Id("QueryInterface").Params(g.rt(rtIIDOut)).Params(g.rt(rtHRESULT), jen.Error())),
		jen.Id("s").Op("*").Id(name),
	).Params(jen.Op("*").Id("Connection"), jen.Error()).Block(
		jen.Id("obj").Op(":=").Id("New"+name).Call(jen.Id("s")),
		jen.Defer().Id("obj").Dot("Release").Call(),
		jen.Return(jen.Id("Advise").Call(jen.Id("source"), jen.Op("&").Id(iidName(i.Name)), jen.Id("obj"))),
	)
	f.Line()
}
