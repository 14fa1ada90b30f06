package model

import (
	"math"

	"trigo/engine/blas"
	"trigo/engine/nn"
	"trigo/internal/kern"
)

// decAttn is attention with a key/value cache: a routed block's sparse
// pathway or a vanilla block's attention.
type decAttn struct {
	wq, wk, wv, wo MatVec
	heads, dh, a   int
	topK           int
	scale          float32
	q, k, v        []float32 // this position's projections [A]
	o              []float32 // attention output [A]
	kc             []float32 // keys [heads][maxLen][dh], rotated
	vc             []float32 // values: [heads][maxLen][dh] (top-k), [heads][dh][maxLen] (full)
	cos, sin       []float32 // RoPE [maxLen][dh/2]
	maxLen         int
	sc             attnScratch
	y              []float32 // output after wo [D]
}

func newDecAttn(a *Attention, lin func(*nn.Linear) MatVec, maxLen, D int) *decAttn {
	A := a.Wq.Out()
	dh := A / a.Heads
	at := &decAttn{wq: lin(a.Wq), wk: lin(a.Wk), wv: lin(a.Wv), wo: lin(a.Wo),
		heads: a.Heads, dh: dh, a: A, topK: a.TopK, scale: float32(1 / math.Sqrt(float64(dh))),
		q: make([]float32, A), k: make([]float32, A), v: make([]float32, A), o: make([]float32, A),
		kc: make([]float32, maxLen*A), vc: make([]float32, maxLen*A),
		maxLen: maxLen, y: make([]float32, D)}
	if at.topK >= maxLen {
		at.topK = 0
	}
	at.sc = at.newScratch()
	touchPages(at.kc)
	touchPages(at.vc)
	at.cos, at.sin = kern.RoPETable(dh, 0, maxLen)
	return at
}

// step rotates this position's q and k, appends k and v to the caches and
// attends: o = Σ_j softmax(q·k_j/√dh)·v_j over the kept keys j ≤ pos.
func (a *decAttn) step(pos int) {
	for h := 0; h < a.heads; h++ {
		a.head(h, pos, &a.sc)
	}
}

// attnScratch is what one head's attention overwrites besides its own
// slices: scores and the top-k selection.
type attnScratch struct {
	scores []float32 // [maxLen]
	topIdx []int32   // [topK]
	topVal []float32 // [topK]
	top    *kern.TopKScratch
}

func (a *decAttn) newScratch() attnScratch {
	sc := attnScratch{scores: make([]float32, a.maxLen)}
	if a.topK > 0 {
		sc.topIdx, sc.topVal = make([]int32, a.topK), make([]float32, a.topK)
		sc.top = kern.NewTopKScratch(a.topK, a.maxLen)
	}
	return sc
}

// head is step for head h alone: it reads and writes only head h's slices
// of q, k, v, o and the caches, and sc, so that the parallel decode
// (decode_parallel.go) can run heads on different workers, each with its
// own scratch.
func (a *decAttn) head(h, pos int, sc *attnScratch) {
	dh, half, T, maxLen := a.dh, a.dh/2, pos+1, a.maxLen
	cs, sn := a.cos[pos*half:(pos+1)*half], a.sin[pos*half:(pos+1)*half]
	q, k, v := a.q[h*dh:(h+1)*dh], a.k[h*dh:(h+1)*dh], a.v[h*dh:(h+1)*dh]
	kern.RoPE(q, q, cs, sn)
	kern.RoPE(k, k, cs, sn)
	copy(a.kc[(h*maxLen+pos)*dh:], k)
	if a.topK > 0 {
		copy(a.vc[(h*maxLen+pos)*dh:], v)
	} else {
		vt := a.vc[h*dh*maxLen:]
		for i, x := range v {
			vt[i*maxLen+pos] = x
		}
	}
	o := a.o[h*dh : (h+1)*dh]
	clear(o)
	s := sc.scores[:T]
	gemvRows(s, a.kc[h*maxLen*dh:], dh, q, 0, T)
	for j := range s {
		s[j] *= a.scale
	}
	if a.topK > 0 && T > a.topK {
		kern.SelectTopK(s, a.topK, sc.top, sc.topIdx, sc.topVal)
		vh := a.vc[h*maxLen*dh:]
		for m, j := range sc.topIdx {
			blas.Saxpy(sc.topVal[m], vh[int(j)*dh:int(j+1)*dh], o)
		}
		return
	}
	kern.Softmax(s, s)
	if a.topK > 0 {
		vh := a.vc[h*maxLen*dh:]
		for j, p := range s {
			blas.Saxpy(p, vh[j*dh:(j+1)*dh], o)
		}
		return
	}
	// Values transposed [dh][maxLen]: o_i = Σ_j p_j·v_j[i].
	gemvRows(o, a.vc[h*dh*maxLen:], maxLen, s, 0, dh)
}
