package idl

import (
	"bytes"
	"strings"
	"unicode/utf8"
)

// Lex splits src into tokens. Errors (unterminated comments and strings, stray
// characters) are added to errs; lexing always continues to the end of src.
// The final token is always EOF.
func Lex(file string, src []byte, errs *ErrorList) []Token {
	return lexInto(nil, file, src, errs)
}

// lexInto is Lex appending to toks[:0]: the loader lexes each file into a
// buffer it reuses once the preprocessor has copied out the live tokens.
func lexInto(toks []Token, file string, src []byte, errs *ErrorList) []Token {
	l := &lexer{file: file, src: loneCRToLF(src), line: 1, col: 1, bol: true, errs: errs}
	if strings.HasPrefix(l.src, utf8BOM) {
		l.off = len(utf8BOM) // editors write it, MIDL skips it; it is no column
	}
	// IDL and C headers average about 7 bytes a token (libwine-dev's 42 MB
	// make 6 million): one allocation holds most files' tokens.
	if n := len(src)/6 + 16; cap(toks) < n {
		toks = make([]Token, 0, n)
	}
	toks = toks[:0]
	for {
		t := l.next()
		toks = append(toks, t)
		if t.Kind == EOF {
			return toks
		}
	}
}

// loneCRToLF returns src as a string with each CR that is not followed by
// LF made a LF: a file with old Mac line ends (CR alone) has lines too, as
// the C preprocessors read it; before, all of it after the first comment or
// #define was one line, and comgen generated nothing from it. The byte
// count is unchanged, so offsets and columns are too.
func loneCRToLF(src []byte) string {
	i := 0
	for {
		k := bytes.IndexByte(src[i:], '\r')
		if k < 0 {
			return string(src)
		}
		i += k
		if i+1 == len(src) || src[i+1] != '\n' {
			break
		}
		i += 2
	}
	b := append([]byte(nil), src...) // a copy: src is the caller's
	for ; i < len(b); i++ {
		if b[i] == '\r' && (i+1 == len(b) || b[i+1] != '\n') {
			b[i] = '\n'
		}
	}
	return string(b)
}

// utf8BOM is the byte-order mark some SDK files begin with.
const utf8BOM = "\uFEFF"

type lexer struct {
	file      string
	src       string // token texts are slices of it, not copies
	off       int
	line, col int
	bol       bool // no token yet on this logical line
	doc       []string
	docLine   int // line on which the last comment ended
	errs      *ErrorList
}

func (l *lexer) pos() Pos { return Pos{File: l.file, Line: l.line, Col: l.col} }

func (l *lexer) errorf(p Pos, format string, args ...any) {
	if l.errs != nil {
		l.errs.Add(p, format, args...)
	}
}

// peek returns the byte i bytes ahead, skipping backslash-newline splices, or 0.
func (l *lexer) peek(i int) byte {
	off := l.off
	for {
		off = skipSplices(l.src, off)
		if off >= len(l.src) {
			return 0
		}
		if i == 0 {
			return l.src[off]
		}
		i--
		off++
	}
}

func skipSplices(src string, off int) int {
	for off+1 < len(src) && src[off] == '\\' {
		switch {
		case src[off+1] == '\n':
			off += 2
		case src[off+1] == '\r' && off+2 < len(src) && src[off+2] == '\n':
			off += 3
		default:
			return off
		}
	}
	return off
}

// advance consumes one byte (after any splices), keeping line and column.
func (l *lexer) advance() byte {
	for {
		n := skipSplices(l.src, l.off)
		if n == l.off {
			break
		}
		for ; l.off < n; l.off++ {
			if l.src[l.off] == '\n' {
				l.line++
				l.col = 1
			}
		}
	}
	if l.off >= len(l.src) {
		return 0
	}
	c := l.src[l.off]
	l.off++
	if c == '\n' {
		l.line++
		l.col = 1
	} else {
		l.col++
	}
	return c
}

func (l *lexer) atEOF() bool { return skipSplices(l.src, l.off) >= len(l.src) }

func isIdentStart(c byte) bool {
	return c == '_' || c == '$' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || c >= 0x80
}
func isIdentChar(c byte) bool { return isIdentStart(c) || isDigit(c) }
func isDigit(c byte) bool     { return '0' <= c && c <= '9' }
func isHex(c byte) bool       { return isDigit(c) || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F' }

// puncts lists multi-byte punctuators, longest first.
var puncts = []string{"...", "<<=", ">>=", "::", "<<", ">>", "<=", ">=", "==", "!=", "&&", "||", "->", "##",
	"+=", "-=", "*=", "/=", "|=", "&="}

func (l *lexer) next() Token {
	// Skip white space and comments.
	for {
		c := l.peek(0)
		switch {
		case c == '\n':
			l.advance()
			l.bol = true
			continue
		case c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v':
			l.advance()
			continue
		case c == '/' && l.peek(1) == '/':
			start, line := l.off, l.line
			for !l.atEOF() && l.peek(0) != '\n' {
				l.advance()
			}
			l.addDoc(line, l.spliced(start))
			continue
		case c == '/' && l.peek(1) == '*':
			p := l.pos()
			start := l.off
			l.advance()
			l.advance()
			closed := false
			for !l.atEOF() {
				if l.peek(0) == '*' && l.peek(1) == '/' {
					l.advance()
					l.advance()
					closed = true
					break
				}
				l.advance()
			}
			if !closed {
				l.errorf(p, "comment not terminated: expected */ before end of file")
			}
			l.addDoc(p.Line, l.spliced(start))
			continue
		}
		break
	}
	p := l.pos()
	bol := l.bol
	l.bol = false
	start := l.off
	doc := ""
	if len(l.doc) > 0 && l.docLine >= p.Line-1 {
		doc = strings.Join(l.doc, "\n")
	}
	l.doc = l.doc[:0]
	tok := func(k Kind) Token {
		return Token{Kind: k, Text: l.spliced(start), Pos: p, BOL: bol, Doc: doc}
	}
	if l.atEOF() {
		return Token{Kind: EOF, Pos: p, BOL: true}
	}
	c := l.peek(0)
	if n := l.uuidLen(); n > 0 {
		for i := 0; i < n; i++ {
			l.advance()
		}
		return tok(UUID)
	}
	switch {
	case c == '@' && isIdentStart(l.peek(1)):
		// @event: MIDL 3 escapes a keyword used as a name with @.
		l.advance()
		start = l.off
		for isIdentChar(l.peek(0)) {
			l.advance()
		}
		return tok(IDENT)
	case isIdentStart(c):
		// L"wide string" and L'c' are strings with a prefix.
		if c == 'L' && (l.peek(1) == '"' || l.peek(1) == '\'') {
			l.advance()
			t := l.quoted(p, bol, start)
			t.Doc = doc
			return t
		}
		for isIdentChar(l.peek(0)) {
			l.advance()
		}
		t := tok(IDENT)
		if !utf8.ValidString(t.Text) {
			l.errorf(p, "invalid UTF-8 in identifier")
		}
		return t
	case isDigit(c) || c == '.' && isDigit(l.peek(1)):
		// A C preprocessing number: digits, letters, '.', and signs after an exponent.
		float := false
		for {
			d := l.peek(0)
			if (d == 'e' || d == 'E' || d == 'p' || d == 'P') && (l.peek(1) == '+' || l.peek(1) == '-') &&
				!isHexPrefix(l.spliced(start)) {
				float = true
				l.advance()
				l.advance()
				continue
			}
			if d == '.' {
				float = true
			} else if !isIdentChar(d) {
				break
			}
			l.advance()
		}
		t := tok(INT)
		if float {
			t.Kind = FLOAT
		}
		return t
	case c == '"' || c == '\'':
		t := l.quoted(p, bol, start)
		t.Doc = doc
		return t
	}
	for _, s := range puncts {
		if l.hasPrefix(s) {
			for range len(s) {
				l.advance()
			}
			return tok(PUNCT)
		}
	}
	if strings.IndexByte("{}()[];,=*&|^~!<>+-/%?:.#", c) >= 0 {
		l.advance()
		return tok(PUNCT)
	}
	// Unknown character: report it once and skip it.
	r, size := utf8.DecodeRuneInString(l.src[l.off:])
	for range size {
		l.advance()
	}
	if r == utf8.RuneError {
		l.errorf(p, "invalid character 0x%02x", c)
	} else {
		l.errorf(p, "invalid character %q", r)
	}
	return l.next()
}

func (l *lexer) hasPrefix(s string) bool {
	for i := 0; i < len(s); i++ {
		if l.peek(i) != s[i] {
			return false
		}
	}
	return true
}

// uuidLen returns 36 if a bare uuid (8-4-4-4-12 hex digits) starts here, else 0.
// widl and MIDL accept bare uuids anywhere; in practice they appear in uuid(...).
func (l *lexer) uuidLen() int {
	const pattern = "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx"
	for i := 0; i < len(pattern); i++ {
		c := l.peek(i)
		if pattern[i] == '-' {
			if c != '-' {
				return 0
			}
		} else if !isHex(c) {
			return 0
		}
	}
	if isIdentChar(l.peek(len(pattern))) {
		return 0
	}
	return len(pattern)
}

// maxStringLines is how many lines a string literal may span (see quoted).
const maxStringLines = 8

// closesWithin reports whether, from the line break at the lexer's position,
// one of the next n lines has an unescaped quote q: the string literal
// being read closes there, rather than being left open by mistake.
func (l *lexer) closesWithin(q byte, n int) bool {
	lines := 0
	for i := 0; l.off+i < len(l.src); i++ {
		switch c := l.src[l.off+i]; c {
		case '\n':
			lines++
			if lines > n {
				return false
			}
		case '\\':
			i++
		case q:
			return true
		}
	}
	return false
}

// quoted scans a string or character literal starting at the quote.
func (l *lexer) quoted(p Pos, bol bool, start int) Token {
	q := l.advance()
	kind := STRING
	what := "string literal"
	if q == '\'' {
		kind = CHAR
		what = "character literal"
	}
	var val strings.Builder
	for {
		if !l.atEOF() && l.peek(0) == '\n' && kind == STRING && l.closesWithin(q, maxStringLines) {
			// MIDL reads a string literal that goes on on the next lines (a
			// long helpstring in DocumentTarget.idl): the line break and the
			// next line's indentation read as one space.
			for !l.atEOF() && (l.peek(0) == '\n' || l.peek(0) == '\r' || l.peek(0) == ' ' || l.peek(0) == '\t') {
				l.advance()
			}
			val.WriteByte(' ')
			continue
		}
		if l.atEOF() || l.peek(0) == '\n' {
			l.errorf(p, "%s not terminated: expected %c before end of line", what, q)
			break
		}
		c := l.advance()
		if c == q {
			break
		}
		if c == '\\' {
			l.escape(&val)
			continue
		}
		val.WriteByte(c)
	}
	// Strings that are not UTF-8 are read as Windows-1252/Latin-1, like comments:
	// what MIDL's code page makes of them, and text Go can carry.
	return Token{Kind: kind, Text: l.spliced(start), Value: validUTF8(val.String()), Pos: p, BOL: bol}
}

func (l *lexer) escape(val *strings.Builder) {
	p := l.pos()
	c := l.advance()
	switch c {
	case 'n':
		val.WriteByte('\n')
	case 't':
		val.WriteByte('\t')
	case 'r':
		val.WriteByte('\r')
	case 'a':
		val.WriteByte('\a')
	case 'b':
		val.WriteByte('\b')
	case 'f':
		val.WriteByte('\f')
	case 'v':
		val.WriteByte('\v')
	case '0', '1', '2', '3', '4', '5', '6', '7':
		n := int(c - '0')
		for i := 0; i < 2 && '0' <= l.peek(0) && l.peek(0) <= '7'; i++ {
			n = n*8 + int(l.advance()-'0')
		}
		val.WriteByte(byte(n))
	case 'x':
		n, digits := 0, 0
		for isHex(l.peek(0)) {
			n = n*16 + hexVal(l.advance())
			digits++
		}
		if digits == 0 {
			l.errorf(p, "invalid escape: expected hex digits after \\x")
		}
		val.WriteByte(byte(n))
	case 0:
		// end of file; the caller reports the unterminated literal
	default:
		// \\, \", \', \? and unknown escapes keep the character, as C compilers do.
		val.WriteByte(c)
	}
}

func hexVal(c byte) int {
	switch {
	case isDigit(c):
		return int(c - '0')
	case 'a' <= c && c <= 'f':
		return int(c-'a') + 10
	default:
		return int(c-'A') + 10
	}
}

// isHexPrefix reports whether a number's text starts with 0x or 0X.
func isHexPrefix(s string) bool { return len(s) >= 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X') }

// spliced returns the source text from start to the lexer's offset without
// backslash-newline splices: a slice of the source unless it has one.
func (l *lexer) spliced(start int) string {
	s := l.src[start:l.off]
	if strings.IndexByte(s, '\\') < 0 {
		return s
	}
	s = strings.ReplaceAll(s, "\\\r\n", "")
	return strings.ReplaceAll(s, "\\\n", "")
}

// addDoc records a comment for the next token's Doc. A comment separated from the
// previous one by a blank line starts a new block.
func (l *lexer) addDoc(startLine int, text string) {
	if len(l.doc) > 0 && startLine > l.docLine+1 {
		l.doc = l.doc[:0]
	}
	l.doc = append(l.doc, cleanComment(validUTF8(text))...)
	l.docLine = l.line
}

// validUTF8 returns s, or, when s is not UTF-8 (comments in older SDK files
// are Windows-1252), s decoded byte by byte as Latin-1.
func validUTF8(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	r := make([]rune, len(s))
	for i := 0; i < len(s); i++ {
		r[i] = rune(s[i])
	}
	return string(r)
}

// cleanComment strips comment markers and decoration, returning the text lines.
func cleanComment(c string) []string {
	if strings.HasPrefix(c, "//") {
		return []string{strings.TrimSpace(strings.TrimLeft(c[2:], "/"))}
	}
	c = strings.TrimSuffix(strings.TrimPrefix(c, "/*"), "*/")
	var out []string
	for _, line := range strings.Split(c, "\n") {
		line = strings.TrimSpace(line)
		line = strings.TrimSpace(strings.TrimLeft(line, "*"))
		if strings.Trim(line, "-=*/ ") == "" {
			line = "" // rulers such as /******/ carry no text
		}
		out = append(out, line)
	}
	for len(out) > 0 && out[0] == "" {
		out = out[1:]
	}
	for len(out) > 0 && out[len(out)-1] == "" {
		out = out[:len(out)-1]
	}
	return out
}
