//go:build windows

package msxml3

import (
	"sync/atomic"
	"testing"
)

// TestDocumentEvents connects an XMLDOMDocumentEventsSink to msxml3's
// DOMDocument through AdviseXMLDOMDocumentEvents: msxml3's own
// IConnectionPointContainer finds the connection point of the [source]
// dispinterface and takes the Go sink. Loading a document is where msxml3
// would fire onreadystatechange; Unadvise gives the sink back, and no Go
// COM object is left alive.
func TestDocumentEvents(t *testing.T) {
	before := LiveServerObjects()
	err := WithCOM(func() error {
		doc, err := NewDOMDocument30()
		if err != nil {
			return err
		}
		defer doc.Release()
		var changes atomic.Int32
		sink := &XMLDOMDocumentEventsSink{Onreadystatechange: func() { changes.Add(1) }}
		conn, err := AdviseXMLDOMDocumentEvents(doc, sink)
		if err != nil {
			return err
		}
		if conn.Cookie() == 0 {
			t.Errorf("Advise gave cookie 0")
		}
		if LiveServerObjects() != before+1 {
			t.Errorf("%d Go COM objects alive while connected, want %d (the sink)", LiveServerObjects(), before+1)
		}
		if ok, _, err := doc.LoadXML("<a><b/></a>"); err != nil || !ok {
			t.Errorf("loadXML = %v, %v", ok, err)
		}
		t.Logf("onreadystatechange fired %d times", changes.Load())
		if err := conn.Unadvise(); err != nil {
			t.Errorf("Unadvise: %v", err)
		}
		if err := conn.Unadvise(); err != nil {
			t.Errorf("a second Unadvise: %v", err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n := LiveServerObjects(); n != before {
		t.Errorf("%d Go COM objects alive after Unadvise, want %d", n, before)
	}
}
