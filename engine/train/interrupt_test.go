package train

import (
	"math"
	"strings"
	"testing"

	"trigo/engine/interrupt"
	"trigo/engine/model"
	"trigo/kernel/display"
)

// An interrupt ends the run with its History marked, tells OnStep (once,
// with Interrupted) and ends the text progress with where it stopped; Live
// leaves its bar at that step, saying so.
func TestInterruptedRunTellsProgress(t *testing.T) {
	dir := tinyData(t)
	o := tinyOpts()
	var out strings.Builder
	o.Progress = &out
	var calls []StepInfo
	o.OnStep = func(s StepInfo) {
		calls = append(calls, s)
		if s.Step == 2 && !s.Interrupted {
			interrupt.Request()
		}
	}
	h, err := Run(model.New(model.Tiny("lite", model.FP32), 1), dir, o)
	interrupt.Reset()
	if err != nil {
		t.Fatal(err)
	}
	if !h.Interrupted || len(h.Steps) != 2 {
		t.Errorf("history: interrupted %v after %d steps, want true after 2", h.Interrupted, len(h.Steps))
	}
	last := calls[len(calls)-1]
	if !last.Interrupted || last.Step != 2 || !math.IsNaN(last.Loss) {
		t.Errorf("last OnStep call %+v, want Interrupted at step 2", last)
	}
	if !strings.Contains(out.String(), "interrupted at step 2/6") {
		t.Errorf("progress output %q does not say where it stopped", out.String())
	}
	if interrupt.Polling() {
		t.Error("the run still counts as a polling loop after it returned")
	}

	sink := &lastSink{}
	prev := display.SetSink(sink)
	defer display.SetSink(prev)
	on := Live("lite")
	for _, s := range calls {
		on(s)
	}
	if !strings.Contains(sink.text, "interrupted at step 2") || !strings.Contains(sink.text, " 2/6 ") {
		t.Errorf("live bar after the interrupt: %q", sink.text)
	}
}

// lastSink keeps the text of the last bar it was shown.
type lastSink struct{ text string }

func (s *lastSink) Show(b display.Bundle, _ map[string]any, _ string, _ bool) {
	if t, ok := b[display.MIMEText].(string); ok && strings.Contains(t, "|") {
		s.text = t
	}
}
func (s *lastSink) Clear(bool)                         {}
func (s *lastSink) Input(string, bool) (string, error) { return "", nil }
