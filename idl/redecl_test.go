package idl

import (
	"strings"
	"testing"
	"testing/fstest"
)

// TestRedeclarationAcrossFiles: a name two files declare is one declaration
// when both say the same (a file read twice under two names, a repeated
// typedef), and an error naming both positions when they differ. Before,
// the second was dropped without a word (exit 0, an interface's other
// methods gone).
func TestRedeclarationAcrossFiles(t *testing.T) {
	const a = base + `[object, uuid(11111111-2222-3333-4444-555555555501)]
interface IDup : IUnknown { HRESULT Open([in] long n); }
typedef struct S { int a; } S;
typedef enum E { E_A = 1 } E;
typedef int T;
const int K = 1;
[uuid(11111111-2222-3333-4444-555555555509)] coclass C { interface IDup; }
`
	differ := map[string]string{
		"interface": `[object, uuid(11111111-2222-3333-4444-555555555501)]
interface IDup : IUnknown { HRESULT Close([in] long n); }
`,
		"interface parameter": `[object, uuid(11111111-2222-3333-4444-555555555501)]
interface IDup : IUnknown { HRESULT Open([out] long *n); }
`,
		"interface uuid": `[object, uuid(11111111-2222-3333-4444-555555555502)]
interface IDup : IUnknown { HRESULT Open([in] long n); }
`,
		"struct":   "typedef struct S { double b; } S;\n",
		"enum":     "typedef enum E { E_A = 2 } E;\n",
		"typedef":  "typedef long *T;\n",
		"constant": "const int K = 2;\n",
		"coclass":  "[uuid(11111111-2222-3333-4444-55555555550a)] coclass C { interface IDup; }\n",
	}
	want := map[string]string{
		"interface":           "b.idl:3:1: interface IDup declared differently at a.idl:3:1: method Close: in the place of Open",
		"interface parameter": "b.idl:3:1: interface IDup declared differently at a.idl:3:1: method Open: parameter 1 differs",
		"interface uuid":      "b.idl:3:1: interface IDup declared differently at a.idl:3:1: another uuid",
		"struct":              "b.idl:2:9: struct S declared differently at a.idl:4:9: field b differs",
		"enum":                "b.idl:2:9: enum E declared differently at a.idl:5:9: enumerator E_A = 2",
		"typedef":             "b.idl:2:15: typedef T declared differently at a.idl:6:13: another type",
		"constant":            "b.idl:2:1: constant K declared differently at a.idl:7:1: value 2, not 1",
		"coclass":             "b.idl:2:46: coclass C declared differently at a.idl:8:46: another uuid",
	}
	for name, b := range differ {
		// As two inputs, and as two imports of a third file.
		for _, root := range []string{"", "main.idl"} {
			files := map[string]string{"a.idl": a, "b.idl": base + b, "main.idl": "import \"a.idl\";\nimport \"b.idl\";\n"}
			var err error
			if root == "" {
				_, err = loadRoots(t, files, "a.idl", "b.idl")
			} else {
				_, err = load(t, files)
			}
			if err == nil || !strings.Contains(err.Error(), want[name]) {
				t.Errorf("%s (root %q): error %v\nwant %q", name, root, err, want[name])
			}
		}
	}
	// The same declarations: one of each, no error.
	same := base + `[object, uuid(11111111-2222-3333-4444-555555555501)]
interface IDup : IUnknown { HRESULT Open([in] LONG count); }
typedef struct S { INT a; } S;
typedef enum E { E_A = 0 + 1 } E;
typedef INT T;
const long K = 1;
`
	for _, b := range []string{a, same} {
		p, err := loadRoots(t, map[string]string{"a.idl": a, "b.idl": b}, "a.idl", "b.idl")
		if err != nil {
			t.Fatalf("the same declarations: %v", err)
		}
		if n := len(p.Scope["IDup"].(*IfaceInfo).Methods); n != 1 {
			t.Errorf("IDup has %d methods", n)
		}
	}
	// A declaration for MIDL only (inside cpp_quote("#if 0")) is not the
	// one C reads: msctf.idl's typedef UINT_PTR HKL beside wtypes.idl's handle.
	idlOnly := base + "cpp_quote(\"#if 0\")\ntypedef long *T;\ncpp_quote(\"#endif\")\n"
	if _, err := loadRoots(t, map[string]string{"a.idl": a, "b.idl": idlOnly}, "a.idl", "b.idl"); err != nil {
		t.Errorf("an IDL-only typedef: %v", err)
	}
}

// loadRoots loads several root files from the in-memory tree files.
func loadRoots(t testing.TB, files map[string]string, roots ...string) (*Program, error) {
	t.Helper()
	fsys := fstest.MapFS{}
	for name, src := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(src)}
	}
	return LoadFS(Config{Dirs: []Dir{Builtin}}, Dir{Name: "", FS: fsys}, roots...)
}
