package train

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"trigo/engine/interrupt"
	"trigo/engine/model"
)

// stopAt returns an OnStep that interrupts the run after step n.
func stopAt(n int) func(StepInfo) {
	return func(s StepInfo) {
		if s.Step == n {
			interrupt.Request()
		}
	}
}

// A stage run with a non-default batch size and sequence length, resumed
// with only the checkpoint (Options{Resume} and no data folder, as
// `trigo train --resume X` passes it), keeps both and the data folder and
// reproduces the uninterrupted run bit for bit. Stage.Apply used to fill in
// 16 × 128 before the checkpoint's settings were read, and the recorded
// data folder was ignored.
func TestStageResumeKeepsBatchSeqAndData(t *testing.T) {
	dir := tinyData(t)
	spec := model.Tiny("lite", model.FP32)
	o := tinyOpts() // 4 × 24, not the 16 × 128 defaults
	o.Threads = 1   // sums split across threads round differently
	straight, err := NewStageTrainer(model.New(spec, 11), dir, Stage{}, o)
	if err != nil {
		t.Fatal(err)
	}
	want, err := straight.Loop()
	if err != nil {
		t.Fatal(err)
	}
	ck := filepath.Join(t.TempDir(), "half.safetensors")
	o1 := o
	o1.Out, o1.OnStep = ck, stopAt(3)
	first, err := NewStageTrainer(model.New(spec, 11), dir, Stage{}, o1)
	if err != nil {
		t.Fatal(err)
	}
	_, err = first.Loop()
	interrupt.Reset()
	if err != nil {
		t.Fatal(err)
	}
	for _, dataDir := range []string{dir, ""} {
		tr, err := NewStageTrainer(model.New(spec, 99), dataDir, Stage{}, Options{Resume: ck})
		if err != nil {
			t.Fatalf("resume with data folder %q: %v", dataDir, err)
		}
		if tr.Opts.BatchSize != o.BatchSize || tr.Opts.SeqLen != o.SeqLen || tr.Opts.Threads != o.Threads {
			t.Fatalf("resumed at %d × %d on %d threads, the run used %d × %d on %d", tr.Opts.BatchSize, tr.Opts.SeqLen, tr.Opts.Threads, o.BatchSize, o.SeqLen, o.Threads)
		}
		got, err := tr.Loop()
		if err != nil {
			t.Fatal(err)
		}
		if len(got.Loss) != len(want.Loss) {
			t.Fatalf("resumed history has %d steps, want %d", len(got.Loss), len(want.Loss))
		}
		for i := range want.Loss {
			if got.Loss[i] != want.Loss[i] {
				t.Fatalf("data folder %q: step %d loss %v (resumed) != %v (straight)", dataDir, i+1, got.Loss[i], want.Loss[i])
			}
		}
	}
	// A checkpoint that records no data folder asks for one.
	if got := recordedDataDir("chatdata.Generate(n=5)"); got != "" {
		t.Errorf("recorded data folder of a chat description: %q", got)
	}
	if got := recordedDataDir("data/a (b) (train 12 bytes, valid 3 bytes); init x.safetensors"); got != "data/a (b)" {
		t.Errorf("recorded data folder %q", got)
	}
}

// Resuming into another stage is refused, and so is a chat stage whose
// generated data would differ from the checkpoint's.
func TestStageResumeMismatch(t *testing.T) {
	dir := tinyData(t)
	spec := model.Tiny("lite", model.FP32)
	ck := filepath.Join(t.TempDir(), "c.safetensors")
	o := tinyOpts()
	o.Steps, o.Out = 1, ck
	if h := FitStage(model.New(spec, 1), dir, Stage{}, o); h.Err != nil {
		t.Fatal(h.Err)
	}
	_, err := NewStageTrainer(model.New(spec, 1), dir, Stage{Name: StageChatSFT}, Options{Resume: ck, Steps: 4})
	if err == nil || !strings.Contains(err.Error(), "pretrain") || !strings.Contains(err.Error(), StageChatSFT) {
		t.Errorf("stage mismatch: %v", err)
	}
	chat := Stage{Name: StageChatSFT, Examples: 40, EvalExamples: 8}
	o = Options{Steps: 1, BatchSize: 2, SeqLen: 64, EvalBatches: 1, Out: ck}
	if h := FitStage(model.New(spec, 1), "", chat, o); h.Err != nil {
		t.Fatal(h.Err)
	}
	other := chat
	other.Examples = 50
	_, err = NewStageTrainer(model.New(spec, 1), "", other, Options{Resume: ck, Steps: 2})
	if err == nil || !strings.Contains(err.Error(), "n=40") || !strings.Contains(err.Error(), "n=50") {
		t.Errorf("different chat data: %v", err)
	}
	if _, err := NewStageTrainer(model.New(spec, 1), "", chat, Options{Resume: ck, Steps: 2}); err != nil {
		t.Errorf("same chat stage: %v", err)
	}
}

// An unwritable checkpoint path is found before the first step, not at
// the final save.
func TestUnwritableOutFailsAtStart(t *testing.T) {
	dir := tinyData(t)
	o := tinyOpts()
	o.Out = filepath.Join(t.TempDir(), "no-such-folder", "x.safetensors")
	tr, err := NewTrainer(model.New(model.Tiny("lite", model.FP32), 1), dir, o)
	if err == nil || !strings.Contains(err.Error(), "no-such-folder") {
		t.Fatalf("NewTrainer: %v (trainer %v)", err, tr != nil)
	}
	if os.Geteuid() != 0 {
		ro := t.TempDir()
		os.Chmod(ro, 0o555)
		o.Out = filepath.Join(ro, "x.safetensors")
		if _, err := NewTrainer(model.New(model.Tiny("lite", model.FP32), 1), dir, o); err == nil {
			t.Error("read-only folder accepted")
		}
	}
}
