package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"trigo/engine/metacog"
	"trigo/engine/probe"
)

func init() {
	register("probe", "metacognition probe: four OOD signals per prompt, AUROC tables, ROC curves", runProbe)
}

func runProbe(args []string) error {
	fs := flag.NewFlagSet("trigo probe", flag.ContinueOnError)
	ck := fs.String("ckpt", "", "checkpoint to probe (required)")
	prompts := fs.String("prompts", "prompts/probe_210.jsonl", "probe prompt set (7 regimes)")
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
		return usagef("usage: trigo probe --ckpt FILE [--out DIR] [--prompts FILE] [--reps N]")
	}
	cp, err := metacog.LoadCheckpoint(*ck)
	if err != nil {
		return err
	}
	ps, err := probe.LoadPrompts(*prompts)
	if err != nil {
		return err
	}
	rep, err := metacog.RunProbe(cp.Model, ps, *reps)
	if err != nil {
		return err
	}
	head := fmt.Sprintf("# Metacognition probe\n\ncheckpoint `%s` (SHA-256 `%s`): %s; prompts `%s` (%d)\n\n",
		filepath.ToSlash(*ck), cp.SHA256, cp.Describe(), filepath.ToSlash(*prompts), len(ps))
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
	if err := writeSignals(filepath.Join(*out, "signals.jsonl"), rep.Records); err != nil {
		return err
	}
	cols := append([]string{probe.ColumnAllOOD}, rep.Per.Columns...)
	for _, col := range cols {
		name := "roc_" + col
		if col == probe.ColumnAllOOD {
			name = "roc_all_ood"
		}
		fig := rep.ROC(col)
		if err := fig.Save(filepath.Join(*out, name+".png")); err != nil {
			return err
		}
		if err := fig.Save(filepath.Join(*out, name+".svg")); err != nil {
			return err
		}
	}
	fmt.Printf("\nwrote %s: probe.md, signals.jsonl, %d ROC figures (PNG and SVG)\n", *out, len(cols))
	return nil
}

// writeSignals writes one JSON object a line: id, regime and the signals.
func writeSignals(path string, recs []probe.Record) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	enc := json.NewEncoder(w)
	for _, r := range recs {
		row := map[string]any{"id": r.ID, "regime": r.Regime}
		for k, v := range r.Signals {
			row[k] = v
		}
		if err := enc.Encode(row); err != nil {
			f.Close()
			return err
		}
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
