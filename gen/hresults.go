package gen

// genericHRESULTs are the COM status codes every package gets names for, with
// their values from winerror.h (checked against mingw-w64's winerror.h by a test).
// Names the IDL declares itself take precedence.
var genericHRESULTs = []struct {
	Name  string
	Value uint32
}{
	{"S_OK", 0x00000000},
	{"S_FALSE", 0x00000001},
	{"E_NOTIMPL", 0x80004001},
	{"E_NOINTERFACE", 0x80004002},
	{"E_POINTER", 0x80004003},
	{"E_ABORT", 0x80004004},
	{"E_FAIL", 0x80004005},
	{"E_UNEXPECTED", 0x8000FFFF},
	{"E_ACCESSDENIED", 0x80070005},
	{"E_HANDLE", 0x80070006},
	{"E_OUTOFMEMORY", 0x8007000E},
	{"E_INVALIDARG", 0x80070057},
	{"CO_E_NOTINITIALIZED", 0x800401F0},
	{"CO_E_CLASSSTRING", 0x800401F3},
	{"REGDB_E_CLASSNOTREG", 0x80040154},
	{"CLASS_E_NOAGGREGATION", 0x80040110},
	{"CLASS_E_CLASSNOTAVAILABLE", 0x80040111},
	{"RPC_E_CHANGED_MODE", 0x80010106},
	{"RPC_E_TOO_LATE", 0x80010119},
	{"RPC_E_WRONG_THREAD", 0x8001010E},
	{"RPC_E_DISCONNECTED", 0x80010108},
	{"RPC_E_SERVERFAULT", 0x80010105},
	{"DISP_E_MEMBERNOTFOUND", 0x80020003},
	{"DISP_E_TYPEMISMATCH", 0x80020005},
	{"DISP_E_BADINDEX", 0x8002000B},
	{"DISP_E_EXCEPTION", 0x80020009},
}

// GenericHRESULT is a named COM status code the generator adds to every package.
type GenericHRESULT struct {
	Name  string
	Value uint32
}

// GenericHRESULTs returns the generic codes (for tests and documentation).
func GenericHRESULTs() []GenericHRESULT {
	out := make([]GenericHRESULT, len(genericHRESULTs))
	for i, h := range genericHRESULTs {
		out[i] = GenericHRESULT(h)
	}
	return out
}

// isGenericHRESULT reports whether name is one of genericHRESULTs.
func isGenericHRESULT(name string) bool {
	for _, h := range genericHRESULTs {
		if h.Name == name {
			return true
		}
	}
	return false
}
