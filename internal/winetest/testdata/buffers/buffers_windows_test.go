//go:build windows

package buffers

// Buffers a callee writes, against real DLLs under Wine (oleaut32, mlang,
// shell32, dwrite): each count that bounds a Go buffer is the slice's length
// and no callee writes past it. Every buffer here is a subslice of a larger
// backing array whose elements after it are guards: their bytes must be
// unchanged after the call.
//
// None of these calls compiles against the wrappers generated before the
// buffer rule (commit 9964756 and earlier). Each test names the call the old
// API took that let the callee write past the Go memory, and where that call
// can be made safely (its writes kept inside the backing array), a control
// makes it raw through the vtable and requires the guards to change: the
// guard checks would have caught the old code.

import (
	"bytes"
	"fmt"
	"strings"
	"sync"
	"syscall"
	"testing"
	"unicode/utf16"
	"unsafe"
)

// Published identifiers and values (facts, written here from their
// documentation; the package does not declare coclasses of imported files).
var (
	clsidCMultiLanguage     = GUID{0x275C23E2, 0x3747, 0x11D0, [8]byte{0x9F, 0xEA, 0x00, 0xAA, 0x00, 0x3F, 0x86, 0x46}}
	clsidKnownFolderManager = GUID{0x4DF0C730, 0xDF9D, 0x4AE3, [8]byte{0x91, 0x53, 0xAA, 0x6B, 0x82, 0xE9, 0x79, 0x5A}}
	folderIDDocuments       = GUID{0xFDD39AD0, 0x238F, 0x46AF, [8]byte{0xAD, 0xB4, 0x6C, 0x85, 0x48, 0x03, 0x69, 0xC7}}
)

const (
	memberIDNil                  = -1         // MEMBERID_NIL: FindName's member ID for a type's own name
	csidlPersonal                = 5          // CSIDL_PERSONAL, the CSIDL of FOLDERID_Documents
	langEnglishUS                = 0x0409     // LANGID/LCID of en-US
	cpUTF8                       = 65001      // CP_UTF8
	cpWindows1252                = 1252       // Windows Latin 1
	eNotSufficientBuffer HRESULT = 0x8007007A // HRESULT_FROM_WIN32(ERROR_INSUFFICIENT_BUFFER)
	guardWord                    = 0x5EED5EED // a value no callee writes by chance
	guardUTF16                   = uint16(0xA5A5)
)

// snapshot returns a copy of the bytes of s's elements (guards).
func snapshot[T any](s []T) []byte {
	if len(s) == 0 {
		return nil
	}
	var z T
	return bytes.Clone(unsafe.Slice((*byte)(unsafe.Pointer(&s[0])), len(s)*int(unsafe.Sizeof(z))))
}

// checkGuards fails t when the bytes of guards differ from before.
func checkGuards[T any](t *testing.T, what string, before []byte, guards []T) {
	t.Helper()
	if after := snapshot(guards); !bytes.Equal(before, after) {
		i := 0
		for i < len(before) && before[i] == after[i] {
			i++
		}
		t.Errorf("%s: the callee wrote past the slice (guard byte %d of %d changed)", what, i, len(before))
	}
}

// controlOverrun fails t unless the guards changed: the control calls below
// make, raw through the vtable into the same backing arrays, the call the old
// wrappers made (a count larger than the slice), to show the guard checks
// catch what the old code did. Their writes stay inside the backing arrays.
func controlOverrun[T any](t *testing.T, what string, before []byte, guards []T) {
	t.Helper()
	if bytes.Equal(before, snapshot(guards)) {
		t.Errorf("control %s: the old call left the guards unchanged; the check would not see an overrun", what)
	}
}

func utf16z(t *testing.T, s string) *uint16 {
	p, err := syscall.UTF16PtrFromString(s)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// callHR calls a DLL entry point that returns an HRESULT.
func callHR(dll, proc string, args ...uintptr) HRESULT {
	r, _, _ := syscall.NewLazyDLL(dll).NewProc(proc).Call(args...)
	return HRESULT(uint32(r))
}

// TestFindNameBounds: ITypeLib::FindName on stdole2.tlb (oleaut32). Before,
// FindName(name, 0, ti[:1], ids[:1], &n) with n = 3 let oleaut32 write three
// ITypeInfo pointers and three member IDs into one-element slices; now the
// count is the slices' length.
func TestFindNameBounds(t *testing.T) {
	err := WithCOM(func() error {
		var tl *ITypeLib
		if hr := callHR("oleaut32.dll", "LoadTypeLib", uintptr(unsafe.Pointer(utf16z(t, "stdole2.tlb"))), uintptr(unsafe.Pointer(&tl))); hr.Failed() || tl == nil {
			t.Fatalf("LoadTypeLib(stdole2.tlb): %v", hr)
		}
		defer tl.Release()

		// One slot for a name stdole2 declares once, as a type: IUnknown.
		var ti [4]*ITypeInfo
		var ids [4]int32
		for i := range ids {
			ids[i] = guardWord
		}
		tiGuard, idGuard := snapshot(ti[1:]), snapshot(ids[1:])
		found, hr, err := tl.FindName(utf16z(t, "IUnknown"), 0, ti[:1], ids[:1])
		checkGuards(t, "FindName(IUnknown) ppTInfo", tiGuard, ti[1:])
		checkGuards(t, "FindName(IUnknown) rgMemId", idGuard, ids[1:])
		if err != nil || found != 1 || ti[0] == nil {
			t.Fatalf("FindName(IUnknown, 1 slot) = %d, %v, %v; want 1 found", found, hr, err)
		}
		// What was found is IUnknown: the IID is published, MEMBERID_NIL marks
		// a type's own name.
		attr, _, err := ti[0].GetTypeAttr()
		if err != nil {
			t.Fatal(err)
		}
		if attr.Guid != IID_IUnknown || ids[0] != memberIDNil {
			t.Errorf("FindName(IUnknown) found %v, member ID %d; want IID_IUnknown, MEMBERID_NIL", attr.Guid, ids[0])
		}
		ti[0].ReleaseTypeAttr(attr)
		ti[0].Release()

		// Control: the old call, *pcFound = 3 for one-element slices, with a
		// name found twice: oleaut32 writes the second past the slices.
		ti, ids = [4]*ITypeInfo{}, [4]int32{guardWord, guardWord, guardWord, guardWord}
		tiGuard, idGuard = snapshot(ti[1:]), snapshot(ids[1:])
		oldCount := uint16(3)
		comCall6(tl.vtable().FindName, uintptr(unsafe.Pointer(tl)), uintptr(unsafe.Pointer(utf16z(t, "Bold"))), 0,
			uintptr(unsafe.Pointer(&ti[0])), uintptr(unsafe.Pointer(&ids[0])), uintptr(unsafe.Pointer(&oldCount)))
		controlOverrun(t, "FindName(Bold, *pcFound 3, 1 slot) rgMemId", idGuard, ids[1:])
		controlOverrun(t, "FindName(Bold, *pcFound 3, 1 slot) ppTInfo", tiGuard, ti[1:])
		for _, p := range ti {
			if p != nil {
				p.Release()
			}
		}

		// A member name several types share: three slots, more may be found,
		// never more than three, and the fourth slot stays a guard.
		for _, name := range []string{"Name", "QueryInterface", "Bold"} {
			ti, ids = [4]*ITypeInfo{}, [4]int32{guardWord, guardWord, guardWord, guardWord}
			tiGuard, idGuard = snapshot(ti[3:]), snapshot(ids[3:])
			found, hr, err = tl.FindName(utf16z(t, name), 0, ti[:3], ids[:3])
			checkGuards(t, "FindName("+name+") ppTInfo", tiGuard, ti[3:])
			checkGuards(t, "FindName("+name+") rgMemId", idGuard, ids[3:])
			if err != nil || found < 1 || found > 3 {
				t.Errorf("FindName(%s, 3 slots) = %d, %v, %v; want 1 to 3 found", name, found, hr, err)
			}
			var got []string
			for i := 0; i < int(found) && i < 3; i++ {
				if ti[i] == nil {
					t.Errorf("FindName(%s): slot %d of %d found is nil", name, i, found)
					continue
				}
				n, _, _, _, _, _ := ti[i].GetDocumentation(memberIDNil)
				got = append(got, fmt.Sprintf("%s.%d", n, ids[i]))
				ti[i].Release()
			}
			t.Logf("FindName(%s, 3 slots): %d found: %v", name, found, got)
		}

		// 70,000 slots do not fit FindName's USHORT count: the wrapper refuses
		// without calling (oleaut32 would have answered S_OK for IUnknown and
		// filled slot 0 had it been called with the count truncated).
		big := make([]*ITypeInfo, 70000)
		bigIDs := make([]int32, 70000)
		found, hr, _ = tl.FindName(utf16z(t, "IUnknown"), 0, big, bigIDs)
		if hr != E_INVALIDARG || found != 0 || big[0] != nil || bigIDs[0] != 0 {
			t.Errorf("FindName with 70000 slots = %d, %v (slot 0 %p, %d); want E_INVALIDARG without a call", found, hr, big[0], bigIDs[0])
		}
		// Slices of different lengths: refused too.
		if _, hr, _ = tl.FindName(utf16z(t, "IUnknown"), 0, big[:2], bigIDs[:1]); hr != E_INVALIDARG || big[0] != nil {
			t.Errorf("FindName with 2 and 1 slots = %v; want E_INVALIDARG", hr)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func newMultiLanguage(t *testing.T) *IMultiLanguage2 {
	t.Helper()
	p, err := CoCreate[IMultiLanguage2](&clsidCMultiLanguage, CLSCTX_INPROC_SERVER)
	if err != nil {
		t.Fatalf("CoCreateInstance(CMultiLanguage): %v", err)
	}
	return p
}

// TestEnumCodePageNext: IEnumCodePage::Next from mlang. Before, Next(celt)
// returned one MIMECPINFO by value and told mlang celt, so Next(8) wrote 8
// structs into the space of one (seven 572-byte structs past it).
func TestEnumCodePageNext(t *testing.T) {
	err := WithCOM(func() error {
		ml := newMultiLanguage(t)
		defer ml.Release()
		e, _, err := ml.EnumCodePages(0, langEnglishUS)
		if err != nil {
			t.Fatalf("EnumCodePages: %v", err)
		}
		defer e.Release()

		var buf [8]MIMECPINFO
		guard := snapshot(buf[1:]) // all zero
		n, hr, err := e.Next(buf[:1])
		checkGuards(t, "Next(1 of 8)", guard, buf[1:])
		if err != nil || hr != S_OK || n != 1 || buf[0].UiCodePage == 0 {
			t.Fatalf("Next(1) = %d, %v, %v (code page %d); want 1, S_OK", n, hr, err, buf[0].UiCodePage)
		}
		// Control: the old call, Next(8) into one struct (raw, into the same
		// backing array): mlang writes seven more.
		e.Reset()
		buf = [8]MIMECPINFO{}
		var fetched uint32
		comCall4(e.vtable().Next, uintptr(unsafe.Pointer(e)), 8, uintptr(unsafe.Pointer(&buf[0])), uintptr(unsafe.Pointer(&fetched)))
		controlOverrun(t, "IEnumCodePage.Next(8) into 1", guard, buf[1:])
		if _, err := e.Reset(); err != nil {
			t.Fatal(err)
		}
		// The whole enumeration, eight at a time.
		var all []MIMECPINFO
		for range 1000 {
			n, hr, err = e.Next(buf[:])
			if err != nil || n > 8 {
				t.Fatalf("Next(8) = %d, %v, %v; want at most 8", n, hr, err)
			}
			all = append(all, buf[:n]...)
			if n < 8 {
				break
			}
		}
		t.Logf("EnumCodePages(0): %d code pages", len(all))
		// Code pages 1252 and 65001 are there, each as GetCodePageInfo (one
		// struct through a pointer, no count) describes it, with its IANA name:
		// elements after the first are where mlang put them.
		for _, c := range []struct {
			cp      uint32
			charset string
		}{{cpWindows1252, "windows-1252"}, {cpUTF8, "utf-8"}} {
			want, _, err := ml.GetCodePageInfo(c.cp, langEnglishUS)
			if err != nil {
				t.Errorf("GetCodePageInfo(%d): %v", c.cp, err)
				continue
			}
			if got := syscall.UTF16ToString(want.WszWebCharset[:]); !strings.EqualFold(got, c.charset) {
				t.Errorf("GetCodePageInfo(%d) web charset %q, want %q", c.cp, got, c.charset)
			}
			seen := -1
			for i, info := range all {
				if info.UiCodePage == c.cp {
					seen = i
				}
			}
			if seen < 0 {
				t.Errorf("code page %d is not enumerated", c.cp)
			} else if all[seen] != want {
				t.Errorf("code page %d (element %d) enumerated as %q, GetCodePageInfo says %q", c.cp, seen,
					syscall.UTF16ToString(all[seen].WszDescription[:]), syscall.UTF16ToString(want.WszDescription[:]))
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestEnumRfc1766Next: IEnumRfc1766::Next from mlang, the same shape. Before,
// Next(celt) returned one RFC1766INFO by value and told mlang celt.
func TestEnumRfc1766Next(t *testing.T) {
	err := WithCOM(func() error {
		ml := newMultiLanguage(t)
		defer ml.Release()
		e, _, err := ml.EnumRfc1766(langEnglishUS)
		if err != nil {
			t.Fatalf("EnumRfc1766: %v", err)
		}
		defer e.Release()
		var buf [8]RFC1766INFO
		guard := snapshot(buf[1:])
		if n, hr, err := e.Next(buf[:1]); err != nil || n != 1 {
			t.Fatalf("Next(1) = %d, %v, %v", n, hr, err)
		}
		checkGuards(t, "Next(1 of 8)", guard, buf[1:])
		e.Reset()
		var enUS string
		total := 0
		for range 1000 {
			n, _, err := e.Next(buf[:])
			if err != nil || n > 8 {
				t.Fatalf("Next(8) = %d, %v", n, err)
			}
			total += int(n)
			for _, info := range buf[:n] {
				if info.Lcid == langEnglishUS {
					enUS = syscall.UTF16ToString(info.WszRfc1766[:])
				}
			}
			if n < 8 {
				break
			}
		}
		// en-US's tag is published (RFC 1766); GetRfc1766FromLcid answers it
		// through a BSTR, not a counted buffer.
		tag, _, err := ml.GetRfc1766FromLcid(langEnglishUS)
		t.Logf("EnumRfc1766: %d locales; 0x409 enumerated as %q, GetRfc1766FromLcid %q (%v)", total, enUS, tag, err)
		if !strings.EqualFold(enUS, "en-us") || !strings.EqualFold(tag, "en-us") {
			t.Errorf("LCID 0x409: enumerated %q, GetRfc1766FromLcid %q; want en-US", enUS, tag)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestConvertStringBounds: IMultiLanguage2::ConvertStringToUnicode and
// ConvertString. Before, the caller passed each buffer and its size
// separately (pSrcStr *byte, pcSrcSize *uint32, ...): a size larger than the
// Go buffer let mlang write past it. Now both sizes are the slices' lengths.
func TestConvertStringBounds(t *testing.T) {
	err := WithCOM(func() error {
		ml := newMultiLanguage(t)
		defer ml.Release()
		src := []byte("h\u00e9llo, w\u00f6rld \u00a9")
		want := utf16.Encode([]rune(string(src))) // Go's UTF-8 decoder and UTF-16 encoder

		back := make([]uint16, len(want)+8)
		for i := range back {
			back[i] = guardUTF16
		}
		guard := snapshot(back[len(want):])
		var mode uint32
		ns, nd, hr, err := ml.ConvertStringToUnicode(&mode, cpUTF8, src, back[:len(want)])
		checkGuards(t, "ConvertStringToUnicode", guard, back[len(want):])
		if err != nil || ns != uint32(len(src)) || nd != uint32(len(want)) || !slicesEqual(back[:nd], want) {
			t.Errorf("ConvertStringToUnicode(UTF-8) = %d, %d, %v, %v: %q; want %d, %d: %q",
				ns, nd, hr, err, utf16.Decode(back[:min(nd, uint32(len(back)))]), len(src), len(want), utf16.Decode(want))
		}

		// Control: the old call, *pcDstSize larger than the 4 the caller
		// means to give (raw, into the same backing array): mlang writes
		// the whole string.
		for i := range back {
			back[i] = guardUTF16
		}
		guard = snapshot(back[4:])
		mode = 0
		oldSrc, oldDst := uint32(len(src)), uint32(len(back))
		comCall7(ml.vtable().ConvertStringToUnicode, uintptr(unsafe.Pointer(ml)), uintptr(unsafe.Pointer(&mode)), cpUTF8,
			uintptr(unsafe.Pointer(&src[0])), uintptr(unsafe.Pointer(&oldSrc)), uintptr(unsafe.Pointer(&back[0])), uintptr(unsafe.Pointer(&oldDst)))
		controlOverrun(t, "ConvertStringToUnicode(*pcDstSize too large) into 4", guard, back[4:])

		// A destination of 4: mlang answers as it does, within the 4.
		short := make([]uint16, 4+8)
		for i := range short {
			short[i] = guardUTF16
		}
		guard = snapshot(short[4:])
		mode = 0
		ns, nd, hr, err = ml.ConvertStringToUnicode(&mode, cpUTF8, src, short[:4])
		checkGuards(t, "ConvertStringToUnicode into 4", guard, short[4:])
		t.Logf("ConvertStringToUnicode into 4 of %d: src %d, dst %d, %v, %v", len(want), ns, nd, hr, err)
		if nd > 4 {
			t.Errorf("ConvertStringToUnicode into 4 reports %d written", nd)
		}

		// UTF-8 to Windows-1252, which agrees with Latin-1 for these runes (a
		// published table): into a buffer of the exact size, then a short one.
		var want1252 []byte
		for _, r := range string(src) {
			want1252 = append(want1252, byte(r))
		}
		for _, size := range []int{len(want1252), 5} {
			dst := bytes.Repeat([]byte{0xA5}, size+8)
			guard = snapshot(dst[size:])
			mode = 0
			ns, nd, hr, err = ml.ConvertString(&mode, cpUTF8, cpWindows1252, src, dst[:size])
			checkGuards(t, fmt.Sprintf("ConvertString into %d", size), guard, dst[size:])
			t.Logf("ConvertString(UTF-8 -> 1252) into %d: src %d, dst %d, %v, %v", size, ns, nd, hr, err)
			if nd > uint32(size) {
				t.Errorf("ConvertString into %d reports %d written", size, nd)
				continue
			}
			if size == len(want1252) && (err != nil || ns != uint32(len(src)) || !bytes.Equal(dst[:nd], want1252)) {
				t.Errorf("ConvertString(UTF-8 -> 1252) = %d, %d, %v: % x; want % x", ns, nd, err, dst[:nd], want1252)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func slicesEqual(a, b []uint16) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// mallocSpy is an IMallocSpy in Go that keeps the task-memory blocks
// allocated and not yet freed while it is registered, with their sizes.
type mallocSpy struct {
	mu      sync.Mutex
	pending uintptr
	live    map[uintptr]uintptr
	allocs  int
}

func (s *mallocSpy) PreAlloc(cb uintptr) uintptr {
	s.mu.Lock()
	s.pending = cb
	s.mu.Unlock()
	return cb
}

func (s *mallocSpy) PostAlloc(p unsafe.Pointer) unsafe.Pointer {
	if p != nil {
		s.mu.Lock()
		s.live[uintptr(p)] = s.pending
		s.allocs++
		s.mu.Unlock()
	}
	return p
}

func (s *mallocSpy) PreFree(p unsafe.Pointer, spyed int32) unsafe.Pointer {
	s.mu.Lock()
	delete(s.live, uintptr(p))
	s.mu.Unlock()
	return p
}

func (s *mallocSpy) PostFree(int32) {}

func (s *mallocSpy) PreRealloc(p unsafe.Pointer, cb uintptr, np *unsafe.Pointer, spyed int32) uintptr {
	s.mu.Lock()
	delete(s.live, uintptr(p))
	s.pending = cb
	s.mu.Unlock()
	*np = p
	return cb
}

func (s *mallocSpy) PostRealloc(p unsafe.Pointer, spyed int32) unsafe.Pointer {
	return s.PostAlloc(p)
}

func (s *mallocSpy) PreGetSize(p unsafe.Pointer, spyed int32) unsafe.Pointer  { return p }
func (s *mallocSpy) PostGetSize(cb uintptr, spyed int32) uintptr              { return cb }
func (s *mallocSpy) PreDidAlloc(p unsafe.Pointer, spyed int32) unsafe.Pointer { return p }
func (s *mallocSpy) PostDidAlloc(p unsafe.Pointer, spyed, actual int32) int32 { return actual }
func (s *mallocSpy) PreHeapMinimize()                                         {}
func (s *mallocSpy) PostHeapMinimize()                                        {}

// TestKnownFolderIds: IKnownFolderManager::GetFolderIds from shell32, an
// array shell32 allocates. Before, the wrapper took the array as a caller's
// []*GUID: GetFolderIds(nil, &n) passed NULL for where shell32 stores the
// array's address, and shell32 crashed writing it.
func TestKnownFolderIds(t *testing.T) {
	err := WithCOM(func() error {
		m, err := CoCreate[IKnownFolderManager](&clsidKnownFolderManager, CLSCTX_INPROC_SERVER)
		if err != nil {
			t.Fatalf("CoCreateInstance(KnownFolderManager): %v", err)
		}
		defer m.Release()
		ids, hr, err := m.GetFolderIds()
		if err != nil || len(ids) == 0 {
			t.Fatalf("GetFolderIds = %d ids, %v, %v", len(ids), hr, err)
		}
		docs := -1
		for i, id := range ids {
			if id == folderIDDocuments {
				docs = i
			}
		}
		t.Logf("GetFolderIds: %d ids, FOLDERID_Documents at %d", len(ids), docs)
		if docs < 0 {
			t.Fatal("FOLDERID_Documents is not among the ids")
		}
		if csidl, _, err := m.FolderIdToCsidl(&ids[docs]); err != nil || csidl != csidlPersonal {
			t.Errorf("FolderIdToCsidl(FOLDERID_Documents) = %d, %v; want CSIDL_PERSONAL (5)", csidl, err)
		}
		// Ids copied out of shell32's array name folders shell32 knows.
		for _, i := range []int{0, 1, len(ids) / 2, len(ids) - 1, docs} {
			kf, _, err := m.GetFolder(&ids[i])
			if err != nil {
				t.Errorf("GetFolder(ids[%d] %v): %v", i, ids[i], err)
				continue
			}
			if id, _, err := kf.GetId(); err != nil || id != ids[i] {
				t.Errorf("GetFolder(ids[%d]).GetId = %v, %v; want %v", i, id, err, ids[i])
			}
			kf.Release()
		}

		// 1,000 calls under an IMallocSpy: each array shell32 allocates with
		// CoTaskMemAlloc is freed by the wrapper.
		spy := &mallocSpy{live: map[uintptr]uintptr{}}
		sp := NewIMallocSpy(spy)
		defer sp.Release()
		if hr := callHR("ole32.dll", "CoRegisterMallocSpy", uintptr(unsafe.Pointer(sp))); hr.Failed() {
			t.Fatalf("CoRegisterMallocSpy: %v", hr)
		}
		const calls = 1000
		for i := range calls {
			again, _, err := m.GetFolderIds()
			if err != nil || len(again) != len(ids) || again[docs] != folderIDDocuments {
				t.Errorf("GetFolderIds call %d: %d ids, %v", i, len(again), err)
				break
			}
		}
		revoke := callHR("ole32.dll", "CoRevokeMallocSpy")
		spy.mu.Lock()
		arrays, allocs := 0, spy.allocs
		for _, size := range spy.live {
			if size == uintptr(len(ids))*unsafe.Sizeof(GUID{}) {
				arrays++
			}
		}
		left := len(spy.live)
		spy.mu.Unlock()
		t.Logf("%d GetFolderIds calls: %d task allocations, %d not freed (%d of an id array's size); CoRevokeMallocSpy %v",
			calls, allocs, left, arrays, revoke)
		if allocs < calls || arrays != 0 {
			t.Errorf("%d GetFolderIds calls: %d task allocations seen, %d id arrays not freed", calls, allocs, arrays)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestClusterMetricsBounds: IDWriteTextLayout::GetClusterMetrics from
// dwrite. Before, the caller passed the array and max_count separately
// (metrics *DWRITE_CLUSTER_METRICS, max_count uint32): a max_count larger
// than the Go array let dwrite write past it. Now max_count is len(metrics).
//
// DWRITE_CLUSTER_METRICS ends in C bit-fields (8 bytes in C, and in Go
// since bit-fields have MSVC's layout): every element is checked, its
// bit-fields through the generated accessors.
func TestClusterMetricsBounds(t *testing.T) {
	err := WithCOM(func() error {
		var f *IDWriteFactory
		const shared = 0 // DWRITE_FACTORY_TYPE_SHARED
		if hr := callHR("dwrite.dll", "DWriteCreateFactory", shared, uintptr(unsafe.Pointer(&IID_IDWriteFactory)), uintptr(unsafe.Pointer(&f))); hr.Failed() || f == nil {
			t.Fatalf("DWriteCreateFactory: %v", hr)
		}
		defer f.Release()
		family := fontFamily(t, f)
		var format *IDWriteTextFormat
		if _, err := f.CreateTextFormat(utf16z(t, family), nil, DWRITE_FONT_WEIGHT_NORMAL, DWRITE_FONT_STYLE_NORMAL, DWRITE_FONT_STRETCH_NORMAL, 16, utf16z(t, "en-us"), &format); err != nil {
			t.Fatalf("CreateTextFormat: %v", err)
		}
		defer format.Release()
		const text = "hello world"
		var layout *IDWriteTextLayout
		if _, err := f.CreateTextLayout(utf16.Encode([]rune(text)), format, 1000, 100, &layout); err != nil {
			t.Fatalf("CreateTextLayout: %v", err)
		}
		defer layout.Release()

		// No buffer: dwrite says how many clusters. Latin letters and a
		// space are one cluster each.
		var n uint32
		hr, _ := layout.GetClusterMetrics(nil, &n)
		if hr != eNotSufficientBuffer || n != uint32(len(text)) {
			t.Fatalf("GetClusterMetrics(nil) = %v, count %d; want E_NOT_SUFFICIENT_BUFFER, %d", hr, n, len(text))
		}

		sentinel := DWRITE_CLUSTER_METRICS{Width: -1, Length: 0xBEEF}
		fill := func(k int) []DWRITE_CLUSTER_METRICS {
			s := make([]DWRITE_CLUSTER_METRICS, k+4)
			for i := range s {
				s[i] = sentinel
			}
			return s
		}
		// Exactly n, four guards after.
		back := fill(int(n))
		guard := snapshot(back[n:])
		var got uint32
		hr, err := layout.GetClusterMetrics(back[:n], &got)
		checkGuards(t, "GetClusterMetrics(n)", guard, back[n:])
		if err != nil || got != n {
			t.Fatalf("GetClusterMetrics(%d) = %v, count %d", n, hr, got)
		}
		// Element 0 is "h": its width is that of a layout of "h" alone, as
		// its metrics (DWRITE_TEXT_METRICS, no bit-fields, no buffer) give it.
		// (Hit testing would be the other path, but Wine 8's
		// HitTestTextPosition is E_NOTIMPL.)
		width := func(s string) float32 {
			var l *IDWriteTextLayout
			if _, err := f.CreateTextLayout(utf16.Encode([]rune(s)), format, 1000, 100, &l); err != nil {
				t.Fatalf("CreateTextLayout(%q): %v", s, err)
			}
			defer l.Release()
			var tm DWRITE_TEXT_METRICS
			if _, err := l.GetMetrics(&tm); err != nil {
				t.Fatalf("GetMetrics(%q): %v", s, err)
			}
			return tm.WidthIncludingTrailingWhitespace
		}
		near := func(a, b float32) bool { return a-b < 0.01 && b-a < 0.01 }
		if m0, w := back[0], width(text[:1]); m0.Width <= 0 || !near(m0.Width, w) || m0.Length != 1 {
			t.Errorf("cluster 0: width %v, length %d; a layout of %q alone: width %v", m0.Width, m0.Length, text[:1], w)
		}
		// Per-element fields: each cluster is one character, as wide as that
		// character laid out alone; the space (and only it) is whitespace, and
		// the text is left to right. (With the bit-fields ignored the Go
		// struct was 20 bytes and element 1 read C's second element from
		// the middle of the first.)
		if size := unsafe.Sizeof(DWRITE_CLUSTER_METRICS{}); size != 8 {
			t.Errorf("DWRITE_CLUSTER_METRICS is %d bytes in Go, 8 in C", size)
		}
		for i := range n {
			m, w := &back[i], width(text[i:i+1])
			if !near(m.Width, w) || m.Length != 1 {
				t.Errorf("cluster %d: width %v, length %d; %q alone: width %v", i, m.Width, m.Length, text[i:i+1], w)
			}
			if white := text[i] == ' '; (m.IsWhitespace() != 0) != white || m.IsRightToLeft() != 0 || m.IsNewline() != 0 {
				t.Errorf("cluster %d (%q): isWhitespace %d, isRightToLeft %d, isNewline %d", i, text[i:i+1], m.IsWhitespace(), m.IsRightToLeft(), m.IsNewline())
			}
		}

		// Control: the old call, max_count n for a one-element array (raw,
		// into the same backing array): dwrite writes n clusters.
		back = fill(int(n)) // room for the n it writes, whatever the Go stride
		guard = snapshot(back[1:])
		comCall4(layout.vtable().GetClusterMetrics, uintptr(unsafe.Pointer(layout)), uintptr(unsafe.Pointer(&back[0])), uintptr(n), uintptr(unsafe.Pointer(&got)))
		controlOverrun(t, "GetClusterMetrics(max_count n) into 1", guard, back[1:])

		// One too few: dwrite refuses, says how many, writes nothing past.
		back = fill(int(n) - 1)
		guard = snapshot(back[n-1:])
		got = 0
		hr, _ = layout.GetClusterMetrics(back[:n-1], &got)
		checkGuards(t, "GetClusterMetrics(n-1)", guard, back[n-1:])
		if hr != eNotSufficientBuffer || got != n {
			t.Errorf("GetClusterMetrics(%d of %d) = %v, count %d; want E_NOT_SUFFICIENT_BUFFER, %d", n-1, n, hr, got, n)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// fontFamily returns a family of dwrite's system font collection: a common
// one when there, else the first. Wine's dwrite has only the fonts of the
// prefix and the system's (this Debian has no Tahoma, fonts-wine not being
// installed); with none, a layout cannot be computed (E_FAIL).
//
// The name is read with IDWriteLocalizedStrings::GetString, a buffer sized by
// len too: exactly the length GetStringLength gives plus the NUL, guards after.
func fontFamily(t *testing.T, f *IDWriteFactory) string {
	t.Helper()
	var fonts *IDWriteFontCollection
	if _, err := f.GetSystemFontCollection(&fonts, 0); err != nil {
		t.Fatalf("GetSystemFontCollection: %v", err)
	}
	defer fonts.Release()
	count := fonts.GetFontFamilyCount()
	if count == 0 {
		t.Fatal("dwrite's system font collection is empty: no font for a text layout (install fonts-dejavu-core or fonts-wine)")
	}
	index := uint32(0)
	for _, name := range []string{"Tahoma", "DejaVu Sans", "Liberation Sans", "Arial"} {
		var i uint32
		var exists int32
		if _, err := fonts.FindFamilyName(utf16z(t, name), &i, &exists); err == nil && exists != 0 {
			index = i
			break
		}
	}
	var fam *IDWriteFontFamily
	if _, err := fonts.GetFontFamily(index, &fam); err != nil {
		t.Fatalf("GetFontFamily(%d): %v", index, err)
	}
	defer fam.Release()
	var names *IDWriteLocalizedStrings
	if _, err := fam.GetFamilyNames(&names); err != nil {
		t.Fatalf("GetFamilyNames: %v", err)
	}
	defer names.Release()
	var n uint32
	if _, err := names.GetStringLength(0, &n); err != nil || n == 0 {
		t.Fatalf("GetStringLength: %d, %v", n, err)
	}
	buf := make([]uint16, n+1+4)
	for i := range buf {
		buf[i] = guardUTF16
	}
	guard := snapshot(buf[n+1:])
	if _, err := names.GetString(0, buf[:n+1]); err != nil || buf[n] != 0 {
		t.Fatalf("GetString into %d: %v", n+1, err)
	}
	checkGuards(t, "IDWriteLocalizedStrings.GetString", guard, buf[n+1:])
	name := syscall.UTF16ToString(buf[:n])
	// One short: no room for the NUL, refused, nothing past the slice.
	guard = snapshot(buf[n:])
	if hr, _ := names.GetString(0, buf[:n]); hr.Succeeded() {
		t.Errorf("GetString into %d for %d characters and the NUL = %v", n, n, hr)
	}
	checkGuards(t, "IDWriteLocalizedStrings.GetString (short)", guard, buf[n:])
	t.Logf("dwrite: %d font families; text in %q (family %d)", count, name, index)
	return name
}
