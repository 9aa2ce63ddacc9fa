package idl

import (
	"io/fs"
	"testing"
	"testing/fstest"
)

// countingFS is a file system that counts the directory reads of Dir.open
// looking for a name in another case; a pointer, so a map key (as os.DirFS is).
type countingFS struct {
	fstest.MapFS
	reads map[string]int
}

func (c *countingFS) ReadDir(name string) ([]fs.DirEntry, error) {
	c.reads[name]++
	return c.MapFS.ReadDir(name)
}

// TestImportsInAnotherCaseReadTheDirectoryOnce: a Load reads a directory
// once however many of its files are imported or included by a name in
// another case, as the SDK's files do, and still finds each of them (and
// the first in the directory's order when two differ only in case).
func TestImportsInAnotherCaseReadTheDirectoryOnce(t *testing.T) {
	fsys := &countingFS{MapFS: fstest.MapFS{
		"main.idl": {Data: []byte("import \"a.IDL\";\nimport \"B.idl\";\n#include \"c.h\"\ninterface IMain; typedef struct M { A a; B b; C c; } M;\n")},
		"A.idl":    {Data: []byte("typedef struct A { int x; } A;\n")},
		"b.idl":    {Data: []byte("import \"a.idl\";\ntypedef struct B { A a; } B;\n")},
		"C.h":      {Data: []byte("typedef struct C { int y; } C;\n")},
		"c.H":      {Data: []byte("this is not IDL\n")},
	}, reads: map[string]int{}}
	prog, err := LoadFS(Config{Dirs: []Dir{{Name: "inc", FS: fsys}}}, Dir{Name: "", FS: fsys}, "main.idl")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range prog.Files {
		names = append(names, f.Name)
	}
	for _, want := range []string{"A.idl", "b.idl"} {
		found := false
		for _, n := range names {
			found = found || n == want
		}
		if !found {
			t.Errorf("files %v: no %s", names, want)
		}
	}
	if prog.Scope["M"] == nil || prog.Scope["C"] == nil {
		t.Errorf("M or C (from C.h, before c.H) not declared: files %v", names)
	}
	if n := fsys.reads["."]; n != 1 {
		t.Errorf("the directory was read %d times, want once", n)
	}
}
