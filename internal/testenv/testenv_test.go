package testenv_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/comgen/comgen/internal/testenv"
)

// TestNoExec386Env checks that the variable forces the "cannot run 32-bit
// programs" answer, so the path CI takes on such a kernel can be taken here.
func TestNoExec386Env(t *testing.T) {
	t.Setenv(testenv.NoExec386Env, "1")
	err := testenv.Can386()
	if err == nil || !strings.Contains(err.Error(), testenv.NoExec386Env) {
		t.Fatalf("Can386() = %v with %s set, want an error naming it", err, testenv.NoExec386Env)
	}
}

// TestCan386 logs what this machine answers; the answer is the kernel's.
func TestCan386(t *testing.T) {
	if os.Getenv(testenv.NoExec386Env) != "" {
		t.Skip(testenv.NoExec386Env + " is set")
	}
	t.Logf("Can386: %v", testenv.Can386())
}

// TestModuleOutsideSourceTree checks that Module makes a module outside the
// repository whose go.mod replaces comgen with this checkout.
func TestModuleOutsideSourceTree(t *testing.T) {
	root := testenv.RepoRoot(t)
	dir := testenv.Module(t)
	if rel, err := filepath.Rel(root, dir); err == nil && !strings.HasPrefix(rel, "..") {
		t.Fatalf("Module made %s inside the source tree %s", dir, root)
	}
	mod, err := os.ReadFile(filepath.Join(dir, "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(mod), "replace github.com/comgen/comgen => "+root) || !strings.Contains(string(mod), "golang.org/x/sys") {
		t.Errorf("go.mod lacks the replace or x/sys:\n%s", mod)
	}
}
