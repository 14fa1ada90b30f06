package tensor

import (
	"fmt"
	"sync"

	"trigo/engine/parallel"
	"trigo/internal/kern"
)

// RoPE applies rotary position embeddings to each head of x.
// x [B, T, D], D = heads·Dh with Dh even, → [B, T, D].
// Rotate-half pairing (GPT-NeoX, Hugging Face LLaMA): inside a head, element
// i and i+Dh/2 (i < Dh/2) rotate together by the angle p·θ_i, where
// θ_i = 10000^(−2i/Dh) and p = pos0 + t is the position of row t (pos0 > 0
// when decoding after cached positions):
//
//	y[i]      = x[i]·cos − x[i+Dh/2]·sin
//	y[i+Dh/2] = x[i+Dh/2]·cos + x[i]·sin
func RoPE(x *Tensor, heads, pos0 int) *Tensor {
	if len(x.Shape) != 3 || heads < 1 || x.Shape[2]%heads != 0 || (x.Shape[2]/heads)%2 != 0 || pos0 < 0 {
		panic(fmt.Sprintf("tensor.RoPE: input %v with %d heads at position %d (want x [B, T, D], D = heads·Dh, Dh even, position ≥ 0)", x.Shape, heads, pos0))
	}
	B, T, D := x.Shape[0], x.Shape[1], x.Shape[2]
	dh := D / heads
	cos, sin := ropeTables(dh, pos0, T)
	y := Zeros(B, T, D)
	ropeRows3(B, T, D, dh, cos, sin, func(h0 int, cs, sn []float32) {
		kern.RoPE(y.Data[h0:h0+dh], x.Data[h0:h0+dh], cs, sn)
	})
	record(y, "RoPE", func() {
		dx := x.grad()
		ropeRows3(B, T, D, dh, cos, sin, func(h0 int, cs, sn []float32) {
			kern.RoPEBackward(dx[h0:h0+dh], y.Grad[h0:h0+dh], cs, sn)
		})
	}, x)
	return y
}

// ropeRows3 calls head for every head of every row of a [B, T, D] tensor
// with the head's offset h0 and its position's angles (row t of cos and
// sin [T, Dh/2]), rows split over workers.
func ropeRows3(B, T, D, dh int, cos, sin []float32, head func(h0 int, cs, sn []float32)) {
	half := dh / 2
	parallel.For(B*T, 32, func(lo, hi int) {
		for r := lo; r < hi; r++ {
			p := r % T
			cs, sn := cos[p*half:(p+1)*half], sin[p*half:(p+1)*half]
			for h0 := r * D; h0 < (r+1)*D; h0 += dh {
				head(h0, cs, sn)
			}
		}
	})
}

// ropeTable holds cos and sin of p·θ_i for positions p < n, [n, Dh/2].
type ropeTable struct {
	n        int
	cos, sin []float32
}

var ropeCache sync.Map // Dh → *ropeTable, replaced by a longer one on demand

// ropeCacheMax is the most positions a cached table covers (2 MiB at
// Dh = 64); rows past it are computed per call.
const ropeCacheMax = 1 << 13

// ropeTables returns cos/sin tables [T, Dh/2] for positions pos0..pos0+T−1.
// Cached tables grow by doubling (at least 1024 positions) and are never
// changed once published, so concurrent readers need no lock.
func ropeTables(dh, pos0, T int) (cos, sin []float32) {
	n := pos0 + T
	if v, ok := ropeCache.Load(dh); ok {
		if t := v.(*ropeTable); t.n >= n {
			return t.cos[pos0*(dh/2):], t.sin[pos0*(dh/2):]
		}
	}
	if n > ropeCacheMax {
		return ropeRows(dh, pos0, n) // far positions: not cached
	}
	size := 1024
	for size < n {
		size *= 2
	}
	t := &ropeTable{n: size}
	t.cos, t.sin = ropeRows(dh, 0, size)
	ropeCache.Store(dh, t)
	return t.cos[pos0*(dh/2):], t.sin[pos0*(dh/2):]
}

// ropeRows computes cos and sin of p·θ_i for positions lo ≤ p < hi,
// [hi−lo, Dh/2] (kern.RoPETable).
func ropeRows(dh, lo, hi int) (cos, sin []float32) { return kern.RoPETable(dh, lo, hi) }
