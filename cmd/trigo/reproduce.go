package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"strconv"
	"strings"

	"trigo/engine/metacog"
)

func init() {
	register("reproduce", "recompute a claim (1-5 or all) and check it against results/", runReproduce)
}

func runReproduce(args []string) error {
	fs := flag.NewFlagSet("trigo reproduce", flag.ContinueOnError)
	ck := fs.String("ckpt", "", "checkpoint (default: the one the results file names)")
	write := fs.Bool("write", false, "record the recomputed numbers in results/ instead of checking them")
	results := fs.String("results", "results", "folder of the claim_0N_*.md files")
	prompts := fs.String("prompts", "prompts", "folder of the prompt sets")
	dataDir := fs.String("data-dir", "data/stories_demo", "data folder whose valid.bin claims 1 and 5 evaluate")
	base := fs.String("base", "checkpoints/lite-fp32-pretrain.safetensors", "pretraining checkpoint claim 5 compares the chat model's story loss with")
	natural := fs.String("natural", "data/natural/valid.bin", "hand-written stories claim 5 also evaluates")
	reps := fs.Int("reps", metacog.DefaultReps, "bootstrap resamples of the AUROC intervals")
	gates := fs.Bool("require-gates", false, "also fail when a claim's own gate fails (e.g. abstain < 9/10)")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: trigo reproduce 1|2|3|4|5|all [flags]")
		for _, c := range metacog.Claims {
			fmt.Fprintf(fs.Output(), "  %d  %s\n", c.N, c.Title)
		}
		fs.PrintDefaults()
	}
	which, err := parseSubject(fs, args)
	if err != nil {
		return err
	}
	var c checks
	c.intMin("reps", *reps, 1, "")
	if err := c.err(); err != nil {
		return err
	}
	o := metacog.Options{Ckpt: *ck, Results: *results, Prompts: *prompts, Data: *dataDir, Base: *base, Natural: *natural, Write: *write, Reps: *reps, Log: os.Stderr}
	var rs []*metacog.Result
	switch which {
	case "all":
		rs, err = metacog.ReproduceAll(o)
	case "":
		fs.Usage()
		return usagef("which claim? 1, 2, 3, 4, 5 or all")
	default:
		n, perr := strconv.Atoi(which)
		if perr != nil {
			return usagef("claim %q: want 1, 2, 3, 4, 5 or all", which)
		}
		var r *metacog.Result
		if r, err = metacog.Reproduce(n, o); err == nil {
			rs = []*metacog.Result{r}
		}
	}
	if err != nil {
		return err
	}
	var bad []string
	for _, r := range rs {
		fmt.Print(r.Summary())
		if err := r.Err(); err != nil {
			bad = append(bad, fmt.Sprintf("claim %d does not reproduce", r.Claim.N))
		}
		if *gates && !r.GatePass {
			bad = append(bad, fmt.Sprintf("claim %d gate fails", r.Claim.N))
		}
	}
	if len(bad) > 0 {
		return errors.New(strings.Join(bad, "; "))
	}
	return nil
}
