package main

import (
	"flag"
	"fmt"
	"strings"

	"trigo/engine/ckpt"
	"trigo/engine/parallel"
	"trigo/engine/train"
)

func init() {
	register("eval", "loss in nats per byte of checkpoints on whole text files", runEval)
}

// listFlag collects a repeatable flag.
type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, ",") }
func (l *listFlag) Set(s string) error { *l = append(*l, s); return nil }

// runEval prints, for each checkpoint and each text, the mean next-byte
// cross-entropy over consecutive windows covering the whole text
// (train.TextLoss over data.TextWindows): every byte after the first is
// predicted once, with at most --seq-len bytes of context.
func runEval(args []string) error {
	fs := flag.NewFlagSet("trigo eval", flag.ContinueOnError)
	var ckpts, texts listFlag
	fs.Var(&ckpts, "ckpt", "checkpoint to evaluate (repeatable)")
	fs.Var(&texts, "text", "text file, e.g. a data folder's valid.bin or data/natural/valid.bin (repeatable)")
	seq := fs.Int("seq-len", 0, "window length in bytes (0: the model's context)")
	batch := fs.Int("batch-size", 8, "windows per forward pass")
	threads := fs.Int("threads", 0, "engine threads (0: all cores)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if err := noArgs(fs); err != nil {
		return err
	}
	if len(ckpts) == 0 || len(texts) == 0 {
		return usagef("give at least one --ckpt and one --text")
	}
	var c checks
	c.intMin("batch-size", *batch, 1, "")
	c.intMin("seq-len", *seq, 0, " (0: the model's context)")
	c.intRange("threads", *threads, 0, maxThreads, " (0: all cores)")
	if err := c.err(); err != nil {
		return err
	}
	if *threads > 0 {
		defer parallel.SetThreads(parallel.SetThreads(*threads))
	}
	fmt.Printf("%-48s %-32s %10s\n", "checkpoint", "text", "nats/byte")
	for _, c := range ckpts {
		m, _, err := ckpt.Load(c)
		if err != nil {
			return err
		}
		T := *seq
		if T == 0 || T > m.Spec.Context {
			if T > m.Spec.Context {
				return usagef("--seq-len %d exceeds %s's context of %d bytes", T, m.Spec.Name, m.Spec.Context)
			}
			T = m.Spec.Context
		}
		for _, p := range texts {
			es, err := train.TextEvalSet(p, p, *batch, T)
			if err != nil {
				return err
			}
			fmt.Printf("%-48s %-32s %10.4f\n", c, p, train.TextLoss(m, es.Batches))
		}
	}
	return nil
}
