package tensor

import (
	"fmt"

	"trigo/engine/blas"
	"trigo/engine/parallel"
)

// Linear returns x·Wᵀ + b, the PyTorch convention.
// x [..., in], w [out, in], b [out] or nil → [..., out].
func Linear(x, w, b *Tensor) *Tensor {
	if len(w.Shape) != 2 || len(x.Shape) == 0 || x.Shape[len(x.Shape)-1] != w.Shape[1] {
		panic(fmt.Sprintf("tensor.Linear: input %v does not match weight %v (want [..., %v] × [out, in])", x.Shape, w.Shape, w.Shape))
	}
	out, in := w.Shape[0], w.Shape[1]
	if b != nil && (len(b.Shape) != 1 || b.Shape[0] != out) {
		panic(fmt.Sprintf("tensor.Linear: bias %v does not match weight %v", b.Shape, w.Shape))
	}
	n := len(x.Data) / max(in, 1)
	if in == 0 {
		n = numel(x.Shape[:len(x.Shape)-1])
	}
	shape := append(append([]int(nil), x.Shape[:len(x.Shape)-1]...), out)
	y := Zeros(shape...)
	blas.Sgemm(false, true, n, out, in, 1, x.Data, in, w.Data, in, 0, y.Data, out)
	if b != nil {
		parallel.For(n, 256, func(lo, hi int) {
			for r := lo; r < hi; r++ {
				row := y.Data[r*out : (r+1)*out]
				for j := range row {
					row[j] += b.Data[j]
				}
			}
		})
	}
	record(y, "Linear", func() {
		dy := y.Grad
		if x.requiresGrad {
			// dx [n, in] += dy [n, out] · W [out, in]
			blas.Sgemm(false, false, n, in, out, 1, dy, out, w.Data, in, 1, x.grad(), in)
		}
		if w.requiresGrad {
			// dW [out, in] += dyᵀ [out, n] · x [n, in]
			blas.Sgemm(true, false, out, in, n, 1, dy, out, x.Data, in, 1, w.grad(), in)
		}
		if b != nil && b.requiresGrad {
			sumRows(b.grad(), dy, n, out)
		}
	}, x, w, b)
	return y
}

// sumRows adds the n rows of m [n, d] into dst [d], in parallel over columns.
func sumRows(dst, m []float32, n, d int) {
	parallel.For(d, 64, func(lo, hi int) {
		for r := 0; r < n; r++ {
			row := m[r*d : (r+1)*d]
			for j := lo; j < hi; j++ {
				dst[j] += row[j]
			}
		}
	})
}

// MatMul returns the batched product a·b.
// a [B, m, k] (or [m, k]), b [B, k, n] (or [k, n]) → [B, m, n] (or [m, n]).
func MatMul(a, b *Tensor) *Tensor {
	if len(a.Shape) != len(b.Shape) || (len(a.Shape) != 2 && len(a.Shape) != 3) {
		panic(fmt.Sprintf("tensor.MatMul: want two 2-D or two 3-D tensors, got %v and %v", a.Shape, b.Shape))
	}
	batch := 1
	if len(a.Shape) == 3 {
		batch = a.Shape[0]
	}
	m, k := a.Shape[len(a.Shape)-2], a.Shape[len(a.Shape)-1]
	k2, n := b.Shape[len(b.Shape)-2], b.Shape[len(b.Shape)-1]
	if k != k2 || (len(a.Shape) == 3 && b.Shape[0] != batch) {
		panic(fmt.Sprintf("tensor.MatMul: shapes %v and %v do not multiply", a.Shape, b.Shape))
	}
	shape := []int{m, n}
	if len(a.Shape) == 3 {
		shape = []int{batch, m, n}
	}
	y := Zeros(shape...)
	each := func(f func(i int)) {
		if batch == 1 {
			f(0)
			return
		}
		parallel.For(batch, 1, func(lo, hi int) {
			for i := lo; i < hi; i++ {
				f(i)
			}
		})
	}
	gemm := blas.Sgemm
	if batch > 1 {
		gemm = blas.SgemmSerial
	}
	each(func(i int) {
		gemm(false, false, m, n, k, 1, a.Data[i*m*k:], k, b.Data[i*k*n:], n, 0, y.Data[i*m*n:], n)
	})
	record(y, "MatMul", func() {
		// Allocate gradients before the workers share them.
		var ga, gb []float32
		if a.requiresGrad {
			ga = a.grad()
		}
		if b.requiresGrad {
			gb = b.grad()
		}
		each(func(i int) {
			dy := y.Grad[i*m*n:]
			if ga != nil {
				gemm(false, true, m, k, n, 1, dy, n, b.Data[i*k*n:], n, 1, ga[i*m*k:], k)
			}
			if gb != nil {
				gemm(true, false, k, n, m, 1, a.Data[i*m*k:], k, dy, n, 1, gb[i*k*n:], n)
			}
		})
	}, a, b)
	return y
}
