package display

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"html"
	"strings"
	"sync"
	"time"
)

// Handle is one output that can be replaced in place, e.g. a progress bar
// or a loss plot redrawn while training runs. The first call shows the
// output; later calls update it (Jupyter's update_display_data). A Handle is
// safe for use from several goroutines.
type Handle struct {
	id    string
	mu    sync.Mutex
	shown bool
}

// NewHandle returns a handle with a fresh display id; nothing is shown yet.
func NewHandle() *Handle {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return &Handle{id: "trigo-" + hex.EncodeToString(b[:])}
}

// ID is the display id the front-end knows the output by.
func (h *Handle) ID() string { return h.id }

// Display shows v (as the package-level Display would) the first time and
// replaces the output in place afterwards.
func (h *Handle) Display(v any) { h.send(Of(v)) }

// Update is Display: it replaces the output (showing it when it is new).
func (h *Handle) Update(v any) { h.send(Of(v)) }

// HTML shows or replaces the output with an HTML fragment.
func (h *Handle) HTML(s string) { h.send(Bundle{MIMEHTML: s, MIMEText: placeholder(MIMEHTML, len(s))}) }

// Markdown shows or replaces the output with Markdown text.
func (h *Handle) Markdown(s string) { h.send(Bundle{MIMEMarkdown: s, MIMEText: s}) }

// Text shows or replaces the output with plain text.
func (h *Handle) Text(s string) { h.send(Bundle{MIMEText: s}) }

// SVG shows or replaces the output with an SVG image.
func (h *Handle) SVG(s string) { h.send(Bundle{MIMESVG: s, MIMEText: placeholder(MIMESVG, len(s))}) }

// PNG shows or replaces the output with a PNG image.
func (h *Handle) PNG(b []byte) { h.send(imageBundle(MIMEPNG, b)) }

func (h *Handle) send(b Bundle) {
	h.mu.Lock()
	update := h.shown
	h.shown = true
	h.mu.Unlock()
	if s := CurrentSink(); s != nil {
		s.Show(b, nil, h.id, update)
		return
	}
	// A terminal cannot replace text; print each state on its own line.
	fmt.Println(b.Text())
}

// Progress is a live progress bar: an HTML bar in a notebook, one line
// per update (at most one a second) in a terminal.
//
//	p := display.NewProgress("train", steps)
//	for i := 0; i < steps; i++ { ...; p.Set(i+1, fmt.Sprintf("loss %.3f", loss)) }
//	p.Done()
type Progress struct {
	h     *Handle
	label string
	total int
	mu    sync.Mutex
	n     int
	note  string
	start time.Time
	last  time.Time
}

// NewProgress shows an empty bar for total steps.
func NewProgress(label string, total int) *Progress {
	p := &Progress{h: NewHandle(), label: label, total: total, start: time.Now()}
	p.render(true)
	return p
}

// Set moves the bar to n of total steps with an optional note (e.g. the
// current loss). Updates closer than 100 ms apart are coalesced.
func (p *Progress) Set(n int, note string) {
	p.mu.Lock()
	p.n, p.note = n, note
	p.mu.Unlock()
	p.render(n >= p.total)
}

// Add advances the bar by delta steps.
func (p *Progress) Add(delta int) {
	p.mu.Lock()
	p.n += delta
	n := p.n
	p.mu.Unlock()
	p.render(n >= p.total)
}

// Done draws the final state.
func (p *Progress) Done() {
	p.render(true)
}

func (p *Progress) render(force bool) {
	p.mu.Lock()
	now := time.Now()
	every := 100 * time.Millisecond
	if CurrentSink() == nil {
		every = time.Second
	}
	if !force && now.Sub(p.last) < every {
		p.mu.Unlock()
		return
	}
	p.last = now
	n, total, note, elapsed := p.n, p.total, p.note, now.Sub(p.start)
	p.mu.Unlock()

	frac := 0.0
	if total > 0 {
		frac = min(max(float64(n)/float64(total), 0), 1)
	}
	text := fmt.Sprintf("%s %3.0f%% %d/%d %s", p.label, 100*frac, n, total, elapsed.Round(100*time.Millisecond))
	if note != "" {
		text += " " + note
	}
	if CurrentSink() == nil {
		fmt.Println(text)
		return
	}
	var sb strings.Builder
	fmt.Fprintf(&sb, `<div style="font-family:monospace"><span>%s</span> `, html.EscapeString(p.label))
	fmt.Fprintf(&sb, `<progress value="%d" max="%d" style="width:40%%;vertical-align:middle"></progress> `, n, max(total, 1))
	fmt.Fprintf(&sb, `<span>%3.0f%% %d/%d %s %s</span></div>`, 100*frac, n, total, elapsed.Round(100*time.Millisecond), html.EscapeString(note))
	p.h.send(Bundle{MIMEHTML: sb.String(), MIMEText: text})
}
