package plots

import (
	"bytes"
	"image/png"
	"strings"
	"testing"
)

func TestCurves(t *testing.T) {
	x := []float64{10, 20, 30}
	f := Curves("Validation loss", "step", "nats/byte",
		CurveGroup{Name: "lite", Labels: []string{"seed 1", "seed 2"}, X: [][]float64{x, x}, Y: [][]float64{{3, 2.5, 2.2}, {3.1, 2.6, 2.3}}},
		CurveGroup{Name: "vanilla", Labels: []string{"seed 1"}, X: [][]float64{x}, Y: [][]float64{{3, 2.4, 2.1}}})
	if got := f.String(); !strings.Contains(got, "2 groups × 3 runs") {
		t.Errorf("String() = %q, want it to say 2 groups × 3 runs", got)
	}
	if f.Plot.X.Label.Text != "step" || f.Plot.Y.Label.Text != "nats/byte" {
		t.Errorf("axis labels %q, %q", f.Plot.X.Label.Text, f.Plot.Y.Label.Text)
	}
	img, err := png.Decode(bytes.NewReader(f.PNG()))
	if err != nil {
		t.Fatal(err)
	}
	if b := img.Bounds(); b.Dx() != DefaultWidth || b.Dy() != DefaultHeight {
		t.Errorf("PNG is %v, want %d×%d", b, DefaultWidth, DefaultHeight)
	}
}

func TestCurvesBadInput(t *testing.T) {
	for _, c := range []struct {
		name string
		call func()
		want string
	}{
		{"no groups", func() { Curves("", "", "") }, "no groups"},
		{"no runs", func() { Curves("", "", "", CurveGroup{Name: "a"}) }, `group "a" has no runs`},
		{"labels", func() {
			Curves("", "", "", CurveGroup{Name: "a", X: [][]float64{{1}}, Y: [][]float64{{1}}})
		}, "0 Labels"},
		{"lengths", func() {
			Curves("", "", "", CurveGroup{Name: "a", Labels: []string{"s"}, X: [][]float64{{1, 2}}, Y: [][]float64{{1}}})
		}, "len(a s X)=2"},
	} {
		func() {
			defer func() {
				r := recover()
				if r == nil || !strings.Contains(r.(string), c.want) || !strings.HasPrefix(r.(string), "plots.Curves:") {
					t.Errorf("%s: panic %v, want plots.Curves: …%s…", c.name, r, c.want)
				}
			}()
			c.call()
		}()
	}
}
