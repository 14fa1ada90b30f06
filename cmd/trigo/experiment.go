package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"strings"

	"trigo/engine/experiment"
	"trigo/engine/metacog"
)

func init() {
	register("experiment", "re-run a negative result of docs/design.md §6 (n1-n4 or all) and check it against results/", runExperiment)
}

func runExperiment(args []string) error {
	fs := flag.NewFlagSet("trigo experiment", flag.ContinueOnError)
	write := fs.Bool("write", false, "record the recomputed numbers in results/nN_*.md instead of checking them")
	results := fs.String("results", "results", "folder of the nN_*.md files")
	prompts := fs.String("prompts", "prompts", "folder of the prompt sets")
	dataDir := fs.String("data-dir", "data/stories_demo", "pretraining data folder (n2, n4)")
	abstain := fs.String("abstain-ckpt", experiment.AbstainCkpt, "the chat model with a jointly trained abstain head (n1, n3)")
	pretrain := fs.String("pretrain-ckpt", experiment.PretrainCkpt, "the pretrained base (n3 splice target, n4 start)")
	reps := fs.Int("reps", metacog.DefaultReps, "bootstrap resamples")
	threads := fs.Int("threads", experiment.DefaultThreads, "engine threads of the training runs (n2, n4); results reproduce bit for bit only at the same count")
	steps := fs.Int("steps", 0, fmt.Sprintf("training steps (0: n2 %d, n4 %d)", experiment.N2Steps, experiment.N4Steps))
	seeds := fs.Int("seeds", 0, fmt.Sprintf("n2: seeds per model (0: %d)", experiment.N2Seeds))
	var sets setsFlag
	fs.Var(&sets, "set", "n1: prompt set under --prompts; repeat (or separate with commas) for several (default: "+strings.Join(experiment.N1Sets, ",")+")")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: trigo experiment n1|n2|n3|n4|all [--write] [flags]")
		for _, e := range experiment.Experiments {
			fmt.Fprintf(fs.Output(), "  %s  %s\n", e.ID, e.Title)
		}
		fs.PrintDefaults()
	}
	which, err := parseSubject(fs, args)
	if err != nil {
		return err
	}
	var c checks
	c.intMin("reps", *reps, 1, "")
	c.intRange("threads", *threads, 1, maxThreads, "")
	c.intMin("steps", *steps, 0, " (0: the experiment's own)")
	c.intMin("seeds", *seeds, 0, " (0: the experiment's own)")
	if err := c.err(); err != nil {
		return err
	}
	var ids []string
	switch which {
	case "":
		fs.Usage()
		return usagef("which experiment? n1, n2, n3, n4 or all")
	case "all":
		for _, e := range experiment.Experiments {
			ids = append(ids, e.ID)
		}
	default:
		if _, err := experiment.ByID(which); err != nil {
			return err
		}
		ids = []string{which}
	}
	// Flags that change the numbers go into the recorded command.
	var recorded []string
	fs.Visit(func(f *flag.Flag) {
		switch f.Name {
		case "write", "results":
		default:
			recorded = append(recorded, "--"+f.Name+" "+f.Value.String())
		}
	})
	o := experiment.Options{Results: *results, Prompts: *prompts, Data: *dataDir, Abstain: *abstain, Pretrain: *pretrain,
		Write: *write, Reps: *reps, Threads: *threads, Steps: *steps, Seeds: *seeds, Sets: sets, Log: os.Stderr}
	o.SetFlags(recorded)
	var bad []string
	for _, id := range ids {
		r, err := experiment.Run(id, o)
		if err != nil {
			return err
		}
		fmt.Print(r.Summary())
		if err := r.Err(); err != nil {
			bad = append(bad, id+" does not reproduce")
		}
	}
	if len(bad) > 0 {
		return errors.New(strings.Join(bad, "; "))
	}
	return nil
}
