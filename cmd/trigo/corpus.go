package main

import (
	"flag"
	"os"

	"trigo/engine/corpus"
	"trigo/engine/data"
)

func init() {
	register("corpus", "write generated children's stories (deterministic)", runCorpus)
}

func runCorpus(args []string) error {
	fs := flag.NewFlagSet("trigo corpus", flag.ContinueOnError)
	n := fs.Int("bytes", 100000, "approximate size in bytes (whole stories, at most this many)")
	seed := fs.Uint64("seed", 1, "generator seed")
	out := fs.String("out", "", "file to write (default stdout)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	text := corpus.Generate(*n, *seed)
	if *out == "" {
		_, err := os.Stdout.Write(text)
		return err
	}
	return data.WriteFileAtomic(*out, text)
}
