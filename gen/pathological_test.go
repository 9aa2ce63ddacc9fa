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

// inlineNesting declares the struct S<n> whose last field is an anonymous
// struct whose last field is one, n deep, with an 8-byte member at each
// level (padded on 386) and an array of them at every other level.
func inlineNesting(n int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "typedef struct S%d { long k; ", n)
	for i := range n {
		fmt.Fprintf(&b, "struct { long a%d; hyper b%d; ", i, i)
	}
	for i := n - 1; i >= 0; i-- {
		if i%2 == 0 {
			fmt.Fprintf(&b, "} f%d; ", i)
		} else {
			fmt.Fprintf(&b, "} f%d[2]; ", i)
		}
	}
	fmt.Fprintf(&b, "} S%d;\n", n)
	return b.String()
}

// TestInlineNesting: anonymous structs nested 400 deep. A struct's plan
// asked for the plan of the struct inside it twice per level, and go/types
// (comgen's check, go vet) sizes an anonymous struct type afresh each time,
// twice per level when it is the last field: 18 levels took 5 s, 30 did
// not finish in a minute. Structs nested deeper than comgen declares (8,
// against 2 in Wine's and the SDK's IDL) have no Go layout and say why;
// one 7 deep is declared, type-checked, with its layout checks.
func TestInlineNesting(t *testing.T) {
	src := inlineNesting(7) + inlineNesting(400)
	fsys := fstest.MapFS{"test.idl": {Data: []byte(src)}}
	prog, err := idl.LoadFS(idl.Config{Dirs: []idl.Dir{idl.Builtin}}, idl.Dir{FS: fsys}, "test.idl")
	if err != nil {
		t.Fatal(err)
	}
	files, err := gen.Generate(prog, gen.Options{Package: "x", Inputs: []string{"test.idl"}, TypeCheck: true})
	if err != nil {
		t.Fatal(err)
	}
	if !containsFile(files, "S400 is not generated: struct S400 has no Go layout: field f0: its anonymous structs nest 400 deep, more than the 8 comgen declares") {
		t.Error("S400 is not refused for its nesting")
	}
	if !containsFile(files, "type S7 struct") || !containsFile(files, "// offsetof(S7, f0.f1)") {
		t.Error("S7 is not declared with its layout checks")
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
