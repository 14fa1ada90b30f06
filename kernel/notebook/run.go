package notebook

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"strings"
	"time"

	"trigo/kernel/display"
	"trigo/kernel/exec"
)

// Options configure a headless run.
type Options struct {
	// Params are injected after the cell tagged "parameters".
	Params []Param
	// Timeout limits each cell's run time; 0 means no limit. A cell that
	// runs longer is interrupted and fails with CellTimeoutError.
	Timeout time.Duration
	// AllowErrors keeps running after a failing cell (nbclient's
	// --allow-errors); Run still returns the first failure. A cell tagged
	// "raises-exception" may fail without stopping the run either way.
	AllowErrors bool
	// CaptureFD captures output at the file-descriptor level (see
	// exec.Options): what compiled code writes to fd 1 and 2 lands in the
	// cell's outputs too. Only one interpreter at a time may use it.
	CaptureFD bool
	// Echo, when set, receives every chunk of stream text as it arrives
	// (name "stdout" or "stderr") and the text form of each new display
	// (name "display"), for watching a run from a terminal.
	Echo func(name, text string)
	// Log receives one line per executed cell. nil: quiet.
	Log io.Writer
	// Input answers cells that read stdin or call display.Input; nil makes
	// them fail, as nbclient does without allow_stdin.
	Input func(prompt string, password bool) (string, error)
	// Args is os.Args as the cells see it.
	Args []string

	// Terminal runs for a terminal instead of recording: output is not
	// captured (it goes where the process's goes), a cell's value is
	// shown through Sink (printed as text when Sink is nil), errors are
	// printed to Stderr with their traceback, and no outputs are kept.
	Terminal bool
	// Sink, in a terminal run, receives what cells display; nil leaves
	// the display package's terminal behaviour (text on stdout).
	Sink display.Sink
	// Stdout and Stderr are where a terminal run prints values and errors
	// (os.Stdout and os.Stderr when nil).
	Stdout, Stderr io.Writer

	// Started, when set, is called as each code cell starts running, with
	// its index (counting every cell from 0), execution count and first
	// line: what a supervisor needs to name the cell if the process dies
	// in it (trigo run).
	Started func(index, count int, firstLine string)
	// Snapshot, when set, is called with the notebook once before the
	// first cell (parameters injected, outputs cleared) and after each
	// executed cell, with the outputs recorded so far. Output from
	// goroutines a cell left running waits until it returns; nb must not be
	// used after it returns.
	Snapshot func(nb *Notebook)
}

// CellError is a cell that failed.
type CellError struct {
	// Index is the cell's position in the notebook, counting every cell
	// from 0; Count is its execution count (In [Count]).
	Index, Count int
	// FirstLine is the cell's first non-blank line.
	FirstLine string
	// Name and Value are the error's ename and evalue.
	Name, Value string

	traceback []string
}

func (e *CellError) Error() string {
	return fmt.Sprintf("cell %d (In [%d]: %s) failed: %s: %s", e.Index, e.Count, e.FirstLine, e.Name, e.Value)
}

var errNoInput = errors.New("stdin is not available: the notebook runs headless (trigo run)")

// Tags nbclient honours.
const (
	// SkipTag leaves a code cell unexecuted.
	SkipTag = "skip-execution"
	// RaisesTag lets a cell fail without stopping the run.
	RaisesTag = "raises-exception"
)

// Run executes nb's code cells in order in one fresh interpreter, the way
// the kernel runs them, and records their outputs in nb. Parameters are
// injected first (see InjectParameters); the outputs of every code cell are
// cleared before the run, so cells after a failure are left empty. The
// notebook's kernel metadata is set to trigo's and metadata.trigo records
// the parameters and timing. The error, when a cell failed, is a
// *CellError; nb holds the outputs up to and including that cell either
// way, ready to be written.
func Run(ctx context.Context, nb *Notebook, opts Options) error {
	unknown, err := InjectParameters(nb, opts.Params)
	if err != nil {
		return err
	}
	if len(unknown) > 0 && opts.Log != nil {
		fmt.Fprintf(opts.Log, "warning: the parameters cell does not declare %v; declared by the injected cell\n", unknown)
	}
	for _, c := range nb.Cells {
		if c.Type == Code {
			c.Outputs, c.Count = nil, 0
			delete(c.Metadata, "execution")
		}
	}

	rec := newRecorder()
	rec.echo, rec.input = opts.Echo, opts.Input
	input := opts.Input
	if input == nil {
		input = func(string, bool) (string, error) { return "", errNoInput }
	}
	eo := exec.Options{
		Stdout:    func(s string) { rec.stream("stdout", s) },
		Stderr:    func(s string) { rec.stream("stderr", s) },
		CaptureFD: opts.CaptureFD,
		Input:     input,
		Args:      opts.Args,
	}
	var sink display.Sink = rec
	if opts.Terminal {
		eo.Stdout, eo.Stderr, eo.CaptureFD = nil, nil, false
		sink = opts.Sink
		if opts.Stdout == nil {
			opts.Stdout = os.Stdout
		}
		if opts.Stderr == nil {
			opts.Stderr = os.Stderr
		}
	}
	in, err := exec.New(eo)
	if err != nil {
		return fmt.Errorf("starting the interpreter: %w", err)
	}
	rec.flush = in.Flush
	prev := display.SetSink(sink)

	start := time.Now()
	var first *CellError
	count, code := 0, 0
	for _, c := range nb.Cells {
		if c.Type == Code {
			code++
		}
	}
	snapshot := func() {
		if opts.Snapshot != nil {
			rec.mu.Lock() // display updates from a goroutine a cell left running
			opts.Snapshot(nb)
			rec.mu.Unlock()
		}
	}
	snapshot()
	seen := 0
	for i, c := range nb.Cells {
		if c.Type != Code {
			continue
		}
		seen++
		if isBlank(c.Source) || c.HasTag(SkipTag) {
			continue
		}
		if ctx.Err() != nil {
			break
		}
		count++
		c.Count = count
		if opts.Started != nil {
			opts.Started(i, count, c.FirstLine())
		}
		t0 := time.Now()
		rec.start(c)
		res, cellErr := runCell(ctx, in, c.Source, opts.Timeout)
		switch {
		case opts.Terminal && cellErr != nil:
			fmt.Fprintln(opts.Stderr, strings.Join(cellErr.traceback, "\n"))
		case opts.Terminal && res.Data != nil:
			if opts.Sink != nil {
				opts.Sink.Show(res.Data, nil, "", false)
			} else {
				fmt.Fprintln(opts.Stdout, res.Data.Text())
			}
		case cellErr != nil:
			rec.fail(cellErr.Name, cellErr.Value, cellErr.traceback)
		case res.Data != nil:
			rec.result(res.Data, count)
		}
		rec.stop()
		t1 := time.Now()
		c.Metadata["execution"] = map[string]any{
			"iopub.execute_input": stamp(t0),
			"shell.execute_reply": stamp(t1),
		}
		if opts.Log != nil {
			status := ""
			if cellErr != nil {
				status = "  " + cellErr.Name + ": " + cellErr.Value
			}
			fmt.Fprintf(opts.Log, "[%d/%d] In [%d] %6.2fs  %s%s\n", seen, code, count, t1.Sub(t0).Seconds(), short(c.FirstLine(), 50), status)
		}
		snapshot()
		if cellErr != nil {
			cellErr.Index, cellErr.Count, cellErr.FirstLine = i, count, c.FirstLine()
			if first == nil && !c.HasTag(RaisesTag) {
				first = cellErr
			}
			if !opts.AllowErrors && !c.HasTag(RaisesTag) {
				break
			}
		}
	}
	display.SetSink(prev)
	in.Close()

	status := "completed"
	switch {
	case ctx.Err() != nil:
		status = "interrupted"
	case first != nil:
		status = "failed"
	}
	nb.SetRunMetadata(opts.Params, start, time.Now(), status)
	if first != nil {
		return first
	}
	if ctx.Err() != nil {
		return ctx.Err()
	}
	return nil
}

// SetRunMetadata sets the trigo kernel's metadata and records a run in
// metadata.trigo: its parameters, start and end time, duration and status
// ("completed", "failed", "interrupted", or "died" when the process running
// the cells died, see cmd/trigo).
func (nb *Notebook) SetRunMetadata(params []Param, start, end time.Time, status string) {
	nb.SetKernelMetadata()
	ps := map[string]any{}
	for _, p := range params {
		ps[p.Name] = p.Value
	}
	nb.Metadata["trigo"] = map[string]any{
		"parameters": ps,
		"start_time": stamp(start),
		"end_time":   stamp(end),
		"duration":   math.Round(end.Sub(start).Seconds()*1000) / 1000,
		"status":     status,
	}
}

// runCell executes one cell. A failure comes back as a *CellError whose
// Index, Count and FirstLine are left for the caller.
func runCell(ctx context.Context, in *exec.Interp, src string, timeout time.Duration) (*exec.Result, *CellError) {
	cctx, cancel := ctx, context.CancelFunc(func() {})
	if timeout > 0 {
		cctx, cancel = context.WithTimeout(ctx, timeout)
	}
	defer cancel()
	res, err := in.Execute(cctx, src)
	if err == nil {
		return res, nil
	}
	var e *exec.Error
	if !errors.As(err, &e) {
		e = &exec.Error{Name: "InternalError", Value: err.Error(), Traceback: []string{err.Error()}}
	}
	name, value, tb := e.Name, e.Value, e.Traceback
	if errors.Is(cctx.Err(), context.DeadlineExceeded) && ctx.Err() == nil {
		name = "CellTimeoutError"
		value = fmt.Sprintf("the cell ran longer than the timeout (%s) and was interrupted", timeout)
		tb = append([]string{"\x1b[0;31m\x1b[1m" + name + "\x1b[0m: " + value}, tb[min(1, len(tb)):]...)
	}
	if tb == nil {
		tb = []string{}
	}
	return nil, &CellError{Name: name, Value: value, traceback: tb}
}

func stamp(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000000Z") }

func isBlank(s string) bool {
	for _, r := range s {
		if r != ' ' && r != '\t' && r != '\n' && r != '\r' {
			return false
		}
	}
	return true
}

func short(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
