package winetest

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestCopyPrefix checks that a prefix copy shares only the modules wineboot
// installed under drive_c: a write to any other file of the copy (the
// registry, a file a program made) leaves the template as it was.
func TestCopyPrefix(t *testing.T) {
	src := filepath.Join(t.TempDir(), "template")
	files := map[string]string{
		"system.reg":                               "registry",
		".update-timestamp":                        "12345",
		"drive_c/windows/system32/ole32.dll":       "MZ ole32",
		"drive_c/windows/system32/wbem/x.DLL":      "MZ x",
		"drive_c/windows/win.ini":                  "[windows]",
		"drive_c/users/u/AppData/Local/Temp/a.txt": "temp",
		"outside.dll":                              "not under drive_c",
	}
	for name, body := range files {
		p := filepath.Join(src, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.MkdirAll(filepath.Join(src, "dosdevices"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("../drive_c", filepath.Join(src, "dosdevices", "c:")); err != nil {
		t.Fatal(err)
	}
	dst := filepath.Join(t.TempDir(), "prefix")
	if err := copyPrefix(src, dst); err != nil {
		t.Fatal(err)
	}
	for name, body := range files {
		got, err := os.ReadFile(filepath.Join(dst, name))
		if err != nil || string(got) != body {
			t.Errorf("%s: %q, %v; want %q", name, got, err, body)
		}
		a, _ := os.Stat(filepath.Join(src, name))
		b, _ := os.Stat(filepath.Join(dst, name))
		linked := os.SameFile(a, b)
		if want := name == "drive_c/windows/system32/ole32.dll" || name == "drive_c/windows/system32/wbem/x.DLL"; linked != want {
			t.Errorf("%s: shared with the template %v, want %v", name, linked, want)
		}
	}
	if target, err := os.Readlink(filepath.Join(dst, "dosdevices", "c:")); err != nil || target != "../drive_c" {
		t.Errorf("dosdevices/c: -> %q, %v", target, err)
	}
	if err := os.WriteFile(filepath.Join(dst, "system.reg"), []byte("changed"), 0o644); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(filepath.Join(src, "system.reg")); string(got) != "registry" {
		t.Errorf("writing the copy's system.reg changed the template's: %q", got)
	}
}

// TestProgramEnv checks that the programs run under Wine do not inherit the
// garbage collector's settings of the test process (.ci/run sets them).
func TestProgramEnv(t *testing.T) {
	t.Setenv("GOGC", "400")
	t.Setenv("GOMEMLIMIT", "2GiB")
	t.Setenv("COMGEN_PROGRAM_ENV", "kept")
	w := &Wine{Prefix: "/p"}
	env := w.env()
	for _, kv := range env {
		if strings.HasPrefix(kv, "GOGC=") || strings.HasPrefix(kv, "GOMEMLIMIT=") {
			t.Errorf("a program under Wine gets %s", kv)
		}
	}
	for _, want := range []string{"COMGEN_PROGRAM_ENV=kept", "WINEPREFIX=/p"} {
		if !slices.Contains(env, want) {
			t.Errorf("%s missing from %q", want, env)
		}
	}
}

// TestKilledAfterPass runs programs that end the ways a test program under
// Wine can: only a SIGKILL after a final PASS is taken for a clean exit.
func TestKilledAfterPass(t *testing.T) {
	if _, err := exec.LookPath("sh"); err != nil {
		t.Skip("needs sh")
	}
	for _, c := range []struct {
		script string
		want   bool
	}{
		{`echo "--- PASS: TestA (0.00s)"; echo PASS; kill -9 $$`, true},
		{`printf 'PASS\r\n'; kill -9 $$`, true},
		{`echo PASS; exit 0`, false},                  // no error at all
		{`echo PASS; exit 1`, false},                  // an exit status, not a kill
		{`echo FAIL; kill -9 $$`, false},              // failed, then killed
		{`echo "=== RUN   TestA"; kill -9 $$`, false}, // killed while running
		{`echo PASS; kill -15 $$`, false},             // another signal
	} {
		out, err := exec.Command("sh", "-c", c.script).Output()
		if got := killedAfterPass(err, string(out)); got != c.want {
			t.Errorf("%s: killedAfterPass(%v, %q) = %v, want %v", c.script, err, out, got, c.want)
		}
	}
}
