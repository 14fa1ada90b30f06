package kern

import (
	"math"
	"math/rand"
	"testing"
)

func randVec(rng *rand.Rand, n int, scale float64) []float32 {
	v := make([]float32, n)
	for i := range v {
		v[i] = float32(rng.NormFloat64() * scale)
	}
	return v
}

func sameBits(t *testing.T, what string, got, want []float32) {
	t.Helper()
	for i := range want {
		if math.Float32bits(got[i]) != math.Float32bits(want[i]) {
			t.Fatalf("%s[%d] = %v (%#x), want %v (%#x)", what, i, got[i], math.Float32bits(got[i]), want[i], math.Float32bits(want[i]))
		}
	}
}

// FWHT's radix-4 passes perform the textbook radix-2 levels' additions in
// the same order: the bits agree at every width, odd log₂D included.
func TestFWHTMatchesRadix2(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	for d := 1; d <= 1024; d *= 2 {
		v := randVec(rng, d, 1)
		want := append([]float32(nil), v...)
		for h := 1; h < d; h *= 2 {
			for i := 0; i < d; i += 2 * h {
				for j := i; j < i+h; j++ {
					a, b := want[j], want[j+h]
					want[j], want[j+h] = a+b, a-b
				}
			}
		}
		s := HadamardScale(d)
		for i := range want {
			want[i] *= s
		}
		FWHT(v, s)
		sameBits(t, "FWHT", v, want)
	}
}

// GELU in one pass equals the three passes the training op used before
// (cubic, ExpAffine, divide), tails included, in place or not.
func TestGELUMatchesExpAffine(t *testing.T) {
	var x []float32
	for v := -60.0; v <= 60; v += 0.0137 {
		x = append(x, float32(v))
	}
	// Around the exponent's clamps: a = −2u crosses ExpMax near x = −10.061
	// and ExpMin near x = 10.001.
	for _, c := range []float32{-10.061, -10.0605, 10.001, 10.0015} {
		for i := -200; i <= 200; i++ {
			x = append(x, c+float32(i)*1e-4)
		}
	}
	x = append(x, 0, float32(math.Copysign(0, -1)), float32(math.Inf(1)), float32(math.Inf(-1)), 3e38, -3e38)
	want := make([]float32, len(x))
	for i, v := range x {
		want[i] = v + geluC*v*v*v
	}
	ExpAffine(want, want, -2*geluK, 0)
	for i, v := range x {
		want[i] = v / (1 + want[i])
	}
	got := make([]float32, len(x))
	GELU(got, x)
	sameBits(t, "GELU", got, want)
	GELU(x, x)
	sameBits(t, "GELU in place", x, want)
}

// GELUFast (assembly where the CPU has it) agrees with GELU to float32
// rounding.
func TestGELUFastNearGELU(t *testing.T) {
	x := randVec(rand.New(rand.NewSource(2)), 1003, 4)
	want := make([]float32, len(x))
	GELU(want, x)
	GELUFast(x)
	for i := range x {
		if d := math.Abs(float64(x[i] - want[i])); d > 2e-6*math.Abs(float64(want[i]))+1e-7 {
			t.Fatalf("GELUFast[%d] = %g, GELU %g", i, x[i], want[i])
		}
	}
}

// Softmax equals the per-element Exp loop (the decoder's former kernel) bit
// for bit, and works in place.
func TestSoftmaxMatchesExpLoop(t *testing.T) {
	rng := rand.New(rand.NewSource(3))
	for _, n := range []int{1, 2, 5, 64, 513} {
		x := randVec(rng, n, 10)
		want := append([]float32(nil), x...)
		mx := want[0]
		for _, v := range want[1:] {
			mx = max(mx, v)
		}
		var sum float32
		for i, v := range want {
			e := Exp(v - mx)
			want[i] = e
			sum += e
		}
		inv := 1 / sum
		for i := range want {
			want[i] *= inv
		}
		got := make([]float32, n)
		Softmax(got, x)
		sameBits(t, "Softmax", got, want)
		Softmax(x, x)
		sameBits(t, "Softmax in place", x, want)
	}
}

// LayerNorm and LayerNormSerial compute the same function; only their
// summation orders differ.
func TestLayerNormOrders(t *testing.T) {
	rng := rand.New(rand.NewSource(4))
	for _, d := range []int{1, 3, 32, 257} {
		x, g, b := randVec(rng, d, 3), randVec(rng, d, 1), randVec(rng, d, 1)
		for i := range x {
			x[i] += 5 // a mean far from 0
		}
		y1, y2 := make([]float32, d), make([]float32, d)
		LayerNorm(y1, x, g, b, 1e-5)
		LayerNormSerial(y2, x, g, b, 1e-5)
		for i := range y1 {
			if d := math.Abs(float64(y1[i] - y2[i])); d > 1e-5 {
				t.Fatalf("D=%d: LayerNorm[%d] = %g, LayerNormSerial %g", len(x), i, y1[i], y2[i])
			}
		}
	}
}

// RoPE in place equals RoPE into another slice; RoPEBackward undoes it.
func TestRoPEInPlaceAndInverse(t *testing.T) {
	rng := rand.New(rand.NewSource(5))
	const dh = 16
	cos, sin := RoPETable(dh, 0, 40)
	x := randVec(rng, dh, 1)
	p := 37
	cs, sn := cos[p*dh/2:(p+1)*dh/2], sin[p*dh/2:(p+1)*dh/2]
	y := make([]float32, dh)
	RoPE(y, x, cs, sn)
	in := append([]float32(nil), x...)
	RoPE(in, in, cs, sn)
	sameBits(t, "RoPE in place", in, y)
	back := make([]float32, dh)
	RoPEBackward(back, y, cs, sn)
	for i := range x {
		if math.Abs(float64(back[i]-x[i])) > 1e-6 {
			t.Fatalf("RoPEBackward(RoPE(x))[%d] = %g, x %g", i, back[i], x[i])
		}
	}
}

// SelectTopK keeps the n largest scores, lower indices first among ties, in
// index order.
func TestSelectTopKTies(t *testing.T) {
	row := []float32{1, 3, 2, 3, 3, 0, 3}
	idx, pk := make([]int32, 3), make([]float32, 3)
	SelectTopK(row, 3, NewTopKScratch(3, len(row)), idx, pk)
	if idx[0] != 1 || idx[1] != 3 || idx[2] != 4 {
		t.Fatalf("kept %v, want keys 1, 3, 4", idx)
	}
	for _, p := range pk {
		if math.Abs(float64(p)-1.0/3) > 1e-7 {
			t.Fatalf("probabilities %v, want thirds", pk)
		}
	}
}
