package plots

import (
	"fmt"
	"math"

	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
)

// Sample is a named set of values for Histograms.
type Sample struct {
	// Name labels the sample in the legend ("in_domain").
	Name string
	// Values are the observations; they must be finite.
	Values []float64
}

// Histogram draws the distribution of values in bins equal-width bins
// (bins <= 0 picks √n, between 5 and 50); the y axis counts values per
// bin. It panics (message starting "plots.Histogram:") when values is
// empty or holds a NaN or ±Inf.
func Histogram(name string, values []float64, bins int) *Figure {
	const fn = "plots.Histogram"
	if len(values) == 0 {
		panic(fn + ": no values given")
	}
	checkFinite(fn, "values", values)
	lo, hi := minMax(values)
	bins = pickBins(bins, len(values))
	edges := binEdges(lo, hi, bins)
	p := newPlot(name, "value", "count")
	p.Add(grid(false))
	h := histPlotter(edges, values, 1, 0)
	p.Add(h)
	p.Y.Min, p.Y.Max = 0, p.Y.Max*1.05
	return newFigure(p, fmt.Sprintf("histogram of %s in %d bins", count(len(values), "value", "values"), bins))
}

// Histograms overlays the distributions of several samples on common
// bins (bins <= 0 picks √n of the largest sample, between 5 and 50).
// Bars are translucent so overlaps stay visible, and each sample's counts
// are divided by its size, so samples of different sizes compare (the y
// axis is the fraction of the sample per bin). It panics (message
// starting "plots.Histograms:") when there is no sample, a sample is
// empty, or a value is not finite.
func Histograms(bins int, samples ...Sample) *Figure {
	const fn = "plots.Histograms"
	if len(samples) == 0 {
		panic(fn + ": no samples given")
	}
	lo, hi := math.Inf(1), math.Inf(-1)
	most := 0
	for i, s := range samples {
		if len(s.Values) == 0 {
			panic(fmt.Sprintf("%s: sample %d (%q) is empty", fn, i, s.Name))
		}
		checkFinite(fn, s.Name, s.Values)
		l, h := minMax(s.Values)
		lo, hi = math.Min(lo, l), math.Max(hi, h)
		most = max(most, len(s.Values))
	}
	edges := binEdges(lo, hi, pickBins(bins, most))
	p := newPlot("", "value", "fraction of sample")
	p.Add(grid(false))
	for i, s := range samples {
		h := histPlotter(edges, s.Values, 1/float64(len(s.Values)), i)
		if len(samples) > 1 {
			h.FillColor = withAlpha(colorAt(i), 0.45)
		}
		p.Add(h)
		name := s.Name
		if name == "" {
			name = fmt.Sprintf("sample %d", i+1)
		}
		p.Legend.Add(fmt.Sprintf("%s (n=%d)", name, len(s.Values)), h)
	}
	// Head-room for the legend.
	p.Y.Min, p.Y.Max = 0, p.Y.Max*(1.08+0.06*float64(len(samples)))
	return newFigure(p, count(len(samples), "sample", "samples")+" in "+count(len(edges)-1, "bin", "bins"))
}

// histPlotter counts values into the bins given by edges, each value
// weighing w, and returns a gonum histogram in colour i.
func histPlotter(edges, values []float64, w float64, i int) *plotter.Histogram {
	n := len(edges) - 1
	bins := make([]plotter.HistogramBin, n)
	for b := range bins {
		bins[b].Min, bins[b].Max = edges[b], edges[b+1]
	}
	width := edges[1] - edges[0]
	for _, v := range values {
		b := int((v - edges[0]) / width)
		b = min(max(b, 0), n-1) // the maximum lands in the last bin
		bins[b].Weight += w
	}
	h := &plotter.Histogram{Bins: bins, Width: width, FillColor: colorAt(i)}
	h.LineStyle.Color = withAlpha(colorAt(i), 1)
	h.LineStyle.Width = vg.Points(0.75)
	return h
}

// pickBins returns bins, or √n clamped to [5, 50] when bins <= 0.
func pickBins(bins, n int) int {
	if bins > 0 {
		return bins
	}
	return min(max(int(math.Ceil(math.Sqrt(float64(n)))), 5), 50)
}

// binEdges returns n+1 equal-width edges spanning [lo, hi]; a zero-width
// range is widened to ±0.5 around the value.
func binEdges(lo, hi float64, n int) []float64 {
	if hi <= lo {
		lo, hi = lo-0.5, hi+0.5
	}
	e := make([]float64, n+1)
	for i := range e {
		e[i] = lo + (hi-lo)*float64(i)/float64(n)
	}
	return e
}

// minMax returns the least and greatest of v (which must not be empty).
func minMax(v []float64) (lo, hi float64) {
	lo, hi = v[0], v[0]
	for _, x := range v[1:] {
		lo, hi = math.Min(lo, x), math.Max(hi, x)
	}
	return lo, hi
}
