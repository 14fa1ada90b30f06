package plots

import (
	"fmt"

	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// CurveGroup is one family of runs in Curves — one model's seeds, say:
// every run is drawn in the group's colour, told apart by its dash pattern.
type CurveGroup struct {
	// Name labels the group in the legend ("lite-fp32").
	Name string
	// Labels name the runs ("seed 1"); the legend shows "Name Label".
	Labels []string
	// X and Y hold each run's points: run i is X[i], Y[i].
	X, Y [][]float64
}

// runDashes are the dash patterns of a group's runs, in order.
var runDashes = [][]vg.Length{
	nil,
	{vg.Points(6), vg.Points(3)},
	{vg.Points(2), vg.Points(2)},
	{vg.Points(8), vg.Points(3), vg.Points(2), vg.Points(3)},
}

// Curves draws several groups of runs against a common x axis (a
// validation loss per step, for each seed of two models): a colour per
// group, a dash pattern and marker per run within it, one legend entry
// per run. It panics (message starting "plots.Curves:") when there is no
// group, a group has no run or unequal X, Y and Labels, a run's X and Y
// lengths differ, or a value is not finite.
func Curves(title, xlabel, ylabel string, groups ...CurveGroup) *Figure {
	const fn = "plots.Curves"
	if len(groups) == 0 {
		panic(fn + ": no groups given")
	}
	p := newPlot(title, xlabel, ylabel)
	p.Add(grid(true))
	runs := 0
	for g, grp := range groups {
		if len(grp.Y) == 0 {
			panic(fmt.Sprintf("%s: group %q has no runs", fn, grp.Name))
		}
		if len(grp.X) != len(grp.Y) || len(grp.Labels) != len(grp.Y) {
			panic(fmt.Sprintf("%s: group %q has %d X, %d Y and %d Labels; want one of each per run", fn, grp.Name, len(grp.X), len(grp.Y), len(grp.Labels)))
		}
		for i := range grp.Y {
			name := grp.Name + " " + grp.Labels[i]
			pts := xys(fn, name+" X", grp.X[i], name+" Y", grp.Y[i])
			l, s, err := plotter.NewLinePoints(pts)
			if err != nil {
				panic(fmt.Sprintf("%s: run %q: %v", fn, name, err))
			}
			l.Color, s.Color = colorAt(g), colorAt(g)
			l.Width = vg.Points(1.5)
			l.Dashes = runDashes[i%len(runDashes)]
			s.Shape = draw.CircleGlyph{}
			s.Radius = vg.Points(2.5)
			if len(pts) > 60 {
				s.Radius = 0 // markers would merge into a band
			}
			p.Add(l, s)
			p.Legend.Add(name, l, s)
			runs++
		}
	}
	return newFigure(p, count(len(groups), "group", "groups")+" × "+count(runs, "run", "runs"))
}
