package model

import (
	"fmt"

	"trigo/engine/blas"
	"trigo/engine/nn"
	"trigo/engine/tensor"
	"trigo/internal/kern"
)

// decGroup is a set of MatVecs whose inputs are ready at the same time;
// their rows are split over the decoder's workers.
type decGroup struct {
	mv   []MatVec
	in   [][]float32
	out  [][]float32
	rows int
	// shared[i]: mv[i] reads the input an earlier kernel staged (InputSharer).
	shared []bool
	// parts[w] are worker w's (layer index, lo, hi) ranges.
	parts [][]decRange
}

// share marks the kernels that can read an earlier kernel's staged input
// (the same slice) instead of staging their own.
func (g *decGroup) share() {
	g.shared = make([]bool, len(g.mv))
	for i, mv := range g.mv {
		s, ok := mv.(InputSharer)
		if !ok {
			continue
		}
		for j := 0; j < i; j++ {
			if !g.shared[j] && len(g.in[j]) == len(g.in[i]) && &g.in[j][0] == &g.in[i][0] && s.ShareInput(g.mv[j]) {
				g.shared[i] = true
				break
			}
		}
	}
}

type decRange struct{ mv, lo, hi int }

func (g *decGroup) add(mv MatVec, in, out []float32) {
	o, i := mv.Shape()
	if len(in) != i || len(out) != o {
		panic(fmt.Sprintf("model.Decoder: kernel shape [%d, %d] for input %d, output %d", o, i, len(in), len(out)))
	}
	g.mv, g.in, g.out = append(g.mv, mv), append(g.in, in), append(g.out, out)
	g.rows += o
}

// split assigns rows to workers in near-equal contiguous shares.
func (g *decGroup) split(workers int) {
	g.parts = make([][]decRange, workers)
	share := (g.rows + workers - 1) / workers
	w, room := 0, share
	for i, mv := range g.mv {
		o, _ := mv.Shape()
		for lo := 0; lo < o; {
			n := min(room, o-lo)
			g.parts[w] = append(g.parts[w], decRange{i, lo, lo + n})
			lo += n
			room -= n
			if room == 0 && w < workers-1 {
				w, room = w+1, share
			}
		}
	}
}

func (g *decGroup) runPart(w int) {
	for _, r := range g.parts[w] {
		g.mv[r.mv].Rows(g.out[r.mv], r.lo, r.hi)
	}
}

// gemvRows writes y[i] = W[i]·x for lo ≤ i < hi, W row-major with row
// stride ld and len(x) columns.
func gemvRows(y, w []float32, ld int, x []float32, lo, hi int) {
	if hi > lo {
		blas.Sgemv(hi-lo, len(x), w[lo*ld:], ld, x, y[lo:hi])
	}
}

// DefaultMatVec is the kernel NewDecoder uses for l: float32 W·x + b, or,
// for a ternary Linear, the training forward's fake quantisation — W
// quantised once (tensor.TernaryQuant) and x per call (tensor.Int8Quant's
// rounding) — in float32 arithmetic.
func DefaultMatVec(l *nn.Linear) MatVec {
	k := &denseMV{w: l.W.Data, out: l.Out(), in: l.In()}
	if l.B != nil {
		k.b = l.B.Data
	}
	if l.Ternary {
		k.w = tensor.TernaryQuant(l.W.Detach()).Data
		k.xq = make([]float32, k.in)
	}
	return k
}

// denseMV is y = W·x + b over float32 weights; with xq set it fake-quantises
// x to int8 first (ternary models).
type denseMV struct {
	w, b    []float32
	out, in int
	x, xq   []float32
	src     *denseMV // staged input shared with src (ShareInput)
}

func (k *denseMV) Shape() (int, int) { return k.out, k.in }

func (k *denseMV) WeightBytes() int { return 4 * (len(k.w) + len(k.b)) }

func (k *denseMV) SetInput(x []float32) {
	if len(x) != k.in {
		panic(fmt.Sprintf("model.MatVec: input %d for weight [%d, %d]", len(x), k.out, k.in))
	}
	k.src = nil // staging its own input ends sharing
	if k.xq == nil {
		k.x = x
		return
	}
	s := tensor.Int8Scale(x)
	for j, v := range x {
		k.xq[j] = kern.Int8Round(v*s) / s
	}
	k.x = k.xq
}

// ShareInput lets a fake-quantising kernel read another's quantised input.
func (k *denseMV) ShareInput(src MatVec) bool {
	o, ok := src.(*denseMV)
	if !ok || k.xq == nil || o.xq == nil || o.in != k.in {
		return false
	}
	k.src = o
	return true
}

func (k *denseMV) Rows(y []float32, lo, hi int) {
	x := k.x
	if k.src != nil { // read, not stored: workers call Rows concurrently
		x = k.src.x
	}
	gemvRows(y, k.w, k.in, x, lo, hi)
	if k.b != nil {
		for i := lo; i < hi; i++ {
			y[i] += k.b[i]
		}
	}
}
