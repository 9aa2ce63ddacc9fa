package gen_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/comgen/comgen/gen"
	"github.com/comgen/comgen/idl"
	"github.com/comgen/comgen/internal/testenv"
)

// serverIDL exercises what the Go COM object generator must handle: 64-bit
// integers (two stack words on 386), floating-point arguments (which
// syscall.NewCallback cannot receive), counted arrays, strings, an interface
// chain, and an interface whose chain repeats a method name.
const serverIDL = `
import "unknwn.idl";

[object, uuid(11111111-2222-3333-4444-555555555555)]
interface ITestBase : IUnknown
{
    HRESULT Ping([in] long x);
}

[object, uuid(11111111-2222-3333-4444-555555555556)]
interface ITest : ITestBase
{
    HRESULT Wide([in] hyper a, [in] long b, [in] unsigned __int64 c);
    HRESULT Float([in] float f);
    HRESULT Double([in] long a, [in] double d);
    HRESULT Items([in] ULONG n, [in, size_is(n)] IUnknown **items, [out] ULONG *done);
    HRESULT Names([in] BSTR name, [in] LPCWSTR other, [out] BSTR *res);
    ULONG Count(void);
    void Nothing(void);
    HRESULT Structs([in] Pair8 p, [in] Triple12 t, [in] GUID g, [in] long a1, [in] long a2, [in] long a3, [in] long a4, [in] Triple12 late);
    HRESULT Floats([in] Floats2 f);
    double Late([in] long a, [in] long b, [in] long c, [in] float d, [in] long e);
}

typedef struct Pair8 { long a; long b; } Pair8;
typedef struct Triple12 { long a; long b; long c; } Triple12;
typedef struct Floats2 { float x; float y; } Floats2;

[object, uuid(11111111-2222-3333-4444-555555555557)]
interface IRepeat : ITestBase
{
    HRESULT Ping([in] long x, [in] long y);
}
`

func generateServerIDL(t *testing.T) map[string]string { return generateIDL(t, serverIDL) }

// generateIDL generates package servertest from the IDL text src (test.idl).
func generateIDL(t *testing.T, src string) map[string]string {
	t.Helper()
	fsys := fstest.MapFS{"test.idl": {Data: []byte(src)}}
	prog, err := idl.LoadFS(idl.Config{Dirs: []idl.Dir{idl.Builtin}}, idl.Dir{FS: fsys}, "test.idl")
	if err != nil {
		t.Fatal(err)
	}
	files, err := gen.Generate(prog, gen.Options{Package: "servertest", Inputs: []string{"test.idl"}, TypeCheck: true})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, f := range files {
		out[f.Name] = string(f.Src)
	}
	return out
}

func TestServerGeneration(t *testing.T) {
	files := generateServerIDL(t)
	types, server := files["test.go"], files["test_server_windows.go"]
	for _, want := range []struct{ file, text, why string }{
		{types, "type ITestImpl interface {\n\tITestBaseImpl\n", "derived Impl embeds its base's"},
		{types, "Ping(x int32) HRESULT", "base method"},
		{types, "Wide(a int64, b int32, c uint64) HRESULT", "64-bit integers keep their type"},
		{types, "Items(items []*IUnknown, done *uint32) HRESULT", "counted [in] array becomes a slice, count dropped"},
		{types, "Names(name string, other string, res *string) HRESULT", "[in] strings become Go strings, an [out] BSTR a *string"},
		{server, "return hresultRet(serverBSTROut(res, &_res, impl.Names(", "the [out] string becomes the caller's BSTR once the method succeeded"},
		{types, "Count() uint32", "non-HRESULT integer result"},
		{types, "Nothing()\n", "void method"},
		{types, "Float(f float32) HRESULT", "a float parameter keeps its Go type"},
		{types, "Double(a int32, d float64) HRESULT", "a double parameter keeps its Go type"},
		{types, "IRepeat cannot be implemented in Go by this package: two methods in its interface chain are named Ping", "a repeated name is reported"},
		{server, "wideCallback(serveITestWide, serveITestWide386)", "64-bit arguments need a 386 variant"},
		{server, "func serveITestWide386(this *serverObject, aLo, aHi uint32, b int32, cLo, cHi uint32) (ret uintptr)", "386 variant takes two words per 64-bit integer"},
		{server, "floatSlot(0, serveITestFloat, serveITestFloat386, serveITestFloat)", "Float: the float stub 0, on arm64 too"},
		{server, "floatSlot(1, serveITestDouble, serveITestDouble386, serveITestDouble)", "Double: the float stub 1"},
		{server, "func serveITestDouble(this *serverObject, a int32, dBits uintptr) (ret uintptr)", "amd64 receives a double's bits in a word"},
		{server, "d := math.Float64frombits(uint64(dBits))", "and rebuilds it"},
		{server, "func serveITestDouble386(this *serverObject, a int32, dLo, dHi uint32) (ret uintptr)", "386 receives a double in two words"},
		{server, "d := math.Float64frombits(uint64(dLo) | uint64(dHi)<<32)", "and joins them"},
		{files["floatstubs_windows_amd64.s"], "TEXT ·floatStub1(SB), NOSPLIT|NOFRAME, $0-0\n\tMOVQ X2, R8\n\tMOVQ ·floatTargets+8(SB), AX\n\tJMP AX\n",
			"Double's stub moves position 2 (XMM2) into R8, then jumps to its callback"},
		{files["floatstubs_windows_amd64.s"], "TEXT ·floatStub0(SB), NOSPLIT|NOFRAME, $0-0\n\tMOVQ X1, DX\n", "Float's moves XMM1 into RDX"},
		// 386: Late's six words (this, a, b, c, d, e) are copied below a
		// slot for the result, with the slot's address after this; the
		// callback pops its seven, the double goes from the slot to ST(0),
		// and the stub pops the return address and the six words.
		{files["floatstubs_windows_386.s"], "\tSUBL $36, SP\n\tMOVL 40(SP), AX\n\tMOVL AX, 0(SP)\n\tLEAL 28(SP), AX\n\tMOVL AX, 4(SP)\n\tMOVL 44(SP), AX\n\tMOVL AX, 8(SP)\n",
			"Late's 386 stub copies this and puts the slot's address after it"},
		{files["floatstubs_windows_386.s"], "\tMOVL ·floatTargets+12(SB), AX\n\tCALL AX\n\tFMOVD 0(SP), F0\n\tADDL $8, SP\n\tPOPL CX\n\tADDL $24, SP\n\tPUSHL CX\n\tRET\n",
			"and returns the double from the slot in ST(0), popping six words"},
		{server, "func serveITestLate386(this *serverObject, res386 *uint64, a int32, b int32, c int32, dBits uint32, e int32) (ret uintptr)", "the 386 callback takes the slot after this"},
		{server, "\t*res386 = uint64(math.Float64bits(impl.Late(a, b, c, d, e)))\n\treturn 0\n", "and writes the result there"},
		// arm64 (AAPCS64): Late's this, a, b, c in X0-X3, d in V0 (S0), e in
		// X4; its callback reads d from X4 and e from X5: the stub stores them
		// as words 4 and 5, loads words 0-7 into X0-X7, calls the callback and
		// moves its result to D0.
		{files["floatstubs_windows_arm64.s"], "\tMOVD R3, 24(RSP)\n\tFMOVS F0, 32(RSP)\n\tMOVD R4, 40(RSP)\n\tLDP 0(RSP), (R0, R1)\n" +
			"\tLDP 16(RSP), (R2, R3)\n\tLDP 32(RSP), (R4, R5)\n\tLDP 48(RSP), (R6, R7)\n\tADD $64, RSP\n" +
			"\tMOVD $·floatTargets+24(SB), R16\n\tMOVD (R16), R16\n\tCALL (R16)\n\tFMOVD R0, F0\n",
			"Late's arm64 stub puts d from V0 in word 4 and e from X4 in word 5, and its result in D0"},
		{files["floatstubs_windows_arm64.s"], "TEXT ·floatStub1(SB), NOSPLIT|NOFRAME, $0-0\n\tSTP.W (R29, R30), -16(RSP)\n\tMOVD RSP, R29\n\tSUB $128, RSP\n" +
			"\tFSTPD (F8, F9), -64(R29)\n\tFSTPD (F10, F11), -48(R29)\n\tFSTPD (F12, F13), -32(R29)\n\tFSTPD (F14, F15), -16(R29)\n" +
			"\tMOVD R0, 0(RSP)\n\tMOVD R1, 8(RSP)\n\tFMOVD F0, 16(RSP)\n",
			"Double's d arrives in V0 and goes to word 2, its position; D8-D15 are saved"},
		// Floats takes a structure of two floats: in S0 and S1 on arm64,
		// which its stub stores side by side as the word its arm64 callback
		// receives; amd64 passes it in a register and needs no stub.
		{server, "floatSlot(2, serveITestFloats, serveITestFloats386, serveITestFloatsARM64)", "Floats: an arm64 stub and callback"},
		{files["floatstubs_windows_arm64.s"], "\tMOVD R0, 0(RSP)\n\tFMOVS F0, 8(RSP)\n\tFMOVS F1, 12(RSP)\n\tLDP 0(RSP), (R0, R1)\n", "its members go to word 1"},
		{files["floatstubs_windows_amd64.go"], "var floatStubAddrs = [4]func() uintptr{floatStub0Addr, floatStub1Addr, nil, floatStub3Addr}", "no amd64 stub for Floats"},
		// Late: this, a, b, c in registers, d and e on the stack: a 56-byte
		// frame (8 mod 16, as SP is on entry) holds the callee's home area
		// and the copies of d and e, which sit above the return address and
		// the caller's home area (56+8+32 = 96 on).
		{files["floatstubs_windows_amd64.s"], "\tSUBQ $56, SP\n\tMOVQ 96(SP), R10\n\tMOVQ R10, 32(SP)\n\tMOVQ 104(SP), R10\n\tMOVQ R10, 40(SP)\n" +
			"\tMOVQ ·floatTargets+24(SB), AX\n\tCALL AX\n\tMOVQ AX, X0\n\tADDQ $56, SP\n\tRET\n", "a double result goes from AX to X0 after a call with the stack arguments copied"},
		{server, "floatSlot(3, serveITestLate, serveITestLate386, serveITestLate)", "every target's stub returns a double"},
		{server, "return uintptr(math.Float64bits(impl.Late(a, b, c, d, e)))", "the callback returns the double's bits"},
		{server, "return append(slotsITestBase(), []uintptr{", "derived vtable starts with the base's slots"},
		{server, "return append(serverUnknownSlots(), []uintptr{", "base vtable starts with IUnknown's"},
		{server, `newServerClass("ITest", []*GUID{&IID_ITest, &IID_ITestBase}, slotsITest)`, "QueryInterface answers the chain"},
	} {
		if !strings.Contains(want.file, want.text) {
			t.Errorf("%s: missing %q", want.why, want.text)
		}
	}
	if strings.Contains(server, "NewIRepeat") {
		t.Error("IRepeat got a constructor although its Impl cannot be declared")
	}
	if _, ok := files["wbem_windows.go"]; ok {
		t.Error("the WMI helpers were generated for a package without WMI interfaces")
	}
}

// TestServerGenerationTypeChecks type-checks the package generated from
// serverIDL, tests included, for every Windows target.
func TestServerGenerationTypeChecks(t *testing.T) {
	t.Parallel()
	typeCheck(t, generateServerIDL(t))
}

// typeCheck writes the generated files into a package in a temporary module
// and type-checks and vets it, tests included, for every Windows target.
func typeCheck(t *testing.T, files map[string]string) {
	t.Helper()
	if testing.Short() {
		t.Skip("runs go vet for three targets")
	}
	dir := testenv.Module(t)
	for name, src := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, arch := range []string{"amd64", "386", "arm64"} {
		// go vet type-checks the package, tests included, and vets it, as a
		// user's CI would.
		vet := exec.Command("go", "vet", ".")
		vet.Dir = dir
		vet.Env = append(os.Environ(), "GOOS=windows", "GOARCH="+arch, "CGO_ENABLED=0")
		if out, err := vet.CombinedOutput(); err != nil {
			t.Errorf("GOARCH=%s: go vet: %v\n%s", arch, err, out)
		}
	}
}

// TestCppQuoteConstantsYield: constants from cpp_quote text are generated
// (a GUID as a variable), but give way to every name the generator or the IDL
// takes: an interface's IID_ variable, a generic HRESULT.
func TestCppQuoteConstantsYield(t *testing.T) {
	t.Parallel()
	files := generateIDL(t, `import "unknwn.idl";
[object, uuid(11111111-2222-3333-4444-555555555555)]
interface IThing : IUnknown { HRESULT Do(); }
cpp_quote("#define THING_FLAG 0x40")
cpp_quote("#define IID_IThing IID_IUnknown")
cpp_quote("#define E_NOTIMPL 5")
cpp_quote("DEFINE_GUID(CLSID_Thing, 0x12345678, 0x1234, 0x5678, 0x9a, 0xbc, 0xde, 0xf0, 0x12, 0x34, 0x56, 0x78);")
`)
	types := files["test.go"]
	for _, want := range []string{
		"const THING_FLAG = 0x40", // in the base the IDL wrote
		"var CLSID_Thing = GUID{\n\tData1: 0x12345678,\n\tData2: 0x1234,\n\tData3: 0x5678,\n\tData4: [8]byte{0x9a, 0xbc, 0xde, 0xf0, 0x12, 0x34, 0x56, 0x78},\n}",
		"var IID_IThing = GUID{\n\tData1: 0x11111111,",
	} {
		if !strings.Contains(types, want) {
			t.Errorf("test.go lacks %q", want)
		}
	}
	for name, src := range files {
		if strings.Contains(src, "E_NOTIMPL = 5") || strings.Contains(src, "IID_IThing = IID_IUnknown") {
			t.Errorf("%s: a cpp_quote constant took a generated name", name)
		}
	}
	if !strings.Contains(files["hresult_names.go"], "E_NOTIMPL") {
		t.Error("the generic E_NOTIMPL is gone")
	}
	typeCheck(t, files)
}
