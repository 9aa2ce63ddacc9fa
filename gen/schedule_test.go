package gen

import (
	"runtime"
	"slices"
	"sync"
	"testing"
	"time"
)

// TestWorkers: every task runs, each second task after its first; while a
// first task waits, no second task starts; at most the limit run at once;
// and once the renderings are done and built was called, the workers are
// gone.
func TestWorkers(t *testing.T) {
	before := runtime.NumGoroutine()
	w := newWorkers()
	var (
		mu      sync.Mutex
		order   []string
		running int
		most    int
	)
	step := func(s string) {
		mu.Lock()
		running++
		most = max(most, running)
		order = append(order, s)
		mu.Unlock()
		time.Sleep(time.Millisecond)
		mu.Lock()
		running--
		mu.Unlock()
	}
	const n = 20
	start := make(chan struct{})
	for i := range n {
		w.add(func(print func(func())) {
			<-start // until every task is queued
			step("first")
			if i%3 != 0 {
				print(func() { step("then") })
			}
		})
	}
	close(start)
	w.built()
	deadline := time.Now().Add(10 * time.Second)
	for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	if g := runtime.NumGoroutine(); g > before {
		t.Errorf("%d goroutines left, %d before", g, before)
	}
	mu.Lock()
	defer mu.Unlock()
	firsts := slices.Index(order, "then")
	if got := len(order); got != n+n-(n+2)/3 {
		t.Errorf("%d tasks ran: %v", got, order)
	}
	// Every first task was queued before any second one, and went first.
	if firsts != n {
		t.Errorf("a second task before the first tasks were done: %v", order)
	}
	if p := runtime.GOMAXPROCS(0); most > p {
		t.Errorf("%d tasks at once, GOMAXPROCS %d", most, p)
	}
}

// TestWorkersLeaveTheCheckAProcessor: while the files are checked, the
// renderings run on at most GOMAXPROCS-1 processors, and close, which ends
// generate, does not give the check's processor back.
func TestWorkersLeaveTheCheckAProcessor(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(4))
	w := newWorkers()
	var (
		mu            sync.Mutex
		running, most int
		wg            sync.WaitGroup
	)
	start := make(chan struct{})
	for range 12 {
		wg.Add(1)
		w.add(func(print func(func())) {
			<-start
			print(func() {
				defer wg.Done()
				mu.Lock()
				running++
				most = max(most, running)
				mu.Unlock()
				time.Sleep(2 * time.Millisecond)
				mu.Lock()
				running--
				mu.Unlock()
			})
		})
	}
	w.built()
	w.checking()
	w.close()
	close(start)
	wg.Wait()
	if most > 3 {
		t.Errorf("%d printings at once while checking, GOMAXPROCS 4", most)
	}
}
