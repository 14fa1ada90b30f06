package train

import (
	"encoding/base64"
	"fmt"
	"html"
	"math"
	"strings"
	"sync"
	"time"

	"trigo/kernel/display"
	"trigo/plots"
)

// Series is the run's loss curves for plots.Loss:
//
//	plots.Loss(fp32.Series(), ternary.Series())
func (h *History) Series() plots.Series {
	return plots.Series{Name: h.Model, Step: h.TrainSteps(), Train: h.Loss, ValidStep: h.ValidSteps(), Valid: h.ValLoss}
}

// Plot is the run's loss curves as a figure; nil when the run has no
// finite losses to draw.
func (h *History) Plot() *plots.Figure {
	return lossFigure(h.Series())
}

// lossFigure draws s, or returns nil when plots rejects it (no points, a
// diverged run's NaN).
func lossFigure(s ...plots.Series) (f *plots.Figure) {
	defer func() {
		if recover() != nil {
			f = nil
		}
	}()
	return plots.Loss(s...)
}

// HTML renders the run for a notebook: a summary table beside its loss
// curves. text/plain stays String.
func (h *History) HTML() string {
	var b strings.Builder
	b.WriteString(`<div style="display:flex;gap:1em;align-items:flex-start">`)
	b.WriteString(summaryTable([]*History{h}, true))
	if f := h.Plot(); f != nil {
		f.WithSize(560, 350)
		fmt.Fprintf(&b, `<img style="max-width:60%%" src="data:image/png;base64,%s"/>`, base64.StdEncoding.EncodeToString(f.PNG()))
	}
	b.WriteString("</div>")
	return b.String()
}

// Comparison is several runs side by side; it displays as a table.
type Comparison []*History

// Compare tabulates runs: steps, first and last training loss, last
// validation loss, mean tokens/s (first step skipped) and wall time.
//
//	train.Compare(fp32, ternary, vanilla)
func Compare(runs ...*History) Comparison { return Comparison(runs) }

// HTML is the table.
func (c Comparison) HTML() string { return summaryTable(c, false) }

// Plot draws every run's loss curves in one figure.
func (c Comparison) Plot() *plots.Figure {
	s := make([]plots.Series, len(c))
	for i, h := range c {
		s[i] = h.Series()
	}
	return lossFigure(s...)
}

// String is the table as text.
func (c Comparison) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%-16s %6s %9s %9s %9s %9s %8s\n", "run", "steps", "loss0", "loss", "val loss", "tok/s", "time")
	for _, h := range c {
		first := math.NaN()
		if len(h.Loss) > 0 {
			first = h.Loss[0]
		}
		fmt.Fprintf(&b, "%-16s %6d %9.4f %9.4f %9.4f %9.0f %7.1fs\n", h.Model, len(h.Steps), first, h.LastLoss(), h.LastValLoss(), h.MeanTokensPerSec(), h.Elapsed)
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// summaryTable is one row per run, or (vertical) one run as name/value
// rows.
func summaryTable(runs []*History, vertical bool) string {
	num := func(v float64, format string) string {
		if math.IsNaN(v) {
			return "–"
		}
		return fmt.Sprintf(format, v)
	}
	type col struct {
		name string
		cell func(h *History) string
	}
	cols := []col{
		{"run", func(h *History) string { return html.EscapeString(h.Model) }},
		{"steps", func(h *History) string { return fmt.Sprint(len(h.Steps)) }},
		{"first loss", func(h *History) string {
			if len(h.Loss) == 0 {
				return "–"
			}
			return num(h.Loss[0], "%.4f")
		}},
		{"last loss", func(h *History) string { return num(h.LastLoss(), "%.4f") }},
		{"val loss", func(h *History) string { return num(h.LastValLoss(), "%.4f") }},
		{"tokens/s", func(h *History) string { return num(h.MeanTokensPerSec(), "%.0f") }},
		{"time", func(h *History) string {
			return (time.Duration(h.Elapsed * float64(time.Second))).Round(100 * time.Millisecond).String()
		}},
	}
	status := func(h *History) string {
		switch {
		case h.Err != nil:
			return `<span style="color:#c00">` + html.EscapeString(h.Err.Error()) + "</span>"
		case h.Interrupted:
			return "interrupted"
		case h.Checkpoint != "":
			return "saved " + html.EscapeString(h.Checkpoint)
		}
		return ""
	}
	var b strings.Builder
	b.WriteString(`<table style="font-size:90%">`)
	if vertical {
		h := runs[0]
		for _, c := range cols {
			fmt.Fprintf(&b, `<tr><th style="text-align:left">%s</th><td>%s</td></tr>`, c.name, c.cell(h))
		}
		if s := status(h); s != "" {
			fmt.Fprintf(&b, `<tr><th style="text-align:left">status</th><td>%s</td></tr>`, s)
		}
	} else {
		b.WriteString("<thead><tr>")
		for _, c := range cols {
			fmt.Fprintf(&b, "<th>%s</th>", c.name)
		}
		b.WriteString("<th></th></tr></thead><tbody>")
		for _, h := range runs {
			b.WriteString("<tr>")
			for i, c := range cols {
				align := "right"
				if i == 0 {
					align = "left"
				}
				fmt.Fprintf(&b, `<td style="text-align:%s">%s</td>`, align, c.cell(h))
			}
			fmt.Fprintf(&b, "<td>%s</td></tr>", status(h))
		}
		b.WriteString("</tbody>")
	}
	b.WriteString("</table>")
	return b.String()
}

// Live returns an Options.OnStep that shows the run while it trains: a
// progress bar with the loss and throughput, and the loss curves redrawn in
// place every few seconds (and after the last step). In a terminal the bar
// is drawn on stderr and the curves are left out; so in a text-only
// frontend (display.TextOnly: jupyter console).
//
//	h := train.Fit(m, dir, train.Options{Steps: 300, OnStep: train.Live(m.Spec.Name)})
func Live(name string) func(StepInfo) {
	l := &live{name: name, every: 3 * time.Second}
	return l.step
}

type live struct {
	mu       sync.Mutex
	name     string
	every    time.Duration
	bar      *display.ProgressBar
	plot     *display.Handle
	lastPlot time.Time
	h        History
}

func (l *live) step(s StepInfo) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.bar == nil {
		l.bar = display.NewProgressBar(l.name, s.Steps)
		l.h.Model = l.name
		if display.CurrentSink() != nil && !display.TextOnly() {
			l.plot = display.NewHandle()
		}
	}
	if s.Interrupted {
		// The bar stays where the run stopped and says so; the curves get
		// their last frame.
		note := fmt.Sprintf("interrupted at step %d", s.Step)
		if n := len(l.h.Loss); n > 0 {
			note += fmt.Sprintf(" · loss %.4f", l.h.Loss[n-1])
		}
		l.bar.Set(s.Step, note)
		l.bar.Done()
		if l.plot != nil && len(l.h.Loss) > 1 {
			if f := l.h.Plot(); f != nil {
				l.plot.PNG(f.WithSize(640, 360).PNG())
			}
		}
		return
	}
	if math.IsNaN(s.ValLoss) {
		l.h.add(s)
		l.bar.Set(s.Step, fmt.Sprintf("loss %.4f · %.0f tok/s", s.Loss, s.TokensPerSec))
	} else {
		l.h.ValSteps = append(l.h.ValSteps, s.Step)
		l.h.ValLoss = append(l.h.ValLoss, s.ValLoss)
	}
	last := s.Step >= s.Steps
	if last && math.IsNaN(s.ValLoss) {
		l.bar.Done() // the evaluation after the last step only redraws the curves
	}
	if l.plot != nil && len(l.h.Loss) > 1 && (last || time.Since(l.lastPlot) >= l.every) {
		if f := l.h.Plot(); f != nil {
			l.plot.PNG(f.WithSize(640, 360).PNG()) // PNG only: a notebook keeps the last frame
		}
		l.lastPlot = time.Now()
	}
}
