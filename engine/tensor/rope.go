package tensor

import (
	"fmt"
	"math"
	"sync"

	"trigo/engine/parallel"
)

// ropeBase is the rotary frequency base (LLaMA, GPT-NeoX).
const ropeBase = 10000

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
	ropeRotate(y.Data, x.Data, cos, sin, B, T, D, dh, 1)
	record(y, "RoPE", func() {
		// The rotation is orthogonal: dx = Rᵀ·dy, the rotation by −angle.
		ropeRotate(x.grad(), y.Grad, cos, sin, B, T, D, dh, -1)
	}, x)
	return y
}

// ropeRotate adds to dst the rotation of src by sign·angle (sign ±1); row
// t of cos and sin [T, Dh/2] holds its angles. dst is either a fresh output
// or a gradient, so it accumulates.
func ropeRotate(dst, src, cos, sin []float32, B, T, D, dh int, sign float32) {
	half := dh / 2
	parallel.For(B*T, 32, func(lo, hi int) {
		for r := lo; r < hi; r++ {
			p := r % T
			cs, sn := cos[p*half:(p+1)*half], sin[p*half:(p+1)*half]
			for h0 := r * D; h0 < (r+1)*D; h0 += dh {
				x1, x2 := src[h0:h0+half], src[h0+half:h0+dh]
				y1, y2 := dst[h0:h0+half], dst[h0+half:h0+dh]
				x2, y1, y2, cs, sn := x2[:len(x1)], y1[:len(x1)], y2[:len(x1)], cs[:len(x1)], sn[:len(x1)]
				for i := range x1 {
					c, s := cs[i], sign*sn[i]
					y1[i] += x1[i]*c - x2[i]*s
					y2[i] += x2[i]*c + x1[i]*s
				}
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
// [hi−lo, Dh/2], in float64 before rounding.
func ropeRows(dh, lo, hi int) (cos, sin []float32) {
	half := dh / 2
	cos, sin = make([]float32, (hi-lo)*half), make([]float32, (hi-lo)*half)
	for i := 0; i < half; i++ {
		theta := math.Pow(ropeBase, -float64(2*i)/float64(dh))
		for p := lo; p < hi; p++ {
			s, c := math.Sincos(float64(p) * theta)
			cos[(p-lo)*half+i], sin[(p-lo)*half+i] = float32(c), float32(s)
		}
	}
	return cos, sin
}
