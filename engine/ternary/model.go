package ternary

import (
	"fmt"
	"sort"
	"strings"

	"trigo/engine/model"
	"trigo/engine/nn"
	"trigo/engine/tensor"
	"trigo/internal/vec"
)

// Model is a packed ternary model: every ternary weight of the blocks (the
// Linears of router, attention, FFN and channel mixes, and the conv
// kernels) as a 2-bit Matrix with its scale, and the float32 rest — byte
// embedding, norms, biases, SSM vectors, output projection, abstain head —
// as tensors. It decodes with the integer kernels; it holds no float32
// copy of the packed weights.
type Model struct {
	// Spec is the model configuration (Precision is Ternary).
	Spec model.Spec
	// Seed is the seed the model was initialised from (metadata only).
	Seed int64
	// Meta is the checkpoint metadata carried along (stage, step, data, …).
	Meta map[string]string
	// Packed holds the ternary weights by parameter name ("blocks.0.sparse.wq.w").
	Packed map[string]*Matrix
	// Float holds the other parameters by name.
	Float map[string]*tensor.Tensor

	skel *model.Model // structure and names for NewDecoder; packed weights dropped
}

// ternaryParams returns the names of the parameters a ternary model
// quantises: every block Linear weight and conv kernel.
func ternaryParams(m *model.Model) map[string]bool {
	out := map[string]bool{}
	lin := func(l *nn.Linear) {
		if l != nil && l.Ternary {
			out[l.W.Name] = true
		}
	}
	attn := func(a *model.Attention) { lin(a.Wq); lin(a.Wk); lin(a.Wv); lin(a.Wo) }
	for _, b := range m.Blocks {
		switch b := b.(type) {
		case *model.RoutedBlock:
			lin(b.Router)
			for _, p := range b.Paths {
				switch p := p.(type) {
				case *model.ConvPath:
					if p.Conv.Ternary {
						out[p.Conv.W.Name] = true
					}
					lin(p.Mix)
				case *model.StatePath:
					lin(p.Mix)
				case *model.Attention:
					attn(p)
				case *model.FFN:
					lin(p.W1)
					lin(p.W2)
				}
			}
		case *model.TransformerBlock:
			attn(b.Attn)
			lin(b.FFN.W1)
			lin(b.FFN.W2)
		}
	}
	return out
}

// FromModel packs a ternary model's weights (quantised exactly as its
// forward pass quantises them). meta, if not nil, is carried along.
func FromModel(m *model.Model, meta map[string]string) (*Model, error) {
	if !m.Spec.IsTernary() {
		return nil, fmt.Errorf("ternary: model %q has precision %q; only %q models pack (their forward pass is ternary)",
			m.Spec.Name, m.Spec.Precision, model.Ternary)
	}
	pm := &Model{Spec: m.Spec.Clone(), Seed: m.Seed, Meta: map[string]string{},
		Packed: map[string]*Matrix{}, Float: map[string]*tensor.Tensor{}}
	for k, v := range meta {
		pm.Meta[k] = v
	}
	tern := ternaryParams(m)
	for _, p := range m.Params.List() {
		if tern[p.Name] {
			rows, cols := p.T.Shape[0], p.T.Shape[1]
			if p.Kind == nn.ConvKind {
				rows, cols = 1, p.T.Numel() // conv [C, K]: one row, one scale
			}
			pm.Packed[p.Name] = Pack(p.T.Data, rows, cols)
			continue
		}
		t := tensor.New(append([]float32(nil), p.T.Data...), p.T.Shape...)
		t.Name = p.Name
		pm.Float[p.Name] = t
	}
	return pm, pm.build()
}

// build makes the skeleton model NewDecoder walks: the spec's structure,
// float parameters sharing pm.Float's data, packed weights' float storage
// dropped (only their names and shapes remain).
func (pm *Model) build() error {
	var skel *model.Model
	if err := tensor.Catch(func() { skel = model.New(pm.Spec, pm.Seed) }); err != nil {
		return fmt.Errorf("ternary: %w", err)
	}
	tern := ternaryParams(skel)
	var problems []string
	want := map[string]bool{}
	for _, p := range skel.Params.List() {
		want[p.Name] = true
		if tern[p.Name] {
			m, ok := pm.Packed[p.Name]
			rows, cols := p.T.Shape[0], p.T.Shape[1]
			if p.Kind == nn.ConvKind {
				rows, cols = 1, p.T.Numel()
			}
			switch {
			case !ok:
				problems = append(problems, fmt.Sprintf("missing packed weight %s [%d, %d]", p.Name, rows, cols))
			case m.Rows != rows || m.Cols != cols:
				problems = append(problems, fmt.Sprintf("packed weight %s is [%d, %d], model %q wants [%d, %d]", p.Name, m.Rows, m.Cols, pm.Spec.Name, rows, cols))
			}
			p.T.Data = nil
			continue
		}
		t, ok := pm.Float[p.Name]
		switch {
		case !ok:
			problems = append(problems, fmt.Sprintf("missing tensor %s %v", p.Name, p.T.Shape))
		case fmt.Sprint(t.Shape) != fmt.Sprint(p.T.Shape):
			problems = append(problems, fmt.Sprintf("tensor %s has shape %v, model %q wants %v", p.Name, t.Shape, pm.Spec.Name, p.T.Shape))
		default:
			p.T.Data = t.Data
		}
	}
	var extra []string
	for n := range pm.Packed {
		if !want[n] || !tern[n] {
			extra = append(extra, n)
		}
	}
	for n := range pm.Float {
		if !want[n] || tern[n] {
			extra = append(extra, n)
		}
	}
	sort.Strings(extra)
	for _, n := range extra {
		problems = append(problems, fmt.Sprintf("unexpected tensor %s", n))
	}
	if len(problems) > 0 {
		if len(problems) > 6 {
			problems = append(problems[:6], fmt.Sprintf("… and %d more", len(problems)-6))
		}
		return fmt.Errorf("ternary: packed weights do not match model %q: %s", pm.Spec.Name, strings.Join(problems, "; "))
	}
	pm.skel = skel
	return nil
}

// NewDecoder returns a decoder that runs every ternary Linear with the
// packed integer kernel (the one Active reports) and the conv kernels as
// their dequantised taps. opt.Linear and opt.Taps are replaced.
func (pm *Model) NewDecoder(opt model.DecodeOptions) *model.Decoder {
	opt.Linear = func(name string, l *nn.Linear) model.MatVec {
		w, ok := pm.Packed[name+".w"]
		if !ok {
			return nil
		}
		var b []float32
		if t := pm.Float[name+".b"]; t != nil {
			b = t.Data
		}
		return NewLinear(w, b)
	}
	opt.Taps = func(name string, c *nn.Conv) []float32 {
		if w, ok := pm.Packed[name+".w"]; ok {
			return w.Dequant()
		}
		return nil
	}
	return pm.skel.NewDecoder(opt)
}

// WeightBytes is the memory of every weight: packed matrices with their
// scales, and the float32 tensors.
func (pm *Model) WeightBytes() int {
	n := 0
	for _, m := range pm.Packed {
		n += m.Bytes()
	}
	for _, t := range pm.Float {
		n += 4 * len(t.Data)
	}
	return n
}

// NumParams is the number of parameters (packed weights counted one each).
func (pm *Model) NumParams() int {
	n := 0
	for _, m := range pm.Packed {
		n += m.Rows * m.Cols
	}
	for _, t := range pm.Float {
		n += len(t.Data)
	}
	return n
}

// Agreement compares next-byte argmax of ref's training forward pass
// (float32 weights, fake quantisation) with the packed model's integer
// decoder over data, in consecutive windows of window bytes (window ≤
// Spec.Context), at most maxPositions positions (0: all). It returns how
// many positions agree and how many were compared.
func Agreement(ref *model.Model, pm *Model, data []byte, window, maxPositions int) (agree, total int) {
	if window <= 0 || window > pm.Spec.Context {
		window = pm.Spec.Context
	}
	d := pm.NewDecoder(model.DecodeOptions{MaxLen: window})
	defer d.Close()
	V := ref.Spec.Vocab
	ids := make([]int, window)
	for start := 0; start+window <= len(data); start += window {
		if maxPositions > 0 && total >= maxPositions {
			break
		}
		for i := range ids {
			ids[i] = int(data[start+i])
		}
		var out *model.Output
		tensor.NoGrad(func() { out = ref.Forward(ids, 1, window) })
		d.Reset()
		for p, id := range ids {
			got := vec.Argmax(d.Step(id))
			if got == vec.Argmax(out.Logits.Data[p*V:(p+1)*V]) {
				agree++
			}
			total++
		}
	}
	return agree, total
}
