package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"go/token"
	"io"
	"io/fs"
	"log"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"sync"

	"github.com/comgen/comgen/gen"
	"github.com/comgen/comgen/idl"
	"github.com/comgen/comgen/typelib"
	"golang.org/x/mod/module"
)

type multiFlag []string

func (m *multiFlag) String() string     { return strings.Join(*m, ",") }
func (m *multiFlag) Set(s string) error { *m = append(*m, s); return nil }

func usage(w io.Writer, fs *flag.FlagSet) {
	fmt.Fprintf(w, "usage: comgen [flags] [file.idl ...]\n\nWith no file, generates from the embedded wbemcli.idl.\n\nFlags:\n")
	fs.SetOutput(w)
	fs.PrintDefaults()
}

func main() {
	log.SetFlags(0)
	log.SetPrefix("comgen: ")
	tuneGC()
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// tuneGC makes the garbage collector run less often than Go's default
// (GOGC=100) unless the environment says how: a run is short and its heap
// small (wbemcli.idl: 45 MB at most, against 37), and it spends a fifth
// less CPU time (GOGC=400: 0.10 s against 0.13 s on Wine's wbemcli.idl, 1.17
// against 1.33 s for a batch of 20 Wine files). The soft limit keeps the
// largest inputs (the SDK's windows.ui.xaml.controls.idl) within 1 GiB.
// A run that generates one package goes further (tuneGCForOne).
func tuneGC() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(400)
		gcTuned = true
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(1 << 30)
	}
}

// gcTuned is set when tuneGC chose GOGC (not in tests, which call run).
var gcTuned bool

// tuneGCForOne sets GOGC=1600 for a run that generates one package, when
// tuneGC chose GOGC: the first collection then comes at 64 MB of heap,
// which Wine's wbemcli.idl and objidl.idl do not reach in a whole run (47 MB
// allocated for objidl), and a larger input collects a few times. CPU,
// medians of 9 runs interleaved with GOGC=400: wbemcli.idl 120 -> 100 ms,
// objidl.idl 190 -> 160 ms, the SDK's d3d12.idl 370 -> 340 ms and Mfidl.idl
// 530 -> 450 ms; peak RSS 41 -> 47, 51 -> 62, 102 -> 104, 120 -> 136 MB,
// windows.ui.xaml.controls.idl about 500 -> 630 MB, under the soft limit.
// A batch keeps GOGC=400: its heap holds the parsed imports of every job,
// and 1600 raised its peak RSS (30 Wine files: 134-243 -> 307-359 MB)
// without saving CPU.
func tuneGCForOne() {
	if gcTuned {
		debug.SetGCPercent(1600)
	}
}

// run is main without the process: it returns the exit status.
func run(args []string, stdout, stderr io.Writer) int {
	j, code := setup(args, stdout, stderr)
	if j == nil {
		return code
	}
	if len(j.batch) > 0 {
		return runBatch(j.batch, stdout, stderr)
	}
	tuneGCForOne()
	// The generator's preparation (its templates) does not need the IDL:
	// on a second processor it costs no time.
	go gen.Prepare()
	return j.run(newProgress(stderr, len(j.files)), stdout, stderr, nil)
}

// job is one package to generate: what the flags asked.
type job struct {
	cfg          idl.Config
	incs         []string
	files        []string // input files
	opt          gen.Options
	out          string
	check        bool
	checkVersion bool
	// batch are the jobs' arguments, each with the flags given outside
	// -job and -batch first (see runBatch).
	batch []batchJob
}

// setup parses and checks the arguments. It returns the job they ask for,
// or nil and the exit status when there is nothing more to do: a usage
// error, or a flag such as -version that is done here.
func setup(args []string, stdout, stderr io.Writer) (*job, int) {
	fs := flag.NewFlagSet("comgen", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	var incs, defs, maps, jobs multiFlag
	fs.Var(&incs, "I", "add `dir` to the import search path (repeatable)")
	fs.Var(&defs, "D", "predefine macro `name[=value]` (repeatable)")
	out := fs.String("o", ".", "output `dir`")
	pkg := fs.String("pkg", "", "Go package `name` (default: base name of -o)")
	ifaces := fs.String("interfaces", "", "comma-separated glob `patterns` of interfaces to generate")
	exclude := fs.String("exclude", "", "comma-separated glob `patterns` of interfaces not to generate")
	optional := fs.String("optional", "", "comma-separated `Interface.Method.Parameter` glob patterns: parameters that may be NULL where the IDL does not say so")
	noTests := fs.Bool("no-tests", false, "write no _test.go files into the package")
	split := fs.String("split", "", "spread declarations over files: \"\" (by kind), \"idl\" (per IDL file) or \"interface\"")
	check := fs.Bool("check", false, "do not write: exit 1 with a diff when the files in -o differ from what would be generated")
	rtPath := fs.String("runtime", "", "import `path` of a shared runtime package (from -write-runtime) to use instead of carrying one")
	writeRT := fs.Bool("write-runtime", false, "write the shared runtime package to -o (no input files)")
	fs.Var(&maps, "M", "`file.idl=importpath`: take file.idl's declarations from that generated package (repeatable)")
	checkVersion := fs.Bool("check-version", false, "with -check, report a file whose versions line (comgen's, the SDK's) alone differs too")
	sdk := fs.Bool("sdk", false, "print the IDL directories found on this machine (searched when there is no -I) and exit")
	showVersion := fs.Bool("version", false, "print comgen's version and exit")
	dumpIDL := fs.Bool("idl", false, "print the type library given (file.tlb, file.dll, file.dll#N) as IDL and exit")
	fs.Var(&jobs, "job", "`arguments` of one package to generate, as for one run (repeatable): the packages are generated side by side")
	batchFile := fs.String("batch", "", "`file` of jobs, one run's arguments a line, as for -job")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			usage(stdout, fs)
			return nil, 0
		}
		fmt.Fprintf(stderr, "comgen: %v\n", err)
		usage(stderr, fs)
		return nil, 2
	}
	if len(jobs) > 0 || *batchFile != "" {
		return batchJobs(fs, jobs, *batchFile, stderr)
	}
	if *showVersion {
		fmt.Fprintln(stdout, versionText())
		return nil, 0
	}
	if *sdk {
		dirs := sdkDirs()
		if len(dirs) == 0 {
			fmt.Fprintln(stdout, "no IDL directories found (install a Windows SDK, or libwine-dev / mingw-w64-x86-64-dev); the embedded base IDL is always searched")
		}
		for _, d := range dirs {
			fmt.Fprintln(stdout, d)
		}
		return nil, 0
	}
	for _, d := range incs {
		if fi, err := os.Stat(d); err != nil || !fi.IsDir() {
			fmt.Fprintf(stderr, "comgen: -I %s: not a directory\n", d)
			return nil, 2
		}
	}
	if *dumpIDL {
		if fs.NArg() != 1 || !typelib.IsTypeLibName(fs.Arg(0)) {
			fmt.Fprintln(stderr, "comgen: -idl takes one type library: file.tlb, file.dll, file.ocx, file.exe or file.dll#N")
			return nil, 2
		}
		return nil, printIDL(fs.Arg(0), incs, stdout, stderr)
	}
	for _, d := range defs {
		if n, _, _ := strings.Cut(d, "="); !isIdent(n) {
			fmt.Fprintf(stderr, "comgen: -D %q: expected name or name=value, with a C identifier as the name\n", d)
			return nil, 2
		}
	}
	mapping := map[string]string{}
	for _, m := range maps {
		file, p, ok := strings.Cut(m, "=")
		if !ok || file == "" || strings.ContainsAny(file, `/\`) || module.CheckImportPath(p) != nil {
			fmt.Fprintf(stderr, "comgen: -M %q: expected file.idl=importpath, with a file base name and a valid import path\n", m)
			return nil, 2
		}
		if prev, dup := mapping[strings.ToLower(file)]; dup && prev != p {
			fmt.Fprintf(stderr, "comgen: -M %s is mapped to both %s and %s\n", file, prev, p)
			return nil, 2
		}
		mapping[strings.ToLower(file)] = p
	}
	if *rtPath != "" {
		if err := module.CheckImportPath(*rtPath); err != nil {
			fmt.Fprintf(stderr, "comgen: -runtime %q: %v\n", *rtPath, err)
			return nil, 2
		}
		if *writeRT {
			fmt.Fprintln(stderr, "comgen: -runtime and -write-runtime exclude each other")
			return nil, 2
		}
	}
	if len(maps) > 0 && *rtPath == "" {
		fmt.Fprintln(stderr, "comgen: -M needs -runtime: packages that use each other's declarations must share one runtime package")
		return nil, 2
	}
	if *writeRT && (fs.NArg() > 0 || len(maps) > 0) {
		fmt.Fprintln(stderr, "comgen: -write-runtime takes no input file and no -M: the runtime package is generated from the embedded unknwn.idl")
		return nil, 2
	}
	name := *pkg
	if name == "" {
		abs, err := filepath.Abs(*out)
		if err != nil {
			fmt.Fprintf(stderr, "comgen: %v\n", err)
			return nil, 2
		}
		name = strings.ReplaceAll(filepath.Base(abs), "-", "_")
	}
	if !isIdent(name) || token.IsKeyword(name) || name == "_" {
		fmt.Fprintf(stderr, "comgen: package name %q is not a valid Go package name; use -pkg\n", name)
		return nil, 2
	}
	if name == "init" || name == "main" {
		// package init cannot be imported ("init must be a func"), and
		// package main is a program without its func main.
		fmt.Fprintf(stderr, "comgen: package name %q cannot be the name of an importable package; use -pkg\n", name)
		return nil, 2
	}
	switch *split {
	case "", "idl", "interface":
	default:
		fmt.Fprintf(stderr, "comgen: -split %q: expected idl or interface\n", *split)
		return nil, 2
	}
	j := &job{files: fs.Args(), out: *out, check: *check, checkVersion: *checkVersion}
	if len(incs) == 0 && fs.NArg() > 0 {
		incs = sdkDirs() // no -I: the SDK (or Wine's, mingw-w64's IDL) on this machine
	}
	j.incs = incs
	for _, d := range incs {
		j.cfg.Dirs = append(j.cfg.Dirs, idl.OSDir(d))
	}
	j.cfg.Dirs = append(j.cfg.Dirs, idl.Builtin)
	if len(defs) > 0 {
		j.cfg.Defines = append(append([]string{}, idl.DefaultDefines...), defs...)
	}
	j.opt = gen.Options{Package: name, Version: version(), ImportPath: importPath(*out),
		Runtime: *rtPath, WriteRuntime: *writeRT, Map: mapping, TypeCheck: true, NoTests: *noTests, Split: *split}
	if *ifaces != "" {
		j.opt.Interfaces = strings.Split(*ifaces, ",")
	}
	if *exclude != "" {
		j.opt.Exclude = strings.Split(*exclude, ",")
	}
	if *optional != "" {
		j.opt.Optional = strings.Split(*optional, ",")
	}
	return j, 0
}

// run loads the job's IDL, generates its package and writes it (or, with
// -check, compares it with the files in -o), and returns the exit status.
// built, when not nil, is called once the package is generated (its type
// check may still run): what is left is mostly waiting for the disk.
func (j *job) run(progress *progress, stdout, stderr io.Writer, built func()) int {
	if release := built; release != nil {
		var once sync.Once
		built = func() { once.Do(release) }
		defer built()
	} else {
		built = func() {}
	}
	cfg := j.cfg
	cfg.Progress = func(file string) { progress.status("reading " + file) }
	var prog *idl.Program
	var err error
	var inputs []string
	switch {
	case j.opt.WriteRuntime:
		prog, err = idl.LoadFS(idl.Config{Dirs: []idl.Dir{idl.Builtin}, Cache: cfg.Cache}, idl.Builtin, "unknwn.idl")
		inputs = []string{"unknwn.idl"}
	case len(j.files) == 0:
		prog, err = idl.LoadFS(cfg, idl.Builtin, "wbemcli.idl")
		inputs = []string{"wbemcli.idl"}
	case typelib.IsTypeLibName(j.files[0]):
		if len(j.files) != 1 {
			fmt.Fprintln(stderr, "comgen: a type library is generated on its own: give one input file")
			return 2
		}
		prog, err = loadTypeLib(j.files[0], j.incs, stderr)
		inputs = []string{filepath.Base(j.files[0])}
	default:
		prog, err = idl.Load(cfg, j.files...)
		for _, a := range j.files {
			inputs = append(inputs, filepath.Base(a))
		}
	}
	progress.status("")
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	for _, w := range prog.Warnings {
		fmt.Fprintf(stderr, "%s: warning: %s\n", w.Pos, w.Msg)
	}
	opt := j.opt
	opt.Inputs = inputs
	progress.status("generating package " + opt.Package)
	pkgGen, err := gen.Start(prog, opt)
	built()
	progress.status("")
	if err == nil && j.check {
		err = pkgGen.Wait()
	}
	if err != nil {
		fmt.Fprintf(stderr, "comgen: %v\n", err)
		return 1
	}
	if j.check {
		return checkFiles(j.out, pkgGen.Files, j.checkVersion, stdout, stderr)
	}
	// The files are written into temporary files while their type check
	// runs, and replace the package's once it passed (see writeFiles).
	if err := writeFiles(j.out, pkgGen.Files, pkgGen.Wait); err != nil {
		fmt.Fprintf(stderr, "comgen: %v\n", err)
		return 1
	}
	return 0
}

// checkFiles compares the generated files with those in dir: it prints a
// unified diff of each difference (and names missing and stale files) and
// returns 1 when there is one. Unless checkVersion is set, a file that
// differs only in its versions line (or lacks it, as files of comgen before
// it had one) is the same: an upgrade of comgen, or another SDK version,
// that changes nothing else needs no regeneration.
func checkFiles(dir string, files []gen.File, checkVersion bool, stdout, stderr io.Writer) int {
	want := map[string]bool{}
	differ := 0
	for _, f := range files {
		want[f.Name] = true
		path := filepath.Join(dir, f.Name)
		old, err := os.ReadFile(path)
		if err != nil {
			fmt.Fprintf(stderr, "comgen: %s is missing\n", path)
			differ++
			continue
		}
		if bytes.Equal(old, f.Src) || !checkVersion && bytes.Equal(withoutVersions(old), withoutVersions(f.Src)) {
			continue
		}
		differ++
		if !isGenerated(old) {
			fmt.Fprintf(stderr, "comgen: %s was not generated by comgen; generating would stop there rather than overwrite it\n", path)
		}
		if lf := bytes.ReplaceAll(old, []byte("\r\n"), []byte("\n")); len(lf) != len(old) {
			// A checkout that turned LF into CRLF (git's core.autocrlf):
			// name it rather than show every line as changed.
			fmt.Fprintf(stderr, "comgen: %s has CRLF line ends; generated files have LF (a .gitattributes line \"*.go text eol=lf\" keeps them so)\n", path)
			old = lf
		}
		fmt.Fprint(stdout, unifiedDiff(filepath.ToSlash(path), old, f.Src))
	}
	// The generated files a run would remove (see writeFiles).
	stale, err := staleFiles(dir, want)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		fmt.Fprintf(stderr, "comgen: %v\n", err)
		return 1
	}
	for _, name := range stale {
		fmt.Fprintf(stderr, "comgen: %s is not generated any more\n", filepath.Join(dir, name))
		differ++
	}
	if differ > 0 {
		fmt.Fprintf(stderr, "comgen: %d file(s) in %s differ from the generated ones; run go generate\n", differ, dir)
		return 1
	}
	return 0
}

// progress is a one-line status on a terminal's stderr, for runs over many
// input files; elsewhere (go generate's logs, CI) it prints nothing.
type progress struct {
	w    io.Writer
	last int
}

func newProgress(stderr io.Writer, inputs int) *progress {
	f, ok := stderr.(*os.File)
	if !ok || inputs < 2 {
		return &progress{}
	}
	if st, err := f.Stat(); err != nil || st.Mode()&os.ModeCharDevice == 0 {
		return &progress{}
	}
	return &progress{w: f}
}

// status replaces the line with msg; "" clears it.
func (p *progress) status(msg string) {
	if p.w == nil {
		return
	}
	if len(msg) > 76 {
		msg = "..." + msg[len(msg)-73:]
	}
	if msg != "" {
		msg = "comgen: " + msg
	}
	fmt.Fprintf(p.w, "\r%-*s\r%s", p.last, "", msg)
	p.last = len(msg)
}

// isIdent reports whether s is an ASCII identifier: a C macro name, or a
// Go package name when it is not a keyword.
func isIdent(s string) bool {
	if s == "" {
		return false
	}
	for i, r := range s {
		if !(r == '_' || 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || i > 0 && '0' <= r && r <= '9') {
			return false
		}
	}
	return true
}
