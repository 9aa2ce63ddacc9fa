package gen_test

import (
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/comgen/comgen/idl"
	"github.com/comgen/comgen/idl/idltest"
)

// TestWinRTInstancesAgainstWidl loads Wine's WinRT IDL files (windows.*.idl,
// which declare the generics they use) and compares every generic instance
// comgen builds with the one widl declared in the headers libwine-dev
// installs beside them: the C name, the vtable, and the IID (widl derives
// it from the generic's uuid by the same WinRT algorithm; comgen's code is
// independent of widl's).
func TestWinRTInstancesAgainstWidl(t *testing.T) {
	t.Parallel()
	idltest.Require(t, idltest.WineIDLDir, "libwine-dev")
	files, err := filepath.Glob(filepath.Join(idltest.WineIDLDir, "windows.*.idl"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no windows.*.idl in %s (%v)", idltest.WineIDLDir, err)
	}
	headers, _ := filepath.Glob(filepath.Join(idltest.WineIDLDir, "*.h"))
	vtbls, iids := map[string][]string{}, map[string]*idl.GUID{}
	defineIID := regexp.MustCompile(`DEFINE_GUID\(IID_(__F\w+),\s*0x(\w+),\s*0x(\w+),\s*0x(\w+),\s*0x(\w+),\s*0x(\w+),\s*0x(\w+),\s*0x(\w+),\s*0x(\w+),\s*0x(\w+),\s*0x(\w+),\s*0x(\w+)\)`)
	for _, h := range headers {
		src, err := os.ReadFile(h)
		if err != nil {
			t.Fatal(err)
		}
		for name, slots := range midlVtables(string(src)) {
			if strings.HasPrefix(name, "__F") {
				vtbls[name] = slots
			}
		}
		for _, m := range defineIID.FindAllStringSubmatch(string(src), -1) {
			g, err := idl.ParseGUID(guidFromParts(m[2:]))
			if err != nil {
				t.Fatalf("%s: %v", m[1], err)
			}
			iids[m[1]] = g
		}
	}
	if len(vtbls) == 0 {
		t.Fatal("no generic instance in Wine's headers")
	}
	cache := wineCache
	ours := map[idl.GUID]*idl.IfaceInfo{} // by IID
	loaded := 0
	for _, f := range files {
		prog, err := idl.Load(wineConfig(cache), f)
		if err != nil {
			t.Errorf("%s: %v", filepath.Base(f), err)
			continue
		}
		loaded++
		for _, e := range prog.Entities {
			if i, ok := e.(*idl.IfaceInfo); ok && i.Generic != nil {
				ours[*i.IID] = i
			}
		}
	}
	// widl's C names differ from MIDL's (which comgen follows, checked by
	// TestSDKVtables) where an argument is a WinRT struct or enum (widl
	// leaves out the namespace) or INT32 (widl keeps the typedef's name):
	// instances are matched by IID.
	var renamed []string
	compared := 0
	for name, slots := range vtbls {
		iid, ok := iids[name]
		if !ok {
			t.Errorf("widl declares %s without an IID", name)
			continue
		}
		i, ok := ours[*iid]
		if !ok {
			t.Errorf("widl declares %s with IID %v; comgen builds no instance with that IID", name, iid)
			continue
		}
		compared++
		if i.Name != name {
			renamed = append(renamed, name+" = "+i.Name)
		}
		var got []string
		for _, m := range i.AllMethods() {
			got = append(got, m.Name)
		}
		if strings.Join(got, " ") != strings.Join(slots, " ") {
			t.Errorf("%s (%s) vtable:\n\tours %v\n\twidl %v", i.Name, i.Generic.Written, got, slots)
		}
	}
	sort.Strings(renamed)
	t.Logf("%d Wine WinRT files loaded, %d generic instances built; all %d that widl declares have comgen's IID and vtable; C names that differ: %v", loaded, len(ours), compared, renamed)
	if compared == 0 {
		t.Error("nothing compared")
	}
}

// guidFromParts renders DEFINE_GUID's eleven numbers as a GUID string.
func guidFromParts(p []string) string {
	n := normalizeGUID(p)
	parts := strings.Split(n, "-")
	return parts[0] + "-" + parts[1] + "-" + parts[2] + "-" + parts[3] + parts[4] + "-" + strings.Join(parts[5:], "")
}
