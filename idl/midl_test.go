package idl

import (
	"strings"
	"testing"
)

// The MIDL dialect of the Windows SDK's own IDL files, one construct at a time.
func TestMIDLDialect(t *testing.T) {
	files := map[string]string{
		"main.idl": `
#pragma region Desktop Family
midl_pragma warning (disable: 2495)
cpp_quote("#if WINAPI_FAMILY_PARTITION(WINAPI_PARTITION_DESKTOP)")
#define OPTIONAL in, unique
import "Helper.H";

[uuid(12345678-1234-1234-1234-000000000001)]
library TestLib
{
    importlib("stdole2.tlb");

    coclass Thing { interface IThing; };
};

[object, uuid(12345678-1234-1234-1234-000000000002), pointer_default(unique)]
interface IThing : IDispatch
{
    HRESULT Get([in, annotation("_In_")] BSTR name, [out, OPTIONAL] VARIANT *value);
    [local] HRESULT Next([in] ULONG n, [out] HELPER_COUNT *got);
    [call_as(Next)] HRESULT RemoteNext([in] ULONG n, [out] HELPER_COUNT *got);
    HRESULT Last([in] long @event);
}
cpp_quote("#endif")
#pragma endregion
`,
		"helper.h": "#define HELPER_MAX 16\n#define HELPER_API __declspec(dllimport) __stdcall\ntypedef unsigned long HELPER_COUNT;\n" +
			"HRESULT HELPER_API HelperOpen(const wchar_t *name, HELPER_COUNT *count);\n",
	}
	prog, err := load(t, files)
	if err != nil {
		t.Fatal(err)
	}
	i := prog.Scope["IThing"].(*IfaceInfo)
	// IDispatch comes from importlib("stdole2.tlb"): 7 slots before IThing's.
	if i.Base == nil || i.Base.Name != "IDispatch" || i.Methods[0].Slot != 7 {
		t.Fatalf("IThing base %v, first slot %d; want IDispatch, 7", i.Base, i.Methods[0].Slot)
	}
	var names []string
	for _, m := range i.Methods {
		names = append(names, m.Name)
	}
	// The [local] method holds the slot; its [call_as] twin is only for marshalling.
	if len(names) != 3 || names[0] != "Get" || names[1] != "Next" || names[2] != "Last" {
		t.Errorf("methods %v, want [Get Next Last]", names)
	}
	// OPTIONAL expands inside the attribute list: [out, in, unique].
	if p := i.Methods[0].Params[1]; p.Dir != InOut {
		t.Errorf("[out, OPTIONAL] parameter is %v, want in, out", p.Dir)
	}
	if p := i.Methods[2].Params[0]; p.Name != "event" {
		t.Errorf("@event parameter named %q", p.Name)
	}
	// The C header (imported as Helper.H, found as helper.h) gives its typedef.
	if _, ok := prog.Scope["HELPER_COUNT"].(*AliasInfo); !ok {
		t.Error("HELPER_COUNT from the imported C header is not declared")
	}
	// A coclass without [default] has its first interface as the default.
	if k := prog.Scope["Thing"].(*ClassInfo); k.Default != i {
		t.Errorf("coclass default %v, want IThing", k.Default)
	}
}

// The MIDL dialect as the Windows SDK's IDL files use it (issue 16): each
// case is the construct of an SDK file, written small. The SDK files
// themselves are checked by gen's TestSDKCorpus and TestSDKVtables where
// COMGEN_WINSDK_DIR is set.

// warnings returns the program's warnings as text.
func warnings(p *Program) string {
	var b strings.Builder
	for _, w := range p.Warnings {
		b.WriteString(w.Pos.String() + ": " + w.Msg + "\n")
	}
	return b.String()
}

func TestMultiLineString(t *testing.T) {
	// DocumentTarget.idl: a helpstring that goes on on the next line.
	_, err := load(t, map[string]string{"main.idl": base + `[object, uuid(1b8efec4-3019-4c27-964e-367202156906),
  helpstring("first part
              second part")]
interface IX : IUnknown { HRESULT F(); }
const long AFTER = 1 +;
`})
	if err == nil {
		t.Fatal("no error for the bad constant after the string")
	}
	// The error after the string has its own line: the string's line breaks count.
	if !strings.Contains(err.Error(), "main.idl:6:") {
		t.Errorf("error %q is not on line 6", err)
	}
	prog, err := load(t, map[string]string{"main.idl": base + `[object, uuid(1b8efec4-3019-4c27-964e-367202156906),
  helpstring("first part
              second part")]
interface IX : IUnknown { HRESULT F(); }
`})
	if err != nil {
		t.Fatal(err)
	}
	if got := prog.Scope["IX"].(*IfaceInfo).Doc; got != "first part second part" {
		t.Errorf("helpstring = %q, want the lines joined by one space", got)
	}
	// A quote left open is still an error at the quote, not a string that
	// swallows the rest of the file.
	_, err = load(t, map[string]string{"main.idl": base + "const char *S = \"open;\n" + strings.Repeat("const long X = 1;\n", 20) + "const char *T = \"x\";\n"})
	if err == nil || !strings.Contains(err.Error(), "main.idl:2:17: string literal not terminated") {
		t.Errorf("unterminated string: %v", err)
	}
}

func TestCppQuoteFromMacroPieces(t *testing.T) {
	// directmanipulation.idl builds a DEFINE_GUID line with # and ## from
	// string pieces; adjacent literals are one string, as in C.
	prog, err := load(t, map[string]string{"main.idl": base + `
#define MAKE_CLSID(name, str) cpp_quote("DEFINE_GUID(CLSID_"#name", "##str");")
MAKE_CLSID(Thing, "0x2b7f4d1a, 0x8c3e, 0x4f29, 0xa1, 0x6d, 0x5e, 0x9c, 0x3b, 0x7a, 0x2d, 0x05")
`})
	if err != nil {
		t.Fatal(err)
	}
	c, ok := prog.Scope["CLSID_Thing"].(*ConstInfo)
	if !ok || c.Value.Kind != ValGUID || c.Value.GUID.String() != "2B7F4D1A-8C3E-4F29-A16D-5E9C3B7A2D05" {
		t.Fatalf("CLSID_Thing = %#v", prog.Scope["CLSID_Thing"])
	}
}

func TestDeclareGuidAndStatic(t *testing.T) {
	// deviceaccess.idl's declare_guid and MMC.Idl's static constant.
	prog, err := load(t, map[string]string{"main.idl": base + `
declare_guid(CLSID_DeviceThing, 12D3E372-874B-457D-9FDF-73977778686C);
static LPOLESTR CALLBACK_TEXT = (LPOLESTR)(-1);
static const long COUNT = 5;
`})
	if err != nil {
		t.Fatal(err)
	}
	g, ok := prog.Scope["CLSID_DeviceThing"].(*ConstInfo)
	if !ok || g.Value.Kind != ValGUID || g.Value.GUID.String() != "12D3E372-874B-457D-9FDF-73977778686C" || g.CppQuote {
		t.Errorf("declare_guid: %#v", prog.Scope["CLSID_DeviceThing"])
	}
	if c, ok := prog.Scope["COUNT"].(*ConstInfo); !ok || c.Value.Int != 5 {
		t.Errorf("static const long COUNT = 5: %#v", prog.Scope["COUNT"])
	}
	if _, ok := prog.Scope["CALLBACK_TEXT"].(*ConstInfo); !ok {
		t.Errorf("static LPOLESTR CALLBACK_TEXT is not declared")
	}
	if _, err := load(t, map[string]string{"main.idl": base + "declare_guid(X, 12);\n"}); err == nil || !strings.Contains(err.Error(), "main.idl:2:17: expected uuid") {
		t.Errorf("declare_guid without a uuid: %v", err)
	}
}

func TestBaseInterfaceInAnotherCase(t *testing.T) {
	// UIAutomationClient.idl: interface IUIAutomationTextRange3 : IUIAutomationtextRange2.
	src := base + `[object, uuid(11111111-0000-0000-0000-000000000001)] interface ITextRange2 : IUnknown { HRESULT A(); HRESULT B(); }
[object, uuid(11111111-0000-0000-0000-000000000002)] interface ITextRange3 : ItextRange2 { HRESULT C(); }
`
	prog, err := load(t, map[string]string{"main.idl": src})
	if err != nil {
		t.Fatal(err)
	}
	i := prog.Scope["ITextRange3"].(*IfaceInfo)
	if i.Base == nil || i.Base.Name != "ITextRange2" || i.VtblLen() != 6 {
		t.Errorf("base %v, %d slots; want ITextRange2, 6", i.Base, i.VtblLen())
	}
	if w := warnings(prog); !strings.Contains(w, "main.idl:3:78: base interface ItextRange2 of ITextRange3 is declared as ITextRange2") {
		t.Errorf("warnings: %s", w)
	}
	// Two candidates: no guess.
	_, err = load(t, map[string]string{"main.idl": base + `[object, uuid(11111111-0000-0000-0000-000000000001)] interface IA : IUnknown { HRESULT A(); }
[object, uuid(11111111-0000-0000-0000-000000000002)] interface Ia : IUnknown { HRESULT A(); }
[object, uuid(11111111-0000-0000-0000-000000000003)] interface IB : IA_ { HRESULT C(); }
`})
	if err == nil || !strings.Contains(err.Error(), "unknown base interface IA_") {
		t.Errorf("unknown base: %v", err)
	}
}

func TestParameterOfUnknownType(t *testing.T) {
	// segment.idl's OLE_XPOS_PIXELS: MIDL writes the name into the header
	// ("external definition not present"); simpdata.idl's bool is BOOL.
	prog, err := load(t, map[string]string{"main.idl": base + `import "wtypes.idl";
[object, uuid(11111111-0000-0000-0000-000000000004)] interface IMouse : IUnknown {
    HRESULT Down([in] short button, [in] OLE_XPOS_PIXELS x);
    HRESULT IsAsync([out, retval] bool *async);
}
`})
	if err != nil {
		t.Fatal(err)
	}
	m := prog.Scope["IMouse"].(*IfaceInfo).Methods
	if x := m[0].Params[1].Type; x.Kind != ROpaque || x.Basic != "OLE_XPOS_PIXELS" {
		t.Errorf("x: %#v", x)
	}
	if b := m[1].Params[0].Type.Elem; b.Kind != RNamed || b.Decl.EntityName() != "BOOL" {
		t.Errorf("bool *async: %#v", b)
	}
	if w := warnings(prog); !strings.Contains(w, "main.idl:4:42: unknown type OLE_XPOS_PIXELS") {
		t.Errorf("warnings: %s", w)
	}
	// Elsewhere an unknown type stays an error.
	if _, err := load(t, map[string]string{"main.idl": base + "typedef OLE_XPOS_PIXELS X;\n"}); err == nil || !strings.Contains(err.Error(), "unknown type OLE_XPOS_PIXELS") {
		t.Errorf("typedef of an unknown type: %v", err)
	}
}

func TestMIDLPassAndImportedRedeclaration(t *testing.T) {
	// mfvirtualcamera.idl imports devpropdef.h, whose IDL side is behind
	// #ifdef MIDL_PASS, then declares DEVPROPKEY again (guarded in C).
	prog, err := load(t, map[string]string{
		"def.h": `#ifdef MIDL_PASS
typedef struct _KEY { long a; [size_is(a)] byte *buf; } KEY;
#else
typedef struct _KEY { long a; __field_bcount(a) void *buf; } KEY;
#endif
`,
		"main.idl": base + `import "def.h";
typedef void *KEY;
`})
	if err != nil {
		t.Fatal(err)
	}
	st, ok := prog.Scope["KEY"].(*StructInfo)
	if !ok || len(st.Fields) != 2 || st.Fields[1].Type.Kind != RPointer || st.Fields[1].Type.Elem.Basic != "byte" {
		t.Errorf("KEY is %#v, want def.h's MIDL_PASS struct (buf a byte pointer)", prog.Scope["KEY"])
	}
	if w := warnings(prog); !strings.Contains(w, "main.idl:3:15: KEY already defined at def.h:2:") {
		t.Errorf("warnings: %s", w)
	}
	// In one file a second definition stays an error.
	if _, err := load(t, map[string]string{"main.idl": base + "typedef long K;\ntypedef struct K { long a; } K2;\ntypedef void *K;\n"}); err == nil || !strings.Contains(err.Error(), "already defined") {
		t.Errorf("redefinition in one file: %v", err)
	}
}

func TestAsyncUUIDCompanion(t *testing.T) {
	// ObjIdl.Idl's [async_uuid] interfaces: MIDL's ObjIdl.h lays out
	// AsyncIMultiQI as IUnknown's slots, Begin_QueryMultipleInterfaces(cMQIs,
	// pMQIs), Finish_QueryMultipleInterfaces(pMQIs); AsyncIAdviseSink2
	// derives from AsyncIAdviseSink. (gen's TestSDKVtables checks the SDK's
	// twelve companions against MIDL's headers.)
	prog, err := load(t, map[string]string{"main.idl": base + `
[object, uuid(11111111-0000-0000-0000-000000000010), async_uuid(11111111-0000-0000-0000-000000000011)]
interface IQuery : IUnknown {
    HRESULT Multiple([in] ULONG n, [in, out, size_is(n)] long *items);
    [local] HRESULT Get([out] long *v);
    [call_as(Get)] HRESULT RemoteGet([out] long *v);
}
[object, uuid(11111111-0000-0000-0000-000000000012), async_uuid(11111111-0000-0000-0000-000000000013)]
interface IQuery2 : IQuery {
    HRESULT More([in] long a, [out] long *b);
}
`})
	if err != nil {
		t.Fatal(err)
	}
	a, ok := prog.Scope["AsyncIQuery"].(*IfaceInfo)
	if !ok {
		t.Fatal("no AsyncIQuery")
	}
	if a.IID == nil || a.IID.String() != "11111111-0000-0000-0000-000000000011" || a.Base == nil || a.Base.Name != "IUnknown" {
		t.Errorf("AsyncIQuery: IID %v, base %v", a.IID, a.Base)
	}
	var got []string
	for _, m := range a.AllMethods() {
		var ps []string
		for _, p := range m.Params {
			s := p.Name
			if p.SizeIs >= 0 {
				s += "[" + m.Params[p.SizeIs].Name + "]"
			}
			ps = append(ps, s)
		}
		got = append(got, m.Name+"("+strings.Join(ps, ",")+")")
	}
	want := "QueryInterface(riid,ppvObject) AddRef() Release() Begin_Multiple(n,items[n]) Finish_Multiple(items) Begin_Get() Finish_Get(v)"
	if strings.Join(got, " ") != want {
		t.Errorf("AsyncIQuery vtable:\n got %s\nwant %s", strings.Join(got, " "), want)
	}
	a2 := prog.Scope["AsyncIQuery2"].(*IfaceInfo)
	if a2.Base != a || a2.VtblLen() != 9 {
		t.Errorf("AsyncIQuery2: base %v, %d slots; want AsyncIQuery, 9", a2.Base, a2.VtblLen())
	}
}
