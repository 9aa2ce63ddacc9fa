package typelib

import (
	"encoding/binary"
	"fmt"
	"os"
	"sort"
	"strconv"
	"strings"
	"unicode/utf16"
)

// maxFileSize bounds what Open reads (mshtml.dll is some 20 MB).
const maxFileSize = 1 << 30

// Open reads the type library named by name: a bare MSFT file, or a PE
// file (DLL, OCX, EXE, or a .tlb that is a PE image) with TYPELIB
// resources. "file.dll#3" reads resource 3; "file.dll" reads resource 1, or
// the first one when there is no resource 1, as LoadTypeLib does.
func Open(name string) (*Library, error) {
	file, res := SplitResource(name)
	fi, err := os.Stat(file)
	if err != nil {
		return nil, err
	}
	if fi.Size() > maxFileSize {
		return nil, &Error{File: file, Offset: -1, Msg: fmt.Sprintf("%d bytes is larger than a type library can be", fi.Size())}
	}
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	return Read(file, data, res)
}

// SplitResource splits "file.dll#3" into the file and the resource ID 3.
// A name without a numeric "#N" suffix has resource 0 (the default).
func SplitResource(name string) (file string, res int) {
	i := strings.LastIndexByte(name, '#')
	if i < 0 {
		return name, 0
	}
	n, err := strconv.Atoi(name[i+1:])
	if err != nil || n <= 0 || n > 0xffff {
		return name, 0
	}
	return name[:i], n
}

// IsTypeLibName reports whether an input name is to be read as a type
// library rather than IDL: it ends in .tlb, .olb, .dll, .ocx or .exe, or
// has a "#N" resource suffix.
func IsTypeLibName(name string) bool {
	file, res := SplitResource(name)
	if res != 0 {
		return true
	}
	switch strings.ToLower(file[strings.LastIndexByte(file, '.')+1:]) {
	case "tlb", "olb", "dll", "ocx", "exe":
		return true
	}
	return false
}

// Read reads a library from data, the contents of file (used in errors):
// a bare MSFT library (res must be 0), or a PE image whose TYPELIB resource
// res (0: resource 1, or else the first) holds one.
func Read(file string, data []byte, res int) (*Library, error) {
	if len(data) >= 2 && data[0] == 'M' && data[1] == 'Z' {
		ids, err := Resources(file, data)
		if err != nil {
			return nil, err
		}
		if len(ids) == 0 {
			return nil, &Error{File: file, Offset: -1, Msg: "the PE file has no TYPELIB resource"}
		}
		var pick *peResource
		for i := range ids {
			if res == 0 && ids[i].id == 1 || res != 0 && ids[i].id == res {
				pick = &ids[i]
				break
			}
		}
		if pick == nil && res == 0 {
			pick = &ids[0]
		}
		if pick == nil {
			var have []string
			for _, r := range ids {
				have = append(have, "#"+strconv.Itoa(r.id))
			}
			return nil, &Error{File: file, Offset: -1, Msg: fmt.Sprintf("no TYPELIB resource #%d (it has %s)", res, strings.Join(have, ", "))}
		}
		name := file
		if res != 0 {
			name = fmt.Sprintf("%s#%d", file, res)
		}
		lib, err := parseMSFT(name, data[pick.off:pick.off+pick.size], int64(pick.off))
		if err != nil {
			return nil, err
		}
		lib.Resource = pick.id
		return lib, nil
	}
	if res != 0 {
		return nil, &Error{File: file, Offset: -1, Msg: fmt.Sprintf("resource #%d asked for, but this is not a PE file", res)}
	}
	return parseMSFT(file, data, 0)
}

// ResourceIDs returns the IDs of the TYPELIB resources of a PE image, in
// order.
func ResourceIDs(file string, data []byte) ([]int, error) {
	rs, err := Resources(file, data)
	var ids []int
	for _, r := range rs {
		ids = append(ids, r.id)
	}
	return ids, err
}

type peResource struct {
	id        int
	off, size int // in the file
}

// Resources finds the TYPELIB resources of a PE image: the resource
// directory's entry named "TYPELIB", each ID under it, the first language
// of each.
func Resources(file string, data []byte) ([]peResource, error) {
	fail := func(off int, format string, args ...any) error {
		return &Error{File: file, Offset: int64(off), Msg: fmt.Sprintf(format, args...)}
	}
	u16 := func(off int) (int, bool) {
		if off < 0 || off+2 > len(data) {
			return 0, false
		}
		return int(binary.LittleEndian.Uint16(data[off:])), true
	}
	u32 := func(off int) (int, bool) {
		if off < 0 || off+4 > len(data) {
			return 0, false
		}
		return int(binary.LittleEndian.Uint32(data[off:])), true
	}
	pe, ok := u32(0x3c)
	if !ok || pe+24 > len(data) || string(data[pe:pe+4]) != "PE\x00\x00" {
		return nil, fail(0x3c, "an MZ file without a PE header")
	}
	coff := pe + 4
	nsec, _ := u16(coff + 2)
	optSize, _ := u16(coff + 16)
	opt := coff + 20
	magic, ok := u16(opt)
	if !ok {
		return nil, fail(opt, "the PE optional header is missing")
	}
	var dirs int
	switch magic {
	case 0x10b:
		dirs = opt + 96
	case 0x20b:
		dirs = opt + 112
	default:
		return nil, fail(opt, "PE optional header magic %#x is neither PE32 nor PE32+", magic)
	}
	ndirs, ok := u32(dirs - 4)
	if !ok {
		return nil, fail(dirs-4, "the PE optional header is truncated")
	}
	if ndirs < 3 || dirs+3*8 > opt+optSize {
		return nil, nil // no resource directory
	}
	resRVA, _ := u32(dirs + 2*8)
	resSize, _ := u32(dirs + 2*8 + 4)
	if resRVA == 0 || resSize == 0 {
		return nil, nil
	}
	type section struct{ va, vsize, raw, rawSize int }
	var secs []section
	secTab := opt + optSize
	for i := 0; i < nsec; i++ {
		s := secTab + 40*i
		if s+40 > len(data) {
			return nil, fail(s, "section header %d is outside the file", i)
		}
		vs, _ := u32(s + 8)
		va, _ := u32(s + 12)
		rs, _ := u32(s + 16)
		rp, _ := u32(s + 20)
		secs = append(secs, section{va, vs, rp, rs})
	}
	// rva maps an RVA and a length to a file offset.
	rva := func(a, n int) (int, error) {
		for _, s := range secs {
			size := max(s.vsize, s.rawSize)
			if a >= s.va && a-s.va < size {
				off := a - s.va
				if n < 0 || off+n > s.rawSize || s.raw+off+n > len(data) || s.raw+off+n < 0 {
					return 0, fail(s.raw+off, "%d bytes at RVA %#x are outside the file's data", n, a)
				}
				return s.raw + off, nil
			}
		}
		return 0, fail(dirs+16, "RVA %#x is in no section", a)
	}
	root, err := rva(resRVA, 16)
	if err != nil {
		return nil, err
	}
	// entries returns a resource directory's entries (name or ID, and
	// where the entry points, relative to the resource directory).
	type entry struct {
		name string
		id   int
		to   int
		dir  bool
	}
	entries := func(off int) ([]entry, error) {
		d := root + off
		nn, ok1 := u16(d + 12)
		ni, ok2 := u16(d + 14)
		if !ok1 || !ok2 || off < 0 {
			return nil, fail(d, "a resource directory outside the file")
		}
		var out []entry
		for k := 0; k < nn+ni; k++ {
			e := d + 16 + 8*k
			nameWord, ok1 := u32(e)
			to, ok2 := u32(e + 4)
			if !ok1 || !ok2 {
				return nil, fail(e, "a resource directory entry outside the file")
			}
			en := entry{to: to & 0x7fffffff, dir: to&0x80000000 != 0}
			if nameWord&0x80000000 != 0 {
				s := root + nameWord&0x7fffffff
				n, ok := u16(s)
				if !ok || s+2+2*n > len(data) {
					return nil, fail(s, "a resource name outside the file")
				}
				u := make([]uint16, n)
				for j := range u {
					u[j] = binary.LittleEndian.Uint16(data[s+2+2*j:])
				}
				en.name = string(utf16.Decode(u))
			} else {
				en.id = nameWord & 0xffff
			}
			out = append(out, en)
		}
		return out, nil
	}
	types, err := entries(0)
	if err != nil {
		return nil, err
	}
	var out []peResource
	for _, t := range types {
		if t.name != "TYPELIB" || !t.dir {
			continue
		}
		ids, err := entries(t.to)
		if err != nil {
			return nil, err
		}
		for _, id := range ids {
			if !id.dir || id.name != "" {
				continue
			}
			langs, err := entries(id.to)
			if err != nil {
				return nil, err
			}
			if len(langs) == 0 || langs[0].dir {
				return nil, fail(root+id.to, "TYPELIB resource #%d has no data", id.id)
			}
			de := root + langs[0].to
			dataRVA, ok1 := u32(de)
			size, ok2 := u32(de + 4)
			if !ok1 || !ok2 {
				return nil, fail(de, "a resource data entry outside the file")
			}
			off, err := rva(dataRVA, size)
			if err != nil {
				return nil, err
			}
			out = append(out, peResource{id: id.id, off: off, size: size})
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].id < out[j].id })
	return out, nil
}
