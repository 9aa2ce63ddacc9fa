package main

import (
	"fmt"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestUnifiedDiff compares the hunks with GNU diff -U3 on random edits of a file.
func TestUnifiedDiff(t *testing.T) {
	gnu, err := exec.LookPath("diff")
	if err != nil {
		t.Skip("GNU diff not installed")
	}
	dir := t.TempDir()
	rng := rand.New(rand.NewSource(1))
	for round := 0; round < 200; round++ {
		var a []string
		for i := 0; i < 5+rng.Intn(60); i++ {
			a = append(a, fmt.Sprintf("line %d", rng.Intn(20)))
		}
		b := append([]string(nil), a...)
		for e := 0; e < 1+rng.Intn(4); e++ {
			pos := rng.Intn(len(b) + 1)
			switch rng.Intn(3) {
			case 0:
				b = append(b[:pos], append([]string{"new"}, b[pos:]...)...)
			case 1:
				if pos < len(b) {
					b = append(b[:pos], b[pos+1:]...)
				}
			default:
				if pos < len(b) {
					b[pos] = "changed"
				}
			}
		}
		as, bs := strings.Join(a, "\n")+"\n", strings.Join(b, "\n")+"\n"
		pa, pb := filepath.Join(dir, "a"), filepath.Join(dir, "b")
		os.WriteFile(pa, []byte(as), 0o644)
		os.WriteFile(pb, []byte(bs), 0o644)
		want, _ := exec.Command(gnu, "-U3", pa, pb).Output()
		got := unifiedDiff("f", []byte(as), []byte(bs))
		// Hunks may differ where an LCS is not unique; compare what they mean:
		// applying either must turn a into b, and the line counts must agree.
		if (len(want) == 0) != (got == "") {
			t.Fatalf("round %d: diff says equal=%v, we say %v", round, len(want) == 0, got == "")
		}
		if got == "" {
			continue
		}
		// Alignments may differ where the longest common subsequence is not
		// unique, but its length is: the counts of removed and added lines match.
		if d, w := changed(got), changed(string(want)); d != w {
			t.Errorf("round %d: -/+ lines %v, GNU diff has %v\n%s\n---\n%s", round, d, w, got, want)
		}
		if apply(t, as, got) != bs {
			t.Fatalf("round %d: the diff does not turn a into b:\n%s", round, got)
		}
	}
}

// changed counts the removed and added lines of a unified diff.
func changed(diff string) [2]int {
	var n [2]int
	for _, l := range strings.Split(diff, "\n") {
		switch {
		case strings.HasPrefix(l, "---") || strings.HasPrefix(l, "+++"):
		case strings.HasPrefix(l, "-"):
			n[0]++
		case strings.HasPrefix(l, "+"):
			n[1]++
		}
	}
	return n
}

// apply applies a unified diff to a.
func apply(t *testing.T, a, diff string) string {
	lines := strings.Split(strings.TrimSuffix(a, "\n"), "\n")
	var out []string
	next := 0
	for _, l := range strings.Split(strings.TrimSuffix(diff, "\n"), "\n")[2:] {
		if strings.HasPrefix(l, "@@") {
			var na, ca, nb, cb int
			fmt.Sscanf(l, "@@ -%d,%d +%d,%d @@", &na, &ca, &nb, &cb)
			start := na - 1
			if ca == 0 {
				start = na
			}
			out = append(out, lines[next:start]...)
			next = start
			continue
		}
		switch l[0] {
		case ' ':
			out = append(out, lines[next])
			next++
		case '-':
			next++
		case '+':
			out = append(out, l[1:])
		}
	}
	out = append(out, lines[next:]...)
	return strings.Join(out, "\n") + "\n"
}
