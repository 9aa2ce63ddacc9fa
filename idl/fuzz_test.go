package idl

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

func addSeeds(f *testing.F) {
	f.Add([]byte("import \"unknwn.idl\";\n[object, uuid(12345678-1234-1234-1234-123456789012)] interface I : IUnknown { HRESULT A([in] long x); }"))
	f.Add([]byte("#define X 1\n#if X\ntypedef enum { A = X << 2 } E;\n#endif\n"))
	// IDL-only declarations and packing.
	f.Add([]byte("cpp_quote(\"#if 0\")\ntypedef struct { int dummy; } P;\ncpp_quote(\"#else\")\ncpp_quote(\"#endif\")\n" +
		"#pragma pack(push, 2)\ntypedef struct { char c; long l; } Q;\n#pragma pack(pop)\n#pragma pack(4)\nstruct R { P *p; Q q; };\n"))
	// Bit-fields, with widths C rejects among them.
	f.Add([]byte("typedef enum E { A = -1 } E;\ntypedef struct { long a : 3, : 0; E e : 2; unsigned char b : 9; hyper h : 64; long : -1; char c : (1 << 62) * 4; } B;\n" +
		"typedef union { short s : 0x10; char : 0; } U;\n"))
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

// notSlow fails an input that took seconds: the front end must stay fast on
// any input (a quadratic path or an exploding macro is a bug), and a failure
// makes the fuzzer keep the input in testdata/fuzz.
func notSlow(t *testing.T, start time.Time) {
	if d := time.Since(start); d > 3*time.Second {
		t.Fatalf("input took %v", d)
	}
}

// FuzzLex checks that the lexer ends every input with EOF and never panics.
func FuzzLex(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, src []byte) {
		defer notSlow(t, time.Now())
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
		defer notSlow(t, time.Now())
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

// FuzzParse runs the parser alone on the lexer's tokens (no preprocessing, no
// imports), so that its recovery paths see inputs FuzzLoad's checker would
// stop before.
func FuzzParse(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, src []byte) {
		defer notSlow(t, time.Now())
		var errs ErrorList
		toks := Lex("f.idl", src, &errs)
		file := Parse("f.idl", toks, &errs)
		if file == nil {
			t.Fatal("Parse returned no file")
		}
		for _, e := range errs {
			if e.Pos.File == "" {
				t.Fatalf("error without position: %v", e)
			}
		}
	})
}
