package gen

import (
	"fmt"
	"io/fs"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/comgen/comgen/templates"
	"github.com/dave/jennifer/jen"
)

// The runtime support every generated package carries (templates/*.tmpl, and
// hresult_names.go for the generic HRESULTs) declares these names; generated
// code refers to them through these constants only, and
// TestRuntimeNamesDeclared checks each against what is generated. IUnknown
// is the exception: it comes from the IDL (unknwn.idl).
const (
	rtGUID               = "GUID"
	rtBSTR               = "BSTR"
	rtVARIANT            = "VARIANT"
	rtSAFEARRAY          = "SAFEARRAY"
	rtSAFEARRAYBOUND     = "SAFEARRAYBOUND"
	rtHRESULT            = "HRESULT"
	rtVARTYPE            = "VARTYPE"
	rtIUnknown           = "IUnknown"
	rtNewBSTR            = "NewBSTR"
	rtTakeBSTR           = "takeBSTR"
	rtUTF16PtrToString   = "UTF16PtrToString"
	rtHRESULTFromSyscall = "hresultFromSyscall"
	rtCoCreateInstance   = "CoCreateInstance"
	rtClsctxInproc       = "CLSCTX_INPROC_SERVER"
	rtClsctxLocal        = "CLSCTX_LOCAL_SERVER"
	rtEUnexpected        = "E_UNEXPECTED"
	rtENotImpl           = "E_NOTIMPL"
	rtEInvalidArg        = "E_INVALIDARG"
	rtEOutOfMemory       = "E_OUTOFMEMORY"
	rtDispEException     = "DISP_E_EXCEPTION"
	rtDispatchException  = "DispatchException"
	rtTakeExcepInfo      = "takeExcepInfo"
	rtUTF16Ptr           = "utf16Ptr"
	rtTakeCoTaskString   = "takeCoTaskString"
	rtTakeCoTaskStrings  = "takeCoTaskStrings"
	rtTakeCoTaskArray    = "takeCoTaskArray"
	rtHRESULTNames       = "hresultName"
	rtComCall            = "comCall"
	rtIIDOut             = "IIDOut"
	rtNewIIDOut          = "newIIDOut"
	rtIIDOutPtr          = "iidOutPtr"
	rtCoCreate           = "CoCreate"
	rtVariantValue       = "variantValue"

	// The Go COM object runtime (server_windows.go).
	rtServerObject       = "serverObject"
	rtServerClass        = "serverClass"
	rtServerUnknownSlots = "serverUnknownSlots"
	rtNewServer          = "newServer"
	rtServerImpl         = "serverImpl"
	rtServerRecover      = "serverRecover"
	rtHRESULTRet         = "hresultRet"
	rtWideCallback       = "wideCallback"
	rtArchCallback       = "archCallback"
	rtZeroOut            = "zeroOut"
	rtNewServerClass     = "newServerClass"
	rtServerBSTROut      = "serverBSTROut"
	rtServerCoTaskStrOut = "serverCoTaskStringOut"
	rtServerOptString    = "serverOptString"
	rtServerOptBSTR      = "serverOptBSTR"
	rtServerBoolOut      = "serverBoolOut"
	// Only in a shared runtime package (Options.WriteRuntime).
	rtRegisterHRESULTNames = "RegisterHRESULTNames"
	// Calls with floating-point registers (floatcall_windows.go), in a
	// package whose wrappers make them and in a shared runtime package.
	rtComCallARM64 = "comCallARM64"
	rtComCallX87   = "comCallX87"
)

// runtimeNames are the exported names the runtime support declares, which
// IDL declarations must not take (see checkCollisions).
var runtimeNames = []string{rtGUID, rtBSTR, rtVARIANT, rtSAFEARRAY, rtSAFEARRAYBOUND, rtHRESULT, rtVARTYPE,
	"WithCOM", "CoInitializeEx", "CoUninitialize", rtCoCreateInstance, "CoTaskMemFree", "FreeCoTaskMem", "CoTaskMemBytes", "FreeCoTaskMemBytes", rtNewBSTR,
	rtUTF16PtrToString, "UnsupportedVariantError", "NewVariantString", "NewVariantInt32", "NewVariantBool", "NewVariantUnknown",
	"NewVariant", "NewSafeArray", rtDispatchException, "NewVariantInt", "NewVariantUint", "NewVariantOADate", "ByRef", "ByRefValue", "NewByRef", "WithSTA", "Querier", "NewIUnknown",
	rtIIDOut, "Into", "As", rtCoCreate, "Interface",
	"HRESULTFromWin32", "LiveServerObjects", "FinalReleaser", "ServerPanicHandler",
	"CLSCTX_INPROC_SERVER", "CLSCTX_LOCAL_SERVER", "CLSCTX_ALL", "COINIT_MULTITHREADED", "COINIT_APARTMENTTHREADED",
	"VT_EMPTY", "VT_NULL", "VT_I2", "VT_I4", "VT_R4", "VT_R8", "VT_CY", "VT_DATE", "VT_BSTR", "VT_DISPATCH", "VT_ERROR",
	"VT_BOOL", "VT_VARIANT", "VT_UNKNOWN", "VT_DECIMAL", "VT_I1", "VT_UI1", "VT_UI2", "VT_UI4", "VT_I8", "VT_UI8",
	"VT_INT", "VT_UINT", "VT_ARRAY", "VT_BYREF", "VARIANT_TRUE", "VARIANT_FALSE", "VT_VOID", "VT_HRESULT", "VT_PTR", "VT_SAFEARRAY", "VT_CARRAY", "VT_USERDEFINED", "VT_LPSTR", "VT_LPWSTR", "VT_RECORD", "VT_INT_PTR", "VT_UINT_PTR", "VT_FILETIME", "VT_BLOB", "VT_STREAM", "VT_STORAGE", "VT_STREAMED_OBJECT", "VT_STORED_OBJECT", "VT_BLOB_OBJECT", "VT_CF", "VT_CLSID", "VT_VERSIONED_STREAM", "VT_BSTR_BLOB", "VT_VECTOR", "VT_RESERVED", "VT_ILLEGAL", "VT_ILLEGALMASKED", "VT_TYPEMASK",
	layoutOn64, layoutOn386}

// rtHelpers are the unexported runtime names generated code calls (checked
// against the templates with the exported ones).
var rtHelpers = []string{rtTakeBSTR, rtHRESULTFromSyscall, rtServerObject, rtServerClass, rtServerUnknownSlots,
	rtNewServer, rtServerImpl, rtServerRecover, rtHRESULTRet, rtWideCallback, rtArchCallback, rtZeroOut, rtNewServerClass, rtUTF16Ptr, rtTakeCoTaskString, rtComCall, rtTakeExcepInfo,
	rtComCallARM64, rtComCallX87, rtTakeCoTaskArray, rtTakeCoTaskStrings,
	rtServerBSTROut, rtServerCoTaskStrOut, rtServerOptString, rtServerOptBSTR, rtNewIIDOut, rtIIDOutPtr, rtServerBoolOut, rtVariantValue}

// rtExported names each helper in a shared runtime package (-runtime): there
// generated code of other packages calls it, so it is exported (and
// documented as being for generated code, as protobuf's protoimpl is).
var rtExported = map[string]string{
	rtTakeBSTR: "TakeBSTR", rtTakeExcepInfo: "TakeExcepInfo", rtHRESULTFromSyscall: "HRESULTFromSyscall", rtServerObject: "ServerObject",
	rtServerClass: "ServerClass", rtServerUnknownSlots: "ServerUnknownSlots", rtNewServer: "NewServer",
	rtServerImpl: "ServerImpl", rtServerRecover: "ServerRecover", rtHRESULTRet: "HRESULTRet",
	rtWideCallback: "WideCallback", rtArchCallback: "ArchCallback", rtZeroOut: "ZeroOut",
	rtNewServerClass: "NewServerClass", rtUTF16Ptr: "UTF16Ptr", rtTakeCoTaskString: "TakeCoTaskString",
	rtComCall: "ComCall", rtComCallARM64: "ComCallARM64", rtComCallX87: "ComCallX87",
	rtTakeCoTaskArray: "TakeCoTaskArray", rtTakeCoTaskStrings: "TakeCoTaskStrings",
	rtServerBSTROut: "ServerBSTROut", rtServerCoTaskStrOut: "ServerCoTaskStringOut",
	rtServerOptString: "ServerOptString", rtServerOptBSTR: "ServerOptBSTR", rtNewIIDOut: "NewIIDOut", rtIIDOutPtr: "IIDOutPtr",
	rtServerBoolOut: "ServerBoolOut", rtVariantValue: "VariantValue",
}

// runtimeFile is the declaring IDL file of the entities a shared runtime
// package declares besides the fixed support: IUnknown and the rest of
// unknwn.idl (see Options.Runtime).
const runtimeFile = "unknwn.idl"

// rtName is the name of runtime name n as code in the package being
// generated writes it: n itself in a self-contained package, the exported
// form in a runtime package, and that qualified with the runtime's package
// alias in a package that uses a shared runtime.
func (g *generator) rtName(n string) string {
	switch {
	case g.opt.Runtime == "" && !g.opt.WriteRuntime:
		return n
	case g.opt.WriteRuntime:
		return rtExport(n)
	}
	return g.rtAlias + "." + rtExport(n)
}

// maxComCallArity is the most arguments (this included) a fixed-arity
// comCallN takes; calls with more use the variadic comCall. A variadic
// call allocates its argument slice (//go:uintptrescapes makes it escape),
// a fixed-arity one nothing.
const maxComCallArity = 12

// comCallName is the runtime helper that calls a COM method with n arguments.
func comCallName(n int) string {
	if n >= 1 && n <= maxComCallArity {
		return fmt.Sprintf("%s%d", rtComCall, n)
	}
	return rtComCall
}

func init() {
	for n := 1; n <= maxComCallArity; n++ {
		rtHelpers = append(rtHelpers, comCallName(n))
		rtExported[comCallName(n)] = fmt.Sprintf("%s%d", rtExported[rtComCall], n)
	}
}

// rtExport is runtime name n as a shared runtime package declares it.
func rtExport(n string) string {
	if x, ok := rtExported[n]; ok {
		return x
	}
	return n
}

// rt refers to runtime name n (see rtName) in jennifer code.
func (g *generator) rt(n string) *jen.Statement {
	if g.opt.Runtime == "" || g.opt.WriteRuntime {
		return jen.Id(g.rtName(n))
	}
	return jen.Qual(g.opt.Runtime, rtExport(n))
}

// Prepare does the part of Generate's work that does not depend on its
// input: it parses the embedded templates, reads the export data the type
// check imports and builds the tables of winerror.h's names and of the
// fixed files' constants, side by side. A command may run it in a
// goroutine while it loads the IDL, as comgen does; Generate does it
// otherwise. Safe for concurrent use.
func Prepare() {
	var wg sync.WaitGroup
	for _, f := range []func(){
		func() { imported() },
		func() { standIns() },
		func() { winerrorCompactOwn() },
		func() { winerrorCOMCodes() },
		func() { runtimeConstValues() },
	} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			f()
		}()
	}
	names, _ := fs.Glob(templates.FS, "*.tmpl")
	for _, n := range names {
		parsedTemplate(n)
	}
	wg.Wait()
}

// templateNames returns the top-level names the templates declare, by
// template file, exported or not and tests included (go vet and go test
// compile a package's internal tests with it): an IDL declaration must not
// take any of them. They are computed from the templates when the templates
// change, not in every run (templatenames.go; go test ./gen -run
// TestTemplateNames -update-templatenames rewrites it).
func templateNames() map[string][]string { return templateDecls }

// runtimeConstRE matches a constant the fixed files declare with a
// literal value, one to a line: "VT_BOOL VARTYPE = 11", "CLSCTX_INPROC_SERVER = 0x1".
var runtimeConstRE = regexp.MustCompile(`(?m)^\s+([A-Z][A-Z0-9_]*)\s+(?:[A-Za-z0-9_]+\s+)?=\s+(0[xX][0-9A-Fa-f]+|[0-9]+)\s*(?://.*)?$`)

// runtimeConstValues maps the constants the fixed files declare with a
// literal value to that value: an IDL enumerator of the same name and
// value (wtypes.idl's VARENUM and CLSCTX as an input file) is the runtime's
// declaration, not a collision (see checkCollisions).
var runtimeConstValues = sync.OnceValue(func() map[string]int64 {
	out := map[string]int64{}
	names, _ := fs.Glob(templates.FS, "*.tmpl")
	for _, n := range names {
		if strings.HasSuffix(n, "_test.go.tmpl") {
			continue
		}
		src, err := fs.ReadFile(templates.FS, n)
		if err != nil {
			continue
		}
		for _, m := range runtimeConstRE.FindAllSubmatch(src, -1) {
			if v, err := strconv.ParseInt(string(m[2]), 0, 64); err == nil {
				out[string(m[1])] = v
			}
		}
	}
	return out
})
