//go:build windows

package objidl

import (
	"bytes"
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
