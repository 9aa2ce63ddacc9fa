package typelib

import (
	"fmt"
	"strconv"

	"github.com/comgen/comgen/idl"
)

// The attributes a library records as flags, as idl.Load has them from the
// IDL it was compiled from: the generator reads one model whichever input
// it was given.

func (c *converter) attr(t *TypeInfo, name string, args ...idl.Expr) *idl.Attr {
	return &idl.Attr{Pos: c.pos(t), Name: name, Args: args, HasParens: args != nil}
}

func (c *converter) intLit(t *TypeInfo, v int64) idl.Expr {
	if v < 0 {
		return &idl.Unary{Pos: c.pos(t), Op: "-", X: &idl.IntLit{Pos: c.pos(t), Text: strconv.FormatInt(-v, 10)}}
	}
	return &idl.IntLit{Pos: c.pos(t), Text: strconv.FormatInt(v, 10)}
}

// funcAttrs are a function's [id(n)] and invoke kind.
func (c *converter) funcAttrs(t *TypeInfo, f *Func) idl.Attrs {
	a := idl.Attrs{c.attr(t, "id", c.intLit(t, int64(f.MemID)))}
	switch f.Invoke {
	case InvokePropGet:
		a = append(a, c.attr(t, "propget"))
	case InvokePropPut:
		a = append(a, c.attr(t, "propput"))
	case InvokePropPutRef:
		a = append(a, c.attr(t, "propputref"))
	}
	if f.Flags&FuncRestricted != 0 {
		a = append(a, c.attr(t, "restricted"))
	}
	if f.Flags&FuncHidden != 0 {
		a = append(a, c.attr(t, "hidden"))
	}
	if f.OptParams < 0 {
		a = append(a, c.attr(t, "vararg"))
	}
	return a
}

// paramAttrs are a parameter's direction, [retval], [lcid], [optional] and
// [defaultvalue(v)].
func (c *converter) paramAttrs(t *TypeInfo, p *Param) idl.Attrs {
	var a idl.Attrs
	opt := ParamOpt
	if p.Flags&ParamHasDefault != 0 && p.Default != nil {
		opt = 0 // compilers set FOPT with a default value: [defaultvalue] alone says it
	}
	for _, fl := range []struct {
		f    ParamFlags
		name string
	}{{ParamIn, "in"}, {ParamOut, "out"}, {ParamLCID, "lcid"}, {ParamRetval, "retval"}, {opt, "optional"}} {
		if fl.f != 0 && p.Flags&fl.f != 0 {
			a = append(a, c.attr(t, fl.name))
		}
	}
	if p.Flags&ParamHasDefault != 0 && p.Default != nil {
		if x := c.valueExpr(t, *p.Default); x != nil {
			a = append(a, c.attr(t, "defaultvalue", x))
		}
	}
	return a
}

// valueExpr writes a default value as the IDL literal it was.
func (c *converter) valueExpr(t *TypeInfo, v Value) idl.Expr {
	switch v.VT {
	case VT_R4, VT_R8, VT_DATE:
		return &idl.FloatLit{Pos: c.pos(t), Text: strconv.FormatFloat(v.Float, 'g', -1, 64)}
	case VT_BSTR, VT_LPSTR, VT_LPWSTR:
		return &idl.StringLit{Pos: c.pos(t), Value: v.Str}
	case VT_EMPTY, VT_NULL:
		return nil
	}
	return c.intLit(t, v.Int)
}

// params converts a function's parameters.
func (c *converter) params(t *TypeInfo, f *Func) []*idl.ParamInfo {
	var ps []*idl.ParamInfo
	for k, p := range f.Params {
		pi := &idl.ParamInfo{Name: p.Name, Pos: c.pos(t), Attrs: c.paramAttrs(t, p), Type: c.typeRef(t, p.Type), Retval: p.Flags&ParamRetval != 0, SizeIs: -1, LengthIs: -1, IIDIs: -1}
		if pi.Name == "" {
			pi.Name = fmt.Sprintf("p%d", k)
		}
		switch {
		case p.Flags&ParamOut != 0 && p.Flags&ParamIn != 0:
			pi.Dir = idl.InOut
		case p.Flags&ParamOut != 0:
			pi.Dir = idl.Out
		}
		if pi.Dir != idl.In && pi.Type.Resolve().Kind != idl.RPointer {
			pi.Dir = idl.In // as idl does: [out] on a value is passed in
		}
		ps = append(ps, pi)
	}
	return ps
}

// dispMembers fills in the automation view of a dispinterface (its
// functions and properties) or of a dual interface (its vtable methods,
// by the DISPIDs the library records), as idl.Load does.
func (c *converter) dispMembers(t *TypeInfo, e *idl.IfaceInfo) {
	if !e.Dispatch {
		byName := map[string]*idl.MethodInfo{}
		for _, m := range e.Methods {
			byName[m.Name] = m
		}
		for _, f := range t.Funcs {
			m := byName[methodName(f)]
			if m == nil {
				continue
			}
			e.DispMembers = append(e.DispMembers, &idl.DispMember{Declared: m.Declared, Attrs: m.Attrs, DispID: f.MemID,
				Invoke: idl.InvokeKind(f.Invoke), Ret: m.Ret, Params: m.Params, Method: m, Iface: e})
		}
		return
	}
	for _, v := range t.Vars {
		var a idl.Attrs
		a = append(a, c.attr(t, "id", c.intLit(t, int64(v.MemID))))
		if v.Flags&VarReadOnly != 0 {
			a = append(a, c.attr(t, "readonly"))
		}
		e.DispMembers = append(e.DispMembers, &idl.DispMember{Declared: idl.Declared{Name: v.Name, Pos: c.pos(t), File: c.file, Doc: v.Doc},
			Attrs: a, DispID: v.MemID, Invoke: idl.InvokePropGet, Ret: c.typeRef(t, v.Type), Property: true, ReadOnly: v.Flags&VarReadOnly != 0, Iface: e})
	}
	for _, f := range t.Funcs {
		e.DispMembers = append(e.DispMembers, &idl.DispMember{Declared: idl.Declared{Name: f.Name, Pos: c.pos(t), File: c.file, Doc: f.Doc},
			Attrs: c.funcAttrs(t, f), DispID: f.MemID, Invoke: idl.InvokeKind(f.Invoke), Ret: c.typeRef(t, f.Ret), Params: c.params(t, f), Iface: e})
	}
}

// methodName is the vtable method name of a function: a property's
// accessors are get_X, put_X and putref_X, as MIDL names them in C.
func methodName(f *Func) string {
	switch f.Invoke {
	case InvokePropGet:
		return "get_" + f.Name
	case InvokePropPut:
		return "put_" + f.Name
	case InvokePropPutRef:
		return "putref_" + f.Name
	}
	return f.Name
}
