// Command fmtfloor is the formatting floor of comgen's speed: a program that
// does only what jennifer's Render and the writes of a comgen run cannot
// avoid. It reads the files comgen wrote into a directory, formats every Go
// file with go/format.Source (as jennifer's Render does with the source it
// builds), on GOMAXPROCS goroutines as comgen renders its files, and writes
// the results, the same bytes, into another directory. Other files (the
// assembly stubs) are written as they are.
//
//	go build -o /tmp/fmtfloor ./internal/fmtfloor
//	/tmp/fmtfloor -o /tmp/floor-out /tmp/comgen-out
//
// .ci/bench-floor times it against comgen, process against process.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"go/format"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
)

func main() {
	out := flag.String("o", "", "output `dir` (created)")
	flag.Parse()
	if *out == "" || flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: fmtfloor -o outdir dir")
		os.Exit(2)
	}
	if err := floor(flag.Arg(0), *out); err != nil {
		fmt.Fprintln(os.Stderr, "fmtfloor:", err)
		os.Exit(1)
	}
}

// floor formats and writes the files of dir into out.
func floor(dir, out string) error {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	var names []string
	for _, e := range ents {
		if e.Type().IsRegular() && (strings.HasSuffix(e.Name(), ".go") || strings.HasSuffix(e.Name(), ".s")) {
			names = append(names, e.Name())
		}
	}
	var (
		wg   sync.WaitGroup
		mu   sync.Mutex
		errs []error
		next = make(chan string)
	)
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for name := range next {
				if err := one(filepath.Join(dir, name), filepath.Join(out, name)); err != nil {
					mu.Lock()
					errs = append(errs, err)
					mu.Unlock()
				}
			}
		}()
	}
	for _, n := range names {
		next <- n
	}
	close(next)
	wg.Wait()
	if len(errs) > 0 {
		return errs[0]
	}
	return nil
}

// one formats the file at src, when it is Go, and writes it to dst; the
// bytes must come out as they went in (comgen's files are formatted).
func one(src, dst string) error {
	b, err := os.ReadFile(src)
	if err != nil {
		return err
	}
	res := b
	if strings.HasSuffix(src, ".go") {
		if res, err = format.Source(b); err != nil {
			return fmt.Errorf("%s: %v", src, err)
		}
		if !bytes.Equal(res, b) {
			return fmt.Errorf("%s: not gofmt-formatted (not a file comgen wrote?)", src)
		}
	}
	return os.WriteFile(dst, res, 0o644)
}
