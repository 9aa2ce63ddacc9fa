package gen_test

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/comgen/comgen/gen"
	"github.com/comgen/comgen/idl"
	"github.com/comgen/comgen/idl/idltest"
)

// wineCArgs are the options that compile Wine's C headers with a mingw-w64
// gcc, as Wine builds its own Windows (PE) modules: Wine's C runtime headers
// instead of the compiler's and mingw-w64's, then its SDK headers. Without
// __WINESRC__, Wine's build flag, the headers are what a program built
// against Wine's SDK sees (rtworkq.h is the one exception, below).
func wineCArgs() []string {
	wine := filepath.Dir(idltest.WineIDLDir)
	return []string{"-nostdinc", "-isystem", filepath.Join(wine, "msvcrt"), "-isystem", idltest.WineIDLDir, "-isystem", wine}
}

// wineHeadersFirst come first in the unit most of Wine's headers share:
// widl-generated headers that use their types without including them (their
// IDL imports no declaration of those types; C code includes them first).
var wineHeadersFirst = []struct{ header, why string }{
	{"d3d9.h", "dxva2api.h (D3DFORMAT, D3DPOOL), evr9.h (IDirect3DSurface9) and vmr9.h (D3DCOLOR...) use its types"},
	{"commctrl.h", "commoncontrols.h uses its IMAGELISTDRAWPARAMS and IMAGEINFO"},
}

// wineHeadersApart are the generated headers that cannot share that unit:
// their IDL declares again what another corpus file declares (so do their
// headers, and C rejects the second definition), or they need a line of
// their own first. They are compiled together in a second unit, in this
// order, each after its line before.
var wineHeadersApart = []struct{ header, before, why string }{
	{"transact.h", "", "transact.idl declares BOID, XACTUOW and ISOLATIONLEVEL, as oledb.idl (through a fragment) does"},
	{"txcoord.h", "", "it includes transact.h"},
	{"txdtc.h", "", "it includes transact.h"},
	{"winsxs.h", "", "winsxs.idl declares FUSION_INSTALL_REFERENCE, ASSEMBLY_INFO and more, as fusion.idl does"},
	{"dvdif.h", "typedef interface IGraphBuilder IGraphBuilder;",
		"dvdif.idl declares the DVD types strmif.idl declares too, and names IGraphBuilder, which it declares for MIDL only (between cpp_quote(\"#if 0\") and cpp_quote(\"#endif\"))"},
	{"cdosys.h", "", "it includes msado15_backcompat.h"},
	{"msado15_backcompat.h", "", "its interface Error has the name of an enumerator of AsyncStatus (asyncinfo.h, which the WinRT headers include)"},
	{"dhtmled.h", "", "its DISPIDs (dhtmldid.h) give DISPID_DOCUMENTCOMPLETE the value 1, exdispid.h's (exdisp.idl) 259: one #define would replace the other"},
	{"rtworkq.h", "#define __WINESRC__",
		"its RTWQASYNCRESULT is a C++ class unless __WINESRC__ (Wine's build flag) selects the C struct; last, so no other header sees the define"},
}

// factKind names what a layout fact is about: an enumerator or constant
// ("enum"), a struct's size or a field's offset ("struct"), or an interface's
// vtable ("vtable").
func factKind(f gen.LayoutFact) string {
	switch {
	case f.IsEnum:
		return "enum"
	case strings.HasPrefix(f.C, "sizeof("+f.TypeName+")"), strings.HasPrefix(f.C, "offsetof("+f.TypeName+","):
		return "struct"
	}
	return "vtable"
}

var factKinds = []string{"struct", "vtable", "enum"}

// cUnit is one C translation unit: headers, then the facts checked against them.
type cUnit struct {
	name    string
	args    []string          // compiler options
	first   []string          // C lines before the headers
	headers []string          // #included in this order
	before  map[string]string // a C line before a header's #include
	facts   []gen.LayoutFact
	kinds   []string                  // factKind of each fact (before cExpr renamed it)
	from    [][]string                // the corpus files each fact comes from
	index   map[string]int            // fact key -> index in facts
	want    map[string]bool           // headers the facts need
	results map[string][]factResult   // arch -> what the compiler said of each fact
	spelled map[string][]string       // arch -> each fact's C expression as compiled
	values  map[string]map[int]string // arch -> fact -> C's value, for the facts C disagrees with
}

func newUnit(name string, args []string, first ...string) *cUnit {
	return &cUnit{name: name, args: args, first: first, before: map[string]string{}, index: map[string]int{}, want: map[string]bool{},
		results: map[string][]factResult{}, spelled: map[string][]string{}, values: map[string]map[int]string{}}
}

// add records fact, from the corpus file file, to be compiled after header.
// Facts with the same C expression and numbers are checked once.
func (u *cUnit) add(f ownFact, file, header string) {
	u.want[header] = true
	key := fmt.Sprintf("%s=%d/%d", f.C, f.Want386, f.Want64)
	if i, ok := u.index[key]; ok {
		if n := len(u.from[i]); u.from[i][n-1] != file {
			u.from[i] = append(u.from[i], file)
		}
		return
	}
	u.index[key] = len(u.facts)
	u.facts = append(u.facts, f.LayoutFact)
	u.kinds = append(u.kinds, f.kind)
	u.from = append(u.from, []string{file})
}

// prologue is the unit's C text before the facts: its first lines, then its
// headers, each after its line before.
func (u *cUnit) prologue() string {
	var b strings.Builder
	for _, l := range u.first {
		b.WriteString(l + "\n")
	}
	for _, h := range u.headers {
		if l := u.before[h]; l != "" {
			b.WriteString(l + "\n")
		}
		b.WriteString("#include <" + h + ">\n")
	}
	return b.String()
}

// check compiles the unit's facts with cc. The headers are preprocessed once
// (-E -dD keeps the #defines the facts may name): the rounds of
// compileFactsIn then read one file, which is most of the time saved, and a
// fact whose C name the preprocessed text never mentions is missing without
// asking the compiler (gcc looks for a similar name to suggest for each
// undeclared one: slow with this many names in scope).
func (u *cUnit) check(t *testing.T, cc, arch string) (res []factResult, spelled []string, values map[int]string) {
	t.Helper()
	dir := t.TempDir()
	src, pre := filepath.Join(dir, "headers.c"), filepath.Join(dir, "headers.i")
	if err := os.WriteFile(src, []byte(u.prologue()), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(cc, append(append([]string{"-E", "-dD", "-o", pre}, u.args...), src)...).CombinedOutput(); err != nil {
		t.Fatalf("%s: %s: the headers do not preprocess: %v\n%s", arch, u.name, err, out)
	}
	text, err := os.ReadFile(pre)
	if err != nil {
		t.Fatal(err)
	}
	// -dD writes the predefined macros too (under the line markers of
	// <built-in> and <command-line>): defining them again would warn.
	var kept bytes.Buffer
	builtin := false
	for _, line := range bytes.SplitAfter(text, []byte("\n")) {
		if bytes.HasPrefix(line, []byte("# ")) {
			builtin = bytes.Contains(line, []byte(`"<built-in>"`)) || bytes.Contains(line, []byte(`"<command-line>"`))
		}
		if !builtin {
			kept.Write(line)
		}
	}
	text = kept.Bytes()
	if err := os.WriteFile(pre, text, 0o644); err != nil {
		t.Fatal(err)
	}
	ids, typedefs := identifiers(text), typedefNames(text)
	res, spelled = make([]factResult, len(u.facts)), make([]string, len(u.facts))
	facts := slices.Clone(u.facts)
	var named []gen.LayoutFact
	var at []int
	for i, f := range facts {
		name := factName(f.C)
		// A struct the IDL declares without a typedef is named by its tag
		// (cExpr), unless C has a typedef of that name (from another header
		// that declares it first: d3d9types.h's D3DCOLORVALUE).
		if typedefs[name] {
			facts[i].C = strings.Replace(strings.Replace(f.C, "(struct "+name, "("+name, 1), "(union "+name, "("+name, 1)
		}
		spelled[i] = facts[i].C
		if !ids[name] {
			res[i] = factMissing
			continue
		}
		named = append(named, facts[i])
		at = append(at, i)
	}
	include := "#include \"" + pre + "\"\n"
	var wrong []int
	for j, r := range compileFactsIn(t, cc, u.args, include, named) {
		res[at[j]] = r
		if r == factWrong {
			wrong = append(wrong, at[j])
		}
	}
	return res, spelled, cValues(t, cc, u.args, include, facts, wrong)
}

// isID reports whether c can be part of a C identifier.
func isID(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// identifiers returns the C identifiers in text.
func identifiers(text []byte) map[string]bool {
	ids := map[string]bool{}
	for i := 0; i < len(text); {
		if !isID(text[i]) {
			i++
			continue
		}
		j := i
		for j < len(text) && isID(text[j]) {
			j++
		}
		if c := text[i]; c < '0' || c > '9' {
			ids[string(text[i:j])] = true
		}
		i = j
	}
	return ids
}

// typedefNames returns the names C text declares with typedef: the
// identifiers before a comma, semicolon or bracket outside braces and
// parentheses, from typedef to its semicolon. Preprocessor lines, strings
// and character constants are skipped.
func typedefNames(text []byte) map[string]bool {
	names := map[string]bool{}
	in, braces, parens := false, 0, 0
	last := ""  // the identifier just before, if the token before was one
	bol := true // at the beginning of a line (but for blanks)
	for i := 0; i < len(text); {
		c := text[i]
		switch {
		case c == '\n':
			bol = true
			i++
			continue
		case c == ' ' || c == '\t' || c == '\r':
			i++
			continue
		case bol && c == '#':
			for i < len(text) && text[i] != '\n' {
				i++
			}
			continue
		}
		bol = false
		switch {
		case isID(c):
			j := i
			for j < len(text) && isID(text[j]) {
				j++
			}
			word := string(text[i:j])
			i = j
			if word == "typedef" && braces == 0 {
				in, parens = true, 0
			}
			last = word
			continue
		case c == '"' || c == '\'':
			for i++; i < len(text) && text[i] != c && text[i] != '\n'; i++ {
				if text[i] == '\\' {
					i++
				}
			}
		case c == '{':
			braces++
		case c == '}':
			braces--
		case c == '(':
			parens++
		case c == ')':
			parens--
		case in && (c == ',' || c == ';' || c == '[') && last != "" && braces == 0 && parens == 0:
			names[last] = true
		}
		if c == ';' && braces == 0 {
			in = false
		}
		last = ""
		i++
	}
	return names
}

// factName is the C name a fact's expression needs: the type of
// sizeof(T) or offsetof(T, f) (struct and union tags too), or the
// enumerator or constant itself.
func factName(c string) string {
	_, after, ok := strings.Cut(c, "(")
	if !ok {
		return c
	}
	after = strings.TrimPrefix(strings.TrimPrefix(after, "struct "), "union ")
	return strings.TrimRight(strings.FieldsFunc(after, func(r rune) bool { return r == ',' || r == ')' })[0], " ")
}

// TestLayoutAgainstWineHeaders proves the layouts of every package comgen
// generates from the Wine corpus (libwine-dev's IDL) with a C compiler, for
// 32-bit and 64-bit Windows: each corpus file's own layout facts (struct
// sizes and field offsets, vtable slots, enumerator and constant values;
// gen.LayoutFacts, which generated_test.go holds the Go types to), and those of
// the C headers it imports, are compiled as _Static_asserts against the C
// header widl generated from the same IDL, which libwine-dev ships beside it,
// with mingw-w64's gcc and Wine's own C runtime headers. All the headers
// share two translation units per architecture; a fact whose C name they do
// not declare is counted as missing, not failed.
func TestLayoutAgainstWineHeaders(t *testing.T) {
	t.Parallel()
	idltest.Require(t, idltest.WineIDLDir, "libwine-dev")
	idltest.Require(t, filepath.Join(filepath.Dir(idltest.WineIDLDir), "msvcrt", "stddef.h"), "libwine-dev")
	start := time.Now()
	files, includer := corpusFiles(t)
	var standalone []string
	fragment := map[string]bool{}
	for _, f := range files {
		switch {
		case includer[f] == "":
			standalone = append(standalone, f)
		case exists(strings.TrimSuffix(f, ".idl") + ".h"):
			// A fragment is loaded through its includer, and on its own too
			// where it has a C header of its own: other files import it
			// (transact.idl, whose structs oledb.idl's includer packs to 2
			// bytes for 32-bit C, and txcoord.idl imports unpacked).
			standalone = append(standalone, f)
			fragment[f] = true
		}
	}

	// Load the corpus on every CPU (the cache is shared and safe for that).
	type loaded struct {
		facts   []ownFact
		others  []string // structs with facts that are not the file's own
		loadErr error    // from idl.Load
		err     error    // from the facts
	}
	out := make([]loaded, len(standalone))
	cache := wineCache
	var wg sync.WaitGroup
	next := make(chan int)
	for w := 0; w < runtime.GOMAXPROCS(0); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				prog, err := idl.Load(wineConfig(cache), standalone[i])
				if out[i].loadErr = err; err == nil {
					out[i].facts, out[i].others, out[i].err = ownFacts(prog)
				}
			}
		}()
	}
	for i := range standalone {
		next <- i
	}
	close(next)
	wg.Wait()
	t.Logf("loaded %d corpus files (and %d fragments through them) in %v", len(standalone), len(files)-len(standalone), time.Since(start).Round(time.Millisecond))

	// USE_COM_CONTEXT_DEF: objidlbase.idl declares IContext, ContextProperty
	// and more for C inside cpp_quote("#ifdef USE_COM_CONTEXT_DEF").
	first := []string{"#define USE_COM_CONTEXT_DEF", "#include <windows.h>", "#include <ole2.h>"}
	shared := newUnit("Wine's headers", wineCArgs(), first...)
	for _, h := range wineHeadersFirst {
		shared.first = append(shared.first, "#include <"+h.header+">")
	}
	apart := newUnit("Wine's headers apart", wineCArgs(), first...)
	apartAt := map[string]int{}
	for i, h := range wineHeadersApart {
		apartAt[h.header] = i
		apart.before[h.header] = h.before
	}
	mingw := newUnit("mingw-w64's headers", nil, "#include <windows.h>", "#include <ole2.h>")
	units := []*cUnit{shared, apart, mingw}
	var failed, noHeader []string
	withFacts, toMingw := 0, 0
	for i, f := range standalone {
		base := filepath.Base(f)
		if err := out[i].loadErr; err != nil && fragment[f] {
			continue // a fragment that needs its includer
		} else if err != nil {
			line, _, _ := strings.Cut(err.Error(), "\n")
			failed = append(failed, line) // TestWineCorpus reports these
			continue
		}
		if err := out[i].err; err != nil {
			t.Errorf("%s: %v", base, err)
			continue
		}
		if len(out[i].facts) == 0 {
			continue
		}
		withFacts++
		h := strings.TrimSuffix(base, ".idl") + ".h"
		u := shared
		switch {
		case exists(strings.TrimSuffix(f, ".idl") + ".h"):
			if _, ok := apartAt[h]; ok {
				u = apart
			}
		case exists(filepath.Join(idltest.MingwIncludeDir, h)):
			u = mingw
			toMingw++
		default:
			noHeader = append(noHeader, base+": neither libwine-dev nor mingw-w64 has "+h)
			continue
		}
		for _, fact := range out[i].facts {
			header := fact.header
			if header == "" {
				header = h
			}
			u.add(fact, base, header)
		}
	}
	for _, u := range units {
		for h := range u.want {
			u.headers = append(u.headers, h)
		}
		rank := func(h string) int { // apart: in wineHeadersApart's order, after the headers of its #defines
			if i, ok := apartAt[h]; ok && u == apart {
				return i
			}
			return -1
		}
		sort.Slice(u.headers, func(i, j int) bool {
			a, b := u.headers[i], u.headers[j]
			if rank(a) != rank(b) {
				return rank(a) < rank(b)
			}
			return a < b
		})
	}
	for _, f := range failed {
		t.Logf("not loaded (TestWineCorpus reports it): %s", f)
	}
	// Every struct with a Go layout in some generated package must be some
	// corpus file's own (or its C header's), or it is checked by nothing
	// here: a struct of a file outside the corpus (the built-in stdole.idl)
	// would be.
	own := map[string]bool{}
	for _, o := range out {
		for _, f := range o.facts {
			own[f.TypeName] = own[f.TypeName] || f.kind == "struct"
		}
	}
	var unchecked []string
	for _, o := range out {
		for _, n := range o.others {
			if !own[n] && !slices.Contains(unchecked, n) {
				unchecked = append(unchecked, n)
			}
		}
	}
	sort.Strings(unchecked)
	if len(unchecked) > 0 {
		t.Errorf("structs with a Go layout that no corpus file declares, so none is checked against C: %v", unchecked)
	}
	t.Logf("%d corpus files have layout facts: %d checked against the header widl made of the same IDL, %d against mingw-w64's header of that name, %d without a C header",
		withFacts, withFacts-toMingw-len(noHeader), toMingw, len(noHeader))
	for _, n := range noHeader {
		t.Logf("no C header: %s", n)
	}
	if len(noHeader) > 5 {
		t.Errorf("%d corpus files have no C header to check their layouts against", len(noHeader))
	}

	var mu sync.Mutex
	t.Run("compile", func(t *testing.T) {
		for _, c := range mingwCompilers {
			t.Run(c.arch, func(t *testing.T) {
				t.Parallel()
				cc := mingwCC(t, c.cc, c.pkg)
				for _, u := range units {
					if len(u.facts) == 0 {
						continue
					}
					s := time.Now()
					res, spelled, values := u.check(t, cc, c.arch)
					t.Logf("%s: %d facts against %s (%d headers) in %v", c.arch, len(u.facts), u.name, len(u.headers), time.Since(s).Round(time.Millisecond))
					mu.Lock()
					u.results[c.arch], u.spelled[c.arch], u.values[c.arch] = res, spelled, values
					mu.Unlock()
				}
			})
		}
	})
	if t.Failed() || t.Skipped() {
		return
	}

	// Report: what agrees, by kind; what is missing; every disagreement.
	compiled := 0
	for _, c := range mingwCompilers {
		if _, ok := shared.results[c.arch]; !ok {
			continue // skipped: no compiler
		}
		compiled++
		agree, missing := map[string]int{}, map[string]int{}
		missingNames := map[string][]string{}
		covered := map[string]bool{} // files with a fact that agrees
		for _, u := range units {
			for i, r := range u.results[c.arch] {
				f, k := u.facts[i], u.kinds[i]
				f.C = u.spelled[c.arch][i]
				switch r {
				case factAgrees:
					agree[k]++
					for _, file := range u.from[i] {
						covered[file] = true
					}
				case factMissing:
					missing[k]++
					missingNames[k] = append(missingNames[k], fmt.Sprintf("%s (%s)", f.C, strings.Join(u.from[i], ", ")))
				case factWrong, factBitField:
					want, got := f.Want386, u.values[c.arch][i]
					if c.arch == "amd64" {
						want = f.Want64
					}
					if r == factBitField {
						got = "a bit-field (no byte offset)"
					}
					msg := fmt.Sprintf("%s: %s is %s in C, %d in comgen (%s; %s)", c.arch, f.C, got, want, strings.Join(u.from[i], ", "), u.name)
					switch {
					case knownInputError(f.C) != "":
						t.Logf("%s (a known error of the input: %s)", msg, knownInputError(f.C))
					default:
						t.Errorf("C disagrees: %s", msg)
					}
				}
			}
		}
		var parts []string
		for _, k := range factKinds {
			parts = append(parts, fmt.Sprintf("%d %s", agree[k], k))
		}
		t.Logf("%s: facts agreeing with C: %s, from %d corpus files; not declared by the C headers: %d struct, %d vtable, %d enum",
			c.arch, strings.Join(parts, ", "), len(covered), missing["struct"], missing["vtable"], missing["enum"])
		for _, k := range factKinds {
			if len(missingNames[k]) > 0 {
				t.Logf("%s: %s facts the C headers do not declare: %s", c.arch, k, strings.Join(missingNames[k], "; "))
			}
		}
		// Coverage: a change that stops facts from reaching the compiler
		// (a header that no longer compiles, facts no longer Root) must not
		// pass as agreement. The floors are a little below what was measured.
		for k, floor := range map[string]int{"struct": 6000, "vtable": 20000, "enum": 20000} {
			if agree[k] < floor {
				t.Errorf("%s: only %d %s facts agree with C, fewer than the %d expected", c.arch, agree[k], k, floor)
			}
		}
	}
	if compiled == 0 {
		t.Skip("no mingw-w64 gcc to compile with")
	}
}

// ownFact is a layout fact with its C name as the headers spell it, and the
// header that declares it when that is not the corpus file's own.
type ownFact struct {
	gen.LayoutFact
	kind   string // factKind
	header string
}

// ownFacts returns the layout facts of what a corpus file declares (Root)
// and of the C headers it imports (which have no package of their own: their
// types are the importer's), and the names of the other structs with facts
// (the imports').
func ownFacts(prog *idl.Program) (own []ownFact, others []string, err error) {
	facts, err := gen.LayoutFacts(prog, gen.Options{Package: "x"})
	if err != nil {
		return nil, nil, err
	}
	headers := map[*idl.File]bool{}
	for _, r := range prog.Roots {
		for _, h := range r.Headers {
			headers[h] = true
		}
	}
	byName := map[string][]idl.Entity{}
	for _, e := range prog.Entities {
		byName[e.EntityName()] = append(byName[e.EntityName()], e)
	}
	for _, f := range facts {
		k := factKind(f)
		var e idl.Entity
		for _, x := range byName[f.TypeName] {
			switch x.(type) {
			case *idl.StructInfo, *idl.AliasInfo: // an IDL-only typedef's size is a struct fact
				if k == "struct" {
					e = x
				}
			case *idl.IfaceInfo:
				if k == "vtable" {
					e = x
				}
			case *idl.EnumInfo, *idl.ConstInfo:
				if k == "enum" {
					e = x
				}
			}
		}
		if e == nil {
			return nil, nil, fmt.Errorf("no %s entity %s for the fact %s", k, f.TypeName, f.C)
		}
		if !f.Root && !headers[e.DeclFile()] {
			if k == "struct" && !slices.Contains(others, f.TypeName) {
				others = append(others, f.TypeName)
			}
			continue
		}
		of := ownFact{LayoutFact: f, kind: k}
		of.C = cExpr(f, e)
		if _, ok := e.(*idl.ConstInfo); ok && strings.HasSuffix(e.Position().File, ".h") {
			of.header = filepath.Base(e.Position().File) // a #define of a header the IDL #includes (mshtml.idl: mshtmdid.h)
		}
		own = append(own, of)
	}
	return own, others, nil
}

// cExpr spells fact f about e with the C names of a widl- (or MIDL-)
// generated header where gen.LayoutFact's differ: WinRT types are
// __x_ABI_C<namespace>_C<name> (a delegate's name with an I before it),
// generic instances keep their leading underscores, a struct or union
// declared without a typedef is named by its tag, and a method that
// overloads an inherited one is prefixed with its interface's name.
func cExpr(f gen.LayoutFact, e idl.Entity) string {
	if f.IsEnum {
		return f.C
	}
	op, args, _ := strings.Cut(f.C, "(")
	typ, field, offset := strings.Cut(strings.TrimSuffix(args, ")"), ",")
	switch x := e.(type) {
	case *idl.StructInfo:
		if offset {
			field = " " + anonymousFirst(x, strings.TrimSpace(field))
		}
		switch {
		case strings.Contains(x.Name, "."):
			typ = winrtCName(x.Name, false)
		case x.Name == x.Tag && !x.IDLOnly && x.Union && x.SwitchType == nil:
			typ = "union " + x.Name
		case x.Name == x.Tag && !x.IDLOnly:
			typ = "struct " + x.Name
		}
	case *idl.IfaceInfo:
		name := x.Name
		if x.Generic == nil && strings.Contains(x.Name, ".") {
			name = winrtCName(x.Name, x.Delegate)
		}
		typ = name + "Vtbl"
		// A method with the name of an inherited one (an overload:
		// ID2D1DeviceContext's CreateBitmap) is <interface>_<method> in C.
		if m := strings.TrimSpace(field); offset && x.Base != nil {
			for _, b := range x.Base.AllMethods() {
				if b.Name == m {
					field = " " + name + "_" + m
					break
				}
			}
		}
	}
	if offset {
		return op + "(" + typ + "," + field + ")"
	}
	return op + "(" + typ + ")"
}

// anonymousDummy matches the names C's anonymous unions and structs have in
// the IDL: macros that are empty in C (unless NONAMELESSUNION or
// NONAMELESSSTRUCT is defined).
var anonymousDummy = regexp.MustCompile(`^DUMMY(UNION|STRUCT)NAME\d*$`)

// anonymousFirst returns the C name of field of s: itself, or when it is an
// anonymous union or struct in C (DUMMYUNIONNAME), the name of its first
// member, whose offset is the same.
func anonymousFirst(s *idl.StructInfo, field string) string {
	for depth := 0; anonymousDummy.MatchString(field) && depth < 8; depth++ {
		var inner *idl.StructInfo
		for _, f := range s.Fields {
			if f.Name == field {
				if t := f.Type.Resolve(); t != nil && t.Kind == idl.RNamed {
					inner, _ = t.Decl.(*idl.StructInfo)
				}
			}
		}
		if inner == nil || len(inner.Fields) == 0 {
			return field
		}
		s, field = inner, inner.Fields[0].Name
		if inner.SwitchName != "" { // an encapsulated union: a struct of the discriminator and the union
			field = inner.SwitchName
		}
		for _, f := range inner.Fields {
			if field != "" {
				break
			}
			field = f.Name // an arm without a member has no name
		}
	}
	return field
}

// winrtCName is MIDL's C name of a WinRT type: Windows.Foundation.Point is
// __x_ABI_CWindows_CFoundation_CPoint.
func winrtCName(name string, delegate bool) string {
	parts := strings.Split(name, ".")
	if delegate {
		parts[len(parts)-1] = "I" + parts[len(parts)-1]
	}
	return "__x_ABI_C" + strings.Join(parts, "_C")
}

func exists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

// cProbe reads the number in the type of a probe's error message.
var cProbe = regexp.MustCompile(`^[^:]+\.c:(\d+)(?::\d+)?: error: .*'char \(\*\)\[(\d+)\]'`)

// cValues asks the compiler for C's value of the facts at wrong: each
// becomes the length of an array whose pointer type the error message names.
func cValues(t *testing.T, cc string, args []string, prologue string, facts []gen.LayoutFact, wrong []int) map[int]string {
	t.Helper()
	if len(wrong) == 0 {
		return nil
	}
	var b strings.Builder
	b.WriteString(prologue + "#include <stddef.h>\n")
	first := strings.Count(b.String(), "\n") + 1
	for n, i := range wrong {
		f := facts[i]
		if f.IsEnum { // in two halves: a 4 GB array does not exist on 386
			fmt.Fprintf(&b, "char (*hi%d)[((unsigned)(%s) >> 16) + 1] = 1.0; char (*lo%d)[((unsigned)(%s) & 0xffff) + 1] = 1.0;\n", n, f.C, n, f.C)
		} else {
			fmt.Fprintf(&b, "char (*v%d)[(%s) + 1] = 1.0;\n", n, f.C)
		}
	}
	src := filepath.Join(t.TempDir(), "values.c")
	if err := os.WriteFile(src, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	out, _ := exec.Command(cc, append(append([]string{"-fsyntax-only", "-fmax-errors=0"}, args...), src)...).CombinedOutput()
	nums := map[int][]int64{}
	quotes := strings.NewReplacer("‘", "'", "’", "'")
	for _, line := range strings.Split(string(out), "\n") {
		m := cProbe.FindStringSubmatch(quotes.Replace(line))
		if m == nil {
			continue
		}
		n, _ := strconv.Atoi(m[1])
		v, _ := strconv.ParseInt(m[2], 10, 64)
		nums[n-first] = append(nums[n-first], v-1)
	}
	vals := map[int]string{}
	for n, i := range wrong {
		v := nums[n]
		switch {
		case facts[i].IsEnum && len(v) == 2:
			vals[i] = fmt.Sprint(int32(uint32(v[0])<<16 | uint32(v[1])))
		case !facts[i].IsEnum && len(v) == 1:
			vals[i] = fmt.Sprint(v[0])
		default:
			vals[i] = "another value"
		}
	}
	return vals
}
