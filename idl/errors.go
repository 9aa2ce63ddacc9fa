package idl

import (
	"fmt"
	"sort"
	"strings"
)

// Error is a diagnostic tied to a source position.
type Error struct {
	Pos Pos
	Msg string
}

func (e *Error) Error() string { return e.Pos.String() + ": " + e.Msg }

// ErrorList is a list of positioned errors, as go/scanner.ErrorList.
type ErrorList []*Error

// maxErrors is how many errors are collected before giving up, as go/parser does.
const maxErrors = 10

// Add appends an error.
func (l *ErrorList) Add(pos Pos, format string, args ...any) {
	*l = append(*l, &Error{Pos: pos, Msg: fmt.Sprintf(format, args...)})
}

// Len returns the number of errors.
func (l ErrorList) Len() int { return len(l) }

// Sort orders the errors by file, line and column, keeping insertion order for ties.
func (l ErrorList) Sort() {
	sort.SliceStable(l, func(i, j int) bool {
		a, b := l[i].Pos, l[j].Pos
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Col < b.Col
	})
}

func (l ErrorList) Error() string {
	switch len(l) {
	case 0:
		return "no errors"
	case 1:
		return l[0].Error()
	}
	var b strings.Builder
	for i, e := range l {
		if i > 0 {
			b.WriteByte('\n')
		}
		if i == maxErrors {
			// As go/parser and the Go compiler do: the first errors say what is
			// wrong; thousands more (garbage input) say nothing new.
			fmt.Fprintf(&b, "too many errors (%d more)", len(l)-i)
			break
		}
		b.WriteString(e.Error())
	}
	return b.String()
}

// Err returns the list as an error, or nil if it is empty.
func (l ErrorList) Err() error {
	if len(l) == 0 {
		return nil
	}
	return l
}

// errBail is panicked inside the parser when too many errors were seen; it never escapes the package.
type errBail struct{}
