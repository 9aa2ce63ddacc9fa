package main

import (
	"bytes"
	"go/parser"
	"go/token"
	"os"
	"regexp"
	"slices"
	"testing"
)

// TestDocFlags: the package documentation (doc.go, what go doc prints) and
// the README's table describe exactly the flags run registers, so neither
// can drift from main.go.
func TestDocFlags(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if code := run([]string{"-h"}, &stdout, &stderr); code != 0 {
		t.Fatalf("-h: exit %d %s", code, stderr.String())
	}
	var registered []string
	for _, m := range regexp.MustCompile(`(?m)^  -([\w-]+)`).FindAllStringSubmatch(stdout.String(), -1) {
		registered = append(registered, m[1])
	}
	if len(registered) < 10 {
		t.Fatalf("found %d flags in the usage text, want all of them:\n%s", len(registered), stdout.String())
	}
	f, err := parser.ParseFile(token.NewFileSet(), "doc.go", nil, parser.PackageClauseOnly|parser.ParseComments)
	if err != nil {
		t.Fatal(err)
	}
	if f.Doc == nil {
		t.Fatal("doc.go has no package documentation")
	}
	var documented []string
	for _, m := range regexp.MustCompile(`(?m)^\t-([\w-]+)`).FindAllStringSubmatch(f.Doc.Text(), -1) {
		documented = append(documented, m[1])
	}
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range registered {
		if !slices.Contains(documented, name) {
			t.Errorf("flag -%s is not described in doc.go's Flags section", name)
		}
		if !regexp.MustCompile("(?m)^\\| `-" + regexp.QuoteMeta(name) + "[ `]").Match(readme) {
			t.Errorf("flag -%s is not in the README's table of flags", name)
		}
	}
	for _, name := range documented {
		if name != "h" && !slices.Contains(registered, name) {
			t.Errorf("doc.go describes -%s, which comgen does not have", name)
		}
	}
}
