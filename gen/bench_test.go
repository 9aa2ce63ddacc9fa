package gen_test

import (
	"path/filepath"
	"testing"

	"github.com/comgen/comgen/gen"
	"github.com/comgen/comgen/idl"
	"github.com/comgen/comgen/idl/idltest"
)

// BenchmarkWbemcli measures what `go generate` does for the default input:
// load and check the embedded wbemcli.idl, then render the Go files.
func BenchmarkWbemcli(b *testing.B) {
	for b.Loop() {
		prog, err := idl.LoadFS(idl.Config{Dirs: []idl.Dir{idl.Builtin}}, idl.Builtin, "wbemcli.idl")
		if err != nil {
			b.Fatal(err)
		}
		if _, err := gen.Generate(prog, gen.Options{Package: "wbemcli", Inputs: []string{"wbemcli.idl"}}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLoadWbemcli is the front end alone.
func BenchmarkLoadWbemcli(b *testing.B) {
	for b.Loop() {
		if _, err := idl.LoadFS(idl.Config{Dirs: []idl.Dir{idl.Builtin}}, idl.Builtin, "wbemcli.idl"); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCorpus loads and generates every standalone file of libwine-dev's
// IDL corpus, each on its own as one run of the command would (no cache), and
// reports the time per file. BenchmarkCorpusCached shares parsed imports.
func BenchmarkCorpus(b *testing.B)       { benchCorpus(b, false) }
func BenchmarkCorpusCached(b *testing.B) { benchCorpus(b, true) }

func benchCorpus(b *testing.B, cached bool) {
	idltest.Require(b, idltest.WineIDLDir, "libwine-dev")
	files, includer := corpusFiles(b)
	var roots []string
	for _, f := range files {
		if includer[f] == "" {
			roots = append(roots, f)
		}
	}
	b.ResetTimer()
	for b.Loop() {
		var cache *idl.Cache
		if cached {
			cache = idl.NewCache()
		}
		for _, f := range roots {
			prog, err := idl.Load(wineConfig(cache), f)
			if err != nil {
				continue // the corpus test reports these
			}
			if _, err := gen.Generate(prog, gen.Options{Package: "x", Inputs: []string{filepath.Base(f)}}); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(roots))/1e6, "ms/file")
}

// BenchmarkWineWbemcli and BenchmarkLoadWineWbemcli are the same on Wine's
// wbemcli.idl, which imports oaidl.idl and objidl.idl (and through them
// unknwn, wtypes, objidlbase...): the file `.ci/bench-widl` pairs with widl.
func BenchmarkWineWbemcli(b *testing.B) {
	idltest.Require(b, idltest.WineIDLDir, "libwine-dev")
	f := filepath.Join(idltest.WineIDLDir, "wbemcli.idl")
	for b.Loop() {
		prog, err := idl.Load(wineConfig(nil), f)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := gen.Generate(prog, gen.Options{Package: "wbemcli", Inputs: []string{"wbemcli.idl"}}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkLoadWineWbemcli(b *testing.B) {
	idltest.Require(b, idltest.WineIDLDir, "libwine-dev")
	f := filepath.Join(idltest.WineIDLDir, "wbemcli.idl")
	for b.Loop() {
		if _, err := idl.Load(wineConfig(nil), f); err != nil {
			b.Fatal(err)
		}
	}
}
