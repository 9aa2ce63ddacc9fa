package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestDiagnostics runs the command on malformed IDL: each input must give
// exactly one line on stderr, file:line:col: what was expected, and exit 1.
func TestDiagnostics(t *testing.T) {
	const imp = "import \"unknwn.idl\";\n"
	const iface = "[object, uuid(12345678-1234-1234-1234-123456789012)] interface I : IUnknown {\n"
	tests := []struct {
		name, src, want string // want: the message after "bad.idl:"
	}{
		{"unterminated comment", imp + "/* never closed\n", "2:1: comment not terminated: expected */ before end of file"},
		{"unterminated string", imp + "cpp_quote(\"abc\n);", "2:11: string literal not terminated: expected \" before end of line"},
		{"missing semicolon", imp + "typedef long A\ntypedef long B;", "3:1: expected ';', found identifier \"typedef\""},
		{"unknown type", imp + "typedef FOO *PFOO;", "2:9: unknown type FOO"},
		{"bad uuid", imp + "[object, uuid(1234)] interface I : IUnknown {}", "2:15: uuid of interface I: expected a uuid such as 8BC3F05E-D86B-11D0-A075-00C04FB68820"},
		{"uuid arguments", imp + "[object, uuid(1, 2)] interface I : IUnknown { }", "2:10: uuid of interface I: expected one argument, found 2"},
		{"duplicate method", imp + iface + " HRESULT A();\n HRESULT A();\n}", "4:10: method A already declared at BAD:3:10"},
		{"cyclic inheritance", imp + "[object, uuid(12345678-1234-1234-1234-123456789012)] interface A : B { }\n[object, uuid(12345678-1234-1234-1234-123456789013)] interface B : A { }", "3:68: interface B inherits from itself (cyclic inheritance through A)"},
		{"missing import", "import \"nothere.idl\";", "1:8: cannot find imported file \"nothere.idl\" (searched DIR, <builtin>)"},
		{"unknown base", imp + "[object, uuid(12345678-1234-1234-1234-123456789012)] interface I : INope { }", "2:68: unknown base interface INope of I"},
		{"wrong attribute arguments", imp + "[object, uuid(12345678-1234-1234-1234-123456789012), pointer_default(]\ninterface I : IUnknown { }", "2:70: expected expression, found ']'"},
		{"missing brace", imp + iface + " HRESULT A();\n", "4:1: expected '}', found end of file"},
		{"stray character", imp + "typedef long A; @", "2:17: invalid character '@'"},
		{"unterminated if", imp + "#ifdef X\ntypedef long A;", "2:1: unterminated conditional: expected #endif before end of file"},
	}
	dir := t.TempDir()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			bad := filepath.Join(dir, strings.ReplaceAll(tt.name, " ", "_")+".idl")
			if err := os.WriteFile(bad, []byte(tt.src), 0o644); err != nil {
				t.Fatal(err)
			}
			var stdout, stderr bytes.Buffer
			// -I keeps the search path independent of the IDL this machine has.
			code := run([]string{"-I", dir, "-o", filepath.Join(dir, "out"), "-pkg", "x", bad}, &stdout, &stderr)
			if code != 1 {
				t.Errorf("exit %d, want 1", code)
			}
			name := filepath.ToSlash(bad)
			want := name + ":" + strings.NewReplacer("BAD", name, "DIR", filepath.ToSlash(dir)).Replace(tt.want)
			lines := strings.Split(strings.TrimRight(stderr.String(), "\n"), "\n")
			if len(lines) != 1 || lines[0] != want {
				t.Errorf("stderr:\n%s\nwant exactly:\n%s", stderr.String(), want)
			}
		})
	}
}
