// Package train is Trigo's training loop: next-byte pretraining by default,
// with a pluggable objective and batch source so that later stages (chat
// SFT, abstain SFT) reuse the same loop.
//
//	m := model.New(model.Config("lite-fp32"), 42)
//	h := train.Fit(m, "data/stories_demo", train.Options{Steps: 300, BatchSize: 16, SeqLen: 128})
//
// Each step samples a batch, runs forward and backward, clips the global
// gradient norm, and applies the optimizer with a warm-up + cosine
// schedule (see Trainer.Step). The loop polls interrupt.Requested between
// steps, evaluates on fixed validation windows, and saves resumable
// checkpoints (weights, optimizer moments and sampler state in one file).
package train

import (
	"fmt"
	"io"
	"math"
	"time"

	"trigo/engine/ckpt"
	"trigo/engine/data"
	"trigo/engine/interrupt"
	"trigo/engine/model"
	"trigo/engine/optim"
	"trigo/engine/parallel"
	"trigo/engine/tensor"
)

// Objective computes one batch's scalar training loss (with gradients on).
type Objective func(m *model.Model, b *data.Batch) *tensor.Tensor

// NextByte is the pretraining objective: mean cross-entropy of the next
// byte over the positions b.Mask selects (all when nil).
func NextByte(m *model.Model, b *data.Batch) *tensor.Tensor {
	out := m.Forward(b.Inputs, b.B, b.T)
	logits := tensor.Reshape(out.Logits, b.B*b.T, m.Spec.Vocab)
	return tensor.CrossEntropy(logits, b.Targets, b.Mask)
}

// Options configures a run. Zero values take the defaults in brackets.
type Options struct {
	// Steps is the total number of optimizer steps; a resumed run continues
	// until it has taken this many in all. [100]
	Steps int
	// BatchSize is the number of sequences per step. [16]
	BatchSize int
	// SeqLen is the number of bytes per sequence. [128]
	SeqLen int
	// LR is the peak learning rate (AdamW, and Muon's non-matrix part). [2e-3]
	LR float64
	// MuonLR is the peak learning rate of Muon's matrices. [0.02]
	MuonLR float64
	// MinLRFrac is the final learning rate as a fraction of the peak. [0.1]
	MinLRFrac float64
	// Warmup is the number of warm-up steps. [min(100, Steps/10), ≥ 1]
	Warmup int
	// WeightDecay is the decoupled weight decay of 2-D tensors; negative
	// disables it. [0.1]
	WeightDecay float64
	// GradClip is the global gradient-norm limit; negative disables. [1.0]
	GradClip float64
	// Optimizer is "adamw" or "muon". ["adamw"]
	Optimizer string
	// Seed seeds batch sampling. [the model's seed]
	Seed int64
	// EvalEvery evaluates every this many steps (and after the last);
	// negative evaluates only at the end. [max(Steps/10, 1)]
	EvalEvery int
	// EvalBatches is the number of validation batches per evaluation. [8]
	EvalBatches int
	// SaveEvery saves a checkpoint to Out every this many steps. [0: never]
	SaveEvery int
	// Out is the checkpoint path, written at the end, on SaveEvery and when
	// interrupted. ["": no checkpoint]
	Out string
	// Resume continues from this checkpoint (weights, optimizer, sampler,
	// step and history).
	Resume string
	// Threads sets engine parallelism for the run. [0: unchanged]
	Threads int
	// Stage names the training stage in checkpoints. ["pretrain"]
	Stage string
	// Objective computes the loss. [NextByte]
	Objective Objective
	// Batches supplies training batches. [random windows of train.bin]
	Batches data.Batcher
	// Eval supplies validation batches. [windows spread over valid.bin]
	Eval []*data.Batch
	// EvalSets are further validation streams evaluated with Eval (plain
	// next-byte loss), recorded in History.ExtraVal.
	EvalSets []EvalSet
	// OnStep is called after every step (and after every evaluation, with
	// ValLoss set), and once more with Interrupted set when an interrupt
	// stops the run.
	OnStep func(s StepInfo)
	// Progress receives a live progress bar and evaluation lines. [nil: quiet]
	Progress io.Writer
}

// StepInfo describes one finished step.
type StepInfo struct {
	// Step counts steps taken so far (1-based); Steps is the run's total.
	Step, Steps int
	// Loss is the training loss of the step's batch.
	Loss float64
	// ValLoss is the validation loss when this step evaluated, else NaN.
	ValLoss float64
	// ExtraVal holds each Options.EvalSets loss when this step evaluated.
	ExtraVal map[string]float64
	// LR is the peak-relative learning rate used (schedule × Options.LR).
	LR float64
	// GradNorm is the global gradient norm before clipping.
	GradNorm float64
	// TokensPerSec is the step's training throughput.
	TokensPerSec float64
	// Elapsed is the wall time since the run (this process) started.
	Elapsed time.Duration
	// ETA estimates the time to the last step.
	ETA time.Duration
	// Interrupted marks the call made when an interrupt stopped the run
	// after Step steps (Loss NaN: no step was taken).
	Interrupted bool
}

func (o *Options) defaults(m *model.Model) {
	if o.Steps <= 0 {
		o.Steps = 100
	}
	if o.BatchSize <= 0 {
		o.BatchSize = 16
	}
	if o.SeqLen <= 0 {
		o.SeqLen = 128
	}
	if o.LR <= 0 {
		o.LR = 2e-3
	}
	if o.MuonLR <= 0 {
		o.MuonLR = 0.02
	}
	if o.MinLRFrac <= 0 {
		o.MinLRFrac = 0.1
	}
	if o.Warmup <= 0 {
		o.Warmup = max(1, min(100, o.Steps/10))
	}
	if o.WeightDecay == 0 {
		o.WeightDecay = 0.1
	} else if o.WeightDecay < 0 {
		o.WeightDecay = 0
	}
	if o.GradClip == 0 {
		o.GradClip = 1
	}
	if o.Optimizer == "" {
		o.Optimizer = "adamw"
	}
	if o.Seed == 0 {
		o.Seed = m.Seed
	}
	if o.EvalEvery == 0 {
		o.EvalEvery = max(o.Steps/10, 1)
	}
	if o.EvalBatches <= 0 {
		o.EvalBatches = 8
	}
	if o.Stage == "" {
		o.Stage = "pretrain"
	}
	if o.Objective == nil {
		o.Objective = NextByte
	}
}

// Fit trains m on the data folder dataDir and returns the history; an
// error is reported in History.Err (and on Progress). It is Run for
// notebooks, where one return value reads better.
func Fit(m *model.Model, dataDir string, o Options) *History {
	h, err := Run(m, dataDir, o)
	if h == nil {
		h = &History{Model: m.Spec.Name}
	}
	if err != nil {
		h.Err = err
		if o.Progress != nil {
			fmt.Fprintf(o.Progress, "train: %v\n", err)
		}
	}
	return h
}

// Run trains m on dataDir (ignored when Options.Batches is set) until
// Options.Steps steps in all, an interrupt, or an error.
func Run(m *model.Model, dataDir string, o Options) (*History, error) {
	defer interrupt.Poll()() // an interrupted cell keeps the returned History
	tr, err := NewTrainer(m, dataDir, o)
	if err != nil {
		return nil, err
	}
	return tr.Loop()
}

// Trainer holds a run's state between steps.
type Trainer struct {
	// Model is the model being trained.
	Model *model.Model
	// Opts are the run's options with defaults filled in.
	Opts Options
	// Optim is the optimizer.
	Optim optim.Optimizer
	// Batches is the training batch source.
	Batches data.Batcher
	// Eval is the fixed validation set.
	Eval []*data.Batch
	// Step is the number of steps taken.
	Step int
	// History records the run.
	History *History
	// DataDesc describes the data for checkpoints.
	DataDesc string
}

// NewTrainer prepares a run: data, optimizer, and, with Options.Resume,
// the saved weights, optimizer moments, sampler position and history.
// When resuming, options left at zero take the values the checkpointed
// run used (batch size, sequence length, learning rates, schedule, …).
func NewTrainer(m *model.Model, dataDir string, o Options) (*Trainer, error) {
	if o.Out != "" { // now, not at the first save after hours of work
		if err := data.CheckWritable(o.Out); err != nil {
			return nil, fmt.Errorf("train: checkpoint: %v", err)
		}
	}
	var resumeFile *ckpt.File
	if o.Resume != "" {
		f, err := ckpt.ReadFile(o.Resume)
		if err != nil {
			return nil, err
		}
		if err := o.inherit(f.Meta); err != nil {
			return nil, fmt.Errorf("train: resume %s: %v", o.Resume, err)
		}
		resumeFile = f
	}
	o.defaults(m)
	o.EvalSets = append([]EvalSet(nil), o.EvalSets...)
	for i, es := range o.EvalSets {
		if es.Batches == nil {
			// Cut now that the run's batch size and length are known.
			o.EvalSets[i].Batches = data.TextWindows(es.Text, o.BatchSize, o.SeqLen)
		}
	}
	tr := &Trainer{Model: m, Opts: o, Batches: o.Batches, Eval: o.Eval,
		History: &History{Model: m.Spec.Name}}
	if tr.Batches == nil || (tr.Eval == nil && dataDir != "") {
		ds, err := data.Load(dataDir)
		if err != nil {
			return nil, err
		}
		tr.DataDesc = ds.Describe()
		if tr.Batches == nil {
			if err := data.CheckWindow(dataDir+"/train.bin", ds.Train, o.SeqLen); err != nil {
				return nil, err
			}
			tr.Batches = data.NewSampler(ds.Train, o.BatchSize, o.SeqLen, uint64(o.Seed))
		}
		if tr.Eval == nil {
			tr.Eval = data.EvalWindows(ds.Valid, o.BatchSize, min(o.SeqLen, len(ds.Valid)-1), o.EvalBatches)
		}
	}
	var err error
	if tr.Optim, err = optim.New(o.Optimizer, m.Params.List(), o.LR, o.MuonLR, o.WeightDecay); err != nil {
		return nil, err
	}
	if resumeFile != nil {
		if err := tr.resume(resumeFile); err != nil {
			return nil, err
		}
	}
	return tr, nil
}

// TrainStep is one optimisation step: sample a batch, forward, backward,
// clip the gradient norm, update with the scheduled learning rate, clear
// gradients. It returns the batch loss, the multiplier and the gradient
// norm before clipping.
func (tr *Trainer) TrainStep() (loss, lrMult, gradNorm float64) {
	o, m := &tr.Opts, tr.Model
	batch := tr.Batches.Next()
	lrMult = optim.Schedule(tr.Step, o.Warmup, o.Steps, o.MinLRFrac)

	l := o.Objective(m, batch)
	tensor.Backward(l)
	gradNorm = optim.ClipGradNorm(m.Params.List(), o.GradClip)
	tr.Optim.Step(lrMult)
	m.ZeroGrad()

	tr.Step++
	return float64(l.Item()), lrMult, gradNorm
}

// Loop runs steps until Options.Steps, an interrupt or an error, with
// evaluation, checkpoints and progress along the way.
func (tr *Trainer) Loop() (*History, error) {
	o, h := &tr.Opts, tr.History
	defer interrupt.Poll()()
	if o.Threads > 0 {
		defer parallel.SetThreads(parallel.SetThreads(o.Threads))
	}
	start := time.Now()
	first := tr.Step
	tokens := float64(o.BatchSize * o.SeqLen)
	bar := newProgress(o.Progress, tr.Model.Spec.Name)
	for tr.Step < o.Steps {
		if interrupt.Requested() {
			h.Interrupted = true
			stop := StepInfo{Step: tr.Step, Steps: o.Steps, Loss: math.NaN(), ValLoss: math.NaN(), Elapsed: time.Since(start), Interrupted: true}
			bar.interrupted(stop)
			if o.OnStep != nil {
				o.OnStep(stop)
			}
			break
		}
		t0 := time.Now()
		var loss, mult, norm float64
		if err := tensor.Catch(func() { loss, mult, norm = tr.TrainStep() }); err != nil {
			return h, fmt.Errorf("train: step %d: %v", tr.Step+1, err)
		}
		dt := time.Since(t0).Seconds()
		info := StepInfo{Step: tr.Step, Steps: o.Steps, Loss: loss, ValLoss: math.NaN(), LR: mult * o.LR,
			GradNorm: norm, TokensPerSec: tokens / dt, Elapsed: time.Since(start)}
		done := tr.Step - first
		info.ETA = time.Duration(float64(info.Elapsed) / float64(done) * float64(o.Steps-tr.Step))
		h.add(info)
		if math.IsNaN(loss) || math.IsInf(loss, 0) {
			return h, fmt.Errorf("train: step %d: loss is %v (try a lower learning rate)", tr.Step, loss)
		}
		bar.step(info)
		if o.OnStep != nil {
			o.OnStep(info)
		}
		if len(tr.Eval) > 0 && ((o.EvalEvery > 0 && tr.Step%o.EvalEvery == 0) || tr.Step == o.Steps) {
			info.ValLoss = Evaluate(tr.Model, tr.Eval, o.Objective)
			h.ValSteps = append(h.ValSteps, tr.Step)
			h.ValLoss = append(h.ValLoss, info.ValLoss)
			if len(o.EvalSets) > 0 {
				info.ExtraVal = map[string]float64{}
				for _, es := range o.EvalSets {
					v := TextLoss(tr.Model, es.Batches)
					info.ExtraVal[es.Name] = v
					h.addExtra(es.Name, len(h.ValSteps)-1, v)
				}
			}
			bar.eval(info)
			if o.OnStep != nil {
				o.OnStep(info)
			}
		}
		if o.SaveEvery > 0 && o.Out != "" && tr.Step%o.SaveEvery == 0 && tr.Step < o.Steps {
			if err := tr.Save(o.Out); err != nil {
				return h, err
			}
		}
	}
	bar.finish()
	h.Elapsed += time.Since(start).Seconds()
	if o.Out != "" && tr.Step > first {
		if err := tr.Save(o.Out); err != nil {
			return h, err
		}
		h.Checkpoint = o.Out
		if o.Progress != nil {
			fmt.Fprintf(o.Progress, "saved %s at step %d\n", o.Out, tr.Step)
		}
	}
	return h, nil
}

// Evaluate returns the mean objective over batches without recording
// gradients.
func Evaluate(m *model.Model, batches []*data.Batch, obj Objective) float64 {
	if obj == nil {
		obj = NextByte
	}
	var s float64
	tensor.NoGrad(func() {
		for _, b := range batches {
			s += float64(obj(m, b).Item())
		}
	})
	return s / float64(max(len(batches), 1))
}
