package train

import (
	"errors"
	"math"
	"strings"
	"testing"

	"trigo/kernel/display"
)

func testHistory(name string, n int) *History {
	h := &History{Model: name, Elapsed: 12.5}
	for i := 1; i <= n; i++ {
		h.add(StepInfo{Step: i, Loss: 5.5 / float64(i), TokensPerSec: 1000 + float64(i)})
	}
	h.ValSteps, h.ValLoss = []int{n}, []float64{2.5}
	return h
}

func TestHistoryDisplay(t *testing.T) {
	h := testHistory("lite-fp32", 10)
	s := h.Series()
	if s.Name != "lite-fp32" || len(s.Step) != 10 || s.Step[9] != 10 || len(s.Valid) != 1 {
		t.Errorf("series %+v", s)
	}
	html := h.HTML()
	for _, want := range []string{"lite-fp32", "5.5000", "0.5500", "2.5000", "data:image/png;base64,", "12.5s"} {
		if !strings.Contains(html, want) {
			t.Errorf("HTML lacks %q", want)
		}
	}
	// A run without steps, or a diverged one, still displays.
	empty := &History{Model: "x", Err: errors.New("bad <data>")}
	if html := empty.HTML(); strings.Contains(html, "<img") || !strings.Contains(html, "bad &lt;data&gt;") {
		t.Errorf("empty run: %s", html)
	}
	nan := testHistory("nan", 3)
	nan.Loss[2] = math.NaN()
	if nan.Plot() != nil {
		t.Error("a NaN loss was plotted")
	}

	c := Compare(h, testHistory("vanilla-fp32", 5))
	if txt := c.String(); !strings.Contains(txt, "vanilla-fp32") || strings.Count(txt, "\n") != 2 {
		t.Errorf("comparison text:\n%s", txt)
	}
	if html := c.HTML(); strings.Count(html, "<tr>") != 3 {
		t.Errorf("comparison table: %s", html)
	}
	if c.Plot() == nil {
		t.Error("no comparison plot")
	}
	if b := display.Of(c); b[display.MIMEHTML] == nil {
		t.Errorf("Comparison does not display as HTML: %v", b)
	}
}

type countSink struct{ shows, updates int }

func (s *countSink) Show(_ display.Bundle, _ map[string]any, id string, update bool) {
	if update {
		s.updates++
	} else {
		s.shows++
	}
}
func (s *countSink) Clear(bool)                         {}
func (s *countSink) Input(string, bool) (string, error) { return "", nil }

func TestLive(t *testing.T) {
	sink := &countSink{}
	prev := display.SetSink(sink)
	defer display.SetSink(prev)
	on := Live("lite")
	for i := 1; i <= 5; i++ {
		on(StepInfo{Step: i, Steps: 5, Loss: 3, ValLoss: math.NaN(), TokensPerSec: 100})
	}
	on(StepInfo{Step: 5, Steps: 5, Loss: 3, ValLoss: 2.9})
	// One bar and one plot shown; the plot is drawn at the second step
	// (the first with a curve), at the last one and after the evaluation.
	if sink.shows != 2 || sink.updates < 3 {
		t.Errorf("%d shows, %d updates", sink.shows, sink.updates)
	}
}
