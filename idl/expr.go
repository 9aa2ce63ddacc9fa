package idl

import "strings"

// Expression parsing (C constant-expression grammar, plus the member and index
// forms that size_is/length_is arguments use).

var binaryPrec = map[string]int{
	"||": 1, "&&": 2, "|": 3, "^": 4, "&": 5, "==": 6, "!=": 6,
	"<": 7, ">": 7, "<=": 7, ">=": 7, "<<": 8, ">>": 8, "+": 9, "-": 9, "*": 10, "/": 10, "%": 10,
}

// maxExprNodes bounds the operators of one expression: evaluating and
// checking walk expressions recursively, and a chain like 1+1+...+1 is as
// deep as it is long.
const maxExprNodes = 100_000

func (p *parser) parseExpr() Expr {
	p.enter()
	defer p.leave()
	if p.exprLevel == 0 {
		p.exprNodes = 0
	}
	p.exprLevel++
	defer func() { p.exprLevel-- }()
	c := p.parseBinary(1)
	if p.tok().Is("?") {
		pos := p.next().Pos
		x := p.parseExpr()
		p.expect(":")
		y := p.parseExpr()
		return &Cond{Pos: pos, C: c, X: x, Y: y}
	}
	return c
}

func (p *parser) parseBinary(minPrec int) Expr {
	x := p.parseUnary()
	for {
		t := p.tok()
		prec, ok := binaryPrec[t.Text]
		if t.Kind != PUNCT || !ok || prec < minPrec {
			return x
		}
		p.next()
		p.exprNodes++
		if p.exprNodes > maxExprNodes {
			p.bail(t.Pos, "expression too long: more than %d operators", maxExprNodes)
		}
		y := p.parseBinary(prec + 1)
		x = &Binary{Pos: t.Pos, Op: t.Text, X: x, Y: y}
	}
}

func (p *parser) parseUnary() Expr {
	t := p.tok()
	switch {
	case t.Kind == PUNCT && (t.Text == "-" || t.Text == "+" || t.Text == "~" || t.Text == "!" || t.Text == "*" || t.Text == "&"):
		p.next()
		p.enter() // - - - ... x nests as deep as it is long
		defer p.leave()
		return &Unary{Pos: t.Pos, Op: t.Text, X: p.parseUnary()}
	case t.Is("sizeof"):
		p.next()
		if p.tok().Is("(") && p.looksLikeType(p.i+1) {
			p.next()
			ty := p.parseType()
			p.expect(")")
			return &SizeOf{Pos: t.Pos, Type: ty}
		}
		x := p.parseUnary()
		return &SizeOf{Pos: t.Pos, Type: &Type{Pos: x.Position(), Kind: TName, Name: "$expr"}}
	case t.Is("(") && p.isCast():
		p.enter()
		defer p.leave()
		p.next()
		ty := p.parseType()
		p.expect(")")
		return &Cast{Pos: t.Pos, Type: ty, X: p.parseUnary()}
	}
	return p.parsePostfix(p.parsePrimary())
}

// looksLikeType reports whether the token at i starts a type name for sizeof(...).
func (p *parser) looksLikeType(i int) bool {
	t := p.toks[i]
	if t.Kind != IDENT {
		return false
	}
	if typeWords[t.Text] || t.Text == "struct" || t.Text == "union" || t.Text == "enum" || t.Text == "const" {
		return true
	}
	// sizeof(NAME) and sizeof(NAME*): treat identifiers as types; Check resolves them.
	n := p.toks[min(i+1, len(p.toks)-1)]
	return n.Is(")") || n.Is("*")
}

// isCast decides whether '(' at the current token starts a cast: (TYPE)x, (TYPE*)x.
func (p *parser) isCast() bool {
	i := p.i + 1
	t := p.toks[i]
	if t.Kind != IDENT {
		return false
	}
	if typeWords[t.Text] || t.Text == "struct" || t.Text == "union" || t.Text == "enum" || t.Text == "const" {
		return true
	}
	i++
	stars := 0
	for i < len(p.toks) && p.toks[i].Is("*") {
		i++
		stars++
	}
	if i >= len(p.toks)-1 || !p.toks[i].Is(")") {
		return false
	}
	if stars > 0 {
		return true // (T*) can only be a cast
	}
	n := p.toks[i+1]
	switch n.Kind {
	case INT, FLOAT, CHAR, IDENT:
		return true
	case PUNCT:
		// (DWORD)-1: a parenthesised upper-case name before a sign is a type by convention.
		return n.Text == "(" || n.Text == "~" || n.Text == "!" || (n.Text == "-" || n.Text == "+") && strings.ToUpper(t.Text) == t.Text
	}
	return false
}

func (p *parser) parsePrimary() Expr {
	t := p.tok()
	switch t.Kind {
	case INT:
		p.next()
		return &IntLit{Pos: t.Pos, Text: t.Text}
	case FLOAT:
		p.next()
		return &FloatLit{Pos: t.Pos, Text: t.Text}
	case STRING:
		p.next()
		s := &StringLit{Pos: t.Pos, Value: t.Value, Wide: t.Text[0] == 'L'}
		// Adjacent string literals concatenate.
		for p.tok().Kind == STRING {
			s.Value += p.next().Value
		}
		return s
	case CHAR:
		p.next()
		return &CharLit{Pos: t.Pos, Value: t.Value}
	case UUID:
		p.next()
		return &UUIDLit{Pos: t.Pos, Text: t.Text}
	case IDENT:
		if reserved[t.Text] {
			break
		}
		p.next()
		name := t.Text
		// Qualified names in WinRT attribute arguments: Windows.Foundation.X
		for p.tok().Is(".") && p.peekN(1).Kind == IDENT && isUpper(name) {
			p.next()
			name += "." + p.next().Text
		}
		return &Ident{Pos: t.Pos, Name: name}
	case PUNCT:
		if t.Text == "(" {
			p.next()
			x := p.parseExpr()
			p.expect(")")
			return x
		}
	}
	p.fail("expression")
	return nil
}

func isUpper(s string) bool { return s != "" && 'A' <= s[0] && s[0] <= 'Z' }

func (p *parser) parsePostfix(x Expr) Expr {
	for {
		t := p.tok()
		switch {
		case t.Is("."), t.Is("->"):
			p.next()
			x = &Member{Pos: t.Pos, X: x, Arrow: t.Text == "->", Name: p.ident("field name").Text}
		case t.Is("["):
			p.next()
			i := p.parseExpr()
			p.expect("]")
			x = &Index{Pos: t.Pos, X: x, I: i}
		case t.Is("("):
			p.next()
			c := &Call{Pos: t.Pos, Fun: x}
			for !p.tok().Is(")") {
				c.Args = append(c.Args, p.parseExpr())
				if !p.got(",") {
					break
				}
			}
			p.expect(")")
			x = c
		default:
			return x
		}
	}
}

// ParseExpr parses toks (without a trailing EOF) as one constant expression.
// It is used by the preprocessor for #if.
func ParseExpr(toks []Token, eofPos Pos, errs *ErrorList) (e Expr) {
	all := append(append([]Token(nil), toks...), Token{Kind: EOF, Pos: eofPos})
	p := &parser{toks: all, errs: errs}
	defer func() {
		if r := recover(); r != nil {
			switch r.(type) {
			case errSync, errBail:
				e = nil
			default:
				panic(r)
			}
		}
	}()
	x := p.parseExpr()
	if p.tok().Kind != EOF {
		p.fail("end of expression")
	}
	return x
}
