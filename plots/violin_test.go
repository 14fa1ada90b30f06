package plots

import (
	"bytes"
	"image/png"
	"math"
	"math/rand"
	"os"
	"strings"
	"testing"
)

func violinSamples() (groups []string, series []ViolinSeries) {
	rng := rand.New(rand.NewSource(3))
	draw := func(n int, mu, sd float64) []float64 {
		v := make([]float64, n)
		for i := range v {
			v[i] = math.Min(math.Max(mu+sd*rng.NormFloat64(), 0), 1)
		}
		return v
	}
	groups = []string{"in_domain", "gibberish", "math"}
	series = []ViolinSeries{
		{Name: "local", Values: [][]float64{draw(400, 0.2, 0.05), draw(300, 0.5, 0.2), draw(10, 0.3, 0.1)}},
		{Name: "sparse", Values: [][]float64{draw(400, 0.7, 0.1), {0.4}, nil}}, // one value; no sample
		{Name: "dense", Values: [][]float64{{0.1, 0.1, 0.1}, draw(3000, 0.1, 0.02), draw(50, 0.9, 0.05)}},
	}
	return groups, series
}

func TestViolinsRender(t *testing.T) {
	g, s := violinSamples()
	f := Violins(g, s...).WithTitle("router weight").WithXLabel("regime").WithYLabel("weight")
	img, err := png.Decode(bytes.NewReader(f.PNG()))
	if err != nil {
		t.Fatalf("PNG does not decode: %v", err)
	}
	if b := img.Bounds(); b.Dx() != DefaultWidth || b.Dy() != DefaultHeight {
		t.Errorf("PNG is %d×%d px", b.Dx(), b.Dy())
	}
	if svg := f.SVG(); !strings.Contains(svg, "gibberish") || !strings.Contains(svg, "dense") {
		t.Error("SVG lacks a group label or a legend entry")
	}
	if dir := os.Getenv("PLOTS_GALLERY"); dir != "" {
		if err := f.Save(dir + "/violins.png"); err != nil {
			t.Fatal(err)
		}
	}
}

// The legend gets head-room above the data, and the y ticks stop at the
// data, so the head-room does not read as a range of values.
func TestViolinsHeadroomAndTicks(t *testing.T) {
	g, s := violinSamples()
	f := Violins(g, s...)
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, ser := range s {
		for _, v := range ser.Values {
			for _, x := range v {
				lo, hi = math.Min(lo, x), math.Max(hi, x)
			}
		}
	}
	if f.Plot.Y.Max < hi+(hi-lo)*0.3 {
		t.Errorf("y max %v leaves no room for a 3-row legend above the data max %v", f.Plot.Y.Max, hi)
	}
	for _, tk := range f.Plot.Y.Tick.Marker.Ticks(f.Plot.Y.Min, f.Plot.Y.Max) {
		if tk.Value > hi+(hi-lo)*0.05 {
			t.Errorf("tick %v (%q) above the data max %v", tk.Value, tk.Label, hi)
		}
	}
}

// The density estimate peaks at the sample's mode, integrates to about 1
// over a sample that is not cut, and stays within the sample's range.
func TestKDE(t *testing.T) {
	rng := rand.New(rand.NewSource(5))
	v := make([]float64, 5000)
	for i := range v {
		v[i] = 0.7 + 0.05*rng.NormFloat64()
	}
	ys, d := kde(v, 201)
	lo, hi := minMax(v)
	if ys[0] != lo || ys[len(ys)-1] != hi {
		t.Errorf("grid [%v, %v], want the sample's range [%v, %v]", ys[0], ys[len(ys)-1], lo, hi)
	}
	best := 0
	var area float64
	for k := range d {
		if d[k] > d[best] {
			best = k
		}
		if k > 0 {
			area += (ys[k] - ys[k-1]) * (d[k] + d[k-1]) / 2
		}
	}
	if math.Abs(ys[best]-0.7) > 0.01 {
		t.Errorf("density peaks at %v, want ≈ 0.7", ys[best])
	}
	if math.Abs(area-1) > 0.02 {
		t.Errorf("density integrates to %v, want ≈ 1", area)
	}
	if ys, _ := kde([]float64{0.3, 0.3}, 64); len(ys) != 1 || ys[0] != 0.3 {
		t.Errorf("constant sample: grid %v, want the single value", ys)
	}
	q1, med, q3 := quartiles([]float64{4, 1, 3, 2, 5})
	if q1 != 2 || med != 3 || q3 != 4 {
		t.Errorf("quartiles of 1…5 = %v %v %v, want 2 3 4", q1, med, q3)
	}
}

func TestViolinsPanics(t *testing.T) {
	for _, c := range []struct {
		want string
		f    func()
	}{
		{"plots.Violins: no groups", func() { Violins(nil, ViolinSeries{Name: "a"}) }},
		{"plots.Violins: no series", func() { Violins([]string{"g"}) }},
		{`series 0 ("a") has 1 samples but there are 2 groups`, func() { Violins([]string{"g", "h"}, ViolinSeries{Name: "a", Values: [][]float64{{1}}}) }},
		{"every sample is empty", func() { Violins([]string{"g"}, ViolinSeries{Name: "a", Values: [][]float64{nil}}) }},
		{`series "a" group "g" values[1] is NaN`, func() { Violins([]string{"g"}, ViolinSeries{Name: "a", Values: [][]float64{{1, math.NaN()}}}) }},
	} {
		func() {
			defer func() {
				r := recover()
				if s, _ := r.(string); !strings.Contains(s, c.want) {
					t.Errorf("panic %v, want one containing %q", r, c.want)
				}
			}()
			c.f()
		}()
	}
}
