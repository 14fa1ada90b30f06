package ternary

import (
	"fmt"
	"math"
	"os"

	"trigo/engine/model"
	"trigo/engine/tensor"
)

// Kernel is one implementation of the packed dot product: for len(out)
// rows of a Matrix (a multiple of 4; w starts at the first row, rows
// rowBytes apart) and quantised activations q, it writes
// out[r] = Σ_j code_rj·q_j over nb blocks. Permuted kernels read q in the
// pair layout of PermuteActs; the others read it in column order.
type Kernel struct {
	// Name is "ref", "avx2" or "vnni".
	Name string
	// Permuted reports whether Dot reads q in the PermuteActs layout.
	Permuted bool
	// Dot computes the rows' sums of code × activation.
	Dot func(nb int, w []byte, rowBytes int, q []int8, out []int32)
}

// RefKernel is the pure-Go reference kernel.
var RefKernel = Kernel{Name: "ref", Dot: dotRef}

// kernels lists the kernels this CPU can run, fastest first (filled in by
// the architecture's init); the reference is always last.
var kernels []Kernel

// active is the kernel Linear uses.
var active = RefKernel

func init() {
	kernels = append(archKernels(), RefKernel)
	active = kernels[0]
	if want := os.Getenv("TRIGO_TERNARY_KERNEL"); want != "" {
		for _, k := range kernels {
			if k.Name == want {
				active = k
			}
		}
	}
}

// Kernels lists the kernels usable on this CPU, fastest first, the
// reference last.
func Kernels() []Kernel { return append([]Kernel(nil), kernels...) }

// Active returns the kernel in use (the fastest usable one unless
// TRIGO_TERNARY_KERNEL names another).
func Active() Kernel { return active }

// SetKernel selects a kernel by name for subsequently built Linears and
// returns the previous one's name; an unknown or unusable name is an error.
func SetKernel(name string) (string, error) {
	prev := active.Name
	for _, k := range kernels {
		if k.Name == name {
			active = k
			return prev, nil
		}
	}
	names := make([]string, len(kernels))
	for i, k := range kernels {
		names[i] = k.Name
	}
	return prev, fmt.Errorf("ternary: kernel %q not usable here (have %v)", name, names)
}

// dotRef is the reference: the byte layout of Matrix read back in Go.
func dotRef(nb int, w []byte, rowBytes int, q []int8, out []int32) {
	for r := range out {
		row := w[r*rowBytes : r*rowBytes+nb*BlockBytes]
		var acc int32
		for b := 0; b < nb; b++ {
			blk, qb := row[b*BlockBytes:(b+1)*BlockBytes], q[b*BlockWeights:(b+1)*BlockWeights]
			for j, v := range blk {
				acc += int32(v>>6&3)*int32(qb[j]) + int32(v>>4&3)*int32(qb[32+j]) +
					int32(v>>2&3)*int32(qb[64+j]) + int32(v&3)*int32(qb[96+j])
			}
		}
		out[r] = acc
	}
}

// QuantizeActs quantises x to int8 as tensor.Int8Quant does — s =
// tensor.Int8Scale(x), q = clamp(round(x·s), −128, 127), round half to even
// — writing q[:len(x)] and zeroing the rest of q, and returns s and Σq.
func QuantizeActs(x []float32, q []int8) (s float32, sum int32) {
	if len(q) < len(x) {
		panic(fmt.Sprintf("ternary.QuantizeActs: %d activations into %d bytes", len(x), len(q)))
	}
	if quantFast != nil && !forceGoQuant {
		s, sum = quantFast(x, q)
	} else {
		s, sum = quantizeGo(x, q)
	}
	clear(q[len(x):])
	return s, sum
}

// quantFast is the assembly QuantizeActs where the CPU has one (nil
// otherwise); forceGoQuant makes tests run the Go code.
var (
	quantFast    func(x []float32, q []int8) (float32, int32)
	forceGoQuant bool
)

func quantizeGo(x []float32, q []int8) (s float32, sum int32) {
	s = tensor.Int8Scale(x)
	q = q[:len(x)]
	for j, v := range x {
		r := int8Round(v * s)
		q[j] = int8(r)
		sum += int32(r)
	}
	return s, sum
}

func abs32(v float32) float32 { return math.Float32frombits(math.Float32bits(v) &^ (1 << 31)) }

// int8Round rounds half to even and clamps to [−128, 127], as
// tensor.Int8Quant: adding 1.5·2²³ leaves a float32 no fraction bits, so
// the hardware's round-to-nearest-even does the rounding.
func int8Round(v float32) float32 {
	const round = 12582912
	r := (v + round) - round
	return min(max(r, -128), 127)
}

// PermuteActs rearranges column-ordered activations q (nb blocks of 128)
// into the layout of the 512-bit kernels: blocks go in pairs, and for each
// k = 0..3 the 32 activations k·32…k·32+31 of the pair's first block are
// followed by those of its second (zeros when nb is odd), so that one
// 64-byte load lines up with the codes of a 64-byte load of two packed
// blocks shifted by 6−2k. dst has room for ⌈nb/2⌉·256 bytes.
func PermuteActs(dst, q []int8, nb int) {
	for p := 0; p < (nb+1)/2; p++ {
		for k := 0; k < 4; k++ {
			d := dst[p*256+k*64 : p*256+k*64+64]
			copy(d[:32], q[(2*p)*BlockWeights+k*32:(2*p)*BlockWeights+k*32+32])
			if 2*p+1 < nb {
				copy(d[32:], q[(2*p+1)*BlockWeights+k*32:(2*p+1)*BlockWeights+k*32+32])
			} else {
				clear(d[32:])
			}
		}
	}
}

// Linear is a packed ternary Linear layer as the decoder runs it (it
// implements model.MatVec): y = α/s·(Σ_j code·q − Σq) + b.
type Linear struct {
	// W is the packed weight [out, in].
	W *Matrix
	// B is the float32 bias [out], or nil.
	B []float32

	kern  Kernel
	q, qp []int8
	acc   []int32
	s     float32
	sum   int32
	src   *Linear // input staged by src (ShareInput)
}

// ShareInput makes l read the quantised input src stages, when src is a
// packed Linear of the same width with the same kernel (model.InputSharer).
func (l *Linear) ShareInput(src model.MatVec) bool {
	o, ok := src.(*Linear)
	if !ok || o == l || o.W.Cols != l.W.Cols || o.kern.Name != l.kern.Name {
		return false
	}
	l.src = o
	return true
}

// NewLinear wraps a packed weight and its bias for decoding, with the
// active kernel.
func NewLinear(w *Matrix, b []float32) *Linear {
	if b != nil && len(b) != w.Rows {
		panic(fmt.Sprintf("ternary.NewLinear: bias of %d for weight [%d, %d]", len(b), w.Rows, w.Cols))
	}
	l := &Linear{W: w, B: b, kern: active, q: make([]int8, w.Blocks()*BlockWeights), acc: make([]int32, paddedRows(w.Rows))}
	if l.kern.Permuted {
		l.qp = make([]int8, (w.Blocks()+1)/2*256)
	}
	return l
}

// Shape returns the output and input widths.
func (l *Linear) Shape() (int, int) { return l.W.Rows, l.W.Cols }

// WeightBytes is the packed weight, its scale and the bias.
func (l *Linear) WeightBytes() int { return l.W.Bytes() + 4*len(l.B) }

// SetInput quantises x [in] to int8.
func (l *Linear) SetInput(x []float32) {
	if len(x) != l.W.Cols {
		panic(fmt.Sprintf("ternary.Linear: input %d for weight [%d, %d]", len(x), l.W.Rows, l.W.Cols))
	}
	l.src = nil // staging its own input ends sharing
	l.s, l.sum = QuantizeActs(x, l.q)
	if l.kern.Permuted {
		PermuteActs(l.qp, l.q, l.W.Blocks())
	}
}

// Rows writes y[i] for lo ≤ i < hi.
func (l *Linear) Rows(y []float32, lo, hi int) {
	w := l.W
	in := l
	if l.src != nil {
		in = l.src
	}
	q := in.q
	if l.kern.Permuted {
		q = in.qp
	}
	if lo >= hi {
		return
	}
	// Whole groups of four rows covering [lo, hi).
	g0, g1 := lo&^3, paddedRows(hi)
	acc := l.acc[g0:g1]
	l.kern.Dot(w.Blocks(), w.Data[g0*w.RowBytes:], w.RowBytes, q, acc)
	f, sum := w.Scale/in.s, in.sum
	acc, y = acc[lo-g0:hi-g0], y[lo:hi]
	if l.B == nil {
		for i, a := range acc {
			y[i] = float32(a-sum) * f
		}
		return
	}
	b := l.B[lo:hi]
	b, y = b[:len(acc)], y[:len(acc)]
	for i, a := range acc {
		y[i] = float32(a-sum)*f + b[i]
	}
}

// MulVec is y = W·x + b for one vector, the whole Linear at once (a
// convenience for tests and tools; the decoder stages and splits rows).
func (l *Linear) MulVec(y, x []float32) {
	l.SetInput(x)
	l.Rows(y, 0, l.W.Rows)
}

// checkDot panics unless rows (a positive multiple of 4) of nb blocks and
// qLen ≥ need activations are in range, before an assembly kernel reads
// them.
func checkDot(name string, nb int, w []byte, rowBytes, qLen, need, rows int) {
	if nb < 0 || rows <= 0 || rows%4 != 0 || rowBytes < nb*BlockBytes || len(w) < (rows-1)*rowBytes+nb*BlockBytes || qLen < need {
		panic(fmt.Sprintf("ternary: %s kernel: %d rows of %d blocks, %d weight bytes (row stride %d), %d activations (need %d)",
			name, rows, nb, len(w), rowBytes, qLen, need))
	}
}
