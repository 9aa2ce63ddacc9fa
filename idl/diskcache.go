package idl

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"sync/atomic"
)

// DiskCache keeps the preprocessed tokens of files between runs, in a
// directory of the user's cache, as the go command's build cache keeps
// compiled packages: regenerating many packages does not lex and
// preprocess objidl.idl or oaidl.idl again each time. An entry is used only
// when its file's text, the text of every file it #included (found again
// the same way, from the same directories) and the loader's directories and
// macros are what they were, and when the same build of the program wrote
// it (Version). Files with errors are not cached. Entries are written to a
// temporary file and renamed, so concurrent runs share the directory
// safely; an entry that does not read back whole (its checksum) is ignored
// and written again.
type DiskCache struct {
	Dir     string
	Version string // the program's build (see BuildVersion): entries of other builds are not used

	hits atomic.Int64 // entries used, for tests
}

// BuildVersion identifies the running program's build for DiskCache: the
// module version it was installed at, or the VCS revision it was built
// from. It is "" for a build from modified sources or without either (go
// test binaries), which must not use a disk cache.
func BuildVersion() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return ""
	}
	if info.Main.Path != modulePath {
		// A program that uses this package: comgen's version is that of
		// its dependency (none for a local replacement, whose code can
		// change under the same version).
		for _, d := range info.Deps {
			if d.Path != modulePath {
				continue
			}
			if r := d.Replace; r != nil {
				if r.Version == "" {
					return ""
				}
				return "version " + r.Path + "@" + r.Version + " " + r.Sum
			}
			if d.Version == "" || d.Version == "(devel)" {
				return ""
			}
			return "version " + d.Version + " " + d.Sum
		}
		return ""
	}
	var rev string
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			if s.Value == "true" {
				return ""
			}
		}
	}
	if rev != "" {
		return "rev " + rev
	}
	if v := info.Main.Version; v != "" && v != "(devel)" {
		return "version " + v
	}
	return ""
}

// modulePath is comgen's module, whose build BuildVersion names.
const modulePath = "github.com/comgen/comgen"

// diskFormat changes with the entries' layout and with what the lexer and
// the preprocessor produce for the same input (Version covers builds).
const diskFormat = "comgen-idl-1"

// cacheDep is a file the preprocessor read for the entry's file: the file
// itself (deps[0]) or one it #included, found from deps[from] by name.
type cacheDep struct {
	from    int
	name    string
	display string
	sum     [sha256.Size]byte
}

// diskEntry is what a file's preprocessing produced.
type diskEntry struct {
	deps    []cacheDep
	toks    []Token
	packs   []packChange
	skipped []lineRange
	defines []*Macro
}

// active reports whether c is in use: a cache of a known build.
func (c *DiskCache) active() bool { return c != nil && c.Version != "" }

// key names the entry of file display, whose text has the SHA-256 sum,
// under cfg.
func (c *DiskCache) key(cfg Config, display string, sum [sha256.Size]byte) string {
	h := sha256.New()
	// Each string and list with its length first: no two different
	// configurations write the same bytes.
	n := func(v int) { h.Write(binary.AppendUvarint(nil, uint64(v))) }
	w := func(s string) { n(len(s)); h.Write([]byte(s)) }
	w(diskFormat)
	w(c.Version)
	n(len(cfg.Dirs))
	for _, d := range cfg.Dirs {
		w(d.Name)
	}
	defs := cfg.Defines
	if defs == nil {
		defs = DefaultDefines
	}
	n(len(defs))
	for _, d := range defs {
		w(d)
	}
	w(display)
	h.Write(sum[:])
	return hex.EncodeToString(h.Sum(nil))
}

func (c *DiskCache) path(key string) string { return filepath.Join(c.Dir, key[:2], key) }

// maxEntrySize bounds what get reads: an entry holds a file's tokens, and
// files over 64 MiB are refused (load.go), so no real entry comes near it.
const maxEntrySize = 1 << 30

// get returns the entry key names for file ref, whose text has the SHA-256
// sum, or nil when there is none that holds now. It reads regular files
// only, up to maxEntrySize (a cache entry replaced by a link to /dev/zero,
// or by a FIFO, is no entry), and the entry must be of that very text.
func (c *DiskCache) get(l *loader, ref fileRef, key string, sum [sha256.Size]byte) *diskEntry {
	data, err := readRegular(c.path(key), maxEntrySize)
	if err != nil {
		return nil
	}
	e, err := decodeEntry(data)
	if err != nil || len(e.deps) == 0 || e.deps[0].display != ref.display || e.deps[0].sum != sum {
		return nil
	}
	// Each #included file is found again as the preprocessor would find it:
	// the same file, with the same text.
	refs := []fileRef{ref}
	for _, d := range e.deps[1:] {
		if d.from >= len(refs) {
			return nil
		}
		sub, text, err := l.find(refs[d.from], d.name)
		if err != nil || sub.display != d.display || sha256.Sum256(text) != d.sum {
			return nil
		}
		refs = append(refs, sub)
	}
	c.hits.Add(1)
	return e
}

// readRegular reads the file at path when it is a regular file (not a link,
// a device or a FIFO, which open and read could block on or never end) of
// at most limit bytes.
func readRegular(path string, limit int64) ([]byte, error) {
	fi, err := os.Lstat(path)
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() || fi.Size() > limit {
		return nil, fmt.Errorf("%s: not a regular file of at most %d bytes", path, limit)
	}
	f, err := os.OpenFile(path, os.O_RDONLY|oNonblock, 0)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if fi2, err := f.Stat(); err != nil || !os.SameFile(fi, fi2) {
		return nil, fmt.Errorf("%s: replaced while opened", path)
	}
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err == nil && int64(len(data)) > limit {
		err = fmt.Errorf("%s: larger than %d bytes", path, limit)
	}
	return data, err
}

// put writes entry e under key.
func (c *DiskCache) put(key string, e *diskEntry) {
	p := c.path(key)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return
	}
	tmp, err := os.CreateTemp(filepath.Dir(p), ".tmp-*")
	if err != nil {
		return
	}
	_, werr := tmp.Write(encodeEntry(e))
	if cerr := tmp.Close(); werr != nil || cerr != nil || os.Rename(tmp.Name(), p) != nil {
		os.Remove(tmp.Name())
	}
}

// The entry's layout: the magic, the SHA-256 of the body, the body. The
// body: the dependencies; a string table (the lengths, then the strings
// back to back), which every string below is an index into; the tokens,
// the #pragma pack changes, the skipped line ranges and the macros.

var diskMagic = []byte(diskFormat + "\n")

type encoder struct {
	buf     []byte
	strs    map[string]int
	strList []string
}

func (e *encoder) uint(v int)   { e.buf = binary.AppendUvarint(e.buf, uint64(v)) }
func (e *encoder) int(v int)    { e.buf = binary.AppendVarint(e.buf, int64(v)) }
func (e *encoder) str(s string) { e.uint(e.intern(s)) }

func (e *encoder) intern(s string) int {
	if i, ok := e.strs[s]; ok {
		return i
	}
	e.strs[s] = len(e.strList)
	e.strList = append(e.strList, s)
	return len(e.strList) - 1
}

func (e *encoder) token(t Token) {
	flags := int(t.Kind) << 1
	if t.BOL {
		flags |= 1
	}
	e.uint(flags)
	e.str(t.Text)
	e.str(t.Value)
	e.str(t.Doc)
	e.str(t.Pos.File)
	e.int(t.Pos.Line)
	e.int(t.Pos.Col)
}

func (e *encoder) tokens(ts []Token) {
	e.uint(len(ts))
	for _, t := range ts {
		e.token(t)
	}
}

func encodeEntry(d *diskEntry) []byte {
	e := &encoder{strs: map[string]int{}}
	e.uint(len(d.deps))
	for _, dep := range d.deps {
		e.uint(dep.from)
		e.str(dep.name)
		e.str(dep.display)
		e.buf = append(e.buf, dep.sum[:]...)
	}
	e.tokens(d.toks)
	e.uint(len(d.packs))
	for _, p := range d.packs {
		e.uint(p.at)
		e.int(p.pack)
	}
	e.uint(len(d.skipped))
	for _, r := range d.skipped {
		e.str(r.file)
		e.int(r.start)
		e.int(r.end)
	}
	e.uint(len(d.defines))
	for _, m := range d.defines {
		e.str(m.Name)
		e.uint(len(m.Params))
		for _, p := range m.Params {
			e.str(p)
		}
		fl := 0
		if m.FuncLike {
			fl |= 1
		}
		if m.Params != nil {
			fl |= 2
		}
		e.uint(fl)
		e.str(m.Pos.File)
		e.int(m.Pos.Line)
		e.int(m.Pos.Col)
		e.tokens(m.Body)
	}
	// The string table goes first in the body: decoding reads it before
	// the rest refers to it.
	var head []byte
	head = binary.AppendUvarint(head, uint64(len(e.strList)))
	for _, s := range e.strList {
		head = binary.AppendUvarint(head, uint64(len(s)))
	}
	for _, s := range e.strList {
		head = append(head, s...)
	}
	body := append(head, e.buf...)
	sum := sha256.Sum256(body)
	out := append(append(bytes.Clone(diskMagic), sum[:]...), body...)
	return out
}

var errCorrupt = errors.New("corrupt cache entry")

type decoder struct {
	buf  []byte
	strs []string
	err  error
}

// Numbers are at most 2^31-1 in magnitude, so that they fit an int on
// every target (lengths, indexes, line numbers).
const maxDiskNumber = 1<<31 - 1

// number takes the n bytes of a number v off the buffer, or fails the
// decoding (0) when it did not read or is out of range.
func (d *decoder) number(v int64, n int, ok bool) int {
	if n <= 0 || !ok {
		d.err = errCorrupt
		d.buf = nil
		return 0
	}
	d.buf = d.buf[n:]
	return int(v)
}

func (d *decoder) uint() int {
	v, n := binary.Uvarint(d.buf)
	return d.number(int64(v), n, v <= maxDiskNumber)
}

func (d *decoder) int() int {
	v, n := binary.Varint(d.buf)
	return d.number(v, n, -maxDiskNumber <= v && v <= maxDiskNumber)
}

func (d *decoder) str() string {
	i := d.uint()
	if i >= len(d.strs) {
		d.err = errCorrupt
		return ""
	}
	return d.strs[i]
}

// count reads a number of items each at least min bytes long, refusing one
// larger than what is left (a corrupt count must not allocate gigabytes).
func (d *decoder) count(min int) int {
	n := d.uint()
	if n > len(d.buf)/min {
		d.err = errCorrupt
		return 0
	}
	return n
}

func (d *decoder) tokens() []Token {
	n := d.count(7)
	ts := make([]Token, n)
	for i := range ts {
		flags := d.uint()
		ts[i] = Token{Kind: Kind(flags >> 1), BOL: flags&1 != 0, Text: d.str(), Value: d.str(), Doc: d.str()}
		ts[i].Pos = Pos{File: d.str(), Line: d.int(), Col: d.int()}
	}
	return ts
}

func decodeEntry(data []byte) (*diskEntry, error) {
	if !bytes.HasPrefix(data, diskMagic) || len(data) < len(diskMagic)+sha256.Size {
		return nil, errCorrupt
	}
	data = data[len(diskMagic):]
	body := data[sha256.Size:]
	if sha256.Sum256(body) != [sha256.Size]byte(data[:sha256.Size]) {
		return nil, errCorrupt
	}
	return decodeBody(body)
}

// decodeBody decodes an entry's body; it refuses, without panicking or
// allocating more than the body's size allows, any it cannot read whole.
func decodeBody(body []byte) (*diskEntry, error) {
	d := &decoder{buf: body}
	// The strings: their lengths, then one string holding them all, which
	// each is a slice of (one allocation for every token's texts).
	n := d.count(1)
	lens := make([]int, n)
	total := 0
	for i := range lens {
		lens[i] = d.uint()
		if lens[i] > len(d.buf)-total {
			return nil, errCorrupt
		}
		total += lens[i]
	}
	if d.err != nil {
		return nil, errCorrupt
	}
	all := string(d.buf[:total])
	d.buf = d.buf[total:]
	d.strs = make([]string, n)
	off := 0
	for i, l := range lens {
		d.strs[i] = all[off : off+l]
		off += l
	}
	e := &diskEntry{}
	e.deps = make([]cacheDep, d.count(3+sha256.Size))
	for i := range e.deps {
		e.deps[i] = cacheDep{from: d.uint(), name: d.str(), display: d.str()}
		if len(d.buf) < sha256.Size {
			return nil, errCorrupt
		}
		copy(e.deps[i].sum[:], d.buf)
		d.buf = d.buf[sha256.Size:]
	}
	e.toks = d.tokens()
	e.packs = make([]packChange, d.count(2))
	for i := range e.packs {
		e.packs[i] = packChange{at: d.uint(), pack: d.int()}
	}
	e.skipped = make([]lineRange, d.count(3))
	for i := range e.skipped {
		e.skipped[i] = lineRange{file: d.str(), start: d.int(), end: d.int()}
	}
	e.defines = make([]*Macro, d.count(6))
	for i := range e.defines {
		m := &Macro{Name: d.str()}
		params := make([]string, d.count(1))
		for k := range params {
			params[k] = d.str()
		}
		fl := d.uint()
		m.FuncLike = fl&1 != 0
		if fl&2 != 0 {
			m.Params = params
		}
		m.Pos = Pos{File: d.str(), Line: d.int(), Col: d.int()}
		m.Body = d.tokens()
		e.defines[i] = m
	}
	if d.err != nil || len(d.buf) != 0 || len(e.toks) == 0 || e.toks[len(e.toks)-1].Kind != EOF {
		return nil, errCorrupt
	}
	for _, dep := range e.deps {
		if strings.ContainsRune(dep.display, 0) {
			return nil, errCorrupt
		}
	}
	return e, nil
}
