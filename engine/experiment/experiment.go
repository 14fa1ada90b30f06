// Package experiment re-runs the negative results of docs/design.md §6 (N1–N4) as
// experiments: each recomputes its numbers from the shipped checkpoints
// (N1, N3) or from short, seeded training runs (N2, N4), writes them to
// results/nN_SLUG.md, and checks a committed file the way metacog.Reproduce
// checks the claims: a number that moves by more than 5 % (relative, or
// its absolute floor for numbers near 0) fails.
package experiment

import (
	"fmt"
	"io"
	"math"
	"path/filepath"
	"strings"
	"time"

	"trigo/engine/metacog"
	"trigo/engine/probe"
)

// Experiment is one of N1–N4.
type Experiment struct {
	// ID is "n1" … "n4".
	ID string
	// Slug names the results file: results/ID_SLUG.md.
	Slug string
	// Title is the question in one line.
	Title string
	run   func(r *Report, o *Options) error
}

// Experiments lists N1–N4 in order.
var Experiments = []Experiment{
	{"n1", "router_entropy_vs_max_softmax", "Router entropy vs max_softmax_mean as an OOD signal, per regime and prompt set", runN1},
	{"n2", "lite_vs_vanilla", "Lite vs vanilla at (nearly) equal parameters, 3 seeds each, Welch t-test", runN2},
	{"n3", "abstain_head_splice", "An abstain head trained with one base, spliced onto another", runN3},
	{"n4", "lambda0_routing_shift", "Fine-tuning with λ = 0 still moves the routing distribution", runN4},
}

// ByID returns the experiment with the given id ("n1" … "n4").
func ByID(id string) (Experiment, error) {
	for _, e := range Experiments {
		if e.ID == id {
			return e, nil
		}
	}
	return Experiment{}, fmt.Errorf("experiment: no experiment %q (known: n1, n2, n3, n4, all)", id)
}

// File is the results file name, e.g. "n1_router_entropy_vs_max_softmax.md".
func (e Experiment) File() string { return e.ID + "_" + e.Slug + ".md" }

// Default inputs, relative to Options.Root.
const (
	// AbstainCkpt is the shipped chat model (claims 2–4 use it).
	AbstainCkpt = "checkpoints/lite-fp32-abstain.safetensors"
	// PretrainCkpt is the shipped pretrained lite model.
	PretrainCkpt = "checkpoints/lite-fp32-pretrain.safetensors"
	// DefaultThreads is the engine parallelism of the training runs;
	// results are bit-reproducible only for the same thread count.
	DefaultThreads = 2
)

// Options configures Run. Zero values take the defaults in brackets.
type Options struct {
	// Root is the repository root the other paths are relative to. ["."]
	Root string
	// Results is the folder of the results files. ["results"]
	Results string
	// Prompts is the folder of the prompt sets. ["prompts"]
	Prompts string
	// Data is the pretraining data folder (N2, N4). ["data/stories_demo"]
	Data string
	// Abstain and Pretrain are the two shipped checkpoints. [AbstainCkpt, PretrainCkpt]
	Abstain, Pretrain string
	// Write records the recomputed numbers instead of checking them.
	Write bool
	// Reps is the number of bootstrap resamples. [metacog.DefaultReps]
	Reps int
	// Threads is the engine parallelism of training (N2, N4). [DefaultThreads]
	Threads int
	// Steps overrides the training steps of N2 and N4. [N2Steps, N4Steps]
	Steps int
	// Seeds is the number of seeds per model of N2. [N2Seeds]
	Seeds int
	// Sets are the prompt files of N1, relative to Prompts. [N1Sets]
	Sets []string
	// EvalEvery is N2's validation interval in steps, for the curves of
	// N2Data; the gated numbers use the last evaluation only, which it
	// does not change. [0: after the last step only]
	EvalEvery int
	// OODPerRegime is the number of prompts per OOD regime of N4's
	// degeneration set (the first of each regime). [N4OODPerRegime]
	OODPerRegime int
	// Log receives progress lines. [nil: quiet]
	Log io.Writer

	flags []string // non-default settings, for the recorded command
}

func (o *Options) defaults() {
	if o.Root == "" {
		o.Root = "."
	}
	def := func(p *string, v string) {
		if *p == "" {
			*p = v
		}
		if !filepath.IsAbs(*p) {
			*p = filepath.Join(o.Root, *p)
		}
	}
	def(&o.Results, "results")
	def(&o.Prompts, "prompts")
	def(&o.Data, "data/stories_demo")
	def(&o.Abstain, AbstainCkpt)
	def(&o.Pretrain, PretrainCkpt)
	if o.Reps <= 0 {
		o.Reps = metacog.DefaultReps
	}
	if o.Threads <= 0 {
		o.Threads = DefaultThreads
	}
}

func (o *Options) logf(format string, a ...any) {
	if o.Log != nil {
		fmt.Fprintf(o.Log, format+"\n", a...)
	}
}

// rel is a path as a results file records it: relative to Root, slashes.
func (o *Options) rel(p string) string {
	if r, err := filepath.Rel(o.Root, p); err == nil && !strings.HasPrefix(r, "..") {
		return filepath.ToSlash(r)
	}
	return filepath.ToSlash(p)
}

// load opens a checkpoint and records its path and digest in the report.
func (o *Options) load(r *Report, role, path string) (*metacog.Checkpoint, error) {
	o.logf("loading %s", path)
	cp, err := metacog.LoadCheckpoint(path)
	if err != nil {
		return nil, fmt.Errorf("%s checkpoint: %v", role, err)
	}
	cp.Path = o.rel(path)
	r.info("checkpoint ("+role+")", "`"+cp.Path+"`")
	r.info("SHA-256 ("+role+")", "`"+cp.SHA256+"`")
	r.info("model ("+role+")", cp.Describe())
	if cp.Meta.Data != "" {
		r.info("training data ("+role+")", strings.ReplaceAll(cp.Meta.Data, "|", "/"))
	}
	return cp, nil
}

// Number is one gated number. A recomputed value reproduces the recorded
// one when |got − recorded| ≤ max(metacog.Tolerance·|recorded|, Floor).
type Number struct {
	Key   string
	Value float64
	// Floor is the absolute tolerance for numbers near 0.
	Floor float64
}

// Within reports whether got reproduces recorded with the given absolute
// floor (see Number).
func Within(got, recorded, floor float64) bool {
	if math.IsNaN(got) || math.IsNaN(recorded) {
		return false
	}
	return math.Abs(got-recorded) <= math.Max(metacog.Tolerance*math.Abs(recorded), floor)
}

// Report is one experiment recomputed.
type Report struct {
	Exp Experiment
	// Info are the header rows: checkpoints and digests, seeds, steps.
	Info [][2]string
	// Conclusion says in plain words what the numbers show.
	Conclusion string
	// Body is the Markdown with the tables.
	Body string
	// Numbers are the gated numbers, in order.
	Numbers []Number
	// Path is the results file read or written.
	Path string
	// Checks compares each number with the recorded one (check mode).
	Checks []metacog.Check
	// Reproduced is true when every check passed (always after a write).
	Reproduced, Written bool
	// Elapsed is the wall time of the computation.
	Elapsed time.Duration
	// The measurements behind the tables, for figures (notebook 08): the
	// one of this experiment is set.
	N1   *probe.SetsReport
	N2   *N2Data
	N3   *N3Data
	N4   *N4Data
	opts *Options
}

func (r *Report) info(k, v string) { r.Info = append(r.Info, [2]string{k, v}) }

func (r *Report) add(key string, v, floor float64) {
	r.Numbers = append(r.Numbers, Number{key, v, floor})
}

// Command is the command line that recomputes the report.
func (r *Report) Command() string {
	s := "trigo experiment " + r.Exp.ID
	if r.opts != nil && len(r.opts.flags) > 0 {
		s += " " + strings.Join(r.opts.flags, " ")
	}
	return s
}

// Markdown is the results file.
func (r *Report) Markdown() string {
	var b strings.Builder
	fmt.Fprintf(&b, "# %s: %s\n\n", strings.ToUpper(r.Exp.ID), r.Exp.Title)
	fmt.Fprintf(&b, "Written by `%s --write`; do not edit by hand. `%s` recomputes every number under "+
		"\"Gated numbers\" and exits non-zero when one differs from the value here by more than %g %% "+
		"(or by more than its absolute floor, listed below the table, for numbers near 0). "+
		"Definitions: docs/metacog.md, \"Experiments N1–N4\".\n\n",
		r.Command(), r.Command(), metacog.Tolerance*100)
	b.WriteString("| | |\n|---|---|\n")
	fmt.Fprintf(&b, "| command | `%s` |\n", r.Command())
	for _, kv := range r.Info {
		fmt.Fprintf(&b, "| %s | %s |\n", kv[0], kv[1])
	}
	fmt.Fprintf(&b, "| run time (not gated) | %.0f s |\n", r.Elapsed.Seconds())
	b.WriteString("\n## Conclusion\n\n" + strings.TrimSpace(r.Conclusion) + "\n\n")
	b.WriteString(strings.TrimRight(r.Body, "\n") + "\n\n")
	b.WriteString("## Gated numbers\n\n| key | value |\n|---|---:|\n")
	floors := map[float64][]string{}
	var order []float64
	for _, n := range r.Numbers {
		fmt.Fprintf(&b, "| %s | %s |\n", n.Key, metacog.FormatValue(n.Value))
		if _, ok := floors[n.Floor]; !ok {
			order = append(order, n.Floor)
		}
		floors[n.Floor] = append(floors[n.Floor], n.Key)
	}
	b.WriteString("\nAbsolute floors:")
	for i, f := range order {
		sep := ";"
		if i == len(order)-1 {
			sep = "."
		}
		fmt.Fprintf(&b, " %g for %d numbers (%s …)%s", f, len(floors[f]), floors[f][0], sep)
	}
	b.WriteString("\n")
	return b.String()
}

// Summary is a few lines for the terminal: what was written, or how many
// numbers reproduced and each one that did not.
func (r *Report) Summary() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s (%s), %.0f s\n", r.Exp.ID, r.Exp.Slug, r.Elapsed.Seconds())
	switch bad := r.failures(); {
	case r.Written:
		fmt.Fprintf(&b, "  wrote %s (%d numbers)\n", r.Path, len(r.Numbers))
	case len(bad) == 0:
		fmt.Fprintf(&b, "  reproduced: all %d numbers of %s within %g %% or their floor\n", len(r.Checks), r.Path, metacog.Tolerance*100)
	default:
		fmt.Fprintf(&b, "  NOT reproduced: %d of %d numbers differ from %s:\n", len(bad), len(r.Checks), r.Path)
		for _, f := range bad {
			b.WriteString("    " + f + "\n")
		}
	}
	return b.String()
}

// failures lists the checks that failed, one phrase each.
func (r *Report) failures() []string {
	var bad []string
	for _, c := range r.Checks {
		if !c.OK {
			bad = append(bad, fmt.Sprintf("%s: recorded %s, got %s", c.Key, fmtMaybe(c.Documented), fmtMaybe(c.Got)))
		}
	}
	return bad
}

func fmtMaybe(v float64) string {
	if math.IsNaN(v) {
		return "(missing)"
	}
	return metacog.FormatValue(v)
}

// Err is nil when every number reproduced.
func (r *Report) Err() error {
	if r.Reproduced {
		return nil
	}
	return fmt.Errorf("%s does not reproduce %s: %s", r.Exp.ID, r.Path, strings.Join(r.failures(), "; "))
}

// Compare checks every recorded number against got and every number of
// got against the record: a key on one side only fails. It is
// metacog.Compare with each number's absolute floor.
func Compare(doc *metacog.Documented, got []Number) []metacog.Check {
	plain := make([]metacog.Number, len(got))
	floor := map[string]float64{}
	for i, n := range got {
		plain[i] = metacog.Number{Key: n.Key, Value: n.Value}
		floor[n.Key] = n.Floor
	}
	cs := metacog.Compare(doc, plain)
	for i, c := range cs {
		if f, ok := floor[c.Key]; ok {
			cs[i].OK = Within(c.Got, c.Documented, f)
		}
	}
	return cs
}

// Run recomputes experiment id ("n1" … "n4"). Without Options.Write it
// reads the recorded numbers from the results file first (an error when
// the file is missing or malformed) and compares; with Write it records
// the new numbers.
func Run(id string, o Options) (*Report, error) {
	e, err := ByID(id)
	if err != nil {
		return nil, err
	}
	o.defaults()
	path := filepath.Join(o.Results, e.File())
	var doc *metacog.Documented
	if !o.Write {
		if doc, err = metacog.ReadDocumented(path); err != nil {
			return nil, fmt.Errorf("%s: %v (record numbers first with --write)", id, err)
		}
	}
	o.logf("%s: %s", id, e.Title)
	r := &Report{Exp: e, Path: path, opts: &o}
	start := time.Now()
	if err := e.run(r, &o); err != nil {
		return nil, fmt.Errorf("%s: %v", id, err)
	}
	r.Elapsed = time.Since(start)
	if o.Write {
		if err := metacog.WriteAtomic(path, r.Markdown()); err != nil {
			return nil, err
		}
		r.Written, r.Reproduced = true, true
		return r, nil
	}
	r.Checks = Compare(doc, r.Numbers)
	r.Reproduced = true
	for _, c := range r.Checks {
		r.Reproduced = r.Reproduced && c.OK
	}
	return r, nil
}

// Measure computes experiment id ("n1" … "n4") without reading or
// writing its results file: what a notebook does to show the numbers and
// figures at other settings (fewer steps, other prompt sets) than the
// recorded ones, which Run would report as not reproduced.
func Measure(id string, o Options) (*Report, error) {
	e, err := ByID(id)
	if err != nil {
		return nil, err
	}
	o.defaults()
	o.logf("%s: %s", id, e.Title)
	r := &Report{Exp: e, Path: filepath.Join(o.Results, e.File()), opts: &o}
	start := time.Now()
	if err := e.run(r, &o); err != nil {
		return nil, fmt.Errorf("%s: %v", id, err)
	}
	r.Elapsed = time.Since(start)
	return r, nil
}

// SetFlags records the non-default command-line flags of a run, so that
// the results file's command reproduces it.
func (o *Options) SetFlags(flags []string) { o.flags = flags }
