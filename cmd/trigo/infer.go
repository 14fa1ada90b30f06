package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime"
	"strings"
	"sync/atomic"

	"trigo/engine/gen"
	"trigo/engine/interrupt"
	"trigo/engine/model"
)

func init() {
	register("infer", "generate text from a checkpoint (float32 or packed ternary), streaming", runInfer)
}

// genFlags are the sampling and model flags trigo infer and trigo chat share.
type genFlags struct {
	ckpt        *string
	maxBytes    *int
	temperature *float64
	topK        *int
	topP        *float64
	penalty     *float64
	penaltyWin  *int
	seed        *uint64
	stops       *stopList
	threads     *int
	stats       *bool
}

func addGenFlags(fs *flag.FlagSet, maxBytes int, temperature, topP float64) *genFlags {
	g := &genFlags{
		ckpt:        fs.String("ckpt", "", "checkpoint: Trigo safetensors (float32 or ternary) or a packed file from trigo export (default: the shipped chat checkpoint in checkpoints/)"),
		maxBytes:    fs.Int("max-bytes", maxBytes, "most bytes to generate"),
		temperature: fs.Float64("temperature", temperature, "sampling temperature; 0 = greedy (argmax)"),
		topK:        fs.Int("top-k", 0, "sample among the K most likely bytes (0 = all)"),
		topP:        fs.Float64("top-p", topP, "nucleus sampling: smallest set of bytes with probability ≥ P (0 or 1 = all)"),
		penalty:     fs.Float64("repetition-penalty", 1, "divide positive (multiply negative) logits of bytes already in the context by this (1 = off)"),
		penaltyWin:  fs.Int("penalty-window", 0, "only the last N context bytes count for the penalty (0 = the whole window)"),
		seed:        fs.Uint64("seed", 1, "sampling seed"),
		stops:       new(stopList),
		threads:     fs.Int("threads", 0, "decode threads (0 = auto: 2 with two or more CPUs, else 1; use 1 on a busy machine)"),
		stats:       fs.Bool("stats", false, "print prompt and generation rates, stop reason and abstain_p to stderr"),
	}
	fs.Var(g.stops, "stop", "stop when the output ends with this string (repeatable; \\n and \\t escapes understood)")
	return g
}

// check returns the range errors of the generation flags. (gen.Options
// reads 0 as "default": --max-bytes 0 used to give a full reply.)
func (g *genFlags) check() error {
	var c checks
	c.intRange("max-bytes", *g.maxBytes, 1, 1<<20, "")
	c.floatMin("temperature", *g.temperature, 0, false, " (0: greedy)")
	c.intRange("top-k", *g.topK, 0, 256, " (0: all bytes)")
	c.floatRange("top-p", *g.topP, 0, 1, false, false, " (0 or 1: all bytes)")
	c.floatMin("repetition-penalty", *g.penalty, 0, true, " (1: off)")
	c.intMin("penalty-window", *g.penaltyWin, 0, " (0: the whole window)")
	c.intRange("threads", *g.threads, 0, maxThreads, " (0: auto)")
	return c.err()
}

// decodeThreads is --threads, with 0 resolved: two threads where two CPUs
// exist (a float32 lite model decodes about twice as fast on two idle
// vCPUs, BENCHMARKS.md); more were not measured, so they are opt-in.
func (g *genFlags) decodeThreads() int {
	if *g.threads > 0 {
		return *g.threads
	}
	return min(runtime.GOMAXPROCS(0), 2)
}

func (g *genFlags) options() gen.Options {
	var stops []string
	for _, s := range *g.stops {
		stops = append(stops, unescape(s))
	}
	return gen.Options{MaxNewBytes: *g.maxBytes, Temperature: *g.temperature, TopK: *g.topK, TopP: *g.topP,
		RepetitionPenalty: *g.penalty, PenaltyWindow: *g.penaltyWin, Seed: *g.seed, Stop: stops}
}

// load opens --ckpt, or the shipped chat checkpoint when it is empty.
func (g *genFlags) load() (*gen.LM, error) {
	path := *g.ckpt
	if path == "" {
		p, err := gen.FindChatCheckpoint("checkpoints")
		if err != nil {
			return nil, err
		}
		path = p
	}
	return gen.Load(path)
}

// stopList is the repeatable --stop flag.
type stopList []string

func (s *stopList) String() string     { return strings.Join(*s, ",") }
func (s *stopList) Set(v string) error { *s = append(*s, v); return nil }

// unescape turns the two-character sequences \n, \t and \\ into their bytes.
func unescape(s string) string {
	return strings.NewReplacer(`\\`, `\`, `\n`, "\n", `\t`, "\t").Replace(s)
}

// generating is set while a reply is being generated, so that Ctrl-C
// stops the reply instead of the program.
var generating atomic.Bool

// catchInterrupt makes Ctrl-C during generation stop it (interrupt.Request)
// and otherwise exit; a second Ctrl-C during generation exits too.
func catchInterrupt() func() {
	sig := make(chan os.Signal, 2)
	signal.Notify(sig, os.Interrupt)
	done := make(chan struct{})
	go func() {
		for {
			select {
			case <-done:
				return
			case <-sig:
				if generating.Load() && !interrupt.Requested() {
					interrupt.Request()
					continue
				}
				fmt.Fprintln(os.Stderr)
				os.Exit(130)
			}
		}
	}()
	return func() { signal.Stop(sig); close(done) }
}

func printNotices(res *gen.Result) {
	for _, n := range res.Notices {
		fmt.Fprintln(os.Stderr, "note:", n)
	}
}

func printStats(res *gen.Result) {
	prefill := 0.0
	if fed := res.PromptBytes - res.Reused; fed > 0 && res.Prefill > 0 {
		prefill = float64(fed) / res.Prefill.Seconds()
	}
	fmt.Fprintf(os.Stderr, "[prompt %d bytes (%d reused) at %.0f bytes/s; generated %d bytes at %.0f bytes/s; stop: %s; abstain_p %.3f]\n",
		res.PromptBytes, res.Reused, prefill, len(res.Text)+len(res.Stop), res.BytesPerSec(), res.Reason, res.AbstainP)
}

func runInfer(args []string) error {
	fs := flag.NewFlagSet("trigo infer", flag.ContinueOnError)
	prompt := fs.String("prompt", "", "text to continue (\"-\" reads stdin); the remaining arguments are used when empty")
	raw := fs.Bool("raw", false, "do not interpret \\n and \\t escapes in --prompt")
	g := addGenFlags(fs, 256, 0.8, 0.95)
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: trigo infer [--ckpt FILE] --prompt TEXT [sampling flags]\n\n"+
			"Continues TEXT with the model and streams the bytes to stdout. Architecture and precision\n"+
			"come from the checkpoint's metadata; packed ternary files (trigo export) run on the integer\n"+
			"kernels. Without --ckpt the shipped chat checkpoint in checkpoints/ is used. A prompt longer\n"+
			"than the context window keeps its rightmost bytes (a note says so).\n\nflags:")
		fs.PrintDefaults()
	}
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if err := g.check(); err != nil {
		return err
	}
	text := *prompt
	switch {
	case text == "-":
		b, err := io.ReadAll(os.Stdin)
		if err != nil {
			return err
		}
		text = string(b)
	case text == "":
		text = strings.Join(fs.Args(), " ")
	case !*raw:
		text = unescape(text)
	}
	if text == "" {
		return fmt.Errorf("no prompt: give --prompt TEXT (a byte-level model needs at least one byte to continue)")
	}
	lm, err := g.load()
	if err != nil {
		return err
	}
	if *g.stats {
		fmt.Fprintln(os.Stderr, lm.Describe())
	}
	d := lm.NewDecoder(model.DecodeOptions{Threads: g.decodeThreads()})
	defer d.Close()
	opt := g.options()
	opt.OnText = func(s string) { os.Stdout.WriteString(s) }
	defer catchInterrupt()()
	generating.Store(true)
	res, err := gen.Generate(d, []byte(text), opt)
	generating.Store(false)
	if res != nil {
		fmt.Println()
		printNotices(res)
		if *g.stats {
			printStats(res)
		}
	}
	if errors.Is(err, interrupt.ErrInterrupted) {
		interrupt.Reset()
		fmt.Fprintln(os.Stderr, "(interrupted)")
		return nil
	}
	return err
}
