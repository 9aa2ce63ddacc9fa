package gen_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/comgen/comgen/gen"
	"github.com/comgen/comgen/idl"
	"github.com/comgen/comgen/idl/idltest"
)

// TestChangelogSignatures holds CHANGELOG.md's migration notes to what
// comgen generates now: every method signature quoted after a "// After"
// line is a wrapper of the golden cases, of out/wbemcli, or of the packages
// generated from the Wine IDL files the notes use. (The "// Before" ones are
// history.)
func TestChangelogSignatures(t *testing.T) {
	idltest.Require(t, idltest.WineIDLDir, "libwine-dev")
	log, err := os.ReadFile("../CHANGELOG.md")
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, block := range regexp.MustCompile("(?s)```go\n(.*?)```").FindAllStringSubmatch(string(log), -1) {
		after := false
		for _, line := range strings.Split(block[1], "\n") {
			switch {
			case strings.HasPrefix(line, "// Before"):
				after = false
			case strings.HasPrefix(line, "// After"):
				after = true
			case after && strings.HasPrefix(line, "func (v *"):
				want = append(want, line+" {")
			}
		}
	}
	if len(want) < 10 {
		t.Fatalf("found %d signatures after \"// After\" lines in CHANGELOG.md, want the notes' examples", len(want))
	}
	var have strings.Builder
	add := func(files []gen.File) {
		for _, f := range files {
			have.Write(f.Src)
		}
	}
	for _, dir := range []string{goldenDir + "/*", outDir} {
		paths, _ := filepath.Glob(filepath.Join(dir, "*.go"))
		for _, p := range paths {
			src, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			have.Write(src)
		}
	}
	for _, file := range []string{"oaidl.idl", "objidl.idl", "shobjidl.idl", "mlang.idl", "dwrite.idl"} {
		prog, err := idl.Load(idl.Config{Dirs: []idl.Dir{idl.OSDir(idltest.WineIDLDir), idl.Builtin}}, filepath.Join(idltest.WineIDLDir, file))
		if err != nil {
			t.Fatal(err)
		}
		files, err := gen.Generate(prog, gen.Options{Package: "x", Inputs: []string{file}})
		if err != nil {
			t.Fatal(err)
		}
		add(files)
	}
	for _, sig := range want {
		if !strings.Contains(have.String(), "\n"+sig+"\n") {
			t.Errorf("CHANGELOG.md quotes a signature comgen does not generate:\n%s", sig)
		}
	}
}
