package train

import (
	"fmt"
	"math"
	"strings"
)

// History records a run, one entry per step (Steps[i] is the step number,
// 1-based) and one per evaluation.
type History struct {
	// Model is the config name.
	Model string
	// Steps holds each recorded step's number (1-based).
	Steps []int
	// Loss is the training loss of each step's batch.
	Loss []float64
	// LR is the learning rate each step used (NaN for steps before a resume).
	LR []float64
	// GradNorm is the gradient norm before clipping (NaN before a resume).
	GradNorm []float64
	// TokensPerSec is each step's throughput (NaN before a resume).
	TokensPerSec []float64
	// ValSteps holds the step of each evaluation.
	ValSteps []int
	// ValLoss is the validation loss of each evaluation.
	ValLoss []float64
	// ExtraVal holds, per Options.EvalSets name, the loss at each
	// evaluation (aligned with ValSteps; NaN where the set was not
	// evaluated, e.g. before a resume that added it).
	ExtraVal map[string][]float64
	// Elapsed is the training wall time in seconds (this process).
	Elapsed float64
	// Interrupted is set when the run stopped on interrupt.Requested.
	Interrupted bool
	// Checkpoint is the file written at the end ("" if none).
	Checkpoint string
	// Err is the error that stopped the run (Fit only).
	Err error
}

func (h *History) add(s StepInfo) {
	h.Steps = append(h.Steps, s.Step)
	h.Loss = append(h.Loss, s.Loss)
	h.LR = append(h.LR, s.LR)
	h.GradNorm = append(h.GradNorm, s.GradNorm)
	h.TokensPerSec = append(h.TokensPerSec, s.TokensPerSec)
}

// addExtra records v as set name's loss at evaluation i, padding earlier
// evaluations with NaN.
func (h *History) addExtra(name string, i int, v float64) {
	if h.ExtraVal == nil {
		h.ExtraVal = map[string][]float64{}
	}
	s := h.ExtraVal[name]
	for len(s) < i {
		s = append(s, math.NaN())
	}
	h.ExtraVal[name] = append(s[:i], v)
}

// historyRecord is what a checkpoint stores (per-step loss and validation).
type historyRecord struct {
	Steps    []int     `json:"steps"`
	Loss     []float64 `json:"loss"`
	ValSteps []int     `json:"val_steps"`
	ValLoss  []float64 `json:"val_loss"`
	// ExtraVal is History.ExtraVal (absent in checkpoints before it).
	ExtraVal map[string][]float64 `json:"extra_val,omitempty"`
}

func (h *History) record() historyRecord {
	return historyRecord{Steps: h.Steps, Loss: h.Loss, ValSteps: h.ValSteps, ValLoss: h.ValLoss, ExtraVal: h.ExtraVal}
}

func (h *History) restore(r historyRecord) {
	h.Steps, h.Loss, h.ValSteps, h.ValLoss, h.ExtraVal = r.Steps, r.Loss, r.ValSteps, r.ValLoss, r.ExtraVal
	// Per-step diagnostics of the earlier run are not saved; pad them.
	for len(h.LR) < len(h.Steps) {
		h.LR = append(h.LR, math.NaN())
		h.GradNorm = append(h.GradNorm, math.NaN())
		h.TokensPerSec = append(h.TokensPerSec, math.NaN())
	}
}

// TrainSteps returns Steps as float64 (plot x values).
func (h *History) TrainSteps() []float64 { return toF(h.Steps) }

// ValidSteps returns ValSteps as float64 (plot x values).
func (h *History) ValidSteps() []float64 { return toF(h.ValSteps) }

func toF(v []int) []float64 {
	out := make([]float64, len(v))
	for i, x := range v {
		out[i] = float64(x)
	}
	return out
}

// LastLoss is the last training loss (NaN when empty).
func (h *History) LastLoss() float64 { return last(h.Loss) }

// LastValLoss is the last validation loss (NaN when none).
func (h *History) LastValLoss() float64 { return last(h.ValLoss) }

// MeanTokensPerSec is the mean throughput over recorded steps, skipping
// the first (warm-up) step when there are more.
func (h *History) MeanTokensPerSec() float64 {
	var s float64
	n := 0
	for i, v := range h.TokensPerSec {
		if (i == 0 && len(h.TokensPerSec) > 1) || math.IsNaN(v) {
			continue
		}
		s += v
		n++
	}
	if n == 0 {
		return math.NaN()
	}
	return s / float64(n)
}

func last(v []float64) float64 {
	if len(v) == 0 {
		return math.NaN()
	}
	return v[len(v)-1]
}

// String summarises the run in a few lines.
func (h *History) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "History(%s: %d steps", h.Model, len(h.Steps))
	if len(h.Loss) > 0 {
		fmt.Fprintf(&b, ", loss %.4f → %.4f", h.Loss[0], h.LastLoss())
	}
	if len(h.ValLoss) > 0 {
		fmt.Fprintf(&b, ", val %.4f", h.LastValLoss())
	}
	if tps := h.MeanTokensPerSec(); !math.IsNaN(tps) {
		fmt.Fprintf(&b, ", %.0f tok/s", tps)
	}
	if h.Interrupted {
		b.WriteString(", interrupted")
	}
	if h.Err != nil {
		fmt.Fprintf(&b, ", error: %v", h.Err)
	}
	b.WriteString(")")
	return b.String()
}
