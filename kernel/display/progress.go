package display

import (
	"fmt"
	"html"
	"io"
	"os"
	"strings"
	"sync"
	"time"
)

// ProgressBar is a live progress bar for loops that take a while. In a
// notebook it is one output that redraws in place (update_display_data);
// in a terminal (no sink installed) or a text-only frontend (TextOnly:
// jupyter console) it redraws one line on stderr with a carriage return,
// like tqdm:
//
//	train  35% |███████·············|  35/100 [00:12<00:22, 2.9 it/s] loss 2.31
//
// Use it from a cell or from compiled code:
//
//	bar := display.NewProgressBar("train", steps)
//	for i := 0; i < steps; i++ {
//	    loss := step()
//	    bar.Set(i+1, fmt.Sprintf("loss %.3f", loss))
//	}
//	bar.Done()
//
// Redraws are throttled (10 a second in a terminal, 5 in a notebook); the
// last state is always drawn by Done or when the bar reaches its total.
// A ProgressBar is safe for use from several goroutines.
type ProgressBar struct {
	mu    sync.Mutex
	label string
	total int
	n     int
	note  string
	start time.Time
	last  time.Time // last redraw
	h     *Handle   // notebook output; nil in a terminal
	width int       // length of the last terminal line drawn
	dirty bool      // changed since the last redraw
	done  bool

	out io.Writer // terminal output (os.Stderr); tests replace it
	now func() time.Time
}

// NewProgressBar shows an empty bar for total steps (total <= 0: a counter
// without a bar).
func NewProgressBar(label string, total int) *ProgressBar {
	return newProgressBar(label, total, os.Stderr, time.Now)
}

func newProgressBar(label string, total int, out io.Writer, now func() time.Time) *ProgressBar {
	p := &ProgressBar{label: label, total: total, out: out, now: now}
	p.start = p.now()
	// A text-only frontend (jupyter console) ignores display updates:
	// there the bar redraws its line in the output stream.
	if CurrentSink() != nil && !TextOnly() {
		p.h = NewHandle()
	}
	p.draw(true)
	return p
}

// Set moves the bar to n steps done, with an optional note (the current
// loss, ...).
func (p *ProgressBar) Set(n int, note string) {
	p.mu.Lock()
	p.n, p.note = n, note
	p.dirty = true
	p.mu.Unlock()
	p.draw(false)
}

// Add advances the bar by delta steps.
func (p *ProgressBar) Add(delta int) {
	p.mu.Lock()
	p.n += delta
	p.dirty = true
	p.mu.Unlock()
	p.draw(false)
}

// Note changes the note without moving the bar.
func (p *ProgressBar) Note(note string) {
	p.mu.Lock()
	p.note = note
	p.dirty = true
	p.mu.Unlock()
	p.draw(false)
}

// Done draws the final state and, in a terminal, ends the line. Later
// calls do nothing.
func (p *ProgressBar) Done() {
	p.mu.Lock()
	if p.done {
		p.mu.Unlock()
		return
	}
	dirty := p.dirty
	p.mu.Unlock()
	if dirty {
		p.draw(true)
	}
	p.mu.Lock()
	p.done = true
	if p.h == nil {
		fmt.Fprintln(p.out)
	}
	p.mu.Unlock()
}

// String is the bar as one line of text.
func (p *ProgressBar) String() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.text(p.now())
}

// HTML is the bar as a notebook shows it.
func (p *ProgressBar) HTML() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.html(p.now())
}

func (p *ProgressBar) draw(force bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.done {
		return
	}
	now := p.now()
	every := 100 * time.Millisecond
	if p.h != nil {
		every = 200 * time.Millisecond
	}
	final := p.total > 0 && p.n >= p.total
	if !force && !final && now.Sub(p.last) < every {
		return
	}
	p.last, p.dirty = now, false
	text := p.text(now)
	if p.h != nil {
		p.h.send(Bundle{MIMEHTML: p.html(now), MIMEText: text})
		return
	}
	pad := ""
	if w := len([]rune(text)); w < p.width {
		pad = strings.Repeat(" ", p.width-w)
	}
	p.width = len([]rune(text))
	fmt.Fprint(p.out, "\r"+text+pad)
}

const barCells = 20

// parts are the pieces of a drawn bar: "35%", "35/100" and
// "00:12<00:22, 2.9 it/s" (pct is empty without a total).
func (p *ProgressBar) parts(now time.Time) (pct, count, timing string) {
	elapsed := now.Sub(p.start)
	timing = clock(elapsed)
	count = fmt.Sprint(p.n)
	if p.total > 0 {
		pct = fmt.Sprintf("%3.0f%%", 100*p.frac())
		count = fmt.Sprintf("%*d/%d", len(fmt.Sprint(p.total)), p.n, p.total)
		if p.n > 0 && p.n < p.total {
			timing += "<" + clock(time.Duration(float64(elapsed)/float64(p.n)*float64(p.total-p.n)))
		}
	}
	if s := elapsed.Seconds(); s > 0 && p.n > 0 {
		timing += ", " + rate(float64(p.n)/s)
	}
	return pct, count, timing
}

func (p *ProgressBar) frac() float64 {
	return min(max(float64(p.n)/float64(p.total), 0), 1)
}

// text draws "label  35% |███████·····|  35/100 [00:12<00:22, 2.9 it/s] note".
func (p *ProgressBar) text(now time.Time) string {
	pct, count, timing := p.parts(now)
	var b strings.Builder
	if p.label != "" {
		b.WriteString(p.label + " ")
	}
	if p.total > 0 {
		fill := int(p.frac() * barCells)
		b.WriteString(pct + " |" + strings.Repeat("█", fill) + strings.Repeat("·", barCells-fill) + "| ")
	}
	b.WriteString(count + " [" + timing + "]")
	if p.note != "" {
		b.WriteString(" " + p.note)
	}
	return b.String()
}

// html draws the bar as a <progress> element with the same numbers.
func (p *ProgressBar) html(now time.Time) string {
	pct, count, timing := p.parts(now)
	var b strings.Builder
	b.WriteString(`<div style="font-family:monospace;white-space:pre">`)
	if p.label != "" {
		b.WriteString(html.EscapeString(p.label) + " ")
	}
	if p.total > 0 {
		fmt.Fprintf(&b, `<progress value="%d" max="%d" style="width:30%%;vertical-align:middle"></progress> %s `, min(max(p.n, 0), p.total), p.total, pct)
	}
	b.WriteString(html.EscapeString(count + " [" + timing + "]"))
	if p.note != "" {
		b.WriteString(" " + html.EscapeString(p.note))
	}
	b.WriteString(`</div>`)
	return b.String()
}

// clock formats d as mm:ss or h:mm:ss.
func clock(d time.Duration) string {
	s := int(d.Round(time.Second) / time.Second)
	if s >= 3600 {
		return fmt.Sprintf("%d:%02d:%02d", s/3600, s/60%60, s%60)
	}
	return fmt.Sprintf("%02d:%02d", s/60, s%60)
}

// rate formats steps per second, or seconds per step when slower than one.
func rate(perSec float64) string {
	if perSec >= 1 || perSec == 0 {
		return fmt.Sprintf("%.3g it/s", perSec)
	}
	return fmt.Sprintf("%.3g s/it", 1/perSec)
}
