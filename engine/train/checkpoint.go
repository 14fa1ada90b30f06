package train

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"regexp"
	"strings"

	"trigo/engine/ckpt"
	"trigo/engine/ternary"
)

// Save writes a resumable checkpoint: weights, optimizer moments, sampler
// position, step and history, atomically.
func (tr *Trainer) Save(path string) error {
	hist, _ := json.Marshal(tr.History.record())
	opts, _ := json.Marshal(tr.Opts.saved())
	meta := ckpt.Meta{
		Stage:     tr.Opts.Stage,
		Step:      tr.Step,
		Data:      tr.DataDesc,
		Optimizer: tr.Optim.Describe(),
		Extra: map[string]string{
			"optimizer_name": tr.Optim.Name(),
			"sampler":        tr.Batches.State(),
			"sampler_seed":   fmt.Sprint(tr.Opts.Seed),
			"history":        string(hist),
			"train_options":  string(opts),
		},
	}
	return ckpt.Save(path, tr.Model, meta, tr.Optim.State())
}

// savedOptions are the options a checkpoint records so that a resumed run
// continues with the same settings unless told otherwise.
type savedOptions struct {
	Steps       int     `json:"steps"`
	BatchSize   int     `json:"batch_size"`
	SeqLen      int     `json:"seq_len"`
	LR          float64 `json:"lr"`
	MuonLR      float64 `json:"muon_lr"`
	MinLRFrac   float64 `json:"min_lr_frac"`
	Warmup      int     `json:"warmup"`
	WeightDecay float64 `json:"weight_decay"`
	GradClip    float64 `json:"grad_clip"`
	Optimizer   string  `json:"optimizer"`
	Seed        int64   `json:"seed"`
	EvalEvery   int     `json:"eval_every"`
	EvalBatches int     `json:"eval_batches"`
	SaveEvery   int     `json:"save_every"`
	Stage       string  `json:"stage"`
	// Threads is kept because sums split across threads round
	// differently: a resumed run is bit-exact only at the same count.
	Threads int `json:"threads,omitempty"`
}

func (o *Options) saved() savedOptions {
	return savedOptions{Steps: o.Steps, BatchSize: o.BatchSize, SeqLen: o.SeqLen, LR: o.LR, MuonLR: o.MuonLR,
		MinLRFrac: o.MinLRFrac, Warmup: o.Warmup, WeightDecay: o.WeightDecay, GradClip: o.GradClip,
		Optimizer: o.Optimizer, Seed: o.Seed, EvalEvery: o.EvalEvery, EvalBatches: o.EvalBatches,
		SaveEvery: o.SaveEvery, Stage: o.Stage, Threads: o.Threads}
}

// inherit fills o's zero fields from a checkpoint's "train_options".
func (o *Options) inherit(meta map[string]string) error {
	js, ok := meta["train_options"]
	if !ok {
		return nil
	}
	var s savedOptions
	if err := json.Unmarshal([]byte(js), &s); err != nil {
		return fmt.Errorf("bad train_options metadata: %v", err)
	}
	setI := func(dst *int, v int) {
		if *dst == 0 {
			*dst = v
		}
	}
	setF := func(dst *float64, v float64) {
		if *dst == 0 {
			*dst = v
			if v == 0 {
				*dst = -1 // saved as disabled: keep it disabled
			}
		}
	}
	setI(&o.Steps, s.Steps)
	setI(&o.BatchSize, s.BatchSize)
	setI(&o.SeqLen, s.SeqLen)
	setI(&o.Warmup, s.Warmup)
	setI(&o.EvalEvery, s.EvalEvery)
	setI(&o.EvalBatches, s.EvalBatches)
	setI(&o.SaveEvery, s.SaveEvery)
	setI(&o.Threads, s.Threads)
	if o.LR == 0 {
		o.LR = s.LR
	}
	if o.MuonLR == 0 {
		o.MuonLR = s.MuonLR
	}
	if o.MinLRFrac == 0 {
		o.MinLRFrac = s.MinLRFrac
	}
	setF(&o.WeightDecay, s.WeightDecay)
	setF(&o.GradClip, s.GradClip)
	if o.Optimizer == "" {
		o.Optimizer = s.Optimizer
	}
	if o.Seed == 0 {
		o.Seed = s.Seed
	}
	if o.Stage == "" {
		o.Stage = s.Stage
	}
	return nil
}

// resumeMeta reads the metadata of the checkpoint a run resumes from
// (the header only: the tensors are read later, by NewTrainer).
func resumeMeta(path string) (map[string]string, error) {
	meta, err := ternary.ReadMeta(path) // any safetensors file's header
	if err != nil {
		return nil, fmt.Errorf("train: resume: %v", err)
	}
	return meta, nil
}

// checkResumeStage refuses to resume a checkpoint into another stage, or
// into a chat stage whose generated data or loss differ from the
// checkpoint's (its "data" metadata starts with the stage's Describe):
// the run would silently continue on something else.
func checkResumeStage(path string, meta map[string]string, s Stage) error {
	s = s.withDefaults()
	if st := meta["stage"]; st != "" && st != s.Name {
		return fmt.Errorf("train: resume %s: the checkpoint is stage %s, this run is %s (give --stage %s, or start a new stage with --init)", path, st, s.Name, st)
	}
	if d := s.Describe(); d != "" && meta["data"] != "" && !strings.HasPrefix(meta["data"], d) {
		return fmt.Errorf("train: resume %s: the checkpoint trained on %q, this run would train on %q: repeat the stage's flags", path, meta["data"], d)
	}
	return nil
}

// dataDesc matches data.Dataset.Describe, which a pretraining checkpoint
// records as its "data" (followed by "; init FILE" after --init).
var dataDesc = regexp.MustCompile(`^(.+) \(train \d+ bytes, valid \d+ bytes\)(;|$)`)

// recordedDataDir returns the data folder a pretraining checkpoint's
// "data" metadata names, or "".
func recordedDataDir(desc string) string {
	if m := dataDesc.FindStringSubmatch(desc); m != nil {
		return filepath.FromSlash(m[1])
	}
	return ""
}

// resume loads weights, optimizer state, sampler position, step and
// history from the checkpoint f into the trainer.
func (tr *Trainer) resume(f *ckpt.File) error {
	path := f.Path
	meta, err := ckpt.DecodeMeta(f.Meta)
	if err != nil {
		return fmt.Errorf("train: resume %s: %v", path, err)
	}
	if got, want := meta.Spec.JSON(), tr.Model.Spec.JSON(); got != want {
		return fmt.Errorf("train: resume %s: checkpoint config %s differs from the model's %s", path, got, want)
	}
	if err := ckpt.LoadInto(tr.Model, f); err != nil {
		return err
	}
	if name := meta.Extra["optimizer_name"]; name != tr.Optim.Name() {
		return fmt.Errorf("train: resume %s: saved optimizer %q, this run uses %q", path, name, tr.Optim.Name())
	}
	if err := tr.Optim.LoadState(f.OptimState()); err != nil {
		return fmt.Errorf("train: resume %s: %v", path, err)
	}
	if s, ok := meta.Extra["sampler"]; ok {
		if err := tr.Batches.Restore(s); err != nil {
			return fmt.Errorf("train: resume %s: %v", path, err)
		}
	}
	if js := meta.Extra["history"]; js != "" {
		var r historyRecord
		if err := json.Unmarshal([]byte(js), &r); err != nil {
			return fmt.Errorf("train: resume %s: bad history: %v", path, err)
		}
		tr.History.restore(r)
	}
	tr.Step = meta.Step
	return nil
}
