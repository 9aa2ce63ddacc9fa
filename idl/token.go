package idl

import "fmt"

// Pos is a position in a source file. The zero Pos is "no position".
type Pos struct {
	File string // file name as given to the loader (never an absolute path we invented)
	Line int    // 1-based
	Col  int    // 1-based, in bytes
}

// IsValid reports whether the position is known.
func (p Pos) IsValid() bool { return p.Line > 0 }

// String formats the position as file:line:col, the form editors and go vet use.
func (p Pos) String() string {
	if !p.IsValid() {
		if p.File != "" {
			return p.File
		}
		return "-"
	}
	return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Col)
}

// Kind is the lexical class of a token.
type Kind int

// Token kinds.
const (
	EOF Kind = iota
	IDENT
	INT    // 123, 0x1F, 10L, 0x80041001UL
	FLOAT  // 1.5, 2e10
	STRING // "text" (Text keeps the quotes; Value has them removed and escapes decoded)
	CHAR   // 'a'
	UUID   // a bare uuid inside uuid(...): 4590f811-1d3a-11d0-891f-00aa004b2e24
	PUNCT  // operators and punctuation: { } ( ) [ ] ; , = * & | ^ ~ ! < > << >> + - / % ? : :: . ... #
)

var kindNames = [...]string{EOF: "end of file", IDENT: "identifier", INT: "integer", FLOAT: "number",
	STRING: "string", CHAR: "character", UUID: "uuid", PUNCT: "punctuation"}

func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return fmt.Sprintf("Kind(%d)", int(k))
}

// Token is one lexical token.
type Token struct {
	Kind  Kind
	Text  string // the source text of the token
	Value string // for String and CHAR: the decoded contents
	Pos   Pos
	BOL   bool   // first token of a logical line (after backslash-newline splicing)
	Doc   string // the comment block that ends on the line before the token (or on its line), cleaned
}

// describe renders a token for "found X" in error messages.
func (t Token) describe() string {
	switch t.Kind {
	case EOF:
		return "end of file"
	case IDENT:
		return fmt.Sprintf("identifier %q", t.Text)
	case PUNCT:
		return fmt.Sprintf("'%s'", t.Text)
	default:
		s := t.Text
		if len(s) > 40 {
			s = s[:37] + "..."
		}
		return fmt.Sprintf("%s %s", t.Kind, s)
	}
}

// Is reports whether t is the punctuation or identifier s.
func (t Token) Is(s string) bool {
	return (t.Kind == PUNCT || t.Kind == IDENT) && t.Text == s
}
