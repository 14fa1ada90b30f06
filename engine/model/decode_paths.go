package model

import (
	"fmt"

	"trigo/engine/blas"
	"trigo/engine/nn"
	"trigo/engine/tensor"
	"trigo/internal/kern"
)

// decPath is one pathway of a routed block as the decoder runs it
// (Pathway.decodePath). Its matrix-vector products sit in the layer's
// groups: those reading the normalised input in stage 1, the rest in
// stage 2; the pathway does the work between and after them.
type decPath interface {
	// inner runs the work between the layer's two stages: the conv or
	// state step, the attention, the FFN's GELU.
	inner(d *Decoder)
	// finish completes the output after stage 2 (a Hadamard mix).
	finish()
	// out is the pathway's output [D] once finish has run.
	out() []float32
	// units splits the pathway for the parallel plan (decode_parallel.go):
	// its units, or, for an FFN, the FFN itself, whose hidden rows the
	// plan spreads over the workers.
	units(d *Decoder, slot int) ([]decUnit, *decFFN)
	// reset forgets state carried from one position to the next.
	reset()
}

// cheapMix is the channel mix of the conv and state pathways: a Linear
// (mix) or, when mix is nil, the normalised Hadamard transform.
type cheapMix struct {
	u     []float32 // the inner result [D]
	y     []float32 // the output [D]
	mix   MatVec    // nil: Hadamard
	scale float32   // Hadamard's 1/√D
}

func newDecMix(bd *decBuild, mix *nn.Linear, stage2 *decGroup) cheapMix {
	D := bd.d.d
	c := cheapMix{u: make([]float32, D), y: make([]float32, D), scale: kern.HadamardScale(D)}
	if mix != nil {
		c.mix = bd.lin(mix)
		stage2.add(c.mix, c.u, c.y)
	}
	return c
}

func (c *cheapMix) finish() {
	if c.mix == nil {
		copy(c.y, c.u)
		kern.FWHT(c.y, c.scale)
	}
}

func (c *cheapMix) out() []float32 { return c.y }

// unit is the pathway's step (advance) and its mix, whole, as one unit:
// cost is what the step reads besides the mix.
func (c *cheapMix) unit(d *Decoder, slot, cost int, advance func()) decUnit {
	D := d.d
	cost += 4 * D
	if c.mix != nil {
		cost += D * D
	}
	return decUnit{slot: slot, cost: cost, run: func(acc, tmp []float32, _ *attnScratch) {
		advance()
		if c.mix != nil {
			c.mix.Rows(tmp, 0, D)
		} else {
			copy(tmp, c.u)
			kern.FWHT(tmp, c.scale)
		}
		blas.Saxpy(1, tmp, acc)
	}}
}

// convDec is a ConvPath: a depthwise causal conv over a history ring.
type convDec struct {
	cheapMix
	taps   []float32 // [K, C]: tap K−1 multiplies the current input
	k, dil int
	span   int       // (K−1)·dil + 1 positions kept
	hist   []float32 // ring of the last span inputs [span, C]
}

func (p *ConvPath) decodePath(bd *decBuild, _, stage2 *decGroup) decPath {
	K, C := p.Conv.W.Shape[1], p.Conv.W.Shape[0]
	w := bd.taps(p.Conv)
	if len(w) != C*K {
		panic(fmt.Sprintf("model.NewDecoder: conv taps of %s have %d values, want %d×%d", p.Kind(), len(w), C, K))
	}
	c := &convDec{taps: make([]float32, K*C), k: K, dil: p.Conv.Dilation}
	for ch := 0; ch < C; ch++ {
		for j := 0; j < K; j++ {
			c.taps[j*C+ch] = w[ch*K+j]
		}
	}
	c.span = (K-1)*c.dil + 1
	c.hist = make([]float32, c.span*C)
	bd.d.weights += 4 * len(c.taps)
	c.cheapMix = newDecMix(bd, p.Mix, stage2)
	return c
}

func (c *convDec) inner(d *Decoder) { c.convStep(d.xn, d.pos) }

// convStep appends h to the history ring and writes the causal conv of the
// window ending at position pos to c.u.
func (c *convDec) convStep(h []float32, pos int) {
	C := len(h)
	copy(c.hist[(pos%c.span)*C:], h)
	clear(c.u)
	for j := 0; j < c.k; j++ {
		s := pos - (c.k-1-j)*c.dil
		if s < 0 {
			continue
		}
		w := c.taps[j*C : (j+1)*C]
		x := c.hist[(s%c.span)*C : (s%c.span+1)*C]
		u := c.u[:len(w)]
		x = x[:len(w)]
		for ch, wc := range w {
			u[ch] += wc * x[ch]
		}
	}
}

func (c *convDec) units(d *Decoder, slot int) ([]decUnit, *decFFN) {
	return []decUnit{c.unit(d, slot, len(c.taps), func() { c.convStep(d.xn, d.pos) })}, nil
}

// reset: the history is overwritten before it is read.
func (c *convDec) reset() {}

// stateDec is a StatePath: the recurrence's hidden state h.
type stateDec struct {
	cheapMix
	a, b, c, h []float32 // decay tanh(A), B, C, state [D]
}

func (p *StatePath) decodePath(bd *decBuild, _, stage2 *decGroup) decPath {
	D := bd.d.d
	s := &stateDec{a: tensor.SSMDecay(p.A), b: p.B.Data, c: p.C.Data, h: make([]float32, D)}
	bd.d.weights += 4 * 3 * D
	s.cheapMix = newDecMix(bd, p.Mix, stage2)
	return s
}

func (s *stateDec) inner(d *Decoder) { kern.SSMStep(s.h, d.xn, s.u, s.a, s.b, s.c) }

func (s *stateDec) units(d *Decoder, slot int) ([]decUnit, *decFFN) {
	return []decUnit{s.unit(d, slot, 0, func() { kern.SSMStep(s.h, d.xn, s.u, s.a, s.b, s.c) })}, nil
}

func (s *stateDec) reset() { clear(s.h) }

func (m *Attention) decodePath(bd *decBuild, stage1, stage2 *decGroup) decPath {
	d := bd.d
	a := newDecAttn(m, bd.lin, bd.maxLen, d.d)
	d.attn = a
	stage1.add(a.wq, d.xn, a.q)
	stage1.add(a.wk, d.xn, a.k)
	stage1.add(a.wv, d.xn, a.v)
	stage2.add(a.wo, a.o, a.y)
	return a
}

func (a *decAttn) inner(d *Decoder) { a.step(d.pos) }
func (a *decAttn) finish()          {}
func (a *decAttn) out() []float32   { return a.y }
func (a *decAttn) units(d *Decoder, slot int) ([]decUnit, *decFFN) {
	return a.headUnits(d, slot), nil
}

// reset: the caches are overwritten before they are read.
func (a *decAttn) reset() {}

// decFFN is W2·gelu(W1·h).
type decFFN struct {
	w1, w2 MatVec
	hid    []float32 // [FFN]
	y      []float32 // [D]
}

func newDecFFN(f *FFN, lin func(*nn.Linear) MatVec, D int) *decFFN {
	return &decFFN{w1: lin(f.W1), w2: lin(f.W2), hid: make([]float32, f.W1.Out()), y: make([]float32, D)}
}

func (f *FFN) decodePath(bd *decBuild, stage1, stage2 *decGroup) decPath {
	d := bd.d
	ff := newDecFFN(f, bd.lin, d.d)
	stage1.add(ff.w1, d.xn, ff.hid)
	stage2.add(ff.w2, ff.hid, ff.y)
	return ff
}

func (f *decFFN) inner(*Decoder)                           { kern.GELUFast(f.hid) }
func (f *decFFN) finish()                                  {}
func (f *decFFN) out() []float32                           { return f.y }
func (f *decFFN) units(*Decoder, int) ([]decUnit, *decFFN) { return nil, f }
func (f *decFFN) reset()                                   {}
