package tensor

import (
	"math"
	"math/rand"
	"sort"
	"strings"
	"testing"

	"trigo/engine/parallel"
)

func TestAttentionGolden(t *testing.T) {
	runGolden(t, "attention", func(c goldenCase, in map[string]*Tensor) []*Tensor {
		return []*Tensor{Attention(in["q"], in["k"], in["v"], int(c.Params["heads"]), int(c.Params["topk"]))}
	})
}

func TestAttentionGradCheck(t *testing.T) {
	rng := rand.New(rand.NewSource(10))
	for _, topK := range []int{0, 3} {
		q, k, v := Randn(rng, 1, 2, 9, 8), Randn(rng, 1, 2, 9, 8), Randn(rng, 1, 2, 9, 8)
		// The kept set must not change under the ±0.01 probes: redraw until
		// every row's k-th and (k+1)-th scores are well apart.
		for topK > 0 && topKGap(q, k, 2, topK) < 0.1 {
			q, k = Randn(rng, 1, 2, 9, 8), Randn(rng, 1, 2, 9, 8)
		}
		gradCheck(t, "Attention", func(in []*Tensor) *Tensor { return Attention(in[0], in[1], in[2], 2, topK) }, q, k, v)
	}
}

// One tensor as q, k and v: the three gradients land in one buffer.
func TestAttentionSharedInputGradCheck(t *testing.T) {
	rng := rand.New(rand.NewSource(15))
	x := Randn(rng, 1, 1, 7, 8)
	gradCheck(t, "Attention(x, x, x)", func(in []*Tensor) *Tensor { return Attention(in[0], in[0], in[0], 2, 0) }, x)
}

// topKGap is the smallest difference between a row's topK-th and
// (topK+1)-th scores over rows that see more than topK keys.
func topKGap(q, k *Tensor, heads, topK int) float64 {
	B, T, D := q.Shape[0], q.Shape[1], q.Shape[2]
	dh := D / heads
	gap := math.Inf(1)
	for b := 0; b < B; b++ {
		for h := 0; h < heads; h++ {
			for i := topK; i < T; i++ {
				s := make([]float64, i+1)
				for j := range s {
					for d := 0; d < dh; d++ {
						s[j] += float64(q.Data[(b*T+i)*D+h*dh+d]) * float64(k.Data[(b*T+j)*D+h*dh+d])
					}
					s[j] /= math.Sqrt(float64(dh))
				}
				sort.Sort(sort.Reverse(sort.Float64Slice(s)))
				gap = math.Min(gap, s[topK-1]-s[topK])
			}
		}
	}
	return gap
}

// attentionRef is a float64 loop-by-loop Attention with its backward for
// dy, written independently of the blocked GEMM version: it returns the
// output and the gradients of sum(out·dy) for q, k and v.
func attentionRef(q, k, v, dy *Tensor, heads, topK int) (out, dq, dk, dv []float64) {
	B, T, D := q.Shape[0], q.Shape[1], q.Shape[2]
	dh := D / heads
	scale := 1 / math.Sqrt(float64(dh))
	out, dq, dk, dv = make([]float64, B*T*D), make([]float64, B*T*D), make([]float64, B*T*D), make([]float64, B*T*D)
	at := func(x []float32, b, t, h, i int) float64 { return float64(x[(b*T+t)*D+h*dh+i]) }
	for b := 0; b < B; b++ {
		for h := 0; h < heads; h++ {
			for i := 0; i < T; i++ {
				s := make([]float64, i+1)
				for j := range s {
					for d := 0; d < dh; d++ {
						s[j] += at(q.Data, b, i, h, d) * at(k.Data, b, j, h, d) * scale
					}
				}
				keep := make([]int, i+1)
				for j := range keep {
					keep[j] = j
				}
				sort.SliceStable(keep, func(x, y int) bool { return s[keep[x]] > s[keep[y]] })
				if topK > 0 && topK < len(keep) {
					keep = keep[:topK]
				}
				mx := math.Inf(-1)
				for _, j := range keep {
					mx = math.Max(mx, s[j])
				}
				p := make([]float64, len(keep))
				var sum float64
				for m, j := range keep {
					p[m] = math.Exp(s[j] - mx)
					sum += p[m]
				}
				dp := make([]float64, len(keep))
				var dot float64
				for m, j := range keep {
					p[m] /= sum
					for d := 0; d < dh; d++ {
						out[(b*T+i)*D+h*dh+d] += p[m] * at(v.Data, b, j, h, d)
						dp[m] += at(dy.Data, b, i, h, d) * at(v.Data, b, j, h, d)
					}
					dot += p[m] * dp[m]
				}
				for m, j := range keep {
					ds := p[m] * (dp[m] - dot) * scale
					for d := 0; d < dh; d++ {
						dq[(b*T+i)*D+h*dh+d] += ds * at(k.Data, b, j, h, d)
						dk[(b*T+j)*D+h*dh+d] += ds * at(q.Data, b, i, h, d)
						dv[(b*T+j)*D+h*dh+d] += p[m] * at(dy.Data, b, i, h, d)
					}
				}
			}
		}
	}
	return out, dq, dk, dv
}

func relErr64(got []float32, want []float64) float64 {
	w := make([]float32, len(want))
	for i, x := range want {
		w[i] = float32(x)
	}
	return relErr(got, w)
}

// Sequences longer than the GEMM row block (64) exercise the causal block
// skipping; compare with the loop reference, forward and backward.
func TestAttentionMatchesReference(t *testing.T) {
	rng := rand.New(rand.NewSource(11))
	for _, tc := range []struct{ B, T, D, H, topK int }{
		{2, 150, 16, 2, 0}, {2, 150, 16, 2, 16}, {1, 70, 12, 3, 5}, {1, 129, 8, 1, 128}, {3, 65, 8, 2, 1},
	} {
		q, k, v := Randn(rng, 1, tc.B, tc.T, tc.D), Randn(rng, 1, tc.B, tc.T, tc.D), Randn(rng, 1, tc.B, tc.T, tc.D)
		dy := Randn(rng, 1, tc.B, tc.T, tc.D)
		for _, x := range []*Tensor{q, k, v} {
			x.SetRequiresGrad(true)
			x.Grad = nil
		}
		out := Attention(q, k, v, tc.H, tc.topK)
		Backward(Sum(Mul(out, dy)))
		wo, wq, wk, wv := attentionRef(q, k, v, dy, tc.H, tc.topK)
		for _, c := range []struct {
			name string
			got  []float32
			want []float64
		}{{"out", out.Data, wo}, {"dq", q.Grad, wq}, {"dk", k.Grad, wk}, {"dv", v.Grad, wv}} {
			if e := relErr64(c.got, c.want); e > 1e-5 {
				t.Errorf("%+v %s: relative error %.3g", tc, c.name, e)
			}
		}
	}
}

// AttentionCached over the last Tq positions equals the last Tq rows of
// Attention over the whole sequence.
func TestAttentionCachedMatchesAttention(t *testing.T) {
	rng := rand.New(rand.NewSource(12))
	const B, T, D, H = 2, 100, 16, 4
	q, k, v := Randn(rng, 1, B, T, D), Randn(rng, 1, B, T, D), Randn(rng, 1, B, T, D)
	for _, topK := range []int{0, 16, 2} {
		var full *Tensor
		NoGrad(func() { full = Attention(q, k, v, H, topK) })
		for _, tq := range []int{1, 7, 65, T} {
			for _, tk := range []int{T, T - 20} {
				if tq > tk {
					continue
				}
				// Positions tk−tq .. tk−1 of a sequence cut after tk keys.
				qs, ks, vs := Zeros(B, tq, D), Zeros(B, tk, D), Zeros(B, tk, D)
				for b := 0; b < B; b++ {
					copy(qs.Data[b*tq*D:(b+1)*tq*D], q.Data[(b*T+tk-tq)*D:(b*T+tk)*D])
					copy(ks.Data[b*tk*D:(b+1)*tk*D], k.Data[b*T*D:(b*T+tk)*D])
					copy(vs.Data[b*tk*D:(b+1)*tk*D], v.Data[b*T*D:(b*T+tk)*D])
				}
				got := AttentionCached(qs, ks, vs, H, topK)
				for b := 0; b < B; b++ {
					want := full.Data[(b*T+tk-tq)*D : (b*T+tk)*D]
					if e := relErr(got.Data[b*tq*D:(b+1)*tq*D], want); e > 1e-5 {
						t.Errorf("topK %d Tq %d Tk %d batch %d: relative error %.3g", topK, tq, tk, b, e)
					}
				}
			}
		}
	}
}

// Exactly equal scores at the cut keep the lower key index.
func TestAttentionTopKTiesKeepLowerIndex(t *testing.T) {
	const T, D = 5, 2
	q, k, v := Zeros(1, T, D), Zeros(1, T, D), Zeros(1, T, D)
	for i := 0; i < T; i++ {
		q.Data[i*D] = 1
		k.Data[i*D] = 1 // every score equal
		v.Data[i*D+1] = float32(i)
	}
	out := Attention(q, k, v, 1, 2)
	// Query 4 keeps keys 0 and 1: output = (0+1)/2.
	if got := out.Data[4*D+1]; got != 0.5 {
		t.Fatalf("tied scores: query 4 output %v, want 0.5 (keys 0 and 1 kept)", got)
	}
}

func TestKthLargest(t *testing.T) {
	rng := rand.New(rand.NewSource(13))
	for trial := 0; trial < 300; trial++ {
		n := 1 + rng.Intn(60)
		w := make([]int32, n)
		for i := range w {
			switch trial % 3 {
			case 0:
				w[i] = int32(rng.Intn(8)) // many duplicates
			case 1:
				w[i] = int32(i) // increasing
			default:
				w[i] = rng.Int31() - 1<<30
			}
		}
		sorted := append([]int32(nil), w...)
		sort.Slice(sorted, func(i, j int) bool { return sorted[i] > sorted[j] })
		k := 1 + rng.Intn(n)
		if got := kthLargest(w, k); got != sorted[k-1] {
			t.Fatalf("kthLargest(%v, %d) = %v, want %v", sorted, k, got, sorted[k-1])
		}
	}
}

// The integer keys order floats as the floats do.
func TestOrderKey(t *testing.T) {
	xs := []float32{float32(math.Inf(-1)), -3e38, -2, -1, -1e-40, 0, 1e-40, 0.5, 1, 2, 3e38, float32(math.Inf(1))}
	for i := range xs {
		if got := fromOrderKey(orderKey(xs[i])); got != xs[i] {
			t.Errorf("round trip of %v gave %v", xs[i], got)
		}
		if i > 0 && orderKey(xs[i-1]) >= orderKey(xs[i]) {
			t.Errorf("key(%v) ≥ key(%v)", xs[i-1], xs[i])
		}
	}
	if orderKey(float32(math.Copysign(0, -1))) != orderKey(0) {
		t.Error("−0 and +0 must share a key")
	}
}

// Results do not depend on the thread count.
func TestAttentionThreads(t *testing.T) {
	rng := rand.New(rand.NewSource(14))
	q, k, v := Randn(rng, 1, 3, 40, 12), Randn(rng, 1, 3, 40, 12), Randn(rng, 1, 3, 40, 12)
	for _, topK := range []int{0, 4} {
		run := func(th int) []float32 {
			prev := parallel.SetThreads(th)
			defer parallel.SetThreads(prev)
			for _, x := range []*Tensor{q, k, v} {
				x.SetRequiresGrad(true)
				x.Grad = nil
			}
			out := Attention(q, k, v, 3, topK)
			Backward(Sum(Mul(out, out)))
			return append(append(append(append([]float32(nil), out.Data...), q.Grad...), k.Grad...), v.Grad...)
		}
		if a, b := run(1), run(4); relErr(b, a) != 0 {
			t.Errorf("topK %d: 1 and 4 threads differ by %.3g", topK, relErr(b, a))
		}
	}
}

func TestAttentionBadInput(t *testing.T) {
	z := Zeros(2, 5, 12)
	for _, tc := range []struct {
		q, k, v *Tensor
		heads   int
		want    string
	}{
		{z, z, z, 5, "5 heads"},
		{z, Zeros(2, 5, 8), z, 2, "[2 5 8]"},
		{z, z, Zeros(2, 4, 12), 2, "[2 4 12]"},
		{Zeros(5, 12), z, z, 2, "[5 12]"},
		{z, z, z, 0, "0 heads"},
	} {
		err := Catch(func() { Attention(tc.q, tc.k, tc.v, tc.heads, 0) })
		if err == nil || !strings.Contains(err.Error(), "tensor.Attention") || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("q %v k %v v %v heads %d: got %v", tc.q.Shape, tc.k.Shape, tc.v.Shape, tc.heads, err)
		}
	}
	err := Catch(func() { AttentionCached(Zeros(1, 6, 8), Zeros(1, 5, 8), Zeros(1, 5, 8), 2, 0) })
	if err == nil || !strings.Contains(err.Error(), "tensor.AttentionCached") || !strings.Contains(err.Error(), "[1 6 8]") {
		t.Errorf("AttentionCached with Tq > Tk: got %v", err)
	}
}

func BenchmarkAttention(b *testing.B) {
	rng := rand.New(rand.NewSource(1))
	const B, T, D, H = 16, 256, 256, 8
	q, k, v := Randn(rng, 1, B, T, D), Randn(rng, 1, B, T, D), Randn(rng, 1, B, T, D)
	for _, topK := range []int{16, 0} {
		name := map[int]string{16: "topk16", 0: "full"}[topK]
		b.Run("fwd+bwd/"+name, func(b *testing.B) {
			for _, x := range []*Tensor{q, k, v} {
				x.SetRequiresGrad(true)
			}
			for b.Loop() {
				out := Attention(q, k, v, H, topK)
				out.Grad = out.Data
				out.node.backward()
			}
		})
		b.Run("fwd/"+name, func(b *testing.B) {
			for b.Loop() {
				NoGrad(func() { Attention(q, k, v, H, topK) })
			}
		})
	}
	b.Run("decode/Tk256/topk16", func(b *testing.B) {
		q1, kc, vc := Randn(rng, 1, 1, 1, D), Randn(rng, 1, 1, T, D), Randn(rng, 1, 1, T, D)
		for b.Loop() {
			AttentionCached(q1, kc, vc, H, 16)
		}
	})
}
