package gen_test

import (
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/comgen/comgen/gen"
)

// census counts, over generated packages, what the generator could not do
// and says so in the generated code: methods without a Go wrapper (by the
// reason their comment gives), wrappers that refuse a target, and server
// vtable slots that answer E_NOTIMPL on every target or on one. It reads
// the generated text, as a user would see it.
type census struct {
	noWrapper     map[string]int // reason -> methods
	refusals      map[string]int // "target: reason" -> wrappers
	notImpl       int            // slots answering E_NOTIMPL on every target
	notImplReason map[string]int // reason -> such methods
	notImpl386    int            // slots answering E_NOTIMPL on 386 only
	notImplARM64  int            // on arm64 only
}

func newCensus() *census {
	return &census{noWrapper: map[string]int{}, refusals: map[string]int{}, notImplReason: map[string]int{}}
}

var (
	censusParam = regexp.MustCompile(`parameter \w+ `)
	// Slots with a callback per target (fn, fn386, fnARM64): those where
	// one target answers E_NOTIMPL.
	censusPerTarget = regexp.MustCompile(`(?:floatSlot\(\d+|archCallback\((\w+)), \w+, (\w+), (\w+)\)`)
	censusNoWrapper = regexp.MustCompile(`has no Go wrapper: ([^.]*)`)
	censusRefusal   = regexp.MustCompile(`// On (\w+) it (?:returns E_NOTIMPL|panics) without calling: ([^.]*)`)
	// The Impl's doc comment: "These methods cannot be implemented in Go
	// and answer E_NOTIMPL: M (reason); N (reason)."
	censusSkipped = regexp.MustCompile(`(?m)^// These methods cannot be implemented in Go and answer E_NOTIMPL: (.*)$`)
	censusSkip    = regexp.MustCompile(`\w+ \(([^()]*(?:\([^()]*\)[^()]*)*)\)`)
)

// add counts the files of one generated package.
func (c *census) add(files []gen.File) {
	for _, f := range files {
		src := string(f.Src)
		c.notImpl += strings.Count(src, "NewCallback(serveNotImpl")
		for _, m := range censusPerTarget.FindAllStringSubmatch(src, -1) {
			if strings.HasPrefix(m[2], "serveNotImpl") {
				c.notImpl386++
			}
			if strings.HasPrefix(m[3], "serveNotImpl") {
				c.notImplARM64++
			}
		}
		for _, m := range censusRefusal.FindAllStringSubmatch(src, -1) {
			c.refusals[m[1]+": "+censusParam.ReplaceAllString(m[2], "a parameter ")]++
		}
		for _, m := range censusNoWrapper.FindAllStringSubmatch(src, -1) {
			c.noWrapper[censusParam.ReplaceAllString(m[1], "a parameter ")]++
		}
		for _, m := range censusSkipped.FindAllStringSubmatch(src, -1) {
			for _, s := range censusSkip.FindAllStringSubmatch(m[1], -1) {
				c.notImplReason[censusParam.ReplaceAllString(s[1], "a parameter ")]++
			}
		}
	}
}

// total sums the counts of m.
func total(m map[string]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}

// table lists the counts of m, largest first.
func table(m map[string]int) string {
	var rows []string
	for r, n := range m {
		rows = append(rows, fmt.Sprintf("%5d  %s", n, r))
	}
	sort.Sort(sort.Reverse(sort.StringSlice(rows)))
	return strings.Join(rows, "\n")
}
