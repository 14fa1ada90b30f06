package tensor

import (
	"fmt"

	"trigo/engine/parallel"
)

// Embedding looks up rows of w: out[i, :] = w[ids[i], :].
// w [V, D], ids len = prod(shape) → [shape..., D]; no shape means [len(ids), D].
// An id outside [0, V) panics naming its position.
func Embedding(w *Tensor, ids []int, shape ...int) *Tensor {
	if len(w.Shape) != 2 {
		panic(fmt.Sprintf("tensor.Embedding: table shape %v, want [V, D]", w.Shape))
	}
	if len(shape) == 0 {
		shape = []int{len(ids)}
	}
	if numel(shape) != len(ids) {
		panic(fmt.Sprintf("tensor.Embedding: %d ids do not fill shape %v", len(ids), shape))
	}
	v, d := w.Shape[0], w.Shape[1]
	for i, id := range ids {
		if id < 0 || id >= v {
			panic(fmt.Sprintf("tensor.Embedding: ids[%d] = %d out of range [0, %d) for table %v", i, id, v, w.Shape))
		}
	}
	out := Zeros(append(append([]int(nil), shape...), d)...)
	forRows(len(ids), d, func(lo, hi int) {
		for i := lo; i < hi; i++ {
			copy(out.Data[i*d:(i+1)*d], w.Data[ids[i]*d:(ids[i]+1)*d])
		}
	})
	ids = append([]int(nil), ids...) // the caller may reuse its batch buffer
	record(out, "Embedding", func() {
		// Scatter-add: ids repeat, so split the columns, not the rows, over
		// workers; each worker owns a stripe of every table row.
		g, dy := w.grad(), out.Grad
		grain := d
		if len(ids)*d >= 1<<16 {
			grain = max(16, (d+parallel.Threads()-1)/parallel.Threads())
		}
		parallel.For(d, grain, func(c0, c1 int) {
			for i, id := range ids {
				gr, dr := g[id*d+c0:id*d+c1], dy[i*d+c0:i*d+c1]
				for j, x := range dr {
					gr[j] += x
				}
			}
		})
	}, w)
	return out
}
