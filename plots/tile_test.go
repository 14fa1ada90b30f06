package plots

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// Three figures two to a row: the image is the two columns' widths wide
// and the two rows' heights tall, the empty cell stays white, and each
// figure lands at its cell's corner.
func TestTileLayout(t *testing.T) {
	a := Bars([]string{"x"}, []float64{1}, nil, nil).WithSize(300, 200)
	b := Bars([]string{"y"}, []float64{2}, nil, nil).WithSize(250, 260)
	c := Bars([]string{"z"}, []float64{3}, nil, nil).WithSize(320, 100)
	img, err := png.Decode(bytes.NewReader(Tile(2, a, b, c).PNG()))
	if err != nil {
		t.Fatal(err)
	}
	if bd := img.Bounds(); bd.Dx() != 320+250 || bd.Dy() != 260+100 {
		t.Fatalf("tiled image %d×%d, want %d×%d", bd.Dx(), bd.Dy(), 570, 360)
	}
	// The empty cell (row 1, column 1) is white.
	if r, g, b, _ := img.At(320+100, 260+50).RGBA(); r != 0xffff || g != 0xffff || b != 0xffff {
		t.Errorf("empty cell is %v, want white", color.RGBA64{uint16(r), uint16(g), uint16(b), 0xffff})
	}
	// Figure c's bar (blue) is in row 1, column 0: somewhere below y=260.
	blue := false
	for y := 260; y < 360 && !blue; y++ {
		for x := 0; x < 320; x++ {
			if r, _, b, _ := img.At(x, y).RGBA(); b > 0xa000 && r < 0x4000 {
				blue = true
				break
			}
		}
	}
	if !blue {
		t.Error("no bar colour in the third figure's cell")
	}
	if got := Tile(0, a, b).Cols; got != 2 {
		t.Errorf("Tile(0, 2 figures).Cols = %d, want 2 (one row)", got)
	}
}

func TestTileErrors(t *testing.T) {
	for _, c := range []struct {
		want string
		f    func()
	}{
		{"plots.Tile: no figures", func() { Tile(2) }},
		{"plots.Tile: figure 1 is nil", func() { Tile(2, Bars([]string{"x"}, []float64{1}, nil, nil), nil) }},
	} {
		func() {
			defer func() {
				if s, _ := recover().(string); !strings.Contains(s, c.want) {
					t.Errorf("panic %q, want %q", s, c.want)
				}
			}()
			c.f()
		}()
	}
	err := Tile(1, Bars([]string{"x"}, []float64{1}, nil, nil)).Save(filepath.Join(t.TempDir(), "a.svg"))
	if err == nil || !strings.Contains(err.Error(), ".png only") {
		t.Errorf("Save .svg: err %v, want one saying .png only", err)
	}
	p := filepath.Join(t.TempDir(), "a.png")
	if err := Tile(1, Bars([]string{"x"}, []float64{1}, nil, nil)).Save(p); err != nil {
		t.Errorf("Save .png: %v", err)
	}
}

// pixelDiff is the largest per-channel difference (0–255) of two colours.
func pixelDiff(a, b color.Color) int {
	ar, ag, ab, _ := a.RGBA()
	br, bg, bb, _ := b.RGBA()
	d := 0
	for _, v := range [][2]uint32{{ar, br}, {ag, bg}, {ab, bb}} {
		d = max(d, int(v[0]>>8)-int(v[1]>>8), int(v[1]>>8)-int(v[0]>>8))
	}
	return d
}

// A tiled image is stored with a palette (a third of the RGB size in a
// notebook), and the flat colours of its figures come through exactly:
// the white ground and the bars are the pixels they are in the figure's
// own (RGB) PNG, and the anti-aliased rest stays close.
func TestTilePNGPalette(t *testing.T) {
	f := Bars([]string{"x", "y"}, []float64{1, 2}, nil, nil).WithSize(300, 200)
	img, err := png.Decode(bytes.NewReader(Tile(1, f).PNG()))
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := img.(*image.Paletted); !ok {
		t.Fatalf("tiled PNG decodes as %T, want a palette image", img)
	}
	ref := decodePNG(t, f.PNG())
	bar := colorAt(0)
	var sum, n int
	for y := 0; y < 200; y++ {
		for x := 0; x < 300; x++ {
			want, got := ref.At(x, y), img.At(x, y)
			d := pixelDiff(want, got)
			sum += d
			n++
			if d != 0 && (pixelDiff(want, color.White) == 0 || pixelDiff(want, bar) == 0) {
				t.Fatalf("pixel (%d,%d) is %v in the figure but %v in the tile; flat colours must stay exact", x, y, want, got)
			}
		}
	}
	mean := float64(sum) / float64(n)
	t.Logf("mean per-pixel difference %.3f levels", mean)
	if mean > 1 {
		t.Errorf("mean per-pixel difference from the figure %.2f levels, want ≤ 1", mean)
	}
}

// A figure with more flat colours than a palette holds (a 20×20 heatmap
// of 400 distinct values, plus its colour bar) still reads: every cell
// keeps a colour within a few levels of its own.
func TestTilePNGManyColours(t *testing.T) {
	const n = 20
	values := make([][]float64, n)
	labels := make([]string, n)
	for r := range values {
		values[r] = make([]float64, n)
		labels[r] = strconv.Itoa(r)
		for c := range values[r] {
			values[r][c] = float64((r*7+c*13)%(n*n)) + float64(r*n+c)/1000
		}
	}
	f := Heatmap(values, labels, labels, "400 colours").WithSize(600, 600)
	img, err := png.Decode(bytes.NewReader(Tile(1, f).PNG()))
	if err != nil {
		t.Fatal(err)
	}
	p, ok := img.(*image.Paletted)
	if !ok {
		t.Fatalf("tiled PNG decodes as %T, want a palette image", img)
	}
	if len(p.Palette) != 256 {
		t.Errorf("palette of %d colours, want all 256 used for a figure with more", len(p.Palette))
	}
	ref := decodePNG(t, f.PNG())
	worst := 0
	for r := range n {
		for c := range n {
			worst = max(worst, pixelDiff(cellPixel(t, f, ref, n, r, c), cellPixel(t, f, img, n, r, c)))
		}
	}
	t.Logf("largest cell difference %d levels", worst)
	if worst > 6 {
		t.Errorf("a heatmap cell moved %d levels in the tile, want ≤ 6", worst)
	}
}
