package idl

import (
	"os"
	"path/filepath"
	"testing"
)

func addSeeds(f *testing.F) {
	f.Add([]byte("import \"unknwn.idl\";\n[object, uuid(12345678-1234-1234-1234-123456789012)] interface I : IUnknown { HRESULT A([in] long x); }"))
	f.Add([]byte("#define X 1\n#if X\ntypedef enum { A = X << 2 } E;\n#endif\n"))
	if b, err := builtinFS.ReadFile("builtin/wbemcli.idl"); err == nil {
		f.Add(b)
	}
	// Real IDL from Debian's libwine-dev, when installed, seeds the corpus.
	matches, _ := filepath.Glob("/usr/include/wine/wine/windows/*.idl")
	for i, m := range matches {
		if i%10 != 0 {
			continue
		}
		if b, err := os.ReadFile(m); err == nil && len(b) < 64<<10 {
			f.Add(b)
		}
	}
}

// FuzzLex checks that the lexer ends every input with EOF and never panics.
func FuzzLex(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, src []byte) {
		var errs ErrorList
		toks := Lex("f.idl", src, &errs)
		if len(toks) == 0 || toks[len(toks)-1].Kind != EOF {
			t.Fatal("token stream does not end in EOF")
		}
	})
}

// FuzzLoad runs the preprocessor, parser and checker on arbitrary input: any
// result is fine, a panic is not, and every error must carry a position.
func FuzzLoad(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, src []byte) {
		_, err := load(t, map[string]string{"main.idl": string(src)})
		if list, ok := err.(ErrorList); ok {
			for _, e := range list {
				if !e.Pos.IsValid() && e.Pos.File == "" {
					t.Fatalf("error without position: %v", e)
				}
			}
		}
	})
}
