package plots

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"os"
	"path/filepath"
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
	img := t.image()
	var buf bytes.Buffer
	// Best compression: tiles are large (a notebook stores them base64)
	// and mostly flat colour, which compresses well.
	enc := png.Encoder{CompressionLevel: png.BestCompression}
	if err := enc.Encode(&buf, img); err != nil {
		panic("plots.Tiled.PNG: " + err.Error()) // encoding to memory cannot fail
	}
	return buf.Bytes()
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
