package train

import (
	"encoding/json"
	"fmt"

	"trigo/engine/ckpt"
)

// Save writes a resumable checkpoint: weights, optimizer moments, sampler
// position, step and history, atomically.
func (tr *Trainer) Save(path string) error {
	hist, _ := json.Marshal(tr.History.record())
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
			"schedule": fmt.Sprintf("steps=%d warmup=%d lr=%g min_lr_frac=%g batch=%d seq=%d",
				tr.Opts.Steps, tr.Opts.Warmup, tr.Opts.LR, tr.Opts.MinLRFrac, tr.Opts.BatchSize, tr.Opts.SeqLen),
		},
	}
	return ckpt.Save(path, tr.Model, meta, tr.Optim.State())
}

// resume loads weights, optimizer state, sampler position, step and
// history from path into the trainer.
func (tr *Trainer) resume(path string) error {
	f, err := ckpt.ReadFile(path)
	if err != nil {
		return err
	}
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
