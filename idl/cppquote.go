package idl

import (
	"strconv"
	"strings"
)

// cpp_quote lines hold C header text that MIDL and widl copy into the header
// unread. The simple constants among them are facts a Go user needs (the
// flags an API takes, VARIANT_TRUE, CLSIDs declared with DEFINE_GUID): the
// checker reads two forms,
//
//	cpp_quote("#define NAME value")       a constant expression
//	cpp_quote("DEFINE_GUID(NAME, l, w1, w2, b1, ..., b8)")
//
// and declares them as constants marked CppQuote. They come after every IDL
// declaration and only where their name is free; one whose value does not
// evaluate (a C-only macro: a function call, a type, a string concatenation
// C cannot fold) is dropped without a word, since it was never IDL.

// cppQuoted is a cpp_quote seen while declaring, read after the IDL's own
// declarations.
type cppQuoted struct {
	q    *CppQuote
	file *File
}

// declareCppQuotes declares the constants of the cpp_quote lines seen.
func (c *checker) declareCppQuotes() {
	for _, cq := range c.quotes {
		c.file = cq.file
		text := strings.TrimSpace(cq.q.Text)
		if rest, ok := strings.CutPrefix(text, "#"); ok {
			c.cppDefine(cq.q, strings.TrimSpace(rest))
		} else if rest, ok := strings.CutPrefix(text, "DEFINE_GUID("); ok {
			c.cppDefineGUID(cq.q, rest)
		}
	}
}

// cppDefine reads "define NAME value" (the text after '#').
func (c *checker) cppDefine(q *CppQuote, text string) {
	rest, ok := strings.CutPrefix(text, "define")
	if !ok || rest == "" || (rest[0] != ' ' && rest[0] != '\t') {
		return
	}
	rest = strings.TrimSpace(rest)
	n := 0
	for n < len(rest) && (rest[n] == '_' || 'a' <= rest[n] && rest[n] <= 'z' || 'A' <= rest[n] && rest[n] <= 'Z' || n > 0 && '0' <= rest[n] && rest[n] <= '9') {
		n++
	}
	name, value := rest[:n], rest[n:]
	if name == "" || strings.HasPrefix(value, "(") { // a function-like macro
		return
	}
	if i := strings.Index(value, "//"); i >= 0 {
		value = value[:i]
	}
	if strings.TrimSpace(value) == "" {
		return
	}
	var errs ErrorList
	toks := Lex(q.Pos.File, []byte(value), &errs)
	if len(errs) > 0 || len(toks) < 2 {
		return
	}
	for k := range toks {
		toks[k].Pos = q.Pos // diagnostics (none are shown) would point at the cpp_quote
	}
	x := ParseExpr(toks[:len(toks)-1], q.Pos, &errs)
	if x == nil || len(errs) > 0 {
		return
	}
	c.addCppConst(&ConstInfo{Declared: Declared{Name: name, Pos: q.Pos, File: c.file}, CppQuote: true}, &Const{Pos: q.Pos, Name: name, Value: x})
}

// declareHeaderDefines declares the constants of the C headers each IDL
// file includes or imports (#define NAME value, object-like, whose value is
// a constant expression), as the file's own: a header has no package of
// its own. They come after the cpp_quote constants, and only where their
// name is free (the first file to reach a header gets its constants).
func (c *checker) declareHeaderDefines(files []*File) {
	for _, f := range files {
		if isCHeader(f.Name) {
			continue // declared for the files that import it
		}
		c.file = f
		for _, m := range f.Defines {
			c.headerDefine(m)
		}
		for _, h := range f.Headers {
			for _, m := range h.Defines {
				c.headerDefine(m)
			}
		}
	}
}

// headerDefine declares the constant of one #define of a C header. Names
// C reserves (a leading underscore: include guards, __WINE_PSHPACK_H) are
// the header's business, not constants.
func (c *checker) headerDefine(m *Macro) {
	if strings.HasPrefix(m.Name, "_") {
		return
	}
	var errs ErrorList
	x := ParseExpr(m.Body, m.Pos, &errs)
	if x == nil || len(errs) > 0 {
		return
	}
	c.addCppConst(&ConstInfo{Declared: Declared{Name: m.Name, Pos: m.Pos, File: c.file}, CppQuote: true}, &Const{Pos: m.Pos, Name: m.Name, Value: x})
}

// cppDefineGUID reads the arguments of DEFINE_GUID( (the text after it).
func (c *checker) cppDefineGUID(q *CppQuote, text string) {
	text, _, ok := strings.Cut(text, ")")
	if !ok {
		return
	}
	args := strings.Split(text, ",")
	if len(args) != 12 {
		return
	}
	name := strings.TrimSpace(args[0])
	var nums [11]uint64
	widths := [11]int{32, 16, 16, 8, 8, 8, 8, 8, 8, 8, 8}
	for k := range nums {
		s := strings.TrimSpace(args[k+1])
		s = strings.TrimRight(s, "uUlL")
		v, err := strconv.ParseUint(s, 0, widths[k])
		if err != nil {
			return
		}
		nums[k] = v
	}
	g := GUID{Data1: uint32(nums[0]), Data2: uint16(nums[1]), Data3: uint16(nums[2])}
	for k := range 8 {
		g.Data4[k] = byte(nums[3+k])
	}
	c.addCppConst(&ConstInfo{Declared: Declared{Name: name, Pos: q.Pos, File: c.file}, CppQuote: true, Value: Value{Kind: ValGUID, GUID: &g}}, nil)
}

// addCppConst declares a cpp_quote constant when its name is free and is a
// C identifier.
func (c *checker) addCppConst(info *ConstInfo, syn *Const) {
	if !isCIdent(info.Name) {
		return
	}
	if _, taken := c.m.Scope[info.Name]; taken {
		return
	}
	if syn != nil {
		c.source(info, syn)
	} else {
		c.state[info] = 2 // its value is already known
	}
	c.add(info)
}

func isCIdent(s string) bool {
	for i, r := range s {
		if !(r == '_' || 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || i > 0 && '0' <= r && r <= '9') {
			return false
		}
	}
	return s != ""
}

// isStringLit reports whether x is a string literal (wide or not): the
// string values a cpp_quote #define can give. Anything else that evaluates to
// a string (a character constant misread, a concatenation) is not taken.
func isStringLit(x Expr) bool {
	_, ok := x.(*StringLit)
	return ok
}

// isHexLit reports whether x is a hexadecimal integer literal, maybe cast
// or with a sign: ((HRESULT)0x80020101L), -0x10.
func isHexLit(x Expr) bool {
	for {
		switch y := x.(type) {
		case *Cast:
			x = y.X
		case *Unary:
			if y.Op != "-" && y.Op != "+" {
				return false
			}
			x = y.X
		case *IntLit:
			return len(y.Text) > 2 && y.Text[0] == '0' && (y.Text[1] == 'x' || y.Text[1] == 'X')
		default:
			return false
		}
	}
}
