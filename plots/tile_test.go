package plots

import (
	"bytes"
	"image/color"
	"image/png"
	"path/filepath"
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
