package gen

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
	rtHRESULTNames       = "hresultNames"

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
)

// runtimeNames are the exported names the runtime support declares, which
// IDL declarations must not take (see checkCollisions).
var runtimeNames = []string{rtGUID, rtBSTR, rtVARIANT, rtSAFEARRAY, rtSAFEARRAYBOUND, rtHRESULT, rtVARTYPE,
	"WithCOM", "CoInitializeEx", "CoUninitialize", rtCoCreateInstance, "CoTaskMemFree", rtNewBSTR,
	rtUTF16PtrToString, "UnsupportedVariantError", "NewVariantString", "NewVariantInt32", "NewVariantBool",
	"HRESULTFromWin32", "LiveServerObjects", "FinalReleaser", "ServerPanicHandler", "WaitCallResult", "DefaultCallResultPoll",
	layoutOn64, layoutOn386}

// rtHelpers are the unexported runtime names generated code calls (checked
// against the templates with the exported ones).
var rtHelpers = []string{rtTakeBSTR, rtHRESULTFromSyscall, rtServerObject, rtServerClass, rtServerUnknownSlots,
	rtNewServer, rtServerImpl, rtServerRecover, rtHRESULTRet, rtWideCallback, rtArchCallback, rtZeroOut}
