package model

// Incremental decoding: a Decoder runs a Model one byte at a time and keeps,
// per layer, exactly the state the next position needs, so that a step costs
// one pass over the weights instead of a forward over the whole window:
//
//	attention (sparse, vanilla attn)  key/value cache of every position so far
//	                                  (RoPE applied to each key at its own position)
//	causal conv (local, wide)         the last (K−1)·dilation+1 normalised inputs
//	state (SSM)                       the hidden state h (tensor.SSMStep)
//	router, FFN, mixes                nothing: they are per position
//
// Step's logits equal the last row of Model.Forward over the same bytes up
// to float32 summation order (decode_test.go checks every config at 1e-4).
// A step is plain loops over flat float32 slices (matrix-vector products,
// no Tensor graph, no allocation); linear layers go through the MatVec
// interface so that another package can substitute a kernel (engine/ternary
// plugs in its packed 2-bit integer kernel this way).

import (
	"fmt"
	"math"
	"strings"

	"trigo/engine/blas"
	"trigo/engine/nn"
	"trigo/engine/tensor"
	"trigo/internal/kern"
)

// MatVec is a linear layer y = W·x + b as the decoder runs it: one input
// vector at a time, output rows in ranges so that workers can share a layer.
type MatVec interface {
	// Shape returns the output and input widths.
	Shape() (out, in int)
	// SetInput stages x [in] for the following Rows calls (an integer
	// kernel quantises it here). x must stay unchanged until they return.
	SetInput(x []float32)
	// Rows writes y[i] = W[i]·x + b[i] for lo ≤ i < hi. Calls on disjoint
	// ranges may run concurrently.
	Rows(y []float32, lo, hi int)
	// WeightBytes is the memory the layer's weights and bias occupy.
	WeightBytes() int
}

// InputSharer is an optional MatVec extension for kernels that prepare
// their input (quantise it): when several kernels read the same vector,
// the decoder stages it once, on the first, and the others read it there.
type InputSharer interface {
	// ShareInput reports whether the kernel can, from now on, read the
	// input src stages (src's SetInput is called, the kernel's is not).
	ShareInput(src MatVec) bool
}

// DecodeOptions configures NewDecoder. The zero value decodes the model as
// it is: float32 weights, ternary models with their weights quantised once
// and activations quantised per step exactly as the training forward does.
type DecodeOptions struct {
	// MaxLen is how many positions the caches hold (0: Spec.Context).
	MaxLen int
	// Threads is how many goroutines share each step (0: 1). With float32
	// kernels a layer splits into independent units — attention heads,
	// FFN row ranges, pathways — run in one hand-off per routed layer (two
	// per vanilla layer); other kernels split each matrix-vector product
	// by rows. Workers spin up to 5 ms between hand-offs, so ask for more
	// than one only when that many cores are idle: on a busy machine one
	// thread decodes faster. Call Close when done.
	Threads int
	// Linear, when set, supplies the kernel of a block's Linear (router,
	// attention, FFN, channel mix) by parameter name without ".w"
	// ("blocks.0.sparse.wq"); a nil result keeps the default kernel. The
	// output projection and the abstain head always stay float32.
	Linear func(name string, l *nn.Linear) MatVec
	// Taps, when set, supplies a conv's kernel [C, K] (the values the
	// forward pass multiplies with, i.e. already quantised for ternary
	// models) by parameter name without ".w"; nil keeps the default.
	Taps func(name string, c *nn.Conv) []float32
}

// Decoder is a model's incremental decode state for one sequence.
//
//	d := m.NewDecoder(model.DecodeOptions{})
//	logits := d.Feed(prompt)        // prefill; logits of the next byte
//	for ... { logits = d.Step(next) }
//
// A Decoder holds references to the model's float32 weights (and its own
// quantised copies for ternary models): build a new one after changing
// weights. It is not safe for concurrent use.
type Decoder struct {
	// Spec is the configuration of the decoded model.
	Spec Spec

	maxLen  int
	pos     int
	ids     []int
	d       int
	embed   []float32 // [V, D]
	layers  []*decLayer
	normG   []float32
	normB   []float32
	out     MatVec
	absW    []float32 // abstain head [D] or nil
	absB    float32
	weights int // WeightBytes

	x, xn, mix, hidden, logits []float32
	hidSum                     []float64
	hidN                       int
	router                     [][]float32 // per routed layer [P]
	workers                    *decWorkers
}

// decLayer is one block's decode state. Routed blocks use norm1, router
// and paths; vanilla blocks attn (norm1), ffn (norm2).
type decLayer struct {
	routed       bool
	norm1G       []float32
	norm1B       []float32
	norm2G       []float32
	norm2B       []float32
	router       *decPath // its u holds the router logits
	paths        []*decPath
	attn         *decAttn
	ffn          *decFFN
	stage1       decGroup // layers reading the normalised input
	stage2       decGroup // layers reading each pathway's inner result
	rw           []float32
	vanillaStage [2]decGroup // vanilla: FFN stages
	routerMV     MatVec
	// phases, when set, replace the groups (decode_parallel.go).
	phases []*decPhase
}

// groups are all of the layer's row-split groups (empty ones included).
func (L *decLayer) groups() []*decGroup {
	return []*decGroup{&L.stage1, &L.stage2, &L.vanillaStage[0], &L.vanillaStage[1]}
}

// decPath is one pathway of a routed block.
type decPath struct {
	kind string
	// conv: taps [K, C] (tap K−1 multiplies the current input), history ring
	// of the last span inputs [span, C]
	taps       []float32
	k, dil     int
	span       int
	hist       []float32
	ssmA, ssmB []float32
	ssmC, ssmH []float32
	mix        MatVec // nil: Hadamard (cheap pathways only)
	u          []float32
	y          []float32
	attn       *decAttn
	ffn        *decFFN
}

// decAttn is attention with a key/value cache.
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

// decFFN is W2·gelu(W1·h).
type decFFN struct {
	w1, w2 MatVec
	hid    []float32 // [FFN]
	y      []float32 // [D]
}

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

// NewDecoder builds decode state for m. See DecodeOptions.
func (m *Model) NewDecoder(opt DecodeOptions) *Decoder {
	s := m.Spec.Clone()
	maxLen := opt.MaxLen
	if maxLen <= 0 {
		maxLen = s.Context
	}
	threads := max(opt.Threads, 1)
	d := &Decoder{Spec: s, maxLen: maxLen, d: s.Dim, embed: m.Embed.W.Data,
		normG: m.Norm.G.Data, normB: m.Norm.B.Data}
	d.weights = 4 * (len(d.embed) + len(d.normG) + len(d.normB))
	lin := func(l *nn.Linear) MatVec {
		if opt.Linear != nil {
			if k := opt.Linear(strings.TrimSuffix(l.W.Name, ".w"), l); k != nil {
				return d.count(k)
			}
		}
		return d.count(DefaultMatVec(l))
	}
	taps := func(c *nn.Conv) []float32 {
		if opt.Taps != nil {
			if t := opt.Taps(strings.TrimSuffix(c.W.Name, ".w"), c); t != nil {
				return t
			}
		}
		w := c.W
		if c.Ternary {
			w = tensor.TernaryQuant(w.Detach())
		}
		return w.Data
	}
	D := s.Dim
	for _, b := range m.Blocks {
		L := &decLayer{}
		switch b := b.(type) {
		case *RoutedBlock:
			L.routed = true
			L.norm1G, L.norm1B = b.Norm.G.Data, b.Norm.B.Data
			L.router = &decPath{kind: "router", u: make([]float32, b.Router.Out())}
			L.rw = make([]float32, len(b.Paths))
			L.routerMV = lin(b.Router)
			L.stage1.add(L.routerMV, nil2(D), L.router.u)
			for _, p := range b.Paths {
				L.paths = append(L.paths, d.newPath(p, lin, taps, maxLen, L))
			}
			d.router = append(d.router, L.rw)
		case *TransformerBlock:
			L.norm1G, L.norm1B = b.Norm1.G.Data, b.Norm1.B.Data
			L.norm2G, L.norm2B = b.Norm2.G.Data, b.Norm2.B.Data
			L.attn = newDecAttn(b.Attn, lin, maxLen, D)
			L.ffn = newDecFFN(b.FFN, lin, D)
			L.stage1.add(L.attn.wq, nil2(D), L.attn.q)
			L.stage1.add(L.attn.wk, nil2(D), L.attn.k)
			L.stage1.add(L.attn.wv, nil2(D), L.attn.v)
			L.stage2.add(L.attn.wo, L.attn.o, L.attn.y)
			L.vanillaStage[0].add(L.ffn.w1, nil2(D), L.ffn.hid)
			L.vanillaStage[1].add(L.ffn.w2, L.ffn.hid, L.ffn.y)
		default:
			panic(fmt.Sprintf("model.NewDecoder: block type %T has no decode path", b))
		}
		d.layers = append(d.layers, L)
		d.weights += 4 * (len(L.norm1G) + len(L.norm1B) + len(L.norm2G) + len(L.norm2B))
	}
	d.out = d.count(DefaultMatVec(m.Out))
	if m.Abstain != nil {
		d.absW, d.absB = m.Abstain.W.Data, 0
		if m.Abstain.B != nil {
			d.absB = m.Abstain.B.Data[0]
		}
		d.weights += 4 * (len(d.absW) + 1)
	}
	d.x, d.xn, d.mix, d.hidden = make([]float32, D), make([]float32, D), make([]float32, D), make([]float32, D)
	d.logits = make([]float32, s.Vocab)
	d.hidSum = make([]float64, D)
	// Every stage-1 input is the layer's normalised input: point them at xn.
	for _, L := range d.layers {
		for _, g := range []*decGroup{&L.stage1, &L.vanillaStage[0]} {
			for i := range g.in {
				g.in[i] = d.xn
			}
		}
		for _, g := range L.groups() {
			g.share()
			g.split(threads)
		}
	}
	if threads > 1 {
		d.workers = newDecWorkers(threads)
		if d.parallelOK() {
			d.planParallel(threads)
		}
	}
	return d
}

// touchPages writes to every 4 KiB page of b. A large make is mapped
// lazily: without this, the first step at each position of a fresh
// decoder takes page faults on its cache rows (≈ 10 % of a float32 step
// in BENCHMARKS.md's runs, each of which builds new decoders).
func touchPages(b []float32) {
	for i := 0; i < len(b); i += 1024 {
		b[i] = 0
	}
}

// nil2 is a placeholder input of width n, replaced by the decoder's
// normalised-input buffer once it exists.
func nil2(n int) []float32 { return make([]float32, n) }

func (d *Decoder) count(k MatVec) MatVec {
	d.weights += k.WeightBytes()
	return k
}

func (d *Decoder) newPath(p Pathway, lin func(*nn.Linear) MatVec, taps func(*nn.Conv) []float32, maxLen int, L *decLayer) *decPath {
	D := d.d
	dp := &decPath{kind: p.Kind(), y: make([]float32, D)}
	switch p := p.(type) {
	case *ConvPath:
		K, C := p.Conv.W.Shape[1], p.Conv.W.Shape[0]
		w := taps(p.Conv)
		if len(w) != C*K {
			panic(fmt.Sprintf("model.NewDecoder: conv taps of %s have %d values, want %d×%d", p.Kind(), len(w), C, K))
		}
		dp.taps = make([]float32, K*C) // [K, C]
		for c := 0; c < C; c++ {
			for j := 0; j < K; j++ {
				dp.taps[j*C+c] = w[c*K+j]
			}
		}
		dp.k, dp.dil = K, p.Conv.Dilation
		dp.span = (K-1)*dp.dil + 1
		dp.hist = make([]float32, dp.span*C)
		dp.u = make([]float32, D)
		d.weights += 4 * len(dp.taps)
		dp.mixStage(p.Mix, lin, L)
	case *StatePath:
		dp.ssmA = tensor.SSMDecay(p.A)
		dp.ssmB, dp.ssmC = p.B.Data, p.C.Data
		dp.ssmH = make([]float32, D)
		dp.u = make([]float32, D)
		d.weights += 4 * 3 * D
		dp.mixStage(p.Mix, lin, L)
	case *Attention:
		dp.attn = newDecAttn(p, lin, maxLen, D)
		dp.attn.y = dp.y
		L.stage1.add(dp.attn.wq, nil2(D), dp.attn.q)
		L.stage1.add(dp.attn.wk, nil2(D), dp.attn.k)
		L.stage1.add(dp.attn.wv, nil2(D), dp.attn.v)
		L.stage2.add(dp.attn.wo, dp.attn.o, dp.y)
	case *FFN:
		dp.ffn = newDecFFN(p, lin, D)
		dp.ffn.y = dp.y
		L.stage1.add(dp.ffn.w1, nil2(D), dp.ffn.hid)
		L.stage2.add(dp.ffn.w2, dp.ffn.hid, dp.y)
	default:
		panic(fmt.Sprintf("model.NewDecoder: pathway type %T has no decode path", p))
	}
	return dp
}

func (dp *decPath) mixStage(mix *nn.Linear, lin func(*nn.Linear) MatVec, L *decLayer) {
	if mix != nil {
		dp.mix = lin(mix)
		L.stage2.add(dp.mix, dp.u, dp.y)
	}
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

func newDecFFN(f *FFN, lin func(*nn.Linear) MatVec, D int) *decFFN {
	return &decFFN{w1: lin(f.W1), w2: lin(f.W2), hid: make([]float32, f.W1.Out()), y: make([]float32, D)}
}

// Pos is the number of positions fed since the last Reset.
func (d *Decoder) Pos() int { return d.pos }

// MaxLen is the number of positions the caches hold.
func (d *Decoder) MaxLen() int { return d.maxLen }

// IDs returns the bytes fed since the last Reset (do not modify).
func (d *Decoder) IDs() []int { return d.ids }

// WeightBytes is the memory the decoder's weights occupy (embedding,
// kernels, norms, conv taps, SSM vectors, output projection, abstain head),
// the resident set that each step reads.
func (d *Decoder) WeightBytes() int { return d.weights }

// Reset forgets every position: the next Step is position 0.
func (d *Decoder) Reset() {
	d.pos, d.ids = 0, d.ids[:0]
	clear(d.hidSum)
	d.hidN = 0
	for _, L := range d.layers {
		for _, p := range L.paths {
			if p.ssmH != nil {
				clear(p.ssmH)
			}
		}
	}
	// Caches and conv history are overwritten before they are read.
}

// Feed runs ids through the model (a prefill) and returns the logits after
// the last one, as Step does; len(ids) must be ≥ 1.
func (d *Decoder) Feed(ids []int) []float32 {
	if len(ids) == 0 {
		panic("model.Decoder.Feed: no ids")
	}
	for _, id := range ids[:len(ids)-1] {
		d.step(id, false)
	}
	return d.step(ids[len(ids)-1], true)
}

// Step feeds one byte at position Pos() and returns the next-byte logits
// [Vocab]. The slice belongs to the decoder and is overwritten by the next
// call. It panics when the window is full (Pos() == MaxLen(); Reset and
// feed a shorter window) or id is outside the vocabulary.
func (d *Decoder) Step(id int) []float32 { return d.step(id, true) }

// Logits returns the logits of the last Step or Feed.
func (d *Decoder) Logits() []float32 { return d.logits }

// Hidden returns the final-norm hidden state [D] of the last position.
func (d *Decoder) Hidden() []float32 { return d.hidden }

// Router returns each routed layer's router weights [P] at the last
// position (nil for vanilla models); the slices are overwritten per step.
func (d *Decoder) Router() [][]float32 { return d.router }

// AbstainLogit applies the abstain head to the mean final-norm hidden state
// over every position since Reset (Model.AbstainLogits over a prompt);
// abstain_p = sigmoid of it. It is 0 before the first position.
func (d *Decoder) AbstainLogit() float32 {
	if d.hidN == 0 || d.absW == nil {
		return 0
	}
	s := float64(d.absB)
	for j, v := range d.hidSum {
		s += float64(d.absW[j]) * v / float64(d.hidN)
	}
	return float32(s)
}

func (d *Decoder) step(id int, wantLogits bool) []float32 {
	if d.pos >= d.maxLen {
		panic(fmt.Sprintf("model.Decoder: window full (%d positions); Reset and feed a shorter window", d.maxLen))
	}
	if id < 0 || id >= d.Spec.Vocab {
		panic(fmt.Sprintf("model.Decoder: id %d outside vocabulary [0, %d)", id, d.Spec.Vocab))
	}
	D := d.d
	copy(d.x, d.embed[id*D:(id+1)*D])
	for _, L := range d.layers {
		switch {
		case L.phases != nil && L.routed:
			d.parallelRoutedStep(L)
		case L.phases != nil:
			d.parallelVanillaStep(L)
		case L.routed:
			d.routedStep(L)
		default:
			d.vanillaStep(L)
		}
	}
	kern.LayerNormSerial(d.hidden, d.x, d.normG, d.normB, nn.LayerNormEps)
	for j, v := range d.hidden {
		d.hidSum[j] += float64(v)
	}
	d.hidN++
	if wantLogits {
		d.out.SetInput(d.hidden)
		d.out.Rows(d.logits, 0, len(d.logits))
	}
	d.ids = append(d.ids, id)
	d.pos++
	return d.logits
}

func (d *Decoder) routedStep(L *decLayer) {
	kern.LayerNormSerial(d.xn, d.x, L.norm1G, L.norm1B, nn.LayerNormEps)
	d.run(&L.stage1)
	kern.Softmax(L.rw, L.router.u)
	for _, p := range L.paths {
		switch {
		case p.taps != nil:
			p.convStep(d.xn, d.pos)
		case p.ssmH != nil:
			kern.SSMStep(p.ssmH, d.xn, p.u, p.ssmA, p.ssmB, p.ssmC)
		case p.attn != nil:
			p.attn.step(d.pos)
		case p.ffn != nil:
			kern.GELUFast(p.ffn.hid)
		}
	}
	d.run(&L.stage2)
	for _, p := range L.paths {
		if (p.taps != nil || p.ssmH != nil) && p.mix == nil {
			copy(p.y, p.u)
			kern.FWHT(p.y, kern.HadamardScale(len(p.y)))
		}
	}
	clear(d.mix)
	for i, p := range L.paths {
		r := L.rw[i]
		for j, v := range p.y {
			d.mix[j] += r * v
		}
	}
	for j, v := range d.mix {
		d.x[j] += v
	}
}

func (d *Decoder) vanillaStep(L *decLayer) {
	kern.LayerNormSerial(d.xn, d.x, L.norm1G, L.norm1B, nn.LayerNormEps)
	d.run(&L.stage1)
	L.attn.step(d.pos)
	d.run(&L.stage2)
	for j, v := range L.attn.y {
		d.x[j] += v
	}
	kern.LayerNormSerial(d.xn, d.x, L.norm2G, L.norm2B, nn.LayerNormEps)
	d.run(&L.vanillaStage[0])
	kern.GELUFast(L.ffn.hid)
	d.run(&L.vanillaStage[1])
	for j, v := range L.ffn.y {
		d.x[j] += v
	}
}

// run stages every input of g and computes its rows, split over workers.
func (d *Decoder) run(g *decGroup) {
	for i, mv := range g.mv {
		if !g.shared[i] {
			mv.SetInput(g.in[i])
		}
	}
	if d.workers == nil {
		g.runPart(0)
		return
	}
	d.workers.run(g)
}

// convStep appends h to the history ring and writes the causal conv of the
// window ending at position pos to p.u.
func (p *decPath) convStep(h []float32, pos int) {
	C := len(h)
	copy(p.hist[(pos%p.span)*C:], h)
	clear(p.u)
	for j := 0; j < p.k; j++ {
		s := pos - (p.k-1-j)*p.dil
		if s < 0 {
			continue
		}
		w := p.taps[j*C : (j+1)*C]
		x := p.hist[(s%p.span)*C : (s%p.span+1)*C]
		u := p.u[:len(w)]
		x = x[:len(w)]
		for c, wc := range w {
			u[c] += wc * x[c]
		}
	}
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
