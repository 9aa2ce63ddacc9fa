// Package idltest has helpers for tests that read files installed by Debian
// packages (Wine's IDL, mingw-w64's headers): they skip when the file is
// missing, except under CI=true, where a missing file fails the test.
package idltest

import (
	"os"
	"testing"
)

// WineIDLDir is where Debian's libwine-dev installs Wine's IDL files.
const WineIDLDir = "/usr/include/wine/wine/windows"

// MingwIncludeDir is where Debian's mingw-w64-x86-64-dev installs the headers.
const MingwIncludeDir = "/usr/share/mingw-w64/include"

// Require skips (or, under CI=true, fails) t unless path exists.
func Require(t testing.TB, path, debianPackage string) {
	t.Helper()
	if _, err := os.Stat(path); err == nil {
		return
	}
	msg := path + " is missing: install the Debian package " + debianPackage + " (.ci/install-deps does)"
	if os.Getenv("CI") == "true" {
		t.Fatal(msg)
	}
	t.Skip(msg)
}
