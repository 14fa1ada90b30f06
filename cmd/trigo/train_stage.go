package main

import (
	"flag"
	"fmt"
	"math"
	"os"

	"trigo/engine/ckpt"
	"trigo/engine/model"
	"trigo/engine/train"
)

// stageFlags are trigo train's flags for the chat stages (chat-sft,
// abstain-sft): which stage, its generated data and its loss weights, and
// the checkpoint whose weights a stage starts from.
type stageFlags struct {
	stage, init   *string
	metacog       *float64
	abstainWeight *float64
	abstainFrac   *float64
	examples      *int
	dataSeed      *int64
	freezeRouter  *bool
	uniform       *bool
}

func addStageFlags(fs *flag.FlagSet) *stageFlags {
	return &stageFlags{
		stage:         fs.String("stage", train.StagePretrain, "training stage: pretrain (data folder), chat-sft or abstain-sft (generated conversations)"),
		init:          fs.String("init", "", "start from this checkpoint's weights (config from the file; fresh optimizer, step 0), e.g. a pretrained model"),
		metacog:       fs.Float64("metacog-weight", 0, "λ: weight of the metacognition loss (abstain-sft, routed models)"),
		abstainWeight: fs.Float64("abstain-weight", 1, "weight of the abstain head's BCE (abstain-sft; 0 turns it off)"),
		abstainFrac:   fs.Float64("abstain-frac", 0.3, "share of needs-facts conversations (abstain-sft)"),
		examples:      fs.Int("chat-examples", 20000, "generated training conversations (chat stages)"),
		dataSeed:      fs.Int64("data-seed", 1, "seed of the conversation generator (validation uses seed+1)"),
		freezeRouter:  fs.Bool("freeze-router", false, "keep every router weight fixed during the stage"),
		uniform:       fs.Bool("uniform-batches", false, "chat stages: draw conversations uniformly (default: batches of similar length, less padding)"),
	}
}

// check adds the stage flags' range errors to c. (train.Stage reads 0 as
// "default", so a 0 given here would silently become 20000 or 0.3.)
func (f *stageFlags) check(c *checks) {
	c.oneOf("stage", *f.stage, train.Stages...)
	c.floatMin("metacog-weight", *f.metacog, 0, false, " (0: no metacognition loss)")
	c.floatMin("abstain-weight", *f.abstainWeight, 0, false, " (0 turns the abstain head's loss off)")
	c.floatRange("abstain-frac", *f.abstainFrac, 0, 1, true, false, "")
	c.intRange("chat-examples", *f.examples, 1, 10_000_000, "")
	if *f.dataSeed == 0 {
		c.add("data-seed", 0, "must be a non-zero integer")
	}
}

func (f *stageFlags) spec() train.Stage {
	aw := *f.abstainWeight
	if aw == 0 {
		aw = -1 // Stage: negative = off, 0 = default
	}
	return train.Stage{Name: *f.stage, Examples: *f.examples, AbstainFrac: *f.abstainFrac, DataSeed: *f.dataSeed,
		AbstainWeight: aw, MetacogWeight: *f.metacog, FreezeRouter: *f.freezeRouter, Uniform: *f.uniform}
}

// initModel returns the model --init names (weights loaded), or m.
func (f *stageFlags) initModel(m *model.Model) (*model.Model, error) {
	if *f.init == "" {
		return m, nil
	}
	im, file, err := ckpt.Load(*f.init)
	if err != nil {
		return nil, err
	}
	meta, _ := ckpt.DecodeMeta(file.Meta)
	fmt.Printf("init from %s (%s, stage %s, step %d)\n", *f.init, meta.Spec.Name, meta.Stage, meta.Step)
	return im, nil
}

// run trains m for the stage; the checkpoints record it.
func (f *stageFlags) run(m *model.Model, dataDir string, o train.Options) (*train.History, error) {
	st := f.spec()
	if err := st.Check(m); err != nil {
		return nil, err
	}
	if st.Name != train.StagePretrain {
		fmt.Printf("stage %s: %s\n", st.Name, st.Describe())
	}
	if st.Name == train.StageAbstainSFT {
		// At each evaluation, also show the last step's loss components.
		parts := &train.LossParts{}
		st.Parts = parts
		next := o.OnStep
		o.OnStep = func(s train.StepInfo) {
			if !math.IsNaN(s.ValLoss) {
				fmt.Fprintf(os.Stderr, "  step %d parts: ce %.4f  abstain bce %.4f  metacog bce %.4f  router entropy (normalised) needs-facts %.3f in-capability %.3f\n",
					s.Step, parts.CE, parts.Abstain, parts.Metacog, parts.RouterEntropyOOD, parts.RouterEntropyIn)
			}
			if next != nil {
				next(s)
			}
		}
	}
	tr, err := train.NewStageTrainer(m, dataDir, st, o)
	if err != nil {
		return nil, err
	}
	if *f.init != "" {
		tr.DataDesc += fmt.Sprintf("; init %s", *f.init)
	}
	// The settings the run actually uses (a resumed run's come from its
	// checkpoint where no flag was given).
	to := tr.Opts
	data := tr.DataDesc
	if data == "" {
		data = dataDir
	}
	if o.Resume != "" {
		fmt.Printf("resuming %s at step %d (flags not given keep the run's settings)\n", o.Resume, tr.Step)
		if tr.Step >= to.Steps {
			return nil, usagef("--steps %d: %s has already taken %d steps; give --steps above %d to train further", to.Steps, o.Resume, tr.Step, tr.Step)
		}
	}
	fmt.Printf("data %s, %d steps of %d×%d bytes, %s, lr %g, checkpoint %s\n", data, to.Steps, to.BatchSize, to.SeqLen, to.Optimizer, to.LR, to.Out)
	return tr.Loop()
}
