package idl

import (
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
