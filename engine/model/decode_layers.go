package model

import (
	"trigo/engine/nn"
	"trigo/internal/kern"
)

// decLayer is one block's decode state: the block's own part and, for a
// parallel float32 decode, the phases that replace its row-split groups
// (decode_parallel.go).
type decLayer struct {
	layerDecoder
	phases []*decPhase
}

// layerDecoder is a block as the decoder runs it (Block.decodeLayer).
type layerDecoder interface {
	// step advances d.x, the residual stream, through the block, with the
	// matrix-vector products split by rows (decGroup).
	step(d *Decoder)
	// parallelStep is step with the work split into units (phases).
	parallelStep(d *Decoder, phases []*decPhase)
	// plan builds the phases for workers, sharing par's scratch.
	plan(d *Decoder, par *decPar, workers int) []*decPhase
	// slots is how many partial outputs a phase of the block accumulates.
	slots() int
	// groups are the block's row-split groups.
	groups() []*decGroup
	// routerWeights is the router's output [P] (nil without a router).
	routerWeights() []float32
	// reset forgets state carried from one position to the next.
	reset()
}

// routedDec is a RoutedBlock: x += Σ_p softmax(router)_p · path_p(LN(x)).
type routedDec struct {
	normG, normB []float32
	routerMV     MatVec
	routerU      []float32 // router logits [P]
	rw           []float32 // router weights [P]
	paths        []decPath
	stage1       decGroup // kernels reading the normalised input (router first)
	stage2       decGroup // kernels reading each pathway's inner result
}

func (b *RoutedBlock) decodeLayer(bd *decBuild) layerDecoder {
	d := bd.d
	L := &routedDec{normG: b.Norm.G.Data, normB: b.Norm.B.Data,
		routerU: make([]float32, b.Router.Out()), rw: make([]float32, len(b.Paths))}
	d.weights += 4 * (len(L.normG) + len(L.normB))
	L.routerMV = bd.lin(b.Router)
	L.stage1.add(L.routerMV, d.xn, L.routerU)
	for _, p := range b.Paths {
		L.paths = append(L.paths, p.decodePath(bd, &L.stage1, &L.stage2))
	}
	return L
}

func (L *routedDec) step(d *Decoder) {
	kern.LayerNormSerial(d.xn, d.x, L.normG, L.normB, nn.LayerNormEps)
	d.run(&L.stage1)
	kern.Softmax(L.rw, L.routerU)
	for _, p := range L.paths {
		p.inner(d)
	}
	d.run(&L.stage2)
	for _, p := range L.paths {
		p.finish()
	}
	clear(d.mix)
	for i, p := range L.paths {
		r := L.rw[i]
		for j, v := range p.out() {
			d.mix[j] += r * v
		}
	}
	for j, v := range d.mix {
		d.x[j] += v
	}
}

// parallelStep is step as one phase: every unit adds its pathway's partial
// output, then the router weights mix them into the residual.
func (L *routedDec) parallelStep(d *Decoder, phases []*decPhase) {
	kern.LayerNormSerial(d.xn, d.x, L.normG, L.normB, nn.LayerNormEps)
	ph := phases[0]
	d.workers.run(ph)
	kern.Softmax(L.rw, L.routerU)
	for i, r := range L.rw {
		ph.addTo(d.x, i, r)
	}
}

func (L *routedDec) slots() int               { return len(L.paths) }
func (L *routedDec) groups() []*decGroup      { return []*decGroup{&L.stage1, &L.stage2} }
func (L *routedDec) routerWeights() []float32 { return L.rw }

func (L *routedDec) reset() {
	for _, p := range L.paths {
		p.reset()
	}
}

// vanillaDec is a TransformerBlock: x += Attn(LN₁(x)); x += FFN(LN₂(x)).
type vanillaDec struct {
	norm1G, norm1B []float32
	norm2G, norm2B []float32
	attn           *decAttn
	ffn            *decFFN
	stage1         decGroup // Wq, Wk, Wv
	stage2         decGroup // Wo
	ffn1, ffn2     decGroup // W1, W2
}

func (b *TransformerBlock) decodeLayer(bd *decBuild) layerDecoder {
	d, D := bd.d, bd.d.d
	L := &vanillaDec{norm1G: b.Norm1.G.Data, norm1B: b.Norm1.B.Data, norm2G: b.Norm2.G.Data, norm2B: b.Norm2.B.Data}
	d.weights += 4 * (len(L.norm1G) + len(L.norm1B) + len(L.norm2G) + len(L.norm2B))
	L.attn = newDecAttn(b.Attn, bd.lin, bd.maxLen, D)
	L.ffn = newDecFFN(b.FFN, bd.lin, D)
	d.attn = L.attn
	L.stage1.add(L.attn.wq, d.xn, L.attn.q)
	L.stage1.add(L.attn.wk, d.xn, L.attn.k)
	L.stage1.add(L.attn.wv, d.xn, L.attn.v)
	L.stage2.add(L.attn.wo, L.attn.o, L.attn.y)
	L.ffn1.add(L.ffn.w1, d.xn, L.ffn.hid)
	L.ffn2.add(L.ffn.w2, L.ffn.hid, L.ffn.y)
	return L
}

func (L *vanillaDec) step(d *Decoder) {
	kern.LayerNormSerial(d.xn, d.x, L.norm1G, L.norm1B, nn.LayerNormEps)
	d.run(&L.stage1)
	L.attn.step(d.pos)
	d.run(&L.stage2)
	for j, v := range L.attn.y {
		d.x[j] += v
	}
	kern.LayerNormSerial(d.xn, d.x, L.norm2G, L.norm2B, nn.LayerNormEps)
	d.run(&L.ffn1)
	kern.GELUFast(L.ffn.hid)
	d.run(&L.ffn2)
	for j, v := range L.ffn.y {
		d.x[j] += v
	}
}

// parallelStep is step as two phases, attention then FFN.
func (L *vanillaDec) parallelStep(d *Decoder, phases []*decPhase) {
	kern.LayerNormSerial(d.xn, d.x, L.norm1G, L.norm1B, nn.LayerNormEps)
	d.workers.run(phases[0])
	phases[0].addTo(d.x, 0, 1)
	kern.LayerNormSerial(d.xn, d.x, L.norm2G, L.norm2B, nn.LayerNormEps)
	d.workers.run(phases[1])
	phases[1].addTo(d.x, 0, 1)
}

func (L *vanillaDec) slots() int               { return 1 }
func (L *vanillaDec) groups() []*decGroup      { return []*decGroup{&L.stage1, &L.stage2, &L.ffn1, &L.ffn2} }
func (L *vanillaDec) routerWeights() []float32 { return nil }
func (L *vanillaDec) reset()                   {}
