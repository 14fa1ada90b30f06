// Package tensor is Trigo's float32 tensor with reverse-mode autograd.
//
// A Tensor is a shape and a contiguous row-major []float32. Ops (one file per
// op family, forward above backward) return new tensors and, when gradients
// are enabled and an input requires them, record how to push the output's
// gradient back to the inputs. Backward(loss) walks that record in reverse.
//
// Shapes are spelled in each op's doc comment, e.g. x [N, D]. Shape errors
// panic with a message naming the op and the shapes; callers that want an
// error value recover it (see Catch).
package tensor

import (
	"fmt"
	"math"
	"math/rand"
	"strings"
)

// Tensor is a dense float32 array with optional gradient.
type Tensor struct {
	// Shape lists the size of each dimension, outermost first.
	Shape []int
	// Data holds the values, row-major, len(Data) == product of Shape.
	Data []float32
	// Grad holds d(loss)/d(Data) after Backward; nil until first needed.
	Grad []float32
	// Name identifies parameters ("blocks.0.attn.wq"); empty for activations.
	Name string

	requiresGrad bool
	node         *node
}

// node records how an op's output sends its gradient back to its inputs.
type node struct {
	op       string
	inputs   []*Tensor
	backward func()
}

// New returns a tensor of the given shape holding data (not copied).
// A nil data allocates zeros.
func New(data []float32, shape ...int) *Tensor {
	n := numel(shape)
	if data == nil {
		data = make([]float32, n)
	}
	if len(data) != n {
		panic(fmt.Sprintf("tensor.New: %d values do not fill shape %v (%d)", len(data), shape, n))
	}
	return &Tensor{Shape: append([]int(nil), shape...), Data: data}
}

// Zeros returns a zero tensor of the given shape.
func Zeros(shape ...int) *Tensor { return New(nil, shape...) }

// Full returns a tensor of the given shape filled with v.
func Full(v float32, shape ...int) *Tensor {
	t := Zeros(shape...)
	for i := range t.Data {
		t.Data[i] = v
	}
	return t
}

// Scalar returns a 0-dimensional tensor holding v.
func Scalar(v float32) *Tensor { return New([]float32{v}) }

// Randn returns a tensor of normal samples with the given standard deviation.
func Randn(rng *rand.Rand, std float32, shape ...int) *Tensor {
	t := Zeros(shape...)
	for i := range t.Data {
		t.Data[i] = float32(rng.NormFloat64()) * std
	}
	return t
}

// Param marks t as a trainable parameter with the given name and returns it.
func Param(name string, t *Tensor) *Tensor {
	t.Name = name
	t.requiresGrad = true
	return t
}

// SetRequiresGrad turns gradient tracking for t on or off and returns t.
func (t *Tensor) SetRequiresGrad(on bool) *Tensor { t.requiresGrad = on; return t }

// RequiresGrad reports whether gradients flow into t.
func (t *Tensor) RequiresGrad() bool { return t.requiresGrad }

// Numel is the number of elements.
func (t *Tensor) Numel() int { return len(t.Data) }

// Dim is the number of dimensions.
func (t *Tensor) Dim() int { return len(t.Shape) }

// Size returns the size of dimension i; negative i counts from the end.
func (t *Tensor) Size(i int) int {
	if i < 0 {
		i += len(t.Shape)
	}
	if i < 0 || i >= len(t.Shape) {
		panic(fmt.Sprintf("tensor.Size: dimension %d out of range for shape %v", i, t.Shape))
	}
	return t.Shape[i]
}

// Item returns the single value of a one-element tensor.
func (t *Tensor) Item() float32 {
	if len(t.Data) != 1 {
		panic(fmt.Sprintf("tensor.Item: shape %v has %d elements, want 1", t.Shape, len(t.Data)))
	}
	return t.Data[0]
}

// Clone returns a copy of t's shape and data, detached from the graph.
func (t *Tensor) Clone() *Tensor {
	return New(append([]float32(nil), t.Data...), t.Shape...)
}

// Detach returns a tensor sharing t's data with no gradient history.
func (t *Tensor) Detach() *Tensor {
	return &Tensor{Shape: t.Shape, Data: t.Data}
}

// ZeroGrad clears t's gradient.
func (t *Tensor) ZeroGrad() {
	for i := range t.Grad {
		t.Grad[i] = 0
	}
}

// grad returns t's gradient buffer, allocating zeros on first use.
func (t *Tensor) grad() []float32 {
	if t.Grad == nil {
		t.Grad = make([]float32, len(t.Data))
	}
	return t.Grad
}

// Stats summarises the values: min, max, mean, standard deviation.
func (t *Tensor) Stats() (lo, hi, mean, std float64) {
	if len(t.Data) == 0 {
		return 0, 0, 0, 0
	}
	lo, hi = math.Inf(1), math.Inf(-1)
	var s, s2 float64
	for _, v := range t.Data {
		x := float64(v)
		lo, hi = math.Min(lo, x), math.Max(hi, x)
		s += x
		s2 += x * x
	}
	n := float64(len(t.Data))
	mean = s / n
	return lo, hi, mean, math.Sqrt(math.Max(s2/n-mean*mean, 0))
}

// String shows the shape, summary statistics and the first few values.
func (t *Tensor) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "Tensor%v", t.Shape)
	if t.Name != "" {
		fmt.Fprintf(&b, " %q", t.Name)
	}
	if len(t.Data) > 0 {
		lo, hi, mean, std := t.Stats()
		fmt.Fprintf(&b, " min=%.4g max=%.4g mean=%.4g std=%.4g", lo, hi, mean, std)
	}
	b.WriteString(" [")
	for i, v := range t.Data {
		if i == 8 {
			b.WriteString(" …")
			break
		}
		if i > 0 {
			b.WriteByte(' ')
		}
		fmt.Fprintf(&b, "%.4g", v)
	}
	b.WriteString("]")
	return b.String()
}

func numel(shape []int) int {
	n := 1
	for _, s := range shape {
		if s < 0 {
			panic(fmt.Sprintf("tensor: negative dimension in shape %v", shape))
		}
		n *= s
	}
	return n
}

// rows splits t as [rows, last] and returns both.
func rows(t *Tensor) (int, int) {
	if len(t.Shape) == 0 {
		return 1, 1
	}
	last := t.Shape[len(t.Shape)-1]
	if last == 0 {
		return 0, 0
	}
	return len(t.Data) / last, last
}

// Catch runs f and turns a panic raised by a tensor op into an error.
func Catch(f func()) (err error) {
	defer func() {
		if r := recover(); r != nil {
			if e, ok := r.(error); ok {
				err = e
				return
			}
			err = fmt.Errorf("%v", r)
		}
	}()
	f()
	return nil
}
