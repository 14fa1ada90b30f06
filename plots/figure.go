package plots

import (
	"bytes"
	"fmt"
	"image/color"
	"os"
	"path/filepath"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgeps"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgpdf"
	"gonum.org/v1/plot/vg/vgsvg"
)

// DefaultWidth and DefaultHeight are the pixel size of a new Figure:
// a notebook output area is about 800 px wide.
const (
	DefaultWidth  = 800
	DefaultHeight = 500
)

// dpi is the resolution PNGs are rendered at; with it one pixel is 0.75 pt,
// so a Figure's Width and Height are the PNG's size in pixels and the SVG's
// size in CSS pixels.
const dpi = 96

// Figure is one chart, ready to render. Build it with Loss, ROC,
// Histogram, Histograms, Bars, GroupedBars, Heatmap, RouterHeatmap or
// RouterLayerMeans; adjust it with the With… methods or by setting the
// fields; render it with PNG, SVG or Save.
type Figure struct {
	// Width and Height are the rendered size in pixels.
	Width, Height int

	// Plot is the underlying gonum plot, for adjustments this package
	// does not wrap.
	Plot *plot.Plot

	// side is an optional heatmap colour bar, drawn in a strip sideWidth
	// pixels wide at the right of the figure.
	side      *colorBar
	sideWidth int

	// what says what the figure holds ("2 series", "2×3 heatmap"), for
	// String.
	what string
	// svg adds image/svg+xml to the notebook display (WithSVG).
	svg bool
}

func newFigure(p *plot.Plot, what string) *Figure {
	return &Figure{Width: DefaultWidth, Height: DefaultHeight, Plot: p, what: what}
}

// count is "1 series" or "n series" style wording: n and the noun, with
// plural when n != 1.
func count(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// String describes the figure in one line, which is what a text-only
// frontend (jupyter console, a log) shows for it:
//
//	Figure "Loss" 800×500 — 2 series
func (f *Figure) String() string {
	if f == nil {
		return "Figure(nil)"
	}
	w, h := f.Width, f.Height
	if w <= 0 {
		w = DefaultWidth
	}
	if h <= 0 {
		h = DefaultHeight
	}
	s := "Figure"
	if f.Plot != nil && f.Plot.Title.Text != "" {
		s += fmt.Sprintf(" %q", f.Plot.Title.Text)
	}
	s += fmt.Sprintf(" %d×%d", w, h)
	if f.what != "" {
		s += " — " + f.what
	}
	return s
}

// MIMEBundle is what a notebook shows for the figure: a PNG and the
// String line, and the SVG too after WithSVG. PNG comes first because it
// survives everywhere a notebook goes — nbconvert's HTML export (which
// prefers SVG and then loses its paths), GitHub's and VS Code's viewers.
func (f *Figure) MIMEBundle() map[string]any {
	b := map[string]any{"image/png": f.PNG(), "text/plain": f.String()}
	if f.svg {
		b["image/svg+xml"] = f.SVG()
	}
	return b
}

// WithSVG makes the notebook display carry the SVG as well as the PNG and
// returns the figure, for chaining. A live notebook then draws the vector
// version (crisp when zoomed); an HTML export made with nbconvert shows
// such a figure blank, so leave it off for notebooks that are exported.
func (f *Figure) WithSVG() *Figure {
	f.svg = true
	return f
}

// WithSize sets the size in pixels and returns the figure, for chaining.
func (f *Figure) WithSize(width, height int) *Figure {
	if width <= 0 || height <= 0 {
		panic(fmt.Sprintf("plots.Figure.WithSize: size must be positive, got %d×%d", width, height))
	}
	f.Width, f.Height = width, height
	return f
}

// WithTitle sets the title and returns the figure, for chaining.
func (f *Figure) WithTitle(title string) *Figure {
	f.Plot.Title.Text = title
	return f
}

// WithXLabel sets the x-axis label and returns the figure, for chaining.
func (f *Figure) WithXLabel(label string) *Figure {
	f.Plot.X.Label.Text = label
	return f
}

// WithYLabel sets the y-axis label and returns the figure, for chaining.
func (f *Figure) WithYLabel(label string) *Figure {
	f.Plot.Y.Label.Text = label
	return f
}

// WithYRange fixes the y-axis range and returns the figure, for chaining.
func (f *Figure) WithYRange(min, max float64) *Figure {
	if !(min < max) {
		panic(fmt.Sprintf("plots.Figure.WithYRange: need min < max, got [%g, %g]", min, max))
	}
	f.Plot.Y.Min, f.Plot.Y.Max = min, max
	return f
}

// WithLogY switches the y axis to a logarithmic scale and returns the
// figure, for chaining. All y values must then be positive.
func (f *Figure) WithLogY() *Figure {
	f.Plot.Y.Scale = plot.LogScale{}
	f.Plot.Y.Tick.Marker = plot.LogTicks{Prec: -1}
	return f
}

// size returns the figure's size in points.
func (f *Figure) size() (w, h vg.Length) {
	width, height := f.Width, f.Height
	if width <= 0 {
		width = DefaultWidth
	}
	if height <= 0 {
		height = DefaultHeight
	}
	return px(width), px(height)
}

// px converts pixels at dpi to points.
func px(n int) vg.Length { return vg.Length(n) * vg.Inch / dpi }

// draw renders the figure onto c.
func (f *Figure) draw(c vg.CanvasSizer) {
	dc := draw.New(c)
	// A white page behind everything, also under the colour-bar strip.
	w, h := c.Size()
	dc.FillPolygon(color.White, []vg.Point{{X: 0, Y: 0}, {X: w, Y: 0}, {X: w, Y: h}, {X: 0, Y: h}})
	if f.side == nil {
		f.Plot.Draw(dc)
		return
	}
	sw := px(f.sideWidth)
	main := draw.Crop(dc, 0, -sw, 0, 0)
	f.Plot.Draw(main)
	// The colour bar spans the main plot's data area vertically.
	da := f.Plot.DataCanvas(main)
	side := draw.Crop(dc, w-sw, 0, 0, 0)
	side.Min.Y, side.Max.Y = da.Min.Y, da.Max.Y
	f.side.draw(side)
}

// render draws the figure in the given format: png, svg, pdf, eps, jpg, tif.
func (f *Figure) render(format string) ([]byte, error) {
	w, h := f.size()
	var c vg.CanvasWriterTo
	switch strings.ToLower(format) {
	case "png":
		c = vgimg.PngCanvas{Canvas: vgimg.NewWith(vgimg.UseWH(w, h), vgimg.UseDPI(dpi))}
	case "jpg", "jpeg":
		c = vgimg.JpegCanvas{Canvas: vgimg.NewWith(vgimg.UseWH(w, h), vgimg.UseDPI(dpi))}
	case "tif", "tiff":
		c = vgimg.TiffCanvas{Canvas: vgimg.NewWith(vgimg.UseWH(w, h), vgimg.UseDPI(dpi))}
	case "svg":
		c = vgsvg.New(w, h)
	case "pdf":
		c = vgpdf.New(w, h)
	case "eps":
		c = vgeps.New(w, h)
	default:
		return nil, fmt.Errorf("plots: unsupported format %q (want png, svg, pdf, eps, jpg or tif)", format)
	}
	f.draw(c)
	var buf bytes.Buffer
	if _, err := c.WriteTo(&buf); err != nil {
		return nil, fmt.Errorf("plots: rendering %s: %w", format, err)
	}
	return buf.Bytes(), nil
}

// PNG renders the figure as a PNG image Width×Height pixels large.
func (f *Figure) PNG() []byte {
	b, err := f.render("png")
	if err != nil {
		// Writing to a bytes.Buffer cannot fail; an error here is a bug.
		panic(err)
	}
	return b
}

// SVG renders the figure as an SVG document (starting with "<svg"),
// Width×Height CSS pixels large.
func (f *Figure) SVG() string {
	b, err := f.render("svg")
	if err != nil {
		panic(err)
	}
	s := string(b)
	// Drop the XML prolog and generator comment so the document can be
	// inlined into HTML as is.
	if i := strings.Index(s, "<svg"); i > 0 {
		s = s[i:]
	}
	return s
}

// Save writes the figure to path; the extension chooses the format:
// .png, .svg, .pdf, .eps, .jpg/.jpeg or .tif/.tiff. The file is written
// to a temporary name first and renamed, so a reader never sees half a
// file.
func (f *Figure) Save(path string) error {
	ext := strings.TrimPrefix(filepath.Ext(path), ".")
	if ext == "" {
		return fmt.Errorf("plots: Save %s: no extension to choose the format from", path)
	}
	b, err := f.render(ext)
	if err != nil {
		return fmt.Errorf("plots: Save %s: %w", path, err)
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, b, 0o644); err != nil {
		return fmt.Errorf("plots: Save %s: %w", path, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("plots: Save %s: %w", path, err)
	}
	return nil
}
