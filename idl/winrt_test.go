package idl

import (
	"reflect"
	"testing"
)

// WinRT constructs as Wine's windows.*.idl files use them, checked against
// how widl lays them out in its C headers.
const winrtSrc = base + `
[object, uuid(af86e2e0-b12d-4c6a-9c5a-d7aa65101e90)]
interface IInspectable : IUnknown { HRESULT GetIids(); HRESULT GetRuntimeClassName(); HRESULT GetTrustLevel(); }

namespace Windows.Test {
    typedef enum Color Color;
    runtimeclass Widget;
    interface IWidget;

    [uuid(11111111-2222-3333-4444-555555555555)]
    delegate HRESULT WidgetHandler([in] Windows.Test.Widget *sender, [in] Color c);

    enum Color { Red = 0, Green = 1, Blue = 2, };
    enum Other { Red = 5, None = 6 };

    [uuid(11111111-2222-3333-4444-555555555556), exclusiveto(Windows.Test.Widget)]
    interface IWidget : IInspectable
    {
        [propget] HRESULT Color([out, retval] Color *value);
        [eventadd] HRESULT Changed([in] Windows.Test.WidgetHandler *handler, [out, retval] long *token);
        [eventremove] HRESULT Changed([in] long token);
        HRESULT Clone([out, retval] Windows.Test.Widget **value);
    }

    runtimeclass Widget
    {
        [default] interface Windows.Test.IWidget;
    }
}
`

func TestWinRT(t *testing.T) {
	prog, err := load(t, map[string]string{"main.idl": winrtSrc})
	if err != nil {
		t.Fatal(err)
	}
	// A delegate is an IUnknown-derived interface with one method, Invoke, in slot 3.
	h, ok := prog.Scope["Windows.Test.WidgetHandler"].(*IfaceInfo)
	if !ok || h.Base == nil || h.Base.Name != "IUnknown" || len(h.Methods) != 1 || h.Methods[0].Name != "Invoke" || h.Methods[0].Slot != 3 || !h.Object || h.IID == nil {
		t.Fatalf("delegate: %+v", h)
	}
	// A runtimeclass used as a type is its default interface.
	w := prog.Scope["Windows.Test.IWidget"].(*IfaceInfo)
	if got := h.Methods[0].Params[0].Type; got.Kind != RPointer || got.Elem.Decl != Entity(w) {
		t.Errorf("runtimeclass parameter type = %+v, want IWidget*", got.Elem)
	}
	// Event accessors are add_/remove_ in the vtable, after IInspectable's 6 slots.
	var names []string
	for _, m := range w.Methods {
		names = append(names, m.Name)
	}
	if want := []string{"get_Color", "add_Changed", "remove_Changed", "Clone"}; !reflect.DeepEqual(names, want) {
		t.Errorf("IWidget methods %v, want %v", names, want)
	}
	if w.Methods[0].Slot != 6 {
		t.Errorf("first IWidget slot %d, want 6", w.Methods[0].Slot)
	}
	// The typedef of the enum's tag before its definition names the completed enum,
	// and WinRT enums are scoped: two enums may both have Red.
	c, ok := prog.Scope["Windows.Test.Color"].(*EnumInfo)
	if !ok || c.Incomplete || len(c.Members) != 3 || !c.Scoped || c.Members[2].Value != 2 {
		t.Errorf("Color = %+v", c)
	}
	o := prog.Scope["Windows.Test.Other"].(*EnumInfo)
	if o.Members[0].Value != 5 {
		t.Errorf("Other.Red = %d, want 5", o.Members[0].Value)
	}
	if _, global := prog.Scope["Red"]; global {
		t.Error("a WinRT enumerator is a global name")
	}
	if k, ok := prog.Scope["Windows.Test.Widget"].(*ClassInfo); !ok || !k.Runtime || k.Default != w || k.CLSID != nil {
		t.Errorf("runtimeclass Widget = %+v", k)
	}
}

// TestCache checks that a shared Cache gives the same programs and the same
// errors as loading without one.
func TestCache(t *testing.T) {
	files := map[string]string{"main.idl": winrtSrc, "bad.idl": base + "typedef FOO *PFOO;"}
	cache := NewCache()
	for round := 0; round < 2; round++ {
		for _, root := range []string{"main.idl", "bad.idl"} {
			cfg := Config{Dirs: []Dir{Builtin}}
			plain, perr := loadRoot(t, cfg, files, root)
			cfg.Cache = cache
			cached, cerr := loadRoot(t, cfg, files, root)
			if (perr == nil) != (cerr == nil) || perr != nil && perr.Error() != cerr.Error() {
				t.Fatalf("round %d %s: errors differ: %v / %v", round, root, perr, cerr)
			}
			if perr != nil {
				continue
			}
			if len(plain.Entities) != len(cached.Entities) {
				t.Fatalf("round %d %s: %d entities, %d with the cache", round, root, len(plain.Entities), len(cached.Entities))
			}
			for i, e := range plain.Entities {
				if e.EntityName() != cached.Entities[i].EntityName() {
					t.Errorf("entity %d: %s / %s", i, e.EntityName(), cached.Entities[i].EntityName())
				}
				if a, ok := e.(*IfaceInfo); ok {
					b := cached.Entities[i].(*IfaceInfo)
					if a.VtblLen() != b.VtblLen() {
						t.Errorf("%s: %d slots / %d", a.Name, a.VtblLen(), b.VtblLen())
					}
				}
			}
		}
	}
}

// TestWinRTReopenedNamespace: the SDK declares WinRT types ahead in one
// namespace block and defines them in a later block of the same namespace.
func TestWinRTReopenedNamespace(t *testing.T) {
	src := base + `
[object, uuid(af86e2e0-b12d-4c6a-9c5a-d7aa65101e90)]
interface IInspectable : IUnknown { HRESULT GetIids(); HRESULT GetRuntimeClassName(); HRESULT GetTrustLevel(); }
namespace Windows.Test {
    interface IThing;
    delegate ThingHandler;
}
namespace Windows.Test {
    [uuid(11111111-2222-3333-4444-555555555560)]
    delegate HRESULT ThingHandler([in] Windows.Test.IThing *sender);
    [uuid(11111111-2222-3333-4444-555555555561)]
    interface IThing : IInspectable { HRESULT Go([in] Windows.Test.ThingHandler *h); }
}
namespace Windows.Test {
    interface IThing;
}
`
	prog, err := load(t, map[string]string{"main.idl": src})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range prog.Entities {
		if i, ok := e.(*IfaceInfo); ok && (i.Name == "Windows.Test.IThing" || i.Name == "Windows.Test.ThingHandler") {
			n++
			if i.Forward {
				t.Errorf("%s is still a forward declaration", i.Name)
			}
		}
	}
	if n != 2 {
		t.Errorf("%d entities for IThing and ThingHandler, want 2 (one each)", n)
	}
	if i := prog.Scope["Windows.Test.IThing"].(*IfaceInfo); i.Forward || len(i.Methods) != 1 {
		t.Errorf("IThing in scope: %+v", i)
	}
}

// TestWinRTNestedNamespaces: namespace A { namespace B { ... } } names its
// contents A.B.X (not A.X), also when A.B is opened again.
func TestWinRTNestedNamespaces(t *testing.T) {
	src := base + `
[object, uuid(af86e2e0-b12d-4c6a-9c5a-d7aa65101e90)]
interface IInspectable : IUnknown { HRESULT GetIids(); HRESULT GetRuntimeClassName(); HRESULT GetTrustLevel(); }
namespace Windows { namespace Nested { interface IWidget; runtimeclass Widget; } }
namespace Windows {
    namespace Nested {
        [uuid(11111111-2222-3333-4444-555555555562)]
        interface IWidget : IInspectable { HRESULT Go(); }
        runtimeclass Widget { [default] interface Windows.Nested.IWidget; }
    }
}
`
	prog, err := load(t, map[string]string{"main.idl": src})
	if err != nil {
		t.Fatal(err)
	}
	if _, bogus := prog.Scope["Windows.IWidget"]; bogus {
		t.Error("Windows.IWidget is declared: a nested name was qualified with the outer namespace only")
	}
	i, ok := prog.Scope["Windows.Nested.IWidget"].(*IfaceInfo)
	if !ok || i.Forward {
		t.Fatalf("Windows.Nested.IWidget = %+v", prog.Scope["Windows.Nested.IWidget"])
	}
	if k, ok := prog.Scope["Windows.Nested.Widget"].(*ClassInfo); !ok || k.Default != i {
		t.Errorf("Widget's default interface is not IWidget")
	}
}
