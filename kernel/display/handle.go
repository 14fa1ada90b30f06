package display

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"sync"
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
