package winetest

import (
	"fmt"
	"go/ast"
	"go/types"
	"os"
	"path/filepath"
	"slices"
	"strconv"

	"golang.org/x/tools/go/packages"
)

// UnsafeUses type-checks the package in dir with its tests, as built for
// windows/amd64, and reports in the files named (base names) every import of
// "unsafe" and every conversion of an unsafe.Pointer value to another type:
// what a program on the generated bindings must not need. A report is
// "file:line:col: what".
func UnsafeUses(dir string, files ...string) ([]string, error) {
	cfg := &packages.Config{
		Mode:  packages.NeedName | packages.NeedFiles | packages.NeedSyntax | packages.NeedTypes | packages.NeedTypesInfo,
		Dir:   dir,
		Tests: true,
		Env:   append(os.Environ(), "GOOS=windows", "GOARCH=amd64", "CGO_ENABLED=0"),
	}
	pkgs, err := packages.Load(cfg, ".")
	if err != nil {
		return nil, err
	}
	var out []string
	seen := map[string]bool{}
	report := func(p *packages.Package, n ast.Node, what string) {
		s := fmt.Sprintf("%s: %s", p.Fset.Position(n.Pos()), what)
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	found := map[string]bool{}
	for _, p := range pkgs {
		for _, e := range p.Errors {
			return nil, fmt.Errorf("%s: %v", dir, e)
		}
		for _, f := range p.Syntax {
			name := filepath.Base(p.Fset.Position(f.Pos()).Filename)
			if !slices.Contains(files, name) {
				continue
			}
			found[name] = true
			for _, im := range f.Imports {
				if path, _ := strconv.Unquote(im.Path.Value); path == "unsafe" {
					report(p, im, `imports "unsafe"`)
				}
			}
			ast.Inspect(f, func(n ast.Node) bool {
				call, ok := n.(*ast.CallExpr)
				if !ok || len(call.Args) != 1 {
					return true
				}
				if tv, ok := p.TypesInfo.Types[call.Fun]; !ok || !tv.IsType() {
					return true
				}
				if at := p.TypesInfo.TypeOf(call.Args[0]); at != nil && types.Identical(at, types.Typ[types.UnsafePointer]) {
					report(p, call, "converts an unsafe.Pointer to "+types.TypeString(p.TypesInfo.TypeOf(call), nil))
				}
				return true
			})
		}
	}
	for _, f := range files {
		if !found[f] {
			return nil, fmt.Errorf("%s: no file %s in the package or its tests", dir, f)
		}
	}
	return out, nil
}
