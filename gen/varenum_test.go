package gen

import (
	"path/filepath"
	"regexp"
	"strconv"
	"testing"

	"github.com/comgen/comgen/idl"
	"github.com/comgen/comgen/idl/idltest"
	"github.com/comgen/comgen/templates"
)

// TestVARENUMAgainstWtypes holds the runtime's VT_* constants to Wine's
// wtypes.idl: every member of its VARENUM is declared by the runtime with
// the same value, and the runtime declares no VT_ name VARENUM lacks.
func TestVARENUMAgainstWtypes(t *testing.T) {
	idltest.Require(t, idltest.WineIDLDir, "libwine-dev")
	prog, err := idl.Load(idl.Config{Dirs: []idl.Dir{idl.OSDir(idltest.WineIDLDir), idl.Builtin}}, filepath.Join(idltest.WineIDLDir, "wtypes.idl"))
	if err != nil {
		t.Fatal(err)
	}
	e, ok := prog.Scope["VARENUM"].(*idl.EnumInfo)
	if !ok || len(e.Members) < 40 {
		t.Fatalf("wtypes.idl declares no VARENUM with its members (%T)", prog.Scope["VARENUM"])
	}
	src, err := templates.FS.ReadFile("com.go.tmpl")
	if err != nil {
		t.Fatal(err)
	}
	have := map[string]int64{}
	for _, m := range regexp.MustCompile(`(?m)^\s*(VT_\w+)\s+VARTYPE = (\S+)$`).FindAllStringSubmatch(string(src), -1) {
		v, err := strconv.ParseInt(m[2], 0, 64)
		if err != nil {
			t.Fatal(err)
		}
		have[m[1]] = v
	}
	for _, m := range e.Members {
		v, ok := have[m.Name]
		switch {
		case !ok:
			t.Errorf("the runtime does not declare %s (wtypes.idl: %#x)", m.Name, m.Value)
		case v != m.Value:
			t.Errorf("the runtime declares %s = %#x, wtypes.idl %#x", m.Name, v, m.Value)
		}
		delete(have, m.Name)
	}
	for n := range have {
		t.Errorf("the runtime declares %s, which wtypes.idl's VARENUM does not", n)
	}
}
