package idl

import (
	"strings"
)

// Parse parses the tokens of one preprocessed file. It returns a syntax tree
// that is as complete as the errors allow; errors are added to errs.
func Parse(file string, toks []Token, errs *ErrorList) *File {
	return parse(file, toks, nil, errs)
}

// parse is Parse with the #pragma pack changes the preprocessor saw.
func parse(file string, toks []Token, packs []packChange, errs *ErrorList) *File {
	p := &parser{toks: toks, errs: errs, file: file, packs: packs}
	f := &File{Name: file}
	func() {
		defer p.recoverBail()
		for p.tok().Kind != EOF {
			p.guard(func() {
				if d := p.parseDecl(); d != nil {
					f.Decls = append(f.Decls, d)
				}
			})
		}
	}()
	f.Generics = p.generics
	return f
}

type parser struct {
	toks  []Token
	i     int
	packs []packChange // see preprocessor.packs
	errs  *ErrorList
	file  string
	nerrs int
	// depth counts the constructs being parsed inside each other (see enter).
	depth int
	// generics is set once a WinRT generic is declared or used.
	generics bool
	// exprLevel is how many parseExpr calls are active; exprNodes counts the
	// operators of the outermost expression being parsed.
	exprLevel, exprNodes int
}

// maxNesting bounds how deeply constructs nest: parentheses, unary operators,
// declarators, structure bodies and blocks. The parser recurses on each, and
// so do the checker and the evaluator after it; real IDL nests a few levels.
const maxNesting = 1000

// enter notes one more level of nesting, giving up on the file past
// maxNesting; every enter is paired with a deferred leave.
func (p *parser) enter() {
	p.depth++
	if p.depth > maxNesting {
		p.bail(p.tok().Pos, "nested too deeply: more than %d levels", maxNesting)
	}
}

func (p *parser) leave() { p.depth-- }

// bail reports an error and abandons the rest of the file.
func (p *parser) bail(pos Pos, format string, args ...any) {
	p.errs.Add(pos, format, args...)
	panic(errBail{})
}

// errSync is panicked on a syntax error; guard recovers it and skips to a safe point.
type errSync struct{}

func (p *parser) recoverBail() {
	if r := recover(); r != nil {
		if _, ok := r.(errBail); !ok {
			panic(r)
		}
	}
}

// guard runs f; on a syntax error it skips to the end of the current declaration.
func (p *parser) guard(f func()) {
	start := p.i
	defer func() {
		if r := recover(); r != nil {
			if _, ok := r.(errSync); !ok {
				panic(r)
			}
			p.sync()
			if p.i == start && p.tok().Kind != EOF {
				p.i++ // always make progress
			}
		}
	}()
	f()
}

// sync skips to just after the next ';' or the '}' that closes a block opened
// after the error, or stops before a '}' that closes an enclosing block.
func (p *parser) sync() {
	depth := 0
	for {
		t := p.tok()
		switch {
		case t.Kind == EOF:
			return
		case t.Is("{"):
			depth++
		case t.Is("}"):
			if depth == 0 {
				return
			}
			depth--
			if depth == 0 {
				p.i++
				if p.tok().Is(";") {
					p.i++
				}
				return
			}
		case t.Is(";") && depth == 0:
			p.i++
			return
		}
		p.i++
	}
}

func (p *parser) tok() Token { return p.toks[p.i] }

func (p *parser) peekN(n int) Token {
	if p.i+n < len(p.toks) {
		return p.toks[p.i+n]
	}
	return p.toks[len(p.toks)-1]
}

func (p *parser) next() Token {
	t := p.toks[p.i]
	if t.Kind != EOF {
		p.i++
	}
	return t
}

func (p *parser) got(s string) bool {
	if p.tok().Is(s) && p.tok().Kind != STRING {
		p.i++
		return true
	}
	return false
}

func (p *parser) error(pos Pos, format string, args ...any) {
	p.errs.Add(pos, format, args...)
	p.nerrs++
	if p.nerrs >= maxErrors {
		panic(errBail{})
	}
}

// fail reports "expected X, found Y" at the current token and abandons the declaration.
func (p *parser) fail(expected string) {
	t := p.tok()
	p.error(t.Pos, "expected %s, found %s", expected, t.describe())
	panic(errSync{})
}

func (p *parser) expect(s string) Token {
	if !p.tok().Is(s) {
		p.fail("'" + s + "'")
	}
	return p.next()
}

func (p *parser) ident(what string) Token {
	if p.tok().Kind != IDENT {
		p.fail(what)
	}
	return p.next()
}

// keywords that cannot be used as identifiers in declarators.
var reserved = map[string]bool{
	"interface": true, "dispinterface": true, "coclass": true, "library": true, "module": true,
	"typedef": true, "struct": true, "union": true, "enum": true, "const": true, "import": true,
	"importlib": true, "cpp_quote": true, "case": true, "default": true, "switch": true, "sizeof": true,
}

func (p *parser) parseDecl() Decl {
	t := p.tok()
	doc := t.Doc
	switch {
	case t.Is(";"):
		p.next()
		return nil
	case t.Is("import"):
		p.next()
		d := &Import{Pos: t.Pos}
		for {
			s := p.tok()
			if s.Kind != STRING {
				p.fail("file name string")
			}
			p.next()
			d.Files = append(d.Files, &StringLit{Pos: s.Pos, Value: s.Value})
			if !p.got(",") {
				break
			}
		}
		p.expect(";")
		return d
	case t.Is("importlib"):
		p.next()
		p.expect("(")
		s := p.tok()
		if s.Kind != STRING {
			p.fail("type library name string")
		}
		p.next()
		p.expect(")")
		p.got(";")
		return &ImportLib{Pos: t.Pos, Name: s.Value}
	case t.Is("cpp_quote"):
		p.next()
		p.expect("(")
		s := p.tok()
		if s.Kind != STRING {
			p.fail("string")
		}
		// Adjacent literals are one string, as in C: a macro may build the
		// text from pieces (cpp_quote("DEFINE_GUID(CLSID_"#name", "...)).
		text := s.Value
		for p.next(); p.tok().Kind == STRING; p.next() {
			text += p.tok().Value
		}
		p.expect(")")
		p.got(";")
		return &CppQuote{Pos: t.Pos, Text: text}
	case t.Is("declare_guid") && p.peekN(1).Is("("):
		// declare_guid(CLSID_X, 12D3E372-874B-457D-9FDF-73977778686C);
		p.next()
		p.expect("(")
		name := p.ident("GUID name")
		p.expect(",")
		u := p.tok()
		g, err := ParseGUID(u.Text)
		if u.Kind != UUID || err != nil {
			p.fail("uuid")
		}
		p.next()
		p.expect(")")
		p.got(";")
		return &GuidDecl{Pos: t.Pos, Name: name.Text, GUID: g}
	case t.Is("midl_pragma"):
		// midl_pragma warning (disable: 2495) -- no semicolon
		p.next()
		start := p.i
		p.ident("pragma name")
		if p.tok().Is("(") {
			p.skipBalanced()
		}
		p.got(";")
		return &Pragma{Pos: t.Pos, Text: joinText(p.toks[start:p.i])}
	case t.Is("#"):
		// A directive the preprocessor left in place (#pragma): keep its text.
		p.next()
		start := p.i
		for p.tok().Kind != EOF && !p.tok().BOL {
			p.next()
		}
		return &Pragma{Pos: t.Pos, Text: joinText(p.toks[start:p.i])}
	}
	var attrs Attrs
	if p.tok().Is("[") {
		attrs = p.parseAttrs()
	}
	t = p.tok()
	switch {
	case t.Is("interface"), t.Is("dispinterface"):
		return p.parseInterface(attrs, doc)
	case t.Is("coclass"):
		return p.parseCoclass(attrs, doc)
	case t.Is("library"):
		p.next()
		d := &Library{Pos: t.Pos, Attrs: attrs, Name: p.ident("library name").Text}
		d.Decls = p.parseBlock()
		p.got(";")
		return d
	case t.Is("module"):
		return p.parseModule(attrs)
	case t.Is("namespace"):
		p.next()
		d := &Namespace{Pos: t.Pos, Name: p.qualifiedName()}
		d.Decls = p.parseBlock()
		p.got(";")
		return d
	case t.Is("typedef"):
		return p.parseTypedef(attrs, doc)
	case t.Is("const") && !p.isTypeStartAfterConst():
		return p.parseConst(doc)
	case t.Is("static"):
		// MIDL: static LPOLESTR MMC_CALLBACK = (LPOLESTR)-1; (MMC.Idl)
		// declares a constant, as const does.
		return p.parseConst(doc)
	case t.Is("declare") && p.peekN(1).Is("{"):
		// WinRT: declare { interface X<T>; } instantiates generics.
		p.next()
		p.next()
		d := &Declare{Pos: t.Pos}
		for !p.tok().Is("}") {
			if p.tok().Kind == EOF {
				p.fail("'}'")
			}
			p.guard(func() {
				p.expect("interface")
				ty := p.parseTypeSpec()
				if len(ty.Args) == 0 {
					p.bail(ty.Pos, "declare lists generic instances, found %s", ty)
				}
				d.Instances = append(d.Instances, ty)
				p.expect(";")
			})
		}
		p.next()
		p.got(";")
		return d
	case t.Is("runtimeclass"):
		// A WinRT class: like a coclass, its members are the interfaces it implements.
		return p.parseCoclass(attrs, doc)
	case t.Is("apicontract"), t.Is("attribute"):
		p.next()
		d := &Other{Pos: t.Pos, Attrs: attrs, Kind: t.Text, Name: p.qualifiedName()}
		p.skipToBlockOrSemi()
		return d
	case t.Is("delegate"):
		// A WinRT delegate is an interface with one method, Invoke (as widl lays it out).
		p.next()
		if p.tok().Kind == IDENT && p.peekN(1).Is(";") { // delegate X; declares it ahead
			name := p.next()
			p.next()
			return &Interface{Pos: t.Pos, Attrs: attrs, Name: name.Text, Forward: true, Delegate: true, Comment: doc}
		}
		m, params := p.parseMethodRest(nil, "")
		p.expect(";")
		inv := *m
		inv.Name = "Invoke"
		return &Interface{Pos: t.Pos, Attrs: attrs, Name: m.Name, Base: "IUnknown", BasePos: t.Pos,
			Delegate: true, Methods: []*Method{&inv}, Comment: doc, TypeParams: params}
	case t.Is("struct"), t.Is("union"), t.Is("enum"):
		// struct S {...}; or struct S; or a declaration using the type.
		ty := p.parseTypeSpec()
		if p.got(";") {
			return &TypeDecl{Pos: t.Pos, Attrs: attrs, Type: ty, Comment: doc}
		}
		return p.parseDeclarationRest(t.Pos, attrs, ty)
	}
	if p.isTypeStart() {
		ty := p.parseTypeSpec()
		return p.parseDeclarationRest(t.Pos, attrs, ty)
	}
	p.fail("declaration (interface, coclass, library, typedef, const, import, ...)")
	return nil
}

// parseDeclarationRest parses the declarators of `T a, *b(int);` at file or module level.
func (p *parser) parseDeclarationRest(pos Pos, attrs Attrs, ty *Type) Decl {
	d := &Declaration{Pos: pos, Attrs: attrs}
	for {
		d.Names = append(d.Names, p.parseDeclarator(ty, true))
		if !p.got(",") {
			break
		}
	}
	p.expect(";")
	return d
}

func joinText(toks []Token) string {
	var b strings.Builder
	for i, t := range toks {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(t.Text)
	}
	return b.String()
}

// skipBalanced skips a parenthesised, bracketed or braced group starting at the current token.
func (p *parser) skipBalanced() {
	open := p.tok().Text
	closeTok := map[string]string{"(": ")", "[": "]", "{": "}"}[open]
	start := p.tok().Pos
	depth := 0
	for {
		t := p.next()
		switch {
		case t.Kind == EOF:
			p.error(start, "unbalanced '%s': expected '%s' before end of file", open, closeTok)
			panic(errSync{})
		case t.Kind == PUNCT && t.Text == open:
			depth++
		case t.Kind == PUNCT && t.Text == closeTok:
			depth--
			if depth == 0 {
				return
			}
		}
	}
}

func (p *parser) skipToBlockOrSemi() {
	for p.tok().Kind != EOF && !p.tok().Is("{") && !p.tok().Is(";") {
		if p.tok().Is("(") || p.tok().Is("[") {
			p.skipBalanced()
			continue
		}
		p.next()
	}
	if p.tok().Is("{") {
		p.skipBalanced()
		p.got(";")
		return
	}
	p.expect(";")
}

// qualifiedName parses A, A.B.C or A::B.
func (p *parser) qualifiedName() string {
	name := p.ident("name").Text
	for p.tok().Is(".") || p.tok().Is("::") {
		sep := p.next().Text
		name += sep + p.ident("name").Text
	}
	return name
}

// parseBlock parses `{ decls }`.
func (p *parser) parseBlock() []Decl {
	p.enter()
	defer p.leave()
	p.expect("{")
	var decls []Decl
	for !p.tok().Is("}") {
		if p.tok().Kind == EOF {
			p.fail("'}'")
		}
		p.guard(func() {
			if d := p.parseDecl(); d != nil {
				decls = append(decls, d)
			}
		})
	}
	p.next()
	return decls
}

// parseAttrs parses one or more consecutive [ ... ] lists.
func (p *parser) parseAttrs() Attrs {
	var attrs Attrs
	for p.tok().Is("[") {
		p.next()
		if p.got("]") {
			continue
		}
		for {
			for p.got(",") { // tolerate empty entries: [a, , b]
			}
			if p.tok().Is("]") {
				break
			}
			attrs = append(attrs, p.parseAttr())
			if p.got(",") {
				if p.tok().Is("]") { // tolerate a trailing comma
					break
				}
				continue
			}
			break
		}
		p.expect("]")
	}
	return attrs
}

func (p *parser) parseAttr() *Attr {
	t := p.tok()
	if t.Kind != IDENT {
		p.fail("attribute name")
	}
	p.next()
	a := &Attr{Pos: t.Pos, Name: t.Text}
	// Attribute names may themselves be qualified (WinRT: Windows.Foundation.Metadata.X).
	for p.tok().Is(".") && p.peekN(1).Kind == IDENT {
		p.next()
		a.Name += "." + p.next().Text
	}
	if !p.got("(") {
		return a
	}
	a.HasParens = true
	if p.got(")") {
		return a
	}
	for {
		if p.tok().Is(",") || p.tok().Is(")") {
			a.Args = append(a.Args, nil) // empty argument: size_is(, n)
		} else {
			a.Args = append(a.Args, p.parseAttrArg())
		}
		if p.got(",") {
			if p.tok().Is(")") {
				a.Args = append(a.Args, nil)
			}
			continue
		}
		break
	}
	p.expect(")")
	return a
}

// parseAttrArg parses an attribute argument: an expression, a uuid, or a type.
func (p *parser) parseAttrArg() Expr {
	t := p.tok()
	if t.Kind == UUID {
		p.next()
		return &UUIDLit{Pos: t.Pos, Text: t.Text}
	}
	if p.isTypeKeywordStart() {
		ty := p.parseType()
		return &TypeExpr{Pos: t.Pos, Type: ty}
	}
	e := p.parseExpr()
	// A type name followed by '*' and ')' or ',' (e.g. switch_type(FOO*)): treat as a type.
	return e
}

// isTypeKeywordStart reports whether the current token can only start a type.
func (p *parser) isTypeKeywordStart() bool {
	t := p.tok()
	if t.Kind != IDENT {
		return false
	}
	if typeWords[t.Text] || t.Text == "struct" || t.Text == "union" || t.Text == "enum" {
		// "small", "byte" etc. are also used as identifiers in expressions only rarely.
		return true
	}
	return false
}

// isTypeStart reports whether the current token can start a type specifier.
func (p *parser) isTypeStart() bool {
	t := p.tok()
	if t.Kind != IDENT || reserved[t.Text] && t.Text != "struct" && t.Text != "union" && t.Text != "enum" && t.Text != "const" {
		return false
	}
	return true
}

// isTypeStartAfterConst distinguishes `const T name = v;` (a constant) from a declaration
// `const T *f(...);`, which has no '='.
func (p *parser) isTypeStartAfterConst() bool {
	for i := p.i; i < len(p.toks); i++ {
		t := p.toks[i]
		if t.Is("=") {
			return false
		}
		if t.Is(";") || t.Kind == EOF || t.Is("(") {
			return true
		}
	}
	return false
}

func (p *parser) parseConst(doc string) Decl {
	pos := p.next().Pos // const, or static
	p.got("const")
	ty := p.parseTypeSpec()
	dcl := p.parseDeclarator(ty, false)
	p.expect("=")
	v := p.parseExpr()
	p.expect(";")
	return &Const{Pos: pos, Type: dcl.Type, Name: dcl.Name, Value: v, Comment: doc}
}

func (p *parser) parseTypedef(attrs Attrs, doc string) Decl {
	pos := p.expect("typedef").Pos
	// Attributes may also follow the keyword: typedef [v1_enum] enum {...} X;
	if p.tok().Is("[") {
		attrs = append(attrs, p.parseAttrs()...)
	}
	ty := p.parseTypeSpec()
	d := &Typedef{Pos: pos, Attrs: attrs, Comment: doc}
	for {
		d.Names = append(d.Names, p.parseDeclarator(ty, false))
		if !p.got(",") {
			break
		}
	}
	p.expect(";")
	return d
}

// parseType parses a type specifier followed by an abstract declarator (pointers only).
func (p *parser) parseType() *Type {
	ty := p.parseTypeSpec()
	for p.tok().Is("*") || p.tok().Is("&") {
		pos := p.next().Pos
		ty = &Type{Pos: pos, Kind: TPointer, Elem: ty}
		for p.got("const") {
			ty.Const = true
		}
	}
	return ty
}

// parseTypeSpec parses the type specifier part of a declaration: base type words,
// a type name, or a struct/union/enum, with const qualifiers on either side.
func (p *parser) parseTypeSpec() *Type {
	isConst := false
	for p.tok().Is("const") || p.tok().Is("volatile") || p.tok().Is("__const") || p.tok().Is("extern") || p.tok().Is("static") {
		isConst = isConst || p.tok().Text == "const" || p.tok().Text == "__const"
		p.next()
	}
	t := p.tok()
	var ty *Type
	switch {
	case t.Is("struct"), t.Is("union"):
		ty = p.parseStructOrUnion()
	case t.Is("enum"):
		ty = p.parseEnum()
	case t.Kind == IDENT && typeWords[t.Text]:
		var words []string
		for p.tok().Kind == IDENT && typeWords[p.tok().Text] {
			words = append(words, p.next().Text)
			for p.tok().Is("const") {
				p.next()
				isConst = true
			}
		}
		ty = &Type{Pos: t.Pos, Kind: TName, Name: canonicalBase(words)}
	case t.Is("SAFEARRAY") && p.peekN(1).Is("("):
		// SAFEARRAY(T) means a SAFEARRAY* whose elements are T.
		p.next()
		p.next()
		elem := p.parseType()
		p.expect(")")
		ty = &Type{Pos: t.Pos, Kind: TPointer, Elem: &Type{Pos: t.Pos, Kind: TName, Name: "SAFEARRAY"}, SafeArrayOf: elem}
	case t.Kind == IDENT && !reserved[t.Text]:
		p.next()
		name := t.Text
		for (p.tok().Is(".") || p.tok().Is("::")) && p.peekN(1).Kind == IDENT {
			name += p.next().Text + p.next().Text
		}
		ty = &Type{Pos: t.Pos, Kind: TName, Name: name}
		if p.tok().Is("<") { // WinRT generic instance: IVector<HSTRING>
			ty.Args = p.genericArgs()
		}
	default:
		p.fail("type")
	}
	for p.tok().Is("const") || p.tok().Is("volatile") {
		isConst = isConst || p.tok().Text == "const"
		p.next()
	}
	if isConst {
		c := *ty
		c.Const = true
		ty = &c
	}
	return ty
}

// genericArgs parses the type arguments of a WinRT generic, <T, U*>. A ">>"
// that closes two argument lists is split in two.
func (p *parser) genericArgs() []*Type {
	p.enter()
	defer p.leave()
	p.expect("<")
	p.generics = true
	var args []*Type
	for {
		args = append(args, p.parseType())
		if p.got(",") {
			continue
		}
		if t := p.tok(); t.Is(">>") && t.Kind != STRING {
			p.toks[p.i].Text = ">" // the outer list's '>' is still to come
			p.toks[p.i].Pos.Col++
			return args
		}
		p.expect(">")
		return args
	}
}

// typeParams parses the parameters of a generic's declaration, <K, V>.
func (p *parser) typeParams() []string {
	var names []string
	for _, a := range p.genericArgs() {
		if a.Kind != TName || len(a.Args) > 0 || a.IsBase() {
			p.bail(a.Pos, "a generic's type parameter must be a name, found %s", a)
		}
		names = append(names, a.Name)
	}
	return names
}

func (p *parser) parseStructOrUnion() *Type {
	p.enter()
	defer p.leave()
	kw := p.next()
	ty := &Type{Pos: kw.Pos, Kind: TStruct}
	if kw.Text == "union" {
		ty.Kind = TUnion
	}
	if p.tok().Kind == IDENT && !reserved[p.tok().Text] {
		ty.Name = p.next().Text
	}
	agg := &Aggregate{Pos: kw.Pos}
	if ty.Kind == TUnion && p.tok().Is("switch") {
		// Encapsulated union: union U switch (long kind) name { case ...: ... }
		p.next()
		p.expect("(")
		st := p.parseTypeSpec()
		agg.SwitchType = st
		agg.SwitchName = p.ident("switch variable name").Text
		p.expect(")")
		if p.tok().Kind == IDENT {
			agg.UnionName = p.next().Text
		}
		if !p.tok().Is("{") {
			p.fail("'{'")
		}
	} else if ty.Kind == TStruct && p.tok().Is(":") {
		// C++-style base (seen in some WinRT IDL): skip it.
		p.next()
		p.qualifiedName()
	}
	if !p.tok().Is("{") {
		if ty.Name == "" {
			p.fail("struct or union tag or '{'")
		}
		return ty
	}
	agg.Pack = p.packAt(p.i)
	p.next()
	ty.Def = agg
	for !p.tok().Is("}") {
		if p.tok().Kind == EOF {
			p.fail("'}'")
		}
		p.guard(func() {
			agg.Fields = append(agg.Fields, p.parseFields(ty.Kind == TUnion)...)
		})
	}
	p.next()
	return ty
}

// parseFields parses one member declaration, which may declare several fields.
func (p *parser) parseFields(union bool) []*Field {
	doc := p.tok().Doc
	var cases []Expr
	isDefault := false
	// Encapsulated-union arm labels.
	for p.tok().Is("case") || p.tok().Is("default") {
		if p.next().Text == "default" {
			isDefault = true
		} else {
			cases = append(cases, p.parseExpr())
		}
		p.expect(":")
	}
	var attrs Attrs
	if p.tok().Is("[") {
		attrs = p.parseAttrs()
	}
	pos := p.tok().Pos
	if p.got(";") { // empty arm
		return []*Field{{Pos: pos, Attrs: attrs, Cases: cases, Default: isDefault, Type: &Type{Pos: pos, Kind: TName, Name: "void"}}}
	}
	ty := p.parseTypeSpec()
	if p.got(";") {
		// Anonymous struct/union member, or a bare type in a union arm.
		return []*Field{{Pos: pos, Attrs: attrs, Type: ty, Cases: cases, Default: isDefault, Comment: doc}}
	}
	var fields []*Field
	for {
		var d *Declarator
		if p.tok().Is(":") {
			d = &Declarator{Pos: p.tok().Pos, Type: ty} // an unnamed bit-field: UINT : 0;
		} else {
			d = p.parseDeclarator(ty, false)
		}
		f := &Field{Pos: d.Pos, Attrs: attrs, Name: d.Name, Type: d.Type, Cases: cases, Default: isDefault, Comment: doc}
		if p.got(":") { // a bit-field: UINT16 isNewline : 1;
			f.Bits = p.parseExpr()
		}
		fields = append(fields, f)
		if !p.got(",") {
			break
		}
	}
	p.expect(";")
	return fields
}

func (p *parser) parseEnum() *Type {
	kw := p.next()
	ty := &Type{Pos: kw.Pos, Kind: TEnum}
	if p.tok().Kind == IDENT && !reserved[p.tok().Text] {
		ty.Name = p.next().Text
	}
	if p.tok().Is(":") { // WinRT: enum E : int32? skip the base
		p.next()
		p.parseTypeSpec()
	}
	if !p.tok().Is("{") {
		if ty.Name == "" {
			p.fail("enum tag or '{'")
		}
		return ty
	}
	p.next()
	agg := &Aggregate{Pos: kw.Pos}
	ty.Def = agg
	for !p.tok().Is("}") {
		doc := p.tok().Doc
		if p.tok().Is("[") {
			p.parseAttrs()
		}
		name := p.ident("enumerator name or '}'")
		m := &EnumMember{Pos: name.Pos, Name: name.Text, Comment: doc}
		if p.got("=") {
			m.Value = p.parseExpr()
		}
		agg.Members = append(agg.Members, m)
		if !p.got(",") {
			break
		}
	}
	p.expect("}")
	return ty
}

// parseDeclarator parses a C declarator applied to base type ty:
// pointers, a name (or a parenthesised declarator), array and function suffixes.
// With abstractOK, the name may be missing.
func (p *parser) parseDeclarator(base *Type, abstractOK bool) *Declarator {
	p.enter()
	defer p.leave()
	ty := base
	// Pointers, with qualifiers and calling conventions/pointer modifiers that
	// headers define away (__RPC_FAR) but IDL may still contain.
	for {
		t := p.tok()
		if t.Is("*") || t.Is("&") {
			p.next()
			ty = &Type{Pos: t.Pos, Kind: TPointer, Elem: ty}
			continue
		}
		if t.Is("const") || t.Is("volatile") {
			p.next()
			if ty.Kind == TPointer {
				c := *ty
				c.Const = true
				ty = &c
			}
			continue
		}
		if t.Kind == IDENT && isCallConv(t.Text) {
			p.next()
			continue
		}
		if t.Is("__declspec") && p.peekN(1).Is("(") { // C headers: __declspec(dllimport) f(...)
			p.next()
			p.skipBalanced()
			continue
		}
		break
	}
	d := &Declarator{Pos: p.tok().Pos}
	var inner func(*Type) *Type // for parenthesised declarators: (*name)(params)
	switch t := p.tok(); {
	case t.Is("("):
		// A parenthesised declarator, as in a function pointer (STDMETHODCALLTYPE *pfn)(...).
		p.next()
		sub := p.parseDeclarator(&Type{Kind: TName, Name: "$hole"}, abstractOK)
		p.expect(")")
		d.Name, d.Pos = sub.Name, sub.Pos
		holeType := sub.Type
		inner = func(t *Type) *Type { return replaceHole(holeType, t) }
	case t.Kind == IDENT && !reserved[t.Text]:
		p.next()
		d.Name = t.Text
	default:
		if !abstractOK {
			p.fail("name")
		}
	}
	ty = p.parseDeclSuffixes(ty)
	if inner != nil {
		ty = inner(ty)
	}
	d.Type = ty
	return d
}

// parseDeclSuffixes parses [n][m] and (params) after a declarator name.
func (p *parser) parseDeclSuffixes(ty *Type) *Type {
	var dims []*Type
	for p.tok().Is("[") {
		pos := p.next().Pos
		arr := &Type{Pos: pos, Kind: TArray}
		if !p.tok().Is("]") && !p.tok().Is("*") {
			arr.Len = p.parseExpr()
		} else if p.tok().Is("*") {
			p.next()
		}
		p.expect("]")
		dims = append(dims, arr)
	}
	// int a[2][3] is an array of 2 arrays of 3 ints: apply the innermost last.
	for i := len(dims) - 1; i >= 0; i-- {
		dims[i].Elem = ty
		ty = dims[i]
	}
	if p.tok().Is("(") {
		pos := p.tok().Pos
		params := p.parseParams()
		ty = &Type{Pos: pos, Kind: TFunc, Elem: ty, Params: params}
	}
	return ty
}

func replaceHole(t, with *Type) *Type {
	if t == nil {
		return nil
	}
	if t.Kind == TName && t.Name == "$hole" {
		return with
	}
	c := *t
	c.Elem = replaceHole(t.Elem, with)
	return &c
}

var callConvs = map[string]bool{
	"__stdcall": true, "_stdcall": true, "__cdecl": true, "_cdecl": true, "__fastcall": true, "__pascal": true,
	"STDMETHODCALLTYPE": true, "WINAPI": true, "CALLBACK": true, "APIENTRY": true, "__RPC_FAR": true,
	"__RPC_USER": true, "__RPC_API": true, "__RPC_STUB": true, "RPC_ENTRY": true, "__far": true, "__near": true,
	"__ptr64": true, "__ptr32": true, "__unaligned": true, "__gc": true, "__nogc": true, "__pin": true,
}

func isCallConv(s string) bool { return callConvs[s] }

func (p *parser) parseParams() []*Param {
	p.expect("(")
	var params []*Param
	if p.got(")") {
		return nil
	}
	// (void)
	if p.tok().Is("void") && p.peekN(1).Is(")") {
		p.next()
		p.next()
		return nil
	}
	for {
		pos := p.tok().Pos
		if p.tok().Is("...") {
			p.next()
			params = append(params, &Param{Pos: pos, Name: "...", Type: &Type{Pos: pos, Kind: TName, Name: "..."}})
		} else {
			var attrs Attrs
			if p.tok().Is("[") {
				attrs = p.parseAttrs()
			}
			ty := p.parseTypeSpec()
			d := p.parseDeclarator(ty, true)
			params = append(params, &Param{Pos: pos, Attrs: attrs, Type: d.Type, Name: d.Name})
		}
		if !p.got(",") {
			break
		}
	}
	p.expect(")")
	return params
}

func (p *parser) parseInterface(attrs Attrs, doc string) Decl {
	kw := p.next()
	d := &Interface{Pos: kw.Pos, Attrs: attrs, Dispatch: kw.Text == "dispinterface", Comment: doc}
	d.Name = p.qualifiedName()
	if p.tok().Is("<") { // WinRT generic declaration: interface IVector<T>
		d.TypeParams = p.typeParams()
	}
	if p.got(";") {
		d.Forward = true
		return d
	}
	if p.got(":") {
		d.BasePos = p.tok().Pos
		d.Base = p.qualifiedName()
		if p.tok().Is("<") {
			p.bail(d.BasePos, "a base interface cannot be a generic instance (WinRT says requires)")
		}
	}
	// WinRT: requires A, B<T>
	if p.got("requires") {
		for {
			d.Requires = append(d.Requires, p.parseTypeSpec())
			if !p.got(",") {
				break
			}
		}
	}
	p.expect("{")
	if d.Dispatch {
		p.parseDispBody(d)
	} else {
		for !p.tok().Is("}") {
			if p.tok().Kind == EOF {
				p.fail("'}'")
			}
			p.guard(func() { p.parseInterfaceMember(d) })
		}
	}
	p.expect("}")
	p.got(";")
	return d
}

func (p *parser) parseInterfaceMember(d *Interface) {
	t := p.tok()
	switch {
	case t.Is(";"):
		p.next()
		return
	case t.Is("cpp_quote"), t.Is("typedef"), t.Is("midl_pragma"), t.Is("#"), t.Is("import"),
		t.Is("const") && !p.isTypeStartAfterConst(), (t.Is("struct") || t.Is("enum") || t.Is("union")) && p.isTypeDeclHere():
		if decl := p.parseDecl(); decl != nil {
			d.Decls = append(d.Decls, decl)
		}
		return
	}
	doc := t.Doc
	var attrs Attrs
	if p.tok().Is("[") {
		attrs = p.parseAttrs()
	}
	if p.tok().Is("typedef") {
		d.Decls = append(d.Decls, p.parseTypedef(attrs, doc))
		return
	}
	if (p.tok().Is("struct") || p.tok().Is("enum") || p.tok().Is("union")) && p.isTypeDeclHere() {
		ty := p.parseTypeSpec()
		p.expect(";")
		d.Decls = append(d.Decls, &TypeDecl{Pos: ty.Pos, Attrs: attrs, Type: ty, Comment: doc})
		return
	}
	if p.tok().Is("event") { // WinRT events are method pairs in the ABI: add_X, remove_X
		pos := p.next().Pos
		ty := p.parseTypeSpec()
		name := p.ident("event name").Text
		p.expect(";")
		d.Methods = append(d.Methods,
			&Method{Pos: pos, Attrs: attrs, Name: "add_" + name, Ret: &Type{Pos: pos, Kind: TName, Name: "HRESULT"},
				Params: []*Param{{Pos: pos, Attrs: Attrs{{Name: "in"}}, Type: ty, Name: "handler"},
					{Pos: pos, Attrs: Attrs{{Name: "out"}, {Name: "retval"}}, Type: &Type{Kind: TPointer, Elem: &Type{Kind: TName, Name: "EventRegistrationToken"}}, Name: "token"}}},
			&Method{Pos: pos, Attrs: attrs, Name: "remove_" + name, Ret: &Type{Pos: pos, Kind: TName, Name: "HRESULT"},
				Params: []*Param{{Pos: pos, Attrs: Attrs{{Name: "in"}}, Type: &Type{Kind: TName, Name: "EventRegistrationToken"}, Name: "token"}}})
		return
	}
	ret := p.parseTypeSpec()
	m := p.methodRest(ret, doc)
	m.Attrs = attrs
	p.expect(";")
	d.Methods = append(d.Methods, m)
}

// isTypeDeclHere reports whether a struct/enum/union keyword starts a type
// declaration (`enum E {...};`) rather than a method returning that type.
func (p *parser) isTypeDeclHere() bool {
	for i := p.i + 1; i < len(p.toks) && i < p.i+3; i++ {
		if p.toks[i].Is("{") || p.toks[i].Is(";") {
			return true
		}
	}
	return false
}

// methodRest is parseMethodRest for a method that cannot be generic.
func (p *parser) methodRest(ret *Type, doc string) *Method {
	m, params := p.parseMethodRest(ret, doc)
	if params != nil {
		p.error(m.Pos, "method %s: only a delegate can have type parameters", m.Name)
	}
	return m
}

// parseMethodRest parses `[callconv] [*] name(params)` after the return type.
// With a nil ret, the return type is parsed first (delegates).
func (p *parser) parseMethodRest(ret *Type, doc string) (*Method, []string) {
	if ret == nil {
		ret = p.parseTypeSpec()
	}
	for p.tok().Is("*") {
		pos := p.next().Pos
		ret = &Type{Pos: pos, Kind: TPointer, Elem: ret}
	}
	m := &Method{Ret: ret, Comment: doc}
	for p.tok().Kind == IDENT && isCallConv(p.tok().Text) {
		m.CallConv = p.next().Text
	}
	name := p.ident("method name")
	m.Pos, m.Name = name.Pos, name.Text
	var params []string
	if p.tok().Is("<") { // a WinRT generic delegate: EventHandler<T>
		params = p.typeParams()
	}
	m.Params = p.parseParams()
	for p.tok().Is("const") { // C++-style const methods in some headers' IDL
		p.next()
	}
	return m, params
}

func (p *parser) parseDispBody(d *Interface) {
	// Either "interface X;" (dispinterface D { interface I; }) or properties:/methods: sections.
	if p.tok().Is("interface") {
		p.next()
		d.DispBase = p.ident("interface name").Text
		p.expect(";")
		return
	}
	section := ""
	for !p.tok().Is("}") {
		if p.tok().Kind == EOF {
			p.fail("'}'")
		}
		if (p.tok().Is("properties") || p.tok().Is("methods")) && p.peekN(1).Is(":") {
			section = p.next().Text
			p.next()
			continue
		}
		p.guard(func() {
			switch section {
			case "properties":
				d.Props = append(d.Props, p.parseFields(false)...)
			case "methods":
				doc := p.tok().Doc
				var attrs Attrs
				if p.tok().Is("[") {
					attrs = p.parseAttrs()
				}
				ret := p.parseTypeSpec()
				m := p.methodRest(ret, doc)
				m.Attrs = attrs
				p.expect(";")
				d.Methods = append(d.Methods, m)
			default:
				p.fail("'properties:' or 'methods:'")
			}
		})
	}
}

func (p *parser) parseCoclass(attrs Attrs, doc string) Decl {
	kw := p.next()
	d := &Coclass{Pos: kw.Pos, Attrs: attrs, Comment: doc, Runtime: kw.Text == "runtimeclass"}
	d.Name = p.ident(kw.Text + " name").Text
	if d.Runtime && p.got(":") {
		d.Base = p.qualifiedName() // runtimeclass X : BaseClass (composable WinRT classes)
	}
	if p.got(";") {
		d.Forward = true
		return d
	}
	p.expect("{")
	for !p.tok().Is("}") {
		if p.tok().Kind == EOF {
			p.fail("'}'")
		}
		p.guard(func() {
			var mattrs Attrs
			if p.tok().Is("[") {
				mattrs = p.parseAttrs()
			}
			kwm := p.tok()
			if !kwm.Is("interface") && !kwm.Is("dispinterface") {
				p.fail("'interface' or 'dispinterface'")
			}
			p.next()
			name := p.tok()
			n := p.qualifiedName()
			var args []*Type
			if p.tok().Is("<") {
				args = p.genericArgs()
			}
			p.expect(";")
			d.Members = append(d.Members, &CoclassMember{Pos: name.Pos, Attrs: mattrs, Name: n, Args: args, Dispatch: kwm.Text == "dispinterface"})
		})
	}
	p.next()
	p.got(";")
	return d
}

func (p *parser) parseModule(attrs Attrs) Decl {
	kw := p.next()
	d := &Module{Pos: kw.Pos, Attrs: attrs, Name: p.ident("module name").Text}
	p.expect("{")
	for !p.tok().Is("}") {
		if p.tok().Kind == EOF {
			p.fail("'}'")
		}
		p.guard(func() {
			t := p.tok()
			if t.Is("const") || t.Is("typedef") || t.Is("cpp_quote") || t.Is(";") {
				if decl := p.parseDecl(); decl != nil {
					d.Decls = append(d.Decls, decl)
				}
				return
			}
			doc := t.Doc
			var mattrs Attrs
			if p.tok().Is("[") {
				mattrs = p.parseAttrs()
			}
			if p.tok().Is("const") {
				c := p.parseConst(doc)
				d.Decls = append(d.Decls, c)
				return
			}
			ret := p.parseTypeSpec()
			m := p.methodRest(ret, doc)
			m.Attrs = mattrs
			p.expect(";")
			d.Methods = append(d.Methods, m)
		})
	}
	p.next()
	p.got(";")
	return d
}

// packAt returns the #pragma pack in effect at token i (0: the default).
func (p *parser) packAt(i int) int {
	pack := 0
	for _, c := range p.packs {
		if c.at > i {
			break
		}
		pack = c.pack
	}
	return pack
}
