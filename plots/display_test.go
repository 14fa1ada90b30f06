package plots

import (
	"bytes"
	"encoding/base64"
	"image"
	"image/color"
	"image/png"
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"gonum.org/v1/plot/palette"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// cellPixel is the PNG pixel a little off the centre (clear of the printed
// value) of heatmap cell (r, c) of f.
func cellPixel(t *testing.T, f *Figure, img image.Image, nr, r, c int) color.Color {
	t.Helper()
	w, h := f.size()
	cv := vgimg.NewWith(vgimg.UseWH(w, h), vgimg.UseDPI(dpi))
	dc := draw.New(cv)
	main := draw.Crop(dc, 0, -px(f.sideWidth), 0, 0)
	da := f.Plot.DataCanvas(main)
	trX, trY := f.Plot.Transforms(&da)
	x, y := trX(float64(c)+0.3), trY(float64(nr-1-r)+0.3)
	toPx := func(l vg.Length) int { return int(math.Round(float64(l / vg.Inch * dpi))) }
	return img.At(toPx(x), img.Bounds().Dy()-toPx(y))
}

func decodePNG(t *testing.T, b []byte) image.Image {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("decoding the PNG: %v", err)
	}
	return img
}

// The largest cell of a heatmap has the colour map's darkest colour, not
// the NaN grey (gonum's reversed map rejected its own maximum).
func TestHeatmapMaxCellColour(t *testing.T) {
	values := [][]float64{{0.1, 0.9, 0.2}, {0.5, 0.3, 0.7}}
	f := Heatmap(values, []string{"a", "b"}, []string{"x", "y", "z"}, "max")
	img := decodePNG(t, f.PNG())
	want := mapColor(sequentialFor(0.1, 0.9), 0.9)
	for r, row := range values {
		for c, v := range row {
			got := cellPixel(t, f, img, len(values), r, c)
			gr, gg, gb, _ := got.RGBA()
			if gr == gg && gg == gb && gr>>8 == 190 {
				t.Errorf("cell %d,%d (%g) is drawn in the NaN grey", r, c, v)
			}
			if v == 0.9 {
				wr, wg, wb, _ := want.RGBA()
				if d := math.Abs(float64(gr>>8)-float64(wr>>8)) + math.Abs(float64(gg>>8)-float64(wg>>8)) + math.Abs(float64(gb>>8)-float64(wb>>8)); d > 12 {
					t.Errorf("the maximum cell is %v, want the map's top colour %v", got, want)
				}
			}
		}
	}
}

// sequentialFor is the sequential map Heatmap uses for values in [lo, hi].
func sequentialFor(lo, hi float64) palette.ColorMap {
	m := sequential()
	m.SetMin(lo)
	m.SetMax(hi)
	return m
}

// The colour bar of a heatmap's SVG is a raster with the bar's own aspect
// ratio: an SVG <image> keeps its raster's ratio, so a 1×256 strip was
// drawn 1–2 px wide in a browser.
func TestHeatmapSVGColourBar(t *testing.T) {
	s := Heatmap([][]float64{{0.1, 0.9, 0.2}, {0.5, 0.3, 0.7}}, []string{"a", "b"}, []string{"x", "y", "z"}, "bar").SVG()
	m := regexp.MustCompile(`<image [^>]*width="([0-9.]+)[a-z]*" height="([0-9.]+)[a-z]*"[^>]*href="data:image/[a-z]+;base64,([^"]+)"`).FindStringSubmatch(s)
	if m == nil {
		t.Fatalf("no embedded PNG <image> in the SVG: %.300s", s[strings.Index(s, "<image"):])
	}
	w, _ := strconv.ParseFloat(m[1], 64)
	h, _ := strconv.ParseFloat(m[2], 64)
	raw, err := base64.StdEncoding.DecodeString(m[3])
	if err != nil {
		t.Fatal(err)
	}
	img := decodePNG(t, raw)
	boxRatio := w / h
	imgRatio := float64(img.Bounds().Dx()) / float64(img.Bounds().Dy())
	if math.Abs(boxRatio-imgRatio)/boxRatio > 0.15 {
		t.Errorf("colour bar box %gx%g (ratio %.3f) but its raster is %v (ratio %.3f): the browser would shrink it", w, h, boxRatio, img.Bounds().Size(), imgRatio)
	}
}

// A figure shows as a PNG with a one-line text (jupyter console), and as
// SVG only on request (nbconvert's HTML export prefers SVG and shows it
// blank).
func TestFigureBundle(t *testing.T) {
	f := Loss(Series{Name: "a", Train: []float64{3, 2}}, Series{Name: "b", Train: []float64{3, 1}})
	if got, want := f.String(), `Figure "Loss" 800×500 — 2 series`; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
	b := f.MIMEBundle()
	if _, ok := b["image/png"].([]byte); !ok {
		t.Errorf("no PNG in the bundle: %v", keys(b))
	}
	if _, ok := b["image/svg+xml"]; ok {
		t.Error("the bundle carries SVG by default")
	}
	if b["text/plain"] != f.String() {
		t.Errorf("text/plain = %v", b["text/plain"])
	}
	if _, ok := f.WithSVG().MIMEBundle()["image/svg+xml"].(string); !ok {
		t.Error("WithSVG did not add the SVG")
	}
	for _, c := range []struct {
		f    *Figure
		want string
	}{
		{Heatmap([][]float64{{1, 2, 3}, {4, 5, 6}}, []string{"a", "b"}, []string{"x", "y", "z"}, ""), "Figure 800×500 — 2×3 heatmap"},
		{Bars([]string{"a", "b"}, []float64{1, 2}, nil, nil).WithTitle("AUROC"), `Figure "AUROC" 800×500 — 2 bars`},
		{ROC(Curve{Name: "r", FPR: []float64{0, 1}, TPR: []float64{0, 1}}), `Figure "ROC" 800×600 — 1 curve`},
		{Histogram("h", []float64{1, 2, 3, 4}, 2).WithSize(400, 300), `Figure "h" 400×300 — histogram of 4 values in 2 bins`},
	} {
		if got := c.f.String(); got != c.want {
			t.Errorf("String() = %q, want %q", got, c.want)
		}
	}
}

func keys(m map[string]any) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}
