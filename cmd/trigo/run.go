package main

import (
	"context"
	"encoding/base64"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"trigo/internal/term"
	"trigo/kernel"
	"trigo/kernel/display"
	"trigo/kernel/notebook"
)

func init() {
	register("run", "execute a notebook headless (papermill-style -p parameters) or a Go script", runRun)
}

const runUsage = `usage: trigo run NOTEBOOK.ipynb [OUT.ipynb] [-o OUT.ipynb] [-p name=value ...] [flags]
       trigo run NOTEBOOK.ipynb --html REPORT.html [...]
       trigo run SCRIPT.go [-p name=value ...] [--save-figures DIR]

Runs every code cell in one interpreter, as the trigo kernel does. A notebook
is written back with its outputs: to OUT (-o or the second argument; "-" is
stdout), or in place when no output is named. Cells run in the notebook's
folder, as in Jupyter (--cwd changes it). The exit status is 1 when a cell
fails; the notebook is written anyway, up to the failing cell. The cells run
in a child process, so that a cell that kills it (a stack overflow, out of
memory, a panic in a goroutine it started) is named with Go's reason too.

--html also writes the executed notebook as one self-contained HTML page
(figures inline as PNG), to share without Jupyter.

A script runs with its output on the terminal; "// %%" lines split it into
cells and values print as text.

flags:
`

func runRun(args []string) error {
	child := openRunChild() // nil unless this is the process a supervisor started
	if child != nil {
		defer child.done()
	}
	fs := flag.NewFlagSet("trigo run", flag.ContinueOnError)
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), runUsage)
		fs.PrintDefaults()
	}
	out := fs.String("o", "", "write the executed notebook to `OUT` (\"-\": stdout; default: in place)")
	var params paramFlag
	fs.Var(&params, "p", "set a parameter: `name=value` (repeatable; typed by the parameters cell)")
	timeout := durationFlag(0)
	fs.Var(&timeout, "timeout", "interrupt a cell that runs longer than `D` (10m, 90s, or seconds; 0: no limit)")
	allowErrors := fs.Bool("allow-errors", false, "keep running after a failing cell (the exit status is still 1)")
	logOutput := fs.Bool("log-output", false, "also print the cells' output to stderr as they run")
	quiet := fs.Bool("q", false, "no per-cell progress lines")
	cwd := fs.String("cwd", "", "run the cells in `DIR` (default: the notebook's folder; a script's: the current one)")
	figures := fs.String("save-figures", "", "save every image shown (PNG, SVG) into `DIR`")
	htmlOut := fs.String("html", "", "also write the executed notebook as a self-contained HTML report to `FILE`")

	var pos []string
	for {
		if err := parseFlags(fs, args); err != nil {
			return err
		}
		if fs.NArg() == 0 {
			break
		}
		pos = append(pos, fs.Arg(0))
		args = fs.Args()[1:]
	}
	if len(pos) == 0 || len(pos) > 2 {
		fs.Usage()
		return usagef("want one notebook or script (and at most one output notebook)")
	}
	if timeout < 0 {
		return usagef("--timeout %v: must be ≥ 0 (0: no limit)", time.Duration(timeout))
	}
	if len(pos) == 2 {
		if *out != "" {
			return errors.New("the output is named twice (-o and a second argument)")
		}
		*out = pos[1]
	}
	input := pos[0]
	if *figures != "" {
		if err := os.MkdirAll(*figures, 0o755); err != nil {
			return err
		}
	}

	script := strings.HasSuffix(input, ".go")
	if script && (*out != "" || *allowErrors || *logOutput || *htmlOut != "") {
		return errors.New("-o, --allow-errors, --log-output and --html are for notebooks; a script prints to the terminal")
	}
	abs := func(p string) string {
		if p == "" || p == "-" {
			return p
		}
		a, err := filepath.Abs(p)
		if err != nil {
			return p
		}
		return a
	}
	inPath := abs(input)
	w := &runWriter{input: input, inPath: inPath, outPath: abs(*out), shownOut: *out, figDir: abs(*figures),
		htmlPath: abs(*htmlOut), shownHTML: *htmlOut, quiet: *quiet}
	if w.outPath == "" {
		w.outPath, w.shownOut = inPath, input
	}

	// The cells run in a child process that this one supervises, so that
	// a fatal error in a cell (stack overflow, out of memory, a panic on a
	// goroutine it started), which no recover can catch, is still reported
	// with the cell it happened in (run_supervise.go).
	if child == nil {
		nbw := w
		if script {
			nbw = nil
		}
		if handled, err := superviseRun(input, nbw, params); handled {
			return err
		}
	}

	// Ctrl-C interrupts the running cell (the notebook is still written);
	// a second one kills the process. A supervised child gets its
	// interrupts from the supervisor, which also does the killing.
	var ctx context.Context
	if child != nil {
		ctx = child.interrupts()
	} else {
		c, stop := signal.NotifyContext(context.Background(), os.Interrupt)
		defer stop()
		go func() { <-c.Done(); stop() }()
		ctx = c
	}

	if script {
		return runScript(ctx, input, params, time.Duration(timeout), *cwd, *figures, child)
	}

	nb, err := notebook.ReadFile(inPath)
	if err != nil {
		return err
	}
	dir := filepath.Dir(inPath)
	if *cwd != "" {
		dir = *cwd
	}

	// Cell output is captured as in the kernel; this
	// command's own messages go to a copy of the original stderr.
	stderr := kernel.PrepareProcess() // a fatal error's report reaches the terminal
	opts := notebook.Options{
		Params:      params,
		Timeout:     time.Duration(timeout),
		AllowErrors: *allowErrors,
		CaptureFD:   true,
		Args:        []string{"trigo"}, // as in the kernel
	}
	term := &lineWriter{w: stderr}
	if !*quiet {
		opts.Log = term
	}
	if child != nil {
		opts.Started, opts.Snapshot = child.started, child.snapshot
	}
	if *logOutput {
		opts.Echo = func(name, text string) {
			if name == "display" {
				text = "[display] " + text + "\n"
			}
			term.echo(text)
		}
	}

	start := time.Now()
	runErr := inDir(dir, func() error { return notebook.Run(ctx, nb, opts) })
	var cellErr *notebook.CellError
	if runErr != nil && !errors.As(runErr, &cellErr) && !errors.Is(runErr, context.Canceled) {
		return runErr // nothing ran (bad parameters, ...): leave the file alone
	}
	if err := w.write(nb, stderr, start); err != nil {
		return err
	}
	if runErr != nil {
		return fmt.Errorf("%s: %w", input, runErr)
	}
	return nil
}

// runWriter writes an executed notebook where trigo run was told to: the
// notebook (a file, or "-": stdout), the figures, the HTML report.
type runWriter struct {
	input, inPath     string
	outPath, shownOut string // shownOut: as given (or the input), for "wrote X"
	figDir            string
	htmlPath          string
	shownHTML         string
	quiet             bool
}

// write writes nb and, unless quiet, says so on log.
func (w *runWriter) write(nb *notebook.Notebook, log io.Writer, start time.Time) error {
	if w.outPath == "-" {
		b, err := nb.Marshal()
		if err != nil {
			return err
		}
		if _, err := os.Stdout.Write(b); err != nil {
			return err
		}
	} else if err := notebook.WriteFile(w.outPath, nb); err != nil {
		return err
	}
	if w.figDir != "" {
		base := strings.TrimSuffix(filepath.Base(w.inPath), filepath.Ext(w.inPath))
		for i, c := range nb.Cells {
			for k, o := range c.Outputs {
				if o.Data != nil {
					saveImages(w.figDir, fmt.Sprintf("%s-cell%02d-%d", base, i, k), o.Data)
				}
			}
		}
	}
	// The report is written like the notebook: also after a failing cell,
	// so that the error can be shared too.
	if w.htmlPath != "" {
		if err := notebook.WriteHTMLFile(w.htmlPath, nb); err != nil {
			return err
		}
		if !w.quiet {
			fmt.Fprintf(log, "wrote %s\n", w.shownHTML)
		}
	}
	if !w.quiet && w.outPath != "-" {
		fmt.Fprintf(log, "wrote %s (%.1fs)\n", w.shownOut, time.Since(start).Seconds())
	}
	return nil
}

// lineWriter is the terminal shared by the progress lines and the echoed
// cell output: a progress line starts on a line of its own.
type lineWriter struct {
	mu      sync.Mutex
	w       io.Writer
	midLine bool
}

// Write writes progress lines.
func (l *lineWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.midLine {
		l.w.Write([]byte("\n"))
		l.midLine = false
	}
	return l.w.Write(p)
}

// echo writes cell output as it is.
func (l *lineWriter) echo(s string) {
	if s == "" {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	io.WriteString(l.w, s)
	l.midLine = !strings.HasSuffix(s, "\n")
}

// runScript runs a Go script with its output on the terminal.
func runScript(ctx context.Context, path string, params []notebook.Param, timeout time.Duration, cwd, figures string, child *runChild) error {
	src, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	nb := notebook.FromScript(string(src))
	opts := notebook.Options{
		Params:   params,
		Timeout:  timeout,
		Terminal: true,
		Input:    readLine,
		Args:     []string{path},
	}
	if child != nil {
		opts.Started = child.started
	}
	if figures != "" {
		opts.Sink = &figureSink{dir: figures}
	}
	if cwd == "" {
		return notebook.Run(ctx, nb, opts)
	}
	return inDir(cwd, func() error { return notebook.Run(ctx, nb, opts) })
}

// inDir runs f with dir as the working directory.
func inDir(dir string, f func() error) error {
	prev, err := os.Getwd()
	if err != nil {
		return err
	}
	if err := os.Chdir(dir); err != nil {
		return err
	}
	defer os.Chdir(prev)
	return f()
}

// readLine answers a script's stdin reads from the terminal.
func readLine(prompt string, _ bool) (string, error) { return term.ReadLine(prompt) }

// figureSink shows a script's displays on the terminal and saves their
// images: text goes to stdout, an in-place update (a progress bar)
// redraws one line on stderr.
type figureSink struct {
	dir  string
	mu   sync.Mutex
	n    int
	open bool // a redrawn line is on stderr
}

func (s *figureSink) Show(data display.Bundle, _ map[string]any, id string, update bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if update && id != "" {
		fmt.Fprint(os.Stderr, "\r\x1b[K"+firstLine(data.Text()))
		s.open = true
		return
	}
	if s.open {
		fmt.Fprintln(os.Stderr)
		s.open = false
	}
	s.n++
	saved := saveImages(s.dir, fmt.Sprintf("fig-%03d", s.n), data)
	if len(saved) == 0 {
		s.n--
		fmt.Fprintln(os.Stdout, data.Text())
		return
	}
	fmt.Fprintf(os.Stdout, "%s → %s\n", data.Text(), strings.Join(saved, ", "))
}

func (s *figureSink) Clear(bool) {}

func (s *figureSink) Input(prompt string, password bool) (string, error) {
	return readLine(prompt, password)
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	return s
}

// saveImages writes the PNG and SVG representations in data as
// DIR/NAME.png and DIR/NAME.svg and returns the paths written.
func saveImages(dir, name string, data map[string]any) []string {
	var saved []string
	if s, ok := data[display.MIMEPNG].(string); ok {
		if b, err := base64.StdEncoding.DecodeString(s); err == nil {
			p := filepath.Join(dir, name+".png")
			if os.WriteFile(p, b, 0o644) == nil {
				saved = append(saved, p)
			}
		}
	}
	if s, ok := data[display.MIMESVG].(string); ok {
		p := filepath.Join(dir, name+".svg")
		if os.WriteFile(p, []byte(s), 0o644) == nil {
			saved = append(saved, p)
		}
	}
	return saved
}

// paramFlag collects -p name=value.
type paramFlag []notebook.Param

func (p *paramFlag) String() string { return "" }

func (p *paramFlag) Set(s string) error {
	v, err := notebook.ParseParam(s)
	if err != nil {
		return err
	}
	*p = append(*p, v)
	return nil
}

// durationFlag takes a Go duration or a number of seconds.
type durationFlag time.Duration

func (d *durationFlag) String() string { return time.Duration(*d).String() }

func (d *durationFlag) Set(s string) error {
	if secs, err := strconv.ParseFloat(s, 64); err == nil {
		if !(secs >= 0 && secs < 1e9) { // NaN fails too
			return fmt.Errorf("want a duration ≥ 0 (10m, 90s, or seconds), not %s", s)
		}
		*d = durationFlag(secs * float64(time.Second))
		return nil
	}
	v, err := time.ParseDuration(s)
	if err != nil {
		return fmt.Errorf("want a duration such as 10m or 90s, or seconds: %v", err)
	}
	*d = durationFlag(v)
	return nil
}
