package gen_test

import (
	"bytes"
	"path/filepath"
	"testing"

	"github.com/comgen/comgen/gen"
	"github.com/comgen/comgen/idl"
)

// TestDiskCacheSameOutput generates packages from Wine's IDL three ways:
// without a disk cache, filling one, and reading from it; the files must be
// byte for byte the same (a tenth of the corpus, wbemcli.idl among them,
// with their imports: objidl, oaidl, unknwn, wtypes...).
func TestDiskCacheSameOutput(t *testing.T) {
	files, _ := corpusFiles(t)
	disk := &idl.DiskCache{Dir: t.TempDir(), Version: "test"}
	checked := 0
	for i, f := range files {
		if i%10 != 0 && filepath.Base(f) != "wbemcli.idl" {
			continue
		}
		var outs [3][]gen.File
		var errs [3]error
		for k := range outs {
			cfg := wineConfig(nil)
			if k > 0 {
				cfg.Disk = disk
			}
			prog, err := idl.Load(cfg, f)
			if err != nil {
				errs[k] = err
				continue
			}
			if !declaresCOM(prog) {
				break
			}
			outs[k], errs[k] = gen.Generate(prog, gen.Options{Package: "p", Inputs: []string{filepath.Base(f)}})
		}
		if (errs[0] == nil) != (errs[1] == nil) || (errs[0] == nil) != (errs[2] == nil) {
			t.Errorf("%s: errors without the cache, filling it and reading it: %v; %v; %v", filepath.Base(f), errs[0], errs[1], errs[2])
			continue
		}
		if errs[0] != nil && (errs[0].Error() != errs[1].Error() || errs[0].Error() != errs[2].Error()) {
			t.Errorf("%s: the errors differ: %v; %v; %v", filepath.Base(f), errs[0], errs[1], errs[2])
		}
		for k := 1; k < 3; k++ {
			if len(outs[k]) != len(outs[0]) {
				t.Errorf("%s: %d files through the cache, %d without", filepath.Base(f), len(outs[k]), len(outs[0]))
				continue
			}
			for j := range outs[0] {
				if outs[k][j].Name != outs[0][j].Name || !bytes.Equal(outs[k][j].Src, outs[0][j].Src) {
					t.Errorf("%s: %s differs through the cache", filepath.Base(f), outs[k][j].Name)
				}
			}
		}
		if outs[0] != nil {
			checked++
		}
	}
	if checked < 10 {
		t.Fatalf("only %d packages compared", checked)
	}
	t.Logf("%d packages generated the same with and without the disk cache", checked)
}
