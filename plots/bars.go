package plots

import (
	"fmt"
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// BarSeries is one set of bars in GroupedBars: one value per group, with
// optional error-bar ends.
type BarSeries struct {
	// Name labels the series in the legend ("router_entropy_mean").
	Name string
	// Values holds one bar height per group.
	Values []float64
	// Lo and Hi are the lower and upper ends of each bar's error bar, in
	// the units of Values (e.g. a bootstrap interval) — not offsets from
	// the value. Both nil: no error bars.
	Lo, Hi []float64
}

// Bars draws one bar per label with optional error bars and prints each
// value above its bar. errLo and errHi are the lower and upper ends of
// the error bars in data units (e.g. BootstrapAUROC's lo and hi), not
// offsets; pass nil for both to draw none. It panics (message starting
// "plots.Bars:") when labels is empty, lengths differ, a value is not
// finite, or errLo[i] > values[i] or errHi[i] < values[i].
func Bars(labels []string, values, errLo, errHi []float64) *Figure {
	return barFigure("plots.Bars", labels, []BarSeries{{Values: values, Lo: errLo, Hi: errHi}})
}

// GroupedBars draws, for each group, one bar per series side by side
// (e.g. groups = regimes, series = signals), with a legend naming the
// series and optional error bars. It panics (message starting
// "plots.GroupedBars:") on the same bad input as Bars, or when there is
// no series.
func GroupedBars(groups []string, series ...BarSeries) *Figure {
	if len(series) == 0 {
		panic("plots.GroupedBars: no series given")
	}
	return barFigure("plots.GroupedBars", groups, series)
}

func barFigure(fn string, labels []string, series []BarSeries) *Figure {
	if len(labels) == 0 {
		panic(fn + ": no labels given")
	}
	p := newPlot("", "", "value")
	p.Add(grid(false))
	n := len(series)
	const groupWidth = 0.8
	w := groupWidth / float64(n)
	lo, hi := 0.0, 0.0
	for k, s := range series {
		what, labelsName := "values", "labels"
		if fn == "plots.GroupedBars" {
			what, labelsName = fmt.Sprintf("series %q Values", s.Name), "groups"
		}
		if len(s.Values) != len(labels) {
			panic(fmt.Sprintf("%s: len(%s)=%d but len(%s)=%d", fn, what, len(s.Values), labelsName, len(labels)))
		}
		checkFinite(fn, what, s.Values)
		if (s.Lo == nil) != (s.Hi == nil) {
			panic(fmt.Sprintf("%s: give both error-bar ends or neither (lo has %d, hi has %d values)", fn, len(s.Lo), len(s.Hi)))
		}
		if s.Lo != nil {
			if len(s.Lo) != len(s.Values) || len(s.Hi) != len(s.Values) {
				panic(fmt.Sprintf("%s: len(%s)=%d but error bars have len(lo)=%d, len(hi)=%d", fn, what, len(s.Values), len(s.Lo), len(s.Hi)))
			}
			checkFinite(fn, "error-bar lo", s.Lo)
			checkFinite(fn, "error-bar hi", s.Hi)
			for i := range s.Values {
				if s.Lo[i] > s.Values[i] || s.Hi[i] < s.Values[i] {
					panic(fmt.Sprintf("%s: bar %d: value %g lies outside its error bar [%g, %g]; lo and hi are the bar's ends, not offsets", fn, i, s.Values[i], s.Lo[i], s.Hi[i]))
				}
			}
		}
		b := &barPlotter{
			values: s.Values, lo: s.Lo, hi: s.Hi,
			offset: -groupWidth/2 + w*(float64(k)+0.5),
			width:  w * 0.92,
			fill:   colorAt(k),
			label:  len(labels)*n <= 24,
		}
		bl, bh := b.yRange()
		lo, hi = math.Min(lo, bl), math.Max(hi, bh)
		p.Add(b)
		if n > 1 {
			name := s.Name
			if name == "" {
				name = fmt.Sprintf("series %d", k+1)
			}
			p.Legend.Add(name, b)
		}
	}
	p.NominalX(labels...)
	p.X.Min, p.X.Max = -0.5, float64(len(labels))-0.5
	// Head-room for the value labels and the legend.
	p.Y.Min, p.Y.Max = lo, hi+(hi-lo)*0.12
	if hi == lo {
		p.Y.Max = hi + 1
	}
	what := count(len(labels), "bar", "bars")
	if n > 1 {
		what = count(len(labels), "group", "groups") + " × " + count(n, "series", "series")
	}
	f := newFigure(p, what)
	if n > 1 {
		f.Plot.Y.Max = hi + (hi-lo)*0.25
	}
	return f
}

// barPlotter draws bars of width `width` (data units) centred at
// i+offset, from 0 to values[i], with optional error bars and value labels.
type barPlotter struct {
	values, lo, hi []float64
	offset, width  float64
	fill           color.Color
	label          bool
}

func (b *barPlotter) yRange() (lo, hi float64) {
	for i, v := range b.values {
		lo, hi = math.Min(lo, v), math.Max(hi, v)
		if b.hi != nil {
			lo, hi = math.Min(lo, b.lo[i]), math.Max(hi, b.hi[i])
		}
	}
	return lo, hi
}

// Plot implements plot.Plotter.
func (b *barPlotter) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	edge := draw.LineStyle{Color: color.Gray{Y: 60}, Width: vg.Points(0.5)}
	errSty := draw.LineStyle{Color: color.Black, Width: vg.Points(1)}
	lab := text.Style{
		Color: color.Black, Font: font.From(sans, 9),
		XAlign: draw.XCenter, YAlign: draw.YBottom, Handler: p.TextHandler,
	}
	for i, v := range b.values {
		x := float64(i) + b.offset
		x0, x1 := trX(x-b.width/2), trX(x+b.width/2)
		y0, y1 := trY(0), trY(v)
		pts := []vg.Point{{X: x0, Y: y0}, {X: x1, Y: y0}, {X: x1, Y: y1}, {X: x0, Y: y1}}
		c.FillPolygon(b.fill, c.ClipPolygonXY(pts))
		c.StrokeLines(edge, c.ClipLinesXY(append(pts, pts[0]))...)
		top := y1
		if b.hi != nil {
			xm := trX(x)
			cap := (x1 - x0) / 4
			lo, hi := trY(b.lo[i]), trY(b.hi[i])
			c.StrokeLine2(errSty, xm, lo, xm, hi)
			c.StrokeLine2(errSty, xm-cap, lo, xm+cap, lo)
			c.StrokeLine2(errSty, xm-cap, hi, xm+cap, hi)
			top = max(top, hi)
		}
		if b.label {
			c.FillText(lab, vg.Point{X: trX(x), Y: top + vg.Points(2)}, formatValue(v))
		}
	}
}

// DataRange implements plot.DataRanger.
func (b *barPlotter) DataRange() (xmin, xmax, ymin, ymax float64) {
	lo, hi := b.yRange()
	return -0.5, float64(len(b.values)) - 0.5, lo, hi
}

// Thumbnail implements plot.Thumbnailer for the legend.
func (b *barPlotter) Thumbnail(c *draw.Canvas) {
	pts := []vg.Point{{X: c.Min.X, Y: c.Min.Y}, {X: c.Max.X, Y: c.Min.Y}, {X: c.Max.X, Y: c.Max.Y}, {X: c.Min.X, Y: c.Max.Y}}
	c.FillPolygon(b.fill, pts)
}

// formatValue prints v compactly: 3 decimals below 10, fewer above.
func formatValue(v float64) string {
	switch a := math.Abs(v); {
	case a == 0:
		return "0"
	case a < 10:
		return fmt.Sprintf("%.3f", v)
	case a < 1000:
		return fmt.Sprintf("%.1f", v)
	default:
		return fmt.Sprintf("%.3g", v)
	}
}
