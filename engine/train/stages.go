package train

import (
	"fmt"
	"math"

	"trigo/engine/chatdata/corpustell"
	"trigo/engine/data"
	"trigo/engine/model"
	"trigo/engine/tensor"
)

// The training stages of docs/design.md §3, recorded in checkpoint metadata.
const (
	// StagePretrain is next-byte cross-entropy on a data folder.
	StagePretrain = "pretrain"
	// StageChatSFT is cross-entropy on the assistant bytes of generated
	// conversations (chatdata's mask), no abstention examples.
	StageChatSFT = "chat-sft"
	// StageAbstainSFT is chat SFT with abstention examples, plus the
	// abstain head's BCE and, with a weight λ > 0, the metacognition loss.
	StageAbstainSFT = "abstain-sft"
)

// Stages lists the stage names in pipeline order.
var Stages = []string{StagePretrain, StageChatSFT, StageAbstainSFT}

// Stage configures one training stage: where its batches come from and
// which loss it optimises. Zero values take the defaults in brackets.
//
//	st := train.Stage{Name: train.StageAbstainSFT, MetacogWeight: 0.1}
//	h := train.FitStage(m, "", st, train.Options{Steps: 300, BatchSize: 8, SeqLen: 512})
type Stage struct {
	// Name is StagePretrain, StageChatSFT or StageAbstainSFT. [pretrain]
	Name string
	// Examples is the number of generated training conversations
	// (corpustell.Generate: chatdata conversations whose stories the
	// pretraining corpus tells). [20000]
	Examples int
	// AbstainFrac is the share of needs-facts conversations in abstain-sft
	// (chat-sft always uses 0). [0.3]
	AbstainFrac float64
	// DataSeed seeds the conversation generator; validation conversations
	// use DataSeed + 1. [1]
	DataSeed int64
	// EvalExamples is the number of validation conversations. [128]
	EvalExamples int
	// AbstainWeight scales the abstain head's BCE in abstain-sft; negative
	// turns it off. [1]
	AbstainWeight float64
	// MetacogWeight is λ, the weight of the metacognition loss (abstain-sft,
	// routed models only). [0]
	MetacogWeight float64
	// FreezeRouter keeps every router weight fixed during the stage.
	FreezeRouter bool
	// Uniform draws training batches uniformly over all conversations
	// instead of among conversations of similar length (data.ChatSampler
	// ByLength, the default: about 2.5× less padding).
	Uniform bool
	// ReplayDir, for the chat stages, is a data folder whose train.bin is
	// replayed as plain next-byte batches between conversation batches
	// and whose valid.bin is evaluated as the EvalSet "stories" (the
	// forgetting measure). ["": no replay]
	ReplayDir string
	// ReplayEvery makes every ReplayEvery-th batch a replayed one
	// (data.Mix); 4 replays a quarter of the steps. [4 when ReplayDir is
	// set]
	ReplayEvery int
	// Parts, when not nil, receives the loss components of each training
	// step (abstain-sft).
	Parts *LossParts
}

// LossParts holds the components of the last abstain-sft training step
// (evaluation passes do not touch it).
type LossParts struct {
	// CE is the cross-entropy on assistant bytes.
	CE float64
	// Abstain is the abstain head's BCE (NaN when off).
	Abstain float64
	// Metacog is the metacognition BCE (NaN when λ = 0).
	Metacog float64
	// RouterEntropy is the batch mean of the normalised prompt router
	// entropy the metacognition loss reads, for needs-facts (OOD) and
	// in-capability rows (NaN when a class is absent or the model has no
	// router).
	RouterEntropyOOD, RouterEntropyIn float64
}

func (s Stage) withDefaults() Stage {
	if s.Name == "" {
		s.Name = StagePretrain
	}
	if s.Examples <= 0 {
		s.Examples = 20000
	}
	if s.Name == StageChatSFT {
		s.AbstainFrac = 0
	} else if s.AbstainFrac <= 0 {
		s.AbstainFrac = 0.3
	}
	if s.DataSeed == 0 {
		s.DataSeed = 1
	}
	if s.EvalExamples <= 0 {
		s.EvalExamples = 128
	}
	if s.ReplayDir != "" && s.ReplayEvery == 0 {
		s.ReplayEvery = 4
	}
	if s.AbstainWeight == 0 {
		s.AbstainWeight = 1
	} else if s.AbstainWeight < 0 {
		s.AbstainWeight = 0
	}
	return s
}

// Check returns an error when the stage cannot train model m.
func (s Stage) Check(m *model.Model) error {
	s = s.withDefaults()
	switch s.Name {
	case StagePretrain, StageChatSFT, StageAbstainSFT:
	default:
		return fmt.Errorf("train: unknown stage %q (known: %v)", s.Name, Stages)
	}
	if s.MetacogWeight < 0 || math.IsNaN(s.MetacogWeight) {
		return fmt.Errorf("train: metacognition weight %v must be ≥ 0", s.MetacogWeight)
	}
	if s.MetacogWeight > 0 && s.Name != StageAbstainSFT {
		return fmt.Errorf("train: the metacognition loss (weight %v) belongs to stage %s, not %s", s.MetacogWeight, StageAbstainSFT, s.Name)
	}
	routed := len(m.Pathways()) > 0
	if s.MetacogWeight > 0 && (!routed || len(m.Pathways()) < 2) {
		return fmt.Errorf("train: the metacognition loss needs a router over ≥ 2 pathways; %s has none", m.Spec.Name)
	}
	if s.FreezeRouter && !routed {
		return fmt.Errorf("train: --freeze-router: %s has no router", m.Spec.Name)
	}
	if s.ReplayDir != "" && s.Name == StagePretrain {
		return fmt.Errorf("train: story replay (%s) belongs to the chat stages, not %s", s.ReplayDir, s.Name)
	}
	if s.ReplayEvery < 0 || s.ReplayEvery == 1 {
		return fmt.Errorf("train: replay period %d must be ≥ 2 (every n-th batch replayed)", s.ReplayEvery)
	}
	if !(s.AbstainFrac >= 0 && s.AbstainFrac <= 1) {
		return fmt.Errorf("train: abstain fraction %v outside [0, 1]", s.AbstainFrac)
	}
	return nil
}

// Describe is the stage's data and loss description for checkpoint
// metadata, e.g. "corpustell.Generate(n=20000, seed=1, abstain_frac=0.3);
// loss: ce(assistant) + 1·bce(abstain) + 0.1·metacog".
func (s Stage) Describe() string {
	s = s.withDefaults()
	if s.Name == StagePretrain {
		return ""
	}
	d := fmt.Sprintf("corpustell.Generate(n=%d, seed=%d, abstain_frac=%g); loss: ce(assistant)", s.Examples, s.DataSeed, s.AbstainFrac)
	if s.Name == StageAbstainSFT {
		if s.AbstainWeight > 0 {
			d += fmt.Sprintf(" + %g·bce(abstain)", s.AbstainWeight)
		}
		if s.MetacogWeight > 0 {
			d += fmt.Sprintf(" + %g·metacog", s.MetacogWeight)
		}
	}
	if s.ReplayDir != "" {
		d += fmt.Sprintf("; 1 batch in %d replays %s/train.bin (next-byte)", s.ReplayEvery, s.ReplayDir)
	}
	if s.FreezeRouter {
		d += "; router frozen"
	}
	if !s.Uniform {
		d += "; batches by length"
	}
	return d
}

// Apply returns o set up for the stage: Stage, Objective and, for the
// chat stages, Batches and Eval drawn from generated conversations
// (o.BatchSize rows of at most o.SeqLen positions). With FreezeRouter it
// freezes m's router weights (see FreezeRouter). Pretraining leaves the
// data to the data folder and the objective to NextByte.
func (s Stage) Apply(m *model.Model, o Options) (Options, error) {
	if err := s.Check(m); err != nil {
		return o, err
	}
	s = s.withDefaults()
	// A resumed run takes the options left at zero from the checkpoint
	// now, before the samplers below are sized: filling in the defaults
	// first silently changed a resumed run's batch size and sequence
	// length. (NewTrainer's own inherit then finds nothing left to fill.)
	if o.Resume != "" {
		meta, err := resumeMeta(o.Resume)
		if err != nil {
			return o, err
		}
		if err := checkResumeStage(o.Resume, meta, s); err != nil {
			return o, err
		}
		if err := o.inherit(meta); err != nil {
			return o, fmt.Errorf("train: resume %s: %v", o.Resume, err)
		}
	}
	// The samplers need these now; NewTrainer fills the rest. (Calling
	// o.defaults twice would turn a disabled weight decay back on.)
	if o.BatchSize <= 0 {
		o.BatchSize = 16
	}
	if o.SeqLen <= 0 {
		o.SeqLen = 128
	}
	if o.Seed == 0 {
		o.Seed = m.Seed
	}
	o.Stage = s.Name
	if s.FreezeRouter {
		FreezeRouter(m)
	}
	if s.Name == StagePretrain {
		o.Objective = NextByte
		return o, nil
	}
	frac := s.AbstainFrac
	trainRows, err := data.ChatRows(corpustell.Generate(s.Examples, s.DataSeed, frac))
	if err != nil {
		return o, err
	}
	evalRows, err := data.ChatRows(corpustell.Generate(s.EvalExamples, s.DataSeed+1, frac))
	if err != nil {
		return o, err
	}
	if o.Batches == nil {
		cs := data.NewChatSampler(trainRows, o.BatchSize, o.SeqLen, uint64(o.Seed))
		cs.ByLength = !s.Uniform
		o.Batches = cs
	}
	if o.Eval == nil {
		o.Eval = data.ChatEval(evalRows, o.BatchSize, o.SeqLen)
	}
	if s.Name == StageChatSFT {
		o.Objective = ChatSFT
	} else {
		o.Objective = AbstainSFT(s.AbstainWeight, s.MetacogWeight, s.Parts)
	}
	if s.ReplayDir != "" {
		ds, err := data.Load(s.ReplayDir)
		if err != nil {
			return o, fmt.Errorf("train: story replay: %w", err)
		}
		if err := data.CheckWindow(s.ReplayDir+"/train.bin", ds.Train, o.SeqLen); err != nil {
			return o, err
		}
		// A seed of its own, so the conversation batches are those of a
		// run without replay.
		rs := data.NewSampler(ds.Train, o.BatchSize, o.SeqLen, uint64(o.Seed)^0x7265706c6179) // "replay"
		o.Batches = &data.Mix{Main: o.Batches, Replay: rs, Every: s.ReplayEvery}
		o.Objective = withReplay(o.Objective)
		n := o.EvalBatches
		if n <= 0 {
			n = 8
		}
		o.EvalSets = append(o.EvalSets, EvalSet{Name: "stories",
			Batches: data.EvalWindows(ds.Valid, o.BatchSize, min(o.SeqLen, len(ds.Valid)-1), n)})
	}
	return o, nil
}

// NewStageTrainer is NewTrainer for a stage: Apply, then a trainer whose
// checkpoints describe the stage's data and loss. dataDir is read by the
// pretrain stage only; when resuming, "" means the data folder the
// checkpoint records.
func NewStageTrainer(m *model.Model, dataDir string, s Stage, o Options) (*Trainer, error) {
	o, err := s.Apply(m, o)
	if err != nil {
		return nil, err
	}
	if s.withDefaults().Name != StagePretrain {
		dataDir = ""
	} else if dataDir == "" && o.Resume != "" {
		meta, err := resumeMeta(o.Resume)
		if err != nil {
			return nil, err
		}
		if dataDir = recordedDataDir(meta["data"]); dataDir == "" {
			return nil, fmt.Errorf("train: resume %s: the checkpoint records no data folder (data %q): name one", o.Resume, meta["data"])
		}
	}
	tr, err := NewTrainer(m, dataDir, o)
	if err != nil {
		return nil, err
	}
	if d := s.Describe(); d != "" {
		tr.DataDesc = d
	}
	return tr, nil
}

// FitStage trains m for one stage and returns the history (errors in
// History.Err), like Fit.
func FitStage(m *model.Model, dataDir string, s Stage, o Options) *History {
	tr, err := NewStageTrainer(m, dataDir, s, o)
	var h *History
	if err == nil {
		h, err = tr.Loop()
	}
	if h == nil {
		h = &History{Model: m.Spec.Name}
	}
	if err != nil {
		h.Err = err
	}
	return h
}

// withReplay routes replayed story batches (no Mask) to NextByte and
// conversation batches to obj.
func withReplay(obj Objective) Objective {
	return func(m *model.Model, b *data.Batch) *tensor.Tensor {
		if b.Mask == nil {
			return NextByte(m, b)
		}
		return obj(m, b)
	}
}

// ChatSFT is the chat-SFT objective: next-byte cross-entropy weighted by
// the batch mask, which data.ChatBatch sets to the assistant bytes.
func ChatSFT(m *model.Model, b *data.Batch) *tensor.Tensor {
	if b.Mask == nil {
		panic("train.ChatSFT: batch has no assistant mask (use data.ChatBatch)")
	}
	return NextByte(m, b)
}

// AbstainSFT returns the abstain-SFT objective:
//
//	loss = CE(assistant bytes) + wA·BCE(abstain head, needs-facts label)
//	     + λ·Metacog(prompt router entropy, needs-facts label)
//
// The abstain head pools the final hidden states over each row's prompt
// (b.PromptMask); the label of a row is b.Labels (1 = needs facts = OOD).
// A weight of 0 leaves its term out. parts, when not nil, receives the
// components of each step taken with gradients on.
func AbstainSFT(abstainWeight, metacogWeight float64, parts *LossParts) Objective {
	return func(m *model.Model, b *data.Batch) *tensor.Tensor {
		if b.PromptMask == nil || len(b.Labels) != b.B {
			panic("train.AbstainSFT: batch lacks PromptMask or Labels (use data.ChatBatch)")
		}
		out := m.Forward(b.Inputs, b.B, b.T)
		logits := tensor.Reshape(out.Logits, b.B*b.T, m.Spec.Vocab)
		loss := tensor.CrossEntropy(logits, b.Targets, b.Mask)
		p := LossParts{CE: float64(loss.Item()), Abstain: math.NaN(), Metacog: math.NaN(),
			RouterEntropyOOD: math.NaN(), RouterEntropyIn: math.NaN()}
		if abstainWeight > 0 {
			bce := tensor.BCEWithLogits(m.AbstainLogits(out.Hidden, b.PromptMask), b.Labels)
			p.Abstain = float64(bce.Item())
			loss = tensor.Add(loss, tensor.Scale(bce, float32(abstainWeight)))
		}
		if len(out.RouterEntropy) > 0 && out.Router[0].Shape[len(out.Router[0].Shape)-1] >= 2 {
			e := PromptRouterEntropy(out, b.PromptMask)
			p.RouterEntropyOOD, p.RouterEntropyIn = classMeans(e.Data, b.Labels)
			if metacogWeight > 0 {
				mc := MetacogBCE(e, b.Labels)
				p.Metacog = float64(mc.Item())
				loss = tensor.Add(loss, tensor.Scale(mc, float32(metacogWeight)))
			}
		} else if metacogWeight > 0 {
			panic(fmt.Sprintf("train.AbstainSFT: metacognition loss on %s, which has no router", m.Spec.Name))
		}
		if parts != nil && tensor.GradEnabled() {
			*parts = p
		}
		return loss
	}
}

func classMeans(v, labels []float32) (pos, neg float64) {
	var sp, sn float64
	var np, nn int
	for i, x := range v {
		if labels[i] > 0.5 {
			sp += float64(x)
			np++
		} else {
			sn += float64(x)
			nn++
		}
	}
	pos, neg = math.NaN(), math.NaN()
	if np > 0 {
		pos = sp / float64(np)
	}
	if nn > 0 {
		neg = sn / float64(nn)
	}
	return pos, neg
}

// PromptRouterEntropy is each row's router entropy averaged over the
// routed layers and the positions where promptMask (len B·T) is positive,
// divided by log(#pathways) so that it lies in [0, 1]: [B], with
// gradients into the routers. It panics when out has no router.
func PromptRouterEntropy(out *model.Output, promptMask []float32) *tensor.Tensor {
	if len(out.RouterEntropy) == 0 {
		panic("train.PromptRouterEntropy: the model has no router")
	}
	P := out.Router[0].Shape[len(out.Router[0].Shape)-1]
	var sum *tensor.Tensor
	for _, e := range out.RouterEntropy {
		l := tensor.MaskedMean(tensor.Reshape(e, out.B, out.T, 1), promptMask) // [B, 1]
		if sum == nil {
			sum = l
		} else {
			sum = tensor.Add(sum, l)
		}
	}
	norm := float32(1 / (float64(len(out.RouterEntropy)) * math.Log(float64(P))))
	return tensor.Reshape(tensor.Scale(sum, norm), out.B)
}

// MetacogEps keeps the metacognition BCE finite: the normalised entropy
// is clamped to [MetacogEps, 1 − MetacogEps] before the logarithms.
const MetacogEps = 1e-4

// MetacogBCE is the metacognition loss: the binary cross-entropy between
// the normalised prompt router entropy e [B] (read as a probability of
// "out of domain") and the labels (1 = OOD), averaged over rows:
//
//	mean_b −[y_b·log e_b + (1 − y_b)·log(1 − e_b)]
//
// so that minimising it raises router entropy on OOD prompts and lowers
// it in-domain. The engine has no log op, so the loss is built as the
// linear surrogate Σ_b c_b·e_b (c_b = dBCE/de_b at the current e, a
// constant) plus a constant that makes its value the BCE: the value and
// the gradient are both exact.
func MetacogBCE(e *tensor.Tensor, labels []float32) *tensor.Tensor {
	B := len(e.Data)
	if len(labels) != B || B == 0 {
		panic(fmt.Sprintf("train.MetacogBCE: %d labels for %d rows", len(labels), B))
	}
	coef := make([]float32, B)
	var value, lin float64
	for i, v := range e.Data {
		p := math.Min(math.Max(float64(v), MetacogEps), 1-MetacogEps)
		y := float64(labels[i])
		value -= y*math.Log(p) + (1-y)*math.Log(1-p)
		c := (p - y) / (p * (1 - p)) / float64(B)
		coef[i] = float32(c)
		lin += c * float64(v)
	}
	value /= float64(B)
	sur := tensor.Sum(tensor.Mul(e, tensor.New(coef, B)))
	return tensor.Add(sur, tensor.Scalar(float32(value-lin)))
}

// FreezeRouter stops gradients into every router weight and bias of m
// (optimizers skip parameters without a gradient, so they stay fixed) and
// returns the number of tensors frozen. UnfreezeRouter undoes it.
func FreezeRouter(m *model.Model) int { return setRouterGrad(m, false) }

// UnfreezeRouter lets gradients into the router weights again.
func UnfreezeRouter(m *model.Model) int { return setRouterGrad(m, true) }

func setRouterGrad(m *model.Model, on bool) int {
	n := 0
	for _, b := range m.Blocks {
		rb, ok := b.(*model.RoutedBlock)
		if !ok {
			continue
		}
		for _, t := range []*tensor.Tensor{rb.Router.W, rb.Router.B} {
			if t == nil {
				continue
			}
			t.SetRequiresGrad(on)
			if !on {
				t.Grad = nil
			}
			n++
		}
	}
	return n
}
