// Package archtest runs generated wrappers as code of other architectures,
// under qemu-user, against C compiled by gcc for that architecture: the
// independent check of the calling conventions the generator implements for
// windows/arm64 (gen/abi.go), which no Windows here can run.
//
// Windows on arm64 follows AAPCS64 for the calls COM makes (non-variadic, no
// C++ return rules beyond the hidden result pointer the wrappers pass
// themselves), as Linux on arm64 does; so the generated wrappers and the
// runtime's floating-point trampoline (floatcall_windows_arm64.s) are
// compiled for linux/arm64 with a C object built by aarch64-linux-gnu-gcc,
// and qemu-aarch64 runs the test. The package's test (TestFloatCallsARM64)
// builds the harness in a temporary module; see testdata/harness.
//
// 386 is compiled and vetted the same way (i686-linux-gnu-gcc, the x87
// trampoline and stdcall methods) but not run: Go's linux/386 programs crash
// at startup under qemu-i386 (Debian 12's 7.2: the runtime's threads), and
// this machine's kernel cannot run 32-bit code itself.
package archtest
