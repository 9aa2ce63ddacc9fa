package gen_test

import (
	"debug/pe"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/comgen/comgen/gen"
	"github.com/comgen/comgen/idl"
	"github.com/comgen/comgen/internal/testenv"
)

// bitFieldTable are structs whose bit-fields MSVC's rules (which gcc
// follows for Windows targets) lay out in ways easy to get wrong. Each is C
// and IDL at once.
var bitFieldTable = []string{
	// One unit per run of bit-fields of one size.
	"typedef struct BT_SAME { unsigned short a : 3; short b : 4; unsigned short c : 9; char after; } BT_SAME;",
	"typedef struct BT_SIZES { char a : 3; short b : 3; char c : 2; long long d : 5; char after; } BT_SIZES;",
	"typedef struct BT_ENUMINT { enum BT_E { BT_E0, BT_E1 } e : 2; int i : 3; unsigned long u : 4; char after; } BT_ENUMINT;",
	// A bit-field that does not fit in the bits left opens a unit.
	"typedef struct BT_OVERFLOW { int a : 30; int b : 3; unsigned char c : 7; unsigned char d : 2; char after; } BT_OVERFLOW;",
	"typedef struct BT_EXACT { unsigned int a : 16; unsigned int b : 16; unsigned int c : 32; char after; } BT_EXACT;",
	// Width 0: after a bit-field it closes the unit and aligns; after
	// another field, after another width 0 or first, it does nothing.
	"typedef struct BT_ZERO_AFTER_BITS { char a : 3; int : 0; char after; } BT_ZERO_AFTER_BITS;",
	"typedef struct BT_ZERO_AFTER_FIELD { char c; int : 0; char after; } BT_ZERO_AFTER_FIELD;",
	"typedef struct BT_ZERO_FIRST { int : 0; char after; } BT_ZERO_FIRST;",
	"typedef struct BT_ZERO_TWICE { char a : 3; int : 0; long long : 0; char after; } BT_ZERO_TWICE;",
	"typedef struct BT_ZERO_SMALLER { short a : 3; char : 0; char b : 2; char after; } BT_ZERO_SMALLER;",
	"typedef struct BT_ZERO_WIDE { char a : 3; long long : 0; char b : 2; char after; } BT_ZERO_WIDE;",
	"typedef struct BT_ZERO_LAST { char a : 2; long long : 0; } BT_ZERO_LAST;",
	"typedef struct BT_ZERO_SAME { char a : 4; char : 0; char b : 4; char after; } BT_ZERO_SAME;",
	// Unnamed bit-fields take bits and count for the alignment.
	"typedef struct BT_UNNAMED { char c; int : 3; } BT_UNNAMED;",
	"typedef struct BT_GAP { unsigned int a : 2; unsigned int : 5; unsigned int b : 6; } BT_GAP;",
	// Bit-fields after a double and 64-bit units: 8-aligned on 386 too.
	"typedef struct BT_DOUBLE { double d; int a : 3; char after; } BT_DOUBLE;",
	"typedef struct BT_WIDE { char c; unsigned long long a : 3; char after; } BT_WIDE;",
	"typedef struct BT_WIDE_FULL { long long a : 64; long long b : 1; int c : 31; } BT_WIDE_FULL;",
	// Only bit-fields; signed ones of every size.
	"typedef struct BT_ONLY { unsigned int x : 1; } BT_ONLY;",
	"typedef struct BT_SIGNED { signed char a : 3; short b : 5; int c : 7; long long d : 9; char e : 4; } BT_SIGNED;",
	// In a union every arm is at 0; a width 0 there does nothing.
	"typedef union BT_UNION { char a : 3; int b : 20; } BT_UNION;",
	"typedef union BT_UNION_ZERO { char a : 3; long long : 0; } BT_UNION_ZERO;",
	"typedef union BT_UNION_WIDE { long long a : 33; char b; } BT_UNION_WIDE;",
	// Bit-fields in a struct inside a struct.
	"typedef struct BT_INNER { char c; struct { unsigned char a : 1; unsigned short b : 2; } in; struct { int d : 3; }; char after; } BT_INNER;",
}

// TestBitFieldLayoutAgainstMingw holds idl.StructFieldLayout to mingw-w64's
// gcc for 64-bit and 32-bit Windows on bitFieldTable: the sizes and the
// offsets of the fields that are not bit-fields with _Static_asserts (the
// layout facts gen makes), and where each named bit-field's bits are with
// a constant object whose field has all its bits set, read from the object
// file gcc writes (nothing runs). Conversion warnings are errors there, so
// a value the field cannot hold (its signedness decided otherwise than
// idl.IntegerType decides it) does not compile.
func TestBitFieldLayoutAgainstMingw(t *testing.T) {
	t.Parallel()
	src := strings.Join(bitFieldTable, "\n") + "\n"
	prog, err := idl.LoadFS(idl.Config{}, idl.Dir{FS: fstest.MapFS{"table.idl": {Data: []byte(src)}}}, "table.idl")
	if err != nil {
		t.Fatal(err)
	}
	facts, err := gen.LayoutFacts(prog, gen.Options{Package: "x"})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	header := filepath.Join(dir, "table.h")
	if err := os.WriteFile(header, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	var structs []*idl.StructInfo
	for _, e := range prog.Model.Entities {
		if s, ok := e.(*idl.StructInfo); ok && s.Name != "" {
			structs = append(structs, s)
		}
	}
	for _, c := range mingwCompilers {
		t.Run(c.arch, func(t *testing.T) {
			cc := mingwCC(t, c.cc, c.pkg)
			checked, missing, wrong := compileFacts(t, cc, precompiled{}, header, facts)
			for _, w := range wrong {
				t.Errorf("gcc disagrees: %s", w)
			}
			if len(missing) > 0 {
				t.Errorf("facts gcc cannot evaluate: %v", missing)
			}
			arch := idl.ArchAMD64
			if c.arch == "386" {
				arch = idl.Arch386
			}
			var objs []cObject
			var want [][]byte
			for _, s := range structs {
				size, _, err := idl.StructLayout(s, arch, nil, 0)
				if err != nil {
					t.Fatal(err)
				}
				for _, b := range bitFieldsOf(t, s, arch) {
					objs = append(objs, cObject{typ: s.Name, size: size, inits: []string{fmt.Sprintf(".%s = %s", b.c, b.allOnes())}})
					w := make([]byte, size)
					for i := range b.bits {
						bit := b.offset*8 + int64(b.bit+i)
						w[bit/8] |= 1 << (bit % 8)
					}
					want = append(want, w)
				}
			}
			got := compileObjects(t, cc, header, objs)
			for i, o := range objs {
				if string(got[i]) != string(want[i]) {
					t.Errorf("%s {%s}: gcc's bytes % x, idl.StructFieldLayout's % x", o.typ, o.inits[0], got[i], want[i])
				}
			}
			t.Logf("%d layout facts and %d bit-fields agree with gcc", checked, len(objs))
		})
	}
}

// cBitField is a named bit-field of a struct, reached through fields of
// inline struct type (C's designator), where StructFieldLayout puts it.
type cBitField struct {
	c      string // the designator: a, or in.a
	bits   int
	size   int64 // of its type
	signed bool
	offset int64 // of its unit in the outermost struct
	bit    int
}

// allOnes is the C value with every bit of the field set.
func (b cBitField) allOnes() string {
	if b.signed {
		return "-1"
	}
	return fmt.Sprintf("%#xull", ^uint64(0)>>(64-b.bits))
}

// values are the values the accessor test stores, each in the field's
// range: the extremes, one and alternating bits.
func (b cBitField) values() []int64 {
	if b.signed {
		lo, hi := int64(-1)<<(b.bits-1), int64(1)<<(b.bits-1)-1
		return []int64{-1, lo, hi, hi / 3 * 2, 0}
	}
	top := ^uint64(0) >> (64 - b.bits)
	return []int64{int64(top), 1, int64(top / 3), int64(top / 3 * 2), 0}
}

// bitFieldsOf lists the named bit-fields of s and of its fields of
// anonymous struct type, with their place on arch.
func bitFieldsOf(t *testing.T, s *idl.StructInfo, arch idl.Arch) []cBitField {
	if s.Union || s.SwitchType != nil {
		return nil
	}
	_, _, at, err := idl.StructFieldLayout(s, arch)
	if err != nil {
		t.Fatal(err)
	}
	var out []cBitField
	for i, f := range s.Fields {
		if f.Type.Kind == idl.RNamed {
			if in, ok := f.Type.Decl.(*idl.StructInfo); ok && in.Name == "" {
				for _, b := range bitFieldsOf(t, in, arch) {
					if f.Name != "" {
						b.c = f.Name + "." + b.c
					}
					b.offset += at[i].Offset
					out = append(out, b)
				}
			}
		}
		if f.Bits <= 0 || f.Name == "" {
			continue
		}
		size, signed, ok := idl.IntegerType(f.Type)
		if !ok {
			t.Fatalf("%s.%s: not an integer type", s.Name, f.Name)
		}
		out = append(out, cBitField{c: f.Name, bits: f.Bits, size: size, signed: signed, offset: at[i].Offset, bit: at[i].Bit})
	}
	return out
}

// cObject is a constant C object of type typ (size bytes) with a designated
// initializer.
type cObject struct {
	typ   string
	size  int64
	inits []string
}

// compileObjects compiles the objects with the C header (gcc's conversion
// warnings as errors) to an object file and returns each one's bytes, read
// from the COFF object gcc writes.
func compileObjects(t *testing.T, cc, header string, objs []cObject) [][]byte {
	t.Helper()
	dir := t.TempDir()
	var b strings.Builder
	fmt.Fprintf(&b, "#include \"%s\"\n", header)
	for i, o := range objs {
		fmt.Fprintf(&b, "const %s bfobj%d = { %s };\n", o.typ, i, strings.Join(o.inits, ", "))
	}
	src, obj := filepath.Join(dir, "objects.c"), filepath.Join(dir, "objects.o")
	if err := os.WriteFile(src, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(cc, "-std=c11", "-c", "-Werror", "-Wconversion", "-Wsign-conversion", "-Woverflow", "-o", obj, src)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%s does not compile: %v\n%s", src, err, out)
	}
	f, err := pe.Open(obj)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	got := make([][]byte, len(objs))
	name := regexp.MustCompile(`^_?bfobj(\d+)$`) // 386 symbols have a leading _
	for _, sym := range f.Symbols {
		m := name.FindStringSubmatch(sym.Name)
		if m == nil || sym.SectionNumber <= 0 || int(sym.SectionNumber) > len(f.Sections) {
			continue
		}
		var i int
		fmt.Sscan(m[1], &i)
		data, err := f.Sections[sym.SectionNumber-1].Data()
		if err != nil {
			t.Fatal(err)
		}
		end := int64(sym.Value) + objs[i].size
		if end > int64(len(data)) {
			t.Fatalf("bfobj%d lies beyond its section", i)
		}
		got[i] = data[sym.Value:end]
	}
	for i := range got {
		if got[i] == nil {
			t.Fatalf("bfobj%d is not in %s", i, obj)
		}
	}
	return got
}

// TestBitFieldAccessorsAgainstMingw runs the accessors generated for the
// golden case bitfields.idl (C as well as IDL) as Go code, for amd64 and,
// where this machine runs 32-bit programs, 386: for several sets of values
// in range, the setters must make from a zero struct the bytes gcc makes of
// a constant with those values, and the getters must read the values back
// from gcc's bytes (sign-extended to the declared type, as C reads them).
// The accessors' names and the fields they are for are read from the
// generated code's doc comments.
func TestBitFieldAccessorsAgainstMingw(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("builds and runs a generated package")
	}
	path, err := filepath.Abs(filepath.Join(goldenDir, "bitfields.idl"))
	if err != nil {
		t.Fatal(err)
	}
	cfg := idl.Config{Dirs: []idl.Dir{idl.OSDir(filepath.Join(goldenDir, "imports")), idl.Builtin}}
	prog, err := idl.LoadFS(cfg, idl.OSDir(goldenDir), "bitfields.idl")
	if err != nil {
		t.Fatal(err)
	}
	files := goldenGenerate(t, idl.OSDir(goldenDir), "bitfields.idl", "bitfields", gen.Options{})
	methods := accessorsByDoc(t, files)

	type structCase struct {
		s      *idl.StructInfo
		fields []cBitField
		bytes  [2][][]byte // per arch (386, 64-bit), per round
	}
	const rounds = 5
	var cases []*structCase
	for _, e := range prog.Model.Entities {
		s, ok := e.(*idl.StructInfo)
		if !ok || s.Name == "" || s.DeclFile() != prog.Roots[0] {
			continue
		}
		bs := bitFieldsOf(t, s, idl.ArchAMD64)
		if len(bs) > 0 {
			cases = append(cases, &structCase{s: s, fields: bs})
		}
	}
	if len(cases) < 5 {
		t.Fatalf("only %d structs with bit-fields in bitfields.idl", len(cases))
	}
	value := func(b cBitField, k, round int) int64 { vs := b.values(); return vs[(k+round)%len(vs)] }
	for ai, c := range []struct {
		cc, pkg string
		arch    idl.Arch
	}{{"i686-w64-mingw32-gcc", "gcc-mingw-w64-i686", idl.Arch386}, {"x86_64-w64-mingw32-gcc", "gcc-mingw-w64-x86-64", idl.ArchAMD64}} {
		cc := mingwCC(t, c.cc, c.pkg)
		var objs []cObject
		for _, sc := range cases {
			size, _, err := idl.StructLayout(sc.s, c.arch, nil, 0)
			if err != nil {
				t.Fatal(err)
			}
			for r := range rounds {
				o := cObject{typ: sc.s.Name, size: size}
				for k, b := range sc.fields {
					o.inits = append(o.inits, fmt.Sprintf(".%s = %d", b.c, value(b, k, r)))
				}
				objs = append(objs, o)
			}
		}
		got := compileObjects(t, cc, path, objs)
		for i, sc := range cases {
			sc.bytes[ai] = got[i*rounds : (i+1)*rounds]
		}
	}

	// The test, in the generated package.
	var b strings.Builder
	b.WriteString(`package bitfields

import (
	"bytes"
	"testing"
	"unsafe"
)

type integer interface {
	~int8 | ~int16 | ~int32 | ~int64 | ~uint8 | ~uint16 | ~uint32 | ~uint64
}

func set[V integer](f func(V), v int64) { f(V(v)) }

func get[V integer](f func() V) uint64 { return uint64(f()) }

func raw[T any](p *T) []byte { return unsafe.Slice((*byte)(unsafe.Pointer(p)), unsafe.Sizeof(*p)) }

func TestBitFieldOracle(t *testing.T) {
	col := 0 // 386
	if unsafe.Sizeof(uintptr(0)) == 8 {
		col = 1
	}
	_ = col
`)
	for _, sc := range cases {
		goName := sc.s.Name // goIdent keeps these names
		for r := range rounds {
			fmt.Fprintf(&b, "\t{\n\t\twant := [2][]byte{%s, %s}[col]\n", goBytes(sc.bytes[0][r]), goBytes(sc.bytes[1][r]))
			fmt.Fprintf(&b, "\t\tvar x %s\n", goName)
			for k, f := range sc.fields {
				m, ok := methods[sc.s.Name+"."+f.c]
				if !ok {
					t.Fatalf("no accessors documented for %s.%s", sc.s.Name, f.c)
				}
				fmt.Fprintf(&b, "\t\tset(x.%s, %d)\n", m[1], value(f, k, r))
			}
			fmt.Fprintf(&b, "\t\tif got := raw(&x); !bytes.Equal(got, want) {\n\t\t\tt.Errorf(\"%s round %d: setters make %% x, gcc %% x\", got, want)\n\t\t}\n", goName, r)
			fmt.Fprintf(&b, "\t\tvar y %s\n\t\tcopy(raw(&y), want)\n", goName)
			for k, f := range sc.fields {
				m := methods[sc.s.Name+"."+f.c]
				v := value(f, k, r)
				mask := ^uint64(0) >> (64 - 8*f.size)
				fmt.Fprintf(&b, "\t\tif got := get(y.%s) & %#x; got != %#x {\n\t\t\tt.Errorf(\"%s.%s() round %d = %%#x, want %d\", got)\n\t\t}\n",
					m[0], mask, uint64(v)&mask, goName, m[0], r, v)
			}
			b.WriteString("\t}\n")
		}
	}
	b.WriteString("}\n")

	mod := testenv.Module(t)
	pkg := filepath.Join(mod, "bitfields")
	testenv.WriteFiles(t, pkg, files)
	if err := os.WriteFile(filepath.Join(pkg, "oracle_test.go"), []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, arch := range []string{"amd64", "386"} {
		t.Run(arch, func(t *testing.T) {
			if arch == "386" {
				testenv.Require386(t)
			}
			cmd := exec.Command("go", "test", "-count=1", "-run", "^TestBitFieldOracle$", ".")
			cmd.Dir = pkg
			cmd.Env = append(os.Environ(), "GOOS=linux", "GOARCH="+arch, "CGO_ENABLED=0", "GOFLAGS=")
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Errorf("%v\n%s", err, out)
			}
		})
	}
}

// goBytes renders b as a Go []byte literal.
func goBytes(b []byte) string {
	parts := make([]string, len(b))
	for i, c := range b {
		parts[i] = fmt.Sprintf("%#02x", c)
	}
	return "{" + strings.Join(parts, ", ") + "}"
}

// accessorDoc is how the generated accessors say which bit-field they are for.
var accessorDoc = regexp.MustCompile(`^(\w+) (returns|sets) the bit-field ([\w.]+) of (\w+) \(C: `)

// accessorsByDoc maps "STRUCT.designator" to the names of its getter and
// setter, read from the generated files' doc comments.
func accessorsByDoc(t *testing.T, files []gen.File) map[string][2]string {
	t.Helper()
	out := map[string][2]string{}
	fset := token.NewFileSet()
	for _, f := range files {
		if !strings.HasSuffix(f.Name, ".go") {
			continue
		}
		af, err := parser.ParseFile(fset, f.Name, f.Src, parser.ParseComments)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range af.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Doc == nil {
				continue
			}
			m := accessorDoc.FindStringSubmatch(fd.Doc.Text())
			if m == nil || m[1] != fd.Name.Name {
				continue
			}
			key := m[4] + "." + m[3]
			names := out[key]
			if m[2] == "returns" {
				names[0] = m[1]
			} else {
				names[1] = m[1]
			}
			out[key] = names
		}
	}
	return out
}
