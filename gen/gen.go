// Package gen is the Go back end: it turns a checked idl.Program into Go
// source files that call COM interfaces through their vtables. It knows
// nothing about tokens or syntax; it reads only the idl model.
package gen

import (
	"bytes"
	"errors"
	"fmt"
	"go/ast"
	"go/token"
	"maps"
	"path"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
	"text/template"

	"github.com/comgen/comgen/idl"
	"github.com/comgen/comgen/templates"
	"github.com/dave/jennifer/jen"
)

// Options control generation.
type Options struct {
	Package string   // Go package name
	Tool    string   // tool name for the header comment (default "comgen")
	Inputs  []string // input file names for the header comment (base names, no absolute paths)
	// Version is the tool's version, for the header's versions line
	// (default "(devel)"). It must be the same on every run of one build
	// of the tool: a module version, never a VCS revision or a time.
	Version string
	// Interfaces, when not empty, selects the interfaces (glob patterns) generated
	// from the input files; what they refer to is generated too.
	Interfaces []string
	// Split chooses how declarations are spread over files: "" (one file per
	// kind: types, wrappers, Go COM objects), "idl" (per declaring IDL file)
	// or "interface" (per interface, other declarations in the base file).
	Split string
	// ImportPath is the generated package's import path, when known; it
	// enables the runnable examples (an external test package imports it).
	ImportPath string
	// Exclude drops the interfaces matching these glob patterns (and coclasses
	// whose default interface they are), unless another selected declaration
	// refers to them.
	Exclude []string
	// Runtime, when set, is the import path of a shared runtime package
	// (written by a run with WriteRuntime): the package being generated
	// refers to its HRESULT, GUID, BSTR, VARIANT, IUnknown and helpers
	// instead of carrying its own copy, so that packages generated from
	// several IDL files share one of each. unknwn.idl's declarations come
	// from it. Without it the package is self-contained.
	Runtime string
	// WriteRuntime generates the shared runtime package itself: the fixed
	// support, with the helpers generated code calls exported, and the
	// declarations of the input (the embedded unknwn.idl).
	WriteRuntime bool
	// TypeCheck type-checks the generated package before returning it (see
	// typecheck.go): Generate fails with an error naming the IDL
	// declarations whose Go does not type-check.
	TypeCheck bool
	// NoTests leaves out the _test.go files that a package carries
	// otherwise: TestFile (the HRESULT mapping's tests and the layout
	// checks, which TypeCheck then applies for 386 as well as amd64), the
	// runtime's and the WMI tests.
	NoTests bool
	// Optional names parameters that may be NULL where the IDL does not
	// say so, as Interface.Method.Parameter with glob patterns (see
	// optional.go): an [in] string becomes a *string, an [out] value a *T
	// parameter the caller may pass as nil.
	Optional []string
	// Map maps an IDL file's base name (compared without regard to case)
	// to the import path of the Go package generated from it, as
	// protoc-gen-go's M option does: declarations of that file are referred
	// to in that package instead of being declared again. The package must
	// have been generated from the file (with the same Runtime).
	Map map[string]string
}

// File is one generated file.
type File struct {
	Name string
	Src  []byte
	// syntax is the Go file's syntax tree in fset, as formatGo parsed it
	// (positions of the unformatted source): the type check reads it
	// rather than parsing Src again. Nil for a file built otherwise.
	syntax *ast.File
	fset   *token.FileSet
}

// TemplateData is what the templates see.
type TemplateData struct {
	Package     string
	Header      string // the generated-code comment the file starts with (two // lines)
	Inputs      string // the input file names, for the package documentation
	ImportPath  string // the package's import path, when known (external examples)
	HasIUnknown bool
	HasServers  bool // some interface can be implemented in Go (server_windows.go)
	UnionArms   bool // some struct has union arm accessors (the package doc says how they are used)
	// TypedefAliases is set when the package declares typedefs of imported
	// files as Go aliases (the package doc says why).
	TypedefAliases bool
	// Server is an implementable interface for the generated server tests,
	// ServerIIDs the IID variables QueryInterface must answer for it.
	Server     string
	ServerIIDs []string
	// Extras names the optional packs the package carries (extraPacks):
	// {{if .Extras.wmi}} in a template tests for the WMI helper.
	Extras map[string]bool
	// Runtime is the import path of the shared runtime package the
	// package uses (Options.Runtime), RuntimeAlias the name it is imported
	// as; WriteRuntime is set in the runtime package itself.
	Runtime      string
	RuntimeAlias string
	WriteRuntime bool
	rtName       func(string) string
}

// RT renders a runtime name as code of the package writes it: the name
// itself, or qualified with the shared runtime package (see Options.Runtime).
func (d TemplateData) RT(name string) string { return d.rtName(name) }

// Ext renders a runtime name as an external test package writes it.
func (d TemplateData) Ext(name string) string {
	if d.Runtime != "" {
		return d.rtName(name)
	}
	return d.Package + "." + name
}

const (
	pkgSyscall = "syscall"
	pkgUnsafe  = "unsafe"
	pkgMath    = "math"
	pkgRuntime = "runtime"
)

type generator struct {
	prog    *idl.Program
	opt     Options
	emitted map[idl.Entity]bool
	order   []idl.Entity
	hrEnums map[*idl.EnumInfo]bool
	// structErr memoizes why a struct has no Go layout (nil: it has one).
	structErr map[*idl.StructInfo]error
	// aliasErr memoizes why a typedef has no Go type (nil: it has one).
	aliasErr map[*idl.AliasInfo]error
	// pads386 memoizes whether an inline struct needs padding on 386 (see
	// needs386Padding): asked at every level of a nesting, unmemoized it
	// would be asked 2^depth times.
	pads386 map[*idl.StructInfo]bool
	// plans memoizes structPlan once the entities are selected (before, a
	// struct's plan could still change as more of them are declared): a
	// struct's plan asks for the plans of the structs declared inline in it
	// more than once, 2^depth times through a nesting unmemoized.
	plans map[*idl.StructInfo]memoPlan
	// depths memoizes inlineDepth.
	depths map[*idl.StructInfo]int
	// split386Arms write the accessors of union arms whose type is declared
	// twice (fieldType) into <base>_386.go (for386) and <base>_layout.go.
	split386Arms []func(f *jen.File, for386 bool)
	// importedAliases are the typedefs of imported files the package's
	// declarations reach, in the order reached; typedefAliases those of
	// them the package declares (checkCollisions): Go aliases, so that the
	// IDL's name (DISPID, LCID) is there for a user while the wrappers
	// keep the type it names.
	importedAliases []*idl.AliasInfo
	importedSeen    map[*idl.AliasInfo]bool
	typedefAliases  []*idl.AliasInfo
	// served memoizes lowerServer, which several files ask about each method.
	served map[*idl.MethodInfo]served
	// serverOK memoizes serverIface.
	serverOK map[*idl.IfaceInfo]serverVerdict
	// methods holds each method's model (see model.go).
	methods map[*idl.MethodInfo]*goMethod
	// dllDeclared holds the module that declares each DLL variable (modules.go).
	dllDeclared map[string]*idl.ModuleInfo
	// split386 are the structs declared per architecture (see pad386).
	split386 []*idl.StructInfo
	// external holds the declarations another generated package declares
	// (Options.Map, Options.Runtime), with that package's import path.
	external map[idl.Entity]string
	// localSlots are the bases from other packages whose server slots this
	// package declares (see genSlots).
	localSlots map[*idl.IfaceInfo]bool
	// floatStubs are the server methods with float or double parameters,
	// in the order genSlots met them (see floatstubs.go).
	floatStubs []floatStub
	// feat is what the package carries besides its declarations.
	feat *features
	// rtAlias is the name the runtime package is imported as (Options.Runtime).
	rtAlias string
	// goDecls maps the package-level Go names to the IDL declarations they
	// are generated for (see checkCollisions).
	goDecls map[string]idl.Entity
	// taken are the package-level Go names the package's declarations and
	// fixed files claim (see checkCollisions), with their owners.
	taken map[string]string
	// clsidOnly are the coclasses of the input files that -interfaces keeps
	// for their CLSID alone (see selectEntities).
	clsidOnly map[*idl.ClassInfo]bool
	// runtimeSame are the enumerators the runtime support declares itself,
	// with the same value (see checkCollisions): not declared again.
	runtimeSame map[*idl.EnumMemberInfo]bool
	// optional are the parameters Options.Optional names.
	optional map[*idl.ParamInfo]bool
	// ptrAliases are the interfaces named by pointer size (see findPtrAliases).
	ptrAliases []ptrAlias
	// files decides the file names (see filenames.go).
	files *fileNamer
	// hdr is the header every file starts with, made once (see header).
	hdr string
	// outStructs are the structs a method fills (see filledByCallee).
	outStructs map[*idl.StructInfo]bool
	// unionArms is set once a union arm accessor is generated (genUnionArms):
	// the package doc then says how arms are read (TemplateData.UnionArms).
	unionArms bool
}

// newGenerator makes a generator for prog with the declarations opt selects.
func newGenerator(prog *idl.Program, opt Options) (*generator, error) {
	g := &generator{prog: prog, opt: opt, emitted: map[idl.Entity]bool{}, hrEnums: map[*idl.EnumInfo]bool{},
		structErr: map[*idl.StructInfo]error{}, aliasErr: map[*idl.AliasInfo]error{}, pads386: map[*idl.StructInfo]bool{}, depths: map[*idl.StructInfo]int{}, served: map[*idl.MethodInfo]served{}, serverOK: map[*idl.IfaceInfo]serverVerdict{}, methods: map[*idl.MethodInfo]*goMethod{}, dllDeclared: map[string]*idl.ModuleInfo{}, external: map[idl.Entity]string{},
		localSlots: map[*idl.IfaceInfo]bool{}, goDecls: map[string]idl.Entity{}, clsidOnly: map[*idl.ClassInfo]bool{}, runtimeSame: map[*idl.EnumMemberInfo]bool{},
		importedSeen: map[*idl.AliasInfo]bool{}}
	if opt.Runtime != "" {
		if opt.WriteRuntime {
			return nil, fmt.Errorf("a runtime package cannot use another runtime package")
		}
		g.rtAlias = importAlias(opt.Runtime)
	}
	if len(opt.Map) > 0 && opt.Runtime == "" {
		return nil, fmt.Errorf("an import mapping needs a shared runtime: packages that use each other's declarations must share one HRESULT, GUID and IUnknown")
	}
	for file, p := range opt.Map {
		if file == "" || p == "" {
			return nil, fmt.Errorf("import mapping %q=%q: expected file.idl=import/path", file, p)
		}
		for _, r := range prog.Roots {
			if strings.EqualFold(path.Base(r.Name), file) {
				return nil, fmt.Errorf("import mapping %s=%s: %s is an input file of this package", file, p, r.Name)
			}
		}
	}
	if err := g.resolveOptional(); err != nil {
		return nil, err
	}
	if err := g.selectEntities(); err != nil {
		return nil, err
	}
	g.plans = map[*idl.StructInfo]memoPlan{}
	g.feat = g.newFeatures()
	return g, nil
}

// Generate renders the Go files for prog. The result is sorted by file name.
func Generate(prog *idl.Program, opt Options) ([]File, error) {
	p, err := Start(prog, opt)
	if err != nil {
		return nil, err
	}
	if err := p.Wait(); err != nil {
		return nil, err
	}
	return p.Files, nil
}

// Package is a generated package whose type check (Options.TypeCheck) may
// still be running: Files must not be used (written over a previous
// generation, shown) before Wait has returned nil. A caller may prepare
// their use meanwhile: comgen writes them into temporary files beside
// their targets, on the disk while the check runs on a processor.
type Package struct {
	Files []File
	done  chan struct{}
	err   error
}

// Wait waits for the type check and returns its error: an internal error
// naming the IDL declarations whose Go does not type-check.
func (p *Package) Wait() error {
	<-p.done
	return p.err
}

// Start is Generate that returns as soon as the files are rendered, with
// their type check running in a goroutine (see Package).
func Start(prog *idl.Program, opt Options) (*Package, error) {
	g, parsed, printed, err := generate(prog, opt)
	if err != nil {
		return nil, err
	}
	p := &Package{done: make(chan struct{})}
	if g.opt.TypeCheck {
		// The check reads the syntax trees while the files are printed
		// from them.
		checked, formatted := parsed, printed
		if breakForTest != nil {
			files, err := printed()
			if err != nil {
				return nil, err
			}
			checked, formatted = breakForTest(slices.Clone(files)), nil
			for i, f := range checked {
				if k, ok := slices.BinarySearchFunc(files, f.Name, func(f File, n string) int { return strings.Compare(f.Name, n) }); !ok || !bytes.Equal(files[k].Src, f.Src) {
					checked[i].syntax = nil // changed: parsed from Src
				}
			}
		}
		go func() {
			defer close(p.done)
			p.err = g.checkGenerated(checked, formatted)
		}()
	} else {
		close(p.done)
	}
	files, err := printed()
	if err != nil {
		return nil, err
	}
	// The caller's files hold no syntax trees: those are the check's, and
	// go with it.
	for _, f := range files {
		if g.opt.NoTests && strings.HasSuffix(f.Name, "_test.go") {
			// Checked (TestFile's layout checks hold whether or not the
			// package carries it), not written.
			continue
		}
		p.Files = append(p.Files, File{Name: f.Name, Src: f.Src})
	}
	return p, nil
}

// generate renders the files of prog, sorted by name, for Start: it
// returns once their syntax trees are there, with the Go files' text to
// come from printed (see collect).
func generate(prog *idl.Program, opt Options) (*generator, []File, func() ([]File, error), error) {
	if opt.Package == "" {
		return nil, nil, nil, fmt.Errorf("no package name")
	}
	if opt.Tool == "" {
		opt.Tool = "comgen"
	}
	if opt.Version == "" {
		opt.Version = Devel
	}
	g, err := newGenerator(prog, opt)
	if err != nil {
		return nil, nil, nil, err
	}
	if err := g.checkCollisions(); err != nil {
		return nil, nil, nil, err
	}
	// The package's first group is named after its first input file
	// (whichever group comes first in the files).
	g.files = newFileNamer()
	base := g.files.base(g.baseName())
	// Files are built one after the other (the generator is not safe for
	// concurrent use) and each is rendered as soon as it is complete,
	// while the next is built (see workers). A rendering reads only its
	// jen.File, whose statements are built for it. jennifer renders the
	// text unformatted; the rendering parses it (parseGo), hands the syntax
	// tree to the type check, and prints it (printGo: go/format's output,
	// most of the time), so that the check, which needs every file's tree,
	// runs beside the printing of the files rather than after it. All
	// trees are in one FileSet (safe for concurrent use).
	var (
		pend []*rendering
		fset = token.NewFileSet()
		w    = newWorkers()
	)
	defer w.close()
	render := func(name string, f *jen.File) {
		if f == nil || opt.NoTests && strings.HasSuffix(name, "_test.go") && name != TestFile {
			return
		}
		r := newRendering(name, fset)
		pend = append(pend, r)
		invalid := func(err error) error {
			// jennifer's error quotes the whole source: the first line
			// says what is wrong.
			msg, _, _ := strings.Cut(err.Error(), "\n")
			return fmt.Errorf("internal error: generated %s is not valid Go (%s); please report it with the IDL", name, msg)
		}
		w.add(r.run(func() ([]byte, error) {
			f.NoFormat = true
			var buf bytes.Buffer
			if err := f.Render(&buf); err != nil {
				return nil, invalid(err)
			}
			return buf.Bytes(), nil
		}, func(err error) error {
			return invalid(fmt.Errorf("Error %s while formatting source:", err)) // as jennifer words it when it formats
		}))
	}
	stubs := map[int]bool{}
	groups := g.groups()
	for _, gr := range groups {
		g.feat.floatCalls = g.feat.floatCalls || g.usesFloatCalls(gr.ents)
	}
	type serverFile struct {
		name string
		f    *jen.File
	}
	var servers []serverFile // complete once the stubs are added
	for k, gr := range groups {
		types := g.typesFile(gr.ents)
		if k == 0 {
			g.genTypedefAliases(types)
		}
		render(gr.base+".go", types)
		render(gr.base+"_windows.go", g.methodsFile(gr.ents))
		render(gr.base+"_automation_windows.go", g.automationFile(gr.ents))
		if f := g.serverFile(gr.ents, stubs); f != nil {
			servers = append(servers, serverFile{gr.base + "_server_windows.go", f})
		}
	}
	// The fixed files need nothing the files below add (the package doc
	// says what the types files have: union arms, typedef aliases): they
	// are executed and formatted beside them.
	tmplNames, tmplData := g.templateData()
	if opt.NoTests {
		tmplNames = slices.DeleteFunc(tmplNames, func(n string) bool { return strings.HasSuffix(n, "_test.go.tmpl") })
	}
	for _, n := range tmplNames {
		r := newRendering(strings.TrimSuffix(n, ".tmpl"), fset)
		r.goFile = strings.HasSuffix(n, ".go.tmpl")
		pend = append(pend, r)
		w.add(r.run(func() ([]byte, error) { return executeTemplate(n, tmplData) },
			func(err error) error { return fmt.Errorf("template %s: %v", n, err) }))
	}
	if len(stubs) > 0 {
		if len(groups) == 1 {
			g.genStubs(servers[len(servers)-1].f, stubs)
		} else {
			f := g.newFile(true)
			g.genStubs(f, stubs)
			render("server_stubs_windows.go", f)
		}
	}
	for _, sf := range servers {
		render(sf.name, sf.f)
	}
	if f386, fOther := g.layout386Files(); f386 != nil {
		render(base+"_386.go", f386)
		render(base+"_layout.go", fOther)
	}
	stubFiles, asmStubs := g.floatStubFiles()
	for _, name := range slices.Sorted(maps.Keys(stubFiles)) {
		render(name, stubFiles[name])
	}
	render("hresult_names.go", g.hresultFile())
	render(WinerrorFile, g.winerrorFile())
	render(TestFile, g.testFile())
	w.built()
	var files []File
	files = append(files, asmStubs...)
	files, printed, err := collect(pend, files)
	if err != nil {
		return nil, nil, nil, err
	}
	if opt.TypeCheck {
		w.checking()
	}
	return g, files, printed, nil
}

// rendering is one file of generate on its way: rendered, parsed, printed.
type rendering struct {
	name   string
	goFile bool
	fset   *token.FileSet
	parsed chan struct{} // closed once syntax (or err) is set
	syntax *ast.File
	err    error         // rendering or parsing
	done   chan struct{} // closed once src and perr are set
	src    []byte
	perr   error
}

func newRendering(name string, fset *token.FileSet) *rendering {
	return &rendering{name: name, goFile: true, fset: fset, parsed: make(chan struct{}), done: make(chan struct{})}
}

// run returns the rendering's task for workers: render the file's source
// with text, parse it when it is Go (a syntax error is described by bad),
// then, as a second task, print it.
func (r *rendering) run(text func() ([]byte, error), bad func(error) error) func(print func(func())) {
	return func(print func(func())) {
		src, err := text()
		switch {
		case err != nil:
			r.err = err
		case !r.goFile:
			r.src = src
		default:
			if r.syntax, err = parseGo(r.fset, r.name, src); err != nil {
				r.err = bad(err)
			}
		}
		close(r.parsed)
		if r.err != nil || !r.goFile {
			close(r.done)
			return
		}
		print(func() {
			defer close(r.done)
			r.src, r.perr = printGo(r.fset, r.syntax, len(src))
		})
	}
}

// collect waits until every file of pend is parsed and returns them with
// more, sorted by name: Go files with their syntax trees and without their
// text, which printed returns once it is there (it may be called any
// number of times, from any goroutine).
func collect(pend []*rendering, more []File) ([]File, func() ([]File, error), error) {
	files := more
	var errs []error
	for _, r := range pend {
		<-r.parsed
		switch {
		case r.err != nil:
			errs = append(errs, r.err)
		case r.goFile:
			files = append(files, File{Name: r.name, syntax: r.syntax, fset: r.fset})
		default:
			<-r.done
			files = append(files, File{Name: r.name, Src: r.src})
		}
	}
	if len(errs) > 0 {
		for _, r := range pend {
			<-r.done
		}
		sort.Slice(errs, func(i, j int) bool { return errs[i].Error() < errs[j].Error() })
		return nil, nil, errors.Join(errs...)
	}
	sort.Slice(files, func(i, j int) bool { return files[i].Name < files[j].Name })
	for i := 1; i < len(files); i++ {
		if files[i].Name == files[i-1].Name {
			return nil, nil, fmt.Errorf("internal error: two generated files are named %s; please report it with the IDL", files[i].Name)
		}
	}
	byName := map[string]*rendering{}
	for _, r := range pend {
		byName[r.name] = r
	}
	printed := sync.OnceValues(func() ([]File, error) {
		out := slices.Clone(files)
		for i, f := range out {
			r := byName[f.Name]
			if r == nil || !r.goFile {
				continue
			}
			<-r.done
			if r.perr != nil {
				return nil, fmt.Errorf("internal error: printing generated %s: %v; please report it with the IDL", f.Name, r.perr)
			}
			out[i].Src = r.src
		}
		return out, nil
	})
	return files, printed, nil
}

// Devel is the version of a tool built from a working tree rather than
// from a module version (what debug.ReadBuildInfo says of it).
const Devel = "(devel)"

// VersionsPrefix starts the second line of every generated file: the
// versions that made it (see header).
const VersionsPrefix = "// versions: "

// header is the comment every generated file, Go or assembly, starts with:
// the line ast.IsGenerated looks for, naming the input files, then the
// versions line: the tool's version and, when input files were read from a
// Windows SDK's Include/<version> directory, that SDK version
// ("// versions: comgen v0.1.0, Windows SDK 10.0.22621.0").
func (g *generator) header() string {
	if g.hdr == "" {
		versions := []string{g.opt.Tool + " " + g.opt.Version}
		for _, v := range sdkVersions(g.prog.Files) {
			versions = append(versions, "Windows SDK "+v)
		}
		g.hdr = fmt.Sprintf("// Code generated by %s from %s. DO NOT EDIT.\n%s%s",
			g.opt.Tool, strings.Join(g.opt.Inputs, ", "), VersionsPrefix, strings.Join(versions, ", "))
	}
	return g.hdr
}

// sdkPath matches the directory of a Windows SDK's IDL files in a file's
// path: <Kit>/Include/<version>/{um,shared,winrt}/ (the Kit's root can be
// anywhere: WindowsSdkDir, COMGEN_WINSDK_DIR).
var sdkPath = regexp.MustCompile(`(?i)(?:^|/)Include/(\d+\.\d+\.\d+\.\d+)/(?:um|shared|winrt)/`)

// sdkVersions returns the Windows SDK versions that the paths of files
// show, sorted.
func sdkVersions(files []*idl.File) []string {
	seen := map[string]bool{}
	for _, f := range files {
		if m := sdkPath.FindStringSubmatch(f.Name); m != nil {
			seen[m[1]] = true
		}
	}
	return slices.Sorted(maps.Keys(seen))
}

func (g *generator) baseName() string {
	if len(g.prog.Roots) == 0 {
		return g.opt.Package
	}
	b := strings.ToLower(path.Base(g.prog.Roots[0].Name))
	return strings.TrimSuffix(b, path.Ext(b))
}

// newFile starts a generated file of the package, for Windows only when
// windows is set.
func (g *generator) newFile(windows bool) *jen.File {
	if windows {
		return g.newFileFor("windows")
	}
	return g.newFileFor("")
}

// newFileFor starts a generated file of the package with the build
// constraint expr (none when "").
func (g *generator) newFileFor(expr string) *jen.File {
	f := jen.NewFile(g.opt.Package)
	f.HeaderComment(g.header())
	if expr != "" {
		f.HeaderComment("//go:build " + expr)
	}
	return f
}

// templateData returns the fixed files the package carries (see features)
// and what their templates see.
func (g *generator) templateData() ([]string, TemplateData) {
	f := g.feat
	data := TemplateData{Package: g.opt.Package, Header: g.header(), Inputs: strings.Join(g.opt.Inputs, ", "), ImportPath: g.opt.ImportPath,
		Runtime: g.opt.Runtime, RuntimeAlias: g.rtAlias, WriteRuntime: g.opt.WriteRuntime, rtName: g.rtName, UnionArms: g.unionArms,
		TypedefAliases: len(g.typedefAliases) > 0}
	for e := range g.emitted {
		if e.EntityName() == "IUnknown" {
			data.HasIUnknown = true
		}
	}
	if i := f.server; i != nil {
		data.HasServers = true
		data.Server = goIdent(i.Name)
		data.ServerIIDs = []string{iidName(i.Name)}
	}
	data.Extras = map[string]bool{}
	for _, p := range f.extras {
		data.Extras[p.name] = true
	}
	return f.templates(g, f.floatCalls), data
}

// templateFiles renders the fixed files the package carries.
func (g *generator) templateFiles() ([]File, error) {
	names, data := g.templateData()
	return renderTemplates(names, data, token.NewFileSet())
}

// renderTemplates renders the fixed files names with data, each in a
// goroutine of its own; the Go files are formatted (formatGo, into fset).
// It reads nothing of the generator but data: it runs beside it.
func renderTemplates(names []string, data TemplateData, fset *token.FileSet) ([]File, error) {
	out := make([]File, len(names))
	errs := make([]error, len(names))
	var wg sync.WaitGroup
	for i, n := range names {
		wg.Add(1)
		go func() {
			defer wg.Done()
			out[i], errs[i] = templateFile(n, data, fset)
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return out, nil
}

// templateFile renders the fixed file of template n.
func templateFile(n string, data TemplateData, fset *token.FileSet) (File, error) {
	src, err := executeTemplate(n, data)
	if err != nil {
		return File{}, err
	}
	name := strings.TrimSuffix(n, ".tmpl")
	if !strings.HasSuffix(n, ".go.tmpl") {
		return File{Name: name, Src: src}, nil
	}
	src, syntax, err := formatGo(fset, name, src)
	if err != nil {
		return File{}, fmt.Errorf("template %s: %v", n, err)
	}
	return File{Name: name, Src: src, syntax: syntax, fset: fset}, nil
}

// executeTemplate returns the text of template n with data, unformatted.
func executeTemplate(n string, data TemplateData) ([]byte, error) {
	t, err := parsedTemplate(n)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	buf.WriteString(data.Header + "\n\n")
	if err := t.Execute(&buf, data); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// selectEntities picks what this package declares: the input files'
// declarations (filtered by -interfaces) and everything they refer to.
func (g *generator) selectEntities() error {
	roots := map[*idl.File]bool{}
	for _, f := range g.prog.Roots {
		roots[f] = true
	}
	for _, f := range []struct {
		flag string
		pats []string
	}{{"-interfaces", g.opt.Interfaces}, {"-exclude", g.opt.Exclude}} {
		for _, pat := range f.pats {
			if _, err := path.Match(pat, ""); err != nil {
				return fmt.Errorf("bad %s pattern %q: %v", f.flag, pat, err)
			}
		}
	}
	selected := func(iface string) bool {
		if len(g.opt.Interfaces) > 0 && !matchAny(g.opt.Interfaces, iface) {
			return false
		}
		return !matchAny(g.opt.Exclude, iface)
	}
	// -interfaces picks interfaces wherever they are declared (an input file
	// or one it imports); everything else comes from the input files.
	matched := map[string]bool{}
	var want []idl.Entity
	for _, e := range g.prog.Entities {
		i, isIface := e.(*idl.IfaceInfo)
		if isIface && !i.Forward {
			for _, pats := range [][]string{g.opt.Interfaces, g.opt.Exclude} {
				for _, p := range pats {
					if ok, _ := path.Match(p, i.Name); ok {
						matched[p] = true
					}
				}
			}
		}
		if !roots[e.DeclFile()] && !(isIface && len(g.opt.Interfaces) > 0 && matchAny(g.opt.Interfaces, i.Name)) {
			continue
		}
		if isIface && !selected(i.Name) {
			continue
		}
		c, isClass := e.(*idl.ClassInfo)
		switch {
		case len(g.opt.Interfaces) > 0 && isClass:
			// A coclass that implements a selected interface (mlang's
			// CMultiLanguage, whose default is IMultiLanguage, for
			// -interfaces IMultiLanguage2), unless -exclude drops its default.
			// Another coclass of the input files keeps its CLSID alone (a
			// selected interface may be one it answers without the IDL
			// listing it: Wine's CMultiLanguage and IMultiLanguage2), without
			// its constructor or default interface.
			if c.Default == nil || matchAny(g.opt.Exclude, c.Default.Name) {
				continue
			}
			if !slices.ContainsFunc(c.Members, func(m *idl.IfaceInfo) bool { return selected(m.Name) }) {
				g.clsidOnly[c] = true
			}
		case len(g.opt.Interfaces) > 0 && !isIface:
			// The input files' constants and enums stay (they refer to
			// nothing else: SCRIPT_E_REPORTED, STREAM_SEEK_SET); their
			// structures and typedefs come along only where the selected
			// interfaces reach them.
			switch e.(type) {
			case *idl.ConstInfo, *idl.EnumInfo:
			default:
				continue
			}
		case isClass && len(g.opt.Exclude) > 0:
			if c.Default == nil || !selected(c.Default.Name) {
				continue
			}
		}
		want = append(want, e)
	}
	for _, f := range []struct {
		flag string
		pats []string
	}{{"-interfaces", g.opt.Interfaces}, {"-exclude", g.opt.Exclude}} {
		for _, pat := range f.pats {
			if !matched[pat] {
				return fmt.Errorf("%s pattern %q matches no interface of the input files or their imports", f.flag, pat)
			}
		}
	}
	for _, e := range want {
		g.use(e)
	}
	// The constants and enums of the files whose interfaces the package
	// declares come along (SCRIPT_E_REPORTED with activscp.idl's
	// IActiveScript, STREAM_SEEK_SET with objidl.idl's IStream): the values
	// those interfaces' methods take and answer, which the IDL often
	// declares as plain integers. They refer to nothing else.
	files := map[*idl.File]bool{}
	for _, e := range g.order {
		if i, ok := e.(*idl.IfaceInfo); ok && !i.Forward && !roots[i.DeclFile()] {
			files[i.DeclFile()] = true
		}
	}
	for _, e := range g.prog.Entities {
		if !files[e.DeclFile()] {
			continue
		}
		switch x := e.(type) {
		case *idl.ConstInfo:
			if !x.Unknown {
				g.use(x)
			}
		case *idl.EnumInfo:
			g.use(x)
		}
	}
	g.useBuiltinModules()
	// Keep declaration order (imports first) for stable, readable output.
	pos := map[idl.Entity]int{}
	for i, e := range g.prog.Entities {
		pos[e] = i
	}
	sort.SliceStable(g.order, func(i, j int) bool {
		pi, iok := pos[g.order[i]]
		pj, jok := pos[g.order[j]]
		if iok != jok {
			return iok
		}
		return pi < pj
	})
	return nil
}

// importAlias is the name a package is imported as: the last element of
// its path, made an identifier (the generated import names it explicitly).
func importAlias(p string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(path.Base(p)) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_' {
			b.WriteRune(r)
		}
	}
	s := b.String()
	if s == "" || s[0] >= '0' && s[0] <= '9' || token.IsKeyword(s) {
		s = "pkg" + s
	}
	return s
}

// mappedPath returns the import path of the package that declares e (see
// Options.Map and Options.Runtime), or "" when this package declares it.
func (g *generator) mappedPath(e idl.Entity) string {
	f := e.DeclFile()
	if f == nil || g.isRoot(e) {
		return ""
	}
	base := fileBaseName(f)
	if g.opt.Runtime != "" && strings.EqualFold(base, runtimeFile) {
		return g.opt.Runtime
	}
	for file, p := range g.opt.Map {
		if strings.EqualFold(base, file) {
			return p
		}
	}
	return ""
}

// fileBaseName is the base name of an IDL file, whichever separator its path uses.
func fileBaseName(f *idl.File) string {
	return path.Base(strings.ReplaceAll(f.Name, "\\", "/"))
}

// declared reports whether e has a Go declaration: in this package or in
// the one it is mapped to.
func (g *generator) declared(e idl.Entity) bool {
	_, ext := g.external[e]
	return g.emitted[e] || ext
}

// ident refers to the Go declaration name of entity e: qualified with its
// package when another generated package declares it.
func (g *generator) ident(e idl.Entity, name string) *jen.Statement {
	if p := g.external[e]; p != "" {
		return jen.Qual(p, name)
	}
	return jen.Id(name)
}

func matchAny(pats []string, name string) bool {
	for _, p := range pats {
		if ok, _ := path.Match(p, name); ok {
			return true
		}
	}
	return false
}

// use marks e for emission, with what it refers to.
func (g *generator) use(e idl.Entity) {
	if e == nil || g.emitted[e] || wellKnownEntity(e) {
		return
	}
	switch x := e.(type) {
	case *idl.AliasInfo:
		// Aliases from imported files are not re-declared; their targets
		// are used directly. A handle is a Go type of its own (isHandleAlias).
		if !g.isRoot(e) && !isHandleAlias(x) {
			if !g.importedSeen[x] {
				g.importedSeen[x] = true
				g.importedAliases = append(g.importedAliases, x)
				g.useType(x.Type)
			}
			return
		}
	case *idl.ConstInfo:
		if x.Type != nil && x.Type.Kind == idl.RNamed {
			if _, isEnum := x.Type.Decl.(*idl.EnumInfo); isEnum {
				return // enumerators are emitted with their enum
			}
		}
	}
	if p := g.mappedPath(e); p != "" {
		if _, done := g.external[e]; !done {
			g.external[e] = p
			if en, ok := e.(*idl.EnumInfo); ok && isHRESULTEnum(en) {
				g.hrEnums[en] = true
			}
			// The bases of an interface declared elsewhere are declared
			// where their own file is mapped, or else beside it (a package
			// declares what it uses from files not mapped): a Go COM object
			// of a derived interface refers to their XImpl and IIDs.
			if i, ok := e.(*idl.IfaceInfo); ok {
				for b := i.Base; b != nil; b = b.Base {
					if _, done := g.external[b]; done || g.emitted[b] {
						break
					}
					if bp := g.mappedPath(b); bp != "" {
						p = bp
					}
					g.external[b] = p
				}
			}
		}
		return
	}
	g.emitted[e] = true
	g.order = append(g.order, e)
	switch x := e.(type) {
	case *idl.IfaceInfo:
		if x.Base != nil {
			g.use(x.Base)
		} else if x.Forward || x.Dispatch {
			if u, ok := g.prog.Scope["IUnknown"]; ok {
				g.use(u)
			}
		}
		for _, m := range x.Methods {
			g.useType(m.Ret)
			for _, p := range m.Params {
				g.useType(p.Type)
			}
		}
		for _, r := range x.Requires {
			g.use(r) // what a caller QueryInterfaces for next (IVector<T> is an IIterable<T>)
		}
	case *idl.AliasInfo:
		if !isHandleAlias(x) {
			g.useType(x.Type)
		}
	case *idl.StructInfo:
		for _, f := range x.Fields {
			g.useType(f.Type)
		}
	case *idl.ClassInfo:
		if x.Default != nil && !g.clsidOnly[x] {
			g.use(x.Default)
		}
	case *idl.ConstInfo:
		g.useType(x.Type)
	case *idl.ModuleInfo:
		for _, m := range x.Funcs {
			g.useType(m.Ret)
			for _, p := range m.Params {
				g.useType(p.Type)
			}
		}
	case *idl.EnumInfo:
		if isHRESULTEnum(x) {
			g.hrEnums[x] = true
		}
	}
}

func (g *generator) useType(t *idl.TypeRef) {
	for t != nil {
		switch t.Kind {
		case idl.RNamed:
			if isWellKnown(t.Decl.EntityName()) {
				return
			}
			g.use(t.Decl)
			return
		case idl.RFunc:
			return
		}
		t = t.Elem
	}
}

func (g *generator) isRoot(e idl.Entity) bool {
	for _, f := range g.prog.Roots {
		if e.DeclFile() == f {
			return true
		}
	}
	return false
}

// isHRESULTEnum reports whether an enum holds HRESULT values (WBEMSTATUS):
// its failure members are named FACILITY_E_NAME and have the high bit set.
func isHRESULTEnum(e *idl.EnumInfo) bool {
	failures := 0
	for _, m := range e.Members {
		if uint32(m.Value)&0x80000000 != 0 {
			if !strings.Contains(m.Name, "_E_") && !strings.HasPrefix(m.Name, "E_") {
				return false
			}
			failures++
		}
	}
	return failures > 0
}

// doc renders an IDL comment as a Go doc comment body starting with name.
func doc(name, text string) string {
	text = strings.TrimSpace(text)
	if text == "" {
		return ""
	}
	if !strings.HasPrefix(text, name+" ") {
		text = name + ": " + text
	}
	return text
}

// comments writes text as // comment lines (jennifer would use /* */ for
// multi-line text, which reads worse in go doc).
func comments(f *jen.File, text string) {
	for _, line := range strings.Split(text, "\n") {
		if line == "" {
			f.Comment("")
			continue
		}
		f.Comment(line)
	}
}

func commentf(f *jen.File, format string, args ...any) {
	comments(f, fmt.Sprintf(format, args...))
}

var templateCache sync.Map // name -> *template.Template

// parsedTemplate parses an embedded template once per process.
func parsedTemplate(name string) (*template.Template, error) {
	if t, ok := templateCache.Load(name); ok {
		return t.(*template.Template), nil
	}
	t, err := template.ParseFS(templates.FS, name)
	if err != nil {
		return nil, err
	}
	templateCache.Store(name, t)
	return t, nil
}

// hasAll reports whether the package declares every one of names: an
// interface or class it emits, or an enumerator of an enum it emits.
func (g *generator) hasAll(names []string) bool {
	have := map[string]bool{}
	for e := range g.emitted {
		if c, ok := e.(*idl.ConstInfo); ok && c.Unknown {
			continue // never declared (genConst)
		}
		have[e.EntityName()] = true
		if en, ok := e.(*idl.EnumInfo); ok {
			for _, m := range en.Members {
				have[m.Name] = true
			}
		}
	}
	for _, n := range names {
		if !have[n] {
			return false
		}
	}
	return true
}

// group is the declarations that go into one set of files.
type group struct {
	base string
	ents []idl.Entity
}

// groups spreads the selected declarations over files as Options.Split says,
// in the order of their first declaration.
func (g *generator) groups() []group {
	base := g.baseName()
	key := func(e idl.Entity) string { return base }
	switch g.opt.Split {
	case "idl":
		key = func(e idl.Entity) string {
			if m, ok := e.(*idl.ModuleInfo); ok && m.Builtin {
				return base // with the package's first file, not a file of its own
			}
			if f := e.DeclFile(); f != nil {
				b := strings.ToLower(fileBaseName(f))
				return strings.TrimSuffix(b, path.Ext(b))
			}
			return base
		}
	case "interface":
		key = func(e idl.Entity) string {
			switch x := e.(type) {
			case *idl.IfaceInfo:
				return strings.ToLower(goIdent(x.Name))
			case *idl.ClassInfo:
				if x.Default != nil && g.emitted[x.Default] {
					return strings.ToLower(goIdent(x.Default.Name))
				}
			}
			return base
		}
	}
	var out []group
	at := map[string]int{}
	for _, e := range g.order {
		k := g.files.base(key(e))
		i, ok := at[k]
		if !ok {
			i = len(out)
			at[k] = i
			out = append(out, group{base: k})
		}
		out[i].ents = append(out[i].ents, e)
	}
	if len(out) == 0 {
		out = append(out, group{base: g.files.base(base)})
	}
	return out
}
