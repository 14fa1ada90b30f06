package plots

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"image/png"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// figures returns one small instance of every figure kind.
func figures() map[string]*Figure {
	tr := []float64{3, 2.5, 2.1, 1.9, 1.8}
	rows := [][]float64{{0.2, 0.3, 0.5}, {0.6, 0.3, 0.1}, {0.1, 0.1, 0.8}}
	return map[string]*Figure{
		"Loss":       Loss(Series{Name: "a", Train: tr, ValidStep: []float64{2, 4}, Valid: []float64{2.6, 2.0}}, Series{Name: "b", Step: []float64{10, 20, 30, 40, 50}, Train: tr}),
		"LossOne":    Loss(Series{Train: tr}),
		"ROC":        ROC(Curve{Name: "s", FPR: []float64{0, 0.5, 1}, TPR: []float64{0, 0.9, 1}, Lo: 0.6, Hi: 0.9}),
		"Histogram":  Histogram("h", []float64{1, 2, 2, 3, 3, 3, 4}, 4),
		"HistConst":  Histogram("h", []float64{1, 1, 1}, 0),
		"Histograms": Histograms(0, Sample{"in", []float64{1, 2, 3}}, Sample{"out", []float64{2, 3, 4, 5}}),
		"Bars":       Bars([]string{"x", "y"}, []float64{0.5, 0.7}, []float64{0.4, 0.6}, []float64{0.6, 0.8}),
		"BarsNoErr":  Bars([]string{"x", "y", "z"}, []float64{-1, 2, 3}, nil, nil),
		"Grouped":    GroupedBars([]string{"g1", "g2"}, BarSeries{Name: "s1", Values: []float64{1, 2}}, BarSeries{Name: "s2", Values: []float64{2, 1}, Lo: []float64{1.5, 0.5}, Hi: []float64{2.5, 1.5}}),
		"Heatmap":    Heatmap([][]float64{{-1, 2}, {math.NaN(), 0}}, []string{"r0", "r1"}, []string{"c0", "c1"}, "t"),
		"Router":     RouterHeatmap(rows, ByteLabels([]byte("a b")), []string{"local", "sparse", "dense"}, "layer 0"),
		"RouterLong": RouterHeatmap(longRows(300), ByteLabels(bytes.Repeat([]byte("x"), 300)), []string{"l", "s", "d"}, "long"),
		"Means":      RouterLayerMeans(rows, []string{"local", "sparse", "dense"}, "means"),
	}
}

func longRows(n int) [][]float64 {
	r := make([][]float64, n)
	for i := range r {
		r[i] = []float64{float64(i%3) / 2, 0.25, 0.25}
	}
	return r
}

func TestFiguresRenderPNG(t *testing.T) {
	for name, f := range figures() {
		t.Run(name, func(t *testing.T) {
			img, err := png.Decode(bytes.NewReader(f.PNG()))
			if err != nil {
				t.Fatalf("PNG does not decode: %v", err)
			}
			b := img.Bounds()
			if b.Dx() != f.Width || b.Dy() != f.Height {
				t.Errorf("PNG is %d×%d px, want %d×%d", b.Dx(), b.Dy(), f.Width, f.Height)
			}
		})
	}
}

func TestFiguresRenderSVG(t *testing.T) {
	for name, f := range figures() {
		t.Run(name, func(t *testing.T) {
			s := f.SVG()
			if !strings.HasPrefix(s, "<svg") {
				t.Fatalf("SVG starts with %q, want <svg", s[:min(len(s), 20)])
			}
			checkXML(t, s)
			want := fmt.Sprintf(`width="%gpt"`, float64(f.Width)*0.75)
			if !strings.Contains(s[:200], want) {
				t.Errorf("SVG header %q lacks %s", s[:100], want)
			}
		})
	}
}

func checkXML(t *testing.T, s string) {
	t.Helper()
	d := xml.NewDecoder(strings.NewReader(s))
	for {
		_, err := d.Token()
		if err == io.EOF {
			return
		}
		if err != nil {
			t.Fatalf("SVG is not well-formed XML: %v", err)
		}
	}
}

func TestWithSize(t *testing.T) {
	f := Bars([]string{"a"}, []float64{1}, nil, nil).WithSize(400, 300).WithTitle("t").WithXLabel("x").WithYLabel("y").WithYRange(0, 2)
	img, err := png.Decode(bytes.NewReader(f.PNG()))
	if err != nil {
		t.Fatal(err)
	}
	if b := img.Bounds(); b.Dx() != 400 || b.Dy() != 300 {
		t.Errorf("got %v, want 400×300", b)
	}
	f = Loss(Series{Train: []float64{3, 2, 1}}).WithLogY()
	if _, err := png.Decode(bytes.NewReader(f.PNG())); err != nil {
		t.Fatal(err)
	}
}

func TestSave(t *testing.T) {
	dir := t.TempDir()
	f := Histogram("h", []float64{1, 2, 3}, 3)
	for _, ext := range []string{"png", "svg", "pdf"} {
		path := filepath.Join(dir, "fig."+ext)
		if err := f.Save(path); err != nil {
			t.Fatalf("Save %s: %v", ext, err)
		}
		b, err := os.ReadFile(path)
		if err != nil || len(b) == 0 {
			t.Fatalf("read back %s: %v (%d bytes)", ext, err, len(b))
		}
	}
	if err := f.Save(filepath.Join(dir, "fig.bmp")); err == nil || !strings.Contains(err.Error(), "unsupported format") {
		t.Errorf("Save .bmp: got %v, want unsupported-format error", err)
	}
	if err := f.Save(filepath.Join(dir, "fig")); err == nil {
		t.Error("Save with no extension: want error")
	}
	if err := f.Save(filepath.Join(dir, "missing", "fig.png")); err == nil {
		t.Error("Save into a missing folder: want error")
	}
}

// mustPanic checks that f panics with a message starting with prefix and
// containing every one of parts.
func mustPanic(t *testing.T, prefix string, f func(), parts ...string) {
	t.Helper()
	defer func() {
		t.Helper()
		r := recover()
		if r == nil {
			t.Fatalf("no panic, want one starting %q", prefix)
		}
		msg := fmt.Sprint(r)
		if !strings.HasPrefix(msg, prefix+":") {
			t.Errorf("panic %q does not start with %q", msg, prefix+":")
		}
		for _, p := range parts {
			if !strings.Contains(msg, p) {
				t.Errorf("panic %q lacks %q", msg, p)
			}
		}
	}()
	f()
}

func TestBadInput(t *testing.T) {
	nan := math.NaN()
	cases := []struct {
		name, prefix string
		f            func()
		parts        []string
	}{
		{"loss none", "plots.Loss", func() { Loss() }, nil},
		{"loss empty", "plots.Loss", func() { Loss(Series{Name: "r"}) }, []string{`"r"`, "no Train"}},
		{"loss steps", "plots.Loss", func() { Loss(Series{Name: "r", Step: []float64{1}, Train: []float64{1, 2}}) }, []string{"len(r Step)=1", "len(r Train)=2"}},
		{"loss valid", "plots.Loss", func() { Loss(Series{Train: []float64{1}, ValidStep: []float64{1, 2}, Valid: []float64{1}}) }, []string{"ValidStep"}},
		{"loss validstep only", "plots.Loss", func() { Loss(Series{Train: []float64{1}, ValidStep: []float64{1}}) }, []string{"no Valid"}},
		{"loss nan", "plots.Loss", func() { Loss(Series{Train: []float64{1, nan}}) }, []string{"Train[1]", "NaN"}},
		{"roc none", "plots.ROC", func() { ROC() }, nil},
		{"roc len", "plots.ROC", func() { ROC(Curve{Name: "c", FPR: []float64{0, 1}, TPR: []float64{0}}) }, []string{"len(FPR)=2", "len(TPR)=1"}},
		{"roc short", "plots.ROC", func() { ROC(Curve{FPR: []float64{0}, TPR: []float64{0}}) }, []string{"at least 2"}},
		{"roc range", "plots.ROC", func() { ROC(Curve{FPR: []float64{0, 2}, TPR: []float64{0, 1}}) }, []string{"outside"}},
		{"hist empty", "plots.Histogram", func() { Histogram("h", nil, 3) }, []string{"no values"}},
		{"hist inf", "plots.Histogram", func() { Histogram("h", []float64{math.Inf(1)}, 3) }, []string{"values[0]"}},
		{"hists none", "plots.Histograms", func() { Histograms(3) }, nil},
		{"hists empty", "plots.Histograms", func() { Histograms(3, Sample{"a", []float64{1}}, Sample{"b", nil}) }, []string{`"b"`, "empty"}},
		{"bars len", "plots.Bars", func() { Bars([]string{"a", "b"}, []float64{1}, nil, nil) }, []string{"len(values)=1", "len(labels)=2"}},
		{"bars empty", "plots.Bars", func() { Bars(nil, nil, nil, nil) }, []string{"no labels"}},
		{"bars one end", "plots.Bars", func() { Bars([]string{"a"}, []float64{1}, []float64{0}, nil) }, []string{"both"}},
		{"bars err len", "plots.Bars", func() { Bars([]string{"a"}, []float64{1}, []float64{0, 0}, []float64{2, 2}) }, []string{"len(lo)=2"}},
		{"bars offsets", "plots.Bars", func() { Bars([]string{"a"}, []float64{0.8}, []float64{0.02}, []float64{0.02}) }, []string{"not offsets"}},
		{"grouped none", "plots.GroupedBars", func() { GroupedBars([]string{"a"}) }, nil},
		{"grouped len", "plots.GroupedBars", func() { GroupedBars([]string{"a"}, BarSeries{Name: "s", Values: []float64{1, 2}}) }, []string{`"s"`}},
		{"heat empty", "plots.Heatmap", func() { Heatmap(nil, nil, nil, "") }, []string{"no rows"}},
		{"heat empty row", "plots.Heatmap", func() { Heatmap([][]float64{{}}, []string{"a"}, nil, "") }, []string{"empty"}},
		{"heat ragged", "plots.Heatmap", func() { Heatmap([][]float64{{1, 2}, {1}}, []string{"a", "b"}, []string{"x", "y"}, "") }, []string{"ragged", "len(values[1])=1"}},
		{"heat rows", "plots.RouterHeatmap", func() { RouterHeatmap([][]float64{{1}}, []string{"a", "b"}, []string{"x"}, "") }, []string{"len(rowLabels)=2", "1 rows"}},
		{"heat cols", "plots.RouterLayerMeans", func() { RouterLayerMeans([][]float64{{1, 0}}, []string{"x"}, "") }, []string{"len(colLabels)=1", "2 columns"}},
		{"heat inf", "plots.Heatmap", func() { Heatmap([][]float64{{math.Inf(-1)}}, []string{"a"}, []string{"x"}, "") }, []string{"values[0][0]"}},
		{"size", "plots.Figure.WithSize", func() { Bars([]string{"a"}, []float64{1}, nil, nil).WithSize(0, 10) }, nil},
		{"yrange", "plots.Figure.WithYRange", func() { Bars([]string{"a"}, []float64{1}, nil, nil).WithYRange(1, 1) }, nil},
		{"trapezoid", "plots.Trapezoid", func() { Trapezoid([]float64{1}, nil) }, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { mustPanic(t, c.prefix, c.f, c.parts...) })
	}
}

func TestByteLabels(t *testing.T) {
	got := ByteLabels([]byte("a \n\t\r\x00\xe2~"))
	want := []string{"a", "·", `\n`, `\t`, `\r`, `\x00`, `\xe2`, "~"}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("ByteLabels = %q, want %q", got, want)
	}
}

func TestTrapezoid(t *testing.T) {
	cases := []struct {
		x, y []float64
		want float64
	}{
		{[]float64{0, 1}, []float64{0, 1}, 0.5},
		{[]float64{0, 0, 1}, []float64{0, 1, 1}, 1},
		{[]float64{0, 1, 1}, []float64{0, 0, 1}, 0},
		{[]float64{0, 0.5, 1}, []float64{0, 1, 1}, 0.75},
	}
	for _, c := range cases {
		if got := Trapezoid(c.x, c.y); math.Abs(got-c.want) > 1e-12 {
			t.Errorf("Trapezoid(%v, %v) = %g, want %g", c.x, c.y, got, c.want)
		}
	}
}

func TestNiceTicks(t *testing.T) {
	cases := []struct {
		lo, hi float64
		want   string
	}{
		{0, 1, "0.0 0.2 0.4 0.6 0.8 1.0"},
		{0, 600, "0 100 200 300 400 500 600"},
		{1.2, 6.8, "2 3 4 5 6"},
		{-3, 3, "-3 -2 -1 0 1 2 3"},
		{0, 0.25, "0.00 0.05 0.10 0.15 0.20 0.25"},
	}
	for _, c := range cases {
		var labels []string
		for _, tk := range (niceTicks{}).Ticks(c.lo, c.hi) {
			labels = append(labels, tk.Label)
		}
		if got := strings.Join(labels, " "); got != c.want {
			t.Errorf("ticks(%g, %g) = %q, want %q", c.lo, c.hi, got, c.want)
		}
	}
}
