package idl

import (
	"fmt"
	"strings"
)

// InvokeKind says how IDispatch::Invoke reaches a dispatch member: the
// DISPATCH_* flag it is called with (INVOKEKIND's values).
type InvokeKind int

// Invoke kinds.
const (
	InvokeFunc       InvokeKind = 1 // a method: DISPATCH_METHOD
	InvokePropGet    InvokeKind = 2 // [propget]: DISPATCH_PROPERTYGET
	InvokePropPut    InvokeKind = 4 // [propput]: DISPATCH_PROPERTYPUT
	InvokePropPutRef InvokeKind = 8 // [propputref]: DISPATCH_PROPERTYPUTREF
)

func (k InvokeKind) String() string {
	switch k {
	case InvokeFunc:
		return "method"
	case InvokePropGet:
		return "propget"
	case InvokePropPut:
		return "propput"
	case InvokePropPutRef:
		return "propputref"
	}
	return fmt.Sprintf("invokekind(%d)", int(k))
}

// DispMember is a member of the automation view of an interface: what
// IDispatch::Invoke reaches by its DISPID. A dispinterface's members are
// its methods and properties; a dual interface's are its vtable methods
// (Method set), with the DISPIDs of their [id] attributes.
type DispMember struct {
	Declared
	Attrs  Attrs
	DispID int32
	Invoke InvokeKind
	// Ret is the declared result: HRESULT (with an [out, retval]
	// parameter, or none) or the value itself (a dispinterface method may
	// declare one, and a property's Ret is its type).
	Ret    *TypeRef
	Params []*ParamInfo
	// Property is set for a member of a dispinterface's properties:
	// section (VAR_DISPATCH in a type library): read with
	// DISPATCH_PROPERTYGET, and unless ReadOnly written with
	// DISPATCH_PROPERTYPUT.
	Property bool
	ReadOnly bool
	// Method is the vtable method a dual interface's member calls, or nil.
	Method *MethodInfo
	Iface  *IfaceInfo
}

// InvokeKindOf returns the invoke kind an attribute list gives a method:
// propget, propput, propputref, or a plain method.
func InvokeKindOf(a Attrs) InvokeKind {
	switch {
	case a.Has("propget"):
		return InvokePropGet
	case a.Has("propput"):
		return InvokePropPut
	case a.Has("propputref"):
		return InvokePropPutRef
	}
	return InvokeFunc
}

// Optional reports whether a dispatch caller may leave p out: [optional],
// or [defaultvalue] (the callee fills in the value).
func (p *ParamInfo) Optional() bool {
	return p.Attrs.Has("optional") || p.Attrs.Has("defaultvalue")
}

// dispID evaluates a member's [id(n)], reporting a missing or bad one.
// A dispinterface member without one is left out with a warning; a dual
// interface's method without one is numbered (see dispMembers).
func (c *checker) dispID(a Attrs, pos Pos, what string, dual bool) (int32, bool) {
	at := a.Get("id")
	if at == nil || len(at.Args) != 1 || at.Args[0] == nil {
		if !dual {
			c.warnf(pos, "%s has no [id(n)]: left out of the dispatch members", what)
		}
		return 0, false
	}
	v, err := c.evaluator().eval(at.Args[0])
	if err != nil {
		c.exprError(err, at.Args[0])
		return 0, false
	}
	if v.Kind != ValInt || v.Int < -1<<31 || v.Int > 1<<32-1 {
		c.errorf(at.Pos, "the DISPID of %s is not a 32-bit integer", what)
		return 0, false
	}
	return int32(uint32(v.Int)), true
}

// dispMembers fills in the automation view of a dispinterface (its methods
// and properties) or of a dual interface (its vtable methods).
func (c *checker) dispMembers(d *Interface, i *IfaceInfo) {
	if d.Forward {
		return
	}
	if !d.Dispatch {
		if !d.Attrs.Has("dual") {
			return
		}
		depth := 0
		for b := i.Base; b != nil && depth < 1000; b = b.Base {
			depth++
		}
		props := map[string]int32{}
		for k, m := range i.Methods {
			kind := InvokeKindOf(m.Attrs)
			name := m.Name
			if kind != InvokeFunc {
				name = name[strings.IndexByte(name, '_')+1:]
			}
			id, ok := c.dispID(m.Attrs, m.Pos, "method "+m.Name+" of dual interface "+i.Name, true)
			if !ok {
				// Numbered as MIDL and widl number it in the library:
				// 0x60000000, the interface's depth below IUnknown, its
				// index; a property's accessors share the first one's.
				id, ok = props[name]
				if !ok || kind == InvokeFunc {
					id = int32(0x60000000 | depth<<16 | k)
				}
			}
			if _, seen := props[name]; !seen && kind != InvokeFunc {
				props[name] = id
			}
			i.DispMembers = append(i.DispMembers, &DispMember{Declared: m.Declared, Attrs: m.Attrs, DispID: id,
				Invoke: kind, Ret: m.Ret, Params: m.Params, Method: m, Iface: i})
		}
		return
	}
	if d.DispBase != "" {
		// dispinterface X { interface Y; }: Y's members, as a dual Y has them.
		return
	}
	for _, p := range d.Props {
		id, ok := c.dispID(p.Attrs, p.Pos, "property "+p.Name+" of "+i.Name, false)
		if !ok {
			continue
		}
		i.DispMembers = append(i.DispMembers, &DispMember{Declared: Declared{Name: p.Name, Pos: p.Pos, File: i.File, Doc: docOf(p.Comment, p.Attrs)},
			Attrs: p.Attrs, DispID: id, Invoke: InvokePropGet, Ret: c.typeRef(p.Type), Property: true, ReadOnly: p.Attrs.Has("readonly"), Iface: i})
	}
	for _, m := range d.Methods {
		id, ok := c.dispID(m.Attrs, m.Pos, "method "+m.Name+" of "+i.Name, false)
		if !ok {
			continue
		}
		i.DispMembers = append(i.DispMembers, &DispMember{Declared: Declared{Name: m.Name, Pos: m.Pos, File: i.File, Doc: docOf(m.Comment, m.Attrs)},
			Attrs: m.Attrs, DispID: id, Invoke: InvokeKindOf(m.Attrs), Ret: c.typeRef(m.Ret), Params: c.params(m.Params, m.Name), Iface: i})
	}
}

// addSource records i as a [source] interface of class k, the [default]
// one first.
func addSource(k *ClassInfo, i *IfaceInfo, a Attrs) {
	if !a.Has("source") {
		return
	}
	if a.Has("default") {
		k.Sources = append([]*IfaceInfo{i}, k.Sources...)
		return
	}
	k.Sources = append(k.Sources, i)
}

// AddSource records i as a [source] interface of class k ([default] says
// whether it is the default one), for readers other than idl.Load.
func AddSource(k *ClassInfo, i *IfaceInfo, isDefault bool) {
	a := Attrs{{Name: "source"}}
	if isDefault {
		a = append(a, &Attr{Name: "default"})
	}
	addSource(k, i, a)
}
