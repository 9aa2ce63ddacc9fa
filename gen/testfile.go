package gen

import (
	"go/ast"
	"go/token"
	"strconv"

	"github.com/dave/jennifer/jen"
)

// TestFile is the one test file of the package's own facts that every
// generated package carries (unless Options.NoTests): the mapping of each
// HRESULT it names (hresultTests) and its layout checks (layoutChecks),
// table-driven, built for windows and every other OS on 386, amd64 and
// arm64. The runtime support's own tests, the same fixed text in every
// package that carries the runtime (Windows only: they call oleaut32 and
// make Go COM objects), are runtime_windows_test.go, a template.
const TestFile = "generated_test.go"

// testFile renders TestFile, or nil when the package names no HRESULT and
// has no layout fact to check.
func (g *generator) testFile() *jen.File {
	f := g.newFileFor("386 || amd64 || arm64")
	hr := g.hresultTests(f)
	layout := g.layoutChecks(f)
	if !hr && !layout {
		return nil
	}
	return f
}

// testFileLayout returns what comgen's type check of a package
// (Options.TypeCheck, which leaves tests out: it has no testing package to
// import) checks of the parsed TestFile f: the layout checks, their
// constants and the unsafe import they use. A layout fact the Go types
// break is then an error of Generate, as the go command's would be in go
// vet or go test. f is not changed (it is printed meanwhile): the result
// shares its declarations.
func testFileLayout(f *ast.File) *ast.File {
	var decls []ast.Decl
	for _, d := range f.Decls {
		switch d := d.(type) {
		case *ast.GenDecl:
			switch d.Tok {
			case token.IMPORT:
				var specs []ast.Spec
				for _, s := range d.Specs {
					if p, _ := strconv.Unquote(s.(*ast.ImportSpec).Path.Value); p == pkgUnsafe {
						specs = append(specs, s)
					}
				}
				if len(specs) > 0 {
					imp := *d
					imp.Specs = specs
					decls = append(decls, &imp)
				}
			case token.CONST:
				decls = append(decls, d)
			}
		case *ast.FuncDecl:
			if d.Name.Name == "_" {
				decls = append(decls, d)
			}
		}
	}
	t := *f
	t.Decls = decls
	t.Imports = nil
	return &t
}
