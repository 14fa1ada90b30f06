package display

import (
	"strings"
	"sync"
	"testing"
	"time"
)

type showCall struct {
	data   Bundle
	id     string
	update bool
}

type recordSink struct {
	mu    sync.Mutex
	calls []showCall
}

func (s *recordSink) Show(data Bundle, _ map[string]any, id string, update bool) {
	s.mu.Lock()
	s.calls = append(s.calls, showCall{data, id, update})
	s.mu.Unlock()
}
func (s *recordSink) Clear(bool)                         {}
func (s *recordSink) Input(string, bool) (string, error) { return "", nil }

// fakeClock advances by step on every reading.
func fakeClock(step time.Duration) func() time.Time {
	t := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	return func() time.Time { t = t.Add(step); return t }
}

func TestProgressBarTerminal(t *testing.T) {
	prev := SetSink(nil)
	defer SetSink(prev)
	var out strings.Builder
	p := newProgressBar("train", 4, &out, fakeClock(time.Second))
	for i := 1; i <= 4; i++ {
		p.Set(i, "loss 1.5")
	}
	p.Done()
	p.Done()
	s := out.String()
	if n := strings.Count(s, "\r"); n != 5 {
		t.Errorf("%d redraws, want 5:\n%q", n, s)
	}
	if !strings.HasSuffix(s, "\n") || strings.Count(s, "\n") != 1 {
		t.Errorf("Done must end the line once: %q", s)
	}
	last := s[strings.LastIndex(s, "\r")+1:]
	if !strings.HasPrefix(last, "train 100% |████████████████████| 4/4 [00:") || !strings.Contains(last, "1.25 s/it] loss 1.5") {
		t.Errorf("last line %q", last)
	}
	if mid := strings.Split(s, "\r")[2]; !strings.Contains(mid, " 25% |█████···············| 1/4 [00:02<00:06, ") {
		t.Errorf("first step drawn as %q", mid)
	}
}

func TestProgressBarNotebook(t *testing.T) {
	sink := &recordSink{}
	prev := SetSink(sink)
	defer SetSink(prev)
	p := newProgressBar("eval", 0, nil, fakeClock(time.Second))
	p.Add(3)
	p.Note("ok <done>")
	p.Done()
	if len(sink.calls) != 3 {
		t.Fatalf("%d displays, want 3", len(sink.calls))
	}
	for i, c := range sink.calls {
		if c.id == "" || c.id != sink.calls[0].id || c.update != (i > 0) {
			t.Errorf("call %d: id %q update %v", i, c.id, c.update)
		}
	}
	last := sink.calls[2].data
	if h := last[MIMEHTML].(string); !strings.Contains(h, "3 [00:") || !strings.Contains(h, "ok &lt;done&gt;") || strings.Contains(h, "<progress") {
		t.Errorf("html %q", h)
	}
	if txt := last[MIMEText].(string); !strings.HasPrefix(txt, "eval 3 [00:") {
		t.Errorf("text %q", txt)
	}
}

func TestProgressThrottle(t *testing.T) {
	prev := SetSink(nil)
	defer SetSink(prev)
	var out strings.Builder
	p := newProgressBar("", 1000, &out, fakeClock(time.Millisecond))
	for i := 1; i <= 1000; i++ {
		p.Set(i, "")
	}
	if n := strings.Count(out.String(), "\r"); n > 12 || n < 9 {
		t.Errorf("%d redraws in one simulated second", n)
	}
	if !strings.Contains(out.String(), "1000/1000") {
		t.Error("the final state was not drawn")
	}
}
