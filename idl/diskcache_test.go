package idl

import (
	"crypto/sha256"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// diskLoad loads root with the disk cache c (none when nil).
func diskLoad(t *testing.T, c *DiskCache, dirs []string, root string) *Program {
	t.Helper()
	var ds []Dir
	for _, d := range dirs {
		ds = append(ds, OSDir(d))
	}
	prog, err := Load(Config{Dirs: ds, Disk: c}, root)
	if err != nil {
		t.Fatal(err)
	}
	return prog
}

func write(t *testing.T, p, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// constValue returns the value of the checked constant name in prog.
func constValue(t *testing.T, prog *Program, name string) int64 {
	t.Helper()
	for _, e := range prog.Entities {
		if c, ok := e.(*ConstInfo); ok && c.Name == name {
			return c.Value.Int
		}
	}
	t.Fatalf("no constant %s", name)
	return 0
}

func TestDiskCache(t *testing.T) {
	tmp := t.TempDir()
	src, inc := filepath.Join(tmp, "src"), filepath.Join(tmp, "inc")
	root := filepath.Join(src, "a.idl")
	write(t, root, "#include \"b.h\"\n#include \"c.h\"\n#define TWICE(x) ((x) * 2)\n/* the answer */\nconst long A = TWICE(B) + C;\n")
	write(t, filepath.Join(src, "b.h"), "#define B 20\n")
	write(t, filepath.Join(inc, "c.h"), "#define C 2\n")
	c := &DiskCache{Dir: filepath.Join(tmp, "cache"), Version: "test"}
	dirs := []string{inc}

	fresh := diskLoad(t, nil, dirs, root)
	first := diskLoad(t, c, dirs, root)
	if c.hits.Load() != 0 {
		t.Fatalf("the first load used %d entries of an empty cache", c.hits.Load())
	}
	second := diskLoad(t, c, dirs, root)
	if c.hits.Load() != 1 {
		t.Fatalf("the second load used %d entries, want 1", c.hits.Load())
	}
	if constValue(t, second, "A") != 42 {
		t.Errorf("A = %d from the cache, want 42", constValue(t, second, "A"))
	}
	// What the cache gives back is what preprocessing made: the same files,
	// declarations, positions and comments.
	if !reflect.DeepEqual(fresh.Files, first.Files) || !reflect.DeepEqual(fresh.Files, second.Files) {
		t.Error("the files loaded through the disk cache differ from those loaded without it")
	}

	// An included file changes: the entry no longer holds.
	write(t, filepath.Join(src, "b.h"), "#define B 30\n")
	if v := constValue(t, diskLoad(t, c, dirs, root), "A"); v != 62 || c.hits.Load() != 1 {
		t.Errorf("after b.h changed: A = %d (want 62), %d entries used (want still 1)", v, c.hits.Load())
	}
	diskLoad(t, c, dirs, root)
	if c.hits.Load() != 2 {
		t.Fatalf("the entry made after the change was not used")
	}
	// A file appears that the #include now finds first (next to a.idl,
	// before the -I directory), with the other files unchanged.
	write(t, filepath.Join(src, "c.h"), "#define C 5\n")
	if v := constValue(t, diskLoad(t, c, dirs, root), "A"); v != 65 || c.hits.Load() != 2 {
		t.Errorf("after c.h appeared next to a.idl: A = %d (want 65), %d entries used (want still 2)", v, c.hits.Load())
	}
	// Another build of the program, or other macros, use other entries.
	other := &DiskCache{Dir: c.Dir, Version: "other"}
	diskLoad(t, other, dirs, root)
	if other.hits.Load() != 0 {
		t.Error("an entry of another build was used")
	}
	// A damaged entry is ignored, and written again.
	entries, _ := filepath.Glob(filepath.Join(c.Dir, "*", "*"))
	for _, p := range entries {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		data[len(data)-3] ^= 0x40
		write(t, p, string(data))
	}
	before := c.hits.Load()
	if v := constValue(t, diskLoad(t, c, dirs, root), "A"); v != 65 || c.hits.Load() != before {
		t.Errorf("with damaged entries: A = %d (want 65), %d entries used (want %d)", v, c.hits.Load(), before)
	}
	diskLoad(t, c, dirs, root)
	if c.hits.Load() != before+1 {
		t.Error("the damaged entry was not written again")
	}
	// Files with errors are not cached.
	bad := filepath.Join(src, "bad.idl")
	write(t, bad, "#include \"missing.h\"\nconst long X = 1;\n")
	for range 2 {
		if _, err := Load(Config{Dirs: []Dir{OSDir(inc)}, Disk: c}, bad); err == nil {
			t.Fatal("bad.idl loaded without an error")
		}
	}
	if c.hits.Load() != before+1 {
		t.Error("an entry was made for a file with errors")
	}
}

// A corrupt entry never panics or allocates without bound: every prefix
// and byte change of a real entry decodes to an error or to an entry.
func TestDiskCacheDecodeDamaged(t *testing.T) {
	var errs ErrorList
	toks := Lex("x.idl", []byte("/* doc */\ninterface I { HRESULT F([in] long a); };\n"), &errs)
	data := encodeEntry(&diskEntry{deps: []cacheDep{{display: "x.idl"}}, toks: toks,
		defines: []*Macro{{Name: "M", Params: []string{"a"}, FuncLike: true, Body: toks[:2]}}})
	if e, err := decodeEntry(data); err != nil || !reflect.DeepEqual(e.toks, toks) || e.defines[0].Params[0] != "a" {
		t.Fatalf("round trip: %v", err)
	}
	for n := range len(data) {
		if _, err := decodeEntry(data[:n]); err == nil {
			t.Fatalf("a prefix of %d bytes decoded", n)
		}
	}
	// A length that does not fit a 32-bit int (it would be negative on 386).
	if _, err := decodeBody([]byte{1, 0xff, 0xff, 0xff, 0xff, 0x0f}); err == nil {
		t.Error("a string of 2^32-1 bytes decoded")
	}
}

// Different configurations never share a key.
func TestDiskCacheKeys(t *testing.T) {
	c := &DiskCache{Version: "test"}
	src := []byte("x")
	keys := map[string]string{}
	for name, cfg := range map[string]Config{
		"A\\0B":        {Defines: []string{"A\x00B"}},
		"A, B":         {Defines: []string{"A", "B"}},
		"dirs , M=2":   {Dirs: []Dir{{Name: ""}, {Name: "M=2"}}, Defines: []string{}},
		"defines M=2,": {Defines: []string{"M=2", ""}},
		"default":      {},
		"none":         {Defines: []string{}},
	} {
		k := c.key(cfg, "x.idl", sha256.Sum256(src))
		if other, ok := keys[k]; ok {
			t.Errorf("%s and %s have the same key", name, other)
		}
		keys[k] = name
	}
}

// FuzzDiskCacheBody decodes arbitrary entry bodies (past the checksum):
// never a panic, and what decodes encodes back to a body that decodes the same.
func FuzzDiskCacheBody(f *testing.F) {
	var errs ErrorList
	toks := Lex("x.idl", []byte("#define X 1\ninterface I { HRESULT F([in] long a); };\n"), &errs)
	data := encodeEntry(&diskEntry{deps: []cacheDep{{display: "x.idl"}}, toks: toks,
		packs: []packChange{{at: 1, pack: 2}}, skipped: []lineRange{{"x.idl", 1, 1}},
		defines: []*Macro{{Name: "X", Body: toks[2:3]}}})
	f.Add(data[len(diskMagic)+32:])
	f.Fuzz(func(t *testing.T, body []byte) {
		e, err := decodeBody(body)
		if err != nil {
			return
		}
		again := encodeEntry(e)
		e2, err := decodeBody(again[len(diskMagic)+32:])
		if err != nil || !reflect.DeepEqual(e.toks, e2.toks) || !reflect.DeepEqual(e.deps, e2.deps) {
			t.Fatalf("a decoded entry does not survive encoding again: %v", err)
		}
	})
}

// Two files may show the same name (directories with an empty Dir.Name):
// an #include is found again from the file that made it, not from the first
// file of that name.
func TestDiskCacheSameNames(t *testing.T) {
	tmp := t.TempDir()
	m0, m1 := filepath.Join(tmp, "m0"), filepath.Join(tmp, "m1")
	write(t, filepath.Join(m0, "r.idl"), "#include \"a.h\"\n#include \"b.h\"\nconst long V = D;\n")
	write(t, filepath.Join(m0, "a.h"), "#include \"d.h\"\n")
	write(t, filepath.Join(m0, "d.h"), "#define D 1\n")
	write(t, filepath.Join(m1, "b.h"), "#include \"a.h\"\n")
	write(t, filepath.Join(m1, "a.h"), "#undef D\n#include \"d.h\"\n")
	write(t, filepath.Join(m1, "d.h"), "#define D 1\n")
	c := &DiskCache{Dir: filepath.Join(tmp, "cache"), Version: "test"}
	load := func() int64 {
		t.Helper()
		prog, err := LoadFS(Config{Dirs: []Dir{{FS: os.DirFS(m1)}}, Disk: c}, Dir{FS: os.DirFS(m0)}, "r.idl")
		if err != nil {
			t.Fatal(err)
		}
		return constValue(t, prog, "V")
	}
	if v := load(); v != 1 {
		t.Fatalf("V = %d, want 1", v)
	}
	load()
	if c.hits.Load() != 1 {
		t.Fatalf("%d entries used, want 1", c.hits.Load())
	}
	write(t, filepath.Join(m1, "d.h"), "#define D 2\n") // the one m1/a.h includes
	if v := load(); v != 2 {
		t.Errorf("after m1/d.h changed: V = %d, want 2", v)
	}
}
