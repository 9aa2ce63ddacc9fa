package gen

import (
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/comgen/comgen/idl"
	"github.com/dave/jennifer/jen"
)

type hresultName struct {
	Name  string // the IDL's name, which String prints
	Go    string // the Go identifier, when it is not Name (eRender's ERender)
	Value int32
	Doc   string
}

// ident is the Go identifier of h.
func (h hresultName) ident() string {
	if h.Go != "" {
		return h.Go
	}
	return h.Name
}

// hresults lists every named HRESULT of the package: the IDL's HRESULT enums
// first, then the generic COM codes the IDL does not name itself.
func (g *generator) hresults() (all []hresultName, generic []hresultName) {
	seen := map[string]bool{}
	for _, e := range g.order {
		if c, ok := e.(*idl.ConstInfo); ok && isHRESULTConst(c) {
			// An HRESULT constant (cpp_quote("#define SCRIPT_E_REPORTED
			// 0x80020101"), const HRESULT X = ...) prints its name too.
			seen[c.Name] = true
			all = append(all, hresultName{Name: c.Name, Go: goIdent(c.Name), Value: int32(uint32(c.Value.Int))})
			continue
		}
		en, ok := e.(*idl.EnumInfo)
		if !ok || !g.hrEnums[en] {
			continue
		}
		for _, m := range en.Members {
			seen[m.Name] = true
			all = append(all, hresultName{Name: m.Name, Go: g.enumMemberName(en, m), Value: int32(m.Value)})
		}
	}
	for _, h := range genericHRESULTs {
		if g.opt.Runtime != "" {
			break // the shared runtime names them
		}
		if seen[h.Name] {
			continue
		}
		if _, declared := g.prog.Scope[h.Name]; declared && g.emitted[g.prog.Scope[h.Name]] {
			continue
		}
		hn := hresultName{Name: h.Name, Value: int32(h.Value)}
		all = append(all, hn)
		generic = append(generic, hn)
	}
	return all, generic
}

// canonical picks the name String reports for each value: among the names of a
// value, the first that follows the X_S_/X_E_ convention, else the first.
func canonical(all []hresultName) map[int32]string {
	names := map[int32]string{}
	conventional := func(n string) bool {
		return strings.Contains(n, "_S_") || strings.Contains(n, "_E_") || strings.HasPrefix(n, "S_") || strings.HasPrefix(n, "E_")
	}
	for _, h := range all {
		cur, ok := names[h.Value]
		if !ok || !conventional(cur) && conventional(h.Name) {
			names[h.Value] = h.Name
		}
	}
	return names
}

func (g *generator) hresultFile() *jen.File {
	f := g.newFile(false)
	all, generic := g.hresults()
	if len(generic) > 0 {
		var defs []jen.Code
		for _, h := range generic {
			defs = append(defs, jen.Id(h.Name).Add(g.rt(rtHRESULT)).Op("=").Add(hresultLit(int64(h.Value))))
		}
		f.Comment("Generic COM status codes (winerror.h).")
		f.Const().Defs(defs...)
	}
	names := canonical(all)
	// The named values: each value under the name canonical picks, in a
	// switch (a map would be built by the package's init and kept by the linker).
	hr := jen.Id("hr")
	params := jen.Params(hr.Clone().Add(g.rt(rtHRESULT))).String()
	body := jen.Block(
		jen.Switch(hr.Clone()).BlockFunc(func(sw *jen.Group) {
			for _, h := range all {
				if n := names[h.Value]; n == h.Name {
					sw.Case(jen.Id(h.ident())).Return(jen.Lit(n))
				}
			}
		}),
		jen.Return(jen.Lit("")),
	)
	if g.opt.Runtime != "" {
		if len(all) == 0 {
			return nil
		}
		comments(f, "The HRESULTs this package's IDL names, for HRESULT.Name and String; where several\nnames share a value, the first X_S_/X_E_ name declared wins.")
		f.Func().Id("init").Params().Block(g.rt(rtRegisterHRESULTNames).Call(jen.Func().Add(params, body)))
		return f
	}
	// A self-contained package (or a shared runtime) names them in a compact
	// table, read by the decoder of winerror.h's names: smaller in a binary
	// than the switch's code and strings.
	var named []compactEntry
	for _, h := range all {
		if names[h.Value] == h.Name {
			named = append(named, compactEntry{uint32(h.Value), h.Name})
		}
	}
	if words, codes, ok := compactNames(named); ok {
		comments(f, "hresultNameWords and hresultNameCodes name the HRESULTs of this package's IDL\n(and the generic ones), as winerror_names.go names winerror.h's; where several\nnames share a value, the first X_S_/X_E_ name declared wins.")
		f.Const().Defs(
			jen.Id("hresultNameWords").Op("=").Op("`"+words+"`"),
			jen.Id("hresultNameCodes").Op("=").Op("`"+codes+"`"),
		)
		f.Comment("hresultName gives each named value its name.")
		f.Func().Add(g.rt(rtHRESULTNames)).Add(params).Block(
			jen.Return(jen.Id("compactName").Call(jen.Id("hresultNameWords"), jen.Id("hresultNameCodes"), jen.Uint32().Call(hr.Clone()))),
		)
		return f
	}
	comments(f, "hresultName gives each named value its name; where several names share a value,\nthe first X_S_/X_E_ name declared wins.")
	f.Func().Add(g.rt(rtHRESULTNames)).Add(params, body)
	return f
}

// WinerrorFile is the name of the file with winerror.h's names, which every
// package that carries the runtime support has (the same in each).
const WinerrorFile = "winerror_names.go"

// winerrorFile renders WinerrorFile, or nil for a package that uses a shared runtime.
func (g *generator) winerrorFile() *jen.File {
	if g.opt.Runtime != "" {
		return nil
	}
	f := g.newFile(false)
	words, codes := winerrorCompact(g.opt.WriteRuntime)
	if g.opt.WriteRuntime {
		comments(f, "winerrorWords and winerrorCodes name the codes of winerror.h (mingw-w64's), for\nHRESULT.Name where the package names none (a Win32 error code names its\nFACILITY_WIN32 HRESULT), compactly: see winerrorName.")
	} else {
		comments(f, "winerrorWords and winerrorCodes name the codes of winerror.h (mingw-w64's), for\nHRESULT.Name where the package names none, compactly: see winerrorName. The\nnames of Win32 error codes are left out (a shared runtime package carries them):\nString shows a FACILITY_WIN32 HRESULT with the system's text for its code.")
	}
	f.Const().Defs(
		jen.Id("winerrorWords").Op("=").Op("`"+words+"`"),
		jen.Id("winerrorCodes").Op("=").Op("`"+codes+"`"),
	)
	var defs []jen.Code
	for _, c := range winerrorCOMCodes() {
		if _, taken := g.taken[c.Name]; taken || isGenericHRESULT(c.Name) {
			continue // the IDL's own declaration, or hresult_names.go's
		}
		defs = append(defs, jen.Id(c.Name).Add(g.rt(rtHRESULT)).Op("=").Add(hresultLit(int64(int32(c.Value)))))
	}
	if len(defs) > 0 {
		comments(f, "The status codes of winerror.h's COM facilities (NULL, RPC, DISPATCH, STORAGE\nand ITF: DISP_E_UNKNOWNNAME, TYPE_E_ELEMENTNOTFOUND, STG_E_INVALIDFUNCTION...),\nfor errors.Is. Typed constants cost nothing in a binary that does not use them.\nThe package's own declarations of these names take precedence.")
		f.Const().Defs(defs...)
	}
	return f
}

// The compact form of winerrorTable that winerrorName (hresult.go.tmpl)
// reads. A name is made of words (split at '_'). winerrorCodes is written in
// two kinds of characters: literal ones (0-9, A-Z and '_'), which stand for
// themselves, and the 56 others of winerrorDigits, each a digit, its position
// there; newlines are ignored. For each code in ascending order it holds:
//
//   - a separator, a digit s < winerrorSeps: the name starts with the first
//     s/2 words of the previous name, and when s is odd the code is the
//     previous one plus 1;
//   - when s is even, the difference from the previous code, lowest digit
//     first in base winerrorDeltaBase, each digit but the last plus
//     winerrorDeltaBase;
//   - the rest of the name's words, each either a run of literal characters
//     (a word emitted once: two such words in a row are one run, with their
//     '_') or a digit d > winerrorGlue naming a word of winerrorWords: word
//     r = d-winerrorGlue-1 when r < winerrorOneDigit, else a second digit e
//     follows and the word is winerrorOneDigit + (r-winerrorOneDigit)*56 + e.
//     A word emitted once may also be made of parts, runs of literal
//     characters and words of winerrorWords (CERTSRV: CERT, then SRV), each
//     part after the first preceded by the digit winerrorGlue (no '_'
//     between them).
//
// winerrorWords lists the words emitted more than once (and those with other
// characters), most frequent first, separated by spaces or newlines.
const (
	winerrorDigits    = `!"#$%&'()*+,-./:;<=>?@[\]^abcdefghijklmnopqrstuvwxyz{|}~`
	winerrorShare     = 5 // at most this many words taken from the previous name
	winerrorSeps      = 2 * (winerrorShare + 1)
	winerrorGlue      = winerrorSeps // the next part continues the word
	winerrorDeltaBase = 28
	winerrorOneDigit  = 27
	winerrorWrap      = 100  // characters per line of the literals
	winerrorMaxWords  = 1023 // winerrorName's index of the words
	winerrorMaxName   = 128  // winerrorName's buffer
)

// winerrorLiteral reports whether c stands for itself in winerrorCodes.
func winerrorLiteral(c byte) bool { return c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c == '_' }

// winerrorEntry is a line of winerrorTable.
type winerrorEntry struct {
	compactEntry
	win32 bool // the name is a Win32 error code's, which names its FACILITY_WIN32 HRESULT
}

// winerrorEntries reads winerrorTable.
var winerrorEntries = sync.OnceValue(func() []winerrorEntry {
	var out []winerrorEntry
	for line := range strings.SplitSeq(winerrorTable, "\n") {
		if len(line) <= 8 {
			continue
		}
		v, err := strconv.ParseUint(line[:8], 16, 32)
		if err != nil {
			panic("winerrorTable: " + line)
		}
		name, win32 := strings.CutPrefix(line[8:], "=")
		out = append(out, winerrorEntry{compactEntry{uint32(v), name}, win32})
	}
	return out
})

// winerrorCompact returns the compact form of winerrorTable (see
// winerrorCodes) that a package carries: a shared runtime package carries
// every name (full); a self-contained one leaves out the names of Win32
// error codes (ERROR_FILE_NOT_FOUND, RPC_S_SERVER_UNAVAILABLE, ...: 1,995 of
// winerror.h's 3,375 codes, 0x8007xxxx), whose HRESULTs its String shows
// with the system's text for the Win32 code instead, and keeps the names
// winerror.h gives to FACILITY_WIN32 HRESULTs as HRESULTs (E_ACCESSDENIED
// 0x80070005, E_INVALIDARG 0x80070057, ...).
func winerrorCompact(full bool) (words, codes string) {
	if full {
		return winerrorCompactFull()
	}
	return winerrorCompactOwn()
}

var (
	winerrorCompactFull = sync.OnceValues(func() (string, string) { return winerrorCompactOf(true) })
	winerrorCompactOwn  = sync.OnceValues(func() (string, string) { return winerrorCompactOf(false) })
)

func winerrorCompactOf(full bool) (words, codes string) {
	var entries []compactEntry
	for _, e := range winerrorEntries() {
		if full || !e.win32 {
			entries = append(entries, e.compactEntry)
		}
	}
	words, codes, ok := compactNames(entries)
	if !ok {
		panic("winerrorTable: no compact form")
	}
	return words, codes
}

// compactEntry is a value and its name, for compactNames.
type compactEntry struct {
	v    uint32
	name string
}

// compactNames writes names in the compact form winerrorName reads (see
// winerrorCodes), sorted by value; ok is false when they have none: a name
// longer than winerrorMaxName, with an empty word (a '_' at either end or
// two in a row) or a character a raw string or the word list cannot hold,
// two names of one value, or too many words.
func compactNames(names []compactEntry) (words, codes string, ok bool) {
	names = slices.Clone(names)
	sort.SliceStable(names, func(i, j int) bool { return names[i].v < names[j].v })
	type entry struct {
		v     uint32
		keep  int      // words taken from the previous name
		words []string // the others
	}
	var entries []entry
	var prev []string
	count := map[string]int{}
	for i, e := range names {
		if len(e.name) > winerrorMaxName || strings.ContainsAny(e.name, "` \n") || i > 0 && e.v == names[i-1].v {
			return "", "", false
		}
		ws := strings.Split(e.name, "_")
		if slices.Contains(ws, "") {
			return "", "", false
		}
		keep := 0
		for keep < min(len(ws)-1, len(prev), winerrorShare) && ws[keep] == prev[keep] {
			keep++
		}
		for _, w := range ws[keep:] {
			count[w]++
		}
		entries = append(entries, entry{e.v, keep, ws[keep:]})
		prev = ws
	}
	literal := func(w string) bool {
		for i := range len(w) {
			if !winerrorLiteral(w[i]) || w[i] == '_' {
				return false
			}
		}
		return count[w] == 1
	}
	var order []string
	for w := range count {
		if !literal(w) {
			order = append(order, w)
		}
	}
	sort.Slice(order, func(i, j int) bool {
		if count[order[i]] != count[order[j]] {
			return count[order[i]] > count[order[j]]
		}
		return order[i] < order[j]
	})
	const refs = len(winerrorDigits) - winerrorGlue - 1
	if len(order) > min(winerrorMaxWords, winerrorOneDigit+(refs-winerrorOneDigit)*len(winerrorDigits)) {
		return "", "", false
	}
	index := map[string]int{}
	var wb strings.Builder
	col := 0
	for i, w := range order {
		index[w] = i
		if i > 0 {
			if col+1+len(w) > winerrorWrap {
				wb.WriteByte('\n')
				col = 0
			} else {
				wb.WriteByte(' ')
				col++
			}
		}
		wb.WriteString(w)
		col += len(w)
	}
	var cb []byte
	digit := func(d int) { cb = append(cb, winerrorDigits[d]) }
	last := uint32(0)
	for _, e := range entries {
		d := e.v - last
		last = e.v
		if d == 1 {
			digit(2*e.keep + 1)
		} else {
			digit(2 * e.keep)
			for d >= winerrorDeltaBase {
				digit(winerrorDeltaBase + int(d%winerrorDeltaBase))
				d /= winerrorDeltaBase
			}
			digit(int(d))
		}
		ref := func(i int) {
			if i < winerrorOneDigit {
				digit(winerrorGlue + 1 + i)
				return
			}
			i -= winerrorOneDigit
			digit(winerrorGlue + 1 + winerrorOneDigit + i/len(winerrorDigits))
			digit(i % len(winerrorDigits))
		}
		lit := false // the last part written was literal
		for _, w := range e.words {
			if i, ok := index[w]; ok {
				ref(i)
				lit = false
				continue
			}
			for k, p := range compactParts(w, index) {
				switch {
				case k > 0:
					digit(winerrorGlue)
				case lit && p.literal:
					cb = append(cb, '_')
				}
				if p.literal {
					cb = append(cb, p.s...)
				} else {
					ref(index[p.s])
				}
				lit = p.literal
			}
		}
	}
	var out strings.Builder
	for len(cb) > winerrorWrap {
		out.Write(cb[:winerrorWrap])
		out.WriteByte('\n')
		cb = cb[winerrorWrap:]
	}
	out.Write(cb)
	return wb.String(), out.String(), true
}

// compactPart is a part of a word in winerrorCodes: a run of literal
// characters or a word of winerrorWords.
type compactPart struct {
	s       string
	literal bool
}

// compactParts splits w, a word emitted once, into the parts that write it in
// the fewest digits (see winerrorCodes): runs of literal characters and
// words of index (of two characters or more), a glue digit between two
// parts. Of two splits of one cost it takes the one with fewer parts.
func compactParts(w string, index map[string]int) []compactPart {
	type step struct {
		cost, parts int
		from        int  // where the last part starts
		prev        int  // the state at from (see best)
		literal     bool // the last part is literal
	}
	// best[j][0] writes w[:j] ending in a literal part, best[j][1] ending in
	// a word; a cost of -1 is no way yet.
	best := make([][2]step, len(w)+1)
	for j := range best {
		best[j] = [2]step{{cost: -1}, {cost: -1}}
	}
	best[0][0] = step{}
	keep := func(at *step, s step) {
		if at.cost < 0 || s.cost < at.cost || s.cost == at.cost && s.parts < at.parts {
			*at = s
		}
	}
	for j := range len(w) {
		glue := min(j, 1) // a part after the first is preceded by the glue digit
		for e := range 2 {
			at := best[j][e]
			if at.cost < 0 {
				continue
			}
			if e == 0 && j > 0 { // the literal part goes on
				keep(&best[j+1][0], step{at.cost + 1, at.parts, at.from, at.prev, true})
			} else {
				keep(&best[j+1][0], step{at.cost + glue + 1, at.parts + 1, j, e, true})
			}
			for k := j + 2; k <= len(w); k++ {
				if i, ok := index[w[j:k]]; ok {
					keep(&best[k][1], step{at.cost + glue + 1 + min(i/winerrorOneDigit, 1), at.parts + 1, j, e, false})
				}
			}
		}
	}
	e := 0
	if last := best[len(w)]; last[1].cost >= 0 && (last[1].cost < last[0].cost || last[1].cost == last[0].cost && last[1].parts < last[0].parts) {
		e = 1
	}
	var parts []compactPart
	for j := len(w); j > 0; {
		st := best[j][e]
		parts = append(parts, compactPart{w[st.from:j], st.literal})
		j, e = st.from, st.prev
	}
	slices.Reverse(parts)
	return parts
}

// winerrorCOMCodes returns the codes of winerrorTable in the facilities
// COM servers answer with (FACILITY_NULL, RPC, DISPATCH, STORAGE, ITF) whose
// names follow the X_E_/X_S_ convention, in the table's order: the ones
// that get Go identifiers (winerror.h's Win32 ERROR_* codes and those of
// other subsystems keep only their names, for HRESULT.Name).
var winerrorCOMCodes = sync.OnceValue(func() []GenericHRESULT {
	var out []GenericHRESULT
	for _, e := range winerrorEntries() {
		v, name := e.v, e.name
		if e.win32 || v>>16&0x7FF > 4 {
			continue
		}
		if !strings.Contains(name, "_E_") && !strings.Contains(name, "_S_") && !strings.HasPrefix(name, "E_") && !strings.HasPrefix(name, "S_") {
			continue
		}
		out = append(out, GenericHRESULT{Name: name, Value: v})
	}
	return out
})

// hresultTests adds to the package's test file (testFile) the HRESULT
// mapping's tests: a table of every named value, with the name String must
// print, and the checks of TestHRESULTMapping over it. It reports whether the
// package names any HRESULT.
func (g *generator) hresultTests(f *jen.File) bool {
	all, _ := g.hresults()
	if len(all) == 0 {
		return false
	}
	names := canonical(all)
	if g.opt.Runtime != "" {
		// The shared runtime names the generic codes first, and a value
		// keeps its first name: 0 is S_OK there, not WBEM_S_NO_ERROR.
		for _, h := range genericHRESULTs {
			if _, ok := names[int32(h.Value)]; ok {
				names[int32(h.Value)] = h.Name
			}
		}
	}
	var rows []jen.Code
	for _, h := range all {
		rows = append(rows, jen.Values(jen.Id(h.ident()), jen.Lit(names[h.Value])))
	}
	f.Comment("hresultCases are the package's named HRESULTs, each with the name String prints.")
	f.Var().Id("hresultCases").Op("=").Index().Struct(
		jen.Id("hr").Add(g.rt(rtHRESULT)),
		jen.Id("name").String(),
	).Values(rows...)

	t := jen.Id("t")
	c := func() *jen.Statement { return jen.Id("c") }
	comments(f, "TestHRESULTMapping checks name, hex form, success/failure, errors.Is and the\nraw-register conversion that every wrapper uses, for every named HRESULT.")
	f.Func().Id("TestHRESULTMapping").Params(t.Clone().Op("*").Qual("testing", "T")).Block(
		jen.For(jen.List(jen.Id("_"), c()).Op(":=").Range().Id("hresultCases")).Block(
			jen.If(
				jen.List(jen.Id("got"), jen.Id("want")).Op(":=").List(c().Dot("hr").Dot("String").Call(), jen.Qual("fmt", "Sprintf").Call(jen.Lit("%s (0x%08X)"), c().Dot("name"), jen.Uint32().Call(c().Dot("hr")))),
				jen.Id("got").Op("!=").Id("want"),
			).Block(
				t.Clone().Dot("Errorf").Call(jen.Lit("%s: String() = %q, want %q"), c().Dot("name"), jen.Id("got"), jen.Id("want")),
			),
			jen.Comment("winerror.h's FAILED: the severity bit, the sign of the 32-bit value."),
			jen.Id("failed").Op(":=").Int32().Call(c().Dot("hr")).Op("<").Lit(0),
			jen.If(c().Dot("hr").Dot("Failed").Call().Op("!=").Id("failed").Op("||").Add(c()).Dot("hr").Dot("Succeeded").Call().Op("==").Id("failed")).Block(
				t.Clone().Dot("Errorf").Call(jen.Lit("%s: Failed() = %v, want %v"), c().Dot("name"), c().Dot("hr").Dot("Failed").Call(), jen.Id("failed")),
			),
			jen.Comment("A callee returns the HRESULT in the low 32 bits of the register; the high bits are not defined."),
			jen.For(jen.List(jen.Id("_"), jen.Id("raw")).Op(":=").Range().Index().Uint64().Values(
				jen.Uint64().Call(jen.Uint32().Call(c().Dot("hr"))),
				jen.Uint64().Call(jen.Int64().Call(jen.Int32().Call(c().Dot("hr")))), // sign-extended
				jen.Op("0xDEADBEEF00000000").Op("|").Uint64().Call(jen.Uint32().Call(c().Dot("hr"))),
			)).Block(
				jen.If(jen.Id("got").Op(":=").Add(g.rt(rtHRESULTFromSyscall)).Call(jen.Uintptr().Call(jen.Id("raw"))), jen.Id("got").Op("!=").Add(c()).Dot("hr")).Block(
					t.Clone().Dot("Errorf").Call(jen.Lit("%s: hresultFromSyscall(%#x) = %v"), c().Dot("name"), jen.Id("raw"), jen.Id("got")),
				),
			),
			jen.Id("err").Op(":=").Add(c()).Dot("hr").Dot("Err").Call(),
			jen.If(jen.Op("!").Id("failed")).Block(
				jen.If(jen.Id("err").Op("!=").Nil()).Block(
					t.Clone().Dot("Errorf").Call(jen.Lit("%s: a success code must not be an error, got %v"), c().Dot("name"), jen.Id("err")),
				),
				jen.Continue(),
			),
			jen.Id("wrapped").Op(":=").Qual("fmt", "Errorf").Call(jen.Lit("calling: %w"), jen.Id("err")),
			jen.If(jen.Op("!").Qual("errors", "Is").Call(jen.Id("wrapped"), c().Dot("hr"))).Block(
				t.Clone().Dot("Errorf").Call(jen.Lit("%s: errors.Is(wrapped, hr) = false"), c().Dot("name")),
			),
			jen.Var().Id("target").Add(g.rt(rtHRESULT)),
			jen.If(jen.Op("!").Qual("errors", "As").Call(jen.Id("wrapped"), jen.Op("&").Id("target")).Op("||").Id("target").Op("!=").Add(c()).Dot("hr")).Block(
				t.Clone().Dot("Errorf").Call(jen.Lit("%s: errors.As gave %v"), c().Dot("name"), jen.Id("target")),
			),
			jen.If(jen.Qual("errors", "Is").Call(jen.Id("wrapped"), c().Dot("hr").Op("^").Lit(1))).Block(
				t.Clone().Dot("Errorf").Call(jen.Lit("%s: errors.Is matched a different code"), c().Dot("name")),
			),
		),
	)
	f.Comment("TestHRESULTUnnamed checks the form of codes without a name.")
	f.Func().Id("TestHRESULTUnnamed").Params(t.Clone().Op("*").Qual("testing", "T")).Block(
		jen.Id("hr").Op(":=").Add(g.rt(rtHRESULT)).Call(jen.Op("0x80010000")).Comment("in no table of winerror.h"),
		jen.If(jen.Id("hr").Dot("Name").Call().Op("==").Lit("")).Block(
			jen.If(jen.List(jen.Id("got"), jen.Id("want")).Op(":=").List(jen.Id("hr").Dot("Error").Call(), jen.Lit("HRESULT(0x80010000)")), jen.Id("got").Op("!=").Id("want")).Block(
				t.Clone().Dot("Errorf").Call(jen.Lit("Error() = %q, want %q"), jen.Id("got"), jen.Id("want")),
			),
		),
		jen.If(jen.Id("hr").Dot("Facility").Call().Op("!=").Lit(1).Op("||").Id("hr").Dot("Code").Call().Op("!=").Lit(0).Op("||").Op("!").Id("hr").Dot("Failed").Call()).Block(
			t.Clone().Dot("Errorf").Call(jen.Lit("Facility, Code, Failed = %d, %d, %v; want 1, 0, true"), jen.Id("hr").Dot("Facility").Call(), jen.Id("hr").Dot("Code").Call(), jen.Id("hr").Dot("Failed").Call()),
		),
	)
	return true
}
