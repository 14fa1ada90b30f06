package main

import (
	"fmt"
	"io"
	"os"
	"sort"
)

// A benchmark is one `trigo bench NAME` target. Each lives in its own file
// (bench_sgemm.go, ...) and registers itself with registerBench in init, so
// that new benchmarks (train, decode) never edit this file.
type benchmark struct {
	summary string
	run     func(args []string) error
}

var benchmarks = map[string]benchmark{}

func registerBench(name, summary string, run func(args []string) error) {
	if _, dup := benchmarks[name]; dup {
		panic("trigo bench: duplicate benchmark " + name)
	}
	benchmarks[name] = benchmark{summary: summary, run: run}
}

func init() {
	register("bench", "engine benchmarks side by side with PyTorch", runBench)
}

func benchUsage(w io.Writer) {
	fmt.Fprintln(w, "usage: trigo bench NAME [flags]\n\nbenchmarks:")
	names := make([]string, 0, len(benchmarks))
	for n := range benchmarks {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-10s %s\n", n, benchmarks[n].summary)
	}
	fmt.Fprintln(w, "\nrun 'trigo bench NAME -h' for a benchmark's flags")
}

func runBench(args []string) error {
	if len(args) == 0 {
		benchUsage(os.Stderr)
		return usagef("no benchmark named")
	}
	if a := args[0]; a == "-h" || a == "--help" || a == "-help" || a == "help" {
		benchUsage(os.Stdout)
		return nil
	}
	b, ok := benchmarks[args[0]]
	if !ok {
		benchUsage(os.Stderr)
		return usagef("unknown benchmark %q", args[0])
	}
	return b.run(args[1:])
}
