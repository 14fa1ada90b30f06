package plots

import (
	"fmt"

	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Series is one training run's loss history: a training curve and an
// optional validation curve. Step and ValidStep give the x values; when
// nil, the points are numbered 1, 2, 3, ….
type Series struct {
	// Name labels the run in the legend ("lite-fp32 seed 1").
	Name string
	// Step holds the x value of each Train point (nil: 1…len(Train)).
	Step []float64
	// Train holds the training loss.
	Train []float64
	// ValidStep holds the x value of each Valid point (nil: 1…len(Valid)).
	ValidStep []float64
	// Valid holds the validation loss; empty when there is none.
	Valid []float64
}

// Loss draws one or more runs' loss curves: each run gets one colour, its
// training loss a solid line and its validation loss a dashed line with
// markers. The legend names each curve "NAME train" / "NAME valid".
// It panics (message starting "plots.Loss:") when there is no run, a run
// has no training points, lengths of steps and values differ, or a value
// is not finite.
func Loss(runs ...Series) *Figure {
	const fn = "plots.Loss"
	if len(runs) == 0 {
		panic(fn + ": no runs given")
	}
	p := newPlot("Loss", "step", "loss")
	p.Add(grid(true))
	for i, r := range runs {
		name := r.Name
		if name == "" {
			name = fmt.Sprintf("run %d", i+1)
		}
		if len(r.Train) == 0 {
			panic(fmt.Sprintf("%s: run %q has no Train values", fn, name))
		}
		train := xys(fn, name+" Step", r.Step, name+" Train", r.Train)
		l, err := plotter.NewLine(train)
		if err != nil {
			panic(fmt.Sprintf("%s: run %q: %v", fn, name, err))
		}
		l.Color = colorAt(i)
		l.Width = vg.Points(1.5)
		p.Add(l)
		if len(runs) == 1 && len(r.Valid) == 0 {
			p.Legend.Add(name, l)
		} else {
			p.Legend.Add(name+" train", l)
		}
		if len(r.Valid) == 0 {
			if len(r.ValidStep) != 0 {
				panic(fmt.Sprintf("%s: run %q has %d ValidStep values but no Valid values", fn, name, len(r.ValidStep)))
			}
			continue
		}
		valid := xys(fn, name+" ValidStep", r.ValidStep, name+" Valid", r.Valid)
		vl, vs, err := plotter.NewLinePoints(valid)
		if err != nil {
			panic(fmt.Sprintf("%s: run %q: %v", fn, name, err))
		}
		vl.Color = colorAt(i)
		vl.Width = vg.Points(1.5)
		vl.Dashes = []vg.Length{vg.Points(5), vg.Points(3)}
		vs.Color = colorAt(i)
		vs.Shape = draw.CircleGlyph{}
		vs.Radius = vg.Points(2.5)
		if len(valid) > 60 {
			vs.Radius = 0 // markers would merge into a band
		}
		p.Add(vl, vs)
		p.Legend.Add(name+" valid", vl, vs)
	}
	return newFigure(p, count(len(runs), "series", "series"))
}

// xys pairs x and y values; a nil x numbers the points 1, 2, 3, ….
func xys(fn, xname string, x []float64, yname string, y []float64) plotter.XYs {
	if x != nil && len(x) != len(y) {
		panic(fmt.Sprintf("%s: len(%s)=%d but len(%s)=%d", fn, xname, len(x), yname, len(y)))
	}
	checkFinite(fn, yname, y)
	checkFinite(fn, xname, x)
	pts := make(plotter.XYs, len(y))
	for i := range y {
		pts[i].Y = y[i]
		if x != nil {
			pts[i].X = x[i]
		} else {
			pts[i].X = float64(i + 1)
		}
	}
	return pts
}
