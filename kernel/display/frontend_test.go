package display

import (
	"strings"
	"testing"
	"time"
)

func TestIsConsole(t *testing.T) {
	for _, c := range []struct {
		args []string
		want bool
	}{
		{[]string{"/usr/bin/python3", "/usr/bin/jupyter-console", "--kernel", "trigo"}, true},
		{[]string{"jupyter", "console", "--kernel=trigo"}, true},
		{[]string{"python3", "-m", "jupyter_console"}, true},
		{[]string{"/usr/bin/python3", "/usr/bin/jupyter-notebook"}, false},
		{[]string{"python3", "-m", "nbconvert", "--execute", "console.ipynb"}, false},
		{[]string{"/usr/bin/jupyter-lab"}, false},
		{nil, false},
	} {
		if got := isConsole(c.args); got != c.want {
			t.Errorf("isConsole(%q) = %v, want %v", c.args, got, c.want)
		}
	}
}

// forceTextOnly sets TextOnly's answer for a test.
func forceTextOnly(t *testing.T, v bool) {
	textOnlyOnce.Do(func() {})
	prev := textOnly
	textOnly = v
	t.Cleanup(func() { textOnly = prev })
}

// With a text-only frontend (jupyter console ignores update_display_data)
// a bar under a sink redraws its line in the output stream, as in a
// terminal, instead of showing one display that never visibly updates.
func TestProgressBarTextOnlyFrontend(t *testing.T) {
	forceTextOnly(t, true)
	sink := &recordSink{}
	prev := SetSink(sink)
	defer SetSink(prev)
	var out strings.Builder
	p := newProgressBar("train", 4, &out, fakeClock(time.Second))
	for i := 1; i <= 4; i++ {
		p.Set(i, "loss 2.0")
	}
	p.Done()
	if len(sink.calls) != 0 {
		t.Errorf("%d display messages, want none (the console shows only the first)", len(sink.calls))
	}
	s := out.String()
	if !strings.Contains(s, "\rtrain 100% |") || !strings.Contains(s, "4/4") || !strings.HasSuffix(s, "\n") {
		t.Errorf("stream text %q", s)
	}
}
