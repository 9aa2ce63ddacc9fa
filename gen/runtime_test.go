package gen

import (
	"go/ast"
	"go/parser"
	"go/token"
	"testing"

	"github.com/comgen/comgen/idl"
)

// TestRuntimeNamesDeclared checks that every runtime name generated code
// refers to (runtimeNames, rtHelpers) is declared at the top level of the
// runtime support files of a package with Go COM objects (or in the files the
// generator always adds: layout_check.go, hresult_names.go).
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
	tfiles, err := g.templateFiles()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range tfiles {
		fromTemplates[f.Name] = true
	}
	declared := map[string]bool{}
	fset := token.NewFileSet()
	for _, f := range files {
		if !fromTemplates[f.Name] && f.Name != "layout_check.go" && f.Name != "hresult_names.go" {
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
	if len(fromTemplates) < 5 {
		t.Fatalf("only %d runtime files generated", len(fromTemplates))
	}
	for _, list := range [][]string{runtimeNames, rtHelpers} {
		for _, n := range list {
			if !declared[n] {
				t.Errorf("%s is named by the generator but not declared by the runtime support", n)
			}
		}
	}
	for _, n := range []string{rtHRESULTNames, rtClsctxInproc, rtClsctxLocal, rtEUnexpected, rtENotImpl} {
		if !declared[n] {
			t.Errorf("%s is not declared by the runtime support or hresult_names.go", n)
		}
	}
}
