package idl

import (
	"fmt"
	"runtime"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

// load parses the files of a small in-memory tree; main.idl is the root.
func load(t testing.TB, files map[string]string) (*Program, error) {
	t.Helper()
	return loadRoot(t, Config{Dirs: []Dir{Builtin}}, files, "main.idl")
}

// loadRoot loads root from the in-memory tree files with cfg.
func loadRoot(t testing.TB, cfg Config, files map[string]string, root string) (*Program, error) {
	t.Helper()
	m := fstest.MapFS{}
	for name, src := range files {
		m[name] = &fstest.MapFile{Data: []byte(src)}
	}
	return LoadFS(cfg, Dir{Name: "", FS: m}, root)
}

const base = `import "unknwn.idl";
`

// chainMacros defines A0(n) .. An(n), each using the one before: expanding An
// nests n expansions.
func chainMacros(n int) string {
	var b strings.Builder
	b.WriteString("#define A0(n) (n)\n")
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, "#define A%d(n) (A%d(n)+1)\n", i, i-1)
	}
	return b.String()
}

func TestErrors(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want string // the first error, exactly
	}{
		{"unterminated comment", base + "/* never closed\ninterface I;", "main.idl:2:1: comment not terminated: expected */ before end of file"},
		{"unterminated string", base + "cpp_quote(\"abc\n);", "main.idl:2:11: string literal not terminated: expected \" before end of line"},
		{"missing semicolon", base + "typedef long A\ntypedef long B;", "main.idl:3:1: expected ';', found identifier \"typedef\""},
		{"unknown type", base + "typedef FOO *PFOO;", "main.idl:2:9: unknown type FOO"},
		{"bad uuid", base + "[object, uuid(12345678-1234-1234-1234-12345678901)] interface I : IUnknown {}", "main.idl:2:15: uuid of interface I: expected a uuid such as 8BC3F05E-D86B-11D0-A075-00C04FB68820"},
		{"bad uuid string", base + "[object, uuid(\"1234\")] interface I : IUnknown {}", "main.idl:2:15: uuid of interface I: invalid uuid \"1234\": expected the form xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx"},
		{"duplicate method", base + "[object, uuid(12345678-1234-1234-1234-123456789012)] interface I : IUnknown {\n HRESULT A();\n HRESULT A();\n}", "main.idl:4:10: method A already declared at main.idl:3:10"},
		{"cyclic inheritance", base + "[object, uuid(12345678-1234-1234-1234-123456789012)] interface A : B { }\n[object, uuid(12345678-1234-1234-1234-123456789013)] interface B : A { }", "main.idl:3:68: interface B inherits from itself (cyclic inheritance through A)"},
		{"missing import", "import \"nothere.idl\";", "main.idl:1:8: cannot find imported file \"nothere.idl\" (searched ., <builtin>)"},
		{"unknown base", base + "[object, uuid(12345678-1234-1234-1234-123456789012)] interface I : INope { }", "main.idl:2:68: unknown base interface INope of I"},
		{"forward base", base + "interface F;\n[object, uuid(12345678-1234-1234-1234-123456789012)] interface I : F { }", "main.idl:3:68: base interface F of I is declared at main.idl:2:1 but never defined"},
		{"uuid arguments", base + "[object, uuid(1, 2)] interface I : IUnknown { }", "main.idl:2:10: uuid of interface I: expected one argument, found 2"},
		{"unterminated if", base + "#ifdef X\ntypedef long A;", "main.idl:2:1: unterminated conditional: expected #endif before end of file"},
		{"else without if", base + "#else\n", "main.idl:2:1: #else without #if"},
		{"error directive", base + "#if 1\n#error stop here\n#endif", "main.idl:3:1: #error stop here"},
		{"division by zero", base + "const long X = 1 / 0;", "main.idl:2:18: constant X is not evaluated: division by zero in constant expression"},
		{"redefinition", base + "typedef long A;\ntypedef short A;", "main.idl:3:15: A already defined at main.idl:2:14"},
		{"stray character", base + "typedef long A; @", "main.idl:2:17: invalid character '@'"},
		{"size_is of no parameter", base + "[object, uuid(12345678-1234-1234-1234-123456789012)] interface I : IUnknown {\n HRESULT A([in, size_is(n)] long *p);\n}", "main.idl:3:25: size_is of parameter p: n is neither a parameter of A nor a declared constant"},
		{"size_is on a value", base + "[object, uuid(12345678-1234-1234-1234-123456789012)] interface I : IUnknown {\n HRESULT A([in] long n, [in, size_is(n)] long p);\n}", "main.idl:3:25: size_is on parameter p of A, which is not a pointer or an array (long)"},
		{"size_is of a float", base + "[object, uuid(12345678-1234-1234-1234-123456789012)] interface I : IUnknown {\n HRESULT A([in] float n, [in, size_is(n)] long *p);\n}", "main.idl:3:26: size_is of parameter p of A: n is a float, not an integer"},
		{"exploding macro", "#define A0 x\n#define A1 A0 A0\n#define A2 A1 A1\n#define A3 A2 A2\n#define A4 A3 A3\n#define A5 A4 A4\n#define A6 A5 A5\n#define A7 A6 A6\n#define A8 A7 A7\n#define A9 A8 A8\n#define A10 A9 A9\n#define A11 A10 A10\n#define A12 A11 A11\n#define A13 A12 A12\n#define A14 A13 A13\n#define A15 A14 A14\n#define A16 A15 A15\n#define A17 A16 A16\n#define A18 A17 A17\n#define A19 A18 A18\n#define A20 A19 A19\nA20\n", "main.idl:22:1: macro A20 expands to more than 262144 tokens: expected macros that do not multiply"},
		{"nested parentheses", base + "const long X = " + strings.Repeat("(", 100000) + "1" + strings.Repeat(")", 100000) + ";", "main.idl:2:1016: nested too deeply: more than 1000 levels"},
		{"long operator chain", base + "const long X = 1" + strings.Repeat("+1", 200000) + ";", "main.idl:2:200017: expression too long: more than 100000 operators"},
		{"nested unary operators", base + "const long X = " + strings.Repeat("-", 5000) + "1;", "main.idl:2:1016: nested too deeply: more than 1000 levels"},
		{"nested declarators", base + "typedef long " + strings.Repeat("(*", 3000) + "P" + strings.Repeat(")", 3000) + ";", "main.idl:2:2013: nested too deeply: more than 1000 levels"},
		{"nested macro expansions", chainMacros(1500) + "const long X = A1500(1);\n", "main.idl:1502:16: macro A1500: expansions nested more than 1000 deep"},
		{"64-bit overflow", base + "const hyper X = 0x7fffffffffffffff * 2;", "main.idl:2:36: constant overflow: 9223372036854775807 * 2 does not fit in 64 bits"},
		{"64-bit overflow by addition", base + "const hyper X = 0x7fffffffffffffff + 1;", "main.idl:2:36: constant overflow: 9223372036854775807 + 1 does not fit in 64 bits"},
		{"64-bit overflow by shift", base + "const hyper X = 3 << 63;", "main.idl:2:19: constant overflow: 3 << 63 does not fit in 64 bits"},
		{"enumerator beyond 32 bits", base + "typedef enum E { A = 0x100000000 } E;", "main.idl:2:22: value of enumerator A: 4294967296 does not fit in 32 bits"},
		{"enumerator below 32 bits", base + "typedef enum E { A = -0x80000001 } E;", "main.idl:2:22: value of enumerator A: -2147483649 does not fit in 32 bits"},
		{"implicit enumerator beyond 32 bits", base + "typedef enum E { A = 0xFFFFFFFF, B } E;", "main.idl:2:34: value of enumerator B: 4294967296 does not fit in 32 bits"},
		{"array beyond the address space", base + "typedef struct S { char a[1099511627776]; } S;", "main.idl:2:27: array size 1099511627776 is beyond 32-bit Windows' address space"},
		{"structure beyond the address space", base + "typedef struct S { hyper a[0x10000000]; } S;", "main.idl:2:9: structure too large: field a: type larger than 2 GiB: an array of 268435456 elements of 8 bytes on 386"},
		{"IUnknown method redeclared", base + "[object, uuid(12345678-1234-1234-1234-123456789012)] interface A : IUnknown { HRESULT X(); }\n[object, uuid(12345678-1234-1234-1234-123456789013)] interface B : A {\n ULONG Release();\n}", "main.idl:4:8: method Release of B redeclares IUnknown::Release"},
		{"uuid used twice", base + "[object, uuid(12345678-1234-1234-1234-123456789012)] interface A : IUnknown { }\n[object, uuid(12345678-1234-1234-1234-123456789012)] interface B : IUnknown { }", "main.idl:3:54: interface B has the uuid of interface A (declared at main.idl:2:54)"},
		{"missing brace", base + "[object, uuid(12345678-1234-1234-1234-123456789012)] interface I : IUnknown {\n HRESULT A();\n", "main.idl:4:1: expected '}', found end of file"},
		{"bit-field width not constant", base + "typedef struct S { long a : x; } S;", "main.idl:2:29: width of bit-field a: undefined constant x"},
		{"bit-field width not an integer", base + "typedef struct S { long a : 1.5; } S;", "main.idl:2:29: width of bit-field a: expected an integer constant, found 1.5"},
		{"bit-field width division by zero", base + "typedef struct S { long a : 1 / 0; } S;", "main.idl:2:31: width of bit-field a: division by zero in constant expression"},
		{"negative bit-field width", base + "typedef struct S { long a : -1; } S;", "main.idl:2:29: width of bit-field a is negative (-1)"},
		{"bit-field wider than its type", base + "typedef struct S { short a : 8 * 2 + 1; } S;", "main.idl:2:30: width of bit-field a: 17 bits do not fit in its type short (16 bits)"},
		{"bit-field wider than its typedef", base + "typedef struct S { BYTE : 9; } S;", "main.idl:2:27: width of unnamed bit-field: 9 bits do not fit in its type BYTE (8 bits)"},
		{"named bit-field of width 0", base + "typedef struct S { long a : 0; } S;", "main.idl:2:29: bit-field a has width 0: only an unnamed bit-field may (it ends the storage unit)"},
		{"float bit-field", base + "typedef struct S { long a : 1; float f : 3; } S;", "main.idl:2:38: bit-field f has type float: a bit-field must have an integer or enum type"},
		{"pointer bit-field", base + "typedef struct S { long *p : 3; } S;", "main.idl:2:26: bit-field p has type long *: a bit-field must have an integer or enum type"},
		{"struct bit-field", base + "typedef struct T { long x; } T;\ntypedef struct S { T t : 3; } S;", "main.idl:3:22: bit-field t has type T: a bit-field must have an integer or enum type"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := load(t, map[string]string{"main.idl": tt.src})
			if err == nil && p != nil && len(p.Warnings) > 0 {
				err = p.Warnings // warnings are what a non-fatal diagnostic looks like
			}
			if err == nil {
				t.Fatalf("no error, want %q", tt.want)
			}
			list, ok := err.(ErrorList)
			if !ok {
				t.Fatalf("error is %T, want ErrorList", err)
			}
			if got := list[0].Error(); got != tt.want {
				t.Errorf("first error:\n got  %s\n want %s\nall: %v", got, tt.want, err)
			}
		})
	}
}

func TestVtableLayout(t *testing.T) {
	src := base + `
[object, uuid(12345678-1234-1234-1234-123456789012)]
interface IA : IUnknown {
	HRESULT One([in] long x);
	[local] HRESULT Two([out] long *p);
	[call_as(Two)] HRESULT RemoteTwo([out] long *p);
	[propget] HRESULT Name([out, retval] BSTR *p);
	[propput] HRESULT Name([in] BSTR p);
}
[object, uuid(12345678-1234-1234-1234-123456789013)]
interface IB : IA {
	HRESULT Three();
}`
	p, err := load(t, map[string]string{"main.idl": src})
	if err != nil {
		t.Fatal(err)
	}
	ib := p.Scope["IB"].(*IfaceInfo)
	var got []string
	for _, m := range ib.AllMethods() {
		got = append(got, m.Name)
	}
	// IUnknown's three slots, then IA's (the call_as method is not in the vtable), then IB's.
	want := "QueryInterface AddRef Release One Two get_Name put_Name Three"
	if strings.Join(got, " ") != want {
		t.Errorf("vtable = %v, want %v", got, want)
	}
	for i, m := range ib.AllMethods() {
		if m.Slot != i {
			t.Errorf("%s: slot %d, want %d", m.Name, m.Slot, i)
		}
	}
}

func TestPreprocessor(t *testing.T) {
	src := `#define COUNT 3
#define TWICE(x) ((x) * 2)
#define OPTIONAL in, unique
#if defined(COUNT) && COUNT > 2 && !defined(NOPE)
const long A = TWICE(COUNT);
#elif 1
const long A = -1;
#else
#error not reached
#endif
#ifndef COUNT
this is not IDL
#endif
#include "inc.h"
const long C = B + 1;
typedef [OPTIONAL] long *OPT;
#pragma pack(push, 8)
`
	p, err := load(t, map[string]string{"main.idl": src, "inc.h": "const long B = A << 4;\n"})
	if err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]int64{"A": 6, "B": 96, "C": 97} {
		if got := p.Scope[name].(*ConstInfo).Value.Int; got != want {
			t.Errorf("%s = %d, want %d", name, got, want)
		}
	}
	attrs := p.Scope["OPT"].(*AliasInfo).Attrs
	if !attrs.Has("in") || !attrs.Has("unique") {
		t.Errorf("macro not expanded in attribute list: %v", attrs)
	}
}

func TestEnumValues(t *testing.T) {
	src := `typedef enum { A, B = 0x10, C, D = B | 1, E = 0xFFFFFFFF, F = ~0 } X;`
	p, err := load(t, map[string]string{"main.idl": src})
	if err != nil {
		t.Fatal(err)
	}
	want := []int64{0, 16, 17, 17, 0xFFFFFFFF, -1}
	for i, m := range p.Scope["X"].(*EnumInfo).Members {
		if m.Value != want[i] {
			t.Errorf("%s = %d, want %d", m.Name, m.Value, want[i])
		}
	}
}

func TestLexer(t *testing.T) {
	tests := []struct {
		in   string
		want string // kinds and texts
	}{
		{"a::b", "identifier:a punctuation::: identifier:b"},
		{"0x80041001UL 10L 1.5e-3", "integer:0x80041001UL integer:10L number:1.5e-3"},
		{`L"wide" 'c'`, `string:L"wide" character:'c'`},
		{"uuid(4590f811-1d3a-11d0-891f-00aa004b2e24)", "identifier:uuid punctuation:( uuid:4590f811-1d3a-11d0-891f-00aa004b2e24 punctuation:)"},
		{"a /* c */ b // d\n c", "identifier:a identifier:b identifier:c"},
		{"ab\\\ncd", "identifier:abcd"},
	}
	for _, tt := range tests {
		var errs ErrorList
		var got []string
		for _, tok := range Lex("t.idl", []byte(tt.in), &errs) {
			if tok.Kind != EOF {
				got = append(got, tok.Kind.String()+":"+tok.Text)
			}
		}
		if strings.Join(got, " ") != tt.want || len(errs) > 0 {
			t.Errorf("Lex(%q) = %v %v, want %v", tt.in, got, errs, tt.want)
		}
	}
}

func TestLayout(t *testing.T) {
	src := `import "oaidl.idl";
typedef struct { char c; double d; short s; } S1;
typedef struct { char c; void *p; } S2;
typedef union { long l; S2 s; } U;
typedef struct { float width; unsigned short length; unsigned short wrap : 1, space : 1, padding : 14; } METRICS;`
	p, err := load(t, map[string]string{"main.idl": src})
	if err != nil {
		t.Fatal(err)
	}
	// Sizes follow MSVC's rules: doubles are 8-aligned on 386 too.
	// METRICS has the shape of DWRITE_CLUSTER_METRICS, 8 bytes in C (the
	// mingw-w64 layout test compiles the real one).
	want := map[string][2]int64{"S1": {24, 24}, "S2": {8, 16}, "U": {8, 16}, "VARIANT": {16, 24}, "GUID": {16, 16}, "METRICS": {8, 8}}
	for name, sizes := range want {
		for i, arch := range []Arch{Arch386, ArchAMD64} {
			sz, _, err := Layout(&TypeRef{Kind: RNamed, Decl: p.Scope[name]}, arch)
			if err != nil || sz != sizes[i] {
				t.Errorf("sizeof(%s) on %s = %d, %v; want %d", name, arch.Name, sz, err, sizes[i])
			}
		}
	}
}

// TestLimitsKeepValidInput checks values at the edges of the limits that real
// IDL uses: unsigned 32-bit enumerators, the top bit of 64, deep but sane
// nesting.
func TestLimitsKeepValidInput(t *testing.T) {
	src := base + `typedef enum E { A = 0xFFFFFFFF, B = -0x80000000, C = 0x80000000 } E;
const unsigned hyper TOP = 1 << 63;
const hyper MIN = -0x7fffffffffffffff - 1;
const long NESTED = ` + strings.Repeat("(", 400) + "1" + strings.Repeat(")", 400) + `;
` + chainMacros(400) + "const long CHAIN = A400(1);\n"
	p, err := load(t, map[string]string{"main.idl": src})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]int64{"TOP": -1 << 63, "MIN": -1 << 63, "NESTED": 1, "CHAIN": 401}
	for name, v := range want {
		c, ok := p.Scope[name].(*ConstInfo)
		if !ok || c.Unknown || c.Value.Int != v {
			t.Errorf("%s = %+v, want %d", name, p.Scope[name], v)
		}
	}
	var got []int64
	for _, m := range p.Scope["E"].(*EnumInfo).Members {
		got = append(got, m.Value)
	}
	if fmt.Sprint(got) != "[4294967295 -2147483648 2147483648]" {
		t.Errorf("enumerators %v", got)
	}
}

// TestMacroExpansionIsLinear expands chains of n and 2n nested macros and
// compares the memory allocated: linear expansion about doubles it, the old
// expansion (which copied each level's output into the level above) grew it
// fourfold.
func TestMacroExpansionIsLinear(t *testing.T) {
	alloc := func(n int) uint64 {
		src := chainMacros(n) + fmt.Sprintf("const long X = A%d(1);\n", n)
		files := map[string]string{"main.idl": src}
		load(t, files) // warm up
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		p, err := load(t, files)
		runtime.ReadMemStats(&after)
		if err != nil {
			t.Fatal(err)
		}
		if c := p.Scope["X"].(*ConstInfo); c.Value.Int != int64(n+1) {
			t.Fatalf("A%d(1) = %d, want %d", n, c.Value.Int, n+1)
		}
		return after.TotalAlloc - before.TotalAlloc
	}
	a, b := alloc(400), alloc(800)
	if r := float64(b) / float64(a); r > 2.8 {
		t.Errorf("expanding 800 nested macros allocates %.1fx what 400 do (%d vs %d bytes): not linear", r, b, a)
	}
}

// TestCallAsSizes: a [local] method takes the sizes of its [call_as] twin
// only for same-named parameters without sizes of their own.
func TestCallAsSizes(t *testing.T) {
	src := base + `[object, uuid(12345678-1234-1234-1234-123456789012)] interface IE : IUnknown {
  [local] HRESULT Next([in] ULONG celt, [out] IUnknown **rgelt, [out] ULONG *fetched);
  [call_as(Next)] HRESULT RemoteNext([in] ULONG celt, [out, size_is(celt), length_is(*fetched)] IUnknown **rgelt, [out] ULONG *fetched);
  [local] HRESULT Other([in] ULONG n, [out] byte *buf);
  [call_as(Other)] HRESULT RemoteOther([in] ULONG n, [out, size_is(n)] byte *data);
  [local] HRESULT Own([in] ULONG n, [in] ULONG m, [out, size_is(m)] byte *buf);
  [call_as(Own)] HRESULT RemoteOwn([in] ULONG n, [in] ULONG m, [out, size_is(n)] byte *buf);
}`
	p, err := load(t, map[string]string{"main.idl": src})
	if err != nil {
		t.Fatal(err)
	}
	ms := p.Scope["IE"].(*IfaceInfo).Methods
	if len(ms) != 3 {
		t.Fatalf("%d methods in the vtable, want the 3 local ones", len(ms))
	}
	if got := ms[0].Params[1]; got.SizeIs != 0 || got.LengthIs != 2 {
		t.Errorf("Next: rgelt sized by %d, length %d; want celt (0) and fetched (2)", got.SizeIs, got.LengthIs)
	}
	if got := ms[1].Params[1]; got.SizeIs != -1 {
		t.Errorf("Other: buf took the size of the twin's differently named data (%d)", got.SizeIs)
	}
	if got := ms[2].Params[2]; got.SizeIs != 1 {
		t.Errorf("Own: buf sized by %d, want its own size_is(m) (1)", got.SizeIs)
	}
}

// TestCppQuoteConstants: simple #define and DEFINE_GUID lines of cpp_quote
// become constants (values as C computes them, casts through typedefs
// included); what C alone understands is dropped without a diagnostic, and
// IDL declarations keep their names.
func TestCppQuoteConstants(t *testing.T) {
	src := base + `typedef short VB;
const long TAKEN = 5;
cpp_quote("#define FLAG_A 0x1")
cpp_quote("#define FLAG_B (FLAG_A << 4)  // a comment")
cpp_quote("#define VB_TRUE ((VB)0xFFFF)")
cpp_quote("#define NAME L\"text\"")
cpp_quote("#define TAKEN 7")
cpp_quote("#define MACRO(x) ((x) + 1)")
cpp_quote("#define CALL GetThing()")
cpp_quote("#define TYPED (HWND)-1")
cpp_quote("#define EMPTY")
cpp_quote("DEFINE_GUID(CLSID_Thing, 0x12345678, 0x1234, 0x5678, 0x9a, 0xbc, 0xde, 0xf0, 0x12, 0x34, 0x56, 0x78);")
`
	p, err := load(t, map[string]string{"main.idl": src})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Warnings) > 0 {
		t.Errorf("warnings for C header text: %v", p.Warnings)
	}
	want := map[string]string{"FLAG_A": "1", "FLAG_B": "16", "VB_TRUE": "-1", "NAME": `"text"`, "TAKEN": "5"}
	for name, v := range want {
		c, ok := p.Scope[name].(*ConstInfo)
		if !ok || c.Unknown || c.Value.String() != v {
			t.Errorf("%s = %+v, want %s", name, p.Scope[name], v)
		}
	}
	if c := p.Scope["TAKEN"].(*ConstInfo); c.CppQuote {
		t.Error("the cpp_quote #define took the name of an IDL constant")
	}
	for _, name := range []string{"CALL", "TYPED"} {
		if c, ok := p.Scope[name].(*ConstInfo); ok && !c.Unknown {
			t.Errorf("%s = %v: C-only text was given a value", name, c.Value)
		}
	}
	for _, name := range []string{"MACRO", "EMPTY"} {
		if _, ok := p.Scope[name]; ok {
			t.Errorf("%s was declared", name)
		}
	}
	g, ok := p.Scope["CLSID_Thing"].(*ConstInfo)
	if !ok || g.Value.Kind != ValGUID || g.Value.GUID.String() != "12345678-1234-5678-9ABC-DEF012345678" {
		t.Errorf("CLSID_Thing = %+v", p.Scope["CLSID_Thing"])
	}
}

// TestByteOrderMark: a UTF-8 byte-order mark at the start of a file (as some
// SDK files have) is skipped and counts as no column.
func TestByteOrderMark(t *testing.T) {
	p, err := load(t, map[string]string{"main.idl": "\uFEFFtypedef long X;\nconst long Y = 2;\n"})
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := p.Scope["X"]; !ok {
		t.Error("the typedef after the mark was not declared")
	}
	_, err = load(t, map[string]string{"main.idl": "\uFEFFtypedef long"})
	if list, ok := err.(ErrorList); !ok || list[0].Pos.Col != 13 {
		t.Errorf("error after the mark: %v, want column 13 (the mark is no column)", err)
	}
}

// TestTagNamedByTypedef: a struct, union or enum declared by its tag alone
// takes the name of the first typedef of that tag in its file, as C code
// names it (PROPVARIANT, not tagPROPVARIANT); one with a name of its own
// keeps it.
func TestTagNamedByTypedef(t *testing.T) {
	p, err := load(t, map[string]string{"main.idl": `
typedef struct tagPV PV;
typedef struct tagPV *LPPV;
struct tagPV { short vt; long value; };
typedef enum tagKIND KIND;
enum tagKIND { KIND_A = 1 };
struct tagLATER { long x; };
typedef struct tagLATER LATER;
typedef struct OWN { long x; } OWN;
typedef struct OWN OTHER;
typedef OWN BYNAME;
typedef struct tFORWARD FORWARD;
`})
	if err != nil {
		t.Fatal(err)
	}
	name := func(alias string) string {
		a, ok := p.Scope[alias].(*AliasInfo)
		if !ok {
			t.Fatalf("%s is no typedef", alias)
		}
		r := a.Type
		if r.Kind == RPointer {
			r = r.Elem
		}
		return r.Decl.EntityName()
	}
	for alias, want := range map[string]string{"PV": "PV", "LPPV": "PV", "KIND": "KIND", "LATER": "LATER",
		"OTHER": "OWN", "BYNAME": "OWN", "FORWARD": "FORWARD"} {
		if got := name(alias); got != want {
			t.Errorf("typedef %s names %s, want %s", alias, got, want)
		}
	}
}

// TestHeaderDefines: the object-like #defines of C headers an IDL file
// includes or imports are its constants; a constant defined by one that has
// no value has none either (it was 0).
func TestHeaderDefines(t *testing.T) {
	p, err := load(t, map[string]string{
		"main.idl": "#include \"inc.h\"\nimport \"imp.h\";\ncpp_quote(\"#define Q U\")\n",
		"inc.h":    "#define _INC_H\n#define A 1\n#define B (A + 1)\n#define F(x) x\n#define U UNKNOWN_THING\n#define V (U + 1)\n#define S L\"text\"\n#ifdef _WIN64\n#define P 8\n#else\n#if X\n#else\n#define P 4\n#endif\n#endif\n",
		"imp.h":    "#define C 0x10\n#define D (C | B)\n",
	})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]int64{"A": 1, "B": 2, "C": 16, "D": 18}
	for name, v := range want {
		c, ok := p.Scope[name].(*ConstInfo)
		if !ok || c.Unknown || c.Value.Int != v || c.DeclFile().Name != "main.idl" {
			t.Errorf("%s = %+v, want %d declared for main.idl", name, p.Scope[name], v)
		}
	}
	if c, ok := p.Scope["S"].(*ConstInfo); !ok || c.Value.Str != "text" {
		t.Errorf("S = %+v, want the string", p.Scope["S"])
	}
	for _, name := range []string{"U", "V", "Q"} {
		if c, ok := p.Scope[name].(*ConstInfo); !ok || !c.Unknown {
			t.Errorf("%s = %+v, want a constant without a value", name, p.Scope[name])
		}
	}
	for _, name := range []string{"_INC_H", "F", "P"} {
		if e, ok := p.Scope[name]; ok {
			t.Errorf("%s is declared (%+v): a guard, a function-like macro or a target's value is no constant", name, e)
		}
	}
}

// TestUnknownConstantPropagates: a constant defined by one without a value
// has none either. It was computed as if that one were 0 (urlmon's
// S_ASYNCHRONOUS and docobj's OLECMDERR_E_* came out as 0 .. 4).
func TestUnknownConstantPropagates(t *testing.T) {
	p, err := load(t, map[string]string{"main.idl": `cpp_quote("#define Y WINERROR_THING")
cpp_quote("#define Z (Y + 1)")
`})
	if err != nil {
		t.Fatal(err)
	}
	if c, ok := p.Scope["Z"].(*ConstInfo); !ok || !c.Unknown {
		t.Errorf("Z = %+v, want a constant without a value", p.Scope["Z"])
	}
}

// TestIDLOnlyAndPack: declarations between cpp_quote("#if 0") and its
// #else/#endif are for MIDL only (nested conditionals, #else, #if 0 with a
// comment); a one-member dummy among them is a placeholder; #pragma pack
// in an #included header packs the structs in its region (push/pop, pack(n)).
func TestIDLOnlyAndPack(t *testing.T) {
	p, err := load(t, map[string]string{"main.idl": `
typedef struct { long a; } VISIBLE;
cpp_quote("#if 0 /* C has its own */")
typedef struct { int dummy; } FINDDATA;
typedef struct { long long QuadPart; } BIG;
cpp_quote("#ifdef SOMETHING")
typedef struct { char dummy; } NESTED;
cpp_quote("#endif")
cpp_quote("#else")
cpp_quote("#include <real.h>")
typedef struct { int dummy; } AFTERELSE;
cpp_quote("#endif")
cpp_quote("#ifndef X")
typedef struct { int dummy; } UNKNOWNCOND;
cpp_quote("#endif")
#include "packed.h"
typedef struct { char c; long l; } AFTERPOP;
`, "packed.h": `
#pragma pack(push, 1)
typedef struct { char c; long l; } P1;
#pragma pack(push, 2)
typedef struct { char c; long l; } P2;
#pragma pack(pop)
typedef struct { char c; char d; } P1BYTES;
#pragma pack(pop)
#pragma pack(4)
typedef struct { char c; long l; } P4;
#pragma pack()
`})
	if err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]struct {
		idlOnly, placeholder bool
		pack                 int
	}{
		"VISIBLE": {}, "FINDDATA": {true, true, 0}, "BIG": {true, false, 0}, "NESTED": {true, true, 0},
		"AFTERELSE": {}, "UNKNOWNCOND": {}, "AFTERPOP": {},
		"P1": {pack: 1}, "P2": {pack: 2}, "P1BYTES": {pack: 1}, "P4": {pack: 4},
	} {
		s, ok := p.Scope[name].(*StructInfo)
		if !ok {
			t.Errorf("%s: no struct", name)
			continue
		}
		if s.IDLOnly != want.idlOnly || s.Placeholder() != want.placeholder || s.Pack != want.pack {
			t.Errorf("%s: IDLOnly %v, Placeholder %v, Pack %d; want %v, %v, %d", name, s.IDLOnly, s.Placeholder(), s.Pack, want.idlOnly, want.placeholder, want.pack)
		}
	}
	var warned []string
	for _, w := range p.Warnings {
		if strings.Contains(w.Msg, "placeholder") {
			warned = append(warned, w.Pos.String())
		}
	}
	if want := []string{"main.idl:4:9", "main.idl:7:9"}; !slices.Equal(warned, want) {
		t.Errorf("placeholder warnings at %v, want %v", warned, want)
	}
}

// TestBitFieldWidths checks that widths are kept, with the types C allows:
// base integer types, their typedefs (BOOL, DWORD) and enums.
func TestBitFieldWidths(t *testing.T) {
	src := base + `typedef enum E { E0, E1 } E;
typedef struct S {
    BOOL on : 1, off : 1;
    DWORD : 0;
    E kind : 2;
    unsigned char : 3;
    hyper wide : 40;
    long plain;
    ULONG full : 4 * 8;
} S;`
	p, err := load(t, map[string]string{"main.idl": src})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range p.Scope["S"].(*StructInfo).Fields {
		got = append(got, fmt.Sprintf("%s:%d", f.Name, f.Bits))
	}
	want := "on:1 off:1 :0 kind:2 :3 wide:40 plain:-1 full:32"
	if strings.Join(got, " ") != want {
		t.Errorf("fields %q, want %q", strings.Join(got, " "), want)
	}
}

// TestCROnlyLineEnds: a file whose lines end in CR alone (old Mac style; C
// preprocessors take a lone CR as a line end) declares what the same file
// with LF line ends does. Before, everything after the first // comment or
// #define was one line: the interface vanished and the run succeeded.
func TestCROnlyLineEnds(t *testing.T) {
	src := "// a comment\n#define N 3\nimport \"unknwn.idl\";\n[object, uuid(5b0c2e8a-7d14-4c9e-a1f3-2e6b8d9c4a90)]\n" +
		"interface IFoo { HRESULT A([in] long x); // why\n HRESULT B([in, size_is(N)] long *y); }\n"
	// B is on line 6, or 11 where each line end is two (LF, then a lone CR).
	for end, line := range map[string]int{"\n": 6, "\r": 6, "\r\n": 6, "\n\r": 11} {
		p, err := load(t, map[string]string{"main.idl": strings.ReplaceAll(src, "\n", end)})
		if err != nil {
			t.Fatalf("line ends %q: %v", end, err)
		}
		i, ok := p.Scope["IFoo"].(*IfaceInfo)
		if !ok || len(i.Methods) != 2 || i.Methods[1].Name != "B" || i.Methods[1].Pos.Line != line {
			t.Fatalf("line ends %q: IFoo = %+v", end, p.Scope["IFoo"])
		}
	}
}

// TestSizeIsItself: a size_is naming its own parameter (the SDK's
// wmsdkidl.idl has one, which MIDL compiles) is ignored with a warning.
func TestSizeIsItself(t *testing.T) {
	p, err := load(t, map[string]string{"main.idl": base + "[object, uuid(12345678-1234-1234-1234-123456789012)] interface I : IUnknown {\n HRESULT A([in, size_is(p)] long *p, [in] long c);\n}"})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Warnings) != 1 || p.Warnings[0].Error() != "main.idl:3:12: size_is of parameter p of A names p itself; it is ignored" {
		t.Errorf("warnings = %v", p.Warnings)
	}
	if m := p.Scope["I"].(*IfaceInfo).Methods[0]; m.Params[0].SizeIs != -1 {
		t.Errorf("SizeIs = %d, want -1", m.Params[0].SizeIs)
	}
}
