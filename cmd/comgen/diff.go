package main

import (
	"fmt"
	"strings"
)

// unifiedDiff returns a unified diff of a (old) and b (new), with 3 lines of
// context, or "" when they are equal. The part between the common prefix and
// suffix is compared line by line (longest common subsequence) when it is
// small, and shown as one replacement otherwise: regenerated bindings
// usually change in a few places.
func unifiedDiff(name string, a, b []byte) string {
	if string(a) == string(b) {
		return ""
	}
	x, y := splitLines(string(a)), splitLines(string(b))
	pre := 0
	for pre < len(x) && pre < len(y) && x[pre] == y[pre] {
		pre++
	}
	suf := 0
	for suf < len(x)-pre && suf < len(y)-pre && x[len(x)-1-suf] == y[len(y)-1-suf] {
		suf++
	}
	mx, my := x[pre:len(x)-suf], y[pre:len(y)-suf]
	// ops: ' ' keep, '-' delete, '+' insert, over the middle part.
	type op struct {
		kind byte
		line string
	}
	var ops []op
	if len(mx)*len(my) <= 4_000_000 {
		lcs := make([][]int32, len(mx)+1)
		for i := range lcs {
			lcs[i] = make([]int32, len(my)+1)
		}
		for i := len(mx) - 1; i >= 0; i-- {
			for j := len(my) - 1; j >= 0; j-- {
				if mx[i] == my[j] {
					lcs[i][j] = lcs[i+1][j+1] + 1
				} else {
					lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
				}
			}
		}
		i, j := 0, 0
		for i < len(mx) || j < len(my) {
			switch {
			case i < len(mx) && j < len(my) && mx[i] == my[j]:
				ops = append(ops, op{' ', mx[i]})
				i, j = i+1, j+1
			case j < len(my) && (i == len(mx) || lcs[i][j+1] >= lcs[i+1][j]):
				ops = append(ops, op{'+', my[j]})
				j++
			default:
				ops = append(ops, op{'-', mx[i]})
				i++
			}
		}
	} else {
		for _, l := range mx {
			ops = append(ops, op{'-', l})
		}
		for _, l := range my {
			ops = append(ops, op{'+', l})
		}
	}
	// Surround with the shared prefix and suffix, then cut into hunks.
	var all []op
	for _, l := range x[:pre] {
		all = append(all, op{' ', l})
	}
	all = append(all, ops...)
	for _, l := range x[len(x)-suf:] {
		all = append(all, op{' ', l})
	}
	var out strings.Builder
	fmt.Fprintf(&out, "--- %s (committed)\n+++ %s (generated)\n", name, name)
	const ctx = 3
	ai, bi := 1, 1 // line numbers at all[k]
	for k := 0; k < len(all); {
		if all[k].kind == ' ' {
			ai, bi, k = ai+1, bi+1, k+1
			continue
		}
		// A hunk: back up ctx lines, run until ctx+1 unchanged lines follow a change.
		start := max(k-ctx, 0)
		for s := k; s > start; s-- {
			ai, bi = ai-1, bi-1
		}
		end := k
		for end < len(all) {
			if all[end].kind != ' ' {
				end++
				continue
			}
			run := 0
			for end+run < len(all) && all[end+run].kind == ' ' && run <= 2*ctx {
				run++
			}
			if end+run == len(all) || run > 2*ctx {
				end += min(run, ctx)
				break
			}
			end += run
		}
		na, nb := 0, 0
		for _, o := range all[start:end] {
			if o.kind != '+' {
				na++
			}
			if o.kind != '-' {
				nb++
			}
		}
		fmt.Fprintf(&out, "@@ -%d,%d +%d,%d @@\n", ai, na, bi, nb)
		for _, o := range all[start:end] {
			out.WriteByte(o.kind)
			out.WriteString(o.line)
			if !strings.HasSuffix(o.line, "\n") {
				// The last line of a file without a final newline, marked as
				// diff and patch do.
				out.WriteString("\n\\ No newline at end of file\n")
			}
		}
		ai, bi, k = ai+na, bi+nb, end
	}
	return out.String()
}

// splitLines splits s into lines that keep their "\n", so a last line without
// one differs from the same text with one.
func splitLines(s string) []string {
	if s == "" {
		return nil
	}
	lines := strings.SplitAfter(s, "\n")
	if lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	return lines
}
