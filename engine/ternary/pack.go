// Package ternary is Trigo's packed inference format for ternary models and
// its integer kernels (docs/design.md §10).
//
// A ternary weight matrix is stored I2_S-style: each weight t ∈ {−1, 0, +1}
// as the 2-bit code t+1 ∈ {0, 1, 2}, four to a byte, with one float32 scale
// α per tensor (the absmean scale of tensor.TernaryScale). Activations
// entering a ternary Linear are quantised per token to int8 with the absmax
// scale s of tensor.Int8Scale and the same round-half-to-even, so that
//
//	y_i = α/s · Σ_j t_ij·q_j + b_i,   Σ_j t_ij·q_j = Σ_j code_ij·q_j − Σ_j q_j
//
// is the training forward pass (tensor.Linear(Int8Quant(x),
// TernaryQuant(W), b)) computed with integer accumulation: u8 codes × s8
// activations, the +1 offset removed with the activation sum.
//
// Kernels, chosen at run time (TRIGO_TERNARY_KERNEL=ref|avx2|vnni
// overrides): AVX-512 VNNI (vpdpbusd), AVX2 (vpmaddubsw + vpmaddwd), and
// the pure-Go reference every fast kernel is tested against.
//
// Package layout: pack.go (Matrix, the bit layout), kernel.go (activation
// quantisation, the reference kernel, dispatch, the decoder's MatVec),
// model.go (a packed model and its decoder), file.go (the safetensors file).
package ternary

import (
	"fmt"

	"trigo/engine/tensor"
)

// BlockWeights is how many weights one packed block holds (32 bytes).
const BlockWeights = 128

// BlockBytes is the size of one packed block.
const BlockBytes = BlockWeights / 4

// Matrix is a packed ternary matrix [Rows, Cols].
//
// Layout: each row is Blocks() blocks of 128 weights (the last padded with
// code 1, weight 0); byte j (0 ≤ j < 32) of block b holds the codes of
// columns 128b + j, 128b + 32 + j, 128b + 64 + j, 128b + 96 + j in its bits
// 7–6, 5–4, 3–2 and 1–0. Shifting a 32-byte block right by 6, 4, 2, 0 and
// masking with 3 therefore yields the codes of 32 consecutive columns each,
// ready to multiply with 32 consecutive int8 activations. Rows follow each
// other (stride RowBytes); storage is padded to a multiple of 4 rows so the
// kernels can always work on four rows at once.
type Matrix struct {
	// Rows and Cols are the logical shape.
	Rows, Cols int
	// Scale is α: weight t·α for code t+1.
	Scale float32
	// RowBytes is the packed size of one row: Blocks()·32.
	RowBytes int
	// Data holds the packed rows, len = ⌈Rows/4⌉·4·RowBytes.
	Data []byte
}

// Blocks is the number of 128-weight blocks per row.
func (m *Matrix) Blocks() int { return m.RowBytes / BlockBytes }

// Pack quantises w [rows, cols] (row-major) as tensor.TernaryQuant does —
// α = tensor.TernaryScale(w), t = clamp(round(w/α), −1, 1) with round half
// to even, so w/α = ±0.5 maps to 0 — and packs the codes.
func Pack(w []float32, rows, cols int) *Matrix {
	if rows < 0 || cols < 0 || len(w) != rows*cols {
		panic(fmt.Sprintf("ternary.Pack: %d weights for shape [%d, %d]", len(w), rows, cols))
	}
	alpha := tensor.TernaryScale(w)
	t := make([]int8, len(w))
	for i, v := range w {
		switch r := v / alpha; {
		case r > 0.5:
			t[i] = 1
		case r < -0.5:
			t[i] = -1
		}
	}
	return PackCodes(t, rows, cols, alpha)
}

// PackCodes packs ternary values t ∈ {−1, 0, 1} [rows, cols] with scale α.
func PackCodes(t []int8, rows, cols int, alpha float32) *Matrix {
	if rows < 0 || cols < 0 || len(t) != rows*cols {
		panic(fmt.Sprintf("ternary.PackCodes: %d values for shape [%d, %d]", len(t), rows, cols))
	}
	nb := (cols + BlockWeights - 1) / BlockWeights
	m := &Matrix{Rows: rows, Cols: cols, Scale: alpha, RowBytes: nb * BlockBytes}
	m.Data = make([]byte, paddedRows(rows)*m.RowBytes)
	for i := 0; i < rows; i++ {
		row := m.Data[i*m.RowBytes : (i+1)*m.RowBytes]
		for b := 0; b < nb; b++ {
			for j := 0; j < BlockBytes; j++ {
				var v byte
				for k := 0; k < 4; k++ {
					c := byte(1) // padding: weight 0
					if col := b*BlockWeights + k*32 + j; col < cols {
						tv := t[i*cols+col]
						if tv < -1 || tv > 1 {
							panic(fmt.Sprintf("ternary.PackCodes: value %d at [%d, %d] is not in {−1, 0, 1}", tv, i, col))
						}
						c = byte(tv + 1)
					}
					v |= c << (6 - 2*k)
				}
				row[b*BlockBytes+j] = v
			}
		}
	}
	return m
}

// paddedRows rounds rows up to a multiple of 4.
func paddedRows(rows int) int { return (rows + 3) &^ 3 }

// At returns the ternary value t ∈ {−1, 0, 1} at row i, column j.
func (m *Matrix) At(i, j int) int8 {
	if i < 0 || i >= m.Rows || j < 0 || j >= m.Cols {
		panic(fmt.Sprintf("ternary.Matrix.At: [%d, %d] outside [%d, %d]", i, j, m.Rows, m.Cols))
	}
	b, r := j/BlockWeights, j%BlockWeights
	v := m.Data[i*m.RowBytes+b*BlockBytes+r%32]
	return int8(v>>(6-2*(r/32))&3) - 1
}

// Codes returns every ternary value [Rows·Cols], row-major.
func (m *Matrix) Codes() []int8 {
	t := make([]int8, m.Rows*m.Cols)
	for i := 0; i < m.Rows; i++ {
		for j := 0; j < m.Cols; j++ {
			t[i*m.Cols+j] = m.At(i, j)
		}
	}
	return t
}

// Dequant returns t·α [Rows·Cols] as float32: exactly the values
// tensor.TernaryQuant gives the weights the matrix was packed from.
func (m *Matrix) Dequant() []float32 {
	w := make([]float32, m.Rows*m.Cols)
	for i, t := range m.Codes() {
		switch t {
		case 1:
			w[i] = m.Scale
		case -1:
			w[i] = -m.Scale
		}
	}
	return w
}

// Bytes is the memory the packed data and the scale occupy.
func (m *Matrix) Bytes() int { return len(m.Data) + 4 }
