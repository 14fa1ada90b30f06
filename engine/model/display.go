package model

import (
	"fmt"
	"html"
	"strings"

	"trigo/internal/numfmt"
)

// HTML renders the model for a notebook: its configuration beside a
// parameter table with one row per module (block rows: one layer, then all
// layers) and each module's share of the total. text/plain stays String.
func (m *Model) HTML() string {
	var b strings.Builder
	b.WriteString(`<div style="display:flex;gap:2em;align-items:flex-start;font-size:90%">`)
	b.WriteString(m.Spec.HTML())

	total := m.NumParams()
	b.WriteString(`<table><thead><tr><th style="text-align:left">module</th><th>per layer</th><th>params</th><th>share</th><th style="text-align:left">tensors</th></tr></thead><tbody>`)
	for _, r := range m.moduleRows() {
		per := ""
		if r.inBlock {
			per = numfmt.Commas(r.n / max(m.Spec.Layers, 1))
		}
		fmt.Fprintf(&b, `<tr><td style="text-align:left"><code>%s</code></td><td>%s</td><td>%s</td><td>%.1f%%</td><td style="text-align:left;font-family:monospace">%s</td></tr>`,
			html.EscapeString(r.name), per, numfmt.Commas(r.n), 100*float64(r.n)/float64(max(total, 1)), html.EscapeString(strings.Join(r.shapes, " ")))
	}
	fmt.Fprintf(&b, `<tr style="font-weight:bold"><td style="text-align:left">total</td><td></td><td>%s</td><td>%.2f M</td><td></td></tr>`, numfmt.Commas(total), float64(total)/1e6)
	b.WriteString("</tbody></table></div>")
	return b.String()
}

// HTML renders the configuration as a two-column table.
func (s Spec) HTML() string {
	rows := [][2]string{
		{"name", s.Name},
		{"arch", s.Arch},
		{"precision", s.Precision},
		{"d × layers", fmt.Sprintf("%d × %d", s.Dim, s.Layers)},
		{"heads", fmt.Sprintf("%d × %d", s.Heads, s.HeadDim)},
		{"ffn", fmt.Sprint(s.FFN)},
	}
	if s.Arch != Vanilla {
		rows = append(rows,
			[2]string{"pathways", strings.Join(s.Pathways, " + ")},
			[2]string{"top-k", fmt.Sprint(s.TopK)},
			[2]string{"cheap mix", s.CheapMix},
			[2]string{"conv kernels", fmt.Sprintf("local %d, wide %d (dilation %d)", s.ConvKernel, s.WideKernel, s.WideDilation)},
		)
	}
	rows = append(rows, [2]string{"vocab, context", fmt.Sprintf("%d, %d", s.Vocab, s.Context)})
	var b strings.Builder
	b.WriteString("<table>")
	for _, r := range rows {
		fmt.Fprintf(&b, `<tr><th style="text-align:left">%s</th><td style="text-align:left">%s</td></tr>`, html.EscapeString(r[0]), html.EscapeString(r[1]))
	}
	b.WriteString("</table>")
	return b.String()
}
