package idl

import (
	"errors"
	"fmt"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"
)

// Config says where imports are found and which macros are predefined.
type Config struct {
	// Dirs are searched in order for imports and #includes (like -I), after the
	// directory of the importing file.
	Dirs []Dir
	// Defines are predefined object-like macros (NAME or NAME=value, as -D).
	// When nil, DefaultDefines is used.
	Defines []string
	// ReadFile reads the input files named on the command line (default os.ReadFile).
	ReadFile func(name string) ([]byte, error)
	// Cache, when set, keeps parsed files for later Loads with the same Dirs
	// and Defines (the shared imports of a corpus are then parsed once).
	Cache *Cache
	// Progress, when set, is called with each file's name as it is loaded.
	Progress func(file string)
}

// Cache holds parsed files across Loads. A file is parsed independently of
// the file that imports it (each starts with the predefined macros only), so
// its result depends on its text, Dirs and Defines alone. Safe for
// concurrent use: Loads running side by side that need the same file wait
// for the one that parses it, so that each file is parsed once.
type Cache struct {
	mu     sync.Mutex
	files  map[string]*cachedFile
	busy   map[string]chan struct{} // keys being parsed, closed when done
	parses map[string]int           // times each file was parsed, by display name
}

// NewCache returns an empty cache.
func NewCache() *Cache {
	return &Cache{files: map[string]*cachedFile{}, busy: map[string]chan struct{}{}, parses: map[string]int{}}
}

// Parses returns how many times each file was parsed through the cache, by
// the name positions give it (once each, unless its text or the Config
// changed between Loads).
func (c *Cache) Parses() map[string]int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return maps.Clone(c.parses)
}

type cachedFile struct {
	src     string
	file    *File
	errs    []*Error
	lexErrs []*Error
	skipped []lineRange
}

func (c *Cache) key(cfg Config, display string) string {
	var b strings.Builder
	for _, d := range cfg.Dirs {
		b.WriteString(d.Name)
		b.WriteByte(0)
	}
	b.WriteByte(1)
	for _, d := range cfg.Defines {
		b.WriteString(d)
		b.WriteByte(0)
	}
	b.WriteByte(1)
	b.WriteString(display)
	return b.String()
}

// lookup returns the file parsed from src, or nil and put: the caller
// parses it and must call put with the result (nil when it has none),
// which other Loads asking for it meanwhile wait for.
func (c *Cache) lookup(cfg Config, display string, src []byte) (f *cachedFile, put func(*cachedFile)) {
	if c == nil {
		return nil, func(*cachedFile) {}
	}
	k := c.key(cfg, display)
	c.mu.Lock()
	defer c.mu.Unlock()
	for {
		if f := c.files[k]; f != nil && f.src == string(src) {
			return f, nil
		}
		wait, busy := c.busy[k]
		if !busy {
			break
		}
		c.mu.Unlock()
		<-wait
		c.mu.Lock()
	}
	done := make(chan struct{})
	c.busy[k] = done
	c.parses[display]++
	return nil, func(f *cachedFile) {
		c.mu.Lock()
		defer c.mu.Unlock()
		if f != nil {
			c.files[k] = f
		}
		delete(c.busy, k)
		close(done)
	}
}

// DefaultDefines are the macros widl and MIDL predefine that real IDL files
// test: MIDL_PASS selects the IDL side of C headers MIDL reads (devpropdef.h
// declares DEVPROPERTY.Buffer as [size_is(BufferSize)] BYTE * there).
var DefaultDefines = []string{"__WIDL__", "__midl=501", "MIDL_PASS", "_WIN32"}

// fileRef names a file inside a Dir.
type fileRef struct {
	dir     Dir
	name    string // path inside dir.FS
	display string // name in positions
}

type loader struct {
	cfg      Config
	errs     ErrorList
	warnings ErrorList
	lexErrs  []*Error
	skipped  []lineRange
	tokBufs  [][]Token        // lexer buffers free for reuse (see lex)
	files    map[string]*File // by display name
	order    []*File          // dependencies first
	loading  map[string]bool
	listings listings // directories read by find
}

// Program is the result of loading: the files and the checked declarations.
type Program struct {
	Files []*File // every file loaded, imports before the files that import them
	Roots []*File // the files named by the caller, in order
	*Model
}

// Load reads, preprocesses and parses the named files and everything they import,
// then checks the result. The error, if any, is an ErrorList sorted by position.
func Load(cfg Config, names ...string) (*Program, error) {
	l := &loader{cfg: cfg, files: map[string]*File{}, loading: map[string]bool{}}
	if l.cfg.ReadFile == nil {
		l.cfg.ReadFile = ReadFile
	}
	prog := &Program{}
	for _, name := range names {
		src, err := l.cfg.ReadFile(name)
		if err != nil {
			l.errs.Add(Pos{File: filepath.ToSlash(name)}, "cannot read input: %v", unwrapPathErr(err))
			continue
		}
		dir, base := filepath.Split(name)
		if dir == "" {
			dir = "."
		}
		ref := fileRef{dir: OSDir(dir), name: base, display: filepath.ToSlash(filepath.Clean(name))}
		prog.Roots = append(prog.Roots, l.load(ref, src))
	}
	return l.finish(prog)
}

// LoadFS is Load for root files that live in dir (for example an embedded file system).
func LoadFS(cfg Config, dir Dir, names ...string) (*Program, error) {
	l := &loader{cfg: cfg, files: map[string]*File{}, loading: map[string]bool{}}
	prog := &Program{}
	for _, name := range names {
		real, src, err := dir.open(name)
		if err != nil {
			l.errs.Add(Pos{File: dir.display(name)}, "cannot read input: %v", unwrapPathErr(err))
			continue
		}
		prog.Roots = append(prog.Roots, l.load(fileRef{dir: dir, name: real, display: dir.display(real)}, src))
	}
	return l.finish(prog)
}

func unwrapPathErr(err error) error {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err
	}
	return err
}

func (l *loader) finish(prog *Program) (*Program, error) {
	for _, f := range l.order {
		if f.Generics {
			// The WinRT generics the program does not declare itself (the
			// SDK's files declare none), as MIDL reads them from metadata.
			real, src, err := Builtin.open(builtinGenerics)
			if err == nil {
				l.load(fileRef{dir: Builtin, name: real, display: Builtin.display(real)}, src)
			}
			break
		}
	}
	// The everyday DLL entry points (exports.idl), for the programs that
	// declare the types they use.
	if real, src, err := Builtin.open(builtinExports); err == nil {
		l.load(fileRef{dir: Builtin, name: real, display: Builtin.display(real)}, src)
	}
	prog.Files = l.order
	// Lexer errors inside #if 0 regions are not errors.
	for _, e := range l.lexErrs {
		if !l.inSkipped(e.Pos) {
			l.errs = append(l.errs, e)
		}
	}
	if len(l.errs) == 0 {
		prog.Model = check(prog.Files, &l.errs)
		if prog.Model != nil { // nil when the checker gave up after too many errors
			prog.Model.Warnings = append(l.warnings, prog.Model.Warnings...)
			prog.Model.Warnings.Sort()
		}
	}
	if len(l.errs) > 0 {
		l.errs.Sort()
		return prog, l.errs
	}
	return prog, nil
}

func (l *loader) inSkipped(p Pos) bool {
	for _, r := range l.skipped {
		if r.file == p.File && r.start <= p.Line && p.Line <= r.end {
			return true
		}
	}
	return false
}

// lex lexes one file into a buffer of l's; release gives it back once the
// preprocessor is done with the tokens (it copies the ones it keeps).
func (l *loader) lex(display string, src []byte) []Token {
	var buf []Token
	if n := len(l.tokBufs); n > 0 {
		buf, l.tokBufs = l.tokBufs[n-1], l.tokBufs[:n-1]
	}
	var errs ErrorList
	toks := lexInto(buf, display, src, &errs)
	l.lexErrs = append(l.lexErrs, errs...)
	return toks
}

func (l *loader) release(toks []Token) {
	clear(toks) // the strings they hold may go
	l.tokBufs = append(l.tokBufs, toks[:0])
}

func (l *loader) macros() map[string]*Macro {
	defs := l.cfg.Defines
	if defs == nil {
		defs = DefaultDefines
	}
	m := map[string]*Macro{}
	for _, d := range defs {
		name, val, _ := strings.Cut(d, "=")
		if !strings.Contains(d, "=") {
			val = "1"
		}
		var errs ErrorList
		body := Lex("<command line>", []byte(val), &errs)
		m[name] = &Macro{Name: name, Body: body[:len(body)-1]}
	}
	return m
}

// load lexes, preprocesses and parses one file, then loads its imports.
func (l *loader) load(ref fileRef, src []byte) *File {
	if f, ok := l.files[ref.display]; ok {
		return f
	}
	if l.loading[ref.display] {
		return nil // an import cycle: MIDL imports each file once
	}
	l.loading[ref.display] = true
	if l.cfg.Progress != nil {
		l.cfg.Progress(ref.display)
	}
	var f *File
	if c, put := l.cfg.Cache.lookup(l.cfg, ref.display, src); c != nil {
		f = c.file
		l.errs = append(l.errs, c.errs...)
		l.lexErrs = append(l.lexErrs, c.lexErrs...)
		l.skipped = append(l.skipped, c.skipped...)
	} else {
		f = l.parseFile(ref, src, put)
	}
	headers := l.importAll(ref, f.Decls)
	if len(headers) > 0 || len(f.Headers) > 0 {
		g := *f // a file from the cache is shared: the headers this load found are this program's
		g.Headers = headers
		f = &g
	}
	l.files[ref.display] = f
	l.order = append(l.order, f)
	return f
}

// parseFile lexes, preprocesses and parses one file and hands the result
// to put (see Cache.lookup), whatever happens.
func (l *loader) parseFile(ref fileRef, src []byte, put func(*cachedFile)) (f *File) {
	var cf *cachedFile
	defer func() { put(cf) }()
	nerr, nlex := len(l.errs), len(l.lexErrs)
	pp := &preprocessor{loader: l, macros: l.macros(), errs: &l.errs}
	lexed := l.lex(ref.display, src)
	toks := pp.run(ref, lexed)
	l.release(lexed)
	l.skipped = append(l.skipped, pp.skipped...)
	f = parse(ref.display, toks, pp.packs, &l.errs)
	f.Defines = pp.defines
	cf = &cachedFile{src: string(src), file: f,
		errs: slices.Clone(l.errs[nerr:]), lexErrs: slices.Clone(l.lexErrs[nlex:]), skipped: pp.skipped}
	return f
}

// importAll loads the files decls import and returns the C headers among them.
func (l *loader) importAll(ref fileRef, decls []Decl) (headers []*File) {
	for _, d := range decls {
		switch d := d.(type) {
		case *Import:
			for _, s := range d.Files {
				sub, src, err := l.find(ref, s.Value)
				if errors.Is(err, ErrFileTooLarge) {
					l.errs.Add(s.Pos, "cannot read imported file %q: %v", s.Value, err)
					continue
				}
				if err != nil {
					l.errs.Add(s.Pos, "cannot find imported file %q (searched %s)", s.Value, l.searched(ref))
					continue
				}
				if h := l.load(sub, src); h != nil && isCHeader(sub.display) {
					headers = append(headers, h)
				}
			}
		case *ImportLib:
			// A type library's definitions come from the built-in stdole.idl when
			// it is one of the OLE Automation libraries; others cannot be read.
			switch strings.ToLower(path.Base(strings.ReplaceAll(d.Name, "\\", "/"))) {
			case "stdole2.tlb", "stdole32.tlb":
				real, src, err := Builtin.open("stdole.idl")
				if err == nil {
					l.load(fileRef{dir: Builtin, name: real, display: Builtin.display(real)}, src)
				}
			default:
				l.warnings = append(l.warnings, &Error{Pos: d.Pos, Msg: fmt.Sprintf("importlib(%q): type libraries are not read; declare what it provides in IDL", d.Name)})
			}
		case *Library:
			headers = append(headers, l.importAll(ref, d.Decls)...)
		case *Interface:
			headers = append(headers, l.importAll(ref, d.Decls)...)
		case *Namespace:
			headers = append(headers, l.importAll(ref, d.Decls)...)
		}
	}
	return headers
}

// find looks for name next to the current file, then in the configured directories.
func (l *loader) find(cur fileRef, name string) (fileRef, []byte, error) {
	name = strings.ReplaceAll(name, "\\", "/")
	rel := path.Join(path.Dir(cur.name), name)
	real, src, err := cur.dir.openIn(rel, &l.listings)
	if err == nil {
		return fileRef{dir: cur.dir, name: real, display: cur.dir.display(real)}, src, nil
	} else if errors.Is(err, ErrFileTooLarge) {
		return fileRef{}, nil, err
	}
	for _, d := range l.cfg.Dirs {
		real, src, err := d.openIn(name, &l.listings)
		if err == nil {
			return fileRef{dir: d, name: real, display: d.display(real)}, src, nil
		} else if errors.Is(err, ErrFileTooLarge) {
			return fileRef{}, nil, err
		}
	}
	return fileRef{}, nil, fmt.Errorf("not found")
}

func (l *loader) searched(cur fileRef) string {
	dirs := []string{cur.dir.display(path.Dir(cur.name))}
	for _, d := range l.cfg.Dirs {
		if !slices.Contains(dirs, d.Name) {
			dirs = append(dirs, d.Name)
		}
	}
	return strings.Join(dirs, ", ")
}
