package plots

import (
	"fmt"
	"image"
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/palette"
	"gonum.org/v1/plot/palette/moreland"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Heatmap draws values[r][c] as a grid of coloured cells: row 0 at the
// top, labelled by rowLabels down the left, columns labelled by colLabels
// along the bottom, with a colour bar at the right. Small grids (up to 150
// cells) print each value in its cell. Values of one sign use a
// sequential colour map; values of both signs a diverging one centred on
// zero. NaN cells are drawn grey. It panics (message starting
// "plots.Heatmap:") when values is empty, rows are ragged, or the label
// counts differ from the grid's size.
func Heatmap(values [][]float64, rowLabels, colLabels []string, title string) *Figure {
	return heatmap("plots.Heatmap", values, rowLabels, colLabels, title, "", "", false, false)
}

// RouterHeatmap draws one layer's router weights for one prompt: rows are
// byte positions, labelled with the bytes (see ByteLabels), columns are
// pathway names, and each cell is the weight the router gave that pathway
// at that position. When every weight lies in [0, 1] the colour scale is
// fixed to [0, 1], so figures of different layers compare. The figure is
// made tall enough for one readable row per byte (up to 2400 px; beyond
// that only every k-th row is labelled). It panics (message starting
// "plots.RouterHeatmap:") on the same bad input as Heatmap.
func RouterHeatmap(values [][]float64, rowLabels, colLabels []string, title string) *Figure {
	return heatmap("plots.RouterHeatmap", values, rowLabels, colLabels, title, "byte (position ↓)", "pathway", true, true)
}

// RouterLayerMeans draws the mean router weight of each pathway (columns,
// named by pathways) in each layer (rows, "layer 0" at the top), with the
// values printed in the cells. It panics (message starting
// "plots.RouterLayerMeans:") on the same bad input as Heatmap.
func RouterLayerMeans(means [][]float64, pathways []string, title string) *Figure {
	rows := make([]string, len(means))
	for i := range rows {
		rows[i] = fmt.Sprintf("layer %d", i)
	}
	return heatmap("plots.RouterLayerMeans", means, rows, pathways, title, "layer", "pathway", true, false)
}

// ByteLabels returns one printable row label per byte of text, for
// RouterHeatmap: printable ASCII as itself, space as "·", newline, tab
// and carriage return as `\n`, `\t`, `\r`, and any other byte as `\xHH`.
func ByteLabels(text []byte) []string {
	out := make([]string, len(text))
	for i, b := range text {
		switch {
		case b == ' ':
			out[i] = "·"
		case b == '\n':
			out[i] = `\n`
		case b == '\t':
			out[i] = `\t`
		case b == '\r':
			out[i] = `\r`
		case b > ' ' && b < 0x7f:
			out[i] = string(rune(b))
		default:
			out[i] = fmt.Sprintf(`\x%02x`, b)
		}
	}
	return out
}

func heatmap(fn string, values [][]float64, rowLabels, colLabels []string, title, ylabel, xlabel string, unit, mono bool) *Figure {
	nr := len(values)
	if nr == 0 {
		panic(fn + ": no rows given")
	}
	nc := len(values[0])
	if nc == 0 {
		panic(fn + ": row 0 is empty")
	}
	for r, row := range values {
		if len(row) != nc {
			panic(fmt.Sprintf("%s: ragged grid: len(values[%d])=%d but len(values[0])=%d", fn, r, len(row), nc))
		}
	}
	if len(rowLabels) != nr {
		panic(fmt.Sprintf("%s: len(rowLabels)=%d but values has %d rows", fn, len(rowLabels), nr))
	}
	if len(colLabels) != nc {
		panic(fmt.Sprintf("%s: len(colLabels)=%d but values has %d columns", fn, len(colLabels), nc))
	}
	lo, hi := math.Inf(1), math.Inf(-1)
	for r, row := range values {
		for c, v := range row {
			if math.IsInf(v, 0) {
				panic(fmt.Sprintf("%s: values[%d][%d] is %v; values must be finite or NaN", fn, r, c, v))
			}
			if !math.IsNaN(v) {
				lo, hi = math.Min(lo, v), math.Max(hi, v)
			}
		}
	}
	if math.IsInf(lo, 1) { // all NaN
		lo, hi = 0, 1
	}
	var cmap palette.ColorMap
	switch {
	case unit && lo >= 0 && hi <= 1:
		lo, hi = 0, 1
		cmap = sequential()
	case lo < 0 && hi > 0:
		m := math.Max(-lo, hi)
		lo, hi = -m, m
		cmap = moreland.SmoothBlueRed()
	default:
		if lo == hi {
			lo, hi = lo-0.5, hi+0.5
		}
		cmap = sequential()
	}
	cmap.SetMin(lo)
	cmap.SetMax(hi)

	p := newPlot(title, xlabel, ylabel)
	cells := &cellPlotter{values: values, cmap: cmap, annotate: nr*nc <= 150}
	p.Add(cells)
	// Row r is drawn at y = nr-1-r so that row 0 is at the top.
	height := DefaultHeight
	if nr > 12 {
		height = min(max(nr*16+170, 300), 2400)
	}
	rowPx := float64(height-170) / float64(nr)
	every := max(1, int(math.Ceil(12/rowPx)))
	rt := make([]plot.Tick, 0, nr)
	for r, l := range rowLabels {
		t := plot.Tick{Value: float64(nr - 1 - r)}
		if r%every == 0 {
			t.Label = l
		}
		rt = append(rt, t)
	}
	ct := make([]plot.Tick, nc)
	for c, l := range colLabels {
		ct[c] = plot.Tick{Value: float64(c), Label: l}
	}
	p.X.Tick.Marker = plot.ConstantTicks(ct)
	p.Y.Tick.Marker = plot.ConstantTicks(rt)
	p.X.Tick.Length, p.Y.Tick.Length = vg.Points(3), vg.Points(3)
	p.X.Min, p.X.Max = -0.5, float64(nc)-0.5
	p.Y.Min, p.Y.Max = -0.5, float64(nr)-0.5
	if nr > 40 {
		p.Y.Tick.Label.Font = font.From(sans, 8)
	}
	if mono {
		// Byte labels line up and stay distinguishable in a fixed-width face.
		p.Y.Tick.Label.Font = font.From(font.Font{Typeface: "Liberation", Variant: "Mono"}, p.Y.Tick.Label.Font.Size)
	}

	f := newFigure(p, fmt.Sprintf("%d×%d heatmap", nr, nc))
	f.Height = height
	f.side, f.sideWidth = &colorBar{cmap: cmap}, 70
	return f
}

// cellPlotter fills one rectangle per grid value: column c spans
// [c-0.5, c+0.5] on x, row r spans [nr-1-r-0.5, nr-1-r+0.5] on y.
type cellPlotter struct {
	values   [][]float64
	cmap     palette.ColorMap
	annotate bool
}

// Plot implements plot.Plotter.
func (h *cellPlotter) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	nr := len(h.values)
	lab := text.Style{
		Font: font.From(sans, 10), XAlign: draw.XCenter, YAlign: draw.YCenter, Handler: p.TextHandler,
	}
	for r, row := range h.values {
		y := float64(nr - 1 - r)
		for col, v := range row {
			x := float64(col)
			var clr color.Color = nanGrey
			if !math.IsNaN(v) {
				clr = mapColor(h.cmap, v)
			}
			x0, x1, y0, y1 := trX(x-0.5), trX(x+0.5), trY(y-0.5), trY(y+0.5)
			c.FillPolygon(clr, []vg.Point{{X: x0, Y: y0}, {X: x1, Y: y0}, {X: x1, Y: y1}, {X: x0, Y: y1}})
			if h.annotate && !math.IsNaN(v) {
				lab.Color = color.Black
				if luminance(clr) < 0.45 {
					lab.Color = color.White
				}
				c.FillText(lab, vg.Point{X: (x0 + x1) / 2, Y: (y0 + y1) / 2}, fmt.Sprintf("%.2f", v))
			}
		}
	}
}

// DataRange implements plot.DataRanger.
func (h *cellPlotter) DataRange() (xmin, xmax, ymin, ymax float64) {
	return -0.5, float64(len(h.values[0])) - 0.5, -0.5, float64(len(h.values)) - 0.5
}

// nanGrey is the colour of NaN cells.
var nanGrey = color.Gray{Y: 190}

// mapColor is cmap's colour for v, clamped to the map's range. gonum's
// reversed maps reject their own end point by rounding (At(Max) fails with
// "value < minimum", which drew the largest cell grey), so an end point
// that fails is nudged inside the range.
func mapColor(cmap palette.ColorMap, v float64) color.Color {
	lo, hi := cmap.Min(), cmap.Max()
	v = math.Min(math.Max(v, lo), hi)
	if c, err := cmap.At(v); err == nil {
		return c
	}
	eps := (hi - lo) * 1e-9
	if c, err := cmap.At(math.Min(math.Max(v, lo+eps), hi-eps)); err == nil {
		return c
	}
	return nanGrey
}

// luminance returns the relative luminance of c in [0, 1].
func luminance(c color.Color) float64 {
	r, g, b, _ := c.RGBA()
	return (0.2126*float64(r) + 0.7152*float64(g) + 0.0722*float64(b)) / 0xffff
}

// sequential returns a white-to-dark-blue colour map with monotonic
// luminance (the ColorBrewer "Blues" end points): small values are light,
// large values dark, and printed values stay legible on either.
func sequential() palette.ColorMap {
	m, err := moreland.NewLuminance([]color.Color{
		color.NRGBA{R: 8, G: 48, B: 107, A: 255},
		color.NRGBA{R: 66, G: 146, B: 198, A: 255},
		color.NRGBA{R: 158, G: 202, B: 225, A: 255},
		color.NRGBA{R: 247, G: 251, B: 255, A: 255},
	})
	if err != nil {
		panic("plots: building the sequential colour map: " + err.Error())
	}
	return palette.Reverse(m)
}

// colorBar is a heatmap's colour legend: a vertical gradient from the
// colour map's Min (bottom) to Max (top) with tick labels on its right.
type colorBar struct {
	cmap palette.ColorMap
}

// draw fills c (a strip the height of the heatmap's data area).
func (b *colorBar) draw(c draw.Canvas) {
	lo, hi := b.cmap.Min(), b.cmap.Max()
	x0, x1 := c.Min.X+vg.Points(8), c.Min.X+vg.Points(20)
	// A raster over the bar, smooth and without seams in PNG and SVG. It
	// has the bar's own aspect ratio, one pixel per CSS pixel: an SVG
	// <image> keeps its raster's aspect ratio (preserveAspectRatio meet),
	// so a 1×256 strip shrank to a 1–2 px line in a browser.
	wpx := max(1, int(math.Round(float64((x1-x0)/vg.Inch)*dpi)))
	n := max(2, int(math.Round(float64((c.Max.Y-c.Min.Y)/vg.Inch)*dpi)))
	img := image.NewNRGBA(image.Rect(0, 0, wpx, n))
	for i := range n {
		clr := mapColor(b.cmap, lo+(hi-lo)*(float64(i)+0.5)/float64(n))
		for x := 0; x < wpx; x++ {
			img.Set(x, n-1-i, clr) // image rows run top-down
		}
	}
	c.DrawImage(vg.Rectangle{Min: vg.Point{X: x0, Y: c.Min.Y}, Max: vg.Point{X: x1, Y: c.Max.Y}}, img)
	edge := draw.LineStyle{Color: color.Gray{Y: 80}, Width: vg.Points(0.5)}
	c.StrokeLines(edge, []vg.Point{{X: x0, Y: c.Min.Y}, {X: x1, Y: c.Min.Y}, {X: x1, Y: c.Max.Y}, {X: x0, Y: c.Max.Y}, {X: x0, Y: c.Min.Y}})
	lab := text.Style{
		Color: color.Black, Font: font.From(sans, 9),
		XAlign: draw.XLeft, YAlign: draw.YCenter, Handler: plot.DefaultTextHandler,
	}
	for _, t := range (niceTicks{}).Ticks(lo, hi) {
		if t.IsMinor() || t.Value < lo || t.Value > hi {
			continue
		}
		y := c.Min.Y + (c.Max.Y-c.Min.Y)*vg.Length((t.Value-lo)/(hi-lo))
		c.StrokeLine2(edge, x1, y, x1+vg.Points(3), y)
		c.FillText(lab, vg.Point{X: x1 + vg.Points(5), Y: y}, t.Label)
	}
}
