package tensor

import (
	"fmt"
	"html"
	"math"
	"strings"

	"trigo/internal/numfmt"
)

// HTML renders t for a notebook: shape, name, summary statistics and a
// preview of the values (the leading rows and columns of a matrix; for
// more dimensions, of the first matrix [0, …, 0, :, :]). text/plain stays
// String.
func (t *Tensor) HTML() string {
	var b strings.Builder
	b.WriteString(`<div style="font-family:monospace">`)
	fmt.Fprintf(&b, "<b>Tensor</b> %s float32", html.EscapeString(shapeText(t.Shape)))
	if t.Name != "" {
		fmt.Fprintf(&b, " <code>%s</code>", html.EscapeString(t.Name))
	}
	fmt.Fprintf(&b, " · %s values", numfmt.Commas(len(t.Data)))
	if t.requiresGrad {
		b.WriteString(" · requires grad")
	}
	if t.Grad != nil {
		b.WriteString(" · has grad")
	}
	if len(t.Data) > 0 {
		lo, hi, mean, std := t.Stats()
		nonFinite := 0
		for _, v := range t.Data {
			if f := float64(v); math.IsNaN(f) || math.IsInf(f, 0) {
				nonFinite++
			}
		}
		fmt.Fprintf(&b, "<br>min %.4g · max %.4g · mean %.4g · std %.4g", lo, hi, mean, std)
		if nonFinite > 0 {
			fmt.Fprintf(&b, ` · <span style="color:#c00">%d NaN/Inf</span>`, nonFinite)
		}
		b.WriteString(previewTable(t))
	}
	b.WriteString("</div>")
	return b.String()
}

// Preview limits.
const (
	previewRows = 6
	previewCols = 8
)

// previewTable is an HTML table of the first matrix of t, at most
// previewRows × previewCols with "…" where it is cut.
func previewTable(t *Tensor) string {
	rows, cols := 1, len(t.Data)
	switch d := len(t.Shape); {
	case d >= 2:
		rows, cols = t.Shape[d-2], t.Shape[d-1]
	case d == 1:
		cols = t.Shape[0]
	}
	if rows == 0 || cols == 0 {
		return ""
	}
	var b strings.Builder
	caption := ""
	if len(t.Shape) > 2 {
		idx := strings.Repeat("0, ", len(t.Shape)-2)
		caption = fmt.Sprintf(`<caption style="text-align:left">[%s:, :]</caption>`, idx)
	}
	b.WriteString(`<table style="font-family:monospace;font-size:90%;margin:4px 0">` + caption)
	showRows, showCols := min(rows, previewRows), min(cols, previewCols)
	cell := func(v float32) string { return fmt.Sprintf(`<td style="text-align:right">%.4g</td>`, v) }
	for r := 0; r < showRows; r++ {
		b.WriteString("<tr>")
		for c := 0; c < showCols; c++ {
			b.WriteString(cell(t.Data[r*cols+c]))
		}
		if showCols < cols {
			b.WriteString("<td>…</td>" + cell(t.Data[r*cols+cols-1]))
		}
		b.WriteString("</tr>")
	}
	if showRows < rows {
		b.WriteString(`<tr><td colspan="` + fmt.Sprint(showCols+2) + `">⋮</td></tr><tr>`)
		last := (rows - 1) * cols
		for c := 0; c < showCols; c++ {
			b.WriteString(cell(t.Data[last+c]))
		}
		if showCols < cols {
			b.WriteString("<td>…</td>" + cell(t.Data[last+cols-1]))
		}
		b.WriteString("</tr>")
	}
	b.WriteString("</table>")
	return b.String()
}

func shapeText(shape []int) string {
	parts := make([]string, len(shape))
	for i, s := range shape {
		parts[i] = fmt.Sprint(s)
	}
	return "[" + strings.Join(parts, ", ") + "]"
}
