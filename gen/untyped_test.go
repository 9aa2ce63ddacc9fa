package gen_test

import (
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/comgen/comgen/gen"
	"github.com/comgen/comgen/idl"
	"github.com/comgen/comgen/idl/idltest"
)

// exportedUnsafe matches the exported functions and methods whose signature
// takes or returns unsafe.Pointer: issue 34's measure (the same expression
// the session hook counts with).
var exportedUnsafe = regexp.MustCompile(`^func (\([^)]*\) )?[A-Z][A-Za-z0-9_]*(\[[^]]*\])?\(.*unsafe\.Pointer`)

// untypedDoc matches the documentation line a wrapper has for each
// unsafe.Pointer in its signature.
var untypedDoc = regexp.MustCompile(`^// Untyped: .*? is unsafe\.Pointer \(([^)]*)\)`)

// untypedRatchet is, per reason, how many unsafe.Pointer parameters and
// results the bindings of six everyday Wine IDL files have. A ratchet: the
// counts may only fall. (iid_is: what IIDOut does not cover: IMarshal's
// [in] pv of the type riid names, IPSFactoryBuffer.CreateProxy's ppv after
// another out, ITransferDestination.CreateItem's two outs of one riid; 89
// before typed interface results.)
var untypedRatchet = map[string]int{
	"iid_is":         6,
	"void*":          63,
	"reserved":       18,
	"undefined type": 5,
	"no Go layout":   2,
	"stand-in":       0,
}

// untypedFuncsRatchet is how many exported functions and methods of those
// bindings take or return unsafe.Pointer (282 before handles were named
// integers, 207 before PIDLs, WIN32_FIND_DATAW, ITypeMarshal's and
// IChannelHook's buffers were typed, 160 before typed interface results).
const untypedFuncsRatchet = 77

// TestUntypedPointersRatchet generates the bindings of objidl, oaidl,
// shobjidl, ocidl, propsys and msxml2 from Wine's IDL and checks that every
// exported function or method with an unsafe.Pointer in its signature says
// why in its documentation ("Untyped: x is unsafe.Pointer (reason)"), and
// that the counts per reason do not grow.
func TestUntypedPointersRatchet(t *testing.T) {
	t.Parallel()
	idltest.Require(t, idltest.WineIDLDir, "libwine-dev")
	cache := wineCache
	counts := map[string]int{}
	funcs := 0
	for _, n := range []string{"objidl", "oaidl", "shobjidl", "ocidl", "propsys", "msxml2"} {
		prog, err := idl.Load(wineConfig(cache), filepath.Join(idltest.WineIDLDir, n+".idl"))
		if err != nil {
			t.Fatal(err)
		}
		files, err := gen.Generate(prog, gen.Options{Package: n, Inputs: []string{n + ".idl"}})
		if err != nil {
			t.Fatalf("%s: %v", n, err)
		}
		for _, f := range files {
			if strings.HasSuffix(f.Name, "_test.go") {
				continue
			}
			var doc []string
			for _, line := range strings.Split(string(f.Src), "\n") {
				if strings.HasPrefix(line, "//") {
					doc = append(doc, line)
					continue
				}
				if strings.HasPrefix(line, "func ") {
					// Reasons are counted on every function: an alias of
					// unsafe.Pointer (PCUSERIALIZEDPROPSTORAGE) hides one
					// from the signature, not from the documentation.
					found := 0
					for _, d := range doc {
						if m := untypedDoc.FindStringSubmatch(d); m != nil {
							counts[m[1]]++
							found++
						}
					}
					if exportedUnsafe.MatchString(line) {
						funcs++
						if found == 0 {
							t.Errorf("%s/%s: %s\n  takes or returns unsafe.Pointer and does not say why (no \"Untyped:\" line)", n, f.Name, line)
						}
					}
				}
				doc = doc[:0]
			}
		}
	}
	t.Logf("%d exported functions and methods take or return unsafe.Pointer; per reason: %v", funcs, counts)
	if funcs > untypedFuncsRatchet {
		t.Errorf("%d exported functions and methods take or return unsafe.Pointer, more than the ratchet's %d", funcs, untypedFuncsRatchet)
	} else if funcs < untypedFuncsRatchet {
		t.Logf("fewer than the ratchet's %d: lower untypedFuncsRatchet to %d", untypedFuncsRatchet, funcs)
	}
	for why, n := range counts {
		limit, ok := untypedRatchet[why]
		switch {
		case !ok:
			t.Errorf("unknown reason %q (%d)", why, n)
		case n > limit:
			t.Errorf("%d unsafe.Pointer parameters and results for the reason %q, more than the ratchet's %d", n, why, limit)
		case n < limit:
			t.Logf("%q: %d, fewer than the ratchet's %d: lower it", why, n, limit)
		}
	}
	if funcs > 0 && len(counts) == 0 {
		t.Error("no Untyped line was read")
	}
}
