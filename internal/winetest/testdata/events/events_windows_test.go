//go:build windows

package events

import (
	"fmt"
	"sync"
	"syscall"
	"testing"
)

// The connection-point HRESULTs (olectl.h's values).
const (
	connectNoConnection  HRESULT = 0x80040200 // connectNoConnection
	connectCannotConnect HRESULT = 0x80040202 // connectCannotConnect
)

// ticker is a Go event source: a connection point container with one
// connection point, for DTickerEvents, whose sinks it keeps as the typed
// dispinterface and fires through the generated dispatch methods.
type ticker struct {
	mu    sync.Mutex
	sinks map[uint32]*DTickerEvents
	next  uint32
	cp    *IConnectionPoint
}

func (s *ticker) EnumConnectionPoints(pp **IEnumConnectionPoints) HRESULT { return E_NOTIMPL }

func (s *ticker) FindConnectionPoint(riid *GUID, pp **IConnectionPoint) HRESULT {
	if *riid != IID_DTickerEvents {
		return connectNoConnection
	}
	s.cp.AddRef()
	*pp = s.cp
	return S_OK
}

func (s *ticker) GetConnectionInterface(iid *GUID) HRESULT {
	*iid = IID_DTickerEvents
	return S_OK
}

func (s *ticker) GetConnectionPointContainer(pp **IConnectionPointContainer) HRESULT {
	return E_NOTIMPL
}

func (s *ticker) Advise(sink *IUnknown, cookie *uint32) HRESULT {
	d, err := As[DTickerEvents](sink)
	if err != nil {
		return connectCannotConnect
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.next++
	s.sinks[s.next] = d
	*cookie = s.next
	return S_OK
}

func (s *ticker) Unadvise(cookie uint32) HRESULT {
	s.mu.Lock()
	d := s.sinks[cookie]
	delete(s.sinks, cookie)
	s.mu.Unlock()
	if d == nil {
		return connectNoConnection
	}
	d.Release()
	return S_OK
}

func (s *ticker) EnumConnections(pp **IEnumConnections) HRESULT { return E_NOTIMPL }

// fire calls every connected sink.
func (s *ticker) fire(n int32) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, d := range s.sinks {
		if err := d.Tick(n, fmt.Sprintf("tick %d", n), n == 3); err != nil {
			return err
		}
	}
	return nil
}

var procGetCurrentThreadId = syscall.NewLazyDLL("kernel32.dll").NewProc("GetCurrentThreadId")

func threadID() uintptr {
	id, _, _ := procGetCurrentThreadId.Call()
	return id
}

// TestGoEventSource connects a generated DTickerEventsSink to a Go event
// source through the real connection-point calls (AdviseDTickerEvents
// asks the source's COM object for IConnectionPointContainer, finds the
// connection point, Advises), fires the events from another OS thread
// through the typed DTickerEvents methods (IDispatch::Invoke into the
// sink, which dispatches by DISPID to the typed callbacks), and
// disconnects: afterwards the source fires to nobody and every Go COM
// object is released.
func TestGoEventSource(t *testing.T) {
	before := LiveServerObjects()
	err := WithCOM(func() error {
		src := &ticker{sinks: map[uint32]*DTickerEvents{}}
		src.cp = NewIConnectionPoint(src)
		container := NewIConnectionPointContainer(src)
		defer container.Release()
		defer src.cp.Release()

		type tick struct {
			n      int32
			label  string
			last   bool
			thread uintptr
		}
		var mu sync.Mutex
		var got []tick
		sink := &DTickerEventsSink{Tick: func(n int32, label string, last bool) {
			mu.Lock()
			defer mu.Unlock()
			got = append(got, tick{n, label, last, threadID()})
		}}
		conn, err := AdviseDTickerEvents(container, sink)
		if err != nil {
			return err
		}
		self := threadID()
		errc := make(chan error, 1)
		var firer uintptr
		go func() {
			errc <- WithCOM(func() error {
				firer = threadID()
				for n := int32(1); n <= 3; n++ {
					if err := src.fire(n); err != nil {
						return err
					}
				}
				return nil
			})
		}()
		if err := <-errc; err != nil {
			return err
		}
		if firer == self {
			t.Errorf("the events were fired on the thread that connected the sink")
		}
		mu.Lock()
		if len(got) != 3 {
			t.Errorf("the sink got %d events, want 3: %+v", len(got), got)
		}
		for i, e := range got {
			want := tick{int32(i + 1), fmt.Sprintf("tick %d", i+1), i == 2, firer}
			if e != want {
				t.Errorf("event %d = %+v, want %+v", i, e, want)
			}
		}
		mu.Unlock()
		if err := conn.Unadvise(); err != nil {
			t.Errorf("Unadvise: %v", err)
		}
		if err := src.fire(4); err != nil {
			return err
		}
		if len(got) != 3 {
			t.Errorf("an event reached the sink after Unadvise")
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n := LiveServerObjects(); n != before {
		t.Errorf("%d Go COM objects alive at the end, want %d", n, before)
	}
}
