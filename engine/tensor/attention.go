package tensor

import (
	"fmt"
	"math"
	"slices"

	"trigo/engine/blas"
	"trigo/engine/parallel"
	"trigo/internal/kern"
)

// Attention is fused causal multi-head attention with optional top-k
// sparsity. q, k, v [B, T, D], D = heads·Dh → [B, T, D].
//
// Head h reads columns [h·Dh, (h+1)·Dh) of q, k and v. Query t sees keys
// 0..t with scores S = q·kᵀ/√Dh. When 0 < topK < t+1, the query keeps only
// its topK highest scores and sets the rest to −∞ before the softmax; among
// exactly equal scores at the cut the lower key index is kept. topK ≤ 0 (or
// topK ≥ T) is full causal attention. Gradients flow only through the kept
// scores, as in PyTorch with masked_fill(−∞).
//
// Backward keeps the probabilities: dense [B, H, T, T] for full attention,
// [B, H, T, topK] probabilities and key indices with top-k.
func Attention(q, k, v *Tensor, heads, topK int) *Tensor {
	checkAttention("Attention", q, k, v, heads)
	B, T, D := q.Shape[0], q.Shape[1], q.Shape[2]
	a := newAttn(B, T, T, D, heads, topK)
	out := Zeros(B, T, D)
	need := GradEnabled() && (q.requiresGrad || k.requiresGrad || v.requiresGrad)
	if need {
		a.alloc()
	}
	a.forward(q.Data, k.Data, v.Data, out.Data)
	if need {
		record(out, "Attention", func() { a.backward(q, k, v, out.Grad) }, q, k, v)
	}
	return out
}

// AttentionCached is Attention for decoding with a key/value cache; it
// records no gradient. q [B, Tq, D] holds the last Tq positions of a
// sequence whose keys and values so far are kc, vc [B, Tk, D] (Tq ≤ Tk):
// query i sits at position Tk−Tq+i and sees keys 0..Tk−Tq+i. Its output
// [B, Tq, D] equals the last Tq rows of Attention over the whole sequence.
func AttentionCached(q, kc, vc *Tensor, heads, topK int) *Tensor {
	checkAttention("AttentionCached", q, kc, vc, heads)
	B, Tq, D := q.Shape[0], q.Shape[1], q.Shape[2]
	a := newAttn(B, Tq, kc.Shape[1], D, heads, topK)
	out := Zeros(B, Tq, D)
	a.forward(q.Data, kc.Data, vc.Data, out.Data)
	return out
}

// checkAttention panics unless q [B, Tq, D], k and v [B, Tk, D] with
// Tq ≤ Tk (Tq = Tk for Attention) and heads dividing D.
func checkAttention(op string, q, k, v *Tensor, heads int) {
	ok := len(q.Shape) == 3 && len(k.Shape) == 3 && slices.Equal(k.Shape, v.Shape) &&
		q.Shape[0] == k.Shape[0] && q.Shape[2] == k.Shape[2] && heads >= 1 && q.Shape[2]%heads == 0
	if ok && op == "Attention" {
		ok = q.Shape[1] == k.Shape[1]
	}
	if ok {
		ok = q.Shape[1] <= k.Shape[1]
	}
	if !ok {
		panic(fmt.Sprintf("tensor.%s: q %v, k %v, v %v with %d heads (want q [B, Tq, D], k and v [B, Tk, D], Tq ≤ Tk, D divisible by heads)", op, q.Shape, k.Shape, v.Shape, heads))
	}
}

// attnBlock is how many query rows one score GEMM covers: the causal mask
// lets each block skip the keys after its last row.
const attnBlock = 64

// attn holds the sizes of one attention call and what backward needs.
type attn struct {
	B, Tq, Tk, D, H, dh int
	p0                  int // position of query 0 among the keys: Tk − Tq
	topK                int // 0 = full attention (topK ≤ 0 or ≥ Tk normalised)
	scale               float32

	// Saved for backward (nil for inference):
	p   []float32 // full: probabilities [B, H, Tq, Tk], 0 where masked
	idx []int32   // top-k: kept key indices [B, H, Tq, topK], ascending
	pk  []float32 // top-k: their probabilities [B, H, Tq, topK]
}

func newAttn(B, Tq, Tk, D, heads, topK int) *attn {
	if topK >= Tk {
		topK = 0 // no query sees more than topK keys: full attention
	}
	dh := D / heads
	return &attn{B: B, Tq: Tq, Tk: Tk, D: D, H: heads, dh: dh, p0: Tk - Tq,
		topK: max(topK, 0), scale: float32(1 / math.Sqrt(float64(dh)))}
}

// alloc makes the buffers backward reads.
func (a *attn) alloc() {
	n := a.B * a.H * a.Tq
	if a.topK > 0 {
		a.idx = make([]int32, n*a.topK)
		a.pk = make([]float32, n*a.topK)
	} else {
		a.p = make([]float32, n*a.Tk)
	}
}

// kept is how many keys query row i attends to.
func (a *attn) kept(i int) int {
	n := a.p0 + i + 1
	if a.topK > 0 && n > a.topK {
		return a.topK
	}
	return n
}

// forward writes o [B, Tq, D] (zeroed) from q [B, Tq, D], k, v [B, Tk, D],
// one (batch, head) pair per task.
func (a *attn) forward(q, k, v, o []float32) {
	B, H, Tq, Tk, D, dh := a.B, a.H, a.Tq, a.Tk, a.D, a.dh
	minChunk := 1
	if work := Tq * Tk * dh; work < 1<<15 {
		minChunk = (1 << 15) / max(work, 1)
	}
	parallel.For(B*H, minChunk, func(lo, hi int) {
		blk := min(attnBlock, Tq)
		scratch := make([]float32, blk*Tk) // scores of one row block
		var sel *kern.TopKScratch
		if a.topK > 0 {
			sel = kern.NewTopKScratch(a.topK, Tk)
		}
		var idxBuf []int32 // kept keys of one row, inference
		var pkBuf []float32
		if a.topK > 0 && a.idx == nil {
			idxBuf, pkBuf = make([]int32, a.topK), make([]float32, a.topK)
		}
		for bh := lo; bh < hi; bh++ {
			b, h := bh/H, bh%H
			qh := q[b*Tq*D+h*dh:]
			kh := k[b*Tk*D+h*dh:]
			vh := v[b*Tk*D+h*dh:]
			oh := o[b*Tq*D+h*dh:]
			for r0 := 0; r0 < Tq; r0 += blk {
				r1 := min(r0+blk, Tq)
				nk := a.p0 + r1 // keys any row of the block can see
				// Scores S[r0:r1, 0:nk] = scale · Q[r0:r1] · K[0:nk]ᵀ.
				s, ld := scratch, Tk
				if a.p != nil {
					s = a.p[(bh*Tq+r0)*Tk:]
				}
				blas.SgemmSerial(false, true, r1-r0, nk, dh, a.scale, qh[r0*D:], D, kh, D, 0, s, ld)
				if a.topK == 0 {
					for i := r0; i < r1; i++ {
						row := s[(i-r0)*ld : (i-r0)*ld+nk]
						softmaxPrefix(row, a.p0+i+1)
					}
					// O[r0:r1] = P[r0:r1, 0:nk] · V[0:nk].
					blas.SgemmSerial(false, false, r1-r0, dh, nk, 1, s, ld, vh, D, 0, oh[r0*D:], D)
					continue
				}
				for i := r0; i < r1; i++ {
					row := s[(i-r0)*ld : (i-r0)*ld+a.p0+i+1]
					n := a.kept(i)
					idx, pk := idxBuf, pkBuf
					if a.idx != nil {
						idx = a.idx[(bh*Tq+i)*a.topK:]
						pk = a.pk[(bh*Tq+i)*a.topK:]
					}
					idx, pk = idx[:n], pk[:n]
					kern.SelectTopK(row, n, sel, idx, pk)
					orow := oh[i*D : i*D+dh]
					for m, j := range idx {
						blas.Saxpy(pk[m], vh[int(j)*D:int(j)*D+dh], orow)
					}
				}
			}
		}
	})
}

// softmaxPrefix turns row[:n] into softmax probabilities and zeroes the
// rest of row (the causally masked keys).
func softmaxPrefix(row []float32, n int) {
	kern.Softmax(row[:n], row[:n])
	clear(row[n:])
}

// backward adds dq, dk, dv for the output gradient do [B, T, D].
//
//	dP = dO·Vᵀ,  dS = P⊙(dP − rowsum(P⊙dP)),  dQ = scale·dS·K,
//	dK = scale·dSᵀ·Q,  dV = Pᵀ·dO          (only kept entries with top-k)
func (a *attn) backward(q, k, v *Tensor, do []float32) {
	var dq, dk, dv []float32
	if q.requiresGrad {
		dq = q.grad()
	}
	if k.requiresGrad {
		dk = k.grad()
	}
	if v.requiresGrad {
		dv = v.grad()
	}
	B, H, T, D, dh := a.B, a.H, a.Tq, a.D, a.dh
	parallel.For(B*H, 1, func(lo, hi int) {
		var ds []float32
		if a.topK == 0 && (dq != nil || dk != nil) {
			ds = make([]float32, T*T)
		}
		for bh := lo; bh < hi; bh++ {
			off := (bh/H)*T*D + (bh%H)*dh
			if a.topK > 0 {
				a.backwardTopK(bh, off, q.Data, k.Data, v.Data, do, dq, dk, dv)
				continue
			}
			p := a.p[bh*T*T : (bh+1)*T*T]
			blk := attnBlock
			if ds != nil {
				for r0 := 0; r0 < T; r0 += blk {
					r1 := min(r0+blk, T)
					// dP[r0:r1, 0:r1] = dO[r0:r1] · V[0:r1]ᵀ, then dS in place.
					blas.SgemmSerial(false, true, r1-r0, r1, dh, 1, do[off+r0*D:], D, v.Data[off:], D, 0, ds[r0*T:], T)
					for i := r0; i < r1; i++ {
						pr, dr := p[i*T:i*T+i+1], ds[i*T:i*T+r1]
						var dot float32
						for j, pj := range pr {
							dot += pj * dr[j]
						}
						for j, pj := range pr {
							dr[j] = a.scale * pj * (dr[j] - dot)
						}
						clear(dr[i+1:])
					}
					if dq != nil {
						blas.SgemmSerial(false, false, r1-r0, dh, r1, 1, ds[r0*T:], T, k.Data[off:], D, 1, dq[off+r0*D:], D)
					}
				}
			}
			for c0 := 0; c0 < T; c0 += blk {
				c1 := min(c0+blk, T)
				// Keys c0..c1 are seen by queries c0..T−1 only.
				if dk != nil {
					blas.SgemmSerial(true, false, c1-c0, dh, T-c0, 1, ds[c0*T+c0:], T, q.Data[off+c0*D:], D, 1, dk[off+c0*D:], D)
				}
				if dv != nil {
					blas.SgemmSerial(true, false, c1-c0, dh, T-c0, 1, p[c0*T+c0:], T, do[off+c0*D:], D, 1, dv[off+c0*D:], D)
				}
			}
		}
	})
}

// backwardTopK is backward for one (batch, head) pair at offset off with
// sparse probabilities: every product runs over the kept keys only.
func (a *attn) backwardTopK(bh, off int, q, k, v, do, dq, dk, dv []float32) {
	T, D, dh, K := a.Tq, a.D, a.dh, a.topK
	var dps [64]float32
	dp := dps[:0]
	if K > len(dps) {
		dp = make([]float32, 0, K)
	}
	for i := 0; i < T; i++ {
		n := a.kept(i)
		idx := a.idx[(bh*T+i)*K : (bh*T+i)*K+n]
		pk := a.pk[(bh*T+i)*K : (bh*T+i)*K+n]
		doi := do[off+i*D : off+i*D+dh]
		if dq != nil || dk != nil {
			dp = dp[:n]
			var dot float32
			for m, j := range idx {
				dp[m] = blas.Sdot(doi, v[off+int(j)*D:off+int(j)*D+dh])
				dot += pk[m] * dp[m]
			}
			for m, j := range idx {
				s := a.scale * pk[m] * (dp[m] - dot)
				r := off + int(j)*D
				if dq != nil {
					blas.Saxpy(s, k[r:r+dh], dq[off+i*D:off+i*D+dh])
				}
				if dk != nil {
					blas.Saxpy(s, q[off+i*D:off+i*D+dh], dk[r:r+dh])
				}
			}
		}
		if dv != nil {
			for m, j := range idx {
				r := off + int(j)*D
				blas.Saxpy(pk[m], doi, dv[r:r+dh])
			}
		}
	}
}
