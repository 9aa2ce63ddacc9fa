// Package archtest runs generated wrappers as code of other architectures,
// under qemu-user, against C compiled by gcc for that architecture: the
// independent check of the calling conventions the generator implements for
// windows/arm64 and windows/386 (gen/abi.go), which no Windows here can run
// (Wine runs amd64 code only on this machine).
//
// Windows on arm64 follows AAPCS64 for the calls COM makes (non-variadic, no
// C++ return rules beyond the hidden result pointer the wrappers pass
// themselves), as Linux on arm64 does; so the generated wrappers and the
// runtime's floating-point trampoline (floatcall_windows_arm64.s) are
// compiled for linux/arm64 with a C object built by aarch64-linux-gnu-gcc,
// and qemu-aarch64 runs the test. The package's test (TestFloatCallsARM64)
// builds the harness in a temporary module; see testdata/harness.
//
// 386 is run the same way (i686-linux-gnu-gcc, stdcall methods, the x87
// trampoline) under qemu-i386, with the runtime's asynchronous preemption
// off (Go's signals crash it under Debian 12's qemu-i386 otherwise).
package archtest
