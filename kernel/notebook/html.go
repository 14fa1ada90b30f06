package notebook

import (
	"encoding/json"
	"fmt"
	"html"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
)

// HTML report of a notebook: one self-contained file (no scripts, no
// external style sheets or images) to share an executed notebook with
// someone who has no Jupyter — the figures are inline PNGs
// (<img src="data:image/png;base64,…">). `trigo run NB --html OUT.html`
// writes it. It is rendered here, in Go, rather than by
// `jupyter nbconvert --to html`, so that it needs nothing but the trigo
// binary and is the same on every machine; nbconvert still works on the
// written .ipynb for those who prefer its look.

// displayOrder is the MIME type shown for a display output holding several,
// richest first — nbconvert's order, except that a PNG comes before an SVG
// (Trigo figures carry both only after WithSVG; the PNG is what the report
// promises).
var displayOrder = []string{"text/html", "image/png", "image/jpeg", "image/svg+xml", "text/markdown", "text/latex", "application/json", "text/plain"}

// WriteHTML writes nb as a self-contained HTML page titled title: each
// markdown cell rendered (MarkdownHTML), each code cell's source with its
// In [n] and its outputs — streams and errors as preformatted text (ANSI
// colours removed), displays in their richest form: images inline as data
// URLs, HTML as is (outputs of the notebook's own cells, trusted as
// Jupyter trusts a notebook it executed), Markdown rendered, anything else
// as text. Raw cells and cells tagged "remove-cell" are left out; a cell
// tagged "remove-input" shows its outputs only.
func WriteHTML(w io.Writer, nb *Notebook, title string) error {
	var b strings.Builder
	b.WriteString("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
	b.WriteString("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
	fmt.Fprintf(&b, "<meta name=\"generator\" content=\"trigo run --html\">\n<title>%s</title>\n<style>%s</style>\n</head>\n<body>\n<main>\n",
		html.EscapeString(title), reportCSS)
	for _, c := range nb.Cells {
		if c.HasTag("remove-cell") {
			continue
		}
		switch c.Type {
		case Markdown:
			b.WriteString("<section class=\"cell markdown\">\n" + MarkdownHTML(c.Source) + "</section>\n")
		case Code:
			if strings.TrimSpace(c.Source) == "" && len(c.Outputs) == 0 {
				continue
			}
			b.WriteString("<section class=\"cell code\">\n")
			if !c.HasTag("remove-input") {
				n := " "
				if c.Count > 0 {
					n = fmt.Sprint(c.Count)
				}
				fmt.Fprintf(&b, "<div class=\"in\"><span class=\"prompt\">In [%s]:</span><pre><code class=\"language-go\">%s</code></pre></div>\n",
					n, html.EscapeString(strings.TrimRight(c.Source, "\n")))
			}
			if len(c.Outputs) > 0 {
				b.WriteString("<div class=\"out\">\n")
				for _, o := range c.Outputs {
					b.WriteString(outputHTML(o))
				}
				b.WriteString("</div>\n")
			}
			b.WriteString("</section>\n")
		}
	}
	b.WriteString("</main>\n</body>\n</html>\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// WriteHTMLFile writes the report of nb to path (see WriteHTML), titled
// with the notebook's first heading, or else its file name.
func WriteHTMLFile(path string, nb *Notebook) error {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("html report: %v", err)
	}
	if err := WriteHTML(f, nb, Title(nb, strings.TrimSuffix(filepath.Base(path), filepath.Ext(path)))); err != nil {
		f.Close()
		return fmt.Errorf("html report %s: %v", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("html report %s: %v", path, err)
	}
	return nil
}

// Title is the text of the notebook's first Markdown heading, or def.
func Title(nb *Notebook, def string) string {
	for _, c := range nb.Cells {
		if c.Type != Markdown {
			continue
		}
		for _, l := range strings.Split(c.Source, "\n") {
			if m := headingRE.FindStringSubmatch(strings.TrimSpace(l)); m != nil {
				return stripInline(strings.TrimSpace(strings.TrimRight(m[2], "#")))
			}
		}
	}
	return def
}

// stripInline removes the Markdown marks a title may carry.
func stripInline(s string) string {
	return strings.NewReplacer("`", "", "**", "", "__", "").Replace(s)
}

var ansiRE = regexp.MustCompile("\x1b\\[[0-9;]*[A-Za-z]")

// stripANSI removes terminal colour codes (tracebacks carry them).
func stripANSI(s string) string { return ansiRE.ReplaceAllString(s, "") }

func outputHTML(o *Output) string {
	switch o.Type {
	case Stream:
		cls := "stream"
		if o.Name == "stderr" {
			cls += " stderr"
		}
		return "<pre class=\"" + cls + "\">" + html.EscapeString(stripANSI(o.Text)) + "</pre>\n"
	case ErrorOutput:
		tb := stripANSI(strings.Join(o.Traceback, "\n"))
		if strings.TrimSpace(tb) == "" {
			tb = o.EName + ": " + o.EValue
		}
		return "<pre class=\"error\">" + html.EscapeString(tb) + "</pre>\n"
	case DisplayData, ExecuteResult:
		for _, mime := range displayOrder {
			v, ok := o.Data[mime]
			if !ok {
				continue
			}
			s := dataText(v)
			switch mime {
			case "text/html":
				return "<div class=\"display html\">" + s + "</div>\n"
			case "image/png", "image/jpeg":
				return "<div class=\"display image\"><img src=\"data:" + mime + ";base64," + strings.Join(strings.Fields(s), "") + "\" alt=\"" +
					html.EscapeString(firstLineOf(dataText(o.Data["text/plain"]))) + "\"></div>\n"
			case "image/svg+xml":
				return "<div class=\"display image\">" + s + "</div>\n"
			case "text/markdown":
				return "<div class=\"display markdown\">" + MarkdownHTML(s) + "</div>\n"
			default:
				return "<pre class=\"display text\">" + html.EscapeString(stripANSI(s)) + "</pre>\n"
			}
		}
	}
	return ""
}

// dataText is a MIME bundle value as text: strings as they are, lists of
// lines joined, JSON values indented.
func dataText(v any) string {
	switch t := v.(type) {
	case nil:
		return ""
	case string:
		return t
	case []any:
		var b strings.Builder
		for _, x := range t {
			if s, ok := x.(string); ok {
				b.WriteString(s)
			}
		}
		return b.String()
	}
	j, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(j)
}

func firstLineOf(s string) string {
	s, _, _ = strings.Cut(strings.TrimSpace(s), "\n")
	return s
}

// reportCSS is the report's whole style: readable text at about the width
// of a notebook, figures scaled down to fit a narrow screen.
const reportCSS = `
body{margin:0;background:#fff;color:#1b1b1b;font:15px/1.55 -apple-system,"Segoe UI","Liberation Sans",Helvetica,Arial,sans-serif}
main{max-width:960px;margin:0 auto;padding:24px 20px 64px}
h1,h2,h3,h4{line-height:1.25;margin:1.4em 0 .5em}
h1{font-size:1.9em;border-bottom:1px solid #ddd;padding-bottom:.2em}
code,pre{font:13px/1.45 "DejaVu Sans Mono","Liberation Mono",Menlo,Consolas,monospace}
p code,li code,td code{background:#f2f2f2;padding:.1em .3em;border-radius:3px}
pre{margin:0;padding:8px 10px;overflow-x:auto;white-space:pre-wrap;word-break:break-word}
.cell{margin:10px 0}
.in{position:relative;background:#f7f7f9;border:1px solid #e1e1e8;border-radius:4px}
.in .prompt{position:absolute;right:8px;top:4px;color:#8a8a8a;font-size:11px}
.out{padding:4px 0 4px 12px;border-left:3px solid #e8eef7}
.stderr{background:#fff5f5}
.error{background:#fdecec;color:#8b0000}
.display.image img{max-width:100%;height:auto;display:block;margin:6px 0}
table{border-collapse:collapse;margin:8px 0;font-size:14px}
th,td{border:1px solid #d6d6d6;padding:3px 8px}
th{background:#f3f3f3}
blockquote{margin:8px 0;padding:0 12px;border-left:4px solid #ccc;color:#555}
`
