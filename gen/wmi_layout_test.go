package gen_test

import (
	"go/ast"
	"go/constant"
	"go/parser"
	"go/token"
	"go/types"
	"testing"

	"github.com/comgen/comgen/gen"
	"github.com/comgen/comgen/idl"
)

// wmiCNames are the C names of what the WMI helper declares with a C
// layout or value (templates/wbem_windows.go.tmpl): COAUTHIDENTITY and
// the constants of CoSetProxyBlanket and CoInitializeSecurity.
var wmiCNames = map[string]string{
	"coAuthIdentity": "COAUTHIDENTITY", "rpcCAuthnDefault": "RPC_C_AUTHN_DEFAULT", "rpcCAuthzDefault": "RPC_C_AUTHZ_DEFAULT",
	"eoacNone": "EOAC_NONE", "secWinNTAuthIdentityUnicode": "SEC_WINNT_AUTH_IDENTITY_UNICODE",
}

// TestWMISecurityLayoutAgainstMingwHeaders holds the WMI helper's
// COAUTHIDENTITY (size and field offsets, as go/types lays the generated
// struct out for windows/amd64 and 386) and its RPC_C_*, EOAC_ and SEC_
// constants to mingw-w64's headers, with _Static_asserts compiled by
// x86_64-w64-mingw32-gcc and i686-w64-mingw32-gcc.
func TestWMISecurityLayoutAgainstMingwHeaders(t *testing.T) {
	t.Parallel()
	prog, err := idl.LoadFS(idl.Config{Dirs: []idl.Dir{idl.Builtin}}, idl.Builtin, "wbemcli.idl")
	if err != nil {
		t.Fatal(err)
	}
	files, err := gen.Generate(prog, gen.Options{Package: "wbemcli", Inputs: []string{"wbemcli.idl"}})
	if err != nil {
		t.Fatal(err)
	}
	var src []byte
	for _, f := range files {
		if f.Name == "wbem_windows.go" {
			src = f.Src
		}
	}
	if src == nil {
		t.Fatal("no wbem_windows.go")
	}
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "wbem_windows.go", src, parser.SkipObjectResolution)
	if err != nil {
		t.Fatal(err)
	}
	// The declarations with a C counterpart, type-checked on their own.
	isolated := &ast.File{Name: ast.NewIdent("p")}
	for _, d := range f.Decls {
		g, ok := d.(*ast.GenDecl)
		if !ok || g.Tok != token.TYPE && g.Tok != token.CONST {
			continue
		}
		var keep []ast.Spec
		for _, s := range g.Specs {
			switch s := s.(type) {
			case *ast.TypeSpec:
				if wmiCNames[s.Name.Name] != "" {
					keep = append(keep, s)
				}
			case *ast.ValueSpec:
				if len(s.Names) == 1 && (wmiCNames[s.Names[0].Name] != "" || len(s.Names[0].Name) > 6 && s.Names[0].Name[:6] == "RPC_C_") {
					keep = append(keep, s)
				}
			}
		}
		if len(keep) > 0 {
			isolated.Decls = append(isolated.Decls, &ast.GenDecl{Tok: g.Tok, Specs: keep})
		}
	}
	facts := map[string]*gen.LayoutFact{}
	var order []string
	for _, arch := range []string{"386", "amd64"} {
		sizes := types.SizesFor("gc", arch)
		pkg, err := (&types.Config{Sizes: sizes}).Check("p", fset, []*ast.File{isolated}, nil)
		if err != nil {
			t.Fatal(err)
		}
		set := func(c string, v int64, enum bool) {
			fa := facts[c]
			if fa == nil {
				fa = &gen.LayoutFact{C: c, IsEnum: enum}
				facts[c] = fa
				order = append(order, c)
			}
			if arch == "386" {
				fa.Want386 = v
			} else {
				fa.Want64 = v
			}
		}
		for _, name := range pkg.Scope().Names() {
			switch o := pkg.Scope().Lookup(name).(type) {
			case *types.TypeName:
				st := o.Type().Underlying().(*types.Struct)
				cname := wmiCNames[name]
				set("sizeof("+cname+")", sizes.Sizeof(st), false)
				var fields []*types.Var
				for i := range st.NumFields() {
					fields = append(fields, st.Field(i))
				}
				for i, off := range sizes.Offsetsof(fields) {
					set("offsetof("+cname+", "+fields[i].Name()+")", off, false)
				}
			case *types.Const:
				cname := wmiCNames[name]
				if cname == "" {
					cname = name
				}
				v, _ := constant.Uint64Val(o.Val())
				set(cname, int64(uint32(v)), true)
			}
		}
	}
	if len(order) < 16 {
		t.Fatalf("only %d facts: %v", len(order), order)
	}
	var list []gen.LayoutFact
	for _, c := range order {
		list = append(list, *facts[c])
	}
	for _, c := range mingwCompilers {
		t.Run(c.arch, func(t *testing.T) {
			cc := mingwCC(t, c.cc, c.pkg)
			checked, missing, wrong := compileFacts(t, cc, precompiled{}, "wtypes.h rpcdce.h objidl.h", list)
			if len(missing) > 0 || len(wrong) > 0 {
				t.Errorf("%s: not in the headers %v; disagreeing %v", c.arch, missing, wrong)
			}
			t.Logf("%s: %d facts agree with mingw-w64", c.arch, checked)
		})
	}
}
