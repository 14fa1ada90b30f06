package train

import (
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"trigo/engine/corpus"
	"trigo/engine/data"
	"trigo/engine/interrupt"
	"trigo/engine/model"
)

// tinyData writes a small story data folder.
func tinyData(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	text := corpus.Generate(40000, 5)
	cut := data.SplitPoint(text, 0.1)
	os.WriteFile(filepath.Join(dir, "train.bin"), text[:cut], 0o644)
	os.WriteFile(filepath.Join(dir, "valid.bin"), text[cut:], 0o644)
	return dir
}

func tinyOpts() Options {
	return Options{Steps: 6, BatchSize: 4, SeqLen: 24, LR: 3e-3, Warmup: 2, EvalEvery: 3, EvalBatches: 2}
}

// A run stopped after 3 steps and resumed for 3 more reproduces the losses
// of an uninterrupted 6-step run bit for bit (weights, optimizer moments and
// sampler state all come back from the checkpoint).
func TestResumeIsBitExact(t *testing.T) {
	dir := tinyData(t)
	for _, c := range []struct{ fam, prec, opt string }{
		{"lite", model.Ternary, "adamw"}, {"multi", model.FP32, "muon"}, {"vanilla", model.FP32, "adamw"},
	} {
		spec := model.Tiny(c.fam, c.prec)
		o := tinyOpts()
		o.Optimizer = c.opt
		straight, err := Run(model.New(spec, 11), dir, o)
		if err != nil {
			t.Fatal(err)
		}
		ck := filepath.Join(t.TempDir(), "half.safetensors")
		o1 := o
		o1.Steps, o1.Out = 3, ck
		// The schedule must see the full run's length to match: stop early
		// through OnStep instead of shortening Steps.
		o1.Steps = 6
		o1.OnStep = func(s StepInfo) {
			if s.Step == 3 {
				interrupt.Request()
			}
		}
		first, err := Run(model.New(spec, 11), dir, o1)
		interrupt.Reset()
		if err != nil {
			t.Fatal(err)
		}
		if !first.Interrupted || len(first.Loss) != 3 {
			t.Fatalf("first half: interrupted=%v after %d steps", first.Interrupted, len(first.Loss))
		}
		// Only the checkpoint: every other option comes back from its metadata.
		second, err := Run(model.New(spec, 99), dir, Options{Resume: ck}) // other seed: weights must come from the file
		if err != nil {
			t.Fatal(err)
		}
		if len(second.Loss) != 6 {
			t.Fatalf("resumed history has %d steps, want 6", len(second.Loss))
		}
		for i := range straight.Loss {
			if straight.Loss[i] != second.Loss[i] {
				t.Fatalf("%s/%s: step %d loss %v (resumed) != %v (straight)", spec.Name, c.opt, i+1, second.Loss[i], straight.Loss[i])
			}
		}
		if straight.LastValLoss() != second.LastValLoss() {
			t.Fatalf("%s: val loss %v != %v", spec.Name, second.LastValLoss(), straight.LastValLoss())
		}
	}
}

func TestLossFallsAndHistory(t *testing.T) {
	dir := tinyData(t)
	m := model.New(model.Tiny("lite", model.FP32), 2)
	var calls int
	o := Options{Steps: 40, BatchSize: 8, SeqLen: 32, LR: 1e-2, EvalEvery: 20, EvalBatches: 2,
		OnStep: func(StepInfo) { calls++ }}
	h := Fit(m, dir, o)
	if h.Err != nil {
		t.Fatal(h.Err)
	}
	if len(h.Loss) != 40 || len(h.ValLoss) != 2 || calls != 42 {
		t.Fatalf("history %d steps %d evals, %d callbacks", len(h.Loss), len(h.ValLoss), calls)
	}
	first := (h.Loss[0] + h.Loss[1]) / 2
	last := (h.Loss[38] + h.Loss[39]) / 2
	if !(last < first-1) {
		t.Fatalf("loss did not fall: %.3f → %.3f", first, last)
	}
	if math.IsNaN(h.MeanTokensPerSec()) || !strings.Contains(h.String(), "lite-tiny-fp32") {
		t.Errorf("summary %s", h)
	}
}

func TestErrorsAreClear(t *testing.T) {
	m := model.New(model.Tiny("lite", model.FP32), 2)
	if _, err := Run(m, t.TempDir(), tinyOpts()); err == nil || !strings.Contains(err.Error(), "train.bin") {
		t.Errorf("missing data: %v", err)
	}
	dir := tinyData(t)
	o := tinyOpts()
	o.Optimizer = "sgd"
	if _, err := Run(m, dir, o); err == nil || !strings.Contains(err.Error(), "sgd") {
		t.Errorf("bad optimizer: %v", err)
	}
	o = tinyOpts()
	o.Resume = filepath.Join(dir, "nope.safetensors")
	if _, err := Run(m, dir, o); err == nil || !strings.Contains(err.Error(), "nope.safetensors") {
		t.Errorf("missing checkpoint: %v", err)
	}
	// Resuming into another config names both.
	ck := filepath.Join(t.TempDir(), "c.safetensors")
	o = tinyOpts()
	o.Steps, o.Out = 1, ck
	if _, err := Run(model.New(model.Tiny("vanilla", model.FP32), 1), dir, o); err != nil {
		t.Fatal(err)
	}
	o = tinyOpts()
	o.Resume = ck
	if _, err := Run(m, dir, o); err == nil || !strings.Contains(err.Error(), "differs") {
		t.Errorf("config mismatch: %v", err)
	}
}
