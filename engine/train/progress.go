package train

import (
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"time"
)

// progress draws a one-line bar that redraws in place (carriage return):
//
//	lite-fp32 [#######.............]  35/100 loss 2.3141  1,520 tok/s  ETA 1m05s
type progress struct {
	w    io.Writer
	name string
	last time.Time
	open bool
}

func newProgress(w io.Writer, name string) *progress { return &progress{w: w, name: name} }

func (p *progress) step(s StepInfo) {
	if p.w == nil {
		return
	}
	// Redraw at most 10 times a second, and always on the last step.
	if time.Since(p.last) < 100*time.Millisecond && s.Step != s.Steps {
		return
	}
	p.last = time.Now()
	const width = 20
	fill := width * s.Step / max(s.Steps, 1)
	fmt.Fprintf(p.w, "\r%s [%s%s] %*d/%d loss %.4f  %6.0f tok/s  ETA %s ", p.name,
		strings.Repeat("#", fill), strings.Repeat(".", width-fill),
		len(fmt.Sprint(s.Steps)), s.Step, s.Steps, s.Loss, s.TokensPerSec, s.ETA.Round(time.Second))
	p.open = true
}

func (p *progress) eval(s StepInfo) {
	if p.w == nil {
		return
	}
	p.finish()
	extra := ""
	for _, k := range slices.Sorted(maps.Keys(s.ExtraVal)) {
		extra += fmt.Sprintf("  %s %.4f", k, s.ExtraVal[k])
	}
	fmt.Fprintf(p.w, "step %d: train loss %.4f  val loss %.4f%s  (%s)\n", s.Step, s.Loss, s.ValLoss, extra, s.Elapsed.Round(time.Second))
}

// interrupted ends the bar with where the run stopped.
func (p *progress) interrupted(s StepInfo) {
	if p.w == nil {
		return
	}
	p.finish()
	fmt.Fprintf(p.w, "%s interrupted at step %d/%d (%s)\n", p.name, s.Step, s.Steps, s.Elapsed.Round(time.Second))
}

func (p *progress) finish() {
	if p.w != nil && p.open {
		fmt.Fprintln(p.w)
		p.open = false
	}
}
