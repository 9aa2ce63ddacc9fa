//go:build arm64 || 386

package floats

// ServerStub points the generated float stub of method (an IFloats method
// name) for this architecture at the C function target, in place of a Go
// callback, and returns the stub's address: the vtable entry Windows would
// call. It returns 0 when the method has no stub here. StubIndex (written by the
// test driver from the stubs' comments) maps the names to stub numbers.
func ServerStub(method string, target uintptr) uintptr {
	k, ok := StubIndex[method]
	if !ok || floatStubAddrs[k] == nil {
		return 0
	}
	floatTargets[k] = target
	return floatStubAddrs[k]()
}
