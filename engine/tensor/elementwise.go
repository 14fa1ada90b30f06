package tensor

import (
	"fmt"
	"slices"
)

// broadcastRows checks that b's shape equals the trailing dimensions of a's
// shape (b may equal a) and returns how many times b repeats inside a.
func broadcastRows(op string, a, b *Tensor) int {
	if len(b.Shape) > len(a.Shape) || !slices.Equal(a.Shape[len(a.Shape)-len(b.Shape):], b.Shape) {
		panic(fmt.Sprintf("tensor.%s: shape %v does not broadcast to %v (trailing dimensions must match)", op, b.Shape, a.Shape))
	}
	if len(b.Data) == 0 {
		return 0
	}
	return len(a.Data) / len(b.Data)
}

// Add returns a + b. b has a's shape or a's trailing dimensions (a bias).
func Add(a, b *Tensor) *Tensor {
	reps := broadcastRows("Add", a, b)
	out := Zeros(a.Shape...)
	n := len(b.Data)
	for r := 0; r < reps; r++ {
		o, x := out.Data[r*n:(r+1)*n], a.Data[r*n:(r+1)*n]
		for i := range o {
			o[i] = x[i] + b.Data[i]
		}
	}
	record(out, "Add", func() {
		if a.requiresGrad {
			addTo(a.grad(), out.Grad)
		}
		if b.requiresGrad {
			g := b.grad()
			for r := 0; r < reps; r++ {
				addTo(g, out.Grad[r*n:(r+1)*n])
			}
		}
	}, a, b)
	return out
}

// Sub returns a - b for tensors of the same shape.
func Sub(a, b *Tensor) *Tensor {
	if !slices.Equal(a.Shape, b.Shape) {
		panic(fmt.Sprintf("tensor.Sub: shapes %v and %v differ", a.Shape, b.Shape))
	}
	out := Zeros(a.Shape...)
	for i := range out.Data {
		out.Data[i] = a.Data[i] - b.Data[i]
	}
	record(out, "Sub", func() {
		if a.requiresGrad {
			addTo(a.grad(), out.Grad)
		}
		if b.requiresGrad {
			g := b.grad()
			for i, d := range out.Grad {
				g[i] -= d
			}
		}
	}, a, b)
	return out
}

// Mul returns the elementwise product a ⊙ b; b has a's shape or a's
// trailing dimensions (a per-channel gain).
func Mul(a, b *Tensor) *Tensor {
	reps := broadcastRows("Mul", a, b)
	out := Zeros(a.Shape...)
	n := len(b.Data)
	for r := 0; r < reps; r++ {
		o, x := out.Data[r*n:(r+1)*n], a.Data[r*n:(r+1)*n]
		for i := range o {
			o[i] = x[i] * b.Data[i]
		}
	}
	record(out, "Mul", func() {
		for r := 0; r < reps; r++ {
			d := out.Grad[r*n : (r+1)*n]
			if a.requiresGrad {
				ga := a.grad()[r*n : (r+1)*n]
				for i := range d {
					ga[i] += d[i] * b.Data[i]
				}
			}
			if b.requiresGrad {
				gb, x := b.grad(), a.Data[r*n:(r+1)*n]
				for i := range d {
					gb[i] += d[i] * x[i]
				}
			}
		}
	}, a, b)
	return out
}

// Scale returns s·a.
func Scale(a *Tensor, s float32) *Tensor {
	out := Zeros(a.Shape...)
	for i, v := range a.Data {
		out.Data[i] = s * v
	}
	record(out, "Scale", func() {
		g := a.grad()
		for i, d := range out.Grad {
			g[i] += s * d
		}
	}, a)
	return out
}

// Sum returns the sum of all elements as a scalar.
func Sum(a *Tensor) *Tensor {
	var s float64
	for _, v := range a.Data {
		s += float64(v)
	}
	out := Scalar(float32(s))
	record(out, "Sum", func() {
		g, d := a.grad(), out.Grad[0]
		for i := range g {
			g[i] += d
		}
	}, a)
	return out
}

// Mean returns the mean of all elements as a scalar.
func Mean(a *Tensor) *Tensor {
	if len(a.Data) == 0 {
		panic(fmt.Sprintf("tensor.Mean: empty tensor of shape %v", a.Shape))
	}
	return Scale(Sum(a), 1/float32(len(a.Data)))
}

// Reshape returns a tensor with a's data and a new shape of the same size.
// One dimension may be -1 and is inferred.
func Reshape(a *Tensor, shape ...int) *Tensor {
	shape = append([]int(nil), shape...)
	infer, known := -1, 1
	for i, s := range shape {
		if s == -1 {
			if infer >= 0 {
				panic(fmt.Sprintf("tensor.Reshape: more than one -1 in %v", shape))
			}
			infer = i
			continue
		}
		known *= s
	}
	if infer >= 0 && known > 0 {
		shape[infer] = len(a.Data) / known
	}
	if numel(shape) != len(a.Data) {
		panic(fmt.Sprintf("tensor.Reshape: cannot view shape %v (%d elements) as %v", a.Shape, len(a.Data), shape))
	}
	out := &Tensor{Shape: shape, Data: a.Data}
	record(out, "Reshape", func() { addTo(a.grad(), out.Grad) }, a)
	return out
}

// addTo adds src into dst elementwise.
func addTo(dst, src []float32) {
	for i, v := range src {
		dst[i] += v
	}
}
