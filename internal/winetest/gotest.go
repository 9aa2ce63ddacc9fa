package winetest

import (
	"bufio"
	"context"
	"fmt"
	"go/ast"
	"go/build"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"time"
)

// TestReport is what a `go test -v` binary printed, test by test.
type TestReport struct {
	Passed, Failed, Skipped []string
	Finished                bool // the final line was PASS
}

var resultLine = regexp.MustCompile(`^\s*--- (PASS|FAIL|SKIP): (\S+)`)

// ParseTestOutput reads the output of a test binary run with -test.v.
func ParseTestOutput(out string) TestReport {
	var r TestReport
	sc := bufio.NewScanner(strings.NewReader(out))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := strings.TrimRight(sc.Text(), "\r")
		if line == "PASS" {
			r.Finished = true
		}
		m := resultLine.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		switch m[1] {
		case "PASS":
			r.Passed = append(r.Passed, m[2])
		case "FAIL":
			r.Failed = append(r.Failed, m[2])
		case "SKIP":
			r.Skipped = append(r.Skipped, m[2])
		}
	}
	return r
}

// BuildTest compiles the tests of the package in dir for windows/goarch into exe.
func BuildTest(ctx context.Context, dir, goarch, exe string) error {
	cmd := exec.CommandContext(ctx, "go", "test", "-c", "-o", exe, ".")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOOS=windows", "GOARCH="+goarch, "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("go test -c (windows/%s) in %s: %v\n%s", goarch, dir, err, out)
	}
	return nil
}

// TestNames lists the top-level Test functions of the package in dir as it
// builds for windows/amd64 (build tags and _windows file names applied): what
// a run of its test binary on Windows must report.
func TestNames(dir string) ([]string, error) {
	ctxt := build.Default
	ctxt.GOOS, ctxt.GOARCH, ctxt.CgoEnabled = "windows", "amd64", false
	pkg, err := ctxt.ImportDir(dir, 0)
	if err != nil {
		return nil, err
	}
	var names []string
	fset := token.NewFileSet()
	for _, f := range append(pkg.TestGoFiles, pkg.XTestGoFiles...) {
		af, err := parser.ParseFile(fset, filepath.Join(dir, f), nil, parser.SkipObjectResolution)
		if err != nil {
			return nil, err
		}
		for _, d := range af.Decls {
			fn, ok := d.(*ast.FuncDecl)
			if ok && fn.Recv == nil && strings.HasPrefix(fn.Name.Name, "Test") && fn.Name.Name != "TestMain" {
				names = append(names, fn.Name.Name)
			}
		}
	}
	sort.Strings(names)
	return names, nil
}

// RunTimeout bounds one test binary run under Wine.
const RunTimeout = 5 * time.Minute
