package plots

import (
	"math"
	"math/rand"
	"os"
	"testing"
)

func TestWriteGallery(t *testing.T) {
	dir := os.Getenv("PLOTS_GALLERY")
	if dir == "" {
		t.Skip("set PLOTS_GALLERY=DIR to write every figure kind there for a look")
	}
	rng := rand.New(rand.NewSource(1))
	mk := func(n int, a float64) ([]float64, []float64, []float64) {
		tr := make([]float64, n)
		vs := []float64{}
		vv := []float64{}
		for i := range tr {
			tr[i] = 5.5*math.Exp(-float64(i)/(a*60)) + 1.2 + 0.1*rng.NormFloat64()
			if i%50 == 49 {
				vs = append(vs, float64(i+1))
				vv = append(vv, 5.5*math.Exp(-float64(i)/(a*60))+1.35)
			}
		}
		return tr, vs, vv
	}
	tr1, vs1, vv1 := mk(600, 1)
	tr2, vs2, vv2 := mk(600, 1.5)
	Loss(Series{Name: "lite-fp32", Train: tr1, ValidStep: vs1, Valid: vv1}, Series{Name: "vanilla-fp32", Train: tr2, ValidStep: vs2, Valid: vv2}).Save(dir + "/loss.png")
	ROC(Curve{Name: "router entropy", FPR: []float64{0, 0.1, 0.3, 0.5, 1}, TPR: []float64{0, 0.5, 0.8, 0.9, 1}, Lo: 0.7, Hi: 0.9},
		Curve{Name: "max softmax", FPR: []float64{0, 0.2, 1}, TPR: []float64{0, 0.6, 1}}).Save(dir + "/roc.png")
	v := make([]float64, 500)
	w := make([]float64, 200)
	for i := range v {
		v[i] = rng.NormFloat64()
	}
	for i := range w {
		w[i] = rng.NormFloat64()*0.7 + 1.5
	}
	Histogram("token entropy", v, 0).Save(dir + "/hist.png")
	Histograms(0, Sample{"in_domain", v}, Sample{"gibberish", w}).Save(dir + "/hists.png")
	Bars([]string{"gibberish", "factual", "code", "foreign", "math", "technical"}, []float64{0.9, 0.6, 0.8, 0.95, 0.7, 0.65},
		[]float64{0.85, 0.5, 0.7, 0.9, 0.6, 0.55}, []float64{0.95, 0.7, 0.88, 0.99, 0.8, 0.75}).WithTitle("AUROC by regime").Save(dir + "/bars.png")
	GroupedBars([]string{"gibberish", "factual", "code", "foreign", "math", "technical"},
		BarSeries{Name: "max_softmax_mean", Values: []float64{0.9, 0.6, 0.8, 0.95, 0.7, 0.65}},
		BarSeries{Name: "router_entropy_mean", Values: []float64{0.8, 0.55, 0.7, 0.9, 0.6, 0.6}},
		BarSeries{Name: "abstain_p", Values: []float64{0.7, 0.95, 0.6, 0.8, 0.7, 0.9}}).Save(dir + "/gbars.png")
	txt := []byte("Once upon a time, a little fox found a red ball.\nThe end")
	rows := make([][]float64, len(txt))
	for i := range rows {
		a, b := rng.Float64(), rng.Float64()
		s := a + b + 0.5
		rows[i] = []float64{a / s, b / s, 0.5 / s}
	}
	RouterHeatmap(rows, ByteLabels(txt), []string{"local", "sparse", "dense"}, "layer 3 router").Save(dir + "/router.png")
	RouterHeatmap(rows, ByteLabels(txt), []string{"local", "sparse", "dense"}, "layer 3 router").Save(dir + "/router.svg")
	means := make([][]float64, 8)
	for i := range means {
		means[i] = rows[i]
	}
	RouterLayerMeans(means, []string{"local", "sparse", "dense"}, "mean router weight").Save(dir + "/means.png")
	Heatmap([][]float64{{-1, 0.5}, {0.2, 2}}, []string{"a", "b"}, []string{"x", "y"}, "diverging").Save(dir + "/div.png")
}
