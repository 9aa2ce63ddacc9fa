package idl

import (
	"reflect"
	"strings"
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

// genericsSrc uses the WinRT generics without declaring them, as the SDK's
// files do: they come from the built-in winrt_generics.idl. The uuids of
// IUriRuntimeClass and IPropertySet are the SDK's.
const genericsSrc = base + `
[object, uuid(af86e2e0-b12d-4c6a-9c5a-d7aa65101e90)]
interface IInspectable : IUnknown { HRESULT GetIids(); HRESULT GetRuntimeClassName(); HRESULT GetTrustLevel(); }
typedef struct HSTRING__ *HSTRING;
typedef int INT32;
typedef struct EventRegistrationToken { __int64 value; } EventRegistrationToken;
typedef [v1_enum] enum AsyncStatus { Started, Completed, Canceled, Error } AsyncStatus;

namespace Windows.Foundation.Collections {
    typedef enum CollectionChange { Reset, ItemInserted, ItemRemoved, ItemChanged } CollectionChange;
    [uuid(575933df-34fe-4480-af15-07691f3d5d9b)]
    interface IVectorChangedEventArgs : IInspectable { [propget] HRESULT CollectionChange([out, retval] CollectionChange *value); }
    [uuid(8a43ed9f-f4e6-4421-acf9-1dab2986820c)]
    interface IPropertySet : IInspectable
        requires Windows.Foundation.Collections.IObservableMap<HSTRING, IInspectable *>
    {
    }
}

namespace Windows.Foundation {
    typedef struct Point Point;
    runtimeclass Uri;
    struct Point { FLOAT X; FLOAT Y; };
    [uuid(9e365e57-48b2-4160-956f-c7385120bbfc)]
    interface IUriRuntimeClass : IInspectable { [propget] HRESULT AbsoluteUri([out, retval] HSTRING *value); }
    runtimeclass Uri { [default] interface Windows.Foundation.IUriRuntimeClass; }

    declare {
        interface Windows.Foundation.Collections.IIterable<HSTRING>;
        interface Windows.Foundation.IReference<INT32>;
    }

    [uuid(11111111-2222-3333-4444-555555555557)]
    interface IUser : IInspectable
    {
        HRESULT Points([out, retval] Windows.Foundation.Collections.IIterable<Windows.Foundation.Point> **value);
        HRESULT Map([out, retval] Windows.Foundation.Collections.IMap<HSTRING, IInspectable *> **value);
        HRESULT Flag([out, retval] Windows.Foundation.IAsyncOperation<boolean> **value);
        HRESULT Uris([out, retval] Windows.Foundation.Collections.IIterable<Windows.Foundation.Uri *> **value);
        HRESULT Pairs([out, retval] Windows.Foundation.Collections.IIterable<Windows.Foundation.Collections.IKeyValuePair<HSTRING, HSTRING> *> **value);
        HRESULT Handler([in] Windows.Foundation.TypedEventHandler<IInspectable *, IInspectable *> *handler);
        HRESULT Set([out, retval] Windows.Foundation.IAsyncOperation<Windows.Foundation.Collections.IPropertySet *> **value);
    }
}
`

// TestWinRTGenericInstances checks instances against facts from the SDK's
// MIDL-generated headers: the C names, and the IIDs MIDL writes in their
// C++ declarations (__declspec(uuid(...)) before typedef ... NAME_t).
func TestWinRTGenericInstances(t *testing.T) {
	prog, err := load(t, map[string]string{"main.idl": genericsSrc})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"__FIIterable_1_HSTRING":                            "e2fcc7c1-3bfc-5a0b-b2b0-72e769d1cb7e",
		"__FIReference_1_int":                               "548cefbd-bc8a-5fa0-8df2-957440fc8bf4",
		"__FIIterable_1_Windows__CFoundation__CPoint":       "c192280d-3a09-5423-9dc5-67b83ebde41d",
		"__FIMap_2_HSTRING_IInspectable":                    "1b0d3570-0877-5ec2-8a2c-3b9539506aca",
		"__FIAsyncOperation_1_boolean":                      "cdb5efb3-5788-509d-9be1-71ccb8a3362a",
		"__FIIterable_1_Windows__CFoundation__CUri":         "b0d63b78-78ad-5e31-b6d8-e32a0e16c447",
		"__FIIterable_1___FIKeyValuePair_2_HSTRING_HSTRING": "e9bdaaf0-cbf6-5c72-be90-29cbf3a1319b",
		"__FITypedEventHandler_2_IInspectable_IInspectable": "c7e65ce2-fad5-5e3b-9c58-186ca8c1dd57",
		"__FIAsyncOperation_1___F__CIPropertySet":           "490b0686-afd7-5037-9647-d8fe248f182c",
	}
	for name, iid := range want {
		i, ok := prog.Scope[name].(*IfaceInfo)
		if !ok || i.Generic == nil {
			t.Errorf("no instance %s", name)
			continue
		}
		g, _ := ParseGUID(iid)
		if *i.IID != *g {
			t.Errorf("%s (%s): IID %v, MIDL's %s (signature %s)", name, i.Generic.Written, i.IID, iid, i.Generic.Signature)
		}
	}
	// IMap<K, V> has IInspectable's six slots and its own seven, with K
	// and V replaced; it requires IIterable<IKeyValuePair<K, V>*>.
	m := prog.Scope["__FIMap_2_HSTRING_IInspectable"].(*IfaceInfo)
	var names []string
	for _, x := range m.AllMethods() {
		names = append(names, x.Name)
	}
	if w := "QueryInterface AddRef Release GetIids GetRuntimeClassName GetTrustLevel Lookup get_Size HasKey GetView Insert Remove Clear"; strings.Join(names, " ") != w {
		t.Errorf("IMap<HSTRING, IInspectable*> vtable %v, want %s", names, w)
	}
	if k := m.Methods[0].Params[0].Type; k.Name() != "HSTRING" {
		t.Errorf("Lookup's key is %+v, want HSTRING", k)
	}
	if len(m.Requires) != 1 || m.Requires[0].Name != "__FIIterable_1___FIKeyValuePair_2_HSTRING_IInspectable" {
		t.Errorf("IMap requires %v", m.Requires)
	}
	// A delegate instance derives from IUnknown; Invoke takes the arguments.
	h := prog.Scope["__FITypedEventHandler_2_IInspectable_IInspectable"].(*IfaceInfo)
	if !h.Delegate || h.Base.Name != "IUnknown" || len(h.Methods) != 1 || h.Methods[0].Name != "Invoke" || h.Methods[0].Slot != 3 {
		t.Errorf("TypedEventHandler instance: %+v", h)
	}
	// A runtime class argument is its default interface in the vtable.
	u := prog.Scope["__FIIterator_1_Windows__CFoundation__CUri"].(*IfaceInfo)
	if cur := u.Methods[0].Params[0].Type; cur.Kind != RPointer || cur.Elem.Kind != RPointer || cur.Elem.Elem.Name() != "Windows.Foundation.IUriRuntimeClass" {
		t.Errorf("IIterator<Uri*>.get_Current takes %+v", cur)
	}
}

// TestWinRTGenericErrors: misuse of generics is one positioned error.
func TestWinRTGenericErrors(t *testing.T) {
	for _, c := range []struct{ src, want string }{
		{"interface IFoo : IInspectable { HRESULT M([in] Windows.Foundation.Collections.IVector<HSTRING, HSTRING> *v); }", "takes 1 type arguments, found 2"},
		{"interface IFoo : IInspectable { HRESULT M([in] IUnknownGeneric<HSTRING> *v); }", "unknown generic IUnknownGeneric"},
		{"interface IFoo : IInspectable { HRESULT M([in] Windows.Foundation.IReference<void *> *v); }", "type argument void*: void has no WinRT type signature"},
		{"interface IFoo<T> : IInspectable { HRESULT M<U>(); }", "only a delegate can have type parameters"},
	} {
		src := strings.Replace(genericsSrc, "declare {", "[uuid(11111111-2222-3333-4444-555555555559)] "+c.src+"\n    declare {", 1)
		_, err := load(t, map[string]string{"main.idl": src})
		if err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), "main.idl:") {
			t.Errorf("%s: error %v, want %q", c.src, err, c.want)
		}
	}
}

// TestWinRTSameTagInTwoNamespaces: two namespaces in two files each declare
// an enum AnimationDirection (the SDK's Windows.UI.Composition and
// Windows.UI.Xaml.Controls.Primitives do, with other enumerators): two enums,
// each with its own values. The tag was global, so the second was read as a
// redeclaration of the first (an error since redeclarations are compared;
// the other namespace's enum silently before).
func TestWinRTSameTagInTwoNamespaces(t *testing.T) {
	a := base + `namespace Windows { namespace One { enum AnimationDirection { Left = 0, Top = 1 }; } }
`
	b := base + `import "a.idl";
namespace Windows { namespace Two { namespace Three { enum AnimationDirection { Left = 0, Right = 1 }; } } }
`
	prog, err := load(t, map[string]string{"a.idl": a, "main.idl": b})
	if err != nil {
		t.Fatal(err)
	}
	for name, second := range map[string]string{"Windows.One.AnimationDirection": "Top", "Windows.Two.Three.AnimationDirection": "Right"} {
		e, ok := prog.Scope[name].(*EnumInfo)
		if !ok {
			t.Errorf("no enum %s", name)
			continue
		}
		if len(e.Members) != 2 || e.Members[1].Name != second {
			t.Errorf("%s has members %v, want Left and %s", name, e.Members, second)
		}
	}
}
