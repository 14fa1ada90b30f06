package tensor

import (
	"math"
	"math/rand"
	"strings"
	"testing"
)

func TestRoPEGolden(t *testing.T) {
	runGolden(t, "rope", func(c goldenCase, in map[string]*Tensor) []*Tensor {
		return []*Tensor{RoPE(in["x"], int(c.Params["heads"]), int(c.Params["pos0"]))}
	})
}

func TestRoPEGradCheck(t *testing.T) {
	rng := rand.New(rand.NewSource(5))
	x := Randn(rng, 1, 2, 5, 12)
	gradCheck(t, "RoPE", func(in []*Tensor) *Tensor { return RoPE(in[0], 3, 7) }, x)
}

// Rotating rows one at a time with pos0 = t (the decode path) must equal
// rotating the whole sequence at once, including past the first table size.
func TestRoPEPositionsMatchDecode(t *testing.T) {
	rng := rand.New(rand.NewSource(6))
	const T, D, heads, start = 6, 16, 2, 1021
	x := Randn(rng, 1, 1, T, D)
	all := RoPE(x, heads, start)
	for tt := 0; tt < T; tt++ {
		row := RoPE(New(x.Data[tt*D:(tt+1)*D], 1, 1, D), heads, start+tt)
		if e := relErr(row.Data, all.Data[tt*D:(tt+1)*D]); e > 1e-6 {
			t.Fatalf("row %d: decode and full RoPE differ by %.3g", tt, e)
		}
	}
}

// Positions past the cached tables are computed per call; check them
// against the formula in float64.
func TestRoPEFarPositions(t *testing.T) {
	rng := rand.New(rand.NewSource(8))
	const T, D, heads, pos0 = 3, 8, 2, ropeCacheMax + 1000
	x := Randn(rng, 1, 1, T, D)
	y := RoPE(x, heads, pos0)
	dh, half := D/heads, D/heads/2
	want := make([]float32, len(x.Data))
	for tt := 0; tt < T; tt++ {
		for h := 0; h < heads; h++ {
			for i := 0; i < half; i++ {
				ang := float64(pos0+tt) * math.Pow(10000, -float64(2*i)/float64(dh))
				a, b := float64(x.Data[tt*D+h*dh+i]), float64(x.Data[tt*D+h*dh+i+half])
				want[tt*D+h*dh+i] = float32(a*math.Cos(ang) - b*math.Sin(ang))
				want[tt*D+h*dh+i+half] = float32(b*math.Cos(ang) + a*math.Sin(ang))
			}
		}
	}
	if e := relErr(y.Data, want); e > 1e-6 {
		t.Fatalf("far positions: relative error %.3g", e)
	}
}

// Position 0 is the identity, and the rotation keeps each pair's norm.
func TestRoPEIdentityAtZero(t *testing.T) {
	rng := rand.New(rand.NewSource(7))
	x := Randn(rng, 1, 1, 1, 8)
	if y := RoPE(x, 2, 0); relErr(y.Data, x.Data) != 0 {
		t.Fatal("position 0 must leave x unchanged")
	}
}

func TestRoPEBadInput(t *testing.T) {
	for _, tc := range []struct {
		x     *Tensor
		heads int
		pos0  int
		want  string
	}{
		{Zeros(1, 4, 12), 5, 0, "5 heads"},  // D not divisible by heads
		{Zeros(1, 4, 12), 4, 0, "[1 4 12]"}, // Dh = 3 is odd
		{Zeros(4, 12), 2, 0, "[4 12]"},      // not [B, T, D]
		{Zeros(1, 4, 12), 2, -1, "position -1"},
	} {
		err := Catch(func() { RoPE(tc.x, tc.heads, tc.pos0) })
		if err == nil || !strings.Contains(err.Error(), "tensor.RoPE") || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("x %v heads %d pos0 %d: got %v", tc.x.Shape, tc.heads, tc.pos0, err)
		}
	}
}
