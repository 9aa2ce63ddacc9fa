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
	// sized lists, by where the size comes from (a SAL annotation, one of
	// comgen's shape rules), the methods whose buffer sizes the IDL's
	// size_is does not give: "Iface::Method (param)", each once.
	sized map[string]map[string]bool
}

func newCensus() *census {
	return &census{noWrapper: map[string]int{}, refusals: map[string]int{}, notImplReason: map[string]int{},
		sized: map[string]map[string]bool{}}
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
	// A wrapper's documentation: "M calls I::M, vtable slot n." then a
	// "Buffer size: <how>, from <source>." line per buffer the IDL does not size.
	censusCalls = regexp.MustCompile(`(?m)^// \w+ calls (\w+::\w+), vtable slot \d+\.\n((?:// Buffer size: .*\n)+)`)
	censusSized = regexp.MustCompile(`(?m)^// Buffer size: (?:the callee is told len\((\w+)\)|(\w+) is (?:an array|sized by))[^,\n]*(?:, [^f\n][^,\n]*)*(?:, from (.*)\.|: the wrapper passes (exactly one element)\.)$`)
	censusSAL   = regexp.MustCompile(`the SAL annotation (_\w+?)_\(.*`)
)

// sizedMethods lists the census's sized methods, by source.
func (c *census) sizedMethods() string {
	var rows []string
	for src, ms := range c.sized {
		list := make([]string, 0, len(ms))
		for m := range ms {
			list = append(list, m)
		}
		sort.Strings(list)
		rows = append(rows, fmt.Sprintf("%5d  %s: %s", len(list), src, strings.Join(list, ", ")))
	}
	sort.Sort(sort.Reverse(sort.StringSlice(rows)))
	return strings.Join(rows, "\n")
}

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
		for _, m := range censusCalls.FindAllStringSubmatch(src, -1) {
			for _, b := range censusSized.FindAllStringSubmatch(m[2], -1) {
				src := censusSAL.ReplaceAllString(b[3], "the SAL annotation $1")
				if b[4] != "" {
					src = "a count Go cannot set: " + b[4]
				}
				if c.sized[src] == nil {
					c.sized[src] = map[string]bool{}
				}
				c.sized[src][m[1]+" ("+b[1]+b[2]+")"] = true
			}
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
