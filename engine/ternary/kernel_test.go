package ternary

import (
	"math"
	"math/rand"
	"testing"

	"trigo/engine/tensor"
)

func randWeights(rng *rand.Rand, n int) []float32 {
	w := make([]float32, n)
	for i := range w {
		w[i] = float32(rng.NormFloat64())
	}
	return w
}

func TestPackMatchesTernaryQuant(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	for _, sh := range [][2]int{{1, 1}, {3, 5}, {4, 128}, {5, 129}, {7, 300}, {16, 256}, {2, 1536}} {
		w := randWeights(rng, sh[0]*sh[1])
		// Values exactly at ±α/2 must map to 0 (round half to even).
		m := Pack(w, sh[0], sh[1])
		want := tensor.TernaryQuant(tensor.New(w, sh[0], sh[1])).Data
		got := m.Dequant()
		for i := range want {
			if got[i] != want[i] {
				t.Fatalf("%v: weight %d: packed %g, TernaryQuant %g", sh, i, got[i], want[i])
			}
		}
		if m.Scale != tensor.TernaryScale(w) {
			t.Fatalf("%v: scale %g, want %g", sh, m.Scale, tensor.TernaryScale(w))
		}
	}
	// Ties: w/α exactly ±0.5 maps to 0 (α = 0.5 here).
	w := []float32{1.5, 0.25, -0.25, 0}
	m := Pack(w, 1, 4)
	if got := m.Codes(); got[0] != 1 || got[1] != 0 || got[2] != 0 || got[3] != 0 || m.Scale != 0.5 {
		t.Fatalf("ties: codes %v scale %g, want [1 0 0 0] and 0.5", got, m.Scale)
	}
	m = PackCodes([]int8{-1, 0, 1, 1, 0, -1}, 2, 3, 0.25)
	if got := m.Codes(); got[0] != -1 || got[1] != 0 || got[2] != 1 || got[5] != -1 {
		t.Fatalf("codes round trip: %v", got)
	}
}

func TestQuantizeActsMatchesInt8Quant(t *testing.T) {
	for _, goOnly := range []bool{false, true} {
		forceGoQuant = goOnly
		testQuantizeActs(t)
	}
	forceGoQuant = false
}

func testQuantizeActs(t *testing.T) {
	rng := rand.New(rand.NewSource(2))
	for trial, n := range []int{1, 5, 15, 16, 17, 31, 32, 33, 128, 333, 1536, 16, 17, 33, 1536} {
		x := randWeights(rng, n)
		x[n/2] *= 3 // the absmax somewhere in the middle
		if trial > 10 {
			// Exact ties x·s = k + ½ (s = 127/508 = 0.25 exactly): the
			// rounding must go to even.
			x[n-1] = 508
			x[0], x[1], x[2] = 10, -14, 2
		}
		q := make([]int8, n+7)
		s, sum := QuantizeActs(x, q)
		ref := tensor.Int8Quant(tensor.New(x, 1, n)).Data
		var want int32
		if trial > 10 && (q[0] != 2 || q[1] != -4 || q[2] != 0) {
			t.Fatalf("ties 2.5, −3.5, 0.5 quantised to %d, %d, %d, want 2, −4, 0", q[0], q[1], q[2])
		}
		for j := range x {
			if float32(q[j])/s != ref[j] {
				t.Fatalf("n=%d: q[%d]/s = %g, Int8Quant %g", n, j, float32(q[j])/s, ref[j])
			}
			want += int32(q[j])
		}
		if sum != want {
			t.Fatalf("sum %d, want %d", sum, want)
		}
		for _, v := range q[n:] {
			if v != 0 {
				t.Fatal("padding not zeroed")
			}
		}
	}
}

// Every usable kernel equals the reference on odd sizes, extreme codes and
// activations (−128 included).
func TestKernelsMatchReference(t *testing.T) {
	rng := rand.New(rand.NewSource(3))
	for _, k := range Kernels() {
		for _, cols := range []int{1, 31, 127, 128, 129, 255, 256, 257, 320, 383, 511, 1152, 1536, 1537} {
			for _, rows := range []int{1, 3, 4, 6, 9} {
				codes := make([]int8, rows*cols)
				for i := range codes {
					codes[i] = int8(rng.Intn(3)) - 1
				}
				if cols > 5 {
					for j := 0; j < cols; j++ { // one all-(+1) row, one all-(−1)
						codes[j] = 1
						if rows > 1 {
							codes[cols+j] = -1
						}
					}
				}
				m := PackCodes(codes, rows, cols, 0.5)
				nb := m.Blocks()
				q := make([]int8, nb*BlockWeights)
				for j := 0; j < cols; j++ {
					q[j] = int8(rng.Intn(256) - 128)
				}
				if cols > 3 {
					q[0], q[1], q[2] = -128, 127, -128
				}
				qk := q
				if k.Permuted {
					qk = make([]int8, (nb+1)/2*256)
					PermuteActs(qk, q, nb)
				}
				pr := paddedRows(rows)
				for r0 := 0; r0 < pr; r0 += 4 {
					// Every suffix of whole groups, so the kernels' group
					// loop and start offsets are covered.
					got, want := make([]int32, pr-r0), make([]int32, pr-r0)
					k.Dot(nb, m.Data[r0*m.RowBytes:], m.RowBytes, qk, got)
					dotRef(nb, m.Data[r0*m.RowBytes:], m.RowBytes, q, want)
					for i := range got {
						if got[i] != want[i] {
							t.Fatalf("%s: %d×%d rows %d..: %v, reference %v", k.Name, rows, cols, r0, got, want)
						}
					}
				}
				// The reference against plain arithmetic on the codes.
				want := make([]int32, pr)
				dotRef(nb, m.Data, m.RowBytes, q, want)
				for r := 0; r < rows; r++ {
					var s, sq int32
					for j := 0; j < cols; j++ {
						s += int32(codes[r*cols+j]) * int32(q[j])
						sq += int32(q[j])
					}
					if want[r]-sq != s {
						t.Fatalf("reference: row %d: %d − %d ≠ %d", r, want[r], sq, s)
					}
				}
			}
		}
	}
	t.Logf("kernels: %v (active %s)", kernelNames(), Active().Name)
}

func kernelNames() []string {
	var n []string
	for _, k := range Kernels() {
		n = append(n, k.Name)
	}
	return n
}

// Linear reproduces tensor.Linear(Int8Quant(x), TernaryQuant(W), b) to
// float32 rounding, with every kernel.
func TestLinearMatchesFakeQuant(t *testing.T) {
	rng := rand.New(rand.NewSource(4))
	for _, k := range Kernels() {
		prev, _ := SetKernel(k.Name)
		for _, sh := range [][2]int{{3, 256}, {7, 77}, {256, 1536}, {33, 320}} {
			out, in := sh[0], sh[1]
			w := randWeights(rng, out*in)
			b := randWeights(rng, out)
			x := randWeights(rng, in)
			l := NewLinear(Pack(w, out, in), b)
			y := make([]float32, out)
			l.MulVec(y, x)
			ref := tensor.Linear(tensor.Int8Quant(tensor.New(x, 1, in)), tensor.TernaryQuant(tensor.New(w, out, in)), tensor.New(b, out)).Data
			for i := range y {
				if d := math.Abs(float64(y[i] - ref[i])); d > 1e-5*(1+math.Abs(float64(ref[i]))) {
					t.Fatalf("%s %v: y[%d] = %g, fake-quant forward %g", k.Name, sh, i, y[i], ref[i])
				}
			}
			// Split rows as the decoder's workers do.
			y2 := make([]float32, out)
			l.SetInput(x)
			l.Rows(y2, 0, out/2)
			l.Rows(y2, out/2, out)
			for i := range y {
				if y2[i] != y[i] {
					t.Fatalf("%s %v: split rows differ at %d", k.Name, sh, i)
				}
			}
		}
		SetKernel(prev)
	}
}

func BenchmarkKernels(b *testing.B) {
	const rows, cols = 1536, 256
	rng := rand.New(rand.NewSource(5))
	m := Pack(randWeights(rng, rows*cols), rows, cols)
	x := randWeights(rng, cols)
	y := make([]float32, rows)
	for _, k := range Kernels() {
		b.Run(k.Name, func(b *testing.B) {
			prev, _ := SetKernel(k.Name)
			defer SetKernel(prev)
			l := NewLinear(m, nil)
			b.SetBytes(int64(rows * cols)) // weights per op
			for i := 0; i < b.N; i++ {
				l.MulVec(y, x)
			}
		})
	}
}
