//go:build windows

package buffers

// Buffers a callee writes, against real DLLs under Wine (oleaut32, mlang): each count that bounds a Go buffer is the slice's length
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
	"syscall"
	"testing"
	"unicode/utf16"
	"unsafe"
)

// Published identifiers and values (facts, written here from their
// documentation; the package does not declare coclasses of imported files).
var (
	clsidCMultiLanguage = GUID{0x275C23E2, 0x3747, 0x11D0, [8]byte{0x9F, 0xEA, 0x00, 0xAA, 0x00, 0x3F, 0x86, 0x46}}
)

const (
	memberIDNil   = -1         // MEMBERID_NIL: FindName's member ID for a type's own name
	langEnglishUS = 0x0409     // LANGID/LCID of en-US
	cpUTF8        = 65001      // CP_UTF8
	cpWindows1252 = 1252       // Windows Latin 1
	guardWord     = 0x5EED5EED // a value no callee writes by chance
	guardUTF16    = uint16(0xA5A5)
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
	p, err := CoCreateInstance(&clsidCMultiLanguage, nil, CLSCTX_INPROC_SERVER, &IID_IMultiLanguage2)
	if err != nil {
		t.Fatalf("CoCreateInstance(CMultiLanguage): %v", err)
	}
	return (*IMultiLanguage2)(p)
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
