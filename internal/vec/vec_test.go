package vec

import (
	"math"
	"testing"
)

func TestArgmax(t *testing.T) {
	nan := float32(math.NaN())
	for _, c := range []struct {
		v    []float32
		want int
	}{
		{[]float32{3}, 0},
		{[]float32{1, 5, 2}, 1},
		{[]float32{-3, -1, -2}, 1},
		{[]float32{2, 7, 7, 1}, 1}, // ties: the lower index
		{[]float32{nan, 1, 2}, 0},  // as the two copies it replaces did
		{[]float32{1, nan, 2, nan}, 2},
	} {
		if got := Argmax(c.v); got != c.want {
			t.Errorf("Argmax(%v) = %d, want %d", c.v, got, c.want)
		}
	}
}
