package idl

import (
	"slices"
	"strconv"
	"strings"
)

// Macro is a #define.
type Macro struct {
	Name     string
	Params   []string // nil for object-like macros
	FuncLike bool
	Body     []Token
	Pos      Pos
}

// preprocessor runs the C preprocessor subset that IDL files use over one file's
// tokens: conditionals, #define/#undef (object-like and function-like), #include,
// and macro expansion. #pragma, #line and unknown directives in live code are dropped.
type preprocessor struct {
	loader  *loader
	macros  map[string]*Macro
	errs    *ErrorList
	skipped []lineRange // inactive regions and #define lines: lexer errors inside them are dropped
	// defines are the object-like macros C headers (.h files) define, in
	// order: the constants among them are facts a Go user needs (File.Defines).
	defines []*Macro
	// packs are the changes of #pragma pack, by index of the next live
	// token; pack is the packing in effect (0: the default) and packStack
	// what pack(push) saved.
	packs     []packChange
	pack      int
	packStack []int
	depth     int
	// expanded counts the tokens the current top-level macro use has produced;
	// past maxExpansion it is rejected (nested macros can double it at each level).
	expanded int
	// active counts, per macro name, the expansions of it in progress: a macro
	// is never expanded inside its own expansion (C's hide set). nesting is
	// how many expansions are in progress.
	active  map[string]int
	nesting int
	// inArgs counts the arguments being expanded for substitution: macros
	// met there belong to the use that takes them, and count against its
	// expansion, not a new one.
	inArgs int
	// total counts the tokens all macro uses of the file (with what it
	// includes) have produced; past maxTotalExpansion uses are refused.
	total         int
	totalReported bool
	// use is the macro used in the source text being expanded; aborted is set
	// once its expansion was reported as too large or too deep.
	use     string
	usePos  Pos
	aborted bool
}

// maxExpansion bounds the tokens one macro use in the source may expand to,
// with the arguments it expands.
const maxExpansion = 1 << 18

// maxTotalExpansion bounds the tokens the macro uses of one file produce
// together (with what it includes): over four times what Wine's mshtml.idl,
// the corpus's most, makes (956,360), and about what 30 MiB of IDL hold.
var maxTotalExpansion = 1 << 22 // a variable for tests

type lineRange struct {
	file       string
	start, end int
}

type cond struct {
	pos      Pos
	active   bool // this branch is live
	taken    bool // some branch was live
	parentOn bool // the enclosing region is live
	sawElse  bool
	// target is set when this conditional or an enclosing one tests the
	// target architecture (_WIN64, _M_X64...): what it defines differs
	// between targets, so it is no constant of the IDL.
	target bool
}

// targetMacros are the macros C headers test to tell Windows targets apart.
var targetMacros = map[string]bool{"_WIN64": true, "_WIN32": true, "WIN64": true, "_M_X64": true, "_M_AMD64": true,
	"_M_IX86": true, "_M_ARM": true, "_M_ARM64": true, "_M_ARM64EC": true, "_AMD64_": true, "_X86_": true, "_ARM_": true,
	"_ARM64_": true, "__x86_64__": true, "__i386__": true, "__aarch64__": true, "__arm__": true, "__LP64__": true}

// testsTarget reports whether a directive's arguments name a target macro.
func testsTarget(args []Token) bool {
	for _, a := range args {
		if a.Kind == IDENT && targetMacros[a.Text] {
			return true
		}
	}
	return false
}

// run preprocesses toks (of file cur) and returns the live tokens, ending in EOF.
func (pp *preprocessor) run(cur fileRef, toks []Token) []Token {
	// Most tokens of a file are live and expand to themselves.
	out := pp.runInto(make([]Token, 0, len(toks)+len(toks)/8), cur, toks)
	return append(out, toks[len(toks)-1])
}

// runInto appends the live tokens of toks (of file cur), without its EOF, to
// out: an #included file's go straight into its includer's.
func (pp *preprocessor) runInto(out []Token, cur fileRef, toks []Token) []Token {
	var stack []cond
	live := func() bool { return len(stack) == 0 || stack[len(stack)-1].active }
	skipStart := 0
	for i := 0; i < len(toks); {
		t := toks[i]
		if t.Kind == EOF {
			break
		}
		if !(t.Is("#") && t.BOL) {
			// Collect a run of ordinary tokens up to the next directive.
			j := i
			for j < len(toks) && toks[j].Kind != EOF && !(toks[j].Is("#") && toks[j].BOL) {
				j++
			}
			if live() {
				out = pp.expand(out, toks[i:j])
			}
			i = j
			continue
		}
		// A directive: the tokens up to the next beginning of a line.
		j := i + 1
		for j < len(toks) && toks[j].Kind != EOF && !toks[j].BOL {
			j++
		}
		line := toks[i+1 : j]
		i = j
		if len(line) == 0 {
			continue // the null directive
		}
		name := line[0].Text
		args := line[1:]
		wasLive := live()
		switch name {
		case "if", "ifdef", "ifndef":
			on := false
			if wasLive {
				switch name {
				case "if":
					on = pp.evalCond(line[0], args)
				case "ifdef", "ifndef":
					if len(args) == 0 || args[0].Kind != IDENT {
						pp.errs.Add(line[0].Pos, "expected macro name after #%s", name)
					} else {
						_, def := pp.macros[args[0].Text]
						on = def == (name == "ifdef")
					}
				}
			}
			target := testsTarget(args) || len(stack) > 0 && stack[len(stack)-1].target
			stack = append(stack, cond{pos: t.Pos, active: wasLive && on, taken: on, parentOn: wasLive, target: target})
		case "elif", "else":
			if len(stack) == 0 {
				pp.errs.Add(t.Pos, "#%s without #if", name)
				continue
			}
			c := &stack[len(stack)-1]
			if c.sawElse {
				pp.errs.Add(t.Pos, "#%s after #else (the #if is at %s)", name, c.pos)
			}
			if name == "else" {
				c.sawElse = true
				c.active = c.parentOn && !c.taken
				c.taken = true
			} else {
				c.target = c.target || testsTarget(args)
				on := false
				if c.parentOn && !c.taken {
					on = pp.evalCond(line[0], args)
				}
				c.active = c.parentOn && !c.taken && on
				c.taken = c.taken || on
			}
		case "endif":
			if len(stack) == 0 {
				pp.errs.Add(t.Pos, "#endif without #if")
				continue
			}
			stack = stack[:len(stack)-1]
		default:
			if !wasLive {
				break
			}
			switch name {
			case "define":
				inTarget := len(stack) > 0 && stack[len(stack)-1].target
				if m := pp.define(line[0], args); m != nil && !m.FuncLike && len(m.Body) > 0 && isCHeader(cur.display) && !inTarget {
					pp.defines = append(pp.defines, m)
				}
				// A macro body may hold characters that are no IDL token (C headers
				// have them in SAL macros); they matter only if the macro is used.
				pp.skipped = append(pp.skipped, lineRange{cur.display, t.Pos.Line, line[len(line)-1].Pos.Line})
			case "undef":
				if len(args) == 0 || args[0].Kind != IDENT {
					pp.errs.Add(line[0].Pos, "expected macro name after #undef")
				} else {
					delete(pp.macros, args[0].Text)
				}
			case "include":
				out = pp.include(out, cur, line[0], args)
				out = slices.Grow(out, len(toks)-i) // room for the rest of this file
			case "error":
				pp.errs.Add(t.Pos, "#error %s", joinText(args))
			case "pragma":
				pp.pragma(len(out), args)
			case "line", "warning", "ident", "import":
				// Kept out of the token stream: none of them changes the declarations.
			default:
				if line[0].Kind == INT { // "# 12 "file"" line markers
					break
				}
				pp.errs.Add(line[0].Pos, "unknown preprocessor directive #%s", name)
			}
		}
		// Track skipped regions for dropping lexer errors found inside them.
		if wasLive && !live() {
			skipStart = t.Pos.Line
		} else if !wasLive && live() {
			pp.skipped = append(pp.skipped, lineRange{cur.display, skipStart, t.Pos.Line})
		}
	}
	if len(stack) > 0 {
		c := stack[len(stack)-1]
		pp.errs.Add(c.pos, "unterminated conditional: expected #endif before end of file")
		pp.skipped = append(pp.skipped, lineRange{cur.display, skipStart, 1 << 30})
	}
	return out
}

// evalCond evaluates a #if/#elif expression.
func (pp *preprocessor) evalCond(dir Token, args []Token) bool {
	if len(args) == 0 {
		pp.errs.Add(dir.Pos, "expected expression after #%s", dir.Text)
		return false
	}
	// Replace defined X / defined(X) before macro expansion.
	var pre []Token
	for k := 0; k < len(args); k++ {
		a := args[k]
		if a.Kind == IDENT && a.Text == "defined" {
			name := Token{}
			switch {
			case k+1 < len(args) && args[k+1].Kind == IDENT:
				name = args[k+1]
				k++
			case k+3 < len(args) && args[k+1].Is("(") && args[k+2].Kind == IDENT && args[k+3].Is(")"):
				name = args[k+2]
				k += 3
			default:
				pp.errs.Add(a.Pos, "expected macro name after defined")
				return false
			}
			v := "0"
			if _, ok := pp.macros[name.Text]; ok {
				v = "1"
			}
			pre = append(pre, Token{Kind: INT, Text: v, Pos: a.Pos})
			continue
		}
		pre = append(pre, a)
	}
	exp := pp.expand(nil, pre)
	// Identifiers left after expansion are 0, as in C.
	for k := range exp {
		if exp[k].Kind == IDENT {
			exp[k] = Token{Kind: INT, Text: "0", Pos: exp[k].Pos}
		}
		exp[k].BOL = false
	}
	last := args[len(args)-1].Pos
	var errs ErrorList
	e := ParseExpr(exp, last, &errs)
	if len(errs) > 0 {
		pp.errs.Add(errs[0].Pos, "in #%s: %s", dir.Text, errs[0].Msg)
		return false
	}
	ev := &evaluator{}
	v, err := ev.evalInt(e)
	if err != nil {
		if pe, ok := err.(*Error); ok {
			pp.errs.Add(pe.Pos, "in #%s: %s", dir.Text, pe.Msg)
		} else {
			pp.errs.Add(dir.Pos, "in #%s: %v", dir.Text, err)
		}
		return false
	}
	return v != 0
}

// isCHeader reports whether the file name is a C header's.
func isCHeader(name string) bool { return strings.HasSuffix(strings.ToLower(name), ".h") }

func (pp *preprocessor) define(dir Token, args []Token) *Macro {
	if len(args) == 0 || args[0].Kind != IDENT {
		pp.errs.Add(dir.Pos, "expected macro name after #define")
		return nil
	}
	m := &Macro{Name: args[0].Text, Pos: args[0].Pos}
	body := args[1:]
	// A function-like macro has '(' immediately after the name, with no space.
	if len(body) > 0 && body[0].Is("(") && body[0].Pos.Line == m.Pos.Line && body[0].Pos.Col == m.Pos.Col+len(m.Name) {
		m.FuncLike = true
		k := 1
		for k < len(body) && !body[k].Is(")") {
			if body[k].Kind == IDENT || body[k].Is("...") {
				m.Params = append(m.Params, body[k].Text)
			} else if !body[k].Is(",") {
				pp.errs.Add(body[k].Pos, "expected parameter name in macro %s, found %s", m.Name, body[k].describe())
				return nil
			}
			k++
		}
		if k == len(body) {
			pp.errs.Add(body[0].Pos, "expected ')' in parameter list of macro %s", m.Name)
			return nil
		}
		body = body[k+1:]
	}
	m.Body = slices.Clone(body) // body is in the lexer's buffer, which is reused
	pp.macros[m.Name] = m
	return m
}

// include appends the live tokens of the file an #include names to out.
func (pp *preprocessor) include(out []Token, cur fileRef, dir Token, args []Token) []Token {
	var name string
	switch {
	case len(args) > 0 && args[0].Kind == STRING:
		name = args[0].Value
	case len(args) > 0 && args[0].Is("<"):
		var b strings.Builder
		ok := false
		for _, a := range args[1:] {
			if a.Is(">") {
				ok = true
				break
			}
			b.WriteString(a.Text)
		}
		if !ok {
			pp.errs.Add(dir.Pos, "expected '>' after #include <file")
			return out
		}
		name = b.String()
	default:
		pp.errs.Add(dir.Pos, "expected \"file\" or <file> after #include")
		return out
	}
	if pp.depth >= 64 {
		pp.errs.Add(dir.Pos, "#include nested too deeply (recursive include of %q?)", name)
		return out
	}
	ref, src, err := pp.loader.find(cur, name)
	if err != nil {
		pp.errs.Add(args[0].Pos, "cannot find included file %q (searched %s)", name, pp.loader.searched(cur))
		return out
	}
	pp.depth++
	defer func() { pp.depth-- }()
	sub := pp.loader.lex(ref.display, src)
	out = pp.runInto(slices.Grow(out, len(sub)), ref, sub)
	pp.loader.release(sub)
	return out
}

// expand appends toks to out with macros expanded, and returns out. Each
// token is appended once, straight into out at every level of nesting, and
// the hide set is a counted map, so expansion takes time linear in the tokens
// it produces.
func (pp *preprocessor) expand(out, toks []Token) []Token {
	if pp.active == nil {
		pp.active = map[string]int{}
	}
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		if t.Kind != IDENT {
			out = append(out, t)
			continue
		}
		m, ok := pp.macros[t.Text]
		if !ok || pp.active[t.Text] > 0 {
			out = append(out, t)
			continue
		}
		if pp.nesting == 0 && pp.inArgs == 0 {
			// A use in the source text starts a new count, which the
			// expansion of its arguments is part of.
			pp.expanded, pp.aborted = 0, false
			pp.use, pp.usePos = m.Name, t.Pos
		}
		var body []Token
		if m.FuncLike {
			if i+1 >= len(toks) || !toks[i+1].Is("(") {
				out = append(out, t) // a function-like macro name without arguments is not a call
				continue
			}
			i0 := i
			args, end, ok := collectArgs(toks, i+1)
			if !ok {
				pp.errs.Add(t.Pos, "unterminated argument list invoking macro %s", m.Name)
				return out
			}
			i = end
			// The arguments were copied: they count as the use's work.
			if pp.count(end - i0); pp.aborted {
				if pp.nesting > 0 || pp.inArgs > 0 {
					return out
				}
				out = append(out, Token{Kind: INT, Text: "0", Pos: t.Pos, BOL: t.BOL})
				continue
			}
			if len(args) == 1 && len(args[0]) == 0 && len(m.Params) == 0 {
				args = nil
			}
			variadic := len(m.Params) > 0 && m.Params[len(m.Params)-1] == "..."
			if len(args) != len(m.Params) && !(variadic && len(args) >= len(m.Params)-1) {
				pp.errs.Add(t.Pos, "macro %s takes %d arguments, found %d", m.Name, len(m.Params), len(args))
				continue
			}
			body = pp.substitute(m, args)
		} else {
			body = m.Body
		}
		if !pp.aborted {
			pp.count(len(body))
		}
		if pp.aborted {
			if pp.nesting > 0 || pp.inArgs > 0 {
				return out
			}
			// The use in the source stands for 0, as after an aborted expansion below.
			out = append(out, Token{Kind: INT, Text: "0", Pos: t.Pos, BOL: t.BOL})
			continue
		}
		// Expanded tokens take the position of the use, so errors point at the source line.
		placed := make([]Token, len(body))
		for k, b := range body {
			b.Pos = t.Pos
			b.BOL = k == 0 && t.BOL
			if k == 0 {
				b.Doc = t.Doc
			}
			placed[k] = b
		}
		start := len(out)
		pp.active[m.Name]++
		pp.nesting++
		out = pp.expand(out, placed)
		pp.nesting--
		pp.active[m.Name]--
		if pp.aborted {
			if pp.nesting > 0 {
				return out
			}
			// The use stands for 0: its partial expansion would only add
			// errors about unbalanced parentheses to the one reported.
			out = append(out[:start], Token{Kind: INT, Text: "0", Pos: t.Pos, BOL: t.BOL})
		}
	}
	return out
}

// count adds n tokens to the current use's expansion and to the file's,
// and reports and aborts the use when either is past its bound (or the
// expansions nest too deeply): before the tokens are produced.
func (pp *preprocessor) count(n int) {
	pp.expanded += n
	pp.total += n
	if pp.aborted || pp.expanded <= maxExpansion && pp.total <= maxTotalExpansion && pp.nesting < maxNesting {
		return
	}
	pp.aborted = true
	switch {
	case pp.nesting >= maxNesting:
		pp.errs.Add(pp.usePos, "macro %s: expansions nested more than %d deep", pp.use, maxNesting)
	case pp.expanded > maxExpansion:
		pp.errs.Add(pp.usePos, "macro %s expands to more than %d tokens: expected macros that do not multiply", pp.use, maxExpansion)
	case !pp.totalReported:
		pp.totalReported = true
		pp.errs.Add(pp.usePos, "macro %s: the file's macros expand to more than %d tokens in all", pp.use, maxTotalExpansion)
	}
}

// substitute replaces parameters in a function-like macro body; handles # and ##.
// Each argument is expanded once, as C does, however often the body names it;
// the tokens are counted (see count) before they are copied, and substitution
// stops once the use is aborted.
func (pp *preprocessor) substitute(m *Macro, args [][]Token) []Token {
	param := func(name string) int {
		for k, p := range m.Params {
			if p == name || p == "..." && name == "__VA_ARGS__" {
				return k
			}
		}
		return -1
	}
	argOf := func(k int) []Token {
		if m.Params[k] == "..." {
			var all []Token
			for j := k; j < len(args); j++ {
				if j > k {
					all = append(all, Token{Kind: PUNCT, Text: ","})
				}
				all = append(all, args[j]...)
			}
			return all
		}
		if k < len(args) {
			return args[k]
		}
		return nil
	}
	var out []Token
	var expanded map[int][]Token // each argument, expanded for substitution
	body := m.Body
	for k := 0; k < len(body) && !pp.aborted; k++ {
		b := body[k]
		switch {
		case b.Is("#") && k+1 < len(body) && param(body[k+1].Text) >= 0:
			a := argOf(param(body[k+1].Text))
			s := joinText(a)
			out = append(out, Token{Kind: STRING, Text: `"` + s + `"`, Value: s, Pos: b.Pos})
			k++
		case b.Is("##") && len(out) > 0 && k+1 < len(body):
			next := []Token{body[k+1]}
			if pk := param(body[k+1].Text); pk >= 0 {
				next = argOf(pk)
			}
			k++
			if len(next) > 0 {
				last := out[len(out)-1]
				var errs ErrorList
				pasted := Lex(last.Pos.File, []byte(last.Text+next[0].Text), &errs)
				if len(pasted) == 2 && len(errs) == 0 {
					p := pasted[0]
					p.Pos = last.Pos
					out[len(out)-1] = p
				} else {
					out = append(out, next[0])
				}
				out = append(out, next[1:]...)
			}
		case b.Kind == IDENT && param(b.Text) >= 0:
			// Arguments are fully expanded before substitution, unless next to ##.
			pk := param(b.Text)
			a := argOf(pk)
			if k+1 < len(body) && body[k+1].Is("##") {
				if pp.count(len(a)); !pp.aborted {
					out = append(out, a...)
				}
				continue
			}
			x, done := expanded[pk]
			if !done {
				pp.inArgs++
				x = pp.expand(nil, a)
				pp.inArgs--
				if expanded == nil {
					expanded = map[int][]Token{}
				}
				expanded[pk] = x
			}
			if pp.count(len(x)); !pp.aborted {
				out = append(out, x...)
			}
		default:
			out = append(out, b)
		}
	}
	return out
}

// collectArgs splits the parenthesised argument list starting at toks[open].
func collectArgs(toks []Token, open int) (args [][]Token, end int, ok bool) {
	depth := 0
	var cur []Token
	for k := open; k < len(toks); k++ {
		t := toks[k]
		switch {
		case t.Is("("):
			depth++
			if depth == 1 {
				continue
			}
		case t.Is(")"):
			depth--
			if depth == 0 {
				return append(args, cur), k, true
			}
		case t.Is(",") && depth == 1:
			args = append(args, cur)
			cur = nil
			continue
		}
		cur = append(cur, t)
	}
	return nil, 0, false
}

// packChange says that from the live token at index at on, structures are
// packed to pack bytes (0: the default packing).
type packChange struct{ at, pack int }

// pragma follows #pragma pack (MIDL's and C's forms: pack(n), pack(),
// pack(push[, id][, n]), pack(pop[, id|n])); other pragmas change no
// declaration. at is the index of the next live token.
func (pp *preprocessor) pragma(at int, args []Token) {
	if len(args) < 3 || !args[0].Is("pack") || !args[1].Is("(") || !args[len(args)-1].Is(")") {
		return
	}
	var words []Token
	for _, a := range args[2 : len(args)-1] {
		if !a.Is(",") {
			words = append(words, a)
		}
	}
	number := func(t Token) (int, bool) {
		n, err := strconv.ParseInt(t.Text, 0, 32)
		return int(n), t.Kind == INT && err == nil && n >= 1 && n <= 16
	}
	was := pp.pack
	switch {
	case len(words) == 0:
		pp.pack = 0
	case words[0].Is("push"):
		pp.packStack = append(pp.packStack, pp.pack)
		if n, ok := number(words[len(words)-1]); ok && len(words) > 1 {
			pp.pack = n
		}
	case words[0].Is("pop"):
		if n := len(pp.packStack); n > 0 {
			pp.pack, pp.packStack = pp.packStack[n-1], pp.packStack[:n-1]
		}
		if n, ok := number(words[len(words)-1]); ok && len(words) > 1 {
			pp.pack = n
		}
	default:
		if n, ok := number(words[0]); ok {
			pp.pack = n
		}
	}
	if pp.pack != was {
		pp.packs = append(pp.packs, packChange{at, pp.pack})
	}
}
