package gen_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/comgen/comgen/internal/testenv"
)

// TestREADMEExamples compiles the Go examples of the README against
// out/wbemcli for windows/amd64, so the documentation cannot drift from the
// generated API. Top-level type and func declarations of an example stay at
// top level; its other lines become the body of a function that has ctx,
// svc and a *Client c, and returns an error.
func TestREADMEExamples(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("builds a program")
	}
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	blocks := regexp.MustCompile("(?s)```go\n(.*?)```").FindAllStringSubmatch(string(readme), -1)
	if len(blocks) == 0 {
		t.Fatal("no Go examples in README.md")
	}
	var src strings.Builder
	src.WriteString("package main\n\nimport (\n\t\"context\"\n\t\"errors\"\n\t\"fmt\"\n\t\"log\"\n\t\"os\"\n\t\"time\"\n\n\t\"github.com/comgen/comgen/out/wbemcli\"\n)\n\n")
	src.WriteString("var _ = errors.New\nvar _ = fmt.Sprint\nvar _ = log.Fatal\nvar _ = os.Getenv\nvar _ = context.Background\nvar _ = time.Second\n\n")
	for i, b := range blocks {
		var top, body []string
		inTop := false
		for _, line := range strings.Split(b[1], "\n") {
			switch {
			case strings.HasPrefix(line, "type ") || strings.HasPrefix(line, "func "):
				top = append(top, line)
				inTop = !strings.HasSuffix(line, "}")
			case inTop:
				top = append(top, line)
				inTop = line != "}"
			default:
				body = append(body, line)
			}
		}
		src.WriteString(strings.Join(top, "\n") + "\n")
		src.WriteString("func example" + string(rune('A'+i)) + "(ctx context.Context, svc *wbemcli.IWbemServices, c *wbemcli.Client) error {\n")
		src.WriteString(strings.Join(body, "\n") + "\n_, _, _ = ctx, svc, c\nreturn nil\n}\n\n")
	}
	src.WriteString("func main() {}\n")
	dir := testenv.Module(t)
	if err := os.WriteFile(filepath.Join(dir, "main.go"), []byte(src.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("go", "vet", ".")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOOS=windows", "GOARCH=amd64")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("README examples do not build for windows: %v\n%s\n--- program\n%s", err, out, src.String())
	}
}

// TestRepoGenerateDirectives checks what the README's set-up command runs in
// this repository: go generate ./... must find exactly generate.go's
// directive (a test that writes a //go:generate line into a user's module
// must not leave one at the start of a line of its own source).
func TestRepoGenerateDirectives(t *testing.T) {
	root := testenv.RepoRoot(t)
	cmd := exec.Command("go", "generate", "-n", "./...")
	cmd.Dir = root
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("go generate -n ./...: %v\n%s", err, out)
	}
	var cmds []string
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		if line != "" {
			cmds = append(cmds, line)
		}
	}
	want := "go run ./cmd/comgen -o out/wbemcli -pkg wbemcli"
	if len(cmds) != 1 || cmds[0] != want {
		t.Errorf("go generate ./... in the repository runs %q, want only %q", cmds, want)
	}
}
