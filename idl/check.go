package idl

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// check builds the Model from parsed files: it declares every name, resolves
// types, evaluates constants and lays out vtables. Errors go to errs.
func check(files []*File, errs *ErrorList) *Model {
	c := &checker{
		errs:    errs,
		m:       &Model{Scope: map[string]Entity{}},
		tags:    map[string]*tagged{},
		state:   map[Entity]int{},
		tagOnly: map[Entity]bool{},
		entNS:   map[Entity]string{},
	}
	defer func() {
		if r := recover(); r != nil {
			if _, ok := r.(errBail); !ok {
				panic(r)
			}
		}
	}()
	for _, f := range files {
		c.file = f
		c.cIf, c.cIfGroup, c.cIfArch, c.cPack = c.cIf[:0], c.cIfGroup[:0], c.cIfArch[:0], c.cPack[:0]
		c.declare(f.Decls, "")
	}
	c.declareCppQuotes()
	c.declareHeaderDefines(files)
	// The instances declare blocks list belong to the file of the block,
	// even when a file it imports uses them too.
	for _, d := range c.declares {
		for _, t := range d.d.Instances {
			c.file = d.file
			c.instantiate(t)
		}
	}
	for _, e := range c.m.Entities {
		c.resolveEntity(e)
	}
	c.checkRedeclarations()
	c.nameByTypedef()
	c.warnPlaceholders()
	c.checkSizes()
	c.checkUUIDs()
	return c.m
}

// nameByTypedef gives a struct, union or enum declared by its tag alone
// (struct tagPROPVARIANT {...};) the name of the first typedef of it in the
// same file (typedef struct tagPROPVARIANT PROPVARIANT;): the name C code
// and the documentation use, as for typedef struct tagX {...} X;. The tag
// still names it in C text (layouts are checked as PROPVARIANT).
func (c *checker) nameByTypedef() {
	named := map[Entity]bool{}
	for _, e := range c.m.Entities {
		a, ok := e.(*AliasInfo)
		if !ok || a.Type == nil || a.Type.Kind != RNamed || named[a.Type.Decl] || !c.tagOnly[a.Type.Decl] ||
			a.Type.Decl.DeclFile() != a.DeclFile() || !c.aliasOfTag(a, a.Type.Decl) {
			continue
		}
		switch x := a.Type.Decl.(type) {
		case *StructInfo:
			if x.Tag != "" && x.Name == x.Tag {
				named[x] = true
				x.Name = a.Name
			}
		case *EnumInfo:
			if x.Tag != "" && x.Name == x.Tag {
				named[x] = true
				x.Name = a.Name
			}
		}
	}
}

// checkUUIDs warns about two interfaces declared with one uuid: COM tells
// interfaces apart by IID alone, so QueryInterface would answer one for the
// other (usually a uuid copied from another declaration).
func (c *checker) checkUUIDs() {
	first := map[GUID]*IfaceInfo{}
	for _, e := range c.m.Entities {
		i, ok := e.(*IfaceInfo)
		if !ok || i.Forward || i.IID == nil {
			continue
		}
		if prev, ok := first[*i.IID]; ok && prev.Name != i.Name {
			c.warnf(i.Pos, "interface %s has the uuid of interface %s (declared at %s)", i.Name, prev.Name, prev.Pos)
			continue
		}
		first[*i.IID] = i
	}
}

// checkSizes reports structures larger than any C object can be on 32-bit
// Windows (Go does not compile such a type for 386 either).
func (c *checker) checkSizes() {
	for _, e := range c.m.Entities {
		s, ok := e.(*StructInfo)
		if !ok || s.Incomplete {
			continue
		}
		for _, arch := range []Arch{Arch386, ArchAMD64} {
			if _, _, err := StructLayout(s, arch, nil, 0); errors.Is(err, ErrTooLarge) {
				c.errorf(s.Pos, "structure too large: %v", err)
				break
			}
		}
	}
}

type checker struct {
	// inParams is set while the types of a method's parameters are
	// resolved: there MIDL takes an unknown type name for a definition
	// it does not have (see typeRef).
	inParams bool
	errs     *ErrorList
	m        *Model
	file     *File
	tags     map[string]*tagged // "struct X", "union X", "enum X"
	// tagOnly marks the structs, unions and enums declared by their tag
	// alone (struct tagX {...};, or a tag used before any definition).
	tagOnly map[Entity]bool
	entNS   map[Entity]string // the WinRT namespace an entity is declared in (its tags are that namespace's)
	state   map[Entity]int    // 0 new, 1 in progress, 2 done (for cycles)
	// syn records the syntax each entity came from; defs maps inline definitions back.
	syn   map[Entity]any
	defs  map[*Type]Entity
	n     int
	winrt int    // depth of WinRT namespaces being declared
	ns    string // the WinRT namespace being declared ("" outside one), with its trailing dot
	// WinRT generics (see winrt.go): declarations by name, instances by C
	// name with their type parameters' bindings, the bindings in effect, and
	// the declare blocks seen.
	generics  map[string]*genericDef
	instances map[string]*IfaceInfo
	bindings  map[*IfaceInfo]map[string]*typeArg
	subst     map[string]*typeArg
	declares  []declared
	// quotes are the cpp_quote lines seen, read after the declarations.
	quotes []cppQuoted
	// cIf is the current file's stack of cpp_quote conditionals (#if,
	// #ifdef...): true for a branch C never reads (#if 0), see IDLOnly.
	cIf []bool
	// cIfGroup numbers each of those conditionals (cIfNext counts them), and
	// cPack is the stack of packings the file's cpp_quote'd
	// #include <pshpackN.h> lines push for C (poppack.h pops).
	cIfGroup []int
	cIfNext  int
	// cIfArch is, per conditional, the targets its current branch is for:
	// 64 under #ifdef _WIN64, 32 in its #else, 0 for both (any other test).
	cIfArch []int
	cPack   []cPackEntry
	cPopped int // the conditional whose branch last popped (one pop a conditional)
	// redecls are the declarations of names another file declared first.
	redecls []redecl
}

// cPackEntry is one packing cpp_quote'd C text pushed, on the 64-bit
// targets and on 386, in conditional group (0: none). The branches of one
// conditional make one entry: #ifdef _WIN64 pshpack8.h #else pshpack2.h
// #endif (oledb.idl) is 8 on 64-bit and 2 on 386; branches of a test that is
// not the target's give the tightest of their packings (a packing Go cannot
// follow gives no Go layout rather than a wrong one).
type cPackEntry struct{ pack64, pack386, group int }

// declared is a declare block and the file it is in.
type declared struct {
	d    *Declare
	file *File
}

type tagged struct {
	ent Entity
}

func (c *checker) errorf(pos Pos, format string, args ...any) {
	c.errs.Add(pos, format, args...)
	c.n++
	if c.n >= maxErrors*5 {
		panic(errBail{})
	}
}

// warnf records a diagnostic that does not stop generation.
func (c *checker) warnf(pos Pos, format string, args ...any) {
	c.m.Warnings.Add(pos, format, args...)
}

func (c *checker) source(e Entity, s any) {
	if c.syn == nil {
		c.syn = map[Entity]any{}
	}
	c.syn[e] = s
	if c.ns != "" {
		c.entNS[e] = c.ns
	}
	if t, ok := s.(*Type); ok {
		if c.defs == nil {
			c.defs = map[*Type]Entity{}
		}
		c.defs[t] = e
	}
}

// add registers a named entity in the global scope.
func (c *checker) add(e Entity) bool {
	name := e.EntityName()
	if old, ok := c.m.Scope[name]; ok {
		if old.Position() == e.Position() {
			return false // the same declaration, from a C header two imports both include
		}
		// typedef struct T_ T; in one file and typedef struct T_ {...} T; in
		// another name the same struct: keep the definition.
		if a, ok := old.(*AliasInfo); ok && c.aliasOfTag(a, e) {
			c.replace(old, e)
			return false
		}
		if a, ok := e.(*AliasInfo); ok && c.aliasOfTag(a, old) {
			return false
		}
		// Identical redeclarations across files (guarded typedefs, repeated forward
		// declarations) are common in real IDL; only a second definition is an error.
		if sameKind(old, e) && (old.DeclFile() != e.DeclFile() || isForward(old) || isForward(e)) {
			if isForward(old) && !isForward(e) {
				c.replace(old, e)
			} else if !isForward(old) && !isForward(e) {
				c.redecls = append(c.redecls, redecl{old, e}) // the same, or an error (checkRedeclarations)
			}
			return false
		}
		if old.DeclFile() != e.DeclFile() && old.DeclFile() != nil && e.DeclFile() != nil {
			// A different declaration of an imported name (mfvirtualcamera.idl's
			// typedef void *DEVPROPKEY, guarded in its header by
			// #ifndef _DEVPROPDEF_H_, after devpropdef.h's struct): MIDL accepts
			// it, and C code sees the first. Keep the first, and say so.
			c.warnf(e.Position(), "%s already defined at %s; that declaration is kept", name, old.Position())
			return false
		}
		c.errorf(e.Position(), "%s already defined at %s", name, old.Position())
		return false
	}
	c.m.Scope[name] = e
	c.m.Entities = append(c.m.Entities, e)
	return true
}

// dropEntity removes e from the declaration order (a repeated declaration).
func (c *checker) dropEntity(e Entity) {
	for i, x := range c.m.Entities {
		if x == e {
			c.m.Entities = append(c.m.Entities[:i], c.m.Entities[i+1:]...)
			return
		}
	}
}

// dropLater removes the second occurrence of e from the declaration order.
func (c *checker) dropLater(e Entity) {
	seen := false
	for i, x := range c.m.Entities {
		if x == e {
			if seen {
				c.m.Entities = append(c.m.Entities[:i], c.m.Entities[i+1:]...)
				return
			}
			seen = true
		}
	}
}

// replace puts definition e where the forward declaration old was: in the
// scope and in the entity list (at the end when old was not in it, as a
// forward declaration made by a typedef of a tag is not).
func (c *checker) replace(old, e Entity) {
	c.m.Scope[e.EntityName()] = e
	listed := false
	for i, x := range c.m.Entities {
		if x == old {
			c.m.Entities[i] = e
			listed = true
		}
	}
	if !listed && !slices.Contains(c.m.Entities, e) {
		c.m.Entities = append(c.m.Entities, e)
	}
	// Types already resolved to the forward declaration, and tags that name
	// it, now see the definition: the old entity becomes the new one.
	switch o := old.(type) {
	case *IfaceInfo:
		if n, ok := e.(*IfaceInfo); ok {
			*o = *n
			c.takeOver(o, e)
		}
	case *StructInfo:
		if n, ok := e.(*StructInfo); ok {
			*o = *n
			c.takeOver(o, e)
		}
	case *EnumInfo:
		if n, ok := e.(*EnumInfo); ok {
			*o = *n
			c.takeOver(o, e)
		}
	}
}

// takeOver makes old, which now holds e's declaration, stand for e
// everywhere e is recorded.
func (c *checker) takeOver(old, e Entity) {
	c.m.Scope[e.EntityName()] = old
	for i, x := range c.m.Entities {
		if x == e {
			c.m.Entities[i] = old
		}
	}
	c.syn[old] = c.syn[e]
	c.tagOnly[old] = c.tagOnly[e]
	if t, ok := c.syn[e].(*Type); ok && c.defs[t] == e {
		c.defs[t] = old
	}
	for _, tg := range c.tags {
		if tg.ent == e {
			tg.ent = old
		}
	}
}

// aliasOfTag reports whether the typedef a names the tagged struct, union
// or enum e (typedef struct T_ T; with e declared as struct T_).
func (c *checker) aliasOfTag(a *AliasInfo, e Entity) bool {
	n, ok := c.syn[a].(*Declarator)
	if !ok || n.Type == nil || n.Type.Kind == TPointer {
		return false
	}
	var tag string
	switch x := e.(type) {
	case *StructInfo:
		tag = x.Tag
	case *EnumInfo:
		tag = x.Tag
	default:
		return false
	}
	return tag != "" && tagKey(n.Type) != "" && n.Type.Name == tag
}

func sameKind(a, b Entity) bool { return fmt.Sprintf("%T", a) == fmt.Sprintf("%T", b) }

func isForward(e Entity) bool {
	switch e := e.(type) {
	case *IfaceInfo:
		return e.Forward
	case *StructInfo:
		return e.Incomplete
	case *ClassInfo:
		return e.Forward
	case *EnumInfo:
		return e.Incomplete
	}
	return false
}

func docOf(comment string, attrs Attrs) string {
	doc := comment
	if hs, ok := attrs.String("helpstring"); ok && hs != "" && !strings.Contains(doc, hs) {
		if doc != "" {
			doc += "\n\n"
		}
		doc += hs
	}
	return doc
}

// declare walks declarations and creates entities for every name.
func (c *checker) declare(decls []Decl, ns string) {
	saved := c.ns
	c.ns = ns
	defer func() { c.ns = saved }()
	for _, d := range decls {
		switch d := d.(type) {
		case *Interface:
			if d.TypeParams != nil {
				c.declareGeneric(d, ns)
				continue
			}
			info := &IfaceInfo{
				Declared: Declared{Name: d.Name, Pos: d.Pos, File: c.file, Doc: docOf(d.Comment, d.Attrs)},
				Attrs:    d.Attrs, Dispatch: d.Dispatch, Forward: d.Forward, Delegate: d.Delegate,
				// [odl] (Bits.Idl's IBackgroundCopyJob) is the type-library
				// spelling of [object].
				Object: d.Attrs.Has("object") || d.Attrs.Has("odl") || d.Dispatch || d.Delegate, Local: d.Attrs.Has("local"),
				WinRT: ns != "",
			}
			c.source(info, d)
			c.add(info)
			c.declare(d.Decls, ns)
			if a := asyncCompanion(d); a != nil {
				ai := &IfaceInfo{Declared: Declared{Name: a.Name, Pos: a.Pos, File: c.file, Doc: info.Doc},
					Attrs: a.Attrs, Object: true}
				c.source(ai, a)
				c.add(ai)
			}
		case *Declare:
			c.declares = append(c.declares, declared{d, c.file})
		case *Coclass:
			info := &ClassInfo{Declared: Declared{Name: d.Name, Pos: d.Pos, File: c.file, Doc: docOf(d.Comment, d.Attrs)}, Attrs: d.Attrs, Runtime: d.Runtime, Forward: d.Forward}
			c.source(info, d)
			if !d.Forward && !d.Runtime {
				info.CLSID = c.uuid(d.Attrs, d.Pos, "coclass "+d.Name)
			}
			c.add(info)
		case *Library:
			c.declare(d.Decls, ns)
		case *Namespace:
			c.declareWinRT(d.Decls, ns+d.Name+".")
		case *Module:
			c.declare(d.Decls, ns)
			c.declareModule(d)
		case *Typedef:
			c.declareTypedef(d)
		case *TypeDecl:
			c.declareAggregate(d.Type, "", d.Comment, d.Attrs)
		case *Const:
			info := &ConstInfo{Declared: Declared{Name: d.Name, Pos: d.Pos, File: c.file, Doc: d.Comment}}
			c.source(info, d)
			c.add(info)
		case *CppQuote:
			c.quotes = append(c.quotes, cppQuoted{d, c.file})
			c.cppConditional(d.Text)
		case *GuidDecl:
			info := &ConstInfo{Declared: Declared{Name: d.Name, Pos: d.Pos, File: c.file}, Value: Value{Kind: ValGUID, GUID: d.GUID}}
			c.state[info] = 2 // its value is known
			c.add(info)
		case *Declaration:
			for _, n := range d.Names {
				c.declareAggregate(n.Type, "", "", d.Attrs)
			}
		}
	}
}

// declareWinRT declares the contents of a WinRT namespace. WinRT names are
// scoped: each is registered by its qualified name, and by its short name
// when that is free. Enumerators belong to their enum, not the global scope.
func (c *checker) declareWinRT(decls []Decl, ns string) {
	before := len(c.m.Entities)
	saved := c.m.Scope
	c.m.Scope = map[string]Entity{}
	c.winrt++
	c.declare(decls, ns)
	c.winrt--
	inner := c.m.Scope
	c.m.Scope = saved
	for _, e := range c.m.Entities[before:] {
		if d, ok := declaredOf(e); ok && d.Name != "" && !strings.HasPrefix(d.Name, ns) {
			d.Name = ns + d.Name
		}
	}
	names := make([]string, 0, len(inner))
	for name := range inner {
		names = append(names, name)
	}
	sort.Strings(names)           // deterministic errors and replacements
	merged := map[Entity]Entity{} // an entity of this block -> what it became (nil: dropped)
	for _, name := range names {
		e := inner[name]
		if m, done := merged[e]; done {
			if m == nil {
				continue
			}
			e = m
		}
		if _, isConst := e.(*ConstInfo); isConst && c.winrt == 0 {
			continue
		}
		// An entity's own (qualified) name is its full name; nested namespaces
		// also pass up their short names, which must not be qualified again.
		full := e.EntityName()
		if !strings.HasPrefix(full, ns) {
			full = name
			if !strings.HasPrefix(full, ns) {
				full = ns + name
			}
		}
		if name != full && !strings.HasPrefix(name, ns) && strings.Contains(name, ".") {
			continue // a partly qualified alias from a nested block
		}
		// The same namespace may be opened again later in a file (the SDK's
		// WinRT files declare ahead in one block and define in another).
		if old, ok := c.m.Scope[full]; ok && old != e {
			switch {
			case isForward(e) || old.Position() == e.Position():
				c.dropEntity(e)
				merged[e] = nil
				continue
			case isForward(old) && sameKind(old, e):
				orig := e
				c.replace(old, e)
				e = c.m.Scope[old.EntityName()]
				c.dropLater(e) // e was declared in this block too: keep the first place only
				merged[orig] = e
			case !sameKind(old, e):
				continue // a typedef naming a tag, say: the first declaration keeps the name
			default:
				c.errorf(e.Position(), "%s already defined at %s", full, old.Position())
				continue
			}
		}
		c.m.Scope[full] = e
		if _, taken := c.m.Scope[name]; !taken {
			c.m.Scope[name] = e
		}
	}
}

func declaredOf(e Entity) (*Declared, bool) {
	switch e := e.(type) {
	case *IfaceInfo:
		return &e.Declared, true
	case *StructInfo:
		return &e.Declared, true
	case *EnumInfo:
		return &e.Declared, true
	case *AliasInfo:
		return &e.Declared, true
	case *ClassInfo:
		return &e.Declared, true
	}
	return nil, false
}

// declareTypedef declares each name of a typedef. When the declared type is an
// enum, struct or union with a body, the first plain name names it directly.
func (c *checker) declareTypedef(d *Typedef) {
	var agg Entity
	base := baseOf(d.Names[0].Type)
	for _, n := range d.Names {
		if n.Type == base && base.Def == nil && n.Name == base.Name && tagKey(base) != "" {
			// typedef struct X X; -- the C idiom. X names the struct, defined or not.
			if _, ok := c.m.Scope[n.Name]; !ok {
				ent := c.tagEntity(base)
				c.m.Scope[n.Name] = ent
			}
			continue
		}
		if src := placeholderCStructs[n.Name]; src != "" && n.Type == base && base.Def != nil && len(base.Def.Fields) == 1 && c.idlOnly() && c.m.Scope["FILETIME"] != nil {
			// A placeholder struct for a struct of the C headers: that
			// struct (see placeholderCStructs), declared where the
			// placeholder is.
			c.declareTypedef(placeholderCStruct(n, src))
			continue
		}
		if ct := placeholderCTypes[n.Name]; ct != "" && n.Type == base && base.Def != nil && c.idlOnly() {
			// A placeholder struct for what the C headers declare as an
			// integer: that integer (see placeholderCTypes).
			info := &AliasInfo{Declared: Declared{Name: n.Name, Pos: n.Pos, File: c.file, Doc: docOf(d.Comment, d.Attrs)}, Attrs: d.Attrs, IDLOnly: true}
			c.source(info, n)
			c.add(info)
			continue
		}
		if n.Type == base && base.Def != nil && agg == nil {
			agg = c.declareAggregate(base, n.Name, d.Comment, d.Attrs)
			if agg != nil {
				continue
			}
		}
		if base.Def != nil && agg == nil {
			agg = c.declareAggregate(base, "", d.Comment, d.Attrs)
		}
		info := &AliasInfo{Declared: Declared{Name: n.Name, Pos: n.Pos, File: c.file, Doc: docOf(d.Comment, d.Attrs)}, Attrs: d.Attrs, IDLOnly: c.idlOnly()}
		c.source(info, n)
		c.add(info)
	}
}

// handleStandIns are the typedefs Wine's IDL declares for MIDL only as
// integers of 32 bits where C has a handle (found by gen's
// TestLayoutAgainstWineHeaders, which compares IDL-only typedefs' sizes with
// the C headers'): their type is the C one, pointer-sized.
var handleStandIns = map[string]bool{"HIMC": true, "HIMCC": true}

// placeholderCTypes are the placeholder structs Wine's IDL declares for MIDL
// only (typedef struct { char dummy; } X, inside cpp_quote("#if 0")) where
// the C headers declare X as an integer: their type is that integer, so that
// values of them can be passed (vmr9.idl's IVMRImageCompositor9::
// CompositeImage takes a D3DCOLOR by value). gen's
// TestLayoutAgainstWineHeaders holds each one's size to the C headers'.
var placeholderCTypes = map[string]string{
	"D3DCOLOR": "unsigned long", // d3d9types.h: typedef DWORD D3DCOLOR
}

// placeholderCStructs are the placeholder structs Wine's IDL declares for
// MIDL only (shtypes.idl: typedef struct { int dummy; } WIN32_FIND_DATAA,
// WIN32_FIND_DATAW, inside cpp_quote("#if 0")) where the C headers declare a
// struct with members: that struct, written here from the public Win32 API
// (minwinbase.h's members and their C types; 592 bytes for the W form, 320
// for the A form, on 32- and 64-bit Windows alike), so that a callee can
// fill one (IShellLinkW::GetPath's pfd). gen's TestLayoutAgainstMingwHeaders
// holds their sizes and offsets to mingw-w64's headers. They need
// wtypes.idl's FILETIME (Wine's, not comgen's smaller built-in one): without
// it the placeholder stays one.
var placeholderCStructs = map[string]string{
	"WIN32_FIND_DATAW": findData("_WIN32_FIND_DATAW", "WCHAR", "WIN32_FIND_DATAW"),
	"WIN32_FIND_DATAA": findData("_WIN32_FIND_DATAA", "CHAR", "WIN32_FIND_DATAA"),
}

func findData(tag, char, name string) string {
	return "typedef struct " + tag + ` {
	DWORD dwFileAttributes;
	FILETIME ftCreationTime;
	FILETIME ftLastAccessTime;
	FILETIME ftLastWriteTime;
	DWORD nFileSizeHigh;
	DWORD nFileSizeLow;
	DWORD dwReserved0;
	DWORD dwReserved1;
	` + char + ` cFileName[260];
	` + char + ` cAlternateFileName[14];
} ` + name + ";"
}

// placeholderCStruct parses src, the C struct that the placeholder n stands
// for (see placeholderCStructs), as if it were written where n is.
func placeholderCStruct(n *Declarator, src string) *Typedef {
	var errs ErrorList
	toks := Lex(n.Pos.File, []byte(src), &errs)
	for i := range toks {
		toks[i].Pos = n.Pos
	}
	f := Parse(n.Pos.File, toks, &errs)
	if errs.Err() != nil || len(f.Decls) != 1 {
		panic(fmt.Sprintf("comgen's own declaration of %s does not parse: %v", n.Name, errs.Err()))
	}
	return f.Decls[0].(*Typedef)
}

// baseOf returns the innermost type of pointer/array/function wrappers.
func baseOf(t *Type) *Type {
	for t.Kind == TPointer || t.Kind == TArray || t.Kind == TFunc {
		t = t.Elem
	}
	return t
}

func tagKey(t *Type) string {
	switch t.Kind {
	case TStruct:
		return "struct " + t.Name
	case TUnion:
		return "union " + t.Name
	case TEnum:
		return "enum " + t.Name
	}
	return ""
}

// declTagKey is tagKey for tag t where it is declared or resolved: in a
// WinRT namespace the tag is the namespace's
// (Windows.UI.Composition.AnimationDirection and
// Windows.UI.Xaml.Controls.Primitives.AnimationDirection are two enums,
// each with a typedef of its own naming it by its tag).
func (c *checker) declTagKey(t *Type) string {
	if c.ns != "" {
		return c.ns + tagKey(t)
	}
	return tagKey(t)
}

// lookupTag finds the entity of tag t: the current namespace's, or else a
// global one.
func (c *checker) lookupTag(t *Type) (*tagged, bool) {
	if c.ns != "" {
		if tg, ok := c.tags[c.declTagKey(t)]; ok {
			return tg, true
		}
	}
	tg, ok := c.tags[tagKey(t)]
	return tg, ok
}

// declareAggregate creates the entity for a struct/union/enum definition, named
// name (or by its tag), and declares its tag and enumerators.
func (c *checker) declareAggregate(t *Type, name, doc string, attrs Attrs) Entity {
	t = baseOf(t)
	if t.Kind != TStruct && t.Kind != TUnion && t.Kind != TEnum {
		return nil
	}
	tagOnly := name == ""
	if tagOnly {
		name = t.Name
	}
	var ent Entity
	if t.Kind == TEnum {
		if t.Def == nil {
			return nil
		}
		e := &EnumInfo{}
		if tg, ok := c.tags[c.declTagKey(t)]; ok && t.Name != "" {
			if fwd, ok := tg.ent.(*EnumInfo); ok && fwd.Incomplete {
				e = fwd // complete the enum that earlier typedefs already refer to
			}
		}
		*e = EnumInfo{Declared: Declared{Name: name, Pos: t.Pos, File: c.file, Doc: docOf(doc, attrs)}, Attrs: attrs, Tag: t.Name, Scoped: c.winrt > 0}
		for _, m := range t.Def.Members {
			mi := &EnumMemberInfo{Declared: Declared{Name: m.Name, Pos: m.Pos, File: c.file, Doc: m.Comment}}
			e.Members = append(e.Members, mi)
			ci := &ConstInfo{Declared: mi.Declared, Type: &TypeRef{Kind: RNamed, Decl: e}}
			c.source(ci, m)
			if c.winrt == 0 { // WinRT enums are scoped: their members are not global names
				c.add(ci)
			}
		}
		ent = e
	} else {
		s := &StructInfo{Declared: Declared{Name: name, Pos: t.Pos, File: c.file, Doc: docOf(doc, attrs)}, Attrs: attrs,
			Tag: t.Name, Union: t.Kind == TUnion, Incomplete: t.Def == nil, IDLOnly: c.idlOnly()}
		if t.Def != nil {
			s.Pack, s.Pack386 = t.Def.Pack, t.Def.Pack
			if n := len(c.cPack); n > 0 { // cpp_quote("#include <pshpack1.h>"): C's packing
				s.Pack, s.Pack386 = tighter(s.Pack, c.cPack[n-1].pack64), tighter(s.Pack386, c.cPack[n-1].pack386)
			}
		}
		ent = s
		if t.Def != nil {
			// Nested named aggregates (struct in struct) are global in C.
			for _, f := range t.Def.Fields {
				if b := baseOf(f.Type); b.Def != nil && b.Name != "" {
					c.declareAggregate(b, "", f.Comment, nil)
				}
			}
		}
	}
	c.source(ent, t)
	c.tagOnly[ent] = tagOnly
	if t.Name != "" {
		key := c.declTagKey(t)
		if old, ok := c.tags[key]; ok {
			if old.ent != ent && old.ent.Position() == ent.Position() {
				return old.ent // the same declaration again (a C header included by two imports)
			} else if old.ent == ent {
				// an enum completed in place: nothing to replace
			} else if isForward(old.ent) && !isForward(ent) {
				old.ent = ent
			} else if !isForward(ent) && old.ent.DeclFile() == c.file && !isForward(old.ent) {
				c.errorf(t.Pos, "%s already defined at %s", key, old.ent.Position())
				return nil
			} else {
				if !isForward(ent) && !isForward(old.ent) && sameKind(ent, old.ent) {
					c.redecls = append(c.redecls, redecl{old.ent, ent}) // another file's definition
				}
				return old.ent
			}
		} else {
			c.tags[key] = &tagged{ent: ent}
		}
	}
	if name != "" && (name != t.Name || t.Def != nil) {
		if name == t.Name {
			// struct X {...}; declares X as a type too (IDL follows C++ here),
			// unless a typedef already gave that name to the struct.
			if old, ok := c.m.Scope[name]; ok {
				if isForward(old) {
					c.replace(old, ent)
				} else {
					c.m.Entities = append(c.m.Entities, ent)
				}
				return ent
			}
		}
		c.add(ent)
	} else if t.Def != nil {
		c.m.Entities = append(c.m.Entities, ent)
	}
	return ent
}

func (c *checker) uuid(attrs Attrs, pos Pos, what string) *GUID {
	a := attrs.Get("uuid")
	if a == nil {
		return nil
	}
	if len(a.Args) != 1 || a.Args[0] == nil {
		c.errorf(a.Pos, "uuid of %s: expected one argument, found %d", what, len(a.Args))
		return nil
	}
	var text string
	switch x := a.Args[0].(type) {
	case *UUIDLit:
		text = x.Text
	case *StringLit:
		text = x.Value
	default:
		c.errorf(exprStart(a.Args[0]), "uuid of %s: expected a uuid such as 8BC3F05E-D86B-11D0-A075-00C04FB68820", what)
		return nil
	}
	g, err := ParseGUID(text)
	if err != nil {
		c.errorf(a.Args[0].Position(), "uuid of %s: %v", what, err)
		return nil
	}
	return g
}

// resolveEntity resolves the types and values of one entity, once.
func (c *checker) resolveEntity(e Entity) {
	switch c.state[e] {
	case 1, 2:
		return
	}
	c.state[e] = 1
	// e is resolved in its own file and outside any instance's type
	// parameters; the caller's are restored after.
	file, subst, ns := c.file, c.subst, c.ns
	c.file, c.subst, c.ns = e.DeclFile(), nil, c.entNS[e]
	defer func() { c.state[e], c.file, c.subst, c.ns = 2, file, subst, ns }()
	switch e := e.(type) {
	case *IfaceInfo:
		c.resolveIface(e)
	case *ClassInfo:
		c.resolveClass(e)
	case *ModuleInfo:
		c.resolveModule(e)
	case *AliasInfo:
		n := c.syn[e].(*Declarator)
		if ct := placeholderCTypes[e.Name]; ct != "" && e.IDLOnly {
			e.Type = &TypeRef{Kind: RBasic, Basic: ct}
			break
		}
		e.Type = c.typeRef(n.Type)
		if e.IDLOnly && handleStandIns[e.Name] {
			// The C headers' type is a handle: pointer-sized, whatever the
			// stand-in MIDL is given (dimm.idl: typedef DWORD HIMC).
			e.Type = &TypeRef{Kind: RBasic, Basic: "unsigned __int3264"}
		}
	case *EnumInfo:
		c.resolveEnum(e)
	case *StructInfo:
		c.resolveStruct(e)
	case *ConstInfo:
		switch s := c.syn[e].(type) {
		case *Const:
			e.Type = c.typeRef(s.Type)
			ev := c.evaluator()
			ev.strictCasts = e.CppQuote
			v, err := ev.eval(s.Value)
			if e.CppQuote && (err != nil || v.Kind == ValString && !isStringLit(s.Value)) {
				e.Unknown = true // C text that is not a constant Go can hold: dropped without a word
				return
			}
			var overflow *overflowError
			if errors.As(err, &overflow) {
				c.errorf(overflow.Pos, "%s", overflow.Msg)
				e.Unknown = true
				return
			}
			if err != nil {
				// widl copies such expressions into the C header unevaluated (TRUE from
				// windef.h, say). We cannot give them a value: warn, and mark them.
				msg := err.Error()
				if pe, ok := err.(*Error); ok {
					msg = pe.Msg
				}
				c.warnf(s.Value.Position(), "constant %s is not evaluated: %s", e.Name, msg)
				e.Unknown = true
				return
			}
			e.Value = v
			e.Hex = isHexLit(s.Value)
		case *EnumMember:
			enum := e.Type.Decl.(*EnumInfo)
			c.resolveEntity(enum)
			for _, m := range enum.Members {
				if m.Name == e.Name {
					e.Value = Value{Int: m.Value}
				}
			}
		}
	}
}

func (c *checker) exprError(err error, at Expr) {
	if pe, ok := err.(*Error); ok {
		c.errorf(pe.Pos, "%s", pe.Msg)
		return
	}
	c.errorf(at.Position(), "%v", err)
}

func (c *checker) evaluator() *evaluator {
	return &evaluator{
		baseType: c.baseTypeOf,
		lookup: func(name string, pos Pos) (Value, bool, error) {
			e, ok := c.m.Scope[name]
			if !ok {
				return Value{}, false, nil
			}
			ci, ok := e.(*ConstInfo)
			if !ok {
				return Value{}, false, &Error{Pos: pos, Msg: fmt.Sprintf("%s is not a constant", name)}
			}
			if c.state[ci] == 1 {
				return Value{}, false, &Error{Pos: pos, Msg: fmt.Sprintf("constant %s refers to itself", name)}
			}
			c.resolveEntity(ci)
			if ci.Unknown {
				// Not 0: a constant defined by one without a value has none either.
				return Value{}, false, &Error{Pos: pos, Msg: fmt.Sprintf("constant %s has no value", name)}
			}
			return ci.Value, true, nil
		},
		sizeOf: func(t *Type) (int64, error) {
			r := c.typeRef(t)
			sz, _, err := Layout(r, Arch386)
			if err != nil {
				return 0, &Error{Pos: t.Pos, Msg: err.Error()}
			}
			return sz, nil
		},
	}
}

func (c *checker) resolveEnum(e *EnumInfo) {
	t, _ := c.syn[e].(*Type)
	if t == nil || t.Def == nil {
		return
	}
	next := int64(0)
	for i, m := range t.Def.Members {
		if m.Value != nil {
			// Mark this member's constant as in progress so self-references are caught.
			v, err := c.evaluator().eval(m.Value)
			if err != nil {
				c.exprError(err, m.Value)
			} else if v.Kind != ValInt {
				c.errorf(m.Value.Position(), "value of enumerator %s: expected an integer, found %s", m.Name, v)
			} else {
				next = v.Int
			}
		}
		if next < math.MinInt32 || next > math.MaxUint32 {
			// Enumerators are 32 bits wide in C and IDL; 0x80000000-0xFFFFFFFF are
			// allowed as the unsigned spelling of negative values (WBEM_INFINITE).
			pos := m.Pos
			if m.Value != nil {
				pos = m.Value.Position()
			}
			c.errorf(pos, "value of enumerator %s: %d does not fit in 32 bits", m.Name, next)
			next = 0
		}
		e.Members[i].Value = next
		if ci, ok := c.m.Scope[m.Name].(*ConstInfo); ok && ci.Pos == m.Pos {
			ci.Value = Value{Int: next}
			c.state[ci] = 2
		}
		next++
	}
}

func (c *checker) resolveStruct(s *StructInfo) {
	t, _ := c.syn[s].(*Type)
	if t == nil || t.Def == nil {
		if t != nil {
			// A forward declaration: use the definition when one exists.
			if tg, ok := c.lookupTag(t); ok && tg.ent != Entity(s) {
				if def, ok := tg.ent.(*StructInfo); ok && !def.Incomplete {
					c.resolveEntity(def)
					*s = *def
				}
			}
		}
		return
	}
	if t.Def.SwitchType != nil {
		s.SwitchType = c.typeRef(t.Def.SwitchType)
		s.SwitchName = t.Def.SwitchName
	}
	seen := map[string]Pos{}
	for _, f := range t.Def.Fields {
		if f.Name != "" {
			if p, ok := seen[f.Name]; ok {
				c.errorf(f.Pos, "field %s already declared at %s", f.Name, p)
			}
			seen[f.Name] = f.Pos
		}
		fi := &FieldInfo{Name: f.Name, Pos: f.Pos, Attrs: f.Attrs, Type: c.typeRef(f.Type), Doc: f.Comment, Bits: -1}
		if f.Bits != nil {
			fi.Bits = c.bitWidth(f, fi.Type)
		}
		s.Fields = append(s.Fields, fi)
	}
}

// bitWidth evaluates the width of the bit-field f of type t, reporting
// what C rejects: a width that is not an integer constant, is negative or
// exceeds the type's bits, a named field of width 0, a type that is not an
// integer or enum. It returns -1 (not a bit-field) after an error.
func (c *checker) bitWidth(f *Field, t *TypeRef) int {
	what := "unnamed bit-field"
	if f.Name != "" {
		what = "bit-field " + f.Name
	}
	size, _, ok := IntegerType(t)
	if !ok {
		if t.Kind != ROpaque { // an unknown type is reported already
			c.errorf(f.Pos, "%s has type %s: a bit-field must have an integer or enum type", what, typeString(t))
		}
		return -1
	}
	pos := exprStart(f.Bits)
	v, err := c.evaluator().eval(f.Bits)
	if pe, ok := err.(*Error); ok {
		c.errorf(pe.Pos, "width of %s: %s", what, pe.Msg)
		return -1
	} else if err != nil {
		c.errorf(pos, "width of %s: %v", what, err)
		return -1
	}
	switch {
	case v.Kind != ValInt:
		c.errorf(pos, "width of %s: expected an integer constant, found %s", what, v)
	case v.Int < 0:
		c.errorf(pos, "width of %s is negative (%d)", what, v.Int)
	case v.Int > size*8:
		c.errorf(pos, "width of %s: %d bits do not fit in its type %s (%d bits)", what, v.Int, typeString(t), size*8)
	case v.Int == 0 && f.Name != "":
		c.errorf(pos, "%s has width 0: only an unnamed bit-field may (it ends the storage unit)", what)
	default:
		return int(v.Int)
	}
	return -1
}

// typeString names t in messages: its declared name, or its C base type.
func typeString(t *TypeRef) string {
	switch t.Kind {
	case RBasic, ROpaque:
		return t.Basic
	case RNamed:
		if n := t.Decl.EntityName(); n != "" {
			return n
		}
		return "an anonymous struct, union or enum"
	case RPointer:
		return typeString(t.Elem) + " *"
	case RArray:
		return typeString(t.Elem) + "[]"
	}
	return "a function type"
}

func (c *checker) resolveClass(k *ClassInfo) {
	d := c.syn[k].(*Coclass)
	for _, m := range d.Members {
		if len(m.Args) > 0 {
			// interface IMap<K, V>; in a runtimeclass: an instance it implements.
			r := c.instantiate(&Type{Pos: m.Pos, Kind: TName, Name: m.Name, Args: m.Args})
			if i, ok := r.Decl.(*IfaceInfo); ok {
				k.Members = append(k.Members, i)
				if m.Attrs.Has("default") && k.Default == nil {
					k.Default = i
				}
			}
			continue
		}
		e, ok := c.m.Scope[m.Name]
		if !ok {
			// widl accepts interfaces that are never declared here (they are
			// implicitly forward-declared); they have no vtable we could use.
			continue
		}
		i, ok := e.(*IfaceInfo)
		if !ok {
			c.errorf(m.Pos, "coclass %s lists %s, which is not an interface", k.Name, m.Name)
			continue
		}
		k.Members = append(k.Members, i)
		if m.Attrs.Has("default") && !m.Attrs.Has("source") && k.Default == nil {
			k.Default = i
		}
		addSource(k, i, m.Attrs)
	}
	if k.Default == nil {
		// As in a type library: without [default], the first interface that is
		// not a [source] is the default one.
		for idx, m := range d.Members {
			if !m.Attrs.Has("source") && idx < len(d.Members) {
				if i, ok := c.m.Scope[m.Name].(*IfaceInfo); ok {
					k.Default = i
					break
				}
			}
		}
	}
}

func (c *checker) resolveIface(i *IfaceInfo) {
	d := c.syn[i].(*Interface)
	if d.Forward {
		return
	}
	if i.Generic != nil {
		c.subst = c.bindings[i] // resolveEntity restores the caller's
	} else {
		i.IID = c.uuid(d.Attrs, d.Pos, "interface "+d.Name)
	}
	for _, r := range d.Requires {
		if ref := c.typeRef(r); ref.Kind == RNamed {
			if ri, ok := ref.Decl.(*IfaceInfo); ok {
				i.Requires = append(i.Requires, ri)
				continue
			}
		}
		if _, known := c.m.Scope[r.Name]; known || len(r.Args) > 0 {
			c.errorf(r.Pos, "%s requires %s, which is not an interface", d.Name, r)
		}
	}
	base := d.Base
	if d.Dispatch {
		base = "IDispatch"
	}
	if base != "" {
		e, ok := c.m.Scope[base]
		if !ok && !d.Dispatch {
			// MIDL finds a base interface named in another case
			// (UIAutomationClient.idl's IUIAutomationtextRange2); so do we,
			// when exactly one interface has the name.
			var found []Entity
			for name, cand := range c.m.Scope {
				if _, isIface := cand.(*IfaceInfo); isIface && strings.EqualFold(name, base) {
					found = append(found, cand)
				}
			}
			if len(found) == 1 {
				c.warnf(d.BasePos, "base interface %s of %s is declared as %s (a name in another case, which MIDL accepts)", base, d.Name, found[0].EntityName())
				e, ok = found[0], true
			}
		}
		switch {
		case !ok && d.Dispatch:
			// dispinterfaces without IDispatch in scope: no vtable beyond what is known.
		case !ok:
			c.errorf(d.BasePos, "unknown base interface %s of %s", base, d.Name)
		default:
			b, ok := e.(*IfaceInfo)
			switch {
			case !ok:
				c.errorf(d.BasePos, "base of interface %s must be an interface, found %s", d.Name, describeEntity(e))
			case c.state[b] == 1:
				c.errorf(d.BasePos, "interface %s inherits from itself (cyclic inheritance through %s)", d.Name, base)
			default:
				c.resolveEntity(b)
				if b.Forward {
					c.errorf(d.BasePos, "base interface %s of %s is declared at %s but never defined", base, d.Name, b.Pos)
				} else {
					i.Base = b
				}
			}
		}
	}
	if d.Dispatch {
		c.dispMembers(d, i) // reached through IDispatch::Invoke, not the vtable
		return
	}
	first := 0
	if i.Base != nil {
		first = i.Base.VtblLen()
	}
	// Methods may repeat an inherited name (C++ overloads, as in d2d1 and dwrite);
	// only a repeat within one interface is an error.
	seen := map[string]Pos{}
	for _, m := range vtableMethods(d.Methods) {
		name := VtblName(m)
		if i.Base != nil && iunknownMethods[name] && inheritsIUnknown(i) {
			// Go would hide IUnknown's method behind this one (and C++ would
			// overload it): the vtable would have two slots of that name.
			c.errorf(m.Pos, "method %s of %s redeclares IUnknown::%s", name, i.Name, name)
			continue
		}
		if p, ok := seen[name]; ok && !i.WinRT {
			c.errorf(m.Pos, "method %s already declared at %s", name, p)
			continue
		}
		seen[name] = m.Pos
		mi := &MethodInfo{Declared: Declared{Name: name, Pos: m.Pos, File: i.File, Doc: docOf(m.Comment, m.Attrs)},
			Attrs: m.Attrs, Slot: first + len(i.Methods), Iface: i, Ret: c.typeRef(m.Ret)}
		mi.Params = c.params(m.Params, m.Name)
		i.Methods = append(i.Methods, mi)
	}
	c.dispMembers(d, i)
}

// asyncCompanion returns the interface MIDL declares beside an interface
// with [async_uuid(u)] (ObjIdl.Idl's IMultiQI gives AsyncIMultiQI), or nil:
// AsyncX has the IID u and derives from IUnknown, or from AsyncB when X
// derives from B; for each method M of X's vtable it has Begin_M, with M's
// [in] and [in, out] parameters, and Finish_M, with its [out] and [in, out]
// ones, both returning what M returns. A size attribute naming a parameter
// the half does not have is left out.
func asyncCompanion(d *Interface) *Interface {
	u := d.Attrs.Get("async_uuid")
	if u == nil || d.Forward || d.Dispatch {
		return nil
	}
	a := &Interface{Pos: d.Pos, Name: "Async" + d.Name, Base: "IUnknown", BasePos: d.BasePos, Comment: d.Comment,
		Attrs: Attrs{{Pos: u.Pos, Name: "object"}, {Pos: u.Pos, Name: "uuid", Args: u.Args, HasParens: true}}}
	if d.Base != "" && d.Base != "IUnknown" {
		a.Base = "Async" + d.Base
	}
	for _, m := range vtableMethods(d.Methods) {
		for _, half := range []struct {
			prefix string
			keep   func(p *Param) bool
		}{
			{"Begin_", func(p *Param) bool { return p.Attrs.Has("in") || !p.Attrs.Has("out") }},
			{"Finish_", func(p *Param) bool { return p.Attrs.Has("out") }},
		} {
			nm := &Method{Pos: m.Pos, Attrs: m.Attrs, Ret: m.Ret, CallConv: m.CallConv, Name: half.prefix + m.Name, Comment: m.Comment}
			kept := map[string]bool{}
			for _, p := range m.Params {
				if half.keep(p) {
					kept[p.Name] = true
				}
			}
			for _, p := range m.Params {
				if !half.keep(p) {
					continue
				}
				np := *p
				np.Attrs = nil
				for _, at := range p.Attrs {
					named := true
					for _, arg := range at.Args {
						walkIdents(arg, func(id *Ident) {
							if _, isParam := kept[id.Name]; !isParam && isSiblingName(m.Params, id.Name) {
								named = false
							}
						})
					}
					if named {
						np.Attrs = append(np.Attrs, at)
					}
				}
				nm.Params = append(nm.Params, &np)
			}
			a.Methods = append(a.Methods, nm)
		}
	}
	return a
}

func isSiblingName(ps []*Param, name string) bool {
	for _, p := range ps {
		if p.Name == name {
			return true
		}
	}
	return false
}

var iunknownMethods = map[string]bool{"QueryInterface": true, "AddRef": true, "Release": true}

// inheritsIUnknown reports whether IUnknown is among i's bases.
func inheritsIUnknown(i *IfaceInfo) bool {
	for b, n := i.Base, 0; b != nil && n < 1000; b, n = b.Base, n+1 { // n: a cycle is reported elsewhere
		if b.Name == "IUnknown" {
			return true
		}
	}
	return false
}

// vtableMethods returns the methods of an interface body that its C vtable
// holds: without the remote-only [call_as] methods, which stand for a
// [local] one, and with each [local] method taking its twin's array sizes.
func vtableMethods(ms []*Method) []*Method {
	remote := callAsTwins(ms)
	out := make([]*Method, 0, len(ms))
	for _, m := range ms {
		if m.Attrs.Has("call_as") {
			continue
		}
		if r := remote[m.Name]; r != nil {
			m = withRemoteSizes(m, r)
		}
		out = append(out, m)
	}
	return out
}

// callAsTwins maps each method name that a [call_as(name)] method stands for
// to that remote method.
func callAsTwins(ms []*Method) map[string]*Method {
	var twins map[string]*Method
	for _, m := range ms {
		a := m.Attrs.Get("call_as")
		if a == nil || len(a.Args) != 1 {
			continue
		}
		if id, ok := a.Args[0].(*Ident); ok {
			if twins == nil {
				twins = map[string]*Method{}
			}
			twins[id.Name] = m
		}
	}
	return twins
}

// sizeAttrs are the attributes that say how many elements a pointer
// parameter addresses.
var sizeAttrs = []string{"size_is", "max_is", "length_is", "first_is", "last_is"}

// withRemoteSizes returns local (a [local] method) with the array sizes its
// [call_as] twin remote declares: the local method's C signature is what the
// vtable holds, but only the remote one says, for marshalling, how many
// elements the callee writes (IEnumVARIANT::Next fills celt VARIANTs, and
// only RemoteNext says so). A parameter inherits them when it has none of
// its own and the twin's parameter at its position has the same name.
func withRemoteSizes(local, remote *Method) *Method {
	if len(local.Params) != len(remote.Params) {
		return local
	}
	var params []*Param
	for i, p := range local.Params {
		r := remote.Params[i]
		if p.Name == "" || p.Name != r.Name || hasAny(p.Attrs, sizeAttrs) || !hasAny(r.Attrs, sizeAttrs) {
			continue
		}
		if params == nil {
			params = append([]*Param(nil), local.Params...)
		}
		q := *p
		q.Attrs = append(Attrs(nil), p.Attrs...)
		for _, name := range sizeAttrs {
			if a := r.Attrs.Get(name); a != nil {
				q.Attrs = append(q.Attrs, a)
			}
		}
		params[i] = &q
	}
	if params == nil {
		return local
	}
	m := *local
	m.Params = params
	return &m
}

func hasAny(a Attrs, names []string) bool {
	for _, n := range names {
		if a.Has(n) {
			return true
		}
	}
	return false
}

func describeEntity(e Entity) string {
	switch e.(type) {
	case *AliasInfo:
		return "typedef " + e.EntityName()
	case *StructInfo:
		return "struct " + e.EntityName()
	case *EnumInfo:
		return "enum " + e.EntityName()
	case *ClassInfo:
		return "coclass " + e.EntityName()
	case *ConstInfo:
		return "constant " + e.EntityName()
	}
	return e.EntityName()
}

func (c *checker) params(ps []*Param, method string) []*ParamInfo {
	var out []*ParamInfo
	names := map[string]int{}
	for k, p := range ps {
		if p.Name != "" {
			names[p.Name] = k
		}
	}
	for _, p := range ps {
		c.inParams = true
		ty := c.typeRef(p.Type)
		c.inParams = false
		pi := &ParamInfo{Name: p.Name, Pos: p.Pos, Attrs: p.Attrs, Type: ty, SizeIs: -1, LengthIs: -1, IIDIs: -1}
		in, isOut := p.Attrs.Has("in"), p.Attrs.Has("out")
		switch {
		case in && isOut:
			pi.Dir = InOut
		case isOut:
			pi.Dir = Out
		case !in:
			pi.Dir = salDirection(p.Attrs, ty)
		default:
			pi.Dir = In
		}
		pi.Retval = p.Attrs.Has("retval")
		if pi.Dir != In {
			if r := pi.Type.Resolve(); r != nil && r.Kind != RPointer && r.Kind != RArray && !isOpaque(r) {
				// MIDL rejects this; widl accepts it and passes the value. Do as widl, but say so.
				c.warnf(p.Pos, "[%s] parameter %s of %s is not a pointer (%s); it is passed by value", pi.Dir, p.Name, method, p.Type)
				pi.Dir = In
			}
		}
		c.checkAttrNames(p, method, names)
		pi.SizeIs, pi.SizeDeref, pi.SizeLevel = c.paramRef(p.Attrs, "size_is", names)
		if pi.SizeIs < 0 {
			pi.SizeIs, pi.SizeDeref, pi.SizeLevel = c.paramRef(p.Attrs, "max_is", names)
		}
		pi.LengthIs, pi.LengthDeref, _ = c.paramRef(p.Attrs, "length_is", names)
		pi.IIDIs, _, _ = c.paramRef(p.Attrs, "iid_is", names)
		out = append(out, pi)
	}
	for k, pi := range out {
		c.checkSizeAttrs(ps[k], pi, out, method)
	}
	return out
}

// salDirection is the direction of a pointer parameter without [in] or
// [out] that the SDK's SAL annotation gives ([annotation("_Out_")] UINT *p,
// [annotation("_Outptr_result_buffer_(*pc)")] T **pp: the C header's
// meaning, which MIDL, defaulting to [in], does not read); In otherwise.
func salDirection(attrs Attrs, t *TypeRef) Direction {
	a := attrs.Get("annotation")
	if a == nil || t == nil {
		return In
	}
	if r := t.Resolve(); r == nil || r.Kind != RPointer {
		return In
	}
	for _, arg := range a.Args {
		lit, ok := arg.(*StringLit)
		if !ok {
			continue
		}
		switch v := strings.TrimSpace(lit.Value); {
		case strings.HasPrefix(v, "_Inout"):
			return InOut
		case strings.HasPrefix(v, "_Out"), strings.HasPrefix(v, "_COM_Outptr"):
			return Out
		}
	}
	return In
}

// checkSizeAttrs rejects the size attributes widl rejects: on a parameter that
// is not a pointer or an array, or naming a count that is not an integer (a
// float, a pointer to one); one naming the parameter itself is ignored,
// with a warning, as MIDL takes it.
func (c *checker) checkSizeAttrs(p *Param, pi *ParamInfo, ps []*ParamInfo, method string) {
	for _, attr := range []string{"size_is", "max_is", "length_is"} {
		if !p.Attrs.Has(attr) {
			continue
		}
		if r := pi.Type.Resolve(); r != nil && r.Kind != RPointer && r.Kind != RArray && !isOpaque(r) {
			c.errorf(p.Pos, "%s on parameter %s of %s, which is not a pointer or an array (%s)", attr, p.Name, method, p.Type)
			return
		}
	}
	for _, ref := range []struct {
		attr  string
		k     int
		deref bool
	}{{"size_is", pi.SizeIs, pi.SizeDeref}, {"length_is", pi.LengthIs, pi.LengthDeref}} {
		if ref.k < 0 {
			continue
		}
		q := ps[ref.k]
		if q == pi {
			// MIDL takes it (the SDK's wmsdkidl.idl: ParseLicenseRequestMsg's
			// [size_is(pbLicenseRequestMsg)] BYTE *pbLicenseRequestMsg): a size
			// that says nothing. Say so, and read none.
			c.warnf(p.Pos, "%s of parameter %s of %s names %s itself; it is ignored", ref.attr, p.Name, method, p.Name)
			if ref.attr == "size_is" {
				pi.SizeIs, pi.SizeDeref, pi.SizeLevel = -1, false, 0
			} else {
				pi.LengthIs, pi.LengthDeref = -1, false
			}
			continue
		}
		t := q.Type.Resolve()
		if ref.deref && t != nil && t.Kind == RPointer {
			t = t.Elem.Resolve()
		}
		if t != nil && t.Kind == RBasic && (t.Basic == "float" || t.Basic == "double") {
			c.errorf(p.Pos, "%s of parameter %s of %s: %s is a %s, not an integer", ref.attr, p.Name, method, q.Name, t.Basic)
		}
	}
}

func isOpaque(t *TypeRef) bool {
	if t.Kind == ROpaque {
		return true
	}
	if t.Kind == RBasic && t.Basic == "..." {
		return true
	}
	// Pointer typedefs to interfaces (LPUNKNOWN) resolve to pointers already.
	return false
}

// checkAttrNames reports names in a parameter's size and switch attributes
// that are neither parameters of the method nor constants.
func (c *checker) checkAttrNames(p *Param, method string, names map[string]int) {
	for _, attr := range []string{"size_is", "max_is", "length_is", "first_is", "last_is", "iid_is", "switch_is"} {
		a := p.Attrs.Get(attr)
		if a == nil {
			continue
		}
		for _, arg := range a.Args {
			walkIdents(arg, func(id *Ident) {
				if _, isParam := names[id.Name]; isParam {
					return
				}
				if _, declared := c.m.Scope[id.Name]; declared || isBaseTypeName(id.Name) {
					return // a constant, or the type of a cast: (ULONG)*pc
				}
				// widl passes such expressions to C unchecked (a #define from a C
				// header, say); MIDL would reject them. Accept, and say so.
				c.warnf(id.Pos, "%s of parameter %s: %s is neither a parameter of %s nor a declared constant", attr, p.Name, id.Name, method)
			})
		}
	}
}

func isBaseTypeName(name string) bool {
	switch name {
	case "int", "long", "short", "char", "unsigned", "signed", "hyper", "small", "byte", "boolean", "float", "double":
		return true
	}
	return false
}

// walkIdents calls f for every identifier that names a value in e.
func walkIdents(e Expr, f func(*Ident)) {
	switch x := e.(type) {
	case *Ident:
		f(x)
	case *Unary:
		walkIdents(x.X, f)
	case *Binary:
		walkIdents(x.X, f)
		walkIdents(x.Y, f)
	case *Cond:
		walkIdents(x.C, f)
		walkIdents(x.X, f)
		walkIdents(x.Y, f)
	case *Cast:
		walkIdents(x.X, f)
	case *Member:
		walkIdents(x.X, f)
	case *Index:
		walkIdents(x.X, f)
		walkIdents(x.I, f)
	}
}

// paramRef returns the index of the sibling parameter named by attribute
// attr, when its first non-empty argument is a plain name or *name (deref),
// and that argument's position: the pointer level the attribute applies to
// (size_is(, *pc) is level 1). The index is -1 otherwise.
func (c *checker) paramRef(attrs Attrs, attr string, names map[string]int) (index int, deref bool, level int) {
	a := attrs.Get(attr)
	if a == nil {
		return -1, false, 0
	}
	for level, arg := range a.Args {
		if arg == nil {
			continue
		}
		if c, ok := arg.(*Cast); ok {
			arg = c.X // size_is(, (ULONG)*pc)
		}
		if u, ok := arg.(*Unary); ok && u.Op == "*" {
			arg, deref = u.X, true
		}
		if id, ok := arg.(*Ident); ok {
			if k, ok := names[id.Name]; ok {
				return k, deref, level
			}
		}
		return -1, false, 0
	}
	return -1, false, 0
}

// typeRef resolves a syntactic type.
func (c *checker) typeRef(t *Type) *TypeRef {
	if t == nil {
		return &TypeRef{Kind: RBasic, Basic: "void"}
	}
	switch t.Kind {
	case TPointer:
		return &TypeRef{Kind: RPointer, Elem: c.typeRef(t.Elem), Const: t.Const}
	case TArray:
		r := &TypeRef{Kind: RArray, Elem: c.typeRef(t.Elem), Len: -1}
		if t.Len != nil {
			n, err := c.evaluator().evalInt(t.Len)
			if err != nil {
				// Array sizes in structs must be constants; in parameters they may name
				// another parameter (conformant arrays).
				if _, isIdent := t.Len.(*Ident); !isIdent {
					c.exprError(err, t.Len)
				}
			} else if n < 0 {
				c.errorf(t.Len.Position(), "array size must not be negative, found %d", n)
			} else if n > MaxObjectSize {
				c.errorf(t.Len.Position(), "array size %d is beyond 32-bit Windows' address space", n)
			} else {
				r.Len = n
			}
		}
		return r
	case TFunc:
		return &TypeRef{Kind: RFunc, Func: &FuncInfo{Ret: c.typeRef(t.Elem), Params: c.params(t.Params, "function pointer")}}
	case TStruct, TUnion, TEnum:
		if t.Def != nil {
			// An inline definition: find the entity declared for it.
			if e, ok := c.defs[t]; ok {
				c.resolveEntity(e)
				return &TypeRef{Kind: RNamed, Decl: e, Const: t.Const}
			}
			e := c.declareAnon(t)
			return &TypeRef{Kind: RNamed, Decl: e, Const: t.Const}
		}
		if tg, ok := c.lookupTag(t); ok {
			c.resolveEntity(tg.ent)
			return &TypeRef{Kind: RNamed, Decl: tg.ent, Const: t.Const}
		}
		return &TypeRef{Kind: RNamed, Decl: c.tagEntity(t), Const: t.Const}
	}
	// TName
	if t.IsBase() || t.Name == "..." {
		return &TypeRef{Kind: RBasic, Basic: t.Name, Const: t.Const}
	}
	if len(t.Args) > 0 {
		return c.instantiate(t)
	}
	if a, ok := c.subst[t.Name]; ok {
		r := *a.ref
		r.Const = r.Const || t.Const
		return &r
	}
	e, ok := lookupQualified(c.m.Scope, t.Name)
	if !ok && t.Name == "bool" {
		// MIDL reads bool as BOOL (simpdata.idl's isAsync([out, retval]
		// bool *) is BOOL * in its header).
		e, ok = c.m.Scope["BOOL"]
	}
	if !ok && c.inParams {
		// MIDL accepts a parameter of an undeclared type and writes the name
		// into the header ("external definition not present": segment.idl's
		// OLE_XPOS_PIXELS). The vtable does not depend on it; the method
		// gets no Go wrapper.
		c.warnf(t.Pos, "unknown type %s: taken as an external definition the IDL does not give, as MIDL does", t.Name)
		return &TypeRef{Kind: ROpaque, Basic: t.Name}
	}
	if !ok {
		c.errorf(t.Pos, "unknown type %s", t.Name)
		return &TypeRef{Kind: ROpaque, Basic: t.Name}
	}
	switch e.(type) {
	case *ConstInfo:
		c.errorf(t.Pos, "%s is a constant, not a type", t.Name)
		return &TypeRef{Kind: ROpaque, Basic: t.Name}
	case *ClassInfo:
		// A runtimeclass used as a type is its default interface (as in widl's C);
		// one that is only declared here is some IInspectable.
		k := e.(*ClassInfo)
		if k.Runtime {
			c.resolveEntity(k)
			if k.Default != nil {
				return &TypeRef{Kind: RNamed, Decl: k.Default, Const: t.Const}
			}
			if insp, ok := c.m.Scope["IInspectable"].(*IfaceInfo); ok {
				return &TypeRef{Kind: RNamed, Decl: insp, Const: t.Const}
			}
		}
		return &TypeRef{Kind: ROpaque, Basic: t.Name}
	}
	if _, isIface := e.(*IfaceInfo); !isIface && c.state[e] == 0 {
		// Interfaces are used by pointer; resolving them here could report
		// false inheritance cycles between interfaces that name each other.
		c.resolveEntity(e)
	}
	return &TypeRef{Kind: RNamed, Decl: e, Const: t.Const}
}

// tagEntity returns the entity for struct/union/enum tag t, creating an
// incomplete one (usable behind pointers) when the tag was never defined.
func (c *checker) tagEntity(t *Type) Entity {
	if tg, ok := c.lookupTag(t); ok {
		return tg.ent
	}
	s := &StructInfo{Declared: Declared{Name: t.Name, Pos: t.Pos, File: c.file}, Tag: t.Name, Union: t.Kind == TUnion, Incomplete: true}
	var e Entity = s
	if t.Kind == TEnum {
		e = &EnumInfo{Declared: s.Declared, Tag: t.Name, Incomplete: true}
	}
	c.tags[c.declTagKey(t)] = &tagged{ent: e}
	c.tagOnly[e] = true
	if c.ns != "" {
		c.entNS[e] = c.ns
	}
	return e
}

// declareAnon creates an entity for an anonymous inline struct/union/enum
// (a field type) that declare did not see.
func (c *checker) declareAnon(t *Type) Entity {
	var e Entity
	if t.Kind == TEnum {
		en := &EnumInfo{Declared: Declared{Pos: t.Pos, File: c.file}, Tag: t.Name}
		for _, m := range t.Def.Members {
			mi := &EnumMemberInfo{Declared: Declared{Name: m.Name, Pos: m.Pos, File: c.file}}
			en.Members = append(en.Members, mi)
			ci := &ConstInfo{Declared: mi.Declared, Type: &TypeRef{Kind: RNamed, Decl: en}}
			c.source(ci, m)
			c.add(ci)
		}
		e = en
	} else {
		e = &StructInfo{Declared: Declared{Pos: t.Pos, File: c.file}, Tag: t.Name, Union: t.Kind == TUnion}
	}
	c.source(e, t)
	c.resolveEntity(e)
	return e
}

// VtblName is the name a method has in the C vtable: property accessors get the
// get_/put_/putref_ prefix and WinRT event accessors add_/remove_, as MIDL and
// widl write them.
func VtblName(m *Method) string {
	switch {
	case m.Attrs.Has("propget"):
		return "get_" + m.Name
	case m.Attrs.Has("propput"):
		return "put_" + m.Name
	case m.Attrs.Has("propputref"):
		return "putref_" + m.Name
	case m.Attrs.Has("eventadd"):
		return "add_" + m.Name
	case m.Attrs.Has("eventremove"):
		return "remove_" + m.Name
	}
	return m.Name
}

// exprStart returns the position of the leftmost token of e.
func exprStart(e Expr) Pos {
	for {
		switch x := e.(type) {
		case *Binary:
			e = x.X
		case *Cond:
			e = x.C
		case *Member:
			e = x.X
		case *Index:
			e = x.X
		case *Call:
			e = x.Fun
		default:
			return e.Position()
		}
	}
}

// baseTypeOf follows typedef names to the base type they stand for, without
// reporting anything: a cast in a constant may name a type the IDL never
// declares (C header text), and such a cast is then left as it is.
func (c *checker) baseTypeOf(name string) (string, bool) {
	for range 100 { // typedef chains are short; a cycle is reported elsewhere
		e, ok := c.m.Scope[name]
		if !ok {
			return "", false
		}
		a, ok := e.(*AliasInfo)
		if !ok {
			if _, isEnum := e.(*EnumInfo); isEnum {
				return "int", true
			}
			return "", false
		}
		if a.Type == nil {
			syn, ok := c.syn[a].(*Declarator)
			if !ok || syn.Type == nil {
				return "", false
			}
			if syn.Type.Kind != TName {
				return "", false
			}
			name = syn.Type.Name
			continue
		}
		r := a.Type
		switch r.Kind {
		case RBasic:
			return r.Basic, true
		case RNamed:
			name = r.Decl.EntityName()
		default:
			return "", false
		}
	}
	return "", false
}

// cppConditional follows the C preprocessor conditionals that cpp_quote
// lines put around IDL declarations (cpp_quote("#if 0") ...
// cpp_quote("#endif")): the declarations in a branch C never compiles are
// there for MIDL only, and the C headers define those names themselves.
// Only "#if 0" is known to be false; other conditions may hold.
func (c *checker) cppConditional(text string) {
	text = strings.TrimSpace(text)
	d, ok := strings.CutPrefix(text, "#")
	if !ok {
		return
	}
	d = strings.TrimSpace(d)
	word := d
	if i := strings.IndexAny(d, " \t(/"); i >= 0 {
		word = d[:i]
	}
	switch word {
	case "include":
		c.cppPack(strings.TrimSpace(d[len("include"):]))
	case "if":
		cond := strings.TrimSpace(d[2:])
		if i := strings.Index(cond, "/*"); i >= 0 {
			cond = strings.TrimSpace(cond[:i])
		}
		if i := strings.Index(cond, "//"); i >= 0 {
			cond = strings.TrimSpace(cond[:i])
		}
		c.cIf = append(c.cIf, cond == "0")
		c.cIfNext++
		c.cIfGroup = append(c.cIfGroup, c.cIfNext)
		arch := 0
		switch strings.ReplaceAll(cond, " ", "") {
		case "defined(_WIN64)", "defined_WIN64":
			arch = 64
		case "!defined(_WIN64)":
			arch = 32
		}
		c.cIfArch = append(c.cIfArch, arch)
	case "ifdef", "ifndef":
		c.cIf = append(c.cIf, false)
		c.cIfNext++
		c.cIfGroup = append(c.cIfGroup, c.cIfNext)
		arch := 0
		if strings.TrimSpace(d[len(word):]) == "_WIN64" {
			arch = 64
			if word == "ifndef" {
				arch = 32
			}
		}
		c.cIfArch = append(c.cIfArch, arch)
	case "else", "elif":
		if n := len(c.cIf); n > 0 {
			c.cIf[n-1] = false // the other branch of #if 0 is C's (or may be)
			if word == "else" && c.cIfArch[n-1] != 0 {
				c.cIfArch[n-1] = 96 - c.cIfArch[n-1] // 64 <-> 32
			} else {
				c.cIfArch[n-1] = 0
			}
		}
	case "endif":
		if n := len(c.cIf); n > 0 {
			c.cIf, c.cIfGroup, c.cIfArch = c.cIf[:n-1], c.cIfGroup[:n-1], c.cIfArch[:n-1]
		}
	}
}

// cppPack follows cpp_quote("#include <pshpackN.h>") and
// cpp_quote("#include <poppack.h>"), the SDK's way of packing what follows
// for C (xaudio2.idl: every struct to 1 byte; shtypes.idl: SHITEMID, 3 bytes
// in C), which MIDL does not read: the structures declared meanwhile get
// that packing (StructInfo.Pack), so that gen gives a struct Go cannot lay
// out that way no Go layout, rather than a wrong one (SHITEMID keeps one:
// its packing moves no member, see gen's packedError).
func (c *checker) cppPack(file string) {
	if c.idlOnly() || len(file) < 2 {
		return // not C's (#if 0), or no file name
	}
	name := strings.ToLower(file[1 : len(file)-1])
	group, arch := 0, 0
	if n := len(c.cIfGroup); n > 0 {
		group, arch = c.cIfGroup[n-1], c.cIfArch[n-1]
	}
	switch {
	case name == "poppack.h":
		if group != 0 && c.cPopped == group {
			return // the other branch popped already
		}
		c.cPopped = group
		if n := len(c.cPack); n > 0 {
			c.cPack = c.cPack[:n-1]
		}
	case strings.HasPrefix(name, "pshpack") && strings.HasSuffix(name, ".h"):
		n, err := strconv.Atoi(strings.TrimSuffix(strings.TrimPrefix(name, "pshpack"), ".h"))
		if err != nil || n <= 0 || n > 16 {
			return
		}
		e := cPackEntry{group: group}
		if k := len(c.cPack); k > 0 && group != 0 && c.cPack[k-1].group == group {
			e = c.cPack[k-1] // another branch of the same conditional
			c.cPack = c.cPack[:k-1]
		} else if k > 0 {
			e.pack64, e.pack386 = c.cPack[k-1].pack64, c.cPack[k-1].pack386 // what the branch does not change
			if group != 0 && arch == 0 {
				e.pack64, e.pack386 = 0, 0
			}
		}
		switch {
		case arch == 64:
			e.pack64 = n
		case arch == 32:
			e.pack386 = n
		case e.group == group && group != 0 && (e.pack64 != 0 || e.pack386 != 0):
			e.pack64, e.pack386 = tighter(e.pack64, n), tighter(e.pack386, n)
		default:
			e.pack64, e.pack386 = n, n
		}
		c.cPack = append(c.cPack, e)
	}
}

// tighter is the tighter of two packings (0: the default, the loosest).
func tighter(a, b int) int {
	switch {
	case a == 0:
		return b
	case b == 0:
		return a
	}
	return min(a, b)
}

// idlOnly reports whether the declarations now being read are in a branch
// of cpp_quote conditionals that C never compiles.
func (c *checker) idlOnly() bool { return slices.Contains(c.cIf, true) }

// warnPlaceholders says which structs stand in for a C type (Placeholder).
func (c *checker) warnPlaceholders() {
	for _, e := range c.m.Entities {
		if s, ok := e.(*StructInfo); ok && s.Placeholder() {
			c.warnf(s.Pos, "%s is declared for MIDL only (inside cpp_quote(\"#if 0\")) with one dummy member: a placeholder for the C headers' type, whose layout the IDL does not give; it gets no Go layout (pointers to it are unsafe.Pointer)", s.Name)
		}
	}
}

// declareModule records a module's functions: they need the DLL that
// exports them, named by a bare file name (the DLL is loaded from the
// system directory only, so a path, which could name a DLL a user can
// write, is refused). A module of constants alone needs none (the SDK
// writes dllname("<no entry points>") there).
func (c *checker) declareModule(d *Module) {
	info := &ModuleInfo{Declared: Declared{Name: d.Name, Pos: d.Pos, File: c.file}, Attrs: d.Attrs, Builtin: isBuiltinExports(c.file)}
	a := d.Attrs.Get("dllname")
	dll, isString := d.Attrs.String("dllname")
	switch {
	case a == nil:
		c.errorf(d.Pos, "module %s has no dllname attribute: write [dllname(\"name.dll\")] before it", d.Name)
		return
	case !isString || len(a.Args) != 1:
		c.errorf(a.Pos, "dllname of module %s: expected one string, the DLL's file name", d.Name)
		return
	case len(d.Methods) == 0:
		// Constants only: nothing is loaded.
	case !BareDLLName(dll):
		c.errorf(a.Args[0].Position(), "dllname of module %s: %q is not a bare file name (such as \"ole32.dll\"): DLLs are loaded from the system directory only", d.Name, dll)
		return
	default:
		info.DLL = dll
	}
	if len(d.Methods) == 0 {
		return
	}
	c.source(info, d)
	c.m.Entities = append(c.m.Entities, info)
}

// BareDLLName reports whether s names a file without a directory, as a
// module's dllname must (the DLL is loaded from the system directory).
func BareDLLName(s string) bool {
	if s == "" || s == "." || s == ".." || strings.ContainsAny(s, "\\/:<>\"|?*") {
		return false
	}
	for _, r := range s {
		if r < ' ' || r > '~' {
			return false
		}
	}
	return true
}

// resolveModule checks a module's functions as interface methods are
// checked. In comgen's own exports.idl a function that names a type the
// program does not declare is left out without a word (see BuiltinExports).
func (c *checker) resolveModule(mod *ModuleInfo) {
	d := c.syn[mod].(*Module)
	seen := map[string]Pos{}
	for _, m := range d.Methods {
		if mod.Builtin && !c.knownTypes(m) {
			continue
		}
		if p, ok := seen[m.Name]; ok {
			c.errorf(m.Pos, "function %s already declared at %s", m.Name, p)
			continue
		}
		seen[m.Name] = m.Pos
		mi := &MethodInfo{Declared: Declared{Name: m.Name, Pos: m.Pos, File: mod.File, Doc: docOf(m.Comment, m.Attrs)},
			Attrs: m.Attrs, Slot: -1, Ret: c.typeRef(m.Ret)}
		mi.Params = c.params(m.Params, m.Name)
		mod.Funcs = append(mod.Funcs, mi)
	}
}

// knownTypes reports whether every type name m's result and parameters use
// is declared.
func (c *checker) knownTypes(m *Method) bool {
	var known func(t *Type) bool
	known = func(t *Type) bool {
		for ; t != nil; t = t.Elem {
			if t.Kind == TName && !t.IsBase() {
				if _, ok := c.m.Scope[t.Name]; !ok {
					return false
				}
			}
		}
		return true
	}
	if !known(m.Ret) {
		return false
	}
	for _, p := range m.Params {
		if !known(p.Type) {
			return false
		}
	}
	return true
}
