package plots

import (
	"fmt"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// RouterAlong draws one prompt's router weights along its bytes as
// stacked columns: x is the byte position (labelled with the bytes, see
// ByteLabels; every k-th byte when there are too many to read), y the
// weight, and each position's column is split into one coloured band per
// pathway, bottom to top in the order of pathways. Weights of a position
// should sum to 1 (a router's output); the y axis spans [0, max sum].
// The legend sits in a margin right of the last byte, so it covers no
// data. Wide and short sizes suit it (e.g. 800×220 per layer, tiled with
// Tile). It panics (message starting "plots.RouterAlong:") when weights
// is empty or ragged, the label counts differ from its size, or a weight
// is negative or not finite.
func RouterAlong(weights [][]float64, byteLabels, pathways []string, title string) *Figure {
	const fn = "plots.RouterAlong"
	n := len(weights)
	if n == 0 {
		panic(fn + ": no positions given")
	}
	P := len(weights[0])
	if P == 0 {
		panic(fn + ": position 0 has no weights")
	}
	if len(byteLabels) != n {
		panic(fmt.Sprintf("%s: len(byteLabels)=%d but weights has %d positions", fn, len(byteLabels), n))
	}
	if len(pathways) != P {
		panic(fmt.Sprintf("%s: len(pathways)=%d but weights has %d per position", fn, len(pathways), P))
	}
	top := 0.0
	for t, row := range weights {
		if len(row) != P {
			panic(fmt.Sprintf("%s: ragged weights: len(weights[%d])=%d but len(weights[0])=%d", fn, t, len(row), P))
		}
		s := 0.0
		for k, w := range row {
			if math.IsNaN(w) || math.IsInf(w, 0) || w < 0 {
				panic(fmt.Sprintf("%s: weights[%d][%d] is %v; weights must be finite and ≥ 0", fn, t, k, w))
			}
			s += w
		}
		top = math.Max(top, s)
	}
	if top == 0 {
		top = 1
	}
	p := newPlot(title, "byte (position →)", "router weight")
	p.Add(&stackPlotter{weights: weights, top: top})
	for k, name := range pathways {
		p.Legend.Add(name, swatch{colorAt(k), bandAlpha})
	}
	// A margin right of the data for the legend: about 14 % of the width.
	p.X.Min, p.X.Max = -0.5, float64(n)-0.5+math.Max(3, 0.16*float64(n))
	p.Y.Min, p.Y.Max = 0, top
	every := max(1, int(math.Ceil(float64(n)/90)))
	ticks := make([]plot.Tick, n)
	for t, l := range byteLabels {
		ticks[t] = plot.Tick{Value: float64(t)}
		if t%every == 0 {
			ticks[t].Label = l
		}
	}
	p.X.Tick.Marker = plot.ConstantTicks(ticks)
	p.X.Tick.Length = vg.Points(2)
	size := 9.0
	if n > 70 {
		size = 7
	}
	p.X.Tick.Label.Font = font.From(font.Font{Typeface: "Liberation", Variant: "Mono"}, vg.Points(size))
	f := newFigure(p, fmt.Sprintf("%s along %s", count(P, "pathway", "pathways"), count(n, "byte", "bytes")))
	f.Height = 240
	return f
}

// bandAlpha is the opacity of RouterAlong's bands (and legend swatches).
const bandAlpha = 0.85

// stackPlotter fills, at each position t, one rectangle per pathway
// spanning [t-0.5, t+0.5] on x and the running sum of the weights on y.
type stackPlotter struct {
	weights [][]float64
	top     float64
}

// Plot implements plot.Plotter.
func (s *stackPlotter) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	for t, row := range s.weights {
		x0, x1 := trX(float64(t)-0.5), trX(float64(t)+0.5)
		y := 0.0
		for k, w := range row {
			y0, y1 := trY(y), trY(y+w)
			c.FillPolygon(withAlpha(colorAt(k), bandAlpha), []vg.Point{{X: x0, Y: y0}, {X: x1, Y: y0}, {X: x1, Y: y1}, {X: x0, Y: y1}})
			y += w
		}
	}
}

// DataRange implements plot.DataRanger.
func (s *stackPlotter) DataRange() (xmin, xmax, ymin, ymax float64) {
	return -0.5, float64(len(s.weights)) - 0.5, 0, s.top
}
