package gen

import (
	"bufio"
	"bytes"
	_ "embed"
	"fmt"
	"go/ast"
	"go/build"
	"go/build/constraint"
	"go/parser"
	"go/token"
	"go/types"
	"io"
	"strconv"
	"strings"
	"sync"

	"github.com/comgen/comgen/idl"
	"golang.org/x/tools/go/gcexportdata"
)

// The last line of defence: before comgen writes anything, the package it
// generated is type-checked as the go command would build it for
// windows/amd64 (the files go/build's rules select by name and build line;
// the package's own _test.go files are left out, but for the layout checks
// of its TestFile). A failure is an internal error, reported with the IDL
// declaration the Go came from, and nothing is written: an inconsistency of
// the generator never reaches a user's tree as Go that does not build.
//
// The standard library packages generated code imports are read from
// export data embedded in comgen (importdata.bin, written by go test ./gen
// -run TestImportData -update-importdata), and golang.org/x/sys/windows,
// whose export data is five times theirs, is the part of it generated code
// uses (xsysWindows, which TestImportData holds to the real package): the
// check needs neither the go command nor the module cache (a user's module
// has golang.org/x/sys only after go mod tidy), and reading them costs a
// few milliseconds once per process.

//go:embed importdata.bin
var importData []byte

// importDataPackages are the packages importdata.bin holds: those the
// generated package's own files (not its tests) import, but x/sys/windows.
// TestImportData fails when a template imports another.
var importDataPackages = []string{
	"context", "errors", "fmt", "iter", "maps", "math", "math/big", "os", "reflect", "runtime", "runtime/debug",
	"slices", "strconv", "strings", "sync", "sync/atomic", "syscall", "time", "unicode/utf16",
}

// xsysWindows declares what generated code uses of golang.org/x/sys/windows,
// with the real package's types.
const xsysWindows = `package windows

type LazyDLL struct {
	Name   string
	System bool
}

func NewLazySystemDLL(name string) *LazyDLL
func (d *LazyDLL) NewProc(name string) *LazyProc

type LazyProc struct {
	Name string
}

func (p *LazyProc) Addr() uintptr
`

const xsysWindowsPath = "golang.org/x/sys/windows"

// checkTarget is the target the generated package is checked for.
var checkTarget = windowsTarget("amd64")

// checkTarget386 is the target a package without tests (Options.NoTests) is
// checked for as well: its layout checks are not in the package for go vet
// to compile for 386, so comgen holds the types to them for 386 (whose
// layout is the one that differs: amd64 and arm64 share LLP64 and Go's
// sizes and alignments) before it writes.
var checkTarget386 = windowsTarget("386")

func windowsTarget(goarch string) build.Context {
	ctx := build.Default
	ctx.GOOS, ctx.GOARCH, ctx.CgoEnabled = "windows", goarch, false
	ctx.BuildTags, ctx.ToolTags, ctx.ReleaseTags = nil, nil, build.Default.ReleaseTags
	return ctx
}

// imported reads importData once: the packages by path, sharing one
// FileSet (the export data carries no positions).
var imported = sync.OnceValues(func() (map[string]*types.Package, error) {
	pkgs := map[string]*types.Package{}
	fset := token.NewFileSet()
	r := bufio.NewReader(bytes.NewReader(importData))
	for {
		p, err := r.ReadString('\n')
		if err == io.EOF {
			return pkgs, nil
		}
		if err != nil {
			return nil, err
		}
		n, err := r.ReadString('\n')
		if err != nil {
			return nil, err
		}
		size, err := strconv.Atoi(strings.TrimSpace(n))
		if err != nil {
			return nil, err
		}
		data := make([]byte, size)
		if _, err := io.ReadFull(r, data); err != nil {
			return nil, err
		}
		p = strings.TrimSpace(p)
		if _, err := gcexportdata.Read(bytes.NewReader(data), fset, pkgs, p); err != nil {
			return nil, fmt.Errorf("%s: %v", p, err)
		}
	}
})

// standIns type-checks the stand-in for x/sys/windows once.
var standIns = sync.OnceValues(func() (map[string]*types.Package, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "windows.go", xsysWindows, parser.SkipObjectResolution)
	if err != nil {
		return nil, err
	}
	// Bodiless functions are what they are for: declarations.
	conf := types.Config{Error: func(error) {}}
	pkg, _ := conf.Check(xsysWindowsPath, fset, []*ast.File{f}, nil)
	return map[string]*types.Package{xsysWindowsPath: pkg}, nil
})

// breakForTest, set by tests, changes the files before they are checked
// (the check is for inconsistencies no known input makes).
var breakForTest func([]File) []File

// packageImporter serves the embedded packages, and the extra ones (a
// shared runtime package checked before) by import path.
type packageImporter struct {
	std   map[string]*types.Package
	extra map[string]*types.Package
}

func (im packageImporter) Import(p string) (*types.Package, error) {
	if p == "unsafe" {
		return types.Unsafe, nil
	}
	if pkg := im.extra[p]; pkg != nil {
		return pkg, nil
	}
	if p == xsysWindowsPath {
		si, err := standIns()
		if err != nil {
			return nil, err
		}
		return si[p], nil
	}
	if pkg := im.std[p]; pkg != nil && pkg.Complete() {
		return pkg, nil
	}
	return nil, fmt.Errorf("package %s is not among those comgen checks generated code against", p)
}

// checkedFiles returns the generated Go files the go command builds for
// target, leaving out tests but TestFile (whose layout checks typeCheck
// keeps): by go/build's own rules (file name and //go:build line). A file
// not yet printed (no Src) is judged by the build line go/printer will
// write for its syntax tree (see buildHeader); where that is not plain,
// by its text from formatted.
func checkedFiles(target build.Context, files []File, formatted func() ([]File, error)) ([]File, error) {
	ctx := target
	var out []File
	for _, f := range files {
		if !strings.HasSuffix(f.Name, ".go") || strings.HasSuffix(f.Name, "_test.go") && f.Name != TestFile {
			continue
		}
		src := f.Src
		if src == nil && f.syntax != nil {
			var ok bool
			if src, ok = buildHeader(f.syntax); !ok && formatted != nil {
				text, err := formatted()
				if err != nil {
					return nil, err
				}
				for _, t := range text {
					if t.Name == f.Name {
						src = t.Src
					}
				}
			}
		}
		ctx.OpenFile = func(string) (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(src)), nil }
		if ok, err := ctx.MatchFile(".", f.Name); err == nil && ok {
			out = append(out, f)
		}
	}
	return out, nil
}

// buildHeader is what go/build reads of the file go/printer prints from f:
// the package clause, after the //go:build line when f has one. go/printer
// moves a //go:build comment, wherever it is in the file, above the
// package clause and follows it with a blank line; with several, or a
// // +build line, it merges them: buildHeader does not say (ok is false).
func buildHeader(f *ast.File) (header []byte, ok bool) {
	var lines []string
	for _, cg := range f.Comments {
		for _, c := range cg.List {
			if constraint.IsGoBuild(c.Text) || constraint.IsPlusBuild(c.Text) {
				lines = append(lines, c.Text)
			}
		}
	}
	clause := "package " + f.Name.Name + "\n"
	switch {
	case len(lines) == 0:
		return []byte(clause), true
	case len(lines) == 1 && constraint.IsGoBuild(lines[0]):
		x, err := constraint.Parse(lines[0])
		if err != nil {
			return nil, false
		}
		return []byte("//go:build " + x.String() + "\n\n" + clause), true
	}
	return nil, false
}

// typeCheck type-checks the generated package (see above). extra are
// packages it may import besides the embedded ones (by import path).
// The files' Go text may be missing (printing, see generate) where
// they have syntax trees: formatted, when not nil, returns them with it.
func typeCheck(pkgPath string, files []File, formatted func() ([]File, error), extra map[string]*types.Package) (*types.Package, []typeError, error) {
	return typeCheckFor(checkTarget, pkgPath, files, formatted, extra)
}

// typeCheckFor is typeCheck for target's files and sizes.
func typeCheckFor(target build.Context, pkgPath string, files []File, formatted func() ([]File, error), extra map[string]*types.Package) (*types.Package, []typeError, error) {
	std, err := imported()
	if err != nil {
		return nil, nil, fmt.Errorf("internal error: comgen's embedded export data: %v", err)
	}
	checked, err := checkedFiles(target, files, formatted)
	if err != nil {
		return nil, nil, err
	}
	// The files' syntax trees from formatGo, when they have them, all in
	// one FileSet; a file without one is parsed into it.
	var fset *token.FileSet
	for _, f := range checked {
		if f.syntax != nil {
			fset = f.fset
			break
		}
	}
	reused := fset != nil
	if fset == nil {
		fset = token.NewFileSet()
	}
	var syntax []*ast.File
	var errs []typeError
	for _, f := range checked {
		af := f.syntax
		if af == nil || f.fset != fset {
			var err error
			if af, err = parser.ParseFile(fset, f.Name, f.Src, parser.SkipObjectResolution); err != nil {
				errs = append(errs, typeError{file: af, err: err})
				continue
			}
		}
		if f.Name == TestFile {
			af = testFileLayout(af)
		}
		syntax = append(syntax, af)
	}
	if len(errs) > 0 {
		return nil, errs, nil
	}
	conf := types.Config{
		Importer: packageImporter{std: std, extra: extra},
		Sizes:    types.SizesFor("gc", target.GOARCH),
		Error: func(err error) {
			if len(errs) < 10 {
				errs = append(errs, typeError{err: err})
			}
		},
	}
	pkg, _ := conf.Check(pkgPath, fset, syntax, nil)
	if len(errs) > 0 && reused {
		// The trees' positions are of the unformatted source: check the
		// files as written, for errors whose positions are theirs.
		if formatted != nil {
			if files, err = formatted(); err != nil {
				return nil, nil, err
			}
		}
		plain := make([]File, len(files))
		for i, f := range files {
			plain[i] = File{Name: f.Name, Src: f.Src}
		}
		return typeCheckFor(target, pkgPath, plain, nil, extra)
	}
	for i := range errs {
		if te, ok := errs[i].err.(types.Error); ok {
			for _, af := range syntax {
				if af.FileStart <= te.Pos && te.Pos <= af.FileEnd {
					errs[i].file = af
				}
			}
			errs[i].pos = te.Fset.Position(te.Pos)
		}
	}
	return pkg, errs, nil
}

// typeError is one error of typeCheck, with the file it is in.
type typeError struct {
	err  error
	file *ast.File
	pos  token.Position
}

// recvName is the type name of a method's receiver type expression.
func recvName(e ast.Expr) string {
	for {
		switch x := e.(type) {
		case *ast.StarExpr:
			e = x.X
		case *ast.IndexExpr:
			e = x.X
		case *ast.Ident:
			return x.Name
		default:
			return ""
		}
	}
}

// checkGenerated is Generate's last step when Options.TypeCheck is set:
// an error naming the IDL declarations whose Go does not type-check.
// formatted returns the files with their Go text (see typeCheck).
func (g *generator) checkGenerated(files []File, formatted func() ([]File, error)) error {
	if len(g.opt.Map) > 0 {
		// Mapped packages are generated by other runs: the go command
		// checks their use when the package is built.
		return nil
	}
	extra := map[string]*types.Package{}
	if g.opt.Runtime != "" {
		// The shared runtime package, as comgen generates it.
		rt, err := runtimePackage(g.opt.Runtime)
		if err != nil {
			return err
		}
		extra[g.opt.Runtime] = rt
	}
	pkgPath := g.opt.ImportPath
	if pkgPath == "" {
		pkgPath = g.opt.Package
	}
	_, errs, err := typeCheck(pkgPath, files, formatted, extra)
	if err == nil && len(errs) == 0 && g.opt.NoTests {
		_, errs, err = typeCheckFor(checkTarget386, pkgPath, files, formatted, extra)
		for i := range errs {
			errs[i].err = fmt.Errorf("windows/386: %w", errs[i].err)
		}
	}
	if err != nil || len(errs) == 0 {
		return err
	}
	var lines []string
	for _, te := range errs {
		line := te.err.Error()
		if te.file != nil {
			// The IDL declaration of the name at the error, or else of
			// the Go declaration around it.
			for _, name := range []string{identAt(te.file, te.pos), topLevelNameAt(te.file, te.pos)} {
				if what := g.goNameSource(name); name != "" && what != "" {
					line = what + ": " + line
					break
				}
			}
		}
		lines = append(lines, line)
	}
	return fmt.Errorf("internal error: the generated package does not type-check (nothing was written; please report it with the IDL):\n\t%s", strings.Join(lines, "\n\t"))
}

// topLevelNameAt is topLevelName for a position of a type error, whose
// offset is of the file f.
func topLevelNameAt(f *ast.File, pos token.Position) string {
	base := int(f.FileStart)
	for _, d := range f.Decls {
		in := func(n ast.Node) bool { return int(n.Pos())-base <= pos.Offset && pos.Offset < int(n.End())-base }
		switch d := d.(type) {
		case *ast.FuncDecl:
			if in(d) {
				if d.Recv != nil && len(d.Recv.List) == 1 {
					return recvName(d.Recv.List[0].Type) + "." + d.Name.Name
				}
				return d.Name.Name
			}
		case *ast.GenDecl:
			for _, s := range d.Specs {
				if !in(s) {
					continue
				}
				switch s := s.(type) {
				case *ast.TypeSpec:
					return s.Name.Name
				case *ast.ValueSpec:
					if len(s.Names) > 0 {
						return s.Names[0].Name
					}
				}
			}
		}
	}
	return ""
}

// identAt returns the identifier at pos in f, or "".
func identAt(f *ast.File, pos token.Position) string {
	base := int(f.FileStart)
	name := ""
	ast.Inspect(f, func(n ast.Node) bool {
		if n == nil || name != "" || int(n.End())-base <= pos.Offset || int(n.Pos())-base > pos.Offset {
			return false
		}
		if id, ok := n.(*ast.Ident); ok {
			name = id.Name
		}
		return true
	})
	return name
}

// goNameSource says which IDL declaration the Go declaration name (or
// "T.M", a method of T) was generated for: "file:line:col: interface X" or
// "", as recorded by checkCollisions.
func (g *generator) goNameSource(name string) string {
	typ, method, isMethod := strings.Cut(name, ".")
	e := g.goDecls[typ]
	if e == nil {
		return ""
	}
	what := fmt.Sprintf("%s: %s", e.Position(), describeDecl(e))
	if i, ok := e.(*idl.IfaceInfo); ok && isMethod {
		for _, m := range i.Methods {
			if methodName(m) == method {
				return fmt.Sprintf("%s: method %s of interface %s", m.Pos, m.Name, i.Name)
			}
		}
	}
	return what
}

// describeDecl names an entity for messages: "interface IFoo", "struct S".
func describeDecl(e idl.Entity) string {
	switch x := e.(type) {
	case *idl.IfaceInfo:
		return "interface " + x.Name
	case *idl.ClassInfo:
		return "coclass " + x.Name
	case *idl.StructInfo:
		if x.Union {
			return "union " + x.Name
		}
		return "struct " + x.Name
	case *idl.EnumInfo:
		return "enum " + x.Name
	case *idl.AliasInfo:
		return "typedef " + x.Name
	case *idl.ConstInfo:
		return "constant " + x.Name
	}
	return e.EntityName()
}

// runtimePackages caches the type-checked shared runtime packages by
// import path (the same for every run of a process).
var runtimePackages sync.Map

// runtimePackage type-checks the shared runtime package comgen writes
// (Options.WriteRuntime), as imported by path.
func runtimePackage(importPath string) (*types.Package, error) {
	if p, ok := runtimePackages.Load(importPath); ok {
		return p.(*types.Package), nil
	}
	prog, err := idl.LoadFS(idl.Config{Dirs: []idl.Dir{idl.Builtin}}, idl.Builtin, "unknwn.idl")
	if err != nil {
		return nil, err
	}
	files, err := Generate(prog, Options{Package: importAlias(importPath), WriteRuntime: true, Inputs: []string{"unknwn.idl"}})
	if err != nil {
		return nil, err
	}
	pkg, errs, err := typeCheck(importPath, files, nil, nil)
	if err != nil {
		return nil, err
	}
	if len(errs) > 0 {
		return nil, fmt.Errorf("internal error: the shared runtime package does not type-check: %v", errs[0].err)
	}
	runtimePackages.Store(importPath, pkg)
	return pkg, nil
}
