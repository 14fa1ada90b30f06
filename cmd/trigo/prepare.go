package main

import (
	"flag"
	"fmt"

	"trigo/engine/data"
)

func init() {
	register("prepare", "pack text files into a data folder (train.bin, valid.bin)", runPrepare)
}

// stringList is a repeatable flag (--input a --input b) that also takes
// the remaining positional arguments.
type stringList []string

func (s *stringList) String() string     { return fmt.Sprint(*s) }
func (s *stringList) Set(v string) error { *s = append(*s, v); return nil }

func runPrepare(args []string) error {
	fs := flag.NewFlagSet("trigo prepare", flag.ContinueOnError)
	var inputs stringList
	fs.Var(&inputs, "input", "text file to include (repeat, or list files after the flags)")
	out := fs.String("out-dir", "", "data folder to write")
	frac := fs.Float64("valid-frac", 0.1, "fraction of each file (its end) that goes to valid.bin")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	var c checks
	c.floatRange("valid-frac", *frac, 0, 1, true, true, "")
	if err := c.err(); err != nil {
		return err
	}
	inputs = append(inputs, fs.Args()...)
	if *out == "" || len(inputs) == 0 {
		return usagef("usage: trigo prepare --input FILE... --out-dir DIR [--valid-frac F]")
	}
	info, err := data.Prepare(inputs, *out, *frac)
	if err != nil {
		return err
	}
	fmt.Printf("%s: train.bin %d bytes, valid.bin %d bytes from %d file(s)\n", *out, info.TrainBytes, info.ValidBytes, info.Files)
	return nil
}
