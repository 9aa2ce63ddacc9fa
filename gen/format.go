package gen

import (
	"bytes"
	"go/ast"
	"go/format"
	"go/parser"
	"go/printer"
	"go/token"
)

// Formatting: every Go file comgen writes is what go/format.Source makes
// of the source jennifer (or a template) builds, which is the floor of
// the generator's time. go/format.Source parses the source and prints the
// syntax tree; the last step of Generate, the type check (typecheck.go),
// needs that syntax tree too. formatGo does what go/format.Source does for
// a complete file and keeps the tree, so that each file is parsed once.

// parserMode is go/format's parser mode.
const parserMode = parser.ParseComments | parser.SkipObjectResolution

// printerNormalizeNumbers is go/printer's undocumented mode bit that
// go/format sets (go/format/format.go: "printerNormalizeNumbers"): number
// literals are printed with lower-case prefixes and exponents (0X1 -> 0x1).
// TestFormatGoIsGoFormat holds formatGo to go/format.Source.
const printerNormalizeNumbers = 1 << 30

// goFormat is go/format's printer configuration.
var goFormat = printer.Config{Mode: printer.UseSpaces | printer.TabIndent | printerNormalizeNumbers, Tabwidth: 8}

// formatGo returns src as go/format.Source formats it, with the syntax tree
// the formatted text was printed from, parsed into fset under name. The
// tree's positions are those of src, not of the result. On a syntax error
// the error is go/format.Source's own.
func formatGo(fset *token.FileSet, name string, src []byte) ([]byte, *ast.File, error) {
	f, err := parseGo(fset, name, src)
	if err != nil {
		return nil, nil, err
	}
	out, err := printGo(fset, f, len(src))
	if err != nil {
		return nil, nil, err
	}
	return out, f, nil
}

// parseGo is formatGo's first step: the syntax tree of src as go/format
// prints it (its imports sorted). Neither printGo nor the type check
// changes the tree: both may read it at once, and do (see generate).
func parseGo(fset *token.FileSet, name string, src []byte) (*ast.File, error) {
	f, err := parser.ParseFile(fset, name, src, parserMode)
	if err != nil {
		// go/format's message (positions without a file name) is the
		// one users have seen; an error is rare, so it is worth a second parse.
		if _, ferr := format.Source(src); ferr != nil {
			return nil, ferr
		}
		return nil, err
	}
	ast.SortImports(fset, f)
	return f, nil
}

// printGo is formatGo's second step: the text of the tree f parsed by
// parseGo from a source of size bytes.
func printGo(fset *token.FileSet, f *ast.File, size int) ([]byte, error) {
	var buf bytes.Buffer
	buf.Grow(size + size/8)
	if err := goFormat.Fprint(&buf, fset, f); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
