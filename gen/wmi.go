package gen

// The WMI helper: WaitCallResult, Query and Decode (templates/wbem_windows.go.tmpl),
// the end-to-end tests against the machine's WMI (wbem_windows_test.go.tmpl)
// and the runnable example (example_windows_test.go.tmpl), carried by a
// package that declares the wbemcli interfaces, classes and enumerators they
// use. The generic core knows it only as one of the extraPacks.
var wmiPack = &extraPack{
	name: "wmi",
	// Its tests implement IWbemObjectSink and IWbemCallResult in Go.
	applies: func(g *generator, f *features) bool { return f.server != nil && g.hasAll(wmiNames) },
	templates: func(g *generator) []string {
		names := []string{"wbem_windows.go.tmpl", "wbem_windows_test.go.tmpl"}
		if g.opt.ImportPath != "" { // the example is an external test package that imports it
			names = append(names, "example_windows_test.go.tmpl")
		}
		return names
	},
	reserved: wmiHelperNames,
	owner:    "the WMI helper",
}

// wmiNames are the declarations the WMI helper and its tests use.
var wmiNames = []string{"IWbemLocator", "IWbemServices", "IWbemObjectSink", "IWbemCallResult",
	"IEnumWbemClassObject", "IWbemClassObject", "IWbemContext", "WbemLocator", "WbemContext",
	"WBEM_S_TIMEDOUT", "WBEM_E_NOT_FOUND", "WBEM_E_INVALID_QUERY", "WBEM_E_INVALID_CLASS", "WBEM_E_FAILED",
	"WBEM_E_INVALID_PARAMETER", "WBEM_S_NO_ERROR", "WBEM_S_FALSE", "WBEM_INFINITE", "WBEM_STATUS_COMPLETE",
	"WBEM_FLAG_RETURN_IMMEDIATELY", "WBEM_FLAG_FORWARD_ONLY", "WBEM_FLAG_CONNECT_USE_MAX_WAIT", "WBEM_FLAG_BIDIRECTIONAL",
	"WBEM_FLAG_CREATE_OR_UPDATE", "WBEM_E_CALL_CANCELLED"}

// wmiHelperNames are the exported names the WMI helper declares
// (templates/wbem_windows.go.tmpl); IDL declarations must not take them,
// in a package with the helper or without.
var wmiHelperNames = []string{"WaitCallResult", "DefaultCallResultPoll", "Query", "Decode", "ParseCIMDatetime", "ParseCIMInterval",
	"FormatCIMDatetime", "FormatCIMInterval", "Client", "ClientOptions", "NewClient", "NewClientFrom", "ErrClientClosed",
	"InitializeSecurity", "Classer", "CreateQuery", "QuoteWQL", "Select", "QueryAll", "Rows", "Events", "QueryAsync", "MethodError",
	"RPC_C_AUTHN_LEVEL_DEFAULT", "RPC_C_AUTHN_LEVEL_NONE", "RPC_C_AUTHN_LEVEL_CONNECT", "RPC_C_AUTHN_LEVEL_CALL",
	"RPC_C_AUTHN_LEVEL_PKT", "RPC_C_AUTHN_LEVEL_PKT_INTEGRITY", "RPC_C_AUTHN_LEVEL_PKT_PRIVACY", "RPC_C_IMP_LEVEL_DEFAULT",
	"RPC_C_IMP_LEVEL_ANONYMOUS", "RPC_C_IMP_LEVEL_IDENTIFY", "RPC_C_IMP_LEVEL_IMPERSONATE", "RPC_C_IMP_LEVEL_DELEGATE"}
