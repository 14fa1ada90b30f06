package plots

import (
	"fmt"
	"image/color"
	"math"
	"sort"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// ViolinSeries is one colour of a Violins figure: a sample per group.
type ViolinSeries struct {
	// Name labels the series in the legend ("local").
	Name string
	// Values[g] is the sample of group g; an empty sample draws nothing.
	Values [][]float64
}

// Violins draws distributions as violins: along the x axis one slot per
// group (labelled by groups), inside it one violin per series, coloured
// by series with a legend. Each violin is a mirrored Gaussian kernel
// density estimate (Silverman's bandwidth) cut at the sample's minimum and
// maximum, scaled to the same greatest width, with the median (white
// dot) and the quartiles (dark bar) marked; a sample of one value, or of
// equal values, is a horizontal line. The y range leaves room above the
// data for the legend, and the y ticks stop at the data. It panics
// (message starting "plots.Violins:") when there are no groups or series,
// a series has len(Values) != len(groups), every sample is empty, or a
// value is not finite.
func Violins(groups []string, series ...ViolinSeries) *Figure {
	const fn = "plots.Violins"
	if len(groups) == 0 {
		panic(fn + ": no groups given")
	}
	if len(series) == 0 {
		panic(fn + ": no series given")
	}
	lo, hi := math.Inf(1), math.Inf(-1)
	for i, s := range series {
		if len(s.Values) != len(groups) {
			panic(fmt.Sprintf("%s: series %d (%q) has %d samples but there are %d groups", fn, i, s.Name, len(s.Values), len(groups)))
		}
		for g, v := range s.Values {
			checkFinite(fn, fmt.Sprintf("series %q group %q values", s.Name, groups[g]), v)
			if len(v) > 0 {
				l, h := minMax(v)
				lo, hi = math.Min(lo, l), math.Max(hi, h)
			}
		}
	}
	if math.IsInf(lo, 1) {
		panic(fn + ": every sample is empty")
	}
	if hi <= lo {
		lo, hi = lo-0.5, hi+0.5
	}

	p := newPlot("", "", "value")
	p.Add(grid(false))
	vp := &violinPlotter{groups: len(groups), series: series, lo: lo, hi: hi}
	p.Add(vp)
	for i, s := range series {
		name := s.Name
		if name == "" {
			name = fmt.Sprintf("series %d", i+1)
		}
		p.Legend.Add(name, swatch{colorAt(i), 0.6})
	}
	ticks := make([]plot.Tick, len(groups))
	for g, l := range groups {
		ticks[g] = plot.Tick{Value: float64(g), Label: l}
	}
	p.X.Tick.Marker = plot.ConstantTicks(ticks)
	p.X.Min, p.X.Max = -0.5, float64(len(groups))-0.5
	// Room above the data for the legend (about one text line a series),
	// and y ticks only where there are data, so the extra room does not
	// read as a range of values.
	pad := (hi - lo) * 0.04
	p.Y.Min = lo - pad
	p.Y.Max = hi + pad
	if len(series) > 1 || series[0].Name != "" {
		p.Y.Max = hi + (hi-lo)*(0.1+0.075*float64(len(series)))
	}
	p.Y.Tick.Marker = cappedTicks{max: hi + pad}
	return newFigure(p, count(len(series), "series", "series")+" of violins in "+count(len(groups), "group", "groups"))
}

// violinPlotter draws the violins of a Violins figure.
type violinPlotter struct {
	groups int
	series []ViolinSeries
	lo, hi float64 // the data's range
}

// Plot implements plot.Plotter.
func (v *violinPlotter) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	n := len(v.series)
	slot := 0.84 / float64(n) // of the group's width 1, a margin each side
	sep := draw.LineStyle{Color: color.Gray{Y: 200}, Width: vg.Points(0.5)}
	for g := 1; g < v.groups; g++ {
		x := trX(float64(g) - 0.5)
		c.StrokeLine2(sep, x, c.Min.Y, x, c.Max.Y)
	}
	for i, s := range v.series {
		fill := withAlpha(colorAt(i), 0.6)
		edge := draw.LineStyle{Color: colorAt(i), Width: vg.Points(0.75)}
		for g, vals := range s.Values {
			if len(vals) == 0 {
				continue
			}
			cx := float64(g) - 0.42 + slot*(float64(i)+0.5)
			half := slot * 0.45
			ys, dens := kde(vals, 64)
			if len(ys) == 1 {
				c.StrokeLine2(draw.LineStyle{Color: colorAt(i), Width: vg.Points(2)},
					trX(cx-half), trY(ys[0]), trX(cx+half), trY(ys[0]))
				continue
			}
			peak := 0.0
			for _, d := range dens {
				peak = math.Max(peak, d)
			}
			poly := make([]vg.Point, 0, 2*len(ys))
			for k := range ys {
				poly = append(poly, vg.Point{X: trX(cx + half*dens[k]/peak), Y: trY(ys[k])})
			}
			for k := len(ys) - 1; k >= 0; k-- {
				poly = append(poly, vg.Point{X: trX(cx - half*dens[k]/peak), Y: trY(ys[k])})
			}
			c.FillPolygon(fill, poly)
			c.StrokeLines(edge, append(poly, poly[0]))
			q1, med, q3 := quartiles(vals)
			bar := draw.LineStyle{Color: color.Gray{Y: 40}, Width: vg.Points(3)}
			c.StrokeLine2(bar, trX(cx), trY(q1), trX(cx), trY(q3))
			c.DrawGlyph(draw.GlyphStyle{Color: color.White, Radius: vg.Points(2), Shape: draw.CircleGlyph{}},
				vg.Point{X: trX(cx), Y: trY(med)})
		}
	}
}

// DataRange implements plot.DataRanger.
func (v *violinPlotter) DataRange() (xmin, xmax, ymin, ymax float64) {
	return -0.5, float64(v.groups) - 0.5, v.lo, v.hi
}

// kde returns a Gaussian kernel density estimate of vals at n points
// spread evenly from the sample's minimum to its maximum (one point when
// they are equal). Samples are binned into 512 bins first, so the cost
// does not grow with the sample (violins of 10⁴ per-position weights).
func kde(vals []float64, n int) (ys, dens []float64) {
	lo, hi := minMax(vals)
	if hi <= lo {
		return []float64{lo}, []float64{1}
	}
	mean, sd := 0.0, 0.0
	for _, v := range vals {
		mean += v / float64(len(vals))
	}
	for _, v := range vals {
		sd += (v - mean) * (v - mean)
	}
	sd = math.Sqrt(sd / float64(max(len(vals)-1, 1)))
	q1, _, q3 := quartiles(vals)
	spread := sd
	if iqr := (q3 - q1) / 1.34; iqr > 0 && iqr < spread {
		spread = iqr
	}
	// Silverman's rule of thumb; never narrower than a bin, so that a
	// sample concentrated on few values still gives a smooth outline.
	const nb = 512
	bw := (hi - lo) / nb
	h := math.Max(0.9*spread*math.Pow(float64(len(vals)), -0.2), bw)
	counts := make([]float64, nb)
	for _, v := range vals {
		counts[min(int((v-lo)/bw), nb-1)]++
	}
	ys, dens = make([]float64, n), make([]float64, n)
	norm := 1 / (float64(len(vals)) * h * math.Sqrt(2*math.Pi))
	for k := range ys {
		y := lo + (hi-lo)*float64(k)/float64(n-1)
		var d float64
		for b, cnt := range counts {
			if cnt == 0 {
				continue
			}
			z := (y - (lo + (float64(b)+0.5)*bw)) / h
			d += cnt * math.Exp(-z*z/2)
		}
		ys[k], dens[k] = y, d*norm
	}
	return ys, dens
}

// quartiles returns the 25th, 50th and 75th percentiles of vals (linear
// interpolation between order statistics).
func quartiles(vals []float64) (q1, med, q3 float64) {
	s := append([]float64(nil), vals...)
	sort.Float64s(s)
	at := func(q float64) float64 {
		x := q * float64(len(s)-1)
		i := int(x)
		if i+1 >= len(s) {
			return s[len(s)-1]
		}
		return s[i] + (s[i+1]-s[i])*(x-float64(i))
	}
	return at(0.25), at(0.5), at(0.75)
}

// swatch is a legend thumbnail: a filled rectangle of one colour at the
// opacity of the data it names.
type swatch struct {
	c     color.Color
	alpha float64
}

// Thumbnail implements plot.Thumbnailer.
func (s swatch) Thumbnail(c *draw.Canvas) {
	c.FillPolygon(withAlpha(s.c, s.alpha), []vg.Point{
		{X: c.Min.X, Y: c.Min.Y}, {X: c.Max.X, Y: c.Min.Y}, {X: c.Max.X, Y: c.Max.Y}, {X: c.Min.X, Y: c.Max.Y},
	})
}

// cappedTicks is niceTicks without the ticks above max (the legend's
// head-room).
type cappedTicks struct{ max float64 }

// Ticks implements plot.Ticker.
func (t cappedTicks) Ticks(lo, hi float64) []plot.Tick {
	var out []plot.Tick
	for _, tk := range (niceTicks{}).Ticks(lo, hi) {
		if tk.Value <= t.max {
			out = append(out, tk)
		}
	}
	return out
}
