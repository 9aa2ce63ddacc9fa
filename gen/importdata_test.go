package gen

import (
	"bytes"
	"flag"
	"fmt"
	"go/parser"
	"go/token"
	"go/types"
	"io/fs"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/comgen/comgen/templates"

	"golang.org/x/tools/go/gcexportdata"
	"golang.org/x/tools/go/packages"
)

var updateImportData = flag.Bool("update-importdata", false, "rewrite importdata.bin from the packages the generated code imports")

// importDataSource renders importdata.bin: each of importDataPackages,
// those it imports first, as "path\nsize\n" and its export data (without
// positions: the data is the same on every machine), for windows/amd64.
func importDataSource(t *testing.T) []byte {
	cfg := &packages.Config{
		Mode: packages.NeedName | packages.NeedImports | packages.NeedDeps | packages.NeedTypes,
		Env:  append(os.Environ(), "GOOS="+checkTarget.GOOS, "GOARCH="+checkTarget.GOARCH, "CGO_ENABLED=0"),
	}
	pkgs, err := packages.Load(cfg, importDataPackages...)
	if err != nil {
		t.Fatal(err)
	}
	byPath := map[string]*packages.Package{}
	packages.Visit(pkgs, nil, func(p *packages.Package) { byPath[p.PkgPath] = p })
	var order []string
	seen := map[string]bool{}
	var visit func(p *packages.Package)
	visit = func(p *packages.Package) {
		if seen[p.PkgPath] {
			return
		}
		seen[p.PkgPath] = true
		for _, d := range slices.Sorted(func(yield func(string) bool) {
			for k := range p.Imports {
				if !yield(k) {
					return
				}
			}
		}) {
			visit(p.Imports[d])
		}
		if slices.Contains(importDataPackages, p.PkgPath) {
			order = append(order, p.PkgPath)
		}
	}
	for _, p := range importDataPackages {
		if byPath[p] == nil || len(byPath[p].Errors) > 0 {
			t.Fatalf("%s did not load: %v", p, byPath[p])
		}
		visit(byPath[p])
	}
	var out bytes.Buffer
	for _, p := range order {
		var data bytes.Buffer
		if err := gcexportdata.Write(&data, token.NewFileSet(), byPath[p].Types); err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		fmt.Fprintf(&out, "%s\n%d\n", p, data.Len())
		out.Write(data.Bytes())
	}
	return out.Bytes()
}

// TestImportData checks that importdata.bin holds the export data of the
// packages generated code imports as this Go and golang.org/x/sys give
// them, and that every one of them reads back complete.
func TestImportData(t *testing.T) {
	t.Parallel()
	src := importDataSource(t)
	if *updateImportData {
		if err := os.WriteFile("importdata.bin", src, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if !bytes.Equal(src, importData) {
		t.Errorf("importdata.bin is not the export data of this Go and golang.org/x/sys: go test ./gen -run TestImportData -update-importdata")
	}
	std, err := imported()
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range importDataPackages {
		if pkg := std[p]; pkg == nil || !pkg.Complete() {
			t.Errorf("%s: not in importdata.bin", p)
		}
	}
	// Every package the templates' Go files import (tests aside), with
	// every feature on, is there.
	names, err := fs.Glob(templates.FS, "*.go.tmpl")
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range names {
		if strings.HasSuffix(n, "_test.go.tmpl") {
			continue
		}
		tmpl, err := parsedTemplate(n)
		if err != nil {
			t.Fatal(err)
		}
		for _, rt := range []string{"", "example.com/com"} {
			data := TemplateData{Package: "p", HasIUnknown: true, HasServers: true, Server: "IX", ServerIIDs: []string{"IID_IX"},
				Extras: allExtras(), Runtime: rt, RuntimeAlias: "com", WriteRuntime: rt == "", rtName: func(n string) string { return n }}
			var b bytes.Buffer
			if err := tmpl.Execute(&b, data); err != nil {
				t.Fatalf("%s: %v", n, err)
			}
			f, err := parser.ParseFile(token.NewFileSet(), n, b.Bytes(), parser.ImportsOnly)
			if err != nil {
				t.Fatalf("%s: %v", n, err)
			}
			for _, im := range f.Imports {
				p, _ := strconv.Unquote(im.Path.Value)
				if p != "unsafe" && p != xsysWindowsPath && p != rt && !slices.Contains(importDataPackages, p) {
					t.Errorf("%s imports %s, which importDataPackages lacks: add it, then go test ./gen -run TestImportData -update-importdata", n, p)
				}
			}
		}
	}
}

// TestXSysWindowsStandIn holds xsysWindows, what the type check knows of
// golang.org/x/sys/windows, to the real package: each of its names is
// declared there with the same type, the same fields and methods.
func TestXSysWindowsStandIn(t *testing.T) {
	t.Parallel()
	cfg := &packages.Config{
		Mode: packages.NeedName | packages.NeedTypes,
		Env:  append(os.Environ(), "GOOS="+checkTarget.GOOS, "GOARCH="+checkTarget.GOARCH, "CGO_ENABLED=0"),
	}
	pkgs, err := packages.Load(cfg, xsysWindowsPath)
	if err != nil || len(pkgs) != 1 || pkgs[0].Types == nil {
		t.Fatalf("loading %s: %v", xsysWindowsPath, err)
	}
	real := pkgs[0].Types
	si, err := standIns()
	if err != nil {
		t.Fatal(err)
	}
	stand := si[xsysWindowsPath]
	qual := func(p *types.Package) string { return p.Name() }
	for _, name := range stand.Scope().Names() {
		obj, robj := stand.Scope().Lookup(name), real.Scope().Lookup(name)
		if robj == nil {
			t.Errorf("%s is not declared by %s", name, xsysWindowsPath)
			continue
		}
		tn, ok := obj.(*types.TypeName)
		if !ok {
			if got, want := types.ObjectString(obj, qual), types.ObjectString(robj, qual); got != want {
				t.Errorf("stand-in %s, real %s", got, want)
			}
			continue
		}
		if _, ok := robj.(*types.TypeName); !ok {
			t.Errorf("%s is a type in the stand-in, not in %s", name, xsysWindowsPath)
			continue
		}
		named, rnamed := tn.Type().(*types.Named), robj.Type().(*types.Named)
		if st, ok := named.Underlying().(*types.Struct); ok {
			rst := rnamed.Underlying().(*types.Struct)
			for i := range st.NumFields() {
				f := st.Field(i)
				found := false
				for j := range rst.NumFields() {
					found = found || rst.Field(j).Name() == f.Name() && types.TypeString(rst.Field(j).Type(), qual) == types.TypeString(f.Type(), qual)
				}
				if !found {
					t.Errorf("%s.%s: no such field in %s", name, f.Name(), xsysWindowsPath)
				}
			}
		}
		for i := range named.NumMethods() {
			m := named.Method(i)
			rm, _, _ := types.LookupFieldOrMethod(types.NewPointer(rnamed), false, real, m.Name())
			if rm == nil || types.ObjectString(rm, qual) != types.ObjectString(m, qual) {
				t.Errorf("method %s: real %v", types.ObjectString(m, qual), rm)
			}
		}
	}
}
