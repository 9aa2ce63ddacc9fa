package gen

import (
	"go/ast"
	"go/parser"
	"go/token"
	"strings"
	"testing"

	"github.com/comgen/comgen/idl"
)

// TestRuntimeNamesDeclared checks that every runtime name generated code
// refers to (runtimeNames, rtHelpers) is declared at the top level of the
// runtime support files of a package with Go COM objects (or in the files the
// generator always adds: generated_test.go, hresult_names.go).
func TestRuntimeNamesDeclared(t *testing.T) {
	prog, err := idl.LoadFS(idl.Config{Dirs: []idl.Dir{idl.Builtin}}, idl.Builtin, "wbemcli.idl")
	if err != nil {
		t.Fatal(err)
	}
	files, err := Generate(prog, Options{Package: "wbemcli", Inputs: []string{"wbemcli.idl"}})
	if err != nil {
		t.Fatal(err)
	}
	fromTemplates := map[string]bool{}
	g, err := newGenerator(prog, Options{Package: "wbemcli", Inputs: []string{"wbemcli.idl"}})
	if err != nil {
		t.Fatal(err)
	}
	g.feat.floatCalls = true // with the floating-point calls, which wbemcli's wrappers do not make
	tfiles, err := g.templateFiles()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range tfiles {
		fromTemplates[f.Name] = true
	}
	declared := topLevel(t, append(files, tfiles...), func(name string) bool {
		return fromTemplates[name] || name == TestFile || name == "hresult_names.go"
	})
	if len(fromTemplates) < 5 {
		t.Fatalf("only %d runtime files generated", len(fromTemplates))
	}
	for _, list := range [][]string{runtimeNames, rtHelpers, wmiHelperNames} {
		for _, n := range list {
			if !declared[n] {
				t.Errorf("%s is named by the generator but not declared by the runtime support", n)
			}
		}
	}
	// The other way round: every exported name the fixed runtime files
	// declare is one IDL declarations must not take (checkCollisions),
	// or WTypes.Idl's VT_EMPTY would be declared twice.
	listed := map[string]bool{}
	for _, n := range runtimeNames {
		listed[n] = true
	}
	fixed := topLevel(t, files, func(name string) bool {
		return fromTemplates[name] && name != "wbem_windows.go" && !strings.HasSuffix(name, "_test.go")
	})
	for n := range fixed {
		if token.IsExported(n) && !listed[n] {
			t.Errorf("the runtime support declares %s, which runtimeNames does not list", n)
		}
	}
	for _, n := range []string{rtHRESULTNames, rtClsctxInproc, rtClsctxLocal, rtEUnexpected, rtENotImpl, rtEInvalidArg, rtEOutOfMemory, rtDispEException} {
		if !declared[n] {
			t.Errorf("%s is not declared by the runtime support or hresult_names.go", n)
		}
	}
}

// TestRuntimePackageExports checks that a shared runtime package
// (WriteRuntime) declares every name packages that use it refer to: the
// exported runtime names, each helper under its exported name, and
// IUnknown; and that the helpers are not declared under their unexported
// names as well.
func TestRuntimePackageExports(t *testing.T) {
	prog, err := idl.LoadFS(idl.Config{Dirs: []idl.Dir{idl.Builtin}}, idl.Builtin, "unknwn.idl")
	if err != nil {
		t.Fatal(err)
	}
	files, err := Generate(prog, Options{Package: "com", Inputs: []string{"unknwn.idl"}, WriteRuntime: true})
	if err != nil {
		t.Fatal(err)
	}
	declared := topLevel(t, files, func(string) bool { return true })
	for _, n := range append(runtimeNames, rtIUnknown, rtRegisterHRESULTNames, rtEUnexpected, rtENotImpl, rtEInvalidArg, rtEOutOfMemory, rtDispEException, rtClsctxInproc, rtClsctxLocal) {
		if (n == layoutOn64 || n == layoutOn386) || declared[n] {
			continue
		}
		t.Errorf("the runtime package does not declare %s", n)
	}
	for _, n := range rtHelpers {
		x, ok := rtExported[n]
		if !ok {
			t.Errorf("helper %s has no exported name in rtExported", n)
			continue
		}
		if !declared[x] {
			t.Errorf("the runtime package does not declare %s (helper %s)", x, n)
		}
		if declared[n] {
			t.Errorf("the runtime package declares helper %s under its unexported name", n)
		}
	}
}

// topLevel returns the top-level names (not methods) declared in the files
// keep accepts.
func topLevel(t *testing.T, files []File, keep func(string) bool) map[string]bool {
	t.Helper()
	declared := map[string]bool{}
	fset := token.NewFileSet()
	for _, f := range files {
		if !keep(f.Name) || !strings.HasSuffix(f.Name, ".go") {
			continue
		}
		af, err := parser.ParseFile(fset, f.Name, f.Src, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range af.Decls {
			switch d := d.(type) {
			case *ast.FuncDecl:
				if d.Recv == nil {
					declared[d.Name.Name] = true
				}
			case *ast.GenDecl:
				for _, s := range d.Specs {
					switch s := s.(type) {
					case *ast.TypeSpec:
						declared[s.Name.Name] = true
					case *ast.ValueSpec:
						for _, n := range s.Names {
							declared[n.Name] = true
						}
					}
				}
			}
		}
	}
	return declared
}
