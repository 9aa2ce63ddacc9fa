package gen

import (
	"runtime"
	"sync"
)

// workers runs generate's renderings (see rendering) on the processors that
// the goroutines on the way to the result leave free. Those are, one after
// the other, the goroutine that builds the files (the generator is not safe
// for concurrent use) and the type check (go/types checks a package on one
// goroutine, and needs every file's syntax tree): a goroutine per file, as
// before, took processor time from both, and printed the first files while
// the trees of the last, which the check waits for, were still to come.
// So the renderings run on at most GOMAXPROCS-1 goroutines while the files
// are built or checked, on all once the files are built, and a file's
// rendering and parsing go before any printing.
type workers struct {
	mu     sync.Mutex
	cond   sync.Cond
	first  []func() // rendering and parsing
	then   []func() // printing
	limit  int      // how many tasks may run at once
	active int
	left   int  // renderings not yet done
	closed bool // no rendering is added any more
}

// newWorkers starts the workers for the renderings of one package, while
// its files are built.
func newWorkers() *workers {
	n := runtime.GOMAXPROCS(0)
	w := &workers{limit: max(1, n-1)}
	w.cond.L = &w.mu
	for range n {
		go w.work()
	}
	return w
}

func (w *workers) work() {
	w.mu.Lock()
	defer w.mu.Unlock()
	for {
		var f func()
		switch {
		case w.closed && w.left == 0:
			return
		case w.active >= w.limit:
		case len(w.first) > 0:
			f, w.first = w.first[0], w.first[1:]
		case len(w.then) > 0:
			f, w.then = w.then[0], w.then[1:]
		}
		if f == nil {
			w.cond.Wait()
			continue
		}
		w.active++
		w.mu.Unlock()
		f()
		w.mu.Lock()
		w.active--
		w.cond.Broadcast()
	}
}

// add queues a rendering's first task: it calls print with the second
// (nil when there is none), and the rendering is done when that ends.
func (w *workers) add(task func(print func(func()))) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.left++
	w.first = append(w.first, func() {
		var second func()
		task(func(f func()) { second = f })
		w.mu.Lock()
		defer w.mu.Unlock()
		if second == nil {
			w.left--
			return
		}
		w.then = append(w.then, func() {
			second()
			w.mu.Lock()
			w.left--
			w.mu.Unlock()
		})
	})
	w.cond.Broadcast()
}

// built says every rendering has been added and the building goroutine
// waits: the renderings may use every processor.
func (w *workers) built() { w.set(runtime.GOMAXPROCS(0)) }

// checking says a goroutine checks the files meanwhile: the printing leaves
// it a processor.
func (w *workers) checking() { w.set(max(1, runtime.GOMAXPROCS(0)-1)) }

// set sets the limit, and says no rendering is added any more.
func (w *workers) set(limit int) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.limit, w.closed = limit, true
	w.cond.Broadcast()
}

// close says no rendering is added any more (however generate ends: the
// workers stop once the renderings added are done).
func (w *workers) close() {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.closed = true
	w.cond.Broadcast()
}
