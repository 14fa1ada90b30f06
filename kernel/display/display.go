// Package display shows rich output — HTML, Markdown, images, JSON — in a
// notebook, from interpreted cells and from compiled code alike.
//
// It knows nothing of the Jupyter protocol: whoever runs the code (the
// kernel, the headless runner) installs a Sink with SetSink, and every
// function here sends its MIME bundle there. Without a sink (a plain
// terminal program) the functions print the text/plain form to stdout.
//
// A value renders itself when its type has one of the methods below; the
// kernel applies the same rules to a cell's last expression:
//
//	MIMEBundle() map[string]any   // everything at once: MIME type → data
//	HTML() string                 // text/html
//	Markdown() string             // text/markdown
//	SVG() string                  // image/svg+xml
//	PNG() []byte                  // image/png (raw bytes, not base64)
//	JPEG() []byte                 // image/jpeg
//	JSON() any                    // application/json (anything encoding/json takes)
//	Latex() string                // text/latex
//	String() string               // text/plain
//
// and an image.Image renders as a PNG.
package display

import (
	"fmt"
	"os"
	"sync/atomic"

	"trigo/internal/term"
)

// MIME types the notebook front-ends understand.
const (
	MIMEText     = "text/plain"
	MIMEHTML     = "text/html"
	MIMEMarkdown = "text/markdown"
	MIMESVG      = "image/svg+xml"
	MIMEPNG      = "image/png"
	MIMEJPEG     = "image/jpeg"
	MIMEJSON     = "application/json"
	MIMELatex    = "text/latex"
)

// Bundle maps a MIME type to its data in the form a notebook stores it:
// text for text types, base64 text for images, any JSON value for
// application/json. Display shows a Bundle as it is.
type Bundle map[string]any

// Sink receives what this package shows. The kernel installs one that
// publishes Jupyter messages; the headless runner one that records outputs.
// A sink must be safe for use from several goroutines.
type Sink interface {
	// Show publishes data. A non-empty id tags the output so that a later
	// call with update set replaces it in place (update_display_data).
	Show(data Bundle, metadata map[string]any, id string, update bool)
	// Clear clears the output of the running cell; with wait, the clearing
	// happens when the next output arrives (no flicker).
	Clear(wait bool)
	// Input asks the user for one line of text (without the newline).
	Input(prompt string, password bool) (string, error)
}

type sinkBox struct{ s Sink }

var sink atomic.Pointer[sinkBox]

// SetSink installs s as the destination of everything shown and returns the
// previous sink. A nil s restores the terminal behaviour.
func SetSink(s Sink) Sink {
	var prev *sinkBox
	if s == nil {
		prev = sink.Swap(nil)
	} else {
		prev = sink.Swap(&sinkBox{s})
	}
	if prev == nil {
		return nil
	}
	return prev.s
}

// CurrentSink returns the installed sink, or nil in a terminal.
func CurrentSink() Sink {
	if b := sink.Load(); b != nil {
		return b.s
	}
	return nil
}

// show sends b to the sink, or prints its text form.
func show(b Bundle, id string, update bool) {
	if s := CurrentSink(); s != nil {
		s.Show(b, nil, id, update)
		return
	}
	fmt.Fprintln(os.Stdout, b.Text())
}

// Display shows v with the richest representation it has (see the package
// documentation). A Bundle is shown as it is.
func Display(v any) { show(Of(v), "", false) }

// HTML shows an HTML fragment.
func HTML(html string) {
	show(Bundle{MIMEHTML: html, MIMEText: placeholder(MIMEHTML, len(html))}, "", false)
}

// Markdown shows Markdown text.
func Markdown(md string) { show(Bundle{MIMEMarkdown: md, MIMEText: md}, "", false) }

// SVG shows an SVG image given as its XML text.
func SVG(svg string) { show(Bundle{MIMESVG: svg, MIMEText: placeholder(MIMESVG, len(svg))}, "", false) }

// PNG shows a PNG image given as its encoded bytes.
func PNG(png []byte) { show(imageBundle(MIMEPNG, png), "", false) }

// JPEG shows a JPEG image given as its encoded bytes.
func JPEG(jpeg []byte) { show(imageBundle(MIMEJPEG, jpeg), "", false) }

// JSON shows v as an interactive JSON tree (v is anything encoding/json
// marshals).
func JSON(v any) { show(jsonBundle(v), "", false) }

// Latex shows LaTeX math, e.g. `$\alpha^2$`.
func Latex(tex string) { show(Bundle{MIMELatex: tex, MIMEText: tex}, "", false) }

// Text shows plain text as a display output (not as stdout).
func Text(s string) { show(Bundle{MIMEText: s}, "", false) }

// MIME shows data of one MIME type, e.g. MIME("text/csv", csv).
func MIME(mime string, data any) {
	b := Bundle{mime: data}
	if mime != MIMEText {
		b[MIMEText] = placeholder(mime, -1)
	}
	show(b, "", false)
}

// Clear clears the running cell's output. With wait the old output stays
// until new output replaces it, which is what animations want.
func Clear(wait bool) {
	if s := CurrentSink(); s != nil {
		s.Clear(wait)
	}
}

// Input asks the user for a line of text. In a notebook the front-end shows
// an input box; in a terminal it reads a line from stdin.
func Input(prompt string) (string, error) { return input(prompt, false) }

// Password is Input with the typed text hidden.
func Password(prompt string) (string, error) { return input(prompt, true) }

func input(prompt string, password bool) (string, error) {
	if s := CurrentSink(); s != nil {
		return s.Input(prompt, password)
	}
	return term.ReadLine(prompt)
}
