package c

import (
	"reflect"
	"testing"

	"archharness/floats"
)

// Each case calls one generated wrapper on the C object and compares what
// the C method received (its recording) and returned with what was passed.
// The values are exact in float32 and float64.

func check(t *testing.T, method string, want ...float64) {
	t.Helper()
	got := Recorded()
	want = append([]float64{1}, want...) // this
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%s: the C method received %v, want %v (the first is 1 when this was the object)", method, got, want)
	}
}

func TestMixed(t *testing.T) {
	hr, err := Object().Mixed(1.5, 1<<40+3, -2.25, -7, 0.125)
	if hr != 1 || err != nil {
		t.Errorf("Mixed = %v, %v; want S_FALSE (1), nil", hr, err)
	}
	check(t, "Mixed", 1.5, 1<<40+3, -2.25, -7, 0.125)
}

func TestMany(t *testing.T) {
	// Nine doubles: V0-V7 and a stack slot; eight ints after this: X1-X7
	// and a stack slot; then a float in a stack slot (no V register left).
	if _, err := Object().Many(1, 2, 3, 4, 5, 6, 7, 8, 9.5, 11, 12, 13, 14, 15, 16, 17, 18, 19.25); err != nil {
		t.Error(err)
	}
	check(t, "Many", 1, 2, 3, 4, 5, 6, 7, 8, 9.5, 11, 12, 13, 14, 15, 16, 17, 18, 19.25)
}

func TestHfa(t *testing.T) {
	if _, err := Object().Hfa(floats.VEC3{X: 1.5, Y: -2.5, Z: 3.75}, 4.5, floats.DPAIR{Re: -5.5, Im: 6.25}); err != nil {
		t.Error(err)
	}
	check(t, "Hfa", 1.5, -2.5, 3.75, 4.5, -5.5, 6.25)
}

func TestHfaSpill(t *testing.T) {
	// Six doubles take V0-V5; the three-member VEC3 does not fit in V6-V7,
	// so it goes to the stack, and so does the float after it.
	if _, err := Object().HfaSpill(1, 2, 3, 4, 5, 6, floats.VEC3{X: 7.5, Y: 8.5, Z: 9.5}, 10.25); err != nil {
		t.Error(err)
	}
	check(t, "HfaSpill", 1, 2, 3, 4, 5, 6, 7.5, 8.5, 9.5, 10.25)
}

func TestPairSpill(t *testing.T) {
	// this and six ints take X0-X6; the 16-byte WIDE does not start in X7:
	// it and the int after it go to the stack; the float takes V0.
	if _, err := Object().PairSpill(1, 2, 3, 4, 5, 6, floats.WIDE{A: 1<<33 + 7, B: -8}, 9, 10.5); err != nil {
		t.Error(err)
	}
	check(t, "PairSpill", 1, 2, 3, 4, 5, 6, 1<<33+7, -8, 9, 10.5)
}

func TestScale(t *testing.T) {
	if got := Object().Scale(2.5, 3); got != 7.5 {
		t.Errorf("Scale(2.5, 3) = %v, want 7.5", got)
	}
	check(t, "Scale", 2.5, 3)
}

func TestSum(t *testing.T) {
	if got := Object().Sum(1.25, 2.5, -10); got != -6.25 {
		t.Errorf("Sum(1.25, 2.5, -10) = %v, want -6.25", got)
	}
	check(t, "Sum", 1.25, 2.5, -10)
}

func TestRound(t *testing.T) {
	if got := Object().Round(41.75); got != 42 {
		t.Errorf("Round(41.75) = %v, want 42", got)
	}
	check(t, "Round", 41.75)
}
