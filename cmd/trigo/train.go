package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"

	"trigo/engine/ckpt"
	"trigo/engine/interrupt"
	"trigo/engine/model"
	"trigo/engine/train"
)

func init() {
	register("train", "train a model on a data folder (resumable; Ctrl-C saves)", runTrain)
}

func runTrain(args []string) error {
	// Every op allocates its output; a larger GC target spends less time
	// collecting the activations of a step (memory is plentiful here).
	debug.SetGCPercent(300)
	fs := flag.NewFlagSet("trigo train", flag.ContinueOnError)
	name := fs.String("model", "lite-fp32", "model config: "+fmt.Sprint(model.Names()))
	dataDir := fs.String("data-dir", "data/stories_demo", "folder with train.bin and valid.bin")
	steps := fs.Int("steps", 100, "total optimizer steps (a resumed run continues up to this)")
	batch := fs.Int("batch-size", 16, "sequences per step")
	seq := fs.Int("seq-len", 128, "bytes per sequence")
	lr := fs.Float64("lr", 2e-3, "peak learning rate (AdamW; Muon's non-matrix part)")
	muonLR := fs.Float64("muon-lr", 0.02, "peak learning rate of Muon's matrices")
	warmup := fs.Int("warmup", 0, "warm-up steps (0: min(100, steps/10))")
	wd := fs.Float64("weight-decay", 0.1, "decoupled weight decay of 2-D weights (0 disables)")
	clip := fs.Float64("grad-clip", 1.0, "global gradient-norm limit (0 disables)")
	opt := fs.String("optimizer", "adamw", "adamw or muon")
	seed := fs.Int64("seed", 1, "seed of the initial weights and of batch sampling")
	evalEvery := fs.Int("eval-every", 0, "validate every N steps (0: steps/10)")
	evalBatches := fs.Int("eval-batches", 8, "validation batches per evaluation")
	saveEvery := fs.Int("save-every", 0, "also save the checkpoint every N steps")
	out := fs.String("out", "", "checkpoint to write (default runs/MODEL.safetensors)")
	resume := fs.String("resume", "", "checkpoint to resume from (weights, optimizer, sampler, step)")
	threads := fs.Int("threads", 0, "engine threads (0: all cores)")
	natural := fs.String("natural", "data/natural/valid.bin", "hand-written stories reported beside the validation loss (\"\" to skip; the default is skipped when absent)")
	sf := addStageFlags(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if err := noArgs(fs); err != nil {
		return err
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	var c checks
	c.intMin("steps", *steps, 1, "")
	c.intRange("batch-size", *batch, 1, 4096, "")
	c.intMin("seq-len", *seq, 1, " (and at most the model's context)")
	c.floatMin("lr", *lr, 0, true, "")
	c.floatMin("muon-lr", *muonLR, 0, true, "")
	c.intRange("warmup", *warmup, 0, max(*steps, 0), " (0: min(100, steps/10); at most --steps)")
	c.floatMin("weight-decay", *wd, 0, false, " (0 disables)")
	c.floatMin("grad-clip", *clip, 0, false, " (0 disables)")
	c.oneOf("optimizer", *opt, "adamw", "muon")
	c.intMin("eval-every", *evalEvery, 0, " (0: steps/10)")
	c.intRange("eval-batches", *evalBatches, 1, 1<<16, "")
	c.intMin("save-every", *saveEvery, 0, " (0: only at the end)")
	c.intRange("threads", *threads, 0, maxThreads, " (0: all cores)")
	sf.check(&c)
	if *resume != "" {
		// The run's own settings come from the checkpoint; these would be
		// ignored, so they are refused rather than dropped in silence.
		for _, n := range []string{"init"} {
			if set[n] {
				c.errs = append(c.errs, fmt.Sprintf("--%s: not with --resume (a resumed run continues from its checkpoint)", n))
			}
		}
	}
	if err := c.err(); err != nil {
		return err
	}
	var m *model.Model
	stage := *sf.stage
	if *resume == "" {
		spec, err := model.Lookup(*name)
		if err != nil {
			return usagef("--model: %v", err)
		}
		m = model.New(spec, *seed)
		if m, err = sf.initModel(m); err != nil {
			return err
		}
	} else {
		// The checkpoint's own config wins, so `--resume` alone is enough.
		f, err := ckpt.ReadFile(*resume)
		if err != nil {
			return err
		}
		meta, err := ckpt.DecodeMeta(f.Meta)
		if err != nil {
			return fmt.Errorf("%s: %v", *resume, err)
		}
		if set["model"] && *name != meta.Spec.Name {
			return usagef("--model %s: %s holds %s (a resumed run keeps its model; drop --model)", *name, *resume, meta.Spec.Name)
		}
		if !set["stage"] && meta.Stage != "" {
			stage = meta.Stage
		}
		m = model.New(meta.Spec, meta.Seed)
	}
	*sf.stage = stage
	if (*resume == "" || set["seq-len"]) && *seq > m.Spec.Context {
		return usagef("--seq-len %d: must be an integer in [1, %d], %s's context", *seq, m.Spec.Context, m.Spec.Name)
	}
	if *out == "" {
		*out = filepath.Join("runs", m.Spec.Name+".safetensors")
	}
	if err := os.MkdirAll(filepath.Dir(*out), 0o755); err != nil {
		return err
	}
	fmt.Print(m.Summary())

	// Ctrl-C asks the loop to stop after the current step; it then saves.
	// A second Ctrl-C exits at once.
	sig := make(chan os.Signal, 2)
	signal.Notify(sig, os.Interrupt)
	defer signal.Stop(sig)
	go func() {
		<-sig
		fmt.Fprintln(os.Stderr, "\ninterrupt: finishing the current step and saving (Ctrl-C again to quit now)")
		interrupt.Request()
		<-sig
		os.Exit(130)
	}()

	noNeg := func(v float64) float64 {
		if v == 0 {
			return -1
		}
		return v
	}
	o := train.Options{
		Steps: *steps, BatchSize: *batch, SeqLen: *seq, LR: *lr, MuonLR: *muonLR, Warmup: *warmup,
		WeightDecay: noNeg(*wd), GradClip: noNeg(*clip), Optimizer: *opt, Seed: *seed,
		EvalEvery: *evalEvery, EvalBatches: *evalBatches, SaveEvery: *saveEvery,
		Out: *out, Resume: *resume, Threads: *threads, Progress: os.Stderr,
	}
	if *natural != "" {
		es, err := train.ReadEvalSet("natural", *natural)
		switch {
		case err == nil:
			o.EvalSets = append(o.EvalSets, es)
		case set["natural"] || !errors.Is(err, os.ErrNotExist):
			return err
		}
	}
	dir := *dataDir
	if *resume != "" {
		// Flags not given on the command line continue with the values the
		// checkpointed run used (zero train.Options fields inherit them,
		// and an empty data folder is the one the checkpoint records).
		clear := map[string]func(){
			"steps": func() { o.Steps = 0 }, "batch-size": func() { o.BatchSize = 0 }, "seq-len": func() { o.SeqLen = 0 },
			"lr": func() { o.LR = 0 }, "muon-lr": func() { o.MuonLR = 0 }, "warmup": func() { o.Warmup = 0 },
			"weight-decay": func() { o.WeightDecay = 0 }, "grad-clip": func() { o.GradClip = 0 },
			"optimizer": func() { o.Optimizer = "" }, "seed": func() { o.Seed = 0 },
			"eval-every": func() { o.EvalEvery = 0 }, "eval-batches": func() { o.EvalBatches = 0 },
			"save-every": func() { o.SaveEvery = 0 }, "data-dir": func() { dir = "" },
		}
		for name, f := range clear {
			if !set[name] {
				f()
			}
		}
	}
	h, err := sf.run(m, dir, o)
	if h != nil {
		fmt.Println(h)
	}
	if err != nil {
		return err
	}
	if h.Interrupted && len(h.Steps) > 0 {
		fmt.Printf("interrupted at step %d; resume with --resume %s\n", h.Steps[len(h.Steps)-1], *out)
	}
	return nil
}
