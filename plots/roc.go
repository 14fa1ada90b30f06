package plots

import (
	"fmt"
	"image/color"

	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
)

// Curve is one ROC curve: false- and true-positive rates at decreasing
// thresholds, from (0,0) to (1,1), as engine/probe.ROCCurve returns them.
type Curve struct {
	// Name labels the curve in the legend ("router entropy").
	Name string
	// FPR and TPR are the curve's points; they must have equal length.
	FPR, TPR []float64
	// AUC is shown in the legend. When zero, the trapezoidal area under
	// FPR/TPR is shown instead (for a curve from ROCCurve this equals the
	// Mann–Whitney AUROC, ties counted half).
	AUC float64
	// Lo and Hi, when Hi > Lo, are a confidence interval for AUC shown in
	// the legend as "[lo, hi]".
	Lo, Hi float64
}

// ROC draws ROC curves on the unit square with the chance diagonal; the
// legend reads "NAME (AUC 0.873 [0.81, 0.92])". It panics (message
// starting "plots.ROC:") when there is no curve, a curve has fewer than
// two points, len(FPR) != len(TPR), or a rate lies outside [0, 1].
func ROC(curves ...Curve) *Figure {
	const fn = "plots.ROC"
	if len(curves) == 0 {
		panic(fn + ": no curves given")
	}
	p := newPlot("ROC", "false positive rate", "true positive rate")
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = 0, 1, 0, 1
	p.Legend.Top = false
	p.Legend.YOffs = vg.Points(6)
	p.Add(grid(true))
	diag, _ := plotter.NewLine(plotter.XYs{{X: 0, Y: 0}, {X: 1, Y: 1}})
	diag.Color = color.Gray{Y: 150}
	diag.Dashes = []vg.Length{vg.Points(4), vg.Points(4)}
	p.Add(diag)
	for i, c := range curves {
		name := c.Name
		if name == "" {
			name = fmt.Sprintf("curve %d", i+1)
		}
		if len(c.FPR) != len(c.TPR) {
			panic(fmt.Sprintf("%s: curve %q: len(FPR)=%d but len(TPR)=%d", fn, name, len(c.FPR), len(c.TPR)))
		}
		if len(c.FPR) < 2 {
			panic(fmt.Sprintf("%s: curve %q has %d points; need at least 2", fn, name, len(c.FPR)))
		}
		pts := xys(fn, name+" FPR", c.FPR, name+" TPR", c.TPR)
		for j, pt := range pts {
			if pt.X < 0 || pt.X > 1 || pt.Y < 0 || pt.Y > 1 {
				panic(fmt.Sprintf("%s: curve %q point %d = (%g, %g) lies outside [0,1]²", fn, name, j, pt.X, pt.Y))
			}
		}
		auc := c.AUC
		if auc == 0 {
			auc = Trapezoid(c.FPR, c.TPR)
		}
		label := fmt.Sprintf("%s (AUC %.3f", name, auc)
		if c.Hi > c.Lo {
			label += fmt.Sprintf(" [%.2f, %.2f]", c.Lo, c.Hi)
		}
		label += ")"
		l, err := plotter.NewLine(pts)
		if err != nil {
			panic(fmt.Sprintf("%s: curve %q: %v", fn, name, err))
		}
		l.Color = colorAt(i)
		l.Width = vg.Points(1.75)
		p.Add(l)
		p.Legend.Add(label, l)
	}
	f := newFigure(p, count(len(curves), "curve", "curves"))
	f.Height = 600 // closer to square: the unit square should look square
	return f
}

// Trapezoid returns the area under the polyline (x[i], y[i]) by the
// trapezoidal rule, in the order given. For an ROC curve whose points run
// from (0,0) to (1,1) it is the AUC. It panics when len(x) != len(y).
func Trapezoid(x, y []float64) float64 {
	if len(x) != len(y) {
		panic(fmt.Sprintf("plots.Trapezoid: len(x)=%d but len(y)=%d", len(x), len(y)))
	}
	var a float64
	for i := 1; i < len(x); i++ {
		a += (x[i] - x[i-1]) * (y[i] + y[i-1]) / 2
	}
	return a
}
