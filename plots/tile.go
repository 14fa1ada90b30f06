package plots

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// Tiled is several figures laid out in a grid and rendered as one PNG,
// so that a family of small figures (one heatmap per regime) reads as one
// picture in a notebook instead of a long column of outputs. It renders
// as PNG only: a cell whose last value is a *Tiled shows that image.
type Tiled struct {
	// Cols is the number of figures per row.
	Cols int
	// Figures are laid out row by row; each keeps its own Width×Height.
	Figures []*Figure
}

// Tile lays figs out cols to a row (cols <= 0: all in one row). Every
// cell of a column is as wide as the column's widest figure and every
// cell of a row as tall as the row's tallest one; smaller figures sit at
// the cell's top left on white. It panics (message starting
// "plots.Tile:") when no figure is given or one is nil.
func Tile(cols int, figs ...*Figure) *Tiled {
	if len(figs) == 0 {
		panic("plots.Tile: no figures given")
	}
	for i, f := range figs {
		if f == nil {
			panic(fmt.Sprintf("plots.Tile: figure %d is nil", i))
		}
	}
	if cols <= 0 || cols > len(figs) {
		cols = len(figs)
	}
	return &Tiled{Cols: cols, Figures: figs}
}

// PNG renders every figure and returns the grid as one PNG image.
func (t *Tiled) PNG() []byte {
	var buf bytes.Buffer
	// A palette image of at most 256 colours (see quantize; docs/plots.md):
	// tiles are large and a notebook stores them base64, and an 8-bit
	// palette image is about a third of the RGB one (notebook 07's
	// heatmaps: 204 KB → 74 KB) and looks the same at notebook width.
	enc := png.Encoder{CompressionLevel: png.BestCompression}
	if err := enc.Encode(&buf, quantize(t.image())); err != nil {
		panic("plots.Tiled.PNG: " + err.Error()) // encoding to memory cannot fail
	}
	return buf.Bytes()
}

// quantize returns img as a paletted image of at most 256 colours, or img
// itself when some pixel is not opaque (figures are drawn on white, so
// that does not happen; a palette would lose the alpha).
//
// The palette is chosen greedily from the colours by frequency: first
// those at least 32 apart (RGB distance) from every colour already taken,
// then 16, 8, 4 and 0 apart, until 256 are taken. Frequent colours
// (backgrounds, cells, bars, lines) thus come in exactly, and the rest of
// the palette spreads over the remaining colours (colour-bar gradients,
// anti-aliasing) instead of piling up on near-copies of one. Each pixel
// then takes its nearest palette colour; no dithering, which would speckle
// flat fills and compress worse.
func quantize(img *image.RGBA) image.Image {
	count := map[uint32]int{}
	pix := img.Pix
	for i := 0; i < len(pix); i += 4 {
		if pix[i+3] != 0xff {
			return img
		}
		count[uint32(pix[i])<<16|uint32(pix[i+1])<<8|uint32(pix[i+2])]++
	}
	colours := make([]uint32, 0, len(count))
	for c := range count {
		colours = append(colours, c)
	}
	// Ties broken by value, so that the same figure gives the same bytes.
	sort.Slice(colours, func(i, j int) bool {
		a, b := colours[i], colours[j]
		return count[a] > count[b] || count[a] == count[b] && a < b
	})
	var pal []uint32
	index := make(map[uint32]uint8, len(colours))
	if len(colours) <= 256 {
		pal = colours
	} else {
		taken := map[uint32]bool{}
		for _, gap := range []int{32, 16, 8, 4, 0} {
			for _, c := range colours {
				if len(pal) == 256 {
					break
				}
				if taken[c] {
					continue
				}
				far := true
				for _, p := range pal {
					if dist2(c, p) < gap*gap {
						far = false
						break
					}
				}
				if far {
					pal = append(pal, c)
					taken[c] = true
				}
			}
		}
	}
	for _, c := range colours {
		best, bd := 0, math.MaxInt
		for i, p := range pal {
			if d := dist2(c, p); d < bd {
				best, bd = i, d
			}
		}
		index[c] = uint8(best)
	}
	cp := make(color.Palette, len(pal))
	for i, p := range pal {
		cp[i] = color.RGBA{uint8(p >> 16), uint8(p >> 8), uint8(p), 0xff}
	}
	out := image.NewPaletted(img.Bounds(), cp)
	for i, j := 0, 0; i < len(pix); i, j = i+4, j+1 {
		out.Pix[j] = index[uint32(pix[i])<<16|uint32(pix[i+1])<<8|uint32(pix[i+2])]
	}
	return out
}

// dist2 is the squared RGB distance of two colours packed as 0xRRGGBB.
func dist2(a, b uint32) int {
	dr := int(a>>16&0xff) - int(b>>16&0xff)
	dg := int(a>>8&0xff) - int(b>>8&0xff)
	db := int(a&0xff) - int(b&0xff)
	return dr*dr + dg*dg + db*db
}

// image renders the grid.
func (t *Tiled) image() *image.RGBA {
	cols := t.Cols
	if cols <= 0 || cols > len(t.Figures) {
		cols = len(t.Figures)
	}
	rows := (len(t.Figures) + cols - 1) / cols
	colW, rowH := make([]int, cols), make([]int, rows)
	tiles := make([]image.Image, len(t.Figures))
	for i, f := range t.Figures {
		im, err := png.Decode(bytes.NewReader(f.PNG()))
		if err != nil {
			panic(fmt.Sprintf("plots.Tiled: figure %d: %v", i, err))
		}
		tiles[i] = im
		b := im.Bounds()
		colW[i%cols] = max(colW[i%cols], b.Dx())
		rowH[i/cols] = max(rowH[i/cols], b.Dy())
	}
	var w, h int
	for _, v := range colW {
		w += v
	}
	for _, v := range rowH {
		h += v
	}
	out := image.NewRGBA(image.Rect(0, 0, w, h))
	draw.Draw(out, out.Bounds(), image.NewUniform(color.White), image.Point{}, draw.Src)
	y := 0
	for r := 0; r < rows; r++ {
		x := 0
		for c := 0; c < cols; c++ {
			i := r*cols + c
			if i < len(tiles) {
				b := tiles[i].Bounds()
				draw.Draw(out, image.Rect(x, y, x+b.Dx(), y+b.Dy()), tiles[i], b.Min, draw.Src)
			}
			x += colW[c]
		}
		y += rowH[r]
	}
	return out
}

// String describes the grid in one line (what a text-only frontend
// shows): "Tiled 7 figures, 2 per row".
func (t *Tiled) String() string {
	return fmt.Sprintf("Tiled %s, %d per row", count(len(t.Figures), "figure", "figures"), t.Cols)
}

// Save writes the grid to path as PNG (the only format of a Tiled),
// through a temporary file renamed into place.
func (t *Tiled) Save(path string) error {
	if ext := strings.ToLower(filepath.Ext(path)); ext != ".png" {
		return fmt.Errorf("plots: Tiled.Save %s: a tiled figure is saved as .png only, not %q", path, ext)
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, t.PNG(), 0o644); err != nil {
		return fmt.Errorf("plots: Tiled.Save %s: %w", path, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("plots: Tiled.Save %s: %w", path, err)
	}
	return nil
}
