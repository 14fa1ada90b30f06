package display_test

import (
	"strings"
	"testing"

	"trigo/engine/model"
	"trigo/engine/probe"
	"trigo/engine/tensor"
	"trigo/engine/train"
	"trigo/kernel/display"
	"trigo/plots"
)

type htmlTable struct{ rows [][]string }

func (h htmlTable) HTML() string {
	var b strings.Builder
	b.WriteString("<style>td{color:red}</style><table>")
	for _, r := range h.rows {
		b.WriteString("<tr>")
		for _, c := range r {
			b.WriteString("<td>" + c + "</td>")
		}
		b.WriteString("</tr>")
	}
	b.WriteString("</table><img src=\"data:image/png;base64,AAAA\"/>")
	return b.String()
}

// Every value a notebook displays has a text/plain a text-only frontend
// (jupyter console) can print: not fmt's dump of the struct.
func TestDisplayablesHaveText(t *testing.T) {
	fig := plots.Loss(plots.Series{Name: "a", Train: []float64{3, 2}}, plots.Series{Name: "b", Train: []float64{3, 1}})
	h := &train.History{Model: "lite-fp32", Steps: []int{1, 2}, Loss: []float64{3, 2}, ValSteps: []int{2}, ValLoss: []float64{2.5}, TokensPerSec: []float64{100, 100}}
	m := model.New(model.Tiny("lite", model.FP32), 1)
	tbl := &probe.AUROCTable{Title: "AUROC", Signals: []string{"s"}, Columns: []string{"all OOD"}, Cells: [][]probe.Cell{{{AUROC: 0.8, Lo: 0.7, Hi: 0.9, NNeg: 5, NPos: 5}}}}
	cases := []struct {
		name string
		v    any
		want string
	}{
		{"figure", fig, `Figure "Loss" 800×500 — 2 series`},
		{"history", h, "lite-fp32"},
		{"comparison", train.Compare(h, h), "lite-fp32"},
		{"model", m, "lite"},
		{"spec", m.Spec, "lite"},
		{"tensor", tensor.New([]float32{1, 2, 3}, 3), "3"},
		{"table", tbl, "0.8"},
		{"progress", display.NewProgressBar("train", 10), "0/10"},
		{"html only", htmlTable{[][]string{{"run", "loss"}, {"a", "1.5 &lt; 2"}}}, "run  loss\na  1.5 < 2\n[image]"},
	}
	for _, c := range cases {
		b := display.Of(c.v)
		txt, _ := b[display.MIMEText].(string)
		if !strings.Contains(txt, c.want) || strings.HasPrefix(txt, "&{") || strings.HasPrefix(txt, "{") || strings.Contains(txt, "0xc") {
			t.Errorf("%s: text/plain %q, want it to read %q", c.name, txt, c.want)
		}
	}
	// A figure shows as PNG (what survives nbconvert's HTML export, GitHub
	// and VS Code), SVG only on request.
	b := display.Of(fig)
	if _, ok := b[display.MIMEPNG].(string); !ok {
		t.Errorf("figure bundle has no PNG: %v", keys(b))
	}
	if _, ok := b[display.MIMESVG]; ok {
		t.Errorf("figure bundle carries SVG by default: %v", keys(b))
	}
	if _, ok := display.Of(fig.WithSVG())[display.MIMESVG]; !ok {
		t.Error("WithSVG: no SVG in the bundle")
	}
}

func keys(b display.Bundle) []string {
	var out []string
	for k := range b {
		out = append(out, k)
	}
	return out
}
