package experiment

import (
	"math"
	"strings"
	"testing"
)

func TestRepeatedShare(t *testing.T) {
	for _, c := range []struct {
		name string
		s    string
		n    int
		want float64
	}{
		{"empty", "", 8, 0},
		{"shorter than n+1", "abcdefgh", 8, 0},
		{"no repeat", "The cat sat on a mat by the door.", 8, 0},
		{"one byte looped", strings.Repeat(")", 20), 8, 1},
		{"phrase looped", strings.Repeat("the dog ran. ", 4), 8, 1},
		// "abcdefgh" twice, then 8 fresh bytes: 16 of 24 bytes covered.
		{"repeat then fresh", "abcdefghabcdefgh12345678", 8, 16.0 / 24},
		// Overlapping occurrences of "aaaa" cover "aaaaa" (5 bytes) of 7.
		{"overlap", "aaaaaxy", 4, 5.0 / 7},
	} {
		if got := RepeatedShare(c.s, c.n); math.Abs(got-c.want) > 1e-12 {
			t.Errorf("%s: RepeatedShare(%q, %d) = %v, want %v", c.name, c.s, c.n, got, c.want)
		}
	}
}

func TestDegenerate(t *testing.T) {
	loop := "I like to play. I like to play. I like to play. I like"
	if !Degenerate(loop) {
		t.Errorf("Degenerate(%q) = false, want true (share %.2f)", loop, RepeatedShare(loop, DegenerateN))
	}
	// A reply that repeats one phrase once is not degenerate.
	ok := "Once upon a time a little cat found a red ball. The little cat was happy and ran home."
	if Degenerate(ok) {
		t.Errorf("Degenerate(%q) = true, want false (share %.2f)", ok, RepeatedShare(ok, DegenerateN))
	}
	share, n := DegenerateRate([]string{loop, ok, "", strings.Repeat("x", 30)})
	if n != 2 || share != 0.5 {
		t.Errorf("DegenerateRate = %v, %d; want 0.5, 2", share, n)
	}
	if s, n := DegenerateRate(nil); s != 0 || n != 0 {
		t.Errorf("DegenerateRate(nil) = %v, %d; want 0, 0", s, n)
	}
}

func TestCollapse(t *testing.T) {
	d, top, share := Collapse([]string{"b", "a", "b", "c", "a", "b"})
	if d != 3 || top != "b" || share != 0.5 {
		t.Errorf("Collapse = %d, %q, %v; want 3, \"b\", 0.5", d, top, share)
	}
	// Ties go to the reply that reached the count first.
	if _, top, _ := Collapse([]string{"x", "y", "y", "x"}); top != "y" {
		t.Errorf("Collapse tie: top %q, want \"y\" (reached 2 first)", top)
	}
	if d, top, share := Collapse(nil); d != 0 || top != "" || share != 0 {
		t.Errorf("Collapse(nil) = %d, %q, %v", d, top, share)
	}
}
