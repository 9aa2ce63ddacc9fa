//go:build windows

package objidl

import (
	"bytes"
	"errors"
	"io/fs"
	"syscall"
	"testing"
	"unsafe"
)

// statflagNoName is wtypes.idl's STATFLAG_NONAME (objidl's package does not
// declare that enum: no method refers to it by type).
const statflagNoName = 1

// newStream returns ole32's memory stream (CreateStreamOnHGlobal): a real
// IStream nobody here wrote.
func newStream(t *testing.T) *IStream {
	t.Helper()
	proc := syscall.NewLazyDLL("ole32.dll").NewProc("CreateStreamOnHGlobal")
	var s *IStream
	r, _, _ := proc.Call(0, 1, uintptr(unsafe.Pointer(&s)))
	if hr := HRESULT(uint32(r)); hr.Failed() || s == nil {
		t.Fatalf("CreateStreamOnHGlobal: %v", hr)
	}
	return s
}

// TestIStreamStructsByValue calls the IStream methods that take LARGE_INTEGER
// and ULARGE_INTEGER by value, and Read/Write, whose sizes come from their
// [call_as] twins, through the generated wrappers.
func TestIStreamStructsByValue(t *testing.T) {
	err := WithCOM(func() error {
		s := newStream(t)
		defer s.Release()
		data := make([]byte, 100)
		for i := range data {
			data[i] = byte(i)
		}
		if n, _, err := s.Write(data); err != nil || n != 100 {
			t.Fatalf("Write = %d, %v", n, err)
		}
		// Seek: a signed 64-bit move by value, the new position back. (Memory
		// streams keep 32-bit positions: Wine's ignores a move's high half, so
		// moves past 4 GiB are not tried.)
		for _, c := range []struct {
			move   int64
			origin STREAM_SEEK
			want   uint64
		}{{10, STREAM_SEEK_SET, 10}, {5, STREAM_SEEK_CUR, 15}, {-5, STREAM_SEEK_END, 95}, {-88, STREAM_SEEK_CUR, 7}} {
			pos, _, err := s.Seek(LARGE_INTEGER{QuadPart: c.move}, uint32(c.origin))
			if err != nil || pos.QuadPart != c.want {
				t.Errorf("Seek(%d, %v) = %d, %v; want %d", c.move, c.origin, pos.QuadPart, err, c.want)
			}
		}
		if _, _, err := s.Seek(LARGE_INTEGER{QuadPart: -100}, uint32(STREAM_SEEK_CUR)); err == nil {
			t.Error("Seek before the start succeeded")
		}
		buf := make([]byte, 4)
		if n, _, err := s.Read(buf); err != nil || n != 4 || !bytes.Equal(buf, []byte{7, 8, 9, 10}) {
			t.Errorf("Read at 7 = %d %v, %v", n, buf, err)
		}
		// SetSize: an unsigned 64-bit size by value, read back with Stat.
		if _, err := s.SetSize(ULARGE_INTEGER{QuadPart: 200}); err != nil {
			t.Fatal(err)
		}
		st, _, err := s.Stat(statflagNoName)
		if err != nil || st.CbSize.QuadPart != 200 {
			t.Errorf("Stat after SetSize(200): size %d, %v", st.CbSize.QuadPart, err)
		}
		// CopyTo: a size by value, two sizes back.
		dst := newStream(t)
		defer dst.Release()
		s.Seek(LARGE_INTEGER{QuadPart: 20}, uint32(STREAM_SEEK_SET))
		read, written, _, err := s.CopyTo(dst, ULARGE_INTEGER{QuadPart: 30})
		if err != nil || read.QuadPart != 30 || written.QuadPart != 30 {
			t.Errorf("CopyTo(30) = %d, %d, %v", read.QuadPart, written.QuadPart, err)
		}
		dst.Seek(LARGE_INTEGER{}, uint32(STREAM_SEEK_SET))
		got := make([]byte, 30)
		if n, _, err := dst.Read(got); err != nil || n != 30 || !bytes.Equal(got, data[20:50]) {
			t.Errorf("copied bytes: %d %v, %v", n, got, err)
		}
		// LockRegion: two ULARGE_INTEGERs and a DWORD by value. A memory
		// stream does not lock: it answers STG_E_INVALIDFUNCTION, which
		// proves the call reached the slot with its arguments in place.
		if hr, _ := s.LockRegion(ULARGE_INTEGER{QuadPart: 0}, ULARGE_INTEGER{QuadPart: 10}, uint32(LOCK_WRITE)); hr != S_OK && uint32(hr) != 0x80030001 {
			t.Errorf("LockRegion = %v, want S_OK or STG_E_INVALIDFUNCTION", hr)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// memLockBytes is an ILockBytes in Go over a byte slice, recording the
// offsets and sizes ole32's storage code hands it by value.
type memLockBytes struct {
	data    []byte
	offsets []uint64
	sizes   []uint64
}

func (m *memLockBytes) ReadAt(off ULARGE_INTEGER, pv []byte, n *uint32) HRESULT {
	m.offsets = append(m.offsets, off.QuadPart)
	c := 0
	if off.QuadPart < uint64(len(m.data)) {
		c = copy(pv, m.data[off.QuadPart:])
	}
	if n != nil {
		*n = uint32(c)
	}
	return S_OK
}

func (m *memLockBytes) WriteAt(off ULARGE_INTEGER, pv []byte, n *uint32) HRESULT {
	m.offsets = append(m.offsets, off.QuadPart)
	if off.QuadPart > 1<<30 {
		return E_FAIL // an offset that big means it arrived wrong
	}
	if end := off.QuadPart + uint64(len(pv)); end > uint64(len(m.data)) {
		m.data = append(m.data, make([]byte, end-uint64(len(m.data)))...)
	}
	copy(m.data[off.QuadPart:], pv)
	if n != nil {
		*n = uint32(len(pv))
	}
	return S_OK
}

func (m *memLockBytes) Flush() HRESULT { return S_OK }

func (m *memLockBytes) SetSize(cb ULARGE_INTEGER) HRESULT {
	m.sizes = append(m.sizes, cb.QuadPart)
	if cb.QuadPart > 1<<30 {
		return E_FAIL
	}
	if cb.QuadPart <= uint64(len(m.data)) {
		m.data = m.data[:cb.QuadPart]
	} else {
		m.data = append(m.data, make([]byte, cb.QuadPart-uint64(len(m.data)))...)
	}
	return S_OK
}

func (m *memLockBytes) LockRegion(off, cb ULARGE_INTEGER, lockType uint32) HRESULT   { return S_OK }
func (m *memLockBytes) UnlockRegion(off, cb ULARGE_INTEGER, lockType uint32) HRESULT { return S_OK }

func (m *memLockBytes) Stat(st *STATSTG, flag uint32) HRESULT {
	*st = STATSTG{Type: uint32(STGTY_LOCKBYTES), CbSize: ULARGE_INTEGER{QuadPart: uint64(len(m.data))}}
	return S_OK
}

// TestLockBytesCalledByStorage has ole32's structured storage (C code) write
// a compound file into a Go ILockBytes and read it back: ReadAt, WriteAt and
// SetSize receive their ULARGE_INTEGER offsets and sizes by value through the
// generated callbacks.
func TestLockBytesCalledByStorage(t *testing.T) {
	const (
		stgmRead          = 0x0
		stgmReadWrite     = 0x2
		stgmShareExcl     = 0x10
		stgmCreate        = 0x1000
		compoundSignature = "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
	)
	ole32 := syscall.NewLazyDLL("ole32.dll")
	payload := make([]byte, 5000)
	for i := range payload {
		payload[i] = byte(i * 7)
	}
	err := WithCOM(func() error {
		m := &memLockBytes{}
		lb := NewILockBytes(m)
		defer lb.Release()
		var stg *IStorage
		r, _, _ := ole32.NewProc("StgCreateDocfileOnILockBytes").Call(uintptr(unsafe.Pointer(lb)), stgmCreate|stgmReadWrite|stgmShareExcl, 0, uintptr(unsafe.Pointer(&stg)))
		if hr := HRESULT(uint32(r)); hr.Failed() {
			t.Fatalf("StgCreateDocfileOnILockBytes: %v", hr)
		}
		s, _, err := stg.CreateStream("data", stgmCreate|stgmReadWrite|stgmShareExcl, 0, 0)
		if err != nil {
			t.Fatalf("CreateStream: %v", err)
		}
		if n, _, err := s.Write(payload); err != nil || n != uint32(len(payload)) {
			t.Fatalf("Write = %d, %v", n, err)
		}
		s.Release()
		if _, err := stg.Commit(0); err != nil {
			t.Fatalf("Commit: %v", err)
		}
		stg.Release()
		if len(m.data) < 512 || string(m.data[:8]) != compoundSignature {
			t.Fatalf("the Go ILockBytes holds %d bytes without the compound file signature", len(m.data))
		}
		for _, o := range m.offsets {
			if o > uint64(len(m.data)) {
				t.Errorf("offset %d is past the %d bytes written: it arrived wrong", o, len(m.data))
			}
		}
		t.Logf("storage wrote %d bytes in %d calls; sizes set: %v", len(m.data), len(m.offsets), m.sizes)

		var again *IStorage
		r, _, _ = ole32.NewProc("StgOpenStorageOnILockBytes").Call(uintptr(unsafe.Pointer(lb)), 0, stgmRead|stgmShareExcl, 0, 0, uintptr(unsafe.Pointer(&again)))
		if hr := HRESULT(uint32(r)); hr.Failed() {
			t.Fatalf("StgOpenStorageOnILockBytes: %v", hr)
		}
		defer again.Release()
		rs, _, err := again.OpenStream("data", nil, stgmRead|stgmShareExcl, 0)
		if err != nil {
			t.Fatalf("OpenStream: %v", err)
		}
		defer rs.Release()
		got := make([]byte, len(payload)+10)
		if n, _, err := rs.Read(got); err != nil || n != uint32(len(payload)) || !bytes.Equal(got[:n], payload) {
			t.Errorf("read back %d bytes, %v; equal: %v", n, err, bytes.Equal(got[:n], payload))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n := LiveServerObjects(); n != 0 {
		t.Errorf("LiveServerObjects = %d after the storage released the Go ILockBytes", n)
	}
}

// TestWin32HRESULTs checks the HRESULT <-> Win32 error mapping on an HRESULT
// that Wine's own code makes: shlwapi's SHCreateStreamOnFileW answers a file
// that does not exist with HRESULT_FROM_WIN32 of the Win32 error.
func TestWin32HRESULTs(t *testing.T) {
	name, err := syscall.UTF16PtrFromString(`C:\no\such\dir\file.bin`)
	if err != nil {
		t.Fatal(err)
	}
	var s *IStream
	r, _, _ := syscall.NewLazyDLL("shlwapi.dll").NewProc("SHCreateStreamOnFileW").Call(uintptr(unsafe.Pointer(name)), 0, uintptr(unsafe.Pointer(&s)))
	hr := HRESULT(uint32(r))
	if s != nil {
		s.Release()
	}
	if !hr.Failed() || hr.Facility() != 7 {
		t.Fatalf("SHCreateStreamOnFileW on a missing file = %v, want a FACILITY_WIN32 failure", hr)
	}
	var errno syscall.Errno
	if !errors.As(hr, &errno) || (errno != syscall.ERROR_PATH_NOT_FOUND && errno != syscall.ERROR_FILE_NOT_FOUND) {
		t.Errorf("%v unwraps to %v, want ERROR_PATH_NOT_FOUND or ERROR_FILE_NOT_FOUND", hr, errno)
	}
	if !errors.Is(hr, fs.ErrNotExist) {
		t.Errorf("errors.Is(%v, fs.ErrNotExist) is false", hr)
	}
	if back := HRESULTFromWin32(errno); back != hr {
		t.Errorf("HRESULTFromWin32(%v) = %v, want %v", errno, back, hr)
	}
	// Codes of other facilities, successes and S_OK unwrap to nothing.
	for _, other := range []HRESULT{E_NOTIMPL, S_FALSE, S_OK} {
		if errors.Unwrap(other) != nil {
			t.Errorf("%v unwraps to %v", other, errors.Unwrap(other))
		}
	}
	notImpl := E_NOTIMPL
	if HRESULTFromWin32(0) != S_OK || HRESULTFromWin32(syscall.Errno(uint32(notImpl))) != E_NOTIMPL {
		t.Error("HRESULTFromWin32 changes 0 or a value that is already an HRESULT")
	}
}

// growingStream is a Go IStream whose Write grows its goroutine's stack
// first: ole32's CopyTo calls it while the generated wrapper's call is in
// progress on that goroutine, and writes the two sizes back afterwards.
type growingStream struct {
	IStreamImpl // not called
	got         []byte
}

func (g *growingStream) Write(pv []byte, written *uint32) HRESULT {
	if deep(3000) != 3000*3001/2 {
		return E_FAIL
	}
	g.got = append(g.got, pv...)
	if written != nil {
		*written = uint32(len(pv))
	}
	return S_OK
}

// deep returns n(n+1)/2 through n frames that each take some stack.
//
//go:noinline
func deep(n int) int {
	var buf [128]byte
	buf[n%len(buf)] = 1
	if n == 0 {
		return 0
	}
	return n + deep(n-1) + int(buf[n%len(buf)]) - 1
}

// TestCopyToGoStreamAcrossStackGrowth: the memory the wrapper passes for
// CopyTo's [out] sizes must stay where it is while ole32 calls into Go, whose
// stack moves when it grows (on a new goroutine it must).
func TestCopyToGoStreamAcrossStackGrowth(t *testing.T) {
	err := WithCOM(func() error {
		src := newStream(t)
		defer src.Release()
		data := bytes.Repeat([]byte("0123456789"), 10)
		if _, _, err := src.Write(data); err != nil {
			t.Fatal(err)
		}
		g := &growingStream{}
		dst := NewIStream(g)
		defer dst.Release()
		for i := 0; i < 3; i++ {
			if _, _, err := src.Seek(LARGE_INTEGER{}, uint32(STREAM_SEEK_SET)); err != nil {
				t.Fatal(err)
			}
			done := make(chan [2]uint64)
			go func() { // a new goroutine, with a small stack
				read, written, _, err := src.CopyTo(dst, ULARGE_INTEGER{QuadPart: 30})
				if err != nil {
					t.Error(err)
				}
				done <- [2]uint64{read.QuadPart, written.QuadPart}
			}()
			if got := <-done; got != [2]uint64{30, 30} {
				t.Errorf("CopyTo(30) = read %d, written %d; want 30, 30", got[0], got[1])
			}
		}
		if string(g.got) != string(data[:30])+string(data[:30])+string(data[:30]) {
			t.Errorf("the Go stream got %q", g.got)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
