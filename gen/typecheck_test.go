package gen_test

import (
	"os"
	"sort"
	"strings"
	"testing"

	"golang.org/x/tools/go/packages"
)

// typeCheckTree type-checks every package below dir from source with
// go/packages for goos/goarch (gc's sizes, so the layout checks of
// generated_test.go, which typeCheckDir takes with the tests, are evaluated
// as the compiler would) and returns the errors by package and how many
// packages there are. Dependencies are type-checked from source too
// (NeedDeps): without it go/packages asks `go list -export`, which compiles
// every generated package and took twice as long as this whole check.
func typeCheckTree(t testing.TB, dir, goos, goarch string) (errs map[string][]string, n int) {
	return typeCheckDir(t, dir, goos, goarch, false)
}

// typeCheckDir is typeCheckTree, with the packages' own _test.go files when
// tests is set.
func typeCheckDir(t testing.TB, dir, goos, goarch string, tests bool) (errs map[string][]string, n int) {
	t.Helper()
	cfg := &packages.Config{
		Mode:  packages.NeedName | packages.NeedFiles | packages.NeedImports | packages.NeedDeps | packages.NeedSyntax | packages.NeedTypes,
		Dir:   dir,
		Env:   append(os.Environ(), "GOOS="+goos, "GOARCH="+goarch, "CGO_ENABLED=0"),
		Tests: tests,
	}
	pkgs, err := packages.Load(cfg, "./...")
	if err != nil {
		t.Fatal(err)
	}
	errs = map[string][]string{}
	seen := map[string]bool{}
	for _, p := range pkgs {
		if strings.HasSuffix(p.ID, ".test") || strings.HasSuffix(p.PkgPath, "_test") {
			continue // the test main and external test packages
		}
		if !seen[p.PkgPath] {
			seen[p.PkgPath] = true
			n++
		}
		for _, e := range p.Errors {
			errs[p.ID] = append(errs[p.ID], e.Error())
		}
	}
	return errs, n
}

// reportTypeErrors fails t with the errors of typeCheckTree and logs the count.
func reportTypeErrors(t testing.TB, what string, errs map[string][]string, n int) {
	t.Helper()
	var names []string
	for p := range errs {
		names = append(names, p)
	}
	sort.Strings(names)
	for _, p := range names {
		t.Errorf("%s: %s:\n\t%s", what, p, strings.Join(errs[p], "\n\t"))
	}
	t.Logf("%s: %d of %d packages type-check", what, n-len(errs), n)
}
