package model

// Incremental decoding: a Decoder runs a Model one byte at a time and keeps,
// per layer, exactly the state the next position needs, so that a step costs
// one pass over the weights instead of a forward over the whole window:
//
//	attention (sparse, vanilla attn)  key/value cache of every position so far
//	                                  (RoPE applied to each key at its own position)
//	causal conv (local, wide)         the last (K−1)·dilation+1 normalised inputs
//	state (SSM)                       the hidden state h (kern.SSMStep)
//	router, FFN, mixes                nothing: they are per position
//
// Step's logits equal the last row of Model.Forward over the same bytes up
// to float32 summation order (decode_test.go checks every config at 1e-4).
// A step is plain loops over flat float32 slices (matrix-vector products,
// no Tensor graph, no allocation); linear layers go through the MatVec
// interface so that another package can substitute a kernel (engine/ternary
// plugs in its packed 2-bit integer kernel this way). Layer norm, softmax,
// GELU, the Hadamard transform, RoPE, top-k and the SSM step are the
// training ops' own slice kernels (internal/kern).
//
// The decoder reaches blocks and pathways through their interfaces, which
// are sealed: Block.decodeLayer and Pathway.decodePath (unexported, so
// only this package's types implement them) build a block's or pathway's
// decode state, and the step runs through it. A pathway's decode is more
// than a function of (state, x, out): its matrix-vector products join the
// layer's staged groups (inputs quantised once and shared, kernels
// substituted by parameter name), its pieces join the parallel plan (heads,
// FFN row ranges balanced by cost), and its caches are sized up front so a
// step allocates nothing. Exporting that contract would freeze all of it
// as API, and a pathway written elsewhere would still need its forward
// parity proved here; sealed, a pathway without a decode path does not
// compile.
//
// Files: decode.go (the API, the build and the layer loop),
// decode_layers.go (routed and vanilla blocks), decode_paths.go (per
// pathway: conv, state, attention, FFN), decode_cache.go (the key/value
// cache and attention), decode_matvec.go (MatVec kernels and row groups),
// decode_parallel.go (the unit split) and decode_workers.go (hand-offs).

import (
	"fmt"
	"strings"

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
	attn                       *decAttn // any attention: the parallel plan sizes its scratch by it
}

// decBuild is what a block or pathway needs to build its decode state.
type decBuild struct {
	d      *Decoder
	maxLen int
	lin    func(*nn.Linear) MatVec
	taps   func(*nn.Conv) []float32
}

// NewDecoder builds decode state for m. See DecodeOptions.
func (m *Model) NewDecoder(opt DecodeOptions) *Decoder {
	s := m.Spec.Clone()
	maxLen := opt.MaxLen
	if maxLen <= 0 {
		maxLen = s.Context
	}
	threads := max(opt.Threads, 1)
	D := s.Dim
	d := &Decoder{Spec: s, maxLen: maxLen, d: D, embed: m.Embed.W.Data,
		normG: m.Norm.G.Data, normB: m.Norm.B.Data}
	d.weights = 4 * (len(d.embed) + len(d.normG) + len(d.normB))
	d.x, d.xn, d.mix, d.hidden = make([]float32, D), make([]float32, D), make([]float32, D), make([]float32, D)
	d.logits = make([]float32, s.Vocab)
	d.hidSum = make([]float64, D)
	b := &decBuild{d: d, maxLen: maxLen}
	b.lin = func(l *nn.Linear) MatVec {
		if opt.Linear != nil {
			if k := opt.Linear(strings.TrimSuffix(l.W.Name, ".w"), l); k != nil {
				return d.count(k)
			}
		}
		return d.count(DefaultMatVec(l))
	}
	b.taps = func(c *nn.Conv) []float32 {
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
	for _, blk := range m.Blocks {
		L := &decLayer{layerDecoder: blk.decodeLayer(b)}
		if r := L.routerWeights(); r != nil {
			d.router = append(d.router, r)
		}
		d.layers = append(d.layers, L)
	}
	d.out = d.count(DefaultMatVec(m.Out))
	if m.Abstain != nil {
		d.absW, d.absB = m.Abstain.W.Data, 0
		if m.Abstain.B != nil {
			d.absB = m.Abstain.B.Data[0]
		}
		d.weights += 4 * (len(d.absW) + 1)
	}
	for _, L := range d.layers {
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

func (d *Decoder) count(k MatVec) MatVec {
	d.weights += k.WeightBytes()
	return k
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
		L.reset()
	}
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
		if L.phases != nil {
			L.parallelStep(d, L.phases)
		} else {
			L.step(d)
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
