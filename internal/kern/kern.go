// Package kern holds the float32 slice kernels that both the autograd ops
// (engine/tensor) and the incremental decoder (engine/model) run: the
// exponential and its relatives, softmax, layer norm, GELU, the
// Walsh–Hadamard transform, rotary embeddings, top-k selection and the
// state-space step. Each is a plain function over []float32 with its
// shapes in the doc comment; a backward sits beside its forward where the
// op has one. Nothing here allocates, checks shapes beyond what indexing
// does, or runs goroutines: callers split rows over workers.
//
// One copy of each kernel means the decoder computes the very float32
// operations the training forward does, in the same order, wherever the
// two share a kernel. The one pair kept apart is layer norm: the ops sum
// with several accumulators (LayerNorm), the decoder with one
// (LayerNormSerial); they round differently in the last bits, and the
// decoder's recorded outputs (engine/model/testdata/decode_golden.json)
// are those of the serial order.
package kern
