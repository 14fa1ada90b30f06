package model

// Parallel float32 decode. Splitting every matrix-vector product by rows
// (decGroup) needs two hand-offs per routed layer and leaves the work
// between them (attention, conv, GELU, the mix) on one thread. With float32
// kernels a layer splits instead into units that need nothing from each
// other until the layer's residual sum:
//
//	router          its rows → router logits
//	attention head  rows of Wq, Wk, Wv for the head, the head's attention,
//	                then Wo's columns for the head: a partial output
//	FFN rows a..b   rows a..b of W1, GELU, W2's columns a..b: a partial output
//	conv / SSM      the pathway's step and its mix (whole: they are small)
//
// Each worker adds its units' outputs into its own accumulator per pathway;
// after one hand-off the caller sums the accumulators, mixes with the router
// weights and adds the residual. A routed layer is one hand-off, a vanilla
// layer two (attention, then FFN). Partial sums change the float32 order of
// additions, not the result beyond rounding (decode_test.go, 1e-4).
//
// Fake-quantised ternary kernels quantise each input with its absolute
// maximum, so an FFN chunk cannot start before all of the hidden vector
// exists; those models, and any other kernel, keep the decGroup split.

import (
	"sort"

	"trigo/engine/blas"
	"trigo/internal/kern"
)

// decUnit adds one piece of a layer's work to acc, the accumulator of its
// slot (pathway), using tmp [D] and sc as scratch.
type decUnit struct {
	slot int // −1: writes its own output (the router)
	cost int // ≈ float32 values read
	run  func(acc, tmp []float32, sc *attnScratch)
}

// decPhase is a set of units that run on the workers between two serial
// steps of the caller.
type decPhase struct {
	par   *decPar
	slots int
	parts [][]decUnit // [worker]
}

// decPar is the per-worker scratch every phase of a decoder shares (phases
// run one at a time).
type decPar struct {
	d   int
	acc [][]float32 // [worker] slots×D
	tmp [][]float32 // [worker] D
	sc  []attnScratch
}

func (ph *decPhase) runPart(w int) {
	p := ph.par
	acc := p.acc[w][:ph.slots*p.d]
	clear(acc)
	for _, u := range ph.parts[w] {
		var a []float32
		if u.slot >= 0 {
			a = acc[u.slot*p.d : (u.slot+1)*p.d]
		}
		u.run(a, p.tmp[w], &p.sc[w])
	}
}

// addTo adds Σ_workers acc[slot]·r to y.
func (ph *decPhase) addTo(y []float32, slot int, r float32) {
	D := ph.par.d
	for _, acc := range ph.par.acc {
		a := acc[slot*D : (slot+1)*D]
		blas.Saxpy(r, a, y)
	}
}

// parallelOK reports whether every kernel of the decoder's layers is a
// plain float32 denseMV, the only kernel whose columns a unit may split.
func (d *Decoder) parallelOK() bool {
	for _, L := range d.layers {
		for _, g := range L.groups() {
			for _, mv := range g.mv {
				if k, ok := mv.(*denseMV); !ok || k.xq != nil {
					return false
				}
			}
		}
	}
	return true
}

// planParallel builds the phases of every layer for the given workers.
func (d *Decoder) planParallel(workers int) {
	D := d.d
	par := &decPar{d: D, tmp: make([][]float32, workers), sc: make([]attnScratch, workers), acc: make([][]float32, workers)}
	slots := 1
	for _, L := range d.layers {
		slots = max(slots, L.slots())
	}
	for w := range workers {
		par.acc[w] = make([]float32, slots*D)
		par.tmp[w] = make([]float32, D)
		if d.attn != nil {
			par.sc[w] = d.attn.newScratch()
		}
	}
	for _, L := range d.layers {
		L.phases = L.plan(d, par, workers)
	}
	// Float32 kernels only keep a reference to their input: stage each
	// once, here, instead of per step (units share kernels across workers).
	for _, L := range d.layers {
		for _, g := range L.groups() {
			for i, mv := range g.mv {
				mv.SetInput(g.in[i])
			}
		}
	}
}

// plan is one phase: the router, each pathway's units, and the FFN's
// hidden rows (if the block has an FFN pathway) spread over the workers.
func (L *routedDec) plan(d *Decoder, par *decPar, workers int) []*decPhase {
	D := d.d
	var ffn *decFFN
	fslot := -1
	units := []decUnit{{slot: -1, cost: len(L.routerU) * D, run: L.routerUnit()}}
	for i, p := range L.paths {
		u, f := p.units(d, i)
		units = append(units, u...)
		if f != nil {
			ffn, fslot = f, i
		}
	}
	return []*decPhase{newDecPhase(par, len(L.paths), units, ffn, fslot, workers, D)}
}

// plan is two phases: the attention heads, then the FFN's hidden rows.
func (L *vanillaDec) plan(d *Decoder, par *decPar, workers int) []*decPhase {
	return []*decPhase{
		newDecPhase(par, 1, L.attn.headUnits(d, 0), nil, -1, workers, d.d),
		newDecPhase(par, 1, nil, L.ffn, 0, workers, d.d),
	}
}

// newDecPhase assigns units to workers, largest first to the least loaded
// (LPT), then splits the FFN's hidden rows (if any) into one contiguous
// range per worker sized to even out the loads.
func newDecPhase(par *decPar, slots int, units []decUnit, ffn *decFFN, fslot, workers, D int) *decPhase {
	ph := &decPhase{par: par, slots: slots, parts: make([][]decUnit, workers)}
	load := make([]int, workers)
	sort.SliceStable(units, func(i, j int) bool { return units[i].cost > units[j].cost })
	for _, u := range units {
		w := 0
		for i := range load {
			if load[i] < load[w] {
				w = i
			}
		}
		ph.parts[w] = append(ph.parts[w], u)
		load[w] += u.cost
	}
	if ffn == nil {
		return ph
	}
	H := len(ffn.hid)
	rowCost := 2 * D
	total := H * rowCost
	for _, l := range load {
		total += l
	}
	target := total / workers
	deficit := make([]int, workers)
	var sum int
	for w, l := range load {
		deficit[w] = max(0, target-l)
		sum += deficit[w]
	}
	if sum == 0 {
		deficit[0], sum = 1, 1
	}
	lo, cum := 0, 0
	for w := range workers {
		cum += deficit[w]
		hi := H
		if w < workers-1 {
			hi = min(H, (H*cum/sum+8)/16*16) // 16-float boundaries: no shared cache lines
		}
		if hi > lo {
			ph.parts[w] = append(ph.parts[w], decUnit{slot: fslot, cost: (hi - lo) * rowCost, run: ffn.rowsUnit(lo, hi)})
			lo = hi
		}
	}
	return ph
}

func (L *routedDec) routerUnit() func(acc, tmp []float32, sc *attnScratch) {
	mv, u := L.routerMV, L.routerU
	return func(_, _ []float32, _ *attnScratch) {
		mv.Rows(u, 0, len(u))
	}
}

// headUnits is one unit per head: its rows of Wq, Wk, Wv, its attention and
// Wo's columns for it (Wo's bias with head 0).
func (a *decAttn) headUnits(d *Decoder, slot int) []decUnit {
	units := make([]decUnit, a.heads)
	wo := a.wo.(*denseMV)
	for h := range a.heads {
		lo, hi := h*a.dh, (h+1)*a.dh
		units[h] = decUnit{slot: slot, cost: 4*a.dh*wo.out + a.dh*a.maxLen/2, run: func(acc, tmp []float32, sc *attnScratch) {
			a.wq.Rows(a.q, lo, hi)
			a.wk.Rows(a.k, lo, hi)
			a.wv.Rows(a.v, lo, hi)
			a.head(h, d.pos, sc)
			wo.addCols(acc, tmp, a.o, lo, hi, h == 0)
		}}
	}
	return units
}

// rowsUnit is hidden rows lo..hi of W2·gelu(W1·x): W2's bias with row 0.
func (f *decFFN) rowsUnit(lo, hi int) func(acc, tmp []float32, sc *attnScratch) {
	w2 := f.w2.(*denseMV)
	return func(acc, tmp []float32, _ *attnScratch) {
		f.w1.Rows(f.hid, lo, hi)
		kern.GELUFast(f.hid[lo:hi])
		w2.addCols(acc, tmp, f.hid, lo, hi, lo == 0)
	}
}

// addCols adds W[:, lo:hi]·x[lo:hi] (plus b when bias) to acc via tmp.
func (k *denseMV) addCols(acc, tmp, x []float32, lo, hi int, bias bool) {
	tmp = tmp[:k.out]
	blas.Sgemv(k.out, hi-lo, k.w[lo:], k.in, x[lo:hi], tmp)
	if bias && k.b != nil {
		blas.Saxpy(1, k.b, tmp)
	}
	blas.Saxpy(1, tmp, acc)
}
