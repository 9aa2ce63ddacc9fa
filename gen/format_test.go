package gen

import (
	"bytes"
	"fmt"
	"go/build"
	"go/format"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/comgen/comgen/idl"
)

// TestFormatGoIsGoFormat holds formatGo to go/format.Source, which
// jennifer's Render calls and whose output comgen's files have always been:
// on the golden packages' files unformatted (indentation and alignment
// removed, the imports' order reversed) and on sources with the cases
// go/format rewrites (number literals, import order and duplicates).
func TestFormatGoIsGoFormat(t *testing.T) {
	srcs := map[string][]byte{
		"numbers.go": []byte("package p\nconst ( A = 0X1F\nB = 1E5\nC=0B101\nD = 0O17\nE=0x1P-2\nF = 0XABCp+1\nG = 1_000i\n)\n"),
		"imports.go": []byte("// header\n\npackage p\n\nimport (\n\"unsafe\"\n\"fmt\"\n\"fmt\"\n// c\n\"errors\"\n)\nvar _ = fmt.Sprint\nvar _ = errors.New\nvar _ unsafe.Pointer\n"),
	}
	goldens, _ := filepath.Glob("testdata/golden/*/*.go")
	if len(goldens) < 50 {
		t.Fatalf("only %d golden files", len(goldens))
	}
	indent := regexp.MustCompile(`(?m)^[ \t]+|[ \t]+$`)
	spaces := regexp.MustCompile(`[ \t]{2,}`)
	for _, name := range goldens {
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		s := spaces.ReplaceAllString(indent.ReplaceAllString(string(b), ""), " ")
		if i, j := strings.Index(s, "import (\n"), strings.Index(s, "\n)\n"); i >= 0 && j > i {
			lines := strings.Split(s[i+len("import (\n"):j], "\n")
			for l, r := 0, len(lines)-1; l < r; l, r = l+1, r-1 {
				lines[l], lines[r] = lines[r], lines[l]
			}
			s = s[:i+len("import (\n")] + strings.Join(lines, "\n") + s[j:]
		}
		srcs[name] = []byte(s)
	}
	fset := token.NewFileSet()
	for name, src := range srcs {
		want, werr := format.Source(src)
		got, syntax, err := formatGo(fset, name, src)
		if (werr == nil) != (err == nil) || werr != nil && werr.Error() != err.Error() {
			t.Errorf("%s: error %v, go/format's %v", name, err, werr)
			continue
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s: formatGo differs from go/format.Source:\n%s", name, unifiedDiffForTest(want, got))
		}
		if werr == nil && (syntax == nil || syntax.Name.Name != "p" && !strings.HasPrefix(name, "testdata")) {
			t.Errorf("%s: no syntax tree", name)
		}
	}
	// A syntax error is go/format's.
	if _, _, err := formatGo(fset, "bad.go", []byte("package p\nfunc {")); err == nil || !strings.HasPrefix(err.Error(), "2:6:") {
		t.Errorf("syntax error: %v, want go/format's (2:6: ...)", err)
	}
}

// unifiedDiffForTest shows the first differing line of a and b.
func unifiedDiffForTest(a, b []byte) string {
	al, bl := strings.Split(string(a), "\n"), strings.Split(string(b), "\n")
	for i := range min(len(al), len(bl)) {
		if al[i] != bl[i] {
			return fmt.Sprintf("line %d:\n-%s\n+%s", i+1, al[i], bl[i])
		}
	}
	return "lengths differ"
}

// TestCheckedFilesBeforePrinting holds the type check's choice of files
// made from the syntax trees, before the files are printed (buildHeader),
// to go/build's choice from the printed text, for each target the check
// and go vet build: on the files of the embedded wbemcli.idl, of a golden
// package split per interface, and on sources whose build line go/printer
// moves or separates from the package clause.
func TestCheckedFilesBeforePrinting(t *testing.T) {
	var (
		parsed, printed []File
		target          build.Context
	)
	for _, in := range []struct {
		dir  idl.Dir
		file string
		opt  Options
	}{
		{idl.Builtin, "wbemcli.idl", Options{Package: "wbemcli"}},
		{idl.OSDir("testdata/golden"), "server.idl", Options{Package: "server", Split: "interface"}},
	} {
		prog, err := idl.LoadFS(idl.Config{Dirs: []idl.Dir{idl.OSDir("testdata/golden/imports"), idl.Builtin}}, in.dir, in.file)
		if err != nil {
			t.Fatal(err)
		}
		_, files, text, err := generate(prog, in.opt)
		if err != nil {
			t.Fatal(err)
		}
		full, err := text()
		if err != nil {
			t.Fatal(err)
		}
		parsed, printed = append(parsed, files...), append(printed, full...)
	}
	// Sources whose build line go/printer moves, or merges (then the check
	// waits for the printed text).
	var parsedOdd, printedOdd []File
	fset := token.NewFileSet()
	for i, src := range []string{
		"// header\n//go:build windows\npackage p\n",
		"//go:build !windows\n\n// Package p.\npackage p\n",
		"// header\n\n//go:build 386 || arm64\n// more\npackage p\n",
		"package p\n\n//go:build windows\n",
		"package p\n\nfunc f() {\n\t//go:build (linux)\n}\n",
		"//go:build windows\n\npackage p\n\n//go:build 386\n",
		"// +build linux\n\npackage p\n",
		"//go:build !(\n\npackage p\n",
	} {
		name := fmt.Sprintf("s%d.go", i)
		f, err := parseGo(fset, name, []byte(src))
		if err != nil {
			t.Fatal(err)
		}
		out, err := printGo(fset, f, len(src))
		if err != nil {
			t.Fatal(err)
		}
		parsedOdd, printedOdd = append(parsedOdd, File{Name: name, syntax: f, fset: fset}), append(printedOdd, File{Name: name, Src: out})
	}
	names := func(files []File, formatted func() ([]File, error)) []string {
		t.Helper()
		checked, err := checkedFiles(target, files, formatted)
		if err != nil {
			t.Fatal(err)
		}
		var s []string
		for _, f := range checked {
			s = append(s, f.Name)
		}
		return s
	}
	for _, goarch := range []string{"amd64", "386", "arm64"} {
		for _, goos := range []string{"windows", "linux"} {
			target = windowsTarget(goarch)
			target.GOOS = goos
			// Comgen's own files need no printed text.
			got, want := names(parsed, nil), names(printed, nil)
			if !slices.Equal(got, want) {
				t.Errorf("%s/%s: from the syntax trees %v, from the printed files %v", goos, goarch, got, want)
			}
			if goos == "windows" && len(want) < 10 {
				t.Errorf("%s/%s: only %d files checked", goos, goarch, len(want))
			}
			got, want = names(parsedOdd, func() ([]File, error) { return printedOdd, nil }), names(printedOdd, nil)
			if !slices.Equal(got, want) {
				t.Errorf("%s/%s: from the syntax trees %v, from the printed files %v", goos, goarch, got, want)
			}
		}
	}
}
