package idl

import (
	"fmt"
	"strings"
	"testing"
)

// Inputs of shapes no real IDL has, at sizes well beyond it: each must end,
// by completing or with a limit error, after work bounded by its size (the
// benchmarks below show how the time scales).

// nestedArgMacros defines D1(x) as x+x and each Dk(x) as D(k-1)(D(k-1)(x)):
// Dk's expansion doubles at each level of arguments, which C expands before
// substituting them.
func nestedArgMacros(levels int) string {
	var b strings.Builder
	b.WriteString("#define D1(x) x+x\n")
	for i := 2; i <= levels; i++ {
		fmt.Fprintf(&b, "#define D%d(x) D%d(D%d(x))\n", i, i-1, i-1)
	}
	return b.String()
}

// TestNestedMacroArgumentsBounded: the expansion of a use's arguments counts
// toward its limit before it is done, and each argument is expanded once
// (before, a use of D10 inside another use's argument restarted the count,
// and ten levels ran for minutes); the tokens all uses of a file produce
// are bounded too (a use that passes its bound costs up to that bound; each
// of 300 uses of such a macro did, for minutes).
func TestNestedMacroArgumentsBounded(t *testing.T) {
	for _, tc := range []struct{ name, src, want string }{
		{"ten levels", nestedArgMacros(10) + "const int K = D10(1);\n", "main.idl:11:15: macro D10 expands to more than 262144 tokens"},
		{"inside an argument", nestedArgMacros(10) + "#define ID(x) x\nconst int K = ID(D10(1));\n", "main.idl:12:15: macro ID expands to more than 262144 tokens"},
		{"stringized", nestedArgMacros(10) + "#define S(x) #x\n#define X(x) S(x)\nconst char *K = X(D10(1));\n", "macro X expands to more than 262144 tokens"},
		{"many uses", nestedArgMacros(5) + "#define A D5(+1)\nconst int K = 1 " + strings.Repeat("A ", 12) + ";\n", "main.idl:7:17: macro A expands to more than 262144 tokens"},
		{"file total", "#define A " + strings.Repeat("1 + ", 50000) + "1\n" + strings.Repeat("const int K = A;\n", 60), "main.idl:7:15: macro A: the file's macros expand to more than 524288 tokens in all"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.name == "file total" {
				// The bound is 4M tokens: costly for a test. The rule is the same.
				defer func(n int) { maxTotalExpansion = n }(maxTotalExpansion)
				maxTotalExpansion = 1 << 19
			}
			_, err := load(t, map[string]string{"main.idl": tc.src})
			if tc.want == "" {
				if err != nil {
					t.Fatalf("error: %v", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error = %v\nwant %q", err, tc.want)
			}
			if n := strings.Count(err.Error(), "in all"); n > 1 {
				t.Errorf("the file's bound is reported %d times", n)
			}
		})
	}
}

// BenchmarkNestedMacros: levels of nested arguments, each doubling the
// expansion, up to past the per-use bound (13 levels: 2^4096 tokens were
// there no bound).
func BenchmarkNestedMacros(b *testing.B) {
	for _, levels := range []int{4, 5, 10, 13} {
		src := nestedArgMacros(levels) + fmt.Sprintf("const int K = D%d(1);\n", levels)
		b.Run(fmt.Sprint(levels), func(b *testing.B) {
			for b.Loop() {
				load(b, map[string]string{"main.idl": src})
			}
		})
	}
}

// BenchmarkManyMacroUses: n uses of a macro of 2^16 tokens (each under the
// per-use bound); the file's bound stops them at 4M tokens in all.
func BenchmarkManyMacroUses(b *testing.B) {
	for _, n := range []int{10, 100, 1000} {
		src := nestedArgMacros(5) + "#define A D5(+1)\nconst int K = 1 " + strings.Repeat("A ", n) + ";\n"
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			for b.Loop() {
				load(b, map[string]string{"main.idl": src})
			}
		})
	}
}
