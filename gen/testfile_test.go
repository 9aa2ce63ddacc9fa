package gen

import "testing"

// TestReadsAsC: a layout check carries its C fact in a comment unless the
// Go expression names the same struct and field.
func TestReadsAsC(t *testing.T) {
	for _, tc := range []struct {
		goExpr, c string
		want      bool
	}{
		{"unsafe.Sizeof(STATSTG{})", "sizeof(STATSTG)", true},
		{"unsafe.Sizeof(STATSTG{})", "sizeof(tagSTATSTG)", false},
		{"unsafe.Offsetof(IStreamVtbl{}.Read)", "offsetof(IStreamVtbl, Read)", true},
		{"unsafe.Offsetof(SIZE{}.Cx)", "offsetof(SIZE, cx)", true},
		{"unsafe.Offsetof(SIZE{}.Cx)", "offsetof(SIZE, cX)", false},
		{"unsafe.Offsetof(SIZE{}.Cx)", "offsetof(tagSIZE, cx)", false},
		{"unsafe.Offsetof(X{}.Type_)", "offsetof(X, type)", false}, // a keyword's field: the comment says which
		{"unsafe.Offsetof(X{}.F)", "sizeof(X)", false},
		{"unsafe.Sizeof(X{})", "offsetof(X, F)", false},
		{"unsafe.Offsetof(X{})", "offsetof(X, )", false},
	} {
		if got := readsAsC(tc.goExpr, tc.c); got != tc.want {
			t.Errorf("readsAsC(%q, %q) = %v, want %v", tc.goExpr, tc.c, got, tc.want)
		}
	}
}
