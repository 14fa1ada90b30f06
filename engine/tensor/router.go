package tensor

import (
	"fmt"
	"slices"
	"strings"
)

// RouterMix mixes P pathway outputs with per-token router weights:
// y[..., :] = Σₚ weights[..., p]·outs[p][..., :].
// weights [..., P], outs P tensors [..., D] (the same leading dims) → [..., D].
func RouterMix(weights *Tensor, outs []*Tensor) *Tensor {
	if len(weights.Shape) == 0 || weights.Shape[len(weights.Shape)-1] != len(outs) || len(outs) == 0 {
		panic(fmt.Sprintf("tensor.RouterMix: weights %v for %d pathway outputs (want [..., %d])", weights.Shape, len(outs), len(outs)))
	}
	lead := weights.Shape[:len(weights.Shape)-1]
	o0 := outs[0]
	for _, o := range outs {
		if len(o.Shape) != len(lead)+1 || !slices.Equal(o.Shape[:len(lead)], lead) || o.Shape[len(lead)] != o0.Shape[len(lead)] {
			shapes := make([]string, len(outs))
			for i, o := range outs {
				shapes[i] = fmt.Sprint(o.Shape)
			}
			panic(fmt.Sprintf("tensor.RouterMix: weights %v do not match pathway outputs %s (want each [%s, D])",
				weights.Shape, strings.Join(shapes, " "), strings.Trim(fmt.Sprint(lead), "[]")))
		}
	}
	n, p := rows(weights)
	d := o0.Shape[len(lead)]
	outs = append([]*Tensor(nil), outs...)
	out := Zeros(o0.Shape...)
	forRows(n, p*d, func(lo, hi int) {
		for r := lo; r < hi; r++ {
			y := out.Data[r*d : (r+1)*d]
			for k, o := range outs {
				w := weights.Data[r*p+k]
				for j, v := range o.Data[r*d : (r+1)*d] {
					y[j] += w * v
				}
			}
		}
	})
	record(out, "RouterMix", func() {
		// dout_p = w_p·dy; dw_p = ⟨dy, out_p⟩ per row. Gradients allocated
		// here, before the workers share them.
		var dw []float32
		if weights.requiresGrad {
			dw = weights.grad()
		}
		do := make([][]float32, len(outs))
		for k, o := range outs {
			if o.requiresGrad {
				do[k] = o.grad()
			}
		}
		forRows(n, p*d, func(lo, hi int) {
			for r := lo; r < hi; r++ {
				dy := out.Grad[r*d : (r+1)*d]
				for k, o := range outs {
					if dw != nil {
						dw[r*p+k] += dotF32(dy, o.Data[r*d:(r+1)*d])
					}
					if do[k] != nil {
						w, g := weights.Data[r*p+k], do[k][r*d:(r+1)*d]
						for j, v := range dy {
							g[j] += w * v
						}
					}
				}
			}
		})
	}, append([]*Tensor{weights}, outs...)...)
	return out
}
