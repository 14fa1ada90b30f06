package plots

import (
	"bytes"
	"image/png"
	"math"
	"os"
	"strings"
	"testing"
)

// Each position's column is split bottom-up in pathway order: with
// weights (1, 0) the data area's bottom is the first colour, with (0, 1)
// the second; the legend margin lies right of the last byte.
func TestRouterAlong(t *testing.T) {
	w := [][]float64{{1, 0}, {0, 1}, {0.5, 0.5}, {0.2, 0.8}}
	f := RouterAlong(w, ByteLabels([]byte("ab c")), []string{"local", "dense"}, "layer 0").WithSize(400, 240)
	if f.Plot.X.Max <= float64(len(w))-0.5 {
		t.Errorf("x max %v leaves no margin for the legend right of position %d", f.Plot.X.Max, len(w)-1)
	}
	img, err := png.Decode(bytes.NewReader(f.PNG()))
	if err != nil {
		t.Fatal(err)
	}
	// The leftmost pixel of each pathway's colour (0.85 opaque on white):
	// position 0 is all pathway 0, position 1 all pathway 1, so pathway 0
	// starts further left; swapped bands would put pathway 1 first.
	leftmost := func(k int) int {
		cr, cg, cb, _ := colorAt(k).RGBA()
		blend := func(v uint32) float64 { return 0.85*float64(v>>8) + 0.15*255 }
		bd := img.Bounds()
		for x := bd.Min.X; x < bd.Max.X; x++ {
			for y := bd.Min.Y; y < bd.Max.Y; y++ {
				r, g, b, _ := img.At(x, y).RGBA()
				if math.Abs(float64(r>>8)-blend(cr))+math.Abs(float64(g>>8)-blend(cg))+math.Abs(float64(b>>8)-blend(cb)) < 12 {
					return x
				}
			}
		}
		return -1
	}
	l0, l1 := leftmost(0), leftmost(1)
	if l0 < 0 || l1 < 0 || l0 >= l1 {
		t.Errorf("leftmost pixel of pathway 0 at x=%d, of pathway 1 at x=%d; want pathway 0 first (position 0 is all pathway 0)", l0, l1)
	}
	if dir := os.Getenv("PLOTS_GALLERY"); dir != "" {
		f.Save(dir + "/along.png")
	}
}

func TestRouterAlongPanics(t *testing.T) {
	for _, c := range []struct {
		want string
		f    func()
	}{
		{"plots.RouterAlong: no positions", func() { RouterAlong(nil, nil, nil, "") }},
		{"len(byteLabels)=1 but weights has 2 positions", func() { RouterAlong([][]float64{{1}, {1}}, []string{"a"}, []string{"p"}, "") }},
		{"len(pathways)=2 but weights has 1 per position", func() { RouterAlong([][]float64{{1}}, []string{"a"}, []string{"p", "q"}, "") }},
		{"weights[1][0] is -0.5", func() { RouterAlong([][]float64{{1}, {-0.5}}, []string{"a", "b"}, []string{"p"}, "") }},
		{"ragged weights", func() { RouterAlong([][]float64{{1, 0}, {1}}, []string{"a", "b"}, []string{"p", "q"}, "") }},
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
}
