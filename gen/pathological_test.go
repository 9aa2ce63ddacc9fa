package gen_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/comgen/comgen/gen"
	"github.com/comgen/comgen/idl"
	"github.com/comgen/comgen/idl/idltest"
)

// Shapes no real IDL has, at sizes well beyond it (real inheritance chains
// are a few levels deep, typedef chains a few typedefs long): generation
// completes, in time that the benchmarks below show grows with the input
// (the chain's output itself grows with n^2: each interface's QueryInterface
// answers all its bases).

// inheritanceChain declares I0 : IUnknown, I1 : I0, ... I(n-1), one method each.
func inheritanceChain(n int) string {
	var b strings.Builder
	b.WriteString("import \"unknwn.idl\";\n")
	base := "IUnknown"
	for i := range n {
		fmt.Fprintf(&b, "[object, uuid(11111111-2222-3333-4444-%012x)] interface I%d : %s { HRESULT M%d([in] long a); }\n", i, i, base, i)
		base = fmt.Sprintf("I%d", i)
	}
	return b.String()
}

// typedefChain declares typedef int T0; typedef T0 T1; ... T(n-1), and a
// struct with a field of the last.
func typedefChain(n int) string {
	var b strings.Builder
	b.WriteString("typedef int T0;\n")
	for i := 1; i < n; i++ {
		fmt.Fprintf(&b, "typedef T%d T%d;\n", i-1, i)
	}
	fmt.Fprintf(&b, "typedef struct S { T%d last; } S;\n", n-1)
	return b.String()
}

func generateSource(t testing.TB, src string) []gen.File {
	t.Helper()
	fsys := fstest.MapFS{"test.idl": {Data: []byte(src)}}
	prog, err := idl.LoadFS(idl.Config{Dirs: []idl.Dir{idl.Builtin}}, idl.Dir{FS: fsys}, "test.idl")
	if err != nil {
		t.Fatal(err)
	}
	files, err := gen.Generate(prog, gen.Options{Package: "x", Inputs: []string{"test.idl"}})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// TestPathologicalSizes: a 1,000-level inheritance chain (the server stubs
// asked each interface's bases again for every derived one, n^3: it did not
// finish in a minute) and 100,000 chained typedefs (each typedef's Go type
// was checked through the whole chain before it, n^2: it did not finish).
func TestPathologicalSizes(t *testing.T) {
	if testing.Short() {
		t.Skip("generates two large packages")
	}
	files := generateSource(t, inheritanceChain(1000))
	if !containsFile(files, "NewI999(impl I999Impl) *I999") {
		t.Error("I999 has no Go COM object")
	}
	files = generateSource(t, typedefChain(100000))
	if !containsFile(files, "type T99999 = T99998") || !containsFile(files, "Last T99999") {
		t.Error("the last typedef is missing")
	}
}

func containsFile(files []gen.File, text string) bool {
	for _, f := range files {
		if strings.Contains(string(f.Src), text) {
			return true
		}
	}
	return false
}

func BenchmarkInheritanceChain(b *testing.B) {
	for _, n := range []int{100, 200, 400} {
		src := inheritanceChain(n)
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			for b.Loop() {
				generateSource(b, src)
			}
		})
	}
}

func BenchmarkTypedefChain(b *testing.B) {
	for _, n := range []int{1000, 10000, 100000} {
		src := typedefChain(n)
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			for b.Loop() {
				generateSource(b, src)
			}
		})
	}
}

// BenchmarkTypeCheck measures the last line of defence (Options.TypeCheck)
// on out/wbemcli's generation and on two large Wine inputs: generation
// without it ("generate") and with it ("checked").
func BenchmarkTypeCheck(b *testing.B) {
	type input struct {
		name string
		load func() (*idl.Program, error)
	}
	inputs := []input{{"wbemcli", func() (*idl.Program, error) {
		return idl.LoadFS(idl.Config{Dirs: []idl.Dir{idl.Builtin}}, idl.Builtin, "wbemcli.idl")
	}}}
	for _, f := range []string{"objidl.idl", "shobjidl.idl"} {
		path := filepath.Join(idltest.WineIDLDir, f)
		if _, err := os.Stat(path); err == nil {
			inputs = append(inputs, input{f, func() (*idl.Program, error) { return idl.Load(wineConfig(nil), path) }})
		}
	}
	for _, in := range inputs {
		prog, err := in.load()
		if err != nil {
			b.Fatal(err)
		}
		for _, check := range []bool{false, true} {
			name := in.name + "/generate"
			if check {
				name = in.name + "/checked"
			}
			b.Run(name, func(b *testing.B) {
				for b.Loop() {
					if _, err := gen.Generate(prog, gen.Options{Package: "x", Inputs: []string{in.name}, TypeCheck: check}); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
