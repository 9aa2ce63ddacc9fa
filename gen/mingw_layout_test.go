package gen_test

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/comgen/comgen/gen"
	"github.com/comgen/comgen/idl"
	"github.com/comgen/comgen/idl/idltest"
	"github.com/comgen/comgen/internal/testenv"
)

// knownInputErrors are facts on which Wine's IDL itself differs from the C
// headers (mingw-w64's, which agree with the Windows SDK here, or those widl
// made of the same IDL, where the IDL leaves the layout to C-only text):
// comgen reflects its input, so these are logged, not failed.
// knownInputPrefixes are known errors of the input by name prefix.
var knownInputPrefixes = []struct{ prefix, why string }{
	{"DISPID_DOM__TOP", wineMSXMLDispids}, {"DISPID_DOM_ERROR", wineMSXMLDispids}, {"DISPID_XTLRUNTIME", wineMSXMLDispids},
	{"DISPID_XMLDOM_SELECTION", wineMSXMLDispids}, {"DISPID_XMLDOM_DOCUMENT2", wineMSXMLDispids}, {"DISPID_XMLDOMEVENT", wineMSXMLDispids},
}

const wineMSXMLDispids = "Wine's msxml2did.h numbers the DISPIDs from DISPID_DOM__TOP on as 0xaf...; the SDK's MsXml2DId.h and mingw-w64's have DISPID_DOM__TOP = DISPID_DOM_IMPLEMENTATION + 0x20"

// knownInputError returns why the fact named name is a known error of the input, or "".
func knownInputError(name string) string {
	if why, ok := knownInputErrors[name]; ok {
		return why
	}
	for _, k := range knownInputPrefixes {
		if strings.HasPrefix(name, k.prefix) {
			return k.why
		}
	}
	return ""
}

var knownInputErrors = map[string]string{
	"STATE_SYSTEM_VALID": "oleacc.idl defines STATE_SYSTEM_VALID as 0x7FFFFFFF inside cpp_quote(\"#ifndef STATE_SYSTEM_UNAVAILABLE\"), a block for C without winuser.h's definitions: " +
		"C with windows.h has winuser.h's 0x3FFFFFFF; comgen reads the cpp_quote'd #define, not its condition",
	"TYSPEC_FILENAME": "Wine's wtypes.idl lists TYSPEC_PROGID before TYSPEC_FILENAME; the headers have FILENAME = 3, PROGID = 4",
	"TYSPEC_PROGID":   "Wine's wtypes.idl lists TYSPEC_PROGID before TYSPEC_FILENAME; the headers have FILENAME = 3, PROGID = 4",
}

// mingwCompilers are the C compilers of Debian's gcc-mingw-w64-x86-64 and
// gcc-mingw-w64-i686, with the mingw-w64 headers as the independent source.
var mingwCompilers = []struct{ cc, pkg, arch string }{
	{"x86_64-w64-mingw32-gcc", "gcc-mingw-w64-x86-64", "amd64"},
	{"i686-w64-mingw32-gcc", "gcc-mingw-w64-i686", "386"},
}

// TestLayoutAgainstMingwHeaders checks the layout facts of the generated
// packages (vtable slot offsets, struct sizes and field offsets, enumerator
// values) with _Static_asserts compiled against mingw-w64's C headers, for
// 64-bit and 32-bit Windows: the embedded wbemcli.idl, and Wine's unknwn,
// objidl, oaidl, wbemprov and wbemdisp IDL, and the IDL with bit-fields
// (dwrite, dwrite_1, d3d11, dxva2api). The generated generated_test.go
// holds the Go types to the same numbers at compile time.
func TestLayoutAgainstMingwHeaders(t *testing.T) {
	t.Parallel()
	type input struct {
		name   string
		load   func() (*idl.Program, error)
		header string
	}
	inputs := []input{
		{"wbemcli (embedded)", func() (*idl.Program, error) {
			return idl.LoadFS(idl.Config{Dirs: []idl.Dir{idl.Builtin}}, idl.Builtin, "wbemcli.idl")
		}, "wbemcli.h"},
	}
	cache := wineCache
	// The headers each file's facts are compiled against: its own, and the
	// C headers whose #define constants it takes (msxml2.idl includes
	// msxml2did.h, exdisp.idl olectl.h and exdispid.h).
	for _, n := range []string{"unknwn", "wtypes", "objidl", "oaidl", "propidl", "shtypes", "shobjidl", "wbemprov", "wbemdisp",
		"msxml2 msxml2did.h", "exdisp olectl.h exdispid.h", "dwrite", "dwrite_1", "d3d11", "dxva2api"} {
		n, extra, _ := strings.Cut(n, " ")
		inputs = append(inputs, input{n + " (Wine)", func() (*idl.Program, error) {
			idltest.Require(t, idltest.WineIDLDir, "libwine-dev")
			return idl.Load(wineConfig(cache), filepath.Join(idltest.WineIDLDir, n+".idl"))
		}, strings.TrimSpace(mingwPrereq[n] + " " + n + ".h " + extra)})
	}
	for _, c := range mingwCompilers {
		t.Run(c.arch, func(t *testing.T) {
			cc := mingwCC(t, c.cc, c.pkg)
			pre := precompile(t, cc) // removed when the inputs' parallel subtests are done
			for _, in := range inputs {
				t.Run(in.name, func(t *testing.T) {
					t.Parallel() // a gcc run each: idl.Load's cache is safe for concurrent use
					prog, err := in.load()
					if err != nil {
						t.Fatal(err)
					}
					facts, err := gen.LayoutFacts(prog, gen.Options{Package: "x"})
					if err != nil {
						t.Fatal(err)
					}
					var root []gen.LayoutFact
					for _, f := range facts {
						if f.Root {
							root = append(root, f)
						}
					}
					checked, missing, wrong := compileFacts(t, cc, pre, in.header, root)
					for _, w := range wrong {
						name, _, _ := strings.Cut(w, ":")
						if why := knownInputError(name); why != "" {
							t.Logf("%s: %s (a known error of the input: %s)", c.arch, w, why)
							continue
						}
						t.Errorf("%s: the C header disagrees: %s", c.arch, w)
					}
					t.Logf("%s: %d facts agree with mingw-w64's %s; %d not declared there", c.arch, checked, in.header, len(missing))
					if len(missing) > 0 {
						t.Logf("not in the header: %s", strings.Join(missing, "; "))
					}
					if in.header == "wbemcli.h" && len(missing) > 0 {
						t.Errorf("every fact of our wbemcli.idl must exist in mingw-w64's wbemcli.h")
					}
					if checked == 0 && len(root) > 0 {
						t.Error("nothing was checked")
					}
				})
			}
		})
	}
}

// mingwCC returns the path of the C compiler cc, or skips t (fails it under
// CI=true) naming the Debian package pkg that has it.
func mingwCC(t *testing.T, cc, pkg string) string {
	t.Helper()
	path, err := exec.LookPath(cc)
	if err != nil {
		msg := cc + " not found: install the Debian package " + pkg + " (bash .ci/install-deps does)"
		if os.Getenv("CI") == "true" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	return path
}

var gccError = regexp.MustCompile(`^[^:]+\.c:(\d+)(?::\d+)?: error: (.*)$`)

// compileFacts writes one _Static_assert per fact after mingw-w64's
// windows.h, ole2.h and the headers named in header, and compiles it. Asserts
// that fail are mismatches; lines the compiler cannot even evaluate (a name the
// header does not declare) are dropped and reported as missing.
func compileFacts(t *testing.T, cc string, pre precompiled, header string, facts []gen.LayoutFact) (checked int, missing, wrong []string) {
	t.Helper()
	var b strings.Builder
	if pre.prologue != "" {
		b.WriteString(pre.prologue)
	} else {
		b.WriteString(mingwPrologue)
	}
	for _, h := range strings.Fields(header) {
		b.WriteString("#include <" + h + ">\n")
	}
	for i, r := range compileFactsIn(t, cc, pre.args, b.String(), facts) {
		switch r {
		case factAgrees:
			checked++
		case factMissing, factBitField:
			missing = append(missing, facts[i].C)
		case factWrong:
			wrong = append(wrong, fmt.Sprintf("%s: want %d (386) / %d (64-bit)", facts[i].C, facts[i].Want386, facts[i].Want64))
		}
	}
	return checked, missing, wrong
}

// mingwPrologue is the C text that compileFacts starts with.
const mingwPrologue = "#include <windows.h>\n#include <ole2.h>\n"

// precompiled is how compileFacts gives the compiler mingwPrologue: as text
// (the zero value) or as a precompiled header (precompile).
type precompiled struct {
	args     []string // the compiler's options that find it
	prologue string   // the C text that includes it
}

// precompile compiles mingwPrologue into a precompiled header for cc, for a
// test that compiles many translation units against mingw-w64's headers
// (windows.h and ole2.h are most of the time of each). gcc reads
// prologue.h.gch in place of prologue.h when the same compiler made it with
// compatible options, and prologue.h itself (the same text) otherwise, so
// the facts are checked the same either way.
func precompile(t *testing.T, cc string) precompiled {
	t.Helper()
	dir := t.TempDir()
	h := filepath.Join(dir, "prologue.h")
	if err := os.WriteFile(h, []byte(mingwPrologue), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(cc, "-x", "c-header", "-o", h+".gch", h).CombinedOutput(); err != nil {
		t.Fatalf("precompiling %s: %v\n%s", h, err, out)
	}
	return precompiled{args: []string{"-I", dir}, prologue: "#include \"prologue.h\"\n"}
}

// factResult is what a C compiler said of one layout fact.
type factResult int

const (
	factAgrees   factResult = iota
	factMissing             // the C declarations lack a name the fact needs
	factWrong               // the _Static_assert failed
	factBitField            // offsetof names a bit-field, which has no byte offset in C
)

// compileFactsIn compiles prologue (C text: the #includes), then stddef.h,
// then one _Static_assert per fact, with the compiler cc and its options
// args, and returns what the compiler said of each fact. A line the compiler
// rejects is dropped and the rest compiled again, until what is left compiles.
func compileFactsIn(t *testing.T, cc string, args []string, prologue string, facts []gen.LayoutFact) []factResult {
	t.Helper()
	if prologue != "" && !strings.HasSuffix(prologue, "\n") {
		prologue += "\n"
	}
	prologue += "#include <stddef.h>\n"
	first := strings.Count(prologue, "\n") + 1 // the line of facts[0]
	res := make([]factResult, len(facts))
	live := make([]bool, len(facts))
	for i := range live {
		live[i] = true
	}
	src := filepath.Join(t.TempDir(), "layout.c")
	for attempt := 0; attempt < 20; attempt++ {
		var b strings.Builder
		b.WriteString(prologue)
		for i, f := range facts {
			if live[i] {
				b.WriteString(assertLine(f))
			}
			b.WriteString("\n")
		}
		if err := os.WriteFile(src, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		out, err := exec.Command(cc, append(append([]string{"-fsyntax-only", "-fmax-errors=0"}, args...), src)...).CombinedOutput()
		if err == nil {
			return res
		}
		progress := false
		for _, line := range strings.Split(string(out), "\n") {
			m := gccError.FindStringSubmatch(line)
			if m == nil {
				continue
			}
			n, _ := strconv.Atoi(m[1])
			i := n - first
			if i < 0 || i >= len(facts) || !live[i] {
				continue
			}
			live[i] = false
			progress = true
			switch {
			case strings.Contains(m[2], "static assertion failed"):
				res[i] = factWrong
			case strings.Contains(m[2], "bit-field"):
				res[i] = factBitField
			default:
				res[i] = factMissing
			}
		}
		if !progress {
			t.Fatalf("%s does not compile:\n%s", src, out)
		}
	}
	t.Fatal("too many rounds of compile errors")
	return nil
}

func assertLine(f gen.LayoutFact) string {
	if f.IsEnum {
		return fmt.Sprintf("_Static_assert((unsigned int)(%s) == %du, \"%s\");", f.C, uint32(f.Want386), f.C)
	}
	return fmt.Sprintf("_Static_assert(%s == (sizeof(void*) == 8 ? %d : %d), \"%s\");", f.C, f.Want64, f.Want386, f.C)
}

// TestGUIDsAgainstMingwHeaders compares the IID_ and CLSID_ variables of the
// generated packages with the DEFINE_GUID lines of mingw-w64's headers.
func TestGUIDsAgainstMingwHeaders(t *testing.T) {
	t.Parallel()
	idltest.Require(t, filepath.Join(idltest.MingwIncludeDir, "wbemcli.h"), "mingw-w64-x86-64-dev")
	cache := wineCache
	for _, n := range []string{"wbemcli", "unknwn", "objidl", "oaidl", "wbemprov", "wbemdisp"} {
		t.Run(n, func(t *testing.T) {
			var prog *idl.Program
			var err error
			if n == "wbemcli" {
				prog, err = idl.LoadFS(idl.Config{Dirs: []idl.Dir{idl.Builtin}}, idl.Builtin, "wbemcli.idl")
			} else {
				idltest.Require(t, idltest.WineIDLDir, "libwine-dev")
				prog, err = idl.Load(wineConfig(cache), filepath.Join(idltest.WineIDLDir, n+".idl"))
			}
			if err != nil {
				t.Fatal(err)
			}
			files, err := gen.Generate(prog, gen.Options{Package: "x", Inputs: []string{n + ".idl"}})
			if err != nil {
				t.Fatal(err)
			}
			goGUIDs := map[string]string{}
			goVar := regexp.MustCompile(`var ((?:IID|CLSID)_\w+) = GUID\{\s*Data1: 0x(\w+),\s*Data2: 0x(\w+),\s*Data3: 0x(\w+),\s*Data4: \[8\]byte\{0x(\w+), 0x(\w+), 0x(\w+), 0x(\w+), 0x(\w+), 0x(\w+), 0x(\w+), 0x(\w+)\},\s*\}`)
			for _, f := range files {
				for _, m := range goVar.FindAllStringSubmatch(string(f.Src), -1) {
					goGUIDs[m[1]] = strings.ToLower(strings.Join(m[2:], "-"))
				}
			}
			header, err := os.ReadFile(filepath.Join(idltest.MingwIncludeDir, n+".h"))
			if err != nil {
				t.Fatal(err)
			}
			def := regexp.MustCompile(`DEFINE_GUID\(((?:IID|CLSID)_\w+),\s*0x(\w+),\s*0x(\w+),\s*0x(\w+),\s*0x(\w+),\s*0x(\w+),\s*0x(\w+),\s*0x(\w+),\s*0x(\w+),\s*0x(\w+),\s*0x(\w+),\s*0x(\w+)\)`)
			checked := 0
			inHeader := map[string]bool{}
			for _, m := range def.FindAllStringSubmatch(string(header), -1) {
				name := m[1]
				inHeader[name] = true
				mine, ok := goGUIDs[name]
				if !ok {
					continue
				}
				theirs := normalizeGUID(m[2:])
				if mine != theirs {
					t.Errorf("%s = %s in Go, %s in %s.h", name, mine, theirs, n)
				}
				checked++
			}
			var absent []string
			for name := range goGUIDs {
				if !inHeader[name] && strings.Contains(name, "_") {
					absent = append(absent, name)
				}
			}
			t.Logf("%d GUIDs agree with mingw-w64's %s.h; not there: %v", checked, n, absent)
			if checked == 0 {
				t.Error("no GUID was compared")
			}
		})
	}
}

// normalizeGUID renders DEFINE_GUID's numbers the way the Go regexp captures
// them: fixed-width lower-case hex joined by dashes.
func normalizeGUID(parts []string) string {
	widths := []int{8, 4, 4, 2, 2, 2, 2, 2, 2, 2, 2}
	out := make([]string, len(parts))
	for i, p := range parts {
		v, _ := strconv.ParseUint(p, 16, 64)
		out[i] = fmt.Sprintf("%0*x", widths[i], v)
	}
	return strings.Join(out, "-")
}

// layoutPackages are Wine IDL files with many structures whose generated
// layout checks (in generated_test.go) must compile on every Windows
// architecture.
var layoutPackages = []string{"objidl", "oaidl", "wbemdisp", "propidl", "urlmon", "shtypes"}

// TestLayoutChecksCompile vets packages generated from Wine's IDL with many
// structures for 386, amd64 and arm64 (as linux packages: the types and
// generated_test.go build on every OS; go vet compiles the tests, and nothing
// is run), so their Go types are held at compile time to the numbers
// TestLayoutAgainstMingwHeaders checks against the C headers.
func TestLayoutChecksCompile(t *testing.T) {
	t.Parallel()
	idltest.Require(t, idltest.WineIDLDir, "libwine-dev")
	if testing.Short() {
		t.Skip("compiles generated packages")
	}
	root := testenv.Module(t)
	cache := wineCache
	for _, n := range layoutPackages {
		prog, err := idl.Load(wineConfig(cache), filepath.Join(idltest.WineIDLDir, n+".idl"))
		if err != nil {
			t.Fatal(err)
		}
		files, err := gen.Generate(prog, gen.Options{Package: n, Inputs: []string{n + ".idl"}})
		if err != nil {
			t.Fatal(err)
		}
		if !hasFile(files, gen.TestFile) {
			t.Fatalf("%s: no %s generated", n, gen.TestFile)
		}
		testenv.WriteFiles(t, filepath.Join(root, n), files)
	}
	for _, arch := range []string{"amd64", "386", "arm64"} {
		if out, err := goVet(root, "linux", arch); err != nil {
			t.Errorf("GOARCH=%s: %v\n%s", arch, err, out)
		}
	}
}

// TestWrongLayoutFactFails changes one layout fact of a generated
// generated_test.go for 386 only, then for the 64-bit targets only, and
// requires go vet (which compiles the tests, as go test does) to fail on
// exactly the architectures the changed number is for, with the compiler
// pointing at that line, and the package itself to build everywhere (the
// checks cost a user's go build nothing).
func TestWrongLayoutFactFails(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("compiles generated packages")
	}
	prog, err := idl.LoadFS(idl.Config{Dirs: []idl.Dir{idl.Builtin}}, idl.Builtin, "wbemcli.idl")
	if err != nil {
		t.Fatal(err)
	}
	files, err := gen.Generate(prog, gen.Options{Package: "wbemcli", Inputs: []string{"wbemcli.idl"}})
	if err != nil {
		t.Fatal(err)
	}
	var check string
	for _, f := range files {
		if f.Name == gen.TestFile {
			check = string(f.Src)
		}
	}
	// The slot of IWbemServices.GetObject: 4 bytes a slot on 386, 8 on 64-bit.
	fact := regexp.MustCompile(`(?m)^.*unsafe\.Offsetof\(IWbemServicesVtbl\{\}\.GetObject\)\)-\(\d+\*layoutOn386\+\d+\*layoutOn64\)\]$`)
	line := fact.FindString(check)
	if line == "" {
		t.Fatalf("%s has no check of offsetof(IWbemServicesVtbl, GetObject):\n%s", gen.TestFile, check)
	}
	lineNo := strings.Count(check[:strings.Index(check, line)], "\n") + 1
	cols := regexp.MustCompile(`\((\d+)\*layoutOn386\+(\d+)\*layoutOn64\)`)
	m := cols.FindStringSubmatch(line)
	w386, _ := strconv.Atoi(m[1])
	w64, _ := strconv.Atoi(m[2])
	if w386*2 != w64 || w386 == 0 {
		t.Fatalf("unexpected columns in %q", line)
	}
	cases := []struct {
		name, dir    string
		w386, w64    int
		failOn, okOn []string
	}{
		{"as generated", "asgenerated", w386, w64, nil, []string{"386", "amd64", "arm64"}},
		{"wrong for 386", "wrong386", w386 + 4, w64, []string{"386"}, []string{"amd64", "arm64"}},
		{"wrong for 64-bit", "wrong64", w386, w64 - 8, []string{"amd64", "arm64"}, []string{"386"}},
	}
	// One module holds a package per case, so that typeCheckDir (the
	// golden test's check, with the tests) reads the standard library and
	// x/sys/windows once per target for all three.
	root := testenv.Module(t)
	for _, tc := range cases {
		dir := filepath.Join(root, tc.dir)
		testenv.WriteFiles(t, dir, files)
		changed := strings.Replace(check, line, cols.ReplaceAllString(line, fmt.Sprintf("(%d*layoutOn386+%d*layoutOn64)", tc.w386, tc.w64)), 1)
		if err := os.WriteFile(filepath.Join(dir, gen.TestFile), []byte(changed), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// arch -> case directory -> errors, the package and its test variant together.
	typeErrs := map[string]map[string][]string{}
	for _, arch := range []string{"386", "amd64", "arm64"} {
		errs, n := typeCheckDir(t, root, "windows", arch, true)
		if n != len(cases) {
			t.Fatalf("GOARCH=%s: typeCheckDir read %d packages, want %d", arch, n, len(cases))
		}
		typeErrs[arch] = map[string][]string{}
		for id, e := range errs {
			for _, tc := range cases {
				if id == "comgentest/"+tc.dir || strings.HasPrefix(id, "comgentest/"+tc.dir+" ") {
					typeErrs[arch][tc.dir] = append(typeErrs[arch][tc.dir], e...)
				}
			}
		}
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			dir := filepath.Join(root, tc.dir)
			for _, arch := range []string{"386", "amd64", "arm64"} {
				if out, err := goBuild(dir, "windows", arch); err != nil {
					t.Errorf("GOARCH=%s: want a build (tests are not built), got %v\n%s", arch, err, out)
				}
			}
			for _, arch := range tc.okOn {
				if out, err := goVet(dir, "windows", arch); err != nil {
					t.Errorf("GOARCH=%s: want go vet to pass, got %v\n%s", arch, err, out)
				}
				// typeCheckDir with the tests agrees with the compiler.
				if errs := typeErrs[arch][tc.dir]; len(errs) > 0 {
					t.Errorf("GOARCH=%s: typeCheckDir reports %v where the compiler builds", arch, errs)
				}
			}
			for _, arch := range tc.failOn {
				if errs := typeErrs[arch][tc.dir]; len(errs) == 0 {
					t.Errorf("GOARCH=%s: typeCheckDir misses the wrong layout fact the compiler rejects", arch)
				}
			}
			for _, arch := range tc.failOn {
				out, err := goVet(dir, "windows", arch)
				if err == nil {
					t.Errorf("GOARCH=%s: go vet passed with a wrong layout fact", arch)
					continue
				}
				at := fmt.Sprintf("%s:%d:", gen.TestFile, lineNo)
				if !strings.Contains(string(out), at) || !strings.Contains(string(out), "out of bounds") && !strings.Contains(string(out), "negative") {
					t.Errorf("GOARCH=%s: the error does not point at %s with an index error:\n%s", arch, at, out)
				}
			}
		})
	}
}

// goBuild compiles every package below dir for goos/goarch.
func goBuild(dir, goos, goarch string) ([]byte, error) {
	cmd := exec.Command("go", "build", "./...")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOOS="+goos, "GOARCH="+goarch, "CGO_ENABLED=0")
	return cmd.CombinedOutput()
}

func hasFile(files []gen.File, name string) bool {
	for _, f := range files {
		if f.Name == name {
			return true
		}
	}
	return false
}

// mingwPrereq are the headers a mingw-w64 header needs before it.
var mingwPrereq = map[string]string{"amvideo": "strmif.h", "commoncontrols": "commctrl.h", "dxva2api": "d3d9.h"}

// TestIDLOnlyStructsAgainstMingwHeaders holds the structs Wine's IDL
// declares for MIDL only (between cpp_quote("#if 0") and
// cpp_quote("#endif"), so that C takes them from its own headers) to
// mingw-w64's C definitions: the ones comgen gives a Go layout must agree
// with C, and the placeholders (one dummy member) must get none. Every
// corpus file that declares such a struct and has a mingw-w64 header is read.
func TestIDLOnlyStructsAgainstMingwHeaders(t *testing.T) {
	t.Parallel()
	idltest.Require(t, idltest.WineIDLDir, "libwine-dev")
	idltest.Require(t, filepath.Join(idltest.MingwIncludeDir, "wtypes.h"), "mingw-w64-x86-64-dev")
	cache := wineCache
	type input struct {
		file   string
		prog   *idl.Program
		facts  []gen.LayoutFact
		typed  []string // IDL-only structs with a Go layout
		placed []string // placeholders
	}
	var inputs []input
	files, includer := corpusFiles(t)
	for _, f := range files {
		if includer[f] != "" {
			continue
		}
		n := strings.TrimSuffix(filepath.Base(f), ".idl")
		if _, err := os.Stat(filepath.Join(idltest.MingwIncludeDir, n+".h")); err != nil {
			continue
		}
		prog, err := idl.Load(wineConfig(cache), f)
		if err != nil || prog.Model == nil {
			continue // the corpus test reports these
		}
		in := input{file: n, prog: prog}
		idlOnly := map[string]bool{}
		for _, e := range prog.Model.Entities {
			s, ok := e.(*idl.StructInfo)
			if !ok || !s.IDLOnly || s.DeclFile() != prog.Roots[0] {
				continue
			}
			if s.Placeholder() {
				in.placed = append(in.placed, s.Name)
			} else {
				in.typed = append(in.typed, s.Name)
				idlOnly[s.Name] = true
			}
		}
		if len(in.typed)+len(in.placed) == 0 {
			continue
		}
		all, err := gen.LayoutFacts(prog, gen.Options{Package: "x"})
		if err != nil {
			t.Fatalf("%s: %v", n, err)
		}
		for _, fact := range all {
			if idlOnly[fact.TypeName] {
				in.facts = append(in.facts, fact)
			}
			for _, p := range in.placed {
				if fact.TypeName == p {
					t.Errorf("%s: the placeholder %s has a Go layout (%s)", n, p, fact.C)
				}
			}
		}
		inputs = append(inputs, in)
	}
	if len(inputs) < 5 {
		t.Fatalf("only %d corpus files declare IDL-only structs; the corpus has more (wtypes, oaidl, shtypes, dimm...)", len(inputs))
	}
	for _, c := range mingwCompilers {
		t.Run(c.arch, func(t *testing.T) {
			t.Parallel()
			cc := mingwCC(t, c.cc, c.pkg)
			pre := precompile(t, cc)
			total := 0
			for _, in := range inputs {
				if len(in.facts) == 0 {
					continue // placeholders only: nothing with a Go layout to compare
				}
				checked, missing, wrong := compileFacts(t, cc, pre, strings.TrimSpace(mingwPrereq[in.file]+" "+in.file+".h"), in.facts)
				for _, w := range wrong {
					name, _, _ := strings.Cut(w, ":")
					if why := knownInputError(name); why != "" {
						t.Logf("%s: %s: %s (a known error of the input: %s)", c.arch, in.file, w, why)
						continue
					}
					t.Errorf("%s: %s: the IDL-only struct disagrees with mingw-w64's %s.h: %s", c.arch, in.file, in.file, w)
				}
				total += checked
				t.Logf("%s: IDL-only %v: %d facts agree, %d not in mingw-w64's headers; placeholders without a Go layout: %v",
					in.file, in.typed, checked, len(missing), in.placed)
			}
			if total < 100 {
				t.Errorf("only %d facts of IDL-only structs checked", total)
			}
		})
	}
}

// goVet vets every package below dir, tests included, for goos/goarch.
func goVet(dir, goos, goarch string) ([]byte, error) {
	cmd := exec.Command("go", "vet", "./...")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOOS="+goos, "GOARCH="+goarch, "CGO_ENABLED=0")
	return cmd.CombinedOutput()
}
