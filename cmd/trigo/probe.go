package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"trigo/engine/metacog"
	"trigo/engine/probe"
)

func init() {
	register("probe", "metacognition probe: four OOD signals per prompt, AUROC tables, ROC curves", runProbe)
}

// setsFlag is a repeatable flag of prompt files; a value may also list
// several, separated by commas (so that a recorded "--set a,b" parses back).
type setsFlag []string

func (s *setsFlag) String() string { return strings.Join(*s, ",") }

func (s *setsFlag) Set(v string) error {
	for _, f := range strings.Split(v, ",") {
		if f = strings.TrimSpace(f); f == "" {
			return fmt.Errorf("empty prompt file name in %q", v)
		}
		*s = append(*s, f)
	}
	return nil
}

// defaultSets are the files of probe.DefaultSets present in dir, so that
// a checkout without the newer sets still probes the old one.
func defaultSets(dir string) []string {
	var out []string
	for _, f := range probe.DefaultSets {
		p := filepath.Join(dir, f)
		if _, err := os.Stat(p); err == nil {
			out = append(out, p)
		}
	}
	return out
}

func runProbe(args []string) error {
	fs := flag.NewFlagSet("trigo probe", flag.ContinueOnError)
	ck := fs.String("ckpt", "", "checkpoint to probe (required)")
	var sets setsFlag
	fs.Var(&sets, "set", "prompt set to probe; repeat (or separate with commas) for several (default: those of prompts/"+
		strings.Join(probe.DefaultSets, ", prompts/")+" that exist)")
	prompts := fs.String("prompts", "", "a single prompt set (the same as one --set)")
	out := fs.String("out", "", "also write probe.md, signals.jsonl and ROC curves (PNG, SVG) to this folder")
	reps := fs.Int("reps", metacog.DefaultReps, "bootstrap resamples of the AUROC intervals")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if err := noArgs(fs); err != nil {
		return err
	}
	var c checks
	c.intMin("reps", *reps, 1, "")
	if err := c.err(); err != nil {
		return err
	}
	if *ck == "" {
		return usagef("usage: trigo probe --ckpt FILE [--set FILE]... [--out DIR] [--reps N]")
	}
	if *prompts != "" {
		if len(sets) > 0 {
			return usagef("--prompts and --set both given: use --set for every prompt set")
		}
		sets = setsFlag{*prompts}
	}
	if len(sets) == 0 {
		if sets = defaultSets("prompts"); len(sets) == 0 {
			return usagef("no prompt set: none of prompts/%s exists here; name one with --set FILE", strings.Join(probe.DefaultSets, ", prompts/"))
		}
	}
	var pss []probe.PromptSet
	for _, f := range sets {
		ps, err := probe.LoadSet(f)
		if err != nil {
			return err
		}
		pss = append(pss, ps)
	}
	cp, err := metacog.LoadCheckpoint(*ck)
	if err != nil {
		return err
	}
	rep, err := metacog.RunProbeSets(cp.Model, pss, *reps)
	if err != nil {
		return err
	}
	var files []string
	for _, ps := range pss {
		files = append(files, fmt.Sprintf("`%s` (%d)", filepath.ToSlash(ps.Path), len(ps.Prompts)))
	}
	head := fmt.Sprintf("# Metacognition probe\n\ncheckpoint `%s` (SHA-256 `%s`): %s; prompt sets %s; %d bootstrap resamples (seed %d)\n\n",
		filepath.ToSlash(*ck), cp.SHA256, cp.Describe(), strings.Join(files, ", "), *reps, metacog.BootstrapSeed)
	fmt.Print(head + rep.Markdown())
	if *out == "" {
		return nil
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(*out, "probe.md"), []byte(head+rep.Markdown()), 0o644); err != nil {
		return err
	}
	if err := writeSignals(filepath.Join(*out, "signals.jsonl"), rep.Sets.Sets); err != nil {
		return err
	}
	n := 0
	for _, s := range rep.Sets.Sets {
		for _, comp := range s.Comps {
			fig, err := rep.ROC(s.Name, comp.Column)
			if err != nil {
				return err
			}
			name := "roc_" + s.Name + "_" + comp.Key
			for _, ext := range []string{".png", ".svg"} {
				if err := fig.Save(filepath.Join(*out, name+ext)); err != nil {
					return err
				}
			}
			n++
		}
	}
	fmt.Printf("\nwrote %s: probe.md, signals.jsonl, %d ROC figures (PNG and SVG)\n", *out, n)
	return nil
}

// writeSignals writes one JSON object a line: set, id, regime, group (if
// any), the model's signals and the baselines.
func writeSignals(path string, sets []*probe.SetReport) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	enc := json.NewEncoder(w)
	for _, s := range sets {
		for _, r := range s.Records {
			row := map[string]any{"set": s.Name, "id": r.ID, "regime": r.Regime}
			if r.Group != "" {
				row["group"] = r.Group
			}
			for k, v := range r.Signals {
				row[k] = v
			}
			if err := enc.Encode(row); err != nil {
				f.Close()
				return err
			}
		}
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
